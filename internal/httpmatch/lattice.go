package httpmatch

import (
	"errors"
	"fmt"
	"net/http"
	"net/textproto"
	"strings"
)

// LatticeMatchType is how a VPC Lattice rule condition compares a request
// value with the rule's value.
type LatticeMatchType uint8

// Lattice comparisons. Paths take exact or prefix; headers also contains.
const (
	LatticeExact LatticeMatchType = iota + 1
	LatticePrefix
	LatticeContains
)

// String returns "exact", "prefix" or "contains".
func (t LatticeMatchType) String() string {
	switch t {
	case LatticeExact:
		return "exact"
	case LatticePrefix:
		return "prefix"
	case LatticeContains:
		return "contains"
	}
	return fmt.Sprintf("LatticeMatchType(%d)", uint8(t))
}

// LatticePath is a rule's path condition. The comparison ignores case
// unless CaseSensitive is set, as in AWS, where the flag defaults to false.
type LatticePath struct {
	Type          LatticeMatchType
	Value         string
	CaseSensitive bool
}

// LatticeHeader is a rule's condition on one request header. The header
// name is always compared ignoring case; the value ignores case unless
// CaseSensitive is set.
type LatticeHeader struct {
	Name          string
	Type          LatticeMatchType
	Value         string
	CaseSensitive bool
}

// LatticeConditions are the conditions of one Lattice rule, all of which
// must hold. An empty Method matches any method, a nil Path any path, no
// Headers any headers; so empty conditions (the default rule's) match every
// request.
type LatticeConditions struct {
	// Method is compared exactly and case-sensitively.
	Method  string
	Path    *LatticePath
	Headers []LatticeHeader
}

// LatticeMatcher is the compiled form of [LatticeConditions]. It is
// immutable, safe for concurrent use, and matches without allocating.
// A nil *LatticeMatcher matches nothing.
type LatticeMatcher struct {
	method  string
	path    latticeValue
	hasPath bool
	headers []latticeHeader
}

// latticeValue is one compiled comparison. Without cs, value is already
// lower-cased and the request side is folded while comparing.
type latticeValue struct {
	typ   LatticeMatchType
	value string
	cs    bool
}

// latticeHeader is a compiled header condition: the header's canonical key
// (how net/http stores it) for a direct lookup, and its lower-cased name
// for finding keys stored in another case.
type latticeHeader struct {
	canon string
	lower string
	latticeValue
}

