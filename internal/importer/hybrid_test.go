package importer

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

var pfx = netip.MustParsePrefix

func TestParseOnPrem(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want OnPrem
		err  string
	}{
		{"dc1=192.168.0.0/16", OnPrem{ID: "dc1", CIDRs: []netip.Prefix{pfx("192.168.0.0/16")}}, ""},
		{"dc1@cgw-1, dxvif-2=192.168.0.0/16,172.16.0.0/12", OnPrem{ID: "dc1", Gateways: []string{"cgw-1", "dxvif-2"},
			CIDRs: []netip.Prefix{pfx("192.168.0.0/16"), pfx("172.16.0.0/12")}}, ""},
		{"office@cgw-9", OnPrem{ID: "office", Gateways: []string{"cgw-9"}}, ""},
		{"dc1", OnPrem{}, "want its gateways"},
		{"=10.0.0.0/8", OnPrem{}, "want ID"},
		{"dc1@=10.0.0.0/8", OnPrem{}, "nothing after @"},
		{"dc1=10.0.0.1/8", OnPrem{}, "host bits"},
		{"dc1=nope", OnPrem{}, "nope"},
	} {
		got, err := ParseOnPrem(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseOnPrem(%q) error %v, want one saying %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseOnPrem(%q): %v", tc.in, err)
			continue
		}
		if d := cmp.Diff(tc.want, got, opts...); d != "" {
			t.Errorf("ParseOnPrem(%q) (-want +got):\n%s", tc.in, d)
		}
	}
}

// hybridNet has a VGW with a static VPN to dc1 and a route table routing
// the data centre and a default route to the gateway; a transit gateway
// with a BGP VPN attachment to branch, whose prefixes are unknown but a
// static transit gateway route names one; and a Direct Connect gateway
// whose transit interface leads to lab, of which nothing tells a CIDR.
func hybridNet() *sim.Network {
	return &sim.Network{
		VPCs:        []vpc.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}},
		VPNGateways: []vpc.VPNGateway{{ID: "vgw-1", VPC: "vpc-1"}},
		RouteTables: []vpc.RouteTable{{ID: "rtb-1", VPC: "vpc-1", Routes: []vpc.Route{
			{Destination: pfx("172.16.0.0/12"), Target: vpc.ToVPNGateway("vgw-1")},
			{Destination: pfx("0.0.0.0/0"), Target: vpc.ToVPNGateway("vgw-1")},
			{Destination: pfx("10.0.0.0/8"), Target: vpc.ToVPNGateway("vgw-1")},
		}}},
		TransitGateways:           []vpc.TransitGateway{{ID: "tgw-1"}},
		TransitGatewayRouteTables: []vpc.TransitGatewayRouteTable{{ID: "rt-1", TransitGateway: "tgw-1", Routes: []vpc.TGWRoute{{Destination: pfx("10.50.0.0/16"), Attachment: "att-vpn"}}}},
		TransitGatewayAttachments: []vpc.TransitGatewayAttachment{
			{ID: "att-vpn", TransitGateway: "tgw-1", VPNConnection: "vpn-2", RouteTable: "rt-1"},
			{ID: "att-dx", TransitGateway: "tgw-1", DirectConnectGateway: "dxgw-1", RouteTable: "rt-1"},
		},
		CustomerGateways: []vpc.CustomerGateway{{ID: "cgw-1", Network: "dc1"}, {ID: "cgw-2", Network: "branch"}},
		VPNConnections: []vpc.VPNConnection{
			{ID: "vpn-1", CustomerGateway: "cgw-1", VPNGateway: "vgw-1", StaticRoutesOnly: true, Routes: []netip.Prefix{pfx("192.168.0.0/24"), pfx("192.168.1.0/24")}},
			{ID: "vpn-2", CustomerGateway: "cgw-2", TransitGateway: "tgw-1"},
		},
		DirectConnectGateways: []vpc.DirectConnectGateway{{ID: "dxgw-1", Associations: []vpc.DirectConnectAssociation{{Gateway: "tgw-1", AllowedPrefixes: []netip.Prefix{pfx("10.0.0.0/16")}}}}},
		VirtualInterfaces:     []vpc.VirtualInterface{{ID: "vif-1", Type: vpc.TransitVirtualInterface, Network: "lab", DirectConnectGateway: "dxgw-1"}},
	}
}

