package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// fuzzCompile, when set (by the compile tests), is called by
// FuzzLoadValidate on every network that loads and validates, so that the
// fuzzer also checks that Compile does not panic on what Validate accepts.
var fuzzCompile func(*Network)

var loadCmpOpts = cmp.Options{
	cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}),
	cmpopts.EquateEmpty(),
}

func TestLoadSaveRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    *Network
	}{
		{"small", validSmallNetwork()},
		{"empty", &Network{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.n.Save(&buf); err != nil {
				t.Fatalf("Save() = %v", err)
			}
			saved := buf.String()
			if !strings.HasSuffix(saved, "}\n") {
				t.Errorf("Save() output does not end in a newline:\n%s", saved)
			}
			got, err := Load(strings.NewReader(saved))
			if err != nil {
				t.Fatalf("Load(Save()) = %v\n%s", err, saved)
			}
			if diff := cmp.Diff(tc.n, got, loadCmpOpts); diff != "" {
				t.Errorf("Load(Save(n)) differs from n (-want +got):\n%s", diff)
			}
			var again bytes.Buffer
			if err := got.Save(&again); err != nil {
				t.Fatalf("second Save() = %v", err)
			}
			if again.String() != saved {
				t.Errorf("Save() is not deterministic:\n%s\nthen\n%s", saved, again.String())
			}
		})
	}
}

func TestSaveIndentedNames(t *testing.T) {
	var buf bytes.Buffer
	if err := validSmallNetwork().Save(&buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"{\n  \"vpcs\": [\n    {\n      \"id\": \"vpc-a\",",
		`"protocol": "tcp"`,
		`"cidr": "0.0.0.0/0"`,
		`"target": {`,
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("Save() output lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestSaveUnencodable(t *testing.T) {
	n := validSmallNetwork()
	n.SecurityGroups[0].Ingress[0].Protocol = 999
	var buf bytes.Buffer
	if err := n.Save(&buf); err == nil {
		t.Fatal("Save() = nil, want an error for protocol 999")
	}
	if buf.Len() != 0 {
		t.Errorf("Save() wrote %d bytes on error, want none", buf.Len())
	}
}

func TestLoadSaveFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "net.json")
	n := validSmallNetwork()
	if err := n.SaveFile(path); err != nil {
		t.Fatalf("SaveFile() = %v", err)
	}
	got, err := LoadFile(path)
	if err != nil {
		t.Fatalf("LoadFile() = %v", err)
	}
	if diff := cmp.Diff(n, got, loadCmpOpts); diff != "" {
		t.Errorf("LoadFile(SaveFile(n)) differs (-want +got):\n%s", diff)
	}
	if _, err := LoadFile(filepath.Join(t.TempDir(), "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadFile(missing) = %v, want os.ErrNotExist", err)
	}
	if err := os.WriteFile(path, []byte(`{"vpcz": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(path); !errors.Is(err, ErrUnknownField) || !strings.Contains(err.Error(), path) {
		t.Errorf("LoadFile(unknown field) = %v, want ErrUnknownField naming the file", err)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []vtErr
	}{
		{"unknown top-level field", `{"vpcs": [], "vpcz": []}`,
			[]vtErr{{"network", "", "vpcz", vtUnknownFd}}},
		{"unknown resource field", `{"subnets": [{"id": "s1"}, {"id": "s2"}, {"id": "s3", "cidrr": "10.0.0.0/24"}]}`,
			[]vtErr{{"network", "s3", "subnets[2].cidrr", vtUnknownFd}}},
		{"unknown field before the id", `{"vpcs": [{"name": "x", "cidr": "10.0.0.0/16", "id": "vpc-a"}]}`,
			[]vtErr{{"network", "vpc-a", "vpcs[0].cidr", vtUnknownFd}}},
		{"unknown field in a resource without id", `{"natGateways": [{"subnet": "s", "eip": "54.0.0.1"}]}`,
			[]vtErr{{"network", "#0", "natGateways[0].eip", vtUnknownFd}}},
		{"miscased field", `{"vpcs": [{"id": "v", "CIDRs": []}]}`,
			[]vtErr{{"network", "v", "vpcs[0].CIDRs", vtUnknownFd}}},
		{"unknown field in a route target",
			`{"routeTables": [{"id": "rtb-a", "vpc": "v", "routes": [{"destination": "0.0.0.0/0", "target": {"kind": "local"}},
			  {"destination": "10.0.0.0/8", "target": {"kind": "nat-gateway", "idd": "nat-a"}}]}]}`,
			[]vtErr{{"network", "rtb-a", "routeTables[0].routes[1].target.idd", vtUnknownFd}}},
		{"unknown field in an icmp selector",
			`{"securityGroups": [{"id": "sg-a", "vpc": "v", "egress": [{"protocol": "icmp", "cidr": "0.0.0.0/0", "icmp": {"type": 8, "code": 0, "tpye": 3}}]}]}`,
			// vpc.ICMP decodes itself, so the loader sees the unknown key as
			// an invalid selector (the message names the key).
			[]vtErr{{"network", "sg-a", "securityGroups[0].egress[0].icmp", vtInvalid}}},
		{"several unknown fields at once",
			`{"vpcs": [{"id": "v", "x": 1}], "networkAcls": [{"id": "a", "inbound": [{"number": 1, "y": 2}]}], "z": 3}`,
			[]vtErr{
				{"network", "v", "vpcs[0].x", vtUnknownFd},
				{"network", "a", "networkAcls[0].inbound[0].y", vtUnknownFd},
				{"network", "", "z", vtUnknownFd},
			}},
		{"tags take any key", `{"vpcs": [{"id": "v", "tags": {"anything": "goes", "k8s.io/role": "x"}}]}`, nil},
		{"malformed cidr", `{"vpcs": [{"id": "v", "cidrs": ["10.0.0.0/16", "10.0.0.0/33"]}]}`,
			[]vtErr{{"network", "v", "vpcs[0].cidrs[1]", vtInvalid}}},
		{"malformed address", `{"networkInterfaces": [{"id": "e", "subnet": "s", "privateIps": ["10.0.0.300"]}]}`,
			[]vtErr{{"network", "e", "networkInterfaces[0].privateIps[0]", vtInvalid}}},
		{"port out of range", `{"securityGroups": [{"id": "g", "ingress": [{"protocol": "tcp", "ports": {"from": 1, "to": 70000}}]}]}`,
			[]vtErr{{"network", "g", "securityGroups[0].ingress[0].ports.to", vtInvalid}}},
		{"unknown protocol", `{"networkAcls": [{"id": "a", "outbound": [{"number": 1, "protocol": "sctpx"}]}]}`,
			[]vtErr{{"network", "a", "networkAcls[0].outbound[0].protocol", vtInvalid}}},
		{"number where a string is wanted", `{"vpcs": [{"id": 7}]}`,
			[]vtErr{{"network", "#0", "vpcs[0].id", vtInvalid}}},
		{"string where an array is wanted", `{"vpcs": [{"id": "v", "cidrs": "10.0.0.0/16"}]}`,
			[]vtErr{{"network", "v", "vpcs[0].cidrs", vtInvalid}}},
		{"array where an object is wanted", `{"vpcs": [[]]}`,
			[]vtErr{{"network", "#0", "vpcs[0]", vtInvalid}}},
		{"not an object", `[1, 2]`,
			[]vtErr{{"network", "", "", vtInvalid}}},
		{"syntax error", "{\n  \"vpcs\": [\n    {\"id\": \"v\",}\n  ]\n}",
			[]vtErr{{"network", "", "", vtInvalid}}},
		{"empty document", "  \n", []vtErr{{"network", "", "", vtInvalid}}},
		{"trailing data", `{} {}`, []vtErr{{"network", "", "", vtInvalid}}},
		{"null document", `null`, nil},
		{"nulls everywhere", `{"vpcs": null, "subnets": [null, {"id": null, "cidr": null}]}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := Load(strings.NewReader(tc.doc))
			if diff := cmp.Diff(tc.want, vtErrs(t, err)); diff != "" {
				t.Errorf("Load() errors (-want +got):\n%s\nfull error:\n%v", diff, err)
			}
			if (err == nil) != (n != nil) {
				t.Errorf("Load() = %v, %v: want exactly one of a network and an error", n, err)
			}
		})
	}
}

