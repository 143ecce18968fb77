package sim

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/vpc"
)

// flow is a resolved query: concrete addresses (or a free internet side),
// protocol and ports.
type flow struct {
	src      netip.Addr
	srcENI   eniIdx    // noENI when the source is the internet or a subnet host
	srcNet   subnetIdx // source subnet host, or noSubnet
	srcVPC   vpcIdx
	dst      netip.Addr
	goal     goal
	proto    uint8
	dlo, dhi uint16
	slo, shi uint16
	anySrc   bool // source is any internet address (or, with srcOnPrem, any address of that network)
	anyDst   bool // destination is any internet address (or, with dstOnPrem, any address of that network)
	// srcOnPrem and dstOnPrem, when not zero, are one more than the index
	// of the on-premises network the source or destination is in.
	srcOnPrem, dstOnPrem int32
	ipv6                 bool
	pre                  *preBlock // blocked before any walk
	outside              bool      // the destination lies outside the network
	to                   Endpoint  // the destination as the query named it
	request              *HTTPRequest
	caller               *policy.Principal
	call                 *APICall
	// noPolicy leaves policies out: network-level analyses (Matrix,
	// Exposure) answer what the network allows, whatever the API call.
	noPolicy bool
	// privateLink marks the flow a load balancer takes from an endpoint
	// service's interface endpoint: its targets see the node's address.
	privateLink bool
	// fromLattice is set on the legs VPC Lattice opens to targets: the
	// walk starts at the goal's interface's subnet, from Lattice.
	fromLattice bool
	// latticeVPCE, when not zero, is one more than the service-network or
	// resource endpoint (vpceIdx) through which the flow enters VPC
	// Lattice (see kind_lattice_endpoint.go).
	latticeVPCE int32
	member      int32  // see pkt.member
	returnTo    eniIdx // see walker.returnTo (set on proxies' legs only)
	// lbRule, when not zero, is one more than the index of the rule an
	// Application Load Balancer reached first applies, whatever the
	// request (for the access analyses, which try every rule).
	lbRule int32
	sport  uint16 // the query's SrcPort and EphemeralPorts, for witnesses
	eph    vpc.PortRange
	buf    []Hop // storage the path may reuse (concrete flows only)
	rbuf   []Hop // storage the reply path may reuse
	// arena, when set, is where an explained evaluation records its hops,
	// and its proxies their steps, branches and legs (see arena.go).
	arena *arena
}

// preBlock is a block found while resolving the query.
type preBlock struct {
	reason Reason
	block  Block
}

