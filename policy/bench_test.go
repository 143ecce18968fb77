package policy

import "testing"

// benchAuth is a typical five-statement Lattice auth policy: two denies
// (outside the organization; outside the expected VPCs) and three allows.
const benchAuth = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "DenyOutsideOrg", "Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
     "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc"}}},
    {"Sid": "DenyOtherVpcs", "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*",
     "Condition": {"StringNotEqualsIfExists": {"vpc-lattice-svcs:SourceVpc": ["vpc-0a1", "vpc-0b2", "vpc-0c3"]}}},
    {"Sid": "AllowCharge", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/checkout", "arn:aws:iam::111122223333:role/app"]},
     "Action": "vpc-lattice-svcs:Invoke", "Resource": "arn:aws:vpc-lattice:us-east-1:444455556666:service/svc-0123/charge*",
     "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "POST"}, "StringLike": {"vpc-lattice-svcs:RequestHeader/content-type": "application/json*"}}},
    {"Sid": "AllowReads", "Effect": "Allow", "Principal": {"AWS": "111122223333"},
     "Action": "vpc-lattice-svcs:Invoke", "Resource": "arn:aws:vpc-lattice:*:*:service/svc-0123/*",
     "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": ["GET", "HEAD"]}}},
    {"Sid": "AllowHealth", "Effect": "Allow", "Principal": "*",
     "Action": "vpc-lattice-svcs:Invoke", "Resource": "arn:aws:vpc-lattice:us-east-1:444455556666:service/svc-0123/health",
     "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/8"}}}
  ]
}`

func benchRequests() map[string]Request {
	ctx := func(method string) map[string][]string {
		return map[string][]string{
			KeyLatticeRequestMethod:                       {method},
			KeyLatticeRequestPath:                         {"/charge"},
			"vpc-lattice-svcs:RequestHeader/content-type": {"application/json; charset=utf-8"},
			KeyLatticeSourceVpc:                           {"vpc-0b2"},
			KeyVpcSourceIP:                                {"10.0.3.7"},
		}
	}
	return map[string]Request{
		"allow":         {Principal: roleApp, Action: ActionLatticeInvoke, Resource: latticeSvc + "/charge", Context: ctx("POST")},
		"implicit-deny": {Principal: roleApp, Action: ActionLatticeInvoke, Resource: latticeSvc + "/charge", Context: ctx("DELETE")},
		"explicit-deny": {Principal: otherAcct, Action: ActionLatticeInvoke, Resource: latticeSvc + "/charge", Context: ctx("POST")},
		"anonymous":     {Principal: anonymous, Action: ActionLatticeInvoke, Resource: latticeSvc + "/health", Context: ctx("GET")},
	}
}

// BenchmarkEvaluate measures one decision against a typical five-statement
// policy.
func BenchmarkEvaluate(b *testing.B) {
	p := mustParse(b, "svc-0123", benchAuth)
	for name, r := range benchRequests() {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.Evaluate(r)
			}
		})
	}
}

// BenchmarkEvaluateAll measures a Lattice request through a service
// network policy and a service policy.
func BenchmarkEvaluateAll(b *testing.B) {
	svc := mustParse(b, "svc-0123", benchAuth)
	sn := mustParse(b, "sn-0456", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*",
		"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}`)
	r := benchRequests()["allow"]
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(r, sn, svc)
	}
}

// BenchmarkParseCompile measures reading and compiling the policy.
func BenchmarkParseCompile(b *testing.B) {
	data := []byte(benchAuth)
	b.ReportAllocs()
	for b.Loop() {
		d, err := Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := d.Compile("svc"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEvaluateAllocs pins the allocation promise of Policy.Evaluate: none,
// except one to build aws:PrincipalArn from an STS session ARN.
func TestEvaluateAllocs(t *testing.T) {
	p := mustParse(t, "svc-0123", benchAuth)
	for name, r := range benchRequests() {
		if n := testing.AllocsPerRun(100, func() { p.Evaluate(r) }); n != 0 {
			t.Errorf("%s: %v allocations per Evaluate, want 0", name, n)
		}
	}
	arn := mustCompile(t, "arn", &Document{Statements: []Statement{anyone(Allow,
		Condition{Operator: "ArnLike", Key: KeyPrincipalArn, Values: []string{"arn:aws:iam::*:role/app"}})}})
	for _, tc := range []struct {
		caller Principal
		want   float64
	}{{roleApp, 0}, {userAlice, 0}, {stsApp, 1}} {
		r := Request{Principal: tc.caller, Action: "s3:GetObject", Resource: "arn:aws:s3:::b"}
		if n := testing.AllocsPerRun(100, func() { arn.Evaluate(r) }); n != tc.want {
			t.Errorf("aws:PrincipalArn for %s: %v allocations, want %v", tc.caller.ARN, n, tc.want)
		}
	}
}
