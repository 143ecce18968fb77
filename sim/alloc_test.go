package sim

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/vpc"
)

// allocQueries are the three-tier network's flows of every kind the
// allocation promises cover: reachable between interfaces (one subnet
// router, a load balancer to its targets, ICMP), blocked by a security
// group, by a network ACL and by routing, to the Amazon DNS resolver,
// and through the NAT and internet gateways.
var allocQueries = []struct {
	name    string
	q       Query
	want    Status
	plain   bool // reachable, without address translation
	blocked bool // blocked, explained without address translation
}{
	{"app->db", Query{From: ENI("eni-app-a"), To: ENI("eni-db-a"), Port: 5432}, Reachable, true, false},
	{"alb->app", Query{From: ENI("eni-alb-a"), To: ENI("eni-app-b"), Port: 8080}, Reachable, true, false},
	{"app->db icmp", Query{From: ENI("eni-app-a"), To: ENI("eni-db-a"), Protocol: vpc.ProtocolICMP}, Reachable, true, false},
	{"app->dns", Query{From: ENI("eni-app-a"), To: Address(addr("10.0.0.2")), Protocol: vpc.ProtocolUDP, Port: 53}, Reachable, true, false},
	{"alb->db", Query{From: ENI("eni-alb-a"), To: ENI("eni-db-a"), Port: 5432}, Blocked, false, true},
	{"app->db ssh", Query{From: ENI("eni-app-a"), To: ENI("eni-db-a"), Port: 22}, Blocked, false, true},
	{"db->alb", Query{From: ENI("eni-db-a"), To: ENI("eni-alb-a"), Port: 443}, Blocked, false, true},
	{"app->internet", Query{From: ENI("eni-app-a"), To: InternetAddress(addr("8.8.8.8")), Port: 443}, Reachable, false, false},
	{"internet->alb", Query{From: InternetAddress(addr("8.8.8.8")), To: ENI("eni-alb-a"), Port: 443}, Reachable, false, false},
}

// TestAllocations pins the engine's allocation promises on the
// three-tier network: Verdict of a concrete flow allocates nothing;
// ReachInto reusing a Result allocates nothing once the Result has grown
// to the answer, for reachable flows without address translation; Reach
// allocates the Result and one array for its path and reply, and for a
// blocked flow also the text of its block (the Block shares the Result's
// allocation).
func TestAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not checked under the race detector")
	}
	n := threeTier()
	// Ping from the app tier to the database.
	icmp := vpc.ACLEntry{Number: 110, Action: vpc.Allow, Protocol: vpc.ProtocolICMP, CIDR: pfx("10.0.10.0/23")}
	n.NetworkACLs[0].Inbound = append(n.NetworkACLs[0].Inbound, icmp)
	n.NetworkACLs[0].Outbound = append(n.NetworkACLs[0].Outbound, icmp)
	n.SecurityGroups[1].Egress = append(n.SecurityGroups[1].Egress, vpc.SGRule{Protocol: vpc.ProtocolICMP, Group: "sg-db"})
	n.SecurityGroups[2].Ingress = append(n.SecurityGroups[2].Ingress, vpc.SGRule{Protocol: vpc.ProtocolICMP, Group: "sg-app"})
	m := mustCompile(t, n)
	for _, tc := range allocQueries {
		r, err := m.Reach(tc.q)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if r.Status != tc.want {
			t.Fatalf("%s: %s, want %s\n%s", tc.name, r.Status, tc.want, r)
		}
		if n := testing.AllocsPerRun(100, func() { _, _ = m.Verdict(tc.q) }); n != 0 {
			t.Errorf("Verdict(%s) allocates %.0f times, want 0", tc.name, n)
		}
		var reuse Result
		if err := m.ReachInto(&reuse, tc.q); err != nil {
			t.Fatal(err)
		}
		reuseAllocs := testing.AllocsPerRun(100, func() { _ = m.ReachInto(&reuse, tc.q) })
		reachAllocs := testing.AllocsPerRun(100, func() { keep, _ = m.Reach(tc.q) })
		switch {
		case tc.plain:
			if reuseAllocs != 0 {
				t.Errorf("ReachInto(%s) reusing a Result allocates %.0f times, want 0", tc.name, reuseAllocs)
			}
			if reachAllocs > 2 {
				t.Errorf("Reach(%s) allocates %.0f times, want at most 2 (the result, the hops)", tc.name, reachAllocs)
			}
		case tc.blocked:
			if reuseAllocs > 1 {
				t.Errorf("ReachInto(%s) reusing a Result allocates %.0f times, want at most 1 (the block's text)", tc.name, reuseAllocs)
			}
			if reachAllocs > 3 {
				t.Errorf("Reach(%s) allocates %.0f times, want at most 3 (the result and block, the hops, the block's text)", tc.name, reachAllocs)
			}
		}
		t.Logf("%s: Reach %.0f allocations, ReachInto reusing %.0f", tc.name, reachAllocs, reuseAllocs)
	}
}

