package sim

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/vpc"
)

func vtPrefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }
func vtAddr(s string) netip.Addr     { return netip.MustParseAddr(s) }

// vtNonCanonical returns s parsed without masking, so that host bits stay set.
func vtNonCanonical(s string) netip.Prefix {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		panic(err)
	}
	return p
}

// validSmallNetwork is a small network that passes validation: one dual-stack
// VPC with a public and a private subnet, an internet gateway, an
// egress-only gateway, a NAT gateway, route tables, security groups, a
// network ACL, a prefix list and interfaces.
func validSmallNetwork() *Network {
	any4, any6 := vtPrefix("0.0.0.0/0"), vtPrefix("::/0")
	return &Network{
		VPCs: []vpc.VPC{{
			ID: "vpc-a", CIDRs: []netip.Prefix{vtPrefix("10.0.0.0/16")},
			IPv6CIDR: vtPrefix("2600:1f18:1234:5600::/56"),
			Tags:     map[string]string{"env": "test"},
		}},
		Subnets: []vpc.Subnet{
			{ID: "subnet-pub", VPC: "vpc-a", AvailabilityZone: "us-east-1a", CIDR: vtPrefix("10.0.0.0/24"),
				IPv6CIDR: vtPrefix("2600:1f18:1234:5600::/64"), MapPublicIPOnLaunch: true},
			{ID: "subnet-priv", VPC: "vpc-a", AvailabilityZone: "us-east-1b", CIDR: vtPrefix("10.0.1.0/24")},
		},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-main", VPC: "vpc-a", Main: true,
				Routes: []vpc.Route{{Destination: vtPrefix("10.0.0.0/16"), Target: vpc.Local()}}},
			{ID: "rtb-pub", VPC: "vpc-a", Subnets: []string{"subnet-pub"}, Routes: []vpc.Route{
				{Destination: any4, Target: vpc.ToInternetGateway("igw-a")},
				{Destination: any6, Target: vpc.ToInternetGateway("igw-a")},
			}},
			{ID: "rtb-priv", VPC: "vpc-a", Subnets: []string{"subnet-priv"}, Routes: []vpc.Route{
				{Destination: any4, Target: vpc.ToNATGateway("nat-a")},
				{Destination: any6, Target: vpc.ToEgressOnlyGateway("eigw-a")},
				{PrefixList: "pl-corp", Target: vpc.ToNetworkInterface("eni-web")},
				{Destination: vtPrefix("172.16.0.0/12"), Target: vpc.ToPeeringConnection("pcx-gone"), Blackhole: true},
			}},
		},
		InternetGateways:           []vpc.InternetGateway{{ID: "igw-a", VPC: "vpc-a"}},
		EgressOnlyInternetGateways: []vpc.EgressOnlyInternetGateway{{ID: "eigw-a", VPC: "vpc-a"}},
		NATGateways: []vpc.NATGateway{
			{ID: "nat-a", Subnet: "subnet-pub", ElasticIP: vtAddr("54.0.0.10"), PrivateIP: vtAddr("10.0.0.5")},
			{ID: "nat-priv", Subnet: "subnet-priv", Connectivity: vpc.NATPrivate},
		},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-default", VPC: "vpc-a", Default: true,
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, Group: "sg-default"}},
				Egress:  []vpc.SGRule{vpc.AllowAllEgress()}},
			{ID: "sg-web", VPC: "vpc-a",
				Ingress: []vpc.SGRule{
					{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: any4},
					{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: any6},
					{Protocol: vpc.ProtocolICMP, ICMP: vpc.EchoRequest, CIDR: vtPrefix("10.0.0.0/16")},
					{Protocol: vpc.ProtocolICMPv6, ICMP: vpc.AnyICMP, CIDR: any6},
				},
				Egress: []vpc.SGRule{vpc.AllowAllEgress()}},
			{ID: "sg-app", VPC: "vpc-a",
				Ingress: []vpc.SGRule{
					{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), Group: "sg-web"},
					{Protocol: vpc.ProtocolTCP, Ports: vpc.Ports(5432, 5433), PrefixList: "pl-corp"},
					{Protocol: vpc.Protocol(47), CIDR: vtPrefix("10.0.0.0/16")},
				},
				Egress: []vpc.SGRule{{Protocol: vpc.ProtocolUDP, Ports: vpc.Port(53), CIDR: any4}}},
		},
		NetworkACLs: []vpc.NetworkACL{
			{ID: "acl-priv", VPC: "vpc-a", Subnets: []string{"subnet-priv"},
				Inbound: []vpc.ACLEntry{
					{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: vtPrefix("10.0.0.0/16")},
					{Number: 110, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, CIDR: any4, Ports: vpc.Ports(1024, 65535)},
					{Number: 120, Action: vpc.Deny, Protocol: vpc.ProtocolICMP, CIDR: any4, ICMP: vpc.ICMPType(3)},
				},
				Outbound: vpc.AllowAllACL(true)},
		},
		PrefixLists: []vpc.PrefixList{
			{ID: "pl-corp", Name: "corp", Entries: []netip.Prefix{vtPrefix("192.168.0.0/16"), vtPrefix("172.20.0.0/16")}, MaxEntries: 10},
			{ID: "pl-corp6", AddressFamily: "IPv6", Entries: []netip.Prefix{vtPrefix("2001:db8::/32")}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-web", Subnet: "subnet-pub", PrivateIPs: []netip.Addr{vtAddr("10.0.0.10"), vtAddr("10.0.0.11")},
				IPv6Addrs: []netip.Addr{vtAddr("2600:1f18:1234:5600::10")}, PublicIP: vtAddr("54.0.0.20"),
				SecurityGroups: []string{"sg-web"}, SourceDestCheckDisabled: true},
			{ID: "eni-app", Subnet: "subnet-priv", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-app", "sg-default"}},
			{ID: "eni-fn", Subnet: "subnet-priv", Kind: vpc.KindLambda, Owner: "fn-orders"},
		},
	}
}

// vtErr is the part of a *FieldError that tests compare.
type vtErr struct {
	Resource, ID, Field, Kind string
}

// vtErrs flattens err (a *FieldError or a join of them) into comparable
// tuples, failing the test on any error that is not a *FieldError.
func vtErrs(t *testing.T, err error) []vtErr {
	t.Helper()
	var out []vtErr
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var fe *FieldError
		if !errors.As(e, &fe) {
			t.Errorf("error %q is not a *FieldError", e)
			return
		}
		kind := "<nil>"
		if fe.Kind != nil {
			kind = fe.Kind.Error()
		}
		out = append(out, vtErr{fe.Resource, fe.ID, fe.Field, kind})
	}
	walk(err)
	return out
}

// Kind names as vtErr.Kind holds them.
var (
	vtInvalid   = ErrInvalidValue.Error()
	vtDup       = ErrDuplicateID.Error()
	vtUnknown   = ErrUnknownResource.Error()
	vtWrongVPC  = ErrWrongVPC.Error()
	vtOverlap   = ErrOverlap.Error()
	vtAddress   = ErrAddress.Error()
	vtCapacity  = ErrCapacity.Error()
	vtConflict  = ErrConflict.Error()
	vtUnknownFd = ErrUnknownField.Error()
)

func TestValidateValidNetwork(t *testing.T) {
	if err := validSmallNetwork().Validate(); err != nil {
		t.Fatalf("Validate() = %v, want nil", err)
	}
	if err := (&Network{}).Validate(); err != nil {
		t.Errorf("empty network: Validate() = %v, want nil", err)
	}
	// A nil network is no empty network but a mistake (a Load whose
	// error was dropped), as for Compile.
	var nilNet *Network
	if err := nilNet.Validate(); !errors.Is(err, ErrNil) {
		t.Errorf("nil network: Validate() = %v, want an ErrNil error", err)
	}
}

