package main

import "fmt"

var azs3 = []string{"us-east-1a", "us-east-1b", "us-east-1c"}

func newArch(name string) *Arch { return &Arch{Name: name, Modules: map[string]*Module{}} }

func (a *Arch) add(r *Res) *Res { a.Res = append(a.Res, r); return r }

func sgRef(name string) Ref { return Ref{"aws_security_group." + name, "id"} }

// rule is an inline ingress or egress block of aws_security_group.
func rule(desc string, from, to int, proto string, peers map[string]any) map[string]any {
	r := m("description", desc, "from_port", from, "to_port", to, "protocol", proto,
		"cidr_blocks", []any{}, "ipv6_cidr_blocks", []any{}, "prefix_list_ids", []any{}, "security_groups", []any{}, "self", false)
	for k, v := range peers {
		r[k] = v
	}
	return r
}

func sg(a *Arch, name, desc string, ingress, egress []any) *Res {
	return a.add(&Res{Type: "aws_security_group", Name: name,
		V: m("name", name+"-sg", "description", desc, "vpc_id", Out{"vpc", "vpc_id"}, "ingress", ingress, "egress", egress,
			"arn", Computed{}, "owner_id", Computed{}, "revoke_rules_on_delete", false, "tags", m("Name", name+"-sg"))})
}

func availabilityZones(a *Arch) {
	a.add(&Res{Data: true, Type: "aws_availability_zones", Name: "available",
		V: m("id", "us-east-1", "state", "available", "names", l("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"))})
}

