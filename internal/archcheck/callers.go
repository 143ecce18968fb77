package archcheck

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/sim"
)

// CallableOnlyBy checks that the VPC Lattice service is callable with
// flow f (its listener's port) and the request of o (nil: the engine's
// default request) by exactly the principals want, from any source:
// each of them calls it from some interface, and no other candidate
// caller does. The candidates are those of [sim.Reacher.Callers]: an
// anonymous caller, each declared account's root user, and each account
// or IAM identity an auth policy names. A wanted principal that is no
// candidate counts as a caller when some interface reaches the service
// as it (a query naming it as the caller).
//
// Principals are compared by identity: anonymous, a service principal,
// an ARN, or an account (its root user, also written
// arn:aws:iam::<account>:root). A wanted principal's empty account is
// read from its ARN, and its empty organization is its declared
// account's, as for the candidates. o.Caller is ignored.
//
// It returns "" when the check holds, else the callers found and wanted,
// then each unexpected caller with the sources it calls from, the auth
// policy statements that let it in and the path its request takes, and
// each missing one with what stops it (explained from the first source
// that calls the service, else the first that opens connections to it). When no auth policy
// decides (the network and the service use auth type NONE), every caller
// calls the service from the sources that reach it, and the failure says
// so unless no source does and want is empty.
func (a *Arch) CallableOnlyBy(service string, f Flow, want []policy.Principal, o Options) (string, error) {
	o.Caller = nil
	q := o.query(sim.Endpoint{}, sim.LatticeService(service), f)
	rs, err := a.model.WhoCanReach(q)
	if err != nil {
		return "", err
	}
	want = slices.Clone(want)
	for i := range want {
		want[i] = a.complete(want[i])
	}
	var wantNames []string
	for _, p := range want {
		wantNames = append(wantNames, callerName(p))
	}
	slices.Sort(wantNames)
	wantNames = slices.Compact(wantNames)
	head := fmt.Sprintf("%s on %s%s%s", service, f, family(o.IPv6), requestDesc(o.Request))
	wantDesc := "exactly " + names(wantNames)
	if len(wantNames) == 0 {
		wantDesc = "no caller"
	}

	// No auth policy decides: any caller from the sources that reach it.
	if len(rs) > 0 && rs[0].Callers == nil {
		var b strings.Builder
		fmt.Fprintf(&b, "%s: callable by any caller from %s (no auth policy decides: the service network and the service use auth type NONE); want %s\n",
			head, names(reacherSources(rs)), wantDesc)
		fmt.Fprintf(&b, "  any caller from %s:\n", names(rs[0].ENIs))
		explainCall(&b, rs[0].Witness, "    ")
		return strings.TrimSuffix(b.String(), "\n"), nil
	}

	// The candidates found, each with the groups it calls from.
	from := map[string][]int{}
	caller := map[string]policy.Principal{}
	for i, r := range rs {
		for _, p := range r.Callers {
			n := callerName(p)
			from[n] = append(from[n], i)
			caller[n] = p
		}
	}
	var got []string
	for n := range from {
		got = append(got, n)
	}
	slices.Sort(got)
	unexpected := setMinus(got, wantNames)
	// A wanted principal that is no candidate: ask about it by name.
	var missing []policy.Principal
	for _, p := range want {
		n := callerName(p)
		if slices.Contains(got, n) || slices.ContainsFunc(missing, func(x policy.Principal) bool { return callerName(x) == n }) {
			continue
		}
		pq := q
		pq.Caller = &p
		prs, err := a.model.WhoCanReach(pq)
		if err != nil {
			return "", err
		}
		if len(prs) > 0 {
			got = append(got, n)
			continue
		}
		missing = append(missing, p)
	}
	if len(unexpected) == 0 && len(missing) == 0 {
		return "", nil
	}
	slices.Sort(got)
	slices.SortFunc(missing, func(x, y policy.Principal) int { return strings.Compare(callerName(x), callerName(y)) })

	var b strings.Builder
	fmt.Fprintf(&b, "%s: callable by %s; want %s\n", head, names(got), wantDesc)
	for i, n := range unexpected {
		if i == mostExplained {
			fmt.Fprintf(&b, "  unexpected also: %s\n", names(unexpected[i:]))
			break
		}
		gs := from[n]
		var srcs []string
		for _, g := range gs {
			srcs = append(srcs, rs[g].ENIs...)
		}
		slices.Sort(srcs)
		fmt.Fprintf(&b, "  unexpected %s (from %s):\n", n, names(srcs))
		p := caller[n]
		wq := rs[gs[0]].Witness.Query
		wq.Caller = &p
		r, err := a.model.Reach(wq)
		if err != nil {
			fmt.Fprintf(&b, "    %s as %s: cannot explain: %v\n", wq, n, err)
			continue
		}
		explainCall(&b, r, "    ")
	}
	// A missing caller is explained from a source that opens connections
	// to the service: one that calls it as some caller, else one the
	// model's exposure lists.
	src := ""
	if len(rs) > 0 {
		src = rs[0].ENIs[0]
	} else {
		src, err = a.latticeConsumer(service)
		if err != nil {
			return "", err
		}
	}
	for i, p := range missing {
		if i == mostExplained {
			var rest []string
			for _, p := range missing[i:] {
				rest = append(rest, callerName(p))
			}
			fmt.Fprintf(&b, "  missing also: %s\n", names(rest))
			break
		}
		n := callerName(p)
		fmt.Fprintf(&b, "  missing %s:\n", n)
		if src == "" {
			fmt.Fprintf(&b, "    no interface opens a connection to %s on %s: see its service network associations and their security groups\n", service, f)
			continue
		}
		mq := q
		mq.From, mq.Caller = sim.ENI(src), &p
		r, err := a.model.Reach(mq)
		if err != nil {
			fmt.Fprintf(&b, "    %s as %s: cannot explain: %v\n", mq, n, err)
			continue
		}
		explainCall(&b, r, "    ")
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// latticeConsumer returns the first interface that opens connections to
// the Lattice service, as the model's exposure has it, or "".
func (a *Arch) latticeConsumer(service string) (string, error) {
	ex, err := a.model.Exposure()
	if err != nil {
		return "", err
	}
	for _, x := range ex {
		if x.Lattice == service && len(x.ENIs) > 0 {
			return x.ENIs[0], nil
		}
	}
	return "", nil
}

// explainCall explains a request to a Lattice service as explain does,
// with the auth policy statements that allowed it (what to change) after
// the first line.
func explainCall(b *strings.Builder, r *sim.Result, indent string) {
	var auth []string
	if r.Proxy != nil {
		for _, h := range r.Proxy.Steps {
			if h.Step == sim.StepAuthPolicy {
				auth = append(auth, h.Rule)
			}
		}
	}
	var sb strings.Builder
	explain(&sb, r, indent, "")
	first, rest, _ := strings.Cut(sb.String(), "\n")
	b.WriteString(first + "\n")
	if r.Block == nil || r.Block.Step != sim.StepAuthPolicy {
		for _, s := range auth {
			fmt.Fprintf(b, "%s  allowed by auth policy: %s\n", indent, s)
		}
	}
	b.WriteString(rest)
}

// reacherSources lists the interfaces of reachers, sorted.
func reacherSources(rs []sim.Reacher) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ENIs...)
	}
	slices.Sort(out)
	return out
}

