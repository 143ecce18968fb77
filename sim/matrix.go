package sim

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

// Selection chooses the endpoints of a [Model.Matrix]: network interfaces
// (named, or those of workloads), or subnets (each standing for its
// [SubnetHost]), which cannot be mixed; and on-premises networks (each
// standing for any of its hosts, as [OnPrem] does), beside either.
type Selection struct {
	ENIs    []string `json:"enis,omitempty"`
	Subnets []string `json:"subnets,omitempty"`
	// Workloads selects every interface of each workload named, as if
	// listed in ENIs.
	Workloads []string `json:"workloads,omitempty"`
	// OnPrem names on-premises networks by ID; each is a group of its own,
	// named "onprem:<id>" in Matrix.Groups.
	OnPrem []string `json:"onPrem,omitempty"`
	// IPv6 selects IPv6 addresses; EphemeralPorts is as in [Query].
	IPv6           bool          `json:"ipv6,omitempty"`
	EphemeralPorts vpc.PortRange `json:"ephemeralPorts,omitzero"`
}

// Matrix is the connectivity between groups of equivalent endpoints: for
// every ordered pair of groups, the flows on which members of the first
// reach members of the second. Endpoints are equivalent when every
// decision on any path treats them alike, so one pair of representatives
// answers for all their pairs.
type Matrix struct {
	Groups []MatrixGroup `json:"groups"`
	// Cells lists the pairs with at least one open flow, by From then To.
	// A group's cell with itself speaks of distinct members, and exists
	// only for groups of two or more.
	Cells []MatrixCell `json:"cells"`
}

// MatrixGroup is a set of equivalent endpoints, sorted by ID.
type MatrixGroup struct {
	Members []string `json:"members"`
}

// MatrixCell holds the open flows from one group to another (indices into
// Matrix.Groups). Open ranges carry no witness; ask [Model.OpenPorts] for
// the paths.
type MatrixCell struct {
	From int         `json:"from"`
	To   int         `json:"to"`
	Open []OpenRange `json:"open"`
}

