package sim_test

// Security group references on a reply routed through an appliance the
// request did not pass (asymmetric routing). Such an appliance holds no
// connection state for the flow, so its groups judge the reply by their
// rules, as a new flow (Amazon EC2 User Guide, "Connection tracking":
// replies pass only where the connection was tracked). A rule naming a
// group matches traffic from the private addresses of the interfaces
// carrying that group (Amazon VPC User Guide, "Security group rules",
// security group referencing): the replying server's group matches the
// reply, the client's does not, and past another appliance the server's
// does not either (the packet then comes from that appliance's interface).

import (
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/internal/reference"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// allFromGroup is an ingress rule admitting everything from group g.
func allFromGroup(g string) vpc.SGRule { return vpc.SGRule{Protocol: vpc.ProtocolAll, Group: g} }

// TestApplianceReplyGroupReference: in propNextHopNet, eni-b's replies to
// eni-x are routed through eni-fw, which the request did not pass. eni-fw
// in its own group sg-fw admits them when sg-fw names eni-b's group
// (sg-open), not when it names eni-x's (sg-1).
func TestApplianceReplyGroupReference(t *testing.T) {
	for _, c := range []struct {
		name string
		rule vpc.SGRule
		want reference.Verdict
	}{
		{name: "the server's group", rule: allFromGroup("sg-open"), want: reachable},
		{name: "the client's group", rule: allFromGroup("sg-1"),
			want: reference.Verdict{Status: sim.ReplyBlocked, Reason: sim.SGIngress}},
		{name: "the server's subnet", rule: vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.AllPorts, CIDR: ppfx("10.0.2.0/24")}, want: reachable},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := propNextHopNet()
			n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-fw", VPC: "vpc-1",
				Ingress: []vpc.SGRule{c.rule}, Egress: []vpc.SGRule{vpc.AllowAllEgress()}})
			n.NetworkInterfaces[1].SecurityGroups = []string{"sg-fw"}
			res := factReach(t, n, sim.Query{From: sim.ENI("eni-x"), To: sim.ENI("eni-b"), Port: 22}, c.want)
			if c.want.Status != sim.Reachable {
				factBlock(t, res, "eni-fw", sim.RuleRef{})
				return
			}
			factDiff(t, "eni-fw's rule admitting the reply",
				[]sim.RuleRef{{Resource: "sg-fw", List: "ingress", Index: 0}},
				refsOf(factHops(res.Reply, sim.KindInterface, sim.StepSGIngress), "eni-fw"))
		})
	}
}

// twoVPCApplianceNet: the client eni-x (10.0.0.10, sg-x) in vpc-a
// (10.0.0.0/16); the server eni-b (10.1.2.10, sg-b, which admits
// 10.0.0.0/16) and the appliance eni-fw (10.1.0.10, sg-fw with ingress
// fwIngress, source/destination check off) in vpc-b (10.1.0.0/16),
// peered by pcx-1. vpc-a routes 10.1.0.0/16 to the peering connection;
// eni-b's subnet routes 10.0.0.0/16 to eni-fw, whose subnet routes it to
// the peering connection. The request goes straight to eni-b; the reply
// through eni-fw.
func twoVPCApplianceNet(fwIngress vpc.SGRule) *sim.Network {
	all := []vpc.SGRule{vpc.AllowAllEgress()}
	return &sim.Network{
		VPCs: []vpc.VPC{
			{ID: "vpc-a", CIDRs: []netip.Prefix{ppfx("10.0.0.0/16")}},
			{ID: "vpc-b", CIDRs: []netip.Prefix{ppfx("10.1.0.0/16")}},
		},
		Subnets: []vpc.Subnet{
			{ID: "subnet-a", VPC: "vpc-a", AvailabilityZone: "us-east-1a", CIDR: ppfx("10.0.0.0/24")},
			{ID: "subnet-fw", VPC: "vpc-b", AvailabilityZone: "us-east-1a", CIDR: ppfx("10.1.0.0/24")},
			{ID: "subnet-b", VPC: "vpc-b", AvailabilityZone: "us-east-1a", CIDR: ppfx("10.1.2.0/24")},
		},
		PeeringConnections: []vpc.PeeringConnection{{ID: "pcx-1", RequesterVPC: "vpc-a", AccepterVPC: "vpc-b"}},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-a", VPC: "vpc-a", Main: true, Routes: []vpc.Route{{Destination: ppfx("10.1.0.0/16"), Target: vpc.ToPeeringConnection("pcx-1")}}},
			{ID: "rtb-b", VPC: "vpc-b", Subnets: []string{"subnet-b"}, Routes: []vpc.Route{{Destination: ppfx("10.0.0.0/16"), Target: vpc.ToNetworkInterface("eni-fw")}}},
			{ID: "rtb-fw", VPC: "vpc-b", Subnets: []string{"subnet-fw"}, Routes: []vpc.Route{{Destination: ppfx("10.0.0.0/16"), Target: vpc.ToPeeringConnection("pcx-1")}}},
		},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-x", VPC: "vpc-a", Egress: all},
			{ID: "sg-b", VPC: "vpc-b", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: ppfx("10.0.0.0/16")}}, Egress: all},
			{ID: "sg-fw", VPC: "vpc-b", Ingress: []vpc.SGRule{fwIngress}, Egress: all},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-x", Subnet: "subnet-a", PrivateIPs: []netip.Addr{paddr("10.0.0.10")}, SecurityGroups: []string{"sg-x"}},
			{ID: "eni-fw", Subnet: "subnet-fw", PrivateIPs: []netip.Addr{paddr("10.1.0.10")}, SecurityGroups: []string{"sg-fw"}, SourceDestCheckDisabled: true},
			{ID: "eni-b", Subnet: "subnet-b", PrivateIPs: []netip.Addr{paddr("10.1.2.10")}, SecurityGroups: []string{"sg-b"}},
		},
	}
}

