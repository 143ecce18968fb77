package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"sync"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the transit gateway with its attachments and
// route tables: their checks, their compiled form, and the transit
// gateway's forwarding function, which takes a packet in through the
// sender's attachment (a VPC's subnet, a VPN connection, a Direct Connect
// gateway or a peer transit gateway), routes it by the route table that
// attachment is associated with, and hands it to the destination
// attachment: out through a VPC attachment's subnet, into a VPN
// connection or Direct Connect gateway, or across a peering to the peer
// transit gateway, which routes it again by its own table.

// tgwIdx indexes Model.tgws, tgwAttIdx Model.tgwAtts and tgwRTBIdx
// Model.tgwRTBs.
type (
	tgwIdx    int32
	tgwAttIdx int32
	tgwRTBIdx int32
)

const (
	noAttachment tgwAttIdx = -1
	noTGWRTB     tgwRTBIdx = -1
)

func (tgwIdx) kind() kind    { return kindTGW }
func (tgwAttIdx) kind() kind { return kindTGWAttachment }
func (tgwRTBIdx) kind() kind { return kindTGWRouteTable }

// cTGW is a compiled transit gateway.
type cTGW struct {
	id string
}

// cTGWAttach is a compiled transit gateway attachment.
type cTGWAttach struct {
	id      string
	typ     vpc.AttachmentType
	tgw     tgwIdx
	vpc     vpcIdx      // a VPC attachment's VPC, else noVPC
	subnets []subnetIdx // a VPC attachment's subnets, one per AZ, in AZ order
	rtb     tgwRTBIdx   // associated route table, or noTGWRTB
	ipv6    bool        // IPv6 support (always, but for VPC attachments that lack it)
	// appliance is a VPC attachment's appliance mode.
	appliance bool
	vpn       vpnIdx  // a VPN attachment's connection
	dxgw      dxgwIdx // a Direct Connect gateway attachment's gateway
	// peer and peerRTB are a peering attachment's peer transit gateway
	// and the route table the attachment is associated with there.
	peer    tgwIdx
	peerRTB tgwRTBIdx
}

// cTGWRTB is a compiled transit gateway route table.
type cTGWRTB struct {
	id     string
	tgw    tgwIdx
	routes []cTGWRoute // longest prefix first, static before propagated
	// withdrawn are the routes attachments of connections that are down
	// would propagate.
	withdrawn []cTGWRoute
	// hopTexts keeps the texts of the hops its routes made, by
	// tgwHopKey: they depend on the route and the attachments alone.
	hopTexts *sync.Map
}

// tgwHopKey names a hop a transit gateway route made: the route, the
// attachments the packet came in and left by, and for a VPC attachment
// the subnet it left by.
type tgwHopKey struct {
	ri       int32 // 32-bit fields, without padding: hashed as memory
	from, to tgwAttIdx
	out      subnetIdx
}

// hopText returns the text of the hop route ri of the table made from
// attachment from to attachment to (by subnet out), made by text on
// first use.
func (t *cTGWRTB) hopText(k tgwHopKey, text func() string) string {
	if v, ok := t.hopTexts.Load(k); ok {
		return v.(string)
	}
	v, _ := t.hopTexts.LoadOrStore(k, text())
	return v.(string)
}

// cTGWRoute is a route of a transit gateway route table: static or
// propagated (by a VPC, a Direct Connect gateway or a VPN attachment).
type cTGWRoute struct {
	dst   netip.Prefix
	att   tgwAttIdx // target attachment, or noAttachment for a blackhole
	prop  tgwOrigin
	index int    // position in the table's Routes, -1 when propagated
	desc  string // precomputed explanation (tgwRouteString)
}

// tgwOrigin is where a transit gateway route comes from; at equal prefix
// length a lower one wins (AWS Transit Gateway Guide, "How transit
// gateways work", route evaluation order: static routes, then routes
// propagated by VPC, Direct Connect gateway and VPN attachments).
type tgwOrigin uint8

