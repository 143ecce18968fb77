package sim

import "fmt"

// This file holds flow symmetry: what the request of a flow leaves for its
// reply beyond connection tracking, so that the reply is judged as AWS
// carries it.
//
//   - A transit gateway sends a packet out of a VPC attachment through the
//     attachment's subnet in the Availability Zone the packet entered the
//     transit gateway in, when it has one there (AZ affinity), so the
//     reply of a flow, which enters in the responder's zone, may leave by
//     another zone than the request did. With appliance mode on the
//     attachment, the transit gateway keeps one zone of that attachment
//     for both directions of the flow (AWS Transit Gateway Guide, "How
//     transit gateways work", Availability Zones and appliance mode).
//     AWS picks that zone by a hash of the flow; vpcsim takes the zone the
//     request would have used by affinity, and keeps it for the reply.
//   - A stateful appliance (vpc.NetworkInterface.Stateful) forwards a
//     reply only when it forwarded the request, and a flow whose reply
//     bypasses an appliance that forwarded the request breaks: AWS does
//     not support asymmetric routing through appliances (AWS VPC User
//     Guide, "Gateway route tables", rules and considerations), and a
//     firewall holds no state for a flow whose first packet it did not
//     see.

// symState is what the request leaves for the reply: the stateful
// appliances it crossed (fwd, the first len(fwd) of nfwd), which of them
// the reply crossed (back, a bit per fwd entry), and the attachment
// subnets transit gateways kept for attachments in appliance mode.
type symState struct {
	fwd   [4]eniIdx
	nfwd  int
	back  uint8
	pins  [4]azPin
	npins int
}

// azPin records that the request left attachment att through subnet.
type azPin struct {
	att    tgwAttIdx
	subnet subnetIdx
}

// statefulForward applies a stateful appliance's flow tracking to a
// packet interface e forwards: the request's crossings are recorded; a
// reply passes only an appliance the request crossed. It reports whether
// the packet goes on.
func (w *walker) statefulForward(e eniIdx) bool {
	E := &w.m.enis[e]
	if !E.stateful {
		return true
	}
	S := &w.sym
	if !w.reply {
		if S.nfwd < len(S.fwd) {
			S.fwd[S.nfwd] = e
		}
		S.nfwd++
		return true
	}
	for i := range min(S.nfwd, len(S.fwd)) {
		if S.fwd[i] == e {
			S.back |= 1 << i
			return true
		}
	}
	if S.nfwd > len(S.fwd) {
		return true // past the bound of the record, stay permissive
	}
	w.fail(AsymmetricRoute, kindENI, E.id, StepForward, func() string {
		return fmt.Sprintf("the reply reached %s, a stateful appliance the request did not pass: it holds no state for the flow and drops it", E.id)
	})
	return false
}

// symmetric checks, at the end of a reply that arrived, that the reply
// crossed every stateful appliance the request crossed, failing the walk
// when it bypassed one. It reports whether the reply stands.
func (w *walker) symmetric() bool {
	S := &w.sym
	n := min(S.nfwd, len(S.fwd))
	for i := range n {
		if S.back&(1<<i) != 0 {
			continue
		}
		// An appliance the request crossed more than once (through two
		// endpoints whose nodes pick it) holds the flow's state as soon
		// as the reply crosses it once.
		crossed := false
		for j := range n {
			crossed = crossed || S.fwd[j] == S.fwd[i] && S.back&(1<<j) != 0
		}
		if crossed {
			continue
		}
		E := &w.m.enis[S.fwd[i]]
		w.fail(AsymmetricRoute, kindENI, E.id, StepForward, func() string {
			return fmt.Sprintf("the reply bypassed %s, a stateful appliance that forwarded the request: it sees one direction of the flow only and drops it", E.id)
		})
		return false
	}
	return true
}

// tgwEgress returns the subnet through which a transit gateway sends a
// packet out of VPC attachment b, the packet having entered through subnet
// in (noSubnet when it came from a VPN connection, a Direct Connect
// gateway or a peer transit gateway): the attachment's subnet in the zone
// of in, or else (for a packet from another kind of attachment) in the
// zone of the destination's subnet, or else its first subnet by zone
// name. In appliance mode, the reply leaves through the subnet the request
// left through.
func (w *walker) tgwEgress(b tgwAttIdx, in subnetIdx, p pkt) subnetIdx {
	m := w.m
	B := &m.tgwAtts[b]
	S := &w.sym
	if B.appliance && w.reply {
		for _, x := range S.pins[:min(S.npins, len(S.pins))] {
			if x.att == b {
				return x.subnet
			}
		}
	}
	out := noSubnet
	switch {
	case in != noSubnet:
		out = m.attachSubnet(b, in)
	default:
		if s := m.subnetAt(B.vpc, p.dst); s != noSubnet {
			out = m.attachSubnet(b, s)
		}
	}
	if out == noSubnet {
		out = B.subnets[0]
	}
	if B.appliance && !w.reply && S.npins < len(S.pins) {
		S.pins[S.npins] = azPin{b, out}
		S.npins++
	}
	return out
}

// egressNote explains, on a transit gateway hop, that appliance mode
// decided the zone it left attachment b in.
func (m *Model) egressNote(b tgwAttIdx) string {
	if m.tgwAtts[b].appliance {
		return " (appliance mode: one zone for both directions of the flow)"
	}
	return ""
}
