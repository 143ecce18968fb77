package simtest

import (
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Arch is a compiled architecture under test: the [sim.Model] of a
// network, and what the selectors need of its declaration (the tags,
// subnets, security groups and kinds of its interfaces). Its assertions
// take the test's [testing.TB], so one Arch serves any number of tests,
// subtests and parallel tests. An Arch is immutable and safe for
// concurrent use; it keeps no reference to the [sim.Network] it was
// compiled from.
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
	usage  []SubnetUsage
}

// eniInfo is what the selectors know of a declared network interface.
type eniInfo struct {
	id, subnet, vpc string
	kind            vpc.InterfaceKind
	sgs             []string // in effect: declared, or the VPC's default group
	tags            map[string]string
	ipv6            bool // has an IPv6 address
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
func Compile(n *sim.Network) (*Arch, error) {
	if n == nil {
		return nil, errors.New("simtest: nil network: want a *sim.Network to compile")
	}
	m, err := sim.Compile(n)
	if err != nil {
		return nil, err
	}
	a := &Arch{model: m, eniIdx: map[string]int{}, subnets: map[string]subnetInfo{},
		vpcs: map[string]bool{}, sgs: map[string]bool{}}
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
	slices.SortFunc(a.enis, func(x, y eniInfo) int { return strings.Compare(x.id, y.id) })
	for i, e := range a.enis {
		a.eniIdx[e.id] = i
	}
	a.bounds = addressBounds(n)
	a.usage = subnetUsage(n)
	return a, nil
}

// New compiles n for the test t, stopping it (t.Fatalf) with every
// validation error when n does not compile. To compile a network once
// for many tests, use [Once].
func New(t testing.TB, n *sim.Network) *Arch {
	t.Helper()
	a, err := Compile(n)
	if err != nil {
		t.Fatalf("simtest: the network does not compile:\n%v", err)
		return nil
	}
	return a
}

// Once returns a function that compiles the network that network returns
// the first time it is called, and returns the same Arch to every test
// after that; when the network does not compile, it stops each test that
// asks (t.Fatalf) with the validation errors. Declare it at package level
// to share one compiled network between tests, which may run in parallel:
//
//	var prod = simtest.Once(network)
//
//	func TestDatabase(t *testing.T) {
//		t.Parallel()
//		a := prod(t)
//		a.Reachable(t, sim.ENI("eni-app"), sim.ENI("eni-db"), "tcp 5432")
//	}
func Once(network func() *sim.Network) func(t testing.TB) *Arch {
	compiled := sync.OnceValues(func() (*Arch, error) {
		if network == nil {
			return nil, errors.New("simtest.Once: nil function: want a func() *sim.Network")
		}
		return Compile(network())
	})
	return func(t testing.TB) *Arch {
		t.Helper()
		a, err := compiled()
		if err != nil {
			t.Fatalf("simtest: the network does not compile:\n%v", err)
			return nil
		}
		return a
	}
}

// Model returns the compiled model, for queries the assertions do not
// cover.
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

// SubnetUsage is the IPv4 address use of one subnet: how many addresses
// its network interfaces and NAT gateways take (declared, or assigned at
// compile time), out of the usable ones (the CIDR's addresses minus the
// five AWS reserves).
type SubnetUsage struct {
	Subnet string
	CIDR   netip.Prefix
	Used   int
	Usable int
}

// Free is the number of usable addresses left.
func (u SubnetUsage) Free() int { return u.Usable - u.Used }

// String formats the usage as "subnet-app-a 10.0.10.0/24: 12 of 251 used".
func (u SubnetUsage) String() string {
	return fmt.Sprintf("%s %s: %d of %d used", u.Subnet, u.CIDR, u.Used, u.Usable)
}

// subnetUsage counts, for each subnet, one address for each interface or
// NAT gateway that declares none and every distinct usable address
// declared, as validation does for the capacity check.
func subnetUsage(n *sim.Network) []SubnetUsage {
	type slot struct {
		subnet string
		addr   netip.Addr
	}
	cidr := map[string]netip.Prefix{}
	for _, s := range n.Subnets {
		cidr[s.ID] = s.CIDR
	}
	used := map[string]int{}
	seen := map[slot]bool{}
	claim := func(subnet string, addrs ...netip.Addr) {
		if len(addrs) == 0 {
			used[subnet]++
			return
		}
		p := cidr[subnet]
		for _, x := range addrs {
			if s := (slot{subnet, x}); x.Is4() && p.Contains(x) && !vpc.IsReserved(p, x) && !seen[s] {
				seen[s] = true
				used[subnet]++
			}
		}
	}
	for _, g := range n.NATGateways {
		if g.PrivateIP.IsValid() {
			claim(g.Subnet, g.PrivateIP)
		} else {
			claim(g.Subnet)
		}
	}
	for _, e := range n.NetworkInterfaces {
		claim(e.Subnet, e.PrivateIPs...)
	}
	out := make([]SubnetUsage, 0, len(n.Subnets))
	for _, s := range n.Subnets {
		out = append(out, SubnetUsage{Subnet: s.ID, CIDR: s.CIDR, Used: used[s.ID], Usable: vpc.UsableAddresses(s.CIDR)})
	}
	slices.SortFunc(out, func(x, y SubnetUsage) int { return strings.Compare(x.Subnet, y.Subnet) })
	return out
}
