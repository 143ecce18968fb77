package sim

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcsim/vpcsim/vpc"
)

// zoneVPC adds a VPC of account acct (Region region, "" for none) with
// one subnet in zone az, AZ ID id, to n.
func zoneVPC(n *Network, vpcID, acct, region, subnetID, az, id, cidr string) {
	n.VPCs = append(n.VPCs, vpc.VPC{ID: vpcID, Account: acct, Region: region, CIDRs: []netip.Prefix{vtPrefix(cidr)}})
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: subnetID, VPC: vpcID, AvailabilityZone: az, AvailabilityZoneID: id, CIDR: vtPrefix(cidr)})
}

// TestValidateZones pins the checks of zone names and AZ IDs on
// validSmallNetwork, whose vpc-a declares no Region and no account and
// has subnet-pub in us-east-1a and subnet-priv in us-east-1b.
func TestValidateZones(t *testing.T) {
	const (
		acct1 = "111111111111"
		acct2 = "222222222222"
	)
	tests := []struct {
		name   string
		mutate func(n *Network)
		want   []vtErr
	}{
		{"not a zone name", func(n *Network) { n.Subnets[0].AvailabilityZone = "mars-1z" },
			[]vtErr{{"subnet", "subnet-pub", "availabilityZone", vtInvalid}}},
		{"a Region code without a zone letter", func(n *Network) { n.Subnets[0].AvailabilityZone = "us-east-1" },
			[]vtErr{{"subnet", "subnet-pub", "availabilityZone", vtInvalid}}},
		{"a made-up zone", func(n *Network) { n.Subnets[1].AvailabilityZone = "az-b" },
			[]vtErr{{"subnet", "subnet-priv", "availabilityZone", vtInvalid}}},
		{"a zone of a Region not in the table", func(n *Network) { n.Subnets[1].AvailabilityZone = "eusc-de-east-1a" },
			[]vtErr{{"subnet", "subnet-priv", "availabilityZone", vtInvalid}}},
		{"zones in the vpc's Region", func(n *Network) { n.VPCs[0].Region = "us-east-1" }, nil},
		{"zones in another Region than the vpc's", func(n *Network) { n.VPCs[0].Region = "eu-west-1" },
			[]vtErr{{"subnet", "subnet-pub", "availabilityZone", vtInvalid}, {"subnet", "subnet-priv", "availabilityZone", vtInvalid}}},
		{"a vpc in an unknown Region (its subnets are not reported again)", func(n *Network) { n.VPCs[0].Region = "mars-1" },
			[]vtErr{{"vpc", "vpc-a", "region", vtInvalid}}},
		{"a vpc without Region with subnets in two Regions", func(n *Network) { n.Subnets[1].AvailabilityZone = "eu-west-1b" },
			[]vtErr{{"subnet", "subnet-priv", "availabilityZone", vtInvalid}}},
		{"a Local Zone and a Wavelength Zone of the Region", func(n *Network) {
			n.Subnets[0].AvailabilityZone, n.Subnets[0].AvailabilityZoneID = "us-east-1-bos-1a", "use1-bos1-az1"
			n.Subnets[1].AvailabilityZone, n.Subnets[1].AvailabilityZoneID = "us-east-1-wl1-bos-wlz-1", "use1-wl1-bos-wlz1"
		}, nil},
		{"GovCloud and China zones", func(n *Network) {
			zoneVPC(n, "vpc-gov", "", "us-gov-west-1", "subnet-gov", "us-gov-west-1a", "usgw1-az1", "10.9.0.0/24")
			zoneVPC(n, "vpc-cn", "", "cn-northwest-1", "subnet-cn", "cn-northwest-1a", "cnnw1-az1", "10.9.0.0/24")
		}, nil},

		// AZ IDs.
		{"an AZ ID", func(n *Network) { n.Subnets[0].AvailabilityZoneID = "use1-az4" }, nil},
		{"a malformed AZ ID", func(n *Network) { n.Subnets[0].AvailabilityZoneID = "use1-az" },
			[]vtErr{{"subnet", "subnet-pub", "availabilityZoneId", vtInvalid}}},
		{"an AZ ID of another Region", func(n *Network) { n.Subnets[0].AvailabilityZoneID = "euw1-az1" },
			[]vtErr{{"subnet", "subnet-pub", "availabilityZoneId", vtInvalid}}},
		{"a Local Zone's ID for an Availability Zone", func(n *Network) { n.Subnets[0].AvailabilityZoneID = "use1-bos1-az1" },
			[]vtErr{{"subnet", "subnet-pub", "availabilityZoneId", vtInvalid}}},
		{"an AZ ID with no zone name", func(n *Network) {
			n.Subnets[0].AvailabilityZone, n.Subnets[0].AvailabilityZoneID = "", "use1-az1"
		}, []vtErr{{"subnet", "subnet-pub", "availabilityZone", vtInvalid}}},
		{"one account: one name, two AZ IDs", func(n *Network) {
			n.Subnets[1].AvailabilityZone = "us-east-1a"
			n.Subnets[0].AvailabilityZoneID, n.Subnets[1].AvailabilityZoneID = "use1-az1", "use1-az2"
		}, []vtErr{{"subnet", "subnet-priv", "availabilityZoneId", vtConflict}}},
		{"one account: two names, one AZ ID", func(n *Network) {
			n.Subnets[0].AvailabilityZoneID, n.Subnets[1].AvailabilityZoneID = "use1-az1", "use1-az1"
		}, []vtErr{{"subnet", "subnet-priv", "availabilityZoneId", vtConflict}}},
		{"one account across vpcs", func(n *Network) {
			n.VPCs[0].Account = acct1
			n.Subnets[0].AvailabilityZoneID = "use1-az1"
			zoneVPC(n, "vpc-b", acct1, "", "subnet-b", "us-east-1a", "use1-az6", "10.9.0.0/24")
		}, []vtErr{{"subnet", "subnet-b", "availabilityZoneId", vtConflict}}},
		{"vpcs declaring no account count as one account", func(n *Network) {
			n.Subnets[0].AvailabilityZoneID = "use1-az1"
			zoneVPC(n, "vpc-b", "", "", "subnet-b", "us-east-1a", "use1-az6", "10.9.0.0/24")
		}, []vtErr{{"subnet", "subnet-b", "availabilityZoneId", vtConflict}}},
		{"two accounts map us-east-1a to different AZ IDs", func(n *Network) {
			n.VPCs[0].Account = acct1
			n.Subnets[0].AvailabilityZoneID = "use1-az1"
			n.Subnets[1].AvailabilityZoneID = "use1-az2"
			zoneVPC(n, "vpc-b", acct2, "us-east-1", "subnet-b", "us-east-1a", "use1-az2", "10.9.0.0/24")
		}, nil},
		{"a Region whose zone names are alike in every account", func(n *Network) {
			zoneVPC(n, "vpc-b", acct1, "eu-central-1", "subnet-b", "eu-central-1a", "euc1-az1", "10.8.0.0/24")
			zoneVPC(n, "vpc-c", acct2, "eu-central-1", "subnet-c", "eu-central-1a", "euc1-az2", "10.9.0.0/24")
		}, []vtErr{{"subnet", "subnet-c", "availabilityZoneId", vtConflict}}},

		// The Region a vpc without one takes from its subnets.
		{"security group reference across a same-Region peering, one side's Region from its zones", func(n *Network) {
			zoneVPC(n, "vpc-b", "", "us-east-1", "subnet-b", "us-east-1a", "", "10.9.0.0/24")
			n.PeeringConnections = []vpc.PeeringConnection{{ID: "pcx-ab", RequesterVPC: "vpc-a", AccepterVPC: "vpc-b"}}
			n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-b", VPC: "vpc-b",
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), Group: "sg-web"}}})
		}, nil},
		{"security group reference across a peering to a vpc whose zones are in another Region", func(n *Network) {
			zoneVPC(n, "vpc-b", "", "", "subnet-b", "eu-west-1a", "", "10.9.0.0/24")
			n.PeeringConnections = []vpc.PeeringConnection{{ID: "pcx-ab", RequesterVPC: "vpc-a", AccepterVPC: "vpc-b"}}
			n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-b", VPC: "vpc-b",
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), Group: "sg-web"}}})
		}, []vtErr{{"security-group", "sg-b", "ingress[0].group", vtWrongVPC}}},
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

