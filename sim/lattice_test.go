package sim

import (
	"encoding/json"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/vpc"
)

// latticeNet is two accounts: the orders VPC (account 222222222222) calls
// the payments service (account 111111111111) through service network
// sn-shop, which the payments account shares with the orders account.
// Both VPCs use 10.0.0.0/16: Lattice does not route between them. The
// network and the service use AWS_IAM: the network lets in callers of the
// organization, the service lets the orders role POST to /charge.
func latticeNet() *Network {
	any4 := pfx("0.0.0.0/0")
	netPolicy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*",
		"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-shop"}}}]}`
	svcPolicy := `{"Version":"2012-10-17","Statement":[{"Sid":"OrdersCharge","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/orders"},
		"Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-payments/charge*",
		"Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"POST"}}}]}`
	return &Network{
		VPCs: []vpc.VPC{
			{ID: "vpc-orders", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, Account: "222222222222", Region: "us-east-1"},
			{ID: "vpc-payments", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, Account: "111111111111", Region: "us-east-1"},
		},
		Subnets: []vpc.Subnet{
			{ID: "orders-a", VPC: "vpc-orders", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.1.0/24")},
			{ID: "payments-a", VPC: "vpc-payments", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.1.0/24")},
			{ID: "payments-b", VPC: "vpc-payments", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.2.0/24")},
		},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-orders", VPC: "vpc-orders", Egress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("169.254.171.0/24")}}},
			{ID: "sg-assoc", VPC: "vpc-orders", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), Group: "sg-orders"}}},
			{ID: "sg-payments", VPC: "vpc-payments",
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8443), CIDR: pfx("169.254.171.0/24")}},
				Egress:  []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: any4}}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-orders", Subnet: "orders-a", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-orders"}},
			{ID: "eni-pay-1", Subnet: "payments-a", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-payments"}},
			{ID: "eni-pay-2", Subnet: "payments-b", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-payments"}},
			{ID: "eni-pay-canary", Subnet: "payments-b", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-payments"}},
		},
		ServiceNetworks: []lattice.ServiceNetwork{{ID: "sn-shop", Account: "111111111111", AuthType: lattice.AuthIAM, AuthPolicy: json.RawMessage(netPolicy)}},
		ServiceNetworkVPCAssociations: []lattice.ServiceNetworkVPCAssociation{
			{ID: "snva-orders", ServiceNetwork: "sn-shop", VPC: "vpc-orders", SecurityGroups: []string{"sg-assoc"}}},
		ServiceNetworkServiceAssociations: []lattice.ServiceNetworkServiceAssociation{
			{ID: "snsa-payments", ServiceNetwork: "sn-shop", Service: "svc-payments"}},
		LatticeServices: []lattice.Service{{ID: "svc-payments", Name: "payments", Account: "111111111111", AuthType: lattice.AuthIAM,
			AuthPolicy: json.RawMessage(svcPolicy),
			Listeners: []lattice.Listener{{ID: "lis-https", Protocol: lattice.ListenerHTTPS, Port: 443,
				DefaultAction: lattice.Respond(404),
				Rules: []lattice.Rule{{ID: "charge", Priority: 10, Match: lattice.HTTPMatch{PathMatch: &lattice.PathMatch{Prefix: "/charge"}},
					Action: lattice.ForwardWeighted(lattice.Weighted("tg-v1", 90), lattice.Weighted("tg-v2", 10))}}}}}},
		LatticeTargetGroups: []lattice.TargetGroup{
			{ID: "tg-v1", Account: "111111111111", Type: lattice.TargetIP, Protocol: lattice.ProtocolHTTPS, Port: 8443, VPC: "vpc-payments",
				Targets: []lattice.Target{{IP: addr("10.0.1.10")}, {IP: addr("10.0.2.10")}}},
			{ID: "tg-v2", Account: "111111111111", Type: lattice.TargetInstance, Protocol: lattice.ProtocolHTTPS, Port: 8443, VPC: "vpc-payments",
				Targets: []lattice.Target{{ID: "eni-pay-canary"}}},
		},
		ResourceShares: []lattice.ResourceShare{{ID: "share-shop", Owner: "111111111111", Resources: []string{"sn-shop"}, Principals: []string{"222222222222"}}},
		Accounts:       []lattice.Account{{ID: "222222222222", Organization: "o-shop"}, {ID: "111111111111", Organization: "o-shop"}},
	}
}

