package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/vpcsim/vpcsim/internal/httpmatch"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/policy"
)

// This file holds VPC Lattice's compile step, its forwarding function
// (lattice: a request arriving from a client VPC through its association,
// or a reply from a target returning to Lattice) and its proxy (the
// listener, auth policies, rules, target groups and the legs to targets).
// See kind_lattice.go for the model.

// compileLattice compiles the Lattice declarations: networks, VPC
// associations (each VPC remembers its one), services with their
// listeners and rules and their active network associations, and target
// groups with their targets resolved. Services get link-local addresses
// in ID order: 169.254.171.1 onward (wrapping after .254) and the IPv6
// address that embeds them, as Lattice's own answers do.
func compileLattice(c *compiler) {
	m, n := c.m, c.n
	for i, x := range sortedBy(n.ServiceNetworks, func(x lattice.ServiceNetwork) string { return x.ID }) {
		pol := compileAuthPolicy(x.AuthPolicy, "auth policy of "+x.ID)
		region := cmp.Or(x.Region, lattice.DefaultRegion)
		arn := latticeARN(region, x.Account, "servicenetwork", x.ID)
		m.sns = append(m.sns, cSN{id: x.ID, account: x.Account, region: region, iam: x.AuthType.IsIAM(), policy: pol, arns: []string{arn}})
		add(c, x.ID, snIdx(i))
	}
	for i, x := range sortedBy(n.ServiceNetworkVPCAssociations, func(x lattice.ServiceNetworkVPCAssociation) string { return x.ID }) {
		a := cSNVA{ruleTexts: new(sync.Map), id: x.ID, sn: indexOf[snIdx](c, x.ServiceNetwork), vpc: indexOf[vpcIdx](c, x.VPC), carries: x.Status.Carries(),
			privateDNS: x.PrivateDNS(), pref: lattice.DNSVerifiedDomainsOnly}
		if x.DNSOptions != nil {
			a.pref = cmp.Or(x.DNSOptions.PrivateDNSPreference, lattice.DNSVerifiedDomainsOnly)
			a.specified = slices.Clone(x.DNSOptions.SpecifiedDomains)
		}
		for _, g := range x.SecurityGroups {
			a.sgs = append(a.sgs, indexOf[sgIdx](c, g))
		}
		slices.Sort(a.sgs)
		m.snvas = append(m.snvas, a)
		add(c, x.ID, snvaIdx(i))
		m.vpcs[a.vpc].snva = snvaIdx(i)
	}
	owned := ownerIndex(m)
	for i, x := range sortedBy(n.LatticeTargetGroups, func(x lattice.TargetGroup) string { return x.ID }) {
		g := cLTG{id: x.ID, typ: x.Type, proto: x.Protocol, vpc: noVPC, hc: x.HealthChecksEnabled(), checks: new(healthChecks), legs: new(latticeLegs)}
		if x.VPC != "" {
			g.vpc = indexOf[vpcIdx](c, x.VPC)
		}
		if g.hc && x.HealthCheck != nil && x.HealthCheck.Port != 0 {
			g.hcPort = x.HealthCheck.Port
		}
		for _, t := range x.Targets {
			ct := cLTarget{id: t.ID, eni: noENI, lb: noLB, port: x.TargetPort(t), health: t.Health}
			switch x.Type {
			case lattice.TargetInstance:
				if e, ok := lookup[eniIdx](m, t.ID); ok {
					ct.eni = e
				} else if es := owned[t.ID]; len(es) > 0 {
					ct.eni = es[0]
				}
				if ct.eni != noENI {
					ct.addr = m.enis[ct.eni].private[0]
				}
			case lattice.TargetIP:
				ct.id, ct.addr = t.IP.String(), t.IP
				ct.eni = m.eniAt(g.vpc, t.IP)
			case lattice.TargetALB:
				ct.lb = indexOf[lbIdx](c, t.ID)
			}
			g.targets = append(g.targets, ct)
		}
		slices.SortStableFunc(g.targets, func(a, b cLTarget) int { return cmp.Compare(a.id, b.id) })
		m.ltgs = append(m.ltgs, g)
		add(c, x.ID, ltgIdx(i))
	}
	for i, x := range sortedBy(n.LatticeServices, func(x lattice.Service) string { return x.ID }) {
		s := cSvc{id: x.ID, name: x.Name, account: x.Account, region: cmp.Or(x.Region, lattice.DefaultRegion), dns: x.DomainName(),
			custom: x.CustomDomainName, iam: x.AuthType.IsIAM(), policy: compileAuthPolicy(x.AuthPolicy, "auth policy of "+x.ID)}
		s.arn = latticeARN(s.region, s.account, "service", s.id)
		s.arns = []string{s.arn}
		b := latticePrefix4.Addr().As4()
		b[3] = byte(1 + i%254)
		s.addr4 = netip.AddrFrom4(b)
		b6 := latticePrefix6.Addr().As16()
		copy(b6[12:], b[:])
		s.addr6 = netip.AddrFrom16(b6)
		for _, l := range sortedBy(x.Listeners, func(l lattice.Listener) string { return l.ID }) {
			cl := cLListener{id: l.ID, proto: l.Protocol, port: l.EffectivePort()}
			cl.ports = []string{strconv.Itoa(int(cl.port))}
			cl.desc = fmt.Sprintf("listener %s %s:%d", cl.id, cl.proto, cl.port)
			rules := slices.Clone(l.Rules)
			slices.SortStableFunc(rules, func(a, b lattice.Rule) int { return cmp.Compare(a.Priority, b.Priority) })
			for _, r := range rules {
				match, _ := httpmatch.CompileLattice(latticeConditions(r.Match)) // validated
				cl.rules = append(cl.rules, c.latticeRule(r.ID, r.Priority, match, matchString(r.Match), r.Action))
			}
			cl.rules = append(cl.rules, c.latticeRule("default", 0, nil, "", l.DefaultAction))
			s.listeners = append(s.listeners, cl)
		}
		slices.SortFunc(s.listeners, func(a, b cLListener) int { return cmp.Compare(a.port, b.port) })
		for _, l := range s.listeners {
			s.portRules = append(s.portRules, portRule(l.port, l.port, "listener "+l.id))
		}
		m.svcs = append(m.svcs, s)
		add(c, x.ID, svcIdx(i))
	}
	for _, a := range n.ServiceNetworkServiceAssociations {
		if a.Status.Carries() {
			s := indexOf[svcIdx](c, a.Service)
			m.svcs[s].nets = append(m.svcs[s].nets, indexOf[snIdx](c, a.ServiceNetwork))
		}
	}
	for i := range m.svcs {
		slices.Sort(m.svcs[i].nets)
		m.svcs[i].nets = slices.Compact(m.svcs[i].nets)
	}
	if len(m.svcs) > 0 {
		m.callers = latticeCandidates(n)
	}
}

