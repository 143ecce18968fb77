// Package vpc declares the resources of an AWS VPC network as plain data:
// [VPC], [Subnet], [RouteTable] and [Route], [InternetGateway],
// [EgressOnlyInternetGateway], [NATGateway], [SecurityGroup], [NetworkACL],
// [PrefixList] and [NetworkInterface] (with its [ElasticIP] values), and
// between VPCs [PeeringConnection], [TransitGateway],
// [TransitGatewayAttachment] and [TransitGatewayRouteTable]; and hybrid
// connectivity: [OnPremNetwork], [CustomerGateway], [VPNGateway],
// [VPNConnection], [DirectConnectGateway] and [VirtualInterface].
//
// Values here have no behaviour beyond small helpers; they carry JSON tags
// and refer to each other by string ID. Package
// [github.com/vpcsim/vpcsim/sim] collects them in a Network, validates them
// against what the AWS API accepts, compiles them and answers reachability
// queries.
//
// # Conventions
//
//   - Addresses and CIDRs are [net/netip] values. A CIDR must be canonical
//     (no host bits set), as the AWS API requires.
//   - Declarations are explicit, as in Terraform: a [SecurityGroup] has only
//     the rules it lists ([DefaultEgress] gives the egress rules AWS adds to
//     a new group), and a [NetworkACL] only its entries before the implicit
//     final deny ([AllowAllACL] gives the default ACL's entries).
//   - Implicit AWS resources are synthesized at compile time when a VPC does
//     not declare them: the main route table (local routes only), the
//     default network ACL (allow all) and the default security group (all
//     inbound from itself, all outbound).
//
// Peering connections, transit gateways and VPC endpoints (declared in
// package endpoint) may be named as route targets
// ([TargetPeeringConnection], [TargetTransitGateway], [TargetVPCEndpoint]).
//
// # Zero values
//
// A zero value means "not given". Where AWS has a default for the field,
// vpcsim applies it: a [VPC] with DNS support on; an interface of an EC2
// instance ([NetworkInterface.Kind]) with the next free address of its
// subnet and its VPC's default security group; a public [NATGateway]; an
// active [PeeringConnection]; a subnet using its VPC's main route table and
// default network ACL; a zero [ICMP] selects every ICMP type and code; a
// [VPNConnection] with BGP routing and its tunnels up; and a
// [VirtualInterface] with its BGP session up.
// Where AWS requires the field, validation rejects the zero value: a
// security group rule or network ACL entry must name its [Protocol]
// ([ProtocolAll] for every protocol; IP protocol 0 cannot be named), and a
// TCP or UDP rule must give its [PortRange] ([AllPorts] for every port).
//
// [ICMP] is an immutable selector: [ICMPType] selects every code of one
// type, [ICMPMessage] one type and code, [EchoRequest] and [EchoReply] the
// echo pair; compare values with ==. An ICMP rule with an IPv6 peer (or an
// ICMPv6 rule with an IPv4 one) is accepted, as AWS accepts it, and
// matches nothing.
//
// # Regions
//
// [Regions] is the table of the AWS Regions vpcsim knows, with the prefix
// of their AZ IDs; [RegionOfZone], [RegionOfZoneID] and [ZoneIDMatches]
// read zone names (us-east-1a, Local Zones, Wavelength Zones) and AZ IDs
// (use1-az1) against it.
package vpc
