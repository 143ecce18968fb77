package sim

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the virtual private gateway: its checks, its
// compiled form (with the routes it learns from its VPN connections and
// Direct Connect virtual interfaces, and those it propagates into route
// tables), and its forwarding functions: out of its VPC to on premises by
// its path selection, and into its VPC from on premises.

// vgwIdx indexes Model.vgws.
type vgwIdx int32

const noVGW vgwIdx = -1

func (vgwIdx) kind() kind { return kindVGW }

// cVGW is a compiled virtual private gateway.
type cVGW struct {
	id  string
	vpc vpcIdx // noVPC when detached
	// routes are the routes it learned over connections that are up, in
	// path-selection order (see learnedOrder); downs those of its
	// connections that are down: static routes, kept in its routing but
	// not usable, and BGP routes, withdrawn (for explanations only).
	routes, downs []cLearned
	// edge is its gateway route table, or noRTB.
	edge rtbIdx
	into string // explanation of a packet entering its VPC
}

func (v *validator) checkVGW(r vres, _ int, g *vpc.VPNGateway) {
	if vp := r.vpcRef("vpc", g.VPC, false); vp != nil {
		r.onlyOne("vpc", "a virtual private gateway", g.VPC)
	}
}

// checkVGWTarget checks that a route's virtual private gateway is attached
// to the route table's VPC.
func checkVGWTarget(v *validator, r vres, field string, j int, tid, vpcID string) {
	got := v.n.VPNGateways[j].VPC
	if got == "" {
		r.errf(field, ErrWrongVPC, "virtual private gateway %q is not attached to a vpc: AWS shows a route to a detached gateway "+
			"as a blackhole, so mark the route blackhole, or attach the gateway to vpc %q", tid, vpcID)
		return
	}
	r.targetInVPC(field, kindVGW, tid, got, vpcID)
}

// checkPropagations checks a route table's propagations: virtual private
// gateways attached to its VPC, each once.
func (v *validator) checkPropagations(r vres, t *vpc.RouteTable) {
	seen := map[string]int{}
	for i, g := range t.Propagations {
		field := fmt.Sprintf("propagations[%d]", i)
		if j, dup := seen[g]; dup {
			r.errf(field, ErrInvalidValue, "%q is already listed at propagations[%d]", g, j)
			continue
		}
		seen[g] = i
		j, ok := r.ref(field, kindVGW, g, true)
		if !ok {
			continue
		}
		switch got := v.n.VPNGateways[j].VPC; {
		case got == "":
			r.errf(field, ErrWrongVPC, "virtual private gateway %q is not attached to a vpc: only an attached gateway propagates routes", g)
		default:
			r.sameVPC(field, fmt.Sprintf("virtual private gateway %q", g), got, t.VPC)
		}
	}
}

// compileVGWs compiles the virtual private gateways. Their routes are
// learned once their connections are compiled (learnVGWRoutes).
func compileVGWs(c *compiler) {
	for i, g := range sortedBy(c.n.VPNGateways, func(g vpc.VPNGateway) string { return g.ID }) {
		c.m.vgws = append(c.m.vgws, cVGW{id: g.ID, vpc: indexOf[vpcIdx](c, g.VPC), edge: noRTB})
		add(c, g.ID, vgwIdx(i))
	}
}

// learnVGWRoutes compiles what each virtual private gateway learns: the
// static routes and BGP prefixes of its VPN connections, and the prefixes
// the private virtual interfaces of the Direct Connect gateways it is
// associated with advertise. Its path selection is longest prefix first,
// then Direct Connect, VPN static and VPN BGP routes, in that order, and
// among VPN BGP routes the shortest AS path (AWS Site-to-Site VPN User
// Guide, "Route tables and AWS Site-to-Site VPN route priority").
func learnVGWRoutes(c *compiler) {
	m := c.m
	add := func(g vgwIdx, up, static bool, l cLearned) {
		G := &m.vgws[g]
		if up {
			G.routes = append(G.routes, l)
		} else {
			G.downs = append(G.downs, l)
		}
	}
	for i := range m.vpns {
		V := &m.vpns[i]
		if V.vgw == noVGW {
			continue
		}
		o, as := originVPNBGP, V.asPath
		if V.static {
			o, as = originVPNStatic, 0
		}
		for _, p := range V.routes {
			add(V.vgw, V.up, V.static, cLearned{dst: p, origin: o, asPath: as, vpn: vpnIdx(i), vif: noVIF, vgw: V.vgw, att: noAttachment})
		}
	}
	for i := range m.vifs {
		F := &m.vifs[i]
		if F.transit {
			continue
		}
		for _, a := range m.dxgws[F.dxgw].assocs {
			if a.vgw == noVGW {
				continue
			}
			for _, p := range F.routes {
				if p.Addr().Is4() {
					add(a.vgw, F.up, false, cLearned{dst: p, origin: originDX, vpn: noVPN, vif: vifIdx(i), vgw: a.vgw, att: noAttachment})
				}
			}
		}
	}
	for i := range m.vgws {
		slices.SortStableFunc(m.vgws[i].routes, m.learnedOrder)
		slices.SortStableFunc(m.vgws[i].downs, m.learnedOrder)
	}
}

