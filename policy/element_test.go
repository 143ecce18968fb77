package policy

import (
	"fmt"
	"testing"
)

// Source pages (IAM User Guide):
//
//	action:    "IAM JSON policy elements: Action" and "...: NotAction"
//	resource:  "IAM JSON policy elements: Resource" and "...: NotResource"
//	principal: "AWS JSON policy elements: Principal"
//	notprinc:  "AWS JSON policy elements: NotPrincipal"
//	keys:      "AWS global condition context keys"

func TestActionElement(t *testing.T) {
	tests := []struct {
		pattern, action string
		want            bool
	}{
		// action: actions are matched ignoring case, with wildcards.
		{"s3:GetObject", "s3:GetObject", true},
		{"s3:GetObject", "S3:getobject", true},
		{"s3:Get*", "s3:GetObjectAcl", true},
		{"s3:Get*", "s3:PutObject", false},
		{"iam:*AccessKey*", "iam:CreateAccessKey", true},
		{"iam:*AccessKey*", "iam:ListAccessKeys", true},
		{"iam:*AccessKey*", "iam:CreateUser", false},
		{"s3:?etObject", "s3:GetObject", true},
		{"s3:?etObject", "s3:GettObject", false},
		{"vpc-lattice-svcs:Invoke", "vpc-lattice-svcs:Invoke", true},
		{"vpc-lattice-svcs:Invoke", "vpc-lattice-svcs:Connect", false},
		{"*", "anything:AtAll", true},
		{"ec2:*", "s3:GetObject", false},
	}
	for _, tc := range tests {
		t.Run(tc.pattern+"/"+tc.action, func(t *testing.T) {
			for _, not := range []bool{false, true} {
				s := anyone(Allow)
				if not {
					s.Action, s.NotAction = nil, []string{tc.pattern}
				} else {
					s.Action = []string{tc.pattern}
				}
				p := mustCompile(t, "p", &Document{Statements: []Statement{s}})
				d := p.Evaluate(Request{Principal: userAlice, Action: tc.action, Resource: "arn:aws:s3:::b"})
				// NotAction applies to every action it does not list.
				if got := d.Outcome == Allowed; got != (tc.want != not) {
					t.Errorf("NotAction=%v: allowed = %v (%s)", not, got, d)
				}
			}
		})
	}
}

