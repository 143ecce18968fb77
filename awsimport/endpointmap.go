package awsimport

import (
	"encoding/json"
	"slices"
	"strings"

	ec2t "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/vpc"
)

// mapEndpoints maps VPC endpoints, endpoint services (the provider's
// describe-vpc-endpoint-service-configurations), their permissions and
// connections.
func (b *builder) mapEndpoints() {
	defer b.mergeEndpointInterfaces()
	for _, r := range dedupe(b, "vpc-endpoint", b.raw.vpces, func(e *ec2t.VpcEndpoint) string { return str(e.VpcEndpointId) }) {
		e := r.v
		id := str(e.VpcEndpointId)
		t := endpoint.Type(e.VpcEndpointType)
		if !t.Valid() {
			b.skip("vpc-endpoint", id, r.src, "endpoint type %q is not known", e.VpcEndpointType)
			continue
		}
		// The EC2 API prints states in camelCase ("pendingAcceptance"),
		// the SDK's constants are PascalCase ("PendingAcceptance"):
		// compare without regard to case.
		st, ok := endpoint.ParseState(string(e.State))
		if !ok && e.State != "" {
			b.skip("vpc-endpoint", id, r.src, "state %q is not known", e.State)
			continue
		}
		if st == endpoint.Available {
			st = ""
		}
		name, tg := tags(e.Tags)
		out := endpoint.Endpoint{ID: id, Name: name, Type: t, VPC: str(e.VpcId), State: st, Tags: tg}
		if t.UsesServiceName() {
			out.ServiceName = str(e.ServiceName)
			if sr := str(e.ServiceRegion); sr != "" && sr != r.src.region && t == endpoint.Interface {
				out.ServiceRegion = sr
			}
		}
		if t.UsesRouteTables() {
			out.RouteTables = slices.Clone(e.RouteTableIds)
		}
		if t.UsesSubnets() {
			out.Subnets = slices.Clone(e.SubnetIds)
			for _, eni := range e.NetworkInterfaceIds {
				sn, ok := b.eniSubnet[eni]
				if !ok {
					continue
				}
				a := endpoint.SubnetAddress{Subnet: sn, IPv4: b.eniAddr[eni], IPv6: b.eniAddr6[eni]}
				if a.IPv4.IsValid() || a.IPv6.IsValid() {
					out.Addresses = append(out.Addresses, a)
				}
			}
			slices.SortFunc(out.Addresses, func(x, y endpoint.SubnetAddress) int { return strings.Compare(x.Subnet, y.Subnet) })
			out.IPAddressType = endpoint.IPAddressType(e.IpAddressType)
			if out.IPAddressType == endpoint.IPv4 {
				out.IPAddressType = ""
			}
		}
		if t.UsesSecurityGroups() {
			for _, g := range e.Groups {
				out.SecurityGroups = append(out.SecurityGroups, str(g.GroupId))
			}
		}
		if t.UsesPrivateDNS() {
			out.PrivateDNSEnabled = e.PrivateDnsEnabled
			if o := e.DnsOptions; o != nil {
				out.DNSOptions.RecordIPType = endpoint.DNSRecordIPType(o.DnsRecordIpType)
				out.DNSOptions.PrivateDNSOnlyForInboundResolver = boolv(o.PrivateDnsOnlyForInboundResolverEndpoint)
			}
		}
		if t.UsesPolicy() {
			if p := str(e.PolicyDocument); p != "" {
				if json.Valid([]byte(p)) {
					out.Policy = json.RawMessage(p)
				} else {
					b.skip("vpc-endpoint-policy", id, r.src, "PolicyDocument is not valid JSON")
				}
			}
		}
		if t == endpoint.ServiceNetwork {
			out.ServiceNetwork = arnID(str(e.ServiceNetworkArn))
		}
		if t == endpoint.Resource {
			out.ResourceConfiguration = arnID(str(e.ResourceConfigurationArn))
		}
		b.decls.VPCEndpoints = append(b.decls.VPCEndpoints, out)
	}

	principals := map[string][]string{}
	for _, r := range b.raw.principals {
		s := str(r.v.ServiceId)
		if p := str(r.v.Principal); p != "" && !slices.Contains(principals[s], p) {
			principals[s] = append(principals[s], p)
		}
	}
	configured := map[string]bool{}
	for _, r := range dedupe(b, "vpc-endpoint-service", b.raw.svcConfigs, func(s *ec2t.ServiceConfiguration) string { return str(s.ServiceId) }) {
		s := r.v
		id := str(s.ServiceId)
		configured[id] = true
		if st := string(s.ServiceState); st == "Deleted" || st == "Deleting" || st == "Failed" {
			b.skip("vpc-endpoint-service", id, r.src, "state %s", st)
			continue
		}
		name, tg := tags(s.Tags)
		out := endpoint.Service{ID: id, Name: name, Account: r.src.account, Region: r.src.region, AcceptanceRequired: s.AcceptanceRequired,
			PrivateDNSName: str(s.PrivateDnsName), Tags: tg}
		if n, err := endpoint.ParseServiceName(str(s.ServiceName)); err == nil && n.Region != "" {
			out.Region = n.Region
		}
		out.NetworkLoadBalancers = slices.Clone(s.NetworkLoadBalancerArns)
		out.GatewayLoadBalancers = slices.Clone(s.GatewayLoadBalancerArns)
		for _, a := range s.SupportedIpAddressTypes {
			out.SupportedIPAddressTypes = append(out.SupportedIPAddressTypes, endpoint.ServiceIPAddressType(strings.ToLower(string(a))))
		}
		for _, sr := range s.SupportedRegions {
			if reg := str(sr.Region); reg != "" && reg != out.Region {
				out.SupportedRegions = append(out.SupportedRegions, reg)
			}
		}
		if c := s.PrivateDnsNameConfiguration; c != nil && out.PrivateDNSName != "" {
			if v := endpoint.Verification(c.State); v != endpoint.Verified {
				out.PrivateDNSVerification = v
			}
		}
		out.AllowedPrincipals = principals[id]
		b.decls.EndpointServices = append(b.decls.EndpointServices, out)
	}
	for _, r := range dedupe(b, "vpc-endpoint-service-detail", b.raw.svcDetails, func(s *ec2t.ServiceDetail) string {
		return cmpOr(str(s.ServiceId), str(s.ServiceName))
	}) {
		id := cmpOr(str(r.v.ServiceId), str(r.v.ServiceName))
		switch {
		case configured[str(r.v.ServiceId)]:
		case str(r.v.Owner) == "amazon":
			b.skip("vpc-endpoint-service", id, r.src, "an AWS service: endpoints name it by its service name, package endpoint knows the common ones")
		default:
			b.skip("vpc-endpoint-service", id, r.src, "the consumer's view of another account's endpoint service: import the provider's describe-vpc-endpoint-service-configurations output to declare it")
		}
	}
	for _, r := range b.raw.connections {
		c := r.v
		st, ok := endpoint.ParseState(string(c.VpcEndpointState))
		if !ok && c.VpcEndpointState != "" {
			b.skip("vpc-endpoint-connection", str(c.VpcEndpointId), r.src, "state %q is not known", c.VpcEndpointState)
			continue
		}
		if st == endpoint.Available {
			st = ""
		}
		b.decls.EndpointConnections = append(b.decls.EndpointConnections, endpoint.Connection{Endpoint: str(c.VpcEndpointId), Service: str(c.ServiceId), State: st})
	}
}

