package simtest

import (
	"slices"
	"testing"
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
