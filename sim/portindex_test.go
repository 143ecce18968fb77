package sim

import (
	"net/netip"
	"testing"

	"pgregory.net/rapid"
)

var (
	indexPorts  = []uint16{0, 1, 2, 22, 80, 443, 1023, 1024, 1025, 5000, 32768, 65534, 65535}
	indexPeers  = []netip.Prefix{pfx("0.0.0.0/0"), pfx("10.0.0.0/8"), pfx("10.1.0.0/16"), pfx("192.168.0.0/16"), pfx("::/0")}
	indexAddrs  = []netip.Addr{addr("10.1.2.3"), addr("10.2.0.1"), addr("192.168.1.1"), addr("8.8.8.8"), addr("2001:db8::1")}
	indexProtos = []uint8{protoTCP, protoUDP, protoICMP, protoICMPv6, 47, 50}
)

// indexRules draws a rule list of every kind: all protocols, port and
// ICMP ranges that overlap and nest, single ports, port-less protocols.
func indexRules(t *rapid.T) []cRule {
	port := rapid.OneOf(rapid.SampledFrom(indexPorts), rapid.Uint16())
	rules := make([]cRule, rapid.IntRange(0, 40).Draw(t, "rules"))
	for i := range rules {
		r := cRule{proto: anyProto, lo: 0, hi: 0xFFFF, allow: rapid.Bool().Draw(t, "allow"),
			peer: rapid.SampledFrom(indexPeers).Draw(t, "peer"), pl: noPL, group: noSG, index: i}
		if k := rapid.IntRange(0, 9).Draw(t, "kind"); k > 0 {
			r.proto = int16(rapid.SampledFrom(indexProtos).Draw(t, "proto"))
			if hasPorts(uint8(r.proto)) && k > 1 {
				r.lo, r.hi = port.Draw(t, "lo"), port.Draw(t, "hi")
				if r.lo > r.hi {
					r.lo, r.hi = r.hi, r.lo
				}
				if k > 6 {
					r.hi = r.lo // a single port
				}
			}
		}
		rules[i] = r
	}
	return rules
}

// scanFirst is the first rule selecting proto and port whose peer holds
// a, by scanning.
func scanFirst(rules []cRule, proto uint8, port uint16, a netip.Addr) int {
	for i := range rules {
		if rules[i].matchesProto(proto, port, port) && rules[i].peer.Contains(a) {
			return i
		}
	}
	return -1
}

// TestPortIndexMatchesScan: the port index finds the rule a scan finds,
// for any protocol, port and peer, and network ACL decisions over port
// ranges (replies) agree with and without it, down to the entry reported.
func TestPortIndexMatchesScan(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rules := indexRules(t)
		x := buildPortIndex(rules)
		var ports []uint16 // the bounds of the rules and their neighbours
		for _, r := range rules {
			ports = append(ports, r.lo, r.lo-1, r.lo+1, r.hi, r.hi-1, r.hi+1)
		}
		ports = append(ports, rapid.SliceOfN(rapid.Uint16(), 1, 8).Draw(t, "ports")...)
		for _, proto := range indexProtos {
			for _, a := range indexAddrs {
				ok := func(r *cRule) bool { return r.peer.Contains(a) }
				for _, port := range ports {
					if got, want := x.first(rules, proto, port, ok), scanFirst(rules, proto, port, a); got != want {
						t.Fatalf("proto %d port %d peer %s: index finds rule %d, scan %d", proto, port, a, got, want)
					}
				}
			}
		}
		for range 8 {
			p := pkt{proto: rapid.SampledFrom(indexProtos).Draw(t, "range-proto")}
			p.dlo, p.dhi = rapid.SampledFrom(ports).Draw(t, "from"), rapid.SampledFrom(ports).Draw(t, "to")
			if p.dlo > p.dhi {
				p.dlo, p.dhi = p.dhi, p.dlo
			}
			a := rapid.SampledFrom(indexAddrs).Draw(t, "range-peer")
			gotOK, got := aclDecide(rules, x, a, p)
			wantOK, want := aclDecide(rules, nil, a, p)
			if gotOK != wantOK || got != want {
				t.Fatalf("proto %d ports %d-%d peer %s: with the index %v by entry %d, by scan %v by entry %d",
					p.proto, p.dlo, p.dhi, a, gotOK, got, wantOK, want)
			}
		}
	})
}

// TestPortIndexBounds: an index yields, in ascending order, exactly the
// ports inside a range where a rule of the protocol starts or ends.
func TestPortIndexBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rules := indexRules(t)
		x := buildPortIndex(rules)
		proto := rapid.SampledFrom(indexProtos).Draw(t, "proto")
		lo, hi := rapid.Uint16().Draw(t, "lo"), rapid.Uint16().Draw(t, "hi")
		if lo > hi {
			lo, hi = hi, lo
		}
		want := map[uint16]bool{}
		for _, r := range rules {
			if r.proto != int16(proto) || !hasPorts(proto) {
				continue
			}
			for _, b := range []uint32{uint32(r.lo), uint32(r.hi) + 1} {
				if b > uint32(lo) && b <= uint32(hi) {
					want[uint16(b)] = true
				}
			}
		}
		var got []uint16
		x.bounds(proto, lo, hi, func(b uint16) bool {
			if len(got) > 0 && b <= got[len(got)-1] {
				t.Fatalf("bounds out of order: %d after %v", b, got)
			}
			got = append(got, b)
			return true
		})
		if len(got) != len(want) {
			t.Fatalf("bounds in (%d, %d]: got %v, want %v", lo, hi, got, want)
		}
		for _, b := range got {
			if !want[b] {
				t.Fatalf("bounds in (%d, %d]: got %v, want %v", lo, hi, got, want)
			}
		}
	})
}
