package reference

import (
	"cmp"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Transit gateways.
//
// AWS facts (Transit Gateway Guide, "How transit gateways work", "Transit
// gateway route tables", "Transit gateway attachments to a VPC", "Network
// ACLs" and "Security group referencing"):
//
//   - A VPC reaches a transit gateway through its attachment, by the
//     attachment's subnet in the Availability Zone of the subnet the
//     packet leaves; from an AZ where the attachment has no subnet the
//     transit gateway cannot be reached. A VPC without an attachment
//     cannot use a route to it.
//   - The packet leaving a subnet meets that subnet's ACL outbound, then
//     the attachment subnet's ACL inbound (both, when the sender is in the
//     attachment subnet itself).
//   - The route table associated with the entering attachment decides:
//     longest prefix first among its static routes and the routes
//     attachments propagate into it (their VPC's CIDRs; the IPv6 block
//     only with IPv6 support on; a CIDR overlapping one already propagated
//     is not propagated again, attachments taken in ID order as the oldest
//     first); at equal length a static route wins; a blackhole route
//     drops. An attachment associated with no table routes nothing.
//   - IPv6 crosses only between attachments with IPv6 support.
//   - The packet leaves through the destination attachment's subnet in
//     the same Availability Zone (else, in the reference as in the engine,
//     its subnet in the first AZ by name) and is then routed as any packet
//     leaving that subnet: delivered at layer 2 to a host there, else by
//     its route table after its ACL outbound.
//   - Security group referencing across a transit gateway works only when
//     the transit gateway has it on and neither attachment turns it off,
//     and only for inbound rules.

func (r *Net) tgw(id string) *vpc.TransitGateway {
	return find(r.n.TransitGateways, id, func(x *vpc.TransitGateway) string { return x.ID })
}

func (r *Net) tgwAttachment(id string) *vpc.TransitGatewayAttachment {
	return find(r.n.TransitGatewayAttachments, id, func(x *vpc.TransitGatewayAttachment) string { return x.ID })
}

// attachmentOf returns VPC v's attachment to transit gateway g, or nil.
func (r *Net) attachmentOf(g, v string) *vpc.TransitGatewayAttachment {
	for i := range r.n.TransitGatewayAttachments {
		if a := &r.n.TransitGatewayAttachments[i]; a.TransitGateway == g && a.VPC == v {
			return a
		}
	}
	return nil
}

// tgwReferencing reports whether some transit gateway with security group
// referencing on attaches VPCs a and b, neither attachment turning it off.
func (r *Net) tgwReferencing(a, b string) bool {
	for _, g := range r.n.TransitGateways {
		if !g.SecurityGroupReferencing {
			continue
		}
		x, y := r.attachmentOf(g.ID, a), r.attachmentOf(g.ID, b)
		if x != nil && y != nil && !x.SecurityGroupReferencingDisabled && !y.SecurityGroupReferencingDisabled {
			return true
		}
	}
	return false
}

// attachmentSubnet returns the attachment's subnet in the Availability
// Zone of subnet from (nil: none), or "": the same physical zone, by AZ
// ID when both subnets declare one (zone names differ between accounts).
func (r *Net) attachmentSubnet(a *vpc.TransitGatewayAttachment, from *vpc.Subnet) string {
	for _, s := range a.Subnets {
		if from != nil && sameZone(r.subnet(s), from) {
			return s
		}
	}
	return ""
}

// tgwRoute is a route of a transit gateway route table: static (index in
// the table's routes) or propagated (index -1, origin saying by what).
type tgwRoute struct {
	dst        netip.Prefix
	index      int
	propagated bool
	// origin orders routes of equal length: static (0), then propagated
	// by a VPC (1), a Direct Connect gateway (2) and a VPN (3)
	// attachment (Transit Gateway Guide, "How transit gateways work",
	// route evaluation order).
	origin     int
	attachment string // "" for a blackhole
}

// tgwRoutes returns the routes of transit gateway route table id, and
// those VPN and Direct Connect gateway attachments would propagate over
// connections that are down (withdrawn).
func (r *Net) tgwRoutes(id string) (out, withdrawn []tgwRoute) {
	for i := range r.n.TransitGatewayRouteTables {
		if t := &r.n.TransitGatewayRouteTables[i]; t.ID == id {
			for j, rt := range t.Routes {
				c := tgwRoute{dst: rt.Destination, index: j}
				if !rt.Blackhole {
					c.attachment = rt.Attachment
				}
				out = append(out, c)
			}
		}
	}
	var atts []*vpc.TransitGatewayAttachment
	for i := range r.n.TransitGatewayAttachments {
		if a := &r.n.TransitGatewayAttachments[i]; slices.Contains(a.Propagations, id) {
			atts = append(atts, a)
		}
	}
	slices.SortFunc(atts, func(a, b *vpc.TransitGatewayAttachment) int { return cmp.Compare(a.ID, b.ID) })
	var propagated []netip.Prefix
	for _, a := range atts {
		put := func(p netip.Prefix, origin int, up bool) {
			x := tgwRoute{dst: p, index: -1, propagated: true, origin: origin, attachment: a.ID}
			if up {
				out = append(out, x)
			} else {
				withdrawn = append(withdrawn, x)
			}
		}
		switch {
		case a.VPNConnection != "":
			// A BGP connection propagates what its customer gateway
			// advertises; a static one nothing.
			for i := range r.n.VPNConnections {
				if c := &r.n.VPNConnections[i]; c.ID == a.VPNConnection && !c.StaticRoutesOnly {
					for _, p := range c.Routes {
						put(p, 3, c.IsUp())
					}
				}
			}
			continue
		case a.DirectConnectGateway != "":
			// What the transit virtual interfaces advertise.
			for i := range r.n.VirtualInterfaces {
				if x := &r.n.VirtualInterfaces[i]; x.DirectConnectGateway == a.DirectConnectGateway && x.Type == vpc.TransitVirtualInterface {
					for _, p := range x.Routes {
						put(p, 2, x.BGPStatus.IsUp())
					}
				}
			}
			continue
		case a.VPC == "":
			continue // a peering attachment propagates nothing
		}
		v := r.vpc(a.VPC)
		cidrs := slices.Clone(v.CIDRs)
		if v.IPv6CIDR.IsValid() && a.IPv6Support {
			cidrs = append(cidrs, v.IPv6CIDR)
		}
		for _, c := range cidrs {
			if slices.ContainsFunc(propagated, c.Overlaps) {
				continue
			}
			propagated = append(propagated, c)
			out = append(out, tgwRoute{dst: c, index: -1, propagated: true, origin: 1, attachment: a.ID})
		}
	}
	return out, withdrawn
}

// bestTGWRoute picks transit gateway route table table's route for a: the
// longest prefix, then by origin (static first), then the lowest
// attachment ID; and when none matches, whether a withdrawn one would.
func (r *Net) bestTGWRoute(table string, a netip.Addr) (best tgwRoute, found, withdrawn bool) {
	routes, gone := r.tgwRoutes(table)
	for _, c := range routes {
		if !c.dst.Contains(a) {
			continue
		}
		if !found || c.dst.Bits() > best.dst.Bits() ||
			c.dst.Bits() == best.dst.Bits() && (c.origin < best.origin || c.origin == best.origin && c.attachment < best.attachment) {
			best, found = c, true
		}
	}
	withdrawn = !found && slices.ContainsFunc(gone, func(c tgwRoute) bool { return c.dst.Contains(a) })
	return best, found, withdrawn
}

// transitGateway carries a packet leaving subnet s across transit
// gateway g.
func (w *walk) transitGateway(g *vpc.TransitGateway, s *vpc.Subnet, p packet) {
	r := w.r
	a := r.attachmentOf(g.ID, s.VPC)
	if a == nil {
		w.fail(sim.BadState)
		return
	}
	in := r.attachmentSubnet(a, s)
	if in == "" {
		w.fail(sim.AZMismatch)
		return
	}
	if w.repeated("tgw", a.ID+">"+in, p) {
		return
	}
	if !r.aclAdmits(in, true, p) {
		w.fail(sim.NACLInbound)
		return
	}
	w.tgwRoute(g.ID, a, a.RouteTable, in, p)
}

// tgwRoute routes a packet that entered transit gateway g from attachment
// a (through subnet in of a VPC attachment, "" for other attachments) by
// route table table, the one a is associated with on g's side, and hands
// it to the destination attachment:
//
//   - a VPC attachment sends it out through its subnet in the zone it
//     entered in, or (from another kind of attachment) in the zone of the
//     destination's subnet, else through its subnet in the first zone by
//     name; with appliance mode, the reply of a flow leaves through the
//     subnet its request left through ("How transit gateways work",
//     appliance mode: one network interface of the VPC for the life of a
//     flow);
//   - a VPN attachment to its connection, a Direct Connect gateway
//     attachment to the gateway's transit virtual interfaces;
//   - a peering attachment across to the peer transit gateway, which
//     routes it again by the table the attachment is associated with on
//     its side (only static routes send traffic into a peering; group
//     references do not cross it).
func (w *walk) tgwRoute(g string, a *vpc.TransitGatewayAttachment, table, in string, p packet) {
	r := w.r
	if w.repeated("tgw-route", g+">"+a.ID+">"+table, p) {
		return
	}
	if table == "" || p.dst.Is6() && a.VPC != "" && !a.IPv6Support {
		w.fail(sim.NoRoute)
		return
	}
	c, ok, withdrawn := r.bestTGWRoute(table, p.dst)
	switch {
	case withdrawn:
		w.fail(sim.ConnectionDown)
		return
	case !ok:
		w.fail(sim.NoRoute)
		return
	case c.attachment == "":
		w.fail(sim.BlackholeRoute)
		return
	}
	b := r.tgwAttachment(c.attachment)
	if p.dst.Is6() && b.VPC != "" && !b.IPv6Support {
		w.fail(sim.NoRoute)
		return
	}
	switch {
	case b.VPNConnection != "":
		w.vpnOut(find(r.n.VPNConnections, b.VPNConnection, func(x *vpc.VPNConnection) string { return x.ID }), p)
		return
	case b.DirectConnectGateway != "":
		if b.ID == a.ID {
			w.fail(sim.NonTransitive) // from one of its virtual interfaces to another
			return
		}
		w.dxgwOut(b.DirectConnectGateway, p)
		return
	case b.PeerTransitGateway != "":
		to, t := b.PeerTransitGateway, b.PeerRouteTable
		if g == b.PeerTransitGateway {
			to, t = b.TransitGateway, b.RouteTable
		}
		p.srcVPC = ""
		w.tgwRoute(to, b, t, "", p)
		return
	}
	var out string
	if pinned, ok := w.pins[b.ID]; ok && b.ApplianceMode && w.reply {
		out = pinned
	} else {
		var from *vpc.Subnet
		if in != "" {
			from = r.subnet(in)
		} else if sid := r.subnetIn(b.VPC, p.dst); sid != "" {
			from = r.subnet(sid)
		}
		out = r.attachmentSubnet(b, from)
		if out == "" {
			subs := slices.Clone(b.Subnets)
			slices.SortFunc(subs, func(x, y string) int {
				return cmp.Compare(r.subnet(x).AvailabilityZone, r.subnet(y).AvailabilityZone)
			})
			out = subs[0]
		}
		if _, ok := w.pins[b.ID]; b.ApplianceMode && !w.reply && !ok {
			w.pins[b.ID] = out
		}
	}
	w.leave(out, p, "")
}
