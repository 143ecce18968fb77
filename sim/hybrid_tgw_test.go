package sim

// Fact tests of transit gateway VPN, Direct Connect gateway and peering
// attachments, appliance mode, and gateway route tables. Each test names
// the AWS page whose behaviour it pins.

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/vpc"
)

// twoRegions: the hub VPC (10.0.0.0/16, us-east-1, subnets hub-a and
// hub-b) on tgw-use and the eu VPC (10.10.0.0/16, eu-central-1, subnet
// eu-a) on tgw-euc, each attachment associated with and propagating into
// its transit gateway's table (rt-use, rt-euc); the peering attachment
// att-peer between the two, with static routes to the other side's VPC and
// to dc1 on the eu side; and dc1 (192.168.0.0/16) over the BGP VPN
// connection vpn-dc1 to tgw-use (attachment att-vpn, propagating what
// dc1 advertises into rt-use).
func twoRegions() *Network {
	sg := func(id, v string) vpc.SecurityGroup {
		return vpc.SecurityGroup{ID: id, VPC: v,
			Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: pfx("10.0.0.0/8")}, {Protocol: vpc.ProtocolAll, CIDR: pfx("192.168.0.0/16")}},
			Egress:  []vpc.SGRule{vpc.AllowAllEgress()}}
	}
	toTGW := func(id string) []vpc.Route {
		return []vpc.Route{{Destination: pfx("10.0.0.0/8"), Target: vpc.ToTransitGateway(id)}, {Destination: pfx("192.168.0.0/16"), Target: vpc.ToTransitGateway(id)}}
	}
	return &Network{
		VPCs: []vpc.VPC{
			{ID: "hub", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, Region: "us-east-1"},
			{ID: "eu", CIDRs: []netip.Prefix{pfx("10.10.0.0/16")}, Region: "eu-central-1"},
		},
		Subnets: []vpc.Subnet{
			{ID: "hub-a", VPC: "hub", CIDR: pfx("10.0.0.0/24"), AvailabilityZone: "us-east-1a"},
			{ID: "hub-b", VPC: "hub", CIDR: pfx("10.0.1.0/24"), AvailabilityZone: "us-east-1b"},
			{ID: "eu-a", VPC: "eu", CIDR: pfx("10.10.0.0/24"), AvailabilityZone: "eu-central-1a"},
		},
		SecurityGroups: []vpc.SecurityGroup{sg("sg-hub", "hub"), sg("sg-eu", "eu")},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-hub", Subnet: "hub-a", SecurityGroups: []string{"sg-hub"}},
			{ID: "eni-eu", Subnet: "eu-a", SecurityGroups: []string{"sg-eu"}},
		},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-hub", VPC: "hub", Main: true, Routes: toTGW("tgw-use")},
			{ID: "rtb-eu", VPC: "eu", Main: true, Routes: toTGW("tgw-euc")},
		},
		TransitGateways: []vpc.TransitGateway{{ID: "tgw-use", Region: "us-east-1"}, {ID: "tgw-euc", Region: "eu-central-1"}},
		TransitGatewayRouteTables: []vpc.TransitGatewayRouteTable{
			{ID: "rt-use", TransitGateway: "tgw-use", Routes: []vpc.TGWRoute{{Destination: pfx("10.10.0.0/16"), Attachment: "att-peer"}}},
			{ID: "rt-euc", TransitGateway: "tgw-euc", Routes: []vpc.TGWRoute{
				{Destination: pfx("10.0.0.0/16"), Attachment: "att-peer"},
				{Destination: pfx("192.168.0.0/16"), Attachment: "att-peer"},
			}},
		},
		TransitGatewayAttachments: []vpc.TransitGatewayAttachment{
			{ID: "att-hub", TransitGateway: "tgw-use", VPC: "hub", Subnets: []string{"hub-a", "hub-b"}, RouteTable: "rt-use", Propagations: []string{"rt-use"}},
			{ID: "att-eu", TransitGateway: "tgw-euc", VPC: "eu", Subnets: []string{"eu-a"}, RouteTable: "rt-euc", Propagations: []string{"rt-euc"}},
			{ID: "att-peer", TransitGateway: "tgw-use", PeerTransitGateway: "tgw-euc", RouteTable: "rt-use", PeerRouteTable: "rt-euc"},
			{ID: "att-vpn", TransitGateway: "tgw-use", VPNConnection: "vpn-dc1", RouteTable: "rt-use", Propagations: []string{"rt-use"}},
		},
		OnPremNetworks:   []vpc.OnPremNetwork{{ID: "dc1", CIDRs: []netip.Prefix{pfx("192.168.0.0/16")}}},
		CustomerGateways: []vpc.CustomerGateway{{ID: "cgw-dc1", Network: "dc1"}},
		VPNConnections: []vpc.VPNConnection{{ID: "vpn-dc1", CustomerGateway: "cgw-dc1", TransitGateway: "tgw-use",
			Routes: []netip.Prefix{pfx("192.168.0.0/16")}}},
	}
}

