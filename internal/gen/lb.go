package gen

import (
	"net/netip"
	"slices"
	"strconv"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/vpc"
)

// Load balancers (with Options.LoadBalancers): per VPC, sometimes one or
// two Application or Network Load Balancers in subnets of distinct
// Availability Zones (an Application Load Balancer where two zones have
// /27-or-larger subnets with eight free addresses; a Network Load Balancer
// otherwise), internet-facing or internal, with zero to two of the VPC's
// security groups (none: the VPC's default group for an Application Load
// Balancer, no groups at all for a Network Load Balancer), cross-zone
// load balancing on, off or by default; one or two listeners on distinct
// ports, each with target groups of its own (instance or ip targets: the
// VPC's interfaces by ID, their addresses, sometimes a free address of a
// subnet; healthy, unhealthy, initial, draining or unused; ports
// overridden now and then; client IP preservation on, off or by default;
// cross-zone per group), and for an Application Load Balancer zero to
// three rules (path, host, method and source-ip conditions; forwards to
// weighted groups, fixed responses, redirects).
//
// With Options.ExplicitAddresses, an internal Network Load Balancer
// sometimes fixes its nodes' private addresses; the others' (and the
// internet-facing ones' public addresses) are left to compile, as AWS
// assigns them: read them back from the compiled model.

// LBPaths are the request paths rules match and queries carry; LBHosts
// the hosts; LBMethods the methods.
var (
	LBPaths   = []string{"/", "/api/orders", "/api/v2/x", "/health", "/static/a.css", "/admin"}
	LBHosts   = []string{"", "api.example.com", "www.example.com", "shop.example.org"}
	LBMethods = []string{"GET", "POST", "DELETE"}
)

var (
	lbPathPatterns = []string{"/api/*", "/health", "/*", "/static/*.css", "/ap?/*", "/admin*"}
	lbHostPatterns = []string{"api.example.com", "*.example.com", "www.example.*", "shop.example.org"}
	lbPorts        = []uint16{80, 443, 8080, 5432, 53}
	lbTargetPorts  = []uint16{80, 443, 8080, 5432, 3000}
	lbHealth       = []elb.HealthState{"", "", "", elb.Healthy, elb.Unhealthy, elb.Unhealthy, elb.Initial, elb.Draining, elb.Unused}
)

func (b *builder) loadBalancers() {
	if !b.o.LoadBalancers {
		return
	}
	for _, v := range b.vpcs {
		if !b.chance("lb-vpc", 70) {
			continue
		}
		for range b.intn("lbs", 1, 2) {
			b.loadBalancer(v)
		}
	}
}

// lbSubnets draws subnets of v in distinct zones with room for a node
// (for an Application Load Balancer, /27 or larger with eight free
// addresses besides it).
func (b *builder) lbSubnets(v *vpcInfo, alb bool) []int {
	byZone := map[string][]int{}
	var zones []string
	for _, si := range v.subnets {
		s := b.subnet(si)
		free := vpc.UsableAddresses(s.CIDR) - v.demand[s.ID]
		if free < 1 || alb && (s.CIDR.Bits() > 27 || free < 8) || b.albSubnets[s.ID] && free-1 < 8 {
			continue
		}
		if _, ok := byZone[s.AvailabilityZone]; !ok {
			zones = append(zones, s.AvailabilityZone)
		}
		byZone[s.AvailabilityZone] = append(byZone[s.AvailabilityZone], si)
	}
	slices.Sort(zones)
	var out []int
	for _, z := range zones {
		if b.chance("lb-zone", 85) || alb {
			out = append(out, pick(b, "lb-subnet", byZone[z]))
		}
	}
	return out
}

