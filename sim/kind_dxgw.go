package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the Direct Connect gateway and its virtual
// interfaces: their checks, their compiled form, and their forwarding
// functions, which carry a packet between an on-premises network's
// virtual interface and the virtual private gateway or transit gateway
// the Direct Connect gateway associates, never between two associated
// gateways or two virtual interfaces.

// dxgwIdx indexes Model.dxgws, vifIdx Model.vifs.
type (
	dxgwIdx int32
	vifIdx  int32
)

const noVIF vifIdx = -1

func (dxgwIdx) kind() kind { return kindDXGW }
func (vifIdx) kind() kind  { return kindVIF }

// cDXGW is a compiled Direct Connect gateway.
type cDXGW struct {
	id     string
	assocs []cDXAssoc
	vifs   []vifIdx // its virtual interfaces, in ID order
}

// cDXAssoc is an association of a Direct Connect gateway with a virtual
// private gateway or (att set by the transit gateway's step) a transit
// gateway.
type cDXAssoc struct {
	gateway string // the associated gateway's ID
	vgw     vgwIdx
	att     tgwAttIdx // the transit gateway's attachment of this Direct Connect gateway
	// allowed are the allowed prefixes; nil for a virtual private gateway
	// association that declares none (its VPC's CIDRs).
	allowed []netip.Prefix
}

// cVIF is a compiled virtual interface.
type cVIF struct {
	id      string
	transit bool
	net     onPremIdx
	dxgw    dxgwIdx
	routes  []netip.Prefix // advertised by the on-premises router
	up      bool
	// to, from and via explain the crossing of the interface to and from
	// its Direct Connect gateway, and the gateway's choice of it.
	to, from, via string
}

func (v *validator) checkDXGW(r vres, _ int, g *vpc.DirectConnectGateway) {
	var vgws, tgws int
	seen := map[string]int{}
	type allowed struct {
		p     netip.Prefix
		assoc int
	}
	var prefixes []allowed
	for i, a := range g.Associations {
		base := fmt.Sprintf("associations[%d]", i)
		if a.Gateway == "" {
			r.errf(base+".gateway", ErrInvalidValue, "required: want the id of a virtual private gateway or transit gateway")
			continue
		}
		if j, dup := seen[a.Gateway]; dup {
			r.errf(base+".gateway", ErrConflict, "%q is already associated at associations[%d]", a.Gateway, j)
			continue
		}
		seen[a.Gateway] = i
		k, ok := v.ids[a.Gateway]
		switch {
		case !ok:
			r.errf(base+".gateway", ErrUnknownResource, "no virtual private gateway or transit gateway %q is declared", a.Gateway)
			continue
		case k.kind == kindVGW:
			vgws++
			gw := &v.n.VPNGateways[k.i]
			if gw.VPC == "" {
				r.errf(base+".gateway", ErrInvalidValue, "virtual private gateway %q is not attached to a vpc: AWS associates only an attached one", a.Gateway)
			}
			r.claim(base+".gateway", singletonKey{"dx association", a.Gateway},
				fmt.Sprintf("virtual private gateway %q is already associated with a direct connect gateway", a.Gateway))
		case k.kind == kindTGW:
			tgws++
			if len(a.AllowedPrefixes) == 0 {
				r.errf(base+".allowedPrefixes", ErrInvalidValue, "required for a transit gateway association: want the prefixes to advertise to on premises")
			}
			n := 0
			for _, x := range v.n.TransitGatewayAttachments {
				if x.DirectConnectGateway == r.id && x.TransitGateway == a.Gateway {
					n++
				}
			}
			if n == 0 {
				r.errf(base+".gateway", ErrInvalidValue, "no transit gateway attachment of %q names this direct connect gateway: "+
					"declare the attachment AWS creates with the association (directConnectGateway %q)", a.Gateway, r.id)
			}
		default:
			r.errf(base+".gateway", ErrUnknownResource, "%q is a %s, want a virtual private gateway or transit gateway", a.Gateway, k.kind)
			continue
		}
		for j, p := range a.AllowedPrefixes {
			field := fmt.Sprintf("%s.allowedPrefixes[%d]", base, j)
			if !r.prefix(field, p, requiredCIDRRule) {
				continue
			}
			for _, q := range prefixes {
				if q.p.Overlaps(p) {
					r.errf(field, ErrOverlap, "%s overlaps %s of associations[%d]: the allowed prefixes of a direct connect gateway's associations must not overlap",
						p, q.p, q.assoc)
				}
			}
			prefixes = append(prefixes, allowed{p, i})
		}
	}
	if vgws > 0 && tgws > 0 {
		r.errf("associations", ErrConflict, "a direct connect gateway is associated with virtual private gateways or with transit gateways, not both")
	}
}

