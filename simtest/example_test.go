package simtest_test

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
	"github.com/vpcsim/vpcsim/vpc"
)

// printT stands for a test's *testing.T in these examples: it prints what
// the checks report, so that the examples can show their failures. In a
// test, pass the test's t.
type printT struct{ testing.TB }

func (printT) Helper()      {}
func (printT) Name() string { return "TestShop" }
func (printT) Errorf(format string, args ...any) {
	fmt.Printf("--- FAIL: "+format+"\n", args...)
}
func (printT) Fatalf(format string, args ...any) {
	fmt.Printf("--- FATAL: "+format+"\n", args...)
}
func (printT) Logf(format string, args ...any) { fmt.Printf(format+"\n", args...) }

// The architecture decisions of the shop (see shop in fixture_test.go),
// as a test states them. Every check holds, so the test prints nothing.
func Example() {
	t := printT{} // func TestShop(t *testing.T) {

	a := simtest.New(t, shop())
	// The app tier reaches the database on Postgres, and nothing else does.
	a.Reachable(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 5432")
	a.OpenPorts(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 5432")
	a.ReachableOnlyFrom(t, simtest.Tag("tier", "db"), "tcp 5432", simtest.Tag("tier", "app"))
	// The database has no public address: that is what keeps the internet out.
	a.NotReachable(t, sim.Internet(), sim.ENI("eni-db"), "tcp 5432", simtest.Because(sim.NoPublicIP))
	// Nothing but the load balancer is exposed, on 443 only.
	a.NotExposed(t, simtest.Except(simtest.All(), simtest.Kind(vpc.KindLoadBalancer)))
	a.OpenPorts(t, sim.Internet(), sim.ENI("eni-alb"), "tcp 443")
	// The batch job leaves for the internet through the NAT gateway only.
	a.InternetOnlyVia(t, simtest.Tag("tier", "batch"), "nat-a")
	// And the whole connectivity is pinned for review.
	a.Golden(t, "testdata/shop.golden")
	// Output:
}

// New stops the test when the network does not compile, with every
// validation error.
func ExampleNew() {
	t := printT{}
	n := shop()
	n.Subnets[2].CIDR = netip.MustParsePrefix("10.1.20.0/24")
	if a := simtest.New(t, n); a == nil {
		fmt.Println("(a real test stops at Fatalf)")
	}
	// Output:
	// --- FATAL: simtest: the network does not compile:
	// subnet subnet-db cidr: invalid value: 10.1.20.0/24 is not inside a cidr of vpc "vpc-shop" (10.0.0.0/16)
	// (a real test stops at Fatalf)
}

// Once compiles a network once for all the tests of a package; declare
// it at package level.
func ExampleOnce() {
	var shopArch = simtest.Once(shop) // at package level

	t := printT{}
	a, b := shopArch(t), shopArch(t) // in two tests
	fmt.Println(a == b)
	// Output: true
}

func ExampleArch_Reachable() {
	t := printT{}
	a := simtest.New(t, shop())
	a.Reachable(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 5432")
	a.Reachable(t, sim.ENI("eni-app-1"), sim.Internet(), "tcp 443", simtest.IPv6())
	a.Reachable(t, sim.ENI("eni-batch"), sim.ENI("eni-db"), "tcp 5432")
	// Output:
	// --- FAIL: eni-batch -> eni-db tcp/5432: blocked (SG_EGRESS), want reachable
	//   blocked: SG_EGRESS at network-interface eni-batch (security-group egress): no egress rule of sg-batch allows tcp 5432 to 10.0.20.4
}

func ExampleArch_NotReachable() {
	t := printT{}
	a := simtest.New(t, shop())
	a.NotReachable(t, sim.Internet(), sim.ENI("eni-db"), "tcp 5432", simtest.Because(sim.NoPublicIP), simtest.At("eni-db"))
	a.NotReachable(t, sim.ENI("eni-alb"), sim.ENI("eni-db"), "tcp 5432", simtest.Because(sim.NACLInbound))
	a.NotReachable(t, sim.Internet(), sim.ENI("eni-alb"), "tcp 443")
	// Output:
	// --- FAIL: eni-alb -> eni-db tcp/5432: blocked (SG_EGRESS), want not reachable (NACL_IN)
	//   blocked: SG_EGRESS at network-interface eni-alb (security-group egress): no egress rule of sg-alb allows tcp 5432 to 10.0.20.4
	// --- FAIL: internet -> eni-alb tcp/443: reachable, want not reachable
	//   allowed by sg-alb ingress rule 0: tcp 443 from 0.0.0.0/0 (network-interface eni-alb)
	//    1 internet internet: internet => 1.0.0.0:1024-65535 -> 54.0.0.1:443 tcp
	//    2 internet-gateway igw-shop: public address translation [destination 54.0.0.1 -> 10.0.0.4] => 1.0.0.0:1024-65535 -> 10.0.0.4:443 tcp
	//    3 subnet subnet-public: network-acl inbound [vpc-shop/default-acl inbound rule 100: allow all 0.0.0.0/0] => 1.0.0.0:1024-65535 -> 10.0.0.4:443 tcp
	//    4 network-interface eni-alb: security-group ingress [sg-alb ingress rule 0: tcp 443 from 0.0.0.0/0] => 1.0.0.0:1024-65535 -> 10.0.0.4:443 tcp
	//    5 network-interface eni-alb: deliver => 1.0.0.0:1024-65535 -> 10.0.0.4:443 tcp
}

func ExampleArch_OpenPorts() {
	t := printT{}
	a := simtest.New(t, shop())
	a.OpenPorts(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 5432")
	a.OpenPorts(t, sim.ENI("eni-batch"), sim.ENI("eni-db"), "") // nothing
	a.OpenPorts(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 5432, tcp 22")
	// Output:
	// --- FAIL: eni-app-1 -> eni-db: open tcp 5432; want tcp 22, tcp 5432
	//   missing tcp 22:
	//     eni-app-1 -> eni-db tcp/22: blocked (SG_EGRESS)
	//       blocked: SG_EGRESS at network-interface eni-app-1 (security-group egress): no egress rule of sg-app allows tcp 22 to 10.0.20.4
}

func ExampleArch_ReachableOnlyFrom() {
	t := printT{}
	a := simtest.New(t, shop())
	a.ReachableOnlyFrom(t, simtest.Tag("tier", "db"), "tcp 5432", simtest.Tag("tier", "app"))
	a.ReachableOnlyFrom(t, simtest.Tag("tier", "db"), "tcp 5432", simtest.SubnetTag("tier", "app"))
	// Output:
	// --- FAIL: eni-db on tcp 5432: reached from eni-app-1, eni-app-2; want exactly subnet tag tier=app: eni-app-1, eni-app-2, eni-batch
	//   missing eni-batch:
	//     eni-batch -> eni-db tcp/5432: blocked (SG_EGRESS)
	//       blocked: SG_EGRESS at network-interface eni-batch (security-group egress): no egress rule of sg-batch allows tcp 5432 to 10.0.20.4
}

func ExampleArch_NotExposed() {
	t := printT{}
	a := simtest.New(t, shop())
	a.NotExposed(t, simtest.Tag("tier", "db"))
	// The shop with its database made public by mistake.
	bad := simtest.New(t, exposedShop())
	bad.NotExposed(t, simtest.Tag("tier", "db"))
	// Output:
	// --- FAIL: tag tier=db: the internet reaches eni-db; want nothing
	//   eni-db: tcp 5432
	//     internet -> eni-db tcp/5432: reachable
	//       allowed by sg-db ingress rule 1: tcp 5432 from 0.0.0.0/0 (network-interface eni-db)
	//        1 internet internet: internet => 1.0.0.0:1024-65535 -> 54.0.0.2:5432 tcp
	//        2 internet-gateway igw-shop: public address translation [destination 54.0.0.2 -> 10.0.20.4] => 1.0.0.0:1024-65535 -> 10.0.20.4:5432 tcp
	//        3 subnet subnet-db: network-acl inbound [vpc-shop/default-acl inbound rule 100: allow all 0.0.0.0/0] => 1.0.0.0:1024-65535 -> 10.0.20.4:5432 tcp
	//        4 network-interface eni-db: security-group ingress [sg-db ingress rule 1: tcp 5432 from 0.0.0.0/0] => 1.0.0.0:1024-65535 -> 10.0.20.4:5432 tcp
	//        5 network-interface eni-db: deliver => 1.0.0.0:1024-65535 -> 10.0.20.4:5432 tcp
}

func ExampleArch_InternetOnlyVia() {
	t := printT{}
	a := simtest.New(t, shop())
	a.InternetOnlyVia(t, simtest.Tag("tier", "batch"), "nat-a")
	// The app tier's IPv6 traffic leaves through the egress-only gateway.
	a.InternetOnlyVia(t, simtest.Tag("tier", "app"), "nat-a")
	// Output:
	// --- FAIL: tag tier=app: eni-app-1, eni-app-2 reach the internet without nat-a; want every path through nat-a
	//   eni-app-1, eni-app-2 (treated alike; the first explained) to 100::-2600:1f18:1000:aaff:ffff:ffff:ffff:ffff: tcp 443 (and 10 more address ranges)
	//     eni-app-1@2600:1f18:1000:ab10::11 -> internet@100:: tcp/443: reachable
	//       allowed by sg-app egress rule 2: tcp 443 to ::/0 (network-interface eni-app-1)
	//        1 network-interface eni-app-1: security-group egress [sg-app egress rule 2: tcp 443 to ::/0] => 2600:1f18:1000:ab10::11:1024-65535 -> 100:::443 tcp
	//        2 subnet subnet-app: network-acl outbound [vpc-shop/default-acl outbound rule 101: allow all ::/0] => 2600:1f18:1000:ab10::11:1024-65535 -> 100:::443 tcp
	//        3 subnet subnet-app: route [rtb-app route ::/0 -> egress-only-internet-gateway eigw-shop] => 2600:1f18:1000:ab10::11:1024-65535 -> 100:::443 tcp
	//        4 egress-only-internet-gateway eigw-shop: egress-only gateway => 2600:1f18:1000:ab10::11:1024-65535 -> 100:::443 tcp
	//        5 internet internet: deliver => 2600:1f18:1000:ab10::11:1024-65535 -> 100:::443 tcp
}

// Golden compares the architecture's connectivity with a file that
// go test -update rewrites.
func ExampleArch_Golden() {
	t := printT{}
	a := simtest.New(t, shop())
	fmt.Println(a.Golden(t, "testdata/shop.golden"))
	// Output: true
}

// Golden compares any text with a golden file.
func ExampleGolden() {
	t := printT{}
	text, err := simtest.New(t, shop()).Connectivity()
	if err != nil {
		t.Fatalf("%v", err)
	}
	fmt.Println(simtest.Golden(t, "testdata/shop.golden", text))
	// Output: true
}

func ExampleArch_Connectivity() {
	t := printT{}
	text, err := simtest.New(t, shop()).Connectivity()
	if err != nil {
		t.Fatalf("%v", err)
	}
	fmt.Print(text)
	// Output:
	// # Connectivity of 5 network interfaces in 3 subnets, computed by vpcsim.
	// # Rewrite with go test -update; review changes like code.
	//
	// ## internet -> interfaces: what the internet reaches
	// eni-alb: tcp 443
	//
	// ## interfaces -> internet: what reaches some internet address, and through which gateways
	// eni-app-1: tcp 443 via nat-a, igw-shop
	// eni-app-1 (ipv6): tcp 443 via eigw-shop
	// eni-app-2: tcp 443 via nat-a, igw-shop
	// eni-app-2 (ipv6): tcp 443 via eigw-shop
	// eni-batch: tcp 443 via nat-a, igw-shop
	//
	// ## interfaces -> interfaces: groups of interfaces every rule treats alike
	// eni-alb -> eni-app-1, eni-app-2: tcp 8080
	// eni-app-1, eni-app-2 -> eni-alb: tcp 443
	// eni-app-1, eni-app-2 -> eni-db: tcp 5432
	// eni-batch -> eni-alb: tcp 443
	//
	// ## interfaces -> interfaces (ipv6)
	// (nothing)
	//
	// ## subnets -> subnets: routes and network ACLs only (hosts whose security groups allow everything)
	// subnet-app -> subnet-db: tcp 5432
	// subnet-app -> subnet-public: all
	// subnet-public -> subnet-app: all
}

func ExampleArch_Select() {
	t := printT{}
	a := simtest.New(t, shop())
	for _, s := range []simtest.Selector{
		simtest.Tag("tier", "app"),
		simtest.SubnetTag("tier", "app"),
		simtest.Kind(vpc.KindLoadBalancer),
		simtest.Except(simtest.VPC("vpc-shop"), simtest.SecurityGroup("sg-app")),
		simtest.Intersect(simtest.Subnet("subnet-app"), simtest.Tag("tier", "db")),
	} {
		ids, err := a.Select(s)
		fmt.Println(s, "=", ids, err)
	}
	// Output:
	// tag tier=app = [eni-app-1 eni-app-2] <nil>
	// subnet tag tier=app = [eni-app-1 eni-app-2 eni-batch] <nil>
	// kind load-balancer = [eni-alb] <nil>
	// vpc vpc-shop except security group sg-app = [eni-alb eni-batch eni-db] <nil>
	// subnet subnet-app and tag tier=db = [] subnet subnet-app and tag tier=db selects no network interface
}

func ExampleArch_Addresses() {
	t := printT{}
	for _, u := range simtest.New(t, shop()).Addresses() {
		fmt.Printf("%s (%d free)\n", u, u.Free())
	}
	// Output:
	// subnet-app 10.0.10.0/24: 3 of 251 used (248 free)
	// subnet-db 10.0.20.0/24: 1 of 251 used (250 free)
	// subnet-public 10.0.0.0/24: 2 of 251 used (249 free)
}

// A capacity experiment reports the queries per second of its loop and
// the address use of the network. Here the benchmark runs through
// testing.Benchmark; in a _test.go file, it is a func BenchmarkShop(b
// *testing.B) run by go test -bench.
func ExampleReportQueries() {
	t := printT{}
	a := simtest.New(t, shop())
	m := a.Model()
	queries := []sim.Query{
		{From: sim.ENI("eni-app-1"), To: sim.ENI("eni-db"), Port: 5432},
		{From: sim.ENI("eni-batch"), To: sim.ENI("eni-db"), Port: 5432},
	}
	r := testing.Benchmark(func(b *testing.B) {
		for b.Loop() {
			for _, q := range queries {
				m.Verdict(q)
			}
		}
		simtest.ReportQueries(b, len(queries)) // queries/s, ns/query
		a.ReportAddresses(b)                   // addrs/subnet, max-used-%, min-free-addrs
	})
	fmt.Println(r.Extra["queries/s"] > 0, r.Extra["ns/query"] > 0)
	fmt.Printf("%.0f addrs/subnet, %.1f max-used-%%, %.0f min-free-addrs\n",
		r.Extra["addrs/subnet"], r.Extra["max-used-%"], r.Extra["min-free-addrs"])
	// Output:
	// true true
	// 2 addrs/subnet, 1.2 max-used-%, 248 min-free-addrs
}
