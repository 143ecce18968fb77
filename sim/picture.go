package sim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/iterator"
)

// This file draws the compiled model: [Model.DOT] encodes the component
// graph in Graphviz DOT with gonum's encoder, [Model.Mermaid] writes it as a
// Mermaid flowchart that GitHub renders in Markdown. Both group components
// the same way (account > VPC > subnet), and both can highlight one
// query's [Result] on the topology.
//
// Grouping. Each VPC is a cluster inside the cluster of its account (VPCs
// that declare no account share one unnamed cluster). A VPC's cluster holds
// its router and its internet and egress-only gateways, and one cluster per
// subnet, which holds the subnet and its network interfaces and NAT
// gateways. The internet, peering connections and transit gateways (which
// join VPCs, possibly of several accounts) and detached internet gateways
// stay at the top level.
//
// Highlighting. The nodes and edges of the forward path are drawn in bold
// blue. A hop names a component; consecutive components are joined by the
// graph edge between them, or through the one component between them the
// walk does not record as a hop (the VPC router, for the local route). A
// hop that routes a packet contributes the route's target, so a flow sent
// to a NAT gateway or an appliance shows that edge rather than the VPC
// router. For a blocked result the blocking component is drawn in red, its
// label carrying the reason code and the rule, and the edge that led to
// it, when the graph has one, in dashed red; for a blocked reply, the
// component that stopped it is drawn in red (the reply path is not drawn).
// Hops whose component is not a graph node are skipped.
//
// gonum's DOT encoder expresses the nesting: the graph is a dot.Structurer
// whose subgraphs (named "cluster_...", which Graphviz draws as boxes) are
// Structurers in turn. It writes every edge at the top level, and every
// node twice: bare inside its cluster, and with its attributes among the
// top-level node definitions.

// Colours of the pictures (GitHub's palette).
const (
	picBlue     = "#1f6feb"
	picRed      = "#cf222e"
	picRedFill  = "#ffebe9"
	picGrey     = "#8c959f"
	picDarkGrey = "#57606a"
	picFill     = "#f6f8fa"
)

// DOT encodes the component graph in Graphviz DOT, with gonum's
// [dot.Marshal] over the compiled model (a [graph.Directed]): one node per
// component, labelled with its ID and its addresses, one edge per graph edge,
// and nested clusters for accounts, VPCs and subnets (see the file
// comment). When highlight is not nil, its forward path is drawn in bold
// blue and, if it was blocked, the blocking component in red with the
// reason and rule; the graph's label is the query and its verdict.
//
// gonum's encoder writes a cluster's member nodes inside the cluster and
// every node again, with its attributes, in the node definitions at the top
// level; Graphviz keeps each node in the innermost cluster that names it.
// dot.Unmarshal reads the output back (flattening the clusters). The
// output is deterministic: clusters, nodes and edges come in ID order.
func (m *Model) DOT(highlight *Result) ([]byte, error) {
	if m == nil {
		return nil, errNilModel()
	}
	p := m.picture(highlight)
	return dot.Marshal(&dotGraph{p: p}, "", "", "  ")
}

// Mermaid writes the component graph as a Mermaid "flowchart LR", which
// GitHub renders in a ```mermaid block: nested subgraphs for accounts, VPCs
// and subnets (interfaces and NAT gateways inside their subnet), one node
// per component with a stable ID derived from its resource ID, and the
// graph's edges, a pair of opposite edges drawn as one two-headed link.
// When highlight is not nil, the nodes and links of its forward path are
// styled bold blue and the blocking component red, its label carrying the
// reason code and the rule; the chart's title is the query and its verdict.
// The output is deterministic. A nil model draws as an empty chart.
func (m *Model) Mermaid(highlight *Result) string {
	if m == nil {
		m = new(Model)
	}
	return m.picture(highlight).mermaid()
}

