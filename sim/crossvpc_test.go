package sim

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/vpc"
)

// hubSpoke: a shared-services VPC (hub) peered with spoke-a, and all three
// (hub, spoke-a, spoke-b) on a transit gateway; spoke-c peers with spoke-a only.
func hubSpoke() *Network {
	n := &Network{}
	addVPC := func(id, cidr, region string, azs ...string) {
		n.VPCs = append(n.VPCs, vpc.VPC{ID: id, CIDRs: []netip.Prefix{pfx(cidr)}, Region: region})
		base := pfx(cidr).Addr().As4()
		for i, az := range azs {
			b := base
			b[2] = byte(i)
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: id + "-" + az, VPC: id, AvailabilityZone: az, CIDR: netip.PrefixFrom(netip.AddrFrom4(b), 24)})
		}
		n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-" + id, VPC: id,
			Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: pfx("10.0.0.0/8")}},
			Egress:  []vpc.SGRule{vpc.AllowAllEgress()}})
		n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-" + id, Subnet: id + "-" + azs[0], SecurityGroups: []string{"sg-" + id}})
	}
	addVPC("hub", "10.0.0.0/16", "us-east-1", "us-east-1a", "us-east-1b")
	addVPC("spoke-a", "10.1.0.0/16", "us-east-1", "us-east-1a", "us-east-1b")
	addVPC("spoke-b", "10.2.0.0/16", "us-east-1", "us-east-1b")
	addVPC("spoke-c", "10.3.0.0/16", "eu-west-1", "eu-west-1a")
	n.PeeringConnections = []vpc.PeeringConnection{
		{ID: "pcx-hub-a", RequesterVPC: "hub", AccepterVPC: "spoke-a"},
		{ID: "pcx-a-c", RequesterVPC: "spoke-a", AccepterVPC: "spoke-c"},
	}
	n.TransitGateways = []vpc.TransitGateway{{ID: "tgw-1"}}
	n.TransitGatewayRouteTables = []vpc.TransitGatewayRouteTable{{ID: "tgw-rtb-1", TransitGateway: "tgw-1"}}
	n.TransitGatewayAttachments = []vpc.TransitGatewayAttachment{
		{ID: "att-hub", TransitGateway: "tgw-1", VPC: "hub", Subnets: []string{"hub-us-east-1a", "hub-us-east-1b"}, RouteTable: "tgw-rtb-1", Propagations: []string{"tgw-rtb-1"}},
		{ID: "att-b", TransitGateway: "tgw-1", VPC: "spoke-b", Subnets: []string{"spoke-b-us-east-1b"}, RouteTable: "tgw-rtb-1", Propagations: []string{"tgw-rtb-1"}},
	}
	n.RouteTables = []vpc.RouteTable{
		{ID: "rtb-hub", VPC: "hub", Main: true, Routes: []vpc.Route{
			{Destination: pfx("10.1.0.0/16"), Target: vpc.ToPeeringConnection("pcx-hub-a")},
			{Destination: pfx("10.2.0.0/16"), Target: vpc.ToTransitGateway("tgw-1")},
			{Destination: pfx("10.3.0.0/16"), Target: vpc.ToPeeringConnection("pcx-hub-a")},
		}},
		{ID: "rtb-a", VPC: "spoke-a", Main: true, Routes: []vpc.Route{
			{Destination: pfx("10.0.0.0/16"), Target: vpc.ToPeeringConnection("pcx-hub-a")},
			{Destination: pfx("10.3.0.0/16"), Target: vpc.ToPeeringConnection("pcx-a-c")},
		}},
		{ID: "rtb-b", VPC: "spoke-b", Main: true, Routes: []vpc.Route{
			{Destination: pfx("10.0.0.0/8"), Target: vpc.ToTransitGateway("tgw-1")},
		}},
		{ID: "rtb-c", VPC: "spoke-c", Main: true, Routes: []vpc.Route{
			{Destination: pfx("10.1.0.0/16"), Target: vpc.ToPeeringConnection("pcx-a-c")},
		}},
	}
	return n
}

