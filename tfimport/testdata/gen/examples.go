package main

// The architectures of the repository's examples lambdadata, ecsfargate
// and eksvpc, written in Terraform: the same subnets, zones, NAT gateways,
// security groups and workloads, so that importing them gives the
// answers the hand-built examples give.

// sgRule is an aws_security_group_rule of group sg: ingress or egress on
// one TCP port range, to a peer group or CIDR blocks.
func sgRule(a *Arch, name, typ, sg string, from, to int, peer map[string]any) {
	v := m("type", typ, "from_port", from, "to_port", to, "protocol", "tcp", "security_group_id", sgRef(sg), "self", false)
	for k, x := range peer {
		v[k] = x
	}
	a.add(&Res{Type: "aws_security_group_rule", Name: name, V: v})
}

func peerSG(name string) map[string]any { return m("source_security_group_id", sgRef(name)) }

var world = m("cidr_blocks", l("0.0.0.0/0"))

// lambdaDataExample is examples/lambdadata: two functions sharing their
// interfaces, PostgreSQL behind RDS Proxy and Redis in /27 database
// subnets of two zones, a NAT gateway per zone.
func lambdaDataExample() *Arch {
	a := newArch("example-lambdadata")
	vpcModule(a, vpcOpts{name: "vpc-data", cidr: "10.1.0.0/16", azs: []string{"eu-west-1a", "eu-west-1b"},
		public: []string{"10.1.0.0/24", "10.1.1.0/24"}, private: []string{"10.1.10.0/24", "10.1.11.0/24"},
		db: []string{"10.1.20.0/27", "10.1.20.32/27"}, nat: true, dbRouteTable: true})
	for _, g := range []string{"lambda", "proxy", "db", "redis"} {
		sg(a, g, "the "+g+" group", []any{}, []any{})
	}
	sgRule(a, "lambda_to_proxy", "egress", "lambda", 5432, 5432, peerSG("proxy"))
	sgRule(a, "lambda_to_redis", "egress", "lambda", 6379, 6379, peerSG("redis"))
	sgRule(a, "lambda_https", "egress", "lambda", 443, 443, world)
	sgRule(a, "proxy_from_lambda", "ingress", "proxy", 5432, 5432, peerSG("lambda"))
	sgRule(a, "proxy_to_db", "egress", "proxy", 5432, 5432, peerSG("db"))
	sgRule(a, "db_from_proxy", "ingress", "db", 5432, 5432, peerSG("proxy"))
	sgRule(a, "redis_from_lambda", "ingress", "redis", 6379, 6379, peerSG("lambda"))
	for _, fn := range []string{"api", "worker"} {
		a.add(&Res{Type: "aws_lambda_function", Name: fn,
			V: m("function_name", fn, "role", "arn:aws:iam::111122223333:role/lambda", "handler", "index.handler", "runtime", "nodejs20.x", "arn", Computed{},
				"vpc_config", l(m("subnet_ids", Out{"vpc", "private_subnets"}, "security_group_ids", l(sgRef("lambda")), "vpc_id", Computed{})))})
	}
	a.add(&Res{Type: "aws_db_subnet_group", Name: "db", V: m("name", "db", "subnet_ids", Out{"vpc", "database_subnets"}, "arn", Computed{})})
	a.add(&Res{Type: "aws_db_instance", Name: "db",
		V: m("identifier", "db", "engine", "postgres", "instance_class", "db.r6g.2xlarge", "db_subnet_group_name", Ref{"aws_db_subnet_group.db", "name"},
			"vpc_security_group_ids", l(sgRef("db")), "publicly_accessible", false, "multi_az", true, "port", Computed{State: 5432}, "arn", Computed{})})
	a.add(&Res{Type: "aws_db_proxy", Name: "db",
		V: m("name", "db-proxy", "engine_family", "POSTGRESQL", "require_tls", true, "role_arn", "arn:aws:iam::111122223333:role/rds-proxy",
			"vpc_security_group_ids", l(sgRef("proxy")), "vpc_subnet_ids", Out{"vpc", "database_subnets"}, "arn", Computed{}, "endpoint", Computed{})})
	a.add(&Res{Type: "aws_db_proxy_default_target_group", Name: "db", V: m("db_proxy_name", Ref{"aws_db_proxy.db", "name"}, "name", Computed{State: "default"}, "arn", Computed{})})
	a.add(&Res{Type: "aws_db_proxy_target", Name: "db",
		V: m("db_proxy_name", Ref{"aws_db_proxy.db", "name"}, "target_group_name", Ref{"aws_db_proxy_default_target_group.db", "name"},
			"db_instance_identifier", Ref{"aws_db_instance.db", "identifier"}, "endpoint", Computed{}, "port", Computed{})})
	a.add(&Res{Type: "aws_elasticache_subnet_group", Name: "cache", V: m("name", "cache", "subnet_ids", Out{"vpc", "database_subnets"})})
	a.add(&Res{Type: "aws_elasticache_replication_group", Name: "redis",
		V: m("replication_group_id", "redis", "description", "Redis", "node_type", "cache.r6g.large", "engine", "redis",
			"num_cache_clusters", 2, "port", 6379, "subnet_group_name", Ref{"aws_elasticache_subnet_group.cache", "name"},
			"security_group_ids", l(sgRef("redis")), "automatic_failover_enabled", true, "arn", Computed{})})
	return a
}

