package sim

import (
	"fmt"
	"net/netip"
	"strings"
)

// This file holds what proxies share: components that end the client's
// connection and open connections of their own (load balancers). The walk
// of a flow stops at the proxy's interface (the first leg, with its
// reply); the proxy's room decides what it does with the flow (its steps:
// listener, rule, target group) and which connections it opens (its
// branches, one per target); each branch is a leg of its own, walked from
// the proxy's interface to the target with its own security groups,
// network ACLs and reply check, and possibly ending at another proxy.

// Proxy is what a component that ends connections and opens its own did
// with a flow that reached it: the steps it took (each a [Hop] naming the
// listener, rule or target group that decided) and the connections it
// opened, one [Branch] per target.
type Proxy struct {
	Component string        `json:"component"`
	Kind      ComponentKind `json:"kind"`
	// Steps are the component's decisions, in order.
	Steps []Hop `json:"steps"`
	// Answer is the response the component gave itself instead of opening
	// connections, when a rule answered the request: a fixed response's
	// status code and content type ("403 text/plain"), or a redirect's
	// status code and location ("301 https://example.com:443/path").
	Answer string `json:"answer,omitempty"`
	// Branches are the connections it opened, in the order of the target
	// groups in the rule's forward action, then of the targets by ID and
	// port.
	Branches []Branch `json:"branches,omitempty"`
}

// Branch is one connection a proxy opened: to a target of a target group
// the rule forwards to, with the group's weight, and the leg from the
// proxy to the target as a [Result] of its own (whose Proxy is set when
// the target is itself a proxy). For a VPC Lattice resource
// configuration, TargetGroup is the configuration (a group's child) and
// Target the resource: its address, its domain name and an address it
// resolves to, or an interface of the resource an ARN names; Health is
// empty.
type Branch struct {
	TargetGroup string `json:"targetGroup"`
	// Weight is the target group's weight in the forward action, and
	// Share its share of the requests in thousandths (a group alone has
	// weight 1 and share 1000). A group of weight 0 gets no request; its
	// targets are listed with Share 0 and count for nothing in the status.
	Weight int `json:"weight"`
	Share  int `json:"share"`
	// Target is the target as its group declares it (an instance or
	// interface ID, an IP address, a Lambda function, a load balancer).
	Target string `json:"target"`
	// Health is the target's declared health; FailOpen says that the
	// target receives requests although unhealthy, because no target of
	// its group is healthy (load balancers then route to all of them).
	Health   string `json:"health"`
	FailOpen bool   `json:"failOpen,omitempty"`
	// Leg is the connection from the proxy to the target; nil for a
	// target reached without a network path (a Lambda function, invoked
	// through the Lambda service), and for a group with no target.
	Leg *Result `json:"leg,omitempty"`
	// Block is set when the group has no target to send its share of the
	// requests to (reason NO_TARGET): Target is then empty, and those
	// requests fail; a group does not hand its share to another.
	Block *Block `json:"block,omitempty"`
}

// proxyOutcome is a proxy's part of an outcome: the component, its steps
// (traced only), its block when it stopped the flow itself, and its
// branches.
type proxyOutcome struct {
	component string
	kind      kind
	// listener and rule name what decided (set traced or not).
	listener, rule string
	steps          []Hop
	answer         string
	branches       []branchOutcome
}

// branchOutcome is one branch: what Branch reports, the leg's outcome and
// query (nil query and a reachable outcome for a target reached without a
// network path; nil query and a blocked outcome for a group without
// target, noTarget).
type branchOutcome struct {
	tg       string
	weight   int
	share    int
	target   string
	health   string
	failOpen bool
	noTarget bool
	// idle marks a target listed although it gets no requests (VPC
	// Lattice lists unhealthy targets beside healthy ones, with share 0).
	idle  bool
	query *Query
	leg   outcome
	// kept marks a leg whose path and reply are the ones a load
	// balancer keeps for every answer (see cachedLeg): result copies
	// them before handing them out.
	kept bool
}

// maxProxyDepth bounds the proxies a flow passes through one after another
// (a Network Load Balancer forwarding to an Application Load Balancer is
// two); more means the proxies forward to each other in a loop.
const maxProxyDepth = 4

// aggregate sets o's status, reason and block from its proxy's branches:
// reachable when every branch that gets requests (a weight above zero,
// not idle) is,
// the first failing branch's status otherwise, partial when some are and
// some are not.
func (o *outcome) aggregate() {
	px := o.proxy
	var ok, failed int
	var first *outcome
	for i := range px.branches {
		b := &px.branches[i]
		if b.weight == 0 || b.idle {
			continue
		}
		if b.leg.status == Reachable {
			ok++
			continue
		}
		failed++
		if first == nil {
			first = &b.leg
		}
	}
	switch {
	case failed == 0:
		o.status, o.reason = Reachable, NoReason
	case ok == 0:
		o.status, o.reason, o.block = first.status, first.reason, first.block
	default:
		o.status, o.reason, o.block = Partial, first.reason, first.block
	}
}

