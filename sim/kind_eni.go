package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the network interface: its checks, its
// compiled form (for declared interfaces and those components own, such
// as a NAT gateway's), and its forwarding functions, for packets it sends
// and packets it receives.

// eniIdx indexes Model.enis. severalENIs says that several VPCs hold a
// private address (see Model.privateOwner).
type eniIdx int32

const (
	noENI       eniIdx = -1
	severalENIs eniIdx = -2
)

func (eniIdx) kind() kind { return kindENI }

// cENI is a compiled network interface.
type cENI struct {
	id       string
	ifKind   vpc.InterfaceKind // what the interface belongs to (EC2 when not declared)
	owner    string            // the declared owner (a NAT gateway's ID for its interface)
	subnet   subnetIdx
	vpc      vpcIdx
	private  []netip.Addr // IPv4, primary first
	ipv6     []netip.Addr
	public   netip.Addr
	sgs      []sgIdx
	eips     []vpc.ElasticIP // Elastic IPs of secondary private addresses
	sdcheck  bool            // source/dest check enabled
	stateful bool            // an appliance that tracks the flows it forwards
	nat      natIdx          // NAT gateway this interface belongs to, or noNAT
	lb       lbIdx           // load balancer whose node this interface is, or noLB
	vpce     vpceIdx         // interface endpoint this interface belongs to, or noVPCE
	hop      bool            // some route targets it: the access analyses keep it in a group of its own
}

// maxSGsPerInterface is the default quota of security groups per network
// interface (adjustable to 16 in AWS, but not here yet).
const maxSGsPerInterface = 5

func (v *validator) checkENI(r vres, _ int, e *vpc.NetworkInterface) {
	si, subnetOK := r.ref("subnet", kindSubnet, e.Subnet, true)
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
	if e.Stateful && !e.SourceDestCheckDisabled {
		r.errf("stateful", ErrInvalidValue, "only an appliance tracks the flows it forwards: set sourceDestCheckDisabled too")
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
		if j, ok := r.ref(field, kindSG, g, true); ok {
			r.sameVPC(field, fmt.Sprintf("security group %q", g), v.n.SecurityGroups[j].VPC, vpcID)
		}
	}
}

// pendingENI is an interface to compile: a declared one, or one that a
// component owns, whose adopt then fits the compiled interface to its
// owner (and registers the owner) before it is added.
type pendingENI struct {
	decl  *vpc.NetworkInterface
	adopt func(c *compiler, e *cENI, i eniIdx)
	// addrs is how many IPv4 addresses to assign when the declaration
	// names none (0 means one): a resource gateway's interface holds
	// several.
	addrs int
}

