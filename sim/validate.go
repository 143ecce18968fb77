package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

// Validate checks the network against what the AWS API would accept and
// returns every problem at once, as an [errors.Join] of [*FieldError]
// values (nil when there is none). Errors come in a fixed order: resource
// kinds in the order of the [Network] fields, resources in declaration
// order, then fields in a fixed order. Validate never panics; a nil
// network is an [ErrNil] error, as for [Compile].
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
		return errNilNetwork()
	}
	_, err := prepare(n, nil)
	return err
}

// validateDecls validates a network whose workloads are expanded into it
// already (see prepare): its declarations, one kind after the other.
func validateDecls(n *Network) []error {
	v := newValidator(n)
	for k := range kinds {
		d := kinds[k].decls
		if d == nil {
			continue
		}
		for i := range d.count(n) {
			id := d.id(n, i)
			r := vres{v: v, kind: kind(k), id: id}
			switch first, ok := v.ids[id]; {
			case id == "":
				r.id = fmt.Sprintf("#%d", i)
				r.errf("id", ErrInvalidValue, "required: every %s needs an id", kind(k))
			case ok && (first.kind != kind(k) || first.i != i):
				r.errf("id", ErrDuplicateID, "%q is already the id of the %s at %s[%d]",
					id, first.kind, kinds[first.kind].field, first.i)
			}
			d.check(v, r, i)
		}
	}
	v.checkReservedNames()
	v.checkLatticeQuotas()
	return v.errs
}

// The names vpcsim gives the components it creates. They hold a "/",
// which no AWS ID has; a declaration may not take one (reservedNames).
func mainRTBName(vpcID string) string    { return vpcID + "/main-rtb" }
func defaultACLName(vpcID string) string { return vpcID + "/default-acl" }
func defaultSGName(vpcID string) string  { return vpcID + "/default-sg" }
func dnsName(vpcID string) string        { return vpcID + "/amazon-dns" }
func natENIName(natID string) string     { return natID + "/eni" }

// checkReservedNames rejects declared IDs equal to a name vpcsim gives a
// component it creates (the internet, a VPC's synthesized main route
// table, default network ACL and default security group, its DNS
// resolver, a NAT gateway's interface), so that no answer confuses the
// two. A VPC's declared main route table, default ACL or default group may
// carry the name vpcsim would have given it, since then vpcsim creates
// none.
func (v *validator) checkReservedNames() {
	type reserved struct {
		what    string
		mayHold func(vref) bool // the declaration that may carry the name, if any
	}
	names := map[string]reserved{internetID: {what: "the internet on paths"}}
	for _, x := range v.n.VPCs {
		if x.ID == "" {
			continue
		}
		id := x.ID
		names[mainRTBName(id)] = reserved{fmt.Sprintf("the main route table vpcsim creates for vpc %q", id), func(r vref) bool {
			return r.kind == kindRouteTable && v.n.RouteTables[r.i].VPC == id && v.n.RouteTables[r.i].Main
		}}
		names[defaultACLName(id)] = reserved{fmt.Sprintf("the default network acl vpcsim creates for vpc %q", id), func(r vref) bool {
			return r.kind == kindACL && v.n.NetworkACLs[r.i].VPC == id && v.n.NetworkACLs[r.i].Default
		}}
		names[defaultSGName(id)] = reserved{fmt.Sprintf("the default security group vpcsim creates for vpc %q", id), func(r vref) bool {
			return r.kind == kindSG && v.n.SecurityGroups[r.i].VPC == id && v.n.SecurityGroups[r.i].Default
		}}
		names[dnsName(id)] = reserved{what: fmt.Sprintf("the Amazon DNS resolver of vpc %q", id)}
	}
	for _, g := range v.n.NATGateways {
		if g.ID != "" {
			names[natENIName(g.ID)] = reserved{what: fmt.Sprintf("the network interface of nat gateway %q", g.ID)}
		}
	}
	for _, lb := range v.n.LoadBalancers {
		for _, sm := range lb.Subnets {
			if lb.ID != "" && sm.Subnet != "" {
				names[lbNodeName(lb.ID, sm.Subnet)] = reserved{what: fmt.Sprintf("the node of load balancer %q in subnet %q", lb.ID, sm.Subnet)}
			}
		}
	}
	for _, g := range v.n.ResourceGateways {
		for _, s := range g.Subnets {
			if g.ID != "" && s != "" {
				names[rgwNodeName(g.ID, s)] = reserved{what: fmt.Sprintf("the interface of resource gateway %q in subnet %q", g.ID, s)}
			}
		}
	}
	for _, e := range v.n.VPCEndpoints {
		for _, s := range e.Subnets {
			if e.ID != "" && s != "" {
				names[vpceENIName(e.ID, s)] = reserved{what: fmt.Sprintf("the interface of vpc endpoint %q in subnet %q", e.ID, s)}
			}
		}
	}
	ids := make([]string, 0, len(v.ids))
	for id := range v.ids {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		at := v.ids[id]
		if at.kind == kindEndpointConnection {
			continue // "<endpoint>/<service>", the name validation gives a connection
		}
		if svc, isPL := strings.CutSuffix(id, "/pl"); fullServiceName(id) || isPL && fullServiceName(svc) {
			r := vres{v: v, kind: at.kind, id: id}
			r.errf("id", ErrInvalidValue, "%q is the name vpcsim gives an AWS service or its prefix list: choose another id", id)
			continue
		}
		res, ok := names[id]
		if !ok || res.mayHold != nil && res.mayHold(at) {
			continue
		}
		r := vres{v: v, kind: at.kind, id: id}
		r.errf("id", ErrInvalidValue, "%q is the name of %s: choose another id", id, res.what)
	}
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
	// regions gives each VPC's Region (see vpcRegions), zoneIDs the zone
	// names and AZ IDs that subnets declared so far (see checkZoneID).
	regions map[string]vpcRegion
	zoneIDs map[zoneKey]zoneClaim
	// instances maps interface IDs and owners to an interface, built on
	// first use (see instanceIndex).
	instances map[string]string
	// lat is what the VPC Lattice checks share (see latticeIdx).
	lat *latticeIndex
}

