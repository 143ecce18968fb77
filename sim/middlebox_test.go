package sim

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/vpc"
)

// withFirewall adds to threeTier an appliance interface in subnet-pub-b
// (source/destination check off) whose security group allows ingress from
// allowFrom and all egress.
func withFirewall(allowFrom string) *Network {
	n := threeTier()
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-fw", VPC: "vpc-main",
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: pfx(allowFrom)}},
		Egress:  []vpc.SGRule{vpc.AllowAllEgress()}})
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-fw", Subnet: "subnet-pub-b",
		SecurityGroups: []string{"sg-fw"}, SourceDestCheckDisabled: true})
	return n
}

func routeTable(n *Network, id string) *vpc.RouteTable {
	for i := range n.RouteTables {
		if n.RouteTables[i].ID == id {
			return &n.RouteTables[i]
		}
	}
	panic("no route table " + id)
}

func verdictOf(t *testing.T, n *Network, q Query) Verdict {
	t.Helper()
	m := mustCompile(t, n)
	r, err := m.Reach(q)
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Verdict(q)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(Verdict{r.Status, r.Reason}, v); d != "" {
		t.Fatalf("Reach and Verdict differ (-reach +verdict):\n%s", d)
	}
	t.Log(r)
	return v
}

// TestMiddleboxDropsGroupReferences: past an appliance the source no
// longer matches security group references (AWS does not preserve them),
// while a CIDR rule still matches.
func TestMiddleboxDropsGroupReferences(t *testing.T) {
	n := withFirewall("10.0.0.0/16")
	routeTable(n, "rtb-app-a").Routes = append(routeTable(n, "rtb-app-a").Routes,
		vpc.Route{Destination: pfx("10.0.20.0/24"), Target: vpc.ToNetworkInterface("eni-fw")})
	q := Query{From: ENI("eni-app-a"), To: ENI("eni-db-a"), Port: 5432}
	if got, want := verdictOf(t, n, q), (Verdict{Blocked, SGIngress}); got != want {
		t.Errorf("through the firewall, sg-db's reference to sg-app: got %v, want %v", got, want)
	}
	n.SecurityGroups[2].Ingress = append(n.SecurityGroups[2].Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), CIDR: pfx("10.0.10.0/24")})
	if got, want := verdictOf(t, n, q), (Verdict{Reachable, NoReason}); got != want {
		t.Errorf("through the firewall, a CIDR rule: got %v, want %v", got, want)
	}
}

// TestAsymmetricReplyThroughAppliance: a reply routed through an appliance
// the request never passed meets that appliance's rules as a new flow.
func TestAsymmetricReplyThroughAppliance(t *testing.T) {
	q := Query{From: ENI("eni-app-a"), To: ENI("eni-db-a"), Port: 5432}
	for _, tc := range []struct {
		allow string
		want  Verdict
	}{
		{"10.0.10.0/24", Verdict{ReplyBlocked, SGIngress}}, // the firewall admits only the app subnet, not the database's reply
		{"10.0.0.0/16", Verdict{Reachable, NoReason}},
	} {
		n := withFirewall(tc.allow)
		routeTable(n, "rtb-db").Routes = append(routeTable(n, "rtb-db").Routes,
			vpc.Route{Destination: pfx("10.0.10.0/24"), Target: vpc.ToNetworkInterface("eni-fw")})
		if got := verdictOf(t, n, q); got != tc.want {
			t.Errorf("firewall admitting %s: got %v, want %v", tc.allow, got, tc.want)
		}
	}
}

