package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the VPC: its checks, its compiled form, and
// the components every VPC has without declaring them: its router, which
// delivers what the local route matches into the subnet holding the
// destination, and its Amazon DNS resolver.

// vpcIdx indexes Model.vpcs. A packet's srcVPC is noVPC when its source is
// no private address of the network, and unknownVPC where rules must not
// rely on it (the peer of an egress rule).
type vpcIdx int32

const (
	noVPC      vpcIdx = -1
	unknownVPC vpcIdx = -2
)

func (vpcIdx) kind() kind { return kindVPC }

// cVPC is a compiled VPC.
type cVPC struct {
	snva    snvaIdx // its VPC Lattice service network association, or noSNVA
	id      string
	cidrs   []netip.Prefix // IPv4, primary first
	ipv6    netip.Prefix
	subnets []subnetIdx // sorted by CIDR address
	igw     igwIdx      // attached internet gateway, or noIGW
	eigw    eigwIdx     // egress-only gateway, or noEIGW
	mainRTB rtbIdx
	dns     netip.Addr // the Amazon DNS resolver: the primary CIDR's base + 2
	dnsOn   bool       // enableDnsSupport
	dnsID   string     // the resolver's component ID on paths: dnsName(id)
	region  string     // declared, or the Region of its subnets' zones
	account string
	tgwAtts []tgwAttIdx // transit gateway attachments of this VPC
	defACL  aclIdx
	defSG   sgIdx
}

func (v *validator) checkVPC(r vres, _ int, x *vpc.VPC) {
	if len(x.CIDRs) == 0 {
		r.errf("cidrs", ErrInvalidValue, "required: want at least one ipv4 cidr (the primary)")
	}
	var accepted []int
	for i, p := range x.CIDRs {
		field := fmt.Sprintf("cidrs[%d]", i)
		if !r.prefix(field, p, ipv4BlockRule) {
			continue
		}
		overlaps := false
		for _, j := range accepted {
			if p.Overlaps(x.CIDRs[j]) {
				r.errf(field, ErrOverlap, "%s overlaps cidrs[%d] %s", p, j, x.CIDRs[j])
				overlaps = true
			}
		}
		if i > 0 && !overlaps && len(accepted) > 0 && accepted[0] == 0 {
			if bad, why := secondaryRestricted(x.CIDRs[0], p); bad.IsValid() {
				r.errf(field, ErrInvalidValue, "%s overlaps %s, which a vpc whose primary cidr %s is %s cannot add", p, bad, x.CIDRs[0], why)
			}
		}
		accepted = append(accepted, i)
	}
	r.prefix("ipv6Cidr", x.IPv6CIDR, ipv6BlockRule)
	if _, ok := vpc.LookupRegion(x.Region); x.Region != "" && !ok {
		r.errf("region", ErrInvalidValue, "%q is not a Region vpcsim knows: want a code vpc.Regions lists, e.g. us-east-1", x.Region)
	}
}

// vpcRegion is the Region of a VPC: the one it declares (subnet empty),
// or else the Region of the zone of its first subnet, in declaration
// order, whose zone is a valid zone name.
type vpcRegion struct {
	region       string
	subnet, zone string
}

// vpcRegions returns the Region of each VPC (see vpcRegion); a VPC that
// declares none and has no subnet in a known zone has none.
func vpcRegions(n *Network) map[string]vpcRegion {
	out := make(map[string]vpcRegion, len(n.VPCs))
	for _, x := range n.VPCs {
		if _, dup := out[x.ID]; !dup && x.Region != "" {
			out[x.ID] = vpcRegion{region: x.Region}
		}
	}
	for _, s := range n.Subnets {
		if _, done := out[s.VPC]; done {
			continue
		}
		if reg, ok := vpc.RegionOfZone(s.AvailabilityZone); ok {
			out[s.VPC] = vpcRegion{region: reg, subnet: s.ID, zone: s.AvailabilityZone}
		}
	}
	return out
}

