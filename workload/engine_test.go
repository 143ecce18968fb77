package workload_test

// This external test is the only place package workload meets the
// engine: it checks that an expansion is a valid network for package sim
// as it stands (IDs with "/", pods with secondary and prefix addresses,
// the generated cluster security group referenced by a declared rule) and
// that reachability answers follow the security groups expansion sets.
// The library itself does not import sim.

import (
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

func TestExpansionCompilesInTheEngine(t *testing.T) {
	e := exampleEnv()
	e.SecurityGroups = append(e.SecurityGroups, vpc.SecurityGroup{
		ID: "sg-db", VPC: "vpc-1",
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), Group: workload.ClusterSecurityGroupID("shop")}},
		Egress:  vpc.DefaultEgress(false),
	})
	for i := range e.SecurityGroups {
		if e.SecurityGroups[i].ID == "sg-fn" {
			e.SecurityGroups[i].Egress = vpc.DefaultEgress(false)
		}
	}
	e.Subnets = append(e.Subnets,
		vpc.Subnet{ID: "db-a", VPC: "vpc-1", AvailabilityZone: "eu-west-1a", CIDR: netip.MustParsePrefix("10.0.200.0/26")},
		vpc.Subnet{ID: "db-b", VPC: "vpc-1", AvailabilityZone: "eu-west-1b", CIDR: netip.MustParsePrefix("10.0.200.64/26")},
	)
	declared := vpc.NetworkInterface{ID: "eni-bastion", Subnet: "app-a", PrivateIPs: []netip.Addr{netip.MustParseAddr("10.0.0.4")}}
	e.Taken = declared.PrivateIPs
	ws := workload.Workloads{
		EKSClusters: []workload.EKSCluster{{ID: "shop", Subnets: []string{"eks-a", "eks-b"}, CNI: workload.CNI{PrefixDelegation: true},
			NodeGroups: []workload.NodeGroup{{Name: "general", InstanceType: "m5.large", DesiredSize: 2, Subnets: []string{"app-a", "app-b"}, PodsPerNode: 20}}}},
		LambdaFunctions: []workload.LambdaFunction{{ID: "reports", Subnets: []string{"app-a", "app-b"}, SecurityGroups: []string{"sg-fn"}}},
		RDSInstances: []workload.RDSInstance{{ID: "orders-db", Engine: workload.Postgres, Deployment: workload.MultiAZInstance,
			SubnetGroup: workload.SubnetGroup{Subnets: []string{"db-a", "db-b"}}, SecurityGroups: []string{"sg-db"}}},
	}
	x, err := workload.Expand(ws, e)
	if err != nil {
		t.Fatal(err)
	}
	n := &sim.Network{
		VPCs: e.VPCs, Subnets: e.Subnets,
		SecurityGroups:    append(e.SecurityGroups, x.SecurityGroups...),
		NetworkInterfaces: append([]vpc.NetworkInterface{declared}, x.Interfaces...),
	}
	m, err := sim.Compile(n)
	if err != nil {
		t.Fatalf("the engine rejects the expansion: %v", err)
	}
	db := x.InterfacesOf("orders-db", workload.RolePrimary)[0]
	for _, tc := range []struct {
		from string
		want sim.Status
	}{
		{"shop/general-node-2-pod-17", sim.Reachable}, // a pod with a prefix address, through the cluster group
		{"shop/general-node-1", sim.Reachable},
		{x.InterfacesOf("reports")[0], sim.Blocked}, // the Lambda group is not allowed in
	} {
		v, err := m.Verdict(sim.Query{From: sim.ENI(tc.from), To: sim.ENI(db), Port: 5432})
		if err != nil {
			t.Fatal(err)
		}
		if v.Status != tc.want {
			t.Errorf("%s -> %s tcp/5432: %v (%v), want %v", tc.from, db, v.Status, v.Reason, tc.want)
		}
	}
}
