package reference

import (
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Network interfaces and their security groups.
//
// AWS facts (Amazon VPC User Guide, "Security groups" and "Security group
// rules"; Amazon EC2 User Guide, "Connection tracking" and "Source/
// destination checks"):
//
//   - An interface's security groups hold allow rules only; all rules of
//     all its groups together form one union: a packet passes when some
//     rule allows it.
//   - Security groups are stateful: the reply to a flow the groups let
//     through passes whatever the rules say. An interface a request never
//     passed (an appliance on an asymmetric return path) has no such state
//     and judges the reply by its rules, like a new flow.
//   - A rule naming a security group matches the private addresses of the
//     interfaces carrying that group, never public addresses or addresses
//     after a translation. A group of another VPC may be named across an
//     active VPC peering connection in the same Region, or (inbound rules
//     only) across a transit gateway with security group referencing on
//     and not turned off for either attachment (Transit Gateway Guide,
//     "Security group referencing"); otherwise the rule is stale and
//     matches nothing.
//   - An interface with no group gets its VPC's default group: inbound all
//     from itself, outbound all (to ::/0 as well when the VPC has an IPv6
//     block).
//   - An interface accepts traffic addressed to it; with its source/
//     destination check turned off it also forwards traffic that is not
//     (an appliance), after its groups' ingress and then egress rules.
//     Group references do not survive such an appliance: past it, the
//     source is no longer seen as a member of its groups.

// group is a security group as it applies to an interface.
type group struct {
	id          string
	vpc         string
	synthesized bool // the AWS default group of a VPC that declares none
	ingress     []vpc.SGRule
	egress      []vpc.SGRule
}

func (g group) rules(ingress bool) []vpc.SGRule {
	if ingress {
		return g.ingress
	}
	return g.egress
}

// group returns the security group id: declared, or a VPC's synthesized
// default ("<vpc>/default-sg").
func (r *Net) group(id string) (group, bool) {
	for _, g := range r.n.SecurityGroups {
		if g.ID == id {
			return group{id: g.ID, vpc: g.VPC, ingress: g.Ingress, egress: g.Egress}, true
		}
	}
	for _, v := range r.n.VPCs {
		if id == v.ID+"/default-sg" {
			return r.defaultGroup(v.ID), true
		}
	}
	return group{}, false
}

// defaultGroup is VPC v's default group: the declared one, or the one AWS
// creates.
func (r *Net) defaultGroup(v string) group {
	for _, g := range r.n.SecurityGroups {
		if g.VPC == v && g.Default {
			return group{id: g.ID, vpc: g.VPC, ingress: g.Ingress, egress: g.Egress}
		}
	}
	id := v + "/default-sg"
	g := group{id: id, vpc: v, synthesized: true,
		ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, Group: id}},
		egress:  []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: netip.MustParsePrefix("0.0.0.0/0")}}}
	if x := r.vpc(v); x != nil && x.IPv6CIDR.IsValid() {
		g.egress = append(g.egress, vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: netip.MustParsePrefix("::/0")})
	}
	return g
}

// groupsOf returns the groups of interface e.
func (r *Net) groupsOf(e *vpc.NetworkInterface) []group {
	if r.openNode(e) || r.isGWLBE(e) {
		return nil // a Network Load Balancer's node without groups, or a Gateway Load Balancer's node or endpoint, has none, not the default
	}
	if len(e.SecurityGroups) == 0 {
		return []group{r.defaultGroup(r.vpcOf(e.Subnet))}
	}
	var out []group
	for _, id := range e.SecurityGroups {
		if g, ok := r.group(id); ok {
			out = append(out, g)
		}
	}
	return out
}

// isMember reports whether a is an address, in VPC v, of an interface
// carrying group g.
func (r *Net) isMember(g, v string, a netip.Addr) bool {
	for i := range r.ifaces {
		e := &r.ifaces[i]
		if r.vpcOf(e.Subnet) != v || !(host{eni: e}).has(a) {
			continue
		}
		if slices.ContainsFunc(r.groupsOf(e), func(x group) bool { return x.id == g }) {
			return true
		}
	}
	return false
}

// peering returns the peering connection between VPCs a and b, or nil.
func (r *Net) peering(a, b string) *vpc.PeeringConnection {
	for i := range r.n.PeeringConnections {
		p := &r.n.PeeringConnections[i]
		if p.RequesterVPC == a && p.AccepterVPC == b || p.RequesterVPC == b && p.AccepterVPC == a {
			return p
		}
	}
	return nil
}

// groupReferenceLive reports whether a rule of a group in VPC owner may
// match members of a group in VPC other.
func (r *Net) groupReferenceLive(owner, other string, ingress bool) bool {
	if owner == other {
		return true
	}
	if p := r.peering(owner, other); p != nil && p.Status.IsActive() && r.vpc(owner).Region == r.vpc(other).Region {
		return true
	}
	return ingress && r.tgwReferencing(owner, other)
}

// peerMatches reports whether the peer of rule, a rule of a group in VPC
// owner, holds address a. aVPC is the VPC in which a is a private address
// of an interface ("" when it is not one, "?" when that is not known).
func (r *Net) peerMatches(rule vpc.SGRule, owner string, a netip.Addr, aVPC string, ingress bool) bool {
	switch {
	case rule.Group != "":
		g, ok := r.group(rule.Group)
		if !ok || !r.groupReferenceLive(owner, g.vpc, ingress) {
			return false
		}
		if ingress && aVPC != "?" && aVPC != g.vpc {
			return false
		}
		return r.isMember(rule.Group, g.vpc, a)
	case rule.PrefixList != "":
		pl := r.prefixList(rule.PrefixList)
		return pl != nil && slices.ContainsFunc(pl.Entries, func(e netip.Prefix) bool { return e.Contains(a) })
	}
	return rule.CIDR.Contains(a)
}

