package sim

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/vpc"
)

// Tests of Gateway Load Balancer traffic, each pinning what the AWS page
// it names says:
//
//   - ELB Gateway Load Balancers guide, "What is a Gateway Load Balancer?":
//     a transparent gateway; flows stick to one appliance; GENEVE on port
//     6081; endpoints exchange traffic across VPC boundaries, routed by
//     route tables.
//   - same guide, "Getting started": ingress inspection with a gateway
//     route table, the application subnets' default route to the
//     endpoint, the endpoint subnet's route to the internet gateway; the
//     appliances' security groups must allow UDP 6081.
//   - same guide, "Health checks for your target groups", target failure
//     scenarios: with every target unhealthy, traffic is dropped; cross-
//     zone load balancing is off by default.
//   - AWS PrivateLink guide, "Gateway Load Balancer endpoints": one subnet,
//     one endpoint per zone and service, connections accepted first.
//   - AWS Transit Gateway guide, "Appliance in a shared services VPC":
//     without appliance mode, the two directions of a flow may cross the
//     inspection VPC in different zones, and the stateful appliance drops
//     the flow.

// hopComponents returns the components of hops, in order.
func hopComponents(hops []Hop) []string {
	var out []string
	for _, h := range hops {
		out = append(out, h.Component)
	}
	return out
}

// passesAll reports whether hops name every component of want, in that
// order (others between).
func passesAll(hops []Hop, want ...string) bool {
	got := hopComponents(hops)
	i := 0
	for _, c := range got {
		if i < len(want) && c == want[i] {
			i++
		}
	}
	return i == len(want)
}

