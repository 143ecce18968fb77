package policy

import (
	"net/netip"
	"regexp"
	"strconv"
	"strings"
)

// refEvaluate is a deliberately naive evaluator written from the IAM
// documentation, sharing no code with the package: regular expressions for
// wildcards, string splitting for ARNs, maps rebuilt per call. It returns
// the outcome and the index of the deciding statement (the lowest applying
// Deny, else the lowest applying Allow; -1 for an implicit deny).
func refEvaluate(d *Document, r Request) (Outcome, int) {
	allow := -1
	for i, s := range d.Statements {
		if !refApplies(d, &s, r) {
			continue
		}
		if s.Effect == Deny {
			return ExplicitDeny, i
		}
		if allow < 0 {
			allow = i
		}
	}
	if allow >= 0 {
		return Allowed, allow
	}
	return ImplicitDeny, -1
}

func refApplies(d *Document, s *Statement, r Request) bool {
	if len(s.Action) > 0 && !refAny(s.Action, func(p string) bool { return refGlob(p, r.Action, "fold") }) {
		return false
	}
	if len(s.NotAction) > 0 && refAny(s.NotAction, func(p string) bool { return refGlob(p, r.Action, "fold") }) {
		return false
	}
	if len(s.Resource) > 0 && !refAny(s.Resource, func(p string) bool { return refGlob(p, r.Resource, "resource") }) {
		return false
	}
	if len(s.NotResource) > 0 && refAny(s.NotResource, func(p string) bool { return refGlob(p, r.Resource, "resource") }) {
		return false
	}
	if s.Principal != nil && !refPrincipalIn(s.Principal, r.Principal) {
		return false
	}
	if s.NotPrincipal != nil && refExcluded(s.NotPrincipal, r.Principal) {
		return false
	}
	for _, c := range s.Condition {
		if !refCondition(c, r) {
			return false
		}
	}
	return true
}

func refAny(list []string, f func(string) bool) bool {
	for _, x := range list {
		if f(x) {
			return true
		}
	}
	return false
}

