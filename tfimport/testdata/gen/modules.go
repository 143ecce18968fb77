package main

// moduleWorkloads puts an EKS cluster and a PostgreSQL instance inside
// module calls laid out like terraform-aws-modules/eks and
// terraform-aws-modules/rds (in one level of modules): the workloads are
// at module addresses, their subnets and groups come through module
// arguments from the vpc module's outputs and the root, and the root's
// database group admits the node group through the eks module's output.
func moduleWorkloads() *Arch {
	a := newArch("module-workloads")
	vpcModule(a, vpcOpts{name: "platform", cidr: "10.30.0.0/16", azs: azs3,
		private: []string{"10.30.0.0/20", "10.30.16.0/20", "10.30.32.0/20"}, public: []string{"10.30.100.0/24", "10.30.101.0/24", "10.30.102.0/24"},
		db: []string{"10.30.200.0/24", "10.30.201.0/24", "10.30.202.0/24"}, nat: true, dbRouteTable: true,
		publicTags: m("kubernetes.io/role/elb", "1"), privTags: m("kubernetes.io/role/internal-elb", "1")})
	ref := func(refs ...string) map[string]any { return m("references", anys(refs)) }

	const eks = "eks"
	add := func(mod string, r *Res) { r.Mod = mod; a.add(r) }
	modSG := func(mod, name string, ingress, egress []any) {
		add(mod, &Res{Type: "aws_security_group", Name: name, Index: 0, Count: Refs{"local.create"},
			V:   m("name_prefix", "platform-"+name+"-", "description", name, "vpc_id", Out{"vpc", "vpc_id"}, "ingress", ingress, "egress", egress, "name", Computed{}, "arn", Computed{}),
			Cfg: map[string]any{"vpc_id": Refs{"var.vpc_id"}}})
	}
	modSG(eks, "cluster", []any{}, []any{})
	modSG(eks, "node", l(rule("node to node", 0, 0, "-1", m("self", true))), l(rule("egress all", 0, 0, "-1", world)))
	modRule := func(name, typ string, from, to int, sg, peer string) {
		add(eks, &Res{Type: "aws_security_group_rule", Name: sg, Index: name,
			V: m("type", typ, "from_port", from, "to_port", to, "protocol", "tcp", "security_group_id", Ref{"aws_security_group." + sg + "[0]", "id"},
				"source_security_group_id", Ref{"aws_security_group." + peer + "[0]", "id"}, "self", false),
			Cfg: map[string]any{"security_group_id": Refs{"aws_security_group." + sg + "[0].id", "aws_security_group." + sg + "[0]", "aws_security_group." + sg},
				"source_security_group_id": Refs{"aws_security_group." + peer + "[0].id", "aws_security_group." + peer + "[0]", "aws_security_group." + peer}}})
	}
	modRule("ingress_nodes_443", "ingress", 443, 443, "cluster", "node")
	modRule("ingress_cluster_443", "ingress", 443, 443, "node", "cluster")
	modRule("ingress_cluster_kubelet", "ingress", 10250, 10250, "node", "cluster")
	add(eks, &Res{Type: "aws_eks_cluster", Name: "this", Index: 0, Count: Refs{"local.create"},
		V: m("name", "platform", "role_arn", "arn:aws:iam::111122223333:role/platform-cluster", "version", "1.30",
			"vpc_config", l(m("subnet_ids", Out{"vpc", "private_subnets"}, "security_group_ids", l(Ref{"aws_security_group.cluster[0]", "id"}),
				"endpoint_private_access", true, "endpoint_public_access", true, "cluster_security_group_id", Computed{}, "vpc_id", Computed{})),
			"arn", Computed{}, "endpoint", Computed{}),
		Cfg: map[string]any{"name": Refs{"var.cluster_name"},
			"vpc_config": l(m("subnet_ids", ref("var.subnet_ids"), "security_group_ids", ref("aws_security_group.cluster[0].id", "aws_security_group.cluster[0]", "aws_security_group.cluster"),
				"endpoint_private_access", m("constant_value", true), "endpoint_public_access", m("constant_value", true)))}})
	add(eks, &Res{Type: "aws_launch_template", Name: "node", Index: 0, Count: Refs{"local.create"},
		V: m("name_prefix", "default-", "vpc_security_group_ids", l(Ref{"aws_security_group.node[0]", "id"}, Ref{"aws_eks_cluster.this[0]", "vpc_config[0].cluster_security_group_id"}),
			"id", Computed{}, "name", Computed{}, "latest_version", Computed{}, "arn", Computed{}),
		Cfg: map[string]any{"vpc_security_group_ids": Refs{"aws_security_group.node[0].id", "aws_security_group.node[0]", "aws_security_group.node",
			"aws_eks_cluster.this[0].vpc_config[0].cluster_security_group_id", "aws_eks_cluster.this[0].vpc_config[0]", "aws_eks_cluster.this[0].vpc_config", "aws_eks_cluster.this[0]", "aws_eks_cluster.this"}}})
	add(eks, &Res{Type: "aws_eks_node_group", Name: "this", Index: "default", ForEach: Refs{"var.eks_managed_node_groups"},
		V: m("cluster_name", Ref{"aws_eks_cluster.this[0]", "name"}, "node_group_name", "default", "node_role_arn", "arn:aws:iam::111122223333:role/platform-node",
			"subnet_ids", Out{"vpc", "private_subnets"}, "instance_types", l("m6i.large"),
			"launch_template", l(m("id", Ref{"aws_launch_template.node[0]", "id"}, "version", Ref{"aws_launch_template.node[0]", "latest_version"})),
			"scaling_config", l(m("desired_size", 6, "max_size", 10, "min_size", 3)), "arn", Computed{}),
		Cfg: map[string]any{"subnet_ids": Refs{"var.subnet_ids"}, "node_group_name": Refs{"each.key"},
			"launch_template": l(m("id", ref("aws_launch_template.node[0].id", "aws_launch_template.node[0]", "aws_launch_template.node"),
				"version", ref("aws_launch_template.node[0].latest_version", "aws_launch_template.node[0]", "aws_launch_template.node")))}})
	a.Modules[eks] = &Module{Source: "terraform-aws-modules/eks/aws", Version: "~> 20.0",
		Args: m("cluster_name", "platform", "vpc_id", Out{"vpc", "vpc_id"}, "subnet_ids", Out{"vpc", "private_subnets"},
			"eks_managed_node_groups", m("default", m("instance_types", l("m6i.large"), "desired_size", 6))),
		Outputs: map[string]Output{
			"node_security_group_id": {Refs: []string{"aws_security_group.node[0].id", "aws_security_group.node[0]", "aws_security_group.node"}, Items: []Ref{{"aws_security_group.node[0]", "id"}}},
		}}

	sg(a, "db", "PostgreSQL from the nodes", l(rule("from the nodes", 5432, 5432, "tcp", m("security_groups", l(Out{eks, "node_security_group_id"})))), []any{})
	const db = "db"
	add(db, &Res{Type: "aws_db_subnet_group", Name: "this", Index: 0, Count: Refs{"local.create_db_subnet_group"},
		V:   m("name", "platform-db", "subnet_ids", Out{"vpc", "database_subnets"}, "arn", Computed{}),
		Cfg: map[string]any{"name": Refs{"var.identifier"}, "subnet_ids": Refs{"var.subnet_ids"}}})
	add(db, &Res{Type: "aws_db_instance", Name: "this", Index: 0, Count: Refs{"local.create"},
		V: m("identifier", "platform-db", "engine", "postgres", "instance_class", "db.m6g.large", "db_subnet_group_name", Ref{"aws_db_subnet_group.this[0]", "name"},
			"vpc_security_group_ids", l(sgRef("db")), "publicly_accessible", false, "multi_az", true, "port", 5432, "arn", Computed{}, "address", Computed{}),
		Cfg: map[string]any{"identifier": Refs{"var.identifier"}, "db_subnet_group_name": Refs{"aws_db_subnet_group.this[0].name", "aws_db_subnet_group.this[0]", "aws_db_subnet_group.this"},
			"vpc_security_group_ids": Refs{"var.vpc_security_group_ids"}}})
	a.Modules[db] = &Module{Source: "terraform-aws-modules/rds/aws", Version: "~> 6.0",
		Args:    m("identifier", "platform-db", "subnet_ids", Out{"vpc", "database_subnets"}, "vpc_security_group_ids", l(sgRef("db"))),
		Outputs: map[string]Output{}}
	return a
}