// threeTier is the classic web / app / database VPC of the networking
// guide: the vpc module with public, private and database subnets in
// three zones, a NAT gateway per zone and database route tables of their
// own; an internet-facing ALB in front of app instances; PostgreSQL in
// the database subnets; an S3 gateway endpoint.
func threeTier() *Arch {
	a := newArch("three-tier")
	vpcModule(a, vpcOpts{name: "three-tier", cidr: "10.0.0.0/16", azs: azs3,
		public: []string{"10.0.101.0/24", "10.0.102.0/24", "10.0.103.0/24"}, private: []string{"10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"},
		db: []string{"10.0.21.0/24", "10.0.22.0/24", "10.0.23.0/24"}, nat: true, dbRouteTable: true, tags: m("Environment", "production")})
	availabilityZones(a)
	world := m("cidr_blocks", l("0.0.0.0/0"))
	sg(a, "alb", "Security group for public ALB",
		l(rule("HTTPS from internet", 443, 443, "tcp", world), rule("HTTP from internet (redirect to HTTPS)", 80, 80, "tcp", world)), []any{})
	// The ALB's egress to the app tier is a rule of its own: written
	// inline, the two groups would refer to each other, a cycle
	// Terraform rejects.
	a.add(&Res{Type: "aws_security_group_rule", Name: "alb_to_app",
		V: m("type", "egress", "description", "To targets", "from_port", 0, "to_port", 0, "protocol", "-1",
			"security_group_id", sgRef("alb"), "source_security_group_id", sgRef("app_tier"), "self", false)})
	sg(a, "app_tier", "App tier", l(rule("From ALB", 8080, 8080, "tcp", m("security_groups", l(sgRef("alb"))))),
		l(rule("All outbound", 0, 0, "-1", world)))
	sg(a, "rds", "Security group for RDS", l(rule("PostgreSQL from app tier", 5432, 5432, "tcp", m("security_groups", l(sgRef("app_tier"))))), []any{})
	a.add(&Res{Type: "aws_lb", Name: "public",
		V: m("name", "public-alb", "internal", false, "load_balancer_type", "application", "security_groups", l(sgRef("alb")),
			"subnets", Out{"vpc", "public_subnets"}, "enable_deletion_protection", true, "enable_cross_zone_load_balancing", true,
			"ip_address_type", Computed{State: "ipv4"}, "vpc_id", Computed{State: Out{"vpc", "vpc_id"}}, "arn", Computed{}, "dns_name", Computed{State: "public-alb-1234.us-east-1.elb.amazonaws.com"},
			"subnet_mapping", Computed{State: []any{}}, "tags", m("Name", "public-alb"))})
	a.add(&Res{Type: "aws_lb_target_group", Name: "app",
		V: m("name", "app", "port", 8080, "protocol", "HTTP", "target_type", "instance", "vpc_id", Out{"vpc", "vpc_id"},
			"protocol_version", Computed{State: "HTTP1"}, "arn", Computed{},
			"health_check", l(m("enabled", true, "path", "/health", "port", "traffic-port", "protocol", "HTTP", "matcher", "200", "interval", 30, "timeout", 5, "healthy_threshold", 3, "unhealthy_threshold", 3)))})
	a.add(&Res{Type: "aws_lb_listener", Name: "http",
		V: m("load_balancer_arn", Ref{"aws_lb.public", "arn"}, "port", 80, "protocol", "HTTP", "arn", Computed{},
			"default_action", l(m("type", "redirect", "redirect", l(m("port", "443", "protocol", "HTTPS", "status_code", "HTTP_301")))))})
	a.add(&Res{Type: "aws_lb_listener", Name: "https",
		V: m("load_balancer_arn", Ref{"aws_lb.public", "arn"}, "port", 443, "protocol", "HTTPS", "ssl_policy", "ELBSecurityPolicy-TLS13-1-2-2021-06",
			"certificate_arn", "arn:aws:acm:us-east-1:111122223333:certificate/0b1c2d3e", "arn", Computed{},
			"default_action", l(m("type", "forward", "target_group_arn", Ref{"aws_lb_target_group.app", "arn"})))})
	for i := 0; i < 2; i++ {
		a.add(&Res{Type: "aws_instance", Name: "app", Index: i, Count: 2,
			V: m("ami", "ami-0abcdef1234567890", "instance_type", "t3.medium", "subnet_id", OutAt{"vpc", "private_subnets", i},
				"vpc_security_group_ids", l(sgRef("app_tier")), "associate_public_ip_address", Computed{State: false},
				"private_ip", Computed{State: fmt.Sprintf("10.0.%d.10", i+1)}, "public_ip", Computed{State: ""},
				"primary_network_interface_id", Computed{}, "source_dest_check", true, "tags", m("Name", fmt.Sprintf("app-%d", i))),
			Cfg: map[string]any{"subnet_id": Refs{"module.vpc.private_subnets", "module.vpc", "count.index"}}})
		a.add(&Res{Type: "aws_lb_target_group_attachment", Name: "app", Index: i, Count: 2,
			V:   m("target_group_arn", Ref{"aws_lb_target_group.app", "arn"}, "target_id", Ref{fmt.Sprintf("aws_instance.app[%d]", i), "id"}, "port", 8080),
			Cfg: map[string]any{"target_id": Refs{"aws_instance.app", "count.index"}}})
	}
	a.add(&Res{Type: "aws_db_subnet_group", Name: "main",
		V: m("name", "main-db-subnet-group", "subnet_ids", Out{"vpc", "database_subnets"}, "arn", Computed{}, "tags", m("Name", "main-db-subnet-group"))})
	a.add(&Res{Type: "aws_db_instance", Name: "main",
		V: m("identifier", "production-db", "engine", "postgres", "engine_version", "15.4", "instance_class", "db.r6g.large",
			"allocated_storage", 100, "max_allocated_storage", 500, "storage_encrypted", true, "db_name", "myapp", "username", "admin",
			"db_subnet_group_name", Ref{"aws_db_subnet_group.main", "name"}, "vpc_security_group_ids", l(sgRef("rds")),
			"publicly_accessible", false, "multi_az", true, "port", Computed{State: 5432}, "address", Computed{State: "production-db.abc.us-east-1.rds.amazonaws.com"},
			"tags", m("Name", "production-db")),
		Cfg: map[string]any{"password": Refs{"var.db_password"}}})
	a.add(&Res{Type: "aws_vpc_endpoint", Name: "s3",
		V: m("vpc_id", Out{"vpc", "vpc_id"}, "service_name", "com.amazonaws.us-east-1.s3", "vpc_endpoint_type", "Gateway",
			"route_table_ids", Cat{Out{"vpc", "private_route_table_ids"}, Out{"vpc", "database_route_table_ids"}},
			"policy", Computed{State: `{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}],"Version":"2008-10-17"}`},
			"private_dns_enabled", false, "subnet_ids", Computed{State: []any{}}, "security_group_ids", Computed{State: []any{}},
			"prefix_list_id", Computed{State: "pl-63a5400a"}, "state", Computed{State: "available"}, "tags", m("Name", "s3-gateway-endpoint")),
		Cfg: map[string]any{"service_name": Refs{"var.region"}}})
	a.Vars = m("region", "us-east-1", "db_password", "not-a-real-password")
	return a
}