// The on-premises networks get the CIDRs their connections and the routes
// toward them name, merged, without default routes or VPC ranges; a
// network nothing tells a CIDR of is dropped, and what stands in it is
// pruned, the attachment and the route table's route with it.
func TestAssembleOnPrem(t *testing.T) {
	n := hybridNet()
	notes := AssembleOnPrem(n, nil)
	want := []vpc.OnPremNetwork{
		{ID: "branch", CIDRs: []netip.Prefix{pfx("10.50.0.0/16")}},
		{ID: "dc1", CIDRs: []netip.Prefix{pfx("172.16.0.0/12"), pfx("192.168.0.0/23")}},
	}
	if d := cmp.Diff(want, n.OnPremNetworks, opts...); d != "" {
		t.Errorf("networks (-want +got):\n%s", d)
	}
	var got []string
	for _, x := range notes {
		got = append(got, x.String())
	}
	wantNotes := []string{
		"onprem-network branch cidrs: inferred from 10.50.0.0/16 (routed to att-vpn by transit gateway route table rt-1) (name them with the on-premises network option to replace them)",
		"onprem-network dc1 cidrs: inferred from 172.16.0.0/12 (routed to vgw-1 by route table rtb-1), 192.168.0.0/24 (static route of vpn connection vpn-1), 192.168.1.0/24 (static route of vpn connection vpn-1) (name them with the on-premises network option to replace them)",
		"onprem-network dc1 cidrs: left out 0.0.0.0/0 (routed to vgw-1 by route table rtb-1): a default route is no range of the network",
		"onprem-network dc1 cidrs: left out 10.0.0.0/8 (routed to vgw-1 by route table rtb-1): it overlaps a VPC CIDR of the import",
		"onprem-network lab: no CIDR of the network is known (no static route, advertised prefix or route toward its connections names one): name them with the on-premises network option (command line: --onprem lab=CIDR,...)",
	}
	if d := cmp.Diff(wantNotes, got); d != "" {
		t.Errorf("notes (-want +got):\n%s", d)
	}
	if filled := FillAdvertised(n); !cmp.Equal(filled, []string{"vpn-2"}) || !cmp.Equal(n.VPNConnections[1].Routes, []netip.Prefix{pfx("10.50.0.0/16")}, opts...) {
		t.Errorf("FillAdvertised = %v, vpn-2 routes %v", filled, n.VPNConnections[1].Routes)
	}
	var cuts []string
	for _, c := range PruneHybrid(n) {
		cuts = append(cuts, c.String())
	}
	wantCuts := []string{
		"virtual-interface vif-1: refers to on-premises network lab, which is not in the import",
	}
	if d := cmp.Diff(wantCuts, cuts); d != "" {
		t.Errorf("cuts (-want +got):\n%s", d)
	}
	if _, err := sim.Compile(n); err != nil {
		t.Errorf("Compile: %v", err)
	}

	// Named CIDRs replace the inferred ones; a network named for nothing
	// is reported.
	n = hybridNet()
	notes = AssembleOnPrem(n, []OnPrem{{ID: "dc1", CIDRs: []netip.Prefix{pfx("192.168.0.0/16")}}, {ID: "nowhere", CIDRs: []netip.Prefix{pfx("10.9.0.0/16")}}})
	if o, ok := n.OnPremNetwork("dc1"); !ok || !cmp.Equal(o.CIDRs, []netip.Prefix{pfx("192.168.0.0/16")}, opts...) {
		t.Errorf("dc1 = %+v", o)
	}
	if _, ok := n.OnPremNetwork("nowhere"); ok || !strings.Contains(notes[len(notes)-1].String(), "nowhere: named by the options, but no customer gateway") {
		t.Errorf("notes = %v", notes)
	}
}

