package main

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
	"github.com/vpcsim/vpcsim/workload"
)

// The answers main prints, pinned.
func TestECSFargate(t *testing.T) {
	n, m, err := build()
	if err != nil {
		t.Fatal(err)
	}
	// The decisions of the architecture, stated with simtest: the ALB
	// serves the internet; only the orders tasks reach the database, and
	// on Postgres only; neither is exposed; each zone's tasks leave
	// through their own zone's NAT gateway.
	a := simtest.New(t, n)
	a.Reachable(t, sim.Internet(), sim.LoadBalancer("alb"), "tcp 443")
	a.ReachableOnlyFrom(t, simtest.Workload("orders-db"), "tcp 5432", simtest.Workload("orders"))
	a.OpenPorts(t, sim.Workload("orders"), sim.Workload("orders-db"), "tcp 5432")
	a.NotExposed(t, simtest.Union(simtest.Workload("orders"), simtest.Workload("orders-db")))
	for _, z := range zone {
		a.InternetOnlyVia(t, simtest.Intersect(simtest.Workload("orders"), simtest.Subnet("subnet-app-"+z)), "nat-"+z)
	}
	if l := m.Lint(); len(l) != 0 {
		t.Errorf("the seed's architecture has findings: %v", l)
	}
	// Round robin over three zones: zone a runs out at 3 x 251 + 1.
	s, err := sim.ScaleOut(n, 5000, func(k int, ws *workload.Workloads) { ws.ECSServices[0].DesiredCount = k })
	if err != nil || s.N != 3*251+1 {
		t.Errorf("scale-out: %v, %v", s, err)
	}
	f, err := sim.AssessFailure(n, sim.ZoneFailure("us-east-1a"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Broken)+len(f.Egress)+len(f.Exposure) != 0 || len(f.WorkloadFlows) != 1 || !f.WorkloadFlows[0].Survives() {
		t.Errorf("zone a failure:\n%s", f)
	}
	after, err := sim.CompileWithout(n, sim.ZoneFailure("us-east-1a"))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := after.Verdict(sim.Query{From: sim.Internet(), To: sim.LoadBalancer("alb"), Port: 443}); !v.Allowed() {
		t.Errorf("the ALB does not serve from zones b and c: %v", v)
	}
}

// What larger app subnets change: a second scale-out on a changed copy
// (the /20s are what docs/workloads.md shows). Each /20 has 4,091 usable
// addresses; the target group keeps the tasks of the network as declared.
func TestECSFargateLargerSubnets(t *testing.T) {
	n, _, err := build()
	if err != nil {
		t.Fatal(err)
	}
	scale := func(k int, ws *workload.Workloads) { ws.ECSServices[0].DesiredCount = k }
	bigger := n.Clone()
	for i, id := range []string{"subnet-app-a", "subnet-app-b", "subnet-app-c"} {
		s, _ := bigger.Subnet(id)
		s.CIDR = netip.MustParsePrefix(fmt.Sprintf("10.0.%d.0/20", 32+16*i))
	}
	// The tasks registered at the /24s' addresses are not in the /20s:
	// the copy registers none (scale-out counts addresses, not targets).
	for i := range bigger.TargetGroups {
		bigger.TargetGroups[i].Targets = nil
	}
	r1, err := sim.ScaleOut(n, 50_000, scale)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := sim.ScaleOut(bigger, 50_000, scale)
	if err != nil {
		t.Fatal(err)
	}
	// Three /24s hold 3 x 251 tasks; three /20s 3 x 4,091.
	if r1.Fits != 3*251 || r2.Fits != 3*4091 {
		t.Errorf("tasks: %d with /24s, %d with /20s; want %d and %d", r1.Fits, r2.Fits, 3*251, 3*4091)
	}
}
