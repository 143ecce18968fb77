package reference

import (
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Egress-only internet gateways.
//
// AWS facts (Amazon VPC User Guide, "Enable outbound IPv6 traffic using an
// egress-only internet gateway"):
//
//   - An egress-only internet gateway carries IPv6 only.
//   - It lets the VPC's instances start connections to the internet and
//     lets the replies back in, but the internet cannot start a
//     connection through it.
//   - It is stateful; it has no security group, and network ACLs apply as
//     everywhere. Like an internet gateway, it carries only traffic from
//     addresses of its VPC's interfaces.

// egressOnlyOf returns the egress-only internet gateway of VPC v, or nil.
func (r *Net) egressOnlyOf(v string) *vpc.EgressOnlyInternetGateway {
	for i := range r.n.EgressOnlyInternetGateways {
		if g := &r.n.EgressOnlyInternetGateways[i]; g.VPC == v {
			return g
		}
	}
	return nil
}

// egressOnlyOut carries a packet from a VPC out through egress-only
// gateway g.
func (w *walk) egressOnlyOut(g *vpc.EgressOnlyInternetGateway, p packet) {
	if p.dst.Is4() {
		w.fail(sim.EgressOnly)
		return
	}
	if _, ok := w.r.hostInVPC(g.VPC, p.src); !ok {
		w.fail(sim.ForeignSource)
		return
	}
	p.srcVPC = ""
	w.internet(p)
}

// egressOnlyIn carries a packet from the internet to an IPv6 address of
// VPC v, whose only gateway is egress-only: replies only.
func (w *walk) egressOnlyIn(v string, p packet) {
	if !w.reply {
		w.fail(sim.EgressOnly)
		return
	}
	w.local(v, p, "")
}