// TestGatewaysDropForeignIPv6: an egress VPC's internet gateway does not
// carry IPv6 from a spoke behind a transit gateway.
func TestGatewaysDropForeignIPv6(t *testing.T) {
	v6 := netip.MustParsePrefix
	n := &Network{
		VPCs: []vpc.VPC{
			{ID: "egress", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, IPv6CIDR: v6("2600:1f18:0:100::/56")},
			{ID: "spoke", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}, IPv6CIDR: v6("2600:1f18:0:200::/56")},
		},
		Subnets: []vpc.Subnet{
			{ID: "eg-a", VPC: "egress", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.0.0/24"), IPv6CIDR: v6("2600:1f18:0:100::/64")},
			{ID: "sp-a", VPC: "spoke", AvailabilityZone: "us-east-1a", CIDR: pfx("10.1.0.0/24"), IPv6CIDR: v6("2600:1f18:0:200::/64")},
		},
		InternetGateways:          []vpc.InternetGateway{{ID: "igw-eg", VPC: "egress"}},
		TransitGateways:           []vpc.TransitGateway{{ID: "tgw"}},
		TransitGatewayRouteTables: []vpc.TransitGatewayRouteTable{{ID: "tgw-rtb", TransitGateway: "tgw", Routes: []vpc.TGWRoute{{Destination: v6("::/0"), Attachment: "att-eg"}}}},
		TransitGatewayAttachments: []vpc.TransitGatewayAttachment{
			{ID: "att-eg", TransitGateway: "tgw", VPC: "egress", Subnets: []string{"eg-a"}, RouteTable: "tgw-rtb", Propagations: []string{"tgw-rtb"}, IPv6Support: true},
			{ID: "att-sp", TransitGateway: "tgw", VPC: "spoke", Subnets: []string{"sp-a"}, RouteTable: "tgw-rtb", Propagations: []string{"tgw-rtb"}, IPv6Support: true},
		},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-eg", VPC: "egress", Main: true, Routes: []vpc.Route{{Destination: v6("::/0"), Target: vpc.ToInternetGateway("igw-eg")}}},
			{ID: "rtb-sp", VPC: "spoke", Main: true, Routes: []vpc.Route{{Destination: v6("::/0"), Target: vpc.ToTransitGateway("tgw")}}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-eg", Subnet: "eg-a", IPv6Addrs: []netip.Addr{addr("2600:1f18:0:100::10")}},
			{ID: "eni-sp", Subnet: "sp-a", IPv6Addrs: []netip.Addr{addr("2600:1f18:0:200::10")}},
		},
	}
	to := InternetAddress(addr("2001:db8::1"))
	if got, want := verdictOf(t, n, Query{From: ENI("eni-eg"), To: to, Port: 443, IPv6: true}), (Verdict{Reachable, NoReason}); got != want {
		t.Errorf("egress VPC's own interface: got %v, want %v", got, want)
	}
	if got, want := verdictOf(t, n, Query{From: ENI("eni-sp"), To: to, Port: 443, IPv6: true}), (Verdict{Blocked, ForeignSource}); got != want {
		t.Errorf("spoke behind the transit gateway: got %v, want %v", got, want)
	}
	// Without IPv6 support on the spoke's attachment the transit gateway
	// does not carry its IPv6 at all (AWS's default).
	n.TransitGatewayAttachments[1].IPv6Support = false
	if got, want := verdictOf(t, n, Query{From: ENI("eni-sp"), To: to, Port: 443, IPv6: true}), (Verdict{Blocked, NoRoute}); got != want {
		t.Errorf("attachment without IPv6 support: got %v, want %v", got, want)
	}
}

