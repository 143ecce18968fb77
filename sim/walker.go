package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"sync/atomic"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file holds the walker, which carries one packet through the model:
// its state, how it records hops and blocks, the bound on its steps, and
// connection tracking for the reply. The forwarding functions live in the
// rooms of their kinds (kind_*.go): each takes the packet arriving at a
// component, checks what that component checks, rewrites the packet if
// the component translates, and hands it to the next component, or
// records a block. The same functions carry the reply (w.reply), where
// security groups pass by connection tracking and NAT gateways reverse
// their translation. The dispatch between them is by name: a subnet's
// routing (walker.leave) calls the route target's function, an interface
// (walker.receive) its owner's.

// pkt is the packet as the engine walks it. Ports are ranges: the forward
// packet has one destination port and the client's ephemeral range as
// source; a reply has them swapped. For ICMP the destination "port" is
// type<<8|code. srcVPC is the VPC in which src is a private address, or
// noVPC.
type pkt struct {
	src, dst netip.Addr
	proto    uint8
	slo, shi uint16
	dlo, dhi uint16
	srcVPC   vpcIdx
	// member, when not zero, is one more than the index of an interface
	// whose security groups the source counts as a member of, whatever its
	// address: a Network Load Balancer's node, for the flows it sends to
	// targets with the client's address (client IP preservation).
	member int32
}

// memberOf returns the interface whose groups p's source is a member of
// by declaration (see pkt.member), or noENI.
func (p pkt) memberOf() eniIdx { return eniIdx(p.member - 1) }

// IP protocol numbers the engine treats apart.
const (
	protoICMP   uint8 = 1
	protoTCP    uint8 = 6
	protoUDP    uint8 = 17
	protoICMPv6 uint8 = 58
)

// ICMP and ICMPv6 message types the engine treats apart.
const (
	icmpEchoReply     uint16 = 0
	icmpEchoRequest   uint16 = 8
	icmpv6EchoRequest uint16 = 128
	icmpv6EchoReply   uint16 = 129
)

// icmpRequests are the ICMP and ICMPv6 request types, which expect a reply,
// and the type of their reply: echo, timestamp, information and address
// mask requests, and ICMPv6 echo. Other messages expect none.
var icmpRequests = [...]struct {
	proto          uint8
	request, reply uint16
}{
	{protoICMP, icmpEchoRequest, icmpEchoReply}, {protoICMP, 13, 14}, {protoICMP, 15, 16}, {protoICMP, 17, 18},
	{protoICMPv6, icmpv6EchoRequest, icmpv6EchoReply},
}

// maxSteps bounds a walk; more means a routing loop.
const maxSteps = 64

// goal is where a walk must arrive.
type goal struct {
	amazon   bool      // a service AWS answers at a reserved address: the sender VPC's DNS resolver, IMDS, ...
	aws      int32     // one more than the AWS service the flow is for (awsIdx), 0 for none
	eni      eniIdx    // destination interface, or noENI
	subnet   subnetIdx // destination subnet host (at addr), or noSubnet
	internet bool      // destination is an internet host
	addr     netip.Addr
	// lattice is set when the walk ends at VPC Lattice: at service svc
	// (a request), or back at Lattice (svc noSvc: the reply of a leg it
	// opened).
	lattice bool
	svc     svcIdx
	// onPrem, when not zero, is one more than the index of the
	// on-premises network the walk must arrive at (at addr).
	onPrem int32
	// rcfg, with lattice, is one more than the resource configuration
	// (rcfgIdx) a connection is for; 0 for none.
	rcfg int32
}

