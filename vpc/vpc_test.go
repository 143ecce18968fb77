package vpc

import (
	"encoding/json"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestUsableAndReserved(t *testing.T) {
	p := netip.MustParsePrefix("10.0.1.0/28")
	if got := UsableAddresses(p); got != 11 {
		t.Errorf("UsableAddresses(%s) = %d, want 11", p, got)
	}
	if got := UsableAddresses(netip.MustParsePrefix("10.0.0.0/16")); got != 65531 {
		t.Errorf("UsableAddresses(/16) = %d, want 65531", got)
	}
	if got := UsableAddresses(netip.MustParsePrefix("10.0.0.0/29")); got != 0 {
		t.Errorf("UsableAddresses(/29) = %d, want 0 (AWS subnets are /28 at most)", got)
	}
	var reserved []string
	for a := p.Addr(); p.Contains(a); a = a.Next() {
		if IsReserved(p, a) {
			reserved = append(reserved, a.String())
		}
	}
	want := []string{"10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.15"}
	if d := cmp.Diff(want, reserved); d != "" {
		t.Errorf("reserved addresses (-want +got):\n%s", d)
	}
	if IsReserved(p, netip.MustParseAddr("10.0.2.0")) {
		t.Error("an address outside the subnet is not reserved in it")
	}
	if got := LastAddr(netip.MustParsePrefix("2600:1f18::/64")); got != netip.MustParseAddr("2600:1f18::ffff:ffff:ffff:ffff") {
		t.Errorf("LastAddr(ipv6 /64) = %s", got)
	}
}

func TestProtocolText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Protocol
		text string
	}{
		{"tcp", ProtocolTCP, "tcp"}, {"TCP", ProtocolTCP, "tcp"}, {"-1", ProtocolAll, "all"}, {"all", ProtocolAll, "all"},
		{"47", 47, "47"}, {"icmpv6", ProtocolICMPv6, "icmpv6"}, {"17", ProtocolUDP, "udp"},
	} {
		var p Protocol
		if err := p.UnmarshalText([]byte(tc.in)); err != nil || p != tc.want {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", tc.in, p, err, tc.want)
		}
		if b, err := p.MarshalText(); err != nil || string(b) != tc.text {
			t.Errorf("MarshalText(%v) = %q, %v; want %q", p, b, err, tc.text)
		}
	}
	for _, bad := range []string{"0", "tcpp", "256", "-2"} {
		var p Protocol
		if err := p.UnmarshalText([]byte(bad)); err == nil {
			t.Errorf("UnmarshalText(%q) = %v, want an error", bad, p)
		}
	}
	if _, err := Protocol(999).MarshalText(); err == nil {
		t.Error("MarshalText(999) succeeded")
	}
}

func TestPortRange(t *testing.T) {
	var none PortRange
	if !none.IsZero() || none.Contains(1) || none.String() != "none" {
		t.Errorf("zero PortRange = %v, want not given", none)
	}
	if !AllPorts.Contains(0) || !AllPorts.Contains(65535) || AllPorts.String() != "all" {
		t.Errorf("AllPorts = %v, want every port", AllPorts)
	}
	if r := Ports(1024, 65535); r.Contains(1023) || !r.Contains(1024) || r.String() != "1024-65535" {
		t.Errorf("Ports(1024, 65535) = %v", r)
	}
	if Port(443).String() != "443" {
		t.Errorf("Port(443) = %v", Port(443))
	}
}

func TestJSONShape(t *testing.T) {
	r := SGRule{Protocol: ProtocolTCP, Ports: Port(5432), Group: "sg-app"}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"protocol":"tcp","ports":{"from":5432,"to":5432},"group":"sg-app"}`; string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	var back SGRule
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(r, back, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
}

func TestWantsPublicIP(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		e    NetworkInterface
		mol  bool
		want bool
	}{
		{NetworkInterface{}, true, true},
		{NetworkInterface{}, false, false},
		{NetworkInterface{Kind: KindLambda, AssignPublicIP: &yes}, true, false},
		{NetworkInterface{Kind: KindECSTask}, true, false},
		{NetworkInterface{Kind: KindECSTask, AssignPublicIP: &yes}, false, true},
		{NetworkInterface{AssignPublicIP: &no}, true, false},
		{NetworkInterface{PublicIP: netip.MustParseAddr("54.1.2.3")}, false, true},
	} {
		if got := tc.e.WantsPublicIP(tc.mol); got != tc.want {
			t.Errorf("%+v.WantsPublicIP(%v) = %v, want %v", tc.e, tc.mol, got, tc.want)
		}
	}
}

func TestICMPSelector(t *testing.T) {
	var zero ICMP
	if !zero.IsAny() || zero != AnyICMP || zero.Type() != ICMPAny || zero.Code() != ICMPAny || zero.String() != "any" {
		t.Errorf("zero ICMP = %v (type %d code %d), want any", zero, zero.Type(), zero.Code())
	}
	if i := ICMPType(3); i.IsAny() || i.IsMessage() || i.Type() != 3 || i.Code() != ICMPAny || i.String() != "type 3" {
		t.Errorf("ICMPType(3) = %v", i)
	}
	if i := ICMPMessage(0, 0); !i.IsMessage() || i != EchoReply || i.Type() != 0 || i.Code() != 0 || i.String() != "type 0 code 0" {
		t.Errorf("ICMPMessage(0, 0) = %v", i)
	}
	if EchoRequest != ICMPMessage(8, 0) {
		t.Errorf("EchoRequest = %v", EchoRequest)
	}
	if !ICMPMessage(255, 255).Equal(ICMPMessage(255, 255)) || ICMPType(255).Equal(ICMPMessage(255, 255)) {
		t.Error("Equal disagrees with ==")
	}
}

func TestICMPJSON(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want ICMP
	}{
		{`{}`, AnyICMP},
		{`{"type": -1, "code": -1}`, AnyICMP},
		{`{"type": 3}`, ICMPType(3)},
		{`{"type": 3, "code": -1}`, ICMPType(3)},
		{`{"type": 8, "code": 0}`, EchoRequest},
		{`{"type": 0, "code": 0}`, EchoReply},
	} {
		var got ICMP
		if err := json.Unmarshal([]byte(tc.in), &got); err != nil || got != tc.want {
			t.Errorf("Unmarshal(%s) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		b, err := json.Marshal(got)
		var back ICMP
		if err != nil || json.Unmarshal(b, &back) != nil || back != got {
			t.Errorf("round trip of %v: %s, %v -> %v", got, b, err, back)
		}
	}
	for _, bad := range []string{`{"type": 256}`, `{"type": -2}`, `{"type": 3, "code": 300}`, `{"code": 1}`, `{"tpye": 3}`, `[]`} {
		var got ICMP
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("Unmarshal(%s) = %v, want an error", bad, got)
		}
	}
}

func TestDefaultEgress(t *testing.T) {
	want := []SGRule{
		{Protocol: ProtocolAll, CIDR: netip.MustParsePrefix("0.0.0.0/0")},
		{Protocol: ProtocolAll, CIDR: netip.MustParsePrefix("::/0")},
	}
	if d := cmp.Diff(want, DefaultEgress(true), cmpopts.EquateComparable(netip.Prefix{})); d != "" {
		t.Errorf("DefaultEgress(true) (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want[:1], DefaultEgress(false), cmpopts.EquateComparable(netip.Prefix{})); d != "" {
		t.Errorf("DefaultEgress(false) (-want +got):\n%s", d)
	}
}