// picture is what both encoders draw: the clusters, the node labels and the
// highlighted parts of one result.
type picture struct {
	m      *Model
	title  string
	labels [][]string // per node, label lines
	top    []*picCluster
	loose  []int32 // nodes outside every cluster

	onPath    map[int32]bool
	pathEdges map[[2]int32]bool
	block     int32 // blocking node, or -1
	blockText []string
	blockEdge [2]int32 // edge that led to the block; from is -1 when none
}

// picCluster is a group of nodes: an account, a VPC or a subnet.
type picCluster struct {
	kind  string // "account", "vpc", "subnet"
	id    string // the account, VPC or subnet ID ("" for the unnamed account)
	label string
	nodes []int32
	subs  []*picCluster
}

// vpcAccount returns the account owning VPC v, "" when none is declared.
func (m *Model) vpcAccount(v vpcIdx) string { return m.vpcs[v].account }

func (m *Model) picture(res *Result) *picture {
	p := &picture{m: m, block: -1, blockEdge: [2]int32{-1, -1},
		onPath: map[int32]bool{}, pathEdges: map[[2]int32]bool{}}
	p.labels = make([][]string, len(m.nodes))
	for i := range m.nodes {
		p.labels[i] = m.nodeLabel(int32(i))
	}
	p.cluster()
	if res != nil {
		p.highlight(res)
	}
	return p
}

// nodeLabel describes node i in a few lines: its ID first.
func (m *Model) nodeLabel(i int32) []string {
	n := &m.nodes[i]
	if label := kinds[n.kind].label; label != nil {
		return label(m, n.idx)
	}
	return []string{n.id}
}

// cluster groups the nodes into account, VPC and subnet clusters.
func (p *picture) cluster() {
	m := p.m
	vpcC := make([]*picCluster, len(m.vpcs))
	accounts := map[string]*picCluster{}
	for v := range m.vpcs {
		V := &m.vpcs[v]
		a := m.vpcAccount(vpcIdx(v))
		ac := accounts[a]
		if ac == nil {
			ac = &picCluster{kind: "account", id: a}
			if a != "" {
				ac.label = "account " + a
			}
			accounts[a] = ac
			p.top = append(p.top, ac)
		}
		label := "VPC " + V.id
		if V.region != "" {
			label += " (" + V.region + ")"
		}
		vpcC[v] = &picCluster{kind: "vpc", id: V.id, label: label}
		ac.subs = append(ac.subs, vpcC[v])
	}
	slices.SortFunc(p.top, func(a, b *picCluster) int { return cmp.Compare(a.id, b.id) })
	subC := make([]*picCluster, len(m.subnets))
	for s := range m.subnets {
		S := &m.subnets[s]
		label := S.cidr.String() + " " + S.az
		if S.azID != "" {
			label += " (" + S.azID + ")"
		}
		subC[s] = &picCluster{kind: "subnet", id: S.id, label: label}
		vpcC[S.vpc].subs = append(vpcC[S.vpc].subs, subC[s])
	}
	for i := range m.nodes {
		n := &m.nodes[i]
		var c *picCluster
		if place := kinds[n.kind].place; place != nil {
			switch v, s := place(m, n.idx); {
			case s != noSubnet:
				c = subC[s]
			case v != noVPC:
				c = vpcC[v]
			}
		}
		if c == nil {
			p.loose = append(p.loose, int32(i))
			continue
		}
		c.nodes = append(c.nodes, int32(i))
	}
}

// highlight marks the forward path of res and its block.
func (p *picture) highlight(res *Result) {
	m := p.m
	p.title = fmt.Sprintf("%s: %s", res.Query, res.Status)
	if res.Block != nil {
		p.title += fmt.Sprintf(" (%s)", res.Reason)
	}
	seq := m.pathNodes(res.Path)
	for i, n := range seq {
		p.onPath[n] = true
		if i == 0 {
			continue
		}
		u := seq[i-1]
		if m.HasEdgeFromTo(int64(u), int64(n)) {
			p.pathEdges[[2]int32{u, n}] = true
			continue
		}
		if w := m.between(u, n); w >= 0 {
			p.onPath[w] = true
			p.pathEdges[[2]int32{u, w}] = true
			p.pathEdges[[2]int32{w, n}] = true
		}
	}
	if res.Block == nil {
		return
	}
	b, ok := m.nodeIDs[res.Block.Component]
	if !ok {
		return
	}
	p.block = b
	p.blockText = append([]string{"BLOCKED " + res.Block.Reason.String() + ":"}, picWrap(res.Block.Rule, 48)...)
	if res.Status == Blocked && len(seq) > 0 && !p.onPath[b] {
		if last := seq[len(seq)-1]; m.HasEdgeFromTo(int64(last), int64(b)) {
			p.blockEdge = [2]int32{last, b}
		}
	}
}

