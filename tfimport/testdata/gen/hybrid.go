package main

func init() {
	for k, v := range map[string]string{
		"aws_vpn_gateway": "vgw-", "aws_customer_gateway": "cgw-", "aws_vpn_connection": "vpn-",
		"aws_dx_gateway": "dxgw-", "aws_dx_transit_virtual_interface": "dxvif-", "aws_dx_gateway_association": "dxgwassoc-",
		"aws_ec2_transit_gateway_peering_attachment": "tgw-attach-", "aws_vpn_connection_route": "vpnroute-",
		"aws_vpn_gateway_attachment": "vpn-attachment-", "aws_vpn_gateway_route_propagation": "vgwprop-",
	} {
		idPrefix[k] = v
	}
}

// hybrid is an organisation joined to its data centre dc1 and across two
// Regions, the shape of examples/hybrid without its inspection VPC:
//
//   - us-east-1: vpc-app (10.1.0.0/16) has a virtual private gateway
//     with a static Site-to-Site VPN connection to dc1 (192.168.0.0/16),
//     propagated into its route table; the transit gateway "use" joins
//     vpc-hub (10.0.0.0/16) and a Direct Connect gateway whose transit
//     virtual interface leads to dc1 (the customer gateway and the
//     virtual interface carry the tag vpcsim:onprem = dc1), with a BGP
//     VPN connection from a second router of dc1 as the backup;
//   - eu-central-1: the transit gateway "euc" joins vpc-eu
//     (10.20.0.0/16) and peers with "use"; static routes on both sides
//     send the hub, dc1 and Europe across the peering;
//   - vpc-app's internet gateway has a gateway route table sending the
//     web subnet's inbound traffic to an appliance.
func hybrid() *Arch {
	a := newArch("hybrid")
	vpc := func(name, cidr string) {
		a.add(&Res{Type: "aws_vpc", Name: name, V: m("cidr_block", cidr, "enable_dns_support", true, "enable_dns_hostnames", true,
			"default_route_table_id", Computed{}, "default_security_group_id", Computed{}, "default_network_acl_id", Computed{},
			"owner_id", "111122223333", "tags", m("Name", name))})
	}
	subnet := func(name, vpcName, cidr, az string) {
		a.add(&Res{Type: "aws_subnet", Name: name, V: m("vpc_id", Ref{"aws_vpc." + vpcName, "id"}, "cidr_block", cidr, "availability_zone", az,
			"map_public_ip_on_launch", false, "ipv6_cidr_block", nil, "tags", m("Name", name))})
	}
	route := func(kv ...any) map[string]any {
		r := m("cidr_block", "", "ipv6_cidr_block", "", "destination_prefix_list_id", "", "gateway_id", "", "nat_gateway_id", "", "transit_gateway_id", "",
			"vpc_peering_connection_id", "", "network_interface_id", "", "egress_only_gateway_id", "", "vpc_endpoint_id", "", "carrier_gateway_id", "",
			"core_network_arn", "", "local_gateway_id", "")
		return merge(r, m(kv...))
	}
	instance := func(name, subnetName, group, ip string) {
		a.add(&Res{Type: "aws_instance", Name: name, V: m("ami", "ami-0abcdef1234567890", "instance_type", "t3.micro", "subnet_id", Ref{"aws_subnet." + subnetName, "id"},
			"vpc_security_group_ids", l(sgRef(group)), "private_ip", ip, "public_ip", "", "associate_public_ip_address", false, "source_dest_check", true,
			"primary_network_interface_id", Computed{}, "tags", m("Name", name))})
	}
	group := func(name, vpcName string, ingress []any) {
		a.add(&Res{Type: "aws_security_group", Name: name, V: m("name", name, "vpc_id", Ref{"aws_vpc." + vpcName, "id"}, "ingress", ingress,
			"egress", l(rule("", 0, 0, "-1", m("cidr_blocks", l("0.0.0.0/0")))))})
	}
	dc1 := m("vpcsim:onprem", "dc1")

	// --- us-east-1: vpc-app and its VPN ------------------------------------
	vpc("app", "10.1.0.0/16")
	subnet("app", "app", "10.1.1.0/24", "us-east-1a")
	subnet("web", "app", "10.1.2.0/24", "us-east-1a")
	subnet("appliance", "app", "10.1.9.0/24", "us-east-1a")
	a.add(&Res{Type: "aws_vpn_gateway", Name: "app", V: m("amazon_side_asn", "64512", "tags", m("Name", "app"))})
	a.add(&Res{Type: "aws_vpn_gateway_attachment", Name: "app", V: m("vpc_id", Ref{"aws_vpc.app", "id"}, "vpn_gateway_id", Ref{"aws_vpn_gateway.app", "id"})})
	a.add(&Res{Type: "aws_customer_gateway", Name: "dc1", V: m("bgp_asn", "65000", "ip_address", "198.51.100.10", "type", "ipsec.1", "tags", merge(m("Name", "dc1"), dc1))})
	a.add(&Res{Type: "aws_vpn_connection", Name: "dc1", V: m("customer_gateway_id", Ref{"aws_customer_gateway.dc1", "id"}, "vpn_gateway_id", Ref{"aws_vpn_gateway.app", "id"},
		"type", "ipsec.1", "static_routes_only", true, "transit_gateway_attachment_id", Computed{State: ""},
		"routes", Computed{State: l(m("destination_cidr_block", "192.168.0.0/16", "source", "Static", "state", "available"))},
		"vgw_telemetry", Computed{State: l(m("status", "UP", "outside_ip_address", "52.0.0.10"), m("status", "DOWN", "outside_ip_address", "52.0.0.11"))},
		"tags", m("Name", "dc1"))})
	a.add(&Res{Type: "aws_vpn_connection_route", Name: "dc1", V: m("destination_cidr_block", "192.168.0.0/16", "vpn_connection_id", Ref{"aws_vpn_connection.dc1", "id"})})
	a.add(&Res{Type: "aws_route_table", Name: "app", V: m("vpc_id", Ref{"aws_vpc.app", "id"}, "route", []any{},
		"propagating_vgws", Computed{State: l(Ref{"aws_vpn_gateway.app", "id"})})})
	a.add(&Res{Type: "aws_vpn_gateway_route_propagation", Name: "app", V: m("vpn_gateway_id", Ref{"aws_vpn_gateway.app", "id"}, "route_table_id", Ref{"aws_route_table.app", "id"})})
	a.add(&Res{Type: "aws_route_table_association", Name: "app", V: m("subnet_id", Ref{"aws_subnet.app", "id"}, "route_table_id", Ref{"aws_route_table.app", "id"})})
	group("app", "app", l(rule("ssh from dc1", 22, 22, "tcp", m("cidr_blocks", l("192.168.0.0/16")))))
	instance("app", "app", "app", "10.1.1.10")

	// Ingress routing: the internet gateway's route table sends what
	// enters for the web subnet to the appliance.
	a.add(&Res{Type: "aws_internet_gateway", Name: "app", V: m("vpc_id", Ref{"aws_vpc.app", "id"}, "tags", m("Name", "app"))})
	group("web", "app", l(rule("https", 443, 443, "tcp", m("cidr_blocks", l("0.0.0.0/0")))))
	group("appliance", "app", l(rule("all", 0, 0, "-1", m("cidr_blocks", l("0.0.0.0/0")))))
	a.add(&Res{Type: "aws_instance", Name: "web", V: m("ami", "ami-0abcdef1234567890", "instance_type", "t3.micro", "subnet_id", Ref{"aws_subnet.web", "id"},
		"vpc_security_group_ids", l(sgRef("web")), "private_ip", "10.1.2.10", "public_ip", "3.80.1.10", "associate_public_ip_address", true, "source_dest_check", true,
		"primary_network_interface_id", Computed{}, "tags", m("Name", "web"))})
	a.add(&Res{Type: "aws_network_interface", Name: "appliance", V: m("subnet_id", Ref{"aws_subnet.appliance", "id"}, "private_ips", l("10.1.9.10"),
		"security_groups", l(sgRef("appliance")), "source_dest_check", false, "attachment", []any{})})
	a.add(&Res{Type: "aws_eip", Name: "appliance", V: m("domain", "vpc", "public_ip", "3.80.1.20", "network_interface", Ref{"aws_network_interface.appliance", "id"})})
	a.add(&Res{Type: "aws_route_table", Name: "edge", V: m("vpc_id", Ref{"aws_vpc.app", "id"}, "route", l(
		route("cidr_block", "10.1.2.0/24", "network_interface_id", Ref{"aws_network_interface.appliance", "id"})))})
	a.add(&Res{Type: "aws_route_table_association", Name: "edge", V: m("gateway_id", Ref{"aws_internet_gateway.app", "id"}, "route_table_id", Ref{"aws_route_table.edge", "id"})})
	a.add(&Res{Type: "aws_route_table", Name: "web", V: m("vpc_id", Ref{"aws_vpc.app", "id"}, "route", l(
		route("cidr_block", "0.0.0.0/0", "network_interface_id", Ref{"aws_network_interface.appliance", "id"})))})
	a.add(&Res{Type: "aws_route_table_association", Name: "web", V: m("subnet_id", Ref{"aws_subnet.web", "id"}, "route_table_id", Ref{"aws_route_table.web", "id"})})
	a.add(&Res{Type: "aws_route_table", Name: "appliance", V: m("vpc_id", Ref{"aws_vpc.app", "id"}, "route", l(
		route("cidr_block", "0.0.0.0/0", "gateway_id", Ref{"aws_internet_gateway.app", "id"})))})
	a.add(&Res{Type: "aws_route_table_association", Name: "appliance", V: m("subnet_id", Ref{"aws_subnet.appliance", "id"}, "route_table_id", Ref{"aws_route_table.appliance", "id"})})

	// --- us-east-1: the hub, its transit gateway and Direct Connect --------
	vpc("hub", "10.0.0.0/16")
	subnet("hub_tgw", "hub", "10.0.0.0/28", "us-east-1a")
	subnet("hub_svc", "hub", "10.0.1.0/24", "us-east-1a")
	a.add(&Res{Type: "aws_ec2_transit_gateway", Name: "use", V: m("default_route_table_association", "enable", "default_route_table_propagation", "enable",
		"association_default_route_table_id", Computed{State: "tgw-rtb-0use000000000001"}, "propagation_default_route_table_id", Computed{State: "tgw-rtb-0use000000000001"},
		"amazon_side_asn", 64512, "owner_id", "111122223333", "arn", Computed{State: "arn:aws:ec2:us-east-1:111122223333:transit-gateway/tgw-use"}, "tags", m("Name", "use"))})
	a.add(&Res{Type: "aws_ec2_transit_gateway_vpc_attachment", Name: "hub", V: m("transit_gateway_id", Ref{"aws_ec2_transit_gateway.use", "id"},
		"vpc_id", Ref{"aws_vpc.hub", "id"}, "subnet_ids", l(Ref{"aws_subnet.hub_tgw", "id"}), "ipv6_support", "disable",
		"transit_gateway_default_route_table_association", true, "transit_gateway_default_route_table_propagation", true)})
	a.add(&Res{Type: "aws_route_table", Name: "hub", V: m("vpc_id", Ref{"aws_vpc.hub", "id"}, "route", l(
		route("cidr_block", "192.168.0.0/16", "transit_gateway_id", Ref{"aws_ec2_transit_gateway.use", "id"}),
		route("cidr_block", "10.20.0.0/16", "transit_gateway_id", Ref{"aws_ec2_transit_gateway.use", "id"})))})
	a.add(&Res{Type: "aws_route_table_association", Name: "hub_svc", V: m("subnet_id", Ref{"aws_subnet.hub_svc", "id"}, "route_table_id", Ref{"aws_route_table.hub", "id"})})
	group("hub", "hub", l(rule("ldaps from dc1 and europe", 636, 636, "tcp", m("cidr_blocks", l("192.168.0.0/16", "10.20.0.0/16")))))
	instance("ldap", "hub_svc", "hub", "10.0.1.10")

	a.add(&Res{Type: "aws_dx_gateway", Name: "main", V: m("name", "main", "amazon_side_asn", "64513", "owner_account_id", "111122223333")})
	a.add(&Res{Type: "aws_dx_gateway_association", Name: "use", V: m("dx_gateway_id", Ref{"aws_dx_gateway.main", "id"},
		"associated_gateway_id", Ref{"aws_ec2_transit_gateway.use", "id"}, "associated_gateway_type", Computed{State: "transitGateway"},
		"allowed_prefixes", l("10.0.0.0/16", "10.20.0.0/16"), "transit_gateway_attachment_id", Computed{State: "tgw-attach-0dx0000000000001"})})
	a.add(&Res{Type: "aws_dx_transit_virtual_interface", Name: "dc1", V: m("connection_id", "dxcon-fgabc123", "name", "dc1-transit", "vlan", 4094,
		"address_family", "ipv4", "bgp_asn", 65000, "dx_gateway_id", Ref{"aws_dx_gateway.main", "id"}, "tags", dc1)})
	// The backup path: a BGP VPN connection from a second router of dc1
	// to the transit gateway. At equal prefixes the transit gateway
	// prefers the Direct Connect routes, and dc1 too.
	a.add(&Res{Type: "aws_customer_gateway", Name: "dc1_backup", V: m("bgp_asn", "65000", "ip_address", "198.51.100.20", "type", "ipsec.1",
		"tags", merge(m("Name", "dc1-backup"), dc1))})
	a.add(&Res{Type: "aws_vpn_connection", Name: "dc1_tgw", V: m("customer_gateway_id", Ref{"aws_customer_gateway.dc1_backup", "id"},
		"transit_gateway_id", Ref{"aws_ec2_transit_gateway.use", "id"}, "type", "ipsec.1", "static_routes_only", false,
		"transit_gateway_attachment_id", Computed{State: "tgw-attach-0vpn000000000001"}, "routes", Computed{State: []any{}},
		"vgw_telemetry", Computed{State: l(m("status", "UP"), m("status", "UP"))}, "tags", m("Name", "dc1-tgw"))})

	// --- eu-central-1 and the peering ---------------------------------------
	vpc("eu", "10.20.0.0/16")
	subnet("eu_tgw", "eu", "10.20.0.0/28", "eu-central-1a")
	subnet("eu_app", "eu", "10.20.1.0/24", "eu-central-1a")
	a.add(&Res{Type: "aws_ec2_transit_gateway", Name: "euc", V: m("default_route_table_association", "enable", "default_route_table_propagation", "enable",
		"association_default_route_table_id", Computed{State: "tgw-rtb-0euc000000000001"}, "propagation_default_route_table_id", Computed{State: "tgw-rtb-0euc000000000001"},
		"amazon_side_asn", 64514, "owner_id", "111122223333", "arn", Computed{State: "arn:aws:ec2:eu-central-1:111122223333:transit-gateway/tgw-euc"}, "tags", m("Name", "euc"))})
	a.add(&Res{Type: "aws_ec2_transit_gateway_vpc_attachment", Name: "eu", V: m("transit_gateway_id", Ref{"aws_ec2_transit_gateway.euc", "id"},
		"vpc_id", Ref{"aws_vpc.eu", "id"}, "subnet_ids", l(Ref{"aws_subnet.eu_tgw", "id"}), "ipv6_support", "disable",
		"transit_gateway_default_route_table_association", true, "transit_gateway_default_route_table_propagation", true)})
	a.add(&Res{Type: "aws_route_table", Name: "eu", V: m("vpc_id", Ref{"aws_vpc.eu", "id"}, "route", l(
		route("cidr_block", "10.0.0.0/8", "transit_gateway_id", Ref{"aws_ec2_transit_gateway.euc", "id"}),
		route("cidr_block", "192.168.0.0/16", "transit_gateway_id", Ref{"aws_ec2_transit_gateway.euc", "id"})))})
	a.add(&Res{Type: "aws_route_table_association", Name: "eu_app", V: m("subnet_id", Ref{"aws_subnet.eu_app", "id"}, "route_table_id", Ref{"aws_route_table.eu", "id"})})
	group("eu", "eu", []any{})
	instance("eu", "eu_app", "eu", "10.20.1.10")

	a.add(&Res{Type: "aws_ec2_transit_gateway_peering_attachment", Name: "use_euc", V: m("transit_gateway_id", Ref{"aws_ec2_transit_gateway.use", "id"},
		"peer_transit_gateway_id", Ref{"aws_ec2_transit_gateway.euc", "id"}, "peer_region", "eu-central-1", "peer_account_id", "111122223333",
		"tags", m("Name", "use-euc"))})
	a.add(&Res{Type: "aws_ec2_transit_gateway_peering_attachment_accepter", Name: "use_euc", V: m("id", Ref{"aws_ec2_transit_gateway_peering_attachment.use_euc", "id"},
		"transit_gateway_attachment_id", Ref{"aws_ec2_transit_gateway_peering_attachment.use_euc", "id"})})
	assoc := func(name, tgw, att string) {
		a.add(&Res{Type: "aws_ec2_transit_gateway_route_table_association", Name: name, V: m("transit_gateway_attachment_id", Ref{att, "id"},
			"transit_gateway_route_table_id", Ref{"aws_ec2_transit_gateway." + tgw, "association_default_route_table_id"})})
	}
	assoc("peer_use", "use", "aws_ec2_transit_gateway_peering_attachment.use_euc")
	assoc("peer_euc", "euc", "aws_ec2_transit_gateway_peering_attachment_accepter.use_euc")
	tgwRoute := func(name, tgw, cidr, att string) {
		a.add(&Res{Type: "aws_ec2_transit_gateway_route", Name: name, V: m("destination_cidr_block", cidr, "blackhole", false,
			"transit_gateway_attachment_id", Ref{att, "id"}, "transit_gateway_route_table_id", Ref{"aws_ec2_transit_gateway." + tgw, "association_default_route_table_id"})})
	}
	tgwRoute("use_to_eu", "use", "10.20.0.0/16", "aws_ec2_transit_gateway_peering_attachment.use_euc")
	tgwRoute("euc_to_hub", "euc", "10.0.0.0/16", "aws_ec2_transit_gateway_peering_attachment_accepter.use_euc")
	tgwRoute("euc_to_dc1", "euc", "192.168.0.0/16", "aws_ec2_transit_gateway_peering_attachment_accepter.use_euc")
	a.add(&Res{Type: "aws_ec2_transit_gateway_route", Name: "quarantine", V: m("destination_cidr_block", "10.99.0.0/16", "blackhole", true,
		"transit_gateway_route_table_id", Ref{"aws_ec2_transit_gateway.use", "association_default_route_table_id"})})
	return a
}
