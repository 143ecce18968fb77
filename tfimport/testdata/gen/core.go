package main

// networkCore exercises the resources the seed architectures do not use:
// a hub VPC with a secondary CIDR, an IPv6 block and an egress-only
// gateway, an internet gateway attached by its own resource, a spoke
// behind a transit gateway with a custom route table, a peered VPC,
// network ACLs with separate rules and associations, rules written as
// separate resources, a customer prefix list, an appliance interface and
// an Elastic IP association. It is written as a state only.
func networkCore() *Arch {
	a := newArch("network-core")
	vpc := func(name, cidr string, extra map[string]any) {
		a.add(&Res{Type: "aws_vpc", Name: name, V: merge(m("cidr_block", cidr, "enable_dns_support", true, "enable_dns_hostnames", false,
			"default_route_table_id", Computed{}, "default_security_group_id", Computed{}, "default_network_acl_id", Computed{},
			"owner_id", "111122223333", "tags", m("Name", name)), extra)})
	}
	vpc("hub", "10.0.0.0/16", m("ipv6_cidr_block", "2600:1f18:abcd:1200::/56", "assign_generated_ipv6_cidr_block", true))
	vpc("spoke", "10.1.0.0/16", nil)
	vpc("peer", "10.2.0.0/16", m("enable_dns_support", false))
	a.add(&Res{Type: "aws_vpc_ipv4_cidr_block_association", Name: "hub_tgw", V: m("vpc_id", Ref{"aws_vpc.hub", "id"}, "cidr_block", "10.100.0.0/16")})
	subnet := func(name, vpcName, cidr, az string, extra map[string]any) {
		a.add(&Res{Type: "aws_subnet", Name: name, V: merge(m("vpc_id", Ref{"aws_vpc." + vpcName, "id"}, "cidr_block", cidr, "availability_zone", az,
			"map_public_ip_on_launch", false, "ipv6_cidr_block", nil, "tags", m("Name", name)), extra)})
	}
	subnet("hub_public", "hub", "10.0.1.0/24", "us-east-1a", m("ipv6_cidr_block", "2600:1f18:abcd:1201::/64", "map_public_ip_on_launch", true))
	subnet("hub_private", "hub", "10.0.2.0/24", "us-east-1a", nil)
	subnet("hub_tgw", "hub", "10.100.0.0/28", "us-east-1a", nil)
	subnet("spoke_app", "spoke", "10.1.1.0/24", "us-east-1a", nil)
	subnet("spoke_tgw", "spoke", "10.1.255.0/28", "us-east-1a", nil)
	subnet("peer_app", "peer", "10.2.1.0/24", "us-east-1a", nil)
	a.add(&Res{Type: "aws_internet_gateway", Name: "hub", V: m("tags", m("Name", "hub"))})
	a.add(&Res{Type: "aws_internet_gateway_attachment", Name: "hub", V: m("internet_gateway_id", Ref{"aws_internet_gateway.hub", "id"}, "vpc_id", Ref{"aws_vpc.hub", "id"})})
	a.add(&Res{Type: "aws_egress_only_internet_gateway", Name: "hub", V: m("vpc_id", Ref{"aws_vpc.hub", "id"})})
	a.add(&Res{Type: "aws_ec2_transit_gateway", Name: "main", V: m("default_route_table_association", "enable", "default_route_table_propagation", "enable",
		"association_default_route_table_id", "tgw-rtb-0default000000001", "propagation_default_route_table_id", "tgw-rtb-0default000000001",
		"security_group_referencing_support", "disable", "owner_id", "111122223333", "tags", m("Name", "main"))})
	a.add(&Res{Type: "aws_ec2_transit_gateway_vpc_attachment", Name: "hub", V: m("transit_gateway_id", Ref{"aws_ec2_transit_gateway.main", "id"},
		"vpc_id", Ref{"aws_vpc.hub", "id"}, "subnet_ids", l(Ref{"aws_subnet.hub_tgw", "id"}), "ipv6_support", "disable",
		"transit_gateway_default_route_table_association", true, "transit_gateway_default_route_table_propagation", true)})
	a.add(&Res{Type: "aws_ec2_transit_gateway_vpc_attachment", Name: "spoke", V: m("transit_gateway_id", Ref{"aws_ec2_transit_gateway.main", "id"},
		"vpc_id", Ref{"aws_vpc.spoke", "id"}, "subnet_ids", l(Ref{"aws_subnet.spoke_tgw", "id"}), "ipv6_support", "disable",
		"transit_gateway_default_route_table_association", false, "transit_gateway_default_route_table_propagation", true)})
	a.add(&Res{Type: "aws_ec2_transit_gateway_route_table", Name: "spokes", V: m("transit_gateway_id", Ref{"aws_ec2_transit_gateway.main", "id"}, "tags", m("Name", "spokes"))})
	a.add(&Res{Type: "aws_ec2_transit_gateway_route_table_association", Name: "spoke", V: m("transit_gateway_attachment_id", Ref{"aws_ec2_transit_gateway_vpc_attachment.spoke", "id"},
		"transit_gateway_route_table_id", Ref{"aws_ec2_transit_gateway_route_table.spokes", "id"})})
	a.add(&Res{Type: "aws_ec2_transit_gateway_route_table_propagation", Name: "hub", V: m("transit_gateway_attachment_id", Ref{"aws_ec2_transit_gateway_vpc_attachment.hub", "id"},
		"transit_gateway_route_table_id", Ref{"aws_ec2_transit_gateway_route_table.spokes", "id"})})
	a.add(&Res{Type: "aws_ec2_transit_gateway_route", Name: "default", V: m("destination_cidr_block", "0.0.0.0/0", "blackhole", false,
		"transit_gateway_attachment_id", Ref{"aws_ec2_transit_gateway_vpc_attachment.hub", "id"}, "transit_gateway_route_table_id", Ref{"aws_ec2_transit_gateway_route_table.spokes", "id"})})
	a.add(&Res{Type: "aws_ec2_transit_gateway_route", Name: "quarantine", V: m("destination_cidr_block", "10.9.0.0/16", "blackhole", true,
		"transit_gateway_route_table_id", Ref{"aws_ec2_transit_gateway_route_table.spokes", "id"})})
	a.add(&Res{Type: "aws_vpc_peering_connection", Name: "hub_peer", V: m("vpc_id", Ref{"aws_vpc.hub", "id"}, "peer_vpc_id", Ref{"aws_vpc.peer", "id"},
		"auto_accept", false, "accept_status", "active")})
	a.add(&Res{Type: "aws_vpc_peering_connection_accepter", Name: "hub_peer", V: m("vpc_peering_connection_id", Ref{"aws_vpc_peering_connection.hub_peer", "id"},
		"auto_accept", true, "accept_status", "active")})
	route := func(kv ...any) map[string]any {
		r := m("cidr_block", "", "ipv6_cidr_block", "", "destination_prefix_list_id", "", "gateway_id", "", "nat_gateway_id", "", "transit_gateway_id", "",
			"vpc_peering_connection_id", "", "network_interface_id", "", "egress_only_gateway_id", "", "vpc_endpoint_id", "", "carrier_gateway_id", "",
			"core_network_arn", "", "local_gateway_id", "")
		return merge(r, m(kv...))
	}
	a.add(&Res{Type: "aws_route_table", Name: "hub_public", V: m("vpc_id", Ref{"aws_vpc.hub", "id"}, "route", l(
		route("cidr_block", "10.1.0.0/16", "transit_gateway_id", Ref{"aws_ec2_transit_gateway.main", "id"}),
		route("ipv6_cidr_block", "::/0", "egress_only_gateway_id", Ref{"aws_egress_only_internet_gateway.hub", "id"}),
		route("destination_prefix_list_id", Ref{"data.aws_ec2_managed_prefix_list.s3", "id"}, "network_interface_id", Ref{"aws_network_interface.appliance", "id"})))})
	a.add(&Res{Type: "aws_route", Name: "hub_internet", V: m("route_table_id", Ref{"aws_route_table.hub_public", "id"}, "destination_cidr_block", "0.0.0.0/0",
		"gateway_id", Ref{"aws_internet_gateway.hub", "id"})})
	a.add(&Res{Type: "aws_route", Name: "hub_to_peer", V: m("route_table_id", Ref{"aws_route_table.hub_public", "id"}, "destination_cidr_block", "10.2.0.0/16",
		"vpc_peering_connection_id", Ref{"aws_vpc_peering_connection.hub_peer", "id"})})
	a.add(&Res{Type: "aws_route_table_association", Name: "hub_public", V: m("subnet_id", Ref{"aws_subnet.hub_public", "id"}, "route_table_id", Ref{"aws_route_table.hub_public", "id"})})
	a.add(&Res{Type: "aws_route_table", Name: "hub_main", V: m("vpc_id", Ref{"aws_vpc.hub", "id"}, "route", l(
		route("cidr_block", "10.1.0.0/16", "transit_gateway_id", Ref{"aws_ec2_transit_gateway.main", "id"})))})
	a.add(&Res{Type: "aws_main_route_table_association", Name: "hub", V: m("vpc_id", Ref{"aws_vpc.hub", "id"}, "route_table_id", Ref{"aws_route_table.hub_main", "id"})})
	a.add(&Res{Type: "aws_route_table", Name: "spoke", V: m("vpc_id", Ref{"aws_vpc.spoke", "id"}, "route", l(
		route("cidr_block", "0.0.0.0/0", "transit_gateway_id", Ref{"aws_ec2_transit_gateway.main", "id"})))})
	a.add(&Res{Type: "aws_route_table_association", Name: "spoke_app", V: m("subnet_id", Ref{"aws_subnet.spoke_app", "id"}, "route_table_id", Ref{"aws_route_table.spoke", "id"})})
	a.add(&Res{Type: "aws_route_table", Name: "peer", V: m("vpc_id", Ref{"aws_vpc.peer", "id"}, "route", l(
		route("cidr_block", "10.0.0.0/16", "vpc_peering_connection_id", Ref{"aws_vpc_peering_connection.hub_peer", "id"})))})
	a.add(&Res{Type: "aws_route_table_association", Name: "peer_app", V: m("subnet_id", Ref{"aws_subnet.peer_app", "id"}, "route_table_id", Ref{"aws_route_table.peer", "id"})})
	a.add(&Res{Type: "aws_ec2_managed_prefix_list", Name: "office", V: m("name", "office", "address_family", "IPv4", "max_entries", 5, "owner_id", "111122223333",
		"entry", l(m("cidr", "203.0.113.0/24", "description", "HQ")))})
	a.add(&Res{Type: "aws_ec2_managed_prefix_list_entry", Name: "branch", V: m("prefix_list_id", Ref{"aws_ec2_managed_prefix_list.office", "id"}, "cidr", "198.51.100.0/24")})
	a.add(&Res{Data: true, Type: "aws_ec2_managed_prefix_list", Name: "s3", V: m("id", "pl-63a5400a", "name", "com.amazonaws.us-east-1.s3", "owner_id", "AWS",
		"address_family", "IPv4", "max_entries", 1, "entries", l(m("cidr", "52.216.0.0/15", "description", "")))})
	acl := func(no int, action, proto string, from, to int, cidr string) map[string]any {
		return m("rule_no", no, "action", action, "protocol", proto, "from_port", from, "to_port", to, "cidr_block", cidr, "ipv6_cidr_block", "", "icmp_type", 0, "icmp_code", 0)
	}
	a.add(&Res{Type: "aws_network_acl", Name: "private", V: m("vpc_id", Ref{"aws_vpc.hub", "id"}, "subnet_ids", l(Ref{"aws_subnet.hub_private", "id"}),
		"ingress", l(acl(100, "allow", "tcp", 22, 22, "10.0.0.0/8"), acl(200, "allow", "tcp", 1024, 65535, "0.0.0.0/0"), acl(300, "allow", "-1", 0, 0, "10.0.0.0/8")),
		"egress", l(acl(100, "allow", "-1", 0, 0, "0.0.0.0/0")))})
	a.add(&Res{Type: "aws_network_acl_rule", Name: "no_rdp", V: m("network_acl_id", Ref{"aws_network_acl.private", "id"}, "rule_number", 150, "egress", false,
		"protocol", "tcp", "rule_action", "deny", "cidr_block", "0.0.0.0/0", "from_port", 3389, "to_port", 3389)})
	a.add(&Res{Type: "aws_network_acl", Name: "peer", V: m("vpc_id", Ref{"aws_vpc.peer", "id"}, "subnet_ids", []any{},
		"ingress", l(acl(100, "allow", "tcp", 5432, 5432, "10.0.0.0/16"), acl(110, "allow", "tcp", 1024, 65535, "10.0.0.0/16")),
		"egress", l(acl(100, "allow", "tcp", 1024, 65535, "10.0.0.0/16")))})
	a.add(&Res{Type: "aws_network_acl_association", Name: "peer", V: m("network_acl_id", Ref{"aws_network_acl.peer", "id"}, "subnet_id", Ref{"aws_subnet.peer_app", "id"})})
	a.add(&Res{Type: "aws_default_network_acl", Name: "hub", V: m("id", Ref{"aws_vpc.hub", "default_network_acl_id"}, "default_network_acl_id", Ref{"aws_vpc.hub", "default_network_acl_id"},
		"vpc_id", Ref{"aws_vpc.hub", "id"}, "ingress", l(acl(100, "allow", "-1", 0, 0, "0.0.0.0/0")), "egress", l(acl(100, "allow", "-1", 0, 0, "0.0.0.0/0")))})
	group := func(name, vpcName string) {
		a.add(&Res{Type: "aws_security_group", Name: name, V: m("name", name, "vpc_id", Ref{"aws_vpc." + vpcName, "id"}, "ingress", []any{},
			"egress", l(rule("", 0, 0, "-1", m("cidr_blocks", l("0.0.0.0/0")))))})
	}
	group("bastion", "hub")
	group("appliance", "hub")
	group("app", "spoke")
	group("db", "peer")
	a.add(&Res{Type: "aws_vpc_security_group_ingress_rule", Name: "bastion_ssh", V: m("security_group_id", sgRef("bastion"), "ip_protocol", "tcp",
		"from_port", 22, "to_port", 22, "prefix_list_id", Ref{"aws_ec2_managed_prefix_list.office", "id"})})
	a.add(&Res{Type: "aws_security_group_rule", Name: "app_ping", V: m("type", "ingress", "security_group_id", sgRef("app"), "protocol", "icmp",
		"from_port", 8, "to_port", -1, "cidr_blocks", l("10.0.0.0/8"), "self", false)})
	a.add(&Res{Type: "aws_security_group_rule", Name: "app_http", V: m("type", "ingress", "security_group_id", sgRef("app"), "protocol", "tcp",
		"from_port", 8080, "to_port", 8080, "cidr_blocks", l("10.0.1.0/24"), "self", false)})
	a.add(&Res{Type: "aws_vpc_security_group_ingress_rule", Name: "db_pg", V: m("security_group_id", sgRef("db"), "ip_protocol", "tcp",
		"from_port", 5432, "to_port", 5432, "cidr_ipv4", "10.0.0.0/16")})
	a.add(&Res{Type: "aws_vpc_security_group_ingress_rule", Name: "appliance_all", V: m("security_group_id", sgRef("appliance"), "ip_protocol", "-1",
		"cidr_ipv4", "10.0.0.0/8")})
	inst := func(name, subnet, group, ip string) {
		a.add(&Res{Type: "aws_instance", Name: name, V: m("ami", "ami-0abcdef1234567890", "instance_type", "t3.micro", "subnet_id", Ref{"aws_subnet." + subnet, "id"},
			"vpc_security_group_ids", l(sgRef(group)), "private_ip", ip, "public_ip", "", "associate_public_ip_address", false, "source_dest_check", true,
			"primary_network_interface_id", Computed{})})
	}
	inst("bastion", "hub_public", "bastion", "10.0.1.10")
	inst("app", "spoke_app", "app", "10.1.1.10")
	inst("db", "peer_app", "db", "10.2.1.10")
	inst("appliance", "hub_private", "appliance", "10.0.2.10")
	a.add(&Res{Type: "aws_network_interface", Name: "appliance", V: m("subnet_id", Ref{"aws_subnet.hub_private", "id"}, "private_ips", l("10.0.2.20"),
		"security_groups", []any{}, "source_dest_check", false, "attachment", []any{})})
	a.add(&Res{Type: "aws_network_interface_attachment", Name: "appliance", V: m("instance_id", Ref{"aws_instance.appliance", "id"},
		"network_interface_id", Ref{"aws_network_interface.appliance", "id"}, "device_index", 1)})
	a.add(&Res{Type: "aws_network_interface_sg_attachment", Name: "appliance", V: m("security_group_id", sgRef("appliance"),
		"network_interface_id", Ref{"aws_network_interface.appliance", "id"})})
	a.add(&Res{Type: "aws_eip", Name: "bastion", V: m("domain", "vpc", "public_ip", "3.80.10.10")})
	a.add(&Res{Type: "aws_eip_association", Name: "bastion", V: m("allocation_id", Ref{"aws_eip.bastion", "id"}, "instance_id", Ref{"aws_instance.bastion", "id"})})
	return a
}
