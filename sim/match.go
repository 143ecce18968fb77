package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file holds the rule matchers shared by security groups and network
// ACLs: which packets a compiled rule matches, the union semantics of
// security groups and the first-match semantics of network ACLs.

// hasPorts reports whether packets of protocol p carry a port (or ICMP
// type and code) that rules select on.
func hasPorts(p uint8) bool { return p == 6 || p == 17 || p == 1 || p == 58 }

// matchesProto reports whether rule r selects protocol p and the whole
// destination port range [lo, hi].
func (r *cRule) matchesProto(p uint8, lo, hi uint16) bool {
	if r.proto != -1 && r.proto != int16(p) {
		return false
	}
	return !hasPorts(p) || (r.lo <= lo && hi <= r.hi)
}

// matchesPeer reports whether rule r's peer holds address a. vpcOfA is the
// VPC in which a is a private address (-1 if none, -2 if not known):
// security group peers match only private addresses of interfaces carrying
// the group, in the group's VPC, and only where the group may be
// referenced from (its own VPC, a same-Region peer, a transit gateway with
// referencing on).
func (m *Model) matchesPeer(r *cRule, a netip.Addr, vpcOfA int32) bool {
	switch {
	case r.group >= 0:
		gv := m.sgs[r.group].vpc
		if r.stale || vpcOfA == -1 || vpcOfA >= 0 && vpcOfA != gv {
			return false
		}
		e := m.eniAt(gv, a)
		if e < 0 {
			return false
		}
		_, ok := slices.BinarySearch(m.enis[e].sgs, r.group)
		return ok
	case r.pl >= 0:
		return m.pls[r.pl].set.Contains(a)
	}
	return r.peer.Contains(a)
}

// sgMatch returns the first group (by index in sgs order) and rule that
// allow p from or to peer, or -1. Security groups are unions of allow
// rules, so any matching rule admits a packet; a range of destination
// ports (a reply's ephemeral ports) is admitted when every port is, by one
// rule or another: the union is constant between rule port bounds, so
// the first port and every bound inside the range are checked. The rule
// reported is the one admitting the first port.
func (m *Model) sgMatch(sgs []int32, egress bool, peer netip.Addr, peerVPC int32, p pkt) (int32, int) {
	g, i := m.sgMatchPort(sgs, egress, peer, peerVPC, p.proto, p.dlo)
	if g < 0 || p.dlo == p.dhi || !hasPorts(p.proto) {
		return g, i
	}
	for _, sg := range sgs {
		for _, r := range m.sgRules(sg, egress) {
			for _, b := range [2]uint32{uint32(r.lo), uint32(r.hi) + 1} {
				if b > uint32(p.dlo) && b <= uint32(p.dhi) {
					if h, _ := m.sgMatchPort(sgs, egress, peer, peerVPC, p.proto, uint16(b)); h < 0 {
						return -1, -1
					}
				}
			}
		}
	}
	return g, i
}

// sgMatchPort returns the first group and rule allowing one packet.
func (m *Model) sgMatchPort(sgs []int32, egress bool, peer netip.Addr, peerVPC int32, proto uint8, port uint16) (int32, int) {
	for _, g := range sgs {
		rules := m.sgRules(g, egress)
		for i := range rules {
			r := &rules[i]
			if r.matchesProto(proto, port, port) && m.matchesPeer(r, peer, peerVPC) {
				return g, i
			}
		}
	}
	return -1, -1
}

func (m *Model) sgRules(g int32, egress bool) []cRule {
	if egress {
		return m.sgs[g].egress
	}
	return m.sgs[g].ingress
}

// aclDecide applies first-match network ACL semantics to p, whose peer
// address (source inbound, destination outbound) is peer. It returns
// whether every destination port of p is allowed, and the deciding entry:
// the allowing entry of the first port, or the entry that denies some port
// (-1 for the final implicit deny).
//
// The decision is constant between entry port boundaries, so a port range
// is decided by checking its first port and every boundary inside it.
func aclDecide(rules []cRule, peer netip.Addr, p pkt) (bool, int) {
	allow, ri := aclFirst(rules, peer, p.proto, p.dlo)
	if !allow || p.dlo == p.dhi || !hasPorts(p.proto) {
		return allow, ri
	}
	for i := range rules {
		for _, b := range [2]uint32{uint32(rules[i].lo), uint32(rules[i].hi) + 1} {
			if b <= uint32(p.dlo) || b > uint32(p.dhi) {
				continue
			}
			if ok, rj := aclFirst(rules, peer, p.proto, uint16(b)); !ok {
				return false, rj
			}
		}
	}
	return true, ri
}

// aclFirst returns the decision of the first entry matching one packet.
func aclFirst(rules []cRule, peer netip.Addr, proto uint8, port uint16) (bool, int) {
	for i := range rules {
		r := &rules[i]
		if r.peer.Contains(peer) && r.matchesProto(proto, port, port) {
			return r.allow, i
		}
	}
	return false, -1
}

// --- explanations -------------------------------------------------------

