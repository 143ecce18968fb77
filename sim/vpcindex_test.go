package sim

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"github.com/vpcsim/vpcsim/vpc"
)

// TestVPCIndex checks the index of the VPCs' address space against going
// over every VPC: overlapping and nested CIDRs, secondary CIDRs, IPv6
// blocks, and blocks at both ends of the address space (where an atom
// runs past the end of a family's space). For each address at and around
// every bound, and random ones, the candidates hold every VPC that holds
// it, in VPC order, and inAnyVPC and vpcOf6 answer as the scan does.
func TestVPCIndex(t *testing.T) {
	p := netip.MustParsePrefix
	m := &Model{vpcs: []cVPC{
		{cidrs: []netip.Prefix{p("10.0.0.0/16"), p("100.64.0.0/20")}, ipv6: p("2600:1f18:1:100::/56")},
		{cidrs: []netip.Prefix{p("10.0.0.0/16")}},                     // the same CIDR as the first
		{cidrs: []netip.Prefix{p("10.0.128.0/17"), p("10.1.0.0/16")}}, // nested in it, and next to it
		{cidrs: []netip.Prefix{p("0.0.0.0/16")}, ipv6: p("ffff:ffff:ffff:ff00::/56")},
		{cidrs: []netip.Prefix{p("255.255.0.0/16")}, ipv6: p("::/56")},
		{cidrs: []netip.Prefix{p("172.16.0.0/12")}, ipv6: p("2600:1f18:1:100::/56")},
	}}
	m.indexVPCs()
	var addrs []netip.Addr
	for _, v := range m.vpcs {
		for _, b := range v.blocks() {
			first, end := b.Masked().Addr(), vpc.LastAddr(b)
			addrs = append(addrs, first, first.Prev(), first.Next())
			addrs = append(addrs, end, end.Prev(), end.Next())
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b4 [4]byte
		var b16 [16]byte
		for i := range b4 {
			b4[i] = byte(r.IntN(256))
		}
		for i := range b16 {
			b16[i] = byte(r.IntN(256))
		}
		addrs = append(addrs, netip.AddrFrom4(b4), netip.AddrFrom16(b16), netip.AddrFrom4([4]byte{10, byte(r.IntN(3)), b4[2], b4[3]}))
	}
	for _, a := range addrs {
		if !a.IsValid() {
			continue
		}
		var holders []vpcIdx
		any6 := noVPC
		for i := range m.vpcs {
			if m.inVPC(vpcIdx(i), a) {
				holders = append(holders, vpcIdx(i))
			}
			if any6 == noVPC && m.vpcs[i].ipv6.IsValid() && m.vpcs[i].ipv6.Contains(a) {
				any6 = vpcIdx(i)
			}
		}
		cands := m.vpcsAt(a)
		if !slices.IsSorted(cands) {
			t.Errorf("%s: candidates %v not in VPC order", a, cands)
		}
		for _, v := range holders {
			if !slices.Contains(cands, v) {
				t.Errorf("%s: VPC %d holds it, candidates %v", a, v, cands)
			}
		}
		if got, want := m.inAnyVPC(a), len(holders) > 0; got != want {
			t.Errorf("inAnyVPC(%s) = %v, want %v", a, got, want)
		}
		if got := m.vpcOf6(a); got != any6 {
			t.Errorf("vpcOf6(%s) = %d, want %d", a, got, any6)
		}
	}
}
