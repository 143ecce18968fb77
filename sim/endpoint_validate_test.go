package sim

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/vpc"
)

// TestValidateEndpoints checks the rules validation applies to VPC
// endpoints, endpoint services, connections and resource policies, each
// as the AWS page named says (EC2 API Reference, CreateVpcEndpoint and
// CreateVpcEndpointServiceConfiguration; AWS PrivateLink Guide, "Gateway
// endpoints", "Access an AWS service using an interface VPC endpoint",
// "Share your services through AWS PrivateLink", "AWS PrivateLink
// quotas"), on the PrivateLink fixture. Indices: VPCEndpoints 0
// vpce-secrets, 1 vpce-ssm, 2 vpce-s3 (gateway), 3 vpce-partner.
func TestValidateEndpoints(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name   string
		mutate func(n *Network)
		want   []vtErr
		inMsg  string // text the first error says
	}{
		{"the fixture is valid", func(n *Network) {}, nil, ""},
		// All types.
		{"unknown type", func(n *Network) { n.VPCEndpoints[0].Type = "Tunnel" },
			[]vtErr{{"vpc-endpoint", "vpce-secrets", "type", vtInvalid}}, "want Gateway, Interface"},
		{"gateway load balancer endpoints are not modelled", func(n *Network) {
			n.VPCEndpoints[0].Type = endpoint.GatewayLoadBalancer
		}, []vtErr{{"vpc-endpoint", "vpce-secrets", "type", vtInvalid}}, "does not model Gateway Load Balancer endpoints"},
		{"a service-network endpoint names its network, not a service (CreateVpcEndpoint: ServiceNetworkArn)", func(n *Network) { n.VPCEndpoints[0].Type = endpoint.ServiceNetwork },
			[]vtErr{{"vpc-endpoint", "vpce-secrets", "serviceName", vtInvalid}, {"vpc-endpoint", "vpce-secrets", "serviceNetwork", vtInvalid}}, "names its Lattice resource in serviceNetwork"},
		{"unknown vpc", func(n *Network) { n.VPCEndpoints[2].VPC = "vpc-nope" },
			[]vtErr{{"vpc-endpoint", "vpce-s3", "vpc", vtUnknown}}, ""},
		{"service name that does not parse", func(n *Network) { n.VPCEndpoints[0].ServiceName = "secretsmanager" },
			[]vtErr{{"vpc-endpoint", "vpce-secrets", "serviceName", vtInvalid}}, "com.amazonaws.<region>.<service>"},
		{"no service name", func(n *Network) { n.VPCEndpoints[0].ServiceName = "" },
			[]vtErr{{"vpc-endpoint", "vpce-secrets", "serviceName", vtInvalid}}, "required"},
		{"state outside the enum", func(n *Network) { n.VPCEndpoints[0].State = "up" },
			[]vtErr{{"vpc-endpoint", "vpce-secrets", "state", vtInvalid}}, ""},
		{"policy that does not parse", func(n *Network) { n.VPCEndpoints[2].Policy = []byte(`{"Statement": [{"Effect": "Maybe"}]}`) },
			[]vtErr{ // the bad Effect, and no Principal, Action, Resource
				{"vpc-endpoint", "vpce-s3", "policy", vtInvalid}, {"vpc-endpoint", "vpce-s3", "policy", vtInvalid},
				{"vpc-endpoint", "vpce-s3", "policy", vtInvalid}, {"vpc-endpoint", "vpce-s3", "policy", vtInvalid},
			}, "Effect"},
		{"policy too large", func(n *Network) {
			n.VPCEndpoints[2].Policy = []byte(`{"Statement": [{"Sid": "` + strings.Repeat("a", 20480) + `", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}`)
		}, []vtErr{{"vpc-endpoint", "vpce-s3", "policy", vtInvalid}}, "20480"},

		// Fields the type does not take.
		{"route tables on an interface endpoint", func(n *Network) { n.VPCEndpoints[0].RouteTables = []string{"rtb-app-a"} },
			[]vtErr{{"vpc-endpoint", "vpce-secrets", "routeTables", vtInvalid}}, ""},
		{"subnets and groups on a gateway endpoint", func(n *Network) {
			n.VPCEndpoints[2].Subnets = []string{"subnet-app-a"}
			n.VPCEndpoints[2].SecurityGroups = []string{"sg-endpoints"}
			n.VPCEndpoints[2].PrivateDNSEnabled = &yes
		}, []vtErr{
			{"vpc-endpoint", "vpce-s3", "subnets", vtInvalid},
			{"vpc-endpoint", "vpce-s3", "securityGroups", vtInvalid},
			{"vpc-endpoint", "vpce-s3", "privateDnsEnabled", vtInvalid},
		}, ""},
		{"lattice fields on an interface endpoint", func(n *Network) { n.VPCEndpoints[0].ServiceNetwork = "sn-1" },
			[]vtErr{{"vpc-endpoint", "vpce-secrets", "serviceNetwork", vtInvalid}}, ""},
		{"dns preference on an interface endpoint", func(n *Network) {
			n.VPCEndpoints[0].DNSOptions.Preference = endpoint.AllDomains
		}, []vtErr{{"vpc-endpoint", "vpce-secrets", "dnsOptions.preference", vtInvalid}}, ""},

		// Gateway endpoints.
		{"gateway endpoint to another service", func(n *Network) { n.VPCEndpoints[2].ServiceName = endpoint.AWSServiceName("us-east-1", "sqs") },
			[]vtErr{{"vpc-endpoint", "vpce-s3", "serviceName", vtInvalid}}, "S3 and DynamoDB only"},
		{"gateway endpoint to another Region", func(n *Network) { n.VPCEndpoints[2].ServiceName = endpoint.AWSServiceName("eu-west-1", "s3") },
			[]vtErr{{"vpc-endpoint", "vpce-s3", "serviceName", vtInvalid}}, "its own Region"},
		{"route table of another vpc", func(n *Network) {
			n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-prov", VPC: "vpc-prov"})
			n.VPCEndpoints[2].RouteTables = append(n.VPCEndpoints[2].RouteTables, "rtb-prov")
		}, []vtErr{{"vpc-endpoint", "vpce-s3", "routeTables[2]", vtWrongVPC}}, ""},
		{"two gateway endpoints of a service in one table", func(n *Network) {
			n.VPCEndpoints = append(n.VPCEndpoints, endpoint.Endpoint{ID: "vpce-s3-bis", VPC: "vpc-main", ServiceName: s3Name, RouteTables: []string{"rtb-app-b", "rtb-db"}})
		}, []vtErr{{"vpc-endpoint", "vpce-s3-bis", "routeTables[0]", vtConflict}}, "one gateway endpoint per service"},
		{"a declared route for the prefix list to something else", func(n *Network) {
			n.PrefixLists = append(n.PrefixLists, s3PrefixList())
			n.RouteTables[1].Routes = append(n.RouteTables[1].Routes, vpc.Route{PrefixList: "pl-63a5400a", Target: vpc.ToNATGateway("nat-a")})
		}, []vtErr{{"vpc-endpoint", "vpce-s3", "routeTables[0]", vtConflict}}, "duplicate"},
		{"ipv6 gateway endpoint", func(n *Network) { n.VPCEndpoints[2].IPAddressType = endpoint.IPv6 },
			[]vtErr{{"vpc-endpoint", "vpce-s3", "ipAddressType", vtInvalid}}, ""},

		// Declared routes to endpoints.
		{"the route AWS shows is accepted", func(n *Network) {
			n.PrefixLists = append(n.PrefixLists, s3PrefixList())
			n.RouteTables[1].Routes = append(n.RouteTables[1].Routes, vpc.Route{PrefixList: "pl-63a5400a", Target: vpc.ToVPCEndpoint("vpce-s3")})
		}, nil, ""},
		{"route to a gateway endpoint from a table it does not list", func(n *Network) {
			n.PrefixLists = append(n.PrefixLists, s3PrefixList())
			n.RouteTables[3].Routes = append(n.RouteTables[3].Routes, vpc.Route{PrefixList: "pl-63a5400a", Target: vpc.ToVPCEndpoint("vpce-s3")})
		}, []vtErr{{"route-table", "rtb-db", "routes[0].target.id", vtInvalid}}, "list the table in its routeTables"},
		{"route to a gateway endpoint from a cidr", func(n *Network) {
			n.RouteTables[1].Routes = append(n.RouteTables[1].Routes, vpc.Route{Destination: pfx("52.216.0.0/15"), Target: vpc.ToVPCEndpoint("vpce-s3")})
		}, []vtErr{{"route-table", "rtb-app-a", "routes[1]", vtInvalid}}, "prefix list"},
		{"route to an interface endpoint", func(n *Network) {
			n.RouteTables[1].Routes = append(n.RouteTables[1].Routes, vpc.Route{Destination: pfx("192.168.0.0/16"), Target: vpc.ToVPCEndpoint("vpce-ssm")})
		}, []vtErr{{"route-table", "rtb-app-a", "routes[1].target.id", vtInvalid}}, "no route targets"},

		// Interface endpoints.
		{"no subnet", func(n *Network) { n.VPCEndpoints[0].Subnets = nil },
			[]vtErr{{"vpc-endpoint", "vpce-secrets", "subnets", vtInvalid}}, ""},
		{"two subnets in one zone", func(n *Network) {
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-app-a2", VPC: "vpc-main", AvailabilityZone: "us-east-1a", AvailabilityZoneID: "use1-az1", CIDR: pfx("10.0.12.0/24")})
			n.VPCEndpoints[0].Subnets = append(n.VPCEndpoints[0].Subnets, "subnet-app-a2")
		}, []vtErr{{"vpc-endpoint", "vpce-secrets", "subnets[2]", vtConflict}}, "one subnet per Availability Zone"},
		{"subnet of another vpc", func(n *Network) { n.VPCEndpoints[0].Subnets[1] = "subnet-prov-b" },
			[]vtErr{{"vpc-endpoint", "vpce-secrets", "subnets[1]", vtWrongVPC}}, ""},
		{"address outside the subnet, address of another subnet", func(n *Network) {
			n.VPCEndpoints[0].Addresses = []endpoint.SubnetAddress{{Subnet: "subnet-app-a", IPv4: addr("10.0.11.50")}, {Subnet: "subnet-db-a", IPv4: addr("10.0.20.50")}}
		}, []vtErr{
			{"vpc-endpoint", "vpce-secrets", "addresses[0].ipv4", vtAddress},
			{"vpc-endpoint", "vpce-secrets", "addresses[1].subnet", vtInvalid},
		}, ""},
		{"address taken", func(n *Network) {
			n.NetworkInterfaces[0].PrivateIPs = nil
			n.NetworkInterfaces[1].PrivateIPs = []netip.Addr{addr("10.0.10.50")}
			n.VPCEndpoints[0].Addresses = []endpoint.SubnetAddress{{Subnet: "subnet-app-a", IPv4: addr("10.0.10.50")}}
		}, []vtErr{{"vpc-endpoint", "vpce-secrets", "addresses[0].ipv4", vtAddress}}, "already used"},
		{"ipv6 address on an ipv4 endpoint", func(n *Network) {
			n.VPCEndpoints[0].Addresses = []endpoint.SubnetAddress{{Subnet: "subnet-app-a", IPv6: addr("2600::1")}}
		}, []vtErr{{"vpc-endpoint", "vpce-secrets", "addresses[0].ipv6", vtInvalid}}, "dualstack"},
		{"dualstack in subnets without ipv6", func(n *Network) { n.VPCEndpoints[0].IPAddressType = endpoint.DualStack },
			[]vtErr{{"vpc-endpoint", "vpce-secrets", "subnets[0]", vtInvalid}, {"vpc-endpoint", "vpce-secrets", "subnets[1]", vtInvalid}}, "no ipv6 cidr"},
		{"ipv6-only endpoint", func(n *Network) { n.VPCEndpoints[0].IPAddressType = endpoint.IPv6 },
			[]vtErr{
				{"vpc-endpoint", "vpce-secrets", "ipAddressType", vtInvalid},
				{"vpc-endpoint", "vpce-secrets", "subnets[0]", vtInvalid},
				{"vpc-endpoint", "vpce-secrets", "subnets[1]", vtInvalid},
			}, "IPv6-only subnets"},
		{"security group of another vpc", func(n *Network) { n.VPCEndpoints[0].SecurityGroups = []string{"sg-nlb"} },
			[]vtErr{{"vpc-endpoint", "vpce-secrets", "securityGroups[0]", vtWrongVPC}}, ""},
		{"private DNS without DNS hostnames", func(n *Network) { n.VPCs[0].EnableDNSHostnames = false },
			[]vtErr{
				{"vpc-endpoint", "vpce-secrets", "privateDnsEnabled", vtInvalid},
				{"vpc-endpoint", "vpce-ssm", "privateDnsEnabled", vtInvalid},
				{"vpc-endpoint", "vpce-partner", "privateDnsEnabled", vtInvalid},
			}, "enableDnsSupport and enableDnsHostnames"},
		{"private DNS off needs no DNS hostnames", func(n *Network) {
			n.VPCs[0].EnableDNSHostnames = false
			for i := range n.VPCEndpoints {
				if n.VPCEndpoints[i].Type == endpoint.Interface {
					n.VPCEndpoints[i].PrivateDNSEnabled = &no
				}
			}
		}, nil, ""},
		{"two endpoints with private DNS for one service", func(n *Network) {
			e := n.VPCEndpoints[0]
			e.ID = "vpce-secrets-2"
			n.VPCEndpoints = append(n.VPCEndpoints, e)
		}, []vtErr{{"vpc-endpoint", "vpce-secrets-2", "privateDnsEnabled", vtConflict}}, "one endpoint per service and VPC"},
		{"private DNS on a DynamoDB interface endpoint", func(n *Network) {
			n.VPCEndpoints[1].ServiceName = endpoint.AWSServiceName("us-east-1", "dynamodb")
			n.VPCEndpoints[1].PrivateDNSEnabled = &yes
		}, []vtErr{{"vpc-endpoint", "vpce-ssm", "privateDnsEnabled", vtInvalid}}, "DynamoDB supports no private DNS"},
		{"inbound-resolver-only DNS for another service", func(n *Network) {
			n.VPCEndpoints[1].DNSOptions.PrivateDNSOnlyForInboundResolver = true
		}, []vtErr{{"vpc-endpoint", "vpce-ssm", "dnsOptions.privateDnsOnlyForInboundResolver", vtInvalid}}, "Amazon S3"},
		{"inbound-resolver-only DNS without the gateway endpoint", func(n *Network) {
			n.VPCEndpoints[1].ServiceName = s3Name
			n.VPCEndpoints[1].DNSOptions.PrivateDNSOnlyForInboundResolver = true
			n.VPCEndpoints[2].RouteTables = nil
			n.VPCEndpoints[2].VPC = "vpc-prov"
		}, []vtErr{{"vpc-endpoint", "vpce-ssm", "dnsOptions.privateDnsOnlyForInboundResolver", vtInvalid}}, "needs a gateway endpoint"},
		{"service in another Region", func(n *Network) {
			n.VPCEndpoints[0].ServiceName = endpoint.AWSServiceName("eu-west-1", "secretsmanager")
		},
			[]vtErr{{"vpc-endpoint", "vpce-secrets", "serviceName", vtInvalid}}, "serviceRegion"},
		{"cross-Region to an AWS service", func(n *Network) {
			n.VPCEndpoints[0].ServiceName = endpoint.AWSServiceName("eu-west-1", "secretsmanager")
			n.VPCEndpoints[0].ServiceRegion = "eu-west-1"
		}, []vtErr{{"vpc-endpoint", "vpce-secrets", "serviceRegion", vtInvalid}}, "endpoint services only"},
		{"too many interface endpoints", func(n *Network) {
			for i := range 48 {
				e := n.VPCEndpoints[1]
				e.ID = "vpce-more-" + string(rune('a'+i/26)) + string(rune('a'+i%26))
				e.ServiceName = endpoint.AWSServiceName("us-east-1", "svc"+e.ID[len(e.ID)-2:])
				e.PrivateDNSEnabled = &no
				n.VPCEndpoints = append(n.VPCEndpoints, e)
			}
		}, []vtErr{{"vpc-endpoint", "vpce-more-bv", "vpc", vtInvalid}}, "50 interface endpoints"},

		// Endpoints to endpoint services.
		{"policy on an endpoint to an endpoint service", func(n *Network) {
			n.VPCEndpoints[3].Policy = []byte(`{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}`)
		}, []vtErr{{"vpc-endpoint", "vpce-partner", "policy", vtInvalid}}, "full access"},
		{"consumer not allowed", func(n *Network) { n.EndpointServices[0].AllowedPrincipals = []string{"arn:aws:iam::333333333333:root"} },
			[]vtErr{{"vpc-endpoint", "vpce-partner", "serviceName", vtInvalid}}, "does not allow account 111111111111"},
		{"everyone allowed", func(n *Network) { n.EndpointServices[0].AllowedPrincipals = []string{"*"} }, nil, ""},
		{"private DNS name not verified", func(n *Network) { n.EndpointServices[0].PrivateDNSVerification = endpoint.PendingVerification },
			[]vtErr{{"vpc-endpoint", "vpce-partner", "privateDnsEnabled", vtInvalid}}, "not verified"},
		{"endpoint service in another Region", func(n *Network) {
			n.VPCEndpoints[3].ServiceName = "com.amazonaws.vpce.eu-west-1.vpce-svc-0a1b2c3d"
			n.VPCEndpoints[3].ServiceRegion = "eu-west-1"
		}, []vtErr{
			{"vpc-endpoint", "vpce-partner", "serviceName", vtInvalid},
		}, "is in us-east-1"},
		{"a partner's service outside the network", func(n *Network) {
			n.VPCEndpoints[3].ServiceName = "com.amazonaws.vpce.us-east-1.vpce-svc-0fff"
			n.VPCEndpoints[3].PrivateDNSEnabled = nil
			n.EndpointConnections = nil
		}, nil, ""},

		// Endpoint services.
		{"service id", func(n *Network) {
			n.EndpointServices[0].ID = "svc-1"
			n.EndpointConnections = nil
		}, []vtErr{{"vpc-endpoint-service", "svc-1", "id", vtInvalid}}, "vpce-svc-"},
		{"no load balancer", func(n *Network) { n.EndpointServices[0].NetworkLoadBalancers = nil },
			[]vtErr{{"vpc-endpoint-service", "vpce-svc-0a1b2c3d", "networkLoadBalancers", vtInvalid}}, ""},
		{"an application load balancer", func(n *Network) {
			n.LoadBalancers[0].Type = elb.Application
			n.LoadBalancers[0].CreatedWithSecurityGroups = nil
			n.Listeners = nil
			n.TargetGroups = nil
		}, []vtErr{{"vpc-endpoint-service", "vpce-svc-0a1b2c3d", "networkLoadBalancers[0]", vtInvalid}}, "want a network one"},
		{"a load balancer fronting two services", func(n *Network) {
			n.EndpointServices = append(n.EndpointServices, endpoint.Service{ID: "vpce-svc-0fff", NetworkLoadBalancers: []string{"nlb-prov"}})
		}, []vtErr{{"vpc-endpoint-service", "vpce-svc-0fff", "networkLoadBalancers[0]", vtConflict}}, ""},
		{"supported Region is its own", func(n *Network) { n.EndpointServices[0].SupportedRegions = []string{"us-east-1"} },
			[]vtErr{{"vpc-endpoint-service", "vpce-svc-0a1b2c3d", "supportedRegions[0]", vtInvalid}}, ""},
		{"allowed principal that is no ARN", func(n *Network) { n.EndpointServices[0].AllowedPrincipals = []string{"111111111111"} },
			[]vtErr{
				{"vpc-endpoint", "vpce-partner", "serviceName", vtInvalid},
				{"vpc-endpoint-service", "vpce-svc-0a1b2c3d", "allowedPrincipals[0]", vtInvalid},
			}, ""},

		// Connections.
		{"connection to an unknown endpoint", func(n *Network) { n.EndpointConnections[0].Endpoint = "vpce-nope" },
			[]vtErr{{"vpc-endpoint-connection", "vpce-nope/vpce-svc-0a1b2c3d", "endpoint", vtUnknown}}, ""},
		{"connection of an endpoint to another service", func(n *Network) { n.EndpointConnections[0].Endpoint = "vpce-ssm" },
			[]vtErr{{"vpc-endpoint-connection", "vpce-ssm/vpce-svc-0a1b2c3d", "service", vtInvalid}}, ""},
		{"two connections of a pair", func(n *Network) { n.EndpointConnections = append(n.EndpointConnections, n.EndpointConnections[0]) },
			[]vtErr{{"vpc-endpoint-connection", "vpce-partner/vpce-svc-0a1b2c3d", "id", vtDup}}, ""},
		{"connection and endpoint disagree", func(n *Network) { n.VPCEndpoints[3].State = endpoint.PendingAcceptance },
			[]vtErr{{"vpc-endpoint-connection", "vpce-partner/vpce-svc-0a1b2c3d", "state", vtConflict}}, "make them agree"},

		// Resource policies.
		{"resource policy", func(n *Network) {
			n.ResourcePolicies = []endpoint.ResourcePolicy{{ID: "rp", Service: "S3", Resource: "bucket", Account: "12", Region: "mars"}}
		}, []vtErr{
			{"resource-policy", "rp", "service", vtInvalid},
			{"resource-policy", "rp", "region", vtInvalid},
			{"resource-policy", "rp", "resource", vtInvalid},
			{"resource-policy", "rp", "account", vtInvalid},
			{"resource-policy", "rp", "policy", vtInvalid},
		}, ""},

		// Names vpcsim gives.
		{"an id that is an endpoint interface's name", func(n *Network) {
			n.NetworkInterfaces[0].ID = "vpce-ssm/subnet-app-a"
		}, []vtErr{{"network-interface", "vpce-ssm/subnet-app-a", "id", vtInvalid}}, "interface of vpc endpoint"},
		{"an id that is a service's name", func(n *Network) { n.PrefixLists = append(n.PrefixLists, vpc.PrefixList{ID: s3Name + "/pl"}) },
			[]vtErr{{"prefix-list", s3Name + "/pl", "id", vtInvalid}}, "AWS service"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := withPrivateLink()
			tc.mutate(n)
			err := n.Validate()
			if diff := cmp.Diff(tc.want, vtErrs(t, err)); diff != "" {
				t.Errorf("Validate() errors (-want +got):\n%s\nfull error:\n%v", diff, err)
			}
			if tc.inMsg != "" && (err == nil || !strings.Contains(err.Error(), tc.inMsg)) {
				t.Errorf("the errors do not say %q:\n%v", tc.inMsg, err)
			}
		})
	}
}
