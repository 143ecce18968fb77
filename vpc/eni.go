package vpc

import "net/netip"

// InterfaceKind names what owns a network interface. It changes what the
// interface may do: a NAT gateway's interface translates, a Lambda
// interface never has a public address, and so on.
type InterfaceKind string

// Network interface owners.
const (
	KindEC2          InterfaceKind = "ec2-instance"
	KindLambda       InterfaceKind = "lambda"
	KindECSTask      InterfaceKind = "ecs-task"
	KindEKSNode      InterfaceKind = "eks-node"
	KindEKSPod       InterfaceKind = "eks-pod"
	KindEKSControl   InterfaceKind = "eks-control-plane"
	KindRDS          InterfaceKind = "rds"
	KindElastiCache  InterfaceKind = "elasticache"
	KindMSKBroker    InterfaceKind = "msk-broker"
	KindLoadBalancer InterfaceKind = "load-balancer"
	KindNATGateway   InterfaceKind = "nat-gateway"
	KindVPCEndpoint  InterfaceKind = "vpc-endpoint"
	KindOther        InterfaceKind = "other"
)

// Valid reports whether k is a known interface kind (the zero value counts
// as [KindEC2]).
func (k InterfaceKind) Valid() bool {
	switch k {
	case "", KindEC2, KindLambda, KindECSTask, KindEKSNode, KindEKSPod, KindEKSControl,
		KindRDS, KindElastiCache, KindMSKBroker, KindLoadBalancer, KindNATGateway,
		KindVPCEndpoint, KindOther:
		return true
	}
	return false
}

// NetworkInterface (ENI) is an attachment point in a subnet: its addresses,
// security groups and owner.
type NetworkInterface struct {
	ID     string        `json:"id"`
	Name   string        `json:"name,omitempty"`
	Subnet string        `json:"subnet"`
	Kind   InterfaceKind `json:"kind,omitempty"`
	// Owner is the ID of the instance, function, task or service owning it.
	Owner string `json:"owner,omitempty"`
	// PrivateIPs are its IPv4 addresses, the primary first. When empty,
	// compile assigns one from the subnet, in ID order, skipping the
	// reserved addresses and those already taken.
	PrivateIPs []netip.Addr `json:"privateIps,omitempty"`
	IPv6Addrs  []netip.Addr `json:"ipv6Addrs,omitempty"`
	// PublicIP is a public IPv4 or Elastic IP address mapped one to one to
	// the primary private address by the internet gateway.
	PublicIP netip.Addr `json:"publicIp,omitzero"`
	// ElasticIPs associate Elastic IP addresses with secondary private
	// addresses (PrivateIPs after the first); PublicIP is the primary's.
	ElasticIPs []ElasticIP `json:"elasticIps,omitempty"`
	// AssignPublicIP overrides the subnet's MapPublicIPOnLaunch. When the
	// interface ends up wanting a public address and PublicIP is zero,
	// compile assigns one from 54.0.0.0/8 in ID order.
	AssignPublicIP *bool `json:"assignPublicIp,omitempty"`
	// SecurityGroups are up to 5 group IDs of the subnet's VPC; none means
	// the VPC default group.
	SecurityGroups []string `json:"securityGroups,omitempty"`
	// SourceDestCheckDisabled lets the interface receive and send traffic
	// not addressed to or from itself (appliances, NAT instances).
	SourceDestCheckDisabled bool `json:"sourceDestCheckDisabled,omitempty"`
	// Stateful marks an appliance (SourceDestCheckDisabled) that tracks
	// the flows it forwards, as firewalls do: it forwards a reply only
	// when it forwarded the request, and a flow whose reply bypasses it
	// breaks (AWS does not support asymmetric routing through
	// appliances).
	Stateful bool              `json:"stateful,omitempty"`
	Tags     map[string]string `json:"tags,omitempty"`
}

// ElasticIP is an Elastic IP address associated with one private address
// of a network interface; the internet gateway maps the two one to one.
type ElasticIP struct {
	PrivateIP netip.Addr `json:"privateIp"`
	PublicIP  netip.Addr `json:"publicIp"`
}

// WantsPublicIP reports whether the interface gets a public IPv4 address in
// a subnet whose MapPublicIPOnLaunch is mapOnLaunch: its explicit PublicIP,
// else AssignPublicIP, else the subnet setting for the kinds AWS applies it
// to (EC2 instances and EKS nodes; ECS tasks, load balancers and the other
// kinds take AssignPublicIP only). Lambda interfaces never do.
func (n NetworkInterface) WantsPublicIP(mapOnLaunch bool) bool {
	if n.PublicIP.IsValid() {
		return true
	}
	if n.Kind == KindLambda {
		return false
	}
	if n.AssignPublicIP != nil {
		return *n.AssignPublicIP
	}
	switch n.Kind {
	case "", KindEC2, KindEKSNode:
		return mapOnLaunch
	}
	return false
}
