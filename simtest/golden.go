package simtest

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Update is the -update flag of the test binaries that import simtest:
//
//	go test ./arch -update
//
// rewrites the golden files that [Golden] and [Arch.Golden] compare with,
// instead of comparing. simtest registers it on [flag.CommandLine] when
// it is initialized, so a test package that imports simtest must not
// define an -update flag of its own (the flag package would panic with
// "flag redefined: update"): read *simtest.Update for your own golden
// files instead.
//
// Setting the environment variable VPCSIM_UPDATE=1 has the same effect.
// Use it to update across packages (go test ./... -update fails in the
// packages that have no -update flag):
//
//	VPCSIM_UPDATE=1 go test ./...
var Update = flag.Bool("update", false, "simtest: rewrite golden files instead of comparing with them")

// updating reports whether golden files are to be rewritten.
func updating() bool {
	if *Update {
		return true
	}
	b, err := strconv.ParseBool(os.Getenv("VPCSIM_UPDATE"))
	return err == nil && b
}

// Golden compares got with the golden file at path (conventionally under
// testdata/). When they differ, or the file does not exist, it fails t
// (t.Errorf) with a line diff (-want +got) and the command that rewrites
// the file. With -update (see [Update]) it writes got to path instead,
// creating its directory. It reports whether the file matched, or was
// written.
func Golden(t testing.TB, path, got string) bool {
	t.Helper()
	if updating() {
		return writeGolden(t, path, got)
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s: no golden file yet; write it with: %s", path, rerun(t))
		return false
	}
	if err != nil {
		t.Errorf("simtest: golden file: %v", err)
		return false
	}
	w := strings.ReplaceAll(string(want), "\r\n", "\n") // a checkout with CRLF line endings
	if w == got {
		return true
	}
	t.Errorf("%s: differs from the golden file (-want +got):\n%s\nIf the change is intended, rewrite the file with: %s\nand review its diff.",
		path, cmp.Diff(w, got), rerun(t))
	return false
}

// writeGolden writes a golden file when its content changes.
func writeGolden(t testing.TB, path, got string) bool {
	t.Helper()
	if old, err := os.ReadFile(path); err == nil && string(old) == got {
		return true
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Errorf("simtest: golden file: %v", err)
		return false
	}
	if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
		t.Errorf("simtest: golden file: %v", err)
		return false
	}
	t.Logf("simtest: wrote %s", path)
	return true
}

// rerun is the command that reruns t's top-level test with -update, from
// the root of the module (go test runs a package's tests in its
// directory).
func rerun(t testing.TB) string {
	name, _, _ := strings.Cut(t.Name(), "/")
	return fmt.Sprintf("go test %s -run '^%s$' -update", packageDir(), name)
}

// packageDir is the current directory relative to the root of its module,
// as go test names it ("./arch", or "." at the root).
func packageDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			rel, err := filepath.Rel(dir, wd)
			if err != nil || rel == "." {
				return "."
			}
			return "./" + filepath.ToSlash(rel)
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "."
		}
		dir = up
	}
}

// Golden pins the architecture's whole connectivity (see
// [Arch.Connectivity]) in the golden file at path, as [Golden] does: one
// line in a test, and every change to what reaches what shows up as a
// diff, in the test's failure and in the review of the rewritten file.
func (a *Arch) Golden(t testing.TB, path string) bool {
	t.Helper()
	if a == nil {
		t.Errorf("simtest: Golden(%q) on a nil *Arch: build it with New, Once or Compile", path)
		return false
	}
	got, err := a.Connectivity()
	if err != nil {
		t.Errorf("simtest: Golden(%q): %v", path, err)
		return false
	}
	return Golden(t, path, got)
}

// Connectivity reports the architecture's connectivity as sorted,
// line-oriented text, for golden files and reviews. It has these sections:
//
//   - what the internet reaches: each interface with its open flows
//     ([sim.Model.Exposure]), "(ipv6)" marking IPv6;
//   - what reaches the internet: each interface with the flows on which it
//     reaches some internet address, and the gateways on the path to the
//     first address reached (NAT, internet, egress-only, transit gateways
//     and peering connections);
//   - between interfaces: the open flows between groups of interfaces
//     that every rule treats alike ([sim.Model.Matrix]), IPv6 in a
//     section of its own when two or more interfaces have IPv6 addresses;
//   - between subnets, as their routes and network ACLs allow: each
//     subnet stands for a host whose security groups allow everything;
//   - the members of the groups too large to name in full in the
//     matrices (more than four), which are named by their first member
//     and how many more they hold ("eni-app-00 +13").
//
// The first two sections list interfaces in ID order (IPv4 before IPv6),
// the others are sorted; every answer is exact, and the text does not
// depend on declaration order.
func (a *Arch) Connectivity() (string, error) {
	if a == nil {
		return "", errors.New("simtest: Connectivity on a nil *Arch: build it with New, Once or Compile")
	}
	return a.c.Connectivity()
}
