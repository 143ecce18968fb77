package main

import (
	"net/netip"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcsim/vpcsim/scaleplot"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/tfimport"
	"github.com/vpcsim/vpcsim/workload"
)

func TestEKSVPC(t *testing.T) {
	n := network()
	m, err := sim.Compile(n)
	if err != nil {
		t.Fatal(err)
	}
	if l := m.Lint(); len(l) != 0 {
		t.Errorf("the seed's EKS VPC has findings: %v", l)
	}
	// 30 nodes over three zones; a pod reaches a pod on another node, and
	// the internet through its zone's NAT gateway.
	for _, q := range []sim.Query{
		{From: sim.ENI("my-cluster/general-node-1-pod-1"), To: sim.ENI("my-cluster/general-node-2-pod-1"), Port: 8080},
		{From: sim.Workload("my-cluster"), To: sim.Internet(), Port: 443},
	} {
		if v, err := m.Verdict(q); err != nil || !v.Allowed() {
			t.Errorf("%s: %v, %v", q, v, err)
		}
	}
	// Default warm pool: 3 interfaces of 10 addresses per m5.large node
	// of 25 pods (EKS User Guide, VPC CNI WARM_ENI_TARGET=1); a /19 has
	// 8,187 usable, 5 wanted free for the cluster's interfaces, one taken
	// by a cluster interface: (8187 - 6) / 30 = 272 nodes a zone.
	s, err := sim.ScaleOut(n, 5000, nodes)
	if err != nil || s.Fits != 3*272 {
		t.Errorf("scale-out: %v, %v", s, err)
	}
	if err := scaleplot.Save(s, filepath.Join(t.TempDir(), "scale.svg")); err != nil {
		t.Error(err)
	}
	f, err := sim.AssessFailure(n, sim.ZoneFailure("us-east-1b"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Workloads) != 1 || f.Workloads[0].After != 2*(842/3)+1 || len(f.Broken)+len(f.Egress) != 0 {
		t.Errorf("zone b failure:\n%s", f)
	}
}

// The same EKS VPC written in Terraform
// (tfimport/testdata/example-eksvpc.plan.json and the state after apply:
// the node group's launch template carries the node group and the
// cluster security group) imports into the same capacity report,
// answers, scale-out and zone failure, with no lints, once the pods per
// node are given: Terraform declares nodes, Kubernetes schedules the
// pods.
func TestTerraformPlan(t *testing.T) {
	for _, f := range []string{"example-eksvpc.plan.json", "example-eksvpc.state.json"} {
		t.Run(f, func(t *testing.T) { testTerraform(t, "../../tfimport/testdata/"+f) })
	}
}

func testTerraform(t *testing.T, file string) {
	n := network()
	r, err := tfimport.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	// A state knows where AWS put the NAT gateways; the example places
	// its own there too.
	for _, g := range r.Network.NATGateways {
		for i := range n.NATGateways {
			if g.PrivateIP.IsValid() && zoneOf(n, n.NATGateways[i].Subnet) == zoneOf(r.Network, g.Subnet) {
				n.NATGateways[i].PrivateIP = g.PrivateIP
			}
		}
	}
	m, err := sim.Compile(n)
	if err != nil {
		t.Fatal(err)
	}
	imported := r.Network
	imported.Workloads.EKSClusters[0].NodeGroups[0].PodsPerNode = 25
	tf, err := sim.Compile(imported)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(capacityByCIDR(m.Capacity()), capacityByCIDR(tf.Capacity()), prefixes); d != "" {
		t.Errorf("capacity (-example +terraform):\n%s", d)
	}
	for _, q := range []sim.Query{
		{From: sim.ENI("my-cluster/general-node-1-pod-1"), To: sim.ENI("my-cluster/general-node-2-pod-1"), Port: 8080},
		{From: sim.Workload("my-cluster"), To: sim.Internet(), Port: 443},
		{From: sim.WorkloadRole("my-cluster", workload.RoleCluster), To: sim.WorkloadRole("my-cluster", workload.RoleNode), Port: 10250},
		{From: sim.WorkloadRole("my-cluster", workload.RoleNode), To: sim.WorkloadRole("my-cluster", workload.RoleCluster), Port: 443},
		{From: sim.Internet(), To: sim.WorkloadRole("my-cluster", workload.RoleNode), Port: 443},
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
	s1, err1 := sim.ScaleOut(n, 5000, nodes)
	s2, err2 := sim.ScaleOut(imported, 5000, nodes)
	if err1 != nil || err2 != nil || s1.N != s2.N || s1.Fits != s2.Fits {
		t.Errorf("scale-out: example %v (%v), terraform %v (%v)", s1, err1, s2, err2)
	}
	want, err := sim.AssessFailure(n, sim.ZoneFailure("us-east-1b"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := sim.AssessFailure(imported, sim.ZoneFailure("us-east-1b"))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want.Workloads, got.Workloads); d != "" {
		t.Errorf("workloads a zone failure hits (-example +terraform):\n%s", d)
	}
}

// zoneOf returns the zone of subnet id of n.
func zoneOf(n *sim.Network, id string) string {
	s, _ := n.Subnet(id)
	if s == nil {
		return ""
	}
	return s.AvailabilityZone
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
