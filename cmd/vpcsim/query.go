package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/internal/archcheck"
	"github.com/vpcsim/vpcsim/sim"
)

var reachCmd = &command{
	name: "reach", args: "CONFIG FROM TO FLOW",
	summary: "whether one flow passes, with its path and what blocks it",
	help: `Reach answers one query: whether FROM reaches TO with FLOW, replies
included, with the path hop by hop (the component, the rule or route that
let the packet through, the packet as it left), the reply's path, and for a
blocked flow the component, reason code and rule that block it. Through a
load balancer or a VPC Lattice service it also prints what the component
decided and each connection it opened to a target.

The request flags describe the HTTP request the flow carries, for
application load balancer and Lattice rules (default: GET / without a Host
header), and the caller flags the principal making it, for Lattice auth
policies (default: an anonymous, unsigned caller).

Examples:
  vpcsim reach net.json eni-app eni-db tcp/5432
  vpcsim reach plan.json internet tag:Name=web-0 tcp/443
  vpcsim reach net.json eni-app internet@8.8.8.8 udp/53 --format json
  vpcsim reach net.json subnet:subnet-app-a eni-db icmp --ipv6
  vpcsim reach state.json internet lb:public-alb tcp/443 --host shop.example.com --path /api/orders
  vpcsim reach plan.json eni:aws_instance.client/eni lattice:orders tcp/443 \
      --caller-arn arn:aws:iam::111122223333:role/orders-client --caller-org o-example
  vpcsim reach net.json eni-peer lattice:payments tcp/443 --through vpce-0a1b2c3d \
      --caller-arn arn:aws:iam::111122223333:role/orders-client`,
	flags: func(fs *flag.FlagSet, o *opts) {
		formatFlag(fs, o, "text", "json", "markdown")
		fs.BoolVar(&o.explain, "explain", false, "accepted for symmetry: reach always prints the full path and reply")
		queryFlags(fs, o)
		requestFlags(fs, o)
	},
	run: runReach,
}

func runReach(e *env, o *opts, args []string) error {
	if err := o.checkFormat("text", "json", "markdown"); err != nil {
		return err
	}
	if err := wantArgs(args, 4, 4, "CONFIG FROM TO FLOW"); err != nil {
		return err
	}
	c, err := e.load(o, args[0])
	if err != nil {
		return err
	}
	q, err := c.query(o, args[1], args[2], args[3])
	if err != nil {
		return err
	}
	if err = o.applyRequest(&q); err != nil {
		return err
	}
	r, err := c.m.Reach(q)
	if err != nil {
		return err
	}
	switch o.format {
	case "json":
		return writeJSON(e.stdout, r)
	case "markdown":
		writeResultMarkdown(e.stdout, r)
		return nil
	}
	fmt.Fprint(e.stdout, r)
	return nil
}

// query builds the query of one flow between two single endpoints.
func (c *config) query(o *opts, from, to, flow string) (sim.Query, error) {
	q, err := c.pair(o, from, to)
	if err != nil {
		return q, err
	}
	f, err := parseOneFlow(flow, o.ipv6)
	if err != nil {
		return q, usageError{err.Error()}
	}
	return f.Query(q), nil
}

// pair builds a query between two single endpoints, with the flags'
// family and ports.
func (c *config) pair(o *opts, from, to string) (sim.Query, error) {
	var q sim.Query
	eph, src, err := o.ports()
	if err != nil {
		return q, err
	}
	f, err := c.single(from, "FROM")
	if err != nil {
		return q, err
	}
	t, err := c.single(to, "TO")
	if err != nil {
		return q, err
	}
	return sim.Query{From: f, To: t, IPv6: o.ipv6, EphemeralPorts: eph, SrcPort: src}, nil
}

