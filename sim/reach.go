package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"sync"

	"github.com/vpcsim/vpcsim/vpc"
)

// flow is a resolved query: concrete addresses (or a free internet side),
// protocol and ports.
type flow struct {
	src      netip.Addr
	srcENI   eniIdx    // noENI when the source is the internet or a subnet host
	srcNet   subnetIdx // source subnet host, or noSubnet
	srcVPC   vpcIdx
	dst      netip.Addr
	goal     goal
	proto    uint8
	dlo, dhi uint16
	slo, shi uint16
	anySrc   bool // source is any internet address
	anyDst   bool // destination is any internet address
	ipv6     bool
	pre      *preBlock // blocked before any walk
	sport    uint16    // the query's SrcPort and EphemeralPorts, for witnesses
	eph      vpc.PortRange
	buf      []Hop // storage the path may reuse (concrete flows only)
	rbuf     []Hop // storage the reply path may reuse
}

// preBlock is a block found while resolving the query.
type preBlock struct {
	reason Reason
	block  Block
}

// queryErr builds the error for a bad query field.
func queryErr(field string, kind error, format string, args ...any) error {
	return &FieldError{Resource: "query", ID: "-", Field: field, Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// resolve checks a query and turns it into a flow.
func (m *Model) resolve(q Query) (flow, error) {
	f := flow{srcENI: noENI, srcNet: noSubnet, srcVPC: noVPC, goal: goal{eni: noENI, subnet: noSubnet}, ipv6: q.IPv6, sport: q.SrcPort, eph: q.EphemeralPorts}
	proto := q.protocol()
	switch {
	case proto == vpc.ProtocolAll || !proto.Valid():
		return f, queryErr("protocol", ErrInvalidValue, "want one protocol 0-255, got %s", proto)
	case proto == vpc.ProtocolICMP && q.IPv6, proto == vpc.ProtocolICMPv6 && !q.IPv6:
		return f, queryErr("protocol", ErrInvalidValue, "%s does not fit the address family (ipv6=%v)", proto, q.IPv6)
	}
	f.proto = uint8(proto)
	switch {
	case proto.HasPorts():
		if q.Port == 0 {
			return f, queryErr("port", ErrInvalidValue, "port 0 is reserved: want a %s port 1-65535", proto)
		}
		f.dlo, f.dhi = q.Port, q.Port
		eph := q.EphemeralPorts
		if eph.IsZero() {
			eph = vpc.Ports(1024, 65535)
		}
		if eph.From > eph.To {
			return f, queryErr("ephemeralPorts", ErrInvalidValue, "from %d is above to %d", eph.From, eph.To)
		}
		f.slo, f.shi = eph.From, eph.To
		if q.SrcPort != 0 {
			f.slo, f.shi = q.SrcPort, q.SrcPort
		}
	case proto.IsICMP():
		i := vpc.EchoRequest
		if q.ICMP != nil {
			i = *q.ICMP
		}
		if !i.IsMessage() {
			return f, queryErr("icmp", ErrInvalidValue, "want one ICMP message (vpc.ICMPMessage(type, code)), got %s; nil means echo request", i)
		}
		f.dlo = uint16(i.Type())<<8 | uint16(i.Code())
		f.dhi = f.dlo
	}
	if q.From.Internet && q.To.Internet {
		return f, queryErr("to", ErrInvalidValue, "internet to internet: at least one endpoint must be in the network")
	}
	// Source.
	switch {
	case q.From.Subnet != "":
		s, a, err := m.subnetHost(q.From.Subnet, "from", q.IPv6)
		if err != nil {
			return f, err
		}
		f.srcNet, f.src, f.srcVPC = s, a, m.subnets[s].vpc
	case q.From.Internet:
		f.src, f.anySrc = q.From.Addr, !q.From.Addr.IsValid()
		if !f.anySrc && !isInternetAddr(f.src) {
			return f, queryErr("from.addr", ErrInvalidValue, "%s is not a public address", f.src)
		}
	default:
		e, a, err := m.endpointENI(q.From, "from", q.IPv6)
		if err != nil {
			return f, err
		}
		if e == noENI {
			if !isInternetAddr(a) {
				return f, queryErr("from.addr", ErrUnknownResource, "no interface has address %s", a)
			}
			if q.To.Internet {
				return f, queryErr("to", ErrInvalidValue, "internet to internet: at least one endpoint must be in the network")
			}
			f.src = a // an internet host named by address
		} else {
			if m.enis[e].nat != noNAT {
				return f, queryErr("from.eni", ErrInvalidValue, "%s is a NAT gateway, which does not originate flows", m.enis[e].id)
			}
			f.srcENI, f.src, f.srcVPC = e, a, m.enis[e].vpc
		}
	}
	// Destination.
	switch {
	case q.To.ENI == "" && q.To.Subnet == "" && !q.To.Internet && m.dnsAddr(q.To.Addr):
		f.dst, f.goal.dns = q.To.Addr, true
	case q.To.Subnet != "":
		s, a, err := m.subnetHost(q.To.Subnet, "to", q.IPv6)
		if err != nil {
			return f, err
		}
		if s == f.srcNet {
			return f, queryErr("to.subnet", ErrInvalidValue, "source and destination are the same subnet host")
		}
		f.goal.subnet, f.goal.addr, f.dst = s, a, a
	case q.To.Internet:
		f.goal.internet = true
		f.dst, f.anyDst = q.To.Addr, !q.To.Addr.IsValid()
		f.goal.addr = f.dst
		if !f.anyDst && !isInternetAddr(f.dst) {
			return f, queryErr("to.addr", ErrInvalidValue, "%s is not a public address", f.dst)
		}
	case q.To.ENI == "" && m.isPublicAddr(q.To.Addr):
		// A public address: of an interface (reached through the internet)
		// or of an internet host.
		f.dst = q.To.Addr
		if e, ok := m.byPublic[f.dst]; ok {
			f.goal.eni = e
		} else {
			f.goal.internet, f.goal.addr = true, f.dst
		}
	default:
		e, a, err := m.endpointENI(q.To, "to", q.IPv6)
		if err != nil {
			return f, err
		}
		if e == noENI {
			return f, queryErr("to.addr", ErrUnknownResource, "no interface has address %s", a)
		}
		f.goal.eni, f.dst = e, a
		if f.srcENI == noENI && f.srcNet == noSubnet && a.Is4() {
			// From the internet, an interface is reached at the public
			// address of its private one.
			E := &m.enis[e]
			pub := E.publicOf(a)
			if !pub.IsValid() {
				what := "no public IPv4 address"
				if a != E.private[0] {
					what = "no Elastic IP for its secondary address " + a.String()
				}
				f.pre = &preBlock{reason: NoPublicIP, block: Block{Component: E.id, Kind: kinds[kindENI].component, Step: StepPublicNAT,
					Reason: NoPublicIP, Rule: fmt.Sprintf("%s has %s; the internet reaches only public addresses", E.id, what)}}
			}
			f.dst = pub
		}
	}
	if f.srcENI == noENI && f.srcNet == noSubnet && f.goal.subnet != noSubnet {
		return f, queryErr("from", ErrInvalidValue, "a subnet host has no public address: the internet cannot address it")
	}
	if f.srcENI != noENI && f.goal.eni == f.srcENI {
		return f, queryErr("to", ErrInvalidValue, "source and destination are the same interface")
	}
	if f.src.IsValid() && f.dst.IsValid() && f.src.Is4() != f.dst.Is4() {
		return f, queryErr("to", ErrInvalidValue, "%s and %s are of different address families", f.src, f.dst)
	}
	return f, nil
}

// subnetHost resolves a subnet-host endpoint to its subnet and address:
// the first usable IPv4 (or IPv6) address of the subnet.
func (m *Model) subnetHost(id, field string, ipv6 bool) (subnetIdx, netip.Addr, error) {
	s, ok := lookup[subnetIdx](m, id)
	if !ok {
		return noSubnet, netip.Addr{}, queryErr(field+".subnet", ErrUnknownResource, "no subnet %q", id)
	}
	S := &m.subnets[s]
	p := S.cidr
	if ipv6 {
		if !S.ipv6.IsValid() {
			return noSubnet, netip.Addr{}, queryErr(field+".subnet", ErrInvalidValue, "%s has no IPv6 CIDR", id)
		}
		p = S.ipv6
	}
	a := p.Masked().Addr()
	for range vpc.ReservedAddresses - 1 {
		a = a.Next()
	}
	return s, a, nil
}

// dnsAddr reports whether a is an address of some VPC's Amazon DNS
// resolver.
func (m *Model) dnsAddr(a netip.Addr) bool {
	for v := range m.vpcs {
		if m.isDNS(vpcIdx(v), a) {
			return true
		}
	}
	return false
}

// isPublicAddr reports whether a is a public address (of an interface or an
// internet host) rather than a private one.
func (m *Model) isPublicAddr(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	if _, ok := m.byPublic[a]; ok {
		return true
	}
	return isInternetAddr(a) && (m.privateOwner(a) == noENI || m.privateOwner(a) == severalENIs)
}

// privateOwner returns the interface holding private address a in any VPC,
// or noENI (severalENIs when several VPCs have one).
func (m *Model) privateOwner(a netip.Addr) eniIdx {
	found := noENI
	for v := range m.vpcs {
		if e := m.eniAt(vpcIdx(v), a); e != noENI {
			if found != noENI {
				return severalENIs
			}
			found = e
		}
	}
	return found
}

// endpointENI resolves an endpoint naming an interface or a private
// address to the interface and the address to use.
func (m *Model) endpointENI(ep Endpoint, field string, ipv6 bool) (eniIdx, netip.Addr, error) {
	if ep.ENI == "" {
		if !ep.Addr.IsValid() {
			return noENI, netip.Addr{}, queryErr(field, ErrInvalidValue, "want an interface, an address or the internet")
		}
		if e, ok := m.byPublic[ep.Addr]; ok && m.enis[e].nat == noNAT {
			// A public address names the interface holding it, at the
			// private address it maps to.
			return e, m.enis[e].privateOf(ep.Addr), nil
		}
		switch e := m.privateOwner(ep.Addr); e {
		case severalENIs:
			return noENI, ep.Addr, queryErr(field+".addr", ErrInvalidValue, "%s is a private address in several VPCs; name the interface", ep.Addr)
		default:
			return e, ep.Addr, nil
		}
	}
	e, ok := lookup[eniIdx](m, ep.ENI)
	if !ok {
		return noENI, netip.Addr{}, queryErr(field+".eni", ErrUnknownResource, "no network interface %q", ep.ENI)
	}
	E := &m.enis[e]
	if ep.Addr.IsValid() {
		if !E.has(ep.Addr) {
			return noENI, netip.Addr{}, queryErr(field+".addr", ErrInvalidValue, "%s is not an address of %s", ep.Addr, E.id)
		}
		return e, ep.Addr, nil
	}
	if ipv6 {
		if len(E.ipv6) == 0 {
			return noENI, netip.Addr{}, queryErr(field+".eni", ErrInvalidValue, "%s has no IPv6 address", E.id)
		}
		return e, E.ipv6[0], nil
	}
	return e, E.private[0], nil
}

// outcome is the result of walking a concrete flow and its reply.
type outcome struct {
	status      Status
	reason      Reason
	path, reply []Hop
	block       Block
	depth       int        // hops taken forward and back
	src, dst    netip.Addr // the addresses the flow used (for a free internet side, the one found)
}

// evaluate walks a concrete flow (no free side) and, if it arrives, its
// reply.
func (m *Model) evaluate(f *flow, trace bool, touched *tableSet) outcome {
	o := m.evaluateFlow(f, trace, touched)
	o.src, o.dst = f.src, f.dst
	return o
}

func (m *Model) evaluateFlow(f *flow, trace bool, touched *tableSet) outcome {
	if f.pre != nil {
		return outcome{status: Blocked, reason: f.pre.reason, block: f.pre.block}
	}
	w := walker{m: m, trace: trace, goal: f.goal, touched: touched}
	if trace {
		w.hops = f.buf[:0]
		if cap(w.hops) < 16 {
			w.hops = make([]Hop, 0, 16)
		}
	}
	p := pkt{src: f.src, dst: f.dst, proto: f.proto, slo: f.slo, shi: f.shi, dlo: f.dlo, dhi: f.dhi, srcVPC: f.srcVPC}
	switch {
	case f.srcENI != noENI:
		w.send(f.srcENI, p)
	case f.srcNet != noSubnet:
		w.originate(f.srcNet, p)
	default:
		w.internet(p)
	}
	if !w.ok {
		return outcome{status: Blocked, reason: w.reason, path: w.hops, block: w.block, depth: w.depth}
	}
	if w.atDNS {
		return outcome{status: Reachable, path: w.hops, depth: w.depth} // its replies are never filtered either
	}
	rp, needReply := replyPacket(w.final)
	if !needReply {
		return outcome{status: Reachable, path: w.hops, depth: w.depth}
	}
	r := walker{m: m, trace: trace, reply: true, goal: goal{eni: f.srcENI, subnet: f.srcNet, addr: f.src}, touched: touched, nats: w.nats, nnats: w.nnats,
		trackedENIs: w.trackedENIs, ntracked: w.ntracked}
	if trace {
		r.hops = f.rbuf[:0]
		if cap(r.hops) < 16 {
			r.hops = make([]Hop, 0, 16)
		}
	}
	if f.srcENI == noENI && f.srcNet == noSubnet {
		r.goal = goal{eni: noENI, subnet: noSubnet, internet: true, addr: f.src}
	}
	switch {
	case w.atENI != noENI:
		rp.srcVPC = m.enis[w.atENI].vpc
		r.send(w.atENI, rp)
	case w.atSubnet != noSubnet:
		rp.srcVPC = m.subnets[w.atSubnet].vpc
		r.leave(w.atSubnet, rp, noENI)
	default:
		r.internet(rp)
	}
	if !r.ok {
		return outcome{status: ReplyBlocked, reason: r.reason, path: w.hops, reply: r.hops, block: r.block, depth: w.depth + r.depth}
	}
	return outcome{status: Reachable, path: w.hops, reply: r.hops, depth: w.depth + r.depth}
}

// Reach answers q with its explanation: the verdict, the forward path hop
// by hop, the reply path, and for a blocked flow the blocking component,
// reason and rule. An error means the query itself is wrong (an unknown
// interface, a protocol of "all", ...).
//
// When one side is [Internet] with no address, the flow is reachable if
// some public address reaches; the path shows the first such address in
// address order. vpcsim finds it exactly by splitting the address space at
// every CIDR of the rules and routes the flow meets.
func (m *Model) Reach(q Query) (*Result, error) {
	f, err := m.resolve(q)
	if err != nil {
		return nil, err
	}
	o := m.explain(&f, nil, nil)
	if o.status == Reachable {
		return &Result{Query: q, Status: o.status, Path: o.path, Reply: o.reply}, nil
	}
	// A blocked answer and its block, in one allocation.
	rb := &resultBlock{b: o.block}
	rb.r = Result{Query: q, Status: o.status, Reason: o.reason, Path: o.path, Reply: o.reply, Block: &rb.b}
	return &rb.r, nil
}

// resultBlock is a Result and the Block it points to.
type resultBlock struct {
	r Result
	b Block
}

// ReachInto is [Model.Reach] writing into r, reusing the storage of its
// Path, Reply and Block from an earlier answer when they are large enough:
// for loops that ask many questions and keep only one answer at a time.
// On error r is unchanged.
func (m *Model) ReachInto(r *Result, q Query) error {
	f, err := m.resolve(q)
	if err != nil {
		return err
	}
	o := m.explain(&f, nil, r)
	blk := r.Block
	*r = Result{Query: q, Status: o.status, Reason: o.reason, Path: o.path, Reply: o.reply}
	if o.status != Reachable {
		if blk == nil {
			blk = new(Block)
		}
		*blk = o.block
		r.Block = blk
	}
	return nil
}

// hopScratch is storage in which the walks of one explained evaluation
// record their hops, before the hops are copied out at their exact count.
type hopScratch struct{ path, reply []Hop }

var hopScratchPool = sync.Pool{New: func() any {
	return &hopScratch{path: make([]Hop, 0, 32), reply: make([]Hop, 0, 32)}
}}

// explain solves f with its explanation (see solve). The walks record
// their hops in pooled storage; the path and reply are then copied into
// the Path and Reply of reuse when both fit (reuse may be nil), else into
// one new array that they share: an explained answer allocates once for
// its hops, and not at all when it reuses an earlier one's storage.
func (m *Model) explain(f *flow, touched *tableSet, reuse *Result) outcome {
	s := hopScratchPool.Get().(*hopScratch)
	f.buf, f.rbuf = s.path[:0], s.reply[:0]
	o := m.solve(f, true, touched)
	f.buf, f.rbuf = nil, nil
	var path, reply []Hop
	if reuse != nil {
		path, reply = reuse.Path, reuse.Reply
	}
	np, nr := len(o.path), len(o.reply)
	if cap(path) < np || cap(reply) < nr {
		all := make([]Hop, np+nr)
		path, reply = all[:np:np], all[np:]
	}
	path, reply = path[:np], reply[:nr]
	copy(path, o.path)
	copy(reply, o.reply)
	// A walk that recorded no hop still has an empty, not nil, path.
	switch {
	case o.path == nil:
		path = nil
	case path == nil:
		path = []Hop{}
	}
	switch {
	case o.reply == nil:
		reply = nil
	case reply == nil:
		reply = []Hop{}
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

// Verdict answers q without the explanation. For a query between
// interfaces or concrete addresses it does not allocate.
func (m *Model) Verdict(q Query) (Verdict, error) {
	f, err := m.resolve(q)
	if err != nil {
		return Verdict{}, err
	}
	o := m.solve(&f, false, nil)
	return Verdict{Status: o.status, Reason: o.reason}, nil
}

// solve evaluates a flow, searching the internet side when it is free.
// When all is non-nil, the tables the evaluation consulted are added to it.
//
// The search splits the free side's address space into atoms at the bounds
// of every CIDR in the rules and routes the walks consulted, tries one
// address per atom in address order, and repeats while the walks consult
// new tables. Every address of an atom meets the same decisions, so the
// answer is exact. The search walks without tracing; the address it
// settles on is walked again with its explanation.
func (m *Model) solve(f *flow, trace bool, all *tableSet) outcome {
	if !f.anySrc && !f.anyDst {
		return m.evaluate(f, trace, all)
	}
	var tables tableSet
	tried := map[netip.Addr]bool{}
	var best outcome
	var bestAddr netip.Addr
	found := false
	settle := func() outcome {
		if all != nil {
			for _, r := range tables.list {
				all.add(r)
			}
		}
		if !trace || !found {
			return best
		}
		g := *f
		if f.anySrc {
			g.src = bestAddr
		} else {
			g.dst, g.goal.addr = bestAddr, bestAddr
		}
		return m.evaluate(&g, true, nil)
	}
	cands := []netip.Addr{m.internetRep(f.ipv6, nil)}
	for len(cands) > 0 {
		n := len(tables.list)
		for _, a := range cands {
			tried[a] = true
			g := *f
			if f.anySrc {
				g.src = a
			} else {
				g.dst, g.goal.addr = a, a
			}
			o := m.evaluate(&g, false, &tables)
			if o.status == Reachable {
				best, bestAddr, found = o, a, true
				return settle()
			}
			if !found || progress(o) > progress(best) {
				best, bestAddr, found = o, a, true
			}
		}
		if len(tables.list) == n && len(tried) > 1 {
			break
		}
		var bounds []netip.Addr
		for _, r := range tables.list {
			bounds = m.appendBounds(bounds, r)
		}
		cands = cands[:0]
		for _, a := range m.atomReps(bounds, f.ipv6) {
			if !tried[a] {
				cands = append(cands, a)
			}
		}
	}
	return settle()
}

// progress ranks blocked outcomes: a blocked reply got further than a
// blocked flow, and a longer path further than a shorter one.
func progress(o outcome) int {
	n := o.depth
	if o.status == ReplyBlocked {
		n += 1 << 20
	}
	return n
}

// appendBounds appends the first address and the address after the last of
// every CIDR in table r (rules, entries, routes).
func (m *Model) appendBounds(out []netip.Addr, r ref) []netip.Addr {
	for _, rs := range m.ruleLists(r) {
		for i := range rs {
			out = appendPrefixBounds(out, rs[i].peer)
			if rs[i].pl != noPL {
				for _, p := range m.pls[rs[i].pl].set.Prefixes() {
					out = appendPrefixBounds(out, p)
				}
			}
		}
	}
	if dests := kinds[r.kind].dests; dests != nil {
		out = dests(m, r.idx, out)
	}
	return out
}

// appendPrefixBounds appends the first address of p and the address after
// its last (when there is one), for a valid p.
func appendPrefixBounds(out []netip.Addr, p netip.Prefix) []netip.Addr {
	if p.IsValid() {
		out = append(out, p.Masked().Addr())
		if n := vpc.LastAddr(p).Next(); n.IsValid() {
			out = append(out, n)
		}
	}
	return out
}

// atomReps returns one public address from every interval between
// consecutive bounds (and the non-internet ranges), in address order.
func (m *Model) atomReps(bounds []netip.Addr, ipv6 bool) []netip.Addr {
	for _, np := range notInternet {
		bounds = appendPrefixBounds(bounds, np.p)
	}
	bounds = slices.DeleteFunc(bounds, func(a netip.Addr) bool { return a.Is6() != ipv6 })
	slices.SortFunc(bounds, netip.Addr.Compare)
	bounds = slices.Compact(bounds)
	var out []netip.Addr
	for i, b := range bounds {
		var end netip.Addr
		if i+1 < len(bounds) {
			end = bounds[i+1]
		}
		if a := m.internetRep(ipv6, &atom{b, end}); a.IsValid() {
			out = append(out, a)
		}
	}
	return out
}

type atom struct{ from, end netip.Addr }

// internetRep returns the first public address in the atom (or in the
// whole family when at is nil) that is not the public address of an
// interface, or the zero Addr. It tries a bounded number of addresses.
func (m *Model) internetRep(ipv6 bool, at *atom) netip.Addr {
	a := netip.MustParseAddr("1.0.0.0")
	if ipv6 {
		a = netip.MustParseAddr("2000::")
	}
	if at != nil {
		a = at.from
	}
	for range 64 {
		if !a.IsValid() || at != nil && at.end.IsValid() && a.Compare(at.end) >= 0 {
			return netip.Addr{}
		}
		if _, taken := m.byPublic[a]; isInternetAddr(a) && !taken {
			return a
		}
		if !isInternetAddr(a) {
			return netip.Addr{} // the whole atom is non-internet
		}
		a = a.Next()
	}
	return netip.Addr{}
}
