package vpc

import "net/netip"

// PeeringStatus is the state of a VPC peering connection. Only an active
// connection carries traffic.
type PeeringStatus string

// Peering connection states. The zero value means active.
const (
	PeeringActive            PeeringStatus = "active"
	PeeringPendingAcceptance PeeringStatus = "pending-acceptance"
	PeeringRejected          PeeringStatus = "rejected"
	PeeringDeleted           PeeringStatus = "deleted"
	PeeringExpired           PeeringStatus = "expired"
	PeeringFailed            PeeringStatus = "failed"
)

// Valid reports whether s is a known state (the zero value counts as
// active).
func (s PeeringStatus) Valid() bool {
	switch s {
	case "", PeeringActive, PeeringPendingAcceptance, PeeringRejected, PeeringDeleted, PeeringExpired, PeeringFailed:
		return true
	}
	return false
}

// IsActive reports whether the connection carries traffic.
func (s PeeringStatus) IsActive() bool { return s == "" || s == PeeringActive }

// PeeringConnection connects two VPCs, possibly in different accounts and
// Regions. It is not transitive: traffic crossing it must come from the
// sending VPC's CIDRs and go to the receiving VPC's CIDRs, so neither side
// can use the other's internet gateway, NAT gateway, gateway endpoints or
// other connections. Both sides need routes to it.
type PeeringConnection struct {
	ID           string            `json:"id"`
	Name         string            `json:"name,omitempty"`
	RequesterVPC string            `json:"requesterVpc"`
	AccepterVPC  string            `json:"accepterVpc"`
	Status       PeeringStatus     `json:"status,omitempty"`
	Tags         map[string]string `json:"tags,omitempty"`
}

// TransitGateway is a regional router between VPC attachments. Traffic from
// an attachment is routed by the one transit gateway route table the
// attachment is associated with.
type TransitGateway struct {
	ID      string `json:"id"`
	Name    string `json:"name,omitempty"`
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
	// SecurityGroupReferencing lets security group rules in one attached
	// VPC reference groups of another attached VPC (off by default; each
	// attachment must also allow it).
	SecurityGroupReferencing bool              `json:"securityGroupReferencing,omitempty"`
	Tags                     map[string]string `json:"tags,omitempty"`
}

// TransitGatewayAttachment attaches a VPC, a Site-to-Site VPN connection, a
// Direct Connect gateway or a peer transit gateway to a transit gateway:
// exactly one of VPC, VPNConnection, DirectConnectGateway and
// PeerTransitGateway is set ([TransitGatewayAttachment.Type]).
//
// A VPC attachment reaches its VPC through one subnet per Availability
// Zone: traffic from an AZ without an attachment subnet does not reach the
// transit gateway. A peering attachment joins two transit gateways, in one
// Region or two: each side associates it with a route table of its own
// (RouteTable on the TransitGateway side, PeerRouteTable on the peer's),
// and only static routes send traffic into it.
type TransitGatewayAttachment struct {
	ID             string `json:"id"`
	Name           string `json:"name,omitempty"`
	TransitGateway string `json:"transitGateway"`
	// VPC is the attached VPC, with Subnets its attachment subnets.
	VPC     string   `json:"vpc,omitempty"`
	Subnets []string `json:"subnets,omitempty"`
	// VPNConnection is the attached Site-to-Site VPN connection (which
	// names this transit gateway as its AWS end).
	VPNConnection string `json:"vpnConnection,omitempty"`
	// DirectConnectGateway is the attached Direct Connect gateway (which
	// lists this transit gateway among its associations).
	DirectConnectGateway string `json:"directConnectGateway,omitempty"`
	// PeerTransitGateway is the other transit gateway of a peering
	// attachment (the accepter; TransitGateway is the requester).
	PeerTransitGateway string `json:"peerTransitGateway,omitempty"`
	// RouteTable is the transit gateway route table the attachment is
	// associated with; it routes the traffic arriving from the attachment.
	// Empty means not associated: such traffic is dropped.
	RouteTable string `json:"routeTable,omitempty"`
	// PeerRouteTable is, for a peering attachment, the route table of the
	// peer transit gateway that the attachment is associated with there:
	// it routes the traffic arriving at the peer. Empty means not
	// associated.
	PeerRouteTable string `json:"peerRouteTable,omitempty"`
	// Propagations are the route tables into which the attachment
	// propagates its routes: a VPC's CIDRs, the prefixes a BGP VPN
	// connection or the transit virtual interfaces of a Direct Connect
	// gateway advertise. A peering attachment propagates nothing.
	Propagations []string `json:"propagations,omitempty"`
	// IPv6Support lets a VPC attachment carry IPv6 and propagate its VPC's
	// IPv6 block (AWS: off by default).
	IPv6Support bool `json:"ipv6Support,omitempty"`
	// ApplianceMode, on a VPC attachment, makes the transit gateway send
	// both directions of a flow through the same Availability Zone of the
	// VPC, as stateful appliances need (AWS: off by default).
	ApplianceMode bool `json:"applianceMode,omitempty"`
	// SecurityGroupReferencingDisabled turns off, for this attachment, the
	// referencing the transit gateway allows (AWS enables it per attachment
	// by default).
	SecurityGroupReferencingDisabled bool              `json:"securityGroupReferencingDisabled,omitempty"`
	Tags                             map[string]string `json:"tags,omitempty"`
}

// TransitGatewayRouteTable holds a transit gateway's static routes; the
// attachments propagating into it add their VPC CIDRs. Lookup is longest
// prefix match; at equal length a static route beats a propagated one.
type TransitGatewayRouteTable struct {
	ID             string            `json:"id"`
	Name           string            `json:"name,omitempty"`
	TransitGateway string            `json:"transitGateway"`
	Routes         []TGWRoute        `json:"routes,omitempty"`
	Tags           map[string]string `json:"tags,omitempty"`
}

// TGWRoute is a static transit gateway route to an attachment, or a
// blackhole that drops what it matches.
type TGWRoute struct {
	Destination netip.Prefix `json:"destination"`
	Attachment  string       `json:"attachment,omitempty"`
	Blackhole   bool         `json:"blackhole,omitempty"`
}

// AttachmentType is what a transit gateway attachment attaches.
type AttachmentType string

// Transit gateway attachment types, as AWS names them.
const (
	AttachVPC                  AttachmentType = "vpc"
	AttachVPN                  AttachmentType = "vpn"
	AttachDirectConnectGateway AttachmentType = "direct-connect-gateway"
	AttachPeering              AttachmentType = "peering"
)

// Type returns what the attachment attaches: the type of the one field
// of VPC, VPNConnection, DirectConnectGateway and PeerTransitGateway that
// is set, or "" when none or several are.
func (a TransitGatewayAttachment) Type() AttachmentType {
	var t AttachmentType
	n := 0
	for _, f := range []struct {
		id string
		t  AttachmentType
	}{{a.VPC, AttachVPC}, {a.VPNConnection, AttachVPN}, {a.DirectConnectGateway, AttachDirectConnectGateway}, {a.PeerTransitGateway, AttachPeering}} {
		if f.id != "" {
			t, n = f.t, n+1
		}
	}
	if n != 1 {
		return ""
	}
	return t
}
