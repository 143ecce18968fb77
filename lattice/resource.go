package lattice

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

// GatewayIPAddressType is the address family of a resource gateway's
// network interfaces.
type GatewayIPAddressType string

// Resource gateway address types, spelled as in the AWS API. The zero
// value means [GatewayIPv4].
const (
	// GatewayIPv4 needs subnets with IPv4 ranges and an IPv4 resource.
	GatewayIPv4 GatewayIPAddressType = "IPV4"
	// GatewayIPv6 needs IPv6-only subnets and an IPv6 resource.
	GatewayIPv6 GatewayIPAddressType = "IPV6"
	// GatewayDualStack needs dual-stack subnets and a resource of either
	// family.
	GatewayDualStack GatewayIPAddressType = "DUALSTACK"
)

// Valid reports whether t is a known type (the zero value counts as IPv4).
func (t GatewayIPAddressType) Valid() bool {
	switch t {
	case "", GatewayIPv4, GatewayIPv6, GatewayDualStack:
		return true
	}
	return false
}

// String returns the type, "IPV4" for the zero value.
func (t GatewayIPAddressType) String() string {
	if t == "" {
		return string(GatewayIPv4)
	}
	return string(t)
}

// HasIPv4 reports whether the gateway's interfaces have IPv4 addresses.
func (t GatewayIPAddressType) HasIPv4() bool { return t != GatewayIPv6 }

// HasIPv6 reports whether the gateway's interfaces have IPv6 addresses.
func (t GatewayIPAddressType) HasIPv6() bool { return t == GatewayIPv6 || t == GatewayDualStack }

// DefaultIPv4AddressesPerENI is how many IPv4 addresses AWS gives each
// network interface of a resource gateway that names no number.
const DefaultIPv4AddressesPerENI = 16

// ResourceGateway is the way into the VPC holding shared resources: network
// interfaces in its subnets, spanning Availability Zones (Lattice may add
// more over time). It does no load balancing. A resource reached through it sees the gateway's
// address in that zone as the source, so the resource's security groups
// must admit the gateway, and the gateway's own security groups must allow
// the traffic out.
type ResourceGateway struct {
	ID      string `json:"id"`
	Name    string `json:"name,omitempty"`
	Account string `json:"account,omitempty"`
	VPC     string `json:"vpc"`
	// Subnets are where its interfaces are; not shared subnets.
	Subnets []string `json:"subnets"`
	// SecurityGroups are 0–5 groups of the VPC; their egress rules decide
	// what the gateway may reach.
	SecurityGroups []string             `json:"securityGroups,omitempty"`
	IPAddressType  GatewayIPAddressType `json:"ipAddressType,omitempty"`
	// IPv4AddressesPerENI is 1–62, fixed at creation; 0 means 16. The
	// addresses translate the consumers' connections, so they bound the
	// concurrent connections to a resource. IPv6 gateways take a /80 per
	// interface instead.
	IPv4AddressesPerENI int `json:"ipv4AddressesPerEni,omitempty"`
	// ResolveInVPC resolves the domain names of domain-name resources with
	// the VPC's DNS (the console's "Resource Config DNS Resolution" set to
	// IN_VPC), for names in private hosted zones or private DNS servers.
	// Off, the names must resolve publicly.
	ResolveInVPC bool              `json:"resolveInVpc,omitempty"`
	Tags         map[string]string `json:"tags,omitempty"`
}

// AddressesPerENI returns IPv4AddressesPerENI, or 16 when it is 0.
func (g ResourceGateway) AddressesPerENI() int {
	if g.IPv4AddressesPerENI == 0 {
		return DefaultIPv4AddressesPerENI
	}
	return g.IPv4AddressesPerENI
}

// ResourceConfigurationType is the kind of a resource configuration.
type ResourceConfigurationType string

// Resource configuration types, spelled as in the AWS API. There is no
// zero default.
const (
	// ResourceSingle is one IP address or domain name, shareable alone.
	ResourceSingle ResourceConfigurationType = "SINGLE"
	// ResourceGroup holds CHILD configurations (up to 60) and is shared as
	// a whole.
	ResourceGroup ResourceConfigurationType = "GROUP"
	// ResourceChild is one IP address or domain name in a group, reachable
	// only through the group.
	ResourceChild ResourceConfigurationType = "CHILD"
	// ResourceARN is an AWS resource named by its ARN (an RDS database);
	// AWS manages its children.
	ResourceARN ResourceConfigurationType = "ARN"
)

// Valid reports whether t is one of the types.
func (t ResourceConfigurationType) Valid() bool {
	switch t {
	case ResourceSingle, ResourceGroup, ResourceChild, ResourceARN:
		return true
	}
	return false
}

// ResourceProtocol is the protocol a resource configuration accepts. Only
// TCP exists.
type ResourceProtocol string

// ResourceTCP is the only resource protocol; the zero value means it.
const ResourceTCP ResourceProtocol = "TCP"

// Valid reports whether p is TCP or the zero value.
func (p ResourceProtocol) Valid() bool { return p == "" || p == ResourceTCP }

