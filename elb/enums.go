package elb

import "github.com/vpcsim/vpcsim/vpc"

// Type is the type of a load balancer, spelled as the ELB API spells it.
// The zero value means [Application], the API's default.
type Type string

// Load balancer types.
const (
	Application Type = "application"
	Network     Type = "network"
	Gateway     Type = "gateway"
)

// Norm returns t with the zero value replaced by [Application].
func (t Type) Norm() Type {
	if t == "" {
		return Application
	}
	return t
}

// Valid reports whether t is a known type (the zero value counts as
// application).
func (t Type) Valid() bool {
	switch t.Norm() {
	case Application, Network, Gateway:
		return true
	}
	return false
}

// String returns the type ("application" for the zero value).
func (t Type) String() string { return string(t.Norm()) }

// CrossZoneDefault reports whether cross-zone load balancing is on at the
// load balancer level unless declared: always for Application Load
// Balancers (which cannot turn it off), off for Network and Gateway Load
// Balancers.
func (t Type) CrossZoneDefault() bool { return t.Norm() == Application }

// MinAvailabilityZones is how many Availability Zones the load balancer's
// subnets must span: two for an Application Load Balancer (outside
// Outposts and Local Zones), one for the others.
func (t Type) MinAvailabilityZones() int {
	if t.Norm() == Application {
		return 2
	}
	return 1
}

// Scheme says whether a load balancer's nodes have public addresses.
type Scheme string

// Load balancer schemes. The zero value means [InternetFacing], the API's
// default.
const (
	InternetFacing Scheme = "internet-facing"
	Internal       Scheme = "internal"
)

// Valid reports whether s is a known scheme (or zero).
func (s Scheme) Valid() bool { return s == "" || s == InternetFacing || s == Internal }

// IsInternal reports whether the scheme is internal.
func (s Scheme) IsInternal() bool { return s == Internal }

// IPAddressType is the address families of a load balancer's nodes.
type IPAddressType string

// Load balancer IP address types. The zero value means [IPv4].
const (
	IPv4      IPAddressType = "ipv4"
	DualStack IPAddressType = "dualstack"
	// DualStackWithoutPublicIPv4 gives an Application Load Balancer
	// public IPv6 addresses and private IPv4 addresses only.
	DualStackWithoutPublicIPv4 IPAddressType = "dualstack-without-public-ipv4"
)

// Valid reports whether a is a known type (or zero).
func (a IPAddressType) Valid() bool {
	switch a {
	case "", IPv4, DualStack, DualStackWithoutPublicIPv4:
		return true
	}
	return false
}

// ValidFor reports whether load balancers of type t accept a:
// dualstack-without-public-ipv4 is for Application Load Balancers only.
func (a IPAddressType) ValidFor(t Type) bool {
	return a.Valid() && (a != DualStackWithoutPublicIPv4 || t.Norm() == Application)
}

// HasIPv6 reports whether the nodes have IPv6 addresses.
func (a IPAddressType) HasIPv6() bool { return a == DualStack || a == DualStackWithoutPublicIPv4 }

// Protocol is a listener or target group protocol, spelled as the ELB API
// spells it.
type Protocol string

// Listener and target group protocols.
const (
	HTTP    Protocol = "HTTP"
	HTTPS   Protocol = "HTTPS"
	TCP     Protocol = "TCP"
	TLS     Protocol = "TLS"
	UDP     Protocol = "UDP"
	TCPUDP  Protocol = "TCP_UDP"
	QUIC    Protocol = "QUIC"
	TCPQUIC Protocol = "TCP_QUIC"
	GENEVE  Protocol = "GENEVE"
)

var protocols = []Protocol{HTTP, HTTPS, TCP, TLS, UDP, TCPUDP, QUIC, TCPQUIC, GENEVE}

// Valid reports whether p is a known protocol. The zero value is not.
func (p Protocol) Valid() bool {
	for _, k := range protocols {
		if p == k {
			return true
		}
	}
	return false
}

// IsHTTP reports whether p is HTTP or HTTPS.
func (p Protocol) IsHTTP() bool { return p == HTTP || p == HTTPS }

// ValidFor reports whether listeners and target groups of load balancers
// of type t use p: HTTP and HTTPS for application; TCP, TLS, UDP, TCP_UDP,
// QUIC and TCP_QUIC for network; GENEVE for gateway.
func (p Protocol) ValidFor(t Type) bool {
	switch t.Norm() {
	case Application:
		return p.IsHTTP()
	case Network:
		switch p {
		case TCP, TLS, UDP, TCPUDP, QUIC, TCPQUIC:
			return true
		}
	case Gateway:
		return p == GENEVE
	}
	return false
}

