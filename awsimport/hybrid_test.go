package awsimport

import (
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// IDs of testdata/hybrid: the describe output of the organisation of
// tfimport's hybrid fixture (examples/hybrid's shape without its
// inspection VPC), with a BGP VPN connection whose advertised prefix the
// route table's propagated route shows.
const (
	hyVPCApp, hyVPCHub, hyVPCEU = "vpc-0a00000000000a001", "vpc-0a00000000000b001", "vpc-0c00000000000e001"
	hyApp, hyWeb, hyAppliance   = "subnet-0a0000000000a001", "subnet-0a0000000000a002", "subnet-0a0000000000a003"
	hyHubTGW, hyHubSvc          = "subnet-0a0000000000b001", "subnet-0a0000000000b002"
	hyEUTGW, hyEUApp            = "subnet-0c0000000000e001", "subnet-0c0000000000e002"
	hyVGW, hyCGW, hyVPN, hyIGW  = "vgw-0a000000000000001", "cgw-0a000000000000001", "vpn-0a000000000000001", "igw-0a000000000000001"
	hyTGWUse, hyTGWEuc          = "tgw-0a000000000000001", "tgw-0c000000000000001"
	hyRTUse, hyRTEuc            = "tgw-rtb-0a000000000000001", "tgw-rtb-0c000000000000001"
	hyAttHub, hyAttDX           = "tgw-attach-0a00000000000b001", "tgw-attach-0a00000000000d001"
	hyAttPeer, hyAttEU          = "tgw-attach-0a00000000000p001", "tgw-attach-0c00000000000e001"
	hyDXGW, hyVIF               = "5f3a8c7e-1b2d-4c6e-9f00-0a0000000001", "dxvif-fg0a0001"
	hyENIApp, hyENIWeb          = "eni-0a0000000000a0001", "eni-0a0000000000a0002"
	hyENIAppliance, hyENILDAP   = "eni-0a0000000000a0003", "eni-0a0000000000b0001"
	hyENIEU                     = "eni-0c0000000000e0001"
)

// handHybrid is testdata/hybrid written by hand.
func handHybrid() *sim.Network {
	sn := func(id, v, az, cidr string) vpc.Subnet {
		return vpc.Subnet{ID: id, VPC: v, AvailabilityZone: az, CIDR: pfx(cidr)}
	}
	sg := func(id, v string, in ...vpc.SGRule) vpc.SecurityGroup {
		return vpc.SecurityGroup{ID: id, VPC: v, Ingress: in, Egress: []vpc.SGRule{vpc.AllowAllEgress()}}
	}
	tcp := func(p uint16, cidr string) vpc.SGRule {
		return vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(p), CIDR: pfx(cidr)}
	}
	toTGW := func(tgw string, ds ...string) []vpc.Route {
		var out []vpc.Route
		for _, d := range ds {
			out = append(out, vpc.Route{Destination: pfx(d), Target: vpc.ToTransitGateway(tgw)})
		}
		return out
	}
	eni := func(id, subnet, ip, group string) vpc.NetworkInterface {
		return vpc.NetworkInterface{ID: id, Subnet: subnet, PrivateIPs: []netip.Addr{addr(ip)}, SecurityGroups: []string{group}}
	}
	web := eni(hyENIWeb, hyWeb, "10.1.2.10", "sg-0a0000000000a0002")
	web.PublicIP = addr("3.80.1.10")
	appliance := eni(hyENIAppliance, hyAppliance, "10.1.9.10", "sg-0a0000000000a0003")
	appliance.PublicIP, appliance.SourceDestCheckDisabled = addr("3.80.1.20"), true
	dc1 := []netip.Prefix{pfx("192.168.0.0/16")}
	return &sim.Network{
		VPCs: []vpc.VPC{
			{ID: hyVPCApp, Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}},
			{ID: hyVPCHub, Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}},
			{ID: hyVPCEU, Region: "eu-central-1", CIDRs: []netip.Prefix{pfx("10.20.0.0/16")}},
		},
		Subnets: []vpc.Subnet{
			sn(hyApp, hyVPCApp, "us-east-1a", "10.1.1.0/24"), sn(hyWeb, hyVPCApp, "us-east-1a", "10.1.2.0/24"), sn(hyAppliance, hyVPCApp, "us-east-1a", "10.1.9.0/24"),
			sn(hyHubTGW, hyVPCHub, "us-east-1a", "10.0.0.0/28"), sn(hyHubSvc, hyVPCHub, "us-east-1a", "10.0.1.0/24"),
			sn(hyEUTGW, hyVPCEU, "eu-central-1a", "10.20.0.0/28"), sn(hyEUApp, hyVPCEU, "eu-central-1a", "10.20.1.0/24"),
		},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-0a0000000000a0001", VPC: hyVPCApp, Subnets: []string{hyApp}, Propagations: []string{hyVGW}},
			{ID: "rtb-0a0000000000a0002", VPC: hyVPCApp, Gateways: []string{hyIGW},
				Routes: []vpc.Route{{Destination: pfx("10.1.2.0/24"), Target: vpc.ToNetworkInterface(hyENIAppliance)}}},
			{ID: "rtb-0a0000000000a0003", VPC: hyVPCApp, Subnets: []string{hyWeb},
				Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToNetworkInterface(hyENIAppliance)}}},
			{ID: "rtb-0a0000000000a0004", VPC: hyVPCApp, Subnets: []string{hyAppliance},
				Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToInternetGateway(hyIGW)}}},
			{ID: "rtb-0a0000000000b0001", VPC: hyVPCHub, Subnets: []string{hyHubSvc}, Routes: toTGW(hyTGWUse, "192.168.0.0/16", "10.20.0.0/16")},
			{ID: "rtb-0c0000000000e0001", VPC: hyVPCEU, Subnets: []string{hyEUApp}, Routes: toTGW(hyTGWEuc, "10.0.0.0/8", "192.168.0.0/16")},
		},
		InternetGateways: []vpc.InternetGateway{{ID: hyIGW, VPC: hyVPCApp}},
		SecurityGroups: []vpc.SecurityGroup{
			sg("sg-0a0000000000a0001", hyVPCApp, tcp(22, "192.168.0.0/16")),
			sg("sg-0a0000000000a0002", hyVPCApp, tcp(443, "0.0.0.0/0")),
			sg("sg-0a0000000000a0003", hyVPCApp, vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: pfx("0.0.0.0/0")}),
			sg("sg-0a0000000000b0001", hyVPCHub, tcp(636, "192.168.0.0/16"), tcp(636, "10.20.0.0/16")),
			sg("sg-0c0000000000e0001", hyVPCEU),
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			eni(hyENIApp, hyApp, "10.1.1.10", "sg-0a0000000000a0001"), web, appliance,
			eni(hyENILDAP, hyHubSvc, "10.0.1.10", "sg-0a0000000000b0001"), eni(hyENIEU, hyEUApp, "10.20.1.10", "sg-0c0000000000e0001"),
		},
		TransitGateways: []vpc.TransitGateway{{ID: hyTGWUse, Region: "us-east-1"}, {ID: hyTGWEuc, Region: "eu-central-1"}},
		TransitGatewayRouteTables: []vpc.TransitGatewayRouteTable{
			{ID: hyRTUse, TransitGateway: hyTGWUse, Routes: []vpc.TGWRoute{{Destination: pfx("10.20.0.0/16"), Attachment: hyAttPeer}, {Destination: pfx("10.99.0.0/16"), Blackhole: true}}},
			{ID: hyRTEuc, TransitGateway: hyTGWEuc, Routes: []vpc.TGWRoute{{Destination: pfx("10.0.0.0/16"), Attachment: hyAttPeer}, {Destination: pfx("192.168.0.0/16"), Attachment: hyAttPeer}}},
		},
		TransitGatewayAttachments: []vpc.TransitGatewayAttachment{
			{ID: hyAttHub, TransitGateway: hyTGWUse, VPC: hyVPCHub, Subnets: []string{hyHubTGW}, RouteTable: hyRTUse, Propagations: []string{hyRTUse}},
			{ID: hyAttEU, TransitGateway: hyTGWEuc, VPC: hyVPCEU, Subnets: []string{hyEUTGW}, RouteTable: hyRTEuc, Propagations: []string{hyRTEuc}},
			{ID: hyAttDX, TransitGateway: hyTGWUse, DirectConnectGateway: hyDXGW, RouteTable: hyRTUse, Propagations: []string{hyRTUse}},
			{ID: hyAttPeer, TransitGateway: hyTGWUse, PeerTransitGateway: hyTGWEuc, RouteTable: hyRTUse, PeerRouteTable: hyRTEuc},
		},
		OnPremNetworks:   []vpc.OnPremNetwork{{ID: "dc1", CIDRs: dc1}},
		CustomerGateways: []vpc.CustomerGateway{{ID: hyCGW, Network: "dc1"}},
		VPNGateways:      []vpc.VPNGateway{{ID: hyVGW, VPC: hyVPCApp}},
		VPNConnections:   []vpc.VPNConnection{{ID: hyVPN, CustomerGateway: hyCGW, VPNGateway: hyVGW, Routes: dc1}},
		DirectConnectGateways: []vpc.DirectConnectGateway{{ID: hyDXGW, Associations: []vpc.DirectConnectAssociation{{Gateway: hyTGWUse,
			AllowedPrefixes: []netip.Prefix{pfx("10.0.0.0/16"), pfx("10.20.0.0/16")}}}}},
		VirtualInterfaces: []vpc.VirtualInterface{{ID: hyVIF, Type: vpc.TransitVirtualInterface, Network: "dc1", DirectConnectGateway: hyDXGW, Routes: dc1}},
	}
}

