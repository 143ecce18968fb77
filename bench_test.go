package vpcsim_test

import (
	"fmt"
	"net/netip"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Capacity experiments over generated organisations of 1k, 10k and 100k
// network interfaces: a shared-services hub and three-tier spoke VPCs on a
// transit gateway, some spokes peered (see internal/gen/large.go). Each
// size is generated and compiled once per test binary; every benchmark
// first checks that its queries answer what the generator intends, so it
// measures real work. The 100k size is skipped with -short.
//
//	go test -run xxx -bench . -benchmem .
//	go test -run xxx -bench 'WhoCanReach|Exposure|Matrix' -benchmem -benchtime 3x .

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
	// lbIntents are the flows through the first spoke's Application Load
	// Balancer (gen.LargeLBIntents).
	lbIntents []gen.LargeIntent
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
	f := &fixture{cfg: cfg, net: gen.Large(cfg), intents: gen.LargeIntents(cfg), lbIntents: gen.LargeLBIntents(cfg)}
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
	for _, in := range append(f.intents, f.lbIntents...) {
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
			for _, in := range append(f.intents, f.lbIntents...) {
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
				cpu := processCPU()
				for b.Loop() {
					if _, err := m.Reach(q); err != nil {
						b.Fatal(err)
					}
				}
				reportCPU(b, cpu)
			})
			// path-alb: an explained API request from an internet host
			// through the first spoke's Application Load Balancer: the
			// client's leg to the node in zone a, the listener and rules,
			// and a leg from the node to each of the three targets.
			b.Run("path-alb", func(b *testing.B) {
				q := intentNamed(b, f, "internet->alb api").Query
				b.ReportAllocs()
				cpu := processCPU()
				for b.Loop() {
					if _, err := m.Reach(q); err != nil {
						b.Fatal(err)
					}
				}
				reportCPU(b, cpu)
			})
			// path-alb-weighted: the default rule's weighted forward, four
			// targets in two groups.
			b.Run("path-alb-weighted", func(b *testing.B) {
				q := intentNamed(b, f, "internet->alb web and canary").Query
				b.ReportAllocs()
				cpu := processCPU()
				for b.Loop() {
					if _, err := m.Reach(q); err != nil {
						b.Fatal(err)
					}
				}
				reportCPU(b, cpu)
			})
			// verdict-alb: every flow through the load balancer, without
			// explanation.
			b.Run("verdict-alb", func(b *testing.B) {
				for _, in := range f.lbIntents {
					checkIntent(b, m, in)
				}
				qs := queries(f.lbIntents)
				b.ReportAllocs()
				cpu := processCPU()
				i := 0
				for b.Loop() {
					if _, err := m.Verdict(qs[i%len(qs)]); err != nil {
						b.Fatal(err)
					}
					i++
				}
				reportCPU(b, cpu)
			})
			// path-reuse: the explained app->db query written into one
			// Result whose storage each answer reuses (Model.ReachInto).
			b.Run("path-reuse", func(b *testing.B) {
				benchReachInto(b, m, intentNamed(b, f, "app->db").Query)
			})
			// path-alb-reuse: the explained API request through the
			// Application Load Balancer, its steps, branches and legs
			// written into one reused Result.
			b.Run("path-alb-reuse", func(b *testing.B) {
				benchReachInto(b, m, intentNamed(b, f, "internet->alb api").Query)
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
		{ENIs: 2_001, ENIsPerVPC: 200},    // the hub and 10 spokes of 197-198, two of them EKS
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
			if got, want := len(n.VPCs), len(gen.LargeProbes(cfg))+1; got != want {
				t.Errorf("%d VPCs, want %d spokes and the hub", got, want)
			}
			for _, in := range append(gen.LargeIntents(cfg), gen.LargeLBIntents(cfg)...) {
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

// BenchmarkWhoCanReach lists every source reaching the hub's shared
// database on its port: the hub's shared services and database replicas,
// and the app tier (pods included) of every spoke, through the transit
// gateway. The answer is checked against the groups the generator declares
// and, for a sample of interfaces, against Verdict.
func BenchmarkWhoCanReach(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			f := fixtureFor(b, s)
			h := gen.LargeHub()
			q := sim.Query{To: sim.ENI(h.DB), Protocol: vpc.ProtocolTCP, Port: gen.LargeDBPort}
			rs, err := f.model.WhoCanReach(q)
			if err != nil {
				b.Fatal(err)
			}
			enis := checkDBReachers(b, f, q, rs)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.model.WhoCanReach(q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(rs)), "groups")
			b.ReportMetric(float64(enis), "reachers")
		})
	}
}