// queryErr builds the error for a bad query field.
func queryErr(field string, kind error, format string, args ...any) error {
	return &FieldError{Resource: "query", ID: "-", Field: field, Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// resolve checks a query and turns it into a flow. It reports every
// problem at once, in the order of the fields: the endpoints, then the
// protocol and ports, then the API call.
func (m *Model) resolve(q Query) (flow, error) { return m.resolveOpt(q, false) }

// resolveOpt is resolve, leaving the policies of endpoints and services
// out when noPolicy is set (network-level analyses).
func (m *Model) resolveOpt(q Query, noPolicy bool) (flow, error) {
	f := flow{srcENI: noENI, srcNet: noSubnet, srcVPC: noVPC, goal: goal{eni: noENI, subnet: noSubnet}, ipv6: q.IPv6, sport: q.SrcPort, eph: q.EphemeralPorts,
		request: q.Request, caller: q.Caller, returnTo: noENI, noPolicy: noPolicy}
	var errs []error
	bad := func(field string, kind error, format string, args ...any) {
		errs = append(errs, queryErr(field, kind, format, args...))
	}
	srcOK := m.resolveSource(&f, q.From, bad)
	dstOK := m.resolveDest(&f, q.To, bad)
	m.resolveTraffic(&f, q, bad)
	if srcOK && dstOK {
		srcOutside := f.srcENI == noENI && f.srcNet == noSubnet
		switch {
		case srcOutside && f.outside && !(f.srcOnPrem != 0 && f.dstOnPrem != 0):
			bad("to", ErrInvalidValue, "both ends lie outside the network: want at least one interface, subnet host or address of a VPC (or hosts of two on-premises networks)")
		case f.srcOnPrem != 0 && f.srcOnPrem == f.dstOnPrem:
			bad("to", ErrInvalidValue, "both ends are in on-premises network %s: such a flow never reaches AWS", m.onprems[f.srcOnPrem-1].id)
		case f.srcENI != noENI && f.goal.eni == f.srcENI:
			bad("to", ErrInvalidValue, "source and destination are the same interface %s", m.enis[f.srcENI].id)
		case f.srcNet != noSubnet && f.goal.subnet == f.srcNet:
			bad("to", ErrInvalidValue, "source and destination are the same subnet host")
		case f.src.IsValid() && f.dst.IsValid() && f.src.Is4() != f.dst.Is4():
			bad("to", ErrInvalidValue, "%s and %s are of different address families (set Query.IPv6 for IPv6 endpoints)", f.src, f.dst)
		}
		if srcOutside && !f.outside && f.pre == nil && f.srcOnPrem == 0 {
			m.publicSide(&f)
		}
	}
	if dstOK {
		m.checkCall(&f, callOf(q), bad)
	}
	return f, errors.Join(errs...)
}

// endpointShape returns what is wrong with the fields set on e, or "".
func endpointShape(e Endpoint) string {
	var named [10]string
	set := named[:0]
	if e.ENI != "" {
		set = append(set, "an interface")
	}
	if e.Subnet != "" {
		set = append(set, "a subnet host")
	}
	if e.Internet {
		set = append(set, "the internet")
	}
	if e.LoadBalancer != "" {
		set = append(set, "a load balancer")
	}
	if e.Workload != "" || e.Role != "" {
		set = append(set, "a workload")
	}
	if e.LatticeService != "" {
		set = append(set, "a Lattice service")
	}
	if e.ResourceConfiguration != "" {
		set = append(set, "a resource configuration")
	}
	if e.Service != "" {
		set = append(set, "a service")
	}
	if e.DNSName != "" {
		set = append(set, "a DNS name")
	}
	if e.OnPrem != "" {
		set = append(set, "an on-premises network")
	}
	switch {
	case len(set) > 1:
		return fmt.Sprintf("ambiguous: names %s; want exactly one (ENI or ENIAddr, SubnetHost, Internet or InternetAddress, OnPrem or OnPremAddress, LoadBalancer, LatticeService, ResourceConfiguration, Workload or WorkloadRole, Service, DNSName, Address)", strings.Join(set, " and "))
	case (e.LoadBalancer != "" || e.LatticeService != "" || e.ResourceConfiguration != "") && e.Addr.IsValid():
		return "a load balancer, Lattice service or resource configuration takes no address: it is reached where the source reaches it"
	case e.VPCEndpoint != "" && e.LatticeService == "" && e.ResourceConfiguration == "":
		return "vpcEndpoint names the service-network or resource endpoint a Lattice service or resource configuration is reached through: it goes with LatticeService or ResourceConfiguration (see Endpoint.Through)"
	case (e.Service != "" || e.DNSName != "") && e.Addr.IsValid():
		return "a service or DNS name takes no address: vpcsim resolves it as the source's VPC does"
	case e.Subnet != "" && e.Addr.IsValid():
		return "a subnet host takes no address: it stands at the subnet's first free address"
	case e.Workload != "" || e.Role != "":
		return "a workload (or a role) is an endpoint of Reach, Verdict and OpenPorts only: ask the others about its interfaces (Model.Workload)"
	case len(set) == 0 && !e.Addr.IsValid():
		return "empty: want an interface (sim.ENI), an address (sim.Address), a subnet host (sim.SubnetHost), the internet (sim.Internet) or an on-premises network (sim.OnPrem)"
	}
	return ""
}

// resolveSource resolves the query's source into f; it reports whether
// the source is usable.
func (m *Model) resolveSource(f *flow, ep Endpoint, bad func(string, error, string, ...any)) bool {
	if s := endpointShape(ep); s != "" {
		bad("from", ErrInvalidValue, "%s", s)
		return false
	}
	if ep.Service != "" || ep.DNSName != "" {
		bad("from", ErrInvalidValue, "a service or DNS name is a destination only: want an interface, a subnet host or the internet as source")
		return false
	}
	switch {
	case ep.Subnet != "":
		s, a, err := m.subnetHost(ep.Subnet, "from", f.ipv6)
		if err != nil {
			bad("from.subnet", errKind(err), "%s", errMsg(err))
			return false
		}
		f.srcNet, f.src, f.srcVPC = s, a, m.subnets[s].vpc
	case ep.Internet:
		f.src, f.anySrc = ep.Addr, !ep.Addr.IsValid()
		if !f.anySrc && !m.isInternetHost(f.src) {
			bad("from.addr", ErrInvalidValue, "%s is not an internet address (public, outside every VPC and not a public IP of the network)", f.src)
			return false
		}
	case ep.OnPrem != "":
		n, a, ok := m.onPremEndpoint(ep, "from", f.ipv6, bad)
		if !ok {
			return false
		}
		f.srcOnPrem, f.src, f.anySrc = int32(n)+1, a, !a.IsValid()
	default:
		e, a, err := m.endpointENI(ep, "from", f.ipv6)
		if err != nil {
			errsOf(err, bad)
			return false
		}
		switch {
		case e != noENI && m.enis[e].nat != noNAT:
			bad("from.eni", ErrInvalidValue, "%s is a NAT gateway, which does not originate flows", m.enis[e].id)
			return false
		case e != noENI && m.enis[e].vpce != noVPCE:
			bad("from.eni", ErrInvalidValue, "%s is an interface of VPC endpoint %s, which answers connections but opens none", m.enis[e].id, m.vpces[m.enis[e].vpce].id)
			return false
		case e != noENI:
			f.srcENI, f.src, f.srcVPC = e, a, m.enis[e].vpc
		case !m.inAnyVPC(a) && m.onPremOf(a) == severalOnPrem:
			bad("from.addr", ErrInvalidValue, "%s is in several on-premises networks: name one with sim.OnPremAddress", a)
			return false
		case !m.inAnyVPC(a) && m.onPremOf(a) != noOnPrem:
			f.srcOnPrem, f.src = int32(m.onPremOf(a))+1, a // an on-premises host named by address
		case m.isInternetHost(a):
			f.src = a // an internet host named by address
		default:
			bad("from.addr", ErrUnknownResource, "no interface has address %s: a source must be an interface, a subnet host or an internet address", a)
			return false
		}
	}
	return true
}

// resolveDest resolves the query's destination into f; it reports whether
// the destination is usable. f.outside is set when it lies outside the
// network (an internet host, or an address in no VPC that nobody holds).
func (m *Model) resolveDest(f *flow, ep Endpoint, bad func(string, error, string, ...any)) bool {
	f.to = ep
	if s := endpointShape(ep); s != "" {
		bad("to", ErrInvalidValue, "%s", s)
		return false
	}
	switch {
	case ep.Service != "" || ep.DNSName != "":
		return m.resolveService(f, ep, bad)
	case ep.LatticeService != "":
		s, ok := m.latticeService(ep.LatticeService)
		if !ok {
			bad("to.latticeService", ErrUnknownResource, "no VPC Lattice service with id, DNS name or custom domain name %q", ep.LatticeService)
			return false
		}
		f.goal.lattice, f.goal.svc = true, s
		f.dst = m.svcs[s].addr4
		if f.ipv6 {
			f.dst = m.svcs[s].addr6
		}
		f.goal.addr = f.dst
		return m.latticeEndpointDest(f, ep, bad)
	case ep.ResourceConfiguration != "":
		if !m.resolveResource(f, ep.ResourceConfiguration, bad) {
			return false
		}
		return m.latticeEndpointDest(f, ep, bad)
	case ep.LoadBalancer != "":
		l, ok := lookup[lbIdx](m, ep.LoadBalancer)
		if !ok {
			bad("to.loadBalancer", ErrUnknownResource, "no load balancer %q", ep.LoadBalancer)
			return false
		}
		if m.lbs[l].typ == elb.Gateway {
			bad("to.loadBalancer", ErrInvalidValue, "%s is a gateway load balancer, which flows reach through gateway load balancer endpoints (route targets), not as a destination", ep.LoadBalancer)
			return false
		}
		if len(m.lbs[l].nodes) == 0 {
			bad("to.loadBalancer", ErrInvalidValue, "%s has no node left: the failure the model was compiled without took every one (Model.Failure)", ep.LoadBalancer)
			return false
		}
		from := f.srcNet
		if f.srcENI != noENI {
			from = m.enis[f.srcENI].subnet
		}
		e := m.lbDestination(l, from, f.ipv6)
		if e == noENI {
			bad("to.loadBalancer", ErrInvalidValue, "%s has no IPv6 address (its IP address type is not dualstack)", ep.LoadBalancer)
			return false
		}
		a := m.enis[e].private[0]
		if f.ipv6 {
			a = m.enis[e].ipv6[0]
		}
		f.goal.eni, f.goal.addr, f.dst = e, a, a
	case ep.Subnet != "":
		s, a, err := m.subnetHost(ep.Subnet, "to", f.ipv6)
		if err != nil {
			bad("to.subnet", errKind(err), "%s", errMsg(err))
			return false
		}
		f.goal.subnet, f.goal.addr, f.dst = s, a, a
	case ep.Internet:
		f.goal.internet, f.outside = true, true
		f.dst, f.anyDst = ep.Addr, !ep.Addr.IsValid()
		f.goal.addr = f.dst
		if !f.anyDst && !m.isInternetHost(f.dst) {
			bad("to.addr", ErrInvalidValue, "%s is not an internet address (public, outside every VPC and not a public IP of the network)", f.dst)
			return false
		}
	case ep.OnPrem != "":
		n, a, ok := m.onPremEndpoint(ep, "to", f.ipv6, bad)
		if !ok {
			return false
		}
		f.dstOnPrem, f.goal.onPrem, f.outside = int32(n)+1, int32(n)+1, true
		f.dst, f.goal.addr, f.anyDst = a, a, !a.IsValid()
	case ep.ENI == "" && (m.dnsAddr(ep.Addr) || linkLocalService(ep.Addr) >= 0):
		f.dst, f.goal.amazon = ep.Addr, true
	case ep.ENI == "" && ep.Addr.IsValid() && m.serviceAt(ep.Addr) != noAWS:
		// An address of an AWS service: reached as the routes say.
		f.dst, f.goal.addr, f.goal.aws, f.outside = ep.Addr, ep.Addr, int32(m.serviceAt(ep.Addr))+1, true
	case ep.ENI == "" && ep.Addr.IsValid() && m.publicOfNetwork(ep.Addr):
		// The public address of an interface or a subnet host: reached
		// through the internet gateway.
		f.dst = ep.Addr
		if e, ok := m.byPublic[f.dst]; ok {
			f.goal.eni, f.goal.addr = e, m.enis[e].privateOf(f.dst)
		} else {
			s := m.hostByPublic[f.dst]
			f.goal.subnet, f.goal.addr = s, m.subnets[s].host
		}
	default:
		e, a, err := m.endpointENI(ep, "to", f.ipv6)
		if err != nil {
			errsOf(err, bad)
			return false
		}
		f.dst = a
		switch {
		case e != noENI:
			f.goal.eni, f.goal.addr = e, a
		case !m.inAnyVPC(a) && m.onPremOf(a) == severalOnPrem:
			bad("to.addr", ErrInvalidValue, "%s is in several on-premises networks: name one with sim.OnPremAddress", a)
			return false
		case !m.inAnyVPC(a) && m.onPremOf(a) != noOnPrem:
			n := int32(m.onPremOf(a)) + 1
			f.dstOnPrem, f.goal.onPrem, f.goal.addr, f.outside = n, n, a, true
		case m.isInternetHost(a):
			f.goal.internet, f.goal.addr, f.outside = true, a, true
		default:
			// An address nobody holds: the walk shows where traffic to it
			// dies. Outside every VPC, it is outside the network.
			f.goal.addr = a
			f.outside = !m.inAnyVPC(a)
		}
	}
	return true
}

// publicSide turns a flow from the internet to an interface or subnet
// host addressed by its private IPv4 address into one to the public
// address the internet reaches it at, or a block when it has none.
func (m *Model) publicSide(f *flow) {
	if f.goal.eni != noENI && m.enis[f.goal.eni].lb != noLB && m.lbs[m.enis[f.goal.eni].lb].internal {
		// Elastic Load Balancing: an internal load balancer routes
		// requests only from clients with access to its VPC, whatever
		// its nodes' addresses.
		E := &m.enis[f.goal.eni]
		f.pre = &preBlock{reason: NoPublicIP, block: Block{Component: E.id, Kind: kinds[kindENI].component, Step: StepPublicNAT,
			Reason: NoPublicIP, Rule: fmt.Sprintf("%s is a node of internal load balancer %s, which the internet does not reach", E.id, m.lbs[E.lb].id)}}
		return
	}
	if !f.dst.Is4() || f.goal.amazon || !(f.goal.eni != noENI || f.goal.subnet != noSubnet) || m.publicOfNetwork(f.dst) {
		return
	}
	if f.goal.subnet != noSubnet {
		f.dst = m.subnets[f.goal.subnet].hostPublic
		return
	}
	E := &m.enis[f.goal.eni]
	pub := E.publicOf(f.dst)
	if !pub.IsValid() {
		what := "no public IPv4 address"
		if f.dst != E.private[0] {
			what = "no Elastic IP for its secondary address " + f.dst.String()
		}
		f.pre = &preBlock{reason: NoPublicIP, block: Block{Component: E.id, Kind: kinds[kindENI].component, Step: StepPublicNAT,
			Reason: NoPublicIP, Rule: fmt.Sprintf("%s has %s; the internet reaches only public addresses", E.id, what)}}
	}
	f.dst = pub
}

// resolveTraffic checks the query's protocol, ports and ICMP message into f.
func (m *Model) resolveTraffic(f *flow, q Query, bad func(string, error, string, ...any)) {
	proto := q.protocol()
	switch {
	case proto == vpc.ProtocolAll || !proto.Valid():
		bad("protocol", ErrInvalidValue, "want one protocol 1-255, got %s", proto)
		return
	case proto == vpc.ProtocolICMP && q.IPv6, proto == vpc.ProtocolICMPv6 && !q.IPv6:
		bad("protocol", ErrInvalidValue, "%s does not fit the address family (ipv6=%v): icmp is IPv4, icmpv6 IPv6", proto, q.IPv6)
		return
	}
	f.proto = uint8(proto)
	switch {
	case proto.HasPorts():
		if q.Port == 0 {
			bad("port", ErrInvalidValue, "port 0 is reserved: want a %s port 1-65535", proto)
		}
		f.dlo, f.dhi = q.Port, q.Port
		eph := q.EphemeralPorts
		if eph.IsZero() {
			eph = vpc.Ports(1024, 65535)
		}
		if eph.From > eph.To {
			bad("ephemeralPorts", ErrInvalidValue, "from %d is above to %d", eph.From, eph.To)
		}
		f.slo, f.shi = eph.From, eph.To
		if q.SrcPort != 0 {
			f.slo, f.shi = q.SrcPort, q.SrcPort
		}
	case proto.IsICMP():
		i := q.icmpMessage()
		if !i.IsMessage() {
			bad("icmp", ErrInvalidValue, "want one ICMP message (vpc.ICMPMessage(type, code)), got %s; nil means echo request", i)
			return
		}
		f.dlo = uint16(i.Type())<<8 | uint16(i.Code())
		f.dhi = f.dlo
	}
}

// errKind and errMsg take a query *FieldError apart; errsOf re-reports
// one through bad, keeping its field.
func errKind(err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Kind
	}
	return ErrInvalidValue
}

func errMsg(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Msg
	}
	return err.Error()
}

