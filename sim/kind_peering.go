package sim

import (
	"fmt"
	"net/netip"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the VPC peering connection: its checks, its
// compiled form, and its forwarding function, which carries traffic
// between the two VPCs' own addresses only.

// pcxIdx indexes Model.pcxs.
type pcxIdx int32

func (pcxIdx) kind() kind { return kindPeering }

// cPCX is a compiled peering connection.
type cPCX struct {
	id     string
	a, b   vpcIdx // requester and accepter VPCs
	active bool
	// toB and toA explain a hop across: "vpc-a -> vpc-b" and back.
	toB, toA string
}

func (v *validator) checkPeering(r vres, _ int, p *vpc.PeeringConnection) {
	a := r.vpcRef("requesterVpc", p.RequesterVPC, true)
	b := r.vpcRef("accepterVpc", p.AccepterVPC, true)
	if !p.Status.Valid() {
		r.errf("status", ErrInvalidValue, "%q: want active, pending-acceptance, rejected, deleted, expired or failed", p.Status)
	}
	if a == nil || b == nil {
		return
	}
	if a.ID == b.ID {
		r.errf("accepterVpc", ErrInvalidValue, "a vpc cannot peer with itself (%q)", a.ID)
		return
	}
	if !p.Status.IsActive() && p.Status != vpc.PeeringPendingAcceptance {
		return // rejected, deleted, expired and failed requests constrain nothing
	}
	r.onlyOne("accepterVpc", "a peering connection with vpc "+b.ID, a.ID)
	r.onlyOne("requesterVpc", "a peering connection with vpc "+a.ID, b.ID)
	for _, x := range append(append([]netip.Prefix{}, a.CIDRs...), a.IPv6CIDR) {
		for _, y := range append(append([]netip.Prefix{}, b.CIDRs...), b.IPv6CIDR) {
			if x.IsValid() && y.IsValid() && x.Overlaps(y) {
				r.errf("accepterVpc", ErrOverlap, "vpc %q cidr %s overlaps vpc %q cidr %s: peered vpcs must not overlap", a.ID, x, b.ID, y)
			}
		}
	}
}

// checkPeeringTarget checks that a route's peering connection joins the
// route table's VPC.
func checkPeeringTarget(v *validator, r vres, field string, j int, tid, vpcID string) {
	if p := &v.n.PeeringConnections[j]; p.RequesterVPC != vpcID && p.AccepterVPC != vpcID {
		r.errf(field, ErrWrongVPC, "peering connection %q joins vpcs %q and %q, not vpc %q",
			tid, p.RequesterVPC, p.AccepterVPC, vpcID)
	}
}

// compilePeerings compiles the peering connections.
func compilePeerings(c *compiler) {
	for i, p := range sortedBy(c.n.PeeringConnections, func(p vpc.PeeringConnection) string { return p.ID }) {
		c.m.pcxs = append(c.m.pcxs, cPCX{id: p.ID, a: indexOf[vpcIdx](c, p.RequesterVPC), b: indexOf[vpcIdx](c, p.AccepterVPC), active: p.Status.IsActive(),
			toB: p.RequesterVPC + " -> " + p.AccepterVPC, toA: p.AccepterVPC + " -> " + p.RequesterVPC})
		add(c, p.ID, pcxIdx(i))
	}
}

// peering is the VPC peering connection forwarding function: an active
// connection carries traffic from the sending VPC's own addresses to the
// receiving VPC's own addresses, delivered by its local route. Anything
// else would be transitive or edge-to-edge routing, which peering does not
// do.
func (w *walker) peering(x pcxIdx, from vpcIdx, p pkt) {
	m := w.m
	X := &m.pcxs[x]
	if !X.active {
		w.fail(BadState, kindPeering, X.id, StepPeering, func() string {
			return fmt.Sprintf("%s is not active", X.id)
		})
		return
	}
	to, desc := X.b, X.toB
	if from == X.b {
		to, desc = X.a, X.toA
	}
	if !m.inVPC(from, p.src) {
		w.fail(NonTransitive, kindPeering, X.id, StepPeering, func() string {
			return fmt.Sprintf("source %s is not in %s: peering is not transitive", p.src, m.vpcs[from].id)
		})
		return
	}
	if !m.inVPC(to, p.dst) {
		w.fail(NonTransitive, kindPeering, X.id, StepPeering, func() string {
			return fmt.Sprintf("destination %s is not in %s: a peer cannot use its gateways or other connections (no edge-to-edge routing)", p.dst, m.vpcs[to].id)
		})
		return
	}
	w.hop(kindPeering, X.id, StepPeering, func() string { return desc }, p)
	w.local(to, p, noSubnet)
}

// peeringNodes adds a graph node for each peering connection.
func peeringNodes(g *graphBuilder) {
	for i, x := range g.m.pcxs {
		g.add(refOf(pcxIdx(i)), x.id)
	}
}

// peeringEdges joins an active peering connection to both VPCs' routers.
func peeringEdges(g *graphBuilder) {
	for i, x := range g.m.pcxs {
		if x.active {
			n := g.node(refOf(pcxIdx(i)))
			g.edge(n, g.node(refOf(x.a)))
			g.edge(n, g.node(refOf(x.b)))
		}
	}
}

// peeringLabel describes peering connection x: the VPCs it joins, and
// whether it is active.
func peeringLabel(m *Model, x int32) []string {
	X := &m.pcxs[x]
	l := []string{X.id, "peering " + m.vpcs[X.a].id + " - " + m.vpcs[X.b].id}
	if !X.active {
		l = append(l, "not active")
	}
	return l
}