// checkDBReachers checks WhoCanReach(q) of the hub database: the reachers
// are exactly the interfaces carrying a spoke's sg-app, sg-hub-svc or
// (other than the destination) sg-hub-db, each group with a delivered
// witness; a sample of interfaces agrees with Verdict. It returns the
// number of reaching interfaces.
func checkDBReachers(tb testing.TB, f *fixture, q sim.Query, rs []sim.Reacher) int {
	tb.Helper()
	want := map[string]bool{}
	for _, e := range f.net.NetworkInterfaces {
		if e.ID == q.To.ENI {
			continue
		}
		for _, g := range e.SecurityGroups {
			if g == "sg-hub-svc" || g == "sg-hub-db" || strings.HasPrefix(g, "sg-") && strings.HasSuffix(g, "-app") {
				want[e.ID] = true
			}
		}
	}
	got := map[string]bool{}
	for _, r := range rs {
		if r.Internet {
			tb.Fatalf("the internet reaches %s", q.To.ENI)
		}
		w := r.Witness
		if w == nil || !w.Allowed() || len(w.Path) == 0 || w.Path[len(w.Path)-1].Step != sim.StepDeliver ||
			w.Path[len(w.Path)-1].Component != q.To.ENI || !slices.Contains(r.ENIs, w.Query.From.ENI) {
			tb.Fatalf("reachers %v: bad witness %v", r.ENIs, w)
		}
		for _, e := range r.ENIs {
			if got[e] {
				tb.Fatalf("%s in two groups", e)
			}
			got[e] = true
		}
	}
	for e := range want {
		if !got[e] {
			tb.Fatalf("%s does not reach %s; want it to (%d reachers, want %d)", e, q.To.ENI, len(got), len(want))
		}
	}
	for e := range got {
		if !want[e] {
			tb.Fatalf("%s reaches %s; want it not to", e, q.To.ENI)
		}
	}
	// An independent sample: one interface in 97, every one answered by
	// Verdict as WhoCanReach grouped it.
	for i := 0; i < len(f.net.NetworkInterfaces); i += 97 {
		id := f.net.NetworkInterfaces[i].ID
		if id == q.To.ENI {
			continue
		}
		sq := q
		sq.From = sim.ENI(id)
		v, err := f.model.Verdict(sq)
		if err != nil {
			tb.Fatal(err)
		}
		if (v.Status == sim.Reachable) != got[id] {
			tb.Fatalf("Verdict(%s -> %s) = %s (%s), WhoCanReach says reachable=%v", id, q.To.ENI, v.Status, v.Reason, got[id])
		}
	}
	return len(got)
}

// BenchmarkExposure lists everything the internet reaches: in every spoke,
// the load balancers (tcp 80 and 443, a group per AZ) and the bastion
// (tcp 22 from the corporate prefix list); nothing in the hub.
func BenchmarkExposure(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			f := fixtureFor(b, s)
			xs, err := f.model.Exposure()
			if err != nil {
				b.Fatal(err)
			}
			enis := checkExposure(b, f, xs)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.model.Exposure(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(xs)), "groups")
			b.ReportMetric(float64(enis), "exposed")
		})
	}
}

