package tfimport

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// handHybrid is the network of testdata/hybrid.*.json written by hand, as
// a vpcsim user would declare it (examples/hybrid has the same shape),
// with the IDs the import gave: id maps a Terraform address to its ID,
// eni an instance's address to its interface's.
func handHybrid(r *Result, id, eni func(string) string) *sim.Network {
	pfx := netip.MustParsePrefix
	tgwRTB := func(tgw string) string {
		for _, t := range r.Network.TransitGatewayRouteTables {
			if t.TransitGateway == tgw {
				return t.ID
			}
		}
		return ""
	}
	dxAtt, vpnAtt := "", ""
	for _, a := range r.Network.TransitGatewayAttachments {
		if a.DirectConnectGateway != "" {
			dxAtt = a.ID
		}
		if a.VPNConnection != "" {
			vpnAtt = a.ID
		}
	}
	vpcApp, vpcHub, vpcEU := id("aws_vpc.app"), id("aws_vpc.hub"), id("aws_vpc.eu")
	use, euc := id("aws_ec2_transit_gateway.use"), id("aws_ec2_transit_gateway.euc")
	rtUse, rtEUC := tgwRTB(use), tgwRTB(euc)
	vgw, igw := id("aws_vpn_gateway.app"), id("aws_internet_gateway.app")
	peer := id("aws_ec2_transit_gateway_peering_attachment.use_euc")
	attHub, attEU := id("aws_ec2_transit_gateway_vpc_attachment.hub"), id("aws_ec2_transit_gateway_vpc_attachment.eu")
	dxgw := id("aws_dx_gateway.main")
	sn := func(name, v, az, cidr string) vpc.Subnet {
		return vpc.Subnet{ID: id("aws_subnet." + name), VPC: v, AvailabilityZone: az, CIDR: pfx(cidr)}
	}
	sg := func(name, v string, in ...vpc.SGRule) vpc.SecurityGroup {
		return vpc.SecurityGroup{ID: id("aws_security_group." + name), VPC: v, Ingress: in, Egress: []vpc.SGRule{vpc.AllowAllEgress()}}
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
	appliance := id("aws_network_interface.appliance")
	return &sim.Network{
		VPCs: []vpc.VPC{
			{ID: vpcApp, CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}},
			{ID: vpcHub, CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}},
			{ID: vpcEU, CIDRs: []netip.Prefix{pfx("10.20.0.0/16")}},
		},
		Subnets: []vpc.Subnet{
			sn("app", vpcApp, "us-east-1a", "10.1.1.0/24"), sn("web", vpcApp, "us-east-1a", "10.1.2.0/24"),
			sn("appliance", vpcApp, "us-east-1a", "10.1.9.0/24"),
			sn("hub_tgw", vpcHub, "us-east-1a", "10.0.0.0/28"), sn("hub_svc", vpcHub, "us-east-1a", "10.0.1.0/24"),
			sn("eu_tgw", vpcEU, "eu-central-1a", "10.20.0.0/28"), sn("eu_app", vpcEU, "eu-central-1a", "10.20.1.0/24"),
		},
		RouteTables: []vpc.RouteTable{
			{ID: id("aws_route_table.app"), VPC: vpcApp, Subnets: []string{id("aws_subnet.app")}, Propagations: []string{vgw}},
			{ID: id("aws_route_table.edge"), VPC: vpcApp, Gateways: []string{igw},
				Routes: []vpc.Route{{Destination: pfx("10.1.2.0/24"), Target: vpc.ToNetworkInterface(appliance)}}},
			{ID: id("aws_route_table.web"), VPC: vpcApp, Subnets: []string{id("aws_subnet.web")},
				Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToNetworkInterface(appliance)}}},
			{ID: id("aws_route_table.appliance"), VPC: vpcApp, Subnets: []string{id("aws_subnet.appliance")},
				Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToInternetGateway(igw)}}},
			{ID: id("aws_route_table.hub"), VPC: vpcHub, Subnets: []string{id("aws_subnet.hub_svc")}, Routes: toTGW(use, "192.168.0.0/16", "10.20.0.0/16")},
			{ID: id("aws_route_table.eu"), VPC: vpcEU, Subnets: []string{id("aws_subnet.eu_app")}, Routes: toTGW(euc, "10.0.0.0/8", "192.168.0.0/16")},
		},
		InternetGateways: []vpc.InternetGateway{{ID: igw, VPC: vpcApp}},
		SecurityGroups: []vpc.SecurityGroup{
			sg("app", vpcApp, tcp(22, "192.168.0.0/16")),
			sg("web", vpcApp, tcp(443, "0.0.0.0/0")),
			sg("appliance", vpcApp, vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: pfx("0.0.0.0/0")}),
			sg("hub", vpcHub, tcp(636, "192.168.0.0/16"), tcp(636, "10.20.0.0/16")),
			sg("eu", vpcEU),
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: eni("aws_instance.app"), Subnet: id("aws_subnet.app"), PrivateIPs: []netip.Addr{netip.MustParseAddr("10.1.1.10")}, SecurityGroups: []string{id("aws_security_group.app")}},
			{ID: eni("aws_instance.web"), Subnet: id("aws_subnet.web"), PrivateIPs: []netip.Addr{netip.MustParseAddr("10.1.2.10")}, PublicIP: netip.MustParseAddr("3.80.1.10"),
				SecurityGroups: []string{id("aws_security_group.web")}},
			{ID: appliance, Subnet: id("aws_subnet.appliance"), PrivateIPs: []netip.Addr{netip.MustParseAddr("10.1.9.10")}, PublicIP: netip.MustParseAddr("3.80.1.20"),
				SecurityGroups: []string{id("aws_security_group.appliance")}, SourceDestCheckDisabled: true},
			{ID: eni("aws_instance.ldap"), Subnet: id("aws_subnet.hub_svc"), PrivateIPs: []netip.Addr{netip.MustParseAddr("10.0.1.10")}, SecurityGroups: []string{id("aws_security_group.hub")}},
			{ID: eni("aws_instance.eu"), Subnet: id("aws_subnet.eu_app"), PrivateIPs: []netip.Addr{netip.MustParseAddr("10.20.1.10")}, SecurityGroups: []string{id("aws_security_group.eu")}},
		},
		TransitGateways: []vpc.TransitGateway{{ID: use, Region: "us-east-1"}, {ID: euc, Region: "eu-central-1"}},
		TransitGatewayRouteTables: []vpc.TransitGatewayRouteTable{
			{ID: rtUse, TransitGateway: use, Routes: []vpc.TGWRoute{{Destination: pfx("10.20.0.0/16"), Attachment: peer}, {Destination: pfx("10.99.0.0/16"), Blackhole: true}}},
			{ID: rtEUC, TransitGateway: euc, Routes: []vpc.TGWRoute{{Destination: pfx("10.0.0.0/16"), Attachment: peer}, {Destination: pfx("192.168.0.0/16"), Attachment: peer}}},
		},
		TransitGatewayAttachments: []vpc.TransitGatewayAttachment{
			{ID: attHub, TransitGateway: use, VPC: vpcHub, Subnets: []string{id("aws_subnet.hub_tgw")}, RouteTable: rtUse, Propagations: []string{rtUse}},
			{ID: attEU, TransitGateway: euc, VPC: vpcEU, Subnets: []string{id("aws_subnet.eu_tgw")}, RouteTable: rtEUC, Propagations: []string{rtEUC}},
			{ID: dxAtt, TransitGateway: use, DirectConnectGateway: dxgw, RouteTable: rtUse, Propagations: []string{rtUse}},
			{ID: vpnAtt, TransitGateway: use, VPNConnection: id("aws_vpn_connection.dc1_tgw"), RouteTable: rtUse, Propagations: []string{rtUse}},
			{ID: peer, TransitGateway: use, PeerTransitGateway: euc, RouteTable: rtUse, PeerRouteTable: rtEUC},
		},
		OnPremNetworks:   []vpc.OnPremNetwork{{ID: "dc1", CIDRs: []netip.Prefix{pfx("192.168.0.0/16")}}},
		CustomerGateways: []vpc.CustomerGateway{{ID: id("aws_customer_gateway.dc1"), Network: "dc1"}, {ID: id("aws_customer_gateway.dc1_backup"), Network: "dc1"}},
		VPNGateways:      []vpc.VPNGateway{{ID: vgw, VPC: vpcApp}},
		VPNConnections: []vpc.VPNConnection{{ID: id("aws_vpn_connection.dc1"), CustomerGateway: id("aws_customer_gateway.dc1"), VPNGateway: vgw,
			StaticRoutesOnly: true, Routes: []netip.Prefix{pfx("192.168.0.0/16")}},
			{ID: id("aws_vpn_connection.dc1_tgw"), CustomerGateway: id("aws_customer_gateway.dc1_backup"), TransitGateway: use, Routes: []netip.Prefix{pfx("192.168.0.0/16")}}},
		DirectConnectGateways: []vpc.DirectConnectGateway{{ID: dxgw, Associations: []vpc.DirectConnectAssociation{{Gateway: use,
			AllowedPrefixes: []netip.Prefix{pfx("10.0.0.0/16"), pfx("10.20.0.0/16")}}}}},
		VirtualInterfaces: []vpc.VirtualInterface{{ID: id("aws_dx_transit_virtual_interface.dc1"), Type: vpc.TransitVirtualInterface, Network: "dc1",
			DirectConnectGateway: dxgw, Routes: []netip.Prefix{pfx("192.168.0.0/16")}}},
	}
}

