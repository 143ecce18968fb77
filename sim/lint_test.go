package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// Each lint fires on one mistake added to the services fixture, which
// itself has none (the negative case of every lint).
func TestLint(t *testing.T) {
	if got := mustCompile(t, lintFixture()).Lint(); len(got) != 0 {
		t.Fatalf("the fixture has findings: %v", got)
	}
	tcp := vpc.ProtocolTCP
	type lintCase struct {
		id     string
		change func(n *Network)
		// resource and field of the finding
		resource, field string
	}
	cases := []lintCase{
		// The seed guide: "publicly_accessible = false # NEVER set to true
		// in production"; RDS User Guide, "Working with a DB instance in a
		// VPC" (a public instance needs an internet gateway).
		{"public-database", func(n *Network) {
			n.VPCs[0].EnableDNSHostnames = true
			n.Workloads.RDSInstances[0].PubliclyAccessible = true
		}, "orders-db", "publiclyAccessible"},
		{"database-exposed", func(n *Network) {
			// A database interface in a public subnet, open to all.
			n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-mongo", Subnet: "subnet-pub-a", Kind: vpc.KindRDS,
				SecurityGroups: []string{"sg-open"}, PublicIP: addr("52.0.0.99")})
			n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-open", VPC: "vpc-main",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(5432), CIDR: pfx("0.0.0.0/0")}}})
		}, "eni-mongo", ""},
		{"admin-port-open", func(n *Network) {
			g, _ := n.SecurityGroup("sg-app")
			g.Ingress = append(g.Ingress, vpc.SGRule{Protocol: tcp, Ports: vpc.Ports(20, 25), CIDR: pfx("0.0.0.0/0")})
		}, "sg-app", "ingress[1]"},
		{"nat-cross-zone", func(n *Network) {
			rt, _ := n.RouteTable("rtb-app-b")
			rt.Routes[0].Target = vpc.ToNATGateway("nat-a")
		}, "rtb-app-b", "routes[0]"},
		{"lambda-no-egress", func(n *Network) {
			for _, id := range []string{"rtb-app-a", "rtb-app-b"} {
				rt, _ := n.RouteTable(id)
				rt.Routes = nil
			}
		}, "reports", ""},
		{"eks-subnet-tags", func(n *Network) {
			n.Workloads.EKSClusters = []workload.EKSCluster{{ID: "eks", Subnets: []string{"subnet-app-a", "subnet-app-b"}}}
		}, "eks", ""},
		{"eks-no-room-for-node", func(n *Network) {
			n.Subnets[2].Tags = map[string]string{workload.TagRoleInternalELB: "1"}
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-node", VPC: "vpc-main", AvailabilityZone: "us-east-1c", CIDR: pfx("10.0.40.0/26")})
			// 59 usable: one m5.large node of 20 pods holds 30 addresses
			// (3 interfaces of 10: the VPC CNI's warm pool).
			n.Workloads.EKSClusters = []workload.EKSCluster{{ID: "eks", Subnets: []string{"subnet-app-a", "subnet-app-b"},
				NodeGroups: []workload.NodeGroup{{Name: "ng", InstanceType: "m5.large", DesiredSize: 1, Subnets: []string{"subnet-node"}, PodsPerNode: 20}}}}
		}, "subnet-node", ""},
		{"headroom-short", func(n *Network) {
			// EKS wants six free addresses in each cluster subnet; a /28
			// has 11 usable (EKS User Guide, "VPC and subnet requirements").
			n.Subnets[2].Tags = map[string]string{workload.TagRoleInternalELB: "1"}
			n.Subnets = append(n.Subnets,
				vpc.Subnet{ID: "subnet-eks-a", VPC: "vpc-main", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.50.0/28")},
				vpc.Subnet{ID: "subnet-eks-b", VPC: "vpc-main", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.50.16/28")})
			for i := range 6 {
				n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-x" + string(rune('0'+i)), Subnet: "subnet-eks-a"})
			}
			n.Workloads.EKSClusters = []workload.EKSCluster{{ID: "eks", Subnets: []string{"subnet-eks-a", "subnet-eks-b"}}}
		}, "subnet-eks-a", ""},
		{"database-single-zone", func(n *Network) {
			n.Workloads.RDSInstances[0].Deployment = workload.SingleAZ
		}, "orders-db", ""},
		{"reply-blocked", func(n *Network) {
			acl, _ := n.NetworkACL("acl-db")
			acl.Outbound[0].Ports = vpc.Ports(32768, 65535) // Linux's ephemeral range only
		}, "subnet-db-a", ""},
		{"acl-shadowed", func(n *Network) {
			acl, _ := n.NetworkACL("acl-db")
			acl.Inbound = append(acl.Inbound,
				vpc.ACLEntry{Number: 90, Action: vpc.Deny, Protocol: vpc.ProtocolAll, CIDR: pfx("10.0.0.0/16")},
				vpc.ACLEntry{Number: 110, Action: vpc.Allow, Protocol: tcp, CIDR: pfx("10.0.10.0/24"), Ports: vpc.Port(6379)})
		}, "acl-db", "inbound rule 100"},
		{"acl-redundant", func(n *Network) {
			acl, _ := n.NetworkACL("acl-db")
			acl.Inbound = append(acl.Inbound, vpc.ACLEntry{Number: 110, Action: vpc.Allow, Protocol: tcp, CIDR: pfx("10.0.10.0/24"), Ports: vpc.Port(5432)})
		}, "acl-db", "inbound rule 110"},
		{"sg-redundant", func(n *Network) {
			g, _ := n.SecurityGroup("sg-app")
			g.Egress = append(g.Egress, vpc.SGRule{Protocol: tcp, Ports: vpc.Port(443), CIDR: pfx("8.8.8.0/24")})
		}, "sg-app", "egress[2]"},
		{"rule-splits-subnet", func(n *Network) {
			// The upper half of an app subnet: which app instances it
			// admits depends on the addresses AWS happens to give them.
			acl, _ := n.NetworkACL("acl-db")
			acl.Inbound = append(acl.Inbound, vpc.ACLEntry{Number: 120, Action: vpc.Allow, Protocol: tcp, CIDR: pfx("10.0.10.128/25"), Ports: vpc.Port(6379)})
		}, "acl-db", "inbound rule 120"},
		{"rule-unmatchable", func(n *Network) {
			g, _ := n.SecurityGroup("sg-app")
			g.Egress = append(g.Egress, vpc.SGRule{Protocol: tcp, Ports: vpc.Port(5432), CIDR: pfx("10.1.20.0/24")}) // 10.1 for 10.0
		}, "sg-app", "egress[2]"},
		{"stale-group-reference", func(n *Network) {
			n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-peer", Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.9.0.0/16")}})
			n.PeeringConnections = []vpc.PeeringConnection{{ID: "pcx-1", RequesterVPC: "vpc-main", AccepterVPC: "vpc-peer", Status: vpc.PeeringPendingAcceptance}}
			n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-peer", VPC: "vpc-peer"})
			g, _ := n.SecurityGroup("sg-db")
			g.Ingress = append(g.Ingress, vpc.SGRule{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-peer"})
		}, "sg-db", "ingress[1]"},
		{"unattached-group", func(n *Network) {
			n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-orphan", VPC: "vpc-main"})
		}, "sg-orphan", ""},
		{"unattached-acl", func(n *Network) {
			n.NetworkACLs = append(n.NetworkACLs, vpc.NetworkACL{ID: "acl-orphan", VPC: "vpc-main"})
		}, "acl-orphan", ""},
		// The seed guide: gateway endpoints for S3 "are free and should
		// always be used"; Amazon VPC User Guide, "Gateway endpoints" (no
		// charge) and "Pricing for NAT gateways" (per GB processed).
		{"aws-service-via-nat", func(n *Network) {
			n.VPCEndpoints = n.VPCEndpoints[1:] // dynamodb's gone: through nat-a and nat-b
		}, "rtb-app-a", "routes"},
		{"blackhole-route", func(n *Network) {
			rt, _ := n.RouteTable("rtb-db")
			rt.Routes = append(rt.Routes, vpc.Route{Destination: pfx("192.168.0.0/16"), Target: vpc.ToNATGateway("nat-gone"), Blackhole: true})
		}, "rtb-db", "routes[0]"},
	}
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			n := lintFixture()
			tc.change(n)
			var got []Finding
			for _, f := range mustCompile(t, n).Lint() {
				if f.ID == tc.id {
					got = append(got, f)
				}
			}
			if len(got) == 0 {
				t.Fatalf("no %s finding", tc.id)
			}
			if got[0].Resource != tc.resource || got[0].Field != tc.field || got[0].Explanation == "" || got[0].Fix == "" {
				t.Errorf("first finding %+v, want resource %q field %q", got[0], tc.resource, tc.field)
			}
		})
	}
	// Every lint has a case above, or a test of its own.
	var ids []string
	for _, l := range Lints() {
		ids = append(ids, l.ID)
	}
	if !slices.IsSorted(ids) {
		t.Errorf("lints not sorted by ID: %v", ids)
	}
	tested := []string{"lattice-target-blocked", "endpoint-zone-unserved", // TestLintLatticeTargets, TestLintEndpointZones
		"gwlb-appliance-unreachable", "gwlb-no-healthy-appliance"} // TestGWLBLints
	for _, tc := range cases {
		tested = append(tested, tc.id)
	}
	slices.Sort(tested)
	if diff := cmp.Diff(ids, tested); diff != "" {
		t.Errorf("lints without a positive test (-lints +tested):\n%s", diff)
	}
}

