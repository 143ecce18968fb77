package sim

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// A zone failure with one NAT gateway per zone: the workloads keep their
// interfaces in zone b, their flows to the database survive through the
// standby, and nothing between survivors breaks.
func TestFailureZone(t *testing.T) {
	r, err := AssessFailure(services(), ZoneFailure("us-east-1a"))
	if err != nil {
		t.Fatal(err)
	}
	wantRemoved := []string{"eni-alb-a", "eni-app-a", "eni-db-a", "hyperplane/subnet-app-a/sg-app", "nat-a",
		"orders-db/primary-1", "orders/task-1", "orders/task-3"}
	if diff := cmp.Diff(wantRemoved, r.Removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	wantW := []WorkloadImpact{
		{Workload: "orders", Kind: workload.KindECSService, Before: 3, After: 1, Zones: []string{"us-east-1b"}},
		{Workload: "orders-db", Kind: workload.KindRDSInstance, Before: 2, After: 1, Zones: []string{"us-east-1b"}},
		{Workload: "reports", Kind: workload.KindLambdaFunction, Before: 2, After: 1, Zones: []string{"us-east-1b"}},
	}
	if diff := cmp.Diff(wantW, r.Workloads); diff != "" {
		t.Errorf("workloads (-want +got):\n%s", diff)
	}
	for _, f := range r.WorkloadFlows {
		if !f.Survives() || rangesString(f.After) != "tcp 5432" {
			t.Errorf("%s -> %s: %s before, %s after", f.From, f.To, rangesString(f.Before), rangesString(f.After))
		}
	}
	if len(r.WorkloadFlows) != 2 || len(r.Broken)+len(r.Egress)+len(r.Exposure) != 0 || r.Gone == 0 {
		t.Errorf("report:\n%s", r)
	}
}

// One NAT gateway serving both zones: zone b's way out breaks, explained
// by the blackhole route to the gateway taken away.
func TestFailureSharedNAT(t *testing.T) {
	n := services()
	rt, _ := n.RouteTable("rtb-app-b")
	rt.Routes[0].Target = vpc.ToNATGateway("nat-a")
	r, err := AssessFailure(n, ZoneFailure("us-east-1a"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Egress) != 1 {
		t.Fatalf("egress changes: %d\n%s", len(r.Egress), r)
	}
	e := r.Egress[0]
	if diff := cmp.Diff([]string{"eni-app-b", "hyperplane/subnet-app-b/sg-app", "orders/task-2"}, e.From); diff != "" || !e.ToInternet {
		t.Errorf("from (-want +got):\n%s", diff)
	}
	if e.Before.Status != Reachable || e.After.Reason != BlackholeRoute || e.After.Block.Component != "subnet-app-b" ||
		!strings.Contains(e.After.Block.Rule, "nat-a") || rangesString(e.Lost) != "tcp 443" {
		t.Errorf("explanation: before %s\nafter %s", e.Before, e.After)
	}
	// The zone b failure leaves zone a's way out alone.
	r, err = AssessFailure(n, ZoneFailure("us-east-1b"))
	if err != nil || len(r.Egress) != 0 {
		t.Errorf("zone b: %v\n%s", err, r)
	}
}

// A component failure: an appliance taken away breaks the flows routed
// through it, and the other interfaces keep their addresses.
func TestFailureComponent(t *testing.T) {
	n := threeTier()
	n.NetworkInterfaces = append(n.NetworkInterfaces,
		vpc.NetworkInterface{ID: "eni-fw", Subnet: "subnet-app-a", SourceDestCheckDisabled: true, SecurityGroups: []string{"sg-fw"}})
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-fw", VPC: "vpc-main",
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: pfx("0.0.0.0/0")}}, Egress: []vpc.SGRule{vpc.AllowAllEgress()}})
	rt, _ := n.RouteTable("rtb-app-b")
	rt.Routes[0].Target = vpc.ToNetworkInterface("eni-fw") // zone b leaves through the firewall
	before := mustCompile(t, n)
	after, err := CompileWithout(n, ComponentFailure("eni-fw"))
	if err != nil {
		t.Fatal(err)
	}
	for e := range after.Interfaces() {
		b, _ := before.Interface(e.ID)
		if !slices.Equal(b.PrivateIPs, e.PrivateIPs) || b.PublicIP != e.PublicIP {
			t.Errorf("%s moved from %v to %v", e.ID, b.PrivateIPs, e.PrivateIPs)
		}
	}
	if f, removed := after.Failure(); !slices.Equal(removed, []string{"eni-fw"}) || f.String() != "eni-fw" {
		t.Errorf("Failure() = %v, %v", f, removed)
	}
	r, err := DiffFailure(before, after)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Egress) != 1 || r.Egress[0].From[0] != "eni-app-b" || r.Egress[0].Before.Status != Reachable || r.Egress[0].After.Reason != BlackholeRoute {
		t.Errorf("egress:\n%s", r)
	}
}