// withTransitDX adds Direct Connect to twoRegions: dxgw-1 associated with
// tgw-use (allowed prefix 10.0.0.0/16), its attachment att-dx propagating
// into rt-use, and dc1's transit virtual interface vif-dc1 advertising
// 192.168.0.0/16.
func withTransitDX(n *Network) *Network {
	n.DirectConnectGateways = []vpc.DirectConnectGateway{{ID: "dxgw-1",
		Associations: []vpc.DirectConnectAssociation{{Gateway: "tgw-use", AllowedPrefixes: []netip.Prefix{pfx("10.0.0.0/16")}}}}}
	n.TransitGatewayAttachments = append(n.TransitGatewayAttachments, vpc.TransitGatewayAttachment{ID: "att-dx", TransitGateway: "tgw-use",
		DirectConnectGateway: "dxgw-1", RouteTable: "rt-use", Propagations: []string{"rt-use"}})
	n.VirtualInterfaces = []vpc.VirtualInterface{{ID: "vif-dc1", Type: vpc.TransitVirtualInterface, Network: "dc1",
		DirectConnectGateway: "dxgw-1", Routes: []netip.Prefix{pfx("192.168.0.0/16")}}}
	return n
}

// TestTransitGatewayVPN: a BGP VPN connection to a transit gateway
// propagates the prefixes the customer gateway advertises into the route
// tables its attachment propagates to, and the customer gateway learns the
// routes of the table its attachment is associated with; a static
// connection propagates nothing, and takes static routes in the transit
// gateway route table instead (AWS Transit Gateway Guide, "Transit gateway
// VPN attachments" and "Transit gateway route tables").
func TestTransitGatewayVPN(t *testing.T) {
	for _, q := range []Query{
		{From: ENI("eni-hub"), To: OnPrem("dc1"), Port: 443},
		{From: OnPrem("dc1"), To: ENI("eni-hub"), Port: 443},
		{From: OnPrem("dc1"), To: ENI("eni-eu"), Port: 443},
		{From: ENI("eni-eu"), To: OnPrem("dc1"), Port: 443},
	} {
		r := hybridReach(t, twoRegions(), q)
		wantVerdict(t, r, Reachable, NoReason, "")
		if !passes(r.Path, "vpn-dc1") || !passes(r.Reply, "vpn-dc1") {
			t.Errorf("%s: want both directions over vpn-dc1:\n%s", q, r)
		}
	}

	n := twoRegions()
	n.VPNConnections[0].StaticRoutesOnly = true
	n.VPNConnections[0].Routes = nil
	wantVerdict(t, hybridReach(t, n, Query{From: ENI("eni-hub"), To: OnPrem("dc1"), Port: 443}), Blocked, NoRoute, "tgw-use")
	n.TransitGatewayRouteTables[0].Routes = append(n.TransitGatewayRouteTables[0].Routes, vpc.TGWRoute{Destination: pfx("192.168.0.0/16"), Attachment: "att-vpn"})
	wantVerdict(t, hybridReach(t, n, Query{From: ENI("eni-hub"), To: OnPrem("dc1"), Port: 443}), Reachable, NoReason, "")

	// A connection whose tunnels are down withdraws its BGP routes.
	n = twoRegions()
	n.VPNConnections[0].Tunnels = []vpc.VPNTunnel{{Status: vpc.LinkDown}, {Status: vpc.LinkDown}}
	wantVerdict(t, hybridReach(t, n, Query{From: ENI("eni-hub"), To: OnPrem("dc1"), Port: 443}), Blocked, ConnectionDown, "tgw-use")
}

