package reference

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"

	vpce "github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// VPC Lattice.
//
// AWS facts (VPC Lattice User Guide: "Service networks", "Manage the
// associations of a service network", "Control traffic in VPC Lattice
// using security groups", "Control access to VPC Lattice services using
// auth policies", "Listeners", "Listener rules", "Target groups",
// "Health checks for your target groups"):
//
//   - A client resolves a service to an address of VPC Lattice's own
//     link-local range (169.254.171.0/24). The request leaves the client
//     through its security groups' egress rules and its subnet's network
//     ACL; no route table is involved.
//   - It then needs its VPC's association with a service network (a VPC
//     has at most one; one being created or deleted, or whose creation or
//     deletion failed, carries nothing), the service associated with that
//     same network, and, when the association has security groups, an
//     ingress rule of one of them admitting the client.
//   - The reply of that connection comes back through the client's
//     subnet's network ACL (stateless); the client's groups let it pass
//     (stateful).
//   - Only TCP reaches a listener: the service's listener on the port.
//   - Auth policies: the network's, then the service's, each only when
//     its auth type is AWS_IAM. Such a level without a policy denies. A
//     policy allows when some Allow statement matches and no Deny
//     statement does (an explicit deny wins). An unsigned request is an
//     anonymous caller, which only principal "*" matches.
//   - Rules in ascending priority (unique per listener); the first whose
//     conditions all hold decides: method exact and case-sensitive; path
//     exact or prefix, ignoring case unless the rule is case-sensitive;
//     header name ignoring case, its value exact, prefix or contains, any
//     value of the header sufficing. Else the default action.
//   - A fixed response reaches no target. A forward splits requests by
//     weight; a group of weight 0 gets none.
//   - In a group, targets that are healthy (or whose group has health
//     checks off) get the requests; when none is, all of them do (fail
//     open). A target whose health check (from Lattice's addresses, on the
//     health-check port) cannot get through is unhealthy.
//   - Lattice opens its own connection to each target from its
//     link-local range: through the target subnet's network ACL inbound
//     and the target's security groups' ingress (group references never
//     match Lattice's addresses); the reply leaves through the target
//     subnet's network ACL outbound. A Lambda function is invoked without
//     a network path.
//
// Conventions the engine documents and the reference follows where AWS
// leaves the choice open: the i-th service in ID order has address
// 169.254.171.(1 + i mod 254), and Lattice's connections to targets come
// from 169.254.171.1 on ports 1024-65535; the first connection's reply is
// checked before the listener; a request to no group (weights all 0) or
// to a group with no target (when it gets requests) is refused as a whole
// (NO_TARGET); branches are ordered by the forward's groups, then by target
// (interface ID, or address as text); the answer is reachable when every
// branch that gets requests is, the first failing branch's verdict when
// none is, and partial with that branch's reason otherwise.

// latticeService returns the service a name names: its ID, its DNS name or
// its custom domain name.
func (r *Net) latticeService(name string) *lattice.Service {
	for i := range r.n.LatticeServices {
		s := &r.n.LatticeServices[i]
		if s.ID == name || strings.EqualFold(s.DomainName(), name) || s.CustomDomainName != "" && strings.EqualFold(s.CustomDomainName, name) {
			return s
		}
	}
	return nil
}

// latticeAddr returns the IPv4 address of service s (see the conventions).
func (r *Net) latticeAddr(s *lattice.Service) netip.Addr {
	var ids []string
	for _, x := range r.n.LatticeServices {
		ids = append(ids, x.ID)
	}
	sort.Strings(ids)
	i := slices.Index(ids, s.ID)
	return netip.AddrFrom4([4]byte{169, 254, 171, byte(1 + i%254)})
}

