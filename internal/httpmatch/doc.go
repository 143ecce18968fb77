// Package httpmatch holds the request-matching semantics of the HTTP rules
// that load balancers and VPC Lattice listeners apply, as pure functions
// compiled once and then matched without allocating.
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
