package policy

import (
	"net/netip"
	"strconv"
	"strings"
)

// Outcome is the result of evaluating policies: allowed, or denied
// explicitly (a Deny statement applies) or implicitly (no Allow statement
// applies). The zero value is ImplicitDeny, the IAM default.
type Outcome uint8

// Outcomes.
const (
	ImplicitDeny Outcome = iota
	Allowed
	ExplicitDeny
)

// String returns "implicit deny", "allow" or "explicit deny".
func (o Outcome) String() string {
	switch o {
	case ImplicitDeny:
		return "implicit deny"
	case Allowed:
		return "allow"
	case ExplicitDeny:
		return "explicit deny"
	}
	return "Outcome(" + strconv.Itoa(int(o)) + ")"
}

// Valid reports whether o is one of the three outcomes.
func (o Outcome) Valid() bool { return o <= ExplicitDeny }

// Element names the part of a statement a [Cause] is about.
type Element uint8

// Statement elements. ElementNone is the zero value: a statement that
// applied with no condition and no NotPrincipal to show.
const (
	ElementNone Element = iota
	ElementPrincipal
	ElementNotPrincipal
	ElementAction
	ElementNotAction
	ElementResource
	ElementNotResource
	ElementCondition
)

var elementNames = [...]string{"", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}

// String returns the element's name as in policy JSON ("NotAction"), or ""
// for ElementNone.
func (e Element) String() string {
	if int(e) < len(elementNames) {
		return elementNames[e]
	}
	return "Element(" + strconv.Itoa(int(e)) + ")"
}

// Valid reports whether e is a known element.
func (e Element) Valid() bool { return int(e) < len(elementNames) }

// Cause is what, in one statement, made the decision: for the statement
// that decided (Held true), its first condition, or its NotPrincipal when
// it has no condition; for the closest Allow statement of an implicit deny
// (Held false), the first element or condition that did not apply.
type Cause struct {
	Element Element
	// Held reports whether the element or condition applied to the request.
	Held bool
	// Operator and Key are the condition's, as written in the policy.
	Operator string
	Key      string
	// Values are the element's or condition's values in the policy. They
	// are shared with the compiled policy: do not modify them.
	Values []string
	// Got is the request's value concerned: the action, the resource, the
	// caller, or the condition key's value that decided (for a key with
	// several values, the one that matched or failed). Empty with Missing.
	Got string
	// Missing reports that the condition key is absent from the request.
	Missing bool
}

// Decision is the result of [Policy.Evaluate] or [Evaluate]: the outcome,
// which policy and statement decided, and why. String gives a one-line
// explanation.
type Decision struct {
	Outcome Outcome
	// Policy is the name of the policy that decided.
	Policy string
	// NoPolicy reports that no policy was given to evaluate, which denies
	// implicitly.
	NoPolicy bool
	// Statement is the index of the deciding statement: the Deny that
	// applied, the Allow that applied, or, for an implicit deny, the Allow
	// statement that came closest (-1 when there is none). Sid is its Sid.
	Statement int
	Sid       string
	// Action and Resource are the request's.
	Action   string
	Resource string
	// Cause says what in that statement decided.
	Cause Cause
}

// Evaluate decides a request against the policy: an applicable Deny
// statement denies explicitly; otherwise an applicable Allow statement
// allows; otherwise the request is implicitly denied. A statement applies
// when its Action (or NotAction), Resource (or NotResource) and Principal
// (or NotPrincipal) match the request and all its conditions hold.
//
// When several statements could decide, the decision names the lowest
// index, so it is deterministic; statement order never changes the
// Outcome. A nil Policy denies implicitly, with NoPolicy set. Evaluate
// does not allocate, except to build aws:PrincipalArn when a condition
// tests it and the request names a role session by its STS ARN (rather than
// by its role ARN and Session) or an account without an ARN.
func (p *Policy) Evaluate(req Request) Decision {
	d := Decision{Statement: -1, Action: req.Action, Resource: req.Resource}
	if p == nil {
		d.NoPolicy = true
		return d
	}
	d.Policy = p.name
	ev := evaluator{req: req}
	ev.caller = newCaller(&req.Principal)
	allow, near, nearStage := -1, -1, -1
	var allowCause, nearCause Cause
	for i := range p.stmts {
		s := &p.stmts[i]
		stage, cause := ev.statement(s)
		switch {
		case stage == stageApplies && s.effect == Deny:
			d.Outcome, d.Statement, d.Sid, d.Cause = ExplicitDeny, s.index, s.sid, cause
			return d
		case stage == stageApplies:
			if allow < 0 {
				allow, allowCause = i, cause
			}
		case s.effect == Allow && stage > nearStage:
			near, nearStage, nearCause = i, stage, cause
		}
	}
	switch {
	case allow >= 0:
		s := &p.stmts[allow]
		d.Outcome, d.Statement, d.Sid, d.Cause = Allowed, s.index, s.sid, allowCause
	case near >= 0:
		s := &p.stmts[near]
		d.Statement, d.Sid, d.Cause = s.index, s.sid, nearCause
	}
	return d
}

