package sim

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// services is the three-tier fixture with its tiers declared as
// workloads: the orders service (three Fargate tasks) and a Lambda
// function in the app subnets, a Multi-AZ PostgreSQL instance in the
// database subnets. The declared interfaces stay.
func services() *Network {
	n := threeTier()
	n.Workloads = workload.Workloads{
		ECSServices: []workload.ECSService{{ID: "orders", LaunchType: workload.Fargate, DesiredCount: 3,
			Subnets: []string{"subnet-app-a", "subnet-app-b"}, SecurityGroups: []string{"sg-app"}}},
		LambdaFunctions: []workload.LambdaFunction{{ID: "reports", Subnets: []string{"subnet-app-a", "subnet-app-b"},
			SecurityGroups: []string{"sg-app"}}},
		RDSInstances: []workload.RDSInstance{{ID: "orders-db", Engine: workload.Postgres, Deployment: workload.MultiAZInstance,
			SubnetGroup: workload.SubnetGroup{Subnets: []string{"subnet-db-a", "subnet-db-b"}}, SecurityGroups: []string{"sg-db"}}},
	}
	return n
}

func TestWorkloadsCompile(t *testing.T) {
	base := mustCompile(t, threeTier())
	m := mustCompile(t, services())

	// Declared interfaces keep the addresses they have without workloads.
	for e := range base.Interfaces() {
		got, ok := m.Interface(e.ID)
		if !ok || !slices.Equal(got.PrivateIPs, e.PrivateIPs) || got.PublicIP != e.PublicIP {
			t.Errorf("%s: %v %v with workloads, %v %v without", e.ID, got.PrivateIPs, got.PublicIP, e.PrivateIPs, e.PublicIP)
		}
	}

	orders, ok := m.Workload("orders")
	if !ok {
		t.Fatal("no workload orders")
	}
	want := WorkloadInfo{ID: "orders", Kind: workload.KindECSService,
		Interfaces:        []string{"orders/task-1", "orders/task-2", "orders/task-3"},
		Subnets:           []string{"subnet-app-a", "subnet-app-b"},
		AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
	}
	for _, id := range want.Interfaces {
		want.Members = append(want.Members, workload.Member{Workload: "orders", Kind: workload.KindECSService, Role: workload.RoleTask, Interface: id})
	}
	if diff := cmp.Diff(want, orders); diff != "" {
		t.Errorf("Workload(orders) (-want +got):\n%s", diff)
	}
	var ids []string
	for w := range m.Workloads() {
		ids = append(ids, w.ID)
	}
	if diff := cmp.Diff([]string{"orders", "orders-db", "reports"}, ids); diff != "" {
		t.Errorf("Workloads() (-want +got):\n%s", diff)
	}
	if mem, ok := m.WorkloadOf("orders-db/standby-1"); !ok || mem.Role != workload.RoleStandby {
		t.Errorf("WorkloadOf(orders-db/standby-1) = %+v, %v", mem, ok)
	}
	if _, ok := m.WorkloadOf("eni-app-a"); ok {
		t.Error("a declared interface belongs to a workload")
	}

	for _, tc := range []struct {
		q      Query
		status Status
		from   string // the pair the answer names
	}{
		{Query{From: Workload("orders"), To: Workload("orders-db"), Port: 5432}, Reachable, "orders/task-1"},
		{Query{From: Workload("reports"), To: WorkloadRole("orders-db", workload.RoleStandby), Port: 5432}, Reachable, ""},
		{Query{From: Workload("orders-db"), To: Workload("orders"), Port: 8080}, Blocked, "orders-db/primary-1"},
		{Query{From: ENI("eni-alb-a"), To: Workload("orders"), Port: 8080}, Reachable, "eni-alb-a"},
		{Query{From: Workload("orders"), To: Internet(), Port: 443}, Reachable, ""},
		{Query{From: Internet(), To: Workload("orders"), Port: 8080}, Blocked, "internet"},
	} {
		r, err := m.Reach(tc.q)
		if err != nil {
			t.Fatalf("%s: %v", tc.q, err)
		}
		if r.Status != tc.status || tc.from != "" && r.Query.From.String() != tc.from {
			t.Errorf("%s: %s from %s, want %s from %s\n%s", tc.q, r.Status, r.Query.From, tc.status, tc.from, r)
		}
		v, err := m.Verdict(tc.q)
		if err != nil || v.Status != r.Status || v.Reason != r.Reason {
			t.Errorf("%s: verdict %v, %v; reach %s (%s)", tc.q, v, err, r.Status, r.Reason)
		}
	}
	open, err := m.OpenPorts(Query{From: Workload("orders"), To: Workload("orders-db")})
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 || open[0].String() != "tcp 5432" {
		t.Errorf("OpenPorts(orders -> orders-db) = %v, want tcp 5432", open)
	}
}

