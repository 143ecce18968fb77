package sim

import (
	"fmt"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// OpenRange is a range of flows on which a source reaches a destination:
// one protocol with a port range (TCP, UDP) or an ICMP type/code range, or
// a range of protocols that carry no ports. Witness is the explained
// result for the range's first flow.
type OpenRange struct {
	Protocol vpc.Protocol `json:"protocol"`
	// LastProtocol is the last protocol of a range of port-less protocols;
	// it equals Protocol otherwise.
	LastProtocol vpc.Protocol `json:"lastProtocol"`
	// Ports is the destination port range for TCP and UDP.
	Ports vpc.PortRange `json:"ports,omitzero"`
	// ICMPFrom and ICMPTo bound the ICMP (type, code) range, in type-major
	// order, for ICMP and ICMPv6.
	ICMPFrom vpc.ICMP `json:"icmpFrom,omitzero"`
	ICMPTo   vpc.ICMP `json:"icmpTo,omitzero"`
	// Partial marks flows that reach a load balancer and only some of the
	// targets it sends them to (status partial); the witness says which.
	Partial bool    `json:"partial,omitempty"`
	Witness *Result `json:"witness"`
}

// String formats the range: "tcp 443", "udp 1024-65535", "tcp all" (ports
// 1-65535), "icmp type 8 code 0", "protocols 2-5".
func (o OpenRange) String() string {
	switch {
	case o.Protocol.HasPorts() && o.Ports == vpc.Ports(1, 65535):
		return fmt.Sprintf("%s all", o.Protocol) // every port but the reserved 0
	case o.Protocol.HasPorts():
		return fmt.Sprintf("%s %s", o.Protocol, o.Ports)
	case o.Protocol.IsICMP():
		if o.ICMPFrom == o.ICMPTo {
			return fmt.Sprintf("%s %s", o.Protocol, o.ICMPFrom)
		}
		if o.ICMPFrom == vpc.ICMPMessage(0, 0) && o.ICMPTo == vpc.ICMPMessage(255, 255) {
			return fmt.Sprintf("%s all", o.Protocol)
		}
		return fmt.Sprintf("%s %s .. %s", o.Protocol, o.ICMPFrom, o.ICMPTo)
	case o.LastProtocol != o.Protocol:
		return fmt.Sprintf("protocols %d-%d", o.Protocol, o.LastProtocol)
	}
	return fmt.Sprintf("protocol %s", o.Protocol)
}

// OpenPorts returns every flow on which q.From reaches q.To, replies
// included (through a load balancer, to all its targets or, marked
// Partial, to some): for TCP and UDP the destination port ranges, for ICMP the
// type and code ranges, and the other protocols, each range with a witness
// path. q.Protocol, q.Port and q.ICMP are ignored; the other fields (source
// port, ephemeral ports, IPv6) apply.
//
// The answer is exact and computed at once, not port by port: the ports
// are split into intervals at the bounds of every rule the flow meets, and
// every interval, whose ports all behave alike, is evaluated once. TCP and
// UDP port 0 and protocol 0 (HOPOPT) are reserved and never reported.
func (m *Model) OpenPorts(q Query) ([]OpenRange, error) {
	if m == nil {
		return nil, errNilModel()
	}
	if q.isWorkloadQuery() {
		return m.openWorkloads(q)
	}
	return m.openPorts(q, false)
}

// openPorts is OpenPorts, leaving the policies of endpoints and services
// out when noPolicy is set (Exposure).
func (m *Model) openPorts(q Query, noPolicy bool) ([]OpenRange, error) {
	base := q
	base.Protocol, base.Port, base.ICMP = vpc.ProtocolTCP, 1, nil // resolve wants a flow; ports don't matter
	f, err := m.resolveOpt(base, noPolicy)
	if err != nil {
		return nil, err
	}
	return m.openFlows(f, true), nil
}

// openFlows computes OpenPorts for a resolved flow, with or without
// witnesses.
func (m *Model) openFlows(f flow, witness bool) []OpenRange {
	icmp := vpc.ProtocolICMP
	if f.ipv6 {
		icmp = vpc.ProtocolICMPv6
	}
	var out []OpenRange
	var touched tableSet
	for _, p := range []vpc.Protocol{vpc.ProtocolTCP, vpc.ProtocolUDP, icmp} {
		out = append(out, m.openPortRanges(f, p, &touched, witness)...)
	}
	return mergeOpen(append(out, m.openProtocols(f, touched.list, witness)...))
}

// mergeOpen joins adjacent open ranges, which the interval search may
// find apart: ports of one protocol, ICMP messages in type-major order,
// and consecutive protocols without ports. The first range's witness
// stands for the merged range.
func mergeOpen(rs []OpenRange) []OpenRange {
	icmpKey := func(i vpc.ICMP) int { return i.Type()<<8 | i.Code() }
	out := rs[:0]
	for _, r := range rs {
		if n := len(out); n > 0 {
			last := &out[n-1]
			switch {
			case last.Partial != r.Partial:
			case last.Protocol.HasPorts() && r.Protocol == last.Protocol && int(last.Ports.To)+1 == int(r.Ports.From):
				last.Ports.To = r.Ports.To
				continue
			case last.Protocol.IsICMP() && r.Protocol == last.Protocol && icmpKey(last.ICMPTo)+1 == icmpKey(r.ICMPFrom):
				last.ICMPTo = r.ICMPTo
				continue
			case !last.Protocol.HasPorts() && !last.Protocol.IsICMP() && !r.Protocol.HasPorts() && !r.Protocol.IsICMP() &&
				last.LastProtocol+1 == r.Protocol:
				last.LastProtocol = r.LastProtocol
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// openPortRanges finds the open port (or ICMP type/code) ranges of one
// protocol.
//
// The ports split into intervals at the bounds of the rules of the tables
// the walks consult; the first port of each interval is walked once. The
// bounds are computed again only when a walk consulted a new table, so
// with R rules in the tables met and B intervals, the cost is B walks and
// O(R log R) per new table set, in O(R + B) memory.
func (m *Model) openPortRanges(f flow, p vpc.Protocol, touched *tableSet, witness bool) []OpenRange {
	f.proto = uint8(p)
	if p.IsICMP() {
		f.slo, f.shi = 0, 0
	}
	eval := func(port uint16, trace bool) outcome {
		g := f
		g.dlo, g.dhi = port, port
		if trace {
			return m.explain(&g, touched, nil)
		}
		return m.solve(&g, false, touched)
	}
	verdicts := map[uint16]Status{}
	var bounds []uint16
	for n := -1; n != len(touched.list); {
		n = len(touched.list)
		bounds = m.portBounds(bounds[:0], touched.list, f.proto)
		if f.goal.amazon && p.HasPorts() {
			// The Amazon services at reserved addresses answer on one
			// port (53 for the DNS resolver): no rule says so, so its
			// bounds are added here.
			port := uint16(53)
			if i := linkLocalService(f.dst); i >= 0 {
				port = linkLocalServices[i].port
			}
			bounds = append(bounds, port, port+1)
			slices.Sort(bounds)
			bounds = slices.Compact(bounds)
		}
		if p.HasPorts() {
			// Port 0 is reserved and not reported.
			bounds = slices.DeleteFunc(bounds, func(b uint16) bool { return b == 0 })
			if len(bounds) == 0 || bounds[0] != 1 {
				bounds = slices.Insert(bounds, 0, 1)
			}
		}
		for _, b := range bounds {
			if _, ok := verdicts[b]; !ok {
				verdicts[b] = eval(b, false).status
			}
		}
	}
	var out []OpenRange
	for i := 0; i < len(bounds); i++ {
		st := verdicts[bounds[i]]
		if !st.reaches() {
			continue
		}
		j := i
		for j+1 < len(bounds) && verdicts[bounds[j+1]] == st {
			j++
		}
		last := uint16(0xFFFF)
		if j+1 < len(bounds) {
			last = bounds[j+1] - 1
		}
		r := OpenRange{Protocol: p, LastProtocol: p, Partial: st == Partial}
		if witness {
			o := eval(bounds[i], true)
			r.Witness = o.result(m.queryOf(f, o, bounds[i]))
		}
		if p.IsICMP() {
			r.ICMPFrom = vpc.ICMPMessage(uint8(bounds[i]>>8), uint8(bounds[i]))
			r.ICMPTo = vpc.ICMPMessage(uint8(last>>8), uint8(last))
		} else {
			r.Ports = vpc.Ports(bounds[i], last)
		}
		out = append(out, r)
		i = j
	}
	return out
}

// portBounds appends to b and returns, sorted and without duplicates, the
// interval starts for protocol proto: 0 and, for every rule of the tables
// selecting proto, its first port and the port after its last.
func (m *Model) portBounds(b []uint16, tables []ref, proto uint8) []uint16 {
	b = append(b, 0)
	for _, t := range tables {
		for _, rs := range m.ruleLists(t) {
			for i := range rs {
				r := &rs[i]
				if r.proto != int16(proto) {
					continue
				}
				b = append(b, r.lo)
				if r.hi < 0xFFFF {
					b = append(b, r.hi+1)
				}
			}
		}
	}
	// ICMP request types expect a reply and the other types do not, so
	// each request type is its own interval (see replyPacket).
	for _, x := range icmpRequests {
		if x.proto == proto {
			b = append(b, x.request<<8, (x.request+1)<<8)
		}
	}
	slices.Sort(b)
	return slices.Compact(b)
}

// openProtocols finds the open protocols without ports: each protocol
// number a touched rule names is its own class; all others form one class.
func (m *Model) openProtocols(f flow, touched []ref, witness bool) []OpenRange {
	named := map[int16]bool{}
	for _, t := range touched {
		for _, l := range m.ruleLists(t) {
			for _, r := range l {
				if r.proto != anyProto && !hasPorts(uint8(r.proto)) {
					named[r.proto] = true
				}
			}
		}
	}
	eval := func(p uint8, trace bool) outcome {
		g := f
		g.proto, g.dlo, g.dhi, g.slo, g.shi = p, 0, 0, 0, 0
		if trace {
			return m.explain(&g, nil, nil)
		}
		return m.solve(&g, false, nil)
	}
	var out []OpenRange
	witnessOf := func(p uint8) *Result {
		if !witness {
			return nil
		}
		o := eval(p, true)
		g := f
		g.proto = p
		return o.result(m.queryOf(g, o, 0))
	}
	// The unnamed class, as ranges of consecutive protocol numbers.
	// Protocol 0 (HOPOPT, an IPv6 extension header rather than a
	// transport) is not reported; a Query cannot name it.
	rest := -1
	for p := 1; p <= 255; p++ {
		if !hasPorts(uint8(p)) && !named[int16(p)] {
			rest = p
			break
		}
	}
	restOpen := rest >= 0 && eval(uint8(rest), false).status.reaches()
	lastRest := -2 // the protocol that ended the last rest range in out
	for p := 1; p <= 255; p++ {
		switch {
		case hasPorts(uint8(p)):
			continue
		case named[int16(p)]:
			if eval(uint8(p), false).status.reaches() {
				out = append(out, OpenRange{Protocol: vpc.Protocol(p), LastProtocol: vpc.Protocol(p), Witness: witnessOf(uint8(p))})
			}
		case restOpen:
			if lastRest == p-1 {
				out[len(out)-1].LastProtocol = vpc.Protocol(p)
				lastRest = p
				continue
			}
			// The class behaves alike, so the range's first protocol is
			// open too; its witness is its own.
			out = append(out, OpenRange{Protocol: vpc.Protocol(p), LastProtocol: vpc.Protocol(p), Witness: witnessOf(uint8(p))})
			lastRest = p
		}
	}
	return out
}

// queryOf rebuilds the query a flow answers, for a witness; o gives the
// addresses the evaluation used.
func (m *Model) queryOf(f flow, o outcome, port uint16) Query {
	f.src, f.dst = o.src, o.dst
	// The HTTP request and API call too: the policies and rules that
	// decided the flow decide the witness again.
	q := Query{Protocol: vpc.Protocol(f.proto), IPv6: f.ipv6, SrcPort: f.sport, EphemeralPorts: f.eph, Request: f.request, Call: f.call}
	switch {
	case q.Protocol.HasPorts():
		q.Port = port
	case q.Protocol.IsICMP():
		i := vpc.ICMPMessage(uint8(port>>8), uint8(port))
		q.ICMP = &i
	}
	switch {
	case f.srcENI != noENI:
		q.From = ENIAddr(m.enis[f.srcENI].id, f.src)
	case f.srcNet != noSubnet:
		q.From = SubnetHost(m.subnets[f.srcNet].id)
	default:
		q.From = InternetAddress(f.src)
	}
	// The destination as the query named it, so that the witness can be
	// asked again; the internet at the address found when it was free.
	q.To = f.to
	if f.anyDst {
		q.To = InternetAddress(f.dst)
	}
	return q
}
