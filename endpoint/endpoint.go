package endpoint

import (
	"encoding/json"
	"net/netip"
)

// Type is the type of a VPC endpoint, spelled as the EC2 API spells
// VpcEndpointType. The zero value means [Gateway], the API's default.
type Type string

// VPC endpoint types.
const (
	// Gateway endpoints (Amazon S3 and DynamoDB) add a route to the
	// service's AWS-managed prefix list to the route tables they name.
	Gateway Type = "Gateway"
	// Interface endpoints place one network interface in each of their
	// subnets; clients connect to those addresses and the endpoint
	// carries the connection to an AWS service or an endpoint [Service].
	Interface Type = "Interface"
	// GatewayLoadBalancer endpoints place one network interface in one
	// subnet and are the target of routes that send traffic through the
	// appliances behind a Gateway Load Balancer endpoint [Service].
	GatewayLoadBalancer Type = "GatewayLoadBalancer"
	// ServiceNetwork endpoints connect a VPC to an Amazon VPC Lattice
	// service network through interfaces in their subnets.
	ServiceNetwork Type = "ServiceNetwork"
	// Resource endpoints connect a VPC to one Amazon VPC Lattice resource
	// configuration through interfaces in their subnets.
	Resource Type = "Resource"
)

var types = []Type{Gateway, Interface, GatewayLoadBalancer, ServiceNetwork, Resource}

// Types returns every endpoint type, in a fixed order.
func Types() []Type { return append([]Type(nil), types...) }

// Norm returns t with the zero value replaced by [Gateway].
func (t Type) Norm() Type {
	if t == "" {
		return Gateway
	}
	return t
}

// Valid reports whether t is a known endpoint type (the zero value counts
// as [Gateway]).
func (t Type) Valid() bool {
	switch t.Norm() {
	case Gateway, Interface, GatewayLoadBalancer, ServiceNetwork, Resource:
		return true
	}
	return false
}

// String returns the type as the EC2 API spells it ("Gateway" for the
// zero value).
func (t Type) String() string { return string(t.Norm()) }

// UsesServiceName reports whether endpoints of type t name the service
// they connect to by service name (Gateway, Interface and
// GatewayLoadBalancer); service-network and resource endpoints name a
// Lattice resource instead.
func (t Type) UsesServiceName() bool {
	switch t.Norm() {
	case Gateway, Interface, GatewayLoadBalancer:
		return true
	}
	return false
}

// UsesRouteTables reports whether endpoints of type t take route tables
// (Gateway only).
func (t Type) UsesRouteTables() bool { return t.Norm() == Gateway }

// UsesSubnets reports whether endpoints of type t place network
// interfaces in subnets (every type but Gateway).
func (t Type) UsesSubnets() bool { return t.Valid() && t.Norm() != Gateway }

// UsesSecurityGroups reports whether the network interfaces of endpoints
// of type t carry security groups (Interface, ServiceNetwork and
// Resource). Gateway endpoints have no interfaces; the interface of a
// Gateway Load Balancer endpoint takes none.
func (t Type) UsesSecurityGroups() bool {
	switch t.Norm() {
	case Interface, ServiceNetwork, Resource:
		return true
	}
	return false
}

// UsesPolicy reports whether endpoints of type t take an endpoint policy
// (Gateway and Interface).
func (t Type) UsesPolicy() bool {
	switch t.Norm() {
	case Gateway, Interface:
		return true
	}
	return false
}

// UsesPrivateDNS reports whether endpoints of type t take the private DNS
// setting (Interface, ServiceNetwork and Resource).
func (t Type) UsesPrivateDNS() bool { return t.UsesSecurityGroups() }

// IsRouteTarget reports whether routes name endpoints of type t as their
// target: Gateway endpoints (through the routes they add) and Gateway Load
// Balancer endpoints (through routes the user declares).
func (t Type) IsRouteTarget() bool {
	switch t.Norm() {
	case Gateway, GatewayLoadBalancer:
		return true
	}
	return false
}

// IPAddressType is the IP address type of an endpoint: which address
// families its network interfaces have.
type IPAddressType string

// Endpoint IP address types. The zero value means [IPv4].
const (
	IPv4      IPAddressType = "ipv4"
	DualStack IPAddressType = "dualstack"
	IPv6      IPAddressType = "ipv6"
)

