package simtest

import (
	"github.com/vpcsim/vpcsim/internal/archcheck"
	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// Selector chooses network interfaces of the declared network by what
// people have in mind when they state a decision: their ID ([ENIs]), a tag
// ([Tag]), a security group, a subnet or a subnet's tag, a VPC, what owns
// them ([Kind]), the workload they serve ([Workload]), or [All] of them;
// combined with [Union], [Intersect] and [Except]. [Internet] stands for
// the internet as a source of [Arch.ReachableOnlyFrom].
//
// Declared interfaces are selected, and those the network's workloads
// expand into (not the interfaces of NAT gateways or load balancer
// nodes). A selector that selects nothing is an error that fails the
// assertion, as is one that names an undeclared resource: a typo must not
// make an assertion hold by having nothing to check.
type Selector interface {
	// String describes the selection in failure messages ("tag tier=db").
	String() string
	core() archcheck.Selector
}

// selector is a Selector: the selection logic lives in package
// archcheck, which the vpcsim command's check files share.
type selector struct{ s archcheck.Selector }

func (s selector) String() string { return s.s.String() }

func (s selector) core() archcheck.Selector { return s.s }

// unwrap returns the archcheck selector of s, nil for nil.
func unwrap(s Selector) archcheck.Selector {
	if s == nil {
		return nil
	}
	return s.core()
}

// Select returns the IDs of the interfaces s selects, sorted, or an error
// when s names an undeclared resource or selects no interface.
func (a *Arch) Select(s Selector) ([]string, error) {
	return a.c.Select(unwrap(s))
}

// ENIs selects the network interfaces with these IDs.
func ENIs(ids ...string) Selector { return selector{archcheck.ENIs(ids...)} }

// Tag selects the network interfaces tagged key=value.
func Tag(key, value string) Selector { return selector{archcheck.Tag(key, value)} }

// SubnetTag selects the network interfaces in subnets tagged key=value.
func SubnetTag(key, value string) Selector { return selector{archcheck.SubnetTag(key, value)} }

// SecurityGroup selects the network interfaces carrying group id.
// Interfaces declared with no group carry their VPC's default group:
// the one declared with Default set, else "<vpc>/default-sg".
func SecurityGroup(id string) Selector { return selector{archcheck.SecurityGroup(id)} }

// Subnet selects the network interfaces in subnet id.
func Subnet(id string) Selector { return selector{archcheck.Subnet(id)} }

// VPC selects the network interfaces in VPC id.
func VPC(id string) Selector { return selector{archcheck.VPC(id)} }

// Kind selects the network interfaces of one kind: what owns them (the
// zero kind counts as [vpc.KindEC2]).
func Kind(k vpc.InterfaceKind) Selector { return selector{archcheck.Kind(k)} }

// Workload selects the network interfaces the workload with this ID
// expands into (see package [github.com/vpcsim/vpcsim/workload]): every
// task of an ECS service, every node and pod of an EKS cluster, the
// Hyperplane interfaces of a Lambda function, the primary and standby of
// a database. With roles, only the interfaces in one of them: the writer
// of an Aurora cluster, the pods of a cluster. A Hyperplane interface
// shared by several functions belongs to each. A workload that is not
// declared, or a role that does not exist, is an error.
func Workload(id string, roles ...workload.Role) Selector {
	return selector{archcheck.Workload(id, roles...)}
}

// All selects every declared network interface and every interface the
// workloads expand into.
func All() Selector { return selector{archcheck.All()} }

// Internet selects the internet (any public address), to allow it as a
// source in [Arch.ReachableOnlyFrom]. Assertions about interfaces refuse
// it.
func Internet() Selector { return selector{archcheck.Internet()} }

// unwrapAll unwraps each selector.
func unwrapAll(sels []Selector) []archcheck.Selector {
	out := make([]archcheck.Selector, len(sels))
	for i, s := range sels {
		out[i] = unwrap(s)
	}
	return out
}

// Union selects what any of sels selects.
func Union(sels ...Selector) Selector { return selector{archcheck.Union(unwrapAll(sels)...)} }

// Intersect selects what every one of sels selects.
func Intersect(sels ...Selector) Selector {
	return selector{archcheck.Intersect(unwrapAll(sels)...)}
}

// Except selects what s selects and not selects not.
func Except(s, not Selector) Selector { return selector{archcheck.Except(unwrap(s), unwrap(not))} }
