// Package simtest turns architecture decisions into go test assertions
// over a network simulated by [github.com/vpcsim/vpcsim/sim]: "the database
// is reachable from the app tier on 5432 and from nothing else", "nothing
// but the load balancers is exposed to the internet", "the app tier
// leaves for the internet through its NAT gateway only". It is to vpcsim
// what net/http/httptest is to net/http: a package made for tests.
//
//	func TestShop(t *testing.T) {
//		a := simtest.New(t, network()) // stops the test if the network does not compile
//
//		a.Reachable(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 5432")
//		a.NotReachable(t, sim.Internet(), sim.ENI("eni-db"), "tcp 5432", simtest.Because(sim.NoPublicIP))
//		a.OpenPorts(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 5432")
//		a.ReachableOnlyFrom(t, simtest.Tag("tier", "db"), "tcp 5432", simtest.Tag("tier", "app"))
//		a.NotExposed(t, simtest.Except(simtest.All(), simtest.Kind(vpc.KindLoadBalancer)))
//		a.InternetOnlyVia(t, simtest.ENIs("eni-batch"), "nat-a")
//		a.Golden(t, "testdata/shop.golden") // the whole connectivity, reviewed as a diff
//	}
//
// # Model
//
// An [Arch] is a compiled network ([New], [Once], [Compile]): the
// [sim.Model], and what [Selector] values need of the declaration (tags,
// subnets, security groups, kinds, workloads). It is immutable and safe for
// concurrent use, so one Arch serves many tests, subtests and parallel
// tests; [Once] compiles a network once per test binary.
//
// Assertions are methods of Arch that take the test's [testing.TB] first,
// so that each failure is reported by the test (or subtest) that made it.
// They call t.Helper, report a failure with t.Errorf and go on, and return
// whether the check held; to stop a test at a failed check, write
//
//	if !a.Reachable(t, from, to, "tcp 443") {
//		t.FailNow()
//	}
//
// An assertion that cannot be evaluated (a malformed flow, an unknown
// interface, a selector that selects nothing) fails the test too, with a
// message starting "simtest:" that names the call and what was expected.
//
// Flows are written as [sim.OpenRange] prints them: "tcp 443",
// "udp 1024-65535", "tcp all", "icmp type 8 code 0", "icmp type 3" (every
// code), "icmpv6 all", "protocol 47", "protocols 2-5", and "all". Checks of
// one flow take one port or message; [Arch.OpenPorts] takes a
// comma-separated list, compared as a set.
//
// Every answer is exact, as the sim queries behind it are: "nothing else
// is open" means nothing else, not "nothing else among the ports tried".
// A [Selector] that names an undeclared resource or selects nothing is an
// error, so that a typo cannot make a check hold vacuously.
//
// # Failure messages
//
// A failure's first line says what happened and what was wanted; the next
// says what to change; the path follows, one hop a line, as
// [sim.Result.String] prints it. A flow that is blocked when it should
// pass:
//
//	eni-batch -> eni-db tcp/5432: blocked (SG_EGRESS), want reachable
//	  blocked: SG_EGRESS at network-interface eni-batch (security-group egress): no egress rule of sg-batch allows tcp 5432 to 10.0.20.4
//
// A flow that passes when it should not names the security group rules
// that let it through (the reply path, which works, is left out):
//
//	internet -> eni-alb tcp/443: reachable, want not reachable
//	  allowed by sg-alb ingress rule 0: tcp 443 from 0.0.0.0/0 (network-interface eni-alb)
//	   1 internet internet: internet => 1.0.0.0:1024-65535 -> 54.0.0.1:443 tcp
//	   ...
//
// Checks over many flows or sources list what was found and wanted, then
// explain each difference ("unexpected", "missing") the same way; sources
// that every rule treats alike are explained once. The examples show a
// failure of each kind.
//
// # Golden files
//
// [Arch.Golden] pins the architecture's whole connectivity
// ([Arch.Connectivity]: what the internet reaches, what reaches the
// internet and through which gateways, and the open flows between groups
// of interfaces and between subnets) in a sorted text file under
// testdata/. A change to the network that changes any of it fails the
// test with a diff; go test -update rewrites the file (see [Update]), and
// the file's diff goes through review with the change. [Golden] does the
// same for any text.
//
// simtest registers the -update flag: a test package that imports it must
// not define its own (read [Update] instead). VPCSIM_UPDATE=1 in the
// environment has the same effect, for go test ./... across packages.
//
// # Benchmarks
//
// [Arch.ReportAddresses] reports the address use of the subnets
// (addrs/subnet, max-used-%, min-free-addrs), [Arch.ReportSubnetAddresses]
// the addresses used in chosen subnets (<subnet>-addrs),
// [ReportScaleOut] the outcome of a [sim.ScaleOut] experiment (max-<unit>,
// exhausted-subnets) and [ReportQueries] the queries per second of a
// benchmark loop, with b.ReportMetric, for capacity experiments;
// [Arch.Addresses] gives each subnet's figures. Address use counts
// everything that takes an address: declared interfaces, NAT gateways,
// load balancer nodes, transit gateway attachments and what workloads
// expand into (pods and /28 prefixes included).
//
// # Workloads
//
// A network's workloads (EKS clusters, ECS services, Lambda functions,
// databases; see package [github.com/vpcsim/vpcsim/workload]) expand into
// interfaces that every selector sees; [Workload] selects those of one
// workload, or of some of its roles, so that a decision reads "only the
// orders service reaches the database on 5432". A query names a workload
// with [sim.Workload].
//
// # VPC Lattice
//
// [Arch.CallableOnlyBy] checks that a VPC Lattice service is callable,
// with a given request, by exactly some principals (IAM roles, users,
// accounts, anonymous callers), from any interface: "POST /charge only by
// the orders role". Its failures name the auth policy statement that lets
// each unexpected caller in, and the one that denies each missing caller.
// The callers it knows are the candidates of [sim.Reacher.Callers].
//
// # Not covered yet
//
// [Arch.InternetOnlyVia] accepts any component on the path, so it will
// cover VPC endpoints when sim models them. Queries between addresses
// rather than interfaces, and the model's other queries, are available
// through [Arch.Model].
package simtest
