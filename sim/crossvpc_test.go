package sim

import (
	"net/netip"
	"testing"

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

func TestCrossSmoke(t *testing.T) {
	m := mustCompile(t, hubSpoke())
	for _, q := range []Query{
		{From: ENI("eni-hub"), To: ENI("eni-spoke-a"), Port: 22},
		{From: ENI("eni-hub"), To: ENI("eni-spoke-b"), Port: 22},
		{From: ENI("eni-spoke-b"), To: ENI("eni-hub"), Port: 22},
		{From: ENI("eni-hub"), To: ENI("eni-spoke-c"), Port: 22},
		{From: ENI("eni-spoke-a"), To: ENI("eni-spoke-c"), Port: 22},
		{From: ENI("eni-spoke-a"), To: ENI("eni-spoke-b"), Port: 22},
	} {
		r, err := m.Reach(q)
		if err != nil {
			t.Fatal(err)
		}
		t.Log(r)
	}
}

func TestAccessSmoke(t *testing.T) {
	m := mustCompile(t, threeTier())
	rs, err := m.WhoCanReach(Query{To: ENI("eni-db-a"), Port: 5432})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		t.Log(r.Internet, r.ENIs, r.Witness.Query)
	}
	ex, err := m.Exposure()
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range ex {
		t.Log(x.ENIs, x.Open)
	}
	m2 := mustCompile(t, hubSpoke())
	rs, _ = m2.WhoCanReach(Query{To: ENI("eni-hub"), Port: 22})
	for _, r := range rs {
		t.Log(r.Internet, r.ENIs, r.Witness.Query)
	}
}

func TestMatrixSmoke(t *testing.T) {
	m := mustCompile(t, threeTier())
	x, err := m.Matrix(Selection{Subnets: []string{"subnet-pub-a", "subnet-pub-b", "subnet-app-a", "subnet-app-b", "subnet-db-a", "subnet-db-b"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + x.String())
	x, err = m.Matrix(Selection{ENIs: []string{"eni-alb-a", "eni-app-a", "eni-app-b", "eni-db-a"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + x.String())
}
