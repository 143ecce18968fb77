package sim

// Regression tests of hybrid connectivity, each the minimal case of an
// engine bug the hybrid property tests (property_hybrid_test.go) found
// against the reference evaluator, with the AWS page whose behaviour it
// pins.

import (
	"net/netip"
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

// TestRegressionIGWForeignSourceAtSubnetHostAddress: a packet from another
// VPC (overlapping CIDRs, joined by a transit gateway) leaves through an
// internet gateway with a source address that, in the gateway's VPC, is
// only the placeholder address of a subnet host. The internet gateway
// translates the private addresses of the VPC's own interfaces that have a
// public address (Amazon VPC User Guide, "Internet gateways": one-to-one
// NAT for instances with a public IPv4 address); nothing there has this
// one: NO_PUBLIC_IP. The engine used to translate it to the subnet host's
// placeholder public address, as if the subnet host had sent it (found by
// the hybrid reference property on a network with an on-premises flow
// whose reply took this way).
func TestRegressionIGWForeignSourceAtSubnetHostAddress(t *testing.T) {
	n := &Network{
		VPCs: []vpc.VPC{
			{ID: "edge", CIDRs: []netip.Prefix{pfx("100.64.0.0/20")}, Region: "us-east-1"},
			{ID: "app", CIDRs: []netip.Prefix{pfx("10.1.0.0/16"), pfx("100.64.0.0/20")}, Region: "us-east-1"},
		},
		Subnets: []vpc.Subnet{
			{ID: "edge-a", VPC: "edge", CIDR: pfx("100.64.0.0/21"), AvailabilityZone: "us-east-1a"},
			{ID: "app-a", VPC: "app", CIDR: pfx("100.64.0.0/21"), AvailabilityZone: "us-east-1a"},
		},
		SecurityGroups: []vpc.SecurityGroup{{ID: "sg-app", VPC: "app", Egress: []vpc.SGRule{vpc.AllowAllEgress()}}},
		NetworkInterfaces: []vpc.NetworkInterface{{ID: "eni-app", Subnet: "app-a", SecurityGroups: []string{"sg-app"},
			PrivateIPs: []netip.Addr{netip.MustParseAddr("100.64.0.4")}}},
		InternetGateways: []vpc.InternetGateway{{ID: "igw-edge", VPC: "edge"}},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-edge", VPC: "edge", Main: true, Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToInternetGateway("igw-edge")}}},
			{ID: "rtb-app", VPC: "app", Main: true, Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToTransitGateway("tgw-1")}}},
		},
		TransitGateways:           []vpc.TransitGateway{{ID: "tgw-1", Region: "us-east-1"}},
		TransitGatewayRouteTables: []vpc.TransitGatewayRouteTable{{ID: "rt-1", TransitGateway: "tgw-1", Routes: []vpc.TGWRoute{{Destination: pfx("0.0.0.0/0"), Attachment: "att-edge"}}}},
		TransitGatewayAttachments: []vpc.TransitGatewayAttachment{
			{ID: "att-edge", TransitGateway: "tgw-1", VPC: "edge", Subnets: []string{"edge-a"}, RouteTable: "rt-1"},
			{ID: "att-app", TransitGateway: "tgw-1", VPC: "app", Subnets: []string{"app-a"}, RouteTable: "rt-1"},
		},
	}
	r := hybridReach(t, n, Query{From: ENI("eni-app"), To: InternetAddress(netip.MustParseAddr("8.8.8.8")), Port: 443})
	wantVerdict(t, r, Blocked, NoPublicIP, "igw-edge")
}
