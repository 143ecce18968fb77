package sim

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/vpc"
)

// epCase is one question to a network with endpoints and what the answer
// must be: the verdict, the components the path crosses (Result.Via), the
// component that blocks, and text the block's rule must contain.
type epCase struct {
	name   string
	q      Query
	want   Verdict
	via    []string // nil: not checked
	at     string   // the blocking component, "" when not checked
	inRule string   // text the block's rule contains
}

// runEP answers every case on the network and checks it.
func runEP(t *testing.T, n *Network, cases []epCase) {
	t.Helper()
	m := mustCompile(t, n)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := m.Reach(tc.q)
			if err != nil {
				t.Fatalf("Reach(%s): %v", tc.q, err)
			}
			if got := (Verdict{r.Status, r.Reason}); got != tc.want {
				t.Fatalf("%s: got %v, want %v\n%s", tc.q, got, tc.want, r)
			}
			if v, err := m.Verdict(tc.q); err != nil || v != tc.want {
				t.Errorf("Verdict(%s) = %v, %v; want %v", tc.q, v, err, tc.want)
			}
			if tc.via != nil {
				if diff := cmp.Diff(tc.via, r.Via()); diff != "" {
					t.Errorf("%s: Via (-want +got):\n%s\n%s", tc.q, diff, r)
				}
			}
			if tc.at != "" && (r.Block == nil || r.Block.Component != tc.at) {
				t.Errorf("%s: blocked at %+v, want at %s", tc.q, r.Block, tc.at)
			}
			if tc.inRule != "" && (r.Block == nil || !strings.Contains(r.Block.Rule, tc.inRule)) {
				t.Errorf("%s: block %+v does not say %q", tc.q, r.Block, tc.inRule)
			}
		})
	}
}

var (
	reachable = Verdict{Reachable, NoReason}
	s3Name    = endpoint.AWSServiceName("us-east-1", "s3")
)

// s3PrefixList is the AWS-managed prefix list of Amazon S3 in us-east-1
// (two of its real entries), declared so that rules can name it.
func s3PrefixList() vpc.PrefixList {
	return vpc.PrefixList{ID: "pl-63a5400a", Name: s3Name, AWSManaged: true,
		Entries: []netip.Prefix{pfx("52.216.0.0/15"), pfx("3.5.0.0/19")}}
}

// TestGatewayEndpointFacts pins gateway endpoints (AWS PrivateLink Guide,
// "Gateway endpoints" and "Gateway endpoints for Amazon S3"): the
// endpoint adds a route from its service's prefix list to each route
// table it lists, which the longest prefix match prefers to the default
// route; the endpoint has no security group, so the client's egress rules
// apply, and network ACLs see the service's CIDRs both ways; it carries
// only traffic from inside its VPC. The protocols it takes (TCP and ICMP
// echo) follow Reachability Analyzer's explanation code
// VPCE_GATEWAY_PROTOCOL_RESTRICTION.
func TestGatewayEndpointFacts(t *testing.T) {
	pending := withEndpoints()
	pending.VPCEndpoints[2].State = endpoint.Pending
	runEP(t, withEndpoints(), []epCase{
		{name: "listed table: the prefix-list route beats 0.0.0.0/0", q: Query{From: ENI("eni-lambda-b"), To: Service("s3"), Port: 443},
			want: reachable, via: []string{"vpce-s3"}},
		{name: "full service name", q: Query{From: ENI("eni-app-a"), To: Service(s3Name), Port: 443}, want: reachable, via: []string{"vpce-s3"}},
		{name: "by DNS name, a bucket's virtual-hosted name", q: Query{From: ENI("eni-app-a"), To: DNSName("logs.s3.us-east-1.amazonaws.com"), Port: 443},
			want: reachable, via: []string{"vpce-s3"}},
		{name: "the endpoint has no security group: the client's egress applies", q: Query{From: ENI("eni-db-a"), To: Service("s3"), Port: 443},
			want: Verdict{Blocked, SGEgress}, at: "eni-db-a"},
		{name: "network ACLs see the service's CIDRs", q: Query{From: SubnetHost("subnet-db-a"), To: Service("s3"), Port: 443},
			want: Verdict{Blocked, NACLOutbound}, at: "subnet-db-a"},
		{name: "subnet of an unlisted table: the internet gateway", q: Query{From: SubnetHost("subnet-pub-a"), To: Service("s3"), Port: 443},
			want: reachable, via: []string{"igw-main"}},
		{name: "ICMP echo passes", q: Query{From: SubnetHost("subnet-app-a"), To: Service("s3"), Protocol: vpc.ProtocolICMP},
			want: reachable, via: []string{"vpce-s3"}},
		{name: "UDP does not", q: Query{From: SubnetHost("subnet-app-a"), To: Service("s3"), Protocol: vpc.ProtocolUDP, Port: 443},
			want: Verdict{Blocked, EndpointProtocol}, at: "vpce-s3"},
	})
	runEP(t, pending, []epCase{
		{name: "only an available endpoint carries traffic", q: Query{From: ENI("eni-lambda-b"), To: Service("s3"), Port: 443},
			want: Verdict{Blocked, EndpointNotAvailable}, at: "vpce-s3", inRule: "pending"},
	})

	// Security group rules may name the service's prefix list (declared:
	// AWS-managed lists are named com.amazonaws.<region>.<service>); it
	// gives the service its addresses.
	withPL := withEndpoints()
	withPL.PrefixLists = append(withPL.PrefixLists, s3PrefixList())
	withPL.SecurityGroups[3].Egress = []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), PrefixList: "pl-63a5400a"}} // sg-lambda
	runEP(t, withPL, []epCase{
		{name: "egress to the prefix list", q: Query{From: ENI("eni-lambda-a"), To: Service("s3"), Port: 443}, want: reachable, via: []string{"vpce-s3"}},
		{name: "an S3 address of the prefix list", q: Query{From: ENI("eni-lambda-a"), To: Address(addr("3.5.0.10")), Port: 443}, want: reachable, via: []string{"vpce-s3"}},
		{name: "egress to the prefix list does not cover CloudWatch Logs", q: Query{From: ENI("eni-lambda-a"), To: Service("logs"), Port: 443},
			want: Verdict{Blocked, SGEgress}},
	})
	m := mustCompile(t, withPL)
	r, err := m.Reach(Query{From: ENI("eni-lambda-a"), To: Service("s3"), Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	if d := r.Path[len(r.Path)-1].Packet.Dst; !pfx("52.216.0.0/15").Contains(d) && !pfx("3.5.0.0/19").Contains(d) {
		t.Errorf("S3 reached at %s, not an address of its declared prefix list", d)
	}
	if !slices.ContainsFunc(r.Path, func(h Hop) bool { return h.Step == StepRoute && strings.Contains(h.Rule, "pl-63a5400a") }) {
		t.Errorf("the route is not the declared prefix list's:\n%s", r)
	}

	// The reply passes the client subnet's network ACL inbound from the
	// service's CIDRs.
	acl := withEndpoints()
	acl.NetworkACLs = append(acl.NetworkACLs, vpc.NetworkACL{ID: "acl-app", VPC: "vpc-main", Subnets: []string{"subnet-app-a", "subnet-app-b"},
		Inbound:  []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, CIDR: pfx("10.0.0.0/16"), Ports: vpc.Ports(1024, 65535)}},
		Outbound: []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, CIDR: pfx("0.0.0.0/0"), Ports: vpc.Port(443)}}})
	runEP(t, acl, []epCase{
		{name: "the reply meets the client's ACL inbound from the service's CIDR", q: Query{From: ENI("eni-lambda-a"), To: Service("s3"), Port: 443},
			want: Verdict{ReplyBlocked, NACLInbound}, at: "subnet-app-a"},
	})
}

