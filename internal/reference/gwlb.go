package reference

import (
	"github.com/vpcsim/vpcsim/elb"
	vpce "github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Gateway Load Balancers and their endpoints.
//
// AWS facts (Elastic Load Balancing, Gateway Load Balancers guide, "What
// is a Gateway Load Balancer?", "Target groups for your Gateway Load
// Balancers", "Health checks for your target groups" and "Gateway Load
// Balancers" (cross-zone load balancing); AWS PrivateLink Guide, "Access
// an inspection system using a Gateway Load Balancer endpoint"; Amazon
// VPC User Guide, "Gateway route tables" and "Subnet route tables"):
//
//   - A Gateway Load Balancer endpoint is a route target: a subnet's
//     route table, or the gateway route table of an internet gateway
//     (ingress routing), sends traffic to it. It has one network
//     interface in one subnet and no security group; traffic routed to it
//     enters its subnet like traffic to any host there (the subnet's
//     network ACL inbound, unless it comes from that subnet). It is no
//     destination: a packet addressed to its interface goes nowhere.
//   - The endpoint carries traffic only while its connection to the
//     endpoint service is available (privatelink.go says how the state
//     is found).
//   - It hands the packet, across PrivateLink, to the service's Gateway
//     Load Balancer node in its own Availability Zone (zones compared by
//     AZ ID). No node there: nothing gets through.
//   - The node's listener forwards everything to its target group of
//     appliances. A node sends new flows to the healthy appliances of its
//     own zone (of every enabled zone with cross-zone load balancing on,
//     which is off by default). With no appliance there the traffic is
//     dropped; with appliances there but none healthy, the load balancer
//     sends the flow to an unhealthy one, which drops it: a Gateway Load
//     Balancer does not fail open to working appliances.
//   - A flow sticks to one appliance, chosen by a hash AWS does not
//     publish: the reference takes the first healthy appliance by
//     target ID, and requires the exchange with every healthy appliance
//     to work (any may get the flow).
//   - The node and the appliance exchange the packet encapsulated in
//     GENEVE, UDP port 6081: the appliance's security groups and the
//     network ACLs on the way see UDP 6081 between the node's address and
//     the appliance's, never the inner packet; the exchange's reply must
//     come back as well.
//   - The appliance returns the packet unchanged (the load balancer is
//     transparent, the destination sees the client's address) to the
//     endpoint, which sends it on by its subnet's route table and network
//     ACL outbound. Group references no longer match its source, as past
//     any appliance.
//   - Appliances are stateful: the reply of a flow must pass the
//     appliance that took the request; a reply that bypasses the
//     endpoint, or that a node sends to another appliance, is dropped.

// isGWLBE reports whether interface x is a Gateway Load Balancer
// endpoint's.
func (r *Net) isGWLBE(x *vpc.NetworkInterface) bool {
	if x == nil || x.Kind != vpc.KindVPCEndpoint {
		return false
	}
	e := r.vpcEndpoint(x.Owner)
	return e != nil && e.Type.Norm() == vpce.GatewayLoadBalancer
}

// gwlbeInterface returns the interface of Gateway Load Balancer endpoint
// e, or nil when e is of another type.
func (r *Net) gwlbeInterface(e *vpce.Endpoint) *vpc.NetworkInterface {
	if e == nil || e.Type.Norm() != vpce.GatewayLoadBalancer || len(e.Subnets) == 0 {
		return nil
	}
	return r.eni(e.ID + "/" + e.Subnets[0])
}

// gwlbAppliances returns the targets of Gateway Load Balancer lb's group
// g that node n sends new flows to, and how many targets it would
// consider at all, healthy or not.
func (r *Net) gwlbAppliances(lb *elb.LoadBalancer, n *vpc.NetworkInterface, g *elb.TargetGroup) (healthy []target, unhealthy int) {
	enabled := map[string]bool{}
	for _, x := range r.nodes(lb) {
		enabled[r.subnet(x.Subnet).AvailabilityZone] = true
	}
	cross := lb.CrossZone != nil && *lb.CrossZone
	if g.CrossZone != nil {
		cross = *g.CrossZone
	}
	zone := r.subnet(n.Subnet).AvailabilityZone
	for _, t := range r.targets(g) {
		if t.zone != "" && (!enabled[t.zone] || !cross && t.zone != zone) {
			continue
		}
		switch t.health {
		case "", elb.Healthy:
			healthy = append(healthy, t)
		case elb.Unhealthy:
			unhealthy++
		}
	}
	return healthy, unhealthy
}

// gwlbEndpoint carries packet p, routed to Gateway Load Balancer endpoint
// interface x, through inspection and on.
func (w *walk) gwlbEndpoint(x *vpc.NetworkInterface, p packet) {
	if w.repeated("gwlbe", x.ID, p) {
		return
	}
	r := w.r
	e := r.vpcEndpoint(x.Owner)
	if !r.endpointCarries(e) {
		w.fail(sim.EndpointNotAvailable)
		return
	}
	s := r.endpointService(e)
	if s == nil {
		// A service outside the network: its appliances are unknown, the
		// packet goes on.
		p.srcVPC = ""
		w.leave(x.Subnet, p, x.ID)
		return
	}
	node, lb := r.serviceNode(s.GatewayLoadBalancers, x.Subnet)
	if node == nil {
		w.fail(sim.AZMismatch)
		return
	}
	var g *elb.TargetGroup
	for _, l := range r.listeners(lb) {
		if ids := l.Default.TargetGroups(); len(ids) > 0 {
			g = r.targetGroup(ids[0])
		}
		break
	}
	if g == nil {
		w.fail(sim.NoListener)
		return
	}
	ts, unhealthy := r.gwlbAppliances(lb, node, g)
	switch {
	case len(ts) == 0 && unhealthy > 0:
		w.fail(sim.NoHealthyTarget)
		return
	case len(ts) == 0:
		w.fail(sim.NoTarget)
		return
	}
	// The flow's appliance, and its state.
	if a := ts[0].eni; a != nil {
		switch {
		case !w.reply:
			w.fwd = append(w.fwd, a.ID)
		case !containsStr(w.fwd, a.ID):
			w.fail(sim.AsymmetricRoute)
			return
		default:
			w.back[a.ID] = true
		}
	}
	if w.legs+1 >= maxProxies {
		// The GENEVE exchange is routed through Gateway Load Balancer
		// endpoints again and again: a loop (the engine's bound).
		w.fail(sim.RouteLoop)
		return
	}
	for _, t := range ts {
		if v := r.geneve(node, t, w.legs+1); v.Status != sim.Reachable {
			w.fail(v.Reason)
			return
		}
	}
	p.srcVPC = ""
	w.leave(x.Subnet, p, x.ID)
}

// geneve walks the GENEVE exchange between Gateway Load Balancer node n
// and appliance t: UDP 6081 both ways, in walks nested in depth
// exchanges.
func (r *Net) geneve(n *vpc.NetworkInterface, t target, depth int) Verdict {
	lp := packet{src: n.PrivateIPs[0], dst: t.addr, proto: 17, sport: vpc.Port(elb.GENEVEPort), dport: vpc.Port(elb.GENEVEPort), srcVPC: r.vpcOf(n.Subnet)}
	var g goal
	if t.eni != nil {
		g.host = t.eni.ID
	}
	w := newWalk(r, false, g)
	w.legs = depth
	w.send(n, lp)
	if !w.ok {
		return Verdict{sim.Blocked, w.reason}
	}
	rp, _ := replyTo(w.final)
	back := newWalk(r, true, goal{host: n.ID})
	back.nats, back.tracked, back.legs, back.fwd = w.nats, w.tracked, depth, w.fwd
	rp.srcVPC = r.vpcOf(t.eni.Subnet)
	back.send(t.eni, rp)
	if back.ok {
		back.symmetric() // an exchange routed through appliances is a flow like any other
	}
	if !back.ok {
		return Verdict{sim.ReplyBlocked, back.reason}
	}
	return Verdict{sim.Reachable, sim.NoReason}
}

func containsStr(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}
