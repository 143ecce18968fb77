package httpmatch

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// Facts pinned here, from the VPC Lattice User Guide, "Listener rules for
// your VPC Lattice service" (section "Rule conditions" and the console
// steps of "Add a rule"), and the VPC Lattice API Reference, data types
// HttpMatch, PathMatch, PathMatchType, HeaderMatch and HeaderMatchType:
//
//   - method: standard or custom methods; the match is case-sensitive and
//     must be exact; no wildcards;
//   - path: exact or prefix matching, no wildcards; "the comparison is not
//     case sensitive" unless PathMatch.caseSensitive is set;
//   - headers: standard or custom header names; the header name and the
//     match evaluation are not case sensitive unless case sensitivity is
//     turned on; no wildcards in the name; exact, prefix and contains;
//   - a rule's action applies when its conditions are met (all of them:
//     the API's RuleMatch is one HttpMatch of method, path and headers).

func mustCompileLattice(t *testing.T, c LatticeConditions) *LatticeMatcher {
	t.Helper()
	m, err := CompileLattice(c)
	if err != nil {
		t.Fatalf("CompileLattice(%+v): %v", c, err)
	}
	return m
}

func latticeHdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

func TestLatticeMethod(t *testing.T) {
	// The method match is case-sensitive and exact; custom methods work.
	m := mustCompileLattice(t, LatticeConditions{Method: "GET"})
	for method, want := range map[string]bool{"GET": true, "get": false, "Get": false, "GETX": false, "POST": false, "": false} {
		if got := m.Match(method, "/", nil); got != want {
			t.Errorf("method GET vs %q = %v, want %v", method, got, want)
		}
	}
	custom := mustCompileLattice(t, LatticeConditions{Method: "PURGE"})
	if !custom.Match("PURGE", "/", nil) || custom.Match("purge", "/", nil) {
		t.Error("custom method PURGE must match itself exactly and only")
	}
	// No wildcards: "*" is a method name like any other.
	star := mustCompileLattice(t, LatticeConditions{Method: "*"})
	if star.Match("GET", "/", nil) || !star.Match("*", "/", nil) {
		t.Error(`method "*" is not a wildcard`)
	}
	anyMethod := mustCompileLattice(t, LatticeConditions{})
	if !anyMethod.Match("DELETE", "/x", nil) {
		t.Error("no method condition must match every method")
	}
}

func TestLatticePath(t *testing.T) {
	for _, tc := range []struct {
		cond LatticePath
		path string
		want bool
	}{
		// Exact, case-insensitive by default.
		{LatticePath{Type: LatticeExact, Value: "/api"}, "/api", true},
		{LatticePath{Type: LatticeExact, Value: "/api"}, "/API", true},
		{LatticePath{Type: LatticeExact, Value: "/api"}, "/api/", false},
		{LatticePath{Type: LatticeExact, Value: "/api"}, "/ap", false},
		// Exact, case-sensitive when asked.
		{LatticePath{Type: LatticeExact, Value: "/api", CaseSensitive: true}, "/API", false},
		{LatticePath{Type: LatticeExact, Value: "/Api", CaseSensitive: true}, "/Api", true},
		// Prefix: a plain string prefix, not a path segment.
		{LatticePath{Type: LatticePrefix, Value: "/api"}, "/api/v1/users", true},
		{LatticePath{Type: LatticePrefix, Value: "/api"}, "/apis", true},
		{LatticePath{Type: LatticePrefix, Value: "/api"}, "/API/V1", true},
		{LatticePath{Type: LatticePrefix, Value: "/api"}, "/ap", false},
		{LatticePath{Type: LatticePrefix, Value: "/api"}, "/v1/api", false},
		{LatticePath{Type: LatticePrefix, Value: "/api", CaseSensitive: true}, "/API/v1", false},
		{LatticePath{Type: LatticePrefix, Value: "/"}, "/anything", true},
		// No wildcards.
		{LatticePath{Type: LatticePrefix, Value: "/img/*.png"}, "/img/a.png", false},
	} {
		m := mustCompileLattice(t, LatticeConditions{Path: &tc.cond})
		if got := m.Match("GET", tc.path, nil); got != tc.want {
			t.Errorf("path %v %q (caseSensitive %v) vs %q = %v, want %v", tc.cond.Type, tc.cond.Value, tc.cond.CaseSensitive, tc.path, got, tc.want)
		}
	}
}

