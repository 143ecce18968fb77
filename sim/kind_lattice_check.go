package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file holds the checks of VPC Lattice declarations beyond the
// references each kind checks for itself: names, quotas, the API's limits
// on rules, listeners, target groups and health checks, and the resource
// kinds (gateways, configurations, their associations). Each check follows
// what the VPC Lattice API reference and user guide say the service
// rejects; the package doc lists them.

// latticeIndex is what the Lattice checks share, built once per
// validation: which service uses each target group, names and IDs seen,
// and ordinal counts for the quotas counted across resources.
type latticeIndex struct {
	q lattice.Quotas
	// tgService maps a target group to the first service whose listeners
	// forward to it.
	tgService map[string]string
	// albTGs counts the Lattice target groups each load balancer is a
	// target of.
	albTGs map[string]int
	// names maps (kind, account, name) to the first resource holding it.
	names map[[3]string]string
	// subIDs maps a listener or rule ID to where it was first seen.
	subIDs map[string]string
	// ordinal numbers the resources of one kind in one scope (an account,
	// a VPC, a network), in declaration order, for the quotas on counts.
	ordinal map[[3]string]int
	// pairs records the associations seen (network, service or
	// configuration).
	pairs map[[2]string]string
	// customs maps (network, custom domain) to the first service holding
	// it.
	customs map[[2]string]string
	// shared holds the IDs some resource share shares.
	shared map[string]bool
	// children counts each group's CHILD configurations.
	children map[string]int
}

// latticeIdx returns the index, building it on first use.
func (v *validator) latticeIdx() *latticeIndex {
	if v.lat != nil {
		return v.lat
	}
	n := v.n
	x := &latticeIndex{q: n.LatticeQuotas.WithDefaults(), tgService: map[string]string{}, albTGs: map[string]int{},
		names: map[[3]string]string{}, subIDs: map[string]string{}, ordinal: map[[3]string]int{},
		pairs: map[[2]string]string{}, customs: map[[2]string]string{}, shared: map[string]bool{}, children: map[string]int{}}
	for _, s := range n.LatticeServices {
		for _, l := range s.Listeners {
			forEachAction(l, func(a *lattice.Action) {
				if a.Forward == nil {
					return
				}
				for _, w := range a.Forward.TargetGroups {
					if _, ok := x.tgService[w.TargetGroup]; !ok {
						x.tgService[w.TargetGroup] = s.ID
					}
				}
			})
		}
	}
	for _, g := range n.LatticeTargetGroups {
		if g.Type == lattice.TargetALB {
			for _, t := range g.Targets {
				x.albTGs[t.ID]++
			}
		}
	}
	for _, s := range n.ResourceShares {
		for _, id := range s.Resources {
			x.shared[id] = true
		}
	}
	for _, c := range n.ResourceConfigurations {
		if c.Type == lattice.ResourceChild && c.Group != "" {
			x.children[c.Group]++
		}
	}
	v.lat = x
	return x
}

// forEachAction calls f with the listener's default action and each rule's.
func forEachAction(l lattice.Listener, f func(*lattice.Action)) {
	f(&l.DefaultAction)
	for i := range l.Rules {
		f(&l.Rules[i].Action)
	}
}

// count numbers one more resource of a kind in a scope and reports
// whether it is the first past the quota (so that the error comes once).
func (x *latticeIndex) count(kindName, scope string, quota int) (int, bool) {
	k := [3]string{kindName, scope}
	x.ordinal[k]++
	return x.ordinal[k], x.ordinal[k] == quota+1
}

// quotaMsg says how to raise a quota.
func quotaMsg(field string) string {
	if lattice.QuotaAdjustable(field) {
		return fmt.Sprintf("(raise Network.LatticeQuotas.%s if AWS raised yours)", strings.ToUpper(field[:1])+field[1:])
	}
	return "(AWS does not raise it)"
}

// nameRule is what the API accepts as the name of a kind: lower-case
// letters, digits and hyphens, not starting or ending with a hyphen, no
// two hyphens in a row, a length, and a prefix reserved for IDs.
type nameRule struct {
	what     string
	min, max int
	reserved string
}

var (
	snNameRule       = nameRule{"service network", 3, 63, ""}
	svcNameRule      = nameRule{"service", 3, 40, "svc-"}
	listenerNameRule = nameRule{"listener", 3, 63, "listener-"}
	ruleNameRule     = nameRule{"rule", 3, 63, "rule-"}
	tgNameRule       = nameRule{"target group", 3, 128, "tg-"}
	rgwNameRule      = nameRule{"resource gateway", 3, 40, "rgw-"}
	rcfgNameRule     = nameRule{"resource configuration", 3, 40, "rcfg-"}
)

// checkName checks a name against its rule (an empty name is not
// checked: vpcsim does not require names).
func (r vres) checkName(field, name string, rule nameRule) {
	if name == "" {
		return
	}
	ok := len(name) >= rule.min && len(name) <= rule.max && name[0] != '-' && name[len(name)-1] != '-' && !strings.Contains(name, "--")
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			ok = false
		}
	}
	switch {
	case !ok:
		r.errf(field, ErrInvalidValue, "%q: a %s name is %d-%d lower-case letters, digits and hyphens, not starting or ending with a hyphen, without two hyphens in a row",
			name, rule.what, rule.min, rule.max)
	case rule.reserved != "" && strings.HasPrefix(name, rule.reserved):
		r.errf(field, ErrInvalidValue, "%q: a %s name may not start with %q, which AWS keeps for IDs", name, rule.what, rule.reserved)
	}
}

