package endpoint

import (
	"encoding/json"
	"net/netip"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var addrCmp = cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})

func ptr[T any](v T) *T { return &v }

func TestParseServiceName(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want ServiceName
	}{
		{"com.amazonaws.us-east-1.secretsmanager", ServiceName{PrefixAWS, "us-east-1", "secretsmanager"}},
		{"com.amazonaws.eu-west-1.s3", ServiceName{PrefixAWS, "eu-west-1", "s3"}},
		{"com.amazonaws.us-east-1.ecr.api", ServiceName{PrefixAWS, "us-east-1", "ecr.api"}},
		{"com.amazonaws.us-gov-west-1.sts", ServiceName{PrefixAWS, "us-gov-west-1", "sts"}},
		{"com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ServiceName{PrefixEndpointService, "us-east-1", "vpce-svc-0123456789abcdef0"}},
		{"aws.api.us-east-1.kendra-ranking", ServiceName{PrefixAWSAPI, "us-east-1", "kendra-ranking"}},
		{"api.aws.us-east-1.cassandra-streams", ServiceName{PrefixAPIAWS, "us-east-1", "cassandra-streams"}},
		{"aws.sagemaker.us-east-1.notebook", ServiceName{PrefixSageMaker, "us-east-1", "notebook"}},
	} {
		got, err := ParseServiceName(tc.in)
		if err != nil {
			t.Errorf("ParseServiceName(%q): %v", tc.in, err)
			continue
		}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("ParseServiceName(%q) (-want +got):\n%s", tc.in, d)
		}
		if got.String() != tc.in {
			t.Errorf("ParseServiceName(%q).String() = %q", tc.in, got.String())
		}
	}
	for _, bad := range []string{
		"", "s3", "com.amazonaws.s3", "com.amazonaws.us-east-1", "com.amazonaws.us-east-1.",
		"com.amazonaws.US-EAST-1.s3", "com.amazonaws.useast1.s3", "com.amazonaws.us-east-1.S3",
		"com.amazonaws.us-east-1.ecr..api", "com.amazonaws.vpce.us-east-1.svc-123",
		"com.amazonaws.vpce.us-east-1.vpce-svc-", "com.amazonaws.vpce.us-east-1.vpce-svc-XYZ",
		"com.amazonaws.s3-global.accesspoint", "org.example.us-east-1.s3",
	} {
		if n, err := ParseServiceName(bad); err == nil {
			t.Errorf("ParseServiceName(%q) = %+v, want an error", bad, n)
		} else if !strings.Contains(err.Error(), "want") {
			t.Errorf("ParseServiceName(%q) error %q does not say what was expected", bad, err)
		}
	}
}

