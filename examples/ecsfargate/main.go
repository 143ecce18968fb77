package main

import (
	"fmt"
	"log"
	"net/netip"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

var (
	pfx  = netip.MustParsePrefix
	any4 = pfx("0.0.0.0/0")
	tcp  = vpc.ProtocolTCP
	zone = []string{"a", "b", "c"}
)

// network declares the architecture. The ALB's target group lists the
// tasks' addresses, which compile assigns: main compiles once without the
// target group to read them back.
func network() *sim.Network {
	n := &sim.Network{
		VPCs:             []vpc.VPC{{ID: "vpc-app", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, EnableDNSHostnames: true}},
		InternetGateways: []vpc.InternetGateway{{ID: "igw", VPC: "vpc-app"}},
		RouteTables: []vpc.RouteTable{{ID: "rtb-public", VPC: "vpc-app",
			Routes: []vpc.Route{{Destination: any4, Target: vpc.ToInternetGateway("igw")}}},
			{ID: "rtb-db", VPC: "vpc-app"}},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-alb", VPC: "vpc-app",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), CIDR: any4, Description: "https from the internet"}},
				Egress:  []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8080), Group: "sg-tasks", Description: "to the targets"}}},
			{ID: "sg-tasks", VPC: "vpc-app",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8080), Group: "sg-alb", Description: "from the alb"}},
				Egress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-db", Description: "postgres"},
					{Protocol: tcp, Ports: vpc.Port(443), CIDR: any4, Description: "https out through the nat gateways"}}},
			{ID: "sg-db", VPC: "vpc-app",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-tasks"}}},
		},
		LoadBalancers: []elb.LoadBalancer{{ID: "alb", VPC: "vpc-app", SecurityGroups: []string{"sg-alb"}}},
		Listeners:     []elb.Listener{{ID: "https", LoadBalancer: "alb", Protocol: elb.HTTPS, Port: 443, Default: elb.ForwardTo("tg-orders")}},
	}
	var app, db []string
	for i, z := range zone {
		az := "us-east-1" + z
		pub, priv, data := "subnet-public-"+z, "subnet-app-"+z, "subnet-db-"+z
		n.Subnets = append(n.Subnets,
			vpc.Subnet{ID: pub, VPC: "vpc-app", AvailabilityZone: az, CIDR: pfx(fmt.Sprintf("10.0.%d.0/24", i))},
			vpc.Subnet{ID: priv, VPC: "vpc-app", AvailabilityZone: az, CIDR: pfx(fmt.Sprintf("10.0.%d.0/24", 10+i))},
			vpc.Subnet{ID: data, VPC: "vpc-app", AvailabilityZone: az, CIDR: pfx(fmt.Sprintf("10.0.%d.0/24", 20+i))})
		n.RouteTables[0].Subnets = append(n.RouteTables[0].Subnets, pub)
		n.RouteTables[1].Subnets = append(n.RouteTables[1].Subnets, data)
		n.NATGateways = append(n.NATGateways, vpc.NATGateway{ID: "nat-" + z, Subnet: pub,
			ElasticIP: netip.MustParseAddr(fmt.Sprintf("52.0.0.%d", 10+i))})
		n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-app-" + z, VPC: "vpc-app", Subnets: []string{priv},
			Routes: []vpc.Route{{Destination: any4, Target: vpc.ToNATGateway("nat-" + z)}}})
		n.LoadBalancers[0].Subnets = append(n.LoadBalancers[0].Subnets, elb.SubnetMapping{Subnet: pub})
		app, db = append(app, priv), append(db, data)
	}
	n.Workloads = workload.Workloads{
		ECSServices: []workload.ECSService{{ID: "orders", LaunchType: workload.Fargate, DesiredCount: 12,
			Subnets: app, SecurityGroups: []string{"sg-tasks"}}},
		RDSInstances: []workload.RDSInstance{{ID: "orders-db", Engine: workload.Postgres, InstanceClass: "db.r6g.large",
			Deployment: workload.MultiAZInstance, SubnetGroup: workload.SubnetGroup{Name: "db", Subnets: db},
			SecurityGroups: []string{"sg-db"}}},
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
		n.VPCEndpoints = append(n.VPCEndpoints, endpoint.Endpoint{ID: "vpce-" + svc, VPC: "vpc-app",
			ServiceName: endpoint.AWSServiceName("us-east-1", svc), RouteTables: tables})
	}
	return n
}

// withTargets adds the ALB's target group: the orders tasks as ip
// targets, at the addresses m gave them.
func withTargets(n *sim.Network, m *sim.Model) *sim.Network {
	w, _ := m.Workload("orders")
	tg := elb.TargetGroup{ID: "tg-orders", TargetType: elb.IPTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-app"}
	for _, id := range w.Interfaces {
		e, _ := m.Interface(id)
		tg.Targets = append(tg.Targets, elb.Target{IP: e.PrivateIPs[0]})
	}
	n.TargetGroups = []elb.TargetGroup{tg}
	return n
}

// build compiles the architecture, target group included.
func build() (*sim.Network, *sim.Model, error) {
	n := network()
	draft := n.Clone()
	draft.Listeners = nil // no target group yet
	m, err := sim.Compile(draft)
	if err != nil {
		return nil, nil, err
	}
	n = withTargets(n, m)
	m, err = sim.Compile(n)
	return n, m, err
}

func main() {
	n, m, err := build()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m)

	r, err := m.Reach(sim.Query{From: sim.Workload("orders"), To: sim.Workload("orders-db"), Port: 5432})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\nEvery task reaches both database instances: %s (worst pair %s)\n", r.Status, r.Query)

	fmt.Println("\nIP capacity:")
	fmt.Print(m.Capacity())

	// How far can the service scale in its three /24 subnets?
	s, err := sim.ScaleOut(n, 5000, func(k int, ws *workload.Workloads) { ws.ECSServices[0].DesiredCount = k })
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("\nScaling the orders service:")
	fmt.Print(s)

	f, err := sim.AssessFailure(n, sim.ZoneFailure("us-east-1a"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("\nIf us-east-1a fails:")
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
