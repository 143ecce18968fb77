package sim

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the Site-to-Site VPN connection: its checks,
// its compiled form, and its forwarding functions, which carry a packet
// through its tunnels between the customer gateway's network and the
// connection's AWS end (a virtual private gateway or a transit gateway
// attachment), or stop it when every tunnel is down.

// vpnIdx indexes Model.vpns.
type vpnIdx int32

const noVPN vpnIdx = -1

func (vpnIdx) kind() kind { return kindVPN }

// cVPN is a compiled VPN connection.
type cVPN struct {
	id     string
	cgw    string    // the customer gateway's ID
	net    onPremIdx // the customer gateway's network
	vgw    vgwIdx    // the AWS end: a virtual private gateway, or noVGW and
	att    tgwAttIdx // a transit gateway attachment (set by the transit gateway's step)
	static bool
	routes []netip.Prefix
	// asPath is the length of the AS path of its BGP routes: the customer
	// gateway's AS number, once plus the times it prepends it.
	asPath uint8
	up     bool
	// tunnels describes the tunnels' states ("up, down").
	tunnels string
	// to and from explain the crossing of a tunnel to and from the AWS end.
	to, from string
}

// maxVPNTunnels is the number of tunnels of a Site-to-Site VPN connection.
const maxVPNTunnels = 2

// maxASPathPrepends bounds a connection's AS path prepends: a BGP AS path
// segment holds at most 255 AS numbers, the customer gateway's own one
// included.
const maxASPathPrepends = 254

func (v *validator) checkVPN(r vres, _ int, c *vpc.VPNConnection) {
	r.ref("customerGateway", kindCGW, c.CustomerGateway, true)
	switch {
	case c.VPNGateway != "" && c.TransitGateway != "":
		r.errf("transitGateway", ErrInvalidValue, "a vpn connection ends at a virtual private gateway or a transit gateway, not both")
	case c.VPNGateway == "" && c.TransitGateway == "":
		r.errf("vpnGateway", ErrInvalidValue, "required: want a virtual private gateway (vpnGateway) or a transit gateway (transitGateway)")
	case c.VPNGateway != "":
		r.ref("vpnGateway", kindVGW, c.VPNGateway, true)
	default:
		if _, ok := r.ref("transitGateway", kindTGW, c.TransitGateway, true); ok {
			n := 0
			for _, a := range v.n.TransitGatewayAttachments {
				if a.VPNConnection == r.id && a.TransitGateway == c.TransitGateway {
					n++
				}
			}
			if n == 0 {
				r.errf("transitGateway", ErrInvalidValue, "no transit gateway attachment of %q names this connection: "+
					"declare the attachment AWS creates with it (vpnConnection %q)", c.TransitGateway, r.id)
			}
		}
	}
	if c.StaticRoutesOnly && c.TransitGateway != "" && len(c.Routes) > 0 {
		r.errf("routes", ErrInvalidValue, "a static connection to a transit gateway takes no routes: "+
			"add static routes to its attachment in the transit gateway route tables")
	}
	seen := map[netip.Prefix]int{}
	for i, p := range c.Routes {
		field := fmt.Sprintf("routes[%d]", i)
		if !r.prefix(field, p, requiredCIDRRule) {
			continue
		}
		if j, dup := seen[p]; dup {
			r.errf(field, ErrConflict, "%s is already listed at routes[%d]", p, j)
			continue
		}
		seen[p] = i
		if p.Addr().Is6() && c.VPNGateway != "" {
			r.errf(field, ErrInvalidValue, "%s is ipv6: a virtual private gateway carries ipv4 only", p)
		}
	}
	switch {
	case c.ASPathPrepends < 0 || c.ASPathPrepends > maxASPathPrepends:
		r.errf("asPathPrepends", ErrInvalidValue, "%d: want 0 to %d prepends of the customer gateway's AS number", c.ASPathPrepends, maxASPathPrepends)
	case c.ASPathPrepends > 0 && c.StaticRoutesOnly:
		r.errf("asPathPrepends", ErrInvalidValue, "a static connection advertises no BGP routes, so no AS path: leave asPathPrepends 0, or use BGP (staticRoutesOnly false)")
	}
	if len(c.Tunnels) > maxVPNTunnels {
		r.errf("tunnels", ErrInvalidValue, "%d tunnels: a vpn connection has %d", len(c.Tunnels), maxVPNTunnels)
	}
	for i, t := range c.Tunnels {
		if !t.Status.Valid() {
			r.errf(fmt.Sprintf("tunnels[%d].status", i), ErrInvalidValue, "%q: want up or down", t.Status)
		}
	}
}