func TestLoadErrorMessages(t *testing.T) {
	tests := []struct {
		doc  string
		want string
	}{
		{`{"subnets": [{"id": "s1", "cidrr": "10.0.0.0/24"}]}`,
			`network s1 subnets[0].cidrr: unknown field: "cidrr" is not a field here (did you mean "cidr"?); ` +
				`want one of id, name, vpc, availabilityZone, cidr, ipv6Cidr, mapPublicIpOnLaunch, tags`},
		{`{"vpcs": [{"id": "v", "cidrs": ["10.0.0.0/33"]}]}`,
			`network v vpcs[0].cidrs[0]: invalid value: netip.ParsePrefix("10.0.0.0/33"): prefix length out of range`},
		{`{"securityGroups": [{"id": "g", "ingress": [{"protocol": "tcp", "ports": {"from": -1}}]}]}`,
			`network g securityGroups[0].ingress[0].ports.from: invalid value: got json number -1, want an integer from 0 to 65535`},
		{"{\n  \"vpcs\": [\n    {\"id\": \"v\",}\n  ]\n}",
			`network: invalid value: malformed json at line 3, column 16: invalid character '}' looking for beginning of object key string`},
	}
	for _, tc := range tests {
		_, err := Load(strings.NewReader(tc.doc))
		if err == nil || err.Error() != tc.want {
			t.Errorf("Load(%s) error:\n got %v\nwant %s", tc.doc, err, tc.want)
		}
	}
}

// vtDupKey is ErrDuplicateKey as vtErr.Kind holds it.
var vtDupKey = ErrDuplicateKey.Error()