// The hybrid describe output gives the answers of the network written by
// hand: dc1 over the BGP VPN to the virtual private gateway's VPC and
// over Direct Connect to the hub, Europe across the inter-Region transit
// gateway peering, internet ingress through the appliance, and the
// denials.
func TestHybridMatchesHandWritten(t *testing.T) {
	r, err := Load("testdata/hybrid")
	if err != nil {
		t.Fatal(err)
	}
	got, err := sim.Compile(r.Network)
	if err != nil {
		t.Fatalf("Compile(imported): %v", err)
	}
	want, err := sim.Compile(handHybrid())
	if err != nil {
		t.Fatalf("Compile(hand-written): %v", err)
	}
	dc := sim.OnPrem("dc1")
	app, web, ldap, eu := sim.ENI(hyENIApp), sim.ENI(hyENIWeb), sim.ENI(hyENILDAP), sim.ENI(hyENIEU)
	for _, tc := range []struct {
		name   string
		q      sim.Query
		status sim.Status
	}{
		{"dc1 reaches the VGW's VPC over the VPN", sim.Query{From: dc, To: app, Port: 22}, sim.Reachable},
		{"the app VPC reaches dc1 by the propagated BGP route", sim.Query{From: app, To: dc, Port: 443}, sim.Reachable},
		{"dc1 reaches the hub over Direct Connect and the transit gateway", sim.Query{From: dc, To: ldap, Port: 636}, sim.Reachable},
		{"Europe reaches the hub across the peering", sim.Query{From: eu, To: ldap, Port: 636}, sim.Reachable},
		{"Europe reaches dc1 across the peering and Direct Connect", sim.Query{From: eu, To: dc, Port: 443}, sim.Reachable},
		{"Europe's group admits nothing", sim.Query{From: dc, To: eu, Port: 443}, sim.Blocked},
		{"the app's group admits ssh only", sim.Query{From: dc, To: app, Port: 443}, sim.Blocked},
		{"the app VPC has no route to the hub", sim.Query{From: app, To: ldap, Port: 636}, sim.Blocked},
		{"internet ingress passes the appliance", sim.Query{From: sim.Internet(), To: web, Port: 443}, sim.Reachable},
	} {
		g, err := got.Reach(tc.q)
		if err != nil {
			t.Fatalf("%s: imported: %v", tc.name, err)
		}
		w, err := want.Reach(tc.q)
		if err != nil {
			t.Fatalf("%s: hand-written: %v", tc.name, err)
		}
		if g.Status != tc.status {
			t.Errorf("%s: %s, want %s (%v)", tc.name, g.Status, tc.status, g.Block)
		}
		if d := cmp.Diff(hybridSummary(w), hybridSummary(g)); d != "" {
			t.Errorf("%s: imported answer differs from the hand-written one (-hand +imported):\n%s", tc.name, d)
		}
	}
	// The state the output tells: one tunnel down, the connection up.
	if c, ok := r.Network.VPNConnection(hyVPN); !ok || len(c.Tunnels) != 2 || c.Tunnels[1].Status != vpc.LinkDown {
		t.Errorf("VPN connection = %+v", c)
	}
}

