package sim_test

// Property tests of hybrid connectivity on random networks with
// on-premises networks, virtual private gateways, VPN connections, Direct
// Connect gateways and virtual interfaces, peered transit gateways,
// appliance mode, stateful appliances and gateway route tables (see
// gen.Options.Hybrid):
//
//   - the engine agrees with the reference evaluator's independent
//     evaluation on flows to and from on-premises hosts, between hosts of
//     two on-premises networks, and between VPCs;
//   - answers are deterministic: across compiles, declaration orders
//     reversed, and goroutines;
//   - adding a static route to a subnet's route table never replaces the
//     route a flow matched by a shorter one, and leaves the match alone
//     when it does not cover the destination;
//   - taking one tunnel of a VPN connection down while the other stays up
//     changes nothing; taking a whole connection (or a virtual
//     interface's BGP session) down never makes a flow reach over it, and
//     changes nothing for the flows that did not cross it; and with every
//     connection down no flow to or from on premises is reachable.
//     ("Taking a tunnel down never adds reachability" does not hold as
//     such: a flow that failed over one connection may fail over to
//     another that carries it, as redundant connections are meant to.)

import (
	"net/netip"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"pgregory.net/rapid"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/internal/reference"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// propHybridNet draws a hybrid network, every address declared.
func propHybridNet(t *rapid.T) *sim.Network {
	return gen.NetworkWith(t, gen.Options{ExplicitAddresses: true, Hybrid: true})
}

// propOnPremAddr draws a host address of on-premises network o: near the
// start or the end of one of its CIDRs.
func propOnPremAddr(t *rapid.T, o vpc.OnPremNetwork, label string) netip.Addr {
	p := rapid.SampledFrom(o.CIDRs).Draw(t, label+"-cidr")
	size := uint32(1) << (32 - p.Bits())
	b := p.Addr().As4()
	base := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	off := rapid.SampledFrom([]uint32{1, 5, 77, size / 2, size - 2}).Draw(t, label+"-offset") % size
	a := base + off
	return netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)})
}

// propOnPremEnd draws a host of one of n's on-premises networks, other
// than network not.
func propOnPremEnd(t *rapid.T, n *sim.Network, not, label string) (sim.Endpoint, bool) {
	var os []vpc.OnPremNetwork
	for _, o := range n.OnPremNetworks {
		if o.ID != not {
			os = append(os, o)
		}
	}
	if len(os) == 0 {
		return sim.Endpoint{}, false
	}
	o := rapid.SampledFrom(os).Draw(t, label)
	return sim.OnPremAddress(o.ID, propOnPremAddr(t, o, label)), true
}

// propHybridQuery draws a flow from an on-premises host to an interface,
// from an interface to an on-premises host, between hosts of two
// on-premises networks (through a virtual private gateway's VPN
// connections or a transit gateway), or between interfaces of two VPCs
// (which may cross on premises).
func propHybridQuery(t *rapid.T, n *sim.Network) sim.Query {
	var q sim.Query
	for {
		switch rapid.IntRange(0, 6).Draw(t, "hq-kind") {
		case 5, 6:
			from, _ := propOnPremEnd(t, n, "", "hq-from")
			to, ok := propOnPremEnd(t, n, from.OnPrem, "hq-to")
			if !ok {
				continue // one on-premises network
			}
			q = sim.Query{From: from, To: to}
		case 0, 1:
			from, _ := propOnPremEnd(t, n, "", "hq-from")
			q = sim.Query{From: from, To: sim.ENI(rapid.SampledFrom(propENIs(n)).Draw(t, "hq-to-eni"))}
		case 2, 3:
			to, _ := propOnPremEnd(t, n, "", "hq-to")
			q = sim.Query{From: sim.ENI(rapid.SampledFrom(propENIs(n)).Draw(t, "hq-from-eni")), To: to}
		default:
			var ok bool
			if q, ok = propCrossVPCQuery(t, n); !ok {
				continue
			}
			return q
		}
		propFlow(t, &q)
		return q
	}
}

func propHybridQueries(t *rapid.T, n *sim.Network, k int) []sim.Query {
	qs := make([]sim.Query, k)
	for i := range qs {
		qs[i] = propHybridQuery(t, n)
	}
	return qs
}

// =========================================================================
// The engine agrees with the reference.
// =========================================================================