// compileInterfaces compiles the declared network interfaces and those
// other kinds' components own (NAT gateways), in ID order, assigning
// addresses to those that declare none: the next free private address of
// the subnet, and for declared interfaces that want one, a public address.
func compileInterfaces(c *compiler) {
	n, m := c.n, c.m
	all := make([]pendingENI, 0, len(n.NetworkInterfaces)+len(n.NATGateways))
	for i := range n.NetworkInterfaces {
		all = append(all, pendingENI{decl: &n.NetworkInterfaces[i]})
	}
	for k := range kinds {
		if owned := kinds[k].interfaces; owned != nil {
			all = append(all, owned(c)...)
		}
	}
	slices.SortFunc(all, func(a, b pendingENI) int { return cmp.Compare(a.decl.ID, b.decl.ID) })
	c.fail.pin(all) // a failure's survivors keep their addresses
	m.enis = make([]cENI, 0, len(all))
	// Addresses taken by declarations: anywhere (assigned addresses avoid
	// them, so that an address names one interface where it can), and per
	// subnet (VPCs may overlap: when only addresses another VPC declares
	// are left in a subnet, the assignment takes them rather than leave
	// the subnet).
	type subnetAddr struct {
		s subnetIdx
		a netip.Addr
	}
	taken := make(map[netip.Addr]bool, len(all))
	local := make(map[subnetAddr]bool, len(all))
	for _, p := range all {
		si := indexOf[subnetIdx](c, p.decl.Subnet)
		for _, a := range p.decl.PrivateIPs {
			taken[a] = true
			local[subnetAddr{si, a}] = true
		}
	}
	next := make([]netip.Addr, len(m.subnets)) // next candidate per subnet
	publicNext := netip.MustParseAddr("54.0.0.1")
	publicTaken := map[netip.Addr]bool{}
	for _, p := range all {
		if p.decl.PublicIP.IsValid() {
			publicTaken[p.decl.PublicIP] = true
		}
		for _, x := range p.decl.ElasticIPs {
			publicTaken[x.PublicIP] = true
		}
	}
	for i, p := range all {
		si := indexOf[subnetIdx](c, p.decl.Subnet)
		s := &m.subnets[si]
		e := cENI{id: p.decl.ID, ifKind: p.decl.Kind, owner: p.decl.Owner, subnet: si, vpc: s.vpc, private: slices.Clone(p.decl.PrivateIPs),
			ipv6: slices.Clone(p.decl.IPv6Addrs), public: p.decl.PublicIP, sdcheck: !p.decl.SourceDestCheckDisabled, stateful: p.decl.Stateful, nat: noNAT, lb: noLB, vpce: noVPCE}
		if e.ifKind == "" {
			e.ifKind = vpc.KindEC2
		}
		for k := 0; len(e.private) == 0 || len(p.decl.PrivateIPs) == 0 && k < p.addrs; k++ {
			first := s.cidr.Masked().Addr().Next().Next().Next().Next() // skip network, router, DNS, reserved
			a := next[si]
			if !a.IsValid() {
				a = first
			}
			for s.cidr.Contains(a) && (taken[a] || vpc.IsReserved(s.cidr, a)) {
				a = a.Next()
			}
			if !s.cidr.Contains(a) {
				// Past the subnet's end: the first address no interface of
				// this subnet holds (validation made sure there is one).
				for a = first; s.cidr.Contains(a) && (local[subnetAddr{si, a}] || vpc.IsReserved(s.cidr, a)); a = a.Next() {
				}
			}
			taken[a] = true
			local[subnetAddr{si, a}] = true
			next[si] = a.Next()
			e.private = append(e.private, a)
		}
		if !e.public.IsValid() && p.decl.WantsPublicIP(s.mapPublicIP) {
			for publicTaken[publicNext] {
				publicNext = publicNext.Next()
			}
			e.public = publicNext
			publicTaken[publicNext] = true
		}
		for _, g := range p.decl.SecurityGroups {
			e.sgs = append(e.sgs, indexOf[sgIdx](c, g))
		}
		m.enis = append(m.enis, e)
		E := &m.enis[i] // in place: e passed to adopt would escape
		if p.adopt != nil {
			p.adopt(c, E, eniIdx(i))
		} else if len(E.sgs) == 0 {
			E.sgs = []sgIdx{m.vpcs[s.vpc].defSG}
		}
		slices.Sort(E.sgs)
		E.sgs = slices.Compact(E.sgs)
		E.eips = slices.Clone(p.decl.ElasticIPs)
		add(c, E.id, eniIdx(i))
		for _, a := range E.private {
			s.addrs = append(s.addrs, addrENI{a, eniIdx(i)})
		}
		for _, a := range E.ipv6 {
			s.addrs = append(s.addrs, addrENI{a, eniIdx(i)})
		}
		if E.public.IsValid() {
			m.byPublic[E.public] = eniIdx(i)
		}
		for _, x := range E.eips {
			m.byPublic[x.PublicIP] = eniIdx(i)
		}
	}
	hostPublic := subnetHostPublic.Addr()
	for i := range m.subnets {
		S := &m.subnets[i]
		slices.SortFunc(S.addrs, func(a, b addrENI) int { return a.addr.Compare(b.addr) })
		// The subnet host: the first usable addresses no interface holds
		// (the reserved base+3, which no interface can hold, when the
		// subnet is full), and a placeholder public address.
		S.host = S.freeHost(S.cidr)
		if S.ipv6.IsValid() {
			S.host6 = S.freeHost(S.ipv6)
		}
		hostPublic = hostPublic.Next()
		S.hostPublic = hostPublic
		m.hostByPublic[hostPublic] = subnetIdx(i)
	}
}

