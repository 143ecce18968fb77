package sim_test

import (
	"errors"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// FuzzQuery asks random queries of random networks. The network comes
// from the fuzzed bytes through the random network generator (internal/gen,
// with a transit gateway when tgw is set, with load balancers when v6 has
// its high bit, made dual-stack by v6's low bits: see addIPv6); the query
// from the other
// arguments: endpoints of every kind, valid or not (see fuzzEndpoint: AWS
// services by name and by address, DNS names and interface endpoints'
// interfaces among them), any protocol number, port, ICMP type and code,
// source port, ephemeral range and address family, and an API call for
// the policies of endpoints (see fuzzCall), and, when call has its high
// bit, an HTTP request for load balancers' rules (see fuzzRequest), to
// load balancers by ID among the destinations. Whatever the query, nothing panics; Verdict agrees
// with Reach on the error or on the status and reason; ReachInto, into a
// Result reused from earlier answers, agrees with Reach, and leaves the
// Result alone on error.
//
// Run it with: go test ./sim -run '^$' -fuzz FuzzQuery -fuzztime 3m -fuzzminimizetime 3s
// (the network bytes are long: minimizing them for the default minute
// stalls the search).
func FuzzQuery(f *testing.F) {
	// The generator draws a few hundred 64-bit values; seeds give it more.
	rng := rand.New(rand.NewPCG(1, 2))
	net := func() []byte {
		b := make([]byte, 1<<14)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	const (
		eni, eniAddr, subnetHost, address, internet, internetAddr, odd, oddSubnet = 0, 1, 2, 3, 4, 5, 6, 7
		service, dnsName, serviceAddr, endpointENI                                = 8, 9, 10, 11
		loadBalancer                                                              = 12
		withLBs                                                                   = 0x80 // v6: the generator adds load balancers
		withRequest                                                               = 0x80 // call: the query carries an HTTP request
	)
	sel := func(kind, i uint16) uint16 { return i*fuzzKinds + kind }
	icmpMsg := func(typ, code int32) int32 { return typ | code<<8 }
	for _, s := range []struct {
		tgw      bool
		v6       uint8
		from, to uint16
		raw      []byte
		proto    int16
		port     uint16
		icmp     int32
		srcPort  uint16
		eph      uint32
		ipv6     bool
		call     uint8
	}{
		{from: sel(eni, 0), to: sel(eni, 1), proto: 6, port: 443, icmp: -1},
		{tgw: true, from: sel(eni, 0), to: sel(eni, 3), proto: 17, port: 53, icmp: -1},
		{v6: 15, from: sel(eni, 0), to: sel(eni, 1), proto: 6, port: 443, icmp: -1, ipv6: true},
		{v6: 15, from: sel(eni, 1), to: sel(internet, 0), proto: 6, port: 443, icmp: -1, ipv6: true},
		{v6: 15, from: sel(internet, 0), to: sel(eni, 1), proto: 6, port: 443, icmp: -1, ipv6: true},
		{v6: 7, from: sel(eni, 0), to: sel(eni, 1), proto: 58, icmp: icmpMsg(128, 0), ipv6: true},
		{v6: 15, tgw: true, from: sel(eni, 0), to: sel(eni, 3), proto: 6, port: 22, icmp: -1, ipv6: true},
		{from: sel(eni, 1), to: sel(internet, 0), proto: 6, port: 443, icmp: -1},
		{from: sel(internet, 0), to: sel(eniAddr, 2), proto: 6, port: 22, icmp: -1},
		{from: sel(eni, 0), to: sel(address, 0), raw: []byte{10, 0, 0, 2}, proto: 17, port: 53, icmp: -1},
		{from: sel(eni, 0), to: sel(address, 1), raw: []byte{169, 254, 169, 253}, proto: 6, port: 53, icmp: -1},
		{from: sel(eni, 2), to: sel(eni, 0), proto: 1, icmp: icmpMsg(8, 0)},
		{from: sel(eni, 2), to: sel(eni, 0), proto: 1, icmp: icmpMsg(3, 4) | 1<<16}, // one type, any code
		{from: sel(eni, 0), to: sel(internetAddr, 0), raw: []byte{0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 8, 8, 8, 8}, proto: 6, port: 443, icmp: -1, ipv6: true},
		{from: sel(eni, 0), to: sel(internet, 0), proto: 58, icmp: icmpMsg(128, 0), ipv6: true},
		{from: sel(eni, 0), to: sel(eni, 1), proto: -1, icmp: -1},                          // protocol all
		{from: sel(eni, 0), to: sel(eni, 1), proto: 47, icmp: -1},                          // GRE
		{from: sel(eni, 0), to: sel(eni, 1), proto: 6, port: 0, icmp: -1},                  // reserved port
		{from: sel(subnetHost, 0), to: sel(subnetHost, 1), proto: 6, port: 5432, icmp: -1}, // subnet hosts
		{from: sel(eni, 0), to: sel(eni, 1), proto: 6, port: 80, icmp: -1, srcPort: 40000},
		{from: sel(eni, 0), to: sel(eni, 1), proto: 6, port: 80, icmp: -1, eph: 32768<<16 | 61000},
		{from: sel(eni, 0), to: sel(eni, 1), proto: 6, port: 80, icmp: -1, eph: 61000<<16 | 32768}, // reversed range
		{from: sel(odd, 0), to: sel(odd, 1), proto: 6, port: 80, icmp: -1},
		{from: sel(odd, 2), to: sel(oddSubnet, 3), proto: 6, port: 80, icmp: -1},
		{from: sel(internet, 0), to: sel(internet, 0), proto: 6, port: 80, icmp: -1},
		{from: sel(eni, 5), to: sel(eni, 5), proto: 6, port: 80, icmp: -1, ipv6: true},
		// AWS services and VPC endpoints, with and without API calls.
		{from: sel(eni, 0), to: sel(service, 0), proto: 6, port: 443, icmp: -1},
		{from: sel(eni, 1), to: sel(service, 3), proto: 6, port: 443, icmp: -1, call: 1},
		{from: sel(eni, 2), to: sel(service, 7), proto: 6, port: 443, icmp: -1, call: 5},
		{from: sel(eni, 0), to: sel(dnsName, 0), proto: 6, port: 443, icmp: -1, call: 2},
		{from: sel(eni, 1), to: sel(dnsName, 4), proto: 6, port: 443, icmp: -1},
		{from: sel(eni, 0), to: sel(serviceAddr, 0), proto: 6, port: 443, icmp: -1, call: 3},
		{from: sel(eni, 0), to: sel(serviceAddr, 1), proto: 17, port: 443, icmp: -1},
		{from: sel(eni, 1), to: sel(serviceAddr, 2), proto: 1, icmp: icmpMsg(8, 0), call: 4},
		{from: sel(eni, 0), to: sel(endpointENI, 0), proto: 6, port: 443, icmp: -1, call: 1},
		{from: sel(internet, 0), to: sel(endpointENI, 1), proto: 6, port: 443, icmp: -1},
		{from: sel(subnetHost, 0), to: sel(service, 0), proto: 6, port: 443, icmp: -1, call: 6},
		{v6: 15, from: sel(eni, 0), to: sel(service, 1), proto: 6, port: 443, icmp: -1, ipv6: true},
		{from: sel(internet, 0), to: sel(service, 0), proto: 6, port: 443, icmp: -1},
		{from: sel(service, 0), to: sel(eni, 0), proto: 6, port: 443, icmp: -1},
		// Load balancers: by ID, at their nodes, with and without a
		// request; their nodes as sources.
		{v6: withLBs, from: sel(internet, 0), to: sel(loadBalancer, 0), proto: 6, port: 443, icmp: -1},
		{v6: withLBs, from: sel(eni, 0), to: sel(loadBalancer, 1), proto: 6, port: 80, icmp: -1, call: withRequest, srcPort: 1},
		{v6: withLBs, from: sel(internet, 0), to: sel(loadBalancer, 2), proto: 6, port: 443, icmp: -1, call: withRequest, srcPort: 2},
		{v6: withLBs, from: sel(eni, 3), to: sel(loadBalancer, 0), proto: 17, port: 53, icmp: -1},
		{v6: withLBs, from: sel(loadBalancer, 0), to: sel(eni, 0), proto: 6, port: 8080, icmp: -1},
		{v6: withLBs, tgw: true, from: sel(eni, 1), to: sel(loadBalancer, 3), proto: 6, port: 443, icmp: -1, call: withRequest, srcPort: 3},
	} {
		f.Add(net(), s.tgw, s.v6, s.from, s.to, s.raw, s.proto, s.port, s.icmp, s.srcPort, s.eph, s.ipv6, s.call)
	}
	f.Fuzz(func(t *testing.T, netBytes []byte, tgw bool, v6 uint8, from, to uint16, raw []byte, proto int16, port uint16, icmp int32, srcPort uint16, eph uint32, ipv6 bool, call uint8) {
		rapid.MakeFuzz(func(rt *rapid.T) {
			n := gen.NetworkWith(rt, gen.Options{TransitGateway: tgw, LoadBalancers: v6&0x80 != 0})
			addIPv6(n, v6)
			if err := n.Validate(); err != nil {
				rt.Fatalf("addIPv6 made the network invalid: %v", err)
			}
			m, err := sim.Compile(n)
			if err != nil {
				rt.Fatalf("a generated network does not compile: %v", err)
			}
			q := sim.Query{
				From: fuzzEndpoint(m, from, raw), To: fuzzEndpoint(m, to, raw),
				Protocol: vpc.Protocol(proto), Port: port, ICMP: fuzzICMP(icmp), SrcPort: srcPort,
				EphemeralPorts: vpc.PortRange{From: uint16(eph >> 16), To: uint16(eph)}, IPv6: ipv6, Call: fuzzCall(call & 0x7f),
			}
			if call&0x80 != 0 {
				q.Request = fuzzRequest(srcPort)
			}
			checkQuery(rt, m, q)
		})(t, netBytes)
	})
}

// fuzzCmpOpts compares results: a reused Result may hold empty slices
// where a fresh one holds nil.
var fuzzCmpOpts = gocmp.Options{cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}), cmpopts.EquateEmpty()}

