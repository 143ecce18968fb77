package sim

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file holds the forwarding functions: one per component kind. Each
// takes the packet arriving at a component, checks what that component
// checks, rewrites the packet if the component translates, and hands it to
// the next component, or records a block. The same functions carry the
// reply (w.reply), where security groups pass by connection tracking and
// NAT gateways reverse their translation.

// pkt is the packet as the engine walks it. Ports are ranges: the forward
// packet has one destination port and the client's ephemeral range as
// source; a reply has them swapped. For ICMP the destination "port" is
// type<<8|code. srcVPC is the VPC in which src is a private address, or -1.
type pkt struct {
	src, dst netip.Addr
	proto    uint8
	slo, shi uint16
	dlo, dhi uint16
	srcVPC   int32
}

// maxSteps bounds a walk; more means a routing loop.
const maxSteps = 64

// natEntry is a NAT gateway's connection-tracking entry: the client address
// and ports it translated.
type natEntry struct {
	nat      int32
	src      netip.Addr
	slo, shi uint16
	srcVPC   int32
	nat64    bool // IPv6 translated to IPv4
}

// goal is where a walk must arrive.
type goal struct {
	dns      bool  // the Amazon DNS resolver of the sender's VPC
	eni      int32 // destination interface, or -1
	subnet   int32 // destination subnet host (at addr), or -1
	internet bool  // destination is an internet host
	addr     netip.Addr
}

// walker follows one packet through the model.
type walker struct {
	m     *Model
	trace bool // record hops and block details
	reply bool
	goal  goal

	hops   []Hop
	block  Block
	reason Reason
	ok     bool
	steps  int
	depth  int // hops taken, traced or not

	// where the walk arrived, and the packet as it arrived
	atENI    int32
	atSubnet int32 // subnet host arrived at, or -1
	atDNS    bool  // arrived at the Amazon DNS resolver
	final    pkt

	nats  [4]natEntry
	nnats int
	// the interfaces whose security groups the request passed, for
	// connection tracking on the reply
	trackedENIs [8]int32
	ntracked    int

	// touched, when non-nil, collects the rule and route tables the walk
	// consulted (for the address-atom search of internet-any queries).
	touched *[]ref
	// sig, when non-nil, makes the walk a probe: network ACLs are not
	// applied but recorded in it (see signature.go).
	sig *[]byte
}

func (w *walker) hop(kind ComponentKind, id string, step Step, rule func() string, p pkt) {
	w.hopRef(kind, id, step, RuleRef{}, rule, p)
}

func (w *walker) hopRef(kind ComponentKind, id string, step Step, ref RuleRef, rule func() string, p pkt) {
	w.depth++
	if !w.trace {
		return
	}
	h := Hop{Component: id, Kind: kind, Step: step, Ref: ref, Packet: w.m.exportPacket(p)}
	if rule != nil {
		h.Rule = rule()
	}
	w.hops = append(w.hops, h)
}

func (w *walker) fail(r Reason, kind ComponentKind, id string, step Step, rule func() string) {
	w.failRef(r, kind, id, step, RuleRef{}, rule)
}

func (w *walker) failRef(r Reason, kind ComponentKind, id string, step Step, ref RuleRef, rule func() string) {
	w.reason = r
	if w.trace {
		w.block = Block{Component: id, Kind: kind, Step: step, Reason: r, Rule: rule(), Ref: ref}
	}
}

func (w *walker) touch(k resKind, i int32) {
	if w.touched != nil {
		*w.touched = append(*w.touched, ref{k, i})
	}
}

func (w *walker) loop(kind ComponentKind, id string) bool {
	w.steps++
	if w.steps > maxSteps {
		w.fail(RouteLoop, kind, id, StepRoute, func() string {
			return fmt.Sprintf("more than %d forwarding steps: the routes form a loop", maxSteps)
		})
		return true
	}
	return false
}

// send is the interface forwarding function for a packet leaving interface
// e: its security groups' egress rules, then its subnet.
func (w *walker) send(e int32, p pkt) {
	m := w.m
	E := &m.enis[e]
	if w.loop(KindInterface, E.id) {
		return
	}
	if !w.reply && m.isDNS(E.vpc, p.dst) {
		w.dns(E.vpc, p)
		return
	}
	if !w.sgCheck(e, true, p) {
		return
	}
	w.leave(E.subnet, p, e)
}

// originate starts a walk from the host of subnet s (subnet-level
// queries): no security groups, then the subnet's routing.
func (w *walker) originate(s int32, p pkt) {
	if v := w.m.subnets[s].vpc; w.m.isDNS(v, p.dst) {
		w.dns(v, p)
		return
	}
	w.leave(s, p, -1)
}

