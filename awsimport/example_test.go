package awsimport_test

import (
	"fmt"
	"log"
	"net/http"

	"github.com/vpcsim/vpcsim/awsimport"
	"github.com/vpcsim/vpcsim/sim"
)

// Example reads describe output of two accounts and two Regions, laid out
// as aws_configs/<account>/<region>/*.json, compiles the network and asks
// whether the application reaches the database and a partner account's
// service across the transit gateway, whether the internet reaches the
// application through the load balancer's /api/* rule, and whether the
// bastion reaches the orders service through VPC Lattice.
func Example() {
	r, err := awsimport.Load("testdata/aws_configs")
	if err != nil {
		log.Fatal(err)
	}
	n := r.Network
	fmt.Printf("%d files: %d VPCs, %d subnets, %d interfaces, %d load balancers, %d Lattice services, %d VPC endpoints\n",
		len(r.Files), len(n.VPCs), len(n.Subnets), len(n.NetworkInterfaces), len(n.LoadBalancers), len(n.LatticeServices), len(n.VPCEndpoints))
	for _, v := range n.VPCs {
		fmt.Println(v.ID, v.Name, v.Account, v.Region)
	}
	m, err := sim.Compile(n)
	if err != nil {
		log.Fatal(err)
	}
	for _, q := range []sim.Query{
		{From: sim.ENI("eni-01a00000000000201"), To: sim.ENI("eni-01a00000000000301"), Port: 5432},
		{From: sim.ENI("eni-01a00000000000201"), To: sim.ENI("eni-02b00000000000101"), Port: 8080},
		{From: sim.Internet(), To: sim.ENI("eni-01a00000000000301"), Port: 5432},
		{From: sim.Internet(), To: sim.LoadBalancer("arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/50dc6c495c0c9188"), Port: 443,
			Request: &sim.HTTPRequest{Path: "/api/orders", Header: http.Header{"X-Env": {"prod"}}}},
		{From: sim.ENI("eni-01a00000000000801"), To: sim.LatticeService("svc-0a1b2c3d4e5f60001"), Port: 80,
			Request: &sim.HTTPRequest{Path: "/orders/42", Header: http.Header{"X-Tenant": {"blue"}}}},
	} {
		v, err := m.Verdict(q)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(q, "=>", v.Status, v.Reason)
	}
	fmt.Println(len(r.Skipped), "things not modelled, first:", r.Skipped[0].Resource, r.Skipped[0].ID, "-", r.Skipped[0].Reason)
	// Output:
	// 53 files: 3 VPCs, 11 subnets, 9 interfaces, 1 load balancers, 1 Lattice services, 3 VPC endpoints
	// vpc-01a00000000000001 prod 111111111111 us-east-1
	// vpc-02b00000000000001 orders 222222222222 us-east-1
	// vpc-03c00000000000001 analytics 222222222222 us-west-2
	// eni-01a00000000000201 -> eni-01a00000000000301 tcp/5432 => reachable none
	// eni-01a00000000000201 -> eni-02b00000000000101 tcp/8080 => reachable none
	// internet -> eni-01a00000000000301 tcp/5432 => blocked NO_PUBLIC_IP
	// internet -> lb:arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/50dc6c495c0c9188 tcp/443 => reachable none
	// eni-01a00000000000801 -> lattice:svc-0a1b2c3d4e5f60001 tcp/80 => reachable none
	// 15 things not modelled, first: elastic-ip eipalloc-01a00000000000999 - not associated: carries no traffic
}
