package sim

import (
	"encoding/json"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
)

// snEndpointNet is latticeNet where vpc-orders connects to sn-shop through
// a service-network endpoint instead of its association: vpce-sn, one
// interface in orders-a, security group sg-vpce admitting sg-orders on
// 443; the client's group allows 443 to the VPC. The VPC has DNS
// hostnames on, which the endpoint's private DNS needs.
func snEndpointNet() *Network {
	n := withAddrs(latticeNet())
	n.VPCs[0].EnableDNSHostnames = true
	n.ServiceNetworkVPCAssociations = nil
	n.SecurityGroups[0].Egress = append(n.SecurityGroups[0].Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("10.0.0.0/16")})
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-vpce", VPC: "vpc-orders",
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), Group: "sg-orders"}}})
	n.VPCEndpoints = []endpoint.Endpoint{{ID: "vpce-sn", Type: endpoint.ServiceNetwork, VPC: "vpc-orders", ServiceNetwork: "sn-shop",
		Subnets: []string{"orders-a"}, SecurityGroups: []string{"sg-vpce"}}}
	return n
}

// TestServiceNetworkEndpoint pins a request through a service-network
// endpoint (AWS PrivateLink Guide, "Access a service network through a
// service-network endpoint"; VPC Lattice User Guide, "How VPC Lattice
// works": a VPC connects to a service network through an association or
// through a VPC endpoint of type service network): the client dials the
// endpoint's address in its VPC, the endpoint's security groups admit it,
// the endpoint names itself on the path and in Result.Via, and the
// service's listener, auth policies, rules and targets apply as through an
// association.
func TestServiceNetworkEndpoint(t *testing.T) {
	m := mustCompile(t, snEndpointNet())
	r, err := m.Reach(charge("POST"))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Allowed() {
		t.Fatalf("POST /charge: %v (%v)\n%s", r.Status, r.Reason, r)
	}
	e, ok := m.Interface("vpce-sn/orders-a")
	if !ok {
		t.Fatal("no interface vpce-sn/orders-a")
	}
	if got := r.Path[0].Packet.Dst; got != e.PrivateIPs[0] {
		t.Errorf("the client dials %s, want the endpoint's first address %s\n%s", got, e.PrivateIPs[0], r)
	}
	if d := cmp.Diff([]string{"vpce-sn"}, r.Via()); d != "" {
		t.Errorf("Via (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"tg-v1:10.0.1.10 reachable", "tg-v1:10.0.2.10 reachable", "tg-v2:eni-pay-canary reachable"}, branchTargets(r)); d != "" {
		t.Errorf("branches (-want +got):\n%s\n%s", d, r)
	}
	if !strings.Contains(r.String(), "service-network endpoint to service network sn-shop") {
		t.Errorf("the explanation does not name the endpoint:\n%s", r)
	}
	// The /28 block per zone (PrivateLink Guide, service-network endpoint
	// prerequisites).
	if len(e.PrivateIPs) != 16 {
		t.Errorf("the endpoint's interface holds %d addresses, want the 16 of its block", len(e.PrivateIPs))
	}
}

// TestServiceNetworkEndpointDenials pins each way a request through a
// service-network endpoint is refused, and what does not refuse it.
func TestServiceNetworkEndpointDenials(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Network)
		q    func() Query
		want Verdict
	}{
		{"endpoint security groups (endpoint SGs control inbound traffic from clients)", func(n *Network) { n.SecurityGroups[3].Ingress = nil },
			func() Query { return charge("POST") }, Verdict{Blocked, SGIngress}},
		{"default group when none (CreateVpcEndpoint SecurityGroupIds)", func(n *Network) { n.VPCEndpoints[0].SecurityGroups = nil },
			func() Query { return charge("POST") }, Verdict{Blocked, SGIngress}},
		{"client egress to the endpoint", func(n *Network) { n.SecurityGroups[0].Egress = n.SecurityGroups[0].Egress[:1] },
			func() Query { return charge("POST") }, Verdict{Blocked, SGEgress}},
		{"client egress to Lattice's range is not needed", func(n *Network) { n.SecurityGroups[0].Egress = n.SecurityGroups[0].Egress[1:] },
			func() Query { return charge("POST") }, Verdict{Reachable, NoReason}},
		{"endpoint not available", func(n *Network) { n.VPCEndpoints[0].State = endpoint.Pending },
			func() Query { return charge("POST") }, Verdict{Blocked, EndpointNotAvailable}},
		{"TCP only", func(n *Network) {
			n.SecurityGroups[0].Egress = append(n.SecurityGroups[0].Egress, vpc.SGRule{Protocol: vpc.ProtocolUDP, Ports: vpc.AllPorts, CIDR: pfx("10.0.0.0/16")})
			n.SecurityGroups[3].Ingress = append(n.SecurityGroups[3].Ingress, vpc.SGRule{Protocol: vpc.ProtocolUDP, Ports: vpc.AllPorts, Group: "sg-orders"})
		}, func() Query { q := charge("POST"); q.Protocol = vpc.ProtocolUDP; return q }, Verdict{Blocked, EndpointProtocol}},
		{"service not in the network", func(n *Network) { n.ServiceNetworkServiceAssociations = nil },
			func() Query { return charge("POST") }, Verdict{Blocked, LatticeNoAssociation}},
		{"auth policies still decide", nil, func() Query { return charge("GET") }, Verdict{Blocked, AuthDenied}},
		{"network ACL of the client's subnet", func(n *Network) {
			n.NetworkACLs = []vpc.NetworkACL{{ID: "acl-orders", VPC: "vpc-orders", Subnets: []string{"orders-a"},
				Inbound:  []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: pfx("0.0.0.0/0")}},
				Outbound: []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("169.254.171.0/24")}}}}
			// The endpoint sits in another subnet, so the client's ACL
			// sees the endpoint's address, not Lattice's range.
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: "orders-e", VPC: "vpc-orders", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.9.0/24")})
			n.VPCEndpoints[0].Subnets = []string{"orders-e"}
		}, func() Query { return charge("POST") }, Verdict{Blocked, NACLOutbound}},
		{"the endpoint's private DNS wins over the association", func(n *Network) {
			n.ServiceNetworkVPCAssociations = []lattice.ServiceNetworkVPCAssociation{{ID: "snva-orders", ServiceNetwork: "sn-shop", VPC: "vpc-orders", SecurityGroups: []string{"sg-assoc"}}}
			n.SecurityGroups[1].Ingress = nil // the association would refuse
		}, func() Query { return charge("POST") }, Verdict{Reachable, NoReason}},
		{"with private DNS off, the association carries the request", func(n *Network) {
			n.ServiceNetworkVPCAssociations = []lattice.ServiceNetworkVPCAssociation{{ID: "snva-orders", ServiceNetwork: "sn-shop", VPC: "vpc-orders", SecurityGroups: []string{"sg-assoc"}}}
			n.SecurityGroups[1].Ingress = nil
			n.VPCEndpoints[0].PrivateDNSEnabled = new(false)
		}, func() Query { return charge("POST") }, Verdict{Blocked, LatticeAssociationSG}},
		{"with private DNS off and no association, the endpoint's own name", func(n *Network) { n.VPCEndpoints[0].PrivateDNSEnabled = new(false) },
			func() Query { return charge("POST") }, Verdict{Reachable, NoReason}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := snEndpointNet()
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

// TestServiceNetworkEndpointFromPeer pins that clients beyond the
// endpoint's VPC reach the network through it (VPC Lattice User Guide,
// "How VPC Lattice works": traffic across a peering connection, a transit
// gateway, Direct Connect or VPN reaches services only through a VPC
// endpoint of type service network), while an association does not carry
// them.
func TestServiceNetworkEndpointFromPeer(t *testing.T) {
	n := snEndpointNet()
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-peer", CIDRs: []netip.Prefix{pfx("10.9.0.0/16")}, Account: "222222222222", Region: "us-east-1"})
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "peer-a", VPC: "vpc-peer", AvailabilityZone: "us-east-1a", CIDR: pfx("10.9.1.0/24")})
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-peer", VPC: "vpc-peer",
		Egress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("10.0.0.0/16")}, {Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("169.254.171.0/24")}}})
	n.SecurityGroups[3].Ingress = append(n.SecurityGroups[3].Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("10.9.0.0/16")})
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-peer", Subnet: "peer-a", SecurityGroups: []string{"sg-peer"}})
	n.PeeringConnections = []vpc.PeeringConnection{{ID: "pcx-1", RequesterVPC: "vpc-peer", AccepterVPC: "vpc-orders"}}
	n.RouteTables = []vpc.RouteTable{
		{ID: "rtb-peer", VPC: "vpc-peer", Main: true, Routes: []vpc.Route{{Destination: pfx("10.0.0.0/16"), Target: vpc.ToPeeringConnection("pcx-1")}}},
		{ID: "rtb-orders", VPC: "vpc-orders", Main: true, Routes: []vpc.Route{{Destination: pfx("10.9.0.0/16"), Target: vpc.ToPeeringConnection("pcx-1")}}},
	}
	m := mustCompile(t, n)
	q := charge("POST")
	q.From = ENI("eni-peer")
	q.To = LatticeService("svc-payments").Through("vpce-sn")
	r, err := m.Reach(q)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Allowed() {
		t.Fatalf("%v (%v)\n%s", r.Status, r.Reason, r)
	}
	if d := cmp.Diff([]string{"pcx-1", "vpce-sn"}, r.Via()); d != "" {
		t.Errorf("Via (-want +got):\n%s", d)
	}
	// Without naming the endpoint, the peer VPC resolves nothing of its
	// own: it has no association.
	q.To = LatticeService("svc-payments")
	if v, _ := m.Verdict(q); v != (Verdict{Blocked, LatticeNoAssociation}) {
		t.Errorf("unnamed endpoint from the peer: %v, want LATTICE_NO_ASSOCIATION", v)
	}
	if got := q.To.Through("vpce-sn").String(); got != "lattice:svc-payments via vpce-sn" {
		t.Errorf("String: %q", got)
	}
}

