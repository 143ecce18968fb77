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

// TestGWLBSameApplianceTwice: a flow whose request the routes send
// through two endpoints whose nodes pick the same appliance (cross-zone
// load balancing on), and whose reply crosses that appliance once, is not
// asymmetric: the appliance saw the flow's request and sees its reply, so
// it holds the flow's state (ELB Gateway Load Balancers guide, "Target
// groups for your Gateway Load Balancers", flow stickiness: a flow and its
// return traffic keep one appliance; Amazon VPC User Guide, "Gateway route
// tables": what AWS does not support is return traffic that bypasses the
// appliance). Found by the PrivateLink reference property: the engine
// once required the reply to cross the appliance as many times as the
// request did.
func TestGWLBSameApplianceTwice(t *testing.T) {
	n := gwlbIngress()
	yes := true
	for i := range n.LoadBalancers {
		n.LoadBalancers[i].CrossZone = &yes // node b picks eni-fw-a too, the first target
	}
	// subnet-gwlbe-a sends on to vpce-b, subnet-gwlbe-b to the internet.
	routeTable(n, "rtb-gwlbe").Subnets = []string{"subnet-gwlbe-b"}
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-gwlbe-a", VPC: "vpc-app", Subnets: []string{"subnet-gwlbe-a"},
		Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToVPCEndpoint("vpce-b")}}})
	q := Query{From: ENI("eni-web-a"), To: InternetAddress(addr("198.51.100.7")), Port: 443}
	r := reachOf(t, n, q)
	if r.Status != Reachable || !passesAll(r.Path, "vpce-a", "eni-fw-a", "vpce-b", "eni-fw-a", "igw-app") || !passesAll(r.Reply, "vpce-a", "eni-fw-a", "eni-web-a") {
		t.Errorf("got %v (%v), path %v, reply %v", r.Status, r.Reason, hopComponents(r.Path), hopComponents(r.Reply))
	}
}
