package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/testgraph"
	"gonum.org/v1/gonum/graph/topo"
	"gonum.org/v1/gonum/graph/traverse"

	"github.com/vpcsim/vpcsim/vpc"
)

// The compiled model implements gonum's graph.Directed (graph.go). These
// tests check that implementation two ways:
//
//   - with gonum's testgraph suite, whose Builder is asked for arbitrary
//     small graphs. A VPC model cannot have just any shape (it always has
//     the internet node, and its edges come in the patterns the components
//     impose), so the arbitrary builder builds only the graphs a network
//     can have: a lone node, which the empty network gives (its internet
//     node). For every other case it answers ok=false, as testgraph
//     allows. A second builder ignores the requested shape and hands
//     testgraph real networks instead (threeTier, hubSpoke and graphEdges,
//     which has every kind of component and edge), with the nodes and
//     edges a reference derivation expects, so that the suite's checks run
//     on models that matter;
//   - with direct tests on the fixtures: node counts, From and To agreeing,
//     Edge and HasEdgeFromTo, and gonum's traversals and path searches.

// graphEdges is a small network with every kind of graph node and edge:
// an internet gateway, an egress-only gateway, a detached internet
// gateway, NAT gateways (one private), an appliance route, an inactive
// peering, a blackhole route and a transit gateway attaching two subnets.
func graphEdges() *Network {
	n := &Network{
		VPCs: []vpc.VPC{
			{ID: "vpc-x", CIDRs: []netip.Prefix{pfx("10.10.0.0/16")}, IPv6CIDR: pfx("2600:1f18:aa00:1100::/56")},
			{ID: "vpc-y", CIDRs: []netip.Prefix{pfx("10.20.0.0/16")}},
		},
		Subnets: []vpc.Subnet{
			{ID: "x-pub", VPC: "vpc-x", AvailabilityZone: "us-east-1a", CIDR: pfx("10.10.0.0/24"), IPv6CIDR: pfx("2600:1f18:aa00:1100::/64")},
			{ID: "x-app", VPC: "vpc-x", AvailabilityZone: "us-east-1a", CIDR: pfx("10.10.1.0/24")},
			{ID: "x-fw", VPC: "vpc-x", AvailabilityZone: "us-east-1b", CIDR: pfx("10.10.2.0/24")},
			{ID: "y-app", VPC: "vpc-y", AvailabilityZone: "us-east-1a", CIDR: pfx("10.20.0.0/24")},
		},
		InternetGateways:           []vpc.InternetGateway{{ID: "igw-x", VPC: "vpc-x"}, {ID: "igw-spare"}},
		EgressOnlyInternetGateways: []vpc.EgressOnlyInternetGateway{{ID: "eigw-x", VPC: "vpc-x"}},
		NATGateways: []vpc.NATGateway{
			{ID: "nat-x", Subnet: "x-pub", ElasticIP: addr("52.1.0.1")},
			{ID: "nat-y", Subnet: "y-app", Connectivity: vpc.NATPrivate},
		},
		PeeringConnections:        []vpc.PeeringConnection{{ID: "pcx-xy", RequesterVPC: "vpc-x", AccepterVPC: "vpc-y", Status: vpc.PeeringPendingAcceptance}},
		TransitGateways:           []vpc.TransitGateway{{ID: "tgw-g"}},
		TransitGatewayRouteTables: []vpc.TransitGatewayRouteTable{{ID: "tgw-rtb-g", TransitGateway: "tgw-g"}},
		TransitGatewayAttachments: []vpc.TransitGatewayAttachment{
			{ID: "att-x", TransitGateway: "tgw-g", VPC: "vpc-x", Subnets: []string{"x-app"}, RouteTable: "tgw-rtb-g", Propagations: []string{"tgw-rtb-g"}},
			{ID: "att-y", TransitGateway: "tgw-g", VPC: "vpc-y", Subnets: []string{"y-app"}, RouteTable: "tgw-rtb-g", Propagations: []string{"tgw-rtb-g"}},
		},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-x-pub", VPC: "vpc-x", Subnets: []string{"x-pub"}, Routes: []vpc.Route{
				{Destination: pfx("0.0.0.0/0"), Target: vpc.ToInternetGateway("igw-x")},
				{Destination: pfx("::/0"), Target: vpc.ToEgressOnlyGateway("eigw-x")},
			}},
			{ID: "rtb-x-app", VPC: "vpc-x", Subnets: []string{"x-app"}, Routes: []vpc.Route{
				{Destination: pfx("0.0.0.0/0"), Target: vpc.ToNetworkInterface("eni-fw")},
				{Destination: pfx("10.20.0.0/16"), Target: vpc.ToTransitGateway("tgw-g")},
				{Destination: pfx("10.99.0.0/16"), Target: vpc.ToPeeringConnection("pcx-xy")},
				{Destination: pfx("10.98.0.0/16"), Target: vpc.ToNATGateway("nat-gone"), Blackhole: true},
			}},
			{ID: "rtb-x-fw", VPC: "vpc-x", Subnets: []string{"x-fw"}, Routes: []vpc.Route{
				{Destination: pfx("0.0.0.0/0"), Target: vpc.ToNATGateway("nat-x")},
			}},
			{ID: "rtb-y", VPC: "vpc-y", Main: true, Routes: []vpc.Route{
				{Destination: pfx("10.10.0.0/16"), Target: vpc.ToTransitGateway("tgw-g")},
				{Destination: pfx("192.168.0.0/16"), Target: vpc.ToNATGateway("nat-y")},
			}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-web", Subnet: "x-pub", PublicIP: addr("52.1.0.2")},
			{ID: "eni-app", Subnet: "x-app"},
			{ID: "eni-fw", Subnet: "x-fw", SourceDestCheckDisabled: true},
			{ID: "eni-y", Subnet: "y-app"},
		},
	}
	return n
}

