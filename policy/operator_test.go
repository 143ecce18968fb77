package policy

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Source pages (IAM User Guide):
//
//	ops:   "IAM JSON policy elements: Condition operators"
//	multi: "Conditions with multiple context keys or values"
//	sets:  "Single-valued vs. multivalued context keys" and
//	       "Multivalued context keys examples"
//	cond:  "IAM JSON policy elements: Condition"

// TestConditionOperators evaluates one condition at a time: a statement
// that allows everything under that condition allows the request exactly
// when the condition holds.
func TestConditionOperators(t *testing.T) {
	const k = "test:Key"
	absent := []string(nil)
	tests := []struct {
		page   string
		op     string
		values []string
		got    []string // the request's values for k; nil means absent
		want   bool
	}{
		// ops: StringEquals is exact and case-sensitive; no wildcards.
		{"ops", "StringEquals", []string{"POST"}, []string{"POST"}, true},
		{"ops", "StringEquals", []string{"POST"}, []string{"post"}, false},
		{"ops", "StringEquals", []string{"a*"}, []string{"abc"}, false},
		{"ops", "StringEquals", []string{"a*"}, []string{"a*"}, true},
		{"ops", "StringEquals", []string{""}, []string{""}, true},
		// ops: a key absent from the request fails a condition...
		{"ops", "StringEquals", []string{"POST"}, absent, false},
		// ...but satisfies one that requires the key not to match.
		{"ops", "StringNotEquals", []string{"POST"}, absent, true},
		{"ops", "StringNotEquals", []string{"POST"}, []string{"GET"}, true},
		{"ops", "StringNotEquals", []string{"POST"}, []string{"POST"}, false},
		{"ops", "StringEqualsIgnoreCase", []string{"POST"}, []string{"post"}, true},
		{"ops", "StringEqualsIgnoreCase", []string{"POST"}, []string{"put"}, false},
		{"ops", "StringNotEqualsIgnoreCase", []string{"POST"}, []string{"post"}, false},
		{"ops", "StringNotEqualsIgnoreCase", []string{"POST"}, []string{"GET"}, true},
		// ops: StringLike is case-sensitive, '*' any run, '?' one character.
		{"ops", "StringLike", []string{"/charge/*"}, []string{"/charge/123"}, true},
		{"ops", "StringLike", []string{"/charge/*"}, []string{"/charge"}, false},
		{"ops", "StringLike", []string{"/charge/*"}, []string{"/Charge/1"}, false},
		{"ops", "StringLike", []string{"a?c"}, []string{"abc"}, true},
		{"ops", "StringLike", []string{"a?c"}, []string{"ac"}, false},
		{"ops", "StringLike", []string{"a?c"}, []string{"aébc"}, false},
		{"ops", "StringLike", []string{"a?c"}, []string{"aéc"}, true},
		{"ops", "StringLike", []string{"*a*b*"}, []string{"xxaybz"}, true},
		{"ops", "StringLike", []string{"*a*b*"}, []string{"xxbya"}, false},
		{"ops", "StringLike", []string{"exact"}, []string{"exact"}, true},
		{"ops", "StringNotLike", []string{"/admin/*"}, []string{"/admin/x"}, false},
		{"ops", "StringNotLike", []string{"/admin/*"}, []string{"/charge"}, true},
		{"ops", "StringNotLike", []string{"/admin/*"}, absent, true},
		// multi: several values for one key are ORed...
		{"multi", "StringEquals", []string{"POST", "PUT"}, []string{"PUT"}, true},
		{"multi", "StringEquals", []string{"POST", "PUT"}, []string{"GET"}, false},
		// ...and NORed under a negated operator.
		{"multi", "StringNotEquals", []string{"POST", "PUT"}, []string{"PUT"}, false},
		{"multi", "StringNotEquals", []string{"POST", "PUT"}, []string{"GET"}, true},
		{"multi", "StringNotLike", []string{"a*", "b*"}, []string{"bx"}, false},

		// ops: numeric operators compare numbers, integers or decimals.
		{"ops", "NumericEquals", []string{"10"}, []string{"10"}, true},
		{"ops", "NumericEquals", []string{"10"}, []string{"10.0"}, true},
		{"ops", "NumericEquals", []string{"10"}, []string{"11"}, false},
		{"ops", "NumericNotEquals", []string{"10"}, []string{"10"}, false},
		{"ops", "NumericNotEquals", []string{"10"}, []string{"11"}, true},
		{"ops", "NumericLessThan", []string{"10"}, []string{"9"}, true},
		{"ops", "NumericLessThan", []string{"10"}, []string{"10"}, false},
		{"ops", "NumericLessThanEquals", []string{"10"}, []string{"10"}, true},
		{"ops", "NumericLessThanEquals", []string{"10"}, []string{"10.5"}, false},
		{"ops", "NumericGreaterThan", []string{"10"}, []string{"11"}, true},
		{"ops", "NumericGreaterThan", []string{"10"}, []string{"10"}, false},
		{"ops", "NumericGreaterThanEquals", []string{"2.5"}, []string{"2.5"}, true},
		{"ops", "NumericGreaterThanEquals", []string{"2.5"}, []string{"2.4"}, false},
		{"ops", "NumericLessThan", []string{"10"}, absent, false},
		// A request value that is not a number matches no policy value.
		{"ops", "NumericEquals", []string{"10"}, []string{"ten"}, false},
		{"ops", "NumericNotEquals", []string{"10"}, []string{"ten"}, true},

		// ops: Bool compares true or false.
		{"ops", "Bool", []string{"true"}, []string{"true"}, true},
		{"ops", "Bool", []string{"true"}, []string{"false"}, false},
		{"ops", "Bool", []string{"false"}, []string{"false"}, true},
		{"ops", "Bool", []string{"true"}, []string{"TRUE"}, true},
		{"ops", "Bool", []string{"true"}, []string{"yes"}, false},
		{"ops", "Bool", []string{"false"}, absent, false},

		// ops: IpAddress takes CIDRs, IPv4 or IPv6; a bare address is /32.
		{"ops", "IpAddress", []string{"203.0.113.0/24"}, []string{"203.0.113.7"}, true},
		{"ops", "IpAddress", []string{"203.0.113.0/24"}, []string{"198.51.100.1"}, false},
		{"ops", "IpAddress", []string{"203.0.113.5"}, []string{"203.0.113.5"}, true},
		{"ops", "IpAddress", []string{"203.0.113.5"}, []string{"203.0.113.6"}, false},
		{"ops", "IpAddress", []string{"203.0.113.0/24", "2001:DB8:1234:5678::/64"}, []string{"2001:db8:1234:5678::1"}, true},
		{"ops", "IpAddress", []string{"2001:DB8:1234:5678::/64"}, []string{"2001:db8:1234:5679::1"}, false},
		{"ops", "IpAddress", []string{"203.0.113.0/24"}, []string{"not-an-ip"}, false},
		{"ops", "IpAddress", []string{"203.0.113.0/24"}, absent, false},
		{"ops", "NotIpAddress", []string{"203.0.113.0/24"}, []string{"203.0.113.7"}, false},
		{"ops", "NotIpAddress", []string{"203.0.113.0/24"}, []string{"192.0.2.1"}, true},
		// ops: aws:SourceIp is absent for requests through a VPC endpoint,
		// so "deny unless from these public IPs" denies every such request.
		{"ops", "NotIpAddress", []string{"203.0.113.0/24"}, absent, true},

		// ops: ArnEquals and ArnLike behave alike, part by part.
		{"ops", "ArnEquals", []string{"arn:aws:sns:us-east-2:123456789012:topic"}, []string{"arn:aws:sns:us-east-2:123456789012:topic"}, true},
		{"ops", "ArnEquals", []string{"arn:aws:sns:*:123456789012:topic"}, []string{"arn:aws:sns:eu-west-1:123456789012:topic"}, true},
		{"ops", "ArnLike", []string{"arn:aws:sns:*:123456789012:*"}, []string{"arn:aws:sns:eu-west-1:999999999999:topic"}, false},
		{"ops", "ArnLike", []string{"arn:aws:s3:::bucket/*"}, []string{"arn:aws:s3:::bucket/a/b:c"}, true},
		{"ops", "ArnLike", []string{"arn:aws:s3:::bucket/*"}, []string{"not-an-arn"}, false},
		{"ops", "ArnNotLike", []string{"arn:aws:iam::*:role/admin"}, []string{"arn:aws:iam::123456789012:role/admin"}, false},
		{"ops", "ArnNotLike", []string{"arn:aws:iam::*:role/admin"}, []string{"arn:aws:iam::123456789012:role/app"}, true},
		{"ops", "ArnNotEquals", []string{"arn:aws:iam::*:role/admin"}, absent, true},
		// ops, the page's own example: the first '*' of an ArnLike value
		// stays in the region part, where StringLike's runs on.
		{"ops", "ArnLike", []string{"arn:aws:someservice:*:111122223333:finance/*"},
			[]string{"arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"}, false},
		{"ops", "StringLike", []string{"arn:aws:someservice:*:111122223333:finance/*"},
			[]string{"arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"}, true},

		// ops: Null true means the key is absent, false that it is present.
		{"ops", "Null", []string{"true"}, absent, true},
		{"ops", "Null", []string{"true"}, []string{"x"}, false},
		{"ops", "Null", []string{"false"}, []string{"x"}, true},
		{"ops", "Null", []string{"false"}, absent, false},

		// ops: ...IfExists holds when the key is absent and otherwise tests it.
		{"ops", "StringLikeIfExists", []string{"t2.*"}, absent, true},
		{"ops", "StringLikeIfExists", []string{"t2.*"}, []string{"t2.micro"}, true},
		{"ops", "StringLikeIfExists", []string{"t2.*"}, []string{"m5.large"}, false},
		{"ops", "BoolIfExists", []string{"false"}, absent, true},
		{"ops", "BoolIfExists", []string{"false"}, []string{"true"}, false},
		// ops: with Deny, a negated ...IfExists still matches a missing key.
		{"ops", "StringNotEqualsIfExists", []string{"vpc-111bbb22"}, absent, true},
		{"ops", "StringNotEqualsIfExists", []string{"vpc-111bbb22"}, []string{"vpc-111bbb22"}, false},
		{"ops", "NumericLessThanIfExists", []string{"10"}, []string{"20"}, false},
		{"ops", "IpAddressIfExists", []string{"10.0.0.0/8"}, absent, true},
		{"ops", "ArnLikeIfExists", []string{"arn:aws:s3:::b"}, absent, true},

		// sets: ForAllValues holds when every request value matches a policy
		// value, and when the key is absent.
		{"sets", "ForAllValues:StringLike", []string{"PostDateTime", "Message", "Tags"}, []string{"PostDateTime", "Message"}, true},
		{"sets", "ForAllValues:StringLike", []string{"PostDateTime", "Message", "Tags"}, []string{"PostDateTime", "UserName"}, false},
		{"sets", "ForAllValues:StringLike", []string{"PostDateTime", "Message", "Tags"}, absent, true},
		// sets: ForAnyValue holds when some request value matches some
		// policy value, and fails when the key is absent.
		{"sets", "ForAnyValue:StringLike", []string{"ID", "PostDateTime"}, []string{"UserName", "Message", "PostDateTime"}, true},
		{"sets", "ForAnyValue:StringLike", []string{"ID", "PostDateTime"}, []string{"UserName"}, false},
		{"sets", "ForAnyValue:StringLike", []string{"ID", "PostDateTime"}, absent, false},
		// sets (ForAllValues:StringNotLike on aws:TagKeys, the examples page).
		{"sets", "ForAllValues:StringNotLike", []string{"key1*"}, []string{"key1:legal"}, false},
		{"sets", "ForAllValues:StringNotLike", []string{"key1*"}, []string{"key1:hr", "key1:personnel"}, false},
		{"sets", "ForAllValues:StringNotLike", []string{"key1*"}, []string{"key2:audit"}, true},
		{"sets", "ForAllValues:StringNotLike", []string{"key1*"}, absent, true},
		{"sets", "ForAnyValue:StringNotEquals", []string{"a"}, []string{"a", "b"}, true},
		{"sets", "ForAnyValue:StringNotEquals", []string{"a"}, []string{"a"}, false},
		{"sets", "ForAllValues:StringEqualsIfExists", []string{"a"}, []string{"a", "b"}, false},
		{"sets", "ForAnyValue:NumericGreaterThan", []string{"100"}, []string{"5", "500"}, true},
		{"sets", "ForAllValues:IpAddress", []string{"10.0.0.0/8"}, []string{"10.1.1.1", "192.0.2.1"}, false},
		// A plain operator with several request values holds when any of them
		// matches (a negated one, when none does).
		{"sets", "StringEquals", []string{"x"}, []string{"y", "x"}, true},
		{"sets", "StringNotEquals", []string{"x"}, []string{"y", "x"}, false},
	}
	for _, tc := range tests {
		name := fmt.Sprintf("%s/%s%q/%q", tc.page, tc.op, tc.values, tc.got)
		t.Run(name, func(t *testing.T) {
			p := mustCompile(t, "p", &Document{Statements: []Statement{
				anyone(Allow, Condition{Operator: tc.op, Key: k, Values: tc.values}),
			}})
			req := Request{Principal: userAlice, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}
			if tc.got != nil {
				req.Context = map[string][]string{k: tc.got}
			}
			d := p.Evaluate(req)
			if got := d.Outcome == Allowed; got != tc.want {
				t.Errorf("held = %v, want %v (%s)", got, tc.want, d)
			}
		})
	}
}