// centralEndpoints is hubSpoke with the shared endpoints of the hub: an S3
// gateway endpoint in the hub's main table and an STS interface endpoint
// (private DNS off) in its subnets; spoke-b sends everything to the
// transit gateway, which sends what it has no route for to the hub.
func centralEndpoints() *Network {
	n := hubSpoke()
	off := false
	n.VPCs[0].EnableDNSHostnames = true
	n.RouteTables[2].Routes = append(n.RouteTables[2].Routes, vpc.Route{Destination: pfx("0.0.0.0/0"), Target: vpc.ToTransitGateway("tgw-1")})
	n.TransitGatewayRouteTables[0].Routes = []vpc.TGWRoute{{Destination: pfx("0.0.0.0/0"), Attachment: "att-hub"}}
	n.VPCEndpoints = []endpoint.Endpoint{
		{ID: "vpce-hub-s3", VPC: "hub", ServiceName: s3Name, RouteTables: []string{"rtb-hub"}},
		{ID: "vpce-hub-sts", Type: endpoint.Interface, VPC: "hub", ServiceName: endpoint.AWSServiceName("us-east-1", "sts"),
			Subnets: []string{"hub-us-east-1a", "hub-us-east-1b"}, SecurityGroups: []string{"sg-hub"}, PrivateDNSEnabled: &off},
	}
	return n
}

