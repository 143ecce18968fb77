// Package vpc declares the resources of an AWS VPC network as plain data:
// [VPC], [Subnet], [RouteTable] and [Route], [InternetGateway],
// [EgressOnlyInternetGateway], [NATGateway], [SecurityGroup], [NetworkACL],
// [PrefixList] and [NetworkInterface].
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
//   - Zero values mean what AWS does by default where one exists: a zero
//     [PortRange] is every port, a nil [SGRule.ICMP] every ICMP message, a
//     [NetworkInterface] with no security groups gets its VPC's default
//     group, a subnet with no explicit route table uses the main table.
//   - Declarations are explicit, as in Terraform: a [SecurityGroup] has only
//     the rules it lists ([AllowAllEgress] is the rule AWS adds to a new
//     group), and a [NetworkACL] only its entries before the implicit final
//     deny ([AllowAllACL] gives the default ACL's entries).
//   - Implicit AWS resources are synthesized at compile time when a VPC does
//     not declare them: the main route table (local routes only), the
//     default network ACL (allow all) and the default security group (all
//     inbound from itself, all outbound).
//
// Peering connections, transit gateways and VPC endpoints (declared in
// package endpoint) may be named as route targets
// ([TargetPeeringConnection], [TargetTransitGateway], [TargetVPCEndpoint]).
//
// [Regions] is the table of the AWS Regions vpcsim knows, with the prefix
// of their AZ IDs; [RegionOfZone], [RegionOfZoneID] and [ZoneIDMatches]
// read zone names (us-east-1a, Local Zones, Wavelength Zones) and AZ IDs
// (use1-az1) against it.
package vpc
