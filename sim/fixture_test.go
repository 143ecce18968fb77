package sim

import (
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/vpc"
)

var (
	pfx  = netip.MustParsePrefix
	addr = netip.MustParseAddr
)

// threeTier is the seed guide's three-tier VPC: public subnets behind an
// internet gateway, private app subnets with a NAT gateway per AZ, isolated
// database subnets, least-privilege security groups, and a database ACL.
func threeTier() *Network {
	any4 := pfx("0.0.0.0/0")
	return &Network{
		VPCs: []vpc.VPC{{ID: "vpc-main", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, Account: "111111111111", Region: "us-east-1"}},
		Subnets: []vpc.Subnet{
			{ID: "subnet-pub-a", VPC: "vpc-main", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.0.0/24"), MapPublicIPOnLaunch: true},
			{ID: "subnet-pub-b", VPC: "vpc-main", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.1.0/24"), MapPublicIPOnLaunch: true},
			{ID: "subnet-app-a", VPC: "vpc-main", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.10.0/24")},
			{ID: "subnet-app-b", VPC: "vpc-main", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.11.0/24")},
			{ID: "subnet-db-a", VPC: "vpc-main", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.20.0/24")},
			{ID: "subnet-db-b", VPC: "vpc-main", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.21.0/24")},
		},
		InternetGateways: []vpc.InternetGateway{{ID: "igw-main", VPC: "vpc-main"}},
		NATGateways: []vpc.NATGateway{
			{ID: "nat-a", Subnet: "subnet-pub-a", ElasticIP: addr("52.0.0.10")},
			{ID: "nat-b", Subnet: "subnet-pub-b", ElasticIP: addr("52.0.0.11")},
		},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-public", VPC: "vpc-main", Subnets: []string{"subnet-pub-a", "subnet-pub-b"},
				Routes: []vpc.Route{{Destination: any4, Target: vpc.ToInternetGateway("igw-main")}}},
			{ID: "rtb-app-a", VPC: "vpc-main", Subnets: []string{"subnet-app-a"},
				Routes: []vpc.Route{{Destination: any4, Target: vpc.ToNATGateway("nat-a")}}},
			{ID: "rtb-app-b", VPC: "vpc-main", Subnets: []string{"subnet-app-b"},
				Routes: []vpc.Route{{Destination: any4, Target: vpc.ToNATGateway("nat-b")}}},
			{ID: "rtb-db", VPC: "vpc-main", Subnets: []string{"subnet-db-a", "subnet-db-b"}},
		},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-alb", VPC: "vpc-main",
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: any4}},
				Egress:  []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), Group: "sg-app"}}},
			{ID: "sg-app", VPC: "vpc-main",
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), Group: "sg-alb"}},
				Egress: []vpc.SGRule{
					{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), Group: "sg-db"},
					{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: any4},
				}},
			{ID: "sg-db", VPC: "vpc-main",
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), Group: "sg-app"}}},
		},
		NetworkACLs: []vpc.NetworkACL{
			{ID: "acl-db", VPC: "vpc-main", Subnets: []string{"subnet-db-a", "subnet-db-b"},
				Inbound:  []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, CIDR: pfx("10.0.10.0/23"), Ports: vpc.Port(5432)}},
				Outbound: []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, CIDR: pfx("10.0.10.0/23"), Ports: vpc.Ports(1024, 65535)}}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-alb-a", Subnet: "subnet-pub-a", Kind: vpc.KindLoadBalancer, SecurityGroups: []string{"sg-alb"}, PublicIP: addr("52.0.0.20")},
			{ID: "eni-app-a", Subnet: "subnet-app-a", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-app"}},
			{ID: "eni-app-b", Subnet: "subnet-app-b", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-app"}},
			{ID: "eni-db-a", Subnet: "subnet-db-a", Kind: vpc.KindRDS, SecurityGroups: []string{"sg-db"}},
		},
	}
}

func mustCompile(t testing.TB, n *Network) *Model {
	t.Helper()
	m, err := Compile(n)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return m
}

// TestThreeTier pins the three-tier fixture's answers: the tiers talk as
// their security groups intend, and nothing else passes.
func TestThreeTier(t *testing.T) {
	m := mustCompile(t, threeTier())
	for _, tc := range []struct {
		q    Query
		want Verdict
	}{
		{Query{From: ENI("eni-app-a"), To: ENI("eni-db-a"), Port: 5432}, Verdict{Reachable, NoReason}},
		{Query{From: Internet(), To: ENI("eni-db-a"), Port: 5432}, Verdict{Blocked, NoPublicIP}},
		{Query{From: Internet(), To: ENI("eni-alb-a"), Port: 443}, Verdict{Reachable, NoReason}},
		{Query{From: ENI("eni-app-a"), To: Internet(), Port: 443}, Verdict{Reachable, NoReason}},
		{Query{From: ENI("eni-app-a"), To: InternetAddress(addr("8.8.8.8")), Port: 443}, Verdict{Reachable, NoReason}},
		{Query{From: ENI("eni-app-a"), To: InternetAddress(addr("8.8.8.8")), Port: 80}, Verdict{Blocked, SGEgress}},
		{Query{From: ENI("eni-alb-a"), To: ENI("eni-app-b"), Port: 8080}, Verdict{Reachable, NoReason}},
		{Query{From: ENI("eni-alb-a"), To: ENI("eni-db-a"), Port: 5432}, Verdict{Blocked, SGEgress}},
		{Query{From: ENI("eni-db-a"), To: Internet(), Port: 443}, Verdict{Blocked, SGEgress}},
	} {
		r, err := m.Reach(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := (Verdict{r.Status, r.Reason}); got != tc.want {
			t.Errorf("%s: got %v, want %v\n%s", tc.q, got, tc.want, r)
		}
	}
	// The app's flow to the internet leaves through its AZ's NAT gateway,
	// whose Elastic IP the internet sees.
	r, _ := m.Reach(Query{From: ENI("eni-app-a"), To: InternetAddress(addr("8.8.8.8")), Port: 443})
	if last := r.Path[len(r.Path)-1].Packet; last.Src != addr("52.0.0.10") {
		t.Errorf("app-a reaches the internet as %s, want nat-a's 52.0.0.10", last.Src)
	}
}
