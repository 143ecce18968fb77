package archcheck

import (
	"fmt"
	"strings"

	"github.com/vpcsim/vpcsim/sim"
)

// This file renders the explanations in failure messages. Every
// explanation is a result as [sim.Result.String] prints it, reordered so
// that what to change comes first:
//
//	<query>: <status> (<reason>)<suffix>
//	  blocked: <block: reason, component, step, rule>      (blocked flows)
//	  allowed by <security group rule> (<component>)        (unwanted flows)
//	   1 <hop>
//	   ...
//	  reply:                                               (reply-blocked flows)
//	   1 <hop>
//
// An unwanted flow lists the security group rules that let it through,
// the usual thing to change, before its path; its reply path, which
// worked, is left out.

// verdict formats a result's outcome: "reachable", "blocked (SG_INGRESS)".
func verdict(r *sim.Result) string {
	if r.Block != nil {
		return fmt.Sprintf("%s (%s)", r.Status, r.Reason)
	}
	return r.Status.String()
}

// explain writes r with every line prefixed by indent; suffix ends the
// first line (", want reachable").
func explain(b *strings.Builder, r *sim.Result, indent, suffix string) {
	fmt.Fprintf(b, "%s%s: %s%s\n", indent, r.Query, verdict(r), suffix)
	if r.Block != nil {
		fmt.Fprintf(b, "%s  blocked: %s\n", indent, r.Block)
	}
	if r.Status == sim.Reachable {
		for _, h := range r.Path {
			if h.Step == sim.StepSGEgress || h.Step == sim.StepSGIngress {
				fmt.Fprintf(b, "%s  allowed by %s (%s %s)\n", indent, h.Rule, h.Kind, h.Component)
			}
		}
	}
	for i, h := range r.Path {
		fmt.Fprintf(b, "%s  %2d %s\n", indent, i+1, h)
	}
	if r.Status == sim.ReplyBlocked && len(r.Reply) > 0 {
		fmt.Fprintf(b, "%s  reply:\n", indent)
		for i, h := range r.Reply {
			fmt.Fprintf(b, "%s  %2d %s\n", indent, i+1, h)
		}
	}
}

// explained returns explain's text without its final newline, for
// t.Errorf.
func explained(r *sim.Result, suffix string) string {
	var b strings.Builder
	explain(&b, r, "", suffix)
	return strings.TrimSuffix(b.String(), "\n")
}

// names joins IDs for a message, eliding the middle of long lists.
func names(ids []string) string {
	const most = 8
	if len(ids) == 0 {
		return "nothing"
	}
	if len(ids) <= most {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s, ... (%d in all)", strings.Join(ids[:most], ", "), len(ids))
}
