package httpmatch

import (
	"net/netip"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// Unless said otherwise, the facts pinned here come from the Elastic Load
// Balancing User Guide for Application Load Balancers, page "Condition
// types for listener rules", and from the ELB API Reference pages of the
// condition configs (HostHeaderConditionConfig, PathPatternConditionConfig,
// HttpRequestMethodConditionConfig, HttpHeaderConditionConfig,
// QueryStringConditionConfig, SourceIpConditionConfig).

func mustCompile(t *testing.T, conds ...Condition) *Rule {
	t.Helper()
	r, err := Compile(conds)
	if err != nil {
		t.Fatalf("Compile(%+v): %v", conds, err)
	}
	return r
}

type probe struct {
	req  Request
	want bool
}

func check(t *testing.T, r *Rule, probes []probe) {
	t.Helper()
	for _, p := range probes {
		if got := r.Match(&p.req); got != p.want {
			t.Errorf("Match(%+v) = %v, want %v", p.req, got, p.want)
		}
	}
}

func TestHostHeader(t *testing.T) {
	// Host names compare without regard to case, * matches zero or more
	// characters, ? exactly one; "*.example.com matches test.example.com
	// but doesn't match example.com" (user guide, Host conditions).
	r := mustCompile(t, Condition{Field: FieldHost, Values: []string{"*.example.com", "api-?.Example.ORG"}})
	check(t, r, []probe{
		{Request{Host: "test.example.com"}, true},
		{Request{Host: "a.b.example.com"}, true},
		{Request{Host: "TEST.Example.COM"}, true},
		{Request{Host: "example.com"}, false},
		{Request{Host: "test.example.com.evil.net"}, false},
		{Request{Host: "api-1.example.org"}, true},
		{Request{Host: "API-X.EXAMPLE.ORG"}, true},
		{Request{Host: "api-12.example.org"}, false},
		{Request{Host: "api-.example.org"}, false},
		// The port of the Host header is not part of the host name
		// (interpretation).
		{Request{Host: "test.example.com:8443"}, true},
		{Request{Host: ""}, false},
	})
	re := mustCompile(t, Condition{Field: FieldHost, Regex: []string{`^(.*)\.example\.com$`}})
	check(t, re, []probe{
		{Request{Host: "www.example.com"}, true},
		{Request{Host: "www.example.com:80"}, true},
		{Request{Host: "www.example.net"}, false},
	})
}

func TestPathPattern(t *testing.T) {
	// Paths compare with regard to case; the pattern applies to the path,
	// not the query parameters (user guide, Path conditions; API reference
	// PathPatternConditionConfig).
	r := mustCompile(t, Condition{Field: FieldPath, Values: []string{"/img/*", "/img/*/pics", "/v?/status"}})
	check(t, r, []probe{
		{Request{Path: "/img/picture.jpg"}, true},
		{Request{Path: "/img/"}, true},
		{Request{Path: "/img"}, false},
		{Request{Path: "/IMG/picture.jpg"}, false},
		{Request{Path: "/img/2024/pics"}, true},
		{Request{Path: "/v1/status"}, true},
		{Request{Path: "/v10/status"}, false}, // ? is exactly one character
		{Request{Path: "/status"}, false},
	})
	// * matches across "/" (the wildcard matches any characters).
	any := mustCompile(t, Condition{Field: FieldPath, Values: []string{"/api/*/stream"}})
	check(t, any, []probe{{Request{Path: "/api/a/b/c/stream"}, true}, {Request{Path: "/api/stream"}, false}})
	// The query string is not part of the path.
	path, rawQuery := SplitTarget("/img/a.png?size=large#top")
	if path != "/img/a.png" || rawQuery != "size=large" {
		t.Errorf("SplitTarget = %q, %q", path, rawQuery)
	}
	exact := mustCompile(t, Condition{Field: FieldPath, Values: []string{"/img/a.png"}})
	check(t, exact, []probe{{Request{Path: path, Query: ParseQuery(rawQuery)}, true}})
}

func TestMethod(t *testing.T) {
	// Exact, case-sensitive match; custom methods allowed; no wildcards
	// (user guide, HTTP request method conditions).
	r := mustCompile(t, Condition{Field: FieldMethod, Values: []string{"GET", "HEAD", "CUSTOM-METHOD"}})
	check(t, r, []probe{
		{Request{Method: "GET"}, true},
		{Request{Method: "HEAD"}, true},
		{Request{Method: "CUSTOM-METHOD"}, true},
		{Request{Method: "get"}, false},
		{Request{Method: "POST"}, false},
		{Request{Method: "GE"}, false},
	})
	star := mustCompile(t, Condition{Field: FieldMethod, Values: []string{"*"}})
	check(t, star, []probe{{Request{Method: "GET"}, false}, {Request{Method: "*"}, true}})
}

func TestHeader(t *testing.T) {
	// Header names and values compare without regard to case; values take
	// * and ?; a repeated header is searched in order until a match is
	// found (user guide, HTTP header conditions; API reference
	// HttpHeaderConditionConfig).
	r := mustCompile(t, Condition{Field: FieldHeader, Header: "User-Agent", Values: []string{"*Chrome*", "*Safari*"}})
	check(t, r, []probe{
		{Request{Headers: []Header{{"User-Agent", "Mozilla/5.0 Chrome/120"}}}, true},
		{Request{Headers: []Header{{"user-agent", "mozilla/5.0 CHROME/120"}}}, true},
		{Request{Headers: []Header{{"USER-AGENT", "Safari"}}}, true},
		{Request{Headers: []Header{{"User-Agent", "curl/8.0"}}}, false},
		{Request{Headers: []Header{{"X-User-Agent", "Chrome"}}}, false},
		{Request{Headers: []Header{{"User-Agent", "curl/8.0"}, {"Accept", "*/*"}, {"User-Agent", "Chrome"}}}, true},
		{Request{}, false},
	})
	q := mustCompile(t, Condition{Field: FieldHeader, Header: "x-env", Values: []string{"pro?"}})
	check(t, q, []probe{{Request{Headers: []Header{{"X-Env", "PROD"}}}, true}, {Request{Headers: []Header{{"X-Env", "produce"}}}, false}})
	// Reaching for X-Forwarded-For is what http-header conditions are for
	// (API reference SourceIpConditionConfig).
	xff := mustCompile(t, Condition{Field: FieldHeader, Header: "X-Forwarded-For", Values: []string{"203.0.113.*"}})
	check(t, xff, []probe{{Request{Headers: []Header{{"X-Forwarded-For", "203.0.113.7"}}, SourceIP: netip.MustParseAddr("10.0.0.1")}, true}})
	re := mustCompile(t, Condition{Field: FieldHeader, Header: "User-Agent", Regex: []string{".+"}})
	check(t, re, []probe{{Request{Headers: []Header{{"User-Agent", "x"}}}, true}, {Request{Headers: []Header{{"User-Agent", ""}}}, false}})
}

func TestQueryString(t *testing.T) {
	// The user guide's example: a key/value pair version=v1, or any key
	// whose value matches *example*; comparisons ignore case; the
	// condition holds if one of the pairs is found.
	r := mustCompile(t, Condition{Field: FieldQuery, Query: []QueryPattern{{Key: "version", Value: "v1"}, {Value: "*example*"}}})
	check(t, r, []probe{
		{Request{Query: ParseQuery("version=v1")}, true},
		{Request{Query: ParseQuery("a=1&VERSION=V1")}, true},
		{Request{Query: ParseQuery("version=v2")}, false},
		{Request{Query: ParseQuery("q=an-example-query")}, true},
		{Request{Query: ParseQuery("q=EXAMPLE")}, true},
		{Request{Query: ParseQuery("example=1")}, false}, // the key is not the value
		{Request{Query: ParseQuery("v1")}, false},        // a bare v1 has no key "version"
		{Request{Query: ParseQuery("the-example")}, true},
		{Request{}, false},
	})
	// A backslash makes * and ? literal in query-string values (API
	// reference QueryStringConditionConfig).
	lit := mustCompile(t, Condition{Field: FieldQuery, Query: []QueryPattern{{Key: "q", Value: `a\*b\?`}, {Key: "k?y", Value: "*"}}})
	check(t, lit, []probe{
		{Request{Query: []Param{{"q", "a*b?"}}}, true},
		{Request{Query: []Param{{"q", "axbx"}}}, false},
		{Request{Query: []Param{{"key", "anything"}}}, true},
		{Request{Query: []Param{{"keey", "anything"}}}, false},
	})
	// Query strings compare as sent, without percent-decoding
	// (interpretation).
	enc := mustCompile(t, Condition{Field: FieldQuery, Query: []QueryPattern{{Key: "name", Value: "a b"}}})
	check(t, enc, []probe{{Request{Query: ParseQuery("name=a%20b")}, false}, {Request{Query: []Param{{"name", "a b"}}}, true}})
}

func TestSourceIP(t *testing.T) {
	// The user guide's example CIDRs; IPv4 and IPv6 both allowed; the
	// address is the connection's source, not X-Forwarded-For.
	r := mustCompile(t, Condition{Field: FieldSourceIP, CIDRs: []netip.Prefix{
		netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("198.51.100.10/32"), netip.MustParsePrefix("2001:db8::/32"),
	}})
	check(t, r, []probe{
		{Request{SourceIP: netip.MustParseAddr("192.0.2.77")}, true},
		{Request{SourceIP: netip.MustParseAddr("198.51.100.10")}, true},
		{Request{SourceIP: netip.MustParseAddr("198.51.100.11")}, false},
		{Request{SourceIP: netip.MustParseAddr("::ffff:192.0.2.1")}, true},
		{Request{SourceIP: netip.MustParseAddr("2001:db8::1")}, true},
		{Request{SourceIP: netip.MustParseAddr("2001:db9::1")}, false},
		{Request{SourceIP: netip.MustParseAddr("10.0.0.1"), Headers: []Header{{"X-Forwarded-For", "192.0.2.5"}}}, false},
		{Request{}, false},
	})
}

func TestAndOr(t *testing.T) {
	// Values within a condition are alternatives; the conditions of a
	// rule must all hold (user guide, Condition basics: "To require that
	// all of the strings are a match, create one condition per match
	// evaluation").
	r := mustCompile(t,
		Condition{Field: FieldHost, Values: []string{"api.example.com", "api.example.net"}},
		Condition{Field: FieldPath, Values: []string{"/v1/*"}},
		Condition{Field: FieldHeader, Header: "X-Tenant", Values: []string{"acme"}},
		Condition{Field: FieldHeader, Header: "X-Env", Values: []string{"prod"}},
	)
	base := Request{Host: "api.example.net", Path: "/v1/users", Headers: []Header{{"X-Tenant", "ACME"}, {"X-Env", "prod"}}}
	if !r.Match(&base) || r.FirstMismatch(&base) != -1 {
		t.Fatalf("base request does not match: first mismatch %d", r.FirstMismatch(&base))
	}
	for _, tc := range []struct {
		mutate func(*Request)
		want   int
	}{
		{func(q *Request) { q.Host = "www.example.com" }, 0},
		{func(q *Request) { q.Path = "/v2/users" }, 1},
		{func(q *Request) { q.Headers = q.Headers[1:] }, 2},
		{func(q *Request) { q.Headers = q.Headers[:1] }, 3},
		{func(q *Request) { q.Path = "/v2"; q.Headers = nil }, 1},
	} {
		q := base
		q.Headers = append([]Header(nil), base.Headers...)
		tc.mutate(&q)
		if got := r.FirstMismatch(&q); got != tc.want || r.Match(&q) {
			t.Errorf("FirstMismatch(%+v) = %d, want %d", q, got, tc.want)
		}
	}
	empty := mustCompile(t)
	if !empty.Match(&Request{}) || empty.Len() != 0 {
		t.Error("a rule without conditions does not match everything")
	}
	var nilRule *Rule
	if nilRule.Match(&base) || nilRule.FirstMismatch(&base) != 0 || nilRule.Len() != 0 || r.Match(nil) || r.FirstMismatch(nil) != 0 {
		t.Error("nil rule or request matched")
	}
}

func TestFirstMatch(t *testing.T) {
	rules := []*Rule{
		mustCompile(t, Condition{Field: FieldPath, Values: []string{"/api/*"}}, Condition{Field: FieldMethod, Values: []string{"POST"}}),
		mustCompile(t, Condition{Field: FieldPath, Values: []string{"/api/*"}}),
		mustCompile(t),
	}
	for _, tc := range []struct {
		req  Request
		want int
	}{
		{Request{Method: "POST", Path: "/api/x"}, 0},
		{Request{Method: "GET", Path: "/api/x"}, 1},
		{Request{Method: "GET", Path: "/"}, 2},
	} {
		if got := FirstMatch(rules, &tc.req); got != tc.want {
			t.Errorf("FirstMatch(%+v) = %d, want %d", tc.req, got, tc.want)
		}
	}
	if FirstMatch(rules[:2], &Request{Path: "/"}) != -1 {
		t.Error("FirstMatch found a rule where none matches")
	}
}

func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct {
		c    Condition
		want string
	}{
		{Condition{Field: "host"}, "unknown condition field"},
		{Condition{Field: FieldHost}, "no values"},
		{Condition{Field: FieldHost, Values: []string{""}}, "can't be empty"},
		{Condition{Field: FieldPath, Regex: []string{""}}, "can't be empty"},
		{Condition{Field: FieldPath, Regex: []string{"("}}, "regex value"},
		{Condition{Field: FieldMethod, Regex: []string{"GET"}}, "takes no regex"},
		{Condition{Field: FieldMethod, Values: []string{"GET"}, Header: "X"}, "takes no a header name"},
		{Condition{Field: FieldHost, Values: []string{"a.com"}, CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}, "takes no CIDRs"},
		{Condition{Field: FieldHeader, Values: []string{"x"}}, "no header name"},
		{Condition{Field: FieldHeader, Header: "HOST", Values: []string{"x"}}, "host-header"},
		{Condition{Field: FieldQuery, Query: []QueryPattern{{Key: "k"}}}, "empty value"},
		{Condition{Field: FieldQuery, Values: []string{"v"}}, "takes no values"},
		{Condition{Field: FieldSourceIP, CIDRs: []netip.Prefix{{}}}, "invalid CIDR"},
	} {
		_, err := Compile([]Condition{{Field: FieldMethod, Values: []string{"GET"}}, tc.c})
		if err == nil {
			t.Errorf("Compile(%+v) succeeded", tc.c)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "condition 1 (") {
			t.Errorf("Compile(%+v) error %q, want it to name condition 1 and say %q", tc.c, err, tc.want)
		}
	}
}

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want []Param
	}{
		{"", nil},
		{"a=1&b=2", []Param{{"a", "1"}, {"b", "2"}}},
		{"a=1=2&&flag&=v&k=", []Param{{"a", "1=2"}, {"", "flag"}, {"", "v"}, {"k", ""}}},
		{"x=%41", []Param{{"x", "%41"}}},
	} {
		if d := cmp.Diff(tc.want, ParseQuery(tc.raw)); d != "" {
			t.Errorf("ParseQuery(%q) (-want +got):\n%s", tc.raw, d)
		}
	}
}

