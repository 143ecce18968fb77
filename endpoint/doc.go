// Package endpoint declares VPC endpoints and AWS PrivateLink endpoint
// services as plain data: [Endpoint] (of every [Type]: Gateway, Interface,
// GatewayLoadBalancer, ServiceNetwork and Resource), [Service] (your own
// endpoint service, fronted by Network or Gateway Load Balancers) and
// [Connection] (the provider's view of one endpoint connected to a
// service), with helpers for service names ([ParseServiceName]) and a
// small table of well-known AWS services ([LookupAWSService]).
//
// Like package [github.com/vpcsim/vpcsim/vpc], values here have no
// behaviour beyond small helpers: they carry JSON tags and refer to other
// resources (VPCs, subnets, route tables, security groups, load
// balancers, Lattice service networks and resource configurations) by
// string ID. Package [github.com/vpcsim/vpcsim/sim] validates, compiles
// and queries them.
//
// # One Endpoint type with a Type field
//
// The five endpoint types share one struct, [Endpoint], whose Type says
// which of its fields apply, as the EC2 API's VpcEndpoint does. Separate
// structs would make some mistakes (route tables on an interface
// endpoint) impossible to write in Go, but one struct serves users and the
// engine better:
//
//   - Endpoints of every type share one ID namespace ("vpce-..."), and
//     both routes (to Gateway and GatewayLoadBalancer endpoints) and
//     quotas (interface and Gateway Load Balancer endpoints count together
//     per VPC) refer to endpoints regardless of their type.
//   - AWS's describe output, CloudFormation's AWS::EC2::VPCEndpoint and
//     Terraform's aws_vpc_endpoint all have this one shape, so importers
//     map one to one and a declaration a user copies from them reads the
//     same here.
//   - JSON input can carry any field anyway, so validation must reject a
//     field set for a type that does not take it whatever the Go types
//     say; with one struct it can reject it the way the EC2 API does,
//     naming the field, instead of an importer dropping it silently.
//   - The engine compiles each type differently (a route target, a set of
//     network interfaces that end connections, a Lattice entry point);
//     that is one switch on Type at compile time, and the per-type
//     predicates on [Type] ([Type.UsesSubnets], [Type.IsRouteTarget], ...)
//     keep the table of which fields apply in one place.
//
// Endpoint services and connections are different resources in AWS too,
// and have their own structs.
//
// # Conventions
//
//   - Zero values mean what AWS does by default where it has a default: a
//     zero Type is Gateway (the API's default), no security groups means
//     the VPC's default group, a nil PrivateDNSEnabled means on for
//     interface endpoints to AWS services, an empty Policy means the
//     default policy that allows everything, a nil
//     [Service.AcceptanceRequired] means connections must be accepted.
//   - Where AWS's state is the outcome of time rather than a setting, the
//     zero value is the steady state of a working deployment: an
//     endpoint's or connection's [State] is available and a private DNS
//     name is verified unless declared otherwise.
//   - Addresses are [net/netip] values. Compile gives each interface of
//     an endpoint a free address of its subnet unless [Endpoint.Addresses]
//     fixes one.
//   - Policies are JSON text ([encoding/json.RawMessage]) here; the policy
//     package parses and evaluates them.
//
// # Invariants validation enforces
//
// Validation (in package sim) rejects what the AWS API rejects, among
// others: fields set for a type that does not take them; a gateway
// endpoint to a service other than S3 or DynamoDB, or in another Region,
// or to route tables of another VPC; interface endpoints with two subnets
// in one Availability Zone; a Gateway Load Balancer endpoint without
// exactly one subnet; a service with both Network and Gateway Load
// Balancers, or with none; a private DNS name on a Gateway Load Balancer
// service; states and types outside the enums. The full list, with the
// AWS pages it comes from, is kept with the engine's validation.
//
// # How the engine reads these values
//
// Package sim simulates gateway endpoints, interface endpoints to AWS
// services and to endpoint services (AWS PrivateLink), service-network
// and resource endpoints into VPC Lattice, endpoint services fronted by
// Network Load Balancers, connections, and [ResourcePolicy] values;
// validation rejects Gateway Load Balancer endpoints, which it does not
// simulate yet (an endpoint service fronted by Gateway Load Balancers may
// be declared, but nothing reaches it). The repository's docs/semantics.md (section "VPC
// endpoints and AWS PrivateLink") describes the model in full; in short:
//
//   - A gateway endpoint adds its service's prefix-list route to the
//     route tables it lists. It carries traffic only from sources inside
//     its VPC (never from a peered VPC, a transit gateway, a VPN or Direct
//     Connect), only TCP and ICMP echo, to its service; the service's
//     reply enters the VPC through it.
//   - An interface endpoint's network interfaces ("<vpce-id>/<subnet-id>")
//     are ordinary addresses of the VPC: anything that can route to them
//     can use them, within their security groups. The endpoint carries
//     TCP only, ends the client's connection and opens another to the
//     service, from the service side: behind an endpoint service the
//     provider's targets see the Network Load Balancer's address, not the
//     consumer's, and the two VPCs may overlap.
//   - With private DNS on, an interface endpoint answers its service's
//     default DNS names inside its VPC; elsewhere the names resolve to the
//     service's public addresses, reached through the routes (a gateway
//     endpoint, a NAT gateway, an internet gateway).
//   - Only an available endpoint (and connection) carries traffic, and
//     only connections the consumer opens: the provider can never open one
//     into the consumer's VPC. Connections are matched to the service's
//     load balancer nodes by Availability Zone ID.
//   - Endpoint policies and resource policies decide the API call a flow
//     carries, with aws:SourceVpce, aws:SourceVpc and aws:VpcSourceIp set
//     for requests through an endpoint.
//   - A service-network endpoint ([ServiceNetwork]) connects its VPC to
//     one Lattice service network, a resource endpoint ([Resource]) to one
//     resource configuration (SINGLE, GROUP or ARN, shared with the VPC's
//     account when another owns it). Their interfaces are ordinary VPC
//     addresses behind the endpoint's security groups: a service-network
//     endpoint's hold a block of 16 addresses per zone for the network's
//     services and one more per resource configuration the network holds,
//     a resource endpoint's one. With private DNS on (the default vpcsim
//     assumes; [DNSOptions.Preference] chooses which custom domain names
//     get a zone, verified ones by default) the destination's names
//     resolve to the endpoint in its VPC, before the VPC's association.
//     The endpoint carries TCP only, while available; the Lattice
//     evaluation (listener, auth policies, rules, targets; or the
//     configuration's resource gateway) follows as for an association.
package endpoint
