package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/internal/httpmatch"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file holds the validation of load balancers, listeners and target
// groups: what the Elastic Load Balancing API (CreateLoadBalancer,
// CreateListener, CreateRule, CreateTargetGroup, RegisterTargets and the
// attribute calls) rejects. Each check says, in its message, what AWS
// expects. Quotas that AWS lets you raise (load balancers per Region,
// listeners and rules per load balancer, targets per group) are not
// enforced; limits it does not (values and wildcards per rule, security
// groups per load balancer) are.

// Limits of listener rule conditions (ALB guide, "Condition types for
// listener rules", Condition basics; API reference, RuleCondition).
const (
	maxCondValues    = 3   // match evaluations per condition
	maxRuleValues    = 5   // match evaluations per rule
	maxRuleWildcards = 5   // wildcards (* and ?) per rule
	maxCondValueLen  = 128 // characters of a host, path, header or query value, or a regex
)

func (v *validator) checkLB(r vres, _ int, lb *elb.LoadBalancer) {
	vp := r.vpcRef("vpc", lb.VPC, true)
	t := lb.Type.Norm()
	if !lb.Type.Valid() {
		r.errf("type", ErrInvalidValue, "%q: want application, network or gateway", lb.Type)
		return
	}
	if !lb.Scheme.Valid() {
		r.errf("scheme", ErrInvalidValue, "%q: want internet-facing or internal", lb.Scheme)
	}
	if !lb.IPAddressType.ValidFor(t) {
		r.errf("ipAddressType", ErrInvalidValue, "%q: want ipv4 or dualstack (dualstack-without-public-ipv4 for application load balancers only)", lb.IPAddressType)
	}
	dual := lb.IPAddressType.HasIPv6()
	zones := map[string]string{}
	for i, sm := range lb.Subnets {
		field := fmt.Sprintf("subnets[%d]", i)
		j, ok := r.ref(field+".subnet", kindSubnet, sm.Subnet, true)
		if !ok {
			continue
		}
		s := &v.n.Subnets[j]
		if vp != nil {
			r.sameVPC(field+".subnet", fmt.Sprintf("subnet %q", sm.Subnet), s.VPC, lb.VPC)
		}
		if other, dup := zones[s.AvailabilityZone]; dup {
			r.errf(field+".subnet", ErrConflict, "subnet %q is in %s, as subnet %q is: a load balancer takes at most one subnet per Availability Zone", sm.Subnet, s.AvailabilityZone, other)
		}
		zones[s.AvailabilityZone] = sm.Subnet
		if dual && !s.IPv6CIDR.IsValid() {
			r.errf(field+".subnet", ErrInvalidValue, "subnet %q has no IPv6 CIDR: a %s load balancer needs subnets with IPv4 and IPv6 CIDRs (give the subnet an IPv6 block, or make the load balancer ipv4)", sm.Subnet, lb.IPAddressType)
		}
		if t == elb.Application && s.CIDR.IsValid() {
			// ALB guide, "Subnets for your Application Load Balancer":
			// each subnet has a /27 bitmask or larger and at least 8 free
			// IP addresses, which the load balancer uses to scale.
			switch free := vpc.UsableAddresses(s.CIDR) - v.demand[j] + 1; {
			case s.CIDR.Bits() > 27:
				r.errf(field+".subnet", ErrCapacity, "subnet %q is a /%d: an application load balancer's subnets are /27 or larger", sm.Subnet, s.CIDR.Bits())
			case free < 8:
				r.errf(field+".subnet", ErrCapacity, "subnet %q has %d free addresses besides this load balancer's: an application load balancer needs at least 8 free IP addresses in each subnet", sm.Subnet, max(free, 0))
			}
		}
		// A private address is accepted on any type: the ELB API lets
		// the creator of a network load balancer choose it, and for the
		// other types AWS chooses it and an import records the address
		// observed on the node's interface.
		if sm.PrivateIPv4.IsValid() {
			r.subnetAddr(field+".privateIpv4", sm.PrivateIPv4, 4, s.CIDR, true, s.VPC)
		}
		if sm.ElasticIP.IsValid() {
			if t != elb.Network || lb.Scheme.IsInternal() {
				r.errf(field+".elasticIp", ErrInvalidValue, "only an internet-facing network load balancer takes an Elastic IP per subnet")
			} else {
				r.publicAddr(field+".elasticIp", sm.ElasticIP)
			}
		}
		if sm.PublicIPv4.IsValid() {
			switch {
			case lb.Scheme.IsInternal() || t == elb.Gateway:
				r.errf(field+".publicIpv4", ErrInvalidValue, "an internal load balancer's nodes have no public address")
			case lb.IPAddressType == elb.DualStackWithoutPublicIPv4:
				r.errf(field+".publicIpv4", ErrInvalidValue, "a %s load balancer's nodes have no public ipv4 address", lb.IPAddressType)
			case sm.ElasticIP.IsValid():
				r.errf(field+".publicIpv4", ErrConflict, "the node's public address is its Elastic IP %s: give one of elasticIp and publicIpv4", sm.ElasticIP)
			default:
				r.publicAddr(field+".publicIpv4", sm.PublicIPv4)
			}
		}
		if sm.IPv6.IsValid() {
			switch {
			case !dual:
				// The creator of a dualstack network load balancer may
				// choose it; on other dualstack types AWS does, and an
				// import records the address observed on the node.
				r.errf(field+".ipv6", ErrInvalidValue, "only a dualstack load balancer has an IPv6 address per subnet")
			case s.IPv6CIDR.IsValid():
				r.subnetAddr(field+".ipv6", sm.IPv6, 6, s.IPv6CIDR, true, s.VPC)
			}
		}
	}
	if min := t.MinAvailabilityZones(); len(zones) < min && len(lb.Subnets) > 0 || len(lb.Subnets) == 0 {
		r.errf("subnets", ErrInvalidValue, "%d Availability Zones: an %s load balancer needs subnets in at least %d", len(zones), t, max(min, 1))
	}
	switch {
	case t == elb.Gateway && len(lb.SecurityGroups) > 0:
		r.errf("securityGroups", ErrInvalidValue, "a gateway load balancer has no security groups")
	case t == elb.Network && len(lb.SecurityGroups) > 0 && lb.CreatedWithSecurityGroups != nil && !*lb.CreatedWithSecurityGroups:
		r.errf("securityGroups", ErrInvalidValue, "a network load balancer created without security groups cannot get any later (AWS allows them only at creation): remove them, or recreate the load balancer with them")
	}
	if lb.CreatedWithSecurityGroups != nil && t != elb.Network {
		r.errf("createdWithSecurityGroups", ErrInvalidValue, "only for network load balancers: an application load balancer always has security groups, a gateway load balancer never")
	}
	if lb.EnforceInboundRulesOnPrivateLink != nil && (t != elb.Network || len(lb.SecurityGroups) == 0) {
		r.errf("enforceInboundRulesOnPrivateLink", ErrInvalidValue, "only for a network load balancer with security groups (it says whether their inbound rules filter AWS PrivateLink traffic)")
	}
	if lb.CrossZone != nil && !*lb.CrossZone && t == elb.Application {
		r.errf("crossZone", ErrInvalidValue, "false: cross-zone load balancing is always on for an application load balancer; turn it off on its target groups (TargetGroup.CrossZone) instead")
	}
	if len(lb.SecurityGroups) > 5 {
		r.errf("securityGroups", ErrInvalidValue, "%d security groups: want at most 5", len(lb.SecurityGroups))
	}
	for i, g := range lb.SecurityGroups {
		field := fmt.Sprintf("securityGroups[%d]", i)
		if j, ok := r.ref(field, kindSG, g, true); ok && vp != nil {
			r.sameVPC(field, fmt.Sprintf("security group %q", g), v.n.SecurityGroups[j].VPC, lb.VPC)
		}
	}
}

