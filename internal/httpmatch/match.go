package httpmatch

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"
)

// Field is the kind of a condition, spelled as the ELB API spells a rule
// condition's Field.
type Field string

// Condition kinds.
const (
	FieldHost     Field = "host-header"
	FieldPath     Field = "path-pattern"
	FieldMethod   Field = "http-request-method"
	FieldHeader   Field = "http-header"
	FieldQuery    Field = "query-string"
	FieldSourceIP Field = "source-ip"
)

// QueryPattern is a key/value pair a query-string condition looks for.
// An empty Key matches any key.
type QueryPattern struct {
	Key   string
	Value string
}

// Condition is one uncompiled rule condition. Field says which of the
// other fields apply: Values (host-header, path-pattern,
// http-request-method, http-header), Regex (host-header, path-pattern,
// http-header), Header (http-header), Query (query-string) and CIDRs
// (source-ip). Any one of a condition's values matching satisfies it.
type Condition struct {
	Field  Field
	Values []string
	Regex  []string
	Header string
	Query  []QueryPattern
	CIDRs  []netip.Prefix
}

// Param is one parameter of a request's query string.
type Param struct {
	Key   string
	Value string
}

// Header is one header field of a request. A request may repeat a name.
type Header struct {
	Name  string
	Value string
}

// Request is the part of an HTTP request that listener rules look at.
type Request struct {
	// Method is the request method as sent ("GET").
	Method string
	// Host is the Host header (or HTTP/2 :authority); a ":port" suffix is
	// ignored.
	Host string
	// Path is the path of the request target, without the query string,
	// after URI normalization.
	Path string
	// Query holds the query string's parameters in order (see
	// [ParseQuery]).
	Query []Param
	// Headers holds the header fields in order.
	Headers []Header
	// SourceIP is the address the load balancer received the connection
	// from: the client, or the last proxy in front of it.
	SourceIP netip.Addr
}

// Rule is a compiled set of conditions, all of which must match. A Rule
// without conditions matches every request (a listener's default rule).
// A Rule is immutable and safe for concurrent use; matching does not
// allocate.
type Rule struct {
	conds []cond
}

type cond struct {
	field  Field
	values []string // methods
	globs  []Glob
	res    []*regexp.Regexp
	header string
	query  []queryGlob
	cidrs  []netip.Prefix
}

type queryGlob struct {
	key   Glob
	anyK  bool
	value Glob
}

// Compile compiles conditions into a Rule. It fails, naming the
// condition by index and field, on an unknown field, a condition without
// values, an empty value, values of a kind the field does not take, an
// http-header condition without a header name or on the Host header, and
// a regular expression that does not compile.
func Compile(conditions []Condition) (*Rule, error) {
	r := &Rule{conds: make([]cond, 0, len(conditions))}
	for i, c := range conditions {
		cc, err := compileCond(c)
		if err != nil {
			return nil, fmt.Errorf("condition %d (%s): %w", i, c.Field, err)
		}
		r.conds = append(r.conds, cc)
	}
	return r, nil
}

var (
	hostOpts   = GlobOptions{FoldCase: true}
	pathOpts   = GlobOptions{}
	headerOpts = GlobOptions{FoldCase: true}
	queryOpts  = GlobOptions{FoldCase: true, Escapes: true}
)

func compileCond(c Condition) (cond, error) {
	cc := cond{field: c.Field}
	takes := map[Field]string{
		FieldHost: "vr", FieldPath: "vr", FieldHeader: "vrh", FieldMethod: "v", FieldQuery: "q", FieldSourceIP: "c",
	}[c.Field]
	if takes == "" {
		return cc, fmt.Errorf("unknown condition field %q: want host-header, path-pattern, http-request-method, http-header, query-string or source-ip", c.Field)
	}
	for _, f := range []struct {
		set  bool
		kind byte
		name string
	}{
		{len(c.Values) > 0, 'v', "values"}, {len(c.Regex) > 0, 'r', "regex values"}, {c.Header != "", 'h', "a header name"},
		{len(c.Query) > 0, 'q', "query key/value pairs"}, {len(c.CIDRs) > 0, 'c', "CIDRs"},
	} {
		if f.set && !strings.ContainsRune(takes, rune(f.kind)) {
			return cc, fmt.Errorf("a %s condition takes no %s", c.Field, f.name)
		}
	}
	if len(c.Values)+len(c.Regex)+len(c.Query)+len(c.CIDRs) == 0 {
		return cc, fmt.Errorf("no values: want at least one")
	}
	for _, v := range c.Values {
		if v == "" {
			return cc, fmt.Errorf("empty value: a condition value can't be empty")
		}
	}
	switch c.Field {
	case FieldHost, FieldPath, FieldHeader:
		opts := map[Field]GlobOptions{FieldHost: hostOpts, FieldPath: pathOpts, FieldHeader: headerOpts}[c.Field]
		for _, v := range c.Values {
			cc.globs = append(cc.globs, CompileGlob(v, opts))
		}
		for _, e := range c.Regex {
			if e == "" {
				return cc, fmt.Errorf("empty regex value: a condition value can't be empty")
			}
			re, err := regexp.Compile(e)
			if err != nil {
				return cc, fmt.Errorf("regex value %q: %w", e, err)
			}
			cc.res = append(cc.res, re)
		}
		if c.Field == FieldHeader {
			switch {
			case c.Header == "":
				return cc, fmt.Errorf("no header name: an http-header condition names its header")
			case asciiEqualFold(c.Header, "host"):
				return cc, fmt.Errorf("header name %q: use a host-header condition for the Host header", c.Header)
			}
			cc.header = c.Header
		}
	case FieldMethod:
		cc.values = append([]string(nil), c.Values...)
	case FieldQuery:
		for _, q := range c.Query {
			if q.Value == "" {
				return cc, fmt.Errorf("query pair with key %q has an empty value: a condition value can't be empty", q.Key)
			}
			cc.query = append(cc.query, queryGlob{
				key: CompileGlob(q.Key, queryOpts), anyK: q.Key == "", value: CompileGlob(q.Value, queryOpts),
			})
		}
	case FieldSourceIP:
		for _, p := range c.CIDRs {
			if !p.IsValid() {
				return cc, fmt.Errorf("invalid CIDR %v", p)
			}
			cc.cidrs = append(cc.cidrs, p.Masked())
		}
	}
	return cc, nil
}

