package main

import (
	"fmt"
	"io"
	"log"
	"net/netip"
	"os"
	"strings"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Short helpers for the literals below.
var (
	pfx    = netip.MustParsePrefix
	anyIP4 = pfx("0.0.0.0/0")
	tcp    = vpc.ProtocolTCP
	yes    = true
)

// The account and Region, and the VPC's CIDR.
const (
	account = "111122223333"
	region  = "us-east-1"
	vpcCIDR = "10.0.0.0/16"
)

// network declares the guide's Lambda architecture as written; fixed, the
// same with lambda-sg's Postgres rule naming rds-sg.
func network() *sim.Network {
	n := &sim.Network{}

	// module "vpc" (terraform-aws-modules/vpc/aws): DNS support and
	// hostnames on (the module's defaults, which private DNS needs), two
	// Availability Zones, private subnets of /19 (the guide's advice for
	// Lambda, which may take many addresses as it scales out), public and
	// database subnets, one NAT gateway per zone. The module gives the
	// database subnets a route table of their own with no route out.
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-lambda", Account: account, Region: region,
		CIDRs: []netip.Prefix{pfx(vpcCIDR)}, EnableDNSHostnames: true})
	for i, az := range []string{"a", "b"} {
		n.Subnets = append(n.Subnets,
			vpc.Subnet{ID: "private-" + az, VPC: "vpc-lambda", AvailabilityZone: region + az, CIDR: pfx(fmt.Sprintf("10.0.%d.0/19", 32*i))},
			vpc.Subnet{ID: "public-" + az, VPC: "vpc-lambda", AvailabilityZone: region + az, CIDR: pfx(fmt.Sprintf("10.0.%d.0/24", 96+i)), MapPublicIPOnLaunch: true},
			vpc.Subnet{ID: "database-" + az, VPC: "vpc-lambda", AvailabilityZone: region + az, CIDR: pfx(fmt.Sprintf("10.0.%d.0/24", 128+i))},
		)
		n.NATGateways = append(n.NATGateways, vpc.NATGateway{ID: "nat-" + az, Subnet: "public-" + az,
			ElasticIP: netip.AddrFrom4([4]byte{52, 0, 0, byte(10 + i)})})
		n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-private-" + az, VPC: "vpc-lambda", Subnets: []string{"private-" + az},
			Routes: []vpc.Route{{Destination: anyIP4, Target: vpc.ToNATGateway("nat-" + az)}}})
	}
	n.InternetGateways = append(n.InternetGateways, vpc.InternetGateway{ID: "igw-lambda", VPC: "vpc-lambda"})
	n.RouteTables = append(n.RouteTables,
		vpc.RouteTable{ID: "rtb-public", VPC: "vpc-lambda", Subnets: []string{"public-a", "public-b"},
			Routes: []vpc.Route{{Destination: anyIP4, Target: vpc.ToInternetGateway("igw-lambda")}}},
		vpc.RouteTable{ID: "rtb-database", VPC: "vpc-lambda", Subnets: []string{"database-a", "database-b"}},
	)

	// Security groups. Terraform removes the default allow-all egress
	// rule of a group it creates, so a group without egress blocks lets
	// nothing out (replies to admitted flows still pass: groups are
	// stateful).
	n.SecurityGroups = append(n.SecurityGroups,
		// aws_security_group.lambda: only what the function needs.
		vpc.SecurityGroup{ID: "lambda-sg", VPC: "vpc-lambda", Egress: []vpc.SGRule{
			{Protocol: tcp, Ports: vpc.Port(5432), Group: "db-tier-sg", Description: "To RDS"},
			{Protocol: tcp, Ports: vpc.Port(6379), Group: "redis-sg", Description: "To ElastiCache"},
			{Protocol: tcp, Ports: vpc.Port(443), CIDR: anyIP4, Description: "HTTPS outbound"},
		}},
		// aws_security_group.rds: Postgres from the app tier and the
		// function; no egress.
		vpc.SecurityGroup{ID: "rds-sg", VPC: "vpc-lambda", Ingress: []vpc.SGRule{
			{Protocol: tcp, Ports: vpc.Port(5432), Group: "app-tier-sg", Description: "PostgreSQL from app tier"},
			{Protocol: tcp, Ports: vpc.Port(5432), Group: "lambda-sg", Description: "PostgreSQL from Lambda"},
		}},
		// aws_security_group.redis: Redis from the app tiers and the
		// function (the cluster itself is not part of this example).
		vpc.SecurityGroup{ID: "redis-sg", VPC: "vpc-lambda", Ingress: []vpc.SGRule{
			{Protocol: tcp, Ports: vpc.Port(6379), Group: "app-tier-sg"},
			{Protocol: tcp, Ports: vpc.Port(6379), Group: "lambda-sg"},
		}},
		// The tier groups of the guide's first part, which the groups
		// above name; nothing of this example is in them.
		vpc.SecurityGroup{ID: "app-tier-sg", VPC: "vpc-lambda"},
		vpc.SecurityGroup{ID: "db-tier-sg", VPC: "vpc-lambda"},
		// aws_security_group.vpc_endpoints, which the guide uses without
		// showing: HTTPS from the VPC, as AWS's examples have it.
		vpc.SecurityGroup{ID: "vpc-endpoints-sg", VPC: "vpc-lambda", Ingress: []vpc.SGRule{
			{Protocol: tcp, Ports: vpc.Port(443), CIDR: pfx(vpcCIDR), Description: "HTTPS from the VPC"},
		}},
	)

	// aws_lambda_function.vpc_lambda: Lambda puts a network interface in
	// each subnet of its vpc_config; aws_db_instance.main: the Multi-AZ
	// primary's interface in the database subnets.
	n.NetworkInterfaces = append(n.NetworkInterfaces,
		vpc.NetworkInterface{ID: "eni-lambda-a", Subnet: "private-a", Kind: vpc.KindLambda, SecurityGroups: []string{"lambda-sg"}},
		vpc.NetworkInterface{ID: "eni-lambda-b", Subnet: "private-b", Kind: vpc.KindLambda, SecurityGroups: []string{"lambda-sg"}},
		vpc.NetworkInterface{ID: "eni-rds", Subnet: "database-a", Kind: vpc.KindRDS, SecurityGroups: []string{"rds-sg"}},
	)

	// aws_vpc_endpoint.lambda_endpoints: interface endpoints with private
	// DNS, so that the SDK's default names resolve to them inside the VPC.
	for _, svc := range []string{"secretsmanager", "ssm", "logs"} {
		n.VPCEndpoints = append(n.VPCEndpoints, endpoint.Endpoint{ID: "vpce-" + svc, Type: endpoint.Interface, VPC: "vpc-lambda",
			ServiceName: endpoint.AWSServiceName(region, svc), Subnets: []string{"private-a", "private-b"},
			SecurityGroups: []string{"vpc-endpoints-sg"}, PrivateDNSEnabled: &yes})
	}
	// aws_vpc_endpoint.s3: a gateway endpoint in the private and database
	// route tables (it adds S3's prefix-list route to them).
	n.VPCEndpoints = append(n.VPCEndpoints, endpoint.Endpoint{ID: "vpce-s3", Type: endpoint.Gateway, VPC: "vpc-lambda",
		ServiceName: endpoint.AWSServiceName(region, "s3"), RouteTables: []string{"rtb-private-a", "rtb-private-b", "rtb-database"}})

	// The bucket policies: the private bucket only through the endpoint,
	// the internal bucket only from the VPC.
	bucketPolicy := func(sid, bucket, key, value string) []byte {
		return fmt.Appendf(nil, `{"Version": "2012-10-17", "Statement": [{"Sid": %q, "Effect": "Deny", "Principal": "*", "Action": "s3:*",
			"Resource": ["arn:aws:s3:::%s", "arn:aws:s3:::%s/*"], "Condition": {"StringNotEquals": {%q: %q}}}]}`, sid, bucket, bucket, key, value)
	}
	n.ResourcePolicies = append(n.ResourcePolicies,
		endpoint.ResourcePolicy{ID: "private-bucket-policy", Service: "s3", Resource: "arn:aws:s3:::private-bucket", Account: account,
			Policy: bucketPolicy("AllowVPCEndpointOnly", "private-bucket", "aws:sourceVpce", "vpce-s3")},
		endpoint.ResourcePolicy{ID: "internal-bucket-policy", Service: "s3", Resource: "arn:aws:s3:::internal-bucket", Account: account,
			Policy: bucketPolicy("AllowVPCOnly", "internal-bucket", "aws:sourceVpc", "vpc-lambda")},
	)
	return n
}

