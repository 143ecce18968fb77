package vpc

import (
	"fmt"
	"strconv"
	"strings"
)

// Protocol is an IP protocol number as security group and network ACL rules
// name it. [ProtocolAll] (-1) matches every protocol.
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

// String returns the protocol's name, or its number when it has none.
func (p Protocol) String() string {
	if s, ok := protocolNames[p]; ok {
		return s
	}
	return strconv.Itoa(int(p))
}

// Valid reports whether p is -1 (all) or a protocol number 0–255.
func (p Protocol) Valid() bool { return p >= -1 && p <= 255 }

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
	return Protocol(n), nil
}

// MarshalText implements [encoding.TextMarshaler].
func (p Protocol) MarshalText() ([]byte, error) {
	if !p.Valid() {
		return nil, fmt.Errorf("protocol %d: want -1..255", int(p))
	}
	return []byte(p.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (p *Protocol) UnmarshalText(b []byte) error {
	v, err := ParseProtocol(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// PortRange is an inclusive range of TCP or UDP ports. The zero PortRange
// means every port (0–65535), so a rule that leaves it out covers all ports,
// as an AWS rule with protocol "all" does.
type PortRange struct {
	From uint16 `json:"from"`
	To   uint16 `json:"to"`
}

// AllPorts is the range 0–65535.
var AllPorts = PortRange{0, 65535}

// Port returns the range holding the single port p.
func Port(p uint16) PortRange { return PortRange{p, p} }

// Ports returns the range from–to.
func Ports(from, to uint16) PortRange { return PortRange{from, to} }

// IsZero reports whether r is the zero PortRange (meaning all ports).
func (r PortRange) IsZero() bool { return r == PortRange{} }

// Norm returns r with the zero value replaced by [AllPorts].
func (r PortRange) Norm() PortRange {
	if r.IsZero() {
		return AllPorts
	}
	return r
}

// Contains reports whether port p is in r (the zero r contains every port).
func (r PortRange) Contains(p uint16) bool {
	n := r.Norm()
	return n.From <= p && p <= n.To
}

// String formats r as "443", "1024-65535" or "all".
func (r PortRange) String() string {
	n := r.Norm()
	switch {
	case n == AllPorts:
		return "all"
	case n.From == n.To:
		return strconv.Itoa(int(n.From))
	}
	return fmt.Sprintf("%d-%d", n.From, n.To)
}

// ICMPAny is the value of an ICMP type or code field that matches any type or
// code, as -1 does in the AWS API.
const ICMPAny = -1

// ICMP selects ICMP messages by type and code; [ICMPAny] (-1) matches any.
// The zero value matches only echo-reply (type 0 code 0); use [AnyICMP] for
// every message.
type ICMP struct {
	Type int `json:"type"`
	Code int `json:"code"`
}

// AnyICMP matches every ICMP type and code.
var AnyICMP = ICMP{ICMPAny, ICMPAny}

// EchoRequest matches ICMP echo request (ping), type 8 code 0.
var EchoRequest = ICMP{8, 0}

// String formats the selector as "type 8 code 0", "type 3" or "any".
func (i ICMP) String() string {
	switch {
	case i.Type == ICMPAny:
		return "any"
	case i.Code == ICMPAny:
		return fmt.Sprintf("type %d", i.Type)
	}
	return fmt.Sprintf("type %d code %d", i.Type, i.Code)
}
