package main

import "fmt"

// vpcOpts are the arguments given to the terraform-aws-modules/vpc module.
type vpcOpts struct {
	name                 string
	cidr                 string
	azs                  []string
	public, private, db  []string
	nat, singleNAT       bool
	dbRouteTable         bool
	publicTags, privTags map[string]any
	tags                 map[string]any
}

func m(kv ...any) map[string]any {
	out := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func l(v ...any) []any { return v }

func merge(ms ...map[string]any) map[string]any {
	out := map[string]any{}
	for _, x := range ms {
		for k, v := range x {
			out[k] = v
		}
	}
	return out
}

var localVPC = Refs{"local.vpc_id"}

// vpcModule adds the resources the terraform-aws-modules/vpc module (v5)
// creates for o, as module call "vpc", with the references its source
// gives each argument.
func vpcModule(a *Arch, o vpcOpts) {
	const mod = "vpc"
	add := func(r *Res) *Res { r.Mod = mod; a.Res = append(a.Res, r); return r }
	vpcRef := Ref{"aws_vpc.this[0]", "id"}
	tagRefs := Refs{"var.name", "var.tags", "var.vpc_tags"}
	add(&Res{Type: "aws_vpc", Name: "this", Index: 0, Count: Refs{"local.create_vpc"},
		V: m("cidr_block", o.cidr, "enable_dns_hostnames", true, "enable_dns_support", true, "instance_tenancy", "default",
			"assign_generated_ipv6_cidr_block", false, "ipv6_cidr_block", Computed{State: ""},
			"default_route_table_id", Computed{}, "default_security_group_id", Computed{}, "default_network_acl_id", Computed{},
			"main_route_table_id", Computed{}, "arn", Computed{}, "owner_id", Computed{},
			"tags", merge(m("Name", o.name), o.tags)),
		Cfg: map[string]any{"cidr_block": Refs{"var.cidr", "local.ipv4_ipam_pool_id"}, "tags": tagRefs, "enable_dns_hostnames": Refs{"var.enable_dns_hostnames"},
			"enable_dns_support": Refs{"var.enable_dns_support"}, "instance_tenancy": Refs{"var.instance_tenancy"},
			"assign_generated_ipv6_cidr_block": Refs{"var.enable_ipv6", "var.ipv6_ipam_pool_id"}}})
	add(&Res{Type: "aws_default_security_group", Name: "this", Index: 0, Count: Refs{"local.create_vpc", "var.manage_default_security_group"},
		V: m("id", Ref{"aws_vpc.this[0]", "default_security_group_id"}, "vpc_id", vpcRef, "ingress", []any{}, "egress", []any{},
			"name", Computed{State: "default"}, "tags", merge(m("Name", o.name+"-default"), o.tags)),
		Cfg: map[string]any{"tags": Refs{"var.default_security_group_name", "var.name", "var.tags", "var.default_security_group_tags"}}})
	allowAll := func(no int) map[string]any {
		return m("rule_no", no, "action", "allow", "from_port", 0, "to_port", 0, "protocol", "-1", "cidr_block", "0.0.0.0/0", "ipv6_cidr_block", "", "icmp_code", 0, "icmp_type", 0)
	}
	add(&Res{Type: "aws_default_network_acl", Name: "this", Index: 0, Count: Refs{"local.create_vpc", "var.manage_default_network_acl"},
		V: m("id", Ref{"aws_vpc.this[0]", "default_network_acl_id"}, "default_network_acl_id", Ref{"aws_vpc.this[0]", "default_network_acl_id"}, "vpc_id", vpcRef,
			"ingress", l(allowAll(100)), "egress", l(allowAll(100)), "subnet_ids", Computed{State: []any{}},
			"tags", merge(m("Name", o.name+"-default"), o.tags)),
		Cfg: map[string]any{"ingress": nil, "egress": nil, "vpc_id": nil, "tags": Refs{"var.default_network_acl_name", "var.name", "var.tags"}}})
	add(&Res{Type: "aws_default_route_table", Name: "default", Index: 0, Count: Refs{"local.create_vpc", "var.manage_default_route_table"},
		V: m("id", Ref{"aws_vpc.this[0]", "default_route_table_id"}, "default_route_table_id", Ref{"aws_vpc.this[0]", "default_route_table_id"}, "vpc_id", vpcRef,
			"route", []any{}, "propagating_vgws", nil, "tags", merge(m("Name", o.name+"-default"), o.tags)),
		Cfg: map[string]any{"route": nil, "vpc_id": nil, "propagating_vgws": Refs{"var.default_route_table_propagating_vgws"}, "tags": Refs{"var.default_route_table_name", "var.name", "var.tags"}}})

	subnets := func(kind, suffix string, cidrs []string, mapPublic bool, extra map[string]any) {
		for i, c := range cidrs {
			add(&Res{Type: "aws_subnet", Name: kind, Index: i, Count: Refs{"local.create_" + kind + "_subnets", "local.len_" + kind + "_subnets"},
				V: m("vpc_id", vpcRef, "cidr_block", c, "availability_zone", o.azs[i%len(o.azs)], "availability_zone_id", Computed{State: "use1-az" + fmt.Sprint(i+1)},
					"map_public_ip_on_launch", mapPublic, "assign_ipv6_address_on_creation", false, "ipv6_cidr_block", nil, "arn", Computed{},
					"tags", merge(m("Name", fmt.Sprintf("%s-%s-%s", o.name, suffix, o.azs[i%len(o.azs)])), o.tags, extra)),
				Cfg: map[string]any{"vpc_id": localVPC, "cidr_block": Refs{"var." + kind + "_subnets", "count.index"},
					"availability_zone": Refs{"var.azs", "count.index"}, "availability_zone_id": Refs{"var.azs", "count.index"},
					"map_public_ip_on_launch": Refs{"var.map_public_ip_on_launch"}, "assign_ipv6_address_on_creation": Refs{"var.enable_ipv6", "var." + kind + "_subnet_assign_ipv6_address_on_creation"},
					"ipv6_cidr_block": Refs{"var.enable_ipv6", "aws_vpc.this[0].ipv6_cidr_block", "aws_vpc.this[0]", "aws_vpc.this", "count.index"},
					"tags":            Refs{"var.name", "var." + kind + "_subnet_suffix", "var.azs", "count.index", "var.tags", "var." + kind + "_subnet_tags"}}})
		}
	}
	subnets("public", "public", o.public, false, o.publicTags)
	subnets("private", "private", o.private, false, o.privTags)
	subnets("database", "db", o.db, false, nil)

	if len(o.public) > 0 {
		add(&Res{Type: "aws_internet_gateway", Name: "this", Index: 0, Count: Refs{"local.create_public_subnets", "var.create_igw"},
			V:   m("vpc_id", vpcRef, "arn", Computed{}, "owner_id", Computed{}, "tags", merge(m("Name", o.name), o.tags)),
			Cfg: map[string]any{"vpc_id": localVPC, "tags": Refs{"var.name", "var.tags", "var.igw_tags"}}})
		add(&Res{Type: "aws_route_table", Name: "public", Index: 0, Count: Refs{"local.create_public_subnets"},
			V:   m("vpc_id", vpcRef, "route", Computed{State: l(m("cidr_block", "0.0.0.0/0", "gateway_id", Ref{"aws_internet_gateway.this[0]", "id"}, "ipv6_cidr_block", "", "nat_gateway_id", "", "transit_gateway_id", "", "vpc_peering_connection_id", "", "network_interface_id", "", "egress_only_gateway_id", "", "vpc_endpoint_id", "", "carrier_gateway_id", "", "core_network_arn", "", "destination_prefix_list_id", "", "local_gateway_id", ""))}, "tags", merge(m("Name", o.name+"-public"), o.tags)),
			Cfg: map[string]any{"vpc_id": localVPC, "tags": Refs{"var.name", "var.public_subnet_suffix", "var.tags", "var.public_route_table_tags"}}})
		add(&Res{Type: "aws_route", Name: "public_internet_gateway", Index: 0, Count: Refs{"local.create_public_subnets", "var.create_igw"},
			V: m("route_table_id", Ref{"aws_route_table.public[0]", "id"}, "destination_cidr_block", "0.0.0.0/0",
				"gateway_id", Ref{"aws_internet_gateway.this[0]", "id"}, "timeouts", l(m("create", "5m"))),
		})
		for i := range o.public {
			add(&Res{Type: "aws_route_table_association", Name: "public", Index: i, Count: Refs{"local.create_public_subnets", "local.len_public_subnets"},
				V:   m("subnet_id", Ref{fmt.Sprintf("aws_subnet.public[%d]", i), "id"}, "route_table_id", Ref{"aws_route_table.public[0]", "id"}),
				Cfg: map[string]any{"subnet_id": Refs{"aws_subnet.public", "count.index"}}})
		}
	}
	nNAT := 0
	if o.nat {
		nNAT = len(o.azs)
		if o.singleNAT {
			nNAT = 1
		}
	}
	for i := 0; i < nNAT; i++ {
		add(&Res{Type: "aws_eip", Name: "nat", Index: i, Count: Refs{"local.create_vpc", "var.enable_nat_gateway", "var.reuse_nat_ips", "local.nat_gateway_count"},
			V:   m("domain", "vpc", "public_ip", Computed{}, "allocation_id", Computed{}, "tags", merge(m("Name", fmt.Sprintf("%s-%s", o.name, o.azs[i])), o.tags)),
			Cfg: map[string]any{"tags": Refs{"var.name", "var.single_nat_gateway", "var.azs", "count.index", "var.tags", "var.nat_eip_tags"}}})
		add(&Res{Type: "aws_nat_gateway", Name: "this", Index: i, Count: Refs{"local.create_vpc", "var.enable_nat_gateway", "local.nat_gateway_count"},
			V: m("allocation_id", Ref{fmt.Sprintf("aws_eip.nat[%d]", i), "id"}, "subnet_id", Ref{fmt.Sprintf("aws_subnet.public[%d]", i), "id"},
				"connectivity_type", "public", "private_ip", Computed{State: natPrivateIP(o.public[i])}, "public_ip", Ref{fmt.Sprintf("aws_eip.nat[%d]", i), "public_ip"},
				"tags", merge(m("Name", fmt.Sprintf("%s-%s", o.name, o.azs[i])), o.tags)),
			Cfg: map[string]any{"allocation_id": Refs{"local.nat_gateway_ips", "var.single_nat_gateway", "count.index"},
				"subnet_id": Refs{"aws_subnet.public", "var.single_nat_gateway", "count.index"}, "public_ip": nil,
				"tags": Refs{"var.name", "var.single_nat_gateway", "var.azs", "count.index", "var.tags", "var.nat_gateway_tags"}}})
	}
	nPriv := len(o.azs)
	if o.singleNAT {
		nPriv = 1
	}
	if len(o.private) == 0 && len(o.db) == 0 {
		nPriv = 0
	}
	for i := 0; i < nPriv; i++ {
		name := fmt.Sprintf("%s-private-%s", o.name, o.azs[i])
		if o.singleNAT {
			name = o.name + "-private"
		}
		add(&Res{Type: "aws_route_table", Name: "private", Index: i, Count: Refs{"local.create_private_subnets", "local.max_subnet_length", "local.nat_gateway_count"},
			V:   m("vpc_id", vpcRef, "route", Computed{State: []any{}}, "tags", merge(m("Name", name), o.tags)),
			Cfg: map[string]any{"vpc_id": localVPC, "tags": Refs{"var.single_nat_gateway", "var.name", "var.private_subnet_suffix", "var.azs", "count.index", "var.tags", "var.private_route_table_tags"}}})
		if o.nat {
			add(&Res{Type: "aws_route", Name: "private_nat_gateway", Index: i, Count: Refs{"local.create_vpc", "var.enable_nat_gateway", "var.create_private_nat_gateway_route", "local.nat_gateway_count"},
				V: m("route_table_id", Ref{fmt.Sprintf("aws_route_table.private[%d]", i), "id"}, "destination_cidr_block", "0.0.0.0/0",
					"nat_gateway_id", Ref{fmt.Sprintf("aws_nat_gateway.this[%d]", i), "id"}, "timeouts", l(m("create", "5m"))),
				Cfg: map[string]any{"route_table_id": Refs{"aws_route_table.private", "count.index"},
					"destination_cidr_block": Refs{"var.nat_gateway_destination_cidr_block"},
					"nat_gateway_id":         Refs{"aws_nat_gateway.this", "count.index"}}})
		}
	}
	for i := range o.private {
		rt := i
		if o.singleNAT {
			rt = 0
		}
		add(&Res{Type: "aws_route_table_association", Name: "private", Index: i, Count: Refs{"local.create_private_subnets", "local.len_private_subnets"},
			V: m("subnet_id", Ref{fmt.Sprintf("aws_subnet.private[%d]", i), "id"}, "route_table_id", Ref{fmt.Sprintf("aws_route_table.private[%d]", rt), "id"}),
			Cfg: map[string]any{"subnet_id": Refs{"aws_subnet.private", "count.index"},
				"route_table_id": Refs{"aws_route_table.private", "var.single_nat_gateway", "count.index"}}})
	}
	if len(o.db) > 0 {
		add(&Res{Type: "aws_db_subnet_group", Name: "database", Index: 0, Count: Refs{"local.create_database_subnets", "var.create_database_subnet_group"},
			V:   m("name", o.name, "description", "Database subnet group for "+o.name, "subnet_ids", dbSubnetRefs(len(o.db)), "arn", Computed{}, "tags", merge(m("Name", o.name), o.tags)),
			Cfg: map[string]any{"name": Refs{"var.database_subnet_group_name", "var.name"}, "description": Refs{"var.name"}, "subnet_ids": Refs{"aws_subnet.database"}, "tags": Refs{"var.database_subnet_group_name", "var.name", "var.tags"}}})
		if o.dbRouteTable {
			for i := range o.db {
				add(&Res{Type: "aws_route_table", Name: "database", Index: i, Count: Refs{"local.create_database_route_table", "var.single_nat_gateway", "var.create_database_internet_gateway_route", "local.len_database_subnets"},
					V:   m("vpc_id", vpcRef, "route", Computed{State: []any{}}, "tags", merge(m("Name", fmt.Sprintf("%s-db-%s", o.name, o.azs[i])), o.tags)),
					Cfg: map[string]any{"vpc_id": localVPC, "tags": Refs{"var.single_nat_gateway", "var.create_database_internet_gateway_route", "var.name", "var.database_subnet_suffix", "var.azs", "count.index", "var.tags", "var.database_route_table_tags"}}})
			}
		}
		for i := range o.db {
			rt := fmt.Sprintf("aws_route_table.database[%d]", i)
			if !o.dbRouteTable {
				j := i
				if o.singleNAT {
					j = 0
				}
				rt = fmt.Sprintf("aws_route_table.private[%d]", j)
			}
			add(&Res{Type: "aws_route_table_association", Name: "database", Index: i, Count: Refs{"local.create_database_subnets", "local.len_database_subnets"},
				V: m("subnet_id", Ref{fmt.Sprintf("aws_subnet.database[%d]", i), "id"}, "route_table_id", Ref{rt, "id"}),
				Cfg: map[string]any{"subnet_id": Refs{"aws_subnet.database", "count.index"},
					"route_table_id": Refs{"aws_route_table.database", "aws_route_table.private", "var.create_database_subnet_route_table", "var.single_nat_gateway", "var.create_database_internet_gateway_route", "count.index"}}})
		}
	}

	list := func(typ, name string, n int, attr string) []Ref {
		var out []Ref
		for i := 0; i < n; i++ {
			out = append(out, Ref{fmt.Sprintf("%s.%s[%d]", typ, name, i), attr})
		}
		return out
	}
	outs := map[string]Output{
		"vpc_id":                     {Refs: []string{"aws_vpc.this[0].id", "aws_vpc.this[0]", "aws_vpc.this"}, Items: []Ref{vpcRef}},
		"vpc_cidr_block":             {Refs: []string{"aws_vpc.this[0].cidr_block", "aws_vpc.this[0]", "aws_vpc.this"}, Items: []Ref{{"aws_vpc.this[0]", "cidr_block"}}},
		"public_subnets":             {Refs: []string{"aws_subnet.public"}, Items: list("aws_subnet", "public", len(o.public), "id"), List: true},
		"private_subnets":            {Refs: []string{"aws_subnet.private"}, Items: list("aws_subnet", "private", len(o.private), "id"), List: true},
		"database_subnets":           {Refs: []string{"aws_subnet.database"}, Items: list("aws_subnet", "database", len(o.db), "id"), List: true},
		"public_route_table_ids":     {Refs: []string{"aws_route_table.public"}, Items: list("aws_route_table", "public", min(1, len(o.public)), "id"), List: true},
		"private_route_table_ids":    {Refs: []string{"local.private_route_table_ids"}, Items: list("aws_route_table", "private", nPriv, "id"), List: true},
		"database_subnet_group_name": {Refs: []string{"aws_db_subnet_group.database[0].name", "aws_db_subnet_group.database[0]", "aws_db_subnet_group.database"}, Items: []Ref{{"aws_db_subnet_group.database[0]", "name"}}},
	}
	if o.dbRouteTable {
		outs["database_route_table_ids"] = Output{Refs: []string{"aws_route_table.database", "local.private_route_table_ids"}, Items: list("aws_route_table", "database", len(o.db), "id"), List: true}
	}
	// private_route_table_ids goes through a local in the module; the
	// references Terraform prints for it name only that local.
	a.Modules[mod] = &Module{Source: "terraform-aws-modules/vpc/aws", Version: "~> 5.0", Outputs: outs,
		Args: m("name", o.name, "cidr", o.cidr, "azs", anys(o.azs), "public_subnets", anys(o.public), "private_subnets", anys(o.private),
			"database_subnets", anys(o.db), "enable_nat_gateway", o.nat, "single_nat_gateway", o.singleNAT, "one_nat_gateway_per_az", o.nat && !o.singleNAT,
			"create_database_subnet_route_table", o.dbRouteTable, "public_subnet_tags", o.publicTags, "private_subnet_tags", o.privTags, "tags", o.tags)}
}

func dbSubnetRefs(n int) []any {
	var out []any
	for i := 0; i < n; i++ {
		out = append(out, Ref{fmt.Sprintf("aws_subnet.database[%d]", i), "id"})
	}
	return out
}

func anys(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

// natPrivateIP is the address AWS gives a NAT gateway in the state
// fixtures: the subnet's base + 100.
func natPrivateIP(cidr string) string {
	var a, b, c, d, bits int
	fmt.Sscanf(cidr, "%d.%d.%d.%d/%d", &a, &b, &c, &d, &bits)
	return fmt.Sprintf("%d.%d.%d.%d", a, b, c, d+100)
}