// TestApplianceReplyGroupReferenceOtherVPC: the same across a peering
// connection, with the server and the appliance in the second VPC: the
// reply's source is a private address in the server's VPC, where sg-b's
// members are, not in the client's.
func TestApplianceReplyGroupReferenceOtherVPC(t *testing.T) {
	q := sim.Query{From: sim.ENI("eni-x"), To: sim.ENI("eni-b"), Port: 22}
	t.Run("the server's group", func(t *testing.T) {
		res := factReach(t, twoVPCApplianceNet(allFromGroup("sg-b")), q, reachable)
		factDiff(t, "eni-fw's rule admitting the reply",
			[]sim.RuleRef{{Resource: "sg-fw", List: "ingress", Index: 0}},
			refsOf(factHops(res.Reply, sim.KindInterface, sim.StepSGIngress), "eni-fw"))
		if got := factPackets(res.Path, "eni-fw", "", ""); len(got) != 0 {
			t.Errorf("the request passed eni-fw: %v", got)
		}
	})
	t.Run("the client's group across the peering", func(t *testing.T) {
		res := factReach(t, twoVPCApplianceNet(allFromGroup("sg-x")), q, reference.Verdict{Status: sim.ReplyBlocked, Reason: sim.SGIngress})
		factBlock(t, res, "eni-fw", sim.RuleRef{})
	})
}

// TestApplianceReplyGroupReferenceAfterAppliance: in propNextHopNet with
// the reply routed through two appliances (eni-fw1, then eni-fw2), a rule
// of eni-fw2 naming the server's group does not match: the reply comes
// from eni-fw1; a rule naming the server's subnet does.
func TestApplianceReplyGroupReferenceAfterAppliance(t *testing.T) {
	for _, c := range []struct {
		name string
		rule vpc.SGRule
		want reference.Verdict
	}{
		{name: "the server's group", rule: allFromGroup("sg-open"),
			want: reference.Verdict{Status: sim.ReplyBlocked, Reason: sim.SGIngress}},
		{name: "the server's subnet", rule: vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: ppfx("10.0.2.0/24")}, want: reachable},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := propNextHopNet()
			n.Subnets = append(n.Subnets,
				vpc.Subnet{ID: "subnet-fw1", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: ppfx("10.0.4.0/24")},
				vpc.Subnet{ID: "subnet-fw2", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: ppfx("10.0.5.0/24")})
			n.RouteTables = []vpc.RouteTable{
				{ID: "rtb-b", VPC: "vpc-1", Subnets: []string{"subnet-b"},
					Routes: []vpc.Route{{Destination: ppfx("10.0.0.0/24"), Target: vpc.ToNetworkInterface("eni-fw1")}}},
				{ID: "rtb-fw1", VPC: "vpc-1", Subnets: []string{"subnet-fw1"},
					Routes: []vpc.Route{{Destination: ppfx("10.0.0.0/24"), Target: vpc.ToNetworkInterface("eni-fw2")}}},
			}
			n.SecurityGroups = append(n.SecurityGroups,
				vpc.SecurityGroup{ID: "sg-fw1", VPC: "vpc-1", Ingress: []vpc.SGRule{allFromGroup("sg-open")}, Egress: []vpc.SGRule{vpc.AllowAllEgress()}},
				vpc.SecurityGroup{ID: "sg-fw2", VPC: "vpc-1", Ingress: []vpc.SGRule{c.rule}, Egress: []vpc.SGRule{vpc.AllowAllEgress()}})
			n.NetworkInterfaces = []vpc.NetworkInterface{
				{ID: "eni-x", Subnet: "subnet-a", PrivateIPs: []netip.Addr{paddr("10.0.0.10")}, SecurityGroups: []string{"sg-1"}},
				{ID: "eni-b", Subnet: "subnet-b", PrivateIPs: []netip.Addr{paddr("10.0.2.10")}, SecurityGroups: []string{"sg-open"}},
				{ID: "eni-fw1", Subnet: "subnet-fw1", PrivateIPs: []netip.Addr{paddr("10.0.4.10")}, SecurityGroups: []string{"sg-fw1"}, SourceDestCheckDisabled: true},
				{ID: "eni-fw2", Subnet: "subnet-fw2", PrivateIPs: []netip.Addr{paddr("10.0.5.10")}, SecurityGroups: []string{"sg-fw2"}, SourceDestCheckDisabled: true},
			}
			res := factReach(t, n, sim.Query{From: sim.ENI("eni-x"), To: sim.ENI("eni-b"), Port: 22}, c.want)
			// eni-fw1 admitted the reply by the server's group either way.
			factDiff(t, "eni-fw1's rule admitting the reply",
				[]sim.RuleRef{{Resource: "sg-fw1", List: "ingress", Index: 0}},
				refsOf(factHops(res.Reply, sim.KindInterface, sim.StepSGIngress), "eni-fw1"))
			if c.want.Status != sim.Reachable {
				factBlock(t, res, "eni-fw2", sim.RuleRef{})
			}
		})
	}
}
