package sim

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/elb"
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

// withPrivateLink returns withEndpoints with a partner's service reached
// through AWS PrivateLink: the provider's VPC (another account, the same
// CIDR 10.0.0.0/16 as the consumer's) runs two service instances behind an
// internal Network Load Balancer (security group sg-nlb, enforcing its
// inbound rules on PrivateLink traffic: TCP 443 from 10.0.0.0/16) offered
// as endpoint service vpce-svc-0a1b2c3d (private DNS name
// api.partner.example.com, the consumer's account allowed, the connection
// accepted); the instances admit 8443 from sg-nlb only. The consumer's
// interface endpoint vpce-partner sits in the app subnets with private DNS
// on. Zones are named differently in the two accounts: the consumer's
// us-east-1a and b are use1-az1 and use1-az2, the provider's us-east-1a
// and b are use1-az2 and use1-az1.
func withPrivateLink() *Network {
	n := withEndpoints()
	ids := map[string]string{"us-east-1a": "use1-az1", "us-east-1b": "use1-az2"}
	for i := range n.Subnets {
		n.Subnets[i].AvailabilityZoneID = ids[n.Subnets[i].AvailabilityZone]
	}
	on := true
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-prov", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, Account: "222222222222", Region: "us-east-1"})
	n.Subnets = append(n.Subnets,
		vpc.Subnet{ID: "subnet-prov-a", VPC: "vpc-prov", AvailabilityZone: "us-east-1a", AvailabilityZoneID: "use1-az2", CIDR: pfx("10.0.1.0/24")},
		vpc.Subnet{ID: "subnet-prov-b", VPC: "vpc-prov", AvailabilityZone: "us-east-1b", AvailabilityZoneID: "use1-az1", CIDR: pfx("10.0.2.0/24")},
	)
	n.SecurityGroups = append(n.SecurityGroups,
		vpc.SecurityGroup{ID: "sg-nlb", VPC: "vpc-prov",
			Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("10.0.0.0/16")}},
			Egress:  []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8443), Group: "sg-svc"}}},
		vpc.SecurityGroup{ID: "sg-svc", VPC: "vpc-prov",
			Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(8443), Group: "sg-nlb"}}},
	)
	n.NetworkInterfaces = append(n.NetworkInterfaces,
		vpc.NetworkInterface{ID: "eni-svc-a", Subnet: "subnet-prov-a", SecurityGroups: []string{"sg-svc"}},
		vpc.NetworkInterface{ID: "eni-svc-b", Subnet: "subnet-prov-b", SecurityGroups: []string{"sg-svc"}},
	)
	n.LoadBalancers = []elb.LoadBalancer{{ID: "nlb-prov", Type: elb.Network, Scheme: elb.Internal, VPC: "vpc-prov",
		SecurityGroups: []string{"sg-nlb"}, Subnets: []elb.SubnetMapping{{Subnet: "subnet-prov-a"}, {Subnet: "subnet-prov-b"}}}}
	n.TargetGroups = []elb.TargetGroup{{ID: "tg-svc", TargetType: elb.InstanceTarget, Protocol: elb.TCP, Port: 8443, VPC: "vpc-prov",
		Targets: []elb.Target{{ID: "eni-svc-a"}, {ID: "eni-svc-b"}}}}
	n.Listeners = []elb.Listener{{ID: "lis-prov", LoadBalancer: "nlb-prov", Protocol: elb.TCP, Port: 443,
		Default: elb.Action{Type: elb.ForwardAction, Forward: []elb.WeightedTargetGroup{{TargetGroup: "tg-svc"}}}}}
	n.EndpointServices = []endpoint.Service{{ID: "vpce-svc-0a1b2c3d", NetworkLoadBalancers: []string{"nlb-prov"},
		AllowedPrincipals: []string{"arn:aws:iam::111111111111:root"}, PrivateDNSName: "api.partner.example.com"}}
	n.EndpointConnections = []endpoint.Connection{{Endpoint: "vpce-partner", Service: "vpce-svc-0a1b2c3d", State: endpoint.Available}}
	n.VPCEndpoints = append(n.VPCEndpoints, endpoint.Endpoint{ID: "vpce-partner", Type: endpoint.Interface, VPC: "vpc-main",
		ServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d", Subnets: []string{"subnet-app-a", "subnet-app-b"},
		SecurityGroups: []string{"sg-endpoints"}, PrivateDNSEnabled: &on})
	return n
}
