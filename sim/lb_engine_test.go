package sim

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/vpc"
)

func mustReach(t *testing.T, m *Model, q Query) *Result {
	t.Helper()
	r, err := m.Reach(q)
	if err != nil {
		t.Fatalf("Reach(%v): %v", q, err)
	}
	return r
}

// legSource returns the source address the target saw on branch i's leg.
func legSource(t *testing.T, r *Result, i int) netip.Addr {
	t.Helper()
	if r.Proxy == nil || len(r.Proxy.Branches) <= i || r.Proxy.Branches[i].Leg == nil || len(r.Proxy.Branches[i].Leg.Path) == 0 {
		t.Fatalf("no leg %d:\n%s", i, r)
	}
	leg := r.Proxy.Branches[i].Leg
	return leg.Path[len(leg.Path)-1].Packet.Src
}

// TestLBTargetsInDisabledZones: a target registered in an Availability
// Zone the load balancer does not enable receives no traffic, cross-zone
// load balancing or not (Elastic Load Balancing user guide, "How Elastic
// Load Balancing works", Availability Zones and load balancer nodes: "If
// you register targets in an Availability Zone but do not enable the
// Availability Zone, these registered targets do not receive traffic").
func TestLBTargetsInDisabledZones(t *testing.T) {
	n := withALB()
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-app-c", VPC: "vpc-main", AvailabilityZone: "us-east-1c", CIDR: pfx("10.0.12.0/24")})
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-app-c", Subnet: "subnet-app-c", SecurityGroups: []string{"sg-app"}})
	n.TargetGroups[0].Targets = append(n.TargetGroups[0].Targets, elb.Target{ID: "eni-app-c"})
	m := mustCompile(t, n)
	r := mustReach(t, m, Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443, Request: &HTTPRequest{Path: "/api/x"}})
	if d := cmp.Diff([]string{"tg-api:eni-app-a reachable", "tg-api:eni-app-b reachable"}, branchTargets(r)); d != "" {
		t.Errorf("branches (-want +got):\n%s\n%s", d, r)
	}
	// Only targets in the disabled zone: none to route to.
	n.TargetGroups[0].Targets = []elb.Target{{ID: "eni-app-c"}}
	m = mustCompile(t, n)
	r = mustReach(t, m, Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443, Request: &HTTPRequest{Path: "/api/x"}})
	if r.Status != Blocked || r.Reason != NoTarget || !strings.Contains(r.Block.Rule, "zone alb-web enables") {
		t.Errorf("%v (%v), want NO_TARGET naming the zones\n%s", r.Status, r.Reason, r)
	}
}

// TestLBFailOpenOnlyUnhealthy: when no target is healthy, a load balancer
// routes to its unhealthy targets (ALB guide, "Health checks for
// Application Load Balancer target groups"); targets still initial,
// draining or unused are not in service and receive no new requests
// (API reference, TargetHealth: "initial", "draining", "unused").
func TestLBFailOpenOnlyUnhealthy(t *testing.T) {
	n := withALB()
	n.TargetGroups[0].Targets[0].Health = elb.Unhealthy
	n.TargetGroups[0].Targets[1].Health = elb.Draining
	m := mustCompile(t, n)
	q := Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443, Request: &HTTPRequest{Path: "/api/x"}}
	r := mustReach(t, m, q)
	if d := cmp.Diff([]string{"tg-api:eni-app-a reachable"}, branchTargets(r)); d != "" || !r.Proxy.Branches[0].FailOpen {
		t.Errorf("fail-open to the unhealthy target only (-want +got):\n%s\n%s", d, r)
	}
	n.TargetGroups[0].Targets[0].Health = elb.Initial
	m = mustCompile(t, n)
	if v, _ := m.Verdict(q); v != (Verdict{Blocked, NoTarget}) {
		t.Errorf("initial and draining targets only: %v, want NO_TARGET", v)
	}
}

