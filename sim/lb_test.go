package sim

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/vpc"
)

// withALB returns threeTier with an internet-facing Application Load
// Balancer in the public subnets: listener HTTPS:443 whose rules send
// /api/* to tg-api (the app tasks on 8080), answer admin.example.com with
// a fixed 403, and forward the rest to tg-web (app-a only, port 8080).
func withALB() *Network {
	n := threeTier()
	n.LoadBalancers = []elb.LoadBalancer{{ID: "alb-web", Type: elb.Application, VPC: "vpc-main", SecurityGroups: []string{"sg-alb"},
		Subnets: []elb.SubnetMapping{{Subnet: "subnet-pub-a"}, {Subnet: "subnet-pub-b"}}}}
	n.TargetGroups = []elb.TargetGroup{
		{ID: "tg-api", TargetType: elb.InstanceTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-main",
			Targets: []elb.Target{{ID: "eni-app-a"}, {ID: "eni-app-b"}}},
		{ID: "tg-web", TargetType: elb.InstanceTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-main",
			Targets: []elb.Target{{ID: "eni-app-a"}}},
	}
	n.Listeners = []elb.Listener{{ID: "lis-https", LoadBalancer: "alb-web", Protocol: elb.HTTPS, Port: 443,
		Default: elb.Action{Type: elb.ForwardAction, Forward: []elb.WeightedTargetGroup{{TargetGroup: "tg-web"}}},
		Rules: []elb.Rule{
			{Priority: 10, Conditions: []elb.Condition{elb.PathPattern("/api/*")},
				Action: elb.Action{Type: elb.ForwardAction, Forward: []elb.WeightedTargetGroup{{TargetGroup: "tg-api"}}}},
			{Priority: 5, Conditions: []elb.Condition{elb.HostHeader("admin.example.com")},
				Action: elb.Action{Type: elb.FixedResponseAction, FixedResponse: &elb.FixedResponse{StatusCode: 403}}},
		}}}
	return n
}

func branchTargets(r *Result) []string {
	if r.Proxy == nil {
		return nil
	}
	var out []string
	for _, b := range r.Proxy.Branches {
		s := b.TargetGroup + ":" + b.Target
		if b.Leg != nil {
			s += " " + b.Leg.Status.String()
		}
		out = append(out, s)
	}
	return out
}

// TestALBRules pins Application Load Balancer rule evaluation (Elastic
// Load Balancing, "Listener rules for your Application Load Balancer"):
// rules are evaluated in priority order, lowest first, the default rule
// last; the first match decides; a fixed response answers the request
// itself. Each forward opens a connection from the load balancer node to
// every target of the group.
func TestALBRules(t *testing.T) {
	m := mustCompile(t, withALB())
	for _, tc := range []struct {
		name    string
		req     *HTTPRequest
		status  Status
		reason  Reason
		targets []string
	}{
		{"api path to tg-api", &HTTPRequest{Path: "/api/orders"}, Reachable, NoReason,
			[]string{"tg-api:eni-app-a reachable", "tg-api:eni-app-b reachable"}},
		{"other path to the default rule", &HTTPRequest{Path: "/index.html"}, Reachable, NoReason,
			[]string{"tg-web:eni-app-a reachable"}},
		{"no request is GET /", nil, Reachable, NoReason, []string{"tg-web:eni-app-a reachable"}},
		{"priority 5 before 10", &HTTPRequest{Host: "admin.example.com", Path: "/api/x"}, Blocked, FixedResponse, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := m.Reach(Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443, Request: tc.req})
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != tc.status || r.Reason != tc.reason {
				t.Fatalf("%v (%v), want %v (%v)\n%s", r.Status, r.Reason, tc.status, tc.reason, r)
			}
			if d := cmp.Diff(tc.targets, branchTargets(r)); d != "" {
				t.Errorf("branches (-want +got):\n%s\n%s", d, r)
			}
		})
	}
}

// TestALBSecondLeg: the load balancer's connection to a target meets the
// target's security groups as a flow from the node, so a rule naming the
// load balancer's group admits it, and the node's own egress rules apply
// (Elastic Load Balancing, "Security groups for your Application Load
// Balancer": the load balancer's group must allow traffic to the targets
// on the target port). A target whose group does not admit the node makes
// the answer partial.
func TestALBSecondLeg(t *testing.T) {
	n := withALB()
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-other", VPC: "vpc-main",
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), CIDR: pfx("10.0.10.0/24")}}})
	n.NetworkInterfaces[2].SecurityGroups = []string{"sg-other"} // eni-app-b no longer admits the ALB
	n.SecurityGroups[0].Egress = append(n.SecurityGroups[0].Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), CIDR: pfx("10.0.0.0/16")})
	m := mustCompile(t, n)
	r, err := m.Reach(Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443, Request: &HTTPRequest{Path: "/api/x"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != Partial || r.Reason != SGIngress {
		t.Fatalf("%v (%v), want partial SG_INGRESS\n%s", r.Status, r.Reason, r)
	}
	if d := cmp.Diff([]string{"tg-api:eni-app-a reachable", "tg-api:eni-app-b blocked"}, branchTargets(r)); d != "" {
		t.Errorf("branches (-want +got):\n%s\n%s", d, r)
	}
	leg := r.Proxy.Branches[0].Leg
	if len(leg.Path) == 0 || leg.Path[0].Step != StepSGEgress || !strings.HasPrefix(leg.Path[0].Component, "alb-web/") {
		t.Errorf("the leg starts %v, want the node's security group egress\n%s", leg.Path, r)
	}
	if v, err := m.Verdict(Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443, Request: &HTTPRequest{Path: "/api/x"}}); err != nil || v != (Verdict{Partial, SGIngress}) {
		t.Errorf("Verdict %v, %v; want partial SG_INGRESS as Reach", v, err)
	}
}

