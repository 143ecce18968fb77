package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the subnet: its checks, its compiled form and
// its forwarding functions, for packets leaving through its route table
// and network ACL and for packets entering it.

// subnetIdx indexes Model.subnets.
type subnetIdx int32

const noSubnet subnetIdx = -1

func (subnetIdx) kind() kind { return kindSubnet }

// cSubnet is a compiled subnet.
type cSubnet struct {
	id          string
	vpc         vpcIdx
	az          string // Availability Zone name
	azID        string // AZ ID, "" when not declared
	cidr        netip.Prefix
	ipv6        netip.Prefix
	mapPublicIP bool // MapPublicIPOnLaunch
	rtb         rtbIdx
	acl         aclIdx
	addrs       []addrENI // private addresses (IPv4 and IPv6), sorted
	// host, host6 and hostPublic are the addresses of the subnet host
	// (see SubnetHost): the first usable IPv4 and IPv6 addresses no
	// interface holds, and the public IPv4 address an Elastic IP would
	// give it.
	host, host6, hostPublic netip.Addr
	// hop is set when the subnet holds a route target or a transit
	// gateway attachment: traffic meets it differently from its
	// neighbours, so the access analyses never group it with others.
	hop bool
}

// subnetHostPublic is where subnet hosts' public IPv4 addresses come from:
// a subnet host stands for any host of its subnet, which would reach the
// internet through whatever Elastic IP it had, so its public address is a
// placeholder from the reserved 240.0.0.0/4, which no declared or internet
// address can be (240.0.0.1 for the first subnet in ID order, and so on).
var subnetHostPublic = netip.MustParsePrefix("240.0.0.0/4")

// freeHost returns the first usable address of p (the subnet's IPv4 or
// IPv6 CIDR) that no interface holds, or the reserved base+3 address when
// every usable address is held.
func (s *cSubnet) freeHost(p netip.Prefix) netip.Addr {
	base := p.Masked().Addr()
	a := base.Next().Next().Next().Next()
	for ; p.Contains(a) && !vpc.IsReserved(p, a); a = a.Next() {
		if s.eniAt(a) == noENI {
			return a
		}
	}
	return base.Next().Next().Next()
}

// addrENI is an address of a subnet and the interface holding it.
type addrENI struct {
	addr netip.Addr
	eni  eniIdx
}

func (v *validator) checkSubnet(r vres, i int, s *vpc.Subnet) {
	vp := r.vpcRef("vpc", s.VPC, true)
	v.checkZone(r, s, vp)
	if r.prefix("cidr", s.CIDR, ipv4BlockRule) {
		if vp != nil && v.insideVPC(r, s, vp) {
			v.siblings(r, "cidr", s.VPC, false, s.CIDR)
		}
		if c := vpc.UsableAddresses(s.CIDR); v.demand[i] > c {
			r.errf("cidr", ErrCapacity, "%d addresses needed, /%d has %d usable", v.demand[i], s.CIDR.Bits(), c)
		}
	}
	if r.prefix("ipv6Cidr", s.IPv6CIDR, ipv6BlockRule) && vp != nil {
		switch {
		case vp.IPv6CIDR == netip.Prefix{}:
			r.errf("ipv6Cidr", ErrInvalidValue, "vpc %q has no ipv6 cidr", s.VPC)
		case !covers(vp.IPv6CIDR, s.IPv6CIDR):
			r.errf("ipv6Cidr", ErrInvalidValue, "%s is not inside the ipv6 cidr %s of vpc %q", s.IPv6CIDR, vp.IPv6CIDR, s.VPC)
		default:
			v.siblings(r, "ipv6Cidr", s.VPC, true, s.IPv6CIDR)
		}
	}
}