// TestLBDNSAllZonesUnhealthy: when no zone has a healthy target, the load
// balancer's DNS name answers with every node, and the node the client
// reaches fails open (NLB guide, "Health checks for Network Load Balancer
// target groups"; Elastic Load Balancing, "Target group health").
func TestLBDNSAllZonesUnhealthy(t *testing.T) {
	n := withNLB(false)
	n.SecurityGroups[1].Egress = append(n.SecurityGroups[1].Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), CIDR: pfx("10.0.0.0/16")})
	n.TargetGroups[0].Targets[0].Health = elb.Unhealthy
	m := mustCompile(t, n)
	r := mustReach(t, m, Query{From: ENI("eni-app-b"), To: LoadBalancer("nlb-db"), Port: 5432})
	if got := r.Path[len(r.Path)-1].Component; got != "nlb-db/subnet-app-b" {
		t.Errorf("the client in zone b reaches %s, want its own zone's node (every zone unhealthy: DNS answers with all)\n%s", got, r)
	}
	if r.Status != Blocked || r.Reason != NoTarget {
		t.Errorf("node b without a target in its zone: %v (%v), want NO_TARGET\n%s", r.Status, r.Reason, r)
	}
	r = mustReach(t, m, Query{From: ENI("eni-app-a"), To: LoadBalancer("nlb-db"), Port: 5432})
	if !r.Allowed() || !r.Proxy.Branches[0].FailOpen {
		t.Errorf("node a fails open to its unhealthy target: %v\n%s", r.Status, r)
	}
}

// withDualStackALB returns withDualStack with the ALB dualstack, IPv6
// routes to the internet gateway and the ALB's group open to ::/0 on 443.
func withDualStackALB() *Network {
	n := withDualStack()
	n.LoadBalancers[0].IPAddressType = elb.DualStack
	n.RouteTables[0].Routes = append(n.RouteTables[0].Routes, vpc.Route{Destination: pfx("::/0"), Target: vpc.ToInternetGateway("igw-main")})
	n.SecurityGroups[0].Ingress = append(n.SecurityGroups[0].Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("::/0")})
	return n
}

// TestLBDualStack: a dualstack load balancer's nodes have an IPv6 address
// of their subnet; IPv6 clients reach them, and the load balancer reaches
// IPv4 targets from the node's IPv4 address (ALB guide, "IP address
// types for your Application Load Balancer"). Without a public IPv4
// address (dualstack-without-public-ipv4) the internet reaches it over
// IPv6 only; an internal load balancer takes no internet traffic in
// either family (Elastic Load Balancing: internal load balancers route
// requests only from clients with access to the VPC).
func TestLBDualStack(t *testing.T) {
	n := withDualStackALB()
	m := mustCompile(t, n)
	node, ok := m.Interface("alb-web/subnet-pub-a")
	if !ok || len(node.IPv6Addrs) != 1 || !pfx("2600:1f18:1:100::/64").Contains(node.IPv6Addrs[0]) {
		t.Fatalf("node alb-web/subnet-pub-a: %+v, want an IPv6 address of its subnet", node)
	}
	q := Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443, IPv6: true, Request: &HTTPRequest{Path: "/api/x"}}
	r := mustReach(t, m, q)
	if !r.Allowed() {
		t.Fatalf("IPv6 client: %v (%v)\n%s", r.Status, r.Reason, r)
	}
	if src := legSource(t, r, 0); !src.Is4() || !pfx("10.0.0.0/24").Contains(src) {
		t.Errorf("the IPv4 target sees %s, want the node's IPv4 address\n%s", src, r)
	}

	n.LoadBalancers[0].IPAddressType = elb.DualStackWithoutPublicIPv4
	m = mustCompile(t, n)
	if v, _ := m.Verdict(Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443}); v != (Verdict{Blocked, NoPublicIP}) {
		t.Errorf("dualstack-without-public-ipv4 over IPv4: %v, want NO_PUBLIC_IP", v)
	}
	if v, _ := m.Verdict(q); !v.Allowed() {
		t.Errorf("dualstack-without-public-ipv4 over IPv6: %v, want reachable", v)
	}

	n.LoadBalancers[0].Scheme = elb.Internal
	n.LoadBalancers[0].IPAddressType = elb.DualStack
	m = mustCompile(t, n)
	if v, _ := m.Verdict(q); v != (Verdict{Blocked, NoPublicIP}) {
		t.Errorf("internal dualstack load balancer from the IPv6 internet: %v, want NO_PUBLIC_IP", v)
	}
}

