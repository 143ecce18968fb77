package elb

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

	"github.com/vpcsim/vpcsim/vpc"
)

var addrCmp = cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})

func ptr[T any](v T) *T { return &v }

func TestTypeDefaults(t *testing.T) {
	if Type("").String() != "application" || !Type("").Valid() || Type("classic").Valid() {
		t.Error("zero Type is not application, or classic is valid")
	}
	// Cross-zone load balancing: always on for ALBs, off by default for
	// NLBs and GWLBs (ALB guide "Cross-zone load balancing for target
	// groups"; NLB guide, same title; API reference LoadBalancerAttribute).
	for ty, want := range map[Type]bool{"": true, Application: true, Network: false, Gateway: false} {
		if got := ty.CrossZoneDefault(); got != want {
			t.Errorf("%q.CrossZoneDefault() = %v, want %v", ty, got, want)
		}
	}
	// ALBs need subnets in at least two zones; NLBs and GWLBs one
	// (API reference CreateLoadBalancer, Subnets).
	for ty, want := range map[Type]int{"": 2, Network: 1, Gateway: 1} {
		if got := ty.MinAvailabilityZones(); got != want {
			t.Errorf("%q.MinAvailabilityZones() = %d, want %d", ty, got, want)
		}
	}
}

func TestProtocolValidFor(t *testing.T) {
	// Listener protocols (API reference CreateListener, Protocol; NLB guide
	// "Create a listener" for QUIC and TCP_QUIC).
	want := map[Type][]Protocol{
		Application: {HTTP, HTTPS},
		Network:     {TCP, TLS, UDP, TCPUDP, QUIC, TCPQUIC},
		Gateway:     {GENEVE},
	}
	for ty, ps := range want {
		for _, p := range protocols {
			if got := p.ValidFor(ty); got != slices.Contains(ps, p) {
				t.Errorf("%s.ValidFor(%s) = %v", p, ty, got)
			}
		}
	}
	if Protocol("").Valid() || Protocol("http").Valid() {
		t.Error("zero or lower-case protocols are valid")
	}
	for _, tc := range []struct {
		p    Protocol
		want []vpc.Protocol
	}{
		{HTTPS, []vpc.Protocol{vpc.ProtocolTCP}},
		{TLS, []vpc.Protocol{vpc.ProtocolTCP}},
		{UDP, []vpc.Protocol{vpc.ProtocolUDP}},
		{GENEVE, []vpc.Protocol{vpc.ProtocolUDP}},
		{TCPUDP, []vpc.Protocol{vpc.ProtocolTCP, vpc.ProtocolUDP}},
		{TCPQUIC, []vpc.Protocol{vpc.ProtocolTCP, vpc.ProtocolUDP}},
		{"SCTP", nil},
	} {
		if d := cmp.Diff(tc.want, tc.p.IPProtocols()); d != "" {
			t.Errorf("%s.IPProtocols() (-want +got):\n%s", tc.p, d)
		}
	}
}

func TestTargetTypeValidFor(t *testing.T) {
	// ALBs take instance, ip and lambda targets; NLBs instance, ip and alb;
	// GWLBs instance and ip (API reference CreateTargetGroup, TargetType).
	want := map[Type][]TargetType{
		Application: {InstanceTarget, IPTarget, LambdaTarget},
		Network:     {InstanceTarget, IPTarget, ALBTarget},
		Gateway:     {InstanceTarget, IPTarget},
	}
	for ty, tts := range want {
		for _, tt := range []TargetType{InstanceTarget, IPTarget, LambdaTarget, ALBTarget} {
			if got := tt.ValidFor(ty); got != slices.Contains(tts, tt) {
				t.Errorf("%s.ValidFor(%s) = %v", tt, ty, got)
			}
		}
	}
	if TargetType("").Norm() != InstanceTarget || TargetType("container").Valid() {
		t.Error("zero TargetType is not instance, or a bogus type is valid")
	}
}

func TestIPAddressType(t *testing.T) {
	// dualstack-without-public-ipv4 is for ALBs only (API reference
	// CreateLoadBalancer, IpAddressType).
	if !DualStackWithoutPublicIPv4.ValidFor(Application) || DualStackWithoutPublicIPv4.ValidFor(Network) || DualStackWithoutPublicIPv4.ValidFor(Gateway) {
		t.Error("dualstack-without-public-ipv4 validity wrong")
	}
	if !DualStack.ValidFor(Gateway) || !IPAddressType("").ValidFor(Network) || IPAddressType("ipv6").Valid() {
		t.Error("address type validity wrong")
	}
	if IPv4.HasIPv6() || !DualStack.HasIPv6() || !DualStackWithoutPublicIPv4.HasIPv6() {
		t.Error("HasIPv6 wrong")
	}
}

