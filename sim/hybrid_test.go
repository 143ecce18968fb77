package sim

// Fact tests of hybrid connectivity: on-premises networks, virtual private
// gateways, Site-to-Site VPN connections, Direct Connect gateways and
// virtual interfaces, and the route priority between them. Each test names
// the AWS page whose behaviour it pins.

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/vpc"
)

// hybridNet: vpc app (10.0.0.0/16, subnets app-a in us-east-1a and app-b
// in us-east-1b) with eni-app in app-a, whose group admits everything from
// 10.0.0.0/8 and 192.168.0.0/16; the virtual private gateway vgw-app
// attached to it and propagating into the main route table rtb-app; the
// data centre dc1 (192.168.0.0/16) behind customer gateway cgw-dc1 and the
// static VPN connection vpn-dc1 to vgw-app, routing 192.168.0.0/16.
func hybridNet() *Network {
	n := &Network{
		VPCs: []vpc.VPC{{ID: "app", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, Region: "us-east-1"}},
		Subnets: []vpc.Subnet{
			{ID: "app-a", VPC: "app", CIDR: pfx("10.0.0.0/24"), AvailabilityZone: "us-east-1a"},
			{ID: "app-b", VPC: "app", CIDR: pfx("10.0.1.0/24"), AvailabilityZone: "us-east-1b"},
		},
		SecurityGroups: []vpc.SecurityGroup{{ID: "sg-app", VPC: "app",
			Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: pfx("10.0.0.0/8")}, {Protocol: vpc.ProtocolAll, CIDR: pfx("192.168.0.0/16")}},
			Egress:  []vpc.SGRule{vpc.AllowAllEgress()}}},
		NetworkInterfaces: []vpc.NetworkInterface{{ID: "eni-app", Subnet: "app-a", SecurityGroups: []string{"sg-app"}}},
		RouteTables:       []vpc.RouteTable{{ID: "rtb-app", VPC: "app", Main: true, Propagations: []string{"vgw-app"}}},
		VPNGateways:       []vpc.VPNGateway{{ID: "vgw-app", VPC: "app"}},
		OnPremNetworks:    []vpc.OnPremNetwork{{ID: "dc1", CIDRs: []netip.Prefix{pfx("192.168.0.0/16")}}},
		CustomerGateways:  []vpc.CustomerGateway{{ID: "cgw-dc1", Network: "dc1"}},
		VPNConnections: []vpc.VPNConnection{{ID: "vpn-dc1", CustomerGateway: "cgw-dc1", VPNGateway: "vgw-app",
			StaticRoutesOnly: true, Routes: []netip.Prefix{pfx("192.168.0.0/16")}}},
	}
	return n
}

// withDX adds Direct Connect to hybridNet: dxgw-1 associated with vgw-app
// (allowed prefixes allowed, none meaning the VPC's CIDR) and dc1's private
// virtual interface vif-dc1, advertising routes.
func withDX(n *Network, allowed []netip.Prefix, routes ...string) *Network {
	n.DirectConnectGateways = append(n.DirectConnectGateways, vpc.DirectConnectGateway{ID: "dxgw-1",
		Associations: []vpc.DirectConnectAssociation{{Gateway: "vgw-app", AllowedPrefixes: allowed}}})
	f := vpc.VirtualInterface{ID: "vif-dc1", Type: vpc.PrivateVirtualInterface, Network: "dc1", DirectConnectGateway: "dxgw-1"}
	for _, r := range routes {
		f.Routes = append(f.Routes, pfx(r))
	}
	n.VirtualInterfaces = append(n.VirtualInterfaces, f)
	return n
}

