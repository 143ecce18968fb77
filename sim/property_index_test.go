package sim_test

import (
	"net/netip"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

var indexCmp = cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}, vpc.ICMP{})

// TestPropPortIndex: the port index of long rule lists changes no answer.
// Random networks have short lists, which are scanned; indexing all of
// them must give the same results, paths and open ports.
func TestPropPortIndex(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := gen.NetworkWith(t, propOptions(t, gen.Options{MaxENIs: 6}))
		scan, indexed := propCompile(t, n), propCompile(t, n)
		sim.IndexAllRules(indexed)
		for range 6 {
			q := propQuery(t, n, propQOpts{internetAny: true, publicDst: true})
			want, err := scan.Reach(q)
			if err != nil {
				t.Fatalf("reach %s: %v", q, err)
			}
			got, err := indexed.Reach(q)
			if err != nil {
				t.Fatalf("reach %s with every list indexed: %v", q, err)
			}
			if d := gocmp.Diff(want, got, indexCmp); d != "" {
				t.Fatalf("%s: with every list indexed (-scan +indexed):\n%s", q, d)
			}
		}
		q := propQuery(t, n, propQOpts{internetAny: true})
		q.Protocol, q.Port, q.ICMP = 0, 0, nil
		want, err := scan.OpenPorts(q)
		if err != nil {
			t.Fatalf("open ports %s: %v", q, err)
		}
		got, err := indexed.OpenPorts(q)
		if err != nil {
			t.Fatalf("open ports %s with every list indexed: %v", q, err)
		}
		if d := gocmp.Diff(want, got, indexCmp); d != "" {
			t.Fatalf("open ports %s: with every list indexed (-scan +indexed):\n%s", q, d)
		}
	})
}
