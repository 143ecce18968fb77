package reference

import (
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Route tables, same-subnet delivery and the VPC router.
//
// AWS facts (Amazon VPC User Guide, "Configure route tables", "Route
// priority", "Subnet route tables" and "Network ACLs"):
//
//   - Every subnet has one route table: the one associated with it, else
//     its VPC's main table (which, when none is declared, holds only the
//     local routes).
//   - Every table has a local route for each of the VPC's CIDRs (IPv4 and
//     IPv6); a declared route to the same destination replaces it.
//   - The most specific route that matches the destination wins (longest
//     prefix match); IPv4 and IPv6 are matched separately. A prefix-list
//     route is one route per entry of the list. At equal length a CIDR
//     route wins over a prefix-list route; between prefix lists AWS picks
//     one, and the reference, like the engine, the lowest ID.
//   - A route whose target no longer exists, or marked so, is a blackhole:
//     matching traffic is dropped.
//   - Traffic to an address of the sender's own subnet is delivered
//     directly, without the route table or the network ACL. Other traffic
//     meets the subnet's ACL outbound (unless its next hop is in the same
//     subnet, as a NAT gateway or appliance there may be), then the route;
//     the subnet it enters applies its ACL inbound.
//   - The VPC router never forwards 169.254.168.0/22 or fd00:ec2::/32.
//   - A table propagating a virtual private gateway holds the routes the
//     gateway propagates (see hybrid.go); at equal length a static CIDR
//     route wins over a prefix-list route, and both over a propagated
//     one ("How route priority works"). A destination matched by no
//     route but by a BGP route withdrawn with its connection is
//     reported as the connection being down.

// routeTable is the route table a subnet uses.
type routeTable struct {
	id     string
	vpc    string
	routes []vpc.Route
	// propagations are the virtual private gateways whose routes
	// propagate into the table.
	propagations []string
}

// tableOf returns subnet sid's route table.
func (r *Net) tableOf(sid string) routeTable {
	for _, t := range r.n.RouteTables {
		if slices.Contains(t.Subnets, sid) {
			return routeTable{t.ID, t.VPC, t.Routes, t.Propagations}
		}
	}
	v := r.vpcOf(sid)
	for _, t := range r.n.RouteTables {
		if t.VPC == v && t.Main {
			return routeTable{t.ID, t.VPC, t.Routes, t.Propagations}
		}
	}
	return routeTable{v + "/main-rtb", v, nil, nil}
}

// candidate is one destination prefix of a route table: a CIDR route, one
// entry of a prefix-list route, an implicit local route (index -1) or a
// propagated route (propagated set).
type candidate struct {
	dst        netip.Prefix
	index      int
	pl         string
	route      vpc.Route
	propagated bool
}

// rank orders candidates of equal length: a static CIDR route, then a
// prefix-list route, then a propagated route.
func (c candidate) rank() int {
	switch {
	case c.propagated:
		return 2
	case c.pl != "":
		return 1
	}
	return 0
}

// candidates returns every destination prefix of table t.
func (r *Net) candidates(t routeTable) []candidate {
	var out []candidate
	declared := map[netip.Prefix]bool{}
	for i, rt := range t.routes {
		if rt.PrefixList != "" {
			if pl := r.prefixList(rt.PrefixList); pl != nil {
				for _, e := range pl.Entries {
					out = append(out, candidate{dst: e, index: i, pl: pl.ID, route: rt})
				}
			}
			continue
		}
		declared[rt.Destination] = true
		out = append(out, candidate{dst: rt.Destination, index: i, route: rt})
	}
	out = append(out, r.gatewayCandidates(t)...)
	for _, g := range t.propagations {
		routes, _ := r.propagatedFrom(g, t.vpc)
		for _, p := range routes {
			out = append(out, candidate{dst: p, index: -1, propagated: true, route: vpc.Route{Destination: p, Target: vpc.ToVPNGateway(g)}})
		}
	}
	if v := r.vpc(t.vpc); v != nil {
		for _, c := range vpcBlocks(v) {
			if !declared[c] {
				out = append(out, candidate{dst: c, index: -1, route: vpc.Route{Destination: c, Target: vpc.Local()}})
			}
		}
	}
	return out
}

// bestRoute picks table t's route for a: the longest prefix; at equal
// length a CIDR route before a prefix-list route (prefix lists by ID),
// and both before a propagated route.
func (r *Net) bestRoute(t routeTable, a netip.Addr) (candidate, bool) {
	var best candidate
	found := false
	for _, c := range r.candidates(t) {
		if !c.dst.Contains(a) {
			continue
		}
		switch {
		case !found, c.dst.Bits() > best.dst.Bits():
		case c.dst.Bits() < best.dst.Bits():
			continue
		case c.rank() < best.rank():
		case c.rank() > best.rank():
			continue
		case c.pl != "" && c.pl < best.pl:
		default:
			continue
		}
		best, found = c, true
	}
	return best, found
}

// withdrawnMatch reports whether a BGP route that virtual private
// gateways propagating into t withdrew with its connection matches a.
func (r *Net) withdrawnMatch(t routeTable, a netip.Addr) bool {
	for _, g := range t.propagations {
		_, withdrawn := r.propagatedFrom(g, t.vpc)
		if slices.ContainsFunc(withdrawn, func(p netip.Prefix) bool { return p.Contains(a) }) {
			return true
		}
	}
	return false
}

// isBlackhole reports whether a route drops what it matches: marked so,
// or its target is gone.
func (r *Net) isBlackhole(rt vpc.Route) bool {
	if rt.Blackhole {
		return true
	}
	switch rt.Target.Kind {
	case vpc.TargetLocal:
		return false
	case vpc.TargetNATGateway:
		return r.nat(rt.Target.ID) == nil
	case vpc.TargetNetworkInterface:
		return r.eni(rt.Target.ID) == nil
	case vpc.TargetInternetGateway:
		return r.igw(rt.Target.ID) == nil
	case vpc.TargetEgressOnlyGateway:
		return r.eigw(rt.Target.ID) == nil
	case vpc.TargetPeeringConnection:
		return r.pcx(rt.Target.ID) == nil
	case vpc.TargetTransitGateway:
		return r.tgw(rt.Target.ID) == nil
	case vpc.TargetVPCEndpoint:
		return r.vpcEndpoint(rt.Target.ID) == nil
	case vpc.TargetVPNGateway:
		return r.vgw(rt.Target.ID) == nil
	}
	return true
}

// neverForwarded are the ranges the VPC router does not forward.
var neverForwarded = []netip.Prefix{netip.MustParsePrefix("169.254.168.0/22"), netip.MustParsePrefix("fd00:ec2::/32")}

func isNeverForwarded(a netip.Addr) bool {
	return slices.ContainsFunc(neverForwarded, func(p netip.Prefix) bool { return p.Contains(a) })
}

// leave carries a packet leaving through subnet sid (from is the host it
// leaves, or ""): same-subnet delivery, else the ACL outbound and the
// route.
func (w *walk) leave(sid string, p packet, from string) {
	r := w.r
	s := r.subnet(sid)
	if w.returnTo != "" {
		// The reply to a load balancer's connection carrying its
		// client's address goes back to the node: directly within the
		// subnet, else past this subnet's ACL outbound and the node's
		// subnet's ACL inbound.
		node := host{eni: r.eni(w.returnTo)}
		if node.subnet() == sid {
			w.receive(node, p)
			return
		}
		if !r.aclAdmits(sid, false, p) {
			w.fail(sim.NACLOutbound)
			return
		}
		w.enter(node.subnet(), p, &node, sid)
		return
	}
	if inSubnet(s, p.dst) {
		h, ok := r.hostAt(sid, p.dst)
		if !ok || h.id() == from {
			w.fail(sim.UnknownDestination)
			return
		}
		w.receive(h, p)
		return
	}
	t := r.tableOf(sid)
	c, found := r.bestRoute(t, p.dst)
	if isNeverForwarded(p.dst) {
		found = false
	}
	var next host
	hasNext := false
	if found && !r.isBlackhole(c.route) {
		switch c.route.Target.Kind {
		case vpc.TargetNATGateway:
			next, hasNext = host{nat: r.nat(c.route.Target.ID)}, true
		case vpc.TargetNetworkInterface:
			next, hasNext = host{eni: r.eni(c.route.Target.ID)}, true
		case vpc.TargetVPCEndpoint:
			if x := r.gwlbeInterface(r.vpcEndpoint(c.route.Target.ID)); x != nil {
				next, hasNext = host{eni: x}, true // gwlb.go
			}
		}
	}
	if (!hasNext || next.subnet() != sid) && !r.aclAdmits(sid, false, p) {
		w.fail(sim.NACLOutbound)
		return
	}
	switch {
	case isNeverForwarded(p.dst):
		w.fail(sim.ReservedRange)
		return
	case !found && r.withdrawnMatch(t, p.dst):
		w.fail(sim.ConnectionDown)
		return
	case !found:
		w.fail(sim.NoRoute)
		return
	case r.isBlackhole(c.route):
		w.fail(sim.BlackholeRoute)
		return
	}
	switch k := c.route.Target; k.Kind {
	case vpc.TargetLocal:
		w.local(s.VPC, p, sid)
	case vpc.TargetNATGateway, vpc.TargetNetworkInterface:
		w.enter(next.subnet(), p, &next, sid)
	case vpc.TargetInternetGateway:
		w.internetGatewayOut(r.igw(k.ID), p)
	case vpc.TargetEgressOnlyGateway:
		w.egressOnlyOut(r.eigw(k.ID), p)
	case vpc.TargetPeeringConnection:
		w.peeringConnection(r.pcx(k.ID), s.VPC, p)
	case vpc.TargetTransitGateway:
		w.transitGateway(r.tgw(k.ID), s, p)
	case vpc.TargetVPCEndpoint:
		if hasNext {
			w.enter(next.subnet(), p, &next, sid) // a Gateway Load Balancer endpoint (gwlb.go)
			break
		}
		w.gatewayEndpoint(r.vpcEndpoint(k.ID), p)
	case vpc.TargetVPNGateway:
		w.vgwOut(r.vgw(k.ID), p)
	default:
		w.fail(sim.BadState) // an unknown target kind: validation rejects it
	}
}

// local delivers a packet by VPC v's local route into the subnet holding
// its destination.
func (w *walk) local(v string, p packet, from string) {
	sid := w.r.subnetIn(v, p.dst)
	if sid == "" {
		w.fail(sim.UnknownDestination)
		return
	}
	w.enter(sid, p, nil, from)
}

// enter carries a packet into subnet sid from subnet from ("" when it
// comes from outside the VPC): the ACL inbound, then the host to (or the
// one holding the destination).
func (w *walk) enter(sid string, p packet, to *host, from string) {
	key := sid + ">" + from
	if to != nil {
		key += ">" + to.id()
	}
	if w.repeated("enter", key, p) {
		return
	}
	if sid != from && !w.r.aclAdmits(sid, true, p) {
		w.fail(sim.NACLInbound)
		return
	}
	if to == nil {
		h, ok := w.r.hostAt(sid, p.dst)
		if !ok {
			w.fail(sim.UnknownDestination)
			return
		}
		to = &h
	}
	w.receive(*to, p)
}
