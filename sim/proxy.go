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

// resultWriter writes outcomes out as exported Results. Every hop, step,
// leg, branch and block an answer shows is copied into storage the Result
// owns: the storage of an earlier answer when it fits (ReachInto), else
// arrays allocated once per answer at their exact sizes (newResultWriter),
// else, for what neither provides, storage of its own.
type resultWriter struct {
	hops     []Hop
	results  []Result
	branches []Branch
	blocks   []Block
	proxies  []Proxy
}

// newResultWriter returns a writer holding exactly the storage o's answer
// takes besides its Result and that Result's Block (see newResult): one
// array per type.
func newResultWriter(o *outcome) resultWriter {
	var n resultNeeds
	n.add(o)
	if o.status != Reachable {
		n.blocks--
	}
	var w resultWriter
	if n.hops > 0 {
		w.hops = make([]Hop, n.hops)
	}
	if n.results > 0 {
		w.results = make([]Result, n.results)
	}
	if n.branches > 0 {
		w.branches = make([]Branch, n.branches)
	}
	if n.blocks > 0 {
		w.blocks = make([]Block, n.blocks)
	}
	if n.proxies > 0 {
		w.proxies = make([]Proxy, n.proxies)
	}
	return w
}

// resultNeeds counts the storage of an answer.
type resultNeeds struct{ hops, results, branches, blocks, proxies int }

// add counts what o's answer takes besides its Result.
func (n *resultNeeds) add(o *outcome) {
	n.hops += len(o.path) + len(o.reply)
	if o.status != Reachable {
		n.blocks++
	}
	px := o.proxy
	if px == nil {
		return
	}
	n.proxies++
	n.hops += len(px.steps)
	n.branches += len(px.branches)
	for i := range px.branches {
		switch b := &px.branches[i]; {
		case b.noTarget:
			n.blocks++
		case b.query != nil:
			n.results++
			n.add(&b.leg)
		}
	}
}

// write writes o, the outcome of query q, into r, reusing the storage of
// the answer r held (its paths, block, proxy, branches and legs) where it
// fits.
func (w *resultWriter) write(r *Result, o *outcome, q Query) {
	path, reply, blk, px := r.Path, r.Reply, r.Block, r.Proxy
	*r = Result{Query: q, Status: o.status, Reason: o.reason, Path: w.copyHops(path, o.path), Reply: w.copyHops(reply, o.reply)}
	if o.status != Reachable {
		r.Block = w.block(blk, o.block)
	}
	if o.proxy != nil {
		r.Proxy = w.proxy(px, o.proxy)
	}
}

// proxy writes px out into out (nil: new storage).
func (w *resultWriter) proxy(out *Proxy, px *proxyOutcome) *Proxy {
	if out == nil {
		if len(w.proxies) > 0 {
			out, w.proxies = &w.proxies[0], w.proxies[1:]
		} else {
			out = new(Proxy)
		}
	}
	steps, branches := out.Steps, out.Branches
	*out = Proxy{Component: px.component, Kind: kinds[px.kind].component, Steps: w.copyHops(steps, px.steps), Answer: px.answer}
	n := len(px.branches)
	if n == 0 {
		return out
	}
	reuse := cap(branches) >= n
	switch {
	case reuse:
		branches = branches[:n]
	case len(w.branches) >= n:
		branches, w.branches = w.branches[:n:n], w.branches[n:]
	default:
		branches = make([]Branch, n)
	}
	for i := range px.branches {
		b, br := &px.branches[i], &branches[i]
		var leg *Result
		var blk *Block
		if reuse {
			leg, blk = br.Leg, br.Block
		}
		*br = Branch{TargetGroup: b.tg, Weight: b.weight, Share: b.share, Target: b.target, Health: b.health, FailOpen: b.failOpen}
		switch {
		case b.noTarget:
			br.Block = w.block(blk, b.leg.block)
		case b.query != nil:
			if leg == nil {
				if len(w.results) > 0 {
					leg, w.results = &w.results[0], w.results[1:]
				} else {
					leg = new(Result)
				}
			}
			w.write(leg, &b.leg, *b.query)
			br.Leg = leg
		}
	}
	out.Branches = branches
	return out
}

// block writes b into old (nil: new storage).
func (w *resultWriter) block(old *Block, b Block) *Block {
	if old == nil {
		if len(w.blocks) > 0 {
			old, w.blocks = &w.blocks[0], w.blocks[1:]
		} else {
			old = new(Block)
		}
	}
	*old = b
	return old
}

// copyHops copies hs into old when it has room, else into the writer's
// storage, and returns the copy: nil for nil hs, empty for empty ones.
func (w *resultWriter) copyHops(old, hs []Hop) []Hop {
	n := len(hs)
	switch {
	case hs == nil:
		return nil
	case n == 0:
		return []Hop{}
	}
	var dst []Hop
	switch {
	case cap(old) >= n:
		dst = old[:n]
	case len(w.hops) >= n:
		dst, w.hops = w.hops[:n:n], w.hops[n:]
	default:
		dst = make([]Hop, n)
	}
	copy(dst, hs)
	return dst
}

// newResult returns storage for o's Result: with its Block, in one
// allocation, when o is blocked.
func newResult(o *outcome) *Result {
	if o.status == Reachable {
		return new(Result)
	}
	rb := new(resultBlock)
	rb.r.Block = &rb.b
	return &rb.r
}

// resultBlock is a Result and the Block it points to.
type resultBlock struct {
	r Result
	b Block
}

// result turns an outcome into the exported Result of query q.
func (o *outcome) result(q Query) *Result {
	r := newResult(o)
	w := newResultWriter(o)
	w.write(r, o, q)
	return r
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

// legExplained evaluates a proxy's leg g with its explanation, recording
// its hops in arena a (see explained).
func (m *Model) legExplained(a *arena, g *flow, touched *tableSet, depth int) outcome {
	return m.explained(a, g, func() outcome { return m.evaluateDepth(g, true, touched, depth) })
}
