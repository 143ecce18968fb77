// Command vpcsim simulates AWS VPC networking offline from a shell: can A
// reach B on a port, by which path, and if not, which component blocks
// it, with which rule. It reads a vpcsim network (JSON, see
// [github.com/vpcsim/vpcsim/sim.Load]), AWS describe output (a file or a
// directory such as an aws_configs tree, see
// [github.com/vpcsim/vpcsim/awsimport]) or what terraform show -json
// prints for a plan or a state (see [github.com/vpcsim/vpcsim/tfimport]),
// detected from the content or named with --input-format. What an
// importer skips or bases on placeholders is printed to standard error as
// warnings (-q silences them).
//
//	go install github.com/vpcsim/vpcsim/cmd/vpcsim@latest
//
// Usage:
//
//	vpcsim COMMAND [flags] CONFIG [arguments]
//
// The commands:
//
//	reach CONFIG FROM TO FLOW      one query, with its path, reply and block
//	ports CONFIG FROM TO           every flow open (sim.Model.OpenPorts)
//	who-can-reach CONFIG TO FLOW   every source reaching TO (sim.Model.WhoCanReach)
//	exposure CONFIG [SELECTION]    what the internet reaches (sim.Model.Exposure),
//	                               and the load balancers' listeners it reaches
//	matrix CONFIG [SELECTION]      open flows between groups of interfaces (and
//	                               to load balancers), or subnets with --subnets
//	                               (sim.Model.Matrix)
//	draw CONFIG [FROM TO FLOW]     Graphviz DOT or Mermaid, a query's path highlighted
//	lint CONFIG                    checklist mistakes and rule hygiene (sim.Model.Lint),
//	                               and load balancer health checks the network
//	                               blocks (sim.Model.HealthChecks)
//	check CONFIG CHECKS...         evaluate files of expectations
//	diff OLD NEW                   connectivity a change adds and removes
//
// Outputs are text (sim's String forms), JSON (the sim values: Result,
// OpenRange, Reacher, Exposed, Matrix, Finding; witnesses only with --explain),
// Markdown tables, DOT and Mermaid where they apply (--format).
//
// # Targets and flows
//
// Endpoints and selections are one word each: an interface ID (eni-0a1b,
// or eni:ID for IDs that do not start with eni-, such as a Terraform
// address), ID@address, an address, internet, internet@address,
// onprem:ID, onprem:ID@address (on-premises networks), lb:ID and
// lattice:SERVICE (a load balancer or a VPC Lattice service, by ID,
// Terraform address or name; a Lattice service also by DNS or custom
// domain name), subnet:ID (the subnet's host where one endpoint is meant, its
// interfaces where a selection is), tag:KEY=VALUE, subnet-tag:KEY=VALUE,
// sg:ID, vpc:ID, kind:KIND, workload:ID and workload:ID/ROLE (a
// workload's interfaces, or those in one role; as one endpoint, every
// pair of interfaces is answered and the worst named), all, and A+B,
// A&B, A!B (union, intersection, except, left to right). Flows are tcp/443, udp/53, tcp/8000-8080, tcp,
// icmp (echo request), icmp:8/0, icmp:3, icmp:all, icmpv6, proto:47,
// proto:2-5 and any.
//
// reach, ports and who-can-reach take the HTTP request the flow carries
// (--method, --path, --host, --header), which application load balancer
// and Lattice rules match, and the calling principal (--caller-account,
// --caller-arn, --caller-org), which Lattice auth policies judge; by
// default GET / from an anonymous caller. --through vpce-ID names the
// service-network or resource VPC endpoint through which a client beyond
// the endpoint's VPC (a peered VPC, a transit gateway, on premises)
// reaches a lattice: destination.
//
// # Check files
//
// A check file holds one expectation a line, in the vocabulary of package
// [github.com/vpcsim/vpcsim/simtest], whose evaluation it shares:
//
//	reach FROM -> TO FLOWS                      Reachable (every flow listed)
//	deny FROM -> TO FLOWS [because CODE] [at ID] NotReachable (none of them)
//	ports FROM -> TO = FLOWS                    OpenPorts (exactly these)
//	only SOURCES -> TARGETS FLOW                ReachableOnlyFrom
//	not-exposed SELECTION                       NotExposed
//	via COMPONENT: SELECTION -> internet [FLOWS] InternetOnlyVia
//
// with options ipv6, ephemeral LO-HI, src-port N, the request (method,
// path, host, header) and the caller (caller-account, caller-arn,
// caller-org) at the end of a line.
// A selection on a side of reach, deny or ports checks each of its
// interfaces. vpcsim help check gives the details.
//
// # Diff
//
// vpcsim diff OLD NEW compares, exactly, what the internet reaches, what
// reaches the internet, the matrix of the interfaces both declare and the
// matrix of the subnets both declare, grouping endpoints that change
// alike, and names for each change the hop where the paths of its first
// flow part on the two sides: the rule that allows it now or did before,
// the reason and rule that block it.
//
// # Lint
//
// vpcsim lint CONFIG prints every finding of [github.com/vpcsim/vpcsim/sim.Model.Lint]
// (its severity, lint ID, resource and rule at fault, explanation and
// fix) and, as the command's own lint lb-health-check-blocked (severity
// error), each target declared healthy or initial whose load balancer's
// health checks ([github.com/vpcsim/vpcsim/sim.Model.HealthChecks]) the
// security groups, network ACLs or routes block, one finding per target
// group, target and port naming the nodes. vpcsim help lint lists every
// lint.
//
// # Exit status
//
// 0 on success; 1 when a check fails (check), a finding has severity
// error (lint) or the configurations differ (diff --exit-code); 2 on a usage error, a check file that does not parse
// or names what the configuration does not hold, or an input that cannot
// be read or is not a valid network (the message names the file and the
// resource).
package main