// checkQuery asks q of m in every way and checks that the answers agree.
func checkQuery(t *rapid.T, m *sim.Model, q sim.Query) {
	r, errR := m.Reach(q)
	v, errV := m.Verdict(q)
	switch {
	case (errR == nil) != (errV == nil):
		t.Fatalf("%s: Reach error %v, Verdict error %v", q, errR, errV)
	case errR != nil:
		if errR.Error() != errV.Error() {
			t.Fatalf("%s: Reach error %q, Verdict error %q", q, errR, errV)
		}
		var fe *sim.FieldError
		if !errors.As(errR, &fe) {
			t.Fatalf("%s: error %v is no *sim.FieldError", q, errR)
		}
		if r != nil || r.Allowed() || r.String() != "<nil>" {
			t.Fatalf("%s: Reach returned a result with its error", q)
		}
	default:
		if v.Status != r.Status || v.Reason != r.Reason || v.Allowed() != r.Allowed() {
			t.Fatalf("%s: Verdict %v, Reach %v (%v)\n%s", q, v, r.Status, r.Reason, r)
		}
		if (r.Status == sim.Reachable) != (r.Block == nil) || (r.Status == sim.Reachable) != (r.Reason == sim.NoReason) {
			t.Fatalf("%s: status %v with reason %v and block %v", q, r.Status, r.Reason, r.Block)
		}
		if r.Block != nil && r.Block.Reason != r.Reason {
			t.Fatalf("%s: reason %v, block reason %v", q, r.Reason, r.Block.Reason)
		}
		_ = r.String()
	}

	// ReachInto into a Result that holds an earlier answer: first that
	// of the reverse query, then this one's own.
	rev := q
	rev.From, rev.To = q.To, q.From
	var reused sim.Result
	for _, x := range []sim.Query{rev, q, rev, q} {
		fresh, errFresh := m.Reach(x)
		before := reused
		err := m.ReachInto(&reused, x)
		switch {
		case (err == nil) != (errFresh == nil):
			t.Fatalf("%s: ReachInto error %v, Reach error %v", x, err, errFresh)
		case err != nil:
			if diff := gocmp.Diff(before, reused, fuzzCmpOpts); diff != "" {
				t.Fatalf("%s: ReachInto changed the result on error %v (-before +after):\n%s", x, err, diff)
			}
		default:
			if diff := gocmp.Diff(fresh, &reused, fuzzCmpOpts); diff != "" {
				t.Fatalf("%s: ReachInto into a reused result differs from Reach (-Reach +ReachInto):\n%s", x, diff)
			}
		}
	}
}

