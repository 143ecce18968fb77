package policy

// Policy language versions (the Version element).
const (
	// Version2012 is the current policy language; it introduced policy
	// variables, which this package does not model: under this version a
	// "${" in a resource or condition value is rejected as
	// [ErrUnsupported].
	Version2012 = "2012-10-17"
	// Version2008 is the original policy language, also assumed when a
	// policy has no Version; "${" is then plain text.
	Version2008 = "2008-10-17"
)

// Document is an IAM policy document: what [Parse] reads and
// [Document.MarshalJSON] writes, or what a Go program builds directly:
//
//	d := &policy.Document{Version: policy.Version2012, Statements: []policy.Statement{{
//		Effect:    policy.Allow,
//		Principal: &policy.Principals{All: true},
//		Action:    []string{"s3:GetObject"},
//		Resource:  []string{"arn:aws:s3:::bucket/*"},
//	}}}
//
// A Document is plain data; [Document.Validate] checks it and
// [Document.Compile] turns it into a [Policy] that evaluates requests.
type Document struct {
	// Version is [Version2012], [Version2008] or empty (meaning 2008).
	Version string
	// ID is the optional Id element.
	ID string
	// Statements are evaluated together; their order never changes a
	// decision, only which statement an explanation names.
	Statements []Statement
}

// Effect is a statement's Effect element.
type Effect string

// Statement effects.
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Valid reports whether e is Allow or Deny (the only values IAM accepts;
// the zero value is not valid, as a statement needs an Effect).
func (e Effect) Valid() bool { return e == Allow || e == Deny }

// Statement is one element of a policy's Statement list. Exactly one of
// Principal and NotPrincipal, one of Action and NotAction, and one of
// Resource and NotResource must be set; nil and empty lists both count as
// absent.
type Statement struct {
	Sid    string
	Effect Effect
	// Principal names who the statement applies to; NotPrincipal who it
	// does not apply to (allowed only with Deny, see the package doc).
	Principal    *Principals
	NotPrincipal *Principals
	// Action lists "service:action" patterns ("s3:Get*", "*"), matched
	// ignoring case; NotAction lists the actions the statement excludes.
	Action    []string
	NotAction []string
	// Resource lists ARN patterns ("arn:aws:s3:::bucket/*", "*"), matched
	// with case; NotResource lists the resources excluded.
	Resource    []string
	NotResource []string
	// Condition holds the statement's conditions; all must hold. In JSON
	// they are grouped by operator, in the order operators first appear.
	Condition []Condition
}

// Principals is the value of a Principal or NotPrincipal element: either
// All ("Principal": "*") or lists of AWS principals and service principals.
type Principals struct {
	// All is the "*" form: every principal, anonymous callers included.
	All bool
	// AWS lists "*" (the same as All), 12-digit account IDs, and ARNs of
	// account roots (arn:aws:iam::123456789012:root), IAM users and roles,
	// assumed-role sessions (arn:aws:sts::123456789012:assumed-role/r/s) and
	// federated users (arn:aws:sts::123456789012:federated-user/u).
	AWS []string
	// Service lists service principals such as "cloudtrail.amazonaws.com".
	Service []string
}

// Condition is one test of a statement's Condition element: in JSON,
// "Condition": {Operator: {Key: Values}}.
type Condition struct {
	// Operator is the condition operator as IAM spells it, with its
	// optional "ForAnyValue:" or "ForAllValues:" prefix and "IfExists"
	// suffix: "StringEquals", "ForAllValues:StringLike", "BoolIfExists".
	Operator string
	// Key is the condition key; IAM compares key names ignoring case.
	Key string
	// Values are the policy's values; the condition holds when the request
	// matches any of them (none of them, for negated operators).
	Values []string
}
