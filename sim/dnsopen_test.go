package sim_test

import (
	"testing"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// TestOpenPortsToAmazonDNS: the Amazon DNS resolver answers an
// interface of its VPC on TCP and UDP port 53 (Amazon VPC User Guide,
// "Amazon DNS server"), so OpenPorts from the interface to it lists
// exactly those two, as Verdict finds them reachable.
//
// Engine bug, not fixed yet: OpenPorts splits ports at the bounds of the
// rules its walks consult, and the resolver is no rule: port 53 is never
// a bound, the interval holding it is tried at another port, which the
// resolver does not answer, and OpenPorts returns nothing.
func TestOpenPortsToAmazonDNS(t *testing.T) {
	m := propCompile(t, propBugBase())
	for _, to := range []sim.Endpoint{sim.Address(paddr("10.0.0.2")), sim.Address(paddr("169.254.169.253"))} {
		q := sim.Query{From: sim.ENI("eni-a"), To: to}
		for _, p := range []vpc.Protocol{vpc.ProtocolTCP, vpc.ProtocolUDP} {
			v, err := m.Verdict(sim.Query{From: q.From, To: to, Protocol: p, Port: 53})
			if err != nil || v.Status != sim.Reachable {
				t.Fatalf("%s %s/53: %s (%s) %v, want reachable", q, p, v.Status, v.Reason, err)
			}
		}
		open, err := m.OpenPorts(q)
		if err != nil {
			t.Fatal(err)
		}
		type flow struct {
			Protocol vpc.Protocol
			Ports    vpc.PortRange
		}
		var got []flow
		for _, o := range open {
			got = append(got, flow{o.Protocol, o.Ports})
		}
		factDiff(t, "open flows to "+to.String(), []flow{{vpc.ProtocolTCP, vpc.Port(53)}, {vpc.ProtocolUDP, vpc.Port(53)}}, got)
	}
}
