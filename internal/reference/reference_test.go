package reference

import (
	"testing"

	"github.com/vpcsim/vpcsim/elb"
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

// TestLoadBalancer: an internal Application Load Balancer in front of one
// interface, asked directly (the property tests compare the reference
// with the engine on random load balancers; this pins a few answers by
// hand).
func TestLoadBalancer(t *testing.T) {
	build := func(taskPeer string) *sim.Network {
		n := factBase()
		n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-c", VPC: "vpc-1", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.3.0/24")})
		n.SecurityGroups = append(n.SecurityGroups,
			vpc.SecurityGroup{ID: "sg-alb", VPC: "vpc-1", Ingress: []vpc.SGRule{tcpFrom(pfx("10.0.0.0/16"), vpc.Ports(80, 443))}, Egress: []vpc.SGRule{allTo(anyV4)}},
			vpc.SecurityGroup{ID: "sg-task", VPC: "vpc-1", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8080), Group: taskPeer}}, Egress: []vpc.SGRule{allTo(anyV4)}},
			vpc.SecurityGroup{ID: "sg-other", VPC: "vpc-1"})
		eniOf(n, "eni-b").SecurityGroups = []string{"sg-task"}
		n.LoadBalancers = []elb.LoadBalancer{{ID: "alb-1", Type: elb.Application, Scheme: elb.Internal, VPC: "vpc-1",
			Subnets: []elb.SubnetMapping{{Subnet: "subnet-a"}, {Subnet: "subnet-c"}}, SecurityGroups: []string{"sg-alb"}}}
		n.Listeners = []elb.Listener{{ID: "lis-1", LoadBalancer: "alb-1", Protocol: elb.HTTP, Port: 80, Default: elb.ForwardTo("tg-app"),
			Rules: []elb.Rule{{Priority: 10, Conditions: []elb.Condition{{Field: elb.PathPatternField, Values: []string{"/admin*"}}}, Action: elb.Respond(403, "text/plain", "")}}}}
		n.TargetGroups = []elb.TargetGroup{{ID: "tg-app", TargetType: elb.IPTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-1",
			Targets: []elb.Target{{IP: addr("10.0.2.10")}}}}
		return n
	}
	nodes := map[string]NodeAddrs{"alb-1/subnet-a": {Private: addr("10.0.0.50")}, "alb-1/subnet-c": {Private: addr("10.0.3.50")}}
	get := func(path string) *sim.HTTPRequest { return &sim.HTTPRequest{Path: path} }
	for _, c := range []struct {
		name string
		peer string
		q    sim.Query
		want Verdict
	}{
		{"the task admits the load balancer's group", "sg-alb", withRequest(tcp(sim.ENI("eni-a"), sim.LoadBalancer("alb-1"), 80), get("/")), Verdict{sim.Reachable, sim.NoReason}},
		{"no listener on the port", "sg-alb", tcp(sim.ENI("eni-a"), sim.LoadBalancer("alb-1"), 443), blocked(sim.NoListener)},
		{"a rule answers with a fixed response", "sg-alb", withRequest(tcp(sim.ENI("eni-a"), sim.LoadBalancer("alb-1"), 80), get("/admin/users")), blocked(sim.FixedResponse)},
		{"the task admits another group", "sg-other", withRequest(tcp(sim.ENI("eni-a"), sim.LoadBalancer("alb-1"), 80), get("/")), blocked(sim.SGIngress)},
		{"internal: the internet gets no public address", "sg-alb", tcp(sim.InternetAddress(addr("8.8.8.8")), sim.LoadBalancer("alb-1"), 80), blocked(sim.NoPublicIP)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := New(build(c.peer)).WithNodes(nodes).Verdict(c.q)
			if err != nil {
				t.Fatalf("%s: %v", c.q, err)
			}
			if got != c.want {
				t.Errorf("%s: got %s, want %s", c.q, got, c.want)
			}
		})
	}
	t.Run("nodes without addresses", func(t *testing.T) {
		if v, err := New(build("sg-alb")).Verdict(tcp(sim.ENI("eni-a"), sim.LoadBalancer("alb-1"), 80)); err == nil {
			t.Errorf("got %s, want an error naming the node without addresses", v)
		}
	})
}

func withRequest(q sim.Query, r *sim.HTTPRequest) sim.Query {
	q.Request = r
	return q
}