func (b *builder) loadBalancer(v *vpcInfo) {
	lb := elb.LoadBalancer{ID: b.id("lb"), VPC: v.id}
	subnets := b.lbSubnets(v, true)
	if len(subnets) < 2 || b.chance("lb-nlb", 25) {
		lb.Type = elb.Network
		subnets = b.lbSubnets(v, false)
		if len(subnets) == 0 {
			return
		}
	} else {
		lb.Type = elb.Application
	}
	nlb := lb.Type == elb.Network
	if b.chance("lb-internal", 50) {
		lb.Scheme = elb.Internal
	}
	for _, si := range subnets {
		s := b.subnet(si)
		sm := elb.SubnetMapping{Subnet: s.ID}
		if !nlb {
			if b.albSubnets == nil {
				b.albSubnets = map[string]bool{}
			}
			b.albSubnets[s.ID] = true
		}
		switch {
		case nlb && lb.Scheme.IsInternal() && (b.o.ExplicitAddresses || b.chance("lb-private-ip", 30)) && b.chance("lb-fixed-ip", 50):
			sm.PrivateIPv4 = b.privateAddr(v, si)
		case nlb && !lb.Scheme.IsInternal() && b.chance("lb-eip", 40):
			sm.ElasticIP = b.publicAddr()
		}
		v.demand[s.ID]++
		lb.Subnets = append(lb.Subnets, sm)
	}
	for _, g := range v.sgs {
		if len(lb.SecurityGroups) < 2 && b.chance("lb-sg", 40) {
			lb.SecurityGroups = append(lb.SecurityGroups, g)
		}
	}
	switch b.intn("lb-cross-zone", 0, 2) {
	case 1:
		yes := true
		lb.CrossZone = &yes
	case 2:
		if nlb {
			no := false
			lb.CrossZone = &no
		}
	}
	b.n.LoadBalancers = append(b.n.LoadBalancers, lb)
	ports := slices.Clone(lbPorts)
	for range b.intn("lb-listeners", 1, 2) {
		if len(ports) == 0 {
			break
		}
		i := b.intn("lb-listener-port", 0, len(ports)-1)
		port := ports[i]
		ports = slices.Delete(ports, i, i+1)
		b.listener(v, &lb, port)
	}
}

// listenerProtocols are the listener protocols drawn per type, and the
// target group protocols each listener protocol forwards to.
var (
	albListenerProtocols = []elb.Protocol{elb.HTTP, elb.HTTPS}
	nlbListenerProtocols = []elb.Protocol{elb.TCP, elb.TCP, elb.UDP, elb.TCPUDP, elb.TLS}
	groupProtocolsOf     = map[elb.Protocol][]elb.Protocol{
		elb.HTTP: {elb.HTTP, elb.HTTPS}, elb.HTTPS: {elb.HTTP, elb.HTTPS},
		elb.TCP: {elb.TCP, elb.TCPUDP}, elb.TLS: {elb.TCP, elb.TLS}, elb.UDP: {elb.UDP, elb.TCPUDP}, elb.TCPUDP: {elb.TCPUDP},
	}
)

func (b *builder) listener(v *vpcInfo, lb *elb.LoadBalancer, port uint16) {
	nlb := lb.Type == elb.Network
	l := elb.Listener{ID: b.id("lis"), LoadBalancer: lb.ID, Port: port}
	if nlb {
		l.Protocol = pick(b, "lis-proto", nlbListenerProtocols)
	} else {
		l.Protocol = pick(b, "lis-proto", albListenerProtocols)
	}
	var groups []string
	for range b.intn("lis-groups", 1, 2) {
		groups = append(groups, b.targetGroup(v, nlb, pick(b, "tg-proto", groupProtocolsOf[l.Protocol])))
	}
	forward := func(label string) elb.Action {
		if nlb || len(groups) == 1 || b.chance(label+"-single", 40) {
			return elb.ForwardTo(pick(b, label+"-group", groups))
		}
		var ws []elb.WeightedTargetGroup
		for _, g := range groups {
			ws = append(ws, elb.WeightedTargetGroup{TargetGroup: g, Weight: pick(b, label+"-weight", []int{0, 1, 1, 5, 10})})
		}
		return elb.ForwardWeighted(ws...)
	}
	l.Default = forward("lis-default")
	if !nlb && b.chance("lis-default-fixed", 15) {
		l.Default = elb.Respond(pick(b, "lis-default-status", []int{404, 503}), "text/plain", "")
	}
	if !nlb {
		used := map[int]bool{}
		for range b.intn("lis-rules", 0, 3) {
			prio := pick(b, "rule-priority", []int{1, 5, 10, 20, 100})
			if used[prio] {
				continue
			}
			used[prio] = true
			r := elb.Rule{Priority: prio, Conditions: b.conditions(v)}
			switch b.intn("rule-action", 0, 5) {
			case 0:
				r.Action = elb.Respond(pick(b, "rule-status", []int{200, 403, 503}), "", "")
			case 1:
				r.Action = elb.RedirectTo(elb.Redirect{Protocol: "HTTPS", Port: "443", Path: "/new", StatusCode: elb.Permanent})
			default:
				r.Action = forward("rule")
			}
			l.Rules = append(l.Rules, r)
		}
	}
	b.n.Listeners = append(b.n.Listeners, l)
}

