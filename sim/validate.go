package sim

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

// Resource kinds as [FieldError.Resource] names them.
const (
	resNameVPC        = "vpc"
	resNameSubnet     = "subnet"
	resNameRouteTable = "route-table"
	resNameIGW        = "internet-gateway"
	resNameEIGW       = "egress-only-internet-gateway"
	resNameNAT        = "nat-gateway"
	resNameSG         = "security-group"
	resNameACL        = "network-acl"
	resNamePrefixList = "prefix-list"
	resNameENI        = "network-interface"
	resNamePeering    = "vpc-peering-connection"
	resNameTGW        = "transit-gateway"
	resNameTGWAttach  = "transit-gateway-attachment"
	resNameTGWRTB     = "transit-gateway-route-table"
)

// maxSGsPerInterface is the default quota of security groups per network
// interface (adjustable to 16 in AWS, but not here yet).
const maxSGsPerInterface = 5

// Validate checks the network against what the AWS API would accept and
// returns every problem at once, as an [errors.Join] of [*FieldError]
// values (nil when there is none). Errors come in a fixed order: resource
// kinds in the order of the [Network] fields, resources in declaration
// order, then fields in a fixed order. Validate never panics.
//
// Validate checks, among others: IDs (present, unique across all kinds),
// CIDRs (well formed, canonical, of the right family and size, inside their
// VPC, not overlapping their siblings), references (declared, of the right
// kind, in the same VPC), singletons (one main route table, default security
// group, default network ACL, internet gateway and egress-only gateway per
// VPC; one route table and one network ACL per subnet), routes, security
// group rules and network ACL entries (protocols, ports, ICMP type and code,
// peers, rule numbers), interface and NAT gateway addresses (inside their
// subnet, not reserved, not taken twice in the VPC; public addresses public
// and unique) and subnet capacity. Quotas that AWS lets you raise, such as
// five IPv4 CIDRs per VPC, are not enforced; the security groups per
// interface are, at their default of five.
//
// What AWS accepts passes, even when it is a mistake: its consequences show
// up in queries.
func (n *Network) Validate() error {
	if n == nil {
		return nil
	}
	v := newValidator(n)
	for _, k := range resourceKinds {
		for i := range k.count(n) {
			id := k.id(n, i)
			r := vres{v: v, kind: k.name, id: id}
			switch first, ok := v.ids[id]; {
			case id == "":
				r.id = fmt.Sprintf("#%d", i)
				r.errf("id", ErrInvalidValue, "required: every %s needs an id", k.name)
			case ok && (first.kind != k.name || first.i != i):
				r.errf("id", ErrDuplicateID, "%q is already the id of the %s at %s[%d]",
					id, first.kind, first.field, first.i)
			}
			k.check(v, r, i)
		}
	}
	return errors.Join(v.errs...)
}

// resourceKind drives validation of one kind of resource: its name in
// errors, its field in [Network], and its checks.
type resourceKind struct {
	name  string
	field string
	count func(*Network) int
	id    func(*Network, int) string
	check func(*validator, vres, int)
}

// newResourceKind builds a resourceKind from typed accessors.
func newResourceKind[T any](name, field string, list func(*Network) []T, id func(*T) string,
	check func(*validator, vres, int, *T)) resourceKind {
	return resourceKind{
		name:  name,
		field: field,
		count: func(n *Network) int { return len(list(n)) },
		id:    func(n *Network, i int) string { return id(&list(n)[i]) },
		check: func(v *validator, r vres, i int) { check(v, r, i, &list(v.n)[i]) },
	}
}

// resourceKinds lists the kinds in validation order. Kinds that others
// reference come first where possible; NAT gateways precede network
// interfaces, so an address taken by both is reported on the interface.
var resourceKinds = []resourceKind{
	newResourceKind(resNameVPC, "vpcs",
		func(n *Network) []vpc.VPC { return n.VPCs },
		func(x *vpc.VPC) string { return x.ID }, (*validator).checkVPC),
	newResourceKind(resNameSubnet, "subnets",
		func(n *Network) []vpc.Subnet { return n.Subnets },
		func(x *vpc.Subnet) string { return x.ID }, (*validator).checkSubnet),
	newResourceKind(resNameRouteTable, "routeTables",
		func(n *Network) []vpc.RouteTable { return n.RouteTables },
		func(x *vpc.RouteTable) string { return x.ID }, (*validator).checkRouteTable),
	newResourceKind(resNameIGW, "internetGateways",
		func(n *Network) []vpc.InternetGateway { return n.InternetGateways },
		func(x *vpc.InternetGateway) string { return x.ID }, (*validator).checkIGW),
	newResourceKind(resNameEIGW, "egressOnlyInternetGateways",
		func(n *Network) []vpc.EgressOnlyInternetGateway { return n.EgressOnlyInternetGateways },
		func(x *vpc.EgressOnlyInternetGateway) string { return x.ID }, (*validator).checkEIGW),
	newResourceKind(resNameNAT, "natGateways",
		func(n *Network) []vpc.NATGateway { return n.NATGateways },
		func(x *vpc.NATGateway) string { return x.ID }, (*validator).checkNAT),
	newResourceKind(resNameSG, "securityGroups",
		func(n *Network) []vpc.SecurityGroup { return n.SecurityGroups },
		func(x *vpc.SecurityGroup) string { return x.ID }, (*validator).checkSG),
	newResourceKind(resNameACL, "networkAcls",
		func(n *Network) []vpc.NetworkACL { return n.NetworkACLs },
		func(x *vpc.NetworkACL) string { return x.ID }, (*validator).checkACL),
	newResourceKind(resNamePrefixList, "prefixLists",
		func(n *Network) []vpc.PrefixList { return n.PrefixLists },
		func(x *vpc.PrefixList) string { return x.ID }, (*validator).checkPrefixList),
	newResourceKind(resNameENI, "networkInterfaces",
		func(n *Network) []vpc.NetworkInterface { return n.NetworkInterfaces },
		func(x *vpc.NetworkInterface) string { return x.ID }, (*validator).checkENI),
	newResourceKind(resNamePeering, "peeringConnections",
		func(n *Network) []vpc.PeeringConnection { return n.PeeringConnections },
		func(x *vpc.PeeringConnection) string { return x.ID }, (*validator).checkPeering),
	newResourceKind(resNameTGW, "transitGateways",
		func(n *Network) []vpc.TransitGateway { return n.TransitGateways },
		func(x *vpc.TransitGateway) string { return x.ID }, (*validator).checkTGW),
	newResourceKind(resNameTGWAttach, "transitGatewayAttachments",
		func(n *Network) []vpc.TransitGatewayAttachment { return n.TransitGatewayAttachments },
		func(x *vpc.TransitGatewayAttachment) string { return x.ID }, (*validator).checkTGWAttachment),
	newResourceKind(resNameTGWRTB, "transitGatewayRouteTables",
		func(n *Network) []vpc.TransitGatewayRouteTable { return n.TransitGatewayRouteTables },
		func(x *vpc.TransitGatewayRouteTable) string { return x.ID }, (*validator).checkTGWRouteTable),
}

