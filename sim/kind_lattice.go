package sim

import (
	"fmt"
	"net/netip"
	"sync"

	"github.com/vpcsim/vpcsim/internal/httpmatch"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of Amazon VPC Lattice: service networks, their
// VPC and service associations, services with their listeners and rules,
// target groups, accounts and resource shares.
//
// A request to a service (sim.LatticeService) leaves the client as any
// flow does (its security groups' egress and its subnet's network ACL
// outbound, to the service's link-local address, with no route table:
// Lattice addresses are link-local) and reaches VPC Lattice through the
// client VPC's one service network association, whose security groups
// admit it; the network must hold the service. That is the first leg. The
// service then applies, as a proxy: the listener on the port, the auth
// policies of the network and of the service (AWS_IAM: an explicit allow,
// no deny), the first rule matching the request, and a forward to weighted
// target groups, whose targets (healthy ones, or all when none is)
// each get a leg from Lattice's address, entering the target's subnet
// through its network ACL and meeting its security groups on the target
// port; a Lambda target is invoked without a network path, an ALB target
// is reached at its node and its own rules apply.

type (
	snIdx    int32 // indexes Model.sns
	svcIdx   int32 // indexes Model.svcs
	ltgIdx   int32 // indexes Model.ltgs
	snvaIdx  int32 // indexes Model.snvas
	snsaIdx  int32 // service associations (not compiled on their own)
	shareIdx int32 // resource shares (not compiled on their own)
	acctIdx  int32 // accounts (not compiled on their own)
)

const (
	noSN   snIdx   = -1
	noSvc  svcIdx  = -1
	noLTG  ltgIdx  = -1
	noSNVA snvaIdx = -1
)

func (snIdx) kind() kind    { return kindServiceNetwork }
func (svcIdx) kind() kind   { return kindLatticeService }
func (ltgIdx) kind() kind   { return kindLatticeTargetGroup }
func (snvaIdx) kind() kind  { return kindSNVPCAssociation }
func (snsaIdx) kind() kind  { return kindSNServiceAssociation }
func (shareIdx) kind() kind { return kindResourceShare }
func (acctIdx) kind() kind  { return kindAccount }

// Lattice's addresses: services resolve to link-local addresses in
// 169.254.171.0/24 (and fd00:ec2:80::/64), resource configurations reached
// through a VPC association to addresses in 129.224.0.0/17 (AWS owned and
// not routed on the internet; IPv6 in the same /64). The managed prefix
// lists com.amazonaws.<region>.vpc-lattice hold them, Lattice keeps the
// routes to them in every route table of an associated VPC itself, and it
// reaches targets from the link-local range.
var (
	latticePrefix4         = netip.MustParsePrefix("169.254.171.0/24")
	latticePrefix6         = netip.MustParsePrefix("fd00:ec2:80::/64")
	latticeResourcePrefix4 = netip.MustParsePrefix("129.224.0.0/17")
)

// isLatticeAddr reports whether a is one of Lattice's addresses.
func isLatticeAddr(a netip.Addr) bool {
	return latticePrefix4.Contains(a) || latticePrefix6.Contains(a) || latticeResourcePrefix4.Contains(a)
}

// cSN is a compiled service network.
type cSN struct {
	id, account, region string
	arns                []string // its ARN, as auth policies' context holds it
	iam                 bool
	policy              *policy.Policy
}

// cSNVA is a compiled service network VPC association, with its private
// DNS settings (for the custom domain names of resource configurations).
type cSNVA struct {
	id         string
	sn         snIdx
	vpc        vpcIdx
	sgs        []sgIdx
	carries    bool
	privateDNS bool
	pref       lattice.PrivateDNSPreference
	specified  []string
	// ruleTexts keeps the hop texts of requests its security groups
	// admitted, by sgRuleKey: they depend on the rule alone.
	ruleTexts *sync.Map
}

// sgRuleKey names a rule of a security group.
type sgRuleKey struct {
	g  sgIdx
	ri int32 // no padding: hashed as memory
}

// cSvc is a compiled Lattice service.
type cSvc struct {
	id, name, account, region string
	arn                       string
	arns                      []string // arn, as auth policies' context holds it
	dns, custom               string
	iam                       bool
	policy                    *policy.Policy
	addr4, addr6              netip.Addr
	nets                      []snIdx // the networks it is associated with (active associations)
	listeners                 []cLListener
	// portRules holds one TCP rule per listener port: the service's
	// "table" for the port-interval search of OpenPorts (see
	// svcPortRules).
	portRules []cRule
}

// svcPortRules returns the listener ports of service i as rules, so that
// OpenPorts splits the ports at each listener.
func svcPortRules(m *Model, i int32) [2][]cRule { return [2][]cRule{m.svcs[i].portRules} }

// portRule is the rule standing for TCP ports lo-hi in a port table.
func portRule(lo, hi uint16, desc string) cRule {
	return cRule{proto: int16(protoTCP), lo: lo, hi: hi, pl: noPL, group: noSG, allow: true, desc: desc}
}

// cLListener is a compiled Lattice listener: rules in evaluation order,
// the default rule last.
type cLListener struct {
	id    string
	proto lattice.ListenerProtocol
	port  uint16
	ports []string // port in decimal, as auth policies' context holds it
	rules []cLRule
	desc  string // the listener step's text
}

// cLRule is a compiled Lattice rule (priority 0 for the default rule).
type cLRule struct {
	id       string
	priority int
	match    *httpmatch.LatticeMatcher // nil for the default rule
	conds    string                    // the match, for explanations
	fixed    int                       // fixed response status, or 0
	forward  []cLForward
	// head and tail are the rule's explanation before and after the
	// request it matches ("rule 10 (id) [conds]", ": forward to ...").
	head, tail string
}

type cLForward struct {
	tg     ltgIdx
	weight int
}

// cLTG is a compiled Lattice target group.
type cLTG struct {
	id      string
	typ     lattice.TargetType
	proto   lattice.TargetGroupProtocol
	vpc     vpcIdx
	hc      bool   // health checks on
	hcPort  uint16 // 0: each target's traffic port
	targets []cLTarget
	checks  *healthChecks // the health checks' outcomes, once known
	legs    *latticeLegs  // the legs to its targets, once known
}

// healthChecks holds, once computed, why each target of a group fails its
// health check ("" when it passes or is not checked), the tables each
// check consulted (for the analyses that collect them), how many targets
// Lattice routes to, and the group's step text.
type healthChecks struct {
	once     sync.Once
	why      []string
	tables   [][]ref
	routable int
	summary  string
}

// latticeLegs holds, once computed, the explained leg from Lattice to
// each target of a group whose leg depends on nothing but the target (see
// Model.latticeLegCached), with the tables it consulted; cached[i] says
// whether target i's leg is kept.
type latticeLegs struct {
	once   sync.Once
	cached []bool
	legs   []outcome
	tables [][]ref
}

// cLTarget is a compiled Lattice target.
type cLTarget struct {
	id     string
	eni    eniIdx
	addr   netip.Addr
	lb     lbIdx
	port   uint16
	health lattice.TargetHealth
}

// latticeARN returns the ARN of a Lattice resource.
func latticeARN(region, account, typ, id string) string {
	return fmt.Sprintf("arn:aws:vpc-lattice:%s:%s:%s/%s", region, account, typ, id)
}

// --- validation ------------------------------------------------------------

// accountOf returns the account a VPC belongs to ("" when not declared).
func (v *validator) vpcAccount(id string) string {
	for _, x := range v.n.VPCs {
		if x.ID == id {
			return x.Account
		}
	}
	return ""
}

// shared reports whether resource id, owned by owner, may be used by
// account: the same account (or either undeclared), or a resource share of
// owner's reaching the account or its organization.
func (v *validator) shared(id, owner, account string) bool {
	if owner == "" || account == "" || owner == account {
		return true
	}
	org := ""
	for _, a := range v.n.Accounts {
		if a.ID == account {
			org = a.Organization
		}
	}
	for _, s := range v.n.ResourceShares {
		if s.Owner == owner && s.Shares(id) && s.Reaches(account, org) {
			return true
		}
	}
	return false
}

// checkAuthPolicy checks an auth policy: it parses, and fits the 10 KB
// Lattice allows (Network.LatticeQuotas.AuthPolicyBytes).
func (v *validator) checkAuthPolicy(r vres, field string, doc []byte, auth lattice.AuthType) {
	if !auth.Valid() {
		r.errf("authType", ErrInvalidValue, "%q: want NONE or AWS_IAM", auth)
	}
	if len(doc) == 0 {
		return
	}
	if limit := v.policyLimit(); len(doc) > limit {
		r.errf(field, ErrInvalidValue, "%d bytes: an auth policy is at most %d bytes (10 KB) %s", len(doc), limit, quotaMsg("authPolicyBytes"))
	}
	if _, err := policy.Parse(doc); err != nil {
		r.errf(field, ErrInvalidValue, "%v", err)
	}
}

func (v *validator) checkServiceNetwork(r vres, _ int, sn *lattice.ServiceNetwork) {
	v.checkAuthPolicy(r, "authPolicy", sn.AuthPolicy, sn.AuthType)
	v.checkLatticeNetwork(r, sn)
}

func (v *validator) checkSNVPCAssociation(r vres, _ int, a *lattice.ServiceNetworkVPCAssociation) {
	j, snOK := r.ref("serviceNetwork", kindServiceNetwork, a.ServiceNetwork, true)
	vp := r.vpcRef("vpc", a.VPC, true)
	if vp != nil {
		r.onlyOne("vpc", "a service network vpc association (a VPC is associated with one service network; reach others through service-network endpoints)", a.VPC)
	}
	if !a.Status.Valid() {
		r.errf("status", ErrInvalidValue, "%q: want one of ACTIVE, CREATE_IN_PROGRESS, UPDATE_IN_PROGRESS, DELETE_IN_PROGRESS, CREATE_FAILED, UPDATE_FAILED, DELETE_FAILED", a.Status)
	}
	if q := v.latticeIdx().q.SecurityGroupsPerAssociation; len(a.SecurityGroups) > q {
		r.errf("securityGroups", ErrInvalidValue, "%d security groups: a service network association takes at most %d %s", len(a.SecurityGroups), q, quotaMsg("securityGroupsPerAssociation"))
	}
	v.checkVPCAssociationMore(r, a)
	for i, g := range a.SecurityGroups {
		field := fmt.Sprintf("securityGroups[%d]", i)
		if k, ok := r.ref(field, kindSG, g, true); ok && vp != nil {
			r.sameVPC(field, fmt.Sprintf("security group %q", g), v.n.SecurityGroups[k].VPC, a.VPC)
		}
	}
	if snOK && vp != nil {
		sn := &v.n.ServiceNetworks[j]
		if !v.shared(sn.ID, sn.Account, vp.Account) {
			r.errf("serviceNetwork", ErrInvalidValue, "service network %q belongs to account %s, which shares it with no share reaching account %s of vpc %q: share it (a resource share) or associate a network of the account",
				sn.ID, sn.Account, vp.Account, a.VPC)
		}
	}
}

func (v *validator) checkSNServiceAssociation(r vres, _ int, a *lattice.ServiceNetworkServiceAssociation) {
	j, snOK := r.ref("serviceNetwork", kindServiceNetwork, a.ServiceNetwork, true)
	k, svcOK := r.ref("service", kindLatticeService, a.Service, true)
	if !a.Status.Valid() {
		r.errf("status", ErrInvalidValue, "%q: want an association status such as ACTIVE", a.Status)
	}
	if !snOK || !svcOK {
		return
	}
	sn, svc := &v.n.ServiceNetworks[j], &v.n.LatticeServices[k]
	v.checkServiceAssociationMore(r, a, svc)
	// The caller must own the service or the network, and reach the other
	// one: its own, or shared with it.
	switch {
	case sn.Account == svc.Account || sn.Account == "" || svc.Account == "":
	case v.shared(svc.ID, svc.Account, sn.Account), v.shared(sn.ID, sn.Account, svc.Account):
	default:
		r.errf("service", ErrInvalidValue, "service %q (account %s) and service network %q (account %s): the account associating them must own one and have the other shared with it",
			svc.ID, svc.Account, sn.ID, sn.Account)
	}
}

func (v *validator) checkLatticeService(r vres, _ int, s *lattice.Service) {
	v.checkAuthPolicy(r, "authPolicy", s.AuthPolicy, s.AuthType)
	v.checkServiceMore(r, s)
	q := v.latticeIdx().q
	if len(s.Listeners) > q.ListenersPerService {
		r.errf("listeners", ErrInvalidValue, "%d listeners: the quota is %d per service (raise Network.LatticeQuotas.ListenersPerService if AWS raised yours)", len(s.Listeners), q.ListenersPerService)
	}
	ports := map[uint16]int{}
	for i := range s.Listeners {
		l := &s.Listeners[i]
		base := fmt.Sprintf("listeners[%d]", i)
		if l.ID == "" {
			r.errf(base+".id", ErrInvalidValue, "required: every listener needs an id")
		}
		v.checkListenerMore(r, base, s, l)
		if !l.Protocol.Valid() {
			r.errf(base+".protocol", ErrInvalidValue, "%q: want HTTP, HTTPS or TLS_PASSTHROUGH", l.Protocol)
			continue
		}
		port := l.EffectivePort()
		if port == 0 {
			r.errf(base+".port", ErrInvalidValue, "required: a %s listener needs a port 1-65535", l.Protocol)
		} else if k, dup := ports[port]; dup {
			r.errf(base+".port", ErrConflict, "port %d is already listeners[%d]'s", port, k)
		}
		ports[port] = i
		if l.Protocol == lattice.ListenerTLSPassthrough {
			if s.CustomDomainName == "" {
				r.errf(base+".protocol", ErrInvalidValue, "a TLS passthrough listener needs the service's custom domain name, which it matches against the SNI")
			}
			if len(l.Rules) > 0 {
				r.errf(base+".rules", ErrInvalidValue, "a TLS passthrough listener has only its default rule")
			}
		}
		if len(l.Rules) > q.RulesPerListener {
			r.errf(base+".rules", ErrInvalidValue, "%d rules: the quota is %d per listener", len(l.Rules), q.RulesPerListener)
		}
		v.checkLatticeAction(r, base+".defaultAction", &l.DefaultAction, s, l)
		prios := map[int]int{}
		for k := range l.Rules {
			x := &l.Rules[k]
			rb := fmt.Sprintf("%s.rules[%d]", base, k)
			switch j, dup := prios[x.Priority]; {
			case x.Priority < 1 || x.Priority > 2000:
				r.errf(rb+".priority", ErrInvalidValue, "%d: want a priority 1-2000", x.Priority)
			case dup:
				r.errf(rb+".priority", ErrConflict, "priority %d is already rules[%d]'s: priorities are unique per listener", x.Priority, j)
			default:
				prios[x.Priority] = k
			}
			if _, err := httpmatch.CompileLattice(latticeConditions(x.Match)); err != nil {
				r.errf(rb+".match", ErrInvalidValue, "%v", err)
			}
			if len(x.Match.HeaderMatches) > 5 {
				r.errf(rb+".match.headerMatches", ErrInvalidValue, "%d header matches: want at most 5", len(x.Match.HeaderMatches))
			}
			v.checkRuleMore(r, rb, l, x)
			v.checkLatticeAction(r, rb+".action", &x.Action, s, l)
		}
	}
}

// checkLatticeAction checks a rule's action or a listener's default.
func (v *validator) checkLatticeAction(r vres, base string, a *lattice.Action, s *lattice.Service, l *lattice.Listener) {
	switch {
	case (a.Forward == nil) == (a.FixedResponse == nil):
		r.errf(base, ErrInvalidValue, "want exactly one of forward and fixedResponse")
		return
	case a.FixedResponse != nil:
		if c := a.FixedResponse.StatusCode; c != 404 && c != 500 {
			r.errf(base+".fixedResponse.statusCode", ErrInvalidValue, "%d: Lattice answers with 404 or 500", c)
		}
		if l.Protocol == lattice.ListenerTLSPassthrough {
			r.errf(base, ErrInvalidValue, "a TLS passthrough listener forwards to a TCP target group")
		}
		return
	}
	tgs := a.Forward.TargetGroups
	if len(tgs) < 1 || len(tgs) > 10 {
		r.errf(base+".forward.targetGroups", ErrInvalidValue, "%d target groups: a forward takes 1 to 10", len(tgs))
	}
	for i, w := range tgs {
		field := fmt.Sprintf("%s.forward.targetGroups[%d]", base, i)
		switch {
		case w.Weight == nil && len(tgs) > 1:
			r.errf(field+".weight", ErrInvalidValue, "required: each of several target groups needs a weight 0-999")
		case w.Weight != nil && (*w.Weight < 0 || *w.Weight > 999):
			r.errf(field+".weight", ErrInvalidValue, "%d: want a weight 0-999", *w.Weight)
		}
		j, ok := r.ref(field+".targetGroup", kindLatticeTargetGroup, w.TargetGroup, true)
		if !ok {
			continue
		}
		tg := &v.n.LatticeTargetGroups[j]
		if tg.Account != "" && s.Account != "" && tg.Account != s.Account {
			r.errf(field+".targetGroup", ErrInvalidValue, "target group %q belongs to account %s, the service to %s: a target group serves services of its own account", tg.ID, tg.Account, s.Account)
		}
		tls := l.Protocol == lattice.ListenerTLSPassthrough
		if tls != (tg.Protocol == lattice.ProtocolTCP) && tg.Type != lattice.TargetLambda && tg.Type != lattice.TargetALB {
			r.errf(field+".targetGroup", ErrInvalidValue, "target group %q is %s: TCP target groups go behind TLS passthrough listeners, and only they", tg.ID, tg.Protocol)
		}
		if tls && tg.Type == lattice.TargetLambda {
			r.errf(field+".targetGroup", ErrInvalidValue, "a TLS passthrough listener cannot forward to a Lambda target group")
		}
		v.checkForwardMore(r, field+".targetGroup", s, l, tg)
	}
}

// latticeConditions converts a rule's match to the matcher's.
func latticeConditions(m lattice.HTTPMatch) httpmatch.LatticeConditions {
	c := httpmatch.LatticeConditions{Method: m.Method}
	if m.PathMatch != nil {
		t, v := m.PathMatch.Type()
		c.Path = &httpmatch.LatticePath{Type: latticeMatchType(t), Value: v, CaseSensitive: m.PathMatch.CaseSensitive}
	}
	for _, h := range m.HeaderMatches {
		t, v := h.Type()
		c.Headers = append(c.Headers, httpmatch.LatticeHeader{Name: h.Name, Type: latticeMatchType(t), Value: v, CaseSensitive: h.CaseSensitive})
	}
	return c
}

func latticeMatchType(t lattice.MatchType) httpmatch.LatticeMatchType {
	switch t {
	case lattice.MatchExact:
		return httpmatch.LatticeExact
	case lattice.MatchPrefix:
		return httpmatch.LatticePrefix
	case lattice.MatchContains:
		return httpmatch.LatticeContains
	}
	return 0
}

func (v *validator) checkLatticeTargetGroup(r vres, _ int, tg *lattice.TargetGroup) {
	if !tg.Type.Valid() {
		r.errf("type", ErrInvalidValue, "%q: want INSTANCE, IP, LAMBDA or ALB", tg.Type)
		return
	}
	q := v.latticeIdx().q
	if len(tg.Targets) > q.TargetsPerTargetGroup {
		r.errf("targets", ErrInvalidValue, "%d targets: the quota is %d per target group %s", len(tg.Targets), q.TargetsPerTargetGroup, quotaMsg("targetsPerTargetGroup"))
	}
	if tg.Type == lattice.TargetLambda {
		if len(tg.Targets) > 1 {
			r.errf("targets", ErrInvalidValue, "%d targets: a LAMBDA target group holds one function", len(tg.Targets))
		}
		v.checkTargetGroupMore(r, tg, nil)
		return
	}
	vp := r.vpcRef("vpc", tg.VPC, true)
	v.checkTargetGroupMore(r, tg, vp)
	if !tg.Protocol.Valid() {
		r.errf("protocol", ErrInvalidValue, "%q: want HTTP, HTTPS or TCP", tg.Protocol)
	}
	if tg.Type == lattice.TargetALB && tg.HealthCheck != nil {
		r.errf("healthCheck", ErrInvalidValue, "an ALB target group takes no health check: the load balancer checks its own targets")
	}
	for i, t := range tg.Targets {
		field := fmt.Sprintf("targets[%d]", i)
		if !t.Health.Valid() {
			r.errf(field+".health", ErrInvalidValue, "%q: want a target health state such as HEALTHY or UNHEALTHY", t.Health)
		}
		switch tg.Type {
		case lattice.TargetIP:
			if !t.IP.IsValid() {
				r.errf(field+".ip", ErrInvalidValue, "required: an IP target needs its address")
			} else if vp != nil && !vpcContains(vp, t.IP) {
				r.errf(field+".ip", ErrInvalidValue, "%s is not in vpc %q: IP targets are addresses of the target group's VPC", t.IP, tg.VPC)
			}
		case lattice.TargetInstance:
			if v.instanceENI(t.ID) == "" {
				r.errf(field+".id", ErrUnknownResource, "no network interface %q, and none whose owner is %q", t.ID, t.ID)
			}
		case lattice.TargetALB:
			if j, ok := r.ref(field+".id", kindLB, t.ID, true); ok {
				lb := &v.n.LoadBalancers[j]
				if lb.Type.Norm() != "application" || !lb.Scheme.IsInternal() || lb.VPC != tg.VPC {
					r.errf(field+".id", ErrInvalidValue, "%q must be an internal application load balancer in vpc %q", t.ID, tg.VPC)
				}
			}
		}
	}
}

// instanceIndex returns, built once per validation, what instanceENI
// answers for every interface ID and owner: the interface of that ID, else
// the first by ID whose owner it is. Target groups of thousands of
// instance targets would otherwise scan every interface for each.
func (v *validator) instanceIndex() map[string]string {
	if v.instances != nil {
		return v.instances
	}
	v.instances = make(map[string]string, len(v.n.NetworkInterfaces))
	for _, e := range v.n.NetworkInterfaces {
		if e.Owner != "" {
			if best, ok := v.instances[e.Owner]; !ok || e.ID < best {
				v.instances[e.Owner] = e.ID
			}
		}
	}
	for _, e := range v.n.NetworkInterfaces {
		v.instances[e.ID] = e.ID // an interface's own ID wins over an owner
	}
	return v.instances
}

// vpcContains reports whether a lies in one of the VPC's CIDRs.
func vpcContains(vp *vpc.VPC, a netip.Addr) bool {
	for _, p := range vp.CIDRs {
		if p.Contains(a) {
			return true
		}
	}
	return vp.IPv6CIDR.IsValid() && vp.IPv6CIDR.Contains(a)
}

func (v *validator) checkResourceShare(r vres, _ int, s *lattice.ResourceShare) {
	if s.Owner == "" {
		r.errf("owner", ErrInvalidValue, "required: the account sharing the resources")
	}
	for i, id := range s.Resources {
		field := fmt.Sprintf("resources[%d]", i)
		owner, ok := v.latticeOwner(id)
		switch {
		case !ok:
			r.errf(field, ErrUnknownResource, "no service network, service or resource configuration %q", id)
		case owner != "" && owner != s.Owner:
			r.errf(field, ErrInvalidValue, "%q belongs to account %s: only its owner shares it", id, owner)
		}
	}
	if len(s.Principals) == 0 {
		r.errf("principals", ErrInvalidValue, "required: the accounts or organizations the share reaches")
	}
	v.checkShareMore(r, s)
}

// latticeOwner returns the owning account of a shareable Lattice resource.
func (v *validator) latticeOwner(id string) (string, bool) {
	for _, x := range v.n.ServiceNetworks {
		if x.ID == id {
			return x.Account, true
		}
	}
	for _, x := range v.n.LatticeServices {
		if x.ID == id {
			return x.Account, true
		}
	}
	if j, ok := v.find(kindResourceConfiguration, id); ok {
		return v.n.ResourceConfigurations[j].Account, true
	}
	return "", false
}

func (v *validator) checkAccount(r vres, _ int, a *lattice.Account) {
	if a.Organization != "" && !lattice.IsOrganizationID(a.Organization) {
		r.errf("organization", ErrInvalidValue, "%q: want an organization ID, o-...", a.Organization)
	}
}
