package scaleplot_test

import (
	"bytes"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/scaleplot"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

func network() *sim.Network {
	p := netip.MustParsePrefix
	return &sim.Network{
		VPCs: []vpc.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{p("10.0.0.0/16")}}},
		Subnets: []vpc.Subnet{
			{ID: "app-a", VPC: "vpc-1", AvailabilityZone: "eu-west-1a", CIDR: p("10.0.0.0/26")},
			{ID: "app-b", VPC: "vpc-1", AvailabilityZone: "eu-west-1b", CIDR: p("10.0.1.0/25")},
		},
		Workloads: workload.Workloads{ECSServices: []workload.ECSService{{ID: "orders", LaunchType: workload.Fargate,
			DesiredCount: 2, Subnets: []string{"app-a", "app-b"}}}},
	}
}

func TestSave(t *testing.T) {
	r, err := sim.ScaleOut(network(), 1000, func(k int, ws *workload.Workloads) { ws.ECSServices[0].DesiredCount = k })
	if err != nil {
		t.Fatal(err)
	}
	if r.N != 2*59+1 { // app-a: 64 - 5 = 59 tasks
		t.Fatalf("runs out at %d\n%s", r.N, r)
	}
	dir := t.TempDir()
	for _, name := range []string{"scale.png", "scale.svg"} {
		path := filepath.Join(dir, name)
		if err := scaleplot.Save(r, path); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if name == "scale.png" && !bytes.HasPrefix(b, []byte("\x89PNG")) {
			t.Errorf("%s is no PNG", name)
		}
		if name == "scale.svg" && (!bytes.Contains(b, []byte("<svg")) || !bytes.Contains(b, []byte("app-a"))) {
			t.Errorf("%s has no legend for app-a", name)
		}
	}
	if err := scaleplot.Save(r, filepath.Join(dir, "scale.txt")); err == nil || !strings.Contains(err.Error(), ".png") {
		t.Errorf("unknown extension: %v", err)
	}
	if err := scaleplot.Save(nil, filepath.Join(dir, "x.png")); err == nil {
		t.Error("nil report drawn")
	}
}
