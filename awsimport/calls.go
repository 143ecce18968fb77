package awsimport

import (
	"encoding/json"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2t "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbt "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// rec is one resource as decoded, with where it came from.
type rec[T any] struct {
	v   T
	src *src
	// summary marks a VPC Lattice list summary, which a get output of the
	// same resource replaces.
	summary bool
}

// byFile orders records by file (stably, so that a file's own order is
// kept), get outputs before summaries: the first record of an ID is then
// the same whatever order the paths were given in.
func byFile[T any](recs []rec[T]) []rec[T] {
	out := slices.Clone(recs)
	slices.SortStableFunc(out, func(x, y rec[T]) int {
		if x.summary != y.summary {
			if x.summary {
				return 1
			}
			return -1
		}
		return strings.Compare(x.src.file, y.src.file)
	})
	return out
}

// owned is the output of a call that does not name the resource it is
// about (search-transit-gateway-routes, describe-target-health, ...),
// with that resource's ID as the file told it.
type owned[T any] struct {
	owner string
	items []T
}

// raw holds every decoded resource, in file order.
type raw struct {
	vpcs        []rec[ec2t.Vpc]
	vpcAttrs    []rec[ec2.DescribeVpcAttributeOutput]
	subnets     []rec[ec2t.Subnet]
	routeTables []rec[ec2t.RouteTable]
	sgs         []rec[ec2t.SecurityGroup]
	acls        []rec[ec2t.NetworkAcl]
	enis        []rec[ec2t.NetworkInterface]
	instances   []rec[ec2t.Instance]
	igws        []rec[ec2t.InternetGateway]
	eigws       []rec[ec2t.EgressOnlyInternetGateway]
	nats        []rec[ec2t.NatGateway]
	addresses   []rec[ec2t.Address]
	peerings    []rec[ec2t.VpcPeeringConnection]
	tgws        []rec[ec2t.TransitGateway]
	tgwAtts     []rec[ec2t.TransitGatewayAttachment]
	tgwVPCAtts  []rec[ec2t.TransitGatewayVpcAttachment]
	tgwRTs      []rec[ec2t.TransitGatewayRouteTable]
	tgwRoutes   []rec[owned[ec2t.TransitGatewayRoute]]
	tgwAssocs   []rec[owned[ec2t.TransitGatewayRouteTableAssociation]]
	tgwProps    []rec[owned[ec2t.TransitGatewayRouteTablePropagation]]
	managedPLs  []rec[ec2t.ManagedPrefixList]
	servicePLs  []rec[ec2t.PrefixList]
	plEntries   []rec[owned[ec2t.PrefixListEntry]]
	vpces       []rec[ec2t.VpcEndpoint]
	svcConfigs  []rec[ec2t.ServiceConfiguration]
	svcDetails  []rec[ec2t.ServiceDetail]
	connections []rec[ec2t.VpcEndpointConnection]
	principals  []rec[ec2t.AllowedPrincipal]

	lbs       []rec[elbt.LoadBalancer]
	listeners []rec[elbt.Listener]
	rules     []rec[elbt.Rule]
	tgs       []rec[elbt.TargetGroup]
	health    []rec[owned[elbt.TargetHealthDescription]]
	attrs     []rec[elbAttrs]

	lattice latticeRaw
	hy      hybridRaw
}

// elbAttrs are describe-load-balancer-attributes or
// describe-target-group-attributes output, which share their shape.
type elbAttrs struct {
	owner string
	attrs []elbt.TargetGroupAttribute
}

// fileCtx is one file being read.
type fileCtx struct {
	b    *builder
	data []byte
	src  *src
	keys []string                   // top-level member names, sorted
	top  map[string]json.RawMessage // decoded on first use by value
}

// has reports whether the top-level object has member k.
func (f *fileCtx) has(k string) bool {
	_, ok := slices.BinarySearch(f.keys, k)
	return ok
}

// value returns the raw value of top-level member k.
func (f *fileCtx) value(k string) (json.RawMessage, bool) {
	if !f.has(k) {
		return nil, false
	}
	if f.top == nil {
		if err := json.Unmarshal(f.data, &f.top); err != nil {
			return nil, false
		}
	}
	v, ok := f.top[k]
	return v, ok
}

// calls maps each top-level key to the reader of the call that prints it.
var calls map[string]func(*fileCtx) error

// ignoredKeys are top-level keys of pagination and SDK metadata.
var ignoredKeys = map[string]bool{
	"NextToken": true, "nextToken": true, "ResponseMetadata": true, "ResultMetadata": true,
	"AdditionalRoutesAvailable": true, "ServiceNames": true, "NextMarker": true, "Marker": true,
}

// ownerKeys are the request parameters a collector may add beside the
// output of a call whose output does not name what it is about.
var ownerKeys = map[string]bool{
	"TransitGatewayRouteTableId": true, "PrefixListId": true, "TargetGroupArn": true,
	"LoadBalancerArn": true, "targetGroupIdentifier": true, "resourceIdentifier": true,
}

func init() {
	calls = map[string]func(*fileCtx) error{
		"Vpcs":              list(func(o *ec2.DescribeVpcsOutput) []ec2t.Vpc { return o.Vpcs }, func(r *raw) *[]rec[ec2t.Vpc] { return &r.vpcs }),
		"Subnets":           list(func(o *ec2.DescribeSubnetsOutput) []ec2t.Subnet { return o.Subnets }, func(r *raw) *[]rec[ec2t.Subnet] { return &r.subnets }),
		"RouteTables":       list(func(o *ec2.DescribeRouteTablesOutput) []ec2t.RouteTable { return o.RouteTables }, func(r *raw) *[]rec[ec2t.RouteTable] { return &r.routeTables }),
		"SecurityGroups":    list(func(o *ec2.DescribeSecurityGroupsOutput) []ec2t.SecurityGroup { return o.SecurityGroups }, func(r *raw) *[]rec[ec2t.SecurityGroup] { return &r.sgs }),
		"NetworkAcls":       list(func(o *ec2.DescribeNetworkAclsOutput) []ec2t.NetworkAcl { return o.NetworkAcls }, func(r *raw) *[]rec[ec2t.NetworkAcl] { return &r.acls }),
		"NetworkInterfaces": list(func(o *ec2.DescribeNetworkInterfacesOutput) []ec2t.NetworkInterface { return o.NetworkInterfaces }, func(r *raw) *[]rec[ec2t.NetworkInterface] { return &r.enis }),
		"Reservations":      list(instances, func(r *raw) *[]rec[ec2t.Instance] { return &r.instances }),
		"InternetGateways":  list(func(o *ec2.DescribeInternetGatewaysOutput) []ec2t.InternetGateway { return o.InternetGateways }, func(r *raw) *[]rec[ec2t.InternetGateway] { return &r.igws }),
		"EgressOnlyInternetGateways": list(func(o *ec2.DescribeEgressOnlyInternetGatewaysOutput) []ec2t.EgressOnlyInternetGateway {
			return o.EgressOnlyInternetGateways
		}, func(r *raw) *[]rec[ec2t.EgressOnlyInternetGateway] { return &r.eigws }),
		"NatGateways": list(func(o *ec2.DescribeNatGatewaysOutput) []ec2t.NatGateway { return o.NatGateways }, func(r *raw) *[]rec[ec2t.NatGateway] { return &r.nats }),
		"Addresses":   list(func(o *ec2.DescribeAddressesOutput) []ec2t.Address { return o.Addresses }, func(r *raw) *[]rec[ec2t.Address] { return &r.addresses }),
		"VpcPeeringConnections": list(func(o *ec2.DescribeVpcPeeringConnectionsOutput) []ec2t.VpcPeeringConnection {
			return o.VpcPeeringConnections
		}, func(r *raw) *[]rec[ec2t.VpcPeeringConnection] { return &r.peerings }),
		"TransitGateways": list(func(o *ec2.DescribeTransitGatewaysOutput) []ec2t.TransitGateway { return o.TransitGateways }, func(r *raw) *[]rec[ec2t.TransitGateway] { return &r.tgws }),
		"TransitGatewayAttachments": list(func(o *ec2.DescribeTransitGatewayAttachmentsOutput) []ec2t.TransitGatewayAttachment {
			return o.TransitGatewayAttachments
		}, func(r *raw) *[]rec[ec2t.TransitGatewayAttachment] { return &r.tgwAtts }),
		"TransitGatewayVpcAttachments": list(func(o *ec2.DescribeTransitGatewayVpcAttachmentsOutput) []ec2t.TransitGatewayVpcAttachment {
			return o.TransitGatewayVpcAttachments
		}, func(r *raw) *[]rec[ec2t.TransitGatewayVpcAttachment] { return &r.tgwVPCAtts }),
		"TransitGatewayRouteTables": list(func(o *ec2.DescribeTransitGatewayRouteTablesOutput) []ec2t.TransitGatewayRouteTable {
			return o.TransitGatewayRouteTables
		}, func(r *raw) *[]rec[ec2t.TransitGatewayRouteTable] { return &r.tgwRTs }),
		"Routes": ownedList("ec2 search-transit-gateway-routes", "TransitGatewayRouteTableId", tgwRTBRE,
			func(o *ec2.SearchTransitGatewayRoutesOutput) []ec2t.TransitGatewayRoute { return o.Routes },
			func(r *raw) *[]rec[owned[ec2t.TransitGatewayRoute]] { return &r.tgwRoutes }),
		"Associations": ownedList("ec2 get-transit-gateway-route-table-associations", "TransitGatewayRouteTableId", tgwRTBRE,
			func(o *ec2.GetTransitGatewayRouteTableAssociationsOutput) []ec2t.TransitGatewayRouteTableAssociation {
				return o.Associations
			}, func(r *raw) *[]rec[owned[ec2t.TransitGatewayRouteTableAssociation]] { return &r.tgwAssocs }),
		"TransitGatewayRouteTablePropagations": ownedList("ec2 get-transit-gateway-route-table-propagations", "TransitGatewayRouteTableId", tgwRTBRE,
			func(o *ec2.GetTransitGatewayRouteTablePropagationsOutput) []ec2t.TransitGatewayRouteTablePropagation {
				return o.TransitGatewayRouteTablePropagations
			}, func(r *raw) *[]rec[owned[ec2t.TransitGatewayRouteTablePropagation]] { return &r.tgwProps }),
		"PrefixLists": prefixLists,
		"Entries": ownedList("ec2 get-managed-prefix-list-entries", "PrefixListId", plRE,
			func(o *ec2.GetManagedPrefixListEntriesOutput) []ec2t.PrefixListEntry { return o.Entries },
			func(r *raw) *[]rec[owned[ec2t.PrefixListEntry]] { return &r.plEntries }),
		"VpcEndpoints": list(func(o *ec2.DescribeVpcEndpointsOutput) []ec2t.VpcEndpoint { return o.VpcEndpoints }, func(r *raw) *[]rec[ec2t.VpcEndpoint] { return &r.vpces }),
		"ServiceConfigurations": list(func(o *ec2.DescribeVpcEndpointServiceConfigurationsOutput) []ec2t.ServiceConfiguration {
			return o.ServiceConfigurations
		}, func(r *raw) *[]rec[ec2t.ServiceConfiguration] { return &r.svcConfigs }),
		"ServiceDetails": list(func(o *ec2.DescribeVpcEndpointServicesOutput) []ec2t.ServiceDetail { return o.ServiceDetails }, func(r *raw) *[]rec[ec2t.ServiceDetail] { return &r.svcDetails }),
		"VpcEndpointConnections": list(func(o *ec2.DescribeVpcEndpointConnectionsOutput) []ec2t.VpcEndpointConnection {
			return o.VpcEndpointConnections
		}, func(r *raw) *[]rec[ec2t.VpcEndpointConnection] { return &r.connections }),
		"AllowedPrincipals": list(func(o *ec2.DescribeVpcEndpointServicePermissionsOutput) []ec2t.AllowedPrincipal {
			return o.AllowedPrincipals
		}, func(r *raw) *[]rec[ec2t.AllowedPrincipal] { return &r.principals }),

		"LoadBalancers":            list(func(o *elbv2.DescribeLoadBalancersOutput) []elbt.LoadBalancer { return o.LoadBalancers }, func(r *raw) *[]rec[elbt.LoadBalancer] { return &r.lbs }),
		"Listeners":                list(func(o *elbv2.DescribeListenersOutput) []elbt.Listener { return o.Listeners }, func(r *raw) *[]rec[elbt.Listener] { return &r.listeners }),
		"Rules":                    list(func(o *elbv2.DescribeRulesOutput) []elbt.Rule { return o.Rules }, func(r *raw) *[]rec[elbt.Rule] { return &r.rules }),
		"TargetGroups":             list(func(o *elbv2.DescribeTargetGroupsOutput) []elbt.TargetGroup { return o.TargetGroups }, func(r *raw) *[]rec[elbt.TargetGroup] { return &r.tgs }),
		"TargetHealthDescriptions": targetHealth,
		"Attributes":               elbAttributes,

		"items": latticeList,
	}
	maps.Copy(calls, hybridCalls)
}

var (
	tgwRTBRE = regexp.MustCompile(`tgw-rtb-[0-9a-f]+`)
	plRE     = regexp.MustCompile(`pl-[0-9a-f]+`)
)

// list returns the reader of a call whose output lists resources that name
// themselves.
func list[O any, T any](items func(*O) []T, dst func(*raw) *[]rec[T]) func(*fileCtx) error {
	return func(f *fileCtx) error {
		var o O
		if err := decodeJSON(f.data, &o); err != nil {
			return err
		}
		d := dst(&f.b.raw)
		for _, it := range items(&o) {
			*d = append(*d, rec[T]{it, f.src, false})
		}
		return nil
	}
}

// ownedList returns the reader of a call whose output does not name the
// resource it is about: the request parameter param beside the output, or
// an ID matching re in the file's name or its directory's, names it.
func ownedList[O any, T any](cmd, param string, re *regexp.Regexp, items func(*O) []T, dst func(*raw) *[]rec[owned[T]]) func(*fileCtx) error {
	return func(f *fileCtx) error {
		owner, err := f.owner(cmd, param, re)
		if err != nil {
			return err
		}
		var o O
		if err := decodeJSON(f.data, &o); err != nil {
			return err
		}
		d := dst(&f.b.raw)
		*d = append(*d, rec[owned[T]]{owned[T]{owner, items(&o)}, f.src, false})
		return nil
	}
}

// owner finds the ID of the resource a file's output is about: the
// request parameter param at the top level, else the last match of re in
// the file's base name, else in its directory's name.
func (f *fileCtx) owner(cmd, param string, re *regexp.Regexp) (string, error) {
	if raw, ok := f.value(param); ok {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil || s == "" {
			return "", fmt.Errorf("%s: want the ID as a string", param)
		}
		return s, nil
	}
	name := path.Base(strings.ReplaceAll(f.src.file, "\\", "/"))
	dir := path.Base(path.Dir(strings.ReplaceAll(f.src.file, "\\", "/")))
	for _, n := range []string{name, dir} {
		if m := re.FindAllString(n, -1); len(m) > 0 {
			return m[len(m)-1], nil
		}
	}
	return "", fmt.Errorf("%s output does not say which resource it is about: put the ID (%s) in the file name, e.g. %s.json, or add a top-level %q key holding it",
		cmd, exampleID(re), exampleID(re), param)
}

func exampleID(re *regexp.Regexp) string {
	switch re {
	case tgwRTBRE:
		return "tgw-rtb-0123456789abcdef0"
	case plRE:
		return "pl-0123456789abcdef0"
	case latticeTGRE:
		return "tg-0123456789abcdef0"
	}
	return re.String()
}

// instances flattens describe-instances output.
func instances(o *ec2.DescribeInstancesOutput) []ec2t.Instance {
	var out []ec2t.Instance
	for _, r := range o.Reservations {
		out = append(out, r.Instances...)
	}
	return out
}

// prefixLists reads describe-managed-prefix-lists output, or
// describe-prefix-lists output (AWS service prefix lists with their CIDRs),
// which prints the same top-level key.
func prefixLists(f *fileCtx) error {
	var probe struct{ PrefixLists []map[string]json.RawMessage }
	if err := json.Unmarshal(f.data, &probe); err == nil && len(probe.PrefixLists) > 0 {
		if _, ok := probe.PrefixLists[0]["Cidrs"]; ok {
			return list(func(o *ec2.DescribePrefixListsOutput) []ec2t.PrefixList { return o.PrefixLists },
				func(r *raw) *[]rec[ec2t.PrefixList] { return &r.servicePLs })(f)
		}
	}
	return list(func(o *ec2.DescribeManagedPrefixListsOutput) []ec2t.ManagedPrefixList { return o.PrefixLists },
		func(r *raw) *[]rec[ec2t.ManagedPrefixList] { return &r.managedPLs })(f)
}

// targetHealth reads describe-target-health output, whose target group is
// named by a TargetGroupArn key beside it or by the target group's name in
// the file name.
func targetHealth(f *fileCtx) error {
	owner := ""
	if raw, ok := f.value("TargetGroupArn"); ok {
		if err := json.Unmarshal(raw, &owner); err != nil || owner == "" {
			return fmt.Errorf("TargetGroupArn: want the target group ARN as a string")
		}
	}
	var o elbv2.DescribeTargetHealthOutput
	if err := decodeJSON(f.data, &o); err != nil {
		return err
	}
	f.b.raw.health = append(f.b.raw.health, rec[owned[elbt.TargetHealthDescription]]{owned[elbt.TargetHealthDescription]{owner, o.TargetHealthDescriptions}, f.src, false})
	return nil
}

// elbAttributes reads describe-load-balancer-attributes or
// describe-target-group-attributes output; a LoadBalancerArn or
// TargetGroupArn key beside it, or the name in the file name, says whose.
func elbAttributes(f *fileCtx) error {
	owner := ""
	for _, k := range []string{"TargetGroupArn", "LoadBalancerArn"} {
		if raw, ok := f.value(k); ok {
			if err := json.Unmarshal(raw, &owner); err != nil || owner == "" {
				return fmt.Errorf("%s: want an ARN as a string", k)
			}
		}
	}
	var o elbv2.DescribeTargetGroupAttributesOutput
	if err := decodeJSON(f.data, &o); err != nil {
		return err
	}
	f.b.raw.attrs = append(f.b.raw.attrs, rec[elbAttrs]{elbAttrs{owner, o.Attributes}, f.src, false})
	return nil
}

// shapes recognizes outputs that have no list key of their own:
// describe-vpc-attribute and the VPC Lattice get-* calls.
func (f *fileCtx) shapes() (bool, error) {
	if f.has("VpcId") {
		for _, k := range []string{"EnableDnsSupport", "EnableDnsHostnames", "EnableNetworkAddressUsageMetrics"} {
			if f.has(k) {
				var o ec2.DescribeVpcAttributeOutput
				if err := decodeJSON(f.data, &o); err != nil {
					return false, err
				}
				f.b.raw.vpcAttrs = append(f.b.raw.vpcAttrs, rec[ec2.DescribeVpcAttributeOutput]{o, f.src, false})
				return true, nil
			}
		}
	}
	return f.latticeGet()
}

// unmodelledCall describes a describe call vpcsim recognizes but does not
// model: the resource kind, the member naming each item and why.
type unmodelledCall struct {
	resource string
	idKey    string
	reason   string
}

var unmodelledCalls = map[string]unmodelledCall{
	"TransitGatewayConnects":   {"transit-gateway-connect", "TransitGatewayAttachmentId", "transit gateway Connect attachments are not modelled"},
	"CarrierGateways":          {"carrier-gateway", "CarrierGatewayId", "carrier gateways (Wavelength) are not modelled"},
	"LocalGatewayRouteTables":  {"local-gateway-route-table", "LocalGatewayRouteTableId", "Outposts local gateways are not modelled"},
	"DhcpOptions":              {"dhcp-options", "DhcpOptionsId", "DHCP options are not modelled (the Amazon DNS resolver is assumed)"},
	"FlowLogs":                 {"flow-log", "FlowLogId", "flow logs do not change reachability"},
	"AvailabilityZones":        {"availability-zone", "ZoneName", "zones are read from the subnets (AvailabilityZone, AvailabilityZoneId)"},
	"SecurityGroupRules":       {"security-group-rule", "SecurityGroupRuleId", "rules are read from describe-security-groups (IpPermissions), which holds the same rules"},
	"LoadBalancerDescriptions": {"classic-load-balancer", "LoadBalancerName", "Classic Load Balancers are not modelled (their interfaces are kept as interfaces)"},
	"DBInstances":              {"db-instance", "DBInstanceIdentifier", "RDS is modelled through its network interfaces only (describe-network-interfaces)"},
	"DomainStatusList":         {"opensearch-domain", "DomainId", "OpenSearch is modelled through its network interfaces only (describe-network-interfaces)"},
}

// unmodelled reports each item of an unmodelled call.
func (f *fileCtx) unmodelled(key string) {
	c := unmodelledCalls[key]
	var items []map[string]json.RawMessage
	raw, _ := f.value(key)
	if err := json.Unmarshal(raw, &items); err != nil || len(items) == 0 {
		f.b.skip(c.resource, "", f.src, "%s", c.reason)
		return
	}
	for _, it := range items {
		id := ""
		_ = json.Unmarshal(it[c.idKey], &id)
		f.b.skip(c.resource, id, f.src, "%s", c.reason)
	}
}

// knownKeys lists the top-level keys vpcsim reads, for error messages.
func knownKeys() []string {
	return slices.Sorted(maps.Keys(calls))
}