// PruneHybrid cuts each reference to what the network lacks, in
// dependency order, and what is left compiles.
func TestPruneHybrid(t *testing.T) {
	n := &sim.Network{
		VPCs:             []vpc.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}},
		VPNGateways:      []vpc.VPNGateway{{ID: "vgw-1", VPC: "vpc-1"}, {ID: "vgw-gone", VPC: "vpc-x"}},
		InternetGateways: []vpc.InternetGateway{{ID: "igw-1", VPC: "vpc-1"}},
		RouteTables: []vpc.RouteTable{{ID: "rtb-1", VPC: "vpc-1", Propagations: []string{"vgw-1", "vgw-gone"}, Routes: []vpc.Route{
			{Destination: pfx("192.168.0.0/16"), Target: vpc.ToVPNGateway("vgw-gone")},
			{Destination: pfx("172.16.0.0/12"), Target: vpc.ToVPNGateway("vgw-1")},
		}}, {ID: "rtb-edge", VPC: "vpc-1", Gateways: []string{"igw-1", "vgw-x"}}},
		TransitGateways:           []vpc.TransitGateway{{ID: "tgw-1"}},
		TransitGatewayRouteTables: []vpc.TransitGatewayRouteTable{{ID: "rt-1", TransitGateway: "tgw-1", Routes: []vpc.TGWRoute{{Destination: pfx("10.9.0.0/16"), Attachment: "att-vpn"}}}},
		TransitGatewayAttachments: []vpc.TransitGatewayAttachment{
			{ID: "att-vpn", TransitGateway: "tgw-1", VPNConnection: "vpn-nocgw"},
			{ID: "att-dx", TransitGateway: "tgw-1", DirectConnectGateway: "dxgw-x"},
			{ID: "att-peer", TransitGateway: "tgw-1", PeerTransitGateway: "tgw-x"},
		},
		OnPremNetworks:        []vpc.OnPremNetwork{{ID: "dc1", CIDRs: []netip.Prefix{pfx("192.168.0.0/16")}}},
		CustomerGateways:      []vpc.CustomerGateway{{ID: "cgw-1", Network: "dc1"}, {ID: "cgw-x", Network: "dc-x"}},
		VPNConnections:        []vpc.VPNConnection{{ID: "vpn-1", CustomerGateway: "cgw-1", VPNGateway: "vgw-1"}, {ID: "vpn-nocgw", CustomerGateway: "cgw-x", TransitGateway: "tgw-1"}, {ID: "vpn-noatt", CustomerGateway: "cgw-1", TransitGateway: "tgw-1"}},
		DirectConnectGateways: []vpc.DirectConnectGateway{{ID: "dxgw-1", Associations: []vpc.DirectConnectAssociation{{Gateway: "vgw-gone"}, {Gateway: "tgw-x"}}}},
		VirtualInterfaces:     []vpc.VirtualInterface{{ID: "vif-1", Type: vpc.PrivateVirtualInterface, Network: "dc1", DirectConnectGateway: "dxgw-x"}},
	}
	var got []string
	for _, c := range PruneHybrid(n) {
		got = append(got, c.String())
	}
	want := []string{
		"customer-gateway cgw-x: refers to on-premises network dc-x, which is not in the import",
		"vpn-gateway vgw-gone vpc: refers to vpc vpc-x, which is not in the import",
		"vpn-connection vpn-nocgw: refers to customer gateway cgw-x, which is not in the import",
		"vpn-connection vpn-noatt: no attachment of transit gateway tgw-1 to it is in the import",
		"direct-connect-gateway dxgw-1 associations: virtual private gateway vgw-gone is not attached to a VPC of the import",
		"direct-connect-gateway dxgw-1 associations: refers to virtual private gateway or transit gateway tgw-x, which is not in the import",
		"virtual-interface vif-1: refers to direct connect gateway dxgw-x, which is not in the import",
		"transit-gateway-attachment att-vpn: refers to vpn connection vpn-nocgw, which is not in the import",
		"transit-gateway-attachment att-dx: refers to direct connect gateway dxgw-x, which is not in the import",
		"transit-gateway-attachment att-peer: refers to transit gateway (peer) tgw-x, which is not in the import",
		"transit-gateway-route-table rt-1 routes[10.9.0.0/16]: refers to transit gateway attachment att-vpn, which is not in the import",
		"route-table rtb-1 propagations: refers to attached virtual private gateway vgw-gone, which is not in the import",
		"route-table rtb-1 routes[192.168.0.0/16]: refers to attached virtual private gateway vgw-gone, which is not in the import",
		"route-table rtb-edge gateways: refers to attached virtual private gateway or internet gateway vgw-x, which is not in the import",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("cuts (-want +got):\n%s", d)
	}
	if again := PruneHybrid(n); len(again) != 0 {
		t.Errorf("a second PruneHybrid cuts %v", again)
	}
	if PruneHybrid(nil) != nil || AssembleOnPrem(nil, nil) != nil || FillAdvertised(nil) != nil {
		t.Error("nil network: want nothing")
	}
}