// send is the interface forwarding function for a packet leaving interface
// e: its security groups' egress rules, then its subnet.
func (w *walker) send(e eniIdx, p pkt) {
	m := w.m
	E := &m.enis[e]
	if w.loop(kindENI, E.id) {
		return
	}
	if !w.reply && m.isAmazonService(E.vpc, p.dst) {
		w.amazonService(E.vpc, p)
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
func (w *walker) receive(e eniIdx, p pkt) {
	m := w.m
	E := &m.enis[e]
	addressed := E.has(p.dst) || e == w.returnTo
	if E.nat != noNAT {
		w.nat(E.nat, p, addressed)
		return
	}
	if !addressed && E.vpce != noVPCE && m.isGWLBE(e) {
		w.gwlbEndpoint(e, p) // kind_gwlb.go
		return
	}
	if !w.sgCheck(e, false, p) {
		return
	}
	if addressed {
		if w.goal.eni == e && E.vpce != noVPCE && !w.reply {
			w.endpointArrive(e, p)
			return
		}
		if w.goal.eni == e {
			w.hop(kindENI, E.id, StepDeliver, nil, p)
			w.ok, w.atENI, w.atSubnet, w.final = true, e, noSubnet, p
			return
		}
		w.fail(UnknownDestination, kindENI, E.id, StepDeliver, func() string {
			return fmt.Sprintf("arrived at %s, not at the destination", E.id)
		})
		return
	}
	if E.sdcheck {
		w.fail(SourceDestCheck, kindENI, E.id, StepForward, func() string {
			return fmt.Sprintf("%s is not addressed to %s and its source/destination check is on", p.dst, E.id)
		})
		return
	}
	if !w.statefulForward(e) {
		return
	}
	w.hop(kindENI, E.id, StepForward, func() string { return "source/destination check disabled" }, p)
	// Security group references do not survive a middlebox: past it the
	// source no longer counts as a member of its groups.
	p.srcVPC = noVPC
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

// eniDemand claims the addresses of the declared interfaces.
func eniDemand(n *Network, claim func(string, ...netip.Addr)) {
	for i := range n.NetworkInterfaces {
		e := &n.NetworkInterfaces[i]
		claim(e.Subnet, e.PrivateIPs...)
	}
}

// checkENITarget checks that a route's interface is in the route table's
// VPC.
func checkENITarget(v *validator, r vres, field string, j int, tid, vpcID string) {
	r.targetInVPC(field, kindENI, tid, v.subnetVPC(v.n.NetworkInterfaces[j].Subnet), vpcID)
}

// eniNodes adds a graph node for each interface, a NAT gateway's standing
// for the gateway.
func eniNodes(g *graphBuilder) {
	m := g.m
	for i, e := range m.enis {
		if e.nat != noNAT {
			g.alias(refOf(eniIdx(i)), g.add(refOf(e.nat), m.nats[e.nat].id))
		} else {
			g.add(refOf(eniIdx(i)), e.id)
		}
	}
}

// eniEdges joins each interface to its subnet, both ways.
func eniEdges(g *graphBuilder) {
	for i, e := range g.m.enis {
		n, sn := g.node(refOf(eniIdx(i))), g.node(refOf(e.subnet))
		g.edge(n, sn)
		g.edge(sn, n)
	}
}

// eniLabel describes interface e: its primary private address and its
// public one.
func eniLabel(m *Model, e int32) []string {
	E := &m.enis[e]
	addrs := E.private[0].String()
	if E.public.IsValid() {
		addrs += " / " + E.public.String()
	}
	return []string{E.id, addrs}
}

// eniPlace puts an interface in its subnet's cluster.
func eniPlace(m *Model, e int32) (vpcIdx, subnetIdx) { return noVPC, m.enis[e].subnet }
