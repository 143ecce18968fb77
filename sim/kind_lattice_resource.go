package sim

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of VPC Lattice's resources: resource gateways,
// resource configurations and their associations with service networks.
//
// A resource gateway compiles, like a load balancer, into one interface
// per subnet, "<rgw-id>/<subnet-id>", with the gateway's security groups
// (its VPC's default group when it declares none) and as many IPv4
// addresses as the gateway takes per interface (16 by default), which
// capacity checks count.
//
// A connection to a resource configuration (sim.ResourceConfiguration)
// leaves the client for the configuration's address in 129.224.0.0/17
// (Lattice keeps those routes itself) and enters VPC Lattice through the
// client VPC's service network association, as a request to a service
// does: the network must hold the configuration (a CHILD is held through
// its group). The configuration then acts as a proxy: TCP only, on its
// port ranges (RESOURCE_PORT_NOT_ALLOWED), with no auth policy (the
// network's policy covers services only); the connection enters the
// resource gateway at its interface in the client's Availability Zone,
// compared by AZ ID, else in another zone of the client's VPC
// (AZ_MISMATCH when the gateway and the VPC share no zone: AWS requires
// that a consumer and the gateway share at least one; vpcsim takes an
// association's consumer to span its VPC's zones); the gateway
// translates the source to that interface's address, its security groups
// must allow the connection out (RGW_SG_EGRESS), and a leg from the
// interface reaches each resource the configuration stands for through the
// provider VPC's routes and network ACLs, meeting the resource's security
// groups (which must admit the gateway), with the reply back to the
// gateway. A SINGLE or CHILD configuration stands for its IP address, or
// for the addresses its domain name resolves to as declared; an ARN
// configuration for the interfaces of the resource it names; a GROUP for
// its children, each a branch of its own.

type (
	rgwIdx  int32 // indexes Model.rgws
	rcfgIdx int32 // indexes Model.rcfgs
	snraIdx int32 // resource associations (compiled into their configurations)
)

const (
	noRGW  rgwIdx  = -1
	noRCfg rcfgIdx = -1
)

func (rgwIdx) kind() kind  { return kindResourceGateway }
func (rcfgIdx) kind() kind { return kindResourceConfiguration }
func (snraIdx) kind() kind { return kindSNResourceAssociation }

// cRGW is a compiled resource gateway.
type cRGW struct {
	id, account string
	vpc         vpcIdx
	typ         lattice.GatewayIPAddressType
	nodes       []eniIdx // one per subnet, in zone order
}

// cRCfg is a compiled resource configuration.
type cRCfg struct {
	id, account string
	typ         lattice.ResourceConfigurationType
	rgw         rgwIdx    // its gateway (a CHILD's is its group's)
	group       rcfgIdx   // a CHILD's group, or noRCfg
	children    []rcfgIdx // a GROUP's children, by ID
	// ranges are the TCP ports consumers may use (a CHILD without its own
	// takes its group's); nil means every port. portRules holds them as
	// rules for the port-interval search of OpenPorts, a GROUP's with its
	// children's.
	ranges    []vpc.PortRange
	portRules []cRule
	// addr4 and addr6 are where consumers behind a VPC association reach
	// it.
	addr4, addr6 netip.Addr
	custom       string
	verified     bool
	nets         []cRCfgNet // the networks holding it (a CHILD's are its group's)
	// What it stands for: an IP address, or a domain name and the
	// addresses it resolves to (addrs); an ARN and the interfaces of the
	// resource (enis).
	def    lattice.DefinitionKind
	domain string
	arn    string
	addrs  []netip.Addr
	enis   []eniIdx
}

// cRCfgNet is a service network holding a configuration through an active
// association, and whether private DNS is on for it there.
type cRCfgNet struct {
	sn         snIdx
	id         string
	privateDNS bool
}

// heldBy reports whether service network n holds the configuration.
func (r *cRCfg) heldBy(n snIdx) bool {
	for _, x := range r.nets {
		if x.sn == n {
			return true
		}
	}
	return false
}

// allows reports whether consumers may connect to TCP port p.
func (r *cRCfg) allows(p uint16) bool {
	if r.ranges == nil {
		return true
	}
	for _, x := range r.ranges {
		if x.Contains(p) {
			return true
		}
	}
	return false
}

