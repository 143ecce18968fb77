package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// This file answers IP capacity questions: how the addresses of each
// subnet are used (Model.Capacity), and at which scale workloads run out
// of them (ScaleOut).

// CapacityReport is how the IPv4 addresses of every subnet are used. Its
// subnets are in ID order.
type CapacityReport struct {
	Subnets []SubnetUsage `json:"subnets"`
}

// SubnetUsage is how one subnet's IPv4 addresses are used: its size, the
// five addresses AWS reserves in every subnet (network, router, DNS, one
// for future use, broadcast), what each owner takes, and what is left.
type SubnetUsage struct {
	Subnet           string       `json:"subnet"`
	VPC              string       `json:"vpc"`
	AvailabilityZone string       `json:"availabilityZone"`
	CIDR             netip.Prefix `json:"cidr,omitzero"`
	// Size is the number of addresses in CIDR; Reserved the five AWS
	// keeps (zero for a subnet without an IPv4 CIDR).
	Size     int `json:"size"`
	Reserved int `json:"reserved"`
	// Uses says who holds the taken addresses, sorted by owner and kind.
	Uses []AddressUse `json:"uses,omitempty"`
	// Taken counts the addresses held; Free is Size - Reserved - Taken.
	Taken int `json:"taken"`
	Free  int `json:"free"`
	// Headroom is the free addresses workloads want kept (EKS in its
	// cluster subnets, an RDS Proxy for scaling); Short is set when Free
	// is below it.
	Headroom int  `json:"headroom,omitempty"`
	Short    bool `json:"short,omitempty"`
	// FreeBlocks counts the aligned /28 blocks entirely free, which EKS
	// prefix delegation needs; LargestFree is the largest aligned free
	// block (the lowest of that size), zero when nothing is free.
	FreeBlocks  int          `json:"freeBlocks"`
	LargestFree netip.Prefix `json:"largestFree,omitzero"`
}

// AddressUse is what one owner takes from a subnet.
type AddressUse struct {
	// Owner is the workload (the functions sharing a Lambda Hyperplane
	// interface, comma-separated), the NAT gateway or transit gateway
	// attachment, or the declared owner of network interfaces ("" for
	// interfaces that declare none).
	Owner string `json:"owner"`
	// Kind is the workload kind ("ecs-service"), "nat-gateway",
	// "transit-gateway-attachment", or the interfaces' kind ("ec2").
	Kind string `json:"kind"`
	// Addresses counts the IPv4 addresses held, those of /28 prefixes
	// included; Prefixes the delegated /28 prefixes among them.
	Addresses int `json:"addresses"`
	Prefixes  int `json:"prefixes,omitempty"`
	// Interfaces counts network interfaces in AWS's sense (an EKS pod's
	// address is no interface of its own).
	Interfaces int `json:"interfaces"`
	// Headroom is the free addresses the owner wants kept.
	Headroom int `json:"headroom,omitempty"`
}

// Capacity reports how the IPv4 addresses of every subnet are used:
// by workloads (each workload's interfaces, pods and delegated prefixes),
// declared interfaces (grouped by kind and owner), NAT gateways and
// transit gateway attachments. An attachment's interface, which AWS
// places but vpcsim does not model as an interface, counts at the lowest
// free address. The report is deterministic and never counts an address
// twice, so Free never exceeds Size - Reserved.
func (m *Model) Capacity() *CapacityReport {
	if m == nil {
		return &CapacityReport{}
	}
	atts := make([][]string, len(m.subnets))
	for _, a := range m.tgwAtts {
		for _, s := range a.subnets {
			atts[s] = append(atts[s], a.id)
		}
	}
	out := &CapacityReport{Subnets: make([]SubnetUsage, 0, len(m.subnets))}
	for si := range m.subnets {
		out.Subnets = append(out.Subnets, m.subnetUsage(subnetIdx(si), atts[si]))
	}
	return out
}

