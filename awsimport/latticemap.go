package awsimport

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	vl "github.com/aws/aws-sdk-go-v2/service/vpclattice"
	vlt "github.com/aws/aws-sdk-go-v2/service/vpclattice/types"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/lattice"
)

// latticeRaw holds decoded VPC Lattice output. The CLI prints camelCase
// member names ("items", "id"); encoding/json matches them to the SDK's
// PascalCase fields. List outputs give summaries, turned here into the
// shape of the matching get output where the summary has the fields.
type latticeRaw struct {
	networks  []rec[vl.GetServiceNetworkOutput]
	services  []rec[vl.GetServiceOutput]
	listeners []rec[vl.GetListenerOutput]
	rules     []rec[vl.GetRuleOutput]
	tgs       []rec[vl.GetTargetGroupOutput]
	targets   []rec[owned[vlt.TargetSummary]]
	vpcAssocs []rec[vl.GetServiceNetworkVpcAssociationOutput]
	svcAssocs []rec[vl.GetServiceNetworkServiceAssociationOutput]
	resAssocs []rec[vl.GetServiceNetworkResourceAssociationOutput]
	gateways  []rec[vl.GetResourceGatewayOutput]
	configs   []rec[vl.GetResourceConfigurationOutput]
	policies  []rec[owned[vl.GetAuthPolicyOutput]]
	// summaries only: reported when no get output completes them.
	partial []rec[partialSummary]
}

type partialSummary struct {
	kind, id, reason string
}

var latticeTGRE = regexp.MustCompile(`tg-[0-9a-f]+`)
var latticeOwnerRE = regexp.MustCompile(`(sn|svc)-[0-9a-f]+`)

// latticeKind returns the kind of a VPC Lattice resource from its ID.
func latticeKind(id string) string {
	for _, p := range []string{"snva-", "snsa-", "snra-", "sn-", "svc-", "tg-", "rgw-", "rcfg-", "listener-", "rule-"} {
		if strings.HasPrefix(id, p) {
			return strings.TrimSuffix(p, "-")
		}
	}
	return ""
}

