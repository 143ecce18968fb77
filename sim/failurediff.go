package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// FailureReport is what a failure changes in the access analysis of a
// network: the connectivity matrix between its interfaces and on-premises
// networks (named "onprem:<id>"), the interfaces' exposure to the
// internet and their way out to it, before the failure and during it.
//
// A failure only takes components away, so it never opens a flow: every
// flow open during the failure was open before. What it closes falls in
// two parts. Flows whose source or destination was taken away are gone
// with them (counted in Gone, and for workloads in Workloads). Flows
// between interfaces that survive but no longer pass, because they went
// through something taken away (a NAT gateway, an appliance, a transit
// gateway attachment) are broken: each is explained by its path before
// and where it is blocked now.
type FailureReport struct {
	Failure Failure `json:"failure"`
	// Removed are the interfaces, NAT gateways, transit gateway
	// attachments, VPN tunnels and virtual interfaces the failure took
	// away, sorted.
	Removed []string `json:"removed,omitempty"`
	// Workloads are the workloads that lost interfaces, by ID.
	Workloads []WorkloadImpact `json:"workloads,omitempty"`
	// WorkloadFlows are the flows between two workloads, one of which lost
	// interfaces: open between some of their interfaces before, and
	// during the failure through those left (in other zones).
	WorkloadFlows []WorkloadFlow `json:"workloadFlows,omitempty"`
	// Broken are flows between surviving interfaces that the failure
	// closes; Exposure the flows from the internet to surviving
	// interfaces, Egress those from surviving interfaces to the internet.
	Broken   []FlowChange `json:"broken,omitempty"`
	Exposure []FlowChange `json:"exposure,omitempty"`
	Egress   []FlowChange `json:"egress,omitempty"`
	// Gone counts the open flows between groups of equivalent interfaces
	// (see [Matrix]) that the failure took away with all the sources or
	// all the destinations.
	Gone int `json:"gone"`
}

// WorkloadImpact is what a failure takes from one workload.
type WorkloadImpact struct {
	Workload string        `json:"workload"`
	Kind     workload.Kind `json:"kind"`
	// Before and After count its interfaces.
	Before int `json:"before"`
	After  int `json:"after"`
	// Zones are the Availability Zones where it still has interfaces.
	Zones []string `json:"zones,omitempty"`
	// Lost is set when no interface is left: the failure took its last
	// subnet.
	Lost bool `json:"lost,omitempty"`
}

// WorkloadFlow is the flows from one workload to another (between some
// interface of each) before a failure and during it. Open ranges carry no
// witness.
type WorkloadFlow struct {
	From   string      `json:"from"`
	To     string      `json:"to"`
	Before []OpenRange `json:"before"`
	After  []OpenRange `json:"after,omitempty"`
}

// Survives reports whether some flow still passes.
func (w WorkloadFlow) Survives() bool { return len(w.After) > 0 }

// FlowChange is a set of flows a failure closes between surviving
// endpoints: from the interfaces From (or the internet) to the interfaces
// To (or the internet), which every decision treats alike. Lost are the
// flows open before and closed now; Before is the first of them as it
// passed before, After the same query now, with where it is blocked.
type FlowChange struct {
	From         []string    `json:"from,omitempty"`
	FromInternet bool        `json:"fromInternet,omitempty"`
	To           []string    `json:"to,omitempty"`
	ToInternet   bool        `json:"toInternet,omitempty"`
	Lost         []OpenRange `json:"lost"`
	Before       *Result     `json:"before"`
	After        *Result     `json:"after"`
}

// AssessFailure compiles n whole and with f taken away ([CompileWithout])
// and compares the two ([DiffFailure]).
func AssessFailure(n *Network, f Failure) (*FailureReport, error) {
	if n == nil {
		return nil, errNilNetwork()
	}
	// Expand and validate once for both models.
	p, err := prepare(n, nil)
	if err != nil {
		return nil, err
	}
	before := build(p)
	after, err := buildWithout(p, f, before)
	if err != nil {
		return nil, err
	}
	return DiffFailure(before, after)
}