// uniqueName claims name for the resource within scope (an account, a
// service, a listener), reporting an earlier holder.
func (r vres) uniqueName(field, name, scope string, rule nameRule) {
	if name == "" {
		return
	}
	x := r.v.latticeIdx()
	k := [3]string{rule.what, scope, name}
	if prev, dup := x.names[k]; dup {
		where := "account " + scope
		if scope == "" {
			where = "the network"
		}
		r.errf(field, ErrConflict, "%q is already the name of %s %s: %s names are unique in %s", name, rule.what, prev, rule.what, where)
		return
	}
	x.names[k] = r.id
}

// maxTags is the number of tags AWS allows on a resource.
const maxTags = 200

func (r vres) checkTags(field string, tags map[string]string) {
	if len(tags) > maxTags {
		r.errf(field, ErrInvalidValue, "%d tags: a resource takes at most %d", len(tags), maxTags)
	}
}

// checkSubID claims a listener or rule ID, which AWS makes unique like any
// other ID.
func (r vres) checkSubID(field, id string) {
	if id == "" {
		return
	}
	x := r.v.latticeIdx()
	where := r.kind.String() + " " + r.id + " " + field
	switch prev, dup := x.subIDs[id]; {
	case dup:
		r.errf(field, ErrDuplicateID, "%q is already the id of %s", id, prev)
	default:
		if at, ok := r.v.ids[id]; ok {
			r.errf(field, ErrDuplicateID, "%q is already the id of the %s at %s[%d]", id, at.kind, kinds[at.kind].field, at.i)
		}
		x.subIDs[id] = where
	}
}

// The API's patterns.
var (
	certARNPattern     = regexp.MustCompile(`^(arn(:[a-z0-9]+([.-][a-z0-9]+)*){2}(:([a-z0-9]+([.-][a-z0-9]+)*)?){2}:certificate/[0-9a-z-]+)?$`)
	pathPattern        = regexp.MustCompile(`^/[a-zA-Z0-9@:%_+.~#?&/=-]*$`)
	healthPathPattern  = regexp.MustCompile(`^(/[a-zA-Z0-9@:%_+.~#?&/=-]*)?$`)
	matcherPattern     = regexp.MustCompile(`^[0-9-,]+$`)
	resourceARNPattern = regexp.MustCompile(`^arn:[a-z0-9][-.a-z0-9]{0,62}:rds:[a-z0-9-]*:([0-9]{12})?:[A-Za-z0-9][A-Za-z0-9_/:.-]*$`)
	accountPattern     = regexp.MustCompile(`^[0-9]{12}$`)
)

// --- service networks and their associations ---------------------------------

// checkLatticeQuotas checks the quota settings: none negative.
func (v *validator) checkLatticeQuotas() {
	q := v.n.LatticeQuotas
	for _, f := range []struct {
		name string
		val  int
	}{
		{"listenersPerService", q.ListenersPerService}, {"rulesPerListener", q.RulesPerListener},
		{"targetGroupsPerService", q.TargetGroupsPerService}, {"targetsPerTargetGroup", q.TargetsPerTargetGroup},
		{"securityGroupsPerAssociation", q.SecurityGroupsPerAssociation},
		{"serviceAssociationsPerServiceNetwork", q.ServiceAssociationsPerServiceNetwork},
		{"vpcAssociationsPerServiceNetwork", q.VPCAssociationsPerServiceNetwork},
		{"serviceNetworkEndpointsPerServiceNetwork", q.ServiceNetworkEndpointsPerServiceNetwork},
		{"resourceConfigurationsPerServiceNetwork", q.ResourceConfigurationsPerServiceNetwork},
		{"resourceConfigurationsPerRegion", q.ResourceConfigurationsPerRegion},
		{"childConfigurationsPerGroup", q.ChildConfigurationsPerGroup}, {"resourceGatewaysPerVpc", q.ResourceGatewaysPerVPC},
		{"serviceNetworksPerRegion", q.ServiceNetworksPerRegion}, {"servicesPerRegion", q.ServicesPerRegion},
		{"targetGroupsPerRegion", q.TargetGroupsPerRegion}, {"domainVerificationsPerRegion", q.DomainVerificationsPerRegion},
		{"authPolicyBytes", q.AuthPolicyBytes},
	} {
		if f.val < 0 {
			v.errs = append(v.errs, &FieldError{Resource: "network", ID: "-", Field: "latticeQuotas." + f.name, Kind: ErrInvalidValue,
				Msg: fmt.Sprintf("%d: a quota is 0 (the AWS default) or more", f.val)})
		}
	}
}

// checkLatticeNetwork checks what the API requires of a service network
// beyond its auth policy: its name, tags and the networks per account.
func (v *validator) checkLatticeNetwork(r vres, sn *lattice.ServiceNetwork) {
	x := v.latticeIdx()
	r.checkName("name", sn.Name, snNameRule)
	r.uniqueName("name", sn.Name, sn.Account, snNameRule)
	r.checkTags("tags", sn.Tags)
	if n, over := x.count("sn", sn.Account, x.q.ServiceNetworksPerRegion); over {
		r.errf("id", ErrInvalidValue, "service network %d of account %q: the quota is %d per Region %s", n, sn.Account, x.q.ServiceNetworksPerRegion, quotaMsg("serviceNetworksPerRegion"))
	}
}