// latticeList reads a VPC Lattice list-* output, recognized by the IDs of
// its items; list-targets, whose items are targets, names its target group
// by a targetGroupIdentifier key beside it or a tg- ID in the file name.
func latticeList(f *fileCtx) error {
	var probe []map[string]json.RawMessage
	raw, _ := f.value("items")
	if err := json.Unmarshal(raw, &probe); err != nil {
		return fmt.Errorf("items: want an array of objects: %v", err)
	}
	if len(probe) == 0 {
		return nil
	}
	var id string
	_ = json.Unmarshal(probe[0]["id"], &id)
	lr := &f.b.raw.lattice
	part := func(kind, id, reason string) {
		lr.partial = append(lr.partial, rec[partialSummary]{partialSummary{kind, id, reason}, f.src, false})
	}
	switch latticeKind(id) {
	case "sn":
		var o vl.ListServiceNetworksOutput
		if err := decodeJSON(f.data, &o); err != nil {
			return err
		}
		for _, s := range o.Items {
			lr.networks = append(lr.networks, rec[vl.GetServiceNetworkOutput]{vl.GetServiceNetworkOutput{Arn: s.Arn, Id: s.Id, Name: s.Name}, f.src, true})
			part("service-network", str(s.Id), "list-service-networks does not print the auth type or sharing: add get-service-network output")
		}
	case "svc":
		var o vl.ListServicesOutput
		if err := decodeJSON(f.data, &o); err != nil {
			return err
		}
		for _, s := range o.Items {
			lr.services = append(lr.services, rec[vl.GetServiceOutput]{vl.GetServiceOutput{Arn: s.Arn, Id: s.Id, Name: s.Name,
				CustomDomainName: s.CustomDomainName, DnsEntry: s.DnsEntry, Status: s.Status}, f.src, true})
			part("service", str(s.Id), "list-services does not print the auth type or certificate: add get-service output")
		}
	case "tg":
		var o vl.ListTargetGroupsOutput
		if err := decodeJSON(f.data, &o); err != nil {
			return err
		}
		for _, s := range o.Items {
			lr.tgs = append(lr.tgs, rec[vl.GetTargetGroupOutput]{vl.GetTargetGroupOutput{Arn: s.Arn, Id: s.Id, Name: s.Name, Type: s.Type,
				Status: s.Status, ServiceArns: s.ServiceArns, Config: &vlt.TargetGroupConfig{Port: s.Port, Protocol: s.Protocol,
					IpAddressType: s.IpAddressType, LambdaEventStructureVersion: s.LambdaEventStructureVersion, VpcIdentifier: s.VpcIdentifier}}, f.src, true})
			part("target-group", str(s.Id), "list-target-groups does not print the health check or protocol version: add get-target-group output")
		}
	case "snva":
		var o vl.ListServiceNetworkVpcAssociationsOutput
		if err := decodeJSON(f.data, &o); err != nil {
			return err
		}
		for _, s := range o.Items {
			lr.vpcAssocs = append(lr.vpcAssocs, rec[vl.GetServiceNetworkVpcAssociationOutput]{vl.GetServiceNetworkVpcAssociationOutput{
				Arn: s.Arn, Id: s.Id, ServiceNetworkId: s.ServiceNetworkId, ServiceNetworkArn: s.ServiceNetworkArn, VpcId: s.VpcId,
				Status: s.Status, PrivateDnsEnabled: s.PrivateDnsEnabled, DnsOptions: s.DnsOptions}, f.src, true})
			part("service-network-vpc-association", str(s.Id), "list-service-network-vpc-associations does not print the security groups: add get-service-network-vpc-association output")
		}
	case "snsa":
		var o vl.ListServiceNetworkServiceAssociationsOutput
		if err := decodeJSON(f.data, &o); err != nil {
			return err
		}
		for _, s := range o.Items {
			lr.svcAssocs = append(lr.svcAssocs, rec[vl.GetServiceNetworkServiceAssociationOutput]{vl.GetServiceNetworkServiceAssociationOutput{
				Arn: s.Arn, Id: s.Id, ServiceNetworkId: s.ServiceNetworkId, ServiceId: s.ServiceId, Status: s.Status}, f.src, true})
		}
	case "snra":
		var o vl.ListServiceNetworkResourceAssociationsOutput
		if err := decodeJSON(f.data, &o); err != nil {
			return err
		}
		for _, s := range o.Items {
			lr.resAssocs = append(lr.resAssocs, rec[vl.GetServiceNetworkResourceAssociationOutput]{vl.GetServiceNetworkResourceAssociationOutput{
				Arn: s.Arn, Id: s.Id, ServiceNetworkId: s.ServiceNetworkId, ResourceConfigurationId: s.ResourceConfigurationId,
				Status: s.Status, PrivateDnsEnabled: s.PrivateDnsEnabled}, f.src, true})
		}
	case "rgw":
		var o vl.ListResourceGatewaysOutput
		if err := decodeJSON(f.data, &o); err != nil {
			return err
		}
		for _, s := range o.Items {
			lr.gateways = append(lr.gateways, rec[vl.GetResourceGatewayOutput]{vl.GetResourceGatewayOutput{Arn: s.Arn, Id: s.Id, Name: s.Name,
				VpcId: s.VpcIdentifier, SubnetIds: s.SubnetIds, SecurityGroupIds: s.SecurityGroupIds, IpAddressType: s.IpAddressType,
				Ipv4AddressesPerEni: s.Ipv4AddressesPerEni, ResourceConfigDnsResolution: s.ResourceConfigDnsResolution, Status: s.Status}, f.src, true})
		}
	case "rcfg":
		var o vl.ListResourceConfigurationsOutput
		if err := decodeJSON(f.data, &o); err != nil {
			return err
		}
		for _, s := range o.Items {
			part("resource-configuration", str(s.Id), "list-resource-configurations does not print the resource or its ports: add get-resource-configuration output")
		}
	case "listener":
		var o vl.ListListenersOutput
		if err := decodeJSON(f.data, &o); err != nil {
			return err
		}
		for _, s := range o.Items {
			part("lattice-listener", str(s.Id), "list-listeners does not print the default action: add get-listener output")
		}
	case "rule":
		var o vl.ListRulesOutput
		if err := decodeJSON(f.data, &o); err != nil {
			return err
		}
		for _, s := range o.Items {
			if !boolv(s.IsDefault) {
				part("lattice-rule", str(s.Id), "list-rules does not print the match or action: add get-rule output")
			}
		}
	default:
		owner, err := f.owner("vpc-lattice list-targets", "targetGroupIdentifier", latticeTGRE)
		if err != nil {
			return err
		}
		var o vl.ListTargetsOutput
		if err := decodeJSON(f.data, &o); err != nil {
			return err
		}
		lr.targets = append(lr.targets, rec[owned[vlt.TargetSummary]]{owned[vlt.TargetSummary]{arnID(owner), o.Items}, f.src, false})
	}
	return nil
}

