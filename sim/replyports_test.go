package sim_test

// Ports on replies: network ACLs are stateless, so a reply must pass them
// on every port of the client's ephemeral range (Amazon VPC User Guide,
// "Network ACL rules", ephemeral ports: the reply's destination port is
// the port the client opened, and the client may use any port of its
// range); and a NAT gateway picks the source port of what it translates
// from 1024-65535, then translates the reply back to the client's own port
// (Amazon VPC User Guide, "NAT gateways": network ACLs of the NAT
// gateway's subnet must admit replies on 1024-65535).

import (
	"testing"

	"github.com/vpcsim/vpcsim/internal/reference"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

var (
	reachable = reference.Verdict{Status: sim.Reachable}
	anyIPv4   = ppfx("0.0.0.0/0")
)

// aclEntry is an ACL entry on every address.
func aclEntry(n int, a vpc.Action, p vpc.Protocol, ports vpc.PortRange) vpc.ACLEntry {
	return vpc.ACLEntry{Number: n, Action: a, Protocol: p, CIDR: anyIPv4, Ports: ports}
}

// allowAllEntry allows every protocol.
func allowAllEntry(n int) vpc.ACLEntry {
	return vpc.ACLEntry{Number: n, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: anyIPv4}
}

// TestReplyACLWholeEphemeralRange: a reply passes a network ACL only if
// every port of the client's range is allowed. An ACL admitting the first
// port of the range and not the rest blocks it; so does a deny entry in
// the middle of the range; pinning the source port or narrowing the range
// to what the ACL admits lets it through.
func TestReplyACLWholeEphemeralRange(t *testing.T) {
	client := func(in ...vpc.ACLEntry) vpc.NetworkACL {
		return vpc.NetworkACL{ID: "acl-a", VPC: "vpc-1", Subnets: []string{"subnet-a"},
			Inbound: in, Outbound: []vpc.ACLEntry{allowAllEntry(100)}}
	}
	server := func(out ...vpc.ACLEntry) vpc.NetworkACL {
		return vpc.NetworkACL{ID: "acl-b", VPC: "vpc-1", Subnets: []string{"subnet-b"},
			Inbound: []vpc.ACLEntry{allowAllEntry(100)}, Outbound: out}
	}
	firstOnly := client(aclEntry(100, vpc.Allow, vpc.ProtocolTCP, vpc.Ports(1024, 2000)))
	holeInRange := server(aclEntry(100, vpc.Deny, vpc.ProtocolTCP, vpc.Ports(40000, 40010)), allowAllEntry(200))
	for _, c := range []struct {
		name      string
		acl       vpc.NetworkACL
		eph       vpc.PortRange
		srcPort   uint16
		want      reference.Verdict
		blockedAt string
		blockRef  sim.RuleRef
		replyDst  vpc.PortRange // destination ports of the reply entering subnet-a
	}{
		{name: "client ACL admits the first ports only", acl: firstOnly,
			want: reference.Verdict{Status: sim.ReplyBlocked, Reason: sim.NACLInbound},
			// Port 2001 matches no entry: the final deny.
			blockedAt: "subnet-a", blockRef: sim.RuleRef{Resource: "acl-a", List: "inbound", Index: -1}},
		{name: "client range within the ACL", acl: firstOnly, eph: vpc.Ports(1024, 2000),
			want: reachable, replyDst: vpc.Ports(1024, 2000)},
		{name: "pinned source port within the ACL", acl: firstOnly, srcPort: 1500,
			want: reachable, replyDst: vpc.Port(1500)},
		{name: "pinned source port outside the ACL", acl: firstOnly, srcPort: 2001,
			want:      reference.Verdict{Status: sim.ReplyBlocked, Reason: sim.NACLInbound},
			blockedAt: "subnet-a", blockRef: sim.RuleRef{Resource: "acl-a", List: "inbound", Index: -1}},
		{name: "server ACL denies ports inside the range", acl: holeInRange,
			want:      reference.Verdict{Status: sim.ReplyBlocked, Reason: sim.NACLOutbound},
			blockedAt: "subnet-b", blockRef: sim.RuleRef{Resource: "acl-b", List: "outbound", Index: 100}},
		{name: "Linux range below the hole", acl: holeInRange, eph: vpc.Ports(32768, 39999),
			want: reachable, replyDst: vpc.Ports(32768, 39999)},
		{name: "Windows range above the hole", acl: holeInRange, eph: vpc.Ports(49152, 65535),
			want: reachable, replyDst: vpc.Ports(49152, 65535)},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := propBugBase()
			n.NetworkACLs = []vpc.NetworkACL{c.acl}
			q := sim.Query{From: sim.ENI("eni-a"), To: sim.ENI("eni-b"), Port: 22, EphemeralPorts: c.eph, SrcPort: c.srcPort}
			res := factReach(t, n, q, c.want)
			if c.want.Status != sim.Reachable {
				factBlock(t, res, c.blockedAt, c.blockRef)
				return
			}
			// The reply is judged on the client's ports, at both ACLs.
			var got []vpc.PortRange
			for _, p := range factPackets(res.Reply, "subnet-a", sim.KindSubnet, sim.StepACLInbound) {
				got = append(got, p.DstPorts)
			}
			factDiff(t, "destination ports of the reply at subnet-a's ACL", []vpc.PortRange{c.replyDst}, got)
		})
	}
}

