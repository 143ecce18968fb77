package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of Gateway Load Balancer traffic: Gateway Load
// Balancer endpoints (route targets), the Gateway Load Balancers behind
// the endpoint services they connect to, and the appliances those load
// balancers send flows through.
//
// A Gateway Load Balancer endpoint compiles into one network interface,
// "<vpce-id>/<subnet-id>", in its one subnet, with no security groups (it
// takes none). Routes target the endpoint (a subnet's route table, a
// gateway route table for ingress routing, the route table of a transit
// gateway attachment's subnet in an inspection VPC); a packet they send
// to it enters the endpoint's subnet through its network ACL and meets
// the endpoint's forwarding function, gwlbEndpoint:
//
//  1. The endpoint carries traffic while it is available (its connection
//     to the endpoint service accepted).
//  2. It hands the packet, across AWS PrivateLink, to the node of the
//     service's Gateway Load Balancer in its own Availability Zone (by AZ
//     ID; AZ_MISMATCH when the load balancer has none there).
//  3. The node's one listener forwards to one target group. Of its
//     targets in the zones the load balancer enables, the node routes new
//     flows to the healthy ones in its own zone (in every zone with
//     cross-zone load balancing on). With none healthy, AWS picks an
//     unhealthy target at random, which drops the traffic: vpcsim blocks
//     the flow (NO_HEALTHY_TARGET), naming the load balancer and the
//     target group (ELB Gateway Load Balancers guide, "Health checks for
//     your target groups", target failure scenarios).
//  4. A flow sticks to one appliance (the load balancer hashes its 5-tuple,
//     or 3-tuple for other protocols): vpcsim cannot know the hash and
//     takes the node's first routable target in target order. Every
//     routable target of the node must be able to take the flow, since
//     any may get it: the leg to each is checked, and the flow is blocked
//     when one fails.
//  5. The node and the appliance exchange the packet in GENEVE over UDP
//     6081 (ELB Gateway Load Balancers guide, "Target groups", routing
//     configuration; the getting-started guide asks the appliances'
//     security groups to allow UDP 6081). That exchange is a leg of its
//     own, from the node's address to the appliance's, on UDP port 6081
//     both ways, walked like any flow: the appliance's security groups
//     and the network ACLs see GENEVE from the node, never the original
//     flow, and the node has no security group. The leg does not depend
//     on the flow, so it is walked once per node and target and kept.
//  6. The appliance returns the packet, unchanged (the load balancer is
//     transparent: the packet keeps its source and destination), to the
//     endpoint, which sends it on by its own subnet's route table and
//     network ACL. As past any appliance, security group references no
//     longer match its source.
//
// Appliances behind a Gateway Load Balancer are stateful: the reply of a
// flow must pass the same appliance, through an endpoint whose node picks
// it. A reply that bypasses the endpoint, or crosses an endpoint of
// another zone whose node picks another appliance, is dropped
// (ASYMMETRIC_ROUTE; see symmetry.go). Transit gateway appliance mode
// keeps both directions of a flow in one zone of an inspection VPC.
//
// An endpoint to an endpoint service the network does not declare (a
// partner's, or AWS Network Firewall's) passes its flows on unchanged:
// vpcsim does not know the appliances behind it.

// StepInspection is the step at which a Gateway Load Balancer node sends
// a flow through an appliance.
const StepInspection Step = "gateway load balancer inspection"

// isGWLBE reports whether interface e is a Gateway Load Balancer
// endpoint's.
func (m *Model) isGWLBE(e eniIdx) bool {
	v := m.enis[e].vpce
	return v != noVPCE && m.vpces[v].typ == endpoint.GatewayLoadBalancer
}

// vpceTargetENI returns the interface that a route to endpoint i hands
// packets to: a Gateway Load Balancer endpoint's one interface, noENI for
// a gateway endpoint (its routes go to gatewayEndpoint).
func vpceTargetENI(m *Model, i int32) eniIdx {
	V := &m.vpces[i]
	if V.typ != endpoint.GatewayLoadBalancer || len(V.enis) == 0 {
		return noENI
	}
	return V.enis[0]
}

