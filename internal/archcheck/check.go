package archcheck

import (
	"fmt"
	"strings"

	"github.com/vpcsim/vpcsim/sim"
)

// mostExplained is how many differences of one kind a failure explains
// with a path; the others are only named.
const mostExplained = 5

// Reachable checks that from reaches to with flow f, replies included.
// It returns "" when it does, else the failure: the component, reason
// and rule that block the flow, then the path up to them. An error means
// the check cannot be evaluated (an unknown interface, ...).
func (a *Arch) Reachable(from, to sim.Endpoint, f Flow, o Options) (string, error) {
	r, err := a.model.Reach(o.query(from, to, f))
	if err != nil {
		return "", err
	}
	if r.Allowed() {
		return "", nil
	}
	return explained(r, ", want reachable"), nil
}

// NotReachable checks that from does not reach to with flow f: the flow
// or its replies are blocked, for o.Reason when o.HasReason is set, at
// o.At when it is not empty. It returns "" when the check holds, else
// the failure: for a flow that gets through, the security group rules
// that let it through and its path; for a flow blocked otherwise than
// expected, where and why it is.
func (a *Arch) NotReachable(from, to sim.Endpoint, f Flow, o Options) (string, error) {
	r, err := a.model.Reach(o.query(from, to, f))
	if err != nil {
		return "", err
	}
	blocked := !r.Allowed() && r.Block != nil
	if blocked && (!o.HasReason || r.Reason == o.Reason) && (o.At == "" || r.Block.Component == o.At) {
		return "", nil
	}
	want := "not reachable"
	switch {
	case o.HasReason && o.At != "":
		want += fmt.Sprintf(" (%s at %s)", o.Reason, o.At)
	case o.HasReason:
		want += fmt.Sprintf(" (%s)", o.Reason)
	case o.At != "":
		want += fmt.Sprintf(" (blocked at %s)", o.At)
	}
	got := ""
	if blocked && o.At != "" {
		got = " at " + r.Block.Component
	}
	return explained(r, got+", want "+want), nil
}

// OpenPorts checks that the flows on which from reaches to (replies
// included) are exactly want, compared as sets of flows. It returns ""
// when they are, else what is open and what was wanted, then each
// unexpected range with the path that opens it and each missing range
// with what blocks it. The answer is exact: see [sim.Model.OpenPorts].
func (a *Arch) OpenPorts(from, to sim.Endpoint, want FlowSet, o Options) (string, error) {
	base := sim.Query{From: from, To: to, IPv6: o.IPv6, EphemeralPorts: o.EphemeralPorts, SrcPort: o.SrcPort}
	open, err := a.model.OpenPorts(base)
	if err != nil {
		return "", err
	}
	got := FromOpen(open)
	extra, missing := got.Minus(want), want.Minus(got)
	if len(extra) == 0 && len(missing) == 0 {
		return "", nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s -> %s%s: open %s; want %s\n", from, to, family(o.IPv6), got, want)
	a.explainRanges(&b, "unexpected", extra, base)
	a.explainRanges(&b, "missing", missing, base)
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// NoneOpen checks that from reaches to on none of the flows of deny
// (replies included). It returns "" when it does not, else the flows
// open among them, each explained with the path that opens it.
func (a *Arch) NoneOpen(from, to sim.Endpoint, deny FlowSet, o Options) (string, error) {
	base := sim.Query{From: from, To: to, IPv6: o.IPv6, EphemeralPorts: o.EphemeralPorts, SrcPort: o.SrcPort}
	open, err := a.model.OpenPorts(base)
	if err != nil {
		return "", err
	}
	got := FromOpen(open)
	bad := got.Minus(got.Minus(deny))
	if len(bad) == 0 {
		return "", nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s -> %s%s: open %s; want none of %s\n", from, to, family(o.IPv6), bad, deny)
	a.explainRanges(&b, "unexpected", bad, base)
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// AllOpen checks that from reaches to on every flow of want (replies
// included); other flows may be open too. It returns "" when it does,
// else the flows missing, each explained with what blocks it.
func (a *Arch) AllOpen(from, to sim.Endpoint, want FlowSet, o Options) (string, error) {
	base := sim.Query{From: from, To: to, IPv6: o.IPv6, EphemeralPorts: o.EphemeralPorts, SrcPort: o.SrcPort}
	open, err := a.model.OpenPorts(base)
	if err != nil {
		return "", err
	}
	missing := want.Minus(FromOpen(open))
	if len(missing) == 0 {
		return "", nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s -> %s%s: %s not open; want all of %s open\n", from, to, family(o.IPv6), missing, want)
	a.explainRanges(&b, "missing", missing, base)
	return strings.TrimSuffix(b.String(), "\n"), nil
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
func (a *Arch) explainRanges(b *strings.Builder, what string, rs FlowSet, base sim.Query) {
	for i, r := range rs {
		if i == mostExplained {
			fmt.Fprintf(b, "  %s also: %s\n", what, rs[i:])
			return
		}
		fmt.Fprintf(b, "  %s %s:\n", what, r)
		a.explainQuery(b, r.Query(base), "    ")
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
