package sim

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/vpc"
)

// gwlbSvcName is the service name of the inspection fixtures' endpoint
// service.
const gwlbSvcName = "com.amazonaws.vpce.us-east-1.vpce-svc-0f1e2d3c"

// gwlbFleet returns the provider side of the Gateway Load Balancer
// fixtures, in VPC vpcID: the Gateway Load Balancer gwlb-fw with a node
// in subnets lbA (us-east-1a) and lbB (us-east-1b), its listener, its
// GENEVE target group tg-fw holding the appliances eni-fw-a in fwA and
// eni-fw-b in fwB (one per zone, in group sg-fw, which admits UDP 6081
// from the VPC's CIDR), and the endpoint service vpce-svc-0f1e2d3c that
// accepts connections automatically.
func gwlbFleet(n *Network, vpcID, cidr, lbA, lbB, fwA, fwB string) {
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-fw", VPC: vpcID,
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolUDP, Ports: vpc.Port(6081), CIDR: pfx(cidr)}},
		Egress:  []vpc.SGRule{vpc.AllowAllEgress()}})
	n.NetworkInterfaces = append(n.NetworkInterfaces,
		vpc.NetworkInterface{ID: "eni-fw-a", Subnet: fwA, SecurityGroups: []string{"sg-fw"}},
		vpc.NetworkInterface{ID: "eni-fw-b", Subnet: fwB, SecurityGroups: []string{"sg-fw"}})
	n.LoadBalancers = append(n.LoadBalancers, elb.LoadBalancer{ID: "gwlb-fw", Type: elb.Gateway, VPC: vpcID,
		Subnets: []elb.SubnetMapping{{Subnet: lbA}, {Subnet: lbB}}})
	n.Listeners = append(n.Listeners, elb.Listener{ID: "lst-fw", LoadBalancer: "gwlb-fw",
		Default: elb.Action{Type: elb.ForwardAction, Forward: []elb.WeightedTargetGroup{{TargetGroup: "tg-fw"}}}})
	n.TargetGroups = append(n.TargetGroups, elb.TargetGroup{ID: "tg-fw", Protocol: elb.GENEVE, Port: elb.GENEVEPort, VPC: vpcID,
		Targets: []elb.Target{{ID: "eni-fw-a"}, {ID: "eni-fw-b"}}})
	no := false
	n.EndpointServices = append(n.EndpointServices, endpoint.Service{ID: "vpce-svc-0f1e2d3c", GatewayLoadBalancers: []string{"gwlb-fw"}, AcceptanceRequired: &no})
}

