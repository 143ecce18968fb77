package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/internal/httpmatch"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of Elastic Load Balancing: load balancers, their
// listeners and target groups. A load balancer compiles into one node per
// subnet, a network interface named "<lb-id>/<subnet-id>" in that subnet
// with the load balancer's security groups; listeners compile their rules
// (conditions precompiled, in priority order, the default rule last) and
// target groups their targets (resolved to interfaces where they are
// ones).
//
// Its forwarding function, lbProxy, takes a flow that reached a node: the
// listener on the flow's protocol and port, the first rule matching the
// query's HTTP request (Application Load Balancer), the rule's action (a
// fixed response or a redirect answers the request; a forward sends it to
// weighted target groups), the targets each group routes to (healthy
// ones, or all of them when none is: load balancers fail open), and for
// each target a connection of its own from the node (from the client's
// address when a Network Load Balancer preserves it), walked like any
// flow.

// lbIdx indexes Model.lbs, tgIdx Model.tgs.
type (
	lbIdx int32
	tgIdx int32
)

const (
	noLB lbIdx = -1
	noTG tgIdx = -1
)

func (lbIdx) kind() kind { return kindLB }
func (tgIdx) kind() kind { return kindTargetGroup }

// cLB is a compiled load balancer.
type cLB struct {
	id        string
	typ       elb.Type
	internal  bool
	vpc       vpcIdx
	nodes     []eniIdx // one per subnet, in zone order
	crossZone bool
	listeners []cListener
}

// cListener is a compiled listener: the rules in the order they are
// evaluated, the default rule last.
type cListener struct {
	id    string
	proto elb.Protocol
	port  uint16
	rules []cLBRule
}

// cLBRule is a compiled listener rule (priority 0 for the default rule,
// whose match is nil).
type cLBRule struct {
	id       string
	priority int
	conds    []elb.Condition
	match    *httpmatch.Rule
	action   elb.Action
	forward  []cForward
}

// cForward is one target group of a forward action and its weight.
type cForward struct {
	tg     tgIdx
	weight int
}

// cTG is a compiled target group.
type cTG struct {
	id         string
	targetType elb.TargetType
	proto      elb.Protocol
	port       uint16
	vpc        vpcIdx
	cip        bool // client IP preservation
	crossZone  *bool
	targets    []cTarget
}

// cTarget is a compiled target: the interface its traffic goes to
// (instance targets, and IP targets that an interface holds) and the
// address; the load balancer of an alb target.
type cTarget struct {
	id       string
	eni      eniIdx
	addr     netip.Addr
	lb       lbIdx
	port     uint16
	allZones bool
	health   elb.HealthState
}

// lbNodeName is the name of a load balancer's node interface in a subnet.
func lbNodeName(lb, subnet string) string { return lb + "/" + subnet }

