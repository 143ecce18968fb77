package sim

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file holds gateway route tables: a route table associated with an
// internet gateway or a virtual private gateway (an edge association)
// routes the traffic entering the VPC through that gateway, to the local
// route, to a middlebox appliance or to a Gateway Load Balancer endpoint
// (AWS VPC User Guide, "Gateway route tables"). Their checks, their compilation (which gateway uses which
// table) and the forwarding function of traffic entering through a
// gateway live here.

// checkEdgeTable checks the edge associations of route table t in VPC vp
// (nil when unknown) and, when it has any, what AWS accepts in a gateway
// route table: routes to the local route or a network interface only, for
// destinations inside the VPC (a VPC CIDR or a whole subnet CIDR, which
// checkInsideVPC checks), no prefix lists, no route propagation.
func (v *validator) checkEdgeTable(r vres, t *vpc.RouteTable, vp *vpc.VPC) {
	if len(t.Gateways) == 0 {
		return
	}
	for i, g := range t.Gateways {
		field := fmt.Sprintf("gateways[%d]", i)
		k, ok := v.ids[g]
		var got string
		switch {
		case g == "":
			r.errf(field, ErrInvalidValue, "required: want the id of an internet gateway or a virtual private gateway")
			continue
		case !ok:
			r.errf(field, ErrUnknownResource, "no internet gateway or virtual private gateway %q is declared", g)
			continue
		case k.kind == kindIGW:
			got = v.n.InternetGateways[k.i].VPC
		case k.kind == kindVGW:
			got = v.n.VPNGateways[k.i].VPC
		default:
			r.errf(field, ErrUnknownResource, "%q is a %s, want an internet gateway or a virtual private gateway", g, k.kind)
			continue
		}
		if got == "" {
			r.errf(field, ErrInvalidValue, "%s %q is not attached to a vpc: attach it to vpc %q before associating a route table with it", k.kind, g, t.VPC)
			continue
		}
		r.sameVPC(field, fmt.Sprintf("%s %q", k.kind, g), got, t.VPC)
		key := singletonKey{"gateway route table", g}
		if prev, dup := v.once[key]; dup {
			r.errf(field, ErrConflict, "%s %q is already associated with route table %s: a gateway has one gateway route table", k.kind, g, prev)
			continue
		}
		v.once[key] = r.id
	}
	if len(t.Propagations) > 0 {
		r.errf("propagations", ErrInvalidValue, "a gateway route table takes no route propagation")
	}
	for i, x := range t.Routes {
		base := fmt.Sprintf("routes[%d]", i)
		if x.PrefixList != "" {
			r.errf(base+".prefixList", ErrInvalidValue, "a gateway route table takes no prefix lists as destinations")
		}
		gwlbe := x.Target.Kind == vpc.TargetVPCEndpoint && v.isGWLBEndpoint(x.Target.ID)
		switch tk := x.Target.Kind; {
		case tk != vpc.TargetLocal && tk != vpc.TargetNetworkInterface && !gwlbe && tk.Valid():
			r.errf(base+".target.kind", ErrInvalidValue, "%s: a gateway route table routes to local, a network-interface or a gateway load balancer endpoint only", tk)
		case vp != nil && x.Destination.IsValid() && vpcBlocksUsable(vp) && !insideBlocks(vp, x.Destination):
			r.errf(base+".destination", ErrInvalidValue, "%s is outside vpc %q: a gateway route table routes only the vpc's own cidrs", x.Destination, vp.ID)
		case vp != nil && x.Destination.IsValid() && tk == vpc.TargetNetworkInterface && !v.wholeBlock(vp, x.Destination):
			r.errf(base+".destination", ErrInvalidValue, "%s is not a whole cidr of vpc %q or of one of its subnets: "+
				"a gateway route table sends to an appliance a whole vpc or subnet cidr", x.Destination, vp.ID)
		}
	}
}

// wholeBlock reports whether p is a CIDR of VPC vp or of one of its
// subnets.
func (v *validator) wholeBlock(vp *vpc.VPC, p netip.Prefix) bool {
	if p == vp.IPv6CIDR || slices.Contains(vp.CIDRs, p) {
		return true
	}
	return slices.ContainsFunc(v.n.Subnets, func(s vpc.Subnet) bool { return s.VPC == vp.ID && (s.CIDR == p || s.IPv6CIDR == p) })
}

