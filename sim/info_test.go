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

var infoCmpOpts = cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})

// readBack is a network where compile decides much: one VPC declares its
// main route table, default ACL and default security group, the other
// declares none; interfaces get assigned private and public addresses and
// default groups; a NAT gateway's ID sorts before another's while its
// interface's ID sorts after.
func readBack() *Network {
	off := false
	return &Network{
		VPCs: []vpc.VPC{
			{ID: "vpc-b", CIDRs: []netip.Prefix{pfx("192.168.0.0/16")}},
			{ID: "vpc-a", CIDRs: []netip.Prefix{pfx("10.1.0.0/16"), pfx("10.2.0.0/16")}, IPv6CIDR: pfx("2600:1f18:0:100::/56"),
				Region: "eu-west-1", Account: "222222222222", EnableDNSSupport: &off},
		},
		Subnets: []vpc.Subnet{
			{ID: "sub-b1", VPC: "vpc-b", AvailabilityZone: "eu-west-1a", CIDR: pfx("192.168.0.0/24")},
			{ID: "sub-a2", VPC: "vpc-a", AvailabilityZone: "eu-west-1b", CIDR: pfx("10.2.0.0/24")},
			{ID: "sub-a1", VPC: "vpc-a", AvailabilityZone: "eu-west-1a", CIDR: pfx("10.1.0.0/24"), IPv6CIDR: pfx("2600:1f18:0:100::/64"), MapPublicIPOnLaunch: true},
		},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-main", VPC: "vpc-a", Main: true},
			{ID: "rtb-x", VPC: "vpc-a", Subnets: []string{"sub-a2"}},
		},
		InternetGateways:           []vpc.InternetGateway{{ID: "igw-a", VPC: "vpc-a"}, {ID: "igw-detached"}},
		EgressOnlyInternetGateways: []vpc.EgressOnlyInternetGateway{{ID: "eigw-a", VPC: "vpc-a"}},
		NATGateways: []vpc.NATGateway{
			{ID: "nat-pub", Subnet: "sub-a1", ElasticIP: addr("52.1.1.3"), PrivateIP: addr("10.1.0.20")},
			{ID: "nat-pub-2", Subnet: "sub-b1", Connectivity: vpc.NATPrivate},
			{ID: "nat-priv", Subnet: "sub-a2", Connectivity: vpc.NATPrivate},
		},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-z", VPC: "vpc-a"},
			{ID: "sg-y", VPC: "vpc-a"},
			{ID: "sg-default", VPC: "vpc-a", Default: true, Egress: []vpc.SGRule{vpc.AllowAllEgress()}},
		},
		NetworkACLs: []vpc.NetworkACL{
			{ID: "acl-default", VPC: "vpc-a", Default: true},
			{ID: "acl-x", VPC: "vpc-a", Subnets: []string{"sub-a2"}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-b", Subnet: "sub-b1", Kind: vpc.KindLambda},
			{ID: "eni-3", Subnet: "sub-a1", AssignPublicIP: &off},
			{ID: "eni-2", Subnet: "sub-a1", Kind: vpc.KindEC2, Owner: "i-123",
				PrivateIPs: []netip.Addr{addr("10.1.0.10"), addr("10.1.0.11")}, PublicIP: addr("52.1.1.2"),
				ElasticIPs:     []vpc.ElasticIP{{PrivateIP: addr("10.1.0.11"), PublicIP: addr("52.1.1.1")}},
				SecurityGroups: []string{"sg-z", "sg-y"}, SourceDestCheckDisabled: true},
			{ID: "eni-1", Subnet: "sub-a1", IPv6Addrs: []netip.Addr{addr("2600:1f18:0:100::10")}},
		},
	}
}

