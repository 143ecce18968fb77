package elb

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/internal/httpmatch"
)

// toMatch converts a declared condition into the matcher's input. The
// field names are the same strings in both packages; the engine does the
// same conversion.
func toMatch(c Condition) httpmatch.Condition {
	m := httpmatch.Condition{Field: httpmatch.Field(c.Field), Values: c.Values, Regex: c.RegexValues, Header: c.HeaderName, CIDRs: c.SourceIPs}
	for _, q := range c.QueryValues {
		m.Query = append(m.Query, httpmatch.QueryPattern{Key: q.Key, Value: q.Value})
	}
	return m
}

func compileRule(t *testing.T, r Rule) *httpmatch.Rule {
	t.Helper()
	conds := make([]httpmatch.Condition, len(r.Conditions))
	for i, c := range r.Conditions {
		conds[i] = toMatch(c)
	}
	m, err := httpmatch.Compile(conds)
	if err != nil {
		t.Fatalf("rule %d: %v", r.Priority, err)
	}
	return m
}

// route returns the action a listener takes for req: its rules by
// ascending priority, then the default.
func route(t *testing.T, l Listener, req *httpmatch.Request) Action {
	t.Helper()
	rules := l.SortedRules()
	compiled := make([]*httpmatch.Rule, len(rules))
	for i, r := range rules {
		compiled[i] = compileRule(t, r)
	}
	if i := httpmatch.FirstMatch(compiled, req); i >= 0 {
		return rules[i].Action
	}
	return l.Default
}

func TestDeclaredRulesRoute(t *testing.T) {
	for _, f := range conditionFields {
		c := Condition{Field: f, Values: []string{"x.example.com"}}
		switch f {
		case HeaderField:
			c.HeaderName = "X-Test"
		case QueryStringField:
			c = Query(QueryValue{Value: "x"})
		case SourceIPField:
			c = SourceIP(netip.MustParsePrefix("10.0.0.0/8"))
		}
		if _, err := httpmatch.Compile([]httpmatch.Condition{toMatch(c)}); err != nil {
			t.Errorf("%s condition does not compile: %v", f, err)
		}
	}

	l := Listener{
		ID: "l-443", LoadBalancer: "alb", Protocol: HTTPS, Port: 443,
		Default: Respond(404, "text/plain", "no route"),
		Rules: []Rule{
			// Declared out of order: priority decides, not position.
			{Priority: 20, Conditions: []Condition{PathPattern("/api/*")}, Action: ForwardTo("tg-api")},
			{Priority: 10, Conditions: []Condition{PathPattern("/api/*"), Method("POST"), Header("X-Canary", "yes")},
				Action: ForwardWeighted(WeightedTargetGroup{"tg-api", 90}, WeightedTargetGroup{"tg-canary", 10})},
			{Priority: 30, Conditions: []Condition{HostHeader("old.example.com")},
				Action: RedirectTo(Redirect{Host: "new.example.com", StatusCode: Permanent})},
			{Priority: 40, Conditions: []Condition{SourceIP(netip.MustParsePrefix("192.0.2.0/24")), Query(QueryValue{Key: "debug", Value: "true"})},
				Action: Respond(200, "application/json", `{"debug":true}`)},
		},
	}
	for _, tc := range []struct {
		req  httpmatch.Request
		want Action
	}{
		{httpmatch.Request{Method: "POST", Path: "/api/x", Headers: []httpmatch.Header{{Name: "x-canary", Value: "YES"}}},
			ForwardWeighted(WeightedTargetGroup{"tg-api", 90}, WeightedTargetGroup{"tg-canary", 10})},
		{httpmatch.Request{Method: "GET", Path: "/api/x", Headers: []httpmatch.Header{{Name: "X-Canary", Value: "yes"}}}, ForwardTo("tg-api")},
		{httpmatch.Request{Method: "GET", Host: "OLD.example.com", Path: "/"}, RedirectTo(Redirect{Host: "new.example.com", StatusCode: Permanent})},
		{httpmatch.Request{Method: "GET", Path: "/", Query: httpmatch.ParseQuery("debug=TRUE"), SourceIP: netip.MustParseAddr("192.0.2.9")},
			Respond(200, "application/json", `{"debug":true}`)},
		{httpmatch.Request{Method: "GET", Path: "/", Query: httpmatch.ParseQuery("debug=true"), SourceIP: netip.MustParseAddr("203.0.113.9")},
			Respond(404, "text/plain", "no route")},
	} {
		if d := cmp.Diff(tc.want, route(t, l, &tc.req)); d != "" {
			t.Errorf("route(%+v) (-want +got):\n%s", tc.req, d)
		}
	}
}
