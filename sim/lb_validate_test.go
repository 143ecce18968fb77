package sim

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/vpc"
)

// withDualStack returns withALB with IPv6 blocks on the VPC and its
// subnets.
func withDualStack() *Network {
	n := withALB()
	n.VPCs[0].IPv6CIDR = pfx("2600:1f18:1:100::/56")
	for i := range n.Subnets {
		n.Subnets[i].IPv6CIDR = netip.PrefixFrom(netip.MustParseAddr(fmt.Sprintf("2600:1f18:1:1%02x::", i)), 64)
	}
	return n
}

// withBoth returns withALB plus withNLB's load balancer, its group and
// its database target group.
func withBoth() *Network {
	n := withALB()
	m := withNLB(false)
	n.SecurityGroups = m.SecurityGroups
	n.NetworkACLs = m.NetworkACLs
	n.NetworkInterfaces = m.NetworkInterfaces
	n.LoadBalancers = append(n.LoadBalancers, m.LoadBalancers...)
	n.TargetGroups = append(n.TargetGroups, m.TargetGroups...)
	n.Listeners = append(n.Listeners, m.Listeners...)
	return n
}

// withOtherVPC adds a second VPC with one subnet and one interface.
func withOtherVPC(n *Network) *Network {
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-other", CIDRs: []netip.Prefix{pfx("10.9.0.0/16")}, Region: "us-east-1"})
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "subnet-other", VPC: "vpc-other", AvailabilityZone: "us-east-1a", CIDR: pfx("10.9.0.0/24")})
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-other", Subnet: "subnet-other"})
	return n
}

// lbValidationCase is one declaration the ELB API rejects: the edit of a
// valid base network, and the resource, ID and field the error names.
type lbValidationCase struct {
	name  string
	base  func() *Network
	edit  func(*Network)
	res   string
	id    string
	field string
	kind  error
}

