package sim_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/sim"
)

// reasonRows renders the README's table of reason codes from the package's
// data: one row per reason, its code, its meaning and its Reachability
// Analyzer codes.
func reasonRows() []string {
	var rows []string
	for _, r := range sim.Reasons() {
		ra := "none"
		if codes := r.AnalyzerCodes(); len(codes) > 0 {
			ra = "`" + strings.Join(codes, "`, `") + "`"
		}
		rows = append(rows, "| `"+r.String()+"` | "+r.Doc()+" | "+ra+" |")
	}
	return rows
}

// TestReasonTableInREADME checks that the README's "Reason codes" table is
// what the package's reason data generates.
func TestReasonTableInREADME(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Reason codes\n")
	if !ok {
		t.Fatal(`README.md has no section "## Reason codes"`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var got []string
	for line := range strings.Lines(section) {
		if strings.HasPrefix(line, "| `") {
			got = append(got, strings.TrimRight(line, "\n"))
		}
	}
	if diff := cmp.Diff(reasonRows(), got); diff != "" && updating() {
		old := strings.Join(got, "\n")
		if err := os.WriteFile("../README.md", []byte(strings.Replace(string(b), old, strings.Join(reasonRows(), "\n"), 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if diff != "" {
		t.Errorf("README reason table differs from the reason data (-want +got); rewrite them with go test ./sim -run TestReasonTableInREADME -update, or paste the rows the data generates:\n%s\n\n%s",
			diff, strings.Join(reasonRows(), "\n"))
	}
}

// updating reports whether the test binary runs with -update (the flag the
// golden tests define).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// TestReasonData checks every reason's data: a unique upper-case code, a
// one-line meaning, well-formed Reachability Analyzer codes, and the
// text marshalling that results use.
func TestReasonData(t *testing.T) {
	seen := map[string]sim.Reason{}
	for _, r := range sim.Reasons() {
		code := r.String()
		if code == "" || code == "UNKNOWN" || strings.ToUpper(code) != code {
			t.Errorf("reason %d: code %q, want an upper-case code", r, code)
		}
		if prev, dup := seen[code]; dup {
			t.Errorf("reasons %d and %d share the code %q", prev, r, code)
		}
		seen[code] = r
		if d := r.Doc(); d == "" || strings.Contains(d, "\n") || strings.Contains(d, "|") {
			t.Errorf("%s: doc %q, want one line without a table bar", code, d)
		}
		for _, a := range r.AnalyzerCodes() {
			if a == "" || strings.ToUpper(a) != a || strings.ContainsAny(a, " `") {
				t.Errorf("%s: analyzer code %q, want an upper-case code", code, a)
			}
		}
		if b, err := r.MarshalText(); err != nil || string(b) != code {
			t.Errorf("%s: MarshalText = %q, %v", code, b, err)
		}
	}
	if len(seen) == 0 || seen["SG_EGRESS"] != sim.SGEgress || seen["DNS_DISABLED"] != sim.DNSDisabled {
		t.Errorf("Reasons() = %v, want every reason from SGEgress on", sim.Reasons())
	}
	if got := sim.NoReason.String(); got != "none" {
		t.Errorf("NoReason.String() = %q, want none", got)
	}
	if r := sim.Reason(255); r.String() != "UNKNOWN" || r.Doc() != "" || r.AnalyzerCodes() != nil {
		t.Errorf("Reason(255) = %q %q %v, want UNKNOWN and nothing", r.String(), r.Doc(), r.AnalyzerCodes())
	}
	// AnalyzerCodes hands out a copy.
	if codes := sim.NoRoute.AnalyzerCodes(); len(codes) > 0 {
		codes[0] = "CHANGED"
		if sim.NoRoute.AnalyzerCodes()[0] == "CHANGED" {
			t.Error("AnalyzerCodes returns the package's own slice")
		}
	}
}

// TestStatusNames pins the names of the statuses.
func TestStatusNames(t *testing.T) {
	for s, want := range map[sim.Status]string{sim.Blocked: "blocked", sim.Reachable: "reachable",
		sim.ReplyBlocked: "reply-blocked", sim.Status(200): "blocked"} {
		if got := s.String(); got != want {
			t.Errorf("Status(%d).String() = %q, want %q", s, got, want)
		}
	}
}
