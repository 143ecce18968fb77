package workload

import (
	"encoding/json"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpcsim/vpcsim/vpc"
)

// EKS User Guide, "View Amazon EKS security group requirements for
// clusters": the cluster security group allows all traffic in from itself
// and all traffic out to 0.0.0.0/0; EKS gives it to the 2–4 cluster
// interfaces (with any additional groups the cluster names) and to the
// nodes of managed node groups, but not the additional groups.
func TestEKSClusterSecurityGroupAndInterfaces(t *testing.T) {
	ws := Workloads{EKSClusters: []EKSCluster{{
		ID: "eks", Name: "prod", Subnets: []string{"cp-c", "cp-a", "cp-b"}, SecurityGroups: []string{"sg-app"},
		NodeGroups: []NodeGroup{
			{Name: "managed", InstanceType: "m5.large", DesiredSize: 2, Subnets: []string{"priv-a", "priv-b"}, PodsPerNode: 3},
			{Name: "custom", InstanceType: "m5.large", DesiredSize: 1, Subnets: []string{"priv-c"}, SecurityGroups: []string{"sg-app", ClusterSecurityGroupID("eks")}},
		},
	}}}
	x := mustExpand(t, ws, testEnv())
	wantSG := []vpc.SecurityGroup{{
		ID: "eks/cluster-sg", Name: "eks-cluster-sg-prod", VPC: "vpc-1",
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, Group: "eks/cluster-sg", Description: "all traffic from the cluster security group"}},
		Egress:  []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: pfx("0.0.0.0/0"), Description: "all traffic out"}},
		Tags:    map[string]string{"kubernetes.io/cluster/prod": "owned", "aws:eks:cluster-name": "prod"},
	}}
	if d := cmp.Diff(wantSG, x.SecurityGroups, cmpAddrs, cmp.AllowUnexported(vpc.ICMP{})); d != "" {
		t.Errorf("cluster security group (-want +got):\n%s", d)
	}
	// Two cluster interfaces unless declared, spread over the zones.
	if d := cmp.Diff([]string{"cp-a", "cp-b"}, subnetsOf(x, "eks", RoleCluster)); d != "" {
		t.Errorf("cluster interface subnets (-want +got):\n%s", d)
	}
	cl := iface(t, x, "eks/cluster-1")
	if d := cmp.Diff([]string{"eks/cluster-sg", "sg-app"}, cl.SecurityGroups); d != "" {
		t.Errorf("cluster interface groups (-want +got):\n%s", d)
	}
	if cl.Kind != vpc.KindEKSControl || cl.Owner != "eks" {
		t.Errorf("cluster interface kind %q owner %q", cl.Kind, cl.Owner)
	}
	if d := cmp.Diff([]string{"eks/cluster-sg"}, iface(t, x, "eks/managed-node-1").SecurityGroups); d != "" {
		t.Errorf("managed node group without groups gets the cluster group (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"eks/cluster-sg", "sg-app"}, iface(t, x, "eks/custom-node-1").SecurityGroups); d != "" {
		t.Errorf("node group with its own groups (-want +got):\n%s", d)
	}
	// Nodes alternate zones; pods are in their node's subnet with its groups.
	if d := cmp.Diff([]string{"priv-a", "priv-b"}, subnetsOf(x, "eks", RoleNode)[1:]); d != "" {
		t.Errorf("managed node subnets (-want +got):\n%s", d)
	}
	pod := iface(t, x, "eks/managed-node-2-pod-3")
	if pod.Kind != vpc.KindEKSPod || pod.Subnet != "priv-b" || len(pod.PrivateIPs) != 1 {
		t.Errorf("pod = %+v", pod)
	}
	if d := cmp.Diff(iface(t, x, "eks/managed-node-2").SecurityGroups, pod.SecurityGroups); d != "" {
		t.Errorf("pods carry their node's groups (-node +pod):\n%s", d)
	}
	// m5.large with 3 pods and WARM_ENI_TARGET=1: two interfaces of ten
	// addresses; the second never gets a public address.
	node := iface(t, x, "eks/managed-node-2")
	eni2 := iface(t, x, "eks/managed-node-2-eni-2")
	if got := len(node.PrivateIPs) + 3 + len(eni2.PrivateIPs); got != 20 {
		t.Errorf("node addresses (both interfaces and pods) = %d, want 20", got)
	}
	if eni2.AssignPublicIP == nil || *eni2.AssignPublicIP || node.AssignPublicIP != nil {
		t.Errorf("primary interface follows the subnet, others never public: got %v / %v", node.AssignPublicIP, eni2.AssignPublicIP)
	}
	if d := cmp.Diff([]string{"eks/managed-node-2-pod-1", "eks/managed-node-2-pod-2", "eks/managed-node-2-pod-3"},
		filterPrefix(x.InterfacesOf("eks", RolePod), "eks/managed-node-2")); d != "" {
		t.Errorf("pods of node 2 (-want +got):\n%s", d)
	}
	for _, i := range x.Interfaces {
		if !strings.Contains(i.ID, "/") {
			t.Errorf("generated interface %q has no \"/\"", i.ID)
		}
	}
}

