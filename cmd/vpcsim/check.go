package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vpcsim/vpcsim/sim"
)

var checkCmd = &command{
	name: "check", args: "CONFIG CHECKS...",
	summary: "evaluate a file of expectations; exit 1 when one fails",
	help: `Check evaluates each expectation of the check files against the
configuration and prints, for each, ok or FAIL with the explanation of the
failure (the rule or missing rule that blocks a flow that should pass, the
path of a flow that should not), then "N passed, N failed". It exits 1 when
an expectation fails and 2 when a check file does not parse or names what
the configuration does not hold, so that a CI job can gate a Terraform plan:

  terraform show -json plan.tfplan > plan.json
  vpcsim check plan.json network.checks

` + checkHelp + `
Examples:
  vpcsim check net.json network.checks
  vpcsim check -q plan.json checks/*.checks
  vpcsim check --format markdown plan.json network.checks >> "$GITHUB_STEP_SUMMARY"`,
	flags: func(fs *flag.FlagSet, o *opts) {
		formatFlag(fs, o, "text", "markdown")
		fs.BoolVar(&o.failuresOnly, "failures-only", false, "print only the expectations that fail")
	},
	run: runCheck,
}

// outcome is the result of one statement.
type outcome struct {
	st    statement
	file  string
	fails []string // failure messages; none when it held
	err   error    // it could not be evaluated
}

func runCheck(e *env, o *opts, args []string) error {
	if err := o.checkFormat("text", "markdown"); err != nil {
		return err
	}
	if err := wantArgs(args, 2, -1, "CONFIG CHECKS..."); err != nil {
		return err
	}
	// Parse every check file first: a syntax error is exit 2 before any
	// work.
	type file struct {
		name string
		sts  []statement
	}
	var files []file
	var perrs []string
	for _, name := range args[1:] {
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		sts, err := parseChecks(string(b))
		if err != nil {
			for _, pe := range unjoin(err) {
				perrs = append(perrs, name+":"+pe.Error())
			}
			continue
		}
		files = append(files, file{name, sts})
	}
	if len(perrs) > 0 {
		return errors.New(strings.Join(perrs, "\n"))
	}
	c, err := e.load(o, args[0])
	if err != nil {
		return err
	}
	var outs []outcome
	for _, f := range files {
		for _, st := range f.sts {
			fails, err := c.evaluate(st)
			outs = append(outs, outcome{st: st, file: f.name, fails: fails, err: err})
		}
	}
	passed, failed, broken := 0, 0, 0
	for _, x := range outs {
		switch {
		case x.err != nil:
			broken++
		case len(x.fails) > 0:
			failed++
		default:
			passed++
		}
	}
	failuresOnly := o.failuresOnly
	if o.format == "markdown" {
		writeCheckMarkdown(e.stdout, outs, failuresOnly, passed, failed+broken)
	} else {
		for _, x := range outs {
			switch {
			case x.err != nil:
				fmt.Fprintf(e.stdout, "%s:%d: ERROR %s\n", x.file, x.st.line, x.st.text)
				writeIndented(e.stdout, x.err.Error(), "    ")
			case len(x.fails) > 0:
				fmt.Fprintf(e.stdout, "%s:%d: FAIL  %s\n", x.file, x.st.line, x.st.text)
				for _, m := range x.fails {
					writeIndented(e.stdout, m, "    ")
				}
			case !failuresOnly:
				fmt.Fprintf(e.stdout, "%s:%d: ok    %s\n", x.file, x.st.line, x.st.text)
			}
		}
		fmt.Fprintf(e.stdout, "%d passed, %d failed\n", passed, failed+broken)
	}
	switch {
	case broken > 0:
		return fmt.Errorf("%d expectation(s) could not be evaluated: they name what %s does not hold", broken, c.path)
	case failed > 0:
		return failedError{}
	}
	return nil
}

// unjoin returns the errors of a join.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// mostPairs is how many failing pairs of one statement are explained; the
// others are named.
const mostPairs = 5

