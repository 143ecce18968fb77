package simtest_test

import (
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
	"github.com/vpcsim/vpcsim/vpc"
)

// arch compiles the shop once for the tests of this file.
var arch = simtest.Once(shop)

// check runs one assertion with a fakeT and compares what it reported
// with want (nil: nothing), and its result with ok.
func check(t *testing.T, want []string, fn func(t testing.TB) bool) {
	t.Helper()
	var ok bool
	f := record(func(ft testing.TB) { ok = fn(ft) })
	if diff := cmp.Diff(want, f.errors); diff != "" {
		t.Errorf("failures reported (-want +got):\n%s", diff)
	}
	if ok != (len(want) == 0) {
		t.Errorf("assertion returned %v, reporting %d failures", ok, len(f.errors))
	}
	if f.helpers == 0 {
		t.Errorf("the assertion did not call t.Helper, so failures would point into simtest")
	}
	if len(f.fatals) > 0 {
		t.Errorf("the assertion stopped the test: %q", f.fatals)
	}
}

// path lines shared by several expected messages.
const (
	appToDBPath = `   1 network-interface eni-app-1: security-group egress [sg-app egress rule 0: tcp 5432 to sg-db] => 10.0.10.4:1024-65535 -> 10.0.20.4:5432 tcp
   2 subnet subnet-app: network-acl outbound [vpc-shop/default-acl outbound rule 100: allow all 0.0.0.0/0] => 10.0.10.4:1024-65535 -> 10.0.20.4:5432 tcp
   3 subnet subnet-app: route [rtb-app route 10.0.0.0/16 -> local] => 10.0.10.4:1024-65535 -> 10.0.20.4:5432 tcp
   4 subnet subnet-db: network-acl inbound [acl-db inbound rule 100: allow tcp 5432 10.0.10.0/24] => 10.0.10.4:1024-65535 -> 10.0.20.4:5432 tcp
   5 network-interface eni-db: security-group ingress [sg-db ingress rule 0: tcp 5432 from sg-app] => 10.0.10.4:1024-65535 -> 10.0.20.4:5432 tcp
   6 network-interface eni-db: deliver => 10.0.10.4:1024-65535 -> 10.0.20.4:5432 tcp`
	internetToALBPath = `   1 internet internet: internet => 1.0.0.0:1024-65535 -> 54.0.0.1:443 tcp
   2 internet-gateway igw-shop: public address translation [destination 54.0.0.1 -> 10.0.0.4] => 1.0.0.0:1024-65535 -> 10.0.0.4:443 tcp
   3 subnet subnet-public: network-acl inbound [vpc-shop/default-acl inbound rule 100: allow all 0.0.0.0/0] => 1.0.0.0:1024-65535 -> 10.0.0.4:443 tcp
   4 network-interface eni-alb: security-group ingress [sg-alb ingress rule 0: tcp 443 from 0.0.0.0/0] => 1.0.0.0:1024-65535 -> 10.0.0.4:443 tcp
   5 network-interface eni-alb: deliver => 1.0.0.0:1024-65535 -> 10.0.0.4:443 tcp`
)

// indent prefixes every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

