package gen

import (
	"bytes"
	"fmt"
	"net/netip"
	"slices"

	"pgregory.net/rapid"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Options shape the generated networks. The zero value is the default.
type Options struct {
	// MaxVPCs is the largest number of VPCs (1 or 2; 0 means 2; with
	// TransitGateway 2 or 3, 0 meaning 3).
	MaxVPCs int
	// MinENIs and MaxENIs bound the number of network interfaces, not
	// counting NAT gateways (0 means 2 and 8).
	MinENIs, MaxENIs int
	// ExplicitAddresses gives every interface and NAT gateway an explicit
	// private address and leaves no public address to compile: an
	// interface has a public address only when PublicIP is set. Use it
	// when the test needs to know every address without asking the engine.
	ExplicitAddresses bool
	// TransitGateway generates networks of two or three VPCs with
	// disjoint primary CIDRs joined by a transit gateway (see the package
	// documentation). Without it, no network has a transit gateway.
	TransitGateway bool
	// Lattice adds VPC Lattice service networks, associations, services,
	// listeners, rules and target groups (see lattice.go). Without it, no
	// network has any.
	Lattice bool
	// LoadBalancers adds Application and Network Load Balancers, their
	// listeners, rules and target groups (see lb.go). Without it, no
	// network has a load balancer.
	LoadBalancers bool
	// Hybrid adds on-premises networks and what joins them to AWS:
	// virtual private gateways, VPN connections, Direct Connect gateways
	// and virtual interfaces, transit gateway VPN, Direct Connect and
	// peering attachments, appliance mode, stateful appliances and
	// gateway route tables (see hybrid.go). It implies TransitGateway.
	Hybrid bool
	// ResourcePolicies adds resource policies to S3 and AWS Secrets
	// Manager resources (see resourcepolicy.go).
	ResourcePolicies bool
	// PrivateLink adds endpoint services fronted by Network and Gateway
	// Load Balancers, consumers' interface and Gateway Load Balancer
	// endpoints, their connections and routes through them (see
	// privatelink.go). It implies at least two VPCs.
	PrivateLink bool
}

// Network draws a random valid network with the default [Options].
func Network(t *rapid.T) *sim.Network { return NetworkWith(t, Options{}) }

// Networks returns a generator of random valid networks.
func Networks(o Options) *rapid.Generator[*sim.Network] {
	return rapid.Custom(func(t *rapid.T) *sim.Network { return NetworkWith(t, o) })
}

// NetworkWith draws a random valid network shaped by o.
func NetworkWith(t *rapid.T, o Options) *sim.Network {
	if o.Hybrid {
		o.TransitGateway = true
	}
	switch {
	case o.TransitGateway && (o.MaxVPCs < 2 || o.MaxVPCs > 3):
		o.MaxVPCs = 3
	case !o.TransitGateway && (o.MaxVPCs <= 0 || o.MaxVPCs > 2):
		o.MaxVPCs = 2
	}
	if o.PrivateLink && o.MaxVPCs < 2 {
		o.MaxVPCs = 2
	}
	if o.MinENIs <= 0 {
		o.MinENIs = 2
	}
	if o.MaxENIs <= 0 {
		o.MaxENIs = 8
	}
	if o.MaxENIs < o.MinENIs {
		o.MaxENIs = o.MinENIs
	}
	b := &builder{t: t, o: o, n: &sim.Network{}, public: map[netip.Addr]bool{}}
	b.build()
	if err := b.n.Validate(); err != nil {
		var buf bytes.Buffer
		_ = b.n.Save(&buf)
		t.Fatalf("gen: generated network is invalid: %v\n%s", err, buf.String())
	}
	return b.n
}

// PublicPool is the set of addresses public IPs and Elastic IPs (of NAT
// gateways and of secondary private addresses) are drawn from. Tests may use it to pick internet hosts that are not (or are) the
// public address of an interface.
var PublicPool = []netip.Addr{
	netip.MustParseAddr("54.0.0.1"), netip.MustParseAddr("54.0.0.2"), netip.MustParseAddr("54.1.2.3"),
	netip.MustParseAddr("52.0.0.10"), netip.MustParseAddr("52.0.0.11"), netip.MustParseAddr("52.95.1.1"),
	netip.MustParseAddr("3.5.0.1"), netip.MustParseAddr("3.5.0.200"), netip.MustParseAddr("18.0.0.1"),
	netip.MustParseAddr("8.8.8.9"), netip.MustParseAddr("1.2.3.200"), netip.MustParseAddr("99.1.1.1"),
	netip.MustParseAddr("54.0.0.3"), netip.MustParseAddr("35.0.0.1"), netip.MustParseAddr("54.0.0.4"),
	netip.MustParseAddr("52.0.0.12"), netip.MustParseAddr("3.5.0.129"), netip.MustParseAddr("1.2.3.5"),
	netip.MustParseAddr("18.0.0.2"), netip.MustParseAddr("99.1.1.2"),
}

// PublicCIDRs are the public prefixes rules, routes and prefix lists draw
// from. They nest and touch on purpose.
var PublicCIDRs = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("0.0.0.0/1"),
	netip.MustParsePrefix("128.0.0.0/1"), netip.MustParsePrefix("8.0.0.0/8"),
	netip.MustParsePrefix("8.8.8.0/24"), netip.MustParsePrefix("8.8.8.8/32"),
	netip.MustParsePrefix("54.0.0.0/8"), netip.MustParsePrefix("54.0.0.0/30"),
	netip.MustParsePrefix("54.1.0.0/16"), netip.MustParsePrefix("52.0.0.0/8"),
	netip.MustParsePrefix("52.0.0.0/24"), netip.MustParsePrefix("3.5.0.0/16"),
	netip.MustParsePrefix("3.5.0.0/25"), netip.MustParsePrefix("3.5.0.128/25"),
	netip.MustParsePrefix("1.2.3.0/24"), netip.MustParsePrefix("1.2.3.0/25"),
	netip.MustParsePrefix("1.2.3.128/25"), netip.MustParsePrefix("1.0.0.0/8"),
	netip.MustParsePrefix("18.0.0.0/8"), netip.MustParsePrefix("99.0.0.0/8"),
}