// Matrix computes the connectivity between the selected endpoints, grouped
// into classes of equivalent endpoints.
//
// Interfaces are equivalent when they share a subnet, security groups and
// public-address status, are not route targets, and their addresses fall
// between the same bounds of every CIDR in the network's rules and routes.
// Subnets are equivalent when they share a VPC, Availability Zone, route
// table and network ACL, hold no route target or transit gateway
// attachment, and their hosts' addresses fall between the same bounds.
func (m *Model) Matrix(sel Selection) (*Matrix, error) {
	if m == nil {
		return nil, errNilModel()
	}
	sel, err := m.selectWorkloads(sel)
	if err != nil {
		return nil, err
	}
	if len(sel.ENIs) > 0 && len(sel.Subnets) > 0 {
		return nil, queryErr("selection", ErrInvalidValue, "select interfaces or subnets, not both")
	}
	type member = matrixMember // key: the equivalence key, the address atom last
	ms := make([]member, 0, len(sel.ENIs)+len(sel.Subnets))
	for i, id := range sel.ENIs {
		e, ok := lookup[eniIdx](m, id)
		if !ok {
			return nil, queryErr(fmt.Sprintf("selection.enis[%d]", i), ErrUnknownResource, "no network interface %q", id)
		}
		E := &m.enis[e]
		if E.nat != noNAT {
			return nil, queryErr(fmt.Sprintf("selection.enis[%d]", i), ErrInvalidValue, "%s is a NAT gateway interface", id)
		}
		a := E.private[0]
		if sel.IPv6 {
			if len(E.ipv6) == 0 {
				return nil, queryErr(fmt.Sprintf("selection.enis[%d]", i), ErrInvalidValue, "%s has no IPv6 address", id)
			}
			a = E.ipv6[0]
		}
		key := []int32{int32(E.subnet), int32(boolInt(E.public.IsValid())), int32(m.hopKey(e)), int32(E.vpce)}
		for _, g := range E.sgs {
			key = append(key, int32(g))
		}
		ms = append(ms, member{id: id, addr: a, key: key})
	}
	for i, id := range sel.Subnets {
		s, a, err := m.subnetHost(id, fmt.Sprintf("selection.subnets[%d]", i), sel.IPv6)
		if err != nil {
			return nil, err
		}
		S := &m.subnets[s]
		hop := noSubnet
		if S.hop {
			hop = s // a subnet holding a route target or attachment stands alone
		}
		ms = append(ms, member{id: id, ep: new(SubnetHost(id)), addr: a, key: []int32{int32(S.vpc), m.azIndex(S.az), int32(S.rtb), int32(S.acl), int32(hop)}})
	}
	for i, id := range sel.OnPrem {
		o, ok := lookup[onPremIdx](m, id)
		if !ok {
			return nil, queryErr(fmt.Sprintf("selection.onPrem[%d]", i), ErrUnknownResource, "no on-premises network %q", id)
		}
		if !slices.ContainsFunc(m.onprems[o].cidrs, func(p netip.Prefix) bool { return p.Addr().Is6() == sel.IPv6 }) {
			return nil, queryErr(fmt.Sprintf("selection.onPrem[%d]", i), ErrInvalidValue, "%s has no cidr of the selected address family (%s)", id, m.onprems[o].cidrList())
		}
		// A key of its own: the network stands alone.
		ms = append(ms, member{id: OnPrem(id).String(), ep: new(OnPrem(id)), key: []int32{-1, int32(o)}})
	}
	bounds := m.allBounds()
	atom := func(a netip.Addr) int32 {
		i, _ := slices.BinarySearchFunc(bounds, a, func(b, a netip.Addr) int {
			if b.Compare(a) <= 0 {
				return -1
			}
			return 1
		})
		return int32(i)
	}
	for i := range ms {
		ms[i].key = append(ms[i].key, atom(ms[i].addr))
	}
	// Members in ID order (the selection usually is already), then into
	// groups by key: each group's members in ID order, the groups in the
	// order of their first member.
	byID := func(a, b member) int { return cmp.Compare(a.id, b.id) }
	if !slices.IsSortedFunc(ms, byID) {
		slices.SortStableFunc(ms, byID)
	}
	ms = slices.CompactFunc(ms, func(a, b member) bool { return a.id == b.id })
	var groups [][]*member
	at := make(map[string]int)
	var kb []byte
	for i := range ms {
		kb = kb[:0]
		for _, k := range ms[i].key {
			kb = binary.LittleEndian.AppendUint32(kb, uint32(k))
		}
		g, ok := at[string(kb)]
		if !ok {
			g = len(groups)
			at[string(kb)] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], &ms[i])
	}
	out := &Matrix{Groups: make([]MatrixGroup, len(groups))}
	for i, g := range groups {
		ids := make([]string, len(g))
		for j, x := range g {
			ids[j] = x.id
		}
		out.Groups[i].Members = ids
	}
	q := Query{Port: 1, IPv6: sel.IPv6, EphemeralPorts: sel.EphemeralPorts} // the flow is a template: ports don't matter
	var sig []byte
	memo := map[string][]OpenRange{}
	for i, gi := range groups {
		for j, gj := range groups {
			from, to := gi[0], gj[0]
			if i == j {
				if len(gi) < 2 {
					continue
				}
				to = gi[1]
			}
			q.From, q.To = from.endpoint(), to.endpoint()
			if e, ok := lookup[eniIdx](m, from.id); ok && from.ep == nil && m.enis[e].vpce != noVPCE {
				continue // an endpoint's interface opens no connection
			}
			f, err := m.resolveOpt(q, true)
			if err != nil {
				return nil, err
			}
			var open []OpenRange
			if f.srcNet != noSubnet {
				// Subnet hosts: probe the pair, and reuse the open flows of
				// an earlier pair with the same signature.
				if !m.probe(&f, &sig) {
					continue
				}
				var seen bool
				if open, seen = memo[string(sig)]; !seen {
					open = m.openFlows(f, false)
					memo[string(sig)] = open
				}
			} else {
				open = m.openFlows(f, false)
			}
			if len(open) > 0 {
				out.Cells = append(out.Cells, MatrixCell{From: i, To: j, Open: open})
			}
		}
	}
	return out, nil
}

// azIndex numbers Availability Zone names in a stable way for keys.
func (m *Model) azIndex(az string) int32 {
	i, _ := slices.BinarySearch(m.azs, az)
	return int32(i)
}

// allBounds returns the sorted bounds of every CIDR in the network's
// rules, entries and routes (VPC and transit gateway).
func (m *Model) allBounds() []netip.Addr {
	var b []netip.Addr
	for k := range kinds {
		if size := kinds[k].size; size != nil {
			for i := range size(m) {
				b = m.appendBounds(b, ref{kind(k), int32(i)})
			}
		}
	}
	slices.SortFunc(b, netip.Addr.Compare)
	return slices.Compact(b)
}

// String formats the matrix as text: the groups, then one line per cell
// ("<nil>" for a nil matrix).
func (x *Matrix) String() string {
	if x == nil {
		return "<nil>"
	}
	var b strings.Builder
	for i, g := range x.Groups {
		fmt.Fprintf(&b, "G%d: %s\n", i, strings.Join(g.Members, ", "))
	}
	for _, c := range x.Cells {
		open := make([]string, len(c.Open))
		for i, o := range c.Open {
			open[i] = o.String()
		}
		fmt.Fprintf(&b, "G%d -> G%d: %s\n", c.From, c.To, strings.Join(open, ", "))
	}
	return b.String()
}

// matrixMember is an endpoint of a [Model.Matrix]: its ID, the endpoint
// (nil for an interface, ENI(id)), its address and its equivalence key.
type matrixMember struct {
	id   string
	ep   *Endpoint
	addr netip.Addr
	key  []int32
}

func (x *matrixMember) endpoint() Endpoint {
	if x.ep == nil {
		return ENI(x.id)
	}
	return *x.ep
}