func TestHostName(t *testing.T) {
	for in, want := range map[string]string{
		"example.com": "example.com", "example.com:8080": "example.com", "[::1]:443": "[::1]", "[::1]": "[::1]",
		"2001:db8::1": "2001:db8::1", "example.com:": "example.com", "a:b": "a:b", "": "",
	} {
		if got := hostName(in); got != want {
			t.Errorf("hostName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWildcards(t *testing.T) {
	for _, tc := range []struct {
		p       string
		escapes bool
		want    int
	}{
		{"/img/*", false, 1}, {"*.example.??", false, 3}, {`a\*b`, true, 0}, {`a\*b`, false, 1}, {"plain", true, 0}, {`\\*`, true, 1},
	} {
		if got := Wildcards(tc.p, tc.escapes); got != tc.want {
			t.Errorf("Wildcards(%q, %v) = %d, want %d", tc.p, tc.escapes, got, tc.want)
		}
	}
}

func TestGlobShapes(t *testing.T) {
	for _, tc := range []struct {
		p     string
		fold  bool
		yes   []string
		no    []string
		shape globShape
	}{
		{"abc", false, []string{"abc"}, []string{"ABC", "ab", "abcd"}, shapeExact},
		{"abc", true, []string{"abc", "AbC"}, []string{"abd"}, shapeExact},
		{"*", false, []string{"", "x", "a/b"}, nil, shapeAny},
		{"***", false, []string{""}, nil, shapeAny},
		{"ab*", true, []string{"ab", "ABc"}, []string{"a", "xab"}, shapePrefix},
		{"*ab", false, []string{"ab", "xab"}, []string{"abx", "xAB"}, shapeSuffix},
		{"*ab*", true, []string{"ab", "xABy"}, []string{"a", "b"}, shapeContains},
		{"*a*b*", false, []string{"ab", "xaybz"}, []string{"ba"}, shapeGeneral},
		{"a?c", false, []string{"abc", "a/c"}, []string{"ac", "abbc"}, shapeGeneral},
		{"", false, []string{""}, []string{"a"}, shapeExact},
	} {
		g := CompileGlob(tc.p, GlobOptions{FoldCase: tc.fold})
		if g.shape != tc.shape || g.String() != tc.p {
			t.Errorf("CompileGlob(%q) shape %d (want %d), String %q", tc.p, g.shape, tc.shape, g.String())
		}
		for _, s := range tc.yes {
			if !g.Match(s) {
				t.Errorf("%q does not match %q", tc.p, s)
			}
		}
		for _, s := range tc.no {
			if g.Match(s) {
				t.Errorf("%q matches %q", tc.p, s)
			}
		}
	}
	var zero Glob
	if !zero.Match("") || zero.Match("x") {
		t.Error("zero Glob does not match exactly the empty string")
	}
}

// TestGlobAgainstRegexp checks the compiled matcher against a separately
// written reference: the pattern translated into an anchored regular
// expression.
func TestGlobAgainstRegexp(t *testing.T) {
	alphabet := rapid.SampledFrom([]rune{'a', 'b', 'A', '/', '.', '*', '?', '\\'})
	rapid.Check(t, func(t *rapid.T) {
		pat := string(rapid.SliceOfN(alphabet, 0, 8).Draw(t, "pattern"))
		s := string(rapid.SliceOfN(rapid.SampledFrom([]rune{'a', 'b', 'A', 'B', '/', '.', '*', '?', '\\'}), 0, 12).Draw(t, "input"))
		opts := GlobOptions{FoldCase: rapid.Bool().Draw(t, "fold"), Escapes: rapid.Bool().Draw(t, "escapes")}
		want := referenceRegexp(pat, opts).MatchString(s)
		g := CompileGlob(pat, opts)
		if got := g.Match(s); got != want {
			t.Fatalf("CompileGlob(%q, %+v).Match(%q) = %v, reference says %v", pat, opts, s, got, want)
		}
	})
}

func referenceRegexp(p string, opts GlobOptions) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`^`)
	if opts.FoldCase {
		b.WriteString(`(?i)`)
	}
	b.WriteString(`(?s)`)
	rs := []rune(p)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; {
		case opts.Escapes && c == '\\' && i+1 < len(rs):
			i++
			b.WriteString(regexp.QuoteMeta(string(rs[i])))
		case c == '*':
			b.WriteString(`.*`)
		case c == '?':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String())
}

func sampleRule(tb testing.TB) (*Rule, *Request) {
	r, err := Compile([]Condition{
		{Field: FieldHost, Values: []string{"*.example.com", "api.example.org"}},
		{Field: FieldPath, Values: []string{"/static/*", "/api/*/items/?"}, Regex: []string{`^/v[0-9]+/`}},
		{Field: FieldMethod, Values: []string{"GET", "POST"}},
		{Field: FieldHeader, Header: "User-Agent", Values: []string{"*Mobile*"}},
		{Field: FieldQuery, Query: []QueryPattern{{Key: "version", Value: "v1"}, {Value: "*beta*"}}},
		{Field: FieldSourceIP, CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	req := &Request{
		Method: "GET", Host: "Shop.Example.com:443", Path: "/api/v2/items/7",
		Query: ParseQuery("a=1&b=2&channel=BETA-users"),
		Headers: []Header{
			{"Accept", "*/*"}, {"Accept-Encoding", "gzip"}, {"User-Agent", "Mozilla/5.0 (iPhone) Mobile/15E148"},
		},
		SourceIP: netip.MustParseAddr("10.1.2.3"),
	}
	return r, req
}

// TestMatchDoesNotAllocate pins the promise that matching allocates
// nothing, regex conditions included.
func TestMatchDoesNotAllocate(t *testing.T) {
	r, req := sampleRule(t)
	if !r.Match(req) {
		t.Fatalf("sample request does not match: first mismatch %d", r.FirstMismatch(req))
	}
	miss := *req
	miss.SourceIP = netip.MustParseAddr("192.0.2.1")
	regexPath := *req
	regexPath.Path = "/v3/other"
	for name, q := range map[string]*Request{"match": req, "miss": &miss, "regex": &regexPath} {
		if n := testing.AllocsPerRun(200, func() { r.Match(q) }); n != 0 {
			t.Errorf("%s: Match allocates %.1f times per call", name, n)
		}
	}
}

func BenchmarkMatch(b *testing.B) {
	r, req := sampleRule(b)
	b.ReportAllocs()
	for b.Loop() {
		if !r.Match(req) {
			b.Fatal("no match")
		}
	}
}

func BenchmarkFirstMatch(b *testing.B) {
	// A listener with 100 rules, each on its own host, and a request for
	// the last one: the cost of walking a full rule list.
	rules := make([]*Rule, 100)
	for i := range rules {
		r, err := Compile([]Condition{
			{Field: FieldHost, Values: []string{"svc" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".example.com"}},
			{Field: FieldPath, Values: []string{"/api/*"}},
		})
		if err != nil {
			b.Fatal(err)
		}
		rules[i] = r
	}
	req := &Request{Host: "svcvd.example.com", Path: "/api/x"}
	if FirstMatch(rules, req) != 99 {
		b.Fatalf("FirstMatch = %d", FirstMatch(rules, req))
	}
	b.ReportAllocs()
	for b.Loop() {
		FirstMatch(rules, req)
	}
}