// TestReadBack pins what compile decided for readBack, as the iterators
// yield it (in ID order) and as the lookups find it.
func TestReadBack(t *testing.T) {
	m := mustCompile(t, readBack())
	wantENIs := []InterfaceInfo{
		// Assigned the first free address of its subnet and, as an EC2
		// instance in a subnet mapping public addresses, the first
		// address of 54.0.0.0/8; the VPC's declared default group.
		{ID: "eni-1", Kind: vpc.KindEC2, Subnet: "sub-a1", VPC: "vpc-a", AvailabilityZone: "eu-west-1a",
			PrivateIPs: []netip.Addr{addr("10.1.0.4")}, IPv6Addrs: []netip.Addr{addr("2600:1f18:0:100::10")},
			PublicIP: addr("54.0.0.1"), SecurityGroups: []string{"sg-default"}},
		{ID: "eni-2", Kind: vpc.KindEC2, Owner: "i-123", Subnet: "sub-a1", VPC: "vpc-a", AvailabilityZone: "eu-west-1a",
			PrivateIPs: []netip.Addr{addr("10.1.0.10"), addr("10.1.0.11")}, PublicIP: addr("52.1.1.2"),
			ElasticIPs:     []vpc.ElasticIP{{PrivateIP: addr("10.1.0.11"), PublicIP: addr("52.1.1.1")}},
			SecurityGroups: []string{"sg-y", "sg-z"}, SourceDestCheckDisabled: true},
		// AssignPublicIP false overrides the subnet: no public address.
		{ID: "eni-3", Kind: vpc.KindEC2, Subnet: "sub-a1", VPC: "vpc-a", AvailabilityZone: "eu-west-1a",
			PrivateIPs: []netip.Addr{addr("10.1.0.5")}, SecurityGroups: []string{"sg-default"}},
		// The synthesized default group of a VPC that declares none.
		{ID: "eni-b", Kind: vpc.KindLambda, Subnet: "sub-b1", VPC: "vpc-b", AvailabilityZone: "eu-west-1a",
			PrivateIPs: []netip.Addr{addr("192.168.0.4")}, SecurityGroups: []string{"vpc-b/default-sg"}},
		{ID: "nat-priv/eni", Kind: vpc.KindNATGateway, Owner: "nat-priv", Subnet: "sub-a2", VPC: "vpc-a", AvailabilityZone: "eu-west-1b",
			PrivateIPs: []netip.Addr{addr("10.2.0.4")}, SourceDestCheckDisabled: true, NATGateway: "nat-priv"},
		{ID: "nat-pub-2/eni", Kind: vpc.KindNATGateway, Owner: "nat-pub-2", Subnet: "sub-b1", VPC: "vpc-b", AvailabilityZone: "eu-west-1a",
			PrivateIPs: []netip.Addr{addr("192.168.0.5")}, SourceDestCheckDisabled: true, NATGateway: "nat-pub-2"},
		{ID: "nat-pub/eni", Kind: vpc.KindNATGateway, Owner: "nat-pub", Subnet: "sub-a1", VPC: "vpc-a", AvailabilityZone: "eu-west-1a",
			PrivateIPs: []netip.Addr{addr("10.1.0.20")}, PublicIP: addr("52.1.1.3"), SourceDestCheckDisabled: true, NATGateway: "nat-pub"},
	}
	wantSubnets := []SubnetInfo{
		{ID: "sub-a1", VPC: "vpc-a", AvailabilityZone: "eu-west-1a", CIDR: pfx("10.1.0.0/24"), IPv6CIDR: pfx("2600:1f18:0:100::/64"),
			MapPublicIPOnLaunch: true, RouteTable: "rtb-main", NetworkACL: "acl-default"},
		{ID: "sub-a2", VPC: "vpc-a", AvailabilityZone: "eu-west-1b", CIDR: pfx("10.2.0.0/24"), RouteTable: "rtb-x", NetworkACL: "acl-x"},
		{ID: "sub-b1", VPC: "vpc-b", AvailabilityZone: "eu-west-1a", CIDR: pfx("192.168.0.0/24"),
			RouteTable: "vpc-b/main-rtb", NetworkACL: "vpc-b/default-acl"},
	}
	wantVPCs := []VPCInfo{
		{ID: "vpc-a", CIDRs: []netip.Prefix{pfx("10.1.0.0/16"), pfx("10.2.0.0/16")}, IPv6CIDR: pfx("2600:1f18:0:100::/56"),
			Region: "eu-west-1", Account: "222222222222",
			MainRouteTable: "rtb-main", DefaultNetworkACL: "acl-default", DefaultSecurityGroup: "sg-default",
			InternetGateway: "igw-a", EgressOnlyInternetGateway: "eigw-a", DNSResolver: addr("10.1.0.2")},
		{ID: "vpc-b", CIDRs: []netip.Prefix{pfx("192.168.0.0/16")}, Region: "eu-west-1",
			MainRouteTable: "vpc-b/main-rtb", DefaultNetworkACL: "vpc-b/default-acl", DefaultSecurityGroup: "vpc-b/default-sg",
			DNSResolver: addr("192.168.0.2"), DNSSupport: true},
	}
	wantNATs := []NATGatewayInfo{
		{ID: "nat-priv", Connectivity: vpc.NATPrivate, Subnet: "sub-a2", VPC: "vpc-a", AvailabilityZone: "eu-west-1b",
			Interface: "nat-priv/eni", PrivateIP: addr("10.2.0.4")},
		{ID: "nat-pub", Connectivity: vpc.NATPublic, Subnet: "sub-a1", VPC: "vpc-a", AvailabilityZone: "eu-west-1a",
			Interface: "nat-pub/eni", PrivateIP: addr("10.1.0.20"), ElasticIP: addr("52.1.1.3")},
		{ID: "nat-pub-2", Connectivity: vpc.NATPrivate, Subnet: "sub-b1", VPC: "vpc-b", AvailabilityZone: "eu-west-1a",
			Interface: "nat-pub-2/eni", PrivateIP: addr("192.168.0.5")},
	}
	checkAll(t, "Interfaces", wantENIs, slices.Collect(m.Interfaces()), m.Interface, func(x InterfaceInfo) string { return x.ID })
	checkAll(t, "Subnets", wantSubnets, slices.Collect(m.Subnets()), m.Subnet, func(x SubnetInfo) string { return x.ID })
	checkAll(t, "VPCs", wantVPCs, slices.Collect(m.VPCs()), m.VPC, func(x VPCInfo) string { return x.ID })
	checkAll(t, "NATGateways", wantNATs, slices.Collect(m.NATGateways()), m.NATGateway, func(x NATGatewayInfo) string { return x.ID })

	// IDs of other kinds, and unknown IDs, are not found.
	for _, id := range []string{"sub-a1", "nat-pub", "", "eni-9"} {
		if _, ok := m.Interface(id); ok {
			t.Errorf("Interface(%q) found", id)
		}
	}
	for _, id := range []string{"eni-1", "vpc-a", "rtb-x"} {
		if _, ok := m.Subnet(id); ok {
			t.Errorf("Subnet(%q) found", id)
		}
	}
	if _, ok := m.VPC("sub-a1"); ok {
		t.Error("VPC(sub-a1) found")
	}
	if _, ok := m.NATGateway("nat-pub/eni"); ok {
		t.Error("NATGateway(nat-pub/eni) found")
	}
}