// checkVPCAssociationMore checks a VPC association's DNS options, tags and
// the associations per network.
func (v *validator) checkVPCAssociationMore(r vres, a *lattice.ServiceNetworkVPCAssociation) {
	x := v.latticeIdx()
	r.checkTags("tags", a.Tags)
	if o := a.DNSOptions; o != nil {
		if !a.PrivateDNS() {
			r.errf("dnsOptions", ErrInvalidValue, "dns options apply only with private DNS on: turn privateDnsEnabled on, or drop them")
		}
		v.checkDNSOptions(r, "dnsOptions", o)
	}
	if n, over := x.count("snva", a.ServiceNetwork, x.q.VPCAssociationsPerServiceNetwork); over {
		r.errf("serviceNetwork", ErrInvalidValue, "VPC association %d of service network %q: the quota is %d per network %s", n, a.ServiceNetwork, x.q.VPCAssociationsPerServiceNetwork, quotaMsg("vpcAssociationsPerServiceNetwork"))
	}
}

// checkDNSOptions checks a private DNS preference and its domains.
func (v *validator) checkDNSOptions(r vres, base string, o *lattice.DNSOptions) {
	if !o.PrivateDNSPreference.Valid() {
		r.errf(base+".privateDnsPreference", ErrInvalidValue, "%q: want VERIFIED_DOMAINS_ONLY, ALL_DOMAINS, VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS or SPECIFIED_DOMAINS_ONLY", o.PrivateDNSPreference)
		return
	}
	switch uses := o.PrivateDNSPreference.UsesSpecifiedDomains(); {
	case !uses && len(o.SpecifiedDomains) > 0:
		r.errf(base+".specifiedDomains", ErrInvalidValue, "%s takes no specified domains (only VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS and SPECIFIED_DOMAINS_ONLY do)", o.PrivateDNSPreference)
	case uses && (len(o.SpecifiedDomains) < 1 || len(o.SpecifiedDomains) > 10):
		r.errf(base+".specifiedDomains", ErrInvalidValue, "%d domains: %s takes 1 to 10", len(o.SpecifiedDomains), o.PrivateDNSPreference)
	}
	for i, d := range o.SpecifiedDomains {
		if len(d) < 1 || len(d) > 255 {
			r.errf(fmt.Sprintf("%s.specifiedDomains[%d]", base, i), ErrInvalidValue, "%d characters: want a domain name of 1-255", len(d))
		}
	}
}

// checkServiceAssociationMore checks a service association against
// duplicates, the services per network, and the custom domain names of
// the network's services.
func (v *validator) checkServiceAssociationMore(r vres, a *lattice.ServiceNetworkServiceAssociation, svc *lattice.Service) {
	x := v.latticeIdx()
	r.checkTags("tags", a.Tags)
	k := [2]string{a.ServiceNetwork, a.Service}
	if prev, dup := x.pairs[k]; dup {
		r.errf("service", ErrConflict, "%s already associates service %q with %q", prev, a.Service, a.ServiceNetwork)
		return
	}
	x.pairs[k] = r.id
	if n, over := x.count("snsa", a.ServiceNetwork, x.q.ServiceAssociationsPerServiceNetwork); over {
		r.errf("serviceNetwork", ErrInvalidValue, "service %d of service network %q: the quota is %d per network %s", n, a.ServiceNetwork, x.q.ServiceAssociationsPerServiceNetwork, quotaMsg("serviceAssociationsPerServiceNetwork"))
	}
	if svc != nil && svc.CustomDomainName != "" {
		ck := [2]string{a.ServiceNetwork, strings.ToLower(svc.CustomDomainName)}
		if prev, dup := x.customs[ck]; dup && prev != svc.ID {
			r.errf("service", ErrConflict, "service %q has the custom domain name %q of service %q, also in %q: custom domain names are unique in a service network", svc.ID, svc.CustomDomainName, prev, a.ServiceNetwork)
		} else {
			x.customs[ck] = svc.ID
		}
	}
}

// --- services, listeners, rules ---------------------------------------------

// checkServiceMore checks a service's name, tags, custom domain name,
// certificate, target groups and the services per account.
func (v *validator) checkServiceMore(r vres, s *lattice.Service) {
	x := v.latticeIdx()
	r.checkName("name", s.Name, svcNameRule)
	r.uniqueName("name", s.Name, s.Account, svcNameRule)
	r.checkTags("tags", s.Tags)
	if c := s.CustomDomainName; c != "" && (len(c) < 3 || len(c) > 255) {
		r.errf("customDomainName", ErrInvalidValue, "%d characters: want a domain name of 3-255", len(c))
	}
	if c := s.CertificateARN; len(c) > 2048 || !certARNPattern.MatchString(c) {
		r.errf("certificateArn", ErrInvalidValue, "%q: want the ARN of an ACM certificate (arn:aws:acm:<region>:<account>:certificate/<id>)", c)
	}
	if n, over := x.count("svc", s.Account, x.q.ServicesPerRegion); over {
		r.errf("id", ErrInvalidValue, "service %d of account %q: the quota is %d per Region %s", n, s.Account, x.q.ServicesPerRegion, quotaMsg("servicesPerRegion"))
	}
	tgs := map[string]bool{}
	for i := range s.Listeners {
		forEachAction(s.Listeners[i], func(a *lattice.Action) {
			if a.Forward != nil {
				for _, w := range a.Forward.TargetGroups {
					tgs[w.TargetGroup] = true
				}
			}
		})
	}
	if len(tgs) > x.q.TargetGroupsPerService {
		r.errf("listeners", ErrInvalidValue, "%d target groups: the quota is %d per service %s", len(tgs), x.q.TargetGroupsPerService, quotaMsg("targetGroupsPerService"))
	}
}