func (v *validator) checkVIF(r vres, _ int, x *vpc.VirtualInterface) {
	if !x.Type.Valid() {
		r.errf("type", ErrInvalidValue, "%q: want private or transit", x.Type)
	}
	r.ref("network", kindOnPrem, x.Network, true)
	if j, ok := r.ref("directConnectGateway", kindDXGW, x.DirectConnectGateway, true); ok && x.Type.Valid() {
		for _, a := range v.n.DirectConnectGateways[j].Associations {
			k, ok := v.ids[a.Gateway]
			if ok && k.kind == kindTGW && x.Type == vpc.PrivateVirtualInterface {
				r.errf("type", ErrConflict, "direct connect gateway %q is associated with transit gateway %q: it takes transit virtual interfaces, not private ones",
					x.DirectConnectGateway, a.Gateway)
				break
			}
			if ok && k.kind == kindVGW && x.Type == vpc.TransitVirtualInterface {
				r.errf("type", ErrConflict, "direct connect gateway %q is associated with virtual private gateway %q: it takes private virtual interfaces, not transit ones",
					x.DirectConnectGateway, a.Gateway)
				break
			}
		}
	}
	for i, p := range x.Routes {
		r.prefix(fmt.Sprintf("routes[%d]", i), p, requiredCIDRRule)
	}
	if !x.BGPStatus.Valid() {
		r.errf("bgpStatus", ErrInvalidValue, "%q: want up or down", x.BGPStatus)
	}
}

// compileDXGWs compiles the Direct Connect gateways and their virtual
// interfaces, then what the virtual private gateways learn (their VPN
// connections are compiled already).
func compileDXGWs(c *compiler) {
	m := c.m
	for i, g := range sortedBy(c.n.DirectConnectGateways, func(g vpc.DirectConnectGateway) string { return g.ID }) {
		G := cDXGW{id: g.ID}
		for _, a := range g.Associations {
			x := cDXAssoc{gateway: a.Gateway, vgw: noVGW, att: noAttachment}
			if len(a.AllowedPrefixes) > 0 {
				x.allowed = slices.Clone(a.AllowedPrefixes)
			}
			if k, ok := lookup[vgwIdx](m, a.Gateway); ok {
				x.vgw = k
			}
			G.assocs = append(G.assocs, x)
		}
		m.dxgws = append(m.dxgws, G)
		add(c, g.ID, dxgwIdx(i))
	}
	for i, x := range sortedBy(c.n.VirtualInterfaces, func(x vpc.VirtualInterface) string { return x.ID }) {
		F := cVIF{id: x.ID, transit: x.Type == vpc.TransitVirtualInterface, net: indexOf[onPremIdx](c, x.Network),
			dxgw: indexOf[dxgwIdx](c, x.DirectConnectGateway), routes: x.Routes, up: x.BGPStatus.IsUp()}
		m.vifs = append(m.vifs, F)
		add(c, x.ID, vifIdx(i))
		m.dxgws[F.dxgw].vifs = append(m.dxgws[F.dxgw].vifs, vifIdx(i))
	}
	learnVGWRoutes(c)
}

// vifIn carries a packet from an on-premises network over the virtual
// interface of route l, through its Direct Connect gateway, to the
// association that advertised l.
func (w *walker) vifIn(l *cLearned, p pkt) {
	m := w.m
	F := &m.vifs[l.vif]
	if !w.vifUp(F) {
		return
	}
	G := &m.dxgws[F.dxgw]
	w.hop(kindVIF, F.id, StepVirtualInterface, func() string { return F.to }, p)
	if w.loop(kindDXGW, G.id) {
		return
	}
	if l.vgw != noVGW {
		w.hop(kindDXGW, G.id, StepRoute, func() string { return l.assoc }, p)
		w.vgwIn(l.vgw, p)
		return
	}
	w.hop(kindDXGW, G.id, StepRoute, func() string { return l.assoc }, p)
	w.tgwFrom(l.att, p)
}

// vifOut carries a packet from a virtual private gateway over virtual
// interface f to its on-premises network, through its Direct Connect
// gateway.
func (w *walker) vifOut(f vifIdx, p pkt) {
	m := w.m
	F := &m.vifs[f]
	G := &m.dxgws[F.dxgw]
	if w.loop(kindDXGW, G.id) {
		return
	}
	w.hop(kindDXGW, G.id, StepRoute, func() string { return F.via }, p)
	if !w.vifUp(F) {
		return
	}
	w.hop(kindVIF, F.id, StepVirtualInterface, func() string { return F.from }, p)
	w.toOnPrem(F.net, p)
}

