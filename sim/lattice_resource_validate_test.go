package sim

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
)

// TestLatticeResourceValidation pins what the VPC Lattice API rejects in
// resource gateways, resource configurations and their associations with
// service networks. Sources: VPC Lattice API Reference
// (CreateResourceGateway, CreateResourceConfiguration,
// CreateServiceNetworkResourceAssociation, PortRange, DnsResource), VPC
// Lattice User Guide "Resource gateways in VPC Lattice" and "Resource
// configurations for VPC resources", and "Quotas for Amazon VPC Lattice".
func TestLatticeResourceValidation(t *testing.T) {
	rc := func(n *Network) *lattice.ResourceConfiguration { return &n.ResourceConfigurations[0] }
	gw := func(n *Network) *lattice.ResourceGateway { return &n.ResourceGateways[0] }
	for _, tc := range []struct {
		name  string
		edit  func(*Network)
		id    string // the resource the error names
		field string
		want  string // part of the message
	}{
		// Resource gateways (CreateResourceGateway).
		{"gateway without subnets", func(n *Network) { gw(n).Subnets = nil }, "rgw-pay", "subnets", "at least one subnet"},
		{"gateway subnet of another vpc", func(n *Network) { gw(n).Subnets[1] = "orders-a" }, "rgw-pay", "subnets[1]", "vpc"},
		{"gateway subnet twice", func(n *Network) { gw(n).Subnets[1] = "payments-a" }, "rgw-pay", "subnets[1]", "already"},
		{"gateway security group of another vpc (\"The security groups must be in the same VPC\")", func(n *Network) {
			gw(n).SecurityGroups = []string{"sg-orders"}
		}, "rgw-pay", "securityGroups[0]", "vpc"},
		{"six gateway security groups (0-5)", func(n *Network) {
			gw(n).SecurityGroups = []string{"sg-rgw", "sg-rgw", "sg-rgw", "sg-rgw", "sg-rgw", "sg-rgw"}
		}, "rgw-pay", "securityGroups", "at most 5"},
		{"63 IPv4 addresses per interface (1-62)", func(n *Network) { gw(n).IPv4AddressesPerENI = 63 }, "rgw-pay", "ipv4AddressesPerEni", "1-62"},
		{"IPv4 addresses on an IPv6 gateway", func(n *Network) {
			gw(n).IPAddressType = lattice.GatewayIPv6
			gw(n).IPv4AddressesPerENI = 4
		}, "rgw-pay", "ipv4AddressesPerEni", "IPV6"},
		{"dual-stack gateway in a subnet without IPv6", func(n *Network) { gw(n).IPAddressType = lattice.GatewayDualStack }, "rgw-pay", "subnets[0]", "IPv6"},
		{"gateway in another account's vpc (not in shared subnets)", func(n *Network) { gw(n).Account = "222222222222" }, "rgw-pay", "vpc", "own account"},
		{"gateway name with the reserved prefix", func(n *Network) { gw(n).Name = "rgw-db" }, "rgw-pay", "name", "rgw-"},
		{"gateway interface name taken by an interface", func(n *Network) {
			n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "rgw-pay/payments-a", Subnet: "payments-a"})
		}, "rgw-pay/payments-a", "id", "resource gateway"},

		// Resource configurations (CreateResourceConfiguration).
		{"unknown type", func(n *Network) { rc(n).Type = "MULTI" }, "rcfg-db", "type", "SINGLE, GROUP, CHILD or ARN"},
		{"UDP (\"TCP is the only supported protocol\")", func(n *Network) { rc(n).Protocol = "UDP" }, "rcfg-db", "protocol", "TCP only"},
		{"single without a gateway", func(n *Network) { rc(n).ResourceGateway = "" }, "rcfg-db", "resourceGateway", ""},
		{"gateway of another account", func(n *Network) { rc(n).Account = "222222222222" }, "rcfg-db", "resourceGateway", "own account"},
		{"port range backwards", func(n *Network) { rc(n).PortRanges = []vpc.PortRange{{From: 6000, To: 5000}} }, "rcfg-db", "portRanges[0]", "1-65535"},
		{"port 0", func(n *Network) { rc(n).PortRanges = []vpc.PortRange{{From: 0, To: 10}} }, "rcfg-db", "portRanges[0]", "1-65535"},
		{"public IPv4 resource", func(n *Network) { rc(n).Definition = lattice.ResourceDefinition{IP: netip.MustParseAddr("8.8.8.8")} }, "rcfg-db", "definition.ip", "private"},
		{"ip and domain name both", func(n *Network) { rc(n).Definition.DomainName = "db.internal" }, "rcfg-db", "definition", "exactly one"},
		{"no definition", func(n *Network) { rc(n).Definition = lattice.ResourceDefinition{} }, "rcfg-db", "definition", "exactly one"},
		{"arn on a single configuration", func(n *Network) {
			rc(n).Definition = lattice.ResourceDefinition{ARN: "arn:aws:rds:us-east-1:111111111111:db:orders-db"}
		}, "rcfg-db", "definition.arn", "only an ARN"},
		{"arn that is not an RDS database", func(n *Network) {
			rc(n).Type, rc(n).PortRanges = lattice.ResourceARN, nil
			rc(n).Definition = lattice.ResourceDefinition{ARN: "arn:aws:s3:::bucket"}
		}, "rcfg-db", "definition.arn", "RDS"},
		{"port ranges on an arn configuration", func(n *Network) {
			rc(n).Type = lattice.ResourceARN
			rc(n).Definition = lattice.ResourceDefinition{ARN: "arn:aws:rds:us-east-1:111111111111:db:orders-db"}
		}, "rcfg-db", "portRanges", "ARN"},
		{"domain of 2 characters (3-255)", func(n *Network) { rc(n).Definition = lattice.ResourceDefinition{DomainName: "db"} }, "rcfg-db", "definition.domainName", "3-255"},
		{"dual-stack domain (IPV4 or IPV6 only)", func(n *Network) {
			rc(n).Definition = lattice.ResourceDefinition{DomainName: "db.internal", DomainIPAddressType: "DUALSTACK"}
		}, "rcfg-db", "definition.domainIpAddressType", "IPV4 or IPV6"},
		{"resolved address of the wrong family", func(n *Network) {
			rc(n).Definition = lattice.ResourceDefinition{DomainName: "db.internal", ResolvesTo: []netip.Addr{netip.MustParseAddr("fd00::1")}}
		}, "rcfg-db", "definition.resolvesTo[0]", "ipv4"},
		{"IPv6 resource behind an IPv4 gateway", func(n *Network) {
			n.VPCs[1].IPv6CIDR = pfx("2600:1f18::/56")
			rc(n).Definition = lattice.ResourceDefinition{IP: netip.MustParseAddr("2600:1f18::10")}
		}, "rcfg-db", "definition", "IPV4"},
		{"group with a definition", func(n *Network) { rc(n).Type = lattice.ResourceGroup }, "rcfg-db", "definition", "GROUP"},
		{"child of a single configuration", func(n *Network) {
			n.ResourceConfigurations = append(n.ResourceConfigurations, lattice.ResourceConfiguration{ID: "rcfg-child", Account: "111111111111",
				Type: lattice.ResourceChild, Group: "rcfg-db", Definition: lattice.ResourceDefinition{IP: netip.MustParseAddr("10.0.3.21")}})
		}, "rcfg-child", "group", "GROUP"},
		{"child with a gateway of its own", func(n *Network) {
			rc(n).Type, rc(n).Definition, rc(n).CustomDomainName = lattice.ResourceGroup, lattice.ResourceDefinition{}, ""
			n.ServiceNetworkResourceAssociations = nil
			n.ResourceConfigurations = append(n.ResourceConfigurations, lattice.ResourceConfiguration{ID: "rcfg-child", Account: "111111111111",
				Type: lattice.ResourceChild, Group: "rcfg-db", ResourceGateway: "rgw-pay", Definition: lattice.ResourceDefinition{IP: netip.MustParseAddr("10.0.3.21")}})
		}, "rcfg-child", "resourceGateway", "group's"},
		{"child outside its group's domain", func(n *Network) {
			rc(n).Type, rc(n).Definition, rc(n).CustomDomainName, rc(n).GroupDomain = lattice.ResourceGroup, lattice.ResourceDefinition{}, "", "db.example.com"
			n.ServiceNetworkResourceAssociations = nil
			n.ResourceConfigurations = append(n.ResourceConfigurations, lattice.ResourceConfiguration{ID: "rcfg-child", Account: "111111111111",
				Type: lattice.ResourceChild, Group: "rcfg-db", CustomDomainName: "pg.other.com", Definition: lattice.ResourceDefinition{IP: netip.MustParseAddr("10.0.3.21")}})
		}, "rcfg-child", "customDomainName", "subdomain"},
		{"61 children in a group (quota 60)", func(n *Network) {
			rc(n).Type, rc(n).Definition, rc(n).CustomDomainName = lattice.ResourceGroup, lattice.ResourceDefinition{}, ""
			for i := range 61 {
				a := netip.AddrFrom4([4]byte{10, 0, 3, byte(100 + i)})
				n.ResourceConfigurations = append(n.ResourceConfigurations, lattice.ResourceConfiguration{ID: "rcfg-c" + a.String(), Account: "111111111111",
					Type: lattice.ResourceChild, Group: "rcfg-db", Definition: lattice.ResourceDefinition{IP: a}})
			}
		}, "rcfg-db", "id", "60 per group"},
		{"custom domain name of 2 characters", func(n *Network) { rc(n).CustomDomainName = "db" }, "rcfg-db", "customDomainName", "3-255"},
		{"configuration name with the reserved prefix", func(n *Network) { rc(n).Name = "rcfg-orders" }, "rcfg-db", "name", "rcfg-"},

		// Associations with service networks
		// (CreateServiceNetworkResourceAssociation).
		{"association of a child", func(n *Network) {
			rc(n).Type, rc(n).Definition, rc(n).CustomDomainName = lattice.ResourceGroup, lattice.ResourceDefinition{}, ""
			n.ResourceConfigurations = append(n.ResourceConfigurations, lattice.ResourceConfiguration{ID: "rcfg-child", Account: "111111111111",
				Type: lattice.ResourceChild, Group: "rcfg-db", Definition: lattice.ResourceDefinition{IP: netip.MustParseAddr("10.0.3.21")}})
			n.ServiceNetworkResourceAssociations[0].ResourceConfiguration = "rcfg-child"
		}, "snra-db", "resourceConfiguration", "CHILD"},
		{"the same pair twice", func(n *Network) {
			n.ServiceNetworkResourceAssociations = append(n.ServiceNetworkResourceAssociations,
				lattice.ServiceNetworkResourceAssociation{ID: "snra-db-2", ServiceNetwork: "sn-shop", ResourceConfiguration: "rcfg-db"})
		}, "snra-db-2", "resourceConfiguration", "already"},
		{"shareable network not allowed by the configuration", func(n *Network) { rc(n).AllowShareableServiceNetworks = false },
			"snra-db", "resourceConfiguration", "shareable"},
		{"configuration of an account that shares nothing with the network's", func(n *Network) {
			n.ServiceNetworks[0].Account = "333333333333"
			n.ResourceShares[0].Owner = "333333333333"
		}, "snra-db", "resourceConfiguration", "own one"},
		{"unknown status", func(n *Network) { n.ServiceNetworkResourceAssociations[0].Status = "READY" }, "snra-db", "status", "ACTIVE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := resourceNet()
			tc.edit(n)
			err := n.Validate()
			var found bool
			for _, e := range flattenErrs(err) {
				var fe *FieldError
				if errors.As(e, &fe) && fe.ID == tc.id && fe.Field == tc.field && strings.Contains(fe.Error(), tc.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("want an error on %s field %s saying %q, got:\n%v", tc.id, tc.field, tc.want, err)
			}
		})
	}
	if err := resourceNet().Validate(); err != nil {
		t.Fatalf("the base network does not validate: %v", err)
	}
}