// DiffFailure compares the model of a network (before) with the model of
// the same network during a failure (after, from [CompileWithout]): the
// matrix over all interfaces (but NAT gateways' and interface endpoints'),
// the exposure, and each group's flows to the internet, as a
// [FailureReport]. Interfaces are matched by ID.
func DiffFailure(before, after *Model) (*FailureReport, error) {
	if before == nil || after == nil {
		return nil, nilErr("model", "want the models before and during the failure (Compile and CompileWithout)")
	}
	r := &FailureReport{}
	r.Failure, r.Removed = after.Failure()
	ids := make([]string, 0, len(before.enis))
	alive := make([]string, 0, len(after.enis))
	for i := range before.enis {
		// NAT gateways' and interface endpoints' interfaces open no
		// connections (an endpoint answers API calls under its policy:
		// ask Reach with a Query.Call about it).
		E := &before.enis[i]
		if E.nat != noNAT || E.ifKind == vpc.KindVPCEndpoint {
			continue
		}
		ids = append(ids, E.id)
		if _, ok := lookup[eniIdx](after, E.id); ok {
			alive = append(alive, E.id)
		}
	}
	// On-premises networks (with an IPv4 CIDR) stand beside the
	// interfaces: a failed VPN or Direct Connect link breaks their flows.
	var onprem []string
	for i := range before.onprems {
		if slices.ContainsFunc(before.onprems[i].cidrs, func(p netip.Prefix) bool { return p.Addr().Is4() }) {
			onprem = append(onprem, before.onprems[i].id)
		}
	}
	mb, err := before.Matrix(Selection{ENIs: ids, OnPrem: onprem})
	if err != nil {
		return nil, err
	}
	ma, err := after.Matrix(Selection{ENIs: alive, OnPrem: onprem})
	if err != nil {
		return nil, err
	}
	afterGroup := make(map[string]int, len(alive))
	for i, g := range ma.Groups {
		for _, id := range g.Members {
			afterGroup[id] = i
		}
	}
	afterCell := map[[2]int][]OpenRange{}
	for _, c := range ma.Cells {
		afterCell[[2]int{c.From, c.To}] = c.Open
	}
	// survivors splits the alive members of a before group by after
	// group, in order of their first member.
	survivors := func(members []string) [][]string {
		var parts [][]string
		at := map[int]int{}
		for _, id := range members {
			g, ok := afterGroup[id]
			if !ok {
				continue
			}
			if i, seen := at[g]; seen {
				parts[i] = append(parts[i], id)
			} else {
				at[g] = len(parts)
				parts = append(parts, []string{id})
			}
		}
		return parts
	}

	// The survivors of each group of the matrix before.
	parts := make([][][]string, len(mb.Groups))
	for i, g := range mb.Groups {
		parts[i] = survivors(g.Members)
	}
	for _, c := range mb.Cells {
		from, to := parts[c.From], parts[c.To]
		if len(from) == 0 || len(to) == 0 || c.From == c.To && len(from) == 1 && len(from[0]) < 2 {
			r.Gone++
			continue
		}
		for _, f := range from {
			for _, t := range to {
				src, dst := f[0], t[0]
				if src == dst {
					if len(t) < 2 {
						continue
					}
					dst = t[1]
				}
				now := afterCell[[2]int{afterGroup[src], afterGroup[dst]}]
				lost := subtractOpen(c.Open, now)
				if len(lost) == 0 {
					continue
				}
				ch, err := explainChange(before, after, memberEndpoint(src), memberEndpoint(dst), lost)
				if err != nil {
					return nil, err
				}
				ch.From, ch.To = f, t
				r.Broken = append(r.Broken, ch)
			}
		}
	}

	// The internet's flows to surviving interfaces, and theirs to it.
	eb, err := before.Exposure()
	if err != nil {
		return nil, err
	}
	ea, err := after.Exposure()
	if err != nil {
		return nil, err
	}
	exposedNow := map[[2]string][]OpenRange{}
	for _, x := range ea {
		for _, id := range x.ENIs {
			exposedNow[[2]string{id, fmt.Sprint(x.IPv6)}] = x.Open
		}
	}
	for _, x := range eb {
		for _, part := range survivors(x.ENIs) {
			lost := subtractOpen(x.Open, exposedNow[[2]string{part[0], fmt.Sprint(x.IPv6)}])
			if len(lost) == 0 {
				continue
			}
			ch, err := explainChange(before, after, Internet(), ENI(part[0]), lost, x.IPv6)
			if err != nil {
				return nil, err
			}
			ch.FromInternet, ch.To = true, part
			r.Exposure = append(r.Exposure, ch)
		}
	}
	for i := range mb.Groups {
		if len(parts[i]) == 0 || strings.HasPrefix(parts[i][0][0], "onprem:") {
			continue
		}
		was, err := before.OpenPorts(Query{From: ENI(parts[i][0][0]), To: Internet()})
		if err != nil {
			return nil, err
		}
		if len(was) == 0 {
			continue
		}
		for _, part := range parts[i] {
			now, err := after.OpenPorts(Query{From: ENI(part[0]), To: Internet()})
			if err != nil {
				return nil, err
			}
			lost := subtractOpen(was, now)
			if len(lost) == 0 {
				continue
			}
			ch, err := explainChange(before, after, ENI(part[0]), Internet(), lost)
			if err != nil {
				return nil, err
			}
			ch.From, ch.ToInternet = part, true
			r.Egress = append(r.Egress, ch)
		}
	}

	r.Workloads, r.WorkloadFlows = workloadImpact(before, after, mb, ma)
	return r, nil
}

