package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/vpc"
)

// Table tests for every rule of VPC peering and transit gateways (Amazon
// VPC Peering Guide; Amazon VPC Transit Gateways guide), the classic traps
// included, and for the validation of
// the cross-VPC resources (validate_crossvpc.go).
//
// Each case starts from a fixture, changes what it is about, and compares
// with cmp.Diff the status, the reason, the blocking component and the key
// steps of the forward and reply paths: every hop but the interfaces' own
// security group egress, connection tracking and delivery, as
// "component: step [rule]". A case whose correct answer (per the AWS
// documentation) differs from the engine's is written with the correct expectation and skipped with the
// reason "engine: ...".

// xrAnswer is what a case compares.
type xrAnswer struct {
	Status Status
	Reason Reason
	Block  string   // "component: step", or "" when not blocked
	Path   []string // key forward hops
	Reply  []string // key reply hops
}

// xrKey keeps the hops that say where the packet went and what allowed it.
func xrKey(hops []Hop) []string {
	var out []string
	for _, h := range hops {
		if h.Kind == KindInterface && (h.Step == StepSGEgress || h.Step == StepSGReply || h.Step == StepDeliver) {
			continue
		}
		s := fmt.Sprintf("%s: %s", h.Component, h.Step)
		switch h.Step {
		case StepRoute, StepTGWRoute, StepPeering, StepSGIngress:
			s += " [" + h.Rule + "]"
		}
		out = append(out, s)
	}
	return out
}

func xrAnswerOf(r *Result) xrAnswer {
	a := xrAnswer{Status: r.Status, Reason: r.Reason, Path: xrKey(r.Path), Reply: xrKey(r.Reply)}
	if r.Block != nil {
		a.Block = fmt.Sprintf("%s: %s", r.Block.Component, r.Block.Step)
	}
	return a
}

// xrCase is one reachability case: a fixture changed by edit, a query and
// the expected answer.
type xrCase struct {
	name string
	edit func(n *Network)
	q    Query
	want xrAnswer
	// skip, when set, is the reason the engine's answer is known to be
	// wrong ("engine: ...").
	skip string
	// check, when set, runs more checks on the result.
	check func(t *testing.T, r *Result)
}

func runXR(t *testing.T, fixture func() *Network, cases []xrCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := fixture()
			if c.edit != nil {
				c.edit(n)
			}
			m, err := Compile(n)
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			r, err := m.Reach(c.q)
			if err != nil {
				t.Fatalf("Reach(%v) = %v", c.q, err)
			}
			diff := cmp.Diff(c.want, xrAnswerOf(r))
			if c.skip != "" {
				if diff == "" {
					t.Errorf("%s: the engine now answers as expected; remove the skip", c.skip)
					return
				}
				t.Skipf("%s\n%s (-want +got):\n%s", c.skip, c.q, diff)
			}
			if diff != "" {
				t.Errorf("Reach(%v) (-want +got):\n%s\n%s", c.q, diff, r)
			}
			if c.check != nil {
				c.check(t, r)
			}
			// Verdict agrees with Reach.
			v, err := m.Verdict(c.q)
			if err != nil || v.Status != r.Status || v.Reason != r.Reason {
				t.Errorf("Verdict = %v, %v; Reach says %v (%v)", v, err, r.Status, r.Reason)
			}
		})
	}
}

// xrOpenSG allows everything from 10.0.0.0/8 in and everything out.
func xrOpenSG(id, vpcID string) vpc.SecurityGroup {
	return vpc.SecurityGroup{ID: id, VPC: vpcID,
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: pfx("10.0.0.0/8")}},
		Egress:  []vpc.SGRule{vpc.AllowAllEgress()}}
}

func xrRouteTable(n *Network, id string) *vpc.RouteTable {
	for i := range n.RouteTables {
		if n.RouteTables[i].ID == id {
			return &n.RouteTables[i]
		}
	}
	panic("no route table " + id)
}

func xrDropRoutes(rt *vpc.RouteTable, dsts ...string) {
	rt.Routes = slices.DeleteFunc(rt.Routes, func(r vpc.Route) bool {
		return slices.Contains(dsts, r.Destination.String())
	})
}

// =========================================================================
// Peering

// peerNet: vpc-a (10.10.0.0/16) peers with vpc-b (10.20.0.0/16, pcx-ab),
// which peers with vpc-c (10.30.0.0/16, pcx-bc); vpc-a also peers with
// vpc-f in another Region (10.40.0.0/16, pcx-af). vpc-a has an internet
// gateway and a NAT gateway in a public subnet; its app subnet routes the
// internet to the NAT gateway. vpc-b sends everything it does not know to
// pcx-ab, as if vpc-a were its way out; vpc-a and vpc-c route each other
// through vpc-b, as if peering were transitive.
func peerNet() *Network {
	any4 := pfx("0.0.0.0/0")
	n := &Network{
		VPCs: []vpc.VPC{
			{ID: "vpc-a", CIDRs: []netip.Prefix{pfx("10.10.0.0/16")}, Region: "us-east-1"},
			{ID: "vpc-b", CIDRs: []netip.Prefix{pfx("10.20.0.0/16")}, Region: "us-east-1"},
			{ID: "vpc-c", CIDRs: []netip.Prefix{pfx("10.30.0.0/16")}, Region: "us-east-1"},
			{ID: "vpc-f", CIDRs: []netip.Prefix{pfx("10.40.0.0/16")}, Region: "eu-west-1"},
		},
		Subnets: []vpc.Subnet{
			{ID: "a-pub", VPC: "vpc-a", AvailabilityZone: "us-east-1a", CIDR: pfx("10.10.0.0/24")},
			{ID: "a-app", VPC: "vpc-a", AvailabilityZone: "us-east-1a", CIDR: pfx("10.10.1.0/24")},
			{ID: "b-app", VPC: "vpc-b", AvailabilityZone: "us-east-1a", CIDR: pfx("10.20.1.0/24")},
			{ID: "c-app", VPC: "vpc-c", AvailabilityZone: "us-east-1a", CIDR: pfx("10.30.1.0/24")},
			{ID: "f-app", VPC: "vpc-f", AvailabilityZone: "eu-west-1a", CIDR: pfx("10.40.1.0/24")},
		},
		InternetGateways: []vpc.InternetGateway{{ID: "igw-a", VPC: "vpc-a"}},
		NATGateways:      []vpc.NATGateway{{ID: "nat-a", Subnet: "a-pub", ElasticIP: addr("52.0.0.1")}},
		PeeringConnections: []vpc.PeeringConnection{
			{ID: "pcx-ab", RequesterVPC: "vpc-a", AccepterVPC: "vpc-b"},
			{ID: "pcx-bc", RequesterVPC: "vpc-b", AccepterVPC: "vpc-c"},
			{ID: "pcx-af", RequesterVPC: "vpc-a", AccepterVPC: "vpc-f"},
		},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-a-pub", VPC: "vpc-a", Subnets: []string{"a-pub"}, Routes: []vpc.Route{
				{Destination: any4, Target: vpc.ToInternetGateway("igw-a")},
				{Destination: pfx("10.20.0.0/16"), Target: vpc.ToPeeringConnection("pcx-ab")},
			}},
			{ID: "rtb-a-app", VPC: "vpc-a", Subnets: []string{"a-app"}, Routes: []vpc.Route{
				{Destination: any4, Target: vpc.ToNATGateway("nat-a")},
				{Destination: pfx("10.20.0.0/16"), Target: vpc.ToPeeringConnection("pcx-ab")},
				{Destination: pfx("10.30.0.0/16"), Target: vpc.ToPeeringConnection("pcx-ab")},
				{Destination: pfx("10.40.0.0/16"), Target: vpc.ToPeeringConnection("pcx-af")},
			}},
			{ID: "rtb-b", VPC: "vpc-b", Main: true, Routes: []vpc.Route{
				{Destination: any4, Target: vpc.ToPeeringConnection("pcx-ab")},
				{Destination: pfx("10.10.0.0/16"), Target: vpc.ToPeeringConnection("pcx-ab")},
				{Destination: pfx("10.30.0.0/16"), Target: vpc.ToPeeringConnection("pcx-bc")},
			}},
			{ID: "rtb-c", VPC: "vpc-c", Main: true, Routes: []vpc.Route{
				{Destination: pfx("10.10.0.0/16"), Target: vpc.ToPeeringConnection("pcx-bc")},
				{Destination: pfx("10.20.0.0/16"), Target: vpc.ToPeeringConnection("pcx-bc")},
			}},
			{ID: "rtb-f", VPC: "vpc-f", Main: true, Routes: []vpc.Route{
				{Destination: pfx("10.10.0.0/16"), Target: vpc.ToPeeringConnection("pcx-af")},
			}},
		},
		SecurityGroups: []vpc.SecurityGroup{
			xrOpenSG("sg-a", "vpc-a"), xrOpenSG("sg-b", "vpc-b"), xrOpenSG("sg-c", "vpc-c"), xrOpenSG("sg-f", "vpc-f"),
			// sg-a-app marks vpc-a's app servers; sg-b-db admits Postgres
			// from them by group reference across pcx-ab.
			{ID: "sg-a-app", VPC: "vpc-a", Egress: []vpc.SGRule{vpc.AllowAllEgress()}},
			{ID: "sg-b-db", VPC: "vpc-b", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), Group: "sg-a-app"}}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-a", Subnet: "a-app", SecurityGroups: []string{"sg-a"}},
			{ID: "eni-a-app", Subnet: "a-app", SecurityGroups: []string{"sg-a-app"}},
			{ID: "eni-b", Subnet: "b-app", SecurityGroups: []string{"sg-b"}},
			{ID: "eni-b-db", Subnet: "b-app", Kind: vpc.KindRDS, SecurityGroups: []string{"sg-b-db"}},
			{ID: "eni-c", Subnet: "c-app", SecurityGroups: []string{"sg-c"}},
			{ID: "eni-f", Subnet: "f-app", SecurityGroups: []string{"sg-f"}},
		},
	}
	return n
}