// ownerIndex maps each interface owner to its interfaces, by ID (the
// order of Model.enis).
func ownerIndex(m *Model) map[string][]eniIdx {
	out := map[string][]eniIdx{}
	for i := range m.enis {
		if o := m.enis[i].owner; o != "" {
			out[o] = append(out[o], eniIdx(i))
		}
	}
	return out
}

// compileAuthPolicy compiles a validated auth policy (nil when none).
func compileAuthPolicy(doc []byte, name string) *policy.Policy {
	if len(doc) == 0 {
		return nil
	}
	d, err := policy.Parse(doc)
	if err != nil {
		return nil
	}
	p, _ := d.Compile(name)
	return p
}

// latticeRule compiles one rule (priority 0 for the default).
func (c *compiler) latticeRule(id string, prio int, match *httpmatch.LatticeMatcher, conds string, a lattice.Action) cLRule {
	r := cLRule{id: id, priority: prio, match: match, conds: conds}
	switch {
	case a.FixedResponse != nil:
		r.fixed = a.FixedResponse.StatusCode
	case a.Forward != nil:
		for i, w := range a.Forward.EffectiveWeights() {
			r.forward = append(r.forward, cLForward{tg: indexOf[ltgIdx](c, a.Forward.TargetGroups[i].TargetGroup), weight: w})
		}
	}
	// The explanation around the request: "rule 10 (id) [conds]" and
	// ": forward to tg-a (weight 90), tg-b (weight 10)".
	if prio == 0 {
		r.head = "default rule"
	} else {
		r.head = "rule " + strconv.Itoa(prio)
		if id != "" {
			r.head += " (" + id + ")"
		}
		r.head += " [" + conds + "]"
	}
	if r.fixed != 0 {
		r.tail = ": fixed response " + strconv.Itoa(r.fixed)
	} else {
		var fs []string
		for _, fw := range r.forward {
			fs = append(fs, fmt.Sprintf("%s (weight %d)", c.m.ltgs[fw.tg].id, fw.weight))
		}
		r.tail = ": forward to " + strings.Join(fs, ", ")
	}
	return r
}

