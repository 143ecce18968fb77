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

// TestHybridWhoCanReach: on-premises networks are sources of WhoCanReach,
// after the interfaces and before the internet, each with a witness path.
func TestHybridWhoCanReach(t *testing.T) {
	n := twoRegions()
	n.OnPremNetworks = append(n.OnPremNetworks, vpc.OnPremNetwork{ID: "dc2", CIDRs: []netip.Prefix{pfx("172.16.0.0/12")}})
	m := mustCompile(t, n)
	rs, err := m.WhoCanReach(Query{To: ENI("eni-eu"), Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	type who struct {
		ENIs   []string
		OnPrem string
		Via    bool
	}
	var got []who
	for _, r := range rs {
		got = append(got, who{ENIs: r.ENIs, OnPrem: r.OnPrem, Via: r.OnPrem != "" && passes(r.Witness.Path, "vpn-dc1")})
	}
	// dc2 has no connection; the internet has no way in.
	want := []who{{ENIs: []string{"eni-hub"}}, {OnPrem: "dc1", Via: true}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("WhoCanReach eni-eu (-want +got):\n%s", d)
	}
}

// TestHybridMatrix: a Matrix selection may name on-premises networks, each
// a group of its own, beside interfaces.
func TestHybridMatrix(t *testing.T) {
	n := twoRegions()
	// dc1 may open connections to the hub only.
	n.SecurityGroups[1].Ingress = n.SecurityGroups[1].Ingress[:1]
	m := mustCompile(t, n)
	x, err := m.Matrix(Selection{ENIs: []string{"eni-hub", "eni-eu"}, OnPrem: []string{"dc1"}})
	if err != nil {
		t.Fatal(err)
	}
	var groups []string
	for _, g := range x.Groups {
		groups = append(groups, strings.Join(g.Members, ","))
	}
	if d := cmp.Diff([]string{"eni-eu", "eni-hub", "onprem:dc1"}, groups); d != "" {
		t.Fatalf("groups (-want +got):\n%s", d)
	}
	var cells [][2]string
	for _, c := range x.Cells {
		cells = append(cells, [2]string{groups[c.From], groups[c.To]})
	}
	want := [][2]string{
		{"eni-eu", "eni-hub"}, {"eni-eu", "onprem:dc1"},
		{"eni-hub", "eni-eu"}, {"eni-hub", "onprem:dc1"},
		{"onprem:dc1", "eni-hub"},
	}
	if d := cmp.Diff(want, cells); d != "" {
		t.Errorf("cells (-want +got):\n%s", d)
	}

	if _, err := m.Matrix(Selection{OnPrem: []string{"dc9"}}); err == nil {
		t.Error("an unknown on-premises network: no error")
	}
	if _, err := m.Matrix(Selection{OnPrem: []string{"dc1"}, IPv6: true}); err == nil {
		t.Error("an IPv6 selection of an IPv4-only on-premises network: no error")
	}
}

// TestHybridExposure: what a gateway route table sends through an
// appliance is exposed when the appliance lets it pass; without the table
// the stateful appliance sees only the web server's replies and drops
// them, so only flows that expect no reply (ICMP messages other than
// requests) reach the server.
func TestHybridExposure(t *testing.T) {
	exposed := func(n *Network) map[string][]vpc.Protocol {
		ex, err := mustCompile(t, n).Exposure()
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]vpc.Protocol{}
		for _, e := range ex {
			for _, o := range e.Open {
				for _, id := range e.ENIs {
					if ps := out[id]; len(ps) == 0 || ps[len(ps)-1] != o.Protocol {
						out[id] = append(ps, o.Protocol)
					}
				}
			}
		}
		return out
	}
	if got := exposed(ingressNet(true))["eni-web"]; !slices.Contains(got, vpc.ProtocolTCP) {
		t.Errorf("with the gateway route table, eni-web is open on %v, want tcp among them", got)
	}
	if d := cmp.Diff([]vpc.Protocol{vpc.ProtocolICMP}, exposed(ingressNet(false))["eni-web"]); d != "" {
		t.Errorf("without it (-want +got):\n%s", d)
	}
}

// TestHybridPicture: pictures draw on-premises networks, VPN connections,
// Direct Connect gateways, virtual private gateways and transit gateway
// peerings, and highlight a path through them.
func TestHybridPicture(t *testing.T) {
	m := mustCompile(t, withTransitDX(twoRegions()))
	mmd := m.Mermaid(nil)
	for _, want := range []string{
		`n_dc1[("dc1<br/>on premises 192.168.0.0/16")]`,
		`n_vpn_dc1[\"vpn-dc1<br/>Site-to-Site VPN, BGP"\]`,
		`n_dxgw_1{{"dxgw-1<br/>Direct Connect gateway<br/>virtual interfaces vif-dc1"}}`,
		"n_tgw_euc <--> n_tgw_use",
		"n_tgw_use <--> n_vpn_dc1",
		"n_dc1 <--> n_dxgw_1",
	} {
		if !strings.Contains(mmd, want) {
			t.Errorf("the Mermaid picture lacks %q:\n%s", want, mmd)
		}
	}
	r, err := m.Reach(Query{From: OnPrem("dc1"), To: ENI("eni-eu"), Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	p := m.picture(r)
	var on []string
	for _, id := range []string{"dc1", "vpn-dc1", "tgw-use", "tgw-euc", "eni-eu", "dxgw-1"} {
		if p.onPath[m.nodeIDs[id]] {
			on = append(on, id)
		}
	}
	if d := cmp.Diff([]string{"dc1", "vpn-dc1", "tgw-use", "tgw-euc", "eni-eu"}, on); d != "" {
		t.Errorf("highlighted path (-want +got):\n%s", d)
	}
	if _, err := m.DOT(r); err != nil {
		t.Errorf("DOT: %v", err)
	}

	m = mustCompile(t, withDX(hybridNet(), nil, "192.168.0.0/16"))
	mmd = m.Mermaid(nil)
	for _, want := range []string{`n_vgw_app>"vgw-app<br/>virtual private gateway"]`, "n_vgw_app <--> n_dxgw_1", "n_vgw_app <--> n_vpn_dc1"} {
		if !strings.Contains(mmd, want) {
			t.Errorf("the Mermaid picture lacks %q:\n%s", want, mmd)
		}
	}
	// The reply's route is a propagation to vgw-app: highlighted as such.
	r, err = m.Reach(Query{From: ENI("eni-app"), To: OnPrem("dc1"), Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	p = m.picture(r)
	if !p.onPath[m.nodeIDs["vgw-app"]] || !p.onPath[m.nodeIDs["dxgw-1"]] {
		t.Errorf("the path through vgw-app and dxgw-1 is not highlighted")
	}
}

// TestHybridJSONRoundTrip: hybrid declarations save and load without loss.
func TestHybridJSONRoundTrip(t *testing.T) {
	for _, n := range []*Network{withTransitDX(twoRegions()), withDX(hybridNet(), []netip.Prefix{pfx("10.0.0.0/15")}, "192.168.0.0/16"),
		ingressNet(true), applianceNet(true)} {
		n.VPNConnections = append(n.VPNConnections, vpc.VPNConnection{ID: "vpn-extra", CustomerGateway: "cgw-dc1", VPNGateway: "vgw-x",
			StaticRoutesOnly: true, Routes: []netip.Prefix{pfx("192.168.0.0/24")}, Tunnels: []vpc.VPNTunnel{{Status: vpc.LinkDown}, {}}})
		var b strings.Builder
		if err := n.Save(&b); err != nil {
			t.Fatal(err)
		}
		got, err := Load(strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("load: %v\n%s", err, b.String())
		}
		if d := cmp.Diff(n, got, cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}), cmpopts.EquateEmpty()); d != "" {
			t.Errorf("round trip (-saved +loaded):\n%s", d)
		}
	}
}