// A workload all of whose subnets are in the zone loses its last subnet.
func TestFailureLostWorkload(t *testing.T) {
	n := services()
	n.Workloads.ECSServices[0].Subnets = []string{"subnet-app-a"}
	r, err := AssessFailure(n, ZoneFailure("use1-az1"))
	if err == nil || !errors.Is(err, ErrUnknownResource) || !strings.Contains(err.Error(), "use1-az1") {
		t.Errorf("unknown zone: %v", err)
	}
	n.Subnets[2].AvailabilityZoneID = "use1-az1" // subnet-app-a, by AZ ID
	r, err = AssessFailure(n, ZoneFailure("use1-az1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Workloads) == 0 || r.Workloads[0].Workload != "orders" || !r.Workloads[0].Lost || !strings.Contains(r.String(), "orders (ecs-service): 3 -> 0 interfaces, lost") {
		t.Errorf("report:\n%s", r)
	}
	if m, err := CompileWithout(n, ComponentFailure("orders")); err != nil {
		t.Error(err)
	} else if w, ok := m.Workload("orders"); !ok || len(w.Interfaces) != 0 {
		t.Errorf("orders after its own failure: %+v", w)
	}
	for _, f := range []Failure{{}, ComponentFailure("nope")} {
		if _, err := CompileWithout(n, f); err == nil {
			t.Errorf("%v: no error", f)
		}
	}
}

// An attachment left without subnets is taken away, and the routes to it
// become blackholes, in the VPC and in the transit gateway.
func TestFailureAttachment(t *testing.T) {
	n := threeTier()
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-2", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}})
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-2", VPC: "vpc-2", AvailabilityZone: "us-east-1a", CIDR: pfx("10.1.0.0/24")})
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-2", Subnet: "subnet-2"})
	n.TransitGateways = []vpc.TransitGateway{{ID: "tgw"}}
	n.TransitGatewayRouteTables = []vpc.TransitGatewayRouteTable{{ID: "tgw-rtb", TransitGateway: "tgw",
		Routes: []vpc.TGWRoute{{Destination: pfx("10.1.0.0/16"), Attachment: "att-2"}}}}
	n.TransitGatewayAttachments = []vpc.TransitGatewayAttachment{
		{ID: "att-1", TransitGateway: "tgw", VPC: "vpc-main", Subnets: []string{"subnet-app-a", "subnet-app-b"}, RouteTable: "tgw-rtb", Propagations: []string{"tgw-rtb"}},
		{ID: "att-2", TransitGateway: "tgw", VPC: "vpc-2", Subnets: []string{"subnet-2"}, RouteTable: "tgw-rtb"},
	}
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-2", VPC: "vpc-2", Subnets: []string{"subnet-2"},
		Routes: []vpc.Route{{Destination: pfx("10.0.0.0/16"), Target: vpc.ToTransitGateway("tgw")}}})
	m, err := CompileWithout(n, ComponentFailure("subnet-2"))
	if err != nil {
		t.Fatal(err)
	}
	if _, removed := m.Failure(); !slices.Equal(removed, []string{"att-2", "eni-2"}) {
		t.Errorf("removed %v", removed)
	}
	if _, err := AssessFailure(n, ZoneFailure("us-east-1a")); err != nil {
		t.Error(err)
	}
}

