package archcheck

import (
	"errors"
	"fmt"
	"slices"
	"strings"

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
	Eval(a *Arch) (Selection, error)
}

// Selection is an evaluated selector: a membership flag per declared
// interface (in ID order) and whether the internet is in.
type Selection struct {
	enis     []bool
	internet bool
}

func (s Selection) empty() bool {
	if s.internet {
		return false
	}
	for _, in := range s.enis {
		if in {
			return false
		}
	}
	return true
}

// ids returns the selected interfaces' IDs, sorted.
func (s Selection) ids(a *Arch) []string {
	var out []string
	for i, in := range s.enis {
		if in {
			out = append(out, a.enis[i].id)
		}
	}
	return out
}

// Select returns the IDs of the interfaces s selects, sorted, or an error
// when s names an undeclared resource or selects no interface.
func (a *Arch) Select(s Selector) ([]string, error) {
	sel, err := a.Eval(s)
	if err != nil {
		return nil, err
	}
	ids := sel.ids(a)
	if len(ids) == 0 {
		return nil, fmt.Errorf("%s selects no network interface", s)
	}
	return ids, nil
}

// Eval evaluates s, refusing a nil selector and an empty selection.
func (a *Arch) Eval(s Selector) (Selection, error) {
	if s == nil {
		return Selection{}, errors.New("nil Selector: build one with ENIs, Tag, SecurityGroup, Subnet, SubnetTag, VPC, Kind, Workload, All or Internet")
	}
	sel, err := s.Eval(a)
	if err != nil {
		return Selection{}, err
	}
	if sel.empty() {
		return Selection{}, fmt.Errorf("%s selects no network interface", s)
	}
	return sel, nil
}

// leaf is a selector that tests each interface on its own.
type leaf struct {
	desc  string
	check func(a *Arch) error // undeclared references
	match func(a *Arch, e *eniInfo) bool
}

func (l leaf) String() string { return l.desc }

func (l leaf) Eval(a *Arch) (Selection, error) {
	if l.check != nil {
		if err := l.check(a); err != nil {
			return Selection{}, err
		}
	}
	sel := Selection{enis: make([]bool, len(a.enis))}
	for i := range a.enis {
		sel.enis[i] = l.match(a, &a.enis[i])
	}
	if sel.empty() {
		return Selection{}, fmt.Errorf("%s selects no network interface", l.desc)
	}
	return sel, nil
}

// ENIs selects the network interfaces with these IDs.
func ENIs(ids ...string) Selector {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	return leaf{desc: strings.Join(ids, ", "),
		check: func(a *Arch) error {
			if len(ids) == 0 {
				return errors.New("ENIs() names no interface")
			}
			for _, id := range ids {
				if _, ok := a.eniIdx[id]; !ok {
					return fmt.Errorf("no network interface %q is declared", id)
				}
			}
			return nil
		},
		match: func(_ *Arch, e *eniInfo) bool { return want[e.id] }}
}

// Tag selects the network interfaces tagged key=value.
func Tag(key, value string) Selector {
	return leaf{desc: fmt.Sprintf("tag %s=%s", key, value),
		match: func(_ *Arch, e *eniInfo) bool { v, ok := e.tags[key]; return ok && v == value }}
}

// SubnetTag selects the network interfaces in subnets tagged key=value.
func SubnetTag(key, value string) Selector {
	return leaf{desc: fmt.Sprintf("subnet tag %s=%s", key, value),
		match: func(a *Arch, e *eniInfo) bool { v, ok := a.subnets[e.subnet].tags[key]; return ok && v == value }}
}

// SecurityGroup selects the network interfaces carrying group id.
// Interfaces declared with no group carry their VPC's default group:
// the one declared with Default set, else "<vpc>/default-sg".
func SecurityGroup(id string) Selector {
	return leaf{desc: "security group " + id,
		check: func(a *Arch) error {
			if !a.sgs[id] {
				return fmt.Errorf("no security group %q is declared (nor is it a VPC's default group)", id)
			}
			return nil
		},
		match: func(_ *Arch, e *eniInfo) bool {
			for _, g := range e.sgs {
				if g == id {
					return true
				}
			}
			return false
		}}
}

// Subnet selects the network interfaces in subnet id.
func Subnet(id string) Selector {
	return leaf{desc: "subnet " + id,
		check: func(a *Arch) error {
			if _, ok := a.subnets[id]; !ok {
				return fmt.Errorf("no subnet %q is declared", id)
			}
			return nil
		},
		match: func(_ *Arch, e *eniInfo) bool { return e.subnet == id }}
}