func errsOf(err error, bad func(string, error, string, ...any)) {
	var fe *FieldError
	if errors.As(err, &fe) {
		bad(fe.Field, fe.Kind, "%s", fe.Msg)
		return
	}
	bad("", ErrInvalidValue, "%s", err)
}

// subnetHost resolves a subnet-host endpoint to its subnet and address.
func (m *Model) subnetHost(id, field string, ipv6 bool) (subnetIdx, netip.Addr, error) {
	s, ok := lookup[subnetIdx](m, id)
	if !ok {
		return noSubnet, netip.Addr{}, queryErr(field+".subnet", ErrUnknownResource, "no subnet %q", id)
	}
	S := &m.subnets[s]
	if ipv6 {
		if !S.ipv6.IsValid() {
			return noSubnet, netip.Addr{}, queryErr(field+".subnet", ErrInvalidValue, "%s has no IPv6 CIDR", id)
		}
		return s, S.host6, nil
	}
	return s, S.host, nil
}

// dnsAddr reports whether a is an address of some VPC's Amazon DNS
// resolver.
func (m *Model) dnsAddr(a netip.Addr) bool {
	if len(m.vpcs) > 0 && m.isDNS(0, a) {
		return true // a link-local address, or the first VPC's resolver
	}
	for _, v := range m.vpcsAt(a) {
		if m.isDNS(v, a) {
			return true
		}
	}
	return false
}