// A zone failure deregisters the VPC Lattice targets it takes away, as
// Lattice's health checks would mark them: tg-v1 keeps its target in zone
// a, the canary group tg-v2, whose only target was in zone b, is left
// with none, and the request's weighted forward says so: its share of the
// requests fails (NO_TARGET), tg-v1's still arrives, so the request is
// partial.
func TestFailureLatticeTargets(t *testing.T) {
	n := withAddrs(latticeNet())
	m, err := CompileWithout(n, ZoneFailure("us-east-1b"))
	if err != nil {
		t.Fatal(err)
	}
	_, removed := m.Failure()
	if diff := cmp.Diff([]string{"eni-pay-2", "eni-pay-canary"}, removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	r, err := m.Reach(charge("POST"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range r.Proxy.Branches {
		got = append(got, b.TargetGroup+":"+b.Target)
	}
	if diff := cmp.Diff([]string{"tg-v1:10.0.1.10", "tg-v2:"}, got); diff != "" {
		t.Errorf("branches (-want +got):\n%s\n%s", diff, r)
	}
	if r.Status != Partial || r.Reason != NoTarget {
		t.Errorf("%v (%v), want partial (%v): tg-v2 has no target left, tg-v1 has\n%s", r.Status, r.Reason, NoTarget, r)
	}
	// The declarations are untouched.
	if len(n.LatticeTargetGroups[1].Targets) != 1 || len(n.LatticeTargetGroups[0].Targets) != 2 {
		t.Errorf("CompileWithout changed the network's target groups: %+v", n.LatticeTargetGroups)
	}
}

// A pair of interfaces of a group admitting all traffic from itself is
// open on every flow; the failure report says "all traffic" rather than
// listing protocol ranges, and nothing less counts as all.
func TestRangesAllTraffic(t *testing.T) {
	n := &Network{
		VPCs:    []vpc.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}},
		Subnets: []vpc.Subnet{{ID: "subnet-a", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.1.0/24")}},
		SecurityGroups: []vpc.SecurityGroup{{ID: "sg-self", VPC: "vpc-1",
			Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, Group: "sg-self"}},
			Egress:  []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: pfx("0.0.0.0/0")}}}},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-1", Subnet: "subnet-a", SecurityGroups: []string{"sg-self"}},
			{ID: "eni-2", Subnet: "subnet-a", SecurityGroups: []string{"sg-self"}},
		},
	}
	m := mustCompile(t, n)
	open, err := m.OpenPorts(Query{From: ENI("eni-1"), To: ENI("eni-2")})
	if err != nil {
		t.Fatal(err)
	}
	if got := rangesString(open); got != "all traffic" {
		t.Errorf("all open: %q", got)
	}
	for i := range open {
		less := slices.Delete(slices.Clone(open), i, i+1)
		if got := rangesString(less); got == "all traffic" {
			t.Errorf("without %s: %q", open[i], got)
		}
	}
	tcp := OpenRange{Protocol: vpc.ProtocolTCP, LastProtocol: vpc.ProtocolTCP, Ports: vpc.Ports(1, 65534)}
	if got := rangesString([]OpenRange{tcp}); got != "tcp 1-65534" {
		t.Errorf("one range: %q", got)
	}
}