// VPC selects the network interfaces in VPC id.
func VPC(id string) Selector {
	return leaf{desc: "vpc " + id,
		check: func(a *Arch) error {
			if !a.vpcs[id] {
				return fmt.Errorf("no VPC %q is declared", id)
			}
			return nil
		},
		match: func(_ *Arch, e *eniInfo) bool { return e.vpc == id }}
}

// Kind selects the network interfaces of one kind: what owns them (the
// zero kind counts as [vpc.KindEC2]).
func Kind(k vpc.InterfaceKind) Selector {
	if k == "" {
		k = vpc.KindEC2
	}
	return leaf{desc: "kind " + string(k),
		check: func(*Arch) error {
			if !k.Valid() {
				return fmt.Errorf("kind %q is not a vpc.InterfaceKind", string(k))
			}
			return nil
		},
		match: func(_ *Arch, e *eniInfo) bool { return e.kind == k }}
}

// Workload selects the network interfaces workload id expands into (see
// package [github.com/vpcsim/vpcsim/workload]); with roles, only those in
// one of them ("the writer of the orders database", "the pods of the
// cluster"). A Lambda Hyperplane interface belongs to every function
// that shares it.
func Workload(id string, roles ...workload.Role) Selector {
	desc := "workload " + id
	if len(roles) > 0 {
		rs := make([]string, len(roles))
		for i, r := range roles {
			rs[i] = string(r)
		}
		desc += " (" + strings.Join(rs, ", ") + ")"
	}
	return leaf{desc: desc,
		check: func(a *Arch) error {
			if !a.workloads[id] {
				return fmt.Errorf("no workload %q is declared", id)
			}
			for _, r := range roles {
				if !r.Valid() {
					return fmt.Errorf("role %q is not a workload.Role (want one of %v)", string(r), workload.Roles())
				}
			}
			return nil
		},
		match: func(_ *Arch, e *eniInfo) bool {
			for _, x := range e.members {
				if x.Workload == id && (len(roles) == 0 || slices.Contains(roles, x.Role)) {
					return true
				}
			}
			return false
		}}
}

// All selects every declared network interface and every interface the
// workloads expand into.
func All() Selector {
	return leaf{desc: "all interfaces", match: func(*Arch, *eniInfo) bool { return true }}
}

// internetSel selects the internet.
type internetSel struct{}

func (internetSel) String() string { return "the internet" }

func (internetSel) Eval(a *Arch) (Selection, error) {
	return Selection{enis: make([]bool, len(a.enis)), internet: true}, nil
}

// Internet selects the internet (any public address), to allow it as a
// source in [Arch.ReachableOnlyFrom]. Assertions about interfaces refuse
// it.
func Internet() Selector { return internetSel{} }

// combo combines selectors.
type combo struct {
	op   string // "or", "and", "except"
	sels []Selector
}

func (c combo) String() string {
	parts := make([]string, len(c.sels))
	for i, s := range c.sels {
		if s == nil {
			parts[i] = "<nil>"
			continue
		}
		parts[i] = s.String()
		if _, nested := s.(combo); nested {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, " "+c.op+" ")
}

func (c combo) Eval(a *Arch) (Selection, error) {
	if len(c.sels) == 0 || (c.op == "except" && len(c.sels) != 2) {
		return Selection{}, fmt.Errorf("%s of no selector", map[string]string{"or": "Union", "and": "Intersect", "except": "Except"}[c.op])
	}
	var out Selection
	for i, s := range c.sels {
		var sel Selection
		var err error
		if s == nil {
			err = errors.New("nil Selector")
		} else {
			sel, err = s.Eval(a)
		}
		if err != nil {
			return Selection{}, err
		}
		if i == 0 {
			out = sel
			out.enis = append([]bool(nil), sel.enis...)
			continue
		}
		for j := range out.enis {
			switch c.op {
			case "or":
				out.enis[j] = out.enis[j] || sel.enis[j]
			case "and":
				out.enis[j] = out.enis[j] && sel.enis[j]
			case "except":
				out.enis[j] = out.enis[j] && !sel.enis[j]
			}
		}
		switch c.op {
		case "or":
			out.internet = out.internet || sel.internet
		case "and":
			out.internet = out.internet && sel.internet
		case "except":
			out.internet = out.internet && !sel.internet
		}
	}
	if out.empty() {
		return Selection{}, fmt.Errorf("%s selects no network interface", c)
	}
	return out, nil
}

// Union selects what any of sels selects.
func Union(sels ...Selector) Selector { return combo{op: "or", sels: sels} }

// Intersect selects what every one of sels selects.
func Intersect(sels ...Selector) Selector { return combo{op: "and", sels: sels} }

// Except selects what s selects and not selects not.
func Except(s, not Selector) Selector { return combo{op: "except", sels: []Selector{s, not}} }
