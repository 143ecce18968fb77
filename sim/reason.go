package sim

// Status is the outcome of a reachability query.
type Status uint8

const (
	// Blocked: the forward flow does not reach the destination.
	Blocked Status = iota
	// Reachable: the flow reaches the destination and its replies come back.
	Reachable
	// ReplyBlocked: the flow reaches the destination but its replies do not
	// come back (a stateless network ACL on the way back, or no route back).
	ReplyBlocked
)

// String returns "blocked", "reachable" or "reply-blocked".
func (s Status) String() string {
	switch s {
	case Reachable:
		return "reachable"
	case ReplyBlocked:
		return "reply-blocked"
	}
	return "blocked"
}

// Reason says why a flow was blocked. Each reason names its nearest AWS
// Reachability Analyzer explanation code in its doc comment.
type Reason uint8

const (
	// NoReason: the flow was not blocked.
	NoReason Reason = iota
	// SGEgress: no rule of the sender's security groups allows the flow out.
	// Reachability Analyzer: ENI_SG_RULES_MISMATCH.
	SGEgress
	// SGIngress: no rule of the receiver's security groups allows the flow
	// in. Reachability Analyzer: ENI_SG_RULES_MISMATCH.
	SGIngress
	// NACLOutbound: the network ACL of the subnet being left denies the
	// flow (an explicit deny entry or the final implicit deny).
	// Reachability Analyzer: SUBNET_ACL_RESTRICTION.
	NACLOutbound
	// NACLInbound: the network ACL of the subnet being entered denies the
	// flow. Reachability Analyzer: SUBNET_ACL_RESTRICTION.
	NACLInbound
	// NoRoute: a route table (of a subnet or a transit gateway) has no route
	// for the destination, a transit gateway attachment is associated with
	// no route table, or the internet was asked to carry a private
	// destination. Reachability Analyzer: NO_ROUTE_TO_DESTINATION
	// (TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION for the attachment,
	// IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS at the internet).
	NoRoute
	// BlackholeRoute: the matching route is a blackhole (its target is
	// gone, or a transit gateway blackhole route). Reachability Analyzer:
	// BAD_STATE_ROUTE (TGW_RTB_BAD_STATE_ROUTE in a transit gateway).
	BlackholeRoute
	// NoPublicIP: traffic reached an internet gateway from an address with
	// no public IPv4 mapping (including a private NAT gateway's), or the
	// internet targeted an interface that has no public address.
	// Reachability Analyzer: IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS (and
	// IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS inbound).
	NoPublicIP
	// NoInternetGateway: the internet addressed a public IP whose VPC has no
	// attached internet gateway. Reachability Analyzer:
	// NO_POSSIBLE_DESTINATION.
	NoInternetGateway
	// UnknownDestination: the destination address is inside the VPC but no
	// interface holds it. Reachability Analyzer: NO_POSSIBLE_DESTINATION.
	UnknownDestination
	// SourceDestCheck: traffic not addressed to an interface was routed to
	// it while its source/destination check is on. Reachability Analyzer:
	// ENI_SOURCE_DEST_CHECK_RESTRICTION.
	SourceDestCheck
	// NATProtocol: a NAT gateway received a protocol other than TCP, UDP and
	// ICMP, or IPv6 other than TCP, UDP and echo to the NAT64 prefix
	// 64:ff9b::/96. Reachability Analyzer: PROTOCOL_RESTRICTION.
	NATProtocol
	// NATInbound: a flow initiated from outside reached a NAT gateway, which
	// only translates flows initiated from behind it. Reachability Analyzer:
	// no direct code.
	NATInbound
	// EgressOnly: a flow initiated from the internet reached an
	// egress-only internet gateway, which admits only replies (and carries
	// only IPv6). Reachability Analyzer: no
	// direct code.
	EgressOnly
	// ReservedRange: the destination lies in 169.254.168.0/22 or
	// fd00:ec2::/32, which the VPC router does not forward. Reachability
	// Analyzer: no direct code.
	ReservedRange
	// RouteLoop: the flow went round the same components without arriving
	// (routes pointing at each other). Reachability Analyzer: no direct code.
	RouteLoop
	// NonTransitive: a VPC peering connection was asked to carry traffic
	// that does not both come from the sending VPC and go to the receiving
	// VPC: transitive peering, or a peer using this VPC's gateways
	// (edge-to-edge routing). Reachability Analyzer:
	// PCX_REQUIRES_ADDRESS_IN_VPC_CIDR.
	NonTransitive
	// BadState: a component on the path is not in a functional state: a
	// peering connection that is not active, an internet gateway that is
	// not attached, a transit gateway the VPC has no attachment to.
	// Reachability Analyzer: BAD_STATE (BAD_STATE_ATTACHMENT for a detached
	// internet gateway).
	BadState
	// AZMismatch: traffic from a subnet in an Availability Zone where the
	// transit gateway attachment has no subnet. Reachability Analyzer:
	// TGW_ROUTE_AZ_RESTRICTION.
	AZMismatch
	// ForeignSource: an internet or egress-only gateway got IPv6 traffic
	// whose source is not an address of an interface in its VPC (from a
	// peer or across a transit gateway). Reachability Analyzer:
	// GATEWAY_REJECTS_SPOOFED_TRAFFIC.
	ForeignSource
	// DNSDisabled: a query to the Amazon DNS resolver of a VPC whose DNS
	// support (enableDnsSupport) is off. Reachability Analyzer: no code.
	DNSDisabled
)

var reasonNames = [...]string{
	NoReason: "none", SGEgress: "SG_EGRESS", SGIngress: "SG_INGRESS", NACLOutbound: "NACL_OUT",
	NACLInbound: "NACL_IN", NoRoute: "NO_ROUTE", BlackholeRoute: "BLACKHOLE_ROUTE",
	NoPublicIP: "NO_PUBLIC_IP", NoInternetGateway: "NO_INTERNET_GATEWAY",
	UnknownDestination: "UNKNOWN_DESTINATION", SourceDestCheck: "SOURCE_DEST_CHECK",
	NATProtocol: "NAT_PROTOCOL", NATInbound: "NAT_INBOUND", EgressOnly: "EGRESS_ONLY",
	ReservedRange: "RESERVED_RANGE", RouteLoop: "ROUTE_LOOP", NonTransitive: "NON_TRANSITIVE",
	BadState: "BAD_STATE", AZMismatch: "AZ_MISMATCH", ForeignSource: "FOREIGN_SOURCE",
	DNSDisabled: "DNS_DISABLED",
}

// String returns the reason code, e.g. "SG_INGRESS".
func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return "UNKNOWN"
}

// MarshalText implements [encoding.TextMarshaler].
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// MarshalText implements [encoding.TextMarshaler].
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
