package awsimport

import (
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/sim"
)

func TestSmoke(t *testing.T) {
	r, err := Load("testdata/aws_configs")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Skipped {
		t.Log(s)
	}
	if _, err := sim.Compile(r.Network); err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", r.ZoneIDs)
}

func TestDump(t *testing.T) {
	r, _ := Load("testdata/aws_configs")
	var b strings.Builder
	if err := r.Network.Save(&b); err != nil {
		t.Fatal(err)
	}
	t.Log(b.String())
}