func TestValidateZoneMessages(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(n *Network)
		want   string
	}{
		{"not a zone name", func(n *Network) { n.Subnets[0].AvailabilityZone = "mars-1z" },
			`subnet subnet-pub availabilityZone: invalid value: "mars-1z" is not an Availability Zone name: want a Region code ` +
				`followed by a zone letter, e.g. us-east-1a (or a Local Zone or Wavelength Zone name), of a Region vpc.Regions lists`},
		{"zone of another Region", func(n *Network) { n.VPCs[0].Region = "eu-west-1"; n.Subnets[1].AvailabilityZone = "eu-west-1b" },
			`subnet subnet-pub availabilityZone: invalid value: "us-east-1a" is in us-east-1, but vpc "vpc-a" is in eu-west-1`},
		{"zones of two Regions", func(n *Network) { n.Subnets[1].AvailabilityZone = "eu-west-1b" },
			`subnet subnet-priv availabilityZone: invalid value: "eu-west-1b" is in eu-west-1, but subnet "subnet-pub" of vpc "vpc-a" ` +
				`is in us-east-1a (us-east-1): the subnets of a VPC are all in its Region`},
		{"unknown Region", func(n *Network) { n.VPCs[0].Region = "mars-1" },
			`vpc vpc-a region: invalid value: "mars-1" is not a Region vpcsim knows: want a code vpc.Regions lists, e.g. us-east-1`},
		{"AZ ID of another Region", func(n *Network) { n.Subnets[0].AvailabilityZoneID = "euw1-az1" },
			`subnet subnet-pub availabilityZoneId: invalid value: "euw1-az1" is in eu-west-1, but availabilityZone "us-east-1a" is in us-east-1`},
		{"one name, two AZ IDs", func(n *Network) {
			n.VPCs[0].Account = "111111111111"
			n.Subnets[1].AvailabilityZone = "us-east-1a"
			n.Subnets[0].AvailabilityZoneID, n.Subnets[1].AvailabilityZoneID = "use1-az1", "use1-az2"
		}, `subnet subnet-priv availabilityZoneId: conflict: us-east-1a is use1-az1 in subnet "subnet-pub" of the same account ` +
			`(111111111111): one account maps a zone name to one AZ ID and back`},
		{"two names, one AZ ID, in a Region with names alike in every account", func(n *Network) {
			n.VPCs[0].Region = "eu-central-1"
			n.Subnets[0].AvailabilityZone, n.Subnets[1].AvailabilityZone = "eu-central-1a", "eu-central-1b"
			n.Subnets[0].AvailabilityZoneID, n.Subnets[1].AvailabilityZoneID = "euc1-az1", "euc1-az1"
		}, `subnet subnet-priv availabilityZoneId: conflict: euc1-az1 is eu-central-1a in subnet "subnet-pub": ` +
			`eu-central-1 maps zone names to the same AZ IDs in every account`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := validSmallNetwork()
			tc.mutate(n)
			err := n.Validate()
			if err == nil || err.Error() != tc.want {
				t.Errorf("Validate() error:\n got %v\nwant %s", err, tc.want)
			}
		})
	}
}

