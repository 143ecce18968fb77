package main

import (
	"fmt"
	"strings"

	"github.com/vpcsim/vpcsim/internal/archcheck"
)

// Flows on the command line and in check files are one word each:
//
//	tcp/443, udp/53, tcp/8000-8080, tcp (every port)
//	icmp (echo request), icmp:8/0 (type/code), icmp:3 (every code), icmp:all
//	icmpv6 (echo request), icmpv6:135/0, icmpv6:all
//	proto:47, proto:2-5
//	any (every flow)
//
// They are rewritten into the words sim prints (tcp 443, icmp type 8
// code 0, protocol 47), which package archcheck parses; those are
// accepted too where a flow may hold spaces (a quoted argument).
const flowSyntax = "want tcp/443, udp/53, tcp/8000-8080, tcp, icmp, icmp:8/0, icmp:3, icmp:all, icmpv6, proto:47, proto:2-5 or any"

// flowWords rewrites one flow word into archcheck's syntax.
func flowWords(w string) (string, error) {
	lw := strings.ToLower(w)
	if strings.Contains(lw, " ") {
		return lw, nil // already in sim's words
	}
	bad := func() (string, error) { return "", fmt.Errorf("flow %q: %s", w, flowSyntax) }
	switch lw {
	case "any", "all":
		return "all", nil
	case "tcp", "udp":
		return lw + " all", nil
	case "icmp":
		return "icmp type 8 code 0", nil
	case "icmpv6":
		return "icmpv6 type 128 code 0", nil
	}
	if p, ports, ok := strings.Cut(lw, "/"); ok && (p == "tcp" || p == "udp") {
		if ports == "" {
			return bad()
		}
		return p + " " + ports, nil
	}
	if p, msg, ok := strings.Cut(lw, ":"); ok {
		switch p {
		case "icmp", "icmpv6":
			if msg == "all" {
				return p + " all", nil
			}
			t, c, hasCode := strings.Cut(msg, "/")
			if t == "" || (hasCode && c == "") {
				return bad()
			}
			if hasCode {
				return fmt.Sprintf("%s type %s code %s", p, t, c), nil
			}
			return fmt.Sprintf("%s type %s", p, t), nil
		case "proto", "protocol":
			if msg == "" {
				return bad()
			}
			if strings.Contains(msg, "-") {
				return "protocols " + msg, nil
			}
			return "protocol " + msg, nil
		}
	}
	return bad()
}

// parseFlowList parses flow words separated by commas or spaces into a
// set; "none" is the empty set.
func parseFlowList(words []string, ipv6 bool) (archcheck.FlowSet, error) {
	var parts []string
	for _, w := range words {
		for p := range strings.SplitSeq(w, ",") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			if strings.EqualFold(p, "none") {
				continue
			}
			s, err := flowWords(p)
			if err != nil {
				return nil, err
			}
			if _, err := archcheck.ParseFlows(s, ipv6); err != nil {
				return nil, flowError(p, err)
			}
			parts = append(parts, s)
		}
	}
	return archcheck.ParseFlows(strings.Join(parts, ", "), ipv6)
}

// parseOneFlow parses one flow word that must name a single flow.
func parseOneFlow(w string, ipv6 bool) (archcheck.Flow, error) {
	s, err := flowWords(w)
	if err != nil {
		return archcheck.Flow{}, err
	}
	set, err := archcheck.ParseFlows(s, ipv6)
	if err != nil {
		return archcheck.Flow{}, flowError(w, err)
	}
	f, err := archcheck.ParseOneFlow(s, ipv6)
	if err != nil || len(set) != 1 {
		return archcheck.Flow{}, fmt.Errorf("flow %q: want one flow, such as tcp/443, udp/53, icmp or icmp:3/4", w)
	}
	return f, nil
}

// flowError restates an error of archcheck's parser, which quotes the
// flow in sim's words, for the word w as the user wrote it.
func flowError(w string, err error) error {
	msg := err.Error()
	if strings.HasPrefix(msg, "flow ") {
		if _, rest, ok := strings.Cut(msg, ": "); ok {
			msg = rest
		}
	}
	if i := strings.Index(msg, `want "tcp 443"`); i >= 0 {
		msg = strings.TrimSuffix(strings.TrimSpace(msg[:i]), ";")
	}
	if msg == "" {
		return fmt.Errorf("flow %q: %s", w, flowSyntax)
	}
	return fmt.Errorf("flow %q: %s; %s", w, msg, flowSyntax)
}
