package lattice

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcsim/vpcsim/vpc"
)

var cmpAddr = cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})

func ptr[T any](v T) *T { return &v }

// declarations bundles one of every declaration, as a Network would hold
// them, for the JSON tests.
type declarations struct {
	Accounts              []Account                           `json:"accounts"`
	ServiceNetworks       []ServiceNetwork                    `json:"serviceNetworks"`
	VPCAssociations       []ServiceNetworkVPCAssociation      `json:"vpcAssociations"`
	ServiceAssociations   []ServiceNetworkServiceAssociation  `json:"serviceAssociations"`
	ResourceAssociations  []ServiceNetworkResourceAssociation `json:"resourceAssociations"`
	Services              []Service                           `json:"services"`
	TargetGroups          []TargetGroup                       `json:"targetGroups"`
	ResourceGateways      []ResourceGateway                   `json:"resourceGateways"`
	ResourceConfiguration []ResourceConfiguration             `json:"resourceConfigurations"`
	Shares                []ResourceShare                     `json:"shares"`
	Quotas                Quotas                              `json:"quotas"`
}

func fixture() declarations {
	return declarations{
		Accounts: []Account{{ID: "111111111111", Name: "network", Organization: "o-abc123"}, {ID: "222222222222"}},
		ServiceNetworks: []ServiceNetwork{{
			ID: "sn-core", Name: "core", Account: "111111111111", Region: "eu-west-1",
			AuthType:   AuthIAM,
			AuthPolicy: json.RawMessage(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}`),
			Tags:       map[string]string{"env": "prod"},
		}, {ID: "sn-private", SharingDisabled: true}},
		VPCAssociations: []ServiceNetworkVPCAssociation{{
			ID: "snva-app", ServiceNetwork: "sn-core", VPC: "vpc-app",
			SecurityGroups:    []string{"sg-lattice-clients"},
			PrivateDNSEnabled: ptr(false),
			DNSOptions:        &DNSOptions{PrivateDNSPreference: DNSSpecifiedDomainsOnly, SpecifiedDomains: []string{"*.example.com"}},
			Status:            AssociationUpdateInProgress,
		}},
		ServiceAssociations:  []ServiceNetworkServiceAssociation{{ID: "snsa-orders", ServiceNetwork: "sn-core", Service: "svc-orders"}},
		ResourceAssociations: []ServiceNetworkResourceAssociation{{ID: "snra-db", ServiceNetwork: "sn-core", ResourceConfiguration: "rcfg-db", PrivateDNSEnabled: ptr(true)}},
		Services: []Service{{
			ID: "svc-orders", Name: "orders", Account: "222222222222", Region: "eu-west-1",
			AuthType: AuthIAM, AuthPolicy: json.RawMessage(`{"Statement":[]}`),
			CustomDomainName: "orders.example.com", CertificateARN: "arn:aws:acm:eu-west-1:222222222222:certificate/abc",
			Listeners: []Listener{{
				ID: "listener-https", Protocol: ListenerHTTPS,
				DefaultAction: ForwardWeighted(Weighted("tg-blue", 90), Weighted("tg-green", 10)),
				Rules: []Rule{{
					ID: "rule-admin", Name: "admin", Priority: 10,
					Match: HTTPMatch{
						Method:        "POST",
						PathMatch:     &PathMatch{Prefix: "/admin", CaseSensitive: true},
						HeaderMatches: []HeaderMatch{{Name: "x-tenant", Exact: "acme"}, {Name: "user-agent", Contains: "curl", CaseSensitive: true}},
					},
					Action: Respond(404),
				}, {ID: "rule-api", Priority: 20, Match: HTTPMatch{PathMatch: &PathMatch{Exact: "/api"}}, Action: ForwardTo("tg-blue")}},
			}, {ID: "listener-tls", Protocol: ListenerTLSPassthrough, Port: 8443, DefaultAction: ForwardTo("tg-tcp")}},
		}},
		TargetGroups: []TargetGroup{{
			ID: "tg-blue", Account: "222222222222", Type: TargetIP, Protocol: ProtocolHTTP, Port: 8080,
			ProtocolVersion: HTTP2, IPAddressType: IPv4, VPC: "vpc-orders",
			HealthCheck: &HealthCheck{Enabled: ptr(true), Protocol: ProtocolHTTPS, ProtocolVersion: HTTP1, Port: 8081, Path: "/healthz", IntervalSeconds: 10, TimeoutSeconds: 2, HealthyThreshold: 3, UnhealthyThreshold: 4, Matcher: "200-299"},
			Targets: []Target{
				{IP: netip.MustParseAddr("10.1.0.10")},
				{IP: netip.MustParseAddr("10.1.0.11"), Port: 9090, Health: HealthDraining},
			},
		}, {
			ID: "tg-fn", Type: TargetLambda, LambdaEventVersion: LambdaEventV2,
			Targets: []Target{{ID: "arn:aws:lambda:eu-west-1:222222222222:function:orders"}},
		}},
		ResourceGateways: []ResourceGateway{{
			ID: "rgw-db", Account: "333333333333", VPC: "vpc-data", Subnets: []string{"subnet-a", "subnet-b"},
			SecurityGroups: []string{"sg-rgw"}, IPAddressType: GatewayDualStack, IPv4AddressesPerENI: 8, ResolveInVPC: true,
		}},
		ResourceConfiguration: []ResourceConfiguration{{
			ID: "rcfg-db", Account: "333333333333", Type: ResourceSingle, ResourceGateway: "rgw-db",
			Definition: ResourceDefinition{IP: netip.MustParseAddr("10.9.0.5")},
			Protocol:   ResourceTCP, PortRanges: []vpc.PortRange{vpc.Port(5432)},
			AllowShareableServiceNetworks: true, CustomDomainName: "db.example.com", DomainVerified: true,
		}, {
			ID: "rcfg-group", Type: ResourceGroup, ResourceGateway: "rgw-db", GroupDomain: "example.com",
			PortRanges: []vpc.PortRange{vpc.Ports(1, 65535)},
		}, {
			ID: "rcfg-child", Type: ResourceChild, Group: "rcfg-group",
			Definition: ResourceDefinition{DomainName: "cache.internal.example.com", DomainIPAddressType: IPv6},
		}, {
			ID: "rcfg-rds", Type: ResourceARN, ResourceGateway: "rgw-db",
			Definition: ResourceDefinition{ARN: "arn:aws:rds:eu-west-1:333333333333:db:orders"},
		}},
		Shares: []ResourceShare{{
			ID: "share-1", Owner: "333333333333", Resources: []string{"rcfg-db"},
			Principals: []string{"111111111111", "o-abc123"},
		}},
		Quotas: Quotas{RulesPerListener: 100},
	}
}

// TestJSONRoundTrip checks that every declaration survives JSON unchanged
// (auth policies are given compact, as encoding/json writes them).
func TestJSONRoundTrip(t *testing.T) {
	want := fixture()
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var got declarations
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got, cmpAddr); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
}

// TestJSONShape pins the wire form of a listener, a rule, a target group and
// a resource configuration: camelCase names, the AWS spellings of enums,
// and zero values left out.
func TestJSONShape(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"zero service network", ServiceNetwork{ID: "sn-a"}, `{"id":"sn-a"}`},
		{"rule", Rule{ID: "rule-a", Priority: 5,
			Match:  HTTPMatch{Method: "GET", PathMatch: &PathMatch{Prefix: "/v1"}, HeaderMatches: []HeaderMatch{{Name: "x-a", Contains: "b", CaseSensitive: true}}},
			Action: ForwardWeighted(Weighted("tg-a", 0), Weighted("tg-b", 999))},
			`{"id":"rule-a","priority":5,"match":{"method":"GET","pathMatch":{"prefix":"/v1"},"headerMatches":[{"name":"x-a","contains":"b","caseSensitive":true}]},` +
				`"action":{"forward":{"targetGroups":[{"targetGroup":"tg-a","weight":0},{"targetGroup":"tg-b","weight":999}]}}}`},
		{"listener", Listener{ID: "listener-a", Protocol: ListenerTLSPassthrough, Port: 443, DefaultAction: ForwardTo("tg-tcp")},
			`{"id":"listener-a","protocol":"TLS_PASSTHROUGH","port":443,"defaultAction":{"forward":{"targetGroups":[{"targetGroup":"tg-tcp"}]}}}`},
		{"fixed response", Respond(500), `{"fixedResponse":{"statusCode":500}}`},
		{"target group", TargetGroup{ID: "tg-a", Type: TargetIP, Protocol: ProtocolHTTPS, VPC: "vpc-a",
			Targets: []Target{{IP: netip.MustParseAddr("10.0.0.1"), Health: HealthUnhealthy}}},
			`{"id":"tg-a","type":"IP","protocol":"HTTPS","vpc":"vpc-a","targets":[{"ip":"10.0.0.1","health":"UNHEALTHY"}]}`},
		{"resource configuration", ResourceConfiguration{ID: "rcfg-a", Type: ResourceSingle, ResourceGateway: "rgw-a",
			Definition: ResourceDefinition{DomainName: "db.example.com"}, PortRanges: []vpc.PortRange{vpc.Ports(3306, 3307)}},
			`{"id":"rcfg-a","type":"SINGLE","resourceGateway":"rgw-a","definition":{"domainName":"db.example.com"},"portRanges":[{"from":3306,"to":3307}]}`},
		{"vpc association", ServiceNetworkVPCAssociation{ID: "snva-a", ServiceNetwork: "sn-a", VPC: "vpc-a", PrivateDNSEnabled: ptr(false)},
			`{"id":"snva-a","serviceNetwork":"sn-a","vpc":"vpc-a","privateDnsEnabled":false}`},
		{"zero quotas", Quotas{}, `{}`},
	} {
		b, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if string(b) != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, b, tc.want)
		}
	}
}

// TestAuthPolicyCompacted documents that encoding/json compacts a policy
// document: its meaning survives, its spacing does not.
func TestAuthPolicyCompacted(t *testing.T) {
	s := Service{ID: "svc-a", AuthPolicy: json.RawMessage("{\n  \"Statement\": [ ]\n}")}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back Service
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if got, want := string(back.AuthPolicy), `{"Statement":[]}`; got != want {
		t.Errorf("policy after round trip = %s, want %s", got, want)
	}
}

func TestGeneratedDNSName(t *testing.T) {
	// The user guide gives the syntax
	// service_name-service_id.partition_id.vpc-lattice-svcs.region.on.aws
	// ("Configure a custom domain name for your VPC Lattice service"); AWS
	// output shows the ID without its "svc-" prefix in the first label.
	shape := regexp.MustCompile(`^[a-z0-9-]{1,63}\.[0-9a-f]{7}\.vpc-lattice-svcs\.[a-z0-9-]+\.on\.aws$`)
	for _, tc := range []struct {
		name, id, region string
		label, suffix    string
	}{
		{"rates", "svc-0b1f56d26672bf677", "us-east-1", "rates-0b1f56d26672bf677", ".vpc-lattice-svcs.us-east-1.on.aws"},
		{"orders", "svc-orders", "", "orders-orders", ".vpc-lattice-svcs.us-east-1.on.aws"},
		{"", "svc-0123456789abcdef0", "eu-west-1", "0123456789abcdef0", ".vpc-lattice-svcs.eu-west-1.on.aws"},
		{"Orders_API", "svc-X1", "EU-West-1", "orders-api-x1", ".vpc-lattice-svcs.eu-west-1.on.aws"},
		{strings.Repeat("a", 60), "svc-0123456789abcdef0", "us-west-2", strings.Repeat("a", 60) + "-01", ".vpc-lattice-svcs.us-west-2.on.aws"},
	} {
		got := GeneratedDNSName(tc.name, tc.id, tc.region)
		if !shape.MatchString(got) {
			t.Errorf("GeneratedDNSName(%q, %q, %q) = %q, not of the AWS shape", tc.name, tc.id, tc.region, got)
			continue
		}
		label, rest, _ := strings.Cut(got, ".")
		if label != tc.label {
			t.Errorf("GeneratedDNSName(%q, %q, %q) label = %q, want %q", tc.name, tc.id, tc.region, label, tc.label)
		}
		if !strings.HasSuffix(rest, tc.suffix) {
			t.Errorf("GeneratedDNSName(%q, %q, %q) = %q, want suffix %q", tc.name, tc.id, tc.region, got, tc.suffix)
		}
		if again := GeneratedDNSName(tc.name, tc.id, tc.region); again != got {
			t.Errorf("not deterministic: %q then %q", got, again)
		}
	}
	// Pinned, so that a change of the derivation is seen.
	if got, want := GeneratedDNSName("rates", "svc-0b1f56d26672bf677", "us-east-1"), "rates-0b1f56d26672bf677.baa444a.vpc-lattice-svcs.us-east-1.on.aws"; got != want {
		t.Errorf("GeneratedDNSName(rates) = %q, want %q", got, want)
	}
	// The partition label follows the ID.
	a := strings.Split(GeneratedDNSName("x", "svc-a", "r"), ".")[1]
	b := strings.Split(GeneratedDNSName("x", "svc-b", "r"), ".")[1]
	if a == b {
		t.Errorf("partition labels of svc-a and svc-b are both %q", a)
	}

	s := Service{ID: "svc-0b1f56d26672bf677", Name: "rates", Region: "us-east-1"}
	if s.DomainName() != s.GeneratedDNSName() || s.GeneratedDNSName() != GeneratedDNSName("rates", "svc-0b1f56d26672bf677", "us-east-1") {
		t.Errorf("DomainName() = %q, want the generated name", s.DomainName())
	}
	s.DNSName = "rates-0b1f56d26672bf677.7d67968.vpc-lattice-svcs.us-east-1.on.aws"
	if s.DomainName() != s.DNSName {
		t.Errorf("DomainName() = %q, want the override %q", s.DomainName(), s.DNSName)
	}
}

func TestQuotas(t *testing.T) {
	// Defaults from "Quotas for Amazon VPC Lattice" (VPC Lattice User Guide)
	// and "Amazon VPC Lattice endpoints and quotas" (AWS General Reference).
	want := Quotas{
		ListenersPerService:                      2,
		RulesPerListener:                         10,
		TargetGroupsPerService:                   10,
		TargetsPerTargetGroup:                    1000,
		SecurityGroupsPerAssociation:             5,
		ServiceAssociationsPerServiceNetwork:     500,
		VPCAssociationsPerServiceNetwork:         500,
		ServiceNetworkEndpointsPerServiceNetwork: 200,
		ResourceConfigurationsPerServiceNetwork:  500,
		ResourceConfigurationsPerRegion:          2000,
		ChildConfigurationsPerGroup:              60,
		ResourceGatewaysPerVPC:                   500,
		ServiceNetworksPerRegion:                 50,
		ServicesPerRegion:                        2000,
		TargetGroupsPerRegion:                    500,
		DomainVerificationsPerRegion:             5,
		AuthPolicyBytes:                          10240,
	}
	if d := cmp.Diff(want, DefaultQuotas()); d != "" {
		t.Errorf("DefaultQuotas (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want, Quotas{}.WithDefaults()); d != "" {
		t.Errorf("zero Quotas.WithDefaults (-want +got):\n%s", d)
	}
	// Every field is filled in (a field added without a default fails here).
	v := reflect.ValueOf(Quotas{}.WithDefaults())
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Errorf("Quotas{}.WithDefaults().%s is zero", v.Type().Field(i).Name)
		}
	}
	// A set field is kept; the others still default.
	raised := Quotas{RulesPerListener: 100, TargetsPerTargetGroup: 5000}.WithDefaults()
	want.RulesPerListener, want.TargetsPerTargetGroup = 100, 5000
	if d := cmp.Diff(want, raised); d != "" {
		t.Errorf("raised quotas (-want +got):\n%s", d)
	}
	// Only the two quotas the table marks "No" are fixed; every JSON name is
	// known to QuotaAdjustable.
	var fixed []string
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if !QuotaAdjustable(name) {
			fixed = append(fixed, name)
		}
	}
	if d := cmp.Diff([]string{"securityGroupsPerAssociation", "authPolicyBytes"}, fixed); d != "" {
		t.Errorf("unadjustable quotas (-want +got):\n%s", d)
	}
	if QuotaAdjustable("noSuchQuota") {
		t.Error("QuotaAdjustable(noSuchQuota) = true")
	}
}

// TestEnums checks every enumeration: each constant is valid, junk is not,
// and the zero value is valid exactly where it stands for an AWS default.
func TestEnums(t *testing.T) {
	type enum struct {
		name      string
		valid     func(string) bool
		values    []string
		zeroValid bool
	}
	for _, e := range []enum{
		{"AuthType", func(s string) bool { return AuthType(s).Valid() }, []string{"NONE", "AWS_IAM"}, true},
		{"AssociationStatus", func(s string) bool { return AssociationStatus(s).Valid() },
			[]string{"ACTIVE", "CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "DELETE_IN_PROGRESS", "CREATE_FAILED", "UPDATE_FAILED", "DELETE_FAILED"}, true},
		{"PrivateDNSPreference", func(s string) bool { return PrivateDNSPreference(s).Valid() },
			[]string{"VERIFIED_DOMAINS_ONLY", "ALL_DOMAINS", "VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS", "SPECIFIED_DOMAINS_ONLY"}, true},
		{"ListenerProtocol", func(s string) bool { return ListenerProtocol(s).Valid() }, []string{"HTTP", "HTTPS", "TLS_PASSTHROUGH"}, false},
		{"TargetType", func(s string) bool { return TargetType(s).Valid() }, []string{"INSTANCE", "IP", "LAMBDA", "ALB"}, false},
		{"TargetGroupProtocol", func(s string) bool { return TargetGroupProtocol(s).Valid() }, []string{"HTTP", "HTTPS", "TCP"}, false},
		{"ProtocolVersion", func(s string) bool { return ProtocolVersion(s).Valid() }, []string{"HTTP1", "HTTP2", "GRPC"}, true},
		{"IPAddressType", func(s string) bool { return IPAddressType(s).Valid() }, []string{"IPV4", "IPV6"}, true},
		{"LambdaEventVersion", func(s string) bool { return LambdaEventVersion(s).Valid() }, []string{"V1", "V2"}, true},
		{"TargetHealth", func(s string) bool { return TargetHealth(s).Valid() },
			[]string{"HEALTHY", "UNHEALTHY", "UNAVAILABLE", "DRAINING", "INITIAL", "UNUSED"}, true},
		{"GatewayIPAddressType", func(s string) bool { return GatewayIPAddressType(s).Valid() }, []string{"IPV4", "IPV6", "DUALSTACK"}, true},
		{"ResourceConfigurationType", func(s string) bool { return ResourceConfigurationType(s).Valid() }, []string{"SINGLE", "GROUP", "CHILD", "ARN"}, false},
		{"ResourceProtocol", func(s string) bool { return ResourceProtocol(s).Valid() }, []string{"TCP"}, true},
	} {
		for _, v := range e.values {
			if !e.valid(v) {
				t.Errorf("%s(%q) invalid", e.name, v)
			}
			if e.valid(strings.ToLower(v)) {
				t.Errorf("%s(%q) valid; AWS spells it %q", e.name, strings.ToLower(v), v)
			}
		}
		if e.valid("") != e.zeroValid {
			t.Errorf("%s zero value valid = %v, want %v", e.name, e.valid(""), e.zeroValid)
		}
		if e.valid("BOGUS") {
			t.Errorf("%s(BOGUS) valid", e.name)
		}
	}
	for _, tc := range []struct{ got, want string }{
		{AuthType("").String(), "NONE"}, {AuthIAM.String(), "AWS_IAM"},
		{AssociationStatus("").String(), "ACTIVE"}, {PrivateDNSPreference("").String(), "VERIFIED_DOMAINS_ONLY"},
		{ProtocolVersion("").String(), "HTTP1"}, {IPAddressType("").String(), "IPV4"},
		{TargetHealth("").String(), "HEALTHY"}, {GatewayIPAddressType("").String(), "IPV4"},
	} {
		if tc.got != tc.want {
			t.Errorf("String() = %q, want %q", tc.got, tc.want)
		}
	}
}

func TestPorts(t *testing.T) {
	for _, tc := range []struct {
		l    Listener
		want uint16
	}{
		{Listener{Protocol: ListenerHTTP}, 80},
		{Listener{Protocol: ListenerHTTPS}, 443},
		{Listener{Protocol: ListenerTLSPassthrough}, 0},
		{Listener{Protocol: ListenerHTTP, Port: 8080}, 8080},
	} {
		if got := tc.l.EffectivePort(); got != tc.want {
			t.Errorf("%+v.EffectivePort() = %d, want %d", tc.l, got, tc.want)
		}
	}
	g := TargetGroup{Type: TargetIP, Protocol: ProtocolHTTPS}
	if got := g.TargetPort(Target{}); got != 443 {
		t.Errorf("HTTPS target group port = %d, want 443", got)
	}
	if got := g.TargetPort(Target{Port: 8443}); got != 8443 {
		t.Errorf("target port override = %d, want 8443", got)
	}
	if got := g.HealthCheckPort(Target{Port: 8443}); got != 8443 {
		t.Errorf("health check port without override = %d, want the traffic port 8443", got)
	}
	g.HealthCheck = &HealthCheck{Port: 9000}
	if got := g.HealthCheckPort(Target{Port: 8443}); got != 9000 {
		t.Errorf("health check port = %d, want 9000", got)
	}
	if got := (TargetGroup{Protocol: ProtocolTCP}).EffectivePort(); got != 0 {
		t.Errorf("TCP target group default port = %d, want 0 (required)", got)
	}
}

func TestHealthChecksEnabled(t *testing.T) {
	// "Health checks for your VPC Lattice target groups" (VPC Lattice User
	// Guide): on by default for protocol version HTTP1, off for HTTP2, not
	// for gRPC, Lambda or ALB target groups; "TLS listeners": off by
	// default for TCP target groups.
	on, off := &HealthCheck{Enabled: ptr(true)}, &HealthCheck{Enabled: ptr(false)}
	for _, tc := range []struct {
		g    TargetGroup
		want bool
	}{
		{TargetGroup{Type: TargetIP, Protocol: ProtocolHTTP}, true},
		{TargetGroup{Type: TargetInstance, Protocol: ProtocolHTTPS, ProtocolVersion: HTTP1}, true},
		{TargetGroup{Type: TargetIP, Protocol: ProtocolHTTP, ProtocolVersion: HTTP2}, false},
		{TargetGroup{Type: TargetIP, Protocol: ProtocolHTTPS, ProtocolVersion: GRPC}, false},
		{TargetGroup{Type: TargetIP, Protocol: ProtocolTCP}, false},
		{TargetGroup{Type: TargetIP, Protocol: ProtocolTCP, HealthCheck: on}, true},
		{TargetGroup{Type: TargetIP, Protocol: ProtocolHTTP, HealthCheck: off}, false},
		{TargetGroup{Type: TargetIP, Protocol: ProtocolHTTP, HealthCheck: &HealthCheck{Path: "/h"}}, true},
		{TargetGroup{Type: TargetLambda}, false},
		{TargetGroup{Type: TargetLambda, HealthCheck: on}, false},
		{TargetGroup{Type: TargetALB, Protocol: ProtocolHTTP, HealthCheck: on}, false},
	} {
		if got := tc.g.HealthChecksEnabled(); got != tc.want {
			t.Errorf("%+v.HealthChecksEnabled() = %v, want %v", tc.g, got, tc.want)
		}
	}
	var h HealthCheck
	if h.EffectivePath() != "/" || h.EffectiveMatcher() != "200" || h.EffectiveProtocol() != ProtocolHTTP {
		t.Errorf("zero HealthCheck = %q %q %q, want / 200 HTTP", h.EffectivePath(), h.EffectiveMatcher(), h.EffectiveProtocol())
	}
	h = HealthCheck{Path: "/ready", Matcher: "200-399", Protocol: ProtocolHTTPS}
	if h.EffectivePath() != "/ready" || h.EffectiveMatcher() != "200-399" || h.EffectiveProtocol() != ProtocolHTTPS {
		t.Errorf("HealthCheck effective values ignore the declared ones: %q %q %q", h.EffectivePath(), h.EffectiveMatcher(), h.EffectiveProtocol())
	}
}

func TestTargetHealth(t *testing.T) {
	var routable []string
	for _, h := range []TargetHealth{"", HealthHealthy, HealthUnhealthy, HealthUnavailable, HealthDraining, HealthInitial, HealthUnused} {
		if h.Routable() {
			routable = append(routable, h.String())
		}
	}
	if d := cmp.Diff([]string{"HEALTHY", "HEALTHY", "UNAVAILABLE"}, routable); d != "" {
		t.Errorf("routable states (-want +got):\n%s", d)
	}
	var carrying []string
	for _, s := range []AssociationStatus{"", AssociationActive, AssociationCreateInProgress, AssociationUpdateInProgress,
		AssociationDeleteInProgress, AssociationCreateFailed, AssociationUpdateFailed, AssociationDeleteFailed} {
		if s.Carries() {
			carrying = append(carrying, s.String())
		}
	}
	if d := cmp.Diff([]string{"ACTIVE", "ACTIVE", "UPDATE_IN_PROGRESS", "UPDATE_FAILED"}, carrying); d != "" {
		t.Errorf("association states carrying traffic (-want +got):\n%s", d)
	}
}

func TestForwardWeights(t *testing.T) {
	for _, tc := range []struct {
		f    ForwardAction
		want []int
	}{
		{*ForwardTo("tg-a").Forward, []int{1}},
		{*ForwardWeighted(Weighted("tg-a", 0)).Forward, []int{0}},
		{*ForwardWeighted(Weighted("tg-a", 10), Weighted("tg-b", 20)).Forward, []int{10, 20}},
		{ForwardAction{TargetGroups: []WeightedTargetGroup{{TargetGroup: "tg-a"}, {TargetGroup: "tg-b", Weight: ptr(5)}}}, []int{0, 5}},
	} {
		if d := cmp.Diff(tc.want, tc.f.EffectiveWeights()); d != "" {
			t.Errorf("%+v weights (-want +got):\n%s", tc.f, d)
		}
	}
}

func TestMatchTypes(t *testing.T) {
	for _, tc := range []struct {
		p     PathMatch
		typ   MatchType
		value string
	}{
		{PathMatch{Exact: "/a"}, MatchExact, "/a"},
		{PathMatch{Prefix: "/b", CaseSensitive: true}, MatchPrefix, "/b"},
		{PathMatch{}, "", ""},
	} {
		if typ, v := tc.p.Type(); typ != tc.typ || v != tc.value {
			t.Errorf("%+v.Type() = %q %q, want %q %q", tc.p, typ, v, tc.typ, tc.value)
		}
	}
	for _, tc := range []struct {
		h     HeaderMatch
		typ   MatchType
		value string
	}{
		{HeaderMatch{Name: "a", Exact: "x"}, MatchExact, "x"},
		{HeaderMatch{Name: "a", Prefix: "y"}, MatchPrefix, "y"},
		{HeaderMatch{Name: "a", Contains: "z"}, MatchContains, "z"},
		{HeaderMatch{Name: "a"}, "", ""},
	} {
		if typ, v := tc.h.Type(); typ != tc.typ || v != tc.value {
			t.Errorf("%+v.Type() = %q %q, want %q %q", tc.h, typ, v, tc.typ, tc.value)
		}
	}
}

func TestPortRanges(t *testing.T) {
	// Port ranges as the CreateResourceConfiguration API writes them
	// (VPC Lattice API Reference): "80", "1-65535", and comma lists such as
	// "1,2,22-30".
	got, err := ParsePortRanges("1,2,22-30", "443", "1-65535")
	if err != nil {
		t.Fatal(err)
	}
	want := []vpc.PortRange{vpc.Port(1), vpc.Port(2), vpc.Ports(22, 30), vpc.Port(443), vpc.Ports(1, 65535)}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ParsePortRanges (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"1", "2", "22-30", "443", "1-65535"}, FormatPortRanges(got)); d != "" {
		t.Errorf("FormatPortRanges (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"1-65535"}, FormatPortRanges([]vpc.PortRange{{}})); d != "" {
		t.Errorf("FormatPortRanges(zero range) (-want +got):\n%s", d)
	}
	for _, bad := range []string{"", "0", "65536", "30-22", "a", "1-", "-5", "1-2-3", "123456", "+80", "22,"} {
		if r, err := ParsePortRanges(bad); err == nil {
			t.Errorf("ParsePortRanges(%q) = %v, want an error", bad, r)
		}
	}

	c := ResourceConfiguration{PortRanges: []vpc.PortRange{vpc.Port(5432), vpc.Ports(8000, 8080)}}
	for p, want := range map[uint16]bool{5432: true, 5433: false, 8000: true, 8080: true, 8081: false} {
		if got := c.AllowsPort(p); got != want {
			t.Errorf("AllowsPort(%d) = %v, want %v", p, got, want)
		}
	}
	if !(ResourceConfiguration{}).AllowsPort(1) {
		t.Error("a configuration without port ranges refuses port 1, want every port allowed")
	}
}

func TestSmallHelpers(t *testing.T) {
	if !(ServiceNetworkVPCAssociation{}).PrivateDNS() || (ServiceNetworkVPCAssociation{PrivateDNSEnabled: ptr(false)}).PrivateDNS() {
		t.Error("VPC association PrivateDNS: want on unless set off")
	}
	if !(ServiceNetworkResourceAssociation{}).PrivateDNS() || (ServiceNetworkResourceAssociation{PrivateDNSEnabled: ptr(false)}).PrivateDNS() {
		t.Error("resource association PrivateDNS: want on unless set off")
	}
	if !(ServiceNetwork{}).Shareable() || (ServiceNetwork{SharingDisabled: true}).Shareable() {
		t.Error("Shareable: want true unless sharing is disabled")
	}
	if !AuthIAM.IsIAM() || AuthNone.IsIAM() || AuthType("").IsIAM() {
		t.Error("IsIAM: want true only for AWS_IAM")
	}
	if !DNSSpecifiedDomainsOnly.UsesSpecifiedDomains() || DNSAllDomains.UsesSpecifiedDomains() || PrivateDNSPreference("").UsesSpecifiedDomains() {
		t.Error("UsesSpecifiedDomains: want true for the two *SPECIFIED* preferences only")
	}
	if !ListenerHTTPS.HasRules() || ListenerTLSPassthrough.HasRules() {
		t.Error("HasRules: want true for HTTP(S) listeners, false for TLS passthrough")
	}
	if (ResourceGateway{}).AddressesPerENI() != 16 || (ResourceGateway{IPv4AddressesPerENI: 4}).AddressesPerENI() != 4 {
		t.Error("AddressesPerENI: want 16 by default, else the declared number")
	}
	if !GatewayDualStack.HasIPv4() || !GatewayDualStack.HasIPv6() || GatewayIPv6.HasIPv4() || GatewayIPAddressType("").HasIPv6() {
		t.Error("gateway address families wrong")
	}
	if (Service{}).HasCertificate() || !(Service{CertificateARN: "arn:x"}).HasCertificate() {
		t.Error("HasCertificate wrong")
	}
	for _, tc := range []struct {
		d    ResourceDefinition
		want DefinitionKind
	}{
		{ResourceDefinition{IP: netip.MustParseAddr("10.0.0.1")}, DefinitionIP},
		{ResourceDefinition{DomainName: "a.example.com"}, DefinitionDomain},
		{ResourceDefinition{ARN: "arn:aws:rds:r:1:db:x"}, DefinitionARN},
		{ResourceDefinition{}, ""},
	} {
		if got := tc.d.Kind(); got != tc.want {
			t.Errorf("%+v.Kind() = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestResourceShare(t *testing.T) {
	s := ResourceShare{Owner: "111111111111", Resources: []string{"sn-a", "rcfg-b"}, Principals: []string{"222222222222", "o-org1"}}
	for _, tc := range []struct {
		account, org string
		want         bool
	}{
		{"222222222222", "", true},
		{"333333333333", "o-org1", true},
		{"333333333333", "o-org2", false},
		{"333333333333", "", false},
		{"", "", false},
	} {
		if got := s.Reaches(tc.account, tc.org); got != tc.want {
			t.Errorf("Reaches(%q, %q) = %v, want %v", tc.account, tc.org, got, tc.want)
		}
	}
	if !s.Shares("rcfg-b") || s.Shares("svc-c") {
		t.Error("Shares: want true only for listed resources")
	}
	if !IsOrganizationID("o-org1") || IsOrganizationID("222222222222") {
		t.Error("IsOrganizationID wrong")
	}
}
