package sim

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
)

// This file is the room of AWS PrivateLink endpoint services (your own
// service behind Network Load Balancers) and of the connections of
// consumers' interface endpoints to them.
//
// An interface endpoint to an endpoint service is a proxy: a flow that
// reached one of its interfaces (and passed the endpoint: TCP, an
// available endpoint and an accepted connection) crosses PrivateLink to
// the node of one of the service's Network Load Balancers in the
// endpoint interface's Availability Zone (AZ_MISMATCH when the service
// serves none there), where the load balancer's security groups apply to
// the consumer's client address when it enforces its inbound rules on
// PrivateLink traffic; the load balancer then forwards as it does any
// flow, except that its targets always see its node's address: client IP
// preservation has no effect on PrivateLink traffic. PrivateLink does not
// route between the two VPCs, so their CIDRs may overlap.

// esvcIdx indexes Model.esvcs.
type esvcIdx int32

const noESvc esvcIdx = -1

func (esvcIdx) kind() kind { return kindEndpointService }

// KindEndpointService is the component kind of an endpoint service on
// graph nodes.
const KindEndpointService ComponentKind = "vpc-endpoint-service"

// StepPrivateLink is the step at which an interface endpoint hands a
// connection to its endpoint service's load balancer, across PrivateLink.
const StepPrivateLink Step = "privatelink"

// cESvc is a compiled endpoint service.
type cESvc struct {
	id     string
	name   string // com.amazonaws.vpce.<region>.<id>
	region string
	vpc    vpcIdx  // the VPC of its first load balancer
	nlbs   []lbIdx // in ID order
	// enforce says, for each of nlbs, whether its security groups'
	// inbound rules apply to PrivateLink traffic.
	enforce []bool
	accept  bool   // connections wait for acceptance
	dns     string // verified private DNS name, or ""

	// gwlbs are its Gateway Load Balancers, in ID order (kind_gwlb.go).
	gwlbs []lbIdx
}

// connectionID is the name under which validation tracks a connection:
// "<endpoint>/<service>", unique per pair.
func connectionID(c *endpoint.Connection) string { return c.Endpoint + "/" + c.Service }

// esvcRegion returns an endpoint service's Region: the declared one, or
// its first load balancer's VPC's.
func (v *validator) esvcRegion(s *endpoint.Service) string {
	if s.Region != "" {
		return s.Region
	}
	for _, id := range append(slices.Clone(s.NetworkLoadBalancers), s.GatewayLoadBalancers...) {
		if j, ok := v.find(kindLB, id); ok {
			return v.regions[v.n.LoadBalancers[j].VPC].region
		}
	}
	return ""
}

