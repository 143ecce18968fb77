// Package awsimport reads the JSON the AWS CLI prints (aws ec2 describe-*,
// aws elbv2 describe-*, aws vpc-lattice get-* and list-*) and returns the
// network it describes: a [github.com/vpcsim/vpcsim/sim.Network] ready for
// [github.com/vpcsim/vpcsim/sim.Compile], the declarations of endpoints,
// load balancers and VPC Lattice beside it, and a report of everything it
// did not carry over.
//
//	r, err := awsimport.Load("aws_configs")
//	m, err := sim.Compile(r.Network)
//	for _, s := range r.Skipped { fmt.Println(s) }
//
// # Input
//
// [Load] takes files and directories (walked for *.json files; names
// starting with a dot are skipped), [Read] a directory of an [io/fs.FS].
// Collect the output with --output json, one call per file, for example:
//
//	aws ec2 describe-vpcs > Vpcs.json
//	aws ec2 describe-vpc-attribute --vpc-id vpc-0123 --attribute enableDnsSupport > VpcAttribute-vpc-0123-dns.json
//	aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id tgw-rtb-0123 \
//	    --filters Name=type,Values=static > tgw-rtb-0123.json
//
// The file name does not matter: the top-level keys say which call printed
// a file (a file may also merge several calls' keys into one object).
// Those read:
//
//   - EC2: Vpcs, describe-vpc-attribute (VpcId with EnableDnsSupport or
//     EnableDnsHostnames), Subnets, RouteTables, SecurityGroups,
//     NetworkAcls, NetworkInterfaces, Reservations (describe-instances),
//     InternetGateways, EgressOnlyInternetGateways, NatGateways, Addresses,
//     VpcPeeringConnections, TransitGateways, TransitGatewayAttachments,
//     TransitGatewayVpcAttachments, TransitGatewayRouteTables, Routes
//     (search-transit-gateway-routes), Associations and
//     TransitGatewayRouteTablePropagations (get-transit-gateway-route-table-*),
//     PrefixLists (describe-managed-prefix-lists, or describe-prefix-lists
//     with its Cidrs), Entries (get-managed-prefix-list-entries),
//     VpcEndpoints, ServiceConfigurations, ServiceDetails,
//     VpcEndpointConnections and AllowedPrincipals; VpnGateways,
//     CustomerGateways, VpnConnections and
//     TransitGatewayPeeringAttachments.
//   - Direct Connect, printed in camelCase: directConnectGateways,
//     directConnectGatewayAssociations and virtualInterfaces
//     (aws directconnect describe-direct-connect-gateways,
//     describe-direct-connect-gateway-associations,
//     describe-virtual-interfaces).
//   - Elastic Load Balancing v2: LoadBalancers, Listeners, Rules,
//     TargetGroups, TargetHealthDescriptions (describe-target-health) and
//     Attributes (describe-load-balancer-attributes and
//     describe-target-group-attributes).
//   - VPC Lattice, printed in camelCase: list-* output (items, recognized
//     by the IDs of its items) and get-* output (recognized by its id) of
//     service networks, services, listeners, rules, target groups, targets
//     (list-targets), VPC, service and resource associations, resource
//     gateways and resource configurations, and get-auth-policy output.
//   - Recognized and reported as not modelled:
//     TransitGatewayConnects, CarrierGateways, LocalGatewayRouteTables,
//     DhcpOptions, FlowLogs, AvailabilityZones, SecurityGroupRules,
//     LoadBalancerDescriptions (Classic Load Balancers), DBInstances and
//     DomainStatusList (their interfaces come from
//     describe-network-interfaces).
//
// Some calls do not print what their output is about. Name it in the file
// name or its directory's name (a tgw-rtb-… ID for
// search-transit-gateway-routes and the route-table association and
// propagation calls, a pl-… ID for get-managed-prefix-list-entries, a tg-…
// ID for Lattice list-targets, a service network or service ID for
// get-auth-policy, the target group's or load balancer's name at the end of
// the name for describe-target-health and the attributes calls), or add
// the request parameter as a top-level key beside the output
// (TransitGatewayRouteTableId, PrefixListId, targetGroupIdentifier,
// resourceIdentifier, TargetGroupArn, LoadBalancerArn).
//
// # Layout, accounts and Regions
//
// Directory names that are 12-digit account IDs or Region names give the
// account and Region of the files below them, the deepest winning, so the
// layout network-analysis tools use (Batfish's aws_configs: one directory
// per account, one per Region below it, either level optional) works as
// it is: aws_configs/<account>/<region>/Vpcs.json. An OwnerId field or an
// ARN in the data overrides the directory's account (and an ARN its
// Region); a VPC peering connection tells its VPCs' Regions. [Options]
// give the account and Region of what nothing else places. Several
// accounts and Regions may be read together: a resource described in
// several files (a shared transit gateway, both sides' view of a peering
// connection) is taken from the first file by path, and a copy that
// differs is reported.
//
// # Decoding
//
// Each call's output is decoded into its output struct of the AWS SDK for
// Go v2 (ec2.DescribeVpcsOutput, elasticloadbalancingv2.DescribeRulesOutput,
// vpclattice.GetRuleOutput, directconnect.DescribeVirtualInterfacesOutput,
// ...). The SDK's types have no json tags; their
// field names are the API member names the CLI prints, which
// encoding/json matches without regard to case. Where encoding/json falls
// short, a second decoder over the same types takes over: timestamps as
// epoch seconds (CLI v1 prints rest-json timestamps so) or without a zone,
// the SDK's unions (Lattice actions and matches, which the CLI prints as
// an object with one member), and errors, which then name the JSON path
// with array indices (Subnets[41].CidrBlock). Malformed JSON is reported
// with its file, line, column and path. Members the SDK does not know are
// ignored. Enumerations are compared with the API's wire spellings, which
// in places differ from the SDK's constants (the API prints nat_gateway
// and pendingAcceptance where the SDK's constants say natGateway and
// PendingAcceptance).
//
// # Mapping
//
// Into the network (package vpc):
//
//   - VPCs with their associated IPv4 blocks (primary first), their first
//     IPv6 block, their DNS attributes and the owner account; subnets with
//     CIDRs, zone and map-public-IP setting; each subnet's zone ID goes to
//     [Result.ZoneIDs].
//
//   - Route tables with the main flag and subnet associations; routes to
//     internet, egress-only and NAT gateways, interfaces (an instance
//     target becomes its primary interface), peering connections and
//     transit gateways, to CIDRs or prefix lists, blackholes kept as
//     blackholes. The local route is not declared (the engine adds it).
//
//   - Security groups (Default for the group named default) with one rule
//     per peer of each permission: CIDRs v4 and v6, prefix lists and groups
//     (of any VPC or account); protocol -1 is all, FromPort and ToPort are
//     ports for TCP and UDP and type and code for ICMP.
//
//   - Network ACLs with their entries, associations and Default flag; the
//     reserved final deny entries (rule numbers 32767 and above) are left to
//     the engine.
//
//   - Network interfaces with private, secondary and IPv6 addresses, the
//     public or Elastic IP of each private address, security groups and
//     source/destination check. The kind comes from the interface type,
//     requester and description: instances' interfaces (EKS nodes by their
//     instance's tags), lambda, branch (EKS pods), load balancers (owner:
//     the load balancer's ARN), VPC endpoints, RDS, ElastiCache, ECS tasks,
//     the EKS control plane; other services' interfaces are kept with
//     [github.com/vpcsim/vpcsim/vpc.KindOther] and reported. Interfaces
//     listed only by describe-instances are added. An interface without a
//     public address gets AssignPublicIP false, so that compile does not
//     give it one its subnet would give a new interface.
//
//   - NAT gateways (primary address and Elastic IP, connectivity type);
//     their interfaces become the gateway's own. Internet gateways (their
//     attachment) and egress-only internet gateways.
//
//   - VPC peering connections with their status; transit gateways (with
//     security group referencing), VPC attachments (subnets, IPv6 and
//     referencing options, association from either side, propagations) and
//     route tables with their static and blackhole routes; propagated
//     routes are left to the engine, which propagates the attachments' CIDRs.
//
//   - Managed prefix lists with their entries and size; AWS-managed lists
//     are marked so.
//
//   - Load balancers (identified by ARN; an imported load balancer's own
//     interfaces become its nodes' addresses, not interfaces of their
//     own), listeners with their rules, and target groups with their
//     targets' health (package elb); VPC Lattice service networks, their
//     VPC and service associations, services with listeners, rules and
//     auth policies, and target groups (package lattice).
//
//   - VPC endpoints (package endpoint: every endpoint type with its route
//     tables, subnets and the addresses of its interfaces, groups, DNS
//     options, policy and state; an imported endpoint's own interfaces
//     become its addresses, not interfaces of their own), endpoint
//     services with their load balancers, acceptance, principals,
//     Regions and private DNS name, and their connections.
//
//   - Lattice resource gateways, resource configurations and their
//     service network associations.
//
//   - Hybrid connectivity: virtual private gateways (their attachment;
//     routes to them; the route tables' PropagatingVgws), customer
//     gateways, VPN connections (static routes of a static connection to
//     a virtual private gateway; tunnel state from VgwTelemetry: a tunnel
//     whose status is DOWN is down), Direct Connect gateways with their
//     associations (virtual private or transit gateway, allowed
//     prefixes), private and transit virtual interfaces (BGP state from
//     the virtual interface's state and its peers' bgpStatus; a private
//     one attached to a virtual private gateway without a Direct Connect
//     gateway is joined to it through a gateway of its own,
//     "<vif>/dxgw", and reported), transit gateway attachments of VPN
//     connections and Direct Connect gateways (association and
//     propagations as for VPC attachments), peering attachments (requester
//     and accepter from describe-transit-gateway-peering-attachments, each
//     side's association from that side's describe-transit-gateway-
//     attachments view or route table associations), transit gateway
//     routes to all of them, gateway route tables (route table
//     associations with a GatewayId) and appliance mode.
//
// # On-premises networks
//
// AWS's output holds the customer side's gateways, not the network behind
// them nor, in full, its address ranges. A customer gateway or a virtual
// interface stands in the network that [Options].OnPrem names for it (by
// ID, Name tag, virtual interface name or the customer gateway's
// address), else in the one its tag vpcsim:onprem names, else in a
// network of its own, "onprem-<its ID>". A network's CIDRs are those
// Options.OnPrem gives it; else they are inferred, and reported, from
// what the output shows of it: the static routes of its VPN connections;
// the prefixes its BGP sessions advertise, which the routes propagated
// from a virtual private gateway (route tables) and to a VPN or Direct
// Connect gateway attachment (search-transit-gateway-routes with the
// propagated routes) show; the static routes of VPC route tables to a
// virtual private gateway, and of transit gateway route tables to a VPN or
// Direct Connect gateway attachment, whose connections all lead to that
// one network. Default routes and prefixes overlapping an imported VPC
// are left out (reported); the rest is merged. A BGP connection whose
// advertised prefixes nothing shows is taken to advertise its network's
// CIDRs (reported). A network left without CIDRs is not declared, and
// what stands in it is cut, the report saying how to name its CIDRs. The
// Direct Connect allowed prefixes are the AWS side's, advertised to on
// premises, never the network's.
//
// # What is reported
//
// [Result.Skipped] lists, with the file and the reason, everything the
// input holds that is not carried over, so that nothing disappears
// silently. Among others: resources of calls vpcsim does not model
// (transit gateway Connect, Classic Load Balancers, public virtual
// interfaces, ...); routes to local, carrier and Cloud WAN gateways and
// routes to VPC endpoints (a gateway endpoint's routes come back through
// its declaration); the on-premises networks' inferred CIDRs and the
// BGP prefixes assumed (see above); IPv6-only subnets;
// second IPv6 blocks; secondary NAT gateway addresses and regional NAT
// gateways; deleted or failed NAT gateways, attachments and route tables;
// transit gateway Connect attachments and routes to them; a peering
// attachment seen from one side only; prefix delegation; unassociated Elastic IPs; ELB authentication actions
// and rule transforms; interfaces of transit gateway attachments;
// interfaces of services vpcsim does not model (kept, of kind other);
// prefix lists and target groups whose entries or targets were not
// exported; list summaries that lack what a get output would add.
//
// References to what the input does not hold are cut and reported, so
// that the network stays whole: a rule naming a group of an account not
// imported, a peering connection or attachment to a VPC not described, a
// route to a gateway not described (blackhole routes are kept: AWS keeps
// them too), a load balancer's subnet or group, a target, a target group
// a rule forwards to, a Lattice association's network, VPC or service;
// a declaration that cannot stand without what was cut (a listener whose
// default action forwards to no target group left; a VPN connection
// whose customer gateway, or a transit gateway attachment whose VPN
// connection or Direct Connect gateway, is not in the input; a route to
// an attachment so dropped) is dropped and reported.
//
// What AWS adds implicitly is not duplicated: the local routes and the
// final deny entries are left to the engine, while the default security
// group, default network ACL and main route table that describe output
// shows are kept as declared, marked Default or Main.
//
// # Determinism
//
// The same input gives the same Result, whatever the order of the paths,
// of the files in a directory or of the items in a file: files are read in
// path order, the first copy of a resource by file name is kept, and every
// slice is sorted by ID.
package awsimport