// gwlbeInterfaces returns the interfaces of the Gateway Load Balancer
// endpoints: one in the endpoint's subnet, with its declared address (if
// any), for a dual-stack endpoint an IPv6 address (see vpceIPv6), and no
// security groups.
func gwlbeInterfaces(c *compiler, taken6 *map[netip.Addr]bool) []pendingENI {
	var out []pendingENI
	for _, e := range sortedBy(c.n.VPCEndpoints, func(e endpoint.Endpoint) string { return e.ID }) {
		if e.Type.Norm() != endpoint.GatewayLoadBalancer || len(e.Subnets) == 0 {
			continue
		}
		s := e.Subnets[0]
		ni := &vpc.NetworkInterface{ID: vpceENIName(e.ID, s), Subnet: s, Kind: vpc.KindVPCEndpoint, Owner: e.ID}
		a, _ := e.Address(s)
		if a.IPv4.IsValid() {
			ni.PrivateIPs = []netip.Addr{a.IPv4}
		}
		if a6 := c.vpceIPv6(&e, s, a.IPv6, taken6); a6.IsValid() {
			ni.IPv6Addrs = []netip.Addr{a6}
		}
		id := e.ID
		out = append(out, pendingENI{decl: ni, adopt: func(c *compiler, E *cENI, i eniIdx) {
			E.vpce = indexOf[vpceIdx](c, id)
			c.m.vpces[E.vpce].enis = append(c.m.vpces[E.vpce].enis, i)
		}})
	}
	return out
}

// gwlbeDemand claims an address per Gateway Load Balancer endpoint.
func gwlbeDemand(n *Network, claim func(string, ...netip.Addr)) {
	for i := range n.VPCEndpoints {
		e := &n.VPCEndpoints[i]
		if e.Type.Norm() != endpoint.GatewayLoadBalancer || len(e.Subnets) == 0 {
			continue
		}
		if a, ok := e.Address(e.Subnets[0]); ok && a.IPv4.IsValid() {
			claim(e.Subnets[0], a.IPv4)
		} else {
			claim(e.Subnets[0])
		}
	}
}

