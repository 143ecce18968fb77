package simtest

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/vpcsim/vpcsim/sim"
)

// Addresses returns the IPv4 address use of every subnet, by subnet ID:
// the addresses its network interfaces and NAT gateways take (one for
// each that declares none, which compile assigns; every distinct usable
// address declared), out of the usable ones.
func (a *Arch) Addresses() []SubnetUsage {
	if a == nil {
		return nil
	}
	return slices.Clone(a.usage)
}

// ReportAddresses reports the architecture's address use as benchmark
// metrics, for capacity experiments that scale a network up until a
// subnet runs out:
//
//   - addrs/subnet: the mean number of addresses used per subnet;
//   - max-used-%: the use of the fullest subnet, in percent of its usable
//     addresses;
//   - min-free-addrs: the fewest usable addresses left in any subnet.
//
// Call it after the benchmark loop: b.Loop and b.ResetTimer delete the
// metrics reported before them. The metrics do not depend on b.N; see
// [Arch.Addresses] for the figures of each subnet.
func (a *Arch) ReportAddresses(b *testing.B) {
	b.Helper()
	if a == nil {
		b.Errorf("simtest: ReportAddresses on a nil *Arch: build it with New, Once or Compile")
		return
	}
	if len(a.usage) == 0 {
		b.Errorf("simtest: ReportAddresses: the network has no subnet")
		return
	}
	used, maxPct, minFree := 0, 0.0, a.usage[0].Free()
	for _, u := range a.usage {
		used += u.Used
		if u.Usable > 0 {
			maxPct = max(maxPct, 100*float64(u.Used)/float64(u.Usable))
		}
		minFree = min(minFree, u.Free())
	}
	b.ReportMetric(float64(used)/float64(len(a.usage)), "addrs/subnet")
	b.ReportMetric(maxPct, "max-used-%")
	b.ReportMetric(float64(minFree), "min-free-addrs")
}

// ReportSubnetAddresses reports the addresses used in each subnet named
// (every subnet when none is) as benchmark metrics "<subnet>-addrs", for
// capacity experiments that follow particular subnets as a network or
// its workloads grow: declared interfaces and NAT gateways, what the
// workloads expand into (pods and /28 prefixes included), load balancer
// nodes and transit gateway attachments all count ([Arch.Addresses]).
// A subnet that is not declared fails the benchmark. Call it after the
// benchmark loop, as [Arch.ReportAddresses].
func (a *Arch) ReportSubnetAddresses(b *testing.B, subnets ...string) {
	b.Helper()
	if a == nil {
		b.Errorf("simtest: ReportSubnetAddresses on a nil *Arch: build it with New, Once or Compile")
		return
	}
	want := a.usage
	if len(subnets) > 0 {
		want = nil
		for _, id := range subnets {
			i := slices.IndexFunc(a.usage, func(u SubnetUsage) bool { return u.Subnet == id })
			if i < 0 {
				b.Errorf("simtest: ReportSubnetAddresses: no subnet %q is declared (want one of %s)", id, strings.Join(a.c.Subnets(), ", "))
				return
			}
			want = append(want, a.usage[i])
		}
	}
	for _, u := range want {
		b.ReportMetric(float64(u.Used), metricName(u.Subnet)+"-addrs")
	}
}

// ReportScaleOut reports the outcome of a scale-out experiment
// ([sim.ScaleOut]) as benchmark metrics: "max-<unit>", the largest scale
// at which the workloads still fit (the limit asked about when they
// always do), and "exhausted-subnets", how many subnets run out at the
// next scale. unit names what is scaled ("tasks", "nodes"). Call it after
// the benchmark loop:
//
//	var r *sim.ScaleReport
//	for b.Loop() {
//		r, _ = sim.ScaleOut(n, 10_000, func(k int, ws *workload.Workloads) { ws.ECSServices[0].DesiredCount = k })
//	}
//	simtest.ReportScaleOut(b, r, "tasks")
func ReportScaleOut(b *testing.B, r *sim.ScaleReport, unit string) {
	b.Helper()
	switch {
	case r == nil:
		b.Errorf("simtest: ReportScaleOut(b, nil, %q): want the report sim.ScaleOut returned", unit)
		return
	case unit == "" || strings.ContainsFunc(unit, unicode.IsSpace):
		b.Errorf("simtest: ReportScaleOut: unit %q: want a word naming what is scaled, such as tasks or nodes", unit)
		return
	}
	b.ReportMetric(float64(r.Fits), "max-"+unit)
	b.ReportMetric(float64(len(r.Exhausted)), "exhausted-subnets")
}

// metricName makes an ID usable in a benchmark metric's unit, which may
// not contain white space.
func metricName(id string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return '_'
		}
		return r
	}, id)
}

// ReportQueries reports the throughput of a benchmark whose every
// iteration asks perOp queries: queries/s over the benchmark's measured
// time, and ns/query when perOp is more than one (ns/op says it
// otherwise). Call it after the benchmark loop:
//
//	for b.Loop() {
//		for _, q := range queries {
//			m.Verdict(q)
//		}
//	}
//	simtest.ReportQueries(b, len(queries))
func ReportQueries(b *testing.B, perOp int) {
	b.Helper()
	if perOp < 1 {
		b.Errorf("simtest: ReportQueries(b, %d): want the number of queries per iteration, 1 or more", perOp)
		return
	}
	sec := b.Elapsed().Seconds()
	if b.N == 0 || sec <= 0 {
		return
	}
	n := float64(b.N) * float64(perOp)
	b.ReportMetric(n/sec, "queries/s")
	if perOp > 1 {
		b.ReportMetric(sec*1e9/n, "ns/query")
	}
}
