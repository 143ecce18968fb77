// Package gen generates random valid [sim.Network] values for property
// tests with [pgregory.net/rapid].
//
// A generated network has one or two IPv4 VPCs (sometimes with a secondary
// CIDR; with two VPCs, sometimes the same CIDR in both, or else sometimes a
// peering connection, active or not, between them), two to five subnets
// per VPC carved from its CIDRs (/20 to /28, never overlapping), managed
// prefix lists, an internet gateway that is attached, detached or absent,
// public and private NAT gateways, security groups with random rules (CIDR,
// prefix-list and group peers, protocols all, tcp, udp, icmp and 47),
// network ACLs with random numbered allow and deny entries, a declared or
// synthesized main route table and explicit ones with random routes
// (0.0.0.0/0 and more specific CIDRs or prefix lists, to internet gateways,
// NAT gateways, network interfaces, the peering connection, the local route
// or blackholes), and two to eight network interfaces (fewer when the
// subnets are full), some with one to three secondary private addresses,
// half of them with an Elastic IP.
//
// With [Options.TransitGateway], a network has two or three VPCs whose
// primary CIDRs never overlap (their secondary CIDRs, drawn from a small
// pool in 100.64.0.0/10, sometimes do) and a transit gateway: one or two
// transit gateway route tables with static routes to attachments and
// blackholes; an attachment for most VPCs, with one subnet per
// Availability Zone but sometimes none in an AZ that hosts interfaces,
// associated with a table or with none, propagating into some tables;
// security group referencing on or off on the transit gateway and
// sometimes disabled on an attachment; routes to the transit gateway from
// the attached VPCs (AWS refuses them elsewhere); and security group
// rules, mostly inbound, naming groups of other attached VPCs.
//
// With [Options.LoadBalancers], VPCs sometimes hold Application and
// Network Load Balancers with listeners, rules and target groups (see
// lb.go).
//
// VPC endpoints: sometimes the network declares Amazon S3's AWS-managed
// prefix list (named S3Service, entries S3CIDRs, which no other draw
// uses), and then a VPC may have a gateway endpoint to S3 in some of its
// declared route tables (sometimes with the route AWS adds declared as
// well); a VPC may have interface endpoints to AWS services (one per
// service) in one subnet per Availability Zone, with some of its groups
// or none, an assigned or (with ExplicitAddresses, always) declared
// address per subnet, sometimes private DNS (the VPC's DNS hostnames then
// on) and sometimes not available. Some endpoints have an endpoint policy
// drawn from a few shapes (see [EndpointPolicy]) naming the callers of
// [Callers], their accounts, the endpoint, its VPC or another, and the
// CIDR of one of its VPC's subnets; [Call] draws an API call those
// policies decide.
//
// With [Options.Lattice], a network also has VPC Lattice service networks,
// associations, services, listeners, rules and target groups (see
// lattice.go), and usually resource gateways, resource configurations
// (single, group with children, IP, domain name and ARN resources, port
// ranges), their associations with the service networks and resource
// endpoints, sometimes across two accounts with AZ IDs and a resource
// share (see lattice_resource.go).
//
// With [Options.Hybrid], a network also has on-premises networks, virtual
// private gateways, Site-to-Site VPN connections, Direct Connect gateways
// and virtual interfaces, a peered second transit gateway, appliance
// mode, stateful appliances and gateway route tables (see hybrid.go);
// with [Options.ResourcePolicies], resource policies on an S3 bucket and
// a Secrets Manager resource (see resourcepolicy.go); with
// [Options.PrivateLink], endpoint services fronted by Network and Gateway
// Load Balancers in one or two accounts (zone names mapped to AZ IDs
// differently per account), consumers' interface endpoints (CIDRs that
// may overlap the provider's), connections in various states, and
// Gateway Load Balancer endpoints with routes through them (see
// privatelink.go).
//
// Routes follow what AWS accepts: a destination inside the VPC is one of
// its CIDRs (to the local route, a NAT gateway or an interface) or a whole
// subnet CIDR (to a NAT gateway or an interface).
//
// Every network it returns passes [sim.Network.Validate]: a generator bug
// fails the property with the validation error and the network.
package gen
