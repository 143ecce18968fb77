package sim

// Fact tests of flows between two on-premises networks: through a virtual
// private gateway's VPN connections (VPN CloudHub), through a transit
// gateway's VPN and Direct Connect gateway attachments, and never between
// two virtual interfaces of one Direct Connect gateway. Each test names
// the AWS page whose behaviour it pins.

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/vpc"
)

// cloudHub is hybridNet with both sites over BGP: dc1 (192.168.0.0/16)
// over vpn-dc1 and dc2 (172.16.0.0/12) over vpn-dc2, both to vgw-app,
// each customer gateway advertising its network's CIDR.
func cloudHub() *Network {
	n := hybridNet()
	n.VPNConnections[0].StaticRoutesOnly = false
	n.OnPremNetworks = append(n.OnPremNetworks, vpc.OnPremNetwork{ID: "dc2", CIDRs: []netip.Prefix{pfx("172.16.0.0/12")}})
	n.CustomerGateways = append(n.CustomerGateways, vpc.CustomerGateway{ID: "cgw-dc2", Network: "dc2"})
	n.VPNConnections = append(n.VPNConnections, vpc.VPNConnection{ID: "vpn-dc2", CustomerGateway: "cgw-dc2", VPNGateway: "vgw-app",
		Routes: []netip.Prefix{pfx("172.16.0.0/12")}})
	return n
}

// hubWithDC2 is twoRegions with a second data centre: dc2 (172.16.0.0/12)
// over the BGP VPN connection vpn-dc2 to tgw-use (attachment att-vpn2,
// associated with rt-use and propagating into it).
func hubWithDC2() *Network {
	n := twoRegions()
	n.OnPremNetworks = append(n.OnPremNetworks, vpc.OnPremNetwork{ID: "dc2", CIDRs: []netip.Prefix{pfx("172.16.0.0/12")}})
	n.CustomerGateways = append(n.CustomerGateways, vpc.CustomerGateway{ID: "cgw-dc2", Network: "dc2"})
	n.VPNConnections = append(n.VPNConnections, vpc.VPNConnection{ID: "vpn-dc2", CustomerGateway: "cgw-dc2", TransitGateway: "tgw-use",
		Routes: []netip.Prefix{pfx("172.16.0.0/12")}})
	n.TransitGatewayAttachments = append(n.TransitGatewayAttachments, vpc.TransitGatewayAttachment{ID: "att-vpn2", TransitGateway: "tgw-use",
		VPNConnection: "vpn-dc2", RouteTable: "rt-use", Propagations: []string{"rt-use"}})
	return n
}

var (
	dc1Host = OnPremAddress("dc1", netip.MustParseAddr("192.168.1.10"))
	dc2Host = OnPremAddress("dc2", netip.MustParseAddr("172.16.5.20"))
)

// TestOnPremCloudHub: two sites whose customer gateways peer over BGP with
// one virtual private gateway reach each other through it: the gateway
// re-advertises each site's prefixes to the other and relays between the
// connections, with or without traffic to its VPC (AWS Site-to-Site VPN
// User Guide, "Providing secure communication between sites using VPN
// CloudHub").
func TestOnPremCloudHub(t *testing.T) {
	for _, q := range []Query{
		{From: dc1Host, To: dc2Host, Port: 22},
		{From: OnPrem("dc2"), To: OnPrem("dc1"), Port: 22},
		{From: Address(netip.MustParseAddr("192.168.1.10")), To: Address(netip.MustParseAddr("172.16.5.20")), Protocol: vpc.ProtocolICMP},
	} {
		r := hybridReach(t, cloudHub(), q)
		wantVerdict(t, r, Reachable, NoReason, "")
		from, to := "dc1", "dc2"
		if q.From.OnPrem == "dc2" {
			from, to = to, from
		}
		want := []string{from, "vpn-" + from, "vgw-app", "vpn-" + to, to}
		if d := cmp.Diff(want, components(r.Path)); d != "" {
			t.Errorf("%s: path (-want +got):\n%s\n%s", q, d, r)
		}
		if d := cmp.Diff([]string{to, "vpn-" + to, "vgw-app", "vpn-" + from, from}, components(r.Reply)); d != "" {
			t.Errorf("%s: reply (-want +got):\n%s\n%s", q, d, r)
		}
	}
	r := hybridReach(t, cloudHub(), Query{From: dc1Host, To: dc2Host, Port: 22})
	if got := r.Path[0].Rule; !strings.Contains(got, "re-advertised by vgw-app") {
		t.Errorf("dc1's route: %q, want it to say vgw-app re-advertises it", got)
	}
	if got := r.Path[2].Rule; !strings.Contains(got, "relayed from vpn-dc1 (VPN CloudHub)") {
		t.Errorf("vgw-app's hop: %q, want the relay named", got)
	}
	// Reached whatever the subnet route tables say: the VPC is not on the
	// path.
	n := cloudHub()
	n.RouteTables[0].Propagations = nil
	wantVerdict(t, hybridReach(t, n, Query{From: dc1Host, To: dc2Host, Port: 22}), Reachable, NoReason, "")
}

