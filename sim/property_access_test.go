package sim_test

// Property tests of the access analysis (WhoCanReach, Exposure, Matrix) on
// random networks, transit gateways included: each answer agrees with
// asking Verdict or OpenPorts pair by pair, and is deterministic across
// runs, compiles and declaration orders.
//
// Run them with: go test ./sim/ -race -run 'PropAccess'

import (
	"fmt"
	"net/netip"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// propAccessFlow draws a flow for an access query: TCP or UDP with a port,
// ICMP with an explicit type and code, or another protocol; sometimes with
// a client port range.
func propAccessFlow(t *rapid.T, q *sim.Query) {
	propFlow(t, q)
	if q.Protocol.IsICMP() && q.ICMP == nil {
		q.ICMP = icmpMsg(8, 0)
	}
}

// propVerdict asks m for q's verdict and fails the test on an error.
func propVerdict(t *rapid.T, m *sim.Model, q sim.Query) sim.Verdict {
	v, err := m.Verdict(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

// propWitnessOK reports why a witness is not a reachable answer (partial,
// when partial is set: a flow through a load balancer reaching some of
// its targets) to a query that the model answers alike, or "".
func propWitnessOK(m *sim.Model, w *sim.Result, partial bool) string {
	if w == nil {
		return "no witness"
	}
	want := sim.Reachable
	if partial {
		want = sim.Partial
	}
	if w.Status != want {
		return fmt.Sprintf("witness status %s (%s), want %s", w.Status, w.Reason, want)
	}
	v, err := m.Verdict(w.Query)
	if err != nil || v.Status != want {
		return fmt.Sprintf("witness query %s is %s (%s) %v", w.Query, v.Status, v.Reason, err)
	}
	return ""
}

// =========================================================================
// (j) WhoCanReach lists exactly the sources that reach the destination.
// =========================================================================

func TestPropAccessWhoCanReach(t *testing.T) { propCheck(t, propAccessWhoCanReach) }

func propAccessWhoCanReach(t *rapid.T) {
	n := gen.NetworkWith(t, propOptions(t, gen.Options{MaxENIs: 7}))
	m := propCompile(t, n)
	enis := propENIs(n)
	q, dst := propWhoCanReachDst(t, n)
	propAccessFlow(t, &q)
	rs, err := m.WhoCanReach(q)
	if err != nil {
		t.Fatalf("who can reach %s: %v", q, err)
	}
	listed := map[string]bool{}
	internet := false
	for i, r := range rs {
		if r.Internet {
			if internet || len(r.ENIs) > 0 || i != len(rs)-1 {
				t.Fatalf("%s: the internet entry must come once, last and alone: %+v", q, rs)
			}
			internet = true
		} else if len(r.ENIs) == 0 {
			t.Fatalf("%s: an empty reacher group: %+v", q, rs)
		}
		if i > 0 && !r.Internet && !rs[i-1].Internet && rs[i-1].ENIs[0] >= r.ENIs[0] {
			t.Fatalf("%s: groups not in order of their first interface: %v then %v", q, rs[i-1].ENIs, r.ENIs)
		}
		if !slices.IsSorted(r.ENIs) {
			t.Fatalf("%s: group members not sorted: %v", q, r.ENIs)
		}
		for _, e := range r.ENIs {
			if listed[e] {
				t.Fatalf("%s: %s listed twice", q, e)
			}
			listed[e] = true
		}
		if why := propWitnessOK(m, r.Witness, r.Witness != nil && r.Witness.Status == sim.Partial); why != "" {
			t.Fatalf("%s: reacher %v (internet %v): %s\nnetwork:\n%s", q, r.ENIs, r.Internet, why, propDump(n))
		}
		wf := r.Witness.Query.From
		if r.Internet && !wf.Internet || !r.Internet && !slices.Contains(r.ENIs, wf.ENI) {
			t.Fatalf("%s: the witness of %v (internet %v) is from %s", q, r.ENIs, r.Internet, wf)
		}
	}
	for _, src := range enis {
		if src == dst {
			continue
		}
		sq := q
		sq.From = sim.ENI(src)
		v := propVerdict(t, m, sq)
		if (v.Status == sim.Reachable) != listed[src] {
			res, _ := m.Reach(sq)
			t.Fatalf("%s: listed by WhoCanReach %v, verdict %s (%s)\nreachers: %v\n%s\nnetwork:\n%s",
				sq, listed[src], v.Status, v.Reason, propReacherIDs(rs), res, propDump(n))
		}
	}
	if listed[dst] {
		t.Fatalf("%s: the destination lists itself", q)
	}
	iq := q
	iq.From = sim.Internet()
	if v := propVerdict(t, m, iq); (v.Status == sim.Reachable) != internet {
		t.Fatalf("%s: internet entry %v, verdict %s (%s)\nnetwork:\n%s", iq, internet, v.Status, v.Reason, propDump(n))
	}
}

// propWhoCanReachDst draws the destination of a WhoCanReach query: an
// interface by ID, at a secondary address, or a public address of the
// network (an interface's, an Elastic IP, a NAT gateway's); with
// -vpcsim.knownbugs also a private address. It returns the query and the
// interface holding the destination ("" for a NAT gateway).
//
// Without -vpcsim.knownbugs, a public address is drawn only where the
// engine's known WhoCanReach bugs cannot show
// (TestWhoCanReachPublicAddressBySource,
// TestWhoCanReachAddressOfInterface): no two interfaces with a public
// address share a subnet and security groups, and the owner shares them
// with none.
func propWhoCanReachDst(t *rapid.T, n *sim.Network) (sim.Query, string) {
	dst := rapid.SampledFrom(propENIs(n)).Draw(t, "dst")
	e := propENI(n, dst)
	q := sim.Query{To: sim.ENI(dst)}
	switch rapid.IntRange(0, 3).Draw(t, "dst-naming") {
	case 1:
		if len(e.PrivateIPs) > 1 {
			q.To = sim.ENIAddr(dst, rapid.SampledFrom(e.PrivateIPs[1:]).Draw(t, "dst-secondary"))
		}
	case 2:
		pubs := propPublics(n)
		var ok []netip.Addr
		for _, a := range propSorted(pubs) {
			ok = append(ok, a)
		}
		if len(ok) > 0 {
			a := rapid.SampledFrom(ok).Draw(t, "dst-public")
			return sim.Query{To: sim.Address(a)}, pubs[a]
		}
	case 3:
		if len(e.PrivateIPs) > 0 {
			if a := rapid.SampledFrom(e.PrivateIPs).Draw(t, "dst-private"); propUniquePrivate(n, a) {
				q.To = sim.Address(a)
			}
		}
	}
	return q, dst
}

func propReacherIDs(rs []sim.Reacher) [][]string {
	var out [][]string
	for _, r := range rs {
		if r.Internet {
			out = append(out, []string{"internet"})
		} else {
			out = append(out, r.ENIs)
		}
	}
	return out
}

// =========================================================================
// (k) Exposure agrees with reachability from the internet.
// =========================================================================

// propOpenFlows returns a query (To and From unset) for the first and the
// last flow of each range.
func propOpenFlows(open []sim.OpenRange) []sim.Query {
	var out []sim.Query
	for _, o := range open {
		switch {
		case o.Protocol.HasPorts():
			out = append(out, sim.Query{Protocol: o.Protocol, Port: o.Ports.From}, sim.Query{Protocol: o.Protocol, Port: o.Ports.To})
		case o.Protocol.IsICMP():
			from, to := o.ICMPFrom, o.ICMPTo
			out = append(out, sim.Query{Protocol: o.Protocol, ICMP: &from}, sim.Query{Protocol: o.Protocol, ICMP: &to})
		default:
			out = append(out, sim.Query{Protocol: o.Protocol}, sim.Query{Protocol: o.LastProtocol})
		}
	}
	return out
}

// propSampleFlows draws flows (To and From unset) of every kind.
func propSampleFlows(t *rapid.T) []sim.Query {
	var out []sim.Query
	for range 5 {
		q := sim.Query{Protocol: rapid.SampledFrom([]vpc.Protocol{vpc.ProtocolTCP, vpc.ProtocolUDP}).Draw(t, "proto")}
		q.Port = uint16(rapid.OneOf(rapid.SampledFrom(propPorts), rapid.Uint16Range(1, 65535)).Draw(t, "port"))
		out = append(out, q)
	}
	for range 2 {
		i := *rapid.SampledFrom(propICMPs[1:]).Draw(t, "icmp")
		if rapid.Bool().Draw(t, "icmp-random") {
			i = *icmpMsg(rapid.Uint8().Draw(t, "icmp-type"), rapid.Uint8().Draw(t, "icmp-code"))
		}
		out = append(out, sim.Query{Protocol: vpc.ProtocolICMP, ICMP: &i})
	}
	p := vpc.Protocol(rapid.SampledFrom([]int{2, 4, 47, 50, 89, 132, 255}).Draw(t, "other"))
	return append(out, sim.Query{Protocol: p})
}

func TestPropAccessExposure(t *testing.T) { propCheck(t, propAccessExposure) }

func propAccessExposure(t *rapid.T) {
	n := gen.NetworkWith(t, propOptions(t, gen.Options{MaxENIs: 6}))
	m := propCompile(t, n)
	ex, err := m.Exposure()
	if err != nil {
		t.Fatalf("exposure: %v", err)
	}
	open := map[string][]sim.OpenRange{}
	var all []sim.OpenRange
	for i, x := range ex {
		if x.IPv6 {
			t.Fatalf("an IPv6 group %v, but the generator makes no IPv6", x.ENIs)
		}
		if len(x.ENIs) == 0 || len(x.Open) == 0 {
			t.Fatalf("an empty exposed group: %+v", x)
		}
		if i > 0 && ex[i-1].ENIs[0] >= x.ENIs[0] {
			t.Fatalf("groups not in order of their first interface: %v then %v", ex[i-1].ENIs, x.ENIs)
		}
		for _, e := range x.ENIs {
			if _, dup := open[e]; dup {
				t.Fatalf("%s is in two groups", e)
			}
			open[e] = x.Open
		}
		for _, o := range x.Open {
			if why := propWitnessOK(m, o.Witness, o.Partial); why != "" {
				t.Fatalf("group %v, open %s: %s\nnetwork:\n%s", x.ENIs, o, why, propDump(n))
			}
			if w := o.Witness.Query; !w.From.Internet || !slices.Contains(x.ENIs, w.To.ENI) || w.Protocol != o.Protocol {
				t.Fatalf("group %v, open %s: witness query %s", x.ENIs, o, w)
			}
		}
		all = append(all, x.Open...)
	}
	flows := append(propSampleFlows(t), propOpenFlows(all)...)
	for _, e := range n.NetworkInterfaces {
		// The interface at each of its public addresses: an interface is
		// exposed on what some public address of it opens, and decisions
		// on the way in do not depend on which one.
		info, _ := m.Interface(e.ID)
		var tos []sim.Endpoint
		if info.PublicIP.IsValid() || len(info.ElasticIPs) == 0 {
			tos = append(tos, sim.ENI(e.ID))
		}
		for _, x := range info.ElasticIPs {
			tos = append(tos, sim.Address(x.PublicIP))
		}
		for _, to := range tos {
			for _, f := range flows {
				q := f
				q.From, q.To = sim.Internet(), to
				v := propVerdict(t, m, q)
				if in := propOpenStatus(open[e.ID], q); in != propReaches(v.Status) {
					res, _ := m.Reach(q)
					t.Fatalf("%s: in Exposure (%s), verdict %s (%s)\nexposed: %v\n%s\nnetwork:\n%s", q, in, v.Status, v.Reason, open[e.ID], res, propDump(n))
				}
			}
		}
	}
}

// =========================================================================
// (l) Matrix agrees with OpenPorts.
// =========================================================================

// propNoWitness returns the ranges without their witnesses.
func propNoWitness(rs []sim.OpenRange) []sim.OpenRange {
	out := make([]sim.OpenRange, len(rs))
	for i, o := range rs {
		o.Witness = nil
		out[i] = o
	}
	return out
}

// propSelection draws a selection of two to five interfaces or subnets.
func propSelection(t *rapid.T, n *sim.Network) sim.Selection {
	var sel sim.Selection
	if rapid.Bool().Draw(t, "select-subnets") {
		var ids []string
		for _, s := range n.Subnets {
			ids = append(ids, s.ID)
		}
		ids = propPerm(t, "subnets", ids)
		sel.Subnets = ids[:rapid.IntRange(min(2, len(ids)), min(5, len(ids))).Draw(t, "n-subnets")]
	} else {
		ids := propPerm(t, "enis", propENIs(n))
		sel.ENIs = ids[:rapid.IntRange(min(2, len(ids)), min(5, len(ids))).Draw(t, "n-enis")]
	}
	sel.EphemeralPorts = rapid.SampledFrom(propEph).Draw(t, "eph")
	return sel
}

func TestPropAccessMatrix(t *testing.T) { propCheck(t, propAccessMatrix) }

func propAccessMatrix(t *rapid.T) {
	n := gen.NetworkWith(t, propOptions(t, gen.Options{MaxENIs: 6}))
	m := propCompile(t, n)
	sel := propSelection(t, n)
	mx, err := m.Matrix(sel)
	if err != nil {
		t.Fatalf("matrix %+v: %v", sel, err)
	}
	members := slices.Concat(sel.ENIs, sel.Subnets)
	ep := func(id string) sim.Endpoint {
		if len(sel.Subnets) > 0 {
			return sim.SubnetHost(id)
		}
		return sim.ENI(id)
	}
	group := map[string]int{}
	for gi, g := range mx.Groups {
		if len(g.Members) == 0 || !slices.IsSorted(g.Members) {
			t.Fatalf("group %d: members %v: want a non-empty sorted list", gi, g.Members)
		}
		for _, id := range g.Members {
			if _, dup := group[id]; dup {
				t.Fatalf("%s is in two groups:\n%s", id, mx)
			}
			if !slices.Contains(members, id) {
				t.Fatalf("%s is not selected:\n%s", id, mx)
			}
			group[id] = gi
		}
	}
	if len(group) != len(members) {
		t.Fatalf("the groups hold %d of the %d selected endpoints %v:\n%s", len(group), len(members), members, mx)
	}
	cell := map[[2]int][]sim.OpenRange{}
	for _, c := range mx.Cells {
		if len(c.Open) == 0 {
			t.Fatalf("an empty cell G%d -> G%d", c.From, c.To)
		}
		if c.From == c.To && len(mx.Groups[c.From].Members) < 2 {
			t.Fatalf("a cell from the single-member group G%d to itself", c.From)
		}
		cell[[2]int{c.From, c.To}] = c.Open
	}
	for _, a := range members {
		for _, b := range members {
			if a == b {
				continue
			}
			q := sim.Query{From: ep(a), To: ep(b), EphemeralPorts: sel.EphemeralPorts}
			open, err := m.OpenPorts(q)
			if err != nil {
				t.Fatalf("open ports %s: %v", q, err)
			}
			want := propNoWitness(open)
			got := propNoWitness(cell[[2]int{group[a], group[b]}])
			if d := gocmp.Diff(want, got, propCmpOpts); d != "" {
				t.Fatalf("%s: OpenPorts and the matrix cell G%d -> G%d differ (-OpenPorts +cell):\n%s\nmatrix:\n%s\nnetwork:\n%s",
					q, group[a], group[b], d, mx, propDump(n))
			}
		}
	}
}

// =========================================================================
// (m) The access analyses are deterministic.
// =========================================================================

// propAccessAnswers are the answers of the three analyses on one model.
type propAccessAnswers struct {
	Who      []sim.Reacher
	Exposure []sim.Exposed
	Matrix   *sim.Matrix
	Subnets  *sim.Matrix
}

func propAccess(t *rapid.T, m *sim.Model, q sim.Query, sel, subnets sim.Selection) propAccessAnswers {
	var a propAccessAnswers
	var err error
	if a.Who, err = m.WhoCanReach(q); err != nil {
		t.Fatalf("who can reach %s: %v", q, err)
	}
	if a.Exposure, err = m.Exposure(); err != nil {
		t.Fatalf("exposure: %v", err)
	}
	if a.Matrix, err = m.Matrix(sel); err != nil {
		t.Fatalf("matrix %+v: %v", sel, err)
	}
	if a.Subnets, err = m.Matrix(subnets); err != nil {
		t.Fatalf("matrix %+v: %v", subnets, err)
	}
	return a
}

// normalize rewrites the witnesses' rule references to positions in the
// network orig (see propNormalize); from is the network a was computed on.
func (a propAccessAnswers) normalize(from, orig *sim.Network) propAccessAnswers {
	out := a
	out.Who = slices.Clone(a.Who)
	for i := range out.Who {
		out.Who[i].Witness = propNormalize(a.Who[i].Witness, from, orig)
	}
	out.Exposure = slices.Clone(a.Exposure)
	for i := range out.Exposure {
		x := &out.Exposure[i]
		x.Open = slices.Clone(x.Open)
		for j := range x.Open {
			x.Open[j].Witness = propNormalize(x.Open[j].Witness, from, orig)
		}
	}
	return out
}

// propDiff is gocmp.Diff, computed only when gocmp.Equal finds a
// difference (the reporter is slow on large results under -race).
func propDiff(x, y any) string {
	if gocmp.Equal(x, y, propCmpOpts) {
		return ""
	}
	return gocmp.Diff(x, y, propCmpOpts)
}

func TestPropAccessDeterministic(t *testing.T) { propCheck(t, propAccessDeterministic) }

func propAccessDeterministic(t *rapid.T) {
	n := gen.NetworkWith(t, propOptions(t, gen.Options{MaxENIs: 6}))
	q := sim.Query{To: sim.ENI(rapid.SampledFrom(propENIs(n)).Draw(t, "dst"))}
	propAccessFlow(t, &q)
	eph := rapid.SampledFrom(propEph).Draw(t, "eph")
	sel := sim.Selection{ENIs: propPerm(t, "enis", propENIs(n)), EphemeralPorts: eph}
	var ids []string
	for _, s := range n.Subnets {
		ids = append(ids, s.ID)
	}
	subnets := sim.Selection{Subnets: propPerm(t, "subnets", ids)[:min(4, len(ids))], EphemeralPorts: eph}
	m := propCompile(t, n)
	want := propAccess(t, m, q, sel, subnets)
	if d := propDiff(want, propAccess(t, m, q, sel, subnets)); d != "" {
		t.Fatalf("a second run answers differently (-first +second):\n%s", d)
	}
	if d := propDiff(want, propAccess(t, propCompile(t, n), q, sel, subnets)); d != "" {
		t.Fatalf("a second compile answers differently (-first +second):\n%s", d)
	}
	s := propShuffled(t, n)
	sel2, subnets2 := sel, subnets
	sel2.ENIs = propPerm(t, "sel-enis", sel.ENIs)
	subnets2.Subnets = propPerm(t, "sel-subnets", subnets.Subnets)
	got := propAccess(t, propCompile(t, s), q, sel2, subnets2)
	if d := propDiff(want.normalize(n, n), got.normalize(s, n)); d != "" {
		t.Fatalf("shuffled declarations change the answers (-orig +shuffled):\n%s\nnetwork:\n%s", d, propDump(n))
	}
}

// =========================================================================
// Engine bugs found by the access properties, as minimal failing tests.
// =========================================================================

// TestRegressionWitnessDropsDestinationAddress: a witness's query names the
// destination interface without the address the query gave (queryOf sets
// To to ENI(id)), so for a secondary address the witness asks about the
// primary one and can answer differently.
//
// Network: propBugBase with a secondary address 10.0.2.11 on eni-b, and
// acl-a on subnet-a: outbound 10 deny all to 10.0.2.10/32, 100 allow all;
// inbound allow all. eni-a reaches eni-b@10.0.2.11 on tcp/22;
// WhoCanReach lists eni-a, but its witness query is eni-a -> eni-b
// (10.0.2.10), blocked NACL_OUT; so is the witness of OpenPorts.
func TestRegressionWitnessDropsDestinationAddress(t *testing.T) {
	n := propBugBase()
	n.NetworkInterfaces[1].PrivateIPs = append(n.NetworkInterfaces[1].PrivateIPs, paddr("10.0.2.11"))
	n.NetworkACLs = []vpc.NetworkACL{{ID: "acl-a", VPC: "vpc-1", Subnets: []string{"subnet-a"},
		Inbound: vpc.AllowAllACL(false),
		Outbound: []vpc.ACLEntry{
			{Number: 10, Action: vpc.Deny, Protocol: vpc.ProtocolAll, CIDR: ppfx("10.0.2.10/32")},
			{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: ppfx("0.0.0.0/0")},
		}}}
	m := propCompile(t, n)
	to := sim.ENIAddr("eni-b", paddr("10.0.2.11"))
	rs, err := m.WhoCanReach(sim.Query{To: to, Port: 22})
	if err != nil {
		t.Fatal(err)
	}
	if d := gocmp.Diff([][]string{{"eni-a"}}, propReacherIDs(rs)); d != "" {
		t.Fatalf("reachers (-want +got):\n%s", d)
	}
	if w := rs[0].Witness.Query; w.To != to {
		t.Errorf("WhoCanReach witness query %s, want the destination %s", w, to)
	}
	open, err := m.OpenPorts(sim.Query{From: sim.ENI("eni-a"), To: to})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range open {
		if w := o.Witness.Query; w.To != to {
			t.Errorf("OpenPorts range %s: witness query %s, want the destination %s", o, w, to)
		}
	}
}

// TestRegressionWhoCanReachGroupsNextHop: WhoCanReach groups sources by
// subnet, security groups and public address, evaluating one per group;
// but an interface that is a route's next hop is not like its neighbours:
// a reply routed to it is delivered to it, while for a neighbour it passes
// through it as an appliance that did not see the request, whose security
// groups judge it as a new flow.
//
// Network: one VPC 10.0.0.0/16; subnet-a (10.0.0.0/24) holds eni-x
// (10.0.0.10) and eni-fw (10.0.0.20, source/destination check off), both
// in sg-1 (no inbound rule, all outbound); subnet-b (10.0.2.0/24) holds
// eni-b (sg-open) and routes 10.0.0.0/24 to eni-fw. eni-fw reaches eni-b
// on tcp/22 (the reply is delivered to it); eni-x's reply passes eni-fw,
// whose group admits nothing: reply-blocked SG_INGRESS. WhoCanReach(eni-b)
// evaluates eni-x for both and lists neither.
func TestRegressionWhoCanReachGroupsNextHop(t *testing.T) {
	n := propNextHopNet()
	m := propCompile(t, n)
	for _, c := range []struct {
		from string
		want sim.Status
	}{{"eni-fw", sim.Reachable}, {"eni-x", sim.ReplyBlocked}} {
		v, err := m.Verdict(sim.Query{From: sim.ENI(c.from), To: sim.ENI("eni-b"), Port: 22})
		if err != nil || v.Status != c.want {
			t.Fatalf("%s -> eni-b: %s (%s) %v, want %s", c.from, v.Status, v.Reason, err, c.want)
		}
	}
	rs, err := m.WhoCanReach(sim.Query{To: sim.ENI("eni-b"), Port: 22})
	if err != nil {
		t.Fatal(err)
	}
	if d := gocmp.Diff([][]string{{"eni-fw"}}, propReacherIDs(rs)); d != "" {
		t.Errorf("reachers of eni-b (-want +got):\n%s", d)
	}
}

// propNextHopNet is the network of TestRegressionWhoCanReachGroupsNextHop.
func propNextHopNet() *sim.Network {
	return &sim.Network{
		VPCs: []vpc.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{ppfx("10.0.0.0/16")}}},
		Subnets: []vpc.Subnet{
			{ID: "subnet-a", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: ppfx("10.0.0.0/24")},
			{ID: "subnet-b", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: ppfx("10.0.2.0/24")},
		},
		RouteTables: []vpc.RouteTable{{ID: "rtb-b", VPC: "vpc-1", Subnets: []string{"subnet-b"},
			Routes: []vpc.Route{{Destination: ppfx("10.0.0.0/24"), Target: vpc.ToNetworkInterface("eni-fw")}}}},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-1", VPC: "vpc-1", Egress: []vpc.SGRule{vpc.AllowAllEgress()}},
			{ID: "sg-open", VPC: "vpc-1", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: ppfx("0.0.0.0/0")}},
				Egress: []vpc.SGRule{vpc.AllowAllEgress()}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-x", Subnet: "subnet-a", PrivateIPs: []netip.Addr{paddr("10.0.0.10")}, SecurityGroups: []string{"sg-1"}},
			{ID: "eni-fw", Subnet: "subnet-a", PrivateIPs: []netip.Addr{paddr("10.0.0.20")}, SecurityGroups: []string{"sg-1"}, SourceDestCheckDisabled: true},
			{ID: "eni-b", Subnet: "subnet-b", PrivateIPs: []netip.Addr{paddr("10.0.2.10")}, SecurityGroups: []string{"sg-open"}},
		},
	}
}