// checkZone checks the subnet's zone name and AZ ID: a zone of a known
// Region, the Region of its VPC (declared, or else that of the VPC's first
// subnet), and an AZ ID of the same Region and kind of zone that no other
// subnet contradicts (see checkZoneID).
func (v *validator) checkZone(r vres, s *vpc.Subnet, vp *vpc.VPC) {
	az, id := s.AvailabilityZone, s.AvailabilityZoneID
	region, ok := vpc.RegionOfZone(az)
	switch {
	case az == "":
		r.errf("availabilityZone", ErrInvalidValue, "required: want an Availability Zone name, e.g. us-east-1a")
	case !ok:
		r.errf("availabilityZone", ErrInvalidValue, "%q is not an Availability Zone name: want a Region code followed by a zone letter, "+
			"e.g. us-east-1a (or a Local Zone or Wavelength Zone name), of a Region vpc.Regions lists", az)
	case vp != nil:
		want := v.regions[s.VPC]
		_, known := vpc.LookupRegion(want.region)
		switch {
		case want.region == region || !known: // an unknown Region is reported on the VPC
		case want.subnet == "":
			r.errf("availabilityZone", ErrInvalidValue, "%q is in %s, but vpc %q is in %s", az, region, s.VPC, want.region)
		default:
			r.errf("availabilityZone", ErrInvalidValue, "%q is in %s, but subnet %q of vpc %q is in %s (%s): "+
				"the subnets of a VPC are all in its Region", az, region, want.subnet, s.VPC, want.zone, want.region)
		}
	}
	if id == "" {
		return
	}
	idRegion, idOK := vpc.RegionOfZoneID(id)
	switch {
	case !idOK:
		r.errf("availabilityZoneId", ErrInvalidValue, "%q is not an AZ ID: want the AZ ID prefix of a Region vpc.Regions lists, "+
			"-az and a number, e.g. use1-az1 (or a Local Zone or Wavelength Zone ID)", id)
	case !ok: // the name is reported above
	case idRegion != region:
		r.errf("availabilityZoneId", ErrInvalidValue, "%q is in %s, but availabilityZone %q is in %s", id, idRegion, az, region)
	case !vpc.ZoneIDMatches(az, id):
		r.errf("availabilityZoneId", ErrInvalidValue, "%q cannot be the AZ ID of %q: an Availability Zone's ID ends in -az and a number "+
			"(use1-az1), a Local Zone's names its location (use1-bos1-az1 for us-east-1-bos-1a), "+
			"a Wavelength Zone's is its name without the last dash (use1-wl1-bos-wlz1 for us-east-1-wl1-bos-wlz-1)", id, az)
	case vp != nil:
		v.checkZoneID(r, s, vp.Account, region)
	}
}

// zoneKey is a zone name, or with id set an AZ ID, within the scope where
// names and AZ IDs map one to one: an account (the VPCs that declare no
// account count as one), or every account in a Region whose zone names
// are the same zones in every account.
type zoneKey struct {
	account     string
	allAccounts bool
	id          bool
	name        string
}

// zoneClaim is what a zoneKey maps to (an AZ ID, or a zone name) and the
// subnet that declared it.
type zoneClaim struct{ other, subnet string }

// checkZoneID reports a subnet whose zone name and AZ ID contradict an
// earlier subnet's, then records them: an account maps a zone name to one
// AZ ID and back, and in the Regions whose zone names are the same zones
// in every account (not vpc.Region.IndependentZoneNames) so do all
// accounts together.
func (v *validator) checkZoneID(r vres, s *vpc.Subnet, account, region string) {
	scope := zoneKey{account: account}
	var where string
	switch reg, _ := vpc.LookupRegion(region); {
	case !reg.IndependentZoneNames:
		scope = zoneKey{allAccounts: true}
		where = fmt.Sprintf(": %s maps zone names to the same AZ IDs in every account", region)
	case account == "":
		where = ", of a vpc that declares no account either: one account maps a zone name to one AZ ID and back"
	default:
		where = fmt.Sprintf(" of the same account (%s): one account maps a zone name to one AZ ID and back", account)
	}
	byName, byID := scope, scope
	byName.name = s.AvailabilityZone
	byID.id, byID.name = true, s.AvailabilityZoneID
	if c, ok := v.zoneIDs[byName]; ok && c.other != s.AvailabilityZoneID {
		r.errf("availabilityZoneId", ErrConflict, "%s is %s in subnet %q%s", s.AvailabilityZone, c.other, c.subnet, where)
		return
	}
	if c, ok := v.zoneIDs[byID]; ok && c.other != s.AvailabilityZone {
		r.errf("availabilityZoneId", ErrConflict, "%s is %s in subnet %q%s", s.AvailabilityZoneID, c.other, c.subnet, where)
		return
	}
	v.zoneIDs[byName] = zoneClaim{s.AvailabilityZoneID, r.id}
	v.zoneIDs[byID] = zoneClaim{s.AvailabilityZone, r.id}
}

