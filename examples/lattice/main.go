package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/netip"
	"os"
	"path/filepath"
	"strings"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Short helpers for the literals below.
var (
	pfx  = netip.MustParsePrefix
	addr = netip.MustParseAddr
	tcp  = vpc.ProtocolTCP
)

// The accounts.
const (
	platform = "111111111111"
	payments = "222222222222"
	catalog  = "333333333333"
	clients  = "444444444444"
	org      = "o-shop"
)

// The callers: the IAM roles the client services run as.
var (
	ordersRole    = &policy.Principal{Account: clients, ARN: "arn:aws:iam::444444444444:role/orders", OrgID: org}
	checkoutRole  = &policy.Principal{Account: clients, ARN: "arn:aws:iam::444444444444:role/checkout", OrgID: org}
	reportingRole = &policy.Principal{Account: clients, ARN: "arn:aws:iam::444444444444:role/reporting", OrgID: org}
)

// latticeRange is where Lattice reaches targets from (the managed prefix
// list com.amazonaws.us-east-1.vpc-lattice); resourceRange is where
// clients reach resource configurations through their association.
var (
	latticeRange  = pfx("169.254.171.0/24")
	resourceRange = pfx("129.224.0.0/17")
)

// The auth policies. The network admits any caller of the organization;
// the payments service lets the orders role POST to /charge and call
// /refund.
const (
	networkPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
		"Action":"vpc-lattice-svcs:Invoke","Resource":"*",
		"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-shop"}}}]}`
	paymentsPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"OrdersCharge","Effect":"Allow",
		"Principal":{"AWS":"arn:aws:iam::444444444444:role/orders"},
		"Action":"vpc-lattice-svcs:Invoke",
		"Resource":"arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-payments/charge*",
		"Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"POST"}}},
		{"Sid":"OrdersRefund","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444444444444:role/orders"},
		"Action":"vpc-lattice-svcs:Invoke",
		"Resource":"arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-payments/refund*"}]}`
)