// TestEndpointsAcrossVPCs pins what other VPCs may use: gateway endpoints
// serve their own VPC only (AWS PrivateLink Guide, "Gateway endpoints":
// endpoint connections cannot be extended out of a VPC, so resources across
// a peering connection, a transit gateway or a VPN cannot use them), while
// an interface endpoint's interfaces are ordinary addresses of its VPC that
// anything routed to them reaches (AWS PrivateLink Guide, "Access an AWS
// service using an interface VPC endpoint"; Amazon S3 User Guide, "AWS
// PrivateLink for Amazon S3": on-premises and peered clients use the
// endpoint-specific DNS names).
func TestEndpointsAcrossVPCs(t *testing.T) {
	runEP(t, centralEndpoints(), []epCase{
		{name: "hub: its own gateway endpoint", q: Query{From: ENI("eni-hub"), To: Service("s3"), Port: 443}, want: reachable, via: []string{"vpce-hub-s3"}},
		{name: "spoke across the transit gateway: not transitive", q: Query{From: ENI("eni-spoke-b"), To: Service("s3"), Port: 443},
			want: Verdict{Blocked, GatewayEndpointNotTransitive}, at: "vpce-hub-s3", inRule: "inside its VPC"},
		{name: "spoke to the interface endpoint's address", q: Query{From: ENI("eni-spoke-b"), To: ENI("vpce-hub-sts/hub-us-east-1b"), Port: 443},
			want: reachable, via: []string{"tgw-1", "vpce-hub-sts"}},
		{name: "spoke by the endpoint's own DNS name (its zone's interface)", q: Query{From: ENI("eni-spoke-b"), To: DNSName("vpce-hub-sts.sts.us-east-1.vpce.amazonaws.com"), Port: 443},
			want: reachable, via: []string{"tgw-1", "vpce-hub-sts"}},
		{name: "peered spoke by the zonal name", q: Query{From: ENI("eni-spoke-a"), To: DNSName("vpce-hub-sts-us-east-1a.sts.us-east-1.vpce.amazonaws.com"), Port: 443},
			want: reachable, via: []string{"pcx-hub-a", "vpce-hub-sts"}},
		{name: "spoke by the service's name: public addresses, no internet in the hub", q: Query{From: ENI("eni-spoke-b"), To: Service("sts"), Port: 443},
			want: Verdict{Blocked, NoRoute}},
	})
	m := mustCompile(t, centralEndpoints())
	r, err := m.Reach(Query{From: ENI("eni-spoke-b"), To: DNSName("vpce-hub-sts.sts.us-east-1.vpce.amazonaws.com"), Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Path[len(r.Path)-1].Component; got != "com.amazonaws.us-east-1.sts" {
		t.Errorf("delivered to %s\n%s", got, r)
	}
	if !slices.ContainsFunc(r.Path, func(h Hop) bool { return h.Component == "vpce-hub-sts/hub-us-east-1b" }) {
		t.Errorf("spoke-b (us-east-1b) does not take the endpoint's us-east-1b interface:\n%s", r)
	}
}

// TestInterfaceEndpointFacts pins interface endpoints (AWS PrivateLink
// Guide, "Access an AWS service using an interface VPC endpoint"): one
// interface per subnet, with the endpoint's security groups (the VPC's
// default group when none is given), which filter clients inbound; private
// DNS answers the service's default DNS name with the interfaces, inside
// the VPC only; without it the name resolves to public addresses and
// traffic takes the NAT gateway. Interface endpoints carry TCP only (older
// PrivateLink Guide text, "Interface VPC endpoints": IPv4 TCP traffic
// only); they do not answer ping ("ICMP" is not supported).
func TestInterfaceEndpointFacts(t *testing.T) {
	off := false
	noDNS := withEndpoints()
	noDNS.VPCEndpoints[0].PrivateDNSEnabled = &off
	defaultSG := withEndpoints()
	defaultSG.VPCEndpoints[0].SecurityGroups = nil
	openSG := withEndpoints()
	openSG.SecurityGroups[4].Ingress = []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: pfx("10.0.0.0/16")}} // sg-endpoints
	openSG.VPCEndpoints[1].State = endpoint.Rejected
	runEP(t, withEndpoints(), []epCase{
		{name: "private DNS: the interface in the client's zone (a)", q: Query{From: ENI("eni-lambda-a"), To: Service("secretsmanager"), Port: 443},
			want: reachable, via: []string{"vpce-secrets"}},
		{name: "the endpoint's security group admits only 443", q: Query{From: ENI("eni-lambda-a"), To: Service("secretsmanager"), Port: 8443},
			want: Verdict{Blocked, SGEgress}, at: "eni-lambda-a"},
		{name: "no endpoint for CloudWatch Logs: the NAT gateway", q: Query{From: ENI("eni-lambda-a"), To: Service("logs"), Port: 443},
			want: reachable, via: []string{"nat-a", "igw-main"}},
		{name: "by address", q: Query{From: ENI("eni-app-b"), To: ENI("vpce-ssm/subnet-app-a"), Port: 443}, want: reachable, via: []string{"vpce-ssm"}},
	})
	runEP(t, noDNS, []epCase{
		{name: "private DNS off: the public name, through the NAT gateway", q: Query{From: ENI("eni-lambda-a"), To: Service("secretsmanager"), Port: 443},
			want: reachable, via: []string{"nat-a", "igw-main"}},
		{name: "private DNS off: the endpoint's own name still resolves", q: Query{From: ENI("eni-lambda-a"), To: DNSName("vpce-secrets.secretsmanager.us-east-1.vpce.amazonaws.com"), Port: 443},
			want: reachable, via: []string{"vpce-secrets"}},
	})
	runEP(t, defaultSG, []epCase{
		{name: "no security group given: the VPC's default group, which admits only its members", q: Query{From: ENI("eni-lambda-a"), To: Service("secretsmanager"), Port: 443},
			want: Verdict{Blocked, SGIngress}, at: "vpce-secrets/subnet-app-a"},
	})
	runEP(t, openSG, []epCase{
		{name: "UDP", q: Query{From: SubnetHost("subnet-app-a"), To: Service("secretsmanager"), Protocol: vpc.ProtocolUDP, Port: 443},
			want: Verdict{Blocked, EndpointProtocol}, at: "vpce-secrets"},
		{name: "ping", q: Query{From: SubnetHost("subnet-app-a"), To: Service("secretsmanager"), Protocol: vpc.ProtocolICMP},
			want: Verdict{Blocked, EndpointProtocol}, at: "vpce-secrets"},
		{name: "a rejected endpoint carries nothing", q: Query{From: SubnetHost("subnet-app-a"), To: Service("ssm"), Port: 443},
			want: Verdict{Blocked, EndpointNotAvailable}, at: "vpce-ssm", inRule: "rejected"},
	})

	m := mustCompile(t, withEndpoints())
	for from, want := range map[string]string{"eni-lambda-a": "vpce-secrets/subnet-app-a", "eni-lambda-b": "vpce-secrets/subnet-app-b"} {
		r, err := m.Reach(Query{From: ENI(from), To: Service("secretsmanager"), Port: 443})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(r.Path, func(h Hop) bool { return h.Component == want && h.Step == StepSGIngress }) {
			t.Errorf("%s does not reach %s, its zone's interface:\n%s", from, want, r)
		}
	}
	if _, err := m.Reach(Query{From: ENI("vpce-ssm/subnet-app-a"), To: ENI("eni-app-a"), Port: 443}); err == nil || !strings.Contains(err.Error(), "opens none") {
		t.Errorf("an endpoint's interface as source: %v, want an error", err)
	}
	info, ok := m.Interface("vpce-ssm/subnet-app-b")
	if !ok || info.Kind != vpc.KindVPCEndpoint || info.Owner != "vpce-ssm" || !slices.Equal(info.SecurityGroups, []string{"sg-endpoints"}) {
		t.Errorf("Interface(vpce-ssm/subnet-app-b) = %+v, %v", info, ok)
	}
}