// fuzzKinds is the number of kinds of endpoint fuzzEndpoint picks from.
const fuzzKinds = 13

// fuzzServices are the service names fuzzEndpoint draws: short and full
// names, known and not, of Regions the generated networks use and not,
// an endpoint service, malformed ones.
var fuzzServices = []string{"s3", "secretsmanager", "sts", "com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.secretsmanager",
	"com.amazonaws.us-east-1.ssm", "com.amazonaws.eu-west-1.s3", "com.amazonaws.us-east-1.dynamodb",
	"com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", "no-such-service", "com.amazonaws.", ""}

// fuzzDNSNames are DNS names fuzzEndpoint draws besides the interface
// endpoints' own.
var fuzzDNSNames = []string{"secretsmanager.us-east-1.amazonaws.com", "mybucket.s3.us-east-1.amazonaws.com",
	"S3.US-EAST-1.AMAZONAWS.COM.", "logs.us-east-1.amazonaws.com", "example.com", "", "."}

// fuzzServiceAddrs are addresses of AWS services: Amazon S3's prefix list
// in generated networks, and vpcsim's placeholder range.
var fuzzServiceAddrs = []netip.Addr{netip.MustParseAddr("52.216.0.10"), netip.MustParseAddr("198.18.0.1"),
	netip.MustParseAddr("198.18.5.64"), netip.MustParseAddr("52.217.255.255"), netip.MustParseAddr("198.18.255.255")}

