package sim

import (
	"fmt"

	"github.com/vpcsim/vpcsim/vpc"
)

type cEIGW struct {
	id  string
	vpc int32
}

func (v *validator) checkEIGW(r vres, _ int, g *vpc.EgressOnlyInternetGateway) {
	if vp := r.vpcRef("vpc", g.VPC, true); vp != nil {
		r.onlyOne("vpc", "an egress-only internet gateway", g.VPC)
	}
}

// eigwOut is the egress-only internet gateway forwarding function for a
// packet leaving the VPC: IPv6 only.
func (w *walker) eigwOut(g int32, p pkt) {
	G := &w.m.eigws[g]
	if p.dst.Is4() {
		w.fail(EgressOnly, KindEgressOnly, G.id, StepEgressOnly, func() string {
			return fmt.Sprintf("%s carries only IPv6", G.id)
		})
		return
	}
	if w.m.eniAt(G.vpc, p.src) < 0 {
		w.fail(ForeignSource, KindEgressOnly, G.id, StepEgressOnly, func() string {
			return fmt.Sprintf("source %s is not an address of an interface in %s", p.src, w.m.vpcs[G.vpc].id)
		})
		return
	}
	p.srcVPC = -1
	w.hop(KindEgressOnly, G.id, StepEgressOnly, nil, p)
	w.internet(p)
}