// dns is the forwarding function of the Amazon DNS resolver of VPC v,
// which interfaces of the VPC reach at the primary CIDR's base + 2,
// 169.254.169.253 or fd00:ec2::253. Its traffic is never filtered by
// security groups or network ACLs; it answers on port 53 when the VPC's
// DNS support is on.
func (w *walker) dns(v int32, p pkt) {
	m := w.m
	id := m.vpcs[v].id + "/amazon-dns"
	switch {
	case !m.vpcs[v].dnsOn:
		w.fail(DNSDisabled, KindDNS, id, StepDeliver, func() string {
			return fmt.Sprintf("%s has DNS support (enableDnsSupport) off", m.vpcs[v].id)
		})
	case !(p.proto == 6 || p.proto == 17) || p.dlo != 53 || p.dhi != 53:
		w.fail(UnknownDestination, KindDNS, id, StepDeliver, func() string {
			return fmt.Sprintf("the Amazon DNS resolver answers only TCP and UDP on port 53, not %s", m.flowDesc(p))
		})
	case !w.goal.dns:
		w.fail(UnknownDestination, KindDNS, id, StepDeliver, func() string { return "arrived at the DNS resolver, not at the destination" })
	default:
		w.hop(KindDNS, id, StepDeliver, func() string {
			return "Amazon DNS resolver: never filtered by security groups or network ACLs"
		}, p)
		w.ok, w.atDNS, w.atENI, w.atSubnet, w.final = true, true, -1, -1, p
	}
}

var (
	dnsLinkLocal4 = netip.MustParseAddr("169.254.169.253")
	dnsLinkLocal6 = netip.MustParseAddr("fd00:ec2::253")
)

// isDNS reports whether a is an address of VPC v's Amazon DNS resolver.
func (m *Model) isDNS(v int32, a netip.Addr) bool {
	return a == m.vpcs[v].dns || a == dnsLinkLocal4 || a == dnsLinkLocal6
}

// leave is the subnet forwarding function for a packet leaving through
// subnet s's router: same-subnet delivery, else the route table, the
// network ACL outbound (when the next hop is outside the subnet), and the
// route's target.
func (w *walker) leave(s int32, p pkt, from int32) {
	m := w.m
	S := &m.subnets[s]
	if S.contains(p.dst) {
		if w.goal.subnet == s && w.goal.addr == p.dst {
			w.hop(KindSubnet, S.id, StepSwitch, func() string { return "same subnet: no route table or network ACL" }, p)
			w.arriveSubnet(s, p)
			return
		}
		t := S.eniAt(p.dst)
		if t < 0 || t == from {
			w.fail(UnknownDestination, KindSubnet, S.id, StepSwitch, func() string {
				return fmt.Sprintf("no interface in %s has address %s", S.id, p.dst)
			})
			return
		}
		w.hop(KindSubnet, S.id, StepSwitch, func() string { return "same subnet: no route table or network ACL" }, p)
		w.receive(t, p)
		return
	}
	// Look the route up first only to know whether the next hop is in
	// this subnet (a NAT gateway, appliance or transit gateway attachment
	// here); otherwise the network ACL outbound applies before the route,
	// as AWS evaluates them.
	T := &m.rtbs[S.rtb]
	w.touch(resRTB, S.rtb)
	ri := -1
	if !reservedDst(p.dst) {
		ri = T.lookup(p.dst)
	}
	var r *cRoute
	next, nextENI, att := int32(-1), int32(-1), int32(-1)
	if ri >= 0 && !T.routes[ri].blackhole {
		r = &T.routes[ri]
		switch r.target.Kind {
		case vpc.TargetNATGateway:
			nextENI = m.nats[r.tidx].eni
		case vpc.TargetNetworkInterface:
			nextENI = r.tidx
		case vpc.TargetTransitGateway:
			if att = m.attachmentOf(S.vpc, r.tidx); att >= 0 {
				next = m.attachSubnet(att, S.az)
			}
		}
		if nextENI >= 0 {
			next = m.enis[nextENI].subnet
		}
	}
	// Traffic to a transit gateway attachment in this same subnet still
	// meets the subnet's ACL, outbound and then inbound (see tgw).
	if (next != s || att >= 0) && !w.aclCheck(s, false, p) {
		return
	}
	switch {
	case reservedDst(p.dst):
		w.fail(ReservedRange, KindSubnet, S.id, StepRoute, func() string {
			return fmt.Sprintf("%s is in a range the VPC router does not forward", p.dst)
		})
		return
	case ri < 0:
		w.fail(NoRoute, KindSubnet, S.id, StepRoute, func() string {
			return fmt.Sprintf("no route in %s matches %s", T.id, p.dst)
		})
		return
	case r == nil:
		w.failRef(BlackholeRoute, KindSubnet, S.id, StepRoute, m.routeRef(S.rtb, ri), func() string {
			return fmt.Sprintf("%s: blackhole", m.routeString(S.rtb, ri))
		})
		return
	case r.target.Kind == vpc.TargetTransitGateway && att < 0:
		w.fail(BadState, KindSubnet, S.id, StepRoute, func() string {
			return fmt.Sprintf("%s: %s has no attachment to %s", m.routeString(S.rtb, ri), m.vpcs[S.vpc].id, m.tgws[r.tidx].id)
		})
		return
	case att >= 0 && next < 0:
		w.fail(AZMismatch, KindSubnet, S.id, StepRoute, func() string {
			return fmt.Sprintf("%s has no subnet in %s, so traffic from %s cannot reach %s", m.tgwAtts[att].id, S.az, S.id, m.tgws[r.tidx].id)
		})
		return
	}
	w.hopRef(KindSubnet, S.id, StepRoute, m.routeRef(S.rtb, ri), func() string { return m.routeString(S.rtb, ri) }, p)
	switch {
	case r.local:
		w.local(S.vpc, p, s)
	case nextENI >= 0:
		w.enter(next, p, nextENI, s)
	case att >= 0:
		w.tgw(att, next, p)
	case r.target.Kind == vpc.TargetInternetGateway:
		w.igwOut(r.tidx, p)
	case r.target.Kind == vpc.TargetEgressOnlyGateway:
		w.eigwOut(r.tidx, p)
	case r.target.Kind == vpc.TargetPeeringConnection:
		w.peering(r.tidx, S.vpc, p)
	}
}