func (v *validator) checkListener(r vres, li int, l *elb.Listener) {
	j, ok := r.ref("loadBalancer", kindLB, l.LoadBalancer, true)
	if !ok {
		return
	}
	lb := &v.n.LoadBalancers[j]
	t := lb.Type.Norm()
	if !l.Protocol.ValidFor(t) {
		if !(t == elb.Gateway && l.Protocol == "") {
			r.errf("protocol", ErrInvalidValue, "%q: a listener of an %s load balancer takes %s", l.Protocol, t, listenerProtocols(t))
		}
	}
	switch {
	case t == elb.Gateway && l.Port != 0:
		r.errf("port", ErrInvalidValue, "%d: a gateway load balancer's listener takes no port", l.Port)
	case t != elb.Gateway && l.Port == 0:
		r.errf("port", ErrInvalidValue, "required: want a port 1-65535")
	}
	// Listeners of one load balancer: one per port (API reference
	// CreateListener, DuplicateListener; a TCP_UDP listener serves both
	// protocols on its port); QUIC listeners apart (NLB guide, "Create a
	// listener for your Network Load Balancer": not on a dualstack load
	// balancer or one with security groups, one per load balancer, not
	// beside UDP or TCP_UDP listeners).
	quic := l.Protocol == elb.QUIC || l.Protocol == elb.TCPQUIC
	if quic && lb.IPAddressType.HasIPv6() {
		r.errf("protocol", ErrInvalidValue, "%s: QUIC listeners are not allowed on a dualstack load balancer", l.Protocol)
	}
	if quic && len(lb.SecurityGroups) > 0 {
		r.errf("protocol", ErrInvalidValue, "%s: QUIC listeners are not allowed on a load balancer with security groups", l.Protocol)
	}
	for k := range v.n.Listeners[:li] {
		o := &v.n.Listeners[k]
		if o.LoadBalancer != l.LoadBalancer {
			continue
		}
		oquic := o.Protocol == elb.QUIC || o.Protocol == elb.TCPQUIC
		oudp := o.Protocol == elb.UDP || o.Protocol == elb.TCPUDP
		udp := l.Protocol == elb.UDP || l.Protocol == elb.TCPUDP
		switch {
		case o.Port == l.Port && t != elb.Gateway:
			r.errf("port", ErrConflict, "listener %q of %s already takes port %d: a load balancer has one listener per port (a TCP_UDP listener takes both protocols)", o.ID, l.LoadBalancer, l.Port)
		case t == elb.Gateway:
			r.errf("loadBalancer", ErrConflict, "listener %q already serves gateway load balancer %s, which takes one listener", o.ID, l.LoadBalancer)
		case quic && oquic:
			r.errf("protocol", ErrConflict, "listener %q of %s is already a QUIC listener: a network load balancer takes one", o.ID, l.LoadBalancer)
		case quic && oudp || udp && oquic:
			r.errf("protocol", ErrConflict, "%s beside %s listener %q: a network load balancer does not mix QUIC listeners with UDP or TCP_UDP ones", l.Protocol, o.Protocol, o.ID)
		}
	}
	v.checkLBAction(r, "default", &l.Default, lb, l, li, true)
	seen := map[int]int{}
	for i := range l.Rules {
		x := &l.Rules[i]
		base := fmt.Sprintf("rules[%d]", i)
		if t != elb.Application {
			r.errf(base, ErrInvalidValue, "only an application load balancer's listeners take rules besides the default action")
			continue
		}
		switch k, dup := seen[x.Priority]; {
		case x.Priority < 1 || x.Priority > 50000:
			r.errf(base+".priority", ErrInvalidValue, "%d: want a priority 1-50000", x.Priority)
		case dup:
			r.errf(base+".priority", ErrConflict, "priority %d is already rules[%d]'s: priorities are unique per listener", x.Priority, k)
		default:
			seen[x.Priority] = i
		}
		if len(x.Conditions) == 0 {
			r.errf(base+".conditions", ErrInvalidValue, "required: a rule needs at least one condition")
		}
		if _, err := httpmatch.Compile(matchConditions(x.Conditions)); err != nil {
			r.errf(base+".conditions", ErrInvalidValue, "%v", err)
		} else {
			checkConditions(r, base+".conditions", x.Conditions)
		}
		v.checkLBAction(r, base+".action", &x.Action, lb, l, li, false)
	}
}

