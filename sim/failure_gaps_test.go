package sim

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcsim/vpcsim/vpc"
)

// A zone failure takes an interface endpoint's interface in that zone: a
// client in the other zone keeps its endpoint interface; one whose zone
// still stands but whose endpoint lives in the failed zone only reaches
// the interface left in the other zone (the endpoint's regional DNS name
// answers with the interface of every zone it is in: AWS PrivateLink
// Guide, "Access an AWS service using an interface VPC endpoint", DNS
// names).
func TestFailureZoneTakesEndpointInterfaces(t *testing.T) {
	n := withEndpoints()
	q := func(from string) Query { return Query{From: ENI(from), To: Service("secretsmanager"), Port: 443} }
	whole := mustCompile(t, n)
	r, err := whole.Reach(q("eni-lambda-b"))
	if err != nil || r.Status != Reachable || !passes(r.Path, "vpce-secrets/subnet-app-b") {
		t.Fatalf("whole network: %v\n%s", err, r)
	}
	m, err := CompileWithout(n, ZoneFailure("us-east-1b"))
	if err != nil {
		t.Fatal(err)
	}
	_, removed := m.Failure()
	for _, id := range []string{"vpce-secrets/subnet-app-b", "vpce-ssm/subnet-app-b"} {
		if !slices.Contains(removed, id) {
			t.Errorf("%s not taken away: %v", id, removed)
		}
		if _, ok := m.Interface(id); ok {
			t.Errorf("%s still compiled", id)
		}
	}
	r, err = m.Reach(q("eni-lambda-a"))
	if err != nil || r.Status != Reachable || !passes(r.Path, "vpce-secrets/subnet-app-a") {
		t.Errorf("zone a client after zone b's failure: %v\n%s", err, r)
	}
	// One interface named: the endpoint keeps the other, and a client in
	// zone b now crosses to zone a.
	m, err = CompileWithout(n, ComponentFailure("vpce-secrets/subnet-app-b"))
	if err != nil {
		t.Fatal(err)
	}
	if _, removed := m.Failure(); !slices.Equal(removed, []string{"vpce-secrets/subnet-app-b"}) {
		t.Errorf("removed %v", removed)
	}
	r, err = m.Reach(q("eni-lambda-b"))
	if err != nil || r.Status != Reachable || !passes(r.Path, "vpce-secrets/subnet-app-a") {
		t.Errorf("zone b client without its zone's interface: %v\n%s", err, r)
	}
	// The whole endpoint named: both interfaces go, and the service's
	// private DNS name answers nothing the client can reach through it.
	m, err = CompileWithout(n, ComponentFailure("vpce-secrets"))
	if err != nil {
		t.Fatal(err)
	}
	if _, removed := m.Failure(); !slices.Equal(removed, []string{"vpce-secrets/subnet-app-a", "vpce-secrets/subnet-app-b"}) {
		t.Errorf("removed %v", removed)
	}
	r, err = m.Reach(q("eni-lambda-a"))
	if err == nil && r.Status == Reachable && passes(r.Path, "vpce-secrets") {
		t.Errorf("through an endpoint with no interface left:\n%s", r)
	}
	// Other endpoints are untouched.
	r, err = m.Reach(Query{From: ENI("eni-lambda-a"), To: Service("ssm"), Port: 443})
	if err != nil || r.Status != Reachable || !passes(r.Path, "vpce-ssm/subnet-app-a") {
		t.Errorf("ssm after vpce-secrets' failure: %v\n%s", err, r)
	}
	if _, err := CompileWithout(n, ComponentFailure("vpce-secrets/subnet-db-a")); err == nil ||
		!strings.Contains(err.Error(), "VPC endpoint or its interface (<vpce>/<subnet>)") {
		t.Errorf("an interface the endpoint does not have: %v", err)
	}
}