// insideVPC reports whether the subnet's IPv4 CIDR lies inside one of its
// VPC's CIDRs, reporting it when it does not. A VPC with no usable CIDR is
// reported on the VPC instead.
func (v *validator) insideVPC(r vres, s *vpc.Subnet, vp *vpc.VPC) bool {
	var valid []string
	for _, c := range vp.CIDRs {
		if covers(c, s.CIDR) {
			return true
		}
		if c.IsValid() {
			valid = append(valid, c.String())
		}
	}
	if len(valid) > 0 {
		r.errf("cidr", ErrInvalidValue, "%s is not inside a cidr of vpc %q (%s)", s.CIDR, s.VPC, strings.Join(valid, ", "))
	}
	return false
}

// siblings reports the earlier subnets of the VPC whose CIDR of the same
// family overlaps p, then records p.
func (v *validator) siblings(r vres, field, vpcID string, v6 bool, p netip.Prefix) {
	key := blockKey{vpcID, v6}
	for _, b := range v.blocks[key] {
		if b.p.Overlaps(p) {
			r.errf(field, ErrOverlap, "%s overlaps subnet %q (%s)", p, b.id, b.p)
		}
	}
	v.blocks[key] = append(v.blocks[key], subnetBlock{r.id, p})
}

// compileSubnets compiles the subnets, each with the default network ACL
// of its VPC unless an ACL declares it, and records the Availability
// Zones. Route tables are associated by their own step.
func compileSubnets(c *compiler) {
	m := c.m
	for i, s := range sortedBy(c.n.Subnets, func(s vpc.Subnet) string { return s.ID }) {
		v := indexOf[vpcIdx](c, s.VPC)
		m.subnets = append(m.subnets, cSubnet{id: s.ID, vpc: v, az: s.AvailabilityZone, azID: s.AvailabilityZoneID, cidr: s.CIDR, ipv6: s.IPv6CIDR,
			mapPublicIP: s.MapPublicIPOnLaunch, rtb: noRTB, acl: m.vpcs[v].defACL})
		add(c, s.ID, subnetIdx(i))
		m.vpcs[v].subnets = append(m.vpcs[v].subnets, subnetIdx(i))
	}
	for _, s := range m.subnets {
		m.azs = append(m.azs, s.az)
	}
	slices.Sort(m.azs)
	m.azs = slices.Compact(m.azs)
	for vi := range m.vpcs {
		slices.SortFunc(m.vpcs[vi].subnets, func(a, b subnetIdx) int {
			return m.subnets[a].cidr.Addr().Compare(m.subnets[b].cidr.Addr())
		})
	}
	// Declared network ACLs are the first of m.acls, in ID order.
	for i, a := range sortedBy(c.n.NetworkACLs, func(a vpc.NetworkACL) string { return a.ID }) {
		for _, s := range a.Subnets {
			m.subnets[indexOf[subnetIdx](c, s)].acl = aclIdx(i)
		}
	}
}

// sameZone reports whether subnets a and b are in the same zone: by AZ ID
// when both declare one, else by name. Within one account zone names and
// AZ IDs map one to one (validation checks it), and in most Regions a name
// is the same zone in every account, so comparing names is exact there.
// In the oldest Regions (vpc.Region.IndependentZoneNames) AWS maps names
// to zones at random for each account: across accounts, where the subnets
// do not both declare an AZ ID, vpcsim assumes that equal names are the
// same zone, which AWS does not promise.
func (m *Model) sameZone(a, b subnetIdx) bool {
	A, B := &m.subnets[a], &m.subnets[b]
	if A.azID != "" && B.azID != "" {
		return A.azID == B.azID
	}
	return A.az == B.az
}

// originate starts a walk from the host of subnet s (subnet-level
// queries): no security groups, then the subnet's routing.
func (w *walker) originate(s subnetIdx, p pkt) {
	if v := w.m.subnets[s].vpc; w.m.isAmazonService(v, p.dst) {
		w.amazonService(v, p)
		return
	}
	w.leave(s, p, noENI)
}

