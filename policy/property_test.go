package policy

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// Generators draw from small vocabularies so that random statements and
// requests often meet.

var (
	genActions        = []string{"s3:GetObject", "s3:PutObject", "vpc-lattice-svcs:Invoke", "vpc-lattice-svcs:Connect", "S3:getobject"}
	genActionPatterns = append([]string{"s3:*", "*", "s3:Get*", "vpc-lattice-svcs:In?oke", "*:*Object"}, genActions...)
	genResources      = []string{
		"arn:aws:s3:::b/k", "arn:aws:s3:::b", "arn:aws:s3:::b/x/y", "arn:aws:s3:::c/k:z",
		"arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-1/charge",
		"arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-2/a:b",
		"arn:aws:s3:::b:x/k",
	}
	genResourcePatterns = append([]string{
		"*", "arn:aws:s3:::b/*", "arn:aws:s3:::*", "arn:aws:s3:::b*", "arn:aws:s3:::b/?",
		"arn:aws:vpc-lattice:*:*:service/svc-1/*", "arn:aws:vpc-lattice:us-*-1:*:service/*",
		"arn:aws:s3:::?/k:z", "arn:aws:*:*:*:service/svc-2/a*", "arn:aws:s3:::b*k", "arn:aws:s3:::b?x/*",
	}, genResources...)
	genCallers = []Principal{
		userAlice, roleApp, stsApp, otherAcct, anonymous, trail,
		{Account: "111122223333", OrgID: "o-abc"},
		{ARN: "arn:aws:sts::111122223333:assumed-role/app/other", OrgID: "o-abc", Tags: map[string]string{"team": "pay"}},
		{ARN: "arn:aws:iam::111122223333:user/bob", Tags: map[string]string{"Team": "ops"}},
		{ARN: "arn:aws:sts::111122223333:federated-user/carol"},
		{Service: "lambda.amazonaws.com"},
	}
	genAWSPrincipals = []string{
		"*", "111122223333", "999999999999", "arn:aws:iam::111122223333:root",
		"arn:aws:iam::111122223333:role/app", "arn:aws:iam::111122223333:role/team/app",
		"arn:aws:sts::111122223333:assumed-role/app/i-0abc", "arn:aws:iam::111122223333:user/alice",
		"arn:aws:iam::111122223333:user/bob", "arn:aws:sts::111122223333:federated-user/carol",
	}
	genServices   = []string{"cloudtrail.amazonaws.com", "lambda.amazonaws.com"}
	genCondKeys   = []string{"test:a", "TEST:b", "aws:PrincipalOrgID", "aws:PrincipalAccount", "aws:PrincipalArn", "aws:PrincipalTag/team", "aws:PrincipalIsAWSService"}
	genCtxKeys    = []string{"test:a", "test:b"}
	genCtxValues  = []string{"x", "abc", "ab", "", "1", "10", "2.5", "-3", "1e2", "true", "FALSE", "10.0.0.1", "192.0.2.1", "2001:db8::1", "arn:aws:s3:::b/k", "arn:aws:iam::111122223333:role/app", "a*"}
	genOperators  = []string{"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "Bool", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null"}
	genValuesByOp = map[family][]string{
		famString:           {"x", "abc", "", "o-abc", "111122223333", "anonymous", "arn:aws:iam::111122223333:role/app", "pay", "OPS"},
		famStringIgnoreCase: {"X", "ABC", "o-ABC", "Pay", "ops"},
		famStringLike:       {"a*", "*", "?b*", "x", "*abc", "o-*", "arn:aws:iam::*:role/*", "p?y", ""},
		famNumeric:          {"1", "10", "2.5", "-3", "100"},
		famBool:             {"true", "false"},
		famIP:               {"10.0.0.0/8", "192.0.2.1", "0.0.0.0/0", "2001:db8::/32", "10.0.0.1/24"},
		famArn:              {"arn:aws:s3:::b/*", "arn:aws:iam::*:role/app", "arn:aws:iam::111122223333:*", "arn:*:*:*:*:*"},
		famNull:             {"true", "false"},
	}
)

func genCondition(t *rapid.T, label string) Condition {
	op := rapid.SampledFrom(genOperators).Draw(t, label+"-op")
	spec, _, _ := parseOperator(op)
	if spec.fam != famNull {
		switch rapid.IntRange(0, 5).Draw(t, label+"-qual") {
		case 0:
			op = "ForAnyValue:" + op
		case 1:
			op = "ForAllValues:" + op
		}
		if rapid.IntRange(0, 4).Draw(t, label+"-ifexists") == 0 {
			op += "IfExists"
		}
	}
	vals := rapid.SliceOfNDistinct(rapid.SampledFrom(genValuesByOp[spec.fam]), 1, 3, rapid.ID[string]).Draw(t, label+"-values")
	return Condition{Operator: op, Key: rapid.SampledFrom(genCondKeys).Draw(t, label+"-key"), Values: vals}
}

