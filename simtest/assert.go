package simtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/sim"
)

// mostExplained is how many differences of one kind a failure explains
// with a path; the others are only named.
const mostExplained = 5

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
	f, err := parseOneFlow(flow, o.ipv6)
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	r, err := a.model.Reach(o.query(from, to, f))
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	if r.Allowed() {
		return true
	}
	t.Errorf("%s", explained(r, ", want reachable"))
	return false
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
	if err == nil && o.hasReason && o.reason == sim.NoReason {
		err = fmt.Errorf("simtest.Because(sim.NoReason): a blocked flow always has a reason; want one such as sim.SGIngress")
	}
	if err == nil && o.at != "" {
		if _, ok := a.model.NodeOf(o.at); !ok {
			err = fmt.Errorf("simtest.At(%q): the network has no component %q", o.at, o.at)
		}
	}
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	f, err := parseOneFlow(flow, o.ipv6)
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	r, err := a.model.Reach(o.query(from, to, f))
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	blocked := !r.Allowed() && r.Block != nil
	if blocked && (!o.hasReason || r.Reason == o.reason) && (o.at == "" || r.Block.Component == o.at) {
		return true
	}
	want := "not reachable"
	switch {
	case o.hasReason && o.at != "":
		want += fmt.Sprintf(" (%s at %s)", o.reason, o.at)
	case o.hasReason:
		want += fmt.Sprintf(" (%s)", o.reason)
	case o.at != "":
		want += fmt.Sprintf(" (blocked at %s)", o.at)
	}
	got := ""
	if blocked && o.at != "" {
		got = " at " + r.Block.Component
	}
	t.Errorf("%s", explained(r, got+", want "+want))
	return false
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
	wantSet, err := parseFlows(want, o.ipv6)
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	base := sim.Query{From: from, To: to, IPv6: o.ipv6, EphemeralPorts: o.eph, SrcPort: o.srcPort}
	open, err := a.model.OpenPorts(base)
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	got := fromOpen(open)
	extra, missing := got.minus(wantSet), wantSet.minus(got)
	if len(extra) == 0 && len(missing) == 0 {
		return true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s -> %s%s: open %s; want %s\n", from, to, family(o.ipv6), got, wantSet)
	a.explainRanges(&b, "unexpected", extra, base)
	a.explainRanges(&b, "missing", missing, base)
	t.Errorf("%s", strings.TrimSuffix(b.String(), "\n"))
	return false
}

// family labels IPv6 queries in a message.
func family(ipv6 bool) string {
	if ipv6 {
		return " (ipv6)"
	}
	return ""
}

// explainRanges writes, for each range (up to mostExplained), a line
// "<what> <range>:" and the explained result of its first flow.
func (a *Arch) explainRanges(b *strings.Builder, what string, rs flowSet, base sim.Query) {
	for i, r := range rs {
		if i == mostExplained {
			fmt.Fprintf(b, "  %s also: %s\n", what, rs[i:])
			return
		}
		fmt.Fprintf(b, "  %s %s:\n", what, r)
		a.explainQuery(b, r.query(base), "    ")
	}
}

// explainQuery writes the explained result of q, or why there is none.
func (a *Arch) explainQuery(b *strings.Builder, q sim.Query, indent string) {
	r, err := a.model.Reach(q)
	if err != nil {
		fmt.Fprintf(b, "%s%s: cannot explain: %v\n", indent, q, err)
		return
	}
	explain(b, r, indent, "")
}
