package tfimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/vpcsim/vpcsim/internal/importer"
	"github.com/vpcsim/vpcsim/sim"
)

// Kind says which of the two documents of `terraform show -json` was read.
type Kind string

// Input kinds.
const (
	// Plan is the JSON of a saved plan: planned values, resource changes,
	// prior state and configuration.
	Plan Kind = "plan"
	// State is the JSON of a state: every value known.
	State Kind = "state"
)

// Result is what an import produced: the network (VPC resources, load
// balancers, VPC Lattice and the workloads running in the VPCs), the
// declarations package sim cannot hold yet, and an account of everything
// left out or resting on a placeholder.
//
// Every resource instance of the input appears exactly once in Resources
// or in Skipped (a resource partly imported may also have Skipped entries
// naming the attributes left out).
type Result struct {
	// Kind is the kind of input read.
	Kind Kind `json:"kind"`
	// Network holds the VPC resources, the VPC endpoints, endpoint
	// services and their connections, the load balancers with their
	// listeners and target groups, the VPC Lattice service networks,
	// associations, services, target groups, resource gateways and
	// resource configurations, hybrid connectivity with the on-premises
	// networks behind it, and the workloads (Network.Workloads: Lambda,
	// ECS, RDS, Aurora, RDS Proxy, ElastiCache, MSK, EKS, API Gateway VPC
	// links); check it with [sim.Compile], which expands the workloads
	// into interfaces.
	Network *sim.Network `json:"network"`
	// Unsimulated holds the declarations [sim.Network] has no fields for:
	// none at present (the Lattice resource gateways and configurations
	// moved into the Network).
	Unsimulated Unsimulated `json:"unsimulated,omitzero"`
	// Resources lists every imported resource instance and the ID it got,
	// sorted by address.
	Resources []Resource `json:"resources,omitempty"`
	// Skipped lists what was not imported and why, sorted by address.
	Skipped []Skipped `json:"skipped,omitempty"`
	// Placeholders lists the facts that rest on values Terraform knows only
	// after apply, sorted by address and attribute.
	Placeholders []Placeholder `json:"placeholders,omitempty"`
}

// Unsimulated holds the declarations an import found that [sim.Network]
// has no fields for; it is empty at present. Package awsimport returns the
// same type.
type Unsimulated = importer.Unsimulated

// Resource is one imported resource instance: its Terraform address and
// type, and the ID it has in the result (its real ID, or its address when
// the ID is known only after apply; for a workload, and for the node
// groups and Aurora instances that are part of one, the workload's ID).
// Interface is the ID of the network interface an instance got, when it
// got one.
type Resource struct {
	Address   string `json:"address"`
	Type      string `json:"type"`
	ID        string `json:"id"`
	Interface string `json:"interface,omitempty"`
	// As says what the resource became ("vpc.Subnet", "route in rtb-1",
	// "workload", ...).
	As string `json:"as"`
}

// Skipped is a resource instance, or one attribute of it, that was not
// imported.
type Skipped struct {
	Address string `json:"address"`
	Type    string `json:"type"`
	// Attribute is empty when the whole resource was skipped, else the
	// attribute (path) left out. A reference cut after the import because
	// what it names is not in the import (see [Result.Network]) names the
	// field of the declaration it was cut from instead ("subnets",
	// "securityGroups", "targets", "default.forward", ...).
	Attribute string `json:"attribute,omitempty"`
	Reason    string `json:"reason"`
}

// Placeholder is a fact of the result that Terraform knows only after
// apply, with the value the import put in its place.
type Placeholder struct {
	Address   string `json:"address"`
	Attribute string `json:"attribute"`
	// Value is the stand-in used; empty when the value is left for
	// sim.Compile to assign (private and public addresses).
	Value  string `json:"value,omitempty"`
	Reason string `json:"reason"`
}

// Error is a problem with the input: the file (empty when read from a
// reader), the resource address and attribute when the problem is in one,
// and what was wrong.
type Error struct {
	File      string
	Address   string
	Attribute string
	Err       error
}

