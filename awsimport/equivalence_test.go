package awsimport

import (
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

var (
	pfx  = netip.MustParsePrefix
	addr = netip.MustParseAddr
)

// IDs of the fixture in testdata/aws_configs: account 111111111111 owns
// the dual-stack VPC "prod" and the transit gateway in us-east-1; account
// 222222222222 owns "orders" (us-east-1, attached to the transit gateway)
// and "analytics" (us-west-2, peered with prod).
const (
	acctA, acctB = "111111111111", "222222222222"
	vpcProd      = "vpc-01a00000000000001"
	vpcOrders    = "vpc-02b00000000000001"
	vpcAnalytics = "vpc-03c00000000000001"
	pubA, pubB   = "subnet-01a00000000000001", "subnet-01a00000000000002"
	appA, appB   = "subnet-01a00000000000003", "subnet-01a00000000000004"
	dbA, dbB     = "subnet-01a00000000000005", "subnet-01a00000000000006"
	tgwA, tgwB   = "subnet-01a00000000000007", "subnet-01a00000000000008"
	ordersApp    = "subnet-02b00000000000001"
	ordersTGW    = "subnet-02b00000000000002"
	analyticsA   = "subnet-03c00000000000001"
	sgDefault    = "sg-01a00000000000001"
	sgALB        = "sg-01a00000000000002"
	sgApp        = "sg-01a00000000000003"
	sgDB         = "sg-01a00000000000004"
	sgBastion    = "sg-01a00000000000005"
	sgPartner    = "sg-01a00000000000006"
	sgOrders     = "sg-02b00000000000002"
	sgAnalytics  = "sg-03c00000000000002"
	natA, natB   = "nat-01a00000000000001", "nat-01a00000000000002"
	igw          = "igw-01a00000000000001"
	eigw         = "eigw-01a00000000000001"
	pcx          = "pcx-01a00000000000001"
	tgw          = "tgw-01a00000000000001"
	tgwRTB       = "tgw-rtb-01a00000000000001"
	attProd      = "tgw-attach-01a00000000000001"
	attOrders    = "tgw-attach-02b00000000000001"
	plCorp       = "pl-01a00000000000001"
	plS3         = "pl-63a5400a"
	eniALBa      = "eni-01a00000000000101"
	eniALBb      = "eni-01a00000000000102"
	eniAppA      = "eni-01a00000000000201"
	eniAppB      = "eni-01a00000000000202"
	eniRDS       = "eni-01a00000000000301"
	eniLambda    = "eni-01a00000000000401"
	eniVPCE      = "eni-01a00000000000501"
	eniAPIGW     = "eni-01a00000000000701"
	eniBastion   = "eni-01a00000000000801"
	eniEKS       = "eni-01a00000000000b01"
	eniOrders    = "eni-02b00000000000101"
	eniAnalytics = "eni-03c00000000000101"
	albARN       = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/50dc6c495c0c9188"
)

// handWritten is the fixture's network written by hand, as a vpcsim user
// would declare it: what the importer must produce from the describe
// output (tags aside, which TestTags covers).
func handWritten() *sim.Network {
	any4, any6 := pfx("0.0.0.0/0"), pfx("::/0")
	tcp := func(p uint16) vpc.SGRule { return vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(p)} }
	withCIDR := func(r vpc.SGRule, c string) vpc.SGRule { r.CIDR = pfx(c); return r }
	withGroup := func(r vpc.SGRule, g string) vpc.SGRule { r.Group = g; return r }
	all := func(c string) vpc.SGRule { return vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: pfx(c)} }
	allACL := func(n int, c string) vpc.ACLEntry {
		return vpc.ACLEntry{Number: n, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: pfx(c)}
	}
	yes := true
	lat := handWrittenLattice()
	return &sim.Network{
		VPCEndpoints: handWrittenEndpoints(),
		VPCs: []vpc.VPC{
			{ID: vpcProd, Name: "prod", Account: acctA, Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")},
				IPv6CIDR: pfx("2600:1f18:aaaa:aa00::/56"), EnableDNSSupport: &yes, EnableDNSHostnames: true},
			{ID: vpcOrders, Name: "orders", Account: acctB, Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.2.0.0/16")}},
			{ID: vpcAnalytics, Name: "analytics", Account: acctB, Region: "us-west-2", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}},
		},
		Subnets: []vpc.Subnet{
			{ID: pubA, Name: "prod-public-a", VPC: vpcProd, AvailabilityZone: "us-east-1a", AvailabilityZoneID: "use1-az1", CIDR: pfx("10.0.0.0/24"), IPv6CIDR: pfx("2600:1f18:aaaa:aa00::/64"), MapPublicIPOnLaunch: true},
			{ID: pubB, Name: "prod-public-b", VPC: vpcProd, AvailabilityZone: "us-east-1b", AvailabilityZoneID: "use1-az2", CIDR: pfx("10.0.1.0/24"), IPv6CIDR: pfx("2600:1f18:aaaa:aa01::/64"), MapPublicIPOnLaunch: true},
			{ID: appA, Name: "prod-app-a", VPC: vpcProd, AvailabilityZone: "us-east-1a", AvailabilityZoneID: "use1-az1", CIDR: pfx("10.0.10.0/24"), IPv6CIDR: pfx("2600:1f18:aaaa:aa0a::/64")},
			{ID: appB, Name: "prod-app-b", VPC: vpcProd, AvailabilityZone: "us-east-1b", AvailabilityZoneID: "use1-az2", CIDR: pfx("10.0.11.0/24"), IPv6CIDR: pfx("2600:1f18:aaaa:aa0b::/64")},
			{ID: dbA, Name: "prod-db-a", VPC: vpcProd, AvailabilityZone: "us-east-1a", AvailabilityZoneID: "use1-az1", CIDR: pfx("10.0.20.0/24")},
			{ID: dbB, Name: "prod-db-b", VPC: vpcProd, AvailabilityZone: "us-east-1b", AvailabilityZoneID: "use1-az2", CIDR: pfx("10.0.21.0/24")},
			{ID: tgwA, Name: "prod-tgw-a", VPC: vpcProd, AvailabilityZone: "us-east-1a", AvailabilityZoneID: "use1-az1", CIDR: pfx("10.0.30.0/28")},
			{ID: tgwB, Name: "prod-tgw-b", VPC: vpcProd, AvailabilityZone: "us-east-1b", AvailabilityZoneID: "use1-az2", CIDR: pfx("10.0.30.16/28")},
			{ID: ordersApp, Name: "orders-app-a", VPC: vpcOrders, AvailabilityZone: "us-east-1a", AvailabilityZoneID: "use1-az1", CIDR: pfx("10.2.0.0/24")},
			{ID: ordersTGW, Name: "orders-tgw-a", VPC: vpcOrders, AvailabilityZone: "us-east-1a", AvailabilityZoneID: "use1-az1", CIDR: pfx("10.2.1.0/28")},
			{ID: analyticsA, Name: "analytics-a", VPC: vpcAnalytics, AvailabilityZone: "us-west-2a", AvailabilityZoneID: "usw2-az2", CIDR: pfx("10.1.0.0/24")},
		},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-01a00000000000001", Name: "prod-main", VPC: vpcProd, Main: true},
			{ID: "rtb-01a00000000000002", Name: "prod-public", VPC: vpcProd, Subnets: []string{pubA, pubB}, Routes: []vpc.Route{
				{Destination: any4, Target: vpc.ToInternetGateway(igw)},
				{Destination: any6, Target: vpc.ToInternetGateway(igw)},
			}},
			// The S3 gateway endpoint's route and the route to the virtual
			// private gateway are not modelled (reported in Skipped).
			{ID: "rtb-01a00000000000003", Name: "prod-app-a", VPC: vpcProd, Subnets: []string{appA}, Routes: []vpc.Route{
				{Destination: any4, Target: vpc.ToNATGateway(natA)},
				{Destination: any6, Target: vpc.ToEgressOnlyGateway(eigw)},
				{Destination: pfx("10.1.0.0/16"), Target: vpc.ToPeeringConnection(pcx)},
				{Destination: pfx("10.2.0.0/16"), Target: vpc.ToTransitGateway(tgw)},
				{Destination: pfx("10.99.0.0/16"), Target: vpc.ToTransitGateway(tgw)},
				{Destination: pfx("172.16.0.0/16"), Target: vpc.ToNATGateway("nat-01a00000000000009"), Blackhole: true},
			}},
			{ID: "rtb-01a00000000000004", Name: "prod-app-b", VPC: vpcProd, Subnets: []string{appB}, Routes: []vpc.Route{
				{Destination: any4, Target: vpc.ToNATGateway(natB)},
				{Destination: any6, Target: vpc.ToEgressOnlyGateway(eigw)},
				{Destination: pfx("10.1.0.0/16"), Target: vpc.ToPeeringConnection(pcx)},
				{Destination: pfx("10.2.0.0/16"), Target: vpc.ToTransitGateway(tgw)},
			}},
			{ID: "rtb-01a00000000000005", Name: "prod-db", VPC: vpcProd, Subnets: []string{dbA, dbB}, Routes: []vpc.Route{
				{Destination: pfx("10.2.0.0/16"), Target: vpc.ToTransitGateway(tgw)},
			}},
			{ID: "rtb-01a00000000000006", Name: "prod-tgw", VPC: vpcProd, Subnets: []string{tgwA, tgwB}},
			{ID: "rtb-02b00000000000001", Name: "orders-main", VPC: vpcOrders, Main: true, Routes: []vpc.Route{
				{Destination: pfx("10.0.0.0/16"), Target: vpc.ToTransitGateway(tgw)},
			}},
			{ID: "rtb-03c00000000000001", Name: "analytics-main", VPC: vpcAnalytics, Main: true, Routes: []vpc.Route{
				{Destination: pfx("10.0.0.0/16"), Target: vpc.ToPeeringConnection(pcx)},
			}},
		},
		InternetGateways:           []vpc.InternetGateway{{ID: igw, Name: "prod-igw", VPC: vpcProd}},
		EgressOnlyInternetGateways: []vpc.EgressOnlyInternetGateway{{ID: eigw, Name: "prod-eigw", VPC: vpcProd}},
		NATGateways: []vpc.NATGateway{
			{ID: natA, Name: "prod-nat-1", Subnet: pubA, ElasticIP: addr("52.0.0.10"), PrivateIP: addr("10.0.0.10")},
			{ID: natB, Name: "prod-nat-2", Subnet: pubB, ElasticIP: addr("52.0.0.11"), PrivateIP: addr("10.0.1.10")},
		},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: sgDefault, Name: "default", VPC: vpcProd, Default: true,
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, Group: sgDefault}},
				Egress:  vpc.DefaultEgress(true)},
			{ID: sgALB, Name: "prod-alb", VPC: vpcProd,
				Ingress: []vpc.SGRule{withCIDR(tcp(443), "0.0.0.0/0"), withCIDR(tcp(443), "::/0"), withCIDR(tcp(80), "0.0.0.0/0")},
				Egress:  []vpc.SGRule{withGroup(tcp(8080), sgApp)}},
			{ID: sgApp, Name: "prod-app", VPC: vpcProd,
				Ingress: []vpc.SGRule{
					{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), CIDR: pfx("169.254.171.0/24"), Description: "VPC Lattice"},
					withGroup(tcp(8080), sgALB),
					{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), Group: sgOrders, Description: "orders service in account B, across the transit gateway"},
					{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(22), PrefixList: plCorp, Description: "corporate admins"},
					{Protocol: vpc.ProtocolICMP, ICMP: vpc.ICMPType(8), CIDR: pfx("10.0.0.0/16")},
				},
				Egress: []vpc.SGRule{
					withGroup(tcp(5432), sgDB), withCIDR(tcp(443), "0.0.0.0/0"), withCIDR(tcp(443), "::/0"),
					all("10.1.0.0/16"), all("10.2.0.0/16"),
				}},
			{ID: sgDB, Name: "prod-db", VPC: vpcProd, Ingress: []vpc.SGRule{withGroup(tcp(5432), sgApp)}},
			{ID: sgBastion, Name: "prod-bastion", VPC: vpcProd,
				Ingress: []vpc.SGRule{withCIDR(tcp(22), "203.0.113.0/24")}, Egress: vpc.DefaultEgress(true)},
			// Its one rule names a group of an account not in the input:
			// dropped and reported.
			{ID: sgPartner, Name: "prod-partner", VPC: vpcProd, Egress: vpc.DefaultEgress(true)},
			{ID: "sg-02b00000000000001", Name: "default", VPC: vpcOrders, Default: true,
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, Group: "sg-02b00000000000001"}}, Egress: vpc.DefaultEgress(false)},
			{ID: sgOrders, Name: "orders-app", VPC: vpcOrders,
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), CIDR: pfx("10.0.0.0/16"), Description: "prod VPC"}},
				Egress:  vpc.DefaultEgress(false)},
			{ID: "sg-03c00000000000001", Name: "default", VPC: vpcAnalytics, Default: true,
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, Group: "sg-03c00000000000001"}}, Egress: vpc.DefaultEgress(false)},
			{ID: sgAnalytics, Name: "analytics", VPC: vpcAnalytics,
				Ingress: []vpc.SGRule{withCIDR(tcp(8080), "10.0.10.0/24")}, Egress: vpc.DefaultEgress(false)},
		},
		NetworkACLs: []vpc.NetworkACL{
			{ID: "acl-01a00000000000001", VPC: vpcProd, Default: true, Subnets: []string{pubA, pubB, appA, appB, tgwA, tgwB},
				Inbound: vpc.AllowAllACL(true), Outbound: vpc.AllowAllACL(true)},
			{ID: "acl-01a00000000000002", Name: "prod-db", VPC: vpcProd, Subnets: []string{dbA, dbB},
				Inbound: []vpc.ACLEntry{
					{Number: 90, Action: vpc.Deny, Protocol: vpc.ProtocolTCP, CIDR: any4, Ports: vpc.Port(22)},
					{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, CIDR: pfx("10.0.10.0/23"), Ports: vpc.Port(5432)},
					{Number: 200, Action: vpc.Allow, Protocol: vpc.ProtocolICMP, CIDR: pfx("10.0.0.0/16"), ICMP: vpc.ICMPType(8)},
				},
				Outbound: []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, CIDR: pfx("10.0.10.0/23"), Ports: vpc.Ports(1024, 65535)}}},
			{ID: "acl-02b00000000000001", VPC: vpcOrders, Default: true, Subnets: []string{ordersApp, ordersTGW},
				Inbound: []vpc.ACLEntry{allACL(100, "0.0.0.0/0")}, Outbound: []vpc.ACLEntry{allACL(100, "0.0.0.0/0")}},
			{ID: "acl-03c00000000000001", VPC: vpcAnalytics, Default: true, Subnets: []string{analyticsA},
				Inbound: []vpc.ACLEntry{allACL(100, "0.0.0.0/0")}, Outbound: []vpc.ACLEntry{allACL(100, "0.0.0.0/0")}},
		},
		PrefixLists: []vpc.PrefixList{
			{ID: plCorp, Name: "corp-admin", AddressFamily: "IPv4", Entries: []netip.Prefix{pfx("198.51.100.0/24"), pfx("203.0.113.0/24")}, MaxEntries: 5},
			// Its entries were not exported: the list matches nothing
			// (reported).
			{ID: plS3, Name: "com.amazonaws.us-east-1.s3", AddressFamily: "IPv4", AWSManaged: true},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			// The load balancer's interfaces are its nodes, which the
			// engine creates from its subnet mappings below.
			{ID: eniAppA, Name: "app-a", Subnet: appA, Owner: "i-01a00000000000001", PrivateIPs: []netip.Addr{addr("10.0.10.10"), addr("10.0.10.11")},
				IPv6Addrs: []netip.Addr{addr("2600:1f18:aaaa:aa0a::10")}, SecurityGroups: []string{sgApp}},
			{ID: eniAppB, Subnet: appB, Owner: "i-01a00000000000002", PrivateIPs: []netip.Addr{addr("10.0.11.10")},
				IPv6Addrs: []netip.Addr{addr("2600:1f18:aaaa:aa0b::10")}, SecurityGroups: []string{sgApp}},
			{ID: eniRDS, Subnet: dbA, Kind: vpc.KindRDS, PrivateIPs: []netip.Addr{addr("10.0.20.10")}, SecurityGroups: []string{sgDB}},
			{ID: eniLambda, Subnet: appA, Kind: vpc.KindLambda, PrivateIPs: []netip.Addr{addr("10.0.10.50")}, SecurityGroups: []string{sgApp}},
			{ID: eniAPIGW, Subnet: appB, Kind: vpc.KindOther, PrivateIPs: []netip.Addr{addr("10.0.11.70")}, SecurityGroups: []string{sgApp}},
			{ID: eniBastion, Name: "bastion", Subnet: pubA, Owner: "i-01a00000000000003", PrivateIPs: []netip.Addr{addr("10.0.0.20"), addr("10.0.0.21")},
				PublicIP: addr("54.10.10.10"), ElasticIPs: []vpc.ElasticIP{{PrivateIP: addr("10.0.0.21"), PublicIP: addr("54.10.10.11")}},
				SecurityGroups: []string{sgBastion}},
			// Listed by describe-instances only; its instance is an EKS node.
			{ID: eniEKS, Subnet: appB, Kind: vpc.KindEKSNode, Owner: "i-01a00000000000004", PrivateIPs: []netip.Addr{addr("10.0.11.20")}, SecurityGroups: []string{sgApp}},
			{ID: eniOrders, Subnet: ordersApp, Owner: "i-02b00000000000001", PrivateIPs: []netip.Addr{addr("10.2.0.10")}, SecurityGroups: []string{sgOrders}},
			{ID: eniAnalytics, Subnet: analyticsA, Owner: "i-03c00000000000001", PrivateIPs: []netip.Addr{addr("10.1.0.10")}, SecurityGroups: []string{sgAnalytics}},
		},
		PeeringConnections: []vpc.PeeringConnection{{ID: pcx, Name: "prod-to-analytics", RequesterVPC: vpcProd, AccepterVPC: vpcAnalytics}},
		TransitGateways:    []vpc.TransitGateway{{ID: tgw, Name: "core", Account: acctA, Region: "us-east-1", SecurityGroupReferencing: true}},
		TransitGatewayAttachments: []vpc.TransitGatewayAttachment{
			{ID: attProd, TransitGateway: tgw, VPC: vpcProd, Subnets: []string{tgwA, tgwB}, RouteTable: tgwRTB, Propagations: []string{tgwRTB}},
			{ID: attOrders, TransitGateway: tgw, VPC: vpcOrders, Subnets: []string{ordersTGW}, RouteTable: tgwRTB, Propagations: []string{tgwRTB}},
		},
		TransitGatewayRouteTables: []vpc.TransitGatewayRouteTable{{ID: tgwRTB, Name: "core-rt", TransitGateway: tgw,
			Routes: []vpc.TGWRoute{{Destination: pfx("10.99.0.0/16"), Blackhole: true}}}},
		// The web load balancer: its nodes' addresses are those AWS
		// gave its interfaces.
		LoadBalancers: []elb.LoadBalancer{{ID: albARN, Name: "web", Type: elb.Application, Scheme: elb.InternetFacing, VPC: vpcProd,
			Subnets: []elb.SubnetMapping{
				{Subnet: pubA, PrivateIPv4: addr("10.0.0.100"), PublicIPv4: addr("3.80.0.1"), IPv6: addr("2600:1f18:aaaa:aa00::100")},
				{Subnet: pubB, PrivateIPv4: addr("10.0.1.100"), PublicIPv4: addr("3.80.0.2"), IPv6: addr("2600:1f18:aaaa:aa01::100")},
			}, IPAddressType: elb.DualStack, SecurityGroups: []string{sgALB}}},
		Listeners: []elb.Listener{
			{ID: lis80, LoadBalancer: albARN, Protocol: elb.HTTP, Port: 80, Default: elb.RedirectTo(elb.Redirect{Protocol: "HTTPS", Host: "#{host}", Port: "443",
				Path: "/#{path}", Query: "#{query}", StatusCode: elb.Permanent})},
			{ID: lis443, LoadBalancer: albARN, Protocol: elb.HTTPS, Port: 443, Default: elb.Respond(404, "text/plain", "not found"),
				Rules: []elb.Rule{
					{ID: rulePref + "9683b2d02a6cabee", Priority: 10, Conditions: []elb.Condition{elb.PathPattern("/api/*"), elb.Header("X-Env", "prod")},
						Action: elb.ForwardTo(tgApp)},
					{ID: rulePref + "c5b4bbd3e8a40b4c", Priority: 20, Conditions: []elb.Condition{elb.SourceIP(pfx("198.51.100.0/24"))},
						Action: elb.ForwardTo(tgApp)},
				}},
		},
		TargetGroups: []elb.TargetGroup{{ID: tgApp, Name: "app", TargetType: elb.InstanceTarget, Protocol: elb.HTTP, Port: 8080, ProtocolVersion: elb.HTTP1, VPC: vpcProd,
			HealthCheck: elb.HealthCheck{Enabled: &yes, Protocol: elb.HTTP, Port: elb.TrafficPort, Path: "/healthz", Matcher: elb.Matcher{HTTPCode: "200"},
				IntervalSeconds: 30, TimeoutSeconds: 5, HealthyThreshold: 5, UnhealthyThreshold: 2},
			Targets: []elb.Target{{ID: "i-01a00000000000001"}, {ID: "i-01a00000000000002"}, {ID: "i-01a00000000000004", Port: 8081, Health: elb.Unhealthy}}}},
		ServiceNetworks:                   lat.ServiceNetworks,
		ServiceNetworkVPCAssociations:     lat.ServiceNetworkVPCAssociations,
		ServiceNetworkServiceAssociations: lat.ServiceNetworkServiceAssociations,
		LatticeServices:                   lat.LatticeServices,
		LatticeTargetGroups:               lat.LatticeTargetGroups,
	}
}

