// Package httpmatch implements the request-matching semantics of the HTTP
// rules that Application Load Balancer and VPC Lattice listeners apply, as
// pure functions: compile a rule's conditions once ([Compile] for ALB
// conditions over a [Request], [CompileLattice] for Lattice matches), then
// match any number of requests from any number of goroutines without
// allocating.
//
// The ALB semantics follow the Elastic Load Balancing documentation (User
// Guide for Application Load Balancers, "Condition types for listener
// rules", and the API Reference pages of the condition configs):
//
//   - host-header: the host name of the Host header (a ":port" suffix is
//     ignored, an interpretation) is compared without regard to case with
//     each pattern, in which * matches any run of characters, including
//     none, and ? exactly one. "*.example.com" matches "test.example.com"
//     but not "example.com".
//   - path-pattern: the path of the request, not its query string, is
//     compared with regard to case, with the same wildcards. * also
//     matches "/". The path is matched as given: AWS evaluates rules after
//     normalizing the URI, so callers pass a normalized path.
//   - http-request-method: the method is compared exactly and with regard
//     to case; no wildcards.
//   - http-header: the header name is compared without regard to case (it
//     cannot be Host); the value without regard to case, with wildcards.
//     When the request repeats the header, every occurrence is tried in
//     order.
//   - query-string: each pattern is a value and an optional key, both
//     compared without regard to case with wildcards; a backslash before
//     a wildcard makes it literal. The condition holds when some parameter
//     of the query string matches some pattern; a pattern without a key
//     accepts any key.
//   - source-ip: the address the connection came from (not an address in
//     X-Forwarded-For) falls in one of the CIDRs, IPv4 or IPv6.
//   - Several values of one condition are alternatives (any one matching
//     satisfies the condition); several conditions of a rule must all
//     hold.
//   - Regular expressions (RegexValues, for host-header, path-pattern and
//     http-header) use Go's RE2 syntax, which lacks what AWS documents its
//     rule regexes lack (lookaround, backreferences, atomic groups,
//     possessive quantifiers, recursion). They search the value (AWS's
//     examples anchor explicitly with ^ and $) and compare with regard to
//     case unless the expression says (?i): interpretations, since AWS
//     documents neither.
//
// Further interpretations where AWS is silent: wildcards count bytes (the
// rules apply to visible ASCII); query strings are compared as sent,
// without percent-decoding ([ParseQuery]); a query parameter without "="
// is a value with no key, matched only by patterns without a key.
//
// Limits the ELB API puts on conditions (values per condition and per
// rule, wildcards per rule, value lengths and characters) are for
// validation, not matching; [Wildcards] counts wildcards the way the
// quota does.
//
// The Lattice half ([CompileLattice], [LatticeMatcher]) follows the VPC
// Lattice user guide ("Listener rules for your VPC Lattice service") and
// the API's HttpMatch, PathMatch and HeaderMatch types:
//
//   - A rule's conditions are ANDed; absent conditions match everything.
//   - The method is compared exactly and case-sensitively; standard and
//     custom methods alike, no wildcards.
//   - The path is compared exactly or by prefix, ignoring case unless the
//     rule asks for case sensitivity; no wildcards. Prefixes are plain
//     string prefixes, not path segments.
//   - Each header condition compares one header's values exactly, by
//     prefix or by containment, ignoring case unless the rule asks for case
//     sensitivity; header names always compare ignoring case, and a '*'
//     in a value is an ordinary character. A request without the header
//     fails the condition; with several values, one matching value
//     suffices.
//   - Case folding is ASCII only.
//
// Invariants: a compiled matcher is immutable and safe for concurrent use;
// matching never allocates; a nil matcher matches nothing.
package httpmatch