// fixed is network with lambda-sg's Postgres rule naming rds-sg, the
// database's group.
func fixed() *sim.Network {
	n := network()
	for i := range n.SecurityGroups {
		if g := &n.SecurityGroups[i]; g.ID == "lambda-sg" {
			g.Egress[0].Group = "rds-sg"
		}
	}
	return n
}

// The function's role, and its calls.
var role = policy.Principal{ARN: "arn:aws:iam::" + account + ":role/my-vpc-function"}

func call(action, resource string) *sim.APICall {
	return &sim.APICall{Principal: role, Action: action, Resource: resource}
}

// question is one query the program asks, with what it means.
type question struct {
	what string
	q    sim.Query
}

// questions are the program's queries, on the network as written.
func questions() []question {
	https := func(from, to sim.Endpoint, c *sim.APICall) sim.Query {
		return sim.Query{From: from, To: to, Protocol: tcp, Port: 443, Call: c}
	}
	lambdaA := sim.ENI("eni-lambda-a")
	return []question{
		{"The function reads its database password from Secrets Manager",
			https(lambdaA, sim.Service("secretsmanager"), call("secretsmanager:GetSecretValue", "*"))},
		{"...and a parameter from Parameter Store (from the second zone)",
			https(sim.ENI("eni-lambda-b"), sim.Service("ssm"), call("ssm:GetParameter", "*"))},
		{"...and writes its logs to CloudWatch Logs, by the service's DNS name",
			https(lambdaA, sim.DNSName("logs.us-east-1.amazonaws.com"), call("logs:PutLogEvents", "*"))},
		{"It reads an object of the endpoint-only bucket",
			https(lambdaA, sim.Service("s3"), call("s3:GetObject", "arn:aws:s3:::private-bucket/config.json"))},
		{"It sends a message to an SQS queue: there is no SQS endpoint",
			https(lambdaA, sim.Service("sqs"), call("sqs:SendMessage", "*"))},
		{"It decrypts with KMS: no endpoint either",
			https(sim.ENI("eni-lambda-b"), sim.Service("kms"), call("kms:Decrypt", "*"))},
		{"A host in a public subnet reads the endpoint-only bucket (through the internet gateway)",
			https(sim.SubnetHost("public-a"), sim.Service("s3"), call("s3:GetObject", "arn:aws:s3:::private-bucket/config.json"))},
		{"The function opens a connection to its database, as the guide writes lambda-sg",
			sim.Query{From: lambdaA, To: sim.ENI("eni-rds"), Protocol: tcp, Port: 5432}},
		{"The database subnets reach S3 through the gateway endpoint (a host whose groups allow everything)...",
			https(sim.SubnetHost("database-b"), sim.Service("s3"), call("s3:GetObject", "arn:aws:s3:::internal-bucket/report.csv"))},
		{"...and nothing else outside the VPC: their route table has no way out",
			https(sim.SubnetHost("database-b"), sim.Service("sqs"), nil)},
	}
}

