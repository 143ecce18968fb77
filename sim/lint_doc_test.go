package sim_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/sim"
)

// The table of lints in docs/workloads.md is the lint data, row for row:
// go test ./sim -run TestLintTableInDocs -update rewrites it.
func TestLintTableInDocs(t *testing.T) {
	const path = "../docs/workloads.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## 8. Lints\n")
	if !ok {
		t.Fatalf(`%s has no section "## 8. Lints"`, path)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var got []string
	for line := range strings.Lines(section) {
		if strings.HasPrefix(line, "| `") {
			got = append(got, strings.TrimRight(line, "\n"))
		}
	}
	var want []string
	for _, l := range sim.Lints() {
		want = append(want, fmt.Sprintf("| `%s` | %s | %s |", l.ID, l.Severity, l.Doc))
	}
	diff := cmp.Diff(want, got)
	switch {
	case diff != "" && updating() && len(got) > 0:
		old := strings.Join(got, "\n")
		if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, strings.Join(want, "\n"), 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	case diff != "":
		t.Errorf("%s lint table differs from the lint data (-want +got); rewrite it with go test ./sim -run TestLintTableInDocs -update:\n%s", path, diff)
	}
}
