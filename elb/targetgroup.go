package elb

import (
	"fmt"
	"net/netip"
	"strconv"
)

// AllZones is the Availability Zone of a target that receives traffic
// from the load balancer's nodes in every enabled zone; IP targets
// outside the target group's VPC take it.
const AllZones = "all"

// TrafficPort is the health-check port that means "the port each target
// receives traffic on".
const TrafficPort = "traffic-port"

// Target is one registered target of a target group, and its health.
type Target struct {
	// ID names an instance target (the instance ID, which is the Owner of
	// the instance's network interfaces; traffic goes to its primary
	// interface), a lambda target (the function's ARN or ID) or an alb
	// target (the Application Load Balancer's ID). Empty for ip targets.
	ID string `json:"id,omitempty"`
	// IP is the address of an ip target: an address of a subnet of the
	// target group's VPC, or a private address (RFC 1918 or RFC 6598)
	// outside it, reached through peering, a transit gateway, a VPN or
	// Direct Connect. Publicly routable addresses are not allowed.
	IP netip.Addr `json:"ip,omitzero"`
	// Port overrides the target group's port for this target; zero
	// means the target group's.
	Port uint16 `json:"port,omitempty"`
	// AvailabilityZone is "all" or a zone name. Required for ip targets
	// outside the VPC (an Application Load Balancer accepts only "all"
	// there while cross-zone load balancing is on); otherwise zero
	// means the zone of the target's subnet.
	AvailabilityZone string `json:"availabilityZone,omitempty"`
	// Health is the target's declared health; zero means healthy.
	Health HealthState `json:"health,omitempty"`
}

// Matcher is the set of response codes a health check accepts: HTTP
// codes such as "200", "200,202" or "200-299", or gRPC codes.
type Matcher struct {
	HTTPCode string `json:"httpCode,omitempty"`
	GRPCCode string `json:"grpcCode,omitempty"`
}

// HealthCheck configures how the load balancer checks its targets. Zero
// fields take the ELB API's defaults, which depend on the target group's
// protocol and target type (see each field).
type HealthCheck struct {
	// Enabled turns health checks on or off. Nil means on, except for
	// lambda target groups, where they are off by default; instance, ip
	// and alb target groups cannot turn them off.
	Enabled *bool `json:"enabled,omitempty"`
	// Protocol is HTTP, HTTPS or TCP. Zero means HTTP for HTTP and HTTPS
	// target groups (an Application Load Balancer's) and TCP for the
	// others. TCP checks are not allowed for HTTP and HTTPS target
	// groups.
	Protocol Protocol `json:"protocol,omitempty"`
	// Port is "traffic-port" or a port number. Zero means traffic-port,
	// or 80 for GENEVE target groups.
	Port string `json:"port,omitempty"`
	// Path is the request path of HTTP and HTTPS checks. Zero means "/",
	// or "/AWS.ALB/healthcheck" for gRPC target groups.
	Path string `json:"path,omitempty"`
	// Matcher lists the codes a healthy target returns. Zero means 200
	// for HTTP and HTTPS target groups, 12 (gRPC) for gRPC target groups
	// and 200-399 for HTTP checks of other target groups.
	Matcher Matcher `json:"matcher,omitzero"`
	// IntervalSeconds, TimeoutSeconds, HealthyThreshold and
	// UnhealthyThreshold tune the checks; zero means the API default.
	IntervalSeconds    int `json:"intervalSeconds,omitempty"`
	TimeoutSeconds     int `json:"timeoutSeconds,omitempty"`
	HealthyThreshold   int `json:"healthyThreshold,omitempty"`
	UnhealthyThreshold int `json:"unhealthyThreshold,omitempty"`
}

