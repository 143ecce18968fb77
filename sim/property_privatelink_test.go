package sim_test

// Property tests of AWS PrivateLink on random networks with endpoint
// services fronted by Network and Gateway Load Balancers (see
// gen.Options.PrivateLink): the engine agrees with the reference
// evaluator's independent PrivateLink and Gateway Load Balancer
// evaluation (propAgree), on flows to the consumers' interface endpoints
// and on flows that routes send through Gateway Load Balancer endpoints.
// The test counts how many flows crossed a PrivateLink connection to a
// load balancer node and how many went through an appliance, and fails
// when too few did for the comparison to mean anything.

import (
	"net/netip"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// propPLStats counts what the PrivateLink property saw.
type propPLStats struct {
	networks, queries   int
	privateLink, gwlb   int // flows that crossed PrivateLink to a node; went through an appliance
	plReachable, gwlbOK int // of those, reachable ones
	reasons             map[sim.Reason]int
}

// propPLQuery draws a flow to an interface of an interface endpoint to an
// endpoint service: from an interface of any VPC, by the endpoint
// interface's ID or address, mostly TCP to a port of a listener of the
// service's load balancer.
func propPLQuery(t *rapid.T, n *sim.Network) (sim.Query, bool) {
	var ids []string
	var addrs []netip.Addr
	var ports []uint16
	for _, e := range n.VPCEndpoints {
		sn, err := endpoint.ParseServiceName(e.ServiceName)
		if e.Type != endpoint.Interface || err != nil || !sn.IsEndpointService() {
			continue
		}
		for _, s := range e.Subnets {
			a, _ := e.Address(s)
			ids, addrs = append(ids, e.ID+"/"+s), append(addrs, a.IPv4)
		}
		for _, svc := range n.EndpointServices {
			if svc.ID != sn.Service {
				continue
			}
			for _, l := range n.Listeners {
				if slices.Contains(svc.NetworkLoadBalancers, l.LoadBalancer) {
					ports = append(ports, l.Port)
				}
			}
		}
	}
	if len(ids) == 0 || len(n.NetworkInterfaces) == 0 {
		return sim.Query{}, false
	}
	i := rapid.IntRange(0, len(ids)-1).Draw(t, "pl-to")
	q := sim.Query{To: sim.ENI(ids[i])}
	if rapid.Bool().Draw(t, "pl-to-addr") {
		q.To = sim.ENIAddr(ids[i], addrs[i])
	}
	q.From = propENIEnd(t, n, rapid.SampledFrom(propENIs(n)).Draw(t, "pl-from"), "pl-from", true)
	propFlow(t, &q)
	if rapid.IntRange(0, 3).Draw(t, "pl-tcp") > 0 {
		q.Protocol, q.ICMP = vpc.ProtocolTCP, nil
		if q.Port == 0 {
			q.Port = 443
			q.EphemeralPorts = rapid.SampledFrom(propEph).Draw(t, "pl-eph")
		}
		if len(ports) > 0 && rapid.IntRange(0, 4).Draw(t, "pl-listener") > 0 {
			q.Port = rapid.SampledFrom(ports).Draw(t, "pl-port")
		}
	}
	return q, true
}

// propGWLBQuery draws a flow that a Gateway Load Balancer endpoint's
// routes may carry: between an interface of a subnet whose route table
// (or whose VPC's gateway route table) names such an endpoint and an
// internet host or another interface of its VPC.
func propGWLBQuery(t *rapid.T, n *sim.Network) (sim.Query, bool) {
	gwlbe := map[string]bool{}
	for _, e := range n.VPCEndpoints {
		if e.Type == endpoint.GatewayLoadBalancer {
			gwlbe[e.ID] = true
		}
	}
	protected := map[string]bool{} // subnets
	for _, rt := range n.RouteTables {
		for _, r := range rt.Routes {
			if r.Target.Kind != vpc.TargetVPCEndpoint || !gwlbe[r.Target.ID] {
				continue
			}
			for _, s := range rt.Subnets {
				protected[s] = true
			}
			for _, s := range n.Subnets {
				if len(rt.Gateways) > 0 && r.Destination.IsValid() && r.Destination.Overlaps(s.CIDR) || r.Destination == s.CIDR {
					protected[s.ID] = true
				}
			}
		}
	}
	var enis []string
	for _, e := range n.NetworkInterfaces {
		if protected[e.Subnet] {
			enis = append(enis, e.ID)
		}
	}
	if len(enis) == 0 {
		return sim.Query{}, false
	}
	a := rapid.SampledFrom(enis).Draw(t, "gw-eni")
	var q sim.Query
	host := sim.InternetAddress(rapid.SampledFrom(propInternetHosts).Draw(t, "gw-host"))
	switch rapid.IntRange(0, 3).Draw(t, "gw-kind") {
	case 0:
		q.From, q.To = propENIEnd(t, n, a, "gw-from", true), host
	case 1:
		q.From, q.To = host, propENIEnd(t, n, a, "gw-to", false)
		if e := propENI(n, a); e.PublicIP.IsValid() && rapid.Bool().Draw(t, "gw-to-public") {
			q.To = sim.Address(e.PublicIP)
		}
	default:
		v := propVPCOf(n, a)
		var peers []string
		for _, e := range n.NetworkInterfaces {
			if e.ID != a && propVPCOf(n, e.ID) == v {
				peers = append(peers, e.ID)
			}
		}
		if len(peers) == 0 {
			return sim.Query{}, false
		}
		b := rapid.SampledFrom(peers).Draw(t, "gw-peer")
		if rapid.Bool().Draw(t, "gw-dir") {
			a, b = b, a
		}
		q.From, q.To = propENIEnd(t, n, a, "gw-from", true), propENIEnd(t, n, b, "gw-to", false)
	}
	propFlow(t, &q)
	return q, true
}

// propPLCount records what the engine's answer to q crossed.
func propPLCount(t *rapid.T, m *sim.Model, q sim.Query, st *propPLStats) {
	res, err := m.Reach(q)
	if err != nil {
		t.Fatalf("reach %s: %v", q, err)
	}
	st.queries++
	st.reasons[res.Reason]++
	if px := res.Proxy; px != nil && px.Kind == sim.KindVPCEndpoint && len(px.Branches) > 0 && px.Branches[0].Leg != nil {
		st.privateLink++
		if res.Status == sim.Reachable {
			st.plReachable++
		}
	}
	inspected := func(hs []sim.Hop) bool {
		return slices.ContainsFunc(hs, func(h sim.Hop) bool { return h.Step == sim.StepInspection })
	}
	if inspected(res.Path) || inspected(res.Reply) {
		st.gwlb++
		if res.Status == sim.Reachable {
			st.gwlbOK++
		}
	}
}

func TestPropPrivateLinkReference(t *testing.T) {
	st := &propPLStats{reasons: map[sim.Reason]int{}}
	propCheck(t, func(t *rapid.T) { propPrivateLinkReference(t, st) })
	t.Logf("%d networks, %d queries: %d crossed PrivateLink to a load balancer node (%d reachable), %d went through a Gateway Load Balancer appliance (%d reachable); reasons %v",
		st.networks, st.queries, st.privateLink, st.plReachable, st.gwlb, st.gwlbOK, st.reasons)
	if st.networks >= 100 && (st.privateLink < st.networks/10 || st.gwlb < st.networks/20) {
		t.Errorf("vacuous: of %d networks, only %d flows crossed PrivateLink and %d a Gateway Load Balancer", st.networks, st.privateLink, st.gwlb)
	}
}

func propPrivateLinkReference(t *rapid.T, st *propPLStats) {
	n := gen.NetworkWith(t, gen.Options{ExplicitAddresses: true, PrivateLink: true, LoadBalancers: rapid.IntRange(0, 2).Draw(t, "load-balancers") == 0})
	m := propCompile(t, n)
	ref := propRef(m, n)
	st.networks++
	var qs []sim.Query
	for range 4 {
		if q, ok := propPLQuery(t, n); ok {
			qs = append(qs, q)
		}
		if q, ok := propGWLBQuery(t, n); ok {
			qs = append(qs, q)
		}
	}
	for range 2 {
		qs = append(qs, propQuery(t, n, propQOpts{publicDst: true}))
	}
	for _, q := range qs {
		propPLCount(t, m, q, st)
	}
	propAgree(t, n, m, ref, qs)
}