// checkListenerMore checks a listener's ID, name and tags.
func (v *validator) checkListenerMore(r vres, base string, s *lattice.Service, l *lattice.Listener) {
	r.checkSubID(base+".id", l.ID)
	r.checkName(base+".name", l.Name, listenerNameRule)
	r.uniqueName(base+".name", l.Name, "service "+s.ID, listenerNameRule)
	r.checkTags(base+".tags", l.Tags)
}

// checkRuleMore checks a rule's ID, name, tags and match against the
// API's limits: a method of at most 16 characters; a path match of
// exactly one of exact and prefix, 1-200 characters of the path
// alphabet; header matches with a name of 1-100 characters without
// wildcards and exactly one of exact, prefix and contains, 1-200
// characters.
func (v *validator) checkRuleMore(r vres, base string, l *lattice.Listener, x *lattice.Rule) {
	r.checkSubID(base+".id", x.ID)
	r.checkName(base+".name", x.Name, ruleNameRule)
	r.uniqueName(base+".name", x.Name, "listener "+l.ID, ruleNameRule)
	r.checkTags(base+".tags", x.Tags)
	m := x.Match
	if len(m.Method) > 16 {
		r.errf(base+".match.method", ErrInvalidValue, "%q: a method is at most 16 characters", m.Method)
	}
	if p := m.PathMatch; p != nil {
		set := 0
		for _, s := range []string{p.Exact, p.Prefix} {
			if s != "" {
				set++
				if len(s) > 200 || !pathPattern.MatchString(s) {
					r.errf(base+".match.pathMatch", ErrInvalidValue, "%q: want a path of 1-200 characters starting with / (letters, digits and @:%%_+.~#?&/=-)", s)
				}
			}
		}
		if set != 1 {
			r.errf(base+".match.pathMatch", ErrInvalidValue, "want exactly one of exact and prefix")
		}
	}
	for i, h := range m.HeaderMatches {
		hb := fmt.Sprintf("%s.match.headerMatches[%d]", base, i)
		if len(h.Name) < 1 || len(h.Name) > 100 || strings.ContainsAny(h.Name, "*?") {
			r.errf(hb+".name", ErrInvalidValue, "%q: want a header name of 1-100 characters, without wildcards", h.Name)
		}
		set := 0
		for _, s := range []string{h.Exact, h.Prefix, h.Contains} {
			if s != "" {
				set++
				if len(s) > 200 {
					r.errf(hb, ErrInvalidValue, "%d characters: a header value to compare is 1-200", len(s))
				}
			}
		}
		if set != 1 {
			r.errf(hb, ErrInvalidValue, "want exactly one of exact, prefix and contains")
		}
	}
}

// checkForwardMore checks one target group of a forward: used by no other
// service, and of a protocol version the listener takes.
func (v *validator) checkForwardMore(r vres, field string, s *lattice.Service, l *lattice.Listener, tg *lattice.TargetGroup) {
	x := v.latticeIdx()
	if other := x.tgService[tg.ID]; other != "" && other != s.ID {
		r.errf(field, ErrConflict, "target group %q already serves service %q: a target group serves a single service", tg.ID, other)
	}
	if (tg.ProtocolVersion == lattice.HTTP2 || tg.ProtocolVersion == lattice.GRPC) && l.Protocol != lattice.ListenerHTTPS {
		r.errf(field, ErrInvalidValue, "target group %q speaks %s, which only an HTTPS listener forwards to", tg.ID, tg.ProtocolVersion)
	}
}

// --- target groups ---------------------------------------------------------------

