package sim

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/vpc"
)

// endpointGoldenDir holds the golden explanations of flows through VPC
// endpoints, one file per case (Result.String()); like the files of
// testdata/golden, they are rewritten by
//
//	go test ./sim -run Golden -update
const endpointGoldenDir = "testdata/golden/endpoints"

// updating reports whether the -update flag (declared with the other
// golden files' test) is set.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// endpointGoldenCases are the explained answers worth reading whole: each
// names its fixture, its question and the verdict it must have.
func endpointGoldenCases() []struct {
	name string
	n    func() *Network
	q    Query
	want Verdict
} {
	s3Policy := func() *Network {
		n := withEndpoints()
		n.VPCEndpoints[2].Policy = []byte(`{"Statement": [{"Sid": "ReadLogs", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::app-logs/*"}]}`)
		n.ResourcePolicies = []endpoint.ResourcePolicy{{ID: "bucket-app-logs", Service: "s3", Resource: "arn:aws:s3:::app-logs",
			Policy: []byte(`{"Statement": [{"Sid": "AllowVPCEndpointOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
				"Resource": ["arn:aws:s3:::app-logs", "arn:aws:s3:::app-logs/*"], "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-s3"}}}]}`)}}
		return n
	}
	oneZone := func() *Network {
		n := withPrivateLink()
		n.LoadBalancers[0].Subnets = n.LoadBalancers[0].Subnets[:1]
		return n
	}
	pending := func() *Network {
		n := withPrivateLink()
		n.EndpointConnections = nil
		return n
	}
	call := func(action string) *APICall {
		return &APICall{Principal: policy.Principal{ARN: "arn:aws:iam::111111111111:role/app"}, Action: action, Resource: "arn:aws:s3:::app-logs/2024/x.gz"}
	}
	openSG := func() *Network {
		n := withEndpoints()
		n.SecurityGroups[4].Ingress = []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: pfx("10.0.0.0/16")}} // sg-endpoints
		return n
	}
	partner := Service("com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d")
	return []struct {
		name string
		n    func() *Network
		q    Query
		want Verdict
	}{
		{"lambda-to-secrets-interface-endpoint", withEndpoints, Query{From: ENI("eni-lambda-a"), To: Service("secretsmanager"), Port: 443}, reachable},
		{"lambda-to-s3-gateway-endpoint", withEndpoints, Query{From: ENI("eni-lambda-b"), To: Service("s3"), Port: 443}, reachable},
		{"lambda-to-logs-via-nat-no-endpoint", withEndpoints, Query{From: ENI("eni-lambda-a"), To: Service("logs"), Port: 443}, reachable},
		{"interface-endpoint-udp", openSG, Query{From: SubnetHost("subnet-app-b"), To: Service("ssm"), Protocol: vpc.ProtocolUDP, Port: 443},
			Verdict{Blocked, EndpointProtocol}},
		{"s3-endpoint-policy-allows", s3Policy, Query{From: ENI("eni-lambda-b"), To: Service("s3"), Port: 443, Call: call("s3:GetObject")}, reachable},
		{"s3-endpoint-policy-deny", s3Policy, Query{From: ENI("eni-lambda-b"), To: Service("s3"), Port: 443, Call: call("s3:PutObject")},
			Verdict{Blocked, EndpointPolicyDeny}},
		{"s3-bucket-policy-deny-public-path", s3Policy, Query{From: SubnetHost("subnet-pub-b"), To: Service("s3"), Port: 443, Call: call("s3:GetObject")},
			Verdict{Blocked, ResourcePolicyDeny}},
		{"gateway-endpoint-not-transitive", centralEndpoints, Query{From: ENI("eni-spoke-b"), To: Service("s3"), Port: 443},
			Verdict{Blocked, GatewayEndpointNotTransitive}},
		{"privatelink-to-partner", withPrivateLink, Query{From: ENI("eni-lambda-a"), To: partner, Port: 443}, reachable},
		{"privatelink-az-mismatch", oneZone, Query{From: ENI("eni-lambda-a"), To: partner, Port: 443}, Verdict{Blocked, AZMismatch}},
		{"privatelink-pending-acceptance", pending, Query{From: ENI("eni-lambda-a"), To: partner, Port: 443}, Verdict{Blocked, EndpointNotAvailable}},
	}
}

// TestGoldenEndpoints compares the explained answers of flows through
// endpoints with their golden files.
func TestGoldenEndpoints(t *testing.T) {
	if updating() {
		if err := os.MkdirAll(endpointGoldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	names := map[string]bool{}
	for _, c := range endpointGoldenCases() {
		names[c.name+".txt"] = true
		t.Run(c.name, func(t *testing.T) {
			r, err := mustCompile(t, c.n()).Reach(c.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := (Verdict{r.Status, r.Reason}); got != c.want {
				t.Errorf("%s: %v, want %v", c.q, got, c.want)
			}
			file := filepath.Join(endpointGoldenDir, c.name+".txt")
			if updating() {
				if err := os.WriteFile(file, []byte(r.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./sim -run Golden -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), r.String()); diff != "" {
				t.Errorf("%s differs from %s (-want +got):\n%s", c.q, file, diff)
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join(endpointGoldenDir, "*.txt"))
	for _, f := range files {
		if !names[filepath.Base(f)] {
			t.Errorf("%s belongs to no case; delete it", f)
		}
	}
	if !updating() && len(files) == 0 {
		t.Error("no golden files: run go test ./sim -run Golden -update")
	}
}
