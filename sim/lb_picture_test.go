package sim

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/vpc"
)

// dotStmt returns the attributes of the DOT statement (node or edge)
// whose first line is head, e.g. `"alb-web" [`; nil when there is none.
func dotStmt(dot, head string) map[string]string {
	lines := strings.Split(dot, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != head {
			continue
		}
		out := map[string]string{}
		for _, a := range lines[i+1:] {
			a = strings.TrimSpace(a)
			if a == "];" {
				return out
			}
			k, v, _ := strings.Cut(a, "=")
			out[k] = strings.Trim(v, `"`)
		}
	}
	return nil
}

// TestLBPicture: load balancers draw as a trapezium labelled with type,
// scheme and listeners, joined both ways to their node interfaces and to
// the targets they forward to; a result through a load balancer
// highlights the client's leg to the node, the load balancer, and each
// branch's leg from the node to its target; a failing branch's block is
// drawn in red.
func TestLBPicture(t *testing.T) {
	m := mustCompile(t, withALB())
	r := mustReach(t, m, Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443, Request: &HTTPRequest{Path: "/api/x"}})
	b, err := m.DOT(r)
	if err != nil {
		t.Fatal(err)
	}
	dot := string(b)
	lb := dotStmt(dot, `"alb-web" [`)
	if d := cmp.Diff(map[string]string{
		"label": `alb-web\napplication load balancer, internet-facing\nlisteners HTTPS:443`, "shape": "trapezium",
		"color": picBlue, "fontcolor": picBlue, "penwidth": "2.5",
	}, lb); d != "" {
		t.Errorf("load balancer node (-want +got):\n%s", d)
	}
	blue := map[string]string{"color": picBlue, "penwidth": "2.5"}
	for _, e := range []string{
		`"alb-web/subnet-pub-a" -> "alb-web" [`, // the client's leg ends at the node, which hands it to the load balancer
		`"alb-web" -> "alb-web/subnet-pub-a" [`, // the load balancer opens its connections from the node
		`"subnet-app-a" -> "eni-app-a" [`,       // branch 1 arrives
		`"subnet-app-b" -> "eni-app-b" [`,       // branch 2 arrives
	} {
		if d := cmp.Diff(blue, dotStmt(dot, e)); d != "" {
			t.Errorf("edge %s (-want +got):\n%s", e, d)
		}
	}
	for _, e := range []string{`"alb-web" -> "alb-web/subnet-pub-b";`, `"alb-web" -> "eni-app-a";`, `"alb-web" -> "eni-app-b";`} {
		if !strings.Contains(dot, e) {
			t.Errorf("no plain edge %s in\n%s", e, dot)
		}
	}

	mmd := m.Mermaid(r)
	for _, want := range []string{
		`n_alb_web[/"alb-web<br/>application load balancer, internet-facing<br/>listeners HTTPS:443"\]`,
		"n_alb_web_subnet_pub_a <--> n_alb_web",
		"n_alb_web --> n_eni_app_a",
	} {
		if !strings.Contains(mmd, want) {
			t.Errorf("Mermaid lacks %q:\n%s", want, mmd)
		}
	}
	var class string
	for _, l := range strings.Split(mmd, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "class ") && strings.HasSuffix(l, " path") {
			class = l
		}
	}
	for _, n := range []string{"n_internet", "n_alb_web_subnet_pub_a", "n_alb_web", "n_eni_app_a", "n_eni_app_b"} {
		if !strings.Contains(class+",", n+",") && !strings.Contains(class, n+" ") {
			t.Errorf("Mermaid path class lacks %s: %s", n, class)
		}
	}

	// A partial result: the branch blocked at eni-app-b is red.
	n := withALB()
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-other", VPC: "vpc-main",
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), CIDR: pfx("10.0.10.0/24")}}})
	n.NetworkInterfaces[2].SecurityGroups = []string{"sg-other"} // eni-app-b no longer admits the ALB
	n.SecurityGroups[0].Egress = append(n.SecurityGroups[0].Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), CIDR: pfx("10.0.0.0/16")})
	m = mustCompile(t, n)
	r = mustReach(t, m, Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443, Request: &HTTPRequest{Path: "/api/x"}})
	if r.Status != Partial || r.Block == nil || r.Block.Component != "eni-app-b" {
		t.Fatalf("%v, want partial blocked at eni-app-b\n%s", r.Status, r)
	}
	b, _ = m.DOT(r)
	if got := dotStmt(string(b), `"eni-app-b" [`); got["color"] != picRed || !strings.Contains(got["label"], "BLOCKED SG_INGRESS") {
		t.Errorf("blocked branch target: %v", got)
	}
	if got := dotStmt(string(b), `"eni-app-a" [`); got["color"] != picBlue {
		t.Errorf("reached branch target: %v", got)
	}
	if !strings.Contains(m.Mermaid(r), "partial (SG_INGRESS)") {
		t.Errorf("Mermaid title lacks the partial verdict")
	}
}
