package vpc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Protocol is an IP protocol number as security group and network ACL rules
// name it. [ProtocolAll] (-1) matches every protocol.
//
// The zero Protocol means "not given": a rule must name its protocol (AWS
// requires it), and a query without one asks about TCP. IP protocol 0
// (HOPOPT, an IPv6 extension header rather than a transport) cannot be
// named.
//
// In JSON a Protocol is written as a name ("all", "tcp", "udp", "icmp",
// "icmpv6") or as a decimal number ("47"); "-1" is accepted for "all".
type Protocol int16

// Protocol numbers with a name.
const (
	ProtocolAll    Protocol = -1
	ProtocolICMP   Protocol = 1
	ProtocolTCP    Protocol = 6
	ProtocolUDP    Protocol = 17
	ProtocolICMPv6 Protocol = 58
)

var protocolNames = map[Protocol]string{
	ProtocolAll: "all", ProtocolICMP: "icmp", ProtocolTCP: "tcp",
	ProtocolUDP: "udp", ProtocolICMPv6: "icmpv6",
}

// String returns the protocol's name, or its number when it has none
// ("none" for the zero Protocol).
func (p Protocol) String() string {
	if p == 0 {
		return "none"
	}
	if s, ok := protocolNames[p]; ok {
		return s
	}
	return strconv.Itoa(int(p))
}

// Valid reports whether p is -1 (all) or a protocol number 1–255.
func (p Protocol) Valid() bool { return p == ProtocolAll || p >= 1 && p <= 255 }

// HasPorts reports whether rules on p take a port range (TCP and UDP).
func (p Protocol) HasPorts() bool { return p == ProtocolTCP || p == ProtocolUDP }

// IsICMP reports whether p is ICMP or ICMPv6, whose rules take a type and code.
func (p Protocol) IsICMP() bool { return p == ProtocolICMP || p == ProtocolICMPv6 }

// ParseProtocol parses a protocol name or number.
func ParseProtocol(s string) (Protocol, error) {
	ls := strings.ToLower(strings.TrimSpace(s))
	for p, name := range protocolNames {
		if ls == name {
			return p, nil
		}
	}
	n, err := strconv.Atoi(ls)
	if err != nil || n < -1 || n > 255 {
		return 0, fmt.Errorf("protocol %q: want all, tcp, udp, icmp, icmpv6 or a number -1..255", s)
	}
	if n == 0 {
		return 0, fmt.Errorf("protocol %q: IP protocol 0 (HOPOPT) is not modelled: want all, tcp, udp, icmp, icmpv6 or a number 1..255", s)
	}
	return Protocol(n), nil
}