// TestConditionLogic pins how conditions combine: operators and keys are
// ANDed (multi), and key names are compared ignoring case (cond).
func TestConditionLogic(t *testing.T) {
	doc := &Document{Statements: []Statement{anyone(Allow,
		Condition{Operator: "StringEquals", Key: "AWS:sourcevpce", Values: []string{"vpce-1"}},
		Condition{Operator: "StringEquals", Key: KeyLatticeRequestMethod, Values: []string{"POST"}},
		Condition{Operator: "StringLike", Key: KeyLatticeRequestPath, Values: []string{"/charge*"}},
	)}}
	p := mustCompile(t, "p", doc)
	ctx := func(vpce, method, path string) map[string][]string {
		return map[string][]string{"aws:SourceVpce": {vpce}, "vpc-lattice-svcs:requestmethod": {method}, KeyLatticeRequestPath: {path}}
	}
	for _, tc := range []struct {
		ctx  map[string][]string
		want Outcome
	}{
		{ctx("vpce-1", "POST", "/charge"), Allowed},
		{ctx("vpce-2", "POST", "/charge"), ImplicitDeny},
		{ctx("vpce-1", "GET", "/charge"), ImplicitDeny},
		{ctx("vpce-1", "POST", "/refund"), ImplicitDeny},
	} {
		d := p.Evaluate(Request{Principal: userAlice, Action: "s3:GetObject", Resource: "arn:aws:s3:::b", Context: tc.ctx})
		if d.Outcome != tc.want {
			t.Errorf("%v: got %v (%s), want %v", tc.ctx, d.Outcome, d, tc.want)
		}
	}
}

