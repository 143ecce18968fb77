package main

import (
	"fmt"
	"io"
	"log"
	"net/netip"
	"os"
	"strings"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Short helpers for the literals below.
var (
	pfx    = netip.MustParsePrefix
	anyIP4 = pfx("0.0.0.0/0")
	tcp    = vpc.ProtocolTCP
	yes    = true
)

// The accounts and the Region.
const (
	providerAccount = "222222222222"
	shopAccount     = "111111111111"
	billingAccount  = "333333333333"
	region          = "us-east-1"
)

// serviceName is the endpoint service's name, which consumers' endpoints
// name.
const serviceName = "com.amazonaws.vpce." + region + ".vpce-svc-0a9e1f"

// network declares the provider and its two consumers.
func network() *sim.Network {
	n := &sim.Network{}

	// --- The provider (222222222222) ---------------------------------
	//
	// Zone names are per account: the provider's us-east-1a and b are the
	// zones with IDs use1-az4 and use1-az6.
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-provider", Account: providerAccount, Region: region, CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}})
	n.Subnets = append(n.Subnets,
		vpc.Subnet{ID: "provider-a", VPC: "vpc-provider", AvailabilityZone: "us-east-1a", AvailabilityZoneID: "use1-az4", CIDR: pfx("10.0.1.0/24")},
		vpc.Subnet{ID: "provider-b", VPC: "vpc-provider", AvailabilityZone: "us-east-1b", AvailabilityZoneID: "use1-az6", CIDR: pfx("10.0.2.0/24")},
	)
	// The load balancer has no security group (it was created without
	// one), so the instances' group decides: HTTPS on 8443 from the load
	// balancer's subnets, where its nodes' addresses are.
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-api", VPC: "vpc-provider",
		Ingress: []vpc.SGRule{
			{Protocol: tcp, Ports: vpc.Port(8443), CIDR: pfx("10.0.1.0/24"), Description: "load balancer node, us-east-1a"},
			{Protocol: tcp, Ports: vpc.Port(8443), CIDR: pfx("10.0.2.0/24"), Description: "load balancer node, us-east-1b"},
		}})
	n.NetworkInterfaces = append(n.NetworkInterfaces,
		vpc.NetworkInterface{ID: "eni-api-a", Subnet: "provider-a", Kind: vpc.KindEC2, SecurityGroups: []string{"sg-api"}},
		vpc.NetworkInterface{ID: "eni-api-b", Subnet: "provider-b", Kind: vpc.KindEC2, SecurityGroups: []string{"sg-api"}},
	)
	n.LoadBalancers = append(n.LoadBalancers, elb.LoadBalancer{ID: "nlb-api", Type: elb.Network, Scheme: elb.Internal, VPC: "vpc-provider",
		Subnets: []elb.SubnetMapping{{Subnet: "provider-a"}, {Subnet: "provider-b"}}})
	n.TargetGroups = append(n.TargetGroups, elb.TargetGroup{ID: "tg-api", TargetType: elb.InstanceTarget, Protocol: elb.TCP, Port: 8443,
		VPC: "vpc-provider", Targets: []elb.Target{{ID: "eni-api-a"}, {ID: "eni-api-b"}}})
	n.Listeners = append(n.Listeners, elb.Listener{ID: "nlb-api-443", LoadBalancer: "nlb-api", Protocol: elb.TCP, Port: 443,
		Default: elb.Action{Type: elb.ForwardAction, Forward: []elb.WeightedTargetGroup{{TargetGroup: "tg-api"}}}})
	n.EndpointServices = append(n.EndpointServices, endpoint.Service{ID: "vpce-svc-0a9e1f", Account: providerAccount, Region: region,
		NetworkLoadBalancers: []string{"nlb-api"}, AcceptanceRequired: &yes,
		AllowedPrincipals: []string{"arn:aws:iam::" + shopAccount + ":root", "arn:aws:iam::" + billingAccount + ":root"},
		PrivateDNSName:    "api.provider.example", PrivateDNSVerification: endpoint.Verified})

	// --- Consumers ------------------------------------------------------
	//
	// Each has app subnets in two zones, an endpoint security group that
	// admits HTTPS from its VPC, and an interface endpoint with private
	// DNS in both app subnets. The shop's us-east-1a and b are the
	// provider's use1-az6 and use1-az4 (reversed names); billing's are
	// use1-az4 and use1-az6.
	consumer := func(id, account, cidr string, zoneIDs [2]string) {
		p := pfx(cidr)
		n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-" + id, Account: account, Region: region, CIDRs: []netip.Prefix{p}, EnableDNSHostnames: true})
		base := p.Addr().As4()
		for i, az := range []string{"a", "b"} {
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: id + "-app-" + az, VPC: "vpc-" + id, AvailabilityZone: region + az,
				AvailabilityZoneID: zoneIDs[i], CIDR: netip.PrefixFrom(netip.AddrFrom4([4]byte{base[0], base[1], byte(10 + i), 0}), 24)})
		}
		n.SecurityGroups = append(n.SecurityGroups,
			vpc.SecurityGroup{ID: "sg-" + id + "-app", VPC: "vpc-" + id, Egress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), CIDR: anyIP4}}},
			vpc.SecurityGroup{ID: "sg-" + id + "-endpoint", VPC: "vpc-" + id, Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), CIDR: p}}},
		)
		n.NetworkInterfaces = append(n.NetworkInterfaces,
			vpc.NetworkInterface{ID: "eni-" + id + "-a", Subnet: id + "-app-a", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-" + id + "-app"}},
			vpc.NetworkInterface{ID: "eni-" + id + "-b", Subnet: id + "-app-b", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-" + id + "-app"}},
		)
		n.VPCEndpoints = append(n.VPCEndpoints, endpoint.Endpoint{ID: "vpce-" + id, Type: endpoint.Interface, VPC: "vpc-" + id,
			ServiceName: serviceName, Subnets: []string{id + "-app-a", id + "-app-b"},
			SecurityGroups: []string{"sg-" + id + "-endpoint"}, PrivateDNSEnabled: &yes})
	}
	consumer("shop", shopAccount, "10.0.0.0/16", [2]string{"use1-az6", "use1-az4"})
	consumer("billing", billingAccount, "10.20.0.0/16", [2]string{"use1-az4", "use1-az6"})

	// The provider accepted the shop's connection; billing's waits.
	n.EndpointConnections = append(n.EndpointConnections,
		endpoint.Connection{Endpoint: "vpce-shop", Service: "vpce-svc-0a9e1f", State: endpoint.Available},
		endpoint.Connection{Endpoint: "vpce-billing", Service: "vpce-svc-0a9e1f", State: endpoint.PendingAcceptance},
	)
	return n
}