// Key hops of peerNet's common legs.
var (
	xrAOut   = []string{"a-app: network-acl outbound"}
	xrAtoB   = "a-app: route [rtb-a-app route 10.20.0.0/16 -> vpc-peering-connection pcx-ab]"
	xrPcxAB  = "pcx-ab: peering [vpc-a -> vpc-b]"
	xrBIn    = "b-app: network-acl inbound"
	xrBtoA   = "b-app: route [rtb-b route 10.10.0.0/16 -> vpc-peering-connection pcx-ab]"
	xrPcxBA  = "pcx-ab: peering [vpc-b -> vpc-a]"
	xrAIn    = "a-app: network-acl inbound"
	xrABPath = append(slices.Clone(xrAOut), xrAtoB, xrPcxAB, xrBIn)
	xrBAPath = []string{"b-app: network-acl outbound", xrBtoA, xrPcxBA, xrAIn}
)

func TestCrossPeeringRules(t *testing.T) {
	ssh := func(from, to string) Query { return Query{From: ENI(from), To: ENI(to), Port: 22} }
	cases := []xrCase{
		{name: "active peering, routes both sides",
			q: ssh("eni-a", "eni-b"),
			want: xrAnswer{Status: Reachable,
				Path:  append(slices.Clone(xrABPath), "eni-b: security-group ingress [sg-b ingress rule 0: all from 10.0.0.0/8]"),
				Reply: xrBAPath}},
		{name: "peering is symmetric: the accepter connects too",
			q: ssh("eni-b", "eni-a"),
			want: xrAnswer{Status: Reachable,
				Path: []string{"b-app: network-acl outbound", xrBtoA, xrPcxBA, xrAIn,
					"eni-a: security-group ingress [sg-a ingress rule 0: all from 10.0.0.0/8]"},
				Reply: []string{"a-app: network-acl outbound", xrAtoB, xrPcxAB, xrBIn}}},
		{name: "transitive peering: a -> b -> c does not work",
			q: ssh("eni-a", "eni-c"),
			want: xrAnswer{Status: Blocked, Reason: NonTransitive, Block: "pcx-ab: peering",
				Path: append(slices.Clone(xrAOut), "a-app: route [rtb-a-app route 10.30.0.0/16 -> vpc-peering-connection pcx-ab]")}},
		{name: "transitive peering: c -> b -> a does not work either",
			q: ssh("eni-c", "eni-a"),
			want: xrAnswer{Status: Blocked, Reason: NonTransitive, Block: "pcx-bc: peering",
				Path: []string{"c-app: network-acl outbound", "c-app: route [rtb-c route 10.10.0.0/16 -> vpc-peering-connection pcx-bc]"}}},
		{name: "transitive peering: b itself reaches both",
			q: ssh("eni-b", "eni-c"),
			want: xrAnswer{Status: Reachable,
				Path: []string{"b-app: network-acl outbound", "b-app: route [rtb-b route 10.30.0.0/16 -> vpc-peering-connection pcx-bc]",
					"pcx-bc: peering [vpc-b -> vpc-c]", "c-app: network-acl inbound", "eni-c: security-group ingress [sg-c ingress rule 0: all from 10.0.0.0/8]"},
				Reply: []string{"c-app: network-acl outbound", "c-app: route [rtb-c route 10.20.0.0/16 -> vpc-peering-connection pcx-bc]",
					"pcx-bc: peering [vpc-c -> vpc-b]", "b-app: network-acl inbound"}}},
		{name: "edge to edge: a peer cannot use this vpc's internet gateway",
			q: Query{From: ENI("eni-b"), To: InternetAddress(addr("198.51.100.7")), Port: 443},
			want: xrAnswer{Status: Blocked, Reason: NonTransitive, Block: "pcx-ab: peering",
				Path: []string{"b-app: network-acl outbound", "b-app: route [rtb-b route 0.0.0.0/0 -> vpc-peering-connection pcx-ab]"}}},
		{name: "edge to edge: a peer cannot use this vpc's nat gateway",
			// vpc-a's own subnets send 198.51.100.0/24 to nat-a; vpc-b
			// sends it to pcx-ab, hoping to use nat-a.
			edit: func(n *Network) {
				xrRouteTable(n, "rtb-b").Routes = append(xrRouteTable(n, "rtb-b").Routes,
					vpc.Route{Destination: pfx("198.51.100.0/24"), Target: vpc.ToPeeringConnection("pcx-ab")})
				n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-a-main", VPC: "vpc-a", Main: true,
					Routes: []vpc.Route{{Destination: pfx("198.51.100.0/24"), Target: vpc.ToNATGateway("nat-a")}}})
			},
			q: Query{From: ENI("eni-b"), To: InternetAddress(addr("198.51.100.7")), Port: 443},
			want: xrAnswer{Status: Blocked, Reason: NonTransitive, Block: "pcx-ab: peering",
				Path: []string{"b-app: network-acl outbound", "b-app: route [rtb-b route 198.51.100.0/24 -> vpc-peering-connection pcx-ab]"}}},
		{name: "the vpc's own instances do use its nat gateway",
			q: Query{From: ENI("eni-a"), To: InternetAddress(addr("198.51.100.7")), Port: 443},
			want: xrAnswer{Status: Reachable,
				Path: []string{"a-app: network-acl outbound", "a-app: route [rtb-a-app route 0.0.0.0/0 -> nat-gateway nat-a]",
					"a-pub: network-acl inbound", "nat-a: source nat", "a-pub: network-acl outbound",
					"a-pub: route [rtb-a-pub route 0.0.0.0/0 -> internet-gateway igw-a]", "igw-a: public address translation",
					"internet: deliver"},
				Reply: []string{"internet: internet", "igw-a: public address translation", "a-pub: network-acl inbound",
					"nat-a: reverse nat", "a-pub: network-acl outbound", "a-pub: route [rtb-a-pub route 10.10.0.0/16 -> local]",
					"a-app: network-acl inbound"}}},
		{name: "routes missing on the accepter side: the reply has no route",
			edit: func(n *Network) { xrDropRoutes(xrRouteTable(n, "rtb-b"), "10.10.0.0/16", "0.0.0.0/0") },
			q:    ssh("eni-a", "eni-b"),
			want: xrAnswer{Status: ReplyBlocked, Reason: NoRoute, Block: "b-app: route",
				Path:  append(slices.Clone(xrABPath), "eni-b: security-group ingress [sg-b ingress rule 0: all from 10.0.0.0/8]"),
				Reply: []string{"b-app: network-acl outbound"}}},
		{name: "routes missing on the requester side: no route out",
			edit: func(n *Network) { xrDropRoutes(xrRouteTable(n, "rtb-a-app"), "10.20.0.0/16", "0.0.0.0/0") },
			q:    ssh("eni-a", "eni-b"),
			want: xrAnswer{Status: Blocked, Reason: NoRoute, Block: "a-app: route", Path: xrAOut}},
		{name: "security group reference across a same-region peering matches",
			q: Query{From: ENI("eni-a-app"), To: ENI("eni-b-db"), Port: 5432},
			want: xrAnswer{Status: Reachable,
				Path: []string{"a-app: network-acl outbound", xrAtoB, xrPcxAB, xrBIn,
					"eni-b-db: security-group ingress [sg-b-db ingress rule 0: tcp 5432 from sg-a-app]"},
				Reply: xrBAPath}},
		{name: "security group reference matches only members of the group",
			q: Query{From: ENI("eni-a"), To: ENI("eni-b-db"), Port: 5432},
			want: xrAnswer{Status: Blocked, Reason: SGIngress, Block: "eni-b-db: security-group ingress",
				Path: xrABPath}},
		{name: "cross-region peering carries traffic",
			q: ssh("eni-a", "eni-f"),
			want: xrAnswer{Status: Reachable,
				Path: []string{"a-app: network-acl outbound", "a-app: route [rtb-a-app route 10.40.0.0/16 -> vpc-peering-connection pcx-af]",
					"pcx-af: peering [vpc-a -> vpc-f]", "f-app: network-acl inbound", "eni-f: security-group ingress [sg-f ingress rule 0: all from 10.0.0.0/8]"},
				Reply: []string{"f-app: network-acl outbound", "f-app: route [rtb-f route 10.10.0.0/16 -> vpc-peering-connection pcx-af]",
					"pcx-af: peering [vpc-f -> vpc-a]", "a-app: network-acl inbound"}}},
	}
	for _, st := range []vpc.PeeringStatus{vpc.PeeringPendingAcceptance, vpc.PeeringRejected, vpc.PeeringDeleted, vpc.PeeringExpired, vpc.PeeringFailed} {
		cases = append(cases, xrCase{name: "peering " + string(st),
			edit: func(n *Network) { n.PeeringConnections[0].Status = st },
			q:    ssh("eni-a", "eni-b"),
			want: xrAnswer{Status: Blocked, Reason: BadState, Block: "pcx-ab: peering",
				Path: append(slices.Clone(xrAOut), xrAtoB)}})
	}
	for _, st := range []vpc.PeeringStatus{"", vpc.PeeringActive} {
		cases = append(cases, xrCase{name: fmt.Sprintf("peering status %q is active", st),
			edit: func(n *Network) { n.PeeringConnections[0].Status = st },
			q:    Query{From: ENI("eni-a-app"), To: ENI("eni-b-db"), Port: 5432},
			want: xrAnswer{Status: Reachable,
				Path: []string{"a-app: network-acl outbound", xrAtoB, xrPcxAB, xrBIn,
					"eni-b-db: security-group ingress [sg-b-db ingress rule 0: tcp 5432 from sg-a-app]"},
				Reply: xrBAPath}})
	}
	runXR(t, peerNet, cases)
}