// TestEndpointDNSOptions pins two DNS settings: DynamoDB interface
// endpoints answer no private DNS name (Amazon DynamoDB Developer Guide,
// "AWS PrivateLink for DynamoDB": clients use the endpoint-specific DNS
// names), and an S3 interface endpoint whose private DNS answers only
// queries from a Resolver inbound endpoint leaves the VPC's clients on the
// gateway endpoint (AWS PrivateLink Guide, "Access an AWS service using an
// interface VPC endpoint", DNS options).
func TestEndpointDNSOptions(t *testing.T) {
	n := withEndpoints()
	n.VPCEndpoints = append(n.VPCEndpoints,
		endpoint.Endpoint{ID: "vpce-ddb", Type: endpoint.Interface, VPC: "vpc-main", ServiceName: endpoint.AWSServiceName("us-east-1", "dynamodb"),
			Subnets: []string{"subnet-app-a"}, SecurityGroups: []string{"sg-endpoints"}},
		endpoint.Endpoint{ID: "vpce-s3-if", Type: endpoint.Interface, VPC: "vpc-main", ServiceName: s3Name,
			Subnets: []string{"subnet-app-a"}, SecurityGroups: []string{"sg-endpoints"}, DNSOptions: endpoint.DNSOptions{PrivateDNSOnlyForInboundResolver: true}},
	)
	runEP(t, n, []epCase{
		{name: "DynamoDB: no private DNS, the public name", q: Query{From: ENI("eni-lambda-a"), To: Service("dynamodb"), Port: 443},
			want: reachable, via: []string{"nat-a", "igw-main"}},
		{name: "DynamoDB by the endpoint's own name", q: Query{From: ENI("eni-lambda-a"), To: DNSName("vpce-ddb.dynamodb.us-east-1.vpce.amazonaws.com"), Port: 443},
			want: reachable, via: []string{"vpce-ddb"}},
		{name: "S3: private DNS for the inbound Resolver only, the gateway endpoint", q: Query{From: ENI("eni-lambda-a"), To: Service("s3"), Port: 443},
			want: reachable, via: []string{"vpce-s3"}},
	})
}

// s3Call is a request for an object of bucket app-logs by the app's role.
func s3Call(action string) *APICall {
	return &APICall{Principal: policy.Principal{ARN: "arn:aws:iam::111111111111:role/app"}, Action: action, Resource: "arn:aws:s3:::app-logs/2024/x.gz"}
}