// TestLBListeners: no listener on the port blocks at the load balancer
// (Reachability Analyzer: ELBV2_LISTENERS_MISMATCH); an internal load
// balancer has no public address.
func TestLBListeners(t *testing.T) {
	n := withALB()
	m := mustCompile(t, n)
	if v, _ := m.Verdict(Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 80}); v != (Verdict{Blocked, SGIngress}) {
		t.Errorf("port 80 (not open in sg-alb): %v", v)
	}
	n.SecurityGroups[0].Ingress = append(n.SecurityGroups[0].Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(80), CIDR: pfx("0.0.0.0/0")})
	m = mustCompile(t, n)
	r, _ := m.Reach(Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 80})
	if r.Status != Blocked || r.Reason != NoListener || r.Block == nil || r.Block.Component != "alb-web" {
		t.Errorf("port 80: %v (%v), want NO_LISTENER at alb-web\n%s", r.Status, r.Reason, r)
	}
	n.LoadBalancers[0].Scheme = elb.Internal
	m = mustCompile(t, n)
	if v, _ := m.Verdict(Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443}); v != (Verdict{Blocked, NoPublicIP}) {
		t.Errorf("internal load balancer from the internet: %v, want NO_PUBLIC_IP", v)
	}
	if v, _ := m.Verdict(Query{From: ENI("eni-app-a"), To: LoadBalancer("alb-web"), Port: 443}); v.Status == Blocked && v.Reason == NoPublicIP {
		t.Errorf("internal load balancer from inside: %v", v)
	}
}

// TestTargetHealth: a load balancer routes to healthy targets; when none of
// a group's targets is healthy it routes to all of them (fail-open:
// Elastic Load Balancing, "Health checks for Application Load Balancer
// target groups": "If a target group contains only unhealthy registered
// targets, the load balancer routes requests to all those targets,
// regardless of their health status"); a group without targets blocks.
func TestTargetHealth(t *testing.T) {
	n := withALB()
	n.TargetGroups[0].Targets[1].Health = elb.Unhealthy
	m := mustCompile(t, n)
	q := Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443, Request: &HTTPRequest{Path: "/api/x"}}
	r, _ := m.Reach(q)
	if d := cmp.Diff([]string{"tg-api:eni-app-a reachable"}, branchTargets(r)); d != "" {
		t.Errorf("one unhealthy target (-want +got):\n%s", d)
	}
	n.TargetGroups[0].Targets[0].Health = elb.Unhealthy
	m = mustCompile(t, n)
	r, _ = m.Reach(q)
	if d := cmp.Diff([]string{"tg-api:eni-app-a reachable", "tg-api:eni-app-b reachable"}, branchTargets(r)); d != "" || !r.Proxy.Branches[0].FailOpen {
		t.Errorf("all unhealthy: fail-open to all (-want +got):\n%s\n%s", d, r)
	}
	n.TargetGroups[0].Targets = nil
	m = mustCompile(t, n)
	if v, _ := m.Verdict(q); v != (Verdict{Blocked, NoTarget}) {
		t.Errorf("no target: %v, want NO_TARGET", v)
	}
}

// TestWeightedForward: a forward to weighted target groups opens a branch
// to each target of each group with its weight; a group of weight 0 gets
// no requests and does not count.
func TestWeightedForward(t *testing.T) {
	n := withALB()
	n.Listeners[0].Default = elb.Action{Type: elb.ForwardAction, Forward: []elb.WeightedTargetGroup{{TargetGroup: "tg-web", Weight: 90}, {TargetGroup: "tg-api", Weight: 10}}}
	m := mustCompile(t, n)
	r, _ := m.Reach(Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443})
	var got []string
	for _, b := range r.Proxy.Branches {
		got = append(got, b.TargetGroup+" "+b.Target+" "+strings.Repeat("x", b.Share/100))
	}
	want := []string{"tg-web eni-app-a xxxxxxxxx", "tg-api eni-app-a x", "tg-api eni-app-b x"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("branches (-want +got):\n%s\n%s", d, r)
	}
}

