package sim

import (
	"fmt"
	"net/netip"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file validates the resources that join VPCs: peering connections
// and transit gateways with their attachments and route tables.

// mayReference reports whether security group rules in VPC a may name a
// group of VPC b: AWS accepts it across a peering connection between them
// in one Region, or a transit gateway attaching both. Whether the
// reference then matches anything (an active peering, referencing enabled
// on the transit gateway) is decided at compile time.
func (v *validator) mayReference(a, b string) bool {
	region := map[string]string{}
	for _, x := range v.n.VPCs {
		region[x.ID] = x.Region
	}
	for _, p := range v.n.PeeringConnections {
		if (p.RequesterVPC == a && p.AccepterVPC == b || p.RequesterVPC == b && p.AccepterVPC == a) && region[a] == region[b] {
			return true
		}
	}
	attached := map[string]map[string]bool{}
	for _, t := range v.n.TransitGatewayAttachments {
		if attached[t.TransitGateway] == nil {
			attached[t.TransitGateway] = map[string]bool{}
		}
		attached[t.TransitGateway][t.VPC] = true
	}
	for _, vs := range attached {
		if vs[a] && vs[b] {
			return true
		}
	}
	return false
}

// attached reports whether VPC vpcID has an attachment to transit gateway
// tgw.
func (v *validator) attached(vpcID, tgw string) bool {
	for _, a := range v.n.TransitGatewayAttachments {
		if a.VPC == vpcID && a.TransitGateway == tgw {
			return true
		}
	}
	return false
}

func (v *validator) checkPeering(r vres, _ int, p *vpc.PeeringConnection) {
	a := r.vpcRef("requesterVpc", p.RequesterVPC, true)
	b := r.vpcRef("accepterVpc", p.AccepterVPC, true)
	if !p.Status.Valid() {
		r.errf("status", ErrInvalidValue, "%q: want active, pending-acceptance, rejected, deleted, expired or failed", p.Status)
	}
	if a == nil || b == nil {
		return
	}
	if a.ID == b.ID {
		r.errf("accepterVpc", ErrInvalidValue, "a vpc cannot peer with itself (%q)", a.ID)
		return
	}
	if !p.Status.IsActive() && p.Status != vpc.PeeringPendingAcceptance {
		return // rejected, deleted, expired and failed requests constrain nothing
	}
	r.onlyOne("accepterVpc", "a peering connection with vpc "+b.ID, a.ID)
	r.onlyOne("requesterVpc", "a peering connection with vpc "+a.ID, b.ID)
	for _, x := range append(append([]netip.Prefix{}, a.CIDRs...), a.IPv6CIDR) {
		for _, y := range append(append([]netip.Prefix{}, b.CIDRs...), b.IPv6CIDR) {
			if x.IsValid() && y.IsValid() && x.Overlaps(y) {
				r.errf("accepterVpc", ErrOverlap, "vpc %q cidr %s overlaps vpc %q cidr %s: peered vpcs must not overlap", a.ID, x, b.ID, y)
			}
		}
	}
}

func (v *validator) checkTGW(r vres, _ int, t *vpc.TransitGateway) {}

func (v *validator) checkTGWAttachment(r vres, _ int, a *vpc.TransitGatewayAttachment) {
	r.ref("transitGateway", resNameTGW, a.TransitGateway, true)
	vp := r.vpcRef("vpc", a.VPC, true)
	if vp != nil && a.TransitGateway != "" {
		r.onlyOne("vpc", "an attachment to transit gateway "+a.TransitGateway, a.VPC)
	}
	if len(a.Subnets) == 0 {
		r.errf("subnets", ErrInvalidValue, "required: want one subnet per availability zone")
	}
	azs := map[string]string{}
	for i, s := range a.Subnets {
		field := fmt.Sprintf("subnets[%d]", i)
		j, ok := r.ref(field, resNameSubnet, s, true)
		if !ok {
			continue
		}
		sn := &v.n.Subnets[j]
		if vp != nil {
			r.sameVPC(field, fmt.Sprintf("subnet %q", s), sn.VPC, a.VPC)
		}
		if prev, dup := azs[sn.AvailabilityZone]; dup {
			r.errf(field, ErrConflict, "subnet %q is in %s, which already has subnet %q: one subnet per availability zone", s, sn.AvailabilityZone, prev)
			continue
		}
		azs[sn.AvailabilityZone] = s
	}
	sameTGW := func(field, id string) {
		if j, ok := r.ref(field, resNameTGWRTB, id, false); ok {
			if got := v.n.TransitGatewayRouteTables[j].TransitGateway; got != a.TransitGateway {
				r.errf(field, ErrWrongVPC, "route table %q belongs to transit gateway %q, want %q", id, got, a.TransitGateway)
			}
		}
	}
	sameTGW("routeTable", a.RouteTable)
	for i, p := range a.Propagations {
		if p == "" {
			r.errf(fmt.Sprintf("propagations[%d]", i), ErrInvalidValue, "required: want the id of a transit-gateway-route-table")
			continue
		}
		sameTGW(fmt.Sprintf("propagations[%d]", i), p)
	}
}

func (v *validator) checkTGWRouteTable(r vres, _ int, t *vpc.TransitGatewayRouteTable) {
	r.ref("transitGateway", resNameTGW, t.TransitGateway, true)
	seen := map[netip.Prefix]int{}
	for i, x := range t.Routes {
		base := fmt.Sprintf("routes[%d]", i)
		if r.prefix(base+".destination", x.Destination, requiredCIDRRule) {
			if j, dup := seen[x.Destination]; dup {
				r.errf(base+".destination", ErrConflict, "%s is already routed by routes[%d]", x.Destination, j)
			}
			seen[x.Destination] = i
		}
		switch {
		case x.Blackhole && x.Attachment != "":
			r.errf(base+".attachment", ErrInvalidValue, "a blackhole route has no attachment, got %q", x.Attachment)
		case !x.Blackhole:
			if j, ok := r.ref(base+".attachment", resNameTGWAttach, x.Attachment, true); ok {
				if got := v.n.TransitGatewayAttachments[j].TransitGateway; got != t.TransitGateway {
					r.errf(base+".attachment", ErrWrongVPC, "attachment %q belongs to transit gateway %q, want %q", x.Attachment, got, t.TransitGateway)
				}
			}
		}
	}
}
