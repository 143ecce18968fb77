package sim

import (
	"encoding/json"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
)

// resourceNet is latticeNet with a database in the payments VPC that the
// orders VPC reaches through VPC Lattice: resource gateway rgw-pay (one
// interface in each payments subnet), resource configuration rcfg-db
// (SINGLE, 10.0.3.20, TCP 5432) associated with sn-shop. The orders
// client may send any TCP port to Lattice's resource range, so that the
// configuration's port ranges decide.
func resourceNet() *Network {
	n := withAddrs(latticeNet())
	lrange := pfx("129.224.0.0/17")
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "payments-db", VPC: "vpc-payments", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.3.0/24")})
	n.SecurityGroups[0].Egress = append(n.SecurityGroups[0].Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.AllPorts, CIDR: lrange})
	n.SecurityGroups[1].Ingress = append(n.SecurityGroups[1].Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.AllPorts, Group: "sg-orders"})
	n.SecurityGroups = append(n.SecurityGroups,
		vpc.SecurityGroup{ID: "sg-rgw", VPC: "vpc-payments", Egress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), CIDR: pfx("10.0.3.0/24")}}},
		vpc.SecurityGroup{ID: "sg-db", VPC: "vpc-payments", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), Group: "sg-rgw"}}})
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-db", Subnet: "payments-db", Kind: vpc.KindRDS, Owner: "orders-db",
		PrivateIPs: []netip.Addr{addr("10.0.3.20")}, SecurityGroups: []string{"sg-db"}})
	n.ResourceGateways = []lattice.ResourceGateway{{ID: "rgw-pay", Account: "111111111111", VPC: "vpc-payments",
		Subnets: []string{"payments-a", "payments-b"}, SecurityGroups: []string{"sg-rgw"}}}
	n.ResourceConfigurations = []lattice.ResourceConfiguration{{ID: "rcfg-db", Account: "111111111111", Type: lattice.ResourceSingle,
		ResourceGateway: "rgw-pay", Definition: lattice.ResourceDefinition{IP: addr("10.0.3.20")}, PortRanges: []vpc.PortRange{vpc.Port(5432)},
		AllowShareableServiceNetworks: true, CustomDomainName: "db.payments.example.com"}}
	n.ServiceNetworkResourceAssociations = []lattice.ServiceNetworkResourceAssociation{{ID: "snra-db", ServiceNetwork: "sn-shop", ResourceConfiguration: "rcfg-db"}}
	return n
}

func toDB(port uint16) Query {
	return Query{From: ENI("eni-orders"), To: ResourceConfiguration("rcfg-db"), Port: port}
}

// TestLatticeResource pins a connection to a resource configuration
// through a service network association (VPC Lattice User Guide,
// "Resource configurations for VPC resources" and "Resource gateways in
// VPC Lattice"): the client dials the configuration's address in
// 129.224.0.0/17 with no route of its own, the association admits it, the
// port is in the configuration's ranges, no auth policy applies, the
// gateway's interface in the client's zone translates the source, and the
// database sees the gateway's address.
func TestLatticeResource(t *testing.T) {
	m := mustCompile(t, resourceNet())
	r, err := m.Reach(toDB(5432))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Allowed() {
		t.Fatalf("%v (%v)\n%s", r.Status, r.Reason, r)
	}
	if got := r.Path[0].Packet.Dst; !latticeResourcePrefix4.Contains(got) {
		t.Errorf("the client dials %s, want an address in 129.224.0.0/17\n%s", got, r)
	}
	if r.Proxy == nil || r.Proxy.Kind != KindResourceConfiguration || len(r.Proxy.Branches) != 1 {
		t.Fatalf("want one branch through the configuration:\n%s", r)
	}
	var steps []Step
	for _, h := range r.Proxy.Steps {
		steps = append(steps, h.Step)
	}
	if d := cmp.Diff([]Step{StepResourcePorts, StepAuthPolicy, StepResourceGateway}, steps); d != "" {
		t.Errorf("steps (-want +got):\n%s\n%s", d, r)
	}
	gw, _ := m.Interface("rgw-pay/payments-a")
	leg := r.Proxy.Branches[0].Leg
	if got := leg.Path[len(leg.Path)-1].Packet.Src; got != gw.PrivateIPs[0] {
		t.Errorf("the database sees %s, want the gateway's address in the client's zone %s\n%s", got, gw.PrivateIPs[0], r)
	}
	if len(gw.PrivateIPs) != lattice.DefaultIPv4AddressesPerENI {
		t.Errorf("the gateway's interface holds %d addresses, want %d", len(gw.PrivateIPs), lattice.DefaultIPv4AddressesPerENI)
	}
	// By custom domain name: the provider did not verify it, and the
	// association takes verified domains only (the default).
	q := toDB(5432)
	q.To = ResourceConfiguration("db.payments.example.com")
	if v, _ := m.Verdict(q); v != (Verdict{Blocked, LatticeDNSUnresolved}) {
		t.Errorf("unverified custom domain: %v, want LATTICE_DNS_UNRESOLVED", v)
	}
}