// TestElasticIPOnSecondaryAddress: an Elastic IP associated with a
// secondary private address carries that address's traffic both ways.
func TestElasticIPOnSecondaryAddress(t *testing.T) {
	n := threeTier()
	alb := &n.NetworkInterfaces[0]
	alb.PrivateIPs = []netip.Addr{addr("10.0.0.10"), addr("10.0.0.11")}
	alb.ElasticIPs = []vpc.ElasticIP{{PrivateIP: addr("10.0.0.11"), PublicIP: addr("52.0.0.21")}}
	m := mustCompile(t, n)
	r, err := m.Reach(Query{From: Internet(), To: ENIAddr("eni-alb-a", addr("10.0.0.11")), Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Allowed() || r.Path[0].Packet.Dst != addr("52.0.0.21") || r.Reply[len(r.Reply)-1].Packet.Src != addr("52.0.0.21") {
		t.Fatalf("internet -> secondary address through its Elastic IP:\n%s", r)
	}
	// A public address names the interface holding it, at the private
	// address it maps to.
	r, err = m.Reach(Query{From: Address(addr("52.0.0.21")), To: InternetAddress(addr("8.8.8.8")), Port: 443})
	if err != nil || r.Block == nil || r.Block.Component != "eni-alb-a" || r.Reason != SGEgress {
		t.Fatalf("from the Elastic IP (sg-alb allows no egress on 443): %v\n%v", err, r)
	}
	if _, err := m.Reach(Query{From: Address(addr("8.8.4.4")), To: Internet(), Port: 443}); err == nil {
		t.Fatal("internet host to the internet: want an error")
	}
	n.NetworkInterfaces[0].ElasticIPs[0].PrivateIP = addr("10.0.0.12")
	if err := n.Validate(); err == nil {
		t.Fatal("an Elastic IP for an address the interface does not have validated")
	}
}

// TestNAT64: a NAT gateway translates IPv6 flows to 64:ff9b::/96 to the
// IPv4 host embedded in the address, and the replies back.
func TestNAT64(t *testing.T) {
	n := threeTier()
	n.VPCs[0].IPv6CIDR = pfx("2600:1f18:0:100::/56")
	for i := range n.Subnets {
		if n.Subnets[i].ID == "subnet-app-a" {
			n.Subnets[i].IPv6CIDR = pfx("2600:1f18:0:110::/64")
		}
	}
	routeTable(n, "rtb-app-a").Routes = append(routeTable(n, "rtb-app-a").Routes,
		vpc.Route{Destination: pfx("64:ff9b::/96"), Target: vpc.ToNATGateway("nat-a")})
	n.NetworkInterfaces[1].IPv6Addrs = []netip.Addr{addr("2600:1f18:0:110::10")}
	n.SecurityGroups[1].Egress = append(n.SecurityGroups[1].Egress, vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: pfx("::/0")})
	m := mustCompile(t, n)
	echo6 := vpc.ICMPMessage(128, 0)
	for _, q := range []Query{
		{From: ENI("eni-app-a"), To: InternetAddress(addr("64:ff9b::808:808")), Port: 443, IPv6: true},
		{From: ENI("eni-app-a"), To: InternetAddress(addr("64:ff9b::808:808")), Protocol: vpc.ProtocolICMPv6, ICMP: &echo6, IPv6: true},
	} {
		r, err := m.Reach(q)
		if err != nil {
			t.Fatal(err)
		}
		last, back := r.Path[len(r.Path)-1].Packet, r.Reply[len(r.Reply)-1].Packet
		if !r.Allowed() || last.Dst != addr("8.8.8.8") || last.Src != addr("52.0.0.10") ||
			back.Src != addr("64:ff9b::808:808") || back.Dst != addr("2600:1f18:0:110::10") {
			t.Errorf("%s: want reachable through nat-a's NAT64:\n%s", q, r)
		}
	}
	// Without the 64:ff9b::/96 route there is no way out for IPv6.
	q := Query{From: ENI("eni-app-a"), To: InternetAddress(addr("64:ff9b::808:808")), Port: 443, IPv6: true}
	routeTable(n, "rtb-app-a").Routes = routeTable(n, "rtb-app-a").Routes[:1]
	if got, want := verdictOf(t, n, q), (Verdict{Blocked, NoRoute}); got != want {
		t.Errorf("no NAT64 route: got %v, want %v", got, want)
	}
}

// TestAmazonDNS: the resolver at the VPC base + 2 (and 169.254.169.253)
// answers the VPC's interfaces on port 53 whatever their security groups
// and network ACLs say, unless DNS support is off.
func TestAmazonDNS(t *testing.T) {
	// The database tier allows nothing out and its ACL nothing to 10.0.0.2.
	base := Query{From: ENI("eni-db-a"), To: Address(addr("10.0.0.2")), Protocol: vpc.ProtocolUDP, Port: 53}
	for _, tc := range []struct {
		name string
		q    func(Query) Query
		edit func(*Network)
		want Verdict
	}{
		{"udp 53", func(q Query) Query { return q }, nil, Verdict{Reachable, NoReason}},
		{"tcp 53", func(q Query) Query { q.Protocol = vpc.ProtocolTCP; return q }, nil, Verdict{Reachable, NoReason}},
		{"link-local address", func(q Query) Query { q.To = Address(addr("169.254.169.253")); return q }, nil, Verdict{Reachable, NoReason}},
		{"another port", func(q Query) Query { q.Port = 80; return q }, nil, Verdict{Blocked, UnknownDestination}},
		{"dns support off", func(q Query) Query { return q }, func(n *Network) { n.VPCs[0].EnableDNSSupport = new(false) }, Verdict{Blocked, DNSDisabled}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := threeTier()
			if tc.edit != nil {
				tc.edit(n)
			}
			if got := verdictOf(t, n, tc.q(base)); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