// refGraph derives, from the declaration alone, the node names and edges
// the compiled graph must have (graph.go's doc comment): interfaces and NAT
// gateways to and from their subnet, subnets to and from their VPC's
// router, a subnet to the target of each route of its table that is
// neither local nor a blackhole, attached gateways to and from the internet
// and into their VPC's router, an active peering into both routers, and a
// transit gateway into its attachment subnets.
func refGraph(n *Network) (names []string, edges [][2]string) {
	names = append(names, "internet")
	seen := map[[2]string]bool{}
	edge := func(u, v string) {
		if !seen[[2]string{u, v}] {
			seen[[2]string{u, v}] = true
			edges = append(edges, [2]string{u, v})
		}
	}
	subnetVPC := map[string]string{}
	for _, v := range n.VPCs {
		names = append(names, v.ID)
	}
	for _, s := range n.Subnets {
		names = append(names, s.ID)
		subnetVPC[s.ID] = s.VPC
		edge(s.ID, s.VPC)
		edge(s.VPC, s.ID)
	}
	for _, e := range n.NetworkInterfaces {
		names = append(names, e.ID)
		edge(e.ID, e.Subnet)
		edge(e.Subnet, e.ID)
	}
	for _, g := range n.NATGateways {
		names = append(names, g.ID)
		edge(g.ID, g.Subnet)
		edge(g.Subnet, g.ID)
	}
	for _, s := range n.Subnets {
		var table *vpc.RouteTable
		for i, t := range n.RouteTables {
			if slices.Contains(t.Subnets, s.ID) {
				table = &n.RouteTables[i]
			}
		}
		if table == nil {
			for i, t := range n.RouteTables {
				if t.Main && t.VPC == s.VPC {
					table = &n.RouteTables[i]
				}
			}
		}
		if table == nil {
			continue // the synthesized main table: local routes only
		}
		for _, r := range table.Routes {
			if !r.Blackhole && r.Target.Kind != vpc.TargetLocal {
				edge(s.ID, r.Target.ID)
			}
		}
	}
	for _, g := range n.InternetGateways {
		names = append(names, g.ID)
		if g.VPC != "" {
			edge(g.ID, "internet")
			edge("internet", g.ID)
			edge(g.ID, g.VPC)
		}
	}
	for _, g := range n.EgressOnlyInternetGateways {
		names = append(names, g.ID)
		edge(g.ID, "internet")
		edge("internet", g.ID)
		edge(g.ID, g.VPC)
	}
	for _, p := range n.PeeringConnections {
		names = append(names, p.ID)
		if p.Status.IsActive() {
			edge(p.ID, p.RequesterVPC)
			edge(p.ID, p.AccepterVPC)
		}
	}
	for _, t := range n.TransitGateways {
		names = append(names, t.ID)
	}
	for _, a := range n.TransitGatewayAttachments {
		for _, s := range a.Subnets {
			edge(a.TransitGateway, s)
		}
	}
	return names, edges
}

