package reference

import (
	"net/netip"
	"strings"

	vpcendpoint "github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Fact is one AWS behaviour as a small network, a query and its answer,
// with the AWS documentation that states it. The reference's own tests
// check it against every fact; the engine's tests can do the same.
type Fact struct {
	Name    string
	Source  string // the AWS guide and page stating the behaviour
	Network *sim.Network
	Query   sim.Query
	Want    Verdict
}

var (
	pfx  = netip.MustParsePrefix
	addr = netip.MustParseAddr

	anyV4 = pfx("0.0.0.0/0")
	anyV6 = pfx("::/0")
)

// factBase is one dual-stack VPC (10.0.0.0/16, 2600:1f18::/56):
// subnet-a (10.0.0.0/24, 2600:1f18:0:1::/64) holds eni-a (10.0.0.10,
// 2600:1f18:0:1::10, public 54.0.0.1) and eni-a2 (10.0.0.20);
// subnet-pub (10.0.1.0/24) holds the public NAT gateway nat-1 (10.0.1.10,
// Elastic IP 52.0.0.10) and routes 0.0.0.0/0 to the attached internet
// gateway igw-1; subnet-b (10.0.2.0/24) holds eni-b (10.0.2.10). Every
// interface is in sg-open (all in and out, both families); subnet-a and
// subnet-b use the main table (local routes only) and every subnet the
// default network ACL.
func factBase() *sim.Network {
	open := []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: anyV4}, {Protocol: vpc.ProtocolAll, CIDR: anyV6}}
	return &sim.Network{
		VPCs: []vpc.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, IPv6CIDR: pfx("2600:1f18::/56")}},
		Subnets: []vpc.Subnet{
			{ID: "subnet-a", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.0.0/24"), IPv6CIDR: pfx("2600:1f18:0:1::/64")},
			{ID: "subnet-pub", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.1.0/24")},
			{ID: "subnet-b", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.2.0/24")},
		},
		InternetGateways: []vpc.InternetGateway{{ID: "igw-1", VPC: "vpc-1"}},
		NATGateways:      []vpc.NATGateway{{ID: "nat-1", Subnet: "subnet-pub", ElasticIP: addr("52.0.0.10"), PrivateIP: addr("10.0.1.10")}},
		RouteTables: []vpc.RouteTable{{ID: "rtb-pub", VPC: "vpc-1", Subnets: []string{"subnet-pub"},
			Routes: []vpc.Route{{Destination: anyV4, Target: vpc.ToInternetGateway("igw-1")}}}},
		SecurityGroups: []vpc.SecurityGroup{{ID: "sg-open", VPC: "vpc-1", Ingress: open, Egress: open}},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-a", Subnet: "subnet-a", PrivateIPs: []netip.Addr{addr("10.0.0.10")}, IPv6Addrs: []netip.Addr{addr("2600:1f18:0:1::10")},
				PublicIP: addr("54.0.0.1"), SecurityGroups: []string{"sg-open"}},
			{ID: "eni-a2", Subnet: "subnet-a", PrivateIPs: []netip.Addr{addr("10.0.0.20")}, SecurityGroups: []string{"sg-open"}},
			{ID: "eni-b", Subnet: "subnet-b", PrivateIPs: []netip.Addr{addr("10.0.2.10")}, SecurityGroups: []string{"sg-open"}},
		},
	}
}

// with returns factBase changed by the functions.
func with(fs ...func(n *sim.Network)) *sim.Network {
	n := factBase()
	for _, f := range fs {
		f(n)
	}
	return n
}

func eniOf(n *sim.Network, id string) *vpc.NetworkInterface {
	for i := range n.NetworkInterfaces {
		if n.NetworkInterfaces[i].ID == id {
			return &n.NetworkInterfaces[i]
		}
	}
	return &vpc.NetworkInterface{} // a mistake in a fact: its test then fails
}

// withGroups puts interface id in the given groups, declared in VPC vpc-1.
func withGroups(id string, gs ...vpc.SecurityGroup) func(*sim.Network) {
	return func(n *sim.Network) {
		e := eniOf(n, id)
		e.SecurityGroups = nil
		for _, g := range gs {
			g.VPC = "vpc-1"
			n.SecurityGroups = append(n.SecurityGroups, g)
			e.SecurityGroups = append(e.SecurityGroups, g.ID)
		}
	}
}

// withACL associates a network ACL with subnet s.
func withACL(s, id string, in, out []vpc.ACLEntry) func(*sim.Network) {
	return func(n *sim.Network) {
		n.NetworkACLs = append(n.NetworkACLs, vpc.NetworkACL{ID: id, VPC: "vpc-1", Subnets: []string{s}, Inbound: in, Outbound: out})
	}
}