// compileVPNs compiles the VPN connections. A connection to a transit
// gateway learns its attachment from the transit gateway's step.
func compileVPNs(c *compiler) {
	n := c.n
	for i, x := range sortedBy(n.VPNConnections, func(x vpc.VPNConnection) string { return x.ID }) {
		V := cVPN{id: x.ID, cgw: x.CustomerGateway, net: noOnPrem, vgw: noVGW, att: noAttachment, static: x.StaticRoutesOnly,
			routes: x.Routes, asPath: uint8(1 + min(max(x.ASPathPrepends, 0), maxASPathPrepends)), up: x.IsUp()}
		if g, ok := n.CustomerGateway(x.CustomerGateway); ok {
			V.net = indexOf[onPremIdx](c, g.Network)
		}
		if x.VPNGateway != "" {
			V.vgw = indexOf[vgwIdx](c, x.VPNGateway)
		}
		var ts []string
		for _, t := range x.Tunnels {
			st := vpc.LinkUp
			if !t.Status.IsUp() {
				st = vpc.LinkDown
			}
			ts = append(ts, string(st))
		}
		V.tunnels = strings.Join(ts, ", ")
		c.m.vpns = append(c.m.vpns, V)
		add(c, x.ID, vpnIdx(i))
	}
}

// vpnIn is the VPN connection's forwarding function for a packet from its
// customer gateway: through a tunnel to its AWS end.
func (w *walker) vpnIn(v vpnIdx, p pkt) {
	m := w.m
	V := &m.vpns[v]
	if !w.vpnUp(V) {
		return
	}
	w.hop(kindVPN, V.id, StepTunnel, func() string { return V.to }, p)
	if V.vgw != noVGW {
		if G := &m.vgws[V.vgw]; G.vpc != noVPC && !m.inVPC(G.vpc, p.dst) {
			w.vgwRelay(V.vgw, v, p) // to another site: VPN CloudHub
			return
		}
		w.vgwIn(V.vgw, p)
		return
	}
	w.tgwFrom(V.att, p)
}

// vpnOut is the VPN connection's forwarding function for a packet from its
// AWS end: through a tunnel to its customer gateway's network.
func (w *walker) vpnOut(v vpnIdx, p pkt) {
	m := w.m
	V := &m.vpns[v]
	if !w.vpnUp(V) {
		return
	}
	w.hop(kindVPN, V.id, StepTunnel, func() string { return V.from }, p)
	w.toOnPrem(V.net, p)
}

// vpnUp reports whether connection V carries traffic, failing the walk
// when every tunnel is down.
func (w *walker) vpnUp(V *cVPN) bool {
	if V.up {
		return true
	}
	w.fail(ConnectionDown, kindVPN, V.id, StepTunnel, func() string {
		return fmt.Sprintf("every tunnel of %s is down (%s)", V.id, V.tunnels)
	})
	return false
}

// tunnelString describes the crossing of a tunnel, dir "to" or "from" the
// AWS end.
func (m *Model) tunnelString(V *cVPN, dir string) string {
	end := ""
	if V.vgw != noVGW {
		end = m.vgws[V.vgw].id
	} else if V.att != noAttachment {
		end = m.tgwAtts[V.att].id
	}
	s := fmt.Sprintf("IPsec tunnel %s %s, customer gateway %s", dir, end, V.cgw)
	if V.tunnels != "" {
		s += " (tunnels " + V.tunnels + ")"
	}
	return s
}

// vpnNodes adds a graph node for each VPN connection.
func vpnNodes(g *graphBuilder) {
	for i, x := range g.m.vpns {
		g.add(refOf(vpnIdx(i)), x.id)
	}
}

// vpnEdges joins a VPN connection that is up to its customer gateway's
// network and to its AWS end, both ways.
func vpnEdges(g *graphBuilder) {
	m := g.m
	for i, x := range m.vpns {
		if !x.up || x.net == noOnPrem {
			continue
		}
		n := g.node(refOf(vpnIdx(i)))
		both := func(o int32) { g.edge(n, o); g.edge(o, n) }
		both(g.node(refOf(x.net)))
		switch {
		case x.vgw != noVGW:
			both(g.node(refOf(x.vgw)))
		case x.att != noAttachment:
			both(g.node(refOf(m.tgwAtts[x.att].tgw)))
		}
	}
}

// vpnLabel describes VPN connection v: its routing and tunnels.
func vpnLabel(m *Model, v int32) []string {
	V := &m.vpns[v]
	how := "Site-to-Site VPN, BGP"
	if V.static {
		how = "Site-to-Site VPN, static"
	}
	l := []string{V.id, how}
	if !V.up {
		l = append(l, "tunnels down")
	}
	return l
}
