package sim

import (
	"net/netip"
	"slices"
)

// This file holds the index of the VPCs' address space, which the
// questions "is this address in some VPC?", "which VPC's IPv6 block holds
// it?" and "which interface holds this private address?" consult instead
// of going over every VPC: their cost does not grow with the network.
//
// The VPCs' blocks (IPv4 CIDRs and IPv6 block) split the address space
// into atoms at their first addresses and the addresses after their last;
// every address of an atom lies in the same blocks. The index lists, for
// each atom, the VPCs with a block that may hold it (in VPC order). It
// only narrows the VPCs to look at: callers still check each candidate,
// so an atom that runs past the end of a family's space (a block ending
// at the last IPv4 address) costs a check, never a wrong answer.

// vpcAtoms is the index: atom i starts at starts[i] and runs up to
// starts[i+1] (the last one to the end of the address space); vpcs[i]
// are its candidate VPCs.
type vpcAtoms struct {
	starts []netip.Addr
	vpcs   [][]vpcIdx
}

// indexVPCs builds m's index of the VPCs' address space from m.vpcs.
func (m *Model) indexVPCs() {
	var bounds []netip.Addr
	for i := range m.vpcs {
		for _, p := range m.vpcs[i].cidrs {
			bounds = appendPrefixBounds(bounds, p)
		}
		bounds = appendPrefixBounds(bounds, m.vpcs[i].ipv6)
	}
	slices.SortFunc(bounds, netip.Addr.Compare)
	bounds = slices.Compact(bounds)
	x := vpcAtoms{starts: bounds, vpcs: make([][]vpcIdx, len(bounds))}
	add := func(v vpcIdx, p netip.Prefix) {
		if !p.IsValid() {
			return
		}
		first := p.Masked().Addr()
		i, _ := slices.BinarySearchFunc(bounds, first, netip.Addr.Compare)
		for ; i < len(bounds) && p.Contains(bounds[i]); i++ {
			if l := x.vpcs[i]; len(l) == 0 || l[len(l)-1] != v {
				x.vpcs[i] = append(l, v)
			}
		}
	}
	for i := range m.vpcs {
		for _, p := range m.vpcs[i].cidrs {
			add(vpcIdx(i), p)
		}
		add(vpcIdx(i), m.vpcs[i].ipv6)
	}
	// VPCs in index order within each atom: a VPC's blocks were added
	// together, and VPCs in order, so each list is already sorted.
	m.vpcIndex = x
}

// vpcsAt returns the VPCs that may hold address a (a superset of those
// that do), in VPC order.
func (m *Model) vpcsAt(a netip.Addr) []vpcIdx {
	x := &m.vpcIndex
	i, found := slices.BinarySearchFunc(x.starts, a, netip.Addr.Compare)
	if !found {
		i--
	}
	if i < 0 {
		return nil
	}
	return x.vpcs[i]
}