// resourceEndpointNet is resourceNet where vpc-orders reaches rcfg-db
// through a resource endpoint instead of its association (PrivateLink
// Guide, "Access a resource through a resource VPC endpoint").
func resourceEndpointNet() *Network {
	n := resourceNet()
	n.VPCs[0].EnableDNSHostnames = true
	n.ServiceNetworkVPCAssociations = nil
	n.SecurityGroups[0].Egress = append(n.SecurityGroups[0].Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.AllPorts, CIDR: pfx("10.0.0.0/16")})
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-vpce", VPC: "vpc-orders",
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.AllPorts, Group: "sg-orders"}}})
	n.ResourceShares = append(n.ResourceShares, lattice.ResourceShare{ID: "share-db", Owner: "111111111111", Resources: []string{"rcfg-db"}, Principals: []string{"222222222222"}})
	n.VPCEndpoints = []endpoint.Endpoint{{ID: "vpce-db", Type: endpoint.Resource, VPC: "vpc-orders", ResourceConfiguration: "rcfg-db",
		Subnets: []string{"orders-a"}, SecurityGroups: []string{"sg-vpce"}}}
	return n
}

// TestResourceEndpoint pins a connection through a resource endpoint:
// client -> endpoint interface -> resource gateway -> resource, the
// gateway in a zone it shares with the endpoint (VPC Lattice User Guide,
// "Resource gateways in VPC Lattice": at least one zone must overlap).
func TestResourceEndpoint(t *testing.T) {
	m := mustCompile(t, resourceEndpointNet())
	r, err := m.Reach(toDB(5432))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Allowed() {
		t.Fatalf("%v (%v)\n%s", r.Status, r.Reason, r)
	}
	e, _ := m.Interface("vpce-db/orders-a")
	if got := r.Path[0].Packet.Dst; got != e.PrivateIPs[0] || len(e.PrivateIPs) != 1 {
		t.Errorf("the client dials %s, want the endpoint's one address %v\n%s", got, e.PrivateIPs, r)
	}
	if d := cmp.Diff([]string{"vpce-db"}, r.Via()); d != "" {
		t.Errorf("Via (-want +got):\n%s", d)
	}
	gw, _ := m.Interface("rgw-pay/payments-a")
	leg := r.Proxy.Branches[0].Leg
	if got := leg.Path[len(leg.Path)-1].Packet.Src; got != gw.PrivateIPs[0] {
		t.Errorf("the database sees %s, want the gateway's address %s\n%s", got, gw.PrivateIPs[0], r)
	}
	for _, tc := range []struct {
		name string
		edit func(*Network)
		q    Query
		want Verdict
	}{
		{"port outside the ranges", nil, toDB(5433), Verdict{Blocked, ResourcePortNotAllowed}},
		{"gateway and endpoint share no zone", func(n *Network) { n.ResourceGateways[0].Subnets = []string{"payments-b"} }, toDB(5432), Verdict{Blocked, AZMismatch}},
		{"custom domain, unverified (default preference VERIFIED_DOMAINS_ONLY)", nil, byDBName(), Verdict{Blocked, LatticeDNSUnresolved}},
		{"custom domain, ALL_DOMAINS", func(n *Network) { n.VPCEndpoints[0].DNSOptions.Preference = endpoint.AllDomains }, byDBName(), Verdict{Reachable, NoReason}},
		{"custom domain, specified", func(n *Network) {
			n.VPCEndpoints[0].DNSOptions = endpoint.DNSOptions{Preference: endpoint.SpecifiedDomainsOnly, SpecifiedDomains: []string{"*.payments.example.com"}}
		}, byDBName(), Verdict{Reachable, NoReason}},
		{"custom domain, private DNS off", func(n *Network) {
			n.ResourceConfigurations[0].DomainVerified = true
			n.VPCEndpoints[0].PrivateDNSEnabled = new(false)
		}, byDBName(), Verdict{Blocked, LatticeDNSUnresolved}},
		{"endpoint security groups", func(n *Network) { n.SecurityGroups[len(n.SecurityGroups)-1].Ingress = nil }, toDB(5432), Verdict{Blocked, SGIngress}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := resourceEndpointNet()
			if tc.edit != nil {
				tc.edit(n)
			}
			m := mustCompile(t, n)
			r, err := m.Reach(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := (Verdict{r.Status, r.Reason}); got != tc.want {
				t.Errorf("%v, want %v\n%s", got, tc.want, r)
			}
		})
	}
}

