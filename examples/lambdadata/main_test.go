package main

import (
	"testing"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
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
	// The data tier's decisions, stated with simtest: the functions reach
	// the database only through RDS Proxy, the proxy alone reaches the
	// database, the cache admits the functions, and nothing is exposed.
	a := simtest.New(t, n)
	a.Reachable(t, sim.Workload("api"), sim.Workload("db-proxy"), "tcp 5432")
	a.NotReachable(t, sim.Workload("api"), sim.Workload("db"), "tcp 5432", simtest.Because(sim.SGEgress))
	a.ReachableOnlyFrom(t, simtest.Workload("db"), "tcp 5432", simtest.Workload("db-proxy"))
	a.ReachableOnlyFrom(t, simtest.Workload("redis"), "tcp 6379", simtest.Union(simtest.Workload("api"), simtest.Workload("worker")))
	a.NotExposed(t, simtest.All())
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
