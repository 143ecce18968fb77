package tfimport

import (
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/vpcsim/vpcsim/vpc"
)

// phase is one pass over the instances: the handler of each resource type
// it imports. Phases run in order so that what a resource refers to
// exists before it: VPCs, then subnets, gateways, groups and tables, then
// interfaces, then rules, routes and associations, then services and
// workloads.
type phase map[string]func(*builder, *inst)

var phases = []phase{
	{"aws_vpc": (*builder).doVPC},
	{
		"aws_vpc_ipv4_cidr_block_association": (*builder).doCIDRAssoc,
		"aws_vpc_ipv6_cidr_block_association": (*builder).doIPv6Assoc,
	},
	{"aws_subnet": (*builder).doSubnet},
	{
		"aws_internet_gateway":             (*builder).doIGW,
		"aws_egress_only_internet_gateway": (*builder).doEIGW,
		"aws_ec2_managed_prefix_list":      (*builder).doPrefixList,
		"data.aws_ec2_managed_prefix_list": (*builder).doPrefixList,
		"data.aws_prefix_list":             (*builder).doPrefixList,
		"aws_vpc_peering_connection":       (*builder).doPeering,
		"aws_ec2_transit_gateway":          (*builder).doTGW,
		"data.aws_availability_zones":      func(b *builder, in *inst) { b.imported(in, "Availability Zone names, read for subnet zones") },
	},
	{
		"aws_internet_gateway_attachment":     (*builder).doIGWAttach,
		"aws_ec2_managed_prefix_list_entry":   (*builder).doPrefixListEntry,
		"aws_vpc_peering_connection_accepter": (*builder).doPeeringAccepter,
		"aws_ec2_transit_gateway_route_table": (*builder).doTGWRTB,
		"aws_security_group":                  func(b *builder, in *inst) { b.doSG(in, false) },
		"aws_default_security_group":          func(b *builder, in *inst) { b.doSG(in, true) },
		"aws_route_table":                     func(b *builder, in *inst) { b.doRouteTable(in, false) },
		"aws_default_route_table":             func(b *builder, in *inst) { b.doRouteTable(in, true) },
		"aws_network_acl":                     func(b *builder, in *inst) { b.doACL(in, false) },
		"aws_default_network_acl":             func(b *builder, in *inst) { b.doACL(in, true) },
	},
	{
		"aws_network_interface":                  (*builder).doENI,
		"aws_ec2_transit_gateway_vpc_attachment": (*builder).doTGWAttach,
	},
	{
		"aws_instance":    (*builder).doInstance,
		"aws_nat_gateway": (*builder).doNAT,
	},
	{
		"aws_security_group_rule":                         (*builder).doSGRule,
		"aws_vpc_security_group_ingress_rule":             func(b *builder, in *inst) { b.doVPCSGRule(in, "ingress") },
		"aws_vpc_security_group_egress_rule":              func(b *builder, in *inst) { b.doVPCSGRule(in, "egress") },
		"aws_route":                                       (*builder).doRoute,
		"aws_route_table_association":                     (*builder).doRTBAssoc,
		"aws_main_route_table_association":                (*builder).doMainAssoc,
		"aws_network_acl_rule":                            (*builder).doACLRule,
		"aws_network_acl_association":                     (*builder).doACLAssoc,
		"aws_network_interface_attachment":                (*builder).doENIAttach,
		"aws_network_interface_sg_attachment":             (*builder).doENISGAttach,
		"aws_eip_association":                             (*builder).doEIPAssoc,
		"aws_ec2_transit_gateway_route_table_association": (*builder).doTGWAssoc,
		"aws_ec2_transit_gateway_route_table_propagation": (*builder).doTGWPropagation,
		"aws_ec2_transit_gateway_route":                   (*builder).doTGWRoute,
	},
	servicePhase,
	serviceDetailPhase,
	workloadPhase,
	workloadDetailPhase,
}

func (b *builder) build() (*Result, error) {
	b.d.eips = map[string]*eip{}
	b.d.instENI = map[string]string{}
	b.d.defOwner = map[string]string{}
	b.d.llisten = map[string]*latticeListener{}
	b.index()
	b.findDefaults()
	b.indexWorkloads()
	for pi, ph := range phases {
		for _, in := range b.insts {
			if in.done {
				continue
			}
			key := in.typ
			if in.mode == tfjson.DataResourceMode {
				key = "data." + in.typ
			}
			if f := ph[key]; f != nil {
				f(b, in)
				if !in.done {
					b.skip(in, "not imported")
				}
			}
		}
		switch pi {
		case 3:
			b.doEIPs()
		case 6:
			// Inline rules and routes, and Elastic IPs associated by
			// their own resource, once groups, tables, interfaces and
			// instances exist.
			for _, in := range b.insts {
				switch in.typ {
				case "aws_security_group", "aws_default_security_group":
					b.doSGInlineRules(in)
				case "aws_route_table", "aws_default_route_table":
					b.doInlineRoutes(in)
				case "aws_eip":
					b.doEIPInline(in)
				}
			}
		}
	}
	for _, in := range b.insts {
		if !in.done {
			b.skip(in, "%s", notModelled(in))
		}
	}
	if err := b.joinErrs(); err != nil {
		return nil, err
	}
	b.nameZones()
	n := &b.net
	n.VPCs = b.d.vpcs.list()
	n.Subnets = b.d.subnets.list()
	n.RouteTables = b.d.rtbs.list()
	n.InternetGateways = b.d.igws.list()
	n.EgressOnlyInternetGateways = b.d.eigws.list()
	n.NATGateways = b.d.nats.list()
	n.SecurityGroups = b.d.sgs.list()
	n.NetworkACLs = b.d.acls.list()
	n.PrefixLists = b.d.pls.list()
	n.NetworkInterfaces = b.d.enis.list()
	n.PeeringConnections = b.d.pcxs.list()
	n.TransitGateways = b.d.tgws.list()
	n.TransitGatewayAttachments = b.d.tgwAtts.list()
	n.TransitGatewayRouteTables = b.d.tgwRTBs.list()
	b.res.Kind = b.kind
	b.res.Network = n
	b.finishServices()
	b.finishWorkloads()
	sortResult(&b.res)
	return &b.res, nil
}