// TestOnPremCloudHubNeedsBGP: the virtual private gateway re-advertises
// only what customer gateways advertise to it over BGP, to BGP peers
// (CloudHub: "These routing advertisements are received and
// re-advertised to each BGP peer"; AWS Site-to-Site VPN User Guide,
// "Providing secure communication between sites using VPN CloudHub"). A
// static site neither learns the others nor is learned by them; a site
// whose connection is down is withdrawn.
func TestOnPremCloudHubNeedsBGP(t *testing.T) {
	cases := []struct {
		name     string
		edit     func(*Network)
		q        Query
		at, rule string
		why      Reason
	}{
		{"source static", func(n *Network) { n.VPNConnections[0].StaticRoutesOnly = true }, Query{From: dc1Host, To: dc2Host, Port: 22},
			"dc1", "dc1 learns no route to 172.16.5.20 from AWS: it learns 10.0.0.0/16 (172.16.5.20 is in dc2: vgw-app joins both, but relays only between VPN connections that use BGP (VPN CloudHub), and dc1's or dc2's are static)",
			NotAdvertised},
		{"destination static", func(n *Network) { n.VPNConnections[1].StaticRoutesOnly = true }, Query{From: dc1Host, To: dc2Host, Port: 22},
			"dc1", "", NotAdvertised},
		{"destination down", func(n *Network) {
			n.VPNConnections[1].Tunnels = []vpc.VPNTunnel{{Status: vpc.LinkDown}, {Status: vpc.LinkDown}}
		}, Query{From: dc1Host, To: dc2Host, Port: 22},
			"dc1", "dc1 learns no route to 172.16.5.20 from AWS: it learns 10.0.0.0/16 (172.16.5.20 is in dc2: vgw-app joins both, but no connection of dc2 that is up advertises 172.16.5.20 to it over BGP)",
			NotAdvertised},
		{"not advertised", func(n *Network) { n.VPNConnections[1].Routes = []netip.Prefix{pfx("172.16.0.0/16")} }, Query{From: dc1Host, To: OnPremAddress("dc2", netip.MustParseAddr("172.20.0.1")), Port: 22},
			"dc1", "", NotAdvertised},
		{"reply not advertised", func(n *Network) { n.VPNConnections[0].Routes = []netip.Prefix{pfx("192.168.2.0/24")} }, Query{From: dc1Host, To: dc2Host, Port: 22},
			"dc2", "", NotAdvertised},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := cloudHub()
			c.edit(n)
			r := hybridReach(t, n, c.q)
			want := Blocked
			if c.name == "reply not advertised" {
				want = ReplyBlocked
			}
			wantVerdict(t, r, want, c.why, c.at)
			if c.rule != "" && r.Block.Rule != c.rule {
				t.Errorf("rule:\n got %q\nwant %q", r.Block.Rule, c.rule)
			}
		})
	}
}

