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
		n.LoadBalancers, n.Listeners, n.TargetGroups = r.LoadBalancers.LoadBalancers, r.LoadBalancers.Listeners, r.LoadBalancers.TargetGroups
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
		// The load balancers' own interfaces are in the import already;
		// declaring the load balancers too would give each a second set
		// of nodes, so they stay out until the importer and the engine
		// agree on them.
		n = r.Network
	default:
		return nil, usageError{fmt.Sprintf("--input-format %q: want auto, vpcsim, aws or terraform", format)}
	}
	m, err := sim.Compile(n)
	if err != nil && format != formatVPCSim && len(n.LoadBalancers)+len(n.Listeners)+len(n.TargetGroups) > 0 {
		// An import whose load balancers do not validate is still
		// simulated without them, with a warning naming the problems.
		bare := *n
		bare.LoadBalancers, bare.Listeners, bare.TargetGroups = nil, nil, nil
		if m2, err2 := sim.Compile(&bare); err2 == nil {
			if warn != nil {
				for _, e := range unjoin(err) {
					fmt.Fprintf(warn, "warning: %s: load balancers left out, as their declarations do not validate: %v\n", name, e)
				}
			}
			n, m, err = &bare, m2, nil
		}
	}
	if err != nil {
		return nil, prefixErrors(name+": invalid network", err)
	}
	return &config{path: name, net: n, m: m, arch: archcheck.New(n, m), addresses: addresses}, nil
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
	for _, wl := range r.Workloads {
		fmt.Fprintf(w, "warning: %s: %s: workload not expanded into interfaces: %s\n", file, wl.Address, wl.NotModelled)
	}
	notSimulated(w, file, map[string]int{
		"VPC endpoint": len(r.Endpoints.VPCEndpoints), "endpoint service": len(r.Endpoints.EndpointServices),
		"Lattice service network": len(r.Lattice.ServiceNetworks), "Lattice service": len(r.Lattice.Services),
	})
}

// awsWarnings writes what an AWS import left out.
func awsWarnings(w io.Writer, file string, r *awsimport.Result) {
	if w == nil {
		return
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "warning: %s\n", s)
	}
	notSimulated(w, file, map[string]int{
		"VPC endpoint": len(r.Endpoints.VPCEndpoints), "endpoint service": len(r.Endpoints.EndpointServices),
		"load balancer": len(r.LoadBalancers.LoadBalancers), "Lattice service network": len(r.Lattice.ServiceNetworks),
		"Lattice service": len(r.Lattice.Services),
	})
}

// notSimulated warns of declarations imported beside the network that
// the engine does not simulate yet.
func notSimulated(w io.Writer, file string, counts map[string]int) {
	for _, k := range []string{"VPC endpoint", "endpoint service", "load balancer", "Lattice service network", "Lattice service"} {
		if n := counts[k]; n > 0 {
			s := "s"
			if n == 1 {
				s = ""
			}
			fmt.Fprintf(w, "warning: %s: %d %s%s imported but not simulated yet: paths through them are not answered\n", file, n, k, s)
		}
	}
}
