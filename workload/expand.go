package workload

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// Expand expands workloads into the interfaces, addresses and security
// groups AWS creates for them in env. It validates the declarations as the
// AWS APIs would (an RDS subnet group in one Availability Zone, an EKS
// cluster with one subnet, a Lambda function with more than 16 subnets,
// ...) and returns every problem at once, joined, each a [*FieldError]
// naming the workload and field. It never panics and does not modify its
// arguments.
//
// Expansion is deterministic: the result depends on the declarations and
// env, not on the order of any slice in them. Interfaces are placed as
// described in the package documentation; addresses are assigned per
// subnet from the lowest free address up, in interface ID order, skipping
// the five addresses AWS reserves and env.Taken, while /28 prefixes are
// taken from the highest free aligned blocks down, so single addresses
// never fragment the blocks prefixes need. A subnet that cannot hold what
// is placed in it is an [ErrCapacity] error naming the subnet.
func Expand(ws Workloads, e Env) (Expansion, error) {
	p, x, err := planAll(ws, e, false)
	if err != nil {
		return Expansion{}, err
	}
	return allocate(p, x, e.Taken)
}

// addrSpace is the address space of one IPv4 subnet: which addresses are
// unusable (reserved by AWS or taken).
type addrSpace struct {
	base uint32
	used []bool
}

// newAddrSpace returns the space of an IPv4 subnet CIDR of /16 to /28, or
// false for any other prefix.
func newAddrSpace(p netip.Prefix, taken []netip.Addr) (*addrSpace, bool) {
	if !p.IsValid() || !p.Addr().Is4() || p.Bits() < 16 || p.Bits() > 28 || p.Masked() != p {
		return nil, false
	}
	s := &addrSpace{base: u32(p.Addr()), used: make([]bool, 1<<(32-p.Bits()))}
	n := uint32(len(s.used))
	for i := range uint32(4) {
		s.used[i] = true // network, router, DNS, reserved for future use
	}
	s.used[n-1] = true // broadcast
	for _, a := range taken {
		if a.Is4() && p.Contains(a) {
			s.used[u32(a)-s.base] = true
		}
	}
	return s, true
}

func u32(a netip.Addr) uint32 { b := a.As4(); return binary.BigEndian.Uint32(b[:]) }

func addrOf(v uint32) netip.Addr {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], v)
	return netip.AddrFrom4(b)
}

// free counts the usable addresses not taken.
func (s *addrSpace) free() int {
	n := 0
	for _, u := range s.used {
		if !u {
			n++
		}
	}
	return n
}

// freeBlocks returns the offsets of the aligned /28 blocks all of whose
// addresses are free, ascending.
func (s *addrSpace) freeBlocks() []int {
	var out []int
	for i := 0; i+IPsPerPrefix <= len(s.used); i += IPsPerPrefix {
		if !slices.Contains(s.used[i:i+IPsPerPrefix], true) {
			out = append(out, i)
		}
	}
	return out
}

// largestFree returns the largest aligned prefix all of whose addresses
// are free (the lowest one of that size), or the zero prefix when every
// address is used.
func (s *addrSpace) largestFree() netip.Prefix {
	for bits := 32 - log2(len(s.used)); bits <= 32; bits++ {
		size := 1 << (32 - bits)
		for i := 0; i+size <= len(s.used); i += size {
			if !slices.Contains(s.used[i:i+size], true) {
				return netip.PrefixFrom(addrOf(s.base+uint32(i)), bits)
			}
		}
	}
	return netip.Prefix{}
}

func log2(n int) int {
	b := 0
	for n > 1 {
		n >>= 1
		b++
	}
	return b
}

