package awsimport

import (
	"net/netip"
	"path"
	"slices"
	"strconv"
	"strings"

	elbt "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/vpc"
)

// mapELB maps Elastic Load Balancing v2 load balancers, listeners with
// their rules, and target groups with their targets' health. IDs are ARNs.
func (b *builder) mapELB() {
	lbAttrs, tgAttrs := b.elbAttributes()
	for _, r := range dedupe(b, "load-balancer", b.raw.lbs, func(l *elbt.LoadBalancer) string { return str(l.LoadBalancerArn) }) {
		l := r.v
		id := str(l.LoadBalancerArn)
		if l.State != nil && (l.State.Code == "failed") {
			b.skip("load-balancer", id, r.src, "state %s", l.State.Code)
			continue
		}
		out := elb.LoadBalancer{ID: id, Name: str(l.LoadBalancerName), Type: elb.Type(l.Type), Scheme: elb.Scheme(l.Scheme),
			VPC: str(l.VpcId), IPAddressType: elb.IPAddressType(l.IpAddressType), SecurityGroups: slices.Clone(l.SecurityGroups)}
		if a, ok := parseARN(id); ok && a.account != r.src.account {
			out.Account = a.account
		}
		for _, z := range l.AvailabilityZones {
			m := elb.SubnetMapping{Subnet: str(z.SubnetId)}
			for _, a := range z.LoadBalancerAddresses {
				if ip, err := netip.ParseAddr(str(a.PrivateIPv4Address)); err == nil && ip.Is4() {
					m.PrivateIPv4 = ip
				}
				if ip, err := netip.ParseAddr(str(a.IpAddress)); err == nil && ip.Is4() {
					switch {
					case str(a.AllocationId) != "":
						m.ElasticIP = ip
					case out.Scheme.IsInternal():
						if !m.PrivateIPv4.IsValid() {
							m.PrivateIPv4 = ip
						}
					default:
						m.PublicIPv4 = ip
					}
				}
				if ip, err := netip.ParseAddr(str(a.IPv6Address)); err == nil && ip.Is6() {
					m.IPv6 = ip
				}
			}
			out.Subnets = append(out.Subnets, m)
		}
		switch str(l.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic) {
		case "on":
			out.EnforceInboundRulesOnPrivateLink = ptr(true)
		case "off":
			out.EnforceInboundRulesOnPrivateLink = ptr(false)
		}
		if v, ok := lbAttrs[id]["load_balancing.cross_zone.enabled"]; ok && out.Type != elb.Application {
			out.CrossZone = ptr(v == "true")
		}
		b.decls.LoadBalancers = append(b.decls.LoadBalancers, out)
	}

	b.mergeLBInterfaces()

	rules := map[string][]elb.Rule{}
	for _, r := range dedupe(b, "listener-rule", b.raw.rules, func(x *elbt.Rule) string { return str(x.RuleArn) }) {
		x := r.v
		id := str(x.RuleArn)
		if boolv(x.IsDefault) || str(x.Priority) == "default" {
			continue // the listener's default action, read from describe-listeners
		}
		prio, err := strconv.Atoi(str(x.Priority))
		if err != nil {
			b.skip("listener-rule", id, r.src, "priority %q: want a number", str(x.Priority))
			continue
		}
		act, ok := b.elbAction(id, x.Actions, r.src)
		if !ok {
			continue
		}
		rule := elb.Rule{ID: id, Priority: prio, Action: act}
		for _, c := range x.Conditions {
			if cond, ok := b.elbCondition(id, c, r.src); ok {
				rule.Conditions = append(rule.Conditions, cond)
			}
		}
		if len(x.Transforms) > 0 {
			b.skip("listener-rule-transform", id, r.src, "host-header and URL rewrite transforms are not modelled")
		}
		l := listenerOfRule(id)
		rules[l] = append(rules[l], rule)
	}
	for _, r := range dedupe(b, "listener", b.raw.listeners, func(x *elbt.Listener) string { return str(x.ListenerArn) }) {
		x := r.v
		id := str(x.ListenerArn)
		out := elb.Listener{ID: id, LoadBalancer: str(x.LoadBalancerArn), Protocol: elb.Protocol(x.Protocol), Rules: rules[id]}
		if x.Port != nil {
			out.Port = uint16(*x.Port)
		}
		act, ok := b.elbAction(id, x.DefaultActions, r.src)
		if !ok {
			continue
		}
		out.Default = act
		delete(rules, id)
		b.decls.Listeners = append(b.decls.Listeners, out)
	}
	for l, rs := range rules {
		for _, x := range rs {
			b.skip("listener-rule", x.ID, nil, "its listener %s is not in the input (add describe-listeners output)", l)
		}
	}

	health := b.targetHealth()
	for _, r := range dedupe(b, "target-group", b.raw.tgs, func(x *elbt.TargetGroup) string { return str(x.TargetGroupArn) }) {
		x := r.v
		id := str(x.TargetGroupArn)
		out := elb.TargetGroup{ID: id, Name: str(x.TargetGroupName), TargetType: elb.TargetType(x.TargetType), Protocol: elb.Protocol(x.Protocol),
			ProtocolVersion: elb.ProtocolVersion(str(x.ProtocolVersion)), VPC: str(x.VpcId)}
		if x.Port != nil {
			out.Port = uint16(*x.Port)
		}
		hc := elb.HealthCheck{Enabled: x.HealthCheckEnabled, Protocol: elb.Protocol(x.HealthCheckProtocol), Port: str(x.HealthCheckPort),
			Path: str(x.HealthCheckPath)}
		if m := x.Matcher; m != nil {
			hc.Matcher = elb.Matcher{HTTPCode: str(m.HttpCode), GRPCCode: str(m.GrpcCode)}
		}
		for _, f := range []struct {
			dst *int
			v   *int32
		}{{&hc.IntervalSeconds, x.HealthCheckIntervalSeconds}, {&hc.TimeoutSeconds, x.HealthCheckTimeoutSeconds},
			{&hc.HealthyThreshold, x.HealthyThresholdCount}, {&hc.UnhealthyThreshold, x.UnhealthyThresholdCount}} {
			if f.v != nil {
				*f.dst = int(*f.v)
			}
		}
		out.HealthCheck = hc
		if a := tgAttrs[id]; a != nil {
			if v, ok := a["preserve_client_ip.enabled"]; ok {
				out.PreserveClientIP = ptr(v == "true")
			}
			switch a["load_balancing.cross_zone.enabled"] {
			case "true":
				out.CrossZone = ptr(true)
			case "false":
				out.CrossZone = ptr(false)
			}
		}
		hs, ok := health[id]
		if !ok {
			hs, ok = health[out.Name]
		}
		if !ok && len(x.LoadBalancerArns) > 0 {
			b.skip("target-group-targets", id, r.src, "targets unknown: add the output of aws elbv2 describe-target-health --target-group-arn %s as TargetHealth-%s.json", id, out.Name)
		}
		for _, h := range hs {
			t := h.Target
			if t == nil {
				continue
			}
			tg := elb.Target{}
			if out.TargetType == elb.IPTarget {
				ip, err := netip.ParseAddr(str(t.Id))
				if err != nil {
					b.skip("target", id+" "+str(t.Id), r.src, "ip target: %v", err)
					continue
				}
				tg.IP = ip
			} else {
				tg.ID = str(t.Id)
			}
			if t.Port != nil && uint16(*t.Port) != out.Port {
				tg.Port = uint16(*t.Port)
			}
			if az := str(t.AvailabilityZone); az == elb.AllZones {
				tg.AvailabilityZone = az
			} else if az != "" && out.TargetType == elb.IPTarget && !b.ipInVPC(tg.IP, out.VPC) {
				tg.AvailabilityZone = az
			}
			if th := h.TargetHealth; th != nil && th.State != "" && th.State != "healthy" {
				tg.Health = elb.HealthState(th.State)
			}
			out.Targets = append(out.Targets, tg)
		}
		b.decls.TargetGroups = append(b.decls.TargetGroups, out)
	}
}

