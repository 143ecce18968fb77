package sim

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/vpc"
)

// TestValidateHybrid: what the EC2, Site-to-Site VPN and Direct Connect
// APIs reject in hybrid declarations comes back as a FieldError naming the
// resource, the field and the kind of problem. Sources: Amazon EC2 API
// Reference (AttachVpnGateway: one virtual private gateway per VPC;
// CreateVpnConnection: a VPN connection to a virtual private gateway or a
// transit gateway, two tunnels; EnableVgwRoutePropagation);
// AWS Site-to-Site VPN User Guide (virtual private gateways carry no IPv6);
// AWS Direct Connect API Reference (CreateDirectConnectGatewayAssociation:
// an attached virtual private gateway associated with one Direct Connect
// gateway, allowed prefixes required for a transit gateway) and User Guide
// ("Allowed prefixes interactions": no overlapping allowed prefixes;
// virtual private gateways and transit gateways not on one gateway);
// AWS Transit Gateway Guide ("Transit gateway peering attachments": no
// propagation); AWS VPC User Guide ("Gateway route tables", rules and
// considerations).
func TestValidateHybrid(t *testing.T) {
	dx := func() *Network { return withDX(hybridNet(), nil, "192.168.0.0/16") }
	tdx := func() *Network { return withTransitDX(twoRegions()) }
	for _, c := range []struct {
		name  string
		net   func() *Network
		edit  func(*Network)
		id    string
		field string
		kind  error
	}{
		{"two virtual private gateways on one vpc", hybridNet, func(n *Network) {
			n.VPNGateways = append(n.VPNGateways, vpc.VPNGateway{ID: "vgw-2", VPC: "app"})
		}, "vgw-2", "vpc", ErrConflict},
		{"vpn connection to both ends", hybridNet, func(n *Network) { n.VPNConnections[0].TransitGateway = "tgw-x" },
			"vpn-dc1", "transitGateway", ErrInvalidValue},
		{"vpn connection to no end", hybridNet, func(n *Network) { n.VPNConnections[0].VPNGateway = "" },
			"vpn-dc1", "vpnGateway", ErrInvalidValue},
		{"vpn connection without customer gateway", hybridNet, func(n *Network) { n.VPNConnections[0].CustomerGateway = "cgw-x" },
			"vpn-dc1", "customerGateway", ErrUnknownResource},
		{"ipv6 route over a virtual private gateway", hybridNet, func(n *Network) {
			n.VPNConnections[0].Routes = append(n.VPNConnections[0].Routes, pfx("fd00:1::/64"))
		}, "vpn-dc1", "routes[1]", ErrInvalidValue},
		{"three tunnels", hybridNet, func(n *Network) { n.VPNConnections[0].Tunnels = make([]vpc.VPNTunnel, 3) },
			"vpn-dc1", "tunnels", ErrInvalidValue},
		{"unknown tunnel state", hybridNet, func(n *Network) { n.VPNConnections[0].Tunnels = []vpc.VPNTunnel{{Status: "flapping"}} },
			"vpn-dc1", "tunnels[0].status", ErrInvalidValue},
		{"propagation from another vpc's gateway", hybridNet, func(n *Network) {
			n.VPCs = append(n.VPCs, vpc.VPC{ID: "other", CIDRs: []netip.Prefix{pfx("10.5.0.0/16")}, Region: "us-east-1"})
			n.VPNGateways = append(n.VPNGateways, vpc.VPNGateway{ID: "vgw-other", VPC: "other"})
			n.RouteTables[0].Propagations = []string{"vgw-other"}
		}, "rtb-app", "propagations[0]", ErrWrongVPC},
		{"propagation from a detached gateway", hybridNet, func(n *Network) { n.VPNGateways[0].VPC = "" },
			"rtb-app", "propagations[0]", ErrWrongVPC},
		{"route to a detached gateway", hybridNet, func(n *Network) {
			n.VPNGateways[0].VPC = ""
			n.RouteTables[0].Propagations = nil
			n.RouteTables[0].Routes = []vpc.Route{{Destination: pfx("192.168.0.0/16"), Target: vpc.ToVPNGateway("vgw-app")}}
		}, "rtb-app", "routes[0].target.id", ErrWrongVPC},
		{"on-premises network without cidrs", hybridNet, func(n *Network) { n.OnPremNetworks[0].CIDRs = nil },
			"dc1", "cidrs", ErrInvalidValue},
		{"overlapping on-premises cidrs", hybridNet, func(n *Network) {
			n.OnPremNetworks[0].CIDRs = append(n.OnPremNetworks[0].CIDRs, pfx("192.168.4.0/24"))
		}, "dc1", "cidrs[1]", ErrOverlap},
		{"customer gateway of no network", hybridNet, func(n *Network) { n.CustomerGateways[0].Network = "dc9" },
			"cgw-dc1", "network", ErrUnknownResource},
		{"stateful interface that checks addresses", hybridNet, func(n *Network) { n.NetworkInterfaces[0].Stateful = true },
			"eni-app", "stateful", ErrInvalidValue},
		{"virtual private gateway on two direct connect gateways", dx, func(n *Network) {
			n.DirectConnectGateways = append(n.DirectConnectGateways, vpc.DirectConnectGateway{ID: "dxgw-2",
				Associations: []vpc.DirectConnectAssociation{{Gateway: "vgw-app"}}})
		}, "dxgw-2", "associations[0].gateway", ErrConflict},
		{"detached virtual private gateway associated", dx, func(n *Network) {
			n.VPNGateways[0].VPC = ""
			n.RouteTables[0].Propagations = nil
		}, "dxgw-1", "associations[0].gateway", ErrInvalidValue},
		{"transit association without allowed prefixes", tdx, func(n *Network) { n.DirectConnectGateways[0].Associations[0].AllowedPrefixes = nil },
			"dxgw-1", "associations[0].allowedPrefixes", ErrInvalidValue},
		{"virtual private and transit gateways on one direct connect gateway", tdx, func(n *Network) {
			n.VPNGateways = []vpc.VPNGateway{{ID: "vgw-hub", VPC: "hub"}}
			n.DirectConnectGateways[0].Associations = append(n.DirectConnectGateways[0].Associations, vpc.DirectConnectAssociation{Gateway: "vgw-hub"})
		}, "dxgw-1", "associations", ErrConflict},
		{"overlapping allowed prefixes", tdx, func(n *Network) {
			n.TransitGateways = append(n.TransitGateways, vpc.TransitGateway{ID: "tgw-2", Region: "us-east-1"})
			n.TransitGatewayAttachments = append(n.TransitGatewayAttachments, vpc.TransitGatewayAttachment{ID: "att-dx2", TransitGateway: "tgw-2", DirectConnectGateway: "dxgw-1"})
			n.DirectConnectGateways[0].Associations = append(n.DirectConnectGateways[0].Associations,
				vpc.DirectConnectAssociation{Gateway: "tgw-2", AllowedPrefixes: []netip.Prefix{pfx("10.0.0.0/8")}})
		}, "dxgw-1", "associations[1].allowedPrefixes[0]", ErrOverlap},
		{"virtual interface without a type", dx, func(n *Network) { n.VirtualInterfaces[0].Type = "" },
			"vif-dc1", "type", ErrInvalidValue},
		{"private virtual interface on a transit direct connect gateway", tdx, func(n *Network) { n.VirtualInterfaces[0].Type = vpc.PrivateVirtualInterface },
			"vif-dc1", "type", ErrConflict},
		{"vpn connection to a transit gateway without attachment", twoRegions, func(n *Network) {
			n.TransitGatewayAttachments = n.TransitGatewayAttachments[:3]
		}, "vpn-dc1", "transitGateway", ErrInvalidValue},
		{"static connection to a transit gateway with routes", twoRegions, func(n *Network) { n.VPNConnections[0].StaticRoutesOnly = true },
			"vpn-dc1", "routes", ErrInvalidValue},
		{"attachment of two things", twoRegions, func(n *Network) { n.TransitGatewayAttachments[3].VPC = "hub" },
			"att-vpn", "vpc", ErrInvalidValue},
		{"propagation from a peering", twoRegions, func(n *Network) { n.TransitGatewayAttachments[2].Propagations = []string{"rt-use"} },
			"att-peer", "propagations", ErrInvalidValue},
		{"peering with itself", twoRegions, func(n *Network) {
			n.TransitGatewayAttachments[2].PeerTransitGateway = "tgw-use"
			n.TransitGatewayAttachments[2].PeerRouteTable = ""
		}, "att-peer", "peerTransitGateway", ErrInvalidValue},
		{"peer route table of the wrong transit gateway", twoRegions, func(n *Network) { n.TransitGatewayAttachments[2].PeerRouteTable = "rt-use" },
			"att-peer", "peerRouteTable", ErrWrongVPC},
		{"appliance mode on a vpn attachment", twoRegions, func(n *Network) { n.TransitGatewayAttachments[3].ApplianceMode = true },
			"att-vpn", "applianceMode", ErrInvalidValue},
		{"gateway route table routing to the internet gateway", func() *Network { return ingressNet(true) }, func(n *Network) {
			n.RouteTables[2].Routes[0].Target = vpc.ToInternetGateway("igw-web")
		}, "rtb-edge", "routes[0].target.kind", ErrInvalidValue},
		{"gateway route table routing outside the vpc", func() *Network { return ingressNet(true) }, func(n *Network) {
			n.RouteTables[2].Routes[0].Destination = pfx("0.0.0.0/0")
		}, "rtb-edge", "routes[0].destination", ErrInvalidValue},
		{"gateway route table routing part of a subnet", func() *Network { return ingressNet(true) }, func(n *Network) {
			n.RouteTables[2].Routes[0].Destination = pfx("10.0.0.0/25")
		}, "rtb-edge", "routes[0].destination", ErrInvalidValue},
		{"gateway route table with propagation", func() *Network { return ingressNet(true) }, func(n *Network) {
			n.VPNGateways = []vpc.VPNGateway{{ID: "vgw-web", VPC: "web"}}
			n.RouteTables[2].Propagations = []string{"vgw-web"}
		}, "rtb-edge", "propagations", ErrInvalidValue},
		{"two gateway route tables for one gateway", func() *Network { return ingressNet(true) }, func(n *Network) {
			n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-edge2", VPC: "web", Gateways: []string{"igw-web"}})
		}, "rtb-edge2", "gateways[0]", ErrConflict},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := c.net()
			if err := n.Validate(); err != nil {
				t.Fatalf("the fixture does not validate: %v", err)
			}
			c.edit(n)
			err := n.Validate()
			var fe *FieldError
			for _, e := range flattenErrors(err) {
				if errors.As(e, &fe) && fe.ID == c.id && fe.Field == c.field && errors.Is(fe, c.kind) {
					return
				}
			}
			t.Errorf("got %v, want %v on %s %s", err, c.kind, c.id, c.field)
		})
	}
}

// flattenErrors returns the errors joined in err, one level deep.
func flattenErrors(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// TestValidateGatewayRouteTableAccepts: a gateway route table may replace
// the local route's target with an appliance (the whole VPC CIDR) or send
// a whole subnet CIDR to one (AWS VPC User Guide, "Gateway route tables").
func TestValidateGatewayRouteTableAccepts(t *testing.T) {
	n := ingressNet(true)
	n.RouteTables[2].Routes = []vpc.Route{{Destination: pfx("10.0.0.0/16"), Target: vpc.ToNetworkInterface("eni-fw")}}
	if err := n.Validate(); err != nil {
		t.Errorf("the vpc cidr to an appliance: %v", err)
	}
}