// latticeVerdict answers a query to a Lattice service from interface
// src, p being the flow's packet without its destination.
func (r *Net) latticeVerdict(q sim.Query, src endpoint, p packet) (Verdict, error) {
	s := r.latticeService(q.To.LatticeService)
	switch {
	case s == nil:
		return Verdict{}, fmt.Errorf("reference: no Lattice service %q", q.To.LatticeService)
	case src.eni == nil:
		return Verdict{}, fmt.Errorf("reference: only interfaces call Lattice services in the reference (%s)", q)
	case q.IPv6:
		return Verdict{}, fmt.Errorf("reference: Lattice over IPv6 is not modelled (%s)", q)
	}
	client := src.eni
	vpcID := r.vpcOf(client.Subnet)
	p.dst = r.latticeAddr(s)
	if e := r.serviceNetworkEndpoint(vpcID, s); e != nil {
		return r.latticeThroughEndpoint(q, s, e, client, p)
	}

	// The first connection: the client's groups and subnet, then the
	// association.
	if !r.sgAdmits(client, false, p) {
		return Verdict{sim.Blocked, sim.SGEgress}, nil
	}
	if !r.aclAdmits(client.Subnet, false, p) {
		return Verdict{sim.Blocked, sim.NACLOutbound}, nil
	}
	var assoc *lattice.ServiceNetworkVPCAssociation
	for i := range r.n.ServiceNetworkVPCAssociations {
		if a := &r.n.ServiceNetworkVPCAssociations[i]; a.VPC == vpcID {
			assoc = a
		}
	}
	if assoc == nil || !assoc.Status.Carries() {
		return Verdict{sim.Blocked, sim.LatticeNoAssociation}, nil
	}
	held := false
	for _, a := range r.n.ServiceNetworkServiceAssociations {
		if a.Service == s.ID && a.ServiceNetwork == assoc.ServiceNetwork && a.Status.Carries() {
			held = true
		}
	}
	if !held {
		return Verdict{sim.Blocked, sim.LatticeNoAssociation}, nil
	}
	if len(assoc.SecurityGroups) > 0 {
		var gs []group
		for _, id := range assoc.SecurityGroups {
			if g, ok := r.group(id); ok {
				gs = append(gs, g)
			}
		}
		ok := true
		for _, port := range changePorts(p, sgRulePorts(gs)) {
			ok = ok && r.sgAdmitsPort(gs, true, p, port)
		}
		if !ok {
			return Verdict{sim.Blocked, sim.LatticeAssociationSG}, nil
		}
	}
	rp, wantReply := replyTo(p)
	if wantReply && !r.aclAdmits(client.Subnet, true, rp) {
		return Verdict{sim.ReplyBlocked, sim.NACLInbound}, nil
	}

	var sn *lattice.ServiceNetwork
	for i := range r.n.ServiceNetworks {
		if r.n.ServiceNetworks[i].ID == assoc.ServiceNetwork {
			sn = &r.n.ServiceNetworks[i]
		}
	}
	return r.latticeServe(q, s, sn, vpcID, p)
}

