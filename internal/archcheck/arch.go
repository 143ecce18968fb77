package archcheck

import (
	"errors"
	"maps"
	"net/netip"
	"reflect"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// Arch is a compiled architecture under check: the [sim.Model] of a
// network, and what the selectors need of its declaration (the tags,
// subnets, security groups and kinds of its interfaces). An Arch is
// immutable and safe for concurrent use; it keeps no reference to the
// [sim.Network] it was compiled from.
type Arch struct {
	model   *sim.Model
	enis    []eniInfo      // declared interfaces, by ID
	eniIdx  map[string]int // ID -> index in enis
	subnets map[string]subnetInfo
	vpcs    map[string]bool
	sgs     map[string]bool // declared groups and the default group IDs in effect
	// bounds are the addresses at which the declaration's prefixes start
	// and end (IPv4 and IPv6), sorted: between two consecutive bounds,
	// every decision treats internet addresses alike.
	bounds []netip.Addr
	// subnetIDs are the declared subnets' IDs, sorted.
	subnetIDs []string
	// workloads are the declared workloads' IDs.
	workloads map[string]bool
	// orgs are the declared accounts' organizations (VPC Lattice).
	orgs map[string]string
}

// eniInfo is what the selectors know of a declared network interface.
type eniInfo struct {
	id, subnet, vpc string
	kind            vpc.InterfaceKind
	sgs             []string // in effect: declared, or the VPC's default group
	tags            map[string]string
	ipv6            bool // has an IPv6 address
	// members say which workloads the interface belongs to, in which
	// role (several for a Lambda Hyperplane interface shared by
	// functions); nil for a declared interface.
	members []workload.Member
}

// subnetInfo is what the selectors know of a subnet.
type subnetInfo struct {
	vpc  string
	tags map[string]string
}

// Compile validates and compiles n (see [sim.Compile]) into an Arch. It
// returns the validation errors, every problem at once, when n does not
// compile. Compile copies what it needs: changing n afterwards changes
// nothing in the Arch.
//
// Compile compiles n itself; [New] takes a model already compiled from n.
func Compile(n *sim.Network) (*Arch, error) {
	if n == nil {
		return nil, errors.New("nil network: want a *sim.Network to compile")
	}
	m, err := sim.Compile(n)
	if err != nil {
		return nil, err
	}
	return New(n, m), nil
}

// New returns the Arch of network n compiled into m (by [sim.Compile]),
// for a caller that has compiled n already.
func New(n *sim.Network, m *sim.Model) *Arch {
	a := &Arch{model: m, eniIdx: map[string]int{}, subnets: map[string]subnetInfo{},
		vpcs: map[string]bool{}, sgs: map[string]bool{}, orgs: map[string]string{}}
	for _, acct := range n.Accounts {
		a.orgs[acct.ID] = acct.Organization
	}
	defaultSG := map[string]string{} // vpc -> its default group
	for _, v := range n.VPCs {
		a.vpcs[v.ID] = true
		defaultSG[v.ID] = v.ID + "/default-sg"
	}
	for _, g := range n.SecurityGroups {
		a.sgs[g.ID] = true
		if g.Default {
			defaultSG[g.VPC] = g.ID
		}
	}
	for _, id := range defaultSG {
		a.sgs[id] = true
	}
	for _, s := range n.Subnets {
		a.subnets[s.ID] = subnetInfo{vpc: s.VPC, tags: maps.Clone(s.Tags)}
	}
	for _, e := range n.NetworkInterfaces {
		v := a.subnets[e.Subnet].vpc
		sgs := slices.Clone(e.SecurityGroups)
		if len(sgs) == 0 {
			sgs = []string{defaultSG[v]}
		}
		kind := e.Kind
		if kind == "" {
			kind = vpc.KindEC2 // the zero kind counts as an EC2 instance
		}
		a.enis = append(a.enis, eniInfo{id: e.ID, subnet: e.Subnet, vpc: v, kind: kind, sgs: sgs,
			tags: maps.Clone(e.Tags), ipv6: len(e.IPv6Addrs) > 0})
	}
	a.addWorkloads(m)
	slices.SortFunc(a.enis, func(x, y eniInfo) int { return strings.Compare(x.id, y.id) })
	for i, e := range a.enis {
		a.eniIdx[e.id] = i
	}
	a.bounds = addressBounds(n)
	for id := range a.subnets {
		a.subnetIDs = append(a.subnetIDs, id)
	}
	slices.Sort(a.subnetIDs)
	return a
}

// addWorkloads adds the interfaces the workloads of m expand into, with
// their members, and the security groups they carry (the groups AWS
// creates for workloads among them).
func (a *Arch) addWorkloads(m *sim.Model) {
	a.workloads = map[string]bool{}
	at := map[string]int{} // interface ID -> index in a.enis
	for w := range m.Workloads() {
		a.workloads[w.ID] = true
		for _, x := range w.Members {
			if i, ok := at[x.Interface]; ok {
				a.enis[i].members = append(a.enis[i].members, x)
				continue
			}
			e, ok := m.Interface(x.Interface)
			if !ok {
				continue
			}
			for _, g := range e.SecurityGroups {
				a.sgs[g] = true
			}
			at[x.Interface] = len(a.enis)
			a.enis = append(a.enis, eniInfo{id: e.ID, subnet: e.Subnet, vpc: e.VPC, kind: e.Kind,
				sgs: slices.Clone(e.SecurityGroups), ipv6: len(e.IPv6Addrs) > 0, members: []workload.Member{x}})
		}
	}
}

// Model returns the compiled model, for queries the checks do not cover.
func (a *Arch) Model() *sim.Model { return a.model }

// addressBounds collects every netip.Prefix in the declaration (found by
// reflection, so that new resource kinds are covered): the CIDRs of VPCs
// and subnets, route destinations, rule peers and prefix lists. It returns
// the sorted, distinct addresses at which ranges of equally treated
// destination addresses start: each prefix's first address and the one
// after its last. Interface addresses (netip.Addr fields) are left out:
// no decision on a flow to an internet address depends on them, and a
// network's public and IPv6 addresses would otherwise split the internet
// into as many ranges as it has interfaces.
func addressBounds(n *sim.Network) []netip.Addr {
	var bs []netip.Addr
	prefixT := reflect.TypeFor[netip.Prefix]()
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		if v.Type() == prefixT {
			if p := v.Interface().(netip.Prefix); p.IsValid() {
				p = p.Masked()
				bs = append(bs, p.Addr())
				if next := lastAddr(p).Next(); next.IsValid() {
					bs = append(bs, next)
				}
			}
			return
		}
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(n).Elem())
	slices.SortFunc(bs, netip.Addr.Compare)
	return slices.Compact(bs)
}

// lastAddr is the last address of p.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 1 << (7 - i%8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

// Subnets returns the declared subnets' IDs, sorted.
func (a *Arch) Subnets() []string { return slices.Clone(a.subnetIDs) }

// Interfaces returns the IDs of the declared interfaces and of those the
// workloads expand into, sorted.
func (a *Arch) Interfaces() []string {
	out := make([]string, len(a.enis))
	for i, e := range a.enis {
		out[i] = e.id
	}
	return out
}
