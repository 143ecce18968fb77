package sim

import (
	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// Network holds every declared resource of a simulated AWS network. It is
// plain data: build it in Go or load it from JSON with [Load], check it with
// [Network.Validate] and turn it into a queryable [Model] with [Compile].
//
// Order of the slices does not change any answer.
//
// [Network.Clone] makes a deep copy, and lookups such as [Network.Subnet]
// return a pointer to the declaration with a given ID, to edit it in
// place: together they vary a base network in a test. A nil *Network holds
// nothing: Validate and Save return an [ErrNil] error, Clone returns nil,
// the lookups find nothing.
type Network struct {
	VPCs                       []vpc.VPC                       `json:"vpcs,omitempty"`
	Subnets                    []vpc.Subnet                    `json:"subnets,omitempty"`
	RouteTables                []vpc.RouteTable                `json:"routeTables,omitempty"`
	InternetGateways           []vpc.InternetGateway           `json:"internetGateways,omitempty"`
	EgressOnlyInternetGateways []vpc.EgressOnlyInternetGateway `json:"egressOnlyInternetGateways,omitempty"`
	NATGateways                []vpc.NATGateway                `json:"natGateways,omitempty"`
	SecurityGroups             []vpc.SecurityGroup             `json:"securityGroups,omitempty"`
	NetworkACLs                []vpc.NetworkACL                `json:"networkAcls,omitempty"`
	PrefixLists                []vpc.PrefixList                `json:"prefixLists,omitempty"`
	NetworkInterfaces          []vpc.NetworkInterface          `json:"networkInterfaces,omitempty"`
	PeeringConnections         []vpc.PeeringConnection         `json:"peeringConnections,omitempty"`
	TransitGateways            []vpc.TransitGateway            `json:"transitGateways,omitempty"`
	TransitGatewayAttachments  []vpc.TransitGatewayAttachment  `json:"transitGatewayAttachments,omitempty"`
	TransitGatewayRouteTables  []vpc.TransitGatewayRouteTable  `json:"transitGatewayRouteTables,omitempty"`
	LoadBalancers              []elb.LoadBalancer              `json:"loadBalancers,omitempty"`
	Listeners                  []elb.Listener                  `json:"listeners,omitempty"`
	TargetGroups               []elb.TargetGroup               `json:"targetGroups,omitempty"`
	VPCEndpoints               []endpoint.Endpoint             `json:"vpcEndpoints,omitempty"`
	EndpointServices           []endpoint.Service              `json:"endpointServices,omitempty"`
	EndpointConnections        []endpoint.Connection           `json:"endpointConnections,omitempty"`
	ResourcePolicies           []endpoint.ResourcePolicy       `json:"resourcePolicies,omitempty"`

	// VPC Lattice.
	ServiceNetworks                   []lattice.ServiceNetwork                   `json:"serviceNetworks,omitempty"`
	ServiceNetworkVPCAssociations     []lattice.ServiceNetworkVPCAssociation     `json:"serviceNetworkVpcAssociations,omitempty"`
	ServiceNetworkServiceAssociations []lattice.ServiceNetworkServiceAssociation `json:"serviceNetworkServiceAssociations,omitempty"`
	LatticeServices                   []lattice.Service                          `json:"latticeServices,omitempty"`
	LatticeTargetGroups               []lattice.TargetGroup                      `json:"latticeTargetGroups,omitempty"`
	ResourceShares                    []lattice.ResourceShare                    `json:"resourceShares,omitempty"`
	Accounts                          []lattice.Account                          `json:"accounts,omitempty"`
	// VPC Lattice resources: gateways into provider VPCs, the
	// configurations naming resources behind them, and their associations
	// with service networks.
	ResourceGateways                   []lattice.ResourceGateway                   `json:"resourceGateways,omitempty"`
	ResourceConfigurations             []lattice.ResourceConfiguration             `json:"resourceConfigurations,omitempty"`
	ServiceNetworkResourceAssociations []lattice.ServiceNetworkResourceAssociation `json:"serviceNetworkResourceAssociations,omitempty"`
	// LatticeQuotas are the VPC Lattice quotas validation enforces; the
	// zero value means AWS's defaults (raise one where AWS raised yours).
	LatticeQuotas lattice.Quotas `json:"latticeQuotas,omitzero"`

	// Hybrid connectivity: networks outside AWS, and the Site-to-Site VPN
	// and Direct Connect resources that join them to VPCs and transit
	// gateways.
	OnPremNetworks        []vpc.OnPremNetwork        `json:"onPremNetworks,omitempty"`
	CustomerGateways      []vpc.CustomerGateway      `json:"customerGateways,omitempty"`
	VPNGateways           []vpc.VPNGateway           `json:"vpnGateways,omitempty"`
	VPNConnections        []vpc.VPNConnection        `json:"vpnConnections,omitempty"`
	DirectConnectGateways []vpc.DirectConnectGateway `json:"directConnectGateways,omitempty"`
	VirtualInterfaces     []vpc.VirtualInterface     `json:"virtualInterfaces,omitempty"`

	// Workloads are AWS services running in the network's VPCs (EKS
	// clusters, ECS services, Lambda functions, databases, ...). Compile
	// expands them into network interfaces and security groups (see
	// Workloads in the package documentation); they declare no component
	// of their own.
	Workloads workload.Workloads `json:"workloads,omitzero"`
}