// TestNLBIPv6ClientIPv4Target: a Network Load Balancer preserving client
// addresses passes an IPv4 client's address to an IPv4 target, but an
// IPv6 client's flow to an IPv4 target is translated: the target sees
// the node's address (NLB guide, "Edit target group attributes", client
// IP preservation: not supported when traffic is translated from IPv6 to
// IPv4).
func TestNLBIPv6ClientIPv4Target(t *testing.T) {
	n := withDualStack()
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-nlb", VPC: "vpc-main",
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), CIDR: pfx("::/0")}, {Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), CIDR: pfx("0.0.0.0/0")}},
		Egress:  []vpc.SGRule{vpc.AllowAllEgress()}})
	n.SecurityGroups[1].Ingress = append(n.SecurityGroups[1].Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), Group: "sg-nlb"})
	n.RouteTables[0].Routes = append(n.RouteTables[0].Routes, vpc.Route{Destination: pfx("::/0"), Target: vpc.ToInternetGateway("igw-main")})
	n.LoadBalancers = []elb.LoadBalancer{{ID: "nlb-web", Type: elb.Network, VPC: "vpc-main", IPAddressType: elb.DualStack, SecurityGroups: []string{"sg-nlb"},
		CrossZone: ptrTo(true), Subnets: []elb.SubnetMapping{{Subnet: "subnet-pub-a"}, {Subnet: "subnet-pub-b"}}}}
	n.TargetGroups = []elb.TargetGroup{{ID: "tg-web", Protocol: elb.TCP, Port: 8080, VPC: "vpc-main", Targets: []elb.Target{{ID: "eni-app-a"}}}}
	n.Listeners = []elb.Listener{{ID: "lis-web", LoadBalancer: "nlb-web", Protocol: elb.TCP, Port: 8080, Default: elb.ForwardTo("tg-web")}}
	m := mustCompile(t, n)

	client4 := addr("198.51.100.7")
	r := mustReach(t, m, Query{From: InternetAddress(client4), To: LoadBalancer("nlb-web"), Port: 8080})
	if !r.Allowed() || legSource(t, r, 0) != client4 {
		t.Errorf("IPv4 client: %v, the target sees %s, want %s\n%s", r.Status, legSource(t, r, 0), client4, r)
	}
	client6 := addr("2001:db8:ffff::7")
	r = mustReach(t, m, Query{From: InternetAddress(client6), To: LoadBalancer("nlb-web"), Port: 8080, IPv6: true})
	if !r.Allowed() {
		t.Fatalf("IPv6 client: %v (%v)\n%s", r.Status, r.Reason, r)
	}
	if src := legSource(t, r, 0); !src.Is4() || !pfx("10.0.0.0/24").Contains(src) && !pfx("10.0.1.0/24").Contains(src) {
		t.Errorf("IPv6 client: the IPv4 target sees %s, want the node's IPv4 address\n%s", src, r)
	}
}

func ptrTo[T any](v T) *T { return &v }

