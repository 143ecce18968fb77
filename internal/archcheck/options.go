package archcheck

import (
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Options refine a check: the query's address family and client ports,
// and, for [Arch.NotReachable] only, what must block the flow.
type Options struct {
	// IPv6 asks the query over IPv6: the interfaces' first IPv6 address,
	// an IPv6 internet address, and ICMPv6 rather than ICMP.
	IPv6 bool
	// EphemeralPorts and SrcPort are as in [sim.Query].
	EphemeralPorts vpc.PortRange
	SrcPort        uint16
	// Reason, when HasReason is set, is the reason the flow must be
	// stopped for (NotReachable only).
	Reason    sim.Reason
	HasReason bool
	// At is the component the flow must be stopped at (NotReachable
	// only).
	At string
}

// query builds the query of the options between two endpoints, for a
// flow.
func (o Options) query(from, to sim.Endpoint, f Flow) sim.Query {
	return f.Query(sim.Query{From: from, To: to, IPv6: o.IPv6, EphemeralPorts: o.EphemeralPorts, SrcPort: o.SrcPort})
}