// peering is the VPC peering connection forwarding function: an active
// connection carries traffic from the sending VPC's own addresses to the
// receiving VPC's own addresses, delivered by its local route. Anything
// else would be transitive or edge-to-edge routing, which peering does not
// do.
func (w *walker) peering(x int32, from int32, p pkt) {
	m := w.m
	X := &m.pcxs[x]
	if !X.active {
		w.fail(BadState, KindPeering, X.id, StepPeering, func() string {
			return fmt.Sprintf("%s is not active", X.id)
		})
		return
	}
	to := X.b
	if from == X.b {
		to = X.a
	}
	if !m.inVPC(from, p.src) {
		w.fail(NonTransitive, KindPeering, X.id, StepPeering, func() string {
			return fmt.Sprintf("source %s is not in %s: peering is not transitive", p.src, m.vpcs[from].id)
		})
		return
	}
	if !m.inVPC(to, p.dst) {
		w.fail(NonTransitive, KindPeering, X.id, StepPeering, func() string {
			return fmt.Sprintf("destination %s is not in %s: a peer cannot use its gateways or other connections (no edge-to-edge routing)", p.dst, m.vpcs[to].id)
		})
		return
	}
	w.hop(KindPeering, X.id, StepPeering, func() string { return fmt.Sprintf("%s -> %s", m.vpcs[from].id, m.vpcs[to].id) }, p)
	w.local(to, p, -1)
}

