package reference

import (
	"fmt"
	"slices"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// hopPacket turns an engine's packet into the reference's form. Its
// srcVPC is "?": a hop does not say where its source is a private
// address, so group references are matched on membership alone.
func hopPacket(p sim.Packet) packet {
	r := packet{src: p.Src, dst: p.Dst, proto: int(p.Protocol), srcVPC: "?"}
	if r.hasPorts() {
		r.sport, r.dport = p.SrcPorts, p.DstPorts
	}
	if p.ICMP != nil {
		r.icmpT, r.icmpC = icmpTypeCode(p.ICMP)
	}
	return r
}

// ruleWhyNot explains why a security group rule of group g does not
// allow packet p at its first destination port (the one an engine's hop
// names the rule for), or returns "".
func (r *Net) ruleWhyNot(g group, rule vpc.SGRule, ingress bool, p packet) string {
	if !selects(rule.Protocol, rule.Ports, rule.ICMP, p, p.dport.From) {
		return "protocol, first port or ICMP message do not match"
	}
	peer := p.dst
	if ingress {
		peer = p.src
	}
	if !r.peerMatches(rule, g.vpc, peer, p.srcVPC, ingress) {
		if rule.Group != "" {
			return fmt.Sprintf("%s is not an address of a member of %s (or the reference is stale)", peer, rule.Group)
		}
		return fmt.Sprintf("peer %s does not match", peer)
	}
	return ""
}

// CheckHop returns why hop h of an engine's path is not what the
// reference decides for the hop's packet on its own, or "" when it is:
//
//   - a security group hop names a group of the interface and a rule of
//     it that allows the packet's first destination port from (or to) its
//     peer, and the interface's groups together allow every port of the
//     packet's range (security groups are a union: no one rule need cover
//     the range);
//   - a network ACL hop names the subnet's ACL and the entry that decides
//     the first port, and every port of the range is allowed;
//   - a route hop names the subnet's (or transit gateway attachment's)
//     route table and the route the longest prefix match picks, which is
//     not a blackhole.
//
// Hops that name no rule are not checked.
func (r *Net) CheckHop(h sim.Hop) string {
	switch h.Ref.List {
	case "":
		return ""
	case "ingress", "egress":
		return r.checkSGHop(h)
	case "inbound", "outbound":
		return r.checkACLHop(h)
	case "routes":
		if r.tgw(h.Component) != nil {
			return r.checkTGWHop(h)
		}
		return r.checkRouteHop(h)
	}
	return "unknown rule list " + h.Ref.List
}

func (r *Net) checkSGHop(h sim.Hop) string {
	e := r.eni(h.Component)
	if e == nil {
		return "no declared interface " + h.Component
	}
	ingress := h.Ref.List == "ingress"
	gs := r.groupsOf(e)
	i := slices.IndexFunc(gs, func(g group) bool { return g.id == h.Ref.Resource })
	if i < 0 {
		return fmt.Sprintf("%s does not carry %s", e.ID, h.Ref.Resource)
	}
	g, p := gs[i], hopPacket(h.Packet)
	rules := g.rules(ingress)
	switch {
	case h.Ref.Index == -1:
		if !g.synthesized {
			return "an implicit rule of a declared group"
		}
		if !slices.ContainsFunc(rules, func(rule vpc.SGRule) bool { return r.ruleWhyNot(g, rule, ingress, p) == "" }) {
			return "no rule of the synthesized default group allows it"
		}
	case h.Ref.Index < 0 || h.Ref.Index >= len(rules):
		return "rule index out of range"
	default:
		if why := r.ruleWhyNot(g, rules[h.Ref.Index], ingress, p); why != "" {
			return why
		}
	}
	if !r.sgAdmits(e, ingress, p) {
		return fmt.Sprintf("the groups of %s do not allow every port of %s", e.ID, p.dport)
	}
	return ""
}

func (r *Net) checkACLHop(h sim.Hop) string {
	a := r.aclOf(h.Component)
	if a.id != h.Ref.Resource {
		return fmt.Sprintf("subnet %s uses %s", h.Component, a.id)
	}
	p := hopPacket(h.Packet)
	entries, peer := a.entries(h.Ref.List == "inbound", p)
	for i, port := range aclPorts(entries, p) {
		e := firstMatch(entries, peer, p, port)
		switch {
		case e == nil:
			return fmt.Sprintf("port %d: the final deny applies", port)
		case e.Action != vpc.Allow:
			return fmt.Sprintf("port %d: entry %d denies", port, e.Number)
		case i == 0 && e.Number != h.Ref.Index:
			return fmt.Sprintf("entry %d matches first, not %d", e.Number, h.Ref.Index)
		}
	}
	return ""
}

func (r *Net) checkRouteHop(h sim.Hop) string {
	t, ok := r.gatewayTable(h.Component) // an internet or virtual private gateway's (ingress routing)
	if !ok {
		t = r.tableOf(h.Component)
	}
	if t.id != h.Ref.Resource {
		return fmt.Sprintf("subnet %s uses %s", h.Component, t.id)
	}
	c, ok := r.bestRoute(t, h.Packet.Dst)
	switch {
	case !ok:
		return "no route matches"
	case c.index != h.Ref.Index:
		return fmt.Sprintf("the longest prefix match is route %d (%s -> %s), not %d", c.index, c.dst, c.route.Target, h.Ref.Index)
	case r.isBlackhole(c.route):
		return "the route is a blackhole"
	}
	return ""
}

// checkTGWHop checks a transit gateway hop, which names the route table
// and route that carried the packet.
func (r *Net) checkTGWHop(h sim.Hop) string {
	if !slices.ContainsFunc(r.n.TransitGatewayAttachments, func(a vpc.TransitGatewayAttachment) bool {
		return a.TransitGateway == h.Component && a.RouteTable == h.Ref.Resource
	}) {
		return fmt.Sprintf("no attachment of %s is associated with %s", h.Component, h.Ref.Resource)
	}
	c, ok, _ := r.bestTGWRoute(h.Ref.Resource, h.Packet.Dst)
	switch {
	case !ok:
		return "no route matches"
	case c.index != h.Ref.Index:
		return fmt.Sprintf("the longest prefix match is route %d (%s -> %q), not %d", c.index, c.dst, c.attachment, h.Ref.Index)
	case c.attachment == "":
		return "the route is a blackhole"
	}
	return ""
}

// FirstRule returns the position, in the list a security group hop names,
// of the first rule allowing the hop's packet at its first destination
// port, or -1. An engine may name any rule that does; tests comparing
// paths across declaration orders map each hop to this one.
func (r *Net) FirstRule(h sim.Hop) int {
	g, ok := r.group(h.Ref.Resource)
	if !ok {
		return -1
	}
	ingress := h.Ref.List == "ingress"
	p := hopPacket(h.Packet)
	return slices.IndexFunc(g.rules(ingress), func(rule vpc.SGRule) bool { return r.ruleWhyNot(g, rule, ingress, p) == "" })
}

// CheckTranslations returns what is wrong with the address and port
// translations on an engine's path and reply, or "" when each is what AWS
// does (see nat.go and igw.go):
//
//   - a NAT gateway's hop rewrites the source to the gateway's private
//     address and, for TCP and UDP, the source ports to 1024-65535,
//     keeping the destination (IPv4);
//   - on the reply, the same gateway's reverse hop rewrites the
//     destination back to the address and ports the request had when it
//     reached the gateway, keeping the source;
//   - an internet gateway's hop maps a private IPv4 source to its public
//     address (the primary's public address, a secondary's Elastic IP, a
//     NAT gateway's Elastic IP) or a public IPv4 destination to its
//     private address, and nothing else.
func (r *Net) CheckTranslations(path, reply []sim.Hop) string {
	arrived := map[string]sim.Packet{} // the request as it reached each NAT gateway
	for _, hops := range [][]sim.Hop{path, reply} {
		for i, h := range hops {
			if i == 0 {
				continue
			}
			prev, p := hops[i-1].Packet, h.Packet
			var why string
			switch {
			case h.Kind == sim.KindNATGateway && h.Step == sim.StepNAT:
				arrived[h.Component] = prev
				why = r.checkNAT(h.Component, prev, p)
			case h.Kind == sim.KindNATGateway && h.Step == sim.StepUnNAT:
				a, ok := arrived[h.Component]
				switch {
				case !ok:
					why = "a reverse translation by a gateway the request did not pass"
				case p.Dst != a.Src || p.Protocol.HasPorts() && p.DstPorts != a.SrcPorts:
					why = fmt.Sprintf("the reply goes to %s:%s, want the request's source %s:%s", p.Dst, p.DstPorts, a.Src, a.SrcPorts)
				case p.Src != prev.Src && prev.Src.Is4() == p.Src.Is4():
					why = fmt.Sprintf("the reply's source changed from %s to %s", prev.Src, p.Src)
				}
			case h.Kind == sim.KindInternetGateway && h.Step == sim.StepPublicNAT && prev.Src.Is4():
				why = r.checkIGW(h.Component, prev, p)
			}
			if why != "" {
				return fmt.Sprintf("hop %d (%s): %s", i+1, h, why)
			}
		}
	}
	return ""
}

func (r *Net) checkNAT(id string, prev, p sim.Packet) string {
	g := r.nat(id)
	switch {
	case g == nil:
		return "no declared NAT gateway " + id
	case p.Src != g.PrivateIP:
		return fmt.Sprintf("source %s, want the gateway's address %s", p.Src, g.PrivateIP)
	case p.Protocol.HasPorts() && p.SrcPorts != vpc.Ports(1024, 65535):
		return fmt.Sprintf("source ports %s, want 1024-65535", p.SrcPorts)
	case prev.Dst.Is4() && (p.Dst != prev.Dst || p.DstPorts != prev.DstPorts):
		return fmt.Sprintf("destination changed from %s:%s to %s:%s", prev.Dst, prev.DstPorts, p.Dst, p.DstPorts)
	}
	return ""
}

func (r *Net) checkIGW(id string, prev, p sim.Packet) string {
	g := r.igw(id)
	switch {
	case g == nil:
		return "no declared internet gateway " + id
	case prev.Src != p.Src && prev.Dst != p.Dst:
		return "both addresses changed"
	case prev.Src != p.Src:
		h, ok := r.hostInVPC(g.VPC, prev.Src)
		if !ok || h.publicOf(prev.Src) != p.Src {
			return fmt.Sprintf("source %s left as %s, not as its public address", prev.Src, p.Src)
		}
	case prev.Dst != p.Dst:
		if _, priv, ok := r.publicOwner(prev.Dst); !ok || priv != p.Dst {
			return fmt.Sprintf("public destination %s entered as %s, not as the private address it belongs to", prev.Dst, p.Dst)
		}
	default:
		return "no translation of an IPv4 packet"
	}
	return ""
}