// refNodesEdges maps refGraph's names to the model's nodes and edges,
// failing the test on a name the model does not know.
func refNodesEdges(t testing.TB, m *Model, n *Network) ([]graph.Node, []testgraph.Edge) {
	t.Helper()
	names, es := refGraph(n)
	node := func(name string) Node {
		x, ok := m.NodeOf(name)
		if !ok {
			t.Fatalf("NodeOf(%q): no such node", name)
		}
		return x
	}
	var nodes []graph.Node
	for _, name := range names {
		nodes = append(nodes, node(name))
	}
	var edges []testgraph.Edge
	for _, e := range es {
		edges = append(edges, Edge{node(e[0]), node(e[1])})
	}
	return nodes, edges
}

// edgeLister adds the Edges method testgraph's edge tests need, built from
// From and Edge, to a model.
type edgeLister struct{ *Model }

func (g edgeLister) Edges() graph.Edges {
	var es []graph.Edge
	for it := g.Nodes(); it.Next(); {
		u := it.Node().ID()
		for to := g.From(u); to.Next(); {
			es = append(es, g.Edge(u, to.Node().ID()))
		}
	}
	if len(es) == 0 {
		return graph.Empty
	}
	return iterator.NewOrderedEdges(es)
}

// arbitraryBuilder builds the testgraph cases a network can have: a lone
// node with no edge is the empty network's internet node. Every other
// shape is beyond a VPC model.
func arbitraryBuilder(lister bool) testgraph.Builder {
	return func(nodes []graph.Node, edges []testgraph.WeightedLine, _, _ float64) (graph.Graph, []graph.Node, []testgraph.Edge, float64, float64, bool) {
		if len(nodes) != 1 || len(edges) != 0 {
			return nil, nil, nil, 0, 0, false
		}
		m, err := Compile(&Network{})
		if err != nil {
			panic(err)
		}
		inet, _ := m.NodeOf("internet")
		var g graph.Graph = m
		if lister {
			g = edgeLister{m}
		}
		return g, []graph.Node{inet}, nil, 0, 0, true
	}
}

// fixtureBuilder ignores the requested shape and returns the compiled
// fixture, with the nodes and edges refGraph expects.
func fixtureBuilder(t *testing.T, fixture func() *Network, lister bool) testgraph.Builder {
	m := mustCompile(t, fixture())
	nodes, edges := refNodesEdges(t, m, fixture())
	return func([]graph.Node, []testgraph.WeightedLine, float64, float64) (graph.Graph, []graph.Node, []testgraph.Edge, float64, float64, bool) {
		var g graph.Graph = m
		if lister {
			g = edgeLister{m}
		}
		return g, slices.Clone(nodes), slices.Clone(edges), 0, 0, true
	}
}

var graphFixtures = []struct {
	name string
	n    func() *Network
}{
	{"threeTier", threeTier},
	{"hubSpoke", hubSpoke},
	{"graphEdges", graphEdges},
}