// publicOfNetwork reports whether a is the public IPv4 address of an
// interface or a subnet host.
func (m *Model) publicOfNetwork(a netip.Addr) bool {
	v, _ := m.privateOf(a)
	return v != noVPC
}

// IsInternetHost reports whether a is the address of a host on the
// internet, as [InternetAddress] takes it: an internet address
// ([IsInternetAddr]) in no VPC's CIDRs that is not the public or Elastic
// IP of an interface of the model. A nil model knows no network.
func (m *Model) IsInternetHost(a netip.Addr) bool {
	if m == nil {
		return isInternetAddr(a)
	}
	return m.isInternetHost(a)
}

// isInternetHost reports whether a is an address of the internet: public,
// in no VPC's CIDRs, and not a public address of the network.
func (m *Model) isInternetHost(a netip.Addr) bool {
	return isInternetAddr(a) && !m.inAnyVPC(a) && !m.publicOfNetwork(a) && m.serviceAt(a) == noAWS && !m.retiredPublic(a)
}

// privateOwner returns the interface holding private address a in any VPC,
// or noENI (severalENIs when several VPCs have one).
func (m *Model) privateOwner(a netip.Addr) eniIdx {
	found := noENI
	for _, v := range m.vpcsAt(a) {
		if e := m.eniAt(v, a); e != noENI {
			if found != noENI {
				return severalENIs
			}
			found = e
		}
	}
	return found
}

