// Package elb declares Elastic Load Balancing (version 2) resources as
// plain data: [LoadBalancer] (Application, Network or Gateway), [Listener]
// with its rules ([Rule], [Condition], [Action]) and [TargetGroup] with its
// registered targets ([Target]) and [HealthCheck].
//
// Like package [github.com/vpcsim/vpcsim/vpc], values here have no
// behaviour beyond small helpers: they carry JSON tags and refer to other
// resources (VPCs, subnets, security groups, instances, Lambda functions)
// by string ID. Package [github.com/vpcsim/vpcsim/sim] validates,
// compiles and queries them.
//
// # Model
//
// Load balancers, listeners and target groups are separate resources, as
// in the ELB API, and refer to each other by ID: a listener names its
// load balancer, an action names its target groups. A listener's rules
// and a target group's targets are part of it, as a route table's routes
// are: rules are named by their priority (or an optional ID), targets by
// their instance ID, address, function or load balancer.
//
// A rule has one routing action (forward, fixed-response or redirect);
// user authentication and JWT validation actions, which the ELB API lets
// an HTTPS listener perform before the routing action, are not modelled,
// nor are certificates, stickiness, slow start or routing algorithms.
//
// # Conventions
//
//   - Zero values mean what the ELB API does by default: an application,
//     internet-facing, IPv4 load balancer; instance targets; HTTP/1.1 to
//     the targets; health checks on (off for Lambda) with the API's
//     defaults; the load balancer's cross-zone setting in its target
//     groups; client IP preservation as AWS defaults it per target type
//     and protocol ([TargetGroup.ClientIPPreserved]).
//   - A target's declared health defaults to healthy, the steady state of
//     a working deployment. Declare other states ([HealthState]) to ask
//     what happens while targets are unhealthy, initial or draining.
//   - Security groups follow each type's rule ([LoadBalancer.HasSecurityGroups]):
//     an Application Load Balancer always has some (the VPC default group
//     if none is declared); a Network Load Balancer has them only if it
//     was created with them: they can be changed later, but never added
//     to one created without ([LoadBalancer.CreatedWithSecurityGroups]);
//     a Gateway Load Balancer never has any.
//   - Cross-zone load balancing is always on for Application Load
//     Balancers at the load balancer level (a target group may turn it
//     off) and off by default for Network and Gateway Load Balancers.
//   - Enumerations use the ELB API's spellings ("internet-facing",
//     "TCP_UDP", "HTTP_301", "unhealthy.draining").
//
// # What the engine does with them
//
// Package sim gives each load balancer a node, a network interface named
// "<lb>/<subnet>", in each of its subnets, and treats a flow that reaches
// a node as the start of a proxy's work (docs/semantics.md, section 26,
// says it in full):
//
// An Application Load Balancer ends each client connection: its security
// groups see the client's connection to the listener, and targets see a
// new connection from a node's address. It evaluates a listener's rules
// from the lowest priority up and acts on the first whose conditions all
// match (package internal/httpmatch implements the matching), else on the
// listener's default action. A fixed response or a redirect answers the
// request; a forward to several target groups shares requests by weight
// and does not fail over between them.
//
// A Network Load Balancer passes TCP and UDP flows to targets, with the
// client's address as source when [TargetGroup.ClientIPPreserved] says so
// and a node's otherwise; its security groups, if any, filter clients on
// the way in.
//
// Both send new traffic only to routable targets in the zones they enable
// (across zones when cross-zone load balancing is on), and fail open when
// all of a target group's targets are unhealthy: then the unhealthy ones
// receive traffic as if they were healthy. Each connection to a target is
// walked as a flow of its own, and a flow that reaches some targets and
// not others is partial.
//
// A Gateway Load Balancer is no destination: flows are routed through
// it, by routes to a Gateway Load Balancer endpoint of an endpoint
// service it fronts. The endpoint hands each packet to the load
// balancer's node in its zone, which sends it through one healthy
// appliance of its target group (in its own zone unless cross-zone load
// balancing is on), in GENEVE on UDP port 6081, and gets it back
// unchanged; the appliance's security groups see GENEVE from the node.
// Unlike the other types, a Gateway Load Balancer does not fail open: with
// no healthy appliance the traffic is dropped. The appliances are
// stateful, so a flow's reply must come back through an endpoint whose
// node picks the same appliance.
package elb