// hybridReach compiles n and answers q, failing the test on an error.
func hybridReach(t *testing.T, n *Network, q Query) *Result {
	t.Helper()
	m := mustCompile(t, n)
	r, err := m.Reach(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	v, err := m.Verdict(q)
	if err != nil {
		t.Fatalf("%s: verdict: %v", q, err)
	}
	if v.Status != r.Status || v.Reason != r.Reason {
		t.Errorf("%s: Verdict %s (%s), Reach %s (%s)", q, v.Status, v.Reason, r.Status, r.Reason)
	}
	return r
}

// wantVerdict fails the test unless r has status s and reason why, and
// (when at is not empty) was blocked at component at.
func wantVerdict(t *testing.T, r *Result, s Status, why Reason, at string) {
	t.Helper()
	if r.Status != s || r.Reason != why {
		t.Fatalf("%s: got %s (%s), want %s (%s)\n%s", r.Query, r.Status, r.Reason, s, why, r)
	}
	if at != "" && (r.Block == nil || r.Block.Component != at) {
		t.Fatalf("%s: blocked at %v, want %s\n%s", r.Query, r.Block, at, r)
	}
}

// components returns the components of path, once each, in order.
func components(path []Hop) []string {
	var out []string
	for _, h := range path {
		if len(out) == 0 || out[len(out)-1] != h.Component {
			out = append(out, h.Component)
		}
	}
	return out
}

// passes reports whether path goes through component id.
func passes(path []Hop, id string) bool {
	return slices.ContainsFunc(path, func(h Hop) bool { return h.Component == id })
}

// TestOnPremOverVPN: a host of an on-premises network reaches an instance
// over a Site-to-Site VPN connection to the VPC's virtual private gateway,
// and the reply returns by the route the gateway propagates into the
// subnet's route table (AWS Site-to-Site VPN User Guide, "Route tables and
// AWS Site-to-Site VPN route priority": the VPC route table needs a route
// to the remote network targeting the virtual private gateway, added
// statically or by route propagation).
func TestOnPremOverVPN(t *testing.T) {
	r := hybridReach(t, hybridNet(), Query{From: OnPrem("dc1"), To: ENI("eni-app"), Port: 443})
	wantVerdict(t, r, Reachable, NoReason, "")
	if d := cmp.Diff([]string{"dc1", "vpn-dc1", "vgw-app", "app-a", "eni-app"}, components(r.Path)); d != "" {
		t.Errorf("request path (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"eni-app", "app-a", "vgw-app", "vpn-dc1", "dc1"}, components(r.Reply)); d != "" {
		t.Errorf("reply path (-want +got):\n%s", d)
	}
	var refs []RuleRef
	for _, h := range r.Reply {
		if h.Component == "app-a" && h.Step == StepRoute {
			refs = append(refs, h.Ref)
		}
	}
	if d := cmp.Diff([]RuleRef{{Resource: "rtb-app", List: "propagations", Index: 0}}, refs); d != "" {
		t.Errorf("the reply's route is vgw-app's propagation (-want +got):\n%s", d)
	}
	if got := r.Path[0].Packet.Src; !netip.MustParsePrefix("192.168.0.0/16").Contains(got) {
		t.Errorf("source %s is not an address of dc1", got)
	}

	// The same host named by address, and the other direction.
	for _, q := range []Query{
		{From: OnPremAddress("dc1", addr("192.168.7.9")), To: ENI("eni-app"), Port: 443},
		{From: Address(addr("192.168.7.9")), To: ENI("eni-app"), Port: 443},
		{From: ENI("eni-app"), To: OnPrem("dc1"), Port: 22},
		{From: ENI("eni-app"), To: Address(addr("192.168.7.9")), Port: 22},
	} {
		wantVerdict(t, hybridReach(t, hybridNet(), q), Reachable, NoReason, "")
	}

	// Without propagation nor a static route the VPC has no route back.
	n := hybridNet()
	n.RouteTables[0].Propagations = nil
	wantVerdict(t, hybridReach(t, n, Query{From: OnPrem("dc1"), To: ENI("eni-app"), Port: 443}), ReplyBlocked, NoRoute, "app-a")
	wantVerdict(t, hybridReach(t, n, Query{From: ENI("eni-app"), To: OnPrem("dc1"), Port: 443}), Blocked, NoRoute, "app-a")
	// A static route to the gateway does as well as propagation.
	n.RouteTables[0].Routes = []vpc.Route{{Destination: pfx("192.168.0.0/16"), Target: vpc.ToVPNGateway("vgw-app")}}
	wantVerdict(t, hybridReach(t, n, Query{From: OnPrem("dc1"), To: ENI("eni-app"), Port: 443}), Reachable, NoReason, "")

}

// TestVGWCarriesOnlyItsVPC: a virtual private gateway routes only traffic
// for the prefixes it learned (static routes or BGP) from its own VPC's
// addresses, and does not carry IPv6 (AWS Site-to-Site VPN User Guide,
// "Route tables and AWS Site-to-Site VPN route priority").
func TestVGWCarriesOnlyItsVPC(t *testing.T) {
	// A destination the connection does not route: the route table sends
	// it to the gateway, which has no route for it.
	n := hybridNet()
	n.RouteTables[0].Routes = []vpc.Route{{Destination: pfx("172.16.0.0/12"), Target: vpc.ToVPNGateway("vgw-app")}}
	n.OnPremNetworks = append(n.OnPremNetworks, vpc.OnPremNetwork{ID: "dc2", CIDRs: []netip.Prefix{pfx("172.16.0.0/12")}})
	wantVerdict(t, hybridReach(t, n, Query{From: ENI("eni-app"), To: OnPrem("dc2"), Port: 443}), Blocked, NoRoute, "vgw-app")
}

// TestVPCRoutePriority pins the route priority of a VPC route table with
// propagated routes (AWS VPC User Guide, "How route priority works"):
// longest prefix first; at equal prefixes a static route before a
// propagated one; and a propagated route inside the VPC's CIDR never wins
// over the local route, even when more specific.
func TestVPCRoutePriority(t *testing.T) {
	q := func(dst string) Query { return Query{From: ENI("eni-app"), To: Address(addr(dst)), Port: 443} }

	// A static blackhole for the same prefix wins over the propagated route.
	n := hybridNet()
	n.RouteTables[0].Routes = []vpc.Route{{Destination: pfx("192.168.0.0/16"), Target: vpc.ToVPNGateway("vgw-app"), Blackhole: true}}
	wantVerdict(t, hybridReach(t, n, q("192.168.1.5")), Blocked, BlackholeRoute, "app-a")

	// A longer propagated prefix wins over a shorter static one.
	n = hybridNet()
	n.VPNConnections[0].Routes = []netip.Prefix{pfx("192.168.1.0/24")}
	n.RouteTables[0].Routes = []vpc.Route{{Destination: pfx("192.168.0.0/16"), Target: vpc.ToVPNGateway("vgw-app"), Blackhole: true}}
	wantVerdict(t, hybridReach(t, n, q("192.168.1.5")), Reachable, NoReason, "")
	wantVerdict(t, hybridReach(t, n, q("192.168.2.5")), Blocked, BlackholeRoute, "app-a")

	// A propagated route inside the VPC is not installed: the local route
	// keeps the VPC's addresses.
	n = hybridNet()
	n.VPNConnections[0].Routes = append(n.VPNConnections[0].Routes, pfx("10.0.1.0/24"))
	m := mustCompile(t, n)
	var got []string
	for i := range m.rtbs[0].routes {
		got = append(got, m.routeString(0, i))
	}
	want := []string{
		"rtb-app route 10.0.0.0/16 -> local",
		"rtb-app route 192.168.0.0/16 -> virtual-private-gateway vgw-app (propagated)",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("routes of rtb-app (-want +got):\n%s", d)
	}
}

// TestVGWPathSelection pins how a virtual private gateway chooses among
// the routes it learned for one destination (AWS Site-to-Site VPN User
// Guide, "Route tables and AWS Site-to-Site VPN route priority"): longest
// prefix first, then BGP routes from Direct Connect, then a VPN
// connection's static routes, then routes advertised over a VPN
// connection's BGP.
func TestVGWPathSelection(t *testing.T) {
	base := func() *Network {
		n := withDX(hybridNet(), nil, "192.168.0.0/16")
		n.CustomerGateways = append(n.CustomerGateways, vpc.CustomerGateway{ID: "cgw-dc1-bgp", Network: "dc1"})
		n.VPNConnections = append(n.VPNConnections, vpc.VPNConnection{ID: "vpn-dc1-bgp", CustomerGateway: "cgw-dc1-bgp",
			VPNGateway: "vgw-app", Routes: []netip.Prefix{pfx("192.168.0.0/16")}})
		return n
	}
	down := []vpc.VPNTunnel{{Status: vpc.LinkDown}, {Status: vpc.LinkDown}}
	for _, c := range []struct {
		name string
		edit func(*Network)
		dst  string
		via  string
	}{
		{"Direct Connect first", func(*Network) {}, "192.168.1.5", "vif-dc1"},
		{"then VPN static routes", func(n *Network) { n.VirtualInterfaces[0].BGPStatus = vpc.LinkDown }, "192.168.1.5", "vpn-dc1"},
		{"then VPN BGP routes", func(n *Network) {
			n.VirtualInterfaces[0].BGPStatus = vpc.LinkDown
			n.VPNConnections[0].Routes = nil
		}, "192.168.1.5", "vpn-dc1-bgp"},
		{"a static connection that is down keeps its routes", func(n *Network) {
			n.VirtualInterfaces[0].BGPStatus = vpc.LinkDown
			n.VPNConnections[0].Tunnels = down
		}, "192.168.1.5", "vpn-dc1-bgp"},
		{"longest prefix before all", func(n *Network) { n.VPNConnections[1].Routes = []netip.Prefix{pfx("192.168.1.0/24")} }, "192.168.1.5", "vpn-dc1-bgp"},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := base()
			c.edit(n)
			r := hybridReach(t, n, Query{From: ENI("eni-app"), To: Address(addr(c.dst)), Port: 443})
			wantVerdict(t, r, Reachable, NoReason, "")
			hops := factHopsOf(r.Path, KindVPNGateway)
			if len(hops) != 1 {
				t.Fatalf("want one hop at vgw-app:\n%s", r)
			}
			if !passes(r.Path, c.via) {
				t.Errorf("the path does not pass %s:\n%s", c.via, r)
			}
		})
	}
}