// matchString formats a rule's match: "method POST and path prefix
// /charge and header x-tenant exact acme".
func matchString(m lattice.HTTPMatch) string {
	var parts []string
	if m.Method != "" {
		parts = append(parts, "method "+m.Method)
	}
	if m.PathMatch != nil {
		t, v := m.PathMatch.Type()
		parts = append(parts, fmt.Sprintf("path %s %s", t, v))
	}
	for _, h := range m.HeaderMatches {
		t, v := h.Type()
		parts = append(parts, fmt.Sprintf("header %s %s %s", h.Name, t, v))
	}
	if len(parts) == 0 {
		return "every request"
	}
	return strings.Join(parts, " and ")
}

// latticeService returns the service a name names: its ID, its DNS name
// (generated or declared) or its custom domain name.
func (m *Model) latticeService(name string) (svcIdx, bool) {
	if s, ok := lookup[svcIdx](m, name); ok {
		return s, true
	}
	for i := range m.svcs {
		if strings.EqualFold(m.svcs[i].dns, name) || m.svcs[i].custom != "" && strings.EqualFold(m.svcs[i].custom, name) {
			return svcIdx(i), true
		}
	}
	return noSvc, false
}

// lattice is the VPC Lattice forwarding function for a packet that left
// subnet s for one of Lattice's addresses. A request (the first leg) must
// come through the client VPC's service network association, whose
// network holds the service or resource configuration, and pass the
// association's security groups; it then arrives at Lattice. A reply of
// a leg Lattice opened to a target returns to it.
func (w *walker) lattice(s subnetIdx, p pkt) {
	m := w.m
	S := &m.subnets[s]
	if w.reply || w.goal.lattice && w.goal.svc == noSvc && w.goal.rcfg == 0 {
		w.hop(kindLatticeService, "vpc-lattice", StepDeliver, func() string { return "back to VPC Lattice" }, p)
		w.ok, w.atLattice, w.atENI, w.atSubnet, w.final = true, true, noENI, noSubnet, p
		return
	}
	V := &m.vpcs[S.vpc]
	if !w.goal.lattice {
		w.fail(UnknownDestination, kindLatticeService, "vpc-lattice", StepDeliver, func() string {
			return fmt.Sprintf("%s is a VPC Lattice address, not the destination", p.dst)
		})
		return
	}
	// What the request is for: a service, or a resource configuration.
	k, id, what := kindLatticeService, "", ""
	var holds func(snIdx) bool
	if w.goal.rcfg != 0 {
		R := &m.rcfgs[w.goal.rcfg-1]
		k, id, what = kindResourceConfiguration, R.id, "the resource configuration"
		holds = R.heldBy
	} else {
		svc := &m.svcs[w.goal.svc]
		k, id, what = kindLatticeService, svc.id, "the service"
		holds = func(n snIdx) bool { return slices.Contains(svc.nets, n) }
	}
	if V.snva == noSNVA {
		w.fail(LatticeNoAssociation, k, id, StepLatticeAssociation, func() string {
			return fmt.Sprintf("%s is associated with no service network: associate it with one that holds %s (a VPC reaches other networks through service-network endpoints)", V.id, id)
		})
		return
	}
	A := &m.snvas[V.snva]
	N := &m.sns[A.sn]
	switch {
	case !A.carries:
		w.fail(LatticeNoAssociation, k, id, StepLatticeAssociation, func() string {
			return fmt.Sprintf("%s, which associates %s with %s, is not active", A.id, V.id, N.id)
		})
		return
	case !holds(A.sn):
		w.fail(LatticeNoAssociation, k, id, StepLatticeAssociation, func() string {
			return fmt.Sprintf("%s is associated with %s (%s), which does not hold %s: associate %s with the network", V.id, N.id, A.id, id, what)
		})
		return
	}
	if len(A.sgs) > 0 {
		for _, g := range A.sgs {
			w.touch(refOf(g))
		}
		g, ri := m.sgMatch(A.sgs, false, p.src, p.srcVPC, p)
		if g == noSG {
			w.fail(LatticeAssociationSG, k, id, StepLatticeAssociation, func() string {
				return m.sgBlockText(A.sgs, false, p, p.src) + " (the security groups of " + A.id + ")"
			})
			return
		}
		w.hopRef(k, id, StepLatticeAssociation, m.sgRef(g, false, ri), func() string {
			key := sgRuleKey{g, int32(ri)}
			if t, ok := A.ruleTexts.Load(key); ok {
				return t.(string)
			}
			t, _ := A.ruleTexts.LoadOrStore(key, fmt.Sprintf("%s (%s -> %s): %s", A.id, V.id, N.id, m.sgRuleString(g, false, ri)))
			return t.(string)
		}, p)
	} else {
		w.hop(k, id, StepLatticeAssociation, func() string {
			return fmt.Sprintf("%s (%s -> %s), which holds %s", A.id, V.id, N.id, id)
		}, p)
	}
	w.ok, w.atLattice, w.atENI, w.atSubnet, w.final = true, true, noENI, noSubnet, p
}

