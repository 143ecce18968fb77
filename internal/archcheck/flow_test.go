package archcheck

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

func TestParseFlows(t *testing.T) {
	tests := []struct {
		in   string
		ipv6 bool
		want string // canonical form, or the start of the error
	}{
		{"tcp 443", false, "tcp 443"},
		{"TCP/443", false, "tcp 443"},
		{"  udp   53 ", false, "udp 53"},
		{"tcp 80, tcp 81", false, "tcp 80-81"},
		{"tcp 81, tcp 80", false, "tcp 80-81"},
		{"tcp 1-100, tcp 50-60, udp 53", false, "tcp 1-100, udp 53"},
		{"tcp 1-65535", false, "tcp all"},
		{"tcp all, udp 1024-65535", false, "tcp all, udp 1024-65535"},
		{"icmp type 8 code 0", false, "icmp type 8 code 0"},
		{"icmp type 3", false, "icmp type 3"},
		{"icmp type 3 code 0 .. type 3 code 255", false, "icmp type 3"},
		{"icmp type 3 .. type 5", false, "icmp type 3 .. type 5"},
		{"icmp type 0 code 0 .. type 8 code 0", false, "icmp type 0 code 0 .. type 8 code 0"},
		{"icmp type 0 code 0 .. type 255 code 255", false, "icmp all"},
		{"icmpv6 type 128 code 0", true, "icmpv6 type 128 code 0"},
		{"protocol 47", false, "protocol 47"},
		{"protocols 2-5", false, "protocols 2-5"},
		{"protocols 2-3, protocols 4-5", false, "protocols 2-5"},
		{"protocol tcp", false, "tcp all"},
		{"protocols 1-255", false, "all"},
		{"protocols 1-255", true, "all"},
		{"protocol all", false, "all"},
		{"all", false, "all"},
		{"all", true, "all"},
		{"tcp all, udp all, icmp all, protocols 2-5, protocols 7-16, protocols 18-57, protocols 59-255", false, "all"},
		{"tcp 443, protocols 50-51, udp 53, icmp type 0", false, "tcp 443, udp 53, icmp type 0, protocols 50-51"},
		{"", false, "nothing"},
		{"none", false, "nothing"},
		{"nothing", false, "nothing"},
		// Errors.
		{"tcp", false, `flow "tcp": want one port, a range or all after tcp`},
		{"tcp 0", false, `flow "tcp 0": port "0" is not a number 1-65535`},
		{"tcp 5432x", false, `flow "tcp 5432x": port "5432x" is not a number 1-65535`},
		{"tcp 5-1", false, `flow "tcp 5-1": port range 5-1 is reversed`},
		{"icmp", false, `flow "icmp": want type T or type T code C after the protocol`},
		{"icmp type 300", false, `flow "icmp type 300": ICMP type "300" is not a number 0-255`},
		{"icmp type 8 .. type 3", false, `flow "icmp type 8 .. type 3": ICMP range is reversed`},
		{"icmpv6 all", false, `flow "icmpv6 all": icmpv6 does not travel over IPv4 (use icmp)`},
		{"icmp type 8 code 0", true, `flow "icmp type 8 code 0": icmp does not travel over IPv6 (use icmpv6)`},
		{"protocol 58", false, `flow "protocol 58": icmpv6 does not travel over IPv4 (use icmp)`},
		{"protocol 0", false, `flow "protocol 0": protocol "0": IP protocol 0 (HOPOPT) is not modelled`},
		{"sctp 5", false, `flow "sctp 5": want "tcp 443"`},
		{"tcp 443,", false, `flow "": empty`},
	}
	for _, tt := range tests {
		fs, err := ParseFlows(tt.in, tt.ipv6)
		got := ""
		if err != nil {
			got = err.Error()
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("ParseFlows(%q, ipv6=%v): error %q, want it to start with %q", tt.in, tt.ipv6, got, tt.want)
			}
			continue
		}
		if got = fs.String(); got != tt.want {
			t.Errorf("ParseFlows(%q, ipv6=%v) = %q, want %q", tt.in, tt.ipv6, got, tt.want)
		}
	}
}

