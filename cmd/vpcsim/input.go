package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"

	"github.com/vpcsim/vpcsim/awsimport"
	"github.com/vpcsim/vpcsim/internal/archcheck"
	"github.com/vpcsim/vpcsim/internal/importer"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/tfimport"
)

// Input formats (--input-format).
const (
	formatAuto      = "auto"
	formatVPCSim    = "vpcsim"
	formatAWS       = "aws"
	formatTerraform = "terraform"
)

// config is a loaded and compiled configuration.
type config struct {
	path string
	net  *sim.Network
	m    *sim.Model
	arch *archcheck.Arch
	// addresses maps resource IDs to the Terraform addresses that
	// declared them (Terraform input only).
	addresses map[string]string
}

// load reads the configuration at path in the given format (detected when
// auto), writes what the importer skipped or based on placeholders to
// warn (unless it is nil), and compiles it. Errors name the file and the
// resource.
func load(path, format string, stdin io.Reader, warn io.Writer) (*config, error) {
	if path == "" {
		return nil, usageError{"no configuration given: want a vpcsim JSON file, a directory or file of AWS describe output, or terraform show -json output"}
	}
	var data []byte
	isDir := false
	if path == "-" {
		b, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("standard input: %v", err)
		}
		data = b
	} else {
		st, err := os.Stat(path)
		if err != nil {
			return nil, err // *PathError names the file
		}
		isDir = st.IsDir()
		if !isDir && (format == formatAuto || format == formatVPCSim || format == formatTerraform) {
			if data, err = os.ReadFile(path); err != nil {
				return nil, err
			}
		}
	}
	if format == formatAuto {
		f, err := detect(path, isDir, data)
		if err != nil {
			return nil, err
		}
		format = f
	}
	name := path
	if path == "-" {
		name = "standard input"
	}
	var n *sim.Network
	var addresses map[string]string
	switch format {
	case formatVPCSim:
		if isDir {
			return nil, fmt.Errorf("%s: a directory; a vpcsim network is one JSON file", name)
		}
		nn, err := sim.Load(bytes.NewReader(data))
		if err != nil {
			return nil, prefixErrors(name, err)
		}
		n = nn
	case formatTerraform:
		if isDir {
			return nil, fmt.Errorf("%s: a directory; want the file terraform show -json printed", name)
		}
		r, err := tfimport.Read(bytes.NewReader(data))
		if err != nil {
			return nil, prefixErrors(name, err)
		}
		tfWarnings(warn, name, r)
		n = r.Network
		addresses = map[string]string{}
		for _, res := range r.Resources {
			if res.ID != "" && res.ID != res.Address {
				addresses[res.ID] = res.Address
			}
		}
	case formatAWS:
		if path == "-" {
			return nil, usageError{"AWS describe output is read from files: give a file or a directory, not -"}
		}
		r, err := awsimport.Load(path)
		if err != nil {
			return nil, err // names the file, line and JSON path
		}
		awsWarnings(warn, name, r)
		n = r.Network
	default:
		return nil, usageError{fmt.Sprintf("--input-format %q: want auto, vpcsim, aws or terraform", format)}
	}
	m, err := sim.Compile(n)
	if err != nil && format != formatVPCSim {
		n, m, err = compileWithout(n, err, name, warn)
	}
	if err != nil {
		return nil, prefixErrors(name+": invalid network", err)
	}
	return &config{path: name, net: n, m: m, arch: archcheck.New(n, m), addresses: addresses}, nil
}

// compileWithout compiles an imported network whose load balancer,
// Lattice or VPC endpoint declarations do not validate without them
// (without the load balancers, else without Lattice, else without the
// endpoints, else without all three), warning of what was left out and
// why. It returns the first compile error when
// leaving them out does not help.
func compileWithout(n *sim.Network, err error, name string, warn io.Writer) (*sim.Network, *sim.Model, error) {
	noLB := func(x *sim.Network) {
		x.LoadBalancers, x.Listeners, x.TargetGroups = nil, nil, nil
	}
	noLattice := func(x *sim.Network) {
		x.ServiceNetworks, x.ServiceNetworkVPCAssociations, x.ServiceNetworkServiceAssociations = nil, nil, nil
		x.LatticeServices, x.LatticeTargetGroups = nil, nil
	}
	noEndpoints := func(x *sim.Network) {
		x.VPCEndpoints, x.EndpointServices, x.EndpointConnections = nil, nil, nil
	}
	hasEP := len(n.VPCEndpoints)+len(n.EndpointServices)+len(n.EndpointConnections) > 0
	hasLB := len(n.LoadBalancers)+len(n.Listeners)+len(n.TargetGroups) > 0
	hasLattice := len(n.ServiceNetworks)+len(n.ServiceNetworkVPCAssociations)+len(n.ServiceNetworkServiceAssociations)+
		len(n.LatticeServices)+len(n.LatticeTargetGroups) > 0
	tries := []struct {
		what string
		ok   bool
		drop []func(*sim.Network)
	}{
		{"load balancers", hasLB, []func(*sim.Network){noLB}},
		{"Lattice declarations", hasLattice, []func(*sim.Network){noLattice}},
		{"VPC endpoints", hasEP, []func(*sim.Network){noEndpoints}},
		{"load balancers, Lattice declarations and VPC endpoints", hasLB || hasLattice || hasEP, []func(*sim.Network){noLB, noLattice, noEndpoints}},
	}
	for _, t := range tries {
		if !t.ok {
			continue
		}
		bare := *n
		for _, d := range t.drop {
			d(&bare)
		}
		m, err2 := sim.Compile(&bare)
		if err2 != nil {
			continue
		}
		if warn != nil {
			for _, e := range unjoin(err) {
				fmt.Fprintf(warn, "warning: %s: %s left out, as their declarations do not validate: %v\n", name, t.what, e)
			}
		}
		return &bare, m, nil
	}
	return n, nil, err
}