func reachOf(t *testing.T, n *Network, q Query) *Result {
	t.Helper()
	m := mustCompile(t, n)
	r, err := m.Reach(q)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestGWLBIngressInspection: internet ingress to a web server goes through
// the endpoint of its zone, the load balancer's node there and the
// appliance of that zone, then to the server; the reply goes back the same
// way (the application subnet's default route to the endpoint), and so do
// the server's own flows to the internet.
func TestGWLBIngressInspection(t *testing.T) {
	n := gwlbIngress()
	in := Query{From: InternetAddress(addr("198.51.100.7")), To: ENI("eni-web-a"), Port: 443}
	r := reachOf(t, n, in)
	if r.Status != Reachable {
		t.Fatalf("internet to eni-web-a: %v\n%s", r.Status, r)
	}
	via := []string{"igw-app", "vpce-a", "gwlb-fw/subnet-gwlb-a", "eni-fw-a", "vpce-a", "eni-web-a"}
	if !passesAll(r.Path, via...) {
		t.Errorf("path %v does not pass %v", hopComponents(r.Path), via)
	}
	if !passesAll(r.Reply, "vpce-a", "gwlb-fw/subnet-gwlb-a", "eni-fw-a", "vpce-a", "igw-app") {
		t.Errorf("reply %v does not return through vpce-a and eni-fw-a", hopComponents(r.Reply))
	}
	// Transparent: the packet keeps its addresses past the appliance; the
	// appliance itself sees GENEVE from the node on UDP 6081.
	for _, h := range r.Path {
		switch {
		case h.Component == "eni-web-a" && h.Packet.Src != addr("198.51.100.7"):
			t.Errorf("eni-web-a sees source %s, want the client's 198.51.100.7", h.Packet.Src)
		case h.Component == "eni-fw-a" && (h.Packet.Protocol != vpc.ProtocolUDP || h.Packet.DstPorts != vpc.Port(6081)):
			t.Errorf("eni-fw-a sees %v %v, want GENEVE on UDP 6081", h.Packet.Protocol, h.Packet.DstPorts)
		}
	}
	out := reachOf(t, n, Query{From: ENI("eni-web-b"), To: InternetAddress(addr("198.51.100.7")), Port: 443})
	if out.Status != Reachable || !passesAll(out.Path, "vpce-b", "gwlb-fw/subnet-gwlb-b", "eni-fw-b", "vpce-b", "igw-app") {
		t.Errorf("eni-web-b to the internet: %v, path %v", out.Status, hopComponents(out.Path))
	}
}

// TestGWLBBlocks: the ways a flow through a Gateway Load Balancer
// endpoint is blocked, each with the component named.
func TestGWLBBlocks(t *testing.T) {
	in := Query{From: InternetAddress(addr("198.51.100.7")), To: ENI("eni-web-a"), Port: 443}
	for _, tc := range []struct {
		name      string
		mutate    func(n *Network)
		want      Verdict
		component string
		says      string
	}{
		{"the appliance's group does not admit GENEVE", func(n *Network) {
			sg := &n.SecurityGroups[len(n.SecurityGroups)-1]
			sg.Ingress = []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.AllPorts, CIDR: pfx("10.10.0.0/16")}}
		}, Verdict{Blocked, SGIngress}, "eni-fw-a", "GENEVE from gwlb-fw/subnet-gwlb-a to appliance eni-fw-a"},
		{"the appliance's subnet ACL drops GENEVE", func(n *Network) {
			n.NetworkACLs = []vpc.NetworkACL{{ID: "acl-fw", VPC: "vpc-sec", Subnets: []string{"subnet-fw-a"},
				Inbound:  []vpc.ACLEntry{{Number: 100, Protocol: vpc.ProtocolTCP, Ports: vpc.AllPorts, CIDR: pfx("0.0.0.0/0"), Action: vpc.Allow}},
				Outbound: []vpc.ACLEntry{{Number: 100, Protocol: vpc.ProtocolAll, CIDR: pfx("0.0.0.0/0"), Action: vpc.Allow}}}}
		}, Verdict{Blocked, NACLInbound}, "subnet-fw-a", "GENEVE"},
		{"every appliance of the zone unhealthy: dropped, not failed open", func(n *Network) {
			n.TargetGroups[0].Targets[0].Health = elb.Unhealthy
		}, Verdict{Blocked, NoHealthyTarget}, "gwlb-fw/subnet-gwlb-a", "target group tg-fw has no healthy target"},
		{"no appliance in the zone, cross-zone off", func(n *Network) {
			n.TargetGroups[0].Targets = n.TargetGroups[0].Targets[1:]
		}, Verdict{Blocked, NoTarget}, "gwlb-fw/subnet-gwlb-a", "cross-zone load balancing is off"},
		{"connection pending acceptance", func(n *Network) {
			n.EndpointServices[0].AcceptanceRequired = nil
		}, Verdict{Blocked, EndpointNotAvailable}, "vpce-a", "pendingAcceptance"},
		{"the endpoint's subnet ACL drops the flow coming back from inspection", func(n *Network) {
			n.NetworkACLs = []vpc.NetworkACL{{ID: "acl-gwlbe", VPC: "vpc-app", Subnets: []string{"subnet-gwlbe-a"},
				Inbound:  []vpc.ACLEntry{{Number: 100, Protocol: vpc.ProtocolAll, CIDR: pfx("0.0.0.0/0"), Action: vpc.Allow}},
				Outbound: []vpc.ACLEntry{{Number: 100, Protocol: vpc.ProtocolTCP, Ports: vpc.Ports(1024, 65535), CIDR: pfx("0.0.0.0/0"), Action: vpc.Allow}}}}
		}, Verdict{Blocked, NACLOutbound}, "subnet-gwlbe-a", ""},
		{"the server's reply bypasses the endpoint", func(n *Network) {
			routeTable(n, "rtb-app-a").Routes[0].Target = vpc.ToInternetGateway("igw-app")
		}, Verdict{ReplyBlocked, AsymmetricRoute}, "eni-fw-a", "bypassed eni-fw-a"},
		{"the reply crosses the other zone's endpoint", func(n *Network) {
			routeTable(n, "rtb-edge").Routes[0].Target = vpc.ToVPCEndpoint("vpce-b")
		}, Verdict{ReplyBlocked, AsymmetricRoute}, "gwlb-fw/subnet-gwlb-a", "but the request passed eni-fw-b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := gwlbIngress()
			tc.mutate(n)
			r := reachOf(t, n, in)
			if got := (Verdict{r.Status, r.Reason}); got != tc.want {
				t.Fatalf("got %v, want %v\n%s", got, tc.want, r)
			}
			if r.Block == nil || r.Block.Component != tc.component || !strings.Contains(r.Block.Rule, tc.says) {
				t.Errorf("block %+v: want component %s saying %q", r.Block, tc.component, tc.says)
			}
			if v := verdictOf(t, n, in); v != tc.want {
				t.Errorf("Verdict: got %v, want %v", v, tc.want)
			}
		})
	}
}