// latticeGet reads a VPC Lattice get-* output (a top-level id), or
// get-auth-policy output (a top-level policy).
func (f *fileCtx) latticeGet() (bool, error) {
	lr := &f.b.raw.lattice
	if f.has("policy") {
		if !f.has("id") {
			owner, err := f.owner("vpc-lattice get-auth-policy", "resourceIdentifier", latticeOwnerRE)
			if err != nil {
				return false, err
			}
			var o vl.GetAuthPolicyOutput
			if err := decodeJSON(f.data, &o); err != nil {
				return false, err
			}
			lr.policies = append(lr.policies, rec[owned[vl.GetAuthPolicyOutput]]{owned[vl.GetAuthPolicyOutput]{arnID(owner), []vl.GetAuthPolicyOutput{o}}, f.src, false})
			return true, nil
		}
	}
	raw, ok := f.value("id")
	if !ok {
		return false, nil
	}
	var id string
	if err := json.Unmarshal(raw, &id); err != nil {
		return false, nil
	}
	var err error
	switch latticeKind(id) {
	case "sn":
		err = getInto(f, &lr.networks)
	case "svc":
		err = getInto(f, &lr.services)
	case "listener":
		err = getInto(f, &lr.listeners)
	case "rule":
		err = getInto(f, &lr.rules)
	case "tg":
		err = getInto(f, &lr.tgs)
	case "snva":
		err = getInto(f, &lr.vpcAssocs)
	case "snsa":
		err = getInto(f, &lr.svcAssocs)
	case "snra":
		err = getInto(f, &lr.resAssocs)
	case "rgw":
		err = getInto(f, &lr.gateways)
	case "rcfg":
		err = getInto(f, &lr.configs)
	default:
		return false, nil
	}
	return err == nil, err
}

func getInto[O any](f *fileCtx, dst *[]rec[O]) error {
	var o O
	if err := decodeJSON(f.data, &o); err != nil {
		return err
	}
	*dst = append(*dst, rec[O]{v: o, src: f.src})
	return nil
}