// latticeArrived hands a flow that arrived at VPC Lattice to what it is
// for: a service's proxy, or a resource configuration's.
func (m *Model) latticeArrived(o *outcome, f *flow, p pkt, trace bool, touched *tableSet, depth int) {
	switch {
	case f.goal.rcfg != 0:
		m.resourceProxy(o, f, p, trace, touched, depth)
	case f.goal.svc != noSvc:
		m.latticeProxy(o, f, p, trace, touched, depth)
	}
}

// fromLattice starts a leg Lattice opens to the interface of goal (a
// target, or a load balancer node): it enters the interface's subnet
// through its network ACL, without a route table.
func (w *walker) fromLattice(p pkt) {
	m := w.m
	e := w.goal.eni
	if e == noENI {
		w.fail(UnknownDestination, kindLatticeService, "vpc-lattice", StepDeliver, func() string {
			return fmt.Sprintf("no interface holds %s", p.dst)
		})
		return
	}
	w.hop(kindLatticeService, "vpc-lattice", StepLatticeTarget, func() string { return "from VPC Lattice's address, no route table" }, p)
	w.enter(m.enis[e].subnet, p, e, noSubnet)
}

// latticeProxy is the Lattice service forwarding function for flow f,
// whose first leg arrived at Lattice as packet p: the listener, the auth
// policies, the rule, and a leg to each target the request goes to.
//
// Text is formatted only when tracing. A target group's health checks,
// and the legs to its targets that depend on nothing but the target, are
// walked once and kept (latticeGroup, latticeLegs): a request walks its
// own first leg, evaluates its policies and matches its rule, and the
// answer's resultWriter copies the kept legs' hops.
func (m *Model) latticeProxy(o *outcome, f *flow, p pkt, trace bool, touched *tableSet, depth int) {
	S := &m.svcs[f.goal.svc]
	if touched != nil {
		touched.add(refOf(f.goal.svc))
	}
	px := f.arena.proxy(S.id, kindLatticeService)
	o.proxy = px
	var pk Packet // the packet every step shows (traced only)
	if trace {
		pk = m.exportPacket(p)
	}
	// step records a decision; call it only when tracing.
	step := func(s Step, rule string) {
		px.steps = append(px.steps, Hop{Component: S.id, Kind: KindLatticeService, Step: s, Rule: rule, Packet: pk})
	}
	block := func(r Reason, s Step, rule func() string) {
		o.status, o.reason = Blocked, r
		if trace {
			o.block = Block{Component: S.id, Kind: KindLatticeService, Step: s, Reason: r, Rule: rule()}
		}
	}
	var li *cLListener
	for i := range S.listeners {
		if x := &S.listeners[i]; x.port == p.dlo && p.proto == protoTCP {
			li = x
			break
		}
	}
	if li == nil {
		block(NoListener, StepListener, func() string { return fmt.Sprintf("%s has no listener on %s", S.id, m.flowDesc(p)) })
		return
	}
	// The rule the request matches. The auth policies decide before it
	// does; matching first changes nothing, and sizes the steps.
	rule := &li.rules[len(li.rules)-1]
	for i := range li.rules {
		r := &li.rules[i]
		if r.match == nil || r.match.Match(f.request.method(), f.request.path(), requestHeader(f.request)) {
			rule = r
			break
		}
	}
	if trace {
		px.steps = f.arena.takeHops(4 + len(rule.forward)) // listener, two policies, rule, groups
		step(StepListener, li.desc)
	}
	// Auth: the network's policy, then the service's, when AWS_IAM.
	cv, N := m.latticeEntry(f) // the association's or the endpoint's (kind_lattice_endpoint.go)
	client := &m.vpcs[cv]
	switch {
	case f.caller == anyCaller:
		if trace && (S.iam || N.iam) {
			step(StepAuthPolicy, "the auth policies decide per caller (see Reacher.Callers)")
		}
	case N.iam || S.iam:
		req := m.latticeRequest(f, S, N, li, client.id, client.account)
		for lvl := range 2 {
			a := latticeAuthLevel(S, N, lvl)
			if !a.iam {
				continue
			}
			var d policy.Decision
			if a.pol != nil {
				d = a.pol.Evaluate(req)
			}
			if d.Outcome != policy.Allowed {
				o.status, o.reason = Blocked, AuthDenied
				if trace {
					why := fmt.Sprintf("%s %s: %s", a.scope, a.id, d)
					if a.pol == nil {
						why = fmt.Sprintf("%s %s uses AWS_IAM with no auth policy, which denies every request", a.scope, a.id)
					}
					o.block = Block{Component: S.id, Kind: KindLatticeService, Step: StepAuthPolicy, Reason: AuthDenied, Rule: why}
				}
				return
			}
			if trace {
				step(StepAuthPolicy, a.scope+" "+a.id+": "+d.String())
			}
		}
	}
	if trace {
		step(StepRule, rule.describe(m, f.request))
	}
	if rule.fixed != 0 {
		block(FixedResponse, StepRule, func() string { return rule.describe(m, f.request) })
		return
	}
	total, most := 0, 0
	for _, fw := range rule.forward {
		total += fw.weight
		most += max(len(m.ltgs[fw.tg].targets), 1)
	}
	if total == 0 {
		block(NoTarget, StepRule, func() string {
			return fmt.Sprintf("%s gives every target group weight 0", rule.describe(m, f.request))
		})
		return
	}
	px.branches = f.arena.takeBranches(most) // a branch per target, or one for a group without
	var qs []Query                           // the kept legs' queries, in one array (traced only)
	if trace {
		qs = f.arena.takeQueries(most)
	}
	for _, fw := range rule.forward {
		G := &m.ltgs[fw.tg]
		// A group of positive weight gets requests however small its
		// share: at least one thousandth, so that it counts.
		share := fw.weight * 1000 / total
		if fw.weight > 0 && share == 0 {
			share = 1
		}
		if len(G.targets) == 0 {
			// Requests go to one group by weight: this group's share
			// fails, the other groups' do not (as for load balancers).
			b := branchOutcome{tg: G.id, weight: fw.weight, share: share, leg: outcome{status: Blocked, reason: NoTarget}, noTarget: true}
			if trace {
				why := "target group " + G.id + " has no registered target"
				step(StepTargetGroup, why)
				b.leg.block = Block{Component: S.id, Kind: KindLatticeService, Step: StepTargetGroup, Reason: NoTarget, Rule: why}
			}
			px.branches = append(px.branches, b)
			continue
		}
		hc := m.latticeGroup(G)
		if touched != nil {
			for _, ts := range hc.tables {
				for _, r := range ts {
					touched.add(r)
				}
			}
		}
		routable := hc.routable
		if trace {
			step(StepTargetGroup, hc.summary)
		}
		for i := range G.targets {
			t := &G.targets[i]
			why := m.latticeHealth(G, i, nil) // known now, kept
			h := cmp.Or(why, t.health.String())
			if routable > 0 && why != "" {
				if trace {
					px.branches = append(px.branches, branchOutcome{tg: G.id, weight: fw.weight, target: t.id, health: h, idle: true,
						query: nil, leg: outcome{status: Blocked, reason: NoTarget}})
				}
				continue
			}
			b := branchOutcome{tg: G.id, weight: fw.weight, share: share, target: t.id, health: h, failOpen: routable == 0}
			if L := m.latticeLegs(G); L.cached[i] {
				b.leg = L.legs[i]
				if touched != nil {
					for _, r := range L.tables[i] {
						touched.add(r)
					}
				}
				if trace {
					qs = append(qs, m.latticeLegQuery(t, f.request))
					b.query = &qs[len(qs)-1]
				} else {
					// Untraced, a leg carries no query, hops nor block.
					b.leg.path, b.leg.reply, b.leg.block = nil, nil, Block{}
				}
			} else {
				b.query, b.leg = m.latticeLeg(S, G, *t, f, trace, touched, depth)
			}
			px.branches = append(px.branches, b)
		}
	}
	o.aggregate()
}