func TestReachable(t *testing.T) {
	a := arch(t)
	check(t, nil, func(t testing.TB) bool {
		return a.Reachable(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 5432")
	})
	check(t, nil, func(t testing.TB) bool {
		return a.Reachable(t, sim.ENI("eni-app-1"), sim.Internet(), "tcp 443", simtest.IPv6())
	})
	check(t, []string{`eni-batch -> eni-db tcp/5432: blocked (SG_EGRESS), want reachable
  blocked: SG_EGRESS at network-interface eni-batch (security-group egress): no egress rule of sg-batch allows tcp 5432 to 10.0.20.4`},
		func(t testing.TB) bool { return a.Reachable(t, sim.ENI("eni-batch"), sim.ENI("eni-db"), "tcp 5432") })
}

// A reply-blocked flow shows the block first, then the forward path and
// the reply path up to the block.
func TestReachableReplyBlocked(t *testing.T) {
	n := shop()
	n.NetworkACLs[0].Outbound = nil // the database ACL lets no reply out
	a := simtest.New(t, n)
	check(t, []string{`eni-app-1 -> eni-db tcp/5432: reply-blocked (NACL_OUT), want reachable
  blocked: NACL_OUT at subnet subnet-db (network-acl outbound): acl-db outbound rule *: deny all (no entry matches tcp 1024-65535)
` + appToDBPath + `
  reply:
   1 network-interface eni-db: security-group connection tracking [reply to a tracked connection] => 10.0.20.4:5432 -> 10.0.10.4:1024-65535 tcp`},
		func(t testing.TB) bool { return a.Reachable(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 5432") })
	// From a single source port, the same entry drops the reply.
	check(t, nil, func(t testing.TB) bool {
		return a.NotReachable(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 5432", simtest.SrcPort(40000),
			simtest.Because(sim.NACLOutbound), simtest.At("subnet-db"))
	})
}

func TestNotReachable(t *testing.T) {
	a := arch(t)
	check(t, nil, func(t testing.TB) bool {
		return a.NotReachable(t, sim.Internet(), sim.ENI("eni-db"), "tcp 5432", simtest.Because(sim.NoPublicIP), simtest.At("eni-db"))
	})
	check(t, nil, func(t testing.TB) bool {
		return a.NotReachable(t, sim.ENI("eni-alb"), sim.ENI("eni-db"), "tcp 5432", simtest.Because(sim.SGEgress))
	})
	check(t, []string{`internet -> eni-alb tcp/443: reachable, want not reachable
  allowed by sg-alb ingress rule 0: tcp 443 from 0.0.0.0/0 (network-interface eni-alb)
` + internetToALBPath},
		func(t testing.TB) bool { return a.NotReachable(t, sim.Internet(), sim.ENI("eni-alb"), "tcp 443") })
	check(t, []string{`eni-alb -> eni-db tcp/5432: blocked (SG_EGRESS), want not reachable (NACL_IN)
  blocked: SG_EGRESS at network-interface eni-alb (security-group egress): no egress rule of sg-alb allows tcp 5432 to 10.0.20.4`},
		func(t testing.TB) bool {
			return a.NotReachable(t, sim.ENI("eni-alb"), sim.ENI("eni-db"), "tcp 5432", simtest.Because(sim.NACLInbound))
		})
	check(t, []string{`eni-alb -> eni-db tcp/5432: blocked (SG_EGRESS) at eni-alb, want not reachable (blocked at subnet-db)
  blocked: SG_EGRESS at network-interface eni-alb (security-group egress): no egress rule of sg-alb allows tcp 5432 to 10.0.20.4`},
		func(t testing.TB) bool {
			return a.NotReachable(t, sim.ENI("eni-alb"), sim.ENI("eni-db"), "tcp 5432", simtest.At("subnet-db"))
		})
}

func TestOpenPorts(t *testing.T) {
	a := arch(t)
	check(t, nil, func(t testing.TB) bool { return a.OpenPorts(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 5432") })
	check(t, nil, func(t testing.TB) bool { return a.OpenPorts(t, sim.ENI("eni-batch"), sim.ENI("eni-db"), "") })
	check(t, nil, func(t testing.TB) bool { return a.OpenPorts(t, sim.Internet(), sim.ENI("eni-alb"), "tcp 443") })
	check(t, nil, func(t testing.TB) bool {
		return a.OpenPorts(t, sim.ENI("eni-app-1"), sim.Internet(), "tcp 443", simtest.IPv6())
	})
	check(t, []string{`eni-app-1 -> eni-db: open tcp 5432; want tcp 22, tcp 5432
  missing tcp 22:
    eni-app-1 -> eni-db tcp/22: blocked (SG_EGRESS)
      blocked: SG_EGRESS at network-interface eni-app-1 (security-group egress): no egress rule of sg-app allows tcp 22 to 10.0.20.4`},
		func(t testing.TB) bool {
			return a.OpenPorts(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 5432, tcp 22")
		})
	check(t, []string{`eni-app-1 -> eni-db: open tcp 5432; want nothing
  unexpected tcp 5432:
    eni-app-1 -> eni-db tcp/5432: reachable
      allowed by sg-app egress rule 0: tcp 5432 to sg-db (network-interface eni-app-1)
      allowed by sg-db ingress rule 0: tcp 5432 from sg-app (network-interface eni-db)
` + indent(appToDBPath, "    ")},
		func(t testing.TB) bool { return a.OpenPorts(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "none") })
}

// A range partly open shows only the part that differs, explained at its
// first port.
func TestOpenPortsPartialRange(t *testing.T) {
	a := arch(t)
	f := record(func(t testing.TB) { a.OpenPorts(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 5430-5439") })
	if len(f.errors) != 1 {
		t.Fatalf("failures %q, want one", f.errors)
	}
	for _, want := range []string{
		"eni-app-1 -> eni-db: open tcp 5432; want tcp 5430-5439\n",
		"\n  missing tcp 5430-5431:\n    eni-app-1 -> eni-db tcp/5430: blocked (SG_EGRESS)\n",
		"\n  missing tcp 5433-5439:\n    eni-app-1 -> eni-db tcp/5433: blocked (SG_EGRESS)\n",
	} {
		if !strings.Contains(f.errors[0], want) {
			t.Errorf("failure does not contain %q:\n%s", want, f.errors[0])
		}
	}
}

func TestReachableOnlyFrom(t *testing.T) {
	a := arch(t)
	check(t, nil, func(t testing.TB) bool {
		return a.ReachableOnlyFrom(t, simtest.Tag("tier", "db"), "tcp 5432", simtest.Tag("tier", "app"))
	})
	check(t, nil, func(t testing.TB) bool {
		return a.ReachableOnlyFrom(t, simtest.Kind(vpc.KindECSTask), "tcp 8080", simtest.SecurityGroup("sg-alb"))
	})
	check(t, nil, func(t testing.TB) bool {
		return a.ReachableOnlyFrom(t, simtest.ENIs("eni-alb"), "tcp 443",
			simtest.Union(simtest.Internet(), simtest.Subnet("subnet-app")))
	})
	check(t, []string{`eni-db on tcp 5432: reached from eni-app-1, eni-app-2; want exactly eni-app-1, eni-batch
  unexpected eni-app-2:
    eni-app-2 -> eni-db tcp/5432: reachable
      allowed by sg-app egress rule 0: tcp 5432 to sg-db (network-interface eni-app-2)
      allowed by sg-db ingress rule 0: tcp 5432 from sg-app (network-interface eni-db)
` + indent(strings.ReplaceAll(strings.ReplaceAll(appToDBPath, "eni-app-1", "eni-app-2"), "10.0.10.4", "10.0.10.5"), "    ") + `
  missing eni-batch:
    eni-batch -> eni-db tcp/5432: blocked (SG_EGRESS)
      blocked: SG_EGRESS at network-interface eni-batch (security-group egress): no egress rule of sg-batch allows tcp 5432 to 10.0.20.4`},
		func(t testing.TB) bool {
			return a.ReachableOnlyFrom(t, simtest.Tag("tier", "db"), "tcp 5432", simtest.ENIs("eni-app-1", "eni-batch"))
		})
}

// Sources treated alike are explained once; the internet is a source
// like the others.
func TestReachableOnlyFromGroups(t *testing.T) {
	a := arch(t)
	f := record(func(t testing.TB) {
		a.ReachableOnlyFrom(t, simtest.ENIs("eni-alb"), "tcp 443", simtest.Tag("tier", "batch"))
	})
	if len(f.errors) != 1 {
		t.Fatalf("failures %q, want one", f.errors)
	}
	msg := f.errors[0]
	for _, want := range []string{
		"eni-alb on tcp 443: reached from eni-app-1, eni-app-2, eni-batch, internet; want exactly tag tier=batch: eni-batch\n",
		"\n  unexpected eni-app-1, eni-app-2 (treated alike; the first explained):\n    eni-app-1 -> eni-alb tcp/443: reachable\n",
		"\n  unexpected internet:\n    internet -> eni-alb tcp/443: reachable\n",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("failure does not contain %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "eni-app-2 -> eni-alb") || strings.Contains(msg, "missing") {
		t.Errorf("failure explains eni-app-2 or reports a missing source:\n%s", msg)
	}
}

// exposedShop is the shop with the classic mistake: the database made
// public, in a subnet routed to the internet gateway, with its group open
// to the world.
func exposedShop() *sim.Network {
	n := shop()
	yes := true
	n.NetworkInterfaces[4].AssignPublicIP = &yes
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-db", VPC: "vpc-shop", Subnets: []string{"subnet-db"},
		Routes: []vpc.Route{{Destination: netip.MustParsePrefix("0.0.0.0/0"), Target: vpc.ToInternetGateway("igw-shop")}}})
	n.SecurityGroups[3].Ingress = append(n.SecurityGroups[3].Ingress,
		vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), CIDR: netip.MustParsePrefix("0.0.0.0/0")})
	n.NetworkACLs = nil
	return n
}

func TestNotExposed(t *testing.T) {
	a := arch(t)
	check(t, nil, func(t testing.TB) bool {
		return a.NotExposed(t, simtest.Except(simtest.All(), simtest.Kind(vpc.KindLoadBalancer)))
	})
	bad := simtest.New(t, exposedShop())
	check(t, []string{`tag tier=db: the internet reaches eni-db; want nothing
  eni-db: tcp 5432
    internet -> eni-db tcp/5432: reachable
      allowed by sg-db ingress rule 1: tcp 5432 from 0.0.0.0/0 (network-interface eni-db)
       1 internet internet: internet => 1.0.0.0:1024-65535 -> 54.0.0.2:5432 tcp
       2 internet-gateway igw-shop: public address translation [destination 54.0.0.2 -> 10.0.20.4] => 1.0.0.0:1024-65535 -> 10.0.20.4:5432 tcp
       3 subnet subnet-db: network-acl inbound [vpc-shop/default-acl inbound rule 100: allow all 0.0.0.0/0] => 1.0.0.0:1024-65535 -> 10.0.20.4:5432 tcp
       4 network-interface eni-db: security-group ingress [sg-db ingress rule 1: tcp 5432 from 0.0.0.0/0] => 1.0.0.0:1024-65535 -> 10.0.20.4:5432 tcp
       5 network-interface eni-db: deliver => 1.0.0.0:1024-65535 -> 10.0.20.4:5432 tcp`},
		func(t testing.TB) bool { return bad.NotExposed(t, simtest.Tag("tier", "db")) })
}

func TestInternetOnlyVia(t *testing.T) {
	a := arch(t)
	check(t, nil, func(t testing.TB) bool { return a.InternetOnlyVia(t, simtest.Tag("tier", "batch"), "nat-a") })
	// The database reaches nothing: it holds.
	check(t, nil, func(t testing.TB) bool { return a.InternetOnlyVia(t, simtest.Subnet("subnet-db"), "nat-a") })
	// IPv6 leaves through the egress-only gateway, not the NAT gateway.
	check(t, []string{`subnet tag tier=app: eni-app-1, eni-app-2 reach the internet without nat-a; want every path through nat-a
  eni-app-1, eni-app-2 (treated alike; the first explained) to 2000::-2600:1f18:1000:aaff:ffff:ffff:ffff:ffff: tcp 443 (and 8 more address ranges)
    eni-app-1@2600:1f18:1000:ab10::11 -> internet@2000:: tcp/443: reachable
      allowed by sg-app egress rule 2: tcp 443 to ::/0 (network-interface eni-app-1)
       1 network-interface eni-app-1: security-group egress [sg-app egress rule 2: tcp 443 to ::/0] => 2600:1f18:1000:ab10::11:1024-65535 -> 2000:::443 tcp
       2 subnet subnet-app: network-acl outbound [vpc-shop/default-acl outbound rule 101: allow all ::/0] => 2600:1f18:1000:ab10::11:1024-65535 -> 2000:::443 tcp
       3 subnet subnet-app: route [rtb-app route ::/0 -> egress-only-internet-gateway eigw-shop] => 2600:1f18:1000:ab10::11:1024-65535 -> 2000:::443 tcp
       4 egress-only-internet-gateway eigw-shop: egress-only gateway => 2600:1f18:1000:ab10::11:1024-65535 -> 2000:::443 tcp
       5 internet internet: deliver => 2600:1f18:1000:ab10::11:1024-65535 -> 2000:::443 tcp`},
		func(t testing.TB) bool { return a.InternetOnlyVia(t, simtest.SubnetTag("tier", "app"), "nat-a") })
}

// InternetOnlyVia is exact: a route for one range of the internet that
// bypasses the NAT gateway is found, though the first internet address
// goes through it.
func TestInternetOnlyViaFindsARouteForOneRange(t *testing.T) {
	n := shop()
	n.NATGateways = append(n.NATGateways, vpc.NATGateway{ID: "nat-b", Subnet: "subnet-public", ElasticIP: netip.MustParseAddr("52.0.0.11")})
	n.RouteTables[1].Routes = append(n.RouteTables[1].Routes,
		vpc.Route{Destination: netip.MustParsePrefix("8.8.8.0/24"), Target: vpc.ToNATGateway("nat-b")})
	a := simtest.New(t, n)
	f := record(func(t testing.TB) { a.InternetOnlyVia(t, simtest.ENIs("eni-batch"), "nat-a") })
	if len(f.errors) != 1 {
		t.Fatalf("failures %q, want one", f.errors)
	}
	for _, want := range []string{
		"eni-batch: eni-batch reaches the internet without nat-a; want every path through nat-a\n",
		"\n  eni-batch to 8.8.8.0-8.8.8.255: tcp 443\n",
		"[rtb-app route 8.8.8.0/24 -> nat-gateway nat-b]",
	} {
		if !strings.Contains(f.errors[0], want) {
			t.Errorf("failure does not contain %q:\n%s", want, f.errors[0])
		}
	}
	// Through either NAT gateway, the first internet address reaches by
	// nat-a: checking only that address would have missed the bypass.
	r, err := a.Model().Reach(sim.Query{From: sim.ENI("eni-batch"), To: sim.Internet(), Port: 443})
	if err != nil || !r.Allowed() || !strings.Contains(r.String(), "nat-gateway nat-a") {
		t.Errorf("the first internet address should go through nat-a: %v\n%s", err, r)
	}
}

// Mistakes in the assertion itself fail the test with a simtest: message
// naming the call.
func TestMistakes(t *testing.T) {
	a := arch(t)
	var nilArch *simtest.Arch
	tests := []struct {
		name string
		fn   func(t testing.TB) bool
		want string
	}{
		{"bad flow", func(t testing.TB) bool { return a.Reachable(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 5432x") },
			`simtest: Reachable(eni-app-1, eni-db, "tcp 5432x"): flow "tcp 5432x": port "5432x" is not a number 1-65535; want "tcp 443", "udp 1024-65535", "tcp all", "icmp type 8 code 0", "icmp type 3", "icmpv6 all", "protocol 47", "protocols 2-5" or "all"`},
		{"range for one flow", func(t testing.TB) bool { return a.Reachable(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 1-10") },
			`simtest: Reachable(eni-app-1, eni-db, "tcp 1-10"): flow "tcp 1-10": want one flow, such as "tcp 443", "udp 53", "icmp type 8 code 0" or "protocol 47"`},
		{"unknown interface", func(t testing.TB) bool { return a.Reachable(t, sim.ENI("eni-app-1"), sim.ENI("eni-dbb"), "tcp 5432") },
			`simtest: Reachable(eni-app-1, eni-dbb, "tcp 5432"): query - to.eni: unknown resource: no network interface "eni-dbb"`},
		{"expectation on Reachable", func(t testing.TB) bool {
			return a.Reachable(t, sim.ENI("eni-app-1"), sim.ENI("eni-db"), "tcp 5432", simtest.Because(sim.SGIngress))
		}, `simtest: Reachable(eni-app-1, eni-db, "tcp 5432"): simtest.Because applies to NotReachable only`},
		{"unknown component", func(t testing.TB) bool {
			return a.NotReachable(t, sim.ENI("eni-alb"), sim.ENI("eni-db"), "tcp 5432", simtest.At("eni-albb"))
		}, `simtest: NotReachable(eni-alb, eni-db, "tcp 5432"): simtest.At("eni-albb"): the network has no component "eni-albb"`},
		{"no reason", func(t testing.TB) bool {
			return a.NotReachable(t, sim.ENI("eni-alb"), sim.ENI("eni-db"), "tcp 5432", simtest.Because(sim.NoReason))
		}, `simtest: NotReachable(eni-alb, eni-db, "tcp 5432"): simtest.Because(sim.NoReason): a blocked flow always has a reason; want one such as sim.SGIngress`},
		{"ICMP over IPv6", func(t testing.TB) bool {
			return a.OpenPorts(t, sim.ENI("eni-app-1"), sim.ENI("eni-app-2"), "icmp all", simtest.IPv6())
		}, `simtest: OpenPorts(eni-app-1, eni-app-2, "icmp all"): flow "icmp all": icmp does not travel over IPv6 (use icmpv6)`},
		{"typo in a tag", func(t testing.TB) bool { return a.NotExposed(t, simtest.Tag("tier", "dbb")) },
			`simtest: NotExposed(tag tier=dbb): tag tier=dbb selects no network interface`},
		{"typo in a union", func(t testing.TB) bool {
			return a.NotExposed(t, simtest.Union(simtest.Tag("tier", "db"), simtest.Subnet("subnet-dbb")))
		}, `simtest: NotExposed(tag tier=db or subnet subnet-dbb): no subnet "subnet-dbb" is declared`},
		{"empty intersection", func(t testing.TB) bool {
			return a.NotExposed(t, simtest.Intersect(simtest.Tag("tier", "db"), simtest.Kind(vpc.KindECSTask)))
		}, `simtest: NotExposed(tag tier=db and kind ecs-task): tag tier=db and kind ecs-task selects no network interface`},
		{"internet as a destination", func(t testing.TB) bool {
			return a.ReachableOnlyFrom(t, simtest.Internet(), "tcp 443", simtest.All())
		}, `simtest: ReachableOnlyFrom(the internet, "tcp 443", all interfaces): ReachableOnlyFrom's destinations are network interfaces: the internet includes the internet`},
		{"nil selector", func(t testing.TB) bool { return a.NotExposed(t, nil) },
			`simtest: NotExposed(<nil>): nil Selector: build one with ENIs, Tag, SecurityGroup, Subnet, SubnetTag, VPC, Kind, Workload, All or Internet`},
		{"unknown gateway", func(t testing.TB) bool { return a.InternetOnlyVia(t, simtest.All(), "nat-z") },
			`simtest: InternetOnlyVia(all interfaces, "nat-z"): the network has no component "nat-z" to pass through`},
		{"nil arch", func(t testing.TB) bool { return nilArch.Reachable(t, sim.ENI("a"), sim.ENI("b"), "tcp 1") },
			`simtest: Reachable(a, b, "tcp 1") on a nil *Arch: build it with New, Once or Compile`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, []string{tt.want}, tt.fn) })
	}
}

func TestSelect(t *testing.T) {
	a := arch(t)
	tests := []struct {
		sel  simtest.Selector
		want []string
	}{
		{simtest.ENIs("eni-db", "eni-alb"), []string{"eni-alb", "eni-db"}},
		{simtest.Tag("tier", "app"), []string{"eni-app-1", "eni-app-2"}},
		{simtest.SubnetTag("tier", "app"), []string{"eni-app-1", "eni-app-2", "eni-batch"}},
		{simtest.SecurityGroup("sg-app"), []string{"eni-app-1", "eni-app-2"}},
		{simtest.Subnet("subnet-public"), []string{"eni-alb"}},
		{simtest.VPC("vpc-shop"), []string{"eni-alb", "eni-app-1", "eni-app-2", "eni-batch", "eni-db"}},
		{simtest.Kind(vpc.KindEC2), []string{"eni-batch"}}, // declared with the zero kind
		{simtest.Kind(""), []string{"eni-batch"}},
		{simtest.All(), []string{"eni-alb", "eni-app-1", "eni-app-2", "eni-batch", "eni-db"}},
		{simtest.Union(simtest.Tag("tier", "db"), simtest.Kind(vpc.KindLoadBalancer)), []string{"eni-alb", "eni-db"}},
		{simtest.Intersect(simtest.Subnet("subnet-app"), simtest.Kind(vpc.KindECSTask)), []string{"eni-app-1", "eni-app-2"}},
		{simtest.Except(simtest.All(), simtest.Union(simtest.Tag("tier", "app"), simtest.Tag("tier", "db"))), []string{"eni-alb", "eni-batch"}},
		{simtest.Union(simtest.Internet(), simtest.ENIs("eni-db")), []string{"eni-db"}},
	}
	for _, tt := range tests {
		got, err := a.Select(tt.sel)
		if err != nil {
			t.Errorf("Select(%s): %v", tt.sel, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Select(%s) (-want +got):\n%s", tt.sel, diff)
		}
	}

	// Interfaces with no group carry their VPC's default group.
	n := shop()
	n.NetworkInterfaces[3].SecurityGroups = nil
	b := simtest.New(t, n)
	if got, err := b.Select(simtest.SecurityGroup("vpc-shop/default-sg")); err != nil || !cmp.Equal(got, []string{"eni-batch"}) {
		t.Errorf("Select(the default group) = %v, %v; want [eni-batch]", got, err)
	}
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-default", VPC: "vpc-shop", Default: true})
	b = simtest.New(t, n)
	if got, err := b.Select(simtest.SecurityGroup("sg-default")); err != nil || !cmp.Equal(got, []string{"eni-batch"}) {
		t.Errorf("Select(the declared default group) = %v, %v; want [eni-batch]", got, err)
	}

	for _, tt := range []struct {
		sel  simtest.Selector
		want string
	}{
		{simtest.ENIs(), "ENIs() names no interface"},
		{simtest.ENIs("eni-db", "eni-x"), `no network interface "eni-x" is declared`},
		{simtest.SecurityGroup("sg-x"), `no security group "sg-x" is declared (nor is it a VPC's default group)`},
		{simtest.VPC("vpc-x"), `no VPC "vpc-x" is declared`},
		{simtest.Kind("robot"), `kind "robot" is not a vpc.InterfaceKind`},
		{simtest.Kind(vpc.KindLambda), "kind lambda selects no network interface"},
		{simtest.SubnetTag("tier", "edge"), "subnet tag tier=edge selects no network interface"},
		{simtest.Internet(), "the internet selects no network interface"},
		{simtest.Union(), "Union of no selector"},
		{simtest.Except(simtest.Tag("tier", "db"), simtest.All()), "tag tier=db except all interfaces selects no network interface"},
		{simtest.Union(simtest.Tag("tier", "db"), nil), "nil Selector"},
	} {
		if _, err := a.Select(tt.sel); err == nil || err.Error() != tt.want {
			t.Errorf("Select(%v): error %v, want %q", tt.sel, err, tt.want)
		}
	}
}

func TestNewAndOnce(t *testing.T) {
	bad := shop()
	bad.Subnets[0].CIDR = netip.MustParsePrefix("10.1.0.0/24") // outside the VPC
	f := record(func(t testing.TB) {
		simtest.New(t, bad)
		t.Errorf("New went on after a network that does not compile")
	})
	if len(f.fatals) != 1 || len(f.errors) != 0 ||
		!strings.HasPrefix(f.fatals[0], "simtest: the network does not compile:\nsubnet subnet-public cidr: invalid value: ") {
		t.Errorf("New on an invalid network: fatals %q, errors %q", f.fatals, f.errors)
	}

	var calls atomic.Int32
	once := simtest.Once(func() *sim.Network { calls.Add(1); return shop() })
	a1, a2 := once(t), once(t)
	if a1 != a2 || calls.Load() != 1 {
		t.Errorf("Once compiled %d times and returned %p and %p, want once, one Arch", calls.Load(), a1, a2)
	}
	badOnce := simtest.Once(func() *sim.Network { return bad })
	for range 2 {
		f := record(func(t testing.TB) { badOnce(t) })
		if len(f.fatals) != 1 || !strings.Contains(f.fatals[0], "subnet subnet-public cidr: invalid value") {
			t.Errorf("Once on an invalid network: fatals %q", f.fatals)
		}
	}
	f = record(func(t testing.TB) { simtest.Once(nil)(t) })
	if len(f.fatals) != 1 || !strings.Contains(f.fatals[0], "simtest.Once: nil function") {
		t.Errorf("Once(nil): fatals %q", f.fatals)
	}
	if _, err := simtest.Compile(nil); err == nil {
		t.Errorf("Compile(nil) succeeded")
	}
}

// The Arch keeps no reference to the network: changing it afterwards
// changes nothing.
func TestCompileCopies(t *testing.T) {
	n := shop()
	a := simtest.New(t, n)
	n.NetworkInterfaces[0].Tags["tier"] = "db"
	n.Subnets[1].Tags["tier"] = "db"
	n.NetworkInterfaces[4].SecurityGroups[0] = "sg-app"
	got, err := a.Select(simtest.Union(simtest.Tag("tier", "db"), simtest.SubnetTag("tier", "db"), simtest.SecurityGroup("sg-db")))
	if err != nil || !cmp.Equal(got, []string{"eni-db"}) {
		t.Errorf("after changing the network, the selection is %v, %v; want [eni-db]", got, err)
	}
}

// The query options reach the query: a database ACL that lets replies out
// only to 32768-65535 blocks clients on AWS's default ephemeral range,
// not Linux clients.
func TestQueryOptions(t *testing.T) {
	n := shop()
	n.NetworkACLs[0].Outbound[0].Ports = vpc.Ports(32768, 65535)
	a := simtest.New(t, n)
	app, db := sim.ENI("eni-app-1"), sim.ENI("eni-db")
	check(t, nil, func(t testing.TB) bool {
		return a.NotReachable(t, app, db, "tcp 5432", simtest.Because(sim.NACLOutbound))
	})
	check(t, nil, func(t testing.TB) bool {
		return a.Reachable(t, app, db, "tcp 5432", simtest.EphemeralPorts(32768, 60999))
	})
	check(t, nil, func(t testing.TB) bool { return a.Reachable(t, app, db, "tcp 5432", simtest.SrcPort(40000)) })
	check(t, nil, func(t testing.TB) bool {
		return a.OpenPorts(t, app, db, "tcp 5432", simtest.EphemeralPorts(32768, 60999))
	})
	check(t, nil, func(t testing.TB) bool {
		return a.ReachableOnlyFrom(t, simtest.Tag("tier", "db"), "tcp 5432", simtest.Tag("tier", "app"), simtest.SrcPort(40000))
	})
}

// Over IPv6, interfaces without an IPv6 address are left out of the
// wanted sources.
func TestReachableOnlyFromIPv6(t *testing.T) {
	a := arch(t)
	f := record(func(t testing.TB) {
		a.ReachableOnlyFrom(t, simtest.ENIs("eni-app-1"), "tcp 8080", simtest.All(), simtest.IPv6())
	})
	if len(f.errors) != 1 || !strings.HasPrefix(f.errors[0],
		"eni-app-1 on tcp 8080 (ipv6): reached from nothing; want exactly all interfaces: eni-app-2\n  missing eni-app-2:\n") {
		t.Errorf("failures %q", f.errors)
	}
}
