package sim

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/vpc"
)

// withEndpoints returns threeTier with the seed guide's VPC endpoints: a
// Lambda function in the app subnets (its own security group, HTTPS out
// anywhere), interface endpoints to Secrets Manager and Systems Manager in
// the app subnets with a security group that admits HTTPS from the VPC,
// and a gateway endpoint to Amazon S3 in the app route tables. The VPC's
// DNS hostnames are on (private DNS needs them). CloudWatch Logs has no
// endpoint: its traffic takes the NAT gateway.
func withEndpoints() *Network {
	n := threeTier()
	n.VPCs[0].EnableDNSHostnames = true
	n.SecurityGroups = append(n.SecurityGroups,
		vpc.SecurityGroup{ID: "sg-lambda", VPC: "vpc-main",
			Egress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("0.0.0.0/0")}}},
		vpc.SecurityGroup{ID: "sg-endpoints", VPC: "vpc-main",
			Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("10.0.0.0/16")}}},
	)
	n.NetworkInterfaces = append(n.NetworkInterfaces,
		vpc.NetworkInterface{ID: "eni-lambda-a", Subnet: "subnet-app-a", Kind: vpc.KindLambda, SecurityGroups: []string{"sg-lambda"}},
		vpc.NetworkInterface{ID: "eni-lambda-b", Subnet: "subnet-app-b", Kind: vpc.KindLambda, SecurityGroups: []string{"sg-lambda"}},
	)
	iface := func(id, svc string) endpoint.Endpoint {
		return endpoint.Endpoint{ID: id, Type: endpoint.Interface, VPC: "vpc-main", ServiceName: endpoint.AWSServiceName("us-east-1", svc),
			Subnets: []string{"subnet-app-a", "subnet-app-b"}, SecurityGroups: []string{"sg-endpoints"}}
	}
	n.VPCEndpoints = []endpoint.Endpoint{
		iface("vpce-secrets", "secretsmanager"),
		iface("vpce-ssm", "ssm"),
		{ID: "vpce-s3", VPC: "vpc-main", ServiceName: endpoint.AWSServiceName("us-east-1", "s3"), RouteTables: []string{"rtb-app-a", "rtb-app-b"}},
	}
	return n
}

var _ = netip.Addr{}