func TestHealthStates(t *testing.T) {
	// The states of API reference TargetHealth. Healthy targets and those
	// without health checks (unavailable) receive traffic; the others do
	// not, unless the target group fails open.
	routable := map[HealthState]bool{"": true, Healthy: true, Unavailable: true}
	for _, h := range append(healthStates, "") {
		if !h.Valid() {
			t.Errorf("%q invalid", h)
		}
		if got := h.Routable(); got != routable[h] {
			t.Errorf("%q.Routable() = %v", h, got)
		}
	}
	if HealthState("sick").Valid() || HealthState("").String() != "healthy" {
		t.Error("HealthState validity or zero String wrong")
	}
}

func TestLoadBalancerHelpers(t *testing.T) {
	for _, tc := range []struct {
		lb                LoadBalancer
		sgs, xzone, plRes bool
	}{
		// An ALB always has security groups (the VPC default when none).
		{LoadBalancer{}, true, true, false},
		{LoadBalancer{CrossZone: ptr(false)}, true, true, false},
		// An NLB without groups has none; its listeners take every client
		// (NLB guide "Security groups for your Network Load Balancer").
		{LoadBalancer{Type: Network}, false, false, false},
		{LoadBalancer{Type: Network, SecurityGroups: []string{"sg-nlb"}, CrossZone: ptr(true)}, true, true, true},
		{LoadBalancer{Type: Network, SecurityGroups: []string{"sg-nlb"}, EnforceInboundRulesOnPrivateLink: ptr(false)}, true, false, false},
		// A GWLB never has security groups (API reference SetSecurityGroups).
		{LoadBalancer{Type: Gateway, SecurityGroups: []string{"sg-x"}}, false, false, false},
	} {
		if got := tc.lb.HasSecurityGroups(); got != tc.sgs {
			t.Errorf("%+v.HasSecurityGroups() = %v", tc.lb, got)
		}
		if got := tc.lb.CrossZoneEnabled(); got != tc.xzone {
			t.Errorf("%+v.CrossZoneEnabled() = %v", tc.lb, got)
		}
		if got := tc.lb.InboundRulesOnPrivateLink(); got != tc.plRes {
			t.Errorf("%+v.InboundRulesOnPrivateLink() = %v", tc.lb, got)
		}
	}
	lb := LoadBalancer{Subnets: []SubnetMapping{{Subnet: "b"}, {Subnet: "a"}}}
	if d := cmp.Diff([]string{"b", "a"}, lb.SubnetIDs()); d != "" {
		t.Errorf("SubnetIDs (-want +got):\n%s", d)
	}
}

func TestClientIPPreserved(t *testing.T) {
	// NLB guide "Edit target group attributes", Client IP preservation:
	// instance target groups enabled; ip target groups over UDP, TCP_UDP,
	// QUIC and TCP_QUIC enabled and fixed; ip target groups over TCP and
	// TLS disabled; alb targets receive the client's address.
	for _, tc := range []struct {
		tg   TargetGroup
		want bool
	}{
		{TargetGroup{Protocol: TCP}, true},
		{TargetGroup{Protocol: TCP, PreserveClientIP: ptr(false)}, false},
		{TargetGroup{Protocol: UDP, PreserveClientIP: ptr(false)}, true},
		{TargetGroup{TargetType: IPTarget, Protocol: TCP}, false},
		{TargetGroup{TargetType: IPTarget, Protocol: TLS}, false},
		{TargetGroup{TargetType: IPTarget, Protocol: TLS, PreserveClientIP: ptr(true)}, true},
		{TargetGroup{TargetType: IPTarget, Protocol: UDP}, true},
		{TargetGroup{TargetType: IPTarget, Protocol: TCPUDP, PreserveClientIP: ptr(false)}, true},
		{TargetGroup{TargetType: IPTarget, Protocol: QUIC}, true},
		{TargetGroup{TargetType: IPTarget, Protocol: TCPQUIC}, true},
		{TargetGroup{TargetType: ALBTarget, Protocol: TCP}, true},
		// An ALB opens its own connections; a GWLB passes the packets.
		{TargetGroup{Protocol: HTTP}, false},
		{TargetGroup{TargetType: IPTarget, Protocol: HTTPS, PreserveClientIP: ptr(true)}, false},
		{TargetGroup{TargetType: LambdaTarget}, false},
		{TargetGroup{Protocol: GENEVE, Port: GENEVEPort}, true},
	} {
		if got := tc.tg.ClientIPPreserved(); got != tc.want {
			t.Errorf("%+v.ClientIPPreserved() = %v, want %v", tc.tg, got, tc.want)
		}
	}
}