// vref locates a declaration: its kind and its index in the kind's Network
// slice.
type vref struct {
	kind kind
	i    int
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
		regions: vpcRegions(n),
		zoneIDs: make(map[zoneKey]zoneClaim),
	}
	for k := range kinds {
		if d := kinds[k].decls; d != nil {
			for i := range d.count(n) {
				id := d.id(n, i)
				if _, dup := v.ids[id]; id != "" && !dup {
					v.ids[id] = vref{kind: kind(k), i: i}
				}
			}
		}
	}
	v.countDemand()
	return v
}

// countDemand counts the IPv4 addresses each subnet must provide: one for
// every interface, NAT gateway or attachment interface that declares none,
// plus the distinct usable addresses declared (those outside the subnet or
// reserved are reported as address errors, not counted).
func (v *validator) countDemand() {
	n := v.n
	v.demand = make([]int, len(n.Subnets))
	type slot struct {
		subnet int
		addr   netip.Addr
	}
	declared := make(map[slot]bool)
	claim := func(subnetID string, addrs ...netip.Addr) {
		si, ok := v.find(kindSubnet, subnetID)
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
	for k := range kinds {
		if demand := kinds[k].demand; demand != nil {
			demand(n, claim)
		}
	}
}

// find returns the index of the resource of the given kind with ID id.
func (v *validator) find(k kind, id string) (int, bool) {
	got, ok := v.ids[id]
	if !ok || got.kind != k {
		return 0, false
	}
	return got.i, true
}

// subnetVPC returns the VPC ID of subnet id, or "" when it is unknown.
func (v *validator) subnetVPC(id string) string {
	if i, ok := v.find(kindSubnet, id); ok {
		return v.n.Subnets[i].VPC
	}
	return ""
}

// subnetPrefix returns subnet id's CIDR of family fam (4 or 6) when the
// subnet is declared and that CIDR is well formed, canonical and of the
// family, so that addresses can be checked against it.
func (v *validator) subnetPrefix(id string, fam int) (netip.Prefix, bool) {
	i, ok := v.find(kindSubnet, id)
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
	kind kind
	id   string
}

func (r vres) errf(field string, kind error, format string, args ...any) {
	r.v.errs = append(r.v.errs, &FieldError{
		Resource: r.kind.String(), ID: r.id, Field: field, Kind: kind, Msg: fmt.Sprintf(format, args...),
	})
}

// owner names a field of this resource in messages about later holders.
func (r vres) owner(field string) string { return r.kind.String() + " " + r.id + " " + field }

// ref resolves a reference to a resource of the given kind, reporting a
// missing (when required), undeclared or wrongly typed reference.
func (r vres) ref(field string, k kind, id string, required bool) (int, bool) {
	if id == "" {
		if required {
			r.errf(field, ErrInvalidValue, "required: want the id of a %s", k)
		}
		return 0, false
	}
	got, ok := r.v.ids[id]
	switch {
	case !ok:
		r.errf(field, ErrUnknownResource, "no %s %q is declared", k, id)
	case got.kind != k:
		r.errf(field, ErrUnknownResource, "%q is a %s, want a %s", id, got.kind, k)
	default:
		return got.i, true
	}
	return 0, false
}

// vpcRef resolves a reference to a VPC and returns it, or nil.
func (r vres) vpcRef(field, id string, required bool) *vpc.VPC {
	if i, ok := r.ref(field, kindVPC, id, required); ok {
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

// targetInVPC reports a route target of kind k with ID tid found in VPC
// got when the route table is in VPC want.
func (r vres) targetInVPC(field string, k kind, tid, got, want string) {
	r.sameVPC(field, fmt.Sprintf("%s %q", k, tid), got, want)
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

// claim claims key for this resource, reporting an earlier holder: msg
// says what is held ("vpn connection vpn-1 already has a transit gateway
// attachment") and the holder follows it.
func (r vres) claim(field string, key singletonKey, msg string) {
	if prev, ok := r.v.once[key]; ok {
		r.errf(field, ErrConflict, "%s: %s", msg, prev)
		return
	}
	r.v.once[key] = r.id
}

// associate checks an explicit subnet association of a route table or
// network ACL in VPC vpcID: the subnet exists, is in the same VPC and has no
// other association of this kind.
func (r vres) associate(field, subnetID, vpcID string) {
	i, ok := r.ref(field, kindSubnet, subnetID, true)
	if !ok {
		return
	}
	r.sameVPC(field, fmt.Sprintf("subnet %q", subnetID), r.v.n.Subnets[i].VPC, vpcID)
	key := singletonKey{r.kind.String(), subnetID}
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