// TestHubSpoke pins the hub-and-spoke fixture: peering works one hop,
// not transitively, and the transit gateway joins the hub and spoke-b.
func TestHubSpoke(t *testing.T) {
	m := mustCompile(t, hubSpoke())
	for _, tc := range []struct {
		from, to string
		want     Verdict
	}{
		{"eni-hub", "eni-spoke-a", Verdict{Reachable, NoReason}},
		{"eni-hub", "eni-spoke-b", Verdict{Reachable, NoReason}},
		{"eni-spoke-b", "eni-hub", Verdict{Reachable, NoReason}},
		{"eni-hub", "eni-spoke-c", Verdict{Blocked, NonTransitive}},
		{"eni-spoke-a", "eni-spoke-c", Verdict{Reachable, NoReason}},
		{"eni-spoke-a", "eni-spoke-b", Verdict{Blocked, NoRoute}},
	} {
		q := Query{From: ENI(tc.from), To: ENI(tc.to), Port: 22}
		v, err := m.Verdict(q)
		if err != nil {
			t.Fatal(err)
		}
		if v != tc.want {
			r, _ := m.Reach(q)
			t.Errorf("%s: got %v, want %v\n%s", q, v, tc.want, r)
		}
	}
}

// TestAccess pins WhoCanReach and Exposure on the fixtures.
func TestAccess(t *testing.T) {
	ids := func(rs []Reacher) [][]string {
		var out [][]string
		for _, r := range rs {
			if r.Internet {
				out = append(out, []string{"internet"})
				continue
			}
			out = append(out, r.ENIs)
		}
		return out
	}
	m := mustCompile(t, threeTier())
	rs, err := m.WhoCanReach(Query{To: ENI("eni-db-a"), Port: 5432})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([][]string{{"eni-app-a"}, {"eni-app-b"}}, ids(rs)); d != "" {
		t.Errorf("who can reach eni-db-a on 5432 (-want +got):\n%s", d)
	}
	ex, err := m.Exposure()
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 1 || !slices.Equal(ex[0].ENIs, []string{"eni-alb-a"}) || len(ex[0].Open) != 1 || ex[0].Open[0].String() != "tcp 443" {
		t.Errorf("exposure: got %+v, want eni-alb-a on tcp 443", ex)
	}
	m2 := mustCompile(t, hubSpoke())
	rs, err = m2.WhoCanReach(Query{To: ENI("eni-hub"), Port: 22})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([][]string{{"eni-spoke-a"}, {"eni-spoke-b"}}, ids(rs)); d != "" {
		t.Errorf("who can reach eni-hub on 22 (-want +got):\n%s", d)
	}
}

// TestMatrixText pins the subnet and interface matrices of the three-tier
// fixture as text.
func TestMatrixText(t *testing.T) {
	m := mustCompile(t, threeTier())
	x, err := m.Matrix(Selection{ENIs: []string{"eni-alb-a", "eni-app-a", "eni-app-b", "eni-db-a"}})
	if err != nil {
		t.Fatal(err)
	}
	want := `G0: eni-alb-a
G1: eni-app-a
G2: eni-app-b
G3: eni-db-a
G0 -> G1: tcp 8080
G0 -> G2: tcp 8080
G1 -> G0: tcp 443
G1 -> G3: tcp 5432
G2 -> G0: tcp 443
G2 -> G3: tcp 5432
`
	if d := cmp.Diff(want, x.String()); d != "" {
		t.Errorf("interface matrix (-want +got):\n%s", d)
	}
	x, err = m.Matrix(Selection{Subnets: []string{"subnet-app-a", "subnet-db-a", "subnet-db-b"}})
	if err != nil {
		t.Fatal(err)
	}
	want = `G0: subnet-app-a
G1: subnet-db-a
G2: subnet-db-b
G0 -> G1: tcp 5432
G0 -> G2: tcp 5432
`
	if d := cmp.Diff(want, x.String()); d != "" {
		t.Errorf("subnet matrix (-want +got):\n%s", d)
	}
}
