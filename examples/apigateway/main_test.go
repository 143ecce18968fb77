package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
)

// The decisions of the API Gateway private integration, pinned with
// package simtest and the model's answers. Run them with
//
//	go test ./examples/apigateway
//
// and, after changing networkAt or run, review the change to the golden
// files that go test ./examples/apigateway -update writes.

var (
	asWrittenArch = simtest.Once(network)
	fixedArch     = simtest.Once(fixedNetwork)
)

// apiRequest is API Gateway's request for /api/orders through the VPC
// link's interface in zone az.
func apiRequest(az, path string) sim.Query {
	return sim.Query{From: sim.ENI("eni-vpclink-" + az), To: sim.LoadBalancer("internal-alb"), Port: 443, Request: get(path)}
}

// As the guide writes it, the tasks admit the public ALB and refuse the
// internal one: the VPC link's requests fail at the tasks, in every zone.
func TestAsWritten(t *testing.T) {
	t.Parallel()
	a := asWrittenArch(t)
	a.Reachable(t, sim.Internet(), sim.LoadBalancer("public-alb"), "tcp 443")
	for _, az := range azs {
		r, err := a.Model().Reach(apiRequest(az, "/api/orders"))
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != sim.Blocked || r.Reason != sim.SGIngress || r.Block.Component != "eni-task-a" {
			t.Errorf("VPC link in %s: %s (%s), want blocked SG_INGRESS at eni-task-a\n%s", az, r.Status, r.Reason, r)
		}
	}
}

// With the rule, every branch of the weighted forward gets through: the
// three tasks at weight 90 and the canary at 10.
func TestFixedCanary(t *testing.T) {
	t.Parallel()
	r, err := fixedArch(t).Model().Reach(apiRequest("b", "/api/orders"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range r.Proxy.Branches {
		got = append(got, b.TargetGroup+" "+b.Target+" "+b.Leg.Status.String()+" "+strings.Repeat("#", b.Share/100))
	}
	want := []string{
		"tg-app 10.0.0.10 reachable #########",
		"tg-app 10.0.32.10 reachable #########",
		"tg-app 10.0.64.10 reachable #########",
		"tg-app-canary 10.0.0.20 reachable #",
	}
	if d := cmp.Diff(want, got); d != "" || r.Status != sim.Reachable {
		t.Errorf("%s, branches (-want +got):\n%s\n%s", r.Status, d, r)
	}
}

// What else the fixed architecture decides: the default rule's 404, no
// way around the load balancer, no way in from the internet, and the
// stopped canary's share failing.
func TestFixedDecisions(t *testing.T) {
	t.Parallel()
	a := fixedArch(t)
	a.NotReachable(t, sim.ENI("eni-vpclink-a"), sim.ENI("eni-task-a"), "tcp 8080",
		simtest.Because(sim.SGEgress), simtest.At("eni-vpclink-a"))
	a.NotReachable(t, sim.Internet(), sim.LoadBalancer("internal-alb"), "tcp 443", simtest.Because(sim.NoPublicIP))
	if v, err := a.Model().Verdict(apiRequest("c", "/orders")); err != nil || v != (sim.Verdict{Status: sim.Blocked, Reason: sim.FixedResponse}) {
		t.Errorf("GET /orders: %v %v, want blocked FIXED_RESPONSE", v, err)
	}
	stopped := simtest.New(t, networkAt(canaryStopped))
	if v, err := stopped.Model().Verdict(apiRequest("c", "/api/orders")); err != nil || v != (sim.Verdict{Status: sim.Partial, Reason: sim.NoTarget}) {
		t.Errorf("stopped canary: %v %v, want partial NO_TARGET", v, err)
	}
}

// What main prints.
func TestOutput(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	simtest.Golden(t, "testdata/output.golden", b.String())
}

// The whole connectivity of the fixed architecture, for review.
func TestFixedGolden(t *testing.T) {
	t.Parallel()
	fixedArch(t).Golden(t, "testdata/apigateway.golden")
}