// fuzzRequest picks the HTTP request a query carries: ordinary ones,
// and ones with odd methods, hosts, paths, queries and headers.
func fuzzRequest(sel uint16) *sim.HTTPRequest {
	rs := []sim.HTTPRequest{
		{},
		{Method: "GET", Path: "/"},
		{Method: "POST", Path: "/api/orders", Host: "shop.example.com"},
		{Method: "get", Path: "/API/Orders/", Query: "a=1&b"},
		{Method: "DELETE", Path: "/admin", Header: map[string][]string{"X-Canary": {"true"}, "User-Agent": {""}}},
		{Method: "PATCH", Host: "*.example.com", Path: "//a/../b"},
		{Path: "no-slash", Query: "=&=", Header: map[string][]string{"": {"x"}}},
	}
	r := rs[int(sel)%len(rs)]
	return &r
}

// fuzzCall decodes an API call selector: 0 is none; otherwise a caller,
// an action and a resource drawn from the generator's, or (every eighth)
// a malformed call.
func fuzzCall(c uint8) *sim.APICall {
	if c == 0 {
		return nil
	}
	if c%8 == 7 {
		return &sim.APICall{Action: "GetObject"} // no principal, no service, no resource
	}
	actions := []string{"s3:GetObject", "s3:PutObject", "secretsmanager:GetSecretValue", "sts:GetCallerIdentity", "ssm:PutParameter", "logs:PutLogEvents"}
	resources := []string{"*", "arn:aws:s3:::app-data/key", "arn:aws:secretsmanager:us-east-1:111122223333:thing/a"}
	return &sim.APICall{Principal: gen.Callers[int(c)%len(gen.Callers)], Action: actions[int(c/3)%len(actions)], Resource: resources[int(c/5)%len(resources)]}
}

