package sim

import (
	"slices"

	"gonum.org/v1/gonum/graph"
)

// The compiled model is a directed graph of the network's components: the
// internet, each VPC's router, subnets, network interfaces, internet and
// egress-only gateways, NAT gateways, peering connections and transit
// gateways. An edge u -> v means u can hand a packet to v: an interface to
// its subnet and back, a subnet to the VPC router (the local route) and to
// the target of each of its routes, the router to each subnet, gateways to
// and from the internet and into their VPC's router, an active peering
// connection to both VPC routers, a transit gateway to its attachment
// subnets.
//
// [Model] implements gonum's [graph.Directed] over its own compact
// adjacency, so gonum's traversals, path searches and encoders work on it
// directly. Node IDs are dense, 0 to Len()-1, and stable for a given
// network.

// node is a vertex of the component graph.
type node struct {
	kind kind
	idx  int32 // index in the kind's slice (VPC index for routers)
	id   string
}

// Node is a component of the compiled network as a gonum graph node.
type Node struct {
	id   int64
	kind ComponentKind
	name string
}

// ID implements [graph.Node].
func (n Node) ID() int64 { return n.id }

// Kind is the kind of component.
func (n Node) Kind() ComponentKind { return n.kind }

// Name is the component's resource ID ("internet" for the internet, the
// VPC ID for a VPC router).
func (n Node) Name() string { return n.name }

// DOTID names the node in Graphviz output.
func (n Node) DOTID() string { return n.name }

// Edge is a directed edge between two components.
type Edge struct{ F, T Node }

// From implements [graph.Edge].
func (e Edge) From() graph.Node { return e.F }

// To implements [graph.Edge].
func (e Edge) To() graph.Node { return e.T }

// ReversedEdge implements [graph.Edge].
func (e Edge) ReversedEdge() graph.Edge { return Edge{e.T, e.F} }

var _ graph.Directed = (*Model)(nil)

func (m *Model) node(i int32) Node {
	n := &m.nodes[i]
	return Node{id: int64(i), kind: kinds[n.kind].component, name: n.id}
}

// size returns the number of graph nodes, 0 for a nil model.
func (m *Model) size() int64 {
	if m == nil {
		return 0
	}
	return int64(len(m.nodes))
}

// Node implements [graph.Graph]; it returns nil for an unknown ID.
func (m *Model) Node(id int64) graph.Node {
	if id < 0 || id >= m.size() {
		return nil
	}
	return m.node(int32(id))
}

// NodeOf returns the graph node of the component with the given resource
// ID ("internet" for the internet, a VPC ID for its router).
func (m *Model) NodeOf(id string) (Node, bool) {
	if m == nil {
		return Node{}, false
	}
	i, ok := m.nodeIDs[id]
	if !ok {
		return Node{}, false
	}
	return m.node(i), true
}

// Nodes implements [graph.Graph], in ID order.
func (m *Model) Nodes() graph.Nodes {
	if m == nil {
		return graph.Empty
	}
	return &nodeIter{m: m, all: true, n: len(m.nodes), pos: -1}
}

// From implements [graph.Graph], in ID order.
func (m *Model) From(id int64) graph.Nodes {
	if id < 0 || id >= m.size() {
		return graph.Empty
	}
	return &nodeIter{m: m, ids: m.adj[id], n: len(m.adj[id]), pos: -1}
}

// To implements [graph.Directed], in ID order.
func (m *Model) To(id int64) graph.Nodes {
	if id < 0 || id >= m.size() {
		return graph.Empty
	}
	return &nodeIter{m: m, ids: m.radj[id], n: len(m.radj[id]), pos: -1}
}

// HasEdgeFromTo implements [graph.Directed].
func (m *Model) HasEdgeFromTo(u, v int64) bool {
	if n := m.size(); u < 0 || u >= n || v < 0 || v >= n {
		return false
	}
	_, ok := slices.BinarySearch(m.adj[u], int32(v))
	return ok
}

// HasEdgeBetween implements [graph.Graph].
func (m *Model) HasEdgeBetween(x, y int64) bool {
	return m.HasEdgeFromTo(x, y) || m.HasEdgeFromTo(y, x)
}

// Edge implements [graph.Graph]; it returns nil when there is no edge u -> v.
func (m *Model) Edge(u, v int64) graph.Edge {
	if !m.HasEdgeFromTo(u, v) {
		return nil
	}
	return Edge{m.node(int32(u)), m.node(int32(v))}
}

// nodeIter iterates over all nodes or over an adjacency list.
type nodeIter struct {
	m   *Model
	all bool
	ids []int32
	n   int
	pos int
}

// Next implements [graph.Iterator].
func (it *nodeIter) Next() bool {
	if it.pos+1 >= it.n {
		it.pos = it.n
		return false
	}
	it.pos++
	return true
}

// Len implements [graph.Iterator]: the nodes not yet visited.
func (it *nodeIter) Len() int {
	if it.pos >= it.n {
		return 0
	}
	return it.n - it.pos - 1
}

// Reset implements [graph.Iterator].
func (it *nodeIter) Reset() { it.pos = -1 }

// NodeSlice returns the remaining nodes (gonum's graph.NodeSlicer).
func (it *nodeIter) NodeSlice() []graph.Node {
	var out []graph.Node
	for it.Next() {
		out = append(out, it.Node())
	}
	return out
}

// Node implements [graph.Nodes]: the current node.
func (it *nodeIter) Node() graph.Node {
	if it.pos < 0 || it.pos >= it.n {
		return nil
	}
	if it.all {
		return it.m.node(int32(it.pos))
	}
	return it.m.node(it.ids[it.pos])
}

// graphBuilder lays out the graph: the kinds add their nodes and edges
// through it.
type graphBuilder struct {
	m  *Model
	at [numKinds][]int32 // the node of each component, by kind and index
}

// add adds the node of component c, with ID id, and returns it.
func (g *graphBuilder) add(c ref, id string) int32 {
	m := g.m
	n := int32(len(m.nodes))
	m.nodeIDs[id] = n
	m.nodes = append(m.nodes, node{c.kind, c.idx, id})
	g.alias(c, n)
	return n
}

// alias makes node n stand for component c too (a NAT gateway's node for
// its interface).
func (g *graphBuilder) alias(c ref, n int32) {
	for int(c.idx) >= len(g.at[c.kind]) {
		g.at[c.kind] = append(g.at[c.kind], -1)
	}
	g.at[c.kind][c.idx] = n
}

// node returns the node of component c.
func (g *graphBuilder) node(c ref) int32 { return g.at[c.kind][c.idx] }

// edge adds the edge u -> v (repeats are dropped at the end).
func (g *graphBuilder) edge(u, v int32) { g.m.adj[u] = append(g.m.adj[u], v) }

// buildGraph lays out the nodes of the compiled model, kind by kind in
// node order, then the edges, and sorts the adjacency.
func (c *compiler) buildGraph() {
	m := c.m
	m.nodeIDs = make(map[string]int32, len(m.ids)+1)
	g := &graphBuilder{m: m}
	for _, k := range nodeOrder {
		kinds[k].nodes(g)
	}
	m.adj = make([][]int32, len(m.nodes))
	for k := range kinds {
		if edges := kinds[k].edges; edges != nil {
			edges(g)
		}
	}
	m.radj = make([][]int32, len(m.nodes))
	for u := range m.adj {
		slices.Sort(m.adj[u])
		m.adj[u] = slices.Compact(m.adj[u])
		for _, v := range m.adj[u] {
			m.radj[v] = append(m.radj[v], int32(u))
		}
	}
	// radj is filled in increasing u, so each list is already sorted.
}
