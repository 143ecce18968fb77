// Package vpcsim is an offline simulator of AWS VPC networking, written in
// pure Go. Describe an architecture as Go values or JSON, then ask: can A
// reach B on protocol and port P, by which path, and if not, which
// component blocks it, with which rule?
//
// No AWS account or credentials are involved: vpcsim evaluates security
// groups, network ACLs, route tables, internet, egress-only and NAT
// gateways, appliances, VPC peering, transit gateways and the Amazon DNS
// resolver the way AWS documents them, so that architecture decisions
// ("the database tier is reachable only from the app tier on 5432") can be
// pinned in ordinary go test unit tests.
//
// # Packages
//
//   - [github.com/vpcsim/vpcsim/vpc] declares the resources of a VPC
//     network as plain data with JSON tags: VPCs, subnets, route tables,
//     gateways, security groups, network ACLs, prefix lists and network
//     interfaces with the workloads that own them (EC2, ECS tasks, Lambda,
//     RDS, ElastiCache, load balancers, ...).
//   - [github.com/vpcsim/vpcsim/sim] holds the [github.com/vpcsim/vpcsim/sim.Network]
//     of those resources, validates it, compiles it into an immutable,
//     concurrency-safe model and answers queries with explanations. Its
//     package documentation states the model, its invariants and the
//     choices made where AWS leaves behaviour unspecified.
//   - [github.com/vpcsim/vpcsim/endpoint] declares VPC endpoints of every
//     type (gateway, interface, Gateway Load Balancer, service-network and
//     resource endpoints) and PrivateLink endpoint services.
//   - [github.com/vpcsim/vpcsim/elb] declares Application, Network and
//     Gateway Load Balancers with their listeners, rules and target groups.
//   - [github.com/vpcsim/vpcsim/lattice] declares Amazon VPC Lattice
//     service networks, services, listeners, rules, target groups, auth
//     policies, resource gateways and resource configurations.
//   - [github.com/vpcsim/vpcsim/policy] parses and evaluates the IAM policy
//     language that endpoint policies, bucket policies and Lattice auth
//     policies share, explaining which statement decided.
//   - [github.com/vpcsim/vpcsim/simtest] turns architecture decisions into
//     go test assertions over a compiled network: reachability, open
//     ports, who may reach what, internet exposure and egress, interfaces
//     selected by tag, group, subnet or kind, golden connectivity files
//     and benchmark metrics. Failures explain themselves with the path and
//     the rule.
//   - [github.com/vpcsim/vpcsim/awsimport] reads the JSON the AWS CLI
//     prints (describe-vpcs, describe-network-interfaces, ...; one
//     directory per account and Region as in Batfish's aws_configs) into a
//     Network and the endpoint, load balancer and Lattice declarations, and
//     reports what it does not model.
//   - [github.com/vpcsim/vpcsim/tfimport] does the same from what
//     terraform show -json prints for a saved plan or a state.
//   - [github.com/vpcsim/vpcsim/workload] declares services that run in a
//     VPC (EKS clusters and node groups, ECS services, Lambda functions,
//     RDS and Aurora, ElastiCache, MSK, ...) and expands them, by AWS's
//     rules, into the network interfaces, addresses and security groups of
//     package vpc; it also finds the scale at which a subnet runs out.
//   - [github.com/vpcsim/vpcsim/cmd/vpcsim] is the command: every query
//     from a shell over vpcsim JSON, AWS describe output or a Terraform
//     plan or state; vpcsim check evaluates a file of expectations in
//     simtest's vocabulary (for a CI job gating a plan), vpcsim diff the
//     connectivity a change adds and removes, with the rule responsible.
//     simtest and the command share their checks through an internal
//     package.
//
// Imports flow one way: the command imports the importers, simtest and
// sim; simtest and the importers import sim; sim imports the declaration
// packages (vpc, elb, lattice, endpoint) and policy; the declaration
// packages and workload import neither sim nor gonum.
//
// # Pipeline
//
// Every use follows the same five steps:
//
//  1. Declare: build a [github.com/vpcsim/vpcsim/sim.Network] in Go, or
//     read one from JSON with [github.com/vpcsim/vpcsim/sim.Load].
//  2. Validate: [github.com/vpcsim/vpcsim/sim.Network.Validate] rejects
//     exactly what the AWS API would reject (malformed or overlapping
//     CIDRs, dangling references, bad rule numbers or ports, addresses
//     outside their subnet, ...), every problem at once.
//  3. Compile: [github.com/vpcsim/vpcsim/sim.Compile] validates and builds
//     the immutable [github.com/vpcsim/vpcsim/sim.Model]: addresses
//     assigned, default resources synthesized, routes and rules compiled.
//  4. Query: [github.com/vpcsim/vpcsim/sim.Model.Reach],
//     [github.com/vpcsim/vpcsim/sim.Model.Verdict],
//     [github.com/vpcsim/vpcsim/sim.Model.OpenPorts],
//     [github.com/vpcsim/vpcsim/sim.Model.WhoCanReach],
//     [github.com/vpcsim/vpcsim/sim.Model.Exposure] and
//     [github.com/vpcsim/vpcsim/sim.Model.Matrix], from any number of
//     goroutines, with deterministic answers.
//  5. Explain: a [github.com/vpcsim/vpcsim/sim.Result] lists every hop of
//     the path with the rule or route that allowed it, the reply path, and
//     for a blocked flow the component, a reason code and the rule to
//     blame.
//
// The runnable program in examples/quickstart walks through a three-tier
// VPC (public, application and database subnets) step by step, and
// docs/testing-architectures.md in the repository builds a complete test
// package of architecture decisions.
//
// The engine simulates the resources of package vpc (VPC peering and
// transit gateways included), Application and Network Load Balancers, and
// Amazon VPC Lattice services; VPC endpoints are declared (package
// endpoint; the importers read them) and being taught to the engine.
// docs/semantics.md lists what else is not modelled.
package vpcsim
