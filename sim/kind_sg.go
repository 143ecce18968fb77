package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the security group: its checks, its compiled
// form, and the check an interface makes of its groups (stateful: a reply
// passes an interface the request passed by connection tracking).

// sgIdx indexes Model.sgs.
type sgIdx int32

const noSG sgIdx = -1

func (sgIdx) kind() kind { return kindSG }

// cSG is a compiled security group.
type cSG struct {
	id          string
	synthesized bool // the AWS default group of a VPC that declares none
	vpc         vpcIdx
	ingress     []cRule
	egress      []cRule
	// index holds the port indices of long ingress and egress lists (nil
	// for short ones, which are scanned).
	index [2]*portIndex
}

func (v *validator) checkSG(r vres, _ int, g *vpc.SecurityGroup) {
	vpcID := ""
	if vp := r.vpcRef("vpc", g.VPC, true); vp != nil {
		vpcID = g.VPC
		if g.Default {
			r.onlyOne("default", "a default security group", vpcID)
		}
	}
	for _, dir := range []struct {
		name  string
		rules []vpc.SGRule
	}{{"ingress", g.Ingress}, {"egress", g.Egress}} {
		for i := range dir.rules {
			v.checkSGRule(r, fmt.Sprintf("%s[%d]", dir.name, i), &dir.rules[i], vpcID)
		}
	}
}

// checkSGRule checks a security group rule at path base of a group in VPC
// vpcID ("" when unknown).
func (v *validator) checkSGRule(r vres, base string, x *vpc.SGRule, vpcID string) {
	r.traffic(base, x.Protocol, x.Ports, x.ICMP)
	var peers []string
	hasCIDR := x.CIDR != netip.Prefix{}
	if hasCIDR {
		peers = append(peers, "cidr")
	}
	if x.PrefixList != "" {
		peers = append(peers, "prefixList")
	}
	if x.Group != "" {
		peers = append(peers, "group")
	}
	switch len(peers) {
	case 0:
		r.errf(base, ErrInvalidValue, "required: want one peer: a cidr, a prefixList or a group")
	case 1:
	default:
		r.errf(base, ErrInvalidValue, "want one peer, got %s", strings.Join(peers, " and "))
	}
	if hasCIDR {
		r.prefix(base+".cidr", x.CIDR, optionalCIDRRule)
	}
	r.ref(base+".prefixList", kindPrefixList, x.PrefixList, false)
	if j, ok := r.ref(base+".group", kindSG, x.Group, false); ok {
		if other := v.n.SecurityGroups[j].VPC; other != "" && vpcID != "" && other != vpcID && !v.mayReference(vpcID, other) {
			r.errf(base+".group", ErrWrongVPC, "security group %q is in vpc %q: a group of another vpc may be referenced "+
				"only across a peering connection in the same region or a transit gateway attaching both", x.Group, other)
		}
	}
}

// mayReference reports whether security group rules in VPC a may name a
// group of VPC b: AWS accepts it across a peering connection between them
// in one Region, or a transit gateway attaching both. Whether the
// reference then matches anything (an active peering, referencing enabled
// on the transit gateway) is decided at compile time.
func (v *validator) mayReference(a, b string) bool {
	for _, p := range v.n.PeeringConnections {
		if (p.RequesterVPC == a && p.AccepterVPC == b || p.RequesterVPC == b && p.AccepterVPC == a) && v.regions[a].region == v.regions[b].region {
			return true
		}
	}
	attached := map[string]map[string]bool{}
	for _, t := range v.n.TransitGatewayAttachments {
		if attached[t.TransitGateway] == nil {
			attached[t.TransitGateway] = map[string]bool{}
		}
		attached[t.TransitGateway][t.VPC] = true
	}
	for _, vs := range attached {
		if vs[a] && vs[b] {
			return true
		}
	}
	return false
}

// How a security group of one VPC may be referenced from another: across
// an active same-Region peering (both directions of rules), or across a
// transit gateway with referencing on (inbound rules only, as AWS
// supports).
const (
	refPeering uint8 = 1 << iota
	refTGW
)

