package reference

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Application and Network Load Balancers.
//
// AWS facts (Elastic Load Balancing user guide, "How Elastic Load
// Balancing works"; ALB guide, "Listener rules", "Condition types for
// listener rules", "Health checks", "Security groups"; NLB guide, "Edit
// target group attributes", "Update the security groups", "Health
// checks"; knowledge center, "How ELB DNS and cross-zone load balancing
// work"):
//
//   - A load balancer has one node, a network interface, in each subnet
//     (Availability Zone) it enables. AWS assigns the nodes' addresses;
//     the reference is given them ([Net.WithNodes]). An Application Load
//     Balancer's nodes carry its security groups (the VPC's default group
//     when it declares none); a Network Load Balancer's carry its groups,
//     or none, and then every client reaches its listeners.
//   - A client resolving the load balancer's name reaches a node whose
//     zone is healthy (each target group the listeners forward to has a
//     healthy target that node routes to; all nodes when no zone is):
//     the one in its own zone, else the first by zone. The reference, as
//     the engine documents, takes nodes in zone order and then by ID.
//   - The listener on the flow's port and protocol takes it (TCP_UDP
//     listeners take both); none: the flow is dropped.
//   - An Application Load Balancer evaluates the listener's rules from
//     the lowest priority up, the default rule last; all conditions of a
//     rule must match, any one value of a condition. Path and host
//     patterns use * (any run) and ? (one character), hosts without
//     regard to case; methods compare exactly; source-ip conditions see
//     the connection's source address. A fixed response or a redirect
//     answers the request: no target is reached.
//   - A forward shares requests among its target groups by weight (a
//     group alone takes them all; all weights zero forward nothing) and
//     never fails over between groups.
//   - A node routes to the targets of a group in the zones the load
//     balancer enables, only its own zone's unless cross-zone load
//     balancing is on (the group's setting, else the load balancer's:
//     always on for an Application Load Balancer, off by default for a
//     Network Load Balancer); to the healthy ones, or, when none is
//     healthy, to the unhealthy ones (fail-open); targets initial,
//     draining or unused receive nothing.
//   - For each target the node opens a connection of its own: from its
//     own address, or, when a Network Load Balancer's group preserves
//     client addresses, from the client's address and ports; then the
//     target's groups may still admit it by naming the load balancer's
//     group, and the reply returns to the node whatever its address. A
//     target that is the client itself, with preservation on, fails
//     (hairpinning).
//   - A target may be another load balancer's node: the connection is
//     then a client's flow to that load balancer. More than four load
//     balancers in a row is a loop (the engine's bound).
//   - The answer: reachable when every branch that gets requests is;
//     blocked (the first failing branch's reason, groups in forward order,
//     targets by ID and port: the order the engine documents) when none
//     is; partial otherwise.

// NodeAddrs are the addresses AWS gave a load balancer node: its private
// IPv4 address and, for an internet-facing load balancer, its public one.
type NodeAddrs struct {
	Private netip.Addr
	Public  netip.Addr
}

// WithNodes returns a reference evaluator of r's network whose load
// balancer nodes ("<lb>/<subnet>") have the given addresses. The
// network itself is not modified.
func (r *Net) WithNodes(nodes map[string]NodeAddrs) *Net {
	out := &Net{n: r.n, ifaces: slices.Clone(r.ifaces), lbOf: map[string]*elb.LoadBalancer{}}
	for i := range r.n.LoadBalancers {
		lb := &r.n.LoadBalancers[i]
		for _, sm := range lb.Subnets {
			id := lb.ID + "/" + sm.Subnet
			a, ok := nodes[id]
			if !ok {
				continue
			}
			e := vpc.NetworkInterface{ID: id, Subnet: sm.Subnet, Kind: vpc.KindLoadBalancer, Owner: lb.ID,
				SecurityGroups: lb.SecurityGroups, PrivateIPs: []netip.Addr{a.Private}, PublicIP: a.Public}
			out.ifaces = append(out.ifaces, e)
			out.lbOf[id] = lb
		}
	}
	return out
}

// nodesDeclared returns an error when a load balancer's node has no
// addresses (see WithNodes).
func (r *Net) nodesDeclared() error {
	for _, lb := range r.n.LoadBalancers {
		for _, sm := range lb.Subnets {
			if r.lbOf[lb.ID+"/"+sm.Subnet] == nil {
				return fmt.Errorf("reference: load balancer node %s/%s has no addresses; give them with WithNodes", lb.ID, sm.Subnet)
			}
		}
	}
	return nil
}

