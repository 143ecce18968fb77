package simtest

import (
	"fmt"
	"strings"

	"github.com/vpcsim/vpcsim/internal/archcheck"
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
type options = archcheck.Options

// IPv6 asks the query over IPv6: the interfaces' first IPv6 address, an
// IPv6 internet address, and ICMPv6 rather than ICMP.
func IPv6() Option {
	return Option{name: "IPv6", query: true, apply: func(o *options) { o.IPv6 = true }}
}

// EphemeralPorts sets the client's ephemeral port range, on which replies
// must pass stateless network ACLs (1024-65535 by default; Linux uses
// 32768-60999). See [sim.Query].
func EphemeralPorts(from, to uint16) Option {
	return Option{name: "EphemeralPorts", query: true, apply: func(o *options) { o.EphemeralPorts = vpc.Ports(from, to) }}
}

// SrcPort pins the client's source port instead of its whole ephemeral
// range. See [sim.Query].
func SrcPort(p uint16) Option {
	return Option{name: "SrcPort", query: true, apply: func(o *options) { o.SrcPort = p }}
}

// Because expects the flow to be stopped for this reason (the reason of
// the forward block, or of the reply's for a reply-blocked flow).
// [Arch.NotReachable] only.
func Because(r sim.Reason) Option {
	return Option{name: "Because", apply: func(o *options) { o.Reason, o.HasReason = r, true }}
}

// At expects the flow to be stopped at this component: the ID in
// [sim.Block.Component], such as the interface whose security group lacks
// a rule ("eni-db") or the subnet whose network ACL denies ("subnet-db-a").
// [Arch.NotReachable] only.
func At(component string) Option {
	return Option{name: "At", apply: func(o *options) { o.At = component }}
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

// checkExpectations reports whether the expectations of o (Because, At)
// can be met at all: a reason that blocks, a component the network has.
func (a *Arch) checkExpectations(o options) error {
	if o.HasReason && o.Reason == sim.NoReason {
		return fmt.Errorf("simtest.Because(sim.NoReason): a blocked flow always has a reason; want one such as sim.SGIngress")
	}
	if o.At != "" {
		if _, ok := a.Model().NodeOf(o.At); !ok {
			return fmt.Errorf("simtest.At(%q): the network has no component %q", o.At, o.At)
		}
	}
	return nil
}
