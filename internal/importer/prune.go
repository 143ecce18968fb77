package importer

import (
	"fmt"
	"slices"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/sim"
)

// Kinds of declaration a [Cut] names.
const (
	KindLoadBalancer       = "load-balancer"
	KindListener           = "listener"
	KindTargetGroup        = "target-group"
	KindServiceNetworkVPC  = "service-network-vpc-association"
	KindServiceNetworkSvc  = "service-network-service-association"
	KindLatticeService     = "lattice-service"
	KindLatticeTargetGroup = "lattice-target-group"
	KindVPCEndpoint        = "vpc-endpoint"
	KindEndpointService    = "endpoint-service"
	KindEndpointConnection = "endpoint-connection"
)

// Cut is one reference [Prune] removed from a declaration, or a
// declaration it dropped whole.
type Cut struct {
	// Kind is the kind of the declaration (KindLoadBalancer, ...).
	Kind string
	// ID is the declaration's ID.
	ID string
	// Field is the field the reference was removed from ("subnets",
	// "securityGroups", "targets", "rules", "listeners", or a forward
	// action's path); empty when the declaration was dropped whole.
	Field string
	// Reason says what was missing.
	Reason string
	// Ref is the ID of what was missing, for a cut made because a
	// reference names what the Network does not hold (empty otherwise).
	Ref string
}

// String formats the cut as "kind id field: reason".
func (c Cut) String() string {
	s := c.Kind + " " + c.ID
	if c.Field != "" {
		s += " " + c.Field
	}
	return s + ": " + c.Reason
}

// missing is the reason of a cut for a reference to what n lacks.
func missing(kind, id string) string {
	return fmt.Sprintf("refers to %s %s, which is not in the import", kind, id)
}

// Prune removes from the load balancer and Lattice declarations of n the
// references to what n does not hold, and drops the declarations that
// cannot stand without them:
//
//   - a load balancer whose VPC is missing, or none of whose subnets is
//     there; its missing subnets and security groups otherwise;
//   - a target group (of either kind) whose VPC is missing; its targets
//     naming an interface (instance targets: an interface with that ID
//     or owned by it) or a load balancer (alb targets) that is missing;
//   - a forward's target groups that are missing, then a rule left
//     without any, and a listener whose default action is;
//   - a listener whose load balancer is missing;
//   - a service network association whose network, VPC or service is
//     missing; its missing security groups otherwise;
//   - a VPC endpoint whose VPC is missing, or none of whose subnets is
//     there (it had some); its missing route tables, subnets (and their
//     addresses) and security groups otherwise;
//   - an endpoint service none of whose load balancers is there; its
//     missing load balancers otherwise;
//   - an endpoint connection whose endpoint or service is missing;
//   - the Lattice resource gateways, resource configurations and their
//     service network associations (see latticeResources).
//
// Each removal is returned as a [Cut], in the order of n's slices. A nil
// n is left alone.
func Prune(n *sim.Network) []Cut {
	if n == nil {
		return nil
	}
	p := &pruner{n: n, vpcs: map[string]bool{}, subnets: map[string]bool{}, sgs: map[string]bool{}, enis: map[string]bool{}}
	for _, v := range n.VPCs {
		p.vpcs[v.ID] = true
	}
	for _, s := range n.Subnets {
		p.subnets[s.ID] = true
	}
	for _, g := range n.SecurityGroups {
		p.sgs[g.ID] = true
	}
	for _, e := range n.NetworkInterfaces {
		p.enis[e.ID] = true
		if e.Owner != "" {
			p.enis[e.Owner] = true
		}
	}
	p.loadBalancers()
	p.targetGroups()
	p.listeners()
	p.latticeTargetGroups()
	p.latticeServices()
	p.associations()
	p.latticeResources()
	p.endpoints()
	return p.cuts
}

type pruner struct {
	n                         *sim.Network
	vpcs, subnets, sgs, enis  map[string]bool
	lbs, tgs, ltgs, sns, svcs map[string]bool
	cuts                      []Cut
}

func (p *pruner) cut(kind, id, field, reason string) {
	p.cuts = append(p.cuts, Cut{Kind: kind, ID: id, Field: field, Reason: reason})
}