// checkAll compares what an iterator yielded with want, and checks that
// the lookup finds each element.
func checkAll[T any](t *testing.T, name string, want, got []T, find func(string) (T, bool), id func(T) string) {
	t.Helper()
	if diff := cmp.Diff(want, got, infoCmpOpts); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
	for _, w := range want {
		x, ok := find(id(w))
		if !ok {
			t.Errorf("%s: lookup of %s: not found", name, id(w))
			continue
		}
		if diff := cmp.Diff(w, x, infoCmpOpts); diff != "" {
			t.Errorf("%s: lookup of %s (-want +got):\n%s", name, id(w), diff)
		}
	}
}

// TestReadBackCopies: what the lookups and iterators return is a copy;
// writing to it changes nothing in the model. Iterators stop when the loop
// breaks.
func TestReadBackCopies(t *testing.T) {
	m := mustCompile(t, readBack())
	e, _ := m.Interface("eni-2")
	e.PrivateIPs[0] = addr("10.9.9.9")
	e.ElasticIPs[0].PublicIP = addr("9.9.9.9")
	e.SecurityGroups[0] = "sg-evil"
	for x := range m.Interfaces() {
		if x.ID == "eni-2" {
			x.PrivateIPs[1] = addr("10.9.9.8")
		}
	}
	v, _ := m.VPC("vpc-a")
	v.CIDRs[0] = pfx("10.9.0.0/16")
	e2, _ := m.Interface("eni-2")
	v2, _ := m.VPC("vpc-a")
	if e2.PrivateIPs[0] != addr("10.1.0.10") || e2.PrivateIPs[1] != addr("10.1.0.11") ||
		e2.ElasticIPs[0].PublicIP != addr("52.1.1.1") || e2.SecurityGroups[0] != "sg-y" || v2.CIDRs[0] != pfx("10.1.0.0/16") {
		t.Errorf("the model changed through a returned slice: %+v %+v", e2, v2)
	}
	r, err := m.Reach(Query{From: ENI("eni-1"), To: ENI("eni-3"), Protocol: vpc.ProtocolICMP})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Path[0].Packet.Src; got != addr("10.1.0.4") {
		t.Errorf("eni-1 sends from %s, want 10.1.0.4", got)
	}

	var seen []string
	for x := range m.Interfaces() {
		seen = append(seen, x.ID)
		if len(seen) == 2 {
			break
		}
	}
	if want := []string{"eni-1", "eni-2"}; !slices.Equal(seen, want) {
		t.Errorf("breaking after two interfaces saw %v, want %v", seen, want)
	}
}