// endpointENI resolves an endpoint naming an interface or an address to
// the interface (noENI when nobody holds the address) and the address to
// use.
func (m *Model) endpointENI(ep Endpoint, field string, ipv6 bool) (eniIdx, netip.Addr, error) {
	if ep.ENI == "" {
		if e, ok := m.byPublic[ep.Addr]; ok && m.enis[e].nat == noNAT {
			// A public address names the interface holding it, at the
			// private address it maps to.
			return e, m.enis[e].privateOf(ep.Addr), nil
		}
		switch e := m.privateOwner(ep.Addr); e {
		case severalENIs:
			return noENI, ep.Addr, queryErr(field+".addr", ErrInvalidValue, "%s is a private address in several VPCs; name the interface", ep.Addr)
		default:
			return e, ep.Addr, nil
		}
	}
	e, ok := lookup[eniIdx](m, ep.ENI)
	if !ok {
		return noENI, netip.Addr{}, queryErr(field+".eni", ErrUnknownResource, "no network interface %q", ep.ENI)
	}
	E := &m.enis[e]
	if ep.Addr.IsValid() {
		if !E.has(ep.Addr) {
			return noENI, netip.Addr{}, queryErr(field+".addr", ErrInvalidValue, "%s is not an address of %s", ep.Addr, E.id)
		}
		return e, ep.Addr, nil
	}
	if ipv6 {
		if len(E.ipv6) == 0 {
			return noENI, netip.Addr{}, queryErr(field+".eni", ErrInvalidValue, "%s has no IPv6 address", E.id)
		}
		return e, E.ipv6[0], nil
	}
	return e, E.private[0], nil
}

// outcome is the result of walking a concrete flow and its reply.
type outcome struct {
	status      Status
	reason      Reason
	path, reply []Hop
	block       Block
	depth       int        // hops taken forward and back
	src, dst    netip.Addr // the addresses the flow used (for a free internet side, the one found)
	proxy       *proxyOutcome
}

// evaluate walks a concrete flow (no free side) and, if it arrives, its
// reply.
func (m *Model) evaluate(f *flow, trace bool, touched *tableSet) outcome {
	o := m.evaluateFlow(f, trace, touched)
	o.src, o.dst = f.src, f.dst
	return o
}

func (m *Model) evaluateFlow(f *flow, trace bool, touched *tableSet) outcome {
	return m.evaluateDepth(f, trace, touched, 0)
}

