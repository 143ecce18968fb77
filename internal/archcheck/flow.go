package archcheck

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file parses and formats flows: the strings such as "tcp 443",
// "udp 1024-65535", "icmp type 8 code 0" and "protocols 2-5" that the
// assertions take, which are the strings [sim.OpenRange.String] prints.
// A list of flows is a set: it is normalized (sorted, overlapping and
// adjacent ranges merged) before it is compared or printed, so that
// "tcp 80, tcp 81" and "tcp 80-81" are the same expectation.

// Flow is a range of flows of one protocol: destination ports for
// TCP and UDP, (type<<8 | code) for ICMP and ICMPv6 (type-major, as
// [sim.OpenRange] orders them), and the single value 0 for protocols
// without ports.
type Flow struct {
	proto  vpc.Protocol
	lo, hi uint16
}

// FlowSet is a normalized set of flows: ranges in display order (see
// protoRank), each protocol's ranges sorted, disjoint and not adjacent.
type FlowSet []Flow

// maxValue is the largest value of a protocol's ranges: 65535 for ports
// and ICMP (type 255 code 255), 0 for protocols without ports.
func maxValue(p vpc.Protocol) uint16 {
	if p.HasPorts() || p.IsICMP() {
		return 65535
	}
	return 0
}

// minValue is the smallest value: port 0 is reserved, ICMP type 0 code 0
// is a message (echo reply).
func minValue(p vpc.Protocol) uint16 {
	if p.HasPorts() {
		return 1
	}
	return 0
}

// carried reports whether a flow of protocol p can be asked about in the
// given address family: ICMP is IPv4 only, ICMPv6 IPv6 only (the others
// are carried by both).
func carried(p vpc.Protocol, ipv6 bool) bool {
	switch p {
	case vpc.ProtocolICMP:
		return !ipv6
	case vpc.ProtocolICMPv6:
		return ipv6
	}
	return p >= 1 && p <= 255
}

// protoRank orders protocols for display: TCP, UDP, ICMP, ICMPv6, then
// the others by number.
func protoRank(p vpc.Protocol) int {
	switch p {
	case vpc.ProtocolTCP:
		return 0
	case vpc.ProtocolUDP:
		return 1
	case vpc.ProtocolICMP:
		return 2
	case vpc.ProtocolICMPv6:
		return 3
	}
	return 4 + int(p)
}

// normalize sorts the ranges and merges those that overlap or touch.
func normalize(rs []Flow) FlowSet {
	rs = slices.Clone(rs)
	slices.SortFunc(rs, func(a, b Flow) int {
		if c := cmp.Compare(protoRank(a.proto), protoRank(b.proto)); c != 0 {
			return c
		}
		return cmp.Compare(a.lo, b.lo)
	})
	var out FlowSet
	for _, r := range rs {
		if n := len(out); n > 0 && out[n-1].proto == r.proto && int(r.lo) <= int(out[n-1].hi)+1 {
			out[n-1].hi = max(out[n-1].hi, r.hi)
			continue
		}
		out = append(out, r)
	}
	return out
}

// allFlows is every flow a query of the family can ask about.
func allFlows(ipv6 bool) FlowSet {
	var rs []Flow
	for p := vpc.Protocol(1); p <= 255; p++ {
		if carried(p, ipv6) {
			rs = append(rs, Flow{p, minValue(p), maxValue(p)})
		}
	}
	return normalize(rs)
}

// FromOpen converts the ranges OpenPorts returned into a flow set.
func FromOpen(open []sim.OpenRange) FlowSet {
	var rs []Flow
	for _, o := range open {
		switch {
		case o.Protocol.HasPorts():
			rs = append(rs, Flow{o.Protocol, o.Ports.From, o.Ports.To})
		case o.Protocol.IsICMP():
			rs = append(rs, Flow{o.Protocol, icmpValue(o.ICMPFrom, 0), icmpValue(o.ICMPTo, 255)})
		default:
			for p := o.Protocol; p <= o.LastProtocol && p > 0; p++ {
				rs = append(rs, Flow{p, 0, 0})
			}
		}
	}
	return normalize(rs)
}

// icmpValue is the (type<<8 | code) of an ICMP selector, a missing type or
// code counting as def (0 for a range's start, 255 for its end).
func icmpValue(i vpc.ICMP, def int) uint16 {
	t, c := i.Type(), i.Code()
	if t == vpc.ICMPAny {
		t = def
	}
	if c == vpc.ICMPAny {
		c = def
	}
	return uint16(t)<<8 | uint16(c)
}

// Minus returns the flows of s that are not in o.
func (s FlowSet) Minus(o FlowSet) FlowSet {
	var out []Flow
	for _, r := range s {
		lo := int(r.lo)
		for _, x := range o {
			if x.proto != r.proto || int(x.hi) < lo || x.lo > r.hi {
				continue
			}
			if int(x.lo) > lo {
				out = append(out, Flow{r.proto, uint16(lo), x.lo - 1})
			}
			lo = int(x.hi) + 1
		}
		if lo <= int(r.hi) {
			out = append(out, Flow{r.proto, uint16(lo), r.hi})
		}
	}
	return normalize(out)
}

