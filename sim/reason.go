package sim

import "slices"

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
	// Partial: the flow reached a component that opens connections of its
	// own (a load balancer), and some of those connections reach their
	// target while others do not; [Result.Proxy] lists each one.
	Partial
)

// reaches reports whether a flow of status s reaches its destination:
// reachable, or partial (a load balancer reached, and some of its
// targets).
func (s Status) reaches() bool { return s == Reachable || s == Partial }

// statusNames are the Status values' names, indexed by Status.
var statusNames = [...]string{Blocked: "blocked", Reachable: "reachable", ReplyBlocked: "reply-blocked", Partial: "partial"}

// String returns "blocked", "reachable", "reply-blocked" or "partial"
// ("blocked" for a value that is no Status).
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return statusNames[Blocked]
}

// Reason says why a flow was blocked. Each reason names its nearest AWS
// Reachability Analyzer explanation codes in its doc comment and in
// [Reason.AnalyzerCodes]; [Reasons] lists them all.
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
	// internet targeted an interface that has no public address, or a
	// gateway route table sends internet traffic to a middlebox without
	// one. Reachability Analyzer: IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS (and
	// IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS inbound,
	// INGRESS_RTB_NO_PUBLIC_IP for the middlebox).
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
	// (edge-to-edge routing); or a virtual private gateway was asked to
	// carry traffic out of its VPC from another VPC's address, or into it
	// to an address outside it. Reachability Analyzer:
	// PCX_REQUIRES_ADDRESS_IN_VPC_CIDR (VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS
	// and VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS at a virtual private
	// gateway).
	NonTransitive
	// BadState: a component on the path is not in a functional state: a
	// peering connection that is not active. (A route to a detached
	// internet gateway is a blackhole, as AWS shows it: BlackholeRoute.)
	// Reachability Analyzer: BAD_STATE.
	BadState
	// AZMismatch: traffic from a subnet in an Availability Zone where the
	// transit gateway attachment has no subnet, or to an interface
	// endpoint in a zone its endpoint service does not serve, or a
	// connection to a VPC Lattice resource configuration whose resource
	// gateway shares no zone with the consumer. Reachability Analyzer:
	// TGW_ROUTE_AZ_RESTRICTION, VPCE_SERVICE_NOT_INSTALLED_IN_AZ
	// (ELB_INSTALLED_AZ_RESTRICTION is the nearest for the gateway).
	AZMismatch
	// ForeignSource: an internet or egress-only gateway got IPv6 traffic
	// whose source is not an address of an interface in its VPC (from a
	// peer or across a transit gateway). Reachability Analyzer:
	// GATEWAY_REJECTS_SPOOFED_TRAFFIC.
	ForeignSource
	// DNSDisabled: a query to the Amazon DNS resolver of a VPC whose DNS
	// support (enableDnsSupport) is off. Reachability Analyzer: no code.
	DNSDisabled
	// NoListener: a load balancer has no listener on the flow's protocol
	// and port. Reachability Analyzer: ELBV2_LISTENERS_MISMATCH.
	NoListener
	// FixedResponse: the load balancer rule that matched the request
	// answers it itself with a fixed response: no target is reached.
	// Reachability Analyzer: no code.
	FixedResponse
	// Redirect: the load balancer rule that matched the request answers
	// it with a redirect: no target is reached. Reachability Analyzer: no
	// code.
	Redirect
	// NoTarget: a target group the request goes to has no target to
	// route it to: none registered, none in a zone the load balancer
	// enables, none in the node's zone with cross-zone load balancing off,
	// or none in service (initial, draining, unused); or every group of
	// the forward has weight 0. Reachability Analyzer:
	// ELBV2_LISTENER_HAS_NO_TG, ELB_NOT_CROSSZONE.
	NoTarget
	// GatewayEndpointNotTransitive: a gateway endpoint got traffic whose
	// source is not inside its VPC (from a peered VPC, across a transit
	// gateway or a VPN): gateway endpoints serve their own VPC only.
	// Reachability Analyzer: no direct code.
	GatewayEndpointNotTransitive
	// EndpointNotAvailable: a VPC endpoint, or its connection to an
	// endpoint service, is not available (pending acceptance, rejected,
	// deleted, ...). Reachability Analyzer: BAD_STATE.
	EndpointNotAvailable
	// EndpointProtocol: an interface endpoint got other traffic than TCP,
	// a gateway endpoint other than TCP and ICMP echo, or a Gateway Load
	// Balancer endpoint IPv6 traffic that it or its load balancer (of IP
	// address type ipv4) does not carry. Reachability Analyzer:
	// PROTOCOL_RESTRICTION, VPCE_GATEWAY_PROTOCOL_RESTRICTION.
	EndpointProtocol
	// EndpointPolicyDeny: the endpoint policy of the VPC endpoint on the
	// path does not allow the flow's API call. Reachability Analyzer: no
	// code (it does not evaluate policies).
	EndpointPolicyDeny
	// ResourcePolicyDeny: a resource policy of the destination's resource
	// (an S3 bucket policy, ...) denies the flow's API call, or does not
	// allow a caller of another account. Reachability Analyzer: no code.
	ResourcePolicyDeny
	// LatticeNoAssociation: the client's VPC is associated with no VPC
	// Lattice service network holding the service (or the association is
	// not active). Reachability Analyzer: no code (it does not cover
	// Lattice).
	LatticeNoAssociation
	// LatticeAssociationSG: the security groups of the client VPC's
	// service network association do not admit the client. Reachability
	// Analyzer: no code.
	LatticeAssociationSG
	// AuthDenied: a VPC Lattice auth policy (of the service network or of
	// the service, with auth type AWS_IAM) does not allow the request: an
	// explicit deny, no statement allowing it, or no policy at all.
	// Reachability Analyzer: no code.
	AuthDenied
	// ConnectionDown: a Site-to-Site VPN connection whose tunnels are all
	// down, or a Direct Connect virtual interface whose BGP session is
	// down, carries nothing; its BGP routes are withdrawn, so a flow they
	// would carry finds no route. Reachability Analyzer: BAD_STATE_VPN,
	// TGW_BAD_STATE_VPN.
	ConnectionDown
	// NotAdvertised: an on-premises network learns no route to the
	// destination over any of its connections: AWS advertises only its
	// VPCs' CIDRs over a VPN to a virtual private gateway, the routes of
	// the transit gateway route table associated with a VPN attachment,
	// and over Direct Connect what the allowed prefixes of the Direct
	// Connect gateway's associations let through. Reachability Analyzer:
	// no code (it does not model on-premises networks).
	NotAdvertised
	// AsymmetricRoute: the reply of a flow reached a stateful appliance
	// that did not forward the request, or bypassed one that did: a
	// transit gateway without appliance mode sent the two directions
	// through different Availability Zones, or routes send the reply
	// around the appliance. Reachability Analyzer:
	// TGW_ATTACH_VPC_AZ_RESTRICTION.
	AsymmetricRoute
	// Hairpin: a target of a Network Load Balancer that preserves client
	// addresses connected to itself through the load balancer: it receives
	// its own address as the source, and the connection fails.
	// Reachability Analyzer: no code.
	Hairpin
	// LatticeDNSUnresolved: the custom domain name of a VPC Lattice
	// resource configuration does not resolve in the client's VPC:
	// private DNS is off (on the VPC's association, or on the
	// configuration's association with the network), or the association's
	// private DNS preference does not take the domain. Reachability
	// Analyzer: no code.
	LatticeDNSUnresolved
	// ResourcePortNotAllowed: a connection to a VPC Lattice resource
	// configuration is not TCP, or its port is outside the
	// configuration's port ranges. Reachability Analyzer: no code.
	ResourcePortNotAllowed
	// RGWSGEgress: the security groups of a VPC Lattice resource gateway
	// do not allow the connection out to the resource. Reachability
	// Analyzer: no code (it does not cover Lattice; its security group
	// code is ENI_SG_RULES_MISMATCH).
	RGWSGEgress
	// NoHealthyTarget: the target group of a Gateway Load Balancer has
	// targets for the node the flow reached, but none healthy: the load
	// balancer then sends each new flow to an unhealthy appliance, and
	// the traffic is dropped (it does not fail open as Application and
	// Network Load Balancers do). Reachability Analyzer: no code.
	NoHealthyTarget
)

