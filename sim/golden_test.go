package sim_test

import (
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// updateGolden rewrites the golden files instead of comparing with them:
//
//	go test ./sim -run Golden -update
var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenDir holds one file per golden case: Result.String() of its query.
const goldenDir = "testdata/golden"

// goldenNetwork is the seed guide's three-tier VPC (public subnets with an
// internet gateway, app subnets with a NAT gateway per AZ, isolated
// database subnets, least-privilege security groups, a database ACL) over
// two AZs, plus small additions that each exercise one behaviour or one
// realistic mistake:
//
//   - subnet-ops: a bastion subnet whose custom ACL allows 443 out but no
//     ephemeral ports in (replies are dropped), with an explicit deny of a
//     blocklisted range;
//   - subnet-legacy: its default route still names a deleted NAT gateway
//     (a blackhole), and its host uses the VPC's synthesized default group;
//   - subnet-partner: its default route goes to a private NAT gateway, whose
//     traffic the internet gateway drops;
//   - subnet-fw and subnet-inspected: inspected traffic is routed through a
//     firewall appliance (source/destination check disabled) and on through
//     a NAT gateway; one range goes to a proxy whose check is still on; a
//     route left in the firewall's own table sends one range back to the
//     firewall (a loop);
//   - eni-fargate-pub: an ECS task in a public subnet without a public IP;
//   - eni-migrate-a: a task in a database subnet, next to the database;
//   - vpc-edge: a dual-stack VPC with only an egress-only internet gateway.
func goldenNetwork() *sim.Network {
	p, a := netip.MustParsePrefix, netip.MustParseAddr
	any4, any6 := p("0.0.0.0/0"), p("::/0")
	tcp, on := vpc.ProtocolTCP, true
	appTier := p("10.0.10.0/23") // subnet-app-a and subnet-app-b
	return &sim.Network{
		VPCs: []vpc.VPC{
			{ID: "vpc-main", CIDRs: []netip.Prefix{p("10.0.0.0/16")}, Region: "us-east-1"},
			{ID: "vpc-edge", CIDRs: []netip.Prefix{p("10.1.0.0/16")}, IPv6CIDR: p("2600:1f18:1000:ab00::/56"), Region: "us-east-1"},
		},
		Subnets: []vpc.Subnet{
			{ID: "subnet-pub-a", VPC: "vpc-main", AvailabilityZone: "us-east-1a", CIDR: p("10.0.0.0/24"), MapPublicIPOnLaunch: true},
			{ID: "subnet-pub-b", VPC: "vpc-main", AvailabilityZone: "us-east-1b", CIDR: p("10.0.1.0/24"), MapPublicIPOnLaunch: true},
			{ID: "subnet-app-a", VPC: "vpc-main", AvailabilityZone: "us-east-1a", CIDR: p("10.0.10.0/24")},
			{ID: "subnet-app-b", VPC: "vpc-main", AvailabilityZone: "us-east-1b", CIDR: p("10.0.11.0/24")},
			{ID: "subnet-db-a", VPC: "vpc-main", AvailabilityZone: "us-east-1a", CIDR: p("10.0.20.0/24")},
			{ID: "subnet-db-b", VPC: "vpc-main", AvailabilityZone: "us-east-1b", CIDR: p("10.0.21.0/24")},
			{ID: "subnet-ops", VPC: "vpc-main", AvailabilityZone: "us-east-1a", CIDR: p("10.0.30.0/24")},
			{ID: "subnet-legacy", VPC: "vpc-main", AvailabilityZone: "us-east-1a", CIDR: p("10.0.40.0/24")},
			{ID: "subnet-partner", VPC: "vpc-main", AvailabilityZone: "us-east-1b", CIDR: p("10.0.41.0/24")},
			{ID: "subnet-fw", VPC: "vpc-main", AvailabilityZone: "us-east-1a", CIDR: p("10.0.50.0/24")},
			{ID: "subnet-inspected", VPC: "vpc-main", AvailabilityZone: "us-east-1a", CIDR: p("10.0.60.0/24")},
			{ID: "subnet-edge", VPC: "vpc-edge", AvailabilityZone: "us-east-1a", CIDR: p("10.1.0.0/24"), IPv6CIDR: p("2600:1f18:1000:ab00::/64")},
		},
		InternetGateways:           []vpc.InternetGateway{{ID: "igw-main", VPC: "vpc-main"}},
		EgressOnlyInternetGateways: []vpc.EgressOnlyInternetGateway{{ID: "eigw-edge", VPC: "vpc-edge"}},
		NATGateways: []vpc.NATGateway{
			{ID: "nat-a", Subnet: "subnet-pub-a", ElasticIP: a("52.0.0.10")},
			{ID: "nat-b", Subnet: "subnet-pub-b", ElasticIP: a("52.0.0.11")},
			{ID: "nat-private", Subnet: "subnet-pub-b", Connectivity: vpc.NATPrivate},
		},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-public", VPC: "vpc-main", Subnets: []string{"subnet-pub-a", "subnet-pub-b"},
				Routes: []vpc.Route{{Destination: any4, Target: vpc.ToInternetGateway("igw-main")}}},
			{ID: "rtb-app-a", VPC: "vpc-main", Subnets: []string{"subnet-app-a"},
				Routes: []vpc.Route{{Destination: any4, Target: vpc.ToNATGateway("nat-a")}}},
			{ID: "rtb-app-b", VPC: "vpc-main", Subnets: []string{"subnet-app-b"},
				Routes: []vpc.Route{{Destination: any4, Target: vpc.ToNATGateway("nat-b")}}},
			{ID: "rtb-db", VPC: "vpc-main", Subnets: []string{"subnet-db-a", "subnet-db-b"}},
			{ID: "rtb-ops", VPC: "vpc-main", Subnets: []string{"subnet-ops"},
				Routes: []vpc.Route{{Destination: any4, Target: vpc.ToNATGateway("nat-a")}}},
			{ID: "rtb-legacy", VPC: "vpc-main", Subnets: []string{"subnet-legacy"},
				Routes: []vpc.Route{{Destination: any4, Target: vpc.ToNATGateway("nat-old"), Blackhole: true}}},
			{ID: "rtb-partner", VPC: "vpc-main", Subnets: []string{"subnet-partner"},
				Routes: []vpc.Route{{Destination: any4, Target: vpc.ToNATGateway("nat-private")}}},
			{ID: "rtb-fw", VPC: "vpc-main", Subnets: []string{"subnet-fw"},
				Routes: []vpc.Route{
					{Destination: any4, Target: vpc.ToNATGateway("nat-a")},
					{Destination: p("192.0.2.0/24"), Target: vpc.ToNetworkInterface("eni-fw")},
				}},
			{ID: "rtb-inspected", VPC: "vpc-main", Subnets: []string{"subnet-inspected"},
				Routes: []vpc.Route{
					{Destination: any4, Target: vpc.ToNetworkInterface("eni-fw")},
					{Destination: p("198.51.100.0/24"), Target: vpc.ToNetworkInterface("eni-proxy")},
				}},
			{ID: "rtb-edge", VPC: "vpc-edge", Subnets: []string{"subnet-edge"},
				Routes: []vpc.Route{{Destination: any6, Target: vpc.ToEgressOnlyGateway("eigw-edge")}}},
		},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-alb", VPC: "vpc-main",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), CIDR: any4}},
				Egress:  []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8080), Group: "sg-app"}}},
			{ID: "sg-app", VPC: "vpc-main",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8080), Group: "sg-alb"}},
				Egress: []vpc.SGRule{
					{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-db"},
					{Protocol: tcp, Ports: vpc.Port(6379), Group: "sg-redis"},
					{Protocol: tcp, Ports: vpc.Port(443), CIDR: any4},
				}},
			{ID: "sg-db", VPC: "vpc-main",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-app"}}},
			{ID: "sg-redis", VPC: "vpc-main",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(6379), Group: "sg-app"}}},
			{ID: "sg-worker", VPC: "vpc-main", Egress: []vpc.SGRule{vpc.AllowAllEgress()}},
			{ID: "sg-ops", VPC: "vpc-main",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(22), CIDR: p("10.0.0.0/16")}},
				Egress:  []vpc.SGRule{vpc.AllowAllEgress()}},
			{ID: "sg-appliance", VPC: "vpc-main",
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: p("10.0.0.0/16")}},
				Egress:  []vpc.SGRule{vpc.AllowAllEgress()}},
			{ID: "sg-edge", VPC: "vpc-edge",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), CIDR: any6}, {Protocol: tcp, Ports: vpc.Port(22), CIDR: any4}},
				Egress:  []vpc.SGRule{vpc.AllowAllEgress(), {Protocol: vpc.ProtocolAll, CIDR: any6}}},
		},
		NetworkACLs: []vpc.NetworkACL{
			{ID: "acl-db", VPC: "vpc-main", Subnets: []string{"subnet-db-a", "subnet-db-b"},
				Inbound: []vpc.ACLEntry{
					{Number: 100, Action: vpc.Allow, Protocol: tcp, CIDR: appTier, Ports: vpc.Port(5432)},
					{Number: 110, Action: vpc.Allow, Protocol: tcp, CIDR: appTier, Ports: vpc.Port(6379)},
				},
				Outbound: []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: tcp, CIDR: appTier, Ports: vpc.Ports(1024, 65535)}}},
			{ID: "acl-ops", VPC: "vpc-main", Subnets: []string{"subnet-ops"},
				Inbound: []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: tcp, CIDR: p("10.0.0.0/16"), Ports: vpc.Port(22)}},
				Outbound: []vpc.ACLEntry{
					{Number: 90, Action: vpc.Deny, Protocol: tcp, CIDR: p("203.0.113.0/24"), Ports: vpc.Port(443)},
					{Number: 100, Action: vpc.Allow, Protocol: tcp, CIDR: any4, Ports: vpc.Port(443)},
				}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-alb-a", Subnet: "subnet-pub-a", Kind: vpc.KindLoadBalancer, SecurityGroups: []string{"sg-alb"}, PublicIP: a("52.0.0.20")},
			{ID: "eni-alb-b", Subnet: "subnet-pub-b", Kind: vpc.KindLoadBalancer, SecurityGroups: []string{"sg-alb"}, AssignPublicIP: &on},
			{ID: "eni-app-a", Subnet: "subnet-app-a", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-app"}},
			{ID: "eni-app-b", Subnet: "subnet-app-b", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-app"}},
			{ID: "eni-worker-a", Subnet: "subnet-app-a", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-worker"}},
			{ID: "eni-lambda-b", Subnet: "subnet-app-b", Kind: vpc.KindLambda, SecurityGroups: []string{"sg-app"}},
			{ID: "eni-rds", Subnet: "subnet-db-a", Kind: vpc.KindRDS, SecurityGroups: []string{"sg-db"}, PrivateIPs: []netip.Addr{a("10.0.20.10")}},
			{ID: "eni-redis", Subnet: "subnet-db-b", Kind: vpc.KindElastiCache, SecurityGroups: []string{"sg-redis"}},
			{ID: "eni-migrate-a", Subnet: "subnet-db-a", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-app"}},
			{ID: "eni-fargate-pub", Subnet: "subnet-pub-a", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-worker"}},
			{ID: "eni-bastion", Subnet: "subnet-ops", SecurityGroups: []string{"sg-ops"}},
			{ID: "eni-legacy", Subnet: "subnet-legacy"},
			{ID: "eni-partner", Subnet: "subnet-partner", SecurityGroups: []string{"sg-worker"}},
			{ID: "eni-fw", Subnet: "subnet-fw", Kind: vpc.KindOther, SecurityGroups: []string{"sg-appliance"}, SourceDestCheckDisabled: true},
			{ID: "eni-proxy", Subnet: "subnet-fw", SecurityGroups: []string{"sg-appliance"}},
			{ID: "eni-inspected", Subnet: "subnet-inspected", SecurityGroups: []string{"sg-worker"}},
			{ID: "eni-edge", Subnet: "subnet-edge", SecurityGroups: []string{"sg-edge"}, AssignPublicIP: &on,
				IPv6Addrs: []netip.Addr{a("2600:1f18:1000:ab00::10")}},
		},
	}
}

// goldenCase is one query over goldenNetwork: its golden file is
// testdata/golden/<name>.txt. status and reason are checked separately;
// has and hasNot are steps the forward path must and must not contain.
type goldenCase struct {
	name   string
	q      sim.Query
	status sim.Status
	reason sim.Reason
	has    []sim.Step
	hasNot []sim.Step
	skip   string
}

func goldenCases() []goldenCase {
	a := netip.MustParseAddr
	eni, inet := sim.ENI, sim.Internet()
	return []goldenCase{
		// The three tiers working as designed.
		{name: "internet-to-alb-https", q: sim.Query{From: inet, To: eni("eni-alb-a"), Port: 443}, status: sim.Reachable,
			has: []sim.Step{sim.StepPublicNAT, sim.StepACLInbound, sim.StepSGIngress}},
		{name: "internet-to-alb-auto-public-ip", q: sim.Query{From: sim.InternetAddress(a("198.51.100.7")), To: eni("eni-alb-b"), Port: 443}, status: sim.Reachable},
		{name: "alb-to-app-cross-az", q: sim.Query{From: eni("eni-alb-a"), To: eni("eni-app-b"), Port: 8080}, status: sim.Reachable},
		{name: "app-to-db-postgres", q: sim.Query{From: eni("eni-app-a"), To: eni("eni-rds"), Port: 5432}, status: sim.Reachable},
		{name: "lambda-to-redis", q: sim.Query{From: eni("eni-lambda-b"), To: eni("eni-redis"), Port: 6379}, status: sim.Reachable},
		{name: "app-to-internet-via-nat", q: sim.Query{From: eni("eni-app-b"), To: inet, Port: 443}, status: sim.Reachable,
			has: []sim.Step{sim.StepNAT, sim.StepPublicNAT}},
		{name: "worker-ping-internet-via-nat", q: sim.Query{From: eni("eni-worker-a"), To: sim.InternetAddress(a("8.8.8.8")), Protocol: vpc.ProtocolICMP}, status: sim.Reachable},
		{name: "worker-dns-udp-via-nat", q: sim.Query{From: eni("eni-worker-a"), To: sim.InternetAddress(a("8.8.8.8")), Protocol: vpc.ProtocolUDP, Port: 53}, status: sim.Reachable},

		// Security groups.
		{name: "sg-egress-app-to-db-ssh", q: sim.Query{From: eni("eni-app-a"), To: eni("eni-rds"), Port: 22}, status: sim.Blocked, reason: sim.SGEgress},
		{name: "sg-ingress-worker-to-db", q: sim.Query{From: eni("eni-worker-a"), To: eni("eni-rds"), Port: 5432}, status: sim.Blocked, reason: sim.SGIngress},
		{name: "sg-ingress-internet-to-alb-http", q: sim.Query{From: inet, To: eni("eni-alb-a"), Port: 80}, status: sim.Blocked, reason: sim.SGIngress},

		// Network ACLs.
		{name: "nacl-in-public-subnet-to-db", q: sim.Query{From: eni("eni-fargate-pub"), To: eni("eni-rds"), Port: 5432}, status: sim.Blocked, reason: sim.NACLInbound},
		{name: "nacl-out-ops-http", q: sim.Query{From: eni("eni-bastion"), To: inet, Port: 80}, status: sim.Blocked, reason: sim.NACLOutbound},
		{name: "nacl-out-ops-explicit-deny", q: sim.Query{From: eni("eni-bastion"), To: sim.InternetAddress(a("203.0.113.9")), Port: 443}, status: sim.Blocked, reason: sim.NACLOutbound},
		{name: "nacl-reply-blocked-ops-https", q: sim.Query{From: eni("eni-bastion"), To: inet, Port: 443}, status: sim.ReplyBlocked, reason: sim.NACLInbound},
		{name: "nacl-reply-blocked-linux-ephemeral", q: sim.Query{From: eni("eni-bastion"), To: inet, Port: 443, EphemeralPorts: vpc.Ports(32768, 60999)}, status: sim.ReplyBlocked, reason: sim.NACLInbound},
		{name: "same-subnet-skips-nacl", q: sim.Query{From: eni("eni-migrate-a"), To: eni("eni-rds"), Port: 5432}, status: sim.Reachable,
			has: []sim.Step{sim.StepSwitch}, hasNot: []sim.Step{sim.StepACLOutbound, sim.StepACLInbound, sim.StepRoute}},

		// Routing.
		{name: "no-route-ipv4-in-ipv6-egress-vpc", q: sim.Query{From: eni("eni-edge"), To: inet, Port: 443}, status: sim.Blocked, reason: sim.NoRoute},
		{name: "nacl-out-before-route-db-subnet-to-internet", q: sim.Query{From: eni("eni-migrate-a"), To: inet, Port: 443}, status: sim.Blocked, reason: sim.NACLOutbound},
		{name: "blackhole-deleted-nat", q: sim.Query{From: eni("eni-legacy"), To: inet, Port: 443}, status: sim.Blocked, reason: sim.BlackholeRoute},
		{name: "route-loop-firewall-table", q: sim.Query{From: eni("eni-inspected"), To: sim.InternetAddress(a("192.0.2.10")), Port: 443}, status: sim.Blocked, reason: sim.RouteLoop},
		{name: "reserved-range", skip: "a query cannot name a destination in 169.254.168.0/22 or fd00:ec2::/32 " +
			"(neither an interface address nor a public address); RESERVED_RANGE is reached only when a VPC's own IPv6 " +
			"block lies inside fd00:ec2::/32, which validation accepts but AWS never assigns, so it is not pinned"},

		// The internet edge.
		{name: "no-public-ip-internet-to-db", q: sim.Query{From: inet, To: eni("eni-rds"), Port: 5432}, status: sim.Blocked, reason: sim.NoPublicIP},
		{name: "no-public-ip-task-in-public-subnet", q: sim.Query{From: eni("eni-fargate-pub"), To: inet, Port: 443}, status: sim.Blocked, reason: sim.NoPublicIP},
		{name: "private-nat-to-igw", q: sim.Query{From: eni("eni-partner"), To: inet, Port: 443}, status: sim.Blocked, reason: sim.NoPublicIP,
			has: []sim.Step{sim.StepNAT}},
		{name: "no-internet-gateway", q: sim.Query{From: inet, To: eni("eni-edge"), Port: 22}, status: sim.Blocked, reason: sim.NoInternetGateway},
		{name: "egress-only-ipv6-out", q: sim.Query{From: eni("eni-edge"), To: inet, Port: 443, IPv6: true}, status: sim.Reachable,
			has: []sim.Step{sim.StepEgressOnly}},
		{name: "egress-only-ipv6-in", q: sim.Query{From: inet, To: eni("eni-edge"), Port: 443, IPv6: true}, status: sim.Blocked, reason: sim.EgressOnly},
		{name: "unknown-destination-ipv6", q: sim.Query{From: eni("eni-edge"), To: sim.Address(a("2600:1f18:1000:ab00::99")), Port: 443, IPv6: true},
			status: sim.Blocked, reason: sim.UnknownDestination},

		// NAT gateways.
		{name: "nat-protocol-gre", q: sim.Query{From: eni("eni-worker-a"), To: inet, Protocol: 47}, status: sim.Blocked, reason: sim.NATProtocol},
		{name: "nat-inbound-to-eip", q: sim.Query{From: inet, To: sim.Address(a("52.0.0.10")), Port: 443}, status: sim.Blocked, reason: sim.NATInbound},

		// Appliances.
		{name: "appliance-forwards-to-nat", q: sim.Query{From: eni("eni-inspected"), To: inet, Port: 443}, status: sim.Reachable,
			has: []sim.Step{sim.StepForward, sim.StepNAT}},
		{name: "source-dest-check-proxy", q: sim.Query{From: eni("eni-inspected"), To: sim.InternetAddress(a("198.51.100.20")), Port: 443}, status: sim.Blocked, reason: sim.SourceDestCheck},
	}
}

func compileGolden(t *testing.T) *sim.Model {
	t.Helper()
	m, err := sim.Compile(goldenNetwork())
	if err != nil {
		t.Fatalf("Compile(goldenNetwork()) = %v", err)
	}
	return m
}

// TestGolden compares the explained result of every case with its golden
// file; -update rewrites the files.
func TestGolden(t *testing.T) {
	m := compileGolden(t)
	if *updateGolden {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range goldenCases() {
		t.Run(c.name, func(t *testing.T) {
			if c.skip != "" {
				t.Skip(c.skip)
			}
			r, err := m.Reach(c.q)
			if err != nil {
				t.Fatalf("Reach(%v) = %v", c.q, err)
			}
			got := r.String()
			file := filepath.Join(goldenDir, c.name+".txt")
			if *updateGolden {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./sim -run Golden -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("Reach(%v) differs from %s (-want +got):\n%s", c.q, file, diff)
			}
		})
	}
}

// TestGoldenFilesUsed fails on golden files that no case writes, so that
// renamed or removed cases do not leave stale files behind.
func TestGoldenFilesUsed(t *testing.T) {
	names := map[string]bool{}
	for _, c := range goldenCases() {
		if names[c.name] {
			t.Errorf("duplicate case name %q", c.name)
		}
		names[c.name] = true
	}
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		if !names[name] {
			t.Errorf("%s belongs to no golden case; delete it", f)
		}
	}
}

// verdictRow is what TestGoldenVerdicts compares for one case.
type verdictRow struct {
	Name        string
	Status      sim.Status
	Reason      sim.Reason
	BlockReason sim.Reason // Result.Block.Reason, NoReason when unblocked
	Verdict     sim.Verdict
}

// TestGoldenVerdicts checks the status and reason of every case, through
// both Reach and Verdict, independently of the golden files; and the steps
// each path must or must not take.
func TestGoldenVerdicts(t *testing.T) {
	m := compileGolden(t)
	var want, got []verdictRow
	for _, c := range goldenCases() {
		if c.skip != "" {
			continue
		}
		want = append(want, verdictRow{Name: c.name, Status: c.status, Reason: c.reason, BlockReason: c.reason,
			Verdict: sim.Verdict{Status: c.status, Reason: c.reason}})
		r, err := m.Reach(c.q)
		if err != nil {
			t.Fatalf("%s: Reach(%v) = %v", c.name, c.q, err)
		}
		v, err := m.Verdict(c.q)
		if err != nil {
			t.Fatalf("%s: Verdict(%v) = %v", c.name, c.q, err)
		}
		row := verdictRow{Name: c.name, Status: r.Status, Reason: r.Reason, Verdict: v}
		if r.Block != nil {
			row.BlockReason = r.Block.Reason
		}
		got = append(got, row)

		var steps []sim.Step
		for _, h := range r.Path {
			steps = append(steps, h.Step)
		}
		for _, s := range c.has {
			if !slices.Contains(steps, s) {
				t.Errorf("%s: path has no %q step:\n%s", c.name, s, r)
			}
		}
		for _, s := range c.hasNot {
			if slices.Contains(steps, s) {
				t.Errorf("%s: path has a %q step:\n%s", c.name, s, r)
			}
		}
		if (r.Status == sim.Reachable) != (r.Block == nil) {
			t.Errorf("%s: status %v with block %v", c.name, r.Status, r.Block)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("verdicts (-want +got):\n%s", diff)
	}
}

// TestGoldenDeterministic checks that the explained answers do not depend
// on the order of the resources in the Network, and are the same when the
// model is queried from many goroutines at once.
func TestGoldenDeterministic(t *testing.T) {
	m := compileGolden(t)
	var cases []goldenCase
	for _, c := range goldenCases() {
		if c.skip == "" {
			cases = append(cases, c)
		}
	}
	answer := func(m *sim.Model, c goldenCase) string {
		r, err := m.Reach(c.q)
		if err != nil {
			return "error: " + err.Error()
		}
		return r.String()
	}
	want := make([]string, len(cases))
	for i, c := range cases {
		want[i] = answer(m, c)
	}

	n := goldenNetwork()
	slices.Reverse(n.VPCs)
	slices.Reverse(n.Subnets)
	slices.Reverse(n.RouteTables)
	slices.Reverse(n.InternetGateways)
	slices.Reverse(n.EgressOnlyInternetGateways)
	slices.Reverse(n.NATGateways)
	slices.Reverse(n.SecurityGroups)
	slices.Reverse(n.NetworkACLs)
	slices.Reverse(n.PrefixLists)
	slices.Reverse(n.NetworkInterfaces)
	reversed, err := sim.Compile(n)
	if err != nil {
		t.Fatalf("Compile(reversed goldenNetwork()) = %v", err)
	}
	for i, c := range cases {
		if diff := cmp.Diff(want[i], answer(reversed, c)); diff != "" {
			t.Errorf("%s: answer depends on declaration order (-declared +reversed):\n%s", c.name, diff)
		}
	}

	got := make([][]string, 8)
	var wg sync.WaitGroup
	for g := range got {
		got[g] = make([]string, len(cases))
		wg.Go(func() {
			for i := range cases {
				// Each goroutine walks the cases in a different order.
				j := (i + g*7) % len(cases)
				got[g][j] = answer(m, cases[j])
			}
		})
	}
	wg.Wait()
	for g := range got {
		if diff := cmp.Diff(want, got[g]); diff != "" {
			t.Errorf("goroutine %d got different answers (-sequential +concurrent):\n%s", g, diff)
		}
	}
}