func checkExposure(tb testing.TB, f *fixture, xs []sim.Exposed) int {
	tb.Helper()
	ps := gen.LargeProbes(f.cfg)
	if len(xs) != 4*len(ps) {
		tb.Fatalf("%d exposed groups, want %d (3 load-balancer groups and a bastion per spoke)", len(xs), 4*len(ps))
	}
	tcp := func(ports ...uint16) string {
		var s []string
		for _, p := range ports {
			s = append(s, fmt.Sprintf("tcp %d", p))
		}
		return strings.Join(s, ", ")
	}
	n := 0
	for _, x := range xs {
		var open []string
		for _, o := range x.Open {
			if o.Witness == nil || !o.Witness.Allowed() {
				tb.Fatalf("%v: open %s without a witness", x.ENIs, o)
			}
			open = append(open, o.String())
		}
		got := strings.Join(open, ", ")
		want := tcp(80, gen.LargeHTTPS)
		if len(x.ENIs) == 1 && strings.HasSuffix(x.ENIs[0], "-bastion") {
			want = tcp(gen.LargeSSHPort)
		} else if len(x.ENIs) != 2 || !strings.Contains(x.ENIs[0], "-alb-") {
			tb.Fatalf("exposed %v, want load balancers or a bastion", x.ENIs)
		}
		if x.IPv6 || got != want {
			tb.Fatalf("exposed %v (ipv6 %v): %s, want %s", x.ENIs, x.IPv6, got, want)
		}
		n += len(x.ENIs)
	}
	return n
}

// BenchmarkMatrix computes connectivity matrices over the 100k network:
// between subnet hosts (the hub's subnets, then the spokes' in declaration
// order) and between 100 interfaces (hub interfaces and the probes of the
// first spokes). Before the loop, the groups must partition the selection,
// sampled cells must equal OpenPorts between the groups' representatives,
// and the design must show (a spoke's app subnet reaches the hub database
// subnet on tcp 5432 only and its peer, not the other spokes).
func BenchmarkMatrix(b *testing.B) {
	s := benchSizes[len(benchSizes)-1]
	f := fixtureFor(b, s)
	for _, k := range []int{100, 1_000} {
		b.Run(fmt.Sprintf("subnets-%d", k), func(b *testing.B) {
			if len(f.net.Subnets) < k {
				b.Fatalf("%s network has %d subnets, want %d", s.name, len(f.net.Subnets), k)
			}
			var sel sim.Selection
			for _, sn := range f.net.Subnets[:k] {
				sel.Subnets = append(sel.Subnets, sn.ID)
			}
			x, err := f.model.Matrix(sel)
			if err != nil {
				b.Fatal(err)
			}
			checkMatrix(b, f, x, sel.Subnets, sim.SubnetHost)
			checkMatrixDesign(b, x)
			benchMatrix(b, f, sel, x)
		})
	}
	b.Run("enis-100", func(b *testing.B) {
		var sel sim.Selection
		for _, e := range f.net.NetworkInterfaces[:20] { // the hub's, declared first
			sel.ENIs = append(sel.ENIs, e.ID)
		}
		for _, p := range gen.LargeProbes(f.cfg)[:8] {
			sel.ENIs = append(sel.ENIs, p.ALB, p.Bastion, p.AppA, p.AppA2, p.AppB, p.DBA, p.DBB, p.Cache, p.Kafka, p.Endpoint)
		}
		x, err := f.model.Matrix(sel)
		if err != nil {
			b.Fatal(err)
		}
		checkMatrix(b, f, x, sel.ENIs, sim.ENI)
		benchMatrix(b, f, sel, x)
	})
}

func benchMatrix(b *testing.B, f *fixture, sel sim.Selection, x *sim.Matrix) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.model.Matrix(sel); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(x.Groups)), "groups")
	b.ReportMetric(float64(len(x.Cells)), "cells")
}