// portsString formats the ranges as AWS writes them: "5432", "8000-8080".
func (r *cRCfg) portsString() string {
	if r.ranges == nil {
		return "every port"
	}
	return strings.Join(lattice.FormatPortRanges(r.ranges), ",")
}

// rcfgPortRules returns configuration i's port ranges as rules.
func rcfgPortRules(m *Model, i int32) [2][]cRule { return [2][]cRule{m.rcfgs[i].portRules} }

// rgwNodeName is the name of a resource gateway's interface in a subnet.
func rgwNodeName(rgw, subnet string) string { return rgw + "/" + subnet }

// --- compile -----------------------------------------------------------------

// compileResourceGateways compiles the gateways (their interfaces come with
// the interfaces, see rgwInterfaces).
func compileResourceGateways(c *compiler) {
	m := c.m
	for i, g := range sortedBy(c.n.ResourceGateways, func(g lattice.ResourceGateway) string { return g.ID }) {
		m.rgws = append(m.rgws, cRGW{id: g.ID, account: g.Account, vpc: indexOf[vpcIdx](c, g.VPC), typ: g.IPAddressType})
		add(c, g.ID, rgwIdx(i))
	}
}

// rgwDemand claims the addresses of the gateways' interfaces: as many
// IPv4 addresses per interface as the gateway takes (one for an IPv6
// gateway, whose interfaces vpcsim still gives an IPv4 address).
func rgwDemand(n *Network, claim func(string, ...netip.Addr)) {
	for i := range n.ResourceGateways {
		g := &n.ResourceGateways[i]
		for _, s := range g.Subnets {
			for range rgwAddrs(g) {
				claim(s)
			}
		}
	}
}

// rgwAddrs returns how many IPv4 addresses each interface of g holds.
func rgwAddrs(g *lattice.ResourceGateway) int {
	if !g.IPAddressType.HasIPv4() {
		return 1
	}
	return g.AddressesPerENI()
}

// rgwInterfaces returns the gateways' interfaces: one per subnet, with the
// gateway's security groups, its IPv4 addresses, and for an IPv6 or
// dual-stack gateway an IPv6 address in the subnet (vpcsim derives it from
// the gateway's ID: AWS gives each interface a /80).
func rgwInterfaces(c *compiler) []pendingENI {
	var out []pendingENI
	for i := range c.n.ResourceGateways {
		g := &c.n.ResourceGateways[i]
		for _, sub := range g.Subnets {
			e := &vpc.NetworkInterface{ID: rgwNodeName(g.ID, sub), Subnet: sub, Kind: vpc.KindResourceGateway, Owner: g.ID,
				SecurityGroups: g.SecurityGroups}
			if g.IPAddressType.HasIPv6() {
				if s, ok := c.n.Subnet(sub); ok && s.IPv6CIDR.IsValid() {
					e.IPv6Addrs = []netip.Addr{rgwIPv6(s.IPv6CIDR, e.ID)}
				}
			}
			out = append(out, pendingENI{decl: e, addrs: rgwAddrs(g), adopt: func(c *compiler, e *cENI, i eniIdx) {
				m := c.m
				if len(e.sgs) == 0 {
					e.sgs = []sgIdx{m.vpcs[e.vpc].defSG}
				}
				k := indexOf[rgwIdx](c, g.ID)
				m.rgws[k].nodes = append(m.rgws[k].nodes, i)
			}})
		}
	}
	return out
}

// rgwIPv6 derives a gateway interface's IPv6 address in subnet block p:
// the block's first /80 whose last 48 bits hash the interface's name.
func rgwIPv6(p netip.Prefix, name string) netip.Addr {
	h := fnv.New64a()
	h.Write([]byte(name))
	b := p.Masked().Addr().As16()
	b[8], b[9] = 0xfd, 0x1a // a /80 vpcsim keeps for gateways
	var x [8]byte
	binary.BigEndian.PutUint64(x[:], h.Sum64())
	copy(b[10:], x[2:])
	if b[15] == 0 {
		b[15] = 1
	}
	return netip.AddrFrom16(b)
}

