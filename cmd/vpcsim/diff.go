package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/internal/archcheck"
	"github.com/vpcsim/vpcsim/sim"
)

var diffCmd = &command{
	name: "diff", args: "OLD NEW",
	summary: "connectivity a change adds and removes",
	help: `Diff compares the connectivity of two configurations (a Terraform state
and a plan, two AWS snapshots, two vpcsim files; each in its own format)
and prints the flows the change adds (+) and removes (-), exactly, between
groups of equivalent endpoints:

  - internet -> interfaces: what the internet reaches (exposure);
  - interfaces -> internet: what reaches some internet address;
  - interfaces -> interfaces: the open flows between the interfaces both
    declare (their matrices, refined so that each group's members change
    alike);
  - subnets -> subnets: what routes and network ACLs allow between the
    subnets both declare.

Under each change it names the rule responsible, found by comparing the
paths of the change's first flow on both sides: the first hop whose rule
differs, or where one side is blocked (the component, the rule that allows
it now or did before, the reason and rule that block it). Interfaces and
subnets only one side declares are listed first. The exit status is 0
unless --exit-code is given, with which it is 1 when there are differences.

Examples:
  vpcsim diff state.json plan.json
  vpcsim diff --exit-code --format markdown state.json plan.json
  vpcsim diff aws_configs.old aws_configs net.json --format json`,
	flags: func(fs *flag.FlagSet, o *opts) {
		formatFlag(fs, o, "text", "json", "markdown")
		fs.BoolVar(&o.exitCode, "exit-code", false, "exit 1 when the configurations differ")
	},
	run: runDiff,
}

// diffRange is a set of flows added or removed between two groups, with
// the rule change responsible.
type diffRange struct {
	Flows string `json:"flows"`
	// Now and Before say where the paths of the first flow part, on each
	// side: the hop and the rule that let it through, or the block.
	Now    string `json:"now"`
	Before string `json:"before"`
}

// diffCell is what changed from one group of endpoints to another.
type diffCell struct {
	From    []string    `json:"from"`
	To      []string    `json:"to"`
	IPv6    bool        `json:"ipv6,omitempty"`
	Added   []diffRange `json:"added,omitempty"`
	Removed []diffRange `json:"removed,omitempty"`
}

// diffSection is the changes of one kind of connectivity.
type diffSection struct {
	Title string     `json:"title"`
	Cells []diffCell `json:"cells"`
}

// diffReport is the whole comparison.
type diffReport struct {
	Old                    string        `json:"old"`
	New                    string        `json:"new"`
	OnlyOldInterfaces      []string      `json:"onlyOldInterfaces,omitempty"`
	OnlyNewInterfaces      []string      `json:"onlyNewInterfaces,omitempty"`
	OnlyOldSubnets         []string      `json:"onlyOldSubnets,omitempty"`
	OnlyNewSubnets         []string      `json:"onlyNewSubnets,omitempty"`
	Sections               []diffSection `json:"sections"`
	differs                bool
	oldConfig, newConfig   *config
	commonENIs, commonSubs []string
}

func runDiff(e *env, o *opts, args []string) error {
	if err := o.checkFormat("text", "json", "markdown"); err != nil {
		return err
	}
	if err := wantArgs(args, 2, 2, "OLD NEW"); err != nil {
		return err
	}
	oldC, err := e.load(o, args[0])
	if err != nil {
		return err
	}
	newC, err := e.load(o, args[1])
	if err != nil {
		return err
	}
	r, err := diff(oldC, newC)
	if err != nil {
		return err
	}
	switch o.format {
	case "json":
		if err := writeJSON(e.stdout, r); err != nil {
			return err
		}
	case "markdown":
		r.writeMarkdown(e.stdout)
	default:
		r.writeText(e.stdout)
	}
	if o.exitCode && r.differs {
		return failedError{}
	}
	return nil
}

