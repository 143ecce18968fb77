package sim

import (
	"cmp"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file does set arithmetic on lists of [OpenRange]: the intersection
// of the flows open between several pairs (a workload query), and the
// difference of the flows open before and after a failure.

// flowSeg is a segment of the flow space: for TCP and UDP an interval of
// destination ports, for ICMP and ICMPv6 an interval of (type << 8 | code)
// keys, for the protocols without ports (dim portless) an interval of
// protocol numbers. w is the witness of the range the segment came from.
type flowSeg struct {
	dim    vpc.Protocol
	lo, hi uint32
	w      *Result
}

// portless is the dimension of the protocols that carry no ports.
const portless vpc.Protocol = -2

func icmpKey(i vpc.ICMP) uint32 { return uint32(max(i.Type(), 0))<<8 | uint32(max(i.Code(), 0)) }

// segsOf returns the segments of rs, sorted by dimension and start.
func segsOf(rs []OpenRange) []flowSeg {
	out := make([]flowSeg, 0, len(rs))
	for _, o := range rs {
		switch {
		case o.Protocol.HasPorts():
			out = append(out, flowSeg{o.Protocol, uint32(o.Ports.From), uint32(o.Ports.To), o.Witness})
		case o.Protocol.IsICMP():
			out = append(out, flowSeg{o.Protocol, icmpKey(o.ICMPFrom), icmpKey(o.ICMPTo), o.Witness})
		default:
			out = append(out, flowSeg{portless, uint32(o.Protocol), uint32(o.LastProtocol), o.Witness})
		}
	}
	slices.SortFunc(out, func(a, b flowSeg) int { return cmp.Or(cmp.Compare(a.dim, b.dim), cmp.Compare(a.lo, b.lo)) })
	return out
}

// rangesOf turns segments back into open ranges.
func rangesOf(segs []flowSeg) []OpenRange {
	out := make([]OpenRange, 0, len(segs))
	for _, s := range segs {
		o := OpenRange{Witness: s.w}
		switch {
		case s.dim == portless:
			o.Protocol, o.LastProtocol = vpc.Protocol(s.lo), vpc.Protocol(s.hi)
		case s.dim.HasPorts():
			o.Protocol, o.LastProtocol, o.Ports = s.dim, s.dim, vpc.Ports(uint16(s.lo), uint16(s.hi))
		default:
			o.Protocol, o.LastProtocol = s.dim, s.dim
			o.ICMPFrom = vpc.ICMPMessage(uint8(s.lo>>8), uint8(s.lo))
			o.ICMPTo = vpc.ICMPMessage(uint8(s.hi>>8), uint8(s.hi))
		}
		out = append(out, o)
	}
	return out
}

// intersectOpen returns the flows open in both a and b, with a's
// witnesses.
func intersectOpen(a, b []OpenRange) []OpenRange {
	as, bs := segsOf(a), segsOf(b)
	var out []flowSeg
	for _, x := range as {
		for _, y := range bs {
			if x.dim != y.dim || y.hi < x.lo || y.lo > x.hi {
				continue
			}
			out = append(out, flowSeg{x.dim, max(x.lo, y.lo), min(x.hi, y.hi), x.w})
		}
	}
	return rangesOf(out)
}

// subtractOpen returns the flows open in a but not in b, with a's
// witnesses.
func subtractOpen(a, b []OpenRange) []OpenRange {
	bs := segsOf(b)
	var out []flowSeg
	for _, x := range segsOf(a) {
		rest := []flowSeg{x}
		for _, y := range bs {
			if y.dim != x.dim {
				continue
			}
			var next []flowSeg
			for _, r := range rest {
				if y.hi < r.lo || y.lo > r.hi {
					next = append(next, r)
					continue
				}
				if y.lo > r.lo {
					next = append(next, flowSeg{r.dim, r.lo, y.lo - 1, r.w})
				}
				if y.hi < r.hi {
					next = append(next, flowSeg{r.dim, y.hi + 1, r.hi, r.w})
				}
			}
			rest = next
		}
		out = append(out, rest...)
	}
	return rangesOf(out)
}

// flowCount is the size of the flow space rs covers (ports, ICMP keys and
// protocols counted alike), to compare answers in tests.
func flowCount(rs []OpenRange) int {
	n := 0
	for _, s := range segsOf(rs) {
		n += int(s.hi-s.lo) + 1
	}
	return n
}
