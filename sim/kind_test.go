package sim

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/vpc"
)

// TestKindTable checks the table of component kinds against what it
// stands for: the Network fields (one declared kind each, in field order,
// the order validation reports in), the route target kinds, the exported
// component kinds, and the order of the compile steps and graph nodes.
func TestKindTable(t *testing.T) {
	// Declared kinds, in table order, are the Network fields in order.
	var fields, declared []string
	nt := reflect.TypeFor[Network]()
	for i := range nt.NumField() {
		if nt.Field(i).Type.Kind() != reflect.Slice {
			continue // settings, such as LatticeQuotas, declare no resources
		}
		name, _, _ := strings.Cut(nt.Field(i).Tag.Get("json"), ",")
		if name == "workloads" {
			continue // expanded into interfaces and groups: no kind of its own
		}
		fields = append(fields, name)
	}
	for k := range kinds {
		ki := &kinds[k]
		if ki.decls != nil {
			declared = append(declared, ki.field)
			if ki.resource == "" {
				t.Errorf("%v: declared, but no resource name", kind(k))
			}
		} else if ki.field != "" || ki.resource != "" || ki.demand != nil || ki.checkTarget != nil {
			t.Errorf("%v: a resource name, field, demand or target check, but no declarations", kind(k))
		}
	}
	if diff := cmp.Diff(fields, declared); diff != "" {
		t.Errorf("declared kinds differ from the Network fields (-fields +kinds):\n%s", diff)
	}

	// Every exported component kind is one kind's, once; names are unique.
	components := map[ComponentKind]int{}
	resources := map[string]int{}
	for k := range kinds {
		if c := kinds[k].component; c != "" {
			components[c]++
		}
		if r := kinds[k].resource; r != "" {
			resources[r]++
		}
		if kinds[k].component == "" && kinds[k].resource == "" {
			t.Errorf("kind %d has no name", k)
		}
	}
	for _, c := range []ComponentKind{KindInterface, KindSubnet, KindVPCRouter, KindInternetGateway, KindEgressOnly,
		KindNATGateway, KindInternet, KindPeering, KindTransitGateway, KindDNS, KindLoadBalancer, KindServiceNetwork, KindLatticeService,
		KindVPCEndpoint, KindEndpointService, KindAWSService, KindResourceGateway, KindResourceConfiguration,
		KindOnPrem, KindVPNGateway, KindVPNConnection, KindDirectConnectGateway, KindVirtualInterface} {
		if components[c] != 1 {
			t.Errorf("component kind %q belongs to %d kinds, want 1", c, components[c])
		}
		delete(components, c)
	}
	for c := range components {
		t.Errorf("component kind %q of the table is not an exported ComponentKind", c)
	}
	for r, n := range resources {
		if n != 1 {
			t.Errorf("resource name %q is used by %d kinds", r, n)
		}
	}

	// Every route target kind but local names one kind, which checks it.
	for _, tk := range []vpc.TargetKind{vpc.TargetInternetGateway, vpc.TargetEgressOnlyGateway, vpc.TargetNATGateway,
		vpc.TargetNetworkInterface, vpc.TargetPeeringConnection, vpc.TargetTransitGateway, vpc.TargetVPCEndpoint, vpc.TargetVPNGateway} {
		k, ok := targetKind(tk)
		if !ok || kinds[k].checkTarget == nil || kinds[k].decls == nil {
			t.Errorf("route target kind %q: kind %v (found %v), want a declared kind with a target check", tk, k, ok)
		}
	}
	if _, ok := targetKind(vpc.TargetLocal); ok {
		t.Error("the local target names a kind; it is the VPC router's own route")
	}
	const wantTargets = "local, internet-gateway, egress-only-internet-gateway, nat-gateway, network-interface, vpc-peering-connection, transit-gateway, vpc-endpoint or virtual-private-gateway"
	if got := targetKindList(); got != wantTargets {
		t.Errorf("targetKindList() = %q, want %q", got, wantTargets)
	}

	// Compile steps run after the kinds they read.
	rank := map[kind]int{}
	for _, k := range compileOrder {
		if prev, dup := rank[k]; dup {
			t.Errorf("%v is compiled twice (rank %d)", k, prev)
		}
		rank[k] = kinds[k].compileRank
	}
	for k := range kinds {
		for _, r := range kinds[k].reads {
			if _, ok := rank[r]; !ok || kinds[r].compileRank >= kinds[k].compileRank {
				t.Errorf("%v (rank %d) reads %v (rank %d, compiled: %v): want it compiled before", kind(k),
					kinds[k].compileRank, r, kinds[r].compileRank, ok)
			}
		}
	}
	seen := map[int]kind{}
	for _, k := range compileOrder {
		if prev, dup := seen[kinds[k].compileRank]; dup {
			t.Errorf("%v and %v share compile rank %d: order them", prev, k, kinds[k].compileRank)
		}
		seen[kinds[k].compileRank] = k
	}

	// Graph nodes: distinct ranks, and a label and shapes for each.
	seen = map[int]kind{}
	for _, k := range nodeOrder {
		ki := &kinds[k]
		if prev, dup := seen[ki.nodeRank]; dup || ki.nodeRank <= 0 {
			t.Errorf("%v: node rank %d (shared with %v: %v), want a distinct positive rank", k, ki.nodeRank, prev, dup)
		}
		seen[ki.nodeRank] = k
		if ki.label == nil || ki.dotShape == "" || ki.mermaidShape[0] == "" || ki.component == "" {
			t.Errorf("%v: graph nodes without a label, shapes or component kind", k)
		}
	}
	for k := range kinds {
		ki := &kinds[k]
		if ki.nodes == nil && ki.nodeRank != 0 {
			t.Errorf("%v: a node rank but no nodes", kind(k))
		}
		if (ki.size != nil) != (ki.rules != nil || ki.dests != nil) {
			t.Errorf("%v: size is for the kinds with rules or route destinations", kind(k))
		}
	}
}