// TestTransitGatewayRoutePriority pins the transit gateway's route
// evaluation order (AWS Transit Gateway Guide, "How transit gateways
// work", route evaluation order): the most specific route, then static
// routes, then routes propagated by VPC, Direct Connect gateway and VPN
// attachments, in that order.
func TestTransitGatewayRoutePriority(t *testing.T) {
	q := Query{From: ENI("eni-hub"), To: OnPrem("dc1"), Port: 443}
	r := hybridReach(t, withTransitDX(twoRegions()), q)
	wantVerdict(t, r, Reachable, NoReason, "")
	if !passes(r.Path, "vif-dc1") || passes(r.Path, "vpn-dc1") {
		t.Errorf("Direct Connect propagation before VPN propagation: want the path over vif-dc1:\n%s", r)
	}

	n := withTransitDX(twoRegions())
	n.TransitGatewayRouteTables[0].Routes = append(n.TransitGatewayRouteTables[0].Routes, vpc.TGWRoute{Destination: pfx("192.168.0.0/16"), Attachment: "att-vpn"})
	r = hybridReach(t, n, q)
	wantVerdict(t, r, Reachable, NoReason, "")
	if !passes(r.Path, "vpn-dc1") {
		t.Errorf("a static route before propagated ones: want the path over vpn-dc1:\n%s", r)
	}

	n = withTransitDX(twoRegions())
	n.VPNConnections[0].Routes = []netip.Prefix{pfx("192.168.1.0/24")}
	r = hybridReach(t, n, Query{From: ENI("eni-hub"), To: Address(addr("192.168.1.5")), Port: 443})
	wantVerdict(t, r, Reachable, NoReason, "")
	if !passes(r.Path, "vpn-dc1") {
		t.Errorf("the most specific route first: want the path over vpn-dc1:\n%s", r)
	}
}

// TestTransitDirectConnectAllowedPrefixes: for a transit gateway
// association, the Direct Connect gateway advertises to on premises the
// allowed prefixes as they are (AWS Direct Connect User Guide, "Allowed
// prefixes interactions"). dc1 learns 10.0.0.0/16 over Direct Connect and
// prefers it; 10.10.0.0/16 is not allowed, so dc1 reaches it over the VPN
// only.
func TestTransitDirectConnectAllowedPrefixes(t *testing.T) {
	r := hybridReach(t, withTransitDX(twoRegions()), Query{From: OnPrem("dc1"), To: ENI("eni-hub"), Port: 443})
	wantVerdict(t, r, Reachable, NoReason, "")
	if d := cmp.Diff([]string{"dc1", "vif-dc1", "dxgw-1", "tgw-use", "hub-a", "eni-hub"}, components(r.Path)); d != "" {
		t.Errorf("request path (-want +got):\n%s", d)
	}
	r = hybridReach(t, withTransitDX(twoRegions()), Query{From: OnPrem("dc1"), To: ENI("eni-eu"), Port: 443})
	wantVerdict(t, r, Reachable, NoReason, "")
	if !passes(r.Path, "vpn-dc1") || passes(r.Path, "vif-dc1") {
		t.Errorf("10.10.0.0/16 is not an allowed prefix: want the request over vpn-dc1:\n%s", r)
	}

	n := withTransitDX(twoRegions())
	n.VPNConnections, n.CustomerGateways = nil, nil
	n.TransitGatewayAttachments = n.TransitGatewayAttachments[:3:3]
	n.TransitGatewayAttachments = append(n.TransitGatewayAttachments, withTransitDX(&Network{}).TransitGatewayAttachments...)
	wantVerdict(t, hybridReach(t, n, Query{From: OnPrem("dc1"), To: ENI("eni-eu"), Port: 443}), Blocked, NotAdvertised, "dc1")
}