// latticeServe follows a request that reached service s through network
// sn from VPC vpcID: the listener, the auth policies, the rules and the
// forward.
func (r *Net) latticeServe(q sim.Query, s *lattice.Service, sn *lattice.ServiceNetwork, vpcID string, p packet) (Verdict, error) {
	var li *lattice.Listener
	for i := range s.Listeners {
		if l := &s.Listeners[i]; p.proto == 6 && l.EffectivePort() == p.dport.From {
			li = l
		}
	}
	if li == nil {
		return Verdict{sim.Blocked, sim.NoListener}, nil
	}
	req := latticeReq{caller: q.Caller, method: "GET", path: "/", vpc: vpcID, svc: s}
	if q.Request != nil {
		req.method = cmpOr(q.Request.Method, "GET")
		req.path = cmpOr(q.Request.Path, "/")
		req.header = q.Request.Header
	}
	for _, lvl := range []struct {
		auth lattice.AuthType
		doc  json.RawMessage
	}{{sn.AuthType, sn.AuthPolicy}, {s.AuthType, s.AuthPolicy}} {
		if lvl.auth != lattice.AuthIAM {
			continue
		}
		if len(lvl.doc) == 0 {
			return Verdict{sim.Blocked, sim.AuthDenied}, nil
		}
		ok, err := authAllows(lvl.doc, req)
		if err != nil {
			return Verdict{}, err
		}
		if !ok {
			return Verdict{sim.Blocked, sim.AuthDenied}, nil
		}
	}
	rules := slices.Clone(li.Rules)
	slices.SortFunc(rules, func(a, b lattice.Rule) int { return a.Priority - b.Priority })
	action := li.DefaultAction
	for _, rule := range rules {
		if latticeRuleMatches(rule.Match, req) {
			action = rule.Action
			break
		}
	}
	if action.FixedResponse != nil {
		return Verdict{sim.Blocked, sim.FixedResponse}, nil
	}
	return r.latticeForward(action.Forward)
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// latticeForward follows a forward action: each group that gets requests,
// each target in it that gets requests, and the connection to it.
func (r *Net) latticeForward(f *lattice.ForwardAction) (Verdict, error) {
	type fwd struct {
		tg     *lattice.TargetGroup
		weight int
	}
	var groups []fwd
	total := 0
	for i, w := range f.TargetGroups {
		weight := 0
		switch {
		case w.Weight != nil:
			weight = *w.Weight
		case len(f.TargetGroups) == 1:
			weight = 1
		}
		tg := find(r.n.LatticeTargetGroups, w.TargetGroup, func(x *lattice.TargetGroup) string { return x.ID })
		if tg == nil {
			return Verdict{}, fmt.Errorf("reference: forward %d: no target group %q", i, w.TargetGroup)
		}
		groups = append(groups, fwd{tg, weight})
		total += weight
	}
	if total == 0 {
		return Verdict{sim.Blocked, sim.NoTarget}, nil
	}
	var verdicts []Verdict
	for _, g := range groups {
		if g.weight == 0 {
			continue
		}
		if len(g.tg.Targets) == 0 {
			// The group's share of the requests fails; the other
			// groups' shares do not.
			verdicts = append(verdicts, Verdict{sim.Blocked, sim.NoTarget})
			continue
		}
		type target struct {
			key  string
			t    lattice.Target
			eni  *vpc.NetworkInterface
			addr netip.Addr
		}
		var ts []target
		for _, t := range g.tg.Targets {
			x := target{t: t}
			switch g.tg.Type {
			case lattice.TargetInstance:
				x.eni = r.instance(t.ID)
				x.key = t.ID
				if x.eni != nil {
					x.addr = x.eni.PrivateIPs[0]
				}
			case lattice.TargetIP:
				x.key, x.addr = t.IP.String(), t.IP
				for i := range r.n.NetworkInterfaces {
					e := &r.n.NetworkInterfaces[i]
					if r.vpcOf(e.Subnet) == g.tg.VPC && slices.Contains(e.PrivateIPs, t.IP) {
						x.eni = e
					}
				}
			case lattice.TargetLambda:
				x.key = t.ID
			default:
				return Verdict{}, fmt.Errorf("reference: target group %s: %s targets are not modelled", g.tg.ID, g.tg.Type)
			}
			ts = append(ts, x)
		}
		slices.SortStableFunc(ts, func(a, b target) int { return strings.Compare(a.key, b.key) })
		// Health: declared, then the health check's own connection.
		healthy := make([]bool, len(ts))
		anyHealthy := false
		for i, x := range ts {
			h := x.t.Health
			healthy[i] = h == "" || h == lattice.HealthHealthy || h == lattice.HealthUnavailable
			if healthy[i] && g.tg.HealthChecksEnabled() && x.eni != nil {
				port := g.tg.HealthCheckPort(x.t)
				healthy[i] = r.latticeLeg(x.eni, x.addr, port).Status == sim.Reachable
			}
			anyHealthy = anyHealthy || healthy[i]
		}
		for i, x := range ts {
			if anyHealthy && !healthy[i] {
				continue
			}
			switch {
			case g.tg.Type == lattice.TargetLambda:
				verdicts = append(verdicts, Verdict{sim.Reachable, sim.NoReason})
			case x.eni == nil:
				verdicts = append(verdicts, Verdict{sim.Blocked, sim.UnknownDestination})
			default:
				verdicts = append(verdicts, r.latticeLeg(x.eni, x.addr, g.tg.TargetPort(x.t)))
			}
		}
	}
	return combine(verdicts), nil
}

// instance returns the interface an INSTANCE target names: the interface
// of that ID, else the first (by ID) whose owner it is.
func (r *Net) instance(id string) *vpc.NetworkInterface {
	if e := r.eni(id); e != nil {
		return e
	}
	var best *vpc.NetworkInterface
	for i := range r.n.NetworkInterfaces {
		e := &r.n.NetworkInterfaces[i]
		if e.Owner == id && (best == nil || e.ID < best.ID) {
			best = e
		}
	}
	return best
}

// latticeLeg is Lattice's own connection to interface e at addr, on TCP
// port port: in through the subnet's network ACL and the interface's
// groups, the reply out through the ACL.
func (r *Net) latticeLeg(e *vpc.NetworkInterface, addr netip.Addr, port uint16) Verdict {
	p := packet{src: netip.AddrFrom4([4]byte{169, 254, 171, 1}), dst: addr, proto: 6, sport: vpc.Ports(1024, 65535), dport: vpc.Port(port)}
	if !r.aclAdmits(e.Subnet, true, p) {
		return Verdict{sim.Blocked, sim.NACLInbound}
	}
	if !r.sgAdmits(e, true, p) {
		return Verdict{sim.Blocked, sim.SGIngress}
	}
	rp, _ := replyTo(p)
	if !r.aclAdmits(e.Subnet, false, rp) {
		return Verdict{sim.ReplyBlocked, sim.NACLOutbound}
	}
	return Verdict{sim.Reachable, sim.NoReason}
}

// latticeReq is a request as rules and auth policies see it.
type latticeReq struct {
	caller       *policy.Principal
	method, path string
	header       map[string][]string
	vpc          string
	svc          *lattice.Service
}

// latticeRuleMatches reports whether every condition of m holds for req.
func latticeRuleMatches(m lattice.HTTPMatch, req latticeReq) bool {
	if m.Method != "" && m.Method != req.method {
		return false
	}
	if pm := m.PathMatch; pm != nil {
		t, v := pm.Type()
		if !compare(t, v, req.path, pm.CaseSensitive) {
			return false
		}
	}
	for _, h := range m.HeaderMatches {
		t, v := h.Type()
		found := false
		for name, values := range req.header {
			if !strings.EqualFold(name, h.Name) {
				continue
			}
			for _, x := range values {
				found = found || compare(t, v, x, h.CaseSensitive)
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// compare applies one exact, prefix or contains comparison of got with
// want, ignoring ASCII case unless cs.
func compare(t lattice.MatchType, want, got string, cs bool) bool {
	if !cs {
		want, got = asciiLower(want), asciiLower(got)
	}
	switch t {
	case lattice.MatchExact:
		return got == want
	case lattice.MatchPrefix:
		return strings.HasPrefix(got, want)
	case lattice.MatchContains:
		return strings.Contains(got, want)
	}
	return false
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// authAllows evaluates an auth policy on req: some Allow statement
// matches and no Deny statement does. It knows the subset of the policy
// language random networks use (see package gen): Effect, Principal ("*"
// or AWS account IDs, account roots and IAM ARNs), Action, Resource and
// the StringEquals, StringNotEquals and StringLike operators; anything
// else is an error.
func authAllows(doc json.RawMessage, req latticeReq) (bool, error) {
	var p struct {
		Statement []map[string]json.RawMessage
	}
	if err := json.Unmarshal(doc, &p); err != nil {
		return false, fmt.Errorf("reference: auth policy: %v", err)
	}
	allowed := false
	for i, st := range p.Statement {
		var effect string
		if err := json.Unmarshal(st["Effect"], &effect); err != nil {
			return false, fmt.Errorf("reference: statement %d: effect: %v", i, err)
		}
		for k := range st {
			if k != "Effect" && k != "Principal" && k != "Action" && k != "Resource" && k != "Condition" && k != "Sid" {
				return false, fmt.Errorf("reference: statement %d: %s is not modelled", i, k)
			}
		}
		m, err := statementMatches(st, req)
		if err != nil {
			return false, fmt.Errorf("reference: statement %d: %v", i, err)
		}
		switch {
		case m && effect == "Deny":
			return false, nil
		case m && effect == "Allow":
			allowed = true
		}
	}
	return allowed, nil
}

// strings1 reads a string or a list of strings.
func strings1(raw json.RawMessage) ([]string, error) {
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}, nil
	}
	var many []string
	err := json.Unmarshal(raw, &many)
	return many, err
}

func statementMatches(st map[string]json.RawMessage, req latticeReq) (bool, error) {
	// Principal.
	pm := false
	var star string
	if err := json.Unmarshal(st["Principal"], &star); err == nil {
		if star != "*" {
			return false, fmt.Errorf("principal %q", star)
		}
		pm = true
	} else {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(st["Principal"], &obj); err != nil || len(obj) != 1 || obj["AWS"] == nil {
			return false, fmt.Errorf("principal %s", st["Principal"])
		}
		ps, err := strings1(obj["AWS"])
		if err != nil {
			return false, err
		}
		c := req.caller
		for _, x := range ps {
			switch {
			case c == nil:
			case x == c.ARN:
				pm = true
			case x == c.Account || x == "arn:aws:iam::"+c.Account+":root":
				pm = true
			}
		}
	}
	if !pm {
		return false, nil
	}
	// Action.
	acts, err := strings1(st["Action"])
	if err != nil {
		return false, err
	}
	if !slices.ContainsFunc(acts, func(a string) bool { return wildcard(strings.ToLower(a), strings.ToLower(policy.ActionLatticeInvoke)) }) {
		return false, nil
	}
	// Resource.
	res, err := strings1(st["Resource"])
	if err != nil {
		return false, err
	}
	region := cmpOr(req.svc.Region, lattice.DefaultRegion)
	resource := fmt.Sprintf("arn:aws:vpc-lattice:%s:%s:service/%s%s", region, req.svc.Account, req.svc.ID, req.path)
	if !slices.ContainsFunc(res, func(p string) bool { return wildcard(p, resource) }) {
		return false, nil
	}
	// Conditions.
	if st["Condition"] == nil {
		return true, nil
	}
	var cond map[string]map[string]json.RawMessage
	if err := json.Unmarshal(st["Condition"], &cond); err != nil {
		return false, err
	}
	for op, keys := range cond {
		for key, raw := range keys {
			want, err := strings1(raw)
			if err != nil {
				return false, err
			}
			got, present := conditionKey(key, req)
			var held bool
			switch op {
			case "StringEquals":
				held = present && slices.Contains(want, got)
			case "StringNotEquals":
				held = !present || !slices.Contains(want, got)
			case "StringLike":
				held = present && slices.ContainsFunc(want, func(p string) bool { return wildcard(p, got) })
			default:
				return false, fmt.Errorf("condition operator %s is not modelled", op)
			}
			if !held {
				return false, nil
			}
		}
	}
	return true, nil
}

// conditionKey returns the value of a condition key for req, and whether
// the request has it.
func conditionKey(key string, req latticeReq) (string, bool) {
	switch strings.ToLower(key) {
	case "vpc-lattice-svcs:requestmethod":
		return req.method, true
	case "vpc-lattice-svcs:requestpath":
		return req.path, true
	case "vpc-lattice-svcs:sourcevpc":
		return req.vpc, true
	case "aws:principalorgid":
		if req.caller == nil || req.caller.OrgID == "" {
			return "", false
		}
		return req.caller.OrgID, true
	}
	return "", false
}

// wildcard matches s against pattern p, where '*' stands for any run of
// characters and '?' for one, by plain recursion.
func wildcard(p, s string) bool {
	switch {
	case p == "":
		return s == ""
	case p[0] == '*':
		return wildcard(p[1:], s) || s != "" && wildcard(p, s[1:])
	case s == "":
		return false
	case p[0] == '?' || p[0] == s[0]:
		return wildcard(p[1:], s[1:])
	}
	return false
}

// Service-network endpoints.
//
// AWS facts (AWS PrivateLink Guide, "Access a service network through a
// service-network endpoint"; VPC Lattice User Guide, "How VPC Lattice
// works"; Route 53 Developer Guide, "Considerations when working with a
// private hosted zone"):
//
//   - A VPC also reaches a service network through VPC endpoints of type
//     ServiceNetwork, each with one interface per subnet behind the
//     endpoint's security groups (the VPC's default group when none).
//   - With private DNS on, the endpoint's private hosted zone answers the
//     names of the network's services in its VPC with the endpoint's
//     addresses, and Route 53 Resolver answers from a private hosted zone
//     before the public answer: such an endpoint carries the VPC's
//     requests to those services even when the VPC's association holds
//     them too.
//   - The client's request is an ordinary flow to the endpoint's address
//     (security groups, network ACLs, routes, the endpoint's groups), and
//     its reply comes back the same way. The endpoint carries TCP only,
//     while available. Lattice then serves the request as through an
//     association, the endpoint's network's auth policy deciding.
//
// Conventions the engine documents and the reference follows: the
// endpoint's declared address in a subnet is where its services are
// reached; the interface in the client's zone answers, else the first by
// zone name; an endpoint with private DNS on wins over one without, then
// the lower ID; without a private DNS endpoint or an association holding
// the service, an endpoint with private DNS off carries the request (the
// client uses the endpoint's own name).

// serviceNetworkEndpoint returns the service-network endpoint of VPC
// vpcID through which a request to service s goes, or nil for the
// association.
func (r *Net) serviceNetworkEndpoint(vpcID string, s *lattice.Service) *vpce.Endpoint {
	holds := func(sn string) bool {
		for _, a := range r.n.ServiceNetworkServiceAssociations {
			if a.Service == s.ID && a.ServiceNetwork == sn && a.Status.Carries() {
				return true
			}
		}
		return false
	}
	var es []*vpce.Endpoint
	for i := range r.n.VPCEndpoints {
		if e := &r.n.VPCEndpoints[i]; e.Type.Norm() == vpce.ServiceNetwork && e.VPC == vpcID && len(e.Subnets) > 0 && holds(e.ServiceNetwork) {
			es = append(es, e)
		}
	}
	slices.SortFunc(es, func(a, b *vpce.Endpoint) int { return strings.Compare(a.ID, b.ID) })
	for _, e := range es {
		if e.PrivateDNS() {
			return e
		}
	}
	for _, a := range r.n.ServiceNetworkVPCAssociations {
		if a.VPC == vpcID && a.Status.Carries() && holds(a.ServiceNetwork) {
			return nil
		}
	}
	if len(es) > 0 {
		return es[0]
	}
	return nil
}

// latticeThroughEndpoint answers a request from client to service s
// through service-network endpoint e.
func (r *Net) latticeThroughEndpoint(q sim.Query, s *lattice.Service, e *vpce.Endpoint, client *vpc.NetworkInterface, p packet) (Verdict, error) {
	zone := func(subnet string) string {
		if x := find(r.n.Subnets, subnet, func(x *vpc.Subnet) string { return x.ID }); x != nil {
			return x.AvailabilityZone
		}
		return ""
	}
	subnets := slices.Clone(e.Subnets)
	slices.SortFunc(subnets, func(a, b string) int { return cmp.Or(strings.Compare(zone(a), zone(b)), strings.Compare(a, b)) })
	at := subnets[0]
	for _, x := range subnets {
		if zone(x) == zone(client.Subnet) {
			at = x
			break
		}
	}
	x := r.eni(e.ID + "/" + at)
	if x == nil || len(x.PrivateIPs) == 0 {
		return Verdict{}, fmt.Errorf("reference: service-network endpoint %s declares no address in %s", e.ID, at)
	}
	p.dst = x.PrivateIPs[0]
	w := newWalk(r, false, goal{host: x.ID, lattice: s.ID})
	w.send(client, p)
	if w.err != nil {
		return Verdict{}, w.err
	}
	if !w.ok {
		return Verdict{sim.Blocked, w.reason}, nil
	}
	rp, _ := replyTo(w.final)
	back := newWalk(r, true, goal{host: client.ID})
	back.nats, back.tracked = w.nats, w.tracked
	rp.srcVPC = r.vpcOf(x.Subnet)
	back.send(x, rp)
	if !back.ok {
		return Verdict{sim.ReplyBlocked, back.reason}, nil
	}
	sn := find(r.n.ServiceNetworks, e.ServiceNetwork, func(x *lattice.ServiceNetwork) string { return x.ID })
	return r.latticeServe(q, s, sn, e.VPC, p)
}

// combine is the verdict of a request a proxy sends on connections with
// the given verdicts (each getting requests): reachable when all are,
// the first failure's verdict when none is, partial otherwise.
func combine(verdicts []Verdict) Verdict {
	var first *Verdict
	ok := 0
	for i := range verdicts {
		if verdicts[i].Status == sim.Reachable {
			ok++
		} else if first == nil {
			first = &verdicts[i]
		}
	}
	switch {
	case first == nil:
		return Verdict{sim.Reachable, sim.NoReason}
	case ok == 0:
		return *first
	}
	return Verdict{sim.Partial, first.Reason}
}
