package tfimport

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/workload"
)

// The workload resources the seeds do not use, and those the import
// refuses, each with why.
func TestWorkloadEdges(t *testing.T) {
	r, m := load(t, "workload-edges.plan.json")
	all := []string{"aws_subnet.private[0]", "aws_subnet.private[1]", "aws_subnet.private[2]"}
	want := workload.Workloads{
		EKSClusters: []workload.EKSCluster{{ID: "edge", Name: "edge", Subnets: all,
			// No launch template: the nodes get the cluster security
			// group (EKS User Guide, "Amazon EKS security group
			// requirements"). No instance type known before apply: EKS's
			// default, t3.medium.
			// The templated group's groups cannot be followed: it gets
			// the cluster security group, and the import says so.
			NodeGroups: []workload.NodeGroup{{Name: "plain", InstanceType: "t3.medium", DesiredSize: 2, Subnets: all},
				{Name: "templated", InstanceType: "m5.large", DesiredSize: 1, Subnets: all}}}},
		// A capacity provider other than Fargate's runs tasks on EC2.
		ECSServices: []workload.ECSService{{ID: "batch", Name: "batch", LaunchType: workload.EC2, DesiredCount: 4,
			Subnets: all[:2], SecurityGroups: []string{"aws_security_group.app"}}},
		AuroraClusters: []workload.AuroraCluster{{ID: "orders-aurora", Name: "orders-aurora", Engine: workload.AuroraPostgreSQL,
			Instances: 2, InstanceClass: "db.r6g.large", SubnetGroup: workload.SubnetGroup{Name: "main", Subnets: all},
			SecurityGroups: []string{"aws_security_group.db"}}},
		// No aws_db_proxy_target: the only PostgreSQL database of the VPC.
		RDSProxies: []workload.RDSProxy{{ID: "aurora-proxy", Name: "aurora-proxy", Target: "orders-aurora", Subnets: all[:2],
			SecurityGroups: []string{"aws_security_group.db"}}},
		CacheClusters: []workload.CacheCluster{{ID: "sessions", Name: "sessions", Engine: workload.Memcached, Nodes: 3,
			SubnetGroup: workload.SubnetGroup{Name: "cache", Subnets: all}, SecurityGroups: []string{"aws_security_group.cache"}}},
		// SASL only, over TLS: IAM and SCRAM listen, nothing else (Amazon
		// MSK Developer Guide, "Port information").
		MSKClusters: []workload.MSKCluster{{ID: "events", Name: "events", Brokers: 6, ClientSubnets: all,
			SecurityGroups: []string{"aws_security_group.kafka"}, Authentication: []workload.MSKAuth{workload.MSKIAM, workload.MSKSCRAM}}},
	}
	if d := cmp.Diff(want, r.Network.Workloads); d != "" {
		t.Errorf("workloads (-want +got):\n%s", d)
	}
	skipped := map[string]string{}
	for _, s := range r.Skipped {
		if s.Attribute == "" {
			skipped[s.Address] = s.Reason
		}
	}
	for addr, why := range map[string]string{
		"aws_db_instance.lonely":        "too few availability zones",
		"aws_rds_cluster.empty":         "without aws_rds_cluster_instance",
		"aws_ecs_service.daemon":        "DAEMON",
		"aws_api_gateway_vpc_link.rest": "PrivateLink",
		"aws_launch_template.unused":    "no node group uses this one",
		"aws_eks_cluster.single":        "want at least 2",
	} {
		if !strings.Contains(skipped[addr], why) {
			t.Errorf("%s: skipped with %q, want a reason saying %q", addr, skipped[addr], why)
		}
	}
	if !slices.ContainsFunc(r.Skipped, func(s Skipped) bool {
		return s.Address == "aws_eks_node_group.templated" && s.Attribute == "launch_template" && strings.Contains(s.Reason, "could not be followed")
	}) {
		t.Errorf("the templated node group's groups are not reported: %+v", r.Skipped)
	}
	// The rule naming the refused cluster's security group is cut.
	if !slices.ContainsFunc(r.Skipped, func(s Skipped) bool {
		return s.Address == "aws_security_group.app" && s.Attribute == "ingress" && strings.Contains(s.Reason, "single-zone/cluster-sg")
	}) {
		t.Errorf("the rule naming single-zone/cluster-sg is not reported as cut: %+v", r.Skipped)
	}
	for _, p := range []struct{ addr, attr string }{
		{"aws_db_proxy.aurora", "target"},
		{"aws_eks_node_group.plain", "instance_types"},
	} {
		if !slices.ContainsFunc(r.Placeholders, func(x Placeholder) bool { return x.Address == p.addr && x.Attribute == p.attr }) {
			t.Errorf("no placeholder for %s %s", p.addr, p.attr)
		}
	}
	if got := byAddr(t, r, "aws_rds_cluster_instance.aurora[1]"); got.ID != "orders-aurora" {
		t.Errorf("Aurora instance imported as %+v", got)
	}
	// Expanded: two Aurora instances in two zones, six brokers two per
	// zone, the proxy fronting Aurora.
	for id, n := range map[string]int{"orders-aurora": 2, "events": 6, "sessions": 3, "batch": 4, "aurora-proxy": 2} {
		if w, ok := m.Workload(id); !ok || len(w.Interfaces) != n {
			t.Errorf("%s: %d interfaces, want %d", id, len(w.Interfaces), n)
		}
	}
	checkVerdicts(t, m, []verdictCase{
		{"the proxy reaches Aurora", sim.Query{From: sim.Workload("aurora-proxy"), To: sim.Workload("orders-aurora"), Port: 5432}, sim.Reachable, sim.NoReason},
		{"the batch tasks reach the brokers", sim.Query{From: sim.Workload("batch"), To: sim.Workload("events"), Port: 9098}, sim.Reachable, sim.NoReason},
	})
}

