package main

import (
	"path/filepath"
	"testing"

	"github.com/vpcsim/vpcsim/scaleplot"
	"github.com/vpcsim/vpcsim/sim"
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
