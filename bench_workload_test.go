package vpcsim_test

import (
	"fmt"
	"net/netip"
	"sync"
	"testing"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// Capacity experiments on workloads: an EKS cluster whose node group of
// m5.large nodes runs 25 pods each (28 interfaces a node: 3 node
// interfaces and 25 pods) and an ECS service, over three zones, sized to
// about 100,000 interfaces; the VPC has three /16 CIDRs, one /16 subnet a
// zone for the nodes and tasks.
//
//	go test -run xxx -bench 'Workload' -benchtime 3x .

// workloadNetwork returns the network with nodes nodes and tasks tasks.
func workloadNetwork(nodes, tasks int) *sim.Network {
	p := netip.MustParsePrefix
	n := &sim.Network{
		VPCs:             []vpc.VPC{{ID: "vpc", CIDRs: []netip.Prefix{p("10.0.0.0/16"), p("10.1.0.0/16"), p("10.2.0.0/16"), p("10.3.0.0/16")}}},
		InternetGateways: []vpc.InternetGateway{{ID: "igw", VPC: "vpc"}},
		RouteTables: []vpc.RouteTable{{ID: "rtb-public", VPC: "vpc",
			Routes: []vpc.Route{{Destination: p("0.0.0.0/0"), Target: vpc.ToInternetGateway("igw")}}}},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-nodes", VPC: "vpc", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, Group: "sg-nodes"}}, Egress: []vpc.SGRule{vpc.AllowAllEgress()}},
			{ID: "sg-tasks", VPC: "vpc", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), Group: "sg-nodes"}},
				Egress: []vpc.SGRule{vpc.AllowAllEgress()}},
		},
	}
	var private []string
	for i, z := range []string{"a", "b", "c"} {
		pub, priv := "public-"+z, "private-"+z
		n.Subnets = append(n.Subnets,
			vpc.Subnet{ID: priv, VPC: "vpc", AvailabilityZone: "us-east-1" + z, CIDR: p(fmt.Sprintf("10.%d.0.0/16", i+1)),
				Tags: map[string]string{workload.TagRoleInternalELB: "1"}},
			vpc.Subnet{ID: pub, VPC: "vpc", AvailabilityZone: "us-east-1" + z, CIDR: p(fmt.Sprintf("10.0.%d.0/24", i))})
		n.RouteTables[0].Subnets = append(n.RouteTables[0].Subnets, pub)
		n.NATGateways = append(n.NATGateways, vpc.NATGateway{ID: "nat-" + z, Subnet: pub, ElasticIP: netip.MustParseAddr(fmt.Sprintf("52.0.0.%d", i+1))})
		n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-" + z, VPC: "vpc", Subnets: []string{priv},
			Routes: []vpc.Route{{Destination: p("0.0.0.0/0"), Target: vpc.ToNATGateway("nat-" + z)}}})
		private = append(private, priv)
	}
	n.Workloads = workload.Workloads{
		EKSClusters: []workload.EKSCluster{{ID: "eks", Subnets: private, NodeGroups: []workload.NodeGroup{{Name: "ng",
			InstanceType: "m5.large", DesiredSize: nodes, Subnets: private, SecurityGroups: []string{"sg-nodes"}, PodsPerNode: 25}}}},
		ECSServices: []workload.ECSService{{ID: "orders", LaunchType: workload.Fargate, DesiredCount: tasks,
			Subnets: private, SecurityGroups: []string{"sg-tasks"}}},
	}
	return n
}

// workload100k is the network of about 100,000 interfaces.
var workload100k = sync.OnceValue(func() *sim.Network { return workloadNetwork(3500, 2000) })

// BenchmarkWorkloadCapacity expands the workloads, compiles the network and
// writes the capacity report.
func BenchmarkWorkloadCapacity(b *testing.B) {
	n := workload100k()
	m, err := sim.Compile(n)
	if err != nil {
		b.Fatal(err)
	}
	enis := 0
	for range m.Interfaces() {
		enis++
	}
	if u, _ := m.Capacity().Subnet("private-a"); u.Taken == 0 || u.Free+u.Taken+u.Reserved != u.Size {
		b.Fatalf("private-a: %+v", u)
	}
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		m, err := sim.Compile(n)
		if err != nil {
			b.Fatal(err)
		}
		_ = m.Capacity().String()
	}
	reportCPU(b, cpu)
	b.ReportMetric(float64(enis), "interfaces")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/report")
}

// BenchmarkWorkloadZoneFailure compiles the network whole and without one
// zone and compares the access analyses.
func BenchmarkWorkloadZoneFailure(b *testing.B) {
	n := workload100k()
	r, err := sim.AssessFailure(n, sim.ZoneFailure("us-east-1a"))
	if err != nil {
		b.Fatal(err)
	}
	if len(r.Workloads) != 2 || len(r.Broken) != 0 || len(r.Egress) != 0 {
		b.Fatalf("zone a failure:\n%s", r)
	}
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		if _, err := sim.AssessFailure(n, sim.ZoneFailure("us-east-1a")); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
	b.ReportMetric(float64(len(r.Removed)), "removed")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/diff")
}

// BenchmarkWorkloadScaleOut finds how many nodes of 25 pods the node
// group can grow to beside 2,000 tasks, in three /16 subnets.
func BenchmarkWorkloadScaleOut(b *testing.B) {
	n := workloadNetwork(10, 2000)
	scale := func(k int, ws *workload.Workloads) { ws.EKSClusters[0].NodeGroups[0].DesiredSize = k }
	var r *sim.ScaleReport
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		var err error
		if r, err = sim.ScaleOut(n, 100_000, scale); err != nil {
			b.Fatal(err)
		}
	}
	if r.N == 0 || r.Limited != nil {
		b.Fatalf("scale-out: %v", r)
	}
	reportCPU(b, cpu)
	b.ReportMetric(float64(r.Fits), "nodes")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/scale-out")
}