// zoneTGW: vpc-a of account 111111111111 and vpc-b of account
// 222222222222, both in us-east-1, attached to tgw-1 through a subnet in
// each of two zones. The accounts map zone names to AZ IDs differently
// (AWS maps them independently per account in us-east-1: "AZ IDs", AWS
// Regions and Availability Zones guide): a's us-east-1a is use1-az1, b's
// us-east-1a is use1-az2 and b's us-east-1b use1-az1. b-1's network ACL
// denies everything, so a flow leaving the transit gateway through b-1
// rather than b-2 is blocked there.
func zoneTGW() *Network {
	const acctA, acctB = "111111111111", "222222222222"
	sub := func(id, vpcID, az, azID, cidr string) vpc.Subnet {
		return vpc.Subnet{ID: id, VPC: vpcID, AvailabilityZone: az, AvailabilityZoneID: azID, CIDR: pfx(cidr)}
	}
	return &Network{
		VPCs: []vpc.VPC{
			{ID: "vpc-a", Account: acctA, Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}},
			{ID: "vpc-b", Account: acctB, Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.2.0.0/16")}},
		},
		Subnets: []vpc.Subnet{
			sub("a-1", "vpc-a", "us-east-1a", "use1-az1", "10.1.1.0/24"),
			sub("a-2", "vpc-a", "us-east-1b", "use1-az2", "10.1.2.0/24"),
			sub("b-1", "vpc-b", "us-east-1a", "use1-az2", "10.2.1.0/24"),
			sub("b-2", "vpc-b", "us-east-1b", "use1-az1", "10.2.2.0/24"),
		},
		NetworkACLs: []vpc.NetworkACL{{ID: "acl-b-1-closed", VPC: "vpc-b", Subnets: []string{"b-1"}}},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-a", VPC: "vpc-a", Main: true, Routes: []vpc.Route{{Destination: pfx("10.2.0.0/16"), Target: vpc.ToTransitGateway("tgw-1")}}},
			{ID: "rtb-b", VPC: "vpc-b", Main: true, Routes: []vpc.Route{{Destination: pfx("10.1.0.0/16"), Target: vpc.ToTransitGateway("tgw-1")}}},
		},
		TransitGateways:           []vpc.TransitGateway{{ID: "tgw-1", Account: acctA, Region: "us-east-1"}},
		TransitGatewayRouteTables: []vpc.TransitGatewayRouteTable{{ID: "tgw-rtb", TransitGateway: "tgw-1"}},
		TransitGatewayAttachments: []vpc.TransitGatewayAttachment{
			{ID: "att-a", TransitGateway: "tgw-1", VPC: "vpc-a", Subnets: []string{"a-1", "a-2"}, RouteTable: "tgw-rtb", Propagations: []string{"tgw-rtb"}},
			{ID: "att-b", TransitGateway: "tgw-1", VPC: "vpc-b", Subnets: []string{"b-1", "b-2"}, RouteTable: "tgw-rtb", Propagations: []string{"tgw-rtb"}},
		},
		SecurityGroups: []vpc.SecurityGroup{xrOpenSG("sg-a", "vpc-a"), xrOpenSG("sg-b", "vpc-b")},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-a", Subnet: "a-1", SecurityGroups: []string{"sg-a"}},
			{ID: "eni-b", Subnet: "b-2", SecurityGroups: []string{"sg-b"}},
		},
	}
}