func byDBName() Query {
	q := toDB(5432)
	q.To = ResourceConfiguration("db.payments.example.com")
	return q
}

// TestServiceNetworkEndpointResources pins resource configurations
// through a service-network endpoint: each takes an address of its own
// on the endpoint's interface beside the block (PrivateLink Guide,
// service-network endpoint prerequisites: each resource consumes a unique
// IP per Availability Zone), and the connection goes on through the
// configuration's gateway.
func TestServiceNetworkEndpointResources(t *testing.T) {
	n := resourceNet()
	n.VPCs[0].EnableDNSHostnames = true
	n.ServiceNetworkVPCAssociations = nil
	n.SecurityGroups[0].Egress = append(n.SecurityGroups[0].Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.AllPorts, CIDR: pfx("10.0.0.0/16")})
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-vpce", VPC: "vpc-orders",
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.AllPorts, Group: "sg-orders"}}})
	n.VPCEndpoints = []endpoint.Endpoint{{ID: "vpce-sn", Type: endpoint.ServiceNetwork, VPC: "vpc-orders", ServiceNetwork: "sn-shop",
		Subnets: []string{"orders-a"}, SecurityGroups: []string{"sg-vpce"}}}
	m := mustCompile(t, n)
	e, _ := m.Interface("vpce-sn/orders-a")
	if len(e.PrivateIPs) != 17 {
		t.Fatalf("the interface holds %d addresses, want 16 for services and 1 for rcfg-db", len(e.PrivateIPs))
	}
	r, err := m.Reach(toDB(5432))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Allowed() || r.Path[0].Packet.Dst != e.PrivateIPs[16] {
		t.Fatalf("%v (%v), dialed %s, want %s\n%s", r.Status, r.Reason, r.Path[0].Packet.Dst, e.PrivateIPs[16], r)
	}
	// Capacity counts the 17 addresses: a /27 (27 usable) holds them, a
	// /28 (11 usable) does not.
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "orders-tiny", VPC: "vpc-orders", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.7.0/28")})
	n.VPCEndpoints[0].Subnets = append(n.VPCEndpoints[0].Subnets, "orders-tiny")
	err = n.Validate()
	var fe *FieldError
	if !errors.As(err, &fe) || !errors.Is(err, ErrCapacity) || fe.ID != "orders-tiny" {
		t.Errorf("a /28 holds 11 addresses, the endpoint wants 17: got %v", err)
	}
	n.Subnets[len(n.Subnets)-1].CIDR = pfx("10.0.7.0/27")
	if err := n.Validate(); err != nil {
		t.Errorf("a /27 holds the endpoint's 17 addresses: %v", err)
	}
}