// pathNodes maps the hops of a path to the graph nodes the packet crossed,
// in order, without repeats in a row. A routing hop adds the route's target
// when a later hop shows the packet got past the route; the network ACL
// check of the target's own subnet on the way in is then not a node of its
// own (the packet goes from the route straight to the NAT gateway,
// appliance or transit gateway).
func (m *Model) pathNodes(hops []Hop) []int32 {
	var seq []int32
	push := func(n int32) {
		if len(seq) == 0 || seq[len(seq)-1] != n {
			seq = append(seq, n)
		}
	}
	pending := int32(-1)
	for i, h := range hops {
		n, ok := m.nodeIDs[h.Component]
		if !ok {
			continue
		}
		if pending >= 0 && n != pending && h.Kind == KindSubnet && h.Step == StepACLInbound {
			continue
		}
		pending = -1
		push(n)
		if h.Kind != KindSubnet || h.Step != StepRoute || i == len(hops)-1 {
			continue
		}
		if t := m.routeTarget(h.Ref); t >= 0 {
			push(t)
			if kinds[m.nodes[t].kind].viaSubnet {
				pending = t
			}
		}
	}
	return seq
}

// routeTarget returns the graph node a route sends packets to (the VPC
// router for a local route), or -1.
func (m *Model) routeTarget(ref RuleRef) int32 {
	r, ok := m.ids[ref.Resource]
	prop := ref.List == "propagations"
	if !ok || r.kind != kindRouteTable || ref.List != "routes" && !prop {
		return -1
	}
	T := &m.rtbs[r.idx]
	router := func() int32 {
		if n, ok := m.nodeIDs[m.vpcs[T.vpc].id]; ok {
			return n
		}
		return -1
	}
	if ref.Index < 0 && !prop {
		return router()
	}
	for i := range T.routes {
		rt := &T.routes[i]
		if rt.index != ref.Index || rt.propagated != prop {
			continue
		}
		if rt.local {
			return router()
		}
		if n, ok := m.nodeIDs[rt.target.ID]; ok {
			return n
		}
		return -1
	}
	return -1
}

// between returns the lowest node w with edges u -> w -> v, or -1.
func (m *Model) between(u, v int32) int32 {
	for _, w := range m.adj[u] {
		if m.HasEdgeFromTo(int64(w), int64(v)) {
			return w
		}
	}
	return -1
}

// picWrap splits s into lines of at most width bytes at spaces (longer words
// stay whole).
func picWrap(s string, width int) []string {
	var out []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) <= width:
			line += " " + w
		default:
			out = append(out, line)
			line = w
		}
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

// label returns the label lines of node n, with the block text for the
// blocking node.
func (p *picture) label(n int32) []string {
	if n == p.block {
		return append(slices.Clone(p.labels[n]), p.blockText...)
	}
	return p.labels[n]
}

// --- Graphviz ------------------------------------------------------------

// dotGraph is the model as gonum's DOT encoder sees it: the model's graph
// with attributed nodes and edges, graph attributes and clusters.
type dotGraph struct{ p *picture }

var (
	_ graph.Directed  = (*dotGraph)(nil)
	_ dot.Attributers = (*dotGraph)(nil)
	_ dot.Structurer  = (*dotGraph)(nil)
	_ dot.Graph       = (*dotGraph)(nil)
)