// GENEVEPort is the UDP port that Gateway Load Balancers exchange GENEVE
// traffic with their appliances on.
const GENEVEPort = 6081

// IPProtocols returns the IP protocols that carry p: TCP for HTTP,
// HTTPS, TCP and TLS; UDP for UDP, QUIC and GENEVE; both for TCP_UDP and
// TCP_QUIC. It returns nil for an unknown protocol.
func (p Protocol) IPProtocols() []vpc.Protocol {
	switch p {
	case HTTP, HTTPS, TCP, TLS:
		return []vpc.Protocol{vpc.ProtocolTCP}
	case UDP, QUIC, GENEVE:
		return []vpc.Protocol{vpc.ProtocolUDP}
	case TCPUDP, TCPQUIC:
		return []vpc.Protocol{vpc.ProtocolTCP, vpc.ProtocolUDP}
	}
	return nil
}

// ProtocolVersion is the HTTP version an Application Load Balancer's
// target group speaks to its targets.
type ProtocolVersion string

// Target group protocol versions. The zero value means [HTTP1], the API's
// default.
const (
	HTTP1 ProtocolVersion = "HTTP1"
	HTTP2 ProtocolVersion = "HTTP2"
	GRPC  ProtocolVersion = "GRPC"
)

// Valid reports whether v is a known version (or zero).
func (v ProtocolVersion) Valid() bool { return v == "" || v == HTTP1 || v == HTTP2 || v == GRPC }

// TargetType is how a target group names its targets.
type TargetType string

// Target types. The zero value means [InstanceTarget], the API's default.
const (
	// InstanceTarget targets are EC2 instances named by instance ID.
	InstanceTarget TargetType = "instance"
	// IPTarget targets are IP addresses.
	IPTarget TargetType = "ip"
	// LambdaTarget targets are Lambda functions (Application Load
	// Balancers only; one function per target group).
	LambdaTarget TargetType = "lambda"
	// ALBTarget targets are Application Load Balancers (Network Load
	// Balancers only; one per target group).
	ALBTarget TargetType = "alb"
)

// Norm returns t with the zero value replaced by [InstanceTarget].
func (t TargetType) Norm() TargetType {
	if t == "" {
		return InstanceTarget
	}
	return t
}

// Valid reports whether t is a known target type (or zero).
func (t TargetType) Valid() bool {
	switch t.Norm() {
	case InstanceTarget, IPTarget, LambdaTarget, ALBTarget:
		return true
	}
	return false
}

// ValidFor reports whether load balancers of type lb take target groups
// of type t: instance, ip and lambda for application; instance, ip and
// alb for network; instance and ip for gateway.
func (t TargetType) ValidFor(lb Type) bool {
	switch t.Norm() {
	case InstanceTarget, IPTarget:
		return lb.Valid()
	case LambdaTarget:
		return lb.Norm() == Application
	case ALBTarget:
		return lb.Norm() == Network
	}
	return false
}

// HealthState is the health of a registered target, spelled as the ELB
// API spells it. The zero value means [Healthy], the steady state of a
// working deployment.
type HealthState string

// Target health states.
const (
	Healthy HealthState = "healthy"
	// Unhealthy targets failed their health checks. They receive traffic
	// only when the target group fails open (see [TargetGroup]).
	Unhealthy HealthState = "unhealthy"
	// Initial targets are still being registered or have not yet passed
	// their first health check; they receive no traffic.
	Initial HealthState = "initial"
	// Unused targets are not registered, or sit in an Availability Zone
	// the load balancer does not enable, or belong to a target group no
	// load balancer uses; they receive no traffic.
	Unused HealthState = "unused"
	// Draining targets are being deregistered; they receive no new
	// connections.
	Draining HealthState = "draining"
	// UnhealthyDraining targets failed their health checks and are being
	// drained of existing connections.
	UnhealthyDraining HealthState = "unhealthy.draining"
	// Unavailable targets have no health checks (health checks disabled,
	// as they are by default for Lambda targets); they receive traffic.
	Unavailable HealthState = "unavailable"
)

var healthStates = []HealthState{Healthy, Unhealthy, Initial, Unused, Draining, UnhealthyDraining, Unavailable}

// Valid reports whether h is a known state (or zero).
func (h HealthState) Valid() bool {
	if h == "" {
		return true
	}
	for _, k := range healthStates {
		if h == k {
			return true
		}
	}
	return false
}

// String returns the state ("healthy" for the zero value).
func (h HealthState) String() string {
	if h == "" {
		return string(Healthy)
	}
	return string(h)
}

// Routable reports whether a target in state h receives new traffic in
// the normal course: healthy targets, and targets without health checks.
// Unhealthy targets receive it only when their target group fails open.
func (h HealthState) Routable() bool { return h == "" || h == Healthy || h == Unavailable }