// Every member pair decides: the answer is the worst pair's.
func TestWorkloadWorstPair(t *testing.T) {
	n := services()
	// The standby's subnet admits Postgres from subnet-app-a only.
	acl, _ := n.NetworkACL("acl-db")
	acl.Subnets = []string{"subnet-db-a"}
	n.NetworkACLs = append(n.NetworkACLs, vpc.NetworkACL{ID: "acl-db-b", VPC: "vpc-main", Subnets: []string{"subnet-db-b"},
		Inbound:  []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, CIDR: pfx("10.0.10.0/24"), Ports: vpc.Port(5432)}},
		Outbound: []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, CIDR: pfx("10.0.10.0/23"), Ports: vpc.Ports(1024, 65535)}}})
	m := mustCompile(t, n)
	r, err := m.Reach(Query{From: Workload("orders"), To: Workload("orders-db"), Port: 5432})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != Blocked || r.Reason != NACLInbound || r.Query.To.ENI != "orders-db/standby-1" ||
		!strings.HasPrefix(r.Query.From.ENI, "orders/task-") {
		t.Errorf("want the pair from subnet-app-b to the standby blocked at its ACL, got\n%s", r)
	}
	if v, _ := m.Verdict(Query{From: WorkloadRole("orders", workload.RoleTask), To: WorkloadRole("orders-db", workload.RolePrimary), Port: 5432}); !v.Allowed() {
		t.Errorf("orders -> primary: %v, want reachable", v)
	}
	open, err := m.OpenPorts(Query{From: Workload("orders"), To: Workload("orders-db")})
	if err != nil || len(open) != 0 {
		t.Errorf("OpenPorts: %v, %v; want nothing open for every pair", open, err)
	}
}

func TestWorkloadQueryErrors(t *testing.T) {
	m := mustCompile(t, services())
	for _, tc := range []struct {
		q    Query
		kind error
		msg  string
	}{
		{Query{From: Workload("nope"), To: ENI("eni-app-a"), Port: 1}, ErrUnknownResource, `no workload "nope"`},
		{Query{From: WorkloadRole("orders", "chef"), To: ENI("eni-app-a"), Port: 1}, ErrInvalidValue, "not a workload role"},
		{Query{From: WorkloadRole("orders", workload.RolePod), To: ENI("eni-app-a"), Port: 1}, ErrInvalidValue, "no interfaces in role pod"},
		{Query{From: Endpoint{Workload: "orders", ENI: "eni-app-a"}, To: ENI("eni-db-a"), Port: 1}, ErrInvalidValue, "ambiguous"},
	} {
		_, err := m.Reach(tc.q)
		if !errors.Is(err, tc.kind) || err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v, want %v containing %q", tc.q, err, tc.kind, tc.msg)
		}
	}
	if _, err := m.WhoCanReach(Query{To: Workload("orders"), Port: 1}); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("WhoCanReach(workload): %v, want an invalid-value error", err)
	}
	if _, err := mustCompile(t, threeTier()).Reach(Query{From: Workload("orders"), To: ENI("eni-app-a"), Port: 1}); !errors.Is(err, ErrUnknownResource) {
		t.Errorf("workload query on a network without workloads: %v", err)
	}
}