// propMatrixPair checks, for each ordered pair of distinct members of the
// selection, that the matrix cell of their groups holds what OpenPorts
// finds.
func propMatrixPair(t *testing.T, m *sim.Model, sel sim.Selection) {
	t.Helper()
	mx, err := m.Matrix(sel)
	if err != nil {
		t.Fatal(err)
	}
	group := map[string]int{}
	for gi, g := range mx.Groups {
		for _, id := range g.Members {
			group[id] = gi
		}
	}
	cell := map[[2]int][]sim.OpenRange{}
	for _, c := range mx.Cells {
		cell[[2]int{c.From, c.To}] = c.Open
	}
	members := slices.Concat(sel.ENIs, sel.Subnets)
	for _, a := range members {
		for _, b := range members {
			if a == b {
				continue
			}
			q := sim.Query{From: sim.ENI(a), To: sim.ENI(b)}
			if len(sel.Subnets) > 0 {
				q = sim.Query{From: sim.SubnetHost(a), To: sim.SubnetHost(b)}
			}
			open, err := m.OpenPorts(q)
			if err != nil {
				t.Fatal(err)
			}
			if d := gocmp.Diff(propNoWitness(open), propNoWitness(cell[[2]int{group[a], group[b]}]), propCmpOpts); d != "" {
				t.Errorf("%s: OpenPorts and the matrix cell differ (-OpenPorts +cell):\n%s\nmatrix:\n%s", q, d, mx)
			}
		}
	}
}