// TestCrossPeeringStaleReference: a security group rule naming a group
// across a peering that is not active is stale and matches nothing, even
// for traffic that arrives another way (here a transit gateway whose
// security group referencing is off). With the peering active, the same
// rule matches.
func TestCrossPeeringStaleReference(t *testing.T) {
	viaTGW := func(n *Network) {
		n.TransitGateways = []vpc.TransitGateway{{ID: "tgw-1"}}
		n.TransitGatewayRouteTables = []vpc.TransitGatewayRouteTable{{ID: "tgw-rtb", TransitGateway: "tgw-1"}}
		n.TransitGatewayAttachments = []vpc.TransitGatewayAttachment{
			{ID: "att-a", TransitGateway: "tgw-1", VPC: "vpc-a", Subnets: []string{"a-app"}, RouteTable: "tgw-rtb", Propagations: []string{"tgw-rtb"}},
			{ID: "att-b", TransitGateway: "tgw-1", VPC: "vpc-b", Subnets: []string{"b-app"}, RouteTable: "tgw-rtb", Propagations: []string{"tgw-rtb"}},
		}
		for _, id := range []string{"rtb-a-app", "rtb-b"} {
			rt := xrRouteTable(n, id)
			for i := range rt.Routes {
				if rt.Routes[i].Target.ID == "pcx-ab" && rt.Routes[i].Destination.Bits() == 16 {
					rt.Routes[i].Target = vpc.ToTransitGateway("tgw-1")
				}
			}
		}
	}
	// The instances sit in their VPCs' attachment subnets: toward the
	// transit gateway the subnet's ACL applies outbound and inbound, from it
	// not at all (AWS Transit Gateway guide, "Network ACLs").
	tgwPath := []string{"a-app: network-acl outbound", "a-app: route [rtb-a-app route 10.20.0.0/16 -> transit-gateway tgw-1]",
		"a-app: network-acl inbound", "tgw-1: transit gateway route [tgw-rtb route 10.20.0.0/16 -> att-b (propagated): att-a -> att-b via b-app]",
		"b-app: same-subnet delivery"}
	q := Query{From: ENI("eni-a-app"), To: ENI("eni-b-db"), Port: 5432}
	runXR(t, peerNet, []xrCase{
		{name: "peering pending: the reference is stale",
			edit: func(n *Network) { viaTGW(n); n.PeeringConnections[0].Status = vpc.PeeringPendingAcceptance },
			q:    q,
			want: xrAnswer{Status: Blocked, Reason: SGIngress, Block: "eni-b-db: security-group ingress", Path: tgwPath}},
		{name: "peering deleted: the reference is stale",
			edit: func(n *Network) { viaTGW(n); n.PeeringConnections[0].Status = vpc.PeeringDeleted },
			q:    q,
			want: xrAnswer{Status: Blocked, Reason: SGIngress, Block: "eni-b-db: security-group ingress", Path: tgwPath}},
		{name: "peering active: the reference matches",
			edit: viaTGW,
			q:    q,
			want: xrAnswer{Status: Reachable,
				Path: append(slices.Clone(tgwPath), "eni-b-db: security-group ingress [sg-b-db ingress rule 0: tcp 5432 from sg-a-app]"),
				Reply: []string{"b-app: network-acl outbound", "b-app: route [rtb-b route 10.10.0.0/16 -> transit-gateway tgw-1]", "b-app: network-acl inbound",
					"tgw-1: transit gateway route [tgw-rtb route 10.10.0.0/16 -> att-a (propagated): att-b -> att-a via a-app]",
					"a-app: same-subnet delivery"}}},
	})
}

// =========================================================================
// Transit gateways

// tgwNet: a hub VPC (10.0.0.0/16) with a shared database, two spokes
// (10.1.0.0/16 in us-east-1a, 10.2.0.0/16 in us-east-1b) and an egress VPC
// (10.9.0.0/16) with a NAT gateway, all attached to tgw-1 through dedicated
// /28 attachment subnets. The spokes' attachments are associated with
// tgw-rtb-spokes (the hub's CIDR, propagated; everything else to the
// egress VPC; the other spoke blackholed), the hub's and the egress VPC's
// with tgw-rtb-hub (the spokes' CIDRs, propagated). Spokes send everything
// to the transit gateway; the egress VPC sends the internet to its NAT
// gateway and the private ranges back to the transit gateway.
func tgwNet() *Network {
	any4 := pfx("0.0.0.0/0")
	n := &Network{
		VPCs: []vpc.VPC{
			{ID: "hub", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, Region: "us-east-1"},
			{ID: "spoke1", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}, Region: "us-east-1"},
			{ID: "spoke2", CIDRs: []netip.Prefix{pfx("10.2.0.0/16")}, Region: "us-east-1"},
			{ID: "egress", CIDRs: []netip.Prefix{pfx("10.9.0.0/16")}, Region: "us-east-1"},
		},
		Subnets: []vpc.Subnet{
			{ID: "hub-tgw-a", VPC: "hub", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.0.0/28")},
			{ID: "hub-tgw-b", VPC: "hub", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.0.16/28")},
			{ID: "hub-app-a", VPC: "hub", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.1.0/24")},
			{ID: "hub-app-b", VPC: "hub", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.2.0/24")},
			{ID: "s1-tgw-a", VPC: "spoke1", AvailabilityZone: "us-east-1a", CIDR: pfx("10.1.0.0/28")},
			{ID: "s1-app-a", VPC: "spoke1", AvailabilityZone: "us-east-1a", CIDR: pfx("10.1.1.0/24")},
			{ID: "s1-app-b", VPC: "spoke1", AvailabilityZone: "us-east-1b", CIDR: pfx("10.1.2.0/24")},
			{ID: "s2-tgw-b", VPC: "spoke2", AvailabilityZone: "us-east-1b", CIDR: pfx("10.2.0.16/28")},
			{ID: "s2-app-b", VPC: "spoke2", AvailabilityZone: "us-east-1b", CIDR: pfx("10.2.1.0/24")},
			{ID: "eg-tgw-a", VPC: "egress", AvailabilityZone: "us-east-1a", CIDR: pfx("10.9.0.0/28")},
			{ID: "eg-pub-a", VPC: "egress", AvailabilityZone: "us-east-1a", CIDR: pfx("10.9.1.0/24")},
		},
		InternetGateways: []vpc.InternetGateway{{ID: "igw-eg", VPC: "egress"}},
		NATGateways:      []vpc.NATGateway{{ID: "nat-eg", Subnet: "eg-pub-a", ElasticIP: addr("52.9.0.1")}},
		TransitGateways:  []vpc.TransitGateway{{ID: "tgw-1"}},
		TransitGatewayRouteTables: []vpc.TransitGatewayRouteTable{
			{ID: "tgw-rtb-spokes", TransitGateway: "tgw-1", Routes: []vpc.TGWRoute{
				{Destination: any4, Attachment: "att-eg"},
				{Destination: pfx("10.2.0.0/16"), Blackhole: true},
				{Destination: pfx("10.1.0.0/16"), Blackhole: true},
			}},
			{ID: "tgw-rtb-hub", TransitGateway: "tgw-1"},
		},
		TransitGatewayAttachments: []vpc.TransitGatewayAttachment{
			{ID: "att-hub", TransitGateway: "tgw-1", VPC: "hub", Subnets: []string{"hub-tgw-a", "hub-tgw-b"},
				RouteTable: "tgw-rtb-hub", Propagations: []string{"tgw-rtb-spokes"}},
			{ID: "att-s1", TransitGateway: "tgw-1", VPC: "spoke1", Subnets: []string{"s1-tgw-a"},
				RouteTable: "tgw-rtb-spokes", Propagations: []string{"tgw-rtb-hub"}},
			{ID: "att-s2", TransitGateway: "tgw-1", VPC: "spoke2", Subnets: []string{"s2-tgw-b"},
				RouteTable: "tgw-rtb-spokes", Propagations: []string{"tgw-rtb-hub"}},
			{ID: "att-eg", TransitGateway: "tgw-1", VPC: "egress", Subnets: []string{"eg-tgw-a"},
				RouteTable: "tgw-rtb-hub"},
		},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-hub", VPC: "hub", Main: true, Routes: []vpc.Route{
				{Destination: pfx("10.0.0.0/8"), Target: vpc.ToTransitGateway("tgw-1")},
			}},
			{ID: "rtb-s1", VPC: "spoke1", Main: true, Routes: []vpc.Route{
				{Destination: any4, Target: vpc.ToTransitGateway("tgw-1")},
			}},
			{ID: "rtb-s2", VPC: "spoke2", Main: true, Routes: []vpc.Route{
				{Destination: any4, Target: vpc.ToTransitGateway("tgw-1")},
			}},
			// spoke2's attachment subnet only delivers locally.
			{ID: "rtb-s2-tgw", VPC: "spoke2", Subnets: []string{"s2-tgw-b"}},
			{ID: "rtb-eg-tgw", VPC: "egress", Subnets: []string{"eg-tgw-a"}, Routes: []vpc.Route{
				{Destination: any4, Target: vpc.ToNATGateway("nat-eg")},
			}},
			{ID: "rtb-eg-pub", VPC: "egress", Subnets: []string{"eg-pub-a"}, Routes: []vpc.Route{
				{Destination: any4, Target: vpc.ToInternetGateway("igw-eg")},
				{Destination: pfx("10.0.0.0/8"), Target: vpc.ToTransitGateway("tgw-1")},
			}},
		},
		SecurityGroups: []vpc.SecurityGroup{
			xrOpenSG("sg-hub", "hub"), xrOpenSG("sg-s1", "spoke1"), xrOpenSG("sg-s2", "spoke2"),
			// The shared database admits Postgres from spoke1's app group,
			// by reference across the transit gateway.
			{ID: "sg-hub-db", VPC: "hub", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), Group: "sg-s1"}}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-hub-a", Subnet: "hub-app-a", SecurityGroups: []string{"sg-hub"}},
			{ID: "eni-hub-b", Subnet: "hub-app-b", SecurityGroups: []string{"sg-hub"}},
			{ID: "eni-hub-db", Subnet: "hub-app-a", Kind: vpc.KindRDS, SecurityGroups: []string{"sg-hub-db"}},
			{ID: "eni-s1", Subnet: "s1-app-a", SecurityGroups: []string{"sg-s1"}},
			{ID: "eni-s1-b", Subnet: "s1-app-b", SecurityGroups: []string{"sg-s1"}},
			{ID: "eni-s1-tgw", Subnet: "s1-tgw-a", SecurityGroups: []string{"sg-s1"}},
			{ID: "eni-s2", Subnet: "s2-app-b", SecurityGroups: []string{"sg-s2"}},
		},
	}
	return n
}

