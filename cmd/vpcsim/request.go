package main

import (
	"flag"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/sim"
)

// requestFlags registers the flags that describe the HTTP request a flow
// carries and the principal making it.
func requestFlags(fs *flag.FlagSet, o *opts) {
	fs.StringVar(&o.method, "method", "", "the HTTP request's method (default GET)")
	fs.StringVar(&o.path, "path", "", "the HTTP request's path, with an optional ?query (default /)")
	fs.StringVar(&o.host, "host", "", "the HTTP request's Host header")
	fs.Var(&o.headers, "header", `an HTTP request header, "Name: value" (repeatable)`)
	fs.StringVar(&o.callerAccount, "caller-account", "", "the calling principal's 12-digit account ID (the account's root user without --caller-arn)")
	fs.StringVar(&o.callerARN, "caller-arn", "", "the calling principal's ARN: an IAM role or user, an assumed-role session, ...")
	fs.StringVar(&o.callerOrg, "caller-org", "", "the calling principal's AWS Organizations ID (aws:PrincipalOrgID), o-...")
	fs.StringVar(&o.through, "through", "", "the service-network or resource VPC endpoint (vpce-...) a client beyond its VPC (peered, behind a transit gateway, on premises) reaches the lattice: destination through")
}

// applyRequest sets the query's HTTP request, caller and the endpoint its
// Lattice destination is reached through, as the flags say.
func (o *opts) applyRequest(q *sim.Query) error {
	var err error
	if q.Request, q.Caller, err = o.request(); err != nil {
		return err
	}
	if o.through != "" {
		if !strings.HasPrefix(o.through, "vpce-") {
			return usageError{fmt.Sprintf("--through %q: want a VPC endpoint ID such as vpce-0a1b2c3d", o.through)}
		}
		q.To = q.To.Through(o.through)
	}
	return nil
}

// headerFlag collects repeated --header flags.
type headerFlag []string

func (h *headerFlag) String() string { return strings.Join(*h, ", ") }

func (h *headerFlag) Set(v string) error {
	name, _, ok := strings.Cut(v, ":")
	if !ok || strings.TrimSpace(name) == "" || strings.ContainsAny(strings.TrimSpace(name), " \t") {
		return fmt.Errorf(`want "Name: value", got %q`, v)
	}
	*h = append(*h, v)
	return nil
}

var (
	accountRE = regexp.MustCompile(`^[0-9]{12}$`)
	orgRE     = regexp.MustCompile(`^o-[a-z0-9]+$`)
	methodRE  = regexp.MustCompile(`^[A-Za-z]+$`)
)

// request returns the HTTP request and the caller the flags describe:
// nil for each that no flag sets.
func (o *opts) request() (*sim.HTTPRequest, *policy.Principal, error) {
	var req *sim.HTTPRequest
	if o.method != "" || o.path != "" || o.host != "" || len(o.headers) > 0 {
		req = &sim.HTTPRequest{Method: strings.ToUpper(o.method), Host: o.host}
		if o.method != "" && !methodRE.MatchString(o.method) {
			return nil, nil, usageError{fmt.Sprintf("--method %q: want an HTTP method such as GET or POST", o.method)}
		}
		if o.path != "" {
			req.Path, req.Query, _ = strings.Cut(o.path, "?")
			if !strings.HasPrefix(req.Path, "/") {
				return nil, nil, usageError{fmt.Sprintf("--path %q: want a path beginning with /", o.path)}
			}
		}
		for _, h := range o.headers {
			name, value, _ := strings.Cut(h, ":")
			name = strings.TrimSpace(name)
			if strings.EqualFold(name, "Host") {
				if req.Host != "" {
					return nil, nil, usageError{"the Host header is given twice (--host and --header Host:): give it once"}
				}
				req.Host = strings.TrimSpace(value)
				continue
			}
			if req.Header == nil {
				req.Header = http.Header{}
			}
			req.Header.Add(name, strings.TrimSpace(value))
		}
	}
	if o.callerAccount == "" && o.callerARN == "" && o.callerOrg == "" {
		return req, nil, nil
	}
	p := &policy.Principal{Account: o.callerAccount, ARN: o.callerARN, OrgID: o.callerOrg}
	if p.Account != "" && !accountRE.MatchString(p.Account) {
		return nil, nil, usageError{fmt.Sprintf("--caller-account %q: want a 12-digit account ID", p.Account)}
	}
	if p.OrgID != "" && !orgRE.MatchString(p.OrgID) {
		return nil, nil, usageError{fmt.Sprintf("--caller-org %q: want an AWS Organizations ID such as o-a1b2c3d4e5", p.OrgID)}
	}
	if p.ARN != "" {
		parts := strings.SplitN(p.ARN, ":", 6)
		if len(parts) != 6 || parts[0] != "arn" || (parts[2] != "iam" && parts[2] != "sts") || !accountRE.MatchString(parts[4]) || parts[5] == "" {
			return nil, nil, usageError{fmt.Sprintf("--caller-arn %q: want an IAM or STS ARN such as arn:aws:iam::111122223333:role/name", p.ARN)}
		}
		switch {
		case p.Account == "":
			p.Account = parts[4]
		case p.Account != parts[4]:
			return nil, nil, usageError{fmt.Sprintf("--caller-account %s and --caller-arn %s name different accounts", p.Account, p.ARN)}
		}
	}
	if p.Account == "" {
		return nil, nil, usageError{"--caller-org without --caller-account or --caller-arn: say who calls"}
	}
	return req, p, nil
}
