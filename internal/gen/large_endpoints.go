package gen

import (
	"fmt"
	"strings"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// VPC endpoints for the large networks: what the benchmarks of flows to
// AWS services add to [Large]'s organisation. Every spoke gets
//
//	vpce-007-secrets   interface endpoint to AWS Secrets Manager in the
//	                   app subnets (one interface per AZ), in
//	                   sg-007-endpoints (tcp 443 from the VPC), private
//	                   DNS on, an endpoint policy allowing
//	                   secretsmanager:GetSecretValue to the organisation's
//	                   workload account
//	vpce-007-s3        gateway endpoint to Amazon S3 in the app route
//	                   tables
//
// so that the app tier reaches Secrets Manager through its interface
// endpoint, S3 through its gateway endpoint, and other AWS services (SQS)
// through its NAT gateway.

// LargeEndpointPolicy is the endpoint policy of the spokes' Secrets
// Manager endpoints.
const LargeEndpointPolicy = `{"Version": "2012-10-17", "Statement": [{"Sid": "WorkloadReads", "Effect": "Allow",
	"Principal": {"AWS": "111111111111"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`

// LargeCaller is the caller of the API calls of [LargeEndpointIntents]:
// an application role of the workload account.
var LargeCaller = policy.Principal{ARN: "arn:aws:iam::111111111111:role/app"}

// LargeEndpoints adds the spokes' VPC endpoints (see above) to n, a
// network [Large] generated, and returns n.
func LargeEndpoints(n *sim.Network) *sim.Network {
	yes := true
	for _, v := range n.VPCs {
		t, ok := strings.CutPrefix(v.ID, "vpc-")
		if !ok || v.ID == LargeHubVPC {
			continue
		}
		var subnets, tables []string
		for _, az := range largeAZNames {
			subnets = append(subnets, fmt.Sprintf("subnet-%s-app-%s", t, az))
			tables = append(tables, fmt.Sprintf("rtb-%s-app-%s", t, az))
		}
		n.VPCEndpoints = append(n.VPCEndpoints,
			endpoint.Endpoint{ID: "vpce-" + t + "-secrets", Type: endpoint.Interface, VPC: v.ID,
				ServiceName: endpoint.AWSServiceName(largeRegion, "secretsmanager"), Subnets: subnets,
				SecurityGroups: []string{"sg-" + t + "-endpoints"}, PrivateDNSEnabled: &yes, Policy: []byte(LargeEndpointPolicy)},
			endpoint.Endpoint{ID: "vpce-" + t + "-s3", Type: endpoint.Gateway, VPC: v.ID,
				ServiceName: endpoint.AWSServiceName(largeRegion, "s3"), RouteTables: tables},
		)
	}
	return n
}

// LargeEndpointIntents returns the intended flows of
// LargeEndpoints(Large(cfg)) to AWS services, from the first spoke's app
// tier: Secrets Manager through the interface endpoint (named as a
// service, and at the endpoint's interface), S3 through the gateway
// endpoint, SQS through the NAT gateway, and what the endpoint policy and
// the groups block.
func LargeEndpointIntents(cfg LargeConfig) []LargeIntent {
	a := LargeProbes(cfg)[0]
	t := strings.TrimPrefix(a.VPC, "vpc-")
	call := func(action string) *sim.APICall {
		return &sim.APICall{Principal: LargeCaller, Action: action, Resource: "*"}
	}
	q := func(from string, to sim.Endpoint, c *sim.APICall) sim.Query {
		return sim.Query{From: sim.ENI(from), To: to, Protocol: vpc.ProtocolTCP, Port: LargeHTTPS, Call: c}
	}
	secrets := sim.Service("secretsmanager")
	return []LargeIntent{
		{Name: "app->secretsmanager via interface endpoint", Query: q(a.AppA, secrets, call("secretsmanager:GetSecretValue")), Want: sim.Reachable},
		{Name: "app->secretsmanager endpoint interface", Query: q(a.AppB, sim.ENI(fmt.Sprintf("vpce-%s-secrets/subnet-%s-app-b", t, t)),
			call("secretsmanager:GetSecretValue")), Want: sim.Reachable},
		{Name: "app->s3 via gateway endpoint", Query: q(a.AppA, sim.Service("s3"), nil), Want: sim.Reachable},
		{Name: "app->sqs via nat", Query: q(a.AppB, sim.Service("sqs"), nil), Want: sim.Reachable},
		{Name: "app->secretsmanager write denied by the endpoint policy", Query: q(a.AppA, secrets, call("secretsmanager:PutSecretValue")),
			Want: sim.Blocked, Reason: sim.EndpointPolicyDeny},
		{Name: "db->secretsmanager", Query: q(a.DBA, secrets, call("secretsmanager:GetSecretValue")), Want: sim.Blocked, Reason: sim.SGEgress},
	}
}