// cutMissing records a cut for a reference to ref, a what the Network
// does not hold.
func (p *pruner) cutMissing(kind, id, field, what, ref string) {
	p.cuts = append(p.cuts, Cut{Kind: kind, ID: id, Field: field, Reason: missing(what, ref), Ref: ref})
}

// keepRefs drops the IDs of list that known lacks, reporting each.
func (p *pruner) keepRefs(kind, id, field, what string, list []string, known map[string]bool) []string {
	return slices.DeleteFunc(list, func(x string) bool {
		if !known[x] {
			p.cutMissing(kind, id, field, what, x)
			return true
		}
		return false
	})
}

func (p *pruner) loadBalancers() {
	n := p.n
	p.lbs = map[string]bool{}
	n.LoadBalancers = slices.DeleteFunc(n.LoadBalancers, func(lb elb.LoadBalancer) bool {
		if !p.vpcs[lb.VPC] {
			p.cutMissing(KindLoadBalancer, lb.ID, "", "vpc", lb.VPC)
			return true
		}
		return false
	})
	for i := range n.LoadBalancers {
		lb := &n.LoadBalancers[i]
		lb.Subnets = slices.DeleteFunc(lb.Subnets, func(m elb.SubnetMapping) bool {
			if !p.subnets[m.Subnet] {
				p.cutMissing(KindLoadBalancer, lb.ID, "subnets", "subnet", m.Subnet)
				return true
			}
			return false
		})
		lb.SecurityGroups = p.keepRefs(KindLoadBalancer, lb.ID, "securityGroups", "security group", lb.SecurityGroups, p.sgs)
	}
	n.LoadBalancers = slices.DeleteFunc(n.LoadBalancers, func(lb elb.LoadBalancer) bool {
		if len(lb.Subnets) == 0 {
			p.cut(KindLoadBalancer, lb.ID, "", "none of its subnets is in the import")
			return true
		}
		p.lbs[lb.ID] = true
		return false
	})
}

func (p *pruner) targetGroups() {
	n := p.n
	p.tgs = map[string]bool{}
	n.TargetGroups = slices.DeleteFunc(n.TargetGroups, func(tg elb.TargetGroup) bool {
		if tg.TargetType.Norm() != elb.LambdaTarget && tg.VPC != "" && !p.vpcs[tg.VPC] {
			p.cutMissing(KindTargetGroup, tg.ID, "", "vpc", tg.VPC)
			return true
		}
		p.tgs[tg.ID] = true
		return false
	})
	for i := range n.TargetGroups {
		tg := &n.TargetGroups[i]
		tg.Targets = slices.DeleteFunc(tg.Targets, func(t elb.Target) bool {
			switch tg.TargetType.Norm() {
			case elb.InstanceTarget:
				if !p.enis[t.ID] {
					p.cutMissing(KindTargetGroup, tg.ID, "targets", "instance or network interface", t.ID)
					return true
				}
			case elb.ALBTarget:
				if !p.lbs[t.ID] {
					p.cutMissing(KindTargetGroup, tg.ID, "targets", "load balancer", t.ID)
					return true
				}
			}
			return false
		})
	}
}

// elbForward drops the missing target groups of a forward action,
// reporting false when none is left.
func (p *pruner) elbForward(owner, field string, a *elb.Action) bool {
	if a.Type != elb.ForwardAction {
		return true
	}
	a.Forward = slices.DeleteFunc(a.Forward, func(w elb.WeightedTargetGroup) bool {
		if !p.tgs[w.TargetGroup] {
			p.cutMissing(KindListener, owner, field, "target group", w.TargetGroup)
			return true
		}
		return false
	})
	return len(a.Forward) > 0
}