// TestLBLegProtocol: a TCP_UDP listener forwards UDP as UDP (NLB guide,
// "Listeners for your Network Load Balancers": a TCP_UDP listener takes
// both protocols on its port); a TLS listener passes TCP to its targets.
func TestLBLegProtocol(t *testing.T) {
	n := withNLB(false)
	n.NetworkACLs = nil
	n.SecurityGroups[3].Ingress = []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: pfx("10.0.0.0/16")}}
	n.SecurityGroups[2].Ingress = append(n.SecurityGroups[2].Ingress, vpc.SGRule{Protocol: vpc.ProtocolUDP, Ports: vpc.Port(5432), Group: "sg-nlb"})
	n.SecurityGroups[1].Egress = append(n.SecurityGroups[1].Egress, vpc.AllowAllEgress())
	n.SecurityGroups[3].Egress = []vpc.SGRule{vpc.AllowAllEgress()}
	n.TargetGroups[0].Protocol, n.TargetGroups[0].PreserveClientIP = elb.TCPUDP, nil
	n.TargetGroups[0].CrossZone = ptrTo(true)
	n.Listeners[0].Protocol = elb.TCPUDP
	m := mustCompile(t, n)
	for _, p := range []vpc.Protocol{vpc.ProtocolTCP, vpc.ProtocolUDP} {
		r := mustReach(t, m, Query{From: ENI("eni-app-a"), To: LoadBalancer("nlb-db"), Port: 5432, Protocol: p})
		if !r.Allowed() {
			t.Fatalf("%s: %v (%v)\n%s", p, r.Status, r.Reason, r)
		}
		leg := r.Proxy.Branches[0].Leg
		if got := leg.Path[0].Packet.Protocol; got != p || leg.Query.Protocol != p {
			t.Errorf("%s flow: the leg carries %s\n%s", p, got, r)
		}
	}
	n.Listeners[0].Protocol, n.TargetGroups[0].Protocol = elb.TLS, elb.TCP
	m = mustCompile(t, n)
	if v, _ := m.Verdict(Query{From: ENI("eni-app-a"), To: LoadBalancer("nlb-db"), Port: 5432}); !v.Allowed() {
		t.Errorf("TLS listener to a TCP group: %v", v)
	}
}

// TestNLBHairpin: with client IP preservation, a target that connects to
// its own Network Load Balancer and is chosen as the target fails (NLB
// guide, "Edit target group attributes": hairpinning, or NAT loopback,
// is not supported when client IP preservation is on); without it, the
// target sees the node's address and the connection works.
func TestNLBHairpin(t *testing.T) {
	for _, cip := range []bool{true, false} {
		n := withNLB(cip)
		// The database also runs a client: it asks its own load balancer.
		n.SecurityGroups[2].Egress = []vpc.SGRule{vpc.AllowAllEgress()}
		n.SecurityGroups[1].Egress = append(n.SecurityGroups[1].Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), CIDR: pfx("10.0.0.0/16")})
		n.SecurityGroups[3].Ingress = []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), CIDR: pfx("10.0.0.0/16")}}
		n.TargetGroups[0].CrossZone = ptrTo(true)
		m := mustCompile(t, n)
		r := mustReach(t, m, Query{From: ENI("eni-db-a"), To: LoadBalancer("nlb-db"), Port: 5432})
		want := Verdict{Reachable, NoReason}
		if cip {
			want = Verdict{Blocked, Hairpin}
		}
		if got := (Verdict{r.Status, r.Reason}); got != want {
			t.Errorf("client IP preservation %v: %v, want %v\n%s", cip, got, want, r)
		}
	}
}