// keep holds Reach's answers in TestAllocations, so that they escape as
// a caller's would.
var keep *Result

// TestAppendFlowDesc: the explanations of blocked flows, built without
// fmt, read as the String methods of vpc.Protocol, vpc.PortRange and
// vpc.ICMP write them.
func TestAppendFlowDesc(t *testing.T) {
	var ranges [][2]uint16 // destination ports, and ICMP any, types and messages
	ports := []uint16{0, 1, 9, 10, 99, 100, 443, 1023, 1024, 5432, 65534, 65535}
	for _, lo := range ports {
		for _, hi := range ports {
			if lo <= hi {
				ranges = append(ranges, [2]uint16{lo, hi})
			}
		}
	}
	for _, typ := range []uint16{0, 3, 8, 128, 255} {
		ranges = append(ranges, [2]uint16{typ << 8, typ<<8 | 0xFF})
		for _, code := range []uint16{0, 1, 13, 255} {
			ranges = append(ranges, [2]uint16{typ<<8 | code, typ<<8 | code})
		}
	}
	for proto := range 256 {
		pr := vpc.Protocol(proto)
		for _, r := range ranges {
			p := pkt{proto: uint8(proto), dlo: r[0], dhi: r[1]}
			want := pr.String()
			switch {
			case pr.HasPorts():
				want += " " + vpc.Ports(p.dlo, p.dhi).String()
			case pr.IsICMP():
				want += " " + icmpRange(p.dlo, p.dhi).String()
			}
			if got := string(appendFlowDesc(nil, p)); got != want {
				t.Fatalf("protocol %d ports %d-%d: %q, want %q", proto, p.dlo, p.dhi, got, want)
			}
		}
	}
}