// mapLattice maps the VPC Lattice outputs.
func (b *builder) mapLattice() {
	lr := &b.raw.lattice
	L := &b.decls
	gets := map[string]bool{}
	policies := map[string]json.RawMessage{}
	for _, r := range byFile(lr.policies) {
		for _, p := range r.v.items {
			if s := str(p.Policy); s != "" && json.Valid([]byte(s)) {
				policies[r.v.owner] = json.RawMessage(s)
			}
		}
	}
	// Get outputs were put first; summaries of the same ID follow and are
	// dropped by dedupe, without a report when identical in what they say.

	for _, r := range dedupeQuiet(lr.networks, func(o *vl.GetServiceNetworkOutput) string { return str(o.Id) }) {
		o := r.v
		id := str(o.Id)
		out := lattice.ServiceNetwork{ID: id, Name: str(o.Name), Account: accountOf("", str(o.Arn), r.src), Region: regionOf(str(o.Arn), r.src),
			AuthType: lattice.AuthType(o.AuthType), AuthPolicy: policies[id]}
		if o.AuthType != "" || o.SharingConfig != nil {
			gets["full service-network "+id] = true
		}
		if o.SharingConfig != nil && o.SharingConfig.Enabled != nil {
			out.SharingDisabled = !*o.SharingConfig.Enabled
		}
		L.ServiceNetworks = append(L.ServiceNetworks, out)
	}

	listeners := map[string][]lattice.Listener{}
	rules := map[string][]lattice.Rule{}
	for _, r := range dedupeQuiet(lr.rules, func(o *vl.GetRuleOutput) string { return str(o.Id) }) {
		o := r.v
		id := str(o.Id)
		gets["lattice-rule "+id] = true
		if boolv(o.IsDefault) {
			continue // the listener's default action, read from get-listener
		}
		rule := lattice.Rule{ID: id, Name: str(o.Name), Action: b.latticeAction(id, o.Action, r.src)}
		if o.Priority != nil {
			rule.Priority = int(*o.Priority)
		}
		if m, ok := o.Match.(*vlt.RuleMatchMemberHttpMatch); ok {
			hm := m.Value
			rule.Match.Method = str(hm.Method)
			if pm := hm.PathMatch; pm != nil {
				p := &lattice.PathMatch{CaseSensitive: boolv(pm.CaseSensitive)}
				switch v := pm.Match.(type) {
				case *vlt.PathMatchTypeMemberExact:
					p.Exact = v.Value
				case *vlt.PathMatchTypeMemberPrefix:
					p.Prefix = v.Value
				}
				rule.Match.PathMatch = p
			}
			for _, h := range hm.HeaderMatches {
				x := lattice.HeaderMatch{Name: str(h.Name), CaseSensitive: boolv(h.CaseSensitive)}
				switch v := h.Match.(type) {
				case *vlt.HeaderMatchTypeMemberExact:
					x.Exact = v.Value
				case *vlt.HeaderMatchTypeMemberPrefix:
					x.Prefix = v.Value
				case *vlt.HeaderMatchTypeMemberContains:
					x.Contains = v.Value
				}
				rule.Match.HeaderMatches = append(rule.Match.HeaderMatches, x)
			}
		}
		l := latticeParent(str(o.Arn), "listener")
		rules[l] = append(rules[l], rule)
	}
	for _, r := range dedupeQuiet(lr.listeners, func(o *vl.GetListenerOutput) string { return str(o.Id) }) {
		o := r.v
		id := str(o.Id)
		gets["lattice-listener "+id] = true
		l := lattice.Listener{ID: id, Name: str(o.Name), Protocol: lattice.ListenerProtocol(o.Protocol),
			DefaultAction: b.latticeAction(id, o.DefaultAction, r.src), Rules: rules[id]}
		if o.Port != nil {
			l.Port = uint16(*o.Port)
		}
		svc := cmpOr(str(o.ServiceId), latticeParent(str(o.Arn), "service"))
		listeners[svc] = append(listeners[svc], l)
	}
	for _, r := range dedupeQuiet(lr.services, func(o *vl.GetServiceOutput) string { return str(o.Id) }) {
		o := r.v
		id := str(o.Id)
		if o.AuthType != "" {
			gets["full service "+id] = true
		}
		out := lattice.Service{ID: id, Name: str(o.Name), Account: accountOf("", str(o.Arn), r.src), Region: regionOf(str(o.Arn), r.src),
			AuthType: lattice.AuthType(o.AuthType), AuthPolicy: policies[id], CustomDomainName: str(o.CustomDomainName),
			CertificateARN: str(o.CertificateArn), Listeners: listeners[id]}
		if d := o.DnsEntry; d != nil {
			out.DNSName = str(d.DomainName)
		}
		L.LatticeServices = append(L.LatticeServices, out)
	}

	targets := map[string][]lattice.Target{}
	for _, r := range byFile(lr.targets) {
		if _, ok := targets[r.v.owner]; ok {
			continue
		}
		ts := []lattice.Target{}
		for _, t := range r.v.items {
			x := lattice.Target{Health: lattice.TargetHealth(t.Status)}
			if x.Health == lattice.HealthHealthy {
				x.Health = ""
			}
			if ip, err := netip.ParseAddr(str(t.Id)); err == nil {
				x.IP = ip
			} else {
				x.ID = str(t.Id)
			}
			if t.Port != nil {
				x.Port = uint16(*t.Port)
			}
			ts = append(ts, x)
		}
		targets[r.v.owner] = ts
	}
	for _, r := range dedupeQuiet(lr.tgs, func(o *vl.GetTargetGroupOutput) string { return str(o.Id) }) {
		o := r.v
		id := str(o.Id)
		out := lattice.TargetGroup{ID: id, Name: str(o.Name), Account: accountOf("", str(o.Arn), r.src), Type: lattice.TargetType(o.Type),
			Targets: targets[id]}
		if c := o.Config; c != nil {
			out.Protocol = lattice.TargetGroupProtocol(c.Protocol)
			out.ProtocolVersion = lattice.ProtocolVersion(c.ProtocolVersion)
			if out.Type == lattice.TargetIP { // AWS prints it for other types too; only IP groups take it
				out.IPAddressType = lattice.IPAddressType(c.IpAddressType)
			}
			out.VPC = str(c.VpcIdentifier)
			out.LambdaEventVersion = lattice.LambdaEventVersion(c.LambdaEventStructureVersion)
			if c.Port != nil {
				out.Port = uint16(*c.Port)
			}
			if h := c.HealthCheck; h != nil {
				gets["full target-group "+id] = true
				hc := &lattice.HealthCheck{Enabled: h.Enabled, Protocol: lattice.TargetGroupProtocol(h.Protocol),
					ProtocolVersion: lattice.ProtocolVersion(h.ProtocolVersion), Path: str(h.Path)}
				if h.Port != nil {
					hc.Port = uint16(*h.Port)
				}
				for _, f := range []struct {
					dst *int
					v   *int32
				}{{&hc.IntervalSeconds, h.HealthCheckIntervalSeconds}, {&hc.TimeoutSeconds, h.HealthCheckTimeoutSeconds},
					{&hc.HealthyThreshold, h.HealthyThresholdCount}, {&hc.UnhealthyThreshold, h.UnhealthyThresholdCount}} {
					if f.v != nil {
						*f.dst = int(*f.v)
					}
				}
				if m, ok := h.Matcher.(*vlt.MatcherMemberHttpCode); ok {
					hc.Matcher = m.Value
				}
				out.HealthCheck = hc
			}
		}
		if _, ok := targets[id]; !ok && len(o.ServiceArns) > 0 {
			b.skip("lattice-target-group-targets", id, r.src, "targets unknown: add the output of aws vpc-lattice list-targets --target-group-identifier %s as %s.json", id, id)
		}
		L.LatticeTargetGroups = append(L.LatticeTargetGroups, out)
	}

	for _, r := range dedupeQuiet(lr.vpcAssocs, func(o *vl.GetServiceNetworkVpcAssociationOutput) string { return str(o.Id) }) {
		o := r.v
		id := str(o.Id)
		if o.SecurityGroupIds != nil || o.CreatedBy != nil {
			gets["full service-network-vpc-association "+id] = true
		}
		out := lattice.ServiceNetworkVPCAssociation{ID: id, ServiceNetwork: cmpOr(str(o.ServiceNetworkId), arnID(str(o.ServiceNetworkArn))),
			VPC: str(o.VpcId), SecurityGroups: slices.Clone(o.SecurityGroupIds), PrivateDNSEnabled: o.PrivateDnsEnabled,
			Status: latticeStatus(string(o.Status))}
		if d := o.DnsOptions; d != nil {
			out.DNSOptions = &lattice.DNSOptions{PrivateDNSPreference: lattice.PrivateDNSPreference(d.PrivateDnsPreference),
				SpecifiedDomains: slices.Clone(d.PrivateDnsSpecifiedDomains)}
		}
		L.ServiceNetworkVPCAssociations = append(L.ServiceNetworkVPCAssociations, out)
	}
	for _, r := range dedupeQuiet(lr.svcAssocs, func(o *vl.GetServiceNetworkServiceAssociationOutput) string { return str(o.Id) }) {
		o := r.v
		L.ServiceNetworkServiceAssociations = append(L.ServiceNetworkServiceAssociations, lattice.ServiceNetworkServiceAssociation{ID: str(o.Id),
			ServiceNetwork: cmpOr(str(o.ServiceNetworkId), arnID(str(o.ServiceNetworkArn))),
			Service:        cmpOr(str(o.ServiceId), arnID(str(o.ServiceArn))), Status: latticeStatus(string(o.Status))})
	}
	for _, r := range dedupeQuiet(lr.resAssocs, func(o *vl.GetServiceNetworkResourceAssociationOutput) string { return str(o.Id) }) {
		o := r.v
		L.ServiceNetworkResourceAssociations = append(L.ServiceNetworkResourceAssociations, lattice.ServiceNetworkResourceAssociation{ID: str(o.Id),
			ServiceNetwork:        cmpOr(str(o.ServiceNetworkId), arnID(str(o.ServiceNetworkArn))),
			ResourceConfiguration: cmpOr(str(o.ResourceConfigurationId), arnID(str(o.ResourceConfigurationArn))),
			PrivateDNSEnabled:     o.PrivateDnsEnabled, Status: latticeStatus(string(o.Status))})
	}
	for _, r := range dedupeQuiet(lr.gateways, func(o *vl.GetResourceGatewayOutput) string { return str(o.Id) }) {
		o := r.v
		out := lattice.ResourceGateway{ID: str(o.Id), Name: str(o.Name), Account: accountOf("", str(o.Arn), r.src), VPC: str(o.VpcId),
			Subnets: slices.Clone(o.SubnetIds), SecurityGroups: slices.Clone(o.SecurityGroupIds),
			IPAddressType: lattice.GatewayIPAddressType(o.IpAddressType), ResolveInVPC: string(o.ResourceConfigDnsResolution) == "IN_VPC"}
		if o.Ipv4AddressesPerEni != nil {
			out.IPv4AddressesPerENI = int(*o.Ipv4AddressesPerEni)
		}
		L.ResourceGateways = append(L.ResourceGateways, out)
	}
	for _, r := range dedupeQuiet(lr.configs, func(o *vl.GetResourceConfigurationOutput) string { return str(o.Id) }) {
		o := r.v
		id := str(o.Id)
		gets["resource-configuration "+id] = true
		out := lattice.ResourceConfiguration{ID: id, Name: str(o.Name), Account: accountOf("", str(o.Arn), r.src),
			Type: lattice.ResourceConfigurationType(o.Type), ResourceGateway: str(o.ResourceGatewayId), Group: str(o.ResourceConfigurationGroupId),
			Protocol: lattice.ResourceProtocol(o.Protocol), AllowShareableServiceNetworks: boolv(o.AllowAssociationToShareableServiceNetwork),
			CustomDomainName: str(o.CustomDomainName), DomainVerified: string(o.DomainVerificationStatus) == "VERIFIED", GroupDomain: str(o.GroupDomain)}
		if len(o.PortRanges) > 0 {
			pr, err := lattice.ParsePortRanges(o.PortRanges...)
			if err != nil {
				b.skip("resource-configuration", id, r.src, "%v", err)
				continue
			}
			out.PortRanges = pr
		}
		switch d := o.ResourceConfigurationDefinition.(type) {
		case *vlt.ResourceConfigurationDefinitionMemberIpResource:
			if ip, err := netip.ParseAddr(str(d.Value.IpAddress)); err == nil {
				out.Definition.IP = ip
			}
		case *vlt.ResourceConfigurationDefinitionMemberDnsResource:
			out.Definition.DomainName = str(d.Value.DomainName)
			out.Definition.DomainIPAddressType = lattice.IPAddressType(d.Value.IpAddressType)
		case *vlt.ResourceConfigurationDefinitionMemberArnResource:
			out.Definition.ARN = str(d.Value.Arn)
		}
		L.ResourceConfigurations = append(L.ResourceConfigurations, out)
	}

	for _, r := range lr.partial {
		p := r.v
		switch p.kind {
		case "service-network", "service", "target-group", "service-network-vpc-association":
			if gets["full "+p.kind+" "+p.id] {
				continue
			}
		default:
			if gets[p.kind+" "+p.id] {
				continue
			}
		}
		b.skip(p.kind, p.id, r.src, "%s", p.reason)
	}
}

