package sim_test

// Helpers for the fact tests (replyports_test.go, publicaddr_test.go,
// appliancereply_test.go): each asks the engine and the reference
// evaluator the same question and asserts on the Result's fields, never on
// its text.

import (
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/internal/reference"
	"github.com/vpcsim/vpcsim/sim"
)

// factReach asks the engine (Reach and Verdict) and the reference for q on
// n, fails the test unless all three answer want, and returns the engine's
// result.
func factReach(t *testing.T, n *sim.Network, q sim.Query, want reference.Verdict) *sim.Result {
	t.Helper()
	ref, err := reference.New(n).Verdict(q)
	if err != nil {
		t.Fatalf("%s: reference: %v", q, err)
	}
	if ref != want {
		t.Errorf("%s: the reference answers %s, want %s", q, ref, want)
	}
	m := propCompile(t, n)
	res, err := m.Reach(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if got := (reference.Verdict{Status: res.Status, Reason: res.Reason}); got != want {
		t.Errorf("%s: the engine answers %s, want %s\n%s", q, got, want, res)
	}
	v, err := m.Verdict(q)
	if err != nil {
		t.Fatalf("%s: verdict: %v", q, err)
	}
	if v.Status != res.Status || v.Reason != res.Reason {
		t.Errorf("%s: Verdict %s (%s), Reach %s (%s)", q, v.Status, v.Reason, res.Status, res.Reason)
	}
	return res
}

// factHops returns the hops of path taken by components of kind at step.
func factHops(path []sim.Hop, kind sim.ComponentKind, step sim.Step) []sim.Hop {
	var out []sim.Hop
	for _, h := range path {
		if h.Kind == kind && h.Step == step {
			out = append(out, h)
		}
	}
	return out
}

// factPackets returns the packets of the hops of path taken by component
// id (any kind and step when they are empty).
func factPackets(path []sim.Hop, id string, kind sim.ComponentKind, step sim.Step) []sim.Packet {
	var out []sim.Packet
	for _, h := range path {
		if h.Component == id && (kind == "" || h.Kind == kind) && (step == "" || h.Step == step) {
			out = append(out, h.Packet)
		}
	}
	return out
}

// factDiff fails the test when got differs from want.
func factDiff(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := gocmp.Diff(want, got, propCmpOpts); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

// factBlock fails the test unless res was stopped at component id by the
// rule ref.
func factBlock(t *testing.T, res *sim.Result, id string, ref sim.RuleRef) {
	t.Helper()
	if res.Block == nil {
		t.Fatalf("%s: no block:\n%s", res.Query, res)
	}
	factDiff(t, res.Query.String()+": block component and rule", [2]any{id, ref}, [2]any{res.Block.Component, res.Block.Ref})
}

// TestFacts: the engine answers every fact of the reference as AWS
// documents it (the reference's own tests check the reference).
func TestFacts(t *testing.T) {
	for _, f := range reference.Facts() {
		t.Run(f.Name, func(t *testing.T) {
			m := propCompile(t, f.Network)
			res, err := m.Reach(f.Query)
			if err != nil {
				t.Fatalf("%s: %v", f.Query, err)
			}
			if got := (reference.Verdict{Status: res.Status, Reason: res.Reason}); got != f.Want {
				t.Errorf("%s: got %s, want %s (%s)\n%s", f.Query, got, f.Want, f.Source, res)
			}
		})
	}
}
