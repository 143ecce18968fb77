package sim

import (
	"cmp"
	"errors"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/policy"
)

// Reacher is a set of sources that reach a destination alike: the
// internet, an on-premises network (some host of it), or network
// interfaces that share a subnet, security groups, public-address status
// and every address-dependent decision on the way. Witness is the
// explained result for the first of them.
type Reacher struct {
	Internet bool `json:"internet,omitempty"`
	// OnPrem is the ID of an on-premises network some host of which
	// reaches the destination (Witness names the first).
	OnPrem  string   `json:"onPrem,omitempty"`
	ENIs    []string `json:"enis,omitempty"`
	Witness *Result  `json:"witness"`
	// Callers, for a VPC Lattice service whose auth policies decide (a
	// network or service using AWS_IAM) and a query naming no caller,
	// are the candidate callers the policies let in from these sources:
	// an anonymous caller, each declared account's root user, and each
	// account or IAM identity an auth policy names (in the organization
	// of its declared account). The witness is the first caller's. Nil
	// otherwise: the query's caller, or none, decided.
	Callers []policy.Principal `json:"callers,omitempty"`
}

// WhoCanReach returns every source that reaches q.To with q's protocol and
// port (replies included): groups of network interfaces, in the order of
// their first interface's ID, then the on-premises networks in ID order,
// then the internet. q.From is ignored. To a load balancer, a source whose
// flow reaches only some of the targets is listed too, its witness
// partial; the load balancer's own nodes are no sources.
//
// The answer is exact: interfaces are grouped by subnet, security groups
// and public-address status, each group is split at the bounds of every
// CIDR its flows meet (for private and public addresses alike), and one
// interface per part is evaluated.
// The destination's own interface is no source. The internet and the
// on-premises networks are sources unless the destination lies outside the
// network; to a host of an on-premises network, the other on-premises
// networks are.
func (m *Model) WhoCanReach(q Query) ([]Reacher, error) {
	if m == nil {
		return nil, errNilModel()
	}
	// Check the destination and the flow once.
	f := flow{srcENI: noENI, srcNet: noSubnet, srcVPC: noVPC, goal: goal{eni: noENI, subnet: noSubnet}, ipv6: q.IPv6}
	var errs []error
	bad := func(field string, kind error, format string, args ...any) {
		errs = append(errs, queryErr(field, kind, format, args...))
	}
	if m.resolveDest(&f, q.To, bad) {
		m.checkCall(&f, callOf(q), bad)
	}
	m.resolveTraffic(&f, q, bad)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if m.callerDecides(&f, q) {
		return m.whoCanCall(q, f.goal.eni), nil
	}
	var out []Reacher
	for _, g := range m.sourceGroups(m.notSources(f.goal.eni)) {
		out = append(out, m.reachersOf(g, q)...)
	}
	slices.SortFunc(out, func(a, b Reacher) int { return cmp.Compare(a.ENIs[0], b.ENIs[0]) })
	if !f.outside || f.dstOnPrem != 0 {
		for i := range m.onprems {
			if int32(i)+1 == f.dstOnPrem {
				continue // the destination's own network
			}
			oq := q
			oq.From = OnPrem(m.onprems[i].id)
			if r, err := m.Reach(oq); err == nil && r.Status.reaches() {
				out = append(out, Reacher{OnPrem: m.onprems[i].id, Witness: r})
			}
		}
	}
	if !f.outside {
		iq := q
		iq.From = Internet()
		if r, err := m.Reach(iq); err == nil && r.Status.reaches() {
			out = append(out, Reacher{Internet: true, Witness: r})
		}
	}
	return out, nil
}