type builder struct {
	t      *rapid.T
	o      Options
	n      *sim.Network
	vpcs   []*vpcInfo
	public map[netip.Addr]bool
	seq    int
	pcx    string // the peering connection between the first two VPCs, or ""
	tgw    string // the transit gateway, or ""
	// freeIPs are addresses ip targets take that nobody holds (lb.go).
	freeIPs map[netip.Addr]bool
	// albSubnets are the subnets holding an Application Load Balancer's
	// node, which must keep eight free addresses besides it (lb.go).
	albSubnets map[string]bool
	s3pl       string // the S3 prefix list, or ""
	// tgwTables are the transit gateway's route tables; hy the hybrid
	// draws (hybrid.go), nil without Options.Hybrid.
	tgwTables []string
	hy        *hybridInfo
	// pl holds the PrivateLink draws (privatelink.go), nil without
	// Options.PrivateLink.
	pl *plInfo
}

type vpcInfo struct {
	id       string
	cidrs    []netip.Prefix
	subnets  []int // indexes into n.Subnets
	igw      string
	sgs      []string
	nats     []string
	enis     []string
	private  map[netip.Addr]bool
	demand   map[string]int // addresses claimed per subnet
	assocRTB map[string]bool
	assocACL map[string]bool
	attached bool   // the VPC has an attachment to the transit gateway
	vgw      string // the attached virtual private gateway (Options.Hybrid), or ""
}

func (b *builder) id(prefix string) string {
	b.seq++
	return fmt.Sprintf("%s-%d", prefix, b.seq)
}

func (b *builder) intn(label string, lo, hi int) int {
	return rapid.IntRange(lo, hi).Draw(b.t, label)
}

func (b *builder) chance(label string, pct int) bool {
	return rapid.IntRange(0, 99).Draw(b.t, label) < pct
}

func pick[T any](b *builder, label string, s []T) T {
	return rapid.SampledFrom(s).Draw(b.t, label)
}

func (b *builder) build() {
	minVPCs := 1
	if b.o.TransitGateway || b.o.PrivateLink {
		minVPCs = 2
	}
	nv := b.intn("vpcs", minVPCs, b.o.MaxVPCs)
	for i := range nv {
		b.vpc(i)
	}
	for _, v := range b.vpcs {
		b.subnets(v)
	}
	b.privateLinkAccounts()
	b.peering()
	b.transitGateway()
	b.hybridEarly()
	b.prefixLists()
	for _, v := range b.vpcs {
		b.igw(v)
		b.nats(v)
		b.sgIDs(v)
	}
	b.interfaces()
	b.loadBalancers()
	b.privateLinkEarly()
	for _, v := range b.vpcs {
		b.sgRules(v)
		b.lbSGRules(v)
		b.acls(v)
		b.routeTables(v)
	}
	b.hybridLate()
	for i, v := range b.vpcs {
		b.endpoints(v, i)
	}
	b.privateLinkLate()
	b.resourcePolicies()
	b.lattice()
}

func (b *builder) vpc(i int) {
	bits := pick(b, "vpc-bits", []int{16, 16, 20, 22, 24})
	k := b.intn("vpc-octet", 0, 3)
	var primary netip.Prefix
	if i > 0 && !b.o.TransitGateway && b.chance("vpc-same-cidr", 25) {
		primary = b.vpcs[0].cidrs[0] // overlapping VPCs are allowed
	} else {
		base := pick(b, "vpc-base", []string{"10.%d.0.0", "10.%d.0.0", "172.%d.0.0", "192.168.%d.0"})
		o := k
		switch base {
		case "172.%d.0.0":
			o = 16 + k
		case "192.168.%d.0":
			o = 16 * k
		}
		primary = netip.PrefixFrom(netip.MustParseAddr(fmt.Sprintf(base, o)), bits).Masked()
		if i > 0 && primary.Overlaps(b.vpcs[0].cidrs[0]) && !b.chance("vpc-overlap", 30) {
			primary = netip.PrefixFrom(netip.MustParseAddr(fmt.Sprintf("10.%d.0.0", 10+k)), bits).Masked()
		}
		if b.o.TransitGateway && b.overlapsVPC(primary) {
			// 10.(10+4i+k).0.0 is outside every earlier VPC's primary.
			primary = netip.PrefixFrom(netip.MustParseAddr(fmt.Sprintf("10.%d.0.0", 10+4*i+k)), bits).Masked()
		}
	}
	v := &vpcInfo{id: b.id("vpc"), cidrs: []netip.Prefix{primary}, private: map[netip.Addr]bool{},
		demand: map[string]int{}, assocRTB: map[string]bool{}, assocACL: map[string]bool{}}
	if b.chance("vpc-secondary", 30) {
		sb := pick(b, "vpc-secondary-bits", []int{20, 24, 26})
		sec := netip.PrefixFrom(netip.MustParseAddr(fmt.Sprintf("100.64.%d.0", 16*b.intn("vpc-secondary-octet", 0, 3))), sb).Masked()
		v.cidrs = append(v.cidrs, sec)
	}
	b.vpcs = append(b.vpcs, v)
	b.n.VPCs = append(b.n.VPCs, vpc.VPC{ID: v.id, CIDRs: slices.Clone(v.cidrs)})
}

// overlapsVPC reports whether p overlaps a CIDR of a VPC drawn so far.
func (b *builder) overlapsVPC(p netip.Prefix) bool {
	for _, v := range b.vpcs {
		if slices.ContainsFunc(v.cidrs, p.Overlaps) {
			return true
		}
	}
	return false
}