// refGlob turns a pattern into a regular expression. Modes: "plain"
// (StringLike), "fold" (actions, ignoring case) and "resource" (a '*' ends
// at a colon unless it ends a segment; '?' never matches a colon).
func refGlob(pattern, s, mode string) bool {
	var b strings.Builder
	b.WriteString("^(?s)")
	if mode == "fold" {
		b.WriteString("(?i)")
	}
	runes := []rune(pattern)
	for i, c := range runes {
		switch c {
		case '*':
			if mode == "resource" && i+1 < len(runes) && runes[i+1] != ':' {
				b.WriteString("[^:]*")
			} else {
				b.WriteString(".*")
			}
		case '?':
			if mode == "resource" {
				b.WriteString("[^:]")
			} else {
				b.WriteString(".")
			}
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String()).MatchString(s)
}

// refWho describes a caller: its account and the identities it holds.
type refWho struct {
	anonymous bool
	service   string
	account   string
	partition string
	user      string // user name
	role      string // role name
	session   string
	fed       string
}

func refCaller(p Principal) refWho {
	w := refWho{anonymous: p.Anonymous, service: p.Service, account: p.Account, partition: "aws"}
	if p.ARN == "" {
		return w
	}
	parts := strings.SplitN(p.ARN, ":", 6)
	w.partition, w.account = parts[1], parts[4]
	res := parts[5]
	segs := strings.Split(res, "/")
	switch {
	case parts[2] == "iam" && segs[0] == "user":
		w.user = segs[len(segs)-1]
	case parts[2] == "iam" && segs[0] == "role":
		w.role, w.session = segs[len(segs)-1], p.Session
	case parts[2] == "sts" && segs[0] == "assumed-role":
		w.role, w.session = segs[1], segs[2]
	case parts[2] == "sts" && segs[0] == "federated-user":
		w.fed = segs[1]
	}
	return w
}

// refEntry says which identity a principal entry names.
func refEntry(e string) (kind, partition, account, name, session string) {
	if len(e) == 12 {
		return "account", "", e, "", ""
	}
	parts := strings.SplitN(e, ":", 6)
	partition, account = parts[1], parts[4]
	if parts[5] == "root" {
		return "account", partition, account, "", ""
	}
	segs := strings.Split(parts[5], "/")
	switch segs[0] {
	case "user":
		return "user", partition, account, segs[len(segs)-1], ""
	case "role":
		return "role", partition, account, segs[len(segs)-1], ""
	case "assumed-role":
		return "session", partition, account, segs[1], segs[2]
	}
	return "fed", partition, account, segs[1], ""
}

func refPrincipalIn(ps *Principals, p Principal) bool {
	if ps.All {
		return true
	}
	w := refCaller(p)
	for _, s := range ps.Service {
		if w.service != "" && strings.EqualFold(s, w.service) {
			return true
		}
	}
	for _, e := range ps.AWS {
		if e == "*" {
			return true
		}
		if w.anonymous || w.service != "" || w.account == "" {
			continue
		}
		kind, part, acct, name, sess := refEntry(e)
		if acct != w.account || (part != "" && part != w.partition) {
			continue
		}
		switch kind {
		case "account":
			return true
		case "user":
			if w.user == name {
				return true
			}
		case "role":
			if w.role == name {
				return true
			}
		case "session":
			if w.role == name && w.session == sess && sess != "" {
				return true
			}
		case "fed":
			if w.fed == name {
				return true
			}
		}
	}
	return false
}

// refExcluded: NotPrincipal excludes a caller whose account and every
// identity (user; role and session; federated user) are listed.
func refExcluded(ps *Principals, p Principal) bool {
	for _, e := range ps.AWS {
		if e == "*" {
			return true
		}
	}
	if ps.All {
		return true
	}
	w := refCaller(p)
	if w.anonymous {
		return false
	}
	if w.service != "" {
		for _, s := range ps.Service {
			if strings.EqualFold(s, w.service) {
				return true
			}
		}
		return false
	}
	if w.account == "" {
		return false
	}
	listed := map[string]bool{}
	for _, e := range ps.AWS {
		kind, part, acct, name, sess := refEntry(e)
		if acct != w.account || (part != "" && part != w.partition) {
			continue
		}
		switch {
		case kind == "account":
			listed["account"] = true
		case kind == "user" && name == w.user:
			listed["user"] = true
		case kind == "role" && name == w.role:
			listed["role"] = true
		case kind == "session" && name == w.role && sess == w.session:
			listed["session"] = true
		case kind == "fed" && name == w.fed:
			listed["fed"] = true
		}
	}
	need := []string{"account"}
	switch {
	case w.user != "":
		need = append(need, "user")
	case w.role != "" && w.session != "":
		need = append(need, "role", "session")
	case w.role != "":
		need = append(need, "role")
	case w.fed != "":
		need = append(need, "fed")
	}
	for _, n := range need {
		if !listed[n] {
			return false
		}
	}
	return true
}

// refValues returns the request's values for a key, nil when absent.
func refValues(key string, r Request) []string {
	w := refCaller(r.Principal)
	iam := !w.anonymous && w.service == "" && w.account != ""
	lk := strings.ToLower(key)
	switch {
	case lk == "aws:principalaccount":
		if w.anonymous {
			return []string{"anonymous"}
		}
		if iam {
			return []string{w.account}
		}
		return nil
	case lk == "aws:principalarn":
		switch {
		case !iam:
			return nil
		case w.session != "" && strings.Contains(r.Principal.ARN, ":sts:"):
			return []string{"arn:" + w.partition + ":iam::" + w.account + ":role/" + w.role}
		case r.Principal.ARN == "":
			return []string{"arn:aws:iam::" + w.account + ":root"}
		}
		return []string{r.Principal.ARN}
	case lk == "aws:principalorgid":
		if iam && r.Principal.OrgID != "" {
			return []string{r.Principal.OrgID}
		}
		return nil
	case lk == "aws:principalisawsservice":
		if w.service != "" {
			return []string{"true"}
		}
		if iam {
			return []string{"false"}
		}
		return nil
	case strings.HasPrefix(lk, "aws:principaltag/"):
		if !iam {
			return nil
		}
		for k, v := range r.Principal.Tags {
			if strings.ToLower(k) == lk[len("aws:principaltag/"):] {
				return []string{v}
			}
		}
		return nil
	}
	for k, v := range r.Context {
		if strings.ToLower(k) == lk && len(v) > 0 {
			return v
		}
	}
	return nil
}

func refCondition(c Condition, r Request) bool {
	op := c.Operator
	set := ""
	if s, ok := strings.CutPrefix(op, "ForAnyValue:"); ok {
		set, op = "any", s
	} else if s, ok := strings.CutPrefix(op, "ForAllValues:"); ok {
		set, op = "all", s
	}
	ifExists := false
	if s, ok := strings.CutSuffix(op, "IfExists"); ok && op != "Null" {
		ifExists, op = true, s
	}
	got := refValues(c.Key, r)
	if op == "Null" {
		for _, v := range c.Values {
			if strings.EqualFold(v, "true") == (len(got) == 0) {
				return true
			}
		}
		return false
	}
	negated := strings.Contains(op, "Not")
	if len(got) == 0 {
		switch {
		case ifExists || set == "all":
			return true
		case set == "any":
			return false
		}
		return negated
	}
	// matches: does one request value match one policy value under the
	// operator's positive form?
	matches := func(g, v string) bool {
		switch op {
		case "StringEquals", "StringNotEquals":
			return g == v
		case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase":
			return strings.EqualFold(g, v)
		case "StringLike", "StringNotLike":
			return refGlob(v, g, "plain")
		case "Bool":
			bg := strings.ToLower(g)
			return (bg == "true" || bg == "false") && bg == strings.ToLower(v)
		case "IpAddress", "NotIpAddress":
			a, err := netip.ParseAddr(g)
			if err != nil {
				return false
			}
			if !strings.Contains(v, "/") {
				return a == netip.MustParseAddr(v)
			}
			return netip.MustParsePrefix(v).Masked().Contains(a)
		case "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike":
			gp, vp := strings.SplitN(g, ":", 6), strings.SplitN(v, ":", 6)
			if len(gp) != 6 {
				return false
			}
			for i := range 6 {
				if !refGlob(vp[i], gp[i], "plain") {
					return false
				}
			}
			return true
		}
		x, err1 := strconv.ParseFloat(g, 64)
		y, _ := strconv.ParseFloat(v, 64)
		if err1 != nil {
			return false
		}
		switch op {
		case "NumericEquals", "NumericNotEquals":
			return x == y
		case "NumericLessThan":
			return x < y
		case "NumericLessThanEquals":
			return x <= y
		case "NumericGreaterThan":
			return x > y
		case "NumericGreaterThanEquals":
			return x >= y
		}
		panic("reference: unknown operator " + op)
	}
	// one: the condition for a single request value.
	one := func(g string) bool {
		hit := false
		for _, v := range c.Values {
			if matches(g, v) {
				hit = true
			}
		}
		return hit != negated
	}
	switch set {
	case "any":
		for _, g := range got {
			if one(g) {
				return true
			}
		}
		return false
	case "all":
		for _, g := range got {
			if !one(g) {
				return false
			}
		}
		return true
	}
	hit := false
	for _, g := range got {
		for _, v := range c.Values {
			if matches(g, v) {
				hit = true
			}
		}
	}
	return hit != negated
}