func TestParseOneFlow(t *testing.T) {
	for _, in := range []string{"tcp 443", "udp 53", "icmp type 8 code 0", "protocol 47"} {
		f, err := ParseOneFlow(in, false)
		if err != nil || f.String() != in {
			t.Errorf("ParseOneFlow(%q) = %v, %v; want %s", in, f, err, in)
		}
	}
	for _, in := range []string{"tcp 1-2", "tcp 80, tcp 443", "icmp type 3", "all", "", "protocols 2-3"} {
		if _, err := ParseOneFlow(in, false); err == nil || !strings.Contains(err.Error(), "want one flow") {
			t.Errorf("ParseOneFlow(%q): error %v, want one saying it wants one flow", in, err)
		}
	}
}

// The canonical form parses back to the same set, whatever the set.
func TestFlowsRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ipv6 := rapid.Bool().Draw(t, "ipv6")
		var rs []Flow
		for range rapid.IntRange(0, 8).Draw(t, "n") {
			p := vpc.Protocol(rapid.SampledFrom([]int{1, 2, 3, 6, 6, 17, 17, 47, 58, 255}).Draw(t, "proto"))
			if !carried(p, ipv6) {
				continue
			}
			lo := uint16(rapid.IntRange(int(minValue(p)), int(maxValue(p))).Draw(t, "lo"))
			hi := uint16(rapid.IntRange(int(lo), int(maxValue(p))).Draw(t, "hi"))
			rs = append(rs, Flow{p, lo, hi})
		}
		set := normalize(rs)
		back, err := ParseFlows(set.String(), ipv6)
		if err != nil {
			t.Fatalf("%q does not parse: %v", set, err)
		}
		if diff := cmp.Diff(set, back, cmp.AllowUnexported(Flow{})); diff != "" {
			t.Fatalf("%q parses back differently (-want +got):\n%s", set, diff)
		}
	})
}

func TestFlowsMinus(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"tcp 1-100", "tcp 50", "tcp 1-49, tcp 51-100"},
		{"tcp 1-100", "tcp 1-100", "nothing"},
		{"tcp 1-100", "udp 1-100", "tcp 1-100"},
		{"tcp 1-100, udp 53", "tcp 10-20, tcp 30-40, udp all", "tcp 1-9, tcp 21-29, tcp 41-100"},
		{"tcp all", "tcp 1, tcp 65535", "tcp 2-65534"},
		{"icmp all", "icmp type 3", "icmp type 0 .. type 2, icmp type 4 .. type 255"},
		{"protocols 2-5", "protocol 3", "protocol 2, protocols 4-5"},
		{"nothing", "tcp 443", "nothing"},
	}
	for _, tt := range tests {
		a, err1 := ParseFlows(tt.a, false)
		b, err2 := ParseFlows(tt.b, false)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if got := a.Minus(b).String(); got != tt.want {
			t.Errorf("%s minus %s = %s, want %s", tt.a, tt.b, got, tt.want)
		}
	}
}

// The flows sim prints parse to the ranges they print, so that a user
// can paste what OpenPorts reports into an expectation.
func TestFlowsReadWhatSimPrints(t *testing.T) {
	p := netip.MustParsePrefix
	any4 := p("0.0.0.0/0")
	n := &sim.Network{
		VPCs:    []vpc.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{p("10.0.0.0/16")}}},
		Subnets: []vpc.Subnet{{ID: "subnet-1", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: p("10.0.1.0/24")}},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-all", VPC: "vpc-1", Egress: []vpc.SGRule{vpc.AllowAllEgress()},
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: any4}}},
			{ID: "sg-some", VPC: "vpc-1", Egress: []vpc.SGRule{vpc.AllowAllEgress()}, Ingress: []vpc.SGRule{
				{Protocol: vpc.ProtocolTCP, Ports: vpc.Ports(80, 81), CIDR: any4},
				{Protocol: vpc.ProtocolUDP, Ports: vpc.Port(53), CIDR: any4},
				{Protocol: vpc.ProtocolICMP, ICMP: vpc.ICMPType(3), CIDR: any4},
				{Protocol: vpc.ProtocolICMP, ICMP: vpc.EchoRequest, CIDR: any4},
				{Protocol: 47, CIDR: any4},
				{Protocol: 50, CIDR: any4},
				{Protocol: 51, CIDR: any4}}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-a", Subnet: "subnet-1", SecurityGroups: []string{"sg-all"}},
			{ID: "eni-b", Subnet: "subnet-1", SecurityGroups: []string{"sg-some"}},
		},
	}
	m, err := sim.Compile(n)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []sim.Query{
		{From: sim.ENI("eni-b"), To: sim.ENI("eni-a")},
		{From: sim.ENI("eni-a"), To: sim.ENI("eni-b")},
	} {
		open, err := m.OpenPorts(q)
		if err != nil {
			t.Fatal(err)
		}
		if len(open) < 4 {
			t.Fatalf("%s: open %v, want several ranges", q, open)
		}
		var printed []string
		for _, o := range open {
			printed = append(printed, o.String())
			got, err := ParseFlows(o.String(), false)
			if err != nil {
				t.Errorf("%s: sim prints %q, which does not parse: %v", q, o, err)
				continue
			}
			if diff := cmp.Diff(FromOpen([]sim.OpenRange{o}), got, cmp.AllowUnexported(Flow{})); diff != "" {
				t.Errorf("%s: %q parses to other flows than sim means (-want +got):\n%s", q, o, diff)
			}
		}
		all, err := ParseFlows(strings.Join(printed, ", "), false)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := all.String(), FromOpen(open).String(); got != want {
			t.Errorf("%s: the list sim prints parses to %s, want %s", q, got, want)
		}
	}
}