// single parses a target that must be one endpoint.
func (c *config) single(s, role string) (sim.Endpoint, error) {
	t, err := parseTarget(s)
	if err != nil {
		return sim.Endpoint{}, usageError{err.Error()}
	}
	eps, err := c.endpoints(t)
	if err != nil {
		return sim.Endpoint{}, err
	}
	if len(eps) != 1 {
		ids := make([]string, len(eps))
		for i, ep := range eps {
			ids[i] = ep.String()
		}
		return sim.Endpoint{}, fmt.Errorf("%s %s selects %d interfaces (%s); this command takes one endpoint", role, s, len(eps), strings.Join(ids, ", "))
	}
	return eps[0], nil
}

var portsCmd = &command{
	name: "ports", args: "CONFIG FROM TO",
	summary: "every protocol and port open from one endpoint to another",
	help: `Ports lists every flow on which FROM reaches TO, replies included: TCP and
UDP port ranges, ICMP type and code ranges, other protocols. The answer is
exact, computed at once rather than port by port. --explain prints, under
each range, the path of its first flow. The request and caller flags are
those of reach.

Examples:
  vpcsim ports net.json eni-app eni-db
  vpcsim ports plan.json internet eni-web --explain
  vpcsim ports aws_configs eni-0a1b subnet:subnet-db --format json`,
	flags: func(fs *flag.FlagSet, o *opts) {
		formatFlag(fs, o, "text", "json", "markdown")
		fs.BoolVar(&o.explain, "explain", false, "print the path of each range's first flow (in JSON, the witness results)")
		queryFlags(fs, o)
		requestFlags(fs, o)
	},
	run: func(e *env, o *opts, args []string) error {
		if err := o.checkFormat("text", "json", "markdown"); err != nil {
			return err
		}
		if err := wantArgs(args, 3, 3, "CONFIG FROM TO"); err != nil {
			return err
		}
		c, err := e.load(o, args[0])
		if err != nil {
			return err
		}
		q, err := c.pair(o, args[1], args[2])
		if err != nil {
			return err
		}
		if err = o.applyRequest(&q); err != nil {
			return err
		}
		open, err := c.m.OpenPorts(q)
		if err != nil {
			return err
		}
		switch o.format {
		case "json":
			return writeJSON(e.stdout, stripOpen(open, o.explain))
		case "markdown":
			fmt.Fprintf(e.stdout, "**%s -> %s%s: %s**\n\n", q.From, q.To, family(q.IPv6), archcheck.FromOpen(open))
			if len(open) == 0 {
				return nil
			}
			fmt.Fprint(e.stdout, "| flow | path of its first flow |\n|---|---|\n")
			for _, r := range open {
				fmt.Fprintf(e.stdout, "| %s | %s |\n", md(r.String()), md(pathSummary(r.Witness)))
			}
			return nil
		}
		if len(open) == 0 {
			fmt.Fprintf(e.stdout, "nothing open from %s to %s%s\n", q.From, q.To, family(q.IPv6))
		}
		for _, r := range open {
			fmt.Fprintln(e.stdout, r)
			if o.explain {
				writeIndented(e.stdout, r.Witness.String(), "  ")
			}
		}
		return nil
	},
}