// TestEndpointPolicies pins endpoint and resource policies: an endpoint
// policy decides what the endpoint lets through, and does not replace the
// bucket policy (AWS PrivateLink Guide, "Control access to VPC endpoints
// using endpoint policies"); a bucket policy can require the endpoint
// (aws:SourceVpce), which only requests through an endpoint carry, as the
// seed guide's bucket policy does (Amazon S3 User Guide, "Controlling
// access from VPC endpoints with bucket policies"); requests through an
// endpoint carry no aws:SourceIp but aws:VpcSourceIp (IAM User Guide,
// "AWS global condition context keys"); an explicit deny wins; a caller
// of another account needs the resource policy to allow it (IAM User
// Guide, "Cross-account policy evaluation logic").
func TestEndpointPolicies(t *testing.T) {
	n := withEndpoints()
	n.VPCEndpoints[2].Policy = []byte(`{"Statement": [
		{"Sid": "ReadLogs", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::app-logs/*"},
		{"Sid": "NoSecrets", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::app-logs/secrets/*"}]}`)
	n.ResourcePolicies = []endpoint.ResourcePolicy{{ID: "bucket-app-logs", Service: "s3", Resource: "arn:aws:s3:::app-logs",
		Policy: []byte(`{"Version": "2012-10-17", "Statement": [{"Sid": "AllowVPCEndpointOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
			"Resource": ["arn:aws:s3:::app-logs", "arn:aws:s3:::app-logs/*"], "Condition": {"StringNotEquals": {"aws:sourceVpce": "vpce-s3"}}}]}`)}}
	secret := s3Call("s3:GetObject")
	secret.Resource = "arn:aws:s3:::app-logs/secrets/key"
	runEP(t, n, []epCase{
		{name: "allowed by both", q: Query{From: ENI("eni-lambda-a"), To: Service("s3"), Port: 443, Call: s3Call("s3:GetObject")}, want: reachable, via: []string{"vpce-s3"}},
		{name: "the endpoint policy allows no PutObject", q: Query{From: ENI("eni-lambda-a"), To: Service("s3"), Port: 443, Call: s3Call("s3:PutObject")},
			want: Verdict{Blocked, EndpointPolicyDeny}, at: "vpce-s3", inRule: "closest is statement 0 (ReadLogs)"},
		{name: "explicit deny wins over the allow", q: Query{From: ENI("eni-lambda-a"), To: Service("s3"), Port: 443, Call: secret},
			want: Verdict{Blocked, EndpointPolicyDeny}, at: "vpce-s3", inRule: "statement 1 (NoSecrets) of endpoint policy of vpce-s3: Deny"},
		{name: "the bucket requires the endpoint: the public path is denied", q: Query{From: SubnetHost("subnet-pub-a"), To: Service("s3"), Port: 443, Call: s3Call("s3:GetObject")},
			want: Verdict{Blocked, ResourcePolicyDeny}, at: s3Name, inRule: "AllowVPCEndpointOnly"},
	})

	// aws:SourceIp only outside endpoints; aws:VpcSourceIp only through them.
	n = withEndpoints()
	n.ResourcePolicies = []endpoint.ResourcePolicy{{ID: "bucket-ip", Service: "s3", Resource: "arn:aws:s3:::app-logs",
		Policy: []byte(`{"Statement": [{"Sid": "OfficeAndNAT", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::app-logs/*",
			"Condition": {"NotIpAddress": {"aws:SourceIp": "52.0.0.0/24"}}}]}`)},
		{ID: "secret-app", Service: "secretsmanager", Resource: "arn:aws:secretsmanager:us-east-1:111111111111:secret:db",
			Policy: []byte(`{"Statement": [{"Sid": "AppSubnetA", "Effect": "Deny", "Principal": "*", "Action": "secretsmanager:*", "Resource": "*",
			"Condition": {"NotIpAddress": {"aws:VpcSourceIp": "10.0.10.0/24"}}}]}`)}}
	secretCall := &APICall{Principal: policy.Principal{Account: "111111111111"}, Action: "secretsmanager:GetSecretValue",
		Resource: "arn:aws:secretsmanager:us-east-1:111111111111:secret:db"}
	noEndpoint := n.Clone()
	noEndpoint.VPCEndpoints = noEndpoint.VPCEndpoints[:2]
	runEP(t, n, []epCase{
		{name: "through the endpoint aws:SourceIp is absent: NotIpAddress denies", q: Query{From: ENI("eni-lambda-a"), To: Service("s3"), Port: 443, Call: s3Call("s3:GetObject")},
			want: Verdict{Blocked, ResourcePolicyDeny}, at: s3Name, inRule: "aws:SourceIp"},
		{name: "aws:VpcSourceIp in subnet a", q: Query{From: ENI("eni-lambda-a"), To: Service("secretsmanager"), Port: 443, Call: secretCall}, want: reachable},
		{name: "aws:VpcSourceIp in subnet b", q: Query{From: ENI("eni-lambda-b"), To: Service("secretsmanager"), Port: 443, Call: secretCall},
			want: Verdict{Blocked, ResourcePolicyDeny}, inRule: "10.0.11."},
	})
	runEP(t, noEndpoint, []epCase{
		{name: "through the NAT gateway the bucket sees its Elastic IP", q: Query{From: ENI("eni-lambda-a"), To: Service("s3"), Port: 443, Call: s3Call("s3:GetObject")},
			want: reachable, via: []string{"nat-a", "igw-main"}},
	})

	// Cross-account: the resource policy must allow a caller of another
	// account; the owner's own callers are decided by their identity
	// policies, which vpcsim does not model.
	n = withEndpoints()
	n.ResourcePolicies = []endpoint.ResourcePolicy{{ID: "bucket-shared", Service: "s3", Resource: "arn:aws:s3:::shared", Account: "999999999999",
		Policy: []byte(`{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared/*"}]}`)}}
	call := func(account string) *APICall {
		return &APICall{Principal: policy.Principal{Account: account}, Action: "s3:GetObject", Resource: "arn:aws:s3:::shared/x"}
	}
	runEP(t, n, []epCase{
		{name: "another account, not allowed", q: Query{From: ENI("eni-lambda-a"), To: Service("s3"), Port: 443, Call: call("111111111111")},
			want: Verdict{Blocked, ResourcePolicyDeny}, inRule: "not of the resource's account 999999999999"},
		{name: "another account, allowed", q: Query{From: ENI("eni-lambda-a"), To: Service("s3"), Port: 443, Call: call("222222222222")}, want: reachable},
		{name: "the owner's account", q: Query{From: ENI("eni-lambda-a"), To: Service("s3"), Port: 443, Call: call("999999999999")}, want: reachable},
	})
}

// TestEndpointPolicyNeedsCall pins the error for a query that gives no
// API call where a policy guards the destination, and that network-level
// analyses leave policies out.
func TestEndpointPolicyNeedsCall(t *testing.T) {
	n := withEndpoints()
	n.VPCEndpoints[0].Policy = []byte(`{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`)
	m := mustCompile(t, n)
	for _, to := range []Endpoint{Service("secretsmanager"), ENI("vpce-secrets/subnet-app-a"), DNSName("secretsmanager.us-east-1.amazonaws.com")} {
		_, err := m.Reach(Query{From: ENI("eni-lambda-a"), To: to, Port: 443})
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "call" || !strings.Contains(fe.Msg, "endpoint policy of vpce-secrets") || !strings.Contains(fe.Msg, "Query.Call") {
			t.Errorf("to %s without a call: %v, want a call error naming the endpoint policy", to, err)
		}
	}
	if _, err := m.Reach(Query{From: ENI("eni-lambda-a"), To: Service("ssm"), Port: 443}); err != nil {
		t.Errorf("an unguarded service needs no call: %v", err)
	}
	if _, err := m.Reach(Query{From: ENI("eni-lambda-a"), To: Service("secretsmanager"), Port: 443, Call: &APICall{Action: "GetSecretValue", Resource: "*"}}); err == nil {
		t.Error("a malformed call (no principal, no service in the action) is accepted")
	}
	mx, err := m.Matrix(Selection{ENIs: []string{"eni-lambda-a", "vpce-secrets/subnet-app-a"}})
	if err != nil {
		t.Fatalf("Matrix with a guarded endpoint: %v", err)
	}
	if len(mx.Cells) != 1 || mx.Groups[mx.Cells[0].From].Members[0] != "eni-lambda-a" || mx.Cells[0].Open[0].String() != "tcp 443" {
		t.Errorf("Matrix:\n%s", mx)
	}
	if _, err := m.Exposure(); err != nil {
		t.Errorf("Exposure with a guarded endpoint: %v", err)
	}
}