// latticeHealth returns "" for a target Lattice routes to, or why it does
// not: its declared health, or its health check failing because the path
// from Lattice to the target on the health-check port is blocked (the
// target's security groups and network ACL must admit Lattice's addresses
// on that port too).
//
// A health check's outcome depends on the model alone, so each group's are
// computed once, on first use, and kept (latticeGroup); an analysis
// collecting the rules a flow touches (touched non-nil) walks them again
// to see those rules.
func (m *Model) latticeHealth(G *cLTG, i int, touched *tableSet) string {
	t := G.targets[i]
	if !t.health.Routable() {
		return t.health.String()
	}
	if !G.hc || t.eni == noENI {
		return ""
	}
	if touched != nil {
		return m.latticeHealthCheck(G, t, touched)
	}
	return m.latticeGroup(G).why[i]
}

// latticeGroup returns the health of group G's targets, computed on first
// use: why each fails its check, the tables each check consulted, how
// many targets Lattice routes to, and the group's step text.
func (m *Model) latticeGroup(G *cLTG) *healthChecks {
	c := G.checks
	c.once.Do(func() {
		c.why = make([]string, len(G.targets))
		c.tables = make([][]ref, len(G.targets))
		for k, x := range G.targets {
			switch {
			case !x.health.Routable():
				continue
			case G.hc && x.eni != noENI:
				var ts tableSet
				c.why[k] = m.latticeHealthCheck(G, x, &ts)
				c.tables[k] = ts.list
			}
			if c.why[k] == "" {
				c.routable++
			}
		}
		c.summary = fmt.Sprintf("target group %s: %d of %d targets healthy", G.id, c.routable, len(G.targets))
	})
	return c
}

