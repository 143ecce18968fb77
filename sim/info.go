package sim

import (
	"cmp"
	"iter"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file reads back what compile decided: the addresses it assigned,
// the security groups, route tables and network ACLs it resolved, the
// resources it synthesized. Each lookup returns a small struct by value
// whose slices are copies (nil when empty), so the model stays immutable;
// each iterator yields the components in ID order.

// InterfaceInfo is a compiled network interface: a declared one, or the
// interface a NAT gateway owns in its subnet ("<nat-id>/eni").
type InterfaceInfo struct {
	// ID is the interface's ID.
	ID string
	// Kind is what the interface belongs to: the declared kind,
	// [vpc.KindEC2] when none was declared, [vpc.KindNATGateway] for a NAT
	// gateway's interface.
	Kind vpc.InterfaceKind
	// Owner is the declared owner (an instance, function, task or service
	// ID); for a NAT gateway's interface, the gateway's ID.
	Owner string
	// Subnet, VPC and AvailabilityZone locate the interface.
	Subnet, VPC, AvailabilityZone string
	// PrivateIPs are the IPv4 addresses, the primary first: the declared
	// ones, or the one compile assigned from the subnet.
	PrivateIPs []netip.Addr
	// IPv6Addrs are the declared IPv6 addresses, the primary first.
	IPv6Addrs []netip.Addr
	// PublicIP is the public IPv4 address the internet gateway maps to the
	// primary private address: the declared one, or the one compile
	// assigned from 54.0.0.0/8 when the interface wants one; for a NAT
	// gateway's interface, the gateway's Elastic IP. Zero when none.
	PublicIP netip.Addr
	// ElasticIPs are the Elastic IPs of secondary private addresses, as
	// declared.
	ElasticIPs []vpc.ElasticIP
	// SecurityGroups are the IDs of the interface's security groups,
	// sorted: the declared ones, or its VPC's default group when it
	// declares none (possibly the synthesized "<vpc>/default-sg"). Empty
	// for a NAT gateway's interface, which has none.
	SecurityGroups []string
	// SourceDestCheckDisabled reports that the interface forwards traffic
	// not addressed to it (an appliance, or a NAT gateway's interface).
	SourceDestCheckDisabled bool
	// NATGateway is the ID of the NAT gateway owning the interface, or "".
	NATGateway string
}

// SubnetInfo is a compiled subnet, with the route table and network ACL
// that apply to it.
type SubnetInfo struct {
	// ID is the subnet's ID.
	ID string
	// VPC and AvailabilityZone locate the subnet.
	VPC, AvailabilityZone string
	// CIDR is its IPv4 block; IPv6CIDR its IPv6 block, zero when none.
	CIDR, IPv6CIDR netip.Prefix
	// MapPublicIPOnLaunch is the declared setting.
	MapPublicIPOnLaunch bool
	// RouteTable is the ID of its route table: the one associating it
	// explicitly, else its VPC's main table (possibly the synthesized
	// "<vpc>/main-rtb").
	RouteTable string
	// NetworkACL is the ID of its network ACL: the one associating it
	// explicitly, else its VPC's default ACL (possibly the synthesized
	// "<vpc>/default-acl").
	NetworkACL string
}

// VPCInfo is a compiled VPC, with the resources every VPC has, declared
// or synthesized.
type VPCInfo struct {
	// ID is the VPC's ID.
	ID string
	// CIDRs are its IPv4 blocks, the primary first; IPv6CIDR its IPv6
	// block, zero when none.
	CIDRs    []netip.Prefix
	IPv6CIDR netip.Prefix
	// Region is as declared or, when the VPC declares none, the Region of
	// its subnets' zones; Account is as declared ("" when not).
	Region, Account string
	// MainRouteTable is the ID of its main route table: the declared one,
	// else the synthesized "<vpc>/main-rtb".
	MainRouteTable string
	// DefaultNetworkACL is the ID of its default network ACL: the declared
	// one, else the synthesized "<vpc>/default-acl".
	DefaultNetworkACL string
	// DefaultSecurityGroup is the ID of its default security group: the
	// declared one, else the synthesized "<vpc>/default-sg".
	DefaultSecurityGroup string
	// InternetGateway and EgressOnlyInternetGateway are the IDs of the
	// gateways attached to it, "" when none.
	InternetGateway, EgressOnlyInternetGateway string
	// DNSResolver is the address of its Amazon DNS resolver, the primary
	// CIDR's base plus two; DNSSupport reports whether it answers
	// (enableDnsSupport).
	DNSResolver netip.Addr
	DNSSupport  bool
}

// NATGatewayInfo is a compiled NAT gateway.
type NATGatewayInfo struct {
	// ID is the gateway's ID.
	ID string
	// Connectivity is [vpc.NATPublic] or [vpc.NATPrivate] (public when not
	// declared).
	Connectivity vpc.NATConnectivity
	// Subnet, VPC and AvailabilityZone locate the gateway.
	Subnet, VPC, AvailabilityZone string
	// Interface is the ID of the interface it owns in its subnet,
	// "<nat-id>/eni" (see [Model.Interface]).
	Interface string
	// PrivateIP is its private address: the declared one, or the one
	// compile assigned from the subnet. Flows it translates leave from it.
	PrivateIP netip.Addr
	// ElasticIP is the public address of a public gateway, zero for a
	// private one.
	ElasticIP netip.Addr
}

// Interface returns the compiled network interface with the given ID, or
// false when there is none. NAT gateways' interfaces ("<nat-id>/eni") are
// found too.
func (m *Model) Interface(id string) (InterfaceInfo, bool) {
	if m == nil {
		return InterfaceInfo{}, false
	}
	i, ok := lookup[eniIdx](m, id)
	if !ok {
		return InterfaceInfo{}, false
	}
	return m.interfaceInfo(i), true
}

// Interfaces yields every compiled network interface, NAT gateways'
// included, in ID order.
func (m *Model) Interfaces() iter.Seq[InterfaceInfo] {
	return func(yield func(InterfaceInfo) bool) {
		if m == nil {
			return
		}
		for i := range m.enis {
			if !yield(m.interfaceInfo(eniIdx(i))) {
				return
			}
		}
	}
}

// Subnet returns the compiled subnet with the given ID, or false when
// there is none.
func (m *Model) Subnet(id string) (SubnetInfo, bool) {
	if m == nil {
		return SubnetInfo{}, false
	}
	i, ok := lookup[subnetIdx](m, id)
	if !ok {
		return SubnetInfo{}, false
	}
	return m.subnetInfo(i), true
}

// Subnets yields every subnet, in ID order.
func (m *Model) Subnets() iter.Seq[SubnetInfo] {
	return func(yield func(SubnetInfo) bool) {
		if m == nil {
			return
		}
		for i := range m.subnets {
			if !yield(m.subnetInfo(subnetIdx(i))) {
				return
			}
		}
	}
}

// VPC returns the compiled VPC with the given ID, or false when there is
// none.
func (m *Model) VPC(id string) (VPCInfo, bool) {
	if m == nil {
		return VPCInfo{}, false
	}
	i, ok := lookup[vpcIdx](m, id)
	if !ok {
		return VPCInfo{}, false
	}
	return m.vpcInfo(i), true
}

// VPCs yields every VPC, in ID order.
func (m *Model) VPCs() iter.Seq[VPCInfo] {
	return func(yield func(VPCInfo) bool) {
		if m == nil {
			return
		}
		for i := range m.vpcs {
			if !yield(m.vpcInfo(vpcIdx(i))) {
				return
			}
		}
	}
}

// NATGateway returns the compiled NAT gateway with the given ID, or false
// when there is none.
func (m *Model) NATGateway(id string) (NATGatewayInfo, bool) {
	if m == nil {
		return NATGatewayInfo{}, false
	}
	i, ok := lookup[natIdx](m, id)
	if !ok {
		return NATGatewayInfo{}, false
	}
	return m.natInfo(i), true
}

// NATGateways yields every NAT gateway, in ID order.
func (m *Model) NATGateways() iter.Seq[NATGatewayInfo] {
	return func(yield func(NATGatewayInfo) bool) {
		if m == nil {
			return
		}
		// The gateways are indexed in the order of their interfaces'
		// IDs, "<nat-id>/eni", which is not always their IDs' order.
		order := make([]natIdx, len(m.nats))
		for i := range order {
			order[i] = natIdx(i)
		}
		slices.SortFunc(order, func(a, b natIdx) int { return cmp.Compare(m.nats[a].id, m.nats[b].id) })
		for _, i := range order {
			if !yield(m.natInfo(i)) {
				return
			}
		}
	}
}

func (m *Model) interfaceInfo(i eniIdx) InterfaceInfo {
	E := &m.enis[i]
	s := &m.subnets[E.subnet]
	x := InterfaceInfo{
		ID: E.id, Kind: E.ifKind, Owner: E.owner,
		Subnet: s.id, VPC: m.vpcs[E.vpc].id, AvailabilityZone: s.az,
		PrivateIPs: cloneOrNil(E.private), IPv6Addrs: cloneOrNil(E.ipv6),
		PublicIP: E.public, ElasticIPs: cloneOrNil(E.eips),
		SourceDestCheckDisabled: !E.sdcheck,
	}
	for _, g := range E.sgs {
		x.SecurityGroups = append(x.SecurityGroups, m.sgs[g].id)
	}
	slices.Sort(x.SecurityGroups) // synthesized groups need not come in ID order
	if E.nat != noNAT {
		x.NATGateway = m.nats[E.nat].id
	}
	return x
}

func (m *Model) subnetInfo(i subnetIdx) SubnetInfo {
	s := &m.subnets[i]
	x := SubnetInfo{
		ID: s.id, VPC: m.vpcs[s.vpc].id, AvailabilityZone: s.az,
		CIDR: s.cidr, IPv6CIDR: s.ipv6, MapPublicIPOnLaunch: s.mapPublicIP,
	}
	if s.rtb != noRTB {
		x.RouteTable = m.rtbs[s.rtb].id
	}
	if s.acl != noACL {
		x.NetworkACL = m.acls[s.acl].id
	}
	return x
}

func (m *Model) vpcInfo(i vpcIdx) VPCInfo {
	v := &m.vpcs[i]
	x := VPCInfo{
		ID: v.id, CIDRs: cloneOrNil(v.cidrs), IPv6CIDR: v.ipv6, Region: v.region, Account: v.account,
		DNSResolver: v.dns, DNSSupport: v.dnsOn,
	}
	if v.mainRTB != noRTB {
		x.MainRouteTable = m.rtbs[v.mainRTB].id
	}
	if v.defACL != noACL {
		x.DefaultNetworkACL = m.acls[v.defACL].id
	}
	if v.defSG != noSG {
		x.DefaultSecurityGroup = m.sgs[v.defSG].id
	}
	if v.igw != noIGW {
		x.InternetGateway = m.igws[v.igw].id
	}
	if v.eigw != noEIGW {
		x.EgressOnlyInternetGateway = m.eigws[v.eigw].id
	}
	return x
}

func (m *Model) natInfo(i natIdx) NATGatewayInfo {
	N := &m.nats[i]
	E := &m.enis[N.eni]
	x := NATGatewayInfo{
		ID: N.id, Connectivity: vpc.NATPublic, Subnet: m.subnets[E.subnet].id, VPC: m.vpcs[E.vpc].id,
		AvailabilityZone: m.subnets[E.subnet].az, Interface: E.id, PrivateIP: E.private[0], ElasticIP: E.public,
	}
	if N.private {
		x.Connectivity = vpc.NATPrivate
	}
	return x
}

// cloneOrNil returns a copy of s, nil when s is empty.
func cloneOrNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}
