package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
)

// The answers of the Lambda architecture, pinned. Run them with
//
//	go test ./examples/lambdaendpoints
//
// and, after changing network() or questions(), review the change to
// testdata/lambdaendpoints.golden (what main prints) that
// go test ./examples/lambdaendpoints -update writes.

// TestWays pins which way each of the program's questions goes and its
// verdict: the cost question of the architecture.
func TestWays(t *testing.T) {
	n := network()
	m, err := sim.Compile(n)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		verdict sim.Verdict
		via     []string
	}{
		{sim.Verdict{Status: sim.Reachable}, []string{"vpce-secretsmanager"}},
		{sim.Verdict{Status: sim.Reachable}, []string{"vpce-ssm"}},
		{sim.Verdict{Status: sim.Reachable}, []string{"vpce-logs"}},
		{sim.Verdict{Status: sim.Reachable}, []string{"vpce-s3"}},
		// No SQS or KMS endpoint: through the zone's NAT gateway.
		{sim.Verdict{Status: sim.Reachable}, []string{"nat-a", "igw-lambda"}},
		{sim.Verdict{Status: sim.Reachable}, []string{"nat-b", "igw-lambda"}},
		// The bucket policy admits only requests through vpce-s3.
		{sim.Verdict{Status: sim.Blocked, Reason: sim.ResourcePolicyDeny}, []string{"igw-lambda"}},
		// lambda-sg names db_tier, not the database's rds-sg.
		{sim.Verdict{Status: sim.Blocked, Reason: sim.SGEgress}, nil},
		{sim.Verdict{Status: sim.Reachable}, []string{"vpce-s3"}},
		{sim.Verdict{Status: sim.Blocked, Reason: sim.NoRoute}, nil},
	}
	qs := questions()
	if len(qs) != len(want) {
		t.Fatalf("%d questions, %d answers pinned", len(qs), len(want))
	}
	for i, x := range qs {
		r, err := m.Reach(x.q)
		if err != nil {
			t.Fatalf("%s: %v", x.what, err)
		}
		got := sim.Verdict{Status: r.Status, Reason: r.Reason}
		if d := cmp.Diff(want[i].verdict, got); d != "" {
			t.Errorf("%d %s: verdict (-want +got):\n%s", i+1, x.what, d)
		}
		if d := cmp.Diff(want[i].via, r.Via()); d != "" {
			t.Errorf("%d %s: via (-want +got):\n%s", i+1, x.what, d)
		}
	}
}

// TestFixedDatabaseAccess: with lambda-sg naming rds-sg, the function
// reaches its database from both zones, and only it and the app tier
// (empty here) are let in.
func TestFixedDatabaseAccess(t *testing.T) {
	a := simtest.New(t, fixed())
	a.Reachable(t, sim.ENI("eni-lambda-a"), sim.ENI("eni-rds"), "tcp 5432")
	a.Reachable(t, sim.ENI("eni-lambda-b"), sim.ENI("eni-rds"), "tcp 5432")
	a.ReachableOnlyFrom(t, simtest.ENIs("eni-rds"), "tcp 5432", simtest.SecurityGroup("lambda-sg"))
	a.NotExposed(t, simtest.All())
}

// TestOutput pins what main prints.
func TestOutput(t *testing.T) {
	var b bytes.Buffer
	if err := report(&b); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/lambdaendpoints.golden"
	if *simtest.Update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (write it with go test -update)", err)
	}
	if d := cmp.Diff(string(want), b.String()); d != "" {
		t.Errorf("output differs from %s (-want +got); review, then go test -update:\n%s", golden, d)
	}
}
