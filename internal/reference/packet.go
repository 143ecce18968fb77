package reference

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/vpc"
)

// packet is one packet as the reference walks it.
type packet struct {
	src, dst netip.Addr
	proto    int
	// sport and dport are the source and destination ports (TCP and UDP
	// only; never the zero value). The forward packet has one destination
	// port; a reply's destination is the client's port range, which every
	// filter must let through on every port.
	sport, dport vpc.PortRange
	icmpT, icmpC int // ICMP and ICMPv6 only
	// srcVPC is the VPC in which src is a private address of an
	// interface, for security group references; "" once the source has
	// been translated or has passed an appliance.
	srcVPC string
	// member, on a load balancer's connection that carries its client's
	// address, is the node: rules naming the node's groups admit it.
	member string
	// privateLink marks a connection that reached a load balancer node
	// through AWS PrivateLink (privatelink.go).
	privateLink bool
}

func (p packet) hasPorts() bool { return p.proto == 6 || p.proto == 17 }

func (p packet) isICMP() bool { return p.proto == 1 || p.proto == 58 }

// icmpTypeCode returns the type and code of a concrete ICMP message.
func icmpTypeCode(i *vpc.ICMP) (int, int) { return i.Type(), i.Code() }

// icmpSelects reports whether a rule's ICMP selector selects message t/c:
// vpc.ICMPAny for the type or the code (the zero selector has both)
// selects every one.
func icmpSelects(sel vpc.ICMP, t, c int) bool {
	st, sc := sel.Type(), sel.Code()
	return (st == vpc.ICMPAny || st == t) && (sc == vpc.ICMPAny || sc == c)
}

// rulePorts returns the ports a TCP or UDP rule selects (validation
// rejects a TCP or UDP rule without ports).
func rulePorts(r vpc.PortRange) vpc.PortRange { return r }

func portIn(r vpc.PortRange, p uint16) bool { return r.From <= p && p <= r.To }

// selects reports whether a rule (security group rule or network ACL
// entry) of protocol proto, ports and ICMP selector selects packet p at
// destination port port. Protocol all (-1) selects everything; a TCP or
// UDP rule selects by destination port, an ICMP rule by type and code.
func selects(proto vpc.Protocol, ports vpc.PortRange, icmp vpc.ICMP, p packet, port uint16) bool {
	switch {
	case proto == vpc.ProtocolAll:
		return true
	case int(proto) != p.proto:
		return false
	case p.hasPorts():
		return portIn(ports, port)
	case p.isICMP():
		return icmpSelects(icmp, p.icmpT, p.icmpC)
	}
	return true
}

// changePorts returns the ports of p's destination range at which the
// decision of a list of rules with the given port ranges can change: the
// range's first port and every rule bound inside it. Between two of them
// every rule selects all ports or none, so deciding these ports decides
// the range.
func changePorts(p packet, ranges []vpc.PortRange) []uint16 {
	if !p.hasPorts() {
		return []uint16{0}
	}
	out := []uint16{p.dport.From}
	for _, r := range ranges {
		r = rulePorts(r)
		for _, b := range []int{int(r.From), int(r.To) + 1} {
			if b > int(p.dport.From) && b <= int(p.dport.To) {
				out = append(out, uint16(b))
			}
		}
	}
	return out
}

// replyTo returns the reply to packet p as it arrived, and whether the
// flow expects one. TCP, UDP and protocols without ports do; of ICMP only
// the request messages do (echo, timestamp, information and address mask
// requests; ICMPv6 echo request), and their reply is the matching reply
// message (RFC 792, RFC 950, RFC 4443).
func replyTo(p packet) (packet, bool) {
	rp := packet{src: p.dst, dst: p.src, proto: p.proto, sport: p.dport, dport: p.sport}
	switch p.proto {
	case 1:
		switch p.icmpT {
		case 8:
			rp.icmpT = 0
		case 13, 15, 17:
			rp.icmpT = p.icmpT + 1
		default:
			return rp, false
		}
	case 58:
		if p.icmpT != 128 {
			return rp, false
		}
		rp.icmpT = 129
	}
	return rp, true
}
