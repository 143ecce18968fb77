package archcheck

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/policy"
)

// TestCallerName: principals compare by identity; an account's root user
// is the same whether named by account ID or by its root ARN (IAM User
// Guide, "AWS JSON policy elements: Principal": an account principal
// may be given as the 12-digit ID or as arn:aws:iam::<account>:root).
func TestCallerName(t *testing.T) {
	a := &Arch{orgs: map[string]string{"222222222222": "o-shop"}}
	for _, tc := range []struct {
		p    policy.Principal
		want string
		org  string
	}{
		{policy.Principal{Anonymous: true}, "anonymous", ""},
		{policy.Principal{Service: "cloudtrail.amazonaws.com"}, "cloudtrail.amazonaws.com", ""},
		{policy.Principal{Account: "222222222222"}, "222222222222 root", "o-shop"},
		{policy.Principal{ARN: "arn:aws:iam::222222222222:root"}, "222222222222 root", "o-shop"},
		{policy.Principal{ARN: "arn:aws:iam::222222222222:role/orders"}, "arn:aws:iam::222222222222:role/orders", "o-shop"},
		{policy.Principal{ARN: "arn:aws:iam::222222222222:role/orders", Session: "s1"}, "arn:aws:iam::222222222222:role/orders (session s1)", "o-shop"},
		{policy.Principal{ARN: "arn:aws:sts::333333333333:assumed-role/r/s"}, "arn:aws:sts::333333333333:assumed-role/r/s", ""},
		{policy.Principal{ARN: "arn:aws:iam::222222222222:role/orders", OrgID: "o-other"}, "arn:aws:iam::222222222222:role/orders", "o-other"},
	} {
		got := a.complete(tc.p)
		if d := cmp.Diff([]string{tc.want, tc.org}, []string{callerName(got), got.OrgID}); d != "" {
			t.Errorf("%+v: name, organization (-want +got):\n%s", tc.p, d)
		}
	}
}
