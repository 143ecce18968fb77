package sim

import "testing"

func TestSmokeEndpoints(t *testing.T) {
	m := mustCompile(t, withEndpoints())
	for _, q := range []Query{
		{From: ENI("eni-lambda-a"), To: Service("secretsmanager"), Port: 443},
		{From: ENI("eni-lambda-b"), To: Service("s3"), Port: 443},
		{From: ENI("eni-lambda-b"), To: Service("logs"), Port: 443},
		{From: ENI("eni-lambda-b"), To: DNSName("secretsmanager.us-east-1.amazonaws.com"), Port: 443},
		{From: ENI("eni-lambda-b"), To: DNSName("vpce-ssm.ssm.us-east-1.vpce.amazonaws.com"), Port: 443},
		{From: ENI("eni-lambda-b"), To: Service("s3"), Port: 443, Protocol: 17},
	} {
		r, err := m.Reach(q)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s\nvia %v", r, r.Via())
	}
}