func TestHealthCheckDefaults(t *testing.T) {
	// API reference CreateTargetGroup: health checks are off by default
	// for lambda targets and always on for the others; the protocol
	// defaults to HTTP for ALB target groups and TCP for NLB and GWLB
	// ones; the port to traffic-port, or 80 for GENEVE.
	lambda := TargetGroup{TargetType: LambdaTarget}
	if lambda.HealthChecksEnabled() {
		t.Error("lambda health checks on by default")
	}
	lambda.HealthCheck.Enabled = ptr(true)
	if !lambda.HealthChecksEnabled() {
		t.Error("lambda health checks not turned on")
	}
	if !(TargetGroup{HealthCheck: HealthCheck{Enabled: ptr(false)}}).HealthChecksEnabled() {
		t.Error("instance target group health checks turned off")
	}
	for _, tc := range []struct {
		tg   TargetGroup
		want Protocol
	}{
		{TargetGroup{Protocol: HTTPS}, HTTP},
		{TargetGroup{Protocol: TCP}, TCP},
		{TargetGroup{Protocol: UDP}, TCP},
		{TargetGroup{Protocol: GENEVE}, TCP},
		{TargetGroup{Protocol: TCP, HealthCheck: HealthCheck{Protocol: HTTPS}}, HTTPS},
	} {
		if got := tc.tg.HealthCheckProtocol(); got != tc.want {
			t.Errorf("%+v.HealthCheckProtocol() = %s, want %s", tc.tg, got, tc.want)
		}
	}
	tg := TargetGroup{ID: "tg-a", Protocol: HTTP, Port: 8080}
	for _, tc := range []struct {
		port   string
		target Target
		want   uint16
	}{
		{"", Target{}, 8080},
		{"", Target{Port: 9000}, 9000},
		{TrafficPort, Target{Port: 9000}, 9000},
		{"8081", Target{Port: 9000}, 8081},
	} {
		tg.HealthCheck.Port = tc.port
		got, err := tg.HealthCheckPort(tc.target)
		if err != nil || got != tc.want {
			t.Errorf("HealthCheckPort(port %q, target %+v) = %d, %v; want %d", tc.port, tc.target, got, err, tc.want)
		}
	}
	for _, bad := range []string{"0", "65536", "http", "-1"} {
		tg.HealthCheck.Port = bad
		if _, err := tg.HealthCheckPort(Target{}); err == nil || !strings.Contains(err.Error(), "tg-a") {
			t.Errorf("HealthCheckPort(%q) error = %v, want one naming the target group", bad, err)
		}
	}
	if p, _ := (TargetGroup{Protocol: GENEVE, Port: GENEVEPort}).HealthCheckPort(Target{}); p != 80 {
		t.Errorf("GENEVE health check port = %d, want 80", p)
	}
}

func TestListenerHelpers(t *testing.T) {
	l := Listener{Rules: []Rule{{ID: "c", Priority: 30}, {ID: "a", Priority: 10}, {ID: "b", Priority: 20}, {ID: "a2", Priority: 10}}}
	var ids []string
	for _, r := range l.SortedRules() {
		ids = append(ids, r.ID)
	}
	if d := cmp.Diff([]string{"a", "a2", "b", "c"}, ids); d != "" {
		t.Errorf("SortedRules (-want +got):\n%s", d)
	}
	if l.Rules[0].ID != "c" {
		t.Error("SortedRules reordered the listener's own rules")
	}
	if d := cmp.Diff([]string{"blue", "green"}, ForwardWeighted(WeightedTargetGroup{"blue", 10}, WeightedTargetGroup{"green", 20}).TargetGroups()); d != "" {
		t.Errorf("TargetGroups (-want +got):\n%s", d)
	}
	if Respond(404, "text/plain", "no").TargetGroups() != nil {
		t.Error("a fixed response names target groups")
	}
	for _, f := range conditionFields {
		if !f.Valid() {
			t.Errorf("%s invalid", f)
		}
	}
	// A rule holds at most one host-header, http-request-method,
	// path-pattern and source-ip condition, and any number of http-header
	// and query-string ones (ALB guide "Condition types for listener
	// rules", Condition basics).
	for _, f := range conditionFields {
		if got := f.Repeatable(); got != (f == HeaderField || f == QueryStringField) {
			t.Errorf("%s.Repeatable() = %v", f, got)
		}
	}
	if ConditionField("host").Valid() || ActionType("authenticate-oidc").Valid() || !RedirectCode("HTTP_302").Valid() || RedirectCode("301").Valid() {
		t.Error("enum validity wrong")
	}
}