func TestLoadDuplicateKeys(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []vtErr // nil: the document loads
	}{
		{"top-level list", `{"vpcs": [{"id": "vpc-a"}], "subnets": [], "vpcs": [{"id": "vpc-b"}]}`,
			[]vtErr{{"network", "", "vpcs", vtDupKey}}},
		{"resource field", `{"subnets": [{"id": "s1"}, {"id": "s2"}, {"id": "s3", "cidr": "10.0.0.0/24", "cidr": "10.0.1.0/24"}]}`,
			[]vtErr{{"network", "s3", "subnets[2].cidr", vtDupKey}}},
		{"resource field before the id", `{"vpcs": [{"cidrs": [], "cidrs": [], "id": "vpc-a"}]}`,
			[]vtErr{{"network", "vpc-a", "vpcs[0].cidrs", vtDupKey}}},
		{"the id itself", `{"vpcs": [{"id": "vpc-a", "id": "vpc-b"}]}`,
			[]vtErr{{"network", "vpc-a", "vpcs[0].id", vtDupKey}}},
		{"nested rule", `{"securityGroups": [{"id": "sg-a", "ingress": [{"protocol": "tcp", "ports": {"from": 1, "to": 2}},
			{"protocol": "tcp", "ports": {"from": 80, "to": 80, "from": 443}}]}]}`,
			[]vtErr{{"network", "sg-a", "securityGroups[0].ingress[1].ports.from", vtDupKey}}},
		{"route target", `{"routeTables": [{"id": "rtb-a", "routes": [{"destination": "0.0.0.0/0", "target": {"kind": "nat-gateway", "id": "nat-a", "id": "nat-b"}}]}]}`,
			[]vtErr{{"network", "rtb-a", "routeTables[0].routes[0].target.id", vtDupKey}}},
		{"tag key", `{"vpcs": [{"id": "vpc-a", "tags": {"env": "prod", "team": "x", "env": "dev"}}]}`,
			[]vtErr{{"network", "vpc-a", "vpcs[0].tags.env", vtDupKey}}},
		{"three times", `{"vpcs": [], "vpcs": [], "vpcs": []}`,
			[]vtErr{{"network", "", "vpcs", vtDupKey}, {"network", "", "vpcs", vtDupKey}}},
		// Keys compare after unescaping: "vp\u0063s" is "vpcs".
		{"escaped key", `{"vpcs": [], "vp\u0063s": []}`,
			[]vtErr{{"network", "", "vpcs", vtDupKey}}},
		// encoding/json matches field names case-insensitively, so it would
		// let "VPCs" replace "vpcs"; Load takes only the exact name and
		// reports the other as an unknown field.
		{"field in another case", `{"vpcs": [{"id": "vpc-a"}], "VPCs": [{"id": "vpc-b"}]}`,
			[]vtErr{{"network", "", "VPCs", vtUnknownFd}}},
		// AWS tag keys are case-sensitive (Amazon EC2 User Guide, "Tag
		// your Amazon EC2 resources", tag restrictions): "Env" and "env"
		// are two tags.
		{"tag keys in two cases", `{"vpcs": [{"id": "vpc-a", "tags": {"Env": "prod", "env": "dev"}}]}`, nil},
		{"same key in two objects", `{"vpcs": [{"id": "vpc-a", "cidrs": []}, {"id": "vpc-b", "cidrs": []}]}`, nil},
		{"duplicate inside an unknown field is not looked at", `{"vpcs": [{"id": "vpc-a", "extra": {"x": 1, "x": 2}}]}`,
			[]vtErr{{"network", "vpc-a", "vpcs[0].extra", vtUnknownFd}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := Load(strings.NewReader(tc.doc))
			if diff := cmp.Diff(tc.want, vtErrs(t, err)); diff != "" {
				t.Errorf("Load() errors (-want +got):\n%s\nfull error:\n%v", diff, err)
			}
			if (err == nil) != (n != nil) {
				t.Errorf("Load() = %v, %v: want exactly one of a network and an error", n, err)
			}
			if tc.want != nil && tc.want[0].Kind == vtDupKey && !errors.Is(err, ErrDuplicateKey) {
				t.Errorf("errors.Is(%v, ErrDuplicateKey) = false", err)
			}
		})
	}
}

// selfDecoding decodes itself with encoding/json, which keeps the last of
// two keys and matches them regardless of case.
type selfDecoding struct{ Type, Code int }

func (s *selfDecoding) UnmarshalJSON(b []byte) error {
	type plain selfDecoding
	return json.Unmarshal(b, (*plain)(s))
}

// selfDoc is a document with values that decode themselves.
type selfDoc struct {
	Rules []struct {
		ICMP selfDecoding `json:"icmp"`
		Any  any          `json:"any"`
	} `json:"rules"`
}