var whoCmd = &command{
	name: "who-can-reach", args: "CONFIG TO FLOW",
	summary: "every source that reaches an endpoint with one flow",
	help: `Who-can-reach lists every source that reaches TO with FLOW, replies
included: groups of interfaces that every rule treats alike, then the
internet. The answer is exact. --explain prints the path of each group's
first source. The request and caller flags are those of reach: the same
request from every source.

Examples:
  vpcsim who-can-reach net.json eni-db tcp/5432
  vpcsim who-can-reach plan.json eni-web tcp/443 --explain
  vpcsim who-can-reach aws_configs 10.0.20.4 tcp/5432 --format markdown`,
	flags: func(fs *flag.FlagSet, o *opts) {
		formatFlag(fs, o, "text", "json", "markdown")
		fs.BoolVar(&o.explain, "explain", false, "print the path of each group's first source (in JSON, the witness results)")
		queryFlags(fs, o)
		requestFlags(fs, o)
	},
	run: func(e *env, o *opts, args []string) error {
		if err := o.checkFormat("text", "json", "markdown"); err != nil {
			return err
		}
		if err := wantArgs(args, 3, 3, "CONFIG TO FLOW"); err != nil {
			return err
		}
		c, err := e.load(o, args[0])
		if err != nil {
			return err
		}
		q, err := c.query(o, "internet", args[1], args[2])
		if err != nil {
			return err
		}
		q.From = sim.Endpoint{}
		if err = o.applyRequest(&q); err != nil {
			return err
		}
		rs, err := c.m.WhoCanReach(q)
		if err != nil {
			return err
		}
		name := func(r sim.Reacher) string {
			if r.Internet {
				return "internet"
			}
			if r.OnPrem != "" {
				return "onprem:" + r.OnPrem
			}
			return strings.Join(r.ENIs, ", ")
		}
		switch o.format {
		case "json":
			if !o.explain {
				rs = slices.Clone(rs)
				for i := range rs {
					rs[i].Witness = nil
				}
			}
			return writeJSON(e.stdout, rs)
		case "markdown":
			fmt.Fprintf(e.stdout, "**who reaches %s**\n\n", strings.TrimPrefix(q.String(), " -> "))
			if len(rs) == 0 {
				fmt.Fprint(e.stdout, "nothing\n")
				return nil
			}
			fmt.Fprint(e.stdout, "| sources | path of the first |\n|---|---|\n")
			for _, r := range rs {
				fmt.Fprintf(e.stdout, "| %s | %s |\n", md(name(r)), md(pathSummary(r.Witness)))
			}
			return nil
		}
		fmt.Fprintf(e.stdout, "who reaches %s:", strings.TrimPrefix(q.String(), " -> "))
		if len(rs) == 0 {
			fmt.Fprint(e.stdout, " nothing")
		}
		fmt.Fprintln(e.stdout)
		for _, r := range rs {
			fmt.Fprintf(e.stdout, "  %s\n", name(r))
			if o.explain && r.Witness != nil {
				writeIndented(e.stdout, r.Witness.String(), "    ")
			}
		}
		return nil
	},
}

var exposureCmd = &command{
	name: "exposure", args: "CONFIG [SELECTION...]",
	summary: "what the internet reaches",
	help: `Exposure lists the interfaces the internet reaches, in groups that share
subnet, security groups and public-address status, with the flows open to
some internet address, over IPv4 and IPv6; then the load balancers
(lb:ID) with the listener flows on which the internet reaches one of
their nodes, whatever the listener then does (--explain says: forward,
redirect, fixed response). SELECTION (targets, joined) keeps the groups
of the interfaces it selects, and no load balancer. --explain prints the
path of each group's first flow.

Examples:
  vpcsim exposure net.json
  vpcsim exposure plan.json tag:tier=db --explain
  vpcsim exposure aws_configs --format markdown`,
	flags: func(fs *flag.FlagSet, o *opts) {
		formatFlag(fs, o, "text", "json", "markdown")
		fs.BoolVar(&o.explain, "explain", false, "print the path of each range's first flow (in JSON, the witness results)")
	},
	run: func(e *env, o *opts, args []string) error {
		if err := o.checkFormat("text", "json", "markdown"); err != nil {
			return err
		}
		if err := wantArgs(args, 1, -1, "CONFIG [SELECTION...]"); err != nil {
			return err
		}
		c, err := e.load(o, args[0])
		if err != nil {
			return err
		}
		keep, err := c.selection(args[1:])
		if err != nil {
			return err
		}
		ex, err := c.m.Exposure()
		if err != nil {
			return err
		}
		var out []sim.Exposed
		for _, x := range ex {
			if x.Lattice != "" {
				continue // what the internet reaches only
			}
			if keep == nil && c.lbNodes(x.ENIs) {
				continue // listed below as lb:ID, by its listeners
			}
			if keep != nil {
				x.ENIs = slices.DeleteFunc(slices.Clone(x.ENIs), func(id string) bool { return !keep[id] })
				if len(x.ENIs) == 0 {
					continue
				}
			}
			out = append(out, x)
		}
		if keep == nil {
			lbs, err := c.lbExposure()
			if err != nil {
				return err
			}
			out = append(out, lbs...)
		}
		switch o.format {
		case "json":
			for i := range out {
				out[i].Open = stripOpen(out[i].Open, o.explain)
			}
			if out == nil {
				out = []sim.Exposed{}
			}
			return writeJSON(e.stdout, out)
		case "markdown":
			if len(out) == 0 {
				fmt.Fprint(e.stdout, "The internet reaches nothing.\n")
				return nil
			}
			fmt.Fprint(e.stdout, "| interfaces | family | open to the internet | path of the first flow |\n|---|---|---|---|\n")
			for _, x := range out {
				var first *sim.Result
				if len(x.Open) > 0 {
					first = x.Open[0].Witness
				}
				fmt.Fprintf(e.stdout, "| %s | %s | %s | %s |\n", md(strings.Join(x.ENIs, ", ")), familyName(x.IPv6),
					md(archcheck.FromOpen(x.Open).String()), md(pathSummary(first)))
			}
			return nil
		}
		if len(out) == 0 {
			fmt.Fprintln(e.stdout, "the internet reaches nothing")
		}
		for _, x := range out {
			fmt.Fprintf(e.stdout, "%s%s: %s\n", strings.Join(x.ENIs, ", "), family(x.IPv6), archcheck.FromOpen(x.Open))
			if o.explain {
				for _, r := range x.Open {
					fmt.Fprintf(e.stdout, "  %s\n", r)
					writeIndented(e.stdout, r.Witness.String(), "    ")
				}
			}
		}
		return nil
	},
}