// withRoutes associates a route table with subnet s.
func withRoutes(s, id string, rs ...vpc.Route) func(*sim.Network) {
	return func(n *sim.Network) {
		n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: id, VPC: "vpc-1", Subnets: []string{s}, Routes: rs})
	}
}

func tcpFrom(p netip.Prefix, ports vpc.PortRange) vpc.SGRule {
	return vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: ports, CIDR: p}
}

func allTo(p netip.Prefix) vpc.SGRule { return vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: p} }

func entry(num int, a vpc.Action, proto vpc.Protocol, p netip.Prefix, ports vpc.PortRange) vpc.ACLEntry {
	return vpc.ACLEntry{Number: num, Action: a, Protocol: proto, CIDR: p, Ports: ports}
}

func allowAll(num int) vpc.ACLEntry {
	return vpc.ACLEntry{Number: num, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: anyV4}
}

var (
	reachable    = Verdict{Status: sim.Reachable}
	internetHost = addr("8.8.8.8")
)

func blocked(r sim.Reason) Verdict      { return Verdict{sim.Blocked, r} }
func replyBlocked(r sim.Reason) Verdict { return Verdict{sim.ReplyBlocked, r} }

func tcp(from, to sim.Endpoint, port uint16) sim.Query {
	return sim.Query{From: from, To: to, Protocol: vpc.ProtocolTCP, Port: port}
}