// TestTransitGatewayPeering: a peering attachment carries traffic only by
// static routes on both sides (routes are not propagated across it), and
// security group rules do not reference groups across it (AWS Transit
// Gateway Guide, "Transit gateway peering attachments").
func TestTransitGatewayPeering(t *testing.T) {
	q := Query{From: ENI("eni-eu"), To: ENI("eni-hub"), Port: 443}
	r := hybridReach(t, twoRegions(), q)
	wantVerdict(t, r, Reachable, NoReason, "")
	if d := cmp.Diff([]string{"eni-eu", "eu-a", "tgw-euc", "tgw-use", "hub-a", "eni-hub"}, components(r.Path)); d != "" {
		t.Errorf("request path (-want +got):\n%s", d)
	}

	// The eu side lacks its static route to the hub.
	n := twoRegions()
	n.TransitGatewayRouteTables[1].Routes = n.TransitGatewayRouteTables[1].Routes[1:]
	r = hybridReach(t, n, q)
	wantVerdict(t, r, Blocked, NoRoute, "tgw-euc")
	if want := "no route in rt-euc matches 10.0.0.4 (10.0.0.4 is in hub on tgw-use, across peering attachment att-peer"; !strings.HasPrefix(r.Block.Rule, want) {
		t.Errorf("block rule %q, want it to start %q", r.Block.Rule, want)
	}
	// The us side lacks its static route back: the reply stops there.
	n = twoRegions()
	n.TransitGatewayRouteTables[0].Routes = nil
	wantVerdict(t, hybridReach(t, n, q), ReplyBlocked, NoRoute, "tgw-use")
	// The peering is not associated with a route table on the us side.
	n = twoRegions()
	n.TransitGatewayAttachments[2].RouteTable = ""
	wantVerdict(t, hybridReach(t, n, q), Blocked, NoRoute, "tgw-use")

	// A rule may not name the eu VPC's group across the peering, even with
	// referencing on at both transit gateways: the API rejects it.
	n = twoRegions()
	n.TransitGateways[0].SecurityGroupReferencing = true
	n.TransitGateways[1].SecurityGroupReferencing = true
	n.SecurityGroups[0].Ingress = []vpc.SGRule{{Protocol: vpc.ProtocolAll, Group: "sg-eu"}}
	var fe *FieldError
	if err := n.Validate(); !errors.As(err, &fe) || !errors.Is(err, ErrWrongVPC) || fe.ID != "sg-hub" {
		t.Errorf("a reference across a transit gateway peering: got %v, want ErrWrongVPC on sg-hub", err)
	}
}