func (v *validator) checkEndpointService(r vres, _ int, s *endpoint.Service) {
	if _, err := endpoint.ParseServiceName(endpoint.PrefixEndpointService + ".us-east-1." + s.ID); err != nil && s.ID != "" {
		r.errf("id", ErrInvalidValue, "%q: want vpce-svc- followed by hexadecimal digits", s.ID)
	}
	nlb, gwlb := len(s.NetworkLoadBalancers), len(s.GatewayLoadBalancers)
	switch {
	case nlb == 0 && gwlb == 0:
		r.errf("networkLoadBalancers", ErrInvalidValue, "required: an endpoint service is fronted by Network Load Balancers (or Gateway Load Balancers)")
	case nlb > 0 && gwlb > 0:
		r.errf("gatewayLoadBalancers", ErrConflict, "an endpoint service is fronted by Network Load Balancers or Gateway Load Balancers, not both")
	}
	lbVPCRegion := ""
	for _, list := range []struct {
		field string
		ids   []string
		typ   elb.Type
	}{{"networkLoadBalancers", s.NetworkLoadBalancers, elb.Network}, {"gatewayLoadBalancers", s.GatewayLoadBalancers, elb.Gateway}} {
		for i, id := range list.ids {
			field := fmt.Sprintf("%s[%d]", list.field, i)
			j, ok := r.ref(field, kindLB, id, true)
			if !ok {
				continue
			}
			lb := &v.n.LoadBalancers[j]
			if lb.Type.Norm() != list.typ {
				r.errf(field, ErrInvalidValue, "%q is an %s load balancer, want a %s one", id, lb.Type.Norm(), list.typ)
				continue
			}
			if lbVPCRegion == "" {
				lbVPCRegion = v.regions[lb.VPC].region
			}
			for _, o := range v.n.EndpointServices {
				if o.ID == s.ID {
					break
				}
				if slices.Contains(o.NetworkLoadBalancers, id) || slices.Contains(o.GatewayLoadBalancers, id) {
					r.errf(field, ErrConflict, "load balancer %q already fronts endpoint service %q: a load balancer fronts one endpoint service", id, o.ID)
				}
			}
			if slices.Contains(s.SupportedIPAddressTypes, endpoint.ServiceIPv6) && lb.IPAddressType == elb.IPv4 || slices.Contains(s.SupportedIPAddressTypes, endpoint.ServiceIPv6) && lb.IPAddressType == "" {
				r.errf(field, ErrInvalidValue, "%q is not dual-stack, which an endpoint service accepting ipv6 needs", id)
			}
		}
	}
	if s.Region != "" && !endpoint.IsRegion(s.Region) {
		r.errf("region", ErrInvalidValue, "%q: want a Region code such as us-east-1", s.Region)
	} else if s.Region != "" && lbVPCRegion != "" && s.Region != lbVPCRegion {
		r.errf("region", ErrInvalidValue, "%q, but its load balancers are in %s", s.Region, lbVPCRegion)
	}
	if s.Account != "" && !isAccountID(s.Account) {
		r.errf("account", ErrInvalidValue, "%q: want a 12-digit account ID", s.Account)
	}
	if gwlb > 0 && s.PrivateDNSName != "" {
		r.errf("privateDnsName", ErrInvalidValue, "a Gateway Load Balancer endpoint service has no private DNS name")
	}
	if !s.PrivateDNSVerification.Valid() {
		r.errf("privateDnsVerification", ErrInvalidValue, "%q: want pendingVerification, verified or failed", s.PrivateDNSVerification)
	}
	for i, a := range s.SupportedIPAddressTypes {
		if !a.Valid() {
			r.errf(fmt.Sprintf("supportedIpAddressTypes[%d]", i), ErrInvalidValue, "%q: want ipv4 or ipv6", a)
		}
	}
	own := v.esvcRegion(s)
	for i, reg := range s.SupportedRegions {
		field := fmt.Sprintf("supportedRegions[%d]", i)
		switch {
		case !endpoint.IsRegion(reg):
			r.errf(field, ErrInvalidValue, "%q: want a Region code such as us-west-2", reg)
		case reg == own:
			r.errf(field, ErrInvalidValue, "%q is the service's own Region: list only the other Regions whose consumers may connect", reg)
		}
	}
	for i, p := range s.AllowedPrincipals {
		if p == "*" {
			continue
		}
		if parts := strings.SplitN(p, ":", 6); len(parts) < 6 || parts[0] != "arn" || parts[2] != "iam" || !isAccountID(parts[4]) {
			r.errf(fmt.Sprintf("allowedPrincipals[%d]", i), ErrInvalidValue, "%q: want the ARN of an account root, IAM user or IAM role "+
				"(arn:aws:iam::123456789012:root), or *", p)
		}
	}
}

// providerAccount returns the account of an endpoint service: its own, or
// its first load balancer's VPC's.
func (v *validator) providerAccount(s *endpoint.Service) string {
	if s.Account != "" {
		return s.Account
	}
	for _, id := range slices.Concat(s.NetworkLoadBalancers, s.GatewayLoadBalancers) {
		if j, ok := v.find(kindLB, id); ok {
			if k, ok := v.find(kindVPC, v.n.LoadBalancers[j].VPC); ok {
				return v.n.VPCs[k].Account
			}
		}
	}
	return ""
}

// checkConsumerAllowed checks that endpoint service s lets endpoint e's
// account connect: the provider's own account, or an allowed principal of
// the consumer's account (or *).
func (v *validator) checkConsumerAllowed(r vres, e *endpoint.Endpoint, s *endpoint.Service) {
	consumer := ""
	if k, ok := v.find(kindVPC, e.VPC); ok {
		consumer = v.n.VPCs[k].Account
	}
	if provider := v.providerAccount(s); consumer == provider {
		return
	}
	allowed := slices.ContainsFunc(s.AllowedPrincipals, func(p string) bool {
		parts := strings.SplitN(p, ":", 6)
		return p == "*" || len(parts) == 6 && parts[4] == consumer && consumer != ""
	})
	if !allowed {
		who := "an account vpcsim does not know (vpc " + e.VPC + " declares none)"
		if consumer != "" {
			who = "account " + consumer
		}
		r.errf("serviceName", ErrInvalidValue, "endpoint service %q does not allow %s among its allowedPrincipals: AWS refuses the endpoint", s.ID, who)
	}
}