// listenerProtocols lists the listener protocols of a load balancer type.
func listenerProtocols(t elb.Type) string {
	switch t.Norm() {
	case elb.Application:
		return "HTTP or HTTPS"
	case elb.Network:
		return "TCP, TLS, UDP, TCP_UDP, QUIC or TCP_QUIC"
	}
	return "GENEVE"
}

// groupProtocols returns the target group protocols a listener of
// protocol p forwards to: HTTP and HTTPS behind HTTP and HTTPS listeners;
// behind a Network Load Balancer's, TCP or TCP_UDP behind TCP, TCP or TLS
// behind TLS, UDP or TCP_UDP behind UDP, and the listener's own protocol
// behind TCP_UDP, QUIC and TCP_QUIC (NLB guide, "Listeners for your
// Network Load Balancers": "The target groups for a TCP_UDP listener must
// use the TCP_UDP protocol", and the same for TCP_QUIC).
func groupProtocols(p elb.Protocol) []elb.Protocol {
	switch p {
	case elb.HTTP, elb.HTTPS:
		return []elb.Protocol{elb.HTTP, elb.HTTPS}
	case elb.TCP:
		return []elb.Protocol{elb.TCP, elb.TCPUDP}
	case elb.TLS:
		return []elb.Protocol{elb.TCP, elb.TLS}
	case elb.UDP:
		return []elb.Protocol{elb.UDP, elb.TCPUDP}
	case elb.TCPUDP, elb.QUIC, elb.TCPQUIC:
		return []elb.Protocol{p}
	}
	return []elb.Protocol{elb.GENEVE}
}

// checkLBAction checks a listener's default action or a rule's action.
func (v *validator) checkLBAction(r vres, base string, a *elb.Action, lb *elb.LoadBalancer, l *elb.Listener, li int, isDefault bool) {
	t := lb.Type.Norm()
	switch a.Type {
	case elb.ForwardAction:
		if len(a.Forward) == 0 {
			r.errf(base+".forward", ErrInvalidValue, "required: a forward action names at least one target group")
		}
		if len(a.Forward) > 5 {
			r.errf(base+".forward", ErrInvalidValue, "%d target groups: want at most 5", len(a.Forward))
		}
		if len(a.Forward) > 1 && t != elb.Application {
			r.errf(base+".forward", ErrInvalidValue, "only an application load balancer forwards to several weighted target groups")
		}
		named := map[string]int{}
		for i, w := range a.Forward {
			field := fmt.Sprintf("%s.forward[%d]", base, i)
			if w.Weight < 0 || w.Weight > 999 {
				r.errf(field+".weight", ErrInvalidValue, "%d: want a weight 0-999", w.Weight)
			}
			if k, dup := named[w.TargetGroup]; dup && w.TargetGroup != "" {
				r.errf(field+".targetGroup", ErrConflict, "target group %q is already forward[%d]: a forward action names each group once", w.TargetGroup, k)
			}
			named[w.TargetGroup] = i
			j, ok := r.ref(field+".targetGroup", kindTargetGroup, w.TargetGroup, true)
			if !ok {
				continue
			}
			v.checkForwardGroup(r, field+".targetGroup", &v.n.TargetGroups[j], lb, l, li)
		}
	case elb.FixedResponseAction, elb.RedirectAction:
		if t != elb.Application {
			r.errf(base+".type", ErrInvalidValue, "%s: only an application load balancer answers with a fixed response or a redirect", a.Type)
			return
		}
		if a.Type == elb.FixedResponseAction {
			checkFixedResponse(r, base+".fixedResponse", a.FixedResponse)
		} else {
			checkRedirect(r, base+".redirect", a.Redirect, l)
		}
	default:
		r.errf(base+".type", ErrInvalidValue, "%q: want forward, fixed-response or redirect", a.Type)
	}
}