// validator holds the index built once over a network and the state that
// checks share while they run.
type validator struct {
	n    *Network
	errs []error
	// ids maps each ID to its first declaration.
	ids map[string]vref
	// demand is the number of IPv4 addresses each subnet must provide.
	demand []int
	// once maps a per-VPC singleton to the resource holding it.
	once map[singletonKey]string
	// assoc maps a (kind of association, subnet ID) to its holder.
	assoc map[singletonKey]string
	// blocks are the accepted subnet CIDRs of each VPC and family.
	blocks map[blockKey][]subnetBlock
	// private and public record who holds each address.
	private map[privateKey]string
	public  map[netip.Addr]string
}

type vref struct {
	kind  string
	field string
	i     int
}

type singletonKey struct{ what, id string }

type blockKey struct {
	vpc string
	v6  bool
}

type subnetBlock struct {
	id string
	p  netip.Prefix
}

// privateKey scopes private addresses to their VPC: two VPCs may use the
// same ranges.
type privateKey struct {
	vpc  string
	addr netip.Addr
}

func newValidator(n *Network) *validator {
	v := &validator{
		n:       n,
		ids:     make(map[string]vref),
		once:    make(map[singletonKey]string),
		assoc:   make(map[singletonKey]string),
		blocks:  make(map[blockKey][]subnetBlock),
		private: make(map[privateKey]string),
		public:  make(map[netip.Addr]string),
	}
	for _, k := range resourceKinds {
		for i := range k.count(n) {
			id := k.id(n, i)
			if _, dup := v.ids[id]; id != "" && !dup {
				v.ids[id] = vref{kind: k.name, field: k.field, i: i}
			}
		}
	}
	v.countDemand()
	return v
}

// countDemand counts the IPv4 addresses each subnet must provide: one for
// every interface and NAT gateway that declares none, plus the distinct
// usable addresses declared (those outside the subnet or reserved are
// reported as address errors, not counted).
func (v *validator) countDemand() {
	n := v.n
	v.demand = make([]int, len(n.Subnets))
	type slot struct {
		subnet int
		addr   netip.Addr
	}
	declared := make(map[slot]bool)
	claim := func(subnetID string, addrs ...netip.Addr) {
		si, ok := v.find(resNameSubnet, subnetID)
		if !ok {
			return
		}
		if len(addrs) == 0 {
			v.demand[si]++
			return
		}
		p := n.Subnets[si].CIDR
		for _, a := range addrs {
			s := slot{si, a}
			if a.Is4() && p.Contains(a) && !vpc.IsReserved(p, a) && !declared[s] {
				declared[s] = true
				v.demand[si]++
			}
		}
	}
	for i := range n.NATGateways {
		g := &n.NATGateways[i]
		if g.PrivateIP.IsValid() {
			claim(g.Subnet, g.PrivateIP)
		} else {
			claim(g.Subnet)
		}
	}
	for i := range n.TransitGatewayAttachments {
		for _, s := range n.TransitGatewayAttachments[i].Subnets {
			claim(s) // the attachment's interface in each of its subnets
		}
	}
	for i := range n.NetworkInterfaces {
		e := &n.NetworkInterfaces[i]
		claim(e.Subnet, e.PrivateIPs...)
	}
}

// find returns the index of the resource of the given kind with ID id.
func (v *validator) find(kind, id string) (int, bool) {
	got, ok := v.ids[id]
	if !ok || got.kind != kind {
		return 0, false
	}
	return got.i, true
}

// subnetVPC returns the VPC ID of subnet id, or "" when it is unknown.
func (v *validator) subnetVPC(id string) string {
	if i, ok := v.find(resNameSubnet, id); ok {
		return v.n.Subnets[i].VPC
	}
	return ""
}

// vpcOf returns the VPC ID of the route target of kind at index i.
func (v *validator) vpcOf(kind string, i int) string {
	n := v.n
	switch kind {
	case resNameIGW:
		return n.InternetGateways[i].VPC
	case resNameEIGW:
		return n.EgressOnlyInternetGateways[i].VPC
	case resNameNAT:
		return v.subnetVPC(n.NATGateways[i].Subnet)
	case resNameENI:
		return v.subnetVPC(n.NetworkInterfaces[i].Subnet)
	}
	return ""
}

