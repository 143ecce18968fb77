package sim

import (
	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file finds declarations by ID in a Network. Each lookup returns a
// pointer into the Network's slice, so that a test can edit a declaration
// in place:
//
//	c := base.Clone()
//	if s, ok := c.Subnet("subnet-db-a"); ok {
//		s.MapPublicIPOnLaunch = true
//	}
//	m, err := sim.Compile(c)
//
// The pointer stays valid until the slice is appended to or reassigned.
// Lookups scan the slice: they are for setting up tests, not for inner
// loops. IDs are unique in a valid network; in an invalid one the first
// declaration with the ID is returned. A nil network holds nothing.

// find returns a pointer to the first element of s whose ID is id.
func find[T any](s []T, id string, idOf func(*T) string) (*T, bool) {
	for i := range s {
		if idOf(&s[i]) == id {
			return &s[i], true
		}
	}
	return nil, false
}

// VPC returns the declared VPC with the given ID (a pointer into n.VPCs).
func (n *Network) VPC(id string) (*vpc.VPC, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.VPCs, id, func(x *vpc.VPC) string { return x.ID })
}

// Subnet returns the declared subnet with the given ID (a pointer into
// n.Subnets).
func (n *Network) Subnet(id string) (*vpc.Subnet, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.Subnets, id, func(x *vpc.Subnet) string { return x.ID })
}

// RouteTable returns the declared route table with the given ID (a
// pointer into n.RouteTables). Synthesized main tables ("<vpc>/main-rtb")
// are not declarations; [Model.Subnet] names them.
func (n *Network) RouteTable(id string) (*vpc.RouteTable, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.RouteTables, id, func(x *vpc.RouteTable) string { return x.ID })
}

// InternetGateway returns the declared internet gateway with the given ID
// (a pointer into n.InternetGateways).
func (n *Network) InternetGateway(id string) (*vpc.InternetGateway, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.InternetGateways, id, func(x *vpc.InternetGateway) string { return x.ID })
}

// EgressOnlyInternetGateway returns the declared egress-only internet
// gateway with the given ID (a pointer into n.EgressOnlyInternetGateways).
func (n *Network) EgressOnlyInternetGateway(id string) (*vpc.EgressOnlyInternetGateway, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.EgressOnlyInternetGateways, id, func(x *vpc.EgressOnlyInternetGateway) string { return x.ID })
}

// NATGateway returns the declared NAT gateway with the given ID (a pointer
// into n.NATGateways).
func (n *Network) NATGateway(id string) (*vpc.NATGateway, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.NATGateways, id, func(x *vpc.NATGateway) string { return x.ID })
}

// SecurityGroup returns the declared security group with the given ID (a
// pointer into n.SecurityGroups).
func (n *Network) SecurityGroup(id string) (*vpc.SecurityGroup, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.SecurityGroups, id, func(x *vpc.SecurityGroup) string { return x.ID })
}

// NetworkACL returns the declared network ACL with the given ID (a pointer
// into n.NetworkACLs).
func (n *Network) NetworkACL(id string) (*vpc.NetworkACL, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.NetworkACLs, id, func(x *vpc.NetworkACL) string { return x.ID })
}

// PrefixList returns the declared managed prefix list with the given ID (a
// pointer into n.PrefixLists).
func (n *Network) PrefixList(id string) (*vpc.PrefixList, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.PrefixLists, id, func(x *vpc.PrefixList) string { return x.ID })
}

// NetworkInterface returns the declared network interface with the given
// ID (a pointer into n.NetworkInterfaces). NAT gateways' interfaces are
// not declarations; [Model.Interface] finds them.
func (n *Network) NetworkInterface(id string) (*vpc.NetworkInterface, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.NetworkInterfaces, id, func(x *vpc.NetworkInterface) string { return x.ID })
}

// PeeringConnection returns the declared VPC peering connection with the
// given ID (a pointer into n.PeeringConnections).
func (n *Network) PeeringConnection(id string) (*vpc.PeeringConnection, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.PeeringConnections, id, func(x *vpc.PeeringConnection) string { return x.ID })
}

// TransitGateway returns the declared transit gateway with the given ID (a
// pointer into n.TransitGateways).
func (n *Network) TransitGateway(id string) (*vpc.TransitGateway, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.TransitGateways, id, func(x *vpc.TransitGateway) string { return x.ID })
}

// TransitGatewayAttachment returns the declared transit gateway attachment
// with the given ID (a pointer into n.TransitGatewayAttachments).
func (n *Network) TransitGatewayAttachment(id string) (*vpc.TransitGatewayAttachment, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.TransitGatewayAttachments, id, func(x *vpc.TransitGatewayAttachment) string { return x.ID })
}

// TransitGatewayRouteTable returns the declared transit gateway route
// table with the given ID (a pointer into n.TransitGatewayRouteTables).
func (n *Network) TransitGatewayRouteTable(id string) (*vpc.TransitGatewayRouteTable, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.TransitGatewayRouteTables, id, func(x *vpc.TransitGatewayRouteTable) string { return x.ID })
}

// LoadBalancer returns the declared load balancer with the given ID (a
// pointer into n.LoadBalancers).
func (n *Network) LoadBalancer(id string) (*elb.LoadBalancer, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.LoadBalancers, id, func(x *elb.LoadBalancer) string { return x.ID })
}

// Listener returns the declared listener with the given ID (a pointer into
// n.Listeners).
func (n *Network) Listener(id string) (*elb.Listener, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.Listeners, id, func(x *elb.Listener) string { return x.ID })
}