func TestPropHybridReference(t *testing.T) { propCheck(t, propHybridReference) }

func propHybridReference(t *rapid.T) {
	n := propHybridNet(t)
	m := propCompile(t, n)
	ref := reference.New(n)
	propAgree(t, n, m, ref, propHybridQueries(t, n, 10))
}

// =========================================================================
// Determinism.
// =========================================================================

func TestPropHybridDeterministic(t *testing.T) { propCheck(t, propHybridDeterministic) }

func propHybridDeterministic(t *rapid.T) {
	n := propHybridNet(t)
	qs := propHybridQueries(t, n, 6)
	want := propReachAll(propCompile(t, n), qs)
	r := propClone(t, n)
	slices.Reverse(r.OnPremNetworks)
	slices.Reverse(r.CustomerGateways)
	slices.Reverse(r.VPNGateways)
	slices.Reverse(r.VPNConnections)
	slices.Reverse(r.DirectConnectGateways)
	slices.Reverse(r.VirtualInterfaces)
	slices.Reverse(r.TransitGatewayAttachments)
	slices.Reverse(r.TransitGatewayRouteTables)
	slices.Reverse(r.RouteTables)
	for i := range r.VPNConnections {
		slices.Reverse(r.VPNConnections[i].Routes)
	}
	for i := range r.VirtualInterfaces {
		slices.Reverse(r.VirtualInterfaces[i].Routes)
	}
	for i := range r.RouteTables {
		slices.Reverse(r.RouteTables[i].Routes)
	}
	rm := propCompile(t, r)
	// Declaration order may change which equal rule a hop names, not the
	// verdict; compare verdicts here and whole results across compiles
	// of one declaration below.
	for i, q := range qs {
		got, err := rm.Verdict(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if got.Status != want[i].Status || got.Reason != want[i].Reason {
			t.Fatalf("%s: %s (%s) declared in reverse, %s (%s) as drawn\n%s", q, got.Status, got.Reason, want[i].Status, want[i].Reason, want[i])
		}
	}
	m := propCompile(t, n)
	got := make([][]*sim.Result, 4)
	var wg sync.WaitGroup
	for g := range got {
		wg.Go(func() {
			out := make([]*sim.Result, len(qs))
			for k := range qs {
				i := (k + g) % len(qs)
				out[i], _ = m.Reach(qs[i])
			}
			got[g] = out
		})
	}
	wg.Wait()
	for g := range got {
		if d := propDiff(want, got[g]); d != "" {
			t.Fatalf("goroutine %d answers differently:\n%s", g, d)
		}
	}
	old := runtime.GOMAXPROCS(1)
	one := propReachAll(propCompile(t, n), qs)
	runtime.GOMAXPROCS(old)
	if d := propDiff(want, one); d != "" {
		t.Fatalf("GOMAXPROCS(1) answers differently:\n%s", d)
	}
}

// =========================================================================
// Adding a route never replaces a longer match.
// =========================================================================

// propRouteRule reads the destination of the route a subnet route hop
// names ("rtb-1 route 10.0.0.0/16 -> ...", "rtb-1 route pl-2 (1.2.3.0/24)
// -> ...").
var propRouteRule = regexp.MustCompile(`^\S+ route (?:\S+ \()?([0-9a-f.:]+/\d+)\)? -> `)

// propFirstRoute returns the rule text and destination of the route that
// res shows the flow matched leaving subnet s: on a hop, or blocking it
// (a blackhole). matched is false when no route matched ("no route in
// ..."); known is false when res does not say (the flow stopped before the
// route table, or at it for another reason, such as an Availability Zone
// without a transit gateway attachment).
func propFirstRoute(t *rapid.T, res *sim.Result, s string) (rule string, dst netip.Prefix, matched, known bool) {
	read := func(text string) (string, netip.Prefix, bool, bool) {
		m := propRouteRule.FindStringSubmatch(text)
		if m == nil {
			if strings.HasPrefix(text, "no route in ") {
				return text, netip.Prefix{}, false, true
			}
			return "", netip.Prefix{}, false, false
		}
		p, err := netip.ParsePrefix(m[1])
		if err != nil {
			t.Fatalf("route of %s: %q: %v", s, text, err)
		}
		return m[0], p, true, true
	}
	for _, h := range res.Path {
		if h.Kind == sim.KindSubnet && h.Component == s && h.Step == sim.StepRoute {
			r, p, ok, known := read(h.Rule)
			if !known {
				t.Fatalf("route hop of %s: cannot read the route's destination in %q", s, h.Rule)
			}
			return r, p, ok, known
		}
	}
	if b := res.Block; b != nil && b.Kind == sim.KindSubnet && b.Component == s && b.Step == sim.StepRoute {
		return read(b.Rule)
	}
	return "", netip.Prefix{}, false, false
}

func TestPropHybridRouteAdded(t *testing.T) { propCheck(t, propHybridRouteAdded) }

func propHybridRouteAdded(t *rapid.T) {
	n := propHybridNet(t)
	m := propCompile(t, n)
	var qs []sim.Query
	for _, q := range propHybridQueries(t, n, 8) {
		if q.From.ENI != "" && q.From.Addr == (netip.Addr{}) {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		return
	}
	q := rapid.SampledFrom(qs).Draw(t, "ra-query")
	e := propENI(n, q.From.ENI)
	before, err := m.Reach(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	rule, was, matched, known := propFirstRoute(t, before, e.Subnet)
	if !known {
		return // no route looked up (same subnet, or stopped before)
	}
	// The new route, in the table the subnet uses.
	m2 := propClone(t, n)
	var table *vpc.RouteTable
	for i := range m2.RouteTables {
		x := &m2.RouteTables[i]
		if slices.Contains(x.Subnets, e.Subnet) || table == nil && x.VPC == propVPCOf(n, e.ID) && x.Main {
			table = x
		}
	}
	if table == nil {
		return // the synthesized main table: nothing to add a route to
	}
	var dsts []netip.Prefix
	for _, o := range n.OnPremNetworks {
		dsts = append(dsts, o.CIDRs...)
	}
	dsts = append(dsts, gen.PublicCIDRs...)
	dsts = append(dsts, gen.OnPremCIDRs...)
	dsts = append(dsts, netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.0.0/16"))
	d := rapid.SampledFrom(dsts).Draw(t, "ra-dest")
	if was.Addr().Is4() && q.To.Addr.IsValid() && rapid.Bool().Draw(t, "ra-host") {
		d = netip.PrefixFrom(q.To.Addr, 32-rapid.IntRange(0, 8).Draw(t, "ra-host-bits")).Masked()
	}
	var targets []vpc.Target
	for _, g := range m2.InternetGateways {
		if g.VPC == table.VPC {
			targets = append(targets, vpc.ToInternetGateway(g.ID))
		}
	}
	for _, g := range m2.VPNGateways {
		if g.VPC == table.VPC {
			targets = append(targets, vpc.ToVPNGateway(g.ID))
		}
	}
	for _, a := range m2.TransitGatewayAttachments {
		if a.VPC == table.VPC {
			targets = append(targets, vpc.ToTransitGateway(a.TransitGateway))
		}
	}
	r := vpc.Route{Destination: d, Blackhole: true, Target: vpc.ToNATGateway("nat-gone")}
	if len(targets) > 0 && rapid.IntRange(0, 4).Draw(t, "ra-blackhole") > 0 {
		r = vpc.Route{Destination: d, Target: rapid.SampledFrom(targets).Draw(t, "ra-target")}
	}
	table.Routes = append(table.Routes, r)
	if err := m2.Validate(); err != nil {
		return // AWS refuses this route here (a duplicate, inside the VPC, ...)
	}
	after, err := propCompile(t, m2).Reach(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	rule2, now, matched2, known2 := propFirstRoute(t, after, e.Subnet)
	dst := q.To.Addr
	if len(before.Path) > 0 {
		dst = before.Path[0].Packet.Dst
	}
	switch {
	case !known2:
		return // stopped at the route for another reason (Availability Zone, ...)
	case matched && !matched2:
		t.Fatalf("%s: matched %q, and no route once %s -> %s is added\n%s", q, rule, d, r.Target, after)
	case matched && now.Bits() < was.Bits():
		t.Fatalf("%s: matched %q, then the shorter %q once %s is added", q, rule, rule2, d)
	case matched && (!d.Contains(dst) || d.Bits() < was.Bits()) && rule2 != rule:
		t.Fatalf("%s: matched %q, then %q once %s (not a longer match for %s) is added", q, rule, rule2, d, dst)
	case !matched && matched2 && !d.Contains(dst):
		t.Fatalf("%s: matched no route, then %q once %s (not covering %s) is added", q, rule2, d, dst)
	}
}

// =========================================================================
// Connections going down.
// =========================================================================

// propCrosses reports whether the forward or reply path of res crosses
// component id.
func propCrosses(res *sim.Result, id string) bool {
	for _, h := range slices.Concat(res.Path, res.Reply) {
		if h.Component == id {
			return true
		}
	}
	return false
}

func TestPropHybridConnectionDown(t *testing.T) { propCheck(t, propHybridConnectionDown) }

func propHybridConnectionDown(t *rapid.T) {
	n := propHybridNet(t)
	var conns []string
	for _, c := range n.VPNConnections {
		if c.IsUp() {
			conns = append(conns, c.ID)
		}
	}
	for _, x := range n.VirtualInterfaces {
		if x.BGPStatus.IsUp() {
			conns = append(conns, x.ID)
		}
	}
	qs := propHybridQueries(t, n, 8)
	before := propReachAll(propCompile(t, n), qs)
	if len(conns) == 0 {
		return
	}
	id := rapid.SampledFrom(conns).Draw(t, "down-conn")

	// One tunnel down, the other up: nothing changes.
	if _, ok := n.VPNConnection(id); ok {
		one := propClone(t, n)
		c, _ := one.VPNConnection(id)
		c.Tunnels = []vpc.VPNTunnel{{Status: vpc.LinkDown}, {Status: vpc.LinkUp}}
		if d := propDiffVerdicts(before, propReachAll(propCompile(t, one), qs)); d != "" {
			t.Fatalf("one tunnel of %s down, the other up, changes answers:\n%s", id, d)
		}
	}

	down := propClone(t, n)
	if c, ok := down.VPNConnection(id); ok {
		c.Tunnels = []vpc.VPNTunnel{{Status: vpc.LinkDown}, {Status: vpc.LinkDown}}
	} else if x, ok := down.VirtualInterface(id); ok {
		x.BGPStatus = vpc.LinkDown
	}
	after := propReachAll(propCompile(t, down), qs)
	for i, q := range qs {
		b, a := before[i], after[i]
		if a.Status == sim.Reachable && propCrosses(a, id) {
			t.Fatalf("%s: reachable over %s, which is down\n%s", q, id, a)
		}
		if b.Status == sim.Reachable && !propCrosses(b, id) {
			if d := propDiff([]*sim.Result{b}, []*sim.Result{a}); d != "" {
				t.Fatalf("%s: did not cross %s, yet changed when it went down:\n%s", q, id, d)
			}
		}
	}

	// Every connection down: nothing reaches on premises or comes from
	// there.
	all := propClone(t, n)
	for i := range all.VPNConnections {
		all.VPNConnections[i].Tunnels = []vpc.VPNTunnel{{Status: vpc.LinkDown}, {Status: vpc.LinkDown}}
	}
	for i := range all.VirtualInterfaces {
		all.VirtualInterfaces[i].BGPStatus = vpc.LinkDown
	}
	m := propCompile(t, all)
	for _, q := range qs {
		if q.From.OnPrem == "" && q.To.OnPrem == "" {
			continue
		}
		v, err := m.Verdict(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if v.Status != sim.Blocked {
			t.Fatalf("%s: %s with every connection down", q, v.Status)
		}
	}
}

// propDiffVerdicts compares the verdicts (status and reason) of two
// lists of results.
func propDiffVerdicts(want, got []*sim.Result) string {
	for i := range want {
		if want[i].Status != got[i].Status || want[i].Reason != got[i].Reason {
			return want[i].Query.String() + ": " + want[i].Status.String() + " (" + want[i].Reason.String() + ") then " +
				got[i].Status.String() + " (" + got[i].Reason.String() + ") [query " + strconv.Itoa(i) + "]"
		}
	}
	return ""
}

// =========================================================================
// AWS services named by name.
// =========================================================================

// propServiceShorts are the AWS services queries name: those the
// generator's endpoints and prefix lists use.
var propServiceShorts = []string{"s3", "sts", "secretsmanager", "ssm", "logs"}

func TestPropServiceReference(t *testing.T) { propCheck(t, propServiceReference) }

// propServiceReference: a flow from an interface to an AWS service named
// by name (sim.Service, short or full name) or DNS name (sim.DNSName: the
// service's default name, an S3 bucket's, an interface endpoint's own
// regional or zonal name) has the answer of one of the
// addresses the name resolves to, as the reference evaluates them one by
// one, and is reachable exactly when one of them is.
func propServiceReference(t *rapid.T) {
	n := gen.NetworkWith(t, gen.Options{ExplicitAddresses: true, TransitGateway: rapid.Bool().Draw(t, "svc-tgw"), ResourcePolicies: true})
	propSplitS3(t, n)
	m := propCompile(t, n)
	ref := reference.New(n)
	for range 6 {
		short := rapid.SampledFrom(propServiceShorts).Draw(t, "svc-name")
		to := sim.Service(short)
		switch rapid.IntRange(0, 5).Draw(t, "svc-naming") {
		case 0:
			to = sim.Service("com.amazonaws.us-east-1." + short)
		case 1:
			to = sim.DNSName(short + ".us-east-1.amazonaws.com")
			if short == "s3" && rapid.Bool().Draw(t, "svc-bucket") {
				to = sim.DNSName("App-Data.s3.us-east-1.amazonaws.com.")
			}
		case 2:
			// An interface endpoint's own DNS name, regional or zonal.
			var names []string
			for _, e := range n.VPCEndpoints {
				if e.Type == endpoint.Interface && strings.HasSuffix(e.ServiceName, "."+short) {
					names = append(names, e.ID+"."+short+".us-east-1.vpce.amazonaws.com")
					for _, sid := range e.Subnets {
						if sn, ok := n.Subnet(sid); ok {
							names = append(names, strings.ToUpper(e.ID+"-"+sn.AvailabilityZone)+"."+short+".us-east-1.vpce.amazonaws.com")
						}
					}
				}
			}
			if len(names) > 0 {
				to = sim.DNSName(rapid.SampledFrom(names).Draw(t, "svc-vpce-dns"))
			}
		}
		q := sim.Query{From: sim.ENI(rapid.SampledFrom(propENIs(n)).Draw(t, "svc-from")), To: to, Call: gen.Call(t, short)}
		propFlow(t, &q)
		want, err := ref.ServiceVerdicts(q)
		if err != nil {
			if strings.Contains(err.Error(), "no AWS-managed prefix list") {
				continue // the engine gives the service placeholder addresses the reference does not model
			}
			t.Fatalf("%s: reference: %v", q, err)
		}
		got, err := m.Verdict(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		reachable := slices.ContainsFunc(want, func(s reference.ServiceVerdict) bool { return s.Verdict.Status == sim.Reachable })
		one := slices.ContainsFunc(want, func(s reference.ServiceVerdict) bool {
			return s.Verdict.Status == got.Status && s.Verdict.Reason == got.Reason
		})
		if reachable != (got.Status == sim.Reachable) || !one {
			res, _ := m.Reach(q)
			t.Fatalf("%s: engine %s (%s), reference by address %v\n%s\nnetwork:\n%s", q, got.Status, got.Reason, want, res, propDump(n))
		}
	}
}

// propSplitS3 sometimes adds a network ACL entry denying half of S3's
// generated range (gen.S3CIDRs), outbound, so that the addresses a flow
// to S3 may take differ.
func propSplitS3(t *rapid.T, n *sim.Network) {
	if len(n.NetworkACLs) == 0 || !rapid.Bool().Draw(t, "svc-split") {
		return
	}
	a := &n.NetworkACLs[rapid.IntRange(0, len(n.NetworkACLs)-1).Draw(t, "svc-split-acl")]
	half := rapid.SampledFrom([]netip.Prefix{netip.MustParsePrefix("52.216.0.0/16"), netip.MustParsePrefix("52.217.0.0/16"),
		netip.MustParsePrefix("52.217.128.0/17")}).Draw(t, "svc-split-cidr")
	num := rapid.IntRange(1, 9).Draw(t, "svc-split-number")
	if slices.ContainsFunc(a.Outbound, func(e vpc.ACLEntry) bool { return e.Number == num }) {
		return
	}
	a.Outbound = append(a.Outbound, vpc.ACLEntry{Number: num, Action: vpc.Deny, Protocol: vpc.ProtocolAll, CIDR: half})
}
