package tfimport

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/internal/importer"
	"github.com/vpcsim/vpcsim/lattice"
)

// servicePhase imports endpoints, load balancers, target groups and the
// Lattice resources that others refer to.
var servicePhase = phase{
	"aws_vpc_endpoint":                (*builder).doEndpoint,
	"aws_vpc_endpoint_service":        (*builder).doEndpointService,
	"aws_lb":                          (*builder).doLB,
	"aws_alb":                         (*builder).doLB,
	"aws_lb_target_group":             (*builder).doTargetGroup,
	"aws_alb_target_group":            (*builder).doTargetGroup,
	"aws_vpclattice_service_network":  (*builder).doServiceNetwork,
	"aws_vpclattice_service":          (*builder).doLatticeService,
	"aws_vpclattice_target_group":     (*builder).doLatticeTargetGroup,
	"aws_vpclattice_resource_gateway": (*builder).doResourceGateway,
	"aws_vpclattice_access_log_subscription": func(b *builder, in *inst) {
		b.skip(in, "access logs observe traffic, they do not change it")
	},
	"aws_vpclattice_resource_policy": func(b *builder, in *inst) {
		b.skip(in, "resource policies for sharing through AWS RAM are not read: declare lattice.ResourceShare values")
	},
}

// serviceDetailPhase imports what refers to the resources of servicePhase.
var serviceDetailPhase = phase{
	"aws_vpc_endpoint_route_table_association":            (*builder).doEndpointRTB,
	"aws_vpc_endpoint_subnet_association":                 (*builder).doEndpointSubnet,
	"aws_vpc_endpoint_security_group_association":         (*builder).doEndpointSG,
	"aws_vpc_endpoint_policy":                             (*builder).doEndpointPolicy,
	"aws_vpc_endpoint_service_allowed_principal":          (*builder).doEndpointPrincipal,
	"aws_vpc_endpoint_connection_accepter":                (*builder).doEndpointAccepter,
	"aws_lb_listener":                                     (*builder).doListener,
	"aws_alb_listener":                                    (*builder).doListener,
	"aws_lb_target_group_attachment":                      (*builder).doTGAttachment,
	"aws_alb_target_group_attachment":                     (*builder).doTGAttachment,
	"aws_vpclattice_service_network_vpc_association":      (*builder).doSNVPC,
	"aws_vpclattice_service_network_service_association":  (*builder).doSNService,
	"aws_vpclattice_service_network_resource_association": (*builder).doSNResource,
	"aws_vpclattice_listener":                             (*builder).doLatticeListener,
	"aws_vpclattice_target_group_attachment":              (*builder).doLatticeTGAttachment,
	"aws_vpclattice_resource_configuration":               (*builder).doResourceConfiguration,
	"aws_vpclattice_auth_policy":                          (*builder).doAuthPolicy,
}

// finishServices places the service declarations: into the network
// when it has fields for them (importer.Decls.Place decides), beside it
// in Result.Unsimulated otherwise. It then cuts the references to what
// the import does not hold (importer.Prune), reporting each cut: a
// declaration dropped whole moves from Resources to Skipped, a reference
// cut is a Skipped entry naming the attribute.
func (b *builder) finishServices() {
	d := importer.Decls{
		LoadBalancers:                      b.d.lbs.list(),
		Listeners:                          b.d.listeners.list(),
		TargetGroups:                       b.d.tgs.list(),
		VPCEndpoints:                       b.d.endpoints.list(),
		EndpointServices:                   b.d.services.list(),
		EndpointConnections:                b.d.conns.list(),
		ServiceNetworks:                    b.d.sns.list(),
		ServiceNetworkVPCAssociations:      b.d.snVPC.list(),
		ServiceNetworkServiceAssociations:  b.d.snSvc.list(),
		ServiceNetworkResourceAssociations: b.d.snRes.list(),
		LatticeServices:                    b.d.lsvcs.list(),
		LatticeTargetGroups:                b.d.ltgs.list(),
		ResourceGateways:                   b.d.rgws.list(),
		ResourceConfigurations:             b.d.rcfgs.list(),
	}
	b.res.Unsimulated = d.Place(&b.net)
	for _, c := range importer.Prune(&b.net) {
		if c.Field == "targets" && c.Ref != "" {
			// A target cut is the attachment that registered it.
			k := attachKey{c.Kind, c.ID, c.Ref}
			if ins := b.d.attach[k]; len(ins) > 0 {
				b.d.attach[k] = ins[1:]
				b.unimport(ins[0], c.Reason)
				continue
			}
		}
		in := b.declaredBy(c.Kind, c.ID)
		if in == nil {
			continue // every declaration pruned comes from an instance
		}
		if c.Field == "" {
			b.unimport(in, c.Reason)
			continue
		}
		b.skipAttr(in, c.Field, "%s", c.Reason)
	}
}

// attachKey names a target registered by an attachment resource: the
// kind of its target group (importer.KindTargetGroup or
// importer.KindLatticeTargetGroup), the group and the target's ID.
type attachKey struct{ kind, group, target string }

// attached records that in registered a target with an ID.
func (b *builder) attached(kind, group, target string, in *inst) {
	if b.d.attach == nil {
		b.d.attach = map[attachKey][]*inst{}
	}
	k := attachKey{kind, group, target}
	b.d.attach[k] = append(b.d.attach[k], in)
}

// unimport moves an imported instance from Resources to Skipped.
func (b *builder) unimport(in *inst, reason string) {
	b.res.Resources = slices.DeleteFunc(b.res.Resources, func(r Resource) bool { return r.Address == in.addr })
	b.res.Skipped = append(b.res.Skipped, Skipped{Address: in.addr, Type: in.typ, Reason: reason})
}