// subnetPrefix returns subnet id's CIDR of family fam (4 or 6) when the
// subnet is declared and that CIDR is well formed, canonical and of the
// family, so that addresses can be checked against it.
func (v *validator) subnetPrefix(id string, fam int) (netip.Prefix, bool) {
	i, ok := v.find(resNameSubnet, id)
	if !ok {
		return netip.Prefix{}, false
	}
	p := v.n.Subnets[i].CIDR
	if fam == 6 {
		p = v.n.Subnets[i].IPv6CIDR
	}
	return p, p.IsValid() && p == p.Masked() && addrFamily(p.Addr()) == fam
}

// vres reports the problems of one resource.
type vres struct {
	v    *validator
	kind string
	id   string
}

func (r vres) errf(field string, kind error, format string, args ...any) {
	r.v.errs = append(r.v.errs, &FieldError{
		Resource: r.kind, ID: r.id, Field: field, Kind: kind, Msg: fmt.Sprintf(format, args...),
	})
}

// owner names a field of this resource in messages about later holders.
func (r vres) owner(field string) string { return r.kind + " " + r.id + " " + field }

// ref resolves a reference to a resource of the given kind, reporting a
// missing (when required), undeclared or wrongly typed reference.
func (r vres) ref(field, kind, id string, required bool) (int, bool) {
	if id == "" {
		if required {
			r.errf(field, ErrInvalidValue, "required: want the id of a %s", kind)
		}
		return 0, false
	}
	got, ok := r.v.ids[id]
	switch {
	case !ok:
		r.errf(field, ErrUnknownResource, "no %s %q is declared", kind, id)
	case got.kind != kind:
		r.errf(field, ErrUnknownResource, "%q is a %s, want a %s", id, got.kind, kind)
	default:
		return got.i, true
	}
	return 0, false
}

// vpcRef resolves a reference to a VPC and returns it, or nil.
func (r vres) vpcRef(field, id string, required bool) *vpc.VPC {
	if i, ok := r.ref(field, resNameVPC, id, required); ok {
		return &r.v.n.VPCs[i]
	}
	return nil
}

// sameVPC reports what, found in VPC got, when the resource is in VPC want.
// Empty IDs mean unknown and are reported elsewhere.
func (r vres) sameVPC(field, what, got, want string) {
	if got != "" && want != "" && got != want {
		r.errf(field, ErrWrongVPC, "%s is in vpc %q, want vpc %q", what, got, want)
	}
}

// onlyOne claims the singleton what (e.g. "a main route table") of VPC
// vpcID for this resource, reporting an earlier holder.
func (r vres) onlyOne(field, what, vpcID string) {
	key := singletonKey{what, vpcID}
	if prev, ok := r.v.once[key]; ok {
		r.errf(field, ErrConflict, "vpc %q already has %s: %s", vpcID, what, prev)
		return
	}
	r.v.once[key] = r.id
}

// associate checks an explicit subnet association of a route table or
// network ACL in VPC vpcID: the subnet exists, is in the same VPC and has no
// other association of this kind.
func (r vres) associate(field, subnetID, vpcID string) {
	i, ok := r.ref(field, resNameSubnet, subnetID, true)
	if !ok {
		return
	}
	r.sameVPC(field, fmt.Sprintf("subnet %q", subnetID), r.v.n.Subnets[i].VPC, vpcID)
	key := singletonKey{r.kind, subnetID}
	if prev, dup := r.v.assoc[key]; dup {
		r.errf(field, ErrConflict, "subnet %q is already associated with %s", subnetID, prev)
		return
	}
	r.v.assoc[key] = r.owner(field)
}

// prefixRule says what a CIDR field accepts.
type prefixRule struct {
	required bool
	family   int // 4 or 6; 0 for either
	min, max int // allowed prefix lengths; max 0 for any
}

var (
	ipv4BlockRule    = prefixRule{required: true, family: 4, min: 16, max: 28}
	ipv6BlockRule    = prefixRule{family: 6}
	optionalCIDRRule = prefixRule{}
	requiredCIDRRule = prefixRule{required: true}
)

// prefix checks a CIDR field against rule and reports whether p is usable:
// set, well formed, canonical and allowed by the rule.
func (r vres) prefix(field string, p netip.Prefix, rule prefixRule) bool {
	switch {
	case p == netip.Prefix{}:
		if rule.required {
			r.errf(field, ErrInvalidValue, "required: want %s cidr", familyName(rule.family, true))
		}
	case !p.IsValid():
		r.errf(field, ErrInvalidValue, "malformed cidr: address %q with an out-of-range prefix length", p.Addr())
	case rule.family != 0 && addrFamily(p.Addr()) != rule.family:
		r.errf(field, ErrInvalidValue, "%q is not %s cidr", p, familyName(rule.family, true))
	case p != p.Masked():
		r.errf(field, ErrInvalidValue, "%q is not canonical (host bits set): want %q", p, p.Masked())
	case rule.max > 0 && (p.Bits() < rule.min || p.Bits() > rule.max):
		r.errf(field, ErrInvalidValue, "%q: want a prefix length from /%d to /%d", p, rule.min, rule.max)
	default:
		return true
	}
	return false
}

// addrFamily returns 4 or 6 for a valid address, 0 otherwise.
func addrFamily(a netip.Addr) int {
	switch {
	case a.Is4():
		return 4
	case a.Is6():
		return 6
	}
	return 0
}

