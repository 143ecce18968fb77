package main

import (
	"fmt"
	"log"
	"net/netip"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Short helpers for the literals below.
var (
	pfx    = netip.MustParsePrefix
	addr   = netip.MustParseAddr
	anyIP4 = pfx("0.0.0.0/0")
	tcp    = vpc.ProtocolTCP
	yes    = true
)

// azs are the Availability Zones the VPC spans. The i-th AZ gets the i-th
// /24 of each tier's block: public 10.0.i.0/24, app 10.0.1i.0/24, database
// 10.0.2i.0/24.
var azs = []string{"a", "b", "c"}

// network declares the whole architecture as plain data. Nothing is
// checked here: sim.Compile validates it later, reporting every problem
// at once.
func network() *sim.Network {
	n := &sim.Network{
		VPCs: []vpc.VPC{{ID: "vpc-prod", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")},
			EnableDNSHostnames: true}},
		// One internet gateway for the VPC. Public subnets route 0.0.0.0/0
		// to it; it maps each public IP one to one to a private address.
		InternetGateways: []vpc.InternetGateway{{ID: "igw-prod", VPC: "vpc-prod"}},
		// The public route table is shared by the public subnets.
		RouteTables: []vpc.RouteTable{{ID: "rtb-public", VPC: "vpc-prod",
			Routes: []vpc.Route{{Destination: anyIP4, Target: vpc.ToInternetGateway("igw-prod")}}}},
	}

	// Subnets, NAT gateways and route tables, one set per AZ.
	for i, az := range azs {
		pub, app, db := "subnet-public-"+az, "subnet-app-"+az, "subnet-db-"+az
		n.Subnets = append(n.Subnets,
			// Public: instances launched here get a public IP by default.
			vpc.Subnet{ID: pub, VPC: "vpc-prod", AvailabilityZone: "us-east-1" + az,
				CIDR: pfx(fmt.Sprintf("10.0.%d.0/24", i)), MapPublicIPOnLaunch: true},
			vpc.Subnet{ID: app, VPC: "vpc-prod", AvailabilityZone: "us-east-1" + az,
				CIDR: pfx(fmt.Sprintf("10.0.%d.0/24", 10+i))},
			vpc.Subnet{ID: db, VPC: "vpc-prod", AvailabilityZone: "us-east-1" + az,
				CIDR: pfx(fmt.Sprintf("10.0.%d.0/24", 20+i))},
		)
		n.RouteTables[0].Subnets = append(n.RouteTables[0].Subnets, pub)

		// One NAT gateway per AZ (one_nat_gateway_per_az in the guide), so
		// an AZ outage does not cut the others off. Each has an Elastic IP.
		nat := "nat-" + az
		n.NATGateways = append(n.NATGateways, vpc.NATGateway{ID: nat, Subnet: pub,
			ElasticIP: addr(fmt.Sprintf("52.0.0.%d", 10+i))})

		// Each app subnet sends internet traffic to its own AZ's NAT gateway.
		n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-app-" + az, VPC: "vpc-prod",
			Subnets: []string{app},
			Routes:  []vpc.Route{{Destination: anyIP4, Target: vpc.ToNATGateway(nat)}}})
	}
	// The database route table has no routes at all: only the implicit
	// local route, so nothing in these subnets can reach the internet.
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-db", VPC: "vpc-prod",
		Subnets: []string{"subnet-db-a", "subnet-db-b", "subnet-db-c"}})

	// Security groups, least privilege, each tier naming the next by group
	// rather than by CIDR: a group reference matches the private addresses
	// of the interfaces carrying that group.
	n.SecurityGroups = []vpc.SecurityGroup{
		{ID: "sg-alb", VPC: "vpc-prod",
			Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), CIDR: anyIP4, Description: "https from the internet"}},
			Egress:  []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8080), Group: "sg-app", Description: "to the targets"}}},
		{ID: "sg-app", VPC: "vpc-prod",
			Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8080), Group: "sg-alb", Description: "from the alb"}},
			Egress: []vpc.SGRule{
				{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-db", Description: "postgres"},
				{Protocol: tcp, Ports: vpc.Port(6379), Group: "sg-redis", Description: "redis"},
				{Protocol: tcp, Ports: vpc.Port(443), CIDR: anyIP4, Description: "https out, via nat"},
			}},
		// RDS and ElastiCache need no egress rules: replies to allowed
		// connections pass by connection tracking.
		{ID: "sg-db", VPC: "vpc-prod",
			Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-app"}}},
		{ID: "sg-redis", VPC: "vpc-prod",
			Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(6379), Group: "sg-app"}}},
	}

	// The database network ACL. NACLs are stateless: besides letting
	// Postgres and Redis in from each app subnet, it must let the replies
	// out to the app tier's ephemeral ports (1024-65535).
	dbACL := vpc.NetworkACL{ID: "acl-db", VPC: "vpc-prod",
		Subnets: []string{"subnet-db-a", "subnet-db-b", "subnet-db-c"}}
	for i := range azs {
		app := pfx(fmt.Sprintf("10.0.%d.0/24", 10+i))
		dbACL.Inbound = append(dbACL.Inbound,
			vpc.ACLEntry{Number: 100 + 10*i, Action: vpc.Allow, Protocol: tcp, CIDR: app, Ports: vpc.Port(5432)},
			vpc.ACLEntry{Number: 200 + 10*i, Action: vpc.Allow, Protocol: tcp, CIDR: app, Ports: vpc.Port(6379)})
		dbACL.Outbound = append(dbACL.Outbound,
			vpc.ACLEntry{Number: 100 + 10*i, Action: vpc.Allow, Protocol: tcp, CIDR: app, Ports: vpc.Ports(1024, 65535)})
	}
	n.NetworkACLs = append(n.NetworkACLs, dbACL)

	// A realistic mistake: an ops subnet for a bastion host, reaching the
	// internet through nat-a. Its custom NACL allows SSH in from the VPC
	// and HTTPS out, and looks complete. But NACLs are stateless: the
	// replies to the bastion's HTTPS requests come back to its ephemeral
	// ports, and no inbound entry allows them, so the final "*" deny drops
	// them. The fix is an inbound entry allowing tcp 1024-65535 from
	// 0.0.0.0/0.
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-ops", VPC: "vpc-prod",
		AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.30.0/24")})
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-ops", VPC: "vpc-prod",
		Subnets: []string{"subnet-ops"},
		Routes:  []vpc.Route{{Destination: anyIP4, Target: vpc.ToNATGateway("nat-a")}}})
	opsACL := vpc.NetworkACL{ID: "acl-ops", VPC: "vpc-prod", Subnets: []string{"subnet-ops"},
		Inbound:  []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: tcp, CIDR: pfx("10.0.0.0/16"), Ports: vpc.Port(22)}},
		Outbound: []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: tcp, CIDR: anyIP4, Ports: vpc.Port(443)}}}
	n.NetworkACLs = append(n.NetworkACLs, opsACL)
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-ops", VPC: "vpc-prod",
		Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(22), CIDR: pfx("10.0.0.0/16")}},
		Egress:  []vpc.SGRule{vpc.AllowAllEgress()}})

	// Network interfaces: the things that send and receive. Interfaces
	// with no PrivateIPs get the next free address of their subnet at
	// compile time (after the five AWS reserves), in ID order.
	for _, az := range azs {
		n.NetworkInterfaces = append(n.NetworkInterfaces,
			// An internet-facing ALB has a node per AZ with a public IP;
			// compile assigns one from 54.0.0.0/8.
			vpc.NetworkInterface{ID: "eni-alb-" + az, Subnet: "subnet-public-" + az,
				Kind: vpc.KindLoadBalancer, AssignPublicIP: &yes, SecurityGroups: []string{"sg-alb"}},
			// ECS Fargate tasks (awsvpc mode: one ENI per task, no public IP).
			vpc.NetworkInterface{ID: "eni-app-" + az, Subnet: "subnet-app-" + az,
				Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-app"}})
	}
	n.NetworkInterfaces = append(n.NetworkInterfaces,
		// The Lambda function shares the app tier's security group.
		vpc.NetworkInterface{ID: "eni-lambda-a", Subnet: "subnet-app-a", Kind: vpc.KindLambda,
			SecurityGroups: []string{"sg-app"}},
		vpc.NetworkInterface{ID: "eni-rds", Subnet: "subnet-db-a", Kind: vpc.KindRDS,
			SecurityGroups: []string{"sg-db"}, PrivateIPs: []netip.Addr{addr("10.0.20.10")}},
		vpc.NetworkInterface{ID: "eni-redis", Subnet: "subnet-db-b", Kind: vpc.KindElastiCache,
			SecurityGroups: []string{"sg-redis"}},
		vpc.NetworkInterface{ID: "eni-bastion", Subnet: "subnet-ops", Kind: vpc.KindEC2,
			SecurityGroups: []string{"sg-ops"}},
	)
	return n
}

func main() {
	// Compile validates the network (every problem at once, as joined
	// errors naming resource and field) and builds an immutable model that
	// any number of goroutines may query.
	m, err := sim.Compile(network())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m)
	fmt.Println()

	// Each query names a source, a destination, a protocol (TCP when left
	// out) and a port. sim.Internet() stands for any public address.
	queries := []struct {
		title string
		q     sim.Query
	}{
		{"Users reach the ALB on 443 through the internet gateway.",
			sim.Query{From: sim.Internet(), To: sim.ENI("eni-alb-a"), Port: 443}},
		{"The ALB reaches an ECS task in another AZ on 8080.",
			sim.Query{From: sim.ENI("eni-alb-a"), To: sim.ENI("eni-app-b"), Port: 8080}},
		{"An ECS task reaches Postgres; the database NACL lets the replies out.",
			sim.Query{From: sim.ENI("eni-app-a"), To: sim.ENI("eni-rds"), Port: 5432}},
		{"The Lambda function reaches Redis in another AZ.",
			sim.Query{From: sim.ENI("eni-lambda-a"), To: sim.ENI("eni-redis"), Port: 6379}},
		{"An ECS task calls an external HTTPS API through its AZ's NAT gateway.",
			sim.Query{From: sim.ENI("eni-app-c"), To: sim.Internet(), Port: 443}},
		{"The internet cannot reach the database: it has no public address.",
			sim.Query{From: sim.Internet(), To: sim.ENI("eni-rds"), Port: 5432}},
		{"The app tier may not SSH into the database: its security group says no.",
			sim.Query{From: sim.ENI("eni-app-a"), To: sim.ENI("eni-rds"), Port: 22}},
		{"The bastion's HTTPS requests leave, but the ops NACL drops the replies.",
			sim.Query{From: sim.ENI("eni-bastion"), To: sim.Internet(), Port: 443}},
	}
	for i, c := range queries {
		// Reach returns the verdict with its explanation: the forward path
		// hop by hop (what each component checked, the rule that allowed
		// it, the packet as it left), the reply path, and what blocked.
		r, err := m.Reach(c.q)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d. %s\n%s\n", i+1, c.title, r)
	}

	// OpenPorts answers every protocol and port at once, exactly: here,
	// only Postgres is open from the app tier to the database.
	open, err := m.OpenPorts(sim.Query{From: sim.ENI("eni-app-a"), To: sim.ENI("eni-rds")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d. Open from eni-app-a to eni-rds:\n", len(queries)+1)
	for _, o := range open {
		fmt.Printf("  %s\n", o)
	}
}