// evaluate evaluates one statement, returning its failure messages.
func (c *config) evaluate(st statement) ([]string, error) {
	a := c.arch
	switch st.kind {
	case stOnly:
		to, err := c.selector(st.to)
		if err != nil {
			return nil, err
		}
		from, err := c.selector(st.from)
		if err != nil {
			return nil, err
		}
		return a.ReachableOnlyFrom(to, st.flow, from, st.opts)
	case stNotExposed:
		sel, err := c.selector(st.sel)
		if err != nil {
			return nil, err
		}
		return one(a.NotExposed(sel))
	case stVia:
		sel, err := c.selector(st.sel)
		if err != nil {
			return nil, err
		}
		return one(a.InternetOnlyVia(sel, st.component, st.flows))
	}
	if st.opts.At != "" {
		if _, ok := c.m.NodeOf(st.opts.At); !ok {
			return nil, fmt.Errorf("at %s: the network has no component %q", st.opts.At, st.opts.At)
		}
	}
	froms, err := c.endpoints(st.from)
	if err != nil {
		return nil, err
	}
	tos, err := c.endpoints(st.to)
	if err != nil {
		return nil, err
	}
	check := func(from, to sim.Endpoint) (string, error) {
		switch st.kind {
		case stReach:
			if st.oneFlow {
				return a.Reachable(from, to, st.flow, st.opts)
			}
			return a.AllOpen(from, to, st.flows, st.opts)
		case stDeny:
			if st.oneFlow {
				return a.NotReachable(from, to, st.flow, st.opts)
			}
			return a.NoneOpen(from, to, st.flows, st.opts)
		}
		return a.OpenPorts(from, to, st.flows, st.opts)
	}
	var fails, more []string
	pairs := 0
	for _, f := range froms {
		for _, t := range tos {
			if f == t {
				continue // an interface is not its own peer
			}
			pairs++
			msg, err := check(f, t)
			if err != nil {
				return fails, fmt.Errorf("%s -> %s: %v", f, t, err)
			}
			switch {
			case msg == "":
			case len(fails) < mostPairs:
				fails = append(fails, msg)
			default:
				more = append(more, fmt.Sprintf("%s -> %s", f, t))
			}
		}
	}
	if pairs == 0 {
		return nil, fmt.Errorf("%s and %s leave no pair of distinct endpoints to check", st.from.text, st.to.text)
	}
	if len(more) > 0 {
		fails = append(fails, fmt.Sprintf("and %d more pairs fail: %s", len(more), strings.Join(more, ", ")))
	}
	return fails, nil
}

// one turns a single failure message into a list.
func one(msg string, err error) ([]string, error) {
	if err != nil || msg == "" {
		return nil, err
	}
	return []string{msg}, nil
}

// writeCheckMarkdown writes the outcomes as a table with the failures'
// explanations below, for a CI job summary or a pull request comment.
func writeCheckMarkdown(w io.Writer, outs []outcome, failuresOnly bool, passed, failed int) {
	fmt.Fprintf(w, "**vpcsim check: %d passed, %d failed**\n\n| | expectation | where |\n|---|---|---|\n", passed, failed)
	for _, x := range outs {
		mark := "✅"
		switch {
		case x.err != nil:
			mark = "⚠️ error"
		case len(x.fails) > 0:
			mark = "❌"
		case failuresOnly:
			continue
		}
		fmt.Fprintf(w, "| %s | `%s` | %s:%d |\n", mark, strings.ReplaceAll(x.st.text, "`", "'"), md(x.file), x.st.line)
	}
	for _, x := range outs {
		if x.err == nil && len(x.fails) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n<details><summary>%s:%d: <code>%s</code></summary>\n\n```\n", x.file, x.st.line, htmlEscape(x.st.text))
		if x.err != nil {
			fmt.Fprintln(w, x.err)
		}
		for _, m := range x.fails {
			fmt.Fprintln(w, m)
		}
		fmt.Fprint(w, "```\n\n</details>\n")
	}
}

// htmlEscape escapes text for HTML.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