// DOTID names the graph.
func (g *dotGraph) DOTID() string { return "vpcsim" }

// DOTAttributers returns the graph, node and edge defaults.
func (g *dotGraph) DOTAttributers() (gr, node, edge encoding.Attributer) {
	ga := dotKV("rankdir", "LR", "fontname", "Helvetica", "fontsize", "12")
	if g.p.title != "" {
		ga = append(ga, dotKV("label", g.p.title, "labelloc", "t")...)
	}
	return ga,
		dotKV("fontname", "Helvetica", "fontsize", "10"),
		dotKV("color", picGrey, "arrowsize", "0.6")
}

// Structure returns the top-level clusters: the accounts.
func (g *dotGraph) Structure() []dot.Graph {
	out := make([]dot.Graph, len(g.p.top))
	for i, c := range g.p.top {
		out[i] = &dotCluster{p: g.p, c: c}
	}
	return out
}

func (g *dotGraph) node(n int32) graph.Node {
	p := g.p
	a := dotKV("label", strings.Join(p.label(n), "\n"), "shape", kinds[p.m.nodes[n].kind].dotShape)
	switch {
	case n == p.block:
		a = append(a, dotKV("color", picRed, "fontcolor", picRed, "penwidth", "2.5",
			"style", "filled", "fillcolor", picRedFill)...)
	case p.onPath[n]:
		a = append(a, dotKV("color", picBlue, "fontcolor", picBlue, "penwidth", "2.5")...)
	}
	return dotNode{Node: p.m.node(n), attrs: a}
}

// Node implements graph.Graph.
func (g *dotGraph) Node(id int64) graph.Node {
	if g.p.m.Node(id) == nil {
		return nil
	}
	return g.node(int32(id))
}

// Nodes implements graph.Graph.
func (g *dotGraph) Nodes() graph.Nodes {
	ns := make([]graph.Node, len(g.p.m.nodes))
	for i := range ns {
		ns[i] = g.node(int32(i))
	}
	return iterator.NewOrderedNodes(ns)
}

// From implements graph.Graph.
func (g *dotGraph) From(id int64) graph.Nodes { return g.p.m.From(id) }

// To implements graph.Directed.
func (g *dotGraph) To(id int64) graph.Nodes { return g.p.m.To(id) }

// HasEdgeBetween implements graph.Graph.
func (g *dotGraph) HasEdgeBetween(x, y int64) bool { return g.p.m.HasEdgeBetween(x, y) }

// HasEdgeFromTo implements graph.Directed.
func (g *dotGraph) HasEdgeFromTo(u, v int64) bool { return g.p.m.HasEdgeFromTo(u, v) }

// Edge implements graph.Graph, with the highlight's attributes.
func (g *dotGraph) Edge(u, v int64) graph.Edge {
	e, ok := g.p.m.Edge(u, v).(Edge)
	if !ok {
		return nil
	}
	k := [2]int32{int32(u), int32(v)}
	var a dotAttrs
	switch {
	case g.p.pathEdges[k]:
		a = dotKV("color", picBlue, "penwidth", "2.5")
	case g.p.blockEdge == k:
		a = dotKV("color", picRed, "penwidth", "2.5", "style", "dashed")
	}
	return dotEdge{Edge: e, attrs: a}
}

// dotAttrs is a list of DOT attributes in the order they are written.
type dotAttrs []encoding.Attribute

// dotKV builds attributes from alternating keys and values.
func dotKV(kvs ...string) dotAttrs {
	a := make(dotAttrs, 0, len(kvs)/2)
	for i := 0; i+1 < len(kvs); i += 2 {
		a = append(a, encoding.Attribute{Key: kvs[i], Value: kvs[i+1]})
	}
	return a
}

// Attributes implements encoding.Attributer.
func (a dotAttrs) Attributes() []encoding.Attribute { return a }

// dotNode is a component with its DOT attributes.
type dotNode struct {
	Node
	attrs dotAttrs
}