// selection returns the interfaces the targets select together, or nil
// (everything) when there is none.
func (c *config) selection(args []string) (map[string]bool, error) {
	if len(args) == 0 {
		return nil, nil
	}
	keep := map[string]bool{}
	for _, s := range args {
		t, err := parseTarget(s)
		if err != nil {
			return nil, usageError{err.Error()}
		}
		sel, err := c.selector(t)
		if err != nil {
			return nil, err
		}
		ids, err := c.arch.Select(sel)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			keep[id] = true
		}
	}
	return keep, nil
}

var matrixCmd = &command{
	name: "matrix", args: "CONFIG [SELECTION...]",
	summary: "open flows between groups of interfaces or subnets",
	help: `Matrix computes the open flows between the selected interfaces (every
declared one by default), grouped into classes that every rule treats
alike, so the answer is exact while one pair of representatives is asked
per pair of groups. Without SELECTION, each load balancer is a group of its
own (lb:ID), open from a group on the listener flows that reach one of its
nodes, and open to the groups of its targets on the flows its connections
to them take (for GET / when the listener looks at requests). With --subnets it does the same between subnets, each standing for
a host whose security groups allow everything: what routes and network
ACLs allow. SELECTION is targets, joined: with --subnets, subnet:ID (or a
subnet ID), vpc:ID and tag:KEY=VALUE select subnets.

Examples:
  vpcsim matrix net.json
  vpcsim matrix plan.json tag:tier=app tag:tier=db --format markdown
  vpcsim matrix aws_configs --subnets vpc:vpc-0a1b
  vpcsim matrix net.json sg:sg-app+sg:sg-db --ipv6 --format json`,
	flags: func(fs *flag.FlagSet, o *opts) {
		formatFlag(fs, o, "text", "json", "markdown")
		fs.BoolVar(&o.subnets, "subnets", false, "between subnets (routes and network ACLs only) rather than interfaces")
		fs.BoolVar(&o.ipv6, "ipv6", false, "over IPv6")
		fs.StringVar(&o.ephemeral, "ephemeral", "", "the clients' ephemeral ports (default 1024-65535)")
	},
	run: func(e *env, o *opts, args []string) error {
		if err := o.checkFormat("text", "json", "markdown"); err != nil {
			return err
		}
		if err := wantArgs(args, 1, -1, "CONFIG [SELECTION...]"); err != nil {
			return err
		}
		eph, _, err := o.ports()
		if err != nil {
			return err
		}
		c, err := e.load(o, args[0])
		if err != nil {
			return err
		}
		sel := sim.Selection{IPv6: o.ipv6, EphemeralPorts: eph}
		if o.subnets {
			if sel.Subnets, err = c.subnetSelection(args[1:]); err != nil {
				return err
			}
		} else {
			keep, err := c.selection(args[1:])
			if err != nil {
				return err
			}
			for _, id := range c.arch.Interfaces() {
				if keep == nil || keep[id] {
					sel.ENIs = append(sel.ENIs, id)
				}
			}
			if len(sel.ENIs) == 0 {
				return fmt.Errorf("%s declares no network interface: try --subnets", c.path)
			}
		}
		x, err := c.m.Matrix(sel)
		if err != nil {
			return err
		}
		if !o.subnets && len(args) == 1 {
			if err := c.addLBsToMatrix(x, sel); err != nil {
				return err
			}
		}
		switch o.format {
		case "json":
			return writeJSON(e.stdout, x)
		case "markdown":
			writeMatrixMarkdown(e.stdout, x)
			return nil
		}
		fmt.Fprint(e.stdout, x)
		return nil
	},
}

