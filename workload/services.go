package workload

import "slices"

// ECSService is an Amazon ECS service whose tasks use the awsvpc network
// mode: every task gets one network interface with one private address.
type ECSService struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// LaunchType is required: FARGATE or EC2.
	LaunchType LaunchType `json:"launchType"`
	// DesiredCount is the number of tasks.
	DesiredCount int `json:"desiredCount"`
	// Subnets are 1–16 subnets of one VPC. Tasks are spread evenly over
	// their Availability Zones, as the service scheduler does by default.
	Subnets []string `json:"subnets"`
	// SecurityGroups are up to five groups; none means the VPC's default
	// group.
	SecurityGroups []string `json:"securityGroups,omitempty"`
	// AssignPublicIP gives each task a public address (assignPublicIp
	// ENABLED); only Fargate tasks may have one.
	AssignPublicIP bool `json:"assignPublicIp,omitempty"`
}

// LaunchType is the ECS launch type of a service, spelled as the ECS API
// spells it.
type LaunchType string

// ECS launch types.
const (
	Fargate LaunchType = "FARGATE"
	EC2     LaunchType = "EC2"
)

// Valid reports whether t is a known launch type. The zero value is not:
// a service names its launch type.
func (t LaunchType) Valid() bool { return t == Fargate || t == EC2 }

// String returns the launch type ("none" for the zero value).
func (t LaunchType) String() string {
	if t == "" {
		return "none"
	}
	return string(t)
}

// LambdaFunction is an AWS Lambda function attached to a VPC. Lambda
// gives it one Hyperplane interface in each of its subnets for its set of
// security groups, shared with every other function of the account that
// uses the same subnet and the same set of groups.
type LambdaFunction struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Subnets are 1–16 subnets of one VPC.
	Subnets []string `json:"subnets"`
	// SecurityGroups are 1–5 groups: Lambda requires subnets and security
	// groups together.
	SecurityGroups []string `json:"securityGroups"`
}

// VPCLink is an Amazon API Gateway VPC link (V2), which reaches private
// load balancers and Cloud Map services through interfaces API Gateway
// creates in its subnets.
type VPCLink struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Subnets are the link's subnets, all in one VPC.
	Subnets []string `json:"subnets"`
	// SecurityGroups of the link's interfaces; none means the VPC's
	// default group.
	SecurityGroups []string `json:"securityGroups,omitempty"`
}

// MSKCluster is an Amazon MSK provisioned cluster: its brokers, each with
// one interface in one of the client subnets.
type MSKCluster struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// BrokerType is the broker type; the zero value is standard brokers.
	BrokerType BrokerType `json:"brokerType,omitempty"`
	// Brokers is the number of broker nodes, a multiple of the number of
	// client subnets (MSK spreads them evenly).
	Brokers int `json:"brokers"`
	// ClientSubnets are two or three subnets in distinct Availability
	// Zones (exactly two in us-west-1; three for express brokers).
	ClientSubnets []string `json:"clientSubnets"`
	// SecurityGroups of the broker interfaces; none means the VPC's
	// default group.
	SecurityGroups []string `json:"securityGroups,omitempty"`
	// Authentication lists the client authentication modes the cluster
	// accepts; each opens its own port ([MSKAuth.Port]).
	Authentication []MSKAuth `json:"authentication,omitempty"`
}

// BrokerType is the kind of MSK broker.
type BrokerType string

// MSK broker types. The zero value means [StandardBrokers].
const (
	StandardBrokers BrokerType = "standard"
	ExpressBrokers  BrokerType = "express"
)

// Valid reports whether t is a known broker type (zero counts as
// standard).
func (t BrokerType) Valid() bool { return t == "" || t == StandardBrokers || t == ExpressBrokers }

// String returns the broker type ("standard" for the zero value).
func (t BrokerType) String() string {
	if t == "" {
		return string(StandardBrokers)
	}
	return string(t)
}

// MSKAuth is an MSK client connection mode.
type MSKAuth string

// MSK client connection modes.
const (
	MSKPlaintext MSKAuth = "plaintext"
	MSKTLS       MSKAuth = "tls"
	MSKSCRAM     MSKAuth = "sasl-scram"
	MSKIAM       MSKAuth = "sasl-iam"
)

// Valid reports whether a is a known mode.
func (a MSKAuth) Valid() bool { return a.Port() != 0 }

// String returns the mode's name.
func (a MSKAuth) String() string { return string(a) }

// Port returns the broker port clients in AWS use for the mode: 9092
// plaintext, 9094 TLS, 9096 SASL/SCRAM, 9098 IAM; 0 for an unknown mode.
func (a MSKAuth) Port() uint16 {
	switch a {
	case MSKPlaintext:
		return 9092
	case MSKTLS:
		return 9094
	case MSKSCRAM:
		return 9096
	case MSKIAM:
		return 9098
	}
	return 0
}

// PublicPort returns the broker port for public access in the mode: 9194
// TLS, 9196 SASL/SCRAM, 9198 IAM; 0 for plaintext, which public access
// does not offer, or an unknown mode.
func (a MSKAuth) PublicPort() uint16 {
	switch a {
	case MSKTLS, MSKSCRAM, MSKIAM:
		return a.Port() + 100
	}
	return 0
}

// Ports returns the broker ports the cluster's authentication modes open,
// sorted.
func (c MSKCluster) Ports() []uint16 {
	var out []uint16
	for _, a := range c.Authentication {
		if p := a.Port(); p != 0 {
			out = append(out, p)
		}
	}
	return sortedUnique(out)
}

// CacheCluster is an Amazon ElastiCache cluster (or replication group):
// its nodes, each with one interface in one subnet of its subnet group.
type CacheCluster struct {
	ID     string      `json:"id"`
	Name   string      `json:"name,omitempty"`
	Engine CacheEngine `json:"engine"`
	// Nodes is the number of cache nodes, spread evenly over the subnet
	// group's Availability Zones.
	Nodes int `json:"nodes"`
	// Port is the port the nodes listen on; zero means the engine's
	// default ([CacheEngine.DefaultPort]).
	Port        uint16      `json:"port,omitempty"`
	SubnetGroup SubnetGroup `json:"subnetGroup"`
	// SecurityGroups of the node interfaces; none means the VPC's default
	// group.
	SecurityGroups []string `json:"securityGroups,omitempty"`
}

// CacheEngine is an ElastiCache engine.
type CacheEngine string

// ElastiCache engines.
const (
	Redis     CacheEngine = "redis"
	Valkey    CacheEngine = "valkey"
	Memcached CacheEngine = "memcached"
)

// Valid reports whether e is a known engine.
func (e CacheEngine) Valid() bool { return e.DefaultPort() != 0 }

// String returns the engine's name.
func (e CacheEngine) String() string { return string(e) }

// DefaultPort returns the engine's default port: 6379 for Redis OSS and
// Valkey, 11211 for Memcached; 0 for an unknown engine.
func (e CacheEngine) DefaultPort() uint16 {
	switch e {
	case Redis, Valkey:
		return 6379
	case Memcached:
		return 11211
	}
	return 0
}

// EffectivePort returns the port the cluster's nodes listen on.
func (c CacheCluster) EffectivePort() uint16 {
	if c.Port != 0 {
		return c.Port
	}
	return c.Engine.DefaultPort()
}

// SubnetGroup is a DB or cache subnet group: a named set of subnets of
// one VPC.
type SubnetGroup struct {
	Name    string   `json:"name,omitempty"`
	Subnets []string `json:"subnets"`
}

func sortedUnique(ps []uint16) []uint16 {
	slices.Sort(ps)
	return slices.Compact(ps)
}
