package gen

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
)

// VPC Lattice resources in random networks ([Options.Lattice]).
//
// Most networks with Lattice also get resources: a provider VPC with one
// or two resource gateways (in one subnet per zone, behind none, some of
// the VPC's security groups or a group of their own that lets out one or
// two resource ports, taking 1, 2, 4 or the default 16
// addresses per interface), one to four resource configurations on them
// (SINGLE ones defined by the address of an interface of the VPC, an
// address of the VPC nobody holds, or a domain name resolving to zero to
// two interface addresses; GROUPs of zero to three such CHILDren; ARN ones
// naming an RDS database whose interfaces are zero to two interfaces of
// the VPC, marked as its by Owner), with port ranges or none, and
// associations of the configurations with the service networks (some
// not active, some with private DNS off). Most configurations have a
// custom domain name, verified or not (a group's children under the
// group's domain, when it has one); VPC associations and endpoints with
// private DNS on sometimes take a private DNS preference (verified
// domains, all, specified, or verified and specified; the specified
// domains *.example.com, a configuration's or another). Some VPCs
// other than the provider get a resource endpoint
// to a configuration; service-network endpoints (see latticeEndpoints)
// take an address per configuration their network holds.
//
// Half of the networks of two or more VPCs span two accounts: the
// provider VPC, its gateways and configurations are the provider's
// (ProviderAccount), the other VPCs the consumer's (ConsumerAccount), and
// the subnets declare AZ IDs, the consumer's zones mapped to use1-az1 and
// use1-az2 and the provider's drawn so that the two accounts share both
// zones (under the same or swapped names), one, or none. A resource
// share of the provider then shares some configurations with the
// consumer, and only those get resource endpoints in the consumer's VPCs.
//
// Security groups get rules for the resources: egress to Lattice's
// resource addresses (129.224.0.0/17) for clients, egress from the
// gateways' groups to the provider VPC, ingress from the provider VPC to
// the resources' groups; some network ACLs get entries for 129.224.0.0/17
// both ways.

// ProviderAccount and ConsumerAccount are the accounts of networks that
// span two (see above).
const (
	ProviderAccount = "333333333333"
	ConsumerAccount = "111111111111"
)

// ResourcePorts are the ports resources listen on and resource
// configurations' port ranges are drawn around; queries draw from them.
var ResourcePorts = []uint16{5432, 3306, 443}

// resourceRanges are the port ranges of resource configurations: none
// (every port) or one or two ranges.
var resourceRanges = [][]vpc.PortRange{nil, {vpc.Port(5432)}, {vpc.Ports(5432, 5440)}, {vpc.Port(3306), vpc.Port(443)}, {vpc.Ports(1, 1023)}, {vpc.Port(5432)}}

// resourceRuleRanges are the ports of the security group rules for
// resources.
var resourceRuleRanges = []vpc.PortRange{vpc.AllPorts, vpc.Port(5432), vpc.Ports(3306, 5432), vpc.Ports(1, 1023), vpc.AllPorts}

var latticeResourceAll = netip.MustParsePrefix("129.224.0.0/17")

// zoneIDs are the AZ IDs the provider's zones us-east-1a and us-east-1b
// map to: the consumer's (use1-az1, use1-az2), swapped, one shared, none.
var zoneIDs = [][2]string{{"use1-az1", "use1-az2"}, {"use1-az2", "use1-az1"}, {"use1-az2", "use1-az4"}, {"use1-az4", "use1-az6"}}

// resourceInfo is what the resource draws share with the endpoints.
type resourceInfo struct {
	provider *vpcInfo
	accounts bool
	// reachable are the configurations (not CHILD) a consumer VPC may
	// name in a resource endpoint: all, or those shared with the
	// consumer.
	reachable []string
}