// way says which way a flow went out of its VPC, for the cost question:
// through interface or gateway endpoints, NAT gateways, internet
// gateways.
func way(n *sim.Network, r *sim.Result) string {
	var parts []string
	for _, id := range r.Via() {
		switch {
		case strings.HasPrefix(id, "vpce-"):
			for _, e := range n.VPCEndpoints {
				if e.ID == id {
					parts = append(parts, strings.ToLower(e.Type.String())+" endpoint "+id)
				}
			}
		case strings.HasPrefix(id, "nat-"):
			parts = append(parts, "NAT gateway "+id+" (data processing charge)")
		case strings.HasPrefix(id, "igw-"):
			parts = append(parts, "internet gateway "+id)
		default:
			parts = append(parts, id)
		}
	}
	switch {
	case len(parts) == 0 && r.Allowed():
		return "inside the VPC"
	case len(parts) == 0:
		return "none: stopped before leaving the VPC"
	}
	return strings.Join(parts, ", then ")
}

// report asks the questions and prints the explained answers.
func report(w io.Writer) error {
	n := network()
	m, err := sim.Compile(n)
	if err != nil {
		return err
	}
	for i, x := range questions() {
		r, err := m.Reach(x.q)
		if err != nil {
			return fmt.Errorf("%s: %w", x.what, err)
		}
		fmt.Fprintf(w, "%d. %s\n   %s: %s", i+1, x.what, x.q, r.Status)
		if r.Block != nil {
			fmt.Fprintf(w, " (%s)", r.Reason)
		}
		fmt.Fprintf(w, "\n   way: %s\n", way(n, r))
		if r.Block != nil {
			fmt.Fprintf(w, "   why: %s\n", r.Block)
		}
		for _, line := range strings.Split(strings.TrimSuffix(r.String(), "\n"), "\n")[1:] {
			fmt.Fprintf(w, "   %s\n", line)
		}
		fmt.Fprintln(w)
	}

	// The fix: lambda-sg's Postgres rule names rds-sg.
	mf, err := sim.Compile(fixed())
	if err != nil {
		return err
	}
	r, err := mf.Reach(sim.Query{From: sim.ENI("eni-lambda-a"), To: sim.ENI("eni-rds"), Protocol: tcp, Port: 5432})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "With lambda-sg's rule \"To RDS\" naming rds-sg instead of db_tier:\n%s", r)
	return nil
}

func main() {
	log.SetFlags(0)
	if err := report(os.Stdout); err != nil {
		log.Fatal(err)
	}
}