// TestLBValidationMore pins what the ELB API rejects, beyond the core
// checks of TestLBValidation. Each case names its AWS source.
func TestLBValidationMore(t *testing.T) {
	alb := withALB
	nlb := func() *Network { return withNLB(false) }
	tgAPI := func(n *Network) *elb.TargetGroup { return &n.TargetGroups[0] }
	db := func(n *Network) *elb.TargetGroup { return &n.TargetGroups[0] }
	rule0 := func(n *Network) *elb.Rule { return &n.Listeners[0].Rules[0] }
	cases := []lbValidationCase{
		// --- Load balancers (API reference CreateLoadBalancer; ALB guide
		// "Subnets for your Application Load Balancer").
		{"alb subnet smaller than /27", alb, func(n *Network) {
			n.Subnets[1].CIDR = pfx("10.0.1.0/28")
		}, "load-balancer", "alb-web", "subnets[1].subnet", ErrCapacity},
		{"alb subnet with fewer than 8 free addresses", alb, func(n *Network) {
			n.Subnets[1].CIDR = pfx("10.0.1.0/27") // 27 usable: nat-b, the node and 19 tasks leave 7 free
			for i := range 19 {
				n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: fmt.Sprintf("eni-task-%d", i), Subnet: "subnet-pub-b"})
			}
		}, "load-balancer", "alb-web", "subnets[1].subnet", ErrCapacity},
		{"dualstack alb in ipv4 subnets", alb, func(n *Network) {
			n.LoadBalancers[0].IPAddressType = elb.DualStack
		}, "load-balancer", "alb-web", "subnets[0].subnet", ErrInvalidValue},
		{"private address outside its subnet", nlb, func(n *Network) {
			n.LoadBalancers[0].Subnets[0].PrivateIPv4 = addr("10.9.10.50")
		}, "load-balancer", "nlb-db", "subnets[0].privateIpv4", ErrAddress},
		{"ipv6 address on an ipv4 nlb", nlb, func(n *Network) {
			n.LoadBalancers[0].Subnets[0].IPv6 = addr("2600:1f18:1:102::50")
		}, "load-balancer", "nlb-db", "subnets[0].ipv6", ErrInvalidValue},
		{"ipv6 address outside the subnet", func() *Network {
			n := withDualStack()
			n.LoadBalancers[0] = elb.LoadBalancer{ID: "nlb-6", Type: elb.Network, VPC: "vpc-main", IPAddressType: elb.DualStack,
				Subnets: []elb.SubnetMapping{{Subnet: "subnet-pub-a"}}}
			n.Listeners = nil
			return n
		}, func(n *Network) {
			n.LoadBalancers[0].Subnets[0].IPv6 = addr("2600:1f18:1:199::50")
		}, "load-balancer", "nlb-6", "subnets[0].ipv6", ErrAddress},
		{"createdWithSecurityGroups on an alb", alb, func(n *Network) {
			yes := true
			n.LoadBalancers[0].CreatedWithSecurityGroups = &yes
		}, "load-balancer", "alb-web", "createdWithSecurityGroups", ErrInvalidValue},
		{"privatelink inbound rules on an nlb without groups", nlb, func(n *Network) {
			no := false
			n.LoadBalancers[0].SecurityGroups = nil
			n.LoadBalancers[0].EnforceInboundRulesOnPrivateLink = &no
		}, "load-balancer", "nlb-db", "enforceInboundRulesOnPrivateLink", ErrInvalidValue},
		{"cross-zone off on an alb", alb, func(n *Network) {
			no := false
			n.LoadBalancers[0].CrossZone = &no
		}, "load-balancer", "alb-web", "crossZone", ErrInvalidValue},

		// --- Listeners (API reference CreateListener; NLB guide "Create a
		// listener for your Network Load Balancer" and "Listeners for your
		// Network Load Balancers").
		{"two listeners on one port", alb, func(n *Network) {
			n.Listeners = append(n.Listeners, elb.Listener{ID: "lis-2", LoadBalancer: "alb-web", Protocol: elb.HTTP, Port: 443, Default: elb.ForwardTo("tg-web")})
		}, "listener", "lis-2", "port", ErrConflict},
		{"quic listener on an nlb with security groups", nlb, func(n *Network) {
			n.Listeners[0].Protocol, n.TargetGroups[0].Protocol = elb.QUIC, elb.QUIC
		}, "listener", "lis-db", "protocol", ErrInvalidValue},
		{"quic listener beside a udp one", nlb, func(n *Network) {
			n.LoadBalancers[0].SecurityGroups = nil
			n.TargetGroups = append(n.TargetGroups, elb.TargetGroup{ID: "tg-q", TargetType: elb.IPTarget, Protocol: elb.QUIC, Port: 443, VPC: "vpc-main"},
				elb.TargetGroup{ID: "tg-u", TargetType: elb.IPTarget, Protocol: elb.UDP, Port: 53, VPC: "vpc-main"})
			n.Listeners = append(n.Listeners, elb.Listener{ID: "lis-u", LoadBalancer: "nlb-db", Protocol: elb.UDP, Port: 53, Default: elb.ForwardTo("tg-u")},
				elb.Listener{ID: "lis-q", LoadBalancer: "nlb-db", Protocol: elb.QUIC, Port: 443, Default: elb.ForwardTo("tg-q")})
		}, "listener", "lis-q", "protocol", ErrConflict},
		{"tls listener to a udp target group", nlb, func(n *Network) {
			n.Listeners[0].Protocol, db(n).Protocol = elb.TLS, elb.UDP
		}, "listener", "lis-db", "default.forward[0].targetGroup", ErrInvalidValue},
		{"udp listener to a tcp target group", nlb, func(n *Network) {
			n.Listeners[0].Protocol = elb.UDP
		}, "listener", "lis-db", "default.forward[0].targetGroup", ErrInvalidValue},
		{"tcp_udp listener to a tcp target group", nlb, func(n *Network) {
			n.Listeners[0].Protocol = elb.TCPUDP
		}, "listener", "lis-db", "default.forward[0].targetGroup", ErrInvalidValue},
		{"alb forwarding to a tcp target group", alb, func(n *Network) {
			tgAPI(n).Protocol = elb.TCP
		}, "listener", "lis-https", "rules[0].action.forward[0].targetGroup", ErrInvalidValue},
		{"udp listener of a dualstack nlb to an ipv4 group", func() *Network {
			n := withDualStack()
			n.LoadBalancers[0] = elb.LoadBalancer{ID: "nlb-6", Type: elb.Network, VPC: "vpc-main", IPAddressType: elb.DualStack,
				Subnets: []elb.SubnetMapping{{Subnet: "subnet-pub-a"}}}
			n.TargetGroups = []elb.TargetGroup{{ID: "tg-dns", TargetType: elb.IPTarget, Protocol: elb.UDP, Port: 53, VPC: "vpc-main",
				Targets: []elb.Target{{IP: addr("2600:1f18:1:102::53")}}}}
			n.Listeners = []elb.Listener{{ID: "lis-dns", LoadBalancer: "nlb-6", Protocol: elb.UDP, Port: 53, Default: elb.ForwardTo("tg-dns")}}
			return n
		}, func(n *Network) {
			n.TargetGroups[0].Targets[0].IP = addr("10.0.10.53")
		}, "listener", "lis-dns", "default.forward[0].targetGroup", ErrInvalidValue},
		{"target group used by two load balancers", withBoth, func(n *Network) {
			n.Listeners = append(n.Listeners, elb.Listener{ID: "lis-z", LoadBalancer: "nlb-db", Protocol: elb.TCP, Port: 8080, Default: elb.ForwardTo("tg-web")})
		}, "listener", "lis-z", "default.forward[0].targetGroup", ErrConflict},
		{"target group in another vpc", func() *Network { return withOtherVPC(withALB()) }, func(n *Network) {
			tgAPI(n).VPC = "vpc-other"
			tgAPI(n).Targets = []elb.Target{{ID: "eni-other"}}
		}, "listener", "lis-https", "rules[0].action.forward[0].targetGroup", ErrWrongVPC},

		// --- Rule conditions (ALB guide "Condition types for listener
		// rules"; API reference RuleCondition and the condition configs).
		{"two path-pattern conditions", alb, func(n *Network) {
			rule0(n).Conditions = append(rule0(n).Conditions, elb.PathPattern("/v2/*"))
		}, "listener", "lis-https", "rules[0].conditions[1].field", ErrConflict},
		{"four values in one condition", alb, func(n *Network) {
			rule0(n).Conditions[0] = elb.PathPattern("/a", "/b", "/c", "/d")
		}, "listener", "lis-https", "rules[0].conditions[0]", ErrInvalidValue},
		{"six values in one rule", alb, func(n *Network) {
			rule0(n).Conditions = []elb.Condition{elb.PathPattern("/a", "/b", "/c"), elb.HostHeader("a.example.com", "b.example.com", "c.example.com")}
		}, "listener", "lis-https", "rules[0].conditions", ErrInvalidValue},
		{"six wildcards in one rule", alb, func(n *Network) {
			rule0(n).Conditions = []elb.Condition{elb.PathPattern("/*/*/*"), elb.HostHeader("*.*.example.co?")}
		}, "listener", "lis-https", "rules[0].conditions", ErrInvalidValue},
		{"host without a dot", alb, func(n *Network) {
			rule0(n).Conditions[0] = elb.HostHeader("localhost")
		}, "listener", "lis-https", "rules[0].conditions[0].values[0]", ErrInvalidValue},
		{"host with digits after its last dot", alb, func(n *Network) {
			rule0(n).Conditions[0] = elb.HostHeader("10.0.0.1")
		}, "listener", "lis-https", "rules[0].conditions[0].values[0]", ErrInvalidValue},
		{"path with a space", alb, func(n *Network) {
			rule0(n).Conditions[0] = elb.PathPattern("/api docs")
		}, "listener", "lis-https", "rules[0].conditions[0].values[0]", ErrInvalidValue},
		{"path longer than 128", alb, func(n *Network) {
			rule0(n).Conditions[0] = elb.PathPattern("/" + strings.Repeat("a", 128))
		}, "listener", "lis-https", "rules[0].conditions[0].values[0]", ErrInvalidValue},
		{"lower-case method", alb, func(n *Network) {
			rule0(n).Conditions = append(rule0(n).Conditions, elb.Method("get"))
		}, "listener", "lis-https", "rules[0].conditions[1].values[0]", ErrInvalidValue},
		{"header name with a wildcard", alb, func(n *Network) {
			rule0(n).Conditions = append(rule0(n).Conditions, elb.Header("X-*", "on"))
		}, "listener", "lis-https", "rules[0].conditions[1].headerName", ErrInvalidValue},
		{"source-ip 255.255.255.255/32", alb, func(n *Network) {
			rule0(n).Conditions = append(rule0(n).Conditions, elb.SourceIP(pfx("255.255.255.255/32")))
		}, "listener", "lis-https", "rules[0].conditions[1].sourceIps[0]", ErrInvalidValue},
		{"regex with a unicode class", alb, func(n *Network) {
			rule0(n).Conditions[0] = elb.Condition{Field: elb.PathPatternField, RegexValues: []string{`^/\p{L}+$`}}
		}, "listener", "lis-https", "rules[0].conditions[0].regexValues[0]", ErrInvalidValue},

		// --- Actions (ALB guide "Action types for listener rules"; API
		// reference FixedResponseActionConfig, RedirectActionConfig).
		{"fixed response 302", alb, func(n *Network) {
			n.Listeners[0].Rules[1].Action.FixedResponse.StatusCode = 302
		}, "listener", "lis-https", "rules[1].action.fixedResponse.statusCode", ErrInvalidValue},
		{"fixed response of an unknown type", alb, func(n *Network) {
			n.Listeners[0].Rules[1].Action.FixedResponse.ContentType = "text/xml"
		}, "listener", "lis-https", "rules[1].action.fixedResponse.contentType", ErrInvalidValue},
		{"https redirecting to http", alb, func(n *Network) {
			n.Listeners[0].Rules[1].Action = elb.RedirectTo(elb.Redirect{Protocol: "HTTP", StatusCode: elb.Permanent})
		}, "listener", "lis-https", "rules[1].action.redirect.protocol", ErrInvalidValue},
		{"redirect to itself", alb, func(n *Network) {
			n.Listeners[0].Rules[1].Action = elb.RedirectTo(elb.Redirect{Query: "x=1", StatusCode: elb.Permanent})
		}, "listener", "lis-https", "rules[1].action.redirect", ErrInvalidValue},
		{"keyword out of place in a redirect", alb, func(n *Network) {
			n.Listeners[0].Rules[1].Action = elb.RedirectTo(elb.Redirect{Host: "#{path}.example.com", StatusCode: elb.Permanent})
		}, "listener", "lis-https", "rules[1].action.redirect.host", ErrInvalidValue},
		{"redirect without a status code", alb, func(n *Network) {
			n.Listeners[0].Rules[1].Action = elb.RedirectTo(elb.Redirect{Protocol: "HTTPS", Port: "8443"})
		}, "listener", "lis-https", "rules[1].action.redirect.statusCode", ErrInvalidValue},

		// --- Target groups and targets (API reference CreateTargetGroup,
		// TargetDescription, Matcher; NLB guide "Edit target group
		// attributes" and "Use an Application Load Balancer as a target").
		{"ip target outside the vpc without a zone", alb, func(n *Network) {
			*tgAPI(n) = elb.TargetGroup{ID: "tg-api", TargetType: elb.IPTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-main",
				Targets: []elb.Target{{IP: addr("192.168.5.5")}}}
		}, "target-group", "tg-api", "targets[0].availabilityZone", ErrInvalidValue},
		{"ip target outside the private ranges", alb, func(n *Network) {
			*tgAPI(n) = elb.TargetGroup{ID: "tg-api", TargetType: elb.IPTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-main",
				Targets: []elb.Target{{IP: addr("11.0.0.1"), AvailabilityZone: "all"}}}
		}, "target-group", "tg-api", "targets[0].ip", ErrInvalidValue},
		{"ip target with an id", alb, func(n *Network) {
			*tgAPI(n) = elb.TargetGroup{ID: "tg-api", TargetType: elb.IPTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-main",
				Targets: []elb.Target{{ID: "eni-app-a", IP: addr("10.0.10.4")}}}
		}, "target-group", "tg-api", "targets[0].id", ErrInvalidValue},
		{"ip target outside the vpc in a foreign zone", alb, func(n *Network) {
			no := false
			*tgAPI(n) = elb.TargetGroup{ID: "tg-api", TargetType: elb.IPTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-main", CrossZone: &no,
				Targets: []elb.Target{{IP: addr("192.168.5.5"), AvailabilityZone: "eu-west-1a"}}}
		}, "target-group", "tg-api", "targets[0].availabilityZone", ErrInvalidValue},
		{"alb ip target outside the vpc in one zone with cross-zone on", alb, func(n *Network) {
			*tgAPI(n) = elb.TargetGroup{ID: "tg-api", TargetType: elb.IPTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-main",
				Targets: []elb.Target{{IP: addr("192.168.5.5"), AvailabilityZone: "us-east-1a"}}}
		}, "listener", "lis-https", "rules[0].action.forward[0].targetGroup", ErrInvalidValue},
		{"instance target in another vpc", func() *Network { return withOtherVPC(withALB()) }, func(n *Network) {
			tgAPI(n).Targets[0].ID = "eni-other"
		}, "target-group", "tg-api", "targets[0].id", ErrWrongVPC},
		{"instance target with an address", alb, func(n *Network) {
			tgAPI(n).Targets[0].IP = addr("10.0.10.4")
		}, "target-group", "tg-api", "targets[0].ip", ErrInvalidValue},
		{"instance target with a zone", alb, func(n *Network) {
			tgAPI(n).Targets[0].AvailabilityZone = "us-east-1a"
		}, "target-group", "tg-api", "targets[0].availabilityZone", ErrInvalidValue},
		{"lambda group with a protocol", alb, func(n *Network) {
			*tgAPI(n) = elb.TargetGroup{ID: "tg-api", TargetType: elb.LambdaTarget, Protocol: elb.HTTP, Targets: []elb.Target{{ID: "fn"}}}
		}, "target-group", "tg-api", "protocol", ErrInvalidValue},
		{"lambda target with a zone", alb, func(n *Network) {
			*tgAPI(n) = elb.TargetGroup{ID: "tg-api", TargetType: elb.LambdaTarget, Targets: []elb.Target{{ID: "fn", AvailabilityZone: "us-east-1a"}}}
		}, "target-group", "tg-api", "targets[0].availabilityZone", ErrInvalidValue},
		{"alb target group of two albs", withBoth, func(n *Network) {
			n.TargetGroups = append(n.TargetGroups, elb.TargetGroup{ID: "tg-alb", TargetType: elb.ALBTarget, Protocol: elb.TCP, Port: 443, VPC: "vpc-main",
				Targets: []elb.Target{{ID: "alb-web"}, {ID: "alb-web", Port: 80}}})
		}, "target-group", "tg-alb", "targets", ErrInvalidValue},
		{"alb target without a listener on the port", withBoth, func(n *Network) {
			n.TargetGroups = append(n.TargetGroups, elb.TargetGroup{ID: "tg-alb", TargetType: elb.ALBTarget, Protocol: elb.TCP, Port: 80, VPC: "vpc-main",
				Targets: []elb.Target{{ID: "alb-web"}}})
		}, "target-group", "tg-alb", "targets[0].id", ErrInvalidValue},
		{"alb target group over tls", withBoth, func(n *Network) {
			n.TargetGroups = append(n.TargetGroups, elb.TargetGroup{ID: "tg-alb", TargetType: elb.ALBTarget, Protocol: elb.TLS, Port: 443, VPC: "vpc-main",
				Targets: []elb.Target{{ID: "alb-web"}}})
		}, "target-group", "tg-alb", "protocol", ErrInvalidValue},
		{"alb target in another vpc", func() *Network { return withOtherVPC(withALB()) }, func(n *Network) {
			n.TargetGroups = append(n.TargetGroups, elb.TargetGroup{ID: "tg-alb", TargetType: elb.ALBTarget, Protocol: elb.TCP, Port: 443, VPC: "vpc-other",
				Targets: []elb.Target{{ID: "alb-web"}}})
		}, "target-group", "tg-alb", "targets[0].id", ErrWrongVPC},
		{"health checks off for instances", alb, func(n *Network) {
			no := false
			tgAPI(n).HealthCheck.Enabled = &no
		}, "target-group", "tg-api", "healthCheck.enabled", ErrInvalidValue},
		{"tcp health check of an http group", alb, func(n *Network) {
			tgAPI(n).HealthCheck.Protocol = elb.TCP
		}, "target-group", "tg-api", "healthCheck.protocol", ErrInvalidValue},
		{"udp health check", nlb, func(n *Network) {
			db(n).HealthCheck.Protocol = elb.UDP
		}, "target-group", "tg-db", "healthCheck.protocol", ErrInvalidValue},
		{"health check port 0", alb, func(n *Network) {
			tgAPI(n).HealthCheck.Port = "0"
		}, "target-group", "tg-api", "healthCheck.port", ErrInvalidValue},
		{"health check path without a slash", alb, func(n *Network) {
			tgAPI(n).HealthCheck.Path = "health"
		}, "target-group", "tg-api", "healthCheck.path", ErrInvalidValue},
		{"health check path on a tcp check", nlb, func(n *Network) {
			db(n).HealthCheck.Path = "/health"
		}, "target-group", "tg-db", "healthCheck.path", ErrInvalidValue},
		{"matcher 500 on an http group", alb, func(n *Network) {
			tgAPI(n).HealthCheck.Matcher.HTTPCode = "200-500"
		}, "target-group", "tg-api", "healthCheck.matcher.httpCode", ErrInvalidValue},
		{"grpc matcher on an HTTP1 group", alb, func(n *Network) {
			tgAPI(n).HealthCheck.Matcher.GRPCCode = "0"
		}, "target-group", "tg-api", "healthCheck.matcher.grpcCode", ErrInvalidValue},
		{"interval of 400 seconds", alb, func(n *Network) {
			tgAPI(n).HealthCheck.IntervalSeconds = 400
		}, "target-group", "tg-api", "healthCheck.intervalSeconds", ErrInvalidValue},
		{"healthy threshold of 1", alb, func(n *Network) {
			tgAPI(n).HealthCheck.HealthyThreshold = 1
		}, "target-group", "tg-api", "healthCheck.healthyThreshold", ErrInvalidValue},
		{"client ip preservation off over udp", nlb, func(n *Network) {
			no := false
			db(n).Protocol, n.Listeners[0].Protocol, db(n).PreserveClientIP = elb.UDP, elb.UDP, &no
		}, "target-group", "tg-db", "preserveClientIp", ErrInvalidValue},
		{"client ip preservation on an http group", alb, func(n *Network) {
			yes := true
			tgAPI(n).PreserveClientIP = &yes
		}, "target-group", "tg-api", "preserveClientIp", ErrInvalidValue},
		{"protocol version on a tcp group", nlb, func(n *Network) {
			db(n).ProtocolVersion = elb.HTTP2
		}, "target-group", "tg-db", "protocolVersion", ErrInvalidValue},
		{"unavailable instance", alb, func(n *Network) {
			tgAPI(n).Targets[0].Health = elb.Unavailable
		}, "target-group", "tg-api", "targets[0].health", ErrInvalidValue},
		{"zone all with cross-zone off", alb, func(n *Network) {
			no := false
			*tgAPI(n) = elb.TargetGroup{ID: "tg-api", TargetType: elb.IPTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-main", CrossZone: &no,
				Targets: []elb.Target{{IP: addr("10.0.10.4"), AvailabilityZone: "all"}}}
		}, "target-group", "tg-api", "targets[0].availabilityZone", ErrInvalidValue},
		{"one target twice", alb, func(n *Network) {
			tgAPI(n).Targets[1].ID = "eni-app-a"
		}, "target-group", "tg-api", "targets[1]", ErrConflict},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.base()
			if err := n.Validate(); err != nil {
				t.Fatalf("base network invalid: %v", err)
			}
			tc.edit(n)
			err := n.Validate()
			var found bool
			var all []string
			for _, e := range flattenErrs(err) {
				var fe *FieldError
				if errors.As(e, &fe) {
					all = append(all, fe.Error())
					if fe.Resource == tc.res && fe.ID == tc.id && fe.Field == tc.field && errors.Is(fe, tc.kind) {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("want %s %s %s (%v); got:\n%s", tc.res, tc.id, tc.field, tc.kind, strings.Join(all, "\n"))
			}
		})
	}
}

