package importer

import (
	"fmt"
	"slices"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// PruneHybrid cuts, from the hybrid declarations of n and what refers to
// them, the references to what n does not hold, and drops what cannot
// stand without them, in dependency order:
//
//   - a customer gateway whose on-premises network is missing;
//   - a virtual private gateway's VPC that is missing (it is left
//     detached);
//   - a VPN connection whose customer gateway, virtual private gateway
//     or transit gateway is missing, or which ends at a transit gateway
//     and no attachment of the transit gateway names it;
//   - a Direct Connect gateway's association with a gateway that is
//     missing, or with a detached virtual private gateway;
//   - a virtual interface whose on-premises network or Direct Connect
//     gateway is missing;
//   - a transit gateway attachment of a VPN connection, a Direct Connect
//     gateway or a peer transit gateway that is missing (or, for a
//     Direct Connect gateway, no longer associated with its transit
//     gateway); a peering attachment's association with a route table
//     that is missing;
//   - a transit gateway route to an attachment that is missing;
//   - a route table's propagation from, route to, or edge association
//     with a virtual private gateway that is missing or detached (an
//     edge association with an internet gateway that is missing too).
//
// Each removal is returned as a [Cut], in that order. A nil n is left
// alone.
func PruneHybrid(n *sim.Network) []Cut {
	if n == nil {
		return nil
	}
	p := &pruner{n: n}
	ids := func(k int, id func(int) string) map[string]bool {
		m := make(map[string]bool, k)
		for i := range k {
			m[id(i)] = true
		}
		return m
	}
	vpcs := ids(len(n.VPCs), func(i int) string { return n.VPCs[i].ID })
	tgws := ids(len(n.TransitGateways), func(i int) string { return n.TransitGateways[i].ID })
	tgwRTBs := ids(len(n.TransitGatewayRouteTables), func(i int) string { return n.TransitGatewayRouteTables[i].ID })
	nets := ids(len(n.OnPremNetworks), func(i int) string { return n.OnPremNetworks[i].ID })
	igws := ids(len(n.InternetGateways), func(i int) string { return n.InternetGateways[i].ID })

	n.CustomerGateways = slices.DeleteFunc(n.CustomerGateways, func(g vpc.CustomerGateway) bool {
		if !nets[g.Network] {
			p.cutMissing(KindCustomerGateway, g.ID, "", "on-premises network", g.Network)
			return true
		}
		return false
	})
	cgws := ids(len(n.CustomerGateways), func(i int) string { return n.CustomerGateways[i].ID })
	vgws := map[string]bool{}   // declared
	vgwVPC := map[string]bool{} // declared and attached
	for i := range n.VPNGateways {
		g := &n.VPNGateways[i]
		if g.VPC != "" && !vpcs[g.VPC] {
			p.cutMissing(KindVPNGateway, g.ID, "vpc", "vpc", g.VPC)
			g.VPC = ""
		}
		vgws[g.ID] = true
		vgwVPC[g.ID] = g.VPC != ""
	}
	vpnAtt := map[string]bool{}
	for _, a := range n.TransitGatewayAttachments {
		if a.VPNConnection != "" && a.TransitGateway != "" {
			vpnAtt[a.VPNConnection+" "+a.TransitGateway] = true
		}
	}
	n.VPNConnections = slices.DeleteFunc(n.VPNConnections, func(c vpc.VPNConnection) bool {
		switch {
		case !cgws[c.CustomerGateway]:
			p.cutMissing(KindVPNConnection, c.ID, "", "customer gateway", c.CustomerGateway)
		case c.VPNGateway != "" && !vgws[c.VPNGateway]:
			p.cutMissing(KindVPNConnection, c.ID, "", "virtual private gateway", c.VPNGateway)
		case c.TransitGateway != "" && !tgws[c.TransitGateway]:
			p.cutMissing(KindVPNConnection, c.ID, "", "transit gateway", c.TransitGateway)
		case c.TransitGateway != "" && !vpnAtt[c.ID+" "+c.TransitGateway]:
			p.cut(KindVPNConnection, c.ID, "", fmt.Sprintf("no attachment of transit gateway %s to it is in the import", c.TransitGateway))
		case c.VPNGateway == "" && c.TransitGateway == "":
			p.cut(KindVPNConnection, c.ID, "", "it ends at neither a virtual private gateway nor a transit gateway")
		default:
			return false
		}
		return true
	})
	vpns := ids(len(n.VPNConnections), func(i int) string { return n.VPNConnections[i].ID })

	for i := range n.DirectConnectGateways {
		g := &n.DirectConnectGateways[i]
		g.Associations = slices.DeleteFunc(g.Associations, func(a vpc.DirectConnectAssociation) bool {
			switch {
			case vgws[a.Gateway] && !vgwVPC[a.Gateway]:
				p.cut(KindDXGateway, g.ID, "associations", fmt.Sprintf("virtual private gateway %s is not attached to a VPC of the import", a.Gateway))
			case !vgws[a.Gateway] && !tgws[a.Gateway]:
				p.cutMissing(KindDXGateway, g.ID, "associations", "virtual private gateway or transit gateway", a.Gateway)
			default:
				return false
			}
			return true
		})
	}
	dxgws := ids(len(n.DirectConnectGateways), func(i int) string { return n.DirectConnectGateways[i].ID })
	dxAssoc := map[string]bool{}
	for _, g := range n.DirectConnectGateways {
		for _, a := range g.Associations {
			dxAssoc[g.ID+" "+a.Gateway] = true
		}
	}
	n.VirtualInterfaces = slices.DeleteFunc(n.VirtualInterfaces, func(f vpc.VirtualInterface) bool {
		switch {
		case !nets[f.Network]:
			p.cutMissing(KindVirtualIface, f.ID, "", "on-premises network", f.Network)
		case !dxgws[f.DirectConnectGateway]:
			p.cutMissing(KindVirtualIface, f.ID, "", "direct connect gateway", f.DirectConnectGateway)
		default:
			return false
		}
		return true
	})

	n.TransitGatewayAttachments = slices.DeleteFunc(n.TransitGatewayAttachments, func(a vpc.TransitGatewayAttachment) bool {
		switch {
		case a.VPNConnection != "" && !vpns[a.VPNConnection]:
			p.cutMissing(KindTGWAttachment, a.ID, "", "vpn connection", a.VPNConnection)
		case a.DirectConnectGateway != "" && !dxgws[a.DirectConnectGateway]:
			p.cutMissing(KindTGWAttachment, a.ID, "", "direct connect gateway", a.DirectConnectGateway)
		case a.DirectConnectGateway != "" && !dxAssoc[a.DirectConnectGateway+" "+a.TransitGateway]:
			p.cut(KindTGWAttachment, a.ID, "", fmt.Sprintf("direct connect gateway %s has no association with transit gateway %s in the import", a.DirectConnectGateway, a.TransitGateway))
		case a.PeerTransitGateway != "" && !tgws[a.PeerTransitGateway]:
			p.cutMissing(KindTGWAttachment, a.ID, "", "transit gateway (peer)", a.PeerTransitGateway)
		default:
			return false
		}
		return true
	})
	atts := map[string]bool{}
	for i := range n.TransitGatewayAttachments {
		a := &n.TransitGatewayAttachments[i]
		atts[a.ID] = true
		if a.PeerRouteTable != "" && !tgwRTBs[a.PeerRouteTable] {
			p.cutMissing(KindTGWAttachment, a.ID, "peerRouteTable", "transit gateway route table", a.PeerRouteTable)
			a.PeerRouteTable = ""
		}
	}
	for i := range n.TransitGatewayRouteTables {
		t := &n.TransitGatewayRouteTables[i]
		t.Routes = slices.DeleteFunc(t.Routes, func(r vpc.TGWRoute) bool {
			if !r.Blackhole && r.Attachment != "" && !atts[r.Attachment] {
				p.cutMissing(KindTGWRouteTable, t.ID, "routes["+r.Destination.String()+"]", "transit gateway attachment", r.Attachment)
				return true
			}
			return false
		})
	}

	for i := range n.RouteTables {
		t := &n.RouteTables[i]
		t.Propagations = slices.DeleteFunc(t.Propagations, func(g string) bool {
			if !vgwVPC[g] {
				p.cutMissing(KindRouteTable, t.ID, "propagations", "attached virtual private gateway", g)
				return true
			}
			return false
		})
		t.Gateways = slices.DeleteFunc(t.Gateways, func(g string) bool {
			if !vgwVPC[g] && !igws[g] {
				p.cutMissing(KindRouteTable, t.ID, "gateways", "attached virtual private gateway or internet gateway", g)
				return true
			}
			return false
		})
		t.Routes = slices.DeleteFunc(t.Routes, func(r vpc.Route) bool {
			if r.Target.Kind == vpc.TargetVPNGateway && !r.Blackhole && !vgwVPC[r.Target.ID] {
				dst := r.PrefixList
				if dst == "" {
					dst = r.Destination.String()
				}
				p.cutMissing(KindRouteTable, t.ID, "routes["+dst+"]", "attached virtual private gateway", r.Target.ID)
				return true
			}
			return false
		})
	}
	return p.cuts
}