// mergeLBInterfaces folds the network interfaces of the imported load
// balancers into them. The engine creates a load balancer's nodes itself
// (one interface per subnet, named <load-balancer>/<subnet>, with the
// load balancer's security groups), so the interfaces AWS shows for it
// are not kept as plain interfaces: each one's addresses go into the
// subnet mapping of its subnet (its private IPv4 and IPv6 addresses, and
// its public IPv4 address as the observed PublicIPv4 unless it is the
// mapping's Elastic IP), where describe-load-balancers did not give them.
// An interface in a subnet the load balancer does not list, or a second
// one in a subnet, is reported and dropped. Interfaces of load balancers
// the input does not describe stay plain interfaces.
//
// Interfaces name their load balancer by the end of its ARN ("ELB
// app/web/50dc6c495c0c9188").
func (b *builder) mergeLBInterfaces() {
	byName := map[string]int{}
	for i, l := range b.decls.LoadBalancers {
		if a, ok := parseARN(l.ID); ok {
			byName[strings.TrimPrefix(a.resource, "loadbalancer/")] = i
		}
	}
	order := make([]int, len(b.net.NetworkInterfaces))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int {
		return strings.Compare(b.net.NetworkInterfaces[x].ID, b.net.NetworkInterfaces[y].ID)
	})
	merged := map[string]string{} // lb + " " + subnet -> interface
	drop := map[string]bool{}
	for _, i := range order {
		e := &b.net.NetworkInterfaces[i]
		li, ok := byName[e.Owner]
		if !ok || e.Kind != vpc.KindLoadBalancer {
			continue
		}
		lb := &b.decls.LoadBalancers[li]
		drop[e.ID] = true
		s := b.from("network-interface", e.ID)
		j := slices.IndexFunc(lb.Subnets, func(m elb.SubnetMapping) bool { return m.Subnet == e.Subnet })
		if j < 0 {
			b.skip("network-interface", e.ID, s, "an interface of load balancer %s in subnet %s, which describe-load-balancers does not list for it: dropped (the engine gives a load balancer one node per subnet it lists)", lb.ID, e.Subnet)
			continue
		}
		key := lb.ID + " " + e.Subnet
		if first, dup := merged[key]; dup {
			b.skip("network-interface", e.ID, s, "a second interface of load balancer %s in subnet %s (the first is %s): the engine models one node per subnet, so its addresses are not kept", lb.ID, e.Subnet, first)
			continue
		}
		merged[key] = e.ID
		m := &lb.Subnets[j]
		if !m.PrivateIPv4.IsValid() && len(e.PrivateIPs) > 0 {
			m.PrivateIPv4 = e.PrivateIPs[0]
		}
		if len(e.PrivateIPs) > 1 {
			b.skip("network-interface-address", e.ID, s, "secondary addresses of a load balancer's interface are not modelled: its node has the primary address %s", e.PrivateIPs[0])
		}
		if !m.IPv6.IsValid() && len(e.IPv6Addrs) > 0 {
			m.IPv6 = e.IPv6Addrs[0]
		}
		if p := e.PublicIP; p.IsValid() && p != m.ElasticIP && !m.ElasticIP.IsValid() && !m.PublicIPv4.IsValid() {
			m.PublicIPv4 = p
		}
	}
	if len(drop) == 0 {
		return
	}
	b.net.NetworkInterfaces = slices.DeleteFunc(b.net.NetworkInterfaces, func(e vpc.NetworkInterface) bool { return drop[e.ID] })
	// What was said of the dropped interfaces' groups no longer holds:
	// the nodes carry the load balancer's.
	b.skipped = slices.DeleteFunc(b.skipped, func(x Skipped) bool {
		return x.Resource == "network-interface-security-groups" && drop[x.ID]
	})
}

