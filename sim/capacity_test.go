package sim

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

func TestCapacityReport(t *testing.T) {
	m := mustCompile(t, services())
	r := m.Capacity()
	got, ok := r.Subnet("subnet-app-a")
	if !ok {
		t.Fatal("no subnet-app-a")
	}
	// AWS reserves the first four addresses and the last of every subnet
	// (VPC User Guide, "Subnet CIDR blocks"). Two of the three tasks go to
	// zone a (round robin over zones), with the declared task and the
	// Lambda function's Hyperplane interface.
	want := SubnetUsage{Subnet: "subnet-app-a", VPC: "vpc-main", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.10.0/24"),
		Size: 256, Reserved: 5, Taken: 4, Free: 247, FreeBlocks: 14, LargestFree: pfx("10.0.10.64/26"),
		Uses: []AddressUse{
			{Owner: "", Kind: "ecs-task", Addresses: 1, Interfaces: 1},
			{Owner: "orders", Kind: "ecs-service", Addresses: 2, Interfaces: 2},
			{Owner: "reports", Kind: "lambda-function", Addresses: 1, Interfaces: 1},
		}}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
		t.Errorf("subnet-app-a (-want +got):\n%s", diff)
	}
	pub, _ := r.Subnet("subnet-pub-a")
	if diff := cmp.Diff([]AddressUse{{Kind: "load-balancer", Addresses: 1, Interfaces: 1}, {Owner: "nat-a", Kind: "nat-gateway", Addresses: 1, Interfaces: 1}}, pub.Uses); diff != "" {
		t.Errorf("subnet-pub-a uses (-want +got):\n%s", diff)
	}
	if s := r.String(); !strings.Contains(s, "orders (ecs-service)") || !strings.Contains(s, "10.0.10.64/26") {
		t.Errorf("String:\n%s", s)
	}
	if (*CapacityReport)(nil).String() != "<nil>" || len((*Model)(nil).Capacity().Subnets) != 0 {
		t.Error("nil report or model")
	}
}