func filterPrefix(ids []string, p string) []string {
	var out []string
	for _, id := range ids {
		if strings.HasPrefix(id, p+"-") {
			out = append(out, id)
		}
	}
	return out
}

// ECS API Reference, Service schedulingStrategy: "By default, the service
// scheduler spreads tasks across Availability Zones." One interface per
// task (AwsVpcConfiguration); no groups means the VPC default group.
func TestECSTasksSpreadAcrossZones(t *testing.T) {
	ws := Workloads{ECSServices: []ECSService{{ID: "orders", LaunchType: Fargate, DesiredCount: 5, AssignPublicIP: true,
		Subnets: []string{"priv-a2", "priv-c", "priv-b", "priv-a"}}}}
	x := mustExpand(t, ws, testEnv())
	if d := cmp.Diff([]string{"priv-a", "priv-b", "priv-c", "priv-a2", "priv-b"}, subnetsOf(x, "orders", RoleTask)); d != "" {
		t.Errorf("task subnets (-want +got):\n%s", d)
	}
	task := iface(t, x, "orders/task-1")
	if task.Kind != vpc.KindECSTask || task.AssignPublicIP == nil || !*task.AssignPublicIP || len(task.SecurityGroups) != 0 {
		t.Errorf("task = %+v", task)
	}
}