// TestOnPremCloudHubNotDirectConnect: a virtual private gateway does not
// relay between Direct Connect and VPN: a Direct Connect gateway supports
// traffic between its private virtual interfaces and its associated
// virtual private gateways only, not between its virtual interfaces, nor
// between them and the VPN connections of a virtual private gateway
// associated with it (Direct Connect User Guide, "Virtual private gateway
// associations"). The virtual private gateway does not re-advertise the
// prefixes a virtual interface advertises to its VPN sites, and the
// virtual interface learns only the VPC's CIDRs.
func TestOnPremCloudHubNotDirectConnect(t *testing.T) {
	n := cloudHub()
	// dc3 (10.99.0.0/16) over Direct Connect to vgw-app.
	n.OnPremNetworks = append(n.OnPremNetworks, vpc.OnPremNetwork{ID: "dc3", CIDRs: []netip.Prefix{pfx("10.99.0.0/16")}})
	n.DirectConnectGateways = []vpc.DirectConnectGateway{{ID: "dxgw-1", Associations: []vpc.DirectConnectAssociation{{Gateway: "vgw-app"}}}}
	n.VirtualInterfaces = []vpc.VirtualInterface{{ID: "vif-dc3", Type: vpc.PrivateVirtualInterface, Network: "dc3", DirectConnectGateway: "dxgw-1",
		Routes: []netip.Prefix{pfx("10.99.0.0/16")}}}
	dc3Host := OnPremAddress("dc3", netip.MustParseAddr("10.99.0.7"))
	r := hybridReach(t, n, Query{From: dc1Host, To: dc3Host, Port: 22})
	wantVerdict(t, r, Blocked, NotAdvertised, "dc1")
	r = hybridReach(t, n, Query{From: dc3Host, To: dc1Host, Port: 22})
	wantVerdict(t, r, Blocked, NotAdvertised, "dc3")
	// Even when dc1 routes the address to AWS (it advertises a range
	// covering dc3, which the gateway re-advertises to dc2), the gateway
	// refuses to relay to Direct Connect.
	n.VPNConnections[0].Routes = append(n.VPNConnections[0].Routes, pfx("10.96.0.0/12"))
	r = hybridReach(t, n, Query{From: dc2Host, To: dc3Host, Port: 22})
	wantVerdict(t, r, Blocked, NonTransitive, "vgw-app")
	if !strings.Contains(r.Block.Rule, "does not relay traffic from a VPN connection (vpn-dc2) to Direct Connect") {
		t.Errorf("rule %q: want the relay to Direct Connect named", r.Block.Rule)
	}
}

// TestOnPremDirectConnectNoTransit: two sites with private virtual
// interfaces on one Direct Connect gateway do not reach each other
// through it (Direct Connect User Guide, "Virtual private gateway
// associations": no direct communication between the virtual interfaces
// attached to a single Direct Connect gateway); nor do two sites with
// transit virtual interfaces on one gateway attached to a transit
// gateway, whatever the transit gateway's routes (Direct Connect User
// Guide, "Transit gateway associations": the gateway carries traffic
// between its transit virtual interfaces and its associated transit
// gateways).
func TestOnPremDirectConnectNoTransit(t *testing.T) {
	n := withDX(hybridNet(), nil, "192.168.0.0/16")
	n.OnPremNetworks = append(n.OnPremNetworks, vpc.OnPremNetwork{ID: "dc2", CIDRs: []netip.Prefix{pfx("172.16.0.0/12")}})
	n.VirtualInterfaces = append(n.VirtualInterfaces, vpc.VirtualInterface{ID: "vif-dc2", Type: vpc.PrivateVirtualInterface, Network: "dc2",
		DirectConnectGateway: "dxgw-1", Routes: []netip.Prefix{pfx("172.16.0.0/12")}})
	r := hybridReach(t, n, Query{From: dc1Host, To: dc2Host, Port: 22})
	wantVerdict(t, r, Blocked, NotAdvertised, "dc1")
	if !strings.Contains(r.Block.Rule, "dxgw-1 joins both, but a Direct Connect gateway does not route between its virtual interfaces") {
		t.Errorf("rule %q: want the Direct Connect gateway named", r.Block.Rule)
	}

	// Transit virtual interfaces: the allowed prefixes cover dc2, and the
	// transit gateway's table sends dc2 back into the Direct Connect
	// gateway attachment.
	n = withTransitDX(twoRegions())
	n.VPNConnections, n.CustomerGateways = nil, []vpc.CustomerGateway{{ID: "cgw-dc1", Network: "dc1"}}
	n.TransitGatewayAttachments = n.TransitGatewayAttachments[:3]
	n.TransitGatewayAttachments = append(n.TransitGatewayAttachments, vpc.TransitGatewayAttachment{ID: "att-dx", TransitGateway: "tgw-use",
		DirectConnectGateway: "dxgw-1", RouteTable: "rt-use", Propagations: []string{"rt-use"}})
	n.DirectConnectGateways[0].Associations[0].AllowedPrefixes = []netip.Prefix{pfx("10.0.0.0/16"), pfx("172.16.0.0/12"), pfx("192.168.0.0/16")}
	n.OnPremNetworks = append(n.OnPremNetworks, vpc.OnPremNetwork{ID: "dc2", CIDRs: []netip.Prefix{pfx("172.16.0.0/12")}})
	n.VirtualInterfaces = append(n.VirtualInterfaces, vpc.VirtualInterface{ID: "vif-dc2", Type: vpc.TransitVirtualInterface, Network: "dc2",
		DirectConnectGateway: "dxgw-1", Routes: []netip.Prefix{pfx("172.16.0.0/12")}})
	r = hybridReach(t, n, Query{From: dc1Host, To: dc2Host, Port: 22})
	wantVerdict(t, r, Blocked, NonTransitive, "dxgw-1")
	if d := cmp.Diff([]string{"dc1", "vif-dc1", "dxgw-1", "tgw-use"}, components(r.Path)); d != "" {
		t.Errorf("path (-want +got):\n%s\n%s", d, r)
	}
}