func TestResourceElement(t *testing.T) {
	tests := []struct {
		pattern, resource string
		want              bool
	}{
		// resource: ARNs match with case.
		{"arn:aws:iam::123456789012:user/Bob", "arn:aws:iam::123456789012:user/Bob", true},
		{"arn:aws:iam::123456789012:user/Bob", "arn:aws:iam::123456789012:user/bob", false},
		// resource: '*' in the last segment spans '/' and the rest.
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c.txt", true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false},
		{"arn:aws:iam::123456789012:user/accounting/*", "arn:aws:iam::123456789012:user/accounting/eng/x", true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/key:with:colons", true},
		// resource: a '*' ending a segment may run past colons...
		{"arn:aws:ec2:*:123456789012:instance/*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", true},
		{"arn:aws:vpc-lattice:*:*:service/svc-1/*", "arn:aws:vpc-lattice:us-east-1:444455556666:service/svc-1/charge", true},
		{"arn:aws:vpc-lattice:*:*:service/svc-1/*", "arn:aws:vpc-lattice:us-east-1:444455556666:service/svc-2/charge", false},
		// ...but a '*' inside a segment, and '?', stay within it.
		{"arn:aws:ec2:us-*-1:123456789012:instance/i-1", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", true},
		{"arn:aws:ec2:us-*-1:123456789012:instance/i-1", "arn:aws:ec2:us-x:y-1:123456789012:instance/i-1", false},
		{"arn:aws:s3:::a?b", "arn:aws:s3:::a:b", false},
		{"arn:aws:s3:::a?b", "arn:aws:s3:::axb", true},
		{"*", "arn:aws:s3:::anything", true},
	}
	for _, tc := range tests {
		t.Run(tc.pattern+"/"+tc.resource, func(t *testing.T) {
			for _, not := range []bool{false, true} {
				s := anyone(Allow)
				if not {
					s.Resource, s.NotResource = nil, []string{tc.pattern}
				} else {
					s.Resource = []string{tc.pattern}
				}
				p := mustCompile(t, "p", &Document{Statements: []Statement{s}})
				d := p.Evaluate(Request{Principal: userAlice, Action: "s3:GetObject", Resource: tc.resource})
				if got := d.Outcome == Allowed; got != (tc.want != not) {
					t.Errorf("NotResource=%v: allowed = %v (%s)", not, got, d)
				}
			}
		})
	}
}

func TestPrincipalElement(t *testing.T) {
	sessionOther := Principal{ARN: "arn:aws:sts::111122223333:assumed-role/app/other"}
	roleOther := Principal{ARN: "arn:aws:sts::111122223333:assumed-role/db/i-0abc"}
	bob := Principal{ARN: "arn:aws:iam::111122223333:user/Bob"}
	root := Principal{Account: "111122223333"}
	fed := Principal{ARN: "arn:aws:sts::111122223333:federated-user/carol"}
	tests := []struct {
		name    string
		p       Principals
		callers map[string]Principal
		want    map[string]bool
	}{
		{
			// principal: "*" and {"AWS": "*"} both name everyone, anonymous
			// callers included.
			"everyone", Principals{All: true},
			map[string]Principal{"anon": anonymous, "alice": userAlice, "svc": trail, "other": otherAcct},
			map[string]bool{"anon": true, "alice": true, "svc": true, "other": true},
		},
		{
			"aws-star", Principals{AWS: []string{"*"}},
			map[string]Principal{"anon": anonymous, "alice": userAlice, "svc": trail},
			map[string]bool{"anon": true, "alice": true, "svc": true},
		},
		{
			// principal: an account ID and the account's root ARN behave the
			// same: every identity of the account, not only its root user.
			"account-id", Principals{AWS: []string{"111122223333"}},
			map[string]Principal{"alice": userAlice, "role": roleApp, "sts": stsApp, "root": root, "fed": fed,
				"other": otherAcct, "anon": anonymous, "svc": trail},
			map[string]bool{"alice": true, "role": true, "sts": true, "root": true, "fed": true},
		},
		{
			"account-root-arn", Principals{AWS: []string{"arn:aws:iam::111122223333:root"}},
			map[string]Principal{"alice": userAlice, "sts": stsApp, "other": otherAcct, "anon": anonymous},
			map[string]bool{"alice": true, "sts": true},
		},
		{
			// principal: a role names the role's sessions; the path takes no
			// part, as IAM matches the role itself.
			"role", Principals{AWS: []string{"arn:aws:iam::111122223333:role/app"}},
			map[string]Principal{"role+session": roleApp, "sts": stsApp, "other-session": sessionOther,
				"other-role": roleOther, "alice": userAlice, "other-acct": otherAcct},
			map[string]bool{"role+session": true, "sts": true, "other-session": true},
		},
		{
			// principal: a role session names that session only.
			"session", Principals{AWS: []string{"arn:aws:sts::111122223333:assumed-role/app/i-0abc"}},
			map[string]Principal{"role+session": roleApp, "sts": stsApp, "other-session": sessionOther, "alice": userAlice},
			map[string]bool{"role+session": true, "sts": true},
		},
		{
			// principal: the user name of a user ARN is case sensitive.
			"user", Principals{AWS: []string{"arn:aws:iam::111122223333:user/Bob"}},
			map[string]Principal{"bob": bob, "alice": userAlice, "bob-lower": {ARN: "arn:aws:iam::111122223333:user/bob"}},
			map[string]bool{"bob": true},
		},
		{
			"federated-user", Principals{AWS: []string{"arn:aws:sts::111122223333:federated-user/carol"}},
			map[string]Principal{"fed": fed, "alice": userAlice},
			map[string]bool{"fed": true},
		},
		{
			// principal: a service principal names that service.
			"service", Principals{Service: []string{"cloudtrail.amazonaws.com"}},
			map[string]Principal{"svc": trail, "other-svc": {Service: "lambda.amazonaws.com"}, "alice": userAlice, "anon": anonymous},
			map[string]bool{"svc": true},
		},
		{
			// principal: several principals are alternatives.
			"list", Principals{AWS: []string{"999999999999", "arn:aws:iam::111122223333:user/Bob"}, Service: []string{"cloudtrail.amazonaws.com"}},
			map[string]Principal{"bob": bob, "other": otherAcct, "svc": trail, "alice": userAlice},
			map[string]bool{"bob": true, "other": true, "svc": true},
		},
		{
			"other-partition", Principals{AWS: []string{"arn:aws-cn:iam::111122223333:root"}},
			map[string]Principal{"alice": userAlice, "alice-cn": {ARN: "arn:aws-cn:iam::111122223333:user/alice"}},
			map[string]bool{"alice-cn": true},
		},
	}
	for _, tc := range tests {
		p := mustCompile(t, tc.name, &Document{Statements: []Statement{{
			Effect: Allow, Principal: &tc.p, Action: []string{"*"}, Resource: []string{"*"},
		}}})
		for cn, c := range tc.callers {
			d := p.Evaluate(Request{Principal: c, Action: "s3:GetObject", Resource: "arn:aws:s3:::b"})
			if got := d.Outcome == Allowed; got != tc.want[cn] {
				t.Errorf("%s / %s: allowed = %v, want %v (%s)", tc.name, cn, got, tc.want[cn], d)
			}
		}
	}
}

// TestNotPrincipal: with Deny, every principal but those listed is denied;
// a caller escapes only when the account and each of its identities are
// listed (notprinc).
func TestNotPrincipal(t *testing.T) {
	root := "arn:aws:iam::111122223333:root"
	role := "arn:aws:iam::111122223333:role/app"
	session := "arn:aws:sts::111122223333:assumed-role/app/i-0abc"
	user := "arn:aws:iam::111122223333:user/alice"
	tests := []struct {
		listed []string
		caller Principal
		denied bool
	}{
		{[]string{session, role, root}, stsApp, false},
		{[]string{session, role, root}, roleApp, false},
		{[]string{session, role}, stsApp, true}, // account missing
		{[]string{session, root}, stsApp, true}, // role missing
		{[]string{role, root}, stsApp, true},    // session missing
		{[]string{session, role, root}, Principal{ARN: "arn:aws:sts::111122223333:assumed-role/app/other"}, true},
		{[]string{user, root}, userAlice, false},
		{[]string{user}, userAlice, true},
		{[]string{"111122223333"}, Principal{Account: "111122223333"}, false},
		{[]string{user, root}, anonymous, true},
		{[]string{user, root}, trail, true},
		{[]string{"*"}, anonymous, false},
	}
	for i, tc := range tests {
		doc := &Document{Statements: []Statement{
			anyone(Allow),
			{Effect: Deny, NotPrincipal: &Principals{AWS: tc.listed}, Action: []string{"s3:*"}, Resource: []string{"*"}},
		}}
		p := mustCompile(t, "bucket", doc)
		d := p.Evaluate(Request{Principal: tc.caller, Action: "s3:GetObject", Resource: "arn:aws:s3:::b"})
		if got := d.Outcome == ExplicitDeny; got != tc.denied {
			t.Errorf("%d: NotPrincipal %v, caller %+v: denied = %v, want %v (%s)", i, tc.listed, tc.caller, got, tc.denied, d)
		}
	}
	// notprinc: NotPrincipal with Allow is not modelled.
	_, err := (&Document{Statements: []Statement{{Effect: Allow, NotPrincipal: &Principals{All: true},
		Action: []string{"*"}, Resource: []string{"*"}}}}).Compile("p")
	if es := allErrors(err); len(es) != 1 || es[0].Kind != ErrUnsupported || es[0].Element != "NotPrincipal" {
		t.Errorf("NotPrincipal with Allow: %v", err)
	}
}

// TestDerivedKeys: the aws:Principal* keys come from Request.Principal
// (keys).
func TestDerivedKeys(t *testing.T) {
	tagged := userAlice
	tagged.Tags = map[string]string{"Team": "payments"}
	tagged.OrgPaths = []string{"o-abc/r-ab12/ou-ab12-11111111/"}
	tests := []struct {
		key, op, value string
		caller         Principal
		want           bool
	}{
		{KeyPrincipalAccount, "StringEquals", "111122223333", userAlice, true},
		{KeyPrincipalAccount, "StringEquals", "111122223333", stsApp, true},
		// keys: anonymous requests carry "anonymous" as their account.
		{KeyPrincipalAccount, "StringEquals", "anonymous", anonymous, true},
		{KeyPrincipalAccount, "StringNotEquals", "111122223333", otherAcct, true},
		{KeyPrincipalAccount, "Null", "true", trail, true},
		// keys: for a role session, aws:PrincipalArn is the role's ARN, not
		// the session's; with the role ARN given, its path is kept.
		{KeyPrincipalArn, "StringEquals", "arn:aws:iam::111122223333:role/app", stsApp, true},
		{KeyPrincipalArn, "StringEquals", "arn:aws:sts::111122223333:assumed-role/app/i-0abc", stsApp, false},
		{KeyPrincipalArn, "StringEquals", "arn:aws:iam::111122223333:role/team/app", roleApp, true},
		{KeyPrincipalArn, "ArnLike", "arn:aws:iam::*:role/team/*", roleApp, true},
		{KeyPrincipalArn, "StringEquals", "arn:aws:iam::111122223333:user/alice", userAlice, true},
		{KeyPrincipalArn, "StringEquals", "arn:aws:iam::111122223333:root", Principal{Account: "111122223333"}, true},
		// keys: anonymous requests do not include aws:PrincipalArn.
		{KeyPrincipalArn, "Null", "true", anonymous, true},
		{KeyPrincipalOrgID, "StringEquals", "o-abc", userAlice, true},
		{KeyPrincipalOrgID, "StringEquals", "o-abc", otherAcct, false},
		{KeyPrincipalOrgID, "StringNotEquals", "o-abc", anonymous, true},
		{KeyPrincipalOrgID, "Null", "true", Principal{ARN: "arn:aws:iam::111122223333:user/solo"}, true},
		{KeyPrincipalOrgPaths, "ForAnyValue:StringLike", "o-abc/r-ab12/ou-ab12-11111111/*", tagged, true},
		// cond: tag key names are compared ignoring case.
		{"aws:PrincipalTag/team", "StringEquals", "payments", tagged, true},
		{"aws:principaltag/TEAM", "StringEquals", "payments", tagged, true},
		{"aws:PrincipalTag/team", "StringEquals", "payments", userAlice, false},
		// keys: aws:PrincipalIsAWSService is true for a service principal,
		// false for IAM callers, absent for anonymous ones.
		{KeyPrincipalIsAWSService, "Bool", "true", trail, true},
		{KeyPrincipalIsAWSService, "Bool", "false", userAlice, true},
		{KeyPrincipalIsAWSService, "Null", "true", anonymous, true},
		{KeyPrincipalServiceName, "StringEquals", "cloudtrail.amazonaws.com", trail, true},
		{KeyPrincipalType, "StringEquals", "AssumedRole", stsApp, true},
		{KeyPrincipalType, "StringEquals", "User", userAlice, true},
		{KeyPrincipalType, "StringEquals", "Anonymous", anonymous, true},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/%s/%s/%+v", tc.key, tc.op, tc.value, tc.caller), func(t *testing.T) {
			p := mustCompile(t, "p", &Document{Statements: []Statement{anyone(Allow,
				Condition{Operator: tc.op, Key: tc.key, Values: []string{tc.value}})}})
			d := p.Evaluate(Request{Principal: tc.caller, Action: "s3:GetObject", Resource: "arn:aws:s3:::b"})
			if got := d.Outcome == Allowed; got != tc.want {
				t.Errorf("held = %v, want %v (%s)", got, tc.want, d)
			}
		})
	}
}
