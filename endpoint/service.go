package endpoint

import "strings"

// State is the state of a VPC endpoint, or of the connection between an
// endpoint and an endpoint service, spelled as the EC2 API spells it.
// Only [Available] carries traffic. The zero value means available, the
// steady state of a working deployment.
type State string

// Endpoint and connection states.
const (
	PendingAcceptance State = "pendingAcceptance"
	Pending           State = "pending"
	Available         State = "available"
	Deleting          State = "deleting"
	Deleted           State = "deleted"
	Rejected          State = "rejected"
	Failed            State = "failed"
	Expired           State = "expired"
	Partial           State = "partial"
)

var states = []State{PendingAcceptance, Pending, Available, Deleting, Deleted, Rejected, Failed, Expired, Partial}

// Valid reports whether s is a known state (the zero value counts as
// available).
func (s State) Valid() bool {
	if s == "" {
		return true
	}
	for _, k := range states {
		if s == k {
			return true
		}
	}
	return false
}

// Available reports whether the state carries traffic.
func (s State) Available() bool { return s == "" || s == Available }

// String returns the state ("available" for the zero value).
func (s State) String() string {
	if s == "" {
		return string(Available)
	}
	return string(s)
}

// ParseState parses a state case-insensitively, so that both the EC2
// API's "pendingAcceptance" and the SDK enum spelling "PendingAcceptance"
// are accepted.
func ParseState(s string) (State, bool) {
	for _, k := range states {
		if strings.EqualFold(s, string(k)) {
			return k, true
		}
	}
	return "", false
}

// Verification is the verification state of an endpoint service's
// private DNS name. Consumers can use the name only once it is
// [Verified]. The zero value means verified, the steady state of a
// working deployment.
type Verification string

// Private DNS name verification states.
const (
	PendingVerification Verification = "pendingVerification"
	Verified            Verification = "verified"
	VerificationFailed  Verification = "failed"
)

// Valid reports whether v is a known verification state (or zero).
func (v Verification) Valid() bool {
	switch v {
	case "", PendingVerification, Verified, VerificationFailed:
		return true
	}
	return false
}

// IsVerified reports whether consumers can use the private DNS name.
func (v Verification) IsVerified() bool { return v == "" || v == Verified }

// ServiceIPAddressType is an address family an endpoint service accepts
// connections on.
type ServiceIPAddressType string

// Endpoint service IP address types.
const (
	ServiceIPv4 ServiceIPAddressType = "ipv4"
	ServiceIPv6 ServiceIPAddressType = "ipv6"
)

// Valid reports whether a is ipv4 or ipv6.
func (a ServiceIPAddressType) Valid() bool { return a == ServiceIPv4 || a == ServiceIPv6 }

// Service is an endpoint service: your own service offered through AWS
// PrivateLink. It is backed either by Network Load Balancers (consumers
// reach it through Interface endpoints) or by Gateway Load Balancers
// (consumers route through GatewayLoadBalancer endpoints), never both.
type Service struct {
	// ID is the service ID, "vpce-svc-" followed by 17 hexadecimal
	// digits in AWS.
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Account is the provider's account; zero means the account of the
	// load balancers' VPC.
	Account string `json:"account,omitempty"`
	// Region is the service's Region; its service name
	// ([Service.ServiceName]) contains it.
	Region string `json:"region,omitempty"`

	// NetworkLoadBalancers are the IDs of the Network Load Balancers in
	// front of the service.
	NetworkLoadBalancers []string `json:"networkLoadBalancers,omitempty"`
	// GatewayLoadBalancers are the IDs of the Gateway Load Balancers in
	// front of the service.
	GatewayLoadBalancers []string `json:"gatewayLoadBalancers,omitempty"`

	// AcceptanceRequired makes every endpoint connection wait for the
	// provider's acceptance. Nil means true, the AWS default.
	AcceptanceRequired *bool `json:"acceptanceRequired,omitempty"`
	// AllowedPrincipals are the ARNs of the principals (accounts, IAM
	// users, IAM roles) allowed to create endpoints to the service, or
	// "*" for everyone. None means nobody but the provider's own account.
	AllowedPrincipals []string `json:"allowedPrincipals,omitempty"`
	// SupportedRegions are the Regions, besides the service's own, whose
	// consumers may connect (cross-Region PrivateLink).
	SupportedRegions []string `json:"supportedRegions,omitempty"`
	// SupportedIPAddressTypes are the address families the service
	// accepts; none means ipv4 only.
	SupportedIPAddressTypes []ServiceIPAddressType `json:"supportedIpAddressTypes,omitempty"`

	// PrivateDNSName is the service's private DNS name, which consumers'
	// interface endpoints with private DNS resolve to their own addresses.
	// Not for Gateway Load Balancer services.
	PrivateDNSName string `json:"privateDnsName,omitempty"`
	// PrivateDNSVerification is the domain verification state of
	// PrivateDNSName; zero means verified.
	PrivateDNSVerification Verification `json:"privateDnsVerification,omitempty"`

	Tags map[string]string `json:"tags,omitempty"`
}

// ServiceName returns the name consumers use to create endpoints to the
// service: "com.amazonaws.vpce.<region>.<id>".
func (s Service) ServiceName() string {
	return ServiceName{Prefix: PrefixEndpointService, Region: s.Region, Service: s.ID}.String()
}

// RequiresAcceptance reports whether new connections wait for the
// provider's acceptance.
func (s Service) RequiresAcceptance() bool {
	return s.AcceptanceRequired == nil || *s.AcceptanceRequired
}

// EndpointType returns the type of endpoint consumers use to reach the
// service: GatewayLoadBalancer for a service with Gateway Load
// Balancers, Interface otherwise.
func (s Service) EndpointType() Type {
	if len(s.GatewayLoadBalancers) > 0 {
		return GatewayLoadBalancer
	}
	return Interface
}

// SupportsIPv4 reports whether the service accepts IPv4 connections.
func (s Service) SupportsIPv4() bool { return s.supports(ServiceIPv4) }

// SupportsIPv6 reports whether the service accepts IPv6 connections.
func (s Service) SupportsIPv6() bool { return s.supports(ServiceIPv6) }

func (s Service) supports(a ServiceIPAddressType) bool {
	if len(s.SupportedIPAddressTypes) == 0 {
		return a == ServiceIPv4
	}
	for _, t := range s.SupportedIPAddressTypes {
		if t == a {
			return true
		}
	}
	return false
}

// Connection is the provider's view of one endpoint connected to its
// endpoint [Service]: the pair and the connection's state, which the
// provider changes by accepting or rejecting it.
type Connection struct {
	// Endpoint is the consumer's endpoint ID.
	Endpoint string `json:"endpoint"`
	// Service is the endpoint service ID.
	Service string `json:"service"`
	// State is the connection's state; zero means available (accepted).
	State State `json:"state,omitempty"`
}