// The Lattice resource declarations lose their references to what the
// import lacks.
func TestPruneLatticeResources(t *testing.T) {
	n := &sim.Network{
		VPCs:            []vpc.VPC{{ID: "vpc-1"}},
		Subnets:         []vpc.Subnet{{ID: "sub-a", VPC: "vpc-1"}},
		SecurityGroups:  []vpc.SecurityGroup{{ID: "sg-1", VPC: "vpc-1"}},
		ServiceNetworks: []lattice.ServiceNetwork{{ID: "sn-1"}},
		ResourceGateways: []lattice.ResourceGateway{
			{ID: "rgw-ok", VPC: "vpc-1", Subnets: []string{"sub-a", "sub-x"}, SecurityGroups: []string{"sg-x", "sg-1"}},
			{ID: "rgw-novpc", VPC: "vpc-x", Subnets: []string{"sub-a"}},
			{ID: "rgw-nosubnet", VPC: "vpc-1", Subnets: []string{"sub-x"}},
		},
		ResourceConfigurations: []lattice.ResourceConfiguration{
			{ID: "rcfg-child", Type: lattice.ResourceChild, Group: "rcfg-group"},
			{ID: "rcfg-group", Type: lattice.ResourceGroup, ResourceGateway: "rgw-novpc"},
			{ID: "rcfg-ok", Type: lattice.ResourceSingle, ResourceGateway: "rgw-ok"},
		},
		ServiceNetworkResourceAssociations: []lattice.ServiceNetworkResourceAssociation{
			{ID: "snra-ok", ServiceNetwork: "sn-1", ResourceConfiguration: "rcfg-ok"},
			{ID: "snra-nocfg", ServiceNetwork: "sn-1", ResourceConfiguration: "rcfg-group"},
			{ID: "snra-nosn", ServiceNetwork: "sn-x", ResourceConfiguration: "rcfg-ok"},
		},
	}
	var got []string
	for _, c := range Prune(n) {
		got = append(got, c.String())
	}
	want := []string{
		"resource-gateway rgw-novpc: refers to vpc vpc-x, which is not in the import",
		"resource-gateway rgw-ok subnets: refers to subnet sub-x, which is not in the import",
		"resource-gateway rgw-ok securityGroups: refers to security group sg-x, which is not in the import",
		"resource-gateway rgw-nosubnet subnets: refers to subnet sub-x, which is not in the import",
		"resource-gateway rgw-nosubnet: none of its subnets is in the import",
		"resource-configuration rcfg-group: refers to resource gateway rgw-novpc, which is not in the import",
		"resource-configuration rcfg-child: refers to resource configuration (group) rcfg-group, which is not in the import",
		"service-network-resource-association snra-nocfg: refers to resource configuration rcfg-group, which is not in the import",
		"service-network-resource-association snra-nosn: refers to service network sn-x, which is not in the import",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("cuts (-want +got):\n%s", d)
	}
	if len(n.ResourceGateways) != 1 || len(n.ResourceConfigurations) != 1 || len(n.ServiceNetworkResourceAssociations) != 1 {
		t.Errorf("left %+v %+v %+v", n.ResourceGateways, n.ResourceConfigurations, n.ServiceNetworkResourceAssociations)
	}
}