// TestLatticeEndpointValidation pins what CreateVpcEndpoint rejects for
// these types (EC2 API Reference, CreateVpcEndpoint and
// DnsOptionsSpecification; PrivateLink Guide prerequisites), each error
// naming the endpoint and field.
func TestLatticeEndpointValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*endpoint.Endpoint, *Network)
		field string
		kind  error
	}{
		{"service network required", func(e *endpoint.Endpoint, _ *Network) { e.ServiceNetwork = "" }, "serviceNetwork", ErrInvalidValue},
		{"unknown service network", func(e *endpoint.Endpoint, _ *Network) { e.ServiceNetwork = "sn-nope" }, "serviceNetwork", ErrUnknownResource},
		{"not shared with the endpoint's account", func(_ *endpoint.Endpoint, n *Network) { n.ResourceShares = nil }, "serviceNetwork", ErrInvalidValue},
		{"service name", func(e *endpoint.Endpoint, _ *Network) { e.ServiceName = "com.amazonaws.us-east-1.s3" }, "serviceName", ErrInvalidValue},
		{"resource configuration on a service-network endpoint", func(e *endpoint.Endpoint, _ *Network) { e.ResourceConfiguration = "rcfg-x" }, "resourceConfiguration", ErrInvalidValue},
		{"policy", func(e *endpoint.Endpoint, _ *Network) { e.Policy = json.RawMessage(`{}`) }, "policy", ErrInvalidValue},
		{"no subnet", func(e *endpoint.Endpoint, _ *Network) { e.Subnets = nil }, "subnets", ErrInvalidValue},
		{"two subnets in one zone", func(e *endpoint.Endpoint, n *Network) {
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: "orders-a2", VPC: "vpc-orders", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.5.0/24")})
			e.Subnets = append(e.Subnets, "orders-a2")
		}, "subnets[1]", ErrConflict},
		{"subnet of another VPC", func(e *endpoint.Endpoint, _ *Network) { e.Subnets = []string{"payments-a"} }, "subnets[0]", ErrWrongVPC},
		{"security group of another VPC", func(e *endpoint.Endpoint, _ *Network) { e.SecurityGroups = []string{"sg-payments"} }, "securityGroups[0]", ErrWrongVPC},
		{"ipv6 only", func(e *endpoint.Endpoint, _ *Network) { e.IPAddressType = endpoint.IPv6 }, "ipAddressType", ErrInvalidValue},
		{"dualstack without IPv6 subnets", func(e *endpoint.Endpoint, _ *Network) { e.IPAddressType = endpoint.DualStack }, "subnets[0]", ErrInvalidValue},
		{"preference without private DNS", func(e *endpoint.Endpoint, _ *Network) {
			e.PrivateDNSEnabled = new(false)
			e.DNSOptions.Preference = endpoint.AllDomains
		}, "dnsOptions.preference", ErrInvalidValue},
		{"unknown preference", func(e *endpoint.Endpoint, _ *Network) { e.DNSOptions.Preference = "SOME" }, "dnsOptions.preference", ErrInvalidValue},
		{"specified domains with ALL_DOMAINS", func(e *endpoint.Endpoint, _ *Network) {
			e.DNSOptions = endpoint.DNSOptions{Preference: endpoint.AllDomains, SpecifiedDomains: []string{"example.com"}}
		}, "dnsOptions.specifiedDomains", ErrInvalidValue},
		{"SPECIFIED_DOMAINS_ONLY without domains", func(e *endpoint.Endpoint, _ *Network) {
			e.DNSOptions = endpoint.DNSOptions{Preference: endpoint.SpecifiedDomainsOnly}
		}, "dnsOptions.specifiedDomains", ErrInvalidValue},
		{"private DNS needs DNS hostnames", func(_ *endpoint.Endpoint, n *Network) { n.VPCs[0].EnableDNSHostnames = false }, "privateDnsEnabled", ErrInvalidValue},
		{"a declared block that runs past the subnet", func(e *endpoint.Endpoint, _ *Network) {
			e.Addresses = []endpoint.SubnetAddress{{Subnet: "orders-a", IPv4: addr("10.0.1.240")}}
		}, "addresses[0].ipv4", ErrAddress},
		{"a declared block over an interface's address", func(e *endpoint.Endpoint, n *Network) {
			n.NetworkInterfaces[0].PrivateIPs = []netip.Addr{addr("10.0.1.60")}
			e.Addresses = []endpoint.SubnetAddress{{Subnet: "orders-a", IPv4: addr("10.0.1.50")}}
		}, "addresses[0].ipv4", ErrAddress},
		{"resource endpoint to a CHILD", func(e *endpoint.Endpoint, n *Network) {
			n.ResourceConfigurations = append(n.ResourceConfigurations,
				lattice.ResourceConfiguration{ID: "rcfg-grp", Account: "222222222222", Type: lattice.ResourceGroup, ResourceGateway: "rgw-o", GroupDomain: "example.com"},
				lattice.ResourceConfiguration{ID: "rcfg-kid", Account: "222222222222", Type: lattice.ResourceChild, Group: "rcfg-grp", Definition: lattice.ResourceDefinition{IP: addr("10.0.1.60")}})
			n.ResourceGateways = append(n.ResourceGateways, lattice.ResourceGateway{ID: "rgw-o", Account: "222222222222", VPC: "vpc-payments", Subnets: []string{"payments-a"}})
			*e = endpoint.Endpoint{ID: e.ID, Type: endpoint.Resource, VPC: "vpc-orders", ResourceConfiguration: "rcfg-kid", Subnets: []string{"orders-a"}}
		}, "resourceConfiguration", ErrInvalidValue},
		{"resource endpoint in the gateway's VPC", func(e *endpoint.Endpoint, n *Network) {
			n.ResourceConfigurations = append(n.ResourceConfigurations,
				lattice.ResourceConfiguration{ID: "rcfg-own", Account: "222222222222", Type: lattice.ResourceSingle, ResourceGateway: "rgw-o", Definition: lattice.ResourceDefinition{IP: addr("10.0.1.60")}})
			n.ResourceGateways = append(n.ResourceGateways, lattice.ResourceGateway{ID: "rgw-o", Account: "222222222222", VPC: "vpc-orders", Subnets: []string{"orders-a"}})
			*e = endpoint.Endpoint{ID: e.ID, Type: endpoint.Resource, VPC: "vpc-orders", ResourceConfiguration: "rcfg-own", Subnets: []string{"orders-a"}}
		}, "resourceConfiguration", ErrInvalidValue},
		{"resource endpoint without configuration", func(e *endpoint.Endpoint, _ *Network) {
			*e = endpoint.Endpoint{ID: e.ID, Type: endpoint.Resource, VPC: "vpc-orders", Subnets: []string{"orders-a"}}
		}, "resourceConfiguration", ErrInvalidValue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := snEndpointNet()
			tc.edit(&n.VPCEndpoints[0], n)
			_, err := Compile(n)
			var found bool
			for _, e := range unjoin(err) {
				var fe *FieldError
				if errors.As(e, &fe) && fe.ID == "vpce-sn" && fe.Field == tc.field && errors.Is(fe, tc.kind) {
					found = true
				}
			}
			if !found {
				t.Errorf("want an error on vpce-sn %s (%v), got:\n%v", tc.field, tc.kind, err)
			}
		})
	}
	// The fixture itself is valid, and a zero preference is AWS's choice.
	if _, err := Compile(snEndpointNet()); err != nil {
		t.Fatal(err)
	}
	// A declared address starts the block.
	n := snEndpointNet()
	n.VPCEndpoints[0].Addresses = []endpoint.SubnetAddress{{Subnet: "orders-a", IPv4: addr("10.0.1.32")}}
	m := mustCompile(t, n)
	e, _ := m.Interface("vpce-sn/orders-a")
	if len(e.PrivateIPs) != 16 || e.PrivateIPs[0] != addr("10.0.1.32") || e.PrivateIPs[15] != addr("10.0.1.47") {
		t.Errorf("declared block: %v, want 10.0.1.32-10.0.1.47", e.PrivateIPs)
	}
}