// compileResourceConfigurations compiles the configurations, after the
// interfaces (the gateways' and the resources') and the service networks:
// addresses in 129.224.0.0/17 in ID order (129.224.0.1 onward) and the
// IPv6 address embedding them, as for services; each CHILD joined to its
// group; each configuration's networks from the active associations.
func compileResourceConfigurations(c *compiler) {
	m, n := c.m, c.n
	for l := range m.rgws {
		slices.SortFunc(m.rgws[l].nodes, func(a, b eniIdx) int {
			return cmp.Or(cmp.Compare(m.subnets[m.enis[a].subnet].az, m.subnets[m.enis[b].subnet].az), cmp.Compare(a, b))
		})
	}
	owned := ownerIndex(m)
	decls := sortedBy(n.ResourceConfigurations, func(x lattice.ResourceConfiguration) string { return x.ID })
	for i, x := range decls {
		r := cRCfg{id: x.ID, account: x.Account, typ: x.Type, rgw: noRGW, group: noRCfg, custom: x.CustomDomainName,
			verified: x.DomainVerified, def: x.Definition.Kind()}
		b := latticeResourcePrefix4.Addr().As4()
		k := uint32(1 + i%(1<<15-2))
		b[2], b[3] = byte(k>>8), byte(k)
		r.addr4 = netip.AddrFrom4(b)
		b6 := latticePrefix6.Addr().As16()
		copy(b6[12:], b[:])
		r.addr6 = netip.AddrFrom16(b6)
		if x.Type != lattice.ResourceARN && len(x.PortRanges) > 0 {
			r.ranges = slices.Clone(x.PortRanges)
		}
		switch r.def {
		case lattice.DefinitionIP:
			r.addrs = []netip.Addr{x.Definition.IP}
		case lattice.DefinitionDomain:
			r.domain, r.addrs = x.Definition.DomainName, slices.Clone(x.Definition.ResolvesTo)
		case lattice.DefinitionARN:
			r.arn, r.enis = x.Definition.ARN, resourceENIs(owned, x.Definition.ARN)
		}
		m.rcfgs = append(m.rcfgs, r)
		add(c, x.ID, rcfgIdx(i))
	}
	for i, x := range decls {
		R := &m.rcfgs[i]
		switch {
		case x.Type == lattice.ResourceChild:
			R.group = indexOf[rcfgIdx](c, x.Group)
		case x.ResourceGateway != "":
			R.rgw = indexOf[rgwIdx](c, x.ResourceGateway)
		}
	}
	for _, a := range sortedBy(n.ServiceNetworkResourceAssociations, func(x lattice.ServiceNetworkResourceAssociation) string { return x.ID }) {
		if !a.Status.Carries() {
			continue
		}
		r := indexOf[rcfgIdx](c, a.ResourceConfiguration)
		dns := a.PrivateDNS() || m.rcfgs[r].typ == lattice.ResourceARN // AWS always enables it for ARN configurations
		m.rcfgs[r].nets = append(m.rcfgs[r].nets, cRCfgNet{sn: indexOf[snIdx](c, a.ServiceNetwork), id: a.ID, privateDNS: dns})
	}
	for i := range m.rcfgs {
		R := &m.rcfgs[i]
		if R.group == noRCfg {
			continue
		}
		G := &m.rcfgs[R.group]
		G.children = append(G.children, rcfgIdx(i))
		R.rgw, R.nets = G.rgw, G.nets
		if R.ranges == nil {
			R.ranges = G.ranges
		}
		if R.custom != "" && !R.verified {
			R.verified = G.verified // a child's name is a subdomain of its group's verified domain
		}
	}
	for i := range m.rcfgs {
		R := &m.rcfgs[i]
		add := func(rs []vpc.PortRange, what string) {
			for _, x := range rs {
				R.portRules = append(R.portRules, portRule(x.From, x.To, what))
			}
		}
		add(R.ranges, "port ranges of "+R.id)
		for _, ch := range R.children {
			add(m.rcfgs[ch].ranges, "port ranges of "+m.rcfgs[ch].id)
		}
	}
	compileLatticeVPCEs(c) // kind_lattice_endpoint.go: the endpoints into Lattice, now that their networks and configurations exist
}