// xrACL is a network ACL that denies one CIDR (rule 100) in one direction
// and allows everything else (rule 200) both ways.
func xrACL(id, vpcID, subnet string, inbound bool, deny string) vpc.NetworkACL {
	allow := vpc.ACLEntry{Number: 200, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: pfx("0.0.0.0/0")}
	d := vpc.ACLEntry{Number: 100, Action: vpc.Deny, Protocol: vpc.ProtocolAll, CIDR: pfx(deny)}
	a := vpc.NetworkACL{ID: id, VPC: vpcID, Subnets: []string{subnet},
		Inbound: []vpc.ACLEntry{allow}, Outbound: []vpc.ACLEntry{allow}}
	if inbound {
		a.Inbound = append(a.Inbound, d)
	} else {
		a.Outbound = append(a.Outbound, d)
	}
	return a
}

// xrPartner peers the hub of tgwNet with a partner VPC (10.5.0.0/16) and
// sends the partner's CIDR from the spokes' table to the hub.
func xrPartner(n *Network) {
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "partner", CIDRs: []netip.Prefix{pfx("10.5.0.0/16")}, Region: "us-east-1"})
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "partner-a", VPC: "partner", AvailabilityZone: "us-east-1a", CIDR: pfx("10.5.1.0/24")})
	n.PeeringConnections = append(n.PeeringConnections, vpc.PeeringConnection{ID: "pcx-hub-partner", RequesterVPC: "hub", AccepterVPC: "partner"})
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-partner", VPC: "partner", Main: true,
		Routes: []vpc.Route{{Destination: pfx("10.0.0.0/8"), Target: vpc.ToPeeringConnection("pcx-hub-partner")}}})
	xrRouteTable(n, "rtb-hub").Routes = append(xrRouteTable(n, "rtb-hub").Routes,
		vpc.Route{Destination: pfx("10.5.0.0/16"), Target: vpc.ToPeeringConnection("pcx-hub-partner")})
	n.TransitGatewayRouteTables[0].Routes = append(n.TransitGatewayRouteTables[0].Routes,
		vpc.TGWRoute{Destination: pfx("10.5.0.0/16"), Attachment: "att-hub"})
	n.SecurityGroups = append(n.SecurityGroups, xrOpenSG("sg-partner", "partner"))
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-partner", Subnet: "partner-a", SecurityGroups: []string{"sg-partner"}})
}

// xrSpoke3 attaches a third spoke whose CIDR overlaps spoke1's (10.1.0.0/16),
// with a host at 10.1.64.4; it propagates into the hub's table, as spoke1
// does.
func xrSpoke3(n *Network, cidr string) {
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "spoke3", CIDRs: []netip.Prefix{pfx(cidr)}, Region: "us-east-1"})
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "s3-app-a", VPC: "spoke3", AvailabilityZone: "us-east-1a", CIDR: pfx("10.1.64.0/24")})
	n.TransitGatewayAttachments = append(n.TransitGatewayAttachments, vpc.TransitGatewayAttachment{ID: "att-s3", TransitGateway: "tgw-1",
		VPC: "spoke3", Subnets: []string{"s3-app-a"}, RouteTable: "tgw-rtb-spokes", Propagations: []string{"tgw-rtb-hub"}})
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-s3", VPC: "spoke3", Main: true,
		Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToTransitGateway("tgw-1")}}})
	n.SecurityGroups = append(n.SecurityGroups, xrOpenSG("sg-s3", "spoke3"))
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-s3", Subnet: "s3-app-a", SecurityGroups: []string{"sg-s3"},
		PrivateIPs: []netip.Addr{addr("10.1.64.4")}})
}

// Key hops of tgwNet's spoke1 -> hub leg and back.
var (
	xrS1Out   = []string{"s1-app-a: network-acl outbound", "s1-app-a: route [rtb-s1 route 0.0.0.0/0 -> transit-gateway tgw-1]", "s1-tgw-a: network-acl inbound"}
	xrS1ToHub = append(slices.Clone(xrS1Out),
		"tgw-1: transit gateway route [tgw-rtb-spokes route 10.0.0.0/16 -> att-hub (propagated): att-s1 -> att-hub via hub-tgw-a]",
		"hub-tgw-a: network-acl outbound", "hub-tgw-a: route [rtb-hub route 10.0.0.0/16 -> local]", "hub-app-a: network-acl inbound")
	xrHubToS1 = []string{"hub-app-a: network-acl outbound", "hub-app-a: route [rtb-hub route 10.0.0.0/8 -> transit-gateway tgw-1]",
		"hub-tgw-a: network-acl inbound",
		"tgw-1: transit gateway route [tgw-rtb-hub route 10.1.0.0/16 -> att-s1 (propagated): att-hub -> att-s1 via s1-tgw-a]",
		"s1-tgw-a: network-acl outbound", "s1-tgw-a: route [rtb-s1 route 10.1.0.0/16 -> local]", "s1-app-a: network-acl inbound"}
	xrHubIngress = "eni-hub-a: security-group ingress [sg-hub ingress rule 0: all from 10.0.0.0/8]"
)