// eks is the EKS VPC of the guide: /19 private subnets, subnet tags for
// load balancer discovery, a NAT gateway per zone, and the cluster and
// node security groups.
func eks() *Arch {
	a := newArch("eks")
	vpcModule(a, vpcOpts{name: "eks-vpc", cidr: "10.0.0.0/16", azs: azs3,
		private: []string{"10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"}, public: []string{"10.0.96.0/24", "10.0.97.0/24", "10.0.98.0/24"},
		nat: true, publicTags: m("kubernetes.io/role/elb", "1"), privTags: m("kubernetes.io/role/internal-elb", "1"),
		tags: m("kubernetes.io/cluster/my-cluster", "shared")})
	// The guide writes both groups with inline rules naming each other,
	// a dependency cycle Terraform rejects; the cross rules are separate
	// resources here.
	a.add(&Res{Type: "aws_security_group", Name: "eks_cluster",
		V: m("name", "eks-cluster-sg", "description", "EKS cluster security group", "vpc_id", Out{"vpc", "vpc_id"},
			"ingress", Computed{State: l(rule("Nodes to cluster API", 443, 443, "tcp", m("security_groups", l(sgRef("eks_nodes")))))},
			"egress", Computed{State: l(rule("Cluster to nodes", 1025, 65535, "tcp", m("security_groups", l(sgRef("eks_nodes")))))},
			"arn", Computed{}, "tags", m("Name", "eks-cluster-sg"))})
	a.add(&Res{Type: "aws_security_group", Name: "eks_nodes",
		V: m("name", "eks-nodes-sg", "description", "EKS node security group", "vpc_id", Out{"vpc", "vpc_id"},
			"ingress", l(rule("Node to node", 0, 0, "-1", m("self", true))),
			"egress", l(rule("All outbound", 0, 0, "-1", m("cidr_blocks", l("0.0.0.0/0")))),
			"arn", Computed{}, "tags", m("Name", "eks-nodes-sg"))})
	cross := func(name, typ, desc string, from, to int, sgName, peer string) {
		a.add(&Res{Type: "aws_security_group_rule", Name: name,
			V: m("type", typ, "description", desc, "from_port", from, "to_port", to, "protocol", "tcp",
				"security_group_id", sgRef(sgName), "source_security_group_id", sgRef(peer), "self", false)})
	}
	cross("cluster_from_nodes", "ingress", "Nodes to cluster API", 443, 443, "eks_cluster", "eks_nodes")
	cross("cluster_to_nodes", "egress", "Cluster to nodes", 1025, 65535, "eks_cluster", "eks_nodes")
	cross("nodes_from_cluster", "ingress", "Cluster API to nodes", 1025, 65535, "eks_nodes", "eks_cluster")
	a.add(&Res{Type: "aws_iam_role", Name: "cluster", V: m("name", "eks-cluster", "assume_role_policy", `{"Version":"2012-10-17"}`, "arn", Computed{})})
	a.add(&Res{Type: "aws_eks_cluster", Name: "main",
		V: m("name", "my-cluster", "role_arn", Ref{"aws_iam_role.cluster", "arn"}, "version", "1.30",
			"vpc_config", l(m("subnet_ids", Out{"vpc", "private_subnets"}, "security_group_ids", l(sgRef("eks_cluster")),
				"endpoint_private_access", true, "endpoint_public_access", false, "cluster_security_group_id", Computed{}, "vpc_id", Computed{})),
			"arn", Computed{}, "endpoint", Computed{})})
	// The nodes carry the node group through a launch template, with
	// the cluster security group EKS creates (a launch template's groups
	// replace it), as managed node groups with custom groups do.
	nodeLaunchTemplate(a, "nodes", "eks-nodes", sgRef("eks_nodes"))
	a.add(&Res{Type: "aws_eks_node_group", Name: "main",
		V: m("cluster_name", Ref{"aws_eks_cluster.main", "name"}, "node_group_name", "default", "node_role_arn", "arn:aws:iam::111122223333:role/eks-node",
			"subnet_ids", Out{"vpc", "private_subnets"}, "instance_types", l("m5.large"),
			"launch_template", l(m("id", Ref{"aws_launch_template.nodes", "id"}, "name", Computed{State: "eks-nodes"}, "version", Ref{"aws_launch_template.nodes", "latest_version"})),
			"scaling_config", l(m("desired_size", 3, "max_size", 6, "min_size", 3)), "arn", Computed{})})
	return a
}

// nodeLaunchTemplate is a launch template giving EKS nodes the node
// group and the cluster security group of aws_eks_cluster.main.
func nodeLaunchTemplate(a *Arch, name, ltName string, nodeSG Ref) {
	clusterSG := Ref{"aws_eks_cluster.main", "vpc_config[0].cluster_security_group_id"}
	a.add(&Res{Type: "aws_launch_template", Name: name,
		V: m("name", ltName, "vpc_security_group_ids", l(nodeSG, clusterSG), "id", Computed{}, "latest_version", Computed{}, "arn", Computed{}),
		Cfg: map[string]any{"vpc_security_group_ids": Refs{nodeSG.Addr + ".id", nodeSG.Addr,
			"aws_eks_cluster.main.vpc_config[0].cluster_security_group_id", "aws_eks_cluster.main.vpc_config[0]", "aws_eks_cluster.main.vpc_config", "aws_eks_cluster.main"}}})
}