// MarshalText implements [encoding.TextMarshaler]. The zero Protocol (not
// given) is written as "", which validation then reports as missing.
func (p Protocol) MarshalText() ([]byte, error) {
	if p == 0 {
		return []byte{}, nil
	}
	if !p.Valid() {
		return nil, fmt.Errorf("protocol %d: want -1..255", int(p))
	}
	return []byte(p.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. The empty string is
// the zero Protocol (not given).
func (p *Protocol) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = 0
		return nil
	}
	v, err := ParseProtocol(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// PortRange is an inclusive range of TCP or UDP ports. The zero PortRange
// means "not given": a TCP or UDP rule must give its ports (write
// [AllPorts] for every port, as AWS requires FromPort and ToPort), a rule
// of any other protocol must not, and a query's zero ephemeral range means
// 1024–65535. The one range the zero value cannot stand for, port 0 alone,
// carries no traffic a query can ask about (port 0 is reserved).
type PortRange struct {
	From uint16 `json:"from"`
	To   uint16 `json:"to"`
}

// AllPorts is the range 0–65535: every port.
var AllPorts = PortRange{0, 65535}

// Port returns the range holding the single port p.
func Port(p uint16) PortRange { return PortRange{p, p} }

// Ports returns the range from–to.
func Ports(from, to uint16) PortRange { return PortRange{from, to} }

// IsZero reports whether r is the zero PortRange (not given).
func (r PortRange) IsZero() bool { return r == PortRange{} }

// Contains reports whether port p is in r.
func (r PortRange) Contains(p uint16) bool { return r.From <= p && p <= r.To }

// String formats r as "443", "1024-65535", "all" (0–65535) or "none" (the
// zero value).
func (r PortRange) String() string {
	switch {
	case r.IsZero():
		return "none"
	case r == AllPorts:
		return "all"
	case r.From == r.To:
		return strconv.Itoa(int(r.From))
	}
	return fmt.Sprintf("%d-%d", r.From, r.To)
}

// ICMPAny is what [ICMP.Type] and [ICMP.Code] return, and what JSON
// holds, for "any type" or "any code", as -1 does in the AWS API.
const ICMPAny = -1

// ICMP selects ICMP (or ICMPv6) messages by type and code. The zero value
// matches every message, like [AnyICMP]; build others with [ICMPType] (one
// type, any code) and [ICMPMessage] (one type and code). An ICMP is a small
// immutable value: compare it with ==.
//
// In JSON it is {"type": t, "code": c}, where -1 or a missing key means
// any, as in the AWS API ({"type": 3} is every code of type 3).
type ICMP struct {
	// typ and code hold the type and code plus one; 0 means any.
	typ, code uint16
}

// AnyICMP matches every ICMP type and code. It is the zero ICMP.
var AnyICMP = ICMP{}

// EchoRequest is ICMP echo request (ping), type 8 code 0.
var EchoRequest = ICMPMessage(8, 0)

// EchoReply is ICMP echo reply, type 0 code 0.
var EchoReply = ICMPMessage(0, 0)

// ICMPType selects every code of ICMP type t.
func ICMPType(t uint8) ICMP { return ICMP{typ: uint16(t) + 1} }

// ICMPMessage selects ICMP type t, code c.
func ICMPMessage(t, c uint8) ICMP { return ICMP{typ: uint16(t) + 1, code: uint16(c) + 1} }

// Type returns the ICMP type, or [ICMPAny] when i matches every type.
func (i ICMP) Type() int { return int(i.typ) - 1 }

// Code returns the ICMP code, or [ICMPAny] when i matches every code of its
// type.
func (i ICMP) Code() int { return int(i.code) - 1 }

// IsAny reports whether i matches every ICMP message.
func (i ICMP) IsAny() bool { return i.typ == 0 }

// IsMessage reports whether i names one type and one code, as a query
// needs.
func (i ICMP) IsMessage() bool { return i.typ != 0 && i.code != 0 }

// Equal reports whether i and j select the same messages (for go-cmp).
func (i ICMP) Equal(j ICMP) bool { return i == j }

// String formats the selector as "type 8 code 0", "type 3" or "any".
func (i ICMP) String() string {
	switch {
	case i.typ == 0:
		return "any"
	case i.code == 0:
		return fmt.Sprintf("type %d", i.Type())
	}
	return fmt.Sprintf("type %d code %d", i.Type(), i.Code())
}

type icmpJSON struct {
	Type *int `json:"type,omitempty"`
	Code *int `json:"code,omitempty"`
}

// MarshalJSON implements [json.Marshaler]: {"type": t, "code": c} with -1
// for any.
func (i ICMP) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, `{"type":%d,"code":%d}`, i.Type(), i.Code()), nil
}

// UnmarshalJSON implements [json.Unmarshaler]. Type and code are -1 (any)
// or 0–255; a missing key means any; a code other than any needs a type;
// unknown keys are errors.
func (i *ICMP) UnmarshalJSON(b []byte) error {
	var v icmpJSON
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&v); err != nil {
		return fmt.Errorf("icmp: want {\"type\": -1..255, \"code\": -1..255}: %w", err)
	}
	t, c := ICMPAny, ICMPAny
	if v.Type != nil {
		t = *v.Type
	}
	if v.Code != nil {
		c = *v.Code
	}
	switch {
	case t < ICMPAny || t > 255:
		return fmt.Errorf("icmp type %d: want -1 (any) or 0..255", t)
	case c < ICMPAny || c > 255:
		return fmt.Errorf("icmp code %d: want -1 (any) or 0..255", c)
	case t == ICMPAny && c != ICMPAny:
		return fmt.Errorf("icmp code %d with any type: a code needs a type (give the type, or -1 for both)", c)
	}
	*i = ICMP{typ: uint16(t + 1), code: uint16(c + 1)}
	return nil
}