// arnID returns the last path element of an ARN's resource
// ("servicenetwork/sn-0123" -> "sn-0123"), or s when it is no ARN.
func arnID(s string) string {
	a, ok := parseARN(s)
	if !ok {
		return s
	}
	if i := strings.LastIndexAny(a.resource, "/:"); i >= 0 {
		return a.resource[i+1:]
	}
	return a.resource
}

// mergeEndpointInterfaces drops the network interfaces of the imported
// VPC endpoints: the engine creates an endpoint's interfaces itself (one
// per subnet, with the endpoint's security groups), at the addresses
// mapEndpoints took from these interfaces into Endpoint.Addresses.
// Interfaces of endpoints the input does not describe stay plain
// interfaces.
func (b *builder) mergeEndpointInterfaces() {
	imported := map[string]bool{}
	for _, e := range b.decls.VPCEndpoints {
		if e.Type.UsesSubnets() {
			imported[e.ID] = true
		}
	}
	drop := map[string]bool{}
	for _, e := range b.net.NetworkInterfaces {
		if e.Kind == vpc.KindVPCEndpoint && imported[e.Owner] {
			drop[e.ID] = true
		}
	}
	if len(drop) == 0 {
		return
	}
	b.net.NetworkInterfaces = slices.DeleteFunc(b.net.NetworkInterfaces, func(e vpc.NetworkInterface) bool { return drop[e.ID] })
	b.skipped = slices.DeleteFunc(b.skipped, func(x Skipped) bool {
		return x.Resource == "network-interface-security-groups" && drop[x.ID]
	})
}

// isGWLBEndpoint reports whether the describe-vpc-endpoints output holds
// id as a Gateway Load Balancer endpoint: routes name those by their
// endpoint ID (GatewayId in describe-route-tables).
func (b *builder) isGWLBEndpoint(id string) bool {
	for _, r := range b.raw.vpces {
		if str(r.v.VpcEndpointId) == id {
			t := endpoint.Type(r.v.VpcEndpointType)
			return t.Valid() && t.Norm() == endpoint.GatewayLoadBalancer
		}
	}
	return false
}
