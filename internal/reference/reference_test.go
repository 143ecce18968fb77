package reference

import (
	"testing"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// TestFacts: the reference answers every fact as AWS documents it.
func TestFacts(t *testing.T) {
	names := map[string]bool{}
	for _, f := range Facts() {
		t.Run(f.Name, func(t *testing.T) {
			if names[f.Name] {
				t.Fatalf("two facts named %q", f.Name)
			}
			names[f.Name] = true
			if err := f.Network.Validate(); err != nil {
				t.Fatalf("the fact's network is invalid: %v", err)
			}
			got, err := New(f.Network).Verdict(f.Query)
			if err != nil {
				t.Fatalf("%s: %v", f.Query, err)
			}
			if got != f.Want {
				t.Errorf("%s: got %s, want %s (%s)", f.Query, got, f.Want, f.Source)
			}
		})
	}
}

// TestVerdictErrors: what the reference does not model is an error, not
// an answer.
func TestVerdictErrors(t *testing.T) {
	assigned := factBase()
	assigned.NetworkInterfaces[1].PrivateIPs = nil
	wantsPublic := factBase()
	yes := true
	wantsPublic.NetworkInterfaces[1].AssignPublicIP = &yes
	for _, c := range []struct {
		name string
		n    *sim.Network
		q    sim.Query
	}{
		{"an address left to the engine", assigned, tcp(sim.ENI("eni-a"), sim.ENI("eni-b"), 22)},
		{"a public address left to the engine", wantsPublic, tcp(sim.ENI("eni-a"), sim.ENI("eni-b"), 22)},
		{"a subnet host", factBase(), tcp(sim.SubnetHost("subnet-a"), sim.ENI("eni-b"), 22)},
		{"the free internet endpoint", factBase(), tcp(sim.Internet(), sim.ENI("eni-a"), 22)},
		{"protocol all", factBase(), sim.Query{From: sim.ENI("eni-a"), To: sim.ENI("eni-b"), Protocol: vpc.ProtocolAll}},
		{"no port", factBase(), sim.Query{From: sim.ENI("eni-a"), To: sim.ENI("eni-b")}},
		{"an unknown interface", factBase(), tcp(sim.ENI("eni-a"), sim.ENI("eni-zz"), 22)},
		{"an address not of the interface", factBase(), tcp(sim.ENIAddr("eni-a", addr("10.0.2.10")), sim.ENI("eni-b"), 22)},
		{"the same interface", factBase(), tcp(sim.ENI("eni-a"), sim.Address(addr("54.0.0.1")), 22)},
		{"a NAT gateway as source", factBase(), tcp(sim.Address(addr("52.0.0.10")), sim.ENI("eni-b"), 22)},
		{"mixed families", factBase(), tcp(sim.ENI("eni-a"), sim.InternetAddress(addr("2600:9000::1")), 22)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if v, err := New(c.n).Verdict(c.q); err == nil {
				t.Errorf("%s: got %s, want an error", c.q, v)
			}
		})
	}
}

// TestCheckHop: the hop checker accepts a security group hop naming a
// rule of the first port when the groups together admit the range, and
// names what is wrong otherwise.
func TestCheckHop(t *testing.T) {
	n := with(withGroups("eni-b", vpc.SecurityGroup{ID: "sg-b", Ingress: []vpc.SGRule{
		tcpFrom(anyV4, vpc.Ports(1024, 40000)),  // 0
		tcpFrom(anyV4, vpc.Ports(40001, 65535)), // 1
		tcpFrom(anyV4, vpc.Port(22)),            // 2
	}}), withACL("subnet-b", "acl-b", []vpc.ACLEntry{
		entry(100, vpc.Allow, vpc.ProtocolTCP, anyV4, vpc.Ports(1024, 40000)),
		entry(200, vpc.Allow, vpc.ProtocolTCP, anyV4, vpc.Ports(30000, 65535)),
	}, nil))
	reply := func(lo, hi uint16) sim.Packet {
		return sim.Packet{Src: addr("10.0.0.10"), Dst: addr("10.0.2.10"), Protocol: vpc.ProtocolTCP, SrcPorts: vpc.Port(22), DstPorts: vpc.Ports(lo, hi)}
	}
	sgHop := func(i int, p sim.Packet) sim.Hop {
		return sim.Hop{Component: "eni-b", Kind: sim.KindInterface, Step: sim.StepSGIngress,
			Ref: sim.RuleRef{Resource: "sg-b", List: "ingress", Index: i}, Packet: p}
	}
	aclHop := func(i int, p sim.Packet) sim.Hop {
		return sim.Hop{Component: "subnet-b", Kind: sim.KindSubnet, Step: sim.StepACLInbound,
			Ref: sim.RuleRef{Resource: "acl-b", List: "inbound", Index: i}, Packet: p}
	}
	for _, c := range []struct {
		name string
		h    sim.Hop
		ok   bool
	}{
		{"the rule of the first port, the union covering the range", sgHop(0, reply(1024, 65535)), true},
		{"a rule not admitting the first port", sgHop(1, reply(1024, 65535)), false},
		{"a rule covering the whole range", sgHop(0, reply(2000, 3000)), true},
		{"the union not covering the range", sgHop(2, reply(22, 1023)), false},
		{"an index out of range", sgHop(3, reply(22, 22)), false},
		{"a group the interface does not carry", sim.Hop{Component: "eni-b", Ref: sim.RuleRef{Resource: "sg-open", List: "ingress", Index: 0}, Packet: reply(22, 22)}, false},
		{"the ACL entry deciding the first port", aclHop(100, reply(1024, 65535)), true},
		{"an ACL entry not deciding the first port", aclHop(200, reply(1024, 65535)), false},
		{"an ACL allowing only part of the range", aclHop(100, reply(1000, 2000)), false},
		{"a hop naming no rule", sim.Hop{Component: "eni-b", Kind: sim.KindInterface, Step: sim.StepSGReply, Packet: reply(1024, 65535)}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			why := New(n).CheckHop(c.h)
			if (why == "") != c.ok {
				t.Errorf("%s: CheckHop says %q, want it accepted: %v", c.h, why, c.ok)
			}
		})
	}
}

