package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the network ACL: its checks, its compiled form,
// and the check a subnet makes of its ACL on the way out and in
// (stateless, first match by rule number).

// aclIdx indexes Model.acls.
type aclIdx int32

const noACL aclIdx = -1

func (aclIdx) kind() kind { return kindACL }

// cACL is a compiled network ACL.
type cACL struct {
	id       string
	vpc      vpcIdx
	inbound  []cRule // sorted by rule number
	outbound []cRule
	// class numbers ACLs with identical entries; bounds are the sorted
	// first and after-last addresses of its CIDRs. Peers between the same
	// bounds meet the same decisions (see signature.go).
	class  int32
	bounds []netip.Addr
	// index holds the port indices of long inbound and outbound lists
	// (nil for short ones, which are scanned).
	index [2]*portIndex
}

func (v *validator) checkACL(r vres, _ int, a *vpc.NetworkACL) {
	vpcID := ""
	if vp := r.vpcRef("vpc", a.VPC, true); vp != nil {
		vpcID = a.VPC
		if a.Default {
			r.onlyOne("default", "a default network acl", vpcID)
		}
	}
	for i, s := range a.Subnets {
		r.associate(fmt.Sprintf("subnets[%d]", i), s, vpcID)
	}
	for _, dir := range []struct {
		name    string
		entries []vpc.ACLEntry
	}{{"inbound", a.Inbound}, {"outbound", a.Outbound}} {
		seen := make(map[int]int, len(dir.entries))
		for i := range dir.entries {
			e := &dir.entries[i]
			base := fmt.Sprintf("%s[%d]", dir.name, i)
			switch j, dup := seen[e.Number]; {
			case e.Number < 1 || e.Number > 32766:
				r.errf(base+".number", ErrInvalidValue, "%d: want a rule number from 1 to 32766", e.Number)
			case dup:
				r.errf(base+".number", ErrConflict, "rule number %d is already used by %s[%d]", e.Number, dir.name, j)
			default:
				seen[e.Number] = i
			}
			if e.Action != vpc.Allow && e.Action != vpc.Deny {
				r.errf(base+".action", ErrInvalidValue, "%q: want allow or deny", e.Action)
			}
			r.traffic(base, e.Protocol, e.Ports, e.ICMP)
			r.prefix(base+".cidr", e.CIDR, requiredCIDRRule)
		}
	}
}

// compileACLs compiles the network ACLs: the declared ones, then each
// VPC's synthesized default ACL when it declares none (allow all). Subnets
// are associated by their own step.
func compileACLs(c *compiler) {
	n, m := c.n, c.m
	acls := sortedBy(n.NetworkACLs, func(a vpc.NetworkACL) string { return a.ID })
	for i, a := range acls {
		v := indexOf[vpcIdx](c, a.VPC)
		m.acls = append(m.acls, cACL{id: a.ID, vpc: v})
		add(c, a.ID, aclIdx(i))
		if a.Default {
			m.vpcs[v].defACL = aclIdx(i)
		}
	}
	for vi := range m.vpcs {
		if m.vpcs[vi].defACL != noACL {
			continue
		}
		id := defaultACLName(m.vpcs[vi].id)
		e := vpc.AllowAllACL(m.vpcs[vi].ipv6.IsValid())
		acls = append(acls, vpc.NetworkACL{ID: id, VPC: m.vpcs[vi].id, Default: true, Inbound: e, Outbound: e})
		m.vpcs[vi].defACL = aclIdx(len(m.acls))
		add(c, id, m.vpcs[vi].defACL)
		m.acls = append(m.acls, cACL{id: id, vpc: vpcIdx(vi)})
	}
	for i, a := range acls {
		m.acls[i].inbound = c.aclEntries(a.Inbound)
		m.acls[i].outbound = c.aclEntries(a.Outbound)
		m.acls[i].index = [2]*portIndex{newPortIndex(m.acls[i].inbound), newPortIndex(m.acls[i].outbound)}
	}
	m.classifyACLs()
	for a := range m.acls {
		for i := range m.acls[a].inbound {
			m.acls[a].inbound[i].desc = m.aclRuleString(aclIdx(a), true, i, pkt{})
		}
		for i := range m.acls[a].outbound {
			m.acls[a].outbound[i].desc = m.aclRuleString(aclIdx(a), false, i, pkt{})
		}
	}
}

func (c *compiler) aclEntries(es []vpc.ACLEntry) []cRule {
	out := make([]cRule, 0, len(es))
	for i, e := range es {
		cr := compileMatch(e.Protocol, e.Ports, e.ICMP)
		cr.index, cr.number = i, e.Number
		cr.peer, cr.pl, cr.group = e.CIDR, noPL, noSG
		cr.allow = e.Action == vpc.Allow
		out = append(out, cr)
	}
	slices.SortFunc(out, func(a, b cRule) int { return cmp.Compare(a.number, b.number) })
	return out
}