// Evaluate decides a request that every one of policies must allow, such
// as a Lattice service network's and service's auth policies, or a VPC
// endpoint policy and a bucket policy: an explicit deny in any policy wins
// (the first in argument order), then any implicit deny (the first), and
// the request is allowed only when every policy allows it (the decision
// then names the last policy). With no policies the request is implicitly
// denied, with NoPolicy set; a nil policy denies implicitly.
func Evaluate(req Request, policies ...*Policy) Decision {
	if len(policies) == 0 {
		return Decision{NoPolicy: true, Statement: -1, Action: req.Action, Resource: req.Resource}
	}
	var deny, allow Decision
	denied := false
	for _, p := range policies {
		switch d := p.Evaluate(req); d.Outcome {
		case ExplicitDeny:
			return d
		case Allowed:
			allow = d
		default:
			if !denied {
				deny, denied = d, true
			}
		}
	}
	if denied {
		return deny
	}
	return allow
}

// How far a statement got, in the order evaluated: its action, resource,
// principal, then conditions.
const (
	stageAction = iota
	stageResource
	stagePrincipal
	stageCondition
	stageApplies
)

// evaluator holds one request during one evaluation. It copies the
// request rather than pointing to it: the escape analysis does not tell
// fields apart, and request values reach calls that keep them (such as
// netip.ParseAddr's error), so a pointer here would move every request to
// the heap.
type evaluator struct {
	req    Request
	caller caller
}

// statement returns how far s got and the cause: the first element that
// did not apply, or, when s applies, its first condition.
func (ev *evaluator) statement(s *cstmt) (int, Cause) {
	if anyGlob(s.actions, ev.req.Action) != (s.aElem == ElementAction) {
		return stageAction, Cause{Element: s.aElem, Values: s.actionVals, Got: ev.req.Action}
	}
	if anyGlob(s.resources, ev.req.Resource) != (s.rElem == ElementResource) {
		return stageResource, Cause{Element: s.rElem, Values: s.resourceVals, Got: ev.req.Resource}
	}
	pc := Cause{Element: s.pElem, Values: s.principals.values, Got: ev.caller.display()}
	if s.pElem == ElementPrincipal {
		if !ev.principalMatches(&s.principals) {
			return stagePrincipal, pc
		}
	} else if ev.principalExcluded(&s.principals) {
		return stagePrincipal, pc
	}
	var first Cause
	for i := range s.conds {
		c := &s.conds[i]
		held, got, missing := ev.condition(c)
		if !held || i == 0 {
			first = Cause{Element: ElementCondition, Held: held, Operator: c.opText, Key: c.key, Values: c.values, Got: got, Missing: missing}
		}
		if !held {
			return stageCondition, first
		}
	}
	if len(s.conds) == 0 && s.pElem == ElementNotPrincipal {
		pc.Held = true
		return stageApplies, pc
	}
	return stageApplies, first
}

func anyGlob(gs []glob, s string) bool {
	for i := range gs {
		if gs[i].match(s) {
			return true
		}
	}
	return false
}

// principalMatches reports whether the caller is one of the principals:
// "*" matches everyone, anonymous included; an account matches every IAM
// identity of it; a role matches the role and its sessions; a user,
// session or federated user matches itself; a service matches itself.
func (ev *evaluator) principalMatches(ps *cprincipals) bool {
	if ps.all {
		return true
	}
	cl := &ev.caller
	for i := range ps.entries {
		e := &ps.entries[i]
		switch e.kind {
		case callerService:
			if cl.kind == callerService && strings.EqualFold(cl.service, e.service) {
				return true
			}
		case callerRoot:
			if cl.iam() && cl.account == e.account && (e.partition == "" || e.partition == cl.partition) {
				return true
			}
		case callerRole:
			if (cl.kind == callerRole || cl.kind == callerSession) && sameIdentity(&e.identity, &cl.identity) {
				return true
			}
		default: // user, session, federated user: that identity only
			if cl.kind == e.kind && sameIdentity(&e.identity, &cl.identity) && e.session == cl.session {
				return true
			}
		}
	}
	return false
}