func sampleNetwork() (LoadBalancer, []Listener, []TargetGroup) {
	lb := LoadBalancer{
		ID: "alb-web", Name: "web", Type: Application, Scheme: Internal, Account: "111122223333", VPC: "vpc-a",
		Subnets: []SubnetMapping{
			{Subnet: "subnet-a", PrivateIPv4: netip.MustParseAddr("10.0.0.10"), ElasticIP: netip.MustParseAddr("54.1.2.3"), IPv6: netip.MustParseAddr("2600:1f18::10")},
			{Subnet: "subnet-b"},
		},
		IPAddressType: DualStack, SecurityGroups: []string{"sg-alb"}, CreatedWithSecurityGroups: ptr(true),
		EnforceInboundRulesOnPrivateLink: ptr(false), CrossZone: ptr(true), Tags: map[string]string{"env": "prod"},
	}
	listeners := []Listener{{
		ID: "l-443", Name: "https", LoadBalancer: "alb-web", Protocol: HTTPS, Port: 443,
		Default: Respond(404, "text/plain", "not found"),
		Rules: []Rule{
			{ID: "api", Priority: 10, Conditions: []Condition{
				HostHeader("api.example.com", "*.api.example.com"), PathPattern("/v1/*"), Method("GET", "HEAD"),
				Header("X-Env", "prod*"), Query(QueryValue{Key: "version", Value: "v1"}, QueryValue{Value: "*beta*"}),
				SourceIP(netip.MustParsePrefix("10.0.0.0/8")),
				{Field: PathPatternField, RegexValues: []string{`^/v2/.*$`}},
			}, Action: ForwardWeighted(WeightedTargetGroup{"tg-blue", 90}, WeightedTargetGroup{"tg-green", 10})},
			{Priority: 20, Conditions: []Condition{PathPattern("/old/*")}, Action: RedirectTo(Redirect{Protocol: "HTTPS", Host: "#{host}", Port: "443", Path: "/new/#{path}", Query: "#{query}", StatusCode: Permanent})},
		},
		Tags: map[string]string{"a": "b"},
	}}
	tgs := []TargetGroup{{
		ID: "tg-blue", Name: "blue", TargetType: IPTarget, Protocol: HTTP, Port: 8080, ProtocolVersion: HTTP2, VPC: "vpc-a",
		HealthCheck: HealthCheck{Enabled: ptr(true), Protocol: HTTP, Port: TrafficPort, Path: "/health",
			Matcher: Matcher{HTTPCode: "200-299", GRPCCode: "0"}, IntervalSeconds: 10, TimeoutSeconds: 5, HealthyThreshold: 3, UnhealthyThreshold: 2},
		Targets: []Target{
			{IP: netip.MustParseAddr("10.0.1.5"), Port: 8081, AvailabilityZone: AllZones, Health: Draining},
			{ID: "i-0abc", Health: Healthy},
		},
		PreserveClientIP: ptr(false), CrossZone: ptr(false), Tags: map[string]string{"c": "d"},
	}}
	return lb, listeners, tgs
}

