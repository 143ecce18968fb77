package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"

	"go4.org/netipx"

	"github.com/vpcsim/vpcsim/vpc"
)

// Model is a compiled [Network]: immutable, indexed for queries and safe for
// concurrent use by any number of goroutines. It is also a directed graph of
// the network's components (see graph.go).
type Model struct {
	vpcs    []cVPC
	subnets []cSubnet
	enis    []cENI
	sgs     []cSG
	acls    []cACL
	rtbs    []cRTB
	igws    []cIGW
	eigws   []cEIGW
	nats    []cNAT
	pls     []cPL
	pcxs    []cPCX
	tgws    []cTGW
	tgwAtts []cTGWAttach
	tgwRTBs []cTGWRTB
	// sgRefOK holds, for VPC pairs (lower index first), how (refPeering,
	// refTGW) one may reference the other's security groups; see crossvpc.go.
	sgRefOK map[[2]int32]uint8

	azs      []string             // Availability Zone names, sorted
	ids      map[string]ref       // every resource ID, declared and synthesized
	byPublic map[netip.Addr]int32 // public IPv4 -> ENI index

	nodes   []node // graph nodes; see graph.go
	nodeIDs map[string]int32
	adj     [][]int32
	radj    [][]int32
}

// ref locates a compiled resource: its kind and index.
type ref struct {
	kind resKind
	idx  int32
}

type resKind uint8

const (
	resNone resKind = iota
	resVPC
	resSubnet
	resENI
	resSG
	resACL
	resRTB
	resIGW
	resEIGW
	resNAT
	resPL
	resPCX
	resTGW
	resTGWAttach
	resTGWRTB
)

type cVPC struct {
	id      string
	cidrs   []netip.Prefix // IPv4, primary first
	ipv6    netip.Prefix
	subnets []int32 // sorted by CIDR address
	igw     int32   // attached internet gateway or -1
	eigw    int32   // egress-only gateway or -1
	mainRTB int32
	dns     netip.Addr // the Amazon DNS resolver: the primary CIDR's base + 2
	dnsOn   bool       // enableDnsSupport
	region  string
	account string
	tgwAtts []int32 // transit gateway attachments of this VPC
	defACL  int32
	defSG   int32
}

type cSubnet struct {
	id    string
	vpc   int32
	az    string
	cidr  netip.Prefix
	ipv6  netip.Prefix
	rtb   int32
	acl   int32
	addrs []addrENI // private addresses (IPv4 and IPv6), sorted
	hop   bool      // holds a route target or a transit gateway attachment (see markHops)
}

type addrENI struct {
	addr netip.Addr
	eni  int32
}

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

type cIGW struct {
	id  string
	vpc int32 // -1 when detached
}

type cEIGW struct {
	id  string
	vpc int32
}

type cNAT struct {
	id      string
	eni     int32
	private bool
}

type cPCX struct {
	id     string
	a, b   int32 // requester and accepter VPCs
	active bool
}

type cTGW struct {
	id    string
	sgRef bool
}

type cTGWAttach struct {
	id      string
	tgw     int32
	vpc     int32
	subnets []int32 // one per AZ, in AZ order
	rtb     int32   // associated route table, or -1
	sgRef   bool
	ipv6    bool // IPv6 support
}

type cTGWRTB struct {
	id     string
	tgw    int32
	routes []cTGWRoute // longest prefix first, static before propagated
}

type cTGWRoute struct {
	dst        netip.Prefix
	att        int32 // target attachment, or -1 for a blackhole
	propagated bool
	index      int // position in the table's Routes, -1 when propagated
}

type cPL struct {
	id      string
	entries []netip.Prefix // as declared: each is its own route destination
	set     *netipx.IPSet  // their union, for membership
}

// cRule is a compiled security group rule or network ACL entry. Ports are
// destination ports for TCP and UDP, and type<<8|code for ICMP.
type cRule struct {
	proto  int16 // -1 matches every protocol
	lo, hi uint16
	peer   netip.Prefix // CIDR peer
	pl     int32        // prefix list peer, or -1
	group  int32        // security group peer, or -1
	stale  bool         // group peer in a VPC it may not be referenced from
	allow  bool         // ACL entries only
	index  int          // position in the declaration
	number int          // ACL rule number
	desc   string       // precomputed explanation
}

