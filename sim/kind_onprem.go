package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the on-premises network and its customer
// gateways: their checks, their compiled form, what each network learns
// from AWS over its connections, and its forwarding functions, which send
// a packet to AWS over the connection its routes choose and deliver the
// packets that arrive for its addresses.

// onPremIdx indexes Model.onprems, cgwIdx Model.cgws.
type (
	onPremIdx int32
	cgwIdx    int32
)

const noOnPrem onPremIdx = -1

func (onPremIdx) kind() kind { return kindOnPrem }
func (cgwIdx) kind() kind    { return kindCGW }

// cOnPrem is a compiled on-premises network.
type cOnPrem struct {
	id    string
	cidrs []netip.Prefix
	// routes are what the network learns from AWS over its connections
	// that are up, in lookup order (see learnedOrder); downs what it
	// would learn over those that are down, for explanations.
	routes, downs []cLearned
}

// cCGW is a compiled customer gateway.
type cCGW struct {
	id  string
	net onPremIdx
}

// origin is where a learned route comes from. At equal prefix length a
// lower origin is preferred.
type origin uint8

const (
	originDX        origin = iota // a Direct Connect virtual interface (BGP)
	originVPNStatic               // a static route of a VPN connection
	originVPNBGP                  // a prefix advertised over a VPN connection's BGP
)

// cLearned is a route learned over a hybrid connection: by an on-premises
// network from AWS, or by a virtual private gateway from on premises. The
// connection is a VPN connection or a virtual interface; for on-premises
// routes, vgw or att is where AWS takes the packet in.
type cLearned struct {
	dst    netip.Prefix
	origin origin
	// asPath is, for a route learned over a VPN connection's BGP (by a
	// virtual private gateway, or by the site), the AS path length of
	// what the site advertises over it (0 for the others).
	asPath uint8
	vpn    vpnIdx // the connection: a VPN connection, or noVPN and
	vif    vifIdx // a virtual interface
	vgw    vgwIdx // the virtual private gateway at AWS's end, or noVGW
	att    tgwAttIdx
	// from is the prefix the route was derived from when it differs from
	// dst (the allowed prefix covering a VPC CIDR), for explanations.
	from netip.Prefix
	// hub marks a route an on-premises network learns from a virtual
	// private gateway that re-advertises what another site advertised
	// to it (VPN CloudHub).
	hub bool
	// desc and assoc are the precomputed explanations of the route and,
	// for a Direct Connect route of an on-premises network, of the
	// association it leads to (describeHybrid).
	desc, assoc string
}

// learnedOrder orders learned routes for lookup: longest prefix first,
// then by origin (Direct Connect, VPN static, VPN BGP), then by
// connection ID (AWS breaks the remaining ties by BGP attributes vpcsim
// does not model: AS path length, MED).
func (m *Model) learnedOrder(a, b cLearned) int {
	if c := lpmOrder(a.dst, b.dst); c != 0 {
		return c
	}
	if c := cmp.Compare(a.origin, b.origin); c != 0 {
		return c
	}
	if c := cmp.Compare(a.asPath, b.asPath); c != 0 {
		return c // among BGP routes of a VPN connection, the shortest AS path
	}
	if c := strings.Compare(m.connID(a), m.connID(b)); c != 0 {
		return c
	}
	return a.dst.Addr().Compare(b.dst.Addr())
}

// connID names the connection a route was learned over.
func (m *Model) connID(l cLearned) string {
	if l.vpn != noVPN {
		return m.vpns[l.vpn].id
	}
	return m.vifs[l.vif].id
}

// lookupLearned returns the index of the first route of rs matching a, or
// -1.
func lookupLearned(rs []cLearned, a netip.Addr) int {
	for i := range rs {
		if rs[i].dst.Contains(a) {
			return i
		}
	}
	return -1
}