func TestCrossTransitGatewayRules(t *testing.T) {
	pg := func(from, to string) Query { return Query{From: ENI(from), To: ENI(to), Port: 5432} }
	cases := []xrCase{
		{name: "spoke to hub through the transit gateway",
			q: pg("eni-s1", "eni-hub-a"),
			want: xrAnswer{Status: Reachable,
				Path: append(slices.Clone(xrS1ToHub), xrHubIngress), Reply: xrHubToS1}},
		{name: "hub to spoke: the hub's association routes it",
			q: Query{From: ENI("eni-hub-a"), To: ENI("eni-s1"), Port: 22},
			want: xrAnswer{Status: Reachable,
				Path: append(slices.Clone(xrHubToS1), "eni-s1: security-group ingress [sg-s1 ingress rule 0: all from 10.0.0.0/8]"),
				Reply: []string{"s1-app-a: network-acl outbound", "s1-app-a: route [rtb-s1 route 0.0.0.0/0 -> transit-gateway tgw-1]", "s1-tgw-a: network-acl inbound",
					"tgw-1: transit gateway route [tgw-rtb-spokes route 10.0.0.0/16 -> att-hub (propagated): att-s1 -> att-hub via hub-tgw-a]",
					"hub-tgw-a: network-acl outbound", "hub-tgw-a: route [rtb-hub route 10.0.0.0/16 -> local]", "hub-app-a: network-acl inbound"}}},
		{name: "the transit gateway delivers in the sender's AZ when the attachment has a subnet there",
			q: pg("eni-s2", "eni-hub-b"),
			want: xrAnswer{Status: Reachable,
				Path: []string{"s2-app-b: network-acl outbound", "s2-app-b: route [rtb-s2 route 0.0.0.0/0 -> transit-gateway tgw-1]", "s2-tgw-b: network-acl inbound",
					"tgw-1: transit gateway route [tgw-rtb-spokes route 10.0.0.0/16 -> att-hub (propagated): att-s2 -> att-hub via hub-tgw-b]",
					"hub-tgw-b: network-acl outbound", "hub-tgw-b: route [rtb-hub route 10.0.0.0/16 -> local]", "hub-app-b: network-acl inbound",
					"eni-hub-b: security-group ingress [sg-hub ingress rule 0: all from 10.0.0.0/8]"},
				Reply: []string{"hub-app-b: network-acl outbound", "hub-app-b: route [rtb-hub route 10.0.0.0/8 -> transit-gateway tgw-1]", "hub-tgw-b: network-acl inbound",
					"tgw-1: transit gateway route [tgw-rtb-hub route 10.2.0.0/16 -> att-s2 (propagated): att-hub -> att-s2 via s2-tgw-b]",
					"s2-tgw-b: network-acl outbound", "s2-tgw-b: route [rtb-s2-tgw route 10.2.0.0/16 -> local]", "s2-app-b: network-acl inbound"}}},
		{name: "attachment missing the sender's AZ",
			q: pg("eni-s1-b", "eni-hub-a"),
			want: xrAnswer{Status: Blocked, Reason: AZMismatch, Block: "s1-app-b: route",
				Path: []string{"s1-app-b: network-acl outbound"}}},
		{name: "static route beats a propagated one of the same prefix",
			// A static 10.1.0.0/16 to spoke2's attachment (a mistake)
			// overrides spoke1's propagated route; spoke2's attachment
			// subnet has no route on.
			edit: func(n *Network) {
				n.TransitGatewayRouteTables[1].Routes = []vpc.TGWRoute{{Destination: pfx("10.1.0.0/16"), Attachment: "att-s2"}}
			},
			q: Query{From: ENI("eni-hub-b"), To: ENI("eni-s1"), Port: 22},
			want: xrAnswer{Status: Blocked, Reason: NoRoute, Block: "s2-tgw-b: route",
				Path: []string{"hub-app-b: network-acl outbound", "hub-app-b: route [rtb-hub route 10.0.0.0/8 -> transit-gateway tgw-1]", "hub-tgw-b: network-acl inbound",
					"tgw-1: transit gateway route [tgw-rtb-hub route 10.1.0.0/16 -> att-s2: att-hub -> att-s2 via s2-tgw-b]",
					"s2-tgw-b: network-acl outbound"}}},
		{name: "a longer propagated prefix beats a shorter static route",
			edit: func(n *Network) {
				n.TransitGatewayRouteTables[1].Routes = []vpc.TGWRoute{{Destination: pfx("10.0.0.0/8"), Attachment: "att-s2"}}
			},
			q: Query{From: ENI("eni-hub-a"), To: ENI("eni-s1"), Port: 22},
			want: xrAnswer{Status: Reachable,
				Path: append(slices.Clone(xrHubToS1), "eni-s1: security-group ingress [sg-s1 ingress rule 0: all from 10.0.0.0/8]"),
				Reply: []string{"s1-app-a: network-acl outbound", "s1-app-a: route [rtb-s1 route 0.0.0.0/0 -> transit-gateway tgw-1]", "s1-tgw-a: network-acl inbound",
					"tgw-1: transit gateway route [tgw-rtb-spokes route 10.0.0.0/16 -> att-hub (propagated): att-s1 -> att-hub via hub-tgw-a]",
					"hub-tgw-a: network-acl outbound", "hub-tgw-a: route [rtb-hub route 10.0.0.0/16 -> local]", "hub-app-a: network-acl inbound"}}},
		{name: "blackhole route isolates the spokes",
			q:    Query{From: ENI("eni-s1"), To: ENI("eni-s2"), Port: 22},
			want: xrAnswer{Status: Blocked, Reason: BlackholeRoute, Block: "tgw-1: transit gateway route", Path: xrS1Out},
			check: func(t *testing.T, r *Result) {
				if want := (RuleRef{Resource: "tgw-rtb-spokes", List: "routes", Index: 1}); r.Block.Ref != want {
					t.Errorf("Block.Ref = %+v, want %+v", r.Block.Ref, want)
				}
			}},
		{name: "without the blackhole, spokes leak to each other through the egress vpc's nat gateway",
			edit: func(n *Network) { n.TransitGatewayRouteTables[0].Routes = n.TransitGatewayRouteTables[0].Routes[:1] },
			q:    Query{From: ENI("eni-s1"), To: ENI("eni-s2"), Port: 22},
			want: xrAnswer{Status: Reachable,
				Path: append(slices.Clone(xrS1Out),
					"tgw-1: transit gateway route [tgw-rtb-spokes route 0.0.0.0/0 -> att-eg: att-s1 -> att-eg via eg-tgw-a]",
					"eg-tgw-a: network-acl outbound", "eg-tgw-a: route [rtb-eg-tgw route 0.0.0.0/0 -> nat-gateway nat-eg]",
					"eg-pub-a: network-acl inbound", "nat-eg: source nat", "eg-pub-a: network-acl outbound", "eg-pub-a: route [rtb-eg-pub route 10.0.0.0/8 -> transit-gateway tgw-1]",
					"eg-tgw-a: network-acl inbound",
					"tgw-1: transit gateway route [tgw-rtb-hub route 10.2.0.0/16 -> att-s2 (propagated): att-eg -> att-s2 via s2-tgw-b]",
					"s2-tgw-b: network-acl outbound", "s2-tgw-b: route [rtb-s2-tgw route 10.2.0.0/16 -> local]", "s2-app-b: network-acl inbound",
					"eni-s2: security-group ingress [sg-s2 ingress rule 0: all from 10.0.0.0/8]"),
				Reply: []string{"s2-app-b: network-acl outbound", "s2-app-b: route [rtb-s2 route 0.0.0.0/0 -> transit-gateway tgw-1]", "s2-tgw-b: network-acl inbound",
					"tgw-1: transit gateway route [tgw-rtb-spokes route 0.0.0.0/0 -> att-eg: att-s2 -> att-eg via eg-tgw-a]",
					"eg-tgw-a: network-acl outbound", "eg-tgw-a: route [rtb-eg-tgw route 10.9.0.0/16 -> local]", "eg-pub-a: network-acl inbound",
					"nat-eg: reverse nat", "eg-pub-a: network-acl outbound", "eg-pub-a: route [rtb-eg-pub route 10.0.0.0/8 -> transit-gateway tgw-1]", "eg-tgw-a: network-acl inbound",
					"tgw-1: transit gateway route [tgw-rtb-hub route 10.1.0.0/16 -> att-s1 (propagated): att-eg -> att-s1 via s1-tgw-a]",
					"s1-tgw-a: network-acl outbound", "s1-tgw-a: route [rtb-s1 route 10.1.0.0/16 -> local]", "s1-app-a: network-acl inbound"}}},
		{name: "attachment with no associated route table: no route at the transit gateway",
			edit: func(n *Network) { n.TransitGatewayAttachments[1].RouteTable = "" },
			q:    pg("eni-s1", "eni-hub-a"),
			want: xrAnswer{Status: Blocked, Reason: NoRoute, Block: "tgw-1: transit gateway route", Path: xrS1Out}},
		{name: "transit gateway route table without the destination",
			edit: func(n *Network) {
				n.TransitGatewayAttachments[0].Propagations = nil
				n.TransitGatewayRouteTables[0].Routes = nil
			},
			q:    pg("eni-s1", "eni-hub-a"),
			want: xrAnswer{Status: Blocked, Reason: NoRoute, Block: "tgw-1: transit gateway route", Path: xrS1Out}},
		{name: "the attachment is gone: its routes stay as blackholes",
			// AWS refuses a route to a transit gateway the VPC is not
			// attached to; one left behind by a deleted attachment is a
			// blackhole.
			edit: func(n *Network) {
				n.TransitGatewayAttachments = slices.Delete(n.TransitGatewayAttachments, 1, 2)
				// sg-hub-db may not name sg-s1 any more.
				n.SecurityGroups[3].Ingress[0] = vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), CIDR: pfx("10.1.0.0/16")}
				for i := range xrRouteTable(n, "rtb-s1").Routes {
					xrRouteTable(n, "rtb-s1").Routes[i].Blackhole = true
				}
			},
			q:    pg("eni-s1", "eni-hub-a"),
			want: xrAnswer{Status: Blocked, Reason: BlackholeRoute, Block: "s1-app-a: route", Path: xrS1Out[:1]}},
		{name: "asymmetric: forward through the transit gateway, reply to a pending peering",
			edit: func(n *Network) {
				n.PeeringConnections = []vpc.PeeringConnection{{ID: "pcx-hub-s1", RequesterVPC: "hub", AccepterVPC: "spoke1", Status: vpc.PeeringPendingAcceptance}}
				xrRouteTable(n, "rtb-s1").Routes = append(xrRouteTable(n, "rtb-s1").Routes,
					vpc.Route{Destination: pfx("10.0.0.0/16"), Target: vpc.ToPeeringConnection("pcx-hub-s1")})
			},
			q: Query{From: ENI("eni-hub-a"), To: ENI("eni-s1"), Port: 22},
			want: xrAnswer{Status: ReplyBlocked, Reason: BadState, Block: "pcx-hub-s1: peering",
				Path: append(slices.Clone(xrHubToS1), "eni-s1: security-group ingress [sg-s1 ingress rule 0: all from 10.0.0.0/8]"),
				Reply: []string{"s1-app-a: network-acl outbound",
					"s1-app-a: route [rtb-s1 route 10.0.0.0/16 -> vpc-peering-connection pcx-hub-s1]"}}},
		{name: "asymmetric: the reply's route table at the transit gateway has no route back",
			// The hub no longer propagates into the spokes' table, which
			// keeps no default route: hub -> spoke2 goes, the reply does
			// not come back.
			edit: func(n *Network) {
				n.TransitGatewayAttachments[0].Propagations = nil
				n.TransitGatewayRouteTables[0].Routes = nil
			},
			q: Query{From: ENI("eni-hub-b"), To: ENI("eni-s2"), Port: 22},
			want: xrAnswer{Status: ReplyBlocked, Reason: NoRoute, Block: "tgw-1: transit gateway route",
				Path: []string{"hub-app-b: network-acl outbound", "hub-app-b: route [rtb-hub route 10.0.0.0/8 -> transit-gateway tgw-1]", "hub-tgw-b: network-acl inbound",
					"tgw-1: transit gateway route [tgw-rtb-hub route 10.2.0.0/16 -> att-s2 (propagated): att-hub -> att-s2 via s2-tgw-b]",
					"s2-tgw-b: network-acl outbound", "s2-tgw-b: route [rtb-s2-tgw route 10.2.0.0/16 -> local]", "s2-app-b: network-acl inbound",
					"eni-s2: security-group ingress [sg-s2 ingress rule 0: all from 10.0.0.0/8]"},
				Reply: []string{"s2-app-b: network-acl outbound", "s2-app-b: route [rtb-s2 route 0.0.0.0/0 -> transit-gateway tgw-1]", "s2-tgw-b: network-acl inbound"}}},
		{name: "security group reference across the transit gateway, referencing off: no match",
			q: pg("eni-s1", "eni-hub-db"),
			want: xrAnswer{Status: Blocked, Reason: SGIngress, Block: "eni-hub-db: security-group ingress",
				Path: xrS1ToHub}},
		{name: "security group reference across the transit gateway, referencing on: match",
			edit: func(n *Network) { n.TransitGateways[0].SecurityGroupReferencing = true },
			q:    pg("eni-s1", "eni-hub-db"),
			want: xrAnswer{Status: Reachable,
				Path:  append(slices.Clone(xrS1ToHub), "eni-hub-db: security-group ingress [sg-hub-db ingress rule 0: tcp 5432 from sg-s1]"),
				Reply: xrHubToS1}},
		{name: "security group reference, referencing on but disabled on the attachment: no match",
			edit: func(n *Network) {
				n.TransitGateways[0].SecurityGroupReferencing = true
				n.TransitGatewayAttachments[1].SecurityGroupReferencingDisabled = true
			},
			q: pg("eni-s1", "eni-hub-db"),
			want: xrAnswer{Status: Blocked, Reason: SGIngress, Block: "eni-hub-db: security-group ingress",
				Path: xrS1ToHub}},
		{name: "attachment subnet nacl inbound applies on entry to the transit gateway",
			edit: func(n *Network) {
				n.NetworkACLs = append(n.NetworkACLs, xrACL("acl-s1-tgw", "spoke1", "s1-tgw-a", true, "10.1.1.0/24"))
			},
			q:    pg("eni-s1", "eni-hub-a"),
			want: xrAnswer{Status: Blocked, Reason: NACLInbound, Block: "s1-tgw-a: network-acl inbound", Path: xrS1Out[:2]}},
		{name: "attachment subnet nacl outbound applies on exit from the transit gateway",
			edit: func(n *Network) {
				n.NetworkACLs = append(n.NetworkACLs, xrACL("acl-hub-tgw", "hub", "hub-tgw-a", false, "10.0.1.0/24"))
			},
			q: pg("eni-s1", "eni-hub-a"),
			want: xrAnswer{Status: Blocked, Reason: NACLOutbound, Block: "hub-tgw-a: network-acl outbound",
				Path: append(slices.Clone(xrS1Out), "tgw-1: transit gateway route [tgw-rtb-spokes route 10.0.0.0/16 -> att-hub (propagated): att-s1 -> att-hub via hub-tgw-a]")}},
		{name: "attachment subnet nacl outbound does not see traffic from instances to the transit gateway",
			edit: func(n *Network) {
				n.NetworkACLs = append(n.NetworkACLs, xrACL("acl-s1-tgw", "spoke1", "s1-tgw-a", false, "10.0.0.0/16"))
			},
			q:    pg("eni-s1", "eni-hub-a"),
			want: xrAnswer{Status: Reachable, Path: append(slices.Clone(xrS1ToHub), xrHubIngress), Reply: xrHubToS1}},
		{name: "attachment subnet nacl inbound does not see traffic from the transit gateway to instances",
			edit: func(n *Network) {
				n.NetworkACLs = append(n.NetworkACLs, xrACL("acl-hub-tgw", "hub", "hub-tgw-a", true, "10.1.0.0/16"))
			},
			q:    pg("eni-s1", "eni-hub-a"),
			want: xrAnswer{Status: Reachable, Path: append(slices.Clone(xrS1ToHub), xrHubIngress), Reply: xrHubToS1}},
		{name: "reply: the attachment subnet nacl of the receiving side applies on the way back",
			// The reply leaves the transit gateway through s1-tgw-a, whose
			// outbound entries see it (destination: the client).
			edit: func(n *Network) {
				n.NetworkACLs = append(n.NetworkACLs, xrACL("acl-s1-tgw", "spoke1", "s1-tgw-a", false, "10.1.1.0/24"))
			},
			q: pg("eni-s1", "eni-hub-a"),
			want: xrAnswer{Status: ReplyBlocked, Reason: NACLOutbound, Block: "s1-tgw-a: network-acl outbound",
				Path:  append(slices.Clone(xrS1ToHub), xrHubIngress),
				Reply: xrHubToS1[:4]}},
		{name: "instance in the attachment subnet: traffic from the transit gateway skips the nacl",
			// AWS: from the transit gateway to instances of its own
			// subnet, neither inbound nor outbound entries are evaluated.
			edit: func(n *Network) {
				n.NetworkACLs = append(n.NetworkACLs, xrACL("acl-s1-tgw", "spoke1", "s1-tgw-a", true, "10.0.0.0/16"))
			},
			q: Query{From: ENI("eni-hub-a"), To: ENI("eni-s1-tgw"), Port: 22},
			want: xrAnswer{Status: Reachable,
				Path: append(slices.Clone(xrHubToS1[:4]),
					"s1-tgw-a: same-subnet delivery", "eni-s1-tgw: security-group ingress [sg-s1 ingress rule 0: all from 10.0.0.0/8]"),
				// The reply, from the instance to the transit gateway in its
				// own subnet, meets the subnet's ACL both ways.
				Reply: []string{"s1-tgw-a: network-acl outbound", "s1-tgw-a: route [rtb-s1 route 0.0.0.0/0 -> transit-gateway tgw-1]",
					"s1-tgw-a: network-acl inbound", "tgw-1: transit gateway route [tgw-rtb-spokes route 10.0.0.0/16 -> att-hub (propagated): att-s1 -> att-hub via hub-tgw-a]",
					"hub-tgw-a: network-acl outbound", "hub-tgw-a: route [rtb-hub route 10.0.0.0/16 -> local]", "hub-app-a: network-acl inbound"}}},
		{name: "instance in the attachment subnet: its nacl outbound sees traffic to the transit gateway",
			// AWS (Transit Gateway guide, "Network ACLs"): with instances
			// and the attachment in one subnet, traffic from the instances
			// to the transit gateway is evaluated by the subnet's outbound
			// (destination) and inbound (source) entries.
			edit: func(n *Network) {
				n.NetworkACLs = append(n.NetworkACLs, xrACL("acl-s1-tgw", "spoke1", "s1-tgw-a", false, "10.0.0.0/16"))
			},
			q:    pg("eni-s1-tgw", "eni-hub-a"),
			want: xrAnswer{Status: Blocked, Reason: NACLOutbound, Block: "s1-tgw-a: network-acl outbound"}},
		{name: "instance in the attachment subnet: its nacl inbound sees traffic to the transit gateway",
			edit: func(n *Network) {
				n.NetworkACLs = append(n.NetworkACLs, xrACL("acl-s1-tgw", "spoke1", "s1-tgw-a", true, "10.1.0.0/28"))
			},
			q: pg("eni-s1-tgw", "eni-hub-a"),
			want: xrAnswer{Status: Blocked, Reason: NACLInbound, Block: "s1-tgw-a: network-acl inbound",
				Path: []string{"s1-tgw-a: network-acl outbound", "s1-tgw-a: route [rtb-s1 route 0.0.0.0/0 -> transit-gateway tgw-1]"}}},
		{name: "centralized egress through the transit gateway to the egress vpc's nat gateway",
			q: Query{From: ENI("eni-s1"), To: InternetAddress(addr("198.51.100.7")), Port: 443},
			want: xrAnswer{Status: Reachable,
				Path: append(slices.Clone(xrS1Out),
					"tgw-1: transit gateway route [tgw-rtb-spokes route 0.0.0.0/0 -> att-eg: att-s1 -> att-eg via eg-tgw-a]",
					"eg-tgw-a: network-acl outbound", "eg-tgw-a: route [rtb-eg-tgw route 0.0.0.0/0 -> nat-gateway nat-eg]",
					"eg-pub-a: network-acl inbound", "nat-eg: source nat", "eg-pub-a: network-acl outbound",
					"eg-pub-a: route [rtb-eg-pub route 0.0.0.0/0 -> internet-gateway igw-eg]", "igw-eg: public address translation",
					"internet: deliver"),
				Reply: []string{"internet: internet", "igw-eg: public address translation", "eg-pub-a: network-acl inbound",
					"nat-eg: reverse nat", "eg-pub-a: network-acl outbound", "eg-pub-a: route [rtb-eg-pub route 10.0.0.0/8 -> transit-gateway tgw-1]", "eg-tgw-a: network-acl inbound",
					"tgw-1: transit gateway route [tgw-rtb-hub route 10.1.0.0/16 -> att-s1 (propagated): att-eg -> att-s1 via s1-tgw-a]",
					"s1-tgw-a: network-acl outbound", "s1-tgw-a: route [rtb-s1 route 10.1.0.0/16 -> local]", "s1-app-a: network-acl inbound"}},
			check: func(t *testing.T, r *Result) {
				// The internet sees the NAT gateway's Elastic IP.
				last := r.Path[len(r.Path)-1].Packet
				if last.Src != addr("52.9.0.1") {
					t.Errorf("the internet sees source %s, want the NAT gateway's Elastic IP 52.9.0.1", last.Src)
				}
			}},
		{name: "transit gateway into a vpc, then out over its peering: not transitive",
			// The hub peers with a partner VPC; the spokes' table sends
			// the partner's CIDR to the hub, whose subnets route it to the
			// peering. The spokes' addresses are not the hub's.
			edit: xrPartner,
			q:    Query{From: ENI("eni-s1"), To: ENI("eni-partner"), Port: 22},
			want: xrAnswer{Status: Blocked, Reason: NonTransitive, Block: "pcx-hub-partner: peering",
				Path: append(slices.Clone(xrS1Out),
					"tgw-1: transit gateway route [tgw-rtb-spokes route 10.5.0.0/16 -> att-hub: att-s1 -> att-hub via hub-tgw-a]",
					"hub-tgw-a: network-acl outbound", "hub-tgw-a: route [rtb-hub route 10.5.0.0/16 -> vpc-peering-connection pcx-hub-partner]")}},
		{name: "the hub itself reaches its peer",
			edit: xrPartner,
			q:    Query{From: ENI("eni-hub-a"), To: ENI("eni-partner"), Port: 22},
			want: xrAnswer{Status: Reachable,
				Path: []string{"hub-app-a: network-acl outbound", "hub-app-a: route [rtb-hub route 10.5.0.0/16 -> vpc-peering-connection pcx-hub-partner]",
					"pcx-hub-partner: peering [hub -> partner]", "partner-a: network-acl inbound",
					"eni-partner: security-group ingress [sg-partner ingress rule 0: all from 10.0.0.0/8]"},
				Reply: []string{"partner-a: network-acl outbound", "partner-a: route [rtb-partner route 10.0.0.0/8 -> vpc-peering-connection pcx-hub-partner]",
					"pcx-hub-partner: peering [partner -> hub]", "hub-app-a: network-acl inbound"}}},
		{name: "two attached vpcs with the same cidr: the first attachment's propagated route wins",
			edit: func(n *Network) { xrSpoke3(n, "10.1.0.0/16") },
			q:    Query{From: ENI("eni-hub-a"), To: ENI("eni-s3"), Port: 22},
			want: xrAnswer{Status: Blocked, Reason: UnknownDestination, Block: "spoke1: local delivery",
				Path: append(slices.Clone(xrHubToS1[:3]),
					"tgw-1: transit gateway route [tgw-rtb-hub route 10.1.0.0/16 -> att-s1 (propagated): att-hub -> att-s1 via s1-tgw-a]",
					"s1-tgw-a: network-acl outbound", "s1-tgw-a: route [rtb-s1 route 10.1.0.0/16 -> local]")}},
		{name: "overlapping vpc cidrs: the later vpc's cidr is not propagated (so its hosts are not reached)",
			// Transit Gateways guide, "Route propagation": a VPC whose CIDR
			// overlaps an attached VPC
			// does not get its routes propagated. vpcsim has no attachment
			// time; the attachment whose ID sorts first counts as attached
			// first, so spoke3's 10.1.0.0/17 is left out and 10.1.64.4
			// goes to spoke1, which has no such host.
			edit: func(n *Network) { xrSpoke3(n, "10.1.0.0/17") },
			q:    Query{From: ENI("eni-hub-a"), To: ENI("eni-s3"), Port: 22},
			want: xrAnswer{Status: Blocked, Reason: UnknownDestination, Block: "spoke1: local delivery",
				Path: append(slices.Clone(xrHubToS1[:3]),
					"tgw-1: transit gateway route [tgw-rtb-hub route 10.1.0.0/16 -> att-s1 (propagated): att-hub -> att-s1 via s1-tgw-a]",
					"s1-tgw-a: network-acl outbound", "s1-tgw-a: route [rtb-s1 route 10.1.0.0/16 -> local]")}},
		{name: "overlapping vpc cidrs: the first vpc keeps all of its cidr",
			edit: func(n *Network) { xrSpoke3(n, "10.1.0.0/17") },
			q:    Query{From: ENI("eni-hub-a"), To: ENI("eni-s1"), Port: 22},
			want: xrAnswer{Status: Reachable,
				Path: append(slices.Clone(xrHubToS1), "eni-s1: security-group ingress [sg-s1 ingress rule 0: all from 10.0.0.0/8]"),
				Reply: []string{"s1-app-a: network-acl outbound", "s1-app-a: route [rtb-s1 route 0.0.0.0/0 -> transit-gateway tgw-1]", "s1-tgw-a: network-acl inbound",
					"tgw-1: transit gateway route [tgw-rtb-spokes route 10.0.0.0/16 -> att-hub (propagated): att-s1 -> att-hub via hub-tgw-a]",
					"hub-tgw-a: network-acl outbound", "hub-tgw-a: route [rtb-hub route 10.0.0.0/16 -> local]", "hub-app-a: network-acl inbound"}}},
	}
	runXR(t, tgwNet, cases)
}

