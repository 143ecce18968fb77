package simtest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
)

// The shop's whole connectivity, pinned: go test ./simtest -update
// rewrites testdata/shop.golden.
func TestShopGolden(t *testing.T) {
	arch(t).Golden(t, "testdata/shop.golden")
}

// The report does not depend on the order of the declarations.
func TestConnectivityIgnoresOrder(t *testing.T) {
	want, err := arch(t).Connectivity()
	if err != nil {
		t.Fatal(err)
	}
	n := shop()
	slices.Reverse(n.Subnets)
	slices.Reverse(n.SecurityGroups)
	slices.Reverse(n.NetworkInterfaces)
	slices.Reverse(n.RouteTables)
	got, err := simtest.New(t, n).Connectivity()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("connectivity after reordering the declarations (-want +got):\n%s", diff)
	}
}

// A change to the network shows as a diff of the report: here the
// database exposed to the internet.
func TestConnectivityShowsAChange(t *testing.T) {
	before, err := arch(t).Connectivity()
	if err != nil {
		t.Fatal(err)
	}
	after, err := simtest.New(t, exposedShop()).Connectivity()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"eni-db: tcp 5432\n", "eni-app-1, eni-app-2 -> eni-db: tcp 5432\n"} {
		if !strings.Contains(before, line) && !strings.Contains(after, line) {
			t.Errorf("neither report has %q", line)
		}
	}
	if !strings.Contains(after, "## internet -> interfaces: what the internet reaches\neni-alb: tcp 443\neni-db: tcp 5432\n") {
		t.Errorf("the exposed database is not in the report's first section:\n%s", after)
	}
}

// setUpdate sets *simtest.Update for the test.
func setUpdate(t *testing.T, v bool) {
	old := *simtest.Update
	*simtest.Update = v
	t.Cleanup(func() { *simtest.Update = old })
}

func TestGolden(t *testing.T) {
	setUpdate(t, false)
	t.Setenv("VPCSIM_UPDATE", "")
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "x.golden")

	// No file yet.
	f := record(func(t testing.TB) { simtest.Golden(t, path, "a\nb\n") })
	if want := []string{path + ": no golden file yet; write it with: go test ./simtest -run '^TestArch$' -update"}; !cmp.Equal(f.errors, want) {
		t.Errorf("missing file: failures %q, want %q", f.errors, want)
	}

	// -update writes it, creating its directory, and says so.
	setUpdate(t, true)
	f = record(func(t testing.TB) { simtest.Golden(t, path, "a\nb\n") })
	if b, err := os.ReadFile(path); err != nil || string(b) != "a\nb\n" || len(f.errors) != 0 {
		t.Fatalf("update: file %q, %v; failures %q", b, err, f.errors)
	}
	if want := []string{"simtest: wrote " + path}; !cmp.Equal(f.logs, want) {
		t.Errorf("update: logs %q, want %q", f.logs, want)
	}
	// Unchanged content is not rewritten.
	f = record(func(t testing.TB) { simtest.Golden(t, path, "a\nb\n") })
	if len(f.logs) != 0 || len(f.errors) != 0 {
		t.Errorf("update with the same content: logs %q, failures %q", f.logs, f.errors)
	}
	setUpdate(t, false)

	// Equal: nothing reported. A CRLF checkout compares equal.
	check(t, nil, func(t testing.TB) bool { return simtest.Golden(t, path, "a\nb\n") })
	crlf := filepath.Join(dir, "crlf.golden")
	if err := os.WriteFile(crlf, []byte("a\r\nb\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	check(t, nil, func(t testing.TB) bool { return simtest.Golden(t, crlf, "a\nb\n") })

	// Different: a line diff and the command to rewrite. (go-cmp's diff
	// text is not stable, so only its lines' content is checked.)
	long := "eni-1: tcp 1\neni-2: tcp 2\neni-3: tcp 3\neni-4: tcp 4\nb\neni-6: tcp 6\n"
	setUpdate(t, true)
	record(func(t testing.TB) { simtest.Golden(t, path, long) })
	setUpdate(t, false)
	f = record(func(t testing.TB) { simtest.Golden(t, path, strings.Replace(long, "b", "c", 1)) })
	if len(f.errors) != 1 {
		t.Fatalf("different content: failures %q, want one", f.errors)
	}
	msg := f.errors[0]
	if !strings.HasPrefix(msg, path+": differs from the golden file (-want +got):\n") ||
		!strings.HasSuffix(msg, "\nIf the change is intended, rewrite the file with: go test ./simtest -run '^TestArch$' -update\nand review its diff.") {
		t.Errorf("different content: message\n%s", msg)
	}
	var minus, plus bool
	for l := range strings.Lines(msg) {
		l = strings.TrimSpace(l)
		minus = minus || strings.HasPrefix(l, "-") && strings.TrimSpace(l[1:]) == "b"
		plus = plus || strings.HasPrefix(l, "+") && strings.TrimSpace(l[1:]) == "c"
	}
	if !minus || !plus {
		t.Errorf("the diff does not show b removed and c added:\n%s", msg)
	}

	// VPCSIM_UPDATE=1 updates too.
	t.Setenv("VPCSIM_UPDATE", "1")
	check(t, nil, func(t testing.TB) bool { return simtest.Golden(t, path, "a\nc\n") })
	if b, _ := os.ReadFile(path); string(b) != "a\nc\n" {
		t.Errorf("VPCSIM_UPDATE=1 did not rewrite the file: %q", b)
	}
}

// The hint names the top-level test, which -run can select.
func TestGoldenRerunHint(t *testing.T) {
	setUpdate(t, false)
	t.Setenv("VPCSIM_UPDATE", "")
	path := filepath.Join(t.TempDir(), "x.golden")
	f := &fakeT{name: "TestShop/db_tier"}
	done := make(chan struct{})
	go func() { defer close(done); simtest.Golden(f, path, "x") }()
	<-done
	if len(f.errors) != 1 || !strings.HasSuffix(f.errors[0], "go test ./simtest -run '^TestShop$' -update") {
		t.Errorf("failures %q, want a hint to rerun TestShop", f.errors)
	}
}

func TestAddresses(t *testing.T) {
	var got []string
	for _, u := range arch(t).Addresses() {
		got = append(got, u.String())
	}
	want := []string{
		"subnet-app 10.0.10.0/24: 3 of 251 used",
		"subnet-db 10.0.20.0/24: 1 of 251 used",
		"subnet-public 10.0.0.0/24: 2 of 251 used", // the load balancer and nat-a
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("address use (-want +got):\n%s", diff)
	}
}

// The capacity helpers report their metrics in a benchmark (run once
// here with testing.Benchmark, for about a second).
func TestReportMetrics(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a benchmark for a second")
	}
	a := arch(t)
	m := a.Model()
	qs := []sim.Query{
		{From: sim.ENI("eni-app-1"), To: sim.ENI("eni-db"), Port: 5432},
		{From: sim.ENI("eni-alb"), To: sim.ENI("eni-app-2"), Port: 8080},
		{From: sim.ENI("eni-batch"), To: sim.ENI("eni-db"), Port: 5432},
	}
	r := testing.Benchmark(func(b *testing.B) {
		for b.Loop() {
			for _, q := range qs {
				if _, err := m.Verdict(q); err != nil {
					b.Fatal(err)
				}
			}
		}
		simtest.ReportQueries(b, len(qs))
		a.ReportAddresses(b)
	})
	qps, nsq := r.Extra["queries/s"], r.Extra["ns/query"]
	if r.N == 0 || qps <= 0 || nsq <= 0 {
		t.Fatalf("metrics %v over %d iterations: want queries/s and ns/query", r.Extra, r.N)
	}
	// The two figures describe the same measure.
	if p := qps * nsq / 1e9; p < 0.99 || p > 1.01 {
		t.Errorf("queries/s %g and ns/query %g disagree", qps, nsq)
	}
	delete(r.Extra, "queries/s")
	delete(r.Extra, "ns/query")
	want := map[string]float64{"addrs/subnet": 2, "max-used-%": 100 * 3.0 / 251, "min-free-addrs": 248}
	if diff := cmp.Diff(want, r.Extra); diff != "" {
		t.Errorf("address metrics (-want +got):\n%s", diff)
	}
}