// propagatedRoutes returns the routes the virtual private gateways props
// propagate into a route table of VPC vi: the destinations they learned
// over connections that are up, but none inside the VPC's CIDRs (the local
// route wins over a propagated route, even a more specific one: AWS
// Site-to-Site VPN User Guide, "Route tables and AWS Site-to-Site VPN
// route priority"), once per destination. A static VPN route stays in a
// gateway's routing while its connection is down; a BGP route is
// withdrawn: withdrawn returns those, which the table keeps only to
// explain a flow they would have carried.
func (c *compiler) propagatedRoutes(vi vpcIdx, props []string) (routes, withdrawn []cRoute) {
	m := c.m
	inVPC := func(p netip.Prefix) bool {
		return slices.ContainsFunc(m.vpcs[vi].blocks(), func(b netip.Prefix) bool { return covers(b, p) })
	}
	for pi, id := range props {
		g := indexOf[vgwIdx](c, id)
		seen := map[netip.Prefix]bool{}
		mk := func(p netip.Prefix) cRoute {
			return cRoute{dst: p, pl: noPL, target: vpc.ToVPNGateway(id), tkind: kindVGW, tidx: int32(g), index: pi, propagated: true}
		}
		for _, l := range m.vgws[g].routes {
			if !seen[l.dst] && !inVPC(l.dst) {
				seen[l.dst] = true
				routes = append(routes, mk(l.dst))
			}
		}
		// A withdrawn BGP route (a Direct Connect one sorts first) must
		// not hide a static route of the same prefix, which stays.
		gone := map[netip.Prefix]bool{}
		for _, l := range m.vgws[g].downs {
			if seen[l.dst] || inVPC(l.dst) {
				continue
			}
			if l.origin == originVPNStatic {
				seen[l.dst] = true
				routes = append(routes, mk(l.dst))
			} else if !gone[l.dst] {
				gone[l.dst] = true
				withdrawn = append(withdrawn, mk(l.dst))
			}
		}
	}
	return routes, withdrawn
}

// vgwCarries reports whether gateway G can carry p at all (it is attached,
// and p is IPv4), failing the walk when not.
func (w *walker) vgwCarries(G *cVGW, p pkt) bool {
	switch {
	case G.vpc == noVPC:
		w.fail(BadState, kindVGW, G.id, StepRoute, func() string { return fmt.Sprintf("%s is not attached to a VPC", G.id) })
		return false
	case p.dst.Is6():
		w.fail(NoRoute, kindVGW, G.id, StepRoute, func() string {
			return fmt.Sprintf("%s does not carry IPv6: virtual private gateways are IPv4 only", G.id)
		})
		return false
	}
	return true
}

// vgwOut is the virtual private gateway's forwarding function for a
// packet leaving its VPC: from an address of the VPC, IPv4, to a prefix
// it learned, over the connection its path selection picks.
func (w *walker) vgwOut(g vgwIdx, p pkt) {
	m := w.m
	G := &m.vgws[g]
	if w.loop(kindVGW, G.id) || !w.vgwCarries(G, p) {
		return
	}
	switch {
	case !m.inVPC(G.vpc, p.src):
		w.fail(NonTransitive, kindVGW, G.id, StepRoute, func() string {
			return fmt.Sprintf("source %s is not an address of %s: a virtual private gateway carries only its VPC's own traffic (no edge-to-edge routing)",
				p.src, m.vpcs[G.vpc].id)
		})
		return
	}
	w.touch(refOf(g))
	L := w.vgwRoute(G, p)
	if L == nil {
		return
	}
	w.hop(kindVGW, G.id, StepRoute, func() string { return L.desc }, p)
	if L.vpn != noVPN {
		w.vpnOut(L.vpn, p)
		return
	}
	w.vifOut(L.vif, p)
}

// vgwRoute returns the route gateway G's path selection picks for p's
// destination among those of its connections that are up, or nil, having
// failed the walk: ConnectionDown when only a connection that is down
// would carry it, else NoRoute.
func (w *walker) vgwRoute(G *cVGW, p pkt) *cLearned {
	m := w.m
	i := lookupLearned(G.routes, p.dst)
	if i >= 0 {
		return &G.routes[i]
	}
	if j := lookupLearned(G.downs, p.dst); j >= 0 {
		w.fail(ConnectionDown, kindVGW, G.id, StepRoute, func() string {
			return fmt.Sprintf("%s would send %s over %s, which is down: %s", G.id, p.dst, m.connID(G.downs[j]), m.connDown(G.downs[j]))
		})
		return nil
	}
	w.fail(NoRoute, kindVGW, G.id, StepRoute, func() string {
		return fmt.Sprintf("%s learned no route to %s over its VPN connections or Direct Connect", G.id, p.dst)
	})
	return nil
}

