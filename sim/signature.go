package sim

import (
	"encoding/binary"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Subnet-level matrices ask about many pairs of subnet hosts whose flows
// meet the same filters. A probe walks a pair's flow once with network
// ACLs recorded instead of applied: routing does not depend on protocol or
// port, so every flow of the pair follows that path, and each ACL decision
// depends only on the ACL's entries, the peer address's interval between
// the ACL's CIDR bounds, the protocol and the port. Pairs with the same
// record (the signature) therefore have the same open flows, which are
// computed once.

// classifyACLs numbers ACLs by their entries and computes their bounds.
func (m *Model) classifyACLs() {
	classes := map[string]int32{}
	var key strings.Builder
	for i := range m.acls {
		A := &m.acls[i]
		key.Reset()
		for _, rs := range [][]cRule{A.inbound, A.outbound} {
			for _, r := range rs {
				key.WriteString(strconv.Itoa(int(r.proto)) + " " + strconv.Itoa(int(r.lo)) + " " + strconv.Itoa(int(r.hi)) +
					" " + r.peer.String() + " " + strconv.FormatBool(r.allow) + ";")
			}
			key.WriteByte('|')
		}
		c, ok := classes[key.String()]
		if !ok {
			c = int32(len(classes))
			classes[key.String()] = c
		}
		A.class = c
		A.bounds = m.appendBounds(nil, refOf(aclIdx(i)))
		slices.SortFunc(A.bounds, netip.Addr.Compare)
		A.bounds = slices.Compact(A.bounds)
	}
}

// sign records one network ACL check: the ACL's class, the direction and
// the interval of the peer address.
func (w *walker) sign(acl aclIdx, inbound bool, peer netip.Addr) {
	A := &w.m.acls[acl]
	atom, _ := slices.BinarySearchFunc(A.bounds, peer, func(b, a netip.Addr) int {
		if b.Compare(a) <= 0 {
			return -1
		}
		return 1
	})
	dir := byte('o')
	if inbound {
		dir = 'i'
	}
	s := append(*w.sig, dir)
	s = binary.AppendUvarint(s, uint64(A.class))
	*w.sig = binary.AppendUvarint(s, uint64(atom))
}

// signSG records a security group check of an appliance interface on the
// path: the interface, the direction and the exact peer address (no
// grouping; such paths are rare).
func (w *walker) signSG(e eniIdx, dir byte, peer netip.Addr) {
	s := append(*w.sig, 'S', dir)
	s = binary.AppendUvarint(s, uint64(e))
	*w.sig = append(s, peer.AsSlice()...)
}

// probe walks a concrete flow and its reply with network ACLs recorded in
// sig rather than applied, and security groups of interfaces on the way
// (appliances) recorded too. It reports whether the forward walk arrived;
// a reply that does not arrive is recorded too, so that the fate of every
// flow of the pair rests on what was recorded. Only
// flows between subnet hosts are probed.
func (m *Model) probe(f *flow, sig *[]byte) bool {
	*sig = (*sig)[:0]
	w := walker{m: m, goal: f.goal, sig: sig, returnTo: noENI}
	p := pkt{src: f.src, dst: f.dst, proto: f.proto, slo: f.slo, shi: f.shi, dlo: f.dlo, dhi: f.dhi, srcVPC: f.srcVPC}
	w.leave(f.srcNet, p, noENI)
	if !w.ok {
		return false
	}
	*sig = append(*sig, '/')
	rp, _ := replyPacket(w.final)
	rp.srcVPC = m.subnets[w.atSubnet].vpc
	r := walker{m: m, reply: true, returnTo: noENI, goal: goal{eni: noENI, subnet: f.srcNet, addr: f.src}, sig: sig, nats: w.nats, nnats: w.nnats, outEIGW: w.outEIGW,
		trackedENIs: w.trackedENIs, ntracked: w.ntracked, sym: w.sym}
	r.leave(w.atSubnet, rp, noENI)
	if !r.ok || !r.symmetric() {
		// The reply fails whatever the protocol (ACLs are only recorded):
		// flows that expect no reply (most ICMP types) may still be open.
		*sig = append(*sig, '!')
	}
	return true
}