// subnets carves 2-5 subnets from the VPC's CIDRs, left to right with
// random gaps, so they never overlap.
func (b *builder) subnets(v *vpcInfo) {
	cursor := make([]netip.Addr, len(v.cidrs))
	for i, c := range v.cidrs {
		cursor[i] = c.Addr()
	}
	want := b.intn("subnets", 2, 5)
	for range want {
		ci := b.intn("subnet-block", 0, len(v.cidrs)-1)
		c := v.cidrs[ci]
		bits := b.intn("subnet-bits", max(c.Bits(), 20), 28)
		size := uint64(1) << (32 - bits)
		start := addrU(cursor[ci])
		start = (start + size - 1) / size * size
		start += size * uint64(b.intn("subnet-gap", 0, 1))
		end := addrU(c.Addr()) + (uint64(1) << (32 - c.Bits()))
		if start+size > end {
			continue
		}
		p := netip.PrefixFrom(uAddr(start), bits)
		cursor[ci] = uAddr(start + size)
		s := vpc.Subnet{ID: b.id("subnet"), VPC: v.id, AvailabilityZone: pick(b, "az", []string{"us-east-1a", "us-east-1b"}), CIDR: p}
		if !b.o.ExplicitAddresses {
			s.MapPublicIPOnLaunch = b.chance("map-public", 30)
		}
		v.subnets = append(v.subnets, len(b.n.Subnets))
		b.n.Subnets = append(b.n.Subnets, s)
	}
	if len(v.subnets) == 0 {
		// The first block always fits a /28 at its start.
		p := netip.PrefixFrom(v.cidrs[0].Addr(), 28)
		v.subnets = append(v.subnets, len(b.n.Subnets))
		b.n.Subnets = append(b.n.Subnets, vpc.Subnet{ID: b.id("subnet"), VPC: v.id, AvailabilityZone: "us-east-1a", CIDR: p})
	}
}

// peering sometimes joins two VPCs whose CIDRs do not overlap.
func (b *builder) peering() {
	if len(b.vpcs) < 2 || !b.chance("peering", 50) {
		return
	}
	for _, x := range b.vpcs[0].cidrs {
		for _, y := range b.vpcs[1].cidrs {
			if x.Overlaps(y) {
				return
			}
		}
	}
	b.pcx = b.id("pcx")
	status := pick(b, "peering-status", []vpc.PeeringStatus{"", "", vpc.PeeringActive, vpc.PeeringPendingAcceptance, vpc.PeeringDeleted})
	b.n.PeeringConnections = append(b.n.PeeringConnections, vpc.PeeringConnection{ID: b.pcx,
		RequesterVPC: b.vpcs[0].id, AccepterVPC: b.vpcs[1].id, Status: status})
}

// transitGateway (with Options.TransitGateway) adds the transit gateway,
// its route tables and the VPCs' attachments. An attachment claims one
// address in each of its subnets.
func (b *builder) transitGateway() {
	if !b.o.TransitGateway {
		return
	}
	b.tgw = b.id("tgw")
	b.n.TransitGateways = append(b.n.TransitGateways, vpc.TransitGateway{ID: b.tgw,
		SecurityGroupReferencing: b.chance("tgw-sg-referencing", 60)})
	var tables []string
	for range b.intn("tgw-rtbs", 1, 2) {
		tables = append(tables, b.id("tgw-rtb"))
	}
	var atts []string
	for _, v := range b.vpcs {
		if !b.chance("tgw-attach", 85) {
			continue
		}
		a := vpc.TransitGatewayAttachment{ID: b.id("tgw-attach"), TransitGateway: b.tgw, VPC: v.id,
			SecurityGroupReferencingDisabled: b.chance("tgw-attach-no-sg-referencing", 20)}
		// One subnet per AZ, sometimes leaving an AZ out.
		for _, az := range []string{"us-east-1a", "us-east-1b"} {
			var in []int
			for _, si := range v.subnets {
				if b.subnet(si).AvailabilityZone == az {
					in = append(in, si)
				}
			}
			if len(in) > 0 && b.chance("tgw-attach-az", 80) {
				a.Subnets = append(a.Subnets, b.subnet(pick(b, "tgw-attach-subnet", in)).ID)
			}
		}
		if len(a.Subnets) == 0 {
			a.Subnets = append(a.Subnets, b.subnet(pick(b, "tgw-attach-subnet", v.subnets)).ID)
		}
		for _, s := range a.Subnets {
			v.demand[s]++
		}
		if b.chance("tgw-attach-associated", 85) {
			a.RouteTable = pick(b, "tgw-attach-rtb", tables)
		}
		for _, t := range tables {
			if b.chance("tgw-attach-propagates", 75) {
				a.Propagations = append(a.Propagations, t)
			}
		}
		v.attached = true
		atts = append(atts, a.ID)
		b.n.TransitGatewayAttachments = append(b.n.TransitGatewayAttachments, a)
	}
	for _, id := range tables {
		t := vpc.TransitGatewayRouteTable{ID: id, TransitGateway: b.tgw}
		seen := map[netip.Prefix]bool{}
		for range b.intn("tgw-routes", 0, 3) {
			var d netip.Prefix
			switch b.intn("tgw-route-dest", 0, 5) {
			case 0:
				d = netip.MustParsePrefix("0.0.0.0/0")
			case 1:
				d = pick(b, "tgw-route-public", PublicCIDRs[1:])
			default:
				d = pick(b, "tgw-route-local", b.localCIDRs(b.vpcs[0]))
			}
			if seen[d] {
				continue
			}
			seen[d] = true
			r := vpc.TGWRoute{Destination: d}
			if len(atts) == 0 || b.chance("tgw-route-blackhole", 25) {
				r.Blackhole = true
			} else {
				r.Attachment = pick(b, "tgw-route-attachment", atts)
			}
			t.Routes = append(t.Routes, r)
		}
		b.n.TransitGatewayRouteTables = append(b.n.TransitGatewayRouteTables, t)
	}
	b.tgwTables = tables
}

// peerOf returns the VPC peered with v, or nil.
func (b *builder) peerOf(v *vpcInfo) *vpcInfo {
	switch {
	case b.pcx == "":
		return nil
	case v == b.vpcs[0]:
		return b.vpcs[1]
	case v == b.vpcs[1]:
		return b.vpcs[0]
	}
	return nil
}

