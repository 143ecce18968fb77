package tfimport_test

import (
	"fmt"
	"log"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/tfimport"
)

// Import the plan of the three-tier VPC (the terraform-aws-modules/vpc
// module and an application tier), compile it and ask two questions.
func ExampleLoad() {
	r, err := tfimport.Load("testdata/three-tier.plan.json")
	if err != nil {
		log.Fatal(err)
	}
	m, err := sim.Compile(r.Network)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Kind, len(r.Network.VPCs), "VPC,", len(r.Network.Subnets), "subnets,", len(r.Network.Workloads.RDSInstances), "database")

	var app, db string
	for _, x := range r.Resources {
		if x.Address == "aws_instance.app[0]" {
			app = x.Interface
		}
	}
	for _, s := range r.Network.Subnets {
		if s.Name == "three-tier-db-us-east-1a" {
			db = s.ID
		}
	}
	out, _ := m.Verdict(sim.Query{From: sim.ENI(app), To: sim.Internet(), Port: 443})
	fmt.Println("app tier to the internet:", out.Status)
	dbOut, _ := m.Verdict(sim.Query{From: sim.SubnetHost(db), To: sim.Internet(), Port: 443})
	fmt.Println("database subnet to the internet:", dbOut.Status, dbOut.Reason)
	// Output:
	// plan 1 VPC, 9 subnets, 1 database
	// app tier to the internet: reachable
	// database subnet to the internet: blocked NO_ROUTE
}
