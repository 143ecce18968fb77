package policy

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Source pages (IAM User Guide): "Grammar of the IAM JSON policy
// language" (grammar), "IAM JSON policy elements: Version" (version),
// "IAM JSON policy elements: Condition operators" (ops), "AWS JSON policy
// elements: Principal" (principal), "IAM JSON policy elements: Resource"
// (resource), "IAM policy elements: Variables and tags" (variables).

// TestParseForms: the grammar's alternative spellings parse to one
// Document (grammar: a one-value list may drop its brackets; Statement may
// be a single object; quotation marks are optional for numbers and
// booleans).
func TestParseForms(t *testing.T) {
	long := `{"Version":"2012-10-17","Id":"p1","Statement":[{"Sid":"S","Effect":"Allow",
		"Principal":{"AWS":["111122223333"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/*"],
		"Condition":{"NumericLessThan":{"s3:max-keys":["10"]},"Bool":{"aws:SecureTransport":["true"]}}}]}`
	short := `{"Id":"p1","Version":"2012-10-17","Statement":{"Effect":"Allow","Sid":"S",
		"Action":"s3:GetObject","Principal":{"AWS":"111122223333"},"Resource":"arn:aws:s3:::b/*",
		"Condition":{"NumericLessThan":{"s3:max-keys":10},"Bool":{"aws:SecureTransport":true}}}}`
	want := &Document{Version: Version2012, ID: "p1", Statements: []Statement{{
		Sid: "S", Effect: Allow, Principal: &Principals{AWS: []string{"111122223333"}},
		Action: []string{"s3:GetObject"}, Resource: []string{"arn:aws:s3:::b/*"},
		Condition: []Condition{
			{Operator: "NumericLessThan", Key: "s3:max-keys", Values: []string{"10"}},
			{Operator: "Bool", Key: "aws:SecureTransport", Values: []string{"true"}},
		},
	}}}
	for _, js := range []string{long, short} {
		got, err := Parse([]byte(js))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Parse(%s) (-want +got):\n%s", js, diff)
		}
	}
}

