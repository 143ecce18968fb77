package workload_test

import (
	"fmt"
	"net/netip"

	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// exampleEnv is a VPC with two private /24 subnets and two /28 subnets
// for EKS cluster interfaces, in zones a and b.
func exampleEnv() workload.Env {
	p := netip.MustParsePrefix
	return workload.Env{
		VPCs: []vpc.VPC{{ID: "vpc-1", Region: "eu-west-1", CIDRs: []netip.Prefix{p("10.0.0.0/16")}}},
		Subnets: []vpc.Subnet{
			{ID: "app-a", VPC: "vpc-1", AvailabilityZone: "eu-west-1a", CIDR: p("10.0.0.0/24")},
			{ID: "app-b", VPC: "vpc-1", AvailabilityZone: "eu-west-1b", CIDR: p("10.0.1.0/24")},
			{ID: "eks-a", VPC: "vpc-1", AvailabilityZone: "eu-west-1a", CIDR: p("10.0.100.0/28")},
			{ID: "eks-b", VPC: "vpc-1", AvailabilityZone: "eu-west-1b", CIDR: p("10.0.100.16/28")},
		},
		SecurityGroups: []vpc.SecurityGroup{{ID: "sg-fn", VPC: "vpc-1"}, {ID: "sg-db-clients", VPC: "vpc-1"}},
	}
}

// An EKS cluster with a node group of three m5.large nodes running 12 pods
// each: the nodes spread over two zones; with the VPC CNI's default warm
// pool each node holds three interfaces of ten addresses.
func ExampleExpand_eks() {
	m5, _ := workload.LookupInstanceType("m5.large")
	fmt.Println("m5.large max pods:", m5.MaxPods(false), "with prefix delegation:", m5.MaxPods(true))

	ws := workload.Workloads{EKSClusters: []workload.EKSCluster{{
		ID: "shop", Subnets: []string{"eks-a", "eks-b"},
		NodeGroups: []workload.NodeGroup{{
			Name: "general", InstanceType: "m5.large", DesiredSize: 3,
			Subnets: []string{"app-a", "app-b"}, PodsPerNode: 12,
		}},
	}}}
	x, err := workload.Expand(ws, exampleEnv())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("cluster security group:", x.SecurityGroups[0].ID)
	fmt.Println("nodes:", x.InterfacesOf("shop", workload.RoleNode))
	fmt.Println("pods:", len(x.InterfacesOf("shop", workload.RolePod)))

	demand, _ := workload.Demand(ws, exampleEnv())
	for _, d := range demand {
		fmt.Printf("%s: %d addresses, %d interfaces, %d headroom\n", d.Subnet, d.Addresses, d.ENIs, d.Headroom)
	}
	// Output:
	// m5.large max pods: 29 with prefix delegation: 110
	// cluster security group: shop/cluster-sg
	// nodes: [shop/general-node-1 shop/general-node-2 shop/general-node-3]
	// pods: 36
	// app-a: 60 addresses, 6 interfaces, 0 headroom
	// app-b: 30 addresses, 3 interfaces, 0 headroom
	// eks-a: 1 addresses, 1 interfaces, 5 headroom
	// eks-b: 1 addresses, 1 interfaces, 5 headroom
}

// Two Lambda functions with the same security group share a Hyperplane
// interface in each subnet they have in common; a third function with
// another group set gets its own.
func ExampleExpand_lambda() {
	ws := workload.Workloads{LambdaFunctions: []workload.LambdaFunction{
		{ID: "orders-api", Subnets: []string{"app-a", "app-b"}, SecurityGroups: []string{"sg-fn"}},
		{ID: "orders-worker", Subnets: []string{"app-a"}, SecurityGroups: []string{"sg-fn"}},
		{ID: "reports", Subnets: []string{"app-a"}, SecurityGroups: []string{"sg-fn", "sg-db-clients"}},
	}}
	x, err := workload.Expand(ws, exampleEnv())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, i := range x.Interfaces {
		fmt.Println(i.ID, i.PrivateIPs[0])
	}
	fmt.Println("orders-worker uses", x.InterfacesOf("orders-worker"))
	// Output:
	// hyperplane/app-a/sg-db-clients+sg-fn 10.0.0.4
	// hyperplane/app-a/sg-fn 10.0.0.5
	// hyperplane/app-b/sg-fn 10.0.1.4
	// orders-worker uses [hyperplane/app-a/sg-fn]
}

// How many tasks can the orders service run before a subnet runs out?
func ExampleScaleOut() {
	ex, err := workload.ScaleOut(exampleEnv(), 100000, func(n int) workload.Workloads {
		return workload.Workloads{ECSServices: []workload.ECSService{{
			ID: "orders", LaunchType: workload.Fargate, DesiredCount: n, Subnets: []string{"app-a", "app-b"},
		}}}
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := ex.Subnets[0]
	fmt.Printf("task %d does not fit: %s needs %d addresses, has %d free\n", ex.N, s.Demand.Subnet, s.Demand.Addresses, s.Capacity.Free)
	// Output:
	// task 503 does not fit: app-a needs 252 addresses, has 251 free
}