// checkTargetGroupMore checks what the API requires of a target group's
// configuration by type and protocol, its health check, its targets'
// families and places, its name and tags, and the target groups per
// account.
func (v *validator) checkTargetGroupMore(r vres, tg *lattice.TargetGroup, vp *vpc.VPC) {
	x := v.latticeIdx()
	r.checkName("name", tg.Name, tgNameRule)
	r.uniqueName("name", tg.Name, tg.Account, tgNameRule)
	r.checkTags("tags", tg.Tags)
	if n, over := x.count("tg", tg.Account, x.q.TargetGroupsPerRegion); over {
		r.errf("id", ErrInvalidValue, "target group %d of account %q: the quota is %d per Region %s", n, tg.Account, x.q.TargetGroupsPerRegion, quotaMsg("targetGroupsPerRegion"))
	}
	if !tg.ProtocolVersion.Valid() {
		r.errf("protocolVersion", ErrInvalidValue, "%q: want HTTP1, HTTP2 or GRPC", tg.ProtocolVersion)
	}
	if !tg.IPAddressType.Valid() {
		r.errf("ipAddressType", ErrInvalidValue, "%q: want IPV4 or IPV6", tg.IPAddressType)
	}
	if !tg.LambdaEventVersion.Valid() {
		r.errf("lambdaEventVersion", ErrInvalidValue, "%q: want V1 or V2", tg.LambdaEventVersion)
	}
	if tg.Type == lattice.TargetLambda {
		for _, f := range []struct {
			field string
			set   bool
		}{{"port", tg.Port != 0}, {"protocol", tg.Protocol != ""}, {"protocolVersion", tg.ProtocolVersion != ""},
			{"vpc", tg.VPC != ""}, {"ipAddressType", tg.IPAddressType != ""}, {"healthCheck", tg.HealthCheck != nil}} {
			if f.set {
				r.errf(f.field, ErrInvalidValue, "a LAMBDA target group takes no %s", f.field)
			}
		}
		return
	}
	if tg.LambdaEventVersion != "" {
		r.errf("lambdaEventVersion", ErrInvalidValue, "only a LAMBDA target group takes an event structure version")
	}
	if tg.IPAddressType != "" && tg.Type != lattice.TargetIP {
		r.errf("ipAddressType", ErrInvalidValue, "only an IP target group takes an IP address type")
	}
	if tg.IPAddressType == lattice.IPv6 && vp != nil && !vp.IPv6CIDR.IsValid() {
		r.errf("ipAddressType", ErrInvalidValue, "IPV6, but vpc %q has no IPv6 block", tg.VPC)
	}
	if tg.Protocol == lattice.ProtocolTCP && tg.Port == 0 {
		r.errf("port", ErrInvalidValue, "required: a TCP target group has no default port; want 1-65535")
	}
	if (tg.ProtocolVersion == lattice.HTTP2 || tg.ProtocolVersion == lattice.GRPC) && tg.Type != lattice.TargetInstance && tg.Type != lattice.TargetIP {
		r.errf("protocolVersion", ErrInvalidValue, "%s: only INSTANCE and IP target groups take it", tg.ProtocolVersion)
	}
	if tg.ProtocolVersion != "" && tg.ProtocolVersion != lattice.HTTP1 && tg.Protocol == lattice.ProtocolTCP {
		r.errf("protocolVersion", ErrInvalidValue, "%s: a TCP target group speaks no HTTP", tg.ProtocolVersion)
	}
	if hc := tg.HealthCheck; hc != nil && tg.Type != lattice.TargetALB {
		checkHealthCheck(r, tg, hc)
	}
	fam := 4
	if tg.IPAddressType == lattice.IPv6 {
		fam = 6
	}
	for i, t := range tg.Targets {
		field := fmt.Sprintf("targets[%d]", i)
		switch tg.Type {
		case lattice.TargetIP:
			if t.ID != "" {
				r.errf(field+".id", ErrInvalidValue, "an IP target is named by its ip, not an id")
			}
			if !t.IP.IsValid() {
				continue
			}
			if addrFamily(t.IP) != fam {
				r.errf(field+".ip", ErrInvalidValue, "%s is not an %s address, the target group's IP address type", t.IP, familyName(fam, false))
			} else if vp != nil && vpcContains(vp, t.IP) && !v.inSubnetOf(tg.VPC, t.IP) {
				r.errf(field+".ip", ErrInvalidValue, "%s is in vpc %q but in none of its subnets: IP targets are addresses of the VPC's subnets", t.IP, tg.VPC)
			}
		case lattice.TargetInstance:
			if e := v.instanceENI(t.ID); e != "" && vp != nil {
				if j, ok := v.find(kindENI, e); ok {
					r.sameVPC(field+".id", fmt.Sprintf("instance %q", t.ID), v.subnetVPC(v.n.NetworkInterfaces[j].Subnet), tg.VPC)
				}
			}
		case lattice.TargetALB:
			v.checkALBTarget(r, field, tg, t)
		}
	}
	if tg.Type == lattice.TargetALB && len(tg.Targets) > 1 {
		r.errf("targets", ErrInvalidValue, "%d targets: an ALB target group holds one load balancer", len(tg.Targets))
	}
}

// checkALBTarget checks an ALB target: in the target group's account,
// with a listener on the target group's port, and the target of at most
// two Lattice target groups.
func (v *validator) checkALBTarget(r vres, field string, tg *lattice.TargetGroup, t lattice.Target) {
	j, ok := v.find(kindLB, t.ID)
	if !ok {
		return
	}
	lb := &v.n.LoadBalancers[j]
	if lb.Account != "" && tg.Account != "" && lb.Account != tg.Account {
		r.errf(field+".id", ErrInvalidValue, "load balancer %q belongs to account %s, the target group to %s: an ALB target is of the target group's account", t.ID, lb.Account, tg.Account)
	}
	port := tg.EffectivePort()
	found := false
	for _, l := range v.n.Listeners {
		if l.LoadBalancer == t.ID && l.Port == port {
			found = true
		}
	}
	if !found {
		r.errf(field+".id", ErrInvalidValue, "load balancer %q has no listener on port %d, the target group's port", t.ID, port)
	}
	if n := v.latticeIdx().albTGs[t.ID]; n > 2 {
		r.errf(field+".id", ErrInvalidValue, "load balancer %q is the target of %d Lattice target groups: at most 2", t.ID, n)
	}
}

// checkHealthCheck checks a health check against the API's ranges
// (0 means the default) and what the target group's protocol needs.
func checkHealthCheck(r vres, tg *lattice.TargetGroup, hc *lattice.HealthCheck) {
	for _, f := range []struct {
		field    string
		val      int
		min, max int
	}{{"intervalSeconds", hc.IntervalSeconds, 5, 300}, {"timeoutSeconds", hc.TimeoutSeconds, 1, 120},
		{"healthyThreshold", hc.HealthyThreshold, 2, 10}, {"unhealthyThreshold", hc.UnhealthyThreshold, 2, 10}} {
		if f.val != 0 && (f.val < f.min || f.val > f.max) {
			r.errf("healthCheck."+f.field, ErrInvalidValue, "%d: want %d-%d (0 for the default)", f.val, f.min, f.max)
		}
	}
	if len(hc.Path) > 2048 || !healthPathPattern.MatchString(hc.Path) {
		r.errf("healthCheck.path", ErrInvalidValue, "%q: want a path of at most 2048 characters starting with /", hc.Path)
	}
	if hc.Matcher != "" && (len(hc.Matcher) > 2000 || !matcherPattern.MatchString(hc.Matcher)) {
		r.errf("healthCheck.matcher", ErrInvalidValue, "%q: want HTTP codes such as 200, 200-299 or 200,202", hc.Matcher)
	}
	if p := hc.Protocol; p != "" && p != lattice.ProtocolHTTP && p != lattice.ProtocolHTTPS {
		r.errf("healthCheck.protocol", ErrInvalidValue, "%q: a health check speaks HTTP or HTTPS", p)
	}
	if pv := hc.ProtocolVersion; pv != "" && pv != lattice.HTTP1 && pv != lattice.HTTP2 {
		r.errf("healthCheck.protocolVersion", ErrInvalidValue, "%q: a health check speaks HTTP1 or HTTP2", pv)
	}
	if !tg.HealthChecksEnabled() {
		return
	}
	switch {
	case tg.ProtocolVersion == lattice.GRPC && hc.ProtocolVersion == "":
		r.errf("healthCheck.protocolVersion", ErrInvalidValue, "required: a GRPC target group checks its targets with HTTP1 or HTTP2, named here")
	case tg.Protocol == lattice.ProtocolTCP && (hc.Protocol == "" || hc.ProtocolVersion == ""):
		r.errf("healthCheck", ErrInvalidValue, "required: a TCP target group's checks name their protocol and protocol version")
	}
}