// vpcPair is the key of Model.sgRefOK: the two VPC indices, lower first.
func vpcPair(a, b vpcIdx) [2]vpcIdx {
	if a > b {
		a, b = b, a
	}
	return [2]vpcIdx{a, b}
}

// compileSGs compiles the security groups: the declared ones, then each
// VPC's synthesized default group when it declares none (all inbound from
// itself, all outbound).
func compileSGs(c *compiler) {
	n, m := c.n, c.m
	c.sgReferences()
	sgs := sortedBy(n.SecurityGroups, func(g vpc.SecurityGroup) string { return g.ID })
	for i, g := range sgs {
		v := indexOf[vpcIdx](c, g.VPC)
		m.sgs = append(m.sgs, cSG{id: g.ID, vpc: v})
		add(c, g.ID, sgIdx(i))
		if g.Default {
			m.vpcs[v].defSG = sgIdx(i)
		}
	}
	for vi := range m.vpcs {
		if m.vpcs[vi].defSG != noSG {
			continue
		}
		id := defaultSGName(m.vpcs[vi].id)
		g := vpc.SecurityGroup{ID: id, VPC: m.vpcs[vi].id, Default: true,
			Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, Group: id}},
			Egress:  vpc.DefaultEgress(m.vpcs[vi].ipv6.IsValid())}
		m.vpcs[vi].defSG = sgIdx(len(m.sgs))
		add(c, id, m.vpcs[vi].defSG)
		m.sgs = append(m.sgs, cSG{id: id, vpc: vpcIdx(vi), synthesized: true})
		sgs = append(sgs, g)
	}
	for i, g := range sgs {
		m.sgs[i].ingress = c.rules(sgIdx(i), false, g.Ingress)
		m.sgs[i].egress = c.rules(sgIdx(i), true, g.Egress)
	}
	for g := range m.sgs {
		m.sgs[g].index = [2]*portIndex{newPortIndex(m.sgs[g].ingress), newPortIndex(m.sgs[g].egress)}
		for i := range m.sgs[g].ingress {
			m.sgs[g].ingress[i].desc = m.sgRuleString(sgIdx(g), false, i)
		}
		for i := range m.sgs[g].egress {
			m.sgs[g].egress[i].desc = m.sgRuleString(sgIdx(g), true, i)
		}
	}
}

// sgReferences records the VPC pairs whose security groups may reference
// each other's: across an active peering in one Region, and across a
// transit gateway with referencing on and not turned off by the
// attachment (from the declarations: attachments compile later).
func (c *compiler) sgReferences() {
	m := c.m
	m.sgRefOK = map[[2]vpcIdx]uint8{}
	for _, x := range m.pcxs {
		if x.active && m.vpcs[x.a].region == m.vpcs[x.b].region {
			m.sgRefOK[vpcPair(x.a, x.b)] |= refPeering
		}
	}
	tgwRef := map[string]bool{}
	for _, t := range c.n.TransitGateways {
		tgwRef[t.ID] = t.SecurityGroupReferencing
	}
	byTGW := map[string][]vpcIdx{}
	for _, a := range c.n.TransitGatewayAttachments {
		if tgwRef[a.TransitGateway] && !a.SecurityGroupReferencingDisabled && a.VPC != "" {
			byTGW[a.TransitGateway] = append(byTGW[a.TransitGateway], indexOf[vpcIdx](c, a.VPC))
		}
	}
	for _, vs := range byTGW {
		for _, a := range vs {
			for _, b := range vs {
				if a != b {
					m.sgRefOK[vpcPair(a, b)] |= refTGW
				}
			}
		}
	}
}

