package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
	"go4.org/netipx"
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
			Egress:  []vpc.SGRule{vpc.AllowAllEgress()}}
		if m.vpcs[vi].ipv6.IsValid() {
			g.Egress = append(g.Egress, vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: netip.MustParsePrefix("::/0")})
		}
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
