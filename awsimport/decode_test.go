package awsimport

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2t "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	vl "github.com/aws/aws-sdk-go-v2/service/vpclattice"
	vlt "github.com/aws/aws-sdk-go-v2/service/vpclattice/types"
	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/vpc"
)

// TestTimestamps pins how the timestamps the AWS CLI prints decode into
// the SDK's *time.Time fields: encoding/json alone takes RFC 3339 (CLI v2's
// "+00:00", the EC2 wire format's "Z" with milliseconds); the fallback
// takes what it rejects, epoch seconds (CLI v1 prints rest-json
// timestamps so) and ISO 8601 without a zone.
func TestTimestamps(t *testing.T) {
	want := time.Date(2024, 3, 1, 10, 15, 30, 0, time.UTC)
	for _, tc := range []struct {
		in       string
		stdlibOK bool
	}{
		{`"2024-03-01T10:15:30.000Z"`, true},
		{`"2024-03-01T10:15:30+00:00"`, true},
		{`"2024-03-01T10:15:30.000000+00:00"`, true},
		{`1709288130`, false},
		{`1709288130.0`, false},
		{`"2024-03-01T10:15:30"`, false},
		{`"2024-03-01T11:15:30+0100"`, false},
	} {
		doc := []byte(`{"NatGateways": [{"NatGatewayId": "nat-1", "CreateTime": ` + tc.in + `}]}`)
		var std ec2.DescribeNatGatewaysOutput
		if err := json.Unmarshal(doc, &std); (err == nil) != tc.stdlibOK {
			t.Errorf("%s: encoding/json error %v, want ok=%v", tc.in, err, tc.stdlibOK)
		}
		var o ec2.DescribeNatGatewaysOutput
		if err := decodeJSON(doc, &o); err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if got := o.NatGateways[0].CreateTime; got == nil || !got.Equal(want) || str(o.NatGateways[0].NatGatewayId) != "nat-1" {
			t.Errorf("%s: CreateTime %v, want %v", tc.in, got, want)
		}
	}
	var o ec2.DescribeNatGatewaysOutput
	err := decodeJSON([]byte(`{"NatGateways": [{}, {"CreateTime": "yesterday"}]}`), &o)
	if err == nil || !strings.Contains(err.Error(), "NatGateways[1].CreateTime") || !strings.Contains(err.Error(), `"yesterday"`) {
		t.Errorf("bad timestamp: error %v, want one naming NatGateways[1].CreateTime", err)
	}
}

// TestEnumSpellings pins the places where the API's wire values, which the
// CLI prints, differ from the SDK's enum constants: the importer compares
// with the wire values.
func TestEnumSpellings(t *testing.T) {
	var o ec2.DescribeNetworkInterfacesOutput
	if err := decodeJSON([]byte(`{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "InterfaceType": "nat_gateway"}]}`), &o); err != nil {
		t.Fatal(err)
	}
	if got := o.NetworkInterfaces[0].InterfaceType; got == ec2t.NetworkInterfaceTypeNatGateway || got != "nat_gateway" {
		t.Errorf("InterfaceType = %q; the SDK constant is %q, the API prints nat_gateway", got, ec2t.NetworkInterfaceTypeNatGateway)
	}
	var e ec2.DescribeVpcEndpointsOutput
	if err := decodeJSON([]byte(`{"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "State": "pendingAcceptance"}]}`), &e); err != nil {
		t.Fatal(err)
	}
	got := e.VpcEndpoints[0].State
	if got == ec2t.StatePendingAcceptance {
		t.Errorf("State %q equals the SDK constant; the API spells it pendingAcceptance", got)
	}
	if st, ok := endpoint.ParseState(string(got)); !ok || st != endpoint.PendingAcceptance {
		t.Errorf("ParseState(%q) = %q, %v", got, st, ok)
	}
}