// synth declares, when a reference names it, the implicit default
// resource of a VPC that the input does not declare, with the settings
// AWS gives it, so that the reference resolves.
func (b *builder) synth(id string) {
	i := strings.LastIndexByte(id, '/')
	if i < 0 {
		return
	}
	vpcID, what := id[:i], id[i+1:]
	v := b.d.vpcs.get(vpcID)
	if v == nil {
		return
	}
	ipv6 := v.IPv6CIDR.IsValid()
	switch what {
	case "default-sg":
		if b.d.sgs.get(id) == nil {
			b.d.sgs.put(id, nil, &vpc.SecurityGroup{ID: id, Name: "default", VPC: vpcID, Default: true,
				Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, Group: id}}, Egress: vpc.DefaultEgress(ipv6)})
		}
	case "main-rtb":
		if b.d.rtbs.get(id) == nil {
			b.d.rtbs.put(id, nil, &vpc.RouteTable{ID: id, VPC: vpcID, Main: true})
		}
	case "default-acl":
		if b.d.acls.get(id) == nil {
			b.d.acls.put(id, nil, &vpc.NetworkACL{ID: id, VPC: vpcID, Default: true, Inbound: vpc.AllowAllACL(ipv6), Outbound: vpc.AllowAllACL(ipv6)})
		}
	}
}

// notModelled explains why a resource type is left out.
func notModelled(in *inst) string {
	t := in.typ
	if in.mode == tfjson.DataResourceMode {
		return "data source: nothing in it is modelled"
	}
	for prefix, why := range notModelledPrefixes {
		if strings.HasPrefix(t, prefix) {
			return why
		}
	}
	return "resource type not modelled by vpcsim"
}

var notModelledPrefixes = map[string]string{
	"aws_iam_":                           "IAM: identities and permissions do not change network reachability",
	"aws_s3_":                            "S3 buckets and their policies are not modelled (bucket policies wait for the policy package)",
	"aws_cloudwatch_":                    "monitoring: no effect on reachability",
	"aws_flow_log":                       "flow logs observe traffic, they do not change it",
	"aws_kms_":                           "KMS keys: no effect on reachability",
	"aws_secretsmanager_":                "secrets: no effect on reachability",
	"aws_ecs_cluster":                    "an ECS cluster places nothing in subnets; its services do",
	"aws_ecs_task_definition":            "a task definition places nothing in subnets; the service running it does",
	"aws_service_discovery_":             "Cloud Map service discovery (DNS names) is not modelled",
	"aws_route53_":                       "Route 53 DNS is not modelled",
	"aws_vpc_dhcp_options":               "DHCP options are not modelled",
	"aws_vpn_":                           "VPN gateways and connections are not modelled",
	"aws_customer_gateway":               "VPN customer gateways are not modelled",
	"aws_dx_":                            "Direct Connect is not modelled",
	"aws_networkfirewall_":               "AWS Network Firewall is not modelled",
	"aws_ec2_transit_gateway_peering":    "transit gateway peering is not modelled",
	"aws_ec2_transit_gateway_connect":    "transit gateway Connect attachments are not modelled",
	"aws_vpc_peering_connection_options": "peering DNS options are not modelled",
	"aws_apigatewayv2_api":               "API Gateway APIs run outside the VPC; their VPC links are imported as workloads",
	"aws_apigatewayv2_integration":       "API Gateway integrations are not modelled (the VPC link is imported as a workload)",
	"aws_lambda_permission":              "Lambda permissions do not change network reachability",
	"aws_eks_addon":                      "EKS add-ons are not modelled",
	"aws_launch_template":                "launch templates are read only for the security groups of the EKS node groups using them; no node group uses this one",
	"aws_autoscaling_":                   "Auto Scaling groups are not expanded into instances",
	"aws_ec2_instance_connect_endpoint":  "EC2 Instance Connect endpoints are not modelled",
	"aws_default_vpc":                    "the default VPC is not imported (declare it as aws_vpc to model it)",
	"aws_default_subnet":                 "default subnets are not imported",
}
