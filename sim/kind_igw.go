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

// igwIdx indexes Model.igws.
type igwIdx int32

const noIGW igwIdx = -1

func (igwIdx) kind() kind { return kindIGW }

// cIGW is a compiled internet gateway.
type cIGW struct {
	id   string
	vpc  vpcIdx // noVPC when detached
	edge rtbIdx // its gateway route table, or noRTB
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
		r.errf(field, ErrWrongVPC, "internet gateway %q is not attached to a vpc: AWS shows a route to a detached gateway "+
			"as a blackhole, so mark the route blackhole, or attach the gateway to vpc %q", tid, vpcID)
		return
	}
	r.targetInVPC(field, kindIGW, tid, got, vpcID)
}

// compileIGWs compiles the internet gateways and attaches them to their
// VPCs.
func compileIGWs(c *compiler) {
	m := c.m
	for i, g := range sortedBy(c.n.InternetGateways, func(g vpc.InternetGateway) string { return g.ID }) {
		v := indexOf[vpcIdx](c, g.VPC)
		m.igws = append(m.igws, cIGW{id: g.ID, vpc: v, edge: noRTB})
		add(c, g.ID, igwIdx(i))
		if v != noVPC {
			m.vpcs[v].igw = igwIdx(i)
		}
	}
}

// igwOut is the internet gateway forwarding function for a packet leaving
// the VPC: translate the private IPv4 source to its public address.
func (w *walker) igwOut(g igwIdx, p pkt) {
	m := w.m
	G := &m.igws[g]
	if p.src.Is4() {
		pub, e := m.publicOf(G.vpc, p.src)
		if e == noENI && p.srcVPC != G.vpc {
			// A subnet host's placeholder public address is for what
			// the subnet host sends, not for a packet from elsewhere
			// that happens to carry its address.
			pub = netip.Addr{}
		}
		if !pub.IsValid() {
			w.fail(NoPublicIP, kindIGW, G.id, StepPublicNAT, func() string {
				if e != noENI && m.enis[e].nat != noNAT {
					return fmt.Sprintf("%s is a private NAT gateway: traffic it sends to an internet gateway is dropped", m.nats[m.enis[e].nat].id)
				}
				return fmt.Sprintf("source %s has no public IPv4 address", p.src)
			})
			return
		}
		old := p.src
		p.src, p.srcVPC = pub, noVPC
		w.hop(kindIGW, G.id, StepPublicNAT, func() string { return addrText("source ", old, " -> ", p.src) }, p)
	} else {
		if !m.hostAt(G.vpc, p.src) {
			w.fail(ForeignSource, kindIGW, G.id, StepPublicNAT, func() string {
				return fmt.Sprintf("source %s is not an address of an interface in %s", p.src, m.vpcs[G.vpc].id)
			})
			return
		}
		p.srcVPC = noVPC
		w.hop(kindIGW, G.id, StepPublicNAT, func() string { return "IPv6: no translation" }, p)
	}
	w.internet(p)
}

// igwIn is the internet gateway forwarding function for a packet from the
// internet to a public address that maps to private address priv (of an
// interface or a subnet host): translate and deliver through the VPC
// router, or the gateway route table when it has one.
func (w *walker) igwIn(g igwIdx, priv netip.Addr, p pkt) {
	m := w.m
	old := p.dst
	p.dst = priv
	w.hop(kindIGW, m.igws[g].id, StepPublicNAT, func() string { return addrText("destination ", old, " -> ", p.dst) }, p)
	w.edgeIn(kindIGW, m.igws[g].id, m.igws[g].vpc, m.igws[g].edge, p)
}

// igwIn6 is the internet gateway forwarding function for an IPv6 packet
// from the internet to VPC v: no translation, delivery through the VPC
// router.
func (w *walker) igwIn6(g igwIdx, v vpcIdx, p pkt) {
	G := &w.m.igws[g]
	w.hop(kindIGW, G.id, StepPublicNAT, func() string { return "IPv6: no translation" }, p)
	w.edgeIn(kindIGW, G.id, v, G.edge, p)
}

// igwNodes adds a graph node for each internet gateway.
func igwNodes(g *graphBuilder) {
	for i, x := range g.m.igws {
		g.add(refOf(igwIdx(i)), x.id)
	}
}

// igwEdges joins an attached internet gateway to the internet both ways
// and to its VPC's router.
func igwEdges(g *graphBuilder) {
	for i, x := range g.m.igws {
		if x.vpc != noVPC {
			n, inet := g.node(refOf(igwIdx(i))), g.node(internetRef)
			g.edge(n, inet)
			g.edge(inet, n)
			g.edge(n, g.node(refOf(x.vpc)))
			edgeTableEdges(g, n, x.edge)
		}
	}
}

func igwLabel(m *Model, g int32) []string { return []string{m.igws[g].id, "internet gateway"} }

// igwPlace puts an attached internet gateway in its VPC's cluster.
func igwPlace(m *Model, g int32) (vpcIdx, subnetIdx) { return m.igws[g].vpc, noSubnet }
