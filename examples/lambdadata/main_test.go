package main

import (
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

// The same data tier written in Terraform
// (tfimport/testdata/example-lambdadata.plan.json, with
// aws_db_proxy_target naming the database) imports into the same
// capacity report, answers and zone failure, with no lints.
func TestTerraformPlan(t *testing.T) {
	m, err := sim.Compile(network())
	if err != nil {
		t.Fatal(err)
	}
	r, err := tfimport.Load("../../tfimport/testdata/example-lambdadata.plan.json")
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
	for _, q := range []sim.Query{
		{From: sim.Workload("api"), To: sim.Workload("db-proxy"), Port: 5432},
		{From: sim.Workload("db-proxy"), To: sim.Workload("db"), Port: 5432},
		{From: sim.Workload("worker"), To: sim.Workload("redis"), Port: 6379},
		{From: sim.Workload("api"), To: sim.Workload("db"), Port: 5432},
		{From: sim.Workload("api"), To: sim.Internet(), Port: 443},
		{From: sim.Workload("api"), To: sim.Internet(), Port: 80},
		{From: sim.Internet(), To: sim.Workload("db"), Port: 5432},
		{From: sim.Workload("redis"), To: sim.Internet(), Port: 443},
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
	want, err := sim.AssessFailure(network(), sim.ZoneFailure("eu-west-1a"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := sim.AssessFailure(r.Network, sim.ZoneFailure("eu-west-1a"))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want.Workloads, got.Workloads); d != "" {
		t.Errorf("workloads a zone failure hits (-example +terraform):\n%s", d)
	}
	if len(got.WorkloadFlows) != len(want.WorkloadFlows) || len(got.Broken)+len(got.Egress) != 0 {
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