// TestVGWASPathPrepending: among the routes of one prefix that VPN
// connections advertise over BGP, a virtual private gateway prefers the
// shortest AS path (AWS Site-to-Site VPN User Guide, "Route tables and AWS
// Site-to-Site VPN route priority"): prepending its AS number makes a
// connection the backup. At equal AS paths vpcsim takes the connection
// first by ID. The site's own choice is the customer's: vpcsim has it
// prefer the same connection (a customer that prepends sets its local
// preference to match).
func TestVGWASPathPrepending(t *testing.T) {
	net := func(prepends1, prepends2 int) *Network {
		n := hybridNet()
		n.VPNConnections = nil
		n.CustomerGateways = append(n.CustomerGateways, vpc.CustomerGateway{ID: "cgw-dc1-b", Network: "dc1"})
		n.VPNConnections = []vpc.VPNConnection{
			{ID: "vpn-dc1-a", CustomerGateway: "cgw-dc1", VPNGateway: "vgw-app", Routes: []netip.Prefix{pfx("192.168.0.0/16")}, ASPathPrepends: prepends1},
			{ID: "vpn-dc1-b", CustomerGateway: "cgw-dc1-b", VPNGateway: "vgw-app", Routes: []netip.Prefix{pfx("192.168.0.0/16")}, ASPathPrepends: prepends2},
		}
		return n
	}
	for _, c := range []struct {
		name        string
		p1, p2      int
		via, notVia string
	}{
		{"the first connection prepends: the second carries", 2, 0, "vpn-dc1-b", "vpn-dc1-a"},
		{"the second prepends: the first carries", 0, 3, "vpn-dc1-a", "vpn-dc1-b"},
		{"equal AS paths: the first by ID", 1, 1, "vpn-dc1-a", "vpn-dc1-b"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := hybridReach(t, net(c.p1, c.p2), Query{From: ENI("eni-app"), To: Address(addr("192.168.7.9")), Port: 443})
			wantVerdict(t, r, Reachable, NoReason, "")
			if !passes(r.Path, c.via) || passes(r.Path, c.notVia) {
				t.Errorf("want the path through %s, not %s:\n%s", c.via, c.notVia, r)
			}
			// The site prefers the same connection for the reply: the
			// connection it prepends on is its backup too.
			if !passes(r.Reply, c.via) || passes(r.Reply, c.notVia) {
				t.Errorf("want the reply through %s, not %s:\n%s", c.via, c.notVia, r)
			}
		})
	}
	// The backup takes over when the preferred connection is down.
	n := net(0, 2)
	n.VPNConnections[0].Tunnels = []vpc.VPNTunnel{{Status: vpc.LinkDown}, {Status: vpc.LinkDown}}
	r := hybridReach(t, n, Query{From: ENI("eni-app"), To: Address(addr("192.168.7.9")), Port: 443})
	wantVerdict(t, r, Reachable, NoReason, "")
	if !passes(r.Path, "vpn-dc1-b") {
		t.Errorf("want the backup vpn-dc1-b once vpn-dc1-a is down:\n%s", r)
	}
}