// CompileLattice compiles c. It rejects conditions no Lattice rule can
// have: a path condition other than exact or prefix, a header condition
// with no name or an unknown type, and an empty value to compare. (The API's
// length and character limits are checked by validation, not here.) All
// problems come back together.
func CompileLattice(c LatticeConditions) (*LatticeMatcher, error) {
	var errs []error
	m := &LatticeMatcher{method: c.Method}
	if c.Path != nil {
		p := *c.Path
		switch {
		case p.Type != LatticeExact && p.Type != LatticePrefix:
			errs = append(errs, fmt.Errorf("path: match type %v: want exact or prefix", p.Type))
		case p.Value == "":
			errs = append(errs, errors.New("path: empty value: want the path or prefix to compare"))
		}
		m.path, m.hasPath = compileLatticeValue(p.Type, p.Value, p.CaseSensitive), true
	}
	m.headers = make([]latticeHeader, len(c.Headers))
	for i, h := range c.Headers {
		if h.Name == "" {
			errs = append(errs, fmt.Errorf("header %d: empty name", i))
		}
		switch {
		case h.Type != LatticeExact && h.Type != LatticePrefix && h.Type != LatticeContains:
			errs = append(errs, fmt.Errorf("header %d (%s): match type %v: want exact, prefix or contains", i, h.Name, h.Type))
		case h.Value == "":
			errs = append(errs, fmt.Errorf("header %d (%s): empty value: want the value to compare", i, h.Name))
		}
		m.headers[i] = latticeHeader{
			canon:        textproto.CanonicalMIMEHeaderKey(h.Name),
			lower:        latticeLower(h.Name),
			latticeValue: compileLatticeValue(h.Type, h.Value, h.CaseSensitive),
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return m, nil
}

func compileLatticeValue(t LatticeMatchType, v string, cs bool) latticeValue {
	if !cs {
		v = latticeLower(v)
	}
	return latticeValue{typ: t, value: v, cs: cs}
}

// LatticeField names the kind of condition a request failed.
type LatticeField uint8

// Condition kinds. LatticeNoMatcher reports a nil matcher.
const (
	LatticeNoMatcher LatticeField = iota
	LatticeMethod
	LatticePathField
	LatticeHeaderField
)

// String returns "method", "path", "header" or "no matcher".
func (f LatticeField) String() string {
	switch f {
	case LatticeMethod:
		return "method"
	case LatticePathField:
		return "path"
	case LatticeHeaderField:
		return "header"
	}
	return "no matcher"
}

// LatticeMismatch identifies the condition a request failed: its kind and,
// for a header condition, its index in [LatticeConditions.Headers].
type LatticeMismatch struct {
	Field  LatticeField
	Header int
}

// Match reports whether a request with this method, path and headers meets
// every condition. path is the request path as the rule sees it (without
// the query string, unless the caller chooses to include it). A header
// condition holds when any value of the named header, looked up ignoring
// case, compares true; a header the request lacks never matches.
func (m *LatticeMatcher) Match(method, path string, h http.Header) bool {
	_, failed := m.Mismatch(method, path, h)
	return !failed
}

// Mismatch returns the first condition the request fails, checking the
// method, then the path, then the headers in order, and true; or false when
// the request meets them all. The order only picks which failure is
// reported: the conditions are ANDed.
func (m *LatticeMatcher) Mismatch(method, path string, h http.Header) (LatticeMismatch, bool) {
	if m == nil {
		return LatticeMismatch{Field: LatticeNoMatcher}, true
	}
	if m.method != "" && method != m.method {
		return LatticeMismatch{Field: LatticeMethod}, true
	}
	if m.hasPath && !m.path.match(path) {
		return LatticeMismatch{Field: LatticePathField}, true
	}
	for i := range m.headers {
		if !m.headers[i].matchHeader(h) {
			return LatticeMismatch{Field: LatticeHeaderField, Header: i}, true
		}
	}
	return LatticeMismatch{}, false
}

func (c *latticeHeader) matchHeader(h http.Header) bool {
	if vs, ok := h[c.canon]; ok {
		for _, v := range vs {
			if c.match(v) {
				return true
			}
		}
	}
	// Keys set directly in the map rather than through Header.Set may be in
	// any case.
	for k, vs := range h {
		if k == c.canon || len(k) != len(c.lower) || !latticeFoldEqual(k, c.lower) {
			continue
		}
		for _, v := range vs {
			if c.match(v) {
				return true
			}
		}
	}
	return false
}

func (c *latticeValue) match(s string) bool {
	n := len(c.value)
	switch c.typ {
	case LatticeExact:
		if c.cs {
			return s == c.value
		}
		return len(s) == n && latticeFoldEqual(s, c.value)
	case LatticePrefix:
		if len(s) < n {
			return false
		}
		if c.cs {
			return s[:n] == c.value
		}
		return latticeFoldEqual(s[:n], c.value)
	case LatticeContains:
		if c.cs {
			return strings.Contains(s, c.value)
		}
		for i := 0; i+n <= len(s); i++ {
			if latticeFoldEqual(s[i:i+n], c.value) {
				return true
			}
		}
	}
	return false
}

// latticeFoldEqual reports whether s, folded to ASCII lower case, equals lower,
// which is already lower case and as long as s. Only ASCII letters fold:
// header values are octets, and Lattice paths are ASCII.
func latticeFoldEqual(s, lower string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

func latticeLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
