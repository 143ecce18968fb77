package policy_test

import (
	"fmt"

	"github.com/vpcsim/vpcsim/policy"
)

// A Lattice service's auth policy that denies callers outside the
// organization and lets one role POST /charge. Both the service network's
// and the service's policies must allow a request.
func Example_lattice() {
	const svc = "arn:aws:vpc-lattice:us-east-1:444455556666:service/svc-0123"
	doc, err := policy.Parse([]byte(`{
	  "Version": "2012-10-17",
	  "Statement": [
	    {
	      "Sid": "DenyOutsideOrg",
	      "Effect": "Deny",
	      "Principal": "*",
	      "Action": "vpc-lattice-svcs:Invoke",
	      "Resource": "*",
	      "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc"}}
	    },
	    {
	      "Sid": "AllowCharge",
	      "Effect": "Allow",
	      "Principal": {"AWS": "arn:aws:iam::111122223333:role/checkout"},
	      "Action": "vpc-lattice-svcs:Invoke",
	      "Resource": "` + svc + `/charge",
	      "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "POST"}}
	    }
	  ]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	service, err := doc.Compile("svc-0123")
	if err != nil {
		fmt.Println(err)
		return
	}
	network, err := (&policy.Document{Statements: []policy.Statement{{
		Effect:    policy.Allow,
		Principal: &policy.Principals{All: true},
		Action:    []string{"vpc-lattice-svcs:Invoke"},
		Resource:  []string{"*"},
	}}}).Compile("sn-0456")
	if err != nil {
		fmt.Println(err)
		return
	}

	checkout := policy.Principal{ARN: "arn:aws:iam::111122223333:role/checkout", Session: "task-1", OrgID: "o-abc"}
	outsider := policy.Principal{ARN: "arn:aws:sts::999999999999:assumed-role/checkout/x", OrgID: "o-other"}
	call := func(p policy.Principal, method string) {
		d := policy.Evaluate(policy.Request{
			Principal: p,
			Action:    policy.ActionLatticeInvoke,
			Resource:  svc + "/charge",
			Context:   map[string][]string{policy.KeyLatticeRequestMethod: {method}},
		}, network, service)
		fmt.Printf("%s: %s\n", d.Outcome, d)
	}
	call(checkout, "POST")
	call(checkout, "GET")
	call(outsider, "POST")
	call(policy.Principal{Anonymous: true}, "POST")
	// Output:
	// allow: statement 1 (AllowCharge) of svc-0123: Allow: vpc-lattice-svcs:RequestMethod POST equals POST
	// implicit deny: no statement of svc-0123 allows vpc-lattice-svcs:Invoke on arn:aws:vpc-lattice:us-east-1:444455556666:service/svc-0123/charge: implicit deny; closest is statement 1 (AllowCharge): vpc-lattice-svcs:RequestMethod GET does not equal POST
	// explicit deny: statement 0 (DenyOutsideOrg) of svc-0123: Deny: aws:PrincipalOrgID o-other does not equal o-abc
	// explicit deny: statement 0 (DenyOutsideOrg) of svc-0123: Deny: aws:PrincipalOrgID is absent, so StringNotEquals o-abc holds
}

// A gateway endpoint policy that lets the endpoint reach one bucket, and a
// bucket policy that refuses requests not coming through that endpoint.
// aws:SourceVpce is present only for requests that come through a VPC
// endpoint.
func Example_endpoint() {
	endpoint, err := policy.Parse([]byte(`{
	  "Statement": [{
	    "Effect": "Allow",
	    "Principal": "*",
	    "Action": ["s3:GetObject", "s3:PutObject"],
	    "Resource": "arn:aws:s3:::reports/*"
	  }]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	bucket, err := policy.Parse([]byte(`{
	  "Version": "2012-10-17",
	  "Statement": [
	    {
	      "Sid": "OnlyThroughVpce",
	      "Effect": "Deny",
	      "Principal": "*",
	      "Action": "s3:*",
	      "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"],
	      "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}
	    },
	    {
	      "Sid": "AccountReads",
	      "Effect": "Allow",
	      "Principal": {"AWS": "111122223333"},
	      "Action": "s3:GetObject",
	      "Resource": "arn:aws:s3:::reports/*"
	    }
	  ]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	ep, _ := endpoint.Compile("vpce-1a2b3c4d policy")
	bp, _ := bucket.Compile("reports bucket policy")

	app := policy.Principal{ARN: "arn:aws:sts::111122223333:assumed-role/app/i-0abc"}
	viaEndpoint := map[string][]string{
		policy.KeySourceVpce:  {"vpce-1a2b3c4d"},
		policy.KeySourceVpc:   {"vpc-0a1b"},
		policy.KeyVpcSourceIP: {"10.0.1.25"},
	}
	get := policy.Request{Principal: app, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/2026/q1.csv", Context: viaEndpoint}
	fmt.Println(policy.Evaluate(get, ep, bp))

	del := get
	del.Action = "s3:DeleteObject"
	fmt.Println(policy.Evaluate(del, ep, bp))

	overInternet := get
	overInternet.Context = map[string][]string{policy.KeySourceIP: {"203.0.113.7"}}
	fmt.Println(bp.Evaluate(overInternet))
	// Output:
	// statement 1 (AccountReads) of reports bucket policy: Allow: s3:GetObject on arn:aws:s3:::reports/2026/q1.csv
	// no statement of vpce-1a2b3c4d policy allows s3:DeleteObject on arn:aws:s3:::reports/2026/q1.csv: implicit deny; closest is statement 0: action s3:DeleteObject is not in Action [s3:GetObject, s3:PutObject]
	// statement 0 (OnlyThroughVpce) of reports bucket policy: Deny: aws:SourceVpce is absent, so StringNotEquals vpce-1a2b3c4d holds
}