// sgRulePorts returns the port ranges of every rule of the groups.
func sgRulePorts(gs []group) []vpc.PortRange {
	var out []vpc.PortRange
	for _, g := range gs {
		for _, rule := range slices.Concat(g.ingress, g.egress) {
			out = append(out, rule.Ports)
		}
	}
	return out
}

// sgAdmits reports whether interface e's groups allow p: ingress from its
// source, or egress to its destination. Every port of p's destination
// range must be allowed, each by some rule.
func (r *Net) sgAdmits(e *vpc.NetworkInterface, ingress bool, p packet) bool {
	gs := r.groupsOf(e)
	for _, port := range changePorts(p, sgRulePorts(gs)) {
		if !r.sgAdmitsPort(gs, ingress, p, port) {
			return false
		}
	}
	return true
}

func (r *Net) sgAdmitsPort(gs []group, ingress bool, p packet, port uint16) bool {
	peer := p.dst
	if ingress {
		peer = p.src
	}
	for _, g := range gs {
		for _, rule := range g.rules(ingress) {
			if !selects(rule.Protocol, rule.Ports, rule.ICMP, p, port) {
				continue
			}
			if r.peerMatches(rule, g.vpc, peer, p.srcVPC, ingress) || ingress && r.memberMatches(rule, g.vpc, p) {
				return true
			}
		}
	}
	return false
}

// memberMatches reports whether rule, a group-peer rule of a group in VPC
// owner, admits p as sent on behalf of a load balancer node whose groups
// include the peer (see lb.go).
func (r *Net) memberMatches(rule vpc.SGRule, owner string, p packet) bool {
	if rule.Group == "" || p.member == "" {
		return false
	}
	g, ok := r.group(rule.Group)
	return ok && r.groupReferenceLive(owner, g.vpc, true) && r.memberOf(p.member, rule.Group)
}

// sgPass applies interface e's groups to p. A request passes by the rules
// and leaves connection state at e; a reply passes by that state where
// the request left it, and by the rules elsewhere.
func (w *walk) sgPass(e *vpc.NetworkInterface, ingress bool, p packet) bool {
	if w.r.openNode(e) {
		return true // a node without groups
	}
	if w.reply && w.tracked[e.ID] {
		return true
	}
	if !w.reply {
		w.tracked[e.ID] = true
	}
	return w.r.sgAdmits(e, ingress, p)
}

// send carries a packet leaving interface e: to the Amazon DNS resolver,
// or past e's groups' egress rules and out through e's subnet.
func (w *walk) send(e *vpc.NetworkInterface, p packet) {
	if w.repeated("send", e.ID, p) {
		return
	}
	if !w.reply && w.r.isDNS(w.r.vpcOf(e.Subnet), p.dst) {
		w.dns(w.r.vpcOf(e.Subnet), p)
		return
	}
	if !w.sgPass(e, false, p) {
		w.fail(sim.SGEgress)
		return
	}
	w.leave(e.Subnet, p, e.ID)
}

// receive hands a packet to host h: a NAT gateway translates; an
// interface applies its groups' ingress rules, then takes the packet if
// addressed to it or forwards it as an appliance.
func (w *walk) receive(h host, p packet) {
	if h.nat != nil {
		w.natGateway(h.nat, p)
		return
	}
	e := h.eni
	if w.r.isGWLBE(e) {
		if h.has(p.dst) {
			w.fail(sim.UnknownDestination) // a route target, never a destination (gwlb.go)
			return
		}
		w.gwlbEndpoint(e, p) // routed to a Gateway Load Balancer endpoint (gwlb.go)
		return
	}
	if !w.sgPass(e, true, p) {
		w.fail(sim.SGIngress)
		return
	}
	if h.has(p.dst) || w.returnTo != "" && w.returnTo == h.id() {
		if w.goal.host == h.id() && e.Kind == vpc.KindVPCEndpoint && w.r.vpcEndpoint(e.Owner) != nil {
			w.endpointArrive(e, p)
			return
		}
		if w.goal.host == h.id() {
			w.arrive(h.id(), p)
			return
		}
		w.fail(sim.UnknownDestination)
		return
	}
	if !e.SourceDestCheckDisabled {
		w.fail(sim.SourceDestCheck)
		return
	}
	if e.Stateful {
		// A stateful appliance forwards a reply only for a flow whose
		// request it forwarded (AWS does not support asymmetric routing
		// through appliances: VPC User Guide, "Gateway route tables").
		if !w.reply {
			w.fwd = append(w.fwd, e.ID)
		} else if !slices.Contains(w.fwd, e.ID) {
			w.fail(sim.AsymmetricRoute)
			return
		} else {
			w.back[e.ID] = true
		}
	}
	p.srcVPC = ""
	w.send(e, p)
}

// symmetric reports whether a reply that arrived passed every stateful
// appliance the request passed, failing it when it bypassed one.
func (w *walk) symmetric() bool {
	for _, id := range w.fwd {
		if !w.back[id] {
			w.ok = false
			w.fail(sim.AsymmetricRoute)
			return false
		}
	}
	return true
}