func (v *validator) checkLB(r vres, _ int, lb *elb.LoadBalancer) {
	vp := r.vpcRef("vpc", lb.VPC, true)
	t := lb.Type.Norm()
	if !lb.Type.Valid() {
		r.errf("type", ErrInvalidValue, "%q: want application, network or gateway", lb.Type)
		return
	}
	if !lb.Scheme.Valid() {
		r.errf("scheme", ErrInvalidValue, "%q: want internet-facing or internal", lb.Scheme)
	}
	if !lb.IPAddressType.ValidFor(t) {
		r.errf("ipAddressType", ErrInvalidValue, "%q: want ipv4 or dualstack (dualstack-without-public-ipv4 for application load balancers only)", lb.IPAddressType)
	}
	zones := map[string]string{}
	for i, sm := range lb.Subnets {
		field := fmt.Sprintf("subnets[%d]", i)
		j, ok := r.ref(field+".subnet", kindSubnet, sm.Subnet, true)
		if !ok {
			continue
		}
		s := &v.n.Subnets[j]
		if vp != nil {
			r.sameVPC(field+".subnet", fmt.Sprintf("subnet %q", sm.Subnet), s.VPC, lb.VPC)
		}
		if other, dup := zones[s.AvailabilityZone]; dup {
			r.errf(field+".subnet", ErrConflict, "subnet %q is in %s, as subnet %q is: a load balancer takes at most one subnet per Availability Zone", sm.Subnet, s.AvailabilityZone, other)
		}
		zones[s.AvailabilityZone] = sm.Subnet
		if sm.PrivateIPv4.IsValid() {
			if t != elb.Network {
				r.errf(field+".privateIpv4", ErrInvalidValue, "only a network load balancer takes a private address per subnet")
			} else {
				r.subnetAddr(field+".privateIpv4", sm.PrivateIPv4, 4, s.CIDR, true, s.VPC)
			}
		}
		if sm.ElasticIP.IsValid() {
			if t != elb.Network || lb.Scheme.IsInternal() {
				r.errf(field+".elasticIp", ErrInvalidValue, "only an internet-facing network load balancer takes an Elastic IP per subnet")
			} else {
				r.publicAddr(field+".elasticIp", sm.ElasticIP)
			}
		}
	}
	if min := t.MinAvailabilityZones(); len(zones) < min && len(lb.Subnets) > 0 || len(lb.Subnets) == 0 {
		r.errf("subnets", ErrInvalidValue, "%d Availability Zones: an %s load balancer needs subnets in at least %d", len(zones), t, max(min, 1))
	}
	switch {
	case t == elb.Gateway && len(lb.SecurityGroups) > 0:
		r.errf("securityGroups", ErrInvalidValue, "a gateway load balancer has no security groups")
	case t == elb.Network && len(lb.SecurityGroups) > 0 && lb.CreatedWithSecurityGroups != nil && !*lb.CreatedWithSecurityGroups:
		r.errf("securityGroups", ErrInvalidValue, "a network load balancer created without security groups cannot get any later (AWS allows them only at creation): remove them, or recreate the load balancer with them")
	}
	if len(lb.SecurityGroups) > 5 {
		r.errf("securityGroups", ErrInvalidValue, "%d security groups: want at most 5", len(lb.SecurityGroups))
	}
	for i, g := range lb.SecurityGroups {
		field := fmt.Sprintf("securityGroups[%d]", i)
		if j, ok := r.ref(field, kindSG, g, true); ok && vp != nil {
			r.sameVPC(field, fmt.Sprintf("security group %q", g), v.n.SecurityGroups[j].VPC, lb.VPC)
		}
	}
}

// lbDemand claims an address per load balancer node.
func lbDemand(n *Network, claim func(string, ...netip.Addr)) {
	for i := range n.LoadBalancers {
		for _, sm := range n.LoadBalancers[i].Subnets {
			if sm.PrivateIPv4.IsValid() {
				claim(sm.Subnet, sm.PrivateIPv4)
			} else {
				claim(sm.Subnet)
			}
		}
	}
}

func (v *validator) checkListener(r vres, _ int, l *elb.Listener) {
	j, ok := r.ref("loadBalancer", kindLB, l.LoadBalancer, true)
	if !ok {
		return
	}
	lb := &v.n.LoadBalancers[j]
	t := lb.Type.Norm()
	if !l.Protocol.ValidFor(t) {
		r.errf("protocol", ErrInvalidValue, "%q: a listener of an %s load balancer takes %s", l.Protocol, t, listenerProtocols(t))
	}
	switch {
	case t == elb.Gateway && l.Port != 0:
		r.errf("port", ErrInvalidValue, "%d: a gateway load balancer's listener takes no port", l.Port)
	case t != elb.Gateway && l.Port == 0:
		r.errf("port", ErrInvalidValue, "required: want a port 1-65535")
	}
	v.checkLBAction(r, "default", &l.Default, lb, true)
	seen := map[int]int{}
	for i := range l.Rules {
		x := &l.Rules[i]
		base := fmt.Sprintf("rules[%d]", i)
		if t != elb.Application {
			r.errf(base, ErrInvalidValue, "only an application load balancer's listeners take rules besides the default action")
			continue
		}
		switch k, dup := seen[x.Priority]; {
		case x.Priority < 1 || x.Priority > 50000:
			r.errf(base+".priority", ErrInvalidValue, "%d: want a priority 1-50000", x.Priority)
		case dup:
			r.errf(base+".priority", ErrConflict, "priority %d is already rules[%d]'s: priorities are unique per listener", x.Priority, k)
		default:
			seen[x.Priority] = i
		}
		if len(x.Conditions) == 0 {
			r.errf(base+".conditions", ErrInvalidValue, "required: a rule needs at least one condition")
		}
		if _, err := httpmatch.Compile(matchConditions(x.Conditions)); err != nil {
			r.errf(base+".conditions", ErrInvalidValue, "%v", err)
		}
		v.checkLBAction(r, base+".action", &x.Action, lb, false)
	}
}

