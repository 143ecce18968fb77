package simtest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
	"github.com/vpcsim/vpcsim/workload"
)

// shopWorkloads is the shop with workloads beside its declared
// interfaces: the orders service (three Fargate tasks in subnet-app with
// sg-app) and two Lambda functions, reports and export, in subnet-app
// with sg-batch, which share one Hyperplane interface.
func shopWorkloads() *sim.Network {
	n := shop()
	n.Workloads = workload.Workloads{
		ECSServices: []workload.ECSService{{ID: "orders", LaunchType: workload.Fargate, DesiredCount: 3,
			Subnets: []string{"subnet-app"}, SecurityGroups: []string{"sg-app"}}},
		LambdaFunctions: []workload.LambdaFunction{
			{ID: "reports", Subnets: []string{"subnet-app"}, SecurityGroups: []string{"sg-batch"}},
			{ID: "export", Subnets: []string{"subnet-app"}, SecurityGroups: []string{"sg-batch"}},
		},
	}
	return n
}

var shopW = simtest.Once(shopWorkloads)

func TestWorkloadSelector(t *testing.T) {
	a := shopW(t)
	tasks := []string{"orders/task-1", "orders/task-2", "orders/task-3"}
	hyperplane := []string{"hyperplane/subnet-app/sg-batch"}
	for _, tc := range []struct {
		sel  simtest.Selector
		want []string
	}{
		{simtest.Workload("orders"), tasks},
		{simtest.Workload("orders", workload.RoleTask), tasks},
		{simtest.Workload("reports"), hyperplane},
		{simtest.Workload("export", workload.RoleHyperplane), hyperplane},
		// The other selectors see the workloads' interfaces too.
		{simtest.SecurityGroup("sg-app"), append([]string{"eni-app-1", "eni-app-2"}, tasks...)},
		{simtest.Except(simtest.Subnet("subnet-app"), simtest.Tag("tier", "app")), append([]string{"eni-batch", "hyperplane/subnet-app/sg-batch"}, tasks...)},
		{simtest.Intersect(simtest.Workload("reports"), simtest.Workload("export")), hyperplane},
	} {
		got, err := a.Select(tc.sel)
		if err != nil {
			t.Errorf("%s: %v", tc.sel, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.sel, diff)
		}
	}
	if got := len(simtest.All().String()); got == 0 {
		t.Error("All has no description")
	}
	all, _ := a.Select(simtest.All())
	if len(all) != 5+3+1 {
		t.Errorf("All selects %d interfaces, want the 5 declared, 3 tasks and 1 Hyperplane interface: %v", len(all), all)
	}
}

// A workload that is not declared, a role that does not exist, and a role
// the workload has no interface in are errors, not empty selections.
func TestWorkloadSelectorErrors(t *testing.T) {
	a := shopW(t)
	for _, tc := range []struct {
		sel  simtest.Selector
		want string
	}{
		{simtest.Workload("order"), `no workload "order" is declared`},
		{simtest.Workload("orders", "tasks"), `role "tasks" is not a workload.Role`},
		{simtest.Workload("orders", workload.RolePod), `workload orders (pod) selects no network interface`},
	} {
		_, err := a.Select(tc.sel)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.sel, err, tc.want)
		}
	}
	// In the network without workloads, no workload is declared.
	if _, err := arch(t).Select(simtest.Workload("orders")); err == nil {
		t.Error("a workload selected in a network without workloads")
	}
}

// An allow-list naming the app tier by tag misses the orders service's
// tasks, which carry sg-app too: the failure names each task with the
// rule that lets it in.
func TestWorkloadAllowList(t *testing.T) {
	a := shopW(t)
	db := simtest.Tag("tier", "db")
	if f := record(func(t testing.TB) {
		a.ReachableOnlyFrom(t, db, "tcp 5432", simtest.Union(simtest.Tag("tier", "app"), simtest.Workload("orders")))
		a.ReachableOnlyFrom(t, db, "tcp 5432", simtest.SecurityGroup("sg-app"))
		a.NotExposed(t, simtest.Union(simtest.Workload("orders"), simtest.Workload("reports")))
	}); len(f.errors) != 0 {
		t.Errorf("failures: %q", f.errors)
	}
	f := record(func(t testing.TB) { a.ReachableOnlyFrom(t, db, "tcp 5432", simtest.Tag("tier", "app")) })
	if len(f.errors) != 1 {
		t.Fatalf("failures %q, want one", f.errors)
	}
	msg := f.errors[0]
	for _, want := range []string{"want exactly tag tier=app", "unexpected orders/task-1, orders/task-2, orders/task-3", "sg-db ingress rule 0: tcp 5432 from sg-app"} {
		if !strings.Contains(msg, want) {
			t.Errorf("failure does not say %q:\n%s", want, msg)
		}
	}
}

// Address use counts what the workloads expand into: subnet-app holds
// its three declared interfaces, the three tasks and the Hyperplane
// interface.
func TestWorkloadAddresses(t *testing.T) {
	var got []string
	for _, u := range shopW(t).Addresses() {
		got = append(got, u.String())
	}
	want := []string{
		"subnet-app 10.0.10.0/24: 7 of 251 used",
		"subnet-db 10.0.20.0/24: 1 of 251 used",
		"subnet-public 10.0.0.0/24: 2 of 251 used",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("address use (-want +got):\n%s", diff)
	}
}

