package vpcsim_test

import (
	"fmt"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Capacity experiments over generated three-tier networks of 1k, 10k and
// 100k network interfaces (see internal/gen/large.go). Each size is
// generated and compiled once per test binary; every benchmark first checks
// that its queries answer what the generator intends, so it measures real
// work. The 100k size is skipped with -short.
//
//	go test -run xxx -bench . -benchmem .

// benchSize is one network size.
type benchSize struct {
	name string
	cfg  gen.LargeConfig
}

var benchSizes = []benchSize{
	{"1k", gen.LargeConfig{ENIs: 1_000}},
	{"10k", gen.LargeConfig{ENIs: 10_000}},
	{"100k", gen.LargeConfig{ENIs: 100_000}},
}

// fixture is a generated network, its compiled model, and the bytes the
// model retains.
type fixture struct {
	cfg      gen.LargeConfig
	net      *sim.Network
	model    *sim.Model
	err      error
	retained int64 // heap bytes the model retains beyond the network
	intents  []gen.LargeIntent
}

// bytesPerENI is the retained model size per declared interface.
func (f *fixture) bytesPerENI() float64 {
	return float64(f.retained) / float64(len(f.net.NetworkInterfaces))
}

var fixtures = func() map[string]func() *fixture {
	m := map[string]func() *fixture{}
	for _, s := range benchSizes {
		m[s.name] = sync.OnceValue(func() *fixture { return buildFixture(s.cfg) })
	}
	return m
}()

// buildFixture generates the network and compiles it, measuring the heap
// the model retains: live heap after a GC, before and after Compile, with
// the network alive throughout (so strings and slices the model shares
// with it are not counted).
func buildFixture(cfg gen.LargeConfig) *fixture {
	f := &fixture{cfg: cfg, net: gen.Large(cfg), intents: gen.LargeIntents(cfg)}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f.model, f.err = sim.Compile(f.net)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(f.model)
	f.retained = int64(after.HeapAlloc) - int64(before.HeapAlloc)
	return f
}

// fixtureFor returns the fixture of a size, skipping 100k under -short and
// failing if the network does not compile.
func fixtureFor(tb testing.TB, s benchSize) *fixture {
	tb.Helper()
	if testing.Short() && s.cfg.ENIs >= 100_000 {
		tb.Skipf("%s network skipped in short mode", s.name)
	}
	f := fixtures[s.name]()
	if f.err != nil {
		tb.Fatalf("compile %s network: %v", s.name, f.err)
	}
	return f
}

// checkIntent verifies that the model answers an intent as designed, with
// a path that ends at the destination when reachable.
func checkIntent(tb testing.TB, m *sim.Model, in gen.LargeIntent) {
	tb.Helper()
	r, err := m.Reach(in.Query)
	if err != nil {
		tb.Fatalf("%s: %v", in.Name, err)
	}
	if r.Status != in.Want || (in.Want != sim.Reachable && r.Reason != in.Reason) {
		tb.Fatalf("%s: got %s (%s), want %s (%s)\n%s", in.Name, r.Status, r.Reason, in.Want, in.Reason, r)
	}
	if in.Want == sim.Reachable && (len(r.Path) == 0 || r.Path[len(r.Path)-1].Step != sim.StepDeliver || len(r.Reply) == 0) {
		tb.Fatalf("%s: reachable without a delivered path and reply:\n%s", in.Name, r)
	}
	v, err := m.Verdict(in.Query)
	if err != nil || v.Status != r.Status || v.Reason != r.Reason {
		tb.Fatalf("%s: verdict %+v, %v disagrees with reach %s (%s)", in.Name, v, err, r.Status, r.Reason)
	}
}

// intents returns the fixture's intents, the internet-any ones or the
// others, checked against the model.
func intents(tb testing.TB, f *fixture, internetAny bool) []gen.LargeIntent {
	tb.Helper()
	var out []gen.LargeIntent
	for _, in := range f.intents {
		if strings.HasPrefix(in.Name, "internet-any") == internetAny {
			checkIntent(tb, f.model, in)
			out = append(out, in)
		}
	}
	if len(out) == 0 {
		tb.Fatal("no intents")
	}
	return out
}

func queries(ins []gen.LargeIntent) []sim.Query {
	qs := make([]sim.Query, len(ins))
	for i, in := range ins {
		qs[i] = in.Query
	}
	return qs
}

func intentNamed(tb testing.TB, f *fixture, name string) gen.LargeIntent {
	tb.Helper()
	for _, in := range f.intents {
		if in.Name == name {
			checkIntent(tb, f.model, in)
			return in
		}
	}
	tb.Fatalf("no intent %q", name)
	return gen.LargeIntent{}
}

func BenchmarkCompile(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			f := fixtureFor(b, s)
			for _, in := range f.intents {
				checkIntent(b, f.model, in)
			}
			enis := len(f.net.NetworkInterfaces)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := sim.Compile(f.net); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(f.bytesPerENI(), "B/ENI")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(enis), "ns/ENI")
		})
	}
}