// listenerProtocols lists the listener protocols of a load balancer type.
func listenerProtocols(t elb.Type) string {
	switch t.Norm() {
	case elb.Application:
		return "HTTP or HTTPS"
	case elb.Network:
		return "TCP, TLS, UDP, TCP_UDP, QUIC or TCP_QUIC"
	}
	return "GENEVE"
}

// checkLBAction checks a listener's default action or a rule's action.
func (v *validator) checkLBAction(r vres, base string, a *elb.Action, lb *elb.LoadBalancer, isDefault bool) {
	t := lb.Type.Norm()
	switch a.Type {
	case elb.ForwardAction:
		if len(a.Forward) == 0 {
			r.errf(base+".forward", ErrInvalidValue, "required: a forward action names at least one target group")
		}
		if len(a.Forward) > 5 {
			r.errf(base+".forward", ErrInvalidValue, "%d target groups: want at most 5", len(a.Forward))
		}
		if len(a.Forward) > 1 && t != elb.Application {
			r.errf(base+".forward", ErrInvalidValue, "only an application load balancer forwards to several weighted target groups")
		}
		for i, w := range a.Forward {
			field := fmt.Sprintf("%s.forward[%d]", base, i)
			if w.Weight < 0 || w.Weight > 999 {
				r.errf(field+".weight", ErrInvalidValue, "%d: want a weight 0-999", w.Weight)
			}
			j, ok := r.ref(field+".targetGroup", kindTargetGroup, w.TargetGroup, true)
			if !ok {
				continue
			}
			tg := &v.n.TargetGroups[j]
			if tt := tg.TargetType.Norm(); !tt.ValidFor(t) {
				r.errf(field+".targetGroup", ErrInvalidValue, "target group %q has %s targets, which an %s load balancer does not take", w.TargetGroup, tt, t)
			}
			if tg.TargetType.Norm() != elb.LambdaTarget && tg.VPC != "" && tg.VPC != lb.VPC {
				r.errf(field+".targetGroup", ErrWrongVPC, "target group %q is in vpc %q, the load balancer in %q", w.TargetGroup, tg.VPC, lb.VPC)
			}
		}
	case elb.FixedResponseAction, elb.RedirectAction:
		if t != elb.Application {
			r.errf(base+".type", ErrInvalidValue, "%s: only an application load balancer answers with a fixed response or a redirect", a.Type)
		}
		if a.Type == elb.FixedResponseAction && (a.FixedResponse == nil || a.FixedResponse.StatusCode < 200 || a.FixedResponse.StatusCode > 599) {
			r.errf(base+".fixedResponse", ErrInvalidValue, "required: a fixed response with a status code 2XX, 4XX or 5XX")
		}
		if a.Type == elb.RedirectAction && a.Redirect == nil {
			r.errf(base+".redirect", ErrInvalidValue, "required: a redirect action needs its redirect")
		}
	default:
		r.errf(base+".type", ErrInvalidValue, "%q: want forward, fixed-response or redirect", a.Type)
	}
}

