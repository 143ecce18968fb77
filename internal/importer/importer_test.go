package importer

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

var opts = []cmp.Option{cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}), cmpopts.EquateEmpty()}

// Place puts load balancers and Lattice into the network, sorted by ID,
// and returns what the network has no fields for: nothing at present.
func TestPlace(t *testing.T) {
	d := Decls{
		LoadBalancers:       []elb.LoadBalancer{{ID: "lb-b"}, {ID: "lb-a"}},
		Listeners:           []elb.Listener{{ID: "l-2"}, {ID: "l-1"}},
		TargetGroups:        []elb.TargetGroup{{ID: "tg-2"}, {ID: "tg-1"}},
		VPCEndpoints:        []endpoint.Endpoint{{ID: "vpce-2"}, {ID: "vpce-1"}},
		EndpointServices:    []endpoint.Service{{ID: "svc-2"}, {ID: "svc-1"}},
		EndpointConnections: []endpoint.Connection{{Service: "s2", Endpoint: "e1"}, {Service: "s1", Endpoint: "e2"}, {Service: "s1", Endpoint: "e1"}},

		ServiceNetworks:                    []lattice.ServiceNetwork{{ID: "sn-2"}, {ID: "sn-1"}},
		ServiceNetworkVPCAssociations:      []lattice.ServiceNetworkVPCAssociation{{ID: "snva-2"}, {ID: "snva-1"}},
		ServiceNetworkServiceAssociations:  []lattice.ServiceNetworkServiceAssociation{{ID: "snsa-2"}, {ID: "snsa-1"}},
		ServiceNetworkResourceAssociations: []lattice.ServiceNetworkResourceAssociation{{ID: "snra-2"}, {ID: "snra-1"}},
		LatticeServices:                    []lattice.Service{{ID: "svc-b"}, {ID: "svc-a"}},
		LatticeTargetGroups:                []lattice.TargetGroup{{ID: "tg-b"}, {ID: "tg-a"}},
		ResourceGateways:                   []lattice.ResourceGateway{{ID: "rgw-2"}, {ID: "rgw-1"}},
		ResourceConfigurations:             []lattice.ResourceConfiguration{{ID: "rcfg-2"}, {ID: "rcfg-1"}},
	}
	n := &sim.Network{VPCs: []vpc.VPC{{ID: "vpc-1"}}}
	u := d.Place(n)
	wantN := &sim.Network{
		VPCs:                               []vpc.VPC{{ID: "vpc-1"}},
		LoadBalancers:                      []elb.LoadBalancer{{ID: "lb-a"}, {ID: "lb-b"}},
		Listeners:                          []elb.Listener{{ID: "l-1"}, {ID: "l-2"}},
		TargetGroups:                       []elb.TargetGroup{{ID: "tg-1"}, {ID: "tg-2"}},
		ServiceNetworks:                    []lattice.ServiceNetwork{{ID: "sn-1"}, {ID: "sn-2"}},
		ServiceNetworkVPCAssociations:      []lattice.ServiceNetworkVPCAssociation{{ID: "snva-1"}, {ID: "snva-2"}},
		ServiceNetworkServiceAssociations:  []lattice.ServiceNetworkServiceAssociation{{ID: "snsa-1"}, {ID: "snsa-2"}},
		LatticeServices:                    []lattice.Service{{ID: "svc-a"}, {ID: "svc-b"}},
		LatticeTargetGroups:                []lattice.TargetGroup{{ID: "tg-a"}, {ID: "tg-b"}},
		ServiceNetworkResourceAssociations: []lattice.ServiceNetworkResourceAssociation{{ID: "snra-1"}, {ID: "snra-2"}},
		ResourceGateways:                   []lattice.ResourceGateway{{ID: "rgw-1"}, {ID: "rgw-2"}},
		ResourceConfigurations:             []lattice.ResourceConfiguration{{ID: "rcfg-1"}, {ID: "rcfg-2"}},
		VPCEndpoints:                       []endpoint.Endpoint{{ID: "vpce-1"}, {ID: "vpce-2"}},
		EndpointServices:                   []endpoint.Service{{ID: "svc-1"}, {ID: "svc-2"}},
		EndpointConnections:                []endpoint.Connection{{Service: "s1", Endpoint: "e1"}, {Service: "s1", Endpoint: "e2"}, {Service: "s2", Endpoint: "e1"}},
	}
	if diff := cmp.Diff(wantN, n, opts...); diff != "" {
		t.Errorf("network (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Unsimulated{}, u, opts...); diff != "" {
		t.Errorf("unsimulated (-want +got):\n%s", diff)
	}
}

// pruneNet holds one VPC with two subnets, a group, an instance's
// interface, and load balancer and Lattice declarations that refer both
// to what it holds and to what it does not.
func pruneNet() *sim.Network {
	return &sim.Network{
		VPCs:              []vpc.VPC{{ID: "vpc-1"}},
		Subnets:           []vpc.Subnet{{ID: "sub-a", VPC: "vpc-1"}, {ID: "sub-b", VPC: "vpc-1"}},
		SecurityGroups:    []vpc.SecurityGroup{{ID: "sg-1", VPC: "vpc-1"}},
		NetworkInterfaces: []vpc.NetworkInterface{{ID: "eni-1", Subnet: "sub-a", Owner: "i-1"}},
		LoadBalancers: []elb.LoadBalancer{
			{ID: "lb-ok", VPC: "vpc-1", Subnets: []elb.SubnetMapping{{Subnet: "sub-a"}, {Subnet: "sub-x"}, {Subnet: "sub-b"}}, SecurityGroups: []string{"sg-x", "sg-1"}},
			{ID: "lb-novpc", VPC: "vpc-x", Subnets: []elb.SubnetMapping{{Subnet: "sub-a"}}},
			{ID: "lb-nosubnets", VPC: "vpc-1", Subnets: []elb.SubnetMapping{{Subnet: "sub-x"}}},
		},
		TargetGroups: []elb.TargetGroup{
			{ID: "tg-ok", TargetType: elb.InstanceTarget, VPC: "vpc-1", Targets: []elb.Target{{ID: "i-1"}, {ID: "i-x"}, {ID: "eni-1"}}},
			{ID: "tg-novpc", TargetType: elb.InstanceTarget, VPC: "vpc-x"},
			{ID: "tg-alb", TargetType: elb.ALBTarget, VPC: "vpc-1", Targets: []elb.Target{{ID: "lb-ok"}, {ID: "lb-novpc"}}},
			{ID: "tg-lambda", TargetType: elb.LambdaTarget, Targets: []elb.Target{{ID: "arn:aws:lambda:us-east-1:111111111111:function:f"}}},
		},
		Listeners: []elb.Listener{
			{ID: "l-ok", LoadBalancer: "lb-ok", Default: elb.ForwardWeighted(elb.WeightedTargetGroup{TargetGroup: "tg-ok", Weight: 1}, elb.WeightedTargetGroup{TargetGroup: "tg-novpc", Weight: 1}),
				Rules: []elb.Rule{
					{Priority: 1, Action: elb.ForwardTo("tg-novpc")},
					{Priority: 2, Action: elb.Respond(404, "", "")},
				}},
			{ID: "l-nolb", LoadBalancer: "lb-novpc", Default: elb.ForwardTo("tg-ok")},
			{ID: "l-nodefault", LoadBalancer: "lb-ok", Default: elb.ForwardTo("tg-x")},
		},
		ServiceNetworks: []lattice.ServiceNetwork{{ID: "sn-1"}},
		ServiceNetworkVPCAssociations: []lattice.ServiceNetworkVPCAssociation{
			{ID: "snva-ok", ServiceNetwork: "sn-1", VPC: "vpc-1", SecurityGroups: []string{"sg-1", "sg-x"}},
			{ID: "snva-nosn", ServiceNetwork: "sn-x", VPC: "vpc-1"},
			{ID: "snva-novpc", ServiceNetwork: "sn-1", VPC: "vpc-x"},
		},
		ServiceNetworkServiceAssociations: []lattice.ServiceNetworkServiceAssociation{
			{ID: "snsa-ok", ServiceNetwork: "sn-1", Service: "svc-1"},
			{ID: "snsa-nosvc", ServiceNetwork: "sn-1", Service: "svc-x"},
			{ID: "snsa-nosn", ServiceNetwork: "sn-x", Service: "svc-1"},
		},
		LatticeServices: []lattice.Service{{ID: "svc-1", Listeners: []lattice.Listener{
			{ID: "lis-ok", DefaultAction: lattice.ForwardWeighted(lattice.Weighted("ltg-ok", 50), lattice.Weighted("ltg-novpc", 50)),
				Rules: []lattice.Rule{{ID: "r-gone", Priority: 1, Action: lattice.ForwardTo("ltg-novpc")}, {ID: "r-404", Priority: 2, Action: lattice.Respond(404)}}},
			{ID: "lis-gone", DefaultAction: lattice.ForwardTo("ltg-x")},
		}}},
		LatticeTargetGroups: []lattice.TargetGroup{
			{ID: "ltg-ok", Type: lattice.TargetInstance, VPC: "vpc-1", Targets: []lattice.Target{{ID: "i-x"}, {ID: "i-1"}}},
			{ID: "ltg-novpc", Type: lattice.TargetIP, VPC: "vpc-x"},
			{ID: "ltg-alb", Type: lattice.TargetALB, VPC: "vpc-1", Targets: []lattice.Target{{ID: "lb-nosubnets"}}},
			{ID: "ltg-lambda", Type: lattice.TargetLambda, Targets: []lattice.Target{{ID: "arn:aws:lambda:us-east-1:111111111111:function:f"}}},
		},
	}
}

// Prune cuts each reference to what the network lacks, drops what cannot
// stand without one, and reports every cut.
func TestPrune(t *testing.T) {
	w := func(i int) *int { return &i }
	n := pruneNet()
	cuts := Prune(n)
	want := pruneNet()
	want.LoadBalancers = []elb.LoadBalancer{{ID: "lb-ok", VPC: "vpc-1", Subnets: []elb.SubnetMapping{{Subnet: "sub-a"}, {Subnet: "sub-b"}}, SecurityGroups: []string{"sg-1"}}}
	want.TargetGroups = []elb.TargetGroup{
		{ID: "tg-ok", TargetType: elb.InstanceTarget, VPC: "vpc-1", Targets: []elb.Target{{ID: "i-1"}, {ID: "eni-1"}}},
		{ID: "tg-alb", TargetType: elb.ALBTarget, VPC: "vpc-1", Targets: []elb.Target{{ID: "lb-ok"}}},
		want.TargetGroups[3],
	}
	want.Listeners = []elb.Listener{{ID: "l-ok", LoadBalancer: "lb-ok", Default: elb.ForwardWeighted(elb.WeightedTargetGroup{TargetGroup: "tg-ok", Weight: 1}),
		Rules: []elb.Rule{{Priority: 2, Action: elb.Respond(404, "", "")}}}}
	want.ServiceNetworkVPCAssociations = []lattice.ServiceNetworkVPCAssociation{{ID: "snva-ok", ServiceNetwork: "sn-1", VPC: "vpc-1", SecurityGroups: []string{"sg-1"}}}
	want.ServiceNetworkServiceAssociations = want.ServiceNetworkServiceAssociations[:1]
	want.LatticeServices = []lattice.Service{{ID: "svc-1", Listeners: []lattice.Listener{
		{ID: "lis-ok", DefaultAction: lattice.ForwardWeighted(lattice.WeightedTargetGroup{TargetGroup: "ltg-ok", Weight: w(50)}),
			Rules: []lattice.Rule{{ID: "r-404", Priority: 2, Action: lattice.Respond(404)}}},
	}}}
	want.LatticeTargetGroups = []lattice.TargetGroup{
		{ID: "ltg-ok", Type: lattice.TargetInstance, VPC: "vpc-1", Targets: []lattice.Target{{ID: "i-1"}}},
		{ID: "ltg-alb", Type: lattice.TargetALB, VPC: "vpc-1"},
		want.LatticeTargetGroups[3],
	}
	if d := cmp.Diff(want, n, opts...); d != "" {
		t.Errorf("pruned network (-want +got):\n%s", d)
	}
	var got []string
	for _, c := range cuts {
		got = append(got, c.String())
	}
	wantCuts := []string{
		"load-balancer lb-novpc: refers to vpc vpc-x, which is not in the import",
		"load-balancer lb-ok subnets: refers to subnet sub-x, which is not in the import",
		"load-balancer lb-ok securityGroups: refers to security group sg-x, which is not in the import",
		"load-balancer lb-nosubnets subnets: refers to subnet sub-x, which is not in the import",
		"load-balancer lb-nosubnets: none of its subnets is in the import",
		"target-group tg-novpc: refers to vpc vpc-x, which is not in the import",
		"target-group tg-ok targets: refers to instance or network interface i-x, which is not in the import",
		"target-group tg-alb targets: refers to load balancer lb-novpc, which is not in the import",
		"listener l-ok default.forward: refers to target group tg-novpc, which is not in the import",
		"listener l-ok rules[priority 1].action.forward: refers to target group tg-novpc, which is not in the import",
		"listener l-ok rules: the rule of priority 1 forwards to no target group in the import",
		"listener l-nolb: refers to load balancer lb-novpc, which is not in the import",
		"listener l-nodefault default.forward: refers to target group tg-x, which is not in the import",
		"listener l-nodefault: its default action forwards to no target group in the import",
		"lattice-target-group ltg-novpc: refers to vpc vpc-x, which is not in the import",
		"lattice-target-group ltg-ok targets: refers to instance or network interface i-x, which is not in the import",
		"lattice-target-group ltg-alb targets: refers to load balancer lb-nosubnets, which is not in the import",
		"lattice-service svc-1 listeners[lis-ok].defaultAction.forward: refers to target group ltg-novpc, which is not in the import",
		"lattice-service svc-1 listeners[lis-ok].rules[r-gone].action.forward: refers to target group ltg-novpc, which is not in the import",
		"lattice-service svc-1 listeners[lis-ok].rules: rule r-gone forwards to no target group in the import",
		"lattice-service svc-1 listeners[lis-gone].defaultAction.forward: refers to target group ltg-x, which is not in the import",
		"lattice-service svc-1 listeners: listener lis-gone: its default action forwards to no target group in the import",
		"service-network-vpc-association snva-nosn: refers to service network sn-x, which is not in the import",
		"service-network-vpc-association snva-novpc: refers to vpc vpc-x, which is not in the import",
		"service-network-vpc-association snva-ok securityGroups: refers to security group sg-x, which is not in the import",
		"service-network-service-association snsa-nosvc: refers to lattice service svc-x, which is not in the import",
		"service-network-service-association snsa-nosn: refers to service network sn-x, which is not in the import",
	}
	if d := cmp.Diff(wantCuts, got); d != "" {
		t.Errorf("cuts (-want +got):\n%s", d)
	}
	// A cut for a missing reference names what was missing.
	for _, c := range cuts {
		if hasRef := strings.HasPrefix(c.Reason, "refers to "); hasRef != (c.Ref != "") || hasRef && !strings.Contains(c.Reason, " "+c.Ref+",") {
			t.Errorf("cut %s: Ref %q", c, c.Ref)
		}
	}
	// What remains validates as far as its references go.
	if again := Prune(n); len(again) != 0 {
		t.Errorf("a second Prune cuts %v", again)
	}
}

func TestPruneNil(t *testing.T) {
	if c := Prune(nil); c != nil {
		t.Errorf("Prune(nil) = %v", c)
	}
}

// Endpoints lose their references to what the import lacks; those that
// cannot stand without them are dropped, and the connections to them.
func TestPruneEndpoints(t *testing.T) {
	n := &sim.Network{
		VPCs:           []vpc.VPC{{ID: "vpc-1"}},
		Subnets:        []vpc.Subnet{{ID: "sub-a", VPC: "vpc-1"}},
		SecurityGroups: []vpc.SecurityGroup{{ID: "sg-1", VPC: "vpc-1"}},
		RouteTables:    []vpc.RouteTable{{ID: "rtb-1", VPC: "vpc-1"}},
		LoadBalancers:  []elb.LoadBalancer{{ID: "nlb-1", VPC: "vpc-1", Subnets: []elb.SubnetMapping{{Subnet: "sub-a"}}}},
		VPCEndpoints: []endpoint.Endpoint{
			{ID: "vpce-ok", VPC: "vpc-1", Type: endpoint.Interface, Subnets: []string{"sub-a", "sub-x"}, SecurityGroups: []string{"sg-1", "sg-x"},
				Addresses: []endpoint.SubnetAddress{{Subnet: "sub-a"}, {Subnet: "sub-x"}}},
			{ID: "vpce-gw", VPC: "vpc-1", Type: endpoint.Gateway, RouteTables: []string{"rtb-1", "rtb-x"}},
			{ID: "vpce-novpc", VPC: "vpc-x", Type: endpoint.Gateway},
			{ID: "vpce-nosubnet", VPC: "vpc-1", Type: endpoint.Interface, Subnets: []string{"sub-x"}},
		},
		EndpointServices: []endpoint.Service{
			{ID: "svc-ok", NetworkLoadBalancers: []string{"nlb-1", "nlb-x"}},
			{ID: "svc-gone", NetworkLoadBalancers: []string{"nlb-x"}},
		},
		EndpointConnections: []endpoint.Connection{
			{Service: "svc-ok", Endpoint: "vpce-ok"},
			{Service: "svc-gone", Endpoint: "vpce-ok"},
			{Service: "svc-ok", Endpoint: "vpce-nosubnet"},
		},
	}
	var got []string
	for _, c := range Prune(n) {
		got = append(got, c.String())
	}
	want := []string{
		"vpc-endpoint vpce-novpc: refers to vpc vpc-x, which is not in the import",
		"vpc-endpoint vpce-ok subnets: refers to subnet sub-x, which is not in the import",
		"vpc-endpoint vpce-ok securityGroups: refers to security group sg-x, which is not in the import",
		"vpc-endpoint vpce-gw routeTables: refers to route table rtb-x, which is not in the import",
		"vpc-endpoint vpce-nosubnet subnets: refers to subnet sub-x, which is not in the import",
		"vpc-endpoint vpce-nosubnet: none of its subnets is in the import",
		"endpoint-service svc-gone: none of its load balancers is in the import",
		"endpoint-service svc-ok networkLoadBalancers: refers to load balancer nlb-x, which is not in the import",
		"endpoint-connection svc-gone vpce-ok: refers to endpoint service svc-gone, which is not in the import",
		"endpoint-connection svc-ok vpce-nosubnet: refers to vpc endpoint vpce-nosubnet, which is not in the import",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("cuts (-want +got):\n%s", d)
	}
	if len(n.VPCEndpoints) != 2 || len(n.VPCEndpoints[0].Addresses) != 1 || len(n.EndpointServices) != 1 || len(n.EndpointConnections) != 1 {
		t.Errorf("left: endpoints %+v, services %+v, connections %+v", n.VPCEndpoints, n.EndpointServices, n.EndpointConnections)
	}
	if again := Prune(n); len(again) != 0 {
		t.Errorf("a second Prune cuts %v", again)
	}
}