// Workloads inside module calls laid out like terraform-aws-modules/eks
// and /rds: subnets and groups come through module arguments and
// outputs; the node group names its cluster by a name the vpc module
// also gives its DB subnet group.
func TestModuleWorkloads(t *testing.T) {
	r, m := load(t, "module-workloads.plan.json")
	ws := r.Network.Workloads
	if len(ws.EKSClusters) != 1 || len(ws.EKSClusters[0].NodeGroups) != 1 || len(ws.RDSInstances) != 1 {
		t.Fatalf("workloads = %+v", ws)
	}
	g := ws.EKSClusters[0].NodeGroups[0]
	want := workload.NodeGroup{Name: "default", InstanceType: "m6i.large", DesiredSize: 6, Subnets: subnetsByTier(r, "private"),
		SecurityGroups: []string{"module.eks.aws_security_group.node[0]", workload.ClusterSecurityGroupID("platform")}}
	if d := cmp.Diff(want, g); d != "" {
		t.Errorf("node group (-want +got):\n%s", d)
	}
	if db := ws.RDSInstances[0]; db.ID != "platform-db" || !slices.Equal(db.SubnetGroup.Subnets, subnetsByTier(r, "db")) ||
		!slices.Equal(db.SecurityGroups, []string{"aws_security_group.db"}) {
		t.Errorf("database = %+v", db)
	}
	for addr, id := range map[string]string{
		"module.eks.aws_eks_cluster.this[0]":            "platform",
		`module.eks.aws_eks_node_group.this["default"]`: "platform",
		"module.db.aws_db_instance.this[0]":             "platform-db",
	} {
		if got := byAddr(t, r, addr).ID; got != id {
			t.Errorf("%s imported as %q, want %q", addr, got, id)
		}
	}
	nodes := sim.WorkloadRole("platform", workload.RoleNode)
	checkVerdicts(t, m, []verdictCase{
		{"the nodes reach the database", sim.Query{From: nodes, To: sim.Workload("platform-db"), Port: 5432}, sim.Reachable, sim.NoReason},
		{"the control plane reaches the kubelets", sim.Query{From: sim.WorkloadRole("platform", workload.RoleCluster), To: nodes, Port: 10250}, sim.Reachable, sim.NoReason},
		{"the internet cannot reach the database", sim.Query{From: sim.Internet(), To: sim.Workload("platform-db"), Port: 5432}, sim.Blocked, sim.NoPublicIP},
	})
	// The fixture's module declares no S3 or DynamoDB gateway endpoint:
	// aws-service-via-nat is the only finding it may have.
	if l := slices.DeleteFunc(m.Lint(), func(f sim.Finding) bool { return f.ID == "aws-service-via-nat" }); len(l) != 0 {
		t.Errorf("findings: %v", l)
	}
}