// TestGWLBCrossZone: with cross-zone load balancing on, a node whose zone
// has no healthy appliance sends flows to a healthy one in another zone.
func TestGWLBCrossZone(t *testing.T) {
	n := gwlbIngress()
	n.TargetGroups[0].Targets[0].Health = elb.Unhealthy
	yes := true
	n.LoadBalancers[0].CrossZone = &yes
	r := reachOf(t, n, Query{From: InternetAddress(addr("198.51.100.7")), To: ENI("eni-web-a"), Port: 443})
	if r.Status != Reachable || !passesAll(r.Path, "vpce-a", "gwlb-fw/subnet-gwlb-a", "eni-fw-b", "vpce-a", "eni-web-a") {
		t.Errorf("cross-zone on: %v, path %v", r.Status, hopComponents(r.Path))
	}
}

// TestGWLBCentralInspection: spoke-to-spoke traffic through the
// inspection VPC of a transit gateway. eni-sp1 (us-east-1a) and eni-sp2
// (us-east-1b) are in different zones: without appliance mode the reply
// enters the inspection VPC in us-east-1b and reaches the other zone's
// appliance, which holds no state for the flow; with appliance mode the
// transit gateway keeps the flow's zone and the flow passes.
func TestGWLBCentralInspection(t *testing.T) {
	q := Query{From: ENI("eni-sp1"), To: ENI("eni-sp2"), Port: 443}
	r := reachOf(t, gwlbCentral(false), q)
	if got, want := (Verdict{r.Status, r.Reason}), (Verdict{ReplyBlocked, AsymmetricRoute}); got != want {
		t.Fatalf("without appliance mode: got %v, want %v\n%s", got, want, r)
	}
	if !passesAll(r.Path, "tgw", "vpce-insp-a", "gwlb-fw/insp-fw-a", "eni-fw-a", "vpce-insp-a", "tgw", "eni-sp2") {
		t.Errorf("request path %v", hopComponents(r.Path))
	}
	if r.Block.Component != "gwlb-fw/insp-fw-b" {
		t.Errorf("blocked at %s, want the other zone's node gwlb-fw/insp-fw-b", r.Block.Component)
	}
	r = reachOf(t, gwlbCentral(true), q)
	if r.Status != Reachable {
		t.Fatalf("with appliance mode: %v\n%s", r.Status, r)
	}
	if !passesAll(r.Reply, "tgw", "vpce-insp-a", "gwlb-fw/insp-fw-a", "eni-fw-a", "vpce-insp-a", "tgw", "eni-sp1") {
		t.Errorf("reply path %v", hopComponents(r.Reply))
	}
}

