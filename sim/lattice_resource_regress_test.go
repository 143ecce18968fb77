package sim

import (
	"testing"

	"github.com/vpcsim/vpcsim/vpc"
)

// TestRegressionResourceICMPWithoutReply pins a disagreement the
// engine-equals-reference property on resource configurations found: an
// ICMP message that expects no reply (an echo reply, a destination
// unreachable), sent to a resource configuration through the VPC's
// service network association, was reachable: the engine stopped at
// VPC Lattice's address, as for any flow without a reply, and never asked
// the configuration. A resource configuration carries TCP only (VPC
// Lattice API Reference, "CreateResourceConfiguration": TCP is the only
// protocol, and the port ranges are the TCP ports a consumer may use),
// so such a message is refused as UDP is: RESOURCE_PORT_NOT_ALLOWED.
func TestRegressionResourceICMPWithoutReply(t *testing.T) {
	n := resourceNet()
	all := vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: pfx("0.0.0.0/0")}
	n.SecurityGroups[0].Egress = append(n.SecurityGroups[0].Egress, all)
	n.SecurityGroups[1].Ingress = append(n.SecurityGroups[1].Ingress, all)
	m := mustCompile(t, n)
	for _, msg := range []vpc.ICMP{vpc.ICMPMessage(0, 0), vpc.ICMPMessage(3, 1), vpc.ICMPMessage(8, 0)} {
		q := toDB(0)
		q.Protocol, q.ICMP = vpc.ProtocolICMP, &msg
		r, err := m.Reach(q)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != Blocked || r.Reason != ResourcePortNotAllowed {
			t.Errorf("%s: %s (%s), want blocked (RESOURCE_PORT_NOT_ALLOWED)\n%s", q, r.Status, r.Reason, r)
		}
		if r.Block == nil || r.Block.Component != "rcfg-db" {
			t.Errorf("%s: want the block at rcfg-db\n%s", q, r)
		}
	}
}
