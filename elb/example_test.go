package elb_test

import (
	"fmt"
	"net/netip"

	"github.com/vpcsim/vpcsim/elb"
)

// An internet-facing Application Load Balancer in two zones whose HTTPS
// listener sends /api/* to one target group, shares the rest between blue
// and green, and redirects plain HTTP to HTTPS.
func Example() {
	alb := elb.LoadBalancer{
		ID: "alb-web", VPC: "vpc-app", // Type zero: application; Scheme zero: internet-facing
		Subnets:        []elb.SubnetMapping{{Subnet: "subnet-public-a"}, {Subnet: "subnet-public-b"}},
		SecurityGroups: []string{"sg-alb"},
	}
	https := elb.Listener{
		ID: "l-443", LoadBalancer: alb.ID, Protocol: elb.HTTPS, Port: 443,
		Default: elb.ForwardWeighted(
			elb.WeightedTargetGroup{TargetGroup: "tg-blue", Weight: 90},
			elb.WeightedTargetGroup{TargetGroup: "tg-green", Weight: 10}),
		Rules: []elb.Rule{{
			Priority:   10,
			Conditions: []elb.Condition{elb.PathPattern("/api/*"), elb.SourceIP(netip.MustParsePrefix("10.0.0.0/8"))},
			Action:     elb.ForwardTo("tg-api"),
		}},
	}
	http := elb.Listener{
		ID: "l-80", LoadBalancer: alb.ID, Protocol: elb.HTTP, Port: 80,
		Default: elb.RedirectTo(elb.Redirect{Protocol: "HTTPS", Port: "443", StatusCode: elb.Permanent}),
	}
	api := elb.TargetGroup{
		ID: "tg-api", TargetType: elb.IPTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-app",
		HealthCheck: elb.HealthCheck{Path: "/healthz"},
		Targets: []elb.Target{
			{IP: netip.MustParseAddr("10.0.10.5")},
			{IP: netip.MustParseAddr("10.0.11.5"), Health: elb.Unhealthy},
		},
	}
	fmt.Println(alb.Type, alb.CrossZoneEnabled(), alb.HasSecurityGroups())
	for _, l := range []elb.Listener{https, http} {
		fmt.Println(l.ID, l.Protocol, l.Port, l.Default.Type, l.Default.TargetGroups())
	}
	for _, t := range api.Targets {
		fmt.Println(t.IP, t.Health, t.Health.Routable())
	}
	// Output:
	// application true true
	// l-443 HTTPS 443 forward [tg-blue tg-green]
	// l-80 HTTP 80 redirect []
	// 10.0.10.5 healthy true
	// 10.0.11.5 unhealthy false
}
