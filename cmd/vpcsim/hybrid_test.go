package main

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// An imported network whose hybrid declarations do not validate is
// compiled without them, with a warning saying why; what referred to
// them (the route to the virtual private gateway, the propagation) goes
// with them.
func TestCompileWithoutHybrid(t *testing.T) {
	pfx := netip.MustParsePrefix
	n := &sim.Network{
		VPCs:        []vpc.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}},
		Subnets:     []vpc.Subnet{{ID: "sub-1", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.1.0/24")}},
		VPNGateways: []vpc.VPNGateway{{ID: "vgw-1", VPC: "vpc-1"}},
		RouteTables: []vpc.RouteTable{{ID: "rtb-1", VPC: "vpc-1", Main: true, Propagations: []string{"vgw-1"},
			Routes: []vpc.Route{{Destination: pfx("192.168.0.0/16"), Target: vpc.ToVPNGateway("vgw-1")}}}},
		OnPremNetworks:   []vpc.OnPremNetwork{{ID: "dc1", CIDRs: []netip.Prefix{pfx("192.168.0.0/16")}}},
		CustomerGateways: []vpc.CustomerGateway{{ID: "cgw-1", Network: "dc1"}},
		// A virtual private gateway carries no IPv6: AWS refuses this.
		VPNConnections: []vpc.VPNConnection{{ID: "vpn-1", CustomerGateway: "cgw-1", VPNGateway: "vgw-1", Routes: []netip.Prefix{pfx("2001:db8::/32")}}},
	}
	_, err := sim.Compile(n)
	if err == nil {
		t.Fatal("the network compiles: want the VPN connection refused")
	}
	var warn strings.Builder
	bare, m, err := compileWithout(n, err, "net.json", &warn)
	if err != nil {
		t.Fatalf("compileWithout: %v", err)
	}
	if m == nil || len(bare.VPNConnections)+len(bare.VPNGateways) != 0 || len(bare.RouteTables[0].Routes)+len(bare.RouteTables[0].Propagations) != 0 {
		t.Errorf("left %+v", bare)
	}
	if len(n.RouteTables[0].Routes) != 1 || len(n.RouteTables[0].Propagations) != 1 {
		t.Errorf("the input network was changed: %+v", n.RouteTables)
	}
	if !strings.Contains(warn.String(), "hybrid connectivity declarations (VPN, Direct Connect, on-premises networks) left out") || !strings.Contains(warn.String(), "vpn-1") {
		t.Errorf("warning = %q", warn.String())
	}
}