// TestCheckTranslations: the translation checker accepts what NAT and
// internet gateways do and names what they do not.
func TestCheckTranslations(t *testing.T) {
	n := factBase()
	pkt := func(src string, sp vpc.PortRange, dst string, dp vpc.PortRange) sim.Packet {
		return sim.Packet{Src: addr(src), Dst: addr(dst), Protocol: vpc.ProtocolTCP, SrcPorts: sp, DstPorts: dp}
	}
	hop := func(id string, k sim.ComponentKind, s sim.Step, p sim.Packet) sim.Hop {
		return sim.Hop{Component: id, Kind: k, Step: s, Packet: p}
	}
	eph, natPorts, https := vpc.Ports(32768, 60999), vpc.Ports(1024, 65535), vpc.Port(443)
	sent := hop("subnet-a", sim.KindSubnet, sim.StepRoute, pkt("10.0.0.10", eph, "8.8.8.8", https))
	nat := hop("nat-1", sim.KindNATGateway, sim.StepNAT, pkt("10.0.1.10", natPorts, "8.8.8.8", https))
	igwOut := hop("igw-1", sim.KindInternetGateway, sim.StepPublicNAT, pkt("52.0.0.10", natPorts, "8.8.8.8", https))
	back := hop("subnet-pub", sim.KindSubnet, sim.StepACLInbound, pkt("8.8.8.8", https, "10.0.1.10", natPorts))
	unNAT := hop("nat-1", sim.KindNATGateway, sim.StepUnNAT, pkt("8.8.8.8", https, "10.0.0.10", eph))
	for _, c := range []struct {
		name        string
		path, reply []sim.Hop
		ok          bool
	}{
		{"NAT and its reverse", []sim.Hop{sent, nat, igwOut}, []sim.Hop{back, unNAT}, true},
		{"NAT keeping the client's ports", []sim.Hop{sent, hop("nat-1", sim.KindNATGateway, sim.StepNAT, pkt("10.0.1.10", eph, "8.8.8.8", https))}, nil, false},
		{"reverse NAT to the gateway's ports", []sim.Hop{sent, nat}, []sim.Hop{back, hop("nat-1", sim.KindNATGateway, sim.StepUnNAT, pkt("8.8.8.8", https, "10.0.0.10", natPorts))}, false},
		{"reverse NAT without NAT", nil, []sim.Hop{back, unNAT}, false},
		{"an internet gateway borrowing another address", []sim.Hop{sent, hop("igw-1", sim.KindInternetGateway, sim.StepPublicNAT, pkt("54.0.0.9", eph, "8.8.8.8", https))}, nil, false},
		{"an internet gateway mapping the interface's public address", []sim.Hop{sent, hop("igw-1", sim.KindInternetGateway, sim.StepPublicNAT, pkt("54.0.0.1", eph, "8.8.8.8", https))}, nil, true},
		{"an internet gateway into the wrong address", []sim.Hop{
			hop("internet", sim.KindInternet, sim.StepInternet, pkt("8.8.8.8", eph, "54.0.0.1", https)),
			hop("igw-1", sim.KindInternetGateway, sim.StepPublicNAT, pkt("8.8.8.8", eph, "10.0.0.20", https))}, nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			why := New(n).CheckTranslations(c.path, c.reply)
			if (why == "") != c.ok {
				t.Errorf("CheckTranslations says %q, want it accepted: %v", why, c.ok)
			}
		})
	}
}