const (
	tgwStatic tgwOrigin = iota
	tgwFromVPC
	tgwFromDX
	tgwFromVPN
)

// propagated reports whether the route was propagated.
func (r *cTGWRoute) propagated() bool { return r.prop != tgwStatic }

func (v *validator) checkTGW(r vres, _ int, t *vpc.TransitGateway) {}

func (v *validator) checkTGWAttachment(r vres, _ int, a *vpc.TransitGatewayAttachment) {
	r.ref("transitGateway", kindTGW, a.TransitGateway, true)
	sameTGW := func(field, id, tgw string) {
		if j, ok := r.ref(field, kindTGWRouteTable, id, false); ok {
			if got := v.n.TransitGatewayRouteTables[j].TransitGateway; got != tgw {
				r.errf(field, ErrWrongVPC, "route table %q belongs to transit gateway %q, want %q", id, got, tgw)
			}
		}
	}
	if typ := a.Type(); typ == "" {
		r.errf("vpc", ErrInvalidValue, "want exactly one of vpc, vpnConnection, directConnectGateway and peerTransitGateway: what the attachment attaches")
	} else {
		v.checkAttached(r, a, typ, sameTGW)
	}
	sameTGW("routeTable", a.RouteTable, a.TransitGateway)
	for i, p := range a.Propagations {
		if p == "" {
			r.errf(fmt.Sprintf("propagations[%d]", i), ErrInvalidValue, "required: want the id of a transit-gateway-route-table")
			continue
		}
		sameTGW(fmt.Sprintf("propagations[%d]", i), p, a.TransitGateway)
	}
}

// checkAttached checks what attachment a, of type typ, attaches, and the
// fields that belong to other types; sameTGW checks that a route table
// belongs to a transit gateway.
func (v *validator) checkAttached(r vres, a *vpc.TransitGatewayAttachment, typ vpc.AttachmentType, sameTGW func(field, id, tgw string)) {
	notFor := func(field string, set bool, what string) {
		if set {
			r.errf(field, ErrInvalidValue, "%s: not for a %s attachment", what, typ)
		}
	}
	if typ != vpc.AttachVPC {
		notFor("subnets", len(a.Subnets) > 0, "attachment subnets belong to a vpc attachment")
		notFor("ipv6Support", a.IPv6Support, "ipv6 support is an option of a vpc attachment")
		notFor("applianceMode", a.ApplianceMode, "appliance mode is an option of a vpc attachment")
	}
	if typ != vpc.AttachPeering {
		notFor("peerRouteTable", a.PeerRouteTable != "", "the peer's route table is for a peering attachment")
	}
	switch typ {
	case vpc.AttachVPC:
		v.checkVPCAttachment(r, a)
	case vpc.AttachVPN:
		if j, ok := r.ref("vpnConnection", kindVPN, a.VPNConnection, true); ok {
			if got := v.n.VPNConnections[j].TransitGateway; got != a.TransitGateway {
				r.errf("vpnConnection", ErrWrongVPC, "vpn connection %q ends at transit gateway %q, want %q", a.VPNConnection, got, a.TransitGateway)
			}
			r.claim("vpnConnection", singletonKey{"vpn attachment", a.VPNConnection},
				fmt.Sprintf("vpn connection %q already has a transit gateway attachment", a.VPNConnection))
		}
	case vpc.AttachDirectConnectGateway:
		if j, ok := r.ref("directConnectGateway", kindDXGW, a.DirectConnectGateway, true); ok {
			if !slices.ContainsFunc(v.n.DirectConnectGateways[j].Associations, func(x vpc.DirectConnectAssociation) bool {
				return x.Gateway == a.TransitGateway
			}) {
				r.errf("directConnectGateway", ErrInvalidValue, "direct connect gateway %q has no association with transit gateway %q", a.DirectConnectGateway, a.TransitGateway)
			}
			r.claim("directConnectGateway", singletonKey{"dx attachment", a.DirectConnectGateway + " " + a.TransitGateway},
				fmt.Sprintf("direct connect gateway %q already has an attachment to transit gateway %q", a.DirectConnectGateway, a.TransitGateway))
		}
	case vpc.AttachPeering:
		if _, ok := r.ref("peerTransitGateway", kindTGW, a.PeerTransitGateway, true); ok && a.PeerTransitGateway == a.TransitGateway {
			r.errf("peerTransitGateway", ErrInvalidValue, "a transit gateway cannot peer with itself (%q)", a.TransitGateway)
		}
		sameTGW("peerRouteTable", a.PeerRouteTable, a.PeerTransitGateway)
		notFor("propagations", len(a.Propagations) > 0, "a peering attachment propagates no routes (only static routes send traffic into it)")
	}
}