// diff compares two configurations.
func diff(oldC, newC *config) (*diffReport, error) {
	r := &diffReport{Old: oldC.path, New: newC.path, oldConfig: oldC, newConfig: newC}
	r.OnlyOldInterfaces, r.commonENIs, r.OnlyNewInterfaces = split(oldC.arch.Interfaces(), newC.arch.Interfaces())
	r.OnlyOldSubnets, r.commonSubs, r.OnlyNewSubnets = split(oldC.arch.Subnets(), newC.arch.Subnets())
	for _, f := range []func() (diffSection, error){r.exposure, r.egress, r.interfaceMatrix, r.subnetMatrix} {
		s, err := f()
		if err != nil {
			return nil, err
		}
		r.Sections = append(r.Sections, s)
	}
	r.differs = len(r.OnlyOldInterfaces)+len(r.OnlyNewInterfaces)+len(r.OnlyOldSubnets)+len(r.OnlyNewSubnets) > 0
	for _, s := range r.Sections {
		if len(s.Cells) > 0 {
			r.differs = true
		}
	}
	return r, nil
}

// split returns what only x holds, what both hold and what only y holds
// (sorted inputs, sorted outputs).
func split(x, y []string) (onlyX, both, onlyY []string) {
	in := map[string]int{}
	for _, s := range x {
		in[s] |= 1
	}
	for _, s := range y {
		in[s] |= 2
	}
	for _, s := range slices.Sorted(func(yield func(string) bool) {
		for k := range in {
			if !yield(k) {
				return
			}
		}
	}) {
		switch in[s] {
		case 1:
			onlyX = append(onlyX, s)
		case 2:
			onlyY = append(onlyY, s)
		default:
			both = append(both, s)
		}
	}
	return
}

// member is an endpoint's answer on both sides: its group (or class of
// answers) in the old and the new configuration.
type member struct {
	id       string
	old, new int
}

// refine groups ids by their groups on both sides, in order of their
// first member.
func refine(ms []member) [][]member {
	type key struct{ o, n int }
	idx := map[key]int{}
	var out [][]member
	for _, m := range ms {
		k := key{m.old, m.new}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], m)
	}
	return out
}

// ids returns the members' IDs.
func ids(ms []member) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.id
	}
	return out
}

// exposure compares what the internet reaches, per interface both
// declare and family.
func (r *diffReport) exposure() (diffSection, error) {
	s := diffSection{Title: "internet -> interfaces: what the internet reaches"}
	groups := func(c *config) (map[string]int, []archcheck.FlowSet, error) {
		ex, err := c.m.Exposure()
		if err != nil {
			return nil, nil, err
		}
		g := map[string]int{}
		var flows []archcheck.FlowSet
		for i, x := range ex {
			for _, id := range x.ENIs {
				g[fmt.Sprint(id, x.IPv6)] = i
			}
			flows = append(flows, archcheck.FromOpen(x.Open))
		}
		return g, flows, nil
	}
	og, oflows, err := groups(r.oldConfig)
	if err != nil {
		return s, err
	}
	ng, nflows, err := groups(r.newConfig)
	if err != nil {
		return s, err
	}
	for _, ipv6 := range []bool{false, true} {
		var ms []member
		for _, id := range r.commonENIs {
			k := fmt.Sprint(id, ipv6)
			o, ok1 := og[k]
			n, ok2 := ng[k]
			if !ok1 {
				o = -1
			}
			if !ok2 {
				n = -1
			}
			ms = append(ms, member{id, o, n})
		}
		for _, g := range refine(ms) {
			var before, after archcheck.FlowSet
			if g[0].old >= 0 {
				before = oflows[g[0].old]
			}
			if g[0].new >= 0 {
				after = nflows[g[0].new]
			}
			base := sim.Query{From: sim.Internet(), To: sim.ENI(g[0].id), IPv6: ipv6}
			if c := r.cell([]string{"internet"}, ids(g), ipv6, before, after, base); c != nil {
				s.Cells = append(s.Cells, *c)
			}
		}
	}
	return s, nil
}