// matchConditions converts a rule's conditions to the matcher's.
func matchConditions(cs []elb.Condition) []httpmatch.Condition {
	out := make([]httpmatch.Condition, len(cs))
	for i, c := range cs {
		m := httpmatch.Condition{Field: httpmatch.Field(c.Field), Values: c.Values, Regex: c.RegexValues, Header: c.HeaderName, CIDRs: c.SourceIPs}
		for _, q := range c.QueryValues {
			m.Query = append(m.Query, httpmatch.QueryPattern{Key: q.Key, Value: q.Value})
		}
		out[i] = m
	}
	return out
}

func (v *validator) checkTargetGroup(r vres, _ int, tg *elb.TargetGroup) {
	tt := tg.TargetType.Norm()
	if !tg.TargetType.Valid() {
		r.errf("targetType", ErrInvalidValue, "%q: want instance, ip, lambda or alb", tg.TargetType)
		return
	}
	if tt == elb.LambdaTarget {
		if len(tg.Targets) > 1 {
			r.errf("targets", ErrInvalidValue, "%d targets: a lambda target group holds one function", len(tg.Targets))
		}
		return
	}
	r.vpcRef("vpc", tg.VPC, true)
	if !tg.Protocol.Valid() {
		r.errf("protocol", ErrInvalidValue, "%q: want HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, QUIC, TCP_QUIC or GENEVE", tg.Protocol)
	}
	if tg.Port == 0 {
		r.errf("port", ErrInvalidValue, "required: want the port targets receive traffic on, 1-65535")
	}
	for i, x := range tg.Targets {
		field := fmt.Sprintf("targets[%d]", i)
		if !x.Health.Valid() {
			r.errf(field+".health", ErrInvalidValue, "%q: want healthy, unhealthy, initial, unused, draining, unhealthy.draining or unavailable", x.Health)
		}
		switch tt {
		case elb.IPTarget:
			if !x.IP.IsValid() {
				r.errf(field+".ip", ErrInvalidValue, "required: an ip target needs its address")
			} else if isInternetAddr(x.IP) {
				r.errf(field+".ip", ErrInvalidValue, "%s is a public address: ip targets are private addresses (of the VPC, RFC 1918 or 100.64.0.0/10)", x.IP)
			}
		case elb.InstanceTarget:
			if v.instanceENI(x.ID) == "" {
				r.errf(field+".id", ErrUnknownResource, "no network interface %q, and none whose owner is %q", x.ID, x.ID)
			}
		case elb.ALBTarget:
			if j, ok := r.ref(field+".id", kindLB, x.ID, true); ok && v.n.LoadBalancers[j].Type.Norm() != elb.Application {
				r.errf(field+".id", ErrInvalidValue, "%q is no application load balancer", x.ID)
			}
		}
	}
}

// instanceENI returns the interface an instance target names: the
// interface with that ID, or the first (by ID) whose owner it is; "" when
// none.
func (v *validator) instanceENI(id string) string {
	best := ""
	for _, e := range v.n.NetworkInterfaces {
		if e.ID == id {
			return id
		}
		if e.Owner == id && (best == "" || e.ID < best) {
			best = e.ID
		}
	}
	return best
}