// TestProxyAllocations pins what explained answers through proxies and to
// AWS services allocate, on the three-tier network with the VPC
// endpoints of withEndpoints (an endpoint policy on Secrets Manager's)
// and the Application Load Balancer of withALB: a count that does not
// grow with the targets' legs beyond the arrays they share, nor with the
// network. Each bound lists what it is made of.
func TestProxyAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not checked under the race detector")
	}
	n := withEndpoints()
	a := withALB()
	n.LoadBalancers, n.TargetGroups, n.Listeners = a.LoadBalancers, a.TargetGroups, a.Listeners
	n.VPCEndpoints[0].Policy = []byte(`{"Statement": [{"Sid": "Reads", "Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`)
	m := mustCompile(t, n)
	call := &APICall{Principal: policy.Principal{ARN: "arn:aws:iam::111122223333:role/app"}, Action: "secretsmanager:GetSecretValue", Resource: "*"}
	api := &HTTPRequest{Path: "/api/orders"}
	client := InternetAddress(addr("203.0.113.7"))
	for _, tc := range []struct {
		name    string
		q       Query
		want    Status
		legs    int // the load balancer's connections
		reach   float64
		verdict float64
		reuse   float64 // ReachInto reusing a Result: the texts alone
		what    string
	}{
		{"internet->alb api", Query{From: client, To: LoadBalancer("alb-web"), Port: 443, Request: api}, Reachable, 2, 8, 0, 3,
			"the result; one array each for the hops (the client's connection, the proxy's steps, every leg), the legs' results, " +
				"the branches and the proxy; the internet gateway's two translations and the rule's text"},
		{"internet->alb default", Query{From: client, To: LoadBalancer("alb-web"), Port: 443}, Reachable, 1, 8, 0, 3,
			"as the api request, with one leg"},
		{"app->secretsmanager via interface endpoint", Query{From: ENI("eni-lambda-a"), To: Service("secretsmanager"), Port: 443, Call: call}, Reachable, 0, 8, 4, 6,
			"the result and its hops; the endpoint policy's evaluation of the call and its condition keys; the endpoint's and the policy's texts"},
		{"app->s3 via gateway endpoint", Query{From: ENI("eni-lambda-a"), To: Service("s3"), Port: 443}, Reachable, 0, 6, 3, 4,
			"the result and its hops; the search for an address of the service; the gateway endpoint's and the service's texts"},
		{"app->logs via nat", Query{From: ENI("eni-lambda-a"), To: Service("logs"), Port: 443}, Reachable, 0, 10, 3, 8,
			"the result and its hops; the search for an address of the service; the NAT and internet gateways' translations, both ways, and the service's text"},
	} {
		r, err := m.Reach(tc.q)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if r.Status != tc.want {
			t.Fatalf("%s: %s, want %s\n%s", tc.name, r.Status, tc.want, r)
		}
		if got := 0; r.Proxy != nil || tc.legs > 0 {
			if r.Proxy != nil {
				got = len(r.Proxy.Branches)
			}
			if got != tc.legs {
				t.Fatalf("%s: %d branches, want %d\n%s", tc.name, got, tc.legs, r)
			}
		}
		var into Result
		for range 2 {
			if err := m.ReachInto(&into, tc.q); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(r, &into, cmpopts.EquateComparable(netip.Addr{})); diff != "" {
			t.Fatalf("%s: ReachInto differs from Reach (-Reach +ReachInto):\n%s", tc.name, diff)
		}
		reach := testing.AllocsPerRun(100, func() { keep, _ = m.Reach(tc.q) })
		verdict := testing.AllocsPerRun(100, func() { _, _ = m.Verdict(tc.q) })
		reuse := testing.AllocsPerRun(100, func() { _ = m.ReachInto(&into, tc.q) })
		if reach > tc.reach {
			t.Errorf("Reach(%s) allocates %.0f times, want at most %.0f (%s)", tc.name, reach, tc.reach, tc.what)
		}
		if verdict > tc.verdict {
			t.Errorf("Verdict(%s) allocates %.0f times, want at most %.0f", tc.name, verdict, tc.verdict)
		}
		if reuse > tc.reuse {
			t.Errorf("ReachInto(%s) reusing a Result allocates %.0f times, want at most %.0f (the texts)", tc.name, reuse, tc.reuse)
		}
		t.Logf("%s: Reach %.0f allocations, Verdict %.0f, ReachInto reusing %.0f", tc.name, reach, verdict, reuse)
	}
}

// TestLatticeAllocations pins what a VPC Lattice request allocates once
// the model has walked its targets' health checks and legs (kept per
// target group, as they depend on nothing but the target): the request
// POST /charge through both auth policies to a 90/10 forward, three
// targets. Verdict allocates twice: the request the auth policies see
// (the array of its own values, its resource ARN); no leg is walked, no
// query built. Reach allocates 12 times: the result; one array each for the
// hops (the client's connection, the proxy's steps, every leg), the legs'
// results, the branches and the proxy; the steps' texts (the decisions of
// the two auth policies, the rule and the request); and the request the
// policies see (the array of its own values, its resource ARN). Its
// proxy's outcome, steps, branches and legs' queries, and the request's
// context map, are recorded in storage kept for the next question.
func TestLatticeAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not checked under the race detector")
	}
	m := mustCompile(t, withAddrs(latticeNet()))
	q := charge("POST")
	r, err := m.Reach(q)
	if err != nil || !r.Allowed() || len(r.Proxy.Branches) != 3 {
		t.Fatalf("%v\n%s", err, r)
	}
	verdict := testing.AllocsPerRun(100, func() { _, _ = m.Verdict(q) })
	reach := testing.AllocsPerRun(100, func() { keep, _ = m.Reach(q) })
	t.Logf("Verdict %.0f allocations, Reach %.0f", verdict, reach)
	if verdict > 2 {
		t.Errorf("Verdict allocates %.0f times, want at most 2", verdict)
	}
	if reach > 12 {
		t.Errorf("Reach allocates %.0f times, want at most 12", reach)
	}
}