// latticeHealthCheck walks the health check of target t.
func (m *Model) latticeHealthCheck(G *cLTG, t cLTarget, touched *tableSet) string {
	port := cmp.Or(G.hcPort, t.port)
	g := m.latticeLegFlow(G, t, port)
	if o := m.evaluateDepth(&g, false, touched, maxProxyDepth); o.status != Reachable {
		return fmt.Sprintf("UNHEALTHY (health checks on port %d are blocked: %s)", port, o.reason)
	}
	return ""
}

// latticeLegFlow builds the flow of a leg from Lattice to target t.
func (m *Model) latticeLegFlow(G *cLTG, t cLTarget, port uint16) flow {
	src := latticePrefix4.Addr().Next()
	if t.addr.Is6() {
		src = latticePrefix6.Addr().Next()
	}
	return flow{src: src, srcENI: noENI, srcNet: noSubnet, srcVPC: noVPC, fromLattice: true, dst: t.addr,
		goal: goal{eni: t.eni, subnet: noSubnet, addr: t.addr, svc: noSvc}, proto: protoTCP, dlo: port, dhi: port, slo: 1024, shi: 65535, returnTo: noENI}
}

// latticeLegCacheable reports whether the leg from Lattice to target t of
// G depends on nothing but the target: not on the client, nor on the
// request (which an ALB target's rules, or a load balancer or endpoint
// service behind the target's interface, would see). A Lambda target has
// no leg.
func (m *Model) latticeLegCacheable(G *cLTG, t *cLTarget) bool {
	if G.typ == lattice.TargetLambda || t.lb != noLB {
		return false
	}
	return t.eni == noENI || m.enis[t.eni].lb == noLB && !m.isPrivateLink(t.eni)
}

