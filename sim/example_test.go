package sim_test

import (
	"errors"
	"fmt"
	"log"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// exampleNetwork is a two-tier VPC: a web server in a public subnet (whose
// route table sends 0.0.0.0/0 to the internet gateway, and which gives the
// server a public IP) and a database in a private subnet that uses the
// main route table (local routes only). The web group allows HTTPS in from
// anywhere and Postgres out to the database group; the database group
// allows Postgres in from the web group.
func exampleNetwork() *sim.Network {
	p := netip.MustParsePrefix
	return &sim.Network{
		VPCs: []vpc.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{p("10.0.0.0/16")}}},
		Subnets: []vpc.Subnet{
			{ID: "subnet-web", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: p("10.0.1.0/24"), MapPublicIPOnLaunch: true},
			{ID: "subnet-db", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: p("10.0.2.0/24")},
		},
		InternetGateways: []vpc.InternetGateway{{ID: "igw-1", VPC: "vpc-1"}},
		RouteTables: []vpc.RouteTable{{ID: "rtb-web", VPC: "vpc-1", Subnets: []string{"subnet-web"},
			Routes: []vpc.Route{{Destination: p("0.0.0.0/0"), Target: vpc.ToInternetGateway("igw-1")}}}},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-web", VPC: "vpc-1",
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: p("0.0.0.0/0")}},
				Egress:  []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), Group: "sg-db"}}},
			{ID: "sg-db", VPC: "vpc-1",
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), Group: "sg-web"}}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-web", Subnet: "subnet-web", SecurityGroups: []string{"sg-web"}},
			{ID: "eni-db", Subnet: "subnet-db", Kind: vpc.KindRDS, SecurityGroups: []string{"sg-db"}},
		},
	}
}

// Compile validates a network and builds its model. A network AWS would
// reject comes back as every problem at once, joined; each is a
// *sim.FieldError naming the resource and field, and matches a sentinel
// with errors.Is.
func ExampleCompile() {
	m, err := sim.Compile(exampleNetwork())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m)

	bad := exampleNetwork()
	bad.Subnets[0].CIDR = netip.MustParsePrefix("10.0.1.7/24") // host bits set
	bad.Subnets[1].CIDR = netip.MustParsePrefix("10.9.2.0/24") // outside the VPC
	bad.SecurityGroups[1].Ingress[0].Group = "sg-wbe"          // a typo
	_, err = sim.Compile(bad)
	fmt.Println(err)
	fmt.Println("unknown resource:", errors.Is(err, sim.ErrUnknownResource))
	var fe *sim.FieldError
	if errors.As(err, &fe) {
		fmt.Printf("first: resource=%s id=%s field=%s\n", fe.Resource, fe.ID, fe.Field)
	}
	// Output:
	// model: 1 vpcs, 2 subnets, 2 interfaces
	// subnet subnet-web cidr: invalid value: "10.0.1.7/24" is not canonical (host bits set): want "10.0.1.0/24"
	// subnet subnet-db cidr: invalid value: 10.9.2.0/24 is not inside a cidr of vpc "vpc-1" (10.0.0.0/16)
	// security-group sg-db ingress[0].group: unknown resource: no security-group "sg-wbe" is declared
	// unknown resource: true
	// first: resource=subnet id=subnet-web field=cidr
}

// Reach explains its answer: every hop of the path with the rule that
// allowed it and the packet as it left, the reply path (network ACLs are
// stateless, so replies are walked too), or where and why the flow stopped.
func ExampleModel_Reach() {
	m, err := sim.Compile(exampleNetwork())
	if err != nil {
		log.Fatal(err)
	}
	r, err := m.Reach(sim.Query{From: sim.ENI("eni-web"), To: sim.ENI("eni-db"), Port: 5432})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(r)
	// Output:
	// eni-web -> eni-db tcp/5432: reachable
	//    1 network-interface eni-web: security-group egress [sg-web egress rule 0: tcp 5432 to sg-db] => 10.0.1.4:1024-65535 -> 10.0.2.4:5432 tcp
	//    2 subnet subnet-web: network-acl outbound [vpc-1/default-acl outbound rule 100: allow all 0.0.0.0/0] => 10.0.1.4:1024-65535 -> 10.0.2.4:5432 tcp
	//    3 subnet subnet-web: route [rtb-web route 10.0.0.0/16 -> local] => 10.0.1.4:1024-65535 -> 10.0.2.4:5432 tcp
	//    4 subnet subnet-db: network-acl inbound [vpc-1/default-acl inbound rule 100: allow all 0.0.0.0/0] => 10.0.1.4:1024-65535 -> 10.0.2.4:5432 tcp
	//    5 network-interface eni-db: security-group ingress [sg-db ingress rule 0: tcp 5432 from sg-web] => 10.0.1.4:1024-65535 -> 10.0.2.4:5432 tcp
	//    6 network-interface eni-db: deliver => 10.0.1.4:1024-65535 -> 10.0.2.4:5432 tcp
	//   reply:
	//    1 network-interface eni-db: security-group connection tracking [reply to a tracked connection] => 10.0.2.4:5432 -> 10.0.1.4:1024-65535 tcp
	//    2 subnet subnet-db: network-acl outbound [vpc-1/default-acl outbound rule 100: allow all 0.0.0.0/0] => 10.0.2.4:5432 -> 10.0.1.4:1024-65535 tcp
	//    3 subnet subnet-db: route [vpc-1/main-rtb route 10.0.0.0/16 -> local] => 10.0.2.4:5432 -> 10.0.1.4:1024-65535 tcp
	//    4 subnet subnet-web: network-acl inbound [vpc-1/default-acl inbound rule 100: allow all 0.0.0.0/0] => 10.0.2.4:5432 -> 10.0.1.4:1024-65535 tcp
	//    5 network-interface eni-web: security-group connection tracking [reply to a tracked connection] => 10.0.2.4:5432 -> 10.0.1.4:1024-65535 tcp
	//    6 network-interface eni-web: deliver => 10.0.2.4:5432 -> 10.0.1.4:1024-65535 tcp
}

