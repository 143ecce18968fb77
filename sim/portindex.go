package sim

import (
	"math"
	"slices"
)

// This file holds the port index of long rule lists. A security group or
// network ACL list of many rules is not scanned rule by rule for each
// packet: its index yields the rules that select the packet's protocol
// and port, in list order, and the list's semantics (the first match by
// position) only checks the peers of those. Lists shorter than indexMin
// are scanned, which is faster for the few rules real lists hold.
//
// The rules of one protocol with ports (TCP, UDP, ICMP, ICMPv6) are
// stored in a segment tree over the elementary port intervals of their
// bounds: a rule sits in the O(log n) nodes covering its range, and the
// rules covering a port lie in the nodes on the path from its leaf to the
// root. Each node lists its rules by position. With n rules the index
// takes O(n log n) memory at most (O(n) for single ports) and a port's
// candidates are found in O(log n) plus their number.

// indexMin is the length from which a rule list gets a port index.
const indexMin = 64

// portIndex indexes one rule list by protocol and port.
type portIndex struct {
	anyProto []int32     // positions of the rules of every protocol
	noPorts  []int32     // positions of the rules of one protocol without ports
	trees    [4]portTree // the rules of TCP, UDP, ICMP and ICMPv6 (treeSlot)
}

// portTree is a segment tree of the rules of one protocol with ports.
// Leaf j is the port interval [bounds[j], bounds[j+1]) (to 65535 for the
// last); the n leaves are nodes n to 2n-1, node i's parent is node i/2,
// and node i holds the rule positions pos[start[i]:start[i+1]], ascending.
type portTree struct {
	bounds []uint16
	start  []int32
	pos    []int32
}

// treeSlot returns the slot in portIndex.trees of protocol p, or -1 for
// protocols without ports.
func treeSlot(p uint8) int {
	switch p {
	case protoTCP:
		return 0
	case protoUDP:
		return 1
	case protoICMP:
		return 2
	case protoICMPv6:
		return 3
	}
	return -1
}

// newPortIndex returns the index of rules, or nil when the list is short
// enough to scan.
func newPortIndex(rules []cRule) *portIndex {
	if len(rules) < indexMin || len(rules) > math.MaxInt32 {
		return nil
	}
	return buildPortIndex(rules)
}

// buildPortIndex returns the index of rules, of any length below 2^31.
func buildPortIndex(rules []cRule) *portIndex {
	x := &portIndex{}
	var byTree [4][]int32
	for i := range rules {
		switch r := &rules[i]; {
		case r.proto == anyProto:
			x.anyProto = append(x.anyProto, int32(i))
		case treeSlot(uint8(r.proto)) >= 0:
			s := treeSlot(uint8(r.proto))
			byTree[s] = append(byTree[s], int32(i))
		default:
			x.noPorts = append(x.noPorts, int32(i))
		}
	}
	for s, sel := range byTree {
		x.trees[s] = newPortTree(rules, sel)
	}
	return x
}

// newPortTree builds the tree of the rules at positions sel, ascending.
func newPortTree(rules []cRule, sel []int32) portTree {
	if len(sel) == 0 {
		return portTree{}
	}
	t := portTree{bounds: []uint16{0}}
	for _, i := range sel {
		t.bounds = append(t.bounds, rules[i].lo)
		if rules[i].hi < math.MaxUint16 {
			t.bounds = append(t.bounds, rules[i].hi+1)
		}
	}
	slices.Sort(t.bounds)
	t.bounds = slices.Compact(t.bounds)
	n := len(t.bounds)
	// Two passes over the nodes each rule covers: count, then place. Rules
	// are placed in ascending position, so each node's list is sorted.
	count := make([]int32, 2*n+1)
	cover := func(i int32, visit func(node int)) {
		l, r := t.leaf(rules[i].lo)+n, t.leaf(rules[i].hi)+1+n
		for ; l < r; l, r = l>>1, r>>1 {
			if l&1 == 1 {
				visit(l)
				l++
			}
			if r&1 == 1 {
				r--
				visit(r)
			}
		}
	}
	for _, i := range sel {
		cover(i, func(node int) { count[node+1]++ })
	}
	for k := 1; k < len(count); k++ {
		count[k] += count[k-1]
	}
	t.start = count
	t.pos = make([]int32, count[len(count)-1])
	next := slices.Clone(count[:2*n])
	for _, i := range sel {
		cover(i, func(node int) {
			t.pos[next[node]] = i
			next[node]++
		})
	}
	return t
}

// leaf returns the leaf whose interval holds port.
func (t *portTree) leaf(port uint16) int {
	j, found := slices.BinarySearch(t.bounds, port)
	if !found {
		j--
	}
	return j
}

// first returns the position of the first rule that selects protocol
// proto and port and for which ok holds, or -1.
func (x *portIndex) first(rules []cRule, proto uint8, port uint16, ok func(*cRule) bool) int {
	best := int32(math.MaxInt32)
	best = firstIn(rules, x.anyProto, best, ok)
	if s := treeSlot(proto); s >= 0 {
		t := &x.trees[s]
		if len(t.bounds) > 0 {
			for i := t.leaf(port) + len(t.bounds); i > 0; i >>= 1 {
				best = firstIn(rules, t.pos[t.start[i]:t.start[i+1]], best, ok)
			}
		}
	} else {
		for _, i := range x.noPorts {
			if i >= best {
				break
			}
			if rules[i].proto == int16(proto) && ok(&rules[i]) {
				best = i
				break
			}
		}
	}
	if best == math.MaxInt32 {
		return -1
	}
	return int(best)
}

// firstIn returns the first position of list, below best, whose rule ok
// accepts, or best.
func firstIn(rules []cRule, list []int32, best int32, ok func(*cRule) bool) int32 {
	for _, i := range list {
		if i >= best {
			break
		}
		if ok(&rules[i]) {
			return i
		}
	}
	return best
}

// bounds calls f with every port in (lo, hi] where the rules of protocol
// proto start or end, ascending, until f returns false: the rules that
// select a port change only there. It does nothing for protocols without
// ports.
func (x *portIndex) bounds(proto uint8, lo, hi uint16, f func(port uint16) bool) {
	s := treeSlot(proto)
	if s < 0 {
		return
	}
	b := x.trees[s].bounds
	j, found := slices.BinarySearch(b, lo)
	if found {
		j++
	}
	for ; j < len(b) && b[j] <= hi; j++ {
		if !f(b[j]) {
			return
		}
	}
}