// Valid reports whether a is a known IP address type (the zero value
// counts as [IPv4]).
func (a IPAddressType) Valid() bool {
	switch a {
	case "", IPv4, DualStack, IPv6:
		return true
	}
	return false
}

// HasIPv4 reports whether endpoints of this type have IPv4 addresses.
func (a IPAddressType) HasIPv4() bool { return a == "" || a == IPv4 || a == DualStack }

// HasIPv6 reports whether endpoints of this type have IPv6 addresses.
func (a IPAddressType) HasIPv6() bool { return a == DualStack || a == IPv6 }

// DNSRecordIPType selects which address records the private DNS names of
// an endpoint resolve to.
type DNSRecordIPType string

// DNS record IP types. The zero value lets AWS choose, which follows the
// endpoint's [IPAddressType].
const (
	DNSIPv4           DNSRecordIPType = "ipv4"
	DNSDualStack      DNSRecordIPType = "dualstack"
	DNSIPv6           DNSRecordIPType = "ipv6"
	DNSServiceDefined DNSRecordIPType = "service-defined"
)

// Valid reports whether d is a known DNS record IP type (or zero).
func (d DNSRecordIPType) Valid() bool {
	switch d {
	case "", DNSIPv4, DNSDualStack, DNSIPv6, DNSServiceDefined:
		return true
	}
	return false
}

// PrivateDNSPreference selects, for service-network and resource
// endpoints with private DNS, which custom domain names of Lattice
// services and resources get a private hosted zone in the VPC.
type PrivateDNSPreference string

// Private DNS preferences, as the EC2 API spells them.
const (
	AllDomains                  PrivateDNSPreference = "ALL_DOMAINS"
	VerifiedDomainsOnly         PrivateDNSPreference = "VERIFIED_DOMAINS_ONLY"
	VerifiedDomainsAndSpecified PrivateDNSPreference = "VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS"
	SpecifiedDomainsOnly        PrivateDNSPreference = "SPECIFIED_DOMAINS_ONLY"
)

// Valid reports whether p is a known preference (or zero).
func (p PrivateDNSPreference) Valid() bool {
	switch p {
	case "", AllDomains, VerifiedDomainsOnly, VerifiedDomainsAndSpecified, SpecifiedDomainsOnly:
		return true
	}
	return false
}

// DNSOptions are the DNS options of an endpoint with private DNS.
type DNSOptions struct {
	// RecordIPType selects A, AAAA or both records; zero lets AWS choose.
	RecordIPType DNSRecordIPType `json:"recordIpType,omitempty"`
	// PrivateDNSOnlyForInboundResolver makes the private DNS names of an
	// interface endpoint answer only queries arriving through a Route 53
	// Resolver inbound endpoint (from on premises), so that clients in the
	// VPC keep resolving the public name and reach the service through the
	// gateway endpoint of the same service. Only for services that offer
	// both endpoint types (Amazon S3); it needs that gateway endpoint in
	// the VPC. The EC2 API default is false (the console pre-selects it for
	// S3).
	PrivateDNSOnlyForInboundResolver bool `json:"privateDnsOnlyForInboundResolver,omitempty"`
	// Preference applies to ServiceNetwork and Resource endpoints only.
	// Zero leaves the choice to AWS.
	Preference PrivateDNSPreference `json:"preference,omitempty"`
	// SpecifiedDomains are the domains that the *_SPECIFIED_* preferences
	// name.
	SpecifiedDomains []string `json:"specifiedDomains,omitempty"`
}

// SubnetAddress declares the addresses an endpoint's network interface
// takes in one of its subnets. Compile assigns free addresses to the
// subnets that have none declared.
type SubnetAddress struct {
	Subnet string     `json:"subnet"`
	IPv4   netip.Addr `json:"ipv4,omitzero"`
	IPv6   netip.Addr `json:"ipv6,omitzero"`
}

