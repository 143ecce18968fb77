package importer

import (
	"slices"

	"github.com/vpcsim/vpcsim/lattice"
)

// Kinds of the VPC Lattice resource declarations a [Cut] names.
const (
	KindResourceGateway       = "resource-gateway"
	KindResourceConfiguration = "resource-configuration"
	KindServiceNetworkRes     = "service-network-resource-association"
)

// latticeResources cuts, from the Lattice resource declarations, what
// refers to what the Network does not hold:
//
//   - a resource gateway whose VPC is missing, or none of whose subnets
//     is there; its missing subnets and security groups otherwise;
//   - a resource configuration whose gateway is missing (SINGLE, GROUP
//     and ARN), or whose group is missing (CHILD);
//   - a service network resource association whose network or
//     configuration is missing.
//
// It runs after associations, which indexes the service networks.
func (p *pruner) latticeResources() {
	n := p.n
	n.ResourceGateways = slices.DeleteFunc(n.ResourceGateways, func(g lattice.ResourceGateway) bool {
		if !p.vpcs[g.VPC] {
			p.cutMissing(KindResourceGateway, g.ID, "", "vpc", g.VPC)
			return true
		}
		return false
	})
	gws := map[string]bool{}
	for i := range n.ResourceGateways {
		g := &n.ResourceGateways[i]
		had := len(g.Subnets) > 0
		g.Subnets = p.keepRefs(KindResourceGateway, g.ID, "subnets", "subnet", g.Subnets, p.subnets)
		g.SecurityGroups = p.keepRefs(KindResourceGateway, g.ID, "securityGroups", "security group", g.SecurityGroups, p.sgs)
		if had && len(g.Subnets) == 0 {
			p.cut(KindResourceGateway, g.ID, "", "none of its subnets is in the import")
			continue
		}
		gws[g.ID] = true
	}
	n.ResourceGateways = slices.DeleteFunc(n.ResourceGateways, func(g lattice.ResourceGateway) bool { return !gws[g.ID] })

	// Groups first, so that a child of a dropped group goes too.
	cfgs := map[string]bool{}
	keep := func(c lattice.ResourceConfiguration) bool {
		switch {
		case c.Type == lattice.ResourceChild && c.Group != "":
			if !cfgs[c.Group] {
				p.cutMissing(KindResourceConfiguration, c.ID, "", "resource configuration (group)", c.Group)
				return false
			}
		case c.ResourceGateway != "" && !gws[c.ResourceGateway]:
			p.cutMissing(KindResourceConfiguration, c.ID, "", "resource gateway", c.ResourceGateway)
			return false
		}
		cfgs[c.ID] = true
		return true
	}
	for _, c := range n.ResourceConfigurations {
		if c.Type != lattice.ResourceChild {
			keep(c)
		}
	}
	for _, c := range n.ResourceConfigurations {
		if c.Type == lattice.ResourceChild {
			keep(c)
		}
	}
	n.ResourceConfigurations = slices.DeleteFunc(n.ResourceConfigurations, func(c lattice.ResourceConfiguration) bool { return !cfgs[c.ID] })

	n.ServiceNetworkResourceAssociations = slices.DeleteFunc(n.ServiceNetworkResourceAssociations, func(a lattice.ServiceNetworkResourceAssociation) bool {
		switch {
		case !p.sns[a.ServiceNetwork]:
			p.cutMissing(KindServiceNetworkRes, a.ID, "", "service network", a.ServiceNetwork)
			return true
		case !cfgs[a.ResourceConfiguration]:
			p.cutMissing(KindServiceNetworkRes, a.ID, "", "resource configuration", a.ResourceConfiguration)
			return true
		}
		return false
	})
}
