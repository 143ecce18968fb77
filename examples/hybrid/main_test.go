package main

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
)

// The decisions of the hybrid organisation, pinned with package simtest,
// the mistake on the peering included: adding the missing static route
// makes its check fail, which is the cue to turn it around. Run them with
//
//	go test ./examples/hybrid
//
// and, after changing network() or run(), review the change to
// testdata/hybrid.golden that go test ./examples/hybrid -update writes.

var org = simtest.Once(func() *sim.Network { return network(true) })

// The data centre reaches the app tier on 443 and the directory on 636,
// over Direct Connect both ways, but never the database.
func TestDataCentre(t *testing.T) {
	t.Parallel()
	a := org(t)
	dc := sim.OnPrem("dc1")
	a.Reachable(t, dc, sim.ENI("eni-app"), "tcp 443")
	via(t, a, sim.Query{From: dc, To: sim.ENI("eni-app"), Port: 443}, "vif-dc1", "eni-fw-a")
	a.Reachable(t, dc, sim.ENI("eni-hub-ldap"), "tcp 636")
	via(t, a, sim.Query{From: dc, To: sim.ENI("eni-hub-ldap"), Port: 636}, "vif-dc1")
	a.NotReachable(t, dc, sim.ENI("eni-db"), "tcp 5432", simtest.Because(sim.SGIngress), simtest.At("eni-db"))
	a.ReachableOnlyFrom(t, simtest.ENIs("eni-db"), "tcp 5432", simtest.SecurityGroup("sg-app"))
}

// The branch office reaches the data centre through the hub transit
// gateway: over its VPN there, Direct Connect back (the transit gateway
// prefers the Direct Connect route to dc1).
func TestBranchOffice(t *testing.T) {
	t.Parallel()
	a := org(t)
	q := sim.Query{From: sim.OnPrem("br1"), To: sim.OnPrem("dc1"), Port: 443}
	a.Reachable(t, q.From, q.To, "tcp 443")
	via(t, a, q, "vpn-br1", "tgw-use", "dxgw-1", "vif-dc1")
}

// Europe reaches the hub and the data centre across the peering, and not
// the app: rt-eu has no static route to 10.1.0.0/16.
func TestPeering(t *testing.T) {
	t.Parallel()
	a := org(t)
	a.Reachable(t, sim.ENI("eni-eu-app"), sim.ENI("eni-hub-ldap"), "tcp 636")
	via(t, a, sim.Query{From: sim.ENI("eni-eu-app"), To: sim.ENI("eni-hub-ldap"), Port: 636}, "tgw-euc", "tgw-use")
	a.Reachable(t, sim.ENI("eni-eu-app"), sim.OnPrem("dc1"), "tcp 443")
	a.NotReachable(t, sim.ENI("eni-eu-app"), sim.ENI("eni-app"), "tcp 443", simtest.Because(sim.NoRoute), simtest.At("tgw-euc"))
}

// Internet traffic to the web server passes the firewall both ways.
func TestIngressInspection(t *testing.T) {
	t.Parallel()
	a := org(t)
	a.Reachable(t, sim.Internet(), sim.ENI("eni-web"), "tcp 443")
	via(t, a, sim.Query{From: sim.Internet(), To: sim.ENI("eni-web"), Port: 443}, "eni-web-fw")
	a.InternetOnlyVia(t, simtest.ENIs("eni-web"), "eni-web-fw")
}

// Appliance mode keeps both directions of a cross-zone flow on one
// firewall; without it the reply meets the other zone's firewall.
func TestApplianceMode(t *testing.T) {
	t.Parallel()
	org(t).Reachable(t, sim.ENI("eni-app"), sim.ENI("eni-hub-ldap"), "tcp 636")
	off := simtest.New(t, network(false))
	off.NotReachable(t, sim.ENI("eni-app"), sim.ENI("eni-hub-ldap"), "tcp 636", simtest.Because(sim.AsymmetricRoute), simtest.At("eni-fw-b"))
}

// via fails the test unless the path of q passes every component of ids.
func via(t *testing.T, a *simtest.Arch, q sim.Query, ids ...string) {
	t.Helper()
	r, err := a.Model().Reach(q)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if !slices.ContainsFunc(r.Path, func(h sim.Hop) bool { return h.Component == id }) {
			t.Errorf("%s does not pass %s:\n%s", q, id, r)
		}
	}
}

// The printed answers, pinned.
func TestOutputGolden(t *testing.T) {
	var b bytes.Buffer
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	const file = "testdata/hybrid.golden"
	if *simtest.Update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./examples/hybrid -update to create it)", err)
	}
	if d := cmp.Diff(string(want), b.String()); d != "" {
		t.Errorf("the output of run differs from %s (-want +got):\n%s", file, d)
	}
}
