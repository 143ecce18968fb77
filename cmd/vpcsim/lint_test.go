package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/sim"
)

// A blocked health check is a finding only for a target declared healthy
// or initial: one declared unhealthy already says what the check would
// find, and one draining receives no new connections whatever its checks.
// A check blocked from both nodes is one finding naming both.
func TestHealthFindingsFollowDeclaredHealth(t *testing.T) {
	for _, tt := range []struct {
		health elb.HealthState
		want   []string
	}{
		{"", []string{"target eni-app-a port 8081", "target eni-app-b port 8081"}},
		{elb.Initial, []string{"target eni-app-a port 8081", "target eni-app-b port 8081"}},
		{elb.Unhealthy, nil},
		{elb.Draining, nil},
	} {
		n, err := sim.LoadFile(lintALB)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n.TargetGroups {
			for j := range n.TargetGroups[i].Targets {
				n.TargetGroups[i].Targets[j].Health = tt.health
			}
		}
		m, err := sim.Compile(n)
		if err != nil {
			t.Fatal(err)
		}
		fs, err := (&config{net: n, m: m}).healthFindings()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fs {
			if f.ID != healthLint || f.Severity != sim.SeverityError || f.Resource != "tg-api" || f.Witness == nil || f.Witness.Allowed() {
				t.Errorf("health %q: finding %+v", tt.health, f)
			}
			got = append(got, f.Field)
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("health %q: findings (-want +got):\n%s", tt.health, d)
		}
	}
}