// Facts returns the AWS behaviours the reference models, one small
// network each.
func Facts() []Fact {
	const (
		sgGuide   = "Amazon VPC User Guide, Security group rules"
		aclGuide  = "Amazon VPC User Guide, Network ACL rules"
		rtGuide   = "Amazon VPC User Guide, Route priority"
		natGuide  = "Amazon VPC User Guide, NAT gateway basics"
		igwGuide  = "Amazon VPC User Guide, Enable internet access for a VPC using an internet gateway"
		eigwGuide = "Amazon VPC User Guide, Enable outbound IPv6 traffic using an egress-only internet gateway"
		pcxGuide  = "VPC Peering Guide, Unsupported VPC peering configurations"
		tgwGuide  = "Transit Gateway Guide, Transit gateway attachments to a VPC"
		dnsGuide  = "Amazon VPC User Guide, Amazon DNS server"
	)
	a, a2, b := sim.ENI("eni-a"), sim.ENI("eni-a2"), sim.ENI("eni-b")
	toNAT := withRoutes("subnet-a", "rtb-a", vpc.Route{Destination: anyV4, Target: vpc.ToNATGateway("nat-1")})
	toIGW := withRoutes("subnet-a", "rtb-a", vpc.Route{Destination: anyV4, Target: vpc.ToInternetGateway("igw-1")},
		vpc.Route{Destination: anyV6, Target: vpc.ToInternetGateway("igw-1")})
	sgB := func(rules ...vpc.SGRule) func(*sim.Network) {
		return withGroups("eni-b", vpc.SecurityGroup{ID: "sg-b", Ingress: rules, Egress: []vpc.SGRule{allTo(anyV4)}})
	}
	ipv6 := func(q sim.Query) sim.Query { q.IPv6 = true; return q }
	host6 := addr("2600:9000::1")

	return []Fact{
		// Security groups.
		{"groups are a union: one group admits", sgGuide, with(withGroups("eni-b",
			vpc.SecurityGroup{ID: "sg-b1", Ingress: []vpc.SGRule{tcpFrom(pfx("10.0.0.0/24"), vpc.Port(22))}},
			vpc.SecurityGroup{ID: "sg-b2", Ingress: []vpc.SGRule{tcpFrom(anyV4, vpc.Port(80))}})),
			tcp(a, b, 80), reachable},
		{"groups are a union: no group admits", sgGuide, with(withGroups("eni-b",
			vpc.SecurityGroup{ID: "sg-b1", Ingress: []vpc.SGRule{tcpFrom(pfx("10.0.0.0/24"), vpc.Port(22))}},
			vpc.SecurityGroup{ID: "sg-b2", Ingress: []vpc.SGRule{tcpFrom(anyV4, vpc.Port(80))}})),
			tcp(a, b, 443), blocked(sim.SGIngress)},
		{"stateful: a reply passes a group without inbound rules", sgGuide,
			with(withGroups("eni-a", vpc.SecurityGroup{ID: "sg-a", Egress: []vpc.SGRule{allTo(anyV4)}})),
			tcp(a, b, 22), reachable},
		{"no egress rule", sgGuide, with(withGroups("eni-a", vpc.SecurityGroup{ID: "sg-a"})),
			tcp(a, b, 22), blocked(sim.SGEgress)},
		{"a group reference matches the group's members", sgGuide, with(
			withGroups("eni-a", vpc.SecurityGroup{ID: "sg-a", Egress: []vpc.SGRule{allTo(anyV4)}}),
			sgB(vpc.SGRule{Protocol: vpc.ProtocolAll, Group: "sg-a"})),
			tcp(a, b, 22), reachable},
		{"a group reference matches no one else", sgGuide, with(
			withGroups("eni-a", vpc.SecurityGroup{ID: "sg-a", Egress: []vpc.SGRule{allTo(anyV4)}}),
			sgB(vpc.SGRule{Protocol: vpc.ProtocolAll, Group: "sg-a"})),
			tcp(a2, b, 22), blocked(sim.SGIngress)},
		{"a group reference never matches a translated source", sgGuide, with(
			withGroups("eni-a", vpc.SecurityGroup{ID: "sg-a", Egress: []vpc.SGRule{allTo(anyV4)}}),
			sgB(vpc.SGRule{Protocol: vpc.ProtocolAll, Group: "sg-a"}),
			withRoutes("subnet-a", "rtb-a", vpc.Route{Destination: pfx("10.0.2.0/24"), Target: vpc.ToNATGateway("nat-1")})),
			tcp(a, b, 22), blocked(sim.SGIngress)},
		{"the default group admits its own members", "Amazon VPC User Guide, Default security groups for your VPCs", with(
			func(n *sim.Network) { eniOf(n, "eni-a").SecurityGroups = nil; eniOf(n, "eni-b").SecurityGroups = nil }),
			tcp(a, b, 22), reachable},
		{"the default group admits no one else", "Amazon VPC User Guide, Default security groups for your VPCs", with(
			func(n *sim.Network) { eniOf(n, "eni-b").SecurityGroups = nil }),
			tcp(a, b, 22), blocked(sim.SGIngress)},
		{"an interface forwards only with its source/destination check off", "Amazon EC2 User Guide, Source/destination checks",
			with(appliance(false)), tcp(a, b, 22), blocked(sim.SourceDestCheck)},
		{"an appliance forwards", "Amazon EC2 User Guide, Source/destination checks",
			with(appliance(true)), tcp(a, b, 22), reachable},

		// Network ACLs.
		{"the lowest-numbered matching entry decides: deny", aclGuide, with(withACL("subnet-b", "acl-b",
			[]vpc.ACLEntry{entry(100, vpc.Deny, vpc.ProtocolTCP, anyV4, vpc.Port(22)), allowAll(200)}, []vpc.ACLEntry{allowAll(100)})),
			tcp(a, b, 22), blocked(sim.NACLInbound)},
		{"the lowest-numbered matching entry decides: allow", aclGuide, with(withACL("subnet-b", "acl-b",
			[]vpc.ACLEntry{entry(50, vpc.Allow, vpc.ProtocolTCP, pfx("10.0.0.0/24"), vpc.Port(22)), entry(100, vpc.Deny, vpc.ProtocolTCP, anyV4, vpc.Port(22)), allowAll(200)},
			[]vpc.ACLEntry{allowAll(100)})),
			tcp(a, b, 22), reachable},
		{"a packet no entry matches is denied", aclGuide, with(withACL("subnet-a", "acl-a", nil, nil)),
			tcp(a, b, 22), blocked(sim.NACLOutbound)},
		{"a reply must pass on the whole ephemeral range", aclGuide, with(withACL("subnet-a", "acl-a",
			[]vpc.ACLEntry{entry(100, vpc.Allow, vpc.ProtocolTCP, anyV4, vpc.Ports(32768, 60999))}, []vpc.ACLEntry{allowAll(100)})),
			tcp(a, b, 22), replyBlocked(sim.NACLInbound)},
		{"a reply passes on the client's own range", aclGuide, with(withACL("subnet-a", "acl-a",
			[]vpc.ACLEntry{entry(100, vpc.Allow, vpc.ProtocolTCP, anyV4, vpc.Ports(32768, 60999))}, []vpc.ACLEntry{allowAll(100)})),
			sim.Query{From: a, To: b, Port: 22, EphemeralPorts: vpc.Ports(32768, 60999)}, reachable},
		{"traffic within a subnet meets no ACL", aclGuide, with(withACL("subnet-a", "acl-a", nil, nil)),
			tcp(a, a2, 22), reachable},

		// Routing.
		{"the longest prefix wins", rtGuide, with(withRoutes("subnet-a", "rtb-a",
			vpc.Route{Destination: anyV4, Target: vpc.ToNATGateway("nat-gone"), Blackhole: true},
			vpc.Route{Destination: pfx("8.8.8.0/24"), Target: vpc.ToInternetGateway("igw-1")})),
			tcp(a, sim.InternetAddress(internetHost), 443), reachable},
		{"a blackhole route drops", rtGuide, with(withRoutes("subnet-a", "rtb-a",
			vpc.Route{Destination: anyV4, Target: vpc.ToNATGateway("nat-gone"), Blackhole: true},
			vpc.Route{Destination: pfx("8.8.8.0/24"), Target: vpc.ToInternetGateway("igw-1")})),
			tcp(a, sim.InternetAddress(addr("9.9.9.9")), 443), blocked(sim.BlackholeRoute)},
		{"no route", rtGuide, factBase(), tcp(a, sim.InternetAddress(internetHost), 443), blocked(sim.NoRoute)},
		{"a CIDR route beats a prefix-list route of the same length", rtGuide, with(
			func(n *sim.Network) {
				n.PrefixLists = []vpc.PrefixList{{ID: "pl-1", Entries: []netip.Prefix{pfx("8.8.8.0/24")}}}
			},
			withRoutes("subnet-a", "rtb-a",
				vpc.Route{PrefixList: "pl-1", Target: vpc.ToInternetGateway("igw-1")},
				vpc.Route{Destination: pfx("8.8.8.0/24"), Target: vpc.ToNATGateway("nat-gone"), Blackhole: true})),
			tcp(a, sim.InternetAddress(internetHost), 443), blocked(sim.BlackholeRoute)},

		// NAT gateways.
		{"a NAT gateway carries TCP out", natGuide, with(toNAT), tcp(a, sim.InternetAddress(internetHost), 443), reachable},
		{"a NAT gateway carries ICMP out", natGuide, with(toNAT),
			sim.Query{From: a, To: sim.InternetAddress(internetHost), Protocol: vpc.ProtocolICMP}, reachable},
		{"a NAT gateway drops other protocols", natGuide, with(toNAT),
			sim.Query{From: a, To: sim.InternetAddress(internetHost), Protocol: 47}, blocked(sim.NATProtocol)},
		{"a NAT gateway accepts no flow initiated towards it", natGuide, factBase(),
			tcp(sim.InternetAddress(internetHost), sim.Address(addr("52.0.0.10")), 443), blocked(sim.NATInbound)},
		{"a NAT gateway drops replies it did not translate", natGuide, with(
			withRoutes("subnet-b", "rtb-b", vpc.Route{Destination: pfx("10.0.0.0/24"), Target: vpc.ToNATGateway("nat-1")})),
			tcp(a, b, 22), replyBlocked(sim.NATInbound)},
		{"a NAT gateway's subnet ACL sees its ports", natGuide, with(toNAT, withACL("subnet-pub", "acl-pub",
			[]vpc.ACLEntry{entry(100, vpc.Allow, vpc.ProtocolTCP, anyV4, vpc.Port(443)), entry(110, vpc.Allow, vpc.ProtocolTCP, anyV4, vpc.Ports(32768, 60999))},
			[]vpc.ACLEntry{allowAll(100)})),
			sim.Query{From: a, To: sim.InternetAddress(internetHost), Port: 443, EphemeralPorts: vpc.Ports(32768, 60999)}, replyBlocked(sim.NACLInbound)},
		{"a private NAT gateway's traffic is dropped at the internet gateway", natGuide, with(toNAT,
			func(n *sim.Network) {
				n.NATGateways[0].Connectivity, n.NATGateways[0].ElasticIP = vpc.NATPrivate, netip.Addr{}
			}),
			tcp(a, sim.InternetAddress(internetHost), 443), blocked(sim.NoPublicIP)},

		// Internet gateways.
		{"an interface reaches the internet at its public address", igwGuide, with(toIGW),
			tcp(a, sim.InternetAddress(internetHost), 443), reachable},
		{"the internet reaches an interface at its public address", igwGuide, with(toIGW),
			tcp(sim.InternetAddress(internetHost), sim.Address(addr("54.0.0.1")), 443), reachable},
		{"an interface without a public address cannot reach the internet", igwGuide,
			with(withRoutes("subnet-a", "rtb-a", vpc.Route{Destination: anyV4, Target: vpc.ToInternetGateway("igw-1")})),
			tcp(a2, sim.InternetAddress(internetHost), 443), blocked(sim.NoPublicIP)},
		{"the internet cannot reach an interface without a public address", igwGuide, with(toIGW),
			tcp(sim.InternetAddress(internetHost), a2, 443), blocked(sim.NoPublicIP)},
		{"a secondary address without an Elastic IP has no public address", "Amazon VPC User Guide, Elastic IP addresses", with(toIGW,
			func(n *sim.Network) { e := eniOf(n, "eni-a"); e.PrivateIPs = append(e.PrivateIPs, addr("10.0.0.11")) }),
			tcp(sim.ENIAddr("eni-a", addr("10.0.0.11")), sim.InternetAddress(internetHost), 443), blocked(sim.NoPublicIP)},
		{"a secondary address leaves as its Elastic IP", "Amazon VPC User Guide, Elastic IP addresses", with(toIGW,
			func(n *sim.Network) {
				e := eniOf(n, "eni-a")
				e.PrivateIPs = append(e.PrivateIPs, addr("10.0.0.11"))
				e.ElasticIPs = []vpc.ElasticIP{{PrivateIP: addr("10.0.0.11"), PublicIP: addr("54.0.0.9")}}
			}),
			tcp(sim.InternetAddress(internetHost), sim.Address(addr("54.0.0.9")), 443), reachable},
		{"IPv6 passes an internet gateway both ways", igwGuide, with(toIGW),
			ipv6(tcp(sim.InternetAddress(host6), a, 443)), reachable},

		// Egress-only internet gateways.
		{"an egress-only gateway carries IPv6 out", eigwGuide, with(egressOnly),
			ipv6(tcp(a, sim.InternetAddress(host6), 443)), reachable},
		{"an egress-only gateway refuses flows from the internet", eigwGuide, with(egressOnly),
			ipv6(tcp(sim.InternetAddress(host6), a, 443)), blocked(sim.EgressOnly)},

		// Peering.
		{"an active peering connection carries traffic between the VPCs", pcxGuide, peered(vpc.PeeringActive),
			tcp(sim.ENI("eni-x"), b, 22), reachable},
		{"a peering connection not yet accepted carries nothing", pcxGuide, peered(vpc.PeeringPendingAcceptance),
			tcp(sim.ENI("eni-x"), b, 22), blocked(sim.BadState)},
		{"a peer cannot use this VPC's NAT gateway", pcxGuide, peeredEdge(),
			tcp(sim.ENI("eni-x"), sim.InternetAddress(internetHost), 443), blocked(sim.NonTransitive)},

		// Transit gateways.
		{"a transit gateway carries traffic between attached VPCs", tgwGuide, transit(false, true),
			tcp(b, sim.ENI("eni-x"), 22), reachable},
		{"no attachment subnet in the sender's Availability Zone", tgwGuide, transit(true, true),
			tcp(b, sim.ENI("eni-x"), 22), blocked(sim.AZMismatch)},
		{"an attachment associated with no route table routes nothing", tgwGuide, transit(false, false),
			tcp(sim.ENI("eni-x"), b, 22), blocked(sim.NoRoute)},

		// The Amazon DNS resolver.
		{"the resolver answers on port 53, whatever the filters", dnsGuide, with(
			withGroups("eni-a", vpc.SecurityGroup{ID: "sg-closed"}), withACL("subnet-a", "acl-a", nil, nil)),
			sim.Query{From: a, To: sim.Address(addr("10.0.0.2")), Protocol: vpc.ProtocolUDP, Port: 53}, reachable},
		{"the resolver answers at 169.254.169.253", dnsGuide, factBase(),
			sim.Query{From: a, To: sim.Address(addr("169.254.169.253")), Protocol: vpc.ProtocolTCP, Port: 53}, reachable},
		{"the resolver answers nothing but port 53", dnsGuide, factBase(),
			tcp(a, sim.Address(addr("10.0.0.2")), 80), blocked(sim.UnknownDestination)},
		{"the resolver is off with DNS support off", dnsGuide, with(func(n *sim.Network) {
			off := false
			n.VPCs[0].EnableDNSSupport = &off
		}), sim.Query{From: a, To: sim.Address(addr("10.0.0.2")), Protocol: vpc.ProtocolUDP, Port: 53}, blocked(sim.DNSDisabled)},

		// VPC endpoints.
		{"a gateway endpoint's prefix-list route beats the default route", gwGuide, with(toNAT, withS3(true, "")),
			tcp(a, s3Addr, 443), reachable},
		{"without a gateway endpoint, the NAT gateway reaches the service", gwGuide, with(toNAT, withS3(false, "")),
			tcp(a, s3Addr, 443), reachable},
		{"a gateway endpoint carries TCP and ICMP echo, not UDP", "Reachability Analyzer, Explanation codes (VPCE_GATEWAY_PROTOCOL_RESTRICTION)",
			with(toNAT, withS3(true, "")), sim.Query{From: a, To: s3Addr, Protocol: vpc.ProtocolUDP, Port: 443}, blocked(sim.EndpointProtocol)},
		{"a gateway endpoint that is not available", gwGuide, with(toNAT, withS3(true, "pending")),
			tcp(a, s3Addr, 443), blocked(sim.EndpointNotAvailable)},
		{"a gateway endpoint carries nothing from a transit gateway", gwGuide, transitToS3(),
			tcp(sim.ENI("eni-x"), s3Addr, 443), blocked(sim.GatewayEndpointNotTransitive)},
		{"an interface endpoint's interface is an address of its VPC", ifGuide, with(withInterfaceEndpoint("")),
			tcp(a, sim.ENI("vpce-if/subnet-b"), 443), reachable},
		{"an interface endpoint carries TCP only", ifGuide, with(withInterfaceEndpoint("")),
			sim.Query{From: a, To: sim.ENI("vpce-if/subnet-b"), Protocol: vpc.ProtocolUDP, Port: 53}, blocked(sim.EndpointProtocol)},
		{"an interface endpoint that is not available", ifGuide, with(withInterfaceEndpoint("rejected")),
			tcp(a, sim.Address(addr("10.0.2.50")), 443), blocked(sim.EndpointNotAvailable)},
		{"an interface endpoint without groups has its VPC's default group", "AWS PrivateLink Guide, Access an AWS service using an interface VPC endpoint",
			with(withInterfaceEndpoint(""), func(n *sim.Network) { n.VPCEndpoints[0].SecurityGroups = nil }),
			tcp(a, sim.ENI("vpce-if/subnet-b"), 443), blocked(sim.SGIngress)},
		{"an endpoint policy allowing reads denies a write through the endpoint", policyGuide,
			with(toNAT, withS3(true, ""), withPolicy(`{"Effect":"Allow","Principal":"*","Action":"s3:Get*","Resource":"*"}`)),
			withCall(tcp(a, s3Addr, 443), "s3:PutObject"), blocked(sim.EndpointPolicyDeny)},
		{"an endpoint policy allowing reads allows a read", policyGuide,
			with(toNAT, withS3(true, ""), withPolicy(`{"Effect":"Allow","Principal":"*","Action":"s3:Get*","Resource":"*"}`)),
			withCall(tcp(a, s3Addr, 443), "s3:GetObject"), reachable},
		{"aws:VpcSourceIp is the client's private address", policyGuide,
			with(toNAT, withS3(true, ""), withPolicy(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:VpcSourceIp":"10.0.2.0/24"}}}`)),
			withCall(tcp(a, s3Addr, 443), "s3:GetObject"), blocked(sim.EndpointPolicyDeny)},
		{"a negated condition on an absent key holds: aws:SourceIp is absent through an endpoint", "IAM User Guide, Condition operators",
			with(toNAT, withS3(true, ""), withPolicy(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},`+
				`{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpc":"vpc-1"}}}`)),
			withCall(tcp(a, s3Addr, 443), "s3:GetObject"), reachable},
		{"an endpoint policy naming an account admits its roles", policyGuide,
			with(withInterfaceEndpoint(""), withPolicy(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}`)),
			withCall(tcp(a, sim.ENI("vpce-if/subnet-b"), 443), "sts:GetCallerIdentity"), reachable},
	}
}

// policyGuide is the source of the endpoint policy facts.
const policyGuide = "AWS PrivateLink Guide, Control access to VPC endpoints using endpoint policies"

// withPolicy sets the policy of the network's first VPC endpoint to the
// given statements.
func withPolicy(statements string) func(*sim.Network) {
	return func(n *sim.Network) {
		n.VPCEndpoints[0].Policy = []byte(`{"Version":"2012-10-17","Statement":[` + statements + `]}`)
	}
}

// withCall adds the API call action by role app of account 111122223333
// on a resource of that account to q.
func withCall(q sim.Query, action string) sim.Query {
	res := "arn:aws:s3:::app-data/key"
	if !strings.HasPrefix(action, "s3:") {
		res = "*"
	}
	q.Call = &sim.APICall{Principal: policy.Principal{ARN: "arn:aws:iam::111122223333:role/app"}, Action: action, Resource: res}
	return q
}

// Endpoint facts' sources and the address of Amazon S3 they use.
const (
	gwGuide = "AWS PrivateLink Guide, Gateway endpoints"
	ifGuide = "AWS PrivateLink Guide, Access an AWS service using an interface VPC endpoint"
)

var s3Addr = sim.Address(addr("52.216.0.10"))

// withS3 declares Amazon S3's prefix list (52.216.0.0/15) and, with
// endpoint, a gateway endpoint vpce-s3 (in state state) in route table
// rtb-a.
func withS3(endpoint bool, state string) func(*sim.Network) {
	return func(n *sim.Network) {
		n.PrefixLists = append(n.PrefixLists, vpc.PrefixList{ID: "pl-s3", Name: "com.amazonaws.us-east-1.s3", AWSManaged: true,
			Entries: []netip.Prefix{pfx("52.216.0.0/15")}})
		if endpoint {
			n.VPCEndpoints = append(n.VPCEndpoints, vpcendpoint.Endpoint{ID: "vpce-s3", VPC: "vpc-1",
				ServiceName: "com.amazonaws.us-east-1.s3", RouteTables: []string{"rtb-a"}, State: vpcendpoint.State(state)})
		}
	}
}

// transitToS3 is transit (same AZ, associated) with vpc-1's gateway
// endpoint to S3 in its main table, which its attachment's subnet-a uses,
// and vpc-2 sending S3's range to the transit gateway, which sends it to
// vpc-1.
func transitToS3() *sim.Network {
	n := transit(false, true)
	withS3(false, "")(n)
	n.VPCEndpoints = []vpcendpoint.Endpoint{{ID: "vpce-s3", VPC: "vpc-1", ServiceName: "com.amazonaws.us-east-1.s3", RouteTables: []string{"rtb-main"}}}
	for i := range n.RouteTables {
		if n.RouteTables[i].ID == "rtb-x" {
			n.RouteTables[i].Routes = append(n.RouteTables[i].Routes, vpc.Route{Destination: pfx("52.216.0.0/15"), Target: vpc.ToTransitGateway("tgw-1")})
		}
	}
	n.TransitGatewayRouteTables[0].Routes = []vpc.TGWRoute{{Destination: pfx("52.216.0.0/15"), Attachment: "tgw-attach-1"}}
	return n
}

// withInterfaceEndpoint adds interface endpoint vpce-if (state state) to
// AWS STS, its interface in subnet-b at 10.0.2.50, in sg-open.
func withInterfaceEndpoint(state string) func(*sim.Network) {
	return func(n *sim.Network) {
		off := false
		n.VPCEndpoints = append(n.VPCEndpoints, vpcendpoint.Endpoint{ID: "vpce-if", Type: vpcendpoint.Interface, VPC: "vpc-1",
			ServiceName: "com.amazonaws.us-east-1.sts", Subnets: []string{"subnet-b"}, SecurityGroups: []string{"sg-open"},
			Addresses: []vpcendpoint.SubnetAddress{{Subnet: "subnet-b", IPv4: addr("10.0.2.50")}}, PrivateDNSEnabled: &off,
			State: vpcendpoint.State(state)})
	}
}

// egressOnly replaces the internet and NAT gateways by egress-only
// gateway eigw-1 and routes subnet-a's IPv6 to it.
func egressOnly(n *sim.Network) {
	n.EgressOnlyInternetGateways = []vpc.EgressOnlyInternetGateway{{ID: "eigw-1", VPC: "vpc-1"}}
	n.InternetGateways, n.NATGateways = nil, nil
	n.RouteTables = []vpc.RouteTable{{ID: "rtb-a", VPC: "vpc-1", Subnets: []string{"subnet-a"},
		Routes: []vpc.Route{{Destination: anyV6, Target: vpc.ToEgressOnlyGateway("eigw-1")}}}}
}

// peered adds vpc-2 (10.1.0.0/16) holding eni-x (10.1.0.10, all out) in
// subnet-x, and a peering connection of the given status with vpc-1,
// routed both ways.
func peered(status vpc.PeeringStatus) *sim.Network {
	n := factBase()
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-2", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}})
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-x", VPC: "vpc-2", AvailabilityZone: "us-east-1a", CIDR: pfx("10.1.0.0/24")})
	n.PeeringConnections = []vpc.PeeringConnection{{ID: "pcx-1", RequesterVPC: "vpc-2", AccepterVPC: "vpc-1", Status: status}}
	n.RouteTables = append(n.RouteTables,
		vpc.RouteTable{ID: "rtb-x", VPC: "vpc-2", Main: true, Routes: []vpc.Route{{Destination: pfx("10.0.0.0/16"), Target: vpc.ToPeeringConnection("pcx-1")}}},
		vpc.RouteTable{ID: "rtb-b", VPC: "vpc-1", Subnets: []string{"subnet-b"}, Routes: []vpc.Route{{Destination: pfx("10.1.0.0/16"), Target: vpc.ToPeeringConnection("pcx-1")}}})
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-x", VPC: "vpc-2", Egress: []vpc.SGRule{allTo(anyV4)}})
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-x", Subnet: "subnet-x",
		PrivateIPs: []netip.Addr{addr("10.1.0.10")}, SecurityGroups: []string{"sg-x"}})
	return n
}

// peeredEdge is peered (active) with vpc-2 sending everything to the
// peering connection, as if to use vpc-1's NAT gateway.
func peeredEdge() *sim.Network {
	n := peered(vpc.PeeringActive)
	for i := range n.RouteTables {
		if n.RouteTables[i].ID == "rtb-x" {
			n.RouteTables[i].Routes = []vpc.Route{{Destination: anyV4, Target: vpc.ToPeeringConnection("pcx-1")}}
		}
	}
	return n
}

// transit adds vpc-2 (10.1.0.0/16) holding eni-x (10.1.0.10, all out) in
// subnet-x (us-east-1a) and a transit gateway attaching vpc-1 by subnet-a
// and vpc-2 by subnet-x, both associated with (when associated) and
// propagating into tgw-rtb-1; both VPCs' main tables route the other VPC
// to the transit gateway. With otherAZ, subnet-b is in us-east-1b, where
// vpc-1's attachment has no subnet.
func transit(otherAZ, associated bool) *sim.Network {
	n := factBase()
	if otherAZ {
		for i := range n.Subnets {
			if n.Subnets[i].ID == "subnet-b" {
				n.Subnets[i].AvailabilityZone = "us-east-1b"
			}
		}
	}
	rtb := ""
	if associated {
		rtb = "tgw-rtb-1"
	}
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-2", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}})
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-x", VPC: "vpc-2", AvailabilityZone: "us-east-1a", CIDR: pfx("10.1.0.0/24")})
	n.TransitGateways = []vpc.TransitGateway{{ID: "tgw-1"}}
	n.TransitGatewayAttachments = []vpc.TransitGatewayAttachment{
		{ID: "tgw-attach-1", TransitGateway: "tgw-1", VPC: "vpc-1", Subnets: []string{"subnet-a"}, RouteTable: rtb, Propagations: []string{"tgw-rtb-1"}},
		{ID: "tgw-attach-2", TransitGateway: "tgw-1", VPC: "vpc-2", Subnets: []string{"subnet-x"}, RouteTable: rtb, Propagations: []string{"tgw-rtb-1"}},
	}
	n.TransitGatewayRouteTables = []vpc.TransitGatewayRouteTable{{ID: "tgw-rtb-1", TransitGateway: "tgw-1"}}
	n.RouteTables = append(n.RouteTables,
		vpc.RouteTable{ID: "rtb-x", VPC: "vpc-2", Main: true, Routes: []vpc.Route{{Destination: pfx("10.0.0.0/16"), Target: vpc.ToTransitGateway("tgw-1")}}},
		vpc.RouteTable{ID: "rtb-main", VPC: "vpc-1", Main: true, Routes: []vpc.Route{{Destination: pfx("10.1.0.0/16"), Target: vpc.ToTransitGateway("tgw-1")}}})
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-x", VPC: "vpc-2",
		Ingress: []vpc.SGRule{allTo(pfx("10.0.0.0/16"))}, Egress: []vpc.SGRule{allTo(anyV4)}})
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-x", Subnet: "subnet-x",
		PrivateIPs: []netip.Addr{addr("10.1.0.10")}, SecurityGroups: []string{"sg-x"}})
	return n
}

// appliance adds eni-fw (10.0.1.20, sg-open) in subnet-pub, its
// source/destination check off when off, and routes subnet-a's traffic
// for subnet-b to it.
func appliance(off bool) func(*sim.Network) {
	return func(n *sim.Network) {
		n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-fw", Subnet: "subnet-pub",
			PrivateIPs: []netip.Addr{addr("10.0.1.20")}, SecurityGroups: []string{"sg-open"}, SourceDestCheckDisabled: off})
		n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-a", VPC: "vpc-1", Subnets: []string{"subnet-a"},
			Routes: []vpc.Route{{Destination: pfx("10.0.2.0/24"), Target: vpc.ToNetworkInterface("eni-fw")}}})
	}
}
