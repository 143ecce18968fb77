package vpc

import "net/netip"

// SecurityGroup is a stateful set of allow rules applied to network
// interfaces. Rules of all groups on an interface are unioned; replies to an
// allowed flow are always allowed.
//
// Declarations are explicit, as in Terraform: a group with no Egress rules
// allows no egress. [DefaultEgress] gives the rules AWS adds to a new group
// ([AllowAllEgress], and [AllowAllEgress6] in a VPC with an IPv6 block).
type SecurityGroup struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	VPC  string `json:"vpc"`
	// Default marks the VPC's default group, which interfaces declared with
	// no groups get. A VPC without a declared default group gets the AWS
	// default: all inbound from itself, all outbound.
	Default bool              `json:"default,omitempty"`
	Ingress []SGRule          `json:"ingress,omitempty"`
	Egress  []SGRule          `json:"egress,omitempty"`
	Tags    map[string]string `json:"tags,omitempty"`
}

// SGRule allows traffic of a protocol and port range (or ICMP type and code)
// from (ingress) or to (egress) one peer: a CIDR, a managed prefix list or a
// security group.
type SGRule struct {
	// Protocol is required: [ProtocolTCP], [ProtocolUDP], [ProtocolICMP],
	// [ProtocolICMPv6], [ProtocolAll] or another IP protocol number.
	Protocol Protocol `json:"protocol"`
	// Ports is required for TCP and UDP ([AllPorts] for every port) and
	// not allowed for other protocols.
	Ports PortRange `json:"ports,omitzero"`
	// ICMP applies to ICMP and ICMPv6; the zero value matches every type
	// and code. An icmp rule whose peer is IPv6 (or icmpv6 with an IPv4
	// peer) is accepted, as AWS accepts it, and matches nothing.
	ICMP ICMP `json:"icmp,omitzero"`
	// Exactly one peer is set.
	CIDR       netip.Prefix `json:"cidr,omitzero"`
	PrefixList string       `json:"prefixList,omitempty"`
	// Group is a security group ID; rules matching a group match the private
	// addresses of the interfaces that carry it (never public addresses).
	Group       string `json:"group,omitempty"`
	Description string `json:"description,omitempty"`
}

// AllowAllEgress is the egress rule AWS gives every new security group:
// every protocol to 0.0.0.0/0. [DefaultEgress] adds the IPv6 rule of a
// dual-stack VPC.
func AllowAllEgress() SGRule {
	return SGRule{Protocol: ProtocolAll, CIDR: netip.MustParsePrefix("0.0.0.0/0")}
}

// AllowAllEgress6 is the egress rule AWS adds to a new security group in a
// VPC with an IPv6 block: every protocol to ::/0.
func AllowAllEgress6() SGRule {
	return SGRule{Protocol: ProtocolAll, CIDR: netip.MustParsePrefix("::/0")}
}

// DefaultEgress returns the egress rules AWS gives a new security group:
// all traffic to 0.0.0.0/0 and, when the VPC has an IPv6 block (ipv6 set),
// all traffic to ::/0.
func DefaultEgress(ipv6 bool) []SGRule {
	if ipv6 {
		return []SGRule{AllowAllEgress(), AllowAllEgress6()}
	}
	return []SGRule{AllowAllEgress()}
}

// Action is what a network ACL entry does with the traffic it matches.
type Action string

// Network ACL actions.
const (
	Allow Action = "allow"
	Deny  Action = "deny"
)

// NetworkACL is a stateless, ordered filter on traffic crossing the boundary
// of the subnets associated with it. Entries are evaluated from the lowest
// number up; the first match decides; unmatched traffic is denied. A subnet
// with no explicit association uses its VPC's default ACL; a VPC without a
// declared default ACL gets the AWS default, which allows everything.
type NetworkACL struct {
	ID       string            `json:"id"`
	Name     string            `json:"name,omitempty"`
	VPC      string            `json:"vpc"`
	Default  bool              `json:"default,omitempty"`
	Subnets  []string          `json:"subnets,omitempty"`
	Inbound  []ACLEntry        `json:"inbound,omitempty"`
	Outbound []ACLEntry        `json:"outbound,omitempty"`
	Tags     map[string]string `json:"tags,omitempty"`
}

// ACLEntry is one numbered network ACL rule. For inbound entries CIDR is the
// source, for outbound entries the destination; Ports is always the
// destination port.
type ACLEntry struct {
	// Number is 1–32766, unique per direction.
	Number int    `json:"number"`
	Action Action `json:"action"`
	// Protocol is required, as in [SGRule].
	Protocol Protocol     `json:"protocol"`
	CIDR     netip.Prefix `json:"cidr"`
	// Ports is required for TCP and UDP ([AllPorts] for every port).
	Ports PortRange `json:"ports,omitzero"`
	// ICMP applies to ICMP and ICMPv6; the zero value matches every type
	// and code. Protocol 58 with an IPv4 CIDR (or 1 with IPv6) is
	// accepted, as AWS accepts it, and matches nothing.
	ICMP ICMP `json:"icmp,omitzero"`
}

// AllowAllACL returns the entries of the AWS default network ACL: rule 100
// allows all IPv4 traffic and, when ipv6 is set, rule 101 all IPv6 traffic.
func AllowAllACL(ipv6 bool) []ACLEntry {
	e := []ACLEntry{{Number: 100, Action: Allow, Protocol: ProtocolAll, CIDR: netip.MustParsePrefix("0.0.0.0/0")}}
	if ipv6 {
		e = append(e, ACLEntry{Number: 101, Action: Allow, Protocol: ProtocolAll, CIDR: netip.MustParsePrefix("::/0")})
	}
	return e
}
