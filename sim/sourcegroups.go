package sim

import (
	"cmp"
	"slices"
	"sync"
)

// sourceGroupCache holds the grouping of every interface that may
// originate flows, computed on first use: WhoCanReach and Exposure start
// from it for every destination, so that the 100k interfaces of a large
// network are sorted once per model, not once per query.
type sourceGroupCache struct {
	once   sync.Once
	groups [][]eniIdx
}

// allSourceGroups groups the interfaces that may originate flows (all but
// NAT gateways and VPC endpoints) by subnet, security groups and whether
// they have a public address, a route target or load balancer node alone
// (hopKey); members are sorted by primary address, groups by their key.
// The groups are shared: read them, never write.
func (m *Model) allSourceGroups() [][]eniIdx {
	sg := &m.srcGroups
	sg.once.Do(func() {
		var idx []eniIdx
		for i := range m.enis {
			if m.enis[i].nat == noNAT && m.enis[i].vpce == noVPCE {
				idx = append(idx, eniIdx(i))
			}
		}
		key := func(a, b eniIdx) int {
			A, B := &m.enis[a], &m.enis[b]
			if c := cmp.Compare(A.subnet, B.subnet); c != 0 {
				return c
			}
			if c := slices.Compare(A.sgs, B.sgs); c != 0 {
				return c
			}
			if c := cmp.Compare(boolInt(A.public.IsValid()), boolInt(B.public.IsValid())); c != 0 {
				return c
			}
			return cmp.Compare(m.hopKey(a), m.hopKey(b))
		}
		slices.SortFunc(idx, func(a, b eniIdx) int {
			if c := key(a, b); c != 0 {
				return c
			}
			return m.enis[a].private[0].Compare(m.enis[b].private[0])
		})
		for i := 0; i < len(idx); {
			j := i + 1
			for j < len(idx) && key(idx[i], idx[j]) == 0 {
				j++
			}
			sg.groups = append(sg.groups, idx[i:j:j])
			i = j
		}
	})
	return sg.groups
}
