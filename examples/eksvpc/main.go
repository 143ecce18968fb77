package main

import (
	"flag"
	"fmt"
	"log"
	"net/netip"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/scaleplot"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

var (
	pfx  = netip.MustParsePrefix
	any4 = pfx("0.0.0.0/0")
	tcp  = vpc.ProtocolTCP
)

func network() *sim.Network {
	n := &sim.Network{
		VPCs: []vpc.VPC{{ID: "eks-vpc", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, EnableDNSHostnames: true,
			Tags: map[string]string{"kubernetes.io/cluster/my-cluster": "shared"}}},
		InternetGateways: []vpc.InternetGateway{{ID: "igw", VPC: "eks-vpc"}},
		RouteTables: []vpc.RouteTable{{ID: "rtb-public", VPC: "eks-vpc",
			Routes: []vpc.Route{{Destination: any4, Target: vpc.ToInternetGateway("igw")}}}},
		// The seed's node group: node to node everything, the control
		// plane to the kubelets on 1025-65535, all out.
		SecurityGroups: []vpc.SecurityGroup{{ID: "sg-nodes", VPC: "eks-vpc",
			Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, Group: "sg-nodes", Description: "node to node"},
				{Protocol: tcp, Ports: vpc.Ports(1025, 65535), Group: workload.ClusterSecurityGroupID("my-cluster"), Description: "control plane to nodes"}},
			Egress: []vpc.SGRule{vpc.AllowAllEgress()}}},
	}
	var private []string
	for i, z := range []string{"a", "b", "c"} {
		az := "us-east-1" + z
		pub, priv := "public-"+z, "private-"+z
		n.Subnets = append(n.Subnets,
			// /19 private subnets (8,192 addresses): pods take VPC addresses.
			vpc.Subnet{ID: priv, VPC: "eks-vpc", AvailabilityZone: az, CIDR: pfx(fmt.Sprintf("10.0.%d.0/19", 32*i)),
				Tags: map[string]string{workload.TagRoleInternalELB: "1"}},
			vpc.Subnet{ID: pub, VPC: "eks-vpc", AvailabilityZone: az, CIDR: pfx(fmt.Sprintf("10.0.%d.0/24", 96+i)),
				Tags: map[string]string{workload.TagRoleELB: "1"}})
		n.RouteTables[0].Subnets = append(n.RouteTables[0].Subnets, pub)
		n.NATGateways = append(n.NATGateways, vpc.NATGateway{ID: "nat-" + z, Subnet: pub,
			ElasticIP: netip.MustParseAddr(fmt.Sprintf("52.0.1.%d", 10+i))})
		n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-private-" + z, VPC: "eks-vpc", Subnets: []string{priv},
			Routes: []vpc.Route{{Destination: any4, Target: vpc.ToNATGateway("nat-" + z)}}})
		private = append(private, priv)
	}
	n.Workloads.EKSClusters = []workload.EKSCluster{{ID: "my-cluster", Subnets: private,
		NodeGroups: []workload.NodeGroup{{Name: "general", InstanceType: "m5.large", DesiredSize: 30,
			Subnets: private, SecurityGroups: []string{"sg-nodes", workload.ClusterSecurityGroupID("my-cluster")}, PodsPerNode: 25}}}}
	// Gateway endpoints for S3 and DynamoDB on the private route tables,
	// as the seed declares them (free, where a NAT gateway charges per
	// gigabyte): that traffic leaves through no NAT gateway.
	var tables []string
	for _, rt := range n.RouteTables {
		if rt.ID != "rtb-public" {
			tables = append(tables, rt.ID)
		}
	}
	for _, svc := range []string{"dynamodb", "s3"} {
		n.VPCEndpoints = append(n.VPCEndpoints, endpoint.Endpoint{ID: "vpce-" + svc, VPC: "eks-vpc",
			ServiceName: endpoint.AWSServiceName("us-east-1", svc), RouteTables: tables})
	}
	return n
}

// nodes scales the node group to k nodes.
func nodes(k int, ws *workload.Workloads) { ws.EKSClusters[0].NodeGroups[0].DesiredSize = k }

func main() {
	plot := flag.String("plot", "", "draw the scale-out to this file (.svg, .png, .pdf)")
	flag.Parse()
	n := network()
	m, err := sim.Compile(n)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m)
	fmt.Println("\nIP capacity:")
	fmt.Print(m.Capacity())

	// The VPC CNI's default warm pool keeps a whole interface of
	// addresses spare on every node: 30 addresses per m5.large node.
	s, err := sim.ScaleOut(n, 5000, nodes)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("\nScaling the node group (25 pods a node, single addresses):")
	fmt.Print(s)
	if *plot != "" {
		if err := scaleplot.Save(s, *plot); err != nil {
			log.Fatal(err)
		}
	}
	// With prefix delegation each node holds /28 prefixes instead.
	pd := n.Clone()
	pd.Workloads.EKSClusters[0].CNI.PrefixDelegation = true
	s, err = sim.ScaleOut(pd, 5000, nodes)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("\nWith prefix delegation:")
	fmt.Print(s)

	f, err := sim.AssessFailure(n, sim.ZoneFailure("us-east-1b"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("\nIf us-east-1b fails:")
	fmt.Print(f)

	fmt.Println("\nLints:")
	lints := m.Lint()
	for _, l := range lints {
		fmt.Println(l)
	}
	if len(lints) == 0 {
		fmt.Println("none")
	}
}