// egress compares what each interface both declare reaches on the
// internet.
func (r *diffReport) egress() (diffSection, error) {
	s := diffSection{Title: "interfaces -> internet: what reaches some internet address"}
	for _, ipv6 := range []bool{false, true} {
		classes := map[string]int{}
		var sets []archcheck.FlowSet
		class := func(fs archcheck.FlowSet) int {
			k := fs.String()
			i, ok := classes[k]
			if !ok {
				i = len(sets)
				classes[k] = i
				sets = append(sets, fs)
			}
			return i
		}
		var ms []member
		for _, id := range r.commonENIs {
			var m [2]int
			for side, c := range []*config{r.oldConfig, r.newConfig} {
				info, _ := c.m.Interface(id)
				if ipv6 && len(info.IPv6Addrs) == 0 {
					m[side] = class(nil)
					continue
				}
				open, err := c.m.OpenPorts(sim.Query{From: sim.ENI(id), To: sim.Internet(), IPv6: ipv6})
				if err != nil {
					return s, err
				}
				m[side] = class(archcheck.FromOpen(open))
			}
			ms = append(ms, member{id, m[0], m[1]})
		}
		for _, g := range refine(ms) {
			base := sim.Query{From: sim.ENI(g[0].id), To: sim.Internet(), IPv6: ipv6}
			if c := r.cell(ids(g), []string{"internet"}, ipv6, sets[g[0].old], sets[g[0].new], base); c != nil {
				s.Cells = append(s.Cells, *c)
			}
		}
	}
	return s, nil
}

// interfaceMatrix compares the matrices of the interfaces both declare.
func (r *diffReport) interfaceMatrix() (diffSection, error) {
	s := diffSection{Title: "interfaces -> interfaces: open flows between the interfaces both declare"}
	if len(r.commonENIs) < 2 {
		return s, nil
	}
	return r.matrix(s, sim.Selection{ENIs: r.commonENIs}, sim.ENI)
}

// subnetMatrix compares the matrices of the subnets both declare.
func (r *diffReport) subnetMatrix() (diffSection, error) {
	s := diffSection{Title: "subnets -> subnets: what routes and network ACLs allow between the subnets both declare"}
	if len(r.commonSubs) < 2 {
		return s, nil
	}
	return r.matrix(s, sim.Selection{Subnets: r.commonSubs}, sim.SubnetHost)
}

// matrix compares the matrices of one selection on both sides: the
// members are grouped by their groups on both sides, and each ordered
// pair of such groups compared.
func (r *diffReport) matrix(s diffSection, sel sim.Selection, endpoint func(string) sim.Endpoint) (diffSection, error) {
	type side struct {
		group map[string]int
		cells map[[2]int]archcheck.FlowSet
	}
	sides := make([]side, 2)
	for i, c := range []*config{r.oldConfig, r.newConfig} {
		x, err := c.m.Matrix(sel)
		if err != nil {
			return s, err
		}
		sd := side{group: map[string]int{}, cells: map[[2]int]archcheck.FlowSet{}}
		for gi, g := range x.Groups {
			for _, m := range g.Members {
				sd.group[m] = gi
			}
		}
		for _, cell := range x.Cells {
			sd.cells[[2]int{cell.From, cell.To}] = archcheck.FromOpen(cell.Open)
		}
		sides[i] = sd
	}
	var ms []member
	for _, id := range append(slices.Clone(sel.ENIs), sel.Subnets...) {
		ms = append(ms, member{id, sides[0].group[id], sides[1].group[id]})
	}
	groups := refine(ms)
	for _, from := range groups {
		for _, to := range groups {
			if len(from) == 1 && from[0].id == to[0].id {
				continue // one endpoint with itself
			}
			before := sides[0].cells[[2]int{from[0].old, to[0].old}]
			after := sides[1].cells[[2]int{from[0].new, to[0].new}]
			dst := to[0].id
			if dst == from[0].id {
				dst = to[1].id
			}
			base := sim.Query{From: endpoint(from[0].id), To: endpoint(dst), IPv6: sel.IPv6}
			toIDs := ids(to)
			if from[0].id == to[0].id {
				toIDs = []string{"each other"}
			}
			if c := r.cell(ids(from), toIDs, sel.IPv6, before, after, base); c != nil {
				s.Cells = append(s.Cells, *c)
			}
		}
	}
	return s, nil
}

