package gen

import (
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// Hybrid connectivity (Options.Hybrid).
//
// A hybrid network has one to three on-premises networks of one or two
// CIDRs each, drawn from OnPremCIDRs and sometimes (overlapping VPC
// space) a CIDR of a VPC or of one of its subnets; the networks never
// overlap each other. Around them:
//
//   - most VPCs get a virtual private gateway (rarely a detached one
//     instead); their route tables sometimes propagate its routes and
//     have static routes to it or to the transit gateway for on-premises
//     CIDRs;
//   - sometimes a second transit gateway peered with the first, each side
//     of the peering attachment associated with one of its side's tables
//     or with none, and static routes to the peering attachment on both
//     sides;
//   - a customer gateway per on-premises network, and up to four
//     Site-to-Site VPN connections to a virtual private gateway (attached
//     or not; often one an earlier connection ends at: VPN CloudHub) or
//     to a transit gateway (with its attachment, associated and
//     propagating at random), static or BGP, with routes drawn from the
//     on-premises CIDRs, halves of them, wider ranges, other networks'
//     CIDRs, VPC CIDRs and 0.0.0.0/0, and tunnels up, down or
//     undeclared; and sometimes two sites wired to reach each other (BGP
//     connections advertising their CIDRs to one attached virtual private
//     gateway, or to a transit gateway with both attachments associated
//     with and propagating into one table);
//   - up to two Direct Connect gateways, each associated with virtual
//     private gateways (allowed prefixes none, a VPC CIDR, a wider or a
//     narrower range) with private virtual interfaces, or with one
//     transit gateway (allowed prefixes required, among them VPC and
//     on-premises CIDRs and 10.0.0.0/8; with its attachment) with transit
//     virtual interfaces; interfaces advertise prefixes as
//     VPN connections do, their BGP sessions up or down;
//   - static routes in every transit gateway route table to the VPN,
//     Direct Connect gateway and peering attachments (for an on-premises
//     CIDR, mostly one its network is behind), or blackholes, and
//     across the peering: on-premises CIDRs from the first transit
//     gateway's tables, VPC CIDRs from the peer's;
//   - appliance mode on some VPC attachments, the stateful flag on some
//     appliances (interfaces with the source/destination check off), and
//     sometimes a gateway route table associated with an internet gateway
//     and/or a virtual private gateway sending a subnet's CIDR to an
//     interface of the VPC (or a VPC CIDR to the local route);
//   - security group rules admitting an on-premises CIDR or everything.

// OnPremCIDRs are the CIDRs on-premises networks draw from (besides VPC
// CIDRs, sometimes): private ranges outside the VPCs' usual pool, some
// nested.
var OnPremCIDRs = []netip.Prefix{
	netip.MustParsePrefix("192.168.100.0/24"), netip.MustParsePrefix("192.168.200.0/24"),
	netip.MustParsePrefix("172.20.0.0/16"), netip.MustParsePrefix("172.21.0.0/16"),
	netip.MustParsePrefix("10.250.0.0/16"), netip.MustParsePrefix("10.251.0.0/20"),
	netip.MustParsePrefix("172.20.8.0/22"), netip.MustParsePrefix("10.250.128.0/17"),
}

// hybridInfo holds the hybrid draws.
type hybridInfo struct {
	onprems []onPremInfo
	// vgws are every virtual private gateway: those attached (vpcInfo.vgw)
	// and the detached ones.
	vgws []string
	// peerTGW is the transit gateway peered with the first one, or "",
	// with its tables and the peering attachment.
	peerTGW    string
	peerTables []string
	peering    string
	// hybridAtts are the VPN and Direct Connect gateway attachments by
	// transit gateway.
	hybridAtts map[string][]string
	// attNets are the on-premises networks behind each VPN and Direct
	// Connect gateway attachment.
	attNets map[string][]string
}

type onPremInfo struct {
	id    string
	cidrs []netip.Prefix
	cgw   string
}

// cidrs returns every on-premises CIDR.
func (h *hybridInfo) cidrs() []netip.Prefix {
	var out []netip.Prefix
	for _, o := range h.onprems {
		out = append(out, o.cidrs...)
	}
	return out
}

// tgws returns the transit gateways with their route tables.
func (b *builder) tgws() map[string][]string {
	out := map[string][]string{b.tgw: b.tgwTables}
	if b.hy.peerTGW != "" {
		out[b.hy.peerTGW] = b.hy.peerTables
	}
	return out
}

// tgwIDs returns the transit gateways in a fixed order.
func (b *builder) tgwIDs() []string {
	out := []string{b.tgw}
	if b.hy.peerTGW != "" {
		out = append(out, b.hy.peerTGW)
	}
	return out
}

// hybridEarly draws the on-premises networks, the virtual private
// gateways and the peer transit gateway: what the route tables and rules
// drawn next refer to.
func (b *builder) hybridEarly() {
	if !b.o.Hybrid {
		return
	}
	b.hy = &hybridInfo{hybridAtts: map[string][]string{}, attNets: map[string][]string{}}
	var taken []netip.Prefix
	for range b.intn("onprems", 1, 3) {
		o := onPremInfo{id: b.id("onprem")}
		for range b.intn("onprem-cidrs", 1, 2) {
			var p netip.Prefix
			if b.chance("onprem-vpc-space", 15) {
				v := pick(b, "onprem-vpc", b.vpcs)
				pool := slices.Clone(v.cidrs)
				for _, si := range v.subnets {
					pool = append(pool, b.subnet(si).CIDR)
				}
				p = pick(b, "onprem-vpc-cidr", pool)
			} else {
				p = pick(b, "onprem-cidr", OnPremCIDRs)
			}
			if slices.ContainsFunc(taken, p.Overlaps) {
				continue
			}
			taken = append(taken, p)
			o.cidrs = append(o.cidrs, p)
		}
		if len(o.cidrs) == 0 {
			continue
		}
		o.cgw = b.id("cgw")
		b.hy.onprems = append(b.hy.onprems, o)
		b.n.OnPremNetworks = append(b.n.OnPremNetworks, vpc.OnPremNetwork{ID: o.id, CIDRs: slices.Clone(o.cidrs)})
		b.n.CustomerGateways = append(b.n.CustomerGateways, vpc.CustomerGateway{ID: o.cgw, Network: o.id})
	}
	if len(b.hy.onprems) == 0 {
		// The first draw never overlaps anything.
		o := onPremInfo{id: b.id("onprem"), cidrs: []netip.Prefix{OnPremCIDRs[0]}, cgw: b.id("cgw")}
		b.hy.onprems = append(b.hy.onprems, o)
		b.n.OnPremNetworks = append(b.n.OnPremNetworks, vpc.OnPremNetwork{ID: o.id, CIDRs: slices.Clone(o.cidrs)})
		b.n.CustomerGateways = append(b.n.CustomerGateways, vpc.CustomerGateway{ID: o.cgw, Network: o.id})
	}
	for _, v := range b.vpcs {
		switch b.intn("vgw", 0, 9) {
		case 0, 1, 2: // none
		case 3: // detached
			id := b.id("vgw")
			b.hy.vgws = append(b.hy.vgws, id)
			b.n.VPNGateways = append(b.n.VPNGateways, vpc.VPNGateway{ID: id})
		default:
			v.vgw = b.id("vgw")
			b.hy.vgws = append(b.hy.vgws, v.vgw)
			b.n.VPNGateways = append(b.n.VPNGateways, vpc.VPNGateway{ID: v.vgw, VPC: v.id})
		}
	}
	if b.chance("tgw-peer", 45) {
		h := b.hy
		h.peerTGW = b.id("tgw")
		b.n.TransitGateways = append(b.n.TransitGateways, vpc.TransitGateway{ID: h.peerTGW, Region: "eu-central-1"})
		for range b.intn("tgw-peer-rtbs", 1, 2) {
			id := b.id("tgw-rtb")
			h.peerTables = append(h.peerTables, id)
			b.n.TransitGatewayRouteTables = append(b.n.TransitGatewayRouteTables, vpc.TransitGatewayRouteTable{ID: id, TransitGateway: h.peerTGW})
		}
		h.peering = b.id("tgw-attach")
		a := vpc.TransitGatewayAttachment{ID: h.peering, TransitGateway: b.tgw, PeerTransitGateway: h.peerTGW}
		if b.chance("tgw-peering-associated", 85) {
			a.RouteTable = pick(b, "tgw-peering-rtb", b.tgwTables)
		}
		if b.chance("tgw-peering-peer-associated", 85) {
			a.PeerRouteTable = pick(b, "tgw-peering-peer-rtb", h.peerTables)
		}
		b.n.TransitGatewayAttachments = append(b.n.TransitGatewayAttachments, a)
	}
}

// hybridRoutes adds to route table t of VPC v (Options.Hybrid) the
// propagation of its virtual private gateway and static routes for
// on-premises CIDRs, to the virtual private gateway or the transit
// gateway.
func (b *builder) hybridRoutes(v *vpcInfo, t *vpc.RouteTable, seen map[string]bool) {
	if b.hy == nil {
		return
	}
	if v.vgw != "" && b.chance("rtb-propagates", 50) {
		t.Propagations = append(t.Propagations, v.vgw)
	}
	for range b.intn("rtb-onprem-routes", 0, 2) {
		d := pick(b, "rtb-onprem-dest", b.hy.cidrs())
		if seen[d.String()] || slices.ContainsFunc(v.cidrs, d.Overlaps) {
			continue
		}
		var targets []vpc.Target
		if v.vgw != "" {
			targets = append(targets, vpc.ToVPNGateway(v.vgw))
		}
		if v.attached {
			targets = append(targets, vpc.ToTransitGateway(b.tgw))
		}
		if len(targets) == 0 {
			return
		}
		seen[d.String()] = true
		t.Routes = append(t.Routes, vpc.Route{Destination: d, Target: pick(b, "rtb-onprem-target", targets)})
	}
}

// advertised draws the prefixes a connection of network o carries: its
// CIDRs, halves of them, wider ranges, another network's CIDR, a VPC
// CIDR or 0.0.0.0/0 (without duplicates).
func (b *builder) advertised(o onPremInfo) []netip.Prefix {
	var out []netip.Prefix
	for range b.intn("adv-routes", 1, 3) {
		c := pick(b, "adv-cidr", o.cidrs)
		var p netip.Prefix
		switch b.intn("adv-kind", 0, 9) {
		case 0, 1, 2, 3:
			p = c
		case 4:
			if c.Bits() < 30 {
				p = netip.PrefixFrom(c.Addr(), c.Bits()+1)
				if b.chance("adv-upper-half", 50) {
					p = netip.PrefixFrom(uAddr(addrU(c.Addr())+uint64(1)<<(31-c.Bits())), c.Bits()+1)
				}
			} else {
				p = c
			}
		case 5:
			p = netip.PrefixFrom(c.Addr(), max(c.Bits()-4, 8)).Masked()
		case 6:
			p = pick(b, "adv-other", b.hy.cidrs())
		case 7:
			p = pick(b, "adv-vpc", pick(b, "adv-vpc-of", b.vpcs).cidrs)
		case 8:
			p = netip.MustParsePrefix("0.0.0.0/0")
		default:
			p = netip.MustParsePrefix("10.0.0.0/8")
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// hybridLate draws the connections and everything else hybrid, once the
// VPCs' route tables, rules and interfaces exist.
func (b *builder) hybridLate() {
	if b.hy == nil {
		return
	}
	h := b.hy
	b.edgeTables()
	for i := range b.n.NetworkInterfaces {
		if e := &b.n.NetworkInterfaces[i]; e.SourceDestCheckDisabled && b.chance("eni-stateful", 40) {
			e.Stateful = true
		}
	}
	for i := range b.n.TransitGatewayAttachments {
		if a := &b.n.TransitGatewayAttachments[i]; a.VPC != "" && b.chance("tgw-appliance-mode", 40) {
			a.ApplianceMode = true
		}
	}
	// VPN connections; sometimes several sites on one virtual private
	// gateway (VPN CloudHub).
	var hubs []string
	for range b.intn("vpns", 0, 4) {
		o := pick(b, "vpn-onprem", h.onprems)
		c := vpc.VPNConnection{ID: b.id("vpn"), CustomerGateway: o.cgw, StaticRoutesOnly: b.chance("vpn-static", 40)}
		toVGW := len(h.vgws) > 0 && b.chance("vpn-to-vgw", 50)
		if toVGW {
			c.VPNGateway = pick(b, "vpn-vgw", h.vgws)
			if len(hubs) > 0 && b.chance("vpn-cloudhub", 50) {
				c.VPNGateway = pick(b, "vpn-hub", hubs)
			}
			hubs = append(hubs, c.VPNGateway)
			c.Routes = b.advertised(o)
			if !c.StaticRoutesOnly && b.chance("vpn-prepend", 30) {
				c.ASPathPrepends = b.intn("vpn-prepends", 1, 3) // a backup connection
			}
		} else {
			c.TransitGateway = pick(b, "vpn-tgw", b.tgwIDs())
			if !c.StaticRoutesOnly {
				c.Routes = b.advertised(o)
			}
		}
		switch b.intn("vpn-tunnels", 0, 5) {
		case 0:
			c.Tunnels = []vpc.VPNTunnel{{Status: vpc.LinkDown}, {Status: vpc.LinkDown}}
		case 1:
			c.Tunnels = []vpc.VPNTunnel{{Status: vpc.LinkUp}, {Status: vpc.LinkDown}}
		case 2:
			c.Tunnels = []vpc.VPNTunnel{{Status: vpc.LinkDown}}
		case 3:
			c.Tunnels = []vpc.VPNTunnel{{}, {Status: vpc.LinkUp}}
		}
		b.n.VPNConnections = append(b.n.VPNConnections, c)
		if !toVGW {
			a := vpc.TransitGatewayAttachment{ID: b.id("tgw-attach"), TransitGateway: c.TransitGateway, VPNConnection: c.ID}
			h.attNets[a.ID] = []string{o.id}
			b.hybridAttachment(a)
		}
	}
	// Sometimes two sites wired to reach each other: BGP connections
	// advertising their CIDRs, to one attached virtual private gateway
	// (VPN CloudHub) or to a transit gateway, associated with and
	// propagating into one of its route tables.
	if len(h.onprems) >= 2 && b.chance("sites", 40) {
		var attached []string
		for _, v := range b.vpcs {
			if v.vgw != "" {
				attached = append(attached, v.vgw)
			}
		}
		toVGW := len(attached) > 0 && b.chance("sites-vgw", 50)
		vgw, tg := "", pick(b, "sites-tgw", b.tgwIDs())
		if toVGW {
			vgw = pick(b, "sites-vgw-which", attached)
		}
		table := pick(b, "sites-rtb", b.tgws()[tg])
		i, j := b.intn("sites-a", 0, len(h.onprems)-1), b.intn("sites-b", 0, len(h.onprems)-2)
		if j >= i {
			j++
		}
		for _, o := range []onPremInfo{h.onprems[i], h.onprems[j]} {
			c := vpc.VPNConnection{ID: b.id("vpn"), CustomerGateway: o.cgw, VPNGateway: vgw, Routes: slices.Clone(o.cidrs)}
			if !toVGW {
				c.TransitGateway = tg
			}
			b.n.VPNConnections = append(b.n.VPNConnections, c)
			if !toVGW {
				a := vpc.TransitGatewayAttachment{ID: b.id("tgw-attach"), TransitGateway: tg, VPNConnection: c.ID, RouteTable: table, Propagations: []string{table}}
				h.attNets[a.ID] = []string{o.id}
				h.hybridAtts[tg] = append(h.hybridAtts[tg], a.ID)
				b.n.TransitGatewayAttachments = append(b.n.TransitGatewayAttachments, a)
			}
		}
	}
	// Direct Connect gateways.
	assocVGW := map[string]bool{}
	for range b.intn("dxgws", 0, 2) {
		g := vpc.DirectConnectGateway{ID: b.id("dxgw")}
		transit := b.chance("dxgw-transit", 50)
		dxAtt := ""
		if transit {
			tg := pick(b, "dxgw-tgw", b.tgwIDs())
			var allowed []netip.Prefix
			for range b.intn("dxgw-allowed", 1, 3) {
				var p netip.Prefix
				switch b.intn("dxgw-allowed-kind", 0, 9) {
				case 0, 1, 2:
					p = netip.MustParsePrefix("10.0.0.0/8")
				case 3, 4:
					// Another site's CIDR, for flows between sites.
					p = pick(b, "dxgw-allowed-onprem", h.cidrs())
				default:
					p = pick(b, "dxgw-allowed-vpc", pick(b, "dxgw-allowed-vpc-of", b.vpcs).cidrs)
				}
				if !slices.ContainsFunc(allowed, p.Overlaps) {
					allowed = append(allowed, p)
				}
			}
			g.Associations = []vpc.DirectConnectAssociation{{Gateway: tg, AllowedPrefixes: allowed}}
			b.n.DirectConnectGateways = append(b.n.DirectConnectGateways, g)
			dxAtt = b.id("tgw-attach")
			b.hybridAttachment(vpc.TransitGatewayAttachment{ID: dxAtt, TransitGateway: tg, DirectConnectGateway: g.ID})
		} else {
			var taken []netip.Prefix
			for _, v := range b.vpcs {
				if v.vgw == "" || assocVGW[v.vgw] || !b.chance("dxgw-vgw", 60) {
					continue
				}
				a := vpc.DirectConnectAssociation{Gateway: v.vgw}
				switch b.intn("dxgw-vgw-allowed", 0, 4) {
				case 0:
					a.AllowedPrefixes = []netip.Prefix{v.cidrs[0]}
				case 1:
					a.AllowedPrefixes = []netip.Prefix{netip.PrefixFrom(v.cidrs[0].Addr(), v.cidrs[0].Bits()-1).Masked()}
				case 2:
					a.AllowedPrefixes = []netip.Prefix{netip.PrefixFrom(v.cidrs[0].Addr(), v.cidrs[0].Bits()+1)}
				}
				// Allowed prefixes of one gateway's associations never
				// overlap (AWS refuses it); nor do the CIDRs two
				// associations advertise by default, so that each
				// prefix has one way in.
				claim := a.AllowedPrefixes
				if claim == nil {
					claim = v.cidrs
				}
				if slices.ContainsFunc(taken, func(p netip.Prefix) bool { return slices.ContainsFunc(claim, p.Overlaps) }) {
					continue
				}
				taken = append(taken, claim...)
				assocVGW[v.vgw] = true
				g.Associations = append(g.Associations, a)
			}
			b.n.DirectConnectGateways = append(b.n.DirectConnectGateways, g)
		}
		typ := vpc.PrivateVirtualInterface
		if transit {
			typ = vpc.TransitVirtualInterface
		}
		for range b.intn("vifs", 1, 2) {
			o := pick(b, "vif-onprem", h.onprems)
			x := vpc.VirtualInterface{ID: b.id("dxvif"), Type: typ, Network: o.id, DirectConnectGateway: g.ID, Routes: b.advertised(o)}
			if dxAtt != "" {
				h.attNets[dxAtt] = append(h.attNets[dxAtt], o.id)
			}
			if b.chance("vif-down", 20) {
				x.BGPStatus = vpc.LinkDown
			}
			b.n.VirtualInterfaces = append(b.n.VirtualInterfaces, x)
		}
	}
	// Static routes to the hybrid and peering attachments.
	for _, tg := range b.tgwIDs() {
		targets := slices.Clone(h.hybridAtts[tg])
		if h.peering != "" {
			targets = append(targets, h.peering)
		}
		for _, id := range b.tgws()[tg] {
			t := b.tgwTable(id)
			for range b.intn("tgw-hybrid-routes", 0, 3) {
				var d netip.Prefix
				var site string // the network d is a CIDR of
				switch b.intn("tgw-hybrid-dest", 0, 3) {
				case 0, 1:
					o := pick(b, "tgw-hybrid-onprem-of", h.onprems)
					d, site = pick(b, "tgw-hybrid-onprem", o.cidrs), o.id
				case 2:
					d = pick(b, "tgw-hybrid-vpc", pick(b, "tgw-hybrid-vpc-of", b.vpcs).cidrs)
				default:
					d = netip.MustParsePrefix("0.0.0.0/0")
				}
				if slices.ContainsFunc(t.Routes, func(r vpc.TGWRoute) bool { return r.Destination == d }) {
					continue
				}
				r := vpc.TGWRoute{Destination: d}
				// Mostly, a site's CIDR goes to an attachment it is behind.
				var behind []string
				for _, a := range targets {
					if slices.Contains(h.attNets[a], site) {
						behind = append(behind, a)
					}
				}
				switch {
				case len(targets) == 0 || b.chance("tgw-hybrid-blackhole", 15):
					r.Blackhole = true
				case len(behind) > 0 && b.chance("tgw-hybrid-behind", 60):
					r.Attachment = pick(b, "tgw-hybrid-behind-target", behind)
				default:
					r.Attachment = pick(b, "tgw-hybrid-target", targets)
				}
				t.Routes = append(t.Routes, r)
			}
		}
	}
	// Routes across the peering: on premises from the first transit
	// gateway's tables, the VPCs from the peer's.
	if h.peering != "" {
		add := func(table string, d netip.Prefix) {
			t := b.tgwTable(table)
			if !slices.ContainsFunc(t.Routes, func(r vpc.TGWRoute) bool { return r.Destination == d }) {
				t.Routes = append(t.Routes, vpc.TGWRoute{Destination: d, Attachment: h.peering})
			}
		}
		for _, id := range b.tgwTables {
			if b.chance("tgw-peering-route-onprem", 60) {
				add(id, pick(b, "tgw-peering-onprem", h.cidrs()))
			}
		}
		for _, id := range h.peerTables {
			for _, v := range b.vpcs {
				if b.chance("tgw-peering-route-vpc", 60) {
					add(id, v.cidrs[0])
				}
			}
		}
	}
	// Rules admitting on-premises sources.
	for i := range b.n.SecurityGroups {
		g := &b.n.SecurityGroups[i]
		if b.chance("sg-onprem", 50) {
			r := vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: netip.MustParsePrefix("0.0.0.0/0")}
			if b.chance("sg-onprem-cidr", 60) {
				r.CIDR = pick(b, "sg-onprem-which", h.cidrs())
			}
			g.Ingress = append(g.Ingress, r)
		}
	}
}

// hybridAttachment declares a VPN or Direct Connect gateway attachment a,
// associated and propagating at random.
func (b *builder) hybridAttachment(a vpc.TransitGatewayAttachment) {
	tables := b.tgws()[a.TransitGateway]
	if b.chance("tgw-hybrid-associated", 85) {
		a.RouteTable = pick(b, "tgw-hybrid-rtb", tables)
	}
	for _, t := range tables {
		if b.chance("tgw-hybrid-propagates", 70) {
			a.Propagations = append(a.Propagations, t)
		}
	}
	b.hy.hybridAtts[a.TransitGateway] = append(b.hy.hybridAtts[a.TransitGateway], a.ID)
	b.n.TransitGatewayAttachments = append(b.n.TransitGatewayAttachments, a)
}

// tgwTable returns the declared transit gateway route table id.
func (b *builder) tgwTable(id string) *vpc.TransitGatewayRouteTable {
	for i := range b.n.TransitGatewayRouteTables {
		if t := &b.n.TransitGatewayRouteTables[i]; t.ID == id {
			return t
		}
	}
	panic("gen: no transit gateway route table " + id) // the builder declared every table it names
}

// edgeTables sometimes gives a VPC a gateway route table associated with
// its internet gateway and/or its virtual private gateway.
func (b *builder) edgeTables() {
	for _, v := range b.vpcs {
		var gws []string
		if v.igw != "" && b.chance("edge-igw", 30) {
			gws = append(gws, v.igw)
		}
		if v.vgw != "" && b.chance("edge-vgw", 30) {
			gws = append(gws, v.vgw)
		}
		if len(gws) == 0 {
			continue
		}
		t := vpc.RouteTable{ID: b.id("rtb"), VPC: v.id, Gateways: gws}
		seen := map[netip.Prefix]bool{}
		for range b.intn("edge-routes", 1, 2) {
			si := pick(b, "edge-subnet", v.subnets)
			d := b.subnet(si).CIDR
			if seen[d] || len(v.enis) == 0 {
				continue
			}
			seen[d] = true
			t.Routes = append(t.Routes, vpc.Route{Destination: d, Target: vpc.ToNetworkInterface(pick(b, "edge-eni", v.enis))})
		}
		if b.chance("edge-local", 30) && !seen[v.cidrs[0]] {
			t.Routes = append(t.Routes, vpc.Route{Destination: v.cidrs[0], Target: vpc.Local()})
		}
		b.n.RouteTables = append(b.n.RouteTables, t)
	}
}
