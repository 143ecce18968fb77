package sim_test

// Query generation for the property tests: flows, and endpoints naming
// the interfaces of a generated network (by ID, at a secondary address,
// by a private address, by a public address or Elastic IP), internet
// hosts, public addresses of the network, the Amazon DNS resolver, the
// interfaces of interface endpoints and the addresses of AWS services
// (of their declared AWS-managed prefix lists).

import (
	"net/netip"
	"slices"
	"strings"

	"pgregory.net/rapid"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// propInternetHosts are internet addresses that are never a public address of
// a generated network (see gen.PublicPool; compile assigns public
// addresses from 54.0.0.1 up).
var propInternetHosts = []netip.Addr{
	netip.MustParseAddr("8.8.8.8"), netip.MustParseAddr("1.2.3.4"), netip.MustParseAddr("1.2.3.129"),
	netip.MustParseAddr("3.5.0.130"), netip.MustParseAddr("54.1.9.9"), netip.MustParseAddr("52.0.0.77"),
	netip.MustParseAddr("99.9.9.9"), netip.MustParseAddr("200.1.1.1"), netip.MustParseAddr("128.0.0.1"),
	netip.MustParseAddr("18.255.255.255"), netip.MustParseAddr("3.5.0.0"),
}

type propQOpts struct {
	internetAny bool // also draw Internet() as a source or destination
	publicDst   bool // also draw public addresses of the network as destinations
}

func propENIs(n *sim.Network) []string {
	var out []string
	for _, e := range n.NetworkInterfaces {
		out = append(out, e.ID)
	}
	return out
}

// propPublics returns the declared public addresses of the network
// (interfaces' public addresses, Elastic IPs of their secondary addresses,
// NAT gateways' Elastic IPs) with the interface owning each ("" for NAT
// gateways).
func propPublics(n *sim.Network) map[netip.Addr]string {
	out := map[netip.Addr]string{}
	for _, e := range n.NetworkInterfaces {
		if e.PublicIP.IsValid() {
			out[e.PublicIP] = e.ID
		}
		for _, x := range e.ElasticIPs {
			out[x.PublicIP] = e.ID
		}
	}
	for _, g := range n.NATGateways {
		if g.ElasticIP.IsValid() {
			out[g.ElasticIP] = ""
		}
	}
	return out
}

// propSorted returns the keys of m in address order.
func propSorted[V any](m map[netip.Addr]V) []netip.Addr {
	var out []netip.Addr
	for a := range m {
		out = append(out, a)
	}
	slices.SortFunc(out, netip.Addr.Compare)
	return out
}

// propUniquePrivate reports whether a is declared once as a private
// address in the network, and no load balancer node may hold it (so that Address(a) names one interface:
// overlapping VPCs may declare it twice).
func propUniquePrivate(n *sim.Network, a netip.Addr) bool {
	count := 0
	for _, e := range n.NetworkInterfaces {
		if slices.Contains(e.PrivateIPs, a) {
			count++
		}
	}
	for _, g := range n.NATGateways {
		if g.PrivateIP == a {
			count++
		}
	}
	// Load balancer nodes hold addresses compile assigns: one may be a in
	// a subnet that holds it, so count those subnets as holders.
	for _, lb := range n.LoadBalancers {
		for _, sm := range lb.Subnets {
			for _, s := range n.Subnets {
				if s.ID == sm.Subnet && (sm.PrivateIPv4 == a || !sm.PrivateIPv4.IsValid() && s.CIDR.Contains(a)) {
					count++
				}
			}
		}
	}
	for _, e := range n.VPCEndpoints {
		for _, x := range e.Addresses {
			if x.IPv4 == a {
				count++
			}
		}
		// A service-network endpoint's interfaces hold a block: the 16
		// addresses from the declared one, or (undeclared) any of their
		// subnet's, which compile assigns.
		if e.Type == endpoint.ServiceNetwork {
			for _, sub := range e.Subnets {
				x, declared := e.Address(sub)
				for _, s := range n.Subnets {
					if s.ID == sub && s.CIDR.Contains(a) && (!declared || x.IPv4.Less(a) && a.Less(propAddrAfter(x.IPv4, 16))) {
						count++
					}
				}
			}
		}
	}
	return count == 1
}

// propAddrAfter returns the address k after a.
func propAddrAfter(a netip.Addr, k int) netip.Addr {
	for range k {
		a = a.Next()
	}
	return a
}

func propENI(n *sim.Network, id string) *vpc.NetworkInterface {
	for i := range n.NetworkInterfaces {
		if n.NetworkInterfaces[i].ID == id {
			return &n.NetworkInterfaces[i]
		}
	}
	return nil
}

// propENIEnd draws an endpoint naming interface id: by ID (its primary
// address), at a secondary address, by a private address it alone holds
// or, as a source, by its public address or an Elastic IP (which names
// the private address it maps to).
func propENIEnd(t *rapid.T, n *sim.Network, id, label string, source bool) sim.Endpoint {
	e := propENI(n, id)
	switch rapid.IntRange(0, 9).Draw(t, label+"-naming") {
	case 0, 1, 2:
		if len(e.PrivateIPs) > 1 {
			return sim.ENIAddr(id, rapid.SampledFrom(e.PrivateIPs[1:]).Draw(t, label+"-secondary"))
		}
	case 3:
		if len(e.PrivateIPs) > 0 {
			if a := rapid.SampledFrom(e.PrivateIPs).Draw(t, label+"-private"); propUniquePrivate(n, a) {
				return sim.Address(a)
			}
		}
	case 4:
		var pubs []netip.Addr
		if e.PublicIP.IsValid() {
			pubs = append(pubs, e.PublicIP)
		}
		for _, x := range e.ElasticIPs {
			pubs = append(pubs, x.PublicIP)
		}
		if source && len(pubs) > 0 {
			return sim.Address(rapid.SampledFrom(pubs).Draw(t, label+"-public"))
		}
	}
	return sim.ENI(id)
}

var (
	propPorts      = []uint16{22, 80, 443, 5432, 8080, 1024, 3000, 65535, 1, 8500, 53}
	propICMPs      = []*vpc.ICMP{nil, icmpMsg(8, 0), icmpMsg(13, 0), icmpMsg(3, 1), icmpMsg(0, 0), icmpMsg(11, 0), icmpMsg(17, 0)}
	propEph        = []vpc.PortRange{{}, {}, vpc.Ports(32768, 60999), vpc.Ports(49152, 65535)}
	propOtherProto = []vpc.Protocol{47, 50, 132, 4}
)

// icmpMsg returns ICMP message type t, code c, as queries take it.
func icmpMsg(t, c uint8) *vpc.ICMP {
	i := vpc.ICMPMessage(t, c)
	return &i
}

// icmpSel returns the rule selector of ICMP type t (vpc.ICMPAny: every
// type) and code c (vpc.ICMPAny: every code).
func icmpSel(t, c int) vpc.ICMP {
	switch {
	case t == vpc.ICMPAny:
		return vpc.AnyICMP
	case c == vpc.ICMPAny:
		return vpc.ICMPType(uint8(t))
	}
	return vpc.ICMPMessage(uint8(t), uint8(c))
}

// icmpKey orders concrete ICMP messages: type, then code.
func icmpKey(i vpc.ICMP) int { return i.Type()<<8 | i.Code() }

// propFlow fills q's protocol, port, ICMP and ephemeral fields.
func propFlow(t *rapid.T, q *sim.Query) {
	switch rapid.IntRange(0, 9).Draw(t, "q-proto") {
	case 0, 1, 2, 3:
		q.Protocol = vpc.ProtocolTCP
	case 4, 5:
		q.Protocol = vpc.ProtocolUDP
	case 6, 7:
		q.Protocol = vpc.ProtocolICMP
		q.ICMP = rapid.SampledFrom(propICMPs).Draw(t, "q-icmp")
	default:
		q.Protocol = rapid.SampledFrom(propOtherProto).Draw(t, "q-other")
	}
	if q.Protocol.HasPorts() {
		q.Port = rapid.SampledFrom(propPorts).Draw(t, "q-port")
		q.EphemeralPorts = rapid.SampledFrom(propEph).Draw(t, "q-eph")
		if rapid.IntRange(0, 9).Draw(t, "q-srcport") == 0 {
			q.SrcPort = 40000
		}
	}
}

// propDNSAddrs returns the addresses of the Amazon DNS resolver an
// interface of VPC v may query (its primary CIDR's base + 2 and the
// link-local address), then the other VPCs' base + 2 (which it may not).
func propDNSAddrs(n *sim.Network, v string) []netip.Addr {
	out := []netip.Addr{{}, netip.MustParseAddr("169.254.169.253")}
	for _, x := range n.VPCs {
		a := x.CIDRs[0].Masked().Addr().Next().Next()
		if x.ID == v {
			out[0] = a
		} else {
			out = append(out, a)
		}
	}
	return out
}

// propVPCOf returns the VPC of interface id.
func propVPCOf(n *sim.Network, id string) string {
	e := propENI(n, id)
	for _, s := range n.Subnets {
		if s.ID == e.Subnet {
			return s.VPC
		}
	}
	return ""
}

// propEndpointENIs returns the interfaces of the network's interface
// endpoints, "<endpoint>/<subnet>", with their declared IPv4 address
// (zero when assigned).
func propEndpointENIs(n *sim.Network) ([]string, []netip.Addr) {
	var ids []string
	var addrs []netip.Addr
	for _, e := range n.VPCEndpoints {
		if e.Type != endpoint.Interface {
			continue
		}
		for _, s := range e.Subnets {
			a, _ := e.Address(s)
			ids, addrs = append(ids, e.ID+"/"+s), append(addrs, a.IPv4)
		}
	}
	return ids, addrs
}

// propServiceAddrs returns addresses of the AWS services whose
// AWS-managed prefix lists the network declares: the first and last of
// each entry, and one inside.
func propServiceAddrs(n *sim.Network) []netip.Addr {
	var out []netip.Addr
	for _, pl := range n.PrefixLists {
		if !pl.AWSManaged || pl.Name == "" {
			continue
		}
		for _, p := range pl.Entries {
			out = append(out, p.Addr(), p.Addr().Next().Next().Next(), vpc.LastAddr(p))
		}
	}
	return out
}

// propIsServiceAddr reports whether a is an address of an AWS service: in
// the entries of a declared AWS-managed prefix list.
func propIsServiceAddr(n *sim.Network, a netip.Addr) bool {
	for _, pl := range n.PrefixLists {
		if pl.AWSManaged && pl.Name != "" && slices.ContainsFunc(pl.Entries, func(p netip.Prefix) bool { return p.Contains(a) }) {
			return true
		}
	}
	return false
}

// propEndpoint returns the VPC endpoint with the given ID, or nil.
func propEndpoint(n *sim.Network, id string) *endpoint.Endpoint {
	for i := range n.VPCEndpoints {
		if n.VPCEndpoints[i].ID == id {
			return &n.VPCEndpoints[i]
		}
	}
	return nil
}

// propCall draws the API call of a flow to AWS service name (a full
// service name): always when an endpoint policy of the network guards the
// service (the engine requires one then), else half the time.
func propCall(t *rapid.T, n *sim.Network, name string) *sim.APICall {
	guarded := slices.ContainsFunc(n.VPCEndpoints, func(e endpoint.Endpoint) bool { return e.ServiceName == name && len(e.Policy) > 0 })
	if !guarded && rapid.Bool().Draw(t, "q-no-call") {
		return nil
	}
	sn, err := endpoint.ParseServiceName(name)
	if err != nil {
		t.Fatalf("service name %s: %v", name, err)
	}
	return gen.Call(t, sn.Service)
}

// propQuery draws a valid query between the network's interfaces (named
// as propENIEnd does), internet hosts, the Amazon DNS resolver, (with
// o.publicDst) the network's public addresses, interface endpoints'
// interfaces and AWS services' addresses; queries to the last two carry
// an API call (see propCall).
func propQuery(t *rapid.T, n *sim.Network, o propQOpts) sim.Query {
	if slices.ContainsFunc(n.LoadBalancers, func(lb elb.LoadBalancer) bool { return lb.Type != elb.Gateway }) && rapid.IntRange(0, 2).Draw(t, "q-lb") == 0 {
		return propLBQuery(t, n, o)
	}
	enis := propENIs(n)
	pubs := propPublics(n)
	pubList := propSorted(pubs)
	var q sim.Query
	host := func(label string) netip.Addr { return rapid.SampledFrom(propInternetHosts).Draw(t, label) }
	epENIs, epAddrs := propEndpointENIs(n)
	svcAddrs := propServiceAddrs(n)
	kind := rapid.IntRange(0, 12).Draw(t, "q-kind")
	switch {
	case kind == 11 && len(epENIs) > 0:
		// To an interface endpoint's interface, by ID or address.
		i := rapid.IntRange(0, len(epENIs)-1).Draw(t, "q-to-vpce")
		q.To = sim.ENI(epENIs[i])
		if epAddrs[i].IsValid() && rapid.Bool().Draw(t, "q-to-vpce-addr") {
			q.To = sim.ENIAddr(epENIs[i], epAddrs[i])
		}
		q.From = propENIEnd(t, n, rapid.SampledFrom(enis).Draw(t, "q-from"), "q-from", true)
		if rapid.IntRange(0, 4).Draw(t, "q-from-internet") == 0 {
			q.From = sim.InternetAddress(host("q-from-host"))
		}
		e, _, _ := strings.Cut(epENIs[i], "/")
		q.Call = propCall(t, n, propEndpoint(n, e).ServiceName)
	case kind == 12 && len(svcAddrs) > 0:
		// To an AWS service's address.
		q.From = propENIEnd(t, n, rapid.SampledFrom(enis).Draw(t, "q-from"), "q-from", true)
		q.To = sim.Address(rapid.SampledFrom(svcAddrs).Draw(t, "q-to-service"))
		q.Call = propCall(t, n, gen.S3Service)
	case kind <= 3 && len(enis) >= 2:
		i := rapid.IntRange(0, len(enis)-1).Draw(t, "q-from")
		j := rapid.IntRange(0, len(enis)-2).Draw(t, "q-to")
		if j >= i {
			j++
		}
		q.From, q.To = propENIEnd(t, n, enis[i], "q-from", true), propENIEnd(t, n, enis[j], "q-to", false)
	case kind <= 5:
		q.From = propENIEnd(t, n, rapid.SampledFrom(enis).Draw(t, "q-from"), "q-from", true)
		q.To = sim.InternetAddress(host("q-to-host"))
		if o.internetAny && rapid.Bool().Draw(t, "q-to-any") {
			q.To = sim.Internet()
		}
	case kind <= 7:
		q.From = sim.InternetAddress(host("q-from-host"))
		if o.internetAny && rapid.Bool().Draw(t, "q-from-any") {
			q.From = sim.Internet()
		}
		q.To = propENIEnd(t, n, rapid.SampledFrom(enis).Draw(t, "q-to"), "q-to", false)
	case kind <= 9 && o.publicDst && len(pubList) > 0:
		a := rapid.SampledFrom(pubList).Draw(t, "q-to-public")
		q.To = sim.Address(a)
		from := rapid.SampledFrom(enis).Draw(t, "q-from")
		if from == pubs[a] || rapid.IntRange(0, 2).Draw(t, "q-from-internet") == 0 {
			q.From = sim.InternetAddress(host("q-from-host"))
		} else {
			q.From = propENIEnd(t, n, from, "q-from", true)
		}
	case kind <= 9:
		q.From = sim.InternetAddress(host("q-from-host"))
		q.To = propENIEnd(t, n, rapid.SampledFrom(enis).Draw(t, "q-to"), "q-to", false)
	default:
		// The Amazon DNS resolver: mostly the sender's own, on port 53.
		from := rapid.SampledFrom(enis).Draw(t, "q-from")
		dns := propDNSAddrs(n, propVPCOf(n, from))
		q.From = propENIEnd(t, n, from, "q-from", true)
		q.To = sim.Address(dns[rapid.IntRange(0, len(dns)-1).Draw(t, "q-dns")])
		propFlow(t, &q)
		if q.Protocol.HasPorts() && rapid.IntRange(0, 3).Draw(t, "q-dns-53") > 0 {
			q.Port = 53
		}
		return q
	}
	propFlow(t, &q)
	return q
}

// propLBQuery draws a query to one of the network's load balancers: from
// an interface or an internet host, mostly on one of its listeners'
// ports, TCP or UDP, with an HTTP request drawn from what the generated
// rules match.
func propLBQuery(t *rapid.T, n *sim.Network, o propQOpts) sim.Query {
	// Not a Gateway Load Balancer: flows are routed through those, never
	// addressed to them.
	lbs := slices.DeleteFunc(slices.Clone(n.LoadBalancers), func(lb elb.LoadBalancer) bool { return lb.Type == elb.Gateway })
	lb := rapid.SampledFrom(lbs).Draw(t, "q-lb-id")
	q := sim.Query{To: sim.LoadBalancer(lb.ID)}
	enis := propENIs(n)
	// Mostly from inside for an internal load balancer, which the
	// internet does not reach.
	fromInternet := rapid.IntRange(0, 2).Draw(t, "q-lb-from") == 0
	if lb.Scheme.IsInternal() {
		fromInternet = rapid.IntRange(0, 7).Draw(t, "q-lb-from-internal") == 0
	}
	if len(enis) == 0 || fromInternet {
		q.From = sim.InternetAddress(rapid.SampledFrom(propInternetHosts).Draw(t, "q-from-host"))
		if o.internetAny && rapid.Bool().Draw(t, "q-from-any") {
			q.From = sim.Internet()
		}
	} else {
		q.From = propENIEnd(t, n, rapid.SampledFrom(enis).Draw(t, "q-from"), "q-from", true)
	}
	q.Protocol = vpc.ProtocolTCP
	if rapid.IntRange(0, 3).Draw(t, "q-lb-udp") == 0 {
		q.Protocol = vpc.ProtocolUDP
	}
	var ports []uint16
	for _, l := range n.Listeners {
		if l.LoadBalancer == lb.ID {
			ports = append(ports, l.Port)
		}
	}
	q.Port = rapid.SampledFrom(propPorts).Draw(t, "q-port")
	if len(ports) > 0 && rapid.IntRange(0, 4).Draw(t, "q-lb-listener") > 0 {
		q.Port = rapid.SampledFrom(ports).Draw(t, "q-lb-port")
	}
	q.EphemeralPorts = rapid.SampledFrom(propEph).Draw(t, "q-eph")
	if rapid.IntRange(0, 9).Draw(t, "q-srcport") == 0 {
		q.SrcPort = 40000
	}
	if rapid.IntRange(0, 3).Draw(t, "q-request") > 0 {
		q.Request = &sim.HTTPRequest{
			Method: rapid.SampledFrom(gen.LBMethods).Draw(t, "q-method"),
			Host:   rapid.SampledFrom(gen.LBHosts).Draw(t, "q-host"),
			Path:   rapid.SampledFrom(gen.LBPaths).Draw(t, "q-path"),
		}
	}
	return q
}
