package lattice

import "encoding/json"

// AuthType is the access setting of a service network or a service: with
// [AuthNone] any request that reaches it passes; with [AuthIAM] its auth
// policy must allow the request.
type AuthType string

// Auth types, spelled as in the AWS API. The zero value means [AuthNone],
// the AWS default.
const (
	AuthNone AuthType = "NONE"
	AuthIAM  AuthType = "AWS_IAM"
)

// Valid reports whether a is a known auth type (the zero value counts as
// [AuthNone]).
func (a AuthType) Valid() bool {
	switch a {
	case "", AuthNone, AuthIAM:
		return true
	}
	return false
}

// String returns the auth type, "NONE" for the zero value.
func (a AuthType) String() string {
	if a == "" {
		return string(AuthNone)
	}
	return string(a)
}

// IsIAM reports whether the level checks requests against its auth
// policy. Such a level with no policy denies every request.
func (a AuthType) IsIAM() bool { return a == AuthIAM }

// ServiceNetwork is the logical boundary that services and resource
// configurations are associated with and that VPCs connect to. A client
// reaches a service only through a network that both the client's VPC and
// the service are associated with.
type ServiceNetwork struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Account is the owning AWS account. Other accounts may use the
	// network only when a [ResourceShare] of this account shares it with
	// them.
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
	// AuthType is the network-level access setting (zero means NONE).
	AuthType AuthType `json:"authType,omitempty"`
	// AuthPolicy is the network's auth policy document, an IAM policy in
	// JSON. It applies only when AuthType is AWS_IAM, and never to resource
	// configurations in the network. Marshalling compacts it.
	AuthPolicy json.RawMessage `json:"authPolicy,omitempty"`
	// SharingDisabled turns off sharing (the API's sharingConfig.enabled =
	// false). A network with sharing enabled counts as shareable even while
	// no share exists, which matters to resource configurations that
	// disallow shareable networks.
	SharingDisabled bool              `json:"sharingDisabled,omitempty"`
	Tags            map[string]string `json:"tags,omitempty"`
}

// Shareable reports whether the network may be shared with other accounts.
func (n ServiceNetwork) Shareable() bool { return !n.SharingDisabled }

// AssociationStatus is the state of an association between a service
// network and a VPC, a service or a resource configuration.
type AssociationStatus string

// Association states, spelled as in the AWS API. The zero value means
// [AssociationActive].
const (
	AssociationActive           AssociationStatus = "ACTIVE"
	AssociationCreateInProgress AssociationStatus = "CREATE_IN_PROGRESS"
	AssociationUpdateInProgress AssociationStatus = "UPDATE_IN_PROGRESS"
	AssociationDeleteInProgress AssociationStatus = "DELETE_IN_PROGRESS"
	AssociationCreateFailed     AssociationStatus = "CREATE_FAILED"
	AssociationUpdateFailed     AssociationStatus = "UPDATE_FAILED"
	AssociationDeleteFailed     AssociationStatus = "DELETE_FAILED"
)

// Valid reports whether s is a known state (the zero value counts as
// active).
func (s AssociationStatus) Valid() bool {
	switch s {
	case "", AssociationActive, AssociationCreateInProgress, AssociationUpdateInProgress,
		AssociationDeleteInProgress, AssociationCreateFailed, AssociationUpdateFailed,
		AssociationDeleteFailed:
		return true
	}
	return false
}

// String returns the state, "ACTIVE" for the zero value.
func (s AssociationStatus) String() string {
	if s == "" {
		return string(AssociationActive)
	}
	return string(s)
}

// Carries reports whether an association in this state carries traffic.
// vpcsim reads it so: an active association does; one being updated, or
// whose update failed, keeps its previous configuration and does too; one
// being created or deleted, or whose creation or deletion failed, does not.
func (s AssociationStatus) Carries() bool {
	switch s {
	case "", AssociationActive, AssociationUpdateInProgress, AssociationUpdateFailed:
		return true
	}
	return false
}

// PrivateDNSPreference selects the custom domain names for which VPC
// Lattice manages a private hosted zone in a consumer VPC.
type PrivateDNSPreference string

// Private DNS preferences, spelled as in the AWS API. The zero value means
// [DNSVerifiedDomainsOnly], the AWS default.
const (
	DNSVerifiedDomainsOnly         PrivateDNSPreference = "VERIFIED_DOMAINS_ONLY"
	DNSAllDomains                  PrivateDNSPreference = "ALL_DOMAINS"
	DNSVerifiedAndSpecifiedDomains PrivateDNSPreference = "VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS"
	DNSSpecifiedDomainsOnly        PrivateDNSPreference = "SPECIFIED_DOMAINS_ONLY"
)