// checkEndpointToService checks an interface endpoint to an endpoint
// service that the network declares: the Region, the type of load
// balancer, the consumer's permission, private DNS, IP address types.
func (v *validator) checkEndpointToService(r vres, e *endpoint.Endpoint, name endpoint.ServiceName, privateDNS bool, region string) {
	j, ok := v.find(kindEndpointService, name.Service)
	if !ok {
		return // a partner's service, outside the network
	}
	s := &v.n.EndpointServices[j]
	if own := v.esvcRegion(s); own != "" && name.Region != own {
		r.errf("serviceName", ErrInvalidValue, "endpoint service %q is in %s, not %s", s.ID, own, name.Region)
	}
	if own := v.esvcRegion(s); own != "" && region != "" && region != own && !slices.Contains(s.SupportedRegions, region) {
		r.errf("serviceRegion", ErrInvalidValue, "endpoint service %q does not list %s, vpc %q's Region, in its supportedRegions", s.ID, region, e.VPC)
	}
	if s.EndpointType() != endpoint.Interface {
		r.errf("serviceName", ErrInvalidValue, "endpoint service %q is fronted by Gateway Load Balancers: consumers reach it through Gateway Load Balancer endpoints", s.ID)
	}
	if privateDNS {
		switch {
		case s.PrivateDNSName == "":
			r.errf("privateDnsEnabled", ErrInvalidValue, "endpoint service %q has no private DNS name", s.ID)
		case !s.PrivateDNSVerification.IsVerified():
			r.errf("privateDnsEnabled", ErrInvalidValue, "endpoint service %q's private DNS name %s is %s, not verified: consumers may use it only once verified", s.ID, s.PrivateDNSName, s.PrivateDNSVerification)
		}
	}
	if e.IPAddressType.HasIPv6() && !s.SupportsIPv6() {
		r.errf("ipAddressType", ErrInvalidValue, "endpoint service %q does not accept ipv6", s.ID)
	}
	if e.IPAddressType.HasIPv4() && !s.SupportsIPv4() {
		r.errf("ipAddressType", ErrInvalidValue, "endpoint service %q does not accept ipv4", s.ID)
	}
	v.checkConsumerAllowed(r, e, s)
}

func (v *validator) checkConnection(r vres, _ int, c *endpoint.Connection) {
	j, eok := r.ref("endpoint", kindVPCE, c.Endpoint, true)
	_, sok := r.ref("service", kindEndpointService, c.Service, true)
	if !c.State.Valid() {
		r.errf("state", ErrInvalidValue, "%q: want available, pendingAcceptance, pending, deleting, deleted, rejected, failed or expired", c.State)
	}
	if !eok || !sok {
		return
	}
	e := &v.n.VPCEndpoints[j]
	if n, err := endpoint.ParseServiceName(e.ServiceName); err == nil && (!n.IsEndpointService() || n.Service != c.Service) {
		r.errf("service", ErrInvalidValue, "endpoint %q is to %s, not to endpoint service %q", c.Endpoint, e.ServiceName, c.Service)
		return
	}
	if e.State != "" && c.State.Valid() && e.State.String() != c.State.String() {
		r.errf("state", ErrConflict, "%s, but endpoint %q declares state %s: the connection is the provider's view of the endpoint's state; make them agree", c.State, c.Endpoint, e.State)
	}
}

// compileEndpointServices compiles the endpoint services.
func compileEndpointServices(c *compiler) {
	m := c.m
	for i, s := range sortedBy(c.n.EndpointServices, func(s endpoint.Service) string { return s.ID }) {
		S := cESvc{id: s.ID, accept: s.RequiresAcceptance(), vpc: noVPC}
		for _, id := range s.NetworkLoadBalancers {
			S.nlbs = append(S.nlbs, indexOf[lbIdx](c, id))
		}
		slices.SortFunc(S.nlbs, func(a, b lbIdx) int { return strings.Compare(m.lbs[a].id, m.lbs[b].id) })
		for _, l := range S.nlbs {
			j := slices.IndexFunc(c.n.LoadBalancers, func(x elb.LoadBalancer) bool { return x.ID == m.lbs[l].id })
			S.enforce = append(S.enforce, c.n.LoadBalancers[j].InboundRulesOnPrivateLink())
		}
		for _, id := range append(slices.Clone(s.NetworkLoadBalancers), s.GatewayLoadBalancers...) {
			if l, ok := lookup[lbIdx](m, id); ok {
				S.vpc = m.lbs[l].vpc
				break
			}
		}
		S.gwlbs = c.serviceGWLBs(&s)
		S.region = s.Region
		if S.region == "" && S.vpc != noVPC {
			S.region = m.vpcs[S.vpc].region
		}
		S.name = endpoint.ServiceName{Prefix: endpoint.PrefixEndpointService, Region: S.region, Service: s.ID}.String()
		if s.PrivateDNSName != "" && s.PrivateDNSVerification.IsVerified() {
			S.dns = strings.ToLower(strings.TrimSuffix(s.PrivateDNSName, "."))
		}
		m.esvcs = append(m.esvcs, S)
		add(c, s.ID, esvcIdx(i))
	}
}

