package main

import (
	"fmt"
	"io"
	"log"
	"net/netip"
	"os"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Short helpers for the literals below.
var (
	pfx  = netip.MustParsePrefix
	tcp  = vpc.ProtocolTCP
	all  = vpc.ProtocolAll
	dcIP = pfx("192.168.0.0/16")
)

// network declares the organisation as plain data; applianceMode sets
// appliance mode on the inspection VPC's transit gateway attachment.
func network(applianceMode bool) *sim.Network {
	n := &sim.Network{}
	subnet := func(id, v, az, cidr string) vpc.Subnet {
		return vpc.Subnet{ID: id, VPC: v, AvailabilityZone: az, CIDR: pfx(cidr)}
	}
	toTGW := func(tgw string, dsts ...string) []vpc.Route {
		var rs []vpc.Route
		for _, d := range dsts {
			rs = append(rs, vpc.Route{Destination: pfx(d), Target: vpc.ToTransitGateway(tgw)})
		}
		return rs
	}

	// --- us-east-1: the hub ---------------------------------------------
	n.VPCs = append(n.VPCs,
		vpc.VPC{ID: "vpc-hub", Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}},
		vpc.VPC{ID: "vpc-app", Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}},
		vpc.VPC{ID: "vpc-insp", Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.9.0.0/16")}},
	)
	// Attachment subnets in both zones for the hub and the inspection VPC;
	// the app attaches in us-east-1a only, and the hub's directory runs in
	// us-east-1b: flows between them cross zones.
	n.Subnets = append(n.Subnets,
		subnet("hub-tgw-a", "vpc-hub", "us-east-1a", "10.0.0.0/28"),
		subnet("hub-tgw-b", "vpc-hub", "us-east-1b", "10.0.0.16/28"),
		subnet("hub-svc-b", "vpc-hub", "us-east-1b", "10.0.11.0/24"),
		subnet("app-tgw-a", "vpc-app", "us-east-1a", "10.1.0.0/28"),
		subnet("app-a", "vpc-app", "us-east-1a", "10.1.1.0/24"),
		subnet("db-a", "vpc-app", "us-east-1a", "10.1.2.0/24"),
		subnet("insp-tgw-a", "vpc-insp", "us-east-1a", "10.9.0.0/28"),
		subnet("insp-tgw-b", "vpc-insp", "us-east-1b", "10.9.0.16/28"),
		subnet("insp-fw-a", "vpc-insp", "us-east-1a", "10.9.1.0/24"),
		subnet("insp-fw-b", "vpc-insp", "us-east-1b", "10.9.2.0/24"),
	)
	everything := []string{"10.0.0.0/8", "192.168.0.0/16"}
	n.RouteTables = append(n.RouteTables,
		vpc.RouteTable{ID: "rtb-hub", VPC: "vpc-hub", Main: true, Routes: toTGW("tgw-use", everything...)},
		vpc.RouteTable{ID: "rtb-app", VPC: "vpc-app", Main: true, Routes: toTGW("tgw-use", everything...)},
		// Each zone's attachment subnet sends to its zone's firewall; the
		// firewalls send everything back to the transit gateway.
		vpc.RouteTable{ID: "rtb-insp-tgw-a", VPC: "vpc-insp", Subnets: []string{"insp-tgw-a"},
			Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToNetworkInterface("eni-fw-a")}}},
		vpc.RouteTable{ID: "rtb-insp-tgw-b", VPC: "vpc-insp", Subnets: []string{"insp-tgw-b"},
			Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToNetworkInterface("eni-fw-b")}}},
		vpc.RouteTable{ID: "rtb-insp-fw", VPC: "vpc-insp", Main: true, Routes: toTGW("tgw-use", everything...)},
	)
	n.SecurityGroups = append(n.SecurityGroups,
		vpc.SecurityGroup{ID: "sg-hub-svc", VPC: "vpc-hub",
			Ingress: []vpc.SGRule{
				{Protocol: tcp, Ports: vpc.Port(636), CIDR: pfx("10.0.0.0/8"), Description: "ldaps from the organisation"},
				{Protocol: tcp, Ports: vpc.Port(636), CIDR: dcIP, Description: "ldaps from the data centre"},
			},
			Egress: []vpc.SGRule{vpc.AllowAllEgress()}},
		vpc.SecurityGroup{ID: "sg-app", VPC: "vpc-app",
			Ingress: []vpc.SGRule{
				{Protocol: tcp, Ports: vpc.Port(443), CIDR: dcIP, Description: "https from the data centre"},
				{Protocol: tcp, Ports: vpc.Port(443), CIDR: pfx("10.20.0.0/16"), Description: "https from europe"},
			},
			Egress: []vpc.SGRule{vpc.AllowAllEgress()}},
		vpc.SecurityGroup{ID: "sg-db", VPC: "vpc-app",
			Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-app", Description: "the app tier only"}}},
		vpc.SecurityGroup{ID: "sg-fw", VPC: "vpc-insp",
			Ingress: []vpc.SGRule{{Protocol: all, CIDR: pfx("10.0.0.0/8")}, {Protocol: all, CIDR: dcIP}},
			Egress:  []vpc.SGRule{vpc.AllowAllEgress()}},
	)
	firewall := func(id, s string) vpc.NetworkInterface {
		// A firewall forwards traffic not addressed to it, and tracks the
		// flows it forwards: it drops a reply whose request it did not see.
		return vpc.NetworkInterface{ID: id, Subnet: s, SecurityGroups: []string{"sg-fw"}, SourceDestCheckDisabled: true, Stateful: true}
	}
	n.NetworkInterfaces = append(n.NetworkInterfaces,
		vpc.NetworkInterface{ID: "eni-hub-ldap", Subnet: "hub-svc-b", SecurityGroups: []string{"sg-hub-svc"}},
		vpc.NetworkInterface{ID: "eni-app", Subnet: "app-a", SecurityGroups: []string{"sg-app"}},
		vpc.NetworkInterface{ID: "eni-db", Subnet: "db-a", Kind: vpc.KindRDS, SecurityGroups: []string{"sg-db"}},
		firewall("eni-fw-a", "insp-fw-a"), firewall("eni-fw-b", "insp-fw-b"),
	)

	// The hub transit gateway. rt-spokes routes what the spokes send, and
	// rt-edge what arrives from the data centre and Europe: everything to
	// the inspection VPC, but Europe to the peering. rt-insp routes what
	// the firewalls send on, by the routes the attachments propagate, and
	// Europe by a static route (nothing propagates across a peering).
	n.TransitGateways = append(n.TransitGateways, vpc.TransitGateway{ID: "tgw-use", Region: "us-east-1"})
	n.TransitGatewayRouteTables = append(n.TransitGatewayRouteTables,
		vpc.TransitGatewayRouteTable{ID: "rt-spokes", TransitGateway: "tgw-use", Routes: []vpc.TGWRoute{
			{Destination: pfx("0.0.0.0/0"), Attachment: "att-insp"}}},
		vpc.TransitGatewayRouteTable{ID: "rt-edge", TransitGateway: "tgw-use", Routes: []vpc.TGWRoute{
			{Destination: pfx("10.0.0.0/16"), Attachment: "att-insp"},
			{Destination: pfx("10.1.0.0/16"), Attachment: "att-insp"},
			{Destination: pfx("10.20.0.0/16"), Attachment: "att-peer"}}},
		vpc.TransitGatewayRouteTable{ID: "rt-insp", TransitGateway: "tgw-use", Routes: []vpc.TGWRoute{
			{Destination: pfx("10.20.0.0/16"), Attachment: "att-peer"}}},
	)
	n.TransitGatewayAttachments = append(n.TransitGatewayAttachments,
		vpc.TransitGatewayAttachment{ID: "att-hub", TransitGateway: "tgw-use", VPC: "vpc-hub", Subnets: []string{"hub-tgw-a", "hub-tgw-b"},
			RouteTable: "rt-spokes", Propagations: []string{"rt-insp"}},
		vpc.TransitGatewayAttachment{ID: "att-app", TransitGateway: "tgw-use", VPC: "vpc-app", Subnets: []string{"app-tgw-a"},
			RouteTable: "rt-spokes", Propagations: []string{"rt-insp"}},
		vpc.TransitGatewayAttachment{ID: "att-insp", TransitGateway: "tgw-use", VPC: "vpc-insp", Subnets: []string{"insp-tgw-a", "insp-tgw-b"},
			RouteTable: "rt-insp", ApplianceMode: applianceMode},
		// The data centre's attachments propagate what dc1 advertises into
		// rt-insp and rt-edge; at equal prefixes the Direct Connect route
		// wins over the VPN's.
		vpc.TransitGatewayAttachment{ID: "att-dx", TransitGateway: "tgw-use", DirectConnectGateway: "dxgw-1",
			RouteTable: "rt-edge", Propagations: []string{"rt-insp", "rt-edge"}},
		vpc.TransitGatewayAttachment{ID: "att-vpn", TransitGateway: "tgw-use", VPNConnection: "vpn-dc1",
			RouteTable: "rt-edge", Propagations: []string{"rt-insp", "rt-edge"}},
		// The branch office's VPN propagates its prefix into rt-edge only:
		// it reaches the data centre, not the spokes.
		vpc.TransitGatewayAttachment{ID: "att-vpn-br1", TransitGateway: "tgw-use", VPNConnection: "vpn-br1",
			RouteTable: "rt-edge", Propagations: []string{"rt-edge"}},
		// The peering: associated with rt-edge here and rt-eu in Europe.
		vpc.TransitGatewayAttachment{ID: "att-peer", TransitGateway: "tgw-use", PeerTransitGateway: "tgw-euc",
			RouteTable: "rt-edge", PeerRouteTable: "rt-eu"},
	)

	// --- The data centre ---------------------------------------------------
	n.OnPremNetworks = append(n.OnPremNetworks, vpc.OnPremNetwork{ID: "dc1", Name: "Frankfurt data centre", CIDRs: []netip.Prefix{dcIP}})
	n.CustomerGateways = append(n.CustomerGateways, vpc.CustomerGateway{ID: "cgw-dc1", Network: "dc1"})
	n.VPNConnections = append(n.VPNConnections, vpc.VPNConnection{ID: "vpn-dc1", CustomerGateway: "cgw-dc1",
		TransitGateway: "tgw-use", Routes: []netip.Prefix{dcIP}})
	// The Direct Connect gateway advertises the allowed prefixes to dc1 as
	// they are. They match what the VPN advertises (the routes of rt-edge)
	// prefix for prefix: were they wider (say 10.0.0.0/15), dc1 would
	// send over the VPN's more specific routes, whatever its preference.
	n.DirectConnectGateways = append(n.DirectConnectGateways, vpc.DirectConnectGateway{ID: "dxgw-1",
		Associations: []vpc.DirectConnectAssociation{{Gateway: "tgw-use",
			AllowedPrefixes: []netip.Prefix{pfx("10.0.0.0/16"), pfx("10.1.0.0/16"), pfx("10.20.0.0/16")}}}})
	n.VirtualInterfaces = append(n.VirtualInterfaces, vpc.VirtualInterface{ID: "vif-dc1", Type: vpc.TransitVirtualInterface,
		Network: "dc1", DirectConnectGateway: "dxgw-1", Routes: []netip.Prefix{dcIP}})

	// --- A branch office --------------------------------------------------
	// br1 (172.16.0.0/16) over a BGP VPN connection to tgw-use. The transit
	// gateway routes between its attachments: br1 learns rt-edge's routes
	// (dc1's among them), and dc1 learns br1's over its VPN (the Direct
	// Connect gateway's allowed prefixes leave it out).
	n.OnPremNetworks = append(n.OnPremNetworks, vpc.OnPremNetwork{ID: "br1", Name: "Lyon branch office", CIDRs: []netip.Prefix{pfx("172.16.0.0/16")}})
	n.CustomerGateways = append(n.CustomerGateways, vpc.CustomerGateway{ID: "cgw-br1", Network: "br1"})
	n.VPNConnections = append(n.VPNConnections, vpc.VPNConnection{ID: "vpn-br1", CustomerGateway: "cgw-br1",
		TransitGateway: "tgw-use", Routes: []netip.Prefix{pfx("172.16.0.0/16")}})

	// --- eu-central-1 --------------------------------------------------------
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-eu", Region: "eu-central-1", CIDRs: []netip.Prefix{pfx("10.20.0.0/16")}})
	n.Subnets = append(n.Subnets,
		subnet("eu-tgw-a", "vpc-eu", "eu-central-1a", "10.20.0.0/28"),
		subnet("eu-app-a", "vpc-eu", "eu-central-1a", "10.20.1.0/24"),
	)
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-eu", VPC: "vpc-eu", Main: true, Routes: toTGW("tgw-euc", everything...)})
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-eu-app", VPC: "vpc-eu",
		Egress: []vpc.SGRule{vpc.AllowAllEgress()}})
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-eu-app", Subnet: "eu-app-a", SecurityGroups: []string{"sg-eu-app"}})
	n.TransitGateways = append(n.TransitGateways, vpc.TransitGateway{ID: "tgw-euc", Region: "eu-central-1"})
	// The mistake: static routes across the peering to the hub and the
	// data centre, but none to vpc-app (10.1.0.0/16).
	n.TransitGatewayRouteTables = append(n.TransitGatewayRouteTables, vpc.TransitGatewayRouteTable{ID: "rt-eu", TransitGateway: "tgw-euc",
		Routes: []vpc.TGWRoute{
			{Destination: pfx("10.0.0.0/16"), Attachment: "att-peer"},
			{Destination: dcIP, Attachment: "att-peer"},
		}})
	n.TransitGatewayAttachments = append(n.TransitGatewayAttachments, vpc.TransitGatewayAttachment{ID: "att-eu", TransitGateway: "tgw-euc",
		VPC: "vpc-eu", Subnets: []string{"eu-tgw-a"}, RouteTable: "rt-eu", Propagations: []string{"rt-eu"}})

	// --- Internet ingress through a firewall -------------------------------
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-web", Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.2.0.0/16")}})
	n.Subnets = append(n.Subnets,
		subnet("web-fw-a", "vpc-web", "us-east-1a", "10.2.0.0/24"),
		subnet("web-a", "vpc-web", "us-east-1a", "10.2.1.0/24"),
	)
	n.InternetGateways = append(n.InternetGateways, vpc.InternetGateway{ID: "igw-web", VPC: "vpc-web"})
	n.RouteTables = append(n.RouteTables,
		// The gateway route table: what enters through igw-web for the web
		// subnet goes to the firewall first.
		vpc.RouteTable{ID: "rtb-web-edge", VPC: "vpc-web", Gateways: []string{"igw-web"},
			Routes: []vpc.Route{{Destination: pfx("10.2.1.0/24"), Target: vpc.ToNetworkInterface("eni-web-fw")}}},
		// The web subnet's replies go back through the firewall, which
		// sends them out.
		vpc.RouteTable{ID: "rtb-web", VPC: "vpc-web", Subnets: []string{"web-a"},
			Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToNetworkInterface("eni-web-fw")}}},
		vpc.RouteTable{ID: "rtb-web-fw", VPC: "vpc-web", Main: true,
			Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToInternetGateway("igw-web")}}},
	)
	n.SecurityGroups = append(n.SecurityGroups,
		vpc.SecurityGroup{ID: "sg-web", VPC: "vpc-web",
			Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), CIDR: pfx("0.0.0.0/0")}},
			Egress:  []vpc.SGRule{vpc.AllowAllEgress()}},
		// The firewall's group admits everything: the firewall decides.
		vpc.SecurityGroup{ID: "sg-web-fw", VPC: "vpc-web",
			Ingress: []vpc.SGRule{{Protocol: all, CIDR: pfx("0.0.0.0/0")}},
			Egress:  []vpc.SGRule{vpc.AllowAllEgress()}},
	)
	n.NetworkInterfaces = append(n.NetworkInterfaces,
		vpc.NetworkInterface{ID: "eni-web", Subnet: "web-a", SecurityGroups: []string{"sg-web"}, PublicIP: netip.MustParseAddr("203.0.113.10")},
		// A middlebox behind an internet gateway's route table needs a
		// public address of its own.
		vpc.NetworkInterface{ID: "eni-web-fw", Subnet: "web-fw-a", SecurityGroups: []string{"sg-web-fw"},
			PublicIP: netip.MustParseAddr("203.0.113.20"), SourceDestCheckDisabled: true, Stateful: true},
	)
	return n
}