// TestLBWeightedEmptyGroup: a forward to weighted target groups does not
// fail over: a group without target keeps its share of the requests,
// which fail, so the answer is partial (ALB guide, "Action types for
// listener rules", forward actions; API reference, TargetGroupTuple);
// with weight 0 it gets none.
func TestLBWeightedEmptyGroup(t *testing.T) {
	n := withALB()
	n.TargetGroups = append(n.TargetGroups, elb.TargetGroup{ID: "tg-canary", Protocol: elb.HTTP, Port: 8080, VPC: "vpc-main"})
	n.Listeners[0].Default = elb.ForwardWeighted(elb.WeightedTargetGroup{TargetGroup: "tg-web", Weight: 90}, elb.WeightedTargetGroup{TargetGroup: "tg-canary", Weight: 10})
	m := mustCompile(t, n)
	r := mustReach(t, m, Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443})
	if r.Status != Partial || r.Reason != NoTarget || len(r.Proxy.Branches) != 2 {
		t.Fatalf("%v (%v), want partial NO_TARGET with two branches\n%s", r.Status, r.Reason, r)
	}
	b := r.Proxy.Branches[1]
	if b.TargetGroup != "tg-canary" || b.Target != "" || b.Share != 100 || b.Block == nil || b.Block.Reason != NoTarget || b.Leg != nil {
		t.Errorf("canary branch %+v, want no target with share 100 and a NO_TARGET block\n%s", b, r)
	}
	n.Listeners[0].Default.Forward[1].Weight = 0
	m = mustCompile(t, n)
	if v, _ := m.Verdict(Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443}); !v.Allowed() {
		t.Errorf("canary at weight 0: %v, want reachable", v)
	}
}

// TestLBRedirect: a redirect answers the request itself; the answer names
// its location, with the request's host, path and query where the
// redirect keeps them, and, when the location is the load balancer
// itself, the listener that takes it (ALB guide, "Action types for
// listener rules", redirect actions and their #{...} keywords).
func TestLBRedirect(t *testing.T) {
	n := withALB()
	n.SecurityGroups[0].Ingress = append(n.SecurityGroups[0].Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(80), CIDR: pfx("0.0.0.0/0")})
	n.Listeners = append(n.Listeners, elb.Listener{ID: "lis-http", LoadBalancer: "alb-web", Protocol: elb.HTTP, Port: 80,
		Default: elb.RedirectTo(elb.Redirect{Protocol: "HTTPS", Port: "443", StatusCode: elb.Permanent})})
	m := mustCompile(t, n)
	q := Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 80, Request: &HTTPRequest{Host: "shop.example.com", Path: "/cart", Query: "x=1"}}
	r := mustReach(t, m, q)
	if r.Status != Blocked || r.Reason != Redirect || r.Proxy == nil {
		t.Fatalf("%v (%v), want REDIRECT\n%s", r.Status, r.Reason, r)
	}
	if want := "301 https://shop.example.com:443/cart?x=1"; r.Proxy.Answer != want {
		t.Errorf("answer %q, want %q", r.Proxy.Answer, want)
	}
	if !strings.Contains(r.Block.Rule, "listener lis-https takes it") {
		t.Errorf("the block does not name the listener that takes the redirect: %s", r.Block.Rule)
	}
	// Redirecting to a port without listener leads nowhere.
	n.Listeners[1].Default.Redirect.Port = "8443"
	m = mustCompile(t, n)
	r = mustReach(t, m, q)
	if !strings.Contains(r.Block.Rule, "no listener on port 8443") {
		t.Errorf("redirect to 8443: %s", r.Block.Rule)
	}
	// A fixed response answers with its status.
	r = mustReach(t, m, Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443, Request: &HTTPRequest{Host: "admin.example.com"}})
	if r.Reason != FixedResponse || r.Proxy.Answer != "403" {
		t.Errorf("fixed response: %v, answer %q", r.Reason, r.Proxy.Answer)
	}
}