// tgw is the transit gateway forwarding function for a packet sent from
// subnet from to attachment att through its subnet in (in the sender's
// AZ): that subnet's ACL inbound (even when the sender is in it, as AWS
// documents), the attachment's associated route table, and out through the
// destination attachment's subnet (in the same AZ when it has one), whose
// route table and ACL then apply (not to an instance in that very subnet).
func (w *walker) tgw(att int32, in int32, p pkt) {
	m := w.m
	A := &m.tgwAtts[att]
	G := &m.tgws[A.tgw]
	if w.loop(KindTransitGateway, G.id) {
		return
	}
	if !w.aclCheck(in, true, p) {
		return
	}
	if A.rtb < 0 {
		w.fail(NoRoute, KindTransitGateway, G.id, StepTGWRoute, func() string {
			return fmt.Sprintf("%s is not associated with a transit gateway route table", A.id)
		})
		return
	}
	if p.dst.Is6() && !A.ipv6 {
		w.fail(NoRoute, KindTransitGateway, G.id, StepTGWRoute, func() string {
			return fmt.Sprintf("%s does not have IPv6 support enabled", A.id)
		})
		return
	}
	T := &m.tgwRTBs[A.rtb]
	w.touch(resTGWRTB, A.rtb)
	ri := T.lookup(p.dst)
	if ri < 0 {
		w.fail(NoRoute, KindTransitGateway, G.id, StepTGWRoute, func() string {
			return fmt.Sprintf("no route in %s matches %s", T.id, p.dst)
		})
		return
	}
	r := &T.routes[ri]
	if r.att < 0 {
		w.failRef(BlackholeRoute, KindTransitGateway, G.id, StepTGWRoute, m.tgwRouteRef(A.rtb, ri), func() string {
			return m.tgwRouteString(A.rtb, ri)
		})
		return
	}
	B := &m.tgwAtts[r.att]
	if p.dst.Is6() && !B.ipv6 {
		w.failRef(NoRoute, KindTransitGateway, G.id, StepTGWRoute, m.tgwRouteRef(A.rtb, ri), func() string {
			return fmt.Sprintf("%s: %s does not have IPv6 support enabled", m.tgwRouteString(A.rtb, ri), B.id)
		})
		return
	}
	out := m.attachSubnet(r.att, m.subnets[in].az)
	if out < 0 {
		out = B.subnets[0]
	}
	w.hopRef(KindTransitGateway, G.id, StepTGWRoute, m.tgwRouteRef(A.rtb, ri), func() string {
		return fmt.Sprintf("%s: %s -> %s via %s", m.tgwRouteString(A.rtb, ri), A.id, B.id, m.subnets[out].id)
	}, p)
	w.leave(out, p, -1)
}

// aclCheck applies subnet s's network ACL to p, inbound or outbound; the
// peer is p's source inbound and its destination outbound.
func (w *walker) aclCheck(s int32, inbound bool, p pkt) bool {
	m := w.m
	S := &m.subnets[s]
	A := &m.acls[S.acl]
	w.touch(resACL, S.acl)
	rules, peer, step, reason := A.outbound, p.dst, StepACLOutbound, NACLOutbound
	if inbound {
		rules, peer, step, reason = A.inbound, p.src, StepACLInbound, NACLInbound
	}
	if w.sig != nil {
		w.sign(S.acl, inbound, peer)
		return true
	}
	allow, ri := aclDecide(rules, peer, p)
	ref := m.aclRef(S.acl, inbound, ri)
	if !allow {
		w.failRef(reason, KindSubnet, S.id, step, ref, func() string { return m.aclRuleString(S.acl, inbound, ri, p) })
		return false
	}
	w.hopRef(KindSubnet, S.id, step, ref, func() string { return m.aclRuleString(S.acl, inbound, ri, p) }, p)
	return true
}

// local is the VPC router's forwarding function for the local route:
// deliver into the subnet holding the destination.
func (w *walker) local(v int32, p pkt, from int32) {
	m := w.m
	t := m.subnetAt(v, p.dst)
	if t < 0 {
		w.fail(UnknownDestination, KindVPCRouter, m.vpcs[v].id, StepLocal, func() string {
			return fmt.Sprintf("no subnet of %s contains %s", m.vpcs[v].id, p.dst)
		})
		return
	}
	w.enter(t, p, -1, from)
}

// enter is the subnet forwarding function for a packet arriving from
// outside subnet s (from is the subnet it came from, or -1): the network
// ACL inbound, then the interface to (or the one holding the destination).
func (w *walker) enter(s int32, p pkt, to int32, from int32) {
	m := w.m
	S := &m.subnets[s]
	if w.loop(KindSubnet, S.id) {
		return
	}
	if s != from && !w.aclCheck(s, true, p) {
		return
	}
	if to < 0 && w.goal.subnet == s && w.goal.addr == p.dst {
		w.arriveSubnet(s, p)
		return
	}
	if to < 0 {
		to = S.eniAt(p.dst)
		if to < 0 {
			w.fail(UnknownDestination, KindSubnet, S.id, StepLocal, func() string {
				return fmt.Sprintf("no interface in %s has address %s", S.id, p.dst)
			})
			return
		}
	}
	w.receive(to, p)
}