func (m *Model) sgRef(g int32, egress bool, i int) RuleRef {
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

func (m *Model) aclRef(a int32, inbound bool, i int) RuleRef {
	list, rules := "outbound", m.acls[a].outbound
	if inbound {
		list, rules = "inbound", m.acls[a].inbound
	}
	n := -1
	if i >= 0 {
		n = rules[i].number
	}
	return RuleRef{Resource: m.acls[a].id, List: list, Index: n}
}

func (m *Model) routeRef(t int32, i int) RuleRef {
	return RuleRef{Resource: m.rtbs[t].id, List: "routes", Index: m.rtbs[t].routes[i].index}
}

func (m *Model) sgNames(sgs []int32) string {
	names := make([]string, len(sgs))
	for i, g := range sgs {
		names[i] = m.sgs[g].id
	}
	return strings.Join(names, ", ")
}

func (m *Model) sgRuleString(g int32, egress bool, i int) string {
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

func (m *Model) aclRuleString(a int32, inbound bool, i int, p pkt) string {
	dir, rules := "outbound", m.acls[a].outbound
	if inbound {
		dir, rules = "inbound", m.acls[a].inbound
	}
	if i < 0 {
		return fmt.Sprintf("%s %s rule *: deny all (no entry matches %s)", m.acls[a].id, dir, m.flowDesc(p))
	}
	r := &rules[i]
	if r.desc != "" {
		return r.desc
	}
	action := "deny"
	if r.allow {
		action = "allow"
	}
	return fmt.Sprintf("%s %s rule %d: %s %s %s", m.acls[a].id, dir, r.number, action, m.ruleMatchString(r), r.peer)
}

func (m *Model) peerString(r *cRule) string {
	switch {
	case r.group >= 0:
		return m.sgs[r.group].id
	case r.pl >= 0:
		return m.pls[r.pl].id
	}
	return r.peer.String()
}

// ruleMatchString formats what a rule selects: "all", "tcp 443", "icmp type 8".
func (m *Model) ruleMatchString(r *cRule) string {
	p := vpc.Protocol(r.proto)
	switch {
	case r.proto == -1:
		return "all"
	case p.HasPorts():
		return fmt.Sprintf("%s %s", p, vpc.Ports(r.lo, r.hi))
	case p.IsICMP():
		return fmt.Sprintf("%s %s", p, icmpRange(r.lo, r.hi))
	}
	return p.String()
}

func icmpRange(lo, hi uint16) vpc.ICMP {
	switch {
	case lo == 0 && hi == 0xFFFF:
		return vpc.AnyICMP
	case lo == hi:
		return vpc.ICMPMessage(uint8(lo>>8), uint8(lo))
	}
	return vpc.ICMPType(uint8(lo >> 8))
}

// flowDesc formats the protocol and destination ports of p: "tcp 5432".
func (m *Model) flowDesc(p pkt) string {
	pr := vpc.Protocol(p.proto)
	switch {
	case pr.HasPorts():
		return fmt.Sprintf("%s %s", pr, vpc.Ports(p.dlo, p.dhi))
	case pr.IsICMP():
		return fmt.Sprintf("%s %s", pr, icmpRange(p.dlo, p.dhi))
	}
	return pr.String()
}

func (m *Model) tgwRouteRef(t int32, i int) RuleRef {
	return RuleRef{Resource: m.tgwRTBs[t].id, List: "routes", Index: m.tgwRTBs[t].routes[i].index}
}

func (m *Model) tgwRouteString(t int32, i int) string {
	r := &m.tgwRTBs[t].routes[i]
	switch {
	case r.att < 0:
		return fmt.Sprintf("%s route %s -> blackhole", m.tgwRTBs[t].id, r.dst)
	case r.propagated:
		return fmt.Sprintf("%s route %s -> %s (propagated)", m.tgwRTBs[t].id, r.dst, m.tgwAtts[r.att].id)
	}
	return fmt.Sprintf("%s route %s -> %s", m.tgwRTBs[t].id, r.dst, m.tgwAtts[r.att].id)
}

func (m *Model) routeString(t int32, i int) string {
	r := &m.rtbs[t].routes[i]
	if r.desc != "" {
		return r.desc
	}
	dst := r.dst.String()
	if r.pl >= 0 {
		dst = fmt.Sprintf("%s (%s)", m.pls[r.pl].id, r.dst)
	}
	return fmt.Sprintf("%s route %s -> %s", m.rtbs[t].id, dst, r.target)
}

func (m *Model) exportPacket(p pkt) Packet {
	out := Packet{Src: p.src, Dst: p.dst, Protocol: vpc.Protocol(p.proto)}
	switch {
	case out.Protocol.HasPorts():
		out.SrcPorts, out.DstPorts = vpc.Ports(p.slo, p.shi), vpc.Ports(p.dlo, p.dhi)
	case out.Protocol.IsICMP():
		i := icmpRange(p.dlo, p.dhi)
		out.ICMP = &i
	}
	return out
}