// allocate gives the planned interfaces their addresses and prefixes.
func allocate(p *plan, x *env, taken []netip.Addr) (Expansion, error) {
	r := &errs{}
	bySubnet := map[int][]int{}
	for i, ip := range p.ifaces {
		if ip.parent < 0 {
			bySubnet[ip.subnet] = append(bySubnet[ip.subnet], i)
		}
	}
	singles := make([][]netip.Addr, len(p.ifaces))
	prefixes := make([][]netip.Prefix, len(p.ifaces))
	subnets := make([]int, 0, len(bySubnet))
	for si := range bySubnet {
		subnets = append(subnets, si)
	}
	slices.Sort(subnets)
	for _, si := range subnets {
		items := bySubnet[si]
		slices.SortFunc(items, func(a, b int) int { return cmp.Compare(p.ifaces[a].iface.ID, p.ifaces[b].iface.ID) })
		s := x.subnets[si]
		space, ok := newAddrSpace(s.CIDR, taken)
		if !ok {
			r.add("subnet", s.ID, "cidr", ErrCapacity, "%s is not an IPv4 subnet CIDR of /16 to /28: no address can be assigned to workloads there", s.CIDR)
			continue
		}
		needA, needP := 0, 0
		for _, i := range items {
			needA += p.ifaces[i].singles
			needP += p.ifaces[i].prefixes
		}
		blocks := space.freeBlocks()
		if needP > len(blocks) {
			r.add("subnet", s.ID, "cidr", ErrCapacity, "workloads need %d free aligned /28 blocks for prefix delegation, %s has %d (%s)",
				needP, s.CIDR, len(blocks), workloadsIn(p, items))
			continue
		}
		reserved := blocks[len(blocks)-needP:]
		for _, b := range reserved {
			for j := range IPsPerPrefix {
				space.used[b+j] = true
			}
		}
		var pool []netip.Addr
		for off, u := range space.used {
			if len(pool) == needA {
				break
			}
			if !u {
				pool = append(pool, addrOf(space.base+uint32(off)))
			}
		}
		if len(pool) < needA {
			r.add("subnet", s.ID, "cidr", ErrCapacity, "workloads need %d addresses%s, %s has %d free (%s)",
				needA, map[bool]string{true: fmt.Sprintf(" besides %d /28 prefixes", needP), false: ""}[needP > 0], s.CIDR, len(pool), workloadsIn(p, items))
			continue
		}
		for _, i := range items {
			ip := p.ifaces[i]
			singles[i], pool = pool[:ip.singles], pool[ip.singles:]
			for range ip.prefixes {
				prefixes[i] = append(prefixes[i], netip.PrefixFrom(addrOf(space.base+uint32(reserved[0])), 28))
				reserved = reserved[1:]
			}
		}
	}
	if err := r.err(); err != nil {
		return Expansion{}, err
	}
	var out Expansion
	out.Interfaces = make([]vpc.NetworkInterface, len(p.ifaces))
	for i := range p.ifaces {
		out.Interfaces[i] = p.ifaces[i].iface
	}
	for i, ip := range p.ifaces {
		if ip.parent >= 0 {
			continue
		}
		// The pods' addresses come from the interface's secondary
		// addresses, then from its prefixes; the interface keeps the rest.
		rest := slices.Clone(singles[i][1:])
		for _, pf := range prefixes[i] {
			out.Prefixes = append(out.Prefixes, DelegatedPrefix{Interface: ip.iface.ID, Prefix: pf})
			for a := pf.Addr(); pf.Contains(a); a = a.Next() {
				rest = append(rest, a)
			}
		}
		for _, c := range ip.children {
			out.Interfaces[c].PrivateIPs = []netip.Addr{rest[0]}
			rest = rest[1:]
		}
		out.Interfaces[i].PrivateIPs = append([]netip.Addr{singles[i][0]}, rest...)
	}
	nm := 0
	for _, ip := range p.ifaces {
		nm += len(ip.members)
	}
	out.Members = make([]Member, 0, nm)
	for _, ip := range p.ifaces {
		for _, m := range ip.members {
			m.Interface = ip.iface.ID
			out.Members = append(out.Members, m)
		}
	}
	slices.SortFunc(out.Interfaces, func(a, b vpc.NetworkInterface) int { return cmp.Compare(a.ID, b.ID) })
	out.SecurityGroups = slices.Clone(p.sgs)
	slices.SortFunc(out.SecurityGroups, func(a, b vpc.SecurityGroup) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(out.Prefixes, func(a, b DelegatedPrefix) int { return a.Prefix.Addr().Compare(b.Prefix.Addr()) })
	slices.SortFunc(out.Members, func(a, b Member) int {
		return cmp.Or(cmp.Compare(a.Workload, b.Workload), cmp.Compare(a.Role, b.Role), cmp.Compare(a.Interface, b.Interface))
	})
	return out, nil
}

// workloadsIn names the workloads owning the planned interfaces, for
// capacity errors.
func workloadsIn(p *plan, items []int) string {
	var ws []string
	for _, i := range items {
		for _, m := range p.ifaces[i].members {
			ws = append(ws, m.Workload)
		}
	}
	slices.Sort(ws)
	ws = slices.Compact(ws)
	s := "placed by "
	for i, w := range ws {
		if i > 0 {
			s += ", "
		}
		s += w
	}
	return s
}
