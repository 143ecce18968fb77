package main

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/sim"
)

// healthLint is the ID of the command's own lint: the load balancers'
// health checks (sim.Model.HealthChecks) that fail to a target declared
// healthy or initial. sim.Model.Lint does not run it.
const healthLint = "lb-health-check-blocked"

var lintCmd = &command{
	name: "lint", args: "CONFIG",
	summary: "checklist mistakes and rule hygiene; exit 1 on an error",
	help: `Lint checks the configuration for the mistakes of the AWS service
networking checklist (a publicly accessible database, administrative ports
open to the internet, a NAT gateway serving other zones, ...) and for rule
hygiene (shadowed, redundant and unmatchable rules, groups and ACLs
attached to nothing, ...), and checks that the load balancers' health
checks reach the targets declared healthy. It prints every finding, most
severe first: its severity, lint ID, the resource (and rule) at fault, what
is wrong and the fix, then a count by severity. --explain prints, under a
finding a query shows, that query's path. It exits 0 when no finding has
severity error, 1 when one does (so that a CI job can gate a Terraform
plan), and 2 when the configuration cannot be read or is not valid.

Lints:
` + lintList() + `
Examples:
  vpcsim lint net.json
  vpcsim lint -q plan.json --explain
  vpcsim lint --format markdown plan.json >> "$GITHUB_STEP_SUMMARY"
  vpcsim lint --format json aws_configs`,
	flags: func(fs *flag.FlagSet, o *opts) {
		formatFlag(fs, o, "text", "json", "markdown")
		fs.BoolVar(&o.explain, "explain", false, "print the path of the query that shows a finding (in JSON, the witness results)")
	},
	run: runLint,
}

// lintList lists the lints, the engine's and the command's, for the help:
// ID and severity on one line, the description indented under it.
func lintList() string {
	infos := append(sim.Lints(), sim.LintInfo{ID: healthLint, Severity: sim.SeverityError,
		Doc: "a load balancer's health check to a target declared healthy (or initial) that its security groups, network ACLs or routes block: AWS would mark the target unhealthy"})
	slices.SortFunc(infos, func(a, b sim.LintInfo) int { return cmp.Compare(a.ID, b.ID) })
	var b strings.Builder
	for _, l := range infos {
		fmt.Fprintf(&b, "  %s (%s)\n", l.ID, l.Severity)
		writeWrapped(&b, l.Doc, "      ", 76)
	}
	return b.String()
}

// writeWrapped writes text in lines of at most width columns (a longer
// word on a line of its own), each indented.
func writeWrapped(w io.Writer, text, indent string, width int) {
	line := indent
	for _, word := range strings.Fields(text) {
		if line != indent && len(line)+1+len(word) > width {
			fmt.Fprintln(w, line)
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	if line != indent {
		fmt.Fprintln(w, line)
	}
}

func runLint(e *env, o *opts, args []string) error {
	if err := o.checkFormat("text", "json", "markdown"); err != nil {
		return err
	}
	if err := wantArgs(args, 1, 1, "CONFIG"); err != nil {
		return err
	}
	c, err := e.load(o, args[0])
	if err != nil {
		return err
	}
	fs := c.m.Lint()
	hc, err := c.healthFindings()
	if err != nil {
		return err
	}
	fs = append(fs, hc...)
	rank := map[sim.Severity]int{sim.SeverityError: 0, sim.SeverityWarning: 1, sim.SeverityInfo: 2}
	slices.SortStableFunc(fs, func(a, b sim.Finding) int {
		return cmp.Or(cmp.Compare(rank[a.Severity], rank[b.Severity]), cmp.Compare(a.ID, b.ID),
			cmp.Compare(a.Resource, b.Resource), cmp.Compare(a.Field, b.Field))
	})
	count := map[sim.Severity]int{}
	for _, f := range fs {
		count[f.Severity]++
	}
	switch o.format {
	case "json":
		out := make([]sim.Finding, len(fs))
		for i, f := range fs {
			if !o.explain {
				f.Witness = nil
			}
			out[i] = f
		}
		if err := writeJSON(e.stdout, out); err != nil {
			return err
		}
	case "markdown":
		if len(fs) == 0 {
			fmt.Fprint(e.stdout, "No findings.\n")
			break
		}
		fmt.Fprintf(e.stdout, "**%s**\n\n| severity | lint | resource | finding | fix |\n|---|---|---|---|---|\n", lintCounts(count))
		for _, f := range fs {
			at := f.Kind + " " + f.Resource
			if f.Field != "" {
				at += " " + f.Field
			}
			fmt.Fprintf(e.stdout, "| %s | %s | %s | %s | %s |\n", f.Severity, f.ID, md(at), md(f.Explanation), md(f.Fix))
		}
	default:
		for _, f := range fs {
			fmt.Fprintln(e.stdout, f)
			if o.explain && f.Witness != nil {
				writeIndented(e.stdout, f.Witness.String(), "  ")
			}
		}
		if len(fs) == 0 {
			fmt.Fprintln(e.stdout, "no findings")
		} else {
			fmt.Fprintln(e.stdout, lintCounts(count))
		}
	}
	if count[sim.SeverityError] > 0 {
		return failedError{}
	}
	return nil
}

// lintCounts says how many findings of each severity there are.
func lintCounts(count map[sim.Severity]int) string {
	return fmt.Sprintf("%d error(s), %d warning(s), %d info", count[sim.SeverityError], count[sim.SeverityWarning], count[sim.SeverityInfo])
}

// healthFindings returns a finding for each target of each load balancer
// (in the order of their IDs) declared healthy or initial whose health
// checks, from one node or more, fail: one per load balancer, target
// group, target and port, naming the nodes, with the first failing check
// as the witness.
func (c *config) healthFindings() ([]sim.Finding, error) {
	type key struct{ lb, tg, target string }
	var out []sim.Finding
	for _, lb := range c.net.LoadBalancers {
		checks, err := c.m.HealthChecks(lb.ID)
		if err != nil {
			return nil, err
		}
		var order []key
		failing := map[key][]sim.HealthCheck{}
		for _, h := range checks {
			if h.Passes() || (h.Declared != string(elb.Healthy) && h.Declared != string(elb.Initial)) {
				continue
			}
			k := key{h.LoadBalancer, h.TargetGroup, fmt.Sprintf("%s port %d", h.Target, h.Port)}
			if failing[k] == nil {
				order = append(order, k)
			}
			failing[k] = append(failing[k], h)
		}
		for _, k := range order {
			hs := failing[k]
			first := hs[0]
			nodes := make([]string, len(hs))
			for i, h := range hs {
				nodes[i] = h.Node
			}
			why := string(first.Result.Reason)
			if first.Result.Block != nil {
				why = first.Result.Block.String()
			}
			out = append(out, sim.Finding{ID: healthLint, Severity: sim.SeverityError,
				Resource: first.TargetGroup, Kind: "target-group", Field: "target " + k.target,
				Explanation: fmt.Sprintf("load balancer %s's %s health check to this target, declared %s, is blocked from %s: %s; AWS would mark the target unhealthy",
					first.LoadBalancer, first.Protocol, first.Declared, strings.Join(nodes, ", "), why),
				Fix: fmt.Sprintf("admit the load balancer's security group (or its subnets' CIDRs) on port %d in the target's security groups, and let the node's security groups, the network ACLs and the routes carry the check and its reply",
					first.Port),
				Witness: first.Result})
		}
	}
	return out, nil
}