// conditions draws one or two conditions of distinct kinds, within the
// limits of values and wildcards per rule.
func (b *builder) conditions(v *vpcInfo) []elb.Condition {
	kinds := []elb.ConditionField{elb.PathPatternField, elb.HostHeaderField, elb.MethodField, elb.SourceIPField}
	var out []elb.Condition
	for range b.intn("conds", 1, 2) {
		i := b.intn("cond-kind", 0, len(kinds)-1)
		k := kinds[i]
		kinds = slices.Delete(kinds, i, i+1)
		values := b.intn("cond-values", 1, 2)
		c := elb.Condition{Field: k}
		for range values {
			switch k {
			case elb.PathPatternField:
				c.Values = appendNew(c.Values, pick(b, "cond-path", lbPathPatterns))
			case elb.HostHeaderField:
				c.Values = appendNew(c.Values, pick(b, "cond-host", lbHostPatterns))
			case elb.MethodField:
				c.Values = appendNew(c.Values, pick(b, "cond-method", LBMethods))
			case elb.SourceIPField:
				p := pick(b, "cond-cidr", append(b.localCIDRs(v), PublicCIDRs[1:]...))
				if !slices.Contains(c.SourceIPs, p) {
					c.SourceIPs = append(c.SourceIPs, p)
				}
			}
		}
		out = append(out, c)
	}
	return out
}

func appendNew(s []string, x string) []string {
	if slices.Contains(s, x) {
		return s
	}
	return append(s, x)
}

// targetGroup adds a target group of protocol p in VPC v and returns its
// ID.
func (b *builder) targetGroup(v *vpcInfo, nlb bool, p elb.Protocol) string {
	tg := elb.TargetGroup{ID: b.id("tg"), Protocol: p, Port: pick(b, "tg-port", lbTargetPorts), VPC: v.id}
	if b.chance("tg-ip", 50) {
		tg.TargetType = elb.IPTarget
	}
	if nlb && (p == elb.TCP || p == elb.TLS) {
		switch b.intn("tg-cip", 0, 2) {
		case 1:
			yes := true
			tg.PreserveClientIP = &yes
		case 2:
			no := false
			tg.PreserveClientIP = &no
		}
	}
	switch b.intn("tg-cross-zone", 0, 3) {
	case 1:
		yes := true
		tg.CrossZone = &yes
	case 2:
		no := false
		tg.CrossZone = &no
	}
	seen := map[string]bool{}
	for range b.intn("tg-targets", 0, 3) {
		var t elb.Target
		if tg.TargetType == elb.IPTarget {
			t.IP = b.ipTarget(v)
			if !t.IP.IsValid() {
				continue
			}
		} else {
			if len(v.enis) == 0 {
				continue
			}
			t.ID = pick(b, "tg-instance", v.enis)
		}
		if b.chance("tg-target-port", 20) {
			t.Port = pick(b, "tg-target-port-value", lbTargetPorts)
		}
		t.Health = pick(b, "tg-health", lbHealth)
		key := t.ID + "|" + t.IP.String() + "|" + strconv.Itoa(int(t.Port))
		if seen[key] {
			continue
		}
		seen[key] = true
		tg.Targets = append(tg.Targets, t)
	}
	b.n.TargetGroups = append(b.n.TargetGroups, tg)
	return tg.ID
}

// ipTarget draws the address of an ip target: mostly an address of one of
// v's interfaces, sometimes the declared address of a load balancer node,
// sometimes the last usable address of a subnet with room,
// which nobody holds (compile assigns addresses from the bottom, and the
// address is counted as taken so that later nodes leave it free).
func (b *builder) ipTarget(v *vpcInfo) netip.Addr {
	var addrs []netip.Addr
	for _, e := range b.n.NetworkInterfaces {
		if slices.Contains(v.enis, e.ID) {
			addrs = append(addrs, e.PrivateIPs...)
		}
	}
	var nodes []netip.Addr
	for _, lb := range b.n.LoadBalancers {
		for _, sm := range lb.Subnets {
			if lb.VPC == v.id && sm.PrivateIPv4.IsValid() {
				nodes = append(nodes, sm.PrivateIPv4)
			}
		}
	}
	switch k := b.intn("tg-ip-kind", 0, 19); {
	case k < 16 && len(addrs) > 0:
		return pick(b, "tg-ip-addr", addrs)
	case k < 18 && len(nodes) > 0:
		// A load balancer node's address: the load balancer forwards to
		// another one (or, now and then, to itself: a loop).
		return pick(b, "tg-ip-node", nodes)
	}
	s := b.subnet(pick(b, "tg-ip-subnet", v.subnets))
	a := uAddr(addrU(s.CIDR.Addr()) + uint64(1)<<(32-s.CIDR.Bits()) - 2) // the last is reserved
	switch {
	case b.freeIPs[a]:
		return a
	case v.private[a] || vpc.UsableAddresses(s.CIDR)-v.demand[s.ID] < 2 || b.albSubnets[s.ID] && vpc.UsableAddresses(s.CIDR)-v.demand[s.ID]-1 < 8:
		return netip.Addr{}
	}
	if b.freeIPs == nil {
		b.freeIPs = map[netip.Addr]bool{}
	}
	b.freeIPs[a] = true
	v.private[a] = true
	v.demand[s.ID]++
	return a
}