// receive is the interface forwarding function for a packet arriving at
// interface e: NAT gateways translate; other interfaces apply their
// security groups' ingress rules, then take the packet if it is addressed
// to them, or forward it when their source/destination check is off.
func (w *walker) receive(e int32, p pkt) {
	m := w.m
	E := &m.enis[e]
	addressed := E.has(p.dst)
	if E.nat >= 0 {
		w.nat(E.nat, p, addressed)
		return
	}
	if !w.sgCheck(e, false, p) {
		return
	}
	if addressed {
		if w.goal.eni == e {
			w.hop(KindInterface, E.id, StepDeliver, nil, p)
			w.ok, w.atENI, w.atSubnet, w.final = true, e, -1, p
			return
		}
		w.fail(UnknownDestination, KindInterface, E.id, StepDeliver, func() string {
			return fmt.Sprintf("arrived at %s, not at the destination", E.id)
		})
		return
	}
	if E.sdcheck {
		w.fail(SourceDestCheck, KindInterface, E.id, StepForward, func() string {
			return fmt.Sprintf("%s is not addressed to %s and its source/destination check is on", p.dst, E.id)
		})
		return
	}
	w.hop(KindInterface, E.id, StepForward, func() string { return "source/destination check disabled" }, p)
	// Security group references do not survive a middlebox: past it the
	// source no longer counts as a member of its groups.
	p.srcVPC = -1
	w.send(e, p)
}

// sgCheck applies interface e's security groups to p, egress or ingress.
// Security groups are stateful: on the reply, an interface the request
// passed lets it through by connection tracking; one the request did not
// pass (an appliance on an asymmetric return path) judges it by its rules
// like any new flow.
func (w *walker) sgCheck(e int32, egress bool, p pkt) bool {
	m := w.m
	E := &m.enis[e]
	if len(E.sgs) == 0 {
		return true
	}
	if w.reply && w.tracked(e) {
		w.hop(KindInterface, E.id, StepSGReply, func() string { return "reply to a tracked connection" }, p)
		return true
	}
	if !w.reply {
		w.track(e)
	}
	peer, peerVPC, dir := p.src, p.srcVPC, byte('g')
	step, reason, what, from := StepSGIngress, SGIngress, "ingress", "from"
	if egress {
		peer, peerVPC, dir = p.dst, -2, 'e'
		step, reason, what, from = StepSGEgress, SGEgress, "egress", "to"
	}
	if w.sig != nil {
		w.signSG(e, dir, peer)
		return true
	}
	for _, g := range E.sgs {
		w.touch(resSG, g)
	}
	sg, ri := m.sgMatch(E.sgs, egress, peer, peerVPC, p)
	if sg < 0 {
		w.fail(reason, KindInterface, E.id, step, func() string {
			return fmt.Sprintf("no %s rule of %s allows %s %s %s", what, m.sgNames(E.sgs), m.flowDesc(p), from, peer)
		})
		return false
	}
	w.hopRef(KindInterface, E.id, step, m.sgRef(sg, egress, ri), func() string { return m.sgRuleString(sg, egress, ri) }, p)
	return true
}

// track records that the request passed interface e's security groups.
func (w *walker) track(e int32) {
	if w.ntracked < len(w.trackedENIs) {
		w.trackedENIs[w.ntracked] = e
	}
	w.ntracked++
}

// tracked reports whether the request passed interface e (always, past
// the bound of the record, to stay on the permissive side).
func (w *walker) tracked(e int32) bool {
	if w.ntracked > len(w.trackedENIs) {
		return true
	}
	return slices.Contains(w.trackedENIs[:w.ntracked], e)
}

// arriveSubnet delivers p to the host of subnet s that stands for the
// subnet in subnet-level queries; its security groups allow everything.
func (w *walker) arriveSubnet(s int32, p pkt) {
	w.hop(KindSubnet, w.m.subnets[s].id, StepDeliver, func() string { return "subnet host (security groups not evaluated)" }, p)
	w.ok, w.atENI, w.atSubnet, w.final = true, -1, s, p
}

