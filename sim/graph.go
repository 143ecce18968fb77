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
	kind ComponentKind
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
	return Node{id: int64(i), kind: n.kind, name: n.id}
}

// Node implements [graph.Graph]; it returns nil for an unknown ID.
func (m *Model) Node(id int64) graph.Node {
	if id < 0 || id >= int64(len(m.nodes)) {
		return nil
	}
	return m.node(int32(id))
}

// NodeOf returns the graph node of the component with the given resource
// ID ("internet" for the internet, a VPC ID for its router).
func (m *Model) NodeOf(id string) (Node, bool) {
	i, ok := m.nodeIDs[id]
	if !ok {
		return Node{}, false
	}
	return m.node(i), true
}

// Nodes implements [graph.Graph], in ID order.
func (m *Model) Nodes() graph.Nodes { return &nodeIter{m: m, all: true, n: len(m.nodes), pos: -1} }

// From implements [graph.Graph], in ID order.
func (m *Model) From(id int64) graph.Nodes {
	if id < 0 || id >= int64(len(m.nodes)) {
		return graph.Empty
	}
	return &nodeIter{m: m, ids: m.adj[id], n: len(m.adj[id]), pos: -1}
}

// To implements [graph.Directed], in ID order.
func (m *Model) To(id int64) graph.Nodes {
	if id < 0 || id >= int64(len(m.nodes)) {
		return graph.Empty
	}
	return &nodeIter{m: m, ids: m.radj[id], n: len(m.radj[id]), pos: -1}
}

// HasEdgeFromTo implements [graph.Directed].
func (m *Model) HasEdgeFromTo(u, v int64) bool {
	if u < 0 || u >= int64(len(m.nodes)) || v < 0 || v >= int64(len(m.nodes)) {
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

// buildGraph lays out the nodes and the adjacency of the compiled model.
func (c *compiler) buildGraph() {
	m := c.m
	m.nodeIDs = make(map[string]int32, len(m.ids)+1)
	add := func(kind ComponentKind, idx int32, id string) int32 {
		m.nodeIDs[id] = int32(len(m.nodes))
		m.nodes = append(m.nodes, node{kind, idx, id})
		return int32(len(m.nodes) - 1)
	}
	inet := add(KindInternet, -1, "internet")
	router := make([]int32, len(m.vpcs))
	for i, v := range m.vpcs {
		router[i] = add(KindVPCRouter, int32(i), v.id)
	}
	subnet := make([]int32, len(m.subnets))
	for i, s := range m.subnets {
		subnet[i] = add(KindSubnet, int32(i), s.id)
	}
	eni := make([]int32, len(m.enis))
	for i, e := range m.enis {
		if e.nat >= 0 {
			eni[i] = add(KindNATGateway, e.nat, m.nats[e.nat].id)
		} else {
			eni[i] = add(KindInterface, int32(i), e.id)
		}
	}
	igw := make([]int32, len(m.igws))
	for i, g := range m.igws {
		igw[i] = add(KindInternetGateway, int32(i), g.id)
	}
	eigw := make([]int32, len(m.eigws))
	for i, g := range m.eigws {
		eigw[i] = add(KindEgressOnly, int32(i), g.id)
	}
	pcx := make([]int32, len(m.pcxs))
	for i, x := range m.pcxs {
		pcx[i] = add(KindPeering, int32(i), x.id)
	}
	tgw := make([]int32, len(m.tgws))
	for i, t := range m.tgws {
		tgw[i] = add(KindTransitGateway, int32(i), t.id)
	}
	m.adj = make([][]int32, len(m.nodes))
	edge := func(u, v int32) { m.adj[u] = append(m.adj[u], v) }
	for i, e := range m.enis {
		edge(eni[i], subnet[e.subnet])
		edge(subnet[e.subnet], eni[i])
	}
	for i, s := range m.subnets {
		edge(subnet[i], router[s.vpc])
		edge(router[s.vpc], subnet[i])
		for _, r := range m.rtbs[s.rtb].routes {
			if r.blackhole || r.local || r.tidx < 0 {
				continue
			}
			switch r.target.Kind {
			case "internet-gateway":
				edge(subnet[i], igw[r.tidx])
			case "egress-only-internet-gateway":
				edge(subnet[i], eigw[r.tidx])
			case "nat-gateway":
				edge(subnet[i], eni[m.nats[r.tidx].eni])
			case "network-interface":
				edge(subnet[i], eni[r.tidx])
			case "vpc-peering-connection":
				edge(subnet[i], pcx[r.tidx])
			case "transit-gateway":
				edge(subnet[i], tgw[r.tidx])
			}
		}
	}
	for i, g := range m.igws {
		if g.vpc >= 0 {
			edge(igw[i], inet)
			edge(inet, igw[i])
			edge(igw[i], router[g.vpc])
		}
	}
	for i, g := range m.eigws {
		edge(eigw[i], inet)
		edge(inet, eigw[i])
		edge(eigw[i], router[g.vpc])
	}
	for i, x := range m.pcxs {
		if x.active {
			edge(pcx[i], router[x.a])
			edge(pcx[i], router[x.b])
		}
	}
	for _, a := range m.tgwAtts {
		for _, s := range a.subnets {
			edge(tgw[a.tgw], subnet[s])
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
