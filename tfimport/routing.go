package tfimport

import (
	"fmt"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/vpcsim/vpcsim/vpc"
)

func exprsOf(in *inst) map[string]*tfjson.Expression {
	if in.cfg == nil {
		return nil
	}
	return in.cfg.Expressions
}

func exprAt(cfg []map[string]*tfjson.Expression, i int, key string) *tfjson.Expression {
	if i < len(cfg) {
		return cfg[i][key]
	}
	if len(cfg) == 1 {
		return cfg[0][key]
	}
	return nil
}

func (b *builder) doRouteTable(in *inst, main bool) {
	a := in.a
	vpcID := ""
	if main {
		vpcID = b.d.defOwner[in.id]
		if vpcID == "" {
			vpcID = b.ref(in, a, "vpc_id", "vpc_id", in.expr("vpc_id"))
		}
	} else {
		vpcID = b.ref(in, a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	}
	if b.d.vpcs.get(vpcID) == nil {
		b.skip(in, "its VPC %q is not in the import", vpcID)
		return
	}
	t := &vpc.RouteTable{ID: in.id, Name: a.tags("tags")["Name"], VPC: vpcID, Main: main, Tags: a.tags("tags")}
	b.d.rtbs.put(in.id, in, t)
	as := "vpc.RouteTable"
	if main {
		as = "vpc.RouteTable (main)"
	}
	b.imported(in, as)
	b.propagatingVGWs(in, t)
}

// doInlineRoutes adds the route blocks of a route table.
func (b *builder) doInlineRoutes(in *inst) {
	t := b.d.rtbs.get(in.id)
	if t == nil {
		return
	}
	a := in.a
	cfg := blockExprs(exprsOf(in), "route")
	used := make([]bool, len(cfg))
	elems := a.blocks("route")
	if len(elems) == 0 && a.unknown("route") && len(cfg) > 0 {
		// The whole set is known only after apply: read it from the
		// configuration.
		for _, blk := range cfg {
			elems = append(elems, attrs{v: constants(blk), u: unknownMarks(blk)})
		}
	}
	for i, r := range elems {
		blk := matchBlock(r, cfg, used)
		b.addRoute(in, t, r, fmt.Sprintf("route[%d]", i), blk, false)
	}
}

// constants returns the constant arguments of a configuration block.
func constants(blk map[string]*tfjson.Expression) map[string]any {
	out := map[string]any{}
	for k, e := range blk {
		if e != nil && e.ExpressionData != nil && len(e.References) == 0 && e.ConstantValue != nil {
			out[k] = e.ConstantValue
		}
	}
	return out
}

// unknownMarks marks the arguments of a configuration block that refer to
// other objects as known only after apply.
func unknownMarks(blk map[string]*tfjson.Expression) map[string]any {
	out := map[string]any{}
	for k, e := range blk {
		if e != nil && e.ExpressionData != nil && len(e.References) > 0 {
			out[k] = true
		}
	}
	return out
}

// routeTargets are the target arguments of a route, as aws_route and the
// route blocks of aws_route_table name them.
var routeTargets = []string{
	"gateway_id", "nat_gateway_id", "egress_only_gateway_id", "transit_gateway_id",
	"vpc_peering_connection_id", "network_interface_id", "instance_id",
	"vpc_endpoint_id", "carrier_gateway_id", "local_gateway_id", "core_network_arn",
}

// addRoute adds one route (a route block, or an aws_route when
// standalone) to table t.
func (b *builder) addRoute(in *inst, t *vpc.RouteTable, r attrs, path string, blk map[string]*tfjson.Expression, standalone bool) bool {
	ex := func(k string) *tfjson.Expression {
		if standalone {
			return in.expr(k)
		}
		if blk == nil {
			return nil
		}
		return blk[k]
	}
	at := func(k string) string {
		if standalone {
			return k
		}
		return path + "." + k
	}
	fail := func(format string, args ...any) bool {
		if standalone {
			b.skip(in, format, args...)
		} else {
			b.skipAttr(in, path, format, args...)
		}
		return false
	}
	var x vpc.Route
	dstKeys := []string{"cidr_block", "ipv6_cidr_block", "destination_prefix_list_id"}
	if standalone {
		dstKeys = []string{"destination_cidr_block", "destination_ipv6_cidr_block", "destination_prefix_list_id"}
	}
	x.Destination = b.prefix(in, r, dstKeys[0], at(dstKeys[0]))
	if !x.Destination.IsValid() {
		x.Destination = b.prefix(in, r, dstKeys[1], at(dstKeys[1]))
	}
	if !x.Destination.IsValid() {
		if r.has(dstKeys[2]) || r.unknown(dstKeys[2]) {
			x.PrefixList = b.ref(in, r, dstKeys[2], at(dstKeys[2]), ex(dstKeys[2]))
		}
	}
	if !x.Destination.IsValid() && x.PrefixList == "" {
		return fail("its destination is known only after apply or not set")
	}
	var key, id string
	for _, k := range routeTargets {
		if r.has(k) || r.unknown(k) {
			if v := b.ref(in, r, k, at(k), ex(k)); v != "" {
				key, id = k, v
				break
			}
		}
	}
	if key == "" {
		return fail("its target is known only after apply and cannot be resolved, or is not set")
	}
	switch key {
	case "gateway_id":
		switch {
		case id == "local":
			x.Target = vpc.Local()
		case b.typeOf[id] == "aws_internet_gateway" || strings.HasPrefix(id, "igw-"):
			x.Target = vpc.ToInternetGateway(id)
		case b.typeOf[id] == "aws_vpn_gateway" || strings.HasPrefix(id, "vgw-"):
			x.Target = vpc.ToVPNGateway(id)
		case b.typeOf[id] == "aws_vpc_endpoint" || strings.HasPrefix(id, "vpce-"):
			return fail("route to VPC endpoint %s: endpoints as route targets wait for sim to model endpoints", id)
		default:
			return fail("gateway_id %s names neither an internet gateway nor local", id)
		}
	case "nat_gateway_id":
		x.Target = vpc.ToNATGateway(id)
	case "egress_only_gateway_id":
		x.Target = vpc.ToEgressOnlyGateway(id)
	case "transit_gateway_id":
		x.Target = vpc.ToTransitGateway(id)
	case "vpc_peering_connection_id":
		x.Target = vpc.ToPeeringConnection(id)
	case "network_interface_id":
		x.Target = vpc.ToNetworkInterface(id)
	case "instance_id":
		eni, ok := b.d.instENI[id]
		if !ok {
			return fail("route to instance %s, which is not in the import", id)
		}
		x.Target = vpc.ToNetworkInterface(eni)
	case "vpc_endpoint_id":
		// Terraform names Gateway Load Balancer endpoints here (gateway
		// endpoints add their routes through route_table_ids).
		x.Target = vpc.ToVPCEndpoint(id)
	default:
		return fail("%s targets are not modelled", strings.TrimSuffix(key, "_id"))
	}
	if st := r.str("state"); st == "blackhole" {
		x.Blackhole = true
	}
	for _, old := range t.Routes {
		if old.Destination == x.Destination && old.PrefixList == x.PrefixList {
			if old.Target != x.Target {
				return fail("%s already routes %s to %s", t.ID, destString(x), old.Target)
			}
			return true // the same route, read twice (a state lists aws_route routes in their table too)
		}
	}
	t.Routes = append(t.Routes, x)
	return true
}

func destString(r vpc.Route) string {
	if r.PrefixList != "" {
		return r.PrefixList
	}
	return r.Destination.String()
}

func (b *builder) doRoute(in *inst) {
	t := b.d.rtbs.get(b.ref(in, in.a, "route_table_id", "route_table_id", in.expr("route_table_id")))
	if t == nil {
		b.skip(in, "its route table is not in the import")
		return
	}
	if b.addRoute(in, t, in.a, "", nil, true) {
		b.imported(in, "route in "+t.ID)
	}
}

func (b *builder) doRTBAssoc(in *inst) {
	if in.a.has("gateway_id") || in.a.unknown("gateway_id") {
		b.doEdgeAssoc(in)
		return
	}
	t := b.d.rtbs.get(b.ref(in, in.a, "route_table_id", "route_table_id", in.expr("route_table_id")))
	subnet := b.ref(in, in.a, "subnet_id", "subnet_id", in.expr("subnet_id"))
	if t == nil || b.d.subnets.get(subnet) == nil {
		b.skip(in, "its route table or subnet %q is not in the import", subnet)
		return
	}
	for _, o := range b.d.rtbs.ids() {
		ot := b.d.rtbs.get(o)
		if containsStr(ot.Subnets, subnet) {
			if o == t.ID {
				b.imported(in, "association with "+t.ID)
				return
			}
			b.skip(in, "subnet %s is already associated with %s", subnet, o)
			return
		}
	}
	t.Subnets = append(t.Subnets, subnet)
	b.imported(in, "association with "+t.ID)
}

func (b *builder) doMainAssoc(in *inst) {
	t := b.d.rtbs.get(b.ref(in, in.a, "route_table_id", "route_table_id", in.expr("route_table_id")))
	vpcID := b.ref(in, in.a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	if t == nil || t.VPC != vpcID {
		b.skip(in, "its route table is not in the import, or not in VPC %q", vpcID)
		return
	}
	for _, id := range b.d.rtbs.ids() {
		if o := b.d.rtbs.get(id); o.VPC == vpcID {
			o.Main = false
		}
	}
	t.Main = true
	b.imported(in, "main route table of "+vpcID)
}

func (b *builder) doTGW(in *inst) {
	a := in.a
	g := &vpc.TransitGateway{ID: in.id, Name: a.tags("tags")["Name"], Tags: a.tags("tags")}
	g.Region, g.Account = arnParts(a.str("arn"))
	if o := a.str("owner_id"); o != "" {
		g.Account = o
	}
	g.SecurityGroupReferencing = a.str("security_group_referencing_support") == "enable"
	b.d.tgws.put(in.id, in, g)
	b.imported(in, "vpc.TransitGateway")
	if a.str("default_route_table_association") == "disable" && a.str("default_route_table_propagation") == "disable" {
		return
	}
	rt := b.tgwDefaultRTB(in)
	b.d.tgwRTBs.put(rt, in, &vpc.TransitGatewayRouteTable{ID: rt, Name: g.Name + " default", TransitGateway: g.ID})
	if a.str("association_default_route_table_id") == "" {
		b.placeholder(in, "association_default_route_table_id", rt, "the default route table's ID is known only after apply")
	}
}

func (b *builder) tgwDefaultRTB(in *inst) string {
	if id := in.a.str("association_default_route_table_id"); id != "" {
		return id
	}
	return in.id + "/default-rtb"
}

func (b *builder) doTGWRTB(in *inst) {
	tgw := b.ref(in, in.a, "transit_gateway_id", "transit_gateway_id", in.expr("transit_gateway_id"))
	if b.d.tgws.get(tgw) == nil {
		b.skip(in, "its transit gateway %q is not in the import", tgw)
		return
	}
	if old := b.d.tgwRTBs.get(in.id); old != nil {
		// The transit gateway's default table, declared again.
		b.imported(in, "vpc.TransitGatewayRouteTable (default)")
		return
	}
	b.d.tgwRTBs.put(in.id, in, &vpc.TransitGatewayRouteTable{ID: in.id, Name: in.a.tags("tags")["Name"], TransitGateway: tgw, Tags: in.a.tags("tags")})
	b.imported(in, "vpc.TransitGatewayRouteTable")
}

func (b *builder) doTGWAttach(in *inst) {
	a := in.a
	tgwID := b.ref(in, a, "transit_gateway_id", "transit_gateway_id", in.expr("transit_gateway_id"))
	vpcID := b.ref(in, a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	if b.d.tgws.get(tgwID) == nil || b.d.vpcs.get(vpcID) == nil {
		b.skip(in, "its transit gateway %q or VPC %q is not in the import", tgwID, vpcID)
		return
	}
	x := &vpc.TransitGatewayAttachment{ID: in.id, Name: a.tags("tags")["Name"], TransitGateway: tgwID, VPC: vpcID, Tags: a.tags("tags")}
	x.Subnets = b.refs(in, a, "subnet_ids", "subnet_ids", in.expr("subnet_ids"))
	x.IPv6Support = a.str("ipv6_support") == "enable"
	x.SecurityGroupReferencingDisabled = a.str("security_group_referencing_support") == "disable"
	tgwIn := b.d.tgws.addr[tgwID]
	def := b.tgwDefaultRTB(tgwIn)
	if b.d.tgwRTBs.get(def) != nil {
		if v, ok := a.boolean("transit_gateway_default_route_table_association"); !ok || v {
			if tgwIn.a.str("default_route_table_association") != "disable" {
				x.RouteTable = def
			}
		}
		if v, ok := a.boolean("transit_gateway_default_route_table_propagation"); !ok || v {
			if tgwIn.a.str("default_route_table_propagation") != "disable" {
				x.Propagations = append(x.Propagations, def)
			}
		}
	}
	b.d.tgwAtts.put(in.id, in, x)
	b.imported(in, "vpc.TransitGatewayAttachment")
}

func (b *builder) tgwPair(in *inst) (*vpc.TransitGatewayAttachment, *vpc.TransitGatewayRouteTable) {
	att := b.d.tgwAtts.get(b.ref(in, in.a, "transit_gateway_attachment_id", "transit_gateway_attachment_id", in.expr("transit_gateway_attachment_id")))
	rt := b.d.tgwRTBs.get(b.ref(in, in.a, "transit_gateway_route_table_id", "transit_gateway_route_table_id", in.expr("transit_gateway_route_table_id")))
	return att, rt
}

func (b *builder) doTGWAssoc(in *inst) {
	att, rt := b.tgwPair(in)
	if att == nil || rt == nil {
		b.skip(in, "its attachment or route table is not in the import")
		return
	}
	if att.PeerTransitGateway != "" && rt.TransitGateway == att.PeerTransitGateway {
		// The accepter's side of a peering attachment.
		att.PeerRouteTable = rt.ID
	} else {
		att.RouteTable = rt.ID
	}
	b.imported(in, "association of "+att.ID+" with "+rt.ID)
}

func (b *builder) doTGWPropagation(in *inst) {
	att, rt := b.tgwPair(in)
	if att == nil || rt == nil {
		b.skip(in, "its attachment or route table is not in the import")
		return
	}
	if att.PeerTransitGateway != "" {
		b.skip(in, "a peering attachment propagates no routes: AWS refuses the propagation")
		return
	}
	if !containsStr(att.Propagations, rt.ID) {
		att.Propagations = append(att.Propagations, rt.ID)
	}
	b.imported(in, "propagation of "+att.ID+" into "+rt.ID)
}

func (b *builder) doTGWRoute(in *inst) {
	rt := b.d.tgwRTBs.get(b.ref(in, in.a, "transit_gateway_route_table_id", "transit_gateway_route_table_id", in.expr("transit_gateway_route_table_id")))
	p := b.prefix(in, in.a, "destination_cidr_block", "destination_cidr_block")
	if rt == nil || !p.IsValid() {
		b.skip(in, "its route table is not in the import, or its destination is unknown")
		return
	}
	r := vpc.TGWRoute{Destination: p}
	if bh, _ := in.a.boolean("blackhole"); bh {
		r.Blackhole = true
	} else {
		att := b.ref(in, in.a, "transit_gateway_attachment_id", "transit_gateway_attachment_id", in.expr("transit_gateway_attachment_id"))
		if b.d.tgwAtts.get(att) == nil {
			b.skip(in, "its attachment %q is not in the import", att)
			return
		}
		r.Attachment = att
	}
	rt.Routes = append(rt.Routes, r)
	b.imported(in, "route in "+rt.ID)
}
