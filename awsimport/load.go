package awsimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/internal/importer"
	"github.com/vpcsim/vpcsim/sim"
)

// Options hold what the input may not say. The zero Options work: account
// and Region then come from the directory layout and the data alone.
type Options struct {
	// Account is the AWS account of resources whose account neither the
	// directory layout (a directory named by a 12-digit account ID) nor the
	// data (an OwnerId field or an ARN) tells.
	Account string
	// Region is the Region of resources whose Region neither the layout (a
	// directory named like us-east-1) nor an ARN tells.
	Region string
	// OnPrem names on-premises networks: which customer gateways and
	// virtual interfaces stand in each (by ID, Name tag, virtual interface
	// name or customer gateway address) and, when given, their CIDRs.
	// See "On-premises networks" in the package documentation.
	OnPrem []OnPrem
}

// OnPrem names an on-premises network for an import. Package tfimport
// takes the same type.
type OnPrem = importer.OnPrem

// Result is what an import found: the network, the declarations the
// engine does not simulate yet, what was not carried over and the files
// read. Its shape follows package tfimport's Result.
type Result struct {
	// Network holds the VPC resources, the VPC endpoints, endpoint
	// services and their connections, the load balancers with their
	// listeners and target groups, the VPC Lattice service networks,
	// associations, services, target groups, resource gateways and
	// resource configurations, and hybrid connectivity with the
	// on-premises networks behind it, ready for [sim.Compile].
	// Every slice is sorted by ID.
	Network *sim.Network `json:"network"`
	// Unsimulated holds the declarations [sim.Network] has no fields for:
	// none at present (the Lattice resource gateways and configurations
	// moved into the Network).
	Unsimulated Unsimulated `json:"unsimulated,omitzero"`
	// Skipped lists what the input holds and the import did not carry into
	// the declarations, each with the reason, sorted by file, resource and
	// ID.
	Skipped []Skipped `json:"skipped,omitempty"`
	// Files are the files read, sorted.
	Files []string `json:"files,omitempty"`
}

// Unsimulated holds the declarations an import found that [sim.Network]
// has no fields for; it is empty at present. Package tfimport returns the
// same type.
type Unsimulated = importer.Unsimulated

// Skipped is one thing the input holds that the import did not carry into
// the declarations (or carried only in part), and why.
type Skipped struct {
	// Resource is the kind of thing ("route", "vpn-gateway",
	// "security-group-rule", "file", ...).
	Resource string `json:"resource"`
	// ID names it (for a rule or a route, its owner and what identifies
	// it in the owner).
	ID string `json:"id,omitempty"`
	// File is the file it came from.
	File string `json:"file"`
	// Reason says why it was skipped and, where it helps, what to add.
	Reason string `json:"reason"`
}

// String formats the entry as "file: resource id: reason".
func (s Skipped) String() string {
	id := s.Resource
	if s.ID != "" {
		id += " " + s.ID
	}
	return fmt.Sprintf("%s: %s: %s", s.File, id, s.Reason)
}

// Load reads AWS describe output from files and directories with the zero
// [Options]. See [Options.Load].
func Load(paths ...string) (*Result, error) { return Options{}.Load(paths...) }

// Read reads AWS describe output from root in fsys with the zero
// [Options]. See [Options.Read].
func Read(fsys fs.FS, root string) (*Result, error) { return Options{}.Read(fsys, root) }

// Load reads AWS describe output from each path, a file or a directory
// walked recursively for *.json files, and maps it into a Result. Directory
// names that are 12-digit account IDs or Region names (the aws_configs
// layout: aws_configs/<account>/<region>/*.json, either level optional)
// give the account and Region of the files below them.
//
// A missing path, a directory without JSON files, malformed JSON (named by
// file, line, column and JSON path) and a file named explicitly that holds
// no describe output vpcsim reads are errors. A JSON file found in a
// directory walk that holds no such output is listed in Skipped.
func (o Options) Load(paths ...string) (*Result, error) {
	if len(paths) == 0 {
		return nil, errors.New("awsimport: no path given: want files or directories of AWS describe output")
	}
	if err := importer.CheckOnPrem(o.OnPrem); err != nil {
		return nil, fmt.Errorf("awsimport: %w", err)
	}
	b := newBuilder(o)
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, fmt.Errorf("awsimport: %s: %w", p, err)
		}
		if _, err := os.Stat(abs); err != nil {
			return nil, fmt.Errorf("awsimport: %w", err)
		}
		dir, base := filepath.Split(abs)
		if base == "" { // the file system root
			base = "."
		}
		prefix := strings.Split(filepath.ToSlash(filepath.Clean(dir)), "/")
		if err := b.tree(os.DirFS(dir), base, filepath.Clean(p), prefix); err != nil {
			return nil, err
		}
	}
	return b.finish(), nil
}

// Read is [Options.Load] on a file system: root (a file or a directory,
// "." for the whole of fsys) is read as Load reads a path.
func (o Options) Read(fsys fs.FS, root string) (*Result, error) {
	if fsys == nil {
		return nil, errors.New("awsimport: nil file system")
	}
	if err := importer.CheckOnPrem(o.OnPrem); err != nil {
		return nil, fmt.Errorf("awsimport: %w", err)
	}
	b := newBuilder(o)
	if err := b.tree(fsys, root, root, nil); err != nil {
		return nil, err
	}
	return b.finish(), nil
}