func TestReportSubnetAddresses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs benchmarks for a second each")
	}
	a := shopW(t)
	r := testing.Benchmark(func(b *testing.B) {
		for b.Loop() {
		}
		a.ReportSubnetAddresses(b, "subnet-app", "subnet-db")
	})
	if diff := cmp.Diff(map[string]float64{"subnet-app-addrs": 7, "subnet-db-addrs": 1}, r.Extra); diff != "" {
		t.Errorf("metrics (-want +got):\n%s", diff)
	}
	r = testing.Benchmark(func(b *testing.B) {
		for b.Loop() {
		}
		a.ReportSubnetAddresses(b)
	})
	if len(r.Extra) != 3 || r.Extra["subnet-public-addrs"] != 2 {
		t.Errorf("every subnet: %v", r.Extra)
	}
	// A subnet that is not declared fails the benchmark.
	r = testing.Benchmark(func(b *testing.B) { a.ReportSubnetAddresses(b, "subnet-ap") })
	if r.N != 0 || len(r.Extra) != 0 {
		t.Errorf("an unknown subnet did not fail the benchmark: %+v", r)
	}
}

// The orders service grows in subnet-app, whose /24 has 251 usable
// addresses: the four declared and Hyperplane interfaces leave room for
// 247 tasks.
func TestReportScaleOut(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a benchmark for a second")
	}
	r, err := sim.ScaleOut(shopWorkloads(), 1000, func(k int, ws *workload.Workloads) { ws.ECSServices[0].DesiredCount = k })
	if err != nil {
		t.Fatal(err)
	}
	res := testing.Benchmark(func(b *testing.B) {
		for b.Loop() {
		}
		simtest.ReportScaleOut(b, r, "tasks")
	})
	if diff := cmp.Diff(map[string]float64{"max-tasks": 247, "exhausted-subnets": 1}, res.Extra); diff != "" {
		t.Errorf("metrics (-want +got):\n%s\n%s", diff, r)
	}
	for _, bad := range []func(b *testing.B){
		func(b *testing.B) { simtest.ReportScaleOut(b, nil, "tasks") },
		func(b *testing.B) { simtest.ReportScaleOut(b, r, "") },
		func(b *testing.B) { simtest.ReportScaleOut(b, r, "ecs tasks") },
	} {
		if res := testing.Benchmark(bad); res.N != 0 || len(res.Extra) != 0 {
			t.Errorf("a wrong call did not fail the benchmark: %+v", res)
		}
	}
}

// BenchmarkOrdersScaleOut is a capacity experiment as a user writes it:
//
//	go test ./simtest -run xxx -bench OrdersScaleOut
func BenchmarkOrdersScaleOut(b *testing.B) {
	n := shopWorkloads()
	var r *sim.ScaleReport
	for b.Loop() {
		var err error
		r, err = sim.ScaleOut(n, 1000, func(k int, ws *workload.Workloads) { ws.ECSServices[0].DesiredCount = k })
		if err != nil {
			b.Fatal(err)
		}
	}
	simtest.ReportScaleOut(b, r, "tasks")
	simtest.New(b, n).ReportSubnetAddresses(b, "subnet-app")
}

// Select the interfaces of a workload by its ID, or by its ID and role,
// and state decisions about them as about declared interfaces.
func ExampleWorkload() {
	t := printT{}
	a := simtest.New(t, shopWorkloads()) // the shop with the orders service and two functions
	for _, s := range []simtest.Selector{
		simtest.Workload("orders"),
		simtest.Workload("reports", workload.RoleHyperplane),
	} {
		ids, err := a.Select(s)
		fmt.Println(s, "=", ids, err)
	}
	// Only the app tier, the orders service among it, reaches the database.
	a.ReachableOnlyFrom(t, simtest.Tag("tier", "db"), "tcp 5432",
		simtest.Union(simtest.Tag("tier", "app"), simtest.Workload("orders")))
	// The functions leave for the internet through the NAT gateway.
	a.InternetOnlyVia(t, simtest.Workload("reports"), "nat-a")
	// Output:
	// workload orders = [orders/task-1 orders/task-2 orders/task-3] <nil>
	// workload reports (hyperplane) = [hyperplane/subnet-app/sg-batch] <nil>
}

// A capacity experiment follows the addresses used in chosen subnets.
// Here the benchmark runs through testing.Benchmark; in a _test.go file,
// it is a func Benchmark...(b *testing.B) run by go test -bench.
func ExampleArch_ReportSubnetAddresses() {
	t := printT{}
	a := simtest.New(t, shopWorkloads())
	r := testing.Benchmark(func(b *testing.B) {
		for b.Loop() {
			a.Model().Capacity()
		}
		a.ReportSubnetAddresses(b, "subnet-app", "subnet-db")
	})
	fmt.Printf("%.0f subnet-app-addrs, %.0f subnet-db-addrs\n", r.Extra["subnet-app-addrs"], r.Extra["subnet-db-addrs"])
	// Output:
	// 7 subnet-app-addrs, 1 subnet-db-addrs
}

// How many tasks can the orders service run before subnet-app runs out?
// sim.ScaleOut answers; ReportScaleOut turns the answer into benchmark
// metrics (see BenchmarkOrdersScaleOut in this package's tests).
func ExampleReportScaleOut() {
	scale := func(k int, ws *workload.Workloads) { ws.ECSServices[0].DesiredCount = k }
	r := testing.Benchmark(func(b *testing.B) {
		var rep *sim.ScaleReport
		for b.Loop() {
			rep, _ = sim.ScaleOut(shopWorkloads(), 1000, scale)
		}
		simtest.ReportScaleOut(b, rep, "tasks")
	})
	fmt.Printf("%.0f max-tasks, %.0f exhausted-subnets\n", r.Extra["max-tasks"], r.Extra["exhausted-subnets"])
	// Output:
	// 247 max-tasks, 1 exhausted-subnets
}
