package sim_test

import (
	"bytes"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// pictureDir holds the golden pictures: <case>.dot and <case>.mmd.
// go test ./sim -run Picture -update rewrites them.
const pictureDir = "testdata/picture"

// pictureNetwork is a small multi-VPC, multi-account network: a shared
// database VPC (account 111111111111) peered with a web VPC (account
// 222222222222) that has a public subnet behind an internet gateway and an
// app subnet. The database admits Postgres from the app subnet only, and
// the app subnet still routes a range to a deleted NAT gateway.
func pictureNetwork() *sim.Network {
	p, a := netip.MustParsePrefix, netip.MustParseAddr
	tcp := vpc.ProtocolTCP
	return &sim.Network{
		VPCs: []vpc.VPC{
			{ID: "vpc-shared", CIDRs: []netip.Prefix{p("10.0.0.0/16")}, Account: "111111111111", Region: "us-east-1"},
			{ID: "vpc-web", CIDRs: []netip.Prefix{p("10.1.0.0/16")}, Account: "222222222222", Region: "us-east-1"},
		},
		Subnets: []vpc.Subnet{
			{ID: "shared-db-a", VPC: "vpc-shared", AvailabilityZone: "us-east-1a", CIDR: p("10.0.1.0/24")},
			{ID: "web-pub-a", VPC: "vpc-web", AvailabilityZone: "us-east-1a", CIDR: p("10.1.0.0/24")},
			{ID: "web-app-a", VPC: "vpc-web", AvailabilityZone: "us-east-1a", CIDR: p("10.1.1.0/24")},
		},
		InternetGateways:   []vpc.InternetGateway{{ID: "igw-web", VPC: "vpc-web"}},
		PeeringConnections: []vpc.PeeringConnection{{ID: "pcx-web-shared", RequesterVPC: "vpc-web", AccepterVPC: "vpc-shared"}},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-shared", VPC: "vpc-shared", Main: true, Routes: []vpc.Route{
				{Destination: p("10.1.0.0/16"), Target: vpc.ToPeeringConnection("pcx-web-shared")},
			}},
			{ID: "rtb-web-pub", VPC: "vpc-web", Subnets: []string{"web-pub-a"}, Routes: []vpc.Route{
				{Destination: p("0.0.0.0/0"), Target: vpc.ToInternetGateway("igw-web")},
				{Destination: p("10.0.0.0/16"), Target: vpc.ToPeeringConnection("pcx-web-shared")},
			}},
			{ID: "rtb-web-app", VPC: "vpc-web", Subnets: []string{"web-app-a"}, Routes: []vpc.Route{
				{Destination: p("10.0.0.0/16"), Target: vpc.ToPeeringConnection("pcx-web-shared")},
				{Destination: p("203.0.113.0/24"), Target: vpc.ToNATGateway("nat-deleted"), Blackhole: true},
			}},
		},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-db", VPC: "vpc-shared",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(5432), CIDR: p("10.1.1.0/24")}}},
			{ID: "sg-web", VPC: "vpc-web",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), CIDR: p("0.0.0.0/0")}},
				Egress:  []vpc.SGRule{vpc.AllowAllEgress()}},
			{ID: "sg-app", VPC: "vpc-web", Egress: []vpc.SGRule{vpc.AllowAllEgress()}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-db", Subnet: "shared-db-a", Kind: vpc.KindRDS, SecurityGroups: []string{"sg-db"}},
			{ID: "eni-web", Subnet: "web-pub-a", SecurityGroups: []string{"sg-web"}, PublicIP: a("54.0.0.10")},
			{ID: "eni-app", Subnet: "web-app-a", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-app"}},
		},
	}
}

// pictureCases are the pictures pinned by golden files: the bare topology,
// and one reachable and two blocked results highlighted on it.
func pictureCases() []struct {
	name   string
	q      *sim.Query
	status sim.Status
	reason sim.Reason
} {
	a := netip.MustParseAddr
	return []struct {
		name   string
		q      *sim.Query
		status sim.Status
		reason sim.Reason
	}{
		{name: "topology"},
		{name: "app-to-db-via-peering", q: &sim.Query{From: sim.ENI("eni-app"), To: sim.ENI("eni-db"), Port: 5432},
			status: sim.Reachable},
		{name: "web-to-db-sg-ingress", q: &sim.Query{From: sim.ENI("eni-web"), To: sim.ENI("eni-db"), Port: 5432},
			status: sim.Blocked, reason: sim.SGIngress},
		{name: "app-to-internet-blackhole", q: &sim.Query{From: sim.ENI("eni-app"), To: sim.InternetAddress(a("203.0.113.10")), Port: 443},
			status: sim.Blocked, reason: sim.BlackholeRoute},
	}
}