// ecsFargateExample is examples/ecsfargate: 12 Fargate tasks of the
// orders service in three /24 app subnets behind an internet-facing ALB,
// a Multi-AZ PostgreSQL instance, a NAT gateway per zone.
func ecsFargateExample() *Arch {
	a := newArch("example-ecsfargate")
	vpcModule(a, vpcOpts{name: "vpc-app", cidr: "10.0.0.0/16", azs: azs3,
		public: []string{"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"}, private: []string{"10.0.10.0/24", "10.0.11.0/24", "10.0.12.0/24"},
		db: []string{"10.0.20.0/24", "10.0.21.0/24", "10.0.22.0/24"}, nat: true, dbRouteTable: true})
	for _, g := range []string{"alb", "tasks", "db"} {
		sg(a, g, "the "+g+" group", []any{}, []any{})
	}
	sgRule(a, "alb_https", "ingress", "alb", 443, 443, world)
	sgRule(a, "alb_to_tasks", "egress", "alb", 8080, 8080, peerSG("tasks"))
	sgRule(a, "tasks_from_alb", "ingress", "tasks", 8080, 8080, peerSG("alb"))
	sgRule(a, "tasks_to_db", "egress", "tasks", 5432, 5432, peerSG("db"))
	sgRule(a, "tasks_https", "egress", "tasks", 443, 443, world)
	sgRule(a, "db_from_tasks", "ingress", "db", 5432, 5432, peerSG("tasks"))
	a.add(&Res{Type: "aws_lb", Name: "alb",
		V: m("name", "alb", "internal", false, "load_balancer_type", "application", "security_groups", l(sgRef("alb")),
			"subnets", Out{"vpc", "public_subnets"}, "arn", Computed{}, "vpc_id", Computed{State: Out{"vpc", "vpc_id"}}, "ip_address_type", Computed{State: "ipv4"})})
	a.add(&Res{Type: "aws_lb_target_group", Name: "orders",
		V: m("name", "tg-orders", "port", 8080, "protocol", "HTTP", "target_type", "ip", "vpc_id", Out{"vpc", "vpc_id"}, "arn", Computed{})})
	a.add(&Res{Type: "aws_lb_listener", Name: "https",
		V: m("load_balancer_arn", Ref{"aws_lb.alb", "arn"}, "port", 443, "protocol", "HTTPS", "certificate_arn", "arn:aws:acm:us-east-1:111122223333:certificate/abc", "arn", Computed{},
			"default_action", l(m("type", "forward", "target_group_arn", Ref{"aws_lb_target_group.orders", "arn"})))})
	a.add(&Res{Type: "aws_ecs_cluster", Name: "main", V: m("name", "main", "arn", Computed{})})
	a.add(&Res{Type: "aws_ecs_service", Name: "orders",
		V: m("name", "orders", "cluster", Ref{"aws_ecs_cluster.main", "id"}, "task_definition", "orders:1", "desired_count", 12, "launch_type", "FARGATE",
			"network_configuration", l(m("subnets", Out{"vpc", "private_subnets"}, "security_groups", l(sgRef("tasks")), "assign_public_ip", false)),
			"load_balancer", l(m("target_group_arn", Ref{"aws_lb_target_group.orders", "arn"}, "container_name", "orders", "container_port", 8080, "elb_name", "")))})
	a.add(&Res{Type: "aws_db_subnet_group", Name: "db", V: m("name", "db", "subnet_ids", Out{"vpc", "database_subnets"}, "arn", Computed{})})
	a.add(&Res{Type: "aws_db_instance", Name: "orders",
		V: m("identifier", "orders-db", "engine", "postgres", "instance_class", "db.r6g.large", "db_subnet_group_name", Ref{"aws_db_subnet_group.db", "name"},
			"vpc_security_group_ids", l(sgRef("db")), "publicly_accessible", false, "multi_az", true, "port", Computed{State: 5432}, "arn", Computed{})})
	return a
}