func (p *pruner) listeners() {
	n := p.n
	var keep []elb.Listener
	for _, l := range n.Listeners {
		if !p.lbs[l.LoadBalancer] {
			p.cutMissing(KindListener, l.ID, "", "load balancer", l.LoadBalancer)
			continue
		}
		if !p.elbForward(l.ID, "default.forward", &l.Default) {
			p.cut(KindListener, l.ID, "", "its default action forwards to no target group in the import")
			continue
		}
		var rules []elb.Rule
		for _, r := range l.Rules {
			if !p.elbForward(l.ID, fmt.Sprintf("rules[priority %d].action.forward", r.Priority), &r.Action) {
				p.cut(KindListener, l.ID, "rules", fmt.Sprintf("the rule of priority %d forwards to no target group in the import", r.Priority))
				continue
			}
			rules = append(rules, r)
		}
		l.Rules = rules
		keep = append(keep, l)
	}
	n.Listeners = keep
}

func (p *pruner) latticeTargetGroups() {
	n := p.n
	p.ltgs = map[string]bool{}
	n.LatticeTargetGroups = slices.DeleteFunc(n.LatticeTargetGroups, func(tg lattice.TargetGroup) bool {
		if tg.Type != lattice.TargetLambda && tg.VPC != "" && !p.vpcs[tg.VPC] {
			p.cutMissing(KindLatticeTargetGroup, tg.ID, "", "vpc", tg.VPC)
			return true
		}
		p.ltgs[tg.ID] = true
		return false
	})
	for i := range n.LatticeTargetGroups {
		tg := &n.LatticeTargetGroups[i]
		tg.Targets = slices.DeleteFunc(tg.Targets, func(t lattice.Target) bool {
			switch tg.Type {
			case lattice.TargetInstance:
				if !p.enis[t.ID] {
					p.cutMissing(KindLatticeTargetGroup, tg.ID, "targets", "instance or network interface", t.ID)
					return true
				}
			case lattice.TargetALB:
				if !p.lbs[t.ID] {
					p.cutMissing(KindLatticeTargetGroup, tg.ID, "targets", "load balancer", t.ID)
					return true
				}
			}
			return false
		})
	}
}

// latticeForward drops the missing target groups of a forward action,
// reporting false when none is left.
func (p *pruner) latticeForward(owner, field string, a *lattice.Action) bool {
	if a.Forward == nil {
		return true
	}
	a.Forward.TargetGroups = slices.DeleteFunc(a.Forward.TargetGroups, func(w lattice.WeightedTargetGroup) bool {
		if !p.ltgs[w.TargetGroup] {
			p.cutMissing(KindLatticeService, owner, field, "target group", w.TargetGroup)
			return true
		}
		return false
	})
	return len(a.Forward.TargetGroups) > 0
}

func (p *pruner) latticeServices() {
	n := p.n
	p.svcs = map[string]bool{}
	for i := range n.LatticeServices {
		s := &n.LatticeServices[i]
		p.svcs[s.ID] = true
		var listeners []lattice.Listener
		for _, l := range s.Listeners {
			if !p.latticeForward(s.ID, "listeners["+l.ID+"].defaultAction.forward", &l.DefaultAction) {
				p.cut(KindLatticeService, s.ID, "listeners", fmt.Sprintf("listener %s: its default action forwards to no target group in the import", l.ID))
				continue
			}
			var rules []lattice.Rule
			for _, r := range l.Rules {
				if !p.latticeForward(s.ID, fmt.Sprintf("listeners[%s].rules[%s].action.forward", l.ID, r.ID), &r.Action) {
					p.cut(KindLatticeService, s.ID, "listeners["+l.ID+"].rules", fmt.Sprintf("rule %s forwards to no target group in the import", r.ID))
					continue
				}
				rules = append(rules, r)
			}
			l.Rules = rules
			listeners = append(listeners, l)
		}
		s.Listeners = listeners
	}
}