func TestLatticeHeaders(t *testing.T) {
	for _, tc := range []struct {
		name string
		cond LatticeHeader
		h    http.Header
		want bool
	}{
		{"exact", LatticeHeader{Name: "x-tenant", Type: LatticeExact, Value: "acme"}, latticeHdr("X-Tenant", "acme"), true},
		{"exact ignores value case", LatticeHeader{Name: "x-tenant", Type: LatticeExact, Value: "acme"}, latticeHdr("X-Tenant", "ACME"), true},
		{"exact is exact", LatticeHeader{Name: "x-tenant", Type: LatticeExact, Value: "acme"}, latticeHdr("X-Tenant", "acme-eu"), false},
		{"exact case-sensitive", LatticeHeader{Name: "x-tenant", Type: LatticeExact, Value: "acme", CaseSensitive: true}, latticeHdr("X-Tenant", "ACME"), false},
		{"prefix", LatticeHeader{Name: "user-agent", Type: LatticePrefix, Value: "curl/"}, latticeHdr("User-Agent", "curl/8.5"), true},
		{"prefix ignores case", LatticeHeader{Name: "user-agent", Type: LatticePrefix, Value: "curl/"}, latticeHdr("User-Agent", "CURL/8.5"), true},
		{"prefix not found", LatticeHeader{Name: "user-agent", Type: LatticePrefix, Value: "curl/"}, latticeHdr("User-Agent", "x curl/8.5"), false},
		{"prefix case-sensitive", LatticeHeader{Name: "user-agent", Type: LatticePrefix, Value: "curl/", CaseSensitive: true}, latticeHdr("User-Agent", "CURL/8"), false},
		{"contains", LatticeHeader{Name: "accept", Type: LatticeContains, Value: "json"}, latticeHdr("Accept", "application/JSON; q=1"), true},
		{"contains case-sensitive, in the middle", LatticeHeader{Name: "accept", Type: LatticeContains, Value: "json", CaseSensitive: true}, latticeHdr("Accept", "application/json; q=1"), true},
		{"contains case-sensitive", LatticeHeader{Name: "accept", Type: LatticeContains, Value: "json", CaseSensitive: true}, latticeHdr("Accept", "application/JSON"), false},
		{"contains at the end", LatticeHeader{Name: "accept", Type: LatticeContains, Value: "json"}, latticeHdr("Accept", "x/json"), true},
		{"contains longer than value", LatticeHeader{Name: "accept", Type: LatticeContains, Value: "jsonx"}, latticeHdr("Accept", "json"), false},
		// Header names compare ignoring case, whatever the rule's flag.
		{"rule name in upper case", LatticeHeader{Name: "X-TENANT", Type: LatticeExact, Value: "acme"}, latticeHdr("x-tenant", "acme"), true},
		{"name case with case-sensitive value", LatticeHeader{Name: "X-TENANT", Type: LatticeExact, Value: "acme", CaseSensitive: true}, latticeHdr("x-tenant", "acme"), true},
		{"key stored non-canonically", LatticeHeader{Name: "x-tenant", Type: LatticeExact, Value: "acme"}, http.Header{"x-TENANT": {"acme"}}, true},
		// Absent header, several values.
		{"missing header", LatticeHeader{Name: "x-tenant", Type: LatticePrefix, Value: "a"}, latticeHdr("X-Other", "a"), false},
		{"nil headers", LatticeHeader{Name: "x-tenant", Type: LatticePrefix, Value: "a"}, nil, false},
		{"one of several values", LatticeHeader{Name: "x-tenant", Type: LatticeExact, Value: "acme"}, latticeHdr("X-Tenant", "other", "X-Tenant", "acme"), true},
		{"value in another key casing", LatticeHeader{Name: "x-tenant", Type: LatticeExact, Value: "acme"}, http.Header{"X-Tenant": {"other"}, "x-tenant": {"acme"}}, true},
		// No wildcards in values either.
		{"star is literal", LatticeHeader{Name: "x-tenant", Type: LatticeExact, Value: "*"}, latticeHdr("X-Tenant", "acme"), false},
	} {
		m := mustCompileLattice(t, LatticeConditions{Headers: []LatticeHeader{tc.cond}})
		if got := m.Match("GET", "/", tc.h); got != tc.want {
			t.Errorf("%s: %+v vs %v = %v, want %v", tc.name, tc.cond, tc.h, got, tc.want)
		}
	}
}

