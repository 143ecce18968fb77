package sim

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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

// TestBothEndsOutsideTheNetwork: every query whose two ends lie outside the
// network is the same error.
func TestBothEndsOutsideTheNetwork(t *testing.T) {
	m := mustCompile(t, threeTier())
	var msgs []string
	for _, q := range []Query{
		{From: Internet(), To: Internet(), Port: 443},
		{From: InternetAddress(addr("8.8.8.8")), To: Address(addr("1.1.1.1")), Port: 443},
		{From: Address(addr("8.8.8.8")), To: Internet(), Port: 443},
		{From: Address(addr("8.8.8.8")), To: Address(addr("1.1.1.1")), Port: 443},
		{From: InternetAddress(addr("8.8.8.8")), To: InternetAddress(addr("1.1.1.1")), Port: 443},
	} {
		r, err := m.Reach(q)
		if !errors.Is(err, ErrInvalidValue) {
			t.Errorf("%s: %v, %v; want an invalid-value error", q, r, err)
			continue
		}
		if _, verr := m.Verdict(q); verr == nil || verr.Error() != err.Error() {
			t.Errorf("%s: Verdict error %v, Reach error %v: want the same", q, verr, err)
		}
		msgs = append(msgs, err.Error())
	}
	for _, s := range msgs[1:] {
		if s != msgs[0] {
			t.Errorf("errors differ:\n%s\n%s", msgs[0], s)
		}
	}
}

// TestUnheldAddresses: a destination address nobody holds is answered with
// where the traffic dies, not an error.
func TestUnheldAddresses(t *testing.T) {
	n := threeTier()
	n.SecurityGroups[0].Egress = append(n.SecurityGroups[0].Egress, vpc.AllowAllEgress())
	m := mustCompile(t, n)
	for _, tc := range []struct {
		q    Query
		want Verdict
	}{
		// An unused private address of the app subnet.
		{Query{From: ENI("eni-alb-a"), To: Address(addr("10.0.11.200")), Port: 8080}, Verdict{Blocked, UnknownDestination}},
		// A private address asked from the internet.
		{Query{From: Internet(), To: Address(addr("10.0.10.200")), Port: 443}, Verdict{Blocked, NoRoute}},
		// A private address outside every VPC.
		{Query{From: ENI("eni-app-a"), To: Address(addr("192.168.7.7")), Port: 443}, Verdict{Blocked, NoRoute}},
	} {
		r, err := m.Reach(tc.q)
		if err != nil {
			t.Errorf("%s: %v", tc.q, err)
			continue
		}
		if got := (Verdict{r.Status, r.Reason}); got != tc.want || r.Block == nil {
			t.Errorf("%s: %v, want %v\n%s", tc.q, got, tc.want, r)
		}
	}
}

// TestInternetToSubnets: "nothing from the internet reaches the private
// subnets" is one call per subnet; a public subnet is reachable.
func TestInternetToSubnets(t *testing.T) {
	n := threeTier()
	m := mustCompile(t, n)
	for _, tc := range []struct {
		subnet string
		want   Status
	}{
		{"subnet-pub-a", Reachable},
		{"subnet-app-a", ReplyBlocked},
		{"subnet-db-a", Blocked},
	} {
		r, err := m.Reach(Query{From: Internet(), To: SubnetHost(tc.subnet), Port: 443})
		if err != nil {
			t.Errorf("internet -> %s: %v", tc.subnet, err)
			continue
		}
		if r.Status != tc.want {
			t.Errorf("internet -> %s: %v, want %v\n%s", tc.subnet, r.Status, tc.want, r)
		}
	}
}

// TestQueryErrorsAllAtOnce: a query's problems come back together, in the
// order of its fields, and an endpoint naming two things is rejected.
func TestQueryErrorsAllAtOnce(t *testing.T) {
	m := mustCompile(t, threeTier())
	_, err := m.Reach(Query{From: Endpoint{ENI: "eni-app-a", Internet: true}, To: ENI("eni-nope"), Protocol: vpc.ProtocolAll, EphemeralPorts: vpc.Ports(9, 1)})
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *FieldError
		if errors.As(e, &fe) {
			fields = append(fields, fe.Field)
		}
	}
	if d := cmp.Diff([]string{"from", "to.eni", "protocol"}, fields); d != "" {
		t.Errorf("error fields (-want +got):\n%s\n%v", d, err)
	}
	if !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("%v: want the ambiguous source named", err)
	}
	_, err = m.Reach(Query{From: ENI("eni-app-a"), To: ENI("eni-db-a"), EphemeralPorts: vpc.Ports(9, 1)})
	if err == nil || !strings.Contains(err.Error(), "port 0") || !strings.Contains(err.Error(), "ephemeralPorts") {
		t.Errorf("%v: want both the port and the ephemeral range reported", err)
	}
	for _, ep := range []Endpoint{{}, {Subnet: "subnet-app-a", Addr: addr("10.0.10.9")}, {ENI: "eni-app-a", Subnet: "subnet-app-a"}} {
		if _, err := m.Verdict(Query{From: ENI("eni-app-a"), To: ep, Port: 443}); !errors.Is(err, ErrInvalidValue) {
			t.Errorf("to %+v: %v, want an invalid-value error", ep, err)
		}
	}
}