// A failure may name load balancer nodes ("<lb>/<subnet>") or a whole
// load balancer. The load balancer serves from the nodes left; one left
// with none is no destination any more (an error naming the failure, not
// a panic), and the targets naming it, here a VPC Lattice ALB target, are
// deregistered.
func TestFailureLoadBalancerNodes(t *testing.T) {
	n := withALB()
	// tg-web's one target is in zone a: the node's failure leaves zone a
	// enabled, so the node in zone b sends to it across zones.
	toALB := Query{From: Internet(), To: LoadBalancer("alb-web"), Port: 443}
	m, err := CompileWithout(n, ComponentFailure("alb-web/subnet-pub-a"))
	if err != nil {
		t.Fatal(err)
	}
	if _, removed := m.Failure(); !slices.Equal(removed, []string{"alb-web/subnet-pub-a"}) {
		t.Errorf("removed %v", removed)
	}
	r, err := m.Reach(toALB)
	if err != nil || !r.Allowed() || !strings.Contains(r.String(), "alb-web/subnet-pub-b") || !strings.Contains(r.String(), "target eni-app-a") {
		t.Errorf("the node in zone b does not serve the target in zone a: %v\n%s", err, r)
	}
	// A zone's failure takes its node and its targets: tg-web has none left.
	m, err = CompileWithout(n, ZoneFailure("us-east-1a"))
	if err != nil {
		t.Fatal(err)
	}
	if r, err := m.Reach(toALB); err != nil || r.Reason != NoTarget {
		t.Errorf("zone a down: want NO_TARGET, got %v\n%s", err, r)
	}
	m, err = CompileWithout(n, ComponentFailure("alb-web"))
	if err != nil {
		t.Fatal(err)
	}
	if _, removed := m.Failure(); !slices.Equal(removed, []string{"alb-web/subnet-pub-a", "alb-web/subnet-pub-b"}) {
		t.Errorf("removed %v", removed)
	}
	if _, err := m.Reach(toALB); err == nil || !strings.Contains(err.Error(), "alb-web has no node left") {
		t.Errorf("a load balancer without nodes: %v", err)
	}
	if _, err := CompileWithout(n, ComponentFailure("alb-web/subnet-app-a")); err == nil || !strings.Contains(err.Error(), "load balancer or its node (<lb>/<subnet>)") {
		t.Errorf("a node the load balancer does not have: %v", err)
	}

	// A Lattice service forwarding to an internal ALB and a Lambda
	// function: without the ALB, the Lambda branch still answers.
	n = withAddrs(latticeNet())
	n.LatticeTargetGroups = append(n.LatticeTargetGroups,
		lattice.TargetGroup{ID: "tg-fn", Account: "111111111111", Type: lattice.TargetLambda, Targets: []lattice.Target{{ID: "arn:aws:lambda:us-east-1:111111111111:function:charge"}}},
		lattice.TargetGroup{ID: "tg-alb", Account: "111111111111", Type: lattice.TargetALB, Protocol: lattice.ProtocolHTTPS, Port: 443, VPC: "vpc-payments",
			Targets: []lattice.Target{{ID: "alb-pay"}}})
	n.LoadBalancers = []elb.LoadBalancer{{ID: "alb-pay", Type: elb.Application, Scheme: elb.Internal, VPC: "vpc-payments", SecurityGroups: []string{"sg-payments"},
		Subnets: []elb.SubnetMapping{{Subnet: "payments-a"}, {Subnet: "payments-b"}}}}
	n.Listeners = append(n.Listeners, elb.Listener{ID: "lis-pay", LoadBalancer: "alb-pay", Protocol: elb.HTTPS, Port: 443,
		Default: elb.Action{Type: elb.FixedResponseAction, FixedResponse: &elb.FixedResponse{StatusCode: 200}}})
	n.LatticeServices[0].Listeners[0].Rules[0].Action = lattice.ForwardWeighted(lattice.Weighted("tg-fn", 1), lattice.Weighted("tg-alb", 1))
	m, err = CompileWithout(n, ComponentFailure("alb-pay"))
	if err != nil {
		t.Fatal(err)
	}
	r, err = m.Reach(charge("POST"))
	if err != nil {
		t.Fatal(err)
	}
	// tg-alb's share of the requests fails: it has no target left.
	if r.Status != Partial || r.Reason != NoTarget || len(r.Proxy.Branches) != 2 || r.Proxy.Branches[0].TargetGroup != "tg-fn" ||
		r.Proxy.Branches[1].TargetGroup != "tg-alb" || r.Proxy.Branches[1].Block == nil {
		t.Errorf("without the ALB target: %v (%v)\n%s", r.Status, r.Reason, r)
	}
}