// detect tells the format of a file from its top-level keys: Terraform's
// format_version, vpcsim's camelCase network fields, or the AWS CLI's
// PascalCase output keys.
func detect(path string, isDir bool, data []byte) (string, error) {
	if isDir {
		return formatAWS, nil
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return "", fmt.Errorf("%s: not a JSON object (%v); want a vpcsim network, AWS describe output or terraform show -json output", path, err)
	}
	if _, ok := top["format_version"]; ok {
		return formatTerraform, nil
	}
	vpcsimKeys, awsKeys := 0, 0
	for k := range top {
		switch {
		case isNetworkField(k):
			vpcsimKeys++
		case k != "" && strings.ToUpper(k[:1]) == k[:1]:
			awsKeys++
		}
	}
	switch {
	case vpcsimKeys > 0 && awsKeys == 0:
		return formatVPCSim, nil
	case awsKeys > 0 && vpcsimKeys == 0:
		return formatAWS, nil
	case len(top) == 0:
		return formatVPCSim, nil
	}
	return "", fmt.Errorf("%s: cannot tell the format from its keys; give --input-format vpcsim, aws or terraform", path)
}

// isNetworkField reports whether k is the JSON name of a sim.Network
// field.
func isNetworkField(k string) bool { return networkFields[k] }

// networkFields are the JSON names of sim.Network's fields, read from its
// struct tags so that fields added to it are known.
var networkFields = func() map[string]bool {
	out := map[string]bool{}
	t := reflect.TypeFor[sim.Network]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = true
		}
	}
	return out
}()

// prefixErrors prefixes each error of a join with the file name, one a
// line.
func prefixErrors(name string, err error) error {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var b strings.Builder
	for i, e := range errs {
		if i > 0 {
			b.WriteByte('\n')
		}
		msg := e.Error()
		if !strings.HasPrefix(msg, name) {
			msg = name + ": " + msg
		}
		b.WriteString(msg)
	}
	return errors.New(b.String())
}

// tfWarnings writes what a Terraform import left out or based on
// placeholders.
func tfWarnings(w io.Writer, file string, r *tfimport.Result) {
	if w == nil {
		return
	}
	for _, s := range r.Skipped {
		what := s.Address
		if s.Attribute != "" {
			what += " " + s.Attribute
		}
		fmt.Fprintf(w, "warning: %s: %s: skipped: %s\n", file, what, s.Reason)
	}
	for _, p := range r.Placeholders {
		v := p.Value
		if v == "" {
			v = "left for vpcsim to assign"
		}
		fmt.Fprintf(w, "warning: %s: %s %s: placeholder (%s): %s\n", file, p.Address, p.Attribute, v, p.Reason)
	}
	notSimulated(w, file, r.Unsimulated)
}

// awsWarnings writes what an AWS import left out.
func awsWarnings(w io.Writer, file string, r *awsimport.Result) {
	if w == nil {
		return
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "warning: %s\n", s)
	}
	notSimulated(w, file, r.Unsimulated)
}

// notSimulated warns of declarations imported beside the network that
// the engine does not simulate yet.
func notSimulated(w io.Writer, file string, u importer.Unsimulated) {
	counts := []struct {
		what string
		n    int
	}{
		{"Lattice resource gateway", len(u.ResourceGateways)},
		{"Lattice resource configuration", len(u.ResourceConfigurations)},
	}
	for _, c := range counts {
		if k, n := c.what, c.n; n > 0 {
			s := "s"
			if n == 1 {
				s = ""
			}
			fmt.Fprintf(w, "warning: %s: %d %s%s imported but not simulated yet: paths through them are not answered\n", file, n, k, s)
		}
	}
}
