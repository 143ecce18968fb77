package importer

import (
	"cmp"
	"slices"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/sim"
)

// Decls are the declarations of packages elb, endpoint and lattice that
// an import found, before [Decls.Place] puts them where they go. The
// field names are those of [sim.Network].
type Decls struct {
	LoadBalancers []elb.LoadBalancer
	Listeners     []elb.Listener
	TargetGroups  []elb.TargetGroup

	VPCEndpoints        []endpoint.Endpoint
	EndpointServices    []endpoint.Service
	EndpointConnections []endpoint.Connection

	ServiceNetworks                    []lattice.ServiceNetwork
	ServiceNetworkVPCAssociations      []lattice.ServiceNetworkVPCAssociation
	ServiceNetworkServiceAssociations  []lattice.ServiceNetworkServiceAssociation
	ServiceNetworkResourceAssociations []lattice.ServiceNetworkResourceAssociation
	LatticeServices                    []lattice.Service
	LatticeTargetGroups                []lattice.TargetGroup
	ResourceGateways                   []lattice.ResourceGateway
	ResourceConfigurations             []lattice.ResourceConfiguration
}

// Unsimulated holds the declarations an import found that [sim.Network]
// has no fields for, so that the engine does not simulate them: paths
// through them are not answered. Every declaration the importers find
// has a field in the Network at present (the Lattice resource gateways,
// resource configurations and their associations moved there), so it is
// empty; it stays so that an importer can return what the engine does
// not model yet without changing its Result.
type Unsimulated struct{}

// Place sorts the declarations by ID, sets the fields of n that hold
// them (replacing what they held), and returns those n has no fields for.
// It is the one place that decides which declarations the engine
// simulates.
func (d *Decls) Place(n *sim.Network) Unsimulated {
	byID(d.LoadBalancers, func(x elb.LoadBalancer) string { return x.ID })
	byID(d.Listeners, func(x elb.Listener) string { return x.ID })
	byID(d.TargetGroups, func(x elb.TargetGroup) string { return x.ID })
	byID(d.VPCEndpoints, func(x endpoint.Endpoint) string { return x.ID })
	byID(d.EndpointServices, func(x endpoint.Service) string { return x.ID })
	slices.SortStableFunc(d.EndpointConnections, func(x, y endpoint.Connection) int {
		return cmp.Or(cmp.Compare(x.Service, y.Service), cmp.Compare(x.Endpoint, y.Endpoint))
	})
	byID(d.ServiceNetworks, func(x lattice.ServiceNetwork) string { return x.ID })
	byID(d.ServiceNetworkVPCAssociations, func(x lattice.ServiceNetworkVPCAssociation) string { return x.ID })
	byID(d.ServiceNetworkServiceAssociations, func(x lattice.ServiceNetworkServiceAssociation) string { return x.ID })
	byID(d.ServiceNetworkResourceAssociations, func(x lattice.ServiceNetworkResourceAssociation) string { return x.ID })
	byID(d.LatticeServices, func(x lattice.Service) string { return x.ID })
	byID(d.LatticeTargetGroups, func(x lattice.TargetGroup) string { return x.ID })
	byID(d.ResourceGateways, func(x lattice.ResourceGateway) string { return x.ID })
	byID(d.ResourceConfigurations, func(x lattice.ResourceConfiguration) string { return x.ID })

	n.LoadBalancers, n.Listeners, n.TargetGroups = d.LoadBalancers, d.Listeners, d.TargetGroups
	n.VPCEndpoints, n.EndpointServices, n.EndpointConnections = d.VPCEndpoints, d.EndpointServices, d.EndpointConnections
	n.ServiceNetworks = d.ServiceNetworks
	n.ServiceNetworkVPCAssociations = d.ServiceNetworkVPCAssociations
	n.ServiceNetworkServiceAssociations = d.ServiceNetworkServiceAssociations
	n.LatticeServices = d.LatticeServices
	n.LatticeTargetGroups = d.LatticeTargetGroups
	n.ServiceNetworkResourceAssociations = d.ServiceNetworkResourceAssociations
	n.ResourceGateways = d.ResourceGateways
	n.ResourceConfigurations = d.ResourceConfigurations
	return Unsimulated{}
}

// byID sorts s by the IDs id returns, stably.
func byID[T any](s []T, id func(T) string) {
	slices.SortStableFunc(s, func(x, y T) int { return cmp.Compare(id(x), id(y)) })
}
