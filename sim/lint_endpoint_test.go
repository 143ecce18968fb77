package sim

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// An interface endpoint's interface in a zone its endpoint service does
// not serve is flagged: AWS refuses to create one there ("The VPC
// endpoint service ... does not support the Availability Zone of the
// subnet", AWS Knowledge Center, "Why can't I select my preferred subnet
// for an interface VPC endpoint's Availability Zone?"), but a provider
// that takes a zone off its Network Load Balancer leaves it behind.
func TestLintEndpointZones(t *testing.T) {
	only := func(fs []Finding) []Finding {
		var out []Finding
		for _, f := range fs {
			if f.ID == "endpoint-zone-unserved" {
				f.Witness = nil
				out = append(out, f)
			}
		}
		return out
	}
	if got := only(mustCompile(t, withPrivateLink()).Lint()); len(got) != 0 {
		t.Errorf("every zone served, yet findings:\n%v", got)
	}
	oneZone := withPrivateLink()
	oneZone.LoadBalancers[0].Subnets = oneZone.LoadBalancers[0].Subnets[:1] // use1-az2 only
	got := only(mustCompile(t, oneZone).Lint())
	if len(got) != 1 {
		t.Fatalf("want one finding for the use1-az1 interface, got:\n%v", got)
	}
	f := got[0]
	if diff := cmp.Diff([3]string{"vpce-partner", "vpc-endpoint", "subnet subnet-app-a"}, [3]string{f.Resource, f.Kind, f.Field}); diff != "" {
		t.Errorf("finding names (-want +got):\n%s", diff)
	}
	for _, s := range []string{"vpce-partner/subnet-app-a", "use1-az1", "use1-az2"} {
		if !strings.Contains(f.Explanation+f.Fix, s) {
			t.Errorf("finding does not mention %s: %s", s, f)
		}
	}
	// The query through that interface fails for the reason the lint gives.
	v, err := mustCompile(t, oneZone).Verdict(Query{From: ENI("eni-lambda-a"), To: ENI("vpce-partner/subnet-app-a"), Port: 443})
	if err != nil || v != (Verdict{Blocked, AZMismatch}) {
		t.Errorf("query through the flagged interface: %v, %v; want blocked AZ_MISMATCH", v, err)
	}
}