func TestJSONRoundTrip(t *testing.T) {
	type all struct {
		LoadBalancers []LoadBalancer `json:"loadBalancers"`
		Listeners     []Listener     `json:"listeners"`
		TargetGroups  []TargetGroup  `json:"targetGroups"`
	}
	lb, ls, tgs := sampleNetwork()
	in := all{[]LoadBalancer{lb, {ID: "nlb", Type: Network, VPC: "vpc-a", Subnets: []SubnetMapping{{Subnet: "subnet-a"}}}}, ls, tgs}
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
	for _, tc := range []struct {
		v    any
		want string
	}{
		{LoadBalancer{ID: "nlb", Type: Network, VPC: "vpc-a", Subnets: []SubnetMapping{{Subnet: "subnet-a", ElasticIP: netip.MustParseAddr("54.1.2.3")}}},
			`{"id":"nlb","type":"network","vpc":"vpc-a","subnets":[{"subnet":"subnet-a","elasticIp":"54.1.2.3"}]}`},
		{Listener{ID: "l-80", LoadBalancer: "nlb", Protocol: TCP, Port: 80, Default: ForwardTo("tg")},
			`{"id":"l-80","loadBalancer":"nlb","protocol":"TCP","port":80,"default":{"type":"forward","forward":[{"targetGroup":"tg"}]}}`},
		{Rule{Priority: 5, Conditions: []Condition{Header("User-Agent", "*Chrome*"), SourceIP(netip.MustParsePrefix("192.0.2.0/24"))}, Action: Respond(503, "", "")},
			`{"priority":5,"conditions":[{"field":"http-header","values":["*Chrome*"],"headerName":"User-Agent"},{"field":"source-ip","sourceIps":["192.0.2.0/24"]}],"action":{"type":"fixed-response","fixedResponse":{"statusCode":503}}}`},
		{Condition{Field: QueryStringField, QueryValues: []QueryValue{{Value: "*example*"}}},
			`{"field":"query-string","queryValues":[{"value":"*example*"}]}`},
		{TargetGroup{ID: "tg", Protocol: TCP, Port: 443, VPC: "vpc-a", Targets: []Target{{ID: "i-1"}, {IP: netip.MustParseAddr("10.0.0.9"), AvailabilityZone: "all", Health: Unhealthy}}},
			`{"id":"tg","protocol":"TCP","port":443,"vpc":"vpc-a","targets":[{"id":"i-1"},{"ip":"10.0.0.9","availabilityZone":"all","health":"unhealthy"}]}`},
		{RedirectTo(Redirect{Protocol: "HTTPS", StatusCode: Temporary}),
			`{"type":"redirect","redirect":{"protocol":"HTTPS","statusCode":"HTTP_302"}}`},
	} {
		b, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tc.want {
			t.Errorf("json = %s\nwant   %s", b, tc.want)
		}
	}
}

func TestJSONKeys(t *testing.T) {
	lb, ls, tgs := sampleNetwork()
	for _, tc := range []struct {
		v    any
		want []string
	}{
		{lb, []string{"account", "createdWithSecurityGroups", "crossZone", "enforceInboundRulesOnPrivateLink", "id",
			"ipAddressType", "name", "scheme", "securityGroups", "subnets", "tags", "type", "vpc"}},
		{ls[0], []string{"default", "id", "loadBalancer", "name", "port", "protocol", "rules", "tags"}},
		{tgs[0], []string{"crossZone", "healthCheck", "id", "name", "port", "preserveClientIp", "protocol",
			"protocolVersion", "tags", "targetType", "targets", "vpc"}},
		{tgs[0].HealthCheck, []string{"enabled", "healthyThreshold", "intervalSeconds", "matcher", "path", "port",
			"protocol", "timeoutSeconds", "unhealthyThreshold"}},
	} {
		b, err := json.Marshal(tc.v)
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
		if d := cmp.Diff(tc.want, keys); d != "" {
			t.Errorf("%T JSON keys (-want +got):\n%s", tc.v, d)
		}
	}
}

// TestJSONTags checks that every field of every declared type has a
// camelCase JSON name and that optional fields are omitted when zero.
func TestJSONTags(t *testing.T) {
	required := map[string]bool{
		"LoadBalancer.ID": true, "LoadBalancer.VPC": true, "LoadBalancer.Subnets": true, "SubnetMapping.Subnet": true,
		"Listener.ID": true, "Listener.LoadBalancer": true, "Listener.Default": true,
		"Rule.Priority": true, "Rule.Conditions": true, "Rule.Action": true,
		"Condition.Field": true, "QueryValue.Value": true, "Action.Type": true,
		"WeightedTargetGroup.TargetGroup": true, "FixedResponse.StatusCode": true, "Redirect.StatusCode": true,
		"TargetGroup.ID": true,
	}
	for _, v := range []any{LoadBalancer{}, SubnetMapping{}, Listener{}, Rule{}, Condition{}, QueryValue{}, Action{},
		WeightedTargetGroup{}, FixedResponse{}, Redirect{}, TargetGroup{}, Target{}, HealthCheck{}, Matcher{}} {
		ty := reflect.TypeOf(v)
		for i := 0; i < ty.NumField(); i++ {
			f := ty.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
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
}
