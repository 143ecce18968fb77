package lattice

import "net/netip"

// TargetType is the kind of target a target group holds, fixed at creation.
type TargetType string

// Target types, spelled as in the AWS API. There is no zero default.
const (
	TargetInstance TargetType = "INSTANCE"
	TargetIP       TargetType = "IP"
	TargetLambda   TargetType = "LAMBDA"
	TargetALB      TargetType = "ALB"
)

// Valid reports whether t is one of the target types.
func (t TargetType) Valid() bool {
	switch t {
	case TargetInstance, TargetIP, TargetLambda, TargetALB:
		return true
	}
	return false
}

// TargetGroupProtocol is the protocol Lattice uses towards targets, and the
// protocol of health checks.
type TargetGroupProtocol string

// Target group protocols, spelled as in the AWS API.
const (
	ProtocolHTTP  TargetGroupProtocol = "HTTP"
	ProtocolHTTPS TargetGroupProtocol = "HTTPS"
	// ProtocolTCP serves only TLS passthrough listeners.
	ProtocolTCP TargetGroupProtocol = "TCP"
)

// Valid reports whether p is one of the target group protocols.
func (p TargetGroupProtocol) Valid() bool {
	switch p {
	case ProtocolHTTP, ProtocolHTTPS, ProtocolTCP:
		return true
	}
	return false
}

// DefaultPort returns the port AWS uses when a target group or target names
// none: 80 for HTTP, 443 for HTTPS, 0 (none; required) for TCP.
func (p TargetGroupProtocol) DefaultPort() uint16 {
	switch p {
	case ProtocolHTTP:
		return 80
	case ProtocolHTTPS:
		return 443
	}
	return 0
}

// ProtocolVersion is the HTTP version Lattice speaks to targets.
type ProtocolVersion string

// Protocol versions, spelled as in the AWS API. The zero value means
// [HTTP1], the AWS default.
const (
	HTTP1 ProtocolVersion = "HTTP1"
	HTTP2 ProtocolVersion = "HTTP2"
	GRPC  ProtocolVersion = "GRPC"
)

// Valid reports whether v is a known version (the zero value counts as
// [HTTP1]).
func (v ProtocolVersion) Valid() bool {
	switch v {
	case "", HTTP1, HTTP2, GRPC:
		return true
	}
	return false
}

// String returns the version, "HTTP1" for the zero value.
func (v ProtocolVersion) String() string {
	if v == "" {
		return string(HTTP1)
	}
	return string(v)
}

// IPAddressType is the address family of a target group's IP targets.
type IPAddressType string

// IP address types, spelled as in the AWS API. The zero value means
// [IPv4], the AWS default.
const (
	IPv4 IPAddressType = "IPV4"
	IPv6 IPAddressType = "IPV6"
)

// Valid reports whether t is a known type (the zero value counts as
// [IPv4]).
func (t IPAddressType) Valid() bool { return t == "" || t == IPv4 || t == IPv6 }

// String returns the type, "IPV4" for the zero value.
func (t IPAddressType) String() string {
	if t == "" {
		return string(IPv4)
	}
	return string(t)
}

// LambdaEventVersion is the version of the event structure a Lambda target
// receives. It changes the payload, not reachability.
type LambdaEventVersion string

// Lambda event structure versions. The zero value means [LambdaEventV1],
// the API default (the console proposes V2).
const (
	LambdaEventV1 LambdaEventVersion = "V1"
	LambdaEventV2 LambdaEventVersion = "V2"
)

// Valid reports whether v is a known version (the zero value counts as V1).
func (v LambdaEventVersion) Valid() bool { return v == "" || v == LambdaEventV1 || v == LambdaEventV2 }