// withNLB returns threeTier with an internal Network Load Balancer in the
// app subnets, listener TCP:5432 to the database (an IP target group),
// and the database's group admitting only the load balancer's group.
func withNLB(cip bool) *Network {
	n := threeTier()
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-nlb", VPC: "vpc-main",
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), CIDR: pfx("10.0.0.0/16")}},
		Egress:  []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), CIDR: pfx("10.0.0.0/16")}}})
	n.SecurityGroups[2].Ingress = []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), Group: "sg-nlb"}}
	n.NetworkACLs[0].Inbound = vpc.AllowAllACL(false)
	n.NetworkACLs[0].Outbound = vpc.AllowAllACL(false)
	n.LoadBalancers = []elb.LoadBalancer{{ID: "nlb-db", Type: elb.Network, Scheme: elb.Internal, VPC: "vpc-main", SecurityGroups: []string{"sg-nlb"},
		Subnets: []elb.SubnetMapping{{Subnet: "subnet-app-a"}, {Subnet: "subnet-app-b"}}}}
	n.TargetGroups = []elb.TargetGroup{{ID: "tg-db", TargetType: elb.IPTarget, Protocol: elb.TCP, Port: 5432, VPC: "vpc-main",
		PreserveClientIP: &cip, Targets: []elb.Target{{IP: addr("10.0.20.50")}}}}
	n.NetworkInterfaces[3].PrivateIPs = []netip.Addr{addr("10.0.20.50")}
	n.Listeners = []elb.Listener{{ID: "lis-db", LoadBalancer: "nlb-db", Protocol: elb.TCP, Port: 5432,
		Default: elb.Action{Type: elb.ForwardAction, Forward: []elb.WeightedTargetGroup{{TargetGroup: "tg-db"}}}}}
	return n
}

// TestNLBClientIPPreservation: with client IP preservation a target sees
// the client's address, and a rule naming the load balancer's security
// group still admits it (Elastic Load Balancing, "Security groups for your
// Network Load Balancer": targets can reference the load balancer's group
// whether or not client IP preservation is on); the reply returns to the
// load balancer. Without it the target sees the node's address. Cross-zone
// load balancing is off by default for Network Load Balancers, so the
// node in app-b's zone has no target in its zone.
func TestNLBClientIPPreservation(t *testing.T) {
	for _, cip := range []bool{false, true} {
		n := withNLB(cip)
		n.SecurityGroups[1].Egress = append(n.SecurityGroups[1].Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), CIDR: pfx("10.0.0.0/16")})
		n.TargetGroups[0].CrossZone = new(bool)
		*n.TargetGroups[0].CrossZone = true // the database is in the a zone only
		m := mustCompile(t, n)
		r, err := m.Reach(Query{From: ENI("eni-app-b"), To: LoadBalancer("nlb-db"), Port: 5432})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Allowed() {
			t.Fatalf("cip %v: %v (%v)\n%s", cip, r.Status, r.Reason, r)
		}
		leg := r.Proxy.Branches[0].Leg
		src := leg.Path[len(leg.Path)-1].Packet.Src
		client := m.enis[lookupENI(t, m, "eni-app-b")].private[0]
		if cip != (src == client) {
			t.Errorf("cip %v: the target sees %s (client %s)\n%s", cip, src, client, r)
		}
	}
	n := withNLB(false)
	n.SecurityGroups[1].Egress = append(n.SecurityGroups[1].Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), CIDR: pfx("10.0.0.0/16")})
	m := mustCompile(t, n)
	if v, _ := m.Verdict(Query{From: ENI("eni-app-b"), To: LoadBalancer("nlb-db"), Port: 5432}); v != (Verdict{Blocked, NoTarget}) {
		t.Errorf("cross-zone off, no target in the node's zone: %v, want NO_TARGET", v)
	}
}

func lookupENI(t *testing.T, m *Model, id string) eniIdx {
	t.Helper()
	e, ok := lookup[eniIdx](m, id)
	if !ok {
		t.Fatalf("no interface %s", id)
	}
	return e
}

// TestLBValidation: what the ELB API rejects.
func TestLBValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*Network)
		field string
	}{
		{"alb in one zone", func(n *Network) { n.LoadBalancers[0].Subnets = n.LoadBalancers[0].Subnets[:1] }, "subnets"},
		{"two subnets in a zone", func(n *Network) {
			n.LoadBalancers[0].Subnets = append(n.LoadBalancers[0].Subnets, elb.SubnetMapping{Subnet: "subnet-app-a"})
		}, "subnets[2].subnet"},
		{"duplicate priority", func(n *Network) { n.Listeners[0].Rules[1].Priority = 10 }, "rules[1].priority"},
		{"rule without conditions", func(n *Network) { n.Listeners[0].Rules[0].Conditions = nil }, "rules[0].conditions"},
		{"unknown target group", func(n *Network) { n.Listeners[0].Default.Forward[0].TargetGroup = "tg-x" }, "default.forward[0].targetGroup"},
		{"tcp listener on an alb", func(n *Network) { n.Listeners[0].Protocol = elb.TCP }, "protocol"},
		{"unknown instance", func(n *Network) { n.TargetGroups[0].Targets[0].ID = "i-nope" }, "targets[0].id"},
		{"name of a node", func(n *Network) {
			n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "alb-web/subnet-pub-a", Subnet: "subnet-pub-a"})
		}, "id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := withALB()
			tc.edit(n)
			err := n.Validate()
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Errorf("%v, want an error on field %s", err, tc.field)
			}
		})
	}
}