// aclCheck applies subnet s's network ACL to p, inbound or outbound; the
// peer is p's source inbound and its destination outbound.
func (w *walker) aclCheck(s subnetIdx, inbound bool, p pkt) bool {
	m := w.m
	S := &m.subnets[s]
	A := &m.acls[S.acl]
	w.touch(refOf(S.acl))
	rules, index, peer, step, reason := A.outbound, A.index[1], p.dst, StepACLOutbound, NACLOutbound
	if inbound {
		rules, index, peer, step, reason = A.inbound, A.index[0], p.src, StepACLInbound, NACLInbound
	}
	if w.sig != nil {
		w.sign(S.acl, inbound, peer)
		return true
	}
	allow, ri := aclDecide(rules, index, peer, p)
	ref := m.aclRef(S.acl, inbound, ri)
	if !allow {
		w.failRef(reason, kindSubnet, S.id, step, ref, func() string {
			// Name the part of the port range that is denied.
			q := p
			q.dlo, q.dhi = aclDenied(rules, peer, p)
			s := m.aclRuleString(S.acl, inbound, ri, q)
			if ri >= 0 && (q.dlo != p.dlo || q.dhi != p.dhi) {
				s += fmt.Sprintf(" (denies %s of %s)", m.flowDesc(q), m.flowDesc(p))
			}
			return s
		})
		return false
	}
	w.hopRef(kindSubnet, S.id, step, ref, func() string { return m.aclRuleString(S.acl, inbound, ri, p) }, p)
	return true
}

// aclDecide applies first-match network ACL semantics to p, whose peer
// address (source inbound, destination outbound) is peer. It returns
// whether every destination port of p is allowed, and the deciding entry:
// the allowing entry of the first port, or the entry that denies the
// lowest denied port (-1 for the final implicit deny). index is the
// rules' port index, or nil.
//
// The decision is constant between entry port boundaries, so a port range
// is decided by checking its first port and every boundary inside it; the
// lowest denied port is the lowest denied boundary.
func aclDecide(rules []cRule, index *portIndex, peer netip.Addr, p pkt) (bool, int) {
	allow, ri := aclFirst(rules, index, peer, p.proto, p.dlo)
	if !allow || p.dlo == p.dhi || !hasPorts(p.proto) {
		return allow, ri
	}
	denied, deny := uint32(p.dhi)+1, 0 // the lowest denied boundary, its entry
	if index != nil {
		// The boundaries come in ascending order: the first denied is the
		// lowest.
		index.bounds(p.proto, p.dlo, p.dhi, func(b uint16) bool {
			if ok, rj := aclFirst(rules, index, peer, p.proto, b); !ok {
				denied, deny = uint32(b), rj
			}
			return denied > uint32(p.dhi)
		})
	} else {
		for i := range rules {
			for _, b := range [2]uint32{uint32(rules[i].lo), uint32(rules[i].hi) + 1} {
				if b <= uint32(p.dlo) || b >= denied {
					continue
				}
				if ok, rj := aclFirst(rules, nil, peer, p.proto, uint16(b)); !ok {
					denied, deny = b, rj
				}
			}
		}
	}
	if denied <= uint32(p.dhi) {
		return false, deny
	}
	return true, ri
}

// aclDenied returns the first run of p's destination ports that the
// entries deny (all of p's ports when they deny the first): from the first
// denied port up to the next port where the decision changes.
func aclDenied(rules []cRule, peer netip.Addr, p pkt) (lo, hi uint16) {
	if !hasPorts(p.proto) || p.dlo == p.dhi {
		return p.dlo, p.dhi
	}
	bounds := []uint32{uint32(p.dlo), uint32(p.dhi) + 1}
	for i := range rules {
		for _, b := range [2]uint32{uint32(rules[i].lo), uint32(rules[i].hi) + 1} {
			if b > uint32(p.dlo) && b <= uint32(p.dhi) {
				bounds = append(bounds, b)
			}
		}
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	start := -1
	for k := 0; k+1 < len(bounds); k++ {
		allow, _ := aclFirst(rules, nil, peer, p.proto, uint16(bounds[k]))
		switch {
		case !allow && start < 0:
			start = k
		case allow && start >= 0:
			return uint16(bounds[start]), uint16(bounds[k] - 1)
		}
	}
	if start < 0 {
		return p.dlo, p.dhi
	}
	return uint16(bounds[start]), p.dhi
}

// aclFirst returns the decision of the first entry matching one packet.
func aclFirst(rules []cRule, index *portIndex, peer netip.Addr, proto uint8, port uint16) (bool, int) {
	if index != nil {
		i := index.first(rules, proto, port, func(r *cRule) bool { return r.peer.Contains(peer) })
		return i >= 0 && rules[i].allow, i
	}
	for i := range rules {
		r := &rules[i]
		if r.peer.Contains(peer) && r.matchesProto(proto, port, port) {
			return r.allow, i
		}
	}
	return false, -1
}

func (m *Model) aclRef(a aclIdx, inbound bool, i int) RuleRef {
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

func (m *Model) aclRuleString(a aclIdx, inbound bool, i int, p pkt) string {
	dir, rules := "outbound", m.acls[a].outbound
	if inbound {
		dir, rules = "inbound", m.acls[a].inbound
	}
	if i < 0 {
		var buf [128]byte
		b := append(append(append(append(buf[:0], m.acls[a].id...), ' '), dir...), " rule *: deny all (no entry matches "...)
		return string(append(appendFlowDesc(b, p), ')'))
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

// aclRuleLists returns ACL a's inbound and outbound entries.
func aclRuleLists(m *Model, a int32) [2][]cRule {
	return [2][]cRule{m.acls[a].inbound, m.acls[a].outbound}
}
