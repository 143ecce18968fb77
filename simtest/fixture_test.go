package simtest_test

import (
	"fmt"
	"net/netip"
	"runtime"
	"testing"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// shop is the architecture the tests and examples of this package check:
// a three-tier VPC in one Availability Zone, dual stack.
//
//   - subnet-public (tier=public): the load balancer eni-alb, with a public
//     address, and the NAT gateway nat-a; routes to the internet gateway,
//     IPv6 included;
//   - subnet-app (tier=app): ECS tasks eni-app-1 and eni-app-2 (tier=app)
//     and a batch job eni-batch (tier=batch); routes the internet to nat-a
//     and IPv6 to the egress-only gateway;
//   - subnet-db (tier=db): the database eni-db (tier=db), no route out, a
//     network ACL that admits Postgres from subnet-app only.
func shop() *sim.Network {
	p, ad := netip.MustParsePrefix, netip.MustParseAddr
	tcp, yes := vpc.ProtocolTCP, true
	return &sim.Network{
		VPCs: []vpc.VPC{{ID: "vpc-shop", CIDRs: []netip.Prefix{p("10.0.0.0/16")}, IPv6CIDR: p("2600:1f18:1000:ab00::/56")}},
		Subnets: []vpc.Subnet{
			{ID: "subnet-public", VPC: "vpc-shop", AvailabilityZone: "eu-west-1a", CIDR: p("10.0.0.0/24"),
				IPv6CIDR: p("2600:1f18:1000:ab00::/64"), Tags: map[string]string{"tier": "public"}},
			{ID: "subnet-app", VPC: "vpc-shop", AvailabilityZone: "eu-west-1a", CIDR: p("10.0.10.0/24"),
				IPv6CIDR: p("2600:1f18:1000:ab10::/64"), Tags: map[string]string{"tier": "app"}},
			{ID: "subnet-db", VPC: "vpc-shop", AvailabilityZone: "eu-west-1a", CIDR: p("10.0.20.0/24"),
				Tags: map[string]string{"tier": "db"}},
		},
		InternetGateways:           []vpc.InternetGateway{{ID: "igw-shop", VPC: "vpc-shop"}},
		EgressOnlyInternetGateways: []vpc.EgressOnlyInternetGateway{{ID: "eigw-shop", VPC: "vpc-shop"}},
		NATGateways:                []vpc.NATGateway{{ID: "nat-a", Subnet: "subnet-public", ElasticIP: ad("52.0.0.10")}},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-public", VPC: "vpc-shop", Subnets: []string{"subnet-public"}, Routes: []vpc.Route{
				{Destination: p("0.0.0.0/0"), Target: vpc.ToInternetGateway("igw-shop")},
				{Destination: p("::/0"), Target: vpc.ToInternetGateway("igw-shop")}}},
			{ID: "rtb-app", VPC: "vpc-shop", Subnets: []string{"subnet-app"}, Routes: []vpc.Route{
				{Destination: p("0.0.0.0/0"), Target: vpc.ToNATGateway("nat-a")},
				{Destination: p("::/0"), Target: vpc.ToEgressOnlyGateway("eigw-shop")}}},
		},
		NetworkACLs: []vpc.NetworkACL{{ID: "acl-db", VPC: "vpc-shop", Subnets: []string{"subnet-db"},
			Inbound: []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: tcp, Ports: vpc.Port(5432), CIDR: p("10.0.10.0/24")}},
			Outbound: []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: tcp, Ports: vpc.Ports(1024, 65535),
				CIDR: p("10.0.10.0/24")}}}},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-alb", VPC: "vpc-shop",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), CIDR: p("0.0.0.0/0")}},
				Egress:  []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8080), Group: "sg-app"}}},
			{ID: "sg-app", VPC: "vpc-shop",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8080), Group: "sg-alb"}},
				Egress: []vpc.SGRule{
					{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-db"},
					{Protocol: tcp, Ports: vpc.Port(443), CIDR: p("0.0.0.0/0")},
					{Protocol: tcp, Ports: vpc.Port(443), CIDR: p("::/0")}}},
			{ID: "sg-batch", VPC: "vpc-shop",
				Egress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), CIDR: p("0.0.0.0/0")}}},
			{ID: "sg-db", VPC: "vpc-shop",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-app"}}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-alb", Subnet: "subnet-public", Kind: vpc.KindLoadBalancer, AssignPublicIP: &yes,
				SecurityGroups: []string{"sg-alb"}, Tags: map[string]string{"tier": "public"}},
			{ID: "eni-app-1", Subnet: "subnet-app", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-app"},
				IPv6Addrs: []netip.Addr{ad("2600:1f18:1000:ab10::11")}, Tags: map[string]string{"tier": "app"}},
			{ID: "eni-app-2", Subnet: "subnet-app", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-app"},
				IPv6Addrs: []netip.Addr{ad("2600:1f18:1000:ab10::12")}, Tags: map[string]string{"tier": "app"}},
			{ID: "eni-batch", Subnet: "subnet-app", SecurityGroups: []string{"sg-batch"}, Tags: map[string]string{"tier": "batch"}},
			{ID: "eni-db", Subnet: "subnet-db", Kind: vpc.KindRDS, SecurityGroups: []string{"sg-db"},
				Tags: map[string]string{"tier": "db"}},
		},
	}
}

// fakeT is a testing.TB that records what a helper reports instead of
// failing the test that runs it. The embedded TB (nil) satisfies the
// interface's unexported method; calling a method fakeT does not define
// panics, which the tests would notice.
type fakeT struct {
	testing.TB
	name    string
	helpers int
	errors  []string
	fatals  []string
	logs    []string
}

func (f *fakeT) Helper()      { f.helpers++ }
func (f *fakeT) Name() string { return f.name }
func (f *fakeT) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeT) Logf(format string, args ...any) {
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}

// Fatalf records the failure and stops the goroutine, as testing.T does.
func (f *fakeT) Fatalf(format string, args ...any) {
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
	runtime.Goexit()
}

// record runs fn with a fakeT on a goroutine of its own (so that Fatalf
// can stop it) and returns what it reported.
func record(fn func(t testing.TB)) *fakeT {
	f := &fakeT{name: "TestArch"}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	return f
}