// familyName names family fam, with an article when article is set.
func familyName(fam int, article bool) string {
	name := ""
	switch fam {
	case 4:
		name = "ipv4"
	case 6:
		name = "ipv6"
	}
	switch {
	case name == "":
		if article {
			return "an ipv4 or ipv6"
		}
		return "ipv4 or ipv6"
	case article:
		return "an " + name
	}
	return name
}

// covers reports whether inner lies inside outer.
func covers(outer, inner netip.Prefix) bool {
	return outer.IsValid() && inner.IsValid() && outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

// subnetAddr checks an address of family fam given to an interface or NAT
// gateway: of the family, inside block when blockOK, not reserved there, and
// not already held by another in the same VPC. It records the holder.
func (r vres) subnetAddr(field string, a netip.Addr, fam int, block netip.Prefix, blockOK bool, vpcID string) {
	switch {
	case !a.IsValid():
		r.errf(field, ErrInvalidValue, "required: want %s address", familyName(fam, true))
		return
	case addrFamily(a) != fam || a.Is4In6() || a.Zone() != "":
		r.errf(field, ErrInvalidValue, "%q is not %s address", a, familyName(fam, true))
		return
	case blockOK && !block.Contains(a):
		r.errf(field, ErrAddress, "%s is outside the subnet cidr %s", a, block)
		return
	case blockOK && vpc.IsReserved(block, a):
		r.errf(field, ErrAddress, "%s is reserved by aws in %s (the first four addresses and the last)", a, block)
		return
	}
	key := privateKey{vpcID, a}
	if prev, taken := r.v.private[key]; taken {
		r.errf(field, ErrAddress, "%s is already used by %s", a, prev)
		return
	}
	r.v.private[key] = r.owner(field)
}

// publicAddr checks a public IPv4 or Elastic IP address: public, and not
// held by another interface or NAT gateway. It records the holder.
func (r vres) publicAddr(field string, a netip.Addr) {
	if !a.Is4() || a.Zone() != "" {
		r.errf(field, ErrInvalidValue, "%q is not an ipv4 address: want a public ipv4 address", a)
		return
	}
	for _, np := range notInternet {
		if np.p.Contains(a) {
			r.errf(field, ErrInvalidValue, "%s is a %s address: want a public ipv4 address", a, np.what)
			return
		}
	}
	if prev, taken := r.v.public[a]; taken {
		r.errf(field, ErrAddress, "%s is already used by %s", a, prev)
		return
	}
	r.v.public[a] = r.owner(field)
}

// traffic checks the protocol, port range and ICMP selector that security
// group rules and network ACL entries share, at path base. An icmp rule
// with an IPv6 peer (or icmpv6 with an IPv4 one) is accepted, as AWS
// accepts it: it matches nothing.
func (r vres) traffic(base string, proto vpc.Protocol, ports vpc.PortRange, icmp vpc.ICMP) {
	switch {
	case proto == 0:
		r.errf(base+".protocol", ErrInvalidValue, "required: want tcp, udp, icmp, icmpv6, all (-1) or an IP protocol number 1..255")
		return
	case !proto.Valid():
		r.errf(base+".protocol", ErrInvalidValue, "%d: want -1 (all) or a protocol number 1..255", int(proto))
		return
	}
	switch {
	case proto.HasPorts() && ports.IsZero():
		r.errf(base+".ports", ErrInvalidValue, "required for %s: give a port range (vpc.Port(443), vpc.Ports(1024, 65535), or vpc.AllPorts for every port)", proto)
	case proto.HasPorts() && ports.From > ports.To:
		r.errf(base+".ports", ErrInvalidValue, "from %d is greater than to %d", ports.From, ports.To)
	case !proto.HasPorts() && !ports.IsZero():
		r.errf(base+".ports", ErrInvalidValue, "ports %d-%d: ports apply only to tcp and udp, not to protocol %s",
			ports.From, ports.To, proto)
	}
	if !icmp.IsAny() && !proto.IsICMP() {
		r.errf(base+".icmp", ErrInvalidValue, "icmp type and code apply only to icmp and icmpv6, not to protocol %s", proto)
	}
}

// prefixListFamily returns the family of a prefix list's entries (0 when its
// AddressFamily is not valid).
func prefixListFamily(pl *vpc.PrefixList) int {
	switch pl.AddressFamily {
	case "", "IPv4":
		return 4
	case "IPv6":
		return 6
	}
	return 0
}

func (v *validator) checkVPC(r vres, _ int, x *vpc.VPC) {
	if len(x.CIDRs) == 0 {
		r.errf("cidrs", ErrInvalidValue, "required: want at least one ipv4 cidr (the primary)")
	}
	var accepted []int
	for i, p := range x.CIDRs {
		field := fmt.Sprintf("cidrs[%d]", i)
		if !r.prefix(field, p, ipv4BlockRule) {
			continue
		}
		overlaps := false
		for _, j := range accepted {
			if p.Overlaps(x.CIDRs[j]) {
				r.errf(field, ErrOverlap, "%s overlaps cidrs[%d] %s", p, j, x.CIDRs[j])
				overlaps = true
			}
		}
		if i > 0 && !overlaps && len(accepted) > 0 && accepted[0] == 0 {
			if bad, why := secondaryRestricted(x.CIDRs[0], p); bad.IsValid() {
				r.errf(field, ErrInvalidValue, "%s overlaps %s, which a vpc whose primary cidr %s is %s cannot add", p, bad, x.CIDRs[0], why)
			}
		}
		accepted = append(accepted, i)
	}
	r.prefix("ipv6Cidr", x.IPv6CIDR, ipv6BlockRule)
}

var (
	rfc1918 = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16")}
	net198  = netip.MustParsePrefix("198.19.0.0/16")
)

// secondaryRestricted returns the range a secondary IPv4 CIDR may not
// overlap given the VPC's primary CIDR, and the primary's class, or the
// zero Prefix (AWS VPC User Guide, "IPv4 CIDR block association
// restrictions"; 100.64.0.0/10 and public ranges are always allowed).
func secondaryRestricted(primary, secondary netip.Prefix) (netip.Prefix, string) {
	mp := netip.MustParsePrefix
	var banned []netip.Prefix
	var class string
	switch {
	case rfc1918[0].Contains(primary.Addr()):
		class = "in 10.0.0.0/8"
		banned = []netip.Prefix{rfc1918[1], rfc1918[2], net198}
		if mp("10.0.0.0/15").Contains(primary.Addr()) {
			banned = append(banned, mp("10.0.0.0/16"))
		}
	case rfc1918[1].Contains(primary.Addr()):
		class = "in 172.16.0.0/12"
		banned = []netip.Prefix{rfc1918[0], rfc1918[2], mp("172.31.0.0/16"), net198}
	case rfc1918[2].Contains(primary.Addr()):
		class = "in 192.168.0.0/16"
		banned = []netip.Prefix{rfc1918[0], rfc1918[1], net198}
	case net198.Contains(primary.Addr()):
		class = "in 198.19.0.0/16"
		banned = rfc1918
	default:
		class = "public or in 100.64.0.0/10"
		banned = append(slices.Clone(rfc1918), net198)
	}
	for _, b := range banned {
		if b.Overlaps(secondary) {
			return b, class
		}
	}
	return netip.Prefix{}, ""
}

func (v *validator) checkSubnet(r vres, i int, s *vpc.Subnet) {
	vp := r.vpcRef("vpc", s.VPC, true)
	if s.AvailabilityZone == "" {
		r.errf("availabilityZone", ErrInvalidValue, "required: want an availability zone")
	}
	if r.prefix("cidr", s.CIDR, ipv4BlockRule) {
		if vp != nil && v.insideVPC(r, s, vp) {
			v.siblings(r, "cidr", s.VPC, false, s.CIDR)
		}
		if c := vpc.UsableAddresses(s.CIDR); v.demand[i] > c {
			r.errf("cidr", ErrCapacity, "%d addresses needed, /%d has %d usable", v.demand[i], s.CIDR.Bits(), c)
		}
	}
	if r.prefix("ipv6Cidr", s.IPv6CIDR, ipv6BlockRule) && vp != nil {
		switch {
		case vp.IPv6CIDR == netip.Prefix{}:
			r.errf("ipv6Cidr", ErrInvalidValue, "vpc %q has no ipv6 cidr", s.VPC)
		case !covers(vp.IPv6CIDR, s.IPv6CIDR):
			r.errf("ipv6Cidr", ErrInvalidValue, "%s is not inside the ipv6 cidr %s of vpc %q", s.IPv6CIDR, vp.IPv6CIDR, s.VPC)
		default:
			v.siblings(r, "ipv6Cidr", s.VPC, true, s.IPv6CIDR)
		}
	}
}

// insideVPC reports whether the subnet's IPv4 CIDR lies inside one of its
// VPC's CIDRs, reporting it when it does not. A VPC with no usable CIDR is
// reported on the VPC instead.
func (v *validator) insideVPC(r vres, s *vpc.Subnet, vp *vpc.VPC) bool {
	var valid []string
	for _, c := range vp.CIDRs {
		if covers(c, s.CIDR) {
			return true
		}
		if c.IsValid() {
			valid = append(valid, c.String())
		}
	}
	if len(valid) > 0 {
		r.errf("cidr", ErrInvalidValue, "%s is not inside a cidr of vpc %q (%s)", s.CIDR, s.VPC, strings.Join(valid, ", "))
	}
	return false
}

// siblings reports the earlier subnets of the VPC whose CIDR of the same
// family overlaps p, then records p.
func (v *validator) siblings(r vres, field, vpcID string, v6 bool, p netip.Prefix) {
	key := blockKey{vpcID, v6}
	for _, b := range v.blocks[key] {
		if b.p.Overlaps(p) {
			r.errf(field, ErrOverlap, "%s overlaps subnet %q (%s)", p, b.id, b.p)
		}
	}
	v.blocks[key] = append(v.blocks[key], subnetBlock{r.id, p})
}

// reservedRouteRanges are the ranges no route may point into (an equal or
// more specific destination); a larger route covering them is accepted.
var reservedRouteRanges = []netip.Prefix{
	netip.MustParsePrefix("169.254.168.0/22"),
	netip.MustParsePrefix("fd00:ec2::/32"),
}

// routeTargetResources maps the route target kinds that name a declarable
// resource to its kind.
var routeTargetResources = map[vpc.TargetKind]string{
	vpc.TargetInternetGateway:   resNameIGW,
	vpc.TargetEgressOnlyGateway: resNameEIGW,
	vpc.TargetNATGateway:        resNameNAT,
	vpc.TargetNetworkInterface:  resNameENI,
	vpc.TargetPeeringConnection: resNamePeering,
	vpc.TargetTransitGateway:    resNameTGW,
}

func (v *validator) checkRouteTable(r vres, _ int, t *vpc.RouteTable) {
	vp := r.vpcRef("vpc", t.VPC, true)
	vpcID := ""
	if vp != nil {
		vpcID = t.VPC
		if t.Main {
			r.onlyOne("main", "a main route table", vpcID)
		}
	}
	for i, s := range t.Subnets {
		r.associate(fmt.Sprintf("subnets[%d]", i), s, vpcID)
	}
	seen := make(map[string]int, len(t.Routes))
	for i := range t.Routes {
		v.checkRoute(r, i, &t.Routes[i], vp, vpcID, seen)
	}
}

// checkRoute checks route i of a table in VPC vp (nil when unknown); seen
// maps the destinations of earlier routes to their index.
func (v *validator) checkRoute(r vres, i int, x *vpc.Route, vp *vpc.VPC, vpcID string, seen map[string]int) {
	base := fmt.Sprintf("routes[%d]", i)
	destField := base + ".destination"
	hasDest := x.Destination != netip.Prefix{}
	switch {
	case hasDest && x.PrefixList != "":
		r.errf(base, ErrInvalidValue, "want a destination or a prefixList, not both")
	case !hasDest && x.PrefixList == "":
		r.errf(destField, ErrInvalidValue, "required: want a destination cidr or a prefixList")
	}
	fam, key := 0, ""
	if hasDest && r.prefix(destField, x.Destination, optionalCIDRRule) {
		for _, rr := range reservedRouteRanges {
			if covers(rr, x.Destination) {
				r.errf(destField, ErrInvalidValue, "%s is inside the reserved range %s, which no route may target", x.Destination, rr)
			}
		}
		fam, key = addrFamily(x.Destination.Addr()), x.Destination.String()
	}
	if x.PrefixList != "" {
		destField = base + ".prefixList"
		if j, ok := r.ref(destField, resNamePrefixList, x.PrefixList, false); ok {
			fam, key = prefixListFamily(&v.n.PrefixLists[j]), fmt.Sprintf("prefix list %q", x.PrefixList)
		}
	}
	if key != "" {
		if j, dup := seen[key]; dup {
			r.errf(destField, ErrConflict, "%s is already routed by routes[%d]", key, j)
		} else {
			seen[key] = i
		}
	}

	tk, tid := x.Target.Kind, x.Target.ID
	if fam != 0 && hasDest && vp != nil && tk.Valid() && tk != vpc.TargetLocal && vpcBlocksUsable(vp) {
		v.checkInsideVPC(r, destField, x, vp)
	}
	switch {
	case !tk.Valid():
		r.errf(base+".target.kind", ErrInvalidValue, "%q: want local, internet-gateway, egress-only-internet-gateway, "+
			"nat-gateway, network-interface, vpc-peering-connection or transit-gateway", tk)
		return
	case tk == vpc.TargetLocal:
		if tid != "" {
			r.errf(base+".target.id", ErrInvalidValue, "%q: want no id for a local route", tid)
		}
		if x.Blackhole {
			r.errf(base+".blackhole", ErrInvalidValue, "a local route is never a blackhole")
		}
		v.checkLocalRoute(r, destField, x, vp)
		return
	case tid == "":
		r.errf(base+".target.id", ErrInvalidValue, "required: want the id of the %s", tk)
		return
	}
	if tk == vpc.TargetEgressOnlyGateway && fam == 4 {
		r.errf(destField, ErrInvalidValue, "an egress-only internet gateway carries only ipv6: want an ipv6 destination")
	}
	if x.Blackhole {
		return
	}
	kind := routeTargetResources[tk]
	j, ok := r.ref(base+".target.id", kind, tid, true)
	if !ok || vpcID == "" {
		return
	}
	switch kind {
	case resNameTGW:
		if !v.attached(vpcID, tid) {
			r.errf(base+".target.id", ErrWrongVPC, "vpc %q has no attachment to transit gateway %q: AWS refuses the route "+
				"(mark it blackhole to keep a route whose attachment is gone)", vpcID, tid)
		}
		return
	case resNamePeering:
		if p := &v.n.PeeringConnections[j]; p.RequesterVPC != vpcID && p.AccepterVPC != vpcID {
			r.errf(base+".target.id", ErrWrongVPC, "peering connection %q joins vpcs %q and %q, not vpc %q",
				tid, p.RequesterVPC, p.AccepterVPC, vpcID)
		}
		return
	}
	got := v.vpcOf(kind, j)
	if got == "" && kind == resNameIGW {
		r.errf(base+".target.id", ErrWrongVPC, "internet gateway %q is not attached to a vpc, want vpc %q", tid, vpcID)
		return
	}
	r.sameVPC(base+".target.id", fmt.Sprintf("%s %q", kind, tid), got, vpcID)
}

// checkInsideVPC checks a route whose destination lies inside the VPC's
// CIDRs: AWS accepts one equal to a VPC CIDR (the local route, or its
// replacement by a NAT gateway or network interface) or to a whole subnet
// CIDR of the VPC, and then only to a NAT gateway or a network interface
// (or Gateway Load Balancer endpoint, not modelled).
func (v *validator) checkInsideVPC(r vres, field string, x *vpc.Route, vp *vpc.VPC) {
	d := x.Destination
	blocks := append(append([]netip.Prefix{}, vp.CIDRs...), vp.IPv6CIDR)
	inside, equal := false, false
	for _, b := range blocks {
		if b.IsValid() && covers(b, d) {
			inside, equal = true, equal || b == d
		}
	}
	if !inside {
		return
	}
	tk := x.Target.Kind
	if equal {
		if tk != vpc.TargetNATGateway && tk != vpc.TargetNetworkInterface {
			r.errf(field, ErrInvalidValue, "%s is a cidr of vpc %q: its route may target local, a nat-gateway or a network-interface, not %s",
				d, vp.ID, tk)
		}
		return
	}
	subnet := false
	for _, b := range v.blocks[blockKey{vp.ID, d.Addr().Is6()}] {
		subnet = subnet || b.p == d
	}
	switch {
	case !subnet:
		r.errf(field, ErrInvalidValue, "%s is inside vpc %q but is not a whole subnet cidr: a route more specific than the local route must match a subnet exactly", d, vp.ID)
	case tk != vpc.TargetNATGateway && tk != vpc.TargetNetworkInterface:
		r.errf(field, ErrInvalidValue, "%s is a subnet of vpc %q: a route more specific than the local route may target only a nat-gateway or a network-interface, not %s", d, vp.ID, tk)
	}
}

// checkLocalRoute checks that a local route's destination is one of the
// VPC's CIDRs.
func (v *validator) checkLocalRoute(r vres, field string, x *vpc.Route, vp *vpc.VPC) {
	if x.PrefixList != "" {
		r.errf(field, ErrInvalidValue, "a local route takes a cidr of its vpc as destination, not a prefix list")
		return
	}
	if vp == nil || !x.Destination.IsValid() || x.Destination != x.Destination.Masked() || !vpcBlocksUsable(vp) {
		return // reported elsewhere
	}
	var cidrs []string
	for _, c := range vp.CIDRs {
		if c == x.Destination {
			return
		}
		if c.IsValid() {
			cidrs = append(cidrs, c.String())
		}
	}
	if vp.IPv6CIDR.IsValid() {
		if vp.IPv6CIDR == x.Destination {
			return
		}
		cidrs = append(cidrs, vp.IPv6CIDR.String())
	}
	r.errf(field, ErrInvalidValue, "%s is not a cidr of vpc %q: a local route's destination is one of %s",
		x.Destination, vp.ID, strings.Join(cidrs, ", "))
}

// vpcBlocksUsable reports whether a VPC has CIDRs and all of them are well
// formed and canonical, so that what depends on them can be checked.
func vpcBlocksUsable(vp *vpc.VPC) bool {
	usable := func(p netip.Prefix) bool { return p.IsValid() && p == p.Masked() }
	if vp.IPv6CIDR != (netip.Prefix{}) && !usable(vp.IPv6CIDR) {
		return false
	}
	return len(vp.CIDRs) > 0 && !slices.ContainsFunc(vp.CIDRs, func(p netip.Prefix) bool { return !usable(p) })
}

func (v *validator) checkIGW(r vres, _ int, g *vpc.InternetGateway) {
	if vp := r.vpcRef("vpc", g.VPC, false); vp != nil {
		r.onlyOne("vpc", "an internet gateway", g.VPC)
	}
}

func (v *validator) checkEIGW(r vres, _ int, g *vpc.EgressOnlyInternetGateway) {
	if vp := r.vpcRef("vpc", g.VPC, true); vp != nil {
		r.onlyOne("vpc", "an egress-only internet gateway", g.VPC)
	}
}

func (v *validator) checkNAT(r vres, _ int, g *vpc.NATGateway) {
	r.ref("subnet", resNameSubnet, g.Subnet, true)
	switch g.Connectivity {
	case "", vpc.NATPublic:
		if !g.ElasticIP.IsValid() {
			r.errf("elasticIp", ErrInvalidValue, "required: a public nat gateway needs an elastic ip")
		} else {
			r.publicAddr("elasticIp", g.ElasticIP)
		}
	case vpc.NATPrivate:
		if g.ElasticIP.IsValid() {
			r.errf("elasticIp", ErrInvalidValue, "%s: a private nat gateway has no elastic ip", g.ElasticIP)
		}
	default:
		r.errf("connectivity", ErrInvalidValue, "%q: want public or private", g.Connectivity)
	}
	if g.PrivateIP.IsValid() {
		block, ok := v.subnetPrefix(g.Subnet, 4)
		r.subnetAddr("privateIp", g.PrivateIP, 4, block, ok, v.subnetVPC(g.Subnet))
	}
}

func (v *validator) checkSG(r vres, _ int, g *vpc.SecurityGroup) {
	vpcID := ""
	if vp := r.vpcRef("vpc", g.VPC, true); vp != nil {
		vpcID = g.VPC
		if g.Default {
			r.onlyOne("default", "a default security group", vpcID)
		}
	}
	for _, dir := range []struct {
		name  string
		rules []vpc.SGRule
	}{{"ingress", g.Ingress}, {"egress", g.Egress}} {
		for i := range dir.rules {
			v.checkSGRule(r, fmt.Sprintf("%s[%d]", dir.name, i), &dir.rules[i], vpcID)
		}
	}
}

// checkSGRule checks a security group rule at path base of a group in VPC
// vpcID ("" when unknown).
func (v *validator) checkSGRule(r vres, base string, x *vpc.SGRule, vpcID string) {
	r.traffic(base, x.Protocol, x.Ports, x.ICMP)
	var peers []string
	hasCIDR := x.CIDR != netip.Prefix{}
	if hasCIDR {
		peers = append(peers, "cidr")
	}
	if x.PrefixList != "" {
		peers = append(peers, "prefixList")
	}
	if x.Group != "" {
		peers = append(peers, "group")
	}
	switch len(peers) {
	case 0:
		r.errf(base, ErrInvalidValue, "required: want one peer: a cidr, a prefixList or a group")
	case 1:
	default:
		r.errf(base, ErrInvalidValue, "want one peer, got %s", strings.Join(peers, " and "))
	}
	if hasCIDR {
		r.prefix(base+".cidr", x.CIDR, optionalCIDRRule)
	}
	r.ref(base+".prefixList", resNamePrefixList, x.PrefixList, false)
	if j, ok := r.ref(base+".group", resNameSG, x.Group, false); ok {
		if other := v.n.SecurityGroups[j].VPC; other != "" && vpcID != "" && other != vpcID && !v.mayReference(vpcID, other) {
			r.errf(base+".group", ErrWrongVPC, "security group %q is in vpc %q: a group of another vpc may be referenced "+
				"only across a peering connection in the same region or a transit gateway attaching both", x.Group, other)
		}
	}
}

func (v *validator) checkACL(r vres, _ int, a *vpc.NetworkACL) {
	vpcID := ""
	if vp := r.vpcRef("vpc", a.VPC, true); vp != nil {
		vpcID = a.VPC
		if a.Default {
			r.onlyOne("default", "a default network acl", vpcID)
		}
	}
	for i, s := range a.Subnets {
		r.associate(fmt.Sprintf("subnets[%d]", i), s, vpcID)
	}
	for _, dir := range []struct {
		name    string
		entries []vpc.ACLEntry
	}{{"inbound", a.Inbound}, {"outbound", a.Outbound}} {
		seen := make(map[int]int, len(dir.entries))
		for i := range dir.entries {
			e := &dir.entries[i]
			base := fmt.Sprintf("%s[%d]", dir.name, i)
			switch j, dup := seen[e.Number]; {
			case e.Number < 1 || e.Number > 32766:
				r.errf(base+".number", ErrInvalidValue, "%d: want a rule number from 1 to 32766", e.Number)
			case dup:
				r.errf(base+".number", ErrConflict, "rule number %d is already used by %s[%d]", e.Number, dir.name, j)
			default:
				seen[e.Number] = i
			}
			if e.Action != vpc.Allow && e.Action != vpc.Deny {
				r.errf(base+".action", ErrInvalidValue, "%q: want allow or deny", e.Action)
			}
			r.traffic(base, e.Protocol, e.Ports, e.ICMP)
			r.prefix(base+".cidr", e.CIDR, requiredCIDRRule)
		}
	}
}

func (v *validator) checkPrefixList(r vres, _ int, pl *vpc.PrefixList) {
	fam := prefixListFamily(pl)
	if fam == 0 {
		r.errf("addressFamily", ErrInvalidValue, "%q: want IPv4 or IPv6", pl.AddressFamily)
	}
	for i, p := range pl.Entries {
		r.prefix(fmt.Sprintf("entries[%d]", i), p, prefixRule{required: true, family: fam})
	}
	switch {
	case pl.MaxEntries < 0:
		r.errf("maxEntries", ErrInvalidValue, "%d: want a positive number, or 0 for the number of entries", pl.MaxEntries)
	case pl.MaxEntries > 0 && pl.MaxEntries < len(pl.Entries):
		r.errf("maxEntries", ErrInvalidValue, "%d is less than the %d entries declared", pl.MaxEntries, len(pl.Entries))
	}
}

func (v *validator) checkENI(r vres, _ int, e *vpc.NetworkInterface) {
	si, subnetOK := r.ref("subnet", resNameSubnet, e.Subnet, true)
	vpcID := v.subnetVPC(e.Subnet)
	if !e.Kind.Valid() {
		r.errf("kind", ErrInvalidValue, "%q is not a known interface kind", e.Kind)
	}
	block, ok := v.subnetPrefix(e.Subnet, 4)
	for i, a := range e.PrivateIPs {
		r.subnetAddr(fmt.Sprintf("privateIps[%d]", i), a, 4, block, ok, vpcID)
	}
	block, ok = v.subnetPrefix(e.Subnet, 6)
	if len(e.IPv6Addrs) > 0 && subnetOK && v.n.Subnets[si].IPv6CIDR == (netip.Prefix{}) {
		r.errf("ipv6Addrs", ErrInvalidValue, "subnet %q has no ipv6 cidr", e.Subnet)
	}
	for i, a := range e.IPv6Addrs {
		r.subnetAddr(fmt.Sprintf("ipv6Addrs[%d]", i), a, 6, block, ok, vpcID)
	}
	if e.PublicIP.IsValid() {
		// Even a Lambda interface, which never gets an automatic public
		// address, may carry an Elastic IP associated by hand.
		r.publicAddr("publicIp", e.PublicIP)
	}
	seenEIP := map[netip.Addr]int{}
	for i, x := range e.ElasticIPs {
		field := fmt.Sprintf("elasticIps[%d]", i)
		switch j, dup := seenEIP[x.PrivateIP]; {
		case len(e.PrivateIPs) < 2 || !slices.Contains(e.PrivateIPs[1:], x.PrivateIP):
			r.errf(field+".privateIp", ErrInvalidValue, "%s is not a declared secondary private address of %s (PublicIP maps the primary)", x.PrivateIP, r.id)
		case dup:
			r.errf(field+".privateIp", ErrConflict, "%s already has an elastic ip at elasticIps[%d]", x.PrivateIP, j)
		default:
			seenEIP[x.PrivateIP] = i
		}
		r.publicAddr(field+".publicIp", x.PublicIP)
	}
	if len(e.SecurityGroups) > maxSGsPerInterface {
		r.errf("securityGroups", ErrInvalidValue, "%d security groups: at most %d per network interface (the default quota)",
			len(e.SecurityGroups), maxSGsPerInterface)
	}
	seen := make(map[string]int, len(e.SecurityGroups))
	for i, g := range e.SecurityGroups {
		field := fmt.Sprintf("securityGroups[%d]", i)
		if j, dup := seen[g]; dup && g != "" {
			r.errf(field, ErrInvalidValue, "%q is already listed at securityGroups[%d]", g, j)
			continue
		}
		seen[g] = i
		if j, ok := r.ref(field, resNameSG, g, true); ok {
			r.sameVPC(field, fmt.Sprintf("security group %q", g), v.n.SecurityGroups[j].VPC, vpcID)
		}
	}
}
