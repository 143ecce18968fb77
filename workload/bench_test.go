package workload

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/vpc"
)

// benchEnv is one VPC with three /18 subnets, one per zone.
func benchEnv() Env {
	e := Env{VPCs: []vpc.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}}}
	for i, z := range []string{"a", "b", "c"} {
		e.Subnets = append(e.Subnets, vpc.Subnet{ID: "sub-" + z, VPC: "vpc-1", AvailabilityZone: "eu-west-1" + z,
			CIDR: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, byte(64 * i), 0}), 18)})
	}
	return e
}

func benchCluster(nodes, pods int, pd bool) Workloads {
	return Workloads{EKSClusters: []EKSCluster{{ID: "eks", Subnets: []string{"sub-a", "sub-b", "sub-c"}, CNI: CNI{PrefixDelegation: pd},
		NodeGroups: []NodeGroup{{Name: "ng", InstanceType: "m5.4xlarge", DesiredSize: nodes, Subnets: []string{"sub-a", "sub-b", "sub-c"}, PodsPerNode: pods}}}}}
}

// BenchmarkExpand measures expanding an EKS cluster into interfaces with
// addresses; the metric is the cost per generated interface.
func BenchmarkExpand(b *testing.B) {
	for _, tc := range []struct {
		nodes, pods int
		pd          bool
	}{{30, 50, false}, {100, 100, true}} {
		b.Run(fmt.Sprintf("nodes=%d/pods=%d/pd=%v", tc.nodes, tc.pods, tc.pd), func(b *testing.B) {
			ws, e := benchCluster(tc.nodes, tc.pods, tc.pd), benchEnv()
			var n int
			b.ReportAllocs()
			for b.Loop() {
				x, err := Expand(ws, e)
				if err != nil {
					b.Fatal(err)
				}
				n = len(x.Interfaces)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/interface")
		})
	}
}

// BenchmarkScaleOut measures finding how many 100-pod nodes fit.
func BenchmarkScaleOut(b *testing.B) {
	e := benchEnv()
	b.ReportAllocs()
	for b.Loop() {
		ex, err := ScaleOut(e, 100000, func(n int) Workloads { return benchCluster(n, 100, true) })
		if err != nil || ex.N == 0 {
			b.Fatal(ex, err)
		}
	}
}
