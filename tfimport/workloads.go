package tfimport

import (
	"fmt"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

// workloadPhase records compute and data services as workloads, and the
// subnet groups they read.
var workloadPhase = phase{
	"aws_lambda_function":               (*builder).doLambda,
	"aws_ecs_service":                   (*builder).doECSService,
	"aws_db_instance":                   (*builder).doDB,
	"aws_rds_cluster":                   (*builder).doDB,
	"aws_rds_cluster_instance":          (*builder).doRDSClusterInstance,
	"aws_db_proxy":                      (*builder).doDBProxy,
	"aws_elasticache_replication_group": (*builder).doCache,
	"aws_elasticache_cluster":           (*builder).doCache,
	"aws_msk_cluster":                   (*builder).doMSK,
	"aws_eks_cluster":                   (*builder).doEKS,
	"aws_eks_node_group":                (*builder).doNodeGroup,
	"aws_apigatewayv2_vpc_link":         (*builder).doVPCLink,
	"aws_db_subnet_group":               (*builder).doSubnetGroup,
	"aws_elasticache_subnet_group":      (*builder).doSubnetGroup,
	"aws_lb_listener_rule": func(b *builder, in *inst) {
		b.skip(in, "its listener is not in the import")
	},
	"aws_alb_listener_rule": func(b *builder, in *inst) {
		b.skip(in, "its listener is not in the import")
	},
	"aws_vpclattice_listener_rule": func(b *builder, in *inst) {
		b.skip(in, "its listener is not in the import")
	},
}

const expandNote = "not modelled yet: the workload package will expand it into network interfaces"

func (b *builder) workload(in *inst, w Workload, what string) {
	w.Address, w.Type = in.addr, in.typ
	var known []string
	for _, s := range w.Subnets {
		if b.d.subnets.get(s) != nil {
			known = append(known, s)
		} else {
			b.skipAttr(in, "subnets", "subnet %q is not in the import", s)
		}
	}
	w.Subnets = known
	need := fmt.Sprintf("%s: %s", expandNote, what)
	if len(w.Subnets) > 0 {
		need += fmt.Sprintf(" in subnets %s", strings.Join(w.Subnets, ", "))
	}
	if len(w.SecurityGroups) > 0 {
		need += fmt.Sprintf(", carrying %s", strings.Join(w.SecurityGroups, ", "))
	}
	w.NotModelled = need
	b.res.Workloads = append(b.res.Workloads, w)
	b.imported(in, "workload ("+string(w.Kind)+")")
}

// subnetGroup returns the subnets of the DB or cache subnet group that
// attribute key names.
func (b *builder) subnetGroup(in *inst, key string) []string {
	id := b.ref(in, in.a, key, key, in.expr(key))
	if g := b.byID(id); g != nil {
		return b.refs(g, g.a, "subnet_ids", "subnet_ids", g.expr("subnet_ids"))
	}
	return nil
}

// byID returns the instance whose ID is id.
func (b *builder) byID(id string) *inst {
	if id == "" {
		return nil
	}
	for _, in := range b.insts {
		if in.id == id {
			return in
		}
	}
	return nil
}

func port(in *inst) []uint16 {
	if p, ok := in.a.num("port"); ok && p > 0 && p <= 65535 {
		return []uint16{uint16(p)}
	}
	return nil
}

var enginePorts = map[string]uint16{
	"postgres": 5432, "aurora-postgresql": 5432, "mysql": 3306, "mariadb": 3306, "aurora-mysql": 3306,
	"oracle": 1521, "sqlserver": 1433,
}

func (b *builder) doLambda(in *inst) {
	vc, ok := in.a.block("vpc_config")
	if !ok {
		in.done = true
		b.res.Resources = append(b.res.Resources, Resource{Address: in.addr, Type: in.typ, ID: in.id, As: "Lambda function outside any VPC: nothing to place"})
		return
	}
	cfg := cfgAt(blockExprs(exprsOf(in), "vpc_config"), 0)
	w := Workload{Kind: vpc.KindLambda}
	w.Subnets = b.refs(in, vc, "subnet_ids", "vpc_config.subnet_ids", cfg["subnet_ids"])
	w.SecurityGroups = b.refs(in, vc, "security_group_ids", "vpc_config.security_group_ids", cfg["security_group_ids"])
	b.workload(in, w, "one Lambda interface (kind lambda, never a public address) per subnet and security group combination")
}

func (b *builder) doECSService(in *inst) {
	nc, ok := in.a.block("network_configuration")
	if !ok {
		b.skip(in, "an ECS service without awsvpc network_configuration uses its hosts' interfaces, which are not modelled")
		return
	}
	cfg := cfgAt(blockExprs(exprsOf(in), "network_configuration"), 0)
	w := Workload{Kind: vpc.KindECSTask}
	w.Subnets = b.refs(in, nc, "subnets", "network_configuration.subnets", cfg["subnets"])
	w.SecurityGroups = b.refs(in, nc, "security_groups", "network_configuration.security_groups", cfg["security_groups"])
	w.AssignPublicIP = nc.boolp("assign_public_ip")
	w.Count, _ = in.a.num("desired_count")
	lbcfg := blockExprs(exprsOf(in), "load_balancer")
	for i, lb := range in.a.blocks("load_balancer") {
		if tg := b.ref(in, lb, "target_group_arn", fmt.Sprintf("load_balancer[%d].target_group_arn", i), exprAt(lbcfg, i, "target_group_arn")); tg != "" {
			w.TargetGroups = append(w.TargetGroups, tg)
		}
		if p, ok := lb.num("container_port"); ok && p > 0 && p <= 65535 {
			w.Ports = append(w.Ports, uint16(p))
		}
	}
	b.workload(in, w, fmt.Sprintf("%d task interfaces (kind ecs-task), registered as ip targets of their target groups", w.Count))
}

func (b *builder) doDB(in *inst) {
	w := Workload{Kind: vpc.KindRDS}
	w.Subnets = b.subnetGroup(in, "db_subnet_group_name")
	w.SecurityGroups = b.refs(in, in.a, "vpc_security_group_ids", "vpc_security_group_ids", in.expr("vpc_security_group_ids"))
	pub, _ := in.a.boolean("publicly_accessible")
	w.AssignPublicIP = &pub
	w.Ports = port(in)
	if w.Ports == nil {
		if p, ok := enginePorts[in.a.str("engine")]; ok {
			w.Ports = []uint16{p}
		}
	}
	n := "one database interface (kind rds)"
	if multi, _ := in.a.boolean("multi_az"); multi {
		n = "a primary and a standby database interface (kind rds) in two zones"
	}
	b.workload(in, w, n)
}

func (b *builder) doRDSClusterInstance(in *inst) {
	w := Workload{Kind: vpc.KindRDS}
	w.Subnets = b.subnetGroup(in, "db_subnet_group_name")
	pub, _ := in.a.boolean("publicly_accessible")
	w.AssignPublicIP = &pub
	if c := b.byID(b.ref(in, in.a, "cluster_identifier", "cluster_identifier", in.expr("cluster_identifier"))); c != nil {
		w.SecurityGroups = b.refs(c, c.a, "vpc_security_group_ids", "vpc_security_group_ids", c.expr("vpc_security_group_ids"))
		w.Ports = port(c)
	}
	b.workload(in, w, "one database interface (kind rds) carrying its cluster's security groups")
}

func (b *builder) doDBProxy(in *inst) {
	w := Workload{Kind: vpc.KindOther}
	w.Subnets = b.refs(in, in.a, "vpc_subnet_ids", "vpc_subnet_ids", in.expr("vpc_subnet_ids"))
	w.SecurityGroups = b.refs(in, in.a, "vpc_security_group_ids", "vpc_security_group_ids", in.expr("vpc_security_group_ids"))
	b.workload(in, w, "one proxy interface per subnet, a proxy in front of its database")
}

func (b *builder) doCache(in *inst) {
	w := Workload{Kind: vpc.KindElastiCache}
	w.Subnets = b.subnetGroup(in, "subnet_group_name")
	w.SecurityGroups = b.refs(in, in.a, "security_group_ids", "security_group_ids", in.expr("security_group_ids"))
	w.Ports = port(in)
	if n, ok := in.a.num("num_cache_clusters"); ok {
		w.Count = n
	} else if n, ok := in.a.num("num_cache_nodes"); ok {
		w.Count = n
	}
	b.workload(in, w, fmt.Sprintf("%d cache node interfaces (kind elasticache)", w.Count))
}

func (b *builder) doMSK(in *inst) {
	bi, _ := in.a.block("broker_node_group_info")
	cfg := cfgAt(blockExprs(exprsOf(in), "broker_node_group_info"), 0)
	w := Workload{Kind: vpc.KindMSKBroker, Ports: []uint16{9092, 9094, 9098}}
	w.Subnets = b.refs(in, bi, "client_subnets", "broker_node_group_info.client_subnets", cfg["client_subnets"])
	w.SecurityGroups = b.refs(in, bi, "security_groups", "broker_node_group_info.security_groups", cfg["security_groups"])
	w.Count, _ = in.a.num("number_of_broker_nodes")
	b.workload(in, w, fmt.Sprintf("%d broker interfaces (kind msk-broker), one zone each", w.Count))
}

func (b *builder) doEKS(in *inst) {
	vc, _ := in.a.block("vpc_config")
	cfg := cfgAt(blockExprs(exprsOf(in), "vpc_config"), 0)
	w := Workload{Kind: vpc.KindEKSControl, Ports: []uint16{443}}
	w.Subnets = b.refs(in, vc, "subnet_ids", "vpc_config.subnet_ids", cfg["subnet_ids"])
	w.SecurityGroups = b.refs(in, vc, "security_group_ids", "vpc_config.security_group_ids", cfg["security_group_ids"])
	b.workload(in, w, "cross-account control-plane interfaces (kind eks-control-plane) and the cluster security group EKS creates")
}

func (b *builder) doNodeGroup(in *inst) {
	w := Workload{Kind: vpc.KindEKSNode}
	w.Subnets = b.refs(in, in.a, "subnet_ids", "subnet_ids", in.expr("subnet_ids"))
	if sc, ok := in.a.block("scaling_config"); ok {
		w.Count, _ = sc.num("desired_size")
	}
	if c := b.byID(b.ref(in, in.a, "cluster_name", "cluster_name", in.expr("cluster_name"))); c != nil && c.typ == "aws_eks_cluster" {
		vc, _ := c.a.block("vpc_config")
		w.SecurityGroups = b.refs(c, vc, "security_group_ids", "vpc_config.security_group_ids", cfgAt(blockExprs(exprsOf(c), "vpc_config"), 0)["security_group_ids"])
	}
	b.workload(in, w, fmt.Sprintf("%d node interfaces (kind eks-node) with the cluster security group, and pod addresses from the same subnets", w.Count))
}

func (b *builder) doVPCLink(in *inst) {
	w := Workload{Kind: vpc.KindOther}
	w.Subnets = b.refs(in, in.a, "subnet_ids", "subnet_ids", in.expr("subnet_ids"))
	w.SecurityGroups = b.refs(in, in.a, "security_group_ids", "security_group_ids", in.expr("security_group_ids"))
	b.workload(in, w, "one VPC link interface per subnet, the source of API Gateway's requests to private integrations")
}

func (b *builder) doSubnetGroup(in *inst) {
	if n := in.a.str("name"); n != "" {
		b.alias[n] = in.id
	}
	in.done = true
	b.res.Resources = append(b.res.Resources, Resource{Address: in.addr, Type: in.typ, ID: in.id, As: "subnet group, read by the workloads that name it"})
}