// TargetGroup is a set of targets a service forwards requests to, with the
// protocol, port and health check used towards them. It belongs to the
// account of the service using it and serves a single service (whose
// listeners may share it).
type TargetGroup struct {
	ID      string     `json:"id"`
	Name    string     `json:"name,omitempty"`
	Account string     `json:"account,omitempty"`
	Type    TargetType `json:"type"`
	// Protocol, Port, ProtocolVersion and VPC do not apply to LAMBDA
	// target groups.
	Protocol TargetGroupProtocol `json:"protocol,omitempty"`
	// Port is 1–65535; 0 means the protocol's default (80 for HTTP, 443 for
	// HTTPS; TCP target groups must name one).
	Port            uint16          `json:"port,omitempty"`
	ProtocolVersion ProtocolVersion `json:"protocolVersion,omitempty"`
	// IPAddressType applies to IP target groups only.
	IPAddressType IPAddressType `json:"ipAddressType,omitempty"`
	// VPC is where the targets are; it needs no association with any
	// service network.
	VPC string `json:"vpc,omitempty"`
	// HealthCheck configures health checks; nil means the AWS defaults
	// (see [TargetGroup.HealthChecksEnabled]). Not for LAMBDA or ALB
	// target groups.
	HealthCheck *HealthCheck `json:"healthCheck,omitempty"`
	// LambdaEventVersion applies to LAMBDA target groups only.
	LambdaEventVersion LambdaEventVersion `json:"lambdaEventVersion,omitempty"`
	Targets            []Target           `json:"targets,omitempty"`
	Tags               map[string]string  `json:"tags,omitempty"`
}

// EffectivePort returns Port, or the protocol's default when Port is 0.
func (g TargetGroup) EffectivePort() uint16 {
	if g.Port != 0 {
		return g.Port
	}
	return g.Protocol.DefaultPort()
}

// TargetPort returns the port requests to target t use: its own port, else
// the target group's.
func (g TargetGroup) TargetPort(t Target) uint16 {
	if t.Port != 0 {
		return t.Port
	}
	return g.EffectivePort()
}

// HealthChecksEnabled reports whether Lattice health-checks the targets.
// LAMBDA and ALB target groups never have Lattice health checks. Otherwise
// an explicit HealthCheck.Enabled decides; without one, checks are on by
// default only for HTTP or HTTPS target groups of protocol version HTTP1
// (off for TCP, HTTP2 and GRPC).
func (g TargetGroup) HealthChecksEnabled() bool {
	if g.Type == TargetLambda || g.Type == TargetALB {
		return false
	}
	if g.HealthCheck != nil && g.HealthCheck.Enabled != nil {
		return *g.HealthCheck.Enabled
	}
	return g.Protocol != ProtocolTCP && (g.ProtocolVersion == "" || g.ProtocolVersion == HTTP1)
}

// HealthCheckPort returns the port health checks of target t use: the
// health check's port, else the target's traffic port.
func (g TargetGroup) HealthCheckPort(t Target) uint16 {
	if g.HealthCheck != nil && g.HealthCheck.Port != 0 {
		return g.HealthCheck.Port
	}
	return g.TargetPort(t)
}

// Health check defaults, as AWS documents them.
const (
	DefaultHealthCheckPath            = "/"
	DefaultHealthCheckMatcher         = "200"
	DefaultHealthCheckIntervalSeconds = 30
	DefaultHealthCheckTimeoutSeconds  = 5
	DefaultHealthyThresholdCount      = 5
	DefaultUnhealthyThresholdCount    = 2
	DefaultHealthCheckProtocol        = ProtocolHTTP
	DefaultHealthCheckProtocolVersion = HTTP1
)