// Attributes implements encoding.Attributer.
func (n dotNode) Attributes() []encoding.Attribute { return n.attrs }

// dotEdge is an edge with its DOT attributes.
type dotEdge struct {
	Edge
	attrs dotAttrs
}

// Attributes implements encoding.Attributer.
func (e dotEdge) Attributes() []encoding.Attribute { return e.attrs }

// dotCluster is a cluster as a gonum DOT subgraph: a graph of its member
// nodes, without edges (the top level holds them all), whose Structure
// returns the nested clusters.
type dotCluster struct {
	p *picture
	c *picCluster
}

var (
	_ graph.Directed  = (*dotCluster)(nil)
	_ dot.Attributers = (*dotCluster)(nil)
	_ dot.Structurer  = (*dotCluster)(nil)
)

// DOTID names the cluster; Graphviz draws subgraphs named "cluster..." as
// boxes.
func (c *dotCluster) DOTID() string { return "cluster_" + c.c.kind + "_" + c.c.id }

// DOTAttributers returns the cluster's label and style. The label is
// always set, so that clusters do not inherit the graph's.
func (c *dotCluster) DOTAttributers() (gr, node, edge encoding.Attributer) {
	a := dotKV("label", c.c.label)
	switch c.c.kind {
	case "account":
		a = append(a, dotKV("style", "dashed", "color", picDarkGrey)...)
	case "vpc":
		a = append(a, dotKV("style", "rounded", "color", picBlue)...)
	case "subnet":
		a = append(a, dotKV("style", "rounded,filled", "color", picGrey, "fillcolor", picFill)...)
	}
	return a, nil, nil
}

// Structure returns the nested clusters.
func (c *dotCluster) Structure() []dot.Graph {
	out := make([]dot.Graph, len(c.c.subs))
	for i, s := range c.c.subs {
		out[i] = &dotCluster{p: c.p, c: s}
	}
	return out
}

// Node implements graph.Graph.
func (c *dotCluster) Node(id int64) graph.Node {
	if slices.Contains(c.c.nodes, int32(id)) {
		return c.p.m.node(int32(id))
	}
	return nil
}

// Nodes implements graph.Graph: the member nodes, without attributes (the
// top level writes them).
func (c *dotCluster) Nodes() graph.Nodes {
	ns := make([]graph.Node, len(c.c.nodes))
	for i, n := range c.c.nodes {
		ns[i] = c.p.m.node(n)
	}
	return iterator.NewOrderedNodes(ns)
}

// From implements graph.Graph; clusters hold no edges.
func (c *dotCluster) From(int64) graph.Nodes { return graph.Empty }

// To implements graph.Directed.
func (c *dotCluster) To(int64) graph.Nodes { return graph.Empty }

// HasEdgeBetween implements graph.Graph.
func (c *dotCluster) HasEdgeBetween(int64, int64) bool { return false }

// HasEdgeFromTo implements graph.Directed.
func (c *dotCluster) HasEdgeFromTo(int64, int64) bool { return false }

// Edge implements graph.Graph.
func (c *dotCluster) Edge(int64, int64) graph.Edge { return nil }

// --- Mermaid -------------------------------------------------------------

