package awsimport

import (
	"encoding/json"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// compactJSON compares policies by content, not white space.
var compactJSON = cmp.FilterValues(func(a, b json.RawMessage) bool { return len(a) > 0 && len(b) > 0 },
	cmp.Comparer(func(a, b json.RawMessage) bool {
		var x, y any
		if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
			return string(a) == string(b)
		}
		return cmp.Equal(x, y)
	}))

const (
	tgApp    = "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/app/73e2d6bc24d8a067"
	lis443   = "arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2"
	lis80    = "arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/web/50dc6c495c0c9188/0467ef3c8400ae65"
	rulePref = "arn:aws:elasticloadbalancing:us-east-1:111111111111:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/"
)

// TestLoadBalancers checks the ELBv2 declarations, which go into the
// network: the listener's rules come from describe-rules (the default
// rule is the listener's default action, not a rule), an authenticate
// action is reported and the forward after it kept, and targets come
// from describe-target-health. The load balancer's own network
// interfaces are not imported as interfaces (the engine creates its
// nodes): their addresses, the public ones AWS assigned included, are
// the subnet mappings'.
func TestLoadBalancers(t *testing.T) {
	r := loadFixture(t)
	wantLB := []elb.LoadBalancer{{ID: albARN, Name: "web", Type: elb.Application, Scheme: elb.InternetFacing, VPC: vpcProd,
		Subnets: []elb.SubnetMapping{
			{Subnet: pubA, PrivateIPv4: addr("10.0.0.100"), PublicIPv4: addr("3.80.0.1"), IPv6: addr("2600:1f18:aaaa:aa00::100")},
			{Subnet: pubB, PrivateIPv4: addr("10.0.1.100"), PublicIPv4: addr("3.80.0.2"), IPv6: addr("2600:1f18:aaaa:aa01::100")},
		}, IPAddressType: elb.DualStack, SecurityGroups: []string{sgALB}}}
	if d := cmp.Diff(wantLB, r.Network.LoadBalancers, netOpts...); d != "" {
		t.Errorf("load balancers (-want +got):\n%s", d)
	}
	wantL := []elb.Listener{
		{ID: lis80, LoadBalancer: albARN, Protocol: elb.HTTP, Port: 80, Default: elb.RedirectTo(elb.Redirect{Protocol: "HTTPS", Host: "#{host}", Port: "443",
			Path: "/#{path}", Query: "#{query}", StatusCode: elb.Permanent})},
		{ID: lis443, LoadBalancer: albARN, Protocol: elb.HTTPS, Port: 443, Default: elb.Respond(404, "text/plain", "not found"),
			Rules: []elb.Rule{
				{ID: rulePref + "9683b2d02a6cabee", Priority: 10, Conditions: []elb.Condition{elb.PathPattern("/api/*"), elb.Header("X-Env", "prod")},
					Action: elb.ForwardTo(tgApp)},
				{ID: rulePref + "c5b4bbd3e8a40b4c", Priority: 20, Conditions: []elb.Condition{elb.SourceIP(netip.MustParsePrefix("198.51.100.0/24"))},
					Action: elb.ForwardTo(tgApp)},
			}},
	}
	if d := cmp.Diff(wantL, r.Network.Listeners, netOpts...); d != "" {
		t.Errorf("listeners (-want +got):\n%s", d)
	}
	yes := true
	wantTG := []elb.TargetGroup{{ID: tgApp, Name: "app", TargetType: elb.InstanceTarget, Protocol: elb.HTTP, Port: 8080, ProtocolVersion: elb.HTTP1, VPC: vpcProd,
		HealthCheck: elb.HealthCheck{Enabled: &yes, Protocol: elb.HTTP, Port: elb.TrafficPort, Path: "/healthz", Matcher: elb.Matcher{HTTPCode: "200"},
			IntervalSeconds: 30, TimeoutSeconds: 5, HealthyThreshold: 5, UnhealthyThreshold: 2},
		Targets: []elb.Target{{ID: "i-01a00000000000001"}, {ID: "i-01a00000000000002"}, {ID: "i-01a00000000000004", Port: 8081, Health: elb.Unhealthy}}}}
	if d := cmp.Diff(wantTG, r.Network.TargetGroups, netOpts...); d != "" {
		t.Errorf("target groups (-want +got):\n%s", d)
	}
	for _, e := range r.Network.NetworkInterfaces {
		if e.ID == eniALBa || e.ID == eniALBb || e.Kind == vpc.KindLoadBalancer {
			t.Errorf("load balancer interface %s imported as an interface beside the load balancer's nodes", e.ID)
		}
	}
}

// TestEndpoints checks the VPC endpoint declarations: the interface
// endpoint's address comes from its network interface, its state from the
// API's camelCase spelling.
func TestEndpoints(t *testing.T) {
	r := loadFixture(t)
	want := handWrittenEndpoints()
	if d := cmp.Diff(want, r.Network.VPCEndpoints, append(netOpts, compactJSON)...); d != "" {
		t.Errorf("endpoints (-want +got):\n%s", d)
	}
	// The endpoint's interface is not an interface of the network: the
	// engine gives the endpoint its interface, at the address imported.
	for _, e := range r.Network.NetworkInterfaces {
		if e.ID == eniVPCE {
			t.Errorf("endpoint interface kept as a plain interface: %+v", e)
		}
	}
}

// TestLattice checks the VPC Lattice declarations, read from camelCase
// get and list output with unions and an epoch timestamp, in the
// network.
func TestLattice(t *testing.T) {
	r := loadFixture(t)
	if d := cmp.Diff(handWrittenLattice(), latticeOf(r.Network), append(netOpts, compactJSON)...); d != "" {
		t.Errorf("lattice (-want +got):\n%s", d)
	}
}

