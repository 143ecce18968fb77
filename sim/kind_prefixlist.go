package sim

import (
	"fmt"
	"net/netip"
	"slices"

	"go4.org/netipx"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the managed prefix list: its checks and its
// compiled form, which routes and rules name as destinations and peers.

// plIdx indexes Model.pls.
type plIdx int32

const noPL plIdx = -1

func (plIdx) kind() kind { return kindPrefixList }

// cPL is a compiled prefix list.
type cPL struct {
	id      string
	entries []netip.Prefix // as declared: each is its own route destination
	set     *netipx.IPSet  // their union, for membership
}

func (v *validator) checkPrefixList(r vres, _ int, pl *vpc.PrefixList) {
	fam := prefixListFamily(pl)
	if fam == 0 {
		r.errf("addressFamily", ErrInvalidValue, "%q: want IPv4 or IPv6", pl.AddressFamily)
	}
	for i, p := range pl.Entries {
		r.prefix(fmt.Sprintf("entries[%d]", i), p, prefixRule{required: true, family: fam})
	}
	switch {
	case pl.MaxEntries < 0:
		r.errf("maxEntries", ErrInvalidValue, "%d: want a positive number, or 0 for the number of entries", pl.MaxEntries)
	case pl.MaxEntries > 0 && pl.MaxEntries < len(pl.Entries):
		r.errf("maxEntries", ErrInvalidValue, "%d is less than the %d entries declared", pl.MaxEntries, len(pl.Entries))
	}
}

// compilePrefixLists compiles the prefix lists.
func compilePrefixLists(c *compiler) {
	for i, p := range sortedBy(c.n.PrefixLists, func(p vpc.PrefixList) string { return p.ID }) {
		var b netipx.IPSetBuilder
		for _, e := range p.Entries {
			b.AddPrefix(e)
		}
		s, _ := b.IPSet()
		c.m.pls = append(c.m.pls, cPL{id: p.ID, entries: slices.Clone(p.Entries), set: s})
		add(c, p.ID, plIdx(i))
	}
}

// prefixListFamily returns the family of a prefix list's entries (0 when its
// AddressFamily is not valid).
func prefixListFamily(pl *vpc.PrefixList) int {
	switch pl.AddressFamily {
	case "", "IPv4":
		return 4
	case "IPv6":
		return 6
	}
	return 0
}