// ecsFargate is the ECS Fargate service of the guide behind an
// internet-facing ALB, with Cloud Map service discovery; one NAT gateway.
func ecsFargate() *Arch {
	a := newArch("ecs-fargate-alb")
	vpcModule(a, vpcOpts{name: "ecs", cidr: "10.10.0.0/16", azs: azs3[:2],
		public: []string{"10.10.101.0/24", "10.10.102.0/24"}, private: []string{"10.10.1.0/24", "10.10.2.0/24"},
		nat: true, singleNAT: true})
	world := m("cidr_blocks", l("0.0.0.0/0"))
	sg(a, "alb", "Security group for public ALB",
		l(rule("HTTPS from internet", 443, 443, "tcp", world), rule("HTTP from internet (redirect to HTTPS)", 80, 80, "tcp", world)), []any{})
	a.add(&Res{Type: "aws_vpc_security_group_egress_rule", Name: "alb_to_tasks",
		V: m("security_group_id", sgRef("alb"), "description", "To targets", "ip_protocol", "-1", "referenced_security_group_id", sgRef("ecs_tasks"),
			"security_group_rule_id", Computed{}, "arn", Computed{})})
	sg(a, "ecs_tasks", "Security group for ECS tasks",
		l(rule("From ALB", 8080, 8080, "tcp", m("security_groups", l(sgRef("alb")))), rule("Task to task", 0, 0, "-1", m("self", true))),
		l(rule("All outbound", 0, 0, "-1", world)))
	a.add(&Res{Type: "aws_lb", Name: "public",
		V: m("name", "public-alb", "internal", false, "load_balancer_type", "application", "security_groups", l(sgRef("alb")),
			"subnets", Out{"vpc", "public_subnets"}, "arn", Computed{}, "vpc_id", Computed{State: Out{"vpc", "vpc_id"}}, "ip_address_type", Computed{State: "ipv4"})})
	a.add(&Res{Type: "aws_lb_target_group", Name: "app",
		V: m("name", "app", "port", 8080, "protocol", "HTTP", "target_type", "ip", "vpc_id", Out{"vpc", "vpc_id"}, "arn", Computed{},
			"health_check", l(m("enabled", true, "path", "/healthz", "matcher", "200-299")))})
	a.add(&Res{Type: "aws_lb_target_group", Name: "api",
		V: m("name", "api", "port", 9090, "protocol", "HTTP", "target_type", "ip", "vpc_id", Out{"vpc", "vpc_id"}, "arn", Computed{})})
	a.add(&Res{Type: "aws_lb_listener", Name: "https",
		V: m("load_balancer_arn", Ref{"aws_lb.public", "arn"}, "port", 443, "protocol", "HTTPS", "certificate_arn", "arn:aws:acm:us-east-1:111122223333:certificate/abc", "arn", Computed{},
			"default_action", l(m("type", "forward", "target_group_arn", Ref{"aws_lb_target_group.app", "arn"})))})
	a.add(&Res{Type: "aws_lb_listener", Name: "http",
		V: m("load_balancer_arn", Ref{"aws_lb.public", "arn"}, "port", 80, "protocol", "HTTP", "arn", Computed{},
			"default_action", l(m("type", "redirect", "redirect", l(m("port", "443", "protocol", "HTTPS", "status_code", "HTTP_301")))))})
	a.add(&Res{Type: "aws_lb_listener_rule", Name: "api",
		V: m("listener_arn", Ref{"aws_lb_listener.https", "arn"}, "priority", 10, "arn", Computed{},
			"action", l(m("type", "forward", "target_group_arn", Ref{"aws_lb_target_group.api", "arn"})),
			"condition", l(m("path_pattern", l(m("values", l("/api/*")))), m("http_request_method", l(m("values", l("GET", "POST"))))))})
	a.add(&Res{Type: "aws_ecs_cluster", Name: "main", V: m("name", "production-cluster", "setting", l(m("name", "containerInsights", "value", "enabled")), "arn", Computed{})})
	a.add(&Res{Type: "aws_ecs_task_definition", Name: "app", V: m("family", "my-app", "network_mode", "awsvpc", "requires_compatibilities", l("FARGATE"), "cpu", "256", "memory", "512", "arn", Computed{})})
	a.add(&Res{Type: "aws_service_discovery_private_dns_namespace", Name: "main", V: m("name", "local", "description", "Private DNS namespace for ECS services", "vpc", Out{"vpc", "vpc_id"}, "arn", Computed{})})
	a.add(&Res{Type: "aws_service_discovery_service", Name: "app",
		V: m("name", "my-app", "dns_config", l(m("namespace_id", Ref{"aws_service_discovery_private_dns_namespace.main", "id"}, "routing_policy", "MULTIVALUE",
			"dns_records", l(m("ttl", 10, "type", "A")))), "health_check_custom_config", l(m("failure_threshold", 1)), "arn", Computed{})})
	a.add(&Res{Type: "aws_ecs_service", Name: "app",
		V: m("name", "my-app", "cluster", Ref{"aws_ecs_cluster.main", "id"}, "task_definition", Ref{"aws_ecs_task_definition.app", "arn"},
			"desired_count", 3, "launch_type", "FARGATE",
			"network_configuration", l(m("subnets", Out{"vpc", "private_subnets"}, "security_groups", l(sgRef("ecs_tasks")), "assign_public_ip", false)),
			"load_balancer", l(m("target_group_arn", Ref{"aws_lb_target_group.app", "arn"}, "container_name", "app", "container_port", 8080, "elb_name", "")),
			"service_registries", l(m("registry_arn", Ref{"aws_service_discovery_service.app", "arn"}, "port", 0, "container_name", "", "container_port", 0)))})
	return a
}