// checkVPCAttachment checks a VPC attachment: its VPC, once per transit
// gateway, and one subnet of it per Availability Zone.
func (v *validator) checkVPCAttachment(r vres, a *vpc.TransitGatewayAttachment) {
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
		j, ok := r.ref(field, kindSubnet, s, true)
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
}

func (v *validator) checkTGWRouteTable(r vres, _ int, t *vpc.TransitGatewayRouteTable) {
	r.ref("transitGateway", kindTGW, t.TransitGateway, true)
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
			if j, ok := r.ref(base+".attachment", kindTGWAttachment, x.Attachment, true); ok {
				a := &v.n.TransitGatewayAttachments[j]
				// A peering attachment belongs to both its transit gateways.
				if a.TransitGateway != t.TransitGateway && !(a.Type() == vpc.AttachPeering && a.PeerTransitGateway == t.TransitGateway) {
					r.errf(base+".attachment", ErrWrongVPC, "attachment %q belongs to transit gateway %q, want %q", x.Attachment, a.TransitGateway, t.TransitGateway)
				}
			}
		}
	}
}

// tgwAttachmentDemand claims the address of each attachment's interface in
// each of its subnets.
func tgwAttachmentDemand(n *Network, claim func(string, ...netip.Addr)) {
	for i := range n.TransitGatewayAttachments {
		for _, s := range n.TransitGatewayAttachments[i].Subnets {
			claim(s)
		}
	}
}

