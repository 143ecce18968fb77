package awsimport

import (
	"net/netip"
	"slices"
	"strings"

	dx "github.com/aws/aws-sdk-go-v2/service/directconnect"
	dxt "github.com/aws/aws-sdk-go-v2/service/directconnect/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2t "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpcsim/vpcsim/internal/importer"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file maps hybrid connectivity: virtual private gateways, customer
// gateways and Site-to-Site VPN connections (ec2), Direct Connect
// gateways, their associations and virtual interfaces (directconnect),
// transit gateway VPN, Direct Connect gateway and peering attachments,
// and the on-premises networks behind the customer side.

// hybridRaw holds the decoded hybrid resources, in file order.
type hybridRaw struct {
	vgws     []rec[ec2t.VpnGateway]
	cgws     []rec[ec2t.CustomerGateway]
	vpns     []rec[ec2t.VpnConnection]
	peerings []rec[ec2t.TransitGatewayPeeringAttachment]
	// peerViews are describe-transit-gateway-attachments items of type
	// peering: each account's view of a peering attachment.
	peerViews []rec[ec2t.TransitGatewayAttachment]
	dxgws     []rec[dxt.DirectConnectGateway]
	dxAssocs  []rec[dxt.DirectConnectGatewayAssociation]
	vifs      []rec[dxt.VirtualInterface]

	// learned are the prefixes routes propagated from a virtual private
	// gateway (by gateway) or to a VPN or Direct Connect gateway
	// attachment (by attachment) show: what the customer side advertises.
	learned map[string][]netip.Prefix
}

// hybridCalls are the readers of the hybrid calls' output; calls.go adds
// them to calls.
var hybridCalls = map[string]func(*fileCtx) error{
	"VpnGateways": list(func(o *ec2.DescribeVpnGatewaysOutput) []ec2t.VpnGateway { return o.VpnGateways },
		func(r *raw) *[]rec[ec2t.VpnGateway] { return &r.hy.vgws }),
	"CustomerGateways": list(func(o *ec2.DescribeCustomerGatewaysOutput) []ec2t.CustomerGateway { return o.CustomerGateways },
		func(r *raw) *[]rec[ec2t.CustomerGateway] { return &r.hy.cgws }),
	"VpnConnections": list(func(o *ec2.DescribeVpnConnectionsOutput) []ec2t.VpnConnection { return o.VpnConnections },
		func(r *raw) *[]rec[ec2t.VpnConnection] { return &r.hy.vpns }),
	"TransitGatewayPeeringAttachments": list(func(o *ec2.DescribeTransitGatewayPeeringAttachmentsOutput) []ec2t.TransitGatewayPeeringAttachment {
		return o.TransitGatewayPeeringAttachments
	}, func(r *raw) *[]rec[ec2t.TransitGatewayPeeringAttachment] { return &r.hy.peerings }),
	"directConnectGateways": list(func(o *dx.DescribeDirectConnectGatewaysOutput) []dxt.DirectConnectGateway {
		return o.DirectConnectGateways
	},
		func(r *raw) *[]rec[dxt.DirectConnectGateway] { return &r.hy.dxgws }),
	"directConnectGatewayAssociations": list(func(o *dx.DescribeDirectConnectGatewayAssociationsOutput) []dxt.DirectConnectGatewayAssociation {
		return o.DirectConnectGatewayAssociations
	}, func(r *raw) *[]rec[dxt.DirectConnectGatewayAssociation] { return &r.hy.dxAssocs }),
	"virtualInterfaces": list(func(o *dx.DescribeVirtualInterfacesOutput) []dxt.VirtualInterface { return o.VirtualInterfaces },
		func(r *raw) *[]rec[dxt.VirtualInterface] { return &r.hy.vifs }),
}

// learn records a prefix the customer side of gateway or attachment id
// advertises.
func (b *builder) learn(id, cidr string) {
	p, err := netip.ParsePrefix(cidr)
	if err != nil || id == "" {
		return
	}
	if b.raw.hy.learned == nil {
		b.raw.hy.learned = map[string][]netip.Prefix{}
	}
	if !slices.Contains(b.raw.hy.learned[id], p.Masked()) {
		b.raw.hy.learned[id] = append(b.raw.hy.learned[id], p.Masked())
	}
}

// splitPeeringViews moves the peering items of
// describe-transit-gateway-attachments aside (each side's account shows
// its own view of the same attachment) and returns the others.
func (b *builder) splitPeeringViews() []rec[ec2t.TransitGatewayAttachment] {
	var out []rec[ec2t.TransitGatewayAttachment]
	for _, r := range b.raw.tgwAtts {
		if string(r.v.ResourceType) == "peering" {
			b.raw.hy.peerViews = append(b.raw.hy.peerViews, r)
			continue
		}
		out = append(out, r)
	}
	return out
}

// hybridAttachment maps an attachment of describe-transit-gateway-
// attachments that attaches a VPN connection or a Direct Connect gateway;
// assoc and props are the associations and propagations the route
// tables' side tells. It reports false for the types it does not map.
func (b *builder) hybridAttachment(g rec[ec2t.TransitGatewayAttachment], assoc map[string]string, props map[string][]string) bool {
	id := str(g.v.TransitGatewayAttachmentId)
	name, tg := tags(g.v.Tags)
	out := vpc.TransitGatewayAttachment{ID: id, Name: name, TransitGateway: str(g.v.TransitGatewayId), Tags: tg}
	switch string(g.v.ResourceType) {
	case "vpn":
		out.VPNConnection = str(g.v.ResourceId)
	case "direct-connect-gateway":
		out.DirectConnectGateway = str(g.v.ResourceId)
	default:
		return false
	}
	switch st := string(g.v.State); st {
	case "", "available", "modifying":
	default:
		b.skip("transit-gateway-attachment", id, g.src, "state %s: carries no traffic", st)
		return true
	}
	if a := g.v.Association; a != nil {
		if st := string(a.State); st == "associated" || st == "associating" || st == "" {
			out.RouteTable = str(a.TransitGatewayRouteTableId)
		}
	}
	if out.RouteTable == "" {
		out.RouteTable = assoc[id]
	}
	out.Propagations = slices.Clone(props[id])
	slices.Sort(out.Propagations)
	b.net.TransitGatewayAttachments = append(b.net.TransitGatewayAttachments, out)
	return true
}

// mapPeerings maps the transit gateway peering attachments: requester
// and accepter from describe-transit-gateway-peering-attachments (else
// from an account's view in describe-transit-gateway-attachments), and
// each side's association, told by the view of that side's account or by
// get-transit-gateway-route-table-associations of that side's table.
func (b *builder) mapTGWPeerings() {
	rtTGW := map[string]string{}
	for _, r := range b.raw.tgwRTs {
		rtTGW[str(r.v.TransitGatewayRouteTableId)] = str(r.v.TransitGatewayId)
	}
	// route table per (attachment, transit gateway)
	sides := map[[2]string]string{}
	for _, r := range byFile(b.raw.tgwAssocs) {
		for _, a := range r.v.items {
			if st := string(a.State); st == "associated" || st == "associating" || st == "" {
				k := [2]string{str(a.TransitGatewayAttachmentId), rtTGW[r.v.owner]}
				if _, ok := sides[k]; !ok {
					sides[k] = r.v.owner
				}
			}
		}
	}
	views := map[string][]rec[ec2t.TransitGatewayAttachment]{}
	for _, r := range byFile(b.raw.hy.peerViews) {
		id := str(r.v.TransitGatewayAttachmentId)
		views[id] = append(views[id], r)
		if a := r.v.Association; a != nil && (string(a.State) == "associated" || string(a.State) == "associating") {
			sides[[2]string{id, str(r.v.TransitGatewayId)}] = str(a.TransitGatewayRouteTableId)
		}
	}
	done := map[string]bool{}
	add := func(id, req, acc, state string, s *src, name string, tg map[string]string) {
		if done[id] {
			return
		}
		done[id] = true
		switch state {
		case "", "available", "modifying":
		default:
			b.skip("transit-gateway-attachment", id, s, "state %s: a peering attachment carries traffic once accepted and available", state)
			return
		}
		b.origin["transit-gateway-attachment "+id] = s
		b.net.TransitGatewayAttachments = append(b.net.TransitGatewayAttachments, vpc.TransitGatewayAttachment{ID: id, Name: name, Tags: tg,
			TransitGateway: req, PeerTransitGateway: acc, RouteTable: sides[[2]string{id, req}], PeerRouteTable: sides[[2]string{id, acc}]})
	}
	for _, r := range dedupe(b, "transit-gateway-peering-attachment", b.raw.hy.peerings, func(p *ec2t.TransitGatewayPeeringAttachment) string {
		return str(p.TransitGatewayAttachmentId)
	}) {
		p := r.v
		var req, acc string
		if p.RequesterTgwInfo != nil {
			req = str(p.RequesterTgwInfo.TransitGatewayId)
			b.placeTGW(req, str(p.RequesterTgwInfo.OwnerId), str(p.RequesterTgwInfo.Region))
		}
		if p.AccepterTgwInfo != nil {
			acc = str(p.AccepterTgwInfo.TransitGatewayId)
			b.placeTGW(acc, str(p.AccepterTgwInfo.OwnerId), str(p.AccepterTgwInfo.Region))
		}
		name, tg := tags(p.Tags)
		add(str(p.TransitGatewayAttachmentId), req, acc, string(p.State), r.src, name, tg)
	}
	ids := slices.Sorted(func(yield func(string) bool) {
		for k := range views {
			if !yield(k) {
				return
			}
		}
	})
	for _, id := range ids {
		if done[id] {
			continue
		}
		v := views[id][0]
		if len(views[id]) < 2 {
			b.skip("transit-gateway-attachment", id, v.src, "a peering attachment seen from one side only: its peer is unknown (add describe-transit-gateway-peering-attachments output)")
			continue
		}
		// Each view names its own transit gateway; the requester is the
		// one listed first by file, as nothing else tells.
		name, tg := tags(v.v.Tags)
		add(id, str(v.v.TransitGatewayId), str(views[id][1].v.TransitGatewayId), string(v.v.State), v.src, name, tg)
	}
}

// placeTGW fills the account and Region of a transit gateway a peering
// attachment tells, where its own description did not.
func (b *builder) placeTGW(id, account, region string) {
	for i := range b.net.TransitGateways {
		t := &b.net.TransitGateways[i]
		if t.ID == id {
			t.Account = cmpOr(t.Account, account)
			t.Region = cmpOr(t.Region, region)
		}
	}
}

// mapHybrid maps the virtual private gateways, customer gateways, VPN
// connections, Direct Connect gateways and virtual interfaces.
func (b *builder) mapHybrid() {
	n := b.net
	for _, r := range dedupe(b, "vpn-gateway", b.raw.hy.vgws, func(g *ec2t.VpnGateway) string { return str(g.VpnGatewayId) }) {
		g := r.v
		id := str(g.VpnGatewayId)
		if st := string(g.State); st == "deleted" || st == "deleting" {
			b.skip("vpn-gateway", id, r.src, "state %s", st)
			continue
		}
		name, tg := tags(g.Tags)
		out := vpc.VPNGateway{ID: id, Name: name, Tags: tg}
		for _, a := range g.VpcAttachments {
			if st := string(a.State); st == "attached" || st == "attaching" || st == "" {
				out.VPC = str(a.VpcId)
			}
		}
		n.VPNGateways = append(n.VPNGateways, out)
	}
	for _, r := range dedupe(b, "customer-gateway", b.raw.hy.cgws, func(g *ec2t.CustomerGateway) string { return str(g.CustomerGatewayId) }) {
		g := r.v
		id := str(g.CustomerGatewayId)
		if st := str(g.State); st == "deleted" || st == "deleting" {
			b.skip("customer-gateway", id, r.src, "state %s", st)
			continue
		}
		name, tg := tags(g.Tags)
		n.CustomerGateways = append(n.CustomerGateways, vpc.CustomerGateway{ID: id, Name: name, Tags: tg,
			Network: importer.OnPremOf(b.opts.OnPrem, id, tg, name, str(g.IpAddress))})
	}
	for _, r := range dedupe(b, "vpn-connection", b.raw.hy.vpns, func(c *ec2t.VpnConnection) string { return str(c.VpnConnectionId) }) {
		c := r.v
		id := str(c.VpnConnectionId)
		if st := string(c.State); st == "deleted" || st == "deleting" {
			b.skip("vpn-connection", id, r.src, "state %s", st)
			continue
		}
		name, tg := tags(c.Tags)
		out := vpc.VPNConnection{ID: id, Name: name, Tags: tg, CustomerGateway: str(c.CustomerGatewayId),
			VPNGateway: str(c.VpnGatewayId), TransitGateway: str(c.TransitGatewayId)}
		if o := c.Options; o != nil {
			out.StaticRoutesOnly = boolv(o.StaticRoutesOnly)
			for _, sel := range []string{str(o.LocalIpv4NetworkCidr), str(o.RemoteIpv4NetworkCidr), str(o.LocalIpv6NetworkCidr), str(o.RemoteIpv6NetworkCidr)} {
				if sel != "" && sel != "0.0.0.0/0" && sel != "::/0" {
					b.skip("vpn-connection-option", id, r.src, "traffic selectors (local and remote network CIDRs %s) are not modelled: vpcsim lets the tunnels carry every address the routes send", sel)
					break
				}
			}
		}
		if out.StaticRoutesOnly && out.VPNGateway != "" {
			for _, x := range c.Routes {
				if st := string(x.State); st == "deleted" || st == "deleting" {
					continue
				}
				if p, err := parsePrefix(str(x.DestinationCidrBlock)); err != nil {
					b.skip("vpn-connection-route", id+" "+str(x.DestinationCidrBlock), r.src, "%v", err)
				} else if !slices.Contains(out.Routes, p) {
					out.Routes = append(out.Routes, p)
				}
			}
		}
		for _, t := range c.VgwTelemetry {
			st := vpc.LinkUp
			if strings.EqualFold(string(t.Status), "DOWN") {
				st = vpc.LinkDown
			}
			out.Tunnels = append(out.Tunnels, vpc.VPNTunnel{Status: st})
		}
		n.VPNConnections = append(n.VPNConnections, out)
	}

	dxgws := map[string]*vpc.DirectConnectGateway{}
	for _, r := range dedupe(b, "direct-connect-gateway", b.raw.hy.dxgws, func(g *dxt.DirectConnectGateway) string { return str(g.DirectConnectGatewayId) }) {
		g := r.v
		id := str(g.DirectConnectGatewayId)
		if st := string(g.DirectConnectGatewayState); st == "deleted" || st == "deleting" {
			b.skip("direct-connect-gateway", id, r.src, "state %s", st)
			continue
		}
		n.DirectConnectGateways = append(n.DirectConnectGateways, vpc.DirectConnectGateway{ID: id, Name: str(g.DirectConnectGatewayName)})
	}
	for i := range n.DirectConnectGateways {
		dxgws[n.DirectConnectGateways[i].ID] = &n.DirectConnectGateways[i]
	}
	for _, r := range dedupe(b, "direct-connect-gateway-association", b.raw.hy.dxAssocs, func(a *dxt.DirectConnectGatewayAssociation) string {
		return cmpOr(str(a.AssociationId), str(a.DirectConnectGatewayId)+" "+str(a.VirtualGatewayId))
	}) {
		a := r.v
		ref := cmpOr(str(a.AssociationId), str(a.DirectConnectGatewayId))
		if st := string(a.AssociationState); st != "associated" && st != "updating" && st != "" {
			b.skip("direct-connect-gateway-association", ref, r.src, "state %s: carries no traffic", st)
			continue
		}
		gw := str(a.VirtualGatewayId)
		if a.AssociatedGateway != nil {
			gw = cmpOr(str(a.AssociatedGateway.Id), gw)
			if t := string(a.AssociatedGateway.Type); t != "" && t != "virtualPrivateGateway" && t != "transitGateway" {
				b.skip("direct-connect-gateway-association", ref, r.src, "associated with a %s, which is not modelled", t)
				continue
			}
		}
		g := dxgws[str(a.DirectConnectGatewayId)]
		if g == nil {
			b.skip("direct-connect-gateway-association", ref, r.src, "refers to direct connect gateway %s, which is not in the input (add aws directconnect describe-direct-connect-gateways output)", str(a.DirectConnectGatewayId))
			continue
		}
		x := vpc.DirectConnectAssociation{Gateway: gw}
		for _, p := range a.AllowedPrefixesToDirectConnectGateway {
			if q, err := parsePrefix(str(p.Cidr)); err != nil {
				b.skip("direct-connect-gateway-association", ref, r.src, "allowed prefix: %v", err)
			} else {
				x.AllowedPrefixes = append(x.AllowedPrefixes, q)
			}
		}
		g.Associations = append(g.Associations, x)
	}
	for _, r := range dedupe(b, "virtual-interface", b.raw.hy.vifs, func(f *dxt.VirtualInterface) string { return str(f.VirtualInterfaceId) }) {
		f := r.v
		id := str(f.VirtualInterfaceId)
		typ := vpc.VirtualInterfaceType(str(f.VirtualInterfaceType))
		if !typ.Valid() {
			b.skip("virtual-interface", id, r.src, "%s virtual interfaces are not modelled (private and transit ones are)", str(f.VirtualInterfaceType))
			continue
		}
		st := string(f.VirtualInterfaceState)
		switch st {
		case "available", "down", "testing", "":
		default:
			b.skip("virtual-interface", id, r.src, "state %s: carries no traffic", st)
			continue
		}
		tg := map[string]string{}
		for _, t := range f.Tags {
			tg[str(t.Key)] = str(t.Value)
		}
		if len(tg) == 0 {
			tg = nil
		}
		out := vpc.VirtualInterface{ID: id, Name: str(f.VirtualInterfaceName), Type: typ, Tags: tg,
			DirectConnectGateway: str(f.DirectConnectGatewayId), Network: importer.OnPremOf(b.opts.OnPrem, id, tg, str(f.VirtualInterfaceName))}
		up := st != "down"
		if len(f.BgpPeers) > 0 {
			up = up && slices.ContainsFunc(f.BgpPeers, func(p dxt.BGPPeer) bool { return string(p.BgpStatus) != "down" })
		}
		if !up {
			out.BGPStatus = vpc.LinkDown
		}
		if out.DirectConnectGateway == "" && typ == vpc.PrivateVirtualInterface && str(f.VirtualGatewayId) != "" {
			// Attached to a virtual private gateway directly: a Direct
			// Connect gateway with that one association carries the same
			// routes.
			gid := id + "/dxgw"
			n.DirectConnectGateways = append(n.DirectConnectGateways, vpc.DirectConnectGateway{ID: gid,
				Associations: []vpc.DirectConnectAssociation{{Gateway: str(f.VirtualGatewayId)}}})
			b.skip("virtual-interface-gateway", id, r.src, "attached to virtual private gateway %s directly: modelled as joined to it through a Direct Connect gateway of its own, %s",
				str(f.VirtualGatewayId), gid)
			out.DirectConnectGateway = gid
		}
		n.VirtualInterfaces = append(n.VirtualInterfaces, out)
	}
	b.learnedRoutes()
}

// learnedRoutes gives the BGP connections the prefixes the routes
// propagated from or to them show: the propagated routes of a virtual
// private gateway go to its BGP VPN connections and the private virtual
// interfaces of the Direct Connect gateways associated with it (but the
// static routes of its static connections); those to a VPN attachment to
// its connection; those to a Direct Connect gateway attachment to the
// gateway's transit virtual interfaces.
func (b *builder) learnedRoutes() {
	n := b.net
	learned := b.raw.hy.learned
	if len(learned) == 0 {
		return
	}
	static := map[string][]netip.Prefix{}
	for _, c := range n.VPNConnections {
		if c.StaticRoutesOnly && c.VPNGateway != "" {
			static[c.VPNGateway] = append(static[c.VPNGateway], c.Routes...)
		}
	}
	give := func(dst *[]netip.Prefix, ps []netip.Prefix, skip []netip.Prefix) {
		for _, p := range ps {
			if !slices.Contains(skip, p) && !slices.Contains(*dst, p) {
				*dst = append(*dst, p)
			}
		}
	}
	vpnAtt := map[string]string{}
	dxAtt := map[string][]string{}
	for _, a := range n.TransitGatewayAttachments {
		switch {
		case a.VPNConnection != "":
			vpnAtt[a.VPNConnection] = a.ID
		case a.DirectConnectGateway != "":
			dxAtt[a.DirectConnectGateway] = append(dxAtt[a.DirectConnectGateway], a.ID)
		}
	}
	for i := range n.VPNConnections {
		c := &n.VPNConnections[i]
		if c.StaticRoutesOnly {
			continue
		}
		if c.VPNGateway != "" {
			give(&c.Routes, learned[c.VPNGateway], static[c.VPNGateway])
		}
		give(&c.Routes, learned[vpnAtt[c.ID]], nil)
	}
	assoc := map[string][]string{} // DX gateway -> associated gateways
	for _, g := range n.DirectConnectGateways {
		for _, a := range g.Associations {
			assoc[g.ID] = append(assoc[g.ID], a.Gateway)
		}
	}
	for i := range n.VirtualInterfaces {
		f := &n.VirtualInterfaces[i]
		if f.Type == vpc.PrivateVirtualInterface {
			for _, g := range assoc[f.DirectConnectGateway] {
				give(&f.Routes, learned[g], static[g])
			}
			continue
		}
		for _, att := range dxAtt[f.DirectConnectGateway] {
			give(&f.Routes, learned[att], nil)
		}
	}
}

// finishHybrid declares the on-premises networks, gives the BGP
// connections whose advertised prefixes nothing told their network's
// CIDRs, and cuts what refers to what the input does not hold; each
// inference and cut is reported.
func (b *builder) finishHybrid() {
	n := b.net
	// Where each network's gateways came from, for the reports.
	where := map[string]*src{}
	for _, g := range n.CustomerGateways {
		if where[g.Network] == nil {
			where[g.Network] = b.from("customer-gateway", g.ID)
		}
	}
	for _, f := range n.VirtualInterfaces {
		if where[f.Network] == nil {
			where[f.Network] = b.from("virtual-interface", f.ID)
		}
	}
	dropped := map[string]string{}
	for _, note := range importer.AssembleOnPrem(n, b.opts.OnPrem) {
		if note.Dropped {
			dropped[note.ID] = note.Reason
		}
		what := note.Reason
		if note.Field != "" {
			what = note.Field + ": " + what
		}
		s := where[note.ID]
		if s == nil {
			s = &src{file: "(options)"}
		}
		b.skip("onprem-network", note.ID, s, "%s", what)
	}
	for _, id := range importer.FillAdvertised(n) {
		kind := "vpn-connection"
		if _, ok := n.VirtualInterface(id); ok {
			kind = "virtual-interface"
		}
		b.skip(kind+"-routes", id, b.from(kind, id), "what its customer side advertises over BGP is not in the input (no propagated route shows it): taken to be the CIDRs of its on-premises network")
	}
	for _, c := range importer.PruneHybrid(n) {
		reason := cutReason(c)
		if why, ok := dropped[c.Ref]; ok {
			reason = "on-premises network " + c.Ref + ": " + why
		}
		kind, id := c.Kind, c.ID
		if dst, ok := strings.CutPrefix(c.Field, "routes["); ok {
			// A route, reported as the other routes are.
			kind, id, reason = "route", c.ID+" "+strings.TrimSuffix(dst, "]"), c.Reason
			if c.Kind == importer.KindTGWRouteTable {
				kind = "transit-gateway-route"
			}
		}
		b.skip(kind, id, b.from(c.Kind, c.ID), "%s", reason)
	}
}

// sortHybrid sorts the hybrid declarations by ID.
func sortHybrid(n *sim.Network) {
	byID := func(a, c string) int { return strings.Compare(a, c) }
	slices.SortFunc(n.VPNGateways, func(x, y vpc.VPNGateway) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.CustomerGateways, func(x, y vpc.CustomerGateway) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.VPNConnections, func(x, y vpc.VPNConnection) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.DirectConnectGateways, func(x, y vpc.DirectConnectGateway) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.VirtualInterfaces, func(x, y vpc.VirtualInterface) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.OnPremNetworks, func(x, y vpc.OnPremNetwork) int { return byID(x.ID, y.ID) })
	for i := range n.DirectConnectGateways {
		slices.SortFunc(n.DirectConnectGateways[i].Associations, func(x, y vpc.DirectConnectAssociation) int { return byID(x.Gateway, y.Gateway) })
	}
	for i := range n.VPNConnections {
		slices.SortFunc(n.VPNConnections[i].Routes, comparePrefix)
	}
	for i := range n.VirtualInterfaces {
		slices.SortFunc(n.VirtualInterfaces[i].Routes, comparePrefix)
	}
}

func comparePrefix(x, y netip.Prefix) int {
	if c := x.Addr().Compare(y.Addr()); c != 0 {
		return c
	}
	return x.Bits() - y.Bits()
}