// subnetSelection returns the IDs of the subnets the targets select
// (every subnet when there is none).
func (c *config) subnetSelection(args []string) ([]string, error) {
	var out []string
	if len(args) == 0 {
		for s := range c.m.Subnets() {
			out = append(out, s.ID)
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("%s declares no subnet", c.path)
		}
		return out, nil
	}
	seen := map[string]bool{}
	for _, a := range args {
		var hit []string
		prefix, arg, _ := strings.Cut(a, ":")
		switch prefix {
		case "vpc":
			for s := range c.m.Subnets() {
				if s.VPC == arg {
					hit = append(hit, s.ID)
				}
			}
		case "tag", "subnet-tag":
			k, v, ok := strings.Cut(arg, "=")
			if !ok {
				return nil, usageError{fmt.Sprintf("%s: want %s:KEY=VALUE", a, prefix)}
			}
			for _, s := range c.net.Subnets {
				if x, ok := s.Tags[k]; ok && x == v {
					hit = append(hit, s.ID)
				}
			}
		default:
			id := strings.TrimPrefix(a, "subnet:")
			if _, ok := c.m.Subnet(id); ok {
				hit = append(hit, id)
			} else {
				return nil, fmt.Errorf("no subnet %q in %s (with --subnets, select subnet:ID, vpc:ID or tag:KEY=VALUE)", id, c.path)
			}
		}
		if len(hit) == 0 {
			return nil, fmt.Errorf("%s selects no subnet", a)
		}
		for _, id := range hit {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

var drawCmd = &command{
	name: "draw", args: "CONFIG [FROM TO FLOW]",
	summary: "the network as a Graphviz DOT or Mermaid picture",
	help: `Draw writes the component graph: accounts, VPCs and subnets as nested
clusters, one node per component. Given a query, its forward path is drawn
in blue and the blocking component in red with the reason and rule.
--format markdown wraps the Mermaid chart in a fence GitHub renders.

Examples:
  vpcsim draw net.json | dot -Tsvg > net.svg
  vpcsim draw net.json eni-app eni-db tcp/5432 --format mermaid
  vpcsim draw plan.json internet eni-web tcp/443 --format markdown > path.md`,
	flags: func(fs *flag.FlagSet, o *opts) {
		formatFlag(fs, o, "dot", "mermaid", "markdown")
		queryFlags(fs, o)
	},
	run: func(e *env, o *opts, args []string) error {
		if err := o.checkFormat("dot", "mermaid", "markdown"); err != nil {
			return err
		}
		if len(args) != 1 && len(args) != 4 {
			return usageError{fmt.Sprintf("want CONFIG, or CONFIG FROM TO FLOW to draw a query's path; got %d argument(s)", len(args))}
		}
		c, err := e.load(o, args[0])
		if err != nil {
			return err
		}
		var r *sim.Result
		if len(args) == 4 {
			q, err := c.query(o, args[1], args[2], args[3])
			if err != nil {
				return err
			}
			if r, err = c.m.Reach(q); err != nil {
				return err
			}
		}
		switch o.format {
		case "mermaid":
			fmt.Fprint(e.stdout, c.m.Mermaid(r))
		case "markdown":
			fmt.Fprintf(e.stdout, "```mermaid\n%s```\n", c.m.Mermaid(r))
		default:
			b, err := c.m.DOT(r)
			if err != nil {
				return err
			}
			e.stdout.Write(b)
			if len(b) > 0 && b[len(b)-1] != '\n' {
				fmt.Fprintln(e.stdout)
			}
		}
		return nil
	},
}

// stripOpen returns the ranges without their witnesses unless keep.
func stripOpen(open []sim.OpenRange, keep bool) []sim.OpenRange {
	if open == nil {
		return []sim.OpenRange{}
	}
	if keep {
		return open
	}
	out := slices.Clone(open)
	for i := range out {
		out[i].Witness = nil
	}
	return out
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// writeIndented writes text with every line indented.
func writeIndented(w io.Writer, text, indent string) {
	for l := range strings.SplitSeq(strings.TrimSuffix(text, "\n"), "\n") {
		fmt.Fprintf(w, "%s%s\n", indent, l)
	}
}

// family labels IPv6 answers.
func family(ipv6 bool) string {
	if ipv6 {
		return " (ipv6)"
	}
	return ""
}

// familyName names the address family.
func familyName(ipv6 bool) string {
	if ipv6 {
		return "IPv6"
	}
	return "IPv4"
}

// md escapes a Markdown table cell.
func md(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

// pathSummary names the components of a result's forward path, and its
// verdict.
func pathSummary(r *sim.Result) string {
	if r == nil {
		return ""
	}
	var parts []string
	for _, h := range r.Path {
		if len(parts) == 0 || parts[len(parts)-1] != h.Component {
			parts = append(parts, h.Component)
		}
	}
	return strings.Join(parts, " → ")
}

// writeResultMarkdown writes a result as a heading line and tables of its
// path and reply.
func writeResultMarkdown(w io.Writer, r *sim.Result) {
	fmt.Fprintf(w, "**%s: %s**\n\n", r.Query, sim.Verdict{Status: r.Status, Reason: r.Reason})
	hops := func(title string, hs []sim.Hop) {
		fmt.Fprintf(w, "%s\n\n| # | component | step | rule | packet |\n|---|---|---|---|---|\n", title)
		for i, h := range hs {
			fmt.Fprintf(w, "| %d | %s %s | %s | %s | %s |\n", i+1, h.Kind, md(h.Component), h.Step, md(h.Rule), md(h.Packet.String()))
		}
		fmt.Fprintln(w)
	}
	hops("Path:", r.Path)
	if len(r.Reply) > 0 {
		hops("Reply:", r.Reply)
	}
	if r.Block != nil {
		fmt.Fprintf(w, "Blocked: %s\n", md(r.Block.String()))
	}
}

// writeMatrixMarkdown writes the groups and the cells as tables.
func writeMatrixMarkdown(w io.Writer, x *sim.Matrix) {
	fmt.Fprint(w, "| group | members |\n|---|---|\n")
	for i, g := range x.Groups {
		fmt.Fprintf(w, "| G%d | %s |\n", i, md(strings.Join(g.Members, ", ")))
	}
	fmt.Fprint(w, "\n| from | to | open |\n|---|---|---|\n")
	for _, c := range x.Cells {
		fmt.Fprintf(w, "| G%d | G%d | %s |\n", c.From, c.To, md(archcheck.FromOpen(c.Open).String()))
	}
	if len(x.Cells) == 0 {
		fmt.Fprint(w, "| | | nothing open |\n")
	}
}