// vpcIn declares a VPC of an account on 10.0.0.0/16 with subnets in
// us-east-1a and us-east-1b.
func vpcIn(n *sim.Network, id, account string) {
	n.VPCs = append(n.VPCs, vpc.VPC{ID: id, CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, Account: account, Region: "us-east-1"})
	name := strings.TrimPrefix(id, "vpc-")
	n.Subnets = append(n.Subnets,
		vpc.Subnet{ID: name + "-a", VPC: id, AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.1.0/24")},
		vpc.Subnet{ID: name + "-b", VPC: id, AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.2.0/24")})
}

// network declares the whole architecture as plain data.
func network() *sim.Network {
	n := &sim.Network{}
	for _, v := range []struct{ id, account string }{
		{"vpc-payments", payments}, {"vpc-catalog", catalog},
		{"vpc-orders", clients}, {"vpc-checkout", clients}, {"vpc-analytics", clients}, {"vpc-reporting", clients},
	} {
		vpcIn(n, v.id, v.account)
	}
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "payments-db", VPC: "vpc-payments", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.3.0/24")})
	n.VPCs[len(n.VPCs)-1].EnableDNSHostnames = true // the endpoint's private DNS needs it

	// Clients: each client security group lets HTTPS and HTTP out to
	// Lattice, and any TCP port to the resource range (the resource
	// configuration's port ranges decide).
	clientSG := func(id, v string) vpc.SecurityGroup {
		return vpc.SecurityGroup{ID: id, VPC: v, Egress: []vpc.SGRule{
			{Protocol: tcp, Ports: vpc.Port(443), CIDR: latticeRange},
			{Protocol: tcp, Ports: vpc.Port(80), CIDR: latticeRange},
			{Protocol: tcp, Ports: vpc.AllPorts, CIDR: resourceRange}}}
	}
	// The associations' security groups admit the VPC's client group.
	assocSG := func(id, v, client string) vpc.SecurityGroup {
		return vpc.SecurityGroup{ID: id, VPC: v, Ingress: []vpc.SGRule{
			{Protocol: tcp, Ports: vpc.Port(443), Group: client},
			{Protocol: tcp, Ports: vpc.Port(80), Group: client},
			{Protocol: tcp, Ports: vpc.AllPorts, Group: client}}}
	}
	n.SecurityGroups = []vpc.SecurityGroup{
		clientSG("sg-orders", "vpc-orders"), assocSG("sg-orders-assoc", "vpc-orders", "sg-orders"),
		clientSG("sg-checkout", "vpc-checkout"), assocSG("sg-checkout-assoc", "vpc-checkout", "sg-checkout"),
		clientSG("sg-analytics", "vpc-analytics"),
		// Reporting's clients send to the endpoint's addresses in their
		// own VPC, which the endpoint's group admits.
		{ID: "sg-reporting", VPC: "vpc-reporting", Egress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Ports(80, 443), CIDR: pfx("10.0.0.0/16")}}},
		{ID: "sg-reporting-vpce", VPC: "vpc-reporting", Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Ports(80, 443), Group: "sg-reporting"}}},
		// The payments tasks admit Lattice on 8443 only: the canary's
		// health checks on 8081 never arrive (deliberate problem one).
		{ID: "sg-pay", VPC: "vpc-payments", Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8443), CIDR: latticeRange}}},
		// The resource gateway lets PostgreSQL out to the database subnet;
		// the database admits the gateway.
		{ID: "sg-rgw", VPC: "vpc-payments", Egress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(5432), CIDR: pfx("10.0.3.0/24")}}},
		{ID: "sg-ledger", VPC: "vpc-payments", Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-rgw"}}},
		// The catalog ALB admits Lattice on 80 and forwards to its tasks.
		{ID: "sg-catalog-alb", VPC: "vpc-catalog", Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(80), CIDR: latticeRange}},
			Egress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8080), Group: "sg-catalog"}}},
		{ID: "sg-catalog", VPC: "vpc-catalog", Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8080), Group: "sg-catalog-alb"}}},
	}
	eni := func(id, subnet, ip string, kind vpc.InterfaceKind, sg string) vpc.NetworkInterface {
		return vpc.NetworkInterface{ID: id, Subnet: subnet, Kind: kind, PrivateIPs: []netip.Addr{addr(ip)}, SecurityGroups: []string{sg}}
	}
	n.NetworkInterfaces = []vpc.NetworkInterface{
		// The clients: the same addresses in three VPCs.
		eni("eni-orders", "orders-a", "10.0.1.10", vpc.KindECSTask, "sg-orders"),
		eni("eni-checkout", "checkout-a", "10.0.1.10", vpc.KindECSTask, "sg-checkout"),
		eni("eni-analytics", "analytics-a", "10.0.1.10", vpc.KindEC2, "sg-analytics"),
		eni("eni-reporting", "reporting-a", "10.0.1.10", vpc.KindECSTask, "sg-reporting"),
		// Payments: v1 in both zones, the canary in one.
		eni("eni-pay-v1-a", "payments-a", "10.0.1.10", vpc.KindECSTask, "sg-pay"),
		eni("eni-pay-v1-b", "payments-b", "10.0.2.10", vpc.KindECSTask, "sg-pay"),
		eni("eni-pay-v2", "payments-b", "10.0.2.20", vpc.KindECSTask, "sg-pay"),
		eni("eni-ledger", "payments-db", "10.0.3.20", vpc.KindRDS, "sg-ledger"),
		// Catalog tasks behind the ALB.
		eni("eni-catalog-a", "catalog-a", "10.0.1.10", vpc.KindECSTask, "sg-catalog"),
		eni("eni-catalog-b", "catalog-b", "10.0.2.10", vpc.KindECSTask, "sg-catalog"),
	}

	// The catalog's internal ALB.
	n.LoadBalancers = []elb.LoadBalancer{{ID: "alb-catalog", Type: elb.Application, Scheme: elb.Internal, VPC: "vpc-catalog",
		SecurityGroups: []string{"sg-catalog-alb"}, Subnets: []elb.SubnetMapping{{Subnet: "catalog-a"}, {Subnet: "catalog-b"}}}}
	n.TargetGroups = []elb.TargetGroup{{ID: "tg-catalog-tasks", TargetType: elb.IPTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-catalog",
		Targets: []elb.Target{{IP: addr("10.0.1.10")}, {IP: addr("10.0.2.10")}}}}
	n.Listeners = []elb.Listener{{ID: "lis-catalog", LoadBalancer: "alb-catalog", Protocol: elb.HTTP, Port: 80,
		Default: elb.Action{Type: elb.ForwardAction, Forward: []elb.WeightedTargetGroup{{TargetGroup: "tg-catalog-tasks"}}}}}

	// VPC Lattice.
	n.Accounts = []lattice.Account{
		{ID: platform, Name: "platform", Organization: org}, {ID: payments, Name: "payments", Organization: org},
		{ID: catalog, Name: "catalog", Organization: org}, {ID: clients, Name: "clients", Organization: org},
	}
	n.ServiceNetworks = []lattice.ServiceNetwork{{ID: "sn-shop", Name: "shop", Account: platform, AuthType: lattice.AuthIAM,
		AuthPolicy: json.RawMessage(networkPolicy)}}
	n.ResourceShares = []lattice.ResourceShare{{ID: "share-shop", Owner: platform, Resources: []string{"sn-shop"}, Principals: []string{org}}}
	n.ServiceNetworkVPCAssociations = []lattice.ServiceNetworkVPCAssociation{
		{ID: "snva-orders", ServiceNetwork: "sn-shop", VPC: "vpc-orders", SecurityGroups: []string{"sg-orders-assoc"}},
		{ID: "snva-checkout", ServiceNetwork: "sn-shop", VPC: "vpc-checkout", SecurityGroups: []string{"sg-checkout-assoc"}},
		// vpc-analytics: no association (deliberate problem two).
	}
	// vpc-reporting: a service-network endpoint in both zones.
	n.VPCEndpoints = []endpoint.Endpoint{{ID: "vpce-reporting-shop", Type: endpoint.ServiceNetwork, VPC: "vpc-reporting", ServiceNetwork: "sn-shop",
		Subnets: []string{"reporting-a", "reporting-b"}, SecurityGroups: []string{"sg-reporting-vpce"}}}
	n.ServiceNetworkServiceAssociations = []lattice.ServiceNetworkServiceAssociation{
		{ID: "snsa-payments", ServiceNetwork: "sn-shop", Service: "svc-payments"},
		{ID: "snsa-catalog", ServiceNetwork: "sn-shop", Service: "svc-catalog"},
	}
	n.LatticeServices = []lattice.Service{
		{ID: "svc-payments", Name: "payments", Account: payments, AuthType: lattice.AuthIAM, AuthPolicy: json.RawMessage(paymentsPolicy),
			Listeners: []lattice.Listener{{ID: "listener-pay", Protocol: lattice.ListenerHTTPS, Port: 443, DefaultAction: lattice.Respond(404),
				Rules: []lattice.Rule{
					{ID: "rule-charge", Priority: 10,
						Match:  lattice.HTTPMatch{Method: "POST", PathMatch: &lattice.PathMatch{Prefix: "/charge"}},
						Action: lattice.ForwardWeighted(lattice.Weighted("tg-pay-v1", 90), lattice.Weighted("tg-pay-v2", 10))},
					{ID: "rule-refund", Priority: 20, Match: lattice.HTTPMatch{PathMatch: &lattice.PathMatch{Prefix: "/refund"}},
						Action: lattice.ForwardTo("tg-refund")},
				}}}},
		{ID: "svc-catalog", Name: "catalog", Account: catalog, AuthType: lattice.AuthNone,
			Listeners: []lattice.Listener{{ID: "listener-catalog", Protocol: lattice.ListenerHTTP, Port: 80, DefaultAction: lattice.ForwardTo("tg-catalog")}}},
	}
	n.LatticeTargetGroups = []lattice.TargetGroup{
		{ID: "tg-pay-v1", Account: payments, Type: lattice.TargetIP, Protocol: lattice.ProtocolHTTPS, Port: 8443, VPC: "vpc-payments",
			Targets: []lattice.Target{{IP: addr("10.0.1.10")}, {IP: addr("10.0.2.10")}}},
		{ID: "tg-pay-v2", Account: payments, Type: lattice.TargetInstance, Protocol: lattice.ProtocolHTTPS, Port: 8443, VPC: "vpc-payments",
			HealthCheck: &lattice.HealthCheck{Port: 8081, Path: "/healthz"}, Targets: []lattice.Target{{ID: "eni-pay-v2"}}},
		{ID: "tg-refund", Account: payments, Type: lattice.TargetLambda,
			Targets: []lattice.Target{{ID: "arn:aws:lambda:us-east-1:222222222222:function:refund"}}},
		{ID: "tg-catalog", Account: catalog, Type: lattice.TargetALB, Protocol: lattice.ProtocolHTTP, Port: 80, VPC: "vpc-catalog",
			HealthCheck: nil, Targets: []lattice.Target{{ID: "alb-catalog"}}},
	}
	// The ledger database, shared through a resource gateway in both
	// payments zones.
	n.ResourceGateways = []lattice.ResourceGateway{{ID: "rgw-payments", Name: "payments", Account: payments, VPC: "vpc-payments",
		Subnets: []string{"payments-a", "payments-b"}, SecurityGroups: []string{"sg-rgw"}}}
	n.ResourceConfigurations = []lattice.ResourceConfiguration{{ID: "rcfg-ledger", Name: "ledger-db", Account: payments,
		Type: lattice.ResourceSingle, ResourceGateway: "rgw-payments", Definition: lattice.ResourceDefinition{IP: addr("10.0.3.20")},
		PortRanges: []vpc.PortRange{vpc.Port(5432)}, AllowShareableServiceNetworks: true}}
	n.ServiceNetworkResourceAssociations = []lattice.ServiceNetworkResourceAssociation{
		{ID: "snra-ledger", ServiceNetwork: "sn-shop", ResourceConfiguration: "rcfg-ledger"}}
	return n
}