// TestALBSourceIPNotForwardedFor: a source-ip condition matches the
// address the connection comes from, not the X-Forwarded-For header the
// request carries (ALB guide, "Condition types for listener rules",
// source IP address conditions: "If a client is behind a proxy, this is
// the IP address of the proxy, not the IP address of the client").
func TestALBSourceIPNotForwardedFor(t *testing.T) {
	n := withALB()
	n.Listeners[0].Rules = append(n.Listeners[0].Rules, elb.Rule{Priority: 1, Conditions: []elb.Condition{elb.SourceIP(pfx("203.0.113.0/24"))},
		Action: elb.Respond(403, "text/plain", "blocked")})
	m := mustCompile(t, n)
	spoof := &HTTPRequest{Header: map[string][]string{"X-Forwarded-For": {"203.0.113.9"}}}
	if v, _ := m.Verdict(Query{From: InternetAddress(addr("198.51.100.7")), To: LoadBalancer("alb-web"), Port: 443, Request: spoof}); !v.Allowed() {
		t.Errorf("X-Forwarded-For in the blocked range: %v, want reachable (the header is not the source)", v)
	}
	if v, _ := m.Verdict(Query{From: InternetAddress(addr("203.0.113.9")), To: LoadBalancer("alb-web"), Port: 443}); v != (Verdict{Blocked, FixedResponse}) {
		t.Errorf("from the blocked range: %v, want FIXED_RESPONSE", v)
	}
	// Free internet source: some address outside the range is found.
	if v, _ := m.Verdict(Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443}); !v.Allowed() {
		t.Errorf("any internet client: %v, want reachable", v)
	}
}

// TestLBOpenPorts: OpenPorts to a load balancer reports its listener
// ports, where the flow goes on to targets, however wide the security
// group opens (the search splits ports at the listeners').
func TestLBOpenPorts(t *testing.T) {
	n := withALB()
	n.SecurityGroups[0].Ingress = []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.AllPorts, CIDR: pfx("0.0.0.0/0")}}
	m := mustCompile(t, n)
	open, err := m.OpenPorts(Query{From: Internet(), To: LoadBalancer("alb-web")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range open {
		got = append(got, o.String())
	}
	if d := cmp.Diff([]string{"tcp 443"}, got); d != "" {
		t.Errorf("open (-want +got):\n%s", d)
	}
	if w := open[0].Witness; w == nil || w.Proxy == nil || !w.Allowed() {
		t.Errorf("witness without its proxy: %v", w)
	}
}

// TestNLBToALBChain: a Network Load Balancer's alb target receives the
// client's address (NLB guide, "Use an Application Load Balancer as a
// target of a Network Load Balancer"), so the ALB's source-ip rules see
// the client, and its group may admit the NLB's group.
func TestNLBToALBChain(t *testing.T) {
	n := withBoth()
	n.LoadBalancers[1].Scheme = elb.InternetFacing
	n.LoadBalancers[1].Subnets = []elb.SubnetMapping{{Subnet: "subnet-pub-a"}, {Subnet: "subnet-pub-b"}}
	n.SecurityGroups[3].Ingress = []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("0.0.0.0/0")}}
	n.SecurityGroups[3].Egress = []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("10.0.0.0/16")}}
	n.SecurityGroups[0].Ingress = []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), Group: "sg-nlb"}}
	n.TargetGroups = append(n.TargetGroups, elb.TargetGroup{ID: "tg-alb", TargetType: elb.ALBTarget, Protocol: elb.TCP, Port: 443, VPC: "vpc-main",
		Targets: []elb.Target{{ID: "alb-web"}}})
	n.Listeners = append(n.Listeners, elb.Listener{ID: "lis-tcp", LoadBalancer: "nlb-db", Protocol: elb.TCP, Port: 443, Default: elb.ForwardTo("tg-alb")})
	n.Listeners[0].Rules = append(n.Listeners[0].Rules, elb.Rule{Priority: 1, Conditions: []elb.Condition{elb.SourceIP(pfx("203.0.113.0/24"))},
		Action: elb.Respond(403, "", "")})
	m := mustCompile(t, n)
	r := mustReach(t, m, Query{From: InternetAddress(addr("198.51.100.7")), To: LoadBalancer("nlb-db"), Port: 443})
	if !r.Allowed() {
		t.Fatalf("%v (%v)\n%s", r.Status, r.Reason, r)
	}
	inner := r.Proxy.Branches[0].Leg
	if inner.Proxy == nil || inner.Proxy.Component != "alb-web" || len(inner.Proxy.Branches) == 0 {
		t.Fatalf("the NLB's leg does not pass through alb-web:\n%s", r)
	}
	if src := inner.Path[len(inner.Path)-1].Packet.Src; src != addr("198.51.100.7") {
		t.Errorf("alb-web sees %s, want the client's address", src)
	}
	if v, _ := m.Verdict(Query{From: InternetAddress(addr("203.0.113.9")), To: LoadBalancer("nlb-db"), Port: 443}); v != (Verdict{Blocked, FixedResponse}) {
		t.Errorf("client in the ALB's blocked range: %v, want FIXED_RESPONSE", v)
	}
	// Every answer owns its nested proxy's steps: changing one answer's
	// leaves the next answer's as the model computes them.
	want := inner.Proxy.Steps[0].Rule
	inner.Proxy.Steps[0].Rule = "changed by the caller"
	again := mustReach(t, m, Query{From: InternetAddress(addr("198.51.100.7")), To: LoadBalancer("nlb-db"), Port: 443})
	if got := again.Proxy.Branches[0].Leg.Proxy.Steps[0].Rule; got != want {
		t.Errorf("the next answer's nested step is %q, want %q: answers share steps", got, want)
	}
}