// checkForwardGroup checks target group tg as a forward target of
// listener l (number li) of load balancer lb: its target type and protocol
// fit, it is in the load balancer's VPC, no other load balancer uses it,
// and its targets fit the load balancer's settings.
func (v *validator) checkForwardGroup(r vres, field string, tg *elb.TargetGroup, lb *elb.LoadBalancer, l *elb.Listener, li int) {
	t := lb.Type.Norm()
	tt := tg.TargetType.Norm()
	if !tt.ValidFor(t) {
		r.errf(field, ErrInvalidValue, "target group %q has %s targets, which an %s load balancer does not take", tg.ID, tt, t)
		return
	}
	if tt != elb.LambdaTarget && tg.Protocol.Valid() {
		if ok := groupProtocols(l.Protocol); l.Protocol.ValidFor(t) && !slices.Contains(ok, tg.Protocol) {
			r.errf(field, ErrInvalidValue, "target group %q speaks %s: a %s listener forwards to %s target groups", tg.ID, tg.Protocol, l.Protocol, orList(ok))
		}
	}
	// NLB guide, "Create a listener": an IPv4 target group cannot serve a
	// UDP listener of a dualstack load balancer.
	if t == elb.Network && lb.IPAddressType.HasIPv6() && l.Protocol == elb.UDP && !ipv6Group(tg) {
		r.errf(field, ErrInvalidValue, "target group %q is IPv4: a UDP listener of a dualstack load balancer forwards to IPv6 target groups (ip targets with IPv6 addresses)", tg.ID)
	}
	if tt != elb.LambdaTarget && tg.VPC != "" && tg.VPC != lb.VPC {
		r.errf(field, ErrWrongVPC, "target group %q is in vpc %q, the load balancer in %q", tg.ID, tg.VPC, lb.VPC)
	}
	// ALB guide, "Create an HTTP listener": listeners naming one target
	// group belong to one load balancer ("Load balancers per target
	// group: 1" in the quotas).
	for k := range v.n.Listeners[:li] {
		o := &v.n.Listeners[k]
		if o.LoadBalancer != lb.ID && slices.Contains(listenerGroups(o), tg.ID) {
			r.errf(field, ErrConflict, "target group %q is already used by load balancer %s (listener %s): a target group serves one load balancer", tg.ID, o.LoadBalancer, o.ID)
			break
		}
	}
	// API reference, TargetDescription: an ip target outside the VPC of
	// an application load balancer's group with cross-zone load balancing
	// on takes the zone "all".
	cross := lb.CrossZoneEnabled()
	if tg.CrossZone != nil {
		cross = *tg.CrossZone
	}
	if t == elb.Application && tt == elb.IPTarget && cross {
		for i, x := range tg.Targets {
			if x.IP.IsValid() && !v.inVPC(tg.VPC, x.IP) && x.AvailabilityZone != "" && x.AvailabilityZone != elb.AllZones {
				r.errf(field, ErrInvalidValue, "target group %q: targets[%d] (%s, outside the VPC) is in zone %q: with cross-zone load balancing on, an application load balancer takes such targets in zone \"all\"", tg.ID, i, x.IP, x.AvailabilityZone)
			}
		}
	}
}

// listenerGroups returns the target groups a listener's actions forward
// to.
func listenerGroups(l *elb.Listener) []string {
	out := l.Default.TargetGroups()
	for _, x := range l.Rules {
		out = append(out, x.Action.TargetGroups()...)
	}
	return out
}

// ipv6Group reports whether tg's targets are IPv6: ip targets with IPv6
// addresses.
func ipv6Group(tg *elb.TargetGroup) bool {
	if tg.TargetType.Norm() != elb.IPTarget || len(tg.Targets) == 0 {
		return false
	}
	for _, x := range tg.Targets {
		if !x.IP.Is6() {
			return false
		}
	}
	return true
}

// orList formats protocols as "A, B or C".
func orList(ps []elb.Protocol) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// checkFixedResponse checks a fixed response (API reference,
// FixedResponseActionConfig): a status code 2XX, 4XX or 5XX; a content
// type of the five allowed; a body of at most 1024 characters.
func checkFixedResponse(r vres, field string, fr *elb.FixedResponse) {
	if fr == nil {
		r.errf(field, ErrInvalidValue, "required: a fixed-response action needs its response")
		return
	}
	if c := fr.StatusCode; c < 200 || c > 599 || c/100 == 3 {
		r.errf(field+".statusCode", ErrInvalidValue, "%d: want a 2XX, 4XX or 5XX status code", c)
	}
	switch fr.ContentType {
	case "", "text/plain", "text/css", "text/html", "application/javascript", "application/json":
	default:
		r.errf(field+".contentType", ErrInvalidValue, "%q: want text/plain, text/css, text/html, application/javascript or application/json", fr.ContentType)
	}
	if len(fr.MessageBody) > 1024 {
		r.errf(field+".messageBody", ErrInvalidValue, "%d characters: want at most 1024", len(fr.MessageBody))
	}
}

// checkRedirect checks a redirect (ALB guide, "Action types for listener
// rules", Redirect actions): status HTTP_301 or HTTP_302; protocol HTTP,
// HTTPS or #{protocol}, never from HTTPS to HTTP; a port 1-65535 or
// #{port}; a path starting with "/"; components of at most 128
// characters; the keywords only where they are allowed; and a URL that
// differs from the request's (else it redirects to itself).
func checkRedirect(r vres, field string, rd *elb.Redirect, l *elb.Listener) {
	if rd == nil {
		r.errf(field, ErrInvalidValue, "required: a redirect action needs its redirect")
		return
	}
	if !rd.StatusCode.Valid() {
		r.errf(field+".statusCode", ErrInvalidValue, "%q: want HTTP_301 or HTTP_302", rd.StatusCode)
	}
	switch rd.Protocol {
	case "", "#{protocol}", "HTTP", "HTTPS":
		if rd.Protocol == "HTTP" && l.Protocol == elb.HTTPS {
			r.errf(field+".protocol", ErrInvalidValue, "HTTP: an HTTPS listener cannot redirect to HTTP")
		}
	default:
		r.errf(field+".protocol", ErrInvalidValue, "%q: want HTTP, HTTPS or #{protocol}", rd.Protocol)
	}
	if p := rd.Port; p != "" && p != "#{port}" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			r.errf(field+".port", ErrInvalidValue, "%q: want a port 1-65535 or #{port}", p)
		}
	}
	if rd.Path != "" && !strings.HasPrefix(rd.Path, "/") {
		r.errf(field+".path", ErrInvalidValue, "%q: want an absolute path starting with /", rd.Path)
	}
	allowed := map[string][]string{
		"host":  {"#{host}"},
		"path":  {"#{host}", "#{path}", "#{port}"},
		"query": {"#{protocol}", "#{host}", "#{port}", "#{path}", "#{query}"},
	}
	for _, c := range []struct{ name, val string }{{"host", rd.Host}, {"path", rd.Path}, {"query", rd.Query}} {
		if len(c.val) > 128 {
			r.errf(field+"."+c.name, ErrInvalidValue, "%d characters: want at most 128", len(c.val))
		}
		for _, kw := range []string{"#{protocol}", "#{host}", "#{port}", "#{path}", "#{query}"} {
			if strings.Contains(c.val, kw) && !slices.Contains(allowed[c.name], kw) {
				r.errf(field+"."+c.name, ErrInvalidValue, "%q: the keyword %s is not allowed in the %s", c.val, kw, c.name)
			}
		}
	}
	same := func(v, kw string) bool { return v == "" || v == kw }
	proto := rd.Protocol == "" || rd.Protocol == "#{protocol}" || rd.Protocol == string(l.Protocol)
	port := rd.Port == "" || rd.Port == "#{port}" || rd.Port == strconv.Itoa(int(l.Port))
	if proto && port && same(rd.Host, "#{host}") && same(rd.Path, "/#{path}") {
		r.errf(field, ErrInvalidValue, "the redirect keeps the protocol, host, port and path of the request: it would redirect to itself (change at least one)")
	}
}