func (p *pruner) associations() {
	n := p.n
	p.sns = map[string]bool{}
	for _, sn := range n.ServiceNetworks {
		p.sns[sn.ID] = true
	}
	n.ServiceNetworkVPCAssociations = slices.DeleteFunc(n.ServiceNetworkVPCAssociations, func(a lattice.ServiceNetworkVPCAssociation) bool {
		switch {
		case !p.sns[a.ServiceNetwork]:
			p.cutMissing(KindServiceNetworkVPC, a.ID, "", "service network", a.ServiceNetwork)
			return true
		case !p.vpcs[a.VPC]:
			p.cutMissing(KindServiceNetworkVPC, a.ID, "", "vpc", a.VPC)
			return true
		}
		return false
	})
	for i := range n.ServiceNetworkVPCAssociations {
		a := &n.ServiceNetworkVPCAssociations[i]
		a.SecurityGroups = p.keepRefs(KindServiceNetworkVPC, a.ID, "securityGroups", "security group", a.SecurityGroups, p.sgs)
	}
	n.ServiceNetworkServiceAssociations = slices.DeleteFunc(n.ServiceNetworkServiceAssociations, func(a lattice.ServiceNetworkServiceAssociation) bool {
		switch {
		case !p.sns[a.ServiceNetwork]:
			p.cutMissing(KindServiceNetworkSvc, a.ID, "", "service network", a.ServiceNetwork)
			return true
		case !p.svcs[a.Service]:
			p.cutMissing(KindServiceNetworkSvc, a.ID, "", "lattice service", a.Service)
			return true
		}
		return false
	})
}

func (p *pruner) endpoints() {
	n := p.n
	rtbs := map[string]bool{}
	for _, t := range n.RouteTables {
		rtbs[t.ID] = true
	}
	eps := map[string]bool{}
	n.VPCEndpoints = slices.DeleteFunc(n.VPCEndpoints, func(e endpoint.Endpoint) bool {
		if !p.vpcs[e.VPC] {
			p.cutMissing(KindVPCEndpoint, e.ID, "", "vpc", e.VPC)
			return true
		}
		return false
	})
	for i := range n.VPCEndpoints {
		e := &n.VPCEndpoints[i]
		e.RouteTables = p.keepRefs(KindVPCEndpoint, e.ID, "routeTables", "route table", e.RouteTables, rtbs)
		e.Subnets = p.keepRefs(KindVPCEndpoint, e.ID, "subnets", "subnet", e.Subnets, p.subnets)
		e.Addresses = slices.DeleteFunc(e.Addresses, func(a endpoint.SubnetAddress) bool { return !p.subnets[a.Subnet] })
		e.SecurityGroups = p.keepRefs(KindVPCEndpoint, e.ID, "securityGroups", "security group", e.SecurityGroups, p.sgs)
	}
	had := map[string]bool{}
	for _, c := range p.cuts {
		if c.Kind == KindVPCEndpoint && c.Field == "subnets" {
			had[c.ID] = true
		}
	}
	n.VPCEndpoints = slices.DeleteFunc(n.VPCEndpoints, func(e endpoint.Endpoint) bool {
		if had[e.ID] && len(e.Subnets) == 0 {
			p.cut(KindVPCEndpoint, e.ID, "", "none of its subnets is in the import")
			return true
		}
		eps[e.ID] = true
		return false
	})
	svcs := map[string]bool{}
	n.EndpointServices = slices.DeleteFunc(n.EndpointServices, func(s endpoint.Service) bool {
		lbs := append(slices.Clone(s.NetworkLoadBalancers), s.GatewayLoadBalancers...)
		if len(lbs) == 0 || slices.ContainsFunc(lbs, func(id string) bool { return p.lbs[id] }) {
			return false
		}
		p.cut(KindEndpointService, s.ID, "", "none of its load balancers is in the import")
		return true
	})
	for i := range n.EndpointServices {
		s := &n.EndpointServices[i]
		s.NetworkLoadBalancers = p.keepRefs(KindEndpointService, s.ID, "networkLoadBalancers", "load balancer", s.NetworkLoadBalancers, p.lbs)
		s.GatewayLoadBalancers = p.keepRefs(KindEndpointService, s.ID, "gatewayLoadBalancers", "load balancer", s.GatewayLoadBalancers, p.lbs)
		svcs[s.ID] = true
	}
	n.EndpointConnections = slices.DeleteFunc(n.EndpointConnections, func(c endpoint.Connection) bool {
		switch id := c.Service + " " + c.Endpoint; {
		case !svcs[c.Service]:
			p.cutMissing(KindEndpointConnection, id, "", "endpoint service", c.Service)
			return true
		case !eps[c.Endpoint]:
			p.cutMissing(KindEndpointConnection, id, "", "vpc endpoint", c.Endpoint)
			return true
		}
		return false
	})
}