// Surviving interfaces keep every address they had, those compile assigns
// included: load balancer nodes', endpoints' and plain interfaces'
// private and public addresses, whatever a failure takes before them in
// ID order.
func TestFailureKeepsAddresses(t *testing.T) {
	n := withPrivateLink()
	// Interfaces that declare no address and want a public one, in ID
	// order after the load balancer's nodes: their public addresses come
	// after those the internet-facing nodes take.
	on := true
	n.NetworkInterfaces = append(n.NetworkInterfaces,
		vpc.NetworkInterface{ID: "zz-a", Subnet: "subnet-pub-a", AssignPublicIP: &on},
		vpc.NetworkInterface{ID: "zz-b", Subnet: "subnet-pub-b", AssignPublicIP: &on})
	whole := mustCompile(t, n)
	type addrs struct {
		Private []netip.Addr
		Public  netip.Addr
	}
	of := func(m *Model) map[string]addrs {
		out := map[string]addrs{}
		for e := range m.Interfaces() {
			out[e.ID] = addrs{e.PrivateIPs, e.PublicIP}
		}
		return out
	}
	before := of(whole)
	for _, f := range []Failure{
		ZoneFailure("us-east-1a"),
		ComponentFailure("vpce-partner/subnet-app-a"),
		ComponentFailure("nlb-prov/subnet-prov-a"),
		ComponentFailure("eni-app-a", "nat-a"),
		ComponentFailure("subnet-pub-a"),
	} {
		m, err := CompileWithout(n, f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		after := of(m)
		_, removed := m.Failure()
		for id, a := range before {
			b, ok := after[id]
			if !ok {
				if !slices.Contains(removed, id) && !slices.Contains(removed, strings.TrimSuffix(id, "/eni")) {
					t.Errorf("%s: %s is gone but not reported taken away", f, id)
				}
				continue
			}
			if diff := cmp.Diff(a, b, cmpopts.EquateComparable(netip.Addr{})); diff != "" {
				t.Errorf("%s: %s moved (-before +after):\n%s", f, id, diff)
			}
		}
	}
}

// VPN and Direct Connect failures: a virtual interface's failure moves
// the data centre's traffic to the VPN backup; the VPN connection's
// failure then leaves no path (CONNECTION_DOWN), while one tunnel's
// failure leaves the other carrying it (AWS Site-to-Site VPN User Guide,
// "Tunnel options for your Site-to-Site VPN connection": each connection
// has two tunnels for redundancy).
func TestFailureHybridLinks(t *testing.T) {
	n := withDX(hybridNet(), nil, "192.168.0.0/16")
	q := Query{From: OnPrem("dc1"), To: ENI("eni-app"), Port: 443}
	reach := func(f Failure) *Result {
		t.Helper()
		m, err := CompileWithout(n, f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		r, err := m.Reach(q)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		return r
	}
	r := reach(ComponentFailure("vif-dc1"))
	wantVerdict(t, r, Reachable, NoReason, "")
	if !passes(r.Path, "vpn-dc1") {
		t.Errorf("Direct Connect down: want the VPN backup\n%s", r)
	}
	r = reach(ComponentFailure("vpn-dc1/tunnel1"))
	wantVerdict(t, r, Reachable, NoReason, "")
	if !passes(r.Path, "vif-dc1") {
		t.Errorf("one tunnel down: want Direct Connect still\n%s", r)
	}
	r = reach(ComponentFailure("vif-dc1", "vpn-dc1/tunnel2"))
	wantVerdict(t, r, Reachable, NoReason, "")
	if !passes(r.Path, "vpn-dc1") {
		t.Errorf("one tunnel left: want the VPN\n%s", r)
	}
	r = reach(ComponentFailure("vif-dc1", "vpn-dc1"))
	if r.Status == Reachable {
		t.Errorf("Direct Connect and the VPN down: want no path\n%s", r)
	}
	// Without Direct Connect, the VPN's failure is CONNECTION_DOWN.
	n = hybridNet()
	r = reach(ComponentFailure("vpn-dc1"))
	wantVerdict(t, r, Blocked, ConnectionDown, "")

	// The diff names the on-premises flow that breaks.
	rep, err := AssessFailure(n, ComponentFailure("vpn-dc1"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"vpn-dc1/tunnel1", "vpn-dc1/tunnel2"}, rep.Removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	var broken []string
	for _, c := range rep.Broken {
		broken = append(broken, strings.Join(c.From, ",")+" -> "+strings.Join(c.To, ","))
		if c.After.Status == Reachable {
			t.Errorf("a broken flow that passes: %s", c.After)
		}
	}
	if diff := cmp.Diff([]string{"eni-app -> onprem:dc1", "onprem:dc1 -> eni-app"}, broken); diff != "" {
		t.Errorf("broken (-want +got):\n%s\n%s", diff, rep)
	}
	if !strings.Contains(rep.String(), "onprem:dc1 -> eni-app: all traffic lost") {
		t.Errorf("report:\n%s", rep)
	}
	// A tunnel already down is not taken away again; an unknown tunnel
	// is an error.
	if _, err := CompileWithout(n, ComponentFailure("vpn-dc1/tunnel3")); err == nil || !strings.Contains(err.Error(), "<vpn>/tunnel1") {
		t.Errorf("tunnel3: %v", err)
	}
}