// checkConditions checks a rule's conditions against the limits of the
// ELB API beyond what matching needs (ALB guide, "Condition types for
// listener rules"; API reference, RuleCondition and the condition
// configs): at most one host-header, http-request-method, path-pattern
// and source-ip condition; at most three values per condition and five
// per rule; at most five wildcards per rule; the characters and lengths
// each kind of value takes; regular expressions only without Unicode
// classes.
func checkConditions(r vres, base string, cs []elb.Condition) {
	seen := map[elb.ConditionField]int{}
	values, wildcards := 0, 0
	for i, c := range cs {
		field := fmt.Sprintf("%s[%d]", base, i)
		if k, dup := seen[c.Field]; dup && !c.Field.Repeatable() {
			r.errf(field+".field", ErrConflict, "conditions[%d] is already a %s condition: a rule takes at most one (only http-header and query-string repeat)", k, c.Field)
		}
		seen[c.Field] = i
		n := len(c.Values) + len(c.RegexValues) + len(c.QueryValues) + len(c.SourceIPs)
		if n > maxCondValues {
			r.errf(field, ErrInvalidValue, "%d values: a condition takes at most %d match evaluations", n, maxCondValues)
		}
		values += n
		for j, x := range c.Values {
			vf := fmt.Sprintf("%s.values[%d]", field, j)
			if msg := conditionValueProblem(c.Field, x); msg != "" {
				r.errf(vf, ErrInvalidValue, "%q: %s", x, msg)
			}
			if c.Field != elb.MethodField {
				wildcards += httpmatch.Wildcards(x, false)
			}
		}
		for j, x := range c.RegexValues {
			vf := fmt.Sprintf("%s.regexValues[%d]", field, j)
			switch {
			case len(x) > maxCondValueLen:
				r.errf(vf, ErrInvalidValue, "%d characters: want at most %d", len(x), maxCondValueLen)
			case strings.Contains(x, `\p`) || strings.Contains(x, `\P`):
				r.errf(vf, ErrInvalidValue, "%q: AWS rule regexes support no Unicode character classes (\\p{...})", x)
			}
		}
		for j, q := range c.QueryValues {
			vf := fmt.Sprintf("%s.queryValues[%d]", field, j)
			if len(q.Key) > maxCondValueLen || len(q.Value) > maxCondValueLen {
				r.errf(vf, ErrInvalidValue, "a query key or value of more than %d characters", maxCondValueLen)
			}
			if !visibleASCII(q.Key) || !visibleASCII(q.Value) {
				r.errf(vf, ErrInvalidValue, "%q=%q: rules match visible ASCII characters only", q.Key, q.Value)
			}
			wildcards += httpmatch.Wildcards(q.Key, true) + httpmatch.Wildcards(q.Value, true)
		}
		for j, p := range c.SourceIPs {
			if p.Addr().Is4() && p.Bits() == 32 && p.Addr() == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
				r.errf(fmt.Sprintf("%s.sourceIps[%d]", field, j), ErrInvalidValue, "255.255.255.255/32 is not allowed as a source-ip value")
			}
		}
		if c.Field == elb.HeaderField {
			if h := c.HeaderName; len(h) > 40 || !isToken(h) || strings.ContainsAny(h, "*?") {
				r.errf(field+".headerName", ErrInvalidValue, "%q: a header name is at most 40 token characters (RFC 7230), without wildcards", h)
			}
		}
	}
	if values > maxRuleValues {
		r.errf(base, ErrInvalidValue, "%d values: a rule takes at most %d match evaluations in all its conditions", values, maxRuleValues)
	}
	if wildcards > maxRuleWildcards {
		r.errf(base, ErrInvalidValue, "%d wildcards: a rule takes at most %d (* and ?) in all its conditions", wildcards, maxRuleWildcards)
	}
}

