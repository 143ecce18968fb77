package sim

import (
	"fmt"

	"github.com/vpcsim/vpcsim/elb"
)

// This file holds the lints of Gateway Load Balancers (see kind_gwlb.go).

// gwlbGroups calls f for each node of each Gateway Load Balancer and the
// target group its listener forwards to.
func (m *Model) gwlbGroups(f func(L *cLB, node eniIdx, G *cTG)) {
	for i := range m.lbs {
		L := &m.lbs[i]
		if L.typ != elb.Gateway || len(L.listeners) == 0 {
			continue
		}
		fw := L.listeners[0].rules[len(L.listeners[0].rules)-1].forward
		if len(fw) == 0 {
			continue
		}
		for _, n := range L.nodes {
			f(L, n, &m.tgs[fw[0].tg])
		}
	}
}

// lintGWLBAppliances reports the appliances a node of a Gateway Load
// Balancer would send flows to but cannot exchange GENEVE with (UDP 6081
// refused by their security groups, a network ACL, a route): the flows
// that hash to them are dropped.
func lintGWLBAppliances(m *Model, add func(Finding)) {
	seen := map[[2]string]bool{}
	m.gwlbGroups(func(L *cLB, node eniIdx, G *cTG) {
		targets, failOpen := m.routableTargets(L, node, G)
		if failOpen {
			return // gwlb-no-healthy-appliance
		}
		for i := range targets {
			t := &targets[i]
			o := m.geneveLeg(L, node, G, t, true, 0)
			if o.status == Reachable || seen[[2]string{G.id, t.id}] {
				continue
			}
			seen[[2]string{G.id, t.id}] = true
			add(Finding{Resource: G.id, Kind: kindTargetGroup.String(), Field: "target " + t.id,
				Explanation: fmt.Sprintf("%s sends flows to appliance %s, but their GENEVE exchange on UDP 6081 fails (%s: %s): the flows that hash to it are dropped",
					m.enis[node].id, t.id, o.reason, o.block.Rule),
				Fix: fmt.Sprintf("let %s exchange UDP 6081 with %s's nodes: its security groups' inbound rules, the network ACLs and routes between them", t.id, L.id)})
		}
	})
}

// lintGWLBHealth reports the nodes of a Gateway Load Balancer whose
// target group has appliances for them but none healthy: a Gateway Load
// Balancer does not fail open, so every flow through them is dropped.
func lintGWLBHealth(m *Model, add func(Finding)) {
	m.gwlbGroups(func(L *cLB, node eniIdx, G *cTG) {
		if _, failOpen := m.routableTargets(L, node, G); failOpen {
			add(Finding{Resource: L.id, Kind: kindLB.String(), Field: "node " + m.enis[node].id,
				Explanation: fmt.Sprintf("target group %s has no healthy appliance for %s: a gateway load balancer then drops every new flow through it", G.id, m.enis[node].id),
				Fix:         fmt.Sprintf("restore the appliances of %s in %s's zone, or turn cross-zone load balancing on", G.id, m.enis[node].id)})
		}
	})
}