// principalExcluded reports whether NotPrincipal excludes the caller. AWS
// may check a caller's account, then its role, then its session (or its
// account, then its user), so a caller is excluded only when every one of
// those identities is listed, as AWS advises writing such policies.
func (ev *evaluator) principalExcluded(ps *cprincipals) bool {
	if ps.all {
		return true
	}
	cl := &ev.caller
	has := func(kind callerKind, session bool) bool {
		for i := range ps.entries {
			e := &ps.entries[i]
			if e.kind != kind {
				continue
			}
			switch {
			case kind == callerService:
				if strings.EqualFold(cl.service, e.service) {
					return true
				}
			case kind == callerRoot:
				if cl.account == e.account && (e.partition == "" || e.partition == cl.partition) {
					return true
				}
			case sameIdentity(&e.identity, &cl.identity) && (!session || e.session == cl.session):
				return true
			}
		}
		return false
	}
	switch cl.kind {
	case callerService:
		return has(callerService, false)
	case callerRoot:
		return has(callerRoot, false)
	case callerUser:
		return has(callerRoot, false) && has(callerUser, false)
	case callerRole:
		return has(callerRoot, false) && has(callerRole, false)
	case callerSession:
		return has(callerRoot, false) && has(callerRole, false) && has(callerSession, true)
	case callerFederated:
		return has(callerRoot, false) && has(callerFederated, false)
	}
	return false // anonymous and unnamed callers are excluded only by "*"
}

// sameIdentity compares account, name and partition (a bare account ID in
// a policy has no partition and matches any).
func sameIdentity(a, b *identity) bool {
	return a.account == b.account && a.name == b.name && (a.partition == "" || a.partition == b.partition)
}

// condition evaluates one condition: whether it held, the request value
// that decided, and whether the key was absent.
//
// For a key with several values, a plain operator holds when any value
// matches any policy value (a negated one when none does); ForAnyValue
// holds when some value satisfies the operator, ForAllValues when every
// value does. An absent key fails a plain operator and satisfies a negated
// one, satisfies ForAllValues and any ...IfExists operator, and fails
// ForAnyValue.
func (ev *evaluator) condition(c *ccond) (held bool, got string, missing bool) {
	v := ev.lookup(c)
	n := v.len()
	if c.op.fam == famNull {
		want := n == 0 // Null true means the key is absent
		for _, b := range c.bools {
			if b == want {
				held = true
			}
		}
		if n > 0 {
			got = v.at(0)
		}
		return held, got, n == 0
	}
	if n == 0 {
		switch {
		case c.op.ifExists, c.op.set == setAllValues:
			return true, "", true
		case c.op.set == setAnyValue:
			return false, "", true
		}
		return c.op.negated, "", true
	}
	neg := c.op.negated
	switch c.op.set {
	case setAnyValue:
		for i := range n {
			if c.base(v.at(i)) != neg {
				return true, v.at(i), false
			}
		}
		return false, v.at(0), false
	case setAllValues:
		for i := range n {
			if c.base(v.at(i)) == neg {
				return false, v.at(i), false
			}
		}
		return true, v.at(0), false
	}
	for i := range n {
		if c.base(v.at(i)) {
			return !neg, v.at(i), false
		}
	}
	return neg, v.at(0), false
}

// base reports whether one request value matches any of the condition's
// values under the operator's base relation (ignoring negation). A request
// value that is not a number, boolean, address or ARN, as the operator
// needs, matches nothing.
func (c *ccond) base(s string) bool {
	switch c.op.fam {
	case famString:
		for _, v := range c.values {
			if s == v {
				return true
			}
		}
	case famStringIgnoreCase:
		for _, v := range c.values {
			if strings.EqualFold(s, v) {
				return true
			}
		}
	case famStringLike:
		return anyGlob(c.globs, s)
	case famNumeric:
		x, ok := parseNumber(s)
		if !ok {
			return false
		}
		for _, y := range c.nums {
			var m bool
			switch c.op.cmp {
			case cmpEq:
				m = x == y
			case cmpLt:
				m = x < y
			case cmpLe:
				m = x <= y
			case cmpGt:
				m = x > y
			case cmpGe:
				m = x >= y
			}
			if m {
				return true
			}
		}
	case famBool:
		var b bool
		switch {
		case strings.EqualFold(s, "true"):
			b = true
		case strings.EqualFold(s, "false"):
		default:
			return false
		}
		for _, v := range c.bools {
			if v == b {
				return true
			}
		}
	case famIP:
		a, err := netip.ParseAddr(s)
		if err != nil {
			return false
		}
		for _, p := range c.prefixes {
			if p.Contains(a) {
				return true
			}
		}
	case famArn:
		for i := range c.arns {
			if c.arns[i].match(s) {
				return true
			}
		}
	}
	return false
}

