package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/archcheck"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// The check language: one expectation a line, the vocabulary of package
// simtest. checkHelp documents it.
const checkHelp = `A check file holds one expectation a line; # starts a comment, a line
ending in \ continues on the next, and a word may be double-quoted.

  reach FROM -> TO FLOWS           FROM reaches TO on every flow listed
  deny FROM -> TO FLOWS            FROM reaches TO on none of them (a flow
      [because CODE] [at ID]       whose reply is blocked counts as denied);
                                   with one flow, because and at also name
                                   the reason code and blocking component
  ports FROM -> TO = FLOWS         exactly these flows are open (= none for
                                   nothing)
  only SOURCES -> TARGETS FLOW     each interface of TARGETS is reached with
                                   FLOW by exactly SOURCES (add +internet to
                                   allow the internet)
  not-exposed SELECTION            the internet reaches none of them, on any
                                   flow, over IPv4 or IPv6
  via COMPONENT: SELECTION -> internet [FLOWS]
                                   what they send to the internet (those
                                   flows, or every flow) passes COMPONENT
                                   (a NAT gateway, say) on its way

FROM and TO are targets: one endpoint, or a selection whose every interface
is checked (subnet:ID is the subnet's host there). SOURCES, TARGETS and
SELECTION are selections of interfaces (subnet:ID selects the subnet's
interfaces there). FLOWS is a list of flows separated by commas or spaces.
Each line may end with options: ipv6, ephemeral 32768-60999, src-port 40000.
CODE is a reason code such as SG_INGRESS or NO_ROUTE (vpcsim's reason codes).

Example:

  # The database tier: only the app tier, only on 5432.
  only tag:tier=app -> tag:tier=db tcp/5432
  ports tag:tier=app -> tag:tier=db = tcp/5432
  deny internet -> tag:tier=db any
  not-exposed tag:tier=db+tag:tier=app
  reach eni-app -> internet tcp/443
  via nat-a: subnet:subnet-app-a -> internet tcp/443
  deny eni-bastion -> eni-db tcp/22 because SG_INGRESS at eni-db
`

// Statement kinds.
const (
	stReach      = "reach"
	stDeny       = "deny"
	stPorts      = "ports"
	stOnly       = "only"
	stNotExposed = "not-exposed"
	stVia        = "via"
)

// statement is one parsed expectation.
type statement struct {
	line int
	text string // the statement as written, on one line
	kind string
	// from and to are the two sides of reach, deny, ports and only
	// (sources and targets); sel the selection of not-exposed and via.
	from, to, sel target
	component     string // via
	flows         archcheck.FlowSet
	flow          archcheck.Flow // one flow: only, and deny with because or at
	oneFlow       bool           // the flows are a single flow
	opts          archcheck.Options
}

// parseError is a syntax error at a line of a check file.
type parseError struct {
	line int
	msg  string
}

func (e *parseError) Error() string { return fmt.Sprintf("%d: %s", e.line, e.msg) }