// gwlbIngress reproduces the design of the ELB Gateway Load Balancers
// guide, "Getting started" (inspection of internet ingress with Gateway
// Load Balancer endpoints and a gateway route table), in two zones:
//
//   - vpc-app (10.0.0.0/16, internet gateway igw-app): the web servers
//     eni-web-a (subnet-app-a, 10.0.1.0/24, us-east-1a) and eni-web-b
//     (subnet-app-b, 10.0.3.0/24, us-east-1b), public, in sg-web (TCP 443
//     from anywhere); the endpoints vpce-a (subnet-gwlbe-a, 10.0.0.0/24)
//     and vpce-b (subnet-gwlbe-b, 10.0.2.0/24) to vpce-svc-0f1e2d3c.
//   - rtb-edge, the internet gateway's route table, sends each
//     application subnet to its zone's endpoint; each application subnet
//     sends 0.0.0.0/0 to its zone's endpoint; the endpoints' subnets send
//     0.0.0.0/0 to the internet gateway.
//   - vpc-sec (10.10.0.0/16): the fleet of gwlbFleet, its load balancer's
//     nodes in subnet-gwlb-a and subnet-gwlb-b, its appliances in
//     subnet-fw-a and subnet-fw-b.
func gwlbIngress() *Network {
	all := []vpc.SGRule{vpc.AllowAllEgress()}
	n := &Network{
		VPCs: []vpc.VPC{
			{ID: "vpc-app", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}},
			{ID: "vpc-sec", CIDRs: []netip.Prefix{pfx("10.10.0.0/16")}},
		},
		Subnets: []vpc.Subnet{
			{ID: "subnet-gwlbe-a", VPC: "vpc-app", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.0.0/24")},
			{ID: "subnet-app-a", VPC: "vpc-app", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.1.0/24")},
			{ID: "subnet-gwlbe-b", VPC: "vpc-app", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.2.0/24")},
			{ID: "subnet-app-b", VPC: "vpc-app", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.3.0/24")},
			{ID: "subnet-fw-a", VPC: "vpc-sec", AvailabilityZone: "us-east-1a", CIDR: pfx("10.10.0.0/24")},
			{ID: "subnet-fw-b", VPC: "vpc-sec", AvailabilityZone: "us-east-1b", CIDR: pfx("10.10.1.0/24")},
			{ID: "subnet-gwlb-a", VPC: "vpc-sec", AvailabilityZone: "us-east-1a", CIDR: pfx("10.10.10.0/24")},
			{ID: "subnet-gwlb-b", VPC: "vpc-sec", AvailabilityZone: "us-east-1b", CIDR: pfx("10.10.11.0/24")},
		},
		InternetGateways: []vpc.InternetGateway{{ID: "igw-app", VPC: "vpc-app"}},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-edge", VPC: "vpc-app", Gateways: []string{"igw-app"}, Routes: []vpc.Route{
				{Destination: pfx("10.0.1.0/24"), Target: vpc.ToVPCEndpoint("vpce-a")},
				{Destination: pfx("10.0.3.0/24"), Target: vpc.ToVPCEndpoint("vpce-b")},
			}},
			{ID: "rtb-app-a", VPC: "vpc-app", Subnets: []string{"subnet-app-a"}, Routes: []vpc.Route{
				{Destination: pfx("0.0.0.0/0"), Target: vpc.ToVPCEndpoint("vpce-a")},
			}},
			{ID: "rtb-app-b", VPC: "vpc-app", Subnets: []string{"subnet-app-b"}, Routes: []vpc.Route{
				{Destination: pfx("0.0.0.0/0"), Target: vpc.ToVPCEndpoint("vpce-b")},
			}},
			{ID: "rtb-gwlbe", VPC: "vpc-app", Main: true, Subnets: []string{"subnet-gwlbe-a", "subnet-gwlbe-b"}, Routes: []vpc.Route{
				{Destination: pfx("0.0.0.0/0"), Target: vpc.ToInternetGateway("igw-app")},
			}},
		},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-web", VPC: "vpc-app", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("0.0.0.0/0")}}, Egress: all},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-web-a", Subnet: "subnet-app-a", SecurityGroups: []string{"sg-web"}, PublicIP: addr("54.10.0.1")},
			{ID: "eni-web-b", Subnet: "subnet-app-b", SecurityGroups: []string{"sg-web"}, PublicIP: addr("54.10.0.2")},
		},
		VPCEndpoints: []endpoint.Endpoint{
			{ID: "vpce-a", Type: endpoint.GatewayLoadBalancer, VPC: "vpc-app", ServiceName: gwlbSvcName, Subnets: []string{"subnet-gwlbe-a"}},
			{ID: "vpce-b", Type: endpoint.GatewayLoadBalancer, VPC: "vpc-app", ServiceName: gwlbSvcName, Subnets: []string{"subnet-gwlbe-b"}},
		},
	}
	gwlbFleet(n, "vpc-sec", "10.10.0.0/16", "subnet-gwlb-a", "subnet-gwlb-b", "subnet-fw-a", "subnet-fw-b")
	return n
}

