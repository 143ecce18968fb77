package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
)

// The PrivateLink answers, pinned. Run them with
//
//	go test ./examples/privatelink
//
// and, after changing network() or questions(), review the change to
// testdata/privatelink.golden (what main prints) that
// go test ./examples/privatelink -update writes.

// TestVerdicts pins the verdict of each question main asks.
func TestVerdicts(t *testing.T) {
	m, err := sim.Compile(network())
	if err != nil {
		t.Fatal(err)
	}
	want := []sim.Verdict{
		{Status: sim.Reachable},
		{Status: sim.Reachable},
		{Status: sim.Blocked, Reason: sim.UnknownDestination},
		{Status: sim.Blocked, Reason: sim.EndpointNotAvailable},
	}
	qs := questions()
	if len(qs) != len(want) {
		t.Fatalf("%d questions, %d verdicts pinned", len(qs), len(want))
	}
	for i, x := range qs {
		got, err := m.Verdict(x.q)
		if err != nil {
			t.Fatalf("%s: %v", x.what, err)
		}
		if d := cmp.Diff(want[i], got); d != "" {
			t.Errorf("%d %s (-want +got):\n%s", i+1, x.what, d)
		}
	}
}

// TestZonesByID: the endpoint hands each connection to the load
// balancer's node in the same zone, by AZ ID (the shop's us-east-1a is
// the provider's us-east-1b), and the instance sees the node's address.
func TestZonesByID(t *testing.T) {
	m, err := sim.Compile(network())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ from, node, target string }{
		{"eni-shop-a", "nlb-api/provider-b", "eni-api-b"},
		{"eni-shop-b", "nlb-api/provider-a", "eni-api-a"},
	} {
		r, err := m.Reach(sim.Query{From: sim.ENI(c.from), To: sim.DNSName("api.provider.example"), Port: 443})
		if err != nil {
			t.Fatal(err)
		}
		if r.Proxy == nil || len(r.Proxy.Branches) != 1 || r.Proxy.Branches[0].Leg == nil || r.Proxy.Branches[0].Leg.Proxy == nil {
			t.Fatalf("%s: no PrivateLink leg:\n%s", c.from, r)
		}
		b := r.Proxy.Branches[0]
		if b.Target != c.node {
			t.Errorf("%s: handed to %s, want %s", c.from, b.Target, c.node)
		}
		lb := b.Leg.Proxy.Branches
		node, _ := m.Interface(c.node)
		if len(lb) != 1 || lb[0].Target != c.target || lb[0].Leg == nil || lb[0].Leg.Path[0].Packet.Src != node.PrivateIPs[0] {
			t.Errorf("%s: want %s to see the node's address %s:\n%s", c.from, c.target, node.PrivateIPs[0], r)
		}
	}
}

// TestAccepted: once the provider accepts billing's connection, billing
// reaches the API as the shop does.
func TestAccepted(t *testing.T) {
	n := network()
	n.EndpointConnections[1].State = endpoint.Available
	a := simtest.New(t, n)
	a.Reachable(t, sim.ENI("eni-billing-a"), sim.DNSName("api.provider.example"), "tcp 443")
	a.Reachable(t, sim.ENI("eni-billing-b"), sim.Service(serviceName), "tcp 443")
}

// TestOutput pins what main prints.
func TestOutput(t *testing.T) {
	var b bytes.Buffer
	if err := report(&b); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/privatelink.golden"
	if *simtest.Update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (write it with go test -update)", err)
	}
	if d := cmp.Diff(string(want), b.String()); d != "" {
		t.Errorf("output differs from %s (-want +got); review, then go test -update:\n%s", golden, d)
	}
}