// applianceNet: spoke-a (10.1.0.0/16, eni-a in us-east-1a) and spoke-b
// (10.2.0.0/16, eni-b in us-east-1b) on tgw-1, whose spoke table sends
// everything to the inspection VPC insp (10.9.0.0/16); insp's attachment
// subnets in each zone route to the stateful firewall of their zone (fw-a,
// fw-b), whose subnets route 10.0.0.0/8 back to the transit gateway.
func applianceNet(applianceMode bool) *Network {
	fwSG := vpc.SecurityGroup{ID: "sg-fw", VPC: "insp", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: pfx("10.0.0.0/8")}},
		Egress: []vpc.SGRule{vpc.AllowAllEgress()}}
	spokeSG := func(v string) vpc.SecurityGroup {
		return vpc.SecurityGroup{ID: "sg-" + v, VPC: v, Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: pfx("10.0.0.0/8")}},
			Egress: []vpc.SGRule{vpc.AllowAllEgress()}}
	}
	subnet := func(id, v, cidr, az string) vpc.Subnet {
		return vpc.Subnet{ID: id, VPC: v, CIDR: pfx(cidr), AvailabilityZone: "us-east-1" + az}
	}
	fw := func(id, s string) vpc.NetworkInterface {
		return vpc.NetworkInterface{ID: id, Subnet: s, SecurityGroups: []string{"sg-fw"}, SourceDestCheckDisabled: true, Stateful: true}
	}
	toTGW := []vpc.Route{{Destination: pfx("10.0.0.0/8"), Target: vpc.ToTransitGateway("tgw-1")}}
	return &Network{
		VPCs: []vpc.VPC{
			{ID: "spoke-a", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}, Region: "us-east-1"},
			{ID: "spoke-b", CIDRs: []netip.Prefix{pfx("10.2.0.0/16")}, Region: "us-east-1"},
			{ID: "insp", CIDRs: []netip.Prefix{pfx("10.9.0.0/16")}, Region: "us-east-1"},
		},
		Subnets: []vpc.Subnet{
			subnet("sa-a", "spoke-a", "10.1.0.0/24", "a"),
			subnet("sb-b", "spoke-b", "10.2.1.0/24", "b"),
			subnet("insp-tgw-a", "insp", "10.9.0.0/24", "a"), subnet("insp-tgw-b", "insp", "10.9.1.0/24", "b"),
			subnet("insp-fw-a", "insp", "10.9.2.0/24", "a"), subnet("insp-fw-b", "insp", "10.9.3.0/24", "b"),
		},
		SecurityGroups: []vpc.SecurityGroup{fwSG, spokeSG("spoke-a"), spokeSG("spoke-b")},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-a", Subnet: "sa-a", SecurityGroups: []string{"sg-spoke-a"}},
			{ID: "eni-b", Subnet: "sb-b", SecurityGroups: []string{"sg-spoke-b"}},
			fw("fw-a", "insp-fw-a"), fw("fw-b", "insp-fw-b"),
		},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-a", VPC: "spoke-a", Main: true, Routes: toTGW},
			{ID: "rtb-b", VPC: "spoke-b", Main: true, Routes: toTGW},
			{ID: "rtb-insp-fw", VPC: "insp", Main: true, Routes: toTGW},
			{ID: "rtb-insp-tgw-a", VPC: "insp", Subnets: []string{"insp-tgw-a"}, Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToNetworkInterface("fw-a")}}},
			{ID: "rtb-insp-tgw-b", VPC: "insp", Subnets: []string{"insp-tgw-b"}, Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToNetworkInterface("fw-b")}}},
		},
		TransitGateways: []vpc.TransitGateway{{ID: "tgw-1"}},
		TransitGatewayRouteTables: []vpc.TransitGatewayRouteTable{
			{ID: "rt-spokes", TransitGateway: "tgw-1", Routes: []vpc.TGWRoute{{Destination: pfx("0.0.0.0/0"), Attachment: "att-insp"}}},
			{ID: "rt-insp", TransitGateway: "tgw-1"},
		},
		TransitGatewayAttachments: []vpc.TransitGatewayAttachment{
			{ID: "att-a", TransitGateway: "tgw-1", VPC: "spoke-a", Subnets: []string{"sa-a"}, RouteTable: "rt-spokes", Propagations: []string{"rt-insp"}},
			{ID: "att-b", TransitGateway: "tgw-1", VPC: "spoke-b", Subnets: []string{"sb-b"}, RouteTable: "rt-spokes", Propagations: []string{"rt-insp"}},
			{ID: "att-insp", TransitGateway: "tgw-1", VPC: "insp", Subnets: []string{"insp-tgw-a", "insp-tgw-b"}, RouteTable: "rt-insp",
				ApplianceMode: applianceMode},
		},
	}
}

// TestApplianceMode: a transit gateway sends traffic into a VPC attachment
// through the attachment's subnet in the zone the traffic came from, so
// the reply of a flow between spokes in two zones reaches the inspection
// VPC in the other zone, whose stateful firewall never saw the request and
// drops it; with appliance mode on the inspection VPC's attachment the
// transit gateway keeps one zone for both directions (AWS Transit Gateway
// Guide, "Appliance in a shared services VPC" and "How transit gateways
// work", Availability Zones and appliance mode).
func TestApplianceMode(t *testing.T) {
	q := Query{From: ENI("eni-a"), To: ENI("eni-b"), Port: 443}
	r := hybridReach(t, applianceNet(false), q)
	wantVerdict(t, r, ReplyBlocked, AsymmetricRoute, "fw-b")
	if !passes(r.Path, "fw-a") {
		t.Errorf("want the request through fw-a:\n%s", r)
	}

	r = hybridReach(t, applianceNet(true), q)
	wantVerdict(t, r, Reachable, NoReason, "")
	if !passes(r.Path, "fw-a") || !passes(r.Reply, "fw-a") || passes(r.Reply, "fw-b") {
		t.Errorf("appliance mode: want both directions through fw-a:\n%s", r)
	}

	// Without state tracking the firewall forwards whatever reaches it.
	n := applianceNet(false)
	for i := range n.NetworkInterfaces {
		n.NetworkInterfaces[i].Stateful = false
	}
	wantVerdict(t, hybridReach(t, n, q), Reachable, NoReason, "")
}

