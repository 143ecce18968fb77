package main

import "fmt"

// workloadEdges holds the workload resources the seeds' architectures do
// not use, and the ones the import must refuse: an Aurora cluster with
// two instances behind a proxy whose target is inferred, an Aurora
// cluster without instances, a database whose subnet group has one zone,
// Memcached, an MSK cluster authenticating with SASL only, ECS services
// on EC2 capacity providers and in DAEMON mode, a node group without a
// launch template and one whose launch template's groups go through a
// local value, a cluster in one zone with a rule naming its cluster
// security group, and a REST API VPC link.
func workloadEdges() *Arch {
	a := newArch("workload-edges")
	a.add(&Res{Type: "aws_vpc", Name: "main", V: m("cidr_block", "10.5.0.0/16", "enable_dns_support", true, "enable_dns_hostnames", true,
		"default_route_table_id", Computed{}, "default_security_group_id", Computed{}, "default_network_acl_id", Computed{}, "arn", Computed{})})
	for i, az := range azs3 {
		a.add(&Res{Type: "aws_subnet", Name: "private", Index: i, Count: 3,
			V:   m("vpc_id", Ref{"aws_vpc.main", "id"}, "cidr_block", fmt.Sprintf("10.5.%d.0/24", i), "availability_zone", az, "map_public_ip_on_launch", false, "arn", Computed{}),
			Cfg: map[string]any{"cidr_block": Refs{"count.index"}, "availability_zone": Refs{"count.index"}}})
	}
	subnet := func(i int) Ref { return Ref{fmt.Sprintf("aws_subnet.private[%d]", i), "id"} }
	all := l(subnet(0), subnet(1), subnet(2))
	vsg := func(name string) {
		a.add(&Res{Type: "aws_security_group", Name: name, V: m("name", name, "description", name, "vpc_id", Ref{"aws_vpc.main", "id"},
			"ingress", l(rule("from the VPC", 0, 0, "-1", m("cidr_blocks", l("10.5.0.0/16")))), "egress", l(rule("all", 0, 0, "-1", world)), "arn", Computed{})})
	}
	for _, g := range []string{"db", "cache", "kafka", "app", "nodes"} {
		vsg(g)
	}
	a.add(&Res{Type: "aws_db_subnet_group", Name: "main", V: m("name", "main", "subnet_ids", all, "arn", Computed{})})
	a.add(&Res{Type: "aws_db_subnet_group", Name: "one_zone", V: m("name", "one-zone", "subnet_ids", l(subnet(0)), "arn", Computed{})})
	a.add(&Res{Type: "aws_db_instance", Name: "lonely",
		V: m("identifier", "lonely", "engine", "mysql", "instance_class", "db.t3.micro", "db_subnet_group_name", Ref{"aws_db_subnet_group.one_zone", "name"},
			"vpc_security_group_ids", l(sgRef("db")), "publicly_accessible", false, "multi_az", false, "port", Computed{State: 3306}, "arn", Computed{})})
	a.add(&Res{Type: "aws_rds_cluster", Name: "aurora",
		V: m("cluster_identifier", "orders-aurora", "engine", "aurora-postgresql", "db_subnet_group_name", Ref{"aws_db_subnet_group.main", "name"},
			"vpc_security_group_ids", l(sgRef("db")), "port", Computed{State: 5432}, "availability_zones", Computed{State: l("us-east-1a", "us-east-1b", "us-east-1c")}, "arn", Computed{})})
	for i := 0; i < 2; i++ {
		a.add(&Res{Type: "aws_rds_cluster_instance", Name: "aurora", Index: i, Count: 2,
			V: m("identifier", fmt.Sprintf("orders-aurora-%d", i), "cluster_identifier", Ref{"aws_rds_cluster.aurora", "id"}, "instance_class", "db.r6g.large",
				"engine", "aurora-postgresql", "publicly_accessible", false, "arn", Computed{}),
			Cfg: map[string]any{"identifier": Refs{"count.index"}}})
	}
	a.add(&Res{Type: "aws_rds_cluster", Name: "empty",
		V: m("cluster_identifier", "empty-aurora", "engine", "aurora-mysql", "db_subnet_group_name", Ref{"aws_db_subnet_group.main", "name"},
			"vpc_security_group_ids", l(sgRef("db")), "arn", Computed{})})
	a.add(&Res{Type: "aws_db_proxy", Name: "aurora",
		V: m("name", "aurora-proxy", "engine_family", "POSTGRESQL", "role_arn", "arn:aws:iam::111122223333:role/rds-proxy",
			"vpc_security_group_ids", l(sgRef("db")), "vpc_subnet_ids", l(subnet(0), subnet(1)), "arn", Computed{}, "endpoint", Computed{})})
	a.add(&Res{Type: "aws_elasticache_subnet_group", Name: "cache", V: m("name", "cache", "subnet_ids", all)})
	a.add(&Res{Type: "aws_elasticache_cluster", Name: "memcached",
		V: m("cluster_id", "sessions", "engine", "memcached", "node_type", "cache.t3.small", "num_cache_nodes", 3,
			"subnet_group_name", Ref{"aws_elasticache_subnet_group.cache", "name"}, "security_group_ids", l(sgRef("cache")), "port", Computed{State: 11211}, "arn", Computed{})})
	a.add(&Res{Type: "aws_msk_cluster", Name: "iam",
		V: m("cluster_name", "events", "kafka_version", "3.6.0", "number_of_broker_nodes", 6,
			"broker_node_group_info", l(m("instance_type", "kafka.m5.large", "client_subnets", all, "security_groups", l(sgRef("kafka")))),
			"client_authentication", l(m("unauthenticated", false, "sasl", l(m("iam", true, "scram", true)), "tls", []any{})),
			"encryption_info", l(m("encryption_in_transit", l(m("client_broker", "TLS", "in_cluster", true)))),
			"arn", Computed{})})
	a.add(&Res{Type: "aws_ecs_service", Name: "ec2",
		V: m("name", "batch", "cluster", "arn:aws:ecs:us-east-1:111122223333:cluster/main", "task_definition", "batch:1", "desired_count", 4,
			"capacity_provider_strategy", l(m("capacity_provider", "asg-provider", "weight", 1, "base", 0)),
			"network_configuration", l(m("subnets", l(subnet(0), subnet(1)), "security_groups", l(sgRef("app")), "assign_public_ip", false)))})
	a.add(&Res{Type: "aws_ecs_service", Name: "daemon",
		V: m("name", "agent", "cluster", "arn:aws:ecs:us-east-1:111122223333:cluster/main", "task_definition", "agent:1", "scheduling_strategy", "DAEMON",
			"network_configuration", l(m("subnets", all, "security_groups", l(sgRef("app")), "assign_public_ip", false)))})
	a.add(&Res{Type: "aws_eks_cluster", Name: "main",
		V: m("name", "edge", "role_arn", "arn:aws:iam::111122223333:role/eks", "version", "1.30",
			"vpc_config", l(m("subnet_ids", all, "security_group_ids", []any{}, "cluster_security_group_id", Computed{}, "vpc_id", Computed{})), "arn", Computed{})})
	a.add(&Res{Type: "aws_eks_node_group", Name: "plain",
		V: m("cluster_name", Ref{"aws_eks_cluster.main", "name"}, "node_group_name", "plain", "node_role_arn", "arn:aws:iam::111122223333:role/eks-node",
			"subnet_ids", all, "scaling_config", l(m("desired_size", 2, "max_size", 4, "min_size", 1)), "instance_types", Computed{State: l("t3.medium")}, "arn", Computed{})})
	// A launch template whose groups go through a local value, which
	// terraform show -json does not print.
	a.add(&Res{Type: "aws_launch_template", Name: "via_local", V: m("name", "via-local", "vpc_security_group_ids", l(sgRef("nodes")), "id", Computed{}, "latest_version", Computed{}, "arn", Computed{}),
		Cfg: map[string]any{"vpc_security_group_ids": Refs{"local.node_security_group_ids"}}})
	a.add(&Res{Type: "aws_eks_node_group", Name: "templated",
		V: m("cluster_name", Ref{"aws_eks_cluster.main", "name"}, "node_group_name", "templated", "node_role_arn", "arn:aws:iam::111122223333:role/eks-node",
			"subnet_ids", all, "scaling_config", l(m("desired_size", 1, "max_size", 2, "min_size", 1)), "instance_types", l("m5.large"),
			"launch_template", l(m("id", Ref{"aws_launch_template.via_local", "id"}, "version", Ref{"aws_launch_template.via_local", "latest_version"})), "arn", Computed{})})
	// A cluster in one zone, which EKS refuses, and a rule naming its
	// cluster security group.
	a.add(&Res{Type: "aws_eks_cluster", Name: "single",
		V: m("name", "single-zone", "role_arn", "arn:aws:iam::111122223333:role/eks", "version", "1.30",
			"vpc_config", l(m("subnet_ids", l(subnet(0)), "security_group_ids", []any{}, "cluster_security_group_id", Computed{}, "vpc_id", Computed{})), "arn", Computed{})})
	a.add(&Res{Type: "aws_security_group_rule", Name: "app_from_single",
		V: m("type", "ingress", "from_port", 443, "to_port", 443, "protocol", "tcp", "security_group_id", sgRef("app"),
			"source_security_group_id", Ref{"aws_eks_cluster.single", "vpc_config[0].cluster_security_group_id"}, "self", false),
		Cfg: map[string]any{"source_security_group_id": Refs{"aws_eks_cluster.single.vpc_config[0].cluster_security_group_id", "aws_eks_cluster.single"}}})
	a.add(&Res{Type: "aws_launch_template", Name: "unused", V: m("name", "unused", "vpc_security_group_ids", l(sgRef("nodes")), "id", Computed{}, "arn", Computed{})})
	a.add(&Res{Type: "aws_api_gateway_vpc_link", Name: "rest", V: m("name", "rest-link", "target_arns", l("arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/nlb/0123"), "arn", Computed{})})
	return a
}