// compileConnections settles the endpoints once their interfaces exist:
// the interfaces in zone order, the state of endpoints to endpoint
// services (the declared connection's, or pendingAcceptance when the
// service requires acceptance and nothing says it was accepted), the DNS
// names that resolve to endpoints, and which services policies guard.
func compileConnections(c *compiler) {
	m := c.m
	sortVPCEENIs(m)
	conns := map[[2]string]endpoint.State{}
	for _, x := range c.n.EndpointConnections {
		conns[[2]string{x.Endpoint, x.Service}] = x.State
	}
	m.vpceDNS = map[string]vpceDNSName{}
	m.esvcDNS = map[string]esvcIdx{}
	for i := range m.esvcs {
		if d := m.esvcs[i].dns; d != "" {
			m.esvcDNS[d] = esvcIdx(i)
		}
	}
	for i := range m.vpces {
		V := &m.vpces[i]
		if V.esvc != noESvc && V.state == "" {
			S := &m.esvcs[V.esvc]
			st, declared := conns[[2]string{V.id, S.id}]
			switch {
			case declared:
				V.state, V.connState = st, !st.Available()
			case S.accept:
				V.state, V.connState = endpoint.PendingAcceptance, true
			}
		}
		if V.policy != nil && V.svc != noAWS {
			m.awsSvcs[V.svc].guarded = true
		}
		if V.typ != endpoint.Interface || len(V.enis) == 0 {
			continue
		}
		// The endpoint's own DNS names: regional and zonal.
		n, _ := endpoint.ParseServiceName(V.service)
		suffix := "." + n.Service + "." + n.Region + ".vpce.amazonaws.com"
		V.dns = V.id + suffix
		m.vpceDNS[V.dns] = vpceDNSName{vpce: vpceIdx(i), eni: noENI}
		for _, e := range V.enis {
			m.vpceDNS[V.id+"-"+m.subnets[m.enis[e].subnet].az+suffix] = vpceDNSName{vpce: vpceIdx(i), eni: e}
		}
	}
}

// vpceDNSName is what an endpoint's own DNS name resolves to: all its
// interfaces (eni noENI) or, for a zonal name, one.
type vpceDNSName struct {
	vpce vpceIdx
	eni  eniIdx
}

// isPrivateLink reports whether interface e belongs to an interface
// endpoint to an endpoint service of the network.
func (m *Model) isPrivateLink(e eniIdx) bool {
	v := m.enis[e].vpce
	return v != noVPCE && m.vpces[v].esvc != noESvc
}

// privateLinkNode returns the load balancer node that endpoint interface
// e hands connections to: a node of the service's first Network Load
// Balancer (in ID order) with a node in e's zone, or noENI when none has
// one. Across Regions, zones do not match: the first node in zone order
// of its first load balancer.
func (m *Model) privateLinkNode(S *cESvc, e eniIdx) (eniIdx, lbIdx) {
	E := &m.enis[e]
	if S.region != "" && m.vpcs[E.vpc].region != "" && S.region != m.vpcs[E.vpc].region {
		for _, l := range S.nlbs {
			if len(m.lbs[l].nodes) > 0 {
				return m.lbs[l].nodes[0], l
			}
		}
		return noENI, noLB
	}
	for _, l := range S.nlbs {
		for _, n := range m.lbs[l].nodes {
			if m.sameZone(m.enis[n].subnet, E.subnet) {
				return n, l
			}
		}
	}
	return noENI, noLB
}

