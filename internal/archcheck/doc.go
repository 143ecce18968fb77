// Package archcheck evaluates architecture expectations over a compiled
// network: the checks behind package simtest's assertions and the
// vpcsim command's check files, written once.
//
// An [Arch] is a [sim.Model] and what [Selector] values need of the
// declaration (tags, subnets, security groups, kinds of the interfaces).
// Selectors choose interfaces (declared ones and those workloads expand
// into) by ID, tag, subnet, subnet tag, security group, VPC, kind or
// workload, combined with [Union], [Intersect] and [Except]; a selector that names an undeclared resource or selects
// nothing is an error, so that a typo cannot make a check hold vacuously.
//
// Flows ([Flow], [FlowSet]) are written as [sim.OpenRange] prints them
// ("tcp 443", "udp 1024-65535", "icmp type 8 code 0", "protocols 2-5",
// "all"); a FlowSet is normalized (sorted, overlapping and adjacent ranges
// merged), so that sets compare as sets.
//
// Each check (Reachable, NotReachable, OpenPorts, NoneOpen,
// ReachableOnlyFrom, NotExposed, InternetOnlyVia, CallableOnlyBy) returns the failure
// message, "" when the check holds, and an error when it cannot be
// evaluated (an unknown interface, a selector that selects nothing). A
// failure's first line says what happened and what was wanted, the path
// follows as [sim.Result.String] prints it. [Arch.Connectivity] is the
// whole connectivity as sorted text, for golden files.
//
// Every answer is exact, as the sim queries behind it are. An Arch is
// immutable and safe for concurrent use.
package archcheck