func addrU(a netip.Addr) uint64 {
	b := a.As4()
	return uint64(b[0])<<24 | uint64(b[1])<<16 | uint64(b[2])<<8 | uint64(b[3])
}

func uAddr(u uint64) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(u >> 24), byte(u >> 16), byte(u >> 8), byte(u)})
}

func (b *builder) subnet(i int) *vpc.Subnet { return &b.n.Subnets[i] }

// localCIDRs are prefixes inside or around the VPCs: subnets, VPC CIDRs and
// the private ranges.
func (b *builder) localCIDRs(v *vpcInfo) []netip.Prefix {
	out := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12")}
	out = append(out, v.cidrs...)
	for _, si := range v.subnets {
		out = append(out, b.subnet(si).CIDR)
	}
	for _, w := range b.vpcs {
		if w != v {
			out = append(out, w.cidrs...)
			for _, si := range w.subnets {
				out = append(out, b.subnet(si).CIDR)
			}
		}
	}
	if b.hy != nil {
		out = append(out, b.hy.cidrs()...)
	}
	return out
}

// S3Service is the service name of Amazon S3 in the generated networks'
// Region, and S3CIDRs the entries of its prefix list when one is
// declared (a real S3 range, outside PublicCIDRs' draws of host
// addresses and PublicPool).
var (
	S3Service = endpoint.AWSServiceName("us-east-1", "s3")
	S3CIDRs   = []netip.Prefix{netip.MustParsePrefix("52.216.0.0/15")}
)

// interfaceServices are the AWS services interface endpoints are drawn to.
var interfaceServices = []string{"sts", "secretsmanager", "ssm", "logs"}

func (b *builder) prefixLists() {
	if b.chance("pl-s3", 40) {
		b.s3pl = b.id("pl-s3")
		b.n.PrefixLists = append(b.n.PrefixLists, vpc.PrefixList{ID: b.s3pl, Name: S3Service, AWSManaged: true, Entries: slices.Clone(S3CIDRs)})
	}
	for range b.intn("prefix-lists", 0, 2) {
		var entries []netip.Prefix
		for range b.intn("pl-entries", 1, 3) {
			var p netip.Prefix
			if b.chance("pl-local", 30) {
				p = pick(b, "pl-entry", b.localCIDRs(b.vpcs[b.intn("pl-vpc", 0, len(b.vpcs)-1)]))
			} else {
				p = pick(b, "pl-entry", PublicCIDRs[1:])
			}
			entries = append(entries, p)
		}
		b.n.PrefixLists = append(b.n.PrefixLists, vpc.PrefixList{ID: b.id("pl"), Entries: entries})
	}
}

func (b *builder) igw(v *vpcInfo) {
	switch b.intn("igw", 0, 9) {
	case 0, 1: // none
	case 2: // detached
		b.n.InternetGateways = append(b.n.InternetGateways, vpc.InternetGateway{ID: b.id("igw")})
	default:
		v.igw = b.id("igw")
		b.n.InternetGateways = append(b.n.InternetGateways, vpc.InternetGateway{ID: v.igw, VPC: v.id})
	}
}

// publicAddr draws an unused public address, or the zero Addr when the
// pool is spent.
func (b *builder) publicAddr() netip.Addr {
	a := pick(b, "public-ip", PublicPool)
	for range len(PublicPool) {
		if !b.public[a] {
			b.public[a] = true
			return a
		}
		i := slices.Index(PublicPool, a)
		a = PublicPool[(i+1)%len(PublicPool)]
	}
	return netip.Addr{}
}

// roomySubnet draws a subnet of v with room for one more address.
func (b *builder) roomySubnet(v *vpcInfo) (int, bool) {
	var ok []int
	for _, si := range v.subnets {
		s := b.subnet(si)
		if v.demand[s.ID] < vpc.UsableAddresses(s.CIDR) {
			ok = append(ok, si)
		}
	}
	if len(ok) == 0 {
		return 0, false
	}
	return pick(b, "subnet", ok), true
}

// privateAddr draws an unused, unreserved address of subnet si.
func (b *builder) privateAddr(v *vpcInfo, si int) netip.Addr {
	p := b.subnet(si).CIDR
	size := 1 << (32 - p.Bits())
	first := addrU(p.Addr())
	off := b.intn("addr-offset", 4, min(size-2, 4+24))
	for range size {
		a := uAddr(first + uint64(off))
		if !v.private[a] && !vpc.IsReserved(p, a) {
			v.private[a] = true
			return a
		}
		off++
		if off > size-2 {
			off = 4
		}
	}
	panic("gen: subnet full") // roomySubnet makes this unreachable
}

func (b *builder) nats(v *vpcInfo) {
	for range b.intn("nats", 0, 2) {
		si, ok := b.roomySubnet(v)
		if !ok {
			return
		}
		s := b.subnet(si)
		g := vpc.NATGateway{ID: b.id("nat"), Subnet: s.ID}
		if b.chance("nat-private", 25) {
			g.Connectivity = vpc.NATPrivate
		} else {
			g.ElasticIP = b.publicAddr()
			if !g.ElasticIP.IsValid() {
				g.Connectivity = vpc.NATPrivate
			}
		}
		if b.o.ExplicitAddresses || b.chance("nat-explicit-ip", 50) {
			g.PrivateIP = b.privateAddr(v, si)
		}
		v.demand[s.ID]++
		v.nats = append(v.nats, g.ID)
		b.n.NATGateways = append(b.n.NATGateways, g)
	}
}

func (b *builder) sgIDs(v *vpcInfo) {
	n := b.intn("sgs", 1, 4)
	hasDefault := b.chance("sg-default", 30)
	for i := range n {
		id := b.id("sg")
		v.sgs = append(v.sgs, id)
		b.n.SecurityGroups = append(b.n.SecurityGroups, vpc.SecurityGroup{ID: id, VPC: v.id, Default: hasDefault && i == 0})
	}
}

var kinds = []vpc.InterfaceKind{"", vpc.KindEC2, vpc.KindLambda, vpc.KindECSTask, vpc.KindRDS, vpc.KindOther, vpc.KindEKSNode}

