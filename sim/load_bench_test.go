package sim_test

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/sim"
)

// The cost of Load on a generated organisation of 100k network interfaces
// (internal/gen/large.go) written by Network.Save, and on a document with
// many unknown fields. Besides ns/op, B/op and allocs/op, each benchmark
// reports alloc-B/in-B: the bytes allocated per byte of input.
//
//	go test -run xxx -bench Load -benchmem -count 5 ./sim

// largeDoc is the saved 100k-interface network, built once per test binary.
var largeDoc = sync.OnceValues(func() ([]byte, error) {
	var buf bytes.Buffer
	if err := gen.Large(gen.LargeConfig{ENIs: 100_000}).Save(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
})

// unknownFieldsDoc is a network whose subnets carry n unknown fields in all.
func unknownFieldsDoc(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"subnets": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `{"id": "subnet-%d", "cidrr": "10.0.0.0/24"}`, i)
	}
	b.WriteString("]}")
	return []byte(b.String())
}

// TestLoadAllocation checks that Load of a generated network allocates at
// most three bytes per input byte: the input itself, the network, and
// little else.
func TestLoadAllocation(t *testing.T) {
	var buf bytes.Buffer
	if err := gen.Large(gen.LargeConfig{ENIs: 10_000}).Save(&buf); err != nil {
		t.Fatal(err)
	}
	doc := buf.Bytes()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n, err := sim.Load(bytes.NewReader(doc))
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	if got := len(n.NetworkInterfaces); got < 10_000 {
		t.Fatalf("Load() read %d interfaces, want at least 10,000", got)
	}
	ratio := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(doc))
	t.Logf("Load() of %d bytes allocated %.2f bytes per input byte", len(doc), ratio)
	if ratio > 3 {
		t.Errorf("Load() allocated %.2f bytes per input byte, want at most 3", ratio)
	}
}

func BenchmarkLoad(b *testing.B) {
	b.Run("100k", func(b *testing.B) {
		if testing.Short() {
			b.Skip("the 100k network is skipped with -short")
		}
		doc, err := largeDoc()
		if err != nil {
			b.Fatal(err)
		}
		n, err := sim.Load(bytes.NewReader(doc))
		if err != nil {
			b.Fatalf("Load() = %v", err)
		}
		if got := len(n.NetworkInterfaces); got < 100_000 {
			b.Fatalf("Load() read %d interfaces, want at least 100,000", got)
		}
		benchLoad(b, doc, func(err error) error { return err })
	})
	b.Run("unknown-fields-10k", func(b *testing.B) {
		doc := unknownFieldsDoc(10_000)
		benchLoad(b, doc, func(err error) error {
			if !errors.Is(err, sim.ErrUnknownField) {
				return fmt.Errorf("Load() = %v, want unknown fields", err)
			}
			return nil
		})
	})
}

// benchLoad loads doc b.N times, checking each error with check, and
// reports the bytes allocated per input byte.
func benchLoad(b *testing.B, doc []byte, check func(error) error) {
	b.ReportAllocs()
	b.SetBytes(int64(len(doc)))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for range b.N {
		_, err := sim.Load(bytes.NewReader(doc))
		if err := check(err); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(len(doc)), "alloc-B/in-B")
}