// ResourceConfiguration represents a resource, or a group of them, that
// clients in other VPCs and accounts may reach through a resource gateway:
// from a resource endpoint, or from a service network it is associated
// with. Only TCP, only on its port ranges, and no auth policy applies.
type ResourceConfiguration struct {
	ID      string                    `json:"id"`
	Name    string                    `json:"name,omitempty"`
	Account string                    `json:"account,omitempty"`
	Type    ResourceConfigurationType `json:"type"`
	// ResourceGateway is the gateway of a SINGLE, GROUP or ARN
	// configuration; a CHILD inherits its group's.
	ResourceGateway string `json:"resourceGateway,omitempty"`
	// Group is the GROUP configuration a CHILD belongs to.
	Group string `json:"group,omitempty"`
	// Definition identifies the resource of a SINGLE, CHILD or ARN
	// configuration.
	Definition ResourceDefinition `json:"definition,omitzero"`
	Protocol   ResourceProtocol   `json:"protocol,omitempty"`
	// PortRanges are the TCP ports consumers may use (SINGLE, GROUP and
	// CHILD); connections to other ports are refused. None declared means
	// every port.
	PortRanges []vpc.PortRange `json:"portRanges,omitempty"`
	// AllowShareableServiceNetworks lets the configuration be associated
	// with service networks that are or can be shared with other accounts
	// (the API's allowAssociationToShareableServiceNetwork; off by
	// default), which would make it reachable from them.
	AllowShareableServiceNetworks bool `json:"allowShareableServiceNetworks,omitempty"`
	// CustomDomainName is the one domain name consumers use; Lattice can
	// manage a private hosted zone for it in their VPCs.
	CustomDomainName string `json:"customDomainName,omitempty"`
	// DomainVerified records that the provider verified ownership of
	// CustomDomainName (or GroupDomain), which consumers' private DNS
	// preferences may require.
	DomainVerified bool `json:"domainVerified,omitempty"`
	// GroupDomain is a GROUP's domain, of which its children's custom
	// domain names are subdomains.
	GroupDomain string            `json:"groupDomain,omitempty"`
	Tags        map[string]string `json:"tags,omitempty"`
}

// AllowsPort reports whether consumers may connect to TCP port p.
func (c ResourceConfiguration) AllowsPort(p uint16) bool {
	if len(c.PortRanges) == 0 {
		return true
	}
	for _, r := range c.PortRanges {
		if r.Contains(p) {
			return true
		}
	}
	return false
}

// ResourceDefinition identifies a resource by exactly one of an IP
// address, a domain name or an ARN.
type ResourceDefinition struct {
	// IP is a private IPv4 address (10/8, 100.64/10, 172.16/12,
	// 192.168/16) or an IPv6 address of the VPC.
	IP netip.Addr `json:"ip,omitzero"`
	// DomainName is resolved by the resource gateway (publicly, or in the
	// VPC when the gateway resolves in the VPC).
	DomainName string `json:"domainName,omitempty"`
	// DomainIPAddressType picks the family a domain name resolves to:
	// IPV4 (the zero value) or IPV6; dual-stack is not supported.
	DomainIPAddressType IPAddressType `json:"domainIpAddressType,omitempty"`
	// ResolvesTo are the addresses DomainName resolves to where the
	// resource gateway resolves it, of the DomainIPAddressType family.
	// vpcsim has no DNS of its own: a domain-name resource reaches the
	// addresses declared here (one connection each, as DNS answers
	// rotate), and none declared means the name resolves to nothing
	// vpcsim knows.
	ResolvesTo []netip.Addr `json:"resolvesTo,omitempty"`
	// ARN names an AWS resource (an RDS database that is not publicly
	// accessible).
	ARN string `json:"arn,omitempty"`
}

// DefinitionKind names how a [ResourceDefinition] identifies its resource.
type DefinitionKind string

// Definition kinds.
const (
	DefinitionIP     DefinitionKind = "ip"
	DefinitionDomain DefinitionKind = "domain"
	DefinitionARN    DefinitionKind = "arn"
)

// Kind returns the first of IP, DomainName and ARN that is set, or "" when
// none is.
func (d ResourceDefinition) Kind() DefinitionKind {
	switch {
	case d.IP.IsValid():
		return DefinitionIP
	case d.DomainName != "":
		return DefinitionDomain
	case d.ARN != "":
		return DefinitionARN
	}
	return ""
}

// ParsePortRanges parses port ranges as the AWS API writes them: each
// element is a port ("443") or a range ("1024-65535"), and elements may
// also be joined with commas ("22,80,8000-8080"). Ports are 1–65535 and a
// range's first port is not above its last.
func ParsePortRanges(elems ...string) ([]vpc.PortRange, error) {
	var out []vpc.PortRange
	for _, e := range elems {
		for _, s := range strings.Split(e, ",") {
			r, err := parsePortRange(strings.TrimSpace(s))
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
	}
	return out, nil
}

func parsePortRange(s string) (vpc.PortRange, error) {
	lo, hi, isRange := strings.Cut(s, "-")
	from, err := parsePort(lo)
	if err != nil {
		return vpc.PortRange{}, fmt.Errorf("port range %q: %w", s, err)
	}
	to := from
	if isRange {
		if to, err = parsePort(hi); err != nil {
			return vpc.PortRange{}, fmt.Errorf("port range %q: %w", s, err)
		}
	}
	if from > to {
		return vpc.PortRange{}, fmt.Errorf("port range %q: first port above last", s)
	}
	return vpc.Ports(from, to), nil
}

func parsePort(s string) (uint16, error) {
	if s == "" || len(s) > 5 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, fmt.Errorf("want a port 1-65535 or a range like 1024-65535")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 65535 {
		return 0, fmt.Errorf("port %s: want 1-65535", s)
	}
	return uint16(n), nil
}

// FormatPortRanges writes port ranges as the AWS API does: "443" or
// "1024-65535" per range (the zero range, meaning every port, as
// "1-65535").
func FormatPortRanges(rs []vpc.PortRange) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		if r.IsZero() {
			r = vpc.Ports(1, 65535)
		}
		if r.From == r.To {
			out[i] = strconv.Itoa(int(r.From))
		} else {
			out[i] = fmt.Sprintf("%d-%d", r.From, r.To)
		}
	}
	return out
}
