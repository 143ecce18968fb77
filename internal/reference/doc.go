// Package reference is a deliberately naive evaluator of AWS VPC
// reachability, written from the AWS documentation to check the engine in
// package sim against. Property tests ask both the same question on random
// networks and compare the answers; the two share no code beyond the
// declared types ([sim.Network], [sim.Query]) and the result vocabulary
// ([sim.Status], [sim.Reason]).
//
// # What it models
//
// One file per component kind, each stating the AWS behaviour it follows:
//
//   - eni.go: network interfaces (delivery, the source/destination check of
//     appliances) and security groups (allow rules combined as a union,
//     stateful replies, group references);
//   - acl.go: network ACLs (stateless, numbered first match, the final
//     deny);
//   - routing.go: route tables (longest prefix match, local routes,
//     blackholes, prefix-list routes), same-subnet delivery and the VPC
//     router;
//   - nat.go: NAT gateways (source translation to the gateway's address
//     and ports 1024-65535, the reverse translation of replies, NAT64);
//   - igw.go: internet gateways (one-to-one public address translation of
//     a primary address or an Elastic IP's private address, IPv6 passed
//     through) and the internet;
//   - egressonly.go: egress-only internet gateways (IPv6, outbound-initiated
//     only);
//   - peering.go: VPC peering (active, not transitive, no edge-to-edge
//     routing);
//   - tgw.go: transit gateways (attachment subnets per Availability Zone,
//     associated and propagated route tables, IPv6 support);
//   - dns.go: the Amazon DNS resolver (never filtered);
//   - lb.go: Application and Network Load Balancers (a node per subnet,
//     the node DNS sends a client to, the listener on the flow's port, an
//     Application Load Balancer's rules matched against the query's HTTP
//     request, forwards shared by weight, the targets a node routes to by
//     zone and health with fail-open, and for each target a connection of
//     its own walked like any flow: from the node, or from the client
//     when a Network Load Balancer preserves client addresses; the answer
//     partial when only some of the connections get through).
//   - endpoint.go: VPC endpoints (gateway endpoints as route targets for
//     their VPC's own sources, carrying TCP and ICMP echo to the AWS
//     service at its prefix list's addresses; interface endpoints'
//     interfaces, with their groups, carrying TCP) and AWS services
//     reached over the internet;
//   - privatelink.go: endpoint services fronted by Network Load
//     Balancers (the connection's state and acceptance, the node in the
//     endpoint interface's zone by AZ ID, the load balancer's groups on
//     the client's address, no client IP preservation through
//     PrivateLink, overlapping CIDRs);
//   - gwlb.go: Gateway Load Balancer endpoints as route targets (the
//     node in the endpoint's zone, healthy appliances only, the GENEVE
//     exchange on UDP 6081 walked as a flow, the packet back unchanged
//     and on by the endpoint subnet's routes, stateful appliances);
//   - policy.go: endpoint policies and resource policies, read from their
//     JSON (the elements, operators and keys the generated networks use);
//   - service.go: AWS services named by name or DNS name (private DNS of
//     an interface endpoint, else the service's public addresses);
//   - lattice.go: VPC Lattice requests (association, listener, auth
//     policies, rules, weighted target groups, health and fail-open, and
//     Lattice's own connections to targets);
//   - lattice_resource.go: connections to VPC Lattice resource
//     configurations (through the association, a service-network endpoint
//     or a resource endpoint; TCP and the port ranges; the resource
//     gateway's interface in a zone shared by AZ ID; its security groups;
//     a connection from it to each resource of a configuration or of a
//     group's children), with the gateways' addresses handed over
//     ([Net.WithGateways]);
//   - hybrid.go: on-premises networks as query ends (a host named by
//     address), Site-to-Site VPN connections (static or BGP, tunnels up
//     or down), Direct Connect gateways and virtual interfaces (allowed
//     prefixes), virtual private gateways (path selection, route
//     propagation into route tables, no transitive routing) and gateway
//     route tables; tgw.go routes what arrives from VPN, Direct Connect
//     gateway and peering attachments too, by AWS's route evaluation
//     order, with appliance mode keeping a flow's zone; eni.go holds
//     stateful appliances (a reply bypassing one, or reaching one the
//     request did not pass, is dropped).
//
// walk.go carries one packet from component to component; verdict.go turns
// a query into a forward walk and a reply walk ([Net.Verdict]); hop.go
// checks an engine's path against the same facts, hop by hop
// ([Net.CheckHop]: the rule, entry or route each hop names) and as a whole
// ([Net.CheckTranslations]: what NAT and internet gateways rewrite).
// facts.go states the behaviours above as small networks with their
// answers ([Facts]), which both the reference and the engine are tested
// on.
//
// # How it differs from the engine, by design
//
// It is naive on purpose, so that the engine's optimisations are checked
// rather than copied:
//
//   - It works on the declaration as given and recomputes everything on
//     every call: every lookup is a linear scan, nothing is indexed,
//     sorted or compiled.
//   - It walks one concrete packet: one source address and one destination
//     port. A range of ports (a client's ephemeral range on a reply) is
//     decided by asking every port at which a rule's decision can change,
//     one port at a time; there is no interval splitting of address or
//     port spaces, so it cannot answer for "any internet address" or list
//     open ports.
//   - It models only networks whose addresses are all declared: every
//     interface and NAT gateway names its private address, and an
//     interface has a public address only when it declares one. The
//     engine's address assignment is not reproduced; [Net.Verdict] returns
//     an error for other networks. Load balancer nodes are the exception:
//     AWS assigns their addresses and the declaration cannot name them
//     all, so the caller hands them over ([Net.WithNodes]), and so are
//     resource gateways' interfaces ([Net.WithGateways]). Queries to
//     resource configurations naming an endpoint ([sim.Endpoint.Through])
//     or asking over IPv6 are not modelled.
//   - It detects a routing loop by a repeated state (component and packet)
//     rather than by counting steps.
//   - Subnet hosts ([sim.SubnetHost]) and the free internet endpoint
//     ([sim.Internet] without an address) are not modelled; nor are any
//     host of an on-premises network ([sim.OnPrem] without an address)
//     and interface endpoints to endpoint services the network does not
//     declare. Destinations named as AWS services or DNS
//     names are answered by [Net.ServiceVerdicts] (service.go), one
//     verdict per address the name may take, for services whose
//     AWS-managed prefix list is declared or that an interface endpoint
//     with private DNS answers; resource policies (policy.go) decide the
//     calls that reach a service.
//
// Where AWS leaves a choice open, it makes the choice the engine documents
// (for example the outbound network ACL applies before the route is
// followed, a CIDR route beats a prefix-list route of the same length, and
// a NAT gateway's reply to a flow it did not translate is dropped), so that
// a disagreement points at a bug rather than at a convention.
//
// Nothing here is fast or meant for users: it is test support.
package reference
