package elb

import "net/netip"

// SubnetMapping enables one Availability Zone for a load balancer: the
// subnet its node there uses, and optionally that node's addresses.
type SubnetMapping struct {
	Subnet string `json:"subnet"`
	// PrivateIPv4 is the node's private address in the subnet; zero lets
	// compile choose one. The ELB API lets a Network Load Balancer's
	// creator choose it; for the other types AWS chooses it, and an
	// import records the address it observed on the node's network
	// interface.
	PrivateIPv4 netip.Addr `json:"privateIpv4,omitzero"`
	// ElasticIP is the Elastic IP address of the node (internet-facing
	// Network Load Balancers only); zero gives the node an AWS-assigned
	// public address (see PublicIPv4).
	ElasticIP netip.Addr `json:"elasticIp,omitzero"`
	// PublicIPv4 is the public IPv4 address AWS assigned the node of an
	// internet-facing load balancer that has no Elastic IP in the subnet,
	// as observed: describe-network-interfaces prints it as the node
	// interface's Association.PublicIp, and an import records it, so that
	// answers name the address clients use. Zero lets compile assign a
	// placeholder public address. It cannot be chosen in AWS (it changes
	// as AWS replaces nodes): it is no setting, only a record. Not with
	// ElasticIP, and not for an ipAddressType that has no public IPv4
	// (dualstack-without-public-ipv4).
	PublicIPv4 netip.Addr `json:"publicIpv4,omitzero"`
	// IPv6 is the node's IPv6 address: chosen by the creator of a
	// dual-stack Network Load Balancer, observed (recorded by an import)
	// for the other types. Zero leaves the node without an IPv6 address
	// in the simulation.
	IPv6 netip.Addr `json:"ipv6,omitzero"`
}

// LoadBalancer is an Application, Network or Gateway Load Balancer: one
// node in each Availability Zone its subnets enable. Its listeners,
// target groups and targets are declared separately and refer to it by ID.
type LoadBalancer struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Type is the load balancer type; zero means application, as in the
	// ELB API.
	Type Type `json:"type,omitempty"`
	// Scheme is internet-facing (the zero value, as in the ELB API) or
	// internal. Gateway Load Balancers are internal in effect: they
	// receive traffic only from their endpoints.
	Scheme Scheme `json:"scheme,omitempty"`
	// Account is the owner's account; zero means the VPC's account (it
	// differs when the subnets are shared with the owner).
	Account string `json:"account,omitempty"`
	// VPC is the VPC all Subnets belong to.
	VPC string `json:"vpc"`
	// Subnets enable Availability Zones, at most one subnet per zone; an
	// Application Load Balancer needs at least two zones.
	Subnets []SubnetMapping `json:"subnets"`
	// IPAddressType is ipv4 (the zero value), dualstack, or, for
	// Application Load Balancers, dualstack-without-public-ipv4.
	IPAddressType IPAddressType `json:"ipAddressType,omitempty"`

	// SecurityGroups filter traffic to and from the nodes.
	//
	//   - Application Load Balancer: none declared means the VPC's default
	//     group; an ALB always has security groups.
	//   - Network Load Balancer: none means none at all, and then every
	//     client reaches the listeners. AWS lets an NLB have security
	//     groups only if it was created with at least one: groups can be
	//     changed later but never added to an NLB created without (see
	//     CreatedWithSecurityGroups).
	//   - Gateway Load Balancer: never any.
	SecurityGroups []string `json:"securityGroups,omitempty"`
	// CreatedWithSecurityGroups records, for a Network Load Balancer,
	// whether it was created with security groups. Nil means what
	// SecurityGroups implies (created with them if it lists any). False
	// with security groups listed describes adding groups to an NLB
	// created without, which the ELB API rejects: such an NLB must be
	// replaced. Only for Network Load Balancers.
	CreatedWithSecurityGroups *bool `json:"createdWithSecurityGroups,omitempty"`
	// EnforceInboundRulesOnPrivateLink says whether the inbound rules of a
	// Network Load Balancer's security groups apply to traffic arriving
	// through AWS PrivateLink (an endpoint service). Nil means on, the AWS
	// default. When on, that traffic's source is the consumer client's
	// private address, not the endpoint's.
	EnforceInboundRulesOnPrivateLink *bool `json:"enforceInboundRulesOnPrivateLink,omitempty"`

	// CrossZone sets cross-zone load balancing at the load balancer level:
	// whether each node also sends traffic to targets in the other enabled
	// zones. Nil means the type's default ([Type.CrossZoneDefault]): always
	// on for Application Load Balancers, which cannot turn it off; off for
	// Network and Gateway Load Balancers. Target groups may override it
	// ([TargetGroup.CrossZone]).
	CrossZone *bool `json:"crossZone,omitempty"`

	Tags map[string]string `json:"tags,omitempty"`
}

// HasSecurityGroups reports whether security groups filter the load
// balancer's traffic: always for an Application Load Balancer (the VPC
// default group when none is declared), for a Network Load Balancer only
// when it lists some, never for a Gateway Load Balancer.
func (lb LoadBalancer) HasSecurityGroups() bool {
	switch lb.Type.Norm() {
	case Application:
		return true
	case Network:
		return len(lb.SecurityGroups) > 0
	}
	return false
}

// CrossZoneEnabled reports whether cross-zone load balancing is on at the
// load balancer level.
func (lb LoadBalancer) CrossZoneEnabled() bool {
	if lb.Type.Norm() == Application {
		return true
	}
	if lb.CrossZone != nil {
		return *lb.CrossZone
	}
	return lb.Type.CrossZoneDefault()
}

// InboundRulesOnPrivateLink reports whether a Network Load Balancer's
// security groups filter the traffic arriving through AWS PrivateLink.
func (lb LoadBalancer) InboundRulesOnPrivateLink() bool {
	if !lb.HasSecurityGroups() || lb.Type.Norm() != Network {
		return false
	}
	return lb.EnforceInboundRulesOnPrivateLink == nil || *lb.EnforceInboundRulesOnPrivateLink
}

// SubnetIDs returns the IDs of the load balancer's subnets, in declared
// order.
func (lb LoadBalancer) SubnetIDs() []string {
	out := make([]string, len(lb.Subnets))
	for i, m := range lb.Subnets {
		out[i] = m.Subnet
	}
	return out
}