// Lambda Developer Guide, "Understanding Hyperplane ENIs": Lambda creates
// a Hyperplane ENI the first time a subnet and security group combination
// is used, and other functions with the same combination use it too.
func TestLambdaSharesHyperplaneInterfaces(t *testing.T) {
	ws := Workloads{LambdaFunctions: []LambdaFunction{
		{ID: "f1", Subnets: []string{"priv-a", "priv-b"}, SecurityGroups: []string{"sg-lambda"}},
		{ID: "f2", Subnets: []string{"priv-b"}, SecurityGroups: []string{"sg-lambda"}},
		{ID: "f3", Subnets: []string{"priv-b"}, SecurityGroups: []string{"sg-lambda", "sg-app"}},
		{ID: "f4", Subnets: []string{"priv-b"}, SecurityGroups: []string{"sg-app", "sg-lambda"}},
	}}
	x := mustExpand(t, ws, testEnv())
	var ids []string
	for _, i := range x.Interfaces {
		ids = append(ids, i.ID)
		if i.Kind != vpc.KindLambda {
			t.Errorf("%s kind %q", i.ID, i.Kind)
		}
	}
	want := []string{"hyperplane/priv-a/sg-lambda", "hyperplane/priv-b/sg-app+sg-lambda", "hyperplane/priv-b/sg-lambda"}
	if d := cmp.Diff(want, ids); d != "" {
		t.Errorf("one interface per subnet and group set (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"hyperplane/priv-b/sg-lambda"}, x.InterfacesOf("f2")); d != "" {
		t.Errorf("f2 (-want +got):\n%s", d)
	}
	if d := cmp.Diff(x.InterfacesOf("f3"), x.InterfacesOf("f4")); d != "" {
		t.Errorf("group order does not matter (-f3 +f4):\n%s", d)
	}
	if got := HyperplaneInterfaceID("priv-b", []string{"sg-lambda", "sg-app"}); got != want[1] {
		t.Errorf("HyperplaneInterfaceID = %q", got)
	}
	d, err := Demand(ws, testEnv())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range d {
		if s.Subnet == "priv-b" && (s.Addresses != 2 || s.ENIs != 2 || len(s.Workloads) != 4) {
			t.Errorf("priv-b: 2 shared interfaces for 4 functions, got %+v", s)
		}
	}
}

// RDS: a Multi-AZ instance deployment keeps a standby in another zone
// (RDS User Guide, "Multi-AZ DB instance deployments"); a Multi-AZ DB
// cluster has a writer and two readers in three separate zones ("Creating
// a Multi-AZ DB cluster"); Aurora puts its first three instances in
// distinct zones (RDS API Reference, CreateDBCluster AvailabilityZones).
func TestDatabasePlacement(t *testing.T) {
	dbs := []string{"db-c", "db-b", "db-a"}
	ws := Workloads{
		RDSInstances: []RDSInstance{
			{ID: "single", Engine: Postgres, SubnetGroup: SubnetGroup{Subnets: dbs}},
			{ID: "multi", Engine: MySQL, Deployment: MultiAZInstance, AvailabilityZone: "us-east-1c", SubnetGroup: SubnetGroup{Subnets: dbs}},
			{ID: "cluster", Engine: Postgres, Deployment: MultiAZCluster, SubnetGroup: SubnetGroup{Subnets: dbs}},
		},
		AuroraClusters: []AuroraCluster{{ID: "aurora", Engine: AuroraPostgreSQL, Instances: 4, SubnetGroup: SubnetGroup{Subnets: dbs}}},
	}
	x := mustExpand(t, ws, testEnv())
	for _, tc := range []struct {
		id    string
		roles []Role
		want  []string
	}{
		{"single", []Role{RolePrimary}, []string{"db-a"}},
		{"single", []Role{RoleStandby}, nil},
		{"multi", []Role{RolePrimary}, []string{"db-c"}},
		{"multi", []Role{RoleStandby}, []string{"db-a"}},
		{"cluster", []Role{RoleWriter}, []string{"db-a"}},
		{"cluster", []Role{RoleReader}, []string{"db-b", "db-c"}},
		{"aurora", []Role{RoleWriter}, []string{"db-a"}},
		{"aurora", []Role{RoleReader}, []string{"db-b", "db-c", "db-a"}},
	} {
		if d := cmp.Diff(tc.want, subnetsOf(x, tc.id, tc.roles...)); d != "" {
			t.Errorf("%s %v subnets (-want +got):\n%s", tc.id, tc.roles, d)
		}
	}
	if p := iface(t, x, "multi/standby-1").AssignPublicIP; p == nil || *p {
		t.Errorf("a private database's interfaces stay private, got %v", p)
	}
}

// RDS API Reference, CreateDBInstance and CreateDBCluster Port defaults.
func TestEngineDefaultPorts(t *testing.T) {
	want := map[Engine]uint16{
		MySQL: 3306, MariaDB: 3306, AuroraMySQL: 3306, Postgres: 5432, AuroraPostgreSQL: 5432,
		OracleEE: 1521, OracleSE2: 1521, OracleEECDB: 1521, OracleSE2CDB: 1521,
		SQLServerEE: 1433, SQLServerSE: 1433, SQLServerEX: 1433, SQLServerWeb: 1433, Db2SE: 50000, Db2AE: 50000,
	}
	for e, p := range want {
		if got := e.DefaultPort(); got != p || !e.Valid() {
			t.Errorf("%s default port %d (valid %v), want %d", e, got, e.Valid(), p)
		}
	}
	if Engine("sybase").Valid() {
		t.Error("an unknown engine is valid")
	}
	d := RDSInstance{Engine: Postgres}
	if d.EffectivePort() != 5432 {
		t.Errorf("EffectivePort = %d", d.EffectivePort())
	}
	d.Port = 6543
	if d.EffectivePort() != 6543 {
		t.Errorf("EffectivePort = %d", d.EffectivePort())
	}
}

// MSK Developer Guide, "Port information": 9092 plaintext, 9094 TLS, 9096
// SASL/SCRAM, 9098 IAM inside AWS; 9194, 9196, 9198 for public access.
// Brokers are spread evenly over the client subnets.
func TestMSKPortsAndBrokers(t *testing.T) {
	for _, tc := range []struct {
		a            MSKAuth
		port, public uint16
	}{
		{MSKPlaintext, 9092, 0}, {MSKTLS, 9094, 9194}, {MSKSCRAM, 9096, 9196}, {MSKIAM, 9098, 9198}, {"kerberos", 0, 0},
	} {
		if tc.a.Port() != tc.port || tc.a.PublicPort() != tc.public || tc.a.Valid() != (tc.port != 0) {
			t.Errorf("%s: port %d public %d valid %v", tc.a, tc.a.Port(), tc.a.PublicPort(), tc.a.Valid())
		}
	}
	m := MSKCluster{ID: "kafka", Brokers: 6, ClientSubnets: []string{"priv-c", "priv-a", "priv-b"}, Authentication: []MSKAuth{MSKIAM, MSKTLS, MSKIAM}}
	if d := cmp.Diff([]uint16{9094, 9098}, m.Ports()); d != "" {
		t.Errorf("Ports (-want +got):\n%s", d)
	}
	x := mustExpand(t, Workloads{MSKClusters: []MSKCluster{m}}, testEnv())
	if d := cmp.Diff([]string{"priv-a", "priv-b", "priv-c", "priv-a", "priv-b", "priv-c"}, subnetsOf(x, "kafka", RoleBroker)); d != "" {
		t.Errorf("broker subnets (-want +got):\n%s", d)
	}
	if b := iface(t, x, "kafka/broker-1"); b.Kind != vpc.KindMSKBroker {
		t.Errorf("broker kind %q", b.Kind)
	}
}

// ElastiCache default ports: 6379 for Redis OSS and Valkey, 11211 for
// Memcached (ElastiCache User Guide, "Getting started"; AWS code example
// "Getting started with in-memory caching").
func TestCachePortsAndNodes(t *testing.T) {
	for e, p := range map[CacheEngine]uint16{Redis: 6379, Valkey: 6379, Memcached: 11211, "hazelcast": 0} {
		if e.DefaultPort() != p {
			t.Errorf("%s default port %d, want %d", e, e.DefaultPort(), p)
		}
	}
	c := CacheCluster{ID: "redis", Engine: Redis, Nodes: 3, SubnetGroup: SubnetGroup{Subnets: []string{"db-a", "db-b"}}, SecurityGroups: []string{"sg-db"}}
	if c.EffectivePort() != 6379 {
		t.Errorf("EffectivePort = %d", c.EffectivePort())
	}
	x := mustExpand(t, Workloads{CacheClusters: []CacheCluster{c}}, testEnv())
	if d := cmp.Diff([]string{"db-a", "db-b", "db-a"}, subnetsOf(x, "redis", RoleCacheNode)); d != "" {
		t.Errorf("cache node subnets (-want +got):\n%s", d)
	}
}

// RDS User Guide, "Planning for IP address capacity" (RDS Proxy): keep 10
// free addresses for an instance class up to xlarge, 15 for 2xlarge, ...,
// 110 for 24xlarge, plus three per additional endpoint and the table's
// value again for each reader.
func TestRDSProxy(t *testing.T) {
	for class, want := range map[string]int{
		"db.t3.micro": 10, "db.r6g.large": 10, "db.r6g.xlarge": 10, "db.m5.2xlarge": 15, "db.r5.4xlarge": 25,
		"db.r5.8xlarge": 45, "db.r5.12xlarge": 60, "db.r5.16xlarge": 75, "db.r5.24xlarge": 110,
	} {
		if got, ok := ProxyFreeAddresses(class); !ok || got != want {
			t.Errorf("ProxyFreeAddresses(%q) = %d, %v; want %d", class, got, ok, want)
		}
	}
	for _, class := range []string{"db.serverless", "m5.large", "db.r5.32xlarge", ""} {
		if _, ok := ProxyFreeAddresses(class); ok {
			t.Errorf("ProxyFreeAddresses(%q) claims to know the class", class)
		}
	}
	ws := Workloads{
		AuroraClusters: []AuroraCluster{{ID: "aurora", Engine: AuroraMySQL, Instances: 2, InstanceClass: "db.r6g.2xlarge", SubnetGroup: SubnetGroup{Subnets: []string{"db-a", "db-b"}}}},
		RDSProxies:     []RDSProxy{{ID: "proxy", Target: "aurora", Subnets: []string{"priv-a", "priv-b", "priv-c"}, AdditionalEndpoints: 1}},
	}
	x := mustExpand(t, ws, testEnv())
	if d := cmp.Diff([]string{"priv-a", "priv-b", "priv-c"}, subnetsOf(x, "proxy", RoleProxy)); d != "" {
		t.Errorf("proxy subnets (-want +got):\n%s", d)
	}
	d, err := Demand(ws, testEnv())
	if err != nil {
		t.Fatal(err)
	}
	// 2 × 15 + 3 = 33 addresses over three subnets: 11 each, one of which
	// the proxy's own interface holds.
	for _, s := range d {
		if strings.HasPrefix(s.Subnet, "priv-") && s.Headroom != 10 {
			t.Errorf("%s headroom %d, want 10", s.Subnet, s.Headroom)
		}
	}
	ws.AuroraClusters[0].InstanceClass = "db.serverless"
	if _, err := Expand(ws, testEnv()); !hasFieldError(err, "proxy", "minFreeAddresses", ErrInvalidValue) {
		t.Errorf("an unlisted class needs minFreeAddresses, got %v", err)
	}
	ws.RDSProxies[0].MinFreeAddresses = 30
	mustExpand(t, ws, testEnv())
}

// API Gateway Developer Guide, "Set up VPC links V2": API Gateway creates
// and manages network interfaces for the link in its subnets.
func TestVPCLinkInterfaces(t *testing.T) {
	x := mustExpand(t, Workloads{VPCLinks: []VPCLink{{ID: "link", Subnets: []string{"priv-b", "priv-a"}, SecurityGroups: []string{"sg-app"}}}}, testEnv())
	if d := cmp.Diff([]string{"priv-a", "priv-b"}, subnetsOf(x, "link", RoleVPCLink)); d != "" {
		t.Errorf("link subnets (-want +got):\n%s", d)
	}
}

// AWS reserves the first four addresses and the last of every subnet
// (VPC User Guide, "Subnet CIDR blocks"); expansion never assigns them,
// nor addresses declared elsewhere.
func TestAddressesSkipReservedAndTaken(t *testing.T) {
	e := testEnv()
	e.Taken = []netip.Addr{addr("10.0.10.5"), addr("10.0.10.7"), addr("192.168.0.1")}
	ws := Workloads{ECSServices: []ECSService{{ID: "svc", LaunchType: Fargate, DesiredCount: 9, Subnets: []string{"cp-a"}}}}
	x := mustExpand(t, ws, e)
	var got []string
	for _, i := range x.Interfaces {
		got = append(got, i.PrivateIPs[0].String())
	}
	want := []string{"10.0.10.4", "10.0.10.6", "10.0.10.8", "10.0.10.9", "10.0.10.10", "10.0.10.11", "10.0.10.12", "10.0.10.13", "10.0.10.14"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("addresses in ID order (-want +got):\n%s", d)
	}
	ws.ECSServices[0].DesiredCount = 10
	_, err := Expand(ws, e)
	if !errors.Is(err, ErrCapacity) || !hasFieldError(err, "cp-a", "cidr", ErrCapacity) || !strings.Contains(err.Error(), "svc") {
		t.Errorf("a /28 with two addresses taken holds 9 tasks, not 10: want a capacity error naming the subnet and the service, got %v", err)
	}
}

// EKS User Guide, "Increase the available IP addresses for your Amazon
// EKS node": prefixes are /28 blocks that must be free and contiguous in
// the node's subnet; pods take addresses from them.
func TestPrefixDelegationTakesAlignedBlocks(t *testing.T) {
	ws := Workloads{EKSClusters: []EKSCluster{{
		ID: "eks", Subnets: []string{"cp-a", "cp-b"}, CNI: CNI{PrefixDelegation: true},
		NodeGroups: []NodeGroup{{Name: "ng", InstanceType: "m5.large", DesiredSize: 1, Subnets: []string{"priv-a"}, PodsPerNode: 20}},
	}}}
	x := mustExpand(t, ws, testEnv())
	// ceil(20/16) + 1 warm prefix = 3, from the highest free blocks (the
	// last /28 holds the broadcast address).
	want := []DelegatedPrefix{
		{"eks/ng-node-1", pfx("10.0.0.192/28")}, {"eks/ng-node-1", pfx("10.0.0.208/28")}, {"eks/ng-node-1", pfx("10.0.0.224/28")},
	}
	if d := cmp.Diff(want, x.Prefixes, cmpAddrs); d != "" {
		t.Errorf("prefixes (-want +got):\n%s", d)
	}
	if got := iface(t, x, "eks/ng-node-1-pod-1").PrivateIPs; len(got) != 1 || got[0] != addr("10.0.0.192") {
		t.Errorf("pod 1 = %v, want the first prefix address", got)
	}
	if got := iface(t, x, "eks/ng-node-1-pod-17").PrivateIPs; len(got) != 1 || got[0] != addr("10.0.0.208") {
		t.Errorf("pod 17 = %v, want the second prefix's first address", got)
	}
	node := iface(t, x, "eks/ng-node-1")
	if node.PrivateIPs[0] != addr("10.0.0.4") || len(node.PrivateIPs) != 1+3*16-20 {
		t.Errorf("node keeps its primary and the %d unused prefix addresses, got %v", 3*16-20, node.PrivateIPs)
	}
	// A /26 has 59 usable addresses but only two free /28 blocks: the
	// first holds reserved addresses, the last the broadcast address.
	ws.EKSClusters[0].NodeGroups[0].Subnets = []string{"db-a"}
	if _, err := Expand(ws, testEnv()); !hasFieldError(err, "db-a", "cidr", ErrCapacity) || !strings.Contains(err.Error(), "3 free aligned /28 blocks") {
		t.Errorf("want a /28 block shortage in db-a, got %v", err)
	}
}

func TestExpansionJSONAndCloneRoundTrip(t *testing.T) {
	ws := Workloads{
		EKSClusters: []EKSCluster{{ID: "eks", Subnets: []string{"cp-a", "cp-b"}, CNI: CNI{WarmENITarget: ptr(2)},
			NodeGroups: []NodeGroup{{Name: "ng", InstanceType: "x.custom", Limits: &InstanceType{MaxENIs: 2, IPv4PerENI: 6, VCPUs: 2, Nitro: true}, DesiredSize: 1, Subnets: []string{"priv-a"}}}}},
		ECSServices:     []ECSService{{ID: "svc", LaunchType: EC2, DesiredCount: 2, Subnets: []string{"priv-a"}}},
		LambdaFunctions: []LambdaFunction{{ID: "fn", Subnets: []string{"priv-a"}, SecurityGroups: []string{"sg-lambda"}}},
		RDSInstances:    []RDSInstance{{ID: "db", Engine: MySQL, InstanceClass: "db.t3.micro", SubnetGroup: SubnetGroup{Name: "g", Subnets: []string{"db-a", "db-b"}}}},
		AuroraClusters:  []AuroraCluster{{ID: "aur", Engine: AuroraMySQL, Instances: 1, SubnetGroup: SubnetGroup{Subnets: []string{"db-a", "db-b"}}}},
		RDSProxies:      []RDSProxy{{ID: "px", Target: "db", Subnets: []string{"priv-a", "priv-b"}}},
		CacheClusters:   []CacheCluster{{ID: "c", Engine: Memcached, Nodes: 1, SubnetGroup: SubnetGroup{Subnets: []string{"db-a"}}}},
		MSKClusters:     []MSKCluster{{ID: "m", Brokers: 2, ClientSubnets: []string{"priv-a", "priv-b"}, Authentication: []MSKAuth{MSKTLS}}},
		VPCLinks:        []VPCLink{{ID: "l", Subnets: []string{"priv-a"}}},
	}
	b, err := json.Marshal(ws)
	if err != nil {
		t.Fatal(err)
	}
	var back Workloads
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(ws, back); d != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", d)
	}
	c := ws.Clone()
	if d := cmp.Diff(ws, c); d != "" {
		t.Errorf("Clone (-want +got):\n%s", d)
	}
	c.EKSClusters[0].NodeGroups[0].Limits.MaxENIs = 9
	*c.EKSClusters[0].CNI.WarmENITarget = 7
	c.ECSServices[0].Subnets[0] = "changed"
	if ws.EKSClusters[0].NodeGroups[0].Limits.MaxENIs != 2 || *ws.EKSClusters[0].CNI.WarmENITarget != 2 || ws.ECSServices[0].Subnets[0] != "priv-a" {
		t.Error("Clone shares memory with the original")
	}
	x := mustExpand(t, ws, testEnv())
	b, err = json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	var xback Expansion
	if err := json.Unmarshal(b, &xback); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(x, xback, cmpAddrs, cmp.AllowUnexported(vpc.ICMP{})); d != "" {
		t.Errorf("Expansion JSON round trip (-want +got):\n%s", d)
	}
}