// String explains the decision in one line, for example
//
//	statement 2 (DenyOutsideOrg) of sn-auth: Deny: aws:PrincipalOrgID o-abc does not equal o-xyz
//	no statement of svc-auth allows vpc-lattice-svcs:Invoke on arn:...: implicit deny; closest is statement 1 (AllowCharge): vpc-lattice-svcs:RequestMethod GET does not equal POST
func (d Decision) String() string {
	var b strings.Builder
	b.Grow(160)
	switch d.Outcome {
	case Allowed, ExplicitDeny:
		d.where(&b)
		if d.Outcome == Allowed {
			b.WriteString(": Allow: ")
		} else {
			b.WriteString(": Deny: ")
		}
		d.Cause.write(&b, d.Action, d.Resource)
	default:
		if d.NoPolicy {
			b.WriteString("no policy allows ")
		} else {
			b.WriteString("no statement ")
			if d.Policy != "" {
				writeAll(&b, "of ", d.Policy, " ")
			}
			b.WriteString("allows ")
		}
		writeAll(&b, orEmpty(d.Action), " on ", orEmpty(d.Resource), ": implicit deny")
		if d.Statement >= 0 {
			b.WriteString("; closest is ")
			d.statement(&b)
			b.WriteString(": ")
			d.Cause.write(&b, d.Action, d.Resource)
		}
	}
	return b.String()
}

func (d *Decision) statement(b *strings.Builder) {
	writeAll(b, "statement ", strconv.Itoa(d.Statement))
	if d.Sid != "" {
		writeAll(b, " (", d.Sid, ")")
	}
}

func (d *Decision) where(b *strings.Builder) {
	d.statement(b)
	if d.Policy != "" {
		writeAll(b, " of ", d.Policy)
	}
}

// String explains the cause alone, as [Decision.String] does after the
// statement.
func (c Cause) String() string {
	var b strings.Builder
	c.write(&b, "", "")
	return b.String()
}

func (c *Cause) write(b *strings.Builder, action, resource string) {
	in := func(what string, negated bool) {
		// negated: a Not element; Held: it applied
		verb := " is in "
		if c.Held == negated {
			verb = " is not in "
		}
		writeAll(b, what, " ", orEmpty(c.Got), verb, c.Element.String(), " [", strings.Join(c.Values, ", "), "]")
	}
	switch c.Element {
	case ElementNone:
		if action == "" && resource == "" {
			b.WriteString("the statement applies")
			return
		}
		writeAll(b, orEmpty(action), " on ", orEmpty(resource))
	case ElementAction, ElementNotAction:
		in("action", c.Element == ElementNotAction)
	case ElementResource, ElementNotResource:
		in("resource", c.Element == ElementNotResource)
	case ElementPrincipal, ElementNotPrincipal:
		in("principal", c.Element == ElementNotPrincipal)
	case ElementCondition:
		c.writeCondition(b)
	default:
		b.WriteString(c.Element.String())
	}
}

func (c *Cause) writeCondition(b *strings.Builder) {
	op, _, err := parseOperator(c.Operator)
	if err != nil {
		writeAll(b, c.Key, " ", c.Operator, " [", strings.Join(c.Values, ", "), "]")
		return
	}
	vals := c.Values
	values := func() string {
		if len(vals) == 1 {
			return orEmpty(vals[0])
		}
		return "any of [" + strings.Join(vals, ", ") + "]"
	}
	holds := " does not hold"
	if c.Held {
		holds = " holds"
	}
	switch {
	case op.fam == famNull:
		state := " is present"
		if c.Missing {
			state = " is absent"
		}
		writeAll(b, c.Key, state, " (Null ", values(), ")")
	case c.Missing:
		writeAll(b, c.Key, " is absent, so ", c.Operator, " ", values(), holds)
	case op.set != setNone:
		writeAll(b, c.Key, " value ", orEmpty(c.Got), " ", op.verb(c.Held != op.negated), " ", values(), ", so ", c.Operator, holds)
	default:
		writeAll(b, c.Key, " ", orEmpty(c.Got), " ", op.verb(c.Held != op.negated), " ", values())
	}
}

// writeAll writes ss to b, one after another, without joining them first.
func writeAll(b *strings.Builder, ss ...string) {
	for _, s := range ss {
		b.WriteString(s)
	}
}

func orEmpty(s string) string {
	if s == "" {
		return `""`
	}
	return s
}
