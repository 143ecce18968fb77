package sim

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
)

// TestLatticeWeightedEmptyGroup pins how a weighted forward reports a
// target group with no registered target. VPC Lattice routes each request
// that matches a rule to one of its target groups, by weight (VPC Lattice
// User Guide, "Listener rules for your VPC Lattice service", Forward
// actions: requests are distributed to the groups based on their
// weights); nothing there hands an empty group's share to the others. So,
// as for a load balancer's weighted forward, each group is a branch with
// its weight and its own outcome: an empty group's branch is NO_TARGET
// (no target, a Block), and the request is partial when another group's
// targets answer, blocked when none does. A group of weight 0 gets no
// request: it is listed with share 0 and counts for nothing.
func TestLatticeWeightedEmptyGroup(t *testing.T) {
	empty := func(n *Network) { n.LatticeTargetGroups[1].Targets = nil } // tg-v2, the canary
	type branch struct {
		Group   string
		Weight  int
		Share   int
		Target  string
		Outcome string // the leg's status, or the block's reason
	}
	for _, tc := range []struct {
		name     string
		edit     func(*Network)
		want     Verdict
		branches []branch
	}{
		{"canary emptied: tg-v1's share arrives, tg-v2's fails", empty,
			Verdict{Partial, NoTarget}, []branch{
				{"tg-v1", 90, 900, "10.0.1.10", "reachable"},
				{"tg-v1", 90, 900, "10.0.2.10", "reachable"},
				{"tg-v2", 10, 100, "", "NO_TARGET"},
			}},
		{"empty group listed first: the order of the forward", func(n *Network) {
			empty(n)
			n.LatticeServices[0].Listeners[0].Rules[0].Action = lattice.ForwardWeighted(lattice.Weighted("tg-v2", 10), lattice.Weighted("tg-v1", 90))
		}, Verdict{Partial, NoTarget}, []branch{
			{"tg-v2", 10, 100, "", "NO_TARGET"},
			{"tg-v1", 90, 900, "10.0.1.10", "reachable"},
			{"tg-v1", 90, 900, "10.0.2.10", "reachable"},
		}},
		{"every group emptied: blocked", func(n *Network) {
			empty(n)
			n.LatticeTargetGroups[0].Targets = nil
		}, Verdict{Blocked, NoTarget}, []branch{
			{"tg-v1", 90, 900, "", "NO_TARGET"},
			{"tg-v2", 10, 100, "", "NO_TARGET"},
		}},
		{"emptied group of weight 0: no request goes there", func(n *Network) {
			empty(n)
			n.LatticeServices[0].Listeners[0].Rules[0].Action = lattice.ForwardWeighted(lattice.Weighted("tg-v1", 90), lattice.Weighted("tg-v2", 0))
		}, Verdict{Reachable, NoReason}, []branch{
			{"tg-v1", 90, 1000, "10.0.1.10", "reachable"},
			{"tg-v1", 90, 1000, "10.0.2.10", "reachable"},
			{"tg-v2", 0, 0, "", "NO_TARGET"},
		}},
		{"canary emptied, stable closed to Lattice: blocked by the first failing branch", func(n *Network) {
			empty(n)
			n.SecurityGroups[2].Ingress = []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8443), CIDR: pfx("10.0.0.0/8")}}
		}, Verdict{Blocked, SGIngress}, []branch{
			{"tg-v1", 90, 900, "10.0.1.10", "blocked"},
			{"tg-v1", 90, 900, "10.0.2.10", "blocked"},
			{"tg-v2", 10, 100, "", "NO_TARGET"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := withAddrs(latticeNet())
			tc.edit(n)
			m := mustCompile(t, n)
			r, err := m.Reach(charge("POST"))
			if err != nil {
				t.Fatal(err)
			}
			if got := (Verdict{r.Status, r.Reason}); got != tc.want {
				t.Errorf("%v, want %v\n%s", got, tc.want, r)
			}
			if v, err := m.Verdict(charge("POST")); err != nil || v != tc.want {
				t.Errorf("Verdict %v, %v; want %v", v, err, tc.want)
			}
			if r.Proxy == nil {
				t.Fatalf("no proxy:\n%s", r)
			}
			var got []branch
			for _, b := range r.Proxy.Branches {
				x := branch{b.TargetGroup, b.Weight, b.Share, b.Target, ""}
				switch {
				case b.Block != nil:
					x.Outcome = b.Block.Reason.String()
					if b.Leg != nil || b.Block.Step != StepTargetGroup || b.Block.Component != "svc-payments" {
						t.Errorf("group %s: a branch without target has a leg or a wrong block: %+v", b.TargetGroup, b)
					}
				case b.Leg != nil:
					x.Outcome = b.Leg.Status.String()
				}
				got = append(got, x)
			}
			if d := cmp.Diff(tc.branches, got); d != "" {
				t.Errorf("branches (-want +got):\n%s\n%s", d, r)
			}
		})
	}
}
