package awsimport

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/vpc"
)

// TestGWLBEndpointRoutes: describe-route-tables names a Gateway Load
// Balancer endpoint target by its endpoint ID in GatewayId (Amazon VPC
// User Guide, "Route to a Gateway Load Balancer endpoint"); the importer
// keeps such routes, and still skips routes naming a gateway endpoint,
// whose routes come from its route tables.
func TestGWLBEndpointRoutes(t *testing.T) {
	r := readOne(t, map[string]string{
		"Vpcs.json":    `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}`,
		"Subnets.json": `{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "AvailabilityZone": "us-east-1a", "CidrBlock": "10.0.0.0/24"}]}`,
		"VpcEndpoints.json": `{"VpcEndpoints": [
			{"VpcEndpointId": "vpce-gwlb", "VpcEndpointType": "GatewayLoadBalancer", "VpcId": "vpc-1", "State": "available",
			 "ServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", "SubnetIds": ["subnet-1"]},
			{"VpcEndpointId": "vpce-s3", "VpcEndpointType": "Gateway", "VpcId": "vpc-1", "State": "available",
			 "ServiceName": "com.amazonaws.us-east-1.s3", "RouteTableIds": ["rtb-1"]}]}`,
		"RouteTables.json": `{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true}], "Routes": [
			{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"},
			{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "vpce-gwlb", "State": "active"},
			{"DestinationPrefixListId": "pl-63a5400a", "GatewayId": "vpce-s3", "State": "active"}]}]}`,
	})
	want := []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToVPCEndpoint("vpce-gwlb")}}
	if d := cmp.Diff(want, r.Network.RouteTables[0].Routes, netOpts...); d != "" {
		t.Errorf("routes (-want +got):\n%s", d)
	}
}