// dxgwOut is the Direct Connect gateway's forwarding function for a packet
// from a transit gateway attachment: to the transit virtual interface
// whose advertised prefixes match the destination, longest first (then
// the lowest ID).
func (w *walker) dxgwOut(g dxgwIdx, p pkt) {
	m := w.m
	G := &m.dxgws[g]
	if w.loop(kindDXGW, G.id) {
		return
	}
	w.touch(refOf(g))
	best, bestBits, down := noVIF, -1, noVIF
	for _, f := range G.vifs {
		F := &m.vifs[f]
		if !F.transit {
			continue
		}
		for _, r := range F.routes {
			if !r.Contains(p.dst) {
				continue
			}
			if !F.up {
				if down == noVIF {
					down = f
				}
				continue
			}
			if r.Bits() > bestBits {
				best, bestBits = f, r.Bits()
			}
		}
	}
	if best == noVIF {
		if down != noVIF {
			w.fail(ConnectionDown, kindDXGW, G.id, StepRoute, func() string {
				return fmt.Sprintf("%s would send %s over %s, whose BGP session is down", G.id, p.dst, m.vifs[down].id)
			})
			return
		}
		w.fail(NoRoute, kindDXGW, G.id, StepRoute, func() string {
			return fmt.Sprintf("no transit virtual interface of %s advertises %s", G.id, p.dst)
		})
		return
	}
	F := &m.vifs[best]
	w.hop(kindDXGW, G.id, StepRoute, func() string { return F.via }, p)
	w.hop(kindVIF, F.id, StepVirtualInterface, func() string { return F.from }, p)
	w.toOnPrem(F.net, p)
}

// dxgwNoTransit fails a walk that transit gateway routing sends back into
// the Direct Connect gateway attachment it came in through: from one of
// the gateway's virtual interfaces to another, which a Direct Connect
// gateway does not carry (Direct Connect User Guide, "Transit gateway
// associations": it supports traffic between its transit virtual
// interfaces and its associated transit gateways; "Virtual private
// gateway associations": not between its virtual interfaces).
func (w *walker) dxgwNoTransit(g dxgwIdx, p pkt) {
	G := &w.m.dxgws[g]
	w.fail(NonTransitive, kindDXGW, G.id, StepRoute, func() string {
		return fmt.Sprintf("the route to %s leads back into %s, through which the flow came in from one of its virtual interfaces: a Direct Connect gateway does not route between its virtual interfaces",
			p.dst, G.id)
	})
}

// vifUp reports whether virtual interface F carries traffic, failing the
// walk when its BGP session is down.
func (w *walker) vifUp(F *cVIF) bool {
	if F.up {
		return true
	}
	w.fail(ConnectionDown, kindVIF, F.id, StepVirtualInterface, func() string {
		return fmt.Sprintf("the BGP session of %s is down", F.id)
	})
	return false
}

// vifString describes the crossing of a virtual interface, dir "to" or
// "from" its Direct Connect gateway.
func (m *Model) vifString(F *cVIF, dir string) string {
	t := "private"
	if F.transit {
		t = "transit"
	}
	return fmt.Sprintf("Direct Connect %s virtual interface %s %s", t, dir, m.dxgws[F.dxgw].id)
}

// dxgwDests appends the bounds of the prefixes Direct Connect gateway g's
// virtual interfaces advertise.
func dxgwDests(m *Model, g int32, out []netip.Addr) []netip.Addr {
	for _, f := range m.dxgws[g].vifs {
		for _, p := range m.vifs[f].routes {
			out = appendPrefixBounds(out, p)
		}
	}
	return out
}

// dxgwNodes adds a graph node for each Direct Connect gateway.
func dxgwNodes(g *graphBuilder) {
	for i, x := range g.m.dxgws {
		g.add(refOf(dxgwIdx(i)), x.id)
	}
}

// dxgwEdges joins a Direct Connect gateway to the on-premises networks of
// its virtual interfaces that are up, and to its associated gateways, both
// ways.
func dxgwEdges(g *graphBuilder) {
	m := g.m
	for i, x := range m.dxgws {
		n := g.node(refOf(dxgwIdx(i)))
		both := func(o int32) { g.edge(n, o); g.edge(o, n) }
		for _, f := range x.vifs {
			if F := &m.vifs[f]; F.up && F.net != noOnPrem {
				both(g.node(refOf(F.net)))
			}
		}
		for _, a := range x.assocs {
			switch {
			case a.vgw != noVGW:
				both(g.node(refOf(a.vgw)))
			case a.att != noAttachment:
				both(g.node(refOf(m.tgwAtts[a.att].tgw)))
			}
		}
	}
}

// dxgwLabel describes Direct Connect gateway g: its virtual interfaces.
func dxgwLabel(m *Model, g int32) []string {
	G := &m.dxgws[g]
	l := []string{G.id, "Direct Connect gateway"}
	var ids []string
	for _, f := range G.vifs {
		s := m.vifs[f].id
		if !m.vifs[f].up {
			s += " (down)"
		}
		ids = append(ids, s)
	}
	if len(ids) > 0 {
		l = append(l, "virtual interfaces "+strings.Join(ids, ", "))
	}
	return l
}