// ipInVPC reports whether a lies in one of the CIDRs of VPC id.
func (b *builder) ipInVPC(a netip.Addr, id string) bool {
	v, ok := b.vpcs[id]
	if !ok {
		return false
	}
	for _, c := range append(slices.Clone(v.CIDRs), v.IPv6CIDR) {
		if c.IsValid() && c.Contains(a) {
			return true
		}
	}
	return false
}

// listenerOfRule derives a rule's listener ARN:
// ...:listener-rule/app/n/lb/l/r -> ...:listener/app/n/lb/l.
func listenerOfRule(rule string) string {
	s := strings.Replace(rule, ":listener-rule/", ":listener/", 1)
	if i := strings.LastIndex(s, "/"); i > 0 {
		return s[:i]
	}
	return s
}

// targetHealth groups describe-target-health output by target group ARN,
// or by the name the file's name ends with when the output names none.
func (b *builder) targetHealth() map[string][]elbt.TargetHealthDescription {
	names := map[string]bool{}
	for _, r := range b.raw.tgs {
		names[str(r.v.TargetGroupName)] = true
	}
	out := map[string][]elbt.TargetHealthDescription{}
	for _, r := range byFile(b.raw.health) {
		owner := r.v.owner
		if owner == "" {
			owner = nameInFile(r.src.file, names)
		}
		if owner == "" {
			b.skip("file", "", r.src, "describe-target-health output names no target group: add a top-level TargetGroupArn key, or end the file name with the target group's name (TargetHealth-<name>.json)")
			continue
		}
		if _, ok := out[owner]; ok {
			continue
		}
		out[owner] = r.v.items
	}
	return out
}