// TestLatticeCamelCaseAndUnions decodes VPC Lattice output, which the CLI
// prints with camelCase members, into the SDK's PascalCase fields, and
// fills its unions.
func TestLatticeCamelCaseAndUnions(t *testing.T) {
	doc := `{"id": "rule-1", "priority": 5, "createdAt": 1709288130.5,
		"action": {"forward": {"targetGroups": [{"targetGroupIdentifier": "tg-1", "weight": 3}]}},
		"match": {"httpMatch": {"method": "POST", "pathMatch": {"match": {"exact": "/x"}},
			"headerMatches": [{"name": "h", "match": {"contains": "v"}}]}}}`
	var o vl.GetRuleOutput
	if err := decodeJSON([]byte(doc), &o); err != nil {
		t.Fatal(err)
	}
	fw, ok := o.Action.(*vlt.RuleActionMemberForward)
	if !ok || str(fw.Value.TargetGroups[0].TargetGroupIdentifier) != "tg-1" || *fw.Value.TargetGroups[0].Weight != 3 {
		t.Fatalf("action = %#v", o.Action)
	}
	hm, ok := o.Match.(*vlt.RuleMatchMemberHttpMatch)
	if !ok || str(hm.Value.Method) != "POST" || str(o.Id) != "rule-1" || *o.Priority != 5 {
		t.Fatalf("match = %#v", o.Match)
	}
	if p, ok := hm.Value.PathMatch.Match.(*vlt.PathMatchTypeMemberExact); !ok || p.Value != "/x" {
		t.Errorf("path match = %#v", hm.Value.PathMatch.Match)
	}
	if h, ok := hm.Value.HeaderMatches[0].Match.(*vlt.HeaderMatchTypeMemberContains); !ok || h.Value != "v" {
		t.Errorf("header match = %#v", hm.Value.HeaderMatches[0].Match)
	}
	for _, bad := range []struct{ doc, want string }{
		{`{"action": {"redirect": {}}}`, `action: unknown member "redirect"`},
		{`{"action": {"forward": {}, "fixedResponse": {}}}`, "action: want an object with exactly one of"},
		{`{"match": {"httpMatch": {"headerMatches": [{"match": "exact"}]}}}`, "match.httpMatch.headerMatches[0].match: want an object"},
	} {
		var o vl.GetRuleOutput
		if err := decodeJSON([]byte(bad.doc), &o); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: error %v, want %q", bad.doc, err, bad.want)
		}
	}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestErrors pins the errors: each names the file and says what is wrong
// and where.
func TestErrors(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "missing")); err == nil || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing path: %v, want fs.ErrNotExist", err)
	}
	if _, err := Load(); err == nil {
		t.Error("no path: no error")
	}
	if _, err := Read(nil, "."); err == nil {
		t.Error("nil file system: no error")
	}
	empty := writeFiles(t, map[string]string{"README.md": "hello"})
	if _, err := Load(empty); err == nil || !strings.Contains(err.Error(), "no .json files") {
		t.Errorf("directory without JSON: %v", err)
	}
	for _, tc := range []struct {
		name, body, want string
	}{
		{"Vpcs.json", "{\n  \"Vpcs\": [\n    {\"VpcId\": \"vpc-1\",\n", "Vpcs.json: malformed JSON at line 4"},
		{"Vpcs.json", "{\n  \"Vpcs\": [\n    {\"VpcId\": \"vpc-1\",\n", "(Vpcs[0].VpcId)"},
		{"Subnets.json", `{"Subnets": [{"SubnetId": "subnet-1"}, {"SubnetId": "subnet-2", "CidrBlock": 10}]}`, "Subnets.json: Subnets[1].CidrBlock: want a string, got a number"},
		{"Vpcs.json", `[{"VpcId": "vpc-1"}]`, "Vpcs.json: top level is array"},
		{"Vpcs.json", `null`, "top level is null"},
		{"Other.json", `{"Buckets": []}`, `Other.json: top-level keys "Buckets" are not AWS describe output`},
		{"Routes.json", `{"Routes": []}`, "search-transit-gateway-routes output does not say which resource it is about"},
	} {
		dir := writeFiles(t, map[string]string{tc.name: tc.body})
		_, err := Load(filepath.Join(dir, tc.name))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %q: error %v, want %q", tc.name, tc.body, err, tc.want)
		}
	}
	// In a directory walk an unknown JSON file is reported, not an error.
	dir := writeFiles(t, map[string]string{"Other.json": `{"Buckets": []}`, "Vpcs.json": `{"Vpcs": []}`})
	r, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Skipped) != 1 || r.Skipped[0].Resource != "file" || !strings.HasSuffix(r.Skipped[0].File, "Other.json") {
		t.Errorf("skipped = %v, want the unknown file", r.Skipped)
	}
}