// natNet is propBugBase with subnet-a sending everything to nat-1 and the
// given ACLs.
func natNet(acls ...vpc.NetworkACL) *sim.Network {
	n := propBugBase()
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-a", VPC: "vpc-1", Subnets: []string{"subnet-a"},
		Routes: []vpc.Route{{Destination: anyIPv4, Target: vpc.ToNATGateway("nat-1")}}})
	n.NetworkACLs = acls
	return n
}

// TestNATPortTranslation follows the ports of a flow through a NAT
// gateway: the client's ports up to the gateway, 1024-65535 after it (the
// gateway picks the source port), and on the reply 1024-65535 up to the
// gateway and the client's own ports after it.
func TestNATPortTranslation(t *testing.T) {
	const (
		client    = "10.0.0.10"
		natPriv   = "10.0.1.10"
		natPublic = "52.0.0.10"
		host      = "8.8.8.8"
	)
	natPorts := vpc.Ports(1024, 65535)
	for _, c := range []struct {
		name       string
		eph        vpc.PortRange
		srcPort    uint16
		clientSide vpc.PortRange // the client's source ports as it sends
	}{
		{name: "default range", clientSide: vpc.Ports(1024, 65535)},
		{name: "Linux range", eph: vpc.Ports(32768, 60999), clientSide: vpc.Ports(32768, 60999)},
		{name: "pinned source port", srcPort: 40000, clientSide: vpc.Port(40000)},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := natNet()
			q := sim.Query{From: sim.ENI("eni-a"), To: sim.InternetAddress(paddr(host)), Port: 443, EphemeralPorts: c.eph, SrcPort: c.srcPort}
			res := factReach(t, n, q, reachable)
			tcp := func(src string, sp vpc.PortRange, dst string, dp vpc.PortRange) sim.Packet {
				return sim.Packet{Src: paddr(src), Dst: paddr(dst), Protocol: vpc.ProtocolTCP, SrcPorts: sp, DstPorts: dp}
			}
			// Forward: the client's ports as it leaves, the gateway's
			// after the translation, and after the internet gateway.
			factDiff(t, "forward packet leaving eni-a",
				[]sim.Packet{tcp(client, c.clientSide, host, vpc.Port(443))},
				factPackets(res.Path, "eni-a", sim.KindInterface, sim.StepSGEgress))
			factDiff(t, "forward packet after nat-1",
				[]sim.Packet{tcp(natPriv, natPorts, host, vpc.Port(443))},
				factPackets(res.Path, "nat-1", sim.KindNATGateway, sim.StepNAT))
			factDiff(t, "forward packet after igw-1",
				[]sim.Packet{tcp(natPublic, natPorts, host, vpc.Port(443))},
				factPackets(res.Path, "igw-1", sim.KindInternetGateway, sim.StepPublicNAT))
			// Reply: to the gateway's ports, then back to the client's.
			factDiff(t, "reply entering subnet-pub",
				[]sim.Packet{tcp(host, vpc.Port(443), natPriv, natPorts)},
				factPackets(res.Reply, "subnet-pub", sim.KindSubnet, sim.StepACLInbound))
			factDiff(t, "reply after nat-1",
				[]sim.Packet{tcp(host, vpc.Port(443), client, c.clientSide)},
				factPackets(res.Reply, "nat-1", sim.KindNATGateway, sim.StepUnNAT))
			factDiff(t, "reply entering subnet-a",
				[]sim.Packet{tcp(host, vpc.Port(443), client, c.clientSide)},
				factPackets(res.Reply, "subnet-a", sim.KindSubnet, sim.StepACLInbound))
		})
	}
}