// TestLBValidationAccepts: what the ELB API accepts passes.
func TestLBValidationAccepts(t *testing.T) {
	for _, tc := range []struct {
		name string
		base func() *Network
		edit func(*Network)
	}{
		{"tls listener to a tcp group", func() *Network { return withNLB(false) }, func(n *Network) { n.Listeners[0].Protocol = elb.TLS }},
		{"udp listener to a tcp_udp group", func() *Network { return withNLB(false) }, func(n *Network) {
			n.Listeners[0].Protocol, n.TargetGroups[0].Protocol, n.TargetGroups[0].PreserveClientIP = elb.UDP, elb.TCPUDP, nil
		}},
		{"dualstack alb in dual-stack subnets", withDualStack, func(n *Network) { n.LoadBalancers[0].IPAddressType = elb.DualStack }},
		{"ip target outside the vpc in zone all", withALB, func(n *Network) {
			n.TargetGroups[0] = elb.TargetGroup{ID: "tg-api", TargetType: elb.IPTarget, Protocol: elb.HTTP, Port: 8080, VPC: "vpc-main",
				Targets: []elb.Target{{IP: addr("192.168.5.5"), AvailabilityZone: "all"}, {IP: addr("100.64.0.9"), AvailabilityZone: "all"}}}
		}},
		{"alb target of an nlb", withBoth, func(n *Network) {
			n.TargetGroups = append(n.TargetGroups, elb.TargetGroup{ID: "tg-alb", TargetType: elb.ALBTarget, Protocol: elb.TCP, Port: 443, VPC: "vpc-main",
				Targets: []elb.Target{{ID: "alb-web"}}})
			n.Listeners = append(n.Listeners, elb.Listener{ID: "lis-tcp", LoadBalancer: "nlb-db", Protocol: elb.TCP, Port: 443, Default: elb.ForwardTo("tg-alb")})
		}},
		{"lambda group", withALB, func(n *Network) {
			n.TargetGroups[0] = elb.TargetGroup{ID: "tg-api", TargetType: elb.LambdaTarget, Targets: []elb.Target{{ID: "arn:aws:lambda:us-east-1:111111111111:function:api"}}}
		}},
		{"five wildcards and values", withALB, func(n *Network) {
			n.Listeners[0].Rules[0].Conditions = []elb.Condition{elb.PathPattern("/*/*", "/x/?"), elb.HostHeader("*.example.com", "?.example.org"), elb.Query(elb.QueryValue{Value: `\*literal`})}
		}},
		{"redirect http to https", withALB, func(n *Network) {
			n.Listeners = append(n.Listeners, elb.Listener{ID: "lis-http", LoadBalancer: "alb-web", Protocol: elb.HTTP, Port: 80,
				Default: elb.RedirectTo(elb.Redirect{Protocol: "HTTPS", Port: "443", StatusCode: elb.Permanent})})
		}},
		{"health check settings", withALB, func(n *Network) {
			n.TargetGroups[0].HealthCheck = elb.HealthCheck{Protocol: elb.HTTPS, Port: "8443", Path: "/health", Matcher: elb.Matcher{HTTPCode: "200,202-299"},
				IntervalSeconds: 10, TimeoutSeconds: 5, HealthyThreshold: 3, UnhealthyThreshold: 2}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.base()
			tc.edit(n)
			if err := n.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}