func (v *validator) checkOnPrem(r vres, _ int, n *vpc.OnPremNetwork) {
	if len(n.CIDRs) == 0 {
		r.errf("cidrs", ErrInvalidValue, "required: want the network's address ranges")
	}
	var ok []int
	for i, p := range n.CIDRs {
		field := fmt.Sprintf("cidrs[%d]", i)
		if !r.prefix(field, p, requiredCIDRRule) {
			continue
		}
		for _, j := range ok {
			if p.Overlaps(n.CIDRs[j]) {
				r.errf(field, ErrOverlap, "%s overlaps cidrs[%d] %s", p, j, n.CIDRs[j])
			}
		}
		ok = append(ok, i)
	}
}

func (v *validator) checkCGW(r vres, _ int, g *vpc.CustomerGateway) {
	r.ref("network", kindOnPrem, g.Network, true)
}

// compileOnPrem compiles the on-premises networks and the customer
// gateways. What the networks learn is compiled last (learnOnPrem), once
// the AWS side is.
func compileOnPrem(c *compiler) {
	m := c.m
	for i, n := range sortedBy(c.n.OnPremNetworks, func(n vpc.OnPremNetwork) string { return n.ID }) {
		m.onprems = append(m.onprems, cOnPrem{id: n.ID, cidrs: slices.Clone(n.CIDRs)})
		add(c, n.ID, onPremIdx(i))
	}
	for i, g := range sortedBy(c.n.CustomerGateways, func(g vpc.CustomerGateway) string { return g.ID }) {
		m.cgws = append(m.cgws, cCGW{id: g.ID, net: indexOf[onPremIdx](c, g.Network)})
		add(c, g.ID, cgwIdx(i))
	}
}

// learnOnPrem compiles what each on-premises network learns from AWS:
//
//   - over a VPN connection to a virtual private gateway, the CIDRs of its
//     VPC (advertised over BGP; vpcsim assumes a static connection's
//     customer gateway routes them to it too) and, over a connection that
//     uses BGP, the prefixes the gateway learned over BGP from the
//     customer gateways of other networks' connections that are up, which
//     it re-advertises to each BGP peer (AWS Site-to-Site VPN User Guide,
//     "Providing secure communication between sites using VPN CloudHub");
//     never what it learned over Direct Connect (Direct Connect User
//     Guide, "Virtual private gateway associations": no traffic between
//     a Direct Connect gateway's virtual interfaces and the VPN
//     connections of its associated gateways);
//   - over a VPN connection to a transit gateway, the routes of the transit
//     gateway route table its attachment is associated with (but those
//     back into the connection itself, and blackholes), advertised over
//     BGP or, for a static connection, assumed routed to it;
//   - over a private virtual interface, the CIDRs of the VPCs of the
//     virtual private gateways associated with its Direct Connect gateway
//     that the association's allowed prefixes cover;
//   - over a transit virtual interface, the allowed prefixes of the
//     transit gateway associations of its Direct Connect gateway, as they
//     are.
//
// At equal prefix length a network prefers Direct Connect to VPN, as
// customers configure their routers when Direct Connect is the primary
// path; AWS leaves that choice to them.
func learnOnPrem(c *compiler) {
	m := c.m
	add := func(n onPremIdx, up bool, l cLearned) {
		O := &m.onprems[n]
		if up {
			O.routes = append(O.routes, l)
		} else {
			O.downs = append(O.downs, l)
		}
	}
	for i := range m.vpns {
		V := &m.vpns[i]
		// A site prefers its connections as the gateway does: one it
		// prepends its AS number on is its backup too.
		base := cLearned{origin: originVPNBGP, asPath: V.asPath, vpn: vpnIdx(i), vif: noVIF, vgw: V.vgw, att: V.att}
		if V.static {
			base.origin, base.asPath = originVPNStatic, 0
		}
		switch {
		case V.vgw != noVGW:
			if v := m.vgws[V.vgw].vpc; v != noVPC {
				for _, p := range m.vpcs[v].cidrs {
					l := base
					l.dst = p
					add(V.net, V.up, l)
				}
				if !V.static {
					for _, l := range m.cloudHubRoutes(vpnIdx(i)) {
						add(V.net, V.up, l)
					}
				}
			}
		case V.att != noAttachment:
			if t := m.tgwAtts[V.att].rtb; t != noTGWRTB {
				for _, r := range m.tgwRTBs[t].routes {
					if r.att == noAttachment || r.att == V.att {
						continue
					}
					l := base
					l.dst = r.dst
					add(V.net, V.up, l)
				}
			}
		}
	}
	for i := range m.vifs {
		F := &m.vifs[i]
		for _, a := range m.dxgws[F.dxgw].assocs {
			switch {
			case F.transit && a.att != noAttachment:
				for _, p := range a.allowed {
					add(F.net, F.up, cLearned{dst: p, origin: originDX, vpn: noVPN, vif: vifIdx(i), vgw: noVGW, att: a.att})
				}
			case !F.transit && a.vgw != noVGW:
				v := m.vgws[a.vgw].vpc
				if v == noVPC {
					continue
				}
				for _, p := range m.vpcs[v].cidrs {
					l := cLearned{dst: p, origin: originDX, vpn: noVPN, vif: vifIdx(i), vgw: a.vgw, att: noAttachment}
					if a.allowed == nil {
						add(F.net, F.up, l)
						continue
					}
					for _, ap := range a.allowed {
						if covers(ap, p) {
							l.from = ap
							add(F.net, F.up, l)
							break
						}
					}
				}
			}
		}
	}
	for i := range m.onprems {
		O := &m.onprems[i]
		slices.SortStableFunc(O.routes, m.learnedOrder)
		slices.SortStableFunc(O.downs, m.learnedOrder)
	}
	m.describeHybrid()
}