// EKS: pods with prefix delegation hold whole /28 blocks, and the
// cluster subnets want six free addresses each for the cluster's
// interfaces (EKS User Guide, "VPC and subnet requirements").
func TestCapacityEKS(t *testing.T) {
	n := services()
	n.Subnets = append(n.Subnets,
		vpc.Subnet{ID: "subnet-eks-a", VPC: "vpc-main", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.30.0/28")},
		vpc.Subnet{ID: "subnet-eks-b", VPC: "vpc-main", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.30.16/28")},
		vpc.Subnet{ID: "subnet-node-a", VPC: "vpc-main", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.32.0/24")},
	)
	n.Workloads.EKSClusters = []workload.EKSCluster{{ID: "shop", Subnets: []string{"subnet-eks-a", "subnet-eks-b"},
		CNI: workload.CNI{PrefixDelegation: true},
		NodeGroups: []workload.NodeGroup{{Name: "ng", InstanceType: "m5.large", DesiredSize: 2,
			Subnets: []string{"subnet-node-a"}, PodsPerNode: 20}}}}
	r := mustCompile(t, n).Capacity()
	node, _ := r.Subnet("subnet-node-a")
	// Each node: ceil(20/16) + 1 warm = 3 prefixes, plus its primary
	// address (EKS User Guide, "Assign more IP addresses with prefixes").
	if len(node.Uses) != 1 || node.Uses[0].Prefixes != 6 || node.Uses[0].Addresses != 2+6*16 || node.Uses[0].Interfaces != 2 {
		t.Errorf("node subnet uses: %+v", node.Uses)
	}
	if node.FreeBlocks != 16-6-1-1 { // the first block holds reserved and node addresses, the last the broadcast
		t.Errorf("free /28 blocks %d\n%s", node.FreeBlocks, r)
	}
	eks, _ := r.Subnet("subnet-eks-a")
	if eks.Headroom != 5 || eks.Free != 16-5-1 || eks.Short {
		t.Errorf("cluster subnet: headroom %d free %d short %v\n%s", eks.Headroom, eks.Free, eks.Short, r)
	}
}

// A transit gateway attachment takes an address in each of its subnets.
func TestCapacityAttachment(t *testing.T) {
	n := services()
	n.TransitGateways = []vpc.TransitGateway{{ID: "tgw-1"}}
	n.TransitGatewayAttachments = []vpc.TransitGatewayAttachment{{ID: "tgw-att-1", TransitGateway: "tgw-1", VPC: "vpc-main", Subnets: []string{"subnet-app-a", "subnet-app-b"}}}
	base := mustCompile(t, services()).Capacity()
	r := mustCompile(t, n).Capacity()
	for _, id := range []string{"subnet-app-a", "subnet-app-b"} {
		b, _ := base.Subnet(id)
		s, _ := r.Subnet(id)
		if s.Taken != b.Taken+1 || s.Free != b.Free-1 {
			t.Errorf("%s: taken %d free %d, without the attachment %d %d", id, s.Taken, s.Free, b.Taken, b.Free)
		}
	}
}

func TestScaleOut(t *testing.T) {
	orders := func(k int, ws *workload.Workloads) { ws.ECSServices[0].DesiredCount = k }
	r, err := ScaleOut(services(), 5000, orders)
	if err != nil {
		t.Fatal(err)
	}
	// ECS spreads tasks evenly over the service's zones (ECS Developer
	// Guide, "Amazon ECS task placement"): zone a takes ceil(k/2) tasks.
	// subnet-app-a has 251 usable addresses, two held by the declared
	// task and the Lambda function: 249 tasks, so k = 498 fits.
	if r.N != 499 || r.Fits != 498 || len(r.Exhausted) != 1 || r.Exhausted[0].Demand.Subnet != "subnet-app-a" || r.Limited != nil {
		t.Errorf("scale-out: %+v\n%s", r, r)
	}
	last := r.Points[len(r.Points)-1]
	if last.N != 499 || len(r.Points) > maxScalePoints || r.Points[0].N != 1 {
		t.Errorf("points from %d to %d (%d)", r.Points[0].N, last.N, len(r.Points))
	}

	// A third subnet in a third zone spreads the tasks over three zones.
	n := services()
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-app-c", VPC: "vpc-main", AvailabilityZone: "us-east-1c", CIDR: pfx("10.0.12.0/24")})
	n.Workloads.ECSServices[0].Subnets = append(n.Workloads.ECSServices[0].Subnets, "subnet-app-c")
	r3, err := ScaleOut(n, 5000, orders)
	if err != nil {
		t.Fatal(err)
	}
	if r3.Fits != 3*249 {
		t.Errorf("three zones: fits %d, want %d\n%s", r3.Fits, 3*249, r3)
	}

	// Nothing runs out below the limit.
	if r, err := ScaleOut(services(), 100, orders); err != nil || r.N != 0 || r.Fits != 100 || !strings.Contains(r.String(), "every scale up to 100 fits") {
		t.Errorf("limit 100: %v, %v", r, err)
	}
	// A node group limited by max pods.
	n = services()
	n.Workloads.EKSClusters = []workload.EKSCluster{{ID: "eks", Subnets: []string{"subnet-app-a", "subnet-app-b"},
		NodeGroups: []workload.NodeGroup{{Name: "ng", InstanceType: "m5.large", DesiredSize: 1, Subnets: []string{"subnet-app-a", "subnet-app-b"}, PodsPerNode: 1}}}}
	r, err = ScaleOut(n, 100, func(k int, ws *workload.Workloads) { ws.EKSClusters[0].NodeGroups[0].PodsPerNode = k })
	// m5.large runs 29 pods, two of them host-network (EKS User Guide,
	// max pods = 3 ENIs x (10 - 1) + 2).
	if err != nil || r.N != 28 || !errors.Is(r.Limited, workload.ErrLimit) {
		t.Errorf("pods per node: %+v, %v", r, err)
	}

	if _, err := ScaleOut(services(), 0, orders); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("limit 0: %v", err)
	}
	if _, err := ScaleOut(nil, 1, orders); !errors.Is(err, ErrNil) {
		t.Errorf("nil network: %v", err)
	}
	bad := services()
	bad.Workloads.ECSServices[0].LaunchType = ""
	if _, err := ScaleOut(bad, 10, orders); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("invalid workloads: %v", err)
	}
}
