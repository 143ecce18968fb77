package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"

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
	id       string
	typ      elb.Type
	internal bool
	vpc      vpcIdx
	nodes    []eniIdx // one per subnet, in zone order
	// idle are the subnets whose node a failure took away (CompileWithout
	// naming "<lb>/<subnet>"): the zone stays enabled, so its targets
	// still get traffic from the other nodes across zones.
	idle      []subnetIdx
	crossZone bool
	addrType  elb.IPAddressType
	listeners []cListener
	// dns are the nodes the load balancer's DNS name answers with (see
	// dnsNodes), in zone order.
	dns []eniIdx
	// bounds are the listeners' ports and the rules' source-ip CIDRs as
	// rules, for the access analyses (see lbRuleLists).
	bounds []cRule
	// legs caches the legs that depend on nothing but the node, the
	// target and the protocol (see cachedLeg).
	legs *sync.Map
}

// cListener is a compiled listener: the rules in the order they are
// evaluated, the default rule last.
type cListener struct {
	id    string
	proto elb.Protocol
	port  uint16
	rules []cLBRule
	label string // the step's text, "listener <id> <proto>:<port>", computed once
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
	label    string // name(), computed once
	// head and tail are describe's text around the request: "rule 10
	// (api) [path-pattern /api/*]" and ": forward to tg-api (weight 1)",
	// computed once.
	head, tail string
}

// cForward is one target group of a forward action and its weight.
type cForward struct {
	tg     tgIdx
	weight int
}

// cTG is a compiled target group.
type cTG struct {
	idx        tgIdx
	id         string
	targetType elb.TargetType
	proto      elb.Protocol
	port       uint16
	vpc        vpcIdx
	cip        bool // client IP preservation
	crossZone  *bool
	targets    []cTarget
	// hc is the health check: its protocol, its port (0 for each target's
	// traffic port) and whether it is on.
	hcProto elb.Protocol
	hcPort  uint16
	hcOn    bool
	// note is the text of the group's step on a path, computed once:
	// "target group <id>: <type> targets on <proto>:<port>".
	note string
}

// cTarget is a compiled target: the interface its traffic goes to
// (instance targets, and IP targets that an interface holds), the address
// and its subnet (noSubnet outside the VPC, where az names the declared
// zone); the load balancer of an alb target. allZones marks targets that
// every zone's nodes serve (zone "all", lambda functions, alb targets).
type cTarget struct {
	idx      int32 // its index in its group's targets
	id       string
	eni      eniIdx
	addr     netip.Addr
	subnet   subnetIdx
	az       string
	lb       lbIdx
	port     uint16
	allZones bool
	health   elb.HealthState
}

// lbNodeName is the name of a load balancer's node interface in a subnet.
func lbNodeName(lb, subnet string) string { return lb + "/" + subnet }

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