// TargetGroup returns the declared target group with the given ID (a
// pointer into n.TargetGroups).
func (n *Network) TargetGroup(id string) (*elb.TargetGroup, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.TargetGroups, id, func(x *elb.TargetGroup) string { return x.ID })
}

// VPCEndpoint returns the declared VPC endpoint with the given ID (a
// pointer into n.VPCEndpoints).
func (n *Network) VPCEndpoint(id string) (*endpoint.Endpoint, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.VPCEndpoints, id, func(x *endpoint.Endpoint) string { return x.ID })
}

// EndpointService returns the declared endpoint service with the given ID
// (a pointer into n.EndpointServices).
func (n *Network) EndpointService(id string) (*endpoint.Service, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.EndpointServices, id, func(x *endpoint.Service) string { return x.ID })
}

// EndpointConnection returns the declared connection between endpoint
// and endpoint service (a pointer into n.EndpointConnections); a
// connection has no ID of its own.
func (n *Network) EndpointConnection(endpointID, serviceID string) (*endpoint.Connection, bool) {
	if n == nil {
		return nil, false
	}
	for i := range n.EndpointConnections {
		if c := &n.EndpointConnections[i]; c.Endpoint == endpointID && c.Service == serviceID {
			return c, true
		}
	}
	return nil, false
}

// ResourcePolicy returns the declared resource policy with the given ID
// (a pointer into n.ResourcePolicies).
func (n *Network) ResourcePolicy(id string) (*endpoint.ResourcePolicy, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.ResourcePolicies, id, func(x *endpoint.ResourcePolicy) string { return x.ID })
}

// ServiceNetwork returns the declared service network with the given ID (a pointer into
// n.ServiceNetworks).
func (n *Network) ServiceNetwork(id string) (*lattice.ServiceNetwork, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.ServiceNetworks, id, func(x *lattice.ServiceNetwork) string { return x.ID })
}

// ServiceNetworkVPCAssociation returns the declared service network VPC association with the given ID (a pointer into
// n.ServiceNetworkVPCAssociations).
func (n *Network) ServiceNetworkVPCAssociation(id string) (*lattice.ServiceNetworkVPCAssociation, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.ServiceNetworkVPCAssociations, id, func(x *lattice.ServiceNetworkVPCAssociation) string { return x.ID })
}

// ServiceNetworkServiceAssociation returns the declared service network service association with the given ID (a pointer into
// n.ServiceNetworkServiceAssociations).
func (n *Network) ServiceNetworkServiceAssociation(id string) (*lattice.ServiceNetworkServiceAssociation, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.ServiceNetworkServiceAssociations, id, func(x *lattice.ServiceNetworkServiceAssociation) string { return x.ID })
}

// LatticeService returns the declared VPC Lattice service with the given ID (a pointer into
// n.LatticeServices).
func (n *Network) LatticeService(id string) (*lattice.Service, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.LatticeServices, id, func(x *lattice.Service) string { return x.ID })
}

// LatticeTargetGroup returns the declared VPC Lattice target group with the given ID (a pointer into
// n.LatticeTargetGroups).
func (n *Network) LatticeTargetGroup(id string) (*lattice.TargetGroup, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.LatticeTargetGroups, id, func(x *lattice.TargetGroup) string { return x.ID })
}

// ResourceShare returns the declared resource share with the given ID (a pointer into
// n.ResourceShares).
func (n *Network) ResourceShare(id string) (*lattice.ResourceShare, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.ResourceShares, id, func(x *lattice.ResourceShare) string { return x.ID })
}

// Account returns the declared account with the given ID (a pointer into
// n.Accounts).
func (n *Network) Account(id string) (*lattice.Account, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.Accounts, id, func(x *lattice.Account) string { return x.ID })
}

// OnPremNetwork returns the declared on-premises network with the given ID (a pointer into
// n.OnPremNetworks).
func (n *Network) OnPremNetwork(id string) (*vpc.OnPremNetwork, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.OnPremNetworks, id, func(x *vpc.OnPremNetwork) string { return x.ID })
}

// CustomerGateway returns the declared customer gateway with the given ID (a pointer into
// n.CustomerGateways).
func (n *Network) CustomerGateway(id string) (*vpc.CustomerGateway, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.CustomerGateways, id, func(x *vpc.CustomerGateway) string { return x.ID })
}

// VPNGateway returns the declared virtual private gateway with the given ID (a pointer into
// n.VPNGateways).
func (n *Network) VPNGateway(id string) (*vpc.VPNGateway, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.VPNGateways, id, func(x *vpc.VPNGateway) string { return x.ID })
}

// VPNConnection returns the declared Site-to-Site VPN connection with the given ID (a pointer into
// n.VPNConnections).
func (n *Network) VPNConnection(id string) (*vpc.VPNConnection, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.VPNConnections, id, func(x *vpc.VPNConnection) string { return x.ID })
}

// DirectConnectGateway returns the declared Direct Connect gateway with the given ID (a pointer into
// n.DirectConnectGateways).
func (n *Network) DirectConnectGateway(id string) (*vpc.DirectConnectGateway, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.DirectConnectGateways, id, func(x *vpc.DirectConnectGateway) string { return x.ID })
}

// VirtualInterface returns the declared Direct Connect virtual interface with the given ID (a pointer into
// n.VirtualInterfaces).
func (n *Network) VirtualInterface(id string) (*vpc.VirtualInterface, bool) {
	if n == nil {
		return nil, false
	}
	return find(n.VirtualInterfaces, id, func(x *vpc.VirtualInterface) string { return x.ID })
}
