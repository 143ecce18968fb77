package sim_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// accessNetwork is exampleNetwork plus a second web server and a batch
// host in the database subnet whose group may not reach the database.
func accessNetwork() *sim.Network {
	n := exampleNetwork()
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-batch", VPC: "vpc-1",
		Egress: []vpc.SGRule{vpc.AllowAllEgress()}})
	n.NetworkInterfaces = append(n.NetworkInterfaces,
		vpc.NetworkInterface{ID: "eni-web-2", Subnet: "subnet-web", SecurityGroups: []string{"sg-web"}},
		vpc.NetworkInterface{ID: "eni-batch", Subnet: "subnet-db", SecurityGroups: []string{"sg-batch"}})
	return n
}

// WhoCanReach lists every source reaching a destination, grouping the
// interfaces that every decision treats alike, each group with a witness.
func ExampleModel_WhoCanReach() {
	m, err := sim.Compile(accessNetwork())
	if err != nil {
		log.Fatal(err)
	}
	rs, err := m.WhoCanReach(sim.Query{To: sim.ENI("eni-db"), Port: 5432})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rs {
		last := r.Witness.Path[len(r.Witness.Path)-2] // the hop before delivery
		fmt.Printf("%v internet=%v, allowed by %s\n", r.ENIs, r.Internet, last.Rule)
	}
	// Output:
	// [eni-web eni-web-2] internet=false, allowed by sg-db ingress rule 0: tcp 5432 from sg-web
}

// Exposure lists everything the internet reaches, with the open flows.
func ExampleModel_Exposure() {
	m, err := sim.Compile(accessNetwork())
	if err != nil {
		log.Fatal(err)
	}
	ex, err := m.Exposure()
	if err != nil {
		log.Fatal(err)
	}
	for _, x := range ex {
		fmt.Println(x.ENIs, x.Open)
	}
	// Output:
	// [eni-web eni-web-2] [tcp 443]
}

// Matrix gives the open flows between groups of equivalent endpoints
// (interfaces here; sim.Selection{Subnets: ...} asks the same of subnets,
// where only routes and network ACLs decide).
func ExampleModel_Matrix() {
	m, err := sim.Compile(accessNetwork())
	if err != nil {
		log.Fatal(err)
	}
	x, err := m.Matrix(sim.Selection{ENIs: []string{"eni-web", "eni-web-2", "eni-db", "eni-batch"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(x)
	// Output:
	// G0: eni-batch
	// G1: eni-db
	// G2: eni-web, eni-web-2
	// G0 -> G2: tcp 443
	// G2 -> G1: tcp 5432
}

// DOT and Mermaid draw the topology with one answer's path highlighted.
func ExampleModel_Mermaid() {
	m, err := sim.Compile(exampleNetwork())
	if err != nil {
		log.Fatal(err)
	}
	r, err := m.Reach(sim.Query{From: sim.Internet(), To: sim.ENI("eni-db"), Port: 5432})
	if err != nil {
		log.Fatal(err)
	}
	md := m.Mermaid(r)
	fmt.Println(strings.Contains(md, "flowchart LR"), strings.Contains(md, "NO_PUBLIC_IP"))
	dot, err := m.DOT(r)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.HasPrefix(string(dot), "strict digraph") || strings.HasPrefix(string(dot), "digraph"))
	// Output:
	// true true
	// true
}
