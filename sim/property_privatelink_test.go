package sim_test

// Property tests of AWS PrivateLink on random networks with endpoint
// services fronted by Network and Gateway Load Balancers (see
// gen.Options.PrivateLink): the engine agrees with the reference
// evaluator's independent PrivateLink and Gateway Load Balancer
// evaluation (propAgree), on flows to the consumers' interface endpoints
// and on flows that routes send through Gateway Load Balancer endpoints;
// for a flow that crossed PrivateLink, on the load balancer node it was
// handed to and on each connection the load balancer opened to a target
// (propPLLegsAgree).
// The test counts how many flows crossed a PrivateLink connection to a
// load balancer node and how many went through an appliance, and fails
// when too few did for the comparison to mean anything.

import (
	"net/netip"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/internal/reference"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// propPLStats counts what the PrivateLink property saw.
type propPLStats struct {
	networks, queries   int
	privateLink, gwlb   int // flows that crossed PrivateLink to a node; went through an appliance
	plReachable, gwlbOK int // of those, reachable ones
	legs                int // load balancer connections behind PrivateLink compared one by one
	reasons             map[sim.Reason]int
}

// propPLQuery draws a flow to an interface of an interface endpoint to an
// endpoint service: mostly from an interface of the endpoint's VPC,
// sometimes of another, by the endpoint interface's ID or address,
// mostly TCP to a port of a listener of the service's load balancer.
func propPLQuery(t *rapid.T, n *sim.Network) (sim.Query, bool) {
	type dst struct {
		id    string
		addr  netip.Addr
		vpc   string
		ports []uint16
	}
	var ds []dst
	for _, e := range n.VPCEndpoints {
		sn, err := endpoint.ParseServiceName(e.ServiceName)
		if e.Type != endpoint.Interface || err != nil || !sn.IsEndpointService() {
			continue
		}
		var ports []uint16
		for _, svc := range n.EndpointServices {
			for _, l := range n.Listeners {
				if svc.ID == sn.Service && slices.Contains(svc.NetworkLoadBalancers, l.LoadBalancer) {
					ports = append(ports, l.Port)
				}
			}
		}
		for _, s := range e.Subnets {
			a, _ := e.Address(s)
			ds = append(ds, dst{e.ID + "/" + s, a.IPv4, e.VPC, ports})
		}
	}
	if len(ds) == 0 || len(n.NetworkInterfaces) == 0 {
		return sim.Query{}, false
	}
	d := ds[rapid.IntRange(0, len(ds)-1).Draw(t, "pl-to")]
	q := sim.Query{To: sim.ENI(d.id)}
	if rapid.Bool().Draw(t, "pl-to-addr") {
		q.To = sim.ENIAddr(d.id, d.addr)
	}
	from := propENIs(n)
	var local []string
	for _, id := range from {
		if propVPCOf(n, id) == d.vpc {
			local = append(local, id)
		}
	}
	if len(local) > 0 && rapid.IntRange(0, 4).Draw(t, "pl-from-local") > 0 {
		from = local
	}
	q.From = propENIEnd(t, n, rapid.SampledFrom(from).Draw(t, "pl-from"), "pl-from", true)
	propFlow(t, &q)
	if rapid.IntRange(0, 4).Draw(t, "pl-tcp") > 0 {
		q.Protocol, q.ICMP = vpc.ProtocolTCP, nil
		if q.Port == 0 {
			q.Port = 443
			q.EphemeralPorts = rapid.SampledFrom(propEph).Draw(t, "pl-eph")
		}
		if len(d.ports) > 0 && rapid.IntRange(0, 4).Draw(t, "pl-listener") > 0 {
			q.Port = rapid.SampledFrom(d.ports).Draw(t, "pl-port")
		}
	}
	return q, true
}

// propGWLBQuery draws a flow that a route to a Gateway Load Balancer
// endpoint carries: from an interface of a subnet whose table routes a
// destination to the endpoint, to an internet host (a default route) or
// an interface of the route's subnet CIDR; or from an internet host to
// an interface of a subnet that an internet gateway's gateway route
// table sends to the endpoint.
func propGWLBQuery(t *rapid.T, n *sim.Network) (sim.Query, bool) {
	gwlbe := map[string]bool{}
	for _, e := range n.VPCEndpoints {
		if e.Type == endpoint.GatewayLoadBalancer {
			gwlbe[e.ID] = true
		}
	}
	subnetOf := map[string]netip.Prefix{}
	for _, s := range n.Subnets {
		subnetOf[s.ID] = s.CIDR
	}
	in := func(p netip.Prefix) []string {
		var out []string
		for _, e := range n.NetworkInterfaces {
			if c := subnetOf[e.Subnet]; p.Overlaps(c) && p.Bits() >= c.Bits() || p == c {
				out = append(out, e.ID)
			}
		}
		return out
	}
	type route struct {
		from []string // sources (nil: the internet)
		to   []string // destinations (nil: the internet)
	}
	var rs []route
	for _, rt := range n.RouteTables {
		for _, r := range rt.Routes {
			if r.Target.Kind != vpc.TargetVPCEndpoint || !gwlbe[r.Target.ID] || !r.Destination.IsValid() {
				continue
			}
			if len(rt.Gateways) > 0 {
				if to := in(r.Destination); len(to) > 0 {
					rs = append(rs, route{to: to})
				}
				continue
			}
			var from []string
			for _, s := range rt.Subnets {
				from = append(from, in(subnetOf[s])...)
			}
			if len(from) == 0 {
				continue
			}
			var to []string
			if r.Destination.Bits() > 0 {
				if to = in(r.Destination); len(to) == 0 {
					continue
				}
			}
			rs = append(rs, route{from: from, to: to})
		}
	}
	if len(rs) == 0 {
		return sim.Query{}, false
	}
	r := rs[rapid.IntRange(0, len(rs)-1).Draw(t, "gw-route")]
	host := sim.InternetAddress(rapid.SampledFrom(propInternetHosts).Draw(t, "gw-host"))
	var q sim.Query
	switch {
	case r.from == nil:
		id := rapid.SampledFrom(r.to).Draw(t, "gw-to")
		q.From, q.To = host, sim.ENI(id)
		if e := propENI(n, id); e.PublicIP.IsValid() && rapid.Bool().Draw(t, "gw-to-public") {
			q.To = sim.Address(e.PublicIP)
		}
	case r.to == nil:
		q.From, q.To = propENIEnd(t, n, rapid.SampledFrom(r.from).Draw(t, "gw-from"), "gw-from", true), host
	default:
		a, b := rapid.SampledFrom(r.from).Draw(t, "gw-from"), rapid.SampledFrom(r.to).Draw(t, "gw-to")
		if a == b {
			return sim.Query{}, false
		}
		if rapid.IntRange(0, 3).Draw(t, "gw-reverse") == 0 {
			a, b = b, a // the other way: the reply crosses the endpoint
		}
		q.From, q.To = propENIEnd(t, n, a, "gw-from", true), propENIEnd(t, n, b, "gw-to", false)
	}
	propFlow(t, &q)
	return q, true
}

// propPLCount records what the engine's answer to q crossed, and returns
// the answer.
func propPLCount(t *rapid.T, m *sim.Model, q sim.Query, st *propPLStats) *sim.Result {
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
	return res
}

// propPLLegsAgree checks, for a flow that crossed PrivateLink, that the
// engine handed it to the node the reference did and that the load
// balancer's connections to its targets have the reference's verdicts,
// one by one, in the same order.
func propPLLegsAgree(t *rapid.T, n *sim.Network, ref *reference.Net, q sim.Query, res *sim.Result, st *propPLStats) {
	px := res.Proxy
	if px == nil || px.Kind != sim.KindVPCEndpoint || len(px.Branches) == 0 || px.Branches[0].Leg == nil {
		return
	}
	_, x, err := ref.PrivateLinkLegs(q)
	if err != nil {
		t.Fatalf("%s: reference: %v", q, err)
	}
	var got []reference.Leg
	if inner := px.Branches[0].Leg.Proxy; inner != nil {
		for _, b := range inner.Branches {
			switch {
			case b.Block != nil:
				got = append(got, reference.Leg{TargetGroup: b.TargetGroup, Verdict: reference.Verdict{Status: sim.Blocked, Reason: b.Block.Reason}})
			case b.Leg != nil:
				got = append(got, reference.Leg{TargetGroup: b.TargetGroup, Target: b.Target, Verdict: reference.Verdict{Status: b.Leg.Status, Reason: b.Leg.Reason}})
			}
		}
	}
	if px.Branches[0].Target != x.Node || !gocmp.Equal(x.Legs, got, cmpopts.EquateEmpty()) {
		t.Fatalf("%s: the engine crossed PrivateLink to %s, the reference to %s; legs (-reference +engine):\n%s\n%s\nnetwork:\n%s",
			q, px.Branches[0].Target, x.Node, gocmp.Diff(x.Legs, got, cmpopts.EquateEmpty()), res, propDump(n))
	}
	st.legs += len(got)
}

func TestPropPrivateLinkReference(t *testing.T) {
	st := &propPLStats{reasons: map[sim.Reason]int{}}
	propCheck(t, func(t *rapid.T) { propPrivateLinkReference(t, st) })
	t.Logf("%d networks, %d queries: %d crossed PrivateLink to a load balancer node (%d reachable; %d connections to targets compared one by one), %d went through a Gateway Load Balancer appliance (%d reachable); reasons %v",
		st.networks, st.queries, st.privateLink, st.plReachable, st.legs, st.gwlb, st.gwlbOK, st.reasons)
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
	for range 5 {
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
		propPLLegsAgree(t, n, ref, q, propPLCount(t, m, q, st), st)
	}
	propAgree(t, n, m, ref, qs)
}