// lbInterfaces returns the node interfaces of the load balancers: one per
// subnet, with the load balancer's security groups (an application load
// balancer declaring none gets its VPC's default group; network load
// balancers without groups and gateway load balancers have none), its
// declared addresses, and a public address when it is internet-facing.
func lbInterfaces(c *compiler) []pendingENI {
	var out []pendingENI
	for i := range c.n.LoadBalancers {
		lb := &c.n.LoadBalancers[i]
		t := lb.Type.Norm()
		public := !lb.Scheme.IsInternal()
		for _, sm := range lb.Subnets {
			e := &vpc.NetworkInterface{ID: lbNodeName(lb.ID, sm.Subnet), Subnet: sm.Subnet, Kind: vpc.KindLoadBalancer, Owner: lb.ID,
				SecurityGroups: lb.SecurityGroups, PublicIP: sm.ElasticIP, AssignPublicIP: &public}
			if sm.PrivateIPv4.IsValid() {
				e.PrivateIPs = []netip.Addr{sm.PrivateIPv4}
			}
			if sm.IPv6.IsValid() {
				e.IPv6Addrs = []netip.Addr{sm.IPv6}
			}
			out = append(out, pendingENI{decl: e, adopt: func(c *compiler, e *cENI, i eniIdx) {
				m := c.m
				l := indexOf[lbIdx](c, lb.ID)
				e.lb = l
				if len(e.sgs) == 0 && t == elb.Application {
					e.sgs = []sgIdx{m.vpcs[e.vpc].defSG}
				}
				m.lbs[l].nodes = append(m.lbs[l].nodes, i)
			}})
		}
	}
	return out
}

// compileLBs compiles the load balancers (their nodes come with the
// interfaces, their listeners with the target groups).
func compileLBs(c *compiler) {
	m := c.m
	for i, lb := range sortedBy(c.n.LoadBalancers, func(l elb.LoadBalancer) string { return l.ID }) {
		m.lbs = append(m.lbs, cLB{id: lb.ID, typ: lb.Type.Norm(), internal: lb.Scheme.IsInternal(), vpc: indexOf[vpcIdx](c, lb.VPC),
			crossZone: lb.CrossZoneEnabled()})
		add(c, lb.ID, lbIdx(i))
	}
}

// compileTargetGroups compiles the target groups and the listeners, once
// the interfaces (the nodes and the targets) exist.
func compileTargetGroups(c *compiler) {
	m := c.m
	for l := range m.lbs {
		slices.SortFunc(m.lbs[l].nodes, func(a, b eniIdx) int {
			return cmp.Or(cmp.Compare(m.subnets[m.enis[a].subnet].az, m.subnets[m.enis[b].subnet].az), cmp.Compare(a, b))
		})
	}
	for i, tg := range sortedBy(c.n.TargetGroups, func(t elb.TargetGroup) string { return t.ID }) {
		x := cTG{id: tg.ID, targetType: tg.TargetType.Norm(), proto: tg.Protocol, port: tg.Port, vpc: noVPC, cip: tg.ClientIPPreserved(), crossZone: tg.CrossZone}
		if tg.VPC != "" {
			x.vpc = indexOf[vpcIdx](c, tg.VPC)
		}
		for _, t := range tg.Targets {
			ct := cTarget{id: t.ID, eni: noENI, lb: noLB, port: t.Port, allZones: t.AvailabilityZone == elb.AllZones, health: t.Health}
			if ct.port == 0 {
				ct.port = tg.Port
			}
			switch x.targetType {
			case elb.InstanceTarget:
				if e, ok := lookup[eniIdx](m, t.ID); ok {
					ct.eni = e
				} else {
					ct.eni = m.ownedENI(t.ID)
				}
				if ct.eni != noENI {
					ct.addr = m.enis[ct.eni].private[0]
				}
			case elb.IPTarget:
				ct.id, ct.addr = t.IP.String(), t.IP
				if x.vpc != noVPC {
					ct.eni = m.eniAt(x.vpc, t.IP)
				}
			case elb.ALBTarget:
				ct.lb = indexOf[lbIdx](c, t.ID)
			}
			x.targets = append(x.targets, ct)
		}
		slices.SortStableFunc(x.targets, func(a, b cTarget) int { return cmp.Compare(a.id, b.id) })
		m.tgs = append(m.tgs, x)
		add(c, tg.ID, tgIdx(i))
	}
	for _, l := range sortedBy(c.n.Listeners, func(l elb.Listener) string { return l.ID }) {
		cl := cListener{id: l.ID, proto: l.Protocol, port: l.Port}
		for _, r := range l.SortedRules() {
			match, _ := httpmatch.Compile(matchConditions(r.Conditions)) // validated
			cl.rules = append(cl.rules, cLBRule{id: r.ID, priority: r.Priority, conds: r.Conditions, match: match, action: r.Action, forward: c.forwards(r.Action)})
		}
		cl.rules = append(cl.rules, cLBRule{id: "default", action: l.Default, forward: c.forwards(l.Default)})
		lb := indexOf[lbIdx](c, l.LoadBalancer)
		m.lbs[lb].listeners = append(m.lbs[lb].listeners, cl)
	}
}

