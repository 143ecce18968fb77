package policy

import (
	"errors"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Source pages: "Policy evaluation logic" and "The difference between
// explicit and implicit denies" (IAM User Guide, eval); "Control access to
// VPC Lattice services using auth policies" (Amazon VPC Lattice User Guide,
// lattice).

const latticeSvc = "arn:aws:vpc-lattice:us-east-1:444455556666:service/svc-0123"

// latticeAuth: deny callers outside the organization (anonymous ones
// included, as they have no aws:PrincipalOrgID), allow the app role to POST
// /charge, allow anyone in the organization to GET.
const latticeAuth = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowCharge",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"},
      "Action": "vpc-lattice-svcs:Invoke",
      "Resource": "arn:aws:vpc-lattice:us-east-1:444455556666:service/svc-0123/charge",
      "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "POST"}}
    },
    {
      "Sid": "AllowReads",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "vpc-lattice-svcs:Invoke",
      "Resource": "arn:aws:vpc-lattice:us-east-1:444455556666:service/svc-0123/*",
      "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": ["GET", "HEAD"]}}
    },
    {
      "Sid": "DenyOutsideOrg",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "vpc-lattice-svcs:Invoke",
      "Resource": "*",
      "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc"}}
    }
  ]
}`

func invoke(p Principal, method, path string) Request {
	return Request{
		Principal: p,
		Action:    ActionLatticeInvoke,
		Resource:  latticeSvc + path,
		Context:   map[string][]string{KeyLatticeRequestMethod: {method}, KeyLatticeRequestPath: {path}},
	}
}

func TestDecisions(t *testing.T) {
	p := mustParse(t, "svc-0123 auth policy", latticeAuth)
	tests := []struct {
		name string
		req  Request
		want Decision
		text string
	}{
		{
			"post from the role", invoke(stsApp, "POST", "/charge"),
			Decision{Outcome: Allowed, Policy: "svc-0123 auth policy", Statement: 0, Sid: "AllowCharge",
				Action: ActionLatticeInvoke, Resource: latticeSvc + "/charge",
				Cause: Cause{Element: ElementCondition, Held: true, Operator: "StringEquals", Key: KeyLatticeRequestMethod,
					Values: []string{"POST"}, Got: "POST"}},
			"statement 0 (AllowCharge) of svc-0123 auth policy: Allow: vpc-lattice-svcs:RequestMethod POST equals POST",
		},
		{
			// eval: an explicit deny in any statement overrides an allow.
			"outside the organization", invoke(otherAcct, "GET", "/charge"),
			Decision{Outcome: ExplicitDeny, Policy: "svc-0123 auth policy", Statement: 2, Sid: "DenyOutsideOrg",
				Action: ActionLatticeInvoke, Resource: latticeSvc + "/charge",
				Cause: Cause{Element: ElementCondition, Held: true, Operator: "StringNotEquals", Key: KeyPrincipalOrgID,
					Values: []string{"o-abc"}, Got: "o-zzz"}},
			"statement 2 (DenyOutsideOrg) of svc-0123 auth policy: Deny: aws:PrincipalOrgID o-zzz does not equal o-abc",
		},
		{
			// lattice: unsigned requests are anonymous; they have no
			// organization, so the negated condition holds.
			"anonymous", invoke(anonymous, "GET", "/charge"),
			Decision{Outcome: ExplicitDeny, Policy: "svc-0123 auth policy", Statement: 2, Sid: "DenyOutsideOrg",
				Action: ActionLatticeInvoke, Resource: latticeSvc + "/charge",
				Cause: Cause{Element: ElementCondition, Held: true, Operator: "StringNotEquals", Key: KeyPrincipalOrgID,
					Values: []string{"o-abc"}, Missing: true}},
			"statement 2 (DenyOutsideOrg) of svc-0123 auth policy: Deny: aws:PrincipalOrgID is absent, so StringNotEquals o-abc holds",
		},
		{
			// eval: no applicable Allow is an implicit deny; the closest Allow
			// is the one whose condition failed.
			"delete by the role", invoke(stsApp, "DELETE", "/charge"),
			Decision{Outcome: ImplicitDeny, Policy: "svc-0123 auth policy", Statement: 0, Sid: "AllowCharge",
				Action: ActionLatticeInvoke, Resource: latticeSvc + "/charge",
				Cause: Cause{Element: ElementCondition, Operator: "StringEquals", Key: KeyLatticeRequestMethod,
					Values: []string{"POST"}, Got: "DELETE"}},
			"no statement of svc-0123 auth policy allows vpc-lattice-svcs:Invoke on " + latticeSvc +
				"/charge: implicit deny; closest is statement 0 (AllowCharge): vpc-lattice-svcs:RequestMethod DELETE does not equal POST",
		},
		{
			"post by another caller", invoke(userAlice, "POST", "/charge"),
			Decision{Outcome: ImplicitDeny, Policy: "svc-0123 auth policy", Statement: 1, Sid: "AllowReads",
				Action: ActionLatticeInvoke, Resource: latticeSvc + "/charge",
				Cause: Cause{Element: ElementCondition, Operator: "StringEquals", Key: KeyLatticeRequestMethod,
					Values: []string{"GET", "HEAD"}, Got: "POST"}},
			"no statement of svc-0123 auth policy allows vpc-lattice-svcs:Invoke on " + latticeSvc +
				"/charge: implicit deny; closest is statement 1 (AllowReads): vpc-lattice-svcs:RequestMethod POST does not equal any of [GET, HEAD]",
		},
		{
			"post elsewhere by the role", invoke(stsApp, "POST", "/refund"),
			Decision{Outcome: ImplicitDeny, Policy: "svc-0123 auth policy", Statement: 1, Sid: "AllowReads",
				Action: ActionLatticeInvoke, Resource: latticeSvc + "/refund",
				Cause: Cause{Element: ElementCondition, Operator: "StringEquals", Key: KeyLatticeRequestMethod,
					Values: []string{"GET", "HEAD"}, Got: "POST"}},
			"no statement of svc-0123 auth policy allows vpc-lattice-svcs:Invoke on " + latticeSvc +
				"/refund: implicit deny; closest is statement 1 (AllowReads): vpc-lattice-svcs:RequestMethod POST does not equal any of [GET, HEAD]",
		},
		{
			"connect", Request{Principal: stsApp, Action: ActionLatticeConnect, Resource: latticeSvc},
			Decision{Outcome: ImplicitDeny, Policy: "svc-0123 auth policy", Statement: 0, Sid: "AllowCharge",
				Action: ActionLatticeConnect, Resource: latticeSvc,
				Cause: Cause{Element: ElementAction, Values: []string{ActionLatticeInvoke}, Got: ActionLatticeConnect}},
			"no statement of svc-0123 auth policy allows vpc-lattice-svcs:Connect on " + latticeSvc +
				": implicit deny; closest is statement 0 (AllowCharge): action vpc-lattice-svcs:Connect is not in Action [vpc-lattice-svcs:Invoke]",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := p.Evaluate(tc.req)
			if diff := cmp.Diff(tc.want, d); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if got := d.String(); got != tc.text {
				t.Errorf("String:\n got %s\nwant %s", got, tc.text)
			}
		})
	}
}

func TestExplanations(t *testing.T) {
	doc := &Document{Statements: []Statement{
		{Sid: "Bucket", Effect: Deny, NotPrincipal: &Principals{AWS: []string{"111122223333"}},
			Action: []string{"s3:*"}, Resource: []string{"arn:aws:s3:::b/*"}},
		{Effect: Allow, Principal: &Principals{AWS: []string{"111122223333"}},
			Action: []string{"s3:GetObject"}, NotResource: []string{"arn:aws:s3:::b/private/*"}},
		{Effect: Allow, Principal: &Principals{All: true}, Action: []string{"s3:PutObject"}, Resource: []string{"*"},
			Condition: []Condition{
				{Operator: "ForAllValues:StringLike", Key: "aws:TagKeys", Values: []string{"team", "cost*"}},
				{Operator: "Null", Key: "aws:SourceVpce", Values: []string{"false"}},
			}},
	}}
	p := mustCompile(t, "", doc)
	root := Principal{Account: "111122223333"}
	tests := []struct {
		req  Request
		text string
	}{
		{Request{Principal: otherAcct, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"},
			"statement 0 (Bucket): Deny: principal arn:aws:iam::999999999999:role/app is not in NotPrincipal [111122223333]"},
		{Request{Principal: root, Action: "s3:GetObject", Resource: "arn:aws:s3:::c/k"},
			"statement 1: Allow: s3:GetObject on arn:aws:s3:::c/k"},
		{Request{Principal: root, Action: "s3:GetObject", Resource: "arn:aws:s3:::c/private/k"},
			"statement 1: Allow: s3:GetObject on arn:aws:s3:::c/private/k"},
		{Request{Principal: root, Action: "s3:ListBucket", Resource: "arn:aws:s3:::c/private/k"},
			"no statement allows s3:ListBucket on arn:aws:s3:::c/private/k: implicit deny; " +
				"closest is statement 1: action s3:ListBucket is not in Action [s3:GetObject]"},
		{Request{Principal: root, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/private/k"},
			"no statement allows s3:GetObject on arn:aws:s3:::b/private/k: implicit deny; " +
				"closest is statement 1: resource arn:aws:s3:::b/private/k is in NotResource [arn:aws:s3:::b/private/*]"},
		{Request{Principal: root, Action: "s3:PutObject", Resource: "arn:aws:s3:::c/k",
			Context: map[string][]string{"aws:TagKeys": {"team", "owner"}, "aws:SourceVpce": {"vpce-1"}}},
			"no statement allows s3:PutObject on arn:aws:s3:::c/k: implicit deny; closest is statement 2: " +
				"aws:TagKeys value owner does not match any of [team, cost*], so ForAllValues:StringLike does not hold"},
		{Request{Principal: root, Action: "s3:PutObject", Resource: "arn:aws:s3:::c/k",
			Context: map[string][]string{"aws:TagKeys": {"team"}}},
			"no statement allows s3:PutObject on arn:aws:s3:::c/k: implicit deny; closest is statement 2: " +
				"aws:SourceVpce is absent (Null false)"},
		{Request{Principal: root, Action: "s3:PutObject", Resource: "arn:aws:s3:::c/k",
			Context: map[string][]string{"aws:SourceVpce": {"vpce-1"}}},
			"statement 2: Allow: aws:TagKeys is absent, so ForAllValues:StringLike any of [team, cost*] holds"},
	}
	for _, tc := range tests {
		if got := p.Evaluate(tc.req).String(); got != tc.text {
			t.Errorf("\n got %s\nwant %s", got, tc.text)
		}
	}
}

// TestEvaluateAll: several policies must all allow (lattice: both the
// service network's and the service's policies; eval: an explicit deny in
// any policy wins).
func TestEvaluateAll(t *testing.T) {
	allowAll := mustCompile(t, "sn-policy", &Document{Statements: []Statement{anyone(Allow)}})
	orgOnly := mustCompile(t, "sn-org", &Document{Statements: []Statement{anyone(Allow,
		Condition{Operator: "StringEquals", Key: KeyPrincipalOrgID, Values: []string{"o-abc"}})}})
	svc := mustParse(t, "svc-policy", latticeAuth)
	denyAll := mustCompile(t, "deny-all", &Document{Statements: []Statement{anyone(Deny)}})

	type result struct {
		Outcome Outcome
		Policy  string
		Sid     string
	}
	tests := []struct {
		name     string
		req      Request
		policies []*Policy
		want     result
	}{
		{"both allow", invoke(stsApp, "POST", "/charge"), []*Policy{allowAll, svc}, result{Allowed, "svc-policy", "AllowCharge"}},
		{"network denies implicitly", invoke(otherAcct, "POST", "/charge"), []*Policy{orgOnly, allowAll}, result{ImplicitDeny, "sn-org", ""}},
		{"explicit deny wins over an earlier implicit deny", invoke(otherAcct, "GET", "/x"), []*Policy{orgOnly, svc},
			result{ExplicitDeny, "svc-policy", "DenyOutsideOrg"}},
		{"first explicit deny", invoke(otherAcct, "GET", "/x"), []*Policy{denyAll, svc}, result{ExplicitDeny, "deny-all", ""}},
		{"nil policy denies", invoke(stsApp, "POST", "/charge"), []*Policy{allowAll, nil}, result{ImplicitDeny, "", ""}},
		{"no policy", invoke(stsApp, "POST", "/charge"), nil, result{ImplicitDeny, "", ""}},
	}
	for _, tc := range tests {
		d := Evaluate(tc.req, tc.policies...)
		if diff := cmp.Diff(tc.want, result{d.Outcome, d.Policy, d.Sid}); diff != "" {
			t.Errorf("%s (-want +got):\n%s\n%s", tc.name, diff, d)
		}
	}
	if got := Evaluate(invoke(stsApp, "POST", "/charge")).String(); got != "no policy allows vpc-lattice-svcs:Invoke on "+latticeSvc+"/charge: implicit deny" {
		t.Errorf("no policy: %s", got)
	}
	var none *Policy
	if d := none.Evaluate(invoke(stsApp, "POST", "/c")); d.Outcome != ImplicitDeny || !d.NoPolicy || none.Name() != "" {
		t.Errorf("nil policy: %+v", d)
	}
}

// TestConcurrentEvaluate: a Policy is shared by goroutines and answers the
// same everywhere (run with -race).
func TestConcurrentEvaluate(t *testing.T) {
	p := mustParse(t, "svc", latticeAuth)
	reqs := []Request{invoke(stsApp, "POST", "/charge"), invoke(anonymous, "GET", "/"), invoke(userAlice, "PUT", "/x"),
		{Principal: Principal{Account: "111122223333"}, Action: ActionLatticeInvoke, Resource: latticeSvc + "/charge"}}
	want := make([]Decision, len(reqs))
	for i, r := range reqs {
		want[i] = p.Evaluate(r)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				for i, r := range reqs {
					if d := p.Evaluate(r); !cmp.Equal(want[i], d) {
						t.Errorf("request %d: %v, want %v", i, d, want[i])
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

// TestCompileCopies: changing the document after Compile changes nothing.
func TestCompileCopies(t *testing.T) {
	d := &Document{Statements: []Statement{anyone(Allow,
		Condition{Operator: "StringEquals", Key: "test:k", Values: []string{"a"}})}}
	p := mustCompile(t, "p", d)
	d.Statements[0].Condition[0].Values[0] = "b"
	d.Statements[0].Effect = Deny
	r := Request{Principal: userAlice, Action: "a:b", Resource: "arn:aws:s3:::b", Context: map[string][]string{"test:k": {"a"}}}
	if got := p.Evaluate(r); got.Outcome != Allowed || got.Cause.Values[0] != "a" {
		t.Errorf("got %v", got)
	}
}

func TestRequestValidate(t *testing.T) {
	var nilReq *Request
	if err := nilReq.Validate(); !errors.Is(err, ErrMissing) {
		t.Errorf("nil request: %v", err)
	}
	bad := Request{Principal: Principal{Account: "12"}, Action: "a:b"}
	if got := bad.Validate().Error(); got != `request.principal.account: invalid value: want a 12-digit account ID; got "12"` {
		t.Errorf("message: %s", got)
	}
	valid := invoke(roleApp, "GET", "/")
	if err := valid.Validate(); err != nil {
		t.Errorf("valid request: %v", err)
	}
	tests := []struct {
		name string
		req  Request
		want []string // element: kind
	}{
		{"bad action", Request{Principal: anonymous, Action: "Invoke"}, []string{"request.action: invalid value"}},
		{"anonymous with account", Request{Principal: Principal{Anonymous: true, Account: "111122223333"}, Action: "a:b"},
			[]string{"request.principal: conflicting elements"}},
		{"service with org", Request{Principal: Principal{Service: "s3.amazonaws.com", OrgID: "o-1"}, Action: "a:b"},
			[]string{"request.principal: conflicting elements"}},
		{"nobody", Request{Action: "a:b"}, []string{"request.principal: missing element"}},
		{"bad account", Request{Principal: Principal{Account: "12"}, Action: "a:b"}, []string{"request.principal.account: invalid value"}},
		{"bad arn", Request{Principal: Principal{ARN: "arn:aws:iam::111122223333:group/x"}, Action: "a:b"},
			[]string{"request.principal.arn: invalid value"}},
		{"account mismatch", Request{Principal: Principal{Account: "999999999999", ARN: "arn:aws:iam::111122223333:user/a"}, Action: "a:b"},
			[]string{"request.principal.arn: conflicting elements"}},
		{"session without role", Request{Principal: Principal{ARN: "arn:aws:iam::111122223333:user/a", Session: "s"}, Action: "a:b"},
			[]string{"request.principal.session: conflicting elements"}},
		{"session without arn", Request{Principal: Principal{Account: "111122223333", Session: "s"}, Action: "a:b"},
			[]string{"request.principal.session: missing element"}},
		{"tag case", Request{Principal: Principal{Account: "111122223333", Tags: map[string]string{"Team": "a", "team": "b"}}, Action: "a:b"},
			[]string{"request.principal.tags: duplicate element"}},
		{"context", Request{Principal: anonymous, Action: "a:b", Context: map[string][]string{
			"aws:SourceVpce": {"a"}, "aws:sourcevpce": {"b"}, "aws:PrincipalOrgID": {"o"}, "x:empty": {}, "": {"v"}}},
			[]string{
				`request.context[""]: invalid value`,
				`request.context["aws:PrincipalOrgID"]: conflicting elements`,
				`request.context["aws:sourcevpce"]: duplicate element`,
				`request.context["x:empty"]: missing element`,
			}},
	}
	for _, tc := range tests {
		var got []string
		for _, e := range allErrors(tc.req.Validate()) {
			got = append(got, e.Element+": "+e.Kind.Error())
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestEnums(t *testing.T) {
	for o := range Outcome(3) {
		if !o.Valid() || o.String() == "" {
			t.Errorf("outcome %d", o)
		}
	}
	if Outcome(3).Valid() || Outcome(3).String() != "Outcome(3)" {
		t.Errorf("Outcome(3): %v", Outcome(3))
	}
	for e := range Element(8) {
		if !e.Valid() || (e != ElementNone && e.String() == "") {
			t.Errorf("element %d", e)
		}
	}
	if Element(8).Valid() || Element(8).String() != "Element(8)" {
		t.Errorf("Element(8): %v", Element(8))
	}
	if Effect("allow").Valid() || !Allow.Valid() || !Deny.Valid() || Effect("").Valid() {
		t.Error("Effect.Valid")
	}
	var zero Decision
	if zero.Outcome != ImplicitDeny {
		t.Error("the zero Decision must deny")
	}
	for _, tc := range []struct {
		c    Cause
		want string
	}{
		{Cause{}, "the statement applies"},
		{Cause{Element: ElementAction, Values: []string{"s3:Get*"}, Got: "s3:PutObject"}, "action s3:PutObject is not in Action [s3:Get*]"},
		{Cause{Element: ElementCondition, Operator: "NumericLessThan", Key: "s3:max-keys", Values: []string{"10"}, Got: "12"},
			"s3:max-keys 12 is not less than 10"},
		{Cause{Element: ElementCondition, Held: true, Operator: "NotIpAddress", Key: "aws:SourceIp", Values: []string{"203.0.113.0/24"}, Got: "192.0.2.1"},
			"aws:SourceIp 192.0.2.1 is not in 203.0.113.0/24"},
		{Cause{Element: ElementCondition, Held: true, Operator: "Null", Key: "aws:SourceVpce", Values: []string{"true"}, Missing: true},
			"aws:SourceVpce is absent (Null true)"},
		{Cause{Element: ElementCondition, Operator: "Bogus", Key: "k:k", Values: []string{"v"}}, "k:k Bogus [v]"},
	} {
		if got := tc.c.String(); got != tc.want {
			t.Errorf("Cause.String() = %q, want %q", got, tc.want)
		}
	}
}