// lintFixture is services() with the gateway endpoints for S3 and
// DynamoDB on the private and database route tables, as the seed's
// Terraform declares them.
func lintFixture() *Network {
	n := services()
	for _, svc := range []string{"dynamodb", "s3"} {
		n.VPCEndpoints = append(n.VPCEndpoints, endpoint.Endpoint{ID: "vpce-" + svc, VPC: "vpc-main",
			ServiceName: endpoint.AWSServiceName("us-east-1", svc), RouteTables: []string{"rtb-app-a", "rtb-app-b", "rtb-db"}})
	}
	return n
}

// Only the route tables whose subnets take a NAT gateway to the service
// are reported, one finding per table and service; a public subnet's
// way through the internet gateway is not.
func TestLintServiceViaNAT(t *testing.T) {
	n := lintFixture()
	n.VPCEndpoints[1].RouteTables = []string{"rtb-app-b"} // s3 from zone a and the databases: nat-a, none
	var got []string
	for _, f := range mustCompile(t, n).Lint() {
		if f.ID == "aws-service-via-nat" {
			got = append(got, f.Resource+": "+f.Explanation)
			if f.Severity != SeverityInfo || !strings.Contains(f.Fix, "(com.amazonaws.us-east-1.s3) on route table rtb-app-a") {
				t.Errorf("finding %s", f)
			}
		}
	}
	want := []string{"rtb-app-a: s3 traffic from subnet-app-a leaves through nat-a, which charges for every gigabyte it processes"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// VPC Lattice connects to its targets from 169.254.171.0/24 (VPC Lattice
// User Guide, "Control traffic in VPC Lattice using security groups":
// targets must admit the VPC Lattice managed prefix list). The Lattice
// fixture's targets admit it; a group admitting only the VPC's own range
// does not, and a health-check port the group does not open is reported
// as such.
func TestLintLatticeTargets(t *testing.T) {
	onlyLattice := func(fs []Finding) []Finding {
		return slices.DeleteFunc(fs, func(f Finding) bool { return f.ID != "lattice-target-blocked" })
	}
	if got := onlyLattice(mustCompile(t, withAddrs(latticeNet())).Lint()); len(got) != 0 {
		t.Fatalf("the Lattice fixture's targets admit Lattice, yet: %v", got)
	}

	n := withAddrs(latticeNet())
	g, _ := n.SecurityGroup("sg-payments")
	g.Ingress[0].CIDR = pfx("10.0.0.0/16")
	got := onlyLattice(mustCompile(t, n).Lint())
	var at []string
	for _, f := range got {
		at = append(at, f.Resource+" "+f.Field)
		if f.Witness == nil || f.Witness.Reason != SGIngress || f.Severity != SeverityError || !strings.Contains(f.Fix, "169.254.171.0/24") {
			t.Errorf("finding %s", f)
		}
	}
	want := []string{"tg-v1 target 10.0.1.10", "tg-v1 target 10.0.2.10", "tg-v2 target eni-pay-canary"}
	if diff := cmp.Diff(want, at); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}

	n = withAddrs(latticeNet())
	n.LatticeTargetGroups[1].HealthCheck = &lattice.HealthCheck{Port: 8080}
	got = onlyLattice(mustCompile(t, n).Lint())
	if len(got) != 1 || got[0].Resource != "tg-v2" || !strings.Contains(got[0].Explanation, "health-check port 8080") {
		t.Errorf("health-check port closed: %v", got)
	}
}

// The seed's own architecture (the three-tier VPC with a NAT gateway per
// zone) has no finding, and a flaw shows in String.
func TestLintString(t *testing.T) {
	n := lintFixture()
	g, _ := n.SecurityGroup("sg-db")
	g.Ingress = append(g.Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), CIDR: pfx("0.0.0.0/0")})
	fs := mustCompile(t, n).Lint()
	if len(fs) != 1 {
		t.Fatalf("findings: %v", fs)
	}
	want := "error admin-port-open: security-group sg-db ingress[1]:"
	if s := fs[0].String(); !strings.HasPrefix(s, want) || !strings.Contains(s, "5432 (PostgreSQL)") || !strings.Contains(s, "fix: ") {
		t.Errorf("String:\n%s", s)
	}
	if diff := cmp.Diff(SeverityError, fs[0].Severity); diff != "" {
		t.Error(diff)
	}
	if (*Model)(nil).Lint() != nil {
		t.Error("nil model lints")
	}
}

