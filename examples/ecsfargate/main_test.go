package main

import (
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
