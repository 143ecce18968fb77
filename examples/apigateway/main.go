package main

import (
	"fmt"
	"io"
	"log"
	"net/netip"
	"os"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Short helpers for the literals below.
var (
	pfx    = netip.MustParsePrefix
	addr   = netip.MustParseAddr
	anyIP4 = pfx("0.0.0.0/0")
	tcp    = vpc.ProtocolTCP
	yes    = true
)

// azs are the Availability Zones the VPC spans.
var azs = []string{"a", "b", "c"}

// Stage is how far the program has taken the guide's architecture.
type stage int

const (
	// asWritten is the guide's Terraform, the internal ALB's group
	// declared as its VPC link rule implies.
	asWritten stage = iota
	// fixed adds the rule letting the internal ALB reach the tasks, and
	// a canary target group taking 10% of the API's requests.
	fixed
	// canaryStopped is fixed with the canary service scaled to zero: its
	// target group is empty, but the listener rule still gives it 10%.
	canaryStopped
)

// network returns the guide's architecture as written.
func network() *sim.Network { return networkAt(asWritten) }

// fixedNetwork returns it with the missing rule and the canary.
func fixedNetwork() *sim.Network { return networkAt(fixed) }

// networkAt declares the architecture at stage s as plain data; compile
// validates it.
func networkAt(s stage) *sim.Network {
	n := &sim.Network{
		VPCs:             []vpc.VPC{{ID: "vpc-main", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, EnableDNSHostnames: true}},
		InternetGateways: []vpc.InternetGateway{{ID: "igw-main", VPC: "vpc-main"}},
		RouteTables: []vpc.RouteTable{{ID: "rtb-public", VPC: "vpc-main",
			Routes: []vpc.Route{{Destination: anyIP4, Target: vpc.ToInternetGateway("igw-main")}}}},
	}
	for i, az := range azs {
		pub, priv := "subnet-public-"+az, "subnet-private-"+az
		n.Subnets = append(n.Subnets,
			vpc.Subnet{ID: priv, VPC: "vpc-main", AvailabilityZone: "us-east-1" + az, CIDR: pfx(fmt.Sprintf("10.0.%d.0/19", 32*i))},
			vpc.Subnet{ID: pub, VPC: "vpc-main", AvailabilityZone: "us-east-1" + az, CIDR: pfx(fmt.Sprintf("10.0.%d.0/24", 96+i)), MapPublicIPOnLaunch: true})
		n.RouteTables[0].Subnets = append(n.RouteTables[0].Subnets, pub)
		// one_nat_gateway_per_az: each private subnet leaves through its
		// own zone's NAT gateway.
		n.NATGateways = append(n.NATGateways, vpc.NATGateway{ID: "nat-" + az, Subnet: pub, ElasticIP: addr(fmt.Sprintf("52.0.0.%d", 10+i))})
		n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-private-" + az, VPC: "vpc-main", Subnets: []string{priv},
			Routes: []vpc.Route{{Destination: anyIP4, Target: vpc.ToNATGateway("nat-" + az)}}})
	}

	// Security groups, named after the guide's resources.
	tasks := vpc.SecurityGroup{ID: "ecs-tasks-sg", VPC: "vpc-main",
		Ingress: []vpc.SGRule{
			{Protocol: tcp, Ports: vpc.Port(8080), Group: "alb-sg", Description: "From ALB"},
			{Protocol: vpc.ProtocolAll, Group: "ecs-tasks-sg", Description: "Task to task"},
		},
		Egress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: anyIP4, Description: "All outbound"}}}
	if s >= fixed {
		tasks.Ingress = append(tasks.Ingress, vpc.SGRule{Protocol: tcp, Ports: vpc.Port(8080), Group: "internal-alb-sg", Description: "From internal ALB"})
	}
	n.SecurityGroups = []vpc.SecurityGroup{
		{ID: "alb-sg", VPC: "vpc-main",
			Ingress: []vpc.SGRule{
				{Protocol: tcp, Ports: vpc.Port(443), CIDR: anyIP4, Description: "HTTPS from internet"},
				{Protocol: tcp, Ports: vpc.Port(80), CIDR: anyIP4, Description: "HTTP from internet (redirect to HTTPS)"},
			},
			Egress: []vpc.SGRule{
				{Protocol: vpc.ProtocolAll, Group: "app-tier-sg", Description: "To targets"},
				{Protocol: vpc.ProtocolAll, Group: "ecs-tasks-sg", Description: "To targets"},
			}},
		// The guide's EC2 app tier; it has no instances here.
		{ID: "app-tier-sg", VPC: "vpc-main"},
		tasks,
		// The guide references the internal ALB's group without declaring
		// it: this is the counterpart of the VPC link's rule.
		{ID: "internal-alb-sg", VPC: "vpc-main",
			Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), Group: "api-gateway-vpc-link-sg", Description: "From the VPC link"}},
			Egress:  []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8080), Group: "ecs-tasks-sg", Description: "To the tasks"}}},
		{ID: "api-gateway-vpc-link-sg", VPC: "vpc-main",
			Egress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), Group: "internal-alb-sg", Description: "To internal ALB"}}},
	}

	// The ECS service "my-app": desired_count 3, one task per zone, each
	// with its awsvpc interface in a private subnet. The addresses are
	// declared because IP targets name them.
	var appTargets []elb.Target
	for i, az := range azs {
		ip := addr(fmt.Sprintf("10.0.%d.10", 32*i))
		n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-task-" + az, Subnet: "subnet-private-" + az,
			Kind: vpc.KindECSTask, PrivateIPs: []netip.Addr{ip}, SecurityGroups: []string{"ecs-tasks-sg"}})
		appTargets = append(appTargets, elb.Target{IP: ip})
		// The VPC link's interfaces, one per subnet.
		n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-vpclink-" + az, Name: "main-vpc-link",
			Subnet: "subnet-private-" + az, Kind: vpc.KindOther, SecurityGroups: []string{"api-gateway-vpc-link-sg"}})
	}

	// The internet-facing ALB of the guide, in the public subnets: the
	// HTTPS listener forwards to the service; HTTP redirects to HTTPS.
	n.LoadBalancers = []elb.LoadBalancer{
		{ID: "public-alb", Type: elb.Application, VPC: "vpc-main", SecurityGroups: []string{"alb-sg"},
			Subnets: []elb.SubnetMapping{{Subnet: "subnet-public-a"}, {Subnet: "subnet-public-b"}, {Subnet: "subnet-public-c"}}},
		{ID: "internal-alb", Type: elb.Application, Scheme: elb.Internal, VPC: "vpc-main", SecurityGroups: []string{"internal-alb-sg"},
			Subnets: []elb.SubnetMapping{{Subnet: "subnet-private-a"}, {Subnet: "subnet-private-b"}, {Subnet: "subnet-private-c"}}},
	}
	n.TargetGroups = []elb.TargetGroup{
		{ID: "tg-app-public", TargetType: elb.IPTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-main", Targets: appTargets},
		{ID: "tg-app", TargetType: elb.IPTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-main", Targets: appTargets},
	}
	n.Listeners = []elb.Listener{
		{ID: "public-https", LoadBalancer: "public-alb", Protocol: elb.HTTPS, Port: 443, Default: elb.ForwardTo("tg-app-public")},
		{ID: "public-http", LoadBalancer: "public-alb", Protocol: elb.HTTP, Port: 80,
			Default: elb.RedirectTo(elb.Redirect{Protocol: "HTTPS", Port: "443", StatusCode: elb.Permanent})},
	}
	// The internal ALB's listener, the integration_uri of the API's
	// HTTP_PROXY integration: /api/* goes to the service, anything else
	// gets a 404 from the load balancer itself.
	api := elb.Rule{Priority: 10, Conditions: []elb.Condition{elb.PathPattern("/api/*")}, Action: elb.ForwardTo("tg-app")}
	if s >= fixed {
		// A canary of the next version: its own service and target group,
		// 10% of the API's requests.
		canary := elb.TargetGroup{ID: "tg-app-canary", TargetType: elb.IPTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-main"}
		if s != canaryStopped {
			n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-task-canary-a", Subnet: "subnet-private-a",
				Kind: vpc.KindECSTask, PrivateIPs: []netip.Addr{addr("10.0.0.20")}, SecurityGroups: []string{"ecs-tasks-sg"}})
			canary.Targets = []elb.Target{{IP: addr("10.0.0.20")}}
		}
		n.TargetGroups = append(n.TargetGroups, canary)
		api.Action = elb.ForwardWeighted(elb.WeightedTargetGroup{TargetGroup: "tg-app", Weight: 90}, elb.WeightedTargetGroup{TargetGroup: "tg-app-canary", Weight: 10})
	}
	n.Listeners = append(n.Listeners, elb.Listener{ID: "internal-https", LoadBalancer: "internal-alb", Protocol: elb.HTTPS, Port: 443,
		Default: elb.Respond(404, "application/json", `{"message":"Not Found"}`), Rules: []elb.Rule{api}})
	return n
}

