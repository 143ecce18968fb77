package main

import (
	"fmt"
	"log"
	"net/netip"

	"github.com/vpcsim/vpcsim/endpoint"
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
		VPCs:             []vpc.VPC{{ID: "vpc-data", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}, EnableDNSHostnames: true}},
		InternetGateways: []vpc.InternetGateway{{ID: "igw", VPC: "vpc-data"}},
		RouteTables: []vpc.RouteTable{{ID: "rtb-public", VPC: "vpc-data",
			Routes: []vpc.Route{{Destination: any4, Target: vpc.ToInternetGateway("igw")}}},
			{ID: "rtb-db", VPC: "vpc-data"}},
		// The seed's groups: the function reaches the proxy and Redis, and
		// HTTPS out for AWS services; the proxy reaches the database.
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-lambda", VPC: "vpc-data", Egress: []vpc.SGRule{
				{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-proxy", Description: "to the rds proxy"},
				{Protocol: tcp, Ports: vpc.Port(6379), Group: "sg-redis", Description: "to elasticache"},
				{Protocol: tcp, Ports: vpc.Port(443), CIDR: any4, Description: "https out, through nat"}}},
			{ID: "sg-proxy", VPC: "vpc-data",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-lambda"}},
				Egress:  []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-db"}}},
			{ID: "sg-db", VPC: "vpc-data", Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-proxy"}}},
			{ID: "sg-redis", VPC: "vpc-data", Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(6379), Group: "sg-lambda"}}},
		},
	}
	var app, db []string
	for i, z := range []string{"a", "b"} {
		az := "eu-west-1" + z
		pub, priv, data := "public-"+z, "private-"+z, "database-"+z
		n.Subnets = append(n.Subnets,
			vpc.Subnet{ID: pub, VPC: "vpc-data", AvailabilityZone: az, CIDR: pfx(fmt.Sprintf("10.1.%d.0/24", i))},
			vpc.Subnet{ID: priv, VPC: "vpc-data", AvailabilityZone: az, CIDR: pfx(fmt.Sprintf("10.1.%d.0/24", 10+i))},
			// Small database subnets: the proxy's reserve shows.
			vpc.Subnet{ID: data, VPC: "vpc-data", AvailabilityZone: az, CIDR: pfx(fmt.Sprintf("10.1.20.%d/27", 32*i))})
		n.RouteTables[0].Subnets = append(n.RouteTables[0].Subnets, pub)
		n.RouteTables[1].Subnets = append(n.RouteTables[1].Subnets, data)
		n.NATGateways = append(n.NATGateways, vpc.NATGateway{ID: "nat-" + z, Subnet: pub,
			ElasticIP: netip.MustParseAddr(fmt.Sprintf("52.1.0.%d", 10+i))})
		n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-private-" + z, VPC: "vpc-data", Subnets: []string{priv},
			Routes: []vpc.Route{{Destination: any4, Target: vpc.ToNATGateway("nat-" + z)}}})
		app, db = append(app, priv), append(db, data)
	}
	n.Workloads = workload.Workloads{
		LambdaFunctions: []workload.LambdaFunction{
			{ID: "api", Subnets: app, SecurityGroups: []string{"sg-lambda"}},
			{ID: "worker", Subnets: app, SecurityGroups: []string{"sg-lambda"}}, // shares the api's interfaces
		},
		RDSInstances: []workload.RDSInstance{{ID: "db", Engine: workload.Postgres, InstanceClass: "db.r6g.2xlarge",
			Deployment: workload.MultiAZInstance, SubnetGroup: workload.SubnetGroup{Subnets: db}, SecurityGroups: []string{"sg-db"}}},
		RDSProxies: []workload.RDSProxy{{ID: "db-proxy", Target: "db", Subnets: db, SecurityGroups: []string{"sg-proxy"}}},
		CacheClusters: []workload.CacheCluster{{ID: "redis", Engine: workload.Redis, Nodes: 2,
			SubnetGroup: workload.SubnetGroup{Subnets: db}, SecurityGroups: []string{"sg-redis"}}},
	}
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
		n.VPCEndpoints = append(n.VPCEndpoints, endpoint.Endpoint{ID: "vpce-" + svc, VPC: "vpc-data",
			ServiceName: endpoint.AWSServiceName("eu-west-1", svc), RouteTables: tables})
	}
	return n
}

func main() {
	n := network()
	m, err := sim.Compile(n)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m)
	for _, q := range []sim.Query{
		{From: sim.Workload("api"), To: sim.Workload("db-proxy"), Port: 5432},
		{From: sim.Workload("db-proxy"), To: sim.Workload("db"), Port: 5432},
		{From: sim.Workload("worker"), To: sim.Workload("redis"), Port: 6379},
		{From: sim.Workload("api"), To: sim.Workload("db"), Port: 5432}, // only through the proxy
	} {
		v, err := m.Verdict(q)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %s\n", q, v)
	}
	fmt.Println("\nIP capacity:")
	fmt.Print(m.Capacity())

	f, err := sim.AssessFailure(n, sim.ZoneFailure("eu-west-1a"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("\nIf eu-west-1a fails:")
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