// latticeResources draws the resources (see above), before the
// service-network endpoints, which take addresses for them.
func (b *builder) latticeResources(sns []string) *resourceInfo {
	if len(b.vpcs) == 0 || !b.chance("lattice-resources", 70) {
		return nil
	}
	ri := &resourceInfo{provider: pick(b, "rgw-vpc", b.vpcs)}
	if len(b.vpcs) > 1 && !b.o.TransitGateway && b.chance("rcfg-accounts", 50) {
		ri.accounts = true
		b.latticeAccounts(ri.provider)
	}
	account := ""
	if ri.accounts {
		account = ProviderAccount
	}
	var gws []string
	for range b.intn("rgws", 1, 2) {
		if id, ok := b.resourceGateway(ri.provider, account); ok {
			gws = append(gws, id)
		}
	}
	if len(gws) == 0 {
		return nil
	}
	b.resourceSGRules(ri.provider)
	var roots []*lattice.ResourceConfiguration
	var all []lattice.ResourceConfiguration
	for range b.intn("rcfgs", 1, 4) {
		c := lattice.ResourceConfiguration{ID: b.id("rcfg"), Account: account, ResourceGateway: pick(b, "rcfg-gw", gws),
			AllowShareableServiceNetworks: b.chance("rcfg-shareable", 85)}
		if b.chance("rcfg-custom", 60) {
			c.CustomDomainName = c.ID + ".example.com"
			c.DomainVerified = b.chance("rcfg-verified", 50)
		}
		switch b.intn("rcfg-type", 0, 3) {
		case 0, 1:
			c.Type = lattice.ResourceSingle
			c.Definition = b.resourceDefinition(ri.provider)
			c.PortRanges = pick(b, "rcfg-ports", resourceRanges)
		case 2:
			c.Type = lattice.ResourceGroup
			c.PortRanges = pick(b, "rcfg-group-ports", resourceRanges)
			if b.chance("rcfg-group-domain", 60) {
				c.GroupDomain = c.ID + ".example.com"
			}
			for range b.intn("rcfg-children", 0, 3) {
				ch := lattice.ResourceConfiguration{ID: b.id("rcfg"), Account: account, Type: lattice.ResourceChild, Group: c.ID,
					Definition: b.resourceDefinition(ri.provider)}
				if b.chance("rcfg-child-custom", 60) {
					ch.CustomDomainName = ch.ID + "." + cmpOr(c.GroupDomain, "example.com")
					ch.DomainVerified = b.rare("rcfg-child-verified", 20)
				}
				if b.chance("rcfg-child-ports", 30) {
					ch.PortRanges = pick(b, "rcfg-child-ports-value", resourceRanges)
				}
				all = append(all, ch)
			}
		default:
			c.Type = lattice.ResourceARN
			name := fmt.Sprintf("db%d", b.seq)
			c.Definition.ARN = fmt.Sprintf("arn:aws:rds:%s:%s:db:%s", LatticeRegion, cmpOr(account, ConsumerAccount), name)
			b.resourceOwners(ri.provider, name, c.Definition.ARN)
		}
		all = append(all, c)
	}
	for i := range all {
		if all[i].Type != lattice.ResourceChild {
			roots = append(roots, &all[i])
		}
	}
	b.n.ResourceConfigurations = append(b.n.ResourceConfigurations, all...)
	// Networks without sharing take configurations that do not allow
	// shareable ones.
	for i := range b.n.ServiceNetworks {
		if b.chance("sn-sharing-disabled", 30) {
			b.n.ServiceNetworks[i].SharingDisabled = true
		}
	}
	for _, c := range roots {
		for i := range b.n.ServiceNetworks {
			sn := &b.n.ServiceNetworks[i]
			if !slices.Contains(sns, sn.ID) || !c.AllowShareableServiceNetworks && !sn.SharingDisabled || !b.chance("snra", 60) {
				continue
			}
			a := lattice.ServiceNetworkResourceAssociation{ID: b.id("snra"), ServiceNetwork: sn.ID, ResourceConfiguration: c.ID}
			if b.rare("snra-state", 10) {
				a.Status = pick(b, "snra-status", []lattice.AssociationStatus{lattice.AssociationCreateInProgress, lattice.AssociationCreateFailed, lattice.AssociationUpdateInProgress})
			}
			if b.chance("snra-dns", 30) {
				dns := b.chance("snra-dns-on", 50)
				a.PrivateDNSEnabled = &dns
			}
			b.n.ServiceNetworkResourceAssociations = append(b.n.ServiceNetworkResourceAssociations, a)
		}
	}
	// Private DNS of the VPC associations, for configurations' custom
	// domain names.
	for i := range b.n.ServiceNetworkVPCAssociations {
		a := &b.n.ServiceNetworkVPCAssociations[i]
		if b.rare("snva-dns-off", 25) {
			off := false
			a.PrivateDNSEnabled = &off
		} else if b.chance("snva-dns-options", 35) {
			a.DNSOptions = b.latticeDNSOptions("snva")
		}
	}
	// What consumers of another account may reach: what is shared.
	if ri.accounts {
		if b.chance("rcfg-share", 75) {
			s := lattice.ResourceShare{ID: b.id("share"), Owner: ProviderAccount, Principals: []string{ConsumerAccount}}
			for _, c := range roots {
				if b.chance("rcfg-shared", 70) {
					s.Resources = append(s.Resources, c.ID)
				}
			}
			if len(s.Resources) > 0 {
				b.n.ResourceShares = append(b.n.ResourceShares, s)
				ri.reachable = s.Resources
			}
		}
	} else {
		for _, c := range roots {
			ri.reachable = append(ri.reachable, c.ID)
		}
	}
	b.resourceEndpoints(ri)
	b.resourceClientRules()
	return ri
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// latticeAccounts puts the provider VPC in ProviderAccount and the others
// in ConsumerAccount, and gives every subnet its AZ ID: the consumer's
// zones use1-az1 and use1-az2, the provider's drawn from zoneIDs.
func (b *builder) latticeAccounts(provider *vpcInfo) {
	ids := pick(b, "rgw-zone-ids", zoneIDs)
	for i, v := range b.vpcs {
		if v == provider {
			b.n.VPCs[i].Account = ProviderAccount
		} else {
			b.n.VPCs[i].Account = ConsumerAccount
		}
		for _, si := range v.subnets {
			s := b.subnet(si)
			k := 0
			if s.AvailabilityZone == "us-east-1b" {
				k = 1
			}
			if v == provider {
				s.AvailabilityZoneID = ids[k]
			} else {
				s.AvailabilityZoneID = [2]string{"use1-az1", "use1-az2"}[k]
			}
		}
	}
}

// resourceGateway draws a gateway in VPC v: one subnet per zone that has
// room for its addresses (which compile assigns), some of v's groups.
func (b *builder) resourceGateway(v *vpcInfo, account string) (string, bool) {
	g := lattice.ResourceGateway{ID: b.id("rgw"), VPC: v.id, Account: account,
		IPv4AddressesPerENI: pick(b, "rgw-addrs", []int{1, 1, 2, 4, 0})}
	need := g.AddressesPerENI()
	zones := map[string]bool{}
	for _, si := range v.subnets {
		s := b.subnet(si)
		if zones[s.AvailabilityZone] || vpc.UsableAddresses(s.CIDR)-v.demand[s.ID] < need+2 || !b.chance("rgw-subnet", 70) {
			continue
		}
		zones[s.AvailabilityZone] = true
		g.Subnets = append(g.Subnets, s.ID)
		v.demand[s.ID] += need
	}
	if len(g.Subnets) == 0 {
		return "", false
	}
	if b.chance("rgw-own-sg", 30) {
		// A group of its own, letting out only some resource ports.
		sg := vpc.SecurityGroup{ID: b.id("sg"), VPC: v.id}
		if b.chance("rgw-own-sg-rule", 80) {
			sg.Egress = []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: pick(b, "rgw-own-sg-ports", []vpc.PortRange{vpc.Port(5432), vpc.Port(3306), vpc.Ports(443, 3306)}), CIDR: v.cidrs[0]}}
		}
		b.n.SecurityGroups = append(b.n.SecurityGroups, sg)
		g.SecurityGroups = []string{sg.ID}
	} else {
		for _, sg := range v.sgs {
			if len(g.SecurityGroups) < 2 && b.chance("rgw-sg", 50) {
				g.SecurityGroups = append(g.SecurityGroups, sg)
			}
		}
	}
	b.n.ResourceGateways = append(b.n.ResourceGateways, g)
	return g.ID, true
}

