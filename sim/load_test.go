package sim

import (
	"bytes"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := Load(bytes.NewReader(data))
		if err != nil {
			if n != nil {
				t.Fatalf("Load() returned a network and an error %v", err)
			}
			_ = vtErrs(t, err) // every error is a *FieldError
			return
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
