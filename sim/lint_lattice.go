package sim

import (
	"cmp"
	"fmt"

	"github.com/vpcsim/vpcsim/lattice"
)

// lintLatticeTargets reports the VPC Lattice targets that Lattice's
// connections cannot reach: Lattice opens them from its link-local range
// (169.254.171.0/24, the managed prefix list
// com.amazonaws.<region>.vpc-lattice), so the target's security groups
// and its subnet's network ACL must admit that range on the target's port
// (and on the health-check port), and let the replies back. A target
// declared unhealthy, draining or unavailable, and Lambda targets, which
// Lattice invokes without a network path, are not checked.
func lintLatticeTargets(m *Model, add func(Finding)) {
	for gi := range m.ltgs {
		G := &m.ltgs[gi]
		if G.typ == lattice.TargetLambda {
			continue
		}
		for _, t := range G.targets {
			if !t.health.Routable() {
				continue
			}
			ports := []uint16{t.port}
			if G.hc && G.hcPort != 0 && G.hcPort != t.port {
				ports = append(ports, G.hcPort)
			}
			if w := m.latticeBlockedLeg(G, t, ports); w != nil {
				what := "its traffic port"
				if w.Query.Port != t.port {
					what = "its health-check port"
				}
				add(Finding{Resource: G.id, Kind: kinds[kindLatticeTargetGroup].resource, Field: "target " + cmp.Or(t.id, w.Query.To.String()),
					Explanation: fmt.Sprintf("VPC Lattice cannot reach the target on %s %d: %s", what, w.Query.Port, blockText(w)),
					Fix: fmt.Sprintf("admit the VPC Lattice managed prefix list (com.amazonaws.<region>.vpc-lattice, %s) on tcp %d in the target's security groups, and in its subnet's network ACL both ways",
						latticePrefix4, w.Query.Port),
					Witness: w})
			}
		}
	}
}

// latticeBlockedLeg walks the connection Lattice opens to target t on
// each port (to every node of a load balancer target) and returns the
// explained result of the first one blocked, or nil.
func (m *Model) latticeBlockedLeg(G *cLTG, t cLTarget, ports []uint16) *Result {
	type dest struct {
		t  cLTarget
		to Endpoint
	}
	var dests []dest
	switch {
	case t.lb != noLB:
		for _, e := range m.lbs[t.lb].nodes {
			u := t
			u.eni, u.addr = e, m.enis[e].private[0]
			dests = append(dests, dest{u, ENIAddr(m.enis[e].id, u.addr)})
		}
	case t.eni != noENI:
		dests = append(dests, dest{t, ENIAddr(m.enis[t.eni].id, t.addr)})
	default:
		return nil // an address no interface holds: the leg's own answer
	}
	for _, d := range dests {
		for _, port := range ports {
			g := m.latticeLegFlow(G, d.t, port)
			o := m.evaluateDepth(&g, true, nil, 1)
			if o.status == Reachable || o.status == Partial {
				continue
			}
			return o.result(Query{From: Address(g.src), To: d.to, Port: port})
		}
	}
	return nil
}

// blockText says what blocked r: the blocking rule and the reason code.
func blockText(r *Result) string {
	if r.Block != nil && r.Block.Rule != "" {
		return fmt.Sprintf("%s (%s)", r.Block.Rule, r.Reason)
	}
	return r.Reason.String()
}
