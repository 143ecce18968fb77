package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the VPC endpoints that lead into VPC Lattice:
// service-network endpoints (endpoint.ServiceNetwork), which connect
// their VPC to one service network, and resource endpoints
// (endpoint.Resource), which connect it to one resource configuration.
// Their checks, compiled form and forwarding function live here; the
// endpoint room (kind_endpoint.go) hands them the declarations of these
// two types, and the Lattice rooms take over once a request arrives.
//
// Such an endpoint compiles, like an interface endpoint, into one network
// interface per subnet, "<vpce-id>/<subnet-id>", with the endpoint's
// security groups (its VPC's default group when it declares none). A
// service-network endpoint's interface holds the /28 block (16 IPv4
// addresses) AWS takes in each zone for the network's services, then one
// address for each resource configuration the network holds (in ID order,
// a GROUP's children after their group); a resource endpoint's interface
// holds one address. A declared address starts the interface's
// addresses (as an import from AWS's describe output gives them); compile
// assigns the next free ones otherwise. Capacity checks count them all.
//
// A client reaches a Lattice service or resource configuration through
// such an endpoint at one of the endpoint's addresses, as any address of
// the VPC: its security groups' egress and its subnet's network ACL, the
// route to the interface, the interface's subnet's ACL and the
// endpoint's security groups (the first leg). The endpoint then carries
// TCP only, while available, into the network it connects (or to its
// resource configuration), where the Lattice evaluation continues as for
// a VPC association: a service's listener, auth policies (which see the
// endpoint's VPC as aws:SourceVpc), rules, targets and second legs; a
// resource configuration's port ranges and its resource gateway, which
// opens the second leg from its interface in a zone it shares with the
// endpoint. Because the endpoint's addresses are ordinary VPC addresses,
// clients in peered VPCs, behind a transit gateway or on premises reach
// it too (name the endpoint in the query: Endpoint.VPCEndpoint).
//
// Which way a client of the endpoint's own VPC goes is decided by DNS,
// see latticeEndpointDest.

// Quotas of AWS PrivateLink per VPC: service-network endpoints (50) and
// resource endpoints (200), both adjustable; like the interface endpoint
// quota they are checked at their defaults.
const (
	maxServiceNetworkEndpointsPerVPC = 50
	maxResourceEndpointsPerVPC       = 200
)

// latticeBlock is how many IPv4 addresses a service-network endpoint's
// interface takes for the network's services: a /28 per zone.
const latticeBlock = 16

// cLatticeVPCE is what a service-network or resource endpoint adds to its
// compiled endpoint.
type cLatticeVPCE struct {
	snID, rcfgID string
	sn           snIdx   // a service-network endpoint's network (noSN before compileLatticeVPCEs)
	rcfg         rcfgIdx // a resource endpoint's configuration
	pref         endpoint.PrivateDNSPreference
	specified    []string
	// slots lists, for a service-network endpoint, the resource
	// configurations whose addresses its interfaces hold after the
	// block, by ID in address order; slot maps them to their position.
	slots []string
	slot  map[rcfgIdx]int
}

// latticeTypeName names an endpoint type in explanations and pictures.
func latticeTypeName(t endpoint.Type) string {
	if t.Norm() == endpoint.ServiceNetwork {
		return "service-network endpoint"
	}
	return "resource endpoint"
}

// isLatticeType reports whether t is a service-network or resource
// endpoint type.
func isLatticeType(t endpoint.Type) bool {
	return t.Valid() && (t.Norm() == endpoint.ServiceNetwork || t.Norm() == endpoint.Resource)
}

// --- validation --------------------------------------------------------------

