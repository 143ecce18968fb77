package reference

import (
	"slices"

	"github.com/vpcsim/vpcsim/elb"
	vpce "github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// AWS PrivateLink: endpoint services fronted by Network Load Balancers,
// reached through consumers' interface endpoints.
//
// AWS facts (AWS PrivateLink Guide, "Share your services through AWS
// PrivateLink", "Accept or reject connection requests", "Manage
// permissions", "Availability Zones" and "Concepts"; Network Load
// Balancers Guide, "Security groups for your Network Load Balancer" and
// "Edit target group attributes", client IP preservation):
//
//   - An endpoint service is offered by a provider; a consumer creates an
//     interface endpoint to it in its own VPC. The connection carries
//     traffic only once it is available: a service that requires
//     acceptance keeps a new connection pendingAcceptance until the
//     provider accepts it; a rejected, expired, failed or deleted one
//     carries nothing. The endpoint's state and its connection's are one
//     state seen by the two owners (the reference takes the endpoint's
//     when declared, else the connection's, else pendingAcceptance when
//     the service requires acceptance, else available).
//   - The endpoint's interfaces take TCP only, past their security
//     groups, like an interface endpoint to an AWS service (endpoint.go).
//   - The endpoint ends the client's connection. Across PrivateLink, the
//     interface in one Availability Zone reaches the service's load
//     balancer node in the same zone; zones are the same when their AZ
//     IDs are (names differ between accounts), and by name when a subnet
//     declares no AZ ID. No node in that zone: nothing gets through.
//   - PrivateLink does not route between the VPCs: the consumer's and
//     the provider's CIDRs may overlap, no route table is consulted.
//   - A Network Load Balancer with security groups applies their inbound
//     rules to PrivateLink traffic unless told not to; the source they
//     see is the client's private address (a rule naming a group never
//     matches it: the client is in another VPC). Without groups, nothing
//     is filtered.
//   - The load balancer then forwards as for any client (lb.go), except
//     that client IP preservation has no effect on PrivateLink traffic:
//     its targets see the node's private address.
//
// The reference takes the service's load balancers in ID order, and of
// each its nodes in zone order, and hands the connection to the first
// node in the interface's zone.

// endpointService returns the endpoint service of the network that
// endpoint e connects to, or nil (an AWS service, or a service the
// network does not declare).
func (r *Net) endpointService(e *vpce.Endpoint) *vpce.Service {
	n, err := vpce.ParseServiceName(e.ServiceName)
	if err != nil || !n.IsEndpointService() {
		return nil
	}
	return find(r.n.EndpointServices, n.Service, func(s *vpce.Service) string { return s.ID })
}

// endpointState returns the state of endpoint e as it carries traffic:
// its own when declared; for an endpoint to a declared endpoint service,
// else its connection's, else pendingAcceptance when the service requires
// acceptance; available otherwise.
func (r *Net) endpointState(e *vpce.Endpoint) vpce.State {
	if e.State != "" {
		return e.State
	}
	s := r.endpointService(e)
	if s == nil {
		return vpce.Available
	}
	for _, c := range r.n.EndpointConnections {
		if c.Endpoint == e.ID && c.Service == s.ID {
			if c.State == "" {
				return vpce.Available
			}
			return c.State
		}
	}
	if s.AcceptanceRequired == nil || *s.AcceptanceRequired {
		return vpce.PendingAcceptance
	}
	return vpce.Available
}

// endpointCarries reports whether endpoint e carries traffic.
func (r *Net) endpointCarries(e *vpce.Endpoint) bool {
	st := r.endpointState(e)
	return st == "" || st == vpce.Available
}

// sameZone reports whether two subnets are in one Availability Zone: by
// AZ ID when both declare one, else by name.
func sameZone(a, b *vpc.Subnet) bool {
	if a.AvailabilityZoneID != "" && b.AvailabilityZoneID != "" {
		return a.AvailabilityZoneID == b.AvailabilityZoneID
	}
	return a.AvailabilityZone == b.AvailabilityZone
}

// serviceNode returns the node, in the zone of subnet sid, of the first
// of lbs (by ID) that has one there, and its load balancer.
func (r *Net) serviceNode(lbs []string, sid string) (*vpc.NetworkInterface, *elb.LoadBalancer) {
	ids := slices.Clone(lbs)
	slices.Sort(ids)
	here := r.subnet(sid)
	for _, id := range ids {
		lb := r.lb(id)
		if lb == nil {
			continue
		}
		for _, n := range r.nodes(lb) {
			if sameZone(r.subnet(n.Subnet), here) {
				return n, lb
			}
		}
	}
	return nil, nil
}

// isPrivateLink reports whether host id, where a walk arrived, is an
// interface of an interface endpoint to an endpoint service of the
// network.
func (r *Net) isPrivateLink(id string) bool {
	x := r.eni(id)
	if x == nil || x.Kind != vpc.KindVPCEndpoint {
		return false
	}
	e := r.vpcEndpoint(x.Owner)
	return e != nil && e.Type.Norm() == vpce.Interface && r.endpointService(e) != nil
}

// privateLink is what happens to a flow that arrived at interface x of an
// interface endpoint to an endpoint service, as packet p (p.src is the
// client's address), for query q: across PrivateLink to the service's
// node in x's zone, the node's groups, then its load balancer.
func (r *Net) privateLink(x *vpc.NetworkInterface, p packet, q sim.Query) Verdict {
	e := r.vpcEndpoint(x.Owner)
	s := r.endpointService(e)
	node, lb := r.serviceNode(s.NetworkLoadBalancers, x.Subnet)
	if node == nil {
		return Verdict{sim.Blocked, sim.AZMismatch}
	}
	pn := p
	pn.dst, pn.srcVPC, pn.member, pn.privateLink = node.PrivateIPs[0], "", "", true
	if r.crossing != nil {
		r.crossing.Node = node.ID
	}
	enforce := len(lb.SecurityGroups) > 0 && (lb.EnforceInboundRulesOnPrivateLink == nil || *lb.EnforceInboundRulesOnPrivateLink)
	if enforce && !r.sgAdmits(node, true, pn) {
		return Verdict{sim.Blocked, sim.SGIngress}
	}
	if r.crossing != nil {
		r.crossing.Legs = r.nlbLegs(lb, node, pn, q)
	}
	return r.proxy(lb, node, pn, q, 1)
}

// Crossing is what a flow did across PrivateLink: the load balancer node
// the endpoint handed it to, and the connections the load balancer
// opened from there.
type Crossing struct {
	// Node is the load balancer node ("<lb>/<subnet>"); empty when the
	// flow did not cross.
	Node string
	// Legs are the load balancer's connections to its targets, in the
	// order of the forward's target groups, then of the targets by ID
	// and port; a group with no target to route to is one leg without a
	// target, blocked NO_TARGET. None when the flow stopped at the node
	// (its groups, no listener, a fixed response).
	Legs []Leg
}

// Leg is the verdict of one connection a load balancer opened: to a
// target (its instance or interface ID, or its address) of a target
// group.
type Leg struct {
	TargetGroup, Target string
	Verdict             Verdict
}

// PrivateLinkLegs answers q as [Net.Verdict] does and says what its flow
// did across PrivateLink, when it reached an interface endpoint to an
// endpoint service of the network.
func (r *Net) PrivateLinkLegs(q sim.Query) (Verdict, Crossing, error) {
	c := *r
	var x Crossing
	c.crossing = &x
	v, err := c.Verdict(q)
	return v, x, err
}

// nlbLegs returns the connections Network Load Balancer lb opens from
// node for a flow that arrived as p, each walked as proxy does.
func (r *Net) nlbLegs(lb *elb.LoadBalancer, node *vpc.NetworkInterface, p packet, q sim.Query) []Leg {
	var li *elb.Listener
	for _, l := range r.listeners(lb) {
		if portIn(p.dport, l.Port) && slices.ContainsFunc(l.Protocol.IPProtocols(), func(x vpc.Protocol) bool { return int(x) == p.proto }) {
			li = &l
			break
		}
	}
	if li == nil || li.Default.Type == elb.FixedResponseAction || li.Default.Type == elb.RedirectAction {
		return nil
	}
	c := *r
	c.crossing = nil // the legs' own walks record nothing
	var out []Leg
	for _, w := range li.Default.Forward {
		g := c.targetGroup(w.TargetGroup)
		ts, _ := c.servingTargets(lb, node, g)
		if len(ts) == 0 {
			out = append(out, Leg{TargetGroup: g.ID, Verdict: Verdict{sim.Blocked, sim.NoTarget}})
			continue
		}
		for _, t := range ts {
			out = append(out, Leg{TargetGroup: g.ID, Target: t.id, Verdict: c.leg(lb, node, g, t, p, q, 1)})
		}
	}
	return out
}