// Valid reports whether p is a known preference (the zero value counts as
// [DNSVerifiedDomainsOnly]).
func (p PrivateDNSPreference) Valid() bool {
	switch p {
	case "", DNSVerifiedDomainsOnly, DNSAllDomains, DNSVerifiedAndSpecifiedDomains, DNSSpecifiedDomainsOnly:
		return true
	}
	return false
}

// String returns the preference, "VERIFIED_DOMAINS_ONLY" for the zero value.
func (p PrivateDNSPreference) String() string {
	if p == "" {
		return string(DNSVerifiedDomainsOnly)
	}
	return string(p)
}

// UsesSpecifiedDomains reports whether the preference takes a list of
// specified domains.
func (p PrivateDNSPreference) UsesSpecifiedDomains() bool {
	return p == DNSVerifiedAndSpecifiedDomains || p == DNSSpecifiedDomainsOnly
}

// DNSOptions choose which custom domain names get a Lattice-managed private
// hosted zone in the associated VPC. They apply only with private DNS on.
type DNSOptions struct {
	PrivateDNSPreference PrivateDNSPreference `json:"privateDnsPreference,omitempty"`
	// SpecifiedDomains are 1–10 domain names ("my.example.com" or
	// "*.example.com"), for the two preferences that take them.
	SpecifiedDomains []string `json:"specifiedDomains,omitempty"`
}

// ServiceNetworkVPCAssociation connects a VPC to a service network, making
// every client in the VPC a client of the network. A VPC has at most one
// such association; to reach more networks it uses service-network
// endpoints.
type ServiceNetworkVPCAssociation struct {
	ID             string `json:"id"`
	ServiceNetwork string `json:"serviceNetwork"`
	VPC            string `json:"vpc"`
	// SecurityGroups are 0–5 groups of the VPC deciding which clients may
	// use the network. None means no such check; AWS adds none by default,
	// and once an association has groups it keeps at least one.
	SecurityGroups []string `json:"securityGroups,omitempty"`
	// PrivateDNSEnabled, when set, overrides the AWS default for whether
	// Lattice manages private hosted zones for custom domain names in the
	// VPC. Nil means the default, which vpcsim takes as enabled.
	PrivateDNSEnabled *bool             `json:"privateDnsEnabled,omitempty"`
	DNSOptions        *DNSOptions       `json:"dnsOptions,omitempty"`
	Status            AssociationStatus `json:"status,omitempty"`
	Tags              map[string]string `json:"tags,omitempty"`
}

// PrivateDNS reports whether private DNS is on for the association.
func (a ServiceNetworkVPCAssociation) PrivateDNS() bool {
	return a.PrivateDNSEnabled == nil || *a.PrivateDNSEnabled
}

// ServiceNetworkServiceAssociation puts a service in a service network,
// making it reachable by the network's clients. A service may be in many
// networks. The caller creating it must own the service or the network.
type ServiceNetworkServiceAssociation struct {
	ID             string            `json:"id"`
	ServiceNetwork string            `json:"serviceNetwork"`
	Service        string            `json:"service"`
	Status         AssociationStatus `json:"status,omitempty"`
	Tags           map[string]string `json:"tags,omitempty"`
}

// ServiceNetworkResourceAssociation puts a resource configuration in a
// service network, making it reachable by the network's clients.
type ServiceNetworkResourceAssociation struct {
	ID                    string `json:"id"`
	ServiceNetwork        string `json:"serviceNetwork"`
	ResourceConfiguration string `json:"resourceConfiguration"`
	// PrivateDNSEnabled overrides, for this resource configuration, the
	// private DNS setting of every VPC association and service-network
	// endpoint of the network: off here means no private hosted zone in
	// any of them. Nil means the default, which vpcsim takes as enabled
	// (for ARN resource configurations AWS always enables it).
	PrivateDNSEnabled *bool             `json:"privateDnsEnabled,omitempty"`
	Status            AssociationStatus `json:"status,omitempty"`
	Tags              map[string]string `json:"tags,omitempty"`
}

// PrivateDNS reports whether private DNS is on for the association.
func (a ServiceNetworkResourceAssociation) PrivateDNS() bool {
	return a.PrivateDNSEnabled == nil || *a.PrivateDNSEnabled
}
