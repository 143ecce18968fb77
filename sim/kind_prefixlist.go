package sim

import (
	"fmt"
	"net/netip"

	"github.com/vpcsim/vpcsim/vpc"
	"go4.org/netipx"
)

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
