package simtest

import (
	"fmt"
	"testing"

	"github.com/vpcsim/vpcsim/internal/archcheck"
)

// ReachableOnlyFrom checks that every interface to selects is reached
// with one flow (replies included) by exactly the sources from selects:
// each of them reaches it, and no other interface nor the internet does
// (include [Internet] in from to allow the internet). An interface is
// not its own source. "The database on 5432 only from the app tier":
//
//	a.ReachableOnlyFrom(t, simtest.Tag("tier", "db"), "tcp 5432", simtest.Tag("tier", "app"))
//
// For each destination that fails, it fails t (t.Errorf) with the sources
// found and wanted, then each unexpected source with the path that lets
// it in and each missing source with what blocks it. It reports whether
// the check held. The answer is exact: see [sim.Model.WhoCanReach].
//
// Options: [IPv6] (interfaces without an IPv6 address are then left out of
// from), [EphemeralPorts], [SrcPort].
func (a *Arch) ReachableOnlyFrom(t testing.TB, to Selector, flow string, from Selector, opts ...Option) bool {
	t.Helper()
	call := func() string { return fmt.Sprintf("ReachableOnlyFrom(%v, %q, %v)", to, flow, from) }
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
	fails, err := a.c.ReachableOnlyFrom(unwrap(to), f, unwrap(from), o)
	for _, msg := range fails {
		t.Errorf("%s", msg)
	}
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	return len(fails) == 0
}

// NotExposed checks that the internet reaches none of the interfaces sel
// selects, on any flow, over IPv4 or IPv6. When it does, it fails t
// (t.Errorf) with the interfaces reached, on which flows, and for each
// group of them the path that lets the internet in. It reports whether
// the check held. The answer is exact: see [sim.Model.Exposure].
//
// "Nothing but the load balancers is exposed":
//
//	a.NotExposed(t, simtest.Except(simtest.All(), simtest.Kind(vpc.KindLoadBalancer)))
func (a *Arch) NotExposed(t testing.TB, sel Selector) bool {
	t.Helper()
	call := func() string { return fmt.Sprintf("NotExposed(%v)", sel) }
	if a == nil {
		t.Errorf("simtest: %s on a nil *Arch: build it with New, Once or Compile", call())
		return false
	}
	return report(t, call, func() (string, error) { return a.c.NotExposed(unwrap(sel)) })
}

// InternetOnlyVia checks that no interface sel selects reaches the
// internet other than through component (a NAT gateway's ID, say): every
// flow from them that reaches some internet address, over IPv4 and, for
// interfaces with an IPv6 address, IPv6, has component on its path. It
// holds when they do not reach the internet at all; pair it with
// [Arch.Reachable] to check that they do.
//
// The check is exact: the internet's addresses are split at the bounds of
// every prefix the network declares (routes, rules, prefix lists, CIDRs),
// so that each range's addresses meet the same routes and rules, and each
// range is asked with [sim.Model.OpenPorts] from each interface (from its
// primary address). It costs one OpenPorts per interface and range.
// When some flow bypasses component, it fails t (t.Errorf) naming the
// interfaces, and for each the first address range and flows concerned,
// with the path they take. It reports whether the check held.
func (a *Arch) InternetOnlyVia(t testing.TB, sel Selector, component string) bool {
	t.Helper()
	call := func() string { return fmt.Sprintf("InternetOnlyVia(%v, %q)", sel, component) }
	if a == nil {
		t.Errorf("simtest: %s on a nil *Arch: build it with New, Once or Compile", call())
		return false
	}
	return report(t, call, func() (string, error) { return a.c.InternetOnlyVia(unwrap(sel), component, nil) })
}