// The hybrid fixture, as a plan and as a state, gives the same answers
// as the network written by hand: the data centre over the VPN to the
// VGW's VPC and over Direct Connect to the hub, Europe across the
// transit gateway peering, internet ingress through the appliance, and
// the denials.
func TestHybridMatchesHandWritten(t *testing.T) {
	for _, file := range []string{"hybrid.plan.json", "hybrid.state.json"} {
		t.Run(file, func(t *testing.T) {
			r, got := load(t, file)
			id := func(a string) string { return byAddr(t, r, a).ID }
			eni := func(a string) string { return byAddr(t, r, a).Interface }
			hand := handHybrid(r, id, eni)
			want, err := sim.Compile(hand)
			if err != nil {
				t.Fatalf("Compile(hand-written): %v", err)
			}
			dc := sim.OnPrem("dc1")
			app, web, ldap, eu := sim.ENI(eni("aws_instance.app")), sim.ENI(eni("aws_instance.web")), sim.ENI(eni("aws_instance.ldap")), sim.ENI(eni("aws_instance.eu"))
			for _, tc := range []struct {
				name   string
				q      sim.Query
				status sim.Status
			}{
				{"dc1 reaches the VGW's VPC over the VPN", sim.Query{From: dc, To: app, Port: 22}, sim.Reachable},
				{"the app VPC reaches dc1 by the propagated static route", sim.Query{From: app, To: dc, Port: 443}, sim.Reachable},
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
				if d := cmp.Diff(summary(w), summary(g)); d != "" {
					t.Errorf("%s: imported answer differs from the hand-written one (-hand +imported):\n%s", tc.name, d)
				}
			}
		})
	}
}

