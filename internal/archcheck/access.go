package archcheck

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/sim"
)

// ReachableOnlyFrom checks that every interface to selects is reached
// with flow f (replies included) by exactly the sources from selects:
// each of them reaches it, and no other interface nor the internet does
// (include [Internet] in from to allow the internet). An interface is
// not its own source. It returns one failure per destination that fails:
// the sources found and wanted, then each unexpected source with the path
// that lets it in and each missing source with what blocks it. The answer
// is exact: see [sim.Model.WhoCanReach]. With o.IPv6, interfaces without
// an IPv6 address are left out of from.
//
// On an error, the failures found before it are returned with it.
func (a *Arch) ReachableOnlyFrom(to Selector, f Flow, from Selector, o Options) ([]string, error) {
	dst, err := a.interfaces(to, "ReachableOnlyFrom's destinations")
	if err != nil {
		return nil, err
	}
	src, err := a.Eval(from)
	if err != nil {
		return nil, err
	}
	var fails []string
	for _, d := range dst {
		msg, err := a.onlyFrom(d, f, o, from, src)
		if err != nil {
			return fails, err
		}
		if msg != "" {
			fails = append(fails, msg)
		}
	}
	return fails, nil
}

// onlyFrom checks one destination interface, returning the failure
// message or "".
func (a *Arch) onlyFrom(d int, f Flow, o Options, from Selector, src Selection) (string, error) {
	dstID := a.enis[d].id
	q := o.query(sim.Endpoint{}, sim.ENI(dstID), f)
	rs, err := a.model.WhoCanReach(q)
	if err != nil {
		return "", err
	}
	const internet = "internet"
	var got []string
	group := map[string]int{} // source -> index of its reacher group
	for i, r := range rs {
		if r.Internet {
			got = append(got, internet)
			group[internet] = i
			continue
		}
		for _, id := range r.ENIs {
			got = append(got, id)
			group[id] = i
		}
	}
	var want []string
	for i, in := range src.enis {
		if in && i != d && (!o.IPv6 || a.enis[i].ipv6) {
			want = append(want, a.enis[i].id)
		}
	}
	if src.internet {
		want = append(want, internet)
	}
	sortSources(got)
	sortSources(want)
	unexpected, missing := setMinus(got, want), setMinus(want, got)
	if len(unexpected) == 0 && len(missing) == 0 {
		return "", nil
	}
	var b strings.Builder
	wantDesc := from.String()
	if w := names(want); w != wantDesc {
		wantDesc += ": " + w
	}
	fmt.Fprintf(&b, "%s on %s%s: reached from %s; want exactly %s\n", dstID, f, family(o.IPv6), names(got), wantDesc)
	endpoint := func(id string) sim.Endpoint {
		if id == internet {
			return sim.Internet()
		}
		return sim.ENI(id)
	}
	// One explanation per group of sources the engine treats alike.
	byGroup := map[int][]string{}
	var order []int
	for _, id := range unexpected {
		g := group[id]
		if _, seen := byGroup[g]; !seen {
			order = append(order, g)
		}
		byGroup[g] = append(byGroup[g], id)
	}
	for i, g := range order {
		if i == mostExplained {
			var rest []string
			for _, g := range order[i:] {
				rest = append(rest, byGroup[g]...)
			}
			fmt.Fprintf(&b, "  unexpected also: %s\n", names(rest))
			break
		}
		ids := byGroup[g]
		alike := ""
		if len(ids) > 1 {
			alike = " (treated alike; the first explained)"
		}
		fmt.Fprintf(&b, "  unexpected %s%s:\n", names(ids), alike)
		a.explainQuery(&b, o.query(endpoint(ids[0]), sim.ENI(dstID), f), "    ")
	}
	for i, id := range missing {
		if i == mostExplained {
			fmt.Fprintf(&b, "  missing also: %s\n", names(missing[i:]))
			break
		}
		fmt.Fprintf(&b, "  missing %s:\n", id)
		a.explainQuery(&b, o.query(endpoint(id), sim.ENI(dstID), f), "    ")
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// sortSources sorts interface IDs, the internet last.
func sortSources(ids []string) {
	slices.SortFunc(ids, func(x, y string) int {
		switch {
		case x == y:
			return 0
		case x == "internet":
			return 1
		case y == "internet":
			return -1
		}
		return strings.Compare(x, y)
	})
}

// setMinus returns the elements of x not in y, in x's order.
func setMinus(x, y []string) []string {
	var out []string
	for _, s := range x {
		if !slices.Contains(y, s) {
			out = append(out, s)
		}
	}
	return out
}

// interfaces evaluates a selector of interfaces only, refusing the
// internet; what names the role for the error.
func (a *Arch) interfaces(s Selector, what string) ([]int, error) {
	sel, err := a.Eval(s)
	if err != nil {
		return nil, err
	}
	if sel.internet {
		return nil, fmt.Errorf("%s are network interfaces: %s includes the internet", what, s)
	}
	var out []int
	for i, in := range sel.enis {
		if in {
			out = append(out, i)
		}
	}
	return out, nil
}

// NotExposed checks that the internet reaches none of the interfaces sel
// selects, on any flow, over IPv4 or IPv6. It returns "" when it does
// not, else the interfaces reached, on which flows, and for each group of
// them the path that lets the internet in. The answer is exact: see
// [sim.Model.Exposure].
func (a *Arch) NotExposed(sel Selector) (string, error) {
	idx, err := a.interfaces(sel, "NotExposed's selection")
	if err != nil {
		return "", err
	}
	in := map[string]bool{}
	for _, i := range idx {
		in[a.enis[i].id] = true
	}
	ex, err := a.model.Exposure()
	if err != nil {
		return "", err
	}
	var exposed []string
	var b strings.Builder
	for _, x := range ex {
		var hit []string
		for _, id := range x.ENIs {
			if in[id] {
				hit = append(hit, id)
				if !slices.Contains(exposed, id) {
					exposed = append(exposed, id)
				}
			}
		}
		if len(hit) == 0 {
			continue
		}
		open := FromOpen(x.Open)
		fmt.Fprintf(&b, "  %s%s: %s\n", names(hit), family(x.IPv6), open)
		if len(open) > 0 {
			q := open[0].Query(sim.Query{From: sim.Internet(), To: sim.ENI(hit[0]), IPv6: x.IPv6})
			a.explainQuery(&b, q, "    ")
		}
	}
	if len(exposed) == 0 {
		return "", nil
	}
	slices.Sort(exposed)
	return fmt.Sprintf("%s: the internet reaches %s; want nothing\n%s", sel, names(exposed), strings.TrimSuffix(b.String(), "\n")), nil
}

// InternetOnlyVia checks that no interface sel selects reaches the
// internet other than through component (a NAT gateway's ID, say): every
// flow from them that reaches some internet address, over IPv4 and, for
// interfaces with an IPv6 address, IPv6, has component on its path. When
// flows is not nil, only those flows are checked. It holds when they do
// not reach the internet at all; pair it with [Arch.Reachable] to check
// that they do.
//
// The check is exact: the internet's addresses are split at the bounds of
// every prefix the network declares (routes, rules, prefix lists, CIDRs),
// so that each range's addresses meet the same routes and rules, and each
// range is asked with [sim.Model.OpenPorts] from each interface (from its
// primary address). It costs one OpenPorts per interface and range.
// It returns "" when the check holds, else the interfaces that bypass
// component, and for each the first address range and flows concerned,
// with the path they take.
func (a *Arch) InternetOnlyVia(sel Selector, component string, flows FlowSet) (string, error) {
	idx, err := a.interfaces(sel, "InternetOnlyVia's selection")
	if err != nil {
		return "", err
	}
	if _, ok := a.model.NodeOf(component); !ok || component == "internet" {
		return "", fmt.Errorf("the network has no component %q to pass through", component)
	}
	// One finding per interface and family: the first range of internet
	// addresses reached without component, and how many more there are.
	type finding struct {
		eni     string
		key     string // interfaces with equal keys are explained once
		summary string
		witness *sim.Result
	}
	var found []finding
	for _, i := range idx {
		e := &a.enis[i]
		for _, ipv6 := range []bool{false, true} {
			if ipv6 && !e.ipv6 {
				continue
			}
			var first *sim.OpenRange
			var firstRange addrRange
			var firstOpen FlowSet
			more := 0
			for _, r := range publicRanges(a.bounds, ipv6) {
				// Skip the network's own addresses: a range inside a VPC's
				// CIDRs (ranges split at their bounds), and the public IPs of
				// interfaces at the start of a range.
				for tries := 0; tries < 256 && r.lo.IsValid() && r.lo.Compare(r.hi) <= 0 && !a.model.IsInternetHost(r.lo); tries++ {
					r.lo = r.lo.Next()
				}
				if !r.lo.IsValid() || r.lo.Compare(r.hi) > 0 || !a.model.IsInternetHost(r.lo) {
					continue
				}
				open, err := a.model.OpenPorts(sim.Query{From: sim.ENI(e.id), To: sim.InternetAddress(r.lo), IPv6: ipv6})
				if err != nil {
					return "", err
				}
				var off []sim.OpenRange
				for _, o := range open {
					if o.Witness != nil && !onPath(o.Witness, component) && (flows == nil || overlaps(FromOpen([]sim.OpenRange{o}), flows)) {
						off = append(off, o)
					}
				}
				switch {
				case len(off) == 0:
				case first == nil:
					first, firstRange, firstOpen = &off[0], r, FromOpen(off)
				default:
					more++
				}
			}
			if first == nil {
				continue
			}
			summary := fmt.Sprintf("to %s: %s", firstRange, firstOpen)
			if more > 0 {
				summary += fmt.Sprintf(" (and %d more address ranges)", more)
			}
			key := fmt.Sprint(e.subnet, e.sgs, summary)
			found = append(found, finding{eni: e.id, key: key, summary: summary, witness: first.Witness})
		}
	}
	if len(found) == 0 {
		return "", nil
	}
	var bypass []string
	var b strings.Builder
	for i := 0; i < len(found); {
		j := i + 1
		for j < len(found) && found[j].key == found[i].key {
			j++
		}
		var ids []string
		for _, f := range found[i:j] {
			ids = append(ids, f.eni)
			if !slices.Contains(bypass, f.eni) {
				bypass = append(bypass, f.eni)
			}
		}
		alike := ""
		if len(ids) > 1 {
			alike = " (treated alike; the first explained)"
		}
		fmt.Fprintf(&b, "  %s%s %s\n", names(ids), alike, found[i].summary)
		explain(&b, found[i].witness, "    ", "")
		i = j
	}
	verb := "reaches"
	if len(bypass) > 1 {
		verb = "reach"
	}
	return fmt.Sprintf("%s: %s %s the internet without %s; want every path through %s\n%s",
		sel, names(bypass), verb, component, component, strings.TrimSuffix(b.String(), "\n")), nil
}

// overlaps reports whether x and y share a flow.
func overlaps(x, y FlowSet) bool { return len(x.Minus(x.Minus(y))) > 0 }

// onPath reports whether the forward path of r passes component.
func onPath(r *sim.Result, component string) bool {
	for _, h := range r.Path {
		if h.Component == component {
			return true
		}
	}
	return false
}

// addrRange is an inclusive range of addresses.
type addrRange struct{ lo, hi netip.Addr }

func (r addrRange) String() string {
	if r.lo == r.hi {
		return r.lo.String()
	}
	return r.lo.String() + "-" + r.hi.String()
}

// notPublic are the ranges that are not internet addresses, as the
// engine has them; nat64 holds the IPv6 addresses that stand for IPv4
// hosts, public when the host is.
var (
	notPublic = sim.NotInternet()
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
)

// isPublic reports whether a is an internet address.
func isPublic(a netip.Addr) bool { return sim.IsInternetAddr(a) }

// publicRanges splits the internet addresses of a family at the bounds
// (and at the bounds of the non-public ranges, and for IPv6 at the NAT64
// images of the IPv4 bounds) and returns the ranges of public addresses.
func publicRanges(bounds []netip.Addr, ipv6 bool) []addrRange {
	var bs []netip.Addr
	add := func(p netip.Prefix) {
		bs = append(bs, p.Addr())
		if n := lastAddr(p).Next(); n.IsValid() {
			bs = append(bs, n)
		}
	}
	v4 := slices.Clone(bounds)
	for _, p := range notPublic {
		if p.Addr().Is4() {
			add(p)
			v4 = append(v4, p.Addr(), lastAddr(p).Next())
		} else if ipv6 {
			add(p)
		}
	}
	for _, x := range bounds {
		if x.Is6() == ipv6 {
			bs = append(bs, x)
		}
	}
	if ipv6 {
		bs = slices.DeleteFunc(bs, netip.Addr.Is4)
		add(nat64)
		for _, x := range v4 {
			if x.IsValid() && x.Is4() {
				b, c := nat64.Addr().As16(), x.As4()
				copy(b[12:], c[:])
				bs = append(bs, netip.AddrFrom16(b))
			}
		}
		bs = append(bs, netip.IPv6Unspecified())
	} else {
		bs = slices.DeleteFunc(bs, netip.Addr.Is6)
		bs = append(bs, netip.IPv4Unspecified())
	}
	slices.SortFunc(bs, netip.Addr.Compare)
	bs = slices.Compact(bs)
	var out []addrRange
	for i, lo := range bs {
		var hi netip.Addr
		if i+1 < len(bs) {
			hi = bs[i+1].Prev()
		} else if ipv6 {
			hi = netip.MustParseAddr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
		} else {
			hi = netip.MustParseAddr("255.255.255.255")
		}
		if isPublic(lo) {
			out = append(out, addrRange{lo, hi})
		}
	}
	// NAT64 addresses stand for IPv4 hosts: check the IPv6 internet first.
	slices.SortStableFunc(out, func(x, y addrRange) int {
		return boolCompare(nat64.Contains(x.lo), nat64.Contains(y.lo))
	})
	return out
}

// boolCompare orders false before true.
func boolCompare(x, y bool) int {
	switch {
	case x == y:
		return 0
	case x:
		return 1
	}
	return -1
}
