package endpoint

import (
	"slices"
	"strings"
)

// AWSService is an entry of a small table of the AWS services users most
// often reach through VPC endpoints: the short name that ends the service
// name, the endpoint types the service offers, and the DNS names that
// an interface endpoint's private DNS answers with the endpoint's
// addresses.
//
// The table is a convenience, not a catalogue: services it does not list
// are still valid endpoint targets (any well-formed service name is), they
// just have no known DNS names here.
type AWSService struct {
	// Name is the short name, the part of the service name after the
	// Region: "secretsmanager" in "com.amazonaws.us-east-1.secretsmanager".
	Name string
	// Title is the service's name for people.
	Title string

	types []Type
	dns   []string // templates; "{region}" stands for the Region
}

// Types returns the endpoint types the service offers: Gateway and
// Interface for Amazon S3 and DynamoDB, Interface for the rest.
func (s AWSService) Types() []Type { return slices.Clone(s.types) }

// Supports reports whether the service offers endpoints of type t.
func (s AWSService) Supports(t Type) bool { return slices.Contains(s.types, t.Norm()) }

// PrivateDNSNames returns the DNS names that an interface endpoint to the
// service with private DNS resolves to its own addresses in region, such
// as "secretsmanager.us-east-1.amazonaws.com". A name beginning with "*."
// covers every name below it. None means the service supports no private
// DNS on its interface endpoints (DynamoDB: clients use the
// endpoint-specific name).
func (s AWSService) PrivateDNSNames(region string) []string {
	out := make([]string, len(s.dns))
	for i, d := range s.dns {
		out[i] = strings.ReplaceAll(d, "{region}", region)
	}
	return out
}

// ServiceName returns the service's endpoint service name in region,
// "com.amazonaws.<region>.<name>".
func (s AWSService) ServiceName(region string) string { return AWSServiceName(region, s.Name) }

var (
	gatewayAndInterface = []Type{Gateway, Interface}
	interfaceOnly       = []Type{Interface}
)

// std is the private DNS name of most services: "<name>.<region>.amazonaws.com".
func std(name string) []string { return []string{name + ".{region}.amazonaws.com"} }

func svc(name, title string, dns ...string) AWSService {
	if dns == nil {
		dns = std(name)
	}
	return AWSService{Name: name, Title: title, types: interfaceOnly, dns: dns}
}

// awsServices is sorted by Name.
var awsServices = func() []AWSService {
	t := []AWSService{
		// Amazon S3 offers both types; an interface endpoint's private
		// DNS covers the Regional endpoint and its bucket names.
		{Name: "s3", Title: "Amazon S3", types: gatewayAndInterface,
			dns: []string{"s3.{region}.amazonaws.com", "*.s3.{region}.amazonaws.com"}},
		// DynamoDB offers both types, but its interface endpoints support
		// no private DNS.
		{Name: "dynamodb", Title: "Amazon DynamoDB", types: gatewayAndInterface},
		svc("autoscaling", "Amazon EC2 Auto Scaling"),
		svc("cloudformation", "AWS CloudFormation"),
		svc("ec2", "Amazon EC2"),
		svc("ec2messages", "AWS Systems Manager (ec2messages)"),
		svc("ecr.api", "Amazon ECR API", "api.ecr.{region}.amazonaws.com"),
		svc("ecr.dkr", "Amazon ECR Docker registry", "*.dkr.ecr.{region}.amazonaws.com"),
		svc("ecs", "Amazon ECS"),
		svc("ecs-agent", "Amazon ECS agent"),
		svc("ecs-telemetry", "Amazon ECS telemetry"),
		svc("eks", "Amazon EKS"),
		svc("elasticfilesystem", "Amazon EFS"),
		svc("elasticloadbalancing", "Elastic Load Balancing"),
		svc("events", "Amazon EventBridge"),
		svc("execute-api", "Amazon API Gateway (private APIs)", "*.execute-api.{region}.amazonaws.com"),
		svc("kinesis-streams", "Amazon Kinesis Data Streams", "kinesis.{region}.amazonaws.com"),
		svc("kms", "AWS KMS"),
		svc("lambda", "AWS Lambda"),
		svc("logs", "Amazon CloudWatch Logs"),
		svc("monitoring", "Amazon CloudWatch"),
		svc("rds", "Amazon RDS"),
		svc("secretsmanager", "AWS Secrets Manager"),
		svc("sns", "Amazon SNS"),
		svc("sqs", "Amazon SQS"),
		svc("ssm", "AWS Systems Manager"),
		svc("ssmmessages", "AWS Systems Manager (ssmmessages)"),
		svc("states", "AWS Step Functions"),
		svc("sts", "AWS STS"),
		svc("xray", "AWS X-Ray"),
	}
	slices.SortFunc(t, func(a, b AWSService) int { return strings.Compare(a.Name, b.Name) })
	return t
}()

// AWSServices returns the table of well-known AWS services, sorted by
// name.
func AWSServices() []AWSService {
	out := make([]AWSService, len(awsServices))
	for i, s := range awsServices {
		s.types = slices.Clone(s.types)
		s.dns = slices.Clone(s.dns)
		out[i] = s
	}
	return out
}

// LookupAWSService returns the table entry for the short name (such as
// "secretsmanager" or "ecr.api").
func LookupAWSService(name string) (AWSService, bool) {
	i, ok := slices.BinarySearchFunc(awsServices, name, func(s AWSService, n string) int { return strings.Compare(s.Name, n) })
	if !ok {
		return AWSService{}, false
	}
	s := awsServices[i]
	s.types = slices.Clone(s.types)
	s.dns = slices.Clone(s.dns)
	return s, true
}