// TestLayouts reads the same describe output laid out as Batfish's
// aws_configs (account and Region directories), as a flat directory with
// the Region given by Options, and as single files.
func TestLayouts(t *testing.T) {
	vpcs := `{"Vpcs": [{"VpcId": "vpc-1", "OwnerId": "210987654321", "CidrBlock": "10.0.0.0/16"}]}`
	noOwner := `{"Vpcs": [{"VpcId": "vpc-2", "CidrBlock": "10.1.0.0/16"}]}`
	dir := writeFiles(t, map[string]string{
		"aws_configs/123456789012/eu-west-1/Vpcs.json":  vpcs,
		"aws_configs/123456789012/us-gov-west-1/x.json": noOwner,
		"flat/Vpcs.json": strings.ReplaceAll(noOwner, "vpc-2", "vpc-3"),
		"aws_configs/123456789012/eu-west-1/.hidden.json": `not json`,
	})
	r, err := Load(filepath.Join(dir, "aws_configs"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]string{}
	for _, v := range r.Network.VPCs {
		got[v.ID] = [2]string{v.Account, v.Region}
	}
	want := map[string][2]string{"vpc-1": {"210987654321", "eu-west-1"}, "vpc-2": {"123456789012", "us-gov-west-1"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("aws_configs layout: account and Region (-want +got):\n%s", d)
	}
	r, err = Options{Account: "111122223333", Region: "ap-south-1"}.Load(filepath.Join(dir, "flat"), filepath.Join(dir, "aws_configs", "123456789012", "eu-west-1", "Vpcs.json"))
	if err != nil {
		t.Fatal(err)
	}
	got = map[string][2]string{}
	for _, v := range r.Network.VPCs {
		got[v.ID] = [2]string{v.Account, v.Region}
	}
	want = map[string][2]string{"vpc-1": {"210987654321", "eu-west-1"}, "vpc-3": {"111122223333", "ap-south-1"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("flat directory and single file: account and Region (-want +got):\n%s", d)
	}
}

// TestDeterministic reads the fixture from files whose names, and so
// whose reading order, differ, and the same files in reverse order: the
// networks and reports are the same.
func TestDeterministic(t *testing.T) {
	base := loadFixture(t)
	var files []string
	root := "testdata/aws_configs"
	if err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// Renamed files: reversed names change the walk's order.
	m := fstest.MapFS{}
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, f)
		dir, name := filepath.Split(filepath.ToSlash(rel))
		m[dir+strings.Repeat("z", len(files)-i)+"-"+name] = &fstest.MapFile{Data: data}
	}
	r, err := Read(m, ".")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(base.Network, r.Network, netOpts...); d != "" {
		t.Errorf("read in another order (-first +second):\n%s", d)
	}
	slices.Reverse(files)
	r2, err := Load(files...)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(base.Network, r2.Network, netOpts...); d != "" {
		t.Errorf("files in reverse order (-first +second):\n%s", d)
	}
	if d := cmp.Diff(base.Skipped, r2.Skipped); d != "" {
		t.Errorf("skipped, files in reverse order (-first +second):\n%s", d)
	}
}

// TestSkippedReport pins what the fixture holds and the import does not
// carry, each with why: nothing is dropped without a report.
func TestSkippedReport(t *testing.T) {
	r := loadFixture(t)
	type item struct{ Resource, ID, File string }
	var got []item
	for _, s := range r.Skipped {
		if s.Reason == "" {
			t.Errorf("%v: no reason", s)
		}
		rel := strings.TrimPrefix(filepath.ToSlash(s.File), "testdata/aws_configs/")
		got = append(got, item{s.Resource, s.ID, rel})
	}
	a, b3 := "111111111111/us-east-1/", "222222222222/us-west-2/"
	want := []item{
		{"elastic-ip", "eipalloc-01a00000000000999", a + "Addresses.json"},
		{"prefix-list-entries", "pl-63a5400a", a + "ManagedPrefixLists.json"},
		{"nat-gateway", "nat-01a00000000000009", a + "NatGateways.json"},
		{"network-interface", "eni-01a00000000000601", a + "NetworkInterfaces.json"},
		{"network-interface", "eni-01a00000000000701", a + "NetworkInterfaces.json"},
		{"route", "rtb-01a00000000000003 192.168.0.0/16", a + "RouteTables.json"},
		{"route", "rtb-01a00000000000003 pl-63a5400a", a + "RouteTables.json"},
		{"listener-action", "arn:aws:elasticloadbalancing:us-east-1:111111111111:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee authenticate-oidc", a + "Rules-web-443.json"},
		{"security-group-rule", "sg-01a00000000000006 ingress sg-0ffffffffffffffff", a + "SecurityGroups.json"},
		{"transit-gateway-attachment", "tgw-attach-01a00000000000003", a + "TransitGatewayAttachments.json"},
		{"transit-gateway-route", "tgw-rtb-01a00000000000001 192.168.0.0/16", a + "TransitGatewayRouteTables.json"},
		{"vpc-endpoint-service", "vpce-svc-081d84efcdd73f1a1", a + "VpcEndpointServices.json"},
		{"vpc-peering-connection", "pcx-01a00000000000002", a + "VpcPeeringConnections.json"},
		{"service-network-vpc-association", "snva-0a1b2c3d4e5f60001", a + "lattice/vpc-associations.json"},
		{"vpc-peering-connection", "pcx-01a00000000000001", b3 + "VpcPeeringConnections.json"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("skipped (-want +got):\n%s", d)
	}
}

// TestTags checks that tags are kept and the Name tag names the resource.
func TestTags(t *testing.T) {
	r := loadFixture(t)
	v := r.Network.VPCs[0]
	if d := cmp.Diff(map[string]string{"Name": "prod", "env": "prod"}, v.Tags); d != "" || v.Name != "prod" {
		t.Errorf("vpc %s name %q tags (-want +got):\n%s", v.ID, v.Name, d)
	}
	// The AZ ID is the subnet's own field.
	for _, sn := range r.Network.Subnets {
		if sn.ID == appB && sn.AvailabilityZoneID != "use1-az2" {
			t.Errorf("zone ID of %s = %q, want use1-az2", appB, sn.AvailabilityZoneID)
		}
	}
}

// TestOwnerKey reads outputs that do not name what they are about, told
// by a request parameter beside the output instead of the file name.
func TestOwnerKey(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.json": `{"PrefixLists": [{"PrefixListId": "pl-0abc", "AddressFamily": "IPv4", "MaxEntries": 2, "OwnerId": "123456789012", "PrefixListName": "x"}]}`,
		"b.json": `{"PrefixListId": "pl-0abc", "Entries": [{"Cidr": "192.0.2.0/24"}]}`,
	})
	r, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []vpc.PrefixList{{ID: "pl-0abc", Name: "x", AddressFamily: "IPv4", Entries: []netip.Prefix{pfx("192.0.2.0/24")}, MaxEntries: 2}}
	if d := cmp.Diff(want, r.Network.PrefixLists, netOpts...); d != "" {
		t.Errorf("prefix lists (-want +got):\n%s", d)
	}
}

func TestVPCAttributeShape(t *testing.T) {
	var o ec2.DescribeVpcAttributeOutput
	if err := decodeJSON([]byte(`{"VpcId": "vpc-1", "EnableDnsSupport": {"Value": false}}`), &o); err != nil {
		t.Fatal(err)
	}
	if str(o.VpcId) != "vpc-1" || o.EnableDnsSupport == nil || *o.EnableDnsSupport.Value {
		t.Errorf("decoded %+v", o)
	}
}