// TestLatticeEndpointJSON pins that a network with both endpoint types
// round-trips through JSON.
func TestLatticeEndpointJSON(t *testing.T) {
	n := resourceEndpointNet()
	n.VPCEndpoints = append(n.VPCEndpoints, endpoint.Endpoint{ID: "vpce-sn", Type: endpoint.ServiceNetwork, VPC: "vpc-orders", ServiceNetwork: "sn-shop",
		Subnets: []string{"orders-a"}, PrivateDNSEnabled: new(true),
		DNSOptions: endpoint.DNSOptions{Preference: endpoint.VerifiedDomainsAndSpecified, SpecifiedDomains: []string{"*.example.com"}}})
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	var back Network
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(n.VPCEndpoints, back.VPCEndpoints, cloneCmpOpts); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	if _, err := Compile(&back); err != nil {
		t.Fatal(err)
	}
}

// TestLatticeEndpointAccess pins that the access analyses and pictures
// count clients reaching through an endpoint: WhoCanReach lists them with
// the callers the auth policies let in (the policies see the endpoint's
// VPC), Exposure lists what they open, and the picture joins the
// endpoint to its network.
func TestLatticeEndpointAccess(t *testing.T) {
	m := mustCompile(t, snEndpointNet())
	rs, err := m.WhoCanReach(Query{To: LatticeService("svc-payments"), Port: 443, Request: &HTTPRequest{Method: "POST", Path: "/charge"}})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"eni-orders as arn:aws:iam::222222222222:role/orders"}, reachersString(rs)); d != "" {
		t.Errorf("reachers (-want +got):\n%s", d)
	}
	for _, r := range rs {
		if d := cmp.Diff([]string{"vpce-sn"}, r.Witness.Via()); d != "" {
			t.Errorf("witness Via (-want +got):\n%s\n%s", d, r.Witness)
		}
	}
	ex, err := m.Exposure()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range ex {
		if x.Lattice != "" {
			got = append(got, x.Lattice+" <- "+strings.Join(x.ENIs, ","))
		}
	}
	if d := cmp.Diff([]string{"svc-payments <- eni-orders"}, got); d != "" {
		t.Errorf("exposure (-want +got):\n%s", d)
	}
	r, err := m.Reach(charge("POST"))
	if err != nil {
		t.Fatal(err)
	}
	mer := m.Mermaid(r)
	for _, want := range []string{"vpce-sn<br/>service-network endpoint to service network sn-shop", "n_vpce_sn --> n_sn_shop"} {
		if !strings.Contains(mer, want) {
			t.Errorf("picture lacks %s:\n%s", want, mer)
		}
	}
}
