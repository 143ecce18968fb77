package sim

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/vpcsim/vpcsim/elb"
)

// This file holds what the access analyses (access.go) do for load
// balancers: which interfaces are no sources of a query to one, and what
// the internet reaches through an internet-facing one.

// ExposedTarget is a target the internet reaches through a load balancer
// (see [Exposed]): the load balancer, listener and rule that forward to
// it, its target group, the target as the group declares it, and the
// interface that receives the traffic when the target is one.
type ExposedTarget struct {
	LoadBalancer string `json:"loadBalancer"`
	Listener     string `json:"listener"`
	// Rule is "default" or the rule's priority, with its ID when it has
	// one ("10 (api)").
	Rule        string `json:"rule"`
	TargetGroup string `json:"targetGroup"`
	Target      string `json:"target"`
	ENI         string `json:"eni,omitempty"`
}

// String formats the target: "alb-web lis-https rule 10 -> tg-api
// eni-app-a".
func (t ExposedTarget) String() string {
	s := fmt.Sprintf("%s %s rule %s -> %s %s", t.LoadBalancer, t.Listener, t.Rule, t.TargetGroup, t.Target)
	if t.ENI != "" && t.ENI != t.Target {
		s += " (" + t.ENI + ")"
	}
	return s
}

// notSources returns what WhoCanReach skips as sources for a destination
// at interface dst: dst itself and, when it is a load balancer's node,
// every node of that load balancer.
func (m *Model) notSources(dst eniIdx) func(eniIdx) bool {
	lb := noLB
	if dst != noENI {
		lb = m.enis[dst].lb
	}
	return func(e eniIdx) bool { return e == dst || lb != noLB && m.enis[e].lb == lb }
}

// exposedThrough returns what the internet reaches through load balancer
// node e on the open flows: for every listener on an open flow and every
// rule of it that forwards (an Application Load Balancer's rules decide
// on the request, so each is tried as if the request matched it), the
// targets whose connection from the node arrives; behind a load balancer
// reached as a target, its own targets for the requests it receives.
func (m *Model) exposedThrough(e eniIdx, open []OpenRange, ipv6 bool) []ExposedTarget {
	E := &m.enis[e]
	if E.lb == noLB {
		return nil
	}
	L := &m.lbs[E.lb]
	var out []ExposedTarget
	for _, li := range L.listeners {
		for _, p := range li.proto.IPProtocols() {
			if !slices.ContainsFunc(open, func(o OpenRange) bool {
				return o.Protocol == p && o.Ports.From <= li.port && li.port <= o.Ports.To
			}) {
				continue
			}
			for ri := range li.rules {
				r := &li.rules[ri]
				if r.action.Type != elb.ForwardAction {
					continue
				}
				to := ENI(E.id)
				if !ipv6 {
					to.Addr = E.exposedAt()
				}
				f, err := m.resolve(Query{From: Internet(), To: to, Protocol: p, Port: li.port, IPv6: ipv6})
				if err != nil {
					continue
				}
				if L.typ == elb.Application {
					f.lbRule = int32(ri) + 1
				}
				o := m.solve(&f, false, nil)
				out = m.appendReached(out, o.proxy)
			}
		}
	}
	slices.SortFunc(out, func(a, b ExposedTarget) int {
		return cmp.Or(cmp.Compare(a.LoadBalancer, b.LoadBalancer), cmp.Compare(a.Listener, b.Listener), cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.TargetGroup, b.TargetGroup), cmp.Compare(a.Target, b.Target))
	})
	return slices.Compact(out)
}

// appendReached appends the targets a proxy's branches reach (with
// requests: a share above zero), and those the proxies behind them reach.
func (m *Model) appendReached(out []ExposedTarget, px *proxyOutcome) []ExposedTarget {
	if px == nil {
		return out
	}
	for _, b := range px.branches {
		if b.weight == 0 || b.idle || b.noTarget || !b.leg.status.reaches() {
			continue
		}
		x := ExposedTarget{LoadBalancer: px.component, Listener: px.listener, Rule: px.rule, TargetGroup: b.tg, Target: b.target}
		if b.query != nil && b.query.To.ENI != "" {
			x.ENI = b.query.To.ENI
		}
		out = append(out, x)
		if inner := b.leg.proxy; inner != nil {
			out = m.appendReached(out, inner)
		}
	}
	return out
}