// nameInFile returns the longest of names that the file's base name (less
// its extension) ends with, after a separator or alone.
func nameInFile(file string, names map[string]bool) string {
	base := strings.TrimSuffix(path.Base(strings.ReplaceAll(file, "\\", "/")), path.Ext(file))
	best := ""
	for n := range names {
		if n == "" || len(n) <= len(best) {
			continue
		}
		if base == n || strings.HasSuffix(base, n) && strings.ContainsAny(base[len(base)-len(n)-1:len(base)-len(n)], "-_.") {
			best = n
		}
	}
	return best
}

// elbAttributes returns the attributes of load balancers and target groups
// by ARN.
func (b *builder) elbAttributes() (lbs, tgs map[string]map[string]string) {
	lbs, tgs = map[string]map[string]string{}, map[string]map[string]string{}
	lbNames, tgNames := map[string]bool{}, map[string]bool{}
	lbByName, tgByName := map[string]string{}, map[string]string{}
	for _, r := range b.raw.lbs {
		lbNames[str(r.v.LoadBalancerName)] = true
		lbByName[str(r.v.LoadBalancerName)] = str(r.v.LoadBalancerArn)
	}
	for _, r := range b.raw.tgs {
		tgNames[str(r.v.TargetGroupName)] = true
		tgByName[str(r.v.TargetGroupName)] = str(r.v.TargetGroupArn)
	}
	for _, r := range byFile(b.raw.attrs) {
		owner := r.v.owner
		if owner == "" {
			tn, ln := nameInFile(r.src.file, tgNames), nameInFile(r.src.file, lbNames)
			switch {
			case tn != "" && ln == "":
				owner = tgByName[tn]
			case ln != "" && tn == "":
				owner = lbByName[ln]
			default:
				b.skip("file", "", r.src, "attributes output names no load balancer or target group (or the file name fits both): add a top-level LoadBalancerArn or TargetGroupArn key")
				continue
			}
		}
		m := map[string]string{}
		for _, a := range r.v.attrs {
			m[str(a.Key)] = str(a.Value)
		}
		if strings.Contains(owner, ":targetgroup/") {
			tgs[owner] = m
		} else {
			lbs[owner] = m
		}
	}
	return lbs, tgs
}