// TestRegressionMatrixGroupsNextHopInterface: the matrix groups interfaces
// by subnet, security groups, public address and address atom, but a
// route's next-hop interface is not like its neighbours: traffic for it is
// delivered, traffic for a neighbour passes through it.
//
// Network: one VPC 10.0.0.0/16; subnet-a (10.0.0.0/24) holds eni-a (sg-a:
// all out); subnet-b (10.0.1.0/24) holds eni-fw (source/destination check
// off) and eni-c, both in sg-1 (all in, nothing out); subnet-a routes
// 10.0.1.0/24 to eni-fw. eni-a reaches eni-fw on every flow; to eni-c the
// flow passes eni-fw, whose group lets nothing out (SG_EGRESS). The matrix
// puts eni-fw and eni-c in one group, with one cell from eni-a's.
func TestRegressionMatrixGroupsNextHopInterface(t *testing.T) {
	n := &sim.Network{
		VPCs: []vpc.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{ppfx("10.0.0.0/16")}}},
		Subnets: []vpc.Subnet{
			{ID: "subnet-a", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: ppfx("10.0.0.0/24")},
			{ID: "subnet-b", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: ppfx("10.0.1.0/24")},
		},
		RouteTables: []vpc.RouteTable{{ID: "rtb-a", VPC: "vpc-1", Subnets: []string{"subnet-a"},
			Routes: []vpc.Route{{Destination: ppfx("10.0.1.0/24"), Target: vpc.ToNetworkInterface("eni-fw")}}}},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-a", VPC: "vpc-1", Egress: []vpc.SGRule{vpc.AllowAllEgress()}},
			{ID: "sg-1", VPC: "vpc-1", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: ppfx("0.0.0.0/0")}}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-a", Subnet: "subnet-a", PrivateIPs: []netip.Addr{paddr("10.0.0.10")}, SecurityGroups: []string{"sg-a"}},
			{ID: "eni-fw", Subnet: "subnet-b", PrivateIPs: []netip.Addr{paddr("10.0.1.10")}, SecurityGroups: []string{"sg-1"}, SourceDestCheckDisabled: true},
			{ID: "eni-c", Subnet: "subnet-b", PrivateIPs: []netip.Addr{paddr("10.0.1.20")}, SecurityGroups: []string{"sg-1"}},
		},
	}
	propMatrixPair(t, propCompile(t, n), sim.Selection{ENIs: []string{"eni-a", "eni-fw", "eni-c"}})
}

