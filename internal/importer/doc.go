// Package importer holds what the importers (packages awsimport and
// tfimport) share about the declarations of packages elb, lattice and
// endpoint that an import finds:
//
//   - [Decls] collects them as an importer maps them, and [Decls.Place]
//     puts each where it goes: into the [sim.Network] when the Network
//     has a field for it (VPC endpoints, endpoint services and their
//     connections; load balancers, listeners and target groups; Lattice
//     service networks, their VPC and service associations, services and
//     target groups), else into [Unsimulated], which the importers return
//     beside the Network. Place is the one place that decides: when
//     sim.Network gains a field (Lattice resource gateways, resource
//     configurations and their associations), Place moves the
//     declarations there and the field leaves Unsimulated, with no change
//     in the importers.
//   - [Prune] cuts, from the declarations in a Network, the references to
//     what the Network does not hold (a subnet, security group or VPC not
//     imported, a target whose interface is not, a target group or load
//     balancer dropped, an endpoint service's load balancer), and drops
//     the declarations that cannot stand without them, reporting each cut
//     as a [Cut]. What remains validates
//     as far as its references go, so that a partial import still
//     compiles; the cuts say what to import to keep the rest.
//
// Invariants: Place sorts every slice it places by ID (endpoint
// connections by service, then endpoint), so the importers' output does
// not depend on the order of their input; Prune keeps the order of what
// it keeps and returns its cuts in the order of the Network's slices.
package importer