// TestGWLBRouteLoop: an endpoint whose own subnet routes the flow back to
// it loops.
func TestGWLBRouteLoop(t *testing.T) {
	n := gwlbIngress()
	routeTable(n, "rtb-gwlbe").Routes = append(routeTable(n, "rtb-gwlbe").Routes,
		vpc.Route{Destination: pfx("10.0.1.0/24"), Target: vpc.ToVPCEndpoint("vpce-a")})
	if got, want := verdictOf(t, n, Query{From: InternetAddress(addr("198.51.100.7")), To: ENI("eni-web-a"), Port: 443}), (Verdict{Blocked, RouteLoop}); got != want {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestGWLBPartnerService: an endpoint to a service the network does not
// declare passes flows on unchanged.
func TestGWLBPartnerService(t *testing.T) {
	n := gwlbIngress()
	for i := range n.VPCEndpoints {
		n.VPCEndpoints[i].ServiceName = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"
	}
	r := reachOf(t, n, Query{From: InternetAddress(addr("198.51.100.7")), To: ENI("eni-web-a"), Port: 443})
	if r.Status != Reachable || !passesAll(r.Path, "igw-app", "vpce-a", "eni-web-a") || slices.Contains(hopComponents(r.Path), "eni-fw-a") {
		t.Errorf("partner service: %v, path %v", r.Status, hopComponents(r.Path))
	}
}

// TestValidateGWLB: what validation rejects about Gateway Load Balancer
// endpoints and routes to them (AWS PrivateLink guide, "Gateway Load
// Balancer endpoints"; VPC User Guide, "Gateway route tables" and "Route
// to a Gateway Load Balancer endpoint").
func TestValidateGWLB(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(n *Network)
		want   []vtErr
	}{
		{"the fixtures are valid", func(n *Network) {}, nil},
		{"two subnets", func(n *Network) {
			n.VPCEndpoints[0].Subnets = []string{"subnet-gwlbe-a", "subnet-gwlbe-b"}
		}, []vtErr{{"vpc-endpoint", "vpce-a", "subnets", vtInvalid}}},
		{"no subnet", func(n *Network) { n.VPCEndpoints[0].Subnets = nil },
			[]vtErr{{"vpc-endpoint", "vpce-a", "subnets", vtInvalid}}},
		{"two endpoints of the service in one zone", func(n *Network) {
			n.VPCEndpoints[1].Subnets = []string{"subnet-app-a"}
		}, []vtErr{{"vpc-endpoint", "vpce-b", "subnets[0]", vtConflict}}},
		{"security groups", func(n *Network) { n.VPCEndpoints[0].SecurityGroups = []string{"sg-web"} },
			[]vtErr{{"vpc-endpoint", "vpce-a", "securityGroups", vtInvalid}}},
		{"to an AWS service", func(n *Network) {
			n.VPCEndpoints[0].ServiceName = endpoint.AWSServiceName("us-east-1", "s3")
		}, []vtErr{{"vpc-endpoint", "vpce-a", "serviceName", vtInvalid}}},
		{"to a service fronted by network load balancers", func(n *Network) {
			n.LoadBalancers = append(n.LoadBalancers, elb.LoadBalancer{ID: "nlb-x", Type: elb.Network, Scheme: elb.Internal, VPC: "vpc-sec",
				Subnets: []elb.SubnetMapping{{Subnet: "subnet-fw-a"}}})
			n.EndpointServices[0].GatewayLoadBalancers = nil
			n.EndpointServices[0].NetworkLoadBalancers = []string{"nlb-x"}
		}, []vtErr{{"vpc-endpoint", "vpce-a", "serviceName", vtInvalid}, {"vpc-endpoint", "vpce-b", "serviceName", vtInvalid}}},
		{"an account the service does not allow", func(n *Network) {
			n.VPCs[0].Account = "111111111111"
			n.VPCs[1].Account = "222222222222"
		}, []vtErr{{"vpc-endpoint", "vpce-a", "serviceName", vtInvalid}, {"vpc-endpoint", "vpce-b", "serviceName", vtInvalid}}},
		{"a gateway route table to an interface endpoint", func(n *Network) {
			n.VPCEndpoints[0].Type = endpoint.Interface
		}, nil}, // reported below, on many fields: only checked not to pass
		{"a gateway route table to a gwlb endpoint for a part of a subnet", func(n *Network) {
			routeTable(n, "rtb-edge").Routes[0].Destination = pfx("10.0.1.0/25")
		}, []vtErr{{"route-table", "rtb-edge", "routes[0].destination", vtInvalid}}},
		{"a subnet route more specific than local to a gwlb endpoint", func(n *Network) {
			routeTable(n, "rtb-app-b").Routes = append(routeTable(n, "rtb-app-b").Routes,
				vpc.Route{Destination: pfx("10.0.1.0/24"), Target: vpc.ToVPCEndpoint("vpce-b")})
		}, nil},
		{"the local route replaced by a gwlb endpoint", func(n *Network) {
			routeTable(n, "rtb-app-b").Routes = append(routeTable(n, "rtb-app-b").Routes,
				vpc.Route{Destination: pfx("10.0.0.0/16"), Target: vpc.ToVPCEndpoint("vpce-b")})
		}, nil},
		{"a gwlb endpoint of another vpc", func(n *Network) {
			n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-sec", VPC: "vpc-sec", Subnets: []string{"subnet-fw-b"},
				Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToVPCEndpoint("vpce-a")}}})
		}, []vtErr{{"route-table", "rtb-sec", "routes[0].target.id", vtWrongVPC}}},
		{"a GENEVE target group on another port", func(n *Network) { n.TargetGroups[0].Port = 6080 },
			[]vtErr{{"target-group", "tg-fw", "port", vtInvalid}}},
		{"security groups on the gateway load balancer", func(n *Network) { n.LoadBalancers[0].SecurityGroups = []string{"sg-fw"} },
			[]vtErr{{"load-balancer", "gwlb-fw", "securityGroups", vtInvalid}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := gwlbIngress()
			tc.mutate(n)
			got := vtErrs(t, n.Validate())
			if tc.name == "a gateway route table to an interface endpoint" {
				if !slices.ContainsFunc(got, func(e vtErr) bool { return e.ID == "rtb-edge" && e.Field == "routes[0].target.kind" }) {
					t.Errorf("rtb-edge's route to an interface endpoint passed: %v", got)
				}
				return
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Validate() errors (-want +got):\n%s", d)
			}
		})
	}
	if err := gwlbCentral(true).Validate(); err != nil {
		t.Errorf("the central inspection fixture: %v", err)
	}
}