// FuzzDecodeSelfDecoding checks decode against encoding/json on documents
// with values that decode themselves: same syntax errors, same values.
func FuzzDecodeSelfDecoding(f *testing.F) {
	for _, seed := range []string{
		`{"rules": [{"icmp": {"type": 8, "code": 0}, "any": {"a": 1, "b": {"a": 2}, "c": [{"a": 1}, {"a": 2}]}}]}`,
		`{"rules": [{"icmp": {"type": 8, "Type": 3}, "any": {"x": [1, {"y": 2, "Y": null}]}}]}`,
		`{"rules": [{"any": {"k0": 0, "k1": 1, "k2": 2, "k3": 3, "k4": 4, "k5": 5, "k6": 6, "k7": 7, "k8": 8, "K0": 10}}]}`,
		`{"rules": [{"any": {"\u212a": 1, "k": 2, "\u00e9": [], "\u00c9": {}}}]}`,
	} {
		f.Add(seed)
	}
	plan := newPlan(reflect.TypeFor[selfDoc](), map[reflect.Type]*typePlan{})
	f.Fuzz(func(t *testing.T, doc string) {
		var got selfDoc
		err := decode([]byte(doc), reflect.ValueOf(&got).Elem(), plan)
		if isSyntaxError(err) == json.Valid([]byte(doc)) {
			t.Fatalf("decode() = %v, but json.Valid() = %v", err, json.Valid([]byte(doc)))
		}
		_ = vtErrs(t, err)
		if err != nil {
			return
		}
		var want selfDoc
		if err := json.Unmarshal([]byte(doc), &want); err != nil {
			t.Fatalf("decode() accepted what json.Unmarshal rejects: %v", err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("decode() differs from json.Unmarshal (-want +got):\n%s", diff)
		}
	})
}

// TestDecodeDuplicateKeysInSelfDecodingValues checks keys given twice
// inside values that decode themselves (the model may have such types,
// like a selector with its own rules).
func TestDecodeDuplicateKeysInSelfDecodingValues(t *testing.T) {
	type doc = selfDoc
	plan := newPlan(reflect.TypeFor[doc](), map[reflect.Type]*typePlan{})
	tests := []struct {
		name string
		doc  string
		want []vtErr
	}{
		{"none", `{"rules": [{"icmp": {"type": 8, "code": 0}, "any": {"a": 1, "b": {"a": 2}, "c": [{"a": 1}, {"a": 2}]}}]}`, nil},
		{"same key", `{"rules": [{"icmp": {"type": 8, "type": 3}}]}`,
			[]vtErr{{"network", "#0", "rules[0].icmp.type", vtDupKey}}},
		{"same key but for case", `{"rules": [{}, {"icmp": {"type": 8, "code": 1, "Type": 3}}]}`,
			[]vtErr{{"network", "#1", "rules[1].icmp.Type", vtDupKey}}},
		{"deep inside", `{"rules": [{"any": {"a": [1, {"x": 1, "y": 2, "x": 3}], "b": {"x": 1, "X": 2}}}]}`,
			[]vtErr{{"network", "#0", "rules[0].any.a[1].x", vtDupKey}, {"network", "#0", "rules[0].any.b.X", vtDupKey}}},
		{"many keys", `{"rules": [{"any": {"k0": 0, "k1": 1, "k2": 2, "k3": 3, "k4": 4, "k5": 5, "k6": 6, "k7": 7, "k8": 8, "k9": 9, "K0": 10, "\u212a9": 11}}]}`,
			[]vtErr{{"network", "#0", "rules[0].any.K0", vtDupKey}, {"network", "#0", `rules[0].any["` + "\u212a" + `9"]`, vtDupKey}}},
		{"and a bad value", `{"rules": [{"icmp": {"type": "x", "type": 3}}]}`,
			[]vtErr{{"network", "#0", "rules[0].icmp.type", vtDupKey}, {"network", "#0", "rules[0].icmp", vtInvalid}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got doc
			err := decode([]byte(tc.doc), reflect.ValueOf(&got).Elem(), plan)
			if diff := cmp.Diff(tc.want, vtErrs(t, err)); diff != "" {
				t.Errorf("decode() errors (-want +got):\n%s\nfull error:\n%v", diff, err)
			}
			if err == nil {
				var want doc
				if err := json.Unmarshal([]byte(tc.doc), &want); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("decode() differs from json.Unmarshal (-want +got):\n%s", diff)
				}
			}
		})
	}
	err := decode([]byte("{\"rules\": [{\"icmp\": {\n\"type\": 8,\n\"TYPE\": 3}}]}"), reflect.ValueOf(new(doc)).Elem(), plan)
	want := `network #0 rules[0].icmp.TYPE: duplicate key: "TYPE" appears again at line 3, column 1 (first at line 2, column 1); give it once`
	if err == nil || err.Error() != want {
		t.Errorf("decode() error:\n got %v\nwant %s", err, want)
	}
}