// leave is the subnet forwarding function for a packet leaving through
// subnet s's router: same-subnet delivery, else the route table, the
// network ACL outbound (when the next hop is outside the subnet), and the
// route's target.
func (w *walker) leave(s subnetIdx, p pkt, from eniIdx) {
	m := w.m
	S := &m.subnets[s]
	if w.returnTo != noENI {
		w.toLoadBalancer(s, p)
		return
	}
	if isLatticeAddr(p.dst) {
		// VPC Lattice's addresses are link-local: no route table, the
		// network ACL outbound, then Lattice.
		if w.aclCheck(s, false, p) {
			w.lattice(s, p)
		}
		return
	}
	if S.contains(p.dst) {
		if w.goal.subnet == s && w.goal.addr == p.dst {
			w.hop(kindSubnet, S.id, StepSwitch, func() string { return "same subnet: no route table or network ACL" }, p)
			w.arriveSubnet(s, p)
			return
		}
		t := S.eniAt(p.dst)
		if t == noENI || t == from {
			w.fail(UnknownDestination, kindSubnet, S.id, StepSwitch, func() string {
				return fmt.Sprintf("no interface in %s has address %s", S.id, p.dst)
			})
			return
		}
		w.hop(kindSubnet, S.id, StepSwitch, func() string { return "same subnet: no route table or network ACL" }, p)
		w.receive(t, p)
		return
	}
	// Look the route up first only to know whether the next hop is in
	// this subnet (a NAT gateway, appliance or transit gateway attachment
	// here); otherwise the network ACL outbound applies before the route,
	// as AWS evaluates them.
	T := &m.rtbs[S.rtb]
	w.touch(refOf(S.rtb))
	ri := -1
	if !reservedDst(p.dst) {
		ri = T.lookup(p.dst)
	}
	var r *cRoute
	next, nextENI, att := noSubnet, noENI, noAttachment
	if ri >= 0 && !T.routes[ri].blackhole {
		r = &T.routes[ri]
		if eniOf := kinds[r.tkind].targetENI; eniOf != nil {
			nextENI = eniOf(m, r.tidx) // noENI for a gateway endpoint
		}
		if nextENI != noENI {
			next = m.enis[nextENI].subnet
		} else if r.tkind == kindTGW {
			if att = m.attachmentOf(S.vpc, tgwIdx(r.tidx)); att != noAttachment {
				next = m.attachSubnet(att, s)
			}
		}
	}
	// Traffic to a transit gateway attachment in this same subnet still
	// meets the subnet's ACL, outbound and then inbound (see tgw).
	if (next != s || att != noAttachment) && !w.aclCheck(s, false, p) {
		return
	}
	switch {
	case reservedDst(p.dst):
		w.fail(ReservedRange, kindSubnet, S.id, StepRoute, func() string {
			return fmt.Sprintf("%s is in a range the VPC router does not forward", p.dst)
		})
		return
	case ri < 0:
		if w.withdrawnRoute(S, T, p) {
			return
		}
		w.fail(NoRoute, kindSubnet, S.id, StepRoute, func() string {
			return fmt.Sprintf("no route in %s matches %s", T.id, p.dst)
		})
		return
	case r == nil:
		w.failRef(BlackholeRoute, kindSubnet, S.id, StepRoute, m.routeRef(S.rtb, ri), func() string {
			return fmt.Sprintf("%s: blackhole", m.routeString(S.rtb, ri))
		})
		return
	case r.tkind == kindTGW && att == noAttachment:
		w.fail(BadState, kindSubnet, S.id, StepRoute, func() string {
			return fmt.Sprintf("%s: %s has no attachment to %s", m.routeString(S.rtb, ri), m.vpcs[S.vpc].id, m.tgws[r.tidx].id)
		})
		return
	case att != noAttachment && next == noSubnet:
		w.fail(AZMismatch, kindSubnet, S.id, StepRoute, func() string {
			return fmt.Sprintf("%s has no subnet in %s, so traffic from %s cannot reach %s", m.tgwAtts[att].id, S.az, S.id, m.tgws[r.tidx].id)
		})
		return
	}
	w.hopRef(kindSubnet, S.id, StepRoute, m.routeRef(S.rtb, ri), func() string { return m.routeString(S.rtb, ri) }, p)
	// The walker's dispatch on the route's target.
	switch {
	case r.local:
		w.local(S.vpc, p, s)
	case nextENI != noENI:
		w.enter(next, p, nextENI, s)
	case att != noAttachment:
		w.tgw(att, next, p)
	case r.tkind == kindIGW:
		w.igwOut(igwIdx(r.tidx), p)
	case r.tkind == kindEIGW:
		w.eigwOut(eigwIdx(r.tidx), p)
	case r.tkind == kindPeering:
		w.peering(pcxIdx(r.tidx), S.vpc, p)
	case r.tkind == kindVPCE && !w.gwlbGone(kindSubnet, S.id, vpceIdx(r.tidx)):
		w.gatewayEndpoint(vpceIdx(r.tidx), p)
	case r.tkind == kindVGW:
		w.vgwOut(vgwIdx(r.tidx), p)
	}
}