// A wrong count fails the benchmark, which then reports nothing.
func TestReportQueriesWrongCount(t *testing.T) {
	r := testing.Benchmark(func(b *testing.B) { simtest.ReportQueries(b, 0) })
	if r.N != 0 || len(r.Extra) != 0 {
		t.Errorf("ReportQueries(b, 0) did not fail the benchmark: %+v", r)
	}
}

// BenchmarkShop shows the capacity helpers in a benchmark:
//
//	go test ./simtest -run xxx -bench Shop
func BenchmarkShop(b *testing.B) {
	a := simtest.New(b, shop())
	m := a.Model()
	q := sim.Query{From: sim.ENI("eni-app-1"), To: sim.ENI("eni-db"), Port: 5432}
	for b.Loop() {
		if _, err := m.Verdict(q); err != nil {
			b.Fatal(err)
		}
	}
	simtest.ReportQueries(b, 1)
	a.ReportAddresses(b)
}

// A network without interfaces still reports every section.
func TestConnectivityOfAnEmptyNetwork(t *testing.T) {
	n := shop()
	n.NetworkInterfaces = nil
	got, err := simtest.New(t, n).Connectivity()
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"## internet -> interfaces", "## interfaces -> internet", "## interfaces -> interfaces:", "## subnets -> subnets"} {
		if !strings.Contains(got, title) {
			t.Errorf("no section %q in\n%s", title, got)
		}
	}
	if !strings.Contains(got, "# Connectivity of 0 network interfaces in 3 subnets") {
		t.Errorf("header:\n%s", got)
	}
}

// Groups of more than four interfaces are named by their first member in
// the matrices and listed once, so that the report stays linear in size.
func TestConnectivityNamesLargeGroups(t *testing.T) {
	n := shop()
	for i := 3; i <= 6; i++ {
		e := n.NetworkInterfaces[1] // eni-app-1
		e.ID, e.IPv6Addrs = fmt.Sprintf("eni-app-%d", i), nil
		n.NetworkInterfaces = append(n.NetworkInterfaces, e)
	}
	got, err := simtest.New(t, n).Connectivity()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\neni-alb -> eni-app-1, eni-app-2, eni-app-3, eni-app-4, eni-app-5, eni-app-6: tcp 8080\n",
		"\neni-app-1, eni-app-2, eni-app-3, eni-app-4, eni-app-5, eni-app-6 -> eni-db: tcp 5432\n",
	} {
		if strings.Contains(got, want) {
			t.Errorf("the report names a group of six in full (%q):\n%s", want, got)
		}
	}
	for _, want := range []string{
		"\neni-alb -> eni-app-1 +5: tcp 8080\n",
		"\neni-app-1 +5 -> eni-db: tcp 5432\n",
		"\n## groups of more than 4, named by their first member\neni-app-1 +5 = eni-app-1, eni-app-2, eni-app-3, eni-app-4, eni-app-5, eni-app-6\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the report has no %q:\n%s", want, got)
		}
	}
}