// TestDecodeGoArray checks a Go array field: at most its length of
// elements, each checked.
func TestDecodeGoArray(t *testing.T) {
	type doc struct {
		Pair [2]string `json:"pair"`
	}
	plan := newPlan(reflect.TypeFor[doc](), map[reflect.Type]*typePlan{})
	for _, tc := range []struct {
		doc  string
		want []vtErr
		pair [2]string
	}{
		{`{"pair": ["a"]}`, nil, [2]string{"a", ""}},
		{`{"pair": ["a", "b"]}`, nil, [2]string{"a", "b"}},
		{`{"pair": ["a", 1, "c", 4]}`, []vtErr{
			{"network", "", "pair", vtInvalid}, {"network", "#1", "pair[1]", vtInvalid}, {"network", "#3", "pair[3]", vtInvalid}}, [2]string{}},
	} {
		var got doc
		err := decode([]byte(tc.doc), reflect.ValueOf(&got).Elem(), plan)
		if diff := cmp.Diff(tc.want, vtErrs(t, err)); diff != "" {
			t.Errorf("decode(%s) errors (-want +got):\n%s\nfull error:\n%v", tc.doc, diff, err)
		}
		if err == nil && got.Pair != tc.pair {
			t.Errorf("decode(%s) = %q, want %q", tc.doc, got.Pair, tc.pair)
		}
	}
	err := decode([]byte(`{"pair": ["a", "b", "c"]}`), reflect.ValueOf(new(doc)).Elem(), plan)
	if want := "network pair: invalid value: got 3 elements, want at most 2"; err == nil || err.Error() != want {
		t.Errorf("decode() error:\n got %v\nwant %s", err, want)
	}
}

