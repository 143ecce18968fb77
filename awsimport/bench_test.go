package awsimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/sim"
)

// TestLargeRoundTrip writes a generated 1,000-interface organisation out
// as describe output, imports it back and checks that it answers every
// flow its design intends, as the generated network does.
func TestLargeRoundTrip(t *testing.T) {
	cfg := gen.LargeConfig{ENIs: 1_000}
	dir := t.TempDir()
	if err := writeDescribe(dir, gen.Large(cfg)); err != nil {
		t.Fatal(err)
	}
	r, err := Load(filepath.Join(dir, "aws_configs"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Skipped {
		// MSK brokers' interfaces are kept as kind other: vpcsim does not
		// recognize them in describe output.
		if !strings.HasSuffix(s.Reason, "kept as an interface of kind other") {
			t.Errorf("skipped: %s", s)
		}
	}
	m, err := sim.Compile(r.Network)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	for _, in := range gen.LargeIntents(cfg) {
		v, err := m.Verdict(in.Query)
		if err != nil {
			t.Fatalf("%s: %v", in.Name, err)
		}
		if v.Status != in.Want || in.Want != sim.Reachable && v.Reason != in.Reason {
			res, _ := m.Reach(in.Query)
			t.Errorf("%s: got %v, want %s (%s)\n%s", in.Name, v, in.Want, in.Reason, res)
		}
	}
}

// BenchmarkImport imports a describe-output directory of a generated
// organisation with 10,000 interfaces (written once, outside the timer),
// alone and followed by compiling it; the goal is under 2 s for both.
func BenchmarkImport(b *testing.B) {
	cfg := gen.LargeConfig{ENIs: 10_000}
	dir := b.TempDir()
	if err := writeDescribe(dir, gen.Large(cfg)); err != nil {
		b.Fatal(err)
	}
	root := filepath.Join(dir, "aws_configs")
	var size int64
	_ = filepath.Walk(root, func(_ string, fi os.FileInfo, _ error) error {
		if fi != nil && !fi.IsDir() {
			size += fi.Size()
		}
		return nil
	})
	b.Run("10k/import", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(size)
		start := cpuTime()
		for b.Loop() {
			if _, err := Load(root); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
	})
	b.Run("10k/import+compile", func(b *testing.B) {
		b.ReportAllocs()
		start := cpuTime()
		for b.Loop() {
			r, err := Load(root)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := sim.Compile(r.Network); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
	})
}
