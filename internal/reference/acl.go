package reference

import (
	"cmp"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// Network ACLs.
//
// AWS facts (Amazon VPC User Guide, "Control subnet traffic with network
// access control lists", "Network ACL rules" and "Default network ACL"):
//
//   - Every subnet has one network ACL: the one associated with it, else
//     its VPC's default ACL. The default ACL AWS creates allows all
//     traffic in both directions (rule 100, and rule 101 for IPv6 when the
//     VPC has an IPv6 block).
//   - ACLs are stateless: a reply is checked like any packet, on the ports
//     it carries (its destination ports are the client's ephemeral range).
//   - Entries are evaluated in ascending rule number; the first entry that
//     matches decides, allow or deny. A packet no entry matches is denied.
//   - An entry matches by CIDR (the source inbound, the destination
//     outbound), protocol, and port range or ICMP type and code.
//   - The ACL applies only to traffic crossing the subnet boundary (see
//     routing.go).

// acl is a network ACL as it applies to a subnet.
type acl struct {
	id                string
	inbound, outbound []vpc.ACLEntry
}

// aclOf returns the network ACL of subnet sid.
func (r *Net) aclOf(sid string) acl {
	for _, a := range r.n.NetworkACLs {
		if slices.Contains(a.Subnets, sid) {
			return acl{a.ID, a.Inbound, a.Outbound}
		}
	}
	v := r.vpcOf(sid)
	for _, a := range r.n.NetworkACLs {
		if a.VPC == v && a.Default {
			return acl{a.ID, a.Inbound, a.Outbound}
		}
	}
	all := []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: netip.MustParsePrefix("0.0.0.0/0")}}
	if x := r.vpc(v); x != nil && x.IPv6CIDR.IsValid() {
		all = append(all, vpc.ACLEntry{Number: 101, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: netip.MustParsePrefix("::/0")})
	}
	return acl{v + "/default-acl", all, all}
}

// entries returns the ACL's entries for a direction, and the packet
// address they match: the source inbound, the destination outbound.
func (a acl) entries(inbound bool, p packet) ([]vpc.ACLEntry, netip.Addr) {
	if inbound {
		return a.inbound, p.src
	}
	return a.outbound, p.dst
}

// firstMatch returns the entry deciding packet p at one destination port:
// the lowest-numbered matching entry, or nil for the final deny.
func firstMatch(entries []vpc.ACLEntry, peer netip.Addr, p packet, port uint16) *vpc.ACLEntry {
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, func(a, b vpc.ACLEntry) int { return cmp.Compare(a.Number, b.Number) })
	for i := range sorted {
		e := &sorted[i]
		if e.CIDR.Contains(peer) && selects(e.Protocol, e.Ports, e.ICMP, p, port) {
			return e
		}
	}
	return nil
}

// aclPorts returns the ports of p's destination range at which the
// entries' first-match decision can change.
func aclPorts(entries []vpc.ACLEntry, p packet) []uint16 {
	var ranges []vpc.PortRange
	for _, e := range entries {
		ranges = append(ranges, e.Ports)
	}
	return changePorts(p, ranges)
}

// aclAdmits reports whether subnet sid's ACL allows p in a direction, on
// every port of p's destination range.
func (r *Net) aclAdmits(sid string, inbound bool, p packet) bool {
	entries, peer := r.aclOf(sid).entries(inbound, p)
	for _, port := range aclPorts(entries, p) {
		if e := firstMatch(entries, peer, p, port); e == nil || e.Action != vpc.Allow {
			return false
		}
	}
	return true
}