func TestLatticeConditionsAreANDed(t *testing.T) {
	m := mustCompileLattice(t, LatticeConditions{
		Method: "POST",
		Path:   &LatticePath{Type: LatticePrefix, Value: "/orders"},
		Headers: []LatticeHeader{
			{Name: "x-tenant", Type: LatticeExact, Value: "acme"},
			{Name: "content-type", Type: LatticeContains, Value: "json"},
		},
	})
	ok := latticeHdr("X-Tenant", "acme", "Content-Type", "application/json")
	for _, tc := range []struct {
		name         string
		method, path string
		h            http.Header
		want         LatticeMismatch
		failed       bool
	}{
		{"all hold", "POST", "/orders/7", ok, LatticeMismatch{}, false},
		{"method fails", "GET", "/orders/7", ok, LatticeMismatch{Field: LatticeMethod}, true},
		{"path fails", "POST", "/users", ok, LatticeMismatch{Field: LatticePathField}, true},
		{"first header fails", "POST", "/orders", latticeHdr("X-Tenant", "other", "Content-Type", "application/json"), LatticeMismatch{Field: LatticeHeaderField, Header: 0}, true},
		{"second header fails", "POST", "/orders", latticeHdr("X-Tenant", "acme", "Content-Type", "text/html"), LatticeMismatch{Field: LatticeHeaderField, Header: 1}, true},
		{"everything fails: method reported", "GET", "/users", nil, LatticeMismatch{Field: LatticeMethod}, true},
	} {
		got, failed := m.Mismatch(tc.method, tc.path, tc.h)
		if failed != tc.failed || got != tc.want {
			t.Errorf("%s: Mismatch = %+v, %v; want %+v, %v", tc.name, got, failed, tc.want, tc.failed)
		}
		if m.Match(tc.method, tc.path, tc.h) == tc.failed {
			t.Errorf("%s: Match = %v, want %v", tc.name, !tc.failed, !tc.failed)
		}
	}
	// The default rule: no conditions, every request.
	def := mustCompileLattice(t, LatticeConditions{})
	if !def.Match("PATCH", "/x", nil) {
		t.Error("empty conditions must match every request")
	}
	// A nil matcher matches nothing (and does not panic).
	var nilm *LatticeMatcher
	if nilm.Match("GET", "/", nil) {
		t.Error("nil matcher matched")
	}
	if mm, failed := nilm.Mismatch("GET", "/", nil); !failed || mm.Field != LatticeNoMatcher {
		t.Errorf("nil matcher Mismatch = %+v, %v", mm, failed)
	}
}