// cell compares the flows between two groups, explaining each change with
// the paths of base's query on both sides; nil when nothing changed.
func (r *diffReport) cell(from, to []string, ipv6 bool, before, after archcheck.FlowSet, base sim.Query) *diffCell {
	added, removed := after.Minus(before), before.Minus(after)
	if len(added) == 0 && len(removed) == 0 {
		return nil
	}
	c := &diffCell{From: from, To: to, IPv6: ipv6}
	c.Added = r.explain(added, base, r.oldConfig, r.newConfig)
	c.Removed = r.explain(removed, base, r.oldConfig, r.newConfig)
	return c
}

// explain groups the ranges of a change by the rule change responsible,
// found by comparing the paths of each range's first flow.
func (r *diffReport) explain(fs archcheck.FlowSet, base sim.Query, oldC, newC *config) []diffRange {
	var out []diffRange
	byKey := map[string]int{}
	var sets []archcheck.FlowSet
	for _, f := range fs {
		q := f.Query(base)
		key, now, before := "", "cause not found: the query failed", ""
		ro, err1 := oldC.m.Reach(q)
		rn, err2 := newC.m.Reach(q)
		if err1 == nil && err2 == nil {
			key, now, before = blame(ro, rn, oldC, newC)
		}
		i, ok := byKey[key]
		if !ok {
			i = len(out)
			byKey[key] = i
			out = append(out, diffRange{Now: now, Before: before})
			sets = append(sets, nil)
		}
		sets[i] = append(sets[i], f)
	}
	for i := range out {
		out[i].Flows = sets[i].String()
	}
	return out
}

// blame compares the paths of one query before and after a change and
// says where they part: the first hop whose component, step or rule
// differs, or where one side is blocked. The key identifies the cause
// independently of the flow's ports, so that ranges with the same cause
// are reported together.
func blame(before, after *sim.Result, oldC, newC *config) (key, now, was string) {
	for _, leg := range []struct {
		name string
		b, a []sim.Hop
	}{{"", before.Path, after.Path}, {"reply ", before.Reply, after.Reply}} {
		i := 0
		for i < len(leg.b) && i < len(leg.a) && sameHop(leg.b[i], leg.a[i]) {
			i++
		}
		bDesc, bKey, bEnd := sideAt(before, leg.b, i, leg.name != "", oldC)
		aDesc, aKey, aEnd := sideAt(after, leg.a, i, leg.name != "", newC)
		if bEnd && aEnd {
			continue // both ran the whole leg alike
		}
		if bKey == aKey {
			continue
		}
		return leg.name + bKey + " => " + aKey, leg.name + aDesc, leg.name + bDesc
	}
	return "unknown", "cause not found on the paths (they pass the same rules; an address may have changed)", ""
}

// sameHop reports whether two hops pass the same component the same way.
func sameHop(x, y sim.Hop) bool {
	return x.Component == y.Component && x.Step == y.Step && x.Rule == y.Rule
}

// sideAt describes one side of a comparison at hop i of a leg: the hop
// and the rule that let the packet through, or the block that stopped it
// (end reports that the leg ran out there without a block).
func sideAt(r *sim.Result, hops []sim.Hop, i int, reply bool, c *config) (desc, key string, end bool) {
	if i < len(hops) {
		h := hops[i]
		rule := h.Rule
		if rule == "" {
			rule = "no rule"
		}
		k := fmt.Sprintf("%s|%s|%s", h.Component, h.Step, h.Rule)
		return fmt.Sprintf("passes %s %s (%s) by %s%s", h.Kind, h.Component, h.Step, rule, c.origin(h.Ref.Resource)), k, false
	}
	blockedHere := r.Block != nil && (r.Status == sim.Blocked) != reply
	if !blockedHere {
		return "arrives", "arrives", true
	}
	b := r.Block
	k := fmt.Sprintf("%s|%s|%s|%s/%s/%d", b.Component, b.Step, b.Reason, b.Ref.Resource, b.Ref.List, b.Ref.Index)
	return fmt.Sprintf("blocked (%s) at %s %s (%s): %s%s", b.Reason, b.Kind, b.Component, b.Step, b.Rule, c.origin(b.Ref.Resource)), k, false
}