// TestOnPremThroughTransitGateway: a transit gateway routes between two
// VPN attachments, and between a VPN and a Direct Connect gateway
// attachment, by the route table associated with the attachment the
// packet comes in through, like between any attachments (AWS Transit
// Gateway Guide, "How transit gateways work": each attachment is
// associated with one route table, which routes what it sends); a site
// learns the routes of the table its attachment is associated with. A
// missing route stops the flow at the site that would send it.
func TestOnPremThroughTransitGateway(t *testing.T) {
	for _, q := range []Query{
		{From: dc1Host, To: dc2Host, Port: 22},
		{From: OnPrem("dc2"), To: OnPrem("dc1"), Port: 22},
	} {
		r := hybridReach(t, hubWithDC2(), q)
		wantVerdict(t, r, Reachable, NoReason, "")
		if !passes(r.Path, "tgw-use") || !passes(r.Reply, "tgw-use") {
			t.Errorf("%s: want both ways through tgw-use:\n%s", q, r)
		}
	}

	// dc2's attachment propagates nothing: rt-use has no route to dc2,
	// so dc1 learns none.
	n := hubWithDC2()
	n.TransitGatewayAttachments[4].Propagations = nil
	r := hybridReach(t, n, Query{From: dc1Host, To: dc2Host, Port: 22})
	wantVerdict(t, r, Blocked, NotAdvertised, "dc1")
	want := "dc1 learns no route to 172.16.5.20 from AWS: it learns 10.0.0.0/16, 10.10.0.0/16 (172.16.5.20 is in dc2: rt-use, associated with att-vpn (of vpn-dc1), has no route to 172.16.5.20)"
	if r.Block.Rule != want {
		t.Errorf("rule:\n got %q\nwant %q", r.Block.Rule, want)
	}
	// A static route in rt-use to dc2's attachment restores it.
	n.TransitGatewayRouteTables[0].Routes = append(n.TransitGatewayRouteTables[0].Routes, vpc.TGWRoute{Destination: pfx("172.16.0.0/12"), Attachment: "att-vpn2"})
	wantVerdict(t, hybridReach(t, n, Query{From: dc1Host, To: dc2Host, Port: 22}), Reachable, NoReason, "")
	// A blackhole for it stops the flow at the transit gateway.
	n.TransitGatewayRouteTables[0].Routes[1] = vpc.TGWRoute{Destination: pfx("172.16.0.0/12"), Blackhole: true}
	wantVerdict(t, hybridReach(t, n, Query{From: dc1Host, To: dc2Host, Port: 22}), Blocked, NotAdvertised, "dc1")

	// dc2 over Direct Connect (transit virtual interface, dxgw-1 allowing
	// 10.0.0.0/16 and 192.168.0.0/16) instead of VPN.
	n = withTransitDX(twoRegions())
	n.DirectConnectGateways[0].Associations[0].AllowedPrefixes = []netip.Prefix{pfx("10.0.0.0/16"), pfx("192.168.0.0/16")}
	n.OnPremNetworks = append(n.OnPremNetworks, vpc.OnPremNetwork{ID: "dc2", CIDRs: []netip.Prefix{pfx("172.16.0.0/12")}})
	n.VirtualInterfaces[0].Network, n.VirtualInterfaces[0].Routes = "dc2", []netip.Prefix{pfx("172.16.0.0/12")}
	r = hybridReach(t, n, Query{From: dc1Host, To: dc2Host, Port: 22})
	wantVerdict(t, r, Reachable, NoReason, "")
	if d := cmp.Diff([]string{"dc1", "vpn-dc1", "tgw-use", "dxgw-1", "vif-dc1", "dc2"}, components(r.Path)); d != "" {
		t.Errorf("path (-want +got):\n%s\n%s", d, r)
	}
	// The allowed prefixes are what dc2 learns: without dc1's, the reply
	// has no way back.
	n.DirectConnectGateways[0].Associations[0].AllowedPrefixes = []netip.Prefix{pfx("10.0.0.0/16")}
	r = hybridReach(t, n, Query{From: dc1Host, To: dc2Host, Port: 22})
	wantVerdict(t, r, ReplyBlocked, NotAdvertised, "dc2")
	if !strings.Contains(r.Block.Rule, "the allowed prefixes of dxgw-1's association with tgw-use, which vif-dc1 advertises, do not cover it") {
		t.Errorf("rule %q: want the allowed prefixes named", r.Block.Rule)
	}
}