func TestGraphTestgraph(t *testing.T) {
	builders := []struct {
		name string
		b    func(lister bool) testgraph.Builder
	}{{"arbitrary", arbitraryBuilder}}
	for _, f := range graphFixtures {
		builders = append(builders, struct {
			name string
			b    func(lister bool) testgraph.Builder
		}{f.name, func(lister bool) testgraph.Builder { return fixtureBuilder(t, f.n, lister) }})
	}
	for _, b := range builders {
		t.Run(b.name, func(t *testing.T) {
			t.Run("ReturnAllNodes", func(t *testing.T) { testgraph.ReturnAllNodes(t, b.b(false), false) })
			t.Run("NodeExistence", func(t *testing.T) { testgraph.NodeExistence(t, b.b(false)) })
			t.Run("EdgeExistence", func(t *testing.T) { testgraph.EdgeExistence(t, b.b(false), true) })
			t.Run("ReturnAdjacentNodes", func(t *testing.T) { testgraph.ReturnAdjacentNodes(t, b.b(false), false, true) })
			// The model has no Edges method; edgeLister derives one from
			// From and Edge, so these check those against the reference.
			t.Run("ReturnAllEdges", func(t *testing.T) { testgraph.ReturnAllEdges(t, b.b(true), false) })
			t.Run("ReturnEdgeSlice", func(t *testing.T) { testgraph.ReturnEdgeSlice(t, b.b(true), false) })
			t.Run("ReturnNodeSlice", func(t *testing.T) {
				if _, ok := (&Model{}).Nodes().(graph.NodeSlicer); !ok {
					t.Skip("graph: Model.Nodes does not return a graph.NodeSlicer (nodeIter has no NodeSlice method)")
				}
				testgraph.ReturnNodeSlice(t, b.b(false), false)
			})
		})
	}
}

// graphNames returns the names of nodes, in order.
func graphNames(nodes []graph.Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.(Node).Name())
	}
	return out
}