func (e *Error) Error() string {
	s := ""
	if e.File != "" {
		s = e.File + ": "
	}
	if e.Address != "" {
		s += e.Address + ": "
	}
	if e.Attribute != "" {
		s += e.Attribute + ": "
	}
	return s + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// ErrFormat is the kind of every error about the shape of the input: not
// JSON, not the output of `terraform show -json`, or an unsupported format
// version.
var ErrFormat = errors.New("not terraform show -json output")

// ErrValue is the kind of every error about one attribute value that
// cannot be read (a malformed CIDR, protocol, port or address).
var ErrValue = errors.New("bad attribute value")

// Options hold what the input does not say. The zero Options work.
type Options struct {
	// OnPrem names on-premises networks: which customer gateways and
	// virtual interfaces stand in each (by their ID in the result, their
	// Terraform address, their Name tag or name) and, when given, their
	// CIDRs. See "On-premises networks" in the package documentation.
	OnPrem []OnPrem
}

// OnPrem names an on-premises network for an import. Package awsimport
// takes the same type.
type OnPrem = importer.OnPrem

// Load reads the file at path, the output of `terraform show -json` for a
// plan or a state (which one is detected), and imports it with the zero
// [Options].
func Load(path string) (*Result, error) { return Options{}.Load(path) }

// Read imports the output of `terraform show -json` for a plan or a state
// read from r, with the zero [Options].
func Read(r io.Reader) (*Result, error) { return Options{}.Read(r) }

// Load reads the file at path, the output of `terraform show -json` for a
// plan or a state (which one is detected), and imports it.
func (o Options) Load(path string) (*Result, error) {
	if err := importer.CheckOnPrem(o.OnPrem); err != nil {
		return nil, &Error{File: path, Err: err}
	}
	if path == "" {
		return nil, &Error{Err: errors.New("no path: give the file that terraform show -json wrote")}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Err: err}
	}
	return read(path, b, o)
}

// Read imports the output of `terraform show -json` for a plan or a state
// read from r.
func (o Options) Read(r io.Reader) (*Result, error) {
	if err := importer.CheckOnPrem(o.OnPrem); err != nil {
		return nil, &Error{Err: err}
	}
	if r == nil {
		return nil, &Error{Err: fmt.Errorf("%w: nil reader", ErrFormat)}
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, &Error{Err: err}
	}
	return read("", b, o)
}

// probe holds the top-level keys that tell a plan from a state.
type probe struct {
	FormatVersion   string          `json:"format_version"`
	Values          json.RawMessage `json:"values"`
	PlannedValues   json.RawMessage `json:"planned_values"`
	ResourceChanges json.RawMessage `json:"resource_changes"`
	PriorState      json.RawMessage `json:"prior_state"`
	Configuration   json.RawMessage `json:"configuration"`
}

func read(file string, b []byte, o Options) (*Result, error) {
	var p probe
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, &Error{File: file, Err: fmt.Errorf("%w: %v", ErrFormat, err)}
	}
	if p.FormatVersion == "" {
		return nil, &Error{File: file, Err: fmt.Errorf("%w: no format_version: want the output of terraform show -json", ErrFormat)}
	}
	isPlan := p.PlannedValues != nil || p.ResourceChanges != nil || p.PriorState != nil || p.Configuration != nil
	b2 := newBuilder(file)
	b2.opts = o
	if isPlan {
		var plan tfjson.Plan
		plan.UseJSONNumber(true)
		if err := plan.UnmarshalJSON(b); err != nil {
			return nil, &Error{File: file, Err: fmt.Errorf("%w: plan: %v", ErrFormat, err)}
		}
		b2.kind = Plan
		b2.collectPlan(&plan)
	} else {
		var st tfjson.State
		st.UseJSONNumber(true)
		if err := st.UnmarshalJSON(bytes.TrimSpace(b)); err != nil {
			return nil, &Error{File: file, Err: fmt.Errorf("%w: state: %v", ErrFormat, err)}
		}
		b2.kind = State
		b2.collectState(&st)
	}
	return b2.build()
}

func sortResult(r *Result) {
	sort.SliceStable(r.Resources, func(i, j int) bool { return r.Resources[i].Address < r.Resources[j].Address })
	sort.SliceStable(r.Skipped, func(i, j int) bool {
		a, b := r.Skipped[i], r.Skipped[j]
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		return a.Attribute < b.Attribute
	})
	sort.SliceStable(r.Placeholders, func(i, j int) bool {
		a, b := r.Placeholders[i], r.Placeholders[j]
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		return a.Attribute < b.Attribute
	})
}