// question is one query main asks, with what it shows.
type question struct {
	title string
	q     sim.Query
}

// request is an HTTP request from an interface to a Lattice service.
func request(from, to string, port uint16, method, path string, caller *policy.Principal) sim.Query {
	return sim.Query{From: sim.ENI(from), To: sim.LatticeService(to), Port: port,
		Request: &sim.HTTPRequest{Method: method, Path: path}, Caller: caller}
}

var questions = []question{
	{"orders charges a payment: 90% to pay-v1, 10% to the canary, which is unhealthy (its health checks are blocked), so Lattice fails open",
		request("eni-orders", "svc-payments", 443, "POST", "/charge", ordersRole)},
	{"checkout tries the same: the payments auth policy lets only the orders role charge",
		request("eni-checkout", "svc-payments", 443, "POST", "/charge", checkoutRole)},
	{"orders asks for a refund: a Lambda function answers, with no network path",
		request("eni-orders", "svc-payments", 443, "POST", "/refund", ordersRole)},
	{"orders reads the catalog: Lattice reaches the internal ALB, whose rules forward to its tasks",
		request("eni-orders", "svc-catalog", 80, "GET", "/products", ordersRole)},
	{"orders reads the catalog without signing its request: the network's policy admits callers of the organization only",
		request("eni-orders", "svc-catalog", 80, "GET", "/products", nil)},
	{"analytics calls the catalog: its VPC has no service network association",
		request("eni-analytics", "svc-catalog", 80, "GET", "/products", nil)},
	{"orders opens the ledger database through the resource gateway, which translates the source",
		sim.Query{From: sim.ENI("eni-orders"), To: sim.ResourceConfiguration("rcfg-ledger"), Port: 5432}},
	{"orders tries MySQL's port on the ledger: outside the configuration's port ranges",
		sim.Query{From: sim.ENI("eni-orders"), To: sim.ResourceConfiguration("rcfg-ledger"), Port: 3306}},
	{"reporting reads the catalog through its service-network endpoint: the first leg to the endpoint's address, then Lattice as through an association",
		request("eni-reporting", "svc-catalog", 80, "GET", "/products", reportingRole)},
}