// flattenErrs flattens errors.Join trees (nil: none).
func flattenErrs(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flattenErrs(e)...)
		}
		return out
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// TestLatticeAPIValidation pins the VPC Lattice API's limits on names,
// DNS options, rules, target groups and health checks (VPC Lattice API
// Reference: CreateServiceNetwork, CreateService, CreateRule, HttpMatch,
// PathMatchType, HeaderMatch, CreateTargetGroup, HealthCheckConfig,
// DnsOptions; User Guide "Target groups in VPC Lattice" and "Listener
// rules for your VPC Lattice service").
func TestLatticeAPIValidation(t *testing.T) {
	rule := func(n *Network) *lattice.Rule { return &n.LatticeServices[0].Listeners[0].Rules[0] }
	for _, tc := range []struct {
		name      string
		edit      func(*Network)
		id, field string
		want      string
	}{
		{"service name with the reserved prefix", func(n *Network) { n.LatticeServices[0].Name = "svc-pay" }, "svc-payments", "name", "svc-"},
		{"service name with upper case", func(n *Network) { n.LatticeServices[0].Name = "Payments" }, "svc-payments", "name", ""},
		{"service network name of 2 characters (3-63)", func(n *Network) { n.ServiceNetworks[0].Name = "sn" }, "sn-shop", "name", ""},
		{"two services of one account with one name", func(n *Network) {
			s := n.LatticeServices[0]
			s.ID, s.Listeners = "svc-other", nil
			n.LatticeServices = append(n.LatticeServices, s)
		}, "svc-other", "name", ""},
		{"path without a leading slash", func(n *Network) { rule(n).Match.PathMatch = &lattice.PathMatch{Prefix: "charge"} }, "svc-payments",
			"listeners[0].rules[0].match.pathMatch", "starting with /"},
		{"path match exact and prefix both", func(n *Network) { rule(n).Match.PathMatch = &lattice.PathMatch{Exact: "/a", Prefix: "/b"} }, "svc-payments",
			"listeners[0].rules[0].match.pathMatch", "exactly one"},
		{"method of 17 characters", func(n *Network) { rule(n).Match.Method = strings.Repeat("X", 17) }, "svc-payments", "listeners[0].rules[0].match.method", "16"},
		{"header name with a wildcard", func(n *Network) {
			rule(n).Match.HeaderMatches = []lattice.HeaderMatch{{Name: "x-*", Exact: "1"}}
		}, "svc-payments", "listeners[0].rules[0].match.headerMatches[0].name", "wildcards"},
		{"a target group serving two services", func(n *Network) {
			s := n.LatticeServices[0]
			s.ID, s.Name, s.AuthPolicy, s.AuthType = "svc-refunds", "refunds", nil, lattice.AuthNone
			n.LatticeServices = append(n.LatticeServices, s)
		}, "svc-refunds", "listeners[0].rules[0].action.forward.targetGroups[0].targetGroup", "single service"},
		{"TCP target group without a port", func(n *Network) {
			n.LatticeTargetGroups[0].Protocol, n.LatticeTargetGroups[0].Port = lattice.ProtocolTCP, 0
		}, "tg-v1", "port", "TCP"},
		{"health check interval 4 (5-300)", func(n *Network) {
			n.LatticeTargetGroups[0].HealthCheck = &lattice.HealthCheck{IntervalSeconds: 4}
		}, "tg-v1", "healthCheck.intervalSeconds", "5-300"},
		{"health check matcher", func(n *Network) { n.LatticeTargetGroups[0].HealthCheck = &lattice.HealthCheck{Matcher: "2xx"} }, "tg-v1", "healthCheck.matcher", "200-299"},
		{"dns options with private DNS off", func(n *Network) {
			off := false
			n.ServiceNetworkVPCAssociations[0].PrivateDNSEnabled = &off
			n.ServiceNetworkVPCAssociations[0].DNSOptions = &lattice.DNSOptions{PrivateDNSPreference: lattice.DNSAllDomains}
		}, "snva-orders", "dnsOptions", "private DNS"},
		{"specified domains with ALL_DOMAINS", func(n *Network) {
			n.ServiceNetworkVPCAssociations[0].DNSOptions = &lattice.DNSOptions{PrivateDNSPreference: lattice.DNSAllDomains, SpecifiedDomains: []string{"a.example.com"}}
		}, "snva-orders", "dnsOptions.specifiedDomains", "no specified domains"},
		{"eleven specified domains (1-10)", func(n *Network) {
			n.ServiceNetworkVPCAssociations[0].DNSOptions = &lattice.DNSOptions{PrivateDNSPreference: lattice.DNSSpecifiedDomainsOnly,
				SpecifiedDomains: strings.Split("a,b,c,d,e,f,g,h,i,j,k", ",")}
		}, "snva-orders", "dnsOptions.specifiedDomains", "1 to 10"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := withAddrs(latticeNet())
			tc.edit(n)
			err := n.Validate()
			var found bool
			for _, e := range flattenErrs(err) {
				var fe *FieldError
				if errors.As(e, &fe) && fe.ID == tc.id && fe.Field == tc.field && strings.Contains(fe.Error(), tc.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("want an error on %s field %s saying %q, got:\n%v", tc.id, tc.field, tc.want, err)
			}
		})
	}
}