func withAddrs(n *Network) *Network {
	n.NetworkInterfaces[1].PrivateIPs = []netip.Addr{addr("10.0.1.10")}
	n.NetworkInterfaces[2].PrivateIPs = []netip.Addr{addr("10.0.2.10")}
	return n
}

var ordersRole = &policy.Principal{Account: "222222222222", ARN: "arn:aws:iam::222222222222:role/orders", OrgID: "o-shop"}

func charge(method string) Query {
	return Query{From: ENI("eni-orders"), To: LatticeService("svc-payments"), Port: 443,
		Request: &HTTPRequest{Method: method, Path: "/charge"}, Caller: ordersRole}
}

// TestLatticeRequest pins the order of VPC Lattice's checks (VPC Lattice
// User Guide: "Control traffic in VPC Lattice using security groups",
// "Control access to VPC Lattice services using auth policies", "Listener
// rules for your VPC Lattice service", "Target groups in VPC Lattice"):
// the client's egress to Lattice's addresses, the VPC's association and
// its security groups, the listener, both auth policies, the rule, the
// weighted target groups, and a leg from Lattice to each target, between
// VPCs whose CIDRs overlap.
func TestLatticeRequest(t *testing.T) {
	m := mustCompile(t, withAddrs(latticeNet()))
	r, err := m.Reach(charge("POST"))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Allowed() {
		t.Fatalf("POST /charge: %v (%v)\n%s", r.Status, r.Reason, r)
	}
	if d := cmp.Diff([]string{"tg-v1:10.0.1.10 reachable", "tg-v1:10.0.2.10 reachable", "tg-v2:eni-pay-canary reachable"}, branchTargets(r)); d != "" {
		t.Errorf("branches (-want +got):\n%s\n%s", d, r)
	}
	var shares []int
	for _, b := range r.Proxy.Branches {
		shares = append(shares, b.Share)
	}
	if d := cmp.Diff([]int{900, 900, 100}, shares); d != "" {
		t.Errorf("shares (-want +got):\n%s", d)
	}
	leg := r.Proxy.Branches[0].Leg
	if got := leg.Path[len(leg.Path)-1].Packet.Src; !latticePrefix4.Contains(got) {
		t.Errorf("the target sees %s, want an address of VPC Lattice\n%s", got, r)
	}
	if !strings.Contains(r.String(), "auth policy") {
		t.Errorf("the explanation does not show the auth policies:\n%s", r)
	}
}

// TestLatticeDenials pins each way a Lattice request is refused.
func TestLatticeDenials(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Network)
		q    func() Query
		want Verdict
	}{
		{"method the service policy does not allow", nil, func() Query { return charge("GET") }, Verdict{Blocked, AuthDenied}},
		{"anonymous caller", nil, func() Query { q := charge("POST"); q.Caller = nil; return q }, Verdict{Blocked, AuthDenied}},
		{"AWS_IAM without a policy denies everything", func(n *Network) { n.LatticeServices[0].AuthPolicy = nil },
			func() Query { return charge("POST") }, Verdict{Blocked, AuthDenied}},
		{"auth NONE lets anyone in", func(n *Network) {
			n.LatticeServices[0].AuthType, n.ServiceNetworks[0].AuthType = lattice.AuthNone, lattice.AuthNone
		}, func() Query { q := charge("GET"); q.Caller = nil; return q }, Verdict{Reachable, NoReason}},
		{"auth before rules", nil, func() Query { q := charge("POST"); q.Request.Path = "/refund"; return q }, Verdict{Blocked, AuthDenied}},
		{"default rule: fixed 404", func(n *Network) { n.LatticeServices[0].AuthType = lattice.AuthNone },
			func() Query { q := charge("POST"); q.Request.Path = "/refund"; return q }, Verdict{Blocked, FixedResponse}},
		{"vpc not associated", func(n *Network) { n.ServiceNetworkVPCAssociations = nil }, func() Query { return charge("POST") },
			Verdict{Blocked, LatticeNoAssociation}},
		{"service not in the network", func(n *Network) { n.ServiceNetworkServiceAssociations = nil }, func() Query { return charge("POST") },
			Verdict{Blocked, LatticeNoAssociation}},
		{"association security group", func(n *Network) { n.SecurityGroups[1].Ingress = nil }, func() Query { return charge("POST") },
			Verdict{Blocked, LatticeAssociationSG}},
		{"client egress to Lattice", func(n *Network) { n.SecurityGroups[0].Egress = nil }, func() Query { return charge("POST") },
			Verdict{Blocked, SGEgress}},
		{"no listener on the port", func(n *Network) {
			n.SecurityGroups[0].Egress = append(n.SecurityGroups[0].Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(80), CIDR: pfx("169.254.171.0/24")})
			n.SecurityGroups[1].Ingress = append(n.SecurityGroups[1].Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(80), Group: "sg-orders"})
		}, func() Query { q := charge("POST"); q.Port = 80; return q }, Verdict{Blocked, NoListener}},
		{"targets' groups do not admit Lattice", func(n *Network) { n.SecurityGroups[2].Ingress[0].CIDR = pfx("10.0.0.0/8") },
			func() Query { return charge("POST") }, Verdict{Blocked, SGIngress}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := withAddrs(latticeNet())
			if tc.edit != nil {
				tc.edit(n)
			}
			m := mustCompile(t, n)
			r, err := m.Reach(tc.q())
			if err != nil {
				t.Fatal(err)
			}
			if got := (Verdict{r.Status, r.Reason}); got != tc.want {
				t.Errorf("%v, want %v\n%s", got, tc.want, r)
			}
			if v, _ := m.Verdict(tc.q()); v != (Verdict{r.Status, r.Reason}) {
				t.Errorf("Verdict %v differs from Reach %v", v, r.Status)
			}
		})
	}
}

