package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

type cENI struct {
	id      string
	kind    vpc.InterfaceKind
	subnet  int32
	vpc     int32
	private []netip.Addr // IPv4, primary first
	ipv6    []netip.Addr
	public  netip.Addr
	sgs     []int32
	eips    []vpc.ElasticIP // Elastic IPs of secondary private addresses
	sdcheck bool            // source/dest check enabled
	nat     int32           // NAT gateway this interface belongs to, or -1
	hop     bool            // some route targets it (see markHops)
}

// maxSGsPerInterface is the default quota of security groups per network
// interface (adjustable to 16 in AWS, but not here yet).
const maxSGsPerInterface = 5

func (v *validator) checkENI(r vres, _ int, e *vpc.NetworkInterface) {
	si, subnetOK := r.ref("subnet", resNameSubnet, e.Subnet, true)
	vpcID := v.subnetVPC(e.Subnet)
	if !e.Kind.Valid() {
		r.errf("kind", ErrInvalidValue, "%q is not a known interface kind", e.Kind)
	}
	block, ok := v.subnetPrefix(e.Subnet, 4)
	for i, a := range e.PrivateIPs {
		r.subnetAddr(fmt.Sprintf("privateIps[%d]", i), a, 4, block, ok, vpcID)
	}
	block, ok = v.subnetPrefix(e.Subnet, 6)
	if len(e.IPv6Addrs) > 0 && subnetOK && v.n.Subnets[si].IPv6CIDR == (netip.Prefix{}) {
		r.errf("ipv6Addrs", ErrInvalidValue, "subnet %q has no ipv6 cidr", e.Subnet)
	}
	for i, a := range e.IPv6Addrs {
		r.subnetAddr(fmt.Sprintf("ipv6Addrs[%d]", i), a, 6, block, ok, vpcID)
	}
	if e.PublicIP.IsValid() {
		// Even a Lambda interface, which never gets an automatic public
		// address, may carry an Elastic IP associated by hand.
		r.publicAddr("publicIp", e.PublicIP)
	}
	seenEIP := map[netip.Addr]int{}
	for i, x := range e.ElasticIPs {
		field := fmt.Sprintf("elasticIps[%d]", i)
		switch j, dup := seenEIP[x.PrivateIP]; {
		case len(e.PrivateIPs) < 2 || !slices.Contains(e.PrivateIPs[1:], x.PrivateIP):
			r.errf(field+".privateIp", ErrInvalidValue, "%s is not a declared secondary private address of %s (PublicIP maps the primary)", x.PrivateIP, r.id)
		case dup:
			r.errf(field+".privateIp", ErrConflict, "%s already has an elastic ip at elasticIps[%d]", x.PrivateIP, j)
		default:
			seenEIP[x.PrivateIP] = i
		}
		r.publicAddr(field+".publicIp", x.PublicIP)
	}
	if len(e.SecurityGroups) > maxSGsPerInterface {
		r.errf("securityGroups", ErrInvalidValue, "%d security groups: at most %d per network interface (the default quota)",
			len(e.SecurityGroups), maxSGsPerInterface)
	}
	seen := make(map[string]int, len(e.SecurityGroups))
	for i, g := range e.SecurityGroups {
		field := fmt.Sprintf("securityGroups[%d]", i)
		if j, dup := seen[g]; dup && g != "" {
			r.errf(field, ErrInvalidValue, "%q is already listed at securityGroups[%d]", g, j)
			continue
		}
		seen[g] = i
		if j, ok := r.ref(field, resNameSG, g, true); ok {
			r.sameVPC(field, fmt.Sprintf("security group %q", g), v.n.SecurityGroups[j].VPC, vpcID)
		}
	}
}