// vgwRelay is the virtual private gateway's forwarding function for a
// packet from VPN connection from to an address outside its VPC: AWS VPN
// CloudHub (Site-to-Site VPN User Guide, "Providing secure communication
// between sites using VPN CloudHub"). The gateway relays between its VPN
// connections that use BGP, by its path selection; never from or to a
// static connection (CloudHub peers the customer gateways over BGP), and
// never to Direct Connect: a Direct Connect gateway's private virtual
// interfaces do not exchange traffic with the VPN connections of the
// virtual private gateways associated with it (Direct Connect User Guide,
// "Virtual private gateway associations").
func (w *walker) vgwRelay(g vgwIdx, from vpnIdx, p pkt) {
	m := w.m
	G := &m.vgws[g]
	if w.loop(kindVGW, G.id) || !w.vgwCarries(G, p) {
		return
	}
	V := &m.vpns[from]
	if V.static {
		w.fail(NonTransitive, kindVGW, G.id, StepRoute, func() string {
			return fmt.Sprintf("destination %s is not an address of %s, and %s uses static routing: a virtual private gateway relays only between VPN connections that use BGP (VPN CloudHub)",
				p.dst, m.vpcs[G.vpc].id, V.id)
		})
		return
	}
	w.touch(refOf(g))
	L := w.vgwRoute(G, p)
	if L == nil {
		return
	}
	switch {
	case L.vpn == noVPN:
		w.fail(NonTransitive, kindVGW, G.id, StepRoute, func() string {
			return fmt.Sprintf("%s: a virtual private gateway does not relay traffic from a VPN connection (%s) to Direct Connect", L.desc, V.id)
		})
		return
	case L.origin == originVPNStatic:
		w.fail(NonTransitive, kindVGW, G.id, StepRoute, func() string {
			return fmt.Sprintf("%s: a virtual private gateway relays only between VPN connections that use BGP (VPN CloudHub), and %s is static", L.desc, m.vpns[L.vpn].id)
		})
		return
	}
	w.hop(kindVGW, G.id, StepRoute, func() string { return L.desc + ", relayed from " + V.id + " (VPN CloudHub)" }, p)
	w.vpnOut(L.vpn, p)
}

// vgwIn is the virtual private gateway's forwarding function for a packet
// from on premises: to an address of its VPC, routed by its gateway route
// table when it has one, else by the local route.
func (w *walker) vgwIn(g vgwIdx, p pkt) {
	m := w.m
	G := &m.vgws[g]
	if w.loop(kindVGW, G.id) || !w.vgwCarries(G, p) {
		return
	}
	switch {
	case !m.inVPC(G.vpc, p.dst):
		w.fail(NonTransitive, kindVGW, G.id, StepRoute, func() string {
			return fmt.Sprintf("destination %s is not an address of %s: a virtual private gateway delivers only into its VPC", p.dst, m.vpcs[G.vpc].id)
		})
		return
	}
	w.hop(kindVGW, G.id, StepRoute, func() string { return G.into }, p)
	w.edgeIn(kindVGW, G.id, G.vpc, G.edge, p)
}

// vgwDests appends the bounds of the routes virtual private gateway g
// learned.
func vgwDests(m *Model, g int32, out []netip.Addr) []netip.Addr {
	return learnedDests(m.vgws[g].downs, learnedDests(m.vgws[g].routes, out))
}

// vgwNodes adds a graph node for each virtual private gateway.
func vgwNodes(g *graphBuilder) {
	for i, x := range g.m.vgws {
		g.add(refOf(vgwIdx(i)), x.id)
	}
}

// vgwEdges joins an attached virtual private gateway to its VPC's router,
// and its gateway route table's targets.
func vgwEdges(g *graphBuilder) {
	m := g.m
	for i, x := range m.vgws {
		if x.vpc != noVPC {
			n := g.node(refOf(vgwIdx(i)))
			g.edge(n, g.node(refOf(x.vpc)))
			edgeTableEdges(g, n, x.edge)
		}
	}
}

func vgwLabel(m *Model, g int32) []string { return []string{m.vgws[g].id, "virtual private gateway"} }

// vgwPlace puts an attached virtual private gateway in its VPC's cluster.
func vgwPlace(m *Model, g int32) (vpcIdx, subnetIdx) { return m.vgws[g].vpc, noSubnet }

// withdrawnRoute fails a walk leaving subnet S, whose route table T has
// no route for the destination, when a virtual private gateway would have
// propagated one over a connection that is down; it reports whether it
// did.
func (w *walker) withdrawnRoute(S *cSubnet, T *cRTB, p pkt) bool {
	for i := range T.withdrawn {
		r := &T.withdrawn[i]
		if !r.dst.Contains(p.dst) {
			continue
		}
		m := w.m
		G := &m.vgws[r.tidx]
		j := lookupLearned(G.downs, p.dst)
		w.fail(ConnectionDown, kindSubnet, S.id, StepRoute, func() string {
			why := "its connection is down"
			if j >= 0 {
				why = m.connDown(G.downs[j])
			}
			return fmt.Sprintf("no route in %s matches %s: %s would propagate %s, but %s (BGP routes are withdrawn)", T.id, p.dst, G.id, r.dst, why)
		})
		return true
	}
	return false
}
