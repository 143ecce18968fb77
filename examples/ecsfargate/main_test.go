package main

import (
	"fmt"
	"net/netip"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
	"github.com/vpcsim/vpcsim/tfimport"
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

// The same architecture written in Terraform
// (tfimport/testdata/example-ecsfargate.plan.json) imports into the same
// capacity report, answers, scale-out and zone failure, with no lints:
// the import registers the service's tasks with its target group as
// withTargets does.
func TestTerraformPlan(t *testing.T) {
	n, m, err := build()
	if err != nil {
		t.Fatal(err)
	}
	r, err := tfimport.Load("../../tfimport/testdata/example-ecsfargate.plan.json")
	if err != nil {
		t.Fatal(err)
	}
	tf, err := sim.Compile(r.Network)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(capacityByCIDR(m.Capacity()), capacityByCIDR(tf.Capacity()), prefixes); d != "" {
		t.Errorf("capacity (-example +terraform):\n%s", d)
	}
	alb := r.Network.LoadBalancers[0].ID
	for _, q := range []struct{ example, terraform sim.Query }{
		{sim.Query{From: sim.Internet(), To: sim.LoadBalancer("alb"), Port: 443}, sim.Query{From: sim.Internet(), To: sim.LoadBalancer(alb), Port: 443}},
		{sim.Query{From: sim.Internet(), To: sim.LoadBalancer("alb"), Port: 80}, sim.Query{From: sim.Internet(), To: sim.LoadBalancer(alb), Port: 80}},
	} {
		want, err1 := m.Reach(q.example)
		got, err2 := tf.Reach(q.terraform)
		if err1 != nil || err2 != nil || got.Status != want.Status || got.Reason != want.Reason {
			t.Fatalf("%s: terraform %v (%v), example %v (%v)", q.terraform, got.Status, err2, want.Status, err1)
		}
		if want.Proxy != nil && (got.Proxy == nil || len(got.Proxy.Branches) != len(want.Proxy.Branches)) {
			t.Errorf("%s: the ALB forwards to %d targets in the example, %v in the import", q.terraform, len(want.Proxy.Branches), got.Proxy)
		}
	}
	for _, q := range []sim.Query{
		{From: sim.Workload("orders"), To: sim.Workload("orders-db"), Port: 5432},
		{From: sim.Workload("orders"), To: sim.Workload("orders-db"), Port: 3306},
		{From: sim.Workload("orders"), To: sim.Internet(), Port: 443},
		{From: sim.Internet(), To: sim.Workload("orders"), Port: 8080},
		{From: sim.Workload("orders-db"), To: sim.Internet(), Port: 443},
	} {
		want, err1 := m.Verdict(q)
		got, err2 := tf.Verdict(q)
		if err1 != nil || err2 != nil || got.Status != want.Status || got.Reason != want.Reason {
			t.Errorf("%s: terraform %v (%v), example %v (%v)", q, got, err2, want, err1)
		}
	}
	// The Terraform fixture declares no S3 or DynamoDB gateway endpoint
	// (the example does, as the seed advises): aws-service-via-nat is
	// the only finding it may have.
	if l := slices.DeleteFunc(tf.Lint(), func(f sim.Finding) bool { return f.ID == "aws-service-via-nat" }); len(l) != 0 {
		t.Errorf("the imported plan has findings: %v", l)
	}
	scale := func(k int, ws *workload.Workloads) { ws.ECSServices[0].DesiredCount = k }
	s1, err1 := sim.ScaleOut(n, 5000, scale)
	s2, err2 := sim.ScaleOut(r.Network, 5000, scale)
	if err1 != nil || err2 != nil || s1.N != s2.N || s1.Fits != s2.Fits {
		t.Errorf("scale-out: example %v (%v), terraform %v (%v)", s1, err1, s2, err2)
	}
	want, err := sim.AssessFailure(n, sim.ZoneFailure("us-east-1a"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := sim.AssessFailure(r.Network, sim.ZoneFailure("us-east-1a"))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want.Workloads, got.Workloads); d != "" {
		t.Errorf("workloads a zone failure hits (-example +terraform):\n%s", d)
	}
	if len(got.WorkloadFlows) != len(want.WorkloadFlows) || len(got.Broken)+len(got.Egress)+len(got.Exposure) != 0 {
		t.Errorf("zone a failure of the imported plan:\n%s", got)
	}
}

var prefixes = cmpopts.EquateComparable(netip.Prefix{})

// capacityByCIDR is a capacity report keyed by subnet CIDR, with the
// owners that are no workload (NAT gateways, whose IDs differ) blanked.
func capacityByCIDR(r *sim.CapacityReport) map[string]sim.SubnetUsage {
	out := map[string]sim.SubnetUsage{}
	for _, u := range r.Subnets {
		k := u.CIDR.String()
		u.Subnet, u.VPC = "", ""
		u.Uses = slices.Clone(u.Uses)
		for i := range u.Uses {
			if !workload.Kind(u.Uses[i].Kind).Valid() {
				u.Uses[i].Owner = ""
			}
		}
		out[k] = u
	}
	return out
}