func TestLoadTagKeysInTwoCases(t *testing.T) {
	n, err := Load(strings.NewReader(`{"vpcs": [{"id": "vpc-a", "tags": {"Env": "prod", "env": "dev"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Env": "prod", "env": "dev"}
	if diff := cmp.Diff(want, n.VPCs[0].Tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
}

func TestLoadDuplicateKeyMessage(t *testing.T) {
	doc := "{\n  \"subnets\": [\n    {\n      \"id\": \"s1\",\n      \"cidr\": \"10.0.0.0/24\",\n      \"cidr\": \"10.0.1.0/24\"\n    }\n  ]\n}\n"
	want := `network s1 subnets[0].cidr: duplicate key: "cidr" appears again at line 6, column 7 (first at line 5, column 7); give it once`
	_, err := Load(strings.NewReader(doc))
	if err == nil || err.Error() != want {
		t.Errorf("Load() error:\n got %v\nwant %s", err, want)
	}
}

// problemsDoc is a network with unknown fields in the first n subnets and
// then the given extra subnets.
func problemsDoc(n int, extra ...string) string {
	var subnets []string
	for i := range n {
		subnets = append(subnets, fmt.Sprintf(`{"id": "s%d", "cidrr": "10.0.0.0/24"}`, i))
	}
	return `{"subnets": [` + strings.Join(append(subnets, extra...), ", ") + `]}`
}

func TestLoadBoundedProblems(t *testing.T) {
	for _, tc := range []struct {
		name  string
		doc   string
		last  vtErr // the error after the first 20, if any
		msg   string
		kinds []error
	}{
		{"exactly 20", problemsDoc(20), vtErr{"network", "s19", "subnets[19].cidrr", vtUnknownFd}, "", []error{ErrUnknownField}},
		{"21", problemsDoc(21), vtErr{"network", "", "", vtUnknownFd}, "and 1 more problem", []error{ErrUnknownField}},
		{"25", problemsDoc(25), vtErr{"network", "", "", vtUnknownFd}, "and 5 more problems", []error{ErrUnknownField}},
		{"other kinds past the first 20",
			problemsDoc(20, `{"id": "s20", "cidr": "10.0.0.0/33"}`, `{"id": "s21", "id": "s22"}`, `{"id": "s23", "vpc": 7}`),
			vtErr{"network", "", "", "invalid value, duplicate key"}, "and 3 more problems",
			[]error{ErrUnknownField, ErrInvalidValue, ErrDuplicateKey}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(tc.doc))
			got := vtErrs(t, err)
			if len(got) < 20 || len(got) > 21 {
				t.Fatalf("Load() gave %d errors, want 20 or 21:\n%v", len(got), err)
			}
			for i, e := range got[:20] {
				want := vtErr{"network", fmt.Sprintf("s%d", i), fmt.Sprintf("subnets[%d].cidrr", i), vtUnknownFd}
				if e != want {
					t.Errorf("error %d = %v, want %v", i, e, want)
				}
			}
			if diff := cmp.Diff(tc.last, got[len(got)-1]); diff != "" {
				t.Errorf("last error (-want +got):\n%s", diff)
			}
			if tc.msg != "" && !strings.HasSuffix(err.Error(), "\nnetwork: "+tc.last.Kind+": "+tc.msg) {
				t.Errorf("Load() error does not end with %q:\n%v", tc.msg, err)
			}
			for _, k := range tc.kinds {
				if !errors.Is(err, k) {
					t.Errorf("errors.Is(err, %v) = false", k)
				}
			}
		})
	}
}

func TestLoadManyUnknownFieldsShortError(t *testing.T) {
	doc := problemsDoc(10_000)
	_, err := Load(strings.NewReader(doc))
	if !errors.Is(err, ErrUnknownField) {
		t.Fatalf("Load() = %v, want unknown fields", err)
	}
	msg := err.Error()
	if len(msg) > 4096 {
		t.Errorf("Load() error is %d bytes for %d bytes of input, want at most 4 KB", len(msg), len(doc))
	}
	if want := "network: unknown field: and 9980 more problems"; !strings.HasSuffix(msg, want) {
		t.Errorf("Load() error does not end with %q:\n%s", want, msg)
	}
}

func TestLoadLongTextClipped(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	for _, tc := range []struct {
		name string
		doc  string
		want vtErr
	}{
		{"unknown key", `{"vpcs": [{"id": "v", "` + long + `": 1}]}`,
			vtErr{"network", "v", jsonPathKey("vpcs[0]", clip(long, maxKeyShown)), vtUnknownFd}},
		{"duplicate key", `{"vpcs": [{"id": "v", "tags": {"` + long + `": "a", "` + long + `": "b"}}]}`,
			vtErr{"network", "v", jsonPathKey("vpcs[0].tags", clip(long, maxKeyShown)), vtDupKey}},
		{"bad value under a long key", `{"vpcs": [{"id": "v", "tags": {"` + long + `": 1}}]}`,
			vtErr{"network", "v", jsonPathKey("vpcs[0].tags", clip(long, maxKeyShown)), vtInvalid}},
		{"long bad cidr", `{"vpcs": [{"id": "v", "cidrs": ["10.0.0.0/` + long + `"]}]}`,
			vtErr{"network", "v", "vpcs[0].cidrs[0]", vtInvalid}},
		{"long number", `{"securityGroups": [{"id": "g", "ingress": [{"ports": {"from": 1` + strings.Repeat("0", 1<<20) + `}}]}]}`,
			vtErr{"network", "g", "securityGroups[0].ingress[0].ports.from", vtInvalid}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(tc.doc))
			if diff := cmp.Diff([]vtErr{tc.want}, vtErrs(t, err)); diff != "" {
				t.Errorf("Load() errors (-want +got):\n%s", diff)
			}
			if err != nil && len(err.Error()) > 1024 {
				t.Errorf("Load() error is %d bytes, want at most 1 KB:\n%.2000s", len(err.Error()), err)
			}
		})
	}
	if got, want := clip("héllo wörld, 0123456789", 12), "héllo w...789"; got != want {
		t.Errorf("clip() = %q, want %q", got, want)
	}
}

// TestLoadSyntaxAsEncodingJSON checks that Load finds malformed exactly the
// documents encoding/json does.
func TestLoadSyntaxAsEncodingJSON(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	for _, doc := range []string{
		`{}`, `{ }`, "\t{\r\n}\n", "\f{}", `{}}`, `{"vpcs": []`, `{"vpcs" []}`, `{"vpcs": [],}`, `{,}`, `{"vpcs": [1,]}`,
		`{"vpcs": [{"id": "a"} {"id": "b"}]}`, `{'vpcs': []}`, `{vpcs: []}`, `{"vpcs": [], "x": tru}`, `{"x": nul}`,
		`{"x": truex}`, `{"x": True}`, `{"x": 01}`, `{"x": -}`, `{"x": 1.}`, `{"x": .5}`, `{"x": 1e}`, `{"x": 1e+}`,
		`{"x": +1}`, `{"x": -0.0e-0}`, `{"x": 1E5}`, `{"x": 0x10}`, `{"x": NaN}`, `{"x": "a` + "\x01" + `"}`,
		`{"x": "a` + "\x7f" + `"}`, `{"x": "\a"}`, `{"x": "\u12"}`, `{"x": "\u12G4"}`, `{"x": "\'"}`,
		`{"x": "\/\b\f\n\r\t\"\\\u00e9"}`, "{\"x\": \"\xff\xfe\"}", `{"x": "abc}`, `{"x" "abc"}`,
		`{"x": [1 2]}`, `{"x": {"a" 1}}`, `{"x": {1: 2}}`, `{"x": [}`, `{"x": {]}`, `{} {}`, `{} x`, `null`, `nulll`,
		`[` + nest(9_999) + `]`, `[` + nest(10_000) + `]`, `{"x": ` + nest(9_999) + `}`, `{"x": ` + nest(10_000) + `}`,
		`{"vpcs": ` + nest(9_998) + `}`, `{"vpcs": ` + nest(10_000) + `}`,
		`{"vpcs": [{"tags": {"a": "b", "c"}}]}`, `{"vpcs": [{"tags": {"a": "b",}}]}`, `{"vpcs": [{"tags": {"a": 1 "b": 2}}]}`,
		`{"vpcs": [{"cidrs": ["10.0.0.0/8" "10.1.0.0/16"]}]}`, `{"vpcs": [{"id": "a", "id": }]}`,
		`{"securityGroups": [{"ingress": [{"ports": {"from": 1.5e}}]}]}`, `{"securityGroups": [{"ingress": [{"ports": {"from": 99999999999999999999999}}]}]}`,
	} {
		_, err := Load(strings.NewReader(doc))
		if got, want := isSyntaxError(err), !json.Valid([]byte(doc)); got != want {
			name := doc
			if len(name) > 80 {
				name = name[:80] + "..."
			}
			t.Errorf("Load(%q): malformed = %v, json.Valid = %v; error: %v", name, got, !want, err)
		}
		_ = vtErrs(t, err)
	}
}

// isSyntaxError reports whether err is Load's error for malformed JSON.
func isSyntaxError(err error) bool {
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "" || fe.Kind != ErrInvalidValue {
		return false
	}
	return strings.HasPrefix(fe.Msg, "malformed json") || strings.HasPrefix(fe.Msg, "empty document")
}

// TestLoadAsEncodingJSON checks that what Load accepts decodes as
// encoding/json decodes it, strings with escapes, surrogates and invalid
// UTF-8 included.
func TestLoadAsEncodingJSON(t *testing.T) {
	var saved bytes.Buffer
	if err := validSmallNetwork().Save(&saved); err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{
		saved.String(),
		`{"vpcs": [{"id": "v\u00e9\ud83d\ude00 \ud800x \udc00 \ud800\ud800 \ud83d\u0041 \n\"\\\/\b\f\r\t", "name": "caf` + "\xc3\xa9 \xff \xed\xa0\x80 \xef\xbf\xbd" + `"}]}`,
		`{"vpcs": [{"id": "v", "tags": {"k\u0041": "\u0000", "": "", "` + "\xff" + `": "x"}}]}`,
		`{"vpcs": [{"id": "v", "cidrs": ["10.0.0.0/16", null], "enableDnsSupport": false}], "subnets": null, "routeTables": []}`,
		`{"securityGroups": [{"id": "g", "ingress": [{"protocol": "tcp", "ports": {"from": 0, "to": 65535}, "icmp": null}]}]}`,
		`{"networkInterfaces": [{"id": "e", "privateIps": ["10.0.0.1"], "assignPublicIp": true, "tags": {}}, null, {}]}`,
		`{"networkInterfaces": [{"id": "e", "publicIp": "", "securityGroups": []}]}`,
		` null `,
	} {
		n, err := Load(strings.NewReader(doc))
		if err != nil {
			t.Errorf("Load(%q) = %v", doc, err)
			continue
		}
		var want Network
		if err := json.Unmarshal([]byte(doc), &want); err != nil {
			t.Fatalf("json.Unmarshal(%q) = %v", doc, err)
		}
		if diff := cmp.Diff(&want, n, cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})); diff != "" {
			t.Errorf("Load(%q) differs from json.Unmarshal (-want +got):\n%s", doc, diff)
		}
	}
}