// forwards compiles a forward action's target groups.
func (c *compiler) forwards(a elb.Action) []cForward {
	if a.Type != elb.ForwardAction {
		return nil
	}
	var out []cForward
	for _, w := range a.Forward {
		weight := w.Weight
		if len(a.Forward) == 1 && weight == 0 {
			weight = 1 // a group alone gets every request
		}
		out = append(out, cForward{tg: indexOf[tgIdx](c, w.TargetGroup), weight: weight})
	}
	return out
}

// ownedENI returns the first interface (by ID) whose owner is id, or
// noENI.
func (m *Model) ownedENI(id string) eniIdx {
	for i := range m.enis {
		if m.enis[i].owner == id {
			return eniIdx(i)
		}
	}
	return noENI
}

// lbDestination returns the node a flow from subnet from (noSubnet for the
// internet) reaches load balancer l at: the node in the same zone, else
// the first in zone order.
func (m *Model) lbDestination(l lbIdx, from subnetIdx) eniIdx {
	L := &m.lbs[l]
	if from != noSubnet {
		for _, n := range L.nodes {
			if m.sameZone(m.enis[n].subnet, from) {
				return n
			}
		}
	}
	return L.nodes[0]
}

// lbProxy is the load balancer forwarding function for flow f, whose
// first leg arrived at node e as packet p: the listener, the rule, the
// action, and a leg to each target the request goes to.
func (m *Model) lbProxy(o *outcome, e eniIdx, p pkt, f *flow, trace bool, touched *tableSet, depth int) {
	E := &m.enis[e]
	L := &m.lbs[E.lb]
	px := &proxyOutcome{component: L.id, kind: kindLB}
	o.proxy = px
	step := func(s Step, rule string) {
		if trace {
			px.steps = append(px.steps, Hop{Component: L.id, Kind: KindLoadBalancer, Step: s, Rule: rule, Packet: m.exportPacket(p)})
		}
	}
	block := func(r Reason, s Step, rule func() string) {
		o.status, o.reason = Blocked, r
		if trace {
			o.block = Block{Component: L.id, Kind: KindLoadBalancer, Step: s, Reason: r, Rule: rule()}
		}
	}
	var li *cListener
	for i := range L.listeners {
		x := &L.listeners[i]
		if x.port == p.dlo && slices.Contains(x.proto.IPProtocols(), vpcProtocol(p.proto)) {
			li = x
			break
		}
	}
	if li == nil {
		block(NoListener, StepListener, func() string {
			return fmt.Sprintf("%s has no listener on %s", L.id, m.flowDesc(p))
		})
		return
	}
	step(StepListener, fmt.Sprintf("listener %s %s:%d", li.id, li.proto, li.port))
	rule := &li.rules[len(li.rules)-1]
	if L.typ == elb.Application {
		req := f.request.matchRequest(p.src)
		for i := range li.rules {
			r := &li.rules[i]
			if r.match == nil || r.match.Match(&req) {
				rule = r
				break
			}
		}
		step(StepRule, rule.describe(f.request))
	}
	switch rule.action.Type {
	case elb.FixedResponseAction:
		block(FixedResponse, StepRule, func() string {
			return fmt.Sprintf("%s answers %s with a fixed response %d", rule.describe(f.request), f.request, rule.action.FixedResponse.StatusCode)
		})
		return
	case elb.RedirectAction:
		block(Redirect, StepRule, func() string {
			return fmt.Sprintf("%s answers %s with a redirect (%s)", rule.describe(f.request), f.request, rule.action.Redirect.StatusCode)
		})
		return
	}
	total := 0
	for _, fw := range rule.forward {
		total += fw.weight
	}
	for _, fw := range rule.forward {
		G := &m.tgs[fw.tg]
		share := 0
		if total > 0 {
			share = fw.weight * 1000 / total
		}
		if trace {
			what := fmt.Sprintf("target group %s: %s targets on %s:%d", G.id, G.targetType, G.proto, G.port)
			switch {
			case G.cip && L.typ == elb.Network && f.privateLink:
				what += ", client IP preservation has no effect on PrivateLink traffic (targets see the node's address)"
			case G.cip && L.typ == elb.Network:
				what += ", client IP preserved (targets see the client's address)"
			}
			step(StepTargetGroup, what)
		}
		targets, failOpen := m.routableTargets(L, e, G)
		if len(targets) == 0 {
			what := "has no registered target"
			if len(G.targets) > 0 {
				what = fmt.Sprintf("has no target in %s, and cross-zone load balancing is off", m.subnets[E.subnet].az)
			}
			if share > 0 {
				block(NoTarget, StepTargetGroup, func() string { return fmt.Sprintf("target group %s %s", G.id, what) })
				o.proxy = px
				return
			}
			continue
		}
		for _, t := range targets {
			b := branchOutcome{tg: G.id, weight: fw.weight, share: share, target: t.id, health: t.health.String(), failOpen: failOpen}
			b.query, b.leg = m.lbLeg(L, e, p, G, t, f, trace, touched, depth)
			px.branches = append(px.branches, b)
		}
	}
	o.aggregate()
}