// question is one query with the sentence it answers.
type question struct {
	title string
	q     sim.Query
}

// get is an HTTPS request from API Gateway to the internal ALB: the
// HTTP_PROXY integration passes the route's method and path through.
func get(path string) *sim.HTTPRequest {
	return &sim.HTTPRequest{Method: "GET", Host: "internal-alb.example.internal", Path: path}
}

// run prints the answers of each stage to w.
func run(w io.Writer) error {
	stages := []struct {
		title string
		s     stage
		qs    []question
	}{
		{"The guide as written", asWritten, []question{
			{"Users reach the service through the public ALB: alb-sg is admitted by ecs-tasks-sg.",
				sim.Query{From: sim.Internet(), To: sim.LoadBalancer("public-alb"), Port: 443, Request: &sim.HTTPRequest{Path: "/"}}},
			{"The VPC link reaches the internal ALB, but ecs-tasks-sg admits only the public ALB's group: every task refuses the internal ALB.",
				sim.Query{From: sim.ENI("eni-vpclink-a"), To: sim.LoadBalancer("internal-alb"), Port: 443, Request: get("/api/orders")}},
		}},
		{"With the rule \"From internal ALB\" and a canary", fixed, []question{
			{"GET /api/orders through the VPC link: 90% to the service's three tasks, 10% to the canary.",
				sim.Query{From: sim.ENI("eni-vpclink-b"), To: sim.LoadBalancer("internal-alb"), Port: 443, Request: get("/api/orders")}},
			{"GET /orders matches no rule: the default rule answers 404 itself.",
				sim.Query{From: sim.ENI("eni-vpclink-b"), To: sim.LoadBalancer("internal-alb"), Port: 443, Request: get("/orders")}},
			{"The VPC link cannot bypass the load balancer: its group lets only tcp 443 out, to the internal ALB.",
				sim.Query{From: sim.ENI("eni-vpclink-a"), To: sim.ENI("eni-task-a"), Port: 8080}},
			{"The internal ALB has no public address: the internet cannot reach it.",
				sim.Query{From: sim.Internet(), To: sim.LoadBalancer("internal-alb"), Port: 443}},
		}},
		{"The canary service scaled to zero, its weight left at 10", canaryStopped, []question{
			{"The canary's target group is empty and keeps its 10%: those requests fail, the answer is partial.",
				sim.Query{From: sim.ENI("eni-vpclink-c"), To: sim.LoadBalancer("internal-alb"), Port: 443, Request: get("/api/orders")}},
		}},
	}
	k := 0
	for _, st := range stages {
		m, err := sim.Compile(networkAt(st.s))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "== %s\n\n", st.title)
		for _, c := range st.qs {
			k++
			// Reach explains the verdict: the client's path to the load
			// balancer's node and back, the listener, the rule and the
			// target groups it chose, and each connection the node opened
			// to a target (a branch with its weight and share, and its own
			// path, security groups and reply).
			r, err := m.Reach(c.q)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "%d. %s\n%s\n", k, c.title, r)
		}
	}
	return nil
}

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}