// nat is the NAT gateway forwarding function. Forward: translate the
// source of a TCP, UDP or ICMP flow to the gateway's private address and
// send it on from the gateway's subnet. Reply: reverse the translation.
func (w *walker) nat(n int32, p pkt, addressed bool) {
	m := w.m
	N := &m.nats[n]
	E := &m.enis[N.eni]
	if !w.reply {
		if addressed {
			w.fail(NATInbound, KindNATGateway, N.id, StepNAT, func() string {
				return fmt.Sprintf("%s only translates flows initiated from behind it", N.id)
			})
			return
		}
		if w.sig != nil {
			*w.sig = append(*w.sig, 'N') // only some protocols pass here
		}
		nat64 := nat64Prefix.Contains(p.dst) && (p.proto == 6 || p.proto == 17 || p.proto == 58 && p.dlo>>8 == 128)
		if !nat64 && (!(p.proto == 6 || p.proto == 17 || p.proto == 1) || !p.dst.Is4()) {
			w.fail(NATProtocol, KindNATGateway, N.id, StepNAT, func() string {
				return fmt.Sprintf("%s carries IPv4 TCP, UDP and ICMP, and IPv6 TCP, UDP and echo to 64:ff9b::/96 (NAT64), not %s to %s",
					N.id, m.flowDesc(p), p.dst)
			})
			return
		}
		if w.nnats == len(w.nats) {
			w.fail(RouteLoop, KindNATGateway, N.id, StepNAT, func() string { return "too many NAT translations on one path" })
			return
		}
		w.nats[w.nnats] = natEntry{nat: n, src: p.src, slo: p.slo, shi: p.shi, srcVPC: p.srcVPC, nat64: nat64}
		w.nnats++
		if nat64 {
			// NAT64: the embedded IPv4 destination, ICMPv6 echo as ICMP echo.
			p.dst = nat64Embedded(p.dst)
			if p.proto == 58 {
				p.proto, p.dlo, p.dhi = 1, 8<<8, 8<<8
			}
		}
		p.src, p.srcVPC = E.private[0], E.vpc
		if p.proto != 1 {
			p.slo, p.shi = 1024, 65535
		}
		w.hop(KindNATGateway, N.id, StepNAT, func() string { return fmt.Sprintf("source %s -> %s", w.nats[w.nnats-1].src, p.src) }, p)
		w.leave(E.subnet, p, N.eni)
		return
	}
	if !addressed {
		w.fail(NATInbound, KindNATGateway, N.id, StepNAT, func() string {
			return fmt.Sprintf("the reply is routed through %s, which did not translate the flow and would change its source", N.id)
		})
		return
	}
	for i := w.nnats - 1; i >= 0; i-- {
		t := w.nats[i]
		if t.nat != n {
			continue
		}
		p.dst = t.src
		if p.proto != 1 {
			p.dlo, p.dhi = t.slo, t.shi // back to the client's ports; an ICMP reply keeps its type
		}
		if t.nat64 {
			p.src = nat64Of(p.src)
			if p.proto == 1 {
				p.proto, p.dlo, p.dhi = 58, 129<<8, 129<<8 // echo reply as ICMPv6
			}
		}
		w.hop(KindNATGateway, N.id, StepUnNAT, func() string { return fmt.Sprintf("destination -> %s", t.src) }, p)
		w.leave(E.subnet, p, N.eni)
		return
	}
	w.fail(NATInbound, KindNATGateway, N.id, StepUnNAT, func() string {
		return fmt.Sprintf("%s has no translation for this flow", N.id)
	})
}

// igwOut is the internet gateway forwarding function for a packet leaving
// the VPC: translate the private IPv4 source to its public address.
func (w *walker) igwOut(g int32, p pkt) {
	m := w.m
	G := &m.igws[g]
	if G.vpc < 0 {
		w.fail(BadState, KindInternetGateway, G.id, StepPublicNAT, func() string {
			return fmt.Sprintf("%s is not attached to a VPC", G.id)
		})
		return
	}
	if p.src.Is4() {
		e := m.eniAt(G.vpc, p.src)
		pub := netip.Addr{}
		if e >= 0 {
			pub = m.enis[e].publicOf(p.src)
		}
		if !pub.IsValid() {
			w.fail(NoPublicIP, KindInternetGateway, G.id, StepPublicNAT, func() string {
				if e >= 0 && m.enis[e].nat >= 0 {
					return fmt.Sprintf("%s is a private NAT gateway: traffic it sends to an internet gateway is dropped", m.nats[m.enis[e].nat].id)
				}
				return fmt.Sprintf("source %s has no public IPv4 address", p.src)
			})
			return
		}
		old := p.src
		p.src, p.srcVPC = pub, -1
		w.hop(KindInternetGateway, G.id, StepPublicNAT, func() string { return fmt.Sprintf("source %s -> %s", old, p.src) }, p)
	} else {
		if m.eniAt(G.vpc, p.src) < 0 {
			w.fail(ForeignSource, KindInternetGateway, G.id, StepPublicNAT, func() string {
				return fmt.Sprintf("source %s is not an address of an interface in %s", p.src, m.vpcs[G.vpc].id)
			})
			return
		}
		p.srcVPC = -1
		w.hop(KindInternetGateway, G.id, StepPublicNAT, func() string { return "IPv6: no translation" }, p)
	}
	w.internet(p)
}

// eigwOut is the egress-only internet gateway forwarding function for a
// packet leaving the VPC: IPv6 only.
func (w *walker) eigwOut(g int32, p pkt) {
	G := &w.m.eigws[g]
	if p.dst.Is4() {
		w.fail(EgressOnly, KindEgressOnly, G.id, StepEgressOnly, func() string {
			return fmt.Sprintf("%s carries only IPv6", G.id)
		})
		return
	}
	if w.m.eniAt(G.vpc, p.src) < 0 {
		w.fail(ForeignSource, KindEgressOnly, G.id, StepEgressOnly, func() string {
			return fmt.Sprintf("source %s is not an address of an interface in %s", p.src, w.m.vpcs[G.vpc].id)
		})
		return
	}
	p.srcVPC = -1
	w.hop(KindEgressOnly, G.id, StepEgressOnly, nil, p)
	w.internet(p)
}