// TestContextKeyCase: a key spelled in several cases in the request is
// looked up deterministically (the exact spelling, else the smallest key).
func TestContextKeyCase(t *testing.T) {
	p := mustCompile(t, "p", &Document{Statements: []Statement{anyone(Allow,
		Condition{Operator: "StringEquals", Key: "test:Key", Values: []string{"b"}})}})
	for range 20 {
		d := p.Evaluate(Request{Principal: userAlice, Action: "a:b", Resource: "arn:aws:s3:::b",
			Context: map[string][]string{"TEST:KEY": {"a"}, "test:KEY": {"b"}, "Test:Key": {"c"}}})
		// "TEST:KEY" < "Test:Key" < "test:KEY": the smallest holds "a".
		if d.Outcome != ImplicitDeny || d.Cause.Got != "a" {
			t.Fatalf("got %v with %q, want implicit deny on the value of TEST:KEY", d.Outcome, d.Cause.Got)
		}
	}
}

func TestOperatorVerbs(t *testing.T) {
	// Every modelled operator has phrases for both truth values.
	for name := range baseOps {
		op, _, err := parseOperator(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if op.fam == famNull {
			continue
		}
		yes, no := op.verb(true), op.verb(false)
		if yes == no || yes == "holds" {
			t.Errorf("%s: verbs %q / %q", name, yes, no)
		}
	}
	got := []string{}
	for _, s := range []string{"ForAnyValue:StringLikeIfExists", "ForAllValues:Bool", "NumericLessThanEqualsIfExists"} {
		op, msg, err := parseOperator(s)
		if err != nil {
			t.Fatalf("%s: %v %s", s, err, msg)
		}
		got = append(got, fmt.Sprint(op.set, op.ifExists))
	}
	if diff := cmp.Diff([]string{"1 true", "2 false", "0 true"}, got); diff != "" {
		t.Errorf("qualifiers (-want +got):\n%s", diff)
	}
}
