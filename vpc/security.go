package vpc

import "net/netip"

// SecurityGroup is a stateful set of allow rules applied to network
// interfaces. Rules of all groups on an interface are unioned; replies to an
// allowed flow are always allowed.
//
// Declarations are explicit, as in Terraform: a group with no Egress rules
// allows no egress. [AllowAllEgress] is the rule AWS adds to a new group.
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
	Protocol Protocol `json:"protocol"`
	// Ports applies to TCP and UDP; the zero value means all ports.
	Ports PortRange `json:"ports,omitzero"`
	// ICMP applies to ICMP and ICMPv6; nil means every type and code.
	ICMP *ICMP `json:"icmp,omitempty"`
	// Exactly one peer is set.
	CIDR       netip.Prefix `json:"cidr,omitzero"`
	PrefixList string       `json:"prefixList,omitempty"`
	// Group is a security group ID; rules matching a group match the private
	// addresses of the interfaces that carry it (never public addresses).
	Group       string `json:"group,omitempty"`
	Description string `json:"description,omitempty"`
}

// AllowAllEgress is the egress rule AWS gives a new security group: every
// protocol to 0.0.0.0/0.
func AllowAllEgress() SGRule {
	return SGRule{Protocol: ProtocolAll, CIDR: netip.MustParsePrefix("0.0.0.0/0")}
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
	Number   int          `json:"number"`
	Action   Action       `json:"action"`
	Protocol Protocol     `json:"protocol"`
	CIDR     netip.Prefix `json:"cidr"`
	Ports    PortRange    `json:"ports,omitzero"`
	ICMP     *ICMP        `json:"icmp,omitempty"`
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