// reasonInfo is what the package knows of one reason: its code, the AWS
// Reachability Analyzer explanation codes nearest to it, and one line that
// says what it means. The README's table of reason codes is generated from
// this data (a test keeps the two equal).
type reasonInfo struct {
	code     string
	analyzer []string
	doc      string
}

// reasonTable holds every Reason's data, indexed by the Reason.
var reasonTable = [...]reasonInfo{
	NoReason: {code: "none", doc: "the flow was not blocked"},
	SGEgress: {code: "SG_EGRESS", analyzer: []string{"ENI_SG_RULES_MISMATCH"},
		doc: "no rule of the sender's security groups allows the flow out"},
	SGIngress: {code: "SG_INGRESS", analyzer: []string{"ENI_SG_RULES_MISMATCH"},
		doc: "no rule of the receiver's security groups allows the flow in"},
	NACLOutbound: {code: "NACL_OUT", analyzer: []string{"SUBNET_ACL_RESTRICTION"},
		doc: "the network ACL of the subnet being left denies the flow"},
	NACLInbound: {code: "NACL_IN", analyzer: []string{"SUBNET_ACL_RESTRICTION"},
		doc: "the network ACL of the subnet being entered denies the flow"},
	NoRoute: {code: "NO_ROUTE",
		analyzer: []string{"NO_ROUTE_TO_DESTINATION", "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION", "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"},
		doc:      "a route table (subnet or transit gateway) has no route for the destination, or the attachment has no route table"},
	BlackholeRoute: {code: "BLACKHOLE_ROUTE", analyzer: []string{"BAD_STATE_ROUTE", "TGW_RTB_BAD_STATE_ROUTE"},
		doc: "the matching route is a blackhole"},
	NoPublicIP: {code: "NO_PUBLIC_IP", analyzer: []string{"IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "INGRESS_RTB_NO_PUBLIC_IP"},
		doc: "an internet gateway got traffic from an address with no public IPv4 (including a private NAT gateway's), or the internet targeted an interface (or a gateway route table a middlebox) without one"},
	NoInternetGateway: {code: "NO_INTERNET_GATEWAY", analyzer: []string{"NO_POSSIBLE_DESTINATION"},
		doc: "the internet addressed a public IP whose VPC has no attached internet gateway"},
	UnknownDestination: {code: "UNKNOWN_DESTINATION", analyzer: []string{"NO_POSSIBLE_DESTINATION"},
		doc: "the destination is inside the VPC but no interface holds it"},
	SourceDestCheck: {code: "SOURCE_DEST_CHECK", analyzer: []string{"ENI_SOURCE_DEST_CHECK_RESTRICTION"},
		doc: "traffic not addressed to an interface was routed to it while its source/destination check is on"},
	NATProtocol: {code: "NAT_PROTOCOL", analyzer: []string{"PROTOCOL_RESTRICTION"},
		doc: "a NAT gateway got a protocol other than TCP, UDP and ICMP, or IPv6 other than TCP, UDP and echo to the NAT64 prefix"},
	NATInbound: {code: "NAT_INBOUND",
		doc: "a flow initiated from outside reached a NAT gateway"},
	EgressOnly: {code: "EGRESS_ONLY",
		doc: "a flow initiated from the internet reached an egress-only internet gateway"},
	ReservedRange: {code: "RESERVED_RANGE",
		doc: "the destination is in 169.254.168.0/22 or fd00:ec2::/32, which the VPC router does not forward"},
	RouteLoop: {code: "ROUTE_LOOP",
		doc: "the flow went round the same components without arriving"},
	NonTransitive: {code: "NON_TRANSITIVE", analyzer: []string{"PCX_REQUIRES_ADDRESS_IN_VPC_CIDR", "VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS", "VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"},
		doc: "a peering connection or virtual private gateway was asked to carry traffic that is not its VPC's own (transitive or edge-to-edge routing)"},
	BadState: {code: "BAD_STATE", analyzer: []string{"BAD_STATE"},
		doc: "a peering connection is not active (a route to a detached internet gateway is a blackhole, as AWS shows it)"},
	AZMismatch: {code: "AZ_MISMATCH", analyzer: []string{"TGW_ROUTE_AZ_RESTRICTION", "VPCE_SERVICE_NOT_INSTALLED_IN_AZ", "ELB_INSTALLED_AZ_RESTRICTION"},
		doc: "the transit gateway attachment has no subnet in the sender's Availability Zone, the endpoint service serves no load balancer in the interface endpoint's zone, or the VPC Lattice resource gateway shares no zone with the consumer"},
	ForeignSource: {code: "FOREIGN_SOURCE", analyzer: []string{"GATEWAY_REJECTS_SPOOFED_TRAFFIC"},
		doc: "an internet or egress-only gateway got IPv6 traffic whose source is not an interface of its VPC"},
	DNSDisabled: {code: "DNS_DISABLED",
		doc: "a query to the Amazon DNS resolver of a VPC whose enableDnsSupport is off"},
	NoListener: {code: "NO_LISTENER", analyzer: []string{"ELBV2_LISTENERS_MISMATCH"},
		doc: "a load balancer has no listener on the flow's protocol and port"},
	FixedResponse: {code: "FIXED_RESPONSE",
		doc: "the load balancer rule that matched the request answers it with a fixed response"},
	Redirect: {code: "REDIRECT",
		doc: "the load balancer rule that matched the request answers it with a redirect"},
	NoTarget: {code: "NO_TARGET", analyzer: []string{"ELBV2_LISTENER_HAS_NO_TG", "ELB_NOT_CROSSZONE"},
		doc: "a target group the request goes to has no target to route it to (none registered, none in an enabled zone or, cross-zone off, in the node's zone, none in service), or every weight is 0"},
	GatewayEndpointNotTransitive: {code: "GATEWAY_ENDPOINT_NOT_TRANSITIVE",
		doc: "a gateway endpoint got traffic from outside its VPC (a peered VPC, a transit gateway, a VPN)"},
	EndpointNotAvailable: {code: "ENDPOINT_NOT_AVAILABLE", analyzer: []string{"BAD_STATE"},
		doc: "a VPC endpoint, or its connection to an endpoint service, is not available"},
	EndpointProtocol: {code: "ENDPOINT_PROTOCOL", analyzer: []string{"PROTOCOL_RESTRICTION", "VPCE_GATEWAY_PROTOCOL_RESTRICTION"},
		doc: "an interface endpoint got other traffic than TCP, a gateway endpoint other than TCP and ICMP echo, or an IPv4-only Gateway Load Balancer endpoint IPv6 traffic"},
	EndpointPolicyDeny: {code: "ENDPOINT_POLICY_DENY",
		doc: "the endpoint policy does not allow the flow's API call"},
	ResourcePolicyDeny: {code: "RESOURCE_POLICY_DENY",
		doc: "a resource policy (an S3 bucket policy, ...) denies the flow's API call, or does not allow a caller of another account"},
	LatticeNoAssociation: {code: "LATTICE_NO_ASSOCIATION",
		doc: "the client's VPC is associated with no active VPC Lattice service network holding the service"},
	LatticeAssociationSG: {code: "LATTICE_ASSOC_SG",
		doc: "the security groups of the client VPC's service network association do not admit the client"},
	AuthDenied: {code: "AUTH_DENIED",
		doc: "a VPC Lattice auth policy (service network or service, AWS_IAM) does not allow the request"},
	ConnectionDown: {code: "CONNECTION_DOWN", analyzer: []string{"BAD_STATE_VPN", "TGW_BAD_STATE_VPN"},
		doc: "a VPN connection with every tunnel down, or a Direct Connect virtual interface whose BGP session is down, carries nothing"},
	NotAdvertised: {code: "NOT_ADVERTISED",
		doc: "the on-premises network learns no route to the destination from AWS (VPC CIDRs, transit gateway routes, Direct Connect allowed prefixes)"},
	AsymmetricRoute: {code: "ASYMMETRIC_ROUTE", analyzer: []string{"TGW_ATTACH_VPC_AZ_RESTRICTION"},
		doc: "the reply reached a stateful appliance that did not forward the request, or bypassed one that did"},
	Hairpin: {code: "HAIRPIN",
		doc: "a target of a network load balancer that preserves client addresses connects to itself through it (hairpinning), and sees its own address as the source"},
	LatticeDNSUnresolved: {code: "LATTICE_DNS_UNRESOLVED",
		doc: "the custom domain name of a VPC Lattice resource configuration does not resolve in the client's VPC (private DNS off, or the preference excludes the domain)"},
	ResourcePortNotAllowed: {code: "RESOURCE_PORT_NOT_ALLOWED",
		doc: "a connection to a VPC Lattice resource configuration is not TCP or is outside its port ranges"},
	RGWSGEgress: {code: "RGW_SG_EGRESS",
		doc: "the security groups of a VPC Lattice resource gateway do not allow the connection out to the resource"},
	NoHealthyTarget: {code: "NO_HEALTHY_TARGET",
		doc: "a gateway load balancer's target group has no healthy appliance for the node: it sends new flows to an unhealthy one, which drops them"},
}

// Reasons returns every reason a blocked result may carry, in the order of
// their values (NoReason, which blocks nothing, is left out).
func Reasons() []Reason {
	out := make([]Reason, 0, len(reasonTable)-1)
	for r := range reasonTable[1:] {
		out = append(out, Reason(r+1))
	}
	return out
}

// info returns r's data; a value that is no Reason has the code "UNKNOWN"
// and nothing else.
func (r Reason) info() *reasonInfo {
	if int(r) < len(reasonTable) {
		return &reasonTable[r]
	}
	return &unknownReason
}

var unknownReason = reasonInfo{code: "UNKNOWN"}

// String returns the reason code, e.g. "SG_INGRESS" ("none" for NoReason,
// "UNKNOWN" for a value that is no Reason).
func (r Reason) String() string { return r.info().code }

// AnalyzerCodes returns the AWS Reachability Analyzer explanation codes
// nearest to r, most general first; none when Reachability Analyzer has no
// counterpart (or r is NoReason or no Reason).
func (r Reason) AnalyzerCodes() []string { return slices.Clone(r.info().analyzer) }

// Doc says in one line what r means ("" for a value that is no Reason).
func (r Reason) Doc() string { return r.info().doc }

// MarshalText implements [encoding.TextMarshaler].
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// MarshalText implements [encoding.TextMarshaler].
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
