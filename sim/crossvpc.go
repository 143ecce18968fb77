package sim

import (
	"cmp"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// How a security group of one VPC may be referenced from another: across
// an active same-Region peering (both directions of rules), or across a
// transit gateway with referencing on (inbound rules only, as AWS
// supports).
const (
	refPeering uint8 = 1 << iota
	refTGW
)

// vpcPair is the key of Model.sgRefOK: the two VPC indices, lower first.
func vpcPair(a, b int32) [2]int32 {
	if a > b {
		a, b = b, a
	}
	return [2]int32{a, b}
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

// transitGateways compiles transit gateways, their attachments and route
// tables (static routes plus propagated VPC CIDRs).
func (c *compiler) transitGateways() {
	m, n := c.m, c.n
	for i, t := range sortedBy(n.TransitGateways, func(t vpc.TransitGateway) string { return t.ID }) {
		m.tgws = append(m.tgws, cTGW{id: t.ID, sgRef: t.SecurityGroupReferencing})
		c.add(t.ID, resTGW, i)
	}
	tables := sortedBy(n.TransitGatewayRouteTables, func(t vpc.TransitGatewayRouteTable) string { return t.ID })
	for i, t := range tables {
		m.tgwRTBs = append(m.tgwRTBs, cTGWRTB{id: t.ID, tgw: c.idx(t.TransitGateway, resTGW)})
		c.add(t.ID, resTGWRTB, i)
	}
	atts := sortedBy(n.TransitGatewayAttachments, func(a vpc.TransitGatewayAttachment) string { return a.ID })
	for i, a := range atts {
		x := cTGWAttach{id: a.ID, tgw: c.idx(a.TransitGateway, resTGW), vpc: c.idx(a.VPC, resVPC), rtb: -1,
			sgRef: !a.SecurityGroupReferencingDisabled, ipv6: a.IPv6Support}
		for _, s := range a.Subnets {
			x.subnets = append(x.subnets, c.idx(s, resSubnet))
		}
		slices.SortFunc(x.subnets, func(p, q int32) int { return cmp.Compare(m.subnets[p].az, m.subnets[q].az) })
		if a.RouteTable != "" {
			x.rtb = c.idx(a.RouteTable, resTGWRTB)
		}
		m.tgwAtts = append(m.tgwAtts, x)
		c.add(a.ID, resTGWAttach, i)
		m.vpcs[x.vpc].tgwAtts = append(m.vpcs[x.vpc].tgwAtts, int32(i))
	}
	for i, t := range tables {
		var rs []cTGWRoute
		for j, r := range t.Routes {
			att := int32(-1)
			if !r.Blackhole {
				att = c.idx(r.Attachment, resTGWAttach)
			}
			rs = append(rs, cTGWRoute{dst: r.Destination, att: att, index: j})
		}
		// Propagation in attachment ID order: a CIDR overlapping one
		// already propagated into the table is not propagated (AWS takes
		// the first attached; vpcsim the lowest attachment ID).
		var propagated []netip.Prefix
		for ai, a := range atts {
			if !slices.Contains(a.Propagations, t.ID) {
				continue
			}
			for _, p := range m.vpcs[m.tgwAtts[ai].vpc].blocks() {
				if p.Addr().Is6() && !m.tgwAtts[ai].ipv6 || slices.ContainsFunc(propagated, p.Overlaps) {
					continue
				}
				propagated = append(propagated, p)
				rs = append(rs, cTGWRoute{dst: p, att: int32(ai), propagated: true, index: -1})
			}
		}
		slices.SortStableFunc(rs, func(a, b cTGWRoute) int {
			if c := lpmOrder(a.dst, b.dst); c != 0 {
				return c
			}
			if a.propagated != b.propagated {
				if !a.propagated {
					return -1
				}
				return 1
			}
			if c := a.dst.Addr().Compare(b.dst.Addr()); c != 0 {
				return c
			}
			return cmp.Compare(a.att, b.att)
		})
		m.tgwRTBs[i].routes = rs
	}
}

// lookup returns the index of the transit gateway route for a, or -1.
func (t *cTGWRTB) lookup(a netip.Addr) int {
	for i := range t.routes {
		if t.routes[i].dst.Contains(a) {
			return i
		}
	}
	return -1
}

// attachmentOf returns VPC v's attachment to transit gateway g, or -1.
func (m *Model) attachmentOf(v, g int32) int32 {
	for _, a := range m.vpcs[v].tgwAtts {
		if m.tgwAtts[a].tgw == g {
			return a
		}
	}
	return -1
}

// attachSubnet returns the attachment's subnet in Availability Zone az, or
// -1.
func (m *Model) attachSubnet(a int32, az string) int32 {
	for _, s := range m.tgwAtts[a].subnets {
		if m.subnets[s].az == az {
			return s
		}
	}
	return -1
}

// inVPC reports whether a is inside one of VPC v's CIDRs.
func (m *Model) inVPC(v int32, a netip.Addr) bool {
	V := &m.vpcs[v]
	return V.ipv6.IsValid() && V.ipv6.Contains(a) || slices.ContainsFunc(V.cidrs, func(p netip.Prefix) bool { return p.Contains(a) })
}