// withoutTags returns a copy of n without tags, which the hand-written
// network leaves out.
func withoutTags(n *sim.Network) *sim.Network {
	c := *n
	clear := func(m *map[string]string) { *m = nil }
	c.VPCs = append([]vpc.VPC(nil), n.VPCs...)
	for i := range c.VPCs {
		clear(&c.VPCs[i].Tags)
	}
	c.Subnets = append([]vpc.Subnet(nil), n.Subnets...)
	for i := range c.Subnets {
		clear(&c.Subnets[i].Tags)
	}
	c.RouteTables = append([]vpc.RouteTable(nil), n.RouteTables...)
	for i := range c.RouteTables {
		clear(&c.RouteTables[i].Tags)
	}
	c.InternetGateways = append([]vpc.InternetGateway(nil), n.InternetGateways...)
	for i := range c.InternetGateways {
		clear(&c.InternetGateways[i].Tags)
	}
	c.EgressOnlyInternetGateways = append([]vpc.EgressOnlyInternetGateway(nil), n.EgressOnlyInternetGateways...)
	for i := range c.EgressOnlyInternetGateways {
		clear(&c.EgressOnlyInternetGateways[i].Tags)
	}
	c.NATGateways = append([]vpc.NATGateway(nil), n.NATGateways...)
	for i := range c.NATGateways {
		clear(&c.NATGateways[i].Tags)
	}
	c.SecurityGroups = append([]vpc.SecurityGroup(nil), n.SecurityGroups...)
	for i := range c.SecurityGroups {
		clear(&c.SecurityGroups[i].Tags)
	}
	c.NetworkACLs = append([]vpc.NetworkACL(nil), n.NetworkACLs...)
	for i := range c.NetworkACLs {
		clear(&c.NetworkACLs[i].Tags)
	}
	c.NetworkInterfaces = append([]vpc.NetworkInterface(nil), n.NetworkInterfaces...)
	for i := range c.NetworkInterfaces {
		clear(&c.NetworkInterfaces[i].Tags)
	}
	c.PeeringConnections = append([]vpc.PeeringConnection(nil), n.PeeringConnections...)
	for i := range c.PeeringConnections {
		clear(&c.PeeringConnections[i].Tags)
	}
	c.TransitGateways = append([]vpc.TransitGateway(nil), n.TransitGateways...)
	for i := range c.TransitGateways {
		clear(&c.TransitGateways[i].Tags)
	}
	c.TransitGatewayAttachments = append([]vpc.TransitGatewayAttachment(nil), n.TransitGatewayAttachments...)
	for i := range c.TransitGatewayAttachments {
		clear(&c.TransitGatewayAttachments[i].Tags)
	}
	c.TransitGatewayRouteTables = append([]vpc.TransitGatewayRouteTable(nil), n.TransitGatewayRouteTables...)
	for i := range c.TransitGatewayRouteTables {
		clear(&c.TransitGatewayRouteTables[i].Tags)
	}
	c.LoadBalancers = append([]elb.LoadBalancer(nil), n.LoadBalancers...)
	for i := range c.LoadBalancers {
		clear(&c.LoadBalancers[i].Tags)
	}
	c.TargetGroups = append([]elb.TargetGroup(nil), n.TargetGroups...)
	for i := range c.TargetGroups {
		clear(&c.TargetGroups[i].Tags)
	}
	return &c
}

