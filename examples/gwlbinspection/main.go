package main

import (
	"fmt"
	"io"
	"log"
	"net/netip"
	"os"
	"strings"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Short helpers for the literals below.
var (
	pfx    = netip.MustParsePrefix
	anyIP4 = pfx("0.0.0.0/0")
	tcp    = vpc.ProtocolTCP
)

// serviceName is the endpoint service's name, which the endpoints use.
const serviceName = "com.amazonaws.vpce.us-east-1.vpce-svc-0f1e2d3c"

// network returns the inspected network.
func network() *sim.Network {
	subnet := func(id, v, az, cidr string) vpc.Subnet {
		return vpc.Subnet{ID: id, VPC: v, AvailabilityZone: az, CIDR: pfx(cidr)}
	}
	no := false
	allOut := []vpc.SGRule{vpc.AllowAllEgress()}
	return &sim.Network{
		VPCs: []vpc.VPC{
			{ID: "vpc-app", Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}},
			{ID: "vpc-sec", Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.10.0.0/16")}},
		},
		Subnets: []vpc.Subnet{
			subnet("subnet-gwlbe-a", "vpc-app", "us-east-1a", "10.0.0.0/24"),
			subnet("subnet-app-a", "vpc-app", "us-east-1a", "10.0.1.0/24"),
			subnet("subnet-gwlbe-b", "vpc-app", "us-east-1b", "10.0.2.0/24"),
			subnet("subnet-app-b", "vpc-app", "us-east-1b", "10.0.3.0/24"),
			subnet("subnet-gwlb-a", "vpc-sec", "us-east-1a", "10.10.0.0/24"),
			subnet("subnet-gwlb-b", "vpc-sec", "us-east-1b", "10.10.1.0/24"),
			subnet("subnet-fw-a", "vpc-sec", "us-east-1a", "10.10.10.0/24"),
			subnet("subnet-fw-b", "vpc-sec", "us-east-1b", "10.10.11.0/24"),
		},
		InternetGateways: []vpc.InternetGateway{{ID: "igw-app", VPC: "vpc-app"}},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-edge", VPC: "vpc-app", Gateways: []string{"igw-app"}, Routes: []vpc.Route{
				{Destination: pfx("10.0.1.0/24"), Target: vpc.ToVPCEndpoint("vpce-a")},
				{Destination: pfx("10.0.3.0/24"), Target: vpc.ToVPCEndpoint("vpce-b")},
			}},
			{ID: "rtb-app-a", VPC: "vpc-app", Subnets: []string{"subnet-app-a"}, Routes: []vpc.Route{{Destination: anyIP4, Target: vpc.ToVPCEndpoint("vpce-a")}}},
			{ID: "rtb-app-b", VPC: "vpc-app", Subnets: []string{"subnet-app-b"}, Routes: []vpc.Route{{Destination: anyIP4, Target: vpc.ToVPCEndpoint("vpce-b")}}},
			{ID: "rtb-gwlbe", VPC: "vpc-app", Main: true, Routes: []vpc.Route{{Destination: anyIP4, Target: vpc.ToInternetGateway("igw-app")}}},
		},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-web", VPC: "vpc-app", Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), CIDR: anyIP4}}, Egress: allOut},
			{ID: "sg-fw", VPC: "vpc-sec", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolUDP, Ports: vpc.Port(6081), CIDR: pfx("10.10.0.0/23")}}, Egress: allOut},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-web-a", Subnet: "subnet-app-a", SecurityGroups: []string{"sg-web"}, PrivateIPs: []netip.Addr{netip.MustParseAddr("10.0.1.10")}, PublicIP: netip.MustParseAddr("54.10.0.1")},
			{ID: "eni-web-b", Subnet: "subnet-app-b", SecurityGroups: []string{"sg-web"}, PrivateIPs: []netip.Addr{netip.MustParseAddr("10.0.3.10")}, PublicIP: netip.MustParseAddr("54.10.0.2")},
			{ID: "eni-fw-a", Subnet: "subnet-fw-a", SecurityGroups: []string{"sg-fw"}},
			{ID: "eni-fw-b", Subnet: "subnet-fw-b", SecurityGroups: []string{"sg-fw"}},
		},
		LoadBalancers: []elb.LoadBalancer{{ID: "gwlb-fw", Type: elb.Gateway, VPC: "vpc-sec",
			Subnets: []elb.SubnetMapping{{Subnet: "subnet-gwlb-a"}, {Subnet: "subnet-gwlb-b"}}}},
		Listeners: []elb.Listener{{ID: "lst-fw", LoadBalancer: "gwlb-fw",
			Default: elb.Action{Type: elb.ForwardAction, Forward: []elb.WeightedTargetGroup{{TargetGroup: "tg-fw"}}}}},
		TargetGroups: []elb.TargetGroup{{ID: "tg-fw", Protocol: elb.GENEVE, Port: elb.GENEVEPort, VPC: "vpc-sec",
			HealthCheck: elb.HealthCheck{Protocol: elb.TCP, Port: "80"},
			Targets:     []elb.Target{{ID: "eni-fw-a"}, {ID: "eni-fw-b"}}}},
		EndpointServices: []endpoint.Service{{ID: "vpce-svc-0f1e2d3c", GatewayLoadBalancers: []string{"gwlb-fw"}, AcceptanceRequired: &no}},
		VPCEndpoints: []endpoint.Endpoint{
			{ID: "vpce-a", Type: endpoint.GatewayLoadBalancer, VPC: "vpc-app", ServiceName: serviceName, Subnets: []string{"subnet-gwlbe-a"}},
			{ID: "vpce-b", Type: endpoint.GatewayLoadBalancer, VPC: "vpc-app", ServiceName: serviceName, Subnets: []string{"subnet-gwlbe-b"}},
		},
	}
}

