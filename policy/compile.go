package policy

import (
	"net/netip"
	"strconv"
	"strings"
)

// Policy is a compiled [Document], ready to evaluate requests. It is
// immutable and safe for concurrent use: wildcards, ARNs, CIDRs, numbers
// and principals are all parsed once, by [Document.Compile].
type Policy struct {
	name  string
	stmts []cstmt
}

// Name returns the name given to [Document.Compile]; decisions and their
// explanations use it to say which policy decided.
func (p *Policy) Name() string {
	if p == nil {
		return ""
	}
	return p.name
}

// cstmt is a compiled statement.
type cstmt struct {
	index  int
	sid    string
	effect Effect

	pElem      Element // ElementPrincipal or ElementNotPrincipal
	principals cprincipals

	aElem      Element // ElementAction or ElementNotAction
	actions    []glob
	actionVals []string

	rElem        Element // ElementResource or ElementNotResource
	resources    []glob
	resourceVals []string

	conds []ccond
}

// cprincipals is a compiled Principal or NotPrincipal element.
type cprincipals struct {
	all     bool
	entries []pentry
	values  []string // as written: "*", or AWS entries then Service entries
}

// pentry is one AWS or Service principal. For an AWS entry, kind is
// callerRoot for an account (by ID or root ARN; partition empty for a bare
// ID), or the kind of identity the ARN names.
type pentry struct {
	identity
	service string
}

// ccond is a compiled condition.
type ccond struct {
	op       opSpec
	opText   string
	key      string
	keyLower string
	kk       keyKind
	tag      string // the tag key of aws:PrincipalTag/<tag>
	tagLower string
	values   []string

	globs    []glob
	nums     []float64
	bools    []bool // Bool values, and Null values (true: key absent)
	prefixes []netip.Prefix
	arns     []arnPattern
}

// Validate checks the document against the policy grammar and what IAM
// accepts, and returns every problem at once, as an [errors.Join] of
// [*Error] values naming the statement (index and Sid) and the element,
// in document order. It also rejects, as [ErrUnsupported], valid IAM this
// package does not model (see the package documentation).
func (d *Document) Validate() error {
	_, err := d.Compile("")
	return err
}