// origin names the Terraform resource that declared a resource ID, when
// the configuration came from Terraform.
func (c *config) origin(id string) string {
	if a := c.addresses[id]; a != "" {
		return " [" + a + "]"
	}
	return ""
}

// names formats a group for the report.
func names(ids []string) string {
	const most = 6
	if len(ids) <= most {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s, ... (%d in all)", strings.Join(ids[:most], ", "), len(ids))
}

// writeText writes the report as text.
func (r *diffReport) writeText(w io.Writer) {
	fmt.Fprintf(w, "--- %s\n+++ %s\n", r.Old, r.New)
	only := func(what string, xs []string) {
		if len(xs) > 0 {
			fmt.Fprintf(w, "%s: %s\n", what, strings.Join(xs, ", "))
		}
	}
	only("interfaces only in "+r.Old, r.OnlyOldInterfaces)
	only("interfaces only in "+r.New, r.OnlyNewInterfaces)
	only("subnets only in "+r.Old, r.OnlyOldSubnets)
	only("subnets only in "+r.New, r.OnlyNewSubnets)
	for _, s := range r.Sections {
		fmt.Fprintf(w, "\n## %s\n", s.Title)
		if len(s.Cells) == 0 {
			fmt.Fprintln(w, "(no change)")
			continue
		}
		for _, c := range s.Cells {
			fmt.Fprintf(w, "%s -> %s%s:\n", names(c.From), names(c.To), family(c.IPv6))
			for _, x := range c.Added {
				writeRange(w, "+", x)
			}
			for _, x := range c.Removed {
				writeRange(w, "-", x)
			}
		}
	}
	if !r.differs {
		fmt.Fprintln(w, "\nno difference in connectivity")
	}
}

// writeRange writes one change and its cause.
func writeRange(w io.Writer, sign string, x diffRange) {
	fmt.Fprintf(w, "  %s %s\n      now:    %s\n", sign, x.Flows, x.Now)
	if x.Before != "" {
		fmt.Fprintf(w, "      before: %s\n", x.Before)
	}
}

// writeMarkdown writes the report as Markdown tables.
func (r *diffReport) writeMarkdown(w io.Writer) {
	fmt.Fprintf(w, "**vpcsim diff** `%s` → `%s`\n", r.Old, r.New)
	first := true
	only := func(what string, xs []string) {
		if len(xs) > 0 {
			if first {
				fmt.Fprintln(w)
				first = false
			}
			fmt.Fprintf(w, "- %s: %s\n", what, md(strings.Join(xs, ", ")))
		}
	}
	only("interfaces only in old", r.OnlyOldInterfaces)
	only("interfaces only in new", r.OnlyNewInterfaces)
	only("subnets only in old", r.OnlyOldSubnets)
	only("subnets only in new", r.OnlyNewSubnets)
	for _, s := range r.Sections {
		if len(s.Cells) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n### %s\n\n| from | to | | flows | responsible |\n|---|---|---|---|---|\n", s.Title)
		for _, c := range s.Cells {
			row := func(sign string, x diffRange) {
				fmt.Fprintf(w, "| %s | %s%s | %s | %s | %s |\n", md(names(c.From)), md(names(c.To)), family(c.IPv6), sign, md(x.Flows), md("now: "+x.Now)+"<br>before: "+md(x.Before))
			}
			for _, x := range c.Added {
				row("➕ added", x)
			}
			for _, x := range c.Removed {
				row("➖ removed", x)
			}
		}
	}
	if !r.differs {
		fmt.Fprintln(w, "\nNo difference in connectivity.")
	}
}