// memberEndpoint is the endpoint of a matrix member: an on-premises
// network ("onprem:<id>") or an interface.
func memberEndpoint(id string) Endpoint {
	if o, ok := strings.CutPrefix(id, "onprem:"); ok {
		return OnPrem(o)
	}
	return ENI(id)
}

// workloadMembers counts the members of workload id in m.
func (m *Model) workloadMembers(id string) int {
	if m.wl == nil {
		return 0
	}
	r := m.wl.byWorkload[id]
	return r[1] - r[0]
}

// workloadSpan counts the interfaces of workload id in m and lists the
// zones they are in, sorted, as [Model.Workload] does.
func (m *Model) workloadSpan(id string) (int, []string) {
	r := m.wl.byWorkload[id]
	seen := make(map[eniIdx]bool, r[1]-r[0])
	var zones []string
	for _, x := range m.wl.members[r[0]:r[1]] {
		e, _ := lookup[eniIdx](m, x.Interface)
		if seen[e] {
			continue
		}
		seen[e] = true
		if az := m.subnets[m.enis[e].subnet].az; !slices.Contains(zones, az) {
			zones = append(zones, az)
		}
	}
	slices.Sort(zones)
	return len(seen), zones
}

// explainChange returns the change for lost flows from src to dst: the
// first lost flow before and now.
func explainChange(before, after *Model, src, dst Endpoint, lost []OpenRange, ipv6 ...bool) (FlowChange, error) {
	q := queryOfRange(lost[0], src, dst)
	q.IPv6 = len(ipv6) > 0 && ipv6[0]
	b, err := before.Reach(q)
	if err != nil {
		return FlowChange{}, err
	}
	a, err := after.Reach(q)
	if err != nil {
		return FlowChange{}, err
	}
	for i := range lost {
		lost[i].Witness = nil
	}
	lost[0].Witness = b
	return FlowChange{Lost: lost, Before: b, After: a}, nil
}

// queryOfRange returns the query for the first flow of an open range.
func queryOfRange(o OpenRange, src, dst Endpoint) Query {
	q := Query{From: src, To: dst, Protocol: o.Protocol}
	switch {
	case o.Protocol.HasPorts():
		q.Port = o.Ports.From
	case o.Protocol.IsICMP():
		i := o.ICMPFrom
		q.ICMP = &i
	}
	return q
}

// workloadImpact lists the workloads that lost interfaces, and the flows
// between each of them and every workload it exchanged flows with.
func workloadImpact(before, after *Model, mb, ma *Matrix) ([]WorkloadImpact, []WorkloadFlow) {
	var impacts []WorkloadImpact
	hit := map[string]bool{}
	if before.wl == nil {
		return nil, nil
	}
	for _, id := range slices.Sorted(mapKeys(before.wl.kinds)) {
		if before.workloadMembers(id) == after.workloadMembers(id) {
			continue // a failure only takes members away
		}
		was, _ := before.workloadSpan(id)
		now, zones := after.workloadSpan(id)
		if now == was {
			continue
		}
		hit[id] = true
		impacts = append(impacts, WorkloadImpact{Workload: id, Kind: before.wl.kinds[id], Before: was, After: now,
			Zones: zones, Lost: now == 0})
	}
	if len(hit) == 0 {
		return impacts, nil
	}
	// The open flows between workloads, over the cells of a matrix.
	between := func(m *Model, x *Matrix) map[[2]string][]OpenRange {
		out := map[[2]string][]OpenRange{}
		ws := make([][]string, len(x.Groups)) // workloads of each group
		for i, g := range x.Groups {
			last := ""
			for _, id := range g.Members {
				if w, ok := m.workloadOf(id); ok {
					if w != last { // a group's members are mostly one workload's
						ws[i], last = append(ws[i], w), w
					}
					continue
				}
				ws[i] = append(ws[i], m.workloadsOf(id)...)
			}
			slices.Sort(ws[i])
			ws[i] = slices.Compact(ws[i])
		}
		for _, c := range x.Cells {
			for _, a := range ws[c.From] {
				for _, b := range ws[c.To] {
					if !hit[a] && !hit[b] {
						continue
					}
					k := [2]string{a, b}
					out[k] = unionOpen(out[k], c.Open)
				}
			}
		}
		return out
	}
	was, now := between(before, mb), between(after, ma)
	var flows []WorkloadFlow
	for k, open := range was {
		flows = append(flows, WorkloadFlow{From: k[0], To: k[1], Before: open, After: now[k]})
	}
	slices.SortFunc(flows, func(a, b WorkloadFlow) int { return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To)) })
	return impacts, flows
}

