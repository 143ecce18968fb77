package awsimport

import (
	"fmt"
	"slices"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/vpc"
)

// prune drops, and reports, what refers to a resource the input does not
// hold: a subnet of a VPC not described, a route to a NAT gateway of
// another account's dump not given, a rule naming a group of an account
// not imported. The network that remains is whole, so it validates when
// what it holds is what AWS accepted; the reports say what to import to
// keep the rest.
func (b *builder) prune() {
	n := b.net
	has := func(ids []string) map[string]bool {
		m := make(map[string]bool, len(ids))
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	ids := func(n int, id func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	missing := func(kind, id string) string {
		return fmt.Sprintf("refers to %s %s, which is not in the input", kind, id)
	}
	vpcs := has(ids(len(n.VPCs), func(i int) string { return n.VPCs[i].ID }))
	n.Subnets = slices.DeleteFunc(n.Subnets, func(s vpc.Subnet) bool {
		if !vpcs[s.VPC] {
			b.skip("subnet", s.ID, b.from("subnet", s.ID), "%s", missing("vpc", s.VPC))
			return true
		}
		return false
	})
	subnets := has(ids(len(n.Subnets), func(i int) string { return n.Subnets[i].ID }))
	keepSubnets := func(kind, owner string, list []string) []string {
		return slices.DeleteFunc(list, func(s string) bool {
			if !subnets[s] {
				b.skip(kind+"-subnet", owner+" "+s, b.from(kind, owner), "%s", missing("subnet", s))
				return true
			}
			return false
		})
	}

	n.InternetGateways = slices.DeleteFunc(n.InternetGateways, func(g vpc.InternetGateway) bool {
		if g.VPC != "" && !vpcs[g.VPC] {
			b.skip("internet-gateway", g.ID, b.from("internet-gateway", g.ID), "%s", missing("vpc", g.VPC))
			return true
		}
		return false
	})
	n.EgressOnlyInternetGateways = slices.DeleteFunc(n.EgressOnlyInternetGateways, func(g vpc.EgressOnlyInternetGateway) bool {
		if !vpcs[g.VPC] {
			b.skip("egress-only-internet-gateway", g.ID, b.from("egress-only-internet-gateway", g.ID), "%s", missing("vpc", g.VPC))
			return true
		}
		return false
	})
	n.NATGateways = slices.DeleteFunc(n.NATGateways, func(g vpc.NATGateway) bool {
		if !subnets[g.Subnet] {
			b.skip("nat-gateway", g.ID, b.from("nat-gateway", g.ID), "%s", missing("subnet", g.Subnet))
			return true
		}
		return false
	})
	n.PeeringConnections = slices.DeleteFunc(n.PeeringConnections, func(p vpc.PeeringConnection) bool {
		for _, v := range []string{p.RequesterVPC, p.AccepterVPC} {
			if !vpcs[v] {
				b.skip("vpc-peering-connection", p.ID, b.from("vpc-peering-connection", p.ID), "%s (import the peer account's and Region's describe output to keep it)", missing("vpc", v))
				return true
			}
		}
		return false
	})
	tgws := has(ids(len(n.TransitGateways), func(i int) string { return n.TransitGateways[i].ID }))
	n.TransitGatewayRouteTables = slices.DeleteFunc(n.TransitGatewayRouteTables, func(t vpc.TransitGatewayRouteTable) bool {
		if !tgws[t.TransitGateway] {
			b.skip("transit-gateway-route-table", t.ID, b.from("transit-gateway-route-table", t.ID), "%s", missing("transit gateway", t.TransitGateway))
			return true
		}
		return false
	})
	tgwRTs := has(ids(len(n.TransitGatewayRouteTables), func(i int) string { return n.TransitGatewayRouteTables[i].ID }))
	n.TransitGatewayAttachments = slices.DeleteFunc(n.TransitGatewayAttachments, func(a vpc.TransitGatewayAttachment) bool {
		switch {
		case !tgws[a.TransitGateway]:
			b.skip("transit-gateway-attachment", a.ID, b.from("transit-gateway-attachment", a.ID), "%s", missing("transit gateway", a.TransitGateway))
			return true
		case a.Type() == vpc.AttachVPC && !vpcs[a.VPC]:
			b.skip("transit-gateway-attachment", a.ID, b.from("transit-gateway-attachment", a.ID), "%s (import the VPC owner's describe output to keep it)", missing("vpc", a.VPC))
			return true
		}
		return false
	})
	for i := range n.TransitGatewayAttachments {
		a := &n.TransitGatewayAttachments[i]
		a.Subnets = keepSubnets("transit-gateway-attachment", a.ID, a.Subnets)
		if a.RouteTable != "" && !tgwRTs[a.RouteTable] {
			b.skip("transit-gateway-attachment-association", a.ID, b.from("transit-gateway-attachment-association", a.ID), "%s: the attachment is left unassociated", missing("transit gateway route table", a.RouteTable))
			a.RouteTable = ""
		}
		a.Propagations = slices.DeleteFunc(a.Propagations, func(rt string) bool {
			if !tgwRTs[rt] {
				b.skip("transit-gateway-attachment-propagation", a.ID+" "+rt, b.from("transit-gateway-attachment", a.ID), "%s", missing("transit gateway route table", rt))
				return true
			}
			return false
		})
	}
	atts := has(ids(len(n.TransitGatewayAttachments), func(i int) string { return n.TransitGatewayAttachments[i].ID }))
	for i := range n.TransitGatewayRouteTables {
		t := &n.TransitGatewayRouteTables[i]
		t.Routes = slices.DeleteFunc(t.Routes, func(r vpc.TGWRoute) bool {
			if !r.Blackhole && !atts[r.Attachment] {
				b.skip("transit-gateway-route", t.ID+" "+r.Destination.String(), b.from("transit-gateway-route-table", t.ID), "%s", missing("transit gateway attachment", r.Attachment))
				return true
			}
			return false
		})
	}
	attached := map[[2]string]bool{} // (vpc, tgw)
	for _, a := range n.TransitGatewayAttachments {
		attached[[2]string{a.VPC, a.TransitGateway}] = true
	}

	pls := has(ids(len(n.PrefixLists), func(i int) string { return n.PrefixLists[i].ID }))
	n.SecurityGroups = slices.DeleteFunc(n.SecurityGroups, func(g vpc.SecurityGroup) bool {
		if !vpcs[g.VPC] {
			b.skip("security-group", g.ID, b.from("security-group", g.ID), "%s", missing("vpc", g.VPC))
			return true
		}
		return false
	})
	sgs := has(ids(len(n.SecurityGroups), func(i int) string { return n.SecurityGroups[i].ID }))
	for i := range n.SecurityGroups {
		g := &n.SecurityGroups[i]
		for _, dir := range []struct {
			name  string
			rules *[]vpc.SGRule
		}{{"ingress", &g.Ingress}, {"egress", &g.Egress}} {
			*dir.rules = slices.DeleteFunc(*dir.rules, func(r vpc.SGRule) bool {
				switch {
				case r.Group != "" && !sgs[r.Group]:
					b.skip("security-group-rule", fmt.Sprintf("%s %s %s", g.ID, dir.name, r.Group), b.from("security-group", g.ID),
						"%s (a group of another account or Region: import its describe-security-groups output to keep the rule)", missing("security group", r.Group))
					return true
				case r.PrefixList != "" && !pls[r.PrefixList]:
					b.skip("security-group-rule", fmt.Sprintf("%s %s %s", g.ID, dir.name, r.PrefixList), b.from("security-group", g.ID),
						"%s (add describe-managed-prefix-lists and get-managed-prefix-list-entries output)", missing("prefix list", r.PrefixList))
					return true
				}
				return false
			})
		}
	}
	n.NetworkACLs = slices.DeleteFunc(n.NetworkACLs, func(a vpc.NetworkACL) bool {
		if !vpcs[a.VPC] {
			b.skip("network-acl", a.ID, b.from("network-acl", a.ID), "%s", missing("vpc", a.VPC))
			return true
		}
		return false
	})
	for i := range n.NetworkACLs {
		a := &n.NetworkACLs[i]
		a.Subnets = keepSubnets("network-acl", a.ID, a.Subnets)
	}

	n.NetworkInterfaces = slices.DeleteFunc(n.NetworkInterfaces, func(e vpc.NetworkInterface) bool {
		if !subnets[e.Subnet] {
			b.skip("network-interface", e.ID, b.from("network-interface", e.ID), "%s", missing("subnet", e.Subnet))
			return true
		}
		return false
	})
	for i := range n.NetworkInterfaces {
		e := &n.NetworkInterfaces[i]
		e.SecurityGroups = slices.DeleteFunc(e.SecurityGroups, func(g string) bool {
			if !sgs[g] {
				b.skip("network-interface-security-group", e.ID+" "+g, b.from("network-interface", e.ID), "%s", missing("security group", g))
				return true
			}
			return false
		})
		if !e.PublicIP.IsValid() && e.AssignPublicIP == nil {
			if s, ok := b.subnets[e.Subnet]; ok && e.WantsPublicIP(s.MapPublicIPOnLaunch) {
				// The interface has no public address: do not let compile
				// give it the one its subnet would give a new interface.
				e.AssignPublicIP = ptr(false)
			}
		}
	}

	targets := map[vpc.TargetKind]map[string]string{ // ID -> VPC ("" where any)
		vpc.TargetInternetGateway:   {},
		vpc.TargetEgressOnlyGateway: {},
		vpc.TargetNATGateway:        {},
		vpc.TargetNetworkInterface:  {},
		vpc.TargetPeeringConnection: {},
		vpc.TargetTransitGateway:    {},
		vpc.TargetVPCEndpoint:       {},
	}
	for _, e := range n.VPCEndpoints {
		if e.Type.Valid() && e.Type.Norm() == endpoint.GatewayLoadBalancer {
			targets[vpc.TargetVPCEndpoint][e.ID] = e.VPC
		}
	}
	for _, g := range n.InternetGateways {
		targets[vpc.TargetInternetGateway][g.ID] = g.VPC
	}
	for _, g := range n.EgressOnlyInternetGateways {
		targets[vpc.TargetEgressOnlyGateway][g.ID] = g.VPC
	}
	subnetVPC := map[string]string{}
	for _, s := range n.Subnets {
		subnetVPC[s.ID] = s.VPC
	}
	for _, g := range n.NATGateways {
		targets[vpc.TargetNATGateway][g.ID] = subnetVPC[g.Subnet]
	}
	for _, e := range n.NetworkInterfaces {
		targets[vpc.TargetNetworkInterface][e.ID] = subnetVPC[e.Subnet]
	}
	for _, p := range n.PeeringConnections {
		targets[vpc.TargetPeeringConnection][p.ID] = ""
	}
	for _, t := range n.TransitGateways {
		targets[vpc.TargetTransitGateway][t.ID] = ""
	}
	targets[vpc.TargetVPNGateway] = map[string]string{}
	for _, g := range n.VPNGateways {
		targets[vpc.TargetVPNGateway][g.ID] = g.VPC
	}
	n.RouteTables = slices.DeleteFunc(n.RouteTables, func(t vpc.RouteTable) bool {
		if !vpcs[t.VPC] {
			b.skip("route-table", t.ID, b.from("route-table", t.ID), "%s", missing("vpc", t.VPC))
			return true
		}
		return false
	})
	for i := range n.RouteTables {
		t := &n.RouteTables[i]
		t.Subnets = keepSubnets("route-table", t.ID, t.Subnets)
		t.Routes = slices.DeleteFunc(t.Routes, func(r vpc.Route) bool {
			ref := t.ID + " " + r.Destination.String()
			if r.PrefixList != "" {
				ref = t.ID + " " + r.PrefixList
				if !pls[r.PrefixList] {
					b.skip("route", ref, b.from("route-table", t.ID), "%s", missing("prefix list", r.PrefixList))
					return true
				}
			}
			if r.Blackhole {
				return false
			}
			v, ok := targets[r.Target.Kind][r.Target.ID]
			switch {
			case !ok:
				b.skip("route", ref, b.from("route-table", t.ID), "%s", missing(string(r.Target.Kind), r.Target.ID))
				return true
			case r.Target.Kind == vpc.TargetTransitGateway && !attached[[2]string{t.VPC, r.Target.ID}]:
				b.skip("route", ref, b.from("route-table", t.ID), "vpc %s has no available attachment to transit gateway %s in the input", t.VPC, r.Target.ID)
				return true
			case v != "" && v != t.VPC:
				b.skip("route", ref, b.from("route-table", t.ID), "targets %s %s of vpc %s, not of the table's vpc %s", r.Target.Kind, r.Target.ID, v, t.VPC)
				return true
			}
			return false
		})
	}
}
