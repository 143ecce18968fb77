package sim

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestMatrixAgreesWithOpenPorts checks the grouped, memoized subnet and
// interface matrices against OpenPorts asked pair by pair.
func TestMatrixAgreesWithOpenPorts(t *testing.T) {
	for name, n := range map[string]*Network{"three-tier": threeTier(), "hub-spoke": hubSpoke()} {
		m := mustCompile(t, n)
		var subnets, enis []string
		for _, s := range n.Subnets {
			subnets = append(subnets, s.ID)
		}
		for _, e := range n.NetworkInterfaces {
			enis = append(enis, e.ID)
		}
		for _, sel := range []Selection{{Subnets: subnets}, {ENIs: enis}} {
			x, err := m.Matrix(sel)
			if err != nil {
				t.Fatal(err)
			}
			group := map[string]int{}
			for i, g := range x.Groups {
				for _, id := range g.Members {
					group[id] = i
				}
			}
			cell := map[[2]int][]OpenRange{}
			for _, c := range x.Cells {
				cell[[2]int{c.From, c.To}] = c.Open
			}
			ids, ep := enis, ENI
			if len(sel.Subnets) > 0 {
				ids, ep = subnets, SubnetHost
			}
			for _, a := range ids {
				for _, b := range ids {
					if a == b {
						continue
					}
					want, err := m.OpenPorts(Query{From: ep(a), To: ep(b)})
					if err != nil {
						t.Fatal(err)
					}
					got := cell[[2]int{group[a], group[b]}]
					if d := cmp.Diff(want, got, cmpopts.IgnoreFields(OpenRange{}, "Witness"), cmpopts.EquateEmpty()); d != "" {
						t.Errorf("%s: %s -> %s: matrix differs from OpenPorts (-want +got):\n%s", name, a, b, d)
					}
				}
			}
		}
	}
}