// requestDesc formats a request for a message: " POST /charge".
func requestDesc(r *sim.HTTPRequest) string {
	if r == nil {
		return ""
	}
	s := " " + cmpOr(r.Method, "GET") + " " + cmpOr(r.Path, "/")
	if r.Host != "" {
		s += " (host " + r.Host + ")"
	}
	return s
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// complete fills in a principal's account from its ARN, and its
// organization from its declared account, when they are empty, as the
// model does for its candidate callers.
func (a *Arch) complete(p policy.Principal) policy.Principal {
	if p.Anonymous || p.Service != "" {
		return p
	}
	if m := identityARN.FindStringSubmatch(p.ARN); p.Account == "" && m != nil {
		p.Account = m[1]
	}
	if p.OrgID == "" {
		p.OrgID = a.orgs[p.Account]
	}
	return p
}

// identityARN matches an IAM or STS identity's ARN, capturing its account.
var identityARN = regexp.MustCompile(`^arn:aws[a-z-]*:(?:iam|sts)::([0-9]{12}):`)

// rootARN matches an account root's ARN.
var rootARN = regexp.MustCompile(`^arn:aws[a-z-]*:iam::([0-9]{12}):root$`)

// callerName names a principal by identity: "anonymous", a service
// principal, an ARN (a role's with its session), or "<account> root".
func callerName(p policy.Principal) string {
	switch {
	case p.Anonymous:
		return "anonymous"
	case p.Service != "":
		return p.Service
	case p.ARN != "" && rootARN.MatchString(p.ARN):
		return rootARN.FindStringSubmatch(p.ARN)[1] + " root"
	case p.ARN != "" && p.Session != "":
		return p.ARN + " (session " + p.Session + ")"
	case p.ARN != "":
		return p.ARN
	case p.Account != "":
		return p.Account + " root"
	}
	return "an empty principal"
}