// privateLinkProxy is the forwarding function of an interface endpoint to
// an endpoint service, for a flow whose first leg arrived at its
// interface e as packet p: across PrivateLink to the node of the service's
// load balancer in e's zone, its security groups when it enforces them on
// PrivateLink traffic (on the client's address), then the load balancer's
// own forwarding, with its targets seeing its node's address.
func (m *Model) privateLinkProxy(o *outcome, e eniIdx, p pkt, f *flow, trace bool, touched *tableSet, depth int) {
	E := &m.enis[e]
	V := &m.vpces[E.vpce]
	S := &m.esvcs[V.esvc]
	px := f.arena.proxy(V.id, kindVPCE)
	o.proxy = px
	node, l := m.privateLinkNode(S, e)
	if node == noENI {
		o.status, o.reason = Blocked, AZMismatch
		if trace {
			o.block = Block{Component: V.id, Kind: KindVPCEndpoint, Step: StepPrivateLink, Reason: AZMismatch,
				Rule: fmt.Sprintf("%s serves no Availability Zone of %s (%s): its Network Load Balancers have nodes in %s",
					S.id, E.id, m.zoneName(E.subnet), m.esvcZones(S))}
		}
		return
	}
	L := &m.lbs[l]
	N := &m.enis[node]
	if trace {
		px.steps = append(px.steps, Hop{Component: V.id, Kind: KindVPCEndpoint, Step: StepPrivateLink, Packet: m.exportPacket(p),
			Rule: fmt.Sprintf("to endpoint service %s: %s's node %s in %s", S.id, L.id, N.id, m.zoneName(N.subnet))})
	}
	// The leg into the load balancer node: the client's address as source,
	// a member of no group.
	pn := p
	pn.dst, pn.srcVPC, pn.member = N.private[0], noVPC, 0
	w := walker{m: m, trace: trace, goal: goal{eni: node, subnet: noSubnet, addr: pn.dst}, touched: touched, returnTo: noENI}
	if trace {
		w.hops = make([]Hop, 0, 4)
	}
	w.hop(kindVPCE, V.id, StepPrivateLink, func() string {
		return fmt.Sprintf("across PrivateLink to %s (the provider's VPC: no route between the VPCs)", N.id)
	}, pn)
	leg := outcome{status: Reachable}
	enforce := len(N.sgs) > 0 && S.enforce[slices.Index(S.nlbs, l)]
	if enforce && !w.sgCheck(node, false, pn) {
		leg = outcome{status: Blocked, reason: w.reason, path: w.hops, block: w.block}
	} else {
		w.hop(kindENI, N.id, StepDeliver, func() string {
			if len(N.sgs) == 0 {
				return "the load balancer has no security groups"
			}
			if !enforce {
				return "the load balancer does not enforce its inbound rules on PrivateLink traffic"
			}
			return ""
		}, pn)
		leg.path = w.hops
		if depth+1 >= maxProxyDepth {
			leg.status, leg.reason = Blocked, RouteLoop
			leg.block = Block{Component: N.id, Kind: KindInterface, Step: StepDeliver, Reason: RouteLoop,
				Rule: fmt.Sprintf("more than %d proxies one after another: they forward to each other", maxProxyDepth)}
		} else {
			g := flow{request: f.request, privateLink: true, call: f.call, caller: f.caller}
			m.lbProxy(&leg, node, pn, &g, trace, touched, depth+1)
		}
	}
	q := Query{From: ENIAddr(E.id, p.dst), To: LoadBalancer(L.id), Protocol: vpcProtocol(p.proto), Port: p.dlo, Request: f.request}
	px.branches = append(px.branches, branchOutcome{tg: S.id, weight: 1, share: 1000, target: N.id, health: V.state.String(), query: &q, leg: leg})
	o.aggregate()
}

// zoneName names the zone of subnet s: its name, and its AZ ID when
// declared.
func (m *Model) zoneName(s subnetIdx) string {
	S := &m.subnets[s]
	if S.azID != "" {
		return S.az + " (" + S.azID + ")"
	}
	return S.az
}

// esvcZones lists the zones an endpoint service's load balancers serve.
func (m *Model) esvcZones(S *cESvc) string {
	var zs []string
	for _, l := range append(slices.Clone(S.nlbs), S.gwlbs...) {
		for _, n := range m.lbs[l].nodes {
			zs = append(zs, m.zoneName(m.enis[n].subnet))
		}
	}
	slices.Sort(zs)
	zs = slices.Compact(zs)
	if len(zs) == 0 {
		return "no zone"
	}
	return strings.Join(zs, ", ")
}

// esvcNodes and esvcEdges draw endpoint services: a node per service,
// joined to its load balancers.
func esvcNodes(g *graphBuilder) {
	for i, x := range g.m.esvcs {
		g.add(refOf(esvcIdx(i)), x.id)
	}
}

func esvcEdges(g *graphBuilder) {
	for i, x := range g.m.esvcs {
		n := g.node(refOf(esvcIdx(i)))
		for _, l := range x.nlbs {
			g.edge(n, g.node(refOf(l)))
		}
		for _, l := range x.gwlbs {
			g.edge(n, g.node(refOf(l)))
		}
	}
}

func esvcLabel(m *Model, i int32) []string {
	return []string{m.esvcs[i].id, "endpoint service " + m.esvcs[i].name}
}

func esvcPlace(m *Model, i int32) (vpcIdx, subnetIdx) { return m.esvcs[i].vpc, noSubnet }
