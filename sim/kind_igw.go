package sim

import (
	"fmt"
	"net/netip"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the internet gateway: its checks, its compiled
// form, and its forwarding functions, which map private IPv4 addresses to
// public ones one to one on the way out and back on the way in, and pass
// IPv6 untranslated.

// cIGW is a compiled internet gateway.
type cIGW struct {
	id  string
	vpc int32 // -1 when detached
}

func (v *validator) checkIGW(r vres, _ int, g *vpc.InternetGateway) {
	if vp := r.vpcRef("vpc", g.VPC, false); vp != nil {
		r.onlyOne("vpc", "an internet gateway", g.VPC)
	}
}

// checkIGWTarget checks that a route's internet gateway is attached to the
// route table's VPC.
func checkIGWTarget(v *validator, r vres, field string, j int, tid, vpcID string) {
	got := v.n.InternetGateways[j].VPC
	if got == "" {
		r.errf(field, ErrWrongVPC, "internet gateway %q is not attached to a vpc, want vpc %q", tid, vpcID)
		return
	}
	r.targetInVPC(field, kindIGW, tid, got, vpcID)
}

// compileIGWs compiles the internet gateways and attaches them to their
// VPCs.
func compileIGWs(c *compiler) {
	m := c.m
	for i, g := range sortedBy(c.n.InternetGateways, func(g vpc.InternetGateway) string { return g.ID }) {
		v := c.idx(g.VPC, kindVPC)
		m.igws = append(m.igws, cIGW{id: g.ID, vpc: v})
		c.add(g.ID, kindIGW, i)
		if v >= 0 {
			m.vpcs[v].igw = int32(i)
		}
	}
}

// igwOut is the internet gateway forwarding function for a packet leaving
// the VPC: translate the private IPv4 source to its public address.
func (w *walker) igwOut(g int32, p pkt) {
	m := w.m
	G := &m.igws[g]
	if G.vpc < 0 {
		w.fail(BadState, kindIGW, G.id, StepPublicNAT, func() string {
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
			w.fail(NoPublicIP, kindIGW, G.id, StepPublicNAT, func() string {
				if e >= 0 && m.enis[e].nat >= 0 {
					return fmt.Sprintf("%s is a private NAT gateway: traffic it sends to an internet gateway is dropped", m.nats[m.enis[e].nat].id)
				}
				return fmt.Sprintf("source %s has no public IPv4 address", p.src)
			})
			return
		}
		old := p.src
		p.src, p.srcVPC = pub, -1
		w.hop(kindIGW, G.id, StepPublicNAT, func() string { return fmt.Sprintf("source %s -> %s", old, p.src) }, p)
	} else {
		if m.eniAt(G.vpc, p.src) < 0 {
			w.fail(ForeignSource, kindIGW, G.id, StepPublicNAT, func() string {
				return fmt.Sprintf("source %s is not an address of an interface in %s", p.src, m.vpcs[G.vpc].id)
			})
			return
		}
		p.srcVPC = -1
		w.hop(kindIGW, G.id, StepPublicNAT, func() string { return "IPv6: no translation" }, p)
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
	w.hop(kindIGW, m.igws[g].id, StepPublicNAT, func() string { return fmt.Sprintf("destination %s -> %s", old, p.dst) }, p)
	w.local(m.igws[g].vpc, p, -1)
}

// igwIn6 is the internet gateway forwarding function for an IPv6 packet
// from the internet to VPC v: no translation, delivery through the VPC
// router.
func (w *walker) igwIn6(g int32, v int32, p pkt) {
	w.hop(kindIGW, w.m.igws[g].id, StepPublicNAT, func() string { return "IPv6: no translation" }, p)
	w.local(v, p, -1)
}

// igwNodes adds a graph node for each internet gateway.
func igwNodes(g *graphBuilder) {
	for i, x := range g.m.igws {
		g.add(kindIGW, int32(i), x.id)
	}
}

// igwEdges joins an attached internet gateway to the internet both ways
// and to its VPC's router.
func igwEdges(g *graphBuilder) {
	for i, x := range g.m.igws {
		if x.vpc >= 0 {
			n := g.node(kindIGW, int32(i))
			g.edge(n, g.node(kindInternet, 0))
			g.edge(g.node(kindInternet, 0), n)
			g.edge(n, g.node(kindVPC, x.vpc))
		}
	}
}

func igwLabel(m *Model, g int32) []string { return []string{m.igws[g].id, "internet gateway"} }

// igwPlace puts an attached internet gateway in its VPC's cluster.
func igwPlace(m *Model, g int32) (int32, int32) { return m.igws[g].vpc, -1 }