// TargetGroup is a set of targets that listeners and rules forward to.
//
// The load balancer sends new traffic to routable targets (healthy ones,
// and those without health checks) in the Availability Zones it enables.
// When every registered target is unhealthy, the target group fails open:
// the load balancer sends traffic to all of its targets, as if they were
// healthy. A Network Load Balancer, moreover, stops answering DNS with
// the address of a zone whose targets are all unhealthy, and fails open
// only when every target in every enabled zone is.
type TargetGroup struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// TargetType is instance (the zero value, as in the ELB API), ip,
	// lambda or alb.
	TargetType TargetType `json:"targetType,omitempty"`
	// Protocol is HTTP or HTTPS (Application Load Balancers); TCP, TLS,
	// UDP, TCP_UDP, QUIC or TCP_QUIC (Network; TCP for alb target groups);
	// GENEVE (Gateway). Lambda target groups have none.
	Protocol Protocol `json:"protocol,omitempty"`
	// Port is the port targets receive traffic on unless a target
	// overrides it; 6081 for GENEVE; none for lambda target groups. For an
	// alb target group it must be a listener port of the target ALB.
	Port uint16 `json:"port,omitempty"`
	// ProtocolVersion is HTTP1 (the zero value), HTTP2 or GRPC, for HTTP
	// and HTTPS target groups.
	ProtocolVersion ProtocolVersion `json:"protocolVersion,omitempty"`
	// VPC is the VPC of the targets; none for lambda target groups.
	VPC         string      `json:"vpc,omitempty"`
	HealthCheck HealthCheck `json:"healthCheck,omitzero"`
	Targets     []Target    `json:"targets,omitempty"`

	// PreserveClientIP is the preserve_client_ip.enabled attribute of
	// Network Load Balancer target groups: whether targets see the
	// client's address as the source, or the load balancer node's. Nil
	// means the AWS default, which [TargetGroup.ClientIPPreserved]
	// reports: on for instance and alb targets, on (and not changeable)
	// for ip targets over UDP, TCP_UDP, QUIC and TCP_QUIC, off for ip
	// targets over TCP and TLS.
	PreserveClientIP *bool `json:"preserveClientIp,omitempty"`
	// CrossZone is the load_balancing.cross_zone.enabled attribute,
	// overriding the load balancer's setting for this target group; nil
	// means the load balancer's setting.
	CrossZone *bool             `json:"crossZone,omitempty"`
	Tags      map[string]string `json:"tags,omitempty"`
}

// ClientIPPreserved reports whether the targets see the client's address
// as the source of the traffic a load balancer sends them.
//
// For a Network Load Balancer's target group this is client IP
// preservation: on by default for instance targets, on and fixed for ip
// targets over UDP, TCP_UDP, QUIC and TCP_QUIC, off by default for ip
// targets over TCP and TLS; an alb target always receives the client's
// address. Whatever this reports, the engine must still apply the cases
// where AWS ignores the setting: traffic arriving through AWS PrivateLink
// and traffic translated from IPv6 to IPv4 always carry the load
// balancer's address, and preservation needs the target in the load
// balancer's VPC or a peered VPC of the same Region.
//
// An Application Load Balancer ends the client's connection and opens its
// own, so HTTP and HTTPS target groups (and lambda ones) report false; a
// Gateway Load Balancer hands its appliances the original packets inside
// GENEVE, so GENEVE target groups report true.
func (tg TargetGroup) ClientIPPreserved() bool {
	tt := tg.TargetType.Norm()
	switch {
	case tg.Protocol == GENEVE:
		return true
	case tg.Protocol.IsHTTP() || tt == LambdaTarget:
		return false
	case tt == ALBTarget:
		return true
	}
	switch tg.Protocol {
	case UDP, TCPUDP, QUIC, TCPQUIC:
		return true
	}
	if tg.PreserveClientIP != nil {
		return *tg.PreserveClientIP
	}
	return tt == InstanceTarget
}

// HealthChecksEnabled reports whether the target group's targets are
// health-checked.
func (tg TargetGroup) HealthChecksEnabled() bool {
	if tg.TargetType.Norm() != LambdaTarget {
		return true
	}
	return tg.HealthCheck.Enabled != nil && *tg.HealthCheck.Enabled
}

// HealthCheckProtocol returns the protocol of the health checks: the
// declared one, or HTTP for HTTP and HTTPS target groups and TCP for the
// others.
func (tg TargetGroup) HealthCheckProtocol() Protocol {
	if tg.HealthCheck.Protocol != "" {
		return tg.HealthCheck.Protocol
	}
	if tg.Protocol.IsHTTP() || tg.TargetType.Norm() == LambdaTarget {
		return HTTP
	}
	return TCP
}

// HealthCheckPort returns the port health checks of target t go to: the
// declared number, or the port t receives traffic on (traffic-port), or
// 80 for GENEVE target groups. It fails when the declared port is neither
// "traffic-port" nor a number 1–65535.
func (tg TargetGroup) HealthCheckPort(t Target) (uint16, error) {
	switch p := tg.HealthCheck.Port; p {
	case "":
		if tg.Protocol == GENEVE {
			return 80, nil
		}
		return tg.TrafficPort(t), nil
	case TrafficPort:
		return tg.TrafficPort(t), nil
	default:
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil || n == 0 {
			return 0, fmt.Errorf("target group %s: health check port %q: want %q or a port 1-65535", tg.ID, p, TrafficPort)
		}
		return uint16(n), nil
	}
}

// TrafficPort returns the port target t receives traffic on: its own
// port, or the target group's.
func (tg TargetGroup) TrafficPort(t Target) uint16 {
	if t.Port != 0 {
		return t.Port
	}
	return tg.Port
}