// declaredBy returns the instance that declared the service declaration
// of a kind importer.Prune names, nil when none did.
func (b *builder) declaredBy(kind, id string) *inst {
	var m map[string]*inst
	switch kind {
	case importer.KindLoadBalancer:
		m = b.d.lbs.addr
	case importer.KindListener:
		m = b.d.listeners.addr
	case importer.KindTargetGroup:
		m = b.d.tgs.addr
	case importer.KindLatticeTargetGroup:
		m = b.d.ltgs.addr
	case importer.KindLatticeService:
		m = b.d.lsvcs.addr
	case importer.KindServiceNetworkVPC:
		m = b.d.snVPC.addr
	case importer.KindServiceNetworkSvc:
		m = b.d.snSvc.addr
	}
	return m[id]
}

// nested returns the configuration blocks nested under key in blk.
func nested(blk map[string]*tfjson.Expression, key string) []map[string]*tfjson.Expression {
	if blk == nil {
		return nil
	}
	return blockExprs(blk, key)
}

func cfgAt(cfg []map[string]*tfjson.Expression, i int) map[string]*tfjson.Expression {
	if i < len(cfg) {
		return cfg[i]
	}
	return nil
}

func rawJSON(s string) json.RawMessage {
	if s == "" || !json.Valid([]byte(s)) {
		return nil
	}
	return json.RawMessage(s)
}

