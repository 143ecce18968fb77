package main

import (
	"testing"

	"github.com/vpcsim/vpcsim/sim"
)

func TestLambdaData(t *testing.T) {
	n := network()
	m, err := sim.Compile(n)
	if err != nil {
		t.Fatal(err)
	}
	if l := m.Lint(); len(l) != 0 {
		t.Errorf("the seed's data tier has findings: %v", l)
	}
	for _, tc := range []struct {
		q    sim.Query
		want bool
	}{
		{sim.Query{From: sim.Workload("api"), To: sim.Workload("db-proxy"), Port: 5432}, true},
		{sim.Query{From: sim.Workload("db-proxy"), To: sim.Workload("db"), Port: 5432}, true},
		{sim.Query{From: sim.Workload("worker"), To: sim.Workload("redis"), Port: 6379}, true},
		{sim.Query{From: sim.Workload("api"), To: sim.Workload("db"), Port: 5432}, false},
		{sim.Query{From: sim.Internet(), To: sim.Workload("redis"), Port: 6379}, false},
	} {
		if v, err := m.Verdict(tc.q); err != nil || v.Allowed() != tc.want {
			t.Errorf("%s: %v, %v", tc.q, v, err)
		}
	}
	// Functions sharing subnets and groups share one Hyperplane interface
	// per subnet (Lambda Developer Guide, "Giving Lambda functions access
	// to resources in an Amazon VPC").
	u, _ := m.Capacity().Subnet("private-a")
	if len(u.Uses) != 1 || u.Uses[0].Owner != "api,worker" || u.Taken != 1 {
		t.Errorf("private-a: %+v", u)
	}
	f, err := sim.AssessFailure(n, sim.ZoneFailure("eu-west-1a"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.WorkloadFlows) != 5 || len(f.Broken)+len(f.Egress) != 0 {
		t.Errorf("zone a failure:\n%s", f)
	}
	for _, w := range f.WorkloadFlows {
		if !w.Survives() {
			t.Errorf("%s -> %s lost", w.From, w.To)
		}
	}
}