func BenchmarkReach(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			f := fixtureFor(b, s)
			m := f.model
			// path: explained answers, cycling over the concrete intents
			// (app->db, cross-AZ, NAT egress, blocked flows, ...).
			b.Run("path", func(b *testing.B) {
				qs := queries(intents(b, f, false))
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					if _, err := m.Reach(qs[i%len(qs)]); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
			// path-app-db: the explained app->db query alone.
			b.Run("path-app-db", func(b *testing.B) {
				q := intentNamed(b, f, "app->db").Query
				b.ReportAllocs()
				for b.Loop() {
					if _, err := m.Reach(q); err != nil {
						b.Fatal(err)
					}
				}
			})
			// path-reuse: the explained app->db query written into one
			// Result whose storage each answer reuses (Model.ReachInto).
			b.Run("path-reuse", func(b *testing.B) {
				q := intentNamed(b, f, "app->db").Query
				var r sim.Result
				if err := m.ReachInto(&r, q); err != nil || !r.Allowed() || len(r.Path) == 0 {
					b.Fatalf("ReachInto(app->db) = %v, %v", r.Status, err)
				}
				b.ReportAllocs()
				for b.Loop() {
					if err := m.ReachInto(&r, q); err != nil {
						b.Fatal(err)
					}
				}
			})
			// verdict: the same queries without explanation; the engine
			// promises no allocation.
			b.Run("verdict", func(b *testing.B) {
				ins := intents(b, f, false)
				for _, in := range ins {
					if n := testing.AllocsPerRun(10, func() { _, _ = m.Verdict(in.Query) }); n != 0 {
						b.Errorf("Verdict(%s) allocates %.0f times", in.Name, n)
					}
				}
				qs := queries(ins)
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					if _, err := m.Verdict(qs[i%len(qs)]); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
			// internet-any: from any internet address to public (and
			// private) interfaces, searched by address atoms.
			b.Run("internet-any", func(b *testing.B) {
				qs := queries(intents(b, f, true))
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					if _, err := m.Reach(qs[i%len(qs)]); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		})
	}
}

// openPortsCase is an OpenPorts query and the single TCP port it must find.
type openPortsCase struct {
	name string
	q    sim.Query
	port uint16
}

func BenchmarkOpenPorts(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			f := fixtureFor(b, s)
			p := gen.LargeProbes(f.cfg)[0]
			cases := []openPortsCase{
				{"app->db", sim.Query{From: sim.ENI(p.AppA), To: sim.ENI(p.DBA)}, gen.LargeDBPort},
				{"alb->app", sim.Query{From: sim.ENI(p.ALB), To: sim.ENI(p.AppB)}, gen.LargeAppPort},
				{"bastion->app", sim.Query{From: sim.ENI(p.Bastion), To: sim.ENI(p.AppA)}, gen.LargeSSHPort},
			}
			for _, c := range cases {
				got, err := f.model.OpenPorts(c.q)
				if err != nil {
					b.Fatalf("%s: %v", c.name, err)
				}
				if len(got) != 1 || got[0].Protocol != vpc.ProtocolTCP || got[0].Ports != vpc.Port(c.port) ||
					got[0].Witness == nil || !got[0].Witness.Allowed() {
					b.Fatalf("%s: open %v, want only tcp %d", c.name, got, c.port)
				}
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := f.model.OpenPorts(cases[i%len(cases)].q); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// TestLargeCompiles checks that generated networks compile and answer as
// designed: the 1k benchmark network and a few edge sizes.
func TestLargeCompiles(t *testing.T) {
	for _, cfg := range []gen.LargeConfig{
		{ENIs: 1_000},
		{},                                // defaults
		{ENIs: 1},                         // raised to the minimum
		{ENIs: 2_001, ENIsPerVPC: 200},    // 11 VPCs of 181-182, two of them EKS
		{ENIs: 5_000, ENIsPerVPC: 20_000}, // clamped per VPC
		{ENIs: 1_000, Seed: 7},
	} {
		t.Run(fmt.Sprintf("%d-%d-%d", cfg.ENIs, cfg.ENIsPerVPC, cfg.Seed), func(t *testing.T) {
			n := gen.Large(cfg)
			want := max(cfg.ENIs, gen.LargeMinENIs)
			if cfg.ENIs == 0 {
				want = 1000
			}
			if got := len(n.NetworkInterfaces); got != want {
				t.Errorf("%d interfaces, want %d", got, want)
			}
			m, err := sim.Compile(n)
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			if got, want := len(n.VPCs), len(gen.LargeProbes(cfg)); got != want {
				t.Errorf("%d VPCs, %d probes", got, want)
			}
			for _, in := range gen.LargeIntents(cfg) {
				checkIntent(t, m, in)
			}
		})
	}
}

// TestLargeDeterministic checks that the generator returns the same network
// for the same config, and that the seed changes only the kind mix.
func TestLargeDeterministic(t *testing.T) {
	opt := cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})
	cfg := gen.LargeConfig{ENIs: 1_000}
	if d := cmp.Diff(gen.Large(cfg), gen.Large(cfg), opt); d != "" {
		t.Fatalf("two runs differ (-first +second):\n%s", d)
	}
	a, b := gen.Large(cfg), gen.Large(gen.LargeConfig{ENIs: 1_000, Seed: 99})
	if d := cmp.Diff(a, b, opt); d == "" {
		t.Error("seed 99 generated the same network as the default seed")
	}
	if len(a.NetworkInterfaces) != len(b.NetworkInterfaces) {
		t.Fatalf("seed changed the interface count")
	}
	for i := range a.NetworkInterfaces {
		if a.NetworkInterfaces[i].ID != b.NetworkInterfaces[i].ID {
			t.Fatalf("interface %d: %s with one seed, %s with the other", i, a.NetworkInterfaces[i].ID, b.NetworkInterfaces[i].ID)
		}
	}
}