// mermaid writes the picture as a Mermaid flowchart.
func (p *picture) mermaid() string {
	m := p.m
	var b strings.Builder
	if p.title != "" {
		// The YAML front matter gives the chart a title; single quotes
		// need no escaping but their own doubling.
		fmt.Fprintf(&b, "---\ntitle: '%s'\n---\n", strings.ReplaceAll(p.title, "'", "''"))
	}
	b.WriteString("flowchart LR\n")

	// Stable, unique IDs: a prefix per kind of thing, then the resource ID
	// with every character outside [A-Za-z0-9_] replaced by "_".
	used := map[string]bool{}
	unique := func(prefix, id string) string {
		s := prefix + mermaidSanitize(id)
		for i := 2; used[s]; i++ {
			s = fmt.Sprintf("%s%s_%d", prefix, mermaidSanitize(id), i)
		}
		used[s] = true
		return s
	}
	ids := make([]string, len(m.nodes))
	for i := range m.nodes {
		ids[i] = unique("n_", m.nodes[i].id)
	}
	prefix := map[string]string{"account": "acct_", "vpc": "vpc_", "subnet": "sn_"}

	writeNode := func(n int32, indent string) {
		sh := kinds[m.nodes[n].kind].mermaidShape
		fmt.Fprintf(&b, "%s%s%s\"%s\"%s\n", indent, ids[n], sh[0], mermaidLabel(p.label(n)), sh[1])
	}
	var writeCluster func(c *picCluster, indent string)
	writeCluster = func(c *picCluster, indent string) {
		label := c.label
		if label == "" {
			label = " "
		}
		fmt.Fprintf(&b, "%ssubgraph %s [\"%s\"]\n", indent, unique(prefix[c.kind], c.id), mermaidLabel([]string{label}))
		for _, n := range c.nodes {
			writeNode(n, indent+"  ")
		}
		for _, s := range c.subs {
			writeCluster(s, indent+"  ")
		}
		fmt.Fprintf(&b, "%send\n", indent)
	}
	for _, c := range p.top {
		writeCluster(c, "  ")
	}
	for _, n := range p.loose {
		writeNode(n, "  ")
	}

	// Links: a pair of opposite edges is one two-headed link.
	var pathLinks, blockLinks []string
	link := 0
	for u := range m.adj {
		for _, v := range m.adj[u] {
			U, V := int32(u), v
			both := m.HasEdgeFromTo(int64(v), int64(u))
			if both && V < U {
				continue // written with its opposite
			}
			arrow := "-->"
			if both {
				arrow = "<-->"
			}
			fmt.Fprintf(&b, "  %s %s %s\n", ids[U], arrow, ids[V])
			fwd, back := [2]int32{U, V}, [2]int32{V, U}
			switch {
			case p.pathEdges[fwd] || both && p.pathEdges[back]:
				pathLinks = append(pathLinks, fmt.Sprint(link))
			case p.blockEdge == fwd || both && p.blockEdge == back:
				blockLinks = append(blockLinks, fmt.Sprint(link))
			}
			link++
		}
	}

	// Highlight.
	var onPath []string
	for i := range m.nodes {
		if p.onPath[int32(i)] && int32(i) != p.block {
			onPath = append(onPath, ids[i])
		}
	}
	if len(onPath) > 0 {
		fmt.Fprintf(&b, "  classDef path stroke:%s,stroke-width:3px,color:%s\n", picBlue, picBlue)
		fmt.Fprintf(&b, "  class %s path\n", strings.Join(onPath, ","))
	}
	if p.block >= 0 {
		fmt.Fprintf(&b, "  classDef blocked fill:%s,stroke:%s,stroke-width:3px,color:%s\n", picRedFill, picRed, picRed)
		fmt.Fprintf(&b, "  class %s blocked\n", ids[p.block])
	}
	if len(pathLinks) > 0 {
		fmt.Fprintf(&b, "  linkStyle %s stroke:%s,stroke-width:3px\n", strings.Join(pathLinks, ","), picBlue)
	}
	if len(blockLinks) > 0 {
		fmt.Fprintf(&b, "  linkStyle %s stroke:%s,stroke-width:3px,stroke-dasharray:4\n", strings.Join(blockLinks, ","), picRed)
	}
	return b.String()
}

// mermaidSanitize maps a resource ID to the characters Mermaid IDs take.
func mermaidSanitize(id string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_':
			return r
		}
		return '_'
	}, id)
}

// mermaidLabel joins label lines with <br/> for a quoted Mermaid label,
// writing the characters that would end the string or start markup as
// Mermaid entity codes.
func mermaidLabel(lines []string) string {
	esc := strings.NewReplacer(`"`, "#quot;", "#", "#35;", "<", "#lt;", ">", "#gt;")
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = esc.Replace(l)
	}
	return strings.Join(out, "<br/>")
}