// lambdaRDS is the guide's data tier: a Lambda function in the VPC with
// interface endpoints, PostgreSQL behind RDS Proxy, Redis and MSK, and an
// API Gateway VPC link. The vpc module runs with its defaults for the
// database subnets, which share the private route tables.
func lambdaRDS() *Arch {
	a := newArch("lambda-rds")
	vpcModule(a, vpcOpts{name: "app", cidr: "10.20.0.0/16", azs: azs3,
		public: []string{"10.20.101.0/24", "10.20.102.0/24", "10.20.103.0/24"}, private: []string{"10.20.0.0/19", "10.20.32.0/19", "10.20.64.0/19"},
		db: []string{"10.20.201.0/24", "10.20.202.0/24", "10.20.203.0/24"}, nat: true, singleNAT: true})
	world := m("cidr_blocks", l("0.0.0.0/0"))
	// The Lambda group's rules are separate resources: inline, they and
	// the database and cache groups would refer to each other in a cycle.
	sg(a, "lambda", "Security group for Lambda functions", []any{}, []any{})
	lam := func(name, desc string, port int, peer map[string]any) {
		v := m("type", "egress", "description", desc, "from_port", port, "to_port", port, "protocol", "tcp", "security_group_id", sgRef("lambda"), "self", false)
		for k, x := range peer {
			v[k] = x
		}
		a.add(&Res{Type: "aws_security_group_rule", Name: name, V: v})
	}
	lam("lambda_to_rds", "To RDS", 5432, m("source_security_group_id", sgRef("db_tier")))
	lam("lambda_to_redis", "To ElastiCache", 6379, m("source_security_group_id", sgRef("redis")))
	lam("lambda_https", "HTTPS outbound", 443, m("cidr_blocks", l("0.0.0.0/0")))
	sg(a, "app_tier", "App tier", []any{}, l(rule("All outbound", 0, 0, "-1", world)))
	sg(a, "db_tier", "Security group for RDS", l(
		rule("PostgreSQL from app tier", 5432, 5432, "tcp", m("security_groups", l(sgRef("app_tier")))),
		rule("PostgreSQL from Lambda", 5432, 5432, "tcp", m("security_groups", l(sgRef("lambda")))),
		rule("PostgreSQL from RDS Proxy", 5432, 5432, "tcp", m("security_groups", l(sgRef("rds_proxy"))))), []any{})
	sg(a, "rds_proxy", "RDS Proxy", l(rule("From Lambda", 5432, 5432, "tcp", m("security_groups", l(sgRef("lambda"))))),
		l(rule("To the database", 5432, 5432, "tcp", m("cidr_blocks", l("10.20.0.0/16")))))
	sg(a, "redis", "Security group for ElastiCache Redis", l(rule("Redis from app tier", 6379, 6379, "tcp",
		m("security_groups", l(sgRef("app_tier"), sgRef("lambda"))))), []any{})
	sg(a, "msk", "Security group for MSK", l(
		rule("Kafka TLS", 9094, 9094, "tcp", m("security_groups", l(sgRef("app_tier")))),
		rule("Zookeeper", 2181, 2181, "tcp", m("security_groups", l(sgRef("app_tier")))),
		rule("Inter-broker", 0, 0, "-1", m("self", true))), l(rule("", 0, 0, "-1", world)))
	sg(a, "vpc_endpoints", "Interface endpoints", l(rule("HTTPS from the VPC", 443, 443, "tcp", m("cidr_blocks", l("10.20.0.0/16")))), []any{})
	sg(a, "vpc_link", "Security group for API Gateway VPC Link", []any{}, l(rule("To internal ALB", 443, 443, "tcp", m("cidr_blocks", l("10.20.0.0/16")))))
	a.add(&Res{Type: "aws_iam_role", Name: "lambda", V: m("name", "lambda", "assume_role_policy", `{"Version":"2012-10-17"}`, "arn", Computed{})})
	a.add(&Res{Type: "aws_lambda_function", Name: "vpc_lambda",
		V: m("filename", "function.zip", "function_name", "my-vpc-function", "role", Ref{"aws_iam_role.lambda", "arn"}, "handler", "index.handler",
			"runtime", "nodejs18.x", "timeout", 30, "arn", Computed{},
			"vpc_config", l(m("subnet_ids", Out{"vpc", "private_subnets"}, "security_group_ids", l(sgRef("lambda")), "vpc_id", Computed{})),
			"environment", l(m("variables", m("DB_HOST", Ref{"aws_db_instance.main", "address"})))),
		Cfg: map[string]any{"environment": l(m("variables", m("references", l("aws_db_instance.main.address", "aws_db_instance.main"))))}})
	for _, svc := range []string{"logs", "secretsmanager", "ssm"} {
		a.add(&Res{Type: "aws_vpc_endpoint", Name: "lambda_endpoints", Index: svc, ForEach: l("secretsmanager", "ssm", "logs"),
			V: m("vpc_id", Out{"vpc", "vpc_id"}, "service_name", "com.amazonaws.us-east-1."+svc, "vpc_endpoint_type", "Interface",
				"subnet_ids", Out{"vpc", "private_subnets"}, "security_group_ids", l(sgRef("vpc_endpoints")), "private_dns_enabled", true,
				"route_table_ids", Computed{State: []any{}}, "policy", Computed{}, "state", Computed{State: "available"},
				"dns_options", Computed{State: l(m("dns_record_ip_type", "ipv4", "private_dns_only_for_inbound_resolver_endpoint", false))},
				"tags", m("Name", svc+"-endpoint")),
			Cfg: map[string]any{"service_name": Refs{"var.region", "each.value"}, "tags": Refs{"each.value"}}})
	}
	a.add(&Res{Type: "aws_db_subnet_group", Name: "main", V: m("name", "main-db-subnet-group", "subnet_ids", Out{"vpc", "database_subnets"}, "arn", Computed{})})
	a.add(&Res{Type: "aws_db_instance", Name: "main",
		V: m("identifier", "production-db", "engine", "postgres", "instance_class", "db.r6g.large", "db_subnet_group_name", Ref{"aws_db_subnet_group.main", "name"},
			"vpc_security_group_ids", l(sgRef("db_tier")), "publicly_accessible", false, "multi_az", true, "port", Computed{State: 5432},
			"address", Computed{State: "production-db.abc.us-east-1.rds.amazonaws.com"})})
	a.add(&Res{Type: "aws_db_proxy", Name: "main",
		V: m("name", "rds-proxy", "engine_family", "POSTGRESQL", "require_tls", true, "role_arn", "arn:aws:iam::111122223333:role/rds-proxy",
			"vpc_security_group_ids", l(sgRef("rds_proxy")), "vpc_subnet_ids", Out{"vpc", "database_subnets"}, "arn", Computed{}, "endpoint", Computed{})})
	a.add(&Res{Type: "aws_elasticache_subnet_group", Name: "main", V: m("name", "main-cache-subnet-group", "subnet_ids", Out{"vpc", "database_subnets"})})
	a.add(&Res{Type: "aws_elasticache_replication_group", Name: "main",
		V: m("replication_group_id", "production-redis", "description", "Production Redis cluster", "node_type", "cache.r6g.large",
			"num_cache_clusters", 2, "port", 6379, "subnet_group_name", Ref{"aws_elasticache_subnet_group.main", "name"},
			"security_group_ids", l(sgRef("redis")), "at_rest_encryption_enabled", true, "transit_encryption_enabled", true,
			"automatic_failover_enabled", true, "multi_az_enabled", true, "arn", Computed{})})
	a.add(&Res{Type: "aws_msk_cluster", Name: "main",
		V: m("cluster_name", "production-kafka", "kafka_version", "3.5.1", "number_of_broker_nodes", 3,
			"broker_node_group_info", l(m("instance_type", "kafka.m5.large", "client_subnets", Out{"vpc", "private_subnets"},
				"security_groups", l(sgRef("msk")), "connectivity_info", l(m("public_access", l(m("type", "DISABLED")))))),
			"arn", Computed{}, "bootstrap_brokers_tls", Computed{})})
	a.add(&Res{Type: "aws_apigatewayv2_vpc_link", Name: "main",
		V: m("name", "main-vpc-link", "security_group_ids", l(sgRef("vpc_link")), "subnet_ids", Out{"vpc", "private_subnets"}, "arn", Computed{})})
	a.add(&Res{Type: "aws_apigatewayv2_api", Name: "main", V: m("name", "my-api", "protocol_type", "HTTP", "arn", Computed{})})
	// The app tier the guide's groups admit: one instance per private
	// subnet.
	for i := 0; i < 3; i++ {
		a.add(&Res{Type: "aws_instance", Name: "app", Index: i, Count: 3,
			V: m("ami", "ami-0abcdef1234567890", "instance_type", "t3.medium", "subnet_id", OutAt{"vpc", "private_subnets", i},
				"vpc_security_group_ids", l(sgRef("app_tier")), "associate_public_ip_address", Computed{State: false},
				"private_ip", Computed{}, "public_ip", Computed{State: ""}, "primary_network_interface_id", Computed{}, "source_dest_check", true),
			Cfg: map[string]any{"subnet_id": Refs{"module.vpc.private_subnets", "module.vpc", "count.index"}}})
	}
	a.Vars = m("region", "us-east-1")
	return a
}

