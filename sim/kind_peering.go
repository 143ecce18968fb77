package sim

import (
	"fmt"
	"net/netip"

	"github.com/vpcsim/vpcsim/vpc"
)

type cPCX struct {
	id     string
	a, b   int32 // requester and accepter VPCs
	active bool
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

// peerings compiles peering connections and the VPC pairs whose security
// groups may reference each other across them: an active peering in one
// Region. (Transit gateway pairs are added by transitGateways.)
func (c *compiler) peerings() {
	m := c.m
	m.sgRefOK = map[[2]int32]uint8{}
	for i, p := range sortedBy(c.n.PeeringConnections, func(p vpc.PeeringConnection) string { return p.ID }) {
		x := cPCX{id: p.ID, a: c.idx(p.RequesterVPC, resVPC), b: c.idx(p.AccepterVPC, resVPC), active: p.Status.IsActive()}
		m.pcxs = append(m.pcxs, x)
		c.add(p.ID, resPCX, i)
		if x.active && m.vpcs[x.a].region == m.vpcs[x.b].region {
			m.sgRefOK[vpcPair(x.a, x.b)] |= refPeering
		}
	}
	// Transit gateway referencing needs the attachments, which need the
	// subnets; the declared flags are enough here.
	tgwRef := map[string]bool{}
	for _, t := range c.n.TransitGateways {
		tgwRef[t.ID] = t.SecurityGroupReferencing
	}
	byTGW := map[string][]int32{}
	for _, a := range c.n.TransitGatewayAttachments {
		if tgwRef[a.TransitGateway] && !a.SecurityGroupReferencingDisabled {
			byTGW[a.TransitGateway] = append(byTGW[a.TransitGateway], c.idx(a.VPC, resVPC))
		}
	}
	for _, vs := range byTGW {
		for _, a := range vs {
			for _, b := range vs {
				if a != b {
					m.sgRefOK[vpcPair(a, b)] |= refTGW
				}
			}
		}
	}
}

// peering is the VPC peering connection forwarding function: an active
// connection carries traffic from the sending VPC's own addresses to the
// receiving VPC's own addresses, delivered by its local route. Anything
// else would be transitive or edge-to-edge routing, which peering does not
// do.
func (w *walker) peering(x int32, from int32, p pkt) {
	m := w.m
	X := &m.pcxs[x]
	if !X.active {
		w.fail(BadState, KindPeering, X.id, StepPeering, func() string {
			return fmt.Sprintf("%s is not active", X.id)
		})
		return
	}
	to := X.b
	if from == X.b {
		to = X.a
	}
	if !m.inVPC(from, p.src) {
		w.fail(NonTransitive, KindPeering, X.id, StepPeering, func() string {
			return fmt.Sprintf("source %s is not in %s: peering is not transitive", p.src, m.vpcs[from].id)
		})
		return
	}
	if !m.inVPC(to, p.dst) {
		w.fail(NonTransitive, KindPeering, X.id, StepPeering, func() string {
			return fmt.Sprintf("destination %s is not in %s: a peer cannot use its gateways or other connections (no edge-to-edge routing)", p.dst, m.vpcs[to].id)
		})
		return
	}
	w.hop(KindPeering, X.id, StepPeering, func() string { return fmt.Sprintf("%s -> %s", m.vpcs[from].id, m.vpcs[to].id) }, p)
	w.local(to, p, -1)
}