// evaluateDepth walks a concrete flow and its reply, then, when it arrived
// at a proxy's interface, what the proxy does with it; depth counts the
// proxies passed before (see maxProxyDepth).
func (m *Model) evaluateDepth(f *flow, trace bool, touched *tableSet, depth int) outcome {
	if f.pre != nil {
		return outcome{status: Blocked, reason: f.pre.reason, block: f.pre.block}
	}
	w := walker{m: m, trace: trace, goal: f.goal, touched: touched, returnTo: noENI, call: f.call, proxies: depth}
	if trace {
		w.hops = f.hopStorage(f.buf)
	}
	p := pkt{src: f.src, dst: f.dst, proto: f.proto, slo: f.slo, shi: f.shi, dlo: f.dlo, dhi: f.dhi, srcVPC: f.srcVPC, member: f.member}
	switch {
	case f.srcENI != noENI:
		w.send(f.srcENI, p)
	case f.srcNet != noSubnet:
		w.originate(f.srcNet, p)
	case f.fromLattice:
		w.fromLattice(p)
	case f.srcOnPrem != 0:
		w.fromOnPrem(onPremIdx(f.srcOnPrem-1), p)
	default:
		w.internet(p)
	}
	if !w.ok {
		if trace {
			w.hops = f.arena.closeHops(w.hops)
		}
		return outcome{status: Blocked, reason: w.reason, path: w.hops, block: w.block, depth: w.depth}
	}
	rp, needReply := replyPacket(w.final)
	if trace && (w.atDNS || !needReply) {
		w.hops = f.arena.closeHops(w.hops)
	}
	if w.atDNS {
		return outcome{status: Reachable, path: w.hops, depth: w.depth} // its replies are never filtered either
	}
	if !needReply {
		o := outcome{status: Reachable, path: w.hops, depth: w.depth}
		if w.atLattice {
			m.latticeArrived(&o, f, w.final, trace, touched, depth) // no listener, nor a resource configuration (TCP only), takes it
		}
		return o
	}
	r := walker{m: m, trace: trace, reply: true, goal: goal{eni: f.srcENI, subnet: f.srcNet, addr: f.src}, touched: touched, nats: w.nats, nnats: w.nnats, outEIGW: w.outEIGW,
		trackedENIs: w.trackedENIs, ntracked: w.ntracked, returnTo: noENI, sym: w.sym, proxies: depth}
	if f.returnTo != noENI && f.member != 0 {
		r.returnTo = f.returnTo
	}
	if trace {
		w.hops = f.arena.closeHops(w.hops)
		r.hops = f.hopStorage(f.rbuf)
	}
	switch {
	case f.fromLattice:
		r.goal = goal{eni: noENI, subnet: noSubnet, lattice: true, svc: noSvc}
	case f.srcOnPrem != 0:
		r.goal = goal{eni: noENI, subnet: noSubnet, onPrem: f.srcOnPrem, addr: f.src}
	case f.srcENI == noENI && f.srcNet == noSubnet:
		r.goal = goal{eni: noENI, subnet: noSubnet, internet: true, addr: f.src}
	}
	switch {
	case w.atLattice:
		rp.srcVPC = noVPC
		r.fromLattice(rp)
	case w.atENI != noENI:
		rp.srcVPC = m.enis[w.atENI].vpc
		r.send(w.atENI, rp)
	case w.atSubnet != noSubnet:
		rp.srcVPC = m.subnets[w.atSubnet].vpc
		r.leave(w.atSubnet, rp, noENI)
	case w.atGW != 0:
		r.fromGatewayEndpoint(vpceIdx(w.atGW-1), rp)
	case w.atOnPrem != 0:
		r.fromOnPrem(onPremIdx(w.atOnPrem-1), rp)
	default:
		r.internet(rp)
	}
	if r.ok && !r.symmetric() {
		r.ok = false
	}
	if trace {
		r.hops = f.arena.closeHops(r.hops)
	}
	if !r.ok {
		return outcome{status: ReplyBlocked, reason: r.reason, path: w.hops, reply: r.hops, block: r.block, depth: w.depth + r.depth}
	}
	o := outcome{status: Reachable, path: w.hops, reply: r.hops, depth: w.depth + r.depth}
	if w.atENI != noENI && (m.enis[w.atENI].lb != noLB || m.isPrivateLink(w.atENI)) {
		if depth >= maxProxyDepth {
			o.status, o.reason = Blocked, RouteLoop
			o.block = Block{Component: m.enis[w.atENI].id, Kind: KindInterface, Step: StepDeliver, Reason: RouteLoop,
				Rule: fmt.Sprintf("more than %d proxies one after another: they forward to each other", maxProxyDepth)}
			return o
		}
		if m.enis[w.atENI].lb != noLB {
			m.lbProxy(&o, w.atENI, w.final, f, trace, touched, depth)
		} else {
			m.privateLinkProxy(&o, w.atENI, w.final, f, trace, touched, depth)
		}
	}
	if w.atLattice || w.atENI != noENI && f.latticeVPCE != 0 {
		m.latticeArrived(&o, f, w.final, trace, touched, depth)
	}
	return o
}

// Reach answers q with its explanation: the verdict, the forward path hop
// by hop, the reply path, and for a blocked flow the blocking component,
// reason and rule. An error means the query itself is wrong (an unknown
// interface, a protocol of "all", ...).
//
// When one side is [Internet] with no address, the flow is reachable if
// some public address reaches; the path shows the first such address in
// address order. vpcsim finds it exactly by splitting the address space at
// every CIDR of the rules and routes the flow meets.
func (m *Model) Reach(q Query) (*Result, error) {
	if m == nil {
		return nil, errNilModel()
	}
	if q.isWorkloadQuery() {
		r := new(Result)
		if err := m.reachWorkloads(r, q); err != nil {
			return nil, err
		}
		return r, nil
	}
	f, err := m.resolve(q)
	if err != nil {
		return nil, err
	}
	a := getArena()
	o := m.explain(&f, nil, a)
	r := newResult(&o)
	w := newResultWriter(&o)
	w.write(r, &o, q)
	putArena(a)
	return r, nil
}

// ReachInto is [Model.Reach] writing into r, reusing the storage of the
// answer r held (its paths, block, proxy steps, branches and legs) where
// it fits: for loops that ask many questions and keep only one answer at
// a time, an explained answer then allocates nothing once the storage has
// grown to the largest answer. The earlier answer is overwritten: copy
// what must outlive the next call. On error r is unchanged.
func (m *Model) ReachInto(r *Result, q Query) error {
	if m == nil {
		return errNilModel()
	}
	if r == nil {
		return nilErr("result", "want a *sim.Result to write into (new(sim.Result)), or call Reach")
	}
	if q.isWorkloadQuery() {
		return m.reachWorkloads(r, q)
	}
	f, err := m.resolve(q)
	if err != nil {
		return err
	}
	a := getArena()
	o := m.explain(&f, nil, a)
	var w resultWriter
	if r.Path == nil && r.Reply == nil && r.Proxy == nil {
		w = newResultWriter(&o) // nothing to reuse: the exact storage, at once
	}
	w.write(r, &o, q)
	putArena(a)
	return nil
}

// hopScratch is storage in which the walks of one explained evaluation
// without arena record their hops, before the hops are copied out at
// their exact count.
type hopScratch struct{ path, reply []Hop }

var hopScratchPool = sync.Pool{New: func() any {
	return &hopScratch{path: make([]Hop, 0, 32), reply: make([]Hop, 0, 32)}
}}

// explain solves f with its explanation (see solve), recording its hops
// in arena a (see explained).
func (m *Model) explain(f *flow, touched *tableSet, a *arena) outcome {
	return m.explained(a, f, func() outcome { return m.solve(f, true, touched) })
}

