package tfimport

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/importer"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file imports hybrid connectivity: virtual private gateways,
// customer gateways and Site-to-Site VPN connections, Direct Connect
// gateways, their associations and virtual interfaces, transit gateway
// peering, and the on-premises networks behind the customer side.

// hybridDecls holds the hybrid declarations under construction.
type hybridDecls struct {
	vgws  store[vpc.VPNGateway]
	cgws  store[vpc.CustomerGateway]
	vpns  store[vpc.VPNConnection]
	dxgws store[vpc.DirectConnectGateway]
	vifs  store[vpc.VirtualInterface]
}

// The handlers join the phases of build.go: each runs once what it
// refers to exists.
func init() {
	register := func(i int, h phase) {
		for k, f := range h {
			phases[i][k] = f
		}
	}
	// With the internet gateways and transit gateways.
	register(3, phase{
		"aws_vpn_gateway":      (*builder).doVGW,
		"aws_customer_gateway": (*builder).doCGW,
		"aws_dx_gateway":       (*builder).doDXGW,
	})
	// With the route tables and transit gateway route tables.
	register(4, phase{
		"aws_vpn_gateway_attachment":                 (*builder).doVGWAttach,
		"aws_vpn_connection":                         (*builder).doVPN,
		"aws_dx_gateway_association":                 (*builder).doDXAssoc,
		"aws_ec2_transit_gateway_peering_attachment": (*builder).doTGWPeering,
	})
	// With the interfaces and VPC attachments.
	register(5, phase{
		"aws_ec2_transit_gateway_peering_attachment_accepter": (*builder).doTGWPeeringAccepter,
		"aws_vpn_connection_route":                            (*builder).doVPNRoute,
		"aws_vpn_gateway_route_propagation":                   (*builder).doVGWPropagation,
		"aws_dx_private_virtual_interface":                    func(b *builder, in *inst) { b.doVIF(in, vpc.PrivateVirtualInterface) },
		"aws_dx_transit_virtual_interface":                    func(b *builder, in *inst) { b.doVIF(in, vpc.TransitVirtualInterface) },
		"data.aws_ec2_transit_gateway_vpn_attachment":         (*builder).doTGWAttachmentData,
		"data.aws_ec2_transit_gateway_dx_gateway_attachment":  (*builder).doTGWAttachmentData,
	})
}

func (b *builder) doVGW(in *inst) {
	a := in.a
	g := &vpc.VPNGateway{ID: in.id, Name: a.tags("tags")["Name"], Tags: a.tags("tags")}
	if a.has("vpc_id") || a.unknown("vpc_id") {
		g.VPC = b.ref(in, a, "vpc_id", "vpc_id", in.expr("vpc_id"))
		if g.VPC != "" && b.d.vpcs.get(g.VPC) == nil {
			b.skipAttr(in, "vpc_id", "its VPC %q is not in the import: the gateway is left detached", g.VPC)
			g.VPC = ""
		}
	}
	b.hy.vgws.put(in.id, in, g)
	b.imported(in, "vpc.VPNGateway")
}