// inSubnetOf reports whether a lies in a declared subnet of VPC vpcID.
func (v *validator) inSubnetOf(vpcID string, a netip.Addr) bool {
	for _, s := range v.n.Subnets {
		if s.VPC == vpcID && (s.CIDR.Contains(a) || s.IPv6CIDR.IsValid() && s.IPv6CIDR.Contains(a)) {
			return true
		}
	}
	return false
}

// --- resource gateways and configurations ----------------------------------------

func (v *validator) checkResourceGateway(r vres, _ int, g *lattice.ResourceGateway) {
	x := v.latticeIdx()
	vp := r.vpcRef("vpc", g.VPC, true)
	r.checkName("name", g.Name, rgwNameRule)
	r.uniqueName("name", g.Name, g.Account, rgwNameRule)
	r.checkTags("tags", g.Tags)
	if vp != nil && g.Account != "" && vp.Account != "" && g.Account != vp.Account {
		r.errf("vpc", ErrInvalidValue, "vpc %q belongs to account %s, the gateway to %s: a resource gateway is created in its own account's VPC (not in shared subnets)", g.VPC, vp.Account, g.Account)
	}
	if !g.IPAddressType.Valid() {
		r.errf("ipAddressType", ErrInvalidValue, "%q: want IPV4, IPV6 or DUALSTACK", g.IPAddressType)
	}
	switch n := g.IPv4AddressesPerENI; {
	case n < 0 || n > 62:
		r.errf("ipv4AddressesPerEni", ErrInvalidValue, "%d: want 1-62 (0 for the default, 16)", n)
	case n != 0 && !g.IPAddressType.HasIPv4():
		r.errf("ipv4AddressesPerEni", ErrInvalidValue, "an IPV6 gateway takes no IPv4 addresses per interface")
	}
	if len(g.Subnets) == 0 {
		r.errf("subnets", ErrInvalidValue, "required: want at least one subnet of the VPC")
	}
	seen := map[string]int{}
	for i, s := range g.Subnets {
		field := fmt.Sprintf("subnets[%d]", i)
		if j, dup := seen[s]; dup {
			r.errf(field, ErrConflict, "subnet %q is already subnets[%d]", s, j)
			continue
		}
		seen[s] = i
		j, ok := r.ref(field, kindSubnet, s, true)
		if !ok {
			continue
		}
		sub := &v.n.Subnets[j]
		if vp != nil {
			r.sameVPC(field, fmt.Sprintf("subnet %q", s), sub.VPC, g.VPC)
		}
		if g.IPAddressType.HasIPv6() && !sub.IPv6CIDR.IsValid() {
			r.errf(field, ErrInvalidValue, "subnet %q has no IPv6 block, which an %s gateway needs in every subnet", s, g.IPAddressType)
		}
	}
	if len(g.SecurityGroups) > 5 {
		r.errf("securityGroups", ErrInvalidValue, "%d security groups: a resource gateway takes at most 5", len(g.SecurityGroups))
	}
	for i, sg := range g.SecurityGroups {
		field := fmt.Sprintf("securityGroups[%d]", i)
		if j, ok := r.ref(field, kindSG, sg, true); ok && vp != nil {
			r.sameVPC(field, fmt.Sprintf("security group %q", sg), v.n.SecurityGroups[j].VPC, g.VPC)
		}
	}
	if n, over := x.count("rgw", g.VPC, x.q.ResourceGatewaysPerVPC); over {
		r.errf("vpc", ErrInvalidValue, "resource gateway %d of vpc %q: the quota is %d per VPC %s", n, g.VPC, x.q.ResourceGatewaysPerVPC, quotaMsg("resourceGatewaysPerVpc"))
	}
}

// privateResourceRanges are the IPv4 ranges an IP resource may be in.
var privateResourceRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16"),
}

