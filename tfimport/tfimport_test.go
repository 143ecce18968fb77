package tfimport

import (
	"encoding/json"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

var addrOpts = cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}, vpc.ICMP{})

func fixtures(t *testing.T) []string {
	t.Helper()
	fs, err := filepath.Glob("testdata/*.json")
	if err != nil || len(fs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	return fs
}

// load imports a fixture and compiles its network.
func load(t *testing.T, name string) (*Result, *sim.Model) {
	t.Helper()
	r, err := Load(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("Load(%s): %v", name, err)
	}
	m, err := sim.Compile(r.Network)
	if err != nil {
		t.Fatalf("Compile(%s): %v", name, err)
	}
	return r, m
}

// countInstances counts the resource instances of a fixture straight from
// its JSON, independently of the importer.
func countInstances(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	type mod struct {
		Resources []struct {
			Mode string `json:"mode"`
		} `json:"resources"`
		ChildModules []json.RawMessage `json:"child_modules"`
	}
	var count func(raw json.RawMessage, onlyData bool) int
	count = func(raw json.RawMessage, onlyData bool) int {
		var m mod
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range m.Resources {
			if !onlyData || r.Mode == "data" {
				n++
			}
		}
		for _, c := range m.ChildModules {
			n += count(c, onlyData)
		}
		return n
	}
	var doc struct {
		Values struct {
			RootModule json.RawMessage `json:"root_module"`
		} `json:"values"`
		ResourceChanges []json.RawMessage `json:"resource_changes"`
		PriorState      struct {
			Values struct {
				RootModule json.RawMessage `json:"root_module"`
			} `json:"values"`
		} `json:"prior_state"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ResourceChanges != nil {
		n := len(doc.ResourceChanges)
		if doc.PriorState.Values.RootModule != nil {
			n += count(doc.PriorState.Values.RootModule, true)
		}
		return n
	}
	return count(doc.Values.RootModule, false)
}

// Every fixture imports, compiles, accounts for every resource instance
// once, and imports the same way every time.
func TestFixturesImport(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r, err := Load(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sim.Compile(r.Network); err != nil {
				t.Fatalf("Compile: %v", err)
			}
			seen := map[string]string{}
			for _, x := range r.Resources {
				if prev, dup := seen[x.Address]; dup {
					t.Errorf("%s imported twice (%s, %s)", x.Address, prev, x.As)
				}
				seen[x.Address] = x.As
			}
			for _, s := range r.Skipped {
				if s.Attribute != "" {
					continue
				}
				if prev, dup := seen[s.Address]; dup {
					t.Errorf("%s both imported (%s) and skipped (%s)", s.Address, prev, s.Reason)
				}
				seen[s.Address] = s.Reason
			}
			if got, want := len(seen), countInstances(t, f); got != want {
				t.Errorf("%d resource instances accounted for, the input has %d", got, want)
			}
			again, err := Load(f)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(r, again, addrOpts); d != "" {
				t.Errorf("second import differs (-first +second):\n%s", d)
			}
			b1, _ := json.Marshal(r)
			b2, _ := json.Marshal(again)
			if string(b1) != string(b2) {
				t.Error("the JSON of two imports differs")
			}
		})
	}
}

// byName returns the ID of the resource imported from address.
func byAddr(t *testing.T, r *Result, address string) Resource {
	t.Helper()
	for _, x := range r.Resources {
		if x.Address == address {
			return x
		}
	}
	t.Fatalf("%s was not imported", address)
	return Resource{}
}

// withProbes adds the interfaces given (standing for a load balancer's
// node, whose security groups a query from the load balancer itself does
// not weigh) and compiles the network.
func withProbes(t *testing.T, r *Result, probes map[string]vpc.NetworkInterface) *sim.Model {
	t.Helper()
	n := *r.Network
	n.NetworkInterfaces = slices.Clone(n.NetworkInterfaces)
	for id, e := range probes {
		e.ID = id
		n.NetworkInterfaces = append(n.NetworkInterfaces, e)
	}
	m, err := sim.Compile(&n)
	if err != nil {
		t.Fatalf("Compile with probes: %v", err)
	}
	return m
}

type verdictCase struct {
	name   string
	q      sim.Query
	status sim.Status
	reason sim.Reason
}

func checkVerdicts(t *testing.T, m *sim.Model, cases []verdictCase) {
	t.Helper()
	for _, c := range cases {
		v, err := m.Verdict(c.q)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if v.Status != c.status || v.Reason != c.reason {
			res, _ := m.Reach(c.q)
			t.Errorf("%s: got %s (%s), want %s (%s)\n%s", c.name, v.Status, v.Reason, c.status, c.reason, res)
		}
	}
}

// pathHas reports whether the path of q passes a component of kind k.
func pathHas(t *testing.T, m *sim.Model, q sim.Query, k sim.ComponentKind) bool {
	t.Helper()
	res, err := m.Reach(q)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Path {
		if h.Kind == k {
			return true
		}
	}
	return false
}

func subnetsByTier(r *Result, tier string) []string {
	var out []string
	for _, s := range r.Network.Subnets {
		if strings.Contains(s.Name, "-"+tier+"-") {
			out = append(out, s.ID)
		}
	}
	return out
}

// The three-tier VPC of the networking guide, as planned and as applied:
// databases "in isolated subnets with no internet access", "all access
// through your application tier"; the app tier reaches the internet
// through a NAT gateway; the ALB forwards HTTPS to the app instances.
func TestThreeTier(t *testing.T) {
	for _, name := range []string{"three-tier.plan.json", "three-tier.state.json"} {
		t.Run(name, func(t *testing.T) {
			r, _ := load(t, name)
			app := byAddr(t, r, "aws_instance.app[0]").Interface
			dbs := r.Network.Workloads.RDSInstances
			if len(dbs) != 1 {
				t.Fatalf("RDS instances = %+v", dbs)
			}
			db := dbs[0]
			if db.ID != "production-db" || db.PubliclyAccessible || db.EffectivePort() != 5432 || db.Deployment != workload.MultiAZInstance || db.Engine != workload.Postgres {
				t.Errorf("database = %+v", db)
			}
			dbSubnets := subnetsByTier(r, "db")
			if d := cmp.Diff(dbSubnets, db.SubnetGroup.Subnets, cmpopts.SortSlices(func(a, b string) bool { return a < b })); d != "" {
				t.Errorf("database subnets are not the database tier's (-tier +workload):\n%s", d)
			}
			alb := r.Network.LoadBalancers[0]
			m := withProbes(t, r, map[string]vpc.NetworkInterface{
				"probe-alb": {Subnet: alb.Subnets[0].Subnet, Kind: vpc.KindLoadBalancer, SecurityGroups: alb.SecurityGroups},
			})
			// The Multi-AZ instance: a primary and a standby in two zones.
			if w, _ := m.Workload("production-db"); len(w.Interfaces) != 2 || len(w.AvailabilityZones) != 2 {
				t.Errorf("database workload = %+v", w)
			}
			toInternet := sim.Query{From: sim.ENI(app), To: sim.Internet(), Port: 443}
			checkVerdicts(t, m, []verdictCase{
				{"app reaches the internet", toInternet, sim.Reachable, sim.NoReason},
				{"internet cannot reach the app instance", sim.Query{From: sim.Internet(), To: sim.ENI(app), Port: 8080}, sim.Blocked, sim.NoPublicIP},
				{"ALB reaches the app on 8080", sim.Query{From: sim.ENI("probe-alb"), To: sim.ENI(app), Port: 8080}, sim.Reachable, sim.NoReason},
				{"ALB cannot reach the app on 22", sim.Query{From: sim.ENI("probe-alb"), To: sim.ENI(app), Port: 22}, sim.Blocked, sim.SGIngress},
				{"app reaches PostgreSQL", sim.Query{From: sim.ENI(app), To: sim.Workload("production-db"), Port: 5432}, sim.Reachable, sim.NoReason},
				{"ALB cannot reach PostgreSQL", sim.Query{From: sim.ENI("probe-alb"), To: sim.Workload("production-db"), Port: 5432}, sim.Blocked, sim.SGEgress},
				{"internet cannot reach the database", sim.Query{From: sim.Internet(), To: sim.Workload("production-db"), Port: 5432}, sim.Blocked, sim.NoPublicIP},
				{"database subnet has no route out", sim.Query{From: sim.SubnetHost(dbSubnets[0]), To: sim.Internet(), Port: 443}, sim.Blocked, sim.NoRoute},
			})
			if !pathHas(t, m, toInternet, sim.KindNATGateway) {
				t.Error("the app tier's path to the internet does not go through a NAT gateway")
			}
			// The load balancer itself: in the VPC of its subnets, HTTPS
			// forwarded to both app instances on 8080, HTTP redirected,
			// nothing else listened on.
			if v := byAddr(t, r, "module.vpc.aws_vpc.this[0]").ID; alb.VPC != v {
				t.Errorf("ALB VPC = %q, want %q, its subnets' VPC", alb.VPC, v)
			}
			viaALB := sim.Query{From: sim.Internet(), To: sim.LoadBalancer(alb.ID), Port: 443}
			checkVerdicts(t, m, []verdictCase{
				{"the internet reaches the app through the ALB", viaALB, sim.Reachable, sim.NoReason},
				{"HTTP is redirected", sim.Query{From: sim.Internet(), To: sim.LoadBalancer(alb.ID), Port: 80}, sim.Blocked, sim.Redirect},
				{"the ALB listens on nothing else", sim.Query{From: sim.Internet(), To: sim.LoadBalancer(alb.ID), Port: 8080}, sim.Blocked, sim.SGIngress},
			})
			app1 := byAddr(t, r, "aws_instance.app[1]").ID
			if d := cmp.Diff([]string{byAddr(t, r, "aws_instance.app[0]").ID, app1}, reachedTargets(t, m, viaALB),
				cmpopts.SortSlices(func(a, b string) bool { return a < b })); d != "" {
				t.Errorf("targets the ALB reaches (-want +got):\n%s", d)
			}
		})
	}
}

// reachedTargets returns the targets of the proxy q reaches whose leg is
// reachable.
func reachedTargets(t *testing.T, m *sim.Model, q sim.Query) []string {
	t.Helper()
	res, err := m.Reach(q)
	if err != nil {
		t.Fatal(err)
	}
	if res.Proxy == nil {
		t.Fatalf("%s: no proxy in the answer:\n%s", q, res)
	}
	var out []string
	for _, br := range res.Proxy.Branches {
		if br.Leg != nil && br.Leg.Allowed() {
			out = append(out, br.Target)
		}
	}
	return out
}

// The plan rests on placeholders for what only apply knows; the state on
// none, and has AWS IDs.
func TestPlaceholders(t *testing.T) {
	plan, _ := load(t, "three-tier.plan.json")
	want := []Placeholder{
		{Address: "module.vpc.aws_subnet.private[1]", Attribute: "vpc_id", Value: "module.vpc.aws_vpc.this[0]",
			Reason: "known after apply; local.vpc_id goes through a local value; inferred as module.vpc.aws_vpc.this[0], the module's only aws_vpc"},
		{Address: "aws_instance.app[1]", Attribute: "subnet_id", Value: "module.vpc.aws_subnet.private[1]",
			Reason: "known after apply; resolved from the configuration's reference to module.vpc.aws_subnet.private[1]"},
		{Address: "module.vpc.aws_eip.nat[0]", Attribute: "public_ip", Value: "52.0.0.1",
			Reason: "the Elastic IP address is known only after apply; a placeholder from 52.0.0.0/8 stands in"},
		{Address: "aws_instance.app[0]", Attribute: "private_ip",
			Reason: "known after apply: sim.Compile assigns the next free address of the subnet"},
		{Address: "aws_vpc_endpoint.s3", Attribute: "route_table_ids", Value: "module.vpc.aws_route_table.private[2]",
			Reason: "known after apply; module output private_route_table_ids goes through a local value; inferred from its name as aws_route_table.private"},
	}
	for _, w := range want {
		if !slices.Contains(plan.Placeholders, w) {
			t.Errorf("plan placeholders lack %+v", w)
		}
	}
	for _, s := range plan.Network.Subnets {
		if !strings.HasPrefix(s.ID, "module.vpc.aws_subnet.") {
			t.Errorf("planned subnet ID %q: want its address", s.ID)
		}
	}
	state, _ := load(t, "three-tier.state.json")
	if len(state.Placeholders) != 0 {
		t.Errorf("state placeholders = %+v, want none", state.Placeholders)
	}
	for _, s := range state.Network.Subnets {
		if !strings.HasPrefix(s.ID, "subnet-") {
			t.Errorf("applied subnet ID %q: want an AWS ID", s.ID)
		}
		if !strings.HasPrefix(s.AvailabilityZoneID, "use1-az") {
			t.Errorf("applied subnet %s has AZ ID %q: want the state's availability_zone_id", s.ID, s.AvailabilityZoneID)
		}
	}
	for _, s := range plan.Network.Subnets {
		if s.AvailabilityZoneID != "" {
			t.Errorf("planned subnet %s has AZ ID %q, which the plan knows only after apply", s.ID, s.AvailabilityZoneID)
		}
	}
	if n, p := len(state.Network.NetworkInterfaces), len(plan.Network.NetworkInterfaces); n != p {
		t.Errorf("state has %d interfaces, plan %d", n, p)
	}
}

// The EKS VPC of the guide: subnet tags for load balancer discovery, /19
// private subnets, nodes reaching the internet through NAT. The node
// group's launch template gives the nodes the node group and the cluster
// security group EKS creates, which admits all traffic among its members
// (EKS User Guide, "View Amazon EKS security group requirements for
// clusters").
func TestEKS(t *testing.T) {
	r, m := load(t, "eks.plan.json")
	var public, private int
	for _, s := range r.Network.Subnets {
		if s.Tags["kubernetes.io/cluster/my-cluster"] != "shared" {
			t.Errorf("subnet %s lacks the cluster tag: %v", s.ID, s.Tags)
		}
		switch {
		case s.Tags["kubernetes.io/role/elb"] == "1":
			public++
		case s.Tags["kubernetes.io/role/internal-elb"] == "1":
			private++
			if s.CIDR.Bits() != 19 || vpc.UsableAddresses(s.CIDR) != 8187 {
				t.Errorf("private subnet %s is %s, want a /19 (8,187 usable addresses)", s.ID, s.CIDR)
			}
		}
	}
	if public != 3 || private != 3 {
		t.Errorf("%d public and %d private subnets tagged, want 3 and 3", public, private)
	}
	clusters := r.Network.Workloads.EKSClusters
	if len(clusters) != 1 || len(clusters[0].NodeGroups) != 1 {
		t.Fatalf("EKS clusters = %+v", clusters)
	}
	c := clusters[0]
	nodeSG, clusterSG := byAddr(t, r, "aws_security_group.eks_nodes").ID, workload.ClusterSecurityGroupID("my-cluster")
	want := workload.EKSCluster{ID: "my-cluster", Name: "my-cluster", Subnets: subnetsByTier(r, "private"),
		SecurityGroups: []string{byAddr(t, r, "aws_security_group.eks_cluster").ID},
		NodeGroups: []workload.NodeGroup{{Name: "default", InstanceType: "m5.large", DesiredSize: 3, Subnets: subnetsByTier(r, "private"),
			SecurityGroups: []string{nodeSG, clusterSG}}}}
	if d := cmp.Diff(want, c, cmpopts.SortSlices(func(a, b string) bool { return a < b })); d != "" {
		t.Errorf("cluster (-want +got):\n%s", d)
	}
	if got := byAddr(t, r, "aws_launch_template.nodes").As; !strings.Contains(got, "node group default") {
		t.Errorf("the launch template is imported as %q", got)
	}
	// The cluster security group is known only after apply.
	if !slices.ContainsFunc(r.Placeholders, func(p Placeholder) bool {
		return p.Address == "aws_launch_template.nodes" && p.Value == clusterSG
	}) {
		t.Errorf("no placeholder for the cluster security group of the launch template: %+v", r.Placeholders)
	}
	w, ok := m.Workload("my-cluster")
	if !ok || len(w.Interfaces) != 2+3 || len(w.AvailabilityZones) != 3 {
		t.Errorf("cluster workload = %+v", w)
	}
	nodes := sim.WorkloadRole("my-cluster", workload.RoleNode)
	cp := sim.WorkloadRole("my-cluster", workload.RoleCluster)
	toInternet := sim.Query{From: nodes, To: sim.Internet(), Port: 443}
	checkVerdicts(t, m, []verdictCase{
		{"nodes reach the internet", toInternet, sim.Reachable, sim.NoReason},
		{"nodes reach the API", sim.Query{From: nodes, To: cp, Port: 443}, sim.Reachable, sim.NoReason},
		{"the control plane reaches the kubelets", sim.Query{From: cp, To: nodes, Port: 10250}, sim.Reachable, sim.NoReason},
		{"the internet cannot reach a node", sim.Query{From: sim.Internet(), To: nodes, Port: 443}, sim.Blocked, sim.NoPublicIP},
	})
	if !pathHas(t, m, toInternet, sim.KindNATGateway) {
		t.Error("nodes do not reach the internet through NAT")
	}
	if l := lintIDs(m, "unattached-group"); len(l) != 0 {
		t.Errorf("unattached groups: %v", l)
	}
}

// lintIDs returns the findings of lint id.
func lintIDs(m *sim.Model, id string) []string {
	var out []string
	for _, f := range m.Lint() {
		if string(f.ID) == id {
			out = append(out, f.String())
		}
	}
	return out
}

// ECS Fargate behind an ALB: each task's interface takes the task group,
// reached from the ALB on 8080 only; tasks go out through the one NAT
// gateway; the listener rule and target groups are mapped; the service's
// tasks are registered with its target group as ip targets, as ECS
// registers awsvpc tasks (Amazon ECS Developer Guide, "Use load
// balancing to distribute Amazon ECS service traffic").
func TestECSFargate(t *testing.T) {
	r, m := load(t, "ecs-fargate-alb.plan.json")
	tg := byAddr(t, r, "aws_lb_target_group.app").ID
	svcs := r.Network.Workloads.ECSServices
	if len(svcs) != 1 {
		t.Fatalf("ECS services = %+v", svcs)
	}
	want := workload.ECSService{ID: "my-app", Name: "my-app", LaunchType: workload.Fargate, DesiredCount: 3,
		Subnets: subnetsByTier(r, "private"), SecurityGroups: []string{byAddr(t, r, "aws_security_group.ecs_tasks").ID}}
	if d := cmp.Diff(want, svcs[0], cmpopts.SortSlices(func(a, b string) bool { return a < b })); d != "" {
		t.Errorf("service (-want +got):\n%s", d)
	}
	lbs := r.Network
	if len(lbs.LoadBalancers) != 1 || len(lbs.Listeners) != 2 || len(lbs.TargetGroups) != 2 {
		t.Fatalf("load balancers %+v, listeners %+v, target groups %+v", lbs.LoadBalancers, lbs.Listeners, lbs.TargetGroups)
	}
	var https = lbs.Listeners[0]
	if https.Port != 443 {
		https = lbs.Listeners[1]
	}
	if len(https.Rules) != 1 || https.Rules[0].Priority != 10 || len(https.Rules[0].Conditions) != 2 {
		t.Errorf("HTTPS listener rules = %+v", https.Rules)
	}
	if got := https.Default.TargetGroups(); !slices.Equal(got, []string{tg}) {
		t.Errorf("HTTPS default forwards to %v, want %s", got, tg)
	}
	// The three tasks, registered at the addresses compile gave them.
	w, _ := m.Workload("my-app")
	var addrs, targets []netip.Addr
	for _, id := range w.Interfaces {
		e, _ := m.Interface(id)
		addrs = append(addrs, e.PrivateIPs[0])
	}
	for _, g := range lbs.TargetGroups {
		if g.ID == tg {
			for _, x := range g.Targets {
				targets = append(targets, x.IP)
			}
		}
	}
	if len(addrs) != 3 || cmp.Diff(addrs, targets, addrOpts, cmpopts.SortSlices(func(a, b netip.Addr) bool { return a.Less(b) })) != "" {
		t.Errorf("tasks at %v, targets %v", addrs, targets)
	}
	alb := lbs.LoadBalancers[0]
	m = withProbes(t, r, map[string]vpc.NetworkInterface{
		"probe-alb": {Subnet: alb.Subnets[0].Subnet, Kind: vpc.KindLoadBalancer, SecurityGroups: alb.SecurityGroups},
	})
	tasks := sim.Workload("my-app")
	out := sim.Query{From: tasks, To: sim.Internet(), Port: 443}
	viaALB := sim.Query{From: sim.Internet(), To: sim.LoadBalancer(alb.ID), Port: 443}
	checkVerdicts(t, m, []verdictCase{
		{"ALB reaches the tasks on 8080", sim.Query{From: sim.ENI("probe-alb"), To: tasks, Port: 8080}, sim.Reachable, sim.NoReason},
		{"ALB cannot reach a task on 22", sim.Query{From: sim.ENI("probe-alb"), To: tasks, Port: 22}, sim.Blocked, sim.SGIngress},
		{"tasks talk to each other", sim.Query{From: tasks, To: tasks, Port: 7946}, sim.Reachable, sim.NoReason},
		{"the tasks reach the internet", out, sim.Reachable, sim.NoReason},
		{"the internet cannot reach a task", sim.Query{From: sim.Internet(), To: tasks, Port: 8080}, sim.Blocked, sim.NoPublicIP},
		{"HTTPS reaches the tasks through the ALB", viaALB, sim.Reachable, sim.NoReason},
		{"HTTP is redirected", sim.Query{From: sim.Internet(), To: sim.LoadBalancer(alb.ID), Port: 80}, sim.Blocked, sim.Redirect},
	})
	if !pathHas(t, m, out, sim.KindNATGateway) {
		t.Error("tasks do not reach the internet through NAT")
	}
	if got := reachedTargets(t, m, viaALB); len(got) != 3 {
		t.Errorf("the ALB reaches %d targets, want the 3 tasks: %v", len(got), got)
	}
	if !slices.ContainsFunc(r.Placeholders, func(p Placeholder) bool {
		return p.Address == "aws_ecs_service.app" && p.Attribute == "load_balancer[0]"
	}) {
		t.Error("the registered tasks are not listed among the placeholders")
	}
}

// The Lambda and data tier: Lambda reaches PostgreSQL and Redis only on
// their ports; with the vpc module's defaults the database subnets share
// the private route tables, so the databases have a route out through
// NAT, although nothing on the internet can reach them.
func TestLambdaRDS(t *testing.T) {
	r, m := load(t, "lambda-rds.plan.json")
	ws := r.Network.Workloads
	if len(ws.LambdaFunctions) != 1 || len(ws.RDSInstances) != 1 || len(ws.RDSProxies) != 1 || len(ws.CacheClusters) != 1 ||
		len(ws.MSKClusters) != 1 || len(ws.VPCLinks) != 1 {
		t.Fatalf("workloads = %+v", ws)
	}
	cache, msk, proxy := ws.CacheClusters[0], ws.MSKClusters[0], ws.RDSProxies[0]
	if cache.ID != "production-redis" || cache.Nodes != 2 || cache.EffectivePort() != 6379 || len(cache.SubnetGroup.Subnets) != 3 {
		t.Errorf("cache = %+v", cache)
	}
	// The guide's cluster: client_broker TLS by default (Amazon MSK
	// Developer Guide, "Port information": 9094 for TLS).
	if msk.ID != "production-kafka" || msk.Brokers != 3 || len(msk.ClientSubnets) != 3 || !slices.Equal(msk.Ports(), []uint16{9094}) {
		t.Errorf("msk = %+v", msk)
	}
	// No aws_db_proxy_target: the proxy fronts the only PostgreSQL
	// database, a fact resting on an inference.
	if proxy.Target != "production-db" || !slices.ContainsFunc(r.Placeholders, func(p Placeholder) bool {
		return p.Address == "aws_db_proxy.main" && p.Attribute == "target"
	}) {
		t.Errorf("proxy = %+v", proxy)
	}
	eps := r.Network.VPCEndpoints
	if len(eps) != 3 {
		t.Fatalf("endpoints = %+v", eps)
	}
	for _, e := range eps {
		if e.Type != "Interface" || e.PrivateDNSEnabled == nil || !*e.PrivateDNSEnabled || len(e.Subnets) != 3 || len(e.SecurityGroups) != 1 {
			t.Errorf("endpoint %s = %+v", e.ID, e)
		}
	}
	fn, db, redis := sim.Workload("my-vpc-function"), sim.Workload("production-db"), sim.Workload("production-redis")
	app := byAddr(t, r, "aws_instance.app[0]").Interface
	dbOut := sim.Query{From: db, To: sim.Internet(), Port: 443}
	checkVerdicts(t, m, []verdictCase{
		{"Lambda reaches PostgreSQL", sim.Query{From: fn, To: db, Port: 5432}, sim.Reachable, sim.NoReason},
		{"Lambda cannot reach MySQL's port", sim.Query{From: fn, To: db, Port: 3306}, sim.Blocked, sim.SGEgress},
		// The guide's Lambda group sends 5432 to the database's group
		// only, not to the proxy's.
		{"Lambda cannot reach the proxy", sim.Query{From: fn, To: sim.Workload("rds-proxy"), Port: 5432}, sim.Blocked, sim.SGEgress},
		{"Lambda reaches Redis", sim.Query{From: fn, To: redis, Port: 6379}, sim.Reachable, sim.NoReason},
		{"Lambda reaches AWS APIs through NAT", sim.Query{From: fn, To: sim.Internet(), Port: 443}, sim.Reachable, sim.NoReason},
		{"Lambda has no other way out", sim.Query{From: fn, To: sim.Internet(), Port: 80}, sim.Blocked, sim.SGEgress},
		{"the app tier reaches Kafka over TLS", sim.Query{From: sim.ENI(app), To: sim.Workload("production-kafka"), Port: 9094}, sim.Reachable, sim.NoReason},
		{"the internet cannot reach the database", sim.Query{From: sim.Internet(), To: db, Port: 5432}, sim.Blocked, sim.NoPublicIP},
		{"the database subnets route out through NAT", sim.Query{From: sim.SubnetHost(ws.RDSInstances[0].SubnetGroup.Subnets[0]), To: sim.Internet(), Port: 443}, sim.Reachable, sim.NoReason},
		{"the database's group allows no egress", dbOut, sim.Blocked, sim.SGEgress},
	})
	if l := lintIDs(m, "unattached-group"); len(l) != 0 {
		t.Errorf("unattached groups: %v", l)
	}
}

// The Lattice service network: the declarations are mapped into the
// network and simulated; the two VPCs have no other connection; provider
// instances admit only the Lattice prefix list; the resource gateway,
// configuration and its association are in the network too.
func TestLattice(t *testing.T) {
	r, m := load(t, "lattice-service-network.plan.json")
	l, u := r.Network, r.Network
	if len(l.ServiceNetworks) != 1 || l.ServiceNetworks[0].AuthType != "AWS_IAM" || len(l.ServiceNetworks[0].AuthPolicy) == 0 {
		t.Errorf("service networks = %+v", l.ServiceNetworks)
	}
	client := byAddr(t, r, "aws_vpc.client").ID
	sn := byAddr(t, r, "aws_vpclattice_service_network.main").ID
	if len(l.ServiceNetworkVPCAssociations) != 1 || l.ServiceNetworkVPCAssociations[0].VPC != client ||
		l.ServiceNetworkVPCAssociations[0].ServiceNetwork != sn || len(l.ServiceNetworkVPCAssociations[0].SecurityGroups) != 1 {
		t.Errorf("VPC associations = %+v", l.ServiceNetworkVPCAssociations)
	}
	if len(l.LatticeServices) != 1 || len(l.LatticeServices[0].Listeners) != 1 || len(l.LatticeServices[0].Listeners[0].Rules) != 1 {
		t.Fatalf("services = %+v", l.LatticeServices)
	}
	rule := l.LatticeServices[0].Listeners[0].Rules[0]
	if rule.Match.PathMatch == nil || rule.Match.PathMatch.Prefix != "/admin" || rule.Action.FixedResponse == nil || rule.Action.FixedResponse.StatusCode != 404 {
		t.Errorf("listener rule = %+v", rule)
	}
	orders0 := byAddr(t, r, "aws_instance.orders[0]").ID
	if len(l.LatticeTargetGroups) != 1 || len(l.LatticeTargetGroups[0].Targets) != 2 || l.LatticeTargetGroups[0].Targets[0].ID != orders0 {
		t.Errorf("target groups = %+v", l.LatticeTargetGroups)
	}
	if len(u.ResourceConfigurations) != 1 || u.ResourceConfigurations[0].Definition.IP != netip.MustParseAddr("10.2.1.50") ||
		len(u.ServiceNetworkResourceAssociations) != 1 || len(u.ResourceGateways) != 1 {
		t.Errorf("resource configurations %+v, associations %+v", u.ResourceConfigurations, u.ServiceNetworkResourceAssociations)
	}
	var pl *vpc.PrefixList
	for i := range r.Network.PrefixLists {
		pl = &r.Network.PrefixLists[i]
	}
	if pl == nil || !pl.AWSManaged || len(pl.Entries) != 2 {
		t.Fatalf("prefix lists = %+v", r.Network.PrefixLists)
	}
	clientENI := byAddr(t, r, "aws_instance.client").Interface
	ordersENI := byAddr(t, r, "aws_instance.orders[0]").Interface
	// Through Lattice: the network's auth policy admits callers of the
	// organization only, and the service answers /admin itself.
	svc := sim.LatticeService(byAddr(t, r, "aws_vpclattice_service.orders").ID)
	member := &policy.Principal{Account: "111122223333", OrgID: "o-example"}
	viaLattice := sim.Query{From: sim.ENI(clientENI), To: svc, Port: 443, Caller: member}
	checkVerdicts(t, m, []verdictCase{
		{"no path between the VPCs but Lattice", sim.Query{From: sim.ENI(clientENI), To: sim.ENI(ordersENI), Port: 443}, sim.Blocked, sim.NoRoute},
		{"an anonymous caller is denied", sim.Query{From: sim.ENI(clientENI), To: svc, Port: 443}, sim.Blocked, sim.AuthDenied},
		{"a caller of the organization reaches the service", viaLattice, sim.Reachable, sim.NoReason},
		{"/admin is answered by the service", sim.Query{From: sim.ENI(clientENI), To: svc, Port: 443, Caller: member,
			Request: &sim.HTTPRequest{Path: "/admin/users"}}, sim.Blocked, sim.FixedResponse},
		{"the client's group lets out 443 only", sim.Query{From: sim.ENI(clientENI), To: svc, Port: 80, Caller: member}, sim.Blocked, sim.SGEgress},
	})
	orders1 := byAddr(t, r, "aws_instance.orders[1]").ID
	if d := cmp.Diff([]string{orders0, orders1}, reachedTargets(t, m, viaLattice)); d != "" {
		t.Errorf("targets Lattice reaches (-want +got):\n%s", d)
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		name, body string
		kind       error
		has        []string
	}{
		{"garbage.json", "not json", ErrFormat, []string{"garbage.json"}},
		{"noversion.json", `{"values": {}}`, ErrFormat, []string{"noversion.json", "format_version"}},
		{"future.json", `{"format_version": "2.0", "values": {}}`, ErrFormat, []string{"future.json"}},
		{"badcidr.json", `{"format_version": "1.0", "values": {"root_module": {"resources": [
			{"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "values": {"id": "vpc-1", "cidr_block": "10.0.0.0/33"}}]}}}`,
			ErrValue, []string{"badcidr.json", "aws_vpc.main", "cidr_block", "10.0.0.0/33"}},
		{"badproto.json", `{"format_version": "1.0", "values": {"root_module": {"resources": [
			{"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "values": {"id": "vpc-1", "cidr_block": "10.0.0.0/16"}},
			{"address": "aws_security_group.x", "mode": "managed", "type": "aws_security_group", "name": "x", "values": {"id": "sg-1", "vpc_id": "vpc-1",
			 "ingress": [{"protocol": "tcpp", "from_port": 1, "to_port": 2, "cidr_blocks": ["0.0.0.0/0"]}]}}]}}}`,
			ErrValue, []string{"aws_security_group.x", "ingress[0].protocol", "tcpp"}},
	} {
		_, err := Load(write(c.name, c.body))
		var e *Error
		if !errors.Is(err, c.kind) || !errors.As(err, &e) {
			t.Errorf("%s: err = %v, want an *Error of kind %v", c.name, err, c.kind)
			continue
		}
		for _, s := range c.has {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: %q does not name %q", c.name, err, s)
			}
		}
	}
	if _, err := Read(nil); !errors.Is(err, ErrFormat) {
		t.Errorf("Read(nil) = %v, want ErrFormat", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("Load(missing) = %v", err)
	}
	// An empty state is a valid, empty import.
	r, err := Read(strings.NewReader(`{"format_version": "1.0"}`))
	if err != nil || r.Kind != State || len(r.Resources) != 0 {
		t.Errorf("empty state: %+v, %v", r, err)
	}
}

// The resources the seed architectures do not use, read from a state: an
// Elastic IP and a customer prefix list admit the office to the bastion;
// the spoke is reached through a transit gateway, the peer through a
// peering connection, and peering is not transitive; separate network ACL
// rules deny RDP.
func TestNetworkCore(t *testing.T) {
	r, m := load(t, "network-core.state.json")
	if len(r.Skipped) != 0 || len(r.Placeholders) != 0 {
		t.Errorf("skipped %+v, placeholders %+v: want none", r.Skipped, r.Placeholders)
	}
	eni := func(addr string) string { return byAddr(t, r, addr).Interface }
	bastion, app, db, appliance := eni("aws_instance.bastion"), eni("aws_instance.app"), eni("aws_instance.db"), eni("aws_instance.appliance")
	toApp := sim.Query{From: sim.ENI(bastion), To: sim.ENI(app), Port: 8080}
	toDB := sim.Query{From: sim.ENI(bastion), To: sim.ENI(db), Port: 5432}
	checkVerdicts(t, m, []verdictCase{
		{"the office reaches the bastion", sim.Query{From: sim.InternetAddress(netip.MustParseAddr("198.51.100.7")), To: sim.ENI(bastion), Port: 22}, sim.Reachable, sim.NoReason},
		{"others do not", sim.Query{From: sim.InternetAddress(netip.MustParseAddr("8.8.8.8")), To: sim.ENI(bastion), Port: 22}, sim.Blocked, sim.SGIngress},
		{"bastion to the spoke app", toApp, sim.Reachable, sim.NoReason},
		{"bastion pings the spoke app", sim.Query{From: sim.ENI(bastion), To: sim.ENI(app), Protocol: vpc.ProtocolICMP}, sim.Reachable, sim.NoReason},
		{"bastion to the peer database", toDB, sim.Reachable, sim.NoReason},
		{"the spoke cannot use the hub's peering", sim.Query{From: sim.ENI(app), To: sim.ENI(db), Port: 5432}, sim.Blocked, sim.NoRoute},
		{"RDP into the private subnet is denied", sim.Query{From: sim.ENI(bastion), To: sim.ENI(appliance), Port: 3389}, sim.Blocked, sim.NACLInbound},
	})
	if !pathHas(t, m, toApp, sim.KindTransitGateway) || !pathHas(t, m, toDB, sim.KindPeering) {
		t.Error("paths do not go through the transit gateway and the peering connection")
	}
	for _, v := range r.Network.VPCs {
		if v.Name == "peer" && v.DNSSupport() {
			t.Error("the peer VPC's DNS support is off in the input")
		}
		if v.Name == "hub" && (len(v.CIDRs) != 2 || !v.IPv6CIDR.IsValid()) {
			t.Errorf("hub VPC = %+v, want a secondary CIDR and an IPv6 block", v)
		}
	}
	for _, p := range r.Network.PrefixLists {
		if p.Name == "office" && len(p.Entries) != 2 {
			t.Errorf("office prefix list = %+v, want its inline entry and the separate one", p)
		}
	}
	for _, rt := range r.Network.TransitGatewayRouteTables {
		if rt.Name == "spokes" && len(rt.Routes) != 2 {
			t.Errorf("spokes route table = %+v, want a static and a blackhole route", rt)
		}
	}
}

// A plan that deletes a resource does not import it; one that updates an
// existing resource keeps its real ID.
func TestPlanActions(t *testing.T) {
	const plan = `{"format_version": "1.2", "resource_changes": [
	  {"address": "aws_vpc.old", "mode": "managed", "type": "aws_vpc", "name": "old",
	   "change": {"actions": ["delete"], "before": {"id": "vpc-old", "cidr_block": "10.9.0.0/16"}, "after": null}},
	  {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
	   "change": {"actions": ["update"], "before": {"id": "vpc-1", "cidr_block": "10.0.0.0/16"},
	              "after": {"id": "vpc-1", "cidr_block": "10.0.0.0/16", "enable_dns_hostnames": true}, "after_unknown": {}}},
	  {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a",
	   "change": {"actions": ["create"], "before": null,
	              "after": {"cidr_block": "10.0.1.0/24", "availability_zone": "us-east-1a"}, "after_unknown": {"id": true, "vpc_id": true}}}],
	 "configuration": {"root_module": {"resources": [
	  {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a",
	   "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}, "cidr_block": {"constant_value": "10.0.1.0/24"}}}]}}}`
	r, err := Read(strings.NewReader(plan))
	if err != nil {
		t.Fatal(err)
	}
	want := &sim.Network{
		VPCs:    []vpc.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}, EnableDNSHostnames: true}},
		Subnets: []vpc.Subnet{{ID: "aws_subnet.a", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: netip.MustParsePrefix("10.0.1.0/24")}},
	}
	if d := cmp.Diff(want, r.Network, addrOpts); d != "" {
		t.Errorf("network (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]Skipped{{Address: "aws_vpc.old", Type: "aws_vpc", Reason: "planned for deletion"}}, r.Skipped); d != "" {
		t.Errorf("skipped (-want +got):\n%s", d)
	}
	if r.Kind != Plan || len(r.Placeholders) != 0 {
		t.Errorf("kind %s, placeholders %+v: want a plan with none (vpc-1 is a real ID)", r.Kind, r.Placeholders)
	}
}

// A subnet placed by availability_zone_id alone (the zone name known only
// after apply) gets a stand-in zone name: the one another subnet pairs
// with the same AZ ID, else the zone's number as a letter, else the first
// letter no other AZ ID takes. Subnets of one AZ ID share a zone and those
// of different AZ IDs do not, so the network compiles (an account maps a
// zone name to one AZ ID and back: AWS RAM User Guide, "Availability Zone
// IDs for your AWS resources").
func TestZonesFromAZIDs(t *testing.T) {
	subnet := func(name, cidr, after string) string {
		return `{"address": "aws_subnet.` + name + `", "mode": "managed", "type": "aws_subnet", "name": "` + name + `",
		  "change": {"actions": ["create"], "before": null, "after": {"vpc_id": "vpc-1", "cidr_block": "` + cidr + `"` + after + `},
		             "after_unknown": {"id": true, "availability_zone": true}}}`
	}
	plan := `{"format_version": "1.2", "resource_changes": [
	  {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
	   "change": {"actions": ["no-op"], "before": {"id": "vpc-1", "cidr_block": "10.0.0.0/16"}, "after": {"id": "vpc-1", "cidr_block": "10.0.0.0/16"}, "after_unknown": {}}},
	  ` + strings.Join([]string{
		subnet("a", "10.0.1.0/24", `, "availability_zone": "us-east-1a", "availability_zone_id": "use1-az4"`),
		subnet("b", "10.0.2.0/24", `, "availability_zone_id": "use1-az4"`),
		subnet("c", "10.0.3.0/24", `, "availability_zone_id": "use1-az1"`),
		subnet("d", "10.0.4.0/24", `, "availability_zone_id": "use1-az3"`),
		subnet("e", "10.0.5.0/24", `, "availability_zone_id": "use1-az2"`),
		subnet("f", "10.0.6.0/24", ``),
	}, ",\n") + `]}`
	r, err := Read(strings.NewReader(plan))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]string{}
	for _, s := range r.Network.Subnets {
		got[s.ID] = [2]string{s.AvailabilityZone, s.AvailabilityZoneID}
	}
	want := map[string][2]string{
		"aws_subnet.a": {"us-east-1a", "use1-az4"},
		"aws_subnet.b": {"us-east-1a", "use1-az4"}, // paired by subnet a
		"aws_subnet.c": {"us-east-1b", "use1-az1"}, // a is taken: the first free letter
		"aws_subnet.d": {"us-east-1c", "use1-az3"}, // the number as a letter
		"aws_subnet.e": {"us-east-1d", "use1-az2"}, // b and c are taken
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("zones (-want +got):\n%s", d)
	}
	var placed []string
	for _, p := range r.Placeholders {
		if p.Attribute == "availability_zone" {
			placed = append(placed, p.Address+"="+p.Value)
		}
	}
	if d := cmp.Diff([]string{"aws_subnet.b=us-east-1a", "aws_subnet.c=us-east-1b", "aws_subnet.d=us-east-1c", "aws_subnet.e=us-east-1d"}, placed); d != "" {
		t.Errorf("zone placeholders (-want +got):\n%s", d)
	}
	if i := slices.IndexFunc(r.Skipped, func(s Skipped) bool { return s.Address == "aws_subnet.f" }); i < 0 {
		t.Errorf("subnet f, with neither zone nor AZ ID, is not skipped: %+v", r.Skipped)
	}
	if _, err := sim.Compile(r.Network); err != nil {
		t.Errorf("Compile: %v", err)
	}
}

// A load balancer is in its subnets' VPC whatever vpc_id says; what its
// declarations refer to and the import lacks is cut, each cut reported:
// a target group of a VPC not imported is dropped, with the listener that
// forwards only to it; a subnet not imported leaves the mapping list; the
// attachment of a target not imported is skipped, not imported.
func TestLoadBalancerPruned(t *testing.T) {
	res := func(typ, name string, values string) string {
		return `{"address": "` + typ + `.` + name + `", "mode": "managed", "type": "` + typ + `", "name": "` + name + `", "values": ` + values + `}`
	}
	const lbARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/1"
	const tgARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/gone/2"
	const webTG = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/3"
	state := `{"format_version": "1.0", "values": {"root_module": {"resources": [` + strings.Join([]string{
		res("aws_vpc", "main", `{"id": "vpc-1", "cidr_block": "10.0.0.0/16"}`),
		res("aws_subnet", "a", `{"id": "subnet-a", "vpc_id": "vpc-1", "cidr_block": "10.0.1.0/24", "availability_zone": "us-east-1a", "availability_zone_id": "use1-az1"}`),
		res("aws_subnet", "b", `{"id": "subnet-b", "vpc_id": "vpc-1", "cidr_block": "10.0.2.0/24", "availability_zone": "us-east-1b", "availability_zone_id": "use1-az2"}`),
		res("aws_lb", "web", `{"id": "`+lbARN+`", "arn": "`+lbARN+`", "name": "web", "internal": true, "load_balancer_type": "application",
			"subnets": ["subnet-a", "subnet-b", "subnet-gone"], "vpc_id": "vpc-other"}`),
		res("aws_lb_target_group", "gone", `{"id": "`+tgARN+`", "arn": "`+tgARN+`", "name": "gone", "port": 80, "protocol": "HTTP", "target_type": "instance", "vpc_id": "vpc-gone"}`),
		res("aws_lb_listener", "http", `{"id": "arn:l", "arn": "arn:l", "load_balancer_arn": "`+lbARN+`", "port": 80, "protocol": "HTTP",
			"default_action": [{"type": "forward", "target_group_arn": "`+tgARN+`"}]}`),
		res("aws_lb_target_group", "web", `{"id": "`+webTG+`", "arn": "`+webTG+`", "name": "web", "port": 80, "protocol": "HTTP", "target_type": "instance", "vpc_id": "vpc-1"}`),
		res("aws_lb_target_group_attachment", "gone", `{"id": "att-1", "target_group_arn": "`+webTG+`", "target_id": "i-gone", "port": 80}`),
	}, ",\n") + `]}}}`
	r, err := Read(strings.NewReader(state))
	if err != nil {
		t.Fatal(err)
	}
	n := r.Network
	if len(n.LoadBalancers) != 1 {
		t.Fatalf("load balancers = %+v", n.LoadBalancers)
	}
	lb := n.LoadBalancers[0]
	if lb.VPC != "vpc-1" || len(lb.Subnets) != 2 {
		t.Errorf("load balancer in %s with subnets %+v, want vpc-1, its subnets' VPC, with subnet-a and subnet-b", lb.VPC, lb.Subnets)
	}
	if len(n.TargetGroups) != 1 || len(n.TargetGroups[0].Targets) != 0 || len(n.Listeners) != 0 {
		t.Errorf("target groups %+v, listeners %+v: want web without targets, no listener", n.TargetGroups, n.Listeners)
	}
	want := []Skipped{
		{Address: "aws_lb.web", Type: "aws_lb", Attribute: "subnets", Reason: "refers to subnet subnet-gone, which is not in the import"},
		{Address: "aws_lb.web", Type: "aws_lb", Attribute: "vpc_id", Reason: `"vpc-other" is not the VPC of the load balancer's subnets, "vpc-1", which is kept`},
		{Address: "aws_lb_listener.http", Type: "aws_lb_listener", Reason: "its default action forwards to no target group in the import"},
		{Address: "aws_lb_listener.http", Type: "aws_lb_listener", Attribute: "default.forward", Reason: "refers to target group " + tgARN + ", which is not in the import"},
		{Address: "aws_lb_target_group.gone", Type: "aws_lb_target_group", Reason: "refers to vpc vpc-gone, which is not in the import"},
		{Address: "aws_lb_target_group_attachment.gone", Type: "aws_lb_target_group_attachment", Reason: "refers to instance or network interface i-gone, which is not in the import"},
	}
	if d := cmp.Diff(want, r.Skipped); d != "" {
		t.Errorf("skipped (-want +got):\n%s", d)
	}
	for _, x := range r.Resources {
		if x.Address == "aws_lb_listener.http" || x.Address == "aws_lb_target_group.gone" || x.Address == "aws_lb_target_group_attachment.gone" {
			t.Errorf("%s is both dropped and listed as imported", x.Address)
		}
	}
	if _, err := sim.Compile(n); err != nil {
		t.Errorf("Compile: %v", err)
	}
}

// An empty path and an unnamed on-premises network are refused with what
// to give instead.
func TestLoadRefusesWhatItCannotUse(t *testing.T) {
	if _, err := Load(""); err == nil || !strings.Contains(err.Error(), "give the file that terraform show -json wrote") {
		t.Errorf("Load(\"\") = %v, want the path asked for", err)
	}
	if _, err := (Options{OnPrem: []OnPrem{{}}}).Load("testdata/hybrid.plan.json"); err == nil || !strings.Contains(err.Error(), "no ID: give it one") {
		t.Errorf("an on-premises network without ID: %v, want an ID asked for", err)
	}
}