var (
	rfc1918 = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16")}
	net198  = netip.MustParsePrefix("198.19.0.0/16")
)

// secondaryRestricted returns the range a secondary IPv4 CIDR may not
// overlap given the VPC's primary CIDR, and the primary's class, or the
// zero Prefix (AWS VPC User Guide, "IPv4 CIDR block association
// restrictions"; 100.64.0.0/10 and public ranges are always allowed).
func secondaryRestricted(primary, secondary netip.Prefix) (netip.Prefix, string) {
	mp := netip.MustParsePrefix
	var banned []netip.Prefix
	var class string
	switch {
	case rfc1918[0].Contains(primary.Addr()):
		class = "in 10.0.0.0/8"
		banned = []netip.Prefix{rfc1918[1], rfc1918[2], net198}
		if mp("10.0.0.0/15").Contains(primary.Addr()) {
			banned = append(banned, mp("10.0.0.0/16"))
		}
	case rfc1918[1].Contains(primary.Addr()):
		class = "in 172.16.0.0/12"
		banned = []netip.Prefix{rfc1918[0], rfc1918[2], mp("172.31.0.0/16"), net198}
	case rfc1918[2].Contains(primary.Addr()):
		class = "in 192.168.0.0/16"
		banned = []netip.Prefix{rfc1918[0], rfc1918[1], net198}
	case net198.Contains(primary.Addr()):
		class = "in 198.19.0.0/16"
		banned = rfc1918
	default:
		class = "public or in 100.64.0.0/10"
		banned = append(slices.Clone(rfc1918), net198)
	}
	for _, b := range banned {
		if b.Overlaps(secondary) {
			return b, class
		}
	}
	return netip.Prefix{}, ""
}

// compileVPCs compiles the VPCs, each in its declared Region or else in
// the Region of its subnets' zones. Their gateways, default security group
// and network ACL, main route table, subnets and attachments are filled in
// by the steps of those kinds.
func compileVPCs(c *compiler) {
	regions := vpcRegions(c.n)
	for i, v := range sortedBy(c.n.VPCs, func(v vpc.VPC) string { return v.ID }) {
		c.m.vpcs = append(c.m.vpcs, cVPC{id: v.ID, cidrs: slices.Clone(v.CIDRs), dns: v.CIDRs[0].Masked().Addr().Next().Next(), dnsOn: v.DNSSupport(), dnsID: dnsName(v.ID),
			ipv6: v.IPv6CIDR, region: regions[v.ID].region, account: v.Account, igw: noIGW, eigw: noEIGW, mainRTB: noRTB, defACL: noACL, defSG: noSG, snva: noSNVA})
		add(c, v.ID, vpcIdx(i))
	}
	c.m.indexVPCs()
}

// blocks returns the VPC's CIDRs: IPv4, primary first, then the IPv6 block.
func (v *cVPC) blocks() []netip.Prefix {
	out := slices.Clone(v.cidrs)
	if v.ipv6.IsValid() {
		out = append(out, v.ipv6)
	}
	return out
}

// local is the VPC router's forwarding function for the local route:
// deliver into the subnet holding the destination.
func (w *walker) local(v vpcIdx, p pkt, from subnetIdx) {
	m := w.m
	t := m.subnetAt(v, p.dst)
	if t == noSubnet {
		w.fail(UnknownDestination, kindVPC, m.vpcs[v].id, StepLocal, func() string {
			return fmt.Sprintf("no subnet of %s contains %s", m.vpcs[v].id, p.dst)
		})
		return
	}
	w.enter(t, p, noENI, from)
}