// sourceGroups groups the interfaces that may originate flows (all but NAT
// gateways, VPC endpoints and the destination's interface skip) by subnet, security
// groups and whether they have a public address, a route target alone;
// members are sorted by primary address. The grouping of every interface
// is computed once (allSourceGroups); skip only removes members.
func (m *Model) sourceGroups(skip func(eniIdx) bool) [][]eniIdx {
	all := m.allSourceGroups()
	groups := make([][]eniIdx, 0, len(all))
	for _, g := range all {
		var kept []eniIdx
		for i, e := range g {
			if !skip(e) {
				if kept != nil {
					kept = append(kept, e)
				}
				continue
			}
			if kept == nil {
				kept = append(make([]eniIdx, 0, len(g)-1), g[:i]...)
			}
		}
		switch {
		case kept == nil:
			groups = append(groups, g) // nothing skipped: shared, read only
		case len(kept) > 0:
			groups = append(groups, kept)
		}
	}
	return groups
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// reachersOf evaluates one source group (members sorted by address): it
// splits the members at the address bounds of the tables their flows
// consult, evaluating one member per part, until no new table turns up.
func (m *Model) reachersOf(members []eniIdx, q Query) []Reacher {
	var tables tableSet
	var bounds []netip.Addr
	evalMember := func(e eniIdx, trace bool) (outcome, flow, bool) {
		sq := q
		sq.From = ENI(m.enis[e].id)
		f, err := m.resolve(sq)
		if err != nil {
			return outcome{}, f, false
		}
		if trace {
			return m.explain(&f, &tables, nil), f, true
		}
		return m.solve(&f, false, &tables), f, true
	}
	status := map[int]Status{} // by first member index of a part
	for {
		n := len(tables.list)
		bounds = bounds[:0]
		for _, r := range tables.list {
			bounds = m.appendBounds(bounds, r)
		}
		slices.SortFunc(bounds, netip.Addr.Compare)
		bounds = slices.Compact(bounds)
		parts := splitByBounds(m, members, bounds)
		for _, p := range parts {
			if _, ok := status[p[0]]; !ok {
				o, _, ok := evalMember(members[p[0]], false)
				st := Blocked
				if ok {
					st = o.status
				}
				status[p[0]] = st
			}
		}
		if len(tables.list) == n {
			var out []Reacher
			for _, p := range parts {
				if !status[p[0]].reaches() {
					continue
				}
				o, f, _ := evalMember(members[p[0]], true)
				r := Reacher{Witness: o.result(m.queryOf(f, o, f.dlo))}
				if o.proxy != nil {
					r.Witness.Query.Request, r.Witness.Query.Caller = q.Request, q.Caller
				}
				for _, i := range members[p[0]:p[1]] {
					r.ENIs = append(r.ENIs, m.enis[i].id)
				}
				slices.Sort(r.ENIs)
				out = append(out, r)
			}
			return out
		}
		// New tables: their bounds may split parts further. A part's
		// status stays valid for the run starting at its first member.
	}
}

// splitByBounds cuts members (sorted by primary address) into runs whose
// addresses lie between the same consecutive bounds.
func splitByBounds(m *Model, members []eniIdx, bounds []netip.Addr) [][2]int {
	var out [][2]int
	atomOf := func(a netip.Addr) int {
		i, _ := slices.BinarySearchFunc(bounds, a, func(b, a netip.Addr) int {
			if b.Compare(a) <= 0 {
				return -1
			}
			return 1
		})
		return i
	}
	// Members stay together while their primary private address, and
	// their public address (which decisions past an internet gateway
	// see), fall between the same bounds.
	key := func(i int) [2]int {
		E := &m.enis[members[i]]
		k := [2]int{atomOf(E.private[0]), -1}
		if E.public.IsValid() {
			k[1] = atomOf(E.public)
		}
		return k
	}
	start := 0
	var ks [2]int // key(start)
	if len(members) > 0 {
		ks = key(0)
	}
	for i := 1; i <= len(members); i++ {
		if i == len(members) {
			out = append(out, [2]int{start, i})
			break
		}
		if k := key(i); k != ks {
			out = append(out, [2]int{start, i})
			start, ks = i, k
		}
	}
	return out
}

// Exposed is a set of network interfaces that the internet reaches alike,
// and the flows on which it reaches them, each with a witness path.
//
// For a VPC Lattice service or resource configuration, Lattice is its ID,
// and ENIs are interfaces (sharing subnet and security groups) in VPCs
// associated with a service network that holds it, which open connections
// to it on Open: to a service's listener ports (its auth policies, rules
// and targets then decide per request and caller, which the witness shows
// for an anonymous GET /, and WhoCanReach answers for others), or to a
// resource configuration's ports that reach a resource.
type Exposed struct {
	ENIs []string    `json:"enis"`
	IPv6 bool        `json:"ipv6,omitempty"`
	Open []OpenRange `json:"open"`
	// Through lists, for the node of an internet-facing load balancer,
	// the targets the internet reaches through it on the open flows, by
	// listener and rule (each rule of an Application Load Balancer is
	// tried, as for a request it matches).
	Through []ExposedTarget `json:"through,omitempty"`
	// Lattice is the ID of the VPC Lattice service or resource
	// configuration that ENIs open connections to (see above); "" for
	// what the internet reaches.
	Lattice string `json:"lattice,omitempty"`
}

// Exposure returns everything the internet reaches: groups of network
// interfaces (sharing subnet and security groups; for IPv4, those with a
// public IP or an Elastic IP, on their primary or a secondary address)
// with the protocols and ports open to some internet address, replies
// included. The nodes of an internet-facing load balancer are such
// interfaces: their open flows are the listeners' that reach targets, and
// Through lists the targets. Groups are in order of their first
// interface's ID, IPv4 before IPv6. Then come the VPC Lattice services and
// resource configurations, which the internet never reaches: for each
// (services, then configurations, by ID), the groups of interfaces that
// open connections to it (see [Exposed]).
func (m *Model) Exposure() ([]Exposed, error) {
	if m == nil {
		return nil, errNilModel()
	}
	var out []Exposed
	for _, ipv6 := range []bool{false, true} {
		var cand []eniIdx
		for i := range m.enis {
			E := &m.enis[i]
			if E.nat != noNAT {
				continue
			}
			if !ipv6 && E.exposedAt().IsValid() || ipv6 && len(E.ipv6) > 0 && m.vpcs[E.vpc].igw != noIGW {
				cand = append(cand, eniIdx(i))
			}
		}
		key := func(a, b eniIdx) int {
			if c := cmp.Compare(m.enis[a].subnet, m.enis[b].subnet); c != 0 {
				return c
			}
			if c := cmp.Compare(m.hopKey(a), m.hopKey(b)); c != 0 {
				return c
			}
			return slices.Compare(m.enis[a].sgs, m.enis[b].sgs)
		}
		slices.SortFunc(cand, func(a, b eniIdx) int {
			if c := key(a, b); c != 0 {
				return c
			}
			return cmp.Compare(m.enis[a].id, m.enis[b].id)
		})
		var groups []Exposed
		for i := 0; i < len(cand); {
			j := i + 1
			for j < len(cand) && key(cand[i], cand[j]) == 0 {
				j++
			}
			// Decisions on the way in depend on the source, not on which
			// of an interface's public addresses it targets, so one of
			// them answers for all.
			to := ENI(m.enis[cand[i]].id)
			if !ipv6 {
				to.Addr = m.enis[cand[i]].exposedAt()
			}
			open, err := m.openPorts(Query{From: Internet(), To: to, IPv6: ipv6}, true)
			if err != nil {
				return nil, err
			}
			if len(open) > 0 {
				x := Exposed{IPv6: ipv6, Open: open, Through: m.exposedThrough(cand[i], open, ipv6)}
				for _, e := range cand[i:j] {
					x.ENIs = append(x.ENIs, m.enis[e].id)
				}
				groups = append(groups, x)
			}
			i = j
		}
		slices.SortFunc(groups, func(a, b Exposed) int { return cmp.Compare(a.ENIs[0], b.ENIs[0]) })
		out = append(out, groups...)
	}
	lat, err := m.latticeExposure()
	if err != nil {
		return nil, err
	}
	return append(out, lat...), nil
}

// exposedAt returns the private IPv4 address at which the internet reaches
// interface e: its primary address when it has a public IP, else the
// first secondary address with an Elastic IP; the zero Addr when none.
func (e *cENI) exposedAt() netip.Addr {
	if e.public.IsValid() {
		return e.private[0]
	}
	if len(e.eips) > 0 {
		return e.eips[0].PrivateIP
	}
	return netip.Addr{}
}

// hopKey is the part of an interface's grouping key that keeps a route
// target, and a load balancer's node (which hands flows to the load
// balancer), in a group of its own.
func (m *Model) hopKey(e eniIdx) eniIdx {
	if m.enis[e].hop || m.enis[e].lb != noLB {
		return e
	}
	return noENI
}