// latticeLegs returns the legs from Lattice to group G's targets that
// depend on nothing but the target, walked with their explanation on
// first use, with the tables each consulted; a request copies the hops it
// shows, and an analysis collecting tables adds the leg's.
func (m *Model) latticeLegs(G *cLTG) *latticeLegs {
	L := G.legs
	L.once.Do(func() {
		n := len(G.targets)
		L.cached, L.legs, L.tables = make([]bool, n), make([]outcome, n), make([][]ref, n)
		for k := range G.targets {
			t := &G.targets[k]
			if !m.latticeLegCacheable(G, t) {
				continue
			}
			g := m.latticeLegFlow(G, *t, t.port)
			var ts tableSet
			L.legs[k] = m.legExplained(nil, &g, &ts, 1)
			L.tables[k], L.cached[k] = ts.list, true
		}
	})
	return L
}

// latticeLegQuery is the query of the leg from Lattice to target t (not
// an ALB), carrying the client's request.
func (m *Model) latticeLegQuery(t *cLTarget, req *HTTPRequest) Query {
	src := latticePrefix4.Addr().Next()
	if t.addr.Is6() {
		src = latticePrefix6.Addr().Next()
	}
	q := Query{From: Address(src), To: Address(t.addr), Port: t.port, Request: req}
	if t.eni != noENI {
		q.To = ENIAddr(m.enis[t.eni].id, t.addr)
	}
	return q
}

// latticeLeg walks the connection Lattice opens to target t of group G: a
// Lambda function is invoked without a network path; an ALB target is
// reached at its node, whose rules then apply; other targets are reached
// from Lattice's address.
func (m *Model) latticeLeg(S *cSvc, G *cLTG, t cLTarget, f *flow, trace bool, touched *tableSet, depth int) (*Query, outcome) {
	if G.typ == lattice.TargetLambda {
		return nil, outcome{status: Reachable}
	}
	if t.lb != noLB {
		t.eni = m.lbs[t.lb].nodes[0]
		t.addr = m.enis[t.eni].private[0]
	}
	g := m.latticeLegFlow(G, t, t.port)
	g.request = f.request
	q := Query{From: Address(g.src), To: Address(t.addr), Port: t.port, Request: f.request}
	switch {
	case t.lb != noLB:
		q.To = LoadBalancer(m.lbs[t.lb].id)
	case t.eni != noENI:
		q.To = ENIAddr(m.enis[t.eni].id, t.addr)
	}
	qs := append(f.arena.takeQueries(1), q)
	if trace {
		return &qs[0], m.legExplained(f.arena, &g, touched, depth+1)
	}
	return &qs[0], m.evaluateDepth(&g, false, touched, depth+1)
}

// latticeRequest builds the request auth policies see: the caller (an
// anonymous one when the query names none, and always for a TLS
// passthrough listener), the action (Invoke, or Connect for TLS
// passthrough), the service's ARN with the request path, and the
// condition keys Lattice sets.
func (m *Model) latticeRequest(f *flow, S *cSvc, N *cSN, li *cLListener, vpcID, vpcAccount string) policy.Request {
	req := policy.Request{Principal: policy.Principal{Anonymous: true}, Action: policy.ActionLatticeInvoke}
	tls := li.proto == lattice.ListenerTLSPassthrough
	if f.caller != nil && !tls {
		req.Principal = *f.caller
	}
	keys := 5
	if !tls {
		keys += 2
		if f.request != nil {
			keys += len(f.request.Header)
		}
	}
	// The keys' own values, in one array: each key's slice is capped, so
	// that nothing appends into another's.
	own := []string{vpcID, vpcAccount, f.request.method(), f.request.path()}
	ctx := f.arena.requestContext(keys) // the request lives until its policies are evaluated
	ctx[policy.KeyLatticeSourceVpc] = own[0:1:1]
	ctx[policy.KeyLatticeSourceVpcOwnerAccount] = own[1:2:2]
	ctx[policy.KeyLatticeServiceNetworkArn] = N.arns
	ctx[policy.KeyLatticeServiceArn] = S.arns
	ctx[policy.KeyLatticePort] = li.ports
	if tls {
		req.Action = policy.ActionLatticeConnect
		req.Resource = S.arn
	} else {
		req.Resource = S.arn + f.request.path()
		ctx[policy.KeyLatticeRequestMethod] = own[2:3:3]
		ctx[policy.KeyLatticeRequestPath] = own[3:4:4]
		if f.request != nil {
			for k, vs := range f.request.Header {
				ctx[policy.KeyLatticeRequestHeaderPrefix+strings.ToLower(k)] = vs
			}
			for _, q := range httpmatch.ParseQuery(f.request.Query) {
				k := policy.KeyLatticeRequestQueryStringPrefix + q.Key
				ctx[k] = append(ctx[k], q.Value)
			}
		}
	}
	req.Context = ctx
	return req
}