// conditionValueProblem says what is wrong with value x of a condition of
// kind f, or "".
func conditionValueProblem(f elb.ConditionField, x string) string {
	switch f {
	case elb.HostHeaderField:
		if len(x) > maxCondValueLen {
			return fmt.Sprintf("a host name is at most %d characters", maxCondValueLen)
		}
		for _, c := range []byte(x) {
			if !(isAlnum(c) || strings.IndexByte("-.*?", c) >= 0) {
				return "a host name takes A-Z, a-z, 0-9, -, ., * and ? only"
			}
		}
		last := strings.LastIndexByte(x, '.')
		if last < 0 {
			return "a host name has at least one \".\""
		}
		for _, c := range []byte(x[last+1:]) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '*' || c == '?') {
				return "a host name has only letters after its last \".\""
			}
		}
	case elb.PathPatternField:
		if len(x) > maxCondValueLen {
			return fmt.Sprintf("a path pattern is at most %d characters", maxCondValueLen)
		}
		for i := 0; i < len(x); i++ {
			c := x[i]
			switch {
			case isAlnum(c) || strings.IndexByte("_-.$/~\"'@:+*?", c) >= 0:
			case c == '&' && strings.HasPrefix(x[i:], "&amp;"):
				i += len("&amp;") - 1
			default:
				return "a path pattern takes A-Z, a-z, 0-9, _ - . $ / ~ \" ' @ : + * ? and & (as &amp;) only"
			}
		}
	case elb.MethodField:
		if len(x) > 40 {
			return "a method is at most 40 characters"
		}
		for _, c := range []byte(x) {
			if !(c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
				return "a method takes A-Z, - and _ only (methods compare with regard to case)"
			}
		}
	case elb.HeaderField:
		if len(x) > maxCondValueLen {
			return fmt.Sprintf("a header value is at most %d characters", maxCondValueLen)
		}
		if !visibleASCII(x) {
			return "rules match visible ASCII characters only"
		}
	}
	return ""
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// visibleASCII reports whether s holds visible ASCII characters and
// spaces only (no control characters 0x00-0x1f, 0x7f, nor non-ASCII).
func visibleASCII(s string) bool {
	for _, c := range []byte(s) {
		if c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// isToken reports whether s is a non-empty RFC 7230 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if !(isAlnum(c) || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

// inVPC reports whether address a lies in a subnet of VPC vpcID (IPv4 or
// IPv6).
func (v *validator) inVPC(vpcID string, a netip.Addr) bool {
	for i := range v.n.Subnets {
		s := &v.n.Subnets[i]
		if s.VPC == vpcID && (s.CIDR.IsValid() && s.CIDR.Contains(a) || s.IPv6CIDR.IsValid() && s.IPv6CIDR.Contains(a)) {
			return true
		}
	}
	return false
}

// vpcZones reports whether some subnet of VPC vpcID is in zone az.
func (v *validator) vpcZone(vpcID, az string) bool {
	for i := range v.n.Subnets {
		if s := &v.n.Subnets[i]; s.VPC == vpcID && s.AvailabilityZone == az {
			return true
		}
	}
	return false
}

// privateRange reports whether a is an RFC 1918 or RFC 6598 (100.64/10)
// address: the ranges an ip target outside its target group's VPC may be
// in (API reference, TargetDescription).
func privateRange(a netip.Addr) bool {
	for _, p := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"} {
		if netip.MustParsePrefix(p).Contains(a) {
			return true
		}
	}
	return false
}

func (v *validator) checkTargetGroup(r vres, _ int, tg *elb.TargetGroup) {
	tt := tg.TargetType.Norm()
	if !tg.TargetType.Valid() {
		r.errf("targetType", ErrInvalidValue, "%q: want instance, ip, lambda or alb", tg.TargetType)
		return
	}
	if !tg.ProtocolVersion.Valid() {
		r.errf("protocolVersion", ErrInvalidValue, "%q: want HTTP1, HTTP2 or GRPC", tg.ProtocolVersion)
	} else if tg.ProtocolVersion != "" && !tg.Protocol.IsHTTP() {
		r.errf("protocolVersion", ErrInvalidValue, "%s: only HTTP and HTTPS target groups take a protocol version", tg.ProtocolVersion)
	}
	if tt == elb.LambdaTarget {
		v.checkLambdaGroup(r, tg)
		return
	}
	vp := r.vpcRef("vpc", tg.VPC, true)
	switch {
	case !tg.Protocol.Valid():
		r.errf("protocol", ErrInvalidValue, "%q: want HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, QUIC, TCP_QUIC or GENEVE", tg.Protocol)
	case tt == elb.ALBTarget && tg.Protocol != elb.TCP:
		r.errf("protocol", ErrInvalidValue, "%s: an alb target group speaks TCP", tg.Protocol)
	}
	switch {
	case tg.Port == 0:
		r.errf("port", ErrInvalidValue, "required: want the port targets receive traffic on, 1-65535")
	case tg.Protocol == elb.GENEVE && tg.Port != elb.GENEVEPort:
		r.errf("port", ErrInvalidValue, "%d: a GENEVE target group takes port %d", tg.Port, elb.GENEVEPort)
	}
	v.checkHealthCheck(r, tg)
	if tg.PreserveClientIP != nil {
		switch p := tg.Protocol; {
		case tt == elb.ALBTarget || p.IsHTTP() || p == elb.GENEVE:
			r.errf("preserveClientIp", ErrInvalidValue, "only a network load balancer's instance or ip target group sets client IP preservation (an alb target always gets the client's address)")
		case !*tg.PreserveClientIP && (p == elb.UDP || p == elb.TCPUDP || p == elb.QUIC || p == elb.TCPQUIC):
			r.errf("preserveClientIp", ErrInvalidValue, "false: client IP preservation is always on for %s target groups", p)
		}
	}
	if tg.CrossZone != nil && !*tg.CrossZone && tg.Protocol.IsHTTP() {
		for i, x := range tg.Targets {
			if x.AvailabilityZone == elb.AllZones {
				r.errf(fmt.Sprintf("targets[%d].availabilityZone", i), ErrInvalidValue, "\"all\": a target group with cross-zone load balancing off takes targets in a zone of the VPC")
			}
		}
	}
	if tt == elb.ALBTarget && len(tg.Targets) > 1 {
		r.errf("targets", ErrInvalidValue, "%d targets: an alb target group holds one application load balancer", len(tg.Targets))
	}
	seen := map[string]int{}
	for i, x := range tg.Targets {
		field := fmt.Sprintf("targets[%d]", i)
		key := x.ID + "|" + x.IP.String() + "|" + strconv.Itoa(int(x.Port))
		if k, dup := seen[key]; dup {
			r.errf(field, ErrConflict, "targets[%d] is already this target on this port: a target is registered once per port", k)
		}
		seen[key] = i
		switch {
		case !x.Health.Valid():
			r.errf(field+".health", ErrInvalidValue, "%q: want healthy, unhealthy, initial, unused, draining, unhealthy.draining or unavailable", x.Health)
		case x.Health == elb.Unavailable:
			r.errf(field+".health", ErrInvalidValue, "unavailable: only targets without health checks (lambda functions) are unavailable")
		}
		switch tt {
		case elb.IPTarget:
			v.checkIPTarget(r, field, tg, x, vp != nil)
		case elb.InstanceTarget:
			if x.IP.IsValid() {
				r.errf(field+".ip", ErrInvalidValue, "an instance target is named by its ID, not an address (use an ip target group for addresses)")
			}
			if x.AvailabilityZone != "" {
				r.errf(field+".availabilityZone", ErrInvalidValue, "an instance target takes no zone: it is its subnet's")
			}
			id := v.instanceENI(x.ID)
			if id == "" {
				r.errf(field+".id", ErrUnknownResource, "no network interface %q, and none whose owner is %q", x.ID, x.ID)
				continue
			}
			if k, ok := v.find(kindENI, id); ok && vp != nil {
				r.sameVPC(field+".id", fmt.Sprintf("instance %q", x.ID), v.subnetVPC(v.n.NetworkInterfaces[k].Subnet), tg.VPC)
			}
		case elb.ALBTarget:
			if x.IP.IsValid() || x.AvailabilityZone != "" {
				r.errf(field, ErrInvalidValue, "an alb target is named by the load balancer's ID alone")
			}
			j, ok := r.ref(field+".id", kindLB, x.ID, true)
			if !ok {
				continue
			}
			alb := &v.n.LoadBalancers[j]
			if alb.Type.Norm() != elb.Application {
				r.errf(field+".id", ErrInvalidValue, "%q is no application load balancer", x.ID)
				continue
			}
			// NLB guide, "Use an Application Load Balancer as a target of
			// a Network Load Balancer": the load balancers are in the same
			// VPC; the ALB has a listener on the target group's port.
			if vp != nil {
				r.sameVPC(field+".id", fmt.Sprintf("load balancer %q", x.ID), alb.VPC, tg.VPC)
			}
			port := tg.TrafficPort(x)
			if !slices.ContainsFunc(v.n.Listeners, func(l elb.Listener) bool { return l.LoadBalancer == x.ID && l.Port == port }) {
				r.errf(field+".id", ErrInvalidValue, "load balancer %q has no listener on port %d: an alb target group forwards to a listener port of its application load balancer", x.ID, port)
			}
		}
	}
}

// checkLambdaGroup checks a lambda target group: one function, no
// protocol, port or VPC, targets without ports or zones but "all".
func (v *validator) checkLambdaGroup(r vres, tg *elb.TargetGroup) {
	if len(tg.Targets) > 1 {
		r.errf("targets", ErrInvalidValue, "%d targets: a lambda target group holds one function", len(tg.Targets))
	}
	if tg.Protocol != "" || tg.Port != 0 || tg.VPC != "" {
		r.errf("protocol", ErrInvalidValue, "a lambda target group has no protocol, port or vpc: the function is invoked, not connected to")
	}
	if tg.PreserveClientIP != nil {
		r.errf("preserveClientIp", ErrInvalidValue, "only a network load balancer's target group sets client IP preservation")
	}
	if tg.CrossZone != nil && !*tg.CrossZone {
		r.errf("crossZone", ErrInvalidValue, "false: cross-zone load balancing cannot be turned off for a lambda target group")
	}
	for i, x := range tg.Targets {
		field := fmt.Sprintf("targets[%d]", i)
		if x.ID == "" {
			r.errf(field+".id", ErrInvalidValue, "required: a lambda target names its function")
		}
		if x.IP.IsValid() || x.Port != 0 {
			r.errf(field, ErrInvalidValue, "a lambda target takes no address or port")
		}
		if x.AvailabilityZone != "" && x.AvailabilityZone != elb.AllZones {
			r.errf(field+".availabilityZone", ErrInvalidValue, "%q: a lambda target's zone is \"all\" or none", x.AvailabilityZone)
		}
		if !x.Health.Valid() {
			r.errf(field+".health", ErrInvalidValue, "%q: want healthy, unhealthy, initial, unused, draining, unhealthy.draining or unavailable", x.Health)
		}
	}
	if tg.HealthCheck.Enabled != nil && *tg.HealthCheck.Enabled {
		v.checkHealthCheck(r, tg)
	}
}

// checkIPTarget checks ip target x of group tg (API reference,
// TargetDescription, RegisterTargets): an address, no ID; inside a subnet
// of the group's VPC, or outside it in RFC 1918 or 100.64.0.0/10 space
// with a zone given ("all" or a zone of the VPC); never publicly routable.
func (v *validator) checkIPTarget(r vres, field string, tg *elb.TargetGroup, x elb.Target, vpcOK bool) {
	if x.ID != "" {
		r.errf(field+".id", ErrInvalidValue, "an ip target is named by its address, not an ID (use an instance target group for instances)")
	}
	if !x.IP.IsValid() {
		r.errf(field+".ip", ErrInvalidValue, "required: an ip target needs its address")
		return
	}
	if !vpcOK {
		return
	}
	inside := v.inVPC(tg.VPC, x.IP)
	switch {
	case inside:
		if x.AvailabilityZone != "" && x.AvailabilityZone != elb.AllZones && !v.vpcZone(tg.VPC, x.AvailabilityZone) {
			r.errf(field+".availabilityZone", ErrInvalidValue, "%q is no zone of vpc %q", x.AvailabilityZone, tg.VPC)
		}
	case isInternetAddr(x.IP) || x.IP.Is6() || !privateRange(x.IP):
		r.errf(field+".ip", ErrInvalidValue, "%s is in no subnet of vpc %q and not a private address: an ip target outside the target group's VPC is in 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10", x.IP, tg.VPC)
	case x.AvailabilityZone == "":
		r.errf(field+".availabilityZone", ErrInvalidValue, "required: an ip target outside the target group's VPC (%s) takes \"all\" or a zone of the VPC", x.IP)
	case x.AvailabilityZone != elb.AllZones && !v.vpcZone(tg.VPC, x.AvailabilityZone):
		r.errf(field+".availabilityZone", ErrInvalidValue, "%q is no zone of vpc %q", x.AvailabilityZone, tg.VPC)
	}
}

// checkHealthCheck checks a target group's health check settings (API
// reference, CreateTargetGroup and Matcher): checks cannot be turned off
// but for lambda targets; the protocol is HTTP, HTTPS or TCP (not TCP for
// HTTP and HTTPS groups); the port is traffic-port or 1-65535; the path
// starts with "/", at most 1024 characters, for HTTP and HTTPS checks
// only; matcher codes within the range the group's protocol allows;
// interval 5-300 s, timeout 2-120 s, thresholds 2-10.
func (v *validator) checkHealthCheck(r vres, tg *elb.TargetGroup) {
	hc := &tg.HealthCheck
	tt := tg.TargetType.Norm()
	if hc.Enabled != nil && !*hc.Enabled && tt != elb.LambdaTarget {
		r.errf("healthCheck.enabled", ErrInvalidValue, "false: only a lambda target group can turn health checks off")
	}
	p := tg.HealthCheckProtocol()
	switch {
	case p != elb.HTTP && p != elb.HTTPS && p != elb.TCP:
		r.errf("healthCheck.protocol", ErrInvalidValue, "%q: want HTTP, HTTPS or TCP", hc.Protocol)
	case p == elb.TCP && tg.Protocol.IsHTTP():
		r.errf("healthCheck.protocol", ErrInvalidValue, "TCP: an %s target group checks its targets with HTTP or HTTPS", tg.Protocol)
	}
	if hc.Port != "" && hc.Port != elb.TrafficPort {
		if n, err := strconv.Atoi(hc.Port); err != nil || n < 1 || n > 65535 {
			r.errf("healthCheck.port", ErrInvalidValue, "%q: want %q or a port 1-65535", hc.Port, elb.TrafficPort)
		}
	}
	if hc.Path != "" {
		switch {
		case !p.IsHTTP():
			r.errf("healthCheck.path", ErrInvalidValue, "%q: a TCP health check has no path", hc.Path)
		case !strings.HasPrefix(hc.Path, "/") || len(hc.Path) > 1024:
			r.errf("healthCheck.path", ErrInvalidValue, "%q: want a path starting with / of at most 1024 characters", hc.Path)
		}
	}
	if c := hc.Matcher.HTTPCode; c != "" {
		lo, hi := 200, 599
		switch {
		case tg.Protocol.IsHTTP() || tt == elb.LambdaTarget:
			hi = 499
		case tg.Protocol == elb.GENEVE:
			hi = 399
		}
		if !codesWithin(c, lo, hi) {
			r.errf("healthCheck.matcher.httpCode", ErrInvalidValue, "%q: want codes %d-%d, as \"200\", \"200,202\" or \"200-299\"", c, lo, hi)
		}
	}
	if c := hc.Matcher.GRPCCode; c != "" {
		switch {
		case tg.ProtocolVersion != elb.GRPC:
			r.errf("healthCheck.matcher.grpcCode", ErrInvalidValue, "%q: only a gRPC target group takes gRPC codes", c)
		case !codesWithin(c, 0, 99):
			r.errf("healthCheck.matcher.grpcCode", ErrInvalidValue, "%q: want gRPC codes 0-99, as \"0\", \"0,12\" or \"0-99\"", c)
		}
	}
	for _, x := range []struct {
		name   string
		v      int
		lo, hi int
	}{
		{"intervalSeconds", hc.IntervalSeconds, 5, 300},
		{"timeoutSeconds", hc.TimeoutSeconds, 2, 120},
		{"healthyThreshold", hc.HealthyThreshold, 2, 10},
		{"unhealthyThreshold", hc.UnhealthyThreshold, 2, 10},
	} {
		if x.v != 0 && (x.v < x.lo || x.v > x.hi) {
			r.errf("healthCheck."+x.name, ErrInvalidValue, "%d: want %d-%d", x.v, x.lo, x.hi)
		}
	}
}

// codesWithin reports whether s is a list of codes and code ranges
// ("200", "200,202", "200-299") all within lo-hi.
func codesWithin(s string, lo, hi int) bool {
	for _, part := range strings.Split(s, ",") {
		a, b, isRange := strings.Cut(part, "-")
		x, err := strconv.Atoi(a)
		if err != nil || x < lo || x > hi {
			return false
		}
		if isRange {
			y, err := strconv.Atoi(b)
			if err != nil || y < x || y > hi {
				return false
			}
		}
	}
	return true
}

// instanceENI returns the interface an instance target names: the
// interface with that ID, or the first (by ID) whose owner it is; "" when
// none.
func (v *validator) instanceENI(id string) string { return v.instanceIndex()[id] }