// tree reads root in fsys: display is how file names are shown (root's
// name as the user gave it), prefix the directory names above root, which
// the layout scopes consider too.
func (b *builder) tree(fsys fs.FS, root, display string, prefix []string) error {
	st, err := fs.Stat(fsys, root)
	if err != nil {
		return fmt.Errorf("awsimport: %s: %w", display, err)
	}
	if !st.IsDir() {
		dirs := append(slices.Clone(prefix), strings.Split(path.Dir(root), "/")...)
		return b.file(fsys, root, display, scopeOf(b.opts, dirs), true)
	}
	var files []string
	err = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != root && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && strings.EqualFold(path.Ext(name), ".json") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("awsimport: %s: %w", display, err)
	}
	if len(files) == 0 {
		return fmt.Errorf("awsimport: %s: no .json files: want AWS describe output (aws ec2 describe-vpcs --output json > Vpcs.json, ...)", display)
	}
	slices.Sort(files)
	for _, f := range files {
		rel := strings.TrimPrefix(strings.TrimPrefix(f, root), "/")
		dirs := append(slices.Clone(prefix), strings.Split(path.Dir(f), "/")...)
		if err := b.file(fsys, f, filepath.Join(display, filepath.FromSlash(rel)), scopeOf(b.opts, dirs), false); err != nil {
			return err
		}
	}
	return nil
}

var (
	accountRE = regexp.MustCompile(`^\d{12}$`)
	regionRE  = regexp.MustCompile(`^(us|eu|ap|sa|ca|me|af|il|mx|cn)(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$`)
)

// src is where a resource came from: its file and the account and Region
// its directory (or the options) give.
type src struct {
	file    string
	account string
	region  string
}

// scopeOf returns the account and Region that the directories dirs (from
// the top down) give: the deepest directory named like an account ID or a
// Region wins; the options fill what none gives.
func scopeOf(o Options, dirs []string) src {
	s := src{}
	for _, d := range dirs {
		switch {
		case accountRE.MatchString(d):
			s.account = d
		case regionRE.MatchString(d):
			s.region = d
		}
	}
	if s.account == "" {
		s.account = o.Account
	}
	if s.region == "" {
		s.region = o.Region
	}
	return s
}

// file reads one file: its top-level keys say which call printed it.
func (b *builder) file(fsys fs.FS, name, display string, scope src, explicit bool) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("awsimport: %w", err)
	}
	b.files = append(b.files, display)
	scope.file = display
	s := &scope
	if err := b.decodeFile(data, s, explicit); err != nil {
		return fmt.Errorf("awsimport: %s: %w", display, err)
	}
	return nil
}

// decodeFile detects the call(s) a file holds and hands them to their
// readers. It is also the fuzz target's entry point.
func (b *builder) decodeFile(data []byte, s *src, explicit bool) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // PowerShell writes a BOM
	keys, ok := topKeys(data)
	if !ok {
		var top map[string]json.RawMessage
		err := json.Unmarshal(data, &top)
		var ute *json.UnmarshalTypeError
		switch {
		case errors.As(err, &ute) && ute.Field == "":
			return fmt.Errorf("top level is %s: want the JSON object the AWS CLI prints (--output json), not a part of it", ute.Value)
		case err != nil:
			return syntaxError(data, err)
		case top == nil:
			return errors.New("top level is null: want the JSON object the AWS CLI prints (--output json)")
		}
		keys = slices.Collect(maps.Keys(top))
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	f := &fileCtx{b: b, data: data, src: s, keys: keys}
	handled, unknown := false, []string(nil)
	for _, k := range keys {
		switch {
		case ignoredKeys[k] || ownerKeys[k]:
			continue
		case calls[k] != nil:
			if err := calls[k](f); err != nil {
				return err
			}
			handled = true
		case unmodelledCalls[k].resource != "":
			f.unmodelled(k)
			handled = true
		default:
			unknown = append(unknown, k)
		}
	}
	if !handled {
		ok, err := f.shapes()
		if err != nil {
			return err
		}
		handled = ok
	}
	if !handled {
		why := fmt.Sprintf("top-level keys %s are not AWS describe output vpcsim reads (want one of %s)", quoteList(keys), strings.Join(knownKeys(), ", "))
		if explicit {
			return errors.New(why)
		}
		b.skip("file", "", s, "%s", why)
	}
	return nil
}

func quoteList(keys []string) string {
	if len(keys) == 0 {
		return "(none)"
	}
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = fmt.Sprintf("%q", k)
	}
	return strings.Join(q, ", ")
}

// topKeys returns the member names of the top-level object of data
// without decoding the values: describe output is large and its reader
// decodes it once, into the SDK type the keys select. ok is false when
// data is not a well-formed object at the top level (values are checked
// by the decoding that follows).
func topKeys(data []byte) (keys []string, ok bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, false
	}
	depth := 0
	for i < len(data) {
		switch c := data[i]; c {
		case '"':
			start := i
			i++
			for i < len(data) && data[i] != '"' {
				if data[i] == '\\' {
					i++
				}
				i++
			}
			if i >= len(data) {
				return nil, false
			}
			i++
			if depth == 1 {
				if j := skipSpace(data, i); j < len(data) && data[j] == ':' {
					var k string
					if err := json.Unmarshal(data[start:i], &k); err != nil {
						return nil, false
					}
					keys = append(keys, k)
				}
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return keys, skipSpace(data, i+1) == len(data)
			}
		}
		i++
	}
	return nil, false
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}
