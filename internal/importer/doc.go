// Package importer holds what the importers (packages awsimport and
// tfimport) share about the declarations of packages elb, lattice and
// endpoint that an import finds:
//
//   - [Decls] collects them as an importer maps them, and [Decls.Place]
//     puts each where it goes: into the [sim.Network] when the Network
//     has a field for it (VPC endpoints, endpoint services and their
//     connections; load balancers, listeners and target groups; Lattice
//     service networks, their VPC, service and resource associations,
//     services, target groups, resource gateways and resource
//     configurations), else into [Unsimulated], which the importers
//     return beside the Network (empty at present: every declaration has
//     a field). Place is the one place that decides.
//   - [Prune] cuts, from the declarations in a Network, the references to
//     what the Network does not hold (a subnet, security group or VPC not
//     imported, a target whose interface is not, a target group or load
//     balancer dropped, an endpoint service's load balancer), and drops
//     the declarations that cannot stand without them, reporting each cut
//     as a [Cut]. What remains validates
//     as far as its references go, so that a partial import still
//     compiles; the cuts say what to import to keep the rest.
//   - Hybrid connectivity: [OnPrem] names an on-premises network (the
//     importers' Options, the command's --onprem, parsed by
//     [ParseOnPrem]); [OnPremOf] says which network a customer gateway
//     or virtual interface stands in; [AssembleOnPrem] declares the
//     networks with their CIDRs, given or inferred from the connections'
//     routes and the static routes toward them, returning a [Note] per
//     inference and omission; [FillAdvertised] gives BGP connections
//     whose advertised prefixes the input does not tell their network's
//     CIDRs; [PruneHybrid] cuts the hybrid references to what the Network
//     does not hold, as Prune does for the others.
//
// Invariants: Place sorts every slice it places by ID (endpoint
// connections by service, then endpoint), so the importers' output does
// not depend on the order of their input; Prune and PruneHybrid keep the
// order of what they keep and return their cuts in a fixed order;
// AssembleOnPrem sorts the networks and its notes, and never declares a
// network without CIDRs, a default route or a range overlapping a VPC of
// the Network among its inferred CIDRs.
package importer