func TestValidateRules(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(n *Network)
		want   []vtErr
	}{
		// IDs.
		{"empty id", func(n *Network) { n.Subnets[1].ID = "" },
			[]vtErr{
				{"subnet", "#1", "id", vtInvalid},
				// subnet-priv's associations now dangle.
				{"route-table", "rtb-priv", "subnets[0]", vtUnknown},
				{"nat-gateway", "nat-priv", "subnet", vtUnknown},
				{"network-acl", "acl-priv", "subnets[0]", vtUnknown},
				{"network-interface", "eni-app", "subnet", vtUnknown},
				{"network-interface", "eni-fn", "subnet", vtUnknown},
			}},
		{"duplicate id in one kind", func(n *Network) {
			n.PrefixLists = append(n.PrefixLists, vpc.PrefixList{ID: "pl-corp"})
		}, []vtErr{{"prefix-list", "pl-corp", "id", vtDup}}},
		{"duplicate id across kinds", func(n *Network) { n.PrefixLists[1].ID = "sg-web" },
			[]vtErr{{"prefix-list", "sg-web", "id", vtDup}}},

		// VPC.
		{"vpc without cidr", func(n *Network) { n.VPCs[0].CIDRs = nil },
			[]vtErr{{"vpc", "vpc-a", "cidrs", vtInvalid}}},
		{"vpc cidr invalid", func(n *Network) { n.VPCs[0].CIDRs = []netip.Prefix{netip.PrefixFrom(vtAddr("10.0.0.0"), 40)} },
			[]vtErr{{"vpc", "vpc-a", "cidrs[0]", vtInvalid}}},
		{"vpc cidr non-canonical", func(n *Network) { n.VPCs[0].CIDRs[0] = vtNonCanonical("10.0.0.1/16") },
			[]vtErr{{"vpc", "vpc-a", "cidrs[0]", vtInvalid}}},
		{"vpc cidr ipv6", func(n *Network) { n.VPCs[0].CIDRs = append(n.VPCs[0].CIDRs, vtPrefix("2001:db8::/56")) },
			[]vtErr{{"vpc", "vpc-a", "cidrs[1]", vtInvalid}}},
		{"vpc cidr too large", func(n *Network) { n.VPCs[0].CIDRs = append(n.VPCs[0].CIDRs, vtPrefix("100.64.0.0/15")) },
			[]vtErr{{"vpc", "vpc-a", "cidrs[1]", vtInvalid}}},
		{"vpc cidr too small", func(n *Network) { n.VPCs[0].CIDRs = append(n.VPCs[0].CIDRs, vtPrefix("100.64.0.0/29")) },
			[]vtErr{{"vpc", "vpc-a", "cidrs[1]", vtInvalid}}},
		{"vpc cidrs overlap", func(n *Network) {
			n.VPCs[0].CIDRs = append(n.VPCs[0].CIDRs, vtPrefix("100.64.0.0/16"), vtPrefix("10.0.128.0/17"))
		}, []vtErr{{"vpc", "vpc-a", "cidrs[2]", vtOverlap}}},
		{"vpc ipv6 cidr is ipv4", func(n *Network) { n.VPCs[0].IPv6CIDR = vtPrefix("10.1.0.0/16") },
			[]vtErr{
				{"vpc", "vpc-a", "ipv6Cidr", vtInvalid},
				{"subnet", "subnet-pub", "ipv6Cidr", vtInvalid}, // not inside the (bad) block
			}},
		{"vpc ipv6 cidr non-canonical", func(n *Network) { n.VPCs[0].IPv6CIDR = vtNonCanonical("2600:1f18:1234:5600::1/56") },
			[]vtErr{{"vpc", "vpc-a", "ipv6Cidr", vtInvalid}}},
		{"six vpc cidrs is only a quota", func(n *Network) {
			for _, c := range []string{"10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16", "10.5.0.0/16"} {
				n.VPCs[0].CIDRs = append(n.VPCs[0].CIDRs, vtPrefix(c))
			}
		}, nil},

		// Subnets.
		{"subnet vpc missing", func(n *Network) { n.Subnets[1].VPC = "vpc-nope" },
			[]vtErr{
				{"subnet", "subnet-priv", "vpc", vtUnknown},
				{"route-table", "rtb-priv", "subnets[0]", vtWrongVPC},
				{"network-acl", "acl-priv", "subnets[0]", vtWrongVPC},
				{"network-interface", "eni-app", "securityGroups[0]", vtWrongVPC},
				{"network-interface", "eni-app", "securityGroups[1]", vtWrongVPC},
			}},
		{"subnet vpc is another kind", func(n *Network) {
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-x", VPC: "igw-a", AvailabilityZone: "us-east-1a", CIDR: vtPrefix("10.0.2.0/24")})
		}, []vtErr{{"subnet", "subnet-x", "vpc", vtUnknown}}},
		{"subnet without az", func(n *Network) { n.Subnets[0].AvailabilityZone = "" },
			[]vtErr{{"subnet", "subnet-pub", "availabilityZone", vtInvalid}}},
		{"subnet without cidr", func(n *Network) { n.Subnets[1].CIDR = netip.Prefix{} },
			[]vtErr{{"subnet", "subnet-priv", "cidr", vtInvalid}}},
		{"subnet cidr non-canonical", func(n *Network) { n.Subnets[1].CIDR = vtNonCanonical("10.0.1.7/24") },
			[]vtErr{{"subnet", "subnet-priv", "cidr", vtInvalid}}},
		{"subnet cidr ipv6", func(n *Network) { n.Subnets[1].CIDR = vtPrefix("2600:1f18:1234:5601::/64") },
			[]vtErr{{"subnet", "subnet-priv", "cidr", vtInvalid}}},
		{"subnet cidr too small", func(n *Network) { n.Subnets[1].CIDR = vtPrefix("10.0.1.0/29") },
			[]vtErr{{"subnet", "subnet-priv", "cidr", vtInvalid}}},
		{"subnet outside vpc", func(n *Network) { n.Subnets[1].CIDR = vtPrefix("10.1.1.0/24") },
			[]vtErr{{"subnet", "subnet-priv", "cidr", vtInvalid}}},
		{"subnet larger than vpc", func(n *Network) {
			n.VPCs[0].CIDRs[0] = vtPrefix("10.0.0.0/20")
			n.Subnets[1].CIDR = vtPrefix("10.0.0.0/16")
		}, []vtErr{
			{"subnet", "subnet-priv", "cidr", vtInvalid},
			{"route-table", "rtb-main", "routes[0].destination", vtInvalid}, // no longer a vpc cidr
		}},
		{"subnet in secondary cidr", func(n *Network) {
			n.VPCs[0].CIDRs = append(n.VPCs[0].CIDRs, vtPrefix("100.64.0.0/16"))
			n.Subnets[1].CIDR = vtPrefix("100.64.3.0/24")
		}, nil},
		{"subnets overlap", func(n *Network) { n.Subnets[1].CIDR = vtPrefix("10.0.0.0/23") },
			[]vtErr{{"subnet", "subnet-priv", "cidr", vtOverlap}}},
		{"subnets in different vpcs may overlap", func(n *Network) {
			n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-b", CIDRs: []netip.Prefix{vtPrefix("10.0.0.0/16")}})
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-b", VPC: "vpc-b", AvailabilityZone: "us-east-1a", CIDR: vtPrefix("10.0.0.0/24")})
		}, nil},
		{"subnet ipv6 is ipv4", func(n *Network) { n.Subnets[0].IPv6CIDR = vtPrefix("10.0.0.0/24") },
			[]vtErr{{"subnet", "subnet-pub", "ipv6Cidr", vtInvalid}}},
		{"subnet ipv6 outside vpc block", func(n *Network) { n.Subnets[0].IPv6CIDR = vtPrefix("2600:1f18:1234:5700::/64") },
			[]vtErr{
				{"subnet", "subnet-pub", "ipv6Cidr", vtInvalid},
				{"network-interface", "eni-web", "ipv6Addrs[0]", vtAddress},
			}},
		{"subnet ipv6 without vpc block", func(n *Network) { n.VPCs[0].IPv6CIDR = netip.Prefix{} },
			[]vtErr{{"subnet", "subnet-pub", "ipv6Cidr", vtInvalid}}},
		{"subnet ipv6 blocks overlap", func(n *Network) { n.Subnets[1].IPv6CIDR = vtPrefix("2600:1f18:1234:5600::/60") },
			[]vtErr{{"subnet", "subnet-priv", "ipv6Cidr", vtOverlap}}},

		// Route tables.
		{"route table vpc missing", func(n *Network) { n.RouteTables[0].VPC = "" },
			[]vtErr{{"route-table", "rtb-main", "vpc", vtInvalid}}},
		{"two main route tables", func(n *Network) { n.RouteTables[2].Main = true },
			[]vtErr{{"route-table", "rtb-priv", "main", vtConflict}}},
		{"associated subnet missing", func(n *Network) { n.RouteTables[1].Subnets = append(n.RouteTables[1].Subnets, "subnet-zz") },
			[]vtErr{{"route-table", "rtb-pub", "subnets[1]", vtUnknown}}},
		{"associated subnet in another vpc", func(n *Network) {
			n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-b", CIDRs: []netip.Prefix{vtPrefix("10.9.0.0/16")}})
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-b", VPC: "vpc-b", AvailabilityZone: "us-east-1a", CIDR: vtPrefix("10.9.0.0/24")})
			n.RouteTables[1].Subnets = append(n.RouteTables[1].Subnets, "subnet-b")
		}, []vtErr{{"route-table", "rtb-pub", "subnets[1]", vtWrongVPC}}},
		{"subnet in two route tables", func(n *Network) { n.RouteTables[2].Subnets = append(n.RouteTables[2].Subnets, "subnet-pub") },
			[]vtErr{{"route-table", "rtb-priv", "subnets[1]", vtConflict}}},
		{"subnet twice in one route table", func(n *Network) { n.RouteTables[1].Subnets = append(n.RouteTables[1].Subnets, "subnet-pub") },
			[]vtErr{{"route-table", "rtb-pub", "subnets[1]", vtConflict}}},
		{"route with destination and prefix list", func(n *Network) { n.RouteTables[2].Routes[2].Destination = vtPrefix("10.8.0.0/16") },
			[]vtErr{{"route-table", "rtb-priv", "routes[2]", vtInvalid}}},
		{"route without destination", func(n *Network) { n.RouteTables[2].Routes[2].PrefixList = "" },
			[]vtErr{{"route-table", "rtb-priv", "routes[2].destination", vtInvalid}}},
		{"route prefix list missing", func(n *Network) { n.RouteTables[2].Routes[2].PrefixList = "pl-nope" },
			[]vtErr{{"route-table", "rtb-priv", "routes[2].prefixList", vtUnknown}}},
		{"route destination non-canonical", func(n *Network) { n.RouteTables[2].Routes[0].Destination = vtNonCanonical("0.0.0.1/0") },
			[]vtErr{{"route-table", "rtb-priv", "routes[0].destination", vtInvalid}}},
		{"route into reserved range", func(n *Network) {
			n.RouteTables[2].Routes = append(n.RouteTables[2].Routes,
				vpc.Route{Destination: vtPrefix("169.254.168.0/22"), Target: vpc.ToNATGateway("nat-a")},
				vpc.Route{Destination: vtPrefix("169.254.169.0/24"), Target: vpc.ToNATGateway("nat-a")},
				vpc.Route{Destination: vtPrefix("fd00:ec2::/64"), Target: vpc.ToEgressOnlyGateway("eigw-a")},
				vpc.Route{Destination: vtPrefix("169.254.0.0/16"), Target: vpc.ToNATGateway("nat-a")}, // covers it: fine
			)
		}, []vtErr{
			{"route-table", "rtb-priv", "routes[4].destination", vtInvalid},
			{"route-table", "rtb-priv", "routes[5].destination", vtInvalid},
			{"route-table", "rtb-priv", "routes[6].destination", vtInvalid},
		}},
		{"duplicate route destination", func(n *Network) {
			n.RouteTables[1].Routes = append(n.RouteTables[1].Routes, vpc.Route{Destination: vtPrefix("0.0.0.0/0"), Target: vpc.ToNATGateway("nat-a")})
		}, []vtErr{{"route-table", "rtb-pub", "routes[2].destination", vtConflict}}},
		{"duplicate route prefix list", func(n *Network) {
			n.RouteTables[2].Routes = append(n.RouteTables[2].Routes, vpc.Route{PrefixList: "pl-corp", Target: vpc.ToNATGateway("nat-a")})
		}, []vtErr{{"route-table", "rtb-priv", "routes[4].prefixList", vtConflict}}},
		{"route target kind invalid", func(n *Network) { n.RouteTables[1].Routes[0].Target.Kind = "igw" },
			[]vtErr{{"route-table", "rtb-pub", "routes[0].target.kind", vtInvalid}}},
		{"route target kind empty", func(n *Network) { n.RouteTables[1].Routes[0].Target = vpc.Target{} },
			[]vtErr{{"route-table", "rtb-pub", "routes[0].target.kind", vtInvalid}}},
		{"local route with id", func(n *Network) { n.RouteTables[0].Routes[0].Target.ID = "vpc-a" },
			[]vtErr{{"route-table", "rtb-main", "routes[0].target.id", vtInvalid}}},
		{"local route blackhole", func(n *Network) { n.RouteTables[0].Routes[0].Blackhole = true },
			[]vtErr{{"route-table", "rtb-main", "routes[0].blackhole", vtInvalid}}},
		{"local route not a vpc cidr", func(n *Network) { n.RouteTables[0].Routes[0].Destination = vtPrefix("10.0.0.0/17") },
			[]vtErr{{"route-table", "rtb-main", "routes[0].destination", vtInvalid}}},
		{"local route to the ipv6 block", func(n *Network) {
			n.RouteTables[0].Routes = append(n.RouteTables[0].Routes, vpc.Route{Destination: vtPrefix("2600:1f18:1234:5600::/56"), Target: vpc.Local()})
		}, nil},
		{"local route to a prefix list", func(n *Network) { n.RouteTables[2].Routes[2].Target = vpc.Local() },
			[]vtErr{{"route-table", "rtb-priv", "routes[2].prefixList", vtInvalid}}},
		{"route target id missing", func(n *Network) { n.RouteTables[1].Routes[0].Target.ID = "" },
			[]vtErr{{"route-table", "rtb-pub", "routes[0].target.id", vtInvalid}}},
		{"route target unknown", func(n *Network) { n.RouteTables[2].Routes[0].Target.ID = "nat-zz" },
			[]vtErr{{"route-table", "rtb-priv", "routes[0].target.id", vtUnknown}}},
		{"route target of the wrong kind", func(n *Network) { n.RouteTables[2].Routes[0].Target.ID = "igw-a" },
			[]vtErr{{"route-table", "rtb-priv", "routes[0].target.id", vtUnknown}}},
		{"blackhole route to a missing target", func(n *Network) {
			n.RouteTables[2].Routes[0].Target.ID = "nat-deleted"
			n.RouteTables[2].Routes[0].Blackhole = true
		}, nil},
		{"route to peering connection", func(n *Network) { n.RouteTables[2].Routes[3].Blackhole = false },
			[]vtErr{{"route-table", "rtb-priv", "routes[3].target.id", vtUnknown}}},
		{"route to transit gateway", func(n *Network) {
			n.RouteTables[2].Routes = append(n.RouteTables[2].Routes, vpc.Route{Destination: vtPrefix("10.200.0.0/16"), Target: vpc.ToTransitGateway("tgw-a")})
		}, []vtErr{{"route-table", "rtb-priv", "routes[4].target.id", vtUnknown}}},
		{"route to detached internet gateway", func(n *Network) { n.InternetGateways[0].VPC = "" },
			[]vtErr{
				{"route-table", "rtb-pub", "routes[0].target.id", vtWrongVPC},
				{"route-table", "rtb-pub", "routes[1].target.id", vtWrongVPC},
			}},
		{"route targets in another vpc", func(n *Network) {
			n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-b", CIDRs: []netip.Prefix{vtPrefix("10.9.0.0/16")}, IPv6CIDR: vtPrefix("2600:1f18:9::/56")})
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-b", VPC: "vpc-b", AvailabilityZone: "us-east-1a", CIDR: vtPrefix("10.9.0.0/24")})
			n.InternetGateways = append(n.InternetGateways, vpc.InternetGateway{ID: "igw-b", VPC: "vpc-b"})
			n.EgressOnlyInternetGateways = append(n.EgressOnlyInternetGateways, vpc.EgressOnlyInternetGateway{ID: "eigw-b", VPC: "vpc-b"})
			n.NATGateways = append(n.NATGateways, vpc.NATGateway{ID: "nat-b", Subnet: "subnet-b", Connectivity: vpc.NATPrivate})
			n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-b", Subnet: "subnet-b", SecurityGroups: []string{}})
			n.RouteTables[2].Routes = []vpc.Route{
				{Destination: vtPrefix("0.0.0.0/0"), Target: vpc.ToInternetGateway("igw-b")},
				{Destination: vtPrefix("::/0"), Target: vpc.ToEgressOnlyGateway("eigw-b")},
				{Destination: vtPrefix("10.50.0.0/16"), Target: vpc.ToNATGateway("nat-b")},
				{Destination: vtPrefix("10.60.0.0/16"), Target: vpc.ToNetworkInterface("eni-b")},
			}
		}, []vtErr{
			{"route-table", "rtb-priv", "routes[0].target.id", vtWrongVPC},
			{"route-table", "rtb-priv", "routes[1].target.id", vtWrongVPC},
			{"route-table", "rtb-priv", "routes[2].target.id", vtWrongVPC},
			{"route-table", "rtb-priv", "routes[3].target.id", vtWrongVPC},
		}},
		{"egress-only route with ipv4 destination", func(n *Network) { n.RouteTables[2].Routes[1].Destination = vtPrefix("10.50.0.0/16") },
			[]vtErr{{"route-table", "rtb-priv", "routes[1].destination", vtInvalid}}},
		{"egress-only route to ipv4 prefix list", func(n *Network) { n.RouteTables[2].Routes[2].Target = vpc.ToEgressOnlyGateway("eigw-a") },
			[]vtErr{{"route-table", "rtb-priv", "routes[2].prefixList", vtInvalid}}},
		{"egress-only route to ipv6 prefix list", func(n *Network) {
			n.RouteTables[2].Routes[2] = vpc.Route{PrefixList: "pl-corp6", Target: vpc.ToEgressOnlyGateway("eigw-a")}
		}, nil},

		// Gateways.
		{"internet gateway vpc missing", func(n *Network) { n.InternetGateways[0].VPC = "vpc-zz" },
			[]vtErr{
				{"route-table", "rtb-pub", "routes[0].target.id", vtWrongVPC},
				{"route-table", "rtb-pub", "routes[1].target.id", vtWrongVPC},
				{"internet-gateway", "igw-a", "vpc", vtUnknown},
			}},
		{"detached internet gateway", func(n *Network) {
			n.InternetGateways = append(n.InternetGateways, vpc.InternetGateway{ID: "igw-spare"})
		}, nil},
		{"two internet gateways in a vpc", func(n *Network) {
			n.InternetGateways = append(n.InternetGateways, vpc.InternetGateway{ID: "igw-b", VPC: "vpc-a"})
		}, []vtErr{{"internet-gateway", "igw-b", "vpc", vtConflict}}},
		{"egress-only gateway without vpc", func(n *Network) {
			n.EgressOnlyInternetGateways = append(n.EgressOnlyInternetGateways, vpc.EgressOnlyInternetGateway{ID: "eigw-b"})
		}, []vtErr{{"egress-only-internet-gateway", "eigw-b", "vpc", vtInvalid}}},
		{"two egress-only gateways in a vpc", func(n *Network) {
			n.EgressOnlyInternetGateways = append(n.EgressOnlyInternetGateways, vpc.EgressOnlyInternetGateway{ID: "eigw-b", VPC: "vpc-a"})
		}, []vtErr{{"egress-only-internet-gateway", "eigw-b", "vpc", vtConflict}}},
		{"nat subnet missing", func(n *Network) { n.NATGateways[1].Subnet = "" },
			[]vtErr{{"nat-gateway", "nat-priv", "subnet", vtInvalid}}},
		{"nat connectivity invalid", func(n *Network) { n.NATGateways[1].Connectivity = "internal" },
			[]vtErr{{"nat-gateway", "nat-priv", "connectivity", vtInvalid}}},
		{"public nat without elastic ip", func(n *Network) { n.NATGateways[0].ElasticIP = netip.Addr{} },
			[]vtErr{{"nat-gateway", "nat-a", "elasticIp", vtInvalid}}},
		{"public nat with private elastic ip", func(n *Network) { n.NATGateways[0].ElasticIP = vtAddr("100.64.1.1") },
			[]vtErr{{"nat-gateway", "nat-a", "elasticIp", vtInvalid}}},
		{"public nat with rfc1918 elastic ip", func(n *Network) { n.NATGateways[0].ElasticIP = vtAddr("172.16.0.1") },
			[]vtErr{{"nat-gateway", "nat-a", "elasticIp", vtInvalid}}},
		{"public nat with ipv6 elastic ip", func(n *Network) { n.NATGateways[0].ElasticIP = vtAddr("2001:db8::1") },
			[]vtErr{{"nat-gateway", "nat-a", "elasticIp", vtInvalid}}},
		{"elastic ip shared with an interface", func(n *Network) { n.NetworkInterfaces[0].PublicIP = vtAddr("54.0.0.10") },
			[]vtErr{{"network-interface", "eni-web", "publicIp", vtAddress}}},
		{"elastic ip shared by two nats", func(n *Network) {
			n.NATGateways[1] = vpc.NATGateway{ID: "nat-b", Subnet: "subnet-pub", ElasticIP: vtAddr("54.0.0.10")}
		}, []vtErr{{"nat-gateway", "nat-b", "elasticIp", vtAddress}}},
		{"private nat with elastic ip", func(n *Network) { n.NATGateways[1].ElasticIP = vtAddr("54.0.0.11") },
			[]vtErr{{"nat-gateway", "nat-priv", "elasticIp", vtInvalid}}},
		{"nat private ip outside subnet", func(n *Network) { n.NATGateways[0].PrivateIP = vtAddr("10.0.1.5") },
			[]vtErr{{"nat-gateway", "nat-a", "privateIp", vtAddress}}},
		{"nat private ip reserved", func(n *Network) { n.NATGateways[0].PrivateIP = vtAddr("10.0.0.255") },
			[]vtErr{{"nat-gateway", "nat-a", "privateIp", vtAddress}}},
		{"nat private ip ipv6", func(n *Network) { n.NATGateways[0].PrivateIP = vtAddr("2600:1f18:1234:5600::5") },
			[]vtErr{{"nat-gateway", "nat-a", "privateIp", vtInvalid}}},
		{"nat private ip taken by an interface", func(n *Network) { n.NetworkInterfaces[0].PrivateIPs[1] = vtAddr("10.0.0.5") },
			[]vtErr{{"network-interface", "eni-web", "privateIps[1]", vtAddress}}},
		{"nat private ip taken by a nat", func(n *Network) {
			n.NATGateways[1] = vpc.NATGateway{ID: "nat-b", Subnet: "subnet-pub", Connectivity: vpc.NATPrivate, PrivateIP: vtAddr("10.0.0.5")}
		}, []vtErr{{"nat-gateway", "nat-b", "privateIp", vtAddress}}},

		// Security groups.
		{"security group vpc missing", func(n *Network) { n.SecurityGroups[2].VPC = "vpc-zz" },
			[]vtErr{
				{"security-group", "sg-app", "vpc", vtUnknown},
				{"network-interface", "eni-app", "securityGroups[0]", vtWrongVPC},
			}},
		{"two default security groups", func(n *Network) { n.SecurityGroups[1].Default = true },
			[]vtErr{{"security-group", "sg-web", "default", vtConflict}}},
		{"sg rule protocol invalid", func(n *Network) { n.SecurityGroups[2].Ingress[2].Protocol = 256 },
			[]vtErr{{"security-group", "sg-app", "ingress[2].protocol", vtInvalid}}},
		{"sg rule protocol below -1", func(n *Network) { n.SecurityGroups[2].Ingress[2].Protocol = -2 },
			[]vtErr{{"security-group", "sg-app", "ingress[2].protocol", vtInvalid}}},
		{"sg rule without peer", func(n *Network) { n.SecurityGroups[2].Egress[0].CIDR = netip.Prefix{} },
			[]vtErr{{"security-group", "sg-app", "egress[0]", vtInvalid}}},
		{"sg rule with two peers", func(n *Network) { n.SecurityGroups[2].Ingress[0].CIDR = vtPrefix("10.0.0.0/8") },
			[]vtErr{{"security-group", "sg-app", "ingress[0]", vtInvalid}}},
		{"sg rule ports reversed", func(n *Network) { n.SecurityGroups[2].Ingress[1].Ports = vpc.Ports(5433, 5432) },
			[]vtErr{{"security-group", "sg-app", "ingress[1].ports", vtInvalid}}},
		{"sg rule ports on protocol all", func(n *Network) { n.SecurityGroups[1].Egress[0].Ports = vpc.Port(443) },
			[]vtErr{{"security-group", "sg-web", "egress[0].ports", vtInvalid}}},
		{"sg rule ports on icmp", func(n *Network) { n.SecurityGroups[1].Ingress[2].Ports = vpc.Port(8) },
			[]vtErr{{"security-group", "sg-web", "ingress[2].ports", vtInvalid}}},
		{"sg rule icmp on tcp", func(n *Network) { n.SecurityGroups[1].Ingress[0].ICMP = vpc.ICMPType(8) },
			[]vtErr{{"security-group", "sg-web", "ingress[0].icmp", vtInvalid}}},
		{"sg rule icmp type with any code", func(n *Network) { n.SecurityGroups[1].Ingress[2].ICMP = vpc.ICMPType(3) },
			nil},
		{"sg rule without protocol", func(n *Network) { n.SecurityGroups[1].Ingress[0].Protocol = 0 },
			[]vtErr{{"security-group", "sg-web", "ingress[0].protocol", vtInvalid}}},
		{"sg rule tcp without ports", func(n *Network) { n.SecurityGroups[1].Ingress[0].Ports = vpc.PortRange{} },
			[]vtErr{{"security-group", "sg-web", "ingress[0].ports", vtInvalid}}},
		{"acl entry without protocol", func(n *Network) { n.NetworkACLs[0].Inbound[1].Protocol = 0 },
			[]vtErr{{"network-acl", "acl-priv", "inbound[1].protocol", vtInvalid}}},
		{"acl entry udp without ports", func(n *Network) {
			n.NetworkACLs[0].Inbound[1].Protocol = vpc.ProtocolUDP
			n.NetworkACLs[0].Inbound[1].Ports = vpc.PortRange{}
		},
			[]vtErr{{"network-acl", "acl-priv", "inbound[1].ports", vtInvalid}}},
		{"sg rule prefix list missing", func(n *Network) { n.SecurityGroups[2].Ingress[1].PrefixList = "pl-zz" },
			[]vtErr{{"security-group", "sg-app", "ingress[1].prefixList", vtUnknown}}},
		{"sg rule group missing", func(n *Network) { n.SecurityGroups[2].Ingress[0].Group = "sg-zz" },
			[]vtErr{{"security-group", "sg-app", "ingress[0].group", vtUnknown}}},
		{"sg rule group in another vpc", func(n *Network) {
			n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-b", CIDRs: []netip.Prefix{vtPrefix("10.9.0.0/16")}})
			n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-b", VPC: "vpc-b"})
			n.SecurityGroups[2].Ingress[0].Group = "sg-b"
		}, []vtErr{{"security-group", "sg-app", "ingress[0].group", vtWrongVPC}}},
		{"sg rule cidr non-canonical", func(n *Network) { n.SecurityGroups[1].Ingress[2].CIDR = vtNonCanonical("10.0.3.4/16") },
			[]vtErr{{"security-group", "sg-web", "ingress[2].cidr", vtInvalid}}},
		// AWS accepts icmp rules whose peer is of the other address family
		// (describe-security-groups shows them); they match nothing.
		{"sg rule icmpv6 with ipv4 cidr", func(n *Network) { n.SecurityGroups[1].Ingress[3].CIDR = vtPrefix("0.0.0.0/0") }, nil},
		{"sg rule icmp with ipv6 cidr", func(n *Network) { n.SecurityGroups[1].Ingress[2].CIDR = vtPrefix("::/0") }, nil},
		{"sg rule icmpv6 with ipv4 prefix list", func(n *Network) {
			n.SecurityGroups[1].Ingress[3].CIDR = netip.Prefix{}
			n.SecurityGroups[1].Ingress[3].PrefixList = "pl-corp"
		}, nil},

		// Network ACLs.
		{"acl vpc missing", func(n *Network) { n.NetworkACLs[0].VPC = "" },
			[]vtErr{{"network-acl", "acl-priv", "vpc", vtInvalid}}},
		{"two default acls", func(n *Network) {
			n.NetworkACLs[0].Default = true
			n.NetworkACLs = append(n.NetworkACLs, vpc.NetworkACL{ID: "acl-b", VPC: "vpc-a", Default: true})
		}, []vtErr{{"network-acl", "acl-b", "default", vtConflict}}},
		{"acl subnet missing", func(n *Network) { n.NetworkACLs[0].Subnets[0] = "subnet-zz" },
			[]vtErr{{"network-acl", "acl-priv", "subnets[0]", vtUnknown}}},
		{"acl subnet in another vpc", func(n *Network) {
			n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-b", CIDRs: []netip.Prefix{vtPrefix("10.9.0.0/16")}})
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-b", VPC: "vpc-b", AvailabilityZone: "us-east-1a", CIDR: vtPrefix("10.9.0.0/24")})
			n.NetworkACLs[0].Subnets = append(n.NetworkACLs[0].Subnets, "subnet-b")
		}, []vtErr{{"network-acl", "acl-priv", "subnets[1]", vtWrongVPC}}},
		{"subnet in two acls", func(n *Network) {
			n.NetworkACLs = append(n.NetworkACLs, vpc.NetworkACL{ID: "acl-b", VPC: "vpc-a", Subnets: []string{"subnet-pub", "subnet-priv"}})
		}, []vtErr{{"network-acl", "acl-b", "subnets[1]", vtConflict}}},
		{"acl rule number out of range", func(n *Network) {
			n.NetworkACLs[0].Inbound[0].Number = 0
			n.NetworkACLs[0].Outbound[0].Number = 32767
		}, []vtErr{
			{"network-acl", "acl-priv", "inbound[0].number", vtInvalid},
			{"network-acl", "acl-priv", "outbound[0].number", vtInvalid},
		}},
		{"acl rule number repeated", func(n *Network) { n.NetworkACLs[0].Inbound[2].Number = 100 },
			[]vtErr{{"network-acl", "acl-priv", "inbound[2].number", vtConflict}}},
		{"acl rule numbers are per direction", func(n *Network) { n.NetworkACLs[0].Inbound[1].Number = 101 }, nil},
		{"acl action invalid", func(n *Network) { n.NetworkACLs[0].Inbound[0].Action = "drop" },
			[]vtErr{{"network-acl", "acl-priv", "inbound[0].action", vtInvalid}}},
		{"acl protocol invalid", func(n *Network) { n.NetworkACLs[0].Outbound[1].Protocol = 300 },
			[]vtErr{{"network-acl", "acl-priv", "outbound[1].protocol", vtInvalid}}},
		{"acl cidr missing", func(n *Network) { n.NetworkACLs[0].Inbound[1].CIDR = netip.Prefix{} },
			[]vtErr{{"network-acl", "acl-priv", "inbound[1].cidr", vtInvalid}}},
		{"acl cidr non-canonical", func(n *Network) { n.NetworkACLs[0].Inbound[0].CIDR = vtNonCanonical("10.0.0.1/16") },
			[]vtErr{{"network-acl", "acl-priv", "inbound[0].cidr", vtInvalid}}},
		{"acl ports reversed", func(n *Network) { n.NetworkACLs[0].Inbound[1].Ports = vpc.Ports(2000, 1000) },
			[]vtErr{{"network-acl", "acl-priv", "inbound[1].ports", vtInvalid}}},
		{"acl icmp on tcp", func(n *Network) { n.NetworkACLs[0].Inbound[1].ICMP = vpc.ICMPType(3) },
			[]vtErr{{"network-acl", "acl-priv", "inbound[1].icmp", vtInvalid}}},
		// AWS accepts ICMP entries of the other address family (they appear
		// in describe-network-acls output); they match nothing.
		{"acl icmp with ipv6 cidr", func(n *Network) { n.NetworkACLs[0].Inbound[2].CIDR = vtPrefix("::/0") }, nil},
		{"acl icmpv6 with ipv4 cidr", func(n *Network) {
			n.NetworkACLs[0].Inbound[2].Protocol = vpc.ProtocolICMPv6
		}, nil},

		// Prefix lists.
		{"prefix list entry non-canonical", func(n *Network) { n.PrefixLists[0].Entries[1] = vtNonCanonical("172.20.1.0/16") },
			[]vtErr{{"prefix-list", "pl-corp", "entries[1]", vtInvalid}}},
		{"prefix list entry of the wrong family", func(n *Network) {
			n.PrefixLists[0].Entries = append(n.PrefixLists[0].Entries, vtPrefix("2001:db8::/32"))
			n.PrefixLists[1].Entries = append(n.PrefixLists[1].Entries, vtPrefix("10.0.0.0/8"))
		}, []vtErr{
			{"prefix-list", "pl-corp", "entries[2]", vtInvalid},
			{"prefix-list", "pl-corp6", "entries[1]", vtInvalid},
		}},
		{"prefix list entry missing", func(n *Network) { n.PrefixLists[0].Entries[0] = netip.Prefix{} },
			[]vtErr{{"prefix-list", "pl-corp", "entries[0]", vtInvalid}}},
		{"prefix list family invalid", func(n *Network) { n.PrefixLists[0].AddressFamily = "ipv4" },
			[]vtErr{{"prefix-list", "pl-corp", "addressFamily", vtInvalid}}},
		{"prefix list over max entries", func(n *Network) { n.PrefixLists[0].MaxEntries = 1 },
			[]vtErr{{"prefix-list", "pl-corp", "maxEntries", vtInvalid}}},
		{"prefix list negative max entries", func(n *Network) { n.PrefixLists[0].MaxEntries = -1 },
			[]vtErr{{"prefix-list", "pl-corp", "maxEntries", vtInvalid}}},

		// Network interfaces.
		{"interface subnet missing", func(n *Network) { n.NetworkInterfaces[2].Subnet = "subnet-zz" },
			[]vtErr{{"network-interface", "eni-fn", "subnet", vtUnknown}}},
		{"interface kind invalid", func(n *Network) { n.NetworkInterfaces[1].Kind = "fargate" },
			[]vtErr{{"network-interface", "eni-app", "kind", vtInvalid}}},
		{"interface private ip ipv6", func(n *Network) { n.NetworkInterfaces[0].PrivateIPs[1] = vtAddr("2600:1f18:1234:5600::11") },
			[]vtErr{{"network-interface", "eni-web", "privateIps[1]", vtInvalid}}},
		{"interface private ip zero", func(n *Network) { n.NetworkInterfaces[0].PrivateIPs[1] = netip.Addr{} },
			[]vtErr{{"network-interface", "eni-web", "privateIps[1]", vtInvalid}}},
		{"interface private ip outside subnet", func(n *Network) { n.NetworkInterfaces[0].PrivateIPs[1] = vtAddr("10.0.1.11") },
			[]vtErr{{"network-interface", "eni-web", "privateIps[1]", vtAddress}}},
		{"interface private ip reserved", func(n *Network) {
			n.NetworkInterfaces[0].PrivateIPs = []netip.Addr{vtAddr("10.0.0.0"), vtAddr("10.0.0.1"), vtAddr("10.0.0.3"), vtAddr("10.0.0.4"), vtAddr("10.0.0.255")}
		}, []vtErr{
			{"network-interface", "eni-web", "privateIps[0]", vtAddress},
			{"network-interface", "eni-web", "privateIps[1]", vtAddress},
			{"network-interface", "eni-web", "privateIps[2]", vtAddress},
			{"network-interface", "eni-web", "privateIps[4]", vtAddress},
		}},
		{"interface private ip twice", func(n *Network) { n.NetworkInterfaces[0].PrivateIPs[1] = vtAddr("10.0.0.10") },
			[]vtErr{{"network-interface", "eni-web", "privateIps[1]", vtAddress}}},
		{"interface private ip taken by another interface", func(n *Network) {
			n.NetworkInterfaces[2].Subnet = "subnet-pub"
			n.NetworkInterfaces[2].PrivateIPs = []netip.Addr{vtAddr("10.0.0.11")}
		}, []vtErr{{"network-interface", "eni-fn", "privateIps[0]", vtAddress}}},
		{"same private ip in two vpcs", func(n *Network) {
			n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-b", CIDRs: []netip.Prefix{vtPrefix("10.0.0.0/16")}})
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-b", VPC: "vpc-b", AvailabilityZone: "us-east-1a", CIDR: vtPrefix("10.0.0.0/24")})
			n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-b", Subnet: "subnet-b", PrivateIPs: []netip.Addr{vtAddr("10.0.0.10")}})
		}, nil},
		{"interface ipv6 in a subnet without ipv6", func(n *Network) { n.NetworkInterfaces[1].IPv6Addrs = []netip.Addr{vtAddr("2600:1f18:1234:5601::10")} },
			[]vtErr{{"network-interface", "eni-app", "ipv6Addrs", vtInvalid}}},
		{"interface ipv6 outside subnet", func(n *Network) { n.NetworkInterfaces[0].IPv6Addrs[0] = vtAddr("2600:1f18:1234:5601::10") },
			[]vtErr{{"network-interface", "eni-web", "ipv6Addrs[0]", vtAddress}}},
		{"interface ipv6 reserved", func(n *Network) { n.NetworkInterfaces[0].IPv6Addrs[0] = vtAddr("2600:1f18:1234:5600::2") },
			[]vtErr{{"network-interface", "eni-web", "ipv6Addrs[0]", vtAddress}}},
		{"interface ipv6 is ipv4", func(n *Network) { n.NetworkInterfaces[0].IPv6Addrs[0] = vtAddr("10.0.0.12") },
			[]vtErr{{"network-interface", "eni-web", "ipv6Addrs[0]", vtInvalid}}},
		{"interface ipv6 twice", func(n *Network) {
			n.NetworkInterfaces[0].IPv6Addrs = append(n.NetworkInterfaces[0].IPv6Addrs, vtAddr("2600:1f18:1234:5600::10"))
		}, []vtErr{{"network-interface", "eni-web", "ipv6Addrs[1]", vtAddress}}},
		{"interface public ip private", func(n *Network) { n.NetworkInterfaces[0].PublicIP = vtAddr("192.168.1.1") },
			[]vtErr{{"network-interface", "eni-web", "publicIp", vtInvalid}}},
		{"interface public ip non-public ranges", func(n *Network) {
			for i, a := range []string{"100.64.0.1", "127.0.0.1", "169.254.1.1", "224.0.0.1", "10.1.1.1"} {
				n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{
					ID: "eni-p" + string(rune('0'+i)), Subnet: "subnet-pub", PublicIP: vtAddr(a)})
			}
		}, []vtErr{
			{"network-interface", "eni-p0", "publicIp", vtInvalid},
			{"network-interface", "eni-p1", "publicIp", vtInvalid},
			{"network-interface", "eni-p2", "publicIp", vtInvalid},
			{"network-interface", "eni-p3", "publicIp", vtInvalid},
			{"network-interface", "eni-p4", "publicIp", vtInvalid},
		}},
		{"interface public ip shared", func(n *Network) { n.NetworkInterfaces[1].PublicIP = vtAddr("54.0.0.20") },
			[]vtErr{{"network-interface", "eni-app", "publicIp", vtAddress}}},
		{"route to a whole subnet through a nat gateway (more specific than local)", func(n *Network) {
			n.RouteTables[1].Routes = append(n.RouteTables[1].Routes, vpc.Route{Destination: vtPrefix("10.0.1.0/24"), Target: vpc.ToNATGateway("nat-a")})
		}, nil},
		{"local route replaced by an interface", func(n *Network) {
			n.RouteTables[1].Routes = append(n.RouteTables[1].Routes, vpc.Route{Destination: vtPrefix("10.0.0.0/16"), Target: vpc.ToNetworkInterface("eni-app")})
		}, nil},
		{"route inside the vpc that is not a whole subnet", func(n *Network) {
			n.RouteTables[1].Routes = append(n.RouteTables[1].Routes, vpc.Route{Destination: vtPrefix("10.0.1.0/25"), Target: vpc.ToNATGateway("nat-a")})
		}, []vtErr{{"route-table", "rtb-pub", "routes[2].destination", vtInvalid}}},
		{"route to a subnet through the internet gateway", func(n *Network) {
			n.RouteTables[1].Routes = append(n.RouteTables[1].Routes, vpc.Route{Destination: vtPrefix("10.0.1.0/24"), Target: vpc.ToInternetGateway("igw-a")})
		}, []vtErr{{"route-table", "rtb-pub", "routes[2].destination", vtInvalid}}},
		{"lambda interface with an elastic ip (AWS accepts it)", func(n *Network) { n.NetworkInterfaces[2].PublicIP = vtAddr("54.0.0.30") },
			nil},
		{"interface with six security groups", func(n *Network) {
			for _, id := range []string{"sg-b1", "sg-b2", "sg-b3", "sg-b4"} {
				n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: id, VPC: "vpc-a"})
				n.NetworkInterfaces[1].SecurityGroups = append(n.NetworkInterfaces[1].SecurityGroups, id)
			}
		}, []vtErr{{"network-interface", "eni-app", "securityGroups", vtInvalid}}},
		{"interface security group twice", func(n *Network) {
			n.NetworkInterfaces[1].SecurityGroups = append(n.NetworkInterfaces[1].SecurityGroups, "sg-app")
		}, []vtErr{{"network-interface", "eni-app", "securityGroups[2]", vtInvalid}}},
		{"interface security group missing", func(n *Network) { n.NetworkInterfaces[1].SecurityGroups[1] = "sg-zz" },
			[]vtErr{{"network-interface", "eni-app", "securityGroups[1]", vtUnknown}}},
		{"interface security group in another vpc", func(n *Network) {
			n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-b", CIDRs: []netip.Prefix{vtPrefix("10.9.0.0/16")}})
			n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-b", VPC: "vpc-b"})
			n.NetworkInterfaces[1].SecurityGroups[1] = "sg-b"
		}, []vtErr{{"network-interface", "eni-app", "securityGroups[1]", vtWrongVPC}}},

		// Capacity.
		{"subnet too small", func(n *Network) {
			n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-b", CIDRs: []netip.Prefix{vtPrefix("10.9.0.0/28")}})
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-b", VPC: "vpc-b", AvailabilityZone: "us-east-1a", CIDR: vtPrefix("10.9.0.0/28")})
			n.NATGateways = append(n.NATGateways, vpc.NATGateway{ID: "nat-b", Subnet: "subnet-b", Connectivity: vpc.NATPrivate})
			for i := range 9 {
				n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-b" + string(rune('0'+i)), Subnet: "subnet-b"})
			}
			n.NetworkInterfaces[len(n.NetworkInterfaces)-1].PrivateIPs = []netip.Addr{vtAddr("10.9.0.4"), vtAddr("10.9.0.5"), vtAddr("10.9.0.6")}
		}, []vtErr{{"subnet", "subnet-b", "cidr", vtCapacity}}},
		{"subnet exactly full", func(n *Network) {
			n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-b", CIDRs: []netip.Prefix{vtPrefix("10.9.0.0/28")}})
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-b", VPC: "vpc-b", AvailabilityZone: "us-east-1a", CIDR: vtPrefix("10.9.0.0/28")})
			for i := range 11 {
				n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-b" + string(rune('a'+i)), Subnet: "subnet-b"})
			}
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := validSmallNetwork()
			tc.mutate(n)
			err := n.Validate()
			if diff := cmp.Diff(tc.want, vtErrs(t, err)); diff != "" {
				t.Errorf("Validate() errors (-want +got):\n%s\nfull error:\n%v", diff, err)
			}
		})
	}
}