// run compiles the network and writes the answers to w.
func run(w io.Writer) error {
	m, err := sim.Compile(network())
	if err != nil {
		return err
	}
	fmt.Fprintln(w, m)

	// 1. Explained answers.
	for i, x := range questions {
		r, err := m.Reach(x.q)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n== %d. %s\n%s", i+1, x.title, r)
	}

	// 2. Who can charge a payment? With no caller in the query, the
	// answer names the callers the auth policies let in from each group
	// of interfaces.
	charge := sim.Query{To: sim.LatticeService("svc-payments"), Port: 443, Request: &sim.HTTPRequest{Method: "POST", Path: "/charge"}}
	reachers, err := m.WhoCanReach(charge)
	if err != nil {
		return err
	}
	// The policy names a role, not a VPC: workloads of any associated VPC
	// holding the orders role can charge (a condition on
	// vpc-lattice-svcs:SourceVpc would pin the VPC).
	fmt.Fprintf(w, "\n== Who can POST /charge on svc-payments\n")
	for _, r := range reachers {
		var who []string
		for _, c := range r.Callers {
			who = append(who, c.ARN)
		}
		fmt.Fprintf(w, "- %s as %s\n", strings.Join(r.ENIs, ", "), strings.Join(who, ", "))
	}

	// 3. What does each Lattice service and resource configuration open
	// to whom? Exposure lists them after what the internet reaches.
	exposed, err := m.Exposure()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n== Connections opened to VPC Lattice (listener reached; auth and rules then decide per request)\n")
	for _, x := range exposed {
		if x.Lattice == "" {
			fmt.Fprintf(w, "- internet -> %s\n", strings.Join(x.ENIs, ", "))
			continue
		}
		var open []string
		for _, o := range x.Open {
			open = append(open, o.String())
		}
		fmt.Fprintf(w, "- %s -> %s: %s\n", strings.Join(x.ENIs, ", "), x.Lattice, strings.Join(open, ", "))
	}
	return nil
}

// draw writes lattice.md (Mermaid) and lattice.dot into dir: the whole
// architecture, with the path of the first question highlighted.
func draw(dir string) error {
	m, err := sim.Compile(network())
	if err != nil {
		return err
	}
	r, err := m.Reach(questions[0].q)
	if err != nil {
		return err
	}
	dot, err := m.DOT(r)
	if err != nil {
		return err
	}
	md := "```mermaid\n" + m.Mermaid(r) + "```\n"
	if err := os.WriteFile(filepath.Join(dir, "lattice.md"), []byte(md), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "lattice.dot"), dot, 0o644)
}

func main() {
	out := flag.String("out", "", "directory to write lattice.md and lattice.dot into (none: no pictures)")
	flag.Parse()
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
	if *out != "" {
		if err := draw(*out); err != nil {
			log.Fatal(err)
		}
	}
}
