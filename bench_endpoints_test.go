package vpcsim_test

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/sim"
)

// Capacity experiments with VPC endpoints: the generated organisations
// of bench_test.go with every spoke's interface endpoint to Secrets
// Manager and gateway endpoint to S3 added (gen.LargeEndpoints). The
// networks are built and compiled once per test binary, apart from
// bench_test.go's.
//
//	go test -run xxx -bench 'Endpoint' -benchmem -count 5 .

var endpointFixtures = func() map[string]func() *fixture {
	m := map[string]func() *fixture{}
	for _, s := range benchSizes {
		m[s.name] = sync.OnceValue(func() *fixture {
			f := &fixture{cfg: s.cfg, net: gen.LargeEndpoints(gen.Large(s.cfg)), intents: gen.LargeEndpointIntents(s.cfg)}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			f.model, f.err = sim.Compile(f.net)
			runtime.GC()
			runtime.ReadMemStats(&after)
			runtime.KeepAlive(f.model)
			f.retained = int64(after.HeapAlloc) - int64(before.HeapAlloc)
			return f
		})
	}
	return m
}()

// endpointFixture returns the fixture of a size with endpoints, skipping
// 100k under -short, failing if the network does not compile, and
// checking every intent.
func endpointFixture(tb testing.TB, s benchSize) *fixture {
	tb.Helper()
	if testing.Short() && s.cfg.ENIs >= 100_000 {
		tb.Skipf("%s network skipped in short mode", s.name)
	}
	f := endpointFixtures[s.name]()
	if f.err != nil {
		tb.Fatalf("compile %s network with endpoints: %v", s.name, f.err)
	}
	for _, in := range f.intents {
		checkIntent(tb, f.model, in)
	}
	return f
}

// BenchmarkCompileEndpoints compiles the organisations with endpoints.
func BenchmarkCompileEndpoints(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			f := endpointFixture(b, s)
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				if _, err := sim.Compile(f.net); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
			b.ReportMetric(f.bytesPerENI(), "B/ENI")
		})
	}
}

// BenchmarkReachEndpoint answers flows to AWS services: through an
// interface endpoint (the service resolved by private DNS to the
// endpoint's interface in the source's zone, its security group, the
// endpoint, its policy), through a gateway endpoint, and through the NAT
// gateway.
func BenchmarkReachEndpoint(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			f := endpointFixture(b, s)
			m := f.model
			for _, c := range []struct{ name, intent string }{
				{"interface", "app->secretsmanager via interface endpoint"},
				{"interface-eni", "app->secretsmanager endpoint interface"},
				{"gateway", "app->s3 via gateway endpoint"},
				{"nat", "app->sqs via nat"},
				{"policy-deny", "app->secretsmanager write denied by the endpoint policy"},
			} {
				q := intentNamed(b, f, c.intent).Query
				b.Run(c.name, func(b *testing.B) {
					b.ReportAllocs()
					cpu := processCPU()
					for b.Loop() {
						if _, err := m.Reach(q); err != nil {
							b.Fatal(err)
						}
					}
					reportCPU(b, cpu)
				})
				b.Run(c.name+"-reuse", func(b *testing.B) { benchReachInto(b, m, q) })
				b.Run(c.name+"-verdict", func(b *testing.B) {
					b.ReportAllocs()
					cpu := processCPU()
					for b.Loop() {
						if _, err := m.Verdict(q); err != nil {
							b.Fatal(err)
						}
					}
					reportCPU(b, cpu)
				})
			}
		})
	}
}

// reportCPU reports the process CPU time per operation since start
// (cpu-ns/op): the work an operation costs, garbage collection included,
// whatever else the machine runs.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
}

// TestLargeEndpoints checks the 1k organisation with endpoints: it
// compiles, its intents hold, and each flow takes the way it is meant to.
func TestLargeEndpoints(t *testing.T) {
	f := endpointFixture(t, benchSizes[0])
	via := map[string]string{
		"app->secretsmanager via interface endpoint": "vpce-000-secrets",
		"app->secretsmanager endpoint interface":     "vpce-000-secrets",
		"app->s3 via gateway endpoint":               "vpce-000-s3",
		"app->sqs via nat":                           "nat-000-b",
	}
	for _, in := range f.intents {
		r, err := f.model.Reach(in.Query)
		if err != nil {
			t.Fatal(err)
		}
		if want, ok := via[in.Name]; ok && !slices.Contains(r.Via(), want) {
			t.Errorf("%s: via %s, want %s", in.Name, strings.Join(r.Via(), ", "), want)
		}
	}
}