// lbSGRules adds, now and then, the rules that let load balancer traffic
// pass, as deployments write them: a group of a load balancer admitting a
// listener's port from anywhere or from the VPC's primary CIDR, and a
// group of a target's interface admitting the target's port from the load
// balancer's group (the usual pattern) or from the VPC's primary CIDR.
// Without them, nearly every flow through a load balancer stops at a
// security group.
func (b *builder) lbSGRules(v *vpcInfo) {
	if !b.o.LoadBalancers {
		return
	}
	rule := func(p elb.Protocol, port uint16) vpc.SGRule {
		ps := p.IPProtocols()
		if len(ps) != 1 {
			return vpc.SGRule{Protocol: vpc.ProtocolAll}
		}
		return vpc.SGRule{Protocol: ps[0], Ports: vpc.Port(port)}
	}
	anywhere := func(label string) netip.Prefix {
		if b.chance(label, 50) {
			return netip.MustParsePrefix("0.0.0.0/0")
		}
		return v.cidrs[0]
	}
	for _, lb := range b.n.LoadBalancers {
		if lb.VPC != v.id {
			continue
		}
		for _, l := range b.n.Listeners {
			if l.LoadBalancer != lb.ID || len(lb.SecurityGroups) == 0 || !b.chance("lb-sg-listener", 60) {
				continue
			}
			r := rule(l.Protocol, l.Port)
			r.CIDR = anywhere("lb-sg-listener-any")
			b.addIngress(pick(b, "lb-sg-listener-group", lb.SecurityGroups), r)
		}
		for _, g := range b.lbGroups(lb.ID) {
			for _, t := range g.Targets {
				e := b.targetENI(v, g, t)
				if e == nil || len(e.SecurityGroups) == 0 || !b.chance("lb-sg-target", 50) {
					continue
				}
				port := t.Port
				if port == 0 {
					port = g.Port
				}
				r := rule(g.Protocol, port)
				if len(lb.SecurityGroups) > 0 && b.chance("lb-sg-target-ref", 70) {
					r.Group = pick(b, "lb-sg-target-peer", lb.SecurityGroups)
				} else {
					r.CIDR = anywhere("lb-sg-target-any")
				}
				b.addIngress(pick(b, "lb-sg-target-group", e.SecurityGroups), r)
			}
		}
	}
}

// addIngress appends an inbound rule to group id.
func (b *builder) addIngress(id string, r vpc.SGRule) {
	for i := range b.n.SecurityGroups {
		if b.n.SecurityGroups[i].ID == id {
			b.n.SecurityGroups[i].Ingress = append(b.n.SecurityGroups[i].Ingress, r)
		}
	}
}

// lbGroups returns the target groups load balancer lb's listeners forward
// to, each once, in order of first use.
func (b *builder) lbGroups(lb string) []*elb.TargetGroup {
	var ids []string
	for _, l := range b.n.Listeners {
		if l.LoadBalancer != lb {
			continue
		}
		as := []elb.Action{l.Default}
		for _, r := range l.Rules {
			as = append(as, r.Action)
		}
		for _, a := range as {
			for _, id := range a.TargetGroups() {
				ids = appendNew(ids, id)
			}
		}
	}
	var out []*elb.TargetGroup
	for _, id := range ids {
		for i := range b.n.TargetGroups {
			if b.n.TargetGroups[i].ID == id {
				out = append(out, &b.n.TargetGroups[i])
			}
		}
	}
	return out
}

// targetENI returns the interface of VPC v holding target t of group g,
// or nil.
func (b *builder) targetENI(v *vpcInfo, g *elb.TargetGroup, t elb.Target) *vpc.NetworkInterface {
	for i := range b.n.NetworkInterfaces {
		e := &b.n.NetworkInterfaces[i]
		if !slices.Contains(v.enis, e.ID) {
			continue
		}
		if g.TargetType == elb.IPTarget && slices.Contains(e.PrivateIPs, t.IP) || g.TargetType != elb.IPTarget && e.ID == t.ID {
			return e
		}
	}
	return nil
}