// requestHeader returns the request's header (nil for no request).
func requestHeader(r *HTTPRequest) map[string][]string {
	if r == nil {
		return nil
	}
	return r.Header
}

// describe names a rule, the request it matches and what it does: "rule
// 10 (id) [path prefix /v1/] matches GET /v1/x: forward to tg-a (weight
// 90), tg-b (weight 10)". The text around the request is compiled.
func (r *cLRule) describe(_ *Model, req *HTTPRequest) string {
	const matches = " matches "
	var b strings.Builder
	b.Grow(len(r.head) + len(matches) + requestLen(req) + len(r.tail))
	b.WriteString(r.head)
	b.WriteString(matches)
	writeRequest(&b, req) // kind_lb.go
	b.WriteString(r.tail)
	return b.String()
}

// latticeNodes and the labels draw Lattice services in pictures: a node
// per service network and per service, joined to the VPCs associated with
// the network and to the interfaces of the service's targets.
func snNodes(g *graphBuilder) {
	for i, x := range g.m.sns {
		g.add(refOf(snIdx(i)), x.id)
	}
}

func svcNodes(g *graphBuilder) {
	for i, x := range g.m.svcs {
		g.add(refOf(svcIdx(i)), x.id)
	}
}

func latticeEdges(g *graphBuilder) {
	m := g.m
	for _, a := range m.snvas {
		g.edge(g.node(refOf(a.vpc)), g.node(refOf(a.sn)))
	}
	for i, s := range m.svcs {
		n := g.node(refOf(svcIdx(i)))
		for _, sn := range s.nets {
			g.edge(g.node(refOf(sn)), n)
		}
		for _, l := range s.listeners {
			for _, r := range l.rules {
				for _, fw := range r.forward {
					for _, t := range m.ltgs[fw.tg].targets {
						switch {
						case t.eni != noENI:
							g.edge(n, g.node(refOf(t.eni)))
						case t.lb != noLB:
							g.edge(n, g.node(refOf(t.lb)))
						}
					}
				}
			}
		}
	}
}

func snLabel(m *Model, i int32) []string { return []string{m.sns[i].id, "service network"} }

// svcLabel labels a service with its listeners and the Lambda functions
// it invokes (which have no node of their own).
func svcLabel(m *Model, i int32) []string {
	S := &m.svcs[i]
	out := []string{S.id, "lattice service"}
	var ls []string
	var fns []string
	for _, l := range S.listeners {
		ls = append(ls, fmt.Sprintf("%s:%d", l.proto, l.port))
		for _, r := range l.rules {
			for _, fw := range r.forward {
				if G := &m.ltgs[fw.tg]; G.typ == lattice.TargetLambda {
					for _, t := range G.targets {
						fns = append(fns, "lambda "+t.id)
					}
				}
			}
		}
	}
	if len(ls) > 0 {
		out = append(out, strings.Join(ls, " "))
	}
	slices.Sort(fns)
	return append(out, slices.Compact(fns)...)
}

// latticeAuth is one level of auth policy a request meets.
type latticeAuth struct {
	scope, id string
	iam       bool
	pol       *policy.Policy
}

// latticeAuthLevel is level lvl of the auth policies a request to service
// S through network N meets: the network's (0), then the service's (1);
// each decides only when it uses AWS_IAM.
func latticeAuthLevel(S *cSvc, N *cSN, lvl int) latticeAuth {
	if lvl == 0 {
		return latticeAuth{"service network", N.id, N.iam, N.policy}
	}
	return latticeAuth{"service", S.id, S.iam, S.policy}
}

// latticeAuthAllows reports whether both levels of auth policy let req
// through.
func latticeAuthAllows(S *cSvc, N *cSN, req policy.Request) bool {
	for lvl := range 2 {
		a := latticeAuthLevel(S, N, lvl)
		if a.iam && (a.pol == nil || a.pol.Evaluate(req).Outcome != policy.Allowed) {
			return false
		}
	}
	return true
}