// cloudHubRoutes returns what the virtual private gateway of VPN
// connection v (attached, v using BGP) re-advertises to its customer
// gateway: each prefix it learned over BGP from another network's
// connection that is up, once (a network never learns back what it
// advertised: BGP loop prevention).
func (m *Model) cloudHubRoutes(v vpnIdx) []cLearned {
	V := &m.vpns[v]
	var out []cLearned
	seen := map[netip.Prefix]bool{}
	for _, l := range m.vgws[V.vgw].routes {
		if l.origin != originVPNBGP || l.vpn == v || m.vpns[l.vpn].net == V.net || seen[l.dst] {
			continue
		}
		seen[l.dst] = true
		out = append(out, cLearned{dst: l.dst, origin: originVPNBGP, asPath: V.asPath, vpn: v, vif: noVIF, vgw: V.vgw, att: noAttachment, hub: true})
	}
	return out
}

// describeHybrid precomputes the explanations of the hops of hybrid
// components, so that explained answers format nothing on the way.
func (m *Model) describeHybrid() {
	for i := range m.onprems {
		O := &m.onprems[i]
		for j := range O.routes {
			L := &O.routes[j]
			L.desc = m.learnedString(O.id, L)
			switch {
			case L.vif == noVIF:
			case L.vgw != noVGW:
				L.assoc = "association with " + m.vgws[L.vgw].id
			case L.att != noAttachment:
				L.assoc = fmt.Sprintf("association with %s (%s)", m.tgws[m.tgwAtts[L.att].tgw].id, m.tgwAtts[L.att].id)
			}
		}
	}
	for i := range m.vgws {
		G := &m.vgws[i]
		for j := range G.routes {
			G.routes[j].desc = m.learnedString(G.id, &G.routes[j])
		}
		if G.vpc != noVPC {
			G.into = "into " + m.vpcs[G.vpc].id
		}
	}
	for i := range m.vpns {
		V := &m.vpns[i]
		V.to, V.from = m.tunnelString(V, "to"), m.tunnelString(V, "from")
	}
	for i := range m.vifs {
		F := &m.vifs[i]
		F.to, F.from, F.via = m.vifString(F, "to"), m.vifString(F, "from"), "to virtual interface "+F.id
	}
}