// resourceSGRules gives some of the provider VPC's groups rules for the
// gateways' connections: egress to the VPC (the gateways' groups), ingress
// from it (the resources').
func (b *builder) resourceSGRules(v *vpcInfo) {
	for i := range b.n.SecurityGroups {
		g := &b.n.SecurityGroups[i]
		if g.VPC != v.id {
			continue
		}
		if b.chance("rgw-sg-out", 60) {
			g.Egress = append(g.Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: pick(b, "rgw-sg-out-ports", resourceRuleRanges), CIDR: v.cidrs[0]})
		}
		if b.chance("resource-sg-in", 60) {
			g.Ingress = append(g.Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: pick(b, "resource-sg-in-ports", resourceRuleRanges), CIDR: v.cidrs[0]})
		}
	}
}

// resourceClientRules gives some groups egress to Lattice's resource
// addresses, and some network ACLs entries for them both ways.
func (b *builder) resourceClientRules() {
	for i := range b.n.SecurityGroups {
		if b.chance("rcfg-sg-out", 50) {
			g := &b.n.SecurityGroups[i]
			g.Egress = append(g.Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: pick(b, "rcfg-sg-out-ports", resourceRuleRanges), CIDR: latticeResourceAll})
		}
	}
	for i := range b.n.NetworkACLs {
		a := &b.n.NetworkACLs[i]
		if !b.chance("rcfg-acl", 60) {
			continue
		}
		e := vpc.ACLEntry{Number: 3, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, Ports: vpc.AllPorts, CIDR: latticeResourceAll}
		if !slices.ContainsFunc(a.Inbound, func(x vpc.ACLEntry) bool { return x.Number == 3 }) {
			a.Inbound = append(a.Inbound, e)
		}
		if !slices.ContainsFunc(a.Outbound, func(x vpc.ACLEntry) bool { return x.Number == 3 }) {
			a.Outbound = append(a.Outbound, e)
		}
	}
}