// TestPrivateLinkFacts pins AWS PrivateLink to an endpoint service (AWS
// PrivateLink Guide, "Share your services through AWS PrivateLink" and
// "Accept or reject connection requests"): connection requests wait for
// the provider's acceptance unless the service accepts them
// automatically; consumers are served only in the Availability Zones the
// provider's load balancer has, compared by AZ ID (AWS PrivateLink Guide,
// "Subnets and Availability Zones"); the provider's targets see the
// Network Load Balancer's private address whatever client IP preservation
// says, and the load balancer's security groups, when it enforces them on
// PrivateLink traffic, see the client's private address (Elastic Load
// Balancing, "Security groups for your Network Load Balancer" and "Edit
// target group attributes"); the two VPCs may overlap, PrivateLink does
// not route between them.
func TestPrivateLinkFacts(t *testing.T) {
	n := withPrivateLink()
	open := withPrivateLink()
	allTCP := []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.AllPorts, CIDR: pfx("10.0.0.0/16")}}
	open.SecurityGroups[4].Ingress = allTCP // sg-endpoints
	open.SecurityGroups[5].Ingress = allTCP // sg-nlb
	open.SecurityGroups[6].Egress = allTCP  // sg-svc
	runEP(t, open, []epCase{
		{name: "no listener on 80", q: Query{From: SubnetHost("subnet-app-a"), To: Service("com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d"), Port: 80},
			want: Verdict{Blocked, NoListener}, at: "nlb-prov"},
		{name: "the provider cannot open connections into the consumer", q: Query{From: ENI("eni-svc-a"), To: ENI("vpce-partner/subnet-app-a"), Port: 443},
			want: Verdict{Blocked, UnknownDestination}, at: "vpc-prov"},
	})
	runEP(t, n, []epCase{
		{name: "reachable through the endpoint service", q: Query{From: ENI("eni-lambda-a"), To: Service("com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d"), Port: 443},
			want: reachable, via: []string{"vpce-partner"}},
		{name: "by its verified private DNS name", q: Query{From: ENI("eni-lambda-b"), To: DNSName("API.partner.example.com."), Port: 443}, want: reachable},
	})
	m := mustCompile(t, n)
	r, err := m.Reach(Query{From: ENI("eni-lambda-a"), To: Service("com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d"), Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	if r.Proxy == nil || len(r.Proxy.Branches) != 1 || r.Proxy.Branches[0].Leg == nil || r.Proxy.Branches[0].Leg.Proxy == nil {
		t.Fatalf("no PrivateLink leg into the load balancer:\n%s", r)
	}
	leg := r.Proxy.Branches[0].Leg
	// The consumer's subnet-app-a is use1-az1, which the provider calls
	// us-east-1b: the node of subnet-prov-b, not of us-east-1a.
	if r.Proxy.Branches[0].Target != "nlb-prov/subnet-prov-b" {
		t.Errorf("the endpoint in use1-az1 hands to %s, want the provider's use1-az1 node nlb-prov/subnet-prov-b", r.Proxy.Branches[0].Target)
	}
	lambda, _ := m.Interface("eni-lambda-a")
	node, _ := m.Interface("nlb-prov/subnet-prov-b")
	if sg := factHop(leg.Path, StepSGIngress); sg == nil || sg.Packet.Src != lambda.PrivateIPs[0] {
		t.Errorf("the load balancer's security group does not see the client's address %s:\n%s", lambda.PrivateIPs[0], leg)
	}
	tgt := leg.Proxy.Branches[0].Leg
	if tgt == nil || tgt.Path[0].Packet.Src != node.PrivateIPs[0] || !strings.Contains(leg.Proxy.Steps[1].Rule, "no effect on PrivateLink") {
		t.Errorf("the target does not see the node's address %s although client IP preservation is on:\n%s", node.PrivateIPs[0], leg)
	}

	// Acceptance: a service that requires it and a connection nobody
	// accepted; a rejected connection; a service that accepts all.
	pending := withPrivateLink()
	pending.EndpointConnections = nil
	rejected := withPrivateLink()
	rejected.EndpointConnections[0].State = endpoint.Rejected
	auto := withPrivateLink()
	auto.EndpointConnections = nil
	no := false
	auto.EndpointServices[0].AcceptanceRequired = &no
	q := Query{From: ENI("eni-lambda-a"), To: ENI("vpce-partner/subnet-app-a"), Port: 443}
	runEP(t, pending, []epCase{{name: "not accepted", q: q, want: Verdict{Blocked, EndpointNotAvailable}, at: "vpce-partner", inRule: "pendingAcceptance"}})
	runEP(t, rejected, []epCase{{name: "rejected", q: q, want: Verdict{Blocked, EndpointNotAvailable}, inRule: "rejected"}})
	runEP(t, auto, []epCase{{name: "accepted automatically", q: q, want: reachable}})

	// Zones: the provider's load balancer in use1-az2 only.
	oneZone := withPrivateLink()
	oneZone.LoadBalancers[0].Subnets = oneZone.LoadBalancers[0].Subnets[:1] // subnet-prov-a, use1-az2
	runEP(t, oneZone, []epCase{
		{name: "use1-az1: the service is not there", q: Query{From: ENI("eni-lambda-a"), To: DNSName("api.partner.example.com"), Port: 443},
			want: Verdict{Blocked, AZMismatch}, at: "vpce-partner", inRule: "use1-az2"},
		{name: "use1-az2", q: Query{From: ENI("eni-lambda-b"), To: DNSName("api.partner.example.com"), Port: 443}, want: reachable},
	})

	// The load balancer's inbound rules on PrivateLink traffic.
	strict := withPrivateLink()
	strict.SecurityGroups[5].Ingress[0].CIDR = pfx("192.168.0.0/16") // sg-nlb
	lenient := strict.Clone()
	off := false
	lenient.LoadBalancers[0].EnforceInboundRulesOnPrivateLink = &off
	runEP(t, strict, []epCase{{name: "enforced: the client's address is not admitted", q: q, want: Verdict{Blocked, SGIngress}, at: "nlb-prov/subnet-prov-b"}})
	runEP(t, lenient, []epCase{{name: "not enforced", q: q, want: reachable}})

	// Without an endpoint in the source's VPC, the private DNS name does
	// not resolve there.
	other := withPrivateLink()
	other.VPCEndpoints = other.VPCEndpoints[:3]
	other.EndpointConnections = nil
	runEP(t, other, []epCase{{name: "no endpoint in the VPC", q: Query{From: ENI("eni-lambda-a"), To: Service("com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d"), Port: 443},
		want: Verdict{Blocked, UnknownDestination}, inRule: "only through an interface endpoint"}})
	if _, err := mustCompile(t, other).Reach(Query{From: ENI("eni-lambda-a"), To: DNSName("api.partner.example.com"), Port: 443}); err != nil {
		t.Errorf("a private DNS name with no endpoint: %v, want a blocked answer", err)
	}
}

// factHop returns the first hop of path at step, or nil.
func factHop(path []Hop, step Step) *Hop {
	for i := range path {
		if path[i].Step == step {
			return &path[i]
		}
	}
	return nil
}

// TestServiceAddresses pins how vpcsim gives AWS services addresses: the
// placeholders of 198.18.0.0/16, which the internet search never takes for
// internet hosts, and which a query can name; and how it resolves service
// names.
func TestServiceAddresses(t *testing.T) {
	m := mustCompile(t, withEndpoints())
	r, err := m.Reach(Query{From: ENI("eni-lambda-a"), To: Service("logs"), Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	logs := r.Path[len(r.Path)-1].Packet.Dst
	if !servicePool.Contains(logs) || m.IsInternetHost(logs) {
		t.Errorf("CloudWatch Logs at %s: want a placeholder of %s that is no internet host", logs, servicePool)
	}
	if _, err := m.Reach(Query{From: ENI("eni-lambda-a"), To: InternetAddress(logs), Port: 443}); err == nil {
		t.Errorf("InternetAddress(%s) accepted: a service's address is no internet host", logs)
	}
	r2, err := m.Reach(Query{From: ENI("eni-lambda-a"), To: Address(logs), Port: 443})
	if err != nil || !r2.Allowed() || r2.Path[len(r2.Path)-1].Kind != KindAWSService {
		t.Errorf("Address(%s): %v\n%s", logs, err, r2)
	}
	for _, tc := range []struct {
		to    Endpoint
		field string
	}{
		{Service("no-such-service"), "to.service"},
		{Service("com.amazonaws.eu-west-3.sqs"), "to.service"},
		{Service("com.amazonaws.s3"), "to.service"},
		{DNSName("example.com"), "to.dnsName"},
		{Endpoint{Service: "s3", Addr: addr("10.0.0.1")}, "to"},
	} {
		_, err := m.Reach(Query{From: ENI("eni-lambda-a"), To: tc.to, Port: 443})
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("to %+v: %v, want an error on %s", tc.to, err, tc.field)
		}
	}
	if _, err := m.Reach(Query{From: Service("s3"), To: ENI("eni-app-a"), Port: 443}); err == nil {
		t.Error("a service as source accepted")
	}
	if _, err := m.Reach(Query{From: Internet(), To: Service("s3"), Port: 443}); err == nil {
		t.Error("the internet to a service accepted: both ends are outside the network")
	}
	if _, err := m.Reach(Query{From: ENI("eni-lambda-a"), To: Service("s3"), Port: 443, IPv6: true}); err == nil {
		t.Error("IPv6 to a service without an endpoint accepted")
	}
	// The internet search skips the services' addresses: the first
	// internet host of a default route is unchanged by them.
	r3, err := m.Reach(Query{From: ENI("eni-app-a"), To: Internet(), Port: 443})
	if err != nil || !r3.Allowed() || m.serviceAt(r3.Path[len(r3.Path)-1].Packet.Dst) != noAWS {
		t.Errorf("Internet(): %v\n%s", err, r3)
	}
}

// TestEndpointAnalyses runs the access analyses over endpoints:
// WhoCanReach a service, Exposure (endpoint interfaces are never exposed
// without a public address), the matrix (an endpoint's interface opens
// nothing), and the pictures.
func TestEndpointAnalyses(t *testing.T) {
	m := mustCompile(t, withPrivateLink())
	rs, err := m.WhoCanReach(Query{To: Service("s3"), Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		got = append(got, strings.Join(r.ENIs, ",")+" via "+strings.Join(r.Witness.Via(), ","))
	}
	want := []string{"eni-app-a via vpce-s3", "eni-app-b via vpce-s3", "eni-lambda-a via vpce-s3", "eni-lambda-b via vpce-s3"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("WhoCanReach(s3) (-want +got):\n%s", diff)
	}
	rs, err = m.WhoCanReach(Query{To: Service("secretsmanager"), Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 4 || rs[2].ENIs[0] != "eni-lambda-a" || rs[3].ENIs[0] != "eni-lambda-b" || !slices.Equal(rs[2].Witness.Via(), []string{"vpce-secrets"}) {
		t.Errorf("WhoCanReach(secretsmanager) = %+v", rs)
	}
	ex, err := m.Exposure()
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range ex {
		for _, e := range x.ENIs {
			if strings.HasPrefix(e, "vpce-") || strings.HasPrefix(e, "nlb-") {
				t.Errorf("Exposure lists %s", e)
			}
		}
	}
	mx, err := m.Matrix(Selection{ENIs: []string{"eni-lambda-a", "eni-app-a", "vpce-ssm/subnet-app-a", "vpce-secrets/subnet-app-a"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range mx.Cells {
		if strings.HasPrefix(mx.Groups[c.From].Members[0], "vpce-") {
			t.Errorf("an endpoint's interface opens flows:\n%s", mx)
		}
	}
	dotb, err := m.DOT(nil)
	if err != nil {
		t.Fatal(err)
	}
	dot := string(dotb)
	for _, node := range []string{`"vpce-s3"`, `"vpce-partner"`, `"vpce-svc-0a1b2c3d"`, `"com.amazonaws.us-east-1.s3"`} {
		if !strings.Contains(dot, node) {
			t.Errorf("DOT has no node %s", node)
		}
	}
	if strings.Contains(dot, "com.amazonaws.us-east-1.kms") {
		t.Error("DOT draws a service no endpoint names")
	}
	if mm := m.Mermaid(nil); !strings.Contains(mm, "vpce-s3") || !strings.Contains(mm, "vpce-svc-0a1b2c3d") {
		t.Error("Mermaid has no endpoint nodes")
	}
	// Graph edges: the subnet's route to its gateway endpoint, the
	// endpoint to its service, the interface endpoint to its interfaces.
	for _, e := range [][2]string{{"subnet-app-a", "vpce-s3"}, {"vpce-s3", s3Name}, {"vpce-ssm", "vpce-ssm/subnet-app-a"},
		{"vpce-partner", "vpce-svc-0a1b2c3d"}, {"vpce-svc-0a1b2c3d", "nlb-prov"}, {"internet", s3Name}} {
		u, ok1 := m.NodeOf(e[0])
		v, ok2 := m.NodeOf(e[1])
		if !ok1 || !ok2 || !m.HasEdgeFromTo(u.ID(), v.ID()) {
			t.Errorf("no edge %s -> %s", e[0], e[1])
		}
	}
}

// TestOpenPortsWitnessKeepsCall pins a bug the property tests found: the
// witness of an open range to a policy-guarded destination dropped the
// query's API call, so that asking the witness again failed for want of
// one. A witness is a query that answers as the range says, call and
// HTTP request included.
func TestOpenPortsWitnessKeepsCall(t *testing.T) {
	n := withEndpoints()
	n.VPCEndpoints[0].Policy = []byte(`{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`)
	m := mustCompile(t, n)
	call := &APICall{Principal: policy.Principal{ARN: "arn:aws:iam::111122223333:role/app"}, Action: "secretsmanager:GetSecretValue", Resource: "*"}
	open, err := m.OpenPorts(Query{From: ENI("eni-lambda-a"), To: Service("secretsmanager"), Call: call})
	if err != nil {
		t.Fatal(err)
	}
	if len(open) == 0 {
		t.Fatal("OpenPorts: nothing open, want tcp 443")
	}
	for _, o := range open {
		if o.Witness.Query.Call != call {
			t.Errorf("witness of %s: call %v, want the query's", o, o.Witness.Query.Call)
		}
		if v, err := m.Verdict(o.Witness.Query); err != nil || v.Status != Reachable {
			t.Errorf("witness %s of %s: %v %v", o.Witness.Query, o, v, err)
		}
	}
}

// TestCallMadeByCaller: an API call that names no principal is made by
// the query's Caller, which endpoint policies then decide on.
func TestCallMadeByCaller(t *testing.T) {
	n := withEndpoints()
	n.VPCEndpoints[0].Policy = []byte(`{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`)
	m := mustCompile(t, n)
	call := &APICall{Action: "secretsmanager:GetSecretValue", Resource: "*"}
	for _, c := range []struct {
		caller *policy.Principal
		want   Verdict
	}{
		{&policy.Principal{ARN: "arn:aws:iam::111111111111:role/app"}, Verdict{Status: Reachable}},
		{&policy.Principal{ARN: "arn:aws:iam::222222222222:role/app"}, Verdict{Status: Blocked, Reason: EndpointPolicyDeny}},
	} {
		got, err := m.Verdict(Query{From: ENI("eni-lambda-a"), To: Service("secretsmanager"), Port: 443, Call: call, Caller: c.caller})
		if err != nil {
			t.Fatalf("caller %s: %v", c.caller.ARN, err)
		}
		if d := cmp.Diff(c.want, got); d != "" {
			t.Errorf("caller %s (-want +got):\n%s", c.caller.ARN, d)
		}
	}
	if _, err := m.Verdict(Query{From: ENI("eni-lambda-a"), To: Service("secretsmanager"), Port: 443, Call: call}); err == nil {
		t.Error("a call with no principal and no caller is accepted")
	}
}