// TestSubnetHostAddress: a subnet host stands at an address no interface
// holds, so it never answers for an interface.
func TestSubnetHostAddress(t *testing.T) {
	n := threeTier()
	m := mustCompile(t, n)
	r, err := m.Reach(Query{From: SubnetHost("subnet-pub-a"), To: ENI("eni-app-a"), Port: 8080})
	if err != nil {
		t.Fatal(err)
	}
	alb, _ := m.Reach(Query{From: ENI("eni-alb-a"), To: ENI("eni-app-a"), Port: 8080})
	if len(r.Path) == 0 || len(alb.Path) == 0 || r.Path[0].Packet.Src == alb.Path[0].Packet.Src {
		t.Errorf("subnet host and eni-alb-a share an address:\n%s\n%s", r, alb)
	}
	// A full /28 puts the subnet host at the reserved base+3.
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-tiny", VPC: "vpc-main", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.30.0/28")})
	for i := range vpc.UsableAddresses(pfx("10.0.30.0/28")) {
		n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: fmt.Sprintf("eni-tiny-%02d", i), Subnet: "subnet-tiny"})
	}
	m = mustCompile(t, n)
	r, err = m.Reach(Query{From: SubnetHost("subnet-tiny"), To: SubnetHost("subnet-app-a"), Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Path[0].Packet.Src; got != addr("10.0.30.3") {
		t.Errorf("subnet host of a full subnet at %s, want the reserved 10.0.30.3\n%s", got, r)
	}
}

// TestAutomaticPublicIPsSkipElasticIPs: the public addresses compile hands
// out never repeat an Elastic IP declared on a secondary address.
func TestAutomaticPublicIPsSkipElasticIPs(t *testing.T) {
	n := threeTier()
	e := &n.NetworkInterfaces[2] // eni-app-b
	e.PrivateIPs = []netip.Addr{addr("10.0.11.5"), addr("10.0.11.6")}
	e.ElasticIPs = []vpc.ElasticIP{{PrivateIP: addr("10.0.11.6"), PublicIP: addr("54.0.0.1")}}
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-bastion", Subnet: "subnet-pub-a"})
	m := mustCompile(t, n)
	r, err := m.Reach(Query{From: ENI("eni-bastion"), To: InternetAddress(addr("8.8.8.8")), Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range r.Path {
		if h.Kind == KindInternetGateway && h.Packet.Src == addr("54.0.0.1") {
			t.Errorf("eni-bastion got 54.0.0.1, the Elastic IP of eni-app-b's secondary address\n%s", r)
		}
	}
}

// TestExposureOfSecondaryElasticIP: an interface whose only public address
// is an Elastic IP on a secondary private address is exposed on what that
// address opens.
func TestExposureOfSecondaryElasticIP(t *testing.T) {
	n := threeTier()
	e := &n.NetworkInterfaces[1] // eni-app-a, no public address
	e.PrivateIPs = []netip.Addr{addr("10.0.10.5"), addr("10.0.10.6")}
	e.ElasticIPs = []vpc.ElasticIP{{PrivateIP: addr("10.0.10.6"), PublicIP: addr("52.0.0.99")}}
	n.SecurityGroups[1].Ingress = append(n.SecurityGroups[1].Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("0.0.0.0/0")})
	routeTable(n, "rtb-app-a").Routes = []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToInternetGateway("igw-main")}}
	m := mustCompile(t, n)
	open, err := m.OpenPorts(Query{From: Internet(), To: ENIAddr("eni-app-a", addr("10.0.10.6"))})
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 || open[0].String() != "tcp 443" {
		t.Fatalf("OpenPorts(internet -> secondary) = %v, want tcp 443", open)
	}
	exp, err := m.Exposure()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range exp {
		if slices.Contains(x.ENIs, "eni-app-a") {
			found = true
			if len(x.Open) != 1 || x.Open[0].String() != "tcp 443" {
				t.Errorf("exposure of eni-app-a = %v, want tcp 443", x.Open)
			}
		}
	}
	if !found {
		t.Errorf("Exposure() = %v, want eni-app-a exposed on tcp 443 through its Elastic IP", exp)
	}
}

// TestBlockNamesTheBlockedPart: when an ACL entry matches part of a reply's
// port range, the block names the part no entry allows.
func TestBlockNamesTheBlockedPart(t *testing.T) {
	n := threeTier()
	acl := &n.NetworkACLs[0]
	acl.Outbound = []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, CIDR: pfx("10.0.10.0/23"), Ports: vpc.Ports(32768, 65535)}}
	m := mustCompile(t, n)
	r, err := m.Reach(Query{From: ENI("eni-app-a"), To: ENI("eni-db-a"), Port: 5432})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != ReplyBlocked || r.Block == nil {
		t.Fatalf("got %v, want reply-blocked\n%s", r.Status, r)
	}
	if !strings.Contains(r.Block.Rule, "1024-32767") || strings.Contains(r.Block.Rule, "1024-65535") {
		t.Errorf("block %q: want it to name the blocked part 1024-32767, not the whole range", r.Block.Rule)
	}
}