// onPremOf returns the on-premises network whose CIDRs hold a, or noOnPrem
// (severalOnPrem when several do).
func (m *Model) onPremOf(a netip.Addr) onPremIdx {
	found := noOnPrem
	for i := range m.onprems {
		if m.onprems[i].contains(a) {
			if found != noOnPrem {
				return severalOnPrem
			}
			found = onPremIdx(i)
		}
	}
	return found
}

// severalOnPrem says that several on-premises networks hold an address.
const severalOnPrem onPremIdx = -2

func (o *cOnPrem) contains(a netip.Addr) bool {
	return slices.ContainsFunc(o.cidrs, func(p netip.Prefix) bool { return p.Contains(a) })
}

// isNetworkAddr reports whether a is the first address of one of the
// network's CIDRs (wider than /31 or /127).
func (o *cOnPrem) isNetworkAddr(a netip.Addr) bool {
	return slices.ContainsFunc(o.cidrs, func(p netip.Prefix) bool { return p.Addr() == a && p.Bits() < a.BitLen()-1 })
}

// cidrList formats the network's CIDRs.
func (o *cOnPrem) cidrList() string {
	s := make([]string, len(o.cidrs))
	for i, p := range o.cidrs {
		s[i] = p.String()
	}
	return strings.Join(s, ", ")
}

// fromOnPrem is the on-premises network's forwarding function for a packet
// leaving it for AWS (or passing through it): its routes learned from AWS
// choose the connection.
func (w *walker) fromOnPrem(n onPremIdx, p pkt) {
	m := w.m
	O := &m.onprems[n]
	if w.loop(kindOnPrem, O.id) {
		return
	}
	w.touch(refOf(n))
	i := lookupLearned(O.routes, p.dst)
	if i < 0 {
		if j := lookupLearned(O.downs, p.dst); j >= 0 {
			w.fail(ConnectionDown, kindOnPrem, O.id, StepRoute, func() string {
				return fmt.Sprintf("%s would reach %s over %s, which is down: %s", O.id, p.dst, m.connID(O.downs[j]), m.connDown(O.downs[j]))
			})
			return
		}
		w.fail(NotAdvertised, kindOnPrem, O.id, StepRoute, func() string {
			return fmt.Sprintf("%s learns no route to %s from AWS: %s%s", O.id, p.dst, m.advertisedSummary(n), m.onPremTransitHint(n, p.dst))
		})
		return
	}
	L := &O.routes[i]
	w.hop(kindOnPrem, O.id, StepRoute, func() string { return L.desc }, p)
	if L.vpn != noVPN {
		w.vpnIn(L.vpn, p)
		return
	}
	w.vifIn(L, p)
}

// toOnPrem is the forwarding function of on-premises network n for a
// packet arriving over one of its connections: delivered to one of its
// hosts, or routed on (back to AWS) when it is for an address outside
// the network.
func (w *walker) toOnPrem(n onPremIdx, p pkt) {
	m := w.m
	O := &m.onprems[n]
	if !O.contains(p.dst) {
		w.fromOnPrem(n, p)
		return
	}
	if w.goal.onPrem != int32(n)+1 || w.goal.addr != p.dst {
		w.fail(UnknownDestination, kindOnPrem, O.id, StepDeliver, func() string {
			return fmt.Sprintf("arrived at %s, not at the destination", O.id)
		})
		return
	}
	w.hop(kindOnPrem, O.id, StepDeliver, func() string { return "on-premises host" }, p)
	w.ok, w.atENI, w.atSubnet, w.atOnPrem, w.final = true, noENI, noSubnet, int32(n)+1, p
}

