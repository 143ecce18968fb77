package sim

import (
	"fmt"
	"net/netip"
	"strconv"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file holds the rule matchers shared by security groups and network
// ACLs: which packets a compiled rule matches, the union semantics of
// security groups and the first-match semantics of network ACLs.

// hasPorts reports whether packets of protocol p carry a port (or ICMP
// type and code) that rules select on.
func hasPorts(p uint8) bool {
	return p == protoTCP || p == protoUDP || p == protoICMP || p == protoICMPv6
}

// matchesProto reports whether rule r selects protocol p and the whole
// destination port range [lo, hi].
func (r *cRule) matchesProto(p uint8, lo, hi uint16) bool {
	if r.proto != anyProto && r.proto != int16(p) {
		return false
	}
	return !hasPorts(p) || (r.lo <= lo && hi <= r.hi)
}

// --- explanations -------------------------------------------------------

// ruleMatchString formats what a rule selects: "all", "tcp 443", "icmp type 8".
func (m *Model) ruleMatchString(r *cRule) string {
	p := vpc.Protocol(r.proto)
	switch {
	case r.proto == anyProto:
		return "all"
	case p.HasPorts():
		return fmt.Sprintf("%s %s", p, vpc.Ports(r.lo, r.hi))
	case p.IsICMP():
		return fmt.Sprintf("%s %s", p, icmpRange(r.lo, r.hi))
	}
	return p.String()
}

func icmpRange(lo, hi uint16) vpc.ICMP {
	switch {
	case lo == 0 && hi == 0xFFFF:
		return vpc.AnyICMP
	case lo == hi:
		return vpc.ICMPMessage(uint8(lo>>8), uint8(lo))
	}
	return vpc.ICMPType(uint8(lo >> 8))
}

// flowDesc formats the protocol and destination ports of p: "tcp 5432".
func (m *Model) flowDesc(p pkt) string {
	var buf [64]byte
	return string(appendFlowDesc(buf[:0], p))
}

// appendFlowDesc appends flowDesc(p) to b. It and the append functions
// below write what the String methods of vpc.Protocol, vpc.PortRange and
// vpc.ICMP do, without allocating, for the explanations of blocked flows
// (a test checks that they agree).
func appendFlowDesc(b []byte, p pkt) []byte {
	pr := vpc.Protocol(p.proto)
	b = append(b, pr.String()...)
	switch {
	case pr.HasPorts():
		b = appendPortRange(append(b, ' '), vpc.Ports(p.dlo, p.dhi))
	case pr.IsICMP():
		b = appendICMP(append(b, ' '), icmpRange(p.dlo, p.dhi))
	}
	return b
}

// appendPortRange appends r.String() to b.
func appendPortRange(b []byte, r vpc.PortRange) []byte {
	switch {
	case r.IsZero() || r == vpc.AllPorts:
		return append(b, r.String()...)
	case r.From == r.To:
		return strconv.AppendUint(b, uint64(r.From), 10)
	}
	b = append(strconv.AppendUint(b, uint64(r.From), 10), '-')
	return strconv.AppendUint(b, uint64(r.To), 10)
}

// appendICMP appends i.String() to b.
func appendICMP(b []byte, i vpc.ICMP) []byte {
	if i.IsAny() {
		return append(b, i.String()...)
	}
	b = strconv.AppendInt(append(b, "type "...), int64(i.Type()), 10)
	if !i.IsMessage() {
		return b
	}
	return strconv.AppendInt(append(b, " code "...), int64(i.Code()), 10)
}

// cRule is a compiled security group rule or network ACL entry. Ports are
// destination ports for TCP and UDP, and type<<8|code for ICMP.
type cRule struct {
	proto  int16 // a protocol number, or anyProto
	lo, hi uint16
	peer   netip.Prefix // CIDR peer
	pl     plIdx        // prefix list peer, or noPL
	group  sgIdx        // security group peer, or noSG
	stale  bool         // group peer in a VPC it may not be referenced from
	allow  bool         // ACL entries only
	index  int          // position in the declaration
	number int          // ACL rule number
	desc   string       // precomputed explanation
}

// anyProto is the protocol of a compiled rule matching every protocol
// (vpc.ProtocolAll).
const anyProto = int16(vpc.ProtocolAll)

// compileMatch turns a rule's protocol, ports and ICMP selector into the
// protocol and the range of packet "ports" it matches.
func compileMatch(p vpc.Protocol, ports vpc.PortRange, icmp vpc.ICMP) cRule {
	r := cRule{proto: int16(p), lo: 0, hi: 0xFFFF}
	switch {
	case p.HasPorts():
		r.lo, r.hi = ports.From, ports.To
	case p.IsICMP() && !icmp.IsAny():
		t := uint16(icmp.Type()) << 8
		r.lo, r.hi = t, t|0xFF
		if icmp.Code() != vpc.ICMPAny {
			r.lo = t | uint16(icmp.Code())
			r.hi = r.lo
		}
	}
	return r
}

// traffic checks the protocol, port range and ICMP selector that security
// group rules and network ACL entries share, at path base. An icmp rule
// with an IPv6 peer (or icmpv6 with an IPv4 one) is accepted, as AWS
// accepts it: it matches nothing.
func (r vres) traffic(base string, proto vpc.Protocol, ports vpc.PortRange, icmp vpc.ICMP) {
	switch {
	case proto == 0:
		r.errf(base+".protocol", ErrInvalidValue, "required: want tcp, udp, icmp, icmpv6, all (-1) or an IP protocol number 1..255")
		return
	case !proto.Valid():
		r.errf(base+".protocol", ErrInvalidValue, "%d: want -1 (all) or a protocol number 1..255", int(proto))
		return
	}
	switch {
	case proto.HasPorts() && ports.IsZero():
		r.errf(base+".ports", ErrInvalidValue, "required for %s: give a port range (vpc.Port(443), vpc.Ports(1024, 65535), or vpc.AllPorts for every port)", proto)
	case proto.HasPorts() && ports.From > ports.To:
		r.errf(base+".ports", ErrInvalidValue, "from %d is greater than to %d", ports.From, ports.To)
	case !proto.HasPorts() && !ports.IsZero():
		r.errf(base+".ports", ErrInvalidValue, "ports %d-%d: ports apply only to tcp and udp, not to protocol %s",
			ports.From, ports.To, proto)
	}
	if !icmp.IsAny() && !proto.IsICMP() {
		r.errf(base+".icmp", ErrInvalidValue, "icmp type and code apply only to icmp and icmpv6, not to protocol %s", proto)
	}
}