// summary is what an answer says: verdict, reason, the components of the
// paths both ways and where it stopped.
func summary(r *sim.Result) string {
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

// What the fixture declares is imported: the hybrid resources all appear
// in Resources, none in Skipped.
func TestHybridResourcesImported(t *testing.T) {
	r, _ := load(t, "hybrid.state.json")
	for _, s := range r.Skipped {
		t.Errorf("skipped %s %s: %s", s.Address, s.Attribute, s.Reason)
	}
	var types []string
	for _, x := range r.Resources {
		types = append(types, x.Type)
	}
	for _, typ := range []string{"aws_vpn_gateway", "aws_vpn_gateway_attachment", "aws_vpn_gateway_route_propagation", "aws_customer_gateway",
		"aws_vpn_connection", "aws_vpn_connection_route", "aws_dx_gateway", "aws_dx_gateway_association", "aws_dx_transit_virtual_interface",
		"aws_ec2_transit_gateway_peering_attachment", "aws_ec2_transit_gateway_peering_attachment_accepter"} {
		if !slices.Contains(types, typ) {
			t.Errorf("no %s imported", typ)
		}
	}
	// The state's telemetry: one tunnel up, one down.
	if c, ok := r.Network.VPNConnection(byAddr(t, r, "aws_vpn_connection.dc1").ID); !ok || !slices.Equal(c.Tunnels, []vpc.VPNTunnel{{Status: vpc.LinkUp}, {Status: vpc.LinkDown}}) {
		t.Errorf("VPN connection = %+v", c)
	}
	// The connection to the transit gateway has the attachment AWS
	// created with it, and advertises dc1's CIDRs (an assumption,
	// listed).
	tgwVPN := byAddr(t, r, "aws_vpn_connection.dc1_tgw").ID
	att, ok := r.Network.TransitGatewayAttachment("tgw-attach-0vpn000000000001")
	if !ok || att.VPNConnection != tgwVPN {
		t.Errorf("attachment of the VPN connection = %+v", att)
	}
	found := false
	for _, p := range r.Placeholders {
		found = found || p.Address == "aws_vpn_connection.dc1_tgw" && p.Attribute == "advertised prefixes" && p.Value == "192.168.0.0/16"
	}
	if !found {
		t.Errorf("placeholders = %+v: want the prefixes the BGP connection is taken to advertise", r.Placeholders)
	}
}

// Options name on-premises networks: CIDRs given replace what the import
// infers, and a gateway named by a network joins it. A network left
// without a CIDR is not declared: what stands in it is skipped, with the
// reason saying how to name its CIDRs.
func TestHybridOnPremOptions(t *testing.T) {
	pfx := netip.MustParsePrefix
	r, err := Options{OnPrem: []OnPrem{{ID: "dc1", CIDRs: []netip.Prefix{pfx("172.16.0.0/12"), pfx("192.168.0.0/16")}}}}.Load("testdata/hybrid.state.json")
	if err != nil {
		t.Fatal(err)
	}
	want := []vpc.OnPremNetwork{{ID: "dc1", CIDRs: []netip.Prefix{pfx("172.16.0.0/12"), pfx("192.168.0.0/16")}}}
	if d := cmp.Diff(want, r.Network.OnPremNetworks, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); d != "" {
		t.Errorf("on-premises networks (-want +got):\n%s", d)
	}
	if f := r.Network.VirtualInterfaces; len(f) != 1 || len(f[0].Routes) != 2 {
		t.Errorf("virtual interfaces = %+v: want the network's two CIDRs advertised", f)
	}

	r, err = Options{OnPrem: []OnPrem{{ID: "office", Gateways: []string{"aws_dx_transit_virtual_interface.dc1"}}}}.Load("testdata/hybrid.state.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Network.VirtualInterfaces) != 0 || len(r.Network.OnPremNetworks) != 1 || r.Network.OnPremNetworks[0].ID != "dc1" {
		t.Errorf("virtual interfaces %+v, networks %+v: want the interface of the office, whose CIDRs are unknown, left out", r.Network.VirtualInterfaces, r.Network.OnPremNetworks)
	}
	found := false
	for _, s := range r.Skipped {
		if s.Address == "aws_dx_transit_virtual_interface.dc1" && strings.Contains(s.Reason, "--onprem office=") {
			found = true
		}
	}
	if !found {
		t.Errorf("skipped = %+v: want the virtual interface skipped, naming --onprem office=", r.Skipped)
	}
	if _, err := sim.Compile(r.Network); err != nil {
		t.Errorf("Compile: %v", err)
	}

	if _, err := (Options{OnPrem: []OnPrem{{ID: "a", Gateways: []string{"g"}}, {ID: "b", Gateways: []string{"g"}}}}).Load("testdata/hybrid.state.json"); err == nil ||
		!strings.Contains(err.Error(), "gateway g is already in network a") {
		t.Errorf("a gateway in two networks: err = %v", err)
	}
}

// A static VPN connection to a transit gateway, whose attachment a data
// source names for the association and the static route: the network
// behind it (named by the options through its customer gateway's Name)
// gets its CIDR from that route.
func TestHybridTGWVPNDataSource(t *testing.T) {
	res := func(addr, mode, typ, values string) string {
		name := addr[strings.LastIndexByte(addr, '.')+1:]
		return `{"address":"` + addr + `","mode":"` + mode + `","type":"` + typ + `","name":"` + name +
			`","provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":` + values + `}`
	}
	state := `{"format_version":"1.0","terraform_version":"1.9.0","values":{"root_module":{"resources":[` + strings.Join([]string{
		res("aws_ec2_transit_gateway.use", "managed", "aws_ec2_transit_gateway", `{"id":"tgw-1","default_route_table_association":"disable","default_route_table_propagation":"disable"}`),
		res("aws_ec2_transit_gateway_route_table.rt", "managed", "aws_ec2_transit_gateway_route_table", `{"id":"tgw-rtb-1","transit_gateway_id":"tgw-1"}`),
		res("aws_customer_gateway.dc1", "managed", "aws_customer_gateway", `{"id":"cgw-1","ip_address":"198.51.100.1","tags":{"Name":"router-1"}}`),
		res("aws_vpn_connection.dc1", "managed", "aws_vpn_connection", `{"id":"vpn-1","customer_gateway_id":"cgw-1","transit_gateway_id":"tgw-1","static_routes_only":true,"transit_gateway_attachment_id":"tgw-attach-1"}`),
		res("data.aws_ec2_transit_gateway_vpn_attachment.dc1", "data", "aws_ec2_transit_gateway_vpn_attachment", `{"id":"tgw-attach-1","transit_gateway_id":"tgw-1","vpn_connection_id":"vpn-1"}`),
		res("aws_ec2_transit_gateway_route_table_association.dc1", "managed", "aws_ec2_transit_gateway_route_table_association",
			`{"id":"tgw-rtb-1_tgw-attach-1","transit_gateway_attachment_id":"tgw-attach-1","transit_gateway_route_table_id":"tgw-rtb-1"}`),
		res("aws_ec2_transit_gateway_route.dc1", "managed", "aws_ec2_transit_gateway_route",
			`{"id":"tgw-rtb-1_172.16.0.0/12","destination_cidr_block":"172.16.0.0/12","transit_gateway_attachment_id":"tgw-attach-1","transit_gateway_route_table_id":"tgw-rtb-1","blackhole":false}`),
	}, ",") + `]}}}`
	r, err := Options{OnPrem: []OnPrem{{ID: "dc1", Gateways: []string{"router-1"}}}}.Read(strings.NewReader(state))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Skipped {
		t.Errorf("skipped %s %s: %s", s.Address, s.Attribute, s.Reason)
	}
	if x := byAddr(t, r, "data.aws_ec2_transit_gateway_vpn_attachment.dc1"); x.ID != "tgw-attach-1" {
		t.Errorf("data source = %+v", x)
	}
	att, ok := r.Network.TransitGatewayAttachment("tgw-attach-1")
	if !ok || att.VPNConnection != "vpn-1" || att.RouteTable != "tgw-rtb-1" {
		t.Errorf("attachment = %+v", att)
	}
	if o, ok := r.Network.OnPremNetwork("dc1"); !ok || len(o.CIDRs) != 1 || o.CIDRs[0] != netip.MustParsePrefix("172.16.0.0/12") {
		t.Errorf("dc1 = %+v", o)
	}
	if _, err := sim.Compile(r.Network); err != nil {
		t.Errorf("Compile: %v", err)
	}
}