var netOpts = []cmp.Option{cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}), cmpopts.EquateEmpty()}

func loadFixture(t testing.TB) *Result {
	t.Helper()
	r, err := Load("testdata/aws_configs")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// ALB nodes, as the engine names them.
const (
	nodeA = albARN + "/" + pubA
	nodeB = albARN + "/" + pubB
)

// TestEquivalentToHandWritten imports the fixture's describe output and
// checks it against the same network written by hand: the declarations
// diff empty, and both compile and give the same answers, paths
// included, to a set of queries, with the verdicts the architecture
// intends: through the load balancer (at its nodes, whose addresses are
// those AWS gave its interfaces) and through VPC Lattice.
func TestEquivalentToHandWritten(t *testing.T) {
	r := loadFixture(t)
	want := handWritten()
	if d := cmp.Diff(want, withoutTags(r.Network), append(netOpts, compactJSON)...); d != "" {
		t.Errorf("imported network (-hand-written +imported):\n%s", d)
	}
	mi, err := sim.Compile(r.Network)
	if err != nil {
		t.Fatalf("compile imported: %v", err)
	}
	mh, err := sim.Compile(want)
	if err != nil {
		t.Fatalf("compile hand-written: %v", err)
	}
	ok := sim.Verdict{Status: sim.Reachable, Reason: sim.NoReason}
	tcp := func(from, to sim.Endpoint, port uint16) sim.Query { return sim.Query{From: from, To: to, Port: port} }
	api := &sim.HTTPRequest{Path: "/api/orders", Header: http.Header{"X-Env": {"prod"}}}
	orders := &sim.HTTPRequest{Path: "/orders/42", Header: http.Header{"X-Tenant": {"blue"}}}
	for _, tc := range []struct {
		name string
		q    sim.Query
		want sim.Verdict
	}{
		{"internet reaches the load balancer's node", sim.Query{From: sim.Internet(), To: sim.ENI(nodeA), Port: 443, Request: api}, ok},
		{"internet reaches the load balancer's node over IPv6", sim.Query{From: sim.Internet(), To: sim.ENI(nodeB), Port: 443, IPv6: true, Request: api}, ok},
		{"internet reaches the load balancer at its node's public address", sim.Query{From: sim.Internet(), To: sim.Address(addr("3.80.0.1")), Port: 443, Request: api}, ok},
		{"internet reaches the app through the load balancer's api rule",
			sim.Query{From: sim.Internet(), To: sim.LoadBalancer(albARN), Port: 443, Request: api}, ok},
		{"the load balancer answers other paths with its fixed 404",
			sim.Query{From: sim.InternetAddress(addr("203.0.113.9")), To: sim.LoadBalancer(albARN), Port: 443}, sim.Verdict{Status: sim.Blocked, Reason: sim.FixedResponse}},
		{"the load balancer redirects http", tcp(sim.Internet(), sim.LoadBalancer(albARN), 80), sim.Verdict{Status: sim.Blocked, Reason: sim.Redirect}},
		{"internet does not reach the app", tcp(sim.Internet(), sim.ENI(eniAppA), 8080), sim.Verdict{Status: sim.Blocked, Reason: sim.NoPublicIP}},
		{"load balancer reaches the app", tcp(sim.ENI(nodeA), sim.ENI(eniAppB), 8080), ok},
		{"load balancer does not reach the database", tcp(sim.ENI(nodeA), sim.ENI(eniRDS), 5432), sim.Verdict{Status: sim.Blocked, Reason: sim.SGEgress}},
		{"the bastion reaches the orders service through the service network",
			sim.Query{From: sim.ENI(eniBastion), To: sim.LatticeService("svc-0a1b2c3d4e5f60001"), Port: 80, Request: orders}, ok},
		{"orders answers requests without the tenant header with its fixed 404",
			sim.Query{From: sim.ENI(eniBastion), To: sim.LatticeService("svc-0a1b2c3d4e5f60001"), Port: 80, Request: &sim.HTTPRequest{Path: "/orders/42"}},
			sim.Verdict{Status: sim.Blocked, Reason: sim.FixedResponse}},
		{"the app's group does not let it out to Lattice on 80",
			sim.Query{From: sim.ENI(eniAppA), To: sim.LatticeService("svc-0a1b2c3d4e5f60001"), Port: 80, Request: orders}, sim.Verdict{Status: sim.Blocked, Reason: sim.SGEgress}},
		{"app reaches the database", tcp(sim.ENI(eniAppA), sim.ENI(eniRDS), 5432), ok},
		{"lambda reaches the database", tcp(sim.ENI(eniLambda), sim.ENI(eniRDS), 5432), ok},
		{"EKS node from describe-instances reaches the database", tcp(sim.ENI(eniEKS), sim.ENI(eniRDS), 5432), ok},
		{"app reaches the internet through its NAT gateway", tcp(sim.ENI(eniAppA), sim.InternetAddress(addr("8.8.8.8")), 443), ok},
		{"app reaches the IPv6 internet through the egress-only gateway", sim.Query{From: sim.ENI(eniAppA), To: sim.InternetAddress(addr("2001:4860:4860::8888")), Port: 443, IPv6: true}, ok},
		{"database does not reach the internet", tcp(sim.ENI(eniRDS), sim.Internet(), 443), sim.Verdict{Status: sim.Blocked, Reason: sim.SGEgress}},
		{"app reaches orders across the transit gateway", tcp(sim.ENI(eniAppA), sim.ENI(eniOrders), 8080), ok},
		{"orders reaches the app by its group, across the transit gateway", tcp(sim.ENI(eniOrders), sim.ENI(eniAppB), 8080), ok},
		{"app reaches analytics across the cross-Region peering", tcp(sim.ENI(eniAppA), sim.ENI(eniAnalytics), 8080), ok},
		{"app-b is not allowed into analytics", tcp(sim.ENI(eniAppB), sim.ENI(eniAnalytics), 8080), sim.Verdict{Status: sim.Blocked, Reason: sim.SGIngress}},
		{"analytics is not allowed into the app", tcp(sim.ENI(eniAnalytics), sim.ENI(eniAppA), 8080), sim.Verdict{Status: sim.Blocked, Reason: sim.SGIngress}},
		{"admins reach the bastion", tcp(sim.InternetAddress(addr("203.0.113.5")), sim.ENI(eniBastion), 22), ok},
		{"others do not reach the bastion", tcp(sim.InternetAddress(addr("8.8.8.8")), sim.ENI(eniBastion), 22), sim.Verdict{Status: sim.Blocked, Reason: sim.SGIngress}},
		{"the bastion's secondary Elastic IP reaches it", tcp(sim.InternetAddress(addr("203.0.113.5")), sim.Address(addr("54.10.10.11")), 22), ok},
		{"the bastion is not in the admin prefix list", tcp(sim.ENI(eniBastion), sim.ENI(eniAppA), 22), sim.Verdict{Status: sim.Blocked, Reason: sim.SGIngress}},
		{"the app may not ssh to the database", tcp(sim.ENI(eniAppA), sim.ENI(eniRDS), 22), sim.Verdict{Status: sim.Blocked, Reason: sim.SGEgress}},
		{"the database ACL denies ssh from the bastion's group-less path", tcp(sim.ENI(eniBastion), sim.ENI(eniRDS), 22), sim.Verdict{Status: sim.Blocked, Reason: sim.NACLInbound}},
		{"ping from the app passes the database ACL, not its security group", sim.Query{From: sim.ENI(eniAppA), To: sim.ENI(eniRDS), Protocol: vpc.ProtocolICMP}, sim.Verdict{Status: sim.Blocked, Reason: sim.SGEgress}},
	} {
		hr, err := mh.Reach(tc.q)
		if err != nil {
			t.Fatalf("%s: hand-written: %v", tc.name, err)
		}
		ir, err := mi.Reach(tc.q)
		if err != nil {
			t.Fatalf("%s: imported: %v", tc.name, err)
		}
		if d := cmp.Diff(hr, ir, netOpts...); d != "" {
			t.Errorf("%s: imported answers differently (-hand-written +imported):\n%s", tc.name, d)
		}
		if got := (sim.Verdict{Status: ir.Status, Reason: ir.Reason}); got != tc.want {
			t.Errorf("%s: got %v, want %v\n%s", tc.name, got, tc.want, ir)
		}
	}
}

// TestLatticeRequest asks the imported network a VPC Lattice question: a
// request from the prod VPC to the orders service is reachable, through
// the VPC's service network association, and answered exactly as the
// hand-written network answers it.
func TestLatticeRequest(t *testing.T) {
	r := loadFixture(t)
	q := sim.Query{From: sim.ENI(eniBastion), To: sim.LatticeService("orders-0a1b2c3d4e5f60001.7d67968.vpc-lattice-svcs.us-east-1.on.aws"), Port: 80,
		Request: &sim.HTTPRequest{Path: "/orders/42", Header: http.Header{"X-Tenant": {"blue"}}}}
	mi, err := sim.Compile(r.Network)
	if err != nil {
		t.Fatal(err)
	}
	mh, err := sim.Compile(handWritten())
	if err != nil {
		t.Fatal(err)
	}
	ir, err := mi.Reach(q)
	if err != nil {
		t.Fatal(err)
	}
	hr, err := mh.Reach(q)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(hr, ir, netOpts...); d != "" {
		t.Errorf("imported answers differently (-hand-written +imported):\n%s", d)
	}
	if !ir.Allowed() {
		t.Fatalf("%v (%v), want reachable\n%s", ir.Status, ir.Reason, ir)
	}
	assoc := slices.IndexFunc(ir.Path, func(h sim.Hop) bool {
		return h.Step == sim.StepLatticeAssociation && strings.Contains(h.Rule, "snva-0a1b2c3d4e5f60001")
	})
	if assoc < 0 {
		t.Errorf("the path does not pass the prod VPC's association snva-0a1b2c3d4e5f60001:\n%s", ir)
	}
	if ir.Proxy == nil || len(ir.Proxy.Branches) == 0 || ir.Proxy.Branches[0].Target != "i-01a00000000000001" || ir.Proxy.Branches[0].Leg == nil {
		t.Errorf("want the request forwarded to instance i-01a00000000000001:\n%s", ir)
	}
}