// checkLatticeVPCE checks a service-network or resource endpoint, as the
// EC2 API's CreateVpcEndpoint does for these types, and what the
// PrivateLink guide's pages "Access a service network through a
// service-network endpoint" and "Access a resource through a resource VPC
// endpoint" require.
func (v *validator) checkLatticeVPCE(r vres, e *endpoint.Endpoint, vp *vpc.VPC) {
	t := e.Type.Norm()
	notFor := func(field, what string) { r.errf(field, ErrInvalidValue, "a %s endpoint takes no %s", t, what) }
	if e.ServiceName != "" {
		what := "serviceNetwork"
		if t == endpoint.Resource {
			what = "resourceConfiguration"
		}
		notFor("serviceName", "service name: it names its Lattice resource in "+what)
	}
	if e.ServiceRegion != "" {
		notFor("serviceRegion", "service Region (only interface endpoints reach services of other Regions)")
	}
	if len(e.RouteTables) > 0 {
		notFor("routeTables", "route tables (only gateway endpoints do)")
	}
	if len(e.Policy) > 0 {
		notFor("policy", "endpoint policy: the service network's and services' auth policies decide")
	}
	if !e.State.Valid() {
		r.errf("state", ErrInvalidValue, "%q: want available, pendingAcceptance, pending, deleting, deleted, rejected, failed, expired or partial", e.State)
	}
	region := ""
	if vp != nil {
		region = v.regions[e.VPC].region
	}
	account := ""
	if vp != nil {
		account = vp.Account
	}
	switch t {
	case endpoint.ServiceNetwork:
		if e.ResourceConfiguration != "" {
			notFor("resourceConfiguration", "resource configuration (only resource endpoints do; a service-network endpoint reaches the configurations its network holds)")
		}
		j, ok := r.ref("serviceNetwork", kindServiceNetwork, e.ServiceNetwork, true)
		if ok {
			sn := &v.n.ServiceNetworks[j]
			if !v.shared(sn.ID, sn.Account, account) {
				r.errf("serviceNetwork", ErrInvalidValue, "service network %q belongs to account %s, which shares it with no share reaching account %s of vpc %q: share it (a resource share) or connect a network of the account",
					sn.ID, sn.Account, account, e.VPC)
			}
			if sn.Region != "" && region != "" && sn.Region != region {
				r.errf("serviceNetwork", ErrInvalidValue, "service network %q is in %s, vpc %q in %s: an endpoint connects its VPC to a network of its own Region", sn.ID, sn.Region, e.VPC, region)
			}
			n := 0
			for _, o := range v.n.VPCEndpoints {
				if o.Type.Norm() == endpoint.ServiceNetwork && o.ServiceNetwork == e.ServiceNetwork {
					n++
				}
				if o.ID == e.ID {
					break
				}
			}
			if q := v.latticeIdx().q.ServiceNetworkEndpointsPerServiceNetwork; n > q {
				r.errf("serviceNetwork", ErrInvalidValue, "service network %q has more than %d service-network endpoints %s", sn.ID, q, quotaMsg("serviceNetworkEndpointsPerServiceNetwork"))
			}
		}
	case endpoint.Resource:
		if e.ServiceNetwork != "" {
			notFor("serviceNetwork", "service network (only service-network endpoints do)")
		}
		j, ok := r.ref("resourceConfiguration", kindResourceConfiguration, e.ResourceConfiguration, true)
		if ok {
			c := &v.n.ResourceConfigurations[j]
			if !v.shared(c.ID, c.Account, account) {
				r.errf("resourceConfiguration", ErrInvalidValue, "resource configuration %q belongs to account %s, which shares it with no share reaching account %s of vpc %q: share it (a resource share) or use a configuration of the account",
					c.ID, c.Account, account, e.VPC)
			}
			switch {
			case c.Type == lattice.ResourceChild:
				r.errf("resourceConfiguration", ErrInvalidValue, "%q is a CHILD configuration, which is reached through its group %q: name the group (a resource endpoint takes a SINGLE, GROUP or ARN configuration)", c.ID, c.Group)
			case c.ResourceGateway != "":
				if k, ok := v.find(kindResourceGateway, c.ResourceGateway); ok && v.n.ResourceGateways[k].VPC == e.VPC && e.VPC != "" {
					r.errf("resourceConfiguration", ErrInvalidValue, "the resource gateway %q of %q is in vpc %q, the endpoint's own: VPC Lattice creates no resource endpoint in the gateway's VPC (clients there reach the resource directly)",
						c.ResourceGateway, c.ID, e.VPC)
				}
			}
		}
	}
	// IP address type, subnets, addresses and security groups.
	if !e.IPAddressType.Valid() {
		r.errf("ipAddressType", ErrInvalidValue, "%q: want ipv4 or dualstack", e.IPAddressType)
	}
	if e.IPAddressType == endpoint.IPv6 {
		r.errf("ipAddressType", ErrInvalidValue, "ipv6: an IPv6-only endpoint needs IPv6-only subnets, which vpcsim does not model (subnets have an IPv4 CIDR): use dualstack")
	}
	v.checkLatticeVPCENICs(r, e, vp)
	// Private DNS and its options.
	if !e.DNSOptions.RecordIPType.Valid() {
		r.errf("dnsOptions.recordIpType", ErrInvalidValue, "%q: want ipv4, dualstack, ipv6 or service-defined", e.DNSOptions.RecordIPType)
	}
	if e.DNSOptions.PrivateDNSOnlyForInboundResolver {
		r.errf("dnsOptions.privateDnsOnlyForInboundResolver", ErrInvalidValue, "only interface endpoints to Amazon S3 take it")
	}
	privateDNS := e.PrivateDNS()
	o := e.DNSOptions
	switch {
	case !o.Preference.Valid():
		r.errf("dnsOptions.preference", ErrInvalidValue, "%q: want ALL_DOMAINS, VERIFIED_DOMAINS_ONLY, VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS or SPECIFIED_DOMAINS_ONLY", o.Preference)
	case o.Preference != "" && !privateDNS:
		r.errf("dnsOptions.preference", ErrInvalidValue, "a private DNS preference needs private DNS on: set privateDnsEnabled true, or leave the preference out")
	}
	specifying := o.Preference == endpoint.VerifiedDomainsAndSpecified || o.Preference == endpoint.SpecifiedDomainsOnly
	switch {
	case len(o.SpecifiedDomains) > 0 && !specifying:
		r.errf("dnsOptions.specifiedDomains", ErrInvalidValue, "specified domains go with the preference VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS or SPECIFIED_DOMAINS_ONLY, not %q", o.Preference)
	case o.Preference == endpoint.SpecifiedDomainsOnly && len(o.SpecifiedDomains) == 0:
		r.errf("dnsOptions.specifiedDomains", ErrInvalidValue, "required: SPECIFIED_DOMAINS_ONLY needs the domains (such as *.example.com)")
	}
	for i, d := range o.SpecifiedDomains {
		if strings.TrimPrefix(d, "*.") == "" || strings.ContainsAny(d, " /") || strings.Contains(strings.TrimPrefix(d, "*."), "*") {
			r.errf(fmt.Sprintf("dnsOptions.specifiedDomains[%d]", i), ErrInvalidValue, "%q: want a domain name, optionally starting with *. for its subdomains", d)
		}
	}
	if privateDNS && vp != nil && (!vp.DNSSupport() || !vp.EnableDNSHostnames) {
		r.errf("privateDnsEnabled", ErrInvalidValue, "private DNS needs vpc %q's enableDnsSupport and enableDnsHostnames: turn both on "+
			"(vpc.VPC EnableDNSHostnames), or set privateDnsEnabled false", e.VPC)
	}
	// Quotas per VPC.
	if vp != nil {
		n := 0
		for _, o := range v.n.VPCEndpoints {
			if o.VPC == e.VPC && o.Type.Norm() == t {
				n++
			}
			if o.ID == e.ID {
				break
			}
		}
		limit := maxServiceNetworkEndpointsPerVPC
		if t == endpoint.Resource {
			limit = maxResourceEndpointsPerVPC
		}
		if n > limit {
			r.errf("vpc", ErrInvalidValue, "vpc %q has more than %d %s endpoints (the default quota)", e.VPC, limit, t)
		}
	}
}