// TestTGWZonesAcrossAccounts: traffic crossing a transit gateway between
// accounts leaves through the destination attachment's subnet in the
// sender's zone, matched by AZ ID (AWS keeps traffic in its Availability
// Zone: "How transit gateways work", Transit Gateways guide). Without AZ
// IDs vpcsim matches the names.
func TestTGWZonesAcrossAccounts(t *testing.T) {
	hops := func(r *Result) []string {
		var out []string
		for _, h := range r.Path {
			out = append(out, h.Component+": "+string(h.Step))
		}
		return out
	}
	q := Query{From: ENI("eni-a"), To: ENI("eni-b"), Port: 22}

	m := mustCompile(t, zoneTGW())
	r, err := m.Reach(q)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Allowed() {
		t.Fatalf("by AZ ID: got %v, want reachable\n%s", r.Status, r)
	}
	var tgwHop string
	for _, h := range r.Path {
		if h.Component == "tgw-1" {
			tgwHop = h.Rule
		}
	}
	if !strings.HasSuffix(tgwHop, "att-a -> att-b via b-2") {
		t.Errorf("transit gateway hop %q, want it to leave via b-2 (use1-az1, as a-1)\n%s", tgwHop, r)
	}
	for _, h := range hops(r) {
		if strings.HasPrefix(h, "b-1") {
			t.Errorf("path crosses b-1 (us-east-1a of account b, use1-az2): %s\n%s", h, r)
		}
	}

	// Without AZ IDs the names are matched: us-east-1a of a to
	// us-east-1a of b, which is b-1, whose ACL blocks the flow.
	n := zoneTGW()
	for i := range n.Subnets {
		n.Subnets[i].AvailabilityZoneID = ""
	}
	r, err = mustCompile(t, n).Reach(q)
	if err != nil {
		t.Fatal(err)
	}
	if r.Allowed() || r.Block == nil || r.Block.Component != "b-1" {
		t.Errorf("by name: got %v, want blocked at b-1\n%s", r.Status, r)
	}
}

// TestZoneRegionOfVPC: a VPC that declares no Region is in the Region of
// its subnets' zones, which makes a security group reference across a
// peering with a VPC declaring that Region live.
func TestZoneRegionOfVPC(t *testing.T) {
	n := peerNet()
	n.VPCs[0].Region = "" // vpc-a: its subnets are in us-east-1a
	m := mustCompile(t, n)
	v, err := m.Verdict(Query{From: ENI("eni-a-app"), To: ENI("eni-b-db"), Port: 5432})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Verdict{Reachable, NoReason}); v != want {
		r, _ := m.Reach(Query{From: ENI("eni-a-app"), To: ENI("eni-b-db"), Port: 5432})
		t.Errorf("got %v, want %v\n%s", v, want, r)
	}
}

func TestZoneIDSaveLoad(t *testing.T) {
	n := zoneTGW()
	var buf bytes.Buffer
	if err := n.Save(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"availabilityZoneId": "use1-az2"`) {
		t.Errorf("saved network lacks availabilityZoneId:\n%s", buf.String())
	}
	back, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(n, back, cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}), cmpopts.EquateEmpty()); d != "" {
		t.Errorf("Save then Load (-want +got):\n%s", d)
	}
}

// TestZonePictureLabels: a subnet's cluster shows its AZ ID beside its
// zone, and a VPC without a declared Region the Region of its zones.
func TestZonePictureLabels(t *testing.T) {
	n := zoneTGW()
	n.VPCs[1].Region = ""
	mer := mustCompile(t, n).Mermaid(nil)
	for _, want := range []string{"10.2.2.0/24 us-east-1b (use1-az1)", "VPC vpc-b (us-east-1)"} {
		if !strings.Contains(mer, want) {
			t.Errorf("Mermaid picture lacks %q:\n%s", want, mer)
		}
	}
}
