package workload

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// EKS User Guide, "Subnet requirements for clusters": each cluster subnet
// must have at least six addresses for EKS (its cluster interfaces and
// their replacements); demand counts what the cluster interfaces hold and
// the rest of the six as headroom.
func TestDemandCountsAndHeadroom(t *testing.T) {
	ws := Workloads{
		EKSClusters: []EKSCluster{{ID: "eks", Subnets: []string{"cp-a", "cp-b", "cp-c"},
			NodeGroups: []NodeGroup{{Name: "ng", InstanceType: "t3.small", DesiredSize: 2, Subnets: []string{"priv-a"}, PodsPerNode: 5}}}},
		ECSServices: []ECSService{{ID: "svc", LaunchType: Fargate, DesiredCount: 3, Subnets: []string{"priv-a", "priv-b"}}},
	}
	got, err := Demand(ws, testEnv())
	if err != nil {
		t.Fatal(err)
	}
	// t3.small with 5 pods and WARM_ENI_TARGET=1: three interfaces of four
	// addresses per node.
	want := []SubnetDemand{
		{Subnet: "cp-a", AvailabilityZone: "us-east-1a", Addresses: 1, Headroom: 5, ENIs: 1,
			Workloads: []WorkloadDemand{{Workload: "eks", Kind: KindEKSCluster, Addresses: 1, Headroom: 5, ENIs: 1}}},
		{Subnet: "cp-b", AvailabilityZone: "us-east-1b", Addresses: 1, Headroom: 5, ENIs: 1,
			Workloads: []WorkloadDemand{{Workload: "eks", Kind: KindEKSCluster, Addresses: 1, Headroom: 5, ENIs: 1}}},
		{Subnet: "cp-c", AvailabilityZone: "us-east-1c", Headroom: 6,
			Workloads: []WorkloadDemand{{Workload: "eks", Kind: KindEKSCluster, Headroom: 6}}},
		{Subnet: "priv-a", AvailabilityZone: "us-east-1a", Addresses: 24 + 2, ENIs: 6 + 2, Workloads: []WorkloadDemand{
			{Workload: "eks", Kind: KindEKSCluster, Addresses: 24, ENIs: 6},
			{Workload: "svc", Kind: KindECSService, Addresses: 2, ENIs: 2},
		}},
		{Subnet: "priv-b", AvailabilityZone: "us-east-1b", Addresses: 1, ENIs: 1,
			Workloads: []WorkloadDemand{{Workload: "svc", Kind: KindECSService, Addresses: 1, ENIs: 1}}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("demand (-want +got):\n%s", d)
	}
}

// The five reserved addresses (VPC User Guide, "Subnet CIDR blocks") are
// never free; a /28 block is free only if none of its addresses is used.
func TestSubnetCapacity(t *testing.T) {
	e := testEnv()
	c := SubnetCapacity(e.Subnets[0], []netip.Addr{addr("10.0.0.100"), addr("10.0.1.1")})
	want := Capacity{Subnet: "priv-a", CIDR: pfx("10.0.0.0/24"), Usable: 251, Free: 250, FreeBlocks: 13, LargestFree: pfx("10.0.0.128/26")}
	if d := cmp.Diff(want, c, cmpAddrs); d != "" {
		t.Errorf("capacity (-want +got):\n%s", d)
	}
	c = SubnetCapacity(e.Subnets[4], nil) // cp-a, a /28
	want = Capacity{Subnet: "cp-a", CIDR: pfx("10.0.10.0/28"), Usable: 11, Free: 11, FreeBlocks: 0, LargestFree: pfx("10.0.10.4/30")}
	if d := cmp.Diff(want, c, cmpAddrs); d != "" {
		t.Errorf("capacity of a /28 (-want +got):\n%s", d)
	}
	if c := SubnetCapacity(e.Subnets[4], []netip.Addr{addr("10.0.10.4"), addr("10.0.10.5"), addr("10.0.10.6"), addr("10.0.10.7"),
		addr("10.0.10.8"), addr("10.0.10.9"), addr("10.0.10.10"), addr("10.0.10.11"), addr("10.0.10.12"), addr("10.0.10.13"), addr("10.0.10.14")}); c.Free != 0 || c.LargestFree.IsValid() {
		t.Errorf("a full subnet: %+v", c)
	}
	bad := e.Subnets[0]
	bad.CIDR = pfx("10.0.0.0/30")
	if c := SubnetCapacity(bad, nil); c.Usable != 0 || c.Free != 0 {
		t.Errorf("a /30 is no AWS subnet: %+v", c)
	}
	// Prefixes need whole blocks; single addresses and headroom take the rest.
	room := Capacity{Free: 100, FreeBlocks: 4}
	for _, tc := range []struct {
		d    SubnetDemand
		want Shortfall
	}{
		{SubnetDemand{Addresses: 36, Prefixes: 4}, Shortfall{}},
		{SubnetDemand{Addresses: 37, Prefixes: 4}, Shortfall{Addresses: 1}},
		{SubnetDemand{Addresses: 30, Headroom: 7, Prefixes: 4}, Shortfall{Addresses: 1}},
		{SubnetDemand{Prefixes: 5}, Shortfall{Blocks: 1}},
		{SubnetDemand{Addresses: 100}, Shortfall{}},
	} {
		if got := room.Short(tc.d); got != tc.want || got.Fits() != (tc.want == Shortfall{}) {
			t.Errorf("Short(%+v) = %+v, want %+v", tc.d, got, tc.want)
		}
	}
}

// ECS tasks spread evenly over two /24 subnets of 251 usable addresses:
// the 503rd task is the first that does not fit, in the first zone.
func TestScaleOutECSTasks(t *testing.T) {
	e := testEnv()
	scale := func(n int) Workloads {
		return Workloads{ECSServices: []ECSService{{ID: "orders", LaunchType: Fargate, DesiredCount: n, Subnets: []string{"priv-a", "priv-b"}}}}
	}
	ex, err := ScaleOut(e, 10000, scale)
	if err != nil {
		t.Fatal(err)
	}
	if ex.N != 503 || len(ex.Subnets) != 1 || ex.Subnets[0].Demand.Subnet != "priv-a" || ex.Subnets[0].Short != (Shortfall{Addresses: 1}) {
		t.Errorf("exhaustion = %+v", ex)
	}
	// Expand agrees: 502 tasks fit, 503 do not.
	if _, err := Expand(scale(502), e); err != nil {
		t.Errorf("502 tasks: %v", err)
	}
	if _, err := Expand(scale(503), e); !errors.Is(err, ErrCapacity) {
		t.Errorf("503 tasks: want a capacity error, got %v", err)
	}
	// Taken addresses come off the capacity.
	e.Taken = []netip.Addr{addr("10.0.1.50")}
	if ex, _ := ScaleOut(e, 10000, scale); ex.N != 502 || ex.Subnets[0].Demand.Subnet != "priv-b" {
		t.Errorf("with one address taken in priv-b: %+v", ex)
	}
	// Nothing runs out below the limit asked.
	if ex, err := ScaleOut(e, 400, scale); err != nil || ex.N != 0 {
		t.Errorf("up to 400 tasks: %+v, %v", ex, err)
	}
}

// Nodes, pods per node, and prefix delegation: the scale-out questions
// the service networking guide asks of EKS.
func TestScaleOutEKS(t *testing.T) {
	e := testEnv()
	cluster := func(g NodeGroup, cni CNI) Workloads {
		return Workloads{EKSClusters: []EKSCluster{{ID: "eks", Subnets: []string{"cp-a", "cp-b"}, CNI: cni, NodeGroups: []NodeGroup{g}}}}
	}
	// m5.large at 20 pods holds three full interfaces: 30 addresses per
	// node; a /24 holds 8 nodes.
	ex, err := ScaleOut(e, 1000, func(n int) Workloads {
		return cluster(NodeGroup{Name: "ng", InstanceType: "m5.large", DesiredSize: n, Subnets: []string{"priv-a"}, PodsPerNode: 20}, CNI{})
	})
	if err != nil || ex.N != 9 {
		t.Errorf("nodes of 20 pods: N = %d (%v), want 9", ex.N, err)
	}
	// Pods per node stop at the node's limit (27 with VPC addresses)
	// before two nodes fill a /24.
	ex, err = ScaleOut(e, 1000, func(n int) Workloads {
		return cluster(NodeGroup{Name: "ng", InstanceType: "m5.large", DesiredSize: 2, Subnets: []string{"priv-a"}, PodsPerNode: n}, CNI{})
	})
	if err != nil || ex.N != 28 || !errors.Is(ex.Limit, ErrLimit) || len(ex.Subnets) != 0 {
		t.Errorf("pods per node: %+v (%v), want N 28 by ErrLimit", ex, err)
	}
	// With prefix delegation 100 pods take 8 prefixes per node; a /24 has
	// 14 free aligned blocks, so the second node no longer fits although
	// 251 − 16 − 2 addresses would remain.
	ex, err = ScaleOut(e, 1000, func(n int) Workloads {
		return cluster(NodeGroup{Name: "ng", InstanceType: "m5.large", DesiredSize: n, Subnets: []string{"priv-a"}, PodsPerNode: 100}, CNI{PrefixDelegation: true})
	})
	if err != nil || ex.N != 2 || ex.Subnets[0].Short.Blocks != 2 {
		t.Errorf("prefix-delegated nodes: %+v (%v), want N 2 short of 2 blocks", ex, err)
	}
}

func TestScaleOutArguments(t *testing.T) {
	if _, err := ScaleOut(testEnv(), 10, nil); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("nil scale: %v", err)
	}
	if _, err := ScaleOut(testEnv(), 0, func(int) Workloads { return Workloads{} }); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("limit 0: %v", err)
	}
	// An invalid declaration is an error, not an exhaustion.
	_, err := ScaleOut(testEnv(), 10, func(n int) Workloads {
		return Workloads{VPCLinks: []VPCLink{{ID: "l", Subnets: []string{"nope"}}}}
	})
	if !errors.Is(err, ErrUnknownResource) {
		t.Errorf("invalid declaration: %v", err)
	}
}