// gwlbCentral reproduces the centralized inspection design with a
// transit gateway (AWS whitepaper "Building a Scalable and Secure
// Multi-VPC AWS Network Infrastructure", centralized network security
// for VPC-to-VPC traffic with Gateway Load Balancer; AWS Transit Gateway
// Guide, "Example: Appliance in a shared services VPC"):
//
//   - spoke-1 (10.1.0.0/16) holds eni-sp1 in sp1-a (us-east-1a); spoke-2
//     (10.2.0.0/16) holds eni-sp2 in sp2-b (us-east-1b); both route
//     0.0.0.0/0 to tgw and attach to it in both zones.
//   - vpc-insp (10.100.0.0/16) attaches through insp-tgw-a and insp-tgw-b
//     (att-insp, appliance mode as given), whose route tables send
//     0.0.0.0/0 to the endpoint of their zone (vpce-insp-a in
//     insp-gwlbe-a, vpce-insp-b in insp-gwlbe-b); the endpoints' subnets
//     send 10.0.0.0/8 back to tgw; the fleet of gwlbFleet is in
//     insp-fw-a and insp-fw-b (nodes and appliances share a subnet, as
//     the getting-started guide allows).
//   - tgw-rtb-spokes (the spokes' association) sends 0.0.0.0/0 to
//     att-insp; tgw-rtb-insp (att-insp's) learns the spokes by
//     propagation.
func gwlbCentral(applianceMode bool) *Network {
	all := []vpc.SGRule{vpc.AllowAllEgress()}
	subnet := func(id, v, az, cidr string) vpc.Subnet {
		return vpc.Subnet{ID: id, VPC: v, AvailabilityZone: az, CIDR: pfx(cidr)}
	}
	n := &Network{
		VPCs: []vpc.VPC{
			{ID: "spoke-1", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}},
			{ID: "spoke-2", CIDRs: []netip.Prefix{pfx("10.2.0.0/16")}},
			{ID: "vpc-insp", CIDRs: []netip.Prefix{pfx("10.100.0.0/16")}},
		},
		Subnets: []vpc.Subnet{
			subnet("sp1-a", "spoke-1", "us-east-1a", "10.1.0.0/24"),
			subnet("sp1-b", "spoke-1", "us-east-1b", "10.1.1.0/24"),
			subnet("sp2-a", "spoke-2", "us-east-1a", "10.2.0.0/24"),
			subnet("sp2-b", "spoke-2", "us-east-1b", "10.2.1.0/24"),
			subnet("insp-tgw-a", "vpc-insp", "us-east-1a", "10.100.0.0/24"),
			subnet("insp-tgw-b", "vpc-insp", "us-east-1b", "10.100.1.0/24"),
			subnet("insp-gwlbe-a", "vpc-insp", "us-east-1a", "10.100.2.0/24"),
			subnet("insp-gwlbe-b", "vpc-insp", "us-east-1b", "10.100.3.0/24"),
			subnet("insp-fw-a", "vpc-insp", "us-east-1a", "10.100.4.0/24"),
			subnet("insp-fw-b", "vpc-insp", "us-east-1b", "10.100.5.0/24"),
		},
		TransitGateways: []vpc.TransitGateway{{ID: "tgw"}},
		TransitGatewayAttachments: []vpc.TransitGatewayAttachment{
			{ID: "att-sp1", TransitGateway: "tgw", VPC: "spoke-1", Subnets: []string{"sp1-a", "sp1-b"}, RouteTable: "tgw-rtb-spokes", Propagations: []string{"tgw-rtb-insp"}},
			{ID: "att-sp2", TransitGateway: "tgw", VPC: "spoke-2", Subnets: []string{"sp2-a", "sp2-b"}, RouteTable: "tgw-rtb-spokes", Propagations: []string{"tgw-rtb-insp"}},
			{ID: "att-insp", TransitGateway: "tgw", VPC: "vpc-insp", Subnets: []string{"insp-tgw-a", "insp-tgw-b"}, RouteTable: "tgw-rtb-insp", ApplianceMode: applianceMode},
		},
		TransitGatewayRouteTables: []vpc.TransitGatewayRouteTable{
			{ID: "tgw-rtb-spokes", TransitGateway: "tgw", Routes: []vpc.TGWRoute{{Destination: pfx("0.0.0.0/0"), Attachment: "att-insp"}}},
			{ID: "tgw-rtb-insp", TransitGateway: "tgw"},
		},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-sp1", VPC: "spoke-1", Main: true, Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToTransitGateway("tgw")}}},
			{ID: "rtb-sp2", VPC: "spoke-2", Main: true, Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToTransitGateway("tgw")}}},
			{ID: "rtb-insp-tgw-a", VPC: "vpc-insp", Subnets: []string{"insp-tgw-a"}, Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToVPCEndpoint("vpce-insp-a")}}},
			{ID: "rtb-insp-tgw-b", VPC: "vpc-insp", Subnets: []string{"insp-tgw-b"}, Routes: []vpc.Route{{Destination: pfx("0.0.0.0/0"), Target: vpc.ToVPCEndpoint("vpce-insp-b")}}},
			{ID: "rtb-insp-gwlbe", VPC: "vpc-insp", Subnets: []string{"insp-gwlbe-a", "insp-gwlbe-b"}, Routes: []vpc.Route{{Destination: pfx("10.0.0.0/8"), Target: vpc.ToTransitGateway("tgw")}}},
			{ID: "rtb-insp-main", VPC: "vpc-insp", Main: true},
		},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-sp1", VPC: "spoke-1", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("10.0.0.0/8")}}, Egress: all},
			{ID: "sg-sp2", VPC: "spoke-2", Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("10.0.0.0/8")}}, Egress: all},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-sp1", Subnet: "sp1-a", SecurityGroups: []string{"sg-sp1"}},
			{ID: "eni-sp2", Subnet: "sp2-b", SecurityGroups: []string{"sg-sp2"}},
		},
		VPCEndpoints: []endpoint.Endpoint{
			{ID: "vpce-insp-a", Type: endpoint.GatewayLoadBalancer, VPC: "vpc-insp", ServiceName: gwlbSvcName, Subnets: []string{"insp-gwlbe-a"}},
			{ID: "vpce-insp-b", Type: endpoint.GatewayLoadBalancer, VPC: "vpc-insp", ServiceName: gwlbSvcName, Subnets: []string{"insp-gwlbe-b"}},
		},
	}
	gwlbFleet(n, "vpc-insp", "10.100.0.0/16", "insp-fw-a", "insp-fw-b", "insp-fw-a", "insp-fw-b")
	return n
}