// internet is the forwarding function of the internet: deliver to an
// internet host, or hand a packet for a public address of the network to
// the gateway of its VPC.
func (w *walker) internet(p pkt) {
	m := w.m
	if w.loop(KindInternet, "internet") {
		return
	}
	if p.dst.Is4() {
		if e, ok := m.byPublic[p.dst]; ok {
			v := m.enis[e].vpc
			g := m.vpcs[v].igw
			if g < 0 {
				w.fail(NoInternetGateway, KindInternet, "internet", StepInternet, func() string {
					return fmt.Sprintf("%s belongs to %s, which has no attached internet gateway", p.dst, m.vpcs[v].id)
				})
				return
			}
			w.hop(KindInternet, "internet", StepInternet, nil, p)
			w.igwIn(g, e, p)
			return
		}
	} else if v := m.vpcOf6(p.dst); v >= 0 {
		w.hop(KindInternet, "internet", StepInternet, nil, p)
		switch V := &m.vpcs[v]; {
		case V.igw >= 0:
			G := &m.igws[V.igw]
			w.hop(KindInternetGateway, G.id, StepPublicNAT, func() string { return "IPv6: no translation" }, p)
			w.local(v, p, -1)
		case V.eigw >= 0 && w.reply:
			w.hop(KindEgressOnly, m.eigws[V.eigw].id, StepEgressOnly, func() string { return "reply to an outbound flow" }, p)
			w.local(v, p, -1)
		case V.eigw >= 0:
			w.fail(EgressOnly, KindEgressOnly, m.eigws[V.eigw].id, StepEgressOnly, func() string {
				return fmt.Sprintf("%s does not admit flows initiated from the internet", m.eigws[V.eigw].id)
			})
		default:
			w.fail(NoInternetGateway, KindInternet, "internet", StepInternet, func() string {
				return fmt.Sprintf("%s has no internet gateway", V.id)
			})
		}
		return
	}
	if !isInternetAddr(p.dst) {
		w.fail(NoRoute, KindInternet, "internet", StepInternet, func() string {
			return fmt.Sprintf("%s is not a public address: the internet does not route it", p.dst)
		})
		return
	}
	if w.goal.internet && (w.goal.addr == p.dst || nat64Prefix.Contains(w.goal.addr) && nat64Embedded(w.goal.addr) == p.dst) {
		w.hop(KindInternet, "internet", StepDeliver, nil, p)
		w.ok, w.atENI, w.atSubnet, w.final = true, -1, -1, p
		return
	}
	w.fail(UnknownDestination, KindInternet, "internet", StepInternet, func() string {
		return fmt.Sprintf("%s is not the destination", p.dst)
	})
}

// igwIn is the internet gateway forwarding function for a packet from the
// internet to public address of interface e: translate to its private
// address and deliver through the VPC router.
func (w *walker) igwIn(g int32, e int32, p pkt) {
	m := w.m
	old := p.dst
	p.dst = m.enis[e].privateOf(old)
	w.hop(KindInternetGateway, m.igws[g].id, StepPublicNAT, func() string { return fmt.Sprintf("destination %s -> %s", old, p.dst) }, p)
	w.local(m.igws[g].vpc, p, -1)
}

// reservedDst reports whether a lies in a range the VPC router never
// forwards (reservedRouteRanges, which validation also keeps routes out of).
func reservedDst(a netip.Addr) bool {
	return slices.ContainsFunc(reservedRouteRanges, func(p netip.Prefix) bool { return p.Contains(a) })
}

// notInternet are the ranges that are never routed on the internet, so
// never a public (or Elastic) IP: the one list both validation and the
// engine use.
var notInternet = []struct {
	p    netip.Prefix
	what string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "\"this network\" (0.0.0.0/8)"},
	{netip.MustParsePrefix("10.0.0.0/8"), "private (rfc 1918)"},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared (100.64.0.0/10)"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local"},
	{netip.MustParsePrefix("172.16.0.0/12"), "private (rfc 1918)"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private (rfc 1918)"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved (240.0.0.0/4)"},
	{netip.MustParsePrefix("fc00::/7"), "unique local"},
	{netip.MustParsePrefix("fe80::/10"), "link-local"},
	{netip.MustParsePrefix("ff00::/8"), "multicast"},
	{netip.MustParsePrefix("::/8"), "reserved (::/8)"},
}