// learnedString describes an on-premises route: "dc1 route 10.0.0.0/16
// via dxvif-1 (Direct Connect, allowed prefix 10.0.0.0/8 of dxgw-1)".
func (m *Model) learnedString(owner string, l *cLearned) string {
	var how string
	switch {
	case l.vif != noVIF:
		F := &m.vifs[l.vif]
		how = "Direct Connect, " + m.dxgws[F.dxgw].id
		if l.from.IsValid() {
			how += fmt.Sprintf(" allowed prefix %s", l.from)
		}
	case l.origin == originVPNStatic:
		how = "VPN, static"
	case l.hub:
		how = "VPN, BGP, re-advertised by " + m.vgws[l.vgw].id + " from another site: VPN CloudHub"
	default:
		how = "VPN, BGP"
	}
	return fmt.Sprintf("%s route %s via %s (%s)", owner, l.dst, m.connID(*l), how)
}

// connDown says why the connection of route l carries nothing.
func (m *Model) connDown(l cLearned) string {
	if l.vpn != noVPN {
		return fmt.Sprintf("every tunnel of %s is down", m.vpns[l.vpn].id)
	}
	return fmt.Sprintf("the BGP session of virtual interface %s is down", m.vifs[l.vif].id)
}

// advertisedSummary lists what on-premises network n learns, for a block
// message.
func (m *Model) advertisedSummary(n onPremIdx) string {
	O := &m.onprems[n]
	if len(O.routes) == 0 {
		return "no connection advertises anything to it"
	}
	seen := map[netip.Prefix]bool{}
	var s []string
	for _, l := range O.routes {
		if !seen[l.dst] {
			seen[l.dst] = true
			s = append(s, l.dst.String())
		}
	}
	const most = 8
	if len(s) > most {
		s = append(s[:most], fmt.Sprintf("and %d more", len(s)-most))
	}
	return "it learns " + strings.Join(s, ", ")
}

// learnedDests appends the bounds of the destinations of routes.
func learnedDests(rs []cLearned, out []netip.Addr) []netip.Addr {
	for _, r := range rs {
		out = appendPrefixBounds(out, r.dst)
	}
	return out
}

// onPremDests appends the bounds of the routes on-premises network n
// learns (and those it would over connections that are down).
func onPremDests(m *Model, n int32, out []netip.Addr) []netip.Addr {
	return learnedDests(m.onprems[n].downs, learnedDests(m.onprems[n].routes, out))
}

// onPremNodes adds a graph node for each on-premises network.
func onPremNodes(g *graphBuilder) {
	for i, o := range g.m.onprems {
		g.add(refOf(onPremIdx(i)), o.id)
	}
}

// onPremLabel describes on-premises network n: its CIDRs.
func onPremLabel(m *Model, n int32) []string {
	return []string{m.onprems[n].id, "on premises " + m.onprems[n].cidrList()}
}