// resourceDefinition draws what a SINGLE or CHILD configuration stands
// for in VPC v: an interface's address, an address of v nobody holds, or
// a domain name resolving to zero to two interface addresses.
func (b *builder) resourceDefinition(v *vpcInfo) lattice.ResourceDefinition {
	var held []netip.Addr
	for _, id := range v.enis {
		if e := b.eniByID(id); e != nil && len(e.PrivateIPs) > 0 {
			held = append(held, e.PrivateIPs[0])
		}
	}
	switch k := b.intn("rcfg-def", 0, 4); {
	case k <= 1 && len(held) > 0:
		return lattice.ResourceDefinition{IP: pick(b, "rcfg-def-ip", held)}
	case k == 2:
		// The last free address of a subnet with room: compile assigns
		// the gateways' addresses from the first free ones.
		for _, si := range v.subnets {
			s := b.subnet(si)
			if vpc.UsableAddresses(s.CIDR)-v.demand[s.ID] < 2 {
				continue
			}
			var last netip.Addr
			for a := s.CIDR.Masked().Addr(); s.CIDR.Contains(a); a = a.Next() {
				if !v.private[a] && !vpc.IsReserved(s.CIDR, a) {
					last = a
				}
			}
			if last.IsValid() {
				v.private[last] = true
				v.demand[s.ID]++
				return lattice.ResourceDefinition{IP: last}
			}
		}
	}
	d := lattice.ResourceDefinition{DomainName: fmt.Sprintf("db%d.internal.example.com", b.seq)}
	for range b.intn("rcfg-def-resolves", 0, 2) {
		if len(held) > 0 {
			if a := pick(b, "rcfg-def-resolves-to", held); !slices.Contains(d.ResolvesTo, a) {
				d.ResolvesTo = append(d.ResolvesTo, a)
			}
		}
	}
	return d
}

// resourceOwners marks zero to two interfaces of v, without an owner, as
// the database's: by its name, or by the whole ARN.
func (b *builder) resourceOwners(v *vpcInfo, name, arn string) {
	k := b.intn("rcfg-arn-enis", 0, 2)
	for _, id := range v.enis {
		e := b.eniByID(id)
		if k == 0 || e == nil || e.Owner != "" || !b.chance("rcfg-arn-eni", 60) {
			continue
		}
		e.Owner = name
		if b.chance("rcfg-arn-owner", 30) {
			e.Owner = arn
		}
		k--
	}
}

