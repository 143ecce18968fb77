package sim

import (
	"testing"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/vpc"
)

// TestGWLBGeneveLoop: the exchange between a Gateway Load Balancer node
// and its appliance is GENEVE over UDP 6081 between their addresses,
// routed by the node subnet's route table like any traffic (ELB Gateway
// Load Balancers guide, "What is a Gateway Load Balancer?" and "Target
// groups for your Gateway Load Balancers": the load balancer and its
// appliances exchange GENEVE on port 6081; AWS PrivateLink guide,
// "Access an inspection system using a Gateway Load Balancer endpoint":
// routes send traffic to the endpoint). When the node's subnet routes the
// appliance's subnet to an endpoint of the same load balancer, the
// exchange is sent through inspection again, endlessly: a routing loop.
// The engine once recursed without bound here (a stack overflow found by
// the PrivateLink reference property).
func TestGWLBGeneveLoop(t *testing.T) {
	n := gwlbIngress()
	n.VPCEndpoints = append(n.VPCEndpoints, endpoint.Endpoint{ID: "vpce-sec-a", Type: endpoint.GatewayLoadBalancer, VPC: "vpc-sec",
		ServiceName: gwlbSvcName, Subnets: []string{"subnet-gwlb-a"}})
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-gwlb-a", VPC: "vpc-sec", Subnets: []string{"subnet-gwlb-a"},
		Routes: []vpc.Route{{Destination: pfx("10.10.0.0/24"), Target: vpc.ToVPCEndpoint("vpce-sec-a")}}})
	q := Query{From: InternetAddress(addr("198.51.100.7")), To: ENI("eni-web-a"), Port: 443}
	if got, want := verdictOf(t, n, q), (Verdict{Blocked, RouteLoop}); got != want {
		t.Errorf("verdict %v, want %v", got, want)
	}
	r := reachOf(t, n, q)
	if r.Status != Blocked || r.Reason != RouteLoop || r.Block == nil {
		t.Fatalf("reach: %v (%v), block %v", r.Status, r.Reason, r.Block)
	}
	// Zone b's node is not concerned: its exchange goes by the local route.
	if got, want := verdictOf(t, n, Query{From: InternetAddress(addr("198.51.100.7")), To: ENI("eni-web-b"), Port: 443}), (Verdict{Reachable, NoReason}); got != want {
		t.Errorf("zone b: verdict %v, want %v", got, want)
	}
}