// hybridSummary is what an answer says: verdict, reason, the components
// of the paths both ways and where it stopped.
func hybridSummary(r *sim.Result) string {
	path := func(hs []sim.Hop) string {
		var ids []string
		for _, h := range hs {
			if len(ids) == 0 || ids[len(ids)-1] != h.Component {
				ids = append(ids, h.Component)
			}
		}
		return strings.Join(ids, " > ")
	}
	s := fmt.Sprintf("%s %s\npath:  %s\nreply: %s", r.Status, r.Reason, path(r.Path), path(r.Reply))
	if r.Block != nil {
		s += "\nblock: " + r.Block.Component + " " + string(r.Block.Step)
	}
	return s
}

// Without the Direct Connect and customer gateway output, what refers to
// them is cut and reported, naming the resource, the field and what is
// missing; the rest still compiles.
func TestHybridMissingReferences(t *testing.T) {
	r, err := Load("testdata/hybrid/111111111111/eu-central-1", "testdata/hybrid/111111111111/us-east-1/TransitGatewayAttachments.json",
		"testdata/hybrid/111111111111/us-east-1/TransitGateways.json", "testdata/hybrid/111111111111/us-east-1/VpnConnections.json",
		"testdata/hybrid/111111111111/us-east-1/TransitGatewayPeeringAttachments.json")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range r.Skipped {
		got = append(got, s.Resource+" "+s.ID+": "+s.Reason)
	}
	for _, want := range []string{
		"vpn-connection " + hyVPN + ": refers to customer gateway " + hyCGW + ", which is not in the import",
		"transit-gateway-attachment " + hyAttDX + ": refers to direct connect gateway " + hyDXGW + ", which is not in the import",
		"transit-gateway-attachment " + hyAttHub + ": its subnets are unknown: add describe-transit-gateway-vpc-attachments output",
	} {
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("skipped lacks %q; got:\n%s", want, strings.Join(got, "\n"))
		}
	}
	if _, err := sim.Compile(r.Network); err != nil {
		t.Errorf("Compile: %v", err)
	}
	if len(r.Network.TransitGatewayAttachments) != 2 {
		t.Errorf("attachments = %+v: want Europe's and the peering", r.Network.TransitGatewayAttachments)
	}
}

