package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/sim"
)

// The request and caller flags become the query's Request and Caller;
// each malformed value is a usage error naming the flag.
func TestRequestFlags(t *testing.T) {
	const role = "arn:aws:iam::111122223333:role/app"
	tests := []struct {
		name    string
		o       opts
		req     *sim.HTTPRequest
		caller  *policy.Principal
		errHas  string
		headers []string
	}{
		{name: "nothing set", o: opts{}},
		{name: "a request", o: opts{method: "post", path: "/api/x?id=7", host: "shop.example.com"}, headers: []string{"X-Env: prod", "x-env:  test "},
			req: &sim.HTTPRequest{Method: "POST", Path: "/api/x", Query: "id=7", Host: "shop.example.com", Header: http.Header{"X-Env": {"prod", "test"}}}},
		{name: "Host as a header", o: opts{}, headers: []string{"Host: a.example.com"}, req: &sim.HTTPRequest{Host: "a.example.com"}},
		{name: "Host twice", o: opts{host: "a"}, headers: []string{"host: b"}, errHas: "Host header is given twice"},
		{name: "a bad method", o: opts{method: "GE T"}, errHas: "--method"},
		{name: "a relative path", o: opts{path: "api"}, errHas: "--path"},
		{name: "a role", o: opts{callerARN: role, callerOrg: "o-abc"}, caller: &policy.Principal{Account: "111122223333", ARN: role, OrgID: "o-abc"}},
		{name: "an account's root", o: opts{callerAccount: "444455556666"}, caller: &policy.Principal{Account: "444455556666"}},
		{name: "a short account", o: opts{callerAccount: "1234"}, errHas: "--caller-account"},
		{name: "not an IAM ARN", o: opts{callerARN: "arn:aws:s3:::bucket"}, errHas: "--caller-arn"},
		{name: "an organization alone", o: opts{callerOrg: "o-abc"}, errHas: "say who calls"},
		{name: "a bad organization", o: opts{callerAccount: "444455556666", callerOrg: "org1"}, errHas: "--caller-org"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, h := range tt.headers {
				if err := tt.o.headers.Set(h); err != nil {
					t.Fatal(err)
				}
			}
			req, caller, err := tt.o.request()
			if tt.errHas != "" {
				if _, ok := err.(usageError); !ok || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("error %v, want a usage error mentioning %q", err, tt.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.req, req); d != "" {
				t.Errorf("request (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.caller, caller); d != "" {
				t.Errorf("caller (-want +got):\n%s", d)
			}
		})
	}
	var h headerFlag
	for _, bad := range []string{"no colon", ": value", "two words: x"} {
		if err := h.Set(bad); err == nil {
			t.Errorf("--header %q accepted", bad)
		}
	}
}