// =========================================================================
// Validation of the cross-VPC resources

func TestCrossValidateCrossVPC(t *testing.T) {
	tests := []struct {
		name string
		base func() *Network
		edit func(n *Network)
		want []vtErr
	}{
		{name: "peerNet is valid", base: peerNet},
		{name: "tgwNet is valid", base: tgwNet},
		{name: "overlapping peered cidrs", base: peerNet,
			edit: func(n *Network) {
				n.VPCs[1].CIDRs = []netip.Prefix{pfx("10.10.0.0/17")}
				n.Subnets[2].CIDR = pfx("10.10.1.0/24")
			},
			want: []vtErr{{"vpc-peering-connection", "pcx-ab", "accepterVpc", vtOverlap}}},
		{name: "overlapping secondary cidr", base: peerNet,
			edit: func(n *Network) { n.VPCs[1].CIDRs = append(n.VPCs[1].CIDRs, pfx("10.10.128.0/17")) },
			want: []vtErr{{"vpc-peering-connection", "pcx-ab", "accepterVpc", vtOverlap}}},
		{name: "duplicate peering between the same vpcs", base: peerNet,
			edit: func(n *Network) {
				n.PeeringConnections = append(n.PeeringConnections, vpc.PeeringConnection{ID: "pcx-ab2", RequesterVPC: "vpc-b", AccepterVPC: "vpc-a"})
			},
			want: []vtErr{{"vpc-peering-connection", "pcx-ab2", "accepterVpc", vtConflict}, {"vpc-peering-connection", "pcx-ab2", "requesterVpc", vtConflict}}},
		{name: "peering with itself", base: peerNet,
			edit: func(n *Network) { n.PeeringConnections[0].AccepterVPC = "vpc-a" },
			want: []vtErr{{"vpc-peering-connection", "pcx-ab", "accepterVpc", vtInvalid},
				// rtb-b's routes now name a peering that does not join vpc-b,
				// and sg-b-db names a group of a vpc it is not peered with.
				{"route-table", "rtb-b", "routes[0].target.id", vtWrongVPC}, {"route-table", "rtb-b", "routes[1].target.id", vtWrongVPC},
				{"security-group", "sg-b-db", "ingress[0].group", vtWrongVPC}}},
		{name: "peering with an unknown vpc", base: peerNet,
			edit: func(n *Network) { n.PeeringConnections[2].AccepterVPC = "vpc-gone" },
			want: []vtErr{{"vpc-peering-connection", "pcx-af", "accepterVpc", vtUnknown}, {"route-table", "rtb-f", "routes[0].target.id", vtWrongVPC}}},
		{name: "unknown peering status", base: peerNet,
			edit: func(n *Network) { n.PeeringConnections[0].Status = "up" },
			want: []vtErr{{"vpc-peering-connection", "pcx-ab", "status", vtInvalid}}},
		{name: "route to a peering that does not join the vpc", base: peerNet,
			edit: func(n *Network) { xrRouteTable(n, "rtb-c").Routes[0].Target = vpc.ToPeeringConnection("pcx-ab") },
			want: []vtErr{{"route-table", "rtb-c", "routes[0].target.id", vtWrongVPC}}},
		{name: "security group reference across a cross-region peering", base: peerNet,
			edit: func(n *Network) {
				n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-f-db", VPC: "vpc-f",
					Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), Group: "sg-a-app"}}})
			},
			want: []vtErr{{"security-group", "sg-f-db", "ingress[0].group", vtWrongVPC}}},
		{name: "security group reference to a vpc with no connection", base: peerNet,
			edit: func(n *Network) { n.SecurityGroups[5].Ingress[0].Group = "sg-f" },
			want: []vtErr{{"security-group", "sg-b-db", "ingress[0].group", vtWrongVPC}}},
		{name: "security group reference across a transit gateway is accepted, referencing off", base: tgwNet},
		{name: "attachment with two subnets in one AZ", base: tgwNet,
			edit: func(n *Network) {
				n.TransitGatewayAttachments[0].Subnets = []string{"hub-tgw-a", "hub-app-a", "hub-tgw-b"}
			},
			want: []vtErr{{"transit-gateway-attachment", "att-hub", "subnets[1]", vtConflict}}},
		{name: "attachment with no subnet", base: tgwNet,
			edit: func(n *Network) { n.TransitGatewayAttachments[0].Subnets = nil },
			want: []vtErr{{"transit-gateway-attachment", "att-hub", "subnets", vtInvalid}}},
		{name: "attachment subnet of another vpc", base: tgwNet,
			edit: func(n *Network) { n.TransitGatewayAttachments[0].Subnets = []string{"hub-tgw-a", "s2-tgw-b"} },
			want: []vtErr{{"transit-gateway-attachment", "att-hub", "subnets[1]", vtWrongVPC}}},
		{name: "attachment to an unknown transit gateway and subnet", base: tgwNet,
			edit: func(n *Network) {
				n.TransitGatewayAttachments[3].TransitGateway = "tgw-gone"
				n.TransitGatewayAttachments[3].Subnets = []string{"eg-gone"}
			},
			want: []vtErr{
				{"route-table", "rtb-eg-pub", "routes[1].target.id", vtWrongVPC}, // the egress VPC is no longer on tgw-1
				{"transit-gateway-attachment", "att-eg", "transitGateway", vtUnknown},
				{"transit-gateway-attachment", "att-eg", "subnets[0]", vtUnknown},
				{"transit-gateway-attachment", "att-eg", "routeTable", vtWrongVPC},
				{"transit-gateway-route-table", "tgw-rtb-spokes", "routes[0].attachment", vtWrongVPC},
			}},
		{name: "two attachments of one vpc to one transit gateway", base: tgwNet,
			edit: func(n *Network) {
				n.TransitGatewayAttachments = append(n.TransitGatewayAttachments, vpc.TransitGatewayAttachment{
					ID: "att-hub2", TransitGateway: "tgw-1", VPC: "hub", Subnets: []string{"hub-app-a"}})
			},
			want: []vtErr{{"transit-gateway-attachment", "att-hub2", "vpc", vtConflict}}},
		{name: "attachment associated with a route table of another transit gateway", base: tgwNet,
			edit: func(n *Network) {
				n.TransitGateways = append(n.TransitGateways, vpc.TransitGateway{ID: "tgw-2"})
				n.TransitGatewayRouteTables = append(n.TransitGatewayRouteTables, vpc.TransitGatewayRouteTable{ID: "tgw2-rtb", TransitGateway: "tgw-2"})
				n.TransitGatewayAttachments[1].RouteTable = "tgw2-rtb"
				n.TransitGatewayAttachments[2].Propagations = []string{"tgw-rtb-hub", "tgw2-rtb"}
			},
			want: []vtErr{
				{"transit-gateway-attachment", "att-s1", "routeTable", vtWrongVPC},
				{"transit-gateway-attachment", "att-s2", "propagations[1]", vtWrongVPC},
			}},
		{name: "attachment naming an unknown route table", base: tgwNet,
			edit: func(n *Network) {
				n.TransitGatewayAttachments[1].RouteTable = "tgw-rtb-gone"
				n.TransitGatewayAttachments[2].Propagations = []string{""}
			},
			want: []vtErr{
				{"transit-gateway-attachment", "att-s1", "routeTable", vtUnknown},
				{"transit-gateway-attachment", "att-s2", "propagations[0]", vtInvalid},
			}},
		{name: "transit gateway route to an attachment of another transit gateway", base: tgwNet,
			edit: func(n *Network) {
				n.TransitGateways = append(n.TransitGateways, vpc.TransitGateway{ID: "tgw-2"})
				n.TransitGatewayAttachments[3].TransitGateway = "tgw-2"
				n.TransitGatewayAttachments[3].RouteTable = ""
			},
			want: []vtErr{
				// The egress VPC is no longer attached to tgw-1, which its
				// route names.
				{"route-table", "rtb-eg-pub", "routes[1].target.id", vtWrongVPC},
				{"transit-gateway-route-table", "tgw-rtb-spokes", "routes[0].attachment", vtWrongVPC}}},
		{name: "transit gateway route errors", base: tgwNet,
			edit: func(n *Network) {
				n.TransitGatewayRouteTables[0].Routes = append(n.TransitGatewayRouteTables[0].Routes,
					vpc.TGWRoute{Destination: pfx("10.2.0.0/16"), Attachment: "att-s2"},   // duplicate destination
					vpc.TGWRoute{Destination: pfx("10.3.0.0/16"), Attachment: "att-gone"}, // unknown attachment
					vpc.TGWRoute{Destination: pfx("10.4.0.0/16"), Attachment: "att-s2", Blackhole: true},
					vpc.TGWRoute{Destination: pfx("10.5.0.0/16")},                             // neither attachment nor blackhole
					vpc.TGWRoute{Destination: vtNonCanonical("10.6.0.1/16"), Blackhole: true}, // host bits set
				)
			},
			want: []vtErr{
				{"transit-gateway-route-table", "tgw-rtb-spokes", "routes[3].destination", vtConflict},
				{"transit-gateway-route-table", "tgw-rtb-spokes", "routes[4].attachment", vtUnknown},
				{"transit-gateway-route-table", "tgw-rtb-spokes", "routes[5].attachment", vtInvalid},
				{"transit-gateway-route-table", "tgw-rtb-spokes", "routes[6].attachment", vtInvalid},
				{"transit-gateway-route-table", "tgw-rtb-spokes", "routes[7].destination", vtInvalid},
			}},
		{name: "transit gateway route table of an unknown transit gateway", base: tgwNet,
			edit: func(n *Network) { n.TransitGatewayRouteTables[1].TransitGateway = "tgw-gone" },
			want: []vtErr{
				{"transit-gateway-route-table", "tgw-rtb-hub", "transitGateway", vtUnknown},
				{"transit-gateway-attachment", "att-hub", "routeTable", vtWrongVPC},
				{"transit-gateway-attachment", "att-s1", "propagations[0]", vtWrongVPC},
				{"transit-gateway-attachment", "att-s2", "propagations[0]", vtWrongVPC},
				{"transit-gateway-attachment", "att-eg", "routeTable", vtWrongVPC},
			}},
		{name: "security group reference across two transit gateways", base: tgwNet,
			// spoke1 moves to its own transit gateway: the hub's database
			// group can no longer name sg-s1.
			edit: func(n *Network) {
				n.TransitGateways = append(n.TransitGateways, vpc.TransitGateway{ID: "tgw-2"})
				n.TransitGatewayAttachments[1].TransitGateway = "tgw-2"
				n.TransitGatewayAttachments[1].RouteTable = ""
				n.TransitGatewayAttachments[1].Propagations = nil
			},
			want: []vtErr{
				{"route-table", "rtb-s1", "routes[0].target.id", vtWrongVPC}, // spoke1 is no longer on tgw-1
				{"security-group", "sg-hub-db", "ingress[0].group", vtWrongVPC}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := tt.base()
			if tt.edit != nil {
				tt.edit(n)
			}
			got := vtErrs(t, n.Validate())
			sortVT := func(e []vtErr) []vtErr {
				slices.SortFunc(e, func(a, b vtErr) int {
					return strings.Compare(a.Resource+" "+a.ID+" "+a.Field+" "+a.Kind, b.Resource+" "+b.ID+" "+b.Field+" "+b.Kind)
				})
				return e
			}
			if diff := cmp.Diff(sortVT(tt.want), sortVT(got)); diff != "" {
				t.Errorf("Validate() (-want +got):\n%s\n%v", diff, n.Validate())
			}
		})
	}
}