func TestWorkloadValidation(t *testing.T) {
	n := services()
	n.Workloads.ECSServices[0].Subnets = append(n.Workloads.ECSServices[0].Subnets, "subnet-nope")
	n.Workloads.RDSInstances[0].SubnetGroup.Subnets = []string{"subnet-db-a"}
	// A declared interface takes an ID the orders service generates.
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "orders/task-1", Subnet: "subnet-app-a"})
	err := n.Validate()
	var got []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		fe := e.(*FieldError)
		got = append(got, fe.Resource+" "+fe.ID+" "+fe.Field+": "+fe.Kind.Error())
	}
	want := []string{
		"ecs-service orders subnets[2]: unknown resource",
		"rds-instance orders-db subnetGroup.subnets: too few availability zones",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s\n%v", diff, err)
	}
	if !errors.Is(err, workload.ErrAvailabilityZones) || !errors.Is(err, ErrUnknownResource) {
		t.Errorf("sentinels lost: %v", err)
	}

	// With the workloads fixed, the colliding ID is the workload's error.
	n = services()
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "orders/task-1", Subnet: "subnet-app-a"})
	err = n.Validate()
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Resource != "ecs-service" || fe.ID != "orders" || !errors.Is(err, ErrDuplicateID) ||
		!strings.Contains(fe.Msg, `network-interface "orders/task-1"`) {
		t.Errorf("collision: %v", err)
	}

	// A declared rule may name the cluster security group of an EKS
	// cluster even while the cluster fails to expand.
	n = services()
	n.SecurityGroups[2].Ingress = append(n.SecurityGroups[2].Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(5432),
		Group: workload.ClusterSecurityGroupID("eks")})
	n.Workloads.EKSClusters = []workload.EKSCluster{{ID: "eks", Subnets: []string{"subnet-app-a"}}}
	err = n.Validate()
	if !errors.As(err, &fe) || fe.Resource != "eks-cluster" || strings.Contains(err.Error(), "security-group") {
		t.Errorf("EKS cluster in one zone: %v", err)
	}
	n.Workloads.EKSClusters[0].Subnets = []string{"subnet-app-a", "subnet-app-b"}
	if err := n.Validate(); err != nil {
		t.Errorf("EKS cluster in two zones: %v", err)
	}

	// A subnet too small for the workloads.
	n = services()
	n.Workloads.ECSServices[0].DesiredCount = 600
	if err := n.Validate(); !errors.Is(err, ErrCapacity) || !strings.Contains(err.Error(), "subnet subnet-app-") {
		t.Errorf("600 tasks in two /24: %v", err)
	}
}

// A network with workloads round-trips through JSON and clones.
func TestWorkloadsJSON(t *testing.T) {
	n := services()
	n.Workloads.EKSClusters = []workload.EKSCluster{{ID: "eks", Subnets: []string{"subnet-app-a", "subnet-app-b"},
		CNI:        workload.CNI{WarmENITarget: new(int)},
		NodeGroups: []workload.NodeGroup{{Name: "ng", InstanceType: "m5.large", DesiredSize: 2, Subnets: []string{"subnet-app-a", "subnet-app-b"}, PodsPerNode: 10}}}}
	var b strings.Builder
	if err := n.Save(&b); err != nil {
		t.Fatal(err)
	}
	back, err := Load(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(n, back, cloneCmpOpts); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(n, n.Clone(), cloneCmpOpts); diff != "" {
		t.Errorf("clone (-want +got):\n%s", diff)
	}
	if _, err := Compile(back); err != nil {
		t.Error(err)
	}
}

// Matrix selects workloads' interfaces.
func TestMatrixSelectsWorkloads(t *testing.T) {
	m := mustCompile(t, services())
	x, err := m.Matrix(Selection{Workloads: []string{"orders", "orders-db"}})
	if err != nil {
		t.Fatal(err)
	}
	var members []string
	for _, g := range x.Groups {
		members = append(members, g.Members...)
	}
	slices.Sort(members)
	want := []string{"orders-db/primary-1", "orders-db/standby-1", "orders/task-1", "orders/task-2", "orders/task-3"}
	if diff := cmp.Diff(want, members); diff != "" {
		t.Errorf("members (-want +got):\n%s", diff)
	}
	if _, err := m.Matrix(Selection{Workloads: []string{"nope"}}); !errors.Is(err, ErrUnknownResource) {
		t.Errorf("unknown workload: %v", err)
	}
}

var _ = netip.Addr{}