// dns is the forwarding function of the Amazon DNS resolver of VPC v,
// which interfaces of the VPC reach at the primary CIDR's base + 2,
// 169.254.169.253 or fd00:ec2::253. Its traffic is never filtered by
// security groups or network ACLs; it answers on port 53 when the VPC's
// DNS support is on.
func (w *walker) dns(v vpcIdx, p pkt) {
	m := w.m
	id := m.vpcs[v].dnsID
	switch {
	case !m.vpcs[v].dnsOn:
		w.fail(DNSDisabled, kindDNS, id, StepDeliver, func() string {
			return fmt.Sprintf("%s has DNS support (enableDnsSupport) off", m.vpcs[v].id)
		})
	case !(p.proto == protoTCP || p.proto == protoUDP) || p.dlo != 53 || p.dhi != 53:
		w.fail(UnknownDestination, kindDNS, id, StepDeliver, func() string {
			return fmt.Sprintf("the Amazon DNS resolver answers only TCP and UDP on port 53, not %s", m.flowDesc(p))
		})
	case !w.goal.amazon:
		w.fail(UnknownDestination, kindDNS, id, StepDeliver, func() string { return "arrived at the DNS resolver, not at the destination" })
	default:
		w.hop(kindDNS, id, StepDeliver, func() string {
			return "Amazon DNS resolver: never filtered by security groups or network ACLs"
		}, p)
		w.ok, w.atDNS, w.atENI, w.atSubnet, w.final = true, true, noENI, noSubnet, p
	}
}

var (
	dnsLinkLocal4 = netip.MustParseAddr("169.254.169.253")
	dnsLinkLocal6 = netip.MustParseAddr("fd00:ec2::253")
)

// isDNS reports whether a is an address of VPC v's Amazon DNS resolver.
func (m *Model) isDNS(v vpcIdx, a netip.Addr) bool {
	return a == m.vpcs[v].dns || a == dnsLinkLocal4 || a == dnsLinkLocal6
}

// linkLocalServices are the other services AWS answers an instance at
// reserved link-local addresses, whose traffic security groups and network
// ACLs never filter (VPC User Guide, "Network ACL basics" and
// "Internetwork traffic privacy"; EC2 User Guide, "Instance metadata
// service" and "Amazon Time Sync Service"; ECS Developer Guide, "Task
// metadata endpoint"; "Windows license activation"): each answers one
// protocol and port.
var linkLocalServices = []struct {
	addr  netip.Addr
	proto uint8
	port  uint16
	name  string
}{
	{netip.MustParseAddr("169.254.169.254"), protoTCP, 80, "instance metadata service (IMDS)"},
	{netip.MustParseAddr("fd00:ec2::254"), protoTCP, 80, "instance metadata service (IMDS, IPv6)"},
	{netip.MustParseAddr("169.254.169.123"), protoUDP, 123, "Amazon Time Sync Service"},
	{netip.MustParseAddr("fd00:ec2::123"), protoUDP, 123, "Amazon Time Sync Service (IPv6)"},
	{netip.MustParseAddr("169.254.170.2"), protoTCP, 80, "ECS task metadata endpoint"},
	{netip.MustParseAddr("169.254.169.250"), protoTCP, 1688, "Windows license activation (KMS)"},
	{netip.MustParseAddr("169.254.169.251"), protoTCP, 1688, "Windows license activation (KMS)"},
}

// linkLocalService returns the index of the link-local service at a, or -1.
func linkLocalService(a netip.Addr) int {
	for i := range linkLocalServices {
		if linkLocalServices[i].addr == a {
			return i
		}
	}
	return -1
}

// isAmazonService reports whether a is the address of a service AWS
// answers VPC v's hosts at: its DNS resolver or a link-local service.
func (m *Model) isAmazonService(v vpcIdx, a netip.Addr) bool {
	return m.isDNS(v, a) || linkLocalService(a) >= 0
}