// String formats the set as a comma-separated list, "nothing" when empty
// and "all" when it holds every flow of a family.
func (s FlowSet) String() string {
	if len(s) == 0 {
		return "nothing"
	}
	if slices.Equal(s, allFlows(false)) || slices.Equal(s, allFlows(true)) {
		return "all"
	}
	var parts []string
	for i := 0; i < len(s); i++ {
		r := s[i]
		if r.proto.HasPorts() || r.proto.IsICMP() {
			parts = append(parts, r.String())
			continue
		}
		j := i
		for j+1 < len(s) && s[j+1].proto == s[j].proto+1 && !s[j+1].proto.HasPorts() && !s[j+1].proto.IsICMP() {
			j++
		}
		if j == i {
			parts = append(parts, fmt.Sprintf("protocol %s", r.proto))
		} else {
			parts = append(parts, fmt.Sprintf("protocols %d-%d", r.proto, s[j].proto))
		}
		i = j
	}
	return strings.Join(parts, ", ")
}

// String formats one range: "tcp 443", "tcp 1024-65535", "tcp all",
// "icmp type 8 code 0", "icmp type 3" (every code), "icmp type 3 .. type 5",
// "icmp all", "protocol 47".
func (r Flow) String() string {
	switch {
	case r.proto.HasPorts():
		switch {
		case r.lo == 1 && r.hi == 65535:
			return fmt.Sprintf("%s all", r.proto)
		case r.lo == r.hi:
			return fmt.Sprintf("%s %d", r.proto, r.lo)
		}
		return fmt.Sprintf("%s %d-%d", r.proto, r.lo, r.hi)
	case r.proto.IsICMP():
		msg := func(v uint16) string { return fmt.Sprintf("type %d code %d", v>>8, v&255) }
		switch {
		case r.lo == 0 && r.hi == 65535:
			return fmt.Sprintf("%s all", r.proto)
		case r.lo == r.hi:
			return fmt.Sprintf("%s %s", r.proto, msg(r.lo))
		case r.lo&255 == 0 && r.hi&255 == 255 && r.lo>>8 == r.hi>>8:
			return fmt.Sprintf("%s type %d", r.proto, r.lo>>8)
		case r.lo&255 == 0 && r.hi&255 == 255:
			return fmt.Sprintf("%s type %d .. type %d", r.proto, r.lo>>8, r.hi>>8)
		}
		return fmt.Sprintf("%s %s .. %s", r.proto, msg(r.lo), msg(r.hi))
	}
	return fmt.Sprintf("protocol %s", r.proto)
}

// Query fills the protocol, port or ICMP message of q with the first flow
// of the range.
func (r Flow) Query(q sim.Query) sim.Query {
	q.Protocol, q.Port, q.ICMP = r.proto, 0, nil
	switch {
	case r.proto.HasPorts():
		q.Port = r.lo
	case r.proto.IsICMP():
		m := vpc.ICMPMessage(uint8(r.lo>>8), uint8(r.lo&255))
		q.ICMP = &m
	}
	return q
}

// flowSyntax is what the error messages say a flow looks like.
const flowSyntax = `want "tcp 443", "udp 1024-65535", "tcp all", "icmp type 8 code 0", "icmp type 3", "icmpv6 all", "protocol 47", "protocols 2-5" or "all"`

// ParseFlows parses a comma-separated list of flows for the address
// family; "" and "none" are the empty set. Flows the family cannot carry
// (ICMP over IPv6, ICMPv6 over IPv4) are errors; "all" and the ranges of
// "protocols a-b" leave them out.
func ParseFlows(s string, ipv6 bool) (FlowSet, error) {
	t := strings.TrimSpace(s)
	if t == "" || strings.EqualFold(t, "none") || strings.EqualFold(t, "nothing") {
		return nil, nil
	}
	var rs []Flow
	for part := range strings.SplitSeq(t, ",") {
		r, err := parseFlow(part, ipv6)
		if err != nil {
			return nil, err
		}
		rs = append(rs, r...)
	}
	return normalize(rs), nil
}