// TestLatticeHealth: targets Lattice's health checks cannot reach are
// unhealthy (their security groups must admit Lattice's addresses on the
// health-check port too: VPC Lattice User Guide, "Control traffic in VPC
// Lattice using security groups"); with some targets healthy only they get
// requests, with none Lattice routes to all (fail-open: "Target groups in
// VPC Lattice").
func TestLatticeHealth(t *testing.T) {
	n := withAddrs(latticeNet())
	n.LatticeTargetGroups[0].Targets[1].Health = lattice.HealthUnhealthy
	m := mustCompile(t, n)
	r, _ := m.Reach(charge("POST"))
	if !r.Allowed() {
		t.Fatalf("%v (%v)\n%s", r.Status, r.Reason, r)
	}
	var got []string
	for _, b := range r.Proxy.Branches {
		got = append(got, b.Target+" "+b.Health)
	}
	if d := cmp.Diff([]string{"10.0.1.10 HEALTHY", "10.0.2.10 UNHEALTHY", "eni-pay-canary HEALTHY"}, got); d != "" {
		t.Errorf("(-want +got):\n%s\n%s", d, r)
	}
	if r.Proxy.Branches[1].Share != 0 || r.Proxy.Branches[1].Leg != nil {
		t.Errorf("an unhealthy target beside healthy ones gets requests:\n%s", r)
	}
}

// TestLatticeValidation: what the Lattice API rejects.
func TestLatticeValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*Network)
		field string
	}{
		{"network not shared with the vpc's account", func(n *Network) { n.ResourceShares = nil }, "serviceNetwork"},
		{"second association of a vpc", func(n *Network) {
			n.ServiceNetworkVPCAssociations = append(n.ServiceNetworkVPCAssociations, lattice.ServiceNetworkVPCAssociation{ID: "snva-2", ServiceNetwork: "sn-shop", VPC: "vpc-orders"})
		}, "vpc"},
		{"duplicate rule priority", func(n *Network) {
			l := &n.LatticeServices[0].Listeners[0]
			l.Rules = append(l.Rules, lattice.Rule{ID: "again", Priority: 10, Action: lattice.Respond(404)})
		}, "listeners[0].rules[1].priority"},
		{"priority above 2000", func(n *Network) { n.LatticeServices[0].Listeners[0].Rules[0].Priority = 2001 }, "listeners[0].rules[0].priority"},
		{"weights missing among several", func(n *Network) {
			n.LatticeServices[0].Listeners[0].Rules[0].Action = lattice.Action{Forward: &lattice.ForwardAction{TargetGroups: []lattice.WeightedTargetGroup{{TargetGroup: "tg-v1"}, {TargetGroup: "tg-v2"}}}}
		}, "listeners[0].rules[0].action.forward.targetGroups[0].weight"},
		{"fixed response 200", func(n *Network) { n.LatticeServices[0].Listeners[0].DefaultAction = lattice.Respond(200) }, "listeners[0].defaultAction.fixedResponse.statusCode"},
		{"target group of another account", func(n *Network) { n.LatticeTargetGroups[0].Account = "333333333333" }, "listeners[0].rules[0].action.forward.targetGroups[0].targetGroup"},
		{"auth policy that does not parse", func(n *Network) { n.LatticeServices[0].AuthPolicy = json.RawMessage(`{"Statement":{}}`) }, "authPolicy"},
		{"ip target outside the vpc", func(n *Network) { n.LatticeTargetGroups[0].Targets[0].IP = addr("192.168.0.1") }, "targets[0].ip"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := withAddrs(latticeNet())
			tc.edit(n)
			err := n.Validate()
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Errorf("%v, want an error on field %s", err, tc.field)
			}
		})
	}
}