// path summarises the components of a path, once each, in order.
func path(hops []sim.Hop) string {
	var ids []string
	for _, h := range hops {
		if len(ids) == 0 || ids[len(ids)-1] != h.Component {
			ids = append(ids, h.Component)
		}
	}
	return strings.Join(ids, " > ")
}

// answer prints one explained answer: the verdict, the paths and, for a
// refusal, where and why.
func answer(w io.Writer, m *sim.Model, q sim.Query) error {
	r, err := m.Reach(q)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "- %s: %s\n    path:  %s\n", q, r.Status, path(r.Path))
	if len(r.Reply) > 0 {
		fmt.Fprintf(w, "    reply: %s\n", path(r.Reply))
	}
	if r.Block != nil {
		fmt.Fprintf(w, "    %s\n", r.Block)
	}
	return nil
}

// run prints the answers about the organisation to w.
func run(w io.Writer) error {
	m, err := sim.Compile(network(true))
	if err != nil {
		return err
	}
	section := func(title string, qs ...sim.Query) error {
		fmt.Fprintf(w, "\n== %s\n", title)
		for _, q := range qs {
			if err := answer(w, m, q); err != nil {
				return err
			}
		}
		return nil
	}
	dc := sim.OnPrem("dc1")
	if err := section("The data centre: Direct Connect first, both ways, through the firewall of the zone it enters",
		sim.Query{From: dc, To: sim.ENI("eni-app"), Port: 443},
		sim.Query{From: dc, To: sim.ENI("eni-hub-ldap"), Port: 636},
		sim.Query{From: dc, To: sim.ENI("eni-db"), Port: 5432},
	); err != nil {
		return err
	}

	// The Direct Connect virtual interface goes down: its BGP routes are
	// withdrawn and the VPN carries the traffic.
	down := network(true)
	down.VirtualInterfaces[0].BGPStatus = vpc.LinkDown
	if m, err = sim.Compile(down); err != nil {
		return err
	}
	if err := section("Direct Connect down: the VPN takes over",
		sim.Query{From: dc, To: sim.ENI("eni-app"), Port: 443},
	); err != nil {
		return err
	}

	if m, err = sim.Compile(network(true)); err != nil {
		return err
	}
	if err := section("The branch office and the data centre, through the hub transit gateway: VPN there, Direct Connect back",
		sim.Query{From: sim.OnPrem("br1"), To: dc, Port: 443},
	); err != nil {
		return err
	}
	if err := section("Europe across the transit gateway peering",
		sim.Query{From: sim.ENI("eni-eu-app"), To: sim.ENI("eni-hub-ldap"), Port: 636},
		sim.Query{From: sim.ENI("eni-eu-app"), To: dc, Port: 443},
		// The mistake: no static route to vpc-app on tgw-euc.
		sim.Query{From: sim.ENI("eni-eu-app"), To: sim.ENI("eni-app"), Port: 443},
	); err != nil {
		return err
	}

	if err := section("Internet ingress through the firewall (gateway route table)",
		sim.Query{From: sim.Internet(), To: sim.ENI("eni-web"), Port: 443},
	); err != nil {
		return err
	}
	noEdge := network(true)
	noEdge.RouteTables = slices.DeleteFunc(noEdge.RouteTables, func(t vpc.RouteTable) bool { return t.ID == "rtb-web-edge" })
	if m, err = sim.Compile(noEdge); err != nil {
		return err
	}
	if err := section("... and without the gateway route table, the firewall sees only the replies",
		sim.Query{From: sim.Internet(), To: sim.ENI("eni-web"), Port: 443},
	); err != nil {
		return err
	}

	// Appliance mode, off then on.
	for _, on := range []bool{false, true} {
		if m, err = sim.Compile(network(on)); err != nil {
			return err
		}
		title := "Between zones without appliance mode: the reply meets the other zone's firewall"
		if on {
			title = "With appliance mode on att-insp: one zone, one firewall, both ways"
		}
		if err := section(title, sim.Query{From: sim.ENI("eni-app"), To: sim.ENI("eni-hub-ldap"), Port: 636}); err != nil {
			return err
		}
	}

	// Who reaches the app's database, and the hub's directory?
	if m, err = sim.Compile(network(true)); err != nil {
		return err
	}
	for _, to := range []string{"eni-db", "eni-hub-ldap"} {
		q := sim.Query{To: sim.ENI(to), Port: 5432}
		if to == "eni-hub-ldap" {
			q.Port = 636
		}
		rs, err := m.WhoCanReach(q)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n== Who reaches %s on tcp/%d\n", to, q.Port)
		for _, r := range rs {
			who := strings.Join(r.ENIs, ", ")
			switch {
			case r.OnPrem != "":
				who = "on premises " + r.OnPrem
			case r.Internet:
				who = "the internet"
			}
			fmt.Fprintf(w, "- %s (%s)\n", who, path(r.Witness.Path))
		}
	}
	return nil
}

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}