// parseFlow parses one flow of a list.
func parseFlow(s string, ipv6 bool) ([]Flow, error) {
	fields := strings.Fields(strings.ToLower(strings.Replace(strings.TrimSpace(s), "/", " ", 1)))
	bad := func(why string) ([]Flow, error) {
		if why != "" {
			why += "; "
		}
		return nil, fmt.Errorf("flow %q: %s%s", strings.TrimSpace(s), why, flowSyntax)
	}
	if len(fields) == 0 {
		return bad("empty")
	}
	family := func(p vpc.Protocol) error {
		if !carried(p, ipv6) {
			fam, want := "IPv4", "icmp"
			if ipv6 {
				fam, want = "IPv6", "icmpv6"
			}
			return fmt.Errorf("flow %q: %s does not travel over %s (use %s)", strings.TrimSpace(s), p, fam, want)
		}
		return nil
	}
	switch name, args := fields[0], fields[1:]; name {
	case "all":
		if len(args) != 0 {
			return bad("")
		}
		return allFlows(ipv6), nil
	case "tcp", "udp":
		p := vpc.ProtocolTCP
		if name == "udp" {
			p = vpc.ProtocolUDP
		}
		if len(args) != 1 {
			return bad("want one port, a range or all after " + name)
		}
		if args[0] == "all" {
			return []Flow{{p, 1, 65535}}, nil
		}
		lo, hi, ok := strings.Cut(args[0], "-")
		if !ok {
			hi = lo
		}
		a, err1 := parsePort(lo)
		b, err2 := parsePort(hi)
		switch {
		case err1 != nil:
			return bad(err1.Error())
		case err2 != nil:
			return bad(err2.Error())
		case a > b:
			return bad(fmt.Sprintf("port range %d-%d is reversed", a, b))
		}
		return []Flow{{p, a, b}}, nil
	case "icmp", "icmpv6":
		p := vpc.ProtocolICMP
		if name == "icmpv6" {
			p = vpc.ProtocolICMPv6
		}
		if err := family(p); err != nil {
			return nil, err
		}
		if len(args) == 1 && args[0] == "all" {
			return []Flow{{p, 0, 65535}}, nil
		}
		from, to, isRange := cutFields(args, "..")
		lo, hiOfLo, err := parseICMP(from)
		if err != nil {
			return bad(err.Error())
		}
		hi := hiOfLo
		if isRange {
			if _, hi, err = parseICMP(to); err != nil {
				return bad(err.Error())
			}
		}
		if lo > hi {
			return bad("ICMP range is reversed")
		}
		return []Flow{{p, lo, hi}}, nil
	case "protocol", "protocols":
		if len(args) != 1 {
			return bad("want one protocol number, name or range after " + name)
		}
		lo, hi, ok := strings.Cut(args[0], "-")
		if !ok {
			hi = lo
		}
		a, err1 := vpc.ParseProtocol(lo)
		b, err2 := vpc.ParseProtocol(hi)
		switch {
		case err1 != nil:
			return bad(err1.Error())
		case err2 != nil:
			return bad(err2.Error())
		case a == vpc.ProtocolAll || b == vpc.ProtocolAll:
			if a != b {
				return bad("")
			}
			return allFlows(ipv6), nil
		case a > b:
			return bad(fmt.Sprintf("protocol range %d-%d is reversed", a, b))
		case a == b:
			if err := family(a); err != nil {
				return nil, err
			}
		}
		var rs []Flow
		for p := a; p <= b; p++ {
			if carried(p, ipv6) {
				rs = append(rs, Flow{p, minValue(p), maxValue(p)})
			}
		}
		return rs, nil
	}
	return bad("")
}

// cutFields splits fields around the first sep.
func cutFields(fs []string, sep string) (before, after []string, found bool) {
	if i := slices.Index(fs, sep); i >= 0 {
		return fs[:i], fs[i+1:], true
	}
	return fs, nil, false
}

// parsePort parses a TCP or UDP port 1-65535.
func parsePort(s string) (uint16, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 65535 {
		return 0, fmt.Errorf("port %q is not a number 1-65535", s)
	}
	return uint16(n), nil
}

// parseICMP parses "type T" or "type T code C" into the first and last
// value it selects.
func parseICMP(fs []string) (lo, hi uint16, err error) {
	num := func(what, s string) (uint16, error) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 255 {
			return 0, fmt.Errorf("ICMP %s %q is not a number 0-255", what, s)
		}
		return uint16(n), nil
	}
	switch {
	case len(fs) == 2 && fs[0] == "type":
		t, err := num("type", fs[1])
		return t << 8, t<<8 | 255, err
	case len(fs) == 4 && fs[0] == "type" && fs[2] == "code":
		t, err := num("type", fs[1])
		if err != nil {
			return 0, 0, err
		}
		c, err := num("code", fs[3])
		return t<<8 | c, t<<8 | c, err
	}
	return 0, 0, fmt.Errorf("want type T or type T code C after the protocol")
}

// ParseOneFlow parses a single flow, as Reachable and the other
// one-flow assertions take: one port, one ICMP message, one protocol.
func ParseOneFlow(s string, ipv6 bool) (Flow, error) {
	fs, err := ParseFlows(s, ipv6)
	if err != nil {
		return Flow{}, err
	}
	if len(fs) != 1 || fs[0].lo != fs[0].hi {
		return Flow{}, fmt.Errorf(`flow %q: want one flow, such as "tcp 443", "udp 53", "icmp type 8 code 0" or "protocol 47"`, strings.TrimSpace(s))
	}
	return fs[0], nil
}