// unionOpen returns the flows open in a or b, without witnesses.
func unionOpen(a, b []OpenRange) []OpenRange {
	segs := segsOf(append(slices.Clone(a), b...))
	var out []flowSeg
	for _, s := range segs {
		s.w = nil
		if n := len(out); n > 0 && out[n-1].dim == s.dim && s.lo <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, s.hi)
			continue
		}
		out = append(out, s)
	}
	return rangesOf(out)
}

// String describes the report for a person: what was taken away (the
// first ten when there are more than twelve), the
// workloads hit, the flows between workloads, and each broken flow with
// its path before and its block now ("<nil>" for a nil report).
func (r *FailureReport) String() string {
	if r == nil {
		return "<nil>"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "failure: %s\n", r.Failure)
	removed := r.Removed
	if len(removed) > 12 {
		removed = append(slices.Clip(removed[:10]), fmt.Sprintf("... (%d in all)", len(r.Removed)))
	}
	fmt.Fprintf(&b, "taken away: %s\n", listOrNone(removed))
	if len(r.Workloads) > 0 {
		b.WriteString("workloads:\n")
		for _, w := range r.Workloads {
			fmt.Fprintf(&b, "  %s (%s): %d -> %d interfaces", w.Workload, w.Kind, w.Before, w.After)
			if w.Lost {
				b.WriteString(", lost: no subnet left\n")
			} else {
				fmt.Fprintf(&b, ", left in %s\n", strings.Join(w.Zones, ", "))
			}
		}
	}
	if len(r.WorkloadFlows) > 0 {
		b.WriteString("flows between workloads:\n")
		for _, f := range r.WorkloadFlows {
			fmt.Fprintf(&b, "  %s -> %s: ", f.From, f.To)
			lost := subtractOpen(f.Before, f.After)
			switch {
			case len(f.After) == 0:
				fmt.Fprintf(&b, "%s lost\n", rangesString(f.Before))
			case len(lost) == 0:
				fmt.Fprintf(&b, "%s survive\n", rangesString(f.After))
			default:
				fmt.Fprintf(&b, "%s survive, %s lost\n", rangesString(f.After), rangesString(lost))
			}
		}
	}
	section := func(title string, cs []FlowChange) {
		if len(cs) == 0 {
			return
		}
		b.WriteString(title + ":\n")
		for _, c := range cs {
			from, to := strings.Join(c.From, ", "), strings.Join(c.To, ", ")
			if c.FromInternet {
				from = "internet"
			}
			if c.ToInternet {
				to = "internet"
			}
			fmt.Fprintf(&b, "  %s -> %s: %s lost\n", from, to, rangesString(c.Lost))
			fmt.Fprintf(&b, "    before: %s: %s\n", c.Before.Query, c.Before.Status)
			if c.After.Block != nil {
				fmt.Fprintf(&b, "    now: %s: %s\n", c.After.Query, c.After.Block)
			} else {
				fmt.Fprintf(&b, "    now: %s: %s\n", c.After.Query, c.After.Status)
			}
		}
	}
	section("broken flows between surviving interfaces", r.Broken)
	section("exposure lost", r.Exposure)
	section("way out to the internet lost", r.Egress)
	fmt.Fprintf(&b, "flows gone with their endpoints: %d\n", r.Gone)
	return b.String()
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "nothing"
	}
	return strings.Join(s, ", ")
}

// rangesString formats open flows, "all traffic" when they are every
// flow a pair of addresses can carry.
func rangesString(rs []OpenRange) string {
	if allTraffic(rs) {
		return "all traffic"
	}
	s := make([]string, len(rs))
	for i, o := range rs {
		s[i] = o.String()
	}
	return strings.Join(s, ", ")
}

// allTraffic reports whether rs opens every protocol (every port of TCP
// and UDP, every type and code of the ICMP of the address family), as a
// rule allowing all traffic does. Protocol 0 never counts: no flow carries
// it.
func allTraffic(rs []OpenRange) bool {
	var covered [256]bool
	for _, o := range rs {
		switch {
		case o.Protocol < 0 || o.LastProtocol > 255:
			continue
		case o.Protocol.HasPorts():
			covered[o.Protocol] = o.Ports == vpc.Ports(1, 65535)
		case o.Protocol.IsICMP():
			covered[o.Protocol] = o.ICMPFrom == vpc.ICMPMessage(0, 0) && o.ICMPTo == vpc.ICMPMessage(255, 255)
		default:
			for p := int(o.Protocol); p <= int(o.LastProtocol); p++ {
				covered[p] = true
			}
		}
	}
	// One ICMP: ICMP (1) for IPv4 flows, ICMPv6 (58) for IPv6 ones.
	if !covered[1] && !covered[58] {
		return false
	}
	for p := 2; p < 256; p++ {
		if !covered[p] && p != 58 {
			return false
		}
	}
	return true
}