func genStatement(t *rapid.T, label string, effect Effect) Statement {
	s := Statement{Effect: effect}
	if rapid.IntRange(0, 9).Draw(t, label+"-sid") == 0 {
		s.Sid = "S" + label
	}
	ps := &Principals{}
	switch rapid.IntRange(0, 3).Draw(t, label+"-pkind") {
	case 0:
		ps.All = true
	default:
		ps.AWS = rapid.SliceOfNDistinct(rapid.SampledFrom(genAWSPrincipals), 0, 3, rapid.ID[string]).Draw(t, label+"-aws")
		ps.Service = rapid.SliceOfNDistinct(rapid.SampledFrom(genServices), 0, 1, rapid.ID[string]).Draw(t, label+"-svc")
		if len(ps.AWS) == 0 {
			ps.AWS = nil
		}
		if len(ps.Service) == 0 {
			ps.Service = nil
		}
		if ps.AWS == nil && ps.Service == nil {
			ps.AWS = []string{"111122223333"}
		}
	}
	if effect == Deny && rapid.IntRange(0, 3).Draw(t, label+"-notp") == 0 && !ps.All {
		s.NotPrincipal = ps
	} else {
		s.Principal = ps
	}
	acts := rapid.SliceOfNDistinct(rapid.SampledFrom(genActionPatterns), 1, 2, rapid.ID[string]).Draw(t, label+"-act")
	if rapid.IntRange(0, 4).Draw(t, label+"-notact") == 0 {
		s.NotAction = acts
	} else {
		s.Action = acts
	}
	res := rapid.SliceOfNDistinct(rapid.SampledFrom(genResourcePatterns), 1, 2, rapid.ID[string]).Draw(t, label+"-res")
	if rapid.IntRange(0, 4).Draw(t, label+"-notres") == 0 {
		s.NotResource = res
	} else {
		s.Resource = res
	}
	n := rapid.IntRange(0, 3).Draw(t, label+"-nconds")
	seen := map[[2]string]bool{}
	for i := range n {
		c := genCondition(t, label+"-c"+string(rune('0'+i)))
		if seen[[2]string{c.Operator, c.Key}] {
			continue
		}
		seen[[2]string{c.Operator, c.Key}] = true
		s.Condition = append(s.Condition, c)
	}
	return s
}

func genDocument(t *rapid.T) *Document {
	d := &Document{Version: Version2012}
	for i := range rapid.IntRange(1, 5).Draw(t, "nstmts") {
		eff := Allow
		if rapid.IntRange(0, 2).Draw(t, "effect") == 0 {
			eff = Deny
		}
		d.Statements = append(d.Statements, genStatement(t, "s"+string(rune('0'+i)), eff))
	}
	return d
}

func genRequest(t *rapid.T) Request {
	r := Request{
		Principal: rapid.SampledFrom(genCallers).Draw(t, "caller"),
		Action:    rapid.SampledFrom(genActions).Draw(t, "action"),
		Resource:  rapid.SampledFrom(genResources).Draw(t, "resource"),
	}
	for _, k := range genCtxKeys {
		if vs := rapid.SliceOfN(rapid.SampledFrom(genCtxValues), 0, 3).Draw(t, "ctx-"+k); len(vs) > 0 {
			if r.Context == nil {
				r.Context = map[string][]string{}
			}
			r.Context[k] = vs
		}
	}
	return r
}

// TestPropertyReference: the compiled evaluator agrees with the naive
// reference on the outcome and on the deciding statement.
func TestPropertyReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genDocument(t)
		p, err := d.Compile("p")
		if err != nil {
			t.Fatalf("generated document does not compile: %v", err)
		}
		for range 4 {
			r := genRequest(t)
			got := p.Evaluate(r)
			wantOutcome, wantStmt := refEvaluate(d, r)
			if got.Outcome != wantOutcome {
				t.Fatalf("outcome %v, reference %v\nrequest %+v\ndecision %s", got.Outcome, wantOutcome, r, got)
			}
			if wantOutcome != ImplicitDeny && got.Statement != wantStmt {
				t.Fatalf("decided by statement %d, reference %d: %s", got.Statement, wantStmt, got)
			}
		}
	})
}

// TestPropertyMonotone: adding an Allow statement never turns an allow
// into a deny (nor an explicit deny into anything else); adding a Deny
// statement never turns a deny into an allow.
func TestPropertyMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genDocument(t)
		r := genRequest(t)
		before := mustCompile(t, "p", d).Evaluate(r).Outcome
		for _, eff := range []Effect{Allow, Deny} {
			more := &Document{Version: d.Version, Statements: slices.Clone(d.Statements)}
			at := rapid.IntRange(0, len(more.Statements)).Draw(t, "at")
			more.Statements = slices.Insert(more.Statements, at, genStatement(t, "new", eff))
			after := mustCompile(t, "p", more).Evaluate(r).Outcome
			switch {
			case eff == Allow && before == Allowed && after != Allowed:
				t.Fatalf("an added Allow turned allow into %v", after)
			case eff == Allow && before == ExplicitDeny && after != ExplicitDeny:
				t.Fatalf("an added Allow turned explicit deny into %v", after)
			case eff == Deny && before != Allowed && after == Allowed:
				t.Fatalf("an added Deny turned %v into allow", before)
			}
		}
	})
}