func TestLoadReaders(t *testing.T) {
	doc := `{"vpcs": [{"id": "vpc-a", "cidrs": ["10.0.0.0/16"]}]}`
	for _, tc := range []struct {
		name string
		r    io.Reader
	}{
		{"strings.Reader", strings.NewReader(doc)},
		{"bytes.Buffer", bytes.NewBufferString(doc)},
		{"one byte at a time", iotest.OneByteReader(strings.NewReader(doc))},
		{"a file", openFile(t, doc)},
	} {
		n, err := Load(tc.r)
		if err != nil {
			t.Errorf("%s: Load() = %v", tc.name, err)
			continue
		}
		if len(n.VPCs) != 1 || n.VPCs[0].ID != "vpc-a" || len(n.VPCs[0].CIDRs) != 1 {
			t.Errorf("%s: Load() = %+v", tc.name, n.VPCs)
		}
	}
	boom := errors.New("boom")
	if _, err := Load(iotest.ErrReader(boom)); !errors.Is(err, boom) {
		t.Errorf("Load(failing reader) = %v, want %v", err, boom)
	}
}

// openFile writes doc to a temporary file and opens it.
func openFile(t *testing.T, doc string) *os.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "net.json")
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestLoadNeverValidates(t *testing.T) {
	// Load accepts what Validate rejects: non-canonical CIDRs, dangling IDs.
	n, err := Load(strings.NewReader(`{"subnets": [{"id": "s", "vpc": "nope", "cidr": "10.0.0.7/24"}]}`))
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	if got, want := n.Subnets[0].CIDR.String(), "10.0.0.7/24"; got != want {
		t.Errorf("CIDR = %s, want %s (as written)", got, want)
	}
	if err := n.Validate(); !errors.Is(err, ErrUnknownResource) || !errors.Is(err, ErrInvalidValue) {
		t.Errorf("Validate() = %v, want unknown resource and invalid value", err)
	}
}