// Endpoint is a VPC endpoint of any [Type], in the shape of the EC2 API's
// VpcEndpoint: the fields that apply depend on Type, as each field's
// comment says, and validation rejects fields set for a type that does
// not take them, as the API does.
type Endpoint struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Type is the endpoint type; zero means Gateway, as in the EC2 API.
	Type Type `json:"type,omitempty"`
	// VPC is the VPC the endpoint is created in.
	VPC string `json:"vpc"`

	// ServiceName names the service (Gateway, Interface and
	// GatewayLoadBalancer): an AWS service such as
	// "com.amazonaws.us-east-1.s3" or an endpoint service such as
	// "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0". See
	// [ParseServiceName].
	ServiceName string `json:"serviceName,omitempty"`
	// ServiceRegion is the Region of the service when it is not the VPC's
	// (Interface endpoints to services that allow cross-Region access);
	// zero means the VPC's Region.
	ServiceRegion string `json:"serviceRegion,omitempty"`

	// RouteTables are the route tables of the VPC that the endpoint adds
	// its service's prefix-list route to (Gateway only).
	RouteTables []string `json:"routeTables,omitempty"`

	// Subnets are the subnets the endpoint places one network interface
	// in each, at most one per Availability Zone (every type but Gateway;
	// exactly one for GatewayLoadBalancer).
	Subnets []string `json:"subnets,omitempty"`
	// Addresses optionally fix the addresses of the interface in some of
	// the Subnets (at most one entry per subnet).
	Addresses []SubnetAddress `json:"addresses,omitempty"`
	// SecurityGroups are the groups of the endpoint's network interfaces
	// (Interface, ServiceNetwork, Resource); none means the VPC's default
	// group, as the EC2 API does.
	SecurityGroups []string `json:"securityGroups,omitempty"`
	// IPAddressType selects the address families of the interfaces; zero
	// means ipv4.
	IPAddressType IPAddressType `json:"ipAddressType,omitempty"`

	// PrivateDNSEnabled associates with the VPC a private hosted zone that
	// answers the service's DNS names with the endpoint's addresses
	// (Interface, ServiceNetwork, Resource). Nil means the default that
	// [Endpoint.PrivateDNS] reports. It needs the VPC's enableDnsSupport
	// and enableDnsHostnames attributes.
	PrivateDNSEnabled *bool `json:"privateDnsEnabled,omitempty"`
	// DNSOptions refine the private DNS behaviour.
	DNSOptions DNSOptions `json:"dnsOptions,omitzero"`

	// Policy is the endpoint policy, an IAM policy document as JSON text
	// (Gateway and Interface). Empty means the default policy, which
	// allows everything. Marshaling compacts its white space.
	Policy json.RawMessage `json:"policy,omitempty"`

	// ServiceNetwork is the ID of the VPC Lattice service network
	// (ServiceNetwork only).
	ServiceNetwork string `json:"serviceNetwork,omitempty"`
	// ResourceConfiguration is the ID of the VPC Lattice resource
	// configuration (Resource only).
	ResourceConfiguration string `json:"resourceConfiguration,omitempty"`

	// State is the endpoint's state as its owner sees it; zero means
	// available. Only an available endpoint carries traffic. For an
	// endpoint to an endpoint [Service] of the same network, the
	// [Connection] of the pair, when declared, is the provider's view of
	// the same state and must agree.
	State State `json:"state,omitempty"`

	Tags map[string]string `json:"tags,omitempty"`
}

// Address returns the declared addresses of the endpoint's interface in
// subnet, if any.
func (e Endpoint) Address(subnet string) (SubnetAddress, bool) {
	for _, a := range e.Addresses {
		if a.Subnet == subnet {
			return a, true
		}
	}
	return SubnetAddress{}, false
}

// PrivateDNS reports whether the endpoint's private DNS is on: the
// declared PrivateDNSEnabled, or else the EC2 API's default, which is on
// for interface endpoints to AWS services and off for endpoints to
// endpoint services (whose private DNS name the consumer opts into).
// Service-network and resource endpoints default to on as well, an
// assumption: the API reference states no default for them. Gateway and
// Gateway Load Balancer endpoints have no private DNS.
//
// Importers beware: CloudFormation and Terraform default the setting to
// false, so an import from either must set the field explicitly.
func (e Endpoint) PrivateDNS() bool {
	t := e.Type.Norm()
	if !t.UsesPrivateDNS() {
		return false
	}
	if e.PrivateDNSEnabled != nil {
		return *e.PrivateDNSEnabled
	}
	if t != Interface {
		return true
	}
	n, err := ParseServiceName(e.ServiceName)
	return err == nil && !n.IsEndpointService()
}

// Available reports whether the endpoint's state lets it carry traffic.
func (e Endpoint) Available() bool { return e.State.Available() }
