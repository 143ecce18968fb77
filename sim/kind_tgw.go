package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the transit gateway with its attachments and
// route tables: their checks, their compiled form, and the transit
// gateway's forwarding function, which takes a packet in through the
// sender's attachment subnet and out through the destination attachment's.

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

// cTGWAttach is a compiled transit gateway attachment to a VPC.
type cTGWAttach struct {
	id      string
	tgw     tgwIdx
	vpc     vpcIdx
	subnets []subnetIdx // one per AZ, in AZ order
	rtb     tgwRTBIdx   // associated route table, or noTGWRTB
	ipv6    bool        // IPv6 support
}

// cTGWRTB is a compiled transit gateway route table.
type cTGWRTB struct {
	id     string
	tgw    tgwIdx
	routes []cTGWRoute // longest prefix first, static before propagated
}

// cTGWRoute is a route of a transit gateway route table: static or
// propagated.
type cTGWRoute struct {
	dst        netip.Prefix
	att        tgwAttIdx // target attachment, or noAttachment for a blackhole
	propagated bool
	index      int    // position in the table's Routes, -1 when propagated
	desc       string // precomputed explanation (tgwRouteString)
}

func (v *validator) checkTGW(r vres, _ int, t *vpc.TransitGateway) {}

func (v *validator) checkTGWAttachment(r vres, _ int, a *vpc.TransitGatewayAttachment) {
	r.ref("transitGateway", kindTGW, a.TransitGateway, true)
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
	sameTGW := func(field, id string) {
		if j, ok := r.ref(field, kindTGWRouteTable, id, false); ok {
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
				if got := v.n.TransitGatewayAttachments[j].TransitGateway; got != t.TransitGateway {
					r.errf(base+".attachment", ErrWrongVPC, "attachment %q belongs to transit gateway %q, want %q", x.Attachment, got, t.TransitGateway)
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
// route tables (static routes plus propagated VPC CIDRs), and marks the
// attachment subnets as hops.
func compileTransitGateways(c *compiler) {
	m, n := c.m, c.n
	for i, t := range sortedBy(n.TransitGateways, func(t vpc.TransitGateway) string { return t.ID }) {
		m.tgws = append(m.tgws, cTGW{id: t.ID})
		add(c, t.ID, tgwIdx(i))
	}
	tables := sortedBy(n.TransitGatewayRouteTables, func(t vpc.TransitGatewayRouteTable) string { return t.ID })
	for i, t := range tables {
		m.tgwRTBs = append(m.tgwRTBs, cTGWRTB{id: t.ID, tgw: indexOf[tgwIdx](c, t.TransitGateway)})
		add(c, t.ID, tgwRTBIdx(i))
	}
	atts := sortedBy(n.TransitGatewayAttachments, func(a vpc.TransitGatewayAttachment) string { return a.ID })
	for i, a := range atts {
		x := cTGWAttach{id: a.ID, tgw: indexOf[tgwIdx](c, a.TransitGateway), vpc: indexOf[vpcIdx](c, a.VPC), rtb: noTGWRTB,
			ipv6: a.IPv6Support}
		for _, s := range a.Subnets {
			x.subnets = append(x.subnets, indexOf[subnetIdx](c, s))
		}
		slices.SortFunc(x.subnets, func(p, q subnetIdx) int { return cmp.Compare(m.subnets[p].az, m.subnets[q].az) })
		if a.RouteTable != "" {
			x.rtb = indexOf[tgwRTBIdx](c, a.RouteTable)
		}
		m.tgwAtts = append(m.tgwAtts, x)
		add(c, a.ID, tgwAttIdx(i))
		m.vpcs[x.vpc].tgwAtts = append(m.vpcs[x.vpc].tgwAtts, tgwAttIdx(i))
	}
	for i, t := range tables {
		var rs []cTGWRoute
		for j, r := range t.Routes {
			att := noAttachment
			if !r.Blackhole {
				att = indexOf[tgwAttIdx](c, r.Attachment)
			}
			rs = append(rs, cTGWRoute{dst: r.Destination, att: att, index: j})
		}
		// Propagation in attachment ID order: a CIDR overlapping one
		// already propagated into the table is not propagated (AWS takes
		// the first attached; vpcsim the lowest attachment ID).
		var propagated []netip.Prefix
		for ai, a := range atts {
			if !slices.Contains(a.Propagations, t.ID) {
				continue
			}
			for _, p := range m.vpcs[m.tgwAtts[ai].vpc].blocks() {
				if p.Addr().Is6() && !m.tgwAtts[ai].ipv6 || slices.ContainsFunc(propagated, p.Overlaps) {
					continue
				}
				propagated = append(propagated, p)
				rs = append(rs, cTGWRoute{dst: p, att: tgwAttIdx(ai), propagated: true, index: -1})
			}
		}
		slices.SortStableFunc(rs, func(a, b cTGWRoute) int {
			if c := lpmOrder(a.dst, b.dst); c != 0 {
				return c
			}
			if a.propagated != b.propagated {
				if !a.propagated {
					return -1
				}
				return 1
			}
			if c := a.dst.Addr().Compare(b.dst.Addr()); c != 0 {
				return c
			}
			return cmp.Compare(a.att, b.att)
		})
		m.tgwRTBs[i].routes = rs
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

// tgw is the transit gateway forwarding function for a packet sent from
// subnet from to attachment att through its subnet in (in the sender's
// AZ): that subnet's ACL inbound (even when the sender is in it, as AWS
// documents), the attachment's associated route table, and out through the
// destination attachment's subnet (in the same AZ when it has one), whose
// route table and ACL then apply (not to an instance in that very subnet).
func (w *walker) tgw(att tgwAttIdx, in subnetIdx, p pkt) {
	m := w.m
	A := &m.tgwAtts[att]
	G := &m.tgws[A.tgw]
	if w.loop(kindTGW, G.id) {
		return
	}
	if !w.aclCheck(in, true, p) {
		return
	}
	if A.rtb == noTGWRTB {
		w.fail(NoRoute, kindTGW, G.id, StepTGWRoute, func() string {
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
	T := &m.tgwRTBs[A.rtb]
	w.touch(refOf(A.rtb))
	ri := T.lookup(p.dst)
	if ri < 0 {
		w.fail(NoRoute, kindTGW, G.id, StepTGWRoute, func() string {
			return fmt.Sprintf("no route in %s matches %s", T.id, p.dst)
		})
		return
	}
	r := &T.routes[ri]
	if r.att == noAttachment {
		w.failRef(BlackholeRoute, kindTGW, G.id, StepTGWRoute, m.tgwRouteRef(A.rtb, ri), func() string {
			return m.tgwRouteString(A.rtb, ri)
		})
		return
	}
	B := &m.tgwAtts[r.att]
	if p.dst.Is6() && !B.ipv6 {
		w.failRef(NoRoute, kindTGW, G.id, StepTGWRoute, m.tgwRouteRef(A.rtb, ri), func() string {
			return fmt.Sprintf("%s: %s does not have IPv6 support enabled", m.tgwRouteString(A.rtb, ri), B.id)
		})
		return
	}
	out := m.attachSubnet(r.att, in)
	if out == noSubnet {
		out = B.subnets[0]
	}
	w.hopRef(kindTGW, G.id, StepTGWRoute, m.tgwRouteRef(A.rtb, ri), func() string {
		return m.tgwRouteString(A.rtb, ri) + ": " + A.id + " -> " + B.id + " via " + m.subnets[out].id
	}, p)
	w.leave(out, p, noENI)
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
	case r.propagated:
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

// tgwEdges joins each transit gateway to its attachments' subnets.
func tgwEdges(g *graphBuilder) {
	for _, a := range g.m.tgwAtts {
		for _, s := range a.subnets {
			g.edge(g.node(refOf(a.tgw)), g.node(refOf(s)))
		}
	}
}

func tgwLabel(m *Model, t int32) []string { return []string{m.tgws[t].id, "transit gateway"} }