func (v *validator) checkResourceConfiguration(r vres, _ int, c *lattice.ResourceConfiguration) {
	x := v.latticeIdx()
	r.checkName("name", c.Name, rcfgNameRule)
	r.uniqueName("name", c.Name, c.Account, rcfgNameRule)
	r.checkTags("tags", c.Tags)
	if !c.Type.Valid() {
		r.errf("type", ErrInvalidValue, "%q: want SINGLE, GROUP, CHILD or ARN", c.Type)
		return
	}
	if n, over := x.count("rcfg", c.Account, x.q.ResourceConfigurationsPerRegion); over {
		r.errf("id", ErrInvalidValue, "resource configuration %d of account %q: the quota is %d per Region %s", n, c.Account, x.q.ResourceConfigurationsPerRegion, quotaMsg("resourceConfigurationsPerRegion"))
	}
	if !c.Protocol.Valid() {
		r.errf("protocol", ErrInvalidValue, "%q: resource configurations carry TCP only", c.Protocol)
	}
	// The gateway: named by SINGLE, GROUP and ARN, inherited by a CHILD.
	var gw *lattice.ResourceGateway
	var group *lattice.ResourceConfiguration
	if c.Type == lattice.ResourceChild {
		if c.ResourceGateway != "" {
			r.errf("resourceGateway", ErrInvalidValue, "a CHILD configuration takes its group's resource gateway")
		}
		if j, ok := r.ref("group", kindResourceConfiguration, c.Group, true); ok {
			group = &v.n.ResourceConfigurations[j]
			if group.Type != lattice.ResourceGroup {
				r.errf("group", ErrInvalidValue, "%q is a %s configuration: a CHILD belongs to a GROUP", c.Group, group.Type)
				group = nil
			} else if k, ok := v.find(kindResourceGateway, group.ResourceGateway); ok {
				gw = &v.n.ResourceGateways[k]
			}
		}
	} else {
		if c.Group != "" {
			r.errf("group", ErrInvalidValue, "only a CHILD configuration belongs to a group")
		}
		if j, ok := r.ref("resourceGateway", kindResourceGateway, c.ResourceGateway, true); ok {
			gw = &v.n.ResourceGateways[j]
			if gw.Account != "" && c.Account != "" && gw.Account != c.Account {
				r.errf("resourceGateway", ErrInvalidValue, "resource gateway %q belongs to account %s, the configuration to %s: a configuration uses a gateway of its own account", gw.ID, gw.Account, c.Account)
			}
		}
	}
	if c.Type == lattice.ResourceGroup {
		if n := x.children[c.ID]; n > x.q.ChildConfigurationsPerGroup {
			r.errf("id", ErrInvalidValue, "%d child configurations: the quota is %d per group %s", n, x.q.ChildConfigurationsPerGroup, quotaMsg("childConfigurationsPerGroup"))
		}
	}
	// Port ranges: SINGLE, GROUP and CHILD.
	if c.Type == lattice.ResourceARN && len(c.PortRanges) > 0 {
		r.errf("portRanges", ErrInvalidValue, "an ARN configuration takes no port ranges: AWS sets them from the resource")
	}
	for i, p := range c.PortRanges {
		if p.From < 1 || p.From > p.To {
			r.errf(fmt.Sprintf("portRanges[%d]", i), ErrInvalidValue, "%d-%d: want ports 1-65535, the first not above the last", p.From, p.To)
		}
	}
	v.checkResourceDefinition(r, c, gw)
	// Custom domain names.
	if d := c.CustomDomainName; d != "" && (len(d) < 3 || len(d) > 255) {
		r.errf("customDomainName", ErrInvalidValue, "%d characters: want a domain name of 3-255", len(d))
	}
	if c.GroupDomain != "" && c.Type != lattice.ResourceGroup {
		r.errf("groupDomain", ErrInvalidValue, "only a GROUP configuration has a group domain")
	}
	if group != nil && group.GroupDomain != "" && c.CustomDomainName != "" && !domainMatches("*."+group.GroupDomain, c.CustomDomainName) {
		r.errf("customDomainName", ErrInvalidValue, "%q is not a subdomain of %q, the domain of group %q", c.CustomDomainName, group.GroupDomain, group.ID)
	}
	if c.AllowShareableServiceNetworks && c.Type == lattice.ResourceChild {
		r.errf("allowShareableServiceNetworks", ErrInvalidValue, "a CHILD configuration follows its group: set it on the group")
	}
}

// checkResourceDefinition checks what a configuration stands for: SINGLE
// and CHILD an IP address or a domain name, ARN an ARN, GROUP nothing;
// exactly one; of a family the gateway carries.
func (v *validator) checkResourceDefinition(r vres, c *lattice.ResourceConfiguration, gw *lattice.ResourceGateway) {
	d := c.Definition
	set := 0
	for _, b := range []bool{d.IP.IsValid(), d.DomainName != "", d.ARN != ""} {
		if b {
			set++
		}
	}
	switch {
	case c.Type == lattice.ResourceGroup && set > 0:
		r.errf("definition", ErrInvalidValue, "a GROUP configuration defines no resource: its children do")
		return
	case c.Type == lattice.ResourceGroup:
		return
	case set != 1:
		want := "an ip or a domain name"
		if c.Type == lattice.ResourceARN {
			want = "an arn"
		}
		r.errf("definition", ErrInvalidValue, "want exactly one of ip, domain name and arn (%s for a %s configuration)", want, c.Type)
		return
	case c.Type == lattice.ResourceARN && d.ARN == "":
		r.errf("definition.arn", ErrInvalidValue, "required: an ARN configuration names its resource by ARN")
		return
	case c.Type != lattice.ResourceARN && d.ARN != "":
		r.errf("definition.arn", ErrInvalidValue, "only an ARN configuration names its resource by ARN")
		return
	}
	fam := 0
	switch {
	case d.IP.IsValid():
		fam = addrFamily(d.IP)
		if d.IP.Is4() && !slicesContainsAddr(privateResourceRanges, d.IP) {
			r.errf("definition.ip", ErrInvalidValue, "%s: an IPv4 resource is a private address (10.0.0.0/8, 100.64.0.0/10, 172.16.0.0/12 or 192.168.0.0/16)", d.IP)
		}
		if d.IP.Is6() && gw != nil {
			if vp, ok := v.n.VPC(gw.VPC); ok && !(vp.IPv6CIDR.IsValid() && vp.IPv6CIDR.Contains(d.IP)) {
				r.errf("definition.ip", ErrInvalidValue, "%s: an IPv6 resource is an address of the gateway's vpc %q", d.IP, gw.VPC)
			}
		}
	case d.DomainName != "":
		if len(d.DomainName) < 3 || len(d.DomainName) > 255 {
			r.errf("definition.domainName", ErrInvalidValue, "%d characters: want a domain name of 3-255", len(d.DomainName))
		}
		if !d.DomainIPAddressType.Valid() {
			r.errf("definition.domainIpAddressType", ErrInvalidValue, "%q: want IPV4 or IPV6 (not dual-stack)", d.DomainIPAddressType)
		}
		fam = 4
		if d.DomainIPAddressType == lattice.IPv6 {
			fam = 6
		}
		for i, a := range d.ResolvesTo {
			if addrFamily(a) != fam {
				r.errf(fmt.Sprintf("definition.resolvesTo[%d]", i), ErrInvalidValue, "%s is not an %s address, the domain's IP address type", a, familyName(fam, false))
			}
		}
	case d.ARN != "":
		if len(d.ARN) > 1200 || !resourceARNPattern.MatchString(d.ARN) {
			r.errf("definition.arn", ErrInvalidValue, "%q: want the ARN of an RDS database (arn:aws:rds:<region>:<account>:db:<name> or :cluster:<name>)", d.ARN)
		}
	}
	if len(d.ResolvesTo) > 0 && d.DomainName == "" {
		r.errf("definition.resolvesTo", ErrInvalidValue, "only a domain name resolves to addresses")
	}
	if gw != nil && fam != 0 {
		t := gw.IPAddressType
		if fam == 4 && !t.HasIPv4() || fam == 6 && !t.HasIPv6() {
			r.errf("definition", ErrInvalidValue, "an %s resource, but resource gateway %q is %s", familyName(fam, false), gw.ID, t)
		}
	}
}