// TestLintUnmatchableSkipsHeldRanges: a rule naming VPC Lattice's range
// (its requests and health checks come from 169.254.171.0/24) or a
// declared on-premises network is no unmatchable rule; the typo beside
// them is.
func TestLintUnmatchableSkipsHeldRanges(t *testing.T) {
	n := lintFixture()
	n.OnPremNetworks = []vpc.OnPremNetwork{{ID: "dc1", CIDRs: []netip.Prefix{pfx("192.168.0.0/16")}}}
	g, _ := n.SecurityGroup("sg-app")
	g.Ingress = append(g.Ingress,
		vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), CIDR: pfx("169.254.171.0/24")},
		vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(22), CIDR: pfx("192.168.10.0/24")},
		vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(22), CIDR: pfx("172.31.0.0/24")})
	var got []string
	for _, f := range mustCompile(t, n).Lint() {
		if f.ID == "rule-unmatchable" {
			got = append(got, f.Resource+" "+f.Field)
		}
	}
	want := []string{fmt.Sprintf("sg-app ingress[%d]", len(g.Ingress)-1)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rule-unmatchable findings (-want +got):\n%s", diff)
	}
}

// TestReplyFix: a reply-blocked finding's fix follows what blocked the
// reply (an ACL, a missing route, an appliance), not always the ACL.
func TestReplyFix(t *testing.T) {
	for _, tc := range []struct {
		r    Reason
		want string
	}{
		{NACLInbound, "network ACL"},
		{NACLOutbound, "network ACL"},
		{NoRoute, "route back"},
		{BlackholeRoute, "route back"},
		{AsymmetricRoute, "appliance mode"},
		{SGEgress, "what the block names"},
	} {
		if got := replyFix(tc.r); !strings.Contains(got, tc.want) {
			t.Errorf("replyFix(%s) = %q, want it to mention %q", tc.r, got, tc.want)
		}
	}
}

// A reply that a route sends to the internet gateway, for a client in a
// peered VPC, dies on the internet: the finding blames that route, not
// "the internet" (VPC User Guide, "Route tables for VPC peering
// connections": each side needs a route to the other's CIDR).
func TestLintReplyBlockedBlamesTheRoute(t *testing.T) {
	n := peerNet()
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-pub", Subnet: "a-pub", SecurityGroups: []string{"sg-a"}, PublicIP: addr("52.0.0.9")})
	rt, _ := n.RouteTable("rtb-a-pub")
	rt.Routes = rt.Routes[:1] // 0.0.0.0/0 -> igw-a only: no way back to vpc-b
	var got [][3]string
	for _, f := range mustCompile(t, n).Lint() {
		if f.ID == "reply-blocked" && f.Witness.Query.To.ENI == "eni-pub" {
			got = append(got, [3]string{f.Resource, f.Kind, f.Field})
		}
	}
	want := [][3]string{{"rtb-a-pub", "route-table", "routes[0]"}, {"rtb-a-pub", "route-table", "routes[0]"}} // from vpc-b and vpc-f
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reply-blocked findings for eni-pub (-want +got):\n%s", diff)
	}
}