// resourceEndpoints gives some VPCs other than the provider a resource
// endpoint to a configuration they may reach: in one or two subnets (of
// distinct zones) with a free address each, declared with
// ExplicitAddresses (else sometimes), behind some of the VPC's groups,
// one of which sometimes admits the VPC's clients, with private DNS on or
// off, sometimes pending.
func (b *builder) resourceEndpoints(ri *resourceInfo) {
	if len(ri.reachable) == 0 {
		return
	}
	for vi, v := range b.vpcs {
		if v == ri.provider || !b.chance("rcfg-vpce", 45) {
			continue
		}
		e := endpoint.Endpoint{ID: b.id("vpce"), Type: endpoint.Resource, VPC: v.id, ResourceConfiguration: pick(b, "rcfg-vpce-cfg", ri.reachable)}
		zones := map[string]bool{}
		for _, si := range v.subnets {
			s := b.subnet(si)
			if zones[s.AvailabilityZone] || vpc.UsableAddresses(s.CIDR)-v.demand[s.ID] < 2 || !b.chance("rcfg-vpce-subnet", 60) {
				continue
			}
			a, ok := b.privateBlock(v, si, 1)
			if !ok {
				continue
			}
			zones[s.AvailabilityZone] = true
			e.Subnets = append(e.Subnets, s.ID)
			v.demand[s.ID]++
			if b.o.ExplicitAddresses || b.chance("rcfg-vpce-explicit-ip", 50) {
				e.Addresses = append(e.Addresses, endpoint.SubnetAddress{Subnet: s.ID, IPv4: a})
			} else {
				delete(v.private, a) // left for compile to assign
			}
		}
		if len(e.Subnets) == 0 {
			continue
		}
		for _, g := range v.sgs {
			if b.chance("rcfg-vpce-sg", 40) {
				e.SecurityGroups = append(e.SecurityGroups, g)
			}
		}
		for i := range b.n.SecurityGroups {
			g := &b.n.SecurityGroups[i]
			if len(e.SecurityGroups) > 0 && g.ID == e.SecurityGroups[0] && !b.rare("rcfg-vpce-sg-admit", 20) {
				g.Ingress = append(g.Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: pick(b, "rcfg-vpce-sg-ports", resourceRuleRanges), CIDR: v.cidrs[0]})
			}
		}
		if b.chance("rcfg-vpce-client-egress", 60) {
			client := pick(b, "rcfg-vpce-client-sg", v.sgs)
			for i := range b.n.SecurityGroups {
				if g := &b.n.SecurityGroups[i]; g.ID == client {
					g.Egress = append(g.Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: pick(b, "rcfg-vpce-egress-ports", resourceRuleRanges), CIDR: v.cidrs[0]})
				}
			}
		}
		dns := !b.rare("rcfg-vpce-no-dns", 40)
		e.PrivateDNSEnabled = &dns
		if dns {
			b.n.VPCs[vi].EnableDNSHostnames = true
			b.endpointDNSOptions(&e)
		}
		if b.rare("rcfg-vpce-state", 10) {
			e.State = endpoint.Pending
		}
		b.n.VPCEndpoints = append(b.n.VPCEndpoints, e)
	}
}

// latticeSlots returns how many resource configurations service network
// sn holds through associations that carry traffic, a GROUP's children
// counted each: a service-network endpoint's interface takes an address
// for each, past its block of 16.
func (b *builder) latticeSlots(sn string) int {
	held := map[string]bool{}
	for _, a := range b.n.ServiceNetworkResourceAssociations {
		if a.ServiceNetwork == sn && a.Status.Carries() {
			held[a.ResourceConfiguration] = true
		}
	}
	k := 0
	for _, c := range b.n.ResourceConfigurations {
		if held[c.ID] || c.Type == lattice.ResourceChild && held[c.Group] {
			k++
		}
	}
	return k
}

// dnsDomains are the domains private DNS preferences specify: all the
// configurations' custom domains, one of them, or another.
func (b *builder) dnsDomains(label string) []string {
	var out []string
	for range b.intn(label+"-domains", 1, 2) {
		d := pick(b, label+"-domain", []string{"*.example.com", "*.example.com", "other.example.org"})
		if b.chance(label+"-domain-cfg", 40) && len(b.n.ResourceConfigurations) > 0 {
			d = pick(b, label+"-domain-cfg-which", b.n.ResourceConfigurations).ID + ".example.com"
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// latticeDNSOptions draws the private DNS preference of a VPC association.
func (b *builder) latticeDNSOptions(label string) *lattice.DNSOptions {
	o := &lattice.DNSOptions{PrivateDNSPreference: pick(b, label+"-pref", []lattice.PrivateDNSPreference{lattice.DNSVerifiedDomainsOnly,
		lattice.DNSAllDomains, lattice.DNSVerifiedAndSpecifiedDomains, lattice.DNSSpecifiedDomainsOnly})}
	if o.PrivateDNSPreference.UsesSpecifiedDomains() {
		o.SpecifiedDomains = b.dnsDomains(label)
	}
	return o
}

// endpointDNSOptions sometimes gives a service-network or resource
// endpoint with private DNS on a private DNS preference.
func (b *builder) endpointDNSOptions(e *endpoint.Endpoint) {
	if !b.chance("vpce-dns-options", 40) {
		return
	}
	o := b.latticeDNSOptions("vpce")
	e.DNSOptions.Preference = endpoint.PrivateDNSPreference(o.PrivateDNSPreference)
	e.DNSOptions.SpecifiedDomains = o.SpecifiedDomains
}

// latticeEndpointDNS gives the service-network endpoints with private DNS
// on a private DNS preference sometimes (after latticeEndpoints).
func (b *builder) latticeEndpointDNS() {
	for i := range b.n.VPCEndpoints {
		if e := &b.n.VPCEndpoints[i]; e.Type.Norm() == endpoint.ServiceNetwork && e.PrivateDNS() {
			b.endpointDNSOptions(e)
		}
	}
}