// fuzzEndpoint picks an endpoint of m: sel%fuzzKinds chooses the kind,
// sel/fuzzKinds the component, address or name. raw gives an address of
// its own (4 or 16 bytes; otherwise none) besides those of the model.
func fuzzEndpoint(m *sim.Model, sel uint16, raw []byte) sim.Endpoint {
	var enis, subnets, vpceENIs, lbs []string
	var addrs []netip.Addr
	for x := range m.Interfaces() {
		enis = append(enis, x.ID)
		if x.Kind == vpc.KindVPCEndpoint && strings.Contains(x.ID, "/") {
			vpceENIs = append(vpceENIs, x.ID)
		}
		if x.Kind == vpc.KindLoadBalancer && x.Owner != "" && !slices.Contains(lbs, x.Owner) {
			lbs = append(lbs, x.Owner)
		}
		addrs = append(addrs, x.PrivateIPs...)
		addrs = append(addrs, x.IPv6Addrs...)
		if x.PublicIP.IsValid() {
			addrs = append(addrs, x.PublicIP)
		}
		for _, e := range x.ElasticIPs {
			addrs = append(addrs, e.PublicIP)
		}
	}
	for x := range m.Subnets() {
		subnets = append(subnets, x.ID)
	}
	for x := range m.VPCs() {
		addrs = append(addrs, x.DNSResolver)
	}
	addrs = append(addrs, netip.MustParseAddr("169.254.169.253"), netip.MustParseAddr("fd00:ec2::253"),
		netip.MustParseAddr("64:ff9b::808:808"), netip.MustParseAddr("8.8.8.8"), netip.MustParseAddr("2001:db8::1"))
	if a, ok := netip.AddrFromSlice(raw); ok {
		addrs = append([]netip.Addr{a}, addrs...)
	}
	i := int(sel / fuzzKinds)
	pick := func(s []string) string {
		if len(s) == 0 {
			return "none"
		}
		return s[i%len(s)]
	}
	a := addrs[i%len(addrs)]
	switch sel % fuzzKinds {
	case 0:
		return sim.ENI(pick(enis))
	case 8:
		return sim.Service(fuzzServices[i%len(fuzzServices)])
	case 9:
		// A name of the list, or an interface endpoint's own (regional
		// or zonal) for one of a few services.
		names := slices.Clone(fuzzDNSNames)
		for _, id := range vpceENIs {
			e, _, _ := strings.Cut(id, "/")
			for _, svc := range []string{"secretsmanager", "sts"} {
				names = append(names, e+"."+svc+".us-east-1.vpce.amazonaws.com", e+"-us-east-1a."+svc+".us-east-1.vpce.amazonaws.com")
			}
		}
		return sim.DNSName(names[i%len(names)])
	case 10:
		return sim.Address(fuzzServiceAddrs[i%len(fuzzServiceAddrs)])
	case 12:
		// A load balancer by ID (its nodes are interfaces of kind 0).
		if len(lbs) == 0 {
			return sim.LoadBalancer("lb-does-not-exist")
		}
		return sim.LoadBalancer(lbs[i%len(lbs)])
	case 11:
		if len(vpceENIs) == 0 {
			return sim.ENI(pick(enis))
		}
		return sim.ENI(vpceENIs[i%len(vpceENIs)])
	case 1:
		if len(enis) == 0 {
			return sim.ENIAddr("none", a)
		}
		// One of the interface's own addresses, or any other.
		x, _ := m.Interface(enis[i%len(enis)])
		own := append(append([]netip.Addr{}, x.PrivateIPs...), x.IPv6Addrs...)
		if j := i / len(enis); j < len(own) {
			a = own[j]
		}
		return sim.ENIAddr(x.ID, a)
	case 2:
		return sim.SubnetHost(pick(subnets))
	case 3:
		return sim.Address(a)
	case 4:
		return sim.Internet()
	case 5:
		return sim.InternetAddress(a)
	case 6:
		// Endpoints that are wrong in some way.
		switch i % 5 {
		case 0:
			return sim.Endpoint{}
		case 1:
			return sim.ENI("eni-does-not-exist")
		case 2:
			return sim.Endpoint{ENI: pick(enis), Subnet: pick(subnets)}
		case 3:
			return sim.Endpoint{ENI: pick(enis), Internet: true}
		default:
			return sim.Endpoint{Internet: true, Subnet: pick(subnets), Addr: a}
		}
	default: // 7
		switch i % 3 {
		case 0:
			return sim.SubnetHost("subnet-does-not-exist")
		case 1:
			return sim.Endpoint{Subnet: pick(subnets), Addr: a}
		default:
			return sim.ENI(pick(subnets)) // a subnet's ID as an interface
		}
	}
}