// routableTargets returns the targets of group G that node e of load
// balancer L sends requests to: those in its zone when cross-zone load
// balancing is off (and those registered for all zones), the healthy ones
// among them, or all of them when none is healthy (fail-open).
func (m *Model) routableTargets(L *cLB, e eniIdx, G *cTG) ([]cTarget, bool) {
	cross := L.crossZone
	if G.crossZone != nil {
		cross = *G.crossZone
	}
	var inZone []cTarget
	for _, t := range G.targets {
		if cross || t.allZones || t.eni == noENI || m.sameZone(m.enis[t.eni].subnet, m.enis[e].subnet) {
			inZone = append(inZone, t)
		}
	}
	var healthy []cTarget
	for _, t := range inZone {
		if t.health.Routable() {
			healthy = append(healthy, t)
		}
	}
	if len(healthy) == 0 && len(inZone) > 0 {
		return inZone, true
	}
	return healthy, false
}

// lbLeg walks the connection node e of L opens to target t of group G, for
// a flow that arrived at the node as p: from the node's address, or from
// the client's when the group preserves it (the target then sees the
// client's address, and rules naming the load balancer's security groups
// still match it).
func (m *Model) lbLeg(L *cLB, e eniIdx, p pkt, G *cTG, t cTarget, f *flow, trace bool, touched *tableSet, depth int) (*Query, outcome) {
	E := &m.enis[e]
	if G.targetType == elb.LambdaTarget {
		return nil, outcome{status: Reachable}
	}
	proto := protoTCP
	if G.proto == elb.UDP {
		proto = protoUDP
	}
	to, dst := t.eni, t.addr
	if t.lb != noLB {
		to = m.lbDestination(t.lb, E.subnet)
		dst = m.enis[to].private[0]
	}
	src := E.private[0]
	cip := G.cip && L.typ == elb.Network && !f.privateLink // PrivateLink traffic: the node's address
	if cip {
		src = p.src
	}
	g := m.legFlow(e, src, dst, to, proto, t.port)
	g.request = f.request
	if cip {
		g.member = int32(e) + 1
		g.srcVPC = noVPC
		g.returnTo = e
	}
	q := Query{From: ENIAddr(E.id, E.private[0]), To: Address(dst), Protocol: vpcProtocol(proto), Port: t.port, Request: f.request}
	if to != noENI {
		q.To = ENIAddr(m.enis[to].id, dst)
	}
	if t.lb != noLB {
		q.To = LoadBalancer(m.lbs[t.lb].id)
	}
	if trace {
		g.buf, g.rbuf = make([]Hop, 0, 16), make([]Hop, 0, 16)
	}
	return &q, m.evaluateDepth(&g, trace, touched, depth+1)
}

