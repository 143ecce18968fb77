package sim

import (
	"fmt"
	"net/netip"
)

// lintSplitSubnet reports security group rules and network ACL entries
// whose CIDR covers part of a subnet: AWS gives interfaces addresses at
// random within their subnet, so such a rule treats the subnet's
// interfaces differently by chance, and a replaced instance or a new task
// may fall on the other side. Rules naming one address (/32, /128) are
// taken as deliberate: they pin a host.
func lintSplitSubnet(m *Model, add func(Finding)) {
	split := func(p netip.Prefix) (subnetIdx, netip.Prefix, bool) {
		if !p.IsValid() || p.Bits() == p.Addr().BitLen() {
			return noSubnet, netip.Prefix{}, false
		}
		for si := range m.subnets {
			s := &m.subnets[si]
			for _, c := range []netip.Prefix{s.cidr, s.ipv6} {
				if c.IsValid() && c.Addr().Is4() == p.Addr().Is4() && c.Bits() < p.Bits() && c.Contains(p.Addr()) {
					return subnetIdx(si), c, true
				}
			}
		}
		return noSubnet, netip.Prefix{}, false
	}
	const fix = "name the whole subnet's CIDR, or a security group, instead; if the split is deliberate, give the interfaces on each side fixed addresses, or subnets of their own"
	explain := func(desc string, p netip.Prefix, si subnetIdx, c netip.Prefix) string {
		return fmt.Sprintf("%s: %s is part of subnet %s (%s), whose interfaces get addresses at random: the rule treats them differently by chance", desc, p, m.subnets[si].id, c)
	}
	for _, g := range m.sgs {
		for dir, rules := range [2][]cRule{g.ingress, g.egress} {
			for _, r := range rules {
				if r.group != noSG || r.pl != noPL {
					continue
				}
				if si, c, ok := split(r.peer); ok {
					add(Finding{Resource: g.id, Kind: "security-group", Field: fmt.Sprintf("%s[%d]", [2]string{"ingress", "egress"}[dir], r.index),
						Explanation: explain(r.desc, r.peer, si, c), Fix: fix})
				}
			}
		}
	}
	for _, a := range m.acls {
		for dir, rules := range [2][]cRule{a.inbound, a.outbound} {
			for _, r := range rules {
				if si, c, ok := split(r.peer); ok {
					add(Finding{Resource: a.id, Kind: "network-acl", Field: fmt.Sprintf("%s rule %d", [2]string{"inbound", "outbound"}[dir], r.number),
						Explanation: explain(r.desc, r.peer, si, c), Fix: fix})
				}
			}
		}
	}
}