// explained runs eval, the explained evaluation of f. With an arena, the
// evaluation records its hops (and its proxies their steps, branches and
// legs) there, and the outcome points into it: it is valid until the
// arena is put back. Without one, the walks record their hops in pooled
// scratch, which are then copied out into one array of their exact count
// that the path and reply share: the outcome owns its hops, and outlives
// the call (the access analyses keep outcomes for their witnesses).
func (m *Model) explained(a *arena, f *flow, eval func() outcome) outcome {
	if a != nil {
		f.arena = a
		return eval()
	}
	s := hopScratchPool.Get().(*hopScratch)
	f.buf, f.rbuf = s.path[:0], s.reply[:0]
	o := eval()
	f.buf, f.rbuf = nil, nil
	np, nr := len(o.path), len(o.reply)
	all := make([]Hop, np+nr)
	path, reply := all[:np:np], all[np:]
	copy(path, o.path)
	copy(reply, o.reply)
	if o.path == nil {
		path = nil
	}
	if o.reply == nil {
		reply = nil
	}
	// Return the storage, grown if a walk outgrew it, holding nothing.
	clear(o.path)
	clear(o.reply)
	if cap(o.path) > cap(s.path) {
		s.path = o.path[:0]
	}
	if cap(o.reply) > cap(s.reply) {
		s.reply = o.reply[:0]
	}
	hopScratchPool.Put(s)
	o.path, o.reply = path, reply
	return o
}

// Verdict answers q without the explanation. For a query between
// interfaces or concrete addresses it does not allocate.
func (m *Model) Verdict(q Query) (Verdict, error) {
	if m == nil {
		return Verdict{}, errNilModel()
	}
	if q.isWorkloadQuery() {
		var r Result
		if err := m.reachWorkloads(&r, q); err != nil {
			return Verdict{}, err
		}
		return Verdict{Status: r.Status, Reason: r.Reason}, nil
	}
	f, err := m.resolve(q)
	if err != nil {
		return Verdict{}, err
	}
	// A proxy records its branches and legs' queries in pooled storage.
	a := getArena()
	f.arena = a
	o := m.solve(&f, false, nil)
	putArena(a)
	return Verdict{Status: o.status, Reason: o.reason}, nil
}

// solve evaluates a flow, searching the internet side when it is free.
// When all is non-nil, the tables the evaluation consulted are added to it.
//
// The search splits the free side's address space into atoms at the bounds
// of every CIDR in the rules and routes the walks consulted, tries one
// address per atom in address order, and repeats while the walks consult
// new tables. Every address of an atom meets the same decisions, so the
// answer is exact. The search walks without tracing; the address it
// settles on is walked again with its explanation.
func (m *Model) solve(f *flow, trace bool, all *tableSet) outcome {
	if !f.anySrc && !f.anyDst {
		return m.evaluate(f, trace, all)
	}
	if f.anySrc && f.anyDst {
		return m.solvePair(f, trace, all) // between two on-premises networks (kind_onprem.go)
	}
	var tables tableSet
	tried := map[netip.Addr]bool{}
	var best outcome
	var bestAddr netip.Addr
	found := false
	settle := func() outcome {
		if all != nil {
			for _, r := range tables.list {
				all.add(r)
			}
		}
		if !trace || !found {
			return best
		}
		g := *f
		if f.anySrc {
			g.src = bestAddr
		} else {
			g.dst, g.goal.addr = bestAddr, bestAddr
		}
		return m.evaluate(&g, true, nil)
	}
	cands := m.freeReps(f, nil)
	if len(cands) > 1 {
		cands = cands[:1] // the first host (of the internet, the service or the on-premises network)
	}
	for len(cands) > 0 {
		n := len(tables.list)
		for _, a := range cands {
			tried[a] = true
			g := *f
			if f.anySrc {
				g.src = a
			} else {
				g.dst, g.goal.addr = a, a
			}
			o := m.evaluate(&g, false, &tables)
			if o.status == Reachable {
				best, bestAddr, found = o, a, true
				return settle()
			}
			if !found || progress(o) > progress(best) {
				best, bestAddr, found = o, a, true
			}
		}
		if len(tables.list) == n && len(tried) > 1 {
			break
		}
		var bounds []netip.Addr
		for _, r := range tables.list {
			bounds = m.appendBounds(bounds, r)
		}
		cands = cands[:0]
		for _, a := range m.freeReps(f, bounds) {
			if !tried[a] {
				cands = append(cands, a)
			}
		}
	}
	return settle()
}

// freeReps returns the candidate addresses of a flow's free side, one per
// interval between consecutive bounds, in address order: addresses of the
// AWS service the flow is for (serviceReps), of the on-premises network
// the free side is in (onPremReps), or internet hosts (atomReps).
func (m *Model) freeReps(f *flow, bounds []netip.Addr) []netip.Addr {
	switch s := f.goal.service(); {
	case s != noAWS && f.anyDst:
		return m.serviceReps(s, bounds)
	case f.anySrc && f.srcOnPrem != 0:
		return m.onPremReps(onPremIdx(f.srcOnPrem-1), bounds, f.ipv6)
	case f.anyDst && f.dstOnPrem != 0:
		return m.onPremReps(onPremIdx(f.dstOnPrem-1), bounds, f.ipv6)
	}
	return m.atomReps(bounds, f.ipv6)
}

// onPremReps returns one address of on-premises network n from every
// interval between consecutive bounds (and its CIDRs' bounds) that lies in
// its CIDRs, in address order.
func (m *Model) onPremReps(n onPremIdx, bounds []netip.Addr, ipv6 bool) []netip.Addr {
	O := &m.onprems[n]
	for _, p := range O.cidrs {
		bounds = appendPrefixBounds(bounds, p)
	}
	bounds = slices.DeleteFunc(bounds, func(a netip.Addr) bool { return a.Is6() != ipv6 })
	slices.SortFunc(bounds, netip.Addr.Compare)
	bounds = slices.Compact(bounds)
	var out []netip.Addr
	for i, b := range bounds {
		if !O.contains(b) {
			continue
		}
		// A host rather than a network's own address, when the interval
		// holds one.
		if nx := b.Next(); O.isNetworkAddr(b) && nx.IsValid() && (i+1 == len(bounds) || nx.Less(bounds[i+1])) {
			b = nx
		}
		out = append(out, b)
	}
	return out
}