// amazonService is the forwarding function of the services AWS answers a
// host of VPC v at reserved addresses: the DNS resolver (see dns), or a
// link-local service, which answers its one protocol and port, never
// filtered.
func (w *walker) amazonService(v vpcIdx, p pkt) {
	i := linkLocalService(p.dst)
	if i < 0 {
		w.dns(v, p)
		return
	}
	s := &linkLocalServices[i]
	id := s.addr.String()
	switch {
	case p.proto != s.proto || p.dlo != s.port || p.dhi != s.port:
		w.fail(UnknownDestination, kindDNS, id, StepDeliver, func() string {
			return fmt.Sprintf("the %s answers only %s, not %s", s.name, flowDescOf(s.proto, s.port), w.m.flowDesc(p))
		})
	case !w.goal.amazon:
		w.fail(UnknownDestination, kindDNS, id, StepDeliver, func() string { return "arrived at " + s.name + ", not at the destination" })
	default:
		w.hop(kindDNS, id, StepDeliver, func() string {
			return s.name + ": never filtered by security groups or network ACLs"
		}, p)
		w.ok, w.atDNS, w.atENI, w.atSubnet, w.final = true, true, noENI, noSubnet, p
	}
}

// flowDescOf formats a protocol and port: "tcp 80".
func flowDescOf(proto uint8, port uint16) string {
	return fmt.Sprintf("%s %d", vpcProtocol(proto), port)
}

// subnetAt returns the subnet of VPC v containing a, or noSubnet.
func (m *Model) subnetAt(v vpcIdx, a netip.Addr) subnetIdx {
	if v < 0 { // noVPC or unknownVPC
		return noSubnet
	}
	ss := m.vpcs[v].subnets
	if a.Is4() {
		// subnets are sorted by CIDR address and disjoint
		i, _ := slices.BinarySearchFunc(ss, a, func(s subnetIdx, a netip.Addr) int {
			return m.subnets[s].cidr.Addr().Compare(a)
		})
		for _, j := range []int{i, i - 1} {
			if j >= 0 && j < len(ss) && m.subnets[ss[j]].cidr.Contains(a) {
				return ss[j]
			}
		}
		return noSubnet
	}
	for _, s := range ss {
		if m.subnets[s].ipv6.IsValid() && m.subnets[s].ipv6.Contains(a) {
			return s
		}
	}
	return noSubnet
}

// eniAt returns the interface of VPC v holding private address a, or
// noENI.
func (m *Model) eniAt(v vpcIdx, a netip.Addr) eniIdx {
	s := m.subnetAt(v, a)
	if s == noSubnet {
		return noENI
	}
	return m.subnets[s].eniAt(a)
}

// vpcOf6 returns the VPC whose IPv6 block contains a, or noVPC.
func (m *Model) vpcOf6(a netip.Addr) vpcIdx {
	for _, i := range m.vpcsAt(a) {
		if m.vpcs[i].ipv6.IsValid() && m.vpcs[i].ipv6.Contains(a) {
			return i
		}
	}
	return noVPC
}

// inVPC reports whether a is inside one of VPC v's CIDRs.
func (m *Model) inVPC(v vpcIdx, a netip.Addr) bool {
	V := &m.vpcs[v]
	return V.ipv6.IsValid() && V.ipv6.Contains(a) || slices.ContainsFunc(V.cidrs, func(p netip.Prefix) bool { return p.Contains(a) })
}

// vpcNodes adds a graph node for each VPC's router, named by the VPC's ID.
func vpcNodes(g *graphBuilder) {
	for i, v := range g.m.vpcs {
		g.add(refOf(vpcIdx(i)), v.id)
	}
}

// routerLabel describes VPC v's router: its CIDRs.
func routerLabel(m *Model, v int32) []string {
	V := &m.vpcs[v]
	var cidrs []string
	for _, c := range V.cidrs {
		cidrs = append(cidrs, c.String())
	}
	if V.ipv6.IsValid() {
		cidrs = append(cidrs, V.ipv6.String())
	}
	return []string{V.id + " router", strings.Join(cidrs, ", ")}
}

// routerPlace puts a VPC's router in the VPC's cluster.
func routerPlace(_ *Model, v int32) (vpcIdx, subnetIdx) { return vpcIdx(v), noSubnet }