func TestGraphFixtures(t *testing.T) {
	for _, f := range graphFixtures {
		t.Run(f.name, func(t *testing.T) {
			m := mustCompile(t, f.n())
			names, edges := refGraph(f.n())

			// Nodes: as many as the declaration has components, each
			// found by name, with dense IDs 0..Len-1.
			nodes := graph.NodesOf(m.Nodes())
			if got, want := len(nodes), len(names); got != want {
				t.Errorf("len(Nodes()) = %d, want %d", got, want)
			}
			for i, n := range nodes {
				if n.ID() != int64(i) {
					t.Errorf("Nodes()[%d].ID() = %d, want %d (dense IDs in order)", i, n.ID(), i)
				}
				x := n.(Node)
				if y, ok := m.NodeOf(x.Name()); !ok || y != x {
					t.Errorf("NodeOf(%q) = %v, %v; want %v", x.Name(), y, ok, x)
				}
				if x.DOTID() != x.Name() {
					t.Errorf("node %d: DOTID() = %q, want its name %q", i, x.DOTID(), x.Name())
				}
			}
			slices.Sort(names)
			got := graphNames(nodes)
			slices.Sort(got)
			if diff := cmp.Diff(names, got); diff != "" {
				t.Errorf("node names (-want +got):\n%s", diff)
			}
			for _, id := range []int64{-1, int64(len(nodes)), 1 << 40} {
				if m.Node(id) != nil {
					t.Errorf("Node(%d) = %v, want nil", id, m.Node(id))
				}
				if m.From(id) != graph.Empty || m.To(id) != graph.Empty {
					t.Errorf("From/To(%d) are not graph.Empty", id)
				}
			}

			// Edges: exactly the reference's; To is the reverse of From.
			want := map[[2]string]bool{}
			for _, e := range edges {
				want[e] = true
			}
			var from, to [][2]string
			for _, u := range nodes {
				for _, v := range graph.NodesOf(m.From(u.ID())) {
					from = append(from, [2]string{u.(Node).Name(), v.(Node).Name()})
				}
				for _, v := range graph.NodesOf(m.To(u.ID())) {
					to = append(to, [2]string{v.(Node).Name(), u.(Node).Name()})
				}
			}
			sortPairs := func(p [][2]string) [][2]string {
				slices.SortFunc(p, func(a, b [2]string) int {
					if c := strings.Compare(a[0], b[0]); c != 0 {
						return c
					}
					return strings.Compare(a[1], b[1])
				})
				return p
			}
			wantList := sortPairs(slices.Clone(edges))
			if diff := cmp.Diff(wantList, sortPairs(from)); diff != "" {
				t.Errorf("edges by From (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantList, sortPairs(to)); diff != "" {
				t.Errorf("edges by To, reversed (-want +got):\n%s", diff)
			}

			// Every ordered pair: HasEdgeFromTo, HasEdgeBetween and Edge
			// agree with the reference; Edge is nil for non-edges.
			for _, u := range nodes {
				for _, v := range nodes {
					un, vn := u.(Node).Name(), v.(Node).Name()
					has := want[[2]string{un, vn}]
					if got := m.HasEdgeFromTo(u.ID(), v.ID()); got != has {
						t.Errorf("HasEdgeFromTo(%s, %s) = %v, want %v", un, vn, got, has)
					}
					if got := m.HasEdgeBetween(u.ID(), v.ID()); got != (has || want[[2]string{vn, un}]) {
						t.Errorf("HasEdgeBetween(%s, %s) = %v", un, vn, got)
					}
					e := m.Edge(u.ID(), v.ID())
					switch {
					case has && (e == nil || e.From().ID() != u.ID() || e.To().ID() != v.ID()):
						t.Errorf("Edge(%s, %s) = %v, want the edge %s -> %s", un, vn, e, un, vn)
					case !has && e != nil:
						t.Errorf("Edge(%s, %s) = %v, want nil", un, vn, e)
					}
					if has {
						r := e.ReversedEdge()
						if r.From().ID() != v.ID() || r.To().ID() != u.ID() {
							t.Errorf("Edge(%s, %s).ReversedEdge() = %v", un, vn, r)
						}
					}
				}
			}

			// Iterators: Len counts down, Reset rewinds, Node is nil
			// outside the iteration.
			it := m.Nodes()
			if it.Node() != nil {
				t.Errorf("Nodes().Node() before Next = %v, want nil", it.Node())
			}
			n := it.Len()
			for i := 0; it.Next(); i++ {
				if it.Len() != n-i-1 {
					t.Fatalf("after %d Next, Len() = %d, want %d", i+1, it.Len(), n-i-1)
				}
			}
			if it.Node() != nil || it.Len() != 0 {
				t.Errorf("exhausted iterator: Node() = %v, Len() = %d", it.Node(), it.Len())
			}
			it.Reset()
			if it.Len() != n || !it.Next() || it.Node().ID() != 0 {
				t.Errorf("Reset did not rewind the iterator")
			}
		})
	}
}

// TestGraphCounts pins the number of nodes and edges of the fixtures,
// counted by hand from their declarations.
func TestGraphCounts(t *testing.T) {
	for _, c := range []struct {
		name         string
		n            *Network
		nodes, edges int
	}{
		// internet, 1 router, 6 subnets, 4 interfaces, 2 NAT gateways, 1 IGW;
		// subnets <-> router 12, interfaces and NATs <-> subnets 12, routes
		// (2 public -> igw, 2 app -> nat) 4, igw <-> internet 2, igw -> router 1.
		{"threeTier", threeTier(), 15, 31},
		// internet, 4 routers, 6 subnets, 4 interfaces, 2 peerings, 1 transit
		// gateway; subnets <-> routers 12, interfaces <-> subnets 8, routes
		// (hub 2x2, spoke-a 2x2, spoke-b 1, spoke-c 1) 10, peerings -> routers
		// 4, transit gateway -> attachment subnets 3.
		{"hubSpoke", hubSpoke(), 18, 37},
	} {
		m := mustCompile(t, c.n)
		nodes := graph.NodesOf(m.Nodes())
		edges := 0
		for _, u := range nodes {
			edges += m.From(u.ID()).Len()
		}
		if len(nodes) != c.nodes || edges != c.edges {
			t.Errorf("%s: %d nodes and %d edges, want %d and %d", c.name, len(nodes), edges, c.nodes, c.edges)
		}
	}
}

// TestGraphGonumAlgorithms runs gonum's traversals and path searches on
// the model: the internet reaches a public interface through the internet
// gateway and the VPC router, and components are connected as expected.
func TestGraphGonumAlgorithms(t *testing.T) {
	m := mustCompile(t, threeTier())
	node := func(name string) Node {
		n, ok := m.NodeOf(name)
		if !ok {
			t.Fatalf("NodeOf(%q): no such node", name)
		}
		return n
	}
	inet, alb := node("internet"), node("eni-alb-a")

	// Breadth-first search from the internet finds the ALB, at depth 4.
	var bf traverse.BreadthFirst
	depth := -1
	found := bf.Walk(m, inet, func(n graph.Node, d int) bool {
		if n.ID() == alb.ID() {
			depth = d
			return true
		}
		return false
	})
	if found == nil || found.ID() != alb.ID() || depth != 4 {
		t.Errorf("BreadthFirst.Walk(internet) found %v at depth %d, want eni-alb-a at depth 4", found, depth)
	}

	// Dijkstra: the shortest path internet -> ALB.
	pt := path.DijkstraFrom(inet, m)
	p, weight := pt.To(alb.ID())
	want := []string{"internet", "igw-main", "vpc-main", "subnet-pub-a", "eni-alb-a"}
	if diff := cmp.Diff(want, graphNames(p)); diff != "" {
		t.Errorf("DijkstraFrom(internet).To(eni-alb-a) (-want +got):\n%s", diff)
	}
	if weight != 4 {
		t.Errorf("path weight = %v, want 4", weight)
	}
	if !topo.IsPathIn(m, p) {
		t.Errorf("topo.IsPathIn(%v) = false", graphNames(p))
	}

	// Depth-first: everything is reachable from the internet, the whole
	// VPC being behind the gateway.
	var df traverse.DepthFirst
	reached := 0
	df.Walk(m, inet, func(graph.Node) bool { reached++; return false })
	if reached != len(graph.NodesOf(m.Nodes())) {
		t.Errorf("DepthFirst from internet reached %d nodes, want all %d", reached, len(graph.NodesOf(m.Nodes())))
	}

	// The graph is strongly connected (every component hands packets
	// back), so Tarjan finds one component.
	if scc := topo.TarjanSCC(m); len(scc) != 1 {
		t.Errorf("TarjanSCC found %d components, want 1", len(scc))
	}

	// hubSpoke: a packet can cross from spoke-c to spoke-b only through
	// spoke-a's peering and the hub's transit gateway, as components; the
	// graph knows nothing of non-transitivity, the engine does.
	h := mustCompile(t, hubSpoke())
	c, _ := h.NodeOf("eni-spoke-c")
	b, _ := h.NodeOf("eni-spoke-b")
	hp, _ := path.DijkstraFrom(c, h).To(b.ID())
	if got := fmt.Sprint(graphNames(hp)); got != "[eni-spoke-c spoke-c-eu-west-1a pcx-a-c spoke-a spoke-a-us-east-1a pcx-hub-a hub hub-us-east-1a tgw-1 spoke-b-us-east-1b eni-spoke-b]" {
		t.Errorf("hubSpoke path eni-spoke-c -> eni-spoke-b = %s", got)
	}
	// The internet reaches nothing in hubSpoke: it has no gateway.
	hi, _ := h.NodeOf("internet")
	if h.From(hi.ID()).Len() != 0 || h.To(hi.ID()).Len() != 0 {
		t.Errorf("hubSpoke: the internet node has edges")
	}
}