// Every enum rejects unknown values, and the zero value is valid exactly
// where it stands for AWS's default.
func TestEnums(t *testing.T) {
	for _, tc := range []struct {
		name      string
		valid     func(string) bool
		good      []string
		zeroValid bool
	}{
		{"Kind", func(s string) bool { return Kind(s).Valid() }, []string{"eks-cluster", "vpc-link", "rds-proxy"}, false},
		{"Role", func(s string) bool { return Role(s).Valid() }, []string{"pod", "hyperplane", "standby"}, false},
		{"LaunchType", func(s string) bool { return LaunchType(s).Valid() }, []string{"FARGATE", "EC2"}, false},
		{"BrokerType", func(s string) bool { return BrokerType(s).Valid() }, []string{"standard", "express"}, true},
		{"MSKAuth", func(s string) bool { return MSKAuth(s).Valid() }, []string{"plaintext", "tls", "sasl-scram", "sasl-iam"}, false},
		{"CacheEngine", func(s string) bool { return CacheEngine(s).Valid() }, []string{"redis", "valkey", "memcached"}, false},
		{"Deployment", func(s string) bool { return Deployment(s).Valid() }, []string{"single-az", "multi-az-instance", "multi-az-cluster"}, true},
		{"Engine", func(s string) bool { return Engine(s).Valid() }, []string{"mysql", "aurora-postgresql"}, false},
	} {
		for _, g := range tc.good {
			if !tc.valid(g) {
				t.Errorf("%s(%q) not valid", tc.name, g)
			}
		}
		if tc.valid("bogus") {
			t.Errorf("%s(bogus) valid", tc.name)
		}
		if tc.valid("") != tc.zeroValid {
			t.Errorf("%s zero value valid = %v, want %v", tc.name, tc.valid(""), tc.zeroValid)
		}
	}
	if len(Kinds()) != 9 || len(Roles()) != 14 {
		t.Errorf("Kinds %d Roles %d", len(Kinds()), len(Roles()))
	}
	if Deployment("").String() != "single-az" || BrokerType("").String() != "standard" || LaunchType("").String() != "none" {
		t.Error("zero values print as their defaults")
	}
}