// TestLBHealthChecks: a health check is a connection from each node to
// each target on the health-check port; it meets the node's security
// groups outbound (for a Network Load Balancer, health checks are
// subject to the outbound rules but not the inbound ones: NLB guide,
// "Update the security groups for your Network Load Balancer") and the
// target's groups inbound, which must admit the load balancer on that
// port (ALB guide, "Target security groups"). It does not change the
// declared health.
func TestLBHealthChecks(t *testing.T) {
	n := withALB()
	n.TargetGroups[0].HealthCheck.Port = "8081" // sg-app admits 8080 only
	m := mustCompile(t, n)
	hcs, err := m.HealthChecks("alb-web")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hcs {
		got = append(got, h.String())
	}
	want := []string{
		"alb-web/subnet-pub-a -> tg-api eni-app-a HTTP:8081 (declared healthy): blocked (SG_EGRESS)",
		"alb-web/subnet-pub-b -> tg-api eni-app-a HTTP:8081 (declared healthy): blocked (SG_EGRESS)",
		"alb-web/subnet-pub-a -> tg-api eni-app-b HTTP:8081 (declared healthy): blocked (SG_EGRESS)",
		"alb-web/subnet-pub-b -> tg-api eni-app-b HTTP:8081 (declared healthy): blocked (SG_EGRESS)",
		"alb-web/subnet-pub-a -> tg-web eni-app-a HTTP:8080 (declared healthy): reachable",
		"alb-web/subnet-pub-b -> tg-web eni-app-a HTTP:8080 (declared healthy): reachable",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("health checks (-want +got):\n%s", d)
	}
	if v, _ := m.Verdict(Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443, Request: &HTTPRequest{Path: "/api/x"}}); !v.Allowed() {
		t.Errorf("traffic still follows the declared health: %v", v)
	}

	// An NLB's group: the outbound rules filter health checks.
	nn := withNLB(false)
	nn.SecurityGroups[3].Egress = []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), CIDR: pfx("10.0.0.0/16")}}
	nn.TargetGroups[0].HealthCheck.Port = "8443"
	m = mustCompile(t, nn)
	hcs, _ = m.HealthChecks("nlb-db")
	if len(hcs) != 2 || hcs[0].Passes() || hcs[0].Result.Reason != SGEgress || hcs[0].Result.Block.Component != "nlb-db/subnet-app-a" {
		t.Errorf("NLB health check on 8443 out of a group allowing 5432: %v", hcs)
	}
	if _, err := m.HealthChecks("nlb-nope"); err == nil {
		t.Error("HealthChecks of an unknown load balancer: no error")
	}
	var nilModel *Model
	if _, err := nilModel.HealthChecks("x"); err == nil {
		t.Error("nil model: no error")
	}
}
