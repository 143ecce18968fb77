package vpc

import "net/netip"

// InternetGateway connects a VPC to the internet and translates, one to one,
// between the public (or Elastic) IPv4 address of a network interface and its
// private address. IPv6 addresses pass untranslated.
type InternetGateway struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// VPC is the attached VPC; empty means detached, which carries nothing.
	VPC  string            `json:"vpc,omitempty"`
	Tags map[string]string `json:"tags,omitempty"`
}

// EgressOnlyInternetGateway lets IPv6 traffic out of a VPC and its replies
// back in, but nothing initiated from the internet.
type EgressOnlyInternetGateway struct {
	ID   string            `json:"id"`
	Name string            `json:"name,omitempty"`
	VPC  string            `json:"vpc"`
	Tags map[string]string `json:"tags,omitempty"`
}

// NATConnectivity is the connectivity type of a NAT gateway.
type NATConnectivity string

// NAT gateway connectivity types.
const (
	NATPublic  NATConnectivity = "public"
	NATPrivate NATConnectivity = "private"
)

// NATGateway translates the source address of outbound TCP, UDP and ICMP
// flows to its own private address. A public NAT gateway has an Elastic IP
// that the internet gateway maps that private address to; a private one has
// none.
type NATGateway struct {
	ID     string `json:"id"`
	Name   string `json:"name,omitempty"`
	Subnet string `json:"subnet"`
	// Connectivity is public (the zero value means public) or private.
	Connectivity NATConnectivity `json:"connectivity,omitempty"`
	// ElasticIP is the public address of a public NAT gateway.
	ElasticIP netip.Addr `json:"elasticIp,omitzero"`
	// PrivateIP is its address in the subnet; when zero, compile assigns one.
	PrivateIP netip.Addr        `json:"privateIp,omitzero"`
	Tags      map[string]string `json:"tags,omitempty"`
}

// IsPrivate reports whether the gateway has private connectivity.
func (n NATGateway) IsPrivate() bool { return n.Connectivity == NATPrivate }
