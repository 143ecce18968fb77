package sim

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
)

// Cases the Lattice properties (property_lattice_test.go) found, pinned on
// the fixed network of lattice_test.go.

// TestRegressionLatticeICMPNoReply: an ICMP message that expects no reply
// (destination unreachable) addressed to a Lattice service was reported
// reachable: the walk ended at Lattice and, with no reply to check, the
// service's listener was never consulted. Only TCP reaches a listener
// (VPC Lattice User Guide, "Listeners for your VPC Lattice service": HTTP,
// HTTPS and TLS listeners).
func TestRegressionLatticeICMPNoReply(t *testing.T) {
	n := withAddrs(latticeNet())
	n.SecurityGroups[0].Egress = append(n.SecurityGroups[0].Egress, vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: pfx("169.254.171.0/24")})
	n.SecurityGroups[1].Ingress = append(n.SecurityGroups[1].Ingress, vpc.SGRule{Protocol: vpc.ProtocolAll, Group: "sg-orders"})
	m := mustCompile(t, n)
	for _, icmp := range []vpc.ICMP{vpc.ICMPMessage(3, 1), vpc.ICMPMessage(8, 0)} {
		q := charge("POST")
		q.Protocol, q.Port, q.ICMP = vpc.ProtocolICMP, 0, &icmp
		r, err := m.Reach(q)
		if err != nil {
			t.Fatal(err)
		}
		if got := (Verdict{r.Status, r.Reason}); got != (Verdict{Blocked, NoListener}) {
			t.Errorf("ICMP %s to a Lattice service: %v, want blocked NO_LISTENER\n%s", icmp, got, r)
		}
	}
}

// TestRegressionLatticeTinyWeight: a target group whose weight is under a
// thousandth of the total (1 against 999 + 999) got share 0 and so did not
// count: its failing target left the request "reachable". A group of
// positive weight gets requests ("Listener rules for your VPC Lattice
// service": each group gets weight ÷ total of them), so its share is at
// least 1 and its failure makes the answer partial.
func TestRegressionLatticeTinyWeight(t *testing.T) {
	n := withAddrs(latticeNet())
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-canary", VPC: "vpc-payments", Egress: []vpc.SGRule{vpc.AllowAllEgress()}})
	n.NetworkInterfaces[3].SecurityGroups = []string{"sg-canary"} // the canary does not admit Lattice
	n.LatticeTargetGroups = append(n.LatticeTargetGroups, lattice.TargetGroup{ID: "tg-v1b", Account: "111111111111", Type: lattice.TargetInstance,
		Protocol: lattice.ProtocolHTTPS, Port: 8443, VPC: "vpc-payments", Targets: []lattice.Target{{ID: "eni-pay-1"}}})
	n.LatticeServices[0].Listeners[0].Rules[0].Action = lattice.ForwardWeighted(
		lattice.Weighted("tg-v1", 999), lattice.Weighted("tg-v1b", 999), lattice.Weighted("tg-v2", 1))
	m := mustCompile(t, n)
	r, err := m.Reach(charge("POST"))
	if err != nil {
		t.Fatal(err)
	}
	if got := (Verdict{r.Status, r.Reason}); got != (Verdict{Partial, SGIngress}) {
		t.Fatalf("%v, want partial SG_INGRESS (the canary group gets a share and fails)\n%s", got, r)
	}
	var shares []int
	for _, b := range r.Proxy.Branches {
		shares = append(shares, b.Share)
	}
	if d := cmp.Diff([]int{499, 499, 499, 1}, shares); d != "" {
		t.Errorf("shares (-want +got):\n%s", d)
	}
}

// TestLatticeRulePriorityUnique: two rules of one listener with the same
// priority would leave their order to the declaration; the API refuses it
// (VPC Lattice API Reference, CreateRule: priority is unique per
// listener), and so does validation, whichever of the two comes first,
// naming the later one. Rules of equal priority on different listeners are
// fine.
func TestLatticeRulePriorityUnique(t *testing.T) {
	dup := lattice.Rule{ID: "again", Priority: 10, Action: lattice.Respond(500)}
	for _, tc := range []struct {
		name  string
		rules func(l *lattice.Listener) []lattice.Rule
		field string
	}{
		{"declared after", func(l *lattice.Listener) []lattice.Rule { return append(l.Rules, dup) }, "listeners[0].rules[1].priority"},
		{"declared before", func(l *lattice.Listener) []lattice.Rule { return append([]lattice.Rule{dup}, l.Rules...) }, "listeners[0].rules[1].priority"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := withAddrs(latticeNet())
			l := &n.LatticeServices[0].Listeners[0]
			l.Rules = tc.rules(l)
			err := n.Validate()
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(fe.Kind, ErrConflict) {
				t.Errorf("%v, want a conflict on %s", err, tc.field)
			}
			if _, err := Compile(n); err == nil {
				t.Error("the network compiles")
			}
		})
	}
	n := withAddrs(latticeNet())
	s := &n.LatticeServices[0]
	s.Listeners = append(s.Listeners, lattice.Listener{ID: "lis-http", Protocol: lattice.ListenerHTTP, Port: 80, DefaultAction: lattice.Respond(404),
		Rules: []lattice.Rule{{ID: "other", Priority: 10, Action: lattice.Respond(404)}}})
	if err := n.Validate(); err != nil {
		t.Errorf("equal priorities on two listeners: %v", err)
	}
}