type cSG struct {
	id          string
	synthesized bool // the AWS default group of a VPC that declares none
	vpc         int32
	ingress     []cRule
	egress      []cRule
}

type cACL struct {
	id       string
	vpc      int32
	inbound  []cRule // sorted by rule number
	outbound []cRule
	// class numbers ACLs with identical entries; bounds are the sorted
	// first and after-last addresses of its CIDRs. Peers between the same
	// bounds meet the same decisions (see signature.go).
	class  int32
	bounds []netip.Addr
}

type cRTB struct {
	id     string
	vpc    int32
	routes []cRoute // in lookup order: longest prefix first, then tie-breaks
}

type cRoute struct {
	dst       netip.Prefix
	pl        int32 // prefix list the destination came from, or -1
	target    vpc.Target
	tidx      int32 // index of the target in its kind's slice, or -1
	blackhole bool
	local     bool // the implicit local route
	index     int  // position in the declaration, -1 for implicit routes
	desc      string
}

// Compile validates n and builds its [Model]. It returns the validation
// errors, if any, instead of a model.
func Compile(n *Network) (*Model, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	size := len(n.NetworkInterfaces) + len(n.NATGateways) + len(n.Subnets) + len(n.SecurityGroups)
	c := compiler{n: n, m: &Model{ids: make(map[string]ref, size), byPublic: map[netip.Addr]int32{}}}
	c.build()
	c.m.precomputeDescs()
	return c.m, nil
}

type compiler struct {
	n *Network
	m *Model
}

func (c *compiler) add(id string, k resKind, i int) {
	c.m.ids[id] = ref{k, int32(i)}
}

func (c *compiler) idx(id string, k resKind) int32 {
	r, ok := c.m.ids[id]
	if !ok || r.kind != k {
		return -1
	}
	return r.idx
}