func TestParseErrors(t *testing.T) {
	const ok = `"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"`
	stmt := func(s string) string { return `{"Version":"2012-10-17","Statement":[{` + s + `}]}` }
	tests := []struct {
		name string
		in   string
		kind error
		stmt int    // statement index of the first error (-1: document)
		elem string // its element
		msg  string // a substring of its message
	}{
		{"not json", `{"Statement": [`, ErrSyntax, -1, "", "unexpected end"},
		{"garbage", `{"Statement": x}`, ErrSyntax, -1, "", "invalid JSON"},
		{"trailing", `{"Statement":{` + ok + `}} {}`, ErrSyntax, -1, "", "after the policy"},
		{"array root", `[]`, ErrSyntax, -1, "", "want a JSON object"},
		{"deep", strings.Repeat("[", 40) + strings.Repeat("]", 40), ErrSyntax, -1, "", "nested deeper"},
		{"no statement", `{"Version":"2012-10-17"}`, ErrMissing, -1, "Statement", "at least one"},
		{"empty statement list", `{"Statement":[]}`, ErrSyntax, -1, "Statement", "empty list"},
		{"statement string", `{"Statement":"Allow"}`, ErrSyntax, -1, "Statement", "got a string"},
		{"unknown top", `{"Statement":{` + ok + `},"Policy":1}`, ErrUnknownElement, -1, "Policy", "want one of Version, Id, Statement"},
		// version: only the two language versions exist.
		{"bad version", `{"Version":"2010-01-01","Statement":{` + ok + `}}`, ErrInvalidValue, -1, "Version", `"2012-10-17"`},
		{"version number", `{"Version":2012,"Statement":{` + ok + `}}`, ErrSyntax, -1, "Version", "want a string"},
		// grammar: unknown elements are errors; names are case-sensitive.
		{"unknown element", stmt(`"Sid":"S1",` + ok + `,"Foo":1`), ErrUnknownElement, 0, "Foo", "want one of Sid, Effect"},
		{"lowercase element", stmt(`"effect":"Allow","Principal":"*","Action":"*","Resource":"*"`), ErrUnknownElement, 0, "effect", "did you mean Effect?"},
		// grammar: an element appears at most once.
		{"duplicate", stmt(ok + `,"Effect":"Deny"`), ErrDuplicate, 0, "Effect", "appears twice"},
		{"missing effect", stmt(`"Sid":"NoEffect","Principal":"*","Action":"*","Resource":"*"`), ErrMissing, 0, "Effect", `want "Allow" or "Deny"`},
		{"lowercase effect", stmt(`"Effect":"allow","Principal":"*","Action":"*","Resource":"*"`), ErrInvalidValue, 0, "Effect", `got "allow"`},
		{"action and notaction", stmt(ok + `,"NotAction":"s3:*"`), ErrConflict, 0, "NotAction", "not both"},
		{"no action", stmt(`"Effect":"Allow","Principal":"*","Resource":"*"`), ErrMissing, 0, "Action", "Action"},
		{"resource and notresource", stmt(ok + `,"NotResource":"*"`), ErrConflict, 0, "NotResource", "not both"},
		{"no resource", stmt(`"Effect":"Allow","Principal":"*","Action":"*"`), ErrMissing, 0, "Resource", "Resource"},
		{"no principal", stmt(`"Effect":"Allow","Action":"*","Resource":"*"`), ErrMissing, 0, "Principal", "resource-based"},
		{"principal and notprincipal", stmt(`"Effect":"Deny","Principal":"*","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*"`),
			ErrConflict, 0, "NotPrincipal", "not both"},
		{"notprincipal allow", stmt(`"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*"`),
			ErrUnsupported, 0, "NotPrincipal", "advises against"},
		{"empty action list", stmt(`"Effect":"Allow","Principal":"*","Action":[],"Resource":"*"`), ErrSyntax, 0, "Action", "empty list"},
		{"action number", stmt(`"Effect":"Allow","Principal":"*","Action":5,"Resource":"*"`), ErrSyntax, 0, "Action", "got a number"},
		{"action null", stmt(`"Effect":"Allow","Principal":"*","Action":[null],"Resource":"*"`), ErrSyntax, 0, "Action[0]", "got null"},
		{"action no colon", stmt(`"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3"],"Resource":"*"`),
			ErrInvalidValue, 0, "Action[1]", `got "s3"`},
		// resource: a resource is "*" or an ARN.
		{"resource not arn", stmt(`"Effect":"Allow","Principal":"*","Action":"*","Resource":"bucket"`), ErrInvalidValue, 0, "Resource[0]", "want \"*\" or an ARN"},
		// principal: "*" or a map of principal types.
		{"principal word", stmt(`"Effect":"Allow","Principal":"everyone","Action":"*","Resource":"*"`), ErrInvalidValue, 0, "Principal", `got "everyone"`},
		{"principal empty", stmt(`"Effect":"Allow","Principal":{},"Action":"*","Resource":"*"`), ErrMissing, 0, "Principal", "at least one"},
		// principal: no wildcard for part of a principal name or ARN.
		{"principal partial wildcard", stmt(`"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/*"},"Action":"*","Resource":"*"`),
			ErrInvalidValue, 0, "Principal.AWS[0]", "whole principal"},
		{"principal bad account", stmt(`"Effect":"Allow","Principal":{"AWS":"12345"},"Action":"*","Resource":"*"`),
			ErrInvalidValue, 0, "Principal.AWS[0]", "12-digit"},
		{"principal group", stmt(`"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/admins"},"Action":"*","Resource":"*"`),
			ErrInvalidValue, 0, "Principal.AWS[0]", "group/admins"},
		{"principal federated", stmt(`"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"*","Resource":"*"`),
			ErrUnsupported, 0, "Principal.Federated", "not modelled"},
		{"principal canonical", stmt(`"Effect":"Allow","Principal":{"CanonicalUser":"79a59df9"},"Action":"*","Resource":"*"`),
			ErrUnsupported, 0, "Principal.CanonicalUser", "not modelled"},
		{"principal other type", stmt(`"Effect":"Allow","Principal":{"Users":"x"},"Action":"*","Resource":"*"`),
			ErrUnknownElement, 0, "Principal.Users", "AWS, Service"},
		{"star with others", stmt(`"Effect":"Allow","Principal":{"AWS":["*"],"Service":"s3.amazonaws.com"},"Action":"*","Resource":"*"`),
			nil, 0, "", ""}, // valid: "*" listed among others
		// ops: unknown operators, and operators not modelled.
		{"unknown operator", stmt(ok + `,"Condition":{"StringEqual":{"aws:SourceVpce":"vpce-1"}}`),
			ErrInvalidValue, 0, "Condition.StringEqual", "unknown condition operator"},
		{"date operator", stmt(ok + `,"Condition":{"DateLessThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}`),
			ErrUnsupported, 0, "Condition.DateLessThan", "not modelled"},
		{"null ifexists", stmt(ok + `,"Condition":{"NullIfExists":{"aws:SourceVpce":"true"}}`),
			ErrInvalidValue, 0, "Condition.NullIfExists", "Null takes"},
		{"numeric value", stmt(ok + `,"Condition":{"NumericLessThan":{"s3:max-keys":"ten"}}`),
			ErrInvalidValue, 0, "Condition.NumericLessThan.s3:max-keys[0]", "number"},
		{"bool value", stmt(ok + `,"Condition":{"Bool":{"aws:SecureTransport":"yes"}}`),
			ErrInvalidValue, 0, "Condition.Bool.aws:SecureTransport[0]", "true or false"},
		{"ip value", stmt(ok + `,"Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","10.0.0.300/8"]}}`),
			ErrInvalidValue, 0, "Condition.IpAddress.aws:SourceIp[1]", "CIDR"},
		{"arn value", stmt(ok + `,"Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3"}}`),
			ErrInvalidValue, 0, "Condition.ArnLike.aws:SourceArn[0]", "six colon-separated parts"},
		{"key without prefix", stmt(ok + `,"Condition":{"StringEquals":{"SourceVpce":"vpce-1"}}`),
			ErrInvalidValue, 0, "Condition.StringEquals.SourceVpce", "prefix:name"},
		{"condition null", stmt(ok + `,"Condition":{"StringEquals":{"aws:SourceVpce":null}}`),
			ErrSyntax, 0, "Condition.StringEquals.aws:SourceVpce", "got null"},
		{"condition empty block", stmt(ok + `,"Condition":{"StringEquals":{}}`),
			ErrSyntax, 0, "Condition.StringEquals", "empty block"},
		{"condition empty list", stmt(ok + `,"Condition":{"StringEquals":{"aws:SourceVpce":[]}}`),
			ErrSyntax, 0, "Condition.StringEquals.aws:SourceVpce", "empty list"},
		{"condition not object", stmt(ok + `,"Condition":["x"]`), ErrSyntax, 0, "Condition", "got a list"},
		{"condition duplicate key", stmt(ok + `,"Condition":{"StringEquals":{"aws:SourceVpce":"a","aws:SourceVpce":"b"}}`),
			ErrDuplicate, 0, "Condition.StringEquals.aws:SourceVpce", "appears twice"},
		// variables: policy variables (Version 2012-10-17) are not modelled...
		{"variable resource", stmt(`"Effect":"Allow","Principal":"*","Action":"*","Resource":"arn:aws:s3:::b/home/${aws:username}/*"`),
			ErrUnsupported, 0, "Resource[0]", "policy variables"},
		{"variable condition", stmt(ok + `,"Condition":{"StringLike":{"s3:prefix":"home/${aws:username}/"}}`),
			ErrUnsupported, 0, "Condition.StringLike.s3:prefix[0]", "policy variables"},
		// ...and under 2008-10-17 "${" is plain text.
		{"variable 2008", `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"arn:aws:s3:::b/${x}"}}`,
			nil, 0, "", ""},
		// The second statement's error names its index and Sid.
		{"second statement", `{"Statement":[{` + ok + `},{"Sid":"DenyOutsideOrg","Effect":"Deny","Principal":"*","Action":"*"}]}`,
			ErrMissing, 1, "Resource", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse([]byte(tc.in))
			if tc.kind == nil {
				if err != nil {
					t.Fatalf("want no error, got %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("want %v, got a document %+v", tc.kind, d)
			}
			if d != nil {
				t.Errorf("a failed Parse returned a document")
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("got %v, want kind %v", err, tc.kind)
			}
			es := allErrors(err)
			if len(es) == 0 {
				t.Fatalf("no *Error in %v", err)
			}
			e := es[0]
			if e.Statement != tc.stmt || e.Element != tc.elem || !strings.Contains(e.Msg, tc.msg) {
				t.Errorf("got statement %d element %q msg %q; want statement %d element %q msg containing %q",
					e.Statement, e.Element, e.Msg, tc.stmt, tc.elem, tc.msg)
			}
		})
	}
}

// TestParseNamesStatement: errors name the statement's index and Sid, the
// element, and come all at once, in document order.
func TestParseNamesStatement(t *testing.T) {
	in := `{"Version":"2012-10-17","Statement":[
		{"Sid":"AllowCharge","Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"},
		{"Sid":"DenyOutsideOrg","Effect":"Deny","Principal":"*","Action":"*","NotAction":"s3:*","Resource":"*",
		 "Condition":{"StringNotEquals":{"aws:PrincipalOrgID":[]}}},
		{"Effect":"Maybe","Principal":"*","Action":"*","Resource":"*"}]}`
	_, err := Parse([]byte(in))
	var got []string
	for _, e := range allErrors(err) {
		got = append(got, e.Error())
	}
	want := []string{
		`policy statement 1 (DenyOutsideOrg) Condition.StringNotEquals.aws:PrincipalOrgID: malformed policy: empty list; want at least one value`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("syntax errors first (-want +got):\n%s", diff)
	}
	// With the JSON types right, Validate reports every value problem.
	in = strings.Replace(in, `"aws:PrincipalOrgID":[]`, `"aws:PrincipalOrgID":"o-abc"`, 1)
	_, err = Parse([]byte(in))
	got = nil
	for _, e := range allErrors(err) {
		got = append(got, e.Error())
	}
	want = []string{
		`policy statement 1 (DenyOutsideOrg) NotAction: conflicting elements: a statement has Action or NotAction, not both`,
		`policy statement 2 Effect: invalid value: want "Allow" or "Deny" (case matters); got "Maybe"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("value errors (-want +got):\n%s", diff)
	}
}

func TestValidateGoDocument(t *testing.T) {
	var nilDoc *Document
	if err := nilDoc.Validate(); !errors.Is(err, ErrMissing) {
		t.Errorf("nil document: %v", err)
	}
	d := &Document{Statements: []Statement{{
		Effect:    Deny,
		Principal: &Principals{All: true, AWS: []string{"111122223333"}},
		Action:    []string{"s3:GetObject"},
		Resource:  []string{"*"},
		Condition: []Condition{
			{Operator: "StringEquals", Key: "aws:SourceVpce", Values: []string{"a"}},
			{Operator: "StringEquals", Key: "aws:SourceVpce", Values: []string{"b"}},
			{Operator: "Bool", Key: "aws:SecureTransport"},
		},
	}}}
	var got []string
	for _, e := range allErrors(d.Validate()) {
		got = append(got, e.Element+": "+e.Kind.Error())
	}
	want := []string{
		"Principal: conflicting elements",
		"Condition.StringEquals.aws:SourceVpce: duplicate element",
		"Condition.Bool.aws:SecureTransport: missing element",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestRoundTrip: Marshal then Parse gives back the same Document, and
// Marshal is stable.
func TestRoundTrip(t *testing.T) {
	inputs := []string{
		`{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}`,
		`{"Version":"2012-10-17","Id":"endpoint","Statement":[
			{"Sid":"OnlyFromVpce","Effect":"Deny","Principal":{"AWS":"*"},"Action":["s3:GetObject","s3:PutObject"],
			 "NotResource":["arn:aws:s3:::public/*","arn:aws:s3:::logs/*"],
			 "Condition":{"StringNotEquals":{"aws:SourceVpce":["vpce-1","vpce-2"],"aws:SourceVpc":"vpc-1"},
			              "Bool":{"aws:SecureTransport":false},"NumericLessThan":{"s3:max-keys":1.5}}},
			{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::111122223333:user/a"]},
			 "NotAction":"s3:Get*","Resource":"*"},
			{"Effect":"Allow","Principal":{"Service":["cloudtrail.amazonaws.com","config.amazonaws.com"],"AWS":"111122223333"},
			 "Action":"s3:PutObject","Resource":"arn:aws:s3:::logs/*",
			 "Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-abc/*"},"Null":{"aws:SourceIp":"true"}}}]}`,
		`{"Statement":[{"Sid":"quote\"and<html>&","Effect":"Allow","Principal":"*","Action":"*","Resource":"arn:aws:s3:::ü/*"}]}`,
	}
	for _, in := range inputs {
		d1, err := Parse([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		b1, err := d1.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		d2, err := Parse(b1)
		if err != nil {
			t.Fatalf("re-parse %s: %v", b1, err)
		}
		if diff := cmp.Diff(d1, d2); diff != "" {
			t.Errorf("round trip of %s (-first +second):\n%s", in, diff)
		}
		b2, _ := d2.MarshalJSON()
		if string(b1) != string(b2) {
			t.Errorf("Marshal not stable:\n%s\n%s", b1, b2)
		}
	}
}

// TestMarshalShape pins the output format for a Go-built document.
func TestMarshalShape(t *testing.T) {
	d := Document{Version: Version2012, Statements: []Statement{{
		Sid: "A", Effect: Allow, Principal: &Principals{AWS: []string{"111122223333"}},
		Action: []string{"vpc-lattice-svcs:Invoke"}, Resource: []string{"*"},
		Condition: []Condition{
			{Operator: "StringEquals", Key: "k:a", Values: []string{"1"}},
			{Operator: "Bool", Key: "k:b", Values: []string{"true"}},
			{Operator: "StringEquals", Key: "k:c", Values: []string{"x", "y"}},
		},
	}}}
	b, err := d.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":"111122223333"},` +
		`"Action":"vpc-lattice-svcs:Invoke","Resource":"*",` +
		`"Condition":{"StringEquals":{"k:a":"1","k:c":["x","y"]},"Bool":{"k:b":"true"}}}]}`
	if diff := cmp.Diff(want, string(b)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Through encoding/json too, as a field of a larger value.
	var wrapped struct {
		Policy *Document `json:"policy"`
	}
	if err := jsonUnmarshal([]byte(`{"policy":`+string(b)+`}`), &wrapped); err != nil {
		t.Fatal(err)
	}
	grouped := d
	grouped.Statements = []Statement{d.Statements[0]}
	grouped.Statements[0].Condition = []Condition{d.Statements[0].Condition[0], d.Statements[0].Condition[2], d.Statements[0].Condition[1]}
	if diff := cmp.Diff(&grouped, wrapped.Policy); diff != "" {
		t.Errorf("UnmarshalJSON (-want +got):\n%s", diff)
	}
	if err := jsonUnmarshal([]byte(`{"policy":{"Statement":{"Effect":"Allow","Bogus":1}}}`), &wrapped); !errors.Is(err, ErrUnknownElement) {
		t.Errorf("UnmarshalJSON of an unknown element: %v", err)
	}
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
