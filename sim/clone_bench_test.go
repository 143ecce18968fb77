package sim_test

import (
	"testing"

	"github.com/vpcsim/vpcsim/internal/gen"
)

// BenchmarkClone clones a generated 10,000-interface network (the cost of
// varying a large base network in a test).
func BenchmarkClone(b *testing.B) {
	n := gen.Large(gen.LargeConfig{ENIs: 10000})
	b.ReportAllocs()
	for b.Loop() {
		_ = n.Clone()
	}
}
