package sim

import (
	"fmt"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the egress-only internet gateway: its checks,
// its compiled form, and its forwarding functions, which carry IPv6 flows
// initiated from inside the VPC and their replies only.

// eigwIdx indexes Model.eigws.
type eigwIdx int32

const noEIGW eigwIdx = -1

func (eigwIdx) kind() kind { return kindEIGW }

// cEIGW is a compiled egress-only internet gateway.
type cEIGW struct {
	id  string
	vpc vpcIdx
}

func (v *validator) checkEIGW(r vres, _ int, g *vpc.EgressOnlyInternetGateway) {
	if vp := r.vpcRef("vpc", g.VPC, true); vp != nil {
		r.onlyOne("vpc", "an egress-only internet gateway", g.VPC)
	}
}

// checkEIGWTarget checks that a route's egress-only internet gateway is
// in the route table's VPC.
func checkEIGWTarget(v *validator, r vres, field string, j int, tid, vpcID string) {
	r.targetInVPC(field, kindEIGW, tid, v.n.EgressOnlyInternetGateways[j].VPC, vpcID)
}

// compileEIGWs compiles the egress-only internet gateways and attaches them
// to their VPCs.
func compileEIGWs(c *compiler) {
	m := c.m
	for i, g := range sortedBy(c.n.EgressOnlyInternetGateways, func(g vpc.EgressOnlyInternetGateway) string { return g.ID }) {
		v := indexOf[vpcIdx](c, g.VPC)
		m.eigws = append(m.eigws, cEIGW{id: g.ID, vpc: v})
		add(c, g.ID, eigwIdx(i))
		m.vpcs[v].eigw = eigwIdx(i)
	}
}

// eigwOut is the egress-only internet gateway forwarding function for a
// packet leaving the VPC: IPv6 only.
func (w *walker) eigwOut(g eigwIdx, p pkt) {
	G := &w.m.eigws[g]
	if p.dst.Is4() {
		w.fail(EgressOnly, kindEIGW, G.id, StepEgressOnly, func() string {
			return fmt.Sprintf("%s carries only IPv6", G.id)
		})
		return
	}
	if w.m.eniAt(G.vpc, p.src) == noENI {
		w.fail(ForeignSource, kindEIGW, G.id, StepEgressOnly, func() string {
			return fmt.Sprintf("source %s is not an address of an interface in %s", p.src, w.m.vpcs[G.vpc].id)
		})
		return
	}
	p.srcVPC = noVPC
	w.hop(kindEIGW, G.id, StepEgressOnly, nil, p)
	w.internet(p)
}

// eigwIn is the egress-only internet gateway forwarding function for an
// IPv6 packet from the internet to VPC v: a reply passes into the VPC
// router, a flow initiated from the internet is blocked.
func (w *walker) eigwIn(g eigwIdx, v vpcIdx, p pkt) {
	G := &w.m.eigws[g]
	if !w.reply {
		w.fail(EgressOnly, kindEIGW, G.id, StepEgressOnly, func() string {
			return fmt.Sprintf("%s does not admit flows initiated from the internet", G.id)
		})
		return
	}
	w.hop(kindEIGW, G.id, StepEgressOnly, func() string { return "reply to an outbound flow" }, p)
	w.local(v, p, noSubnet)
}

// eigwNodes adds a graph node for each egress-only internet gateway.
func eigwNodes(g *graphBuilder) {
	for i, x := range g.m.eigws {
		g.add(refOf(eigwIdx(i)), x.id)
	}
}

// eigwEdges joins an egress-only gateway to the internet both ways and to
// its VPC's router.
func eigwEdges(g *graphBuilder) {
	for i, x := range g.m.eigws {
		n, inet := g.node(refOf(eigwIdx(i))), g.node(internetRef)
		g.edge(n, inet)
		g.edge(inet, n)
		g.edge(n, g.node(refOf(x.vpc)))
	}
}

func eigwLabel(m *Model, g int32) []string { return []string{m.eigws[g].id, "egress-only gateway"} }

// eigwPlace puts an egress-only gateway in its VPC's cluster.
func eigwPlace(m *Model, g int32) (vpcIdx, subnetIdx) { return m.eigws[g].vpc, noSubnet }