// rules compiles the ingress or egress rules of group sg.
func (c *compiler) rules(sg sgIdx, egress bool, rs []vpc.SGRule) []cRule {
	out := make([]cRule, 0, len(rs))
	own := c.m.sgs[sg].vpc
	for i, r := range rs {
		cr := compileMatch(r.Protocol, r.Ports, r.ICMP)
		cr.index = i
		cr.peer, cr.pl, cr.group = r.CIDR, noPL, noSG
		if r.PrefixList != "" {
			cr.pl = indexOf[plIdx](c, r.PrefixList)
		}
		if r.Group != "" {
			cr.group = indexOf[sgIdx](c, r.Group)
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

// sgCheck applies interface e's security groups to p, egress or ingress.
// Security groups are stateful: on the reply, an interface the request
// passed lets it through by connection tracking; one the request did not
// pass (an appliance on an asymmetric return path) judges it by its rules
// like any new flow.
func (w *walker) sgCheck(e eniIdx, egress bool, p pkt) bool {
	m := w.m
	E := &m.enis[e]
	if len(E.sgs) == 0 {
		return true
	}
	if w.reply && w.tracked(e) {
		w.hop(kindENI, E.id, StepSGReply, func() string { return "reply to a tracked connection" }, p)
		return true
	}
	if !w.reply {
		w.track(e)
	}
	peer, peerVPC, dir := p.src, p.srcVPC, byte('g')
	step, reason := StepSGIngress, SGIngress
	if egress {
		peer, peerVPC, dir = p.dst, unknownVPC, 'e'
		step, reason = StepSGEgress, SGEgress
	}
	if w.sig != nil {
		w.signSG(e, dir, peer)
		return true
	}
	for _, g := range E.sgs {
		w.touch(refOf(g))
	}
	sg, ri := m.sgMatch(E.sgs, egress, peer, peerVPC, p)
	if sg == noSG {
		w.fail(reason, kindENI, E.id, step, func() string { return m.sgBlockText(E.sgs, egress, p, peer) })
		return false
	}
	w.hopRef(kindENI, E.id, step, m.sgRef(sg, egress, ri), func() string { return m.sgRuleString(sg, egress, ri) }, p)
	return true
}

// matchesPeer reports whether rule r's peer holds address a. vpcOfA is the
// VPC in which a is a private address (noVPC if none, unknownVPC if not
// known):
// security group peers match only private addresses of interfaces carrying
// the group, in the group's VPC, and only where the group may be
// referenced from (its own VPC, a same-Region peer, a transit gateway with
// referencing on).
func (m *Model) matchesPeer(r *cRule, a netip.Addr, vpcOfA vpcIdx, as eniIdx) bool {
	switch {
	case r.group != noSG && as != noENI && !r.stale:
		if _, ok := slices.BinarySearch(m.enis[as].sgs, r.group); ok {
			return true
		}
		fallthrough
	case r.group != noSG:
		gv := m.sgs[r.group].vpc
		if r.stale || vpcOfA == noVPC || vpcOfA != unknownVPC && vpcOfA != gv {
			return false
		}
		e := m.eniAt(gv, a)
		if e == noENI {
			return false
		}
		_, ok := slices.BinarySearch(m.enis[e].sgs, r.group)
		return ok
	case r.pl != noPL:
		return m.pls[r.pl].set.Contains(a)
	}
	return r.peer.Contains(a)
}

// sgMatch returns the first group (by index in sgs order) and rule that
// allow p from or to peer, or noSG. Security groups are unions of allow
// rules, so any matching rule admits a packet; a range of destination
// ports (a reply's ephemeral ports) is admitted when every port is, by one
// rule or another: the union is constant between rule port bounds, so
// the first port and every bound inside the range are checked. The rule
// reported is the one admitting the first port.
func (m *Model) sgMatch(sgs []sgIdx, egress bool, peer netip.Addr, peerVPC vpcIdx, p pkt) (sgIdx, int) {
	as := noENI
	if !egress {
		as = p.memberOf()
	}
	g, i := m.sgMatchPort(sgs, egress, peer, peerVPC, as, p.proto, p.dlo)
	if g == noSG || p.dlo == p.dhi || !hasPorts(p.proto) {
		return g, i
	}
	// Indexed lists yield the bounds of the rules of p's protocol; the
	// others change no decision.
	denied := false
	for _, sg := range sgs {
		if x := m.sgIndex(sg, egress); x != nil {
			x.bounds(p.proto, p.dlo, p.dhi, func(b uint16) bool {
				h, _ := m.sgMatchPort(sgs, egress, peer, peerVPC, as, p.proto, b)
				denied = h == noSG
				return !denied
			})
			if denied {
				return noSG, -1
			}
			continue
		}
		for _, r := range m.sgRules(sg, egress) {
			for _, b := range [2]uint32{uint32(r.lo), uint32(r.hi) + 1} {
				if b > uint32(p.dlo) && b <= uint32(p.dhi) {
					if h, _ := m.sgMatchPort(sgs, egress, peer, peerVPC, as, p.proto, uint16(b)); h == noSG {
						return noSG, -1
					}
				}
			}
		}
	}
	// The union admits the whole range: name a rule that admits it all
	// alone when there is one, else the rule of the first port.
	for _, sg := range sgs {
		rules := m.sgRules(sg, egress)
		for j := range rules {
			if rules[j].matchesProto(p.proto, p.dlo, p.dhi) && m.matchesPeer(&rules[j], peer, peerVPC, as) {
				return sg, j
			}
		}
	}
	return g, i
}

// sgMatchPort returns the first group and rule allowing one packet.
func (m *Model) sgMatchPort(sgs []sgIdx, egress bool, peer netip.Addr, peerVPC vpcIdx, as eniIdx, proto uint8, port uint16) (sgIdx, int) {
	for _, g := range sgs {
		rules := m.sgRules(g, egress)
		if x := m.sgIndex(g, egress); x != nil {
			if i := x.first(rules, proto, port, func(r *cRule) bool { return m.matchesPeer(r, peer, peerVPC, as) }); i >= 0 {
				return g, i
			}
			continue
		}
		for i := range rules {
			r := &rules[i]
			if r.matchesProto(proto, port, port) && m.matchesPeer(r, peer, peerVPC, as) {
				return g, i
			}
		}
	}
	return noSG, -1
}

// sgIndex returns the port index of group g's egress or ingress rules, or
// nil.
func (m *Model) sgIndex(g sgIdx, egress bool) *portIndex {
	if egress {
		return m.sgs[g].index[1]
	}
	return m.sgs[g].index[0]
}

func (m *Model) sgRules(g sgIdx, egress bool) []cRule {
	if egress {
		return m.sgs[g].egress
	}
	return m.sgs[g].ingress
}

func (m *Model) sgRef(g sgIdx, egress bool, i int) RuleRef {
	list, rules := "ingress", m.sgs[g].ingress
	if egress {
		list, rules = "egress", m.sgs[g].egress
	}
	idx := rules[i].index
	if m.sgs[g].synthesized {
		idx = -1
	}
	return RuleRef{Resource: m.sgs[g].id, List: list, Index: idx}
}

// sgBlockText explains that no egress or ingress rule of groups sgs
// allows p to or from peer: "no ingress rule of sg-a, sg-b allows tcp 22
// from 10.0.1.5", in one allocation.
func (m *Model) sgBlockText(sgs []sgIdx, egress bool, p pkt, peer netip.Addr) string {
	what, from := "ingress", " from "
	if egress {
		what, from = "egress", " to "
	}
	var buf [256]byte
	b := append(append(append(buf[:0], "no "...), what...), " rule of "...)
	for i, g := range sgs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, m.sgs[g].id...)
	}
	b = appendFlowDesc(append(b, " allows "...), p)
	return string(peer.AppendTo(append(b, from...)))
}

func (m *Model) sgRuleString(g sgIdx, egress bool, i int) string {
	dir, peerDir, rules := "ingress", "from", m.sgs[g].ingress
	if egress {
		dir, peerDir, rules = "egress", "to", m.sgs[g].egress
	}
	r := &rules[i]
	if r.desc != "" {
		return r.desc
	}
	return fmt.Sprintf("%s %s rule %d: %s %s %s", m.sgs[g].id, dir, r.index, m.ruleMatchString(r), peerDir, m.peerString(r))
}

func (m *Model) peerString(r *cRule) string {
	switch {
	case r.group != noSG:
		return m.sgs[r.group].id
	case r.pl != noPL:
		return m.pls[r.pl].id
	}
	return r.peer.String()
}

// sgRuleLists returns group g's ingress and egress rules.
func sgRuleLists(m *Model, g int32) [2][]cRule { return [2][]cRule{m.sgs[g].ingress, m.sgs[g].egress} }
