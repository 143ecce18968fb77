package policy

import (
	"errors"
)

// anyone is a statement skeleton that applies to every request, so a test
// decides only on what it adds.
func anyone(effect Effect, conds ...Condition) Statement {
	return Statement{
		Effect:    effect,
		Principal: &Principals{All: true},
		Action:    []string{"*"},
		Resource:  []string{"*"},
		Condition: conds,
	}
}

// tb is what the helpers need of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
}

func mustCompile(t tb, name string, d *Document) *Policy {
	t.Helper()
	p, err := d.Compile(name)
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return p
}

func mustParse(t tb, name, js string) *Policy {
	t.Helper()
	d, err := Parse([]byte(js))
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return mustCompile(t, name, d)
}

// allErrors flattens an errors.Join tree into its *Error leaves.
func allErrors(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var pe *Error
		if errors.As(e, &pe) {
			out = append(out, pe)
		}
	}
	walk(err)
	return out
}

// A user of account 111122223333 in organization o-abc, and other callers.
var (
	userAlice = Principal{ARN: "arn:aws:iam::111122223333:user/alice", OrgID: "o-abc"}
	roleApp   = Principal{ARN: "arn:aws:iam::111122223333:role/team/app", Session: "i-0abc", OrgID: "o-abc"}
	stsApp    = Principal{ARN: "arn:aws:sts::111122223333:assumed-role/app/i-0abc", OrgID: "o-abc"}
	otherAcct = Principal{ARN: "arn:aws:iam::999999999999:role/app", Session: "x", OrgID: "o-zzz"}
	anonymous = Principal{Anonymous: true}
	trail     = Principal{Service: "cloudtrail.amazonaws.com"}
)