// latticeOf returns the Lattice declarations of n alone.
func latticeOf(n *sim.Network) *sim.Network {
	return &sim.Network{ServiceNetworks: n.ServiceNetworks, ServiceNetworkVPCAssociations: n.ServiceNetworkVPCAssociations,
		ServiceNetworkServiceAssociations: n.ServiceNetworkServiceAssociations, LatticeServices: n.LatticeServices,
		LatticeTargetGroups: n.LatticeTargetGroups, ResourceShares: n.ResourceShares, Accounts: n.Accounts}
}

// handWrittenLattice is the Lattice part of the fixture written by hand:
// the prod VPC is associated with service network prod-net (its
// association's security groups unknown: the input is list output),
// which holds service orders: GET /orders with x-tenant: blue goes to
// the app instances on 8080.
func handWrittenLattice() *sim.Network {
	w100 := 100
	return &sim.Network{
		ServiceNetworks: []lattice.ServiceNetwork{{ID: "sn-0a1b2c3d4e5f60001", Name: "prod-net", Account: acctA, Region: "us-east-1", AuthType: lattice.AuthIAM,
			AuthPolicy:      json.RawMessage(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}`),
			SharingDisabled: true}},
		ServiceNetworkVPCAssociations:     []lattice.ServiceNetworkVPCAssociation{{ID: "snva-0a1b2c3d4e5f60001", ServiceNetwork: "sn-0a1b2c3d4e5f60001", VPC: vpcProd}},
		ServiceNetworkServiceAssociations: []lattice.ServiceNetworkServiceAssociation{{ID: "snsa-0a1b2c3d4e5f60001", ServiceNetwork: "sn-0a1b2c3d4e5f60001", Service: "svc-0a1b2c3d4e5f60001"}},
		LatticeServices: []lattice.Service{{ID: "svc-0a1b2c3d4e5f60001", Name: "orders", Account: acctA, Region: "us-east-1", AuthType: lattice.AuthNone,
			DNSName: "orders-0a1b2c3d4e5f60001.7d67968.vpc-lattice-svcs.us-east-1.on.aws",
			Listeners: []lattice.Listener{{ID: "listener-0a1b2c3d4e5f60001", Name: "http", Protocol: lattice.ListenerHTTP, Port: 80,
				DefaultAction: lattice.Respond(404),
				Rules: []lattice.Rule{{ID: "rule-0a1b2c3d4e5f60001", Name: "orders-get", Priority: 10,
					Match: lattice.HTTPMatch{Method: "GET", PathMatch: &lattice.PathMatch{Prefix: "/orders"},
						HeaderMatches: []lattice.HeaderMatch{{Name: "x-tenant", Exact: "blue", CaseSensitive: true}}},
					Action: lattice.Action{Forward: &lattice.ForwardAction{TargetGroups: []lattice.WeightedTargetGroup{{TargetGroup: "tg-0a1b2c3d4e5f60001", Weight: &w100}}}}}},
			}}}},
		LatticeTargetGroups: []lattice.TargetGroup{{ID: "tg-0a1b2c3d4e5f60001", Name: "orders", Account: acctA, Type: lattice.TargetInstance,
			Protocol: lattice.ProtocolHTTP, Port: 8080, ProtocolVersion: lattice.HTTP1, VPC: vpcProd,
			HealthCheck: &lattice.HealthCheck{Enabled: ptr(true), Protocol: lattice.ProtocolHTTP, ProtocolVersion: lattice.HTTP1, Path: "/health",
				IntervalSeconds: 30, TimeoutSeconds: 5, HealthyThreshold: 5, UnhealthyThreshold: 2, Matcher: "200-299"},
			Targets: []lattice.Target{{ID: "i-01a00000000000001", Port: 8080}, {ID: "i-01a00000000000002", Port: 8080, Health: lattice.HealthUnavailable}}}},
	}
}

// handWrittenEndpoints are the VPC endpoints of the fixture, written by
// hand: the interface endpoint's address comes from its network
// interface, its state from the API's camelCase spelling.
func handWrittenEndpoints() []endpoint.Endpoint {
	yes, no := true, false
	return []endpoint.Endpoint{
		{ID: "vpce-01a00000000000001", Type: endpoint.Gateway, VPC: vpcProd, ServiceName: "com.amazonaws.us-east-1.s3",
			RouteTables: []string{"rtb-01a00000000000003"},
			Policy:      json.RawMessage(`{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`)},
		{ID: "vpce-01a00000000000002", Name: "sqs", Type: endpoint.Interface, VPC: vpcProd, ServiceName: "com.amazonaws.us-east-1.sqs",
			Subnets: []string{appA}, Addresses: []endpoint.SubnetAddress{{Subnet: appA, IPv4: addr("10.0.10.60")}}, SecurityGroups: []string{sgApp},
			PrivateDNSEnabled: &yes, DNSOptions: endpoint.DNSOptions{RecordIPType: endpoint.DNSIPv4},
			Policy: json.RawMessage(`{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}`), Tags: map[string]string{"Name": "sqs"}},
		{ID: "vpce-01a00000000000003", Type: endpoint.Interface, VPC: vpcProd, ServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0e1d2c3b4a5f60789",
			Subnets: []string{appB}, SecurityGroups: []string{sgApp}, PrivateDNSEnabled: &no, State: endpoint.PendingAcceptance},
	}
}
