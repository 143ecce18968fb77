package workload

import (
	"errors"
	"fmt"
)

// Sentinel errors for the kinds of problem [Expand], [Demand] and
// [ScaleOut] report. Test for them with [errors.Is]; the concrete error is
// a [*FieldError] naming the workload and field.
var (
	// ErrInvalidValue: a field holds a value AWS would reject (a count out
	// of range, too many subnets or security groups, an unknown enum
	// value, a missing required field, an impossible combination).
	ErrInvalidValue = errors.New("invalid value")
	// ErrDuplicateID: two workloads (or two node groups of one cluster)
	// share an ID, or two generated resources would.
	ErrDuplicateID = errors.New("duplicate id")
	// ErrUnknownResource: a reference names no subnet, VPC or security
	// group of the environment, or no workload.
	ErrUnknownResource = errors.New("unknown resource")
	// ErrWrongVPC: the subnets and security groups of one workload are not
	// all in one VPC.
	ErrWrongVPC = errors.New("resource in another vpc")
	// ErrAvailabilityZones: the subnets of a workload do not span the
	// Availability Zones AWS requires (an RDS subnet group in one zone, an
	// EKS cluster in one zone, MSK client subnets sharing a zone).
	ErrAvailabilityZones = errors.New("too few availability zones")
	// ErrLimit: a workload asks for more than one of its parts can hold
	// (more pods per node than the node's max pods).
	ErrLimit = errors.New("limit exceeded")
	// ErrCapacity: a subnet has too few free addresses, or too few free
	// aligned /28 blocks, for what the workloads place in it.
	ErrCapacity = errors.New("subnet too small")
)

// FieldError reports a problem with one field of one workload. Resource is
// the workload kind ("eks-cluster", "lambda-function", ...; "subnet" for
// capacity problems), ID its ID (or its index as "#3" when it has none),
// Field the field path inside it ("nodeGroups[1].podsPerNode"), Kind the
// sentinel error and Msg what was expected.
//
// It has the shape of the engine's own field errors, so a caller can
// translate one into the other field by field.
type FieldError struct {
	Resource string
	ID       string
	Field    string
	Kind     error
	Msg      string
}

// Error formats the error as "eks-cluster eks-a subnets: too few
// availability zones: ...".
func (e *FieldError) Error() string {
	s := e.Resource
	if e.ID != "" {
		s += " " + e.ID
	}
	if e.Field != "" {
		s += " " + e.Field
	}
	return fmt.Sprintf("%s: %v: %s", s, e.Kind, e.Msg)
}

// Unwrap returns the sentinel kind, so errors.Is(err, ErrLimit) works.
func (e *FieldError) Unwrap() error { return e.Kind }

// errs collects field errors in the order they are found.
type errs struct{ list []error }

func (r *errs) add(resource, id, field string, kind error, format string, args ...any) {
	r.list = append(r.list, &FieldError{Resource: resource, ID: id, Field: field, Kind: kind, Msg: fmt.Sprintf(format, args...)})
}

func (r *errs) err() error { return errors.Join(r.list...) }
