package vpc

import (
	"encoding/json"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
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
	for _, bad := range []string{"", "tcpp", "256", "-2"} {
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
	var all PortRange
	if !all.Contains(0) || !all.Contains(65535) || all.String() != "all" {
		t.Errorf("zero PortRange = %v, want every port", all)
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