// The on-premises option names a network's CIDRs, replacing what the
// import infers, and its gateways.
func TestHybridOnPremOption(t *testing.T) {
	r, err := Options{OnPrem: []OnPrem{{ID: "office", CIDRs: []netip.Prefix{pfx("172.16.0.0/12")}, Gateways: []string{"dc1-transit"}}}}.Load("testdata/hybrid")
	if err != nil {
		t.Fatal(err)
	}
	want := []vpc.OnPremNetwork{{ID: "dc1", CIDRs: []netip.Prefix{pfx("192.168.0.0/16")}}, {ID: "office", CIDRs: []netip.Prefix{pfx("172.16.0.0/12")}}}
	if d := cmp.Diff(want, r.Network.OnPremNetworks, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); d != "" {
		t.Errorf("networks (-want +got):\n%s", d)
	}
	if f, ok := r.Network.VirtualInterface(hyVIF); !ok || f.Network != "office" {
		t.Errorf("virtual interface = %+v: want it in the office", f)
	}
	if _, err := sim.Compile(r.Network); err != nil {
		t.Errorf("Compile: %v", err)
	}
}

// Without describe-transit-gateway-peering-attachments, a peering
// attachment is read from both sides' describe-transit-gateway-attachments
// views, each naming its side's association; seen from one side only, it
// is reported.
func TestHybridPeeringFromViews(t *testing.T) {
	fsys := fstest.MapFS{}
	err := filepath.WalkDir("testdata/hybrid", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "TransitGatewayPeeringAttachments.json") {
			return err
		}
		b, err := os.ReadFile(p)
		fsys[filepath.ToSlash(p)] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Read(fsys, "testdata/hybrid")
	if err != nil {
		t.Fatal(err)
	}
	att, ok := r.Network.TransitGatewayAttachment(hyAttPeer)
	// eu-central-1's view comes first by file: its transit gateway is
	// taken as the requester.
	if !ok || att.TransitGateway != hyTGWEuc || att.PeerTransitGateway != hyTGWUse || att.RouteTable != hyRTEuc || att.PeerRouteTable != hyRTUse {
		t.Errorf("peering attachment = %+v", att)
	}
	m, err := sim.Compile(r.Network)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := m.Reach(sim.Query{From: sim.ENI(hyENIEU), To: sim.ENI(hyENILDAP), Port: 636}); err != nil || res.Status != sim.Reachable {
		t.Errorf("Europe to the hub: %v %v", res, err)
	}

	delete(fsys, "testdata/hybrid/111111111111/eu-central-1/TransitGatewayAttachments.json")
	if r, err = Read(fsys, "testdata/hybrid"); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.Network.TransitGatewayAttachment(hyAttPeer); ok {
		t.Error("a peering attachment seen from one side is kept")
	}
	found := false
	for _, s := range r.Skipped {
		found = found || s.ID == hyAttPeer && strings.Contains(s.Reason, "seen from one side only")
	}
	if !found {
		t.Errorf("skipped = %v: want the one-sided peering reported", r.Skipped)
	}
}