// question is one query the program asks, with what it means; change,
// when set, is the what-if the question asks about.
type question struct {
	what   string
	q      sim.Query
	change func(n *sim.Network)
}

// client is an internet client's address.
var client = sim.InternetAddress(netip.MustParseAddr("198.51.100.7"))

func questions() []question {
	return []question{
		{what: "A client on the internet opens https to the web server in us-east-1a",
			q: sim.Query{From: client, To: sim.ENI("eni-web-a"), Protocol: tcp, Port: 443}},
		{what: "The same client tries ssh: the firewall passes it, the web server's security group does not",
			q: sim.Query{From: client, To: sim.ENI("eni-web-a"), Protocol: tcp, Port: 22}},
		{what: "The web server in us-east-1b calls an API on the internet",
			q: sim.Query{From: sim.ENI("eni-web-b"), To: client, Protocol: tcp, Port: 443}},
		{what: "What if the firewall of us-east-1a fails its health checks?",
			q:      sim.Query{From: client, To: sim.ENI("eni-web-a"), Protocol: tcp, Port: 443},
			change: func(n *sim.Network) { n.TargetGroups[0].Targets[0].Health = elb.Unhealthy }},
		{what: "What if subnet-app-b's default route went straight to the internet gateway?",
			q:      sim.Query{From: client, To: sim.ENI("eni-web-b"), Protocol: tcp, Port: 443},
			change: func(n *sim.Network) { n.RouteTables[2].Routes[0].Target = vpc.ToInternetGateway("igw-app") }},
	}
}

// report asks the questions and prints the explained answers.
func report(w io.Writer) error {
	for i, x := range questions() {
		n := network()
		if x.change != nil {
			x.change(n)
		}
		m, err := sim.Compile(n)
		if err != nil {
			return err
		}
		r, err := m.Reach(x.q)
		if err != nil {
			return fmt.Errorf("%s: %w", x.what, err)
		}
		fmt.Fprintf(w, "%d. %s\n", i+1, x.what)
		if via := r.Via(); len(via) > 0 {
			fmt.Fprintf(w, "   via: %s\n", strings.Join(via, ", "))
		}
		if r.Block != nil {
			fmt.Fprintf(w, "   why: %s\n", r.Block)
		}
		for _, line := range strings.Split(strings.TrimSuffix(r.String(), "\n"), "\n") {
			fmt.Fprintf(w, "   %s\n", line)
		}
		fmt.Fprintln(w)
	}
	return nil
}

func main() {
	log.SetFlags(0)
	if err := report(os.Stdout); err != nil {
		log.Fatal(err)
	}
}