// fuzzICMP decodes an ICMP selector: negative is nil (echo request), else
// the type in the low byte, the code in the next, and bits 16-17 choose a
// message, one type with any code, any message, or a message again.
func fuzzICMP(x int32) *vpc.ICMP {
	if x < 0 {
		return nil
	}
	typ, code := uint8(x), uint8(x>>8)
	var i vpc.ICMP
	switch (x >> 16) % 4 {
	case 1:
		i = vpc.ICMPType(typ)
	case 2:
		i = vpc.AnyICMP
	default:
		i = vpc.ICMPMessage(typ, code)
	}
	return &i
}

// addIPv6 makes a generated network dual-stack, by the bits of v6: 1 gives
// each VPC an IPv6 block, each subnet a /64 of it and each declared
// interface an IPv6 address; 2 adds security group rules allowing all
// IPv6 both ways and network ACL entries allowing all IPv6; 4 routes ::/0
// to the internet gateway where 0.0.0.0/0 goes there; 8 turns IPv6
// support on for the transit gateway attachments.
func addIPv6(n *sim.Network, v6 uint8) {
	if v6&1 == 0 {
		return
	}
	for i := range n.VPCs {
		n.VPCs[i].IPv6CIDR = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x26, 0x00, 0x1f, 0x18, 0, byte(i), 0}), 56)
	}
	perVPC := map[string]int{}
	for i := range n.Subnets {
		s := &n.Subnets[i]
		v, _ := n.VPC(s.VPC)
		b := v.IPv6CIDR.Addr().As16()
		b[7] = byte(perVPC[s.VPC])
		perVPC[s.VPC]++
		s.IPv6CIDR = netip.PrefixFrom(netip.AddrFrom16(b), 64)
	}
	for i := range n.NetworkInterfaces {
		e := &n.NetworkInterfaces[i]
		s, _ := n.Subnet(e.Subnet)
		b := s.IPv6CIDR.Addr().As16()
		b[15] = byte(16 + i)
		e.IPv6Addrs = []netip.Addr{netip.AddrFrom16(b)}
	}
	all6 := netip.MustParsePrefix("::/0")
	if v6&2 != 0 {
		for i := range n.SecurityGroups {
			g := &n.SecurityGroups[i]
			g.Ingress = append(g.Ingress, vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: all6})
			g.Egress = append(g.Egress, vpc.AllowAllEgress6())
		}
		for i := range n.NetworkACLs {
			a := &n.NetworkACLs[i]
			a.Inbound = append(a.Inbound, vpc.ACLEntry{Number: freeNumber(a.Inbound), Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: all6})
			a.Outbound = append(a.Outbound, vpc.ACLEntry{Number: freeNumber(a.Outbound), Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: all6})
		}
	}
	if v6&4 != 0 {
		for i := range n.RouteTables {
			t := &n.RouteTables[i]
			for _, r := range t.Routes {
				if r.Destination.Bits() == 0 && r.Target.Kind == vpc.TargetInternetGateway {
					t.Routes = append(t.Routes, vpc.Route{Destination: all6, Target: r.Target, Blackhole: r.Blackhole})
					break
				}
			}
		}
	}
	if v6&8 != 0 {
		for i := range n.TransitGatewayAttachments {
			n.TransitGatewayAttachments[i].IPv6Support = true
		}
	}
}

// freeNumber returns the highest rule number no entry uses.
func freeNumber(entries []vpc.ACLEntry) int {
	n := 32766
	for slices.ContainsFunc(entries, func(e vpc.ACLEntry) bool { return e.Number == n }) {
		n--
	}
	return n
}
