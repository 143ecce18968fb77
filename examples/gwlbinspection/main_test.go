package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
)

// The inspection answers, pinned. Run them with
//
//	go test ./examples/gwlbinspection
//
// and, after changing network() or questions(), review the change to
// testdata/gwlbinspection.golden (what main prints) that
// go test ./examples/gwlbinspection -update writes.

// TestVerdicts pins the verdict of each question main asks.
func TestVerdicts(t *testing.T) {
	want := []sim.Verdict{
		{Status: sim.Reachable},
		{Status: sim.Blocked, Reason: sim.SGIngress},
		{Status: sim.Reachable},
		{Status: sim.Blocked, Reason: sim.NoHealthyTarget},
		{Status: sim.ReplyBlocked, Reason: sim.AsymmetricRoute},
	}
	qs := questions()
	if len(qs) != len(want) {
		t.Fatalf("%d questions, %d verdicts pinned", len(qs), len(want))
	}
	for i, x := range qs {
		n := network()
		if x.change != nil {
			x.change(n)
		}
		m, err := sim.Compile(n)
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.Verdict(x.q)
		if err != nil {
			t.Fatalf("%s: %v", x.what, err)
		}
		if d := cmp.Diff(want[i], got); d != "" {
			t.Errorf("%d %s (-want +got):\n%s", i+1, x.what, d)
		}
	}
}

// TestOutput pins what main prints.
func TestOutput(t *testing.T) {
	var b bytes.Buffer
	if err := report(&b); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/gwlbinspection.golden"
	if *simtest.Update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (write it with go test -update)", err)
	}
	if d := cmp.Diff(string(want), b.String()); d != "" {
		t.Errorf("output differs from %s (-want +got); review, then go test -update:\n%s", golden, d)
	}
}