// interfaces compiles network interfaces and the interfaces of NAT
// gateways, assigning addresses to those that declare none.
func (c *compiler) interfaces(subnets []vpc.Subnet) {
	n, m := c.n, c.m
	type pending struct {
		e   *vpc.NetworkInterface
		nat *vpc.NATGateway
	}
	all := make([]pending, 0, len(n.NetworkInterfaces)+len(n.NATGateways))
	for i := range n.NetworkInterfaces {
		all = append(all, pending{e: &n.NetworkInterfaces[i]})
	}
	for i := range n.NATGateways {
		g := &n.NATGateways[i]
		e := &vpc.NetworkInterface{ID: g.ID + "/eni", Subnet: g.Subnet, Kind: vpc.KindNATGateway, Owner: g.ID, PublicIP: g.ElasticIP}
		if g.PrivateIP.IsValid() {
			e.PrivateIPs = []netip.Addr{g.PrivateIP}
		}
		all = append(all, pending{e: e, nat: g})
	}
	slices.SortFunc(all, func(a, b pending) int { return cmp.Compare(a.e.ID, b.e.ID) })
	m.enis = make([]cENI, 0, len(all))
	// Addresses taken by declarations, per subnet.
	taken := make(map[netip.Addr]bool, len(all))
	for _, p := range all {
		for _, a := range p.e.PrivateIPs {
			taken[a] = true
		}
	}
	next := make([]netip.Addr, len(m.subnets)) // next candidate per subnet
	publicNext := netip.MustParseAddr("54.0.0.1")
	publicTaken := map[netip.Addr]bool{}
	for _, p := range all {
		if p.e.PublicIP.IsValid() {
			publicTaken[p.e.PublicIP] = true
		}
	}
	for i, p := range all {
		si := c.idx(p.e.Subnet, resSubnet)
		s := &m.subnets[si]
		e := cENI{id: p.e.ID, kind: p.e.Kind, subnet: si, vpc: s.vpc, private: slices.Clone(p.e.PrivateIPs),
			ipv6: slices.Clone(p.e.IPv6Addrs), public: p.e.PublicIP, sdcheck: !p.e.SourceDestCheckDisabled, nat: -1}
		if e.kind == "" {
			e.kind = vpc.KindEC2
		}
		if len(e.private) == 0 {
			a := next[si]
			if !a.IsValid() {
				a = s.cidr.Addr().Next().Next().Next().Next() // skip network, router, DNS, reserved
			}
			for taken[a] || vpc.IsReserved(s.cidr, a) {
				a = a.Next()
			}
			taken[a] = true
			next[si] = a.Next()
			e.private = []netip.Addr{a}
		}
		if !e.public.IsValid() && p.nat == nil && p.e.WantsPublicIP(subnets[si].MapPublicIPOnLaunch) {
			for publicTaken[publicNext] {
				publicNext = publicNext.Next()
			}
			e.public = publicNext
			publicTaken[publicNext] = true
		}
		for _, g := range p.e.SecurityGroups {
			e.sgs = append(e.sgs, c.idx(g, resSG))
		}
		if p.nat != nil {
			e.sgs = nil // NAT gateways have no security groups
			e.sdcheck = false
			e.nat = int32(len(m.nats))
			m.nats = append(m.nats, cNAT{id: p.nat.ID, eni: int32(i), private: p.nat.IsPrivate()})
			c.add(p.nat.ID, resNAT, len(m.nats)-1)
		} else if len(e.sgs) == 0 {
			e.sgs = []int32{m.vpcs[s.vpc].defSG}
		}
		slices.Sort(e.sgs)
		e.sgs = slices.Compact(e.sgs)
		e.eips = slices.Clone(p.e.ElasticIPs)
		m.enis = append(m.enis, e)
		c.add(e.id, resENI, i)
		for _, a := range e.private {
			s.addrs = append(s.addrs, addrENI{a, int32(i)})
		}
		for _, a := range e.ipv6 {
			s.addrs = append(s.addrs, addrENI{a, int32(i)})
		}
		if e.public.IsValid() {
			m.byPublic[e.public] = int32(i)
		}
		for _, x := range e.eips {
			m.byPublic[x.PublicIP] = int32(i)
		}
	}
	for i := range m.subnets {
		slices.SortFunc(m.subnets[i].addrs, func(a, b addrENI) int { return a.addr.Compare(b.addr) })
	}
}

// send is the interface forwarding function for a packet leaving interface
// e: its security groups' egress rules, then its subnet.
func (w *walker) send(e int32, p pkt) {
	m := w.m
	E := &m.enis[e]
	if w.loop(KindInterface, E.id) {
		return
	}
	if !w.reply && m.isDNS(E.vpc, p.dst) {
		w.dns(E.vpc, p)
		return
	}
	if !w.sgCheck(e, true, p) {
		return
	}
	w.leave(E.subnet, p, e)
}

// receive is the interface forwarding function for a packet arriving at
// interface e: NAT gateways translate; other interfaces apply their
// security groups' ingress rules, then take the packet if it is addressed
// to them, or forward it when their source/destination check is off.
func (w *walker) receive(e int32, p pkt) {
	m := w.m
	E := &m.enis[e]
	addressed := E.has(p.dst)
	if E.nat >= 0 {
		w.nat(E.nat, p, addressed)
		return
	}
	if !w.sgCheck(e, false, p) {
		return
	}
	if addressed {
		if w.goal.eni == e {
			w.hop(KindInterface, E.id, StepDeliver, nil, p)
			w.ok, w.atENI, w.atSubnet, w.final = true, e, -1, p
			return
		}
		w.fail(UnknownDestination, KindInterface, E.id, StepDeliver, func() string {
			return fmt.Sprintf("arrived at %s, not at the destination", E.id)
		})
		return
	}
	if E.sdcheck {
		w.fail(SourceDestCheck, KindInterface, E.id, StepForward, func() string {
			return fmt.Sprintf("%s is not addressed to %s and its source/destination check is on", p.dst, E.id)
		})
		return
	}
	w.hop(KindInterface, E.id, StepForward, func() string { return "source/destination check disabled" }, p)
	// Security group references do not survive a middlebox: past it the
	// source no longer counts as a member of its groups.
	p.srcVPC = -1
	w.send(e, p)
}

// publicOf returns the public address the internet gateway maps private
// address a of the interface to, or the zero Addr.
func (e *cENI) publicOf(a netip.Addr) netip.Addr {
	if a == e.private[0] {
		return e.public
	}
	for _, x := range e.eips {
		if x.PrivateIP == a {
			return x.PublicIP
		}
	}
	return netip.Addr{}
}

// privateOf returns the private address public address a of the interface
// maps to.
func (e *cENI) privateOf(a netip.Addr) netip.Addr {
	for _, x := range e.eips {
		if x.PublicIP == a {
			return x.PrivateIP
		}
	}
	return e.private[0]
}

// primary reports whether a is the interface's primary IPv4 or IPv6
// address.
func (e *cENI) primary(a netip.Addr) bool {
	return a == e.private[0] || len(e.ipv6) > 0 && a == e.ipv6[0]
}

func (e *cENI) has(a netip.Addr) bool {
	return slices.Contains(e.private, a) || slices.Contains(e.ipv6, a)
}
