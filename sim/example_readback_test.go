package sim_test

import (
	"fmt"
	"log"

	"github.com/vpcsim/vpcsim/sim"
)

// Compile assigns what the declarations leave open: the interfaces'
// private addresses, the web server's public address (its subnet maps
// one on launch), the VPC's main route table, default network ACL and
// default security group. Read them back by ID, or all of them in ID
// order, instead of parsing a path.
func ExampleModel_Interface() {
	m, err := sim.Compile(exampleNetwork())
	if err != nil {
		log.Fatal(err)
	}
	web, ok := m.Interface("eni-web")
	if !ok {
		log.Fatal("no eni-web")
	}
	fmt.Println(web.ID, web.PrivateIPs, web.PublicIP, web.SecurityGroups)

	// Query the server at the public address it was given.
	v, err := m.Verdict(sim.Query{From: sim.Internet(), To: sim.Address(web.PublicIP), Port: 443})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("internet ->", web.PublicIP, "tcp/443:", v)

	for s := range m.Subnets() {
		fmt.Println(s.ID, s.CIDR, s.RouteTable, s.NetworkACL)
	}
	if v, ok := m.VPC("vpc-1"); ok {
		fmt.Println(v.ID, "main", v.MainRouteTable, "default", v.DefaultSecurityGroup, "dns", v.DNSResolver)
	}
	// Output:
	// eni-web [10.0.1.4] 54.0.0.1 [sg-web]
	// internet -> 54.0.0.1 tcp/443: reachable
	// subnet-db 10.0.2.0/24 vpc-1/main-rtb vpc-1/default-acl
	// subnet-web 10.0.1.0/24 rtb-web vpc-1/default-acl
	// vpc-1 main vpc-1/main-rtb default vpc-1/default-sg dns 10.0.0.2
}

// Clone and the lookups by ID vary a base network: here, what happens when
// the database's group loses its ingress rules. The base network keeps
// its rules and its answers.
func ExampleNetwork_Clone() {
	base := exampleNetwork()
	q := sim.Query{From: sim.ENI("eni-web"), To: sim.ENI("eni-db"), Port: 5432}

	edited := base.Clone()
	if g, ok := edited.SecurityGroup("sg-db"); ok {
		g.Ingress = nil // pointer into edited.SecurityGroups: edits in place
	}
	for _, n := range []*sim.Network{base, edited} {
		m, err := sim.Compile(n)
		if err != nil {
			log.Fatal(err)
		}
		v, err := m.Verdict(q)
		if err != nil {
			log.Fatal(err)
		}
		g, _ := n.SecurityGroup("sg-db")
		fmt.Printf("%d ingress rules: %s: %v\n", len(g.Ingress), q, v)
	}
	// Output:
	// 1 ingress rules: eni-web -> eni-db tcp/5432: reachable
	// 0 ingress rules: eni-web -> eni-db tcp/5432: blocked (SG_INGRESS)
}
