package sim

import (
	"fmt"
	"net/netip"

	"github.com/vpcsim/vpcsim/vpc"
)

type cIGW struct {
	id  string
	vpc int32 // -1 when detached
}

func (v *validator) checkIGW(r vres, _ int, g *vpc.InternetGateway) {
	if vp := r.vpcRef("vpc", g.VPC, false); vp != nil {
		r.onlyOne("vpc", "an internet gateway", g.VPC)
	}
}

// igwOut is the internet gateway forwarding function for a packet leaving
// the VPC: translate the private IPv4 source to its public address.
func (w *walker) igwOut(g int32, p pkt) {
	m := w.m
	G := &m.igws[g]
	if G.vpc < 0 {
		w.fail(BadState, KindInternetGateway, G.id, StepPublicNAT, func() string {
			return fmt.Sprintf("%s is not attached to a VPC", G.id)
		})
		return
	}
	if p.src.Is4() {
		e := m.eniAt(G.vpc, p.src)
		pub := netip.Addr{}
		if e >= 0 {
			pub = m.enis[e].publicOf(p.src)
		}
		if !pub.IsValid() {
			w.fail(NoPublicIP, KindInternetGateway, G.id, StepPublicNAT, func() string {
				if e >= 0 && m.enis[e].nat >= 0 {
					return fmt.Sprintf("%s is a private NAT gateway: traffic it sends to an internet gateway is dropped", m.nats[m.enis[e].nat].id)
				}
				return fmt.Sprintf("source %s has no public IPv4 address", p.src)
			})
			return
		}
		old := p.src
		p.src, p.srcVPC = pub, -1
		w.hop(KindInternetGateway, G.id, StepPublicNAT, func() string { return fmt.Sprintf("source %s -> %s", old, p.src) }, p)
	} else {
		if m.eniAt(G.vpc, p.src) < 0 {
			w.fail(ForeignSource, KindInternetGateway, G.id, StepPublicNAT, func() string {
				return fmt.Sprintf("source %s is not an address of an interface in %s", p.src, m.vpcs[G.vpc].id)
			})
			return
		}
		p.srcVPC = -1
		w.hop(KindInternetGateway, G.id, StepPublicNAT, func() string { return "IPv6: no translation" }, p)
	}
	w.internet(p)
}

// igwIn is the internet gateway forwarding function for a packet from the
// internet to public address of interface e: translate to its private
// address and deliver through the VPC router.
func (w *walker) igwIn(g int32, e int32, p pkt) {
	m := w.m
	old := p.dst
	p.dst = m.enis[e].privateOf(old)
	w.hop(KindInternetGateway, m.igws[g].id, StepPublicNAT, func() string { return fmt.Sprintf("destination %s -> %s", old, p.dst) }, p)
	w.local(m.igws[g].vpc, p, -1)
}