// Compile validates the document (see [Document.Validate]) and compiles
// it. The name says which policy a [Decision] comes from, such as
// "service-network sn-0123 auth policy". The document is copied: changing
// it afterwards does not change the Policy.
func (d *Document) Compile(name string) (*Policy, error) {
	var c errs
	if d == nil {
		c.add(-1, "", "", ErrMissing, "nil document")
		return nil, c.err()
	}
	switch d.Version {
	case "", Version2012, Version2008:
	default:
		c.add(-1, "", "Version", ErrInvalidValue, "want %q or %q (or none, meaning %s); got %q",
			Version2012, Version2008, Version2008, d.Version)
	}
	if len(d.Statements) == 0 {
		c.add(-1, "", "Statement", ErrMissing, "want at least one statement")
	}
	p := &Policy{name: name, stmts: make([]cstmt, len(d.Statements))}
	for i := range d.Statements {
		sc := stmtCompiler{c: &c, i: i, sid: d.Statements[i].Sid, vars: d.Version == Version2012}
		p.stmts[i] = sc.compile(&d.Statements[i])
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return p, nil
}

// stmtCompiler compiles one statement, reporting problems under its index
// and Sid.
type stmtCompiler struct {
	c    *errs
	i    int
	sid  string
	vars bool // policy variables would be recognised (Version 2012-10-17)
}

func (sc *stmtCompiler) errf(elem string, kind error, format string, args ...any) {
	sc.c.add(sc.i, sc.sid, elem, kind, format, args...)
}

func (sc *stmtCompiler) compile(s *Statement) cstmt {
	cs := cstmt{index: sc.i, sid: s.Sid, effect: s.Effect}
	switch {
	case s.Effect == "":
		sc.errf("Effect", ErrMissing, `want "Allow" or "Deny"`)
	case !s.Effect.Valid():
		sc.errf("Effect", ErrInvalidValue, `want "Allow" or "Deny" (case matters); got %q`, string(s.Effect))
	}

	switch {
	case s.Principal != nil && s.NotPrincipal != nil:
		sc.errf("NotPrincipal", ErrConflict, "a statement has Principal or NotPrincipal, not both")
	case s.Principal != nil:
		cs.pElem, cs.principals = ElementPrincipal, sc.principals("Principal", s.Principal)
	case s.NotPrincipal != nil:
		cs.pElem, cs.principals = ElementNotPrincipal, sc.principals("NotPrincipal", s.NotPrincipal)
		if s.Effect == Allow {
			sc.errf("NotPrincipal", ErrUnsupported, `NotPrincipal with "Allow" grants every principal but those listed, `+
				`anonymous callers included; AWS advises against it. Use "Principal" with a Condition instead`)
		}
	default:
		sc.errf("Principal", ErrMissing, `want "Principal" (or "NotPrincipal" with Deny): "*", {"AWS": ...} or {"Service": ...}; `+
			"endpoint, bucket and Lattice auth policies are resource-based and name their principals")
	}

	switch {
	case len(s.Action) > 0 && len(s.NotAction) > 0:
		sc.errf("NotAction", ErrConflict, "a statement has Action or NotAction, not both")
	case len(s.Action) > 0:
		cs.aElem, cs.actions, cs.actionVals = ElementAction, sc.actions("Action", s.Action), clone(s.Action)
	case len(s.NotAction) > 0:
		cs.aElem, cs.actions, cs.actionVals = ElementNotAction, sc.actions("NotAction", s.NotAction), clone(s.NotAction)
	default:
		sc.errf("Action", ErrMissing, `want "Action" or "NotAction": "*" or "service:action" patterns`)
	}

	switch {
	case len(s.Resource) > 0 && len(s.NotResource) > 0:
		sc.errf("NotResource", ErrConflict, "a statement has Resource or NotResource, not both")
	case len(s.Resource) > 0:
		cs.rElem, cs.resources, cs.resourceVals = ElementResource, sc.resources("Resource", s.Resource), clone(s.Resource)
	case len(s.NotResource) > 0:
		cs.rElem, cs.resources, cs.resourceVals = ElementNotResource, sc.resources("NotResource", s.NotResource), clone(s.NotResource)
	default:
		sc.errf("Resource", ErrMissing, `want "Resource" or "NotResource": "*" or ARN patterns`)
	}

	seen := make(map[[2]string]bool, len(s.Condition))
	for j := range s.Condition {
		cond := &s.Condition[j]
		k := [2]string{cond.Operator, cond.Key}
		if seen[k] {
			sc.errf(condElem(cond, -1), ErrDuplicate, "key %q appears twice under %s", cond.Key, cond.Operator)
			continue
		}
		seen[k] = true
		if cc, ok := sc.condition(cond); ok {
			cs.conds = append(cs.conds, cc)
		}
	}
	return cs
}

func (sc *stmtCompiler) principals(elem string, p *Principals) cprincipals {
	var cp cprincipals
	switch {
	case p.All && (len(p.AWS) > 0 || len(p.Service) > 0):
		sc.errf(elem, ErrConflict, `"*" names every principal; list no others beside it`)
	case p.All:
		return cprincipals{all: true, values: []string{"*"}}
	case len(p.AWS) == 0 && len(p.Service) == 0:
		sc.errf(elem, ErrMissing, `want "*" or at least one AWS or Service principal`)
	}
	for j, v := range p.AWS {
		el := elem + ".AWS[" + strconv.Itoa(j) + "]"
		cp.values = append(cp.values, v)
		switch {
		case v == "*":
			cp.all = true
		case isAccountID(v):
			cp.entries = append(cp.entries, pentry{identity: identity{kind: callerRoot, account: v}})
		case hasWildcard(v):
			sc.errf(el, ErrInvalidValue, `a wildcard may only be the whole principal "*"; got %q`, v)
		default:
			id, ok := parseIdentityARN(v)
			if !ok {
				sc.errf(el, ErrInvalidValue, "want a 12-digit account ID or the ARN of an account root, IAM user, IAM role, "+
					"assumed-role session or federated user; got %q", v)
				continue
			}
			cp.entries = append(cp.entries, pentry{identity: id})
		}
	}
	for j, v := range p.Service {
		el := elem + ".Service[" + strconv.Itoa(j) + "]"
		cp.values = append(cp.values, v)
		switch {
		case v == "" || strings.ContainsAny(v, " :/"):
			sc.errf(el, ErrInvalidValue, `want a service principal such as "cloudtrail.amazonaws.com"; got %q`, v)
		case hasWildcard(v):
			sc.errf(el, ErrInvalidValue, "service principals take no wildcards; got %q", v)
		default:
			cp.entries = append(cp.entries, pentry{identity: identity{kind: callerService}, service: v})
		}
	}
	return cp
}

func (sc *stmtCompiler) actions(elem string, list []string) []glob {
	gs := make([]glob, 0, len(list))
	for j, a := range list {
		if a != "*" && !validAction(a) {
			sc.errf(elem+"["+strconv.Itoa(j)+"]", ErrInvalidValue,
				`want "*" or service:action, where both parts hold letters, digits, '-' (service only) and the wildcards * and ?; got %q`, a)
			continue
		}
		gs = append(gs, compileGlob(a, globFold))
	}
	return gs
}

// validAction reports whether a has the form service:action.
func validAction(a string) bool {
	svc, name, ok := strings.Cut(a, ":")
	if !ok || svc == "" || name == "" {
		return false
	}
	for _, r := range svc {
		if !(isAlnum(r) || r == '-' || r == '*' || r == '?') {
			return false
		}
	}
	for _, r := range name {
		if !(isAlnum(r) || r == '*' || r == '?') {
			return false
		}
	}
	return true
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func (sc *stmtCompiler) resources(elem string, list []string) []glob {
	gs := make([]glob, 0, len(list))
	for j, r := range list {
		el := elem + "[" + strconv.Itoa(j) + "]"
		switch {
		case r == "*":
		case !strings.HasPrefix(r, "arn:") || strings.Count(r, ":") < 5:
			sc.errf(el, ErrInvalidValue, `want "*" or an ARN arn:partition:service:region:account:resource (wildcards allowed); got %q`, r)
			continue
		case sc.vars && strings.Contains(r, "${"):
			sc.errf(el, ErrUnsupported, "policy variables (%q) are not modelled; write the value out", r)
			continue
		}
		gs = append(gs, compileGlob(r, globResource))
	}
	return gs
}

func condElem(c *Condition, j int) string {
	s := "Condition." + c.Operator + "." + c.Key
	if j >= 0 {
		s += "[" + strconv.Itoa(j) + "]"
	}
	return s
}

func (sc *stmtCompiler) condition(c *Condition) (ccond, bool) {
	ok := true
	op, msg, kind := parseOperator(c.Operator)
	if kind != nil {
		sc.errf("Condition."+c.Operator, kind, "%s", msg)
		ok = false
	}
	cc := ccond{op: op, opText: c.Operator, key: c.Key, keyLower: strings.ToLower(c.Key), values: clone(c.Values)}
	prefix, name, hasColon := strings.Cut(c.Key, ":")
	switch {
	case !hasColon || prefix == "" || name == "":
		sc.errf(condElem(c, -1), ErrInvalidValue, `want a condition key "prefix:name", such as "aws:SourceVpce"; got %q`, c.Key)
		ok = false
	default:
		cc.kk = derivedKey(c.Key)
		if cc.kk == keyPrincipalTag {
			cc.tag = c.Key[len(KeyPrincipalTagPrefix):]
			cc.tagLower = strings.ToLower(cc.tag)
			if cc.tag == "" {
				sc.errf(condElem(c, -1), ErrInvalidValue, "aws:PrincipalTag/ needs a tag key after the slash")
				ok = false
			}
		}
	}
	if len(c.Values) == 0 {
		sc.errf(condElem(c, -1), ErrMissing, "want at least one value")
		ok = false
	}
	if !ok {
		return cc, false
	}
	for j, v := range c.Values {
		el := condElem(c, j)
		if sc.vars && strings.Contains(v, "${") && op.fam != famNull {
			sc.errf(el, ErrUnsupported, "policy variables (%q) are not modelled; write the value out", v)
			ok = false
			continue
		}
		switch op.fam {
		case famStringLike:
			cc.globs = append(cc.globs, compileGlob(v, globPlain))
		case famNumeric:
			f, good := parseNumber(v)
			if !good {
				sc.errf(el, ErrInvalidValue, "want an integer or decimal number, such as 10 or 2.5; got %q", v)
				ok = false
			}
			cc.nums = append(cc.nums, f)
		case famBool, famNull:
			switch {
			case strings.EqualFold(v, "true"):
				cc.bools = append(cc.bools, true)
			case strings.EqualFold(v, "false"):
				cc.bools = append(cc.bools, false)
			default:
				sc.errf(el, ErrInvalidValue, "want true or false; got %q", v)
				ok = false
			}
		case famIP:
			pfx, good := parseIPValue(v)
			if !good {
				sc.errf(el, ErrInvalidValue, "want an IPv4 or IPv6 address or CIDR, such as 203.0.113.0/24 or 2001:db8::/32; got %q", v)
				ok = false
			}
			cc.prefixes = append(cc.prefixes, pfx)
		case famArn:
			a, good := compileArn(v)
			if !good {
				sc.errf(el, ErrInvalidValue, "want an ARN with six colon-separated parts, arn:partition:service:region:account:resource "+
					"(wildcards allowed in each); got %q", v)
				ok = false
			}
			cc.arns = append(cc.arns, a)
		}
	}
	return cc, ok
}

// parseNumber parses a policy or request number: an optional sign, digits,
// an optional fraction and an optional exponent.
func parseNumber(s string) (float64, bool) {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if digits() == 0 {
		return 0, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return 0, false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		if digits() == 0 {
			return 0, false
		}
	}
	if i != len(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// parseIPValue parses an IpAddress value: a CIDR (host bits are cleared)
// or an address, which means a single host (/32 or /128), as IAM reads it.
func parseIPValue(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// arnPattern is an ArnLike value: one pattern per colon-separated part.
type arnPattern [6]glob

func compileArn(v string) (arnPattern, bool) {
	var a arnPattern
	parts := strings.SplitN(v, ":", 6)
	if len(parts) != 6 {
		return a, false
	}
	for i, p := range parts {
		a[i] = compileGlob(p, globPlain)
	}
	return a, true
}

// match compares s part by part; an s with fewer than six parts matches
// nothing.
func (a *arnPattern) match(s string) bool {
	for i := range 5 {
		j := strings.IndexByte(s, ':')
		if j < 0 || !a[i].match(s[:j]) {
			return false
		}
		s = s[j+1:]
	}
	return a[5].match(s)
}

func clone(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s...)
}

// quote quotes s for error messages and explanations.
func quote(s string) string { return strconv.Quote(s) }