// onPremEndpoint resolves an endpoint naming an on-premises network: the
// network and the address given (the zero Addr for any host). It reports
// a bad field through bad.
func (m *Model) onPremEndpoint(ep Endpoint, field string, ipv6 bool, bad func(string, error, string, ...any)) (onPremIdx, netip.Addr, bool) {
	n, ok := lookup[onPremIdx](m, ep.OnPrem)
	if !ok {
		bad(field+".onPrem", ErrUnknownResource, "no on-premises network %q", ep.OnPrem)
		return noOnPrem, netip.Addr{}, false
	}
	O := &m.onprems[n]
	if ep.Addr.IsValid() {
		if !O.contains(ep.Addr) {
			bad(field+".addr", ErrInvalidValue, "%s is not an address of %s (%s)", ep.Addr, O.id, O.cidrList())
			return noOnPrem, netip.Addr{}, false
		}
		return n, ep.Addr, true
	}
	if !slices.ContainsFunc(O.cidrs, func(p netip.Prefix) bool { return p.Addr().Is6() == ipv6 }) {
		fam := "ipv4"
		if ipv6 {
			fam = "ipv6"
		}
		bad(field+".onPrem", ErrInvalidValue, "%s has no %s cidr (%s)", O.id, fam, O.cidrList())
		return noOnPrem, netip.Addr{}, false
	}
	return n, netip.Addr{}, true
}

// progress ranks outcomes short of reachable: a partial one (some of a
// load balancer's targets reached) got further than a blocked reply, a
// blocked reply further than a blocked flow, and a longer path further
// than a shorter one.
func progress(o outcome) int {
	n := o.depth
	switch o.status {
	case ReplyBlocked:
		n += 1 << 20
	case Partial:
		n += 2 << 20
	}
	return n
}

// appendBounds appends the first address and the address after the last of
// every CIDR in table r (rules, entries, routes).
func (m *Model) appendBounds(out []netip.Addr, r ref) []netip.Addr {
	for _, rs := range m.ruleLists(r) {
		for i := range rs {
			out = appendPrefixBounds(out, rs[i].peer)
			if rs[i].pl != noPL {
				for _, p := range m.pls[rs[i].pl].set.Prefixes() {
					out = appendPrefixBounds(out, p)
				}
			}
		}
	}
	if dests := kinds[r.kind].dests; dests != nil {
		out = dests(m, r.idx, out)
	}
	return out
}

// appendPrefixBounds appends the first address of p and the address after
// its last (when there is one), for a valid p.
func appendPrefixBounds(out []netip.Addr, p netip.Prefix) []netip.Addr {
	if p.IsValid() {
		out = append(out, p.Masked().Addr())
		if n := vpc.LastAddr(p).Next(); n.IsValid() {
			out = append(out, n)
		}
	}
	return out
}

// atomReps returns one public address from every interval between
// consecutive bounds (and the non-internet ranges), in address order.
func (m *Model) atomReps(bounds []netip.Addr, ipv6 bool) []netip.Addr {
	for _, np := range notInternet {
		bounds = appendPrefixBounds(bounds, np.p)
	}
	for i := range m.vpcs {
		for _, p := range m.vpcs[i].blocks() {
			bounds = appendPrefixBounds(bounds, p)
		}
	}
	bounds = append(bounds, m.awsBounds...) // services' addresses are no internet hosts
	bounds = slices.DeleteFunc(bounds, func(a netip.Addr) bool { return a.Is6() != ipv6 })
	slices.SortFunc(bounds, netip.Addr.Compare)
	bounds = slices.Compact(bounds)
	var out []netip.Addr
	for i, b := range bounds {
		var end netip.Addr
		if i+1 < len(bounds) {
			end = bounds[i+1]
		}
		if a := m.internetRep(&atom{b, end}); a.IsValid() {
			out = append(out, a)
		}
	}
	return out
}

type atom struct{ from, end netip.Addr }

// internetRep returns the first address of the atom that is an internet
// host: public, in no VPC's CIDRs and not the public address of an
// interface; or the zero Addr. Atoms are split at the bounds of the
// non-internet ranges and the VPCs' CIDRs, so an atom is either all
// internet or none of it; the public addresses of interfaces are single
// addresses, skipped one by one.
func (m *Model) internetRep(at *atom) netip.Addr {
	a := at.from
	if !isInternetAddr(a) || m.inAnyVPC(a) || m.serviceAt(a) != noAWS {
		return netip.Addr{} // the whole atom is not the internet
	}
	for {
		if !a.IsValid() || at.end.IsValid() && a.Compare(at.end) >= 0 {
			return netip.Addr{}
		}
		if v, _ := m.privateOf(a); v == noVPC && !m.retiredPublic(a) {
			return a
		}
		a = a.Next()
	}
}

// inAnyVPC reports whether a lies in some VPC's CIDRs: such an address is
// delivered by that VPC's router, never by the internet, even when the
// range is public.
func (m *Model) inAnyVPC(a netip.Addr) bool {
	for _, i := range m.vpcsAt(a) {
		if m.inVPC(i, a) {
			return true
		}
	}
	return false
}
