package simtest

import (
	"fmt"
	"testing"

	"github.com/vpcsim/vpcsim/internal/archcheck"
	"github.com/vpcsim/vpcsim/sim"
)

// Reachable checks that from reaches to with one flow ("tcp 443",
// "udp 53", "icmp type 8 code 0", "protocol 47"), replies included. When
// it does not, it fails t (t.Errorf) with the explanation: the component,
// reason and rule that block the flow, then the path up to them. It
// reports whether the check held.
//
// Options: [IPv6], [EphemeralPorts], [SrcPort].
func (a *Arch) Reachable(t testing.TB, from, to sim.Endpoint, flow string, opts ...Option) bool {
	t.Helper()
	call := func() string { return fmt.Sprintf("Reachable(%s, %s, %q)", from, to, flow) }
	if a == nil {
		t.Errorf("simtest: %s on a nil *Arch: build it with New, Once or Compile", call())
		return false
	}
	o, err := collect(opts, false)
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	f, err := archcheck.ParseOneFlow(flow, o.IPv6)
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	return report(t, call, func() (string, error) { return a.c.Reachable(from, to, f, o) })
}

// NotReachable checks that from does not reach to with one flow: the flow
// or its replies are blocked. With [Because] it also checks the reason
// code, with [At] the blocking component. When the check fails, it fails
// t (t.Errorf) with the explanation: for a flow that gets through, the
// security group rules that let it through and its path; for a flow
// blocked otherwise than expected, where and why it is. It reports
// whether the check held.
//
// Options: [Because], [At], [IPv6], [EphemeralPorts], [SrcPort].
func (a *Arch) NotReachable(t testing.TB, from, to sim.Endpoint, flow string, opts ...Option) bool {
	t.Helper()
	call := func() string { return fmt.Sprintf("NotReachable(%s, %s, %q)", from, to, flow) }
	if a == nil {
		t.Errorf("simtest: %s on a nil *Arch: build it with New, Once or Compile", call())
		return false
	}
	o, err := collect(opts, true)
	if err == nil {
		err = a.checkExpectations(o)
	}
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	f, err := archcheck.ParseOneFlow(flow, o.IPv6)
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	return report(t, call, func() (string, error) { return a.c.NotReachable(from, to, f, o) })
}

// OpenPorts checks that the flows on which from reaches to (replies
// included) are exactly want: a comma-separated list of flows such as
// "tcp 443, tcp 8080-8090, udp 53, icmp type 8 code 0", "tcp all" (every
// port), "icmp type 3" (every code), "protocols 2-5", "all" (everything),
// or "" for nothing. The lists are compared as sets of flows, so
// "tcp 80, tcp 81" and "tcp 80-81" are the same. When they differ, it
// fails t (t.Errorf) with what is open and what was wanted, then each
// unexpected range with the path that opens it and each missing range
// with what blocks it. It reports whether the check held.
//
// The answer is exact: see [sim.Model.OpenPorts]. Options: [IPv6],
// [EphemeralPorts], [SrcPort].
func (a *Arch) OpenPorts(t testing.TB, from, to sim.Endpoint, want string, opts ...Option) bool {
	t.Helper()
	call := func() string { return fmt.Sprintf("OpenPorts(%s, %s, %q)", from, to, want) }
	if a == nil {
		t.Errorf("simtest: %s on a nil *Arch: build it with New, Once or Compile", call())
		return false
	}
	o, err := collect(opts, false)
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	wantSet, err := archcheck.ParseFlows(want, o.IPv6)
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	return report(t, call, func() (string, error) { return a.c.OpenPorts(from, to, wantSet, o) })
}

// report runs a check and reports its outcome on t: an error as a
// "simtest:" message naming the call, a failure as it is. It reports
// whether the check held.
func report(t testing.TB, call func() string, check func() (string, error)) bool {
	t.Helper()
	fail, err := check()
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	if fail != "" {
		t.Errorf("%s", fail)
		return false
	}
	return true
}