// serviceGWLBs returns the Gateway Load Balancers of endpoint service
// declaration s, in ID order.
func (c *compiler) serviceGWLBs(s *endpoint.Service) []lbIdx {
	var out []lbIdx
	for _, id := range s.GatewayLoadBalancers {
		if l, ok := lookup[lbIdx](c.m, id); ok {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(a, b lbIdx) int { return strings.Compare(c.m.lbs[a].id, c.m.lbs[b].id) })
	return out
}

// gwlbNode returns the node that Gateway Load Balancer endpoint interface
// e hands packets to: the node in e's zone of the service's first Gateway
// Load Balancer (in ID order) that has one there (AWS PrivateLink guide,
// "Gateway Load Balancer endpoints": an endpoint connects to one load
// balancer per zone), or noENI.
func (m *Model) gwlbNode(S *cESvc, e eniIdx) eniIdx {
	for _, l := range S.gwlbs {
		for _, n := range m.lbs[l].nodes {
			if m.sameZone(m.enis[n].subnet, m.enis[e].subnet) {
				return n
			}
		}
	}
	return noENI
}

// gwlbEndpoint is the forwarding function of a Gateway Load Balancer
// endpoint, for packet p routed to its interface e (see the top of this
// file): the endpoint, its load balancer's node, the appliance and back,
// then on by the endpoint subnet's route table.
func (w *walker) gwlbEndpoint(e eniIdx, p pkt) {
	m := w.m
	E := &m.enis[e]
	V := &m.vpces[E.vpce]
	if w.loop(kindVPCE, V.id) {
		return
	}
	if !V.state.Available() {
		w.fail(EndpointNotAvailable, kindVPCE, V.id, StepEndpoint, func() string {
			if V.connState {
				return fmt.Sprintf("the connection of %s to %s is %s: only an accepted (available) connection carries traffic", V.id, m.esvcs[V.esvc].id, V.state)
			}
			return fmt.Sprintf("%s is %s: only an available endpoint carries traffic", V.id, V.state)
		})
		return
	}
	if p.dst.Is6() && len(E.ipv6) == 0 {
		// ELB Gateway Load Balancers guide, "IP address type": ipv4 carries
		// IPv4 only; IPv6 needs dualstack on the endpoint and the load
		// balancer.
		w.fail(EndpointProtocol, kindVPCE, V.id, StepEndpoint, func() string {
			return fmt.Sprintf("%s is an IPv4 endpoint: it carries no IPv6 traffic (create a dualstack endpoint)", V.id)
		})
		return
	}
	if V.esvc == noESvc {
		w.hop(kindVPCE, V.id, StepEndpoint, func() string {
			return fmt.Sprintf("gateway load balancer endpoint to %s, a service outside the network: its appliances are not simulated, the packet goes on unchanged", V.service)
		}, p)
		w.gwlbOnward(e, p)
		return
	}
	S := &m.esvcs[V.esvc]
	node := m.gwlbNode(S, e)
	if node == noENI {
		w.fail(AZMismatch, kindVPCE, V.id, StepEndpoint, func() string {
			return fmt.Sprintf("endpoint service %s has no gateway load balancer node in %s, the zone of %s", S.id, m.subnets[E.subnet].az, V.id)
		})
		return
	}
	N := &m.enis[node]
	L := &m.lbs[N.lb]
	if p.dst.Is6() && !L.addrType.HasIPv6() {
		w.fail(EndpointProtocol, kindVPCE, V.id, StepEndpoint, func() string {
			return fmt.Sprintf("%s, behind endpoint service %s, takes IPv4 only: it carries no IPv6 traffic (set its IP address type to dualstack)", L.id, S.id)
		})
		return
	}
	w.hop(kindVPCE, V.id, StepEndpoint, func() string {
		return fmt.Sprintf("gateway load balancer endpoint to %s: to %s for inspection", S.id, N.id)
	}, p)
	var G *cTG
	if len(L.listeners) > 0 {
		if fw := L.listeners[0].rules[len(L.listeners[0].rules)-1].forward; len(fw) > 0 {
			G = &m.tgs[fw[0].tg]
		}
	}
	if G == nil {
		w.fail(NoListener, kindLB, N.id, StepListener, func() string {
			return fmt.Sprintf("%s has no listener forwarding to a target group: it takes no traffic", L.id)
		})
		return
	}
	targets, failOpen := m.routableTargets(L, node, G)
	switch {
	case len(targets) == 0:
		w.fail(NoTarget, kindLB, N.id, StepTargetGroup, func() string {
			return fmt.Sprintf("%s: target group %s %s", L.id, G.id, m.noTargetWhy(L, node, G))
		})
		return
	case failOpen:
		w.fail(NoHealthyTarget, kindLB, N.id, StepTargetGroup, func() string {
			return fmt.Sprintf("%s: target group %s has no healthy target for %s: a gateway load balancer then sends each new flow to an unhealthy appliance, which drops it",
				L.id, G.id, N.id)
		})
		return
	}
	t := &targets[0]
	if !w.gwlbSticky(N, t) {
		return
	}
	w.hop(kindLB, N.id, StepInspection, func() string {
		what := fmt.Sprintf("target group %s: appliance %s", G.id, t.id)
		if len(targets) > 1 {
			what += fmt.Sprintf(" (one of %d routable targets; the flow keeps the one its hash picks)", len(targets))
		}
		return what + ", in GENEVE on UDP 6081"
	}, p)
	if w.proxies+1 >= maxProxyDepth {
		// The GENEVE exchange is itself routed through Gateway Load
		// Balancer endpoints, again and again (its own, in a loop).
		w.fail(RouteLoop, kindLB, N.id, StepInspection, func() string {
			return fmt.Sprintf("more than %d proxies one after another: the GENEVE exchange of %s with its appliances is routed through gateway load balancer endpoints in a loop", maxProxyDepth, N.id)
		})
		return
	}
	// Every routable target may get the flow: each must take it.
	var leg outcome
	for i := range targets {
		o := m.geneveLeg(L, node, G, &targets[i], w.trace, w.proxies)
		if i == 0 || o.status != Reachable && leg.status == Reachable {
			leg = o
			if o.status != Reachable {
				t = &targets[i]
			}
		}
	}
	if w.trace {
		w.hops = append(w.hops, leg.path...)
		w.hops = append(w.hops, leg.reply...)
	}
	w.depth += leg.depth
	if leg.status != Reachable {
		w.reason = leg.reason
		if w.trace {
			b := leg.block
			b.Rule = fmt.Sprintf("GENEVE from %s to appliance %s: %s", N.id, t.id, b.Rule)
			w.block = b
		}
		return
	}
	w.hop(kindVPCE, V.id, StepEndpoint, func() string {
		return fmt.Sprintf("back from %s through %s, unchanged: on by %s's route table", t.id, N.id, m.subnets[E.subnet].id)
	}, p)
	w.gwlbOnward(e, p)
}

// gwlbGone fails the walk at component id (of kind k, whose route sent
// the packet to endpoint g) when g is a Gateway Load Balancer endpoint
// left without its interface (a failure took its subnet): the route is a
// blackhole. It reports whether it failed.
func (w *walker) gwlbGone(k kind, id string, g vpceIdx) bool {
	V := &w.m.vpces[g]
	if V.typ != endpoint.GatewayLoadBalancer || len(V.enis) > 0 {
		return false
	}
	w.fail(BlackholeRoute, k, id, StepRoute, func() string {
		return fmt.Sprintf("%s, a gateway load balancer endpoint, has no network interface left: the route to it is a blackhole", V.id)
	})
	return true
}

// gwlbOnward sends a packet back from inspection on from endpoint
// interface e, by its subnet's route table. Past the appliance, security
// group references no longer match the source.
func (w *walker) gwlbOnward(e eniIdx, p pkt) {
	p.srcVPC = noVPC
	w.leave(w.m.enis[e].subnet, p, e)
}

// gwlbSticky applies flow stickiness and the appliances' flow state to
// the appliance t that node N picked: the request records it; a reply
// passes only the appliance that took its request, and fails on another
// (it holds no state for the flow). It reports whether the packet goes
// on.
func (w *walker) gwlbSticky(N *cENI, t *cTarget) bool {
	if t.eni == noENI {
		return true // an address no interface holds: the leg reports it
	}
	S := &w.sym
	if !w.reply {
		if S.nfwd < len(S.fwd) {
			S.fwd[S.nfwd] = t.eni
		}
		S.nfwd++
		return true
	}
	for i := range min(S.nfwd, len(S.fwd)) {
		if S.fwd[i] == t.eni {
			S.back |= 1 << i
			return true
		}
	}
	if S.nfwd > len(S.fwd) {
		return true // past the bound of the record, stay permissive
	}
	m := w.m
	w.fail(AsymmetricRoute, kindLB, N.id, StepInspection, func() string {
		var took []string
		for _, x := range S.fwd[:min(S.nfwd, len(S.fwd))] {
			took = append(took, m.enis[x].id)
		}
		req := "no appliance of a gateway load balancer"
		if len(took) > 0 {
			req = strings.Join(took, ", ")
		}
		return fmt.Sprintf("the reply reached %s, which sends it to appliance %s, but the request passed %s: %s holds no state for the flow and drops it "+
			"(keep both directions in one zone: an endpoint per zone and symmetric routes, or transit gateway appliance mode)", N.id, t.id, req, t.id)
	})
	return false
}

// geneveLeg returns the outcome of the GENEVE exchange between node of
// Gateway Load Balancer L and target t of group G: UDP 6081 from the
// node's address to the target's, and back. It depends on nothing but the
// node and the target, so it is walked once and kept (see cachedLeg);
// depth counts the proxies the flow that needs it is nested in.
func (m *Model) geneveLeg(L *cLB, node eniIdx, G *cTG, t *cTarget, trace bool, depth int) outcome {
	N := &m.enis[node]
	g := m.legFlow(node, N.private[0], t.addr, t.eni, protoUDP, elb.GENEVEPort)
	g.slo, g.shi = elb.GENEVEPort, elb.GENEVEPort
	return m.cachedLeg(L, legKey{node: node, tg: G.idx, t: t.idx, proto: protoUDP}, &g, trace, depth)
}

// isGWLBEndpoint reports whether the network declares id as a Gateway
// Load Balancer endpoint.
func (v *validator) isGWLBEndpoint(id string) bool {
	j, ok := v.find(kindVPCE, id)
	return ok && v.n.VPCEndpoints[j].Type.Valid() && v.n.VPCEndpoints[j].Type.Norm() == endpoint.GatewayLoadBalancer
}

// insideVPCTarget reports whether a route for a destination inside its
// VPC (a VPC CIDR replacing the local route, or a whole subnet CIDR) may
// have target t: a NAT gateway, a network interface or a Gateway Load
// Balancer endpoint (AWS VPC User Guide, "Subnet route tables", routing
// to a middlebox; "Route to a Gateway Load Balancer endpoint").
func (v *validator) insideVPCTarget(t vpc.Target) bool {
	switch t.Kind {
	case vpc.TargetNATGateway, vpc.TargetNetworkInterface:
		return true
	case vpc.TargetVPCEndpoint:
		return v.isGWLBEndpoint(t.ID)
	}
	return false
}

// checkGWLBVPCE checks what only Gateway Load Balancer endpoints have
// (AWS PrivateLink guide, "Gateway Load Balancer endpoints"): exactly one
// subnet, of the endpoint's VPC, and never another endpoint of the same
// service in that zone; its address; an endpoint service (a declared one
// must be fronted by Gateway Load Balancers, in the VPC's Region, and
// allow the consumer); the
// quota of interface and Gateway Load Balancer endpoints per VPC.
func (v *validator) checkGWLBVPCE(r vres, e *endpoint.Endpoint, vp *vpc.VPC, name endpoint.ServiceName, nameOK bool, region string) {
	if e.IPAddressType == endpoint.IPv6 {
		r.errf("ipAddressType", ErrInvalidValue, "ipv6: an IPv6-only endpoint needs IPv6-only subnets, which vpcsim does not model (subnets have an IPv4 CIDR): use dualstack")
	}
	var sub *vpc.Subnet
	switch len(e.Subnets) {
	case 0:
		r.errf("subnets", ErrInvalidValue, "required: a gateway load balancer endpoint takes exactly one subnet")
	case 1:
		if j, ok := r.ref("subnets[0]", kindSubnet, e.Subnets[0], true); ok {
			sub = &v.n.Subnets[j]
			if vp != nil {
				r.sameVPC("subnets[0]", fmt.Sprintf("subnet %q", sub.ID), sub.VPC, e.VPC)
			}
			if e.IPAddressType.HasIPv6() && sub.IPv6CIDR == (netip.Prefix{}) {
				r.errf("subnets[0]", ErrInvalidValue, "subnet %q has no ipv6 cidr, which a %s endpoint needs", sub.ID, e.IPAddressType)
			}
		}
	default:
		r.errf("subnets", ErrInvalidValue, "%d subnets: a gateway load balancer endpoint takes exactly one subnet (one Availability Zone); "+
			"create an endpoint per zone", len(e.Subnets))
	}
	for i, a := range e.Addresses {
		field := fmt.Sprintf("addresses[%d]", i)
		switch {
		case i > 0:
			r.errf(field, ErrInvalidValue, "a gateway load balancer endpoint has one address, in its one subnet")
		case len(e.Subnets) == 0 || a.Subnet != e.Subnets[0]:
			r.errf(field+".subnet", ErrInvalidValue, "%q is not the endpoint's subnet", a.Subnet)
		case a.IPv6.IsValid() && !e.IPAddressType.HasIPv6():
			r.errf(field+".ipv6", ErrInvalidValue, "an %s endpoint has no IPv6 address: set ipAddressType dualstack", e.IPAddressType)
		case !a.IPv4.IsValid() && !a.IPv6.IsValid():
			r.errf(field, ErrInvalidValue, "no address: give ipv4, or leave addresses out to have one assigned")
		default:
			if a.IPv4.IsValid() {
				block, ok := v.subnetPrefix(a.Subnet, 4)
				r.subnetAddr(field+".ipv4", a.IPv4, 4, block, ok, v.subnetVPC(a.Subnet))
			}
			if a.IPv6.IsValid() {
				block, ok := v.subnetPrefix(a.Subnet, 6)
				r.subnetAddr(field+".ipv6", a.IPv6, 6, block, ok, v.subnetVPC(a.Subnet))
			}
		}
	}
	if vp != nil {
		n := 0
		for _, o := range v.n.VPCEndpoints {
			if t := o.Type.Norm(); o.VPC == e.VPC && o.Type.Valid() && (t == endpoint.Interface || t == endpoint.GatewayLoadBalancer) {
				n++
			}
			if o.ID == e.ID {
				break
			}
		}
		if n > maxInterfaceEndpointsPerVPC {
			r.errf("vpc", ErrInvalidValue, "vpc %q has more than %d interface and gateway load balancer endpoints (the default quota, which they share)", e.VPC, maxInterfaceEndpointsPerVPC)
		}
	}
	if sub != nil {
		for _, o := range v.n.VPCEndpoints {
			if o.ID == e.ID {
				break
			}
			if o.VPC != e.VPC || o.ServiceName != e.ServiceName || !o.Type.Valid() || o.Type.Norm() != endpoint.GatewayLoadBalancer || len(o.Subnets) != 1 {
				continue
			}
			if j, ok := v.find(kindSubnet, o.Subnets[0]); ok && v.sameZoneDecl(&v.n.Subnets[j], sub) {
				r.errf("subnets[0]", ErrConflict, "gateway load balancer endpoint %q already serves %s in %s: one endpoint per zone and service", o.ID, e.ServiceName, sub.AvailabilityZone)
			}
		}
	}
	if !nameOK {
		return
	}
	if !name.IsEndpointService() {
		r.errf("serviceName", ErrInvalidValue, "%s: a gateway load balancer endpoint connects to an endpoint service fronted by gateway load balancers "+
			"(com.amazonaws.vpce.<region>.vpce-svc-...), not to an AWS service", e.ServiceName)
		return
	}
	if region != "" && name.Region != region {
		r.errf("serviceName", ErrInvalidValue, "%s is in %s, vpc %q in %s: a gateway load balancer endpoint reaches its own Region's services only", e.ServiceName, name.Region, e.VPC, region)
	}
	j, ok := v.find(kindEndpointService, name.Service)
	if !ok {
		return // a partner's service (or AWS Network Firewall's), outside the network
	}
	s := &v.n.EndpointServices[j]
	if s.EndpointType() != endpoint.GatewayLoadBalancer {
		r.errf("serviceName", ErrInvalidValue, "endpoint service %q is fronted by network load balancers: consumers reach it through interface endpoints", s.ID)
		return
	}
	if own := v.esvcRegion(s); own != "" && name.Region != own {
		r.errf("serviceName", ErrInvalidValue, "endpoint service %q is in %s, not %s", s.ID, own, name.Region)
	}
	v.checkConsumerAllowed(r, e, s)
	// A zone the service's load balancers do not serve is not rejected
	// here: a failure may take the load balancer's node of a zone; the
	// engine answers AZ_MISMATCH and the endpoint-zone-unserved lint
	// reports it.
}

// sameZoneDecl reports whether two declared subnets are in the same zone:
// by AZ ID when both declare one, else by name (as Model.sameZone).
func (v *validator) sameZoneDecl(a, b *vpc.Subnet) bool {
	if a.AvailabilityZoneID != "" && b.AvailabilityZoneID != "" {
		return a.AvailabilityZoneID == b.AvailabilityZoneID
	}
	return a.AvailabilityZone == b.AvailabilityZone
}
