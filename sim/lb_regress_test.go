package sim

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/vpc"
)

// Regression tests for what the property tests comparing the engine with
// the reference evaluator on random load balancers found.

// TestLBAllWeightsZero: a forward whose target groups all have weight 0
// sends no request anywhere (ALB guide, "Action types for listener
// rules": a group's share of the requests is its weight over the sum),
// so the flow is blocked NO_TARGET; it was answered reachable, every
// branch being skipped.
func TestLBAllWeightsZero(t *testing.T) {
	n := withALB()
	n.Listeners[0].Default = elb.ForwardWeighted(elb.WeightedTargetGroup{TargetGroup: "tg-web"}, elb.WeightedTargetGroup{TargetGroup: "tg-api"})
	m := mustCompile(t, n)
	r := mustReach(t, m, Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443})
	if r.Status != Blocked || r.Reason != NoTarget || r.Block == nil || r.Block.Step != StepRule {
		t.Errorf("%v (%v), want blocked NO_TARGET at the rule\n%s", r.Status, r.Reason, r)
	}
}

// TestNLBPreservedClientToUnheldAddress: with client IP preservation, an
// ip target at an address no interface holds is answered (the leg finds
// nobody there) instead of the hairpin check indexing a missing
// interface, which panicked.
func TestNLBPreservedClientToUnheldAddress(t *testing.T) {
	n := withNLB(true)
	n.SecurityGroups[1].Egress = append(n.SecurityGroups[1].Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), CIDR: pfx("10.0.0.0/16")})
	n.TargetGroups[0].CrossZone = ptrTo(true)
	n.TargetGroups[0].Targets = []elb.Target{{IP: addr("10.0.20.99")}}
	m := mustCompile(t, n)
	r := mustReach(t, m, Query{From: ENI("eni-app-a"), To: LoadBalancer("nlb-db"), Port: 5432})
	if r.Status != Blocked || r.Reason != UnknownDestination {
		t.Errorf("%v (%v), want blocked UNKNOWN_DESTINATION\n%s", r.Status, r.Reason, r)
	}
}

// TestLBTargetPortsOrdered: one target registered on two ports gets a
// branch per port, ordered by port whatever the registration order
// (branches are documented in target group order, then by target ID and
// port); they were in declaration order, so shuffling the declaration
// changed the answer.
func TestLBTargetPortsOrdered(t *testing.T) {
	var got [][]uint16
	for _, ports := range [][]uint16{{8081, 8080}, {8080, 8081}} {
		n := withALB()
		n.SecurityGroups[1].Ingress = append(n.SecurityGroups[1].Ingress, n.SecurityGroups[1].Ingress[0])
		n.TargetGroups[1].Targets = []elb.Target{{ID: "eni-app-a", Port: ports[0]}, {ID: "eni-app-a", Port: ports[1]}}
		m := mustCompile(t, n)
		r := mustReach(t, m, Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443})
		var ps []uint16
		for _, b := range r.Proxy.Branches {
			ps = append(ps, b.Leg.Query.Port)
		}
		got = append(got, ps)
	}
	if d := cmp.Diff([][]uint16{{8080, 8081}, {8080, 8081}}, got); d != "" {
		t.Errorf("branch ports by registration order (-want +got):\n%s", d)
	}
}

// TestLBLegCache: legs that depend only on the node, the target and the
// protocol are evaluated once and kept; an answer never shares the kept
// hops (changing one answer leaves the next alone), an untraced question
// asked first fills the cache as a traced one would, and goroutines may
// fill it at once.
func TestLBLegCache(t *testing.T) {
	q := Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443, Request: &HTTPRequest{Path: "/api/x"}}
	fresh := mustReach(t, mustCompile(t, withALB()), q).String()
	m := mustCompile(t, withALB())
	if v, err := m.Verdict(q); err != nil || v != (Verdict{Reachable, NoReason}) {
		t.Fatalf("verdict %v %v", v, err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { _, _ = m.Reach(q) })
	}
	wg.Wait()
	r := mustReach(t, m, q)
	if got := r.String(); got != fresh {
		t.Errorf("answer after the cache filled differs (-want +got):\n%s", cmp.Diff(fresh, got))
	}
	r.Proxy.Branches[0].Leg.Path[0].Rule = "changed by the caller"
	r.Proxy.Branches[0].Leg.Reply[0].Rule = "changed by the caller"
	if got := mustReach(t, m, q).String(); got != fresh {
		t.Errorf("changing an answer changed the next one (-want +got):\n%s", cmp.Diff(fresh, got))
	}
}