// walker follows one packet through the model.
type walker struct {
	m     *Model
	trace bool // record hops and block details
	reply bool
	goal  goal

	hops []Hop
	// lastPkt is the packet the last hop showed, exported as lastPacket
	// (when exported is set).
	lastPkt    pkt
	lastPacket Packet
	exported   bool
	block      Block
	reason     Reason
	ok         bool
	steps      int
	depth      int // hops taken, traced or not

	// where the walk arrived, and the packet as it arrived
	atENI     eniIdx
	atSubnet  subnetIdx // subnet host arrived at, or noSubnet
	atDNS     bool      // arrived at the Amazon DNS resolver
	atLattice bool      // arrived at VPC Lattice
	atGW      int32     // one more than the gateway endpoint arrived through (vpceIdx), 0 for none
	atOnPrem  int32     // one more than the on-premises network arrived at, or 0
	final     pkt

	nats  [4]natEntry
	nnats int
	// outEIGW records that the request left for the internet through an
	// egress-only gateway, so its reply returns through that gateway.
	outEIGW bool
	// returnTo, on the reply of a connection a load balancer opened with
	// its client's address as source (client IP preservation), is the
	// load balancer's node: the reply returns to it whatever its
	// destination address, as the load balancer tracks the flow.
	returnTo eniIdx
	// the interfaces whose security groups the request passed, for
	// connection tracking on the reply
	trackedENIs [8]eniIdx
	ntracked    int
	// sym is the flow's symmetry state: the stateful appliances and
	// appliance-mode zones of the request, for its reply (symmetry.go).
	sym symState

	// call is the API call the flow carries, for the policies of
	// endpoints and services (nil: none consulted).
	call *APICall
	// proxies counts the proxies the walked flow is nested in (a leg
	// of a load balancer, of an appliance's GENEVE exchange): the bound
	// maxProxyDepth stops a GENEVE leg routed through its own Gateway
	// Load Balancer endpoint (kind_gwlb.go).
	proxies int

	// touched, when non-nil, collects the rule and route tables the walk
	// consulted (for the address-atom search of internet-any queries, and
	// the port bounds of OpenPorts).
	touched *tableSet
	// sig, when non-nil, makes the walk a probe: network ACLs are not
	// applied but recorded in it (see signature.go).
	sig *[]byte
}

// hop records that component id, of kind k, let p pass at step; rule, when
// not nil, says why (it is called only when tracing).
func (w *walker) hop(k kind, id string, step Step, rule func() string, p pkt) {
	w.hopRef(k, id, step, RuleRef{}, rule, p)
}

// hopRef is hop naming the declared rule or route that let p pass.
func (w *walker) hopRef(k kind, id string, step Step, ref RuleRef, rule func() string, p pkt) {
	w.depth++
	if !w.trace {
		return
	}
	text := ""
	if rule != nil {
		text = rule()
	}
	// The hop is written in place: its storage may hold an earlier
	// answer's hop (see arena), every field is set.
	if n := len(w.hops); n < cap(w.hops) {
		w.hops = w.hops[:n+1]
	} else {
		w.hops = append(w.hops, Hop{})
	}
	h := &w.hops[len(w.hops)-1]
	h.Component, h.Kind, h.Step, h.Rule, h.Ref = id, kinds[k].component, step, text, ref
	// Most hops show the packet the one before showed: export it once.
	if !w.exported || w.lastPkt != p {
		w.lastPkt, w.lastPacket, w.exported = p, w.m.exportPacket(p), true
	}
	h.Packet = w.lastPacket
}

// fail ends the walk at component id, of kind k, for reason r; rule says
// what blocked (called only when tracing).
func (w *walker) fail(r Reason, k kind, id string, step Step, rule func() string) {
	w.failRef(r, k, id, step, RuleRef{}, rule)
}

// failRef is fail naming the declared entry or route that blocked.
func (w *walker) failRef(r Reason, k kind, id string, step Step, ref RuleRef, rule func() string) {
	w.reason = r
	if w.trace {
		w.block = Block{Component: id, Kind: kinds[k].component, Step: step, Reason: r, Rule: rule(), Ref: ref}
	}
}

// touch records that the walk consulted table t.
func (w *walker) touch(t ref) {
	if w.touched != nil {
		w.touched.add(t)
	}
}

// tableSet collects rule and route tables, each once, in the order first
// added. Searches that walk many flows (OpenPorts over every port
// interval, the internet-any address search, WhoCanReach) collect the
// tables of all their walks in one set, so that it grows with the tables
// consulted, not with the walks.
type tableSet struct {
	list []ref
	seen map[ref]struct{} // list's tables, once it holds more than smallTableSet
}

// smallTableSet is the most tables a set finds by going over its list; a
// larger one keeps a map. A single walk consults a dozen.
const smallTableSet = 32

