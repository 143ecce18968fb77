package endpoint_test

import (
	"fmt"

	"github.com/vpcsim/vpcsim/endpoint"
)

// Declaring the endpoints a private subnet needs to reach Amazon S3 and
// AWS Secrets Manager without a NAT gateway.
func Example() {
	s3 := endpoint.Endpoint{
		ID: "vpce-s3", VPC: "vpc-app", // Type zero: Gateway
		ServiceName: endpoint.AWSServiceName("us-east-1", "s3"),
		RouteTables: []string{"rtb-private"},
	}
	secrets := endpoint.Endpoint{
		ID: "vpce-secrets", Type: endpoint.Interface, VPC: "vpc-app",
		ServiceName:    endpoint.AWSServiceName("us-east-1", "secretsmanager"),
		Subnets:        []string{"subnet-private-a", "subnet-private-b"},
		SecurityGroups: []string{"sg-endpoints"},
	}
	for _, e := range []endpoint.Endpoint{s3, secrets} {
		n, _ := endpoint.ParseServiceName(e.ServiceName)
		svc, _ := n.AWSService()
		fmt.Printf("%s: %s endpoint to %s, private DNS %v %v\n", e.ID, e.Type, svc.Title, e.PrivateDNS(), svc.PrivateDNSNames(n.Region))
	}
	// Output:
	// vpce-s3: Gateway endpoint to Amazon S3, private DNS false [s3.us-east-1.amazonaws.com *.s3.us-east-1.amazonaws.com]
	// vpce-secrets: Interface endpoint to AWS Secrets Manager, private DNS true [secretsmanager.us-east-1.amazonaws.com]
}

func ExampleParseServiceName() {
	for _, s := range []string{
		"com.amazonaws.eu-west-1.ecr.dkr",
		"com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0",
		"com.amazonaws.s3",
	} {
		n, err := endpoint.ParseServiceName(s)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Printf("region %s, service %s, endpoint service %v\n", n.Region, n.Service, n.IsEndpointService())
	}
	// Output:
	// region eu-west-1, service ecr.dkr, endpoint service false
	// region eu-west-1, service vpce-svc-0123456789abcdef0, endpoint service true
	// error: service name "com.amazonaws.s3": want com.amazonaws.<region>.<service> with a Region such as us-east-1
}