// TestPropertyOrder: statement order never changes the outcome.
func TestPropertyOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genDocument(t)
		r := genRequest(t)
		want := mustCompile(t, "p", d).Evaluate(r).Outcome
		perm := rapid.Permutation(d.Statements).Draw(t, "perm")
		got := mustCompile(t, "p", &Document{Version: d.Version, Statements: perm}).Evaluate(r).Outcome
		if got != want {
			t.Fatalf("reordered statements: %v, original order %v", got, want)
		}
	})
}

// TestPropertyRoundTrip: Parse(Marshal(d)) is d with its conditions
// grouped by operator, and the combined evaluator (all must allow) matches
// evaluating each policy.
func TestPropertyRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genDocument(t)
		b, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(b)
		if err != nil {
			t.Fatalf("Parse(%s): %v", b, err)
		}
		want := &Document{Version: d.Version, Statements: slices.Clone(d.Statements)}
		for i := range want.Statements {
			want.Statements[i].Condition = grouped(want.Statements[i].Condition)
		}
		if diff := cmp.Diff(want, back); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
	})
}

// grouped orders conditions by operator, operators in order of first
// appearance, as Marshal writes them.
func grouped(cs []Condition) []Condition {
	if cs == nil {
		return nil
	}
	var out []Condition
	done := make([]bool, len(cs))
	for i := range cs {
		for j := i; j < len(cs); j++ {
			if !done[j] && cs[j].Operator == cs[i].Operator {
				done[j] = true
				out = append(out, cs[j])
			}
		}
	}
	return out
}

func TestPropertyEvaluateAll(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := mustCompile(t, "a", genDocument(t))
		b := mustCompile(t, "b", genDocument(t))
		r := genRequest(t)
		da, db := a.Evaluate(r), b.Evaluate(r)
		want := Allowed
		switch {
		case da.Outcome == ExplicitDeny || db.Outcome == ExplicitDeny:
			want = ExplicitDeny
		case da.Outcome == ImplicitDeny || db.Outcome == ImplicitDeny:
			want = ImplicitDeny
		}
		if got := Evaluate(r, a, b).Outcome; got != want {
			t.Fatalf("Evaluate(a, b) = %v; a: %v, b: %v", got, da.Outcome, db.Outcome)
		}
	})
}

// TestPropertyGlob: the compiled wildcard matcher agrees with a regular
// expression built from the same pattern, in every mode, on strings over a
// small alphabet where colons, wildcards and multi-byte runes meet.
func TestPropertyGlob(t *testing.T) {
	alpha := []rune{'a', 'b', ':', '/', 'é', 'A'}
	patAlpha := append([]rune{'*', '?', '*'}, alpha...)
	rapid.Check(t, func(t *rapid.T) {
		pat := string(rapid.SliceOfN(rapid.SampledFrom(patAlpha), 0, 10).Draw(t, "pattern"))
		s := string(rapid.SliceOfN(rapid.SampledFrom(alpha), 0, 14).Draw(t, "s"))
		for _, m := range []struct {
			mode globMode
			ref  string
		}{{globPlain, "plain"}, {globFold, "fold"}, {globResource, "resource"}} {
			g := compileGlob(pat, m.mode)
			if got, want := g.match(s), refGlob(pat, s, m.ref); got != want {
				t.Fatalf("%s: %q matches %q = %v, reference %v", m.ref, pat, s, got, want)
			}
		}
	})
}

// TestGlobLong: strings past the matcher's fixed buffer still match.
func TestGlobLong(t *testing.T) {
	long := "arn:aws:s3:::b/" + strings.Repeat("ab:", 3000) + "end"
	for _, tc := range []struct {
		pat  string
		mode globMode
		want bool
	}{
		{"arn:aws:s3:::b/*a?:*end", globPlain, true},
		{"arn:aws:s3:::b/*a?:*end", globResource, false}, // "*end" stays in one segment
		{"arn:aws:s3:::b/a*b*end", globResource, false},
		{"*ab:ab:end", globPlain, true},
		{"*B:E*", globFold, true},
	} {
		g := compileGlob(tc.pat, tc.mode)
		if got := g.match(long); got != tc.want || got != refGlob(tc.pat, long, []string{"plain", "fold", "resource"}[tc.mode]) {
			t.Errorf("%q: %v, want %v", tc.pat, got, tc.want)
		}
	}
}
