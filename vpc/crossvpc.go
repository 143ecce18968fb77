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

// TransitGatewayAttachment attaches a VPC to a transit gateway through one
// subnet per Availability Zone: traffic from an AZ without an attachment
// subnet does not reach the transit gateway.
type TransitGatewayAttachment struct {
	ID             string   `json:"id"`
	Name           string   `json:"name,omitempty"`
	TransitGateway string   `json:"transitGateway"`
	VPC            string   `json:"vpc"`
	Subnets        []string `json:"subnets"`
	// RouteTable is the transit gateway route table the attachment is
	// associated with; it routes the traffic arriving from the attachment.
	// Empty means not associated: such traffic is dropped.
	RouteTable string `json:"routeTable,omitempty"`
	// Propagations are the route tables into which the attachment
	// propagates its VPC's CIDRs.
	Propagations []string `json:"propagations,omitempty"`
	// IPv6Support lets the attachment carry IPv6 and propagate its VPC's
	// IPv6 block (AWS: off by default).
	IPv6Support bool `json:"ipv6Support,omitempty"`
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
