package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
)

// The answers of the Lattice example, pinned. Run them with
//
//	go test ./examples/lattice
//
// and, after changing network(), review the change to
// testdata/lattice.golden that go test ./examples/lattice -update writes.

// Each question's verdict: fixing a deliberate problem (the canary's
// health-check port, the analytics association) makes its check fail,
// which is the cue to turn it around.
func TestLatticeVerdicts(t *testing.T) {
	t.Parallel()
	m, err := sim.Compile(network())
	if err != nil {
		t.Fatal(err)
	}
	want := []sim.Verdict{
		{Status: sim.Reachable},
		{Status: sim.Blocked, Reason: sim.AuthDenied},
		{Status: sim.Reachable},
		{Status: sim.Reachable},
		{Status: sim.Blocked, Reason: sim.AuthDenied},
		{Status: sim.Blocked, Reason: sim.LatticeNoAssociation},
		{Status: sim.Reachable},
		{Status: sim.Blocked, Reason: sim.ResourcePortNotAllowed},
		{Status: sim.Reachable},
	}
	if len(want) != len(questions) {
		t.Fatalf("%d verdicts for %d questions", len(want), len(questions))
	}
	for i, x := range questions {
		got, err := m.Verdict(x.q)
		if err != nil {
			t.Fatal(err)
		}
		if got != want[i] {
			t.Errorf("question %d (%s): %v, want %v", i+1, x.title, got, want[i])
		}
	}

	// The canary is unhealthy and Lattice fails open to it; the other
	// branches are healthy.
	r, err := m.Reach(questions[0].q)
	if err != nil {
		t.Fatal(err)
	}
	var branches []string
	for _, b := range r.Proxy.Branches {
		branches = append(branches, b.TargetGroup+" "+strings.Fields(b.Health)[0]+" "+b.Leg.Status.String())
		if b.FailOpen != (b.TargetGroup == "tg-pay-v2") {
			t.Errorf("branch %s: fail-open %v", b.Target, b.FailOpen)
		}
	}
	if got, want := strings.Join(branches, "; "), "tg-pay-v1 HEALTHY reachable; tg-pay-v1 HEALTHY reachable; tg-pay-v2 UNHEALTHY reachable"; got != want {
		t.Errorf("branches %s, want %s", got, want)
	}

	// Reporting's request goes through its endpoint.
	r, err = m.Reach(questions[8].q)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.Via(), ","); got != "vpce-reporting-shop" {
		t.Errorf("reporting's request goes via %q, want vpce-reporting-shop", got)
	}

	// The ledger sees the resource gateway's address, not the client's.
	r, err = m.Reach(questions[6].q)
	if err != nil {
		t.Fatal(err)
	}
	gw, _ := m.Interface("rgw-payments/payments-a")
	leg := r.Proxy.Branches[0].Leg
	if got := leg.Path[len(leg.Path)-1].Packet.Src; got != gw.PrivateIPs[0] {
		t.Errorf("the ledger sees %s, want the gateway's %s", got, gw.PrivateIPs[0])
	}
}

// The printed answers, for review.
func TestLatticeGolden(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	simtest.Golden(t, "testdata/lattice.golden", b.String())
}

// The pictures draw the service network, the services and their targets,
// with the charge request's path to each target highlighted.
func TestLatticeDraw(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := draw(dir); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "lattice.md"))
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	for _, want := range []string{"n_sn_shop", "n_svc_payments --> n_eni_pay_v2", "n_svc_catalog --> n_alb_catalog", "n_rcfg_ledger --> n_rgw_payments", "lambda arn:aws:lambda:us-east-1:222222222222:function:refund"} {
		if !strings.Contains(md, want) {
			t.Errorf("lattice.md lacks %q:\n%s", want, md)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "lattice.dot")); err != nil {
		t.Error(err)
	}
}