// nat64Prefix is the well-known NAT64 prefix: 64:ff9b::a.b.c.d stands for
// the IPv4 host a.b.c.d, which a NAT gateway translates to.
var nat64Prefix = netip.MustParsePrefix("64:ff9b::/96")

// nat64Embedded returns the IPv4 address embedded in a NAT64 address.
func nat64Embedded(a netip.Addr) netip.Addr {
	b := a.As16()
	return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
}

// nat64Of returns the NAT64 address of IPv4 address a.
func nat64Of(a netip.Addr) netip.Addr {
	b := nat64Prefix.Addr().As16()
	v := a.As4()
	copy(b[12:], v[:])
	return netip.AddrFrom16(b)
}

// isInternetAddr reports whether a is a public unicast address (for a
// NAT64 address, whether the IPv4 host it stands for is).
func isInternetAddr(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	if nat64Prefix.Contains(a) {
		return isInternetAddr(nat64Embedded(a))
	}
	for _, np := range notInternet {
		if np.p.Contains(a) {
			return false
		}
	}
	return true
}

// --- lookups --------------------------------------------------------------

func (s *cSubnet) contains(a netip.Addr) bool {
	return s.cidr.Contains(a) || (s.ipv6.IsValid() && s.ipv6.Contains(a))
}

// eniAt returns the interface of the subnet holding address a, or -1.
func (s *cSubnet) eniAt(a netip.Addr) int32 {
	i, ok := slices.BinarySearchFunc(s.addrs, a, func(x addrENI, a netip.Addr) int { return x.addr.Compare(a) })
	if !ok {
		return -1
	}
	return s.addrs[i].eni
}

// publicOf returns the public address the internet gateway maps private
// address a of the interface to, or the zero Addr.
func (e *cENI) publicOf(a netip.Addr) netip.Addr {
	if a == e.private[0] {
		return e.public
	}
	for _, x := range e.eips {
		if x.PrivateIP == a {
			return x.PublicIP
		}
	}
	return netip.Addr{}
}

// privateOf returns the private address public address a of the interface
// maps to.
func (e *cENI) privateOf(a netip.Addr) netip.Addr {
	for _, x := range e.eips {
		if x.PublicIP == a {
			return x.PrivateIP
		}
	}
	return e.private[0]
}

// primary reports whether a is the interface's primary IPv4 or IPv6
// address.
func (e *cENI) primary(a netip.Addr) bool {
	return a == e.private[0] || len(e.ipv6) > 0 && a == e.ipv6[0]
}

func (e *cENI) has(a netip.Addr) bool {
	return slices.Contains(e.private, a) || slices.Contains(e.ipv6, a)
}

// subnetAt returns the subnet of VPC v containing a, or -1.
func (m *Model) subnetAt(v int32, a netip.Addr) int32 {
	if v < 0 {
		return -1
	}
	ss := m.vpcs[v].subnets
	if a.Is4() {
		// subnets are sorted by CIDR address and disjoint
		i, _ := slices.BinarySearchFunc(ss, a, func(s int32, a netip.Addr) int {
			return m.subnets[s].cidr.Addr().Compare(a)
		})
		for _, j := range []int{i, i - 1} {
			if j >= 0 && j < len(ss) && m.subnets[ss[j]].cidr.Contains(a) {
				return ss[j]
			}
		}
		return -1
	}
	for _, s := range ss {
		if m.subnets[s].ipv6.IsValid() && m.subnets[s].ipv6.Contains(a) {
			return s
		}
	}
	return -1
}

// eniAt returns the interface of VPC v holding private address a, or -1.
func (m *Model) eniAt(v int32, a netip.Addr) int32 {
	s := m.subnetAt(v, a)
	if s < 0 {
		return -1
	}
	return m.subnets[s].eniAt(a)
}

// vpcOf6 returns the VPC whose IPv6 block contains a, or -1.
func (m *Model) vpcOf6(a netip.Addr) int32 {
	for i := range m.vpcs {
		if m.vpcs[i].ipv6.IsValid() && m.vpcs[i].ipv6.Contains(a) {
			return int32(i)
		}
	}
	return -1
}

// lookup returns the index of the route for a, or -1: routes are sorted
// longest prefix first, so the first match wins.
func (t *cRTB) lookup(a netip.Addr) int {
	for i := range t.routes {
		if t.routes[i].dst.Contains(a) {
			return i
		}
	}
	return -1
}