// HealthCheck configures how Lattice checks the health of targets. Zero
// fields mean the AWS defaults. Health-check traffic comes from Lattice's
// addresses, so target security groups and network ACLs must admit it on
// the health-check port.
type HealthCheck struct {
	// Enabled turns checks on or off; nil means the default of
	// [TargetGroup.HealthChecksEnabled].
	Enabled *bool `json:"enabled,omitempty"`
	// Protocol is HTTP (the default) or HTTPS.
	Protocol TargetGroupProtocol `json:"protocol,omitempty"`
	// ProtocolVersion is HTTP1 (the default) or HTTP2; GRPC target groups
	// must check with one of them.
	ProtocolVersion ProtocolVersion `json:"protocolVersion,omitempty"`
	// Port is 0 (the target's traffic port) or 1–65535.
	Port uint16 `json:"port,omitempty"`
	// Path is the request path; empty means "/".
	Path string `json:"path,omitempty"`
	// IntervalSeconds (5–300, default 30), TimeoutSeconds (1–120, default
	// 5), HealthyThreshold and UnhealthyThreshold (2–10, defaults 5 and
	// 2); 0 means the default.
	IntervalSeconds    int `json:"intervalSeconds,omitempty"`
	TimeoutSeconds     int `json:"timeoutSeconds,omitempty"`
	HealthyThreshold   int `json:"healthyThreshold,omitempty"`
	UnhealthyThreshold int `json:"unhealthyThreshold,omitempty"`
	// Matcher lists the HTTP codes of a healthy answer, e.g. "200",
	// "200-299" or "200,202"; empty means "200".
	Matcher string `json:"matcher,omitempty"`
}

// EffectivePath returns Path, or "/" when it is empty.
func (h HealthCheck) EffectivePath() string {
	if h.Path == "" {
		return DefaultHealthCheckPath
	}
	return h.Path
}

// EffectiveMatcher returns Matcher, or "200" when it is empty.
func (h HealthCheck) EffectiveMatcher() string {
	if h.Matcher == "" {
		return DefaultHealthCheckMatcher
	}
	return h.Matcher
}

// EffectiveProtocol returns Protocol, or HTTP when it is empty.
func (h HealthCheck) EffectiveProtocol() TargetGroupProtocol {
	if h.Protocol == "" {
		return DefaultHealthCheckProtocol
	}
	return h.Protocol
}

// TargetHealth is the health state of a registered target, as AWS reports
// it. vpcsim does not run health checks: the user declares each target's
// state (a test can then ask what happens when targets fail).
type TargetHealth string

// Target health states, spelled as in the AWS API. The zero value means
// [HealthHealthy].
const (
	HealthHealthy   TargetHealth = "HEALTHY"
	HealthUnhealthy TargetHealth = "UNHEALTHY"
	// HealthUnavailable: health checks are disabled for the target group.
	HealthUnavailable TargetHealth = "UNAVAILABLE"
	// HealthDraining: being deregistered; no new requests.
	HealthDraining TargetHealth = "DRAINING"
	// HealthInitial: newly registered, its first check still pending.
	HealthInitial TargetHealth = "INITIAL"
	// HealthUnused: the target group is not used by a service.
	HealthUnused TargetHealth = "UNUSED"
)

// Valid reports whether h is a known state (the zero value counts as
// healthy).
func (h TargetHealth) Valid() bool {
	switch h {
	case "", HealthHealthy, HealthUnhealthy, HealthUnavailable, HealthDraining, HealthInitial, HealthUnused:
		return true
	}
	return false
}

// String returns the state, "HEALTHY" for the zero value.
func (h TargetHealth) String() string {
	if h == "" {
		return string(HealthHealthy)
	}
	return string(h)
}

// Routable reports whether a target in this state takes new requests while
// its target group has at least one such target: a healthy target does,
// and so does one whose group has health checks disabled (nothing marks it
// unhealthy). Unhealthy, draining, initial and unused targets do not. When
// no target of a group is routable, Lattice fails open to all of them; that
// rule belongs to the engine.
func (h TargetHealth) Routable() bool { return h == "" || h == HealthHealthy || h == HealthUnavailable }

// Target is one registered target. An IP target group's targets set IP;
// the others set ID: an instance ID (the Owner of its network interfaces),
// a Lambda function ARN or name, or the ID of an internal Application Load
// Balancer.
type Target struct {
	ID string     `json:"id,omitempty"`
	IP netip.Addr `json:"ip,omitzero"`
	// Port overrides the target group's port; 0 means the group's port.
	Port   uint16       `json:"port,omitempty"`
	Health TargetHealth `json:"health,omitempty"`
}
