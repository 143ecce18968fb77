package simtest

import (
	"fmt"
	"testing"

	"github.com/vpcsim/vpcsim/internal/archcheck"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/sim"
)

// CallableOnlyBy checks that the VPC Lattice service (its ID, DNS name or
// custom domain name, as [sim.LatticeService] takes it) is
// callable with one flow (its listener's port: "tcp 443") and request
// (nil: GET /) by exactly the principals callers, from any source: each of
// them calls it from some interface, and no other candidate caller does.
// No callers means nobody may call it. "POST /charge only by the orders
// role":
//
//	orders := policy.Principal{ARN: "arn:aws:iam::222222222222:role/orders"}
//	a.CallableOnlyBy(t, "svc-payments", "tcp 443", &sim.HTTPRequest{Method: "POST", Path: "/charge"}, orders)
//
// The candidate callers are those [sim.Model.WhoCanReach] tries (see
// [sim.Reacher.Callers]): an anonymous caller, each declared account's
// root user, and each account or IAM identity an auth policy names, in
// the organization of its declared account. A principal of callers that
// is no candidate (one whose tags a condition tests, say) counts as a
// caller when some interface reaches the service as it. Principals are
// compared by identity: anonymous, a service principal, an ARN, or an
// account ID alone for its root user.
//
// When the check fails, it fails t (t.Errorf) with the callers found and
// wanted, then each unexpected caller with the interfaces it calls from,
// the auth policy statements that let it in and the path of its request,
// and each missing caller with the policy that denies it (or whatever
// else stops it). A service whose network and service both use auth type
// NONE is callable by any caller, which fails the check unless no source
// reaches it and callers is empty. It reports whether the check held.
//
// The request goes over IPv4 from each source.
func (a *Arch) CallableOnlyBy(t testing.TB, service, flow string, req *sim.HTTPRequest, callers ...policy.Principal) bool {
	t.Helper()
	call := func() string { return fmt.Sprintf("CallableOnlyBy(%q, %q)", service, flow) }
	if a == nil {
		t.Errorf("simtest: %s on a nil *Arch: build it with New, Once or Compile", call())
		return false
	}
	f, err := archcheck.ParseOneFlow(flow, false)
	if err != nil {
		t.Errorf("simtest: %s: %v", call(), err)
		return false
	}
	o := options{Request: req}
	return report(t, call, func() (string, error) { return a.c.CallableOnlyBy(service, f, callers, o) })
}