func TestCompileLatticeErrors(t *testing.T) {
	_, err := CompileLattice(LatticeConditions{
		Path: &LatticePath{Type: LatticeContains, Value: "/a"},
		Headers: []LatticeHeader{
			{Name: "", Type: LatticeExact, Value: "v"},
			{Name: "x-a", Type: 0, Value: "v"},
			{Name: "x-b", Type: LatticePrefix},
		},
	})
	if err == nil {
		t.Fatal("CompileLattice accepted a contains path, an unnamed header, an untyped header and an empty value")
	}
	for _, want := range []string{
		"path: match type contains: want exact or prefix",
		"header 0: empty name",
		"header 1 (x-a): match type LatticeMatchType(0): want exact, prefix or contains",
		"header 2 (x-b): empty value",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, err := CompileLattice(LatticeConditions{Path: &LatticePath{Type: LatticePrefix}}); err == nil {
		t.Error("CompileLattice accepted an empty path value")
	}
}

func TestLatticeStrings(t *testing.T) {
	got := []string{LatticeExact.String(), LatticePrefix.String(), LatticeContains.String(),
		LatticeMethod.String(), LatticePathField.String(), LatticeHeaderField.String(), LatticeNoMatcher.String()}
	want := []string{"exact", "prefix", "contains", "method", "path", "header", "no matcher"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("String (-want +got):\n%s", d)
	}
}

// latticeNaiveLower folds ASCII letters only, like the matcher, written apart from
// it.
func latticeNaiveLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 32
		}
		return r
	}, s)
}

// latticeNaiveCompare is the reference: fold both sides when not case-sensitive,
// then compare with the strings package.
func latticeNaiveCompare(t LatticeMatchType, pattern, value string, cs bool) bool {
	if !cs {
		pattern, value = latticeNaiveLower(pattern), latticeNaiveLower(value)
	}
	switch t {
	case LatticeExact:
		return value == pattern
	case LatticePrefix:
		return strings.HasPrefix(value, pattern)
	case LatticeContains:
		return strings.Contains(value, pattern)
	}
	return false
}