// checkLatticeVPCENICs checks the subnets (at least one, one per
// Availability Zone, of the VPC; with an IPv6 CIDR for dualstack), the
// declared addresses and the security groups (at most 5, of the VPC).
func (v *validator) checkLatticeVPCENICs(r vres, e *endpoint.Endpoint, vp *vpc.VPC) {
	v.checkVPCESubnets(r, e, vp)
	// A service-network endpoint's declared address starts its block:
	// every address of the block must be free.
	v.checkVPCEAddresses(r, e, latticeVPCEAddrs(v.n, e))
	v.checkVPCESecurityGroups(r, e, vp)
}

// --- compile -----------------------------------------------------------------

// latticeSlots returns the resource configurations a service network
// holds through active associations, with the children of its groups, by
// ID: the order of their addresses on a service-network endpoint's
// interfaces.
func latticeSlots(n *Network, sn string) []string {
	held := map[string]bool{}
	for _, a := range n.ServiceNetworkResourceAssociations {
		if a.ServiceNetwork == sn && a.Status.Carries() {
			held[a.ResourceConfiguration] = true
		}
	}
	var out []string
	for _, c := range n.ResourceConfigurations {
		if held[c.ID] || c.Type == lattice.ResourceChild && held[c.Group] {
			out = append(out, c.ID)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// latticeVPCEAddrs returns how many IPv4 addresses each interface of
// endpoint e takes: the block and a slot per configuration for a
// service-network endpoint, one for a resource endpoint (AWS documents no
// figure for it; vpcsim assumes one per zone).
func latticeVPCEAddrs(n *Network, e *endpoint.Endpoint) int {
	if e.Type.Norm() == endpoint.ServiceNetwork {
		return latticeBlock + len(latticeSlots(n, e.ServiceNetwork))
	}
	return 1
}

// latticeVPCEBlock returns the k addresses from a on: a declared
// address starts an endpoint interface's addresses.
func latticeVPCEBlock(a netip.Addr, k int) []netip.Addr {
	out := make([]netip.Addr, 0, k)
	for range k {
		out = append(out, a)
		a = a.Next()
	}
	return out
}

// latticeVPCEDemand claims the addresses of the service-network and
// resource endpoints' interfaces.
func latticeVPCEDemand(n *Network, claim func(string, ...netip.Addr)) {
	for i := range n.VPCEndpoints {
		e := &n.VPCEndpoints[i]
		if !isLatticeType(e.Type) {
			continue
		}
		k := latticeVPCEAddrs(n, e)
		for _, s := range e.Subnets {
			if a, ok := e.Address(s); ok && a.IPv4.IsValid() {
				claim(s, latticeVPCEBlock(a.IPv4, k)...)
				continue
			}
			for range k {
				claim(s)
			}
		}
	}
}

// latticeVPCEInterfaces returns the interfaces of the service-network and
// resource endpoints: one per subnet, with the endpoint's security groups
// (its VPC's default group when none), its addresses (declared, or
// assigned: the block and slots, or one), and for a dual-stack endpoint an
// IPv6 address (declared, or derived in the subnet's IPv6 CIDR, as for
// resource gateways: AWS takes a /80 per zone).
func latticeVPCEInterfaces(c *compiler) []pendingENI {
	var out []pendingENI
	for _, e := range sortedBy(c.n.VPCEndpoints, func(e endpoint.Endpoint) string { return e.ID }) {
		if !isLatticeType(e.Type) {
			continue
		}
		k := latticeVPCEAddrs(c.n, &e)
		for _, s := range e.Subnets {
			ni := &vpc.NetworkInterface{ID: vpceENIName(e.ID, s), Subnet: s, Kind: vpc.KindVPCEndpoint, Owner: e.ID, SecurityGroups: e.SecurityGroups}
			a, _ := e.Address(s)
			if a.IPv4.IsValid() {
				ni.PrivateIPs = latticeVPCEBlock(a.IPv4, k)
			}
			if e.IPAddressType.HasIPv6() {
				if !a.IPv6.IsValid() {
					if sub, ok := c.n.Subnet(s); ok && sub.IPv6CIDR.IsValid() {
						a.IPv6 = rgwIPv6(sub.IPv6CIDR, ni.ID)
					}
				}
				if a.IPv6.IsValid() {
					ni.IPv6Addrs = []netip.Addr{a.IPv6}
				}
			}
			id := e.ID
			out = append(out, pendingENI{decl: ni, addrs: k, adopt: func(c *compiler, E *cENI, i eniIdx) {
				m := c.m
				E.vpce = indexOf[vpceIdx](c, id)
				if len(E.sgs) == 0 {
					E.sgs = []sgIdx{m.vpcs[E.vpc].defSG}
				}
				m.vpces[E.vpce].enis = append(m.vpces[E.vpce].enis, i)
			}})
		}
	}
	return out
}

// initLatticeVPCE gives a service-network or resource endpoint's compiled
// form its Lattice part and its private DNS setting (nothing for other
// types); the Lattice part's indexes are resolved by compileLatticeVPCEs,
// once the Lattice resources are compiled.
func initLatticeVPCE(V *cVPCE, n *Network, e *endpoint.Endpoint) {
	if !isLatticeType(e.Type) {
		return
	}
	V.privateDNS = e.PrivateDNS()
	V.lat = newLatticeVPCE(n, e)
}

// newLatticeVPCE returns the Lattice part of a service-network or
// resource endpoint's compiled form.
func newLatticeVPCE(n *Network, e *endpoint.Endpoint) *cLatticeVPCE {
	L := &cLatticeVPCE{snID: e.ServiceNetwork, rcfgID: e.ResourceConfiguration, sn: noSN, rcfg: noRCfg,
		pref: e.DNSOptions.Preference, specified: slices.Clone(e.DNSOptions.SpecifiedDomains)}
	if L.pref == "" {
		L.pref = endpoint.VerifiedDomainsOnly
	}
	if e.Type.Norm() == endpoint.ServiceNetwork {
		L.slots = latticeSlots(n, e.ServiceNetwork)
	}
	return L
}

// compileLatticeVPCEs resolves the networks and configurations of the
// service-network and resource endpoints, and records the endpoints of
// each VPC that lead into Lattice.
func compileLatticeVPCEs(c *compiler) {
	m := c.m
	for i := range m.vpces {
		L := m.vpces[i].lat
		if L == nil {
			continue
		}
		if L.snID != "" {
			L.sn = indexOf[snIdx](c, L.snID)
		}
		if L.rcfgID != "" {
			L.rcfg = indexOf[rcfgIdx](c, L.rcfgID)
		}
		L.slot = make(map[rcfgIdx]int, len(L.slots))
		for k, id := range L.slots {
			if r, ok := lookup[rcfgIdx](m, id); ok {
				L.slot[r] = k
			}
		}
	}
}

// --- queries -----------------------------------------------------------------

// latticeDest is the Lattice destination of a flow: a service, or a
// resource configuration, and whether the query named it by a custom
// domain name that Lattice's private DNS must answer.
type latticeDest struct {
	svc    svcIdx
	rcfg   rcfgIdx
	custom string // the custom domain name the query used, or ""
}

// destOf returns the Lattice destination of f, named as ep names it.
func (m *Model) destOf(f *flow, ep Endpoint) latticeDest {
	d := latticeDest{svc: f.goal.svc, rcfg: rcfgIdx(f.goal.rcfg - 1)}
	if d.rcfg != noRCfg {
		if _, byName, _ := m.resourceConfiguration(ep.ResourceConfiguration); byName {
			d.custom = m.rcfgs[d.rcfg].custom
		}
	}
	return d
}

// leadsTo reports whether endpoint V leads to d: a service-network
// endpoint whose network holds the service or configuration (a CHILD
// through its group), a resource endpoint whose configuration is d's or
// d's group.
func (m *Model) leadsTo(V *cVPCE, d latticeDest) bool {
	L := V.lat
	switch {
	case L == nil:
		return false
	case V.typ == endpoint.ServiceNetwork:
		if L.sn == noSN {
			return false
		}
		if d.rcfg != noRCfg {
			return m.rcfgs[d.rcfg].heldBy(L.sn)
		}
		return slices.Contains(m.svcs[d.svc].nets, L.sn)
	default:
		return d.rcfg != noRCfg && L.rcfg != noRCfg && (d.rcfg == L.rcfg || m.rcfgs[d.rcfg].group == L.rcfg)
	}
}

// endpointDNS says why the custom domain name of configuration d does not
// resolve to endpoint V in its VPC, or "" when it does: private DNS must
// be on for the endpoint and, through a service network, for the
// configuration's association with it (which overrides the endpoint's
// setting); the endpoint's private DNS preference must admit the domain.
// Services' names and IDs, and configurations named by ID, need no such
// check (a service's custom domain is a name its owner points at the
// generated one; a configuration's ID stands for the endpoint's own DNS
// name).
func (m *Model) endpointDNS(V *cVPCE, d latticeDest) string {
	if d.custom == "" {
		return ""
	}
	L := V.lat
	R := &m.rcfgs[d.rcfg]
	if !V.privateDNS {
		return fmt.Sprintf("private DNS is off on %s: %s resolves to nothing there", V.id, d.custom)
	}
	if V.typ == endpoint.ServiceNetwork {
		for _, x := range R.nets {
			if x.sn == L.sn && !x.privateDNS {
				return fmt.Sprintf("private DNS is off on %s, the association of %s with %s, which overrides %s: %s resolves to nothing through it", x.id, R.id, m.sns[L.sn].id, V.id, d.custom)
			}
		}
	}
	specified := slices.ContainsFunc(L.specified, func(p string) bool { return domainMatches(p, d.custom) })
	switch L.pref {
	case endpoint.AllDomains:
		return ""
	case endpoint.SpecifiedDomainsOnly:
		if specified {
			return ""
		}
		return fmt.Sprintf("%s takes only its specified domains (%s), and %s is not one", V.id, strings.Join(L.specified, ", "), d.custom)
	case endpoint.VerifiedDomainsAndSpecified:
		if specified || R.verified {
			return ""
		}
		return fmt.Sprintf("%s takes verified and specified domains; %s is neither verified nor one of %s", V.id, d.custom, strings.Join(L.specified, ", "))
	}
	if R.verified {
		return ""
	}
	return fmt.Sprintf("%s takes verified domains only (the default private DNS preference), and the provider did not verify %s", V.id, d.custom)
}

// latticeEndpointDest decides whether a flow to a Lattice service or
// resource configuration goes through a service-network or resource
// endpoint, and if so makes the endpoint's interface (in the source's
// zone, else its first) the flow's destination, at the address the
// destination has there. It reports false when the query is wrong.
//
// A query that names the endpoint (Endpoint.VPCEndpoint) goes through it
// from any source that reaches its addresses. Otherwise the source's VPC
// resolves the destination's name as AWS's DNS does:
//
//  1. An endpoint of the VPC with private DNS on that leads to the
//     destination, and whose private DNS answers its name (see
//     endpointDNS), has a private hosted zone associated with the VPC,
//     which Route 53 Resolver prefers to the public answer (Route 53
//     Developer Guide, "Considerations when working with a private hosted
//     zone"): the flow goes through it, even when the VPC's service
//     network association holds the destination too. AWS documents no
//     rule for two such endpoints; vpcsim takes a resource endpoint to
//     the configuration before a service-network endpoint, then the
//     lower endpoint ID.
//  2. Otherwise a service's name resolves to its link-local address, and
//     a configuration's to Lattice's (or through the association's private
//     DNS), so the VPC's association carries the flow when it holds the
//     destination (or reports why not, as before).
//  3. Without such an association, a destination named by its ID goes
//     through the first endpoint of the VPC that leads to it even with
//     private DNS off: the client uses the endpoint's own DNS name. Named
//     by a custom domain name that no endpoint answers, the flow is
//     blocked where it starts (LATTICE_DNS_UNRESOLVED).
func (m *Model) latticeEndpointDest(f *flow, ep Endpoint, bad func(string, error, string, ...any)) bool {
	d := m.destOf(f, ep)
	if ep.VPCEndpoint != "" {
		i, ok := lookup[vpceIdx](m, ep.VPCEndpoint)
		if !ok || m.vpces[i].lat == nil {
			bad("to.vpcEndpoint", ErrUnknownResource, "no service-network or resource endpoint %q", ep.VPCEndpoint)
			return false
		}
		V := &m.vpces[i]
		if len(V.enis) == 0 {
			bad("to.vpcEndpoint", ErrInvalidValue, "%s has no interface left: the failure the model was compiled without took every one (Model.Failure)", V.id)
			return false
		}
		if V.vpc == f.srcVPC || f.srcVPC == noVPC {
			if why := m.endpointDNS(V, d); why != "" {
				m.latticeDNSBlock(f, d, why)
				return true
			}
		}
		return m.toLatticeVPCE(f, i, d, bad)
	}
	if f.srcVPC == noVPC {
		return true
	}
	var first, pick vpceIdx = noVPCE, noVPCE
	why := ""
	for _, i := range m.vpcVPCEs[f.srcVPC] {
		V := &m.vpces[i]
		if V.lat == nil || len(V.enis) == 0 || !m.leadsTo(V, d) {
			continue
		}
		if first == noVPCE {
			first = i
		}
		if !V.privateDNS {
			continue
		}
		if w := m.endpointDNS(V, d); w != "" {
			if why == "" {
				why = w
			}
			continue
		}
		if pick == noVPCE || V.typ == endpoint.Resource && m.vpces[pick].typ != endpoint.Resource {
			pick = i
		}
	}
	if pick != noVPCE {
		f.pre = nil // the endpoint's zone answers the name, not the association's
		return m.toLatticeVPCE(f, pick, d, bad)
	}
	if m.associationHolds(f.srcVPC, d) || first == noVPCE {
		return true
	}
	if d.custom != "" {
		if why == "" {
			why = m.endpointDNS(&m.vpces[first], d)
		}
		m.latticeDNSBlock(f, d, why)
		return true
	}
	return m.toLatticeVPCE(f, first, d, bad)
}

// latticeDNSBlock blocks f where it starts: d's custom domain name does
// not resolve in the source's VPC, for the reason why.
func (m *Model) latticeDNSBlock(f *flow, d latticeDest, why string) {
	f.pre = &preBlock{reason: LatticeDNSUnresolved, block: Block{Component: m.rcfgs[d.rcfg].id, Kind: KindResourceConfiguration,
		Step: StepLatticeDNS, Reason: LatticeDNSUnresolved, Rule: why}}
}

// associationHolds reports whether VPC v's service network association is
// active and its network holds d.
func (m *Model) associationHolds(v vpcIdx, d latticeDest) bool {
	V := &m.vpcs[v]
	if V.snva == noSNVA || !m.snvas[V.snva].carries {
		return false
	}
	sn := m.snvas[V.snva].sn
	if d.rcfg != noRCfg {
		return m.rcfgs[d.rcfg].heldBy(sn)
	}
	return slices.Contains(m.svcs[d.svc].nets, sn)
}

// toLatticeVPCE makes endpoint i's interface, at d's address there, the
// flow's destination.
func (m *Model) toLatticeVPCE(f *flow, i vpceIdx, d latticeDest, bad func(string, error, string, ...any)) bool {
	V := &m.vpces[i]
	e := m.vpceENIFor(V, m.srcSubnet(f))
	E := &m.enis[e]
	var a netip.Addr
	switch {
	case f.ipv6 && len(E.ipv6) == 0:
		bad("to", ErrInvalidValue, "%s has no IPv6 address (its endpoint's IP address type is not dualstack)", E.id)
		return false
	case f.ipv6:
		a = E.ipv6[0]
	default:
		a = E.private[0]
		if k, ok := V.lat.slot[d.rcfg]; ok && d.rcfg != noRCfg && latticeBlock+k < len(E.private) {
			a = E.private[latticeBlock+k]
		}
	}
	f.goal.eni, f.goal.addr, f.dst = e, a, a
	f.latticeVPCE = int32(i) + 1
	return true
}

// latticeEndpointArrive is the forwarding function of a service-network
// or resource endpoint, for a packet addressed to its interface e that
// passed the endpoint's security groups: TCP only, an available
// endpoint, and a network (or configuration) that leads to the
// destination. The walk arrives at the interface, where the reply
// starts; the Lattice evaluation follows (see latticeArrived).
func (w *walker) latticeEndpointArrive(e eniIdx, p pkt) {
	m := w.m
	V := &m.vpces[m.enis[e].vpce]
	d := latticeDest{svc: w.goal.svc, rcfg: rcfgIdx(w.goal.rcfg - 1)}
	k, id := kindLatticeService, "the destination"
	switch {
	case d.rcfg != noRCfg:
		k, id = kindResourceConfiguration, m.rcfgs[d.rcfg].id
	case d.svc != noSvc:
		id = m.svcs[d.svc].id
	}
	switch {
	case !w.goal.lattice:
		w.fail(UnknownDestination, kindVPCE, V.id, StepEndpoint, func() string {
			return fmt.Sprintf("%s is an address of %s, which carries requests to Lattice services and resource configurations only: name one (sim.LatticeService(...).Through(%q))",
				p.dst, V.id, V.id)
		})
		return
	case p.proto != protoTCP:
		w.fail(EndpointProtocol, kindVPCE, V.id, StepEndpoint, func() string {
			return fmt.Sprintf("%s is a %s: it carries TCP only, not %s", V.id, latticeTypeName(V.typ), m.flowDesc(p))
		})
		return
	case !V.state.Available():
		w.fail(EndpointNotAvailable, kindVPCE, V.id, StepEndpoint, func() string {
			return fmt.Sprintf("%s is %s: only an available endpoint carries traffic", V.id, V.state)
		})
		return
	case !m.leadsTo(V, d):
		w.fail(LatticeNoAssociation, k, id, StepLatticeAssociation, func() string {
			return fmt.Sprintf("%s leads to %s, which does not hold %s", V.id, m.latticeVPCETarget(V), id)
		})
		return
	}
	w.hop(kindVPCE, V.id, StepEndpoint, func() string {
		return fmt.Sprintf("%s to %s at %s, which holds %s", latticeTypeName(V.typ), m.latticeVPCETarget(V), m.enis[e].id, id)
	}, p)
	w.ok, w.atENI, w.atSubnet, w.final = true, e, noSubnet, p
}

// latticeVPCETarget names what endpoint V leads to.
func (m *Model) latticeVPCETarget(V *cVPCE) string {
	switch {
	case V.lat == nil:
		return V.service
	case V.lat.sn != noSN:
		return "service network " + m.sns[V.lat.sn].id
	case V.lat.rcfg != noRCfg:
		return "resource configuration " + m.rcfgs[V.lat.rcfg].id
	}
	return "nothing"
}

// latticeVPCEOf returns the service-network or resource endpoint a flow
// goes through, or nil.
func (m *Model) latticeVPCEOf(f *flow) *cVPCE {
	if f.latticeVPCE == 0 {
		return nil
	}
	return &m.vpces[f.latticeVPCE-1]
}

// latticeEntry returns how flow f entered VPC Lattice: the VPC that
// connects it (the endpoint's, or the source's) and the service network
// it entered (the endpoint's, or the VPC association's; nil for a
// resource endpoint). Auth policies see that VPC as aws:SourceVpc.
func (m *Model) latticeEntry(f *flow) (vpcIdx, *cSN) {
	if V := m.latticeVPCEOf(f); V != nil {
		if V.lat.sn == noSN {
			return V.vpc, nil
		}
		return V.vpc, &m.sns[V.lat.sn]
	}
	if f.srcVPC == noVPC || m.vpcs[f.srcVPC].snva == noSNVA {
		return f.srcVPC, nil
	}
	return f.srcVPC, &m.sns[m.snvas[m.vpcs[f.srcVPC].snva].sn]
}

// consumerSubnet returns the subnet whose zone a resource gateway's
// interface is chosen for: the endpoint interface's, or the client's.
func (m *Model) consumerSubnet(f *flow) subnetIdx {
	if f.latticeVPCE != 0 {
		return m.enis[f.goal.eni].subnet
	}
	return m.srcSubnet(f)
}

// consumerNode picks the interface of gateway G a flow's connection
// enters: through an endpoint, the one in the zone of the endpoint's
// interface, else the first (in zone order) in a zone of another of the
// endpoint's interfaces (AWS requires that an endpoint and the gateway
// share a zone); through an association, as rgwNode does.
func (m *Model) consumerNode(G *cRGW, f *flow) (eniIdx, bool) {
	V := m.latticeVPCEOf(f)
	if V == nil {
		return m.rgwNode(G, m.srcSubnet(f))
	}
	from := m.enis[f.goal.eni].subnet
	for _, e := range G.nodes {
		if m.sameZone(m.enis[e].subnet, from) {
			return e, true
		}
	}
	for _, e := range G.nodes {
		for _, x := range V.enis {
			if m.sameZone(m.enis[e].subnet, m.enis[x].subnet) {
				return e, false
			}
		}
	}
	return noENI, false
}

// consumerZones describes where a flow's consumer is, for AZ_MISMATCH: the
// endpoint's zones, or the client's VPC.
func (m *Model) consumerZones(f *flow) string {
	if V := m.latticeVPCEOf(f); V != nil {
		var zs []string
		for _, e := range V.enis {
			zs = append(zs, m.zoneName(m.enis[e].subnet))
		}
		return fmt.Sprintf("%s (in %s)", V.id, strings.Join(zs, ", "))
	}
	if s := m.srcSubnet(f); s != noSubnet {
		return m.vpcs[m.subnets[s].vpc].id
	}
	return "the client"
}

// latticeConnects reports whether VPC v reaches d for the access
// analyses: through its association, or through one of its
// service-network or resource endpoints.
func (m *Model) latticeConnects(v vpcIdx, d latticeDest) bool {
	if m.associationHolds(v, d) {
		return true
	}
	for _, i := range m.vpcVPCEs[v] {
		if V := &m.vpces[i]; V.lat != nil && len(V.enis) > 0 && m.leadsTo(V, d) {
			return true
		}
	}
	return false
}

// --- pictures ----------------------------------------------------------------

// latticeVPCEEdges joins a service-network endpoint to its network and a
// resource endpoint to its configuration.
func latticeVPCEEdges(g *graphBuilder, n int32, V *cVPCE) {
	switch {
	case V.lat == nil:
	case V.lat.sn != noSN:
		g.edge(n, g.node(refOf(V.lat.sn)))
	case V.lat.rcfg != noRCfg:
		g.edge(n, g.node(refOf(V.lat.rcfg)))
	}
}