// TestRegressionMatrixGroupsNextHopSubnet: the matrix groups subnets by VPC,
// Availability Zone, route table, network ACL and address atom, but a
// subnet holding a transit gateway attachment is not like its siblings:
// traffic leaving the transit gateway is switched to a host of that subnet
// without any ACL, while to a sibling it meets the attachment subnet's
// outbound ACL (AWS Transit Gateway Guide, "Network ACLs").
//
// Network: vpc-1 (10.0.0.0/16) with subnet-att (10.0.0.0/24, the
// attachment) and subnet-app (10.0.1.0/24), both us-east-1a, the main
// table (10.1.0.0/16 -> tgw-1) and acl-1 (outbound: 10 deny all to
// 10.0.0.0/16, 100 allow all; inbound allow all); vpc-2 (10.1.0.0/16) with
// subnet-x (10.1.0.0/24, its attachment) routing 10.0.0.0/16 to tgw-1; one
// transit gateway route table both attachments use and propagate into.
// subnet-x reaches subnet-att on every flow, and subnet-app on none
// (NACL_OUT at subnet-att); the matrix puts subnet-att and subnet-app in
// one group.
func TestRegressionMatrixGroupsNextHopSubnet(t *testing.T) {
	n := &sim.Network{
		VPCs: []vpc.VPC{
			{ID: "vpc-1", CIDRs: []netip.Prefix{ppfx("10.0.0.0/16")}},
			{ID: "vpc-2", CIDRs: []netip.Prefix{ppfx("10.1.0.0/16")}},
		},
		Subnets: []vpc.Subnet{
			{ID: "subnet-att", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: ppfx("10.0.0.0/24")},
			{ID: "subnet-app", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: ppfx("10.0.1.0/24")},
			{ID: "subnet-x", VPC: "vpc-2", AvailabilityZone: "us-east-1a", CIDR: ppfx("10.1.0.0/24")},
		},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-1", VPC: "vpc-1", Main: true, Routes: []vpc.Route{{Destination: ppfx("10.1.0.0/16"), Target: vpc.ToTransitGateway("tgw-1")}}},
			{ID: "rtb-2", VPC: "vpc-2", Main: true, Routes: []vpc.Route{{Destination: ppfx("10.0.0.0/16"), Target: vpc.ToTransitGateway("tgw-1")}}},
		},
		NetworkACLs: []vpc.NetworkACL{{ID: "acl-1", VPC: "vpc-1", Subnets: []string{"subnet-att", "subnet-app"},
			Inbound: vpc.AllowAllACL(false),
			Outbound: []vpc.ACLEntry{
				{Number: 10, Action: vpc.Deny, Protocol: vpc.ProtocolAll, CIDR: ppfx("10.0.0.0/16")},
				{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: ppfx("0.0.0.0/0")},
			}}},
		TransitGateways: []vpc.TransitGateway{{ID: "tgw-1"}},
		TransitGatewayAttachments: []vpc.TransitGatewayAttachment{
			{ID: "tgw-attach-1", TransitGateway: "tgw-1", VPC: "vpc-1", Subnets: []string{"subnet-att"}, RouteTable: "tgw-rtb-1", Propagations: []string{"tgw-rtb-1"}},
			{ID: "tgw-attach-2", TransitGateway: "tgw-1", VPC: "vpc-2", Subnets: []string{"subnet-x"}, RouteTable: "tgw-rtb-1", Propagations: []string{"tgw-rtb-1"}},
		},
		TransitGatewayRouteTables: []vpc.TransitGatewayRouteTable{{ID: "tgw-rtb-1", TransitGateway: "tgw-1"}},
	}
	propMatrixPair(t, propCompile(t, n), sim.Selection{Subnets: []string{"subnet-att", "subnet-app", "subnet-x"}})
}