func (c *compiler) build() {
	n, m := c.n, c.m
	// VPCs, in ID order so that indices do not depend on declaration order.
	vpcs := sortedBy(n.VPCs, func(v vpc.VPC) string { return v.ID })
	for i, v := range vpcs {
		m.vpcs = append(m.vpcs, cVPC{id: v.ID, cidrs: v.CIDRs, dns: v.CIDRs[0].Masked().Addr().Next().Next(), dnsOn: v.DNSSupport(), ipv6: v.IPv6CIDR, region: v.Region, account: v.Account, igw: -1, eigw: -1, mainRTB: -1, defACL: -1, defSG: -1})
		c.add(v.ID, resVPC, i)
	}
	for i, p := range sortedBy(n.PrefixLists, func(p vpc.PrefixList) string { return p.ID }) {
		var b netipx.IPSetBuilder
		for _, e := range p.Entries {
			b.AddPrefix(e)
		}
		s, _ := b.IPSet()
		m.pls = append(m.pls, cPL{id: p.ID, entries: slices.Clone(p.Entries), set: s})
		c.add(p.ID, resPL, i)
	}
	for i, g := range sortedBy(n.InternetGateways, func(g vpc.InternetGateway) string { return g.ID }) {
		v := c.idx(g.VPC, resVPC)
		m.igws = append(m.igws, cIGW{id: g.ID, vpc: v})
		c.add(g.ID, resIGW, i)
		if v >= 0 {
			m.vpcs[v].igw = int32(i)
		}
	}
	for i, g := range sortedBy(n.EgressOnlyInternetGateways, func(g vpc.EgressOnlyInternetGateway) string { return g.ID }) {
		v := c.idx(g.VPC, resVPC)
		m.eigws = append(m.eigws, cEIGW{id: g.ID, vpc: v})
		c.add(g.ID, resEIGW, i)
		m.vpcs[v].eigw = int32(i)
	}
	c.peerings()
	// Security groups: declared ones, then each VPC's synthesized default.
	sgs := sortedBy(n.SecurityGroups, func(g vpc.SecurityGroup) string { return g.ID })
	for i, g := range sgs {
		v := c.idx(g.VPC, resVPC)
		m.sgs = append(m.sgs, cSG{id: g.ID, vpc: v})
		c.add(g.ID, resSG, i)
		if g.Default {
			m.vpcs[v].defSG = int32(i)
		}
	}
	for vi := range m.vpcs {
		if m.vpcs[vi].defSG >= 0 {
			continue
		}
		id := m.vpcs[vi].id + "/default-sg"
		g := vpc.SecurityGroup{ID: id, VPC: m.vpcs[vi].id, Default: true,
			Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, Group: id}},
			Egress:  vpc.DefaultEgress(m.vpcs[vi].ipv6.IsValid())}
		m.vpcs[vi].defSG = int32(len(m.sgs))
		c.add(id, resSG, len(m.sgs))
		m.sgs = append(m.sgs, cSG{id: id, vpc: int32(vi), synthesized: true})
		sgs = append(sgs, g)
	}
	for i, g := range sgs {
		m.sgs[i].ingress = c.rules(int32(i), false, g.Ingress)
		m.sgs[i].egress = c.rules(int32(i), true, g.Egress)
	}
	// Network ACLs, then synthesized defaults.
	acls := sortedBy(n.NetworkACLs, func(a vpc.NetworkACL) string { return a.ID })
	for i, a := range acls {
		v := c.idx(a.VPC, resVPC)
		m.acls = append(m.acls, cACL{id: a.ID, vpc: v})
		c.add(a.ID, resACL, i)
		if a.Default {
			m.vpcs[v].defACL = int32(i)
		}
	}
	for vi := range m.vpcs {
		if m.vpcs[vi].defACL >= 0 {
			continue
		}
		id := m.vpcs[vi].id + "/default-acl"
		e := vpc.AllowAllACL(m.vpcs[vi].ipv6.IsValid())
		acls = append(acls, vpc.NetworkACL{ID: id, VPC: m.vpcs[vi].id, Default: true, Inbound: e, Outbound: e})
		m.vpcs[vi].defACL = int32(len(m.acls))
		c.add(id, resACL, len(m.acls))
		m.acls = append(m.acls, cACL{id: id, vpc: int32(vi)})
	}
	for i, a := range acls {
		m.acls[i].inbound = c.aclEntries(a.Inbound)
		m.acls[i].outbound = c.aclEntries(a.Outbound)
	}
	m.classifyACLs()
	// Subnets.
	subnets := sortedBy(n.Subnets, func(s vpc.Subnet) string { return s.ID })
	for i, s := range subnets {
		v := c.idx(s.VPC, resVPC)
		m.subnets = append(m.subnets, cSubnet{id: s.ID, vpc: v, az: s.AvailabilityZone, cidr: s.CIDR, ipv6: s.IPv6CIDR, rtb: -1, acl: m.vpcs[v].defACL})
		c.add(s.ID, resSubnet, i)
		m.vpcs[v].subnets = append(m.vpcs[v].subnets, int32(i))
	}
	for _, s := range m.subnets {
		m.azs = append(m.azs, s.az)
	}
	slices.Sort(m.azs)
	m.azs = slices.Compact(m.azs)
	for vi := range m.vpcs {
		slices.SortFunc(m.vpcs[vi].subnets, func(a, b int32) int {
			return m.subnets[a].cidr.Addr().Compare(m.subnets[b].cidr.Addr())
		})
	}
	for i, a := range acls {
		for _, s := range a.Subnets {
			m.subnets[c.idx(s, resSubnet)].acl = int32(i)
		}
	}
	c.interfaces(subnets)
	c.transitGateways()
	c.routeTables()
	c.markHops()
	c.buildGraph()
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

func (c *compiler) routeTables() {
	n, m := c.n, c.m
	tables := sortedBy(n.RouteTables, func(t vpc.RouteTable) string { return t.ID })
	for _, t := range tables {
		c.add(t.ID, resRTB, len(m.rtbs))
		m.rtbs = append(m.rtbs, cRTB{id: t.ID, vpc: c.idx(t.VPC, resVPC)})
	}
	for vi := range m.vpcs {
		for i, t := range tables {
			if t.Main && m.rtbs[i].vpc == int32(vi) {
				m.vpcs[vi].mainRTB = int32(i)
			}
		}
		if m.vpcs[vi].mainRTB < 0 {
			id := m.vpcs[vi].id + "/main-rtb"
			m.vpcs[vi].mainRTB = int32(len(m.rtbs))
			c.add(id, resRTB, len(m.rtbs))
			m.rtbs = append(m.rtbs, cRTB{id: id, vpc: int32(vi)})
			tables = append(tables, vpc.RouteTable{ID: id, VPC: m.vpcs[vi].id, Main: true})
		}
	}
	for i, t := range tables {
		m.rtbs[i].routes = c.routes(m.rtbs[i].vpc, t.Routes)
		for _, s := range t.Subnets {
			m.subnets[c.idx(s, resSubnet)].rtb = int32(i)
		}
	}
	for i := range m.subnets {
		if m.subnets[i].rtb < 0 {
			m.subnets[i].rtb = m.vpcs[m.subnets[i].vpc].mainRTB
		}
	}
}