func (b *builder) doEndpoint(in *inst) {
	a := in.a
	e := &endpoint.Endpoint{ID: in.id, Name: a.tags("tags")["Name"], Tags: a.tags("tags")}
	e.Type = endpoint.Type(a.str("vpc_endpoint_type"))
	if e.Type == "" {
		e.Type = endpoint.Gateway
	}
	if !e.Type.Valid() {
		b.errorf(in, "vpc_endpoint_type", "%q: want Gateway, Interface, GatewayLoadBalancer, ServiceNetwork or Resource", e.Type)
		return
	}
	e.VPC = b.ref(in, a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	if b.d.vpcs.get(e.VPC) == nil {
		b.skip(in, "its VPC %q is not in the import", e.VPC)
		return
	}
	if e.Type.UsesServiceName() {
		e.ServiceName = a.str("service_name")
		if e.ServiceName == "" {
			b.skip(in, "service_name is known only after apply (an endpoint service created in the same plan?)")
			return
		}
		e.ServiceRegion = a.str("service_region")
	}
	if e.Type.UsesRouteTables() {
		e.RouteTables = b.refs(in, a, "route_table_ids", "route_table_ids", in.expr("route_table_ids"))
	}
	if e.Type.UsesSubnets() {
		e.Subnets = b.refs(in, a, "subnet_ids", "subnet_ids", in.expr("subnet_ids"))
	}
	if e.Type.UsesSecurityGroups() {
		e.SecurityGroups = b.refs(in, a, "security_group_ids", "security_group_ids", in.expr("security_group_ids"))
		dns, _ := a.boolean("private_dns_enabled") // Terraform's default is false
		e.PrivateDNSEnabled = &dns
	}
	e.IPAddressType = endpoint.IPAddressType(a.str("ip_address_type"))
	if o, ok := a.block("dns_options"); ok {
		e.DNSOptions.RecordIPType = endpoint.DNSRecordIPType(o.str("dns_record_ip_type"))
		e.DNSOptions.PrivateDNSOnlyForInboundResolver, _ = o.boolean("private_dns_only_for_inbound_resolver_endpoint")
	}
	for i, sc := range a.blocks("subnet_configuration") {
		sa := endpoint.SubnetAddress{Subnet: b.ref(in, sc, "subnet_id", fmt.Sprintf("subnet_configuration[%d].subnet_id", i), nil)}
		sa.IPv4 = b.addr(in, sc.str("ipv4"), fmt.Sprintf("subnet_configuration[%d].ipv4", i))
		sa.IPv6 = b.addr(in, sc.str("ipv6"), fmt.Sprintf("subnet_configuration[%d].ipv6", i))
		if sa.Subnet != "" && (sa.IPv4.IsValid() || sa.IPv6.IsValid()) {
			e.Addresses = append(e.Addresses, sa)
		}
	}
	if e.Type.UsesPolicy() {
		e.Policy = rawJSON(a.str("policy"))
	}
	if e.Type == endpoint.ServiceNetwork {
		e.ServiceNetwork = b.ref(in, a, "service_network_arn", "service_network_arn", in.expr("service_network_arn"))
	}
	if e.Type == endpoint.Resource {
		e.ResourceConfiguration = b.ref(in, a, "resource_configuration_arn", "resource_configuration_arn", in.expr("resource_configuration_arn"))
	}
	if st := a.str("state"); st != "" {
		if s, ok := endpoint.ParseState(st); ok {
			e.State = s
		}
	}
	b.d.endpoints.put(in.id, in, e)
	b.imported(in, "endpoint.Endpoint ("+string(e.Type)+")")
}

func (b *builder) endpointOf(in *inst) *endpoint.Endpoint {
	return b.d.endpoints.get(b.ref(in, in.a, "vpc_endpoint_id", "vpc_endpoint_id", in.expr("vpc_endpoint_id")))
}

func (b *builder) doEndpointRTB(in *inst) {
	e := b.endpointOf(in)
	rt := b.ref(in, in.a, "route_table_id", "route_table_id", in.expr("route_table_id"))
	if e == nil || rt == "" {
		b.skip(in, "its endpoint or route table is not in the import")
		return
	}
	if !containsStr(e.RouteTables, rt) {
		e.RouteTables = append(e.RouteTables, rt)
	}
	b.imported(in, "route table of "+e.ID)
}

func (b *builder) doEndpointSubnet(in *inst) {
	e := b.endpointOf(in)
	s := b.ref(in, in.a, "subnet_id", "subnet_id", in.expr("subnet_id"))
	if e == nil || s == "" {
		b.skip(in, "its endpoint or subnet is not in the import")
		return
	}
	if !containsStr(e.Subnets, s) {
		e.Subnets = append(e.Subnets, s)
	}
	b.imported(in, "subnet of "+e.ID)
}

func (b *builder) doEndpointSG(in *inst) {
	e := b.endpointOf(in)
	g := b.ref(in, in.a, "security_group_id", "security_group_id", in.expr("security_group_id"))
	if e == nil || g == "" {
		b.skip(in, "its endpoint or security group is not in the import")
		return
	}
	if rep, _ := in.a.boolean("replace_default_association"); rep {
		e.SecurityGroups = nil
	}
	if !containsStr(e.SecurityGroups, g) {
		e.SecurityGroups = append(e.SecurityGroups, g)
	}
	b.imported(in, "security group of "+e.ID)
}

func (b *builder) doEndpointPolicy(in *inst) {
	e := b.endpointOf(in)
	if e == nil || !e.Type.UsesPolicy() {
		b.skip(in, "its endpoint is not in the import or takes no policy")
		return
	}
	e.Policy = rawJSON(in.a.str("policy"))
	b.imported(in, "policy of "+e.ID)
}

func (b *builder) doEndpointService(in *inst) {
	a := in.a
	s := &endpoint.Service{ID: in.id, Name: a.tags("tags")["Name"], Tags: a.tags("tags")}
	s.Region, s.Account = arnParts(a.str("arn"))
	s.AcceptanceRequired = a.boolp("acceptance_required")
	s.AllowedPrincipals = a.strs("allowed_principals")
	s.NetworkLoadBalancers = b.refs(in, a, "network_load_balancer_arns", "network_load_balancer_arns", in.expr("network_load_balancer_arns"))
	s.GatewayLoadBalancers = b.refs(in, a, "gateway_load_balancer_arns", "gateway_load_balancer_arns", in.expr("gateway_load_balancer_arns"))
	s.SupportedRegions = a.strs("supported_regions")
	for _, t := range a.strs("supported_ip_address_types") {
		s.SupportedIPAddressTypes = append(s.SupportedIPAddressTypes, endpoint.ServiceIPAddressType(t))
	}
	s.PrivateDNSName = a.str("private_dns_name")
	b.d.services.put(in.id, in, s)
	b.imported(in, "endpoint.Service")
}

func (b *builder) doEndpointPrincipal(in *inst) {
	s := b.d.services.get(b.ref(in, in.a, "vpc_endpoint_service_id", "vpc_endpoint_service_id", in.expr("vpc_endpoint_service_id")))
	p := in.a.str("principal_arn")
	if s == nil || p == "" {
		b.skip(in, "its endpoint service is not in the import, or the principal is unknown")
		return
	}
	if !containsStr(s.AllowedPrincipals, p) {
		s.AllowedPrincipals = append(s.AllowedPrincipals, p)
	}
	b.imported(in, "allowed principal of "+s.ID)
}

func (b *builder) doEndpointAccepter(in *inst) {
	svc := b.ref(in, in.a, "vpc_endpoint_service_id", "vpc_endpoint_service_id", in.expr("vpc_endpoint_service_id"))
	ep := b.ref(in, in.a, "vpc_endpoint_id", "vpc_endpoint_id", in.expr("vpc_endpoint_id"))
	if svc == "" || ep == "" {
		b.skip(in, "its endpoint or service cannot be resolved")
		return
	}
	c := &endpoint.Connection{Endpoint: ep, Service: svc}
	if st, ok := endpoint.ParseState(in.a.str("vpc_endpoint_state")); ok {
		c.State = st
	}
	b.d.conns.put(svc+"|"+ep, in, c)
	b.imported(in, "endpoint.Connection")
}

func (b *builder) doLB(in *inst) {
	a := in.a
	lb := &elb.LoadBalancer{ID: in.id, Name: a.str("name"), Tags: a.tags("tags")}
	lb.Type = elb.Type(a.str("load_balancer_type"))
	if lb.Type == "" {
		lb.Type = elb.Application
	}
	if internal, _ := a.boolean("internal"); internal {
		lb.Scheme = elb.Internal
	} else {
		lb.Scheme = elb.InternetFacing
	}
	_, lb.Account = arnParts(a.str("arn"))
	cfgMaps := blockExprs(exprsOf(in), "subnet_mapping")
	for i, m := range a.blocks("subnet_mapping") {
		p := fmt.Sprintf("subnet_mapping[%d].", i)
		sm := elb.SubnetMapping{Subnet: b.ref(in, m, "subnet_id", p+"subnet_id", exprAt(cfgMaps, i, "subnet_id"))}
		sm.PrivateIPv4 = b.addr(in, m.str("private_ipv4_address"), p+"private_ipv4_address")
		sm.IPv6 = b.addr(in, m.str("ipv6_address"), p+"ipv6_address")
		if m.has("allocation_id") || m.unknown("allocation_id") {
			alloc := b.ref(in, m, "allocation_id", p+"allocation_id", exprAt(cfgMaps, i, "allocation_id"))
			if x := b.d.eips[alloc]; x != nil {
				sm.ElasticIP = x.addr
				if x.placeholder {
					b.placeholder(in, p+"allocation_id", x.addr.String(), "the Elastic IP address is known only after apply")
				}
			}
		}
		if sm.Subnet != "" {
			lb.Subnets = append(lb.Subnets, sm)
		}
	}
	if len(lb.Subnets) == 0 {
		for _, s := range b.refs(in, a, "subnets", "subnets", in.expr("subnets")) {
			lb.Subnets = append(lb.Subnets, elb.SubnetMapping{Subnet: s})
		}
	}
	// The load balancer is in its subnets' VPC: AWS derives vpc_id from
	// them, and the subnets are what the import resolves. vpc_id is read
	// only when none of the subnets is in the import.
	for _, m := range lb.Subnets {
		if s := b.d.subnets.get(m.Subnet); s != nil {
			lb.VPC = s.VPC
			break
		}
	}
	switch v := b.canon(a.str("vpc_id")); {
	case lb.VPC == "":
		lb.VPC = v
	case v != "" && v != lb.VPC:
		b.skipAttr(in, "vpc_id", "%q is not the VPC of the load balancer's subnets, %q, which is kept", v, lb.VPC)
	}
	if lb.VPC == "" {
		b.skip(in, "its subnets are not in the import")
		return
	}
	lb.IPAddressType = elb.IPAddressType(a.str("ip_address_type"))
	if lb.IPAddressType == elb.IPv4 {
		lb.IPAddressType = ""
	}
	lb.SecurityGroups = b.refs(in, a, "security_groups", "security_groups", in.expr("security_groups"))
	if lb.Type != elb.Application {
		if cz, ok := a.boolean("enable_cross_zone_load_balancing"); ok {
			lb.CrossZone = &cz
		}
	}
	if v := a.str("enforce_security_group_inbound_rules_on_private_link_traffic"); v == "on" || v == "off" {
		on := v == "on"
		lb.EnforceInboundRulesOnPrivateLink = &on
	}
	b.d.lbs.put(in.id, in, lb)
	b.imported(in, "elb.LoadBalancer ("+string(lb.Type)+")")
}

func (b *builder) doTargetGroup(in *inst) {
	a := in.a
	tg := &elb.TargetGroup{ID: in.id, Name: a.str("name"), Tags: a.tags("tags")}
	tg.TargetType = elb.TargetType(a.str("target_type"))
	if tg.TargetType == "" {
		tg.TargetType = elb.InstanceTarget
	}
	tg.Protocol = elb.Protocol(a.str("protocol"))
	if p, ok := a.num("port"); ok && p > 0 && p <= 65535 {
		tg.Port = uint16(p)
	}
	if tg.Protocol.IsHTTP() {
		tg.ProtocolVersion = elb.ProtocolVersion(a.str("protocol_version"))
	}
	if tg.TargetType != elb.LambdaTarget {
		tg.VPC = b.ref(in, a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	}
	if h, ok := a.block("health_check"); ok {
		tg.HealthCheck.Enabled = h.boolp("enabled")
		tg.HealthCheck.Protocol = elb.Protocol(h.str("protocol"))
		tg.HealthCheck.Port = h.str("port")
		tg.HealthCheck.Path = h.str("path")
		tg.HealthCheck.Matcher.HTTPCode = h.str("matcher")
		tg.HealthCheck.IntervalSeconds, _ = h.num("interval")
		tg.HealthCheck.TimeoutSeconds, _ = h.num("timeout")
		tg.HealthCheck.HealthyThreshold, _ = h.num("healthy_threshold")
		tg.HealthCheck.UnhealthyThreshold, _ = h.num("unhealthy_threshold")
	}
	if v := a.str("preserve_client_ip"); v == "true" || v == "false" {
		if !tg.Protocol.IsHTTP() && tg.TargetType != elb.LambdaTarget {
			p := v == "true"
			tg.PreserveClientIP = &p
		}
	}
	if v := a.str("load_balancing_cross_zone_enabled"); v == "true" || v == "false" {
		cz := v == "true"
		tg.CrossZone = &cz
	}
	b.d.tgs.put(in.id, in, tg)
	b.imported(in, "elb.TargetGroup")
}

func (b *builder) doTGAttachment(in *inst) {
	a := in.a
	tg := b.d.tgs.get(b.ref(in, a, "target_group_arn", "target_group_arn", in.expr("target_group_arn")))
	if tg == nil {
		b.skip(in, "its target group is not in the import")
		return
	}
	var t elb.Target
	if tg.TargetType == elb.IPTarget {
		t.IP = b.addr(in, a.str("target_id"), "target_id")
		if !t.IP.IsValid() {
			b.skip(in, "its target address is known only after apply")
			return
		}
	} else {
		t.ID = b.ref(in, a, "target_id", "target_id", in.expr("target_id"))
		if t.ID == "" {
			b.skip(in, "its target cannot be resolved")
			return
		}
	}
	if p, ok := a.num("port"); ok && p > 0 && p <= 65535 {
		t.Port = uint16(p)
	}
	t.AvailabilityZone = a.str("availability_zone")
	tg.Targets = append(tg.Targets, t)
	if t.ID != "" {
		b.attached(importer.KindTargetGroup, tg.ID, t.ID, in)
	}
	b.imported(in, "target of "+tg.ID)
}

// elbAction reads one action block of a listener or listener rule.
func (b *builder) elbAction(in *inst, a attrs, path string, cfg map[string]*tfjson.Expression) (elb.Action, bool) {
	switch t := a.str("type"); t {
	case "forward":
		if tg := b.ref(in, a, "target_group_arn", path+"target_group_arn", cfg["target_group_arn"]); tg != "" {
			return elb.ForwardTo(tg), true
		}
		fw, _ := a.block("forward")
		fcfg := cfgAt(nested(cfg, "forward"), 0)
		tgcfg := nested(fcfg, "target_group")
		var out []elb.WeightedTargetGroup
		for i, g := range fw.blocks("target_group") {
			id := b.ref(in, g, "arn", fmt.Sprintf("%sforward.target_group[%d].arn", path, i), exprAt(tgcfg, i, "arn"))
			w, _ := g.num("weight")
			if id != "" {
				out = append(out, elb.WeightedTargetGroup{TargetGroup: id, Weight: w})
			}
		}
		if len(out) == 0 {
			return elb.Action{}, false
		}
		return elb.ForwardWeighted(out...), true
	case "fixed-response":
		fr, _ := a.block("fixed_response")
		code, _ := fr.num("status_code")
		return elb.Respond(code, fr.str("content_type"), fr.str("message_body")), true
	case "redirect":
		rd, _ := a.block("redirect")
		return elb.RedirectTo(elb.Redirect{Protocol: rd.str("protocol"), Host: rd.str("host"), Port: rd.str("port"),
			Path: rd.str("path"), Query: rd.str("query"), StatusCode: elb.RedirectCode(rd.str("status_code"))}), true
	default:
		b.skipAttr(in, strings.TrimSuffix(path, "."), "%s actions are not modelled", t)
		return elb.Action{}, false
	}
}

// elbActions returns the action that decides: the last of the blocks in
// order (authentication actions come first and are skipped).
func (b *builder) elbActions(in *inst, key string) (elb.Action, bool) {
	cfg := blockExprs(exprsOf(in), key)
	var act elb.Action
	found := false
	for i, a := range in.a.blocks(key) {
		if x, ok := b.elbAction(in, a, fmt.Sprintf("%s[%d].", key, i), cfgAt(cfg, i)); ok {
			act, found = x, true
		}
	}
	return act, found
}

func (b *builder) doListener(in *inst) {
	a := in.a
	l := &elb.Listener{ID: in.id, Tags: a.tags("tags")}
	l.LoadBalancer = b.ref(in, a, "load_balancer_arn", "load_balancer_arn", in.expr("load_balancer_arn"))
	if b.d.lbs.get(l.LoadBalancer) == nil {
		b.skip(in, "its load balancer is not in the import")
		return
	}
	l.Protocol = elb.Protocol(a.str("protocol"))
	if p, ok := a.num("port"); ok && p > 0 && p <= 65535 {
		l.Port = uint16(p)
	}
	act, ok := b.elbActions(in, "default_action")
	if !ok {
		b.skip(in, "its default action cannot be read")
		return
	}
	l.Default = act
	b.d.listeners.put(in.id, in, l)
	b.imported(in, "elb.Listener")
	// Rules come after every listener exists.
	for _, r := range b.insts {
		if (r.typ == "aws_lb_listener_rule" || r.typ == "aws_alb_listener_rule") && !r.done {
			if b.ref(r, r.a, "listener_arn", "listener_arn", r.expr("listener_arn")) == l.ID {
				b.doListenerRule(r, l)
			}
		}
	}
}

func (b *builder) doListenerRule(in *inst, l *elb.Listener) {
	a := in.a
	r := elb.Rule{ID: in.id}
	r.Priority, _ = a.num("priority")
	act, ok := b.elbActions(in, "action")
	if !ok {
		b.skip(in, "its action cannot be read")
		return
	}
	r.Action = act
	for i, c := range a.blocks("condition") {
		p := fmt.Sprintf("condition[%d].", i)
		switch {
		case c.has("host_header"):
			x, _ := c.block("host_header")
			r.Conditions = append(r.Conditions, elb.HostHeader(x.strs("values")...))
		case c.has("path_pattern"):
			x, _ := c.block("path_pattern")
			r.Conditions = append(r.Conditions, elb.PathPattern(x.strs("values")...))
		case c.has("http_request_method"):
			x, _ := c.block("http_request_method")
			r.Conditions = append(r.Conditions, elb.Method(x.strs("values")...))
		case c.has("http_header"):
			x, _ := c.block("http_header")
			r.Conditions = append(r.Conditions, elb.Header(x.str("http_header_name"), x.strs("values")...))
		case c.has("query_string"):
			var qs []elb.QueryValue
			for _, q := range c.blocks("query_string") {
				qs = append(qs, elb.QueryValue{Key: q.str("key"), Value: q.str("value")})
			}
			r.Conditions = append(r.Conditions, elb.Query(qs...))
		case c.has("source_ip"):
			x, _ := c.block("source_ip")
			cond := elb.Condition{Field: elb.SourceIPField}
			for j := range x.strs("values") {
				if pr := b.prefix(in, mkAttrs(map[string]any{"v": x.strs("values")[j]}, nil), "v", fmt.Sprintf("%ssource_ip.values[%d]", p, j)); pr.IsValid() {
					cond.SourceIPs = append(cond.SourceIPs, pr)
				}
			}
			r.Conditions = append(r.Conditions, cond)
		default:
			b.skipAttr(in, strings.TrimSuffix(p, "."), "condition kind not read")
		}
	}
	l.Rules = append(l.Rules, r)
	b.imported(in, "rule of "+l.ID)
}

func (b *builder) doServiceNetwork(in *inst) {
	a := in.a
	n := &lattice.ServiceNetwork{ID: in.id, Name: a.str("name"), AuthType: lattice.AuthType(a.str("auth_type")), Tags: a.tags("tags")}
	n.Region, n.Account = arnParts(a.str("arn"))
	if n.AuthType == lattice.AuthNone {
		n.AuthType = ""
	}
	if arn := a.str("arn"); arn != "" {
		b.alias[arn] = in.id
	}
	b.d.sns.put(in.id, in, n)
	b.imported(in, "lattice.ServiceNetwork")
}

func (b *builder) doLatticeService(in *inst) {
	a := in.a
	s := &lattice.Service{ID: in.id, Name: a.str("name"), AuthType: lattice.AuthType(a.str("auth_type")), Tags: a.tags("tags")}
	s.Region, s.Account = arnParts(a.str("arn"))
	if s.AuthType == lattice.AuthNone {
		s.AuthType = ""
	}
	s.CustomDomainName = a.str("custom_domain_name")
	s.CertificateARN = a.str("certificate_arn")
	if d, ok := a.block("dns_entry"); ok {
		s.DNSName = d.str("domain_name")
	}
	b.d.lsvcs.put(in.id, in, s)
	b.imported(in, "lattice.Service")
}

func (b *builder) doLatticeTargetGroup(in *inst) {
	a := in.a
	g := &lattice.TargetGroup{ID: in.id, Name: a.str("name"), Type: lattice.TargetType(a.str("type")), Tags: a.tags("tags")}
	_, g.Account = arnParts(a.str("arn"))
	if c, ok := a.block("config"); ok {
		ccfg := cfgAt(blockExprs(exprsOf(in), "config"), 0)
		g.Protocol = lattice.TargetGroupProtocol(c.str("protocol"))
		if p, ok := c.num("port"); ok && p > 0 && p <= 65535 {
			g.Port = uint16(p)
		}
		g.ProtocolVersion = lattice.ProtocolVersion(c.str("protocol_version"))
		if g.ProtocolVersion == lattice.HTTP1 {
			g.ProtocolVersion = ""
		}
		if g.Type == lattice.TargetIP {
			g.IPAddressType = lattice.IPAddressType(c.str("ip_address_type"))
		}
		var ve *tfjson.Expression
		if ccfg != nil {
			ve = ccfg["vpc_identifier"]
		}
		g.VPC = b.ref(in, c, "vpc_identifier", "config.vpc_identifier", ve)
		if g.Type == lattice.TargetLambda {
			g.LambdaEventVersion = lattice.LambdaEventVersion(c.str("lambda_event_structure_version"))
		}
		if h, ok := c.block("health_check"); ok && g.Type != lattice.TargetLambda && g.Type != lattice.TargetALB {
			hc := &lattice.HealthCheck{Enabled: h.boolp("enabled"), Path: h.str("path")}
			hc.Protocol = lattice.TargetGroupProtocol(h.str("protocol"))
			hc.ProtocolVersion = lattice.ProtocolVersion(h.str("protocol_version"))
			if p, ok := h.num("port"); ok && p > 0 && p <= 65535 {
				hc.Port = uint16(p)
			}
			hc.IntervalSeconds, _ = h.num("health_check_interval_seconds")
			hc.TimeoutSeconds, _ = h.num("health_check_timeout_seconds")
			hc.HealthyThreshold, _ = h.num("healthy_threshold_count")
			hc.UnhealthyThreshold, _ = h.num("unhealthy_threshold_count")
			if m, ok := h.block("matcher"); ok {
				hc.Matcher = m.str("value")
			}
			g.HealthCheck = hc
		}
	}
	if arn := a.str("arn"); arn != "" {
		b.alias[arn] = in.id
	}
	b.d.ltgs.put(in.id, in, g)
	b.imported(in, "lattice.TargetGroup")
}

func (b *builder) doResourceGateway(in *inst) {
	a := in.a
	g := &lattice.ResourceGateway{ID: in.id, Name: a.str("name"), Tags: a.tags("tags")}
	_, g.Account = arnParts(a.str("arn"))
	g.VPC = b.ref(in, a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	g.Subnets = b.refs(in, a, "subnet_ids", "subnet_ids", in.expr("subnet_ids"))
	g.SecurityGroups = b.refs(in, a, "security_group_ids", "security_group_ids", in.expr("security_group_ids"))
	g.IPAddressType = lattice.GatewayIPAddressType(a.str("ip_address_type"))
	if g.IPAddressType == lattice.GatewayIPv4 {
		g.IPAddressType = ""
	}
	g.IPv4AddressesPerENI, _ = a.num("ipv4_addresses_per_eni")
	b.d.rgws.put(in.id, in, g)
	b.imported(in, "lattice.ResourceGateway")
}

func (b *builder) doSNVPC(in *inst) {
	a := in.a
	x := &lattice.ServiceNetworkVPCAssociation{ID: in.id, Tags: a.tags("tags")}
	x.ServiceNetwork = b.ref(in, a, "service_network_identifier", "service_network_identifier", in.expr("service_network_identifier"))
	x.VPC = b.ref(in, a, "vpc_identifier", "vpc_identifier", in.expr("vpc_identifier"))
	x.SecurityGroups = b.refs(in, a, "security_group_ids", "security_group_ids", in.expr("security_group_ids"))
	x.PrivateDNSEnabled = a.boolp("private_dns_enabled")
	if o, ok := a.block("dns_options"); ok && o.str("private_dns_preference") != "" {
		x.DNSOptions = &lattice.DNSOptions{PrivateDNSPreference: lattice.PrivateDNSPreference(o.str("private_dns_preference")), SpecifiedDomains: o.strs("private_dns_specified_domains")}
	}
	x.Status = lattice.AssociationStatus(a.str("status"))
	if x.ServiceNetwork == "" || x.VPC == "" {
		b.skip(in, "its service network or VPC cannot be resolved")
		return
	}
	b.d.snVPC.put(in.id, in, x)
	b.imported(in, "lattice.ServiceNetworkVPCAssociation")
}

func (b *builder) doSNService(in *inst) {
	a := in.a
	x := &lattice.ServiceNetworkServiceAssociation{ID: in.id, Tags: a.tags("tags")}
	x.ServiceNetwork = b.ref(in, a, "service_network_identifier", "service_network_identifier", in.expr("service_network_identifier"))
	x.Service = b.ref(in, a, "service_identifier", "service_identifier", in.expr("service_identifier"))
	x.Status = lattice.AssociationStatus(a.str("status"))
	if x.ServiceNetwork == "" || x.Service == "" {
		b.skip(in, "its service network or service cannot be resolved")
		return
	}
	b.d.snSvc.put(in.id, in, x)
	b.imported(in, "lattice.ServiceNetworkServiceAssociation")
}

func (b *builder) doSNResource(in *inst) {
	a := in.a
	x := &lattice.ServiceNetworkResourceAssociation{ID: in.id, Tags: a.tags("tags")}
	x.ServiceNetwork = b.ref(in, a, "service_network_identifier", "service_network_identifier", in.expr("service_network_identifier"))
	x.ResourceConfiguration = b.ref(in, a, "resource_configuration_identifier", "resource_configuration_identifier", in.expr("resource_configuration_identifier"))
	x.PrivateDNSEnabled = a.boolp("private_dns_enabled")
	if x.ServiceNetwork == "" || x.ResourceConfiguration == "" {
		b.skip(in, "its service network or resource configuration cannot be resolved")
		return
	}
	b.d.snRes.put(in.id, in, x)
	b.imported(in, "lattice.ServiceNetworkResourceAssociation")
}

// latticeAction reads a Lattice rule or default action block.
func (b *builder) latticeAction(in *inst, a attrs, path string, cfg map[string]*tfjson.Expression) (lattice.Action, bool) {
	if fr, ok := a.block("fixed_response"); ok {
		code, _ := fr.num("status_code")
		return lattice.Respond(code), true
	}
	fw, ok := a.block("forward")
	if !ok {
		return lattice.Action{}, false
	}
	tgcfg := nested(cfgAt(nested(cfg, "forward"), 0), "target_groups")
	var out []lattice.WeightedTargetGroup
	for i, g := range fw.blocks("target_groups") {
		id := b.ref(in, g, "target_group_identifier", fmt.Sprintf("%sforward.target_groups[%d].target_group_identifier", path, i), exprAt(tgcfg, i, "target_group_identifier"))
		if id == "" {
			continue
		}
		if w, ok := g.num("weight"); ok {
			out = append(out, lattice.Weighted(id, w))
		} else {
			out = append(out, lattice.WeightedTargetGroup{TargetGroup: id})
		}
	}
	if len(out) == 0 {
		return lattice.Action{}, false
	}
	return lattice.ForwardWeighted(out...), true
}

func (b *builder) doLatticeListener(in *inst) {
	a := in.a
	svc := b.d.lsvcs.get(b.ref(in, a, "service_identifier", "service_identifier", in.expr("service_identifier")))
	if svc == nil {
		svc = b.d.lsvcs.get(b.ref(in, a, "service_arn", "service_arn", in.expr("service_arn")))
	}
	if svc == nil {
		b.skip(in, "its service is not in the import")
		return
	}
	l := lattice.Listener{ID: in.id, Name: a.str("name"), Protocol: lattice.ListenerProtocol(a.str("protocol")), Tags: a.tags("tags")}
	if p, ok := a.num("port"); ok && p > 0 && p <= 65535 {
		l.Port = uint16(p)
	}
	da, _ := a.block("default_action")
	act, ok := b.latticeAction(in, da, "default_action[0].", cfgAt(blockExprs(exprsOf(in), "default_action"), 0))
	if !ok {
		b.skip(in, "its default action cannot be read")
		return
	}
	l.DefaultAction = act
	if lid := a.str("listener_id"); lid != "" {
		b.alias[lid] = in.id
	}
	svc.Listeners = append(svc.Listeners, l)
	b.d.llisten[in.id] = &latticeListener{service: svc.ID, index: len(svc.Listeners) - 1}
	b.imported(in, "listener of "+svc.ID)
	for _, r := range b.insts {
		if r.typ == "aws_vpclattice_listener_rule" && !r.done {
			if b.ref(r, r.a, "listener_identifier", "listener_identifier", r.expr("listener_identifier")) == in.id {
				b.doLatticeRule(r, svc, len(svc.Listeners)-1)
			}
		}
	}
}

func (b *builder) doLatticeRule(in *inst, svc *lattice.Service, li int) {
	a := in.a
	r := lattice.Rule{ID: in.id, Name: a.str("name"), Tags: a.tags("tags")}
	r.Priority, _ = a.num("priority")
	ac, _ := a.block("action")
	act, ok := b.latticeAction(in, ac, "action[0].", cfgAt(blockExprs(exprsOf(in), "action"), 0))
	if !ok {
		b.skip(in, "its action cannot be read")
		return
	}
	r.Action = act
	m, _ := a.block("match")
	hm, _ := m.block("http_match")
	r.Match.Method = hm.str("method")
	if pm, ok := hm.block("path_match"); ok {
		x := &lattice.PathMatch{}
		x.CaseSensitive, _ = pm.boolean("case_sensitive")
		mm, _ := pm.block("match")
		if e, ok := mm.block("exact"); ok {
			x.Exact = e.str("value")
		}
		if e, ok := mm.block("prefix"); ok {
			x.Prefix = e.str("value")
		}
		r.Match.PathMatch = x
	}
	for _, h := range hm.blocks("header_matches") {
		x := lattice.HeaderMatch{Name: h.str("name")}
		x.CaseSensitive, _ = h.boolean("case_sensitive")
		mm, _ := h.block("match")
		if e, ok := mm.block("exact"); ok {
			x.Exact = e.str("value")
		}
		if e, ok := mm.block("prefix"); ok {
			x.Prefix = e.str("value")
		}
		if e, ok := mm.block("contains"); ok {
			x.Contains = e.str("value")
		}
		r.Match.HeaderMatches = append(r.Match.HeaderMatches, x)
	}
	svc.Listeners[li].Rules = append(svc.Listeners[li].Rules, r)
	b.imported(in, "rule of listener "+svc.Listeners[li].ID)
}

func (b *builder) doLatticeTGAttachment(in *inst) {
	a := in.a
	g := b.d.ltgs.get(b.ref(in, a, "target_group_identifier", "target_group_identifier", in.expr("target_group_identifier")))
	if g == nil {
		b.skip(in, "its target group is not in the import")
		return
	}
	t, _ := a.block("target")
	tcfg := cfgAt(blockExprs(exprsOf(in), "target"), 0)
	var x lattice.Target
	if g.Type == lattice.TargetIP {
		x.IP = b.addr(in, t.str("id"), "target[0].id")
		if !x.IP.IsValid() {
			b.skip(in, "its target address is known only after apply")
			return
		}
	} else {
		var e *tfjson.Expression
		if tcfg != nil {
			e = tcfg["id"]
		}
		x.ID = b.ref(in, t, "id", "target[0].id", e)
		if x.ID == "" {
			b.skip(in, "its target cannot be resolved")
			return
		}
	}
	if p, ok := t.num("port"); ok && p > 0 && p <= 65535 {
		x.Port = uint16(p)
	}
	g.Targets = append(g.Targets, x)
	if x.ID != "" {
		b.attached(importer.KindLatticeTargetGroup, g.ID, x.ID, in)
	}
	b.imported(in, "target of "+g.ID)
}

func (b *builder) doResourceConfiguration(in *inst) {
	a := in.a
	c := &lattice.ResourceConfiguration{ID: in.id, Name: a.str("name"), Type: lattice.ResourceConfigurationType(a.str("type")), Tags: a.tags("tags")}
	if c.Type == "" {
		c.Type = lattice.ResourceSingle
	}
	_, c.Account = arnParts(a.str("arn"))
	c.ResourceGateway = b.ref(in, a, "resource_gateway_identifier", "resource_gateway_identifier", in.expr("resource_gateway_identifier"))
	c.Group = b.ref(in, a, "resource_configuration_group_id", "resource_configuration_group_id", in.expr("resource_configuration_group_id"))
	c.Protocol = lattice.ResourceProtocol(a.str("protocol"))
	if pr, err := lattice.ParsePortRanges(a.strs("port_ranges")...); err != nil {
		b.errorf(in, "port_ranges", "%v", err)
	} else {
		c.PortRanges = pr
	}
	c.AllowShareableServiceNetworks, _ = a.boolean("allow_association_to_shareable_service_network")
	if d, ok := a.block("resource_configuration_definition"); ok {
		if x, ok := d.block("ip_resource"); ok {
			c.Definition.IP = b.addr(in, x.str("ip_address"), "resource_configuration_definition.ip_resource.ip_address")
		}
		if x, ok := d.block("dns_resource"); ok {
			c.Definition.DomainName = x.str("domain_name")
			c.Definition.DomainIPAddressType = lattice.IPAddressType(x.str("ip_address_type"))
			if c.Definition.DomainIPAddressType == lattice.IPv4 {
				c.Definition.DomainIPAddressType = ""
			}
		}
		if x, ok := d.block("arn_resource"); ok {
			c.Definition.ARN = x.str("arn")
		}
	}
	if c.Type != lattice.ResourceGroup && c.Definition.Kind() == "" {
		b.skipAttr(in, "resource_configuration_definition", "the resource is known only after apply")
	}
	if arn := a.str("arn"); arn != "" {
		b.alias[arn] = in.id
	}
	b.d.rcfgs.put(in.id, in, c)
	b.imported(in, "lattice.ResourceConfiguration")
}

func (b *builder) doAuthPolicy(in *inst) {
	id := b.ref(in, in.a, "resource_identifier", "resource_identifier", in.expr("resource_identifier"))
	pol := rawJSON(in.a.str("policy"))
	switch {
	case pol == nil:
		b.skip(in, "its policy is known only after apply or is not JSON")
	case b.d.sns.get(id) != nil:
		b.d.sns.get(id).AuthPolicy = pol
		b.imported(in, "auth policy of "+id)
	case b.d.lsvcs.get(id) != nil:
		b.d.lsvcs.get(id).AuthPolicy = pol
		b.imported(in, "auth policy of "+id)
	default:
		b.skip(in, "its service network or service %q is not in the import", id)
	}
}