func TestValidateMessages(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(n *Network)
		want   string
	}{
		{"non-canonical quotes input and canonical form",
			func(n *Network) { n.Subnets[1].CIDR = vtNonCanonical("10.0.1.7/24") },
			`subnet subnet-priv cidr: invalid value: "10.0.1.7/24" is not canonical (host bits set): want "10.0.1.0/24"`},
		{"overlap names the other subnet",
			func(n *Network) { n.Subnets[1].CIDR = vtPrefix("10.0.0.128/25") },
			`subnet subnet-priv cidr: overlapping cidr: 10.0.0.128/25 overlaps subnet "subnet-pub" (10.0.0.0/24)`},
		{"capacity states demand and capacity",
			func(n *Network) {
				n.Subnets[1].CIDR = vtPrefix("10.0.1.0/28")
				for i := range 10 {
					n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-x" + string(rune('a'+i)), Subnet: "subnet-priv"})
				}
			},
			`subnet subnet-priv cidr: subnet too small: 13 addresses needed, /28 has 11 usable`},
		{"duplicate id names the first",
			func(n *Network) { n.PrefixLists[1].ID = "vpc-a" },
			`prefix-list vpc-a id: duplicate id: "vpc-a" is already the id of the vpc at vpcs[0]`},
		{"taken address names the owner",
			func(n *Network) { n.NetworkInterfaces[0].PrivateIPs[1] = vtAddr("10.0.0.5") },
			`network-interface eni-web privateIps[1]: bad address: 10.0.0.5 is already used by nat-gateway nat-a privateIp`},
		{"acl duplicate number names the other entry",
			func(n *Network) { n.NetworkACLs[0].Inbound[2].Number = 110 },
			`network-acl acl-priv inbound[2].number: conflict: rule number 110 is already used by inbound[1]`},
		{"active route to a missing peering",
			func(n *Network) { n.RouteTables[2].Routes[3].Blackhole = false },
			`route-table rtb-priv routes[3].target.id: unknown resource: no vpc-peering-connection "pcx-gone" is declared`},
		{"sg quota",
			func(n *Network) {
				n.NetworkInterfaces[1].SecurityGroups = []string{"sg-app", "sg-web", "sg-default", "a", "b", "c"}
			},
			`network-interface eni-app securityGroups: invalid value: 6 security groups: at most 5 per network interface (the default quota)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := validSmallNetwork()
			tc.mutate(n)
			err := n.Validate()
			if err == nil {
				t.Fatal("Validate() = nil, want an error")
			}
			msgs := []string{}
			var joined interface{ Unwrap() []error }
			if errors.As(err, &joined) {
				for _, e := range joined.Unwrap() {
					msgs = append(msgs, e.Error())
				}
			}
			for _, m := range msgs {
				if m == tc.want {
					return
				}
			}
			t.Errorf("no error reads\n%s\ngot:\n%v", tc.want, err)
		})
	}
}

func TestValidateSentinels(t *testing.T) {
	tests := []struct {
		sentinel error
		mutate   func(n *Network)
	}{
		{ErrInvalidValue, func(n *Network) { n.Subnets[0].AvailabilityZone = "" }},
		{ErrDuplicateID, func(n *Network) { n.Subnets[1].ID = "subnet-pub" }},
		{ErrUnknownResource, func(n *Network) { n.Subnets[1].VPC = "vpc-zz" }},
		{ErrWrongVPC, func(n *Network) { n.InternetGateways[0].VPC = "" }},
		{ErrOverlap, func(n *Network) { n.Subnets[1].CIDR = vtPrefix("10.0.0.0/16") }},
		{ErrAddress, func(n *Network) { n.NetworkInterfaces[0].PrivateIPs[0] = vtAddr("10.0.0.1") }},
		{ErrCapacity, func(n *Network) {
			n.Subnets[1].CIDR = vtPrefix("10.0.1.0/28")
			for i := range 10 {
				n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-x" + string(rune('a'+i)), Subnet: "subnet-priv"})
			}
		}},
		{ErrConflict, func(n *Network) { n.RouteTables[1].Main = true }},
	}
	for _, tc := range tests {
		t.Run(tc.sentinel.Error(), func(t *testing.T) {
			n := validSmallNetwork()
			tc.mutate(n)
			err := n.Validate()
			if !errors.Is(err, tc.sentinel) {
				t.Fatalf("errors.Is(%v, %v) = false", err, tc.sentinel)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Resource == "" || fe.ID == "" || fe.Field == "" || fe.Msg == "" {
				t.Errorf("errors.As: got %#v, want a *FieldError naming resource, id and field", fe)
			}
			for _, other := range []error{ErrUnknownField} {
				if errors.Is(err, other) {
					t.Errorf("errors.Is(%v, %v) = true", err, other)
				}
			}
		})
	}
}

// TestValidateGarbage feeds zero values and garbage everywhere: Validate
// must report, not panic, and report the same way twice.
func TestValidateGarbage(t *testing.T) {
	bad := netip.PrefixFrom(vtAddr("10.0.0.0"), 99)
	n := &Network{
		VPCs:                       []vpc.VPC{{}, {ID: "v", CIDRs: []netip.Prefix{{}, bad}, IPv6CIDR: bad}},
		Subnets:                    []vpc.Subnet{{}, {ID: "s", VPC: "v", CIDR: bad, IPv6CIDR: bad}},
		RouteTables:                []vpc.RouteTable{{}, {ID: "r", VPC: "v", Subnets: []string{""}, Routes: []vpc.Route{{}, {Destination: bad, Target: vpc.Target{Kind: "local"}}}}},
		InternetGateways:           []vpc.InternetGateway{{}},
		EgressOnlyInternetGateways: []vpc.EgressOnlyInternetGateway{{}},
		NATGateways:                []vpc.NATGateway{{}, {ID: "n", Subnet: "s", PrivateIP: vtAddr("fe80::1%eth0")}},
		SecurityGroups:             []vpc.SecurityGroup{{}, {ID: "g", VPC: "v", Ingress: []vpc.SGRule{{}, {Protocol: 1000, ICMP: vpc.ICMPType(3), CIDR: bad}}}},
		NetworkACLs:                []vpc.NetworkACL{{}, {ID: "a", VPC: "v", Inbound: []vpc.ACLEntry{{}}, Subnets: []string{"s", "s"}}},
		PrefixLists:                []vpc.PrefixList{{}, {ID: "p", Entries: []netip.Prefix{{}, bad}, MaxEntries: -5}},
		NetworkInterfaces:          []vpc.NetworkInterface{{}, {ID: "e", Subnet: "s", PrivateIPs: []netip.Addr{{}}, IPv6Addrs: []netip.Addr{{}}, SecurityGroups: []string{"", ""}}},
	}
	err := n.Validate()
	if err == nil {
		t.Fatal("Validate() = nil, want errors")
	}
	_ = vtErrs(t, err) // every error is a *FieldError
	if again := n.Validate(); again.Error() != err.Error() {
		t.Errorf("Validate() is not deterministic:\n%v\nthen\n%v", err, again)
	}
	for _, line := range []string{"vpc #0 id: invalid value: required: every vpc needs an id"} {
		if !slices.Contains(strings.Split(err.Error(), "\n"), line) {
			t.Errorf("missing %q in\n%v", line, err)
		}
	}
}