// TestValidateASPathPrepends: prepends are BGP's, within an AS path's
// length.
func TestValidateASPathPrepends(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*vpc.VPNConnection)
		want string
	}{
		{"negative", func(v *vpc.VPNConnection) { v.StaticRoutesOnly = false; v.ASPathPrepends = -1 }, "-1: want 0 to 254"},
		{"too many", func(v *vpc.VPNConnection) { v.StaticRoutesOnly = false; v.ASPathPrepends = 255 }, "255: want 0 to 254"},
		{"static connection", func(v *vpc.VPNConnection) { v.ASPathPrepends = 1 }, "a static connection advertises no BGP routes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := hybridNet()
			c.edit(&n.VPNConnections[0])
			_, err := Compile(n)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.ID != "vpn-dc1" || fe.Field != "asPathPrepends" || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Compile: %v; want an error on vpn-dc1 asPathPrepends saying %q", err, c.want)
			}
		})
	}
	n := hybridNet()
	n.VPNConnections[0].StaticRoutesOnly = false
	n.VPNConnections[0].ASPathPrepends = 254
	if _, err := Compile(n); err != nil {
		t.Fatalf("254 prepends: %v", err)
	}
}

// factHopsOf returns the hops of path at components of kind k.
func factHopsOf(path []Hop, k ComponentKind) []Hop {
	var out []Hop
	for _, h := range path {
		if h.Kind == k {
			out = append(out, h)
		}
	}
	return out
}

