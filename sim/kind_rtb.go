package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the route table: its checks (routes, their
// destinations and targets) and its compiled form, ordered for
// longest-prefix match. The subnet's forwarding function looks routes up.

// rtbIdx indexes Model.rtbs.
type rtbIdx int32

const noRTB rtbIdx = -1

func (rtbIdx) kind() kind { return kindRouteTable }

// cRTB is a compiled route table.
type cRTB struct {
	id     string
	vpc    vpcIdx
	routes []cRoute // in lookup order: longest prefix first, then tie-breaks
	// withdrawn are the routes its virtual private gateways would
	// propagate over connections that are down (BGP routes are
	// withdrawn then), to explain a flow they would have carried.
	withdrawn []cRoute
}

// cRoute is a compiled route: one per destination (a prefix-list route
// becomes one per entry).
type cRoute struct {
	dst       netip.Prefix
	pl        plIdx // prefix list the destination came from, or noPL
	target    vpc.Target
	tkind     kind  // the target's kind (the VPC, whose router it is, for a local route)
	tidx      int32 // index of the target in its kind's slice, or -1
	blackhole bool
	local     bool // the implicit local route
	// propagated marks a route a virtual private gateway propagated.
	propagated bool
	// index is the route's position in the declared routes, -1 for the
	// implicit local routes; for a propagated route, the position of its
	// gateway in the table's propagations.
	index int
	desc  string
}

func (v *validator) checkRouteTable(r vres, _ int, t *vpc.RouteTable) {
	vp := r.vpcRef("vpc", t.VPC, true)
	vpcID := ""
	if vp != nil {
		vpcID = t.VPC
		if t.Main {
			r.onlyOne("main", "a main route table", vpcID)
		}
	}
	for i, s := range t.Subnets {
		r.associate(fmt.Sprintf("subnets[%d]", i), s, vpcID)
	}
	seen := make(map[string]int, len(t.Routes))
	for i := range t.Routes {
		v.checkRoute(r, i, &t.Routes[i], vp, vpcID, seen)
	}
	v.checkPropagations(r, t)
	v.checkEdgeTable(r, t, vp)
}

// checkRoute checks route i of a table in VPC vp (nil when unknown); seen
// maps the destinations of earlier routes to their index.
func (v *validator) checkRoute(r vres, i int, x *vpc.Route, vp *vpc.VPC, vpcID string, seen map[string]int) {
	base := fmt.Sprintf("routes[%d]", i)
	destField := base + ".destination"
	hasDest := x.Destination != netip.Prefix{}
	switch {
	case hasDest && x.PrefixList != "":
		r.errf(base, ErrInvalidValue, "want a destination or a prefixList, not both")
	case !hasDest && x.PrefixList == "":
		r.errf(destField, ErrInvalidValue, "required: want a destination cidr or a prefixList")
	}
	fam, key := 0, ""
	if hasDest && r.prefix(destField, x.Destination, optionalCIDRRule) {
		for _, rr := range reservedRouteRanges {
			if covers(rr, x.Destination) {
				r.errf(destField, ErrInvalidValue, "%s is inside the reserved range %s, which no route may target", x.Destination, rr)
			}
		}
		fam, key = addrFamily(x.Destination.Addr()), x.Destination.String()
	}
	if x.PrefixList != "" {
		destField = base + ".prefixList"
		if j, ok := r.ref(destField, kindPrefixList, x.PrefixList, false); ok {
			fam, key = prefixListFamily(&v.n.PrefixLists[j]), fmt.Sprintf("prefix list %q", x.PrefixList)
		}
	}
	if key != "" {
		if j, dup := seen[key]; dup {
			r.errf(destField, ErrConflict, "%s is already routed by routes[%d]", key, j)
		} else {
			seen[key] = i
		}
	}

	tk, tid := x.Target.Kind, x.Target.ID
	if fam != 0 && hasDest && vp != nil && tk.Valid() && tk != vpc.TargetLocal && vpcBlocksUsable(vp) {
		v.checkInsideVPC(r, destField, x, vp)
	}
	switch {
	case !tk.Valid():
		r.errf(base+".target.kind", ErrInvalidValue, "%q: want %s", tk, targetKindList())
		return
	case tk == vpc.TargetLocal:
		if tid != "" {
			r.errf(base+".target.id", ErrInvalidValue, "%q: want no id for a local route", tid)
		}
		if x.Blackhole {
			r.errf(base+".blackhole", ErrInvalidValue, "a local route is never a blackhole")
		}
		v.checkLocalRoute(r, destField, x, vp)
		return
	case tid == "":
		r.errf(base+".target.id", ErrInvalidValue, "required: want the id of the %s", tk)
		return
	}
	if tk == vpc.TargetEgressOnlyGateway && fam == 4 {
		r.errf(destField, ErrInvalidValue, "an egress-only internet gateway carries only ipv6: want an ipv6 destination")
	}
	if x.Blackhole {
		return
	}
	k, _ := targetKind(tk)
	j, ok := r.ref(base+".target.id", k, tid, true)
	if !ok || vpcID == "" {
		return
	}
	kinds[k].checkTarget(v, r, base+".target.id", j, tid, vpcID)
}

// checkInsideVPC checks a route whose destination lies inside the VPC's
// CIDRs: AWS accepts one equal to a VPC CIDR (the local route, or its
// replacement by a NAT gateway or network interface) or to a whole subnet
// CIDR of the VPC, and then only to a NAT gateway, a network interface or
// a Gateway Load Balancer endpoint.
func (v *validator) checkInsideVPC(r vres, field string, x *vpc.Route, vp *vpc.VPC) {
	d := x.Destination
	blocks := append(append([]netip.Prefix{}, vp.CIDRs...), vp.IPv6CIDR)
	inside, equal := false, false
	for _, b := range blocks {
		if b.IsValid() && covers(b, d) {
			inside, equal = true, equal || b == d
		}
	}
	if !inside {
		return
	}
	tk := x.Target.Kind
	if equal {
		if !v.insideVPCTarget(x.Target) {
			r.errf(field, ErrInvalidValue, "%s is a cidr of vpc %q: its route may target local, a nat-gateway, a network-interface or a gateway load balancer endpoint, not %s",
				d, vp.ID, tk)
		}
		return
	}
	subnet := false
	for _, b := range v.blocks[blockKey{vp.ID, d.Addr().Is6()}] {
		subnet = subnet || b.p == d
	}
	switch {
	case !subnet:
		r.errf(field, ErrInvalidValue, "%s is inside vpc %q but is not a whole subnet cidr: a route more specific than the local route must match a subnet exactly", d, vp.ID)
	case !v.insideVPCTarget(x.Target):
		r.errf(field, ErrInvalidValue, "%s is a subnet of vpc %q: a route more specific than the local route may target only a nat-gateway, a network-interface or a gateway load balancer endpoint, not %s", d, vp.ID, tk)
	}
}

// checkLocalRoute checks that a local route's destination is one of the
// VPC's CIDRs.
func (v *validator) checkLocalRoute(r vres, field string, x *vpc.Route, vp *vpc.VPC) {
	if x.PrefixList != "" {
		r.errf(field, ErrInvalidValue, "a local route takes a cidr of its vpc as destination, not a prefix list")
		return
	}
	if vp == nil || !x.Destination.IsValid() || x.Destination != x.Destination.Masked() || !vpcBlocksUsable(vp) {
		return // reported elsewhere
	}
	var cidrs []string
	for _, c := range vp.CIDRs {
		if c == x.Destination {
			return
		}
		if c.IsValid() {
			cidrs = append(cidrs, c.String())
		}
	}
	if vp.IPv6CIDR.IsValid() {
		if vp.IPv6CIDR == x.Destination {
			return
		}
		cidrs = append(cidrs, vp.IPv6CIDR.String())
	}
	r.errf(field, ErrInvalidValue, "%s is not a cidr of vpc %q: a local route's destination is one of %s",
		x.Destination, vp.ID, strings.Join(cidrs, ", "))
}

// vpcBlocksUsable reports whether a VPC has CIDRs and all of them are well
// formed and canonical, so that what depends on them can be checked.
func vpcBlocksUsable(vp *vpc.VPC) bool {
	usable := func(p netip.Prefix) bool { return p.IsValid() && p == p.Masked() }
	if vp.IPv6CIDR != (netip.Prefix{}) && !usable(vp.IPv6CIDR) {
		return false
	}
	return len(vp.CIDRs) > 0 && !slices.ContainsFunc(vp.CIDRs, func(p netip.Prefix) bool { return !usable(p) })
}

// reservedRouteRanges are the ranges no route may point into (an equal or
// more specific destination); a larger route covering them is accepted.
var reservedRouteRanges = []netip.Prefix{
	netip.MustParsePrefix("169.254.168.0/22"),
	netip.MustParsePrefix("fd00:ec2::/32"),
}

// reservedDst reports whether a lies in a range the VPC router never
// forwards (reservedRouteRanges, which validation also keeps routes out of).
func reservedDst(a netip.Addr) bool {
	return slices.ContainsFunc(reservedRouteRanges, func(p netip.Prefix) bool { return p.Contains(a) })
}

// compileRouteTables compiles the route tables, synthesizes the main route
// table of each VPC that declares none (local routes only), associates
// subnets (with their VPC's main table unless a table declares them), and
// marks the interfaces routes hand packets to as hops.
func compileRouteTables(c *compiler) {
	n, m := c.n, c.m
	tables := sortedBy(n.RouteTables, func(t vpc.RouteTable) string { return t.ID })
	for _, t := range tables {
		add(c, t.ID, rtbIdx(len(m.rtbs)))
		m.rtbs = append(m.rtbs, cRTB{id: t.ID, vpc: indexOf[vpcIdx](c, t.VPC)})
	}
	for vi := range m.vpcs {
		for i, t := range tables {
			if t.Main && m.rtbs[i].vpc == vpcIdx(vi) {
				m.vpcs[vi].mainRTB = rtbIdx(i)
			}
		}
		if m.vpcs[vi].mainRTB == noRTB {
			id := mainRTBName(m.vpcs[vi].id)
			m.vpcs[vi].mainRTB = rtbIdx(len(m.rtbs))
			add(c, id, m.vpcs[vi].mainRTB)
			m.rtbs = append(m.rtbs, cRTB{id: id, vpc: vpcIdx(vi)})
			tables = append(tables, vpc.RouteTable{ID: id, VPC: m.vpcs[vi].id, Main: true})
		}
	}
	for i, t := range tables {
		m.rtbs[i].routes, m.rtbs[i].withdrawn = c.routes(m.rtbs[i].vpc, t.Routes, c.gatewayRoutes(t.ID, t.Routes), t.Propagations)
		for _, s := range t.Subnets {
			m.subnets[indexOf[subnetIdx](c, s)].rtb = rtbIdx(i)
		}
	}
	for i := range m.subnets {
		if m.subnets[i].rtb == noRTB {
			m.subnets[i].rtb = m.vpcs[m.subnets[i].vpc].mainRTB
		}
	}
	c.edgeAssociations(tables)
	for t := range m.rtbs {
		for i, r := range m.rtbs[t].routes {
			m.rtbs[t].routes[i].desc = m.routeString(rtbIdx(t), i)
			if eniOf := kinds[r.tkind].targetENI; eniOf != nil && !r.blackhole && r.tidx >= 0 && eniOf(m, r.tidx) != noENI {
				e := eniOf(m, r.tidx)
				m.enis[e].hop = true
				m.subnets[m.enis[e].subnet].hop = true
			}
		}
	}
}

// routes compiles a table's routes, adds the routes gateway endpoints add
// (extra), the implicit local routes not replaced by a declared route and
// the routes the virtual private gateways props propagate, and orders them
// for lookup: longest prefix first; at equal length a CIDR route before a
// prefix-list route, prefix lists in ID order (AWS picks one of
// overlapping prefix lists arbitrarily; vpcsim picks the lowest ID), then
// propagated routes, then declaration order (AWS VPC User Guide, "How
// route priority works"). It returns the propagated routes withdrawn too
// (see propagatedRoutes).
func (c *compiler) routes(vi vpcIdx, decl []vpc.Route, extra []cRoute, props []string) ([]cRoute, []cRoute) {
	m := c.m
	var out []cRoute
	declared := map[netip.Prefix]bool{}
	for i, r := range decl {
		cr := cRoute{pl: noPL, target: r.Target, tidx: -1, blackhole: r.Blackhole, index: i}
		if k, ok := targetKind(r.Target.Kind); ok {
			cr.tkind = k
			cr.tidx, _ = c.m.find(k, r.Target.ID)
		} else if r.Target.Kind == vpc.TargetLocal {
			cr.tkind, cr.local = kindVPC, true
		}
		if cr.tidx < 0 && !cr.local {
			cr.blackhole = true // target gone: validation allowed it only as a blackhole
		}
		if r.PrefixList != "" {
			pi := indexOf[plIdx](c, r.PrefixList)
			cr.pl = pi
			for _, p := range m.pls[pi].entries {
				cr.dst = p
				out = append(out, cr)
			}
			continue
		}
		cr.dst = r.Destination
		declared[r.Destination] = true
		out = append(out, cr)
	}
	out = append(out, extra...)
	for _, p := range m.vpcs[vi].blocks() {
		if !declared[p] {
			out = append(out, cRoute{dst: p, pl: noPL, target: vpc.Local(), tkind: kindVPC, tidx: -1, local: true, index: -1})
		}
	}
	prop, withdrawn := c.propagatedRoutes(vi, props)
	out = append(out, prop...)
	slices.SortStableFunc(out, func(a, b cRoute) int {
		if c := lpmOrder(a.dst, b.dst); c != 0 {
			return c
		}
		if a.propagated != b.propagated {
			if b.propagated {
				return -1
			}
			return 1
		}
		if (a.pl != noPL) != (b.pl != noPL) {
			if a.pl == noPL {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(a.pl, b.pl); c != 0 {
			return c
		}
		if c := a.dst.Addr().Compare(b.dst.Addr()); c != 0 {
			return c
		}
		return cmp.Compare(a.index, b.index)
	})
	return out, withdrawn
}

// lpmOrder orders route destinations for longest-prefix lookup: IPv4
// before IPv6, then longer prefixes first.
func lpmOrder(a, b netip.Prefix) int {
	if a.Addr().Is4() != b.Addr().Is4() {
		if a.Addr().Is4() {
			return -1
		}
		return 1
	}
	return cmp.Compare(b.Bits(), a.Bits())
}

// lookup returns the index of the route for a, or -1: routes are sorted
// longest prefix first, so the first match wins.
func (t *cRTB) lookup(a netip.Addr) int {
	return slices.IndexFunc(t.routes, func(r cRoute) bool { return r.dst.Contains(a) })
}

func (m *Model) routeRef(t rtbIdx, i int) RuleRef {
	r := &m.rtbs[t].routes[i]
	if r.propagated {
		return RuleRef{Resource: m.rtbs[t].id, List: "propagations", Index: r.index}
	}
	return RuleRef{Resource: m.rtbs[t].id, List: "routes", Index: r.index}
}

func (m *Model) routeString(t rtbIdx, i int) string {
	r := &m.rtbs[t].routes[i]
	if r.desc != "" {
		return r.desc
	}
	dst := r.dst.String()
	if r.pl != noPL {
		dst = fmt.Sprintf("%s (%s)", m.pls[r.pl].id, r.dst)
	}
	if r.propagated {
		return fmt.Sprintf("%s route %s -> %s (propagated)", m.rtbs[t].id, dst, r.target)
	}
	return fmt.Sprintf("%s route %s -> %s", m.rtbs[t].id, dst, r.target)
}

// rtbDests appends the bounds of route table t's destinations.
func rtbDests(m *Model, t int32, out []netip.Addr) []netip.Addr {
	for _, r := range m.rtbs[t].routes {
		out = appendPrefixBounds(out, r.dst)
	}
	return out
}