// toLoadBalancer carries the reply of a connection a load balancer opened
// with its client's address as source back to the load balancer's node
// (w.returnTo), which tracks the flow: the network ACL outbound of subnet
// s, then the node's subnet's inbound, whatever the destination address.
func (w *walker) toLoadBalancer(s subnetIdx, p pkt) {
	m := w.m
	R := &m.enis[w.returnTo]
	if R.subnet == s {
		w.hop(kindSubnet, m.subnets[s].id, StepSwitch, func() string { return "same subnet: no route table or network ACL" }, p)
		w.receive(w.returnTo, p)
		return
	}
	if !w.aclCheck(s, false, p) {
		return
	}
	w.hop(kindSubnet, m.subnets[s].id, StepReturn, func() string {
		return fmt.Sprintf("the load balancer node %s tracks the flow: its reply returns to it", R.id)
	}, p)
	w.enter(R.subnet, p, w.returnTo, s)
}

// enter is the subnet forwarding function for a packet arriving from
// outside subnet s (from is the subnet it came from, or -1): the network
// ACL inbound, then the interface to (or the one holding the destination).
func (w *walker) enter(s subnetIdx, p pkt, to eniIdx, from subnetIdx) {
	m := w.m
	S := &m.subnets[s]
	if w.loop(kindSubnet, S.id) {
		return
	}
	if s != from && !w.aclCheck(s, true, p) {
		return
	}
	if to == noENI && w.goal.subnet == s && w.goal.addr == p.dst {
		w.arriveSubnet(s, p)
		return
	}
	if to == noENI {
		to = S.eniAt(p.dst)
		if to == noENI {
			w.fail(UnknownDestination, kindSubnet, S.id, StepLocal, func() string {
				return fmt.Sprintf("no interface in %s has address %s", S.id, p.dst)
			})
			return
		}
	}
	w.receive(to, p)
}

// arriveSubnet delivers p to the host of subnet s that stands for the
// subnet in subnet-level queries; its security groups allow everything.
func (w *walker) arriveSubnet(s subnetIdx, p pkt) {
	w.hop(kindSubnet, w.m.subnets[s].id, StepDeliver, func() string { return "subnet host (security groups not evaluated)" }, p)
	w.ok, w.atENI, w.atSubnet, w.final = true, noENI, s, p
}

func (s *cSubnet) contains(a netip.Addr) bool {
	return s.cidr.Contains(a) || (s.ipv6.IsValid() && s.ipv6.Contains(a))
}

// eniAt returns the interface of the subnet holding address a, or noENI.
func (s *cSubnet) eniAt(a netip.Addr) eniIdx {
	i, ok := slices.BinarySearchFunc(s.addrs, a, func(x addrENI, a netip.Addr) int { return x.addr.Compare(a) })
	if !ok {
		return noENI
	}
	return s.addrs[i].eni
}

// subnetNodes adds a graph node for each subnet.
func subnetNodes(g *graphBuilder) {
	for i, s := range g.m.subnets {
		g.add(refOf(subnetIdx(i)), s.id)
	}
}

// subnetEdges joins each subnet to its VPC's router both ways (the local
// route, and delivery into the subnet) and to the target of each of its
// routes.
func subnetEdges(g *graphBuilder) {
	m := g.m
	for i, s := range m.subnets {
		sn, router := g.node(refOf(subnetIdx(i))), g.node(refOf(s.vpc))
		g.edge(sn, router)
		g.edge(router, sn)
		for _, r := range m.rtbs[s.rtb].routes {
			if !r.blackhole && !r.local && r.tidx >= 0 {
				g.edge(sn, g.node(ref{r.tkind, r.tidx}))
			}
		}
	}
}

// subnetLabel describes subnet s: its route table and network ACL.
func subnetLabel(m *Model, s int32) []string {
	S := &m.subnets[s]
	return []string{S.id, m.rtbs[S.rtb].id + ", " + m.acls[S.acl].id}
}

// subnetPlace puts a subnet in its own cluster.
func subnetPlace(_ *Model, s int32) (vpcIdx, subnetIdx) { return noVPC, subnetIdx(s) }
