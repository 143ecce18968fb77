package gen

import (
	"fmt"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Load balancers of the generated organisation. Each spoke has, besides
// the interfaces of kind load-balancer that stand for an older web tier
// (eni-007-alb-*), a declared internet-facing Application Load Balancer:
//
//	alb-007            internet-facing, in the public subnets a, b and c,
//	                   security group sg-007-alb (tcp 80 and 443 from
//	                   anywhere, tcp 8080 out to sg-app); cross-zone on (ALB)
//	lis-007-https      HTTPS:443
//	    rule 10        path /api/*            -> tg-007-api
//	    rule 20        host admin.example.com -> fixed response 403
//	    default        tg-007-web weight 90, tg-007-canary weight 10
//	lis-007-http       HTTP:80, redirect to HTTPS:443 (301)
//	tg-007-api         instance targets app 0, 1, 2 (one per zone), HTTP:8080
//	tg-007-web         instance targets app 3, 4, 5, HTTP:8080
//	tg-007-canary      instance target app 6, HTTP:8080
//
// The app tier's group admits tcp 8080 from sg-alb, so every leg gets
// through. Compile creates the load balancer's three nodes in the public
// subnets; they are not among the declared interfaces [LargeConfig.ENIs]
// counts. [LargeLBIntents] lists the flows through the load balancers.

// lbIDs returns the spoke's load balancer, listener and target group IDs.
func (x *largeVPC) lbIDs() (lb, https, http, api, web, canary string) {
	t := x.tag
	return "alb-" + t, "lis-" + t + "-https", "lis-" + t + "-http", "tg-" + t + "-api", "tg-" + t + "-web", "tg-" + t + "-canary"
}

// declareLB adds the spoke's Application Load Balancer, its listeners and
// target groups.
func (x *largeVPC) declareLB(n *sim.Network) {
	lb, https, http, api, web, canary := x.lbIDs()
	alb := elb.LoadBalancer{ID: lb, Name: "web-" + x.tag, Type: elb.Application, VPC: x.id, SecurityGroups: []string{x.sgALB}}
	for az := range LargeAZs {
		alb.Subnets = append(alb.Subnets, elb.SubnetMapping{Subnet: x.publicSub[az]})
	}
	n.LoadBalancers = append(n.LoadBalancers, alb)
	group := func(id string, apps ...int) elb.TargetGroup {
		g := elb.TargetGroup{ID: id, TargetType: elb.InstanceTarget, Protocol: elb.HTTP, Port: LargeAppPort, VPC: x.id}
		for _, j := range apps {
			g.Targets = append(g.Targets, elb.Target{ID: x.appID(j)})
		}
		return g
	}
	n.TargetGroups = append(n.TargetGroups, group(api, 0, 1, 2), group(web, 3, 4, 5), group(canary, 6))
	n.Listeners = append(n.Listeners,
		elb.Listener{ID: https, LoadBalancer: lb, Protocol: elb.HTTPS, Port: LargeHTTPS,
			Default: elb.ForwardWeighted(elb.WeightedTargetGroup{TargetGroup: web, Weight: 90}, elb.WeightedTargetGroup{TargetGroup: canary, Weight: 10}),
			Rules: []elb.Rule{
				{Priority: 10, Conditions: []elb.Condition{elb.PathPattern("/api/*")}, Action: elb.ForwardTo(api)},
				{Priority: 20, Conditions: []elb.Condition{elb.HostHeader("admin.example.com")}, Action: elb.Respond(403, "text/plain", "")},
			}},
		elb.Listener{ID: http, LoadBalancer: lb, Protocol: elb.HTTP, Port: 80,
			Default: elb.RedirectTo(elb.Redirect{Protocol: "HTTPS", Port: fmt.Sprint(LargeHTTPS), StatusCode: elb.Permanent})},
	)
}

// LargeLBIntents returns the intended flows of Large(cfg) through the
// first spoke's Application Load Balancer: an API request (three
// targets), a request to the default rule (four targets of two weighted
// groups), the rule answering itself, the redirect, a port no listener
// or group admits, and an app interface using the load balancer from
// inside. They are kept apart from [LargeIntents], which describes the
// network without its load balancers (what describe output of EC2 alone
// holds).
func LargeLBIntents(cfg LargeConfig) []LargeIntent {
	p := LargeProbes(cfg)[0]
	to := sim.LoadBalancer(p.LB)
	host := sim.InternetAddress(LargeInternetHost)
	q := func(from sim.Endpoint, port uint16, req *sim.HTTPRequest) sim.Query {
		return sim.Query{From: from, To: to, Protocol: vpc.ProtocolTCP, Port: port, Request: req}
	}
	return []LargeIntent{
		{Name: "internet->alb api", Query: q(host, LargeHTTPS, &sim.HTTPRequest{Path: "/api/orders"}), Want: sim.Reachable},
		{Name: "internet->alb web and canary", Query: q(host, LargeHTTPS, &sim.HTTPRequest{Path: "/index.html"}), Want: sim.Reachable},
		{Name: "internet->alb admin", Query: q(host, LargeHTTPS, &sim.HTTPRequest{Host: "admin.example.com", Path: "/"}),
			Want: sim.Blocked, Reason: sim.FixedResponse},
		{Name: "internet->alb http redirect", Query: q(host, 80, nil), Want: sim.Blocked, Reason: sim.Redirect},
		{Name: "internet->alb ssh", Query: q(host, LargeSSHPort, nil), Want: sim.Blocked, Reason: sim.SGIngress},
		{Name: "app->alb api", Query: q(sim.ENI(p.AppA), LargeHTTPS, &sim.HTTPRequest{Path: "/api/v2/items"}), Want: sim.Reachable},
	}
}
