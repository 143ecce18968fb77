package simtest

import (
	"fmt"
	"strings"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Option refines an assertion: the query's address family and client
// ports ([IPv6], [EphemeralPorts], [SrcPort]), or, for
// [Arch.NotReachable] only, what must block the flow ([Because], [At]).
// An option an assertion does not take fails the test.
type Option struct {
	name  string
	query bool // a query option, as opposed to an expectation
	apply func(*options)
}

// options collects the options of one assertion.
type options struct {
	ipv6      bool
	eph       vpc.PortRange
	srcPort   uint16
	reason    sim.Reason
	hasReason bool
	at        string
}

// IPv6 asks the query over IPv6: the interfaces' first IPv6 address, an
// IPv6 internet address, and ICMPv6 rather than ICMP.
func IPv6() Option {
	return Option{name: "IPv6", query: true, apply: func(o *options) { o.ipv6 = true }}
}

// EphemeralPorts sets the client's ephemeral port range, on which replies
// must pass stateless network ACLs (1024-65535 by default; Linux uses
// 32768-60999). See [sim.Query].
func EphemeralPorts(from, to uint16) Option {
	return Option{name: "EphemeralPorts", query: true, apply: func(o *options) { o.eph = vpc.Ports(from, to) }}
}

// SrcPort pins the client's source port instead of its whole ephemeral
// range. See [sim.Query].
func SrcPort(p uint16) Option {
	return Option{name: "SrcPort", query: true, apply: func(o *options) { o.srcPort = p }}
}

// Because expects the flow to be stopped for this reason (the reason of
// the forward block, or of the reply's for a reply-blocked flow).
// [Arch.NotReachable] only.
func Because(r sim.Reason) Option {
	return Option{name: "Because", apply: func(o *options) { o.reason, o.hasReason = r, true }}
}

// At expects the flow to be stopped at this component: the ID in
// [sim.Block.Component], such as the interface whose security group lacks
// a rule ("eni-db") or the subnet whose network ACL denies ("subnet-db-a").
// [Arch.NotReachable] only.
func At(component string) Option {
	return Option{name: "At", apply: func(o *options) { o.at = component }}
}

// collect applies opts; expectations are refused unless allowed.
func collect(opts []Option, expectations bool) (options, error) {
	var o options
	var refused []string
	for _, x := range opts {
		if x.apply == nil {
			return o, fmt.Errorf("the zero Option: build options with IPv6, EphemeralPorts, SrcPort, Because or At")
		}
		if !x.query && !expectations {
			refused = append(refused, "simtest."+x.name)
			continue
		}
		x.apply(&o)
	}
	if len(refused) > 0 {
		return o, fmt.Errorf("%s applies to NotReachable only", strings.Join(refused, " and "))
	}
	return o, nil
}

// query builds the query of the options between two endpoints, for a
// flow.
func (o options) query(from, to sim.Endpoint, f flowRange) sim.Query {
	return f.query(sim.Query{From: from, To: to, IPv6: o.ipv6, EphemeralPorts: o.eph, SrcPort: o.srcPort})
}