// onPremTransitHint explains, when dst is a host of another on-premises
// network, why network n learns no route to it: what joins the two
// networks and why it does not carry the flow ("" when dst is in no
// other network).
func (m *Model) onPremTransitHint(n onPremIdx, dst netip.Addr) string {
	o := m.onPremOf(dst)
	if o < 0 || o == n {
		return ""
	}
	var why []string
	for i := range m.dxgws {
		G := &m.dxgws[i]
		if slices.ContainsFunc(G.vifs, func(f vifIdx) bool { return m.vifs[f].net == n }) &&
			slices.ContainsFunc(G.vifs, func(f vifIdx) bool { return m.vifs[f].net == o }) {
			why = append(why, fmt.Sprintf("%s joins both, but a Direct Connect gateway does not route between its virtual interfaces", G.id))
		}
	}
	for i := range m.vgws {
		G := &m.vgws[i]
		var mine, theirs []*cVPN
		for j := range m.vpns {
			switch V := &m.vpns[j]; {
			case V.vgw != vgwIdx(i):
			case V.net == n:
				mine = append(mine, V)
			case V.net == o:
				theirs = append(theirs, V)
			}
		}
		if len(mine) == 0 || len(theirs) == 0 {
			continue
		}
		bgp := func(V *cVPN) bool { return !V.static }
		switch {
		case G.vpc == noVPC:
			why = append(why, fmt.Sprintf("%s joins both, but is not attached to a VPC", G.id))
		case !slices.ContainsFunc(mine, bgp) || !slices.ContainsFunc(theirs, bgp):
			why = append(why, fmt.Sprintf("%s joins both, but relays only between VPN connections that use BGP (VPN CloudHub), and %s's or %s's are static",
				G.id, m.onprems[n].id, m.onprems[o].id))
		default:
			why = append(why, fmt.Sprintf("%s joins both, but no connection of %s that is up advertises %s to it over BGP", G.id, m.onprems[o].id, dst))
		}
	}
	for i := range m.vpns {
		V := &m.vpns[i]
		if V.net != n || V.att == noAttachment {
			continue
		}
		A := &m.tgwAtts[V.att]
		switch {
		case A.rtb == noTGWRTB:
			why = append(why, fmt.Sprintf("%s (of %s) is not associated with a transit gateway route table", A.id, V.id))
		case m.tgwRTBs[A.rtb].lookup(dst) < 0:
			why = append(why, fmt.Sprintf("%s, associated with %s (of %s), has no route to %s", m.tgwRTBs[A.rtb].id, A.id, V.id, dst))
		}
	}
	for i := range m.vifs {
		F := &m.vifs[i]
		if F.net != n || !F.transit {
			continue
		}
		for _, a := range m.dxgws[F.dxgw].assocs {
			if a.att != noAttachment && !slices.ContainsFunc(a.allowed, func(p netip.Prefix) bool { return p.Contains(dst) }) {
				why = append(why, fmt.Sprintf("the allowed prefixes of %s's association with %s, which %s advertises, do not cover it",
					m.dxgws[F.dxgw].id, m.tgws[m.tgwAtts[a.att].tgw].id, F.id))
			}
		}
	}
	s := fmt.Sprintf(" (%s is in %s", dst, m.onprems[o].id)
	if len(why) == 0 {
		return s + ": no transit gateway or virtual private gateway joins the two networks)"
	}
	return s + ": " + strings.Join(why, "; ") + ")"
}

// solvePair solves a flow between any host of one on-premises network and
// any host of another (both sides free), as solve does for one free side:
// it tries one address per atom of each network's CIDRs, pairs in
// address order (source first), refining the atoms at the bounds of the
// tables the walks consult until they consult no new one, and settles on
// the first pair that reaches, else the one that got furthest.
func (m *Model) solvePair(f *flow, trace bool, all *tableSet) outcome {
	type pair struct{ src, dst netip.Addr }
	src, dst := onPremIdx(f.srcOnPrem-1), onPremIdx(f.dstOnPrem-1)
	var tables tableSet
	tried := map[pair]bool{}
	var best outcome
	var at pair
	found, reached := false, false
	var bounds []netip.Addr
	for round := 0; !reached; round++ {
		n := len(tables.list)
		srcs, dsts := m.onPremReps(src, bounds, f.ipv6), m.onPremReps(dst, bounds, f.ipv6)
		if round == 0 {
			srcs, dsts = srcs[:min(len(srcs), 1)], dsts[:min(len(dsts), 1)]
		}
	search:
		for _, s := range srcs {
			for _, d := range dsts {
				x := pair{s, d}
				if tried[x] {
					continue
				}
				tried[x] = true
				g := *f
				g.src, g.dst, g.goal.addr = s, d, d
				o := m.evaluate(&g, false, &tables)
				if o.status == Reachable || !found || progress(o) > progress(best) {
					best, at, found = o, x, true
				}
				if o.status == Reachable {
					reached = true
					break search
				}
			}
		}
		if round > 0 && len(tables.list) == n {
			break
		}
		bounds = bounds[:0]
		for _, r := range tables.list {
			bounds = m.appendBounds(bounds, r)
		}
	}
	if all != nil {
		for _, r := range tables.list {
			all.add(r)
		}
	}
	if !trace || !found {
		return best
	}
	g := *f
	g.src, g.dst, g.goal.addr = at.src, at.dst, at.dst
	return m.evaluate(&g, true, nil)
}
