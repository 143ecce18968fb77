package endpoint

import (
	"encoding/json"
	"strings"
)

// ResourcePolicy is the resource-based policy of one resource of an AWS
// service: an Amazon S3 bucket policy, a Secrets Manager secret's
// resource policy, an Amazon SQS queue policy, a DynamoDB table's
// resource policy. Requests to the resource (and to what lies under it,
// such as a bucket's objects) are decided by it, together with the
// endpoint policy of the VPC endpoint they come through, if any.
//
// Such a policy is how a bucket is locked to a VPC or an endpoint
// (conditions on aws:SourceVpce or aws:SourceVpc, which only requests
// through an endpoint carry) or to public addresses (aws:SourceIp, which
// requests through an endpoint do not carry).
type ResourcePolicy struct {
	// ID names the declaration (vpcsim's own name: AWS gives resource
	// policies no ID), such as "bucket-policy-logs".
	ID string `json:"id"`
	// Service is the short name of the AWS service the resource belongs
	// to, as in its endpoint service name: "s3", "secretsmanager",
	// "dynamodb".
	Service string `json:"service"`
	// Region is the Region of the service's endpoints the policy guards;
	// zero means every Region (S3 bucket names, and so bucket policies,
	// are global).
	Region string `json:"region,omitempty"`
	// Resource is the ARN of the resource the policy is attached to, such
	// as "arn:aws:s3:::app-logs". The policy decides requests on that ARN
	// and on every ARN under it: the ARN followed by "/" and anything
	// ("arn:aws:s3:::app-logs/2024/01/x.gz").
	Resource string `json:"resource"`
	// Account is the account that owns the resource; zero means the
	// account of the caller, whatever it is. A caller of another account
	// needs the policy to allow it (cross-account access); a caller of the
	// owner's account is also allowed by its own identity policies, which
	// vpcsim does not model, so only an explicit deny stops it.
	Account string `json:"account,omitempty"`
	// Policy is the policy document, an IAM policy as JSON text.
	Policy json.RawMessage   `json:"policy"`
	Tags   map[string]string `json:"tags,omitempty"`
}

// Covers reports whether the policy decides requests on resource arn:
// arn is the policy's Resource, or lies under it (Resource followed by
// "/"). Comparison is case-sensitive, as ARNs are.
func (p ResourcePolicy) Covers(arn string) bool {
	if p.Resource == "" {
		return false
	}
	rest, ok := strings.CutPrefix(arn, p.Resource)
	return ok && (rest == "" || strings.HasPrefix(rest, "/") || strings.HasSuffix(p.Resource, "/"))
}