// TestOnPremPairQueries: a flow between two on-premises networks is a
// query like any (any host of each, or addresses); both ends in one
// network, or an on-premises network and the internet, are not.
func TestOnPremPairQueries(t *testing.T) {
	m := mustCompile(t, cloudHub())
	r, err := m.Reach(Query{From: OnPrem("dc1"), To: OnPrem("dc2"), Port: 22})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != Reachable || len(r.Path) == 0 {
		t.Fatalf("any host of dc1 to any of dc2: %s", r)
	}
	src, dst := r.Path[0].Packet.Src, r.Path[0].Packet.Dst
	if !pfx("192.168.0.0/16").Contains(src) || !pfx("172.16.0.0/12").Contains(dst) {
		t.Errorf("witness %s -> %s: want a host of dc1 to one of dc2", src, dst)
	}
	for _, q := range []Query{
		{From: dc1Host, To: OnPrem("dc1"), Port: 22},
		{From: OnPrem("dc1"), To: InternetAddress(netip.MustParseAddr("8.8.8.8")), Port: 22},
		{From: Internet(), To: dc2Host, Port: 22},
	} {
		if _, err := m.Reach(q); err == nil {
			t.Errorf("%s: accepted, want an error", q)
		}
	}
	// Denied for some pair, the search finds a pair that passes: dc2
	// advertises two halves, one of them down.
	n := cloudHub()
	n.VPNConnections[1].Routes = []netip.Prefix{pfx("172.16.0.0/13")}
	n.VPNConnections = append(n.VPNConnections, vpc.VPNConnection{ID: "vpn-dc2b", CustomerGateway: "cgw-dc2", VPNGateway: "vgw-app",
		Routes: []netip.Prefix{pfx("172.24.0.0/13")}})
	n.NetworkACLs = nil
	r = hybridReach(t, n, Query{From: OnPrem("dc1"), To: OnPrem("dc2"), Port: 22})
	wantVerdict(t, r, Reachable, NoReason, "")
	n.VPNConnections[1].Tunnels = []vpc.VPNTunnel{{Status: vpc.LinkDown}, {Status: vpc.LinkDown}}
	r = hybridReach(t, n, Query{From: OnPrem("dc1"), To: OnPrem("dc2"), Port: 22})
	wantVerdict(t, r, Reachable, NoReason, "")
	if got := r.Path[len(r.Path)-1].Packet.Dst; !pfx("172.24.0.0/13").Contains(got) {
		t.Errorf("witness destination %s: want one in 172.24.0.0/13, the half still advertised", got)
	}
}

// TestOnPremPairMatrix: a matrix of two on-premises networks has the
// cells between them, both ways (it refused the pair before flows
// between on-premises networks were modelled).
func TestOnPremPairMatrix(t *testing.T) {
	m := mustCompile(t, cloudHub())
	x, err := m.Matrix(Selection{ENIs: []string{"eni-app"}, OnPrem: []string{"dc1", "dc2"}})
	if err != nil {
		t.Fatal(err)
	}
	got := x.String()
	for _, want := range []string{"G1 -> G2: ", "G2 -> G1: "} {
		if !strings.Contains(got, want) {
			t.Errorf("matrix lacks %q:\n%s", want, got)
		}
	}
	// dc2 static: neither site learns the other.
	n := cloudHub()
	n.VPNConnections[1].StaticRoutesOnly = true
	x, err = mustCompile(t, n).Matrix(Selection{ENIs: []string{"eni-app"}, OnPrem: []string{"dc1", "dc2"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := x.String(); strings.Contains(got, "G1 -> G2") || strings.Contains(got, "G2 -> G1") {
		t.Errorf("matrix with a static site joins the sites:\n%s", got)
	}
}

// TestOnPremPairWhoCanReach: to a host of an on-premises network, the
// other on-premises networks that reach it are sources, besides the
// interfaces; the internet is not.
func TestOnPremPairWhoCanReach(t *testing.T) {
	m := mustCompile(t, cloudHub())
	rs, err := m.WhoCanReach(Query{To: dc2Host, Port: 22})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		switch {
		case r.OnPrem != "":
			got = append(got, "onprem:"+r.OnPrem)
		case r.Internet:
			got = append(got, "internet")
		default:
			got = append(got, r.ENIs...)
		}
	}
	if d := cmp.Diff([]string{"eni-app", "onprem:dc1"}, got); d != "" {
		t.Errorf("who reaches dc2 (-want +got):\n%s", d)
	}
}