// dedupeQuiet keeps the first record of each ID: for VPC Lattice a get
// output and a list summary of the same resource differ by design.
func dedupeQuiet[T any](recs []rec[T], id func(*T) string) []rec[T] {
	seen := map[string]bool{}
	var out []rec[T]
	for _, r := range byFile(recs) {
		k := id(&r.v)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, r)
	}
	return out
}

// latticeStatus maps an association status, leaving the zero value for
// ACTIVE.
func latticeStatus(s string) lattice.AssociationStatus {
	if s == string(lattice.AssociationActive) {
		return ""
	}
	return lattice.AssociationStatus(s)
}

// latticeParent returns the ID after "<kind>/" in a Lattice ARN
// (arn:...:service/svc-1/listener/listener-2, "service" -> "svc-1").
func latticeParent(arnStr, kind string) string {
	a, ok := parseARN(arnStr)
	if !ok {
		return ""
	}
	parts := strings.Split(a.resource, "/")
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] == kind {
			return parts[i+1]
		}
	}
	return ""
}

// latticeAction maps a rule action union.
func (b *builder) latticeAction(owner string, a vlt.RuleAction, s *src) lattice.Action {
	switch v := a.(type) {
	case *vlt.RuleActionMemberForward:
		f := &lattice.ForwardAction{}
		for _, tg := range v.Value.TargetGroups {
			w := lattice.WeightedTargetGroup{TargetGroup: arnID(str(tg.TargetGroupIdentifier))}
			if tg.Weight != nil {
				w.Weight = ptr(int(*tg.Weight))
			}
			f.TargetGroups = append(f.TargetGroups, w)
		}
		return lattice.Action{Forward: f}
	case *vlt.RuleActionMemberFixedResponse:
		fr := &lattice.FixedResponseAction{}
		if v.Value.StatusCode != nil {
			fr.StatusCode = int(*v.Value.StatusCode)
		}
		return lattice.Action{FixedResponse: fr}
	case nil:
		b.skip("lattice-action", owner, s, "no action")
	default:
		b.skip("lattice-action", owner, s, "action %T is not modelled", a)
	}
	return lattice.Action{}
}

// sortDecls sorts what Place does not: the rules of load balancer
// listeners by priority, the listeners of Lattice services by ID and
// their rules by priority; endpoint connections listed twice are kept
// once.
func (b *builder) sortDecls() {
	n := b.net
	n.EndpointConnections = slices.Compact(n.EndpointConnections)
	for i := range n.Listeners {
		slices.SortStableFunc(n.Listeners[i].Rules, func(x, y elb.Rule) int { return x.Priority - y.Priority })
	}
	for i := range n.LatticeServices {
		s := &n.LatticeServices[i]
		slices.SortFunc(s.Listeners, func(x, y lattice.Listener) int { return strings.Compare(x.ID, y.ID) })
		for j := range s.Listeners {
			slices.SortStableFunc(s.Listeners[j].Rules, func(x, y lattice.Rule) int { return x.Priority - y.Priority })
		}
	}
}

func cmpStrings(pairs ...string) int {
	for i := 0; i+1 < len(pairs); i += 2 {
		if c := strings.Compare(pairs[i], pairs[i+1]); c != 0 {
			return c
		}
	}
	return 0
}
