package tfimport

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// This file imports the compute and data services the seeds run in their
// VPCs as declarations of package workload (sim.Network.Workloads), which
// sim.Compile expands into the interfaces AWS creates for them.

// workloadPhase records compute and data services as workloads, and the
// subnet groups they read.
var workloadPhase = phase{
	"aws_lambda_function":               (*builder).doLambda,
	"aws_ecs_service":                   (*builder).doECSService,
	"aws_db_instance":                   (*builder).doDB,
	"aws_rds_cluster":                   (*builder).doRDSCluster,
	"aws_elasticache_replication_group": (*builder).doCache,
	"aws_elasticache_cluster":           (*builder).doCache,
	"aws_msk_cluster":                   (*builder).doMSK,
	"aws_eks_cluster":                   (*builder).doEKS,
	"aws_apigatewayv2_vpc_link":         (*builder).doVPCLink,
	"aws_api_gateway_vpc_link": func(b *builder, in *inst) {
		b.skip(in, "a REST API VPC link reaches its Network Load Balancers through PrivateLink; it places no interface in the VPC (the load balancers are imported as such)")
	},
	"aws_db_subnet_group":          (*builder).doSubnetGroup,
	"aws_elasticache_subnet_group": (*builder).doSubnetGroup,
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

// workloadDetailPhase adds to the workloads of workloadPhase what other
// resources declare about them: node groups, Aurora instances, proxies
// and their targets.
var workloadDetailPhase = phase{
	"aws_eks_node_group":       (*builder).doNodeGroup,
	"aws_rds_cluster_instance": (*builder).doRDSClusterInstance,
	"aws_db_proxy":             (*builder).doDBProxy,
	"aws_db_proxy_target":      (*builder).doDBProxyTarget,
	"aws_db_proxy_default_target_group": func(b *builder, in *inst) {
		b.imported(in, "the target group of an RDS Proxy: its aws_db_proxy_target names the database")
	},
}

// nameKeys names, per workload resource type, the attribute holding the
// name AWS knows the service by; the workload takes it as its ID.
var nameKeys = map[string]string{
	"aws_lambda_function":               "function_name",
	"aws_ecs_service":                   "name",
	"aws_db_instance":                   "identifier",
	"aws_rds_cluster":                   "cluster_identifier",
	"aws_db_proxy":                      "name",
	"aws_elasticache_replication_group": "replication_group_id",
	"aws_elasticache_cluster":           "cluster_id",
	"aws_msk_cluster":                   "cluster_name",
	"aws_eks_cluster":                   "name",
	"aws_apigatewayv2_vpc_link":         "name",
}

// wlState holds the workloads under construction, by workload ID.
type wlState struct {
	ids     map[*inst]string // workload ID of each workload instance
	eks     store[workload.EKSCluster]
	ecs     store[workload.ECSService]
	lambdas store[workload.LambdaFunction]
	rds     store[workload.RDSInstance]
	aurora  store[workload.AuroraCluster]
	proxies store[workload.RDSProxy]
	caches  store[workload.CacheCluster]
	msk     store[workload.MSKCluster]
	links   store[workload.VPCLink]
	// nodeGroups holds the instance of each node group, by cluster ID and
	// node group name; auroraInsts the instances of each Aurora cluster.
	nodeGroups  map[string]map[string]*inst
	auroraInsts map[string][]*inst
	// proxyTarget is the workload each proxy fronts, by proxy ID, as
	// aws_db_proxy_target declares it.
	proxyTarget map[string]string
	// lbs are the load_balancer blocks of each ECS service, by service ID.
	lbs map[string][]ecsLB
}

// ecsLB is a load_balancer block of an ECS service: the target group
// its tasks register with, on which port.
type ecsLB struct {
	attr        string
	targetGroup string
	port        uint16
}

// indexWorkloads gives every workload instance its workload ID before the
// phases run, so that references to an EKS cluster's security group
// resolve: the name AWS knows the service by when it is known, free of
// "/" and unique among the workloads; else its address.
func (b *builder) indexWorkloads() {
	b.wl.ids = map[*inst]string{}
	names := map[string]int{}
	for _, in := range b.insts {
		if k, ok := nameKeys[in.typ]; ok && in.mode != tfjson.DataResourceMode {
			if n := in.a.str(k); n != "" {
				names[n]++
			}
		}
	}
	for _, in := range b.insts {
		k, ok := nameKeys[in.typ]
		if !ok || in.mode == tfjson.DataResourceMode {
			continue
		}
		id := in.a.str(k)
		if id == "" || names[id] > 1 || strings.Contains(id, "/") || names[in.addr] > 0 {
			id = strings.ReplaceAll(in.addr, "/", "_")
		}
		b.wl.ids[in] = id
		if in.typ == "aws_eks_cluster" {
			if vc, ok := in.a.block("vpc_config"); ok {
				if sg := vc.str("cluster_security_group_id"); sg != "" {
					b.alias[sg] = workload.ClusterSecurityGroupID(id)
				}
			}
		}
	}
}

// workloadID returns the workload ID of in, recording a placeholder
// when its name is known only after apply.
func (b *builder) workloadID(in *inst) string {
	id := b.wl.ids[in]
	if k := nameKeys[in.typ]; in.a.str(k) == "" && in.a.unknown(k) {
		b.placeholder(in, k, id, "known after apply: the workload is named by its address")
	}
	return id
}

// clusterSG returns the ID of the cluster security group EKS creates for
// the cluster in declares (its vpc_config.cluster_security_group_id).
func (b *builder) clusterSG(in *inst) string {
	return workload.ClusterSecurityGroupID(b.wl.ids[in])
}

// placement keeps the subnets and security groups of a workload that the
// import holds, reporting the others under the field of the declaration
// they are cut from (field for the subnets, "securityGroups").
func (b *builder) placement(in *inst, field string, subnets, groups []string) ([]string, []string) {
	var sn, sg []string
	for _, s := range subnets {
		if b.d.subnets.get(s) != nil {
			sn = append(sn, s)
		} else {
			b.skipAttr(in, field, "subnet %q is not in the import", s)
		}
	}
	for _, g := range groups {
		if b.d.sgs.get(g) != nil || b.isClusterSG(g) {
			sg = append(sg, g)
		} else {
			b.skipAttr(in, "securityGroups", "security group %q is not in the import", g)
		}
	}
	return sn, sg
}

// isClusterSG reports whether id is the cluster security group of an
// EKS cluster of the import.
func (b *builder) isClusterSG(id string) bool {
	c, ok := strings.CutSuffix(id, "/cluster-sg")
	if !ok {
		return false
	}
	for in, w := range b.wl.ids {
		if w == c && in.typ == "aws_eks_cluster" {
			return true
		}
	}
	return false
}

// noSubnets skips a workload none of whose subnets is in the import.
func (b *builder) noSubnets(in *inst, subnets []string) bool {
	if len(subnets) > 0 {
		return false
	}
	b.skip(in, "none of its subnets is in the import: nothing to place")
	return true
}

func (b *builder) wlImported(in *inst, id string, as string) {
	in.done = true
	b.res.Resources = append(b.res.Resources, Resource{Address: in.addr, Type: in.typ, ID: id, As: as})
}

// subnetGroup returns the DB or cache subnet group that attribute key
// names, with its subnets; ok is false when it names none of the import.
func (b *builder) subnetGroup(in *inst, key string) (workload.SubnetGroup, bool) {
	id := b.ref(in, in.a, key, key, in.expr(key))
	g := b.byID(id)
	if g == nil {
		return workload.SubnetGroup{}, false
	}
	name := g.a.str("name")
	if name == "" {
		name = g.id
	}
	return workload.SubnetGroup{Name: name, Subnets: b.refs(g, g.a, "subnet_ids", "subnet_ids", g.expr("subnet_ids"))}, true
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

func port(a attrs) uint16 {
	if p, ok := a.num("port"); ok && p > 0 && p <= 65535 {
		return uint16(p)
	}
	return 0
}

func (b *builder) doLambda(in *inst) {
	vc, ok := in.a.block("vpc_config")
	if !ok || (len(vc.strs("subnet_ids")) == 0 && !vc.unknown("subnet_ids")) {
		b.imported(in, "Lambda function outside any VPC: nothing to place")
		return
	}
	cfg := cfgAt(blockExprs(exprsOf(in), "vpc_config"), 0)
	id := b.workloadID(in)
	sn, sg := b.placement(in, "subnets",
		b.refs(in, vc, "subnet_ids", "vpc_config.subnet_ids", cfg["subnet_ids"]),
		b.refs(in, vc, "security_group_ids", "vpc_config.security_group_ids", cfg["security_group_ids"]))
	if b.noSubnets(in, sn) {
		return
	}
	b.wl.lambdas.put(id, in, &workload.LambdaFunction{ID: id, Name: in.a.str("function_name"), Subnets: sn, SecurityGroups: sg})
	b.wlImported(in, id, "workload.LambdaFunction")
}

func (b *builder) doECSService(in *inst) {
	nc, ok := in.a.block("network_configuration")
	if !ok {
		b.skip(in, "an ECS service without awsvpc network_configuration uses its hosts' interfaces, which are not modelled")
		return
	}
	if in.a.str("scheduling_strategy") == "DAEMON" {
		b.skip(in, "a DAEMON service runs one task per container instance; container instances are not modelled")
		return
	}
	lt := workload.LaunchType(in.a.str("launch_type"))
	if lt == "" {
		// A capacity provider strategy: Fargate's providers run Fargate
		// tasks, any other runs tasks on EC2 container instances.
		lt = workload.Fargate
		for _, s := range in.a.blocks("capacity_provider_strategy") {
			if p := s.str("capacity_provider"); p != "FARGATE" && p != "FARGATE_SPOT" {
				lt = workload.EC2
			}
		}
	}
	if !lt.Valid() {
		b.skip(in, "launch type %s: tasks outside AWS (ECS Anywhere) are not modelled", lt)
		return
	}
	cfg := cfgAt(blockExprs(exprsOf(in), "network_configuration"), 0)
	id := b.workloadID(in)
	sn, sg := b.placement(in, "subnets",
		b.refs(in, nc, "subnets", "network_configuration.subnets", cfg["subnets"]),
		b.refs(in, nc, "security_groups", "network_configuration.security_groups", cfg["security_groups"]))
	if b.noSubnets(in, sn) {
		return
	}
	pub, _ := nc.boolean("assign_public_ip")
	count, _ := in.a.num("desired_count")
	b.wl.ecs.put(id, in, &workload.ECSService{ID: id, Name: in.a.str("name"), LaunchType: lt, DesiredCount: count,
		Subnets: sn, SecurityGroups: sg, AssignPublicIP: pub})
	lbcfg := blockExprs(exprsOf(in), "load_balancer")
	for i, lb := range in.a.blocks("load_balancer") {
		attr := fmt.Sprintf("load_balancer[%d]", i)
		tg := b.ref(in, lb, "target_group_arn", attr+".target_group_arn", exprAt(lbcfg, i, "target_group_arn"))
		if tg == "" {
			b.skipAttr(in, attr, "names no target group of the import (a Classic Load Balancer is not modelled)")
			continue
		}
		if b.wl.lbs == nil {
			b.wl.lbs = map[string][]ecsLB{}
		}
		p, _ := lb.num("container_port")
		if p <= 0 || p > 65535 {
			p = 0
		}
		b.wl.lbs[id] = append(b.wl.lbs[id], ecsLB{attr: attr, targetGroup: tg, port: uint16(p)})
	}
	if len(in.a.blocks("service_registries")) > 0 {
		b.skipAttr(in, "service_registries", "Cloud Map service discovery (DNS names) is not modelled")
	}
	b.wlImported(in, id, "workload.ECSService")
}

// engine maps an engine name of the RDS API to the workload engine.
func engine(s string) (workload.Engine, bool) {
	if s == "aurora" {
		return workload.AuroraMySQL, true // Aurora MySQL 1 (MySQL 5.6)
	}
	e := workload.Engine(s)
	return e, e.Valid()
}

// dbPlacement reads where a database (what: "instance" or "cluster")
// stands: its DB subnet group, with the subnets and security groups of the
// import. It reports a database without them as skipped and returns false.
func (b *builder) dbPlacement(in *inst, what string) (workload.SubnetGroup, []string, bool) {
	g, ok := b.subnetGroup(in, "db_subnet_group_name")
	if !ok {
		b.skip(in, "no DB subnet group of the import: the %s would be placed in the default VPC, which is not imported", what)
		return g, nil, false
	}
	var sg []string
	g.Subnets, sg = b.placement(in, "subnetGroup.subnets", g.Subnets, b.attrRefs(in, "vpc_security_group_ids"))
	return g, sg, !b.noSubnets(in, g.Subnets)
}

func (b *builder) doDB(in *inst) {
	e, ok := engine(in.a.str("engine"))
	if !ok || e.IsAurora() {
		b.skip(in, "engine %q: not an RDS engine vpcsim knows (RDS Custom and Aurora instances outside a cluster are not modelled)", in.a.str("engine"))
		return
	}
	g, sg, ok := b.dbPlacement(in, "instance")
	if !ok {
		return
	}
	id := b.workloadID(in)
	d := &workload.RDSInstance{ID: id, Name: in.a.str("identifier"), Engine: e, InstanceClass: in.a.str("instance_class"),
		SubnetGroup: g, SecurityGroups: sg, Port: port(in.a)}
	d.PubliclyAccessible, _ = in.a.boolean("publicly_accessible")
	if multi, _ := in.a.boolean("multi_az"); multi {
		d.Deployment = workload.MultiAZInstance
	}
	d.AvailabilityZone = in.a.str("availability_zone")
	b.wl.rds.put(id, in, d)
	b.wlImported(in, id, "workload.RDSInstance ("+d.Deployment.String()+")")
}

// doRDSCluster imports an Aurora cluster (its instances are added by
// doRDSClusterInstance) or a Multi-AZ DB cluster of RDS for MySQL or
// PostgreSQL.
func (b *builder) doRDSCluster(in *inst) {
	e, ok := engine(in.a.str("engine"))
	if !ok {
		b.skip(in, "engine %q: not an RDS engine vpcsim knows", in.a.str("engine"))
		return
	}
	g, sg, ok := b.dbPlacement(in, "cluster")
	if !ok {
		return
	}
	id := b.workloadID(in)
	if !e.IsAurora() {
		d := &workload.RDSInstance{ID: id, Name: in.a.str("cluster_identifier"), Engine: e, InstanceClass: in.a.str("db_cluster_instance_class"),
			Deployment: workload.MultiAZCluster, SubnetGroup: g, SecurityGroups: sg, Port: port(in.a)}
		d.PubliclyAccessible, _ = in.a.boolean("publicly_accessible")
		b.wl.rds.put(id, in, d)
		b.wlImported(in, id, "workload.RDSInstance (multi-az-cluster)")
		return
	}
	b.wl.aurora.put(id, in, &workload.AuroraCluster{ID: id, Name: in.a.str("cluster_identifier"), Engine: e,
		AvailabilityZones: in.a.strs("availability_zones"), SubnetGroup: g, SecurityGroups: sg, Port: port(in.a)})
	b.wlImported(in, id, "workload.AuroraCluster")
}

// wlOf returns the instance and workload ID of the workload that
// attribute key of in names (by ID, ARN or name), or nil.
func (b *builder) wlOf(in *inst, key string) (*inst, string) {
	t := b.byID(b.ref(in, in.a, key, key, in.expr(key)))
	if t == nil {
		return nil, ""
	}
	id, ok := b.wl.ids[t]
	if !ok {
		return nil, ""
	}
	return t, id
}

// wlNamed returns the ID of the workload of resource type typ that
// attribute key of in names by the name AWS knows it by (a proxy's name,
// a DB instance's or cluster's identifier, an EKS cluster's name), or "".
// Names are matched within the type: other resources may share them (the
// vpc module names its DB subnet group after the VPC).
func (b *builder) wlNamed(in *inst, key, typ string) string {
	if v := in.a.str(key); v != "" {
		for _, x := range b.insts {
			if x.typ == typ && x.a.str(nameKeys[typ]) == v {
				return b.wl.ids[x]
			}
		}
		return ""
	}
	if !in.a.unknown(key) {
		return ""
	}
	_, id := b.wlOf(in, key)
	return id
}

func (b *builder) doRDSClusterInstance(in *inst) {
	cid := b.wlNamed(in, "cluster_identifier", "aws_rds_cluster")
	c := b.wl.aurora.get(cid)
	if c == nil {
		b.skip(in, "its Aurora cluster is not among the imported workloads")
		return
	}
	c.Instances++
	if c.InstanceClass == "" {
		c.InstanceClass = in.a.str("instance_class")
	}
	if pub, _ := in.a.boolean("publicly_accessible"); pub {
		c.PubliclyAccessible = true
	}
	if b.wl.auroraInsts == nil {
		b.wl.auroraInsts = map[string][]*inst{}
	}
	b.wl.auroraInsts[cid] = append(b.wl.auroraInsts[cid], in)
	b.wlImported(in, cid, fmt.Sprintf("DB instance %d of Aurora cluster %s", c.Instances, cid))
}

func (b *builder) doDBProxy(in *inst) {
	id := b.workloadID(in)
	sn, sg := b.placement(in, "subnets",
		b.attrRefs(in, "vpc_subnet_ids"),
		b.attrRefs(in, "vpc_security_group_ids"))
	if b.noSubnets(in, sn) {
		return
	}
	b.wl.proxies.put(id, in, &workload.RDSProxy{ID: id, Name: in.a.str("name"), Subnets: sn, SecurityGroups: sg})
	b.wlImported(in, id, "workload.RDSProxy")
}

// doDBProxyTarget records the database a proxy fronts.
func (b *builder) doDBProxyTarget(in *inst) {
	proxy := b.wlNamed(in, "db_proxy_name", "aws_db_proxy")
	if b.wl.proxies.get(proxy) == nil {
		b.skip(in, "its proxy is not among the imported workloads")
		return
	}
	target := b.wlNamed(in, "db_instance_identifier", "aws_db_instance")
	if target == "" {
		target = b.wlNamed(in, "db_cluster_identifier", "aws_rds_cluster")
	}
	if b.wl.rds.get(target) == nil && b.wl.aurora.get(target) == nil {
		b.skip(in, "the database it names is not among the imported workloads")
		return
	}
	if b.wl.proxyTarget == nil {
		b.wl.proxyTarget = map[string]string{}
	}
	b.wl.proxyTarget[proxy] = target
	b.imported(in, "the target of RDS Proxy "+proxy)
}

// cacheEngine maps an ElastiCache engine name to the workload engine
// (Redis OSS when unset, as the API defaults).
func cacheEngine(s string) workload.CacheEngine {
	if s == "" {
		return workload.Redis
	}
	return workload.CacheEngine(s)
}

func (b *builder) doCache(in *inst) {
	if in.typ == "aws_elasticache_cluster" && in.a.str("replication_group_id") != "" {
		b.imported(in, "a node of replication group "+b.canon(in.a.str("replication_group_id"))+", counted there")
		return
	}
	e := cacheEngine(in.a.str("engine"))
	if !e.Valid() {
		b.skip(in, "engine %q: not an ElastiCache engine vpcsim knows", e)
		return
	}
	g, ok := b.subnetGroup(in, "subnet_group_name")
	if !ok {
		b.skip(in, "no cache subnet group of the import: the nodes would be placed in the default VPC, which is not imported")
		return
	}
	id := b.workloadID(in)
	var sg []string
	g.Subnets, sg = b.placement(in, "subnetGroup.subnets", g.Subnets, b.attrRefs(in, "security_group_ids"))
	if b.noSubnets(in, g.Subnets) {
		return
	}
	var nodes int
	switch {
	case in.typ == "aws_elasticache_cluster":
		nodes, _ = in.a.num("num_cache_nodes")
	case in.a.has("num_node_groups") && !in.a.has("num_cache_clusters"):
		// Cluster mode: shards of a primary and its replicas.
		shards, _ := in.a.num("num_node_groups")
		replicas, _ := in.a.num("replicas_per_node_group")
		nodes = shards * (replicas + 1)
	default:
		var ok bool
		if nodes, ok = in.a.num("num_cache_clusters"); !ok {
			nodes, _ = in.a.num("number_cache_clusters")
		}
	}
	if nodes == 0 {
		nodes = 1 // the API's default: one node
	}
	name := in.a.str(nameKeys[in.typ])
	b.wl.caches.put(id, in, &workload.CacheCluster{ID: id, Name: name, Engine: e, Nodes: nodes, Port: port(in.a), SubnetGroup: g, SecurityGroups: sg})
	b.wlImported(in, id, "workload.CacheCluster")
}

// mskAuth returns the client connection modes of an MSK cluster: the
// encryption in transit between clients and brokers (TLS unless declared)
// opens TLS (when unauthenticated or mutual-TLS clients are allowed, or
// no client authentication is declared) and plaintext; SASL/SCRAM and
// IAM open their own ports.
func mskAuth(a attrs) []workload.MSKAuth {
	clientBroker := "TLS"
	if ei, ok := a.block("encryption_info"); ok {
		if et, ok := ei.block("encryption_in_transit"); ok && et.str("client_broker") != "" {
			clientBroker = et.str("client_broker")
		}
	}
	var out []workload.MSKAuth
	tls := true
	if ca, ok := a.block("client_authentication"); ok {
		tlsAuth := len(ca.blocks("tls")) > 0
		unauth, _ := ca.boolean("unauthenticated")
		tls = tlsAuth || unauth
		if s, ok := ca.block("sasl"); ok {
			if iam, _ := s.boolean("iam"); iam {
				out = append(out, workload.MSKIAM)
			}
			if scram, _ := s.boolean("scram"); scram {
				out = append(out, workload.MSKSCRAM)
			}
		}
		if !tlsAuth && len(out) == 0 && !ca.has("unauthenticated") {
			tls = true // an empty block: unauthenticated access, the default
		}
	}
	if tls && clientBroker != "PLAINTEXT" {
		out = append(out, workload.MSKTLS)
	}
	if clientBroker != "TLS" {
		out = append(out, workload.MSKPlaintext)
	}
	return out
}

func (b *builder) doMSK(in *inst) {
	bi, _ := in.a.block("broker_node_group_info")
	cfg := cfgAt(blockExprs(exprsOf(in), "broker_node_group_info"), 0)
	id := b.workloadID(in)
	sn, sg := b.placement(in, "clientSubnets",
		b.refs(in, bi, "client_subnets", "broker_node_group_info.client_subnets", cfg["client_subnets"]),
		b.refs(in, bi, "security_groups", "broker_node_group_info.security_groups", cfg["security_groups"]))
	if b.noSubnets(in, sn) {
		return
	}
	c := &workload.MSKCluster{ID: id, Name: in.a.str("cluster_name"), ClientSubnets: sn, SecurityGroups: sg, Authentication: mskAuth(in.a)}
	c.Brokers, _ = in.a.num("number_of_broker_nodes")
	if strings.HasPrefix(bi.str("instance_type"), "express.") {
		c.BrokerType = workload.ExpressBrokers
	}
	if ci, ok := bi.block("connectivity_info"); ok {
		if pa, ok := ci.block("public_access"); ok && pa.str("type") != "" && pa.str("type") != "DISABLED" {
			b.skipAttr(in, "broker_node_group_info.connectivity_info.public_access", "public access to brokers is not modelled: the brokers are private")
		}
	}
	b.wl.msk.put(id, in, c)
	b.wlImported(in, id, "workload.MSKCluster")
}

func (b *builder) doEKS(in *inst) {
	vc, _ := in.a.block("vpc_config")
	cfg := cfgAt(blockExprs(exprsOf(in), "vpc_config"), 0)
	id := b.workloadID(in)
	sn, sg := b.placement(in, "subnets",
		b.refs(in, vc, "subnet_ids", "vpc_config.subnet_ids", cfg["subnet_ids"]),
		b.refs(in, vc, "security_group_ids", "vpc_config.security_group_ids", cfg["security_group_ids"]))
	if b.noSubnets(in, sn) {
		return
	}
	if k, ok := in.a.block("kubernetes_network_config"); ok && k.str("ip_family") == "ipv6" {
		b.skip(in, "an IPv6 cluster: IPv6 pods are not modelled")
		return
	}
	b.wl.eks.put(id, in, &workload.EKSCluster{ID: id, Name: in.a.str("name"), Subnets: sn, SecurityGroups: sg})
	b.wlImported(in, id, "workload.EKSCluster (cluster security group "+workload.ClusterSecurityGroupID(id)+")")
}

// defaultNodeType is the instance type of a managed node group that
// names none.
const defaultNodeType = "t3.medium"

func (b *builder) doNodeGroup(in *inst) {
	cid := b.wlNamed(in, "cluster_name", "aws_eks_cluster")
	c := b.wl.eks.get(cid)
	if c == nil {
		b.skip(in, "its EKS cluster is not among the imported workloads")
		return
	}
	name := in.a.str("node_group_name")
	if name == "" {
		name = strings.ReplaceAll(in.addr, "/", "_")
		if in.a.unknown("node_group_name") {
			b.placeholder(in, "node_group_name", name, "known after apply: the node group is named by its address")
		}
	}
	name = strings.ReplaceAll(name, "/", "_")
	g := workload.NodeGroup{Name: name, InstanceType: defaultNodeType}
	if ts := in.a.strs("instance_types"); len(ts) > 0 {
		g.InstanceType = ts[0]
	} else if in.a.unknown("instance_types") {
		b.placeholder(in, "instance_types", defaultNodeType, "known after apply: the nodes are taken to be of the type EKS defaults to")
	}
	if sc, ok := in.a.block("scaling_config"); ok {
		g.DesiredSize, _ = sc.num("desired_size")
	}
	var groups []string
	if lt, ok := in.a.block("launch_template"); ok {
		lcfg := cfgAt(blockExprs(exprsOf(in), "launch_template"), 0)
		t := b.byID(b.ref(in, lt, "id", "launch_template.id", lcfg["id"]))
		if t == nil && lt.str("name") != "" {
			for _, x := range b.insts {
				if x.typ == "aws_launch_template" && x.a.str("name") == lt.str("name") {
					t = x
				}
			}
		}
		if t == nil {
			b.skipAttr(in, "launch_template", "its launch template is not in the import: the nodes get the cluster security group")
		} else {
			groups = b.refs(t, t.a, "vpc_security_group_ids", "vpc_security_group_ids", t.expr("vpc_security_group_ids"))
			if len(groups) == 0 {
				if ni := t.a.blocks("network_interfaces"); len(ni) > 0 {
					groups = b.refs(t, ni[0], "security_groups", "network_interfaces[0].security_groups", exprAt(blockExprs(exprsOf(t), "network_interfaces"), 0, "security_groups"))
				}
			}
			if len(groups) == 0 && (t.a.unknown("vpc_security_group_ids") || t.a.unknown("network_interfaces")) {
				b.skipAttr(in, "launch_template", "the security groups of launch template %s are known only after apply and could not be followed: the nodes get the cluster security group in their place", t.addr)
			}
			if !t.done {
				b.imported(t, "launch template: the security groups of node group "+name)
			}
		}
	}
	if ra, ok := in.a.block("remote_access"); ok && ra.has("ec2_ssh_key") {
		b.skipAttr(in, "remote_access", "the SSH security group EKS creates for remote access is not modelled")
	}
	g.Subnets, g.SecurityGroups = b.placement(in, "subnets", b.attrRefs(in, "subnet_ids"), groups)
	if b.noSubnets(in, g.Subnets) {
		return
	}
	if slices.ContainsFunc(c.NodeGroups, func(x workload.NodeGroup) bool { return x.Name == g.Name }) {
		b.skip(in, "cluster %s has another node group named %q", cid, g.Name)
		return
	}
	c.NodeGroups = append(c.NodeGroups, g)
	if b.wl.nodeGroups == nil {
		b.wl.nodeGroups = map[string]map[string]*inst{}
	}
	if b.wl.nodeGroups[cid] == nil {
		b.wl.nodeGroups[cid] = map[string]*inst{}
	}
	b.wl.nodeGroups[cid][g.Name] = in
	b.wlImported(in, cid, "node group "+g.Name+" of workload.EKSCluster "+cid+" (nodes only: pods per node are Kubernetes' business, set PodsPerNode to plan their addresses)")
}

func (b *builder) doVPCLink(in *inst) {
	id := b.workloadID(in)
	sn, sg := b.placement(in, "subnets",
		b.attrRefs(in, "subnet_ids"),
		b.attrRefs(in, "security_group_ids"))
	if b.noSubnets(in, sn) {
		return
	}
	b.wl.links.put(id, in, &workload.VPCLink{ID: id, Name: in.a.str("name"), Subnets: sn, SecurityGroups: sg})
	b.wlImported(in, id, "workload.VPCLink")
}

func (b *builder) doSubnetGroup(in *inst) {
	if n := in.a.str("name"); n != "" {
		b.alias[n] = in.id
	}
	b.imported(in, "subnet group, read by the workloads that name it")
}

// finishWorkloads completes the workloads (Aurora clusters without
// instances and proxies without a target are dropped, a proxy's target
// inferred when the import holds one database it can front), drops
// those package workload rejects, each with why, and sets
// Network.Workloads.
func (b *builder) finishWorkloads() {
	for _, id := range b.wl.aurora.ids() {
		if b.wl.aurora.get(id).Instances == 0 {
			b.dropWorkload(id, "an Aurora cluster without aws_rds_cluster_instance has no DB instance: nothing to place")
		}
	}
	for _, id := range b.wl.proxies.ids() {
		p := b.wl.proxies.get(id)
		if t := b.wl.proxyTarget[id]; t != "" {
			p.Target = t
			continue
		}
		in := b.wl.proxies.addr[id]
		family := in.a.str("engine_family")
		var cands []string
		for _, d := range b.wl.rds.ids() {
			if familyOf(b.wl.rds.get(d).Engine) == family && b.sameVPC(b.wl.rds.get(d).SubnetGroup.Subnets, p.Subnets) {
				cands = append(cands, d)
			}
		}
		for _, d := range b.wl.aurora.ids() {
			if familyOf(b.wl.aurora.get(d).Engine) == family && b.sameVPC(b.wl.aurora.get(d).SubnetGroup.Subnets, p.Subnets) {
				cands = append(cands, d)
			}
		}
		if len(cands) != 1 {
			b.dropWorkload(id, fmt.Sprintf("no aws_db_proxy_target names its database, and the import has %d %s databases in its VPC to infer it from", len(cands), family))
			continue
		}
		p.Target = cands[0]
		b.placeholder(in, "target", cands[0], "no aws_db_proxy_target: the proxy fronts the only "+family+" database of its VPC")
	}
	env := workload.Env{VPCs: b.net.VPCs, Subnets: b.net.Subnets, SecurityGroups: b.net.SecurityGroups, InternetGateways: b.net.InternetGateways}
	for range 8 {
		ws := b.workloads()
		_, err := workload.Demand(ws, env)
		if err == nil {
			break
		}
		dropped := false
		for _, fe := range fieldErrors(err) {
			if !workload.Kind(fe.Resource).Valid() {
				continue
			}
			if c := b.wl.eks.get(fe.ID); c != nil && strings.HasPrefix(fe.Field, "nodeGroups[") {
				var i int
				if _, err := fmt.Sscanf(fe.Field, "nodeGroups[%d]", &i); err == nil && i < len(c.NodeGroups) {
					g := c.NodeGroups[i]
					c.NodeGroups = slices.Delete(c.NodeGroups, i, i+1)
					b.unimport(b.wl.nodeGroups[fe.ID][g.Name], "package workload rejects it: "+fe.Error())
					dropped = true
					continue
				}
			}
			if b.dropWorkload(fe.ID, "package workload rejects it: "+fe.Error()) {
				dropped = true
			}
		}
		if !dropped {
			break
		}
	}
	b.net.Workloads = b.workloads()
	b.cutClusterSGRules()
	b.registerTasks()
}

// cutClusterSGRules removes the security group rules naming the cluster
// security group of an EKS cluster that is not imported, which no
// declaration would define.
func (b *builder) cutClusterSGRules() {
	kept := map[string]bool{}
	for _, c := range b.net.Workloads.EKSClusters {
		kept[workload.ClusterSecurityGroupID(c.ID)] = true
	}
	for i := range b.net.SecurityGroups {
		g := &b.net.SecurityGroups[i]
		for _, dir := range []struct {
			name  string
			rules *[]vpc.SGRule
		}{{"ingress", &g.Ingress}, {"egress", &g.Egress}} {
			*dir.rules = slices.DeleteFunc(*dir.rules, func(r vpc.SGRule) bool {
				if !b.isClusterSG(r.Group) || kept[r.Group] {
					return false
				}
				if in := b.d.sgs.addr[g.ID]; in != nil {
					b.skipAttr(in, dir.name, "the rule naming %s is cut: its EKS cluster is not imported", r.Group)
				}
				return true
			})
		}
	}
}

// fieldErrors returns the workload field errors err joins.
func fieldErrors(err error) []*workload.FieldError {
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	var out []*workload.FieldError
	for _, e := range list {
		var fe *workload.FieldError
		if errors.As(e, &fe) {
			out = append(out, fe)
		}
	}
	return out
}

// familyOf returns the RDS Proxy engine family of a database engine.
func familyOf(e workload.Engine) string {
	switch e {
	case workload.MySQL, workload.MariaDB, workload.AuroraMySQL:
		return "MYSQL"
	case workload.Postgres, workload.AuroraPostgreSQL:
		return "POSTGRESQL"
	case workload.SQLServerEE, workload.SQLServerSE, workload.SQLServerEX, workload.SQLServerWeb:
		return "SQLSERVER"
	}
	return ""
}

// sameVPC reports whether the first subnets of a and b are in one VPC.
func (b *builder) sameVPC(x, y []string) bool {
	if len(x) == 0 || len(y) == 0 {
		return false
	}
	sx, sy := b.d.subnets.get(x[0]), b.d.subnets.get(y[0])
	return sx != nil && sy != nil && sx.VPC == sy.VPC
}

// dropWorkload removes the workload with the given ID, moving the
// instances that declared it (and an Aurora cluster's instances, an EKS
// cluster's node groups) to Skipped. It reports whether there was one.
func (b *builder) dropWorkload(id, reason string) bool {
	var in *inst
	switch {
	case b.wl.lambdas.get(id) != nil:
		in = b.wl.lambdas.addr[id]
		b.wl.lambdas.del(id)
	case b.wl.ecs.get(id) != nil:
		in = b.wl.ecs.addr[id]
		b.wl.ecs.del(id)
		delete(b.wl.lbs, id)
	case b.wl.rds.get(id) != nil:
		in = b.wl.rds.addr[id]
		b.wl.rds.del(id)
	case b.wl.aurora.get(id) != nil:
		in = b.wl.aurora.addr[id]
		b.wl.aurora.del(id)
		for _, x := range b.wl.auroraInsts[id] {
			b.unimport(x, "its Aurora cluster "+id+" is not imported")
		}
	case b.wl.proxies.get(id) != nil:
		in = b.wl.proxies.addr[id]
		b.wl.proxies.del(id)
	case b.wl.caches.get(id) != nil:
		in = b.wl.caches.addr[id]
		b.wl.caches.del(id)
	case b.wl.msk.get(id) != nil:
		in = b.wl.msk.addr[id]
		b.wl.msk.del(id)
	case b.wl.eks.get(id) != nil:
		in = b.wl.eks.addr[id]
		b.wl.eks.del(id)
		for _, name := range sortedKeys(b.wl.nodeGroups[id]) {
			b.unimport(b.wl.nodeGroups[id][name], "its EKS cluster "+id+" is not imported")
		}
	case b.wl.links.get(id) != nil:
		in = b.wl.links.addr[id]
		b.wl.links.del(id)
	default:
		return false
	}
	b.unimport(in, reason)
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// workloads returns the workloads built so far, each kind sorted by ID.
func (b *builder) workloads() workload.Workloads {
	return workload.Workloads{
		EKSClusters:     b.wl.eks.list(),
		ECSServices:     b.wl.ecs.list(),
		LambdaFunctions: b.wl.lambdas.list(),
		RDSInstances:    b.wl.rds.list(),
		AuroraClusters:  b.wl.aurora.list(),
		RDSProxies:      b.wl.proxies.list(),
		CacheClusters:   b.wl.caches.list(),
		MSKClusters:     b.wl.msk.list(),
		VPCLinks:        b.wl.links.list(),
	}
}

// registerTasks registers the tasks of each ECS service with the target
// groups of its load_balancer blocks, as ECS does when a task starts: as
// ip targets at the addresses sim.Compile gives the tasks (AWS gives
// them other addresses of the same subnets). It compiles the network
// once to learn them; when the network does not compile, nothing is
// registered and each block is reported.
func (b *builder) registerTasks() {
	if len(b.wl.lbs) == 0 {
		return
	}
	draft := b.net.Clone()
	m, err := sim.Compile(draft)
	for _, id := range sortedKeys(b.wl.lbs) {
		in := b.wl.ecs.addr[id]
		for _, lb := range b.wl.lbs[id] {
			if err != nil {
				b.skipAttr(in, lb.attr, "the tasks are not registered: the network does not compile: %v", firstLine(err))
				continue
			}
			i := slices.IndexFunc(b.net.TargetGroups, func(t elb.TargetGroup) bool { return t.ID == lb.targetGroup })
			if i < 0 {
				b.skipAttr(in, lb.attr, "target group %q is not in the import", lb.targetGroup)
				continue
			}
			tg := &b.net.TargetGroups[i]
			if tg.TargetType.Norm() != elb.IPTarget {
				b.skipAttr(in, lb.attr, "target group %s has target type %s: tasks in awsvpc mode register as ip targets", tg.ID, tg.TargetType.Norm())
				continue
			}
			w, _ := m.Workload(id)
			n := 0
			for _, e := range w.Interfaces {
				info, ok := m.Interface(e)
				if !ok || len(info.PrivateIPs) == 0 {
					continue
				}
				t := elb.Target{IP: info.PrivateIPs[0]}
				if lb.port != tg.Port {
					t.Port = lb.port
				}
				tg.Targets = append(tg.Targets, t)
				n++
			}
			b.placeholder(in, lb.attr, fmt.Sprintf("%d tasks registered with %s", n, tg.ID),
				"known after the tasks start: each task is registered at the address vpcsim gives it")
		}
	}
}

// firstLine returns the first line of an error's message.
func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}