// elbAction maps a rule's actions to its routing action (the last in
// order); authentication actions before it are reported.
func (b *builder) elbAction(owner string, acts []elbt.Action, s *src) (elb.Action, bool) {
	acts = slices.Clone(acts)
	slices.SortStableFunc(acts, func(x, y elbt.Action) int {
		ox, oy := int32(0), int32(0)
		if x.Order != nil {
			ox = *x.Order
		}
		if y.Order != nil {
			oy = *y.Order
		}
		return int(ox - oy)
	})
	var out elb.Action
	found := false
	for _, a := range acts {
		switch t := string(a.Type); t {
		case "forward":
			out = elb.Action{Type: elb.ForwardAction}
			if fc := a.ForwardConfig; fc != nil && len(fc.TargetGroups) > 0 {
				for _, g := range fc.TargetGroups {
					w := elb.WeightedTargetGroup{TargetGroup: str(g.TargetGroupArn)}
					if g.Weight != nil && len(fc.TargetGroups) > 1 {
						w.Weight = int(*g.Weight)
					}
					out.Forward = append(out.Forward, w)
				}
			} else {
				out.Forward = []elb.WeightedTargetGroup{{TargetGroup: str(a.TargetGroupArn)}}
			}
			found = true
		case "fixed-response":
			fr := &elb.FixedResponse{}
			if c := a.FixedResponseConfig; c != nil {
				fr.StatusCode, _ = strconv.Atoi(str(c.StatusCode))
				fr.ContentType, fr.MessageBody = str(c.ContentType), str(c.MessageBody)
			}
			out, found = elb.Action{Type: elb.FixedResponseAction, FixedResponse: fr}, true
		case "redirect":
			rd := &elb.Redirect{}
			if c := a.RedirectConfig; c != nil {
				*rd = elb.Redirect{Protocol: str(c.Protocol), Host: str(c.Host), Port: str(c.Port), Path: str(c.Path), Query: str(c.Query),
					StatusCode: elb.RedirectCode(c.StatusCode)}
			}
			out, found = elb.Action{Type: elb.RedirectAction, Redirect: rd}, true
		default:
			b.skip("listener-action", owner+" "+t, s, "%s actions are not modelled: the routing action after it applies as if it passed", t)
		}
	}
	if !found {
		b.skip("listener", owner, s, "no forward, fixed-response or redirect action")
	}
	return out, found
}

// elbCondition maps one rule condition.
func (b *builder) elbCondition(rule string, c elbt.RuleCondition, s *src) (elb.Condition, bool) {
	f := elb.ConditionField(str(c.Field))
	out := elb.Condition{Field: f, Values: slices.Clone(c.Values), RegexValues: slices.Clone(c.RegexValues)}
	switch f {
	case elb.HostHeaderField:
		if x := c.HostHeaderConfig; x != nil {
			out.Values, out.RegexValues = cmpSlice(x.Values, out.Values), cmpSlice(x.RegexValues, out.RegexValues)
		}
	case elb.PathPatternField:
		if x := c.PathPatternConfig; x != nil {
			out.Values, out.RegexValues = cmpSlice(x.Values, out.Values), cmpSlice(x.RegexValues, out.RegexValues)
		}
	case elb.MethodField:
		if x := c.HttpRequestMethodConfig; x != nil {
			out.Values = cmpSlice(x.Values, out.Values)
		}
	case elb.HeaderField:
		if x := c.HttpHeaderConfig; x != nil {
			out.HeaderName = str(x.HttpHeaderName)
			out.Values, out.RegexValues = cmpSlice(x.Values, out.Values), cmpSlice(x.RegexValues, out.RegexValues)
		}
	case elb.QueryStringField:
		out.Values = nil
		if x := c.QueryStringConfig; x != nil {
			for _, kv := range x.Values {
				out.QueryValues = append(out.QueryValues, elb.QueryValue{Key: str(kv.Key), Value: str(kv.Value)})
			}
		}
	case elb.SourceIPField:
		vals := out.Values
		if x := c.SourceIpConfig; x != nil && len(x.Values) > 0 {
			vals = x.Values
		}
		out.Values = nil
		for _, v := range vals {
			p, err := netip.ParsePrefix(v)
			if err != nil {
				b.skip("listener-rule-condition", rule, s, "source-ip %q: %v", v, err)
				return out, false
			}
			out.SourceIPs = append(out.SourceIPs, p)
		}
	default:
		b.skip("listener-rule-condition", rule, s, "condition field %q is not modelled", f)
		return out, false
	}
	return out, true
}

// cmpSlice returns a unless it is empty, else b.
func cmpSlice(a, b []string) []string {
	if len(a) > 0 {
		return slices.Clone(a)
	}
	return b
}