// lbInterfaces returns the node interfaces of the load balancers: one per
// subnet, with the load balancer's security groups (an application load
// balancer declaring none gets its VPC's default group; network load
// balancers without groups and gateway load balancers have none), its
// declared addresses, a public IPv4 address when it is internet-facing
// (but for dualstack-without-public-ipv4: its Elastic IP, else the public
// address an import observed, else one compile assigns), and for a
// dualstack load balancer an IPv6 address of its subnet (the declared one,
// or the first free one from the subnet's fifth address up).
func lbInterfaces(c *compiler) []pendingENI {
	var out []pendingENI
	taken6 := map[netip.Addr]bool{}
	for _, e := range c.n.NetworkInterfaces {
		for _, a := range e.IPv6Addrs {
			taken6[a] = true
		}
	}
	for _, lb := range c.n.LoadBalancers {
		for _, sm := range lb.Subnets {
			if sm.IPv6.IsValid() {
				taken6[sm.IPv6] = true
			}
		}
	}
	for i := range c.n.LoadBalancers {
		lb := &c.n.LoadBalancers[i]
		t := lb.Type.Norm()
		public := !lb.Scheme.IsInternal() && lb.IPAddressType != elb.DualStackWithoutPublicIPv4 && t != elb.Gateway
		for _, sm := range lb.Subnets {
			pub := sm.ElasticIP
			if !pub.IsValid() {
				pub = sm.PublicIPv4 // observed; zero lets compile assign one
			}
			e := &vpc.NetworkInterface{ID: lbNodeName(lb.ID, sm.Subnet), Subnet: sm.Subnet, Kind: vpc.KindLoadBalancer, Owner: lb.ID,
				SecurityGroups: lb.SecurityGroups, PublicIP: pub, AssignPublicIP: &public}
			if sm.PrivateIPv4.IsValid() {
				e.PrivateIPs = []netip.Addr{sm.PrivateIPv4}
			}
			switch {
			case sm.IPv6.IsValid():
				e.IPv6Addrs = []netip.Addr{sm.IPv6}
			case lb.IPAddressType.HasIPv6():
				if s, ok := c.n.Subnet(sm.Subnet); ok && s.IPv6CIDR.IsValid() {
					a := s.IPv6CIDR.Masked().Addr()
					for range 4 {
						a = a.Next()
					}
					for taken6[a] {
						a = a.Next()
					}
					taken6[a] = true
					e.IPv6Addrs = []netip.Addr{a}
				}
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
			crossZone: lb.CrossZoneEnabled(), addrType: lb.IPAddressType, legs: new(sync.Map)})
		add(c, lb.ID, lbIdx(i))
	}
}

