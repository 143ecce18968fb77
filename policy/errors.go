package policy

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors for the kinds of problem [Parse], [Document.Validate] and
// [Request.Validate] report. Test for them with [errors.Is]; the concrete
// error is an [*Error] naming the statement and the element.
var (
	// ErrSyntax: the input is not well-formed JSON, or a JSON value has the
	// wrong type for its element (a number where a string list belongs, a
	// null, an empty list).
	ErrSyntax = errors.New("malformed policy")
	// ErrUnknownElement: an element the policy grammar does not have, such
	// as "Effects" or a principal type other than AWS and Service.
	ErrUnknownElement = errors.New("unknown element")
	// ErrDuplicate: one JSON object holds the same key twice.
	ErrDuplicate = errors.New("duplicate element")
	// ErrMissing: a required element is absent (Effect, Principal,
	// Action or NotAction, Resource or NotResource, Statement).
	ErrMissing = errors.New("missing element")
	// ErrConflict: two elements that exclude each other are both present
	// (Action and NotAction, Principal and NotPrincipal, ...).
	ErrConflict = errors.New("conflicting elements")
	// ErrInvalidValue: an element holds a value IAM would reject: an
	// unknown Effect, a malformed action, resource ARN, principal, CIDR or
	// number, an unknown condition operator.
	ErrInvalidValue = errors.New("invalid value")
	// ErrUnsupported: valid IAM that this package does not model (policy
	// variables, date and binary operators, federated and canonical-user
	// principals, NotPrincipal with Allow). The message says what instead.
	ErrUnsupported = errors.New("not modelled")
)

// Error reports one problem with a policy or a request. Statement is the
// statement's index (-1 when the problem is not inside a statement), Sid its
// Sid if it has one, Element the path of the element inside it
// ("Effect", "Action[2]", "Condition.StringEquals.aws:SourceVpce[0]"),
// Kind the sentinel error and Msg what was expected.
type Error struct {
	Statement int
	Sid       string
	Element   string
	Kind      error
	Msg       string
}

// Error formats the error as
// "policy statement 2 (DenyOutsideOrg) Effect: missing element: ...", or,
// for a [Request] field, "request.principal.arn: invalid value: ...".
func (e *Error) Error() string {
	var b strings.Builder
	if strings.HasPrefix(e.Element, "request") {
		fmt.Fprintf(&b, "%s: %v: %s", e.Element, e.Kind, e.Msg)
		return b.String()
	}
	b.WriteString("policy")
	if e.Statement >= 0 {
		fmt.Fprintf(&b, " statement %d", e.Statement)
		if e.Sid != "" {
			fmt.Fprintf(&b, " (%s)", e.Sid)
		}
	}
	if e.Element != "" {
		b.WriteString(" ")
		b.WriteString(e.Element)
	}
	fmt.Fprintf(&b, ": %v: %s", e.Kind, e.Msg)
	return b.String()
}

// Unwrap returns the sentinel kind, so errors.Is(err, ErrMissing) works.
func (e *Error) Unwrap() error { return e.Kind }

// errs collects problems in the order they are found.
type errs struct {
	list []error
}

func (c *errs) add(stmt int, sid, elem string, kind error, format string, args ...any) {
	c.list = append(c.list, &Error{Statement: stmt, Sid: sid, Element: elem, Kind: kind, Msg: fmt.Sprintf(format, args...)})
}

func (c *errs) err() error { return errors.Join(c.list...) }