// TestLatticeTargetKinds: a Lambda target is invoked through the Lambda
// service, with no network path (VPC Lattice User Guide, "Lambda functions
// as targets"); an ALB target is reached at its node, whose security
// groups must admit Lattice's addresses, and whose own rules then send the
// request on ("Application Load Balancers as targets").
func TestLatticeTargetKinds(t *testing.T) {
	n := withAddrs(latticeNet())
	n.LatticeTargetGroups = append(n.LatticeTargetGroups,
		lattice.TargetGroup{ID: "tg-fn", Account: "111111111111", Type: lattice.TargetLambda, Targets: []lattice.Target{{ID: "arn:aws:lambda:us-east-1:111111111111:function:charge"}}},
		lattice.TargetGroup{ID: "tg-alb", Account: "111111111111", Type: lattice.TargetALB, Protocol: lattice.ProtocolHTTPS, Port: 443, VPC: "vpc-payments",
			Targets: []lattice.Target{{ID: "alb-pay"}}})
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-alb-pay", VPC: "vpc-payments",
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("169.254.171.0/24")}},
		Egress:  []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8443), Group: "sg-payments"}}})
	n.SecurityGroups[2].Ingress = append(n.SecurityGroups[2].Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8443), Group: "sg-alb-pay"})
	n.LoadBalancers = []elb.LoadBalancer{{ID: "alb-pay", Type: elb.Application, Scheme: elb.Internal, VPC: "vpc-payments", SecurityGroups: []string{"sg-alb-pay"},
		Subnets: []elb.SubnetMapping{{Subnet: "payments-a"}, {Subnet: "payments-b"}}}}
	n.TargetGroups = []elb.TargetGroup{{ID: "tg-pay-alb", TargetType: elb.IPTarget, Protocol: elb.HTTPS, Port: 8443, VPC: "vpc-payments",
		Targets: []elb.Target{{IP: addr("10.0.1.10")}}}}
	n.Listeners = []elb.Listener{{ID: "lis-pay", LoadBalancer: "alb-pay", Protocol: elb.HTTPS, Port: 443,
		Default: elb.Action{Type: elb.ForwardAction, Forward: []elb.WeightedTargetGroup{{TargetGroup: "tg-pay-alb"}}}}}
	l := &n.LatticeServices[0].Listeners[0]
	l.Rules[0].Action = lattice.ForwardWeighted(lattice.Weighted("tg-fn", 1), lattice.Weighted("tg-alb", 1))
	m := mustCompile(t, n)
	r, err := m.Reach(charge("POST"))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Allowed() {
		t.Fatalf("%v (%v)\n%s", r.Status, r.Reason, r)
	}
	if b := r.Proxy.Branches[0]; b.TargetGroup != "tg-fn" || b.Leg != nil {
		t.Errorf("lambda branch %+v, want no network leg", b)
	}
	alb := r.Proxy.Branches[1].Leg
	if alb == nil || alb.Proxy == nil || alb.Proxy.Component != "alb-pay" || len(alb.Proxy.Branches) != 1 || !alb.Proxy.Branches[0].Leg.Allowed() {
		t.Fatalf("the ALB branch does not go on through the load balancer:\n%s", r)
	}
	n.SecurityGroups[3].Ingress = nil // the ALB no longer admits Lattice
	m = mustCompile(t, n)
	if v, _ := m.Verdict(charge("POST")); v != (Verdict{Partial, SGIngress}) {
		t.Errorf("ALB closed to Lattice: %v, want partial SG_INGRESS (the Lambda branch still answers)", v)
	}
}