// The ranges simtest takes for public agree with the engine: it refuses
// the first and last address of each non-public range as an internet
// address, and accepts the addresses next to them that simtest calls
// public.
func TestNotPublicAgreesWithSim(t *testing.T) {
	p := netip.MustParsePrefix
	m, err := sim.Compile(&sim.Network{
		VPCs: []vpc.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{p("10.0.0.0/16")}, IPv6CIDR: p("2600:1f18::/56")}},
		Subnets: []vpc.Subnet{{ID: "subnet-1", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: p("10.0.1.0/24"),
			IPv6CIDR: p("2600:1f18::/64")}},
		NetworkInterfaces: []vpc.NetworkInterface{{ID: "eni-a", Subnet: "subnet-1",
			IPv6Addrs: []netip.Addr{netip.MustParseAddr("2600:1f18::10")}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	accepts := func(a netip.Addr) bool {
		_, err := m.Verdict(sim.Query{From: sim.ENI("eni-a"), To: sim.InternetAddress(a), Port: 443, IPv6: a.Is6()})
		return err == nil
	}
	for _, np := range append(notPublic, p("64:ff9b::a00:0/104")) { // NAT64 of 10.0.0.0/8
		for _, a := range []netip.Addr{np.Addr(), lastAddr(np)} {
			if isPublic(a) || accepts(a) {
				t.Errorf("%s (in %s): simtest public %v, sim accepts %v; want neither", a, np, isPublic(a), accepts(a))
			}
		}
		for _, a := range []netip.Addr{np.Addr().Prev(), lastAddr(np).Next()} {
			if a.IsValid() && isPublic(a) && !accepts(a) {
				t.Errorf("%s (next to %s): simtest calls it public, sim refuses it", a, np)
			}
		}
	}
}

func TestPublicRanges(t *testing.T) {
	a := netip.MustParseAddr
	bounds := []netip.Addr{a("8.8.8.0"), a("8.8.9.0")}
	var got []string
	for _, r := range publicRanges(bounds, false) {
		got = append(got, r.String())
	}
	want := []string{
		"1.0.0.0-8.8.7.255", "8.8.8.0-8.8.8.255", "8.8.9.0-9.255.255.255",
		"11.0.0.0-100.63.255.255", "100.128.0.0-126.255.255.255", "128.0.0.0-169.253.255.255",
		"169.255.0.0-172.15.255.255", "172.32.0.0-192.167.255.255", "192.169.0.0-223.255.255.255",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("public IPv4 ranges split at 8.8.8.0/24 (-want +got):\n%s", diff)
	}
	// IPv6: the NAT64 images of the IPv4 bounds split 64:ff9b::/96, whose
	// ranges come last.
	var nat []string
	for _, r := range publicRanges(bounds, true) {
		if nat64.Contains(r.lo) {
			nat = append(nat, r.String())
		} else if len(nat) > 0 {
			t.Errorf("range %s comes after NAT64 ranges", r)
		}
	}
	if len(nat) != len(want) || nat[1] != "64:ff9b::808:800-64:ff9b::808:8ff" {
		t.Errorf("NAT64 ranges %v: want the %d IPv4 ranges mapped, 8.8.8.0/24 second", nat, len(want))
	}
}