// result turns a proxy outcome into the exported Proxy. The branches, the
// legs' results and the copies of kept hops take one array each.
func (px *proxyOutcome) result() *Proxy {
	out := &Proxy{Component: px.component, Kind: kinds[px.kind].component, Steps: px.steps, Answer: px.answer}
	if len(px.branches) == 0 {
		return out
	}
	nlegs, nhops := 0, 0
	for i := range px.branches {
		if b := &px.branches[i]; !b.noTarget && b.query != nil {
			nlegs++
			if b.kept {
				nhops += len(b.leg.path) + len(b.leg.reply)
			}
		}
	}
	var legs []Result
	if nlegs > 0 {
		legs = make([]Result, nlegs)
	}
	var hops []Hop
	if nhops > 0 {
		hops = make([]Hop, nhops)
	}
	out.Branches = make([]Branch, len(px.branches))
	for i := range px.branches {
		b := &px.branches[i]
		br := &out.Branches[i]
		*br = Branch{TargetGroup: b.tg, Weight: b.weight, Share: b.share, Target: b.target, Health: b.health, FailOpen: b.failOpen}
		switch {
		case b.noTarget:
			blk := b.leg.block
			br.Block = &blk
		case b.query != nil:
			leg := b.leg
			if b.kept {
				leg.path, hops = copyHops(hops, leg.path)
				leg.reply, hops = copyHops(hops, leg.reply)
			}
			br.Leg = &legs[0]
			legs = legs[1:]
			leg.resultInto(br.Leg, *b.query)
		}
	}
	return out
}

// copyHops copies hs into the front of storage, which has room for them,
// and returns the copy (nil for nil hs, empty for empty ones, with no room
// to grow into the rest) and the rest of storage.
func copyHops(storage, hs []Hop) (copied, rest []Hop) {
	if hs == nil {
		return nil, storage
	}
	if len(hs) == 0 {
		return []Hop{}, storage
	}
	n := len(hs)
	copied = storage[:n:n]
	copy(copied, hs)
	return copied, storage[n:]
}

// result turns an outcome into the exported Result of query q.
func (o *outcome) result(q Query) *Result {
	r := new(Result)
	o.resultInto(r, q)
	return r
}

// resultInto writes the exported Result of query q into r.
func (o *outcome) resultInto(r *Result, q Query) {
	*r = Result{Query: q, Status: o.status, Reason: o.reason, Path: o.path, Reply: o.reply}
	if o.status != Reachable {
		b := o.block
		r.Block = &b
	}
	if o.proxy != nil {
		r.Proxy = o.proxy.result()
	}
}

// writeProxy formats a proxy's steps and branches under a result, each
// branch's leg indented below it.
func writeProxy(b *strings.Builder, px *Proxy, indent string) {
	fmt.Fprintf(b, "%sthrough %s %s:\n", indent, px.Kind, px.Component)
	for _, h := range px.Steps {
		fmt.Fprintf(b, "%s  - %s\n", indent, h)
	}
	if px.Answer != "" {
		fmt.Fprintf(b, "%s  answers: %s\n", indent, px.Answer)
	}
	for i, br := range px.Branches {
		if br.Block != nil {
			fmt.Fprintf(b, "%s  branch %d: %s, no target (weight %d, share %d/1000): %s\n", indent, i+1, br.TargetGroup, br.Weight, br.Share, br.Block)
			continue
		}
		fmt.Fprintf(b, "%s  branch %d: %s target %s (weight %d, share %d/1000", indent, i+1, br.TargetGroup, br.Target, br.Weight, br.Share)
		if br.Health != "" {
			b.WriteString(", " + br.Health)
		}
		if br.FailOpen {
			b.WriteString(", fail-open")
		}
		b.WriteString(")")
		if br.Leg == nil {
			b.WriteString(": reached without a network path\n")
			continue
		}
		b.WriteString(":\n")
		writeResult(b, br.Leg, indent+"    ")
	}
}

// legFlow builds the flow of a proxy's leg from interface from (at address
// src, as the source is seen) to address dst, held by interface to (noENI
// when none holds it), on protocol proto and port port, with the
// ephemeral ports load balancers use.
func (m *Model) legFlow(from eniIdx, src, dst netip.Addr, to eniIdx, proto uint8, port uint16) flow {
	f := flow{src: src, srcENI: from, srcNet: noSubnet, srcVPC: m.enis[from].vpc, dst: dst,
		goal: goal{eni: to, subnet: noSubnet, addr: dst}, proto: proto, dlo: port, dhi: port, slo: 1024, shi: 65535}
	if to == noENI {
		f.goal.eni = noENI
	}
	return f
}

// legExplained evaluates a proxy's leg g with its explanation. Its walks
// record their hops in pooled storage (see explain), which are then
// copied into one array of the exact size that the leg's path and reply
// share: a leg allocates once for its hops.
func (m *Model) legExplained(g *flow, touched *tableSet, depth int) outcome {
	s := hopScratchPool.Get().(*hopScratch)
	g.buf, g.rbuf = s.path[:0], s.reply[:0]
	o := m.evaluateDepth(g, true, touched, depth)
	g.buf, g.rbuf = nil, nil
	np, nr := len(o.path), len(o.reply)
	all := make([]Hop, np+nr)
	path, reply := all[:np:np], all[np:]
	copy(path, o.path)
	copy(reply, o.reply)
	if o.path == nil {
		path = nil
	}
	if o.reply == nil {
		reply = nil
	}
	// Return the storage, grown if a walk outgrew it, holding nothing.
	clear(o.path)
	clear(o.reply)
	if cap(o.path) > cap(s.path) {
		s.path = o.path[:0]
	}
	if cap(o.reply) > cap(s.reply) {
		s.reply = o.reply[:0]
	}
	hopScratchPool.Put(s)
	o.path, o.reply = path, reply
	return o
}