func (b *builder) interfaces() {
	total := b.intn("enis", b.o.MinENIs, b.o.MaxENIs)
	for i := range total {
		v := b.vpcs[0]
		if len(b.vpcs) > 1 && (i == 1 || b.chance("eni-second-vpc", 40)) {
			v = b.vpcs[1]
		}
		if len(b.vpcs) > 2 && (i == 2 || b.chance("eni-third-vpc", 33)) {
			v = b.vpcs[2]
		}
		si, ok := b.roomySubnet(v)
		if !ok {
			continue
		}
		s := b.subnet(si)
		e := vpc.NetworkInterface{ID: b.id("eni"), Subnet: s.ID, Kind: pick(b, "kind", kinds)}
		if b.o.ExplicitAddresses || b.chance("eni-explicit-ip", 60) {
			e.PrivateIPs = []netip.Addr{b.privateAddr(v, si)}
			v.demand[s.ID]++
			b.secondaries(v, si, &e)
		} else {
			v.demand[s.ID]++
		}
		if e.Kind != vpc.KindLambda {
			switch {
			case b.chance("eni-public", 40):
				e.PublicIP = b.publicAddr()
			case !b.o.ExplicitAddresses && b.chance("eni-assign-public", 20):
				yes := b.chance("eni-assign-public-value", 50)
				e.AssignPublicIP = &yes
			}
		}
		for _, g := range v.sgs {
			if b.chance("eni-sg", 35) {
				e.SecurityGroups = append(e.SecurityGroups, g)
			}
		}
		e.SourceDestCheckDisabled = b.chance("eni-no-sdcheck", 25)
		v.enis = append(v.enis, e.ID)
		b.n.NetworkInterfaces = append(b.n.NetworkInterfaces, e)
	}
}

// secondaries sometimes gives interface e (in subnet si of v) one to
// three secondary private addresses, each with an Elastic IP half the
// time.
func (b *builder) secondaries(v *vpcInfo, si int, e *vpc.NetworkInterface) {
	if !b.chance("eni-secondary-ip", 35) {
		return
	}
	s := b.subnet(si)
	for range b.intn("eni-secondaries", 1, 3) {
		if v.demand[s.ID] >= vpc.UsableAddresses(s.CIDR) {
			return
		}
		a := b.privateAddr(v, si)
		v.demand[s.ID]++
		e.PrivateIPs = append(e.PrivateIPs, a)
		if b.chance("eni-secondary-eip", 50) {
			pub := b.publicAddr()
			if pub.IsValid() {
				e.ElasticIPs = append(e.ElasticIPs, vpc.ElasticIP{PrivateIP: a, PublicIP: pub})
			}
		}
	}
}

func (b *builder) eniAddrs(v *vpcInfo) []netip.Prefix {
	var out []netip.Prefix
	for _, e := range b.n.NetworkInterfaces {
		for _, a := range e.PrivateIPs {
			if v.private[a] {
				out = append(out, netip.PrefixFrom(a, 32))
			}
		}
		if e.PublicIP.IsValid() {
			out = append(out, netip.PrefixFrom(e.PublicIP, 32))
		}
		for _, x := range e.ElasticIPs {
			out = append(out, netip.PrefixFrom(x.PublicIP, 32))
		}
	}
	return out
}

// peerCIDR draws a rule or entry CIDR: everything, a VPC range, an
// interface address or a public range.
func (b *builder) peerCIDR(v *vpcInfo) netip.Prefix {
	switch b.intn("cidr-kind", 0, 5) {
	case 0:
		return netip.MustParsePrefix("0.0.0.0/0")
	case 1, 2:
		return pick(b, "cidr-local", b.localCIDRs(v))
	case 3:
		if a := b.eniAddrs(v); len(a) > 0 {
			return pick(b, "cidr-host", a)
		}
		return netip.MustParsePrefix("0.0.0.0/0")
	}
	return pick(b, "cidr-public", PublicCIDRs)
}

var (
	protocols  = []vpc.Protocol{vpc.ProtocolAll, vpc.ProtocolAll, vpc.ProtocolTCP, vpc.ProtocolTCP, vpc.ProtocolUDP, vpc.ProtocolICMP, 47}
	portRanges = []vpc.PortRange{vpc.AllPorts, vpc.Port(22), vpc.Port(80), vpc.Port(443), vpc.Port(5432), vpc.Ports(1024, 65535),
		vpc.Ports(80, 443), vpc.Ports(0, 1023), vpc.Ports(32768, 60999), vpc.Ports(1, 65535), vpc.Ports(8000, 9000)}
	icmps = []vpc.ICMP{vpc.AnyICMP, vpc.AnyICMP, vpc.ICMPType(8), vpc.ICMPMessage(8, 0), vpc.ICMPMessage(0, 0),
		vpc.ICMPType(3), vpc.ICMPMessage(13, 0), vpc.ICMPMessage(14, 0), vpc.ICMPType(0)}
)

// traffic draws a protocol with its ports or ICMP selector.
func (b *builder) traffic() (vpc.Protocol, vpc.PortRange, vpc.ICMP) {
	p := pick(b, "protocol", protocols)
	switch {
	case p.HasPorts():
		if b.chance("ports-random", 20) {
			from := rapid.Uint16().Draw(b.t, "ports-from")
			to := rapid.Uint16Range(max(from, 1), 65535).Draw(b.t, "ports-to")
			return p, vpc.Ports(from, to), vpc.AnyICMP
		}
		return p, pick(b, "ports", portRanges), vpc.AnyICMP
	case p.IsICMP():
		return p, vpc.PortRange{}, pick(b, "icmp", icmps)
	}
	return p, vpc.PortRange{}, vpc.AnyICMP
}

// remotes returns the VPCs whose groups rules of v may name: the other
// side of the peering connection, and the other VPCs attached to the
// transit gateway when v is.
func (b *builder) remotes(v *vpcInfo) []*vpcInfo {
	var out []*vpcInfo
	for _, w := range b.vpcs {
		if w == v {
			continue
		}
		if b.peerOf(v) == w || v.attached && w.attached {
			out = append(out, w)
		}
	}
	return out
}