// TestGWLBJSONRoundTrip: the inspection fixtures survive JSON and answer
// the same.
func TestGWLBJSONRoundTrip(t *testing.T) {
	for name, n := range map[string]*Network{"ingress": gwlbIngress(), "central": gwlbCentral(true)} {
		b, err := json.Marshal(n)
		if err != nil {
			t.Fatal(err)
		}
		var back Network
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := cmp.Diff(n, &back, cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}), cmpopts.EquateEmpty()); d != "" {
			t.Errorf("%s: round trip (-want +got):\n%s", name, d)
		}
	}
}

// TestGWLBAccessAndPictures: the access analyses see through the
// inspection (the internet reaches the web servers on 443 only, and what
// the appliances' own rules say about GENEVE does not leak into the
// answer), and the pictures draw the endpoint, the load balancer and the
// appliances on the highlighted path.
func TestGWLBAccessAndPictures(t *testing.T) {
	m := mustCompile(t, gwlbIngress())
	open, err := m.OpenPorts(Query{From: InternetAddress(addr("198.51.100.7")), To: ENI("eni-web-a")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range open {
		got = append(got, o.String())
	}
	if d := cmp.Diff([]string{"tcp 443"}, got); d != "" {
		t.Errorf("OpenPorts from the internet (-want +got):\n%s", d)
	}
	who, err := m.WhoCanReach(Query{To: ENI("eni-web-a"), Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(who, func(r Reacher) bool { return r.Internet }) {
		t.Errorf("WhoCanReach eni-web-a:443 leaves the internet out: %+v", who)
	}
	exp, err := m.Exposure()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(exp, func(e Exposed) bool { return slices.Contains(e.ENIs, "eni-web-a") }) {
		t.Errorf("Exposure leaves eni-web-a out: %+v", exp)
	}
	r, err := m.Reach(Query{From: InternetAddress(addr("198.51.100.7")), To: ENI("eni-web-a"), Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	dot, err := m.DOT(r)
	if err != nil {
		t.Fatal(err)
	}
	mer := m.Mermaid(r)
	for _, id := range []string{"vpce-a", "gwlb-fw", "eni-fw-a", "vpce-svc-0f1e2d3c"} {
		if !strings.Contains(string(dot), id) || !strings.Contains(mer, id) {
			t.Errorf("the pictures leave %s out", id)
		}
	}
}

// TestGWLBLints: the fixture has no Gateway Load Balancer finding; an
// appliance group without UDP 6081 and an unhealthy zone each have one.
func TestGWLBLints(t *testing.T) {
	gwlbFindings := func(n *Network) []string {
		var out []string
		for _, f := range mustCompile(t, n).Lint() {
			if strings.HasPrefix(f.ID, "gwlb-") || strings.HasPrefix(f.ID, "endpoint-") {
				out = append(out, f.ID+" "+f.Resource+" "+f.Field)
			}
		}
		return out
	}
	if got := gwlbFindings(gwlbIngress()); len(got) != 0 {
		t.Errorf("the fixture: %v", got)
	}
	n := gwlbIngress()
	n.SecurityGroups[len(n.SecurityGroups)-1].Ingress[0].Protocol = vpc.ProtocolTCP
	if d := cmp.Diff([]string{"gwlb-appliance-unreachable tg-fw target eni-fw-a", "gwlb-appliance-unreachable tg-fw target eni-fw-b"}, gwlbFindings(n)); d != "" {
		t.Errorf("appliances without GENEVE (-want +got):\n%s", d)
	}
	n = gwlbIngress()
	n.LoadBalancers[0].Subnets = n.LoadBalancers[0].Subnets[:1]
	if d := cmp.Diff([]string{"endpoint-zone-unserved vpce-b subnet subnet-gwlbe-b"}, gwlbFindings(n)); d != "" {
		t.Errorf("a zone the load balancer does not serve (-want +got):\n%s", d)
	}
	n = gwlbIngress()
	n.TargetGroups[0].Targets[0].Health = elb.Unhealthy
	if d := cmp.Diff([]string{"gwlb-no-healthy-appliance gwlb-fw node gwlb-fw/subnet-gwlb-a"}, gwlbFindings(n)); d != "" {
		t.Errorf("an unhealthy zone (-want +got):\n%s", d)
	}
}

// TestGWLBFailures: a failed node leaves its zone's endpoint nowhere to
// send flows (the zone stays enabled, but the endpoint connects to its own
// zone's node only); a zone failure leaves the other zone's path whole.
func TestGWLBFailures(t *testing.T) {
	in := func(to string) Query {
		return Query{From: InternetAddress(addr("198.51.100.7")), To: ENI(to), Port: 443}
	}
	m, err := CompileWithout(gwlbIngress(), ComponentFailure("gwlb-fw/subnet-gwlb-a"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		to   string
		want Verdict
	}{{"eni-web-a", Verdict{Blocked, AZMismatch}}, {"eni-web-b", Verdict{Reachable, NoReason}}} {
		if got, _ := m.Verdict(in(c.to)); got != c.want {
			t.Errorf("node of us-east-1a failed, to %s: got %v, want %v", c.to, got, c.want)
		}
	}
	m, err = CompileWithout(gwlbIngress(), ZoneFailure("us-east-1a"))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := m.Verdict(in("eni-web-b")); got != (Verdict{Reachable, NoReason}) {
		t.Errorf("us-east-1a failed, to eni-web-b: got %v", got)
	}
}

// gwlbIngress6 is gwlbIngress with IPv6: both VPCs and their subnets
// dualstack, eni-web-a with an IPv6 address that sg-web admits, the
// routes of IPv6 traffic beside the IPv4 ones, and the endpoints and the
// load balancer of the IP address types given.
func gwlbIngress6(vpceType endpoint.IPAddressType, lbType elb.IPAddressType) *Network {
	n := gwlbIngress()
	n.VPCs[0].IPv6CIDR = pfx("2600:1f18:a::/56")
	n.VPCs[1].IPv6CIDR = pfx("2600:1f18:b::/56")
	for i := range n.Subnets {
		s := &n.Subnets[i]
		base := "2600:1f18:a:"
		if s.VPC == "vpc-sec" {
			base = "2600:1f18:b:"
		}
		s.IPv6CIDR = pfx(fmt.Sprintf("%s%d0::/64", base, i+1))
	}
	n.NetworkInterfaces[0].IPv6Addrs = []netip.Addr{addr("2600:1f18:a:20::10")} // subnet-app-a is the second subnet
	n.SecurityGroups[0].Ingress = append(n.SecurityGroups[0].Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("::/0")})
	for i := range n.RouteTables {
		rt := &n.RouteTables[i]
		switch rt.ID {
		case "rtb-edge":
			rt.Routes = append(rt.Routes, vpc.Route{Destination: pfx("2600:1f18:a:20::/64"), Target: vpc.ToVPCEndpoint("vpce-a")})
		case "rtb-app-a":
			rt.Routes = append(rt.Routes, vpc.Route{Destination: pfx("::/0"), Target: vpc.ToVPCEndpoint("vpce-a")})
		case "rtb-gwlbe":
			rt.Routes = append(rt.Routes, vpc.Route{Destination: pfx("::/0"), Target: vpc.ToInternetGateway("igw-app")})
		}
	}
	for i := range n.VPCEndpoints {
		n.VPCEndpoints[i].IPAddressType = vpceType
	}
	n.LoadBalancers[0].IPAddressType = lbType
	return n
}

// TestGWLBIPv6: IPv6 traffic passes a Gateway Load Balancer endpoint only
// when the endpoint and its load balancer are dualstack (ELB Gateway Load
// Balancers guide, "IP address type": ipv4 supports IPv4 only, dualstack
// both, the appliances receiving IPv6 traffic in IPv4 GENEVE).
func TestGWLBIPv6(t *testing.T) {
	in := Query{From: InternetAddress(addr("2001:db8::7")), To: ENIAddr("eni-web-a", addr("2600:1f18:a:20::10")), Port: 443, IPv6: true}
	for _, tc := range []struct {
		name     string
		vpceType endpoint.IPAddressType
		lbType   elb.IPAddressType
		want     Status
		rule     string
	}{
		{"dualstack", endpoint.DualStack, elb.DualStack, Reachable, ""},
		{"ipv4 endpoint", endpoint.IPv4, elb.DualStack, Blocked, "vpce-a is an IPv4 endpoint"},
		{"ipv4 load balancer", endpoint.DualStack, elb.IPv4, Blocked, "gwlb-fw, behind endpoint service vpce-svc-0f1e2d3c, takes IPv4 only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := reachOf(t, gwlbIngress6(tc.vpceType, tc.lbType), in)
			if r.Status != tc.want {
				t.Fatalf("%v, want %v\n%s", r.Status, tc.want, r)
			}
			if tc.want == Reachable {
				if !passesAll(r.Path, "igw-app", "vpce-a", "gwlb-fw/subnet-gwlb-a", "eni-fw-a", "vpce-a", "eni-web-a") {
					t.Errorf("path %v does not pass the appliance", hopComponents(r.Path))
				}
				for _, h := range r.Path {
					if h.Component == "eni-fw-a" && !h.Packet.Dst.Is4() {
						t.Errorf("eni-fw-a sees %v: want the IPv4 GENEVE exchange", h.Packet)
					}
				}
				return
			}
			if r.Reason != EndpointProtocol || r.Block.Component != "vpce-a" || !strings.Contains(r.Block.Rule, tc.rule) {
				t.Errorf("blocked %v at %s: %s; want ENDPOINT_PROTOCOL at vpce-a: %s", r.Reason, r.Block.Component, r.Block.Rule, tc.rule)
			}
		})
	}
	// IPv4 keeps passing an IPv4 endpoint.
	r := reachOf(t, gwlbIngress6(endpoint.IPv4, elb.IPv4), Query{From: InternetAddress(addr("198.51.100.7")), To: ENI("eni-web-a"), Port: 443})
	if r.Status != Reachable {
		t.Errorf("IPv4 through IPv4 endpoints: %v\n%s", r.Status, r)
	}
}