func TestIsRegion(t *testing.T) {
	for s, want := range map[string]bool{
		"us-east-1": true, "ap-southeast-4": true, "us-gov-west-1": true, "il-central-1": true,
		"us-iso-east-1": true, "us-east": false, "use1-az1": false, "us-east-1a": false,
		"u-east-1": false, "us--1": false, "us-east-": false, "": false,
	} {
		if got := IsRegion(s); got != want {
			t.Errorf("IsRegion(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestAWSServices(t *testing.T) {
	all := AWSServices()
	names := make([]string, len(all))
	for i, s := range all {
		names[i] = s.Name
	}
	if !sort.StringsAreSorted(names) {
		t.Errorf("AWSServices() not sorted by name: %v", names)
	}
	for _, want := range []string{
		"s3", "dynamodb", "secretsmanager", "ssm", "ssmmessages", "ec2messages", "logs", "ecr.api",
		"ecr.dkr", "sts", "kms", "sqs", "sns", "lambda", "execute-api", "monitoring", "events",
		"elasticloadbalancing", "ecs",
	} {
		if !slices.Contains(names, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	// Gateway endpoints exist for Amazon S3 and DynamoDB only (PrivateLink
	// guide, "Gateway endpoints"); both also offer interface endpoints
	// (S3 and DynamoDB guides, "AWS PrivateLink for ...").
	for _, s := range all {
		both := s.Name == "s3" || s.Name == "dynamodb"
		if got := s.Supports(Gateway); got != both {
			t.Errorf("%s.Supports(Gateway) = %v, want %v", s.Name, got, both)
		}
		if got := s.Supports(""); got != both {
			t.Errorf("%s.Supports(zero Type, meaning Gateway) = %v, want %v", s.Name, got, both)
		}
		if !s.Supports(Interface) {
			t.Errorf("%s does not support Interface", s.Name)
		}
		if s.Supports(GatewayLoadBalancer) || s.Supports(ServiceNetwork) || s.Supports(Resource) {
			t.Errorf("%s supports a non-service endpoint type", s.Name)
		}
		if s.ServiceName("us-east-1") != "com.amazonaws.us-east-1."+s.Name {
			t.Errorf("%s.ServiceName = %s", s.Name, s.ServiceName("us-east-1"))
		}
	}
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"secretsmanager", []string{"secretsmanager.us-east-1.amazonaws.com"}},
		{"ecr.api", []string{"api.ecr.us-east-1.amazonaws.com"}},
		{"ecr.dkr", []string{"*.dkr.ecr.us-east-1.amazonaws.com"}},
		{"execute-api", []string{"*.execute-api.us-east-1.amazonaws.com"}},
		{"s3", []string{"s3.us-east-1.amazonaws.com", "*.s3.us-east-1.amazonaws.com"}},
		// DynamoDB's interface endpoints support no private DNS
		// (DynamoDB guide, "AWS PrivateLink for DynamoDB").
		{"dynamodb", []string{}},
	} {
		s, ok := LookupAWSService(tc.name)
		if !ok {
			t.Errorf("LookupAWSService(%q) not found", tc.name)
			continue
		}
		if d := cmp.Diff(tc.want, s.PrivateDNSNames("us-east-1")); d != "" {
			t.Errorf("%s.PrivateDNSNames (-want +got):\n%s", tc.name, d)
		}
	}
	if _, ok := LookupAWSService("no-such-service"); ok {
		t.Error("LookupAWSService found an unknown service")
	}
	// The table hands out copies.
	s, _ := LookupAWSService("s3")
	s.types[0] = Resource
	all[0].dns[0] = "mutated"
	if s2, _ := LookupAWSService("s3"); !s2.Supports(Gateway) {
		t.Error("mutating a returned entry changed the table")
	}
	if AWSServices()[0].dns[0] == "mutated" {
		t.Error("mutating AWSServices() changed the table")
	}
	n, _ := ParseServiceName("com.amazonaws.us-west-2.sqs")
	if s, ok := n.AWSService(); !ok || s.Name != "sqs" {
		t.Errorf("ServiceName.AWSService() = %v, %v", s, ok)
	}
	n, _ = ParseServiceName("aws.api.us-east-1.sqs")
	if _, ok := n.AWSService(); ok {
		t.Error("an aws.api name resolved to a com.amazonaws table entry")
	}
}

func TestTypePredicates(t *testing.T) {
	type row struct{ name, rt, sub, sg, pol, dns, target bool }
	want := map[Type]row{
		Gateway:             {name: true, rt: true, pol: true, target: true},
		Interface:           {name: true, sub: true, sg: true, pol: true, dns: true},
		GatewayLoadBalancer: {name: true, sub: true, target: true},
		ServiceNetwork:      {sub: true, sg: true, dns: true},
		Resource:            {sub: true, sg: true, dns: true},
	}
	for _, ty := range append(Types(), "") {
		w := want[ty.Norm()]
		got := row{ty.UsesServiceName(), ty.UsesRouteTables(), ty.UsesSubnets(), ty.UsesSecurityGroups(), ty.UsesPolicy(), ty.UsesPrivateDNS(), ty.IsRouteTarget()}
		if got != w {
			t.Errorf("%q predicates = %+v, want %+v", ty, got, w)
		}
		if !ty.Valid() {
			t.Errorf("%q not valid", ty)
		}
	}
	if Type("interface").Valid() || Type("Lattice").Valid() {
		t.Error("misspelled types are valid")
	}
	if Type("").String() != "Gateway" {
		t.Errorf("zero Type String = %q, want Gateway (the API default)", Type("").String())
	}
}

func TestPrivateDNSDefault(t *testing.T) {
	for _, tc := range []struct {
		e    Endpoint
		want bool
	}{
		{Endpoint{Type: Interface, ServiceName: "com.amazonaws.us-east-1.ssm"}, true},
		{Endpoint{Type: Interface, ServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0abc"}, false},
		{Endpoint{Type: Interface, ServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0abc", PrivateDNSEnabled: ptr(true)}, true},
		{Endpoint{Type: Interface, ServiceName: "com.amazonaws.us-east-1.ssm", PrivateDNSEnabled: ptr(false)}, false},
		{Endpoint{Type: Interface, ServiceName: "not a name"}, false},
		{Endpoint{Type: Gateway, ServiceName: "com.amazonaws.us-east-1.s3", PrivateDNSEnabled: ptr(true)}, false},
		{Endpoint{ServiceName: "com.amazonaws.us-east-1.s3"}, false},
		{Endpoint{Type: GatewayLoadBalancer}, false},
		{Endpoint{Type: ServiceNetwork}, true},
		{Endpoint{Type: Resource, PrivateDNSEnabled: ptr(false)}, false},
	} {
		if got := tc.e.PrivateDNS(); got != tc.want {
			t.Errorf("%+v.PrivateDNS() = %v, want %v", tc.e, got, tc.want)
		}
	}
}

func TestStates(t *testing.T) {
	for _, s := range []string{"pendingAcceptance", "PendingAcceptance", "AVAILABLE", "partial"} {
		st, ok := ParseState(s)
		if !ok || !st.Valid() || !strings.EqualFold(string(st), s) {
			t.Errorf("ParseState(%q) = %q, %v", s, st, ok)
		}
	}
	if _, ok := ParseState("accepted"); ok {
		t.Error(`ParseState("accepted") succeeded`)
	}
	for _, s := range states {
		if got := s.Available(); got != (s == Available) {
			t.Errorf("%s.Available() = %v", s, got)
		}
	}
	if !State("").Available() || State("").String() != "available" {
		t.Error("the zero State is not available")
	}
	if State("Available").Valid() {
		t.Error("the SDK spelling is valid without ParseState")
	}
	if !(Endpoint{}).Available() || (Endpoint{State: Rejected}).Available() {
		t.Error("Endpoint.Available disagrees with its state")
	}
	if !Verification("").IsVerified() || PendingVerification.IsVerified() || !VerificationFailed.Valid() || Verification("ok").Valid() {
		t.Error("Verification helpers wrong")
	}
}

func TestServiceHelpers(t *testing.T) {
	s := Service{ID: "vpce-svc-0123456789abcdef0", Region: "eu-west-1", NetworkLoadBalancers: []string{"nlb-a"}}
	if got := s.ServiceName(); got != "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0" {
		t.Errorf("ServiceName() = %s", got)
	}
	if n, err := ParseServiceName(s.ServiceName()); err != nil || !n.IsEndpointService() || n.Service != s.ID {
		t.Errorf("ServiceName does not parse back: %+v, %v", n, err)
	}
	if !s.RequiresAcceptance() {
		t.Error("acceptance is required by default")
	}
	s.AcceptanceRequired = ptr(false)
	if s.RequiresAcceptance() {
		t.Error("AcceptanceRequired false ignored")
	}
	if s.EndpointType() != Interface {
		t.Errorf("NLB service endpoint type = %s", s.EndpointType())
	}
	if !s.SupportsIPv4() || s.SupportsIPv6() {
		t.Error("a service without SupportedIPAddressTypes is IPv4 only")
	}
	g := Service{GatewayLoadBalancers: []string{"gwlb-a"}, SupportedIPAddressTypes: []ServiceIPAddressType{ServiceIPv6}}
	if g.EndpointType() != GatewayLoadBalancer || g.SupportsIPv4() || !g.SupportsIPv6() {
		t.Errorf("GWLB service helpers wrong: %s", g.EndpointType())
	}
	if ServiceIPAddressType("dualstack").Valid() {
		t.Error("dualstack is not a service IP address type")
	}
}

func TestAddress(t *testing.T) {
	e := Endpoint{Subnets: []string{"a", "b"}, Addresses: []SubnetAddress{{Subnet: "b", IPv4: netip.MustParseAddr("10.0.1.10")}}}
	if a, ok := e.Address("b"); !ok || a.IPv4 != netip.MustParseAddr("10.0.1.10") {
		t.Errorf("Address(b) = %v, %v", a, ok)
	}
	if _, ok := e.Address("a"); ok {
		t.Error("Address(a) found an undeclared address")
	}
}

func TestEnumsValid(t *testing.T) {
	for _, v := range []IPAddressType{"", IPv4, DualStack, IPv6} {
		if !v.Valid() {
			t.Errorf("%q invalid", v)
		}
	}
	if IPAddressType("dual-stack").Valid() || DNSRecordIPType("both").Valid() || PrivateDNSPreference("all").Valid() {
		t.Error("misspelled enum values are valid")
	}
	if !IPv4.HasIPv4() || IPv4.HasIPv6() || !DualStack.HasIPv6() || IPv6.HasIPv4() || !IPAddressType("").HasIPv4() {
		t.Error("address family helpers wrong")
	}
	for _, v := range []DNSRecordIPType{"", DNSIPv4, DNSDualStack, DNSIPv6, DNSServiceDefined} {
		if !v.Valid() {
			t.Errorf("%q invalid", v)
		}
	}
	for _, v := range []PrivateDNSPreference{"", AllDomains, VerifiedDomainsOnly, VerifiedDomainsAndSpecified, SpecifiedDomainsOnly} {
		if !v.Valid() {
			t.Errorf("%q invalid", v)
		}
	}
}

// fullEndpoint sets every field, so that the JSON tests see every tag.
func fullEndpoint() Endpoint {
	return Endpoint{
		ID: "vpce-sm", Name: "secrets", Type: Interface, VPC: "vpc-a",
		ServiceName: "com.amazonaws.us-east-1.secretsmanager", ServiceRegion: "us-west-2",
		RouteTables: []string{"rtb-a"}, Subnets: []string{"subnet-a", "subnet-b"},
		Addresses:      []SubnetAddress{{Subnet: "subnet-a", IPv4: netip.MustParseAddr("10.0.0.10"), IPv6: netip.MustParseAddr("2600:1f18::10")}},
		SecurityGroups: []string{"sg-ep"}, IPAddressType: DualStack, PrivateDNSEnabled: ptr(true),
		DNSOptions: DNSOptions{RecordIPType: DNSDualStack, PrivateDNSOnlyForInboundResolver: true,
			Preference: VerifiedDomainsAndSpecified, SpecifiedDomains: []string{"example.com"}},
		Policy:                json.RawMessage(`{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}`),
		ServiceNetwork:        "sn-a",
		ResourceConfiguration: "rcfg-a",
		State:                 PendingAcceptance,
		Tags:                  map[string]string{"env": "prod"},
	}
}

func TestJSONRoundTrip(t *testing.T) {
	type all struct {
		Endpoints   []Endpoint   `json:"endpoints"`
		Services    []Service    `json:"services"`
		Connections []Connection `json:"connections"`
	}
	in := all{
		Endpoints: []Endpoint{fullEndpoint(), {ID: "vpce-s3", VPC: "vpc-a", ServiceName: "com.amazonaws.us-east-1.s3", RouteTables: []string{"rtb-a"}}},
		Services: []Service{{
			ID: "vpce-svc-0123456789abcdef0", Name: "api", Account: "111122223333", Region: "us-east-1",
			NetworkLoadBalancers: []string{"nlb-a"}, GatewayLoadBalancers: []string{"gwlb-a"},
			AcceptanceRequired: ptr(false), AllowedPrincipals: []string{"arn:aws:iam::444455556666:root"},
			SupportedRegions: []string{"eu-west-1"}, SupportedIPAddressTypes: []ServiceIPAddressType{ServiceIPv4, ServiceIPv6},
			PrivateDNSName: "api.example.com", PrivateDNSVerification: PendingVerification, Tags: map[string]string{"a": "b"},
		}},
		Connections: []Connection{{Endpoint: "vpce-sm", Service: "vpce-svc-0123456789abcdef0", State: Rejected}},
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var back all
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(in, back, addrCmp); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
}

func TestJSONShape(t *testing.T) {
	e := Endpoint{ID: "vpce-s3", VPC: "vpc-a", ServiceName: "com.amazonaws.us-east-1.s3", RouteTables: []string{"rtb-a"}}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":"vpce-s3","vpc":"vpc-a","serviceName":"com.amazonaws.us-east-1.s3","routeTables":["rtb-a"]}`; string(b) != want {
		t.Errorf("minimal gateway endpoint json = %s, want %s", b, want)
	}
	b, err = json.Marshal(fullEndpoint())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := []string{"addresses", "dnsOptions", "id", "ipAddressType", "name", "policy", "privateDnsEnabled",
		"resourceConfiguration", "routeTables", "securityGroups", "serviceName", "serviceNetwork",
		"serviceRegion", "state", "subnets", "tags", "type", "vpc"}
	if d := cmp.Diff(want, keys); d != "" {
		t.Errorf("endpoint JSON keys (-want +got):\n%s", d)
	}
	if got := string(m["dnsOptions"]); got != `{"recordIpType":"dualstack","privateDnsOnlyForInboundResolver":true,"preference":"VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS","specifiedDomains":["example.com"]}` {
		t.Errorf("dnsOptions json = %s", got)
	}
	if got := string(m["addresses"]); got != `[{"subnet":"subnet-a","ipv4":"10.0.0.10","ipv6":"2600:1f18::10"}]` {
		t.Errorf("addresses json = %s", got)
	}
}

// TestJSONTags checks that every field of every declared type has a
// camelCase JSON name and that optional fields are omitted when zero.
func TestJSONTags(t *testing.T) {
	required := map[string]bool{"Endpoint.ID": true, "Endpoint.VPC": true, "SubnetAddress.Subnet": true,
		"Service.ID": true, "Connection.Endpoint": true, "Connection.Service": true,
		"ResourcePolicy.ID": true, "ResourcePolicy.Service": true, "ResourcePolicy.Resource": true, "ResourcePolicy.Policy": true}
	for _, v := range []any{Endpoint{}, DNSOptions{}, SubnetAddress{}, Service{}, Connection{}, ResourcePolicy{}} {
		checkTags(t, reflect.TypeOf(v), required)
	}
}

func checkTags(t *testing.T, ty reflect.Type, required map[string]bool) {
	t.Helper()
	for i := 0; i < ty.NumField(); i++ {
		f := ty.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		key := ty.Name() + "." + f.Name
		if name == "" || name[0] < 'a' || name[0] > 'z' || strings.ContainsAny(name, "_-") {
			t.Errorf("%s: json name %q is not camelCase", key, name)
		}
		omit := opts == "omitempty" || opts == "omitzero"
		if omit == required[key] {
			t.Errorf("%s: json options %q (required=%v)", key, opts, required[key])
		}
	}
}

// FuzzParseServiceName checks that parsing never panics and that every
// accepted name formats back to itself.
func FuzzParseServiceName(f *testing.F) {
	for _, s := range []string{
		"com.amazonaws.us-east-1.s3", "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
		"aws.api.us-east-1.kendra-ranking", "com.amazonaws..s3", "com.amazonaws.us-east-1.", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseServiceName(s)
		if err != nil {
			return
		}
		if n.String() != s || !IsRegion(n.Region) || n.Service == "" {
			t.Fatalf("ParseServiceName(%q) = %+v", s, n)
		}
	})
}

func TestResourcePolicyCovers(t *testing.T) {
	p := ResourcePolicy{Resource: "arn:aws:s3:::logs"}
	for arn, want := range map[string]bool{
		"arn:aws:s3:::logs":            true,
		"arn:aws:s3:::logs/2024/x.gz":  true,
		"arn:aws:s3:::logs-archive":    false,
		"arn:aws:s3:::log":             false,
		"arn:aws:s3:::other/logs/x.gz": false,
		"":                             false,
	} {
		if got := p.Covers(arn); got != want {
			t.Errorf("Covers(%q) = %v, want %v", arn, got, want)
		}
	}
	if (ResourcePolicy{}).Covers("arn:aws:s3:::logs") {
		t.Error("a policy without a resource covers nothing")
	}
}