// TestLatticeResourceDenials pins each way a connection to a resource
// configuration is refused, and what does not refuse it.
func TestLatticeResourceDenials(t *testing.T) {
	byName := func() Query { q := toDB(5432); q.To = ResourceConfiguration("db.payments.example.com"); return q }
	for _, tc := range []struct {
		name string
		edit func(*Network)
		q    func() Query
		want Verdict
	}{
		{"port outside the ranges (Resource configurations: port ranges)", nil, func() Query { return toDB(5433) }, Verdict{Blocked, ResourcePortNotAllowed}},
		{"TCP only", func(n *Network) {
			n.SecurityGroups[0].Egress = append(n.SecurityGroups[0].Egress, vpc.SGRule{Protocol: vpc.ProtocolUDP, Ports: vpc.AllPorts, CIDR: pfx("129.224.0.0/17")})
			n.SecurityGroups[1].Ingress = append(n.SecurityGroups[1].Ingress, vpc.SGRule{Protocol: vpc.ProtocolUDP, Ports: vpc.AllPorts, Group: "sg-orders"})
		}, func() Query { q := toDB(5432); q.Protocol = vpc.ProtocolUDP; return q }, Verdict{Blocked, ResourcePortNotAllowed}},
		{"configuration not in the network", func(n *Network) { n.ServiceNetworkResourceAssociations = nil }, func() Query { return toDB(5432) },
			Verdict{Blocked, LatticeNoAssociation}},
		{"association not active", func(n *Network) { n.ServiceNetworkResourceAssociations[0].Status = lattice.AssociationCreateInProgress },
			func() Query { return toDB(5432) }, Verdict{Blocked, LatticeNoAssociation}},
		{"gateway security groups do not allow the port out (Resource gateways: security groups)", func(n *Network) {
			sg, _ := n.SecurityGroup("sg-rgw")
			sg.Egress[0].Ports = vpc.Port(3306)
		}, func() Query { return toDB(5432) }, Verdict{Blocked, RGWSGEgress}},
		{"database does not admit the gateway", func(n *Network) {
			sg, _ := n.SecurityGroup("sg-db")
			sg.Ingress[0] = vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432), Group: "sg-payments"}
		}, func() Query { return toDB(5432) }, Verdict{Blocked, SGIngress}},
		{"gateway and consumer VPC share no zone (Resource gateways: at least one zone must overlap)", func(n *Network) { n.ResourceGateways[0].Subnets = []string{"payments-b"} },
			func() Query { return toDB(5432) }, Verdict{Blocked, AZMismatch}},
		{"gateway in another zone of the consumer VPC", func(n *Network) {
			n.ResourceGateways[0].Subnets = []string{"payments-b"}
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: "orders-b", VPC: "vpc-orders", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.2.0/24")})
		}, func() Query { return toDB(5432) }, Verdict{Reachable, NoReason}},
		{"zones compare by AZ ID", func(n *Network) {
			for i := range n.Subnets {
				n.Subnets[i].AvailabilityZoneID = map[string]string{"us-east-1a": "use1-az1", "us-east-1b": "use1-az2"}[n.Subnets[i].AvailabilityZone]
			}
			s, _ := n.Subnet("orders-a")
			s.AvailabilityZoneID = "use1-az2" // the consumer account's us-east-1a is the provider's us-east-1b
			n.ResourceGateways[0].Subnets = []string{"payments-b"}
		}, func() Query { return toDB(5432) }, Verdict{Reachable, NoReason}},
		{"the network's auth policy does not apply (auth policies)", func(n *Network) { n.ServiceNetworks[0].AuthPolicy = nil },
			func() Query { return toDB(5432) }, Verdict{Reachable, NoReason}},
		{"client egress to Lattice", func(n *Network) { n.SecurityGroups[0].Egress = n.SecurityGroups[0].Egress[:1] },
			func() Query { return toDB(5432) }, Verdict{Blocked, SGEgress}},
		{"association security groups", func(n *Network) { n.SecurityGroups[1].Ingress = n.SecurityGroups[1].Ingress[:1] },
			func() Query { return toDB(5432) }, Verdict{Blocked, LatticeAssociationSG}},
		{"network ACL of the database subnet", func(n *Network) {
			n.NetworkACLs = []vpc.NetworkACL{{ID: "acl-db", VPC: "vpc-payments", Subnets: []string{"payments-db"},
				Inbound:  []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("0.0.0.0/0")}},
				Outbound: []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: pfx("0.0.0.0/0")}}}}
		}, func() Query { return toDB(5432) }, Verdict{Blocked, NACLInbound}},
		{"custom domain name, verified", func(n *Network) { n.ResourceConfigurations[0].DomainVerified = true }, byName, Verdict{Reachable, NoReason}},
		{"custom domain name, all domains", func(n *Network) {
			n.ServiceNetworkVPCAssociations[0].DNSOptions = &lattice.DNSOptions{PrivateDNSPreference: lattice.DNSAllDomains}
		}, byName, Verdict{Reachable, NoReason}},
		{"custom domain name, specified domains", func(n *Network) {
			n.ServiceNetworkVPCAssociations[0].DNSOptions = &lattice.DNSOptions{PrivateDNSPreference: lattice.DNSSpecifiedDomainsOnly, SpecifiedDomains: []string{"*.payments.example.com"}}
		}, byName, Verdict{Reachable, NoReason}},
		{"private DNS off on the resource association overrides the VPC's", func(n *Network) {
			n.ResourceConfigurations[0].DomainVerified = true
			off := false
			n.ServiceNetworkResourceAssociations[0].PrivateDNSEnabled = &off
		}, byName, Verdict{Blocked, LatticeDNSUnresolved}},
		{"private DNS off on the VPC association", func(n *Network) {
			n.ResourceConfigurations[0].DomainVerified = true
			off := false
			n.ServiceNetworkVPCAssociations[0].PrivateDNSEnabled = &off
		}, byName, Verdict{Blocked, LatticeDNSUnresolved}},
		{"domain-name resource resolving to nothing", func(n *Network) {
			n.ResourceConfigurations[0].Definition = lattice.ResourceDefinition{DomainName: "db.internal"}
		}, func() Query { return toDB(5432) }, Verdict{Blocked, UnknownDestination}},
		{"domain-name resource", func(n *Network) {
			n.ResourceConfigurations[0].Definition = lattice.ResourceDefinition{DomainName: "db.internal", ResolvesTo: []netip.Addr{addr("10.0.3.20")}}
		}, func() Query { return toDB(5432) }, Verdict{Reachable, NoReason}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := resourceNet()
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

// TestLatticeResourceKinds: a GROUP stands for its children, each with its
// own ports (a CHILD without ranges takes its group's) and reached through
// the group's association; an ARN configuration for the interfaces of the
// database it names (VPC Lattice User Guide, "Resource configurations for
// VPC resources": types of resource configurations).
func TestLatticeResourceKinds(t *testing.T) {
	n := resourceNet()
	cache := vpc.NetworkInterface{ID: "eni-cache", Subnet: "payments-db", PrivateIPs: []netip.Addr{addr("10.0.3.30")}, SecurityGroups: []string{"sg-db"}}
	n.NetworkInterfaces = append(n.NetworkInterfaces, cache)
	n.ResourceConfigurations = []lattice.ResourceConfiguration{
		{ID: "rcfg-group", Account: "111111111111", Type: lattice.ResourceGroup, ResourceGateway: "rgw-pay", PortRanges: []vpc.PortRange{vpc.Port(5432)},
			AllowShareableServiceNetworks: true},
		{ID: "rcfg-pg", Account: "111111111111", Type: lattice.ResourceChild, Group: "rcfg-group", Definition: lattice.ResourceDefinition{IP: addr("10.0.3.20")}},
		{ID: "rcfg-cache", Account: "111111111111", Type: lattice.ResourceChild, Group: "rcfg-group", PortRanges: []vpc.PortRange{vpc.Port(6379)},
			Definition: lattice.ResourceDefinition{DomainName: "cache.internal", ResolvesTo: []netip.Addr{addr("10.0.3.30")}}},
		{ID: "rcfg-rds", Account: "111111111111", Type: lattice.ResourceARN, ResourceGateway: "rgw-pay",
			Definition: lattice.ResourceDefinition{ARN: "arn:aws:rds:us-east-1:111111111111:db:orders-db"}, AllowShareableServiceNetworks: true},
	}
	n.ServiceNetworkResourceAssociations = []lattice.ServiceNetworkResourceAssociation{
		{ID: "snra-group", ServiceNetwork: "sn-shop", ResourceConfiguration: "rcfg-group"},
		{ID: "snra-rds", ServiceNetwork: "sn-shop", ResourceConfiguration: "rcfg-rds"}}
	m := mustCompile(t, n)
	verdict := func(to string, port uint16) Verdict {
		t.Helper()
		v, err := m.Verdict(Query{From: ENI("eni-orders"), To: ResourceConfiguration(to), Port: port})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		to   string
		port uint16
		want Verdict
	}{
		{"rcfg-pg", 5432, Verdict{Reachable, NoReason}},                // the group's ports and association
		{"rcfg-cache", 6379, Verdict{Blocked, RGWSGEgress}},            // its own ports; the gateway lets only 5432 out
		{"rcfg-cache", 5432, Verdict{Blocked, ResourcePortNotAllowed}}, // its own ranges replace the group's
		{"rcfg-group", 5432, Verdict{Partial, ResourcePortNotAllowed}}, // one branch per child
		{"rcfg-rds", 5432, Verdict{Reachable, NoReason}},               // the database's interface, by its owner
		{"rcfg-rds", 1234, Verdict{Blocked, RGWSGEgress}},              // no port ranges: the gateway and database decide
	} {
		if got := verdict(tc.to, tc.port); got != tc.want {
			r, _ := m.Reach(Query{From: ENI("eni-orders"), To: ResourceConfiguration(tc.to), Port: tc.port})
			t.Errorf("%s:%d: %v, want %v\n%s", tc.to, tc.port, got, tc.want, r)
		}
	}
	r, _ := m.Reach(Query{From: ENI("eni-orders"), To: ResourceConfiguration("rcfg-group"), Port: 5432})
	var got []string
	for _, b := range r.Proxy.Branches {
		got = append(got, b.TargetGroup+" "+b.Target+" "+b.Leg.Status.String())
	}
	if d := cmp.Diff([]string{"rcfg-cache cache.internal@10.0.3.30 blocked", "rcfg-pg 10.0.3.20 reachable"}, got); d != "" {
		t.Errorf("group branches (-want +got):\n%s\n%s", d, r)
	}
}

// TestLatticeResourceOpenPorts: OpenPorts splits the ports at the
// configuration's ranges, which no security group rule names here.
func TestLatticeResourceOpenPorts(t *testing.T) {
	n := resourceNet()
	sg, _ := n.SecurityGroup("sg-rgw")
	sg.Egress[0].Ports = vpc.AllPorts
	sg, _ = n.SecurityGroup("sg-db")
	sg.Ingress[0].Ports = vpc.AllPorts
	n.ResourceConfigurations[0].PortRanges = []vpc.PortRange{vpc.Port(5432), vpc.Ports(8000, 8080)}
	m := mustCompile(t, n)
	open, err := m.OpenPorts(Query{From: ENI("eni-orders"), To: ResourceConfiguration("rcfg-db")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range open {
		got = append(got, o.String())
	}
	if d := cmp.Diff([]string{"tcp 5432", "tcp 8000-8080"}, got); d != "" {
		t.Errorf("open ports (-want +got):\n%s", d)
	}
}

// TestLatticeResourceCapacity: each interface of a resource gateway takes
// IPv4AddressesPerENI addresses of its subnet (Resource gateways in VPC
// Lattice: "IPv4 addresses per ENI", default 16).
func TestLatticeResourceCapacity(t *testing.T) {
	n := resourceNet()
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "payments-tiny", VPC: "vpc-payments", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.4.0/28")})
	n.ResourceGateways[0].Subnets = []string{"payments-tiny", "payments-b"}
	err := n.Validate()
	var fe *FieldError
	if !errors.As(err, &fe) || !errors.Is(err, ErrCapacity) || fe.ID != "payments-tiny" {
		t.Fatalf("a /28 holds 11 addresses, the gateway wants 16: got %v", err)
	}
	n.ResourceGateways[0].IPv4AddressesPerENI = 8
	m := mustCompile(t, n)
	gw, _ := m.Interface("rgw-pay/payments-tiny")
	if len(gw.PrivateIPs) != 8 || gw.Kind != vpc.KindResourceGateway || gw.Owner != "rgw-pay" {
		t.Errorf("gateway interface %+v, want 8 addresses, kind resource-gateway, owner rgw-pay", gw)
	}
}

// TestLatticeResourceExplained: the explanation names the steps and the
// block.
func TestLatticeResourceExplained(t *testing.T) {
	n := resourceNet()
	n.ResourceGateways[0].Subnets = []string{"payments-b"}
	m := mustCompile(t, n)
	r, _ := m.Reach(toDB(5432))
	for _, want := range []string{"through resource-configuration rcfg-db", "no auth policy applies", "rgw-pay has no interface in a zone of vpc-orders", "AZ_MISMATCH"} {
		if !strings.Contains(r.String(), want) {
			t.Errorf("explanation lacks %q:\n%s", want, r)
		}
	}
	b, err := json.Marshal(r)
	if err != nil || !strings.Contains(string(b), `"kind":"resource-configuration"`) {
		t.Errorf("JSON %s (%v)", b, err)
	}
}