func (b *builder) sgRule(v *vpcInfo, self string, ingress bool) vpc.SGRule {
	p, ports, icmp := b.traffic()
	r := vpc.SGRule{Protocol: p, Ports: ports, ICMP: icmp}
	remote := b.remotes(v)
	switch k := b.intn("peer-kind", 0, 9); {
	case k <= 5:
		r.CIDR = b.peerCIDR(v)
	case k <= 6 && len(b.n.PrefixLists) > 0:
		r.PrefixList = pick(b, "peer-pl", b.n.PrefixLists).ID
	case k <= 7:
		r.Group = self
	case (k == 9 || k == 8 && b.tgw != "" && ingress) && len(remote) > 0:
		// A group of a peered or attached VPC (stale when the peering is
		// not active, or across the transit gateway when referencing is
		// off or the rule is outbound).
		r.Group = pick(b, "peer-group-remote", pick(b, "peer-vpc-remote", remote).sgs)
	default:
		r.Group = pick(b, "peer-group", v.sgs)
	}
	return r
}

func (b *builder) sgRules(v *vpcInfo) {
	for i := range b.n.SecurityGroups {
		g := &b.n.SecurityGroups[i]
		if g.VPC != v.id {
			continue
		}
		for range b.intn("sg-ingress", 0, 3) {
			g.Ingress = append(g.Ingress, b.sgRule(v, g.ID, true))
		}
		if b.tgw != "" && b.chance("sg-ingress-private", 35) {
			// Something for flows from the other VPCs to pass.
			r := vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: netip.MustParsePrefix("10.0.0.0/8")}
			if b.chance("sg-ingress-private-all", 50) {
				r.CIDR = netip.MustParsePrefix("0.0.0.0/0")
			}
			g.Ingress = append(g.Ingress, r)
		}
		if b.chance("sg-allow-all-egress", 50) {
			g.Egress = append(g.Egress, vpc.AllowAllEgress())
		}
		for range b.intn("sg-egress", 0, 2) {
			g.Egress = append(g.Egress, b.sgRule(v, g.ID, false))
		}
	}
}

func (b *builder) aclEntries(v *vpcInfo) []vpc.ACLEntry {
	var out []vpc.ACLEntry
	used := map[int]bool{}
	for range b.intn("acl-entries", 0, 4) {
		n := pick(b, "acl-number", []int{1, 10, 50, 90, 100, 101, 110, 200, 1000, 32766})
		if b.chance("acl-number-random", 20) {
			n = b.intn("acl-number-any", 1, 32766)
		}
		if used[n] {
			continue
		}
		used[n] = true
		p, ports, icmp := b.traffic()
		act := vpc.Allow
		if b.chance("acl-deny", 35) {
			act = vpc.Deny
		}
		out = append(out, vpc.ACLEntry{Number: n, Action: act, Protocol: p, CIDR: b.peerCIDR(v), Ports: ports, ICMP: icmp})
	}
	if b.chance("acl-allow-rest", 60) && !used[32000] {
		out = append(out, vpc.ACLEntry{Number: 32000, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: netip.MustParsePrefix("0.0.0.0/0")})
	}
	return out
}

func (b *builder) acls(v *vpcInfo) {
	n := b.intn("acls", 0, 2)
	hasDefault := b.chance("acl-default", 30)
	for i := range n {
		a := vpc.NetworkACL{ID: b.id("acl"), VPC: v.id, Default: hasDefault && i == 0}
		for _, si := range v.subnets {
			s := b.subnet(si)
			if !v.assocACL[s.ID] && b.chance("acl-assoc", 40) {
				v.assocACL[s.ID] = true
				a.Subnets = append(a.Subnets, s.ID)
			}
		}
		a.Inbound = b.aclEntries(v)
		a.Outbound = b.aclEntries(v)
		b.n.NetworkACLs = append(b.n.NetworkACLs, a)
	}
}

func (b *builder) routeTables(v *vpcInfo) {
	if b.chance("rtb-main", 50) {
		b.routeTable(v, true)
	}
	for range b.intn("rtbs", 0, 2) {
		b.routeTable(v, false)
	}
}