// TestNATPortsMeetACLs: an ACL on the client's subnet that admits replies
// on the client's range only (not 1024-65535) lets the NAT gateway's
// replies in, since they are translated back first; the same ACL on the
// NAT gateway's subnet blocks them, since they arrive there on the
// gateway's ports.
func TestNATPortsMeetACLs(t *testing.T) {
	linux := vpc.Ports(32768, 60999)
	clientRangeOnly := []vpc.ACLEntry{
		aclEntry(100, vpc.Allow, vpc.ProtocolTCP, vpc.Port(443)), // the request, at the NAT gateway's subnet
		aclEntry(110, vpc.Allow, vpc.ProtocolTCP, linux),         // replies on the client's range
	}
	q := sim.Query{From: sim.ENI("eni-a"), To: sim.InternetAddress(paddr("8.8.8.8")), Port: 443, EphemeralPorts: linux}

	t.Run("client subnet", func(t *testing.T) {
		n := natNet(vpc.NetworkACL{ID: "acl-a", VPC: "vpc-1", Subnets: []string{"subnet-a"},
			Inbound: clientRangeOnly, Outbound: []vpc.ACLEntry{allowAllEntry(100)}})
		res := factReach(t, n, q, reachable)
		factDiff(t, "reply at subnet-a's ACL",
			[]sim.RuleRef{{Resource: "acl-a", List: "inbound", Index: 110}},
			refsOf(factHops(res.Reply, sim.KindSubnet, sim.StepACLInbound), "subnet-a"))
	})
	t.Run("NAT gateway subnet", func(t *testing.T) {
		n := natNet(vpc.NetworkACL{ID: "acl-pub", VPC: "vpc-1", Subnets: []string{"subnet-pub"},
			Inbound: clientRangeOnly, Outbound: []vpc.ACLEntry{allowAllEntry(100)}})
		res := factReach(t, n, q, reference.Verdict{Status: sim.ReplyBlocked, Reason: sim.NACLInbound})
		// Port 1024 of the gateway's range matches no entry.
		factBlock(t, res, "subnet-pub", sim.RuleRef{Resource: "acl-pub", List: "inbound", Index: -1})
	})
	t.Run("NAT gateway subnet admitting 1024-65535", func(t *testing.T) {
		n := natNet(vpc.NetworkACL{ID: "acl-pub", VPC: "vpc-1", Subnets: []string{"subnet-pub"},
			Inbound:  []vpc.ACLEntry{aclEntry(100, vpc.Allow, vpc.ProtocolTCP, vpc.Port(443)), aclEntry(110, vpc.Allow, vpc.ProtocolTCP, vpc.Ports(1024, 65535))},
			Outbound: []vpc.ACLEntry{allowAllEntry(100)}})
		factReach(t, n, q, reachable)
	})
}

// refsOf returns the rule references of the hops taken by component id.
func refsOf(hops []sim.Hop, id string) []sim.RuleRef {
	var out []sim.RuleRef
	for _, h := range hops {
		if h.Component == id {
			out = append(out, h.Ref)
		}
	}
	return out
}
