package vpc

import (
	"fmt"
	"net/netip"
)

// RouteTable holds the routes of the subnets associated with it. A subnet
// without an explicit association uses its VPC's main table. Every table
// also has one implicit local route per VPC CIDR, which a declared route for
// the same destination replaces.
//
// A table associated with an internet gateway or a virtual private gateway
// (Gateways: an edge association) is a gateway route table: it routes the
// traffic entering the VPC through that gateway, to the local route or to
// a middlebox appliance's network interface.
type RouteTable struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	VPC  string `json:"vpc"`
	// Main marks the VPC's main route table (at most one per VPC).
	Main bool `json:"main,omitempty"`
	// Subnets are the explicit subnet associations.
	Subnets []string `json:"subnets,omitempty"`
	// Gateways are the internet gateway and virtual private gateway of
	// the VPC whose inbound traffic this table routes (edge
	// associations): routes of a gateway route table target the local
	// route or a network interface, for destinations inside the VPC.
	Gateways []string `json:"gateways,omitempty"`
	Routes   []Route  `json:"routes,omitempty"`
	// Propagations are the virtual private gateways whose routes (learned
	// from their VPN connections and Direct Connect virtual interfaces)
	// propagate into the table. A static route wins over a propagated one
	// for the same destination, and a propagated route never wins over
	// the local route, even when more specific.
	Propagations []string          `json:"propagations,omitempty"`
	Tags         map[string]string `json:"tags,omitempty"`
}

// Route sends a destination (a CIDR, or the CIDRs of a managed prefix list)
// to a target.
type Route struct {
	// Destination is an IPv4 or IPv6 CIDR; leave it zero when PrefixList is set.
	Destination netip.Prefix `json:"destination,omitzero"`
	// PrefixList is the ID of a managed prefix list whose entries are the
	// destinations.
	PrefixList string `json:"prefixList,omitempty"`
	Target     Target `json:"target"`
	// Blackhole marks a route whose target is gone; AWS keeps such routes
	// (state "blackhole") and drops what they match. Its target may name a
	// resource that no longer exists.
	Blackhole bool `json:"blackhole,omitempty"`
}

// TargetKind names the kind of resource a route sends traffic to.
type TargetKind string

// Route target kinds.
const (
	TargetLocal             TargetKind = "local"
	TargetInternetGateway   TargetKind = "internet-gateway"
	TargetEgressOnlyGateway TargetKind = "egress-only-internet-gateway"
	TargetNATGateway        TargetKind = "nat-gateway"
	TargetNetworkInterface  TargetKind = "network-interface"
	TargetPeeringConnection TargetKind = "vpc-peering-connection"
	TargetTransitGateway    TargetKind = "transit-gateway"
	// TargetVPCEndpoint names a VPC endpoint: a gateway endpoint's route
	// from its service's prefix list (AWS adds it to the route tables the
	// endpoint lists, and describe output shows it), or a Gateway Load
	// Balancer endpoint.
	TargetVPCEndpoint TargetKind = "vpc-endpoint"
	// TargetVPNGateway names a virtual private gateway of the VPC.
	TargetVPNGateway TargetKind = "virtual-private-gateway"
)

// Target is where a route sends traffic: a kind and the ID of the resource
// (empty for [TargetLocal]).
type Target struct {
	Kind TargetKind `json:"kind"`
	ID   string     `json:"id,omitempty"`
}

// Valid reports whether k is one of the route target kinds.
func (k TargetKind) Valid() bool {
	switch k {
	case TargetLocal, TargetInternetGateway, TargetEgressOnlyGateway, TargetNATGateway,
		TargetNetworkInterface, TargetPeeringConnection, TargetTransitGateway, TargetVPCEndpoint, TargetVPNGateway:
		return true
	}
	return false
}

// String formats the target as "local" or "nat-gateway nat-a".
func (t Target) String() string {
	if t.ID == "" {
		return string(t.Kind)
	}
	return fmt.Sprintf("%s %s", t.Kind, t.ID)
}

// Local is the target of the local route.
func Local() Target { return Target{Kind: TargetLocal} }

// ToInternetGateway targets internet gateway id.
func ToInternetGateway(id string) Target { return Target{TargetInternetGateway, id} }

// ToEgressOnlyGateway targets egress-only internet gateway id.
func ToEgressOnlyGateway(id string) Target { return Target{TargetEgressOnlyGateway, id} }

// ToNATGateway targets NAT gateway id.
func ToNATGateway(id string) Target { return Target{TargetNATGateway, id} }

// ToNetworkInterface targets network interface id (an appliance).
func ToNetworkInterface(id string) Target { return Target{TargetNetworkInterface, id} }

// ToPeeringConnection targets VPC peering connection id.
func ToPeeringConnection(id string) Target { return Target{TargetPeeringConnection, id} }

// ToTransitGateway targets transit gateway id.
func ToTransitGateway(id string) Target { return Target{TargetTransitGateway, id} }

// ToVPCEndpoint targets VPC endpoint id (a gateway endpoint's
// prefix-list route).
func ToVPCEndpoint(id string) Target { return Target{TargetVPCEndpoint, id} }

// ToVPNGateway targets virtual private gateway id.
func ToVPNGateway(id string) Target { return Target{TargetVPNGateway, id} }

// PrefixList is a managed prefix list: a named set of CIDRs that routes and
// security group rules may reference. AWS-managed lists (S3, DynamoDB, VPC
// Lattice, ...) have AWSManaged set.
type PrefixList struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// AddressFamily is "IPv4" or "IPv6"; empty means IPv4.
	AddressFamily string         `json:"addressFamily,omitempty"`
	Entries       []netip.Prefix `json:"entries"`
	// MaxEntries is the list's declared size, which is what it counts for
	// against route and rule quotas; 0 means len(Entries).
	MaxEntries int  `json:"maxEntries,omitempty"`
	AWSManaged bool `json:"awsManaged,omitempty"`
}