// TestTunnelState: a VPN connection carries traffic while one of its two
// tunnels is up; with both down it carries nothing, and the routes of a
// BGP connection are withdrawn from the tables they propagated into, while
// a static connection's stay (AWS Site-to-Site VPN User Guide, "Route
// tables and AWS Site-to-Site VPN route priority": tunnel health comes
// before other route attributes).
func TestTunnelState(t *testing.T) {
	out := Query{From: ENI("eni-app"), To: OnPrem("dc1"), Port: 443}
	in := Query{From: OnPrem("dc1"), To: ENI("eni-app"), Port: 443}

	n := hybridNet()
	n.VPNConnections[0].Tunnels = []vpc.VPNTunnel{{Status: vpc.LinkDown}, {Status: vpc.LinkUp}}
	wantVerdict(t, hybridReach(t, n, out), Reachable, NoReason, "")

	n.VPNConnections[0].Tunnels[1].Status = vpc.LinkDown
	wantVerdict(t, hybridReach(t, n, out), Blocked, ConnectionDown, "vgw-app")
	wantVerdict(t, hybridReach(t, n, in), Blocked, ConnectionDown, "dc1")

	// BGP: the route is withdrawn from rtb-app.
	n.VPNConnections[0].StaticRoutesOnly = false
	wantVerdict(t, hybridReach(t, n, out), Blocked, ConnectionDown, "app-a")
}