func compilePicture(t *testing.T, n *sim.Network) *sim.Model {
	t.Helper()
	m, err := sim.Compile(n)
	if err != nil {
		t.Fatalf("Compile(pictureNetwork()) = %v", err)
	}
	return m
}

// pictures returns the DOT and Mermaid outputs of every case.
func pictures(t *testing.T, m *sim.Model) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, c := range pictureCases() {
		var r *sim.Result
		if c.q != nil {
			var err error
			if r, err = m.Reach(*c.q); err != nil {
				t.Fatalf("Reach(%v) = %v", *c.q, err)
			}
			if r.Status != c.status || r.Reason != c.reason {
				t.Errorf("%s: Reach = %v (%v), want %v (%v)", c.name, r.Status, r.Reason, c.status, c.reason)
			}
		}
		d, err := m.DOT(r)
		if err != nil {
			t.Fatalf("%s: DOT() = %v", c.name, err)
		}
		out[c.name+".dot"] = string(d)
		out[c.name+".mmd"] = m.Mermaid(r)
	}
	return out
}

// TestPictureGolden compares the DOT and Mermaid pictures with their golden
// files; -update rewrites them.
func TestPictureGolden(t *testing.T) {
	m := compilePicture(t, pictureNetwork())
	got := pictures(t, m)
	if *updateGolden {
		if err := os.MkdirAll(pictureDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	names := make([]string, 0, len(got))
	for name := range got {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		file := filepath.Join(pictureDir, name)
		if *updateGolden {
			if err := os.WriteFile(file, []byte(got[name]), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("%v (run go test ./sim -run Picture -update to create it)", err)
			continue
		}
		if diff := cmp.Diff(string(want), got[name]); diff != "" {
			t.Errorf("%s differs (-want +got):\n%s", file, diff)
		}
	}
	files, err := filepath.Glob(filepath.Join(pictureDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if _, ok := got[filepath.Base(f)]; !ok {
			t.Errorf("%s belongs to no picture case; delete it", f)
		}
	}
}

// TestPictureDeterministic checks that the pictures do not depend on the
// declaration order of the resources.
func TestPictureDeterministic(t *testing.T) {
	want := pictures(t, compilePicture(t, pictureNetwork()))
	n := pictureNetwork()
	slices.Reverse(n.VPCs)
	slices.Reverse(n.Subnets)
	slices.Reverse(n.RouteTables)
	slices.Reverse(n.SecurityGroups)
	slices.Reverse(n.NetworkInterfaces)
	got := pictures(t, compilePicture(t, n))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pictures depend on declaration order (-declared +reversed):\n%s", diff)
	}
	m := compilePicture(t, pictureNetwork())
	if diff := cmp.Diff(want, pictures(t, m)); diff != "" {
		t.Errorf("pictures differ between runs (-first +second):\n%s", diff)
	}
}

// --- DOT read back with gonum's decoder ---------------------------------

// decoded is a gonum graph that keeps what dot.Unmarshal reads: node DOT
// IDs and attributes, edge attributes, and the graph attributes (into which
// the decoder flattens the clusters').
type decoded struct {
	*simple.DirectedGraph
	graphAttrs attrMap
}

func (g *decoded) NewNode() graph.Node {
	return &decodedNode{id: g.DirectedGraph.NewNode().ID(), attrs: attrMap{}}
}

func (g *decoded) NewEdge(from, to graph.Node) graph.Edge {
	return &decodedEdge{f: from, t: to, attrs: attrMap{}}
}

func (g *decoded) DOTAttributeSetters() (gr, n, e encoding.AttributeSetter) {
	return g.graphAttrs, nil, nil
}

type attrMap map[string]string

func (a attrMap) SetAttribute(x encoding.Attribute) error { a[x.Key] = x.Value; return nil }

type decodedNode struct {
	id    int64
	dotID string
	attrs attrMap
}

func (n *decodedNode) ID() int64                               { return n.id }
func (n *decodedNode) SetDOTID(id string)                      { n.dotID = id }
func (n *decodedNode) SetAttribute(a encoding.Attribute) error { return n.attrs.SetAttribute(a) }

type decodedEdge struct {
	f, t  graph.Node
	attrs attrMap
}

func (e *decodedEdge) From() graph.Node                        { return e.f }
func (e *decodedEdge) To() graph.Node                          { return e.t }
func (e *decodedEdge) ReversedEdge() graph.Edge                { return &decodedEdge{f: e.t, t: e.f, attrs: e.attrs} }
func (e *decodedEdge) SetAttribute(a encoding.Attribute) error { return e.attrs.SetAttribute(a) }

// TestPictureDOTRoundTrip parses the DOT output back with gonum's
// dot.Unmarshal: the same nodes (by DOT ID) and edges as the model, and the
// highlight's attributes on the path and on the blocking component.
func TestPictureDOTRoundTrip(t *testing.T) {
	m := compilePicture(t, pictureNetwork())
	for _, c := range pictureCases() {
		t.Run(c.name, func(t *testing.T) {
			var r *sim.Result
			if c.q != nil {
				r, _ = m.Reach(*c.q)
			}
			out, err := m.DOT(r)
			if err != nil {
				t.Fatal(err)
			}
			g := &decoded{DirectedGraph: simple.NewDirectedGraph(), graphAttrs: attrMap{}}
			if err := dot.Unmarshal(out, g); err != nil {
				t.Fatalf("dot.Unmarshal: %v\n%s", err, out)
			}
			byName := map[string]*decodedNode{}
			for _, n := range graph.NodesOf(g.Nodes()) {
				d := n.(*decodedNode)
				byName[d.dotID] = d
			}
			var wantNodes, gotNodes []string
			for _, n := range graph.NodesOf(m.Nodes()) {
				wantNodes = append(wantNodes, n.(sim.Node).Name())
			}
			for name := range byName {
				gotNodes = append(gotNodes, name)
			}
			slices.Sort(wantNodes)
			slices.Sort(gotNodes)
			if diff := cmp.Diff(wantNodes, gotNodes); diff != "" {
				t.Errorf("decoded nodes (-model +decoded):\n%s", diff)
			}
			var wantEdges, gotEdges []string
			for _, u := range graph.NodesOf(m.Nodes()) {
				for _, v := range graph.NodesOf(m.From(u.ID())) {
					wantEdges = append(wantEdges, u.(sim.Node).Name()+" -> "+v.(sim.Node).Name())
				}
			}
			for _, u := range graph.NodesOf(g.Nodes()) {
				for _, v := range graph.NodesOf(g.From(u.ID())) {
					gotEdges = append(gotEdges, u.(*decodedNode).dotID+" -> "+v.(*decodedNode).dotID)
				}
			}
			slices.Sort(wantEdges)
			slices.Sort(gotEdges)
			if diff := cmp.Diff(wantEdges, gotEdges); diff != "" {
				t.Errorf("decoded edges (-model +decoded):\n%s", diff)
			}
			for name, n := range byName {
				if !strings.HasPrefix(n.attrs["label"], name) {
					t.Errorf("node %s: label %q does not start with its ID", name, n.attrs["label"])
				}
			}
			if r == nil {
				for name, n := range byName {
					if n.attrs["color"] != "" {
						t.Errorf("node %s highlighted without a result: %v", name, n.attrs)
					}
				}
				return
			}
			// The decoder flattens cluster attributes into the graph's, so
			// look for the graph's label in the text.
			title := fmt.Sprintf("%s: %s", r.Query, r.Status)
			if q := strconv.Quote(title); !bytes.Contains(out, []byte("label="+q[:len(q)-1])) {
				t.Errorf("the graph label does not name the query %q", title)
			}
			// Every component of the path is highlighted, the blocking one
			// in red with its reason; the first hop's interface is blue.
			for _, h := range r.Path {
				n := byName[h.Component]
				if n == nil {
					t.Errorf("path component %s is not a node", h.Component)
					continue
				}
				if r.Block != nil && h.Component == r.Block.Component {
					continue
				}
				if n.attrs["color"] != "#1f6feb" {
					t.Errorf("path component %s: color %q, want blue", h.Component, n.attrs["color"])
				}
			}
			if r.Block != nil {
				n := byName[r.Block.Component]
				if n == nil {
					t.Fatalf("blocking component %s is not a node", r.Block.Component)
				}
				if n.attrs["color"] != "#cf222e" || !strings.Contains(n.attrs["label"], r.Reason.String()) {
					t.Errorf("blocking component %s: attributes %v, want red with %s", r.Block.Component, n.attrs, r.Reason)
				}
			}
			// Consecutive path components are joined by blue edges (through
			// the VPC router where the path does not record it).
			blue := 0
			for _, u := range graph.NodesOf(g.Nodes()) {
				for _, v := range graph.NodesOf(g.From(u.ID())) {
					if g.Edge(u.ID(), v.ID()).(*decodedEdge).attrs["color"] == "#1f6feb" {
						blue++
					}
				}
			}
			if blue == 0 {
				t.Errorf("no highlighted edge")
			}
		})
	}
}

// TestPictureDOTGraphviz renders the DOT output with Graphviz when it is
// installed (apt-get install graphviz); otherwise it is skipped.
func TestPictureDOTGraphviz(t *testing.T) {
	dotCmd, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("graphviz is not installed")
	}
	m := compilePicture(t, pictureNetwork())
	got := pictures(t, m)
	for name, out := range got {
		if !strings.HasSuffix(name, ".dot") {
			continue
		}
		cmd := exec.Command(dotCmd, "-Tsvg")
		cmd.Stdin = strings.NewReader(out)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		svg, err := cmd.Output()
		if err != nil || stderr.Len() > 0 || !bytes.Contains(svg, []byte("<svg")) {
			t.Errorf("%s: dot -Tsvg: %v %s", name, err, stderr.String())
		}
		// Graphviz draws one cluster per account, VPC (2) and subnet (3).
		accounts := strings.Count(out, "subgraph cluster_account_")
		if n := bytes.Count(svg, []byte(`class="cluster"`)); accounts == 0 || n != accounts+2+3 {
			t.Errorf("%s: %d clusters drawn, want %d accounts + 2 VPCs + 3 subnets", name, n, accounts)
		}
	}
}

// --- Mermaid syntax -----------------------------------------------------

var (
	mmID       = `[A-Za-z][A-Za-z0-9_]*`
	mmLabel    = `"[^"]*"`
	mmSubgraph = regexp.MustCompile(`^\s*subgraph (` + mmID + `) \[(` + mmLabel + `)\]$`)
	mmNode     = regexp.MustCompile(`^\s*(` + mmID + `)(\(\(|\{\{|\[/|\[\[|\(\[|\[|>)(` + mmLabel + `)(\)\)|\}\}|/\]|\]\]|\]\)|\])$`)
	mmLink     = regexp.MustCompile(`^\s*(` + mmID + `) (-->|<-->) (` + mmID + `)$`)
	mmClassDef = regexp.MustCompile(`^\s*classDef (path|blocked) [a-z-]+:[^ ]+$`)
	mmClass    = regexp.MustCompile(`^\s*class (` + mmID + `(?:,` + mmID + `)*) (path|blocked)$`)
	mmLinkSty  = regexp.MustCompile(`^\s*linkStyle ([0-9]+(?:,[0-9]+)*) [a-z-]+:[^ ]+$`)
	// Words Mermaid reserves, which an ID must not be.
	mmReserved = []string{"end", "graph", "flowchart", "subgraph", "class", "classDef", "style", "linkStyle", "click", "direction", "call", "href", "default"}
)

// checkMermaid checks the flowchart against the subset of Mermaid syntax
// the writer uses: front matter, the header, balanced subgraphs, nodes
// defined once with quoted labels, links between defined nodes, and
// styles naming defined nodes and existing links.
func checkMermaid(t *testing.T, name, s string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if lines[0] == "---" {
		if len(lines) < 3 || !strings.HasPrefix(lines[1], "title: '") || lines[2] != "---" {
			t.Errorf("%s: bad front matter %q", name, lines[:3])
			return
		}
		lines = lines[3:]
	}
	if lines[0] != "flowchart LR" {
		t.Errorf("%s: first line %q, want flowchart LR", name, lines[0])
	}
	nodes, subgraphs := map[string]bool{}, map[string]bool{}
	depth, links := 0, 0
	reserved := func(id string) bool {
		return slices.ContainsFunc(mmReserved, func(r string) bool { return strings.EqualFold(r, id) })
	}
	for i, l := range lines[1:] {
		switch {
		case mmSubgraph.MatchString(l):
			id := mmSubgraph.FindStringSubmatch(l)[1]
			if subgraphs[id] || nodes[id] || reserved(id) {
				t.Errorf("%s:%d: subgraph ID %q reused or reserved", name, i+2, id)
			}
			subgraphs[id] = true
			depth++
		case strings.TrimSpace(l) == "end":
			depth--
			if depth < 0 {
				t.Errorf("%s:%d: end without subgraph", name, i+2)
			}
		case mmNode.MatchString(l):
			id := mmNode.FindStringSubmatch(l)[1]
			if nodes[id] || subgraphs[id] || reserved(id) {
				t.Errorf("%s:%d: node ID %q reused or reserved", name, i+2, id)
			}
			nodes[id] = true
		case mmLink.MatchString(l):
			x := mmLink.FindStringSubmatch(l)
			if !nodes[x[1]] || !nodes[x[3]] {
				t.Errorf("%s:%d: link between undefined nodes: %q", name, i+2, l)
			}
			links++
		case mmClassDef.MatchString(l):
		case mmClass.MatchString(l):
			for _, id := range strings.Split(mmClass.FindStringSubmatch(l)[1], ",") {
				if !nodes[id] {
					t.Errorf("%s:%d: class names undefined node %q", name, i+2, id)
				}
			}
		case mmLinkSty.MatchString(l):
			for _, x := range strings.Split(mmLinkSty.FindStringSubmatch(l)[1], ",") {
				if k, _ := strconv.Atoi(x); k >= links {
					t.Errorf("%s:%d: linkStyle %d, but only %d links", name, i+2, k, links)
				}
			}
		default:
			t.Errorf("%s:%d: unexpected line %q", name, i+2, l)
		}
	}
	if depth != 0 {
		t.Errorf("%s: %d subgraphs left open", name, depth)
	}
}

// TestPictureMermaidSyntax checks the Mermaid outputs line by line, and
// that a result is highlighted: path nodes and links, the blocked node
// with its reason.
func TestPictureMermaidSyntax(t *testing.T) {
	m := compilePicture(t, pictureNetwork())
	for _, c := range pictureCases() {
		var r *sim.Result
		if c.q != nil {
			r, _ = m.Reach(*c.q)
		}
		s := m.Mermaid(r)
		checkMermaid(t, c.name, s)
		if r == nil {
			if strings.Contains(s, "class ") || strings.Contains(s, "linkStyle") {
				t.Errorf("%s: highlight without a result", c.name)
			}
			continue
		}
		if !strings.Contains(s, "classDef path") || !strings.Contains(s, "linkStyle ") {
			t.Errorf("%s: the path is not highlighted:\n%s", c.name, s)
		}
		if r.Block != nil && !strings.Contains(s, "BLOCKED "+r.Reason.String()) {
			t.Errorf("%s: the blocked node does not carry %s", c.name, r.Reason)
		}
	}
	// Resource IDs that Mermaid would misread, or that collide once
	// sanitized, still give distinct valid IDs.
	n := pictureNetwork()
	n.NetworkInterfaces = append(n.NetworkInterfaces,
		vpc.NetworkInterface{ID: "end", Subnet: "web-app-a"},
		vpc.NetworkInterface{ID: "eni.app", Subnet: "web-app-a"},
		vpc.NetworkInterface{ID: `eni"quote"`, Subnet: "web-app-a"},
	)
	weird, err := sim.Compile(n)
	if err != nil {
		t.Fatal(err)
	}
	s := weird.Mermaid(nil)
	checkMermaid(t, "weird IDs", s)
	for _, want := range []string{`n_end["end<br/>`, `n_eni_app_2["eni.app<br/>`, `n_eni_quote_["eni#quot;quote#quot;<br/>`} {
		if !strings.Contains(s, want) {
			t.Errorf("weird IDs: no %q in\n%s", want, s)
		}
	}
}

// TestPictureDefensive highlights results the model cannot place: hops on
// components it does not have, and a result of another network.
func TestPictureDefensive(t *testing.T) {
	m := compilePicture(t, pictureNetwork())
	foreign := &sim.Result{
		Query:  sim.Query{From: sim.ENI("eni-elsewhere"), To: sim.ENI("eni-db"), Port: 443},
		Status: sim.Blocked, Reason: sim.SGIngress,
		Path: []sim.Hop{
			{Component: "svc-lattice", Kind: "lattice-service", Step: sim.StepRoute, Ref: sim.RuleRef{Resource: "rtb-nowhere", List: "routes", Index: 3}},
			{Component: "eni-app", Kind: sim.KindInterface, Step: sim.StepSGEgress},
			{Component: "web-app-a", Kind: sim.KindSubnet, Step: sim.StepRoute, Ref: sim.RuleRef{Resource: "rtb-web-app", List: "routes", Index: 42}},
			{Component: "eni-db", Kind: sim.KindInterface, Step: sim.StepDeliver},
		},
		Block: &sim.Block{Component: "gone", Reason: sim.SGIngress, Rule: "<none> \"quoted\" #1"},
	}
	if _, err := m.DOT(foreign); err != nil {
		t.Errorf("DOT(foreign) = %v", err)
	}
	checkMermaid(t, "foreign", m.Mermaid(foreign))
	empty, err := sim.Compile(&sim.Network{})
	if err != nil {
		t.Fatal(err)
	}
	if out, err := empty.DOT(nil); err != nil || !bytes.Contains(out, []byte("internet")) {
		t.Errorf("empty network: DOT = %s, %v", out, err)
	}
	checkMermaid(t, "empty", empty.Mermaid(foreign))
}