// question is one query the program asks, with what it means.
type question struct {
	what string
	q    sim.Query
}

func questions() []question {
	https := func(from string, to sim.Endpoint) sim.Query {
		return sim.Query{From: sim.ENI(from), To: to, Protocol: tcp, Port: 443}
	}
	return []question{
		{"A shop task in us-east-1a (use1-az6) calls the API by its private DNS name",
			https("eni-shop-a", sim.DNSName("api.provider.example"))},
		{"A shop task in us-east-1b (use1-az4) calls it by the endpoint service's name",
			https("eni-shop-b", sim.Service(serviceName))},
		{"The shop cannot reach the provider's instances directly: their addresses are inside the shop's own CIDR, which its local route keeps",
			https("eni-shop-a", sim.ENI("eni-api-a"))},
		{"A billing task calls the API: the provider has not accepted billing's connection",
			https("eni-billing-a", sim.DNSName("api.provider.example"))},
	}
}

// report asks the questions and prints the explained answers.
func report(w io.Writer) error {
	m, err := sim.Compile(network())
	if err != nil {
		return err
	}
	for i, x := range questions() {
		r, err := m.Reach(x.q)
		if err != nil {
			return fmt.Errorf("%s: %w", x.what, err)
		}
		fmt.Fprintf(w, "%d. %s\n", i+1, x.what)
		if via := r.Via(); len(via) > 0 {
			fmt.Fprintf(w, "   via: %s\n", strings.Join(via, ", "))
		}
		if r.Block != nil {
			fmt.Fprintf(w, "   why: %s\n", r.Block)
		}
		for _, line := range strings.Split(strings.TrimSuffix(r.String(), "\n"), "\n") {
			fmt.Fprintf(w, "   %s\n", line)
		}
		fmt.Fprintln(w)
	}
	return nil
}

func main() {
	log.SetFlags(0)
	if err := report(os.Stdout); err != nil {
		log.Fatal(err)
	}
}
