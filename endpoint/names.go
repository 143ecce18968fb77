package endpoint

import (
	"fmt"
	"strings"
)

// Prefixes of service names. AWS services are named
// "<prefix>.<region>.<service>", endpoint services
// "com.amazonaws.vpce.<region>.vpce-svc-<id>".
const (
	// PrefixAWS is the prefix of most AWS services
	// ("com.amazonaws.us-east-1.secretsmanager").
	PrefixAWS = "com.amazonaws"
	// PrefixAWSAPI is the prefix of newer AWS services
	// ("aws.api.us-east-1.kendra-ranking").
	PrefixAWSAPI = "aws.api"
	// PrefixAPIAWS is the prefix of a few AWS services
	// ("api.aws.us-east-1.cassandra-streams").
	PrefixAPIAWS = "api.aws"
	// PrefixSageMaker is the prefix of Amazon SageMaker AI endpoints
	// ("aws.sagemaker.us-east-1.notebook").
	PrefixSageMaker = "aws.sagemaker"
	// PrefixEndpointService is the prefix of endpoint services, your own
	// and those of AWS Marketplace partners
	// ("com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0").
	PrefixEndpointService = "com.amazonaws.vpce"
)

// prefixes are tried longest first, so that the endpoint-service prefix
// wins over "com.amazonaws".
var prefixes = []string{PrefixEndpointService, PrefixSageMaker, PrefixAWSAPI, PrefixAPIAWS, PrefixAWS}

// EndpointServiceIDPrefix begins the ID of every endpoint service.
const EndpointServiceIDPrefix = "vpce-svc-"

// ServiceName is a parsed VPC endpoint service name.
type ServiceName struct {
	// Prefix is one of the Prefix constants.
	Prefix string
	// Region is the Region the name contains, "us-east-1".
	Region string
	// Service is the rest: an AWS service's short name ("s3",
	// "ecr.api") or an endpoint service ID ("vpce-svc-...").
	Service string
}

// String formats the name back to "<prefix>.<region>.<service>".
func (n ServiceName) String() string {
	return n.Prefix + "." + n.Region + "." + n.Service
}

// IsEndpointService reports whether n names an endpoint service (yours
// or a partner's) rather than an AWS service.
func (n ServiceName) IsEndpointService() bool { return n.Prefix == PrefixEndpointService }

// AWSService returns the entry of the AWS service table for n, if n names
// one of the services it lists.
func (n ServiceName) AWSService() (AWSService, bool) {
	if n.Prefix != PrefixAWS {
		return AWSService{}, false
	}
	return LookupAWSService(n.Service)
}

// ParseServiceName parses a VPC endpoint service name:
// "com.amazonaws.<region>.<service>" (and the "aws.api", "api.aws" and
// "aws.sagemaker" prefixes) for AWS services, or
// "com.amazonaws.vpce.<region>.vpce-svc-<id>" for endpoint services.
// Names are case-sensitive, as AWS lists them (all lower case). Names
// without a Region (the global "com.amazonaws.s3-global.accesspoint") are
// not supported.
func ParseServiceName(s string) (ServiceName, error) {
	for _, p := range prefixes {
		rest, ok := strings.CutPrefix(s, p+".")
		if !ok {
			continue
		}
		region, service, ok := strings.Cut(rest, ".")
		if !ok || !IsRegion(region) {
			return ServiceName{}, fmt.Errorf("service name %q: want %s.<region>.<service> with a Region such as us-east-1", s, p)
		}
		n := ServiceName{Prefix: p, Region: region, Service: service}
		if p == PrefixEndpointService {
			if !validServiceID(service) {
				return ServiceName{}, fmt.Errorf("service name %q: want %s.<region>.%s<hex digits>", s, p, EndpointServiceIDPrefix)
			}
			return n, nil
		}
		if !validLabels(service) {
			return ServiceName{}, fmt.Errorf("service name %q: want a service of lower-case letters, digits, '-' and '.' after the Region", s)
		}
		return n, nil
	}
	return ServiceName{}, fmt.Errorf("service name %q: want com.amazonaws.<region>.<service> (an AWS service) or com.amazonaws.vpce.<region>.vpce-svc-<id> (an endpoint service)", s)
}

// IsRegion reports whether s has the shape of an AWS Region code: two
// lower-case letters, one or more dash-separated words, and a number
// ("us-east-1", "us-gov-west-1", "ap-southeast-4"). It does not check that
// the Region exists.
func IsRegion(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 || len(parts[0]) != 2 || !allLower(parts[0]) {
		return false
	}
	for _, w := range parts[1 : len(parts)-1] {
		if w == "" || !allLower(w) {
			return false
		}
	}
	last := parts[len(parts)-1]
	if last == "" {
		return false
	}
	for i := 0; i < len(last); i++ {
		if last[i] < '0' || last[i] > '9' {
			return false
		}
	}
	return true
}

func allLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// validLabels reports whether s is one or more dot-separated labels of
// lower-case letters, digits and '-'.
func validLabels(s string) bool {
	for _, l := range strings.Split(s, ".") {
		if l == "" {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

func validServiceID(s string) bool {
	hex, ok := strings.CutPrefix(s, EndpointServiceIDPrefix)
	if !ok || hex == "" {
		return false
	}
	for i := 0; i < len(hex); i++ {
		c := hex[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// AWSServiceName returns the name of AWS service short name in region:
// "com.amazonaws.<region>.<service>".
func AWSServiceName(region, service string) string {
	return ServiceName{Prefix: PrefixAWS, Region: region, Service: service}.String()
}