func (m *Model) subnetUsage(si subnetIdx, atts []string) SubnetUsage {
	s := &m.subnets[si]
	u := SubnetUsage{Subnet: s.id, VPC: m.vpcs[s.vpc].id, AvailabilityZone: s.az}
	if !s.cidr.IsValid() || !s.cidr.Addr().Is4() {
		return u
	}
	u.CIDR, u.Size, u.Reserved = s.cidr, 1<<(32-s.cidr.Bits()), min(5, 1<<(32-s.cidr.Bits()))
	type key struct{ owner, kind string }
	rows := map[key]*AddressUse{}
	row := func(k key) *AddressUse {
		r := rows[k]
		if r == nil {
			r = &AddressUse{Owner: k.owner, Kind: k.kind}
			rows[k] = r
		}
		return r
	}
	taken := make([]netip.Addr, 0, len(s.addrs))
	counted := map[eniIdx]bool{}
	for _, x := range s.addrs {
		if !x.addr.Is4() || !s.cidr.Contains(x.addr) {
			continue
		}
		taken = append(taken, x.addr)
		r := row(m.ownerKey(x.eni))
		r.Addresses++
		if !counted[x.eni] {
			counted[x.eni] = true
			if m.enis[x.eni].ifKind != vpc.KindEKSPod {
				r.Interfaces++
			}
			if m.wl != nil {
				r.Prefixes += len(m.wl.prefixes[x.eni])
			}
		}
	}
	space := addrSpace(s.cidr, taken)
	for _, a := range atts {
		r := row(key{a, "transit-gateway-attachment"})
		r.Addresses++
		r.Interfaces++
		if off := slices.Index(space, false); off >= 0 {
			space[off] = true
			taken = append(taken, offsetAddr(s.cidr, off))
		}
	}
	if m.wl != nil {
		for k, h := range m.wl.headroom {
			if k[0] == s.id {
				r := row(key{k[1], string(m.wl.kinds[k[1]])})
				r.Headroom += h
				u.Headroom += h
			}
		}
	}
	for _, r := range rows {
		u.Uses = append(u.Uses, *r)
		u.Taken += r.Addresses
	}
	slices.SortFunc(u.Uses, func(a, b AddressUse) int { return cmp.Or(cmp.Compare(a.Owner, b.Owner), cmp.Compare(a.Kind, b.Kind)) })
	c := workload.SubnetCapacity(vpc.Subnet{ID: s.id, CIDR: s.cidr}, taken)
	u.Free, u.FreeBlocks, u.LargestFree = c.Free, c.FreeBlocks, c.LargestFree
	if s.cidr.Bits() > 28 || s.cidr.Bits() < 16 {
		// Outside what AWS allows for a subnet: count by hand.
		u.Free = max(u.Size-u.Reserved-u.Taken, 0)
	}
	u.Short = u.Free < u.Headroom
	return u
}

// ownerKey returns the owner and kind an interface's addresses count for.
func (m *Model) ownerKey(e eniIdx) struct{ owner, kind string } {
	E := &m.enis[e]
	if m.wl != nil {
		if i, ok := m.wl.roleOf[e]; ok {
			owner := m.wl.members[i].Workload
			if shared, ok := m.wl.shared[e]; ok {
				owner = shared
			}
			return struct{ owner, kind string }{owner, string(m.wl.members[i].Kind)}
		}
	}
	if E.nat != noNAT {
		return struct{ owner, kind string }{m.nats[E.nat].id, string(KindNATGateway)}
	}
	return struct{ owner, kind string }{E.owner, string(E.ifKind)}
}

// addrSpace marks the used addresses of an IPv4 subnet: the five AWS
// reserves and those taken.
func addrSpace(p netip.Prefix, taken []netip.Addr) []bool {
	n := 1 << (32 - p.Bits())
	used := make([]bool, n)
	for i := range min(4, n) {
		used[i] = true
	}
	used[n-1] = true
	base := p.Addr().As4()
	b := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
	for _, a := range taken {
		x := a.As4()
		v := uint32(x[0])<<24 | uint32(x[1])<<16 | uint32(x[2])<<8 | uint32(x[3])
		used[v-b] = true
	}
	return used
}

func offsetAddr(p netip.Prefix, off int) netip.Addr {
	b := p.Addr().As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]) + uint32(off)
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// Subnet returns the usage of the subnet with the given ID, or false.
func (r *CapacityReport) Subnet(id string) (SubnetUsage, bool) {
	if r == nil {
		return SubnetUsage{}, false
	}
	for _, s := range r.Subnets {
		if s.Subnet == id {
			return s, true
		}
	}
	return SubnetUsage{}, false
}

// String formats the report as a table, one line per subnet followed by
// one indented line per owner ("<nil>" for a nil report).
func (r *CapacityReport) String() string {
	if r == nil {
		return "<nil>"
	}
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	fmt.Fprintln(w, "subnet\tzone\tcidr\tsize\treserved\ttaken\theadroom\tfree\tfree /28\tlargest free")
	for _, s := range r.Subnets {
		largest, short := "-", ""
		if s.LargestFree.IsValid() {
			largest = s.LargestFree.String()
		}
		if s.Short {
			short = " (short)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d%s\t%d\t%s\n", s.Subnet, s.AvailabilityZone, prefixOrDash(s.CIDR),
			s.Size, s.Reserved, s.Taken, s.Headroom, s.Free, short, s.FreeBlocks, largest)
		for _, u := range s.Uses {
			fmt.Fprintf(w, "  %s (%s)\t\t%s\t\t\t%d\t%s\t\t\t\n", ownerOrDash(u.Owner), u.Kind, useDetail(u), u.Addresses, blankZero(u.Headroom))
		}
	}
	w.Flush()
	return b.String()
}

func blankZero(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}

func prefixOrDash(p netip.Prefix) string {
	if !p.IsValid() {
		return "-"
	}
	return p.String()
}

func ownerOrDash(s string) string {
	if s == "" {
		return "declared"
	}
	return s
}

// useDetail describes the interfaces and prefixes of a use.
func useDetail(u AddressUse) string {
	s := plural(u.Interfaces, "interface")
	if u.Prefixes > 0 {
		s += ", " + plural(u.Prefixes, "/28 prefix")
	}
	return s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	if strings.HasSuffix(what, "x") {
		return fmt.Sprintf("%d %ses", n, what)
	}
	return fmt.Sprintf("%d %ss", n, what)
}