func (b *builder) doVGWAttach(in *inst) {
	g := b.hy.vgws.get(b.ref(in, in.a, "vpn_gateway_id", "vpn_gateway_id", in.expr("vpn_gateway_id")))
	vpcID := b.ref(in, in.a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	switch {
	case g == nil:
		b.skip(in, "its virtual private gateway is not in the import")
	case b.d.vpcs.get(vpcID) == nil:
		b.skip(in, "its VPC %q is not in the import", vpcID)
	case g.VPC != "" && g.VPC != vpcID:
		b.skip(in, "virtual private gateway %s is already attached to %s", g.ID, g.VPC)
	default:
		g.VPC = vpcID
		b.imported(in, "attachment of "+g.ID+" to "+vpcID)
	}
}

func (b *builder) doVGWPropagation(in *inst) {
	g := b.ref(in, in.a, "vpn_gateway_id", "vpn_gateway_id", in.expr("vpn_gateway_id"))
	t := b.d.rtbs.get(b.ref(in, in.a, "route_table_id", "route_table_id", in.expr("route_table_id")))
	if t == nil || b.hy.vgws.get(g) == nil {
		b.skip(in, "its route table or virtual private gateway %q is not in the import", g)
		return
	}
	if !slices.Contains(t.Propagations, g) {
		t.Propagations = append(t.Propagations, g)
	}
	b.imported(in, "propagation of "+g+" into "+t.ID)
}

// propagatingVGWs reads the propagating_vgws of a route table.
func (b *builder) propagatingVGWs(in *inst, t *vpc.RouteTable) {
	if !in.a.has("propagating_vgws") && !in.a.unknown("propagating_vgws") {
		return
	}
	for _, g := range b.attrRefs(in, "propagating_vgws") {
		if !slices.Contains(t.Propagations, g) {
			t.Propagations = append(t.Propagations, g)
		}
	}
}

func (b *builder) doCGW(in *inst) {
	tags := in.a.tags("tags")
	g := &vpc.CustomerGateway{ID: in.id, Name: tags["Name"], Tags: tags}
	g.Network = importer.OnPremOf(b.opts.OnPrem, in.id, tags, in.a.str("id"), in.addr, tags["Name"], in.a.str("ip_address"))
	b.hy.cgws.put(in.id, in, g)
	b.imported(in, "vpc.CustomerGateway (on-premises network "+g.Network+")")
}

func (b *builder) doVPN(in *inst) {
	a := in.a
	tags := a.tags("tags")
	c := &vpc.VPNConnection{ID: in.id, Name: tags["Name"], Tags: tags}
	c.CustomerGateway = b.ref(in, a, "customer_gateway_id", "customer_gateway_id", in.expr("customer_gateway_id"))
	if b.hy.cgws.get(c.CustomerGateway) == nil {
		b.skip(in, "customer_gateway_id: customer gateway %q is not in the import", c.CustomerGateway)
		return
	}
	c.StaticRoutesOnly, _ = a.boolean("static_routes_only")
	for _, k := range []string{"local_ipv4_network_cidr", "remote_ipv4_network_cidr", "local_ipv6_network_cidr", "remote_ipv6_network_cidr"} {
		if v := a.str(k); v != "" && v != "0.0.0.0/0" && v != "::/0" {
			b.skipAttr(in, k, "traffic selectors are not modelled: vpcsim lets the tunnels carry every address the routes send")
		}
	}
	if a.has("vpn_gateway_id") || a.unknown("vpn_gateway_id") {
		c.VPNGateway = b.ref(in, a, "vpn_gateway_id", "vpn_gateway_id", in.expr("vpn_gateway_id"))
	}
	if c.VPNGateway == "" && (a.has("transit_gateway_id") || a.unknown("transit_gateway_id")) {
		c.TransitGateway = b.ref(in, a, "transit_gateway_id", "transit_gateway_id", in.expr("transit_gateway_id"))
	}
	switch {
	case c.VPNGateway != "" && b.hy.vgws.get(c.VPNGateway) == nil:
		b.skip(in, "vpn_gateway_id: virtual private gateway %q is not in the import", c.VPNGateway)
		return
	case c.TransitGateway != "" && b.d.tgws.get(c.TransitGateway) == nil:
		b.skip(in, "transit_gateway_id: transit gateway %q is not in the import", c.TransitGateway)
		return
	case c.VPNGateway == "" && c.TransitGateway == "":
		b.skip(in, "it names neither vpn_gateway_id nor transit_gateway_id (or they cannot be resolved): a connection ends at one of them")
		return
	}
	// The static routes AWS lists for the connection (a state): those
	// of aws_vpn_connection_route resources, and those added otherwise.
	if c.VPNGateway != "" && c.StaticRoutesOnly {
		for i, r := range a.blocks("routes") {
			if st := r.str("state"); st == "deleted" || st == "deleting" {
				continue
			}
			if p := b.prefix(in, r, "destination_cidr_block", "routes["+itoa(i)+"].destination_cidr_block"); p.IsValid() && !slices.Contains(c.Routes, p) {
				c.Routes = append(c.Routes, p)
			}
		}
	}
	for _, t := range a.blocks("vgw_telemetry") {
		st := vpc.LinkUp
		if strings.EqualFold(t.str("status"), "DOWN") {
			st = vpc.LinkDown
		}
		c.Tunnels = append(c.Tunnels, vpc.VPNTunnel{Status: st})
	}
	if c.TransitGateway != "" {
		id := a.str("transit_gateway_attachment_id")
		if id == "" {
			id = in.id + "/attachment"
			b.placeholder(in, "transit_gateway_attachment_id", id, "the attachment AWS creates with the connection is known only after apply")
		}
		b.tgwHybridAttachment(in, &vpc.TransitGatewayAttachment{ID: id, Name: c.Name, TransitGateway: c.TransitGateway, VPNConnection: c.ID})
	}
	b.hy.vpns.put(in.id, in, c)
	b.imported(in, "vpc.VPNConnection")
}

// tgwHybridAttachment declares the transit gateway attachment AWS
// creates with a VPN connection or a Direct Connect gateway association,
// associated with and propagating into the transit gateway's default
// route table as its settings say.
func (b *builder) tgwHybridAttachment(in *inst, x *vpc.TransitGatewayAttachment) {
	tgwIn := b.d.tgws.addr[x.TransitGateway]
	if tgwIn != nil {
		def := b.tgwDefaultRTB(tgwIn)
		if b.d.tgwRTBs.get(def) != nil {
			if tgwIn.a.str("default_route_table_association") != "disable" {
				x.RouteTable = def
			}
			if tgwIn.a.str("default_route_table_propagation") != "disable" {
				x.Propagations = append(x.Propagations, def)
			}
		}
	}
	b.d.tgwAtts.put(x.ID, in, x)
	b.typeOf[x.ID] = in.typ
}

func (b *builder) doVPNRoute(in *inst) {
	c := b.hy.vpns.get(b.ref(in, in.a, "vpn_connection_id", "vpn_connection_id", in.expr("vpn_connection_id")))
	p := b.prefix(in, in.a, "destination_cidr_block", "destination_cidr_block")
	switch {
	case c == nil:
		b.skip(in, "vpn_connection_id: its VPN connection is not in the import")
	case !p.IsValid():
		b.skip(in, "destination_cidr_block is known only after apply")
	case c.VPNGateway == "":
		b.skip(in, "a static route of a VPN connection to a transit gateway goes in the transit gateway route table, not on the connection")
	default:
		if !slices.Contains(c.Routes, p) {
			c.Routes = append(c.Routes, p)
		}
		b.imported(in, "static route of "+c.ID)
	}
}

func (b *builder) doDXGW(in *inst) {
	g := &vpc.DirectConnectGateway{ID: in.id, Name: in.a.str("name")}
	b.hy.dxgws.put(in.id, in, g)
	b.imported(in, "vpc.DirectConnectGateway")
}

func (b *builder) doDXAssoc(in *inst) {
	a := in.a
	g := b.hy.dxgws.get(b.ref(in, a, "dx_gateway_id", "dx_gateway_id", in.expr("dx_gateway_id")))
	if g == nil {
		b.skip(in, "dx_gateway_id: its Direct Connect gateway is not in the import")
		return
	}
	key := "associated_gateway_id"
	if !a.has(key) && !a.unknown(key) {
		key = "vpn_gateway_id" // the deprecated argument
	}
	gw := b.ref(in, a, key, key, in.expr(key))
	x := vpc.DirectConnectAssociation{Gateway: gw}
	for i, s := range a.strs("allowed_prefixes") {
		p, err := netip.ParsePrefix(s)
		if err != nil || p != p.Masked() {
			b.errorf(in, "allowed_prefixes["+itoa(i)+"]", "%q is not a CIDR without host bits", s)
			continue
		}
		x.AllowedPrefixes = append(x.AllowedPrefixes, p)
	}
	switch {
	case b.hy.vgws.get(gw) != nil:
	case b.d.tgws.get(gw) != nil:
		if len(x.AllowedPrefixes) == 0 {
			b.skip(in, "allowed_prefixes: a transit gateway association advertises its allowed prefixes, and they are unknown (known only after apply, or not set)")
			return
		}
		id := a.str("transit_gateway_attachment_id")
		if id == "" {
			id = in.id + "/attachment"
			b.placeholder(in, "transit_gateway_attachment_id", id, "the attachment AWS creates with the association is known only after apply")
		}
		b.tgwHybridAttachment(in, &vpc.TransitGatewayAttachment{ID: id, TransitGateway: gw, DirectConnectGateway: g.ID})
	default:
		b.skip(in, "%s: %q is neither a virtual private gateway nor a transit gateway of the import", key, gw)
		return
	}
	g.Associations = append(g.Associations, x)
	b.imported(in, "association of "+g.ID+" with "+gw)
}

func (b *builder) doVIF(in *inst, typ vpc.VirtualInterfaceType) {
	a := in.a
	tags := a.tags("tags")
	f := &vpc.VirtualInterface{ID: in.id, Name: a.str("name"), Type: typ, Tags: tags}
	f.Network = importer.OnPremOf(b.opts.OnPrem, in.id, tags, a.str("id"), in.addr, a.str("name"))
	if a.has("dx_gateway_id") || a.unknown("dx_gateway_id") {
		f.DirectConnectGateway = b.ref(in, a, "dx_gateway_id", "dx_gateway_id", in.expr("dx_gateway_id"))
	}
	if f.DirectConnectGateway == "" && typ == vpc.PrivateVirtualInterface && (a.has("vpn_gateway_id") || a.unknown("vpn_gateway_id")) {
		// A private virtual interface attached to a virtual private
		// gateway directly: a Direct Connect gateway with that one
		// association carries the same routes.
		vgw := b.ref(in, a, "vpn_gateway_id", "vpn_gateway_id", in.expr("vpn_gateway_id"))
		if b.hy.vgws.get(vgw) == nil {
			b.skip(in, "vpn_gateway_id: virtual private gateway %q is not in the import", vgw)
			return
		}
		id := in.id + "/dxgw"
		b.hy.dxgws.put(id, in, &vpc.DirectConnectGateway{ID: id, Associations: []vpc.DirectConnectAssociation{{Gateway: vgw}}})
		b.placeholder(in, "vpn_gateway_id", id, "a virtual interface attached to a virtual private gateway is modelled as joined to it through a Direct Connect gateway of its own")
		f.DirectConnectGateway = id
	}
	if b.hy.dxgws.get(f.DirectConnectGateway) == nil {
		b.skip(in, "dx_gateway_id: Direct Connect gateway %q is not in the import", f.DirectConnectGateway)
		return
	}
	b.hy.vifs.put(in.id, in, f)
	b.imported(in, "vpc.VirtualInterface (on-premises network "+f.Network+")")
}

func (b *builder) doTGWPeering(in *inst) {
	a := in.a
	tgw := b.ref(in, a, "transit_gateway_id", "transit_gateway_id", in.expr("transit_gateway_id"))
	peer := b.ref(in, a, "peer_transit_gateway_id", "peer_transit_gateway_id", in.expr("peer_transit_gateway_id"))
	switch {
	case b.d.tgws.get(tgw) == nil:
		b.skip(in, "transit_gateway_id: transit gateway %q is not in the import", tgw)
		return
	case b.d.tgws.get(peer) == nil:
		b.skip(in, "peer_transit_gateway_id: transit gateway %q is not in the import (import the peer Region's configuration with it)", peer)
		return
	}
	if r := a.str("peer_region"); r != "" {
		if g := b.d.tgws.get(peer); g.Region == "" {
			g.Region = r
		}
	}
	tags := a.tags("tags")
	x := &vpc.TransitGatewayAttachment{ID: in.id, Name: tags["Name"], TransitGateway: tgw, PeerTransitGateway: peer, Tags: tags}
	b.d.tgwAtts.put(in.id, in, x)
	b.imported(in, "vpc.TransitGatewayAttachment (peering)")
}

// doTGWPeeringAccepter accepts a peering attachment. References to the
// accepter name the attachment: the accepter takes its ID.
func (b *builder) doTGWPeeringAccepter(in *inst) {
	id := b.ref(in, in.a, "transit_gateway_attachment_id", "transit_gateway_attachment_id", in.expr("transit_gateway_attachment_id"))
	x := b.d.tgwAtts.get(id)
	if x == nil || x.PeerTransitGateway == "" {
		b.skip(in, "transit_gateway_attachment_id: peering attachment %q is not in the import", id)
		return
	}
	b.alias[in.id] = x.ID
	in.id = x.ID
	b.imported(in, "acceptance of "+x.ID)
}

// doTGWAttachmentData reads data sources naming the attachment of a VPN
// connection or a Direct Connect gateway, which transit gateway routes
// and associations then refer to.
func (b *builder) doTGWAttachmentData(in *inst) {
	a := in.a
	tgw := b.ref(in, a, "transit_gateway_id", "transit_gateway_id", in.expr("transit_gateway_id"))
	key, field := "vpn_connection_id", func(x *vpc.TransitGatewayAttachment) string { return x.VPNConnection }
	if in.typ == "aws_ec2_transit_gateway_dx_gateway_attachment" {
		key, field = "dx_gateway_id", func(x *vpc.TransitGatewayAttachment) string { return x.DirectConnectGateway }
	}
	of := b.ref(in, a, key, key, in.expr(key))
	for _, id := range b.d.tgwAtts.ids() {
		x := b.d.tgwAtts.get(id)
		if x.TransitGateway == tgw && of != "" && field(x) == of {
			if known := a.str("id"); known != "" {
				b.alias[known] = x.ID
			}
			b.alias[in.id] = x.ID
			in.id = x.ID
			b.imported(in, "the attachment "+x.ID)
			return
		}
	}
	b.skip(in, "no attachment of transit gateway %q to %q is in the import", tgw, of)
}

// doEdgeAssoc reads an aws_route_table_association with gateway_id: the
// table becomes the gateway route table of an internet gateway or a
// virtual private gateway.
func (b *builder) doEdgeAssoc(in *inst) {
	t := b.d.rtbs.get(b.ref(in, in.a, "route_table_id", "route_table_id", in.expr("route_table_id")))
	gw := b.ref(in, in.a, "gateway_id", "gateway_id", in.expr("gateway_id"))
	switch {
	case t == nil:
		b.skip(in, "route_table_id: its route table is not in the import")
	case b.d.igws.get(gw) == nil && b.hy.vgws.get(gw) == nil:
		b.skip(in, "gateway_id: %q is neither an internet gateway nor a virtual private gateway of the import", gw)
	default:
		if !slices.Contains(t.Gateways, gw) {
			t.Gateways = append(t.Gateways, gw)
		}
		b.imported(in, "edge association of "+t.ID+" with "+gw)
	}
}

// finishHybrid places the hybrid declarations in the network, declares
// the on-premises networks (importer.AssembleOnPrem) and cuts what refers
// to what the import does not hold (importer.PruneHybrid).
func (b *builder) finishHybrid() {
	n := &b.net
	n.VPNGateways = b.hy.vgws.list()
	n.CustomerGateways = b.hy.cgws.list()
	n.VPNConnections = b.hy.vpns.list()
	n.DirectConnectGateways = b.hy.dxgws.list()
	n.VirtualInterfaces = b.hy.vifs.list()
	for i := range n.DirectConnectGateways {
		slices.SortFunc(n.DirectConnectGateways[i].Associations, func(x, y vpc.DirectConnectAssociation) int { return strings.Compare(x.Gateway, y.Gateway) })
	}
	// The gateways standing in each network, for the reports.
	members := map[string][]*inst{}
	for _, g := range n.CustomerGateways {
		members[g.Network] = append(members[g.Network], b.hy.cgws.addr[g.ID])
	}
	for _, f := range n.VirtualInterfaces {
		members[f.Network] = append(members[f.Network], b.hy.vifs.addr[f.ID])
	}
	dropped := map[string]string{}
	for _, note := range importer.AssembleOnPrem(n, b.opts.OnPrem) {
		ins := members[note.ID]
		switch {
		case note.Dropped && len(ins) > 0:
			dropped[note.ID] = note.Reason
		case len(ins) > 0:
			b.placeholder(ins[0], "on-premises network "+note.ID+" "+note.Field, strings.Join(cidrStrings(n, note.ID), ","), note.Reason)
		default:
			b.res.Skipped = append(b.res.Skipped, Skipped{Address: "(options)", Type: "on-premises network", Attribute: note.ID, Reason: note.Reason})
		}
	}
	for _, id := range importer.FillAdvertised(n) {
		var in *inst
		var ps []netip.Prefix
		if c, ok := n.VPNConnection(id); ok {
			in, ps = b.hy.vpns.addr[id], c.Routes
		} else if f, ok := n.VirtualInterface(id); ok {
			in, ps = b.hy.vifs.addr[id], f.Routes
		}
		if in != nil {
			var ss []string
			for _, p := range ps {
				ss = append(ss, p.String())
			}
			b.placeholder(in, "advertised prefixes", strings.Join(ss, ","), "what the customer side advertises over BGP is not in Terraform's output: "+
				"taken to be the CIDRs of its on-premises network")
		}
	}
	for _, c := range importer.PruneHybrid(n) {
		in := b.hybridDeclaredBy(c.Kind, c.ID)
		if in == nil {
			continue
		}
		reason := c.Reason
		if why, ok := dropped[c.Ref]; ok {
			reason = "on-premises network " + c.Ref + ": " + why
		}
		if c.Kind == importer.KindTGWAttachment && in.typ != "aws_ec2_transit_gateway_peering_attachment" {
			// The attachment AWS creates with a VPN connection or a
			// Direct Connect gateway association.
			if c.Field == "" {
				c.Field = "transit_gateway_attachment_id"
			}
		}
		if c.Field == "" {
			b.unimport(in, reason)
			continue
		}
		b.skipAttr(in, c.Field, "%s", reason)
	}
}

// cidrStrings returns the CIDRs of on-premises network id in n.
func cidrStrings(n *sim.Network, id string) []string {
	o, ok := n.OnPremNetwork(id)
	if !ok {
		return nil
	}
	var out []string
	for _, p := range o.CIDRs {
		out = append(out, p.String())
	}
	return out
}

// hybridDeclaredBy returns the instance that declared a hybrid
// declaration importer.PruneHybrid names.
func (b *builder) hybridDeclaredBy(kind, id string) *inst {
	switch kind {
	case importer.KindCustomerGateway:
		return b.hy.cgws.addr[id]
	case importer.KindVPNGateway:
		return b.hy.vgws.addr[id]
	case importer.KindVPNConnection:
		return b.hy.vpns.addr[id]
	case importer.KindDXGateway:
		return b.hy.dxgws.addr[id]
	case importer.KindVirtualIface:
		return b.hy.vifs.addr[id]
	case importer.KindTGWAttachment:
		return b.d.tgwAtts.addr[id]
	case importer.KindTGWRouteTable:
		return b.d.tgwRTBs.addr[id]
	case importer.KindRouteTable:
		return b.d.rtbs.addr[id]
	}
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }
