package awsimport

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// readOne imports files given as name -> body.
func readOne(t *testing.T, files map[string]string) *Result {
	t.Helper()
	r, err := Load(writeFiles(t, files))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRoutes checks route targets: the local route is left out (the
// engine adds it, so also after the local route of a second CIDR), an
// instance target becomes its primary interface, a prefix-list
// destination is kept, a blackhole stays a blackhole even when its target
// is gone.
func TestRoutes(t *testing.T) {
	r := readOne(t, map[string]string{
		"Vpcs.json":    `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18::/56", "Ipv6CidrBlockState": {"State": "associated"}}]}]}`,
		"Subnets.json": `{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "AvailabilityZone": "us-east-1a", "CidrBlock": "10.0.0.0/24"}]}`,
		"Instances.json": `{"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Name": "running"}, "NetworkInterfaces": [
			{"NetworkInterfaceId": "eni-2", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.20", "Attachment": {"DeviceIndex": 1}},
			{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.10", "SourceDestCheck": false, "Attachment": {"DeviceIndex": 0}}]}]}]}`,
		"ManagedPrefixLists.json": `{"PrefixLists": [{"PrefixListId": "pl-0a", "AddressFamily": "IPv4", "OwnerId": "123456789012"}]}`,
		"pl-0a.json":              `{"Entries": [{"Cidr": "192.0.2.0/24"}]}`,
		"RouteTables.json": `{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true}], "Routes": [
			{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"},
			{"DestinationIpv6CidrBlock": "2600:1f18::/56", "GatewayId": "local", "State": "active"},
			{"DestinationCidrBlock": "0.0.0.0/0", "InstanceId": "i-1", "InstanceOwnerId": "123456789012", "NetworkInterfaceId": "eni-1", "State": "active"},
			{"DestinationCidrBlock": "172.16.0.0/12", "InstanceId": "i-1", "State": "active"},
			{"DestinationPrefixListId": "pl-0a", "NetworkInterfaceId": "eni-1", "State": "active"},
			{"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-gone", "State": "blackhole"}]}]}`,
	})
	want := []vpc.Route{
		{Destination: pfx("0.0.0.0/0"), Target: vpc.ToNetworkInterface("eni-1")},
		{Destination: pfx("172.16.0.0/12"), Target: vpc.ToNetworkInterface("eni-1")},
		{PrefixList: "pl-0a", Target: vpc.ToNetworkInterface("eni-1")},
		{Destination: pfx("::/0"), Target: vpc.ToEgressOnlyGateway("eigw-gone"), Blackhole: true},
	}
	if d := cmp.Diff(want, r.Network.RouteTables[0].Routes, netOpts...); d != "" {
		t.Errorf("routes (-want +got):\n%s", d)
	}
	e := r.Network.NetworkInterfaces[0]
	if e.ID != "eni-1" || !e.SourceDestCheckDisabled || e.Owner != "i-1" {
		t.Errorf("appliance interface = %+v", e)
	}
	if len(r.Skipped) != 0 {
		t.Errorf("skipped: %v", r.Skipped)
	}
}

// TestInterfaceKinds checks the kind each interface gets from its type,
// requester and description.
func TestInterfaceKinds(t *testing.T) {
	r := readOne(t, map[string]string{
		"Vpcs.json":    `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}`,
		"Subnets.json": `{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "AvailabilityZone": "us-east-1a", "CidrBlock": "10.0.0.0/24"}]}`,
		"NetworkInterfaces.json": `{"NetworkInterfaces": [
			{"NetworkInterfaceId": "eni-01", "SubnetId": "subnet-1", "InterfaceType": "interface", "Attachment": {"InstanceId": "i-1"}},
			{"NetworkInterfaceId": "eni-02", "SubnetId": "subnet-1", "InterfaceType": "lambda", "RequesterManaged": true},
			{"NetworkInterfaceId": "eni-03", "SubnetId": "subnet-1", "InterfaceType": "network_load_balancer", "Description": "ELB net/api/0123456789abcdef", "RequesterManaged": true},
			{"NetworkInterfaceId": "eni-04", "SubnetId": "subnet-1", "InterfaceType": "interface", "Description": "arn:aws:ecs:us-east-1:123456789012:attachment/1f2e", "RequesterManaged": true},
			{"NetworkInterfaceId": "eni-05", "SubnetId": "subnet-1", "InterfaceType": "interface", "Description": "Amazon EKS prod", "RequesterManaged": true},
			{"NetworkInterfaceId": "eni-06", "SubnetId": "subnet-1", "InterfaceType": "branch", "Attachment": {"InstanceId": "i-2"}},
			{"NetworkInterfaceId": "eni-07", "SubnetId": "subnet-1", "InterfaceType": "interface", "Description": "ElastiCache redis-001", "RequesterId": "amazon-elasticache", "RequesterManaged": true},
			{"NetworkInterfaceId": "eni-08", "SubnetId": "subnet-1", "InterfaceType": "gateway_load_balancer_endpoint", "Description": "VPC Endpoint Interface vpce-0abc"},
			{"NetworkInterfaceId": "eni-09", "SubnetId": "subnet-1", "InterfaceType": "interface", "Description": "DMSNetworkInterface", "RequesterId": "amazon-dms", "RequesterManaged": true},
			{"NetworkInterfaceId": "eni-10", "SubnetId": "subnet-1", "InterfaceType": "interface", "Description": "spare"},
			{"NetworkInterfaceId": "eni-11", "SubnetId": "subnet-1", "InterfaceType": "efs"}]}`,
	})
	got := map[string][2]string{}
	for _, e := range r.Network.NetworkInterfaces {
		got[e.ID] = [2]string{string(e.Kind), e.Owner}
	}
	want := map[string][2]string{
		"eni-01": {"", "i-1"}, "eni-02": {"lambda", ""}, "eni-03": {"load-balancer", "net/api/0123456789abcdef"},
		"eni-04": {"ecs-task", ""}, "eni-05": {"eks-control-plane", "prod"}, "eni-06": {"eks-pod", "i-2"},
		"eni-07": {"elasticache", ""}, "eni-08": {"vpc-endpoint", "vpce-0abc"}, "eni-09": {"other", "amazon-dms"},
		"eni-10": {"other", ""}, "eni-11": {"other", ""},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("kinds and owners (-want +got):\n%s", d)
	}
	var notes []string
	for _, s := range r.Skipped {
		notes = append(notes, s.Resource+" "+s.ID)
	}
	wantNotes := []string{"network-interface eni-09", "network-interface eni-10", "network-interface eni-11",
		"network-interface-security-groups eni-03", "network-interface-security-groups eni-08"}
	if d := cmp.Diff(wantNotes, notes); d != "" {
		t.Errorf("notes (-want +got):\n%s", d)
	}
}

// TestLoadBalancerInterfaces: the interfaces of an imported load
// balancer become its nodes' addresses, not interfaces of their own. An
// internet-facing Network Load Balancer's Elastic IP comes from
// describe-load-balancers (its interface shows the same address), an
// internal one's private address likewise; an Application Load
// Balancer's addresses, which AWS chooses, come from its interfaces. An
// interface in a subnet the load balancer does not list, or a second one
// in a subnet, is reported and dropped; what was said of the groups of
// the Network Load Balancers' interfaces (AWS gives them none) is
// withdrawn, as the nodes carry the load balancer's groups; an interface
// of a load balancer the input does not describe stays an interface. A target group's
// target whose instance is not in the input is cut and reported.
func TestLoadBalancerInterfaces(t *testing.T) {
	const (
		nlbARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/edge/1111111111111111"
		inARN  = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/inner/2222222222222222"
		albARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/3333333333333333"
		acct   = "123456789012" // from the ARNs: no directory names the account
	)
	r := readOne(t, map[string]string{
		"Vpcs.json": `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "OwnerId": "123456789012"}]}`,
		"Subnets.json": `{"Subnets": [
			{"SubnetId": "subnet-a", "VpcId": "vpc-1", "AvailabilityZone": "us-east-1a", "AvailabilityZoneId": "use1-az1", "CidrBlock": "10.0.0.0/24"},
			{"SubnetId": "subnet-b", "VpcId": "vpc-1", "AvailabilityZone": "us-east-1b", "AvailabilityZoneId": "use1-az2", "CidrBlock": "10.0.1.0/24"},
			{"SubnetId": "subnet-c", "VpcId": "vpc-1", "AvailabilityZone": "us-east-1c", "AvailabilityZoneId": "use1-az3", "CidrBlock": "10.0.2.0/24"}]}`,
		"SecurityGroups.json": `{"SecurityGroups": [{"GroupId": "sg-web", "GroupName": "web", "VpcId": "vpc-1", "OwnerId": "123456789012"}]}`,
		"LoadBalancers.json": `{"LoadBalancers": [
			{"LoadBalancerArn": "` + nlbARN + `", "LoadBalancerName": "edge", "Type": "network", "Scheme": "internet-facing", "VpcId": "vpc-1", "IpAddressType": "ipv4",
			 "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "subnet-a", "LoadBalancerAddresses": [{"IpAddress": "3.1.1.1", "AllocationId": "eipalloc-1", "PrivateIPv4Address": "10.0.0.50"}]}]},
			{"LoadBalancerArn": "` + inARN + `", "LoadBalancerName": "inner", "Type": "network", "Scheme": "internal", "VpcId": "vpc-1", "IpAddressType": "ipv4",
			 "AvailabilityZones": [{"ZoneName": "us-east-1b", "SubnetId": "subnet-b", "LoadBalancerAddresses": [{"IpAddress": "10.0.1.60"}]}]},
			{"LoadBalancerArn": "` + albARN + `", "LoadBalancerName": "web", "Type": "application", "Scheme": "internet-facing", "VpcId": "vpc-1",
			 "SecurityGroups": ["sg-web", "sg-gone"],
			 "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "subnet-a"}, {"ZoneName": "us-east-1b", "SubnetId": "subnet-b"}]}]}`,
		"NetworkInterfaces.json": `{"NetworkInterfaces": [
			{"NetworkInterfaceId": "eni-01", "SubnetId": "subnet-a", "InterfaceType": "network_load_balancer", "Description": "ELB net/edge/1111111111111111",
			 "PrivateIpAddress": "10.0.0.50", "Association": {"PublicIp": "3.1.1.1", "AllocationId": "eipalloc-1"}},
			{"NetworkInterfaceId": "eni-02", "SubnetId": "subnet-b", "InterfaceType": "network_load_balancer", "Description": "ELB net/inner/2222222222222222", "PrivateIpAddress": "10.0.1.60"},
			{"NetworkInterfaceId": "eni-03", "SubnetId": "subnet-a", "InterfaceType": "interface", "Description": "ELB app/web/3333333333333333",
			 "PrivateIpAddress": "10.0.0.70", "Association": {"PublicIp": "3.2.2.2"}, "Groups": [{"GroupId": "sg-web"}]},
			{"NetworkInterfaceId": "eni-04", "SubnetId": "subnet-b", "InterfaceType": "interface", "Description": "ELB app/web/3333333333333333",
			 "PrivateIpAddress": "10.0.1.70", "Association": {"PublicIp": "3.2.2.3"}, "Groups": [{"GroupId": "sg-web"}]},
			{"NetworkInterfaceId": "eni-05", "SubnetId": "subnet-b", "InterfaceType": "interface", "Description": "ELB app/web/3333333333333333",
			 "PrivateIpAddress": "10.0.1.71", "Groups": [{"GroupId": "sg-web"}]},
			{"NetworkInterfaceId": "eni-06", "SubnetId": "subnet-c", "InterfaceType": "interface", "Description": "ELB app/web/3333333333333333",
			 "PrivateIpAddress": "10.0.2.70", "Groups": [{"GroupId": "sg-web"}]},
			{"NetworkInterfaceId": "eni-07", "SubnetId": "subnet-c", "InterfaceType": "interface", "Description": "ELB app/other/4444444444444444",
			 "PrivateIpAddress": "10.0.2.80", "Groups": [{"GroupId": "sg-web"}]}]}`,
		"TargetGroups.json": `{"TargetGroups": [{"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app/5555555555555555",
			"TargetGroupName": "app", "Protocol": "HTTP", "Port": 80, "VpcId": "vpc-1", "TargetType": "instance"}]}`,
		"TargetHealth-app.json": `{"TargetHealthDescriptions": [{"Target": {"Id": "i-gone"}, "TargetHealth": {"State": "healthy"}}]}`,
	})
	want := []elb.LoadBalancer{
		{ID: albARN, Name: "web", Type: elb.Application, Scheme: elb.InternetFacing, Account: acct, VPC: "vpc-1", SecurityGroups: []string{"sg-web"},
			Subnets: []elb.SubnetMapping{{Subnet: "subnet-a", PrivateIPv4: addr("10.0.0.70"), PublicIPv4: addr("3.2.2.2")},
				{Subnet: "subnet-b", PrivateIPv4: addr("10.0.1.70"), PublicIPv4: addr("3.2.2.3")}}},
		{ID: nlbARN, Name: "edge", Type: elb.Network, Scheme: elb.InternetFacing, Account: acct, VPC: "vpc-1", IPAddressType: elb.IPv4,
			Subnets: []elb.SubnetMapping{{Subnet: "subnet-a", PrivateIPv4: addr("10.0.0.50"), ElasticIP: addr("3.1.1.1")}}},
		{ID: inARN, Name: "inner", Type: elb.Network, Scheme: elb.Internal, Account: acct, VPC: "vpc-1", IPAddressType: elb.IPv4,
			Subnets: []elb.SubnetMapping{{Subnet: "subnet-b", PrivateIPv4: addr("10.0.1.60")}}},
	}
	if d := cmp.Diff(want, r.Network.LoadBalancers, netOpts...); d != "" {
		t.Errorf("load balancers (-want +got):\n%s", d)
	}
	var enis []string
	for _, e := range r.Network.NetworkInterfaces {
		enis = append(enis, e.ID+" "+e.Owner)
	}
	if d := cmp.Diff([]string{"eni-07 app/other/4444444444444444"}, enis); d != "" {
		t.Errorf("interfaces (-want +got):\n%s", d)
	}
	if got := r.Network.TargetGroups[0].Targets; len(got) != 0 {
		t.Errorf("targets %v, want the missing instance cut", got)
	}
	var notes []string
	for _, s := range r.Skipped {
		notes = append(notes, s.Resource+" "+s.ID)
	}
	wantNotes := []string{
		"load-balancer " + albARN,
		"network-interface eni-05",
		"network-interface eni-06",
		"target-group arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app/5555555555555555",
	}
	if d := cmp.Diff(wantNotes, notes); d != "" {
		t.Errorf("notes (-want +got):\n%s\n%v", d, r.Skipped)
	}
	if _, err := sim.Compile(r.Network); err != nil {
		t.Errorf("the import does not compile: %v", err)
	}
}