// eksVPCExample is examples/eksvpc: the guide's EKS VPC with a cluster
// whose node group of 30 m5.large nodes carries the node group and the
// cluster security group through a launch template.
func eksVPCExample() *Arch {
	a := newArch("example-eksvpc")
	vpcModule(a, vpcOpts{name: "eks-vpc", cidr: "10.0.0.0/16", azs: azs3,
		private: []string{"10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"}, public: []string{"10.0.96.0/24", "10.0.97.0/24", "10.0.98.0/24"},
		nat: true, publicTags: m("kubernetes.io/role/elb", "1"), privTags: m("kubernetes.io/role/internal-elb", "1"),
		tags: m("kubernetes.io/cluster/my-cluster", "shared")})
	sg(a, "nodes", "EKS nodes", l(rule("node to node", 0, 0, "-1", m("self", true))), l(rule("All outbound", 0, 0, "-1", world)))
	a.add(&Res{Type: "aws_security_group_rule", Name: "nodes_from_cluster",
		V: m("type", "ingress", "description", "control plane to nodes", "from_port", 1025, "to_port", 65535, "protocol", "tcp",
			"security_group_id", sgRef("nodes"), "source_security_group_id", Ref{"aws_eks_cluster.main", "vpc_config[0].cluster_security_group_id"}, "self", false),
		Cfg: map[string]any{"source_security_group_id": Refs{"aws_eks_cluster.main.vpc_config[0].cluster_security_group_id", "aws_eks_cluster.main.vpc_config[0]", "aws_eks_cluster.main.vpc_config", "aws_eks_cluster.main"}}})
	a.add(&Res{Type: "aws_eks_cluster", Name: "main",
		V: m("name", "my-cluster", "role_arn", "arn:aws:iam::111122223333:role/eks-cluster", "version", "1.30",
			"vpc_config", l(m("subnet_ids", Out{"vpc", "private_subnets"}, "security_group_ids", []any{},
				"endpoint_private_access", true, "endpoint_public_access", false, "cluster_security_group_id", Computed{}, "vpc_id", Computed{})),
			"arn", Computed{}, "endpoint", Computed{})})
	nodeLaunchTemplate(a, "nodes", "general", sgRef("nodes"))
	a.add(&Res{Type: "aws_eks_node_group", Name: "general",
		V: m("cluster_name", Ref{"aws_eks_cluster.main", "name"}, "node_group_name", "general", "node_role_arn", "arn:aws:iam::111122223333:role/eks-node",
			"subnet_ids", Out{"vpc", "private_subnets"}, "instance_types", l("m5.large"),
			"launch_template", l(m("id", Ref{"aws_launch_template.nodes", "id"}, "name", Computed{State: "general"}, "version", Ref{"aws_launch_template.nodes", "latest_version"})),
			"scaling_config", l(m("desired_size", 30, "max_size", 60, "min_size", 3)), "arn", Computed{})})
	return a
}
