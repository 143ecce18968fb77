package sim

import (
	"fmt"
	"net/netip"
	"runtime"
	"testing"

	"github.com/vpcsim/vpcsim/vpc"
)

// manyRules is a VPC of two subnets with a client interface, whose group
// allows every egress, and a server interface whose group admits n
// single-port TCP rules from the VPC, on the odd ports 1, 3, 5, ...: every
// rule is a range of its own in OpenPorts, with its own witness.
func manyRules(n int) *Network {
	rules := make([]vpc.SGRule, n)
	for i := range rules {
		rules[i] = vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(uint16(1 + 2*i)), CIDR: pfx("10.0.0.0/16")}
	}
	return &Network{
		VPCs: []vpc.VPC{{ID: "vpc-a", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, Region: "us-east-1"}},
		Subnets: []vpc.Subnet{
			{ID: "subnet-client", VPC: "vpc-a", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.1.0/24")},
			{ID: "subnet-server", VPC: "vpc-a", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.2.0/24")},
		},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-client", VPC: "vpc-a", Egress: vpc.DefaultEgress(false)},
			{ID: "sg-server", VPC: "vpc-a", Ingress: rules},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-client", Subnet: "subnet-client", PrivateIPs: []netip.Addr{addr("10.0.1.10")}, SecurityGroups: []string{"sg-client"}},
			{ID: "eni-server", Subnet: "subnet-server", PrivateIPs: []netip.Addr{addr("10.0.2.10")}, SecurityGroups: []string{"sg-server"}},
		},
	}
}

var manyRulesQuery = Query{From: ENI("eni-client"), To: ENI("eni-server")}

// checkManyRules checks OpenPorts on manyRules(n): exactly the n rule
// ports, each a range of one port with a reachable witness.
func checkManyRules(tb testing.TB, m *Model, n int) {
	tb.Helper()
	got, err := m.OpenPorts(manyRulesQuery)
	if err != nil {
		tb.Fatal(err)
	}
	if len(got) != n {
		tb.Fatalf("OpenPorts found %d ranges, want %d", len(got), n)
	}
	for i, o := range got {
		if o.Protocol != vpc.ProtocolTCP || o.Ports != vpc.Port(uint16(1+2*i)) || o.Witness == nil || !o.Witness.Allowed() {
			tb.Fatalf("range %d is %s (witness %v), want tcp %d, reachable", i, o, o.Witness, 1+2*i)
		}
	}
}

// BenchmarkOpenPortsManyRules: OpenPorts through one security group of
// 10k and 20k single-port rules.
//
//	go test -run xxx -bench OpenPortsManyRules -benchmem ./sim
func BenchmarkOpenPortsManyRules(b *testing.B) {
	for _, n := range []int{10_000, 20_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			m := mustCompile(b, manyRules(n))
			checkManyRules(b, m, n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.OpenPorts(manyRulesQuery); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// openPortsCost returns the allocations and bytes allocated by one
// OpenPorts on manyRules(n).
func openPortsCost(t *testing.T, n int) (allocs, bytes float64) {
	m := mustCompile(t, manyRules(n))
	checkManyRules(t, m, n)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	allocs = testing.AllocsPerRun(1, func() { _, _ = m.OpenPorts(manyRulesQuery) })
	runtime.ReadMemStats(&after)
	// AllocsPerRun runs the function twice: a warm-up and the measured run.
	return allocs, float64(after.TotalAlloc-before.TotalAlloc) / 2
}

// TestOpenPortsScalesLinearly guards against a return to quadratic
// OpenPorts in the number of rules: four times the rules may cost at most
// six times the allocations and bytes (quadratic costs sixteen), and the
// bytes per rule stay bounded. It measures memory, not time, so that a
// loaded machine does not make it flaky.
func TestOpenPortsScalesLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("measures OpenPorts over 2k rules")
	}
	a1, b1 := openPortsCost(t, 500)
	a4, b4 := openPortsCost(t, 2_000)
	t.Logf("500 rules: %.0f allocs, %.0f B; 2000 rules: %.0f allocs, %.0f B (%.0f B/rule)", a1, b1, a4, b4, b4/2000)
	if a4 > 6*a1 {
		t.Errorf("allocations grow from %.0f to %.0f for 4x the rules, want at most 6x", a1, a4)
	}
	if b4 > 6*b1 {
		t.Errorf("bytes allocated grow from %.0f to %.0f for 4x the rules, want at most 6x", b1, b4)
	}
	if perRule := b4 / 2000; perRule > 16<<10 {
		t.Errorf("%.0f bytes allocated per rule, want at most 16 KiB", perRule)
	}
}
