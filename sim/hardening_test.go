package sim

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/vpcsim/vpcsim/vpc"
)

// dualStack returns threeTier with an IPv6 block, an IPv6 address on the
// ALB, the app and the database interfaces, and IPv6 subnets.
func dualStack() *Network {
	n := threeTier()
	n.VPCs[0].IPv6CIDR = pfx("2600:1f18:0:100::/56")
	for i, s := range []string{"2600:1f18:0:100::/64", "2600:1f18:0:101::/64", "2600:1f18:0:110::/64",
		"2600:1f18:0:111::/64", "2600:1f18:0:120::/64", "2600:1f18:0:121::/64"} {
		n.Subnets[i].IPv6CIDR = pfx(s)
	}
	return n
}

// TestICMPRulesOfTheOtherFamily: AWS accepts an icmp security group rule
// with an IPv6 peer and network ACL entries of protocol 58 with an IPv4
// CIDR (describe-security-groups and describe-network-acls output carry
// such rules). They compile and match nothing of the other family.
func TestICMPRulesOfTheOtherFamily(t *testing.T) {
	n := dualStack()
	n.NetworkInterfaces[3].IPv6Addrs = []netip.Addr{addr("2600:1f18:0:120::10")}
	n.NetworkInterfaces[1].IPv6Addrs = []netip.Addr{addr("2600:1f18:0:110::10")}
	n.SecurityGroups[1].Egress = append(n.SecurityGroups[1].Egress,
		vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: pfx("::/0")}, vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: pfx("0.0.0.0/0")})
	// sg-db admits icmp (v4) from ::/0 only and icmpv6 from 0.0.0.0/0 only.
	n.SecurityGroups[2].Ingress = append(n.SecurityGroups[2].Ingress,
		vpc.SGRule{Protocol: vpc.ProtocolICMP, CIDR: pfx("::/0")},
		vpc.SGRule{Protocol: vpc.ProtocolICMPv6, CIDR: pfx("0.0.0.0/0")})
	n.NetworkACLs[0].Inbound = append(n.NetworkACLs[0].Inbound,
		vpc.ACLEntry{Number: 200, Action: vpc.Allow, Protocol: vpc.ProtocolICMPv6, CIDR: pfx("0.0.0.0/0")},
		vpc.ACLEntry{Number: 201, Action: vpc.Allow, Protocol: vpc.ProtocolICMP, CIDR: pfx("::/0")},
		vpc.ACLEntry{Number: 300, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: pfx("::/0")},
		vpc.ACLEntry{Number: 301, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: pfx("0.0.0.0/0")})
	n.NetworkACLs[0].Outbound = vpc.AllowAllACL(true)
	m := mustCompile(t, n)
	for _, tc := range []struct {
		q    Query
		want Verdict
	}{
		{Query{From: ENI("eni-app-a"), To: ENI("eni-db-a"), Protocol: vpc.ProtocolICMP}, Verdict{Blocked, SGIngress}},
		{Query{From: ENI("eni-app-a"), To: ENI("eni-db-a"), Protocol: vpc.ProtocolICMPv6, IPv6: true}, Verdict{Blocked, SGIngress}},
	} {
		r, err := m.Reach(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := (Verdict{r.Status, r.Reason}); got != tc.want {
			t.Errorf("%s: %v, want %v\n%s", tc.q, got, tc.want, r)
		}
		// The ACL entries of the other family were not the ones that let
		// the flow into the database subnet.
		for _, h := range r.Path {
			if h.Ref.Resource == "acl-db" && (h.Ref.Index == 200 || h.Ref.Index == 201) {
				t.Errorf("%s: ACL entry of the other family matched: %s", tc.q, h)
			}
		}
	}
}

// withEgressOnly returns dualStack with IPv6 routes: the public subnets to
// the internet gateway, the app subnets to an egress-only gateway, and the
// app hosts open on tcp/443 to the IPv6 internet.
func withEgressOnly() *Network {
	n := dualStack()
	n.EgressOnlyInternetGateways = []vpc.EgressOnlyInternetGateway{{ID: "eigw-main", VPC: "vpc-main"}}
	routeTable(n, "rtb-public").Routes = append(routeTable(n, "rtb-public").Routes,
		vpc.Route{Destination: pfx("::/0"), Target: vpc.ToInternetGateway("igw-main")})
	for _, t := range []string{"rtb-app-a", "rtb-app-b"} {
		routeTable(n, t).Routes = append(routeTable(n, t).Routes,
			vpc.Route{Destination: pfx("::/0"), Target: vpc.ToEgressOnlyGateway("eigw-main")})
	}
	n.NetworkInterfaces[1].IPv6Addrs = []netip.Addr{addr("2600:1f18:0:110::10")}
	n.SecurityGroups[1].Ingress = append(n.SecurityGroups[1].Ingress,
		vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("::/0")})
	n.SecurityGroups[1].Egress = append(n.SecurityGroups[1].Egress,
		vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("::/0")})
	return n
}

func kindsOf(hops []Hop) []ComponentKind {
	var out []ComponentKind
	for _, h := range hops {
		out = append(out, h.Kind)
	}
	return out
}

// TestEgressOnlyGatewayIsStateful: an egress-only internet gateway lets no
// internet host initiate a connection to the instances behind it (VPC User
// Guide, "Enable outbound IPv6 traffic using an egress-only internet
// gateway"), even when the request itself arrives through the internet
// gateway and only the reply would leave through the egress-only gateway;
// and the reply of an outbound flow returns through the gateway that
// carried it.
func TestEgressOnlyGatewayIsStateful(t *testing.T) {
	m := mustCompile(t, withEgressOnly())
	in, err := m.Reach(Query{From: Internet(), To: ENI("eni-app-a"), Port: 443, IPv6: true})
	if err != nil {
		t.Fatal(err)
	}
	if in.Status != ReplyBlocked || in.Reason != EgressOnly || in.Block == nil || in.Block.Kind != KindEgressOnly {
		t.Errorf("internet -> app over IPv6: %v %v, want reply-blocked EGRESS_ONLY at the egress-only gateway\n%s", in.Status, in.Reason, in)
	}
	out, err := m.Reach(Query{From: ENI("eni-app-a"), To: Internet(), Port: 443, IPv6: true})
	if err != nil {
		t.Fatal(err)
	}
	if !out.Allowed() {
		t.Fatalf("app -> internet over IPv6: %v, want reachable\n%s", out.Status, out)
	}
	if k := kindsOf(out.Reply); !slices.Contains(k, KindEgressOnly) || slices.Contains(k, KindInternetGateway) {
		t.Errorf("reply of an outbound flow crosses %v, want the egress-only gateway and not the internet gateway\n%s", k, out)
	}
}