// TestOpenRangesMerged: adjacent open ranges of port-less protocols are
// listed once.
func TestOpenRangesMerged(t *testing.T) {
	n := threeTier()
	n.SecurityGroups[1].Egress = append(n.SecurityGroups[1].Egress, vpc.AllowAllEgress())
	n.SecurityGroups[2].Ingress = append(n.SecurityGroups[2].Ingress, vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: pfx("10.0.10.0/24")})
	n.NetworkACLs[0].Inbound = append(n.NetworkACLs[0].Inbound,
		vpc.ACLEntry{Number: 200, Action: vpc.Allow, Protocol: 50, CIDR: pfx("10.0.10.0/24")},
		vpc.ACLEntry{Number: 300, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: pfx("10.0.10.0/24")})
	n.NetworkACLs[0].Outbound = vpc.AllowAllACL(false)
	m := mustCompile(t, n)
	open, err := m.OpenPorts(Query{From: ENI("eni-app-a"), To: ENI("eni-db-a")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range open {
		got = append(got, o.String())
	}
	if len(open) < 3 {
		t.Fatalf("OpenPorts = %v, want tcp, udp, icmp and the other protocols open", got)
	}
	for i := 1; i < len(open); i++ {
		a, b := open[i-1], open[i]
		if !a.Protocol.HasPorts() && !a.Protocol.IsICMP() && !b.Protocol.HasPorts() && !b.Protocol.IsICMP() && a.LastProtocol+1 == b.Protocol {
			t.Errorf("adjacent port-less ranges listed apart: %v", got)
		}
	}
}

// TestGeneratedNamesDoNotCollide: an ID the compiler would generate (or
// the internet's node name) cannot be declared, so answers never confuse
// a declared resource with a synthesized one.
func TestGeneratedNamesDoNotCollide(t *testing.T) {
	for _, id := range []string{"nat-a/eni", "vpc-main/main-rtb", "internet", "vpc-main/default-sg"} {
		n := threeTier()
		n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: id, Subnet: "subnet-app-a"})
		err := n.Validate()
		var fe *FieldError
		if !errors.As(err, &fe) || fe.ID != id || fe.Field != "id" {
			t.Errorf("interface %q: %v, want an error on its id", id, err)
		}
	}
}

// TestDetachedInternetGatewayRoute: AWS shows a route to an internet
// gateway that is no longer attached as a blackhole; validation says so
// for a route not marked blackhole, and the marked route drops traffic.
func TestDetachedInternetGatewayRoute(t *testing.T) {
	n := threeTier()
	n.InternetGateways[0].VPC = ""
	err := n.Validate()
	if err == nil || !strings.Contains(err.Error(), "blackhole") {
		t.Fatalf("route to a detached gateway: %v, want an error suggesting a blackhole route", err)
	}
	routeTable(n, "rtb-public").Routes[0].Blackhole = true
	m := mustCompile(t, n)
	if v, _ := m.Verdict(Query{From: SubnetHost("subnet-pub-a"), To: InternetAddress(addr("8.8.8.8")), Port: 443}); v != (Verdict{Blocked, BlackholeRoute}) {
		t.Errorf("through a detached gateway: %v, want blocked BLACKHOLE_ROUTE", v)
	}
}

// TestLinkLocalServices: the instance metadata service, Time Sync and the
// other services AWS answers at reserved link-local addresses are never
// filtered by security groups or network ACLs (VPC User Guide, "Network
// ACL basics": "Network ACLs can't block ... the instance metadata ...
// Amazon Time Sync Service"), and answer only their protocol and port.
func TestLinkLocalServices(t *testing.T) {
	m := mustCompile(t, threeTier()) // sg-db allows no egress at all
	for _, tc := range []struct {
		q    Query
		want Verdict
	}{
		{Query{From: ENI("eni-db-a"), To: Address(addr("169.254.169.254")), Port: 80}, Verdict{Reachable, NoReason}},
		{Query{From: ENI("eni-db-a"), To: Address(addr("169.254.169.123")), Protocol: vpc.ProtocolUDP, Port: 123}, Verdict{Reachable, NoReason}},
		{Query{From: ENI("eni-db-a"), To: Address(addr("169.254.169.254")), Port: 443}, Verdict{Blocked, UnknownDestination}},
	} {
		r, err := m.Reach(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := (Verdict{r.Status, r.Reason}); got != tc.want {
			t.Errorf("%s: %v, want %v\n%s", tc.q, got, tc.want, r)
		}
	}
	open, err := m.OpenPorts(Query{From: ENI("eni-db-a"), To: Address(addr("169.254.169.254"))})
	if err != nil || len(open) != 1 || open[0].String() != "tcp 80" {
		t.Errorf("OpenPorts to IMDS = %v, %v; want tcp 80", open, err)
	}
}
