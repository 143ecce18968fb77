package vpcsim_test

import (
	"sync"
	"testing"

	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/sim"
)

// VPC Lattice at scale: the 100k-interface organisation with 1,000 Lattice
// services and 10,000 rules (gen.LargeLattice): a request with its path
// (listener, auth policies, rules, weighted target groups, health checks
// and a leg to each target), its verdict, and compiling the whole network.
//
//	go test -run xxx -bench Lattice -benchmem -count 5 .

var latticeFixture = sync.OnceValue(func() *latticeOrg {
	n := gen.Large(gen.LargeConfig{ENIs: 100_000})
	o := &latticeOrg{net: n, intents: gen.LargeLattice(n, gen.LargeLatticeConfig{})}
	o.model, o.err = sim.Compile(n)
	return o
})

type latticeOrg struct {
	net     *sim.Network
	model   *sim.Model
	err     error
	intents []gen.LargeIntent
}

func latticeOrgFor(tb testing.TB) *latticeOrg {
	tb.Helper()
	if testing.Short() {
		tb.Skip("the 100k network is skipped in short mode")
	}
	o := latticeFixture()
	if o.err != nil {
		tb.Fatalf("compile: %v", o.err)
	}
	if len(o.net.LatticeServices) != 1000 {
		tb.Fatalf("%d services, want 1000", len(o.net.LatticeServices))
	}
	rules := 0
	for _, s := range o.net.LatticeServices {
		for _, l := range s.Listeners {
			rules += len(l.Rules)
		}
	}
	if rules != 10_000 {
		tb.Fatalf("%d rules, want 10000", rules)
	}
	for _, in := range o.intents {
		checkLatticeIntent(tb, o.model, in)
	}
	return o
}

// checkLatticeIntent verifies that the model answers a Lattice intent as
// designed; a reachable one went through the service's proxy to targets.
func checkLatticeIntent(tb testing.TB, m *sim.Model, in gen.LargeIntent) {
	tb.Helper()
	r, err := m.Reach(in.Query)
	if err != nil {
		tb.Fatalf("%s: %v", in.Name, err)
	}
	if r.Status != in.Want || (in.Want != sim.Reachable && r.Reason != in.Reason) {
		tb.Fatalf("%s: got %s (%s), want %s (%s)\n%s", in.Name, r.Status, r.Reason, in.Want, in.Reason, r)
	}
	if in.Want == sim.Reachable && (r.Proxy == nil || len(r.Proxy.Branches) == 0 || r.Proxy.Branches[0].Leg == nil) {
		tb.Fatalf("%s: reachable without branches to targets:\n%s", in.Name, r)
	}
	if v, err := m.Verdict(in.Query); err != nil || v.Status != r.Status || v.Reason != r.Reason {
		tb.Fatalf("%s: verdict %+v, %v disagrees with reach %s (%s)", in.Name, v, err, r.Status, r.Reason)
	}
}

func BenchmarkLattice(b *testing.B) {
	o := latticeOrgFor(b)
	m := o.model
	// path: the explained request matching rule 7 of the middle service:
	// a weighted forward to two groups, four targets, their health checks.
	b.Run("path", func(b *testing.B) {
		q := o.intents[0].Query
		b.ReportAllocs()
		cpu := processCPU()
		for b.Loop() {
			if _, err := m.Reach(q); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpu)
	})
	// path-reuse: the same request written into one reused Result
	// (Model.ReachInto).
	b.Run("path-reuse", func(b *testing.B) { benchReachInto(b, m, o.intents[0].Query) })
	// path-mix: the explained answers of every intent in turn (rule,
	// default, fixed response, auth denial).
	b.Run("path-mix", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		cpu := processCPU()
		for b.Loop() {
			if _, err := m.Reach(o.intents[i%len(o.intents)].Query); err != nil {
				b.Fatal(err)
			}
			i++
		}
		reportCPU(b, cpu)
	})
	b.Run("verdict", func(b *testing.B) {
		q := o.intents[0].Query
		b.ReportAllocs()
		cpu := processCPU()
		for b.Loop() {
			if _, err := m.Verdict(q); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpu)
	})
	b.Run("compile", func(b *testing.B) {
		b.ReportAllocs()
		cpu := processCPU()
		for b.Loop() {
			if _, err := sim.Compile(o.net); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpu)
	})
	b.Run("who-can-reach", func(b *testing.B) {
		// Who may call the middle service's rule 7 as the organisation's
		// role: the interfaces of every VPC whose groups let them out on
		// 443 (each VPC is associated with sn-org).
		q := sim.Query{To: sim.LatticeService(gen.LargeLatticeService(501)), Port: 443, Caller: gen.LargeLatticeCaller,
			Request: &sim.HTTPRequest{Path: "/v7/orders"}}
		rs, err := m.WhoCanReach(q)
		if err != nil {
			b.Skipf("WhoCanReach does not answer for Lattice services yet: %v", err)
		}
		reachers := 0
		for _, r := range rs {
			reachers += len(r.ENIs)
		}
		if reachers == 0 {
			b.Fatalf("nobody reaches %s", gen.LargeLatticeService(501))
		}
		b.ReportMetric(float64(reachers), "reachers")
		b.ReportAllocs()
		cpu := processCPU()
		for b.Loop() {
			if _, err := m.WhoCanReach(q); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpu)
	})
}