func (b *builder) routeTable(v *vpcInfo, main bool) {
	t := vpc.RouteTable{ID: b.id("rtb"), VPC: v.id, Main: main}
	for _, si := range v.subnets {
		s := b.subnet(si)
		if !v.assocRTB[s.ID] && b.chance("rtb-assoc", 50) {
			v.assocRTB[s.ID] = true
			t.Subnets = append(t.Subnets, s.ID)
		}
	}
	seen := map[string]bool{}
	if w := b.peerOf(v); w != nil && b.chance("route-to-peer", 60) {
		r := vpc.Route{Destination: w.cidrs[0], Target: vpc.ToPeeringConnection(b.pcx)}
		seen[r.Destination.String()] = true
		t.Routes = append(t.Routes, r)
	}
	if v.attached {
		for _, w := range b.vpcs {
			if w != v && !seen[w.cidrs[0].String()] && b.chance("route-to-tgw", 70) {
				seen[w.cidrs[0].String()] = true
				t.Routes = append(t.Routes, vpc.Route{Destination: w.cidrs[0], Target: vpc.ToTransitGateway(b.tgw)})
			}
		}
	}
	b.hybridRoutes(v, &t, seen)
	for range b.intn("routes", 0, 4) {
		r, ok := b.route(v)
		if !ok {
			continue
		}
		key := r.PrefixList
		if key == "" {
			key = r.Destination.String()
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		t.Routes = append(t.Routes, r)
	}
	b.n.RouteTables = append(b.n.RouteTables, t)
}

func (b *builder) route(v *vpcInfo) (vpc.Route, bool) {
	var r vpc.Route
	switch k := b.intn("route-dest", 0, 9); {
	case k <= 3:
		r.Destination = netip.MustParsePrefix("0.0.0.0/0")
	case k <= 5:
		r.Destination = pick(b, "route-public", PublicCIDRs[1:])
	case k <= 7:
		r.Destination = pick(b, "route-local", b.localCIDRs(v))
	case k == 8:
		// Host routes: AWS refuses one inside the VPC.
		if a := slices.DeleteFunc(b.eniAddrs(v), func(p netip.Prefix) bool { return v.private[p.Addr()] }); len(a) > 0 {
			r.Destination = pick(b, "route-host", a)
		} else {
			r.Destination = netip.MustParsePrefix("0.0.0.0/0")
		}
	default:
		if len(b.n.PrefixLists) == 0 {
			return r, false
		}
		r.PrefixList = pick(b, "route-pl", b.n.PrefixLists).ID
	}
	// AWS accepts a destination inside the VPC only when it is a VPC CIDR
	// (the local route, or its replacement) or a whole subnet CIDR, and
	// then only to a NAT gateway or a network interface.
	isVPCCIDR := r.PrefixList == "" && slices.Contains(v.cidrs, r.Destination)
	inside := r.PrefixList == "" && slices.ContainsFunc(v.cidrs, func(c netip.Prefix) bool {
		return c.Bits() <= r.Destination.Bits() && c.Contains(r.Destination.Addr())
	})
	if inside && !isVPCCIDR && !slices.ContainsFunc(v.subnets, func(si int) bool { return b.subnet(si).CIDR == r.Destination }) {
		return r, false
	}
	type choice int
	const (
		toIGW choice = iota
		toNAT
		toENI
		toLocal
		toPeering
		toTGW
		toVGW
		toBlackhole
	)
	var choices []choice
	if v.igw != "" && !inside {
		choices = append(choices, toIGW, toIGW, toIGW)
	}
	if len(v.nats) > 0 {
		choices = append(choices, toNAT, toNAT)
	}
	if len(v.enis) > 0 {
		choices = append(choices, toENI)
	}
	if isVPCCIDR {
		choices = append(choices, toLocal)
	}
	if b.peerOf(v) != nil && !inside {
		choices = append(choices, toPeering, toPeering)
	}
	if v.attached && !inside {
		// AWS refuses a route to a transit gateway the VPC is not
		// attached to.
		choices = append(choices, toTGW, toTGW, toTGW)
	}
	if v.vgw != "" && !inside {
		choices = append(choices, toVGW, toVGW)
	}
	choices = append(choices, toBlackhole)
	switch pick(b, "route-target", choices) {
	case toIGW:
		r.Target = vpc.ToInternetGateway(v.igw)
	case toNAT:
		r.Target = vpc.ToNATGateway(pick(b, "route-nat", v.nats))
	case toENI:
		r.Target = vpc.ToNetworkInterface(pick(b, "route-eni", v.enis))
	case toLocal:
		r.Target = vpc.Local()
	case toPeering:
		r.Target = vpc.ToPeeringConnection(b.pcx)
	case toTGW:
		r.Target = vpc.ToTransitGateway(b.tgw)
	case toVGW:
		r.Target = vpc.ToVPNGateway(v.vgw)
	case toBlackhole:
		r.Blackhole = true
		gone := []vpc.Target{vpc.ToNATGateway("nat-gone"), vpc.ToNetworkInterface("eni-gone"),
			vpc.ToPeeringConnection("pcx-1"), vpc.ToTransitGateway("tgw-1"), vpc.ToInternetGateway("igw-gone")}
		if inside {
			gone = gone[:2]
		}
		r.Target = pick(b, "route-gone", gone)
		if len(v.nats) > 0 && b.chance("route-blackhole-existing", 30) {
			r.Target = vpc.ToNATGateway(v.nats[0])
		}
	}
	return r, true
}

// endpoints draws VPC v's endpoints (see the package documentation).
func (b *builder) endpoints(v *vpcInfo, vi int) {
	states := []endpoint.State{"", "", "", "", endpoint.Available, endpoint.Pending, endpoint.Rejected}
	if b.s3pl != "" && b.chance("vpce-gateway", 50) {
		e := endpoint.Endpoint{ID: b.id("vpce"), VPC: v.id, ServiceName: S3Service, State: pick(b, "vpce-state", states)}
		for i := range b.n.RouteTables {
			t := &b.n.RouteTables[i]
			if t.VPC != v.id || len(t.Gateways) > 0 || slices.ContainsFunc(t.Routes, func(r vpc.Route) bool { return r.PrefixList == b.s3pl }) || !b.chance("vpce-rtb", 60) {
				continue
			}
			e.RouteTables = append(e.RouteTables, t.ID)
			if b.chance("vpce-route-declared", 30) {
				t.Routes = append(t.Routes, vpc.Route{PrefixList: b.s3pl, Target: vpc.ToVPCEndpoint(e.ID)})
			}
		}
		e.Policy = b.endpointPolicy(v, e.ID, "s3")
		b.n.VPCEndpoints = append(b.n.VPCEndpoints, e)
	}
	services := slices.Clone(interfaceServices)
	for range b.intn("vpce-interfaces", 0, 2) {
		i := b.intn("vpce-service", 0, len(services)-1)
		svc := services[i]
		services = slices.Delete(services, i, i+1)
		e := endpoint.Endpoint{ID: b.id("vpce"), Type: endpoint.Interface, VPC: v.id, ServiceName: endpoint.AWSServiceName("us-east-1", svc),
			State: pick(b, "vpce-state", states)}
		zones := map[string]bool{}
		for _, si := range v.subnets {
			s := b.subnet(si)
			if zones[s.AvailabilityZone] || v.demand[s.ID] >= vpc.UsableAddresses(s.CIDR) ||
				b.albSubnets[s.ID] && vpc.UsableAddresses(s.CIDR)-v.demand[s.ID]-1 < 8 || // an Application Load Balancer's node keeps 8 free
				!b.chance("vpce-subnet", 60) {
				continue
			}
			zones[s.AvailabilityZone] = true
			e.Subnets = append(e.Subnets, s.ID)
			if b.o.ExplicitAddresses || b.chance("vpce-explicit-ip", 50) {
				e.Addresses = append(e.Addresses, endpoint.SubnetAddress{Subnet: s.ID, IPv4: b.privateAddr(v, si)})
			}
			v.demand[s.ID]++
		}
		if len(e.Subnets) == 0 {
			continue
		}
		for _, g := range v.sgs {
			if b.chance("vpce-sg", 35) {
				e.SecurityGroups = append(e.SecurityGroups, g)
			}
		}
		e.Policy = b.endpointPolicy(v, e.ID, svc)
		dns := b.chance("vpce-private-dns", 30)
		e.PrivateDNSEnabled = &dns
		if dns {
			b.n.VPCs[vi].EnableDNSHostnames = true
		}
		b.n.VPCEndpoints = append(b.n.VPCEndpoints, e)
	}
}

// Callers are the principals of the API calls [Call] draws and the
// endpoint policies name: a role and a user of account 111122223333, and
// a role of account 444455556666.
var Callers = []policy.Principal{
	{ARN: "arn:aws:iam::111122223333:role/app"},
	{ARN: "arn:aws:iam::111122223333:user/ops"},
	{ARN: "arn:aws:iam::444455556666:role/app"},
}

// callActions are the actions of calls to each service drawn: a read and
// a write.
var callActions = map[string][]string{
	"s3":             {"s3:GetObject", "s3:PutObject"},
	"sts":            {"sts:GetCallerIdentity", "sts:AssumeRole"},
	"secretsmanager": {"secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"},
	"ssm":            {"ssm:GetParameter", "ssm:PutParameter"},
	"logs":           {"logs:GetLogEvents", "logs:PutLogEvents"},
}

// callResources returns the resources calls to service are on: one of
// account 111122223333's (for S3, bucket app-data) and one of another's.
func callResources(service string) []string {
	if service == "s3" {
		return []string{"arn:aws:s3:::app-data/key", "arn:aws:s3:::other-bucket/key"}
	}
	return []string{"arn:aws:" + service + ":us-east-1:111122223333:thing/a", "arn:aws:" + service + ":us-east-1:444455556666:thing/b"}
}

// Call draws an API call to AWS service service (its short name: s3,
// sts, secretsmanager, ssm or logs) by one of [Callers].
func Call(t *rapid.T, service string) *sim.APICall {
	actions, ok := callActions[service]
	if !ok {
		actions = []string{service + ":Get", service + ":Put"}
	}
	return &sim.APICall{
		Principal: rapid.SampledFrom(Callers).Draw(t, "call-principal"),
		Action:    rapid.SampledFrom(actions).Draw(t, "call-action"),
		Resource:  rapid.SampledFrom(callResources(service)).Draw(t, "call-resource"),
	}
}

// EndpointPolicy returns one of the shapes of endpoint policy the
// generator draws, for endpoint vpce of VPC vpcID to service (short
// name), with otherVPC another VPC's ID and cidr a subnet CIDR of the
// endpoint's VPC; shape is taken modulo the number of shapes
// (EndpointPolicyShapes):
//
//	0 full access (AWS's default, written out)
//	1 reads only ("<service>:Get*")
//	2 account 111122223333 only (a Principal by account ID)
//	3 full access, and a Deny for callers outside 111122223333 (StringNotEquals aws:PrincipalAccount)
//	4 sources in cidr only (IpAddress aws:VpcSourceIp)
//	5 one role (arn:aws:iam::444455556666:role/app), all actions on account 111122223333's resources
//	6 full access through this endpoint (StringEquals aws:SourceVpce), writes denied
//	7 access only from otherVPC (StringEquals aws:SourceVpc): denies everything through this endpoint
//	8 a Deny for sources outside cidr (NotIpAddress aws:VpcSourceIp), with account 111122223333's root allowed
func EndpointPolicy(shape int, service, vpce, vpcID, otherVPC string, cidr netip.Prefix) []byte {
	res := "arn:aws:" + service + ":us-east-1:111122223333:*"
	if service == "s3" {
		res = "arn:aws:s3:::app-data/*"
	}
	var st string
	switch shape % EndpointPolicyShapes {
	case 0:
		st = `{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`
	case 1:
		st = fmt.Sprintf(`{"Effect":"Allow","Principal":"*","Action":"%s:Get*","Resource":"*"}`, service)
	case 2:
		st = `{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}`
	case 3:
		st = `{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},` +
			`{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"111122223333"}}}`
	case 4:
		st = fmt.Sprintf(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:VpcSourceIp":"%s"}}}`, cidr)
	case 5:
		st = fmt.Sprintf(`{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:role/app"]},"Action":"%s:*","Resource":["%s"]}`, service, res)
	case 6:
		st = fmt.Sprintf(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"%s"}}},`+
			`{"Effect":"Deny","Principal":"*","Action":["%s:Put*"],"Resource":"*"}`, vpce, service)
	case 7:
		st = fmt.Sprintf(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"%s"}}}`, otherVPC)
	case 8:
		st = fmt.Sprintf(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"*","Resource":"*"},`+
			`{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:VpcSourceIp":["%s"]}}}`, cidr)
	}
	return []byte(`{"Version":"2012-10-17","Statement":[` + st + `]}`)
}

// EndpointPolicyShapes is the number of shapes of [EndpointPolicy].
const EndpointPolicyShapes = 9

// endpointPolicy draws an endpoint policy for endpoint id of VPC v to
// service (its short name), or none (AWS's default, full access).
func (b *builder) endpointPolicy(v *vpcInfo, id, service string) []byte {
	if !b.chance("vpce-policy", 35) {
		return nil
	}
	other := "vpc-other"
	for _, w := range b.vpcs {
		if w != v {
			other = w.id
		}
	}
	cidr := b.subnet(pick(b, "vpce-policy-subnet", v.subnets)).CIDR
	return EndpointPolicy(b.intn("vpce-policy-shape", 0, EndpointPolicyShapes-1), service, id, v.id, other, cidr)
}