// TestDirectConnectAllowedPrefixes: for a virtual private gateway
// association, the allowed prefixes filter what the Direct Connect gateway
// advertises to on premises: the VPC's CIDR is advertised when an allowed
// prefix is equal to it or wider, nothing otherwise; without allowed
// prefixes the VPC's CIDR is advertised (AWS Direct Connect User Guide,
// "Allowed prefixes interactions").
func TestDirectConnectAllowedPrefixes(t *testing.T) {
	for _, c := range []struct {
		allowed []netip.Prefix
		want    Reason
	}{
		{nil, NoReason},
		{[]netip.Prefix{pfx("10.0.0.0/16")}, NoReason},
		{[]netip.Prefix{pfx("10.0.0.0/15")}, NoReason},
		{[]netip.Prefix{pfx("10.0.0.0/24")}, NotAdvertised},
		{[]netip.Prefix{pfx("22.0.0.0/24")}, NotAdvertised},
	} {
		n := withDX(hybridNet(), c.allowed, "192.168.0.0/16")
		n.VPNConnections = nil
		r := hybridReach(t, n, Query{From: OnPrem("dc1"), To: ENI("eni-app"), Port: 443})
		if c.want == NoReason {
			wantVerdict(t, r, Reachable, NoReason, "")
			if d := cmp.Diff([]string{"dc1", "vif-dc1", "dxgw-1", "vgw-app", "app-a", "eni-app"}, components(r.Path)); d != "" {
				t.Errorf("allowed %v: request path (-want +got):\n%s", c.allowed, d)
			}
			continue
		}
		wantVerdict(t, r, Blocked, c.want, "dc1")
	}

	// A private virtual interface whose BGP session is down carries nothing.
	n := withDX(hybridNet(), nil, "192.168.0.0/16")
	n.VPNConnections = nil
	n.VirtualInterfaces[0].BGPStatus = vpc.LinkDown
	wantVerdict(t, hybridReach(t, n, Query{From: OnPrem("dc1"), To: ENI("eni-app"), Port: 443}), Blocked, ConnectionDown, "dc1")
	wantVerdict(t, hybridReach(t, n, Query{From: ENI("eni-app"), To: OnPrem("dc1"), Port: 443}), Blocked, ConnectionDown, "app-a")
}

// TestOnPremPrefersDirectConnect: over a VPN connection and a virtual
// interface that both reach the VPC, the data centre sends over Direct
// Connect: vpcsim's on-premises router prefers Direct Connect at equal
// prefix length, as a customer configures it when Direct Connect is the
// primary path (AWS Site-to-Site VPN User Guide, "Route tables and AWS
// Site-to-Site VPN route priority": AWS likewise prefers Direct Connect
// on its side).
func TestOnPremPrefersDirectConnect(t *testing.T) {
	n := withDX(hybridNet(), nil, "192.168.0.0/16")
	r := hybridReach(t, n, Query{From: OnPrem("dc1"), To: ENI("eni-app"), Port: 443})
	wantVerdict(t, r, Reachable, NoReason, "")
	if !passes(r.Path, "vif-dc1") || !passes(r.Reply, "vif-dc1") {
		t.Errorf("want both directions over vif-dc1:\n%s", r)
	}
	n.VirtualInterfaces[0].BGPStatus = vpc.LinkDown
	r = hybridReach(t, n, Query{From: OnPrem("dc1"), To: ENI("eni-app"), Port: 443})
	wantVerdict(t, r, Reachable, NoReason, "")
	if !passes(r.Path, "vpn-dc1") || !passes(r.Reply, "vpn-dc1") {
		t.Errorf("want both directions over vpn-dc1 (Direct Connect down):\n%s", r)
	}
}
