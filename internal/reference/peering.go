package reference

import (
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// VPC peering connections.
//
// AWS facts (VPC Peering Guide, "How VPC peering connections work", "VPC
// peering limitations" and "Unsupported VPC peering configurations"):
//
//   - A peering connection carries traffic only once active (accepted and
//     not deleted, rejected, expired or failed).
//   - It is not transitive and allows no edge-to-edge routing: it carries
//     traffic only from an address of one VPC to an address of the other,
//     so a peer cannot reach a third VPC through it, nor use this VPC's
//     internet gateway, NAT gateway or other connections.
//   - In the receiving VPC the local route delivers the traffic.

func (r *Net) pcx(id string) *vpc.PeeringConnection {
	return find(r.n.PeeringConnections, id, func(x *vpc.PeeringConnection) string { return x.ID })
}

// peeringConnection carries a packet from VPC from across connection x.
func (w *walk) peeringConnection(x *vpc.PeeringConnection, from string, p packet) {
	if !x.Status.IsActive() {
		w.fail(sim.BadState)
		return
	}
	to := x.AccepterVPC
	if from == x.AccepterVPC {
		to = x.RequesterVPC
	}
	if !w.r.inVPC(from, p.src) || !w.r.inVPC(to, p.dst) {
		w.fail(sim.NonTransitive)
		return
	}
	w.local(to, p, "")
}