// insideBlocks reports whether p lies inside one of the VPC's CIDRs.
func insideBlocks(vp *vpc.VPC, p netip.Prefix) bool {
	for _, b := range append(append([]netip.Prefix{}, vp.CIDRs...), vp.IPv6CIDR) {
		if covers(b, p) {
			return true
		}
	}
	return false
}

// edgeAssociations records, for each internet gateway and virtual private
// gateway, the gateway route table associated with it (tables are the
// route tables in Model.rtbs order).
func (c *compiler) edgeAssociations(tables []vpc.RouteTable) {
	m := c.m
	for i, t := range tables {
		for _, g := range t.Gateways {
			if x, ok := lookup[igwIdx](m, g); ok {
				m.igws[x].edge = rtbIdx(i)
			}
			if x, ok := lookup[vgwIdx](m, g); ok {
				m.vgws[x].edge = rtbIdx(i)
			}
		}
	}
}

// edgeIn routes a packet entering VPC v through gateway id (of kind k, an
// internet gateway or a virtual private gateway): by its gateway route
// table t when it has one, to the local route, to a middlebox
// appliance's interface or to a Gateway Load Balancer endpoint's (whose
// room, kind_gwlb.go, takes it on); else by the local route.
func (w *walker) edgeIn(k kind, id string, v vpcIdx, t rtbIdx, p pkt) {
	if t == noRTB {
		w.local(v, p, noSubnet)
		return
	}
	m := w.m
	T := &m.rtbs[t]
	w.touch(refOf(t))
	ri := T.lookup(p.dst)
	if ri < 0 {
		w.fail(NoRoute, k, id, StepRoute, func() string { return fmt.Sprintf("no route in %s matches %s", T.id, p.dst) })
		return
	}
	r := &T.routes[ri]
	if r.blackhole {
		w.failRef(BlackholeRoute, k, id, StepRoute, m.routeRef(t, ri), func() string {
			return fmt.Sprintf("%s: blackhole", m.routeString(t, ri))
		})
		return
	}
	if r.local {
		w.hopRef(k, id, StepRoute, m.routeRef(t, ri), func() string { return m.routeString(t, ri) }, p)
		w.local(v, p, noSubnet)
		return
	}
	eniOf := kinds[r.tkind].targetENI
	if r.tkind == kindVPCE && w.gwlbGone(k, id, vpceIdx(r.tidx)) {
		return
	}
	if eniOf == nil || eniOf(m, r.tidx) == noENI {
		// Validation accepts no other target than an interface or a
		// Gateway Load Balancer endpoint.
		w.fail(NoRoute, k, id, StepRoute, func() string { return fmt.Sprintf("%s: target not simulated", m.routeString(t, ri)) })
		return
	}
	e := eniOf(m, r.tidx)
	// A Gateway Load Balancer endpoint forwards the packet as it is (the
	// internet gateway translated its destination already): it needs no
	// public address of its own.
	if k == kindIGW && p.dst.Is4() && !m.isGWLBE(e) && !m.enis[e].public.IsValid() && len(m.enis[e].eips) == 0 {
		w.failRef(NoPublicIP, k, id, StepRoute, m.routeRef(t, ri), func() string {
			return fmt.Sprintf("%s: the appliance %s has no public IP address, which a middlebox needs to receive internet traffic through a gateway route table",
				m.routeString(t, ri), m.enis[e].id)
		})
		return
	}
	w.hopRef(k, id, StepRoute, m.routeRef(t, ri), func() string { return m.routeString(t, ri) }, p)
	w.enter(m.enis[e].subnet, p, e, noSubnet)
}

// edgeTableEdges joins gateway node n to the targets of its gateway route
// table t (noRTB for none).
func edgeTableEdges(g *graphBuilder, n int32, t rtbIdx) {
	if t == noRTB {
		return
	}
	for _, r := range g.m.rtbs[t].routes {
		if !r.blackhole && !r.local && r.tidx >= 0 {
			g.edge(n, g.node(ref{r.tkind, r.tidx}))
		}
	}
}