// parseChecks parses a check file, returning every syntax error at once
// (an errors.Join of *parseError, in line order).
func parseChecks(src string) ([]statement, error) {
	var out []statement
	var errs []error
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		start := i + 1
		l := lines[i]
		for strings.HasSuffix(strings.TrimRight(l, " \t"), `\`) && i+1 < len(lines) {
			l = strings.TrimSuffix(strings.TrimRight(l, " \t"), `\`) + " " + lines[i+1]
			i++
		}
		words, err := tokenize(l)
		if err != nil {
			errs = append(errs, &parseError{start, err.Error()})
			continue
		}
		if len(words) == 0 {
			continue
		}
		st, err := parseStatement(words)
		if err != nil {
			errs = append(errs, &parseError{start, err.Error()})
			continue
		}
		st.line = start
		st.text = strings.Join(quoteWords(words), " ")
		out = append(out, st)
	}
	return out, errors.Join(errs...)
}

// tokenize splits a line into words: separated by blanks, "->" a word of
// its own, double-quoted words unquoted, a # outside quotes ending the
// line.
func tokenize(l string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(l); i++ {
		ch := l[i]
		switch {
		case ch == ' ' || ch == '\t':
			flush()
		case ch == '#' && !inWord:
			flush()
			return words, nil
		case ch == '"':
			j := i + 1
			for ; j < len(l) && l[j] != '"'; j++ {
				if l[j] == '\\' {
					j++
				}
			}
			if j >= len(l) {
				return nil, fmt.Errorf("unterminated quoted word %s", l[i:])
			}
			s, err := strconv.Unquote(l[i : j+1])
			if err != nil {
				return nil, fmt.Errorf("bad quoted word %s: %v", l[i:j+1], err)
			}
			cur.WriteString(s)
			inWord = true
			i = j
		case ch == '-' && i+1 < len(l) && l[i+1] == '>':
			flush()
			words = append(words, "->")
			i++
		default:
			cur.WriteByte(ch)
			inWord = true
		}
	}
	flush()
	return words, nil
}

// quoteWords quotes the words that need it, to print a statement back.
func quoteWords(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		if w == "" || strings.ContainsAny(w, " \t\"#") || (w != "->" && strings.Contains(w, "->")) {
			w = strconv.Quote(w)
		}
		out[i] = w
	}
	return out
}

// parseStatement parses the words of one statement.
func parseStatement(ws []string) (statement, error) {
	st := statement{kind: ws[0]}
	rest := ws[1:]
	// Options at the end of any statement.
	rest, opts, err := parseOptions(rest, st.kind == stDeny)
	if err != nil {
		return st, err
	}
	st.opts = opts
	side := func(w, role string) (target, error) {
		t, err := parseTarget(w)
		if err != nil {
			return t, fmt.Errorf("%s: %v", role, err)
		}
		return t, nil
	}
	arrow := func(form string) (from, to target, after []string, err error) {
		if len(rest) < 3 || rest[1] != "->" {
			return from, to, nil, fmt.Errorf("want %s", form)
		}
		if from, err = side(rest[0], "source"); err != nil {
			return
		}
		if to, err = side(rest[2], "destination"); err != nil {
			return
		}
		return from, to, rest[3:], nil
	}
	switch st.kind {
	case stReach, stDeny:
		form := st.kind + " FROM -> TO FLOWS"
		if st.kind == stDeny {
			form += " [because CODE] [at COMPONENT]"
		}
		from, to, after, err := arrow(form)
		if err != nil {
			return st, err
		}
		st.from, st.to = from, to
		if len(after) == 0 {
			return st, fmt.Errorf("no flow: want %s (flows such as tcp/443, udp/53, icmp, any)", form)
		}
		if err := st.setFlows(after); err != nil {
			return st, err
		}
		if (st.opts.HasReason || st.opts.At != "") && !st.oneFlow {
			return st, fmt.Errorf("because and at take one flow, such as tcp/22; %s is several", st.flows)
		}
	case stPorts:
		from, to, after, err := arrow("ports FROM -> TO = FLOWS")
		if err != nil {
			return st, err
		}
		st.from, st.to = from, to
		if len(after) == 0 || after[0] != "=" {
			return st, fmt.Errorf("want ports FROM -> TO = FLOWS (= none for nothing open)")
		}
		if len(after) == 1 {
			return st, fmt.Errorf("nothing after =: want the flows open, or none")
		}
		if st.flows, err = parseFlowList(after[1:], st.opts.IPv6); err != nil {
			return st, err
		}
	case stOnly:
		from, to, after, err := arrow("only SOURCES -> TARGETS FLOW")
		if err != nil {
			return st, err
		}
		st.from, st.to = from, to
		if len(after) != 1 {
			return st, fmt.Errorf("want one flow after the targets, such as tcp/5432")
		}
		if st.flow, err = parseOneFlow(after[0], st.opts.IPv6); err != nil {
			return st, err
		}
		st.oneFlow = true
	case stNotExposed:
		if len(rest) != 1 {
			return st, fmt.Errorf("want not-exposed SELECTION (one word, such as tag:tier=db or sg:sg-db+sg:sg-app)")
		}
		t, err := side(rest[0], "selection")
		if err != nil {
			return st, err
		}
		st.sel = t
	case stVia:
		if len(rest) < 4 {
			return st, fmt.Errorf("want via COMPONENT: SELECTION -> internet [FLOWS]")
		}
		st.component = strings.TrimSuffix(rest[0], ":")
		rest = rest[1:]
		if rest[0] == ":" {
			rest = rest[1:]
		}
		if len(rest) < 3 || rest[1] != "->" || rest[2] != "internet" {
			return st, fmt.Errorf("want via COMPONENT: SELECTION -> internet [FLOWS]")
		}
		if st.component == "" {
			return st, fmt.Errorf("no component after via")
		}
		t, err := side(rest[0], "selection")
		if err != nil {
			return st, err
		}
		st.sel = t
		if len(rest) > 3 {
			if err := st.setFlows(rest[3:]); err != nil {
				return st, err
			}
		}
	default:
		return st, fmt.Errorf("unknown statement %q: want reach, deny, ports, only, not-exposed or via", st.kind)
	}
	return st, nil
}

// setFlows parses a list of flows, noting whether it is a single flow.
func (st *statement) setFlows(words []string) error {
	fs, err := parseFlowList(words, st.opts.IPv6)
	if err != nil {
		return err
	}
	if len(fs) == 0 {
		return fmt.Errorf("no flow: want flows such as tcp/443, udp/53, icmp, any")
	}
	st.flows = fs
	if len(words) == 1 && !strings.Contains(words[0], ",") {
		if f, err := parseOneFlow(words[0], st.opts.IPv6); err == nil {
			st.flow, st.oneFlow = f, true
		}
	}
	return nil
}

// parseOptions takes the options off the end of a statement's words:
// ipv6, ephemeral LO-HI, src-port N, and for deny because CODE and at ID.
func parseOptions(ws []string, expectations bool) ([]string, archcheck.Options, error) {
	var o archcheck.Options
	var rest []string
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		arg := func() (string, error) {
			if i+1 >= len(ws) {
				return "", fmt.Errorf("%s needs a value", w)
			}
			i++
			return ws[i], nil
		}
		switch w {
		case "ipv6":
			o.IPv6 = true
		case "ephemeral":
			v, err := arg()
			if err != nil {
				return nil, o, err
			}
			lo, hi, ok := strings.Cut(v, "-")
			a, err1 := strconv.ParseUint(lo, 10, 16)
			b, err2 := strconv.ParseUint(hi, 10, 16)
			if !ok || err1 != nil || err2 != nil || a == 0 || a > b {
				return nil, o, fmt.Errorf("ephemeral %q: want a port range such as 32768-60999", v)
			}
			o.EphemeralPorts = vpc.Ports(uint16(a), uint16(b))
		case "src-port":
			v, err := arg()
			if err != nil {
				return nil, o, err
			}
			n, err := strconv.ParseUint(v, 10, 16)
			if err != nil || n == 0 {
				return nil, o, fmt.Errorf("src-port %q: want a port 1-65535", v)
			}
			o.SrcPort = uint16(n)
		case "because", "at":
			if !expectations {
				return nil, o, fmt.Errorf("%s applies to deny only", w)
			}
			v, err := arg()
			if err != nil {
				return nil, o, err
			}
			if w == "at" {
				o.At = v
				continue
			}
			r, ok := reasonByName(v)
			if !ok {
				return nil, o, fmt.Errorf("because %q: want a reason code: %s", v, reasonNames())
			}
			o.Reason, o.HasReason = r, true
		default:
			rest = append(rest, w)
		}
	}
	return rest, o, nil
}

// reasonByName finds a reason by its code.
func reasonByName(s string) (sim.Reason, bool) {
	for _, r := range sim.Reasons() {
		if strings.EqualFold(r.String(), s) {
			return r, true
		}
	}
	return sim.NoReason, false
}

// reasonNames lists the reason codes.
func reasonNames() string {
	var out []string
	for _, r := range sim.Reasons() {
		out = append(out, r.String())
	}
	return strings.Join(out, ", ")
}