// checkTGWTarget checks that the route table's VPC has an attachment to a
// route's transit gateway.
func checkTGWTarget(v *validator, r vres, field string, _ int, tid, vpcID string) {
	if !v.attached(vpcID, tid) {
		r.errf(field, ErrWrongVPC, "vpc %q has no attachment to transit gateway %q: AWS refuses the route "+
			"(mark it blackhole to keep a route whose attachment is gone)", vpcID, tid)
	}
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

// compileTransitGateways compiles transit gateways, their attachments and
// route tables (static routes plus the routes attachments propagate: VPC
// CIDRs, and the prefixes VPN connections and Direct Connect virtual
// interfaces that are up advertise), and marks the attachment subnets as
// hops.
func compileTransitGateways(c *compiler) {
	m, n := c.m, c.n
	for i, t := range sortedBy(n.TransitGateways, func(t vpc.TransitGateway) string { return t.ID }) {
		m.tgws = append(m.tgws, cTGW{id: t.ID})
		add(c, t.ID, tgwIdx(i))
	}
	tables := sortedBy(n.TransitGatewayRouteTables, func(t vpc.TransitGatewayRouteTable) string { return t.ID })
	for i, t := range tables {
		m.tgwRTBs = append(m.tgwRTBs, cTGWRTB{id: t.ID, tgw: indexOf[tgwIdx](c, t.TransitGateway), hopTexts: new(sync.Map)})
		add(c, t.ID, tgwRTBIdx(i))
	}
	atts := sortedBy(n.TransitGatewayAttachments, func(a vpc.TransitGatewayAttachment) string { return a.ID })
	for i, a := range atts {
		x := cTGWAttach{id: a.ID, typ: a.Type(), tgw: indexOf[tgwIdx](c, a.TransitGateway), vpc: noVPC, rtb: noTGWRTB,
			ipv6: true, vpn: noVPN, dxgw: -1, peer: -1, peerRTB: noTGWRTB}
		if a.RouteTable != "" {
			x.rtb = indexOf[tgwRTBIdx](c, a.RouteTable)
		}
		switch x.typ {
		case vpc.AttachVPC:
			x.vpc, x.ipv6, x.appliance = indexOf[vpcIdx](c, a.VPC), a.IPv6Support, a.ApplianceMode
			for _, s := range a.Subnets {
				x.subnets = append(x.subnets, indexOf[subnetIdx](c, s))
			}
			slices.SortFunc(x.subnets, func(p, q subnetIdx) int { return cmp.Compare(m.subnets[p].az, m.subnets[q].az) })
			m.vpcs[x.vpc].tgwAtts = append(m.vpcs[x.vpc].tgwAtts, tgwAttIdx(i))
		case vpc.AttachVPN:
			x.vpn = indexOf[vpnIdx](c, a.VPNConnection)
			m.vpns[x.vpn].att = tgwAttIdx(i)
		case vpc.AttachDirectConnectGateway:
			x.dxgw = indexOf[dxgwIdx](c, a.DirectConnectGateway)
			for j := range m.dxgws[x.dxgw].assocs {
				if as := &m.dxgws[x.dxgw].assocs[j]; as.gateway == a.TransitGateway {
					as.att = tgwAttIdx(i)
				}
			}
		case vpc.AttachPeering:
			x.peer = indexOf[tgwIdx](c, a.PeerTransitGateway)
			if a.PeerRouteTable != "" {
				x.peerRTB = indexOf[tgwRTBIdx](c, a.PeerRouteTable)
			}
		}
		m.tgwAtts = append(m.tgwAtts, x)
		add(c, a.ID, tgwAttIdx(i))
	}
	for i, t := range tables {
		var rs, withdrawn []cTGWRoute
		for j, r := range t.Routes {
			att := noAttachment
			if !r.Blackhole {
				att = indexOf[tgwAttIdx](c, r.Attachment)
			}
			rs = append(rs, cTGWRoute{dst: r.Destination, att: att, index: j})
		}
		// VPC propagation in attachment ID order: a CIDR overlapping one
		// already propagated into the table is not propagated (AWS takes
		// the first attached; vpcsim the lowest attachment ID).
		var propagated []netip.Prefix
		for ai, a := range atts {
			if !slices.Contains(a.Propagations, t.ID) {
				continue
			}
			A := &m.tgwAtts[ai]
			if A.typ != vpc.AttachVPC {
				up, down := m.hybridPropagation(A, tgwAttIdx(ai))
				rs, withdrawn = append(rs, up...), append(withdrawn, down...)
				continue
			}
			for _, p := range m.vpcs[A.vpc].blocks() {
				if p.Addr().Is6() && !A.ipv6 || slices.ContainsFunc(propagated, p.Overlaps) {
					continue
				}
				propagated = append(propagated, p)
				rs = append(rs, cTGWRoute{dst: p, att: tgwAttIdx(ai), prop: tgwFromVPC, index: -1})
			}
		}
		slices.SortStableFunc(rs, tgwRouteOrder)
		m.tgwRTBs[i].routes = rs
		m.tgwRTBs[i].withdrawn = withdrawn
		for j := range rs {
			rs[j].desc = m.tgwRouteString(tgwRTBIdx(i), j)
		}
	}
	for _, a := range m.tgwAtts {
		for _, s := range a.subnets {
			m.subnets[s].hop = true
		}
	}
}

// tgwRouteOrder orders transit gateway routes for lookup: longest prefix
// first, then by origin (static, then propagated by VPC, Direct Connect
// gateway and VPN attachments), then by address and attachment.
func tgwRouteOrder(a, b cTGWRoute) int {
	if c := lpmOrder(a.dst, b.dst); c != 0 {
		return c
	}
	if c := cmp.Compare(a.prop, b.prop); c != 0 {
		return c
	}
	if c := a.dst.Addr().Compare(b.dst.Addr()); c != 0 {
		return c
	}
	return cmp.Compare(a.att, b.att)
}

// hybridPropagation returns the routes VPN or Direct Connect gateway
// attachment A (index ai) propagates: the prefixes a BGP connection's
// customer gateway advertises (a static one propagates none), or those the
// transit virtual interfaces of the Direct Connect gateway advertise. The
// routes of a connection that is down are withdrawn: they come back apart.
func (m *Model) hybridPropagation(A *cTGWAttach, ai tgwAttIdx) (routes, withdrawn []cTGWRoute) {
	put := func(up bool, r cTGWRoute) {
		if up {
			routes = append(routes, r)
		} else {
			withdrawn = append(withdrawn, r)
		}
	}
	switch A.typ {
	case vpc.AttachVPN:
		if V := &m.vpns[A.vpn]; !V.static {
			for _, p := range V.routes {
				put(V.up, cTGWRoute{dst: p, att: ai, prop: tgwFromVPN, index: -1})
			}
		}
	case vpc.AttachDirectConnectGateway:
		for _, f := range m.dxgws[A.dxgw].vifs {
			if F := &m.vifs[f]; F.transit {
				for _, p := range F.routes {
					put(F.up, cTGWRoute{dst: p, att: ai, prop: tgwFromDX, index: -1})
				}
			}
		}
	}
	return routes, withdrawn
}

// lookup returns the index of the transit gateway route for a, or -1:
// routes are sorted longest prefix first, so the first match wins.
func (t *cTGWRTB) lookup(a netip.Addr) int {
	return slices.IndexFunc(t.routes, func(r cTGWRoute) bool { return r.dst.Contains(a) })
}

// attachmentOf returns VPC v's attachment to transit gateway g, or
// noAttachment.
func (m *Model) attachmentOf(v vpcIdx, g tgwIdx) tgwAttIdx {
	for _, a := range m.vpcs[v].tgwAtts {
		if m.tgwAtts[a].tgw == g {
			return a
		}
	}
	return noAttachment
}

// attachSubnet returns the attachment's subnet in the zone of subnet from
// (see sameZone), or noSubnet.
func (m *Model) attachSubnet(a tgwAttIdx, from subnetIdx) subnetIdx {
	for _, s := range m.tgwAtts[a].subnets {
		if m.sameZone(s, from) {
			return s
		}
	}
	return noSubnet
}

// tgw is the transit gateway forwarding function for a packet sent from a
// subnet to attachment att through its subnet in (in the sender's AZ):
// that subnet's ACL inbound (even when the sender is in it, as AWS
// documents), then the attachment's route table (tgwRoute).
func (w *walker) tgw(att tgwAttIdx, in subnetIdx, p pkt) {
	m := w.m
	A := &m.tgwAtts[att]
	if w.loop(kindTGW, m.tgws[A.tgw].id) {
		return
	}
	if !w.aclCheck(in, true, p) {
		return
	}
	w.tgwRoute(A.tgw, att, A.rtb, in, p)
}

// tgwFrom is the transit gateway forwarding function for a packet arriving
// over VPN or Direct Connect gateway attachment att.
func (w *walker) tgwFrom(att tgwAttIdx, p pkt) {
	m := w.m
	A := &m.tgwAtts[att]
	if w.loop(kindTGW, m.tgws[A.tgw].id) {
		return
	}
	w.tgwRoute(A.tgw, att, A.rtb, noSubnet, p)
}

// tgwPeer carries a packet that transit gateway g routed to peering
// attachment b across to the peer, which routes it by the route table b
// is associated with on its side. Security group references do not cross
// a peering.
func (w *walker) tgwPeer(b tgwAttIdx, g tgwIdx, p pkt) {
	m := w.m
	B := &m.tgwAtts[b]
	to, rtb := B.peer, B.peerRTB
	if g == B.peer {
		to, rtb = B.tgw, B.rtb
	}
	if w.loop(kindTGW, m.tgws[to].id) {
		return
	}
	p.srcVPC = noVPC
	w.tgwRoute(to, b, rtb, noSubnet, p)
}

// tgwRoute routes a packet that entered transit gateway g from attachment
// from, by route table rtb (the attachment's association on g's side),
// and hands it to the destination attachment: out through a VPC
// attachment's subnet (see tgwEgress; in is the subnet the packet entered
// through, noSubnet when it came from another kind of attachment), into a
// VPN connection or Direct Connect gateway, or across a peering.
func (w *walker) tgwRoute(g tgwIdx, from tgwAttIdx, rtb tgwRTBIdx, in subnetIdx, p pkt) {
	m := w.m
	A := &m.tgwAtts[from]
	G := &m.tgws[g]
	if rtb == noTGWRTB {
		w.fail(NoRoute, kindTGW, G.id, StepTGWRoute, func() string {
			if A.typ == vpc.AttachPeering {
				return fmt.Sprintf("%s is not associated with a route table of %s", A.id, G.id)
			}
			return fmt.Sprintf("%s is not associated with a transit gateway route table", A.id)
		})
		return
	}
	if p.dst.Is6() && !A.ipv6 {
		w.fail(NoRoute, kindTGW, G.id, StepTGWRoute, func() string {
			return fmt.Sprintf("%s does not have IPv6 support enabled", A.id)
		})
		return
	}
	T := &m.tgwRTBs[rtb]
	w.touch(refOf(rtb))
	ri := T.lookup(p.dst)
	if ri < 0 {
		if j := slices.IndexFunc(T.withdrawn, func(r cTGWRoute) bool { return r.dst.Contains(p.dst) }); j >= 0 {
			w.fail(ConnectionDown, kindTGW, G.id, StepTGWRoute, func() string {
				return fmt.Sprintf("no route in %s matches %s: %s would propagate %s, but its connection is down (%s)",
					T.id, p.dst, m.tgwAtts[T.withdrawn[j].att].id, T.withdrawn[j].dst, m.attachmentDown(T.withdrawn[j].att))
			})
			return
		}
		w.fail(NoRoute, kindTGW, G.id, StepTGWRoute, func() string {
			return fmt.Sprintf("no route in %s matches %s%s", T.id, p.dst, m.peeringHint(g, p.dst))
		})
		return
	}
	r := &T.routes[ri]
	if r.att == noAttachment {
		w.failRef(BlackholeRoute, kindTGW, G.id, StepTGWRoute, m.tgwRouteRef(rtb, ri), func() string {
			return m.tgwRouteString(rtb, ri)
		})
		return
	}
	B := &m.tgwAtts[r.att]
	if p.dst.Is6() && !B.ipv6 {
		w.failRef(NoRoute, kindTGW, G.id, StepTGWRoute, m.tgwRouteRef(rtb, ri), func() string {
			return fmt.Sprintf("%s: %s does not have IPv6 support enabled", m.tgwRouteString(rtb, ri), B.id)
		})
		return
	}
	if B.typ != vpc.AttachVPC {
		w.hopRef(kindTGW, G.id, StepTGWRoute, m.tgwRouteRef(rtb, ri), func() string {
			return m.tgwRTBs[rtb].hopText(tgwHopKey{int32(ri), from, r.att, noSubnet}, func() string {
				return m.tgwRouteString(rtb, ri) + ": " + A.id + " -> " + B.id
			})
		}, p)
		switch B.typ {
		case vpc.AttachVPN:
			w.vpnOut(B.vpn, p)
		case vpc.AttachDirectConnectGateway:
			if r.att == from {
				w.dxgwNoTransit(B.dxgw, p) // from one of its virtual interfaces to another
				return
			}
			w.dxgwOut(B.dxgw, p)
		case vpc.AttachPeering:
			w.tgwPeer(r.att, g, p)
		}
		return
	}
	out := w.tgwEgress(r.att, in, p)
	w.hopRef(kindTGW, G.id, StepTGWRoute, m.tgwRouteRef(rtb, ri), func() string {
		return m.tgwRTBs[rtb].hopText(tgwHopKey{int32(ri), from, r.att, out}, func() string {
			return m.tgwRouteString(rtb, ri) + ": " + A.id + " -> " + B.id + " via " + m.subnets[out].id + m.egressNote(r.att)
		})
	}, p)
	w.leave(out, p, noENI)
}

// peeringHint explains a missing route on transit gateway g to a
// destination in a VPC attached to a transit gateway peered with it: the
// peering carries only static routes.
func (m *Model) peeringHint(g tgwIdx, dst netip.Addr) string {
	for i := range m.tgwAtts {
		P := &m.tgwAtts[i]
		if P.typ != vpc.AttachPeering || P.tgw != g && P.peer != g {
			continue
		}
		other := P.peer
		if other == g {
			other = P.tgw
		}
		for j := range m.tgwAtts {
			if A := &m.tgwAtts[j]; A.typ == vpc.AttachVPC && A.tgw == other && m.inVPC(A.vpc, dst) {
				return fmt.Sprintf(" (%s is in %s on %s, across peering attachment %s, which only static routes use: routes do not propagate across a peering)",
					dst, m.vpcs[A.vpc].id, m.tgws[other].id, P.id)
			}
		}
	}
	return ""
}

// attachmentDown says why the connection of attachment a is down.
func (m *Model) attachmentDown(a tgwAttIdx) string {
	A := &m.tgwAtts[a]
	if A.typ == vpc.AttachVPN {
		return fmt.Sprintf("every tunnel of %s is down", m.vpns[A.vpn].id)
	}
	return fmt.Sprintf("the BGP sessions of the transit virtual interfaces of %s are down", m.dxgws[A.dxgw].id)
}

func (m *Model) tgwRouteRef(t tgwRTBIdx, i int) RuleRef {
	return RuleRef{Resource: m.tgwRTBs[t].id, List: "routes", Index: m.tgwRTBs[t].routes[i].index}
}

func (m *Model) tgwRouteString(t tgwRTBIdx, i int) string {
	r := &m.tgwRTBs[t].routes[i]
	switch {
	case r.desc != "":
		return r.desc
	case r.att == noAttachment:
		return fmt.Sprintf("%s route %s -> blackhole", m.tgwRTBs[t].id, r.dst)
	case r.propagated():
		return fmt.Sprintf("%s route %s -> %s (propagated)", m.tgwRTBs[t].id, r.dst, m.tgwAtts[r.att].id)
	}
	return fmt.Sprintf("%s route %s -> %s", m.tgwRTBs[t].id, r.dst, m.tgwAtts[r.att].id)
}

// tgwRTBDests appends the bounds of transit gateway route table t's
// destinations.
func tgwRTBDests(m *Model, t int32, out []netip.Addr) []netip.Addr {
	for _, r := range m.tgwRTBs[t].routes {
		out = appendPrefixBounds(out, r.dst)
	}
	return out
}

// tgwNodes adds a graph node for each transit gateway.
func tgwNodes(g *graphBuilder) {
	for i, t := range g.m.tgws {
		g.add(refOf(tgwIdx(i)), t.id)
	}
}

// tgwEdges joins each transit gateway to its attachments' subnets, and
// peered transit gateways both ways.
func tgwEdges(g *graphBuilder) {
	for _, a := range g.m.tgwAtts {
		for _, s := range a.subnets {
			g.edge(g.node(refOf(a.tgw)), g.node(refOf(s)))
		}
		if a.typ == vpc.AttachPeering {
			x, y := g.node(refOf(a.tgw)), g.node(refOf(a.peer))
			g.edge(x, y)
			g.edge(y, x)
		}
	}
}

func tgwLabel(m *Model, t int32) []string { return []string{m.tgws[t].id, "transit gateway"} }