// latticeNetwork is a VPC Lattice service network from the concepts
// guide: a client VPC associated with the network, an orders service
// whose targets are instances in a provider VPC, and a database shared
// through a resource gateway and resource configuration. The two VPCs are
// not connected otherwise.
func latticeNetwork() *Arch {
	a := newArch("lattice-service-network")
	vpcs := []struct{ name, cidr string }{{"client", "10.1.0.0/16"}, {"provider", "10.2.0.0/16"}}
	for _, v := range vpcs {
		a.add(&Res{Type: "aws_vpc", Name: v.name, V: m("cidr_block", v.cidr, "enable_dns_support", true, "enable_dns_hostnames", true,
			"default_route_table_id", Computed{}, "default_security_group_id", Computed{}, "default_network_acl_id", Computed{}, "arn", Computed{}, "tags", m("Name", v.name))})
		for i, az := range azs3[:2] {
			a.add(&Res{Type: "aws_subnet", Name: v.name, Index: i, Count: 2,
				V: m("vpc_id", Ref{"aws_vpc." + v.name, "id"}, "cidr_block", fmt.Sprintf("%s.%d.0/24", v.cidr[:4], i+1),
					"availability_zone", az, "map_public_ip_on_launch", false, "arn", Computed{}),
				Cfg: map[string]any{"availability_zone": Refs{fmt.Sprintf("data.aws_availability_zones.available.names[%d]", i), "data.aws_availability_zones.available.names", "data.aws_availability_zones.available"},
					"cidr_block": Refs{"aws_vpc." + v.name + ".cidr_block", "aws_vpc." + v.name, "count.index"}}})
		}
	}
	availabilityZones(a)
	a.add(&Res{Data: true, Type: "aws_ec2_managed_prefix_list", Name: "vpc_lattice",
		V: m("id", "pl-0123456789abcdef0", "name", "com.amazonaws.us-east-1.vpc-lattice", "owner_id", "AWS", "address_family", "IPv4", "max_entries", 2,
			"entries", l(m("cidr", "169.254.171.0/24", "description", ""), m("cidr", "129.224.0.0/17", "description", "")))})
	vsg := func(name, vpcName string, ingress, egress []any) {
		a.add(&Res{Type: "aws_security_group", Name: name, V: m("name", name, "description", name, "vpc_id", Ref{"aws_vpc." + vpcName, "id"},
			"ingress", ingress, "egress", egress, "arn", Computed{})})
	}
	vsg("client", "client", []any{}, l(rule("HTTPS anywhere", 443, 443, "tcp", m("cidr_blocks", l("0.0.0.0/0")))))
	vsg("lattice_association", "client", l(rule("HTTPS from the client VPC", 443, 443, "tcp", m("cidr_blocks", l("10.1.0.0/16")))), []any{})
	vsg("orders", "provider", l(rule("From VPC Lattice", 8080, 8080, "tcp", m("prefix_list_ids", l(Ref{"data.aws_ec2_managed_prefix_list.vpc_lattice", "id"})))),
		l(rule("All outbound", 0, 0, "-1", m("cidr_blocks", l("0.0.0.0/0")))))
	vsg("resource_gateway", "provider", []any{}, l(rule("PostgreSQL to the database", 5432, 5432, "tcp", m("cidr_blocks", l("10.2.0.0/16")))))
	for i := 0; i < 2; i++ {
		a.add(&Res{Type: "aws_instance", Name: "orders", Index: i, Count: 2,
			V: m("ami", "ami-0abcdef1234567890", "instance_type", "t3.small", "subnet_id", Ref{fmt.Sprintf("aws_subnet.provider[%d]", i), "id"},
				"vpc_security_group_ids", l(sgRef("orders")), "private_ip", Computed{}, "public_ip", Computed{}, "associate_public_ip_address", Computed{},
				"primary_network_interface_id", Computed{}),
			Cfg: map[string]any{"subnet_id": Refs{"aws_subnet.provider", "count.index"}}})
	}
	a.add(&Res{Type: "aws_instance", Name: "client",
		V: m("ami", "ami-0abcdef1234567890", "instance_type", "t3.small", "subnet_id", Ref{"aws_subnet.client[0]", "id"},
			"vpc_security_group_ids", l(sgRef("client")), "private_ip", Computed{}, "public_ip", Computed{}, "associate_public_ip_address", Computed{},
			"primary_network_interface_id", Computed{})})
	a.add(&Res{Type: "aws_vpclattice_service_network", Name: "main", V: m("name", "orders-network", "auth_type", "AWS_IAM", "arn", Computed{})})
	a.add(&Res{Type: "aws_vpclattice_auth_policy", Name: "network", V: m("resource_identifier", Ref{"aws_vpclattice_service_network.main", "arn"},
		"policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-example"}}}]}`)})
	a.add(&Res{Type: "aws_vpclattice_service_network_vpc_association", Name: "client",
		V: m("vpc_identifier", Ref{"aws_vpc.client", "id"}, "service_network_identifier", Ref{"aws_vpclattice_service_network.main", "id"},
			"security_group_ids", l(sgRef("lattice_association")), "status", Computed{State: "ACTIVE"}, "arn", Computed{})})
	a.add(&Res{Type: "aws_vpclattice_service", Name: "orders", V: m("name", "orders", "auth_type", "NONE", "arn", Computed{},
		"dns_entry", Computed{State: l(m("domain_name", "orders-0123456789abcdef0.7d67968.vpc-lattice-svcs.us-east-1.on.aws", "hosted_zone_id", "Z0123"))})})
	a.add(&Res{Type: "aws_vpclattice_service_network_service_association", Name: "orders",
		V: m("service_identifier", Ref{"aws_vpclattice_service.orders", "id"}, "service_network_identifier", Ref{"aws_vpclattice_service_network.main", "id"},
			"status", Computed{State: "ACTIVE"}, "arn", Computed{})})
	a.add(&Res{Type: "aws_vpclattice_target_group", Name: "orders",
		V: m("name", "orders", "type", "INSTANCE", "arn", Computed{},
			"config", l(m("port", 8080, "protocol", "HTTP", "protocol_version", "HTTP1", "vpc_identifier", Ref{"aws_vpc.provider", "id"},
				"health_check", l(m("enabled", true, "path", "/health", "protocol", "HTTP", "healthy_threshold_count", 3,
					"matcher", l(m("value", "200")))))))})
	for i := 0; i < 2; i++ {
		a.add(&Res{Type: "aws_vpclattice_target_group_attachment", Name: "orders", Index: i, Count: 2,
			V:   m("target_group_identifier", Ref{"aws_vpclattice_target_group.orders", "id"}, "target", l(m("id", Ref{fmt.Sprintf("aws_instance.orders[%d]", i), "id"}, "port", 8080))),
			Cfg: map[string]any{"target": l(m("id", m("references", l("aws_instance.orders", "count.index")), "port", m("constant_value", 8080)))}})
	}
	a.add(&Res{Type: "aws_vpclattice_listener", Name: "https",
		V: m("name", "https", "protocol", "HTTPS", "port", 443, "service_identifier", Ref{"aws_vpclattice_service.orders", "id"}, "listener_id", Computed{}, "arn", Computed{},
			"default_action", l(m("forward", l(m("target_groups", l(m("target_group_identifier", Ref{"aws_vpclattice_target_group.orders", "id"}, "weight", 100)))))))})
	a.add(&Res{Type: "aws_vpclattice_listener_rule", Name: "admin",
		V: m("name", "block-admin", "priority", 10, "service_identifier", Ref{"aws_vpclattice_service.orders", "id"}, "listener_identifier", Ref{"aws_vpclattice_listener.https", "listener_id"},
			"match", l(m("http_match", l(m("path_match", l(m("case_sensitive", false, "match", l(m("prefix", l(m("value", "/admin")))))))))),
			"action", l(m("fixed_response", l(m("status_code", 404)))), "rule_id", Computed{}, "arn", Computed{})})
	a.add(&Res{Type: "aws_vpclattice_resource_gateway", Name: "db",
		V: m("name", "db-gateway", "vpc_id", Ref{"aws_vpc.provider", "id"}, "subnet_ids", l(Ref{"aws_subnet.provider[0]", "id"}, Ref{"aws_subnet.provider[1]", "id"}),
			"security_group_ids", l(sgRef("resource_gateway")), "ip_address_type", "IPV4", "arn", Computed{})})
	a.add(&Res{Type: "aws_vpclattice_resource_configuration", Name: "db",
		V: m("name", "orders-db", "type", "SINGLE", "resource_gateway_identifier", Ref{"aws_vpclattice_resource_gateway.db", "id"}, "port_ranges", l("5432"), "protocol", "TCP",
			"resource_configuration_definition", l(m("ip_resource", l(m("ip_address", "10.2.1.50")))), "arn", Computed{})})
	a.add(&Res{Type: "aws_vpclattice_service_network_resource_association", Name: "db",
		V: m("resource_configuration_identifier", Ref{"aws_vpclattice_resource_configuration.db", "id"}, "service_network_identifier", Ref{"aws_vpclattice_service_network.main", "id"}, "arn", Computed{})})
	return a
}

func architectures() []*Arch {
	return []*Arch{threeTier(), eks(), ecsFargate(), lambdaRDS(), latticeNetwork(), lambdaDataExample(), ecsFargateExample(), eksVPCExample(), workloadEdges(), moduleWorkloads()}
}

func stateArchitectures() []*Arch { return []*Arch{threeTier(), networkCore(), eksVPCExample()} }