// ingressNet: vpc web (10.0.0.0/16) with eni-web (public 203.0.113.10) in
// subnet pub (10.0.0.0/24) and the stateful firewall eni-fw (public
// 203.0.113.20) in subnet fw (10.0.1.0/24); pub routes everything to
// eni-fw, fw routes the internet to igw-web. With edge set, the gateway
// route table rtb-edge sends what enters through igw-web for pub to eni-fw.
func ingressNet(edge bool) *Network {
	sg := vpc.SecurityGroup{ID: "sg-web", VPC: "web", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: pfx("0.0.0.0/0")}},
		Egress: []vpc.SGRule{vpc.AllowAllEgress()}}
	n := &Network{
		VPCs: []vpc.VPC{{ID: "web", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, Region: "us-east-1"}},
		Subnets: []vpc.Subnet{
			{ID: "pub", VPC: "web", CIDR: pfx("10.0.0.0/24"), AvailabilityZone: "us-east-1a"},
			{ID: "fw", VPC: "web", CIDR: pfx("10.0.1.0/24"), AvailabilityZone: "us-east-1a"},
		},
		SecurityGroups: []vpc.SecurityGroup{sg},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-web", Subnet: "pub", SecurityGroups: []string{"sg-web"}, PublicIP: addr("203.0.113.10")},
			{ID: "eni-fw", Subnet: "fw", SecurityGroups: []string{"sg-web"}, PublicIP: addr("203.0.113.20"), SourceDestCheckDisabled: true, Stateful: true},
		},
		InternetGateways: []vpc.InternetGateway{{ID: "igw-web", VPC: "web"}},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-pub", VPC: "web", Subnets: []string{"pub"}, Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToNetworkInterface("eni-fw")}}},
			{ID: "rtb-fw", VPC: "web", Main: true, Subnets: []string{"fw"}, Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToInternetGateway("igw-web")}}},
		},
	}
	if edge {
		n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-edge", VPC: "web", Gateways: []string{"igw-web"},
			Routes: []vpc.Route{{Destination: pfx("10.0.0.0/24"), Target: vpc.ToNetworkInterface("eni-fw")}}})
	}
	return n
}

// TestGatewayRouteTable: a route table associated with an internet
// gateway routes the traffic entering the VPC through it, here to a
// firewall appliance before the web server; the appliance must have a
// public address to receive internet traffic that way, and the return
// traffic must pass the same appliance (AWS VPC User Guide, "Gateway
// route tables", rules and considerations: asymmetric routing through an
// appliance is not supported).
func TestGatewayRouteTable(t *testing.T) {
	q := Query{From: Internet(), To: ENI("eni-web"), Port: 443}
	r := hybridReach(t, ingressNet(true), q)
	wantVerdict(t, r, Reachable, NoReason, "")
	if d := cmp.Diff([]string{"internet", "igw-web", "fw", "eni-fw", "fw", "pub", "eni-web"}, components(r.Path)); d != "" {
		t.Errorf("request path (-want +got):\n%s", d)
	}

	// Without the gateway route table the request bypasses the firewall,
	// which then sees the reply only.
	wantVerdict(t, hybridReach(t, ingressNet(false), q), ReplyBlocked, AsymmetricRoute, "eni-fw")

	// A firewall without a public address gets no internet traffic.
	n := ingressNet(true)
	n.NetworkInterfaces[1].PublicIP = netip.Addr{}
	wantVerdict(t, hybridReach(t, n, q), Blocked, NoPublicIP, "igw-web")
}

// TestGatewayRouteTableVPN: a gateway route table associated with a
// virtual private gateway sends on-premises traffic through an appliance
// too (AWS VPC User Guide, "Gateway route tables").
func TestGatewayRouteTableVPN(t *testing.T) {
	n := hybridNet()
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "app-fw", VPC: "app", CIDR: pfx("10.0.9.0/24"), AvailabilityZone: "us-east-1a"})
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-fw", Subnet: "app-fw", SecurityGroups: []string{"sg-app"},
		SourceDestCheckDisabled: true})
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-edge", VPC: "app", Gateways: []string{"vgw-app"},
		Routes: []vpc.Route{{Destination: pfx("10.0.0.0/24"), Target: vpc.ToNetworkInterface("eni-fw")}}})
	r := hybridReach(t, n, Query{From: OnPrem("dc1"), To: ENI("eni-app"), Port: 443})
	wantVerdict(t, r, Reachable, NoReason, "")
	if d := cmp.Diff([]string{"dc1", "vpn-dc1", "vgw-app", "app-fw", "eni-fw", "app-fw", "app-a", "eni-app"}, components(r.Path)); d != "" {
		t.Errorf("request path (-want +got):\n%s", d)
	}
}