// openNode reports whether interface e is a node without security
// groups: a Network Load Balancer's that declares none, or a Gateway
// Load Balancer's (which takes none).
func (r *Net) openNode(e *vpc.NetworkInterface) bool {
	lb := r.lbOf[e.ID]
	return lb != nil && (lb.Type == elb.Network && len(lb.SecurityGroups) == 0 || lb.Type == elb.Gateway)
}

// memberOf reports whether node's groups include group g (client IP
// preservation: the client's packets count as the node's).
func (r *Net) memberOf(node, g string) bool {
	e := r.eni(node)
	return e != nil && slices.ContainsFunc(r.groupsOf(e), func(x group) bool { return x.id == g })
}

// nodes returns load balancer lb's nodes by zone, then ID.
func (r *Net) nodes(lb *elb.LoadBalancer) []*vpc.NetworkInterface {
	var out []*vpc.NetworkInterface
	for _, sm := range lb.Subnets {
		if e := r.eni(lb.ID + "/" + sm.Subnet); e != nil {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b *vpc.NetworkInterface) int {
		return cmp.Or(cmp.Compare(r.subnet(a.Subnet).AvailabilityZone, r.subnet(b.Subnet).AvailabilityZone), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func (r *Net) lb(id string) *elb.LoadBalancer {
	return find(r.n.LoadBalancers, id, func(x *elb.LoadBalancer) string { return x.ID })
}

func (r *Net) targetGroup(id string) *elb.TargetGroup {
	return find(r.n.TargetGroups, id, func(x *elb.TargetGroup) string { return x.ID })
}

// listeners returns lb's listeners.
func (r *Net) listeners(lb *elb.LoadBalancer) []elb.Listener {
	var out []elb.Listener
	for _, l := range r.n.Listeners {
		if l.LoadBalancer == lb.ID {
			out = append(out, l)
		}
	}
	return out
}

// entryNode returns the node a client in subnet from ("" for the
// internet) reaches lb at.
func (r *Net) entryNode(lb *elb.LoadBalancer, from string) *vpc.NetworkInterface {
	all := r.nodes(lb)
	var healthy []*vpc.NetworkInterface
	for _, n := range all {
		ok := true
		for _, l := range r.listeners(lb) {
			for _, a := range append([]elb.Action{l.Default}, ruleActions(l)...) {
				for _, g := range a.TargetGroups() {
					if ts, failOpen := r.servingTargets(lb, n, r.targetGroup(g)); len(ts) == 0 || failOpen {
						ok = false
					}
				}
			}
		}
		if ok {
			healthy = append(healthy, n)
		}
	}
	if len(healthy) == 0 {
		healthy = all
	}
	if from != "" {
		// Its own zone: the same physical zone, by AZ ID when both
		// declare one (zone names differ between accounts).
		for _, n := range healthy {
			if sameZone(r.subnet(n.Subnet), r.subnet(from)) {
				return n
			}
		}
	}
	return healthy[0]
}

func ruleActions(l elb.Listener) []elb.Action {
	var out []elb.Action
	for _, x := range l.Rules {
		out = append(out, x.Action)
	}
	return out
}

// target is a target as a node sees it: its ID (instance ID or address),
// the host holding it, its address, port and health.
type target struct {
	id     string
	eni    *vpc.NetworkInterface
	addr   netip.Addr
	port   uint16
	zone   string // "" when every zone serves it
	health elb.HealthState
}

// targets returns group g's targets, sorted by ID.
func (r *Net) targets(g *elb.TargetGroup) []target {
	var out []target
	for _, x := range g.Targets {
		t := target{port: x.Port, health: x.Health}
		if t.port == 0 {
			t.port = g.Port
		}
		switch g.TargetType {
		case elb.IPTarget:
			t.id, t.addr = x.IP.String(), x.IP
			if h, ok := r.hostInVPC(g.VPC, x.IP); ok {
				t.eni = h.eni
			}
			if sid := r.subnetIn(g.VPC, x.IP); sid != "" {
				t.zone = r.subnet(sid).AvailabilityZone
			} else if x.AvailabilityZone != elb.AllZones {
				t.zone = x.AvailabilityZone
			}
		default:
			t.id, t.eni = x.ID, r.eni(x.ID)
			if t.eni != nil {
				t.addr = t.eni.PrivateIPs[0]
				t.zone = r.subnet(t.eni.Subnet).AvailabilityZone
			}
		}
		out = append(out, t)
	}
	slices.SortStableFunc(out, func(a, b target) int { return cmp.Or(cmp.Compare(a.id, b.id), cmp.Compare(a.port, b.port)) })
	return out
}

// servingTargets returns the targets of g node n sends requests to, and
// whether it fails open.
func (r *Net) servingTargets(lb *elb.LoadBalancer, n *vpc.NetworkInterface, g *elb.TargetGroup) ([]target, bool) {
	enabled := map[string]bool{}
	for _, x := range r.nodes(lb) {
		enabled[r.subnet(x.Subnet).AvailabilityZone] = true
	}
	cross := lb.Type != elb.Network || lb.CrossZone != nil && *lb.CrossZone
	if g.CrossZone != nil {
		cross = *g.CrossZone
	}
	zone := r.subnet(n.Subnet).AvailabilityZone
	var healthy, unhealthy []target
	for _, t := range r.targets(g) {
		if t.zone != "" && (!enabled[t.zone] || !cross && t.zone != zone) {
			continue
		}
		switch t.health {
		case "", elb.Healthy:
			healthy = append(healthy, t)
		case elb.Unhealthy:
			unhealthy = append(unhealthy, t)
		}
	}
	if len(healthy) == 0 && len(unhealthy) > 0 {
		return unhealthy, true
	}
	return healthy, false
}

// proxy is what load balancer lb does with a flow that arrived at its
// node as packet p (p.src is the client's address as the node sees it),
// for the query q.
func (r *Net) proxy(lb *elb.LoadBalancer, node *vpc.NetworkInterface, p packet, q sim.Query, depth int) Verdict {
	if depth >= maxProxies {
		return Verdict{sim.Blocked, sim.RouteLoop}
	}
	var li *elb.Listener
	for _, l := range r.listeners(lb) {
		if portIn(p.dport, l.Port) && slices.ContainsFunc(l.Protocol.IPProtocols(), func(x vpc.Protocol) bool { return int(x) == p.proto }) {
			li = &l
			break
		}
	}
	if li == nil {
		return Verdict{sim.Blocked, sim.NoListener}
	}
	action := li.Default
	if lb.Type == elb.Application {
		rules := slices.Clone(li.Rules)
		slices.SortStableFunc(rules, func(a, b elb.Rule) int { return a.Priority - b.Priority })
		for _, x := range rules {
			if ruleMatches(x, q.Request, p.src) {
				action = x.Action
				break
			}
		}
	}
	switch action.Type {
	case elb.FixedResponseAction:
		return Verdict{sim.Blocked, sim.FixedResponse}
	case elb.RedirectAction:
		return Verdict{sim.Blocked, sim.Redirect}
	}
	weights := map[string]int{}
	total := 0
	for _, w := range action.Forward {
		x := w.Weight
		if len(action.Forward) == 1 {
			x = 1
		}
		weights[w.TargetGroup] = x
		total += x
	}
	if total == 0 {
		return Verdict{sim.Blocked, sim.NoTarget}
	}
	ok, failed := 0, 0
	var first Verdict
	fail := func(v Verdict) {
		failed++
		if failed == 1 {
			first = v
		}
	}
	for _, w := range action.Forward {
		g := r.targetGroup(w.TargetGroup)
		gets := weights[g.ID] > 0
		ts, _ := r.servingTargets(lb, node, g)
		if len(ts) == 0 {
			if gets {
				fail(Verdict{sim.Blocked, sim.NoTarget})
			}
			continue
		}
		for _, t := range ts {
			v := r.leg(lb, node, g, t, p, q, depth)
			switch {
			case !gets:
			case v.Status == sim.Reachable:
				ok++
			default:
				fail(v)
			}
		}
	}
	switch {
	case failed == 0:
		return Verdict{sim.Reachable, sim.NoReason}
	case ok == 0:
		return first
	}
	return Verdict{sim.Partial, first.Reason}
}

// leg walks the connection node opens to target t of group g for a flow
// that arrived as p, and its reply.
func (r *Net) leg(lb *elb.LoadBalancer, node *vpc.NetworkInterface, g *elb.TargetGroup, t target, p packet, q sim.Query, depth int) Verdict {
	cip := lb.Type == elb.Network && preservesClient(g) && !p.privateLink // no effect through PrivateLink (privatelink.go)
	lp := packet{src: node.PrivateIPs[0], dst: t.addr, proto: 6, sport: vpc.Ports(1024, 65535), dport: vpc.Port(t.port), srcVPC: r.vpcOf(node.Subnet)}
	if ps := g.Protocol.IPProtocols(); slices.ContainsFunc(ps, func(x vpc.Protocol) bool { return int(x) == p.proto }) {
		lp.proto = p.proto
	} else if len(ps) > 0 {
		lp.proto = int(ps[0])
	}
	if cip {
		lp.src, lp.sport, lp.srcVPC, lp.member = p.src, p.sport, "", node.ID
		if t.eni != nil && (host{eni: t.eni}).has(p.src) {
			return Verdict{sim.Blocked, sim.Hairpin}
		}
	}
	var g2 goal
	if t.eni != nil {
		g2.host = t.eni.ID
	}
	w := newWalk(r, false, g2)
	w.send(node, lp)
	if !w.ok {
		return Verdict{sim.Blocked, w.reason}
	}
	rp, _ := replyTo(w.final)
	back := newWalk(r, true, goal{host: node.ID})
	back.nats, back.tracked, back.fwd, back.pins = w.nats, w.tracked, w.fwd, w.pins
	if cip {
		back.returnTo = node.ID
	}
	rp.srcVPC = r.vpcOf(t.eni.Subnet)
	back.send(t.eni, rp)
	if back.ok {
		back.symmetric() // stateful appliances on the leg's way, as on any flow's
	}
	if !back.ok {
		return Verdict{sim.ReplyBlocked, back.reason}
	}
	if inner := r.lbOf[t.eni.ID]; inner != nil {
		// The target is another load balancer's node (or this one's).
		return r.proxy(inner, t.eni, w.final, q, depth+1)
	}
	return Verdict{sim.Reachable, sim.NoReason}
}

// maxProxies bounds the load balancers a flow passes one after another,
// as the engine documents: more, and they forward to each other in a
// loop (a routing loop).
const maxProxies = 4

// preservesClient reports whether a Network Load Balancer's group g hands
// targets the client's address (NLB guide, "Edit target group
// attributes"): always over UDP and TCP_UDP; over TCP and TLS as set,
// by default for instance targets only.
func preservesClient(g *elb.TargetGroup) bool {
	switch g.Protocol {
	case elb.UDP, elb.TCPUDP, elb.QUIC, elb.TCPQUIC:
		return true
	}
	if g.PreserveClientIP != nil {
		return *g.PreserveClientIP
	}
	return g.TargetType == "" || g.TargetType == elb.InstanceTarget
}

// ruleMatches reports whether every condition of rule x matches request
// req (nil: GET / without a Host header) from source address src.
func ruleMatches(x elb.Rule, req *sim.HTTPRequest, src netip.Addr) bool {
	method, host, path := "GET", "", "/"
	if req != nil {
		if req.Method != "" {
			method = req.Method
		}
		host = req.Host
		if req.Path != "" {
			path = req.Path
		}
	}
	for _, c := range x.Conditions {
		any := false
		switch c.Field {
		case elb.PathPatternField:
			for _, v := range c.Values {
				any = any || globMatch(v, path)
			}
		case elb.HostHeaderField:
			for _, v := range c.Values {
				any = any || host != "" && globMatch(strings.ToLower(v), strings.ToLower(host))
			}
		case elb.MethodField:
			any = slices.Contains(c.Values, method)
		case elb.SourceIPField:
			for _, p := range c.SourceIPs {
				any = any || p.Contains(src)
			}
		default:
			return false // not generated: conditions the reference does not model match nothing
		}
		if !any {
			return false
		}
	}
	return true
}

// globMatch reports whether s matches pattern, in which * matches any run
// of characters and ? exactly one.
func globMatch(pattern, s string) bool {
	if pattern == "" {
		return s == ""
	}
	switch pattern[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if globMatch(pattern[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && globMatch(pattern[1:], s[1:])
	}
	return s != "" && s[0] == pattern[0] && globMatch(pattern[1:], s[1:])
}