// markHops marks the interfaces routes target and the subnets holding a
// route target or a transit gateway attachment. Traffic meets such an
// interface or subnet differently from its neighbours (it is delivered to
// it, or passes through it), so the access analyses never group them with
// others.
func (c *compiler) markHops() {
	m := c.m
	for _, t := range m.rtbs {
		for _, r := range t.routes {
			e := int32(-1)
			switch {
			case r.blackhole || r.tidx < 0:
			case r.target.Kind == vpc.TargetNetworkInterface:
				e = r.tidx
			case r.target.Kind == vpc.TargetNATGateway:
				e = m.nats[r.tidx].eni
			}
			if e >= 0 {
				m.enis[e].hop = true
				m.subnets[m.enis[e].subnet].hop = true
			}
		}
	}
	for _, a := range m.tgwAtts {
		for _, s := range a.subnets {
			m.subnets[s].hop = true
		}
	}
}

// hopKey is the part of an interface's grouping key that keeps a route
// target in a group of its own.
func (m *Model) hopKey(e int32) int32 {
	if m.enis[e].hop {
		return e
	}
	return -1
}

// routes compiles a table's routes, adds the implicit local routes not
// replaced by a declared route, and orders them for lookup: longest prefix
// first; at equal length a CIDR route before a prefix-list route, prefix
// lists in ID order (AWS picks one of overlapping prefix lists arbitrarily;
// vpcsim picks the lowest ID), then declaration order.
func (c *compiler) routes(vi int32, decl []vpc.Route) []cRoute {
	m := c.m
	var out []cRoute
	declared := map[netip.Prefix]bool{}
	for i, r := range decl {
		cr := cRoute{pl: -1, target: r.Target, tidx: -1, blackhole: r.Blackhole, index: i}
		switch r.Target.Kind {
		case vpc.TargetInternetGateway:
			cr.tidx = c.idx(r.Target.ID, resIGW)
		case vpc.TargetEgressOnlyGateway:
			cr.tidx = c.idx(r.Target.ID, resEIGW)
		case vpc.TargetNATGateway:
			cr.tidx = c.idx(r.Target.ID, resNAT)
		case vpc.TargetNetworkInterface:
			cr.tidx = c.idx(r.Target.ID, resENI)
		case vpc.TargetPeeringConnection:
			cr.tidx = c.idx(r.Target.ID, resPCX)
		case vpc.TargetTransitGateway:
			cr.tidx = c.idx(r.Target.ID, resTGW)
		case vpc.TargetLocal:
			cr.local = true
		}
		if cr.tidx < 0 && !cr.local {
			cr.blackhole = true // target gone: validation allowed it only as a blackhole
		}
		if r.PrefixList != "" {
			pi := c.idx(r.PrefixList, resPL)
			cr.pl = pi
			for _, p := range m.pls[pi].entries {
				cr.dst = p
				out = append(out, cr)
			}
			continue
		}
		cr.dst = r.Destination
		declared[r.Destination] = true
		out = append(out, cr)
	}
	for _, p := range m.vpcs[vi].blocks() {
		if !declared[p] {
			out = append(out, cRoute{dst: p, pl: -1, target: vpc.Local(), tidx: -1, local: true, index: -1})
		}
	}
	slices.SortStableFunc(out, func(a, b cRoute) int {
		if c := lpmOrder(a.dst, b.dst); c != 0 {
			return c
		}
		if (a.pl >= 0) != (b.pl >= 0) {
			if a.pl < 0 {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(a.pl, b.pl); c != 0 {
			return c
		}
		if c := a.dst.Addr().Compare(b.dst.Addr()); c != 0 {
			return c
		}
		return cmp.Compare(a.index, b.index)
	})
	return out
}

func (c *compiler) rules(sg int32, egress bool, rs []vpc.SGRule) []cRule {
	out := make([]cRule, 0, len(rs))
	own := c.m.sgs[sg].vpc
	for i, r := range rs {
		cr := compileMatch(r.Protocol, r.Ports, r.ICMP)
		cr.index = i
		cr.peer, cr.pl, cr.group = r.CIDR, -1, -1
		if r.PrefixList != "" {
			cr.pl = c.idx(r.PrefixList, resPL)
		}
		if r.Group != "" {
			cr.group = c.idx(r.Group, resSG)
			if other := c.m.sgs[cr.group].vpc; other != own {
				live := refPeering
				if !egress {
					live |= refTGW
				}
				cr.stale = c.m.sgRefOK[vpcPair(own, other)]&live == 0
			}
		}
		out = append(out, cr)
	}
	return out
}

func (c *compiler) aclEntries(es []vpc.ACLEntry) []cRule {
	out := make([]cRule, 0, len(es))
	for i, e := range es {
		cr := compileMatch(e.Protocol, e.Ports, e.ICMP)
		cr.index, cr.number = i, e.Number
		cr.peer, cr.pl, cr.group = e.CIDR, -1, -1
		cr.allow = e.Action == vpc.Allow
		out = append(out, cr)
	}
	slices.SortFunc(out, func(a, b cRule) int { return cmp.Compare(a.number, b.number) })
	return out
}

// compileMatch turns a rule's protocol, ports and ICMP selector into the
// protocol and the range of packet "ports" it matches.
func compileMatch(p vpc.Protocol, ports vpc.PortRange, icmp vpc.ICMP) cRule {
	r := cRule{proto: int16(p), lo: 0, hi: 0xFFFF}
	switch {
	case p.HasPorts():
		r.lo, r.hi = ports.From, ports.To
	case p.IsICMP() && !icmp.IsAny():
		t := uint16(icmp.Type()) << 8
		r.lo, r.hi = t, t|0xFF
		if icmp.Code() != vpc.ICMPAny {
			r.lo = t | uint16(icmp.Code())
			r.hi = r.lo
		}
	}
	return r
}

// lpmOrder orders route destinations for longest-prefix lookup: IPv4
// before IPv6, then longer prefixes first.
func lpmOrder(a, b netip.Prefix) int {
	if a.Addr().Is4() != b.Addr().Is4() {
		if a.Addr().Is4() {
			return -1
		}
		return 1
	}
	return cmp.Compare(b.Bits(), a.Bits())
}

// blocks returns the VPC's CIDRs: IPv4, primary first, then the IPv6 block.
func (v *cVPC) blocks() []netip.Prefix {
	out := slices.Clone(v.cidrs)
	if v.ipv6.IsValid() {
		out = append(out, v.ipv6)
	}
	return out
}

// ruleLists returns the two rule lists of a security group (ingress,
// egress) or network ACL (inbound, outbound) table, or nothing.
func (m *Model) ruleLists(r ref) [2][]cRule {
	switch r.kind {
	case resSG:
		return [2][]cRule{m.sgs[r.idx].ingress, m.sgs[r.idx].egress}
	case resACL:
		return [2][]cRule{m.acls[r.idx].inbound, m.acls[r.idx].outbound}
	}
	return [2][]cRule{}
}

// sortedBy returns a copy of s sorted by key.
func sortedBy[T any](s []T, key func(T) string) []T {
	out := slices.Clone(s)
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
	return out
}

// String describes the model's size.
func (m *Model) String() string {
	return fmt.Sprintf("model: %d vpcs, %d subnets, %d interfaces", len(m.vpcs), len(m.subnets), len(m.enis))
}

func (m *Model) precomputeDescs() {
	for g := range m.sgs {
		for i := range m.sgs[g].ingress {
			m.sgs[g].ingress[i].desc = m.sgRuleString(int32(g), false, i)
		}
		for i := range m.sgs[g].egress {
			m.sgs[g].egress[i].desc = m.sgRuleString(int32(g), true, i)
		}
	}
	for a := range m.acls {
		for i := range m.acls[a].inbound {
			m.acls[a].inbound[i].desc = m.aclRuleString(int32(a), true, i, pkt{})
		}
		for i := range m.acls[a].outbound {
			m.acls[a].outbound[i].desc = m.aclRuleString(int32(a), false, i, pkt{})
		}
	}
	for t := range m.rtbs {
		for i := range m.rtbs[t].routes {
			m.rtbs[t].routes[i].desc = m.routeString(int32(t), i)
		}
	}
}
