package gen

import (
	"fmt"

	"github.com/vpcsim/vpcsim/endpoint"
)

// Resource policies (Options.ResourcePolicies): sometimes a bucket policy
// on S3 bucket app-data (the resource [Call] draws for S3, and its
// objects), and sometimes a resource policy on account 111122223333's
// AWS Secrets Manager resource, each of one of the shapes of
// [ResourcePolicy], naming the network's endpoints, VPCs and public
// addresses; the owning account declared or not.

// ResourcePolicyShapes is the number of shapes of [ResourcePolicy].
const ResourcePolicyShapes = 6

// ResourcePolicy returns one of the shapes of resource policy the
// generator draws, on resource arn (a bucket's objects are arn/*), with
// vpce an endpoint ID, vpcID a VPC ID and ip a public address; shape is
// taken modulo ResourcePolicyShapes:
//
//	0 deny every request not through endpoint vpce (StringNotEquals aws:SourceVpce)
//	1 deny every request not from VPC vpcID (StringNotEquals aws:SourceVpc)
//	2 allow account 444455556666 to read (a Principal by account ID)
//	3 deny every request not from ip (NotIpAddress aws:SourceIp: denies requests through endpoints, which carry no aws:SourceIp)
//	4 allow everyone everything
//	5 deny writes to everyone
func ResourcePolicy(shape int, arn, vpce, vpcID, ip string) []byte {
	res := fmt.Sprintf(`["%s","%s/*"]`, arn, arn)
	var st string
	switch shape % ResourcePolicyShapes {
	case 0:
		st = fmt.Sprintf(`{"Effect":"Deny","Principal":"*","Action":"*","Resource":%s,"Condition":{"StringNotEquals":{"aws:SourceVpce":"%s"}}}`, res, vpce)
	case 1:
		st = fmt.Sprintf(`{"Effect":"Deny","Principal":"*","Action":"*","Resource":%s,"Condition":{"StringNotEquals":{"aws:SourceVpc":"%s"}}}`, res, vpcID)
	case 2:
		st = fmt.Sprintf(`{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":["*:Get*"],"Resource":%s}`, res)
	case 3:
		st = fmt.Sprintf(`{"Effect":"Deny","Principal":"*","Action":"*","Resource":%s,"Condition":{"NotIpAddress":{"aws:SourceIp":"%s/32"}}}`, res, ip)
	case 4:
		st = fmt.Sprintf(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":%s}`, res)
	case 5:
		st = fmt.Sprintf(`{"Effect":"Deny","Principal":"*","Action":"*:Put*","Resource":%s}`, res)
	}
	return []byte(`{"Version":"2012-10-17","Statement":[` + st + `]}`)
}

// resourcePolicies draws the resource policies (Options.ResourcePolicies).
func (b *builder) resourcePolicies() {
	if !b.o.ResourcePolicies {
		return
	}
	var vpces []string
	for _, e := range b.n.VPCEndpoints {
		vpces = append(vpces, e.ID)
	}
	vpces = append(vpces, "vpce-other")
	var ips []string
	for _, g := range b.n.NATGateways {
		if g.ElasticIP.IsValid() {
			ips = append(ips, g.ElasticIP.String())
		}
	}
	ips = append(ips, PublicPool[0].String())
	for _, r := range []struct{ service, arn, region string }{
		{"s3", "arn:aws:s3:::app-data", ""},
		{"secretsmanager", "arn:aws:secretsmanager:us-east-1:111122223333:thing/a", "us-east-1"},
	} {
		if !b.chance("rp-"+r.service, 50) {
			continue
		}
		p := endpoint.ResourcePolicy{ID: b.id("rp"), Service: r.service, Region: r.region, Resource: r.arn,
			Policy: ResourcePolicy(b.intn("rp-shape", 0, ResourcePolicyShapes-1), r.arn, pick(b, "rp-vpce", vpces),
				pick(b, "rp-vpc", b.vpcs).id, pick(b, "rp-ip", ips))}
		if b.chance("rp-account", 50) {
			p.Account = "111122223333"
		}
		b.n.ResourcePolicies = append(b.n.ResourcePolicies, p)
	}
}