// add adds table t, if not already there.
func (s *tableSet) add(t ref) {
	if s.seen == nil {
		if slices.Contains(s.list, t) {
			return
		}
		if s.list == nil {
			s.list = make([]ref, 0, 16) // grown once at most for a walk
		}
		s.list = append(s.list, t)
		if len(s.list) > smallTableSet {
			s.seen = make(map[ref]struct{}, 2*len(s.list))
			for _, r := range s.list {
				s.seen[r] = struct{}{}
			}
		}
		return
	}
	if _, ok := s.seen[t]; ok {
		return
	}
	s.seen[t] = struct{}{}
	s.list = append(s.list, t)
}

// loop counts a forwarding step at component id, of kind k, and ends the
// walk as a routing loop past maxSteps.
func (w *walker) loop(k kind, id string) bool {
	w.steps++
	if w.steps > maxSteps {
		w.fail(RouteLoop, k, id, StepRoute, func() string {
			return fmt.Sprintf("more than %d forwarding steps: the routes form a loop", maxSteps)
		})
		return true
	}
	return false
}

// track records that the request passed interface e's security groups.
func (w *walker) track(e eniIdx) {
	if w.ntracked < len(w.trackedENIs) {
		w.trackedENIs[w.ntracked] = e
	}
	w.ntracked++
}

// tracked reports whether the request passed interface e (always, past
// the bound of the record, to stay on the permissive side).
func (w *walker) tracked(e eniIdx) bool {
	if w.ntracked > len(w.trackedENIs) {
		return true
	}
	return slices.Contains(w.trackedENIs[:w.ntracked], e)
}

// addrText returns prefix, a, mid and b (when valid) as one string, in one
// allocation: the text of a translation hop.
func addrText(prefix string, a netip.Addr, mid string, b netip.Addr) string {
	var buf [128]byte
	s := a.AppendTo(append(buf[:0], prefix...))
	s = append(s, mid...)
	if b.IsValid() {
		s = b.AppendTo(s)
	}
	return string(s)
}

// replyPacket returns the reply to a packet as it arrived, and whether the
// flow expects one: TCP, UDP and other protocols do; of ICMP, only the
// request types (echo, timestamp, information, address mask).
func replyPacket(p pkt) (pkt, bool) {
	r := pkt{src: p.dst, dst: p.src, proto: p.proto, slo: p.dlo, shi: p.dhi, dlo: p.slo, dhi: p.shi}
	if p.proto != protoICMP && p.proto != protoICMPv6 {
		return r, true
	}
	for _, x := range icmpRequests {
		if x.proto == p.proto && x.request == p.dlo>>8 {
			r.slo, r.shi, r.dlo, r.dhi = 0, 0, x.reply<<8, x.reply<<8
			return r, true
		}
	}
	return r, false
}

func (m *Model) exportPacket(p pkt) Packet {
	out := Packet{Src: p.src, Dst: p.dst, Protocol: vpc.Protocol(p.proto)}
	switch {
	case out.Protocol.HasPorts():
		out.SrcPorts, out.DstPorts = vpc.Ports(p.slo, p.shi), vpc.Ports(p.dlo, p.dhi)
	case out.Protocol.IsICMP():
		out.ICMP = sharedICMP(p.dlo, p.dhi)
	}
	return out
}

// The ICMP values that hop packets point to, shared by every answer so
// that building a hop does not allocate: the messages of each type (a row
// built on first use), the types with any code, and any message.
var (
	icmpMessages [256]atomic.Pointer[[256]vpc.ICMP]
	icmpTypes    = func() (t [256]vpc.ICMP) {
		for i := range t {
			t[i] = vpc.ICMPType(uint8(i))
		}
		return t
	}()
	icmpAny = vpc.AnyICMP
)

// sharedICMP returns a pointer to the shared value icmpRange(lo, hi).
func sharedICMP(lo, hi uint16) *vpc.ICMP {
	switch {
	case lo == 0 && hi == 0xFFFF:
		return &icmpAny
	case lo == hi:
		typ := &icmpMessages[lo>>8]
		row := typ.Load()
		if row == nil {
			row = new([256]vpc.ICMP)
			for c := range row {
				row[c] = vpc.ICMPMessage(uint8(lo>>8), uint8(c))
			}
			if !typ.CompareAndSwap(nil, row) {
				row = typ.Load()
			}
		}
		return &row[lo&0xFF]
	}
	return &icmpTypes[lo>>8]
}
