package vpc

import "net/netip"

// This file declares hybrid connectivity: networks outside AWS and the
// Site-to-Site VPN and Direct Connect resources that join them to VPCs and
// transit gateways.

// OnPremNetwork is a network outside AWS, such as a data centre or an
// office, that reaches AWS through Site-to-Site VPN connections (from its
// [CustomerGateway] values) and Direct Connect virtual interfaces
// ([VirtualInterface]). Its hosts are the addresses of its CIDRs.
type OnPremNetwork struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// CIDRs are its address ranges, IPv4 or IPv6 (at least one).
	CIDRs []netip.Prefix    `json:"cidrs"`
	Tags  map[string]string `json:"tags,omitempty"`
}

// CustomerGateway is the device of an on-premises network at its end of
// Site-to-Site VPN connections.
type CustomerGateway struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Network is the on-premises network the gateway stands in.
	Network string            `json:"network"`
	Tags    map[string]string `json:"tags,omitempty"`
}

// VPNGateway is a virtual private gateway: the AWS end of Site-to-Site VPN
// connections and Direct Connect private virtual interfaces for one VPC.
// Route tables of its VPC send traffic to it by static routes
// ([ToVPNGateway]) or by the routes it propagates into them
// ([RouteTable.Propagations]). It carries IPv4 only, and only between its
// VPC's addresses and the prefixes it learned from its connections.
type VPNGateway struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// VPC is the attached VPC; empty means detached, which carries
	// nothing.
	VPC  string            `json:"vpc,omitempty"`
	Tags map[string]string `json:"tags,omitempty"`
}

// LinkStatus says whether a VPN tunnel, or the BGP session of a Direct
// Connect virtual interface, is up. The zero value means up.
type LinkStatus string

// Link states.
const (
	LinkUp   LinkStatus = "up"
	LinkDown LinkStatus = "down"
)

// Valid reports whether s is a known state (the zero value counts as up).
func (s LinkStatus) Valid() bool { return s == "" || s == LinkUp || s == LinkDown }

// IsUp reports whether the link carries traffic.
func (s LinkStatus) IsUp() bool { return s == "" || s == LinkUp }

// VPNTunnel is one of the two IPsec tunnels of a Site-to-Site VPN
// connection.
type VPNTunnel struct {
	// Status is the tunnel's state; the zero value means up.
	Status LinkStatus `json:"status,omitempty"`
}

// VPNConnection is a Site-to-Site VPN connection between a customer gateway
// and either a virtual private gateway or a transit gateway (which then
// reaches it through a [TransitGatewayAttachment] naming the connection).
//
// Its routes are the on-premises prefixes AWS sends into it: with static
// routing, the static routes added to a connection to a virtual private
// gateway (a connection to a transit gateway takes its static routes in
// the transit gateway route tables instead); with BGP, the prefixes the
// customer gateway advertises. A connection whose tunnels are all down
// carries nothing, and its BGP routes are withdrawn.
type VPNConnection struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// CustomerGateway is the customer gateway at the on-premises end.
	CustomerGateway string `json:"customerGateway"`
	// VPNGateway and TransitGateway name the AWS end: exactly one is set.
	VPNGateway     string `json:"vpnGateway,omitempty"`
	TransitGateway string `json:"transitGateway,omitempty"`
	// StaticRoutesOnly selects static routing; the zero value is BGP
	// (dynamic routing), as in AWS.
	StaticRoutesOnly bool `json:"staticRoutesOnly,omitempty"`
	// Routes are the on-premises prefixes the connection carries: its
	// static routes with StaticRoutesOnly, else the prefixes the customer
	// gateway advertises over BGP.
	Routes []netip.Prefix `json:"routes,omitempty"`
	// ASPathPrepends, with BGP, is how many times the customer gateway
	// prepends its AS number to the prefixes it advertises over this
	// connection (AS path prepending, to make it a backup): among BGP
	// routes of one prefix, a virtual private gateway prefers the
	// shortest AS path. Zero for none.
	ASPathPrepends int `json:"asPathPrepends,omitempty"`
	// Tunnels are the connection's two tunnels; empty means both up.
	Tunnels []VPNTunnel       `json:"tunnels,omitempty"`
	Tags    map[string]string `json:"tags,omitempty"`
}

// IsUp reports whether the connection carries traffic: one of its tunnels
// is up (both are when none is declared).
func (c VPNConnection) IsUp() bool {
	if len(c.Tunnels) == 0 {
		return true
	}
	for _, t := range c.Tunnels {
		if t.Status.IsUp() {
			return true
		}
	}
	return false
}

// DirectConnectGateway is a Direct Connect gateway: a global router between
// the virtual interfaces of on-premises networks and the virtual private
// gateways or transit gateways associated with it. It carries traffic
// between the two sides only, never between two associated gateways.
type DirectConnectGateway struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Associations are the virtual private gateways, or the transit
	// gateways, associated with it (not both kinds).
	Associations []DirectConnectAssociation `json:"associations,omitempty"`
	Tags         map[string]string          `json:"tags,omitempty"`
}

// DirectConnectAssociation associates a virtual private gateway or a
// transit gateway with a Direct Connect gateway, with the prefixes the
// Direct Connect gateway advertises to on premises for it.
type DirectConnectAssociation struct {
	// Gateway is the ID of a virtual private gateway or transit gateway.
	Gateway string `json:"gateway"`
	// AllowedPrefixes, for a virtual private gateway, filter what is
	// advertised: each CIDR of its VPC covered by one of them (equal or
	// wider) is advertised; empty means the VPC's CIDRs, as AWS defaults
	// it. For a transit gateway they are required and advertised as they
	// are.
	AllowedPrefixes []netip.Prefix `json:"allowedPrefixes,omitempty"`
}

// VirtualInterfaceType is the type of a Direct Connect virtual interface.
type VirtualInterfaceType string

// Virtual interface types: a private one reaches the virtual private
// gateways associated with its Direct Connect gateway, a transit one the
// transit gateways.
const (
	PrivateVirtualInterface VirtualInterfaceType = "private"
	TransitVirtualInterface VirtualInterfaceType = "transit"
)

// Valid reports whether t is a known type. AWS has no default: the zero
// value is not valid.
func (t VirtualInterfaceType) Valid() bool {
	return t == PrivateVirtualInterface || t == TransitVirtualInterface
}

// VirtualInterface is a Direct Connect virtual interface: the BGP session
// of an on-premises network's router with a Direct Connect gateway over a
// Direct Connect connection.
type VirtualInterface struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Type is private or transit (required).
	Type VirtualInterfaceType `json:"type"`
	// Network is the on-premises network on the customer side.
	Network string `json:"network"`
	// DirectConnectGateway is the Direct Connect gateway it attaches to.
	DirectConnectGateway string `json:"directConnectGateway"`
	// Routes are the prefixes the on-premises router advertises over BGP.
	Routes []netip.Prefix `json:"routes,omitempty"`
	// BGPStatus is the state of its BGP session; the zero value means up.
	// A virtual interface whose session is down carries nothing.
	BGPStatus LinkStatus        `json:"bgpStatus,omitempty"`
	Tags      map[string]string `json:"tags,omitempty"`
}