func slicesContainsAddr(ps []netip.Prefix, a netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func (v *validator) checkSNResourceAssociation(r vres, _ int, a *lattice.ServiceNetworkResourceAssociation) {
	x := v.latticeIdx()
	r.checkTags("tags", a.Tags)
	if !a.Status.Valid() {
		r.errf("status", ErrInvalidValue, "%q: want an association status such as ACTIVE", a.Status)
	}
	j, snOK := r.ref("serviceNetwork", kindServiceNetwork, a.ServiceNetwork, true)
	k, rcOK := r.ref("resourceConfiguration", kindResourceConfiguration, a.ResourceConfiguration, true)
	if !snOK || !rcOK {
		return
	}
	sn, c := &v.n.ServiceNetworks[j], &v.n.ResourceConfigurations[k]
	key := [2]string{a.ServiceNetwork, a.ResourceConfiguration}
	if prev, dup := x.pairs[key]; dup {
		r.errf("resourceConfiguration", ErrConflict, "%s already associates %q with %q", prev, a.ResourceConfiguration, a.ServiceNetwork)
		return
	}
	x.pairs[key] = r.id
	if c.Type == lattice.ResourceChild {
		r.errf("resourceConfiguration", ErrInvalidValue, "%q is a CHILD configuration, reached through its group %q: associate the group", c.ID, c.Group)
		return
	}
	if n, over := x.count("snra", a.ServiceNetwork, x.q.ResourceConfigurationsPerServiceNetwork); over {
		r.errf("serviceNetwork", ErrInvalidValue, "resource configuration %d of service network %q: the quota is %d per network %s", n, a.ServiceNetwork, x.q.ResourceConfigurationsPerServiceNetwork, quotaMsg("resourceConfigurationsPerServiceNetwork"))
	}
	switch {
	case sn.Account == c.Account || sn.Account == "" || c.Account == "":
	case v.shared(c.ID, c.Account, sn.Account), v.shared(sn.ID, sn.Account, c.Account):
	default:
		r.errf("resourceConfiguration", ErrInvalidValue, "resource configuration %q (account %s) and service network %q (account %s): the account associating them must own one and have the other shared with it",
			c.ID, c.Account, sn.ID, sn.Account)
	}
	if !c.AllowShareableServiceNetworks && (sn.Shareable() || x.shared[sn.ID]) {
		r.errf("resourceConfiguration", ErrInvalidValue, "%q does not allow shareable service networks, and %q is shareable: set sharingDisabled on the network, or allowShareableServiceNetworks on the configuration",
			c.ID, sn.ID)
	}
}

// checkSharePrincipals checks a share's principals (account IDs or
// organization IDs) and that it shares no CHILD configuration.
func (v *validator) checkShareMore(r vres, s *lattice.ResourceShare) {
	r.checkTags("tags", s.Tags)
	for i, p := range s.Principals {
		if !accountPattern.MatchString(p) && !(lattice.IsOrganizationID(p) && len(p) > 2) {
			r.errf(fmt.Sprintf("principals[%d]", i), ErrInvalidValue, "%q: want a 12-digit account ID or an organization ID (o-...)", p)
		}
	}
	for i, id := range s.Resources {
		if j, ok := v.find(kindResourceConfiguration, id); ok && v.n.ResourceConfigurations[j].Type == lattice.ResourceChild {
			r.errf(fmt.Sprintf("resources[%d]", i), ErrInvalidValue, "%q is a CHILD configuration: share its group", id)
		}
	}
}

// policyLimit returns the auth policy size quota.
func (v *validator) policyLimit() int { return cmp.Or(v.latticeIdx().q.AuthPolicyBytes, 10*1024) }