// FuzzLoadStrings puts fuzzed bytes inside string literals, as a value and
// as a key, and checks Load against encoding/json: same syntax errors,
// same decoded strings.
func FuzzLoadStrings(f *testing.F) {
	for _, seed := range []string{`plain`, `caf\u00e9`, `\ud83d\ude00`, `\ud800\ud800`, `\udc00x`, `a\"b\\c\/d\b\f\n\r\t`,
		"\xff\xfe", "\xed\xa0\x80", `\u12`, `\x`, "\x01", `"`, `\`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := []byte(`{"vpcs": [{"id": "v", "name": "` + s + `", "tags": {"` + s + `": "` + s + `"}}]}`)
		n, err := Load(bytes.NewReader(doc))
		if isSyntaxError(err) == json.Valid(doc) {
			t.Fatalf("Load() = %v, but json.Valid() = %v", err, json.Valid(doc))
		}
		if err != nil {
			return
		}
		var ref Network
		if err := json.Unmarshal(doc, &ref); err != nil {
			t.Fatalf("Load() accepted what json.Unmarshal rejects: %v", err)
		}
		if diff := cmp.Diff(&ref, n, cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})); diff != "" {
			t.Fatalf("Load() differs from json.Unmarshal (-want +got):\n%s", diff)
		}
	})
}

func FuzzLoadValidate(f *testing.F) {
	var buf bytes.Buffer
	if err := validSmallNetwork().Save(&buf); err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		buf.String(),
		`{}`,
		`null`,
		`{"vpcs": [{"id": "v", "cidrs": ["10.0.0.0/16"]}], "subnets": [{"id": "s", "vpc": "v", "availabilityZone": "a", "cidr": "10.0.0.0/28"}],
		  "networkInterfaces": [{"id": "e", "subnet": "s", "privateIps": ["10.0.0.4", "10.0.0.15"], "securityGroups": ["g"]}]}`,
		`{"routeTables": [{"id": "r", "vpc": "v", "routes": [{"prefixList": "p", "target": {"kind": "transit-gateway", "id": "t"}, "blackhole": true}]}]}`,
		`{"securityGroups": [{"id": "g", "vpc": "v", "ingress": [{"protocol": "icmpv6", "icmp": {"type": -1, "code": 4}, "cidr": "10.0.0.1/8"}]}]}`,
		`{"networkAcls": [{"id": "a", "vpc": "v", "default": true, "inbound": [{"number": 40000, "action": "deny", "protocol": "-1", "cidr": "::/0"}]}]}`,
		`{"prefixLists": [{"id": "p", "addressFamily": "IPv6", "entries": ["10.0.0.0/8"], "maxEntries": -1}]}`,
		`{"natGateways": [{"id": "n", "subnet": "s", "connectivity": "private", "elasticIp": "10.0.0.1", "privateIp": "fe80::1%eth0"}]}`,
		`{"subnets": [{"id": "s", "cidrr": "x"}]}`,
		`{"vpcs": [{"id": "v", "cidrs": ["10.0.0.0/33"]}]}`,
		`{"vpcs": [[[[[]]]]]}`,
		`{"vpcs": [{"id": "v"`,
		`{"vpcs": [{"id": "v", "cidrs": ["10.0.0.0/16"]}], "vpcs": [], "subnets": [{"id": "s", "cidr": "10.0.0.0/24", "cidr": "10.0.1.0/24"}]}`,
		`{"vpcs": [{"id": "v\u00e9\ud800", "tags": {"a": "1", "A": "2", "\u0061": "3"}}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := Load(bytes.NewReader(data))
		if isSyntaxError(err) == json.Valid(data) {
			t.Fatalf("Load() = %v, but json.Valid() = %v", err, json.Valid(data))
		}
		if err != nil {
			if n != nil {
				t.Fatalf("Load() returned a network and an error %v", err)
			}
			_ = vtErrs(t, err) // every error is a *FieldError
			if len(err.Error()) > 64<<10 {
				t.Fatalf("Load() error is %d bytes", len(err.Error()))
			}
			return
		}
		// What Load accepts, encoding/json decodes the same way.
		var ref Network
		if err := json.Unmarshal(data, &ref); err != nil {
			t.Fatalf("Load() accepted what json.Unmarshal rejects: %v", err)
		}
		if diff := cmp.Diff(&ref, n, cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})); diff != "" {
			t.Fatalf("Load() differs from json.Unmarshal (-want +got):\n%s", diff)
		}
		verr := n.Validate()
		_ = vtErrs(t, verr)
		if again := n.Validate(); (verr == nil) != (again == nil) || (verr != nil && verr.Error() != again.Error()) {
			t.Fatalf("Validate() is not deterministic:\n%v\nthen\n%v", verr, again)
		}
		var out bytes.Buffer
		if err := n.Save(&out); err == nil {
			back, err := Load(&out)
			if err != nil {
				t.Fatalf("Load(Save(n)) = %v", err)
			}
			if diff := cmp.Diff(n, back, loadCmpOpts); diff != "" {
				t.Fatalf("Load(Save(n)) differs from n (-want +got):\n%s", diff)
			}
		}
		if verr == nil && fuzzCompile != nil {
			fuzzCompile(n)
		}
	})
}
