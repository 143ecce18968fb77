package sim

import (
	"errors"
	"fmt"
)

// Sentinel errors for the kinds of problem [Network.Validate], [Load] and
// the queries report. Test for them with [errors.Is]; the concrete error is a
// [*FieldError] naming the resource and field.
var (
	// ErrInvalidValue: a field holds a value AWS would reject (a malformed or
	// non-canonical CIDR, a prefix length out of range, a bad port range,
	// an unknown enum value, a missing required field).
	ErrInvalidValue = errors.New("invalid value")
	// ErrDuplicateID: two resources share an ID.
	ErrDuplicateID = errors.New("duplicate id")
	// ErrUnknownResource: a reference names no declared resource.
	ErrUnknownResource = errors.New("unknown resource")
	// ErrWrongVPC: a reference names a resource in another VPC where AWS
	// requires the same VPC.
	ErrWrongVPC = errors.New("resource in another vpc")
	// ErrOverlap: two CIDRs that must be disjoint overlap.
	ErrOverlap = errors.New("overlapping cidr")
	// ErrAddress: an interface address is outside its subnet, reserved, or
	// taken twice.
	ErrAddress = errors.New("bad address")
	// ErrCapacity: a subnet has fewer usable addresses than its interfaces need.
	ErrCapacity = errors.New("subnet too small")
	// ErrConflict: resources that AWS allows only once (one main route table
	// per VPC, one route table per subnet, ...) are declared more than once.
	ErrConflict = errors.New("conflict")
	// ErrUnknownField: a JSON document has a field the model does not know.
	ErrUnknownField = errors.New("unknown field")
	// ErrNil: a nil pointer or interface was given where a value is needed
	// (a nil *Model or *Network as receiver, a nil *Result to write into, a
	// nil io.Reader or io.Writer). The message says what to pass instead.
	ErrNil = errors.New("nil value")
)

// FieldError reports a problem with one field of one resource. Resource is
// the resource kind ("subnet", "route-table", ...), ID its ID (or its index
// as "#3" when it has none), Field the field path inside it
// ("routes[2].destination"), Kind the sentinel error and Msg what was
// expected.
type FieldError struct {
	Resource string
	ID       string
	Field    string
	Kind     error
	Msg      string
}

// Error formats the error as "subnet subnet-a: cidr: invalid value: ...".
func (e *FieldError) Error() string {
	if e == nil {
		return "<nil>"
	}
	s := e.Resource
	if e.ID != "" {
		s += " " + e.ID
	}
	if e.Field != "" {
		s += " " + e.Field
	}
	return fmt.Sprintf("%s: %v: %s", s, e.Kind, e.Msg)
}

// Unwrap returns the sentinel kind, so errors.Is(err, ErrOverlap) works.
func (e *FieldError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Kind
}