// Verdict answers without the explanation, which makes it the call for
// tests that pin an architecture's decisions.
func ExampleModel_Verdict() {
	m, err := sim.Compile(exampleNetwork())
	if err != nil {
		log.Fatal(err)
	}
	for _, q := range []sim.Query{
		{From: sim.Internet(), To: sim.ENI("eni-web"), Port: 443},
		{From: sim.Internet(), To: sim.ENI("eni-web"), Port: 22},
		{From: sim.Internet(), To: sim.ENI("eni-db"), Port: 5432},
		{From: sim.ENI("eni-web"), To: sim.ENI("eni-db"), Port: 5432},
		{From: sim.ENI("eni-web"), To: sim.ENI("eni-db"), Port: 22},
		{From: sim.ENI("eni-db"), To: sim.Internet(), Port: 443},
	} {
		v, err := m.Verdict(q)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-31s %s %s\n", q, v.Status, v.Reason)
	}
	// Output:
	// internet -> eni-web tcp/443     reachable none
	// internet -> eni-web tcp/22      blocked SG_INGRESS
	// internet -> eni-db tcp/5432     blocked NO_PUBLIC_IP
	// eni-web -> eni-db tcp/5432      reachable none
	// eni-web -> eni-db tcp/22        blocked SG_EGRESS
	// eni-db -> internet tcp/443      blocked SG_EGRESS
}

// OpenPorts lists every protocol and port range on which one endpoint
// reaches another, computed exactly rather than port by port; each range
// carries a witness path.
func ExampleModel_OpenPorts() {
	m, err := sim.Compile(exampleNetwork())
	if err != nil {
		log.Fatal(err)
	}
	for _, q := range []sim.Query{
		{From: sim.ENI("eni-web"), To: sim.ENI("eni-db")},
		{From: sim.Internet(), To: sim.ENI("eni-web")},
	} {
		open, err := m.OpenPorts(q)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s -> %s:\n", q.From, q.To)
		for _, o := range open {
			fmt.Printf("  %s (witness: %s)\n", o, o.Witness.Query)
		}
	}
	// Output:
	// eni-web -> eni-db:
	//   tcp 5432 (witness: eni-web@10.0.1.4 -> eni-db tcp/5432)
	// internet -> eni-web:
	//   tcp 443 (witness: internet@1.0.0.0 -> eni-web tcp/443)
}

// Load reads a network from JSON, as Network.Save writes it. Field names
// are checked: a misspelt one is an error naming its path.
func ExampleLoad() {
	const doc = `{
  "vpcs": [{"id": "vpc-1", "cidrs": ["10.0.0.0/16"]}],
  "subnets": [
    {"id": "subnet-a", "vpc": "vpc-1", "availabilityZone": "eu-west-1a", "cidr": "10.0.1.0/24"},
    {"id": "subnet-b", "vpc": "vpc-1", "availabilityZone": "eu-west-1b", "cidr": "10.0.2.0/24"}
  ],
  "securityGroups": [
    {"id": "sg-client", "vpc": "vpc-1",
     "egress": [{"protocol": "tcp", "ports": {"from": 6379, "to": 6379}, "cidr": "10.0.2.0/24"}]},
    {"id": "sg-cache", "vpc": "vpc-1",
     "ingress": [{"protocol": "tcp", "ports": {"from": 6379, "to": 6379}, "group": "sg-client"}]}
  ],
  "networkInterfaces": [
    {"id": "eni-client", "subnet": "subnet-a", "securityGroups": ["sg-client"]},
    {"id": "eni-cache", "subnet": "subnet-b", "kind": "elasticache", "securityGroups": ["sg-cache"],
     "privateIps": ["10.0.2.50"]}
  ]
}`
	n, err := sim.Load(strings.NewReader(doc))
	if err != nil {
		log.Fatal(err)
	}
	m, err := sim.Compile(n)
	if err != nil {
		log.Fatal(err)
	}
	r, err := m.Reach(sim.Query{From: sim.ENI("eni-client"), To: sim.Address(netip.MustParseAddr("10.0.2.50")), Port: 6379})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Status, len(r.Path), "hops")
	fmt.Println(r.Path[len(r.Path)-2].Rule)

	_, err = sim.Load(strings.NewReader(`{"vpcs": [{"id": "vpc-1", "cidr": ["10.0.0.0/16"]}]}`))
	fmt.Println(err)
	// Output:
	// reachable 6 hops
	// sg-cache ingress rule 0: tcp 6379 from sg-client
	// network vpc-1 vpcs[0].cidr: unknown field: "cidr" is not a field here (did you mean "cidrs"?); want one of id, name, account, region, cidrs, ipv6Cidr, enableDnsSupport, enableDnsHostnames, tags
}