// Len returns the number of conditions.
func (r *Rule) Len() int {
	if r == nil {
		return 0
	}
	return len(r.conds)
}

// Match reports whether every condition matches req. A nil Rule or
// Request matches nothing.
func (r *Rule) Match(req *Request) bool {
	return r != nil && req != nil && r.FirstMismatch(req) < 0
}

// FirstMismatch returns the index of the first condition (in compile
// order) that req does not satisfy, or -1 when all do. A nil Request
// satisfies no condition; a nil Rule reports 0.
func (r *Rule) FirstMismatch(req *Request) int {
	if r == nil {
		return 0
	}
	for i := range r.conds {
		if req == nil || !r.conds[i].match(req) {
			return i
		}
	}
	return -1
}

func (c *cond) match(req *Request) bool {
	switch c.field {
	case FieldHost:
		return c.matchString(hostName(req.Host))
	case FieldPath:
		return c.matchString(req.Path)
	case FieldMethod:
		for _, m := range c.values {
			if req.Method == m {
				return true
			}
		}
	case FieldHeader:
		for i := range req.Headers {
			h := &req.Headers[i]
			if asciiEqualFold(h.Name, c.header) && c.matchString(h.Value) {
				return true
			}
		}
	case FieldQuery:
		for i := range req.Query {
			p := &req.Query[i]
			for j := range c.query {
				q := &c.query[j]
				if (q.anyK || q.key.Match(p.Key)) && q.value.Match(p.Value) {
					return true
				}
			}
		}
	case FieldSourceIP:
		a := req.SourceIP.Unmap()
		for _, p := range c.cidrs {
			if p.Contains(a) {
				return true
			}
		}
	}
	return false
}

func (c *cond) matchString(s string) bool {
	for i := range c.globs {
		if c.globs[i].Match(s) {
			return true
		}
	}
	for _, re := range c.res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// FirstMatch returns the index of the first rule in rules that matches
// req, or -1 if none does. Callers pass the rules in evaluation order
// (for a listener, by ascending priority).
func FirstMatch(rules []*Rule, req *Request) int {
	for i, r := range rules {
		if r.Match(req) {
			return i
		}
	}
	return -1
}

// hostName strips a ":port" suffix from a Host header value, keeping a
// bracketed IPv6 literal whole.
func hostName(h string) string {
	i := strings.LastIndexByte(h, ':')
	if i < 0 || strings.LastIndexByte(h, ']') > i {
		return h
	}
	if h[0] != '[' && strings.IndexByte(h, ':') != i {
		return h // an unbracketed IPv6 address, not host:port
	}
	for j := i + 1; j < len(h); j++ {
		if h[j] < '0' || h[j] > '9' {
			return h
		}
	}
	return h[:i]
}

// ParseQuery splits a raw query string (without the leading "?") into
// its parameters, in order: on "&", then each parameter on its first
// "=". A parameter without "=" is a value with no key. Percent-encoding
// is left as sent: rules compare the text of the query string.
func ParseQuery(raw string) []Param {
	if raw == "" {
		return nil
	}
	var out []Param
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		if k, v, ok := strings.Cut(part, "="); ok {
			out = append(out, Param{Key: k, Value: v})
		} else {
			out = append(out, Param{Value: part})
		}
	}
	return out
}

// SplitTarget splits an HTTP request target ("/a/b?x=1#frag") into its
// path and raw query string, dropping any fragment.
func SplitTarget(target string) (path, rawQuery string) {
	if i := strings.IndexByte(target, '#'); i >= 0 {
		target = target[:i]
	}
	path, rawQuery, _ = strings.Cut(target, "?")
	return path, rawQuery
}
