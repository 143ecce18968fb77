package sim

// Regression tests of hybrid connectivity, each the minimal case of an
// engine bug the hybrid property tests (property_hybrid_test.go) found
// against the reference evaluator, with the AWS page whose behaviour it
// pins.

import (
	"testing"

	"github.com/vpcsim/vpcsim/vpc"
)

// TestRegressionStaticRouteStaysBesideWithdrawnDX: a virtual private
// gateway learns 192.168.0.0/16 over a static VPN connection and over a
// Direct Connect private virtual interface, both down. The BGP route of
// the virtual interface is withdrawn; the VPN's static route stays in the
// gateway's routing and so in the route table it propagates into, where it
// beats the less specific static 0.0.0.0/0 route: the flow goes to the
// gateway, which has no connection up (AWS Site-to-Site VPN User Guide,
// "Route tables and AWS Site-to-Site VPN route priority": longest prefix
// first in the VPC route table; the gateway's path selection between
// Direct Connect BGP, VPN static and VPN BGP routes). The withdrawn Direct
// Connect route, which sorts first, used to hide the static route, and the
// flow took the 0.0.0.0/0 route.
func TestRegressionStaticRouteStaysBesideWithdrawnDX(t *testing.T) {
	n := withDX(hybridNet(), nil, "192.168.0.0/16")
	n.VirtualInterfaces[0].BGPStatus = vpc.LinkDown
	n.VPNConnections[0].Tunnels = []vpc.VPNTunnel{{Status: vpc.LinkDown}, {Status: vpc.LinkDown}}
	n.InternetGateways = []vpc.InternetGateway{{ID: "igw-app", VPC: "app"}}
	n.RouteTables[0].Routes = []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToInternetGateway("igw-app")}}
	r := hybridReach(t, n, Query{From: ENI("eni-app"), To: OnPrem("dc1"), Port: 443})
	wantVerdict(t, r, Blocked, ConnectionDown, "vgw-app")
}