// resourceENIs returns the interfaces of the resource an ARN names: those
// whose owner is the ARN, or the resource's name in it (the database
// identifier of arn:aws:rds:...:db:orders is "orders").
func resourceENIs(owned map[string][]eniIdx, arn string) []eniIdx {
	name := arn
	if i := strings.LastIndexAny(arn, ":/"); i >= 0 {
		name = arn[i+1:]
	}
	out := slices.Clone(owned[arn])
	if name != arn {
		out = append(out, owned[name]...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// --- queries -------------------------------------------------------------

// resourceConfiguration returns the configuration a name names, and
// whether the name is its custom domain name (rather than its ID).
func (m *Model) resourceConfiguration(name string) (rcfgIdx, bool, bool) {
	if r, ok := lookup[rcfgIdx](m, name); ok {
		return r, false, true
	}
	for i := range m.rcfgs {
		if c := m.rcfgs[i].custom; c != "" && strings.EqualFold(c, strings.TrimSuffix(name, ".")) {
			return rcfgIdx(i), true, true
		}
	}
	return noRCfg, false, false
}

// resolveResource resolves a destination naming a resource configuration
// into f. Named by its custom domain name from a VPC whose association
// holds it, the name must resolve there (see resourceDNS).
func (m *Model) resolveResource(f *flow, name string, bad func(string, error, string, ...any)) bool {
	r, byName, ok := m.resourceConfiguration(name)
	if !ok {
		bad("to.resourceConfiguration", ErrUnknownResource, "no VPC Lattice resource configuration with id or custom domain name %q", name)
		return false
	}
	R := &m.rcfgs[r]
	f.goal.lattice, f.goal.svc, f.goal.rcfg = true, noSvc, int32(r)+1
	f.dst = R.addr4
	if f.ipv6 {
		f.dst = R.addr6
	}
	f.goal.addr = f.dst
	if byName && f.srcVPC != noVPC {
		if why := m.resourceDNS(r, f.srcVPC); why != "" {
			f.pre = &preBlock{reason: LatticeDNSUnresolved, block: Block{Component: R.id, Kind: KindResourceConfiguration,
				Step: StepLatticeDNS, Reason: LatticeDNSUnresolved, Rule: why}}
		}
	}
	return true
}

// resourceDNS says why configuration r's custom domain name does not
// resolve to it in VPC v, or "" when it does (or when v's association does
// not hold r, which the walk reports). Lattice manages a private hosted
// zone for the name in the VPC when private DNS is on for the VPC's
// association and for the configuration's association with the network
// (which overrides it), and the association's private DNS preference
// admits the domain: verified domains only (the default), all domains,
// or the specified domains (with or without the verified ones).
func (m *Model) resourceDNS(r rcfgIdx, v vpcIdx) string {
	V := &m.vpcs[v]
	if V.snva == noSNVA {
		return ""
	}
	A := &m.snvas[V.snva]
	R := &m.rcfgs[r]
	var net *cRCfgNet
	for i := range R.nets {
		if R.nets[i].sn == A.sn {
			net = &R.nets[i]
		}
	}
	if !A.carries || net == nil {
		return ""
	}
	switch {
	case !A.privateDNS:
		return fmt.Sprintf("private DNS is off on %s: %s resolves to nothing Lattice manages in %s", A.id, R.custom, V.id)
	case !net.privateDNS:
		return fmt.Sprintf("private DNS is off on %s, the association of %s with %s, which overrides %s: %s resolves to nothing in %s", net.id, R.id, m.sns[A.sn].id, A.id, R.custom, V.id)
	}
	specified := slices.ContainsFunc(A.specified, func(d string) bool { return domainMatches(d, R.custom) })
	switch A.pref {
	case lattice.DNSAllDomains:
		return ""
	case lattice.DNSSpecifiedDomainsOnly:
		if specified {
			return ""
		}
		return fmt.Sprintf("%s takes only its specified domains (%s), and %s is not one", A.id, strings.Join(A.specified, ", "), R.custom)
	case lattice.DNSVerifiedAndSpecifiedDomains:
		if specified || R.verified {
			return ""
		}
		return fmt.Sprintf("%s takes verified and specified domains; %s is neither verified nor one of %s", A.id, R.custom, strings.Join(A.specified, ", "))
	}
	if R.verified {
		return ""
	}
	return fmt.Sprintf("%s takes verified domains only (the default private DNS preference), and the provider did not verify %s", A.id, R.custom)
}

// domainMatches reports whether domain pattern p ("my.example.com" or
// "*.example.com") covers name, ignoring case.
func domainMatches(p, name string) bool {
	p, name = strings.ToLower(strings.TrimSuffix(p, ".")), strings.ToLower(strings.TrimSuffix(name, "."))
	if rest, ok := strings.CutPrefix(p, "*."); ok {
		return strings.HasSuffix(name, "."+rest)
	}
	return p == name
}

// resourceProxy is the resource configuration's forwarding function for
// flow f, whose first leg arrived at Lattice as packet p: TCP on the port
// ranges, no auth policy, the gateway's interface in the client's zone,
// and a leg from it to each resource.
func (m *Model) resourceProxy(o *outcome, f *flow, p pkt, trace bool, touched *tableSet, depth int) {
	r := rcfgIdx(f.goal.rcfg - 1)
	R := &m.rcfgs[r]
	if touched != nil {
		touched.add(refOf(r))
		for _, ch := range R.children {
			touched.add(refOf(ch))
		}
	}
	px := f.arena.proxy(R.id, kindResourceConfiguration)
	o.proxy = px
	step := func(s Step, rule func() string) {
		if trace {
			px.steps = append(px.steps, Hop{Component: R.id, Kind: KindResourceConfiguration, Step: s, Rule: rule(), Packet: m.exportPacket(p)})
		}
	}
	block := func(reason Reason, s Step, rule func() string) {
		o.status, o.reason = Blocked, reason
		if trace {
			o.block = Block{Component: R.id, Kind: KindResourceConfiguration, Step: s, Reason: reason, Rule: rule()}
		}
	}
	if p.proto != protoTCP {
		block(ResourcePortNotAllowed, StepResourcePorts, func() string {
			return fmt.Sprintf("%s carries TCP only, not %s", R.id, vpc.Protocol(p.proto))
		})
		return
	}
	if R.typ != lattice.ResourceGroup {
		if !R.allows(p.dlo) {
			block(ResourcePortNotAllowed, StepResourcePorts, func() string {
				return fmt.Sprintf("port %d is outside the port ranges of %s (%s)", p.dlo, R.id, R.portsString())
			})
			return
		}
		step(StepResourcePorts, func() string {
			return fmt.Sprintf("port %d is in the port ranges of %s (%s)", p.dlo, R.id, R.portsString())
		})
	}
	step(StepAuthPolicy, func() string {
		return "no auth policy applies to a resource configuration (a service network's auth policy covers its services only)"
	})
	if R.rgw == noRGW {
		block(UnknownDestination, StepResourceGateway, func() string { return fmt.Sprintf("%s has no resource gateway", R.id) })
		return
	}
	G := &m.rgws[R.rgw]
	from := m.consumerSubnet(f)        // the client's, or its endpoint interface's
	node, same := m.consumerNode(G, f) // kind_lattice_endpoint.go
	if node == noENI {
		block(AZMismatch, StepResourceGateway, func() string {
			var zones []string
			for _, e := range G.nodes {
				zones = append(zones, m.zoneName(m.enis[e].subnet))
			}
			return fmt.Sprintf("%s has no interface in a zone of %s (it has %s): the consumer and the resource gateway must share an Availability Zone",
				G.id, m.consumerZones(f), strings.Join(zones, ", "))
		})
		return
	}
	step(StepResourceGateway, func() string {
		E := &m.enis[node]
		where := "the client's zone"
		if !same {
			where = fmt.Sprintf("a zone the consumer shares with the gateway (none in %s, the client's zone)", m.zoneName(from))
		}
		return fmt.Sprintf("%s: interface %s in %s, %s; the resource sees the gateway's address %s", G.id, E.id, m.zoneName(E.subnet), where, E.private[0])
	})
	if R.typ != lattice.ResourceGroup {
		if len(R.addrs) == 0 && len(R.enis) == 0 {
			block(UnknownDestination, StepResourceGateway, func() string { return m.noResource(R) })
			return
		}
		m.resourceBranches(px, R, node, p.dlo, trace, touched, depth)
	} else {
		if len(R.children) == 0 {
			block(UnknownDestination, StepResourceGateway, func() string { return fmt.Sprintf("group %s has no child configuration", R.id) })
			return
		}
		for _, c := range R.children {
			m.resourceBranches(px, &m.rcfgs[c], node, p.dlo, trace, touched, depth)
		}
	}
	o.aggregate()
}

// rgwNode picks the interface of gateway G that a consumer in subnet
// from connects through: the one in from's zone (compared by AZ ID), and
// whether it is; else the first, in zone order, in a zone of another
// subnet of from's VPC (the consumer, behind a service network
// association, spans its VPC's zones: AWS requires that a consumer and the
// gateway share at least one zone; which interface then carries a client
// of another zone is vpcsim's reading); noENI when they share none.
func (m *Model) rgwNode(G *cRGW, from subnetIdx) (eniIdx, bool) {
	if from == noSubnet {
		return noENI, false
	}
	for _, e := range G.nodes {
		if m.sameZone(m.enis[e].subnet, from) {
			return e, true
		}
	}
	for _, e := range G.nodes {
		for _, s := range m.vpcs[m.subnets[from].vpc].subnets {
			if m.sameZone(m.enis[e].subnet, s) {
				return e, false
			}
		}
	}
	return noENI, false
}

// noResource says why configuration C stands for no resource vpcsim
// knows.
func (m *Model) noResource(C *cRCfg) string {
	switch C.def {
	case lattice.DefinitionARN:
		return fmt.Sprintf("no network interface of %s (%s) is declared: declare the resource's interfaces with that Owner", C.id, C.arn)
	case lattice.DefinitionDomain:
		return fmt.Sprintf("%s resolves to no address vpcsim knows: declare the addresses the gateway resolves it to (Definition.ResolvesTo of %s)", C.domain, C.id)
	}
	return fmt.Sprintf("%s defines no resource", C.id)
}

// resourceBranches adds a branch for each resource of configuration C,
// reached from gateway interface node on port: blocked at once when C's
// port ranges exclude the port (a child of a group) or the gateway's
// security groups do not let the connection out, else a leg walked from
// the interface.
func (m *Model) resourceBranches(px *proxyOutcome, C *cRCfg, node eniIdx, port uint16, trace bool, touched *tableSet, depth int) {
	E := &m.enis[node]
	type target struct {
		name string
		addr netip.Addr
		eni  eniIdx
	}
	var ts []target
	switch C.def {
	case lattice.DefinitionARN:
		for _, e := range C.enis {
			a := m.enis[e].private[0]
			if m.rgws[C.rgw].typ == lattice.GatewayIPv6 && len(m.enis[e].ipv6) > 0 {
				a = m.enis[e].ipv6[0]
			}
			ts = append(ts, target{m.enis[e].id, a, e})
		}
	default:
		for _, a := range C.addrs {
			name := a.String()
			if C.def == lattice.DefinitionDomain {
				name = C.domain + "@" + name
			}
			ts = append(ts, target{name, a, noENI})
		}
	}
	if len(ts) == 0 {
		px.branches = append(px.branches, branchOutcome{tg: C.id, weight: 1, share: 1000, target: C.id,
			query: &Query{From: ENI(E.id), To: ResourceConfiguration(C.id), Port: port},
			leg:   m.preBlocked(trace, UnknownDestination, C.id, KindResourceConfiguration, StepResourceGateway, func() string { return m.noResource(C) })})
		return
	}
	share := 1000 / len(ts)
	for _, t := range ts {
		b := branchOutcome{tg: C.id, weight: 1, share: share, target: t.name}
		src := E.private[0]
		if t.addr.Is6() {
			if len(E.ipv6) == 0 {
				b.query = &Query{From: ENI(E.id), To: Address(t.addr), Port: port, IPv6: true}
				b.leg = m.preBlocked(trace, UnknownDestination, E.id, KindInterface, StepResourceGateway, func() string {
					return fmt.Sprintf("%s has no IPv6 address for the IPv6 resource %s", E.id, t.addr)
				})
				px.branches = append(px.branches, b)
				continue
			}
			src = E.ipv6[0]
		}
		to := t.eni
		if to == noENI {
			if to = m.eniAt(E.vpc, t.addr); to == noENI {
				if to = m.privateOwner(t.addr); to == severalENIs {
					to = noENI
				}
			}
		}
		q := Query{From: ENIAddr(E.id, src), To: Address(t.addr), Port: port, IPv6: t.addr.Is6()}
		if to != noENI {
			q.To = ENIAddr(m.enis[to].id, t.addr)
		}
		b.query = &q
		switch {
		case !C.allows(port):
			b.leg = m.preBlocked(trace, ResourcePortNotAllowed, C.id, KindResourceConfiguration, StepResourcePorts, func() string {
				return fmt.Sprintf("port %d is outside the port ranges of %s (%s)", port, C.id, C.portsString())
			})
		default:
			g := m.legFlow(node, src, t.addr, to, protoTCP, port)
			if to == noENI && m.isInternetHost(t.addr) {
				g.goal.internet = true
			}
			lp := pkt{src: src, dst: t.addr, proto: protoTCP, slo: g.slo, shi: g.shi, dlo: port, dhi: port, srcVPC: E.vpc}
			if touched != nil {
				for _, sg := range E.sgs {
					touched.add(refOf(sg))
				}
			}
			if sg, _ := m.sgMatch(E.sgs, true, t.addr, unknownVPC, lp); sg == noSG {
				b.leg = m.preBlocked(trace, RGWSGEgress, E.id, KindInterface, StepSGEgress, func() string {
					return m.sgBlockText(E.sgs, true, lp, t.addr) + " (the security groups of resource gateway " + m.rgws[C.rgw].id + ")"
				})
				break
			}
			b.leg = m.evaluateDepth(&g, trace, touched, depth+1)
		}
		px.branches = append(px.branches, b)
	}
}

// preBlocked is the outcome of a leg blocked before it left: reason r at
// component id of kind k.
func (m *Model) preBlocked(trace bool, r Reason, id string, k ComponentKind, s Step, rule func() string) outcome {
	o := outcome{status: Blocked, reason: r}
	if trace {
		o.block = Block{Component: id, Kind: k, Step: s, Reason: r, Rule: rule()}
	}
	return o
}

// --- pictures --------------------------------------------------------------

// rgwNodes, rcfgNodes, their edges and labels draw Lattice resources: a
// node per gateway joined to its interfaces both ways, and a node per
// configuration joined from the networks holding it and to its gateway,
// its children and the interfaces of its resources.
func rgwNodes(g *graphBuilder) {
	for i, x := range g.m.rgws {
		g.add(refOf(rgwIdx(i)), x.id)
	}
}

func rgwEdges(g *graphBuilder) {
	for i, x := range g.m.rgws {
		n := g.node(refOf(rgwIdx(i)))
		for _, e := range x.nodes {
			g.edge(g.node(refOf(e)), n)
			g.edge(n, g.node(refOf(e)))
		}
	}
}

func rcfgNodes(g *graphBuilder) {
	for i, x := range g.m.rcfgs {
		g.add(refOf(rcfgIdx(i)), x.id)
	}
}

func rcfgEdges(g *graphBuilder) {
	m := g.m
	for i, x := range m.rcfgs {
		n := g.node(refOf(rcfgIdx(i)))
		if x.group == noRCfg {
			for _, sn := range x.nets {
				g.edge(g.node(refOf(sn.sn)), n)
			}
		}
		if x.rgw != noRGW {
			g.edge(n, g.node(refOf(x.rgw)))
		}
		for _, ch := range x.children {
			g.edge(n, g.node(refOf(ch)))
		}
		for _, e := range x.enis {
			g.edge(n, g.node(refOf(e)))
		}
		if x.rgw != noRGW {
			for _, a := range x.addrs {
				if e := m.eniAt(m.rgws[x.rgw].vpc, a); e != noENI {
					g.edge(n, g.node(refOf(e)))
				}
			}
		}
	}
}

func rgwLabel(m *Model, i int32) []string { return []string{m.rgws[i].id, "resource gateway"} }

func rgwPlace(m *Model, i int32) (vpcIdx, subnetIdx) { return m.rgws[i].vpc, noSubnet }

func rcfgLabel(m *Model, i int32) []string {
	R := &m.rcfgs[i]
	out := []string{R.id, "resource configuration " + string(R.typ)}
	switch R.def {
	case lattice.DefinitionIP:
		out = append(out, R.addrs[0].String())
	case lattice.DefinitionDomain:
		out = append(out, R.domain)
	case lattice.DefinitionARN:
		out = append(out, R.arn)
	}
	return out
}