// latticeNaiveMatch evaluates conditions directly from their definition.
func latticeNaiveMatch(c LatticeConditions, method, path string, h http.Header) bool {
	if c.Method != "" && c.Method != method {
		return false
	}
	if c.Path != nil && !latticeNaiveCompare(c.Path.Type, c.Path.Value, path, c.Path.CaseSensitive) {
		return false
	}
	for _, hc := range c.Headers {
		found := false
		for k, vs := range h {
			if !strings.EqualFold(k, hc.Name) {
				continue
			}
			for _, v := range vs {
				found = found || latticeNaiveCompare(hc.Type, hc.Value, v, hc.CaseSensitive)
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// TestLatticeMatchesNaive checks the compiled matcher against the naive
// reference on random rules and requests over a small alphabet, so that
// matches and near misses are frequent.
func TestLatticeMatchesNaive(t *testing.T) {
	word := rapid.StringOfN(rapid.RuneFrom([]rune("aAbB/-*")), 1, 4, -1)
	name := rapid.SampledFrom([]string{"x-a", "X-A", "x-b", "X-b"})
	rapid.Check(t, func(t *rapid.T) {
		var c LatticeConditions
		if rapid.Bool().Draw(t, "hasMethod") {
			c.Method = rapid.SampledFrom([]string{"GET", "get", "POST"}).Draw(t, "method")
		}
		if rapid.Bool().Draw(t, "hasPath") {
			c.Path = &LatticePath{
				Type:          rapid.SampledFrom([]LatticeMatchType{LatticeExact, LatticePrefix}).Draw(t, "pathType"),
				Value:         "/" + word.Draw(t, "pathValue"),
				CaseSensitive: rapid.Bool().Draw(t, "pathCS"),
			}
		}
		for i := range rapid.IntRange(0, 3).Draw(t, "nHeaders") {
			_ = i
			c.Headers = append(c.Headers, LatticeHeader{
				Name:          name.Draw(t, "hName"),
				Type:          rapid.SampledFrom([]LatticeMatchType{LatticeExact, LatticePrefix, LatticeContains}).Draw(t, "hType"),
				Value:         word.Draw(t, "hValue"),
				CaseSensitive: rapid.Bool().Draw(t, "hCS"),
			})
		}
		m, err := CompileLattice(c)
		if err != nil {
			t.Fatalf("CompileLattice: %v", err)
		}
		method := rapid.SampledFrom([]string{"GET", "get", "POST", "PUT"}).Draw(t, "reqMethod")
		path := "/" + rapid.StringOfN(rapid.RuneFrom([]rune("aAbB/-*")), 0, 6, -1).Draw(t, "reqPath")
		h := http.Header{}
		for range rapid.IntRange(0, 4).Draw(t, "nReqHeaders") {
			k := name.Draw(t, "reqHName")
			h[k] = append(h[k], rapid.StringOfN(rapid.RuneFrom([]rune("aAbB/-*")), 0, 6, -1).Draw(t, "reqHValue"))
		}
		if got, want := m.Match(method, path, h), latticeNaiveMatch(c, method, path, h); got != want {
			t.Fatalf("Match(%q, %q, %v) = %v, reference says %v for %+v", method, path, h, got, want, c)
		}
	})
}

var latticeBenchConditions = LatticeConditions{
	Method: "POST",
	Path:   &LatticePath{Type: LatticePrefix, Value: "/api/v1/orders"},
	Headers: []LatticeHeader{
		{Name: "x-tenant", Type: LatticeExact, Value: "acme-corp"},
		{Name: "user-agent", Type: LatticePrefix, Value: "orders-client/"},
		{Name: "content-type", Type: LatticeContains, Value: "json"},
	},
}

func latticeBenchRequest() http.Header {
	return latticeHdr(
		"Host", "orders.example.com", "Accept", "*/*", "Accept-Encoding", "gzip",
		"Authorization", "AWS4-HMAC-SHA256 Credential=...", "X-Amz-Date", "20260101T000000Z",
		"X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD", "Content-Length", "42",
		"X-Tenant", "ACME-Corp", "User-Agent", "Orders-Client/2.3 (linux)", "Content-Type", "application/JSON; charset=utf-8",
	)
}

// TestLatticeMatchDoesNotAllocate pins the promise that matching allocates
// nothing, on a hit, on a miss and with non-canonical header keys.
func TestLatticeMatchDoesNotAllocate(t *testing.T) {
	m := mustCompileLattice(t, latticeBenchConditions)
	h := latticeBenchRequest()
	odd := http.Header{"x-TENANT": {"acme-corp"}, "user-agent": {"orders-client/1"}, "CONTENT-TYPE": {"json"}}
	for _, tc := range []struct {
		name string
		path string
		h    http.Header
		want bool
	}{
		{"hit", "/api/v1/orders/42", h, true},
		{"miss on path", "/api/v2/orders", h, false},
		{"miss on last header", "/api/v1/orders", latticeHdr("X-Tenant", "acme-corp", "User-Agent", "orders-client/1"), false},
		{"non-canonical keys", "/API/V1/ORDERS", odd, true},
	} {
		if got := m.Match("POST", tc.path, tc.h); got != tc.want {
			t.Fatalf("%s: Match = %v, want %v", tc.name, got, tc.want)
		}
		if n := testing.AllocsPerRun(100, func() { m.Match("POST", tc.path, tc.h) }); n != 0 {
			t.Errorf("%s: Match allocates %v times per call, want 0", tc.name, n)
		}
	}
}

func BenchmarkLatticeMatch(b *testing.B) {
	m, err := CompileLattice(latticeBenchConditions)
	if err != nil {
		b.Fatal(err)
	}
	h := latticeBenchRequest()
	for _, bc := range []struct {
		name, path string
	}{
		{"hit", "/api/v1/orders/42"},
		{"miss", "/api/v2/orders"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m.Match("POST", bc.path, h)
			}
		})
	}
	b.Run("missing-header", func(b *testing.B) {
		short := latticeHdr("X-Tenant", "acme-corp", "User-Agent", "orders-client/1", "Accept", "*/*", "Host", "h")
		b.ReportAllocs()
		for b.Loop() {
			m.Match("POST", "/api/v1/orders", short)
		}
	})
}