// TestVerdictMethods: a Verdict reads as the first line of the Result of
// the same query, and agrees with it on Allowed.
func TestVerdictMethods(t *testing.T) {
	m := mustCompile(t, threeTier())
	for _, q := range []Query{
		{From: ENI("eni-app-a"), To: ENI("eni-db-a"), Port: 5432},
		{From: ENI("eni-alb-a"), To: ENI("eni-db-a"), Port: 5432},
		{From: Internet(), To: ENI("eni-db-a"), Port: 5432},
	} {
		r, err := m.Reach(q)
		if err != nil {
			t.Fatal(err)
		}
		v, err := m.Verdict(q)
		if err != nil {
			t.Fatal(err)
		}
		firstLine, _, _ := strings.Cut(r.String(), "\n")
		if want := q.String() + ": " + v.String(); firstLine != want {
			t.Errorf("verdict line %q, result line %q", want, firstLine)
		}
		if v.Allowed() != r.Allowed() {
			t.Errorf("%s: Verdict.Allowed %v, Result.Allowed %v", q, v.Allowed(), r.Allowed())
		}
	}
	for _, tc := range []struct {
		v    Verdict
		want string
		ok   bool
	}{
		{Verdict{Reachable, NoReason}, "reachable", true},
		{Verdict{Blocked, SGIngress}, "blocked (SG_INGRESS)", false},
		{Verdict{ReplyBlocked, NACLOutbound}, "reply-blocked (NACL_OUT)", false},
		{Verdict{}, "blocked", false},
	} {
		if got := tc.v.String(); got != tc.want || tc.v.Allowed() != tc.ok {
			t.Errorf("%#v: %q, Allowed %v; want %q, %v", tc.v, got, tc.v.Allowed(), tc.want, tc.ok)
		}
	}
}