// compileTargetGroups compiles the target groups and the listeners, once
// the interfaces (the nodes and the targets) exist; then which nodes each
// load balancer's DNS name answers with.
func compileTargetGroups(c *compiler) {
	m := c.m
	if c.fail != nil {
		for id, subnets := range c.fail.idle {
			if l, ok := lookup[lbIdx](m, id); ok {
				for _, s := range subnets {
					m.lbs[l].idle = append(m.lbs[l].idle, indexOf[subnetIdx](c, s))
				}
				slices.Sort(m.lbs[l].idle)
			}
		}
	}
	for l := range m.lbs {
		slices.SortFunc(m.lbs[l].nodes, func(a, b eniIdx) int {
			return cmp.Or(cmp.Compare(m.subnets[m.enis[a].subnet].az, m.subnets[m.enis[b].subnet].az), cmp.Compare(a, b))
		})
	}
	var owners map[string]eniIdx // one more than the first interface of each owner, built when needed
	for i, tg := range sortedBy(c.n.TargetGroups, func(t elb.TargetGroup) string { return t.ID }) {
		x := cTG{idx: tgIdx(i), id: tg.ID, targetType: tg.TargetType.Norm(), proto: tg.Protocol, port: tg.Port, vpc: noVPC, cip: tg.ClientIPPreserved(), crossZone: tg.CrossZone,
			hcProto: tg.HealthCheckProtocol(), hcOn: tg.HealthChecksEnabled()}
		switch hp := tg.HealthCheck.Port; {
		case hp == "" && tg.Protocol == elb.GENEVE:
			x.hcPort = 80
		case hp != "" && hp != elb.TrafficPort:
			x.hcPort, _ = tg.HealthCheckPort(elb.Target{}) // validated
		}
		if tg.VPC != "" {
			x.vpc = indexOf[vpcIdx](c, tg.VPC)
		}
		for _, t := range tg.Targets {
			ct := cTarget{id: t.ID, eni: noENI, subnet: noSubnet, lb: noLB, port: t.Port, allZones: t.AvailabilityZone == elb.AllZones, health: t.Health}
			if !ct.allZones {
				ct.az = t.AvailabilityZone
			}
			if ct.port == 0 {
				ct.port = tg.Port
			}
			switch x.targetType {
			case elb.InstanceTarget:
				if e, ok := lookup[eniIdx](m, t.ID); ok {
					ct.eni = e
				} else {
					if owners == nil {
						owners = m.ownedENIs()
					}
					ct.eni = cmp.Or(owners[t.ID], noENI+1) - 1 // an instance: its first interface
				}
				if ct.eni != noENI {
					ct.addr = m.enis[ct.eni].private[0]
					ct.subnet = m.enis[ct.eni].subnet
				}
			case elb.IPTarget:
				ct.id, ct.addr = t.IP.String(), t.IP
				if x.vpc != noVPC {
					ct.eni = m.eniAt(x.vpc, t.IP)
					ct.subnet = m.subnetAt(x.vpc, t.IP)
				}
			case elb.ALBTarget:
				ct.lb = indexOf[lbIdx](c, t.ID)
				ct.allZones = true
			case elb.LambdaTarget:
				ct.allZones = true
				if t.Health == "" && !tg.HealthChecksEnabled() {
					ct.health = elb.Unavailable // no health checks: AWS reports the function unavailable, and routes to it
				}
			}
			x.targets = append(x.targets, ct)
		}
		slices.SortStableFunc(x.targets, func(a, b cTarget) int { return cmp.Or(cmp.Compare(a.id, b.id), cmp.Compare(a.port, b.port)) })
		for j := range x.targets {
			x.targets[j].idx = int32(j)
		}
		x.note = fmt.Sprintf("target group %s: %s targets on %s:%d", x.id, x.targetType, x.proto, x.port)
		if x.targetType == elb.LambdaTarget {
			x.note = fmt.Sprintf("target group %s: a lambda function, invoked", x.id)
		}
		m.tgs = append(m.tgs, x)
		add(c, tg.ID, tgIdx(i))
	}
	for _, l := range sortedBy(c.n.Listeners, func(l elb.Listener) string { return l.ID }) {
		cl := cListener{id: l.ID, proto: l.Protocol, port: l.Port, label: fmt.Sprintf("listener %s %s:%d", l.ID, l.Protocol, l.Port)}
		for _, r := range l.SortedRules() {
			match, _ := httpmatch.Compile(matchConditions(r.Conditions)) // validated
			cl.rules = append(cl.rules, cLBRule{id: r.ID, priority: r.Priority, conds: r.Conditions, match: match, action: r.Action, forward: c.forwards(r.Action)})
		}
		cl.rules = append(cl.rules, cLBRule{id: "default", action: l.Default, forward: c.forwards(l.Default)})
		for i := range cl.rules {
			cl.rules[i].label = cl.rules[i].name()
			cl.rules[i].head, cl.rules[i].tail = cl.rules[i].describeParts()
		}
		lb := indexOf[lbIdx](c, l.LoadBalancer)
		m.lbs[lb].listeners = append(m.lbs[lb].listeners, cl)
	}
	for l := range m.lbs {
		m.lbs[l].bounds = m.lbBounds(&m.lbs[l])
		m.lbs[l].dns = m.dnsNodes(&m.lbs[l])
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

// lbBounds returns what a load balancer decides on, as rules the access
// analyses split the flow space at (see lbRuleLists): a rule per listener
// protocol and port, and one per CIDR of a source-ip condition.
func (m *Model) lbBounds(L *cLB) []cRule {
	var out []cRule
	for _, li := range L.listeners {
		for _, p := range li.proto.IPProtocols() {
			out = append(out, cRule{proto: int16(p), lo: li.port, hi: li.port, pl: noPL, group: noSG})
		}
		for _, r := range li.rules {
			for _, c := range r.conds {
				for _, p := range c.SourceIPs {
					out = append(out, cRule{proto: anyProto, lo: 0, hi: 0xFFFF, peer: p.Masked(), pl: noPL, group: noSG})
				}
			}
		}
	}
	return out
}

// lbRuleLists gives the access analyses the decisions of load balancer l
// as a rule list: its listeners' protocols and ports, and the CIDRs of its
// rules' source-ip conditions, at which the port and address spaces are
// split (the second list is empty).
func lbRuleLists(m *Model, l int32) [2][]cRule { return [2][]cRule{m.lbs[l].bounds} }

// dnsNodes returns the nodes load balancer L's DNS name answers with: the
// nodes of the healthy zones, those where every target group the
// listeners forward to has a healthy target the node routes to; all of
// them when no zone is healthy (Elastic Load Balancing, "How ELB DNS and
// cross-zone load balancing work": a zone stays in DNS while it has at
// least one healthy target in each target group).
func (m *Model) dnsNodes(L *cLB) []eniIdx {
	var out []eniIdx
	for _, n := range L.nodes {
		healthy := true
		for _, li := range L.listeners {
			for _, r := range li.rules {
				for _, fw := range r.forward {
					if ts, failOpen := m.routableTargets(L, n, &m.tgs[fw.tg]); len(ts) == 0 || failOpen {
						healthy = false
					}
				}
			}
		}
		if healthy {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return L.nodes
	}
	return out
}

// ownedENIs maps each owner of interfaces to one more than the index of
// its first interface (by ID): compile resolves instance targets with it
// in one pass over the interfaces, whatever their number.
func (m *Model) ownedENIs() map[string]eniIdx {
	out := map[string]eniIdx{}
	for i := range m.enis {
		if _, ok := out[m.enis[i].owner]; !ok {
			out[m.enis[i].owner] = eniIdx(i) + 1
		}
	}
	return out
}

// lbDestination returns the node a flow from subnet from (noSubnet for the
// internet) reaches load balancer l at, as its client resolves the load
// balancer's DNS name: among the nodes DNS answers with (with an IPv6
// address for an IPv6 flow), the one in the client's zone, else the first
// in zone order; noENI when none has an address of the family.
func (m *Model) lbDestination(l lbIdx, from subnetIdx, ipv6 bool) eniIdx {
	L := &m.lbs[l]
	first := noENI
	for _, n := range L.dns {
		if ipv6 && len(m.enis[n].ipv6) == 0 {
			continue
		}
		if from != noSubnet && m.sameZone(m.enis[n].subnet, from) {
			return n
		}
		if first == noENI {
			first = n
		}
	}
	return first
}

// lbProxy is the load balancer forwarding function for flow f, whose
// first leg arrived at node e as packet p: the listener, the rule, the
// action, and a leg to each target the request goes to.
func (m *Model) lbProxy(o *outcome, e eniIdx, p pkt, f *flow, trace bool, touched *tableSet, depth int) {
	E := &m.enis[e]
	L := &m.lbs[E.lb]
	if touched != nil {
		touched.add(refOf(E.lb))
	}
	px := f.arena.proxy(L.id, kindLB)
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
		if trace {
			px.steps = []Hop{} // no step, but steps were looked for
		}
		block(NoListener, StepListener, func() string {
			return fmt.Sprintf("%s has no listener on %s", L.id, m.flowDesc(p))
		})
		return
	}
	px.listener = li.id
	rule := &li.rules[len(li.rules)-1]
	if L.typ == elb.Application {
		if f.lbRule > 0 && depth == 0 {
			rule = &li.rules[min(int(f.lbRule)-1, len(li.rules)-1)]
		} else {
			// Rules see the connection's source (source-ip conditions),
			// never an X-Forwarded-For header the request carries.
			req := f.request.matchRequest(p.src)
			for i := range li.rules {
				r := &li.rules[i]
				if r.match == nil || r.match.Match(&req) {
					rule = r
					break
				}
			}
		}
	}
	if trace {
		// The steps: the listener, the rule (Application Load Balancer)
		// and a group per forward.
		px.steps = f.arena.takeHops(2 + len(rule.forward))
		step(StepListener, li.label)
		if L.typ == elb.Application {
			step(StepRule, rule.describe(f.request))
		}
	}
	px.rule = rule.label
	switch rule.action.Type {
	case elb.FixedResponseAction:
		fr := rule.action.FixedResponse
		if trace {
			px.answer = fmt.Sprintf("%d", fr.StatusCode)
			if fr.ContentType != "" {
				px.answer += " " + fr.ContentType
			}
		}
		block(FixedResponse, StepRule, func() string {
			return fmt.Sprintf("%s answers %s with a fixed response %d", rule.describe(f.request), f.request, fr.StatusCode)
		})
		return
	case elb.RedirectAction:
		rd := rule.action.Redirect
		if trace {
			loc, where := m.redirectTarget(L, li, rd, f.request)
			px.answer = fmt.Sprintf("%s %s", redirectStatus(rd.StatusCode), loc)
			block(Redirect, StepRule, func() string {
				return fmt.Sprintf("%s answers %s with a redirect %s to %s%s", rule.describe(f.request), f.request, rd.StatusCode, loc, where)
			})
			return
		}
		block(Redirect, StepRule, nil)
		return
	}
	total, most := 0, 0
	for _, fw := range rule.forward {
		total += fw.weight
		most += max(len(m.tgs[fw.tg].targets), 1)
	}
	px.branches = f.arena.takeBranches(most) // a branch per target, or one for a group without
	var queries []Query                      // the legs' queries, in one array
	if total == 0 {
		block(NoTarget, StepRule, func() string {
			return fmt.Sprintf("%s: every target group has weight 0, so no request is forwarded", rule.describe(f.request))
		})
		return
	}
	for _, fw := range rule.forward {
		G := &m.tgs[fw.tg]
		share := 0
		if total > 0 {
			share = fw.weight * 1000 / total
		}
		if trace {
			what := G.note
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
			b := branchOutcome{tg: G.id, weight: fw.weight, share: share, leg: outcome{status: Blocked, reason: NoTarget}, noTarget: true}
			if trace {
				b.leg.block = Block{Component: L.id, Kind: KindLoadBalancer, Step: StepTargetGroup, Reason: NoTarget,
					Rule: fmt.Sprintf("target group %s %s", G.id, m.noTargetWhy(L, e, G))}
			}
			px.branches = append(px.branches, b)
			continue
		}
		for i := range targets {
			t := &targets[i]
			if queries == nil {
				queries = f.arena.takeQueries(most)
			}
			queries = queries[:len(queries)+1]
			q := &queries[len(queries)-1]
			px.branches = append(px.branches, branchOutcome{tg: G.id, weight: fw.weight, share: share, target: t.id, health: t.health.String(), failOpen: failOpen})
			b := &px.branches[len(px.branches)-1]
			var hasQuery bool
			b.leg, hasQuery = m.lbLeg(L, e, p, G, t, f, trace, touched, depth, q)
			if hasQuery {
				b.query = q
			}
		}
	}
	o.aggregate()
}

// noTargetWhy says why node e of L routes nothing to group G.
func (m *Model) noTargetWhy(L *cLB, e eniIdx, G *cTG) string {
	if len(G.targets) == 0 {
		return "has no registered target"
	}
	enabled := 0
	for i := range G.targets {
		if m.targetEnabled(L, &G.targets[i]) {
			enabled++
		}
	}
	switch {
	case enabled == 0:
		return fmt.Sprintf("has no target in a zone %s enables (targets elsewhere receive no traffic)", L.id)
	case !m.crossZone(L, G):
		for _, t := range G.targets {
			if m.targetEnabled(L, &t) && m.targetInZone(&t, m.enis[e].subnet) {
				return fmt.Sprintf("has no healthy or unhealthy target in %s (the others are %s)", m.subnets[m.enis[e].subnet].az, G.targets[0].health)
			}
		}
		return fmt.Sprintf("has no target in %s, and cross-zone load balancing is off", m.subnets[m.enis[e].subnet].az)
	}
	return "has no target in service: none is healthy or unhealthy (initial, draining or unused targets receive no requests)"
}

// crossZone reports whether L's nodes send group G's traffic across
// zones: the group's setting, else the load balancer's.
func (m *Model) crossZone(L *cLB, G *cTG) bool {
	if G.crossZone != nil {
		return *G.crossZone
	}
	return L.crossZone
}

// targetEnabled reports whether target t is in a zone load balancer L
// enables (has a node in, or had one that a failure took away: the zone
// stays enabled), or serves every zone: AWS sends nothing to
// targets registered in a zone the load balancer does not enable
// (Elastic Load Balancing user guide, "How Elastic Load Balancing works":
// "these registered targets do not receive traffic").
func (m *Model) targetEnabled(L *cLB, t *cTarget) bool {
	if t.allZones || t.subnet == noSubnet && t.az == "" {
		return true
	}
	for _, n := range L.nodes {
		if m.targetInZone(t, m.enis[n].subnet) {
			return true
		}
	}
	for _, s := range L.idle {
		if m.targetInZone(t, s) {
			return true
		}
	}
	return false
}

// targetInZone reports whether target t is in the zone of subnet s (or
// serves every zone).
func (m *Model) targetInZone(t *cTarget, s subnetIdx) bool {
	switch {
	case t.allZones:
		return true
	case t.subnet != noSubnet:
		return m.sameZone(t.subnet, s)
	case t.az != "":
		return t.az == m.subnets[s].az
	}
	return true
}

// routableTargets returns the targets of group G that node e of load
// balancer L sends requests to: of the targets in the zones L enables,
// those in e's zone unless cross-zone load balancing is on (and those
// registered for all zones), the routable ones among them (healthy, or
// without health checks); when none is, the unhealthy ones among them,
// with failOpen set (routing failover: the node sends to all the targets
// available to it, healthy or not; targets still initial, draining or
// unused receive nothing).
func (m *Model) routableTargets(L *cLB, e eniIdx, G *cTG) ([]cTarget, bool) {
	cross := m.crossZone(L, G)
	all := true // the common case: every target routable, shared as is
	for i := range G.targets {
		t := &G.targets[i]
		if !t.health.Routable() || !m.targetEnabled(L, t) || !cross && !m.targetInZone(t, m.enis[e].subnet) {
			all = false
			break
		}
	}
	if all {
		return G.targets, false
	}
	var healthy, unhealthy []cTarget
	for i := range G.targets {
		t := &G.targets[i]
		if !m.targetEnabled(L, t) || !cross && !m.targetInZone(t, m.enis[e].subnet) {
			continue
		}
		switch {
		case t.health.Routable():
			healthy = append(healthy, *t)
		case t.health == elb.Unhealthy:
			unhealthy = append(unhealthy, *t)
		}
	}
	if len(healthy) == 0 && len(unhealthy) > 0 {
		return unhealthy, true
	}
	return healthy, false
}

// lbLeg walks the connection node e of L opens to target t of group G, for
// a flow that arrived at the node as p: from the node's address of the
// target's family, or, when a Network Load Balancer preserves client
// addresses and the client's family is the target's, from the client's
// address and ports (the target then sees them, rules naming the load
// balancer's security groups still match, and the reply returns to the
// node). A client of the other family (IPv6 to an IPv4 target) is
// translated: the target sees the node's address.
//
// It writes the leg's query into *q and reports whether the leg has one
// (not for a Lambda function, invoked without a network path, nor when no
// connection opens). The leg's hops may be the ones cachedLeg keeps:
// resultWriter copies every hop it hands out.
func (m *Model) lbLeg(L *cLB, e eniIdx, p pkt, G *cTG, t *cTarget, f *flow, trace bool, touched *tableSet, depth int, q *Query) (o outcome, hasQuery bool) {
	E := &m.enis[e]
	if G.targetType == elb.LambdaTarget {
		return outcome{status: Reachable}, false
	}
	proto := vpcProtocol(p.proto)
	if ps := G.proto.IPProtocols(); !slices.Contains(ps, proto) && len(ps) > 0 {
		proto = ps[0]
	}
	to, dst := t.eni, t.addr
	if t.lb != noLB {
		to = m.lbDestination(t.lb, E.subnet, false)
		if to == noENI {
			return outcome{status: Blocked, reason: NoTarget}, false
		}
		dst = m.enis[to].private[0]
	}
	src := E.private[0]
	if dst.Is6() {
		if len(E.ipv6) == 0 {
			o := outcome{status: Blocked, reason: UnknownDestination}
			if trace {
				o.block = Block{Component: E.id, Kind: KindInterface, Step: StepTargetGroup, Reason: UnknownDestination,
					Rule: fmt.Sprintf("%s has no IPv6 address to reach IPv6 target %s from", E.id, dst)}
			}
			return o, false
		}
		src = E.ipv6[0]
	}
	// PrivateLink traffic, and an IPv6 client of an IPv4 target: the
	// node's address.
	cip := G.cip && L.typ == elb.Network && p.src.Is4() == dst.Is4() && !f.privateLink
	if cip {
		src = p.src
	}
	g := m.legFlow(e, src, dst, to, uint8(proto), t.port)
	g.request = f.request
	if cip {
		g.slo, g.shi = p.slo, p.shi
		g.member = int32(e) + 1
		g.srcVPC = noVPC
		g.returnTo = e
	}
	*q = Query{From: ENIAddr(E.id, E.private[0]), To: Address(dst), Protocol: proto, Port: t.port, Request: f.request, IPv6: dst.Is6()}
	if dst.Is6() {
		q.From = ENIAddr(E.id, E.ipv6[0])
	}
	if to != noENI {
		q.To = ENIAddr(m.enis[to].id, dst)
	}
	if t.lb != noLB {
		q.To = LoadBalancer(m.lbs[t.lb].id)
	}
	if touched == nil && !cip && t.lb == noLB && (to == noENI || m.enis[to].lb == noLB) {
		// The leg depends on nothing but the node, the target and the
		// protocol: neither the client, nor the request (its target is
		// no load balancer), nor the tables the analyses collect.
		return m.cachedLeg(L, legKey{node: e, tg: G.idx, t: t.idx, proto: uint8(proto)}, &g, trace, depth), true
	}
	if cip && to != noENI && m.enis[to].has(src) {
		// NLB guide, "Edit target group attributes": with client IP
		// preservation on, a target connecting to itself through the
		// load balancer (hairpinning) fails: it sees its own address as
		// the source.
		o := outcome{status: Blocked, reason: Hairpin}
		if trace {
			o.block = Block{Component: m.enis[to].id, Kind: KindInterface, Step: StepTargetGroup, Reason: Hairpin,
				Rule: fmt.Sprintf("%s is the client and the target: with client IP preservation it receives its own address %s as the source, and the connection fails (turn preservation off, or connect to the target directly)", m.enis[to].id, src)}
		}
		return o, true
	}
	if trace {
		return m.legExplained(f.arena, &g, touched, depth+1), true
	}
	return m.evaluateDepth(&g, false, touched, depth+1), true
}

// redirectTarget returns the location a redirect sends request req to,
// from listener li of L, and, when it keeps the request's host (the load
// balancer itself), which listener of L takes it.
func (m *Model) redirectTarget(L *cLB, li *cListener, rd *elb.Redirect, req *HTTPRequest) (string, string) {
	orDefault := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	host := "#{host}"
	path := strings.TrimPrefix(req.path(), "/")
	query := ""
	if req != nil {
		if req.Host != "" {
			host, _, _ = strings.Cut(req.Host, ":")
		}
		query = req.Query
	}
	sub := strings.NewReplacer("#{protocol}", strings.ToLower(string(li.proto)), "#{host}", host, "#{port}", fmt.Sprint(li.port),
		"#{path}", path, "#{query}", query)
	proto := strings.ToLower(sub.Replace(orDefault(rd.Protocol, "#{protocol}")))
	newHost := sub.Replace(orDefault(rd.Host, "#{host}"))
	port := sub.Replace(orDefault(rd.Port, "#{port}"))
	newPath := sub.Replace(orDefault(rd.Path, "/#{path}"))
	newQuery := sub.Replace(orDefault(rd.Query, "#{query}"))
	loc := fmt.Sprintf("%s://%s:%s%s", proto, newHost, port, newPath)
	if newQuery != "" {
		loc += "?" + newQuery
	}
	if newHost != host {
		return loc, ""
	}
	for _, x := range L.listeners {
		if fmt.Sprint(x.port) == port {
			if strings.EqualFold(string(x.proto), proto) {
				return loc, fmt.Sprintf(" (%s's listener %s takes it)", L.id, x.id)
			}
			return loc, fmt.Sprintf(" (%s's listener %s on port %s speaks %s, not %s)", L.id, x.id, port, x.proto, strings.ToUpper(proto))
		}
	}
	return loc, fmt.Sprintf(" (%s has no listener on port %s: the redirect leads nowhere)", L.id, port)
}

// redirectStatus returns the HTTP status of a redirect code.
func redirectStatus(c elb.RedirectCode) string {
	if c == elb.Temporary {
		return "302"
	}
	return "301"
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

// name names a rule: "default", or its priority and ID ("10 (api)").
func (r *cLBRule) name() string {
	switch {
	case r.priority == 0:
		return "default"
	case r.id != "":
		return fmt.Sprintf("%d (%s)", r.priority, r.id)
	}
	return fmt.Sprint(r.priority)
}

// describe names a rule and what it does with request req: "rule 10
// (api) [path-pattern /api/*] matches GET /api/orders: forward to tg-api
// (weight 1)". It writes the text once, around the request, from the
// parts compile computed.
func (r *cLBRule) describe(req *HTTPRequest) string {
	const matches = " matches "
	var b strings.Builder
	b.Grow(len(r.head) + len(matches) + requestLen(req) + len(r.tail))
	b.WriteString(r.head)
	b.WriteString(matches)
	writeRequest(&b, req)
	b.WriteString(r.tail)
	return b.String()
}

// requestLen is the length of req.String(); writeRequest writes it.
func requestLen(req *HTTPRequest) int {
	n := len(req.method()) + 1 + len(req.path())
	if req != nil {
		n += len(req.Host)
		if req.Query != "" {
			n += 1 + len(req.Query)
		}
	}
	return n
}

func writeRequest(b *strings.Builder, req *HTTPRequest) {
	b.WriteString(req.method())
	b.WriteByte(' ')
	if req != nil {
		b.WriteString(req.Host)
	}
	b.WriteString(req.path())
	if req != nil && req.Query != "" {
		b.WriteByte('?')
		b.WriteString(req.Query)
	}
}

// describeParts returns the text describe writes before the request (the
// rule and its conditions) and after it (its action).
func (r *cLBRule) describeParts() (head, tail string) {
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
	head = b.String()
	switch r.action.Type {
	case elb.ForwardAction:
		var fs []string
		for _, w := range r.action.Forward {
			fs = append(fs, fmt.Sprintf("%s (weight %d)", w.TargetGroup, max(w.Weight, boolInt(len(r.action.Forward) == 1))))
		}
		tail = ": forward to " + strings.Join(fs, ", ")
	default:
		tail = fmt.Sprintf(": %s", r.action.Type)
	}
	return head, tail
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

// lbLabel describes a load balancer: its ID, its type and scheme, its
// listeners.
func lbLabel(m *Model, l int32) []string {
	L := &m.lbs[l]
	scheme := "internet-facing"
	if L.internal {
		scheme = "internal"
	}
	out := []string{L.id, fmt.Sprintf("%s load balancer, %s", L.typ, scheme)}
	var ls []string
	for _, li := range L.listeners {
		if li.port == 0 {
			ls = append(ls, "GENEVE")
			continue
		}
		ls = append(ls, fmt.Sprintf("%s:%d", li.proto, li.port))
	}
	if len(ls) > 0 {
		out = append(out, "listeners "+strings.Join(ls, ", "))
	}
	return out
}

func lbPlace(m *Model, l int32) (vpcIdx, subnetIdx) { return m.lbs[l].vpc, noSubnet }

// legKey names a leg a load balancer node opens: the node, the target
// group, the target's index in it and the IP protocol.
type legKey struct {
	node  eniIdx
	tg    tgIdx
	t     int32
	proto uint8
}

// cachedLeg returns the outcome of leg g, which depends only on key (no
// client address, request or table collection): evaluated with its
// explanation the first time any query needs it, then kept in L.legs.
// The model stays safe for concurrent use: two goroutines may evaluate
// the same leg, and keep the first result. A traced caller gets the kept
// hops, which it must not change (resultWriter copies the hops it hands
// out); an untraced one gets the verdict and block without them.
func (m *Model) cachedLeg(L *cLB, key legKey, g *flow, trace bool, depth int) outcome {
	v, ok := L.legs.Load(key)
	if !ok {
		o := m.legExplained(nil, g, nil, depth+1)
		v, _ = L.legs.LoadOrStore(key, &o)
	}
	o := *v.(*outcome)
	if !trace {
		o.path, o.reply = nil, nil
	}
	return o
}
