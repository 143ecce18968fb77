package sim

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/elb"
)

// reacherStrings formats reachers as "eni-a,eni-b status" and "internet
// status".
func reacherStrings(rs []Reacher) []string {
	var out []string
	for _, r := range rs {
		who := strings.Join(r.ENIs, ",")
		if r.Internet {
			who = "internet"
		}
		out = append(out, who+" "+r.Witness.Status.String())
	}
	return out
}

// TestLBWhoCanReach: the sources that reach a load balancer, its own
// nodes excepted; sources split at the CIDRs of its rules' source-ip
// conditions; partial reachers (some targets only) listed with a partial
// witness that carries the proxy.
func TestLBWhoCanReach(t *testing.T) {
	n := withALB()
	m := mustCompile(t, n)
	q := Query{To: LoadBalancer("alb-web"), Port: 443}
	rs, err := m.WhoCanReach(q)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"eni-app-a reachable", "eni-app-b reachable", "internet reachable"}, reacherStrings(rs)); d != "" {
		t.Errorf("reachers (-want +got):\n%s", d)
	}
	if rs[0].Witness.Proxy == nil {
		t.Errorf("witness without the proxy:\n%s", rs[0].Witness)
	}

	// A rule answering the app-a subnet with a 403: app-a no longer
	// reaches a target.
	n.Listeners[0].Rules = append(n.Listeners[0].Rules, elb.Rule{Priority: 1, Conditions: []elb.Condition{elb.SourceIP(pfx("10.0.10.0/25"))},
		Action: elb.Respond(403, "", "")})
	m = mustCompile(t, n)
	rs, _ = m.WhoCanReach(q)
	if d := cmp.Diff([]string{"eni-app-b reachable", "internet reachable"}, reacherStrings(rs)); d != "" {
		t.Errorf("with a source-ip rule (-want +got):\n%s", d)
	}

	// A canary group without targets: every source reaches only part.
	n = withALB()
	n.TargetGroups = append(n.TargetGroups, elb.TargetGroup{ID: "tg-canary", Protocol: elb.HTTP, Port: 8080, VPC: "vpc-main"})
	n.Listeners[0].Default = elb.ForwardWeighted(elb.WeightedTargetGroup{TargetGroup: "tg-web", Weight: 9}, elb.WeightedTargetGroup{TargetGroup: "tg-canary", Weight: 1})
	m = mustCompile(t, n)
	rs, _ = m.WhoCanReach(q)
	if d := cmp.Diff([]string{"eni-app-a partial", "eni-app-b partial", "internet partial"}, reacherStrings(rs)); d != "" {
		t.Errorf("canary without targets (-want +got):\n%s", d)
	}
	open, _ := m.OpenPorts(Query{From: Internet(), To: LoadBalancer("alb-web")})
	if len(open) != 1 || !open[0].Partial || open[0].Witness.Status != Partial {
		t.Errorf("OpenPorts to a partially reachable load balancer: %v", open)
	}
}

// TestLBExposure: an internet-facing load balancer's nodes are exposed on
// their listeners' ports, and Through lists the targets each forwarding
// rule reaches; rules that answer themselves (the fixed 403) reach none.
// An internal load balancer's nodes are not exposed.
func TestLBExposure(t *testing.T) {
	m := mustCompile(t, withALB())
	ex, err := m.Exposure()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range ex {
		var open, through []string
		for _, o := range x.Open {
			open = append(open, o.String())
		}
		for _, tr := range x.Through {
			through = append(through, tr.String())
		}
		got = append(got, strings.Join(x.ENIs, ",")+": "+strings.Join(open, ",")+" | "+strings.Join(through, "; "))
	}
	through := "alb-web lis-https rule 10 -> tg-api eni-app-a; alb-web lis-https rule 10 -> tg-api eni-app-b; alb-web lis-https rule default -> tg-web eni-app-a"
	want := []string{
		"alb-web/subnet-pub-a: tcp 443 | " + through,
		"alb-web/subnet-pub-b: tcp 443 | " + through,
		"eni-alb-a: tcp 443 | ",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("exposure (-want +got):\n%s", d)
	}

	n := withALB()
	n.LoadBalancers[0].Scheme = elb.Internal
	m = mustCompile(t, n)
	ex, _ = m.Exposure()
	for _, x := range ex {
		if strings.HasPrefix(x.ENIs[0], "alb-web/") {
			t.Errorf("internal load balancer exposed: %v", x.ENIs)
		}
	}
}

// TestLBMatrix: load balancer nodes in a matrix: clients reach a node on
// the listener's port (where the flow goes on to targets), and the node
// reaches targets on their port.
func TestLBMatrix(t *testing.T) {
	m := mustCompile(t, withALB())
	x, err := m.Matrix(Selection{ENIs: []string{"eni-app-a", "alb-web/subnet-pub-a"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "G0: alb-web/subnet-pub-a\nG1: eni-app-a\nG0 -> G1: tcp 8080\nG1 -> G0: tcp 443\n"
	if d := cmp.Diff(want, x.String()); d != "" {
		t.Errorf("matrix (-want +got):\n%s", d)
	}
}