// checkMatrix checks that the groups partition the selection and that a
// sample of about 1,000 ordered pairs of groups (all of them when fewer)
// has the cell OpenPorts gives between their representatives.
func checkMatrix(tb testing.TB, f *fixture, x *sim.Matrix, sel []string, ep func(string) sim.Endpoint) {
	tb.Helper()
	seen := map[string]bool{}
	for _, g := range x.Groups {
		if len(g.Members) == 0 || !slices.IsSorted(g.Members) {
			tb.Fatalf("group %v: empty or unsorted", g.Members)
		}
		for _, m := range g.Members {
			if seen[m] {
				tb.Fatalf("%s in two groups", m)
			}
			seen[m] = true
		}
	}
	if len(seen) != len(sel) {
		tb.Fatalf("groups hold %d endpoints, selected %d", len(seen), len(sel))
	}
	cells := map[[2]int][]sim.OpenRange{}
	for _, c := range x.Cells {
		cells[[2]int{c.From, c.To}] = c.Open
	}
	ng := len(x.Groups)
	stride := max(1, ng*ng/1000)
	if stride%ng == 0 {
		stride++ // visit more than one column
	}
	for k := 0; k < ng*ng; k += stride {
		i, j := k/ng, k%ng
		gi, gj := x.Groups[i].Members, x.Groups[j].Members
		from, to := gi[0], gj[0]
		if i == j {
			if len(gi) < 2 {
				continue
			}
			to = gi[1]
		}
		want, err := f.model.OpenPorts(sim.Query{From: ep(from), To: ep(to)})
		if err != nil {
			tb.Fatal(err)
		}
		if got := cells[[2]int{i, j}]; !sameOpen(got, want) {
			tb.Fatalf("cell %s -> %s: %v, OpenPorts says %v", from, to, got, want)
		}
	}
}

// sameOpen compares open flows without their witnesses.
func sameOpen(a, b []sim.OpenRange) bool {
	return slices.EqualFunc(a, b, func(x, y sim.OpenRange) bool {
		return x.Protocol == y.Protocol && x.LastProtocol == y.LastProtocol && x.Ports == y.Ports &&
			x.ICMPFrom == y.ICMPFrom && x.ICMPTo == y.ICMPTo
	})
}

// checkMatrixDesign checks the organisation's design in a subnet matrix:
// spoke 0's app subnet in AZ a reaches the hub's database subnets on tcp
// 5432 only, its peer spoke 1's app subnet on everything, and spoke 3's
// (not peered) on nothing.
func checkMatrixDesign(tb testing.TB, x *sim.Matrix) {
	tb.Helper()
	group := map[string]int{}
	for i, g := range x.Groups {
		for _, m := range g.Members {
			group[m] = i
		}
	}
	open := func(from, to string) []sim.OpenRange {
		i, ok1 := group[from]
		j, ok2 := group[to]
		if !ok1 || !ok2 {
			tb.Fatalf("%s or %s not selected", from, to)
		}
		for _, c := range x.Cells {
			if c.From == i && c.To == j {
				return c.Open
			}
		}
		return nil
	}
	allPorts := func(rs []sim.OpenRange, p vpc.Protocol) bool {
		for _, r := range rs {
			if r.Protocol == p && r.Ports == vpc.Ports(1, 65535) {
				return true
			}
		}
		return false
	}
	if got := open("subnet-000-app-a", "subnet-hub-db-b"); len(got) != 1 || got[0].Protocol != vpc.ProtocolTCP ||
		got[0].Ports != vpc.Port(gen.LargeDBPort) {
		tb.Fatalf("spoke app -> hub db subnet: %v, want tcp %d", got, gen.LargeDBPort)
	}
	if got := open("subnet-000-app-a", "subnet-001-app-b"); !allPorts(got, vpc.ProtocolTCP) || !allPorts(got, vpc.ProtocolUDP) {
		tb.Fatalf("spoke app -> peer app subnet: %v, want everything", got)
	}
	if got := open("subnet-000-app-a", "subnet-003-app-a"); len(got) != 0 {
		tb.Fatalf("spoke app -> non-peered spoke app subnet: %v, want nothing", got)
	}
}

// benchReachInto measures the explained answer to q written into one
// Result whose storage each answer reuses (Model.ReachInto), after
// checking that the answer is the one Reach gives.
func benchReachInto(b *testing.B, m *sim.Model, q sim.Query) {
	b.Helper()
	want, err := m.Reach(q)
	if err != nil {
		b.Fatal(err)
	}
	var r sim.Result
	for range 2 { // the second answer reuses the first's storage
		if err := m.ReachInto(&r, q); err != nil {
			b.Fatal(err)
		}
	}
	if diff := cmp.Diff(want, &r, cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})); diff != "" {
		b.Fatalf("ReachInto(%s) differs from Reach (-reach +into):\n%s", q, diff)
	}
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		if err := m.ReachInto(&r, q); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}
