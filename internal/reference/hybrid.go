package reference

import (
	"cmp"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Hybrid connectivity: on-premises networks, Site-to-Site VPN, Direct
// Connect and virtual private gateways.
//
// AWS facts (Site-to-Site VPN User Guide, "Route tables and AWS
// Site-to-Site VPN route priority" and "Tunnel options"; Direct Connect
// User Guide, "Direct Connect gateways", "Allowed prefixes interactions"
// and "Virtual interfaces"; Amazon VPC User Guide, "How route priority
// works" and "Gateway route tables"):
//
//   - A virtual private gateway carries IPv4 only, and only between the
//     addresses of its VPC and the prefixes it knows: its VPN
//     connections' static routes, the prefixes their customer gateways
//     advertise over BGP, and those the private virtual interfaces of its
//     Direct Connect gateway advertise. It never routes one connection's
//     traffic to another (no transitive routing through it).
//   - Its path selection: the longest prefix among the routes of healthy
//     connections (tunnel health goes before every other attribute), then
//     Direct Connect BGP routes, then VPN static routes, then VPN BGP
//     routes.
//   - In a subnet route table, the gateway's routes appear as propagated
//     routes when the table propagates it: a static route or prefix-list
//     route of the same prefix wins over them, and none overlapping the
//     VPC's own CIDRs is ever used (the local route is preferred even
//     when less specific). A connection whose tunnels are all down has
//     its BGP routes withdrawn; its static routes stay, and carry nothing.
//   - Traffic entering a VPC through the virtual private gateway (or the
//     internet gateway) is routed by the gateway route table associated
//     with that gateway, when there is one, else delivered by the local
//     route.
//   - A Direct Connect gateway joins virtual interfaces to the gateways
//     associated with it, never two associated gateways together. For a
//     virtual private gateway association, the allowed prefixes filter
//     what on premises learns: a CIDR of the VPC is advertised when an
//     allowed prefix is the same or wider (all of them when the
//     association lists none). For a transit gateway association, the
//     allowed prefixes are advertised as they are.
//   - The on-premises side learns over a VPN connection to a virtual
//     private gateway its VPC's CIDRs, and over one to a transit gateway
//     the routes of the route table the connection's attachment is
//     associated with (not those back into the connection, nor
//     blackholes). How its routers choose among equal prefixes is its
//     owner's configuration: the reference, like the engine, prefers
//     Direct Connect, then VPN static, then VPN BGP routes, then the
//     lowest connection ID; a network routes what arrives for an address
//     outside its CIDRs onward by the same routes.
//   - A connection that is down (every tunnel of a VPN connection, or the
//     BGP session of a virtual interface) carries nothing.
//   - Between on-premises networks (Site-to-Site VPN User Guide,
//     "Providing secure communication between sites using VPN CloudHub";
//     Direct Connect User Guide, "Virtual private gateway associations"
//     and "Transit gateway associations"): an attached virtual private
//     gateway re-advertises to each VPN connection using BGP the prefixes
//     it learned over BGP from the connections (up) of other networks,
//     and relays a packet from such a connection to an address outside
//     its VPC by its path selection, when the route picked is over
//     another connection using BGP (never one over Direct Connect, nor a
//     static one). A transit gateway routes between its VPN and Direct
//     Connect gateway attachments as between any; a Direct Connect
//     gateway never carries traffic from one of its virtual interfaces to
//     another (a transit gateway route back into the attachment the
//     packet came in through is refused).

func (r *Net) onPrem(id string) *vpc.OnPremNetwork {
	return find(r.n.OnPremNetworks, id, func(x *vpc.OnPremNetwork) string { return x.ID })
}

func (r *Net) vgw(id string) *vpc.VPNGateway {
	return find(r.n.VPNGateways, id, func(x *vpc.VPNGateway) string { return x.ID })
}

func (r *Net) dxgw(id string) *vpc.DirectConnectGateway {
	return find(r.n.DirectConnectGateways, id, func(x *vpc.DirectConnectGateway) string { return x.ID })
}

// networkOfVPN returns the on-premises network at the customer end of c.
func (r *Net) networkOfVPN(c *vpc.VPNConnection) string {
	for _, g := range r.n.CustomerGateways {
		if g.ID == c.CustomerGateway {
			return g.Network
		}
	}
	return ""
}

// attachmentOfVPN returns the transit gateway attachment of connection c,
// or nil.
func (r *Net) attachmentOfVPN(c string) *vpc.TransitGatewayAttachment {
	for i := range r.n.TransitGatewayAttachments {
		if a := &r.n.TransitGatewayAttachments[i]; a.VPNConnection == c {
			return a
		}
	}
	return nil
}

// attachmentOfDX returns the attachment of Direct Connect gateway g to
// transit gateway t, or nil.
func (r *Net) attachmentOfDX(g, t string) *vpc.TransitGatewayAttachment {
	for i := range r.n.TransitGatewayAttachments {
		if a := &r.n.TransitGatewayAttachments[i]; a.DirectConnectGateway == g && a.TransitGateway == t {
			return a
		}
	}
	return nil
}

// Route origins, in the order preferred at equal prefix length.
const (
	fromDX = iota
	fromVPNStatic
	fromVPNBGP
)

// learned is a route learned over a hybrid connection (VPN connection or
// virtual interface): by a virtual private gateway from on premises, or
// by an on-premises network from AWS. For the latter, vgw or att says
// where AWS takes the traffic in.
type learned struct {
	dst    netip.Prefix
	origin int
	// asPath is the AS path length of a BGP route a virtual private
	// gateway learned over a VPN connection: the customer's AS number once,
	// plus its prepends (0 for the other routes).
	asPath int
	vpn    *vpc.VPNConnection
	vif    *vpc.VirtualInterface
	up     bool
	vgw    string
	att    string
}

func (l learned) conn() string {
	if l.vpn != nil {
		return l.vpn.ID
	}
	return l.vif.ID
}

// preferred reports whether a wins over b: longer prefix, then origin,
// then the shorter AS path, then connection ID.
func preferred(a, b learned) bool {
	if a.dst.Bits() != b.dst.Bits() {
		return a.dst.Bits() > b.dst.Bits()
	}
	if a.origin != b.origin {
		return a.origin < b.origin
	}
	if a.asPath != b.asPath {
		return a.asPath < b.asPath
	}
	return a.conn() < b.conn()
}

// choose returns the preferred route of rs over a connection that is up
// matching a, and, when there is none, whether one over a connection
// that is down matches.
func choose(rs []learned, a netip.Addr) (best learned, ok, down bool) {
	for _, l := range rs {
		if !l.dst.Contains(a) {
			continue
		}
		if !l.up {
			down = true
			continue
		}
		if !ok || preferred(l, best) {
			best, ok = l, true
		}
	}
	return best, ok, down && !ok
}

// vpcCIDRs returns VPC v's IPv4 CIDRs.
func (r *Net) vpcCIDRs(v string) []netip.Prefix {
	if x := r.vpc(v); x != nil {
		return x.CIDRs
	}
	return nil
}

// vgwRoutes returns what virtual private gateway g learns.
func (r *Net) vgwRoutes(g string) []learned {
	var out []learned
	for i := range r.n.VPNConnections {
		c := &r.n.VPNConnections[i]
		if c.VPNGateway != g {
			continue
		}
		o, as := fromVPNBGP, 1+c.ASPathPrepends
		if c.StaticRoutesOnly {
			o, as = fromVPNStatic, 0
		}
		for _, p := range c.Routes {
			out = append(out, learned{dst: p, origin: o, asPath: as, vpn: c, up: c.IsUp()})
		}
	}
	for i := range r.n.VirtualInterfaces {
		x := &r.n.VirtualInterfaces[i]
		if x.Type != vpc.PrivateVirtualInterface {
			continue
		}
		d := r.dxgw(x.DirectConnectGateway)
		if d == nil || !slices.ContainsFunc(d.Associations, func(a vpc.DirectConnectAssociation) bool { return a.Gateway == g }) {
			continue
		}
		for _, p := range x.Routes {
			if p.Addr().Is4() {
				out = append(out, learned{dst: p, origin: fromDX, vif: x, up: x.BGPStatus.IsUp()})
			}
		}
	}
	return out
}

// onPremRoutes returns what on-premises network o learns from AWS.
func (r *Net) onPremRoutes(o string) []learned {
	var out []learned
	for i := range r.n.VPNConnections {
		c := &r.n.VPNConnections[i]
		if r.networkOfVPN(c) != o {
			continue
		}
		// A site prefers its connections as the gateway does: one it
		// prepends on is its backup too.
		origin, as := fromVPNBGP, 1+c.ASPathPrepends
		if c.StaticRoutesOnly {
			origin, as = fromVPNStatic, 0
		}
		if c.VPNGateway != "" {
			if g := r.vgw(c.VPNGateway); g != nil && g.VPC != "" {
				for _, p := range r.vpcCIDRs(g.VPC) {
					out = append(out, learned{dst: p, origin: origin, asPath: as, vpn: c, up: c.IsUp(), vgw: g.ID})
				}
				if !c.StaticRoutesOnly {
					// VPN CloudHub: what the other sites advertise.
					for _, l := range r.vgwRoutes(g.ID) {
						if l.origin == fromVPNBGP && l.up && r.networkOfVPN(l.vpn) != o {
							out = append(out, learned{dst: l.dst, origin: fromVPNBGP, asPath: as, vpn: c, up: c.IsUp(), vgw: g.ID})
						}
					}
				}
			}
			continue
		}
		a := r.attachmentOfVPN(c.ID)
		if a == nil || a.RouteTable == "" {
			continue
		}
		routes, _ := r.tgwRoutes(a.RouteTable)
		for _, t := range routes {
			if t.attachment == "" || t.attachment == a.ID {
				continue
			}
			out = append(out, learned{dst: t.dst, origin: origin, asPath: as, vpn: c, up: c.IsUp(), att: a.ID})
		}
	}
	for i := range r.n.VirtualInterfaces {
		x := &r.n.VirtualInterfaces[i]
		d := r.dxgw(x.DirectConnectGateway)
		if x.Network != o || d == nil {
			continue
		}
		for _, as := range d.Associations {
			if x.Type == vpc.TransitVirtualInterface {
				a := r.attachmentOfDX(d.ID, as.Gateway)
				if a == nil || r.tgw(as.Gateway) == nil {
					continue
				}
				for _, p := range as.AllowedPrefixes {
					out = append(out, learned{dst: p, origin: fromDX, vif: x, up: x.BGPStatus.IsUp(), att: a.ID})
				}
				continue
			}
			g := r.vgw(as.Gateway)
			if g == nil || g.VPC == "" {
				continue
			}
			for _, p := range r.vpcCIDRs(g.VPC) {
				allowed := len(as.AllowedPrefixes) == 0 || slices.ContainsFunc(as.AllowedPrefixes, func(ap netip.Prefix) bool {
					return ap.Bits() <= p.Bits() && ap.Contains(p.Addr())
				})
				if allowed {
					out = append(out, learned{dst: p, origin: fromDX, vif: x, up: x.BGPStatus.IsUp(), vgw: g.ID})
				}
			}
		}
	}
	return out
}

// propagatedFrom returns the routes virtual private gateway g propagates
// into a route table of VPC v: the prefixes it learned, but none inside
// the VPC's CIDRs, once each; the BGP routes of connections that are down
// are withdrawn (returned apart), their static routes stay.
func (r *Net) propagatedFrom(g, v string) (routes, withdrawn []netip.Prefix) {
	x := r.vpc(v)
	inVPC := func(p netip.Prefix) bool {
		return x != nil && slices.ContainsFunc(vpcBlocks(x), func(b netip.Prefix) bool { return b.Bits() <= p.Bits() && b.Contains(p.Addr()) })
	}
	for _, l := range r.vgwRoutes(g) {
		if inVPC(l.dst) {
			continue
		}
		if l.up || l.origin == fromVPNStatic {
			routes = append(routes, l.dst)
		} else {
			withdrawn = append(withdrawn, l.dst)
		}
	}
	// A destination installed (up, or static and down) is not withdrawn.
	withdrawn = slices.DeleteFunc(withdrawn, func(p netip.Prefix) bool { return slices.Contains(routes, p) })
	slices.SortFunc(routes, comparePrefix)
	return slices.Compact(routes), withdrawn
}

func comparePrefix(a, b netip.Prefix) int {
	if c := a.Addr().Compare(b.Addr()); c != 0 {
		return c
	}
	return cmp.Compare(a.Bits(), b.Bits())
}

// fromOnPrem carries a packet from on-premises network o (a host of it,
// or a packet it routes on) to AWS over the connection its routes pick.
func (w *walk) fromOnPrem(o string, p packet) {
	if w.repeated("onprem", o, p) {
		return
	}
	l, ok, down := choose(w.r.onPremRoutes(o), p.dst)
	switch {
	case down:
		w.fail(sim.ConnectionDown)
		return
	case !ok:
		w.fail(sim.NotAdvertised)
		return
	}
	if l.vgw != "" {
		if g := w.r.vgw(l.vgw); l.vpn != nil && g != nil && g.VPC != "" && !w.r.inVPC(g.VPC, p.dst) {
			w.vgwRelay(g, l.vpn, p)
			return
		}
		w.vgwIn(w.r.vgw(l.vgw), p)
		return
	}
	a := w.r.tgwAttachment(l.att)
	w.tgwRoute(a.TransitGateway, a, a.RouteTable, "", p)
}

// toOnPrem delivers a packet arriving over a connection of on-premises
// network o: to its host, or onward when the address is not the
// network's.
func (w *walk) toOnPrem(o string, p packet) {
	n := w.r.onPrem(o)
	if n == nil {
		w.fail(sim.BadState)
		return
	}
	p.srcVPC = "" // group references do not survive leaving AWS
	if !slices.ContainsFunc(n.CIDRs, func(c netip.Prefix) bool { return c.Contains(p.dst) }) {
		w.fromOnPrem(o, p)
		return
	}
	if w.goal.onPrem == o && w.goal.onPremAddr == p.dst {
		w.atOnPrem = o
		w.arrive("", p)
		return
	}
	w.fail(sim.UnknownDestination)
}

// vgwIn carries a packet from on premises through virtual private gateway
// g into its VPC.
func (w *walk) vgwIn(g *vpc.VPNGateway, p packet) {
	switch {
	case g == nil || g.VPC == "":
		w.fail(sim.BadState)
	case !p.dst.Is4():
		w.fail(sim.NoRoute)
	case !w.r.inVPC(g.VPC, p.dst):
		w.fail(sim.NonTransitive)
	default:
		w.edgeIn(g.ID, g.VPC, p)
	}
}

// vgwRelay carries a packet that arrived at virtual private gateway g over
// VPN connection c for an address outside its VPC to another site (VPN
// CloudHub): both connections must use BGP, and the route its path
// selection picks must be over a VPN connection.
func (w *walk) vgwRelay(g *vpc.VPNGateway, c *vpc.VPNConnection, p packet) {
	if !p.dst.Is4() {
		w.fail(sim.NoRoute)
		return
	}
	if c.StaticRoutesOnly {
		w.fail(sim.NonTransitive)
		return
	}
	if w.repeated("vgw-relay", g.ID, p) {
		return
	}
	l, ok, down := choose(w.r.vgwRoutes(g.ID), p.dst)
	switch {
	case down:
		w.fail(sim.ConnectionDown)
	case !ok:
		w.fail(sim.NoRoute)
	case l.vpn == nil || l.origin != fromVPNBGP:
		w.fail(sim.NonTransitive)
	default:
		w.toOnPrem(w.r.networkOfVPN(l.vpn), p)
	}
}

// vgwOut carries a packet from VPC subnet routing through virtual private
// gateway g to on premises, over the connection its path selection picks.
func (w *walk) vgwOut(g *vpc.VPNGateway, p packet) {
	switch {
	case g == nil || g.VPC == "":
		w.fail(sim.BadState)
		return
	case !p.dst.Is4():
		w.fail(sim.NoRoute)
		return
	case !w.r.inVPC(g.VPC, p.src):
		w.fail(sim.NonTransitive)
		return
	}
	if w.repeated("vgw", g.ID, p) {
		return
	}
	l, ok, down := choose(w.r.vgwRoutes(g.ID), p.dst)
	switch {
	case down:
		w.fail(sim.ConnectionDown)
	case !ok:
		w.fail(sim.NoRoute)
	case l.vpn != nil:
		w.toOnPrem(w.r.networkOfVPN(l.vpn), p)
	default:
		w.toOnPrem(l.vif.Network, p)
	}
}

// dxgwOut carries a packet a transit gateway sent to Direct Connect
// gateway id to on premises: over the transit virtual interface (up)
// advertising the longest prefix matching the destination, the lowest ID
// among equals.
func (w *walk) dxgwOut(id string, p packet) {
	var best *vpc.VirtualInterface
	bits, down := -1, false
	for i := range w.r.n.VirtualInterfaces {
		x := &w.r.n.VirtualInterfaces[i]
		if x.DirectConnectGateway != id || x.Type != vpc.TransitVirtualInterface {
			continue
		}
		for _, q := range x.Routes {
			if !q.Contains(p.dst) {
				continue
			}
			if !x.BGPStatus.IsUp() {
				down = true
				continue
			}
			if q.Bits() > bits || q.Bits() == bits && x.ID < best.ID {
				best, bits = x, q.Bits()
			}
		}
	}
	switch {
	case best != nil:
		w.toOnPrem(best.Network, p)
	case down:
		w.fail(sim.ConnectionDown)
	default:
		w.fail(sim.NoRoute)
	}
}

// vpnOut carries a packet a transit gateway sent to VPN connection c to
// its on-premises network.
func (w *walk) vpnOut(c *vpc.VPNConnection, p packet) {
	if c == nil || !c.IsUp() {
		w.fail(sim.ConnectionDown)
		return
	}
	w.toOnPrem(w.r.networkOfVPN(c), p)
}

// gatewayTable returns the gateway route table associated with gateway
// id, if any.
func (r *Net) gatewayTable(id string) (routeTable, bool) {
	for _, t := range r.n.RouteTables {
		if slices.Contains(t.Gateways, id) {
			return routeTable{id: t.ID, vpc: t.VPC, routes: t.Routes}, true
		}
	}
	return routeTable{}, false
}

// edgeIn routes a packet entering VPC v through gateway id (an internet
// gateway, its destination translated already, or a virtual private
// gateway): by the gateway's route table to the local route or an
// appliance, else by the local route.
func (w *walk) edgeIn(id, v string, p packet) {
	t, ok := w.r.gatewayTable(id)
	if !ok {
		w.local(v, p, "")
		return
	}
	c, found := w.r.bestRoute(t, p.dst)
	switch {
	case !found:
		w.fail(sim.NoRoute)
		return
	case w.r.isBlackhole(c.route):
		w.fail(sim.BlackholeRoute)
		return
	case c.route.Target.Kind == vpc.TargetLocal:
		w.local(v, p, "")
		return
	case c.route.Target.Kind == vpc.TargetVPCEndpoint && w.r.gwlbeInterface(w.r.vpcEndpoint(c.route.Target.ID)) != nil:
		x := w.r.gwlbeInterface(w.r.vpcEndpoint(c.route.Target.ID)) // gwlb.go
		w.enter(x.Subnet, p, &host{eni: x}, "")
		return
	case c.route.Target.Kind != vpc.TargetNetworkInterface:
		w.fail(sim.NoRoute)
		return
	}
	e := w.r.eni(c.route.Target.ID)
	if w.r.igw(id) != nil && p.dst.Is4() && !e.PublicIP.IsValid() && len(e.ElasticIPs) == 0 {
		// Behind an internet gateway, the appliance needs a public
		// address.
		w.fail(sim.NoPublicIP)
		return
	}
	w.enter(e.Subnet, p, &host{eni: e}, "")
}