// vpcProtocol returns the vpc.Protocol of an IP protocol number.
func vpcProtocol(p uint8) vpc.Protocol { return vpc.Protocol(p) }

// matchRequest returns the request as rules match it, from source address
// src.
func (r *HTTPRequest) matchRequest(src netip.Addr) httpmatch.Request {
	req := httpmatch.Request{Method: r.method(), Path: r.path(), SourceIP: src}
	if r == nil {
		return req
	}
	req.Host = r.Host
	req.Query = httpmatch.ParseQuery(r.Query)
	names := make([]string, 0, len(r.Header))
	for k := range r.Header {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range r.Header[k] {
			req.Headers = append(req.Headers, httpmatch.Header{Name: k, Value: v})
		}
	}
	return req
}

// describe names a rule and what it does.
func (r *cLBRule) describe(req *HTTPRequest) string {
	var b strings.Builder
	if r.priority == 0 {
		b.WriteString("default rule")
	} else {
		fmt.Fprintf(&b, "rule %d", r.priority)
		if r.id != "" {
			fmt.Fprintf(&b, " (%s)", r.id)
		}
		var cs []string
		for _, c := range r.conds {
			cs = append(cs, conditionString(c))
		}
		fmt.Fprintf(&b, " [%s]", strings.Join(cs, " and "))
	}
	switch r.action.Type {
	case elb.ForwardAction:
		var fs []string
		for _, w := range r.action.Forward {
			fs = append(fs, fmt.Sprintf("%s (weight %d)", w.TargetGroup, max(w.Weight, boolInt(len(r.action.Forward) == 1))))
		}
		fmt.Fprintf(&b, " matches %s: forward to %s", req, strings.Join(fs, ", "))
	default:
		fmt.Fprintf(&b, " matches %s: %s", req, r.action.Type)
	}
	return b.String()
}

// conditionString formats a rule condition: "path-pattern /api/*".
func conditionString(c elb.Condition) string {
	var vs []string
	vs = append(vs, c.Values...)
	for _, x := range c.RegexValues {
		vs = append(vs, "~"+x)
	}
	for _, q := range c.QueryValues {
		vs = append(vs, q.Key+"="+q.Value)
	}
	for _, p := range c.SourceIPs {
		vs = append(vs, p.String())
	}
	name := string(c.Field)
	if c.HeaderName != "" {
		name += " " + c.HeaderName
	}
	return name + " " + strings.Join(vs, ",")
}

// lbNodes, lbEdges and the labels draw load balancers in pictures: a node
// per load balancer joined to its node interfaces.
func lbNodes(g *graphBuilder) {
	for i, x := range g.m.lbs {
		g.add(refOf(lbIdx(i)), x.id)
	}
}

func lbEdges(g *graphBuilder) {
	for i, x := range g.m.lbs {
		n := g.node(refOf(lbIdx(i)))
		for _, e := range x.nodes {
			g.edge(g.node(refOf(e)), n)
			g.edge(n, g.node(refOf(e)))
		}
		for _, l := range x.listeners {
			for _, r := range l.rules {
				for _, fw := range r.forward {
					for _, t := range g.m.tgs[fw.tg].targets {
						if t.eni != noENI {
							g.edge(n, g.node(refOf(t.eni)))
						}
					}
				}
			}
		}
	}
}

func lbLabel(m *Model, l int32) []string {
	return []string{m.lbs[l].id, string(m.lbs[l].typ) + " load balancer"}
}

func lbPlace(m *Model, l int32) (vpcIdx, subnetIdx) { return m.lbs[l].vpc, noSubnet }