// AWS Load Balancer Controller, "Subnet auto-discovery": subnets tagged
// kubernetes.io/role/elb (internet-facing) or .../internal-elb (internal)
// with value 1 or empty; at least eight free addresses; one per zone, the
// first subnet ID in lexicographical order.
func TestLoadBalancerSubnets(t *testing.T) {
	tag := func(id, zone, key, v string) vpc.Subnet {
		return vpc.Subnet{ID: id, VPC: "vpc-1", AvailabilityZone: zone, Tags: map[string]string{key: v}}
	}
	subnets := []vpc.Subnet{
		tag("pub-b", "us-east-1b", TagRoleELB, "1"),
		tag("pub-a2", "us-east-1a", TagRoleELB, ""),
		tag("pub-a1", "us-east-1a", TagRoleELB, "1"),
		tag("pub-c", "us-east-1c", TagRoleELB, "0"),
		tag("int-a", "us-east-1a", TagRoleInternalELB, "1"),
		{ID: "pub-other", VPC: "vpc-2", AvailabilityZone: "us-east-1c", Tags: map[string]string{TagRoleELB: "1"}},
	}
	if d := cmp.Diff([]string{"pub-a1", "pub-b"}, LoadBalancerSubnets(subnets, "vpc-1", false, nil)); d != "" {
		t.Errorf("internet-facing (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"int-a"}, LoadBalancerSubnets(subnets, "vpc-1", true, nil)); d != "" {
		t.Errorf("internal (-want +got):\n%s", d)
	}
	free := map[string]int{"pub-a1": 7, "pub-a2": 8, "pub-b": 100}
	if d := cmp.Diff([]string{"pub-a2", "pub-b"}, LoadBalancerSubnets(subnets, "vpc-1", false, free)); d != "" {
		t.Errorf("with free addresses (-want +got):\n%s", d)
	}
}
