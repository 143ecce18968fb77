package reference

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	vpce "github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// VPC Lattice resource configurations.
//
// AWS facts (VPC Lattice User Guide, "Resource gateways in VPC Lattice",
// "Resource configurations for VPC resources"; AWS PrivateLink Guide,
// "Access a resource through a resource VPC endpoint", "Access a service
// network through a service-network endpoint"; VPC Lattice API Reference,
// "CreateResourceConfiguration"):
//
//   - A resource configuration stands for one resource (an IP address, a
//     domain name, or an AWS resource named by ARN), or for a group of
//     child configurations. Consumers reach it from a VPC whose service
//     network association's network holds it (a child through its
//     group), or through a VPC endpoint: a resource endpoint to it (or to
//     its group), or a service-network endpoint whose network holds it.
//   - It carries TCP only, and only to the ports of its port ranges (a
//     child without ranges of its own has its group's; none at all means
//     every port).
//   - A resource gateway spans the Availability Zones of its subnets, with
//     an interface in each. At least one zone of the consumer and of the
//     gateway must overlap; zones are the same physical zone when their AZ
//     IDs are equal (names map to zones per account).
//   - The resource sees the connection come from the gateway's address
//     in a zone; the gateway's security groups control what it may send
//     to the resource (outbound rules), and the resource's groups must
//     admit the gateway. No auth policy applies to a resource.
//
// Conventions the engine documents and the reference follows where AWS
// leaves the choice open: the i-th configuration in ID order is at
// 129.224.(i+1 >> 8).(i+1 & 255) for a consumer behind an association,
// which the client's groups and subnet's network ACL must let out (and
// the reply in) and the association's groups admit, as for a service;
// on a service-network endpoint's interface, the configurations its
// network holds (a group's children each) take the addresses after its
// block of 16, in ID order; a resource endpoint's interface has one
// address. A consumer behind an association takes the gateway's
// interface in the client's zone, else the first (zones by name, then
// interface ID) in a zone of another subnet of the client's VPC; behind an
// endpoint, the interface in the zone of the endpoint interface the
// client reached, else the first in a zone of another of the endpoint's
// interfaces. A client of a VPC with endpoints goes through an endpoint
// with private DNS on that leads to the configuration and, for a custom
// domain name, answers it (a resource endpoint first, then the lower ID);
// else through the association when its network holds the configuration
// (a custom domain name must then resolve there); else, for a
// configuration named by ID, through the first endpoint (by ID) that
// leads to it, and for a custom domain name nowhere
// (LATTICE_DNS_UNRESOLVED, before anything is sent). Each resource is a
// branch of the answer, a
// group's children in ID order, a domain name's addresses in the order
// declared, an ARN's interfaces by ID: the interfaces whose Owner is the
// ARN or the name at its end. The gateway's connection to a resource
// comes from its interface's first address and ports 1024-65535, and is
// walked like any flow, with its reply.

// WithGateways returns a reference evaluator of r's network whose resource
// gateway interfaces ("<rgw>/<subnet>") have the given private IPv4
// addresses, the first being where the gateway's connections come from
// (AWS assigns them; the reference does not model the assignment). The
// network itself is not modified.
func (r *Net) WithGateways(addrs map[string][]netip.Addr) *Net {
	out := &Net{n: r.n, ifaces: slices.Clone(r.ifaces), lbOf: r.lbOf}
	for _, g := range r.n.ResourceGateways {
		for _, s := range g.Subnets {
			id := g.ID + "/" + s
			a := addrs[id]
			if len(a) == 0 {
				continue
			}
			out.ifaces = append(out.ifaces, vpc.NetworkInterface{ID: id, Subnet: s, Kind: vpc.KindResourceGateway, Owner: g.ID,
				SecurityGroups: g.SecurityGroups, PrivateIPs: slices.Clone(a)})
		}
	}
	return out
}

// gatewaysDeclared returns an error when a resource gateway's interface
// has no address (see WithGateways).
func (r *Net) gatewaysDeclared() error {
	for _, g := range r.n.ResourceGateways {
		for _, s := range g.Subnets {
			if r.eni(g.ID+"/"+s) == nil {
				return fmt.Errorf("reference: resource gateway interface %s/%s has no address; give it with WithGateways", g.ID, s)
			}
		}
	}
	return nil
}

// rcfg returns the configuration of ID id, or nil.
func (r *Net) rcfg(id string) *lattice.ResourceConfiguration {
	return find(r.n.ResourceConfigurations, id, func(x *lattice.ResourceConfiguration) string { return x.ID })
}

// heldConfigurations returns the configurations service network sn holds
// through associations that carry traffic, with the children of the
// groups it holds, by ID.
func heldConfigurations(n *sim.Network, sn string) []string {
	var out []string
	for _, c := range n.ResourceConfigurations {
		id := c.ID
		if c.Type == lattice.ResourceChild {
			id = c.Group
		}
		for _, a := range n.ServiceNetworkResourceAssociations {
			if a.ServiceNetwork == sn && a.ResourceConfiguration == id && a.Status.Carries() && !slices.Contains(out, c.ID) {
				out = append(out, c.ID)
			}
		}
	}
	slices.Sort(out)
	return out
}

// latticeEndpointAddrs returns the IPv4 addresses of a service-network or
// resource endpoint's interface whose first address is a: the block of 16
// and one per configuration its network holds, or one.
func latticeEndpointAddrs(n *sim.Network, e *vpce.Endpoint, a netip.Addr) []netip.Addr {
	k := 1
	if e.Type.Norm() == vpce.ServiceNetwork {
		k = 16 + len(heldConfigurations(n, e.ServiceNetwork))
	}
	var out []netip.Addr
	for range k {
		out = append(out, a)
		a = a.Next()
	}
	return out
}

// rcfgAddr returns the address of configuration c for a consumer behind
// an association (see the conventions).
func (r *Net) rcfgAddr(c *lattice.ResourceConfiguration) netip.Addr {
	var ids []string
	for _, x := range r.n.ResourceConfigurations {
		ids = append(ids, x.ID)
	}
	slices.Sort(ids)
	k := slices.Index(ids, c.ID) + 1
	return netip.AddrFrom4([4]byte{129, 224, byte(k >> 8), byte(k)})
}

// leadsTo reports whether endpoint e leads to configuration c.
func (r *Net) leadsTo(e *vpce.Endpoint, c *lattice.ResourceConfiguration) bool {
	switch e.Type.Norm() {
	case vpce.ServiceNetwork:
		return slices.Contains(heldConfigurations(r.n, e.ServiceNetwork), c.ID)
	case vpce.Resource:
		return e.ResourceConfiguration == c.ID || c.Type == lattice.ResourceChild && e.ResourceConfiguration == c.Group
	}
	return false
}

// associationHolds returns VPC v's association when it carries traffic
// and its network holds c, else nil.
func (r *Net) associationHolds(v string, c *lattice.ResourceConfiguration) *lattice.ServiceNetworkVPCAssociation {
	for i := range r.n.ServiceNetworkVPCAssociations {
		a := &r.n.ServiceNetworkVPCAssociations[i]
		if a.VPC == v && a.Status.Carries() && slices.Contains(heldConfigurations(r.n, a.ServiceNetwork), c.ID) {
			return a
		}
	}
	return nil
}

// resourceEndpoint returns the endpoint of VPC v a request to c goes
// through, or nil for the association (see the conventions); byName says
// whether the request names c by its custom domain name, which must then
// resolve. unresolved reports a name nothing in v resolves.
func (r *Net) resourceEndpoint(v string, c *lattice.ResourceConfiguration, byName bool) (e *vpce.Endpoint, unresolved bool) {
	var es []*vpce.Endpoint
	for i := range r.n.VPCEndpoints {
		if e := &r.n.VPCEndpoints[i]; e.VPC == v && len(e.Subnets) > 0 && r.leadsTo(e, c) {
			es = append(es, e)
		}
	}
	slices.SortFunc(es, func(a, b *vpce.Endpoint) int { return strings.Compare(a.ID, b.ID) })
	var dns *vpce.Endpoint
	for _, e := range es {
		if !e.PrivateDNS() || byName && !r.endpointResolves(e, c) {
			continue
		}
		if dns == nil || e.Type.Norm() == vpce.Resource && dns.Type.Norm() != vpce.Resource {
			dns = e
		}
	}
	switch {
	case dns != nil:
		return dns, false
	case r.associationHolds(v, c) != nil || len(es) == 0:
		return nil, false
	case byName:
		return nil, true
	}
	return es[0], false
}

// Private DNS for custom domain names.
//
// AWS facts (VPC Lattice User Guide, "Custom domain names for resource
// configurations" and "Manage the associations of a service network";
// VPC Lattice API Reference, "DnsOptions"; AWS PrivateLink Guide,
// "Access a resource through a resource VPC endpoint"): Lattice manages a
// private hosted zone for a configuration's custom domain name in a
// consumer's VPC when private DNS is on for the VPC's association (or the
// endpoint), on for the configuration's association with the service
// network (always, for an ARN configuration), and the private DNS
// preference admits the domain: verified domains only (the default), all
// domains, the specified domains only, or verified and specified domains.
// A child's name under its group's verified domain counts as verified.

// rcfgNamed returns the configuration a query names: by ID, else by
// custom domain name (ignoring case and a final dot), the first by ID;
// and whether by custom domain name.
func (r *Net) rcfgNamed(name string) (*lattice.ResourceConfiguration, bool) {
	if c := r.rcfg(name); c != nil {
		return c, false
	}
	var found *lattice.ResourceConfiguration
	for i := range r.n.ResourceConfigurations {
		c := &r.n.ResourceConfigurations[i]
		if c.CustomDomainName != "" && strings.EqualFold(c.CustomDomainName, strings.TrimSuffix(name, ".")) && (found == nil || c.ID < found.ID) {
			found = c
		}
	}
	return found, found != nil
}

// verified reports whether c's custom domain counts as verified.
func (r *Net) verified(c *lattice.ResourceConfiguration) bool {
	if c.DomainVerified {
		return true
	}
	g := r.rcfg(c.Group)
	return c.Type == lattice.ResourceChild && g != nil && g.DomainVerified
}

// domainCovers reports whether specified domain p ("a.example.com", or
// "*.example.com" for its subdomains) covers name, ignoring case.
func domainCovers(p, name string) bool {
	p, name = strings.ToLower(strings.TrimSuffix(p, ".")), strings.ToLower(strings.TrimSuffix(name, "."))
	if rest, ok := strings.CutPrefix(p, "*."); ok {
		return strings.HasSuffix(name, "."+rest)
	}
	return p == name
}

// preferenceAdmits reports whether a private DNS preference (with its
// specified domains) admits c's custom domain name.
func (r *Net) preferenceAdmits(pref string, specified []string, c *lattice.ResourceConfiguration) bool {
	spec := slices.ContainsFunc(specified, func(p string) bool { return domainCovers(p, c.CustomDomainName) })
	switch pref {
	case "ALL_DOMAINS":
		return true
	case "SPECIFIED_DOMAINS_ONLY":
		return spec
	case "VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS":
		return spec || r.verified(c)
	}
	return r.verified(c)
}

// resourceAssocDNS reports whether private DNS is on for c's association
// (its group's, for a child) with service network sn.
func (r *Net) resourceAssocDNS(sn string, c *lattice.ResourceConfiguration) bool {
	held := c
	if c.Type == lattice.ResourceChild {
		held = r.rcfg(c.Group)
	}
	for _, a := range r.n.ServiceNetworkResourceAssociations {
		if a.ServiceNetwork == sn && a.ResourceConfiguration == held.ID && a.Status.Carries() {
			return a.PrivateDNS() || held.Type == lattice.ResourceARN
		}
	}
	return false
}

// endpointResolves reports whether endpoint e answers c's custom domain
// name in its VPC.
func (r *Net) endpointResolves(e *vpce.Endpoint, c *lattice.ResourceConfiguration) bool {
	if !e.PrivateDNS() || e.Type.Norm() == vpce.ServiceNetwork && !r.resourceAssocDNS(e.ServiceNetwork, c) {
		return false
	}
	return r.preferenceAdmits(string(e.DNSOptions.Preference), e.DNSOptions.SpecifiedDomains, c)
}

// associationResolves reports whether VPC v's association answers c's
// custom domain name (true when it does not hold c: the request then
// fails at the association).
func (r *Net) associationResolves(v string, c *lattice.ResourceConfiguration) bool {
	a := r.associationHolds(v, c)
	if a == nil {
		return true
	}
	if !a.PrivateDNS() || !r.resourceAssocDNS(a.ServiceNetwork, c) {
		return false
	}
	var pref string
	var specified []string
	if a.DNSOptions != nil {
		pref, specified = string(a.DNSOptions.PrivateDNSPreference), a.DNSOptions.SpecifiedDomains
	}
	return r.preferenceAdmits(pref, specified, c)
}

// resourceVerdict answers a query to a resource configuration from
// interface src, p being the flow's packet without its destination.
func (r *Net) resourceVerdict(q sim.Query, src endpoint, p packet) (Verdict, error) {
	c, byName := r.rcfgNamed(q.To.ResourceConfiguration)
	switch {
	case c == nil:
		return Verdict{}, fmt.Errorf("reference: no resource configuration with ID or custom domain name %q", q.To.ResourceConfiguration)
	case src.eni == nil:
		return Verdict{}, fmt.Errorf("reference: only interfaces reach resource configurations in the reference (%s)", q)
	case q.IPv6 || q.To.VPCEndpoint != "":
		return Verdict{}, fmt.Errorf("reference: IPv6 and named endpoints are not modelled for resource configurations (%s)", q)
	}
	client := src.eni
	v := r.vpcOf(client.Subnet)
	e, unresolved := r.resourceEndpoint(v, c, byName)
	switch {
	case unresolved:
		return Verdict{sim.Blocked, sim.LatticeDNSUnresolved}, nil
	case e != nil:
		return r.resourceThroughEndpoint(c, e, client, p)
	case byName && !r.associationResolves(v, c):
		return Verdict{sim.Blocked, sim.LatticeDNSUnresolved}, nil
	}
	p.dst = r.rcfgAddr(c)
	if !r.sgAdmits(client, false, p) {
		return Verdict{sim.Blocked, sim.SGEgress}, nil
	}
	if !r.aclAdmits(client.Subnet, false, p) {
		return Verdict{sim.Blocked, sim.NACLOutbound}, nil
	}
	var assoc *lattice.ServiceNetworkVPCAssociation
	for i := range r.n.ServiceNetworkVPCAssociations {
		if a := &r.n.ServiceNetworkVPCAssociations[i]; a.VPC == v {
			assoc = a
		}
	}
	if assoc == nil || !assoc.Status.Carries() || !slices.Contains(heldConfigurations(r.n, assoc.ServiceNetwork), c.ID) {
		return Verdict{sim.Blocked, sim.LatticeNoAssociation}, nil
	}
	if len(assoc.SecurityGroups) > 0 {
		var gs []group
		for _, id := range assoc.SecurityGroups {
			if g, ok := r.group(id); ok {
				gs = append(gs, g)
			}
		}
		for _, port := range changePorts(p, sgRulePorts(gs)) {
			if !r.sgAdmitsPort(gs, true, p, port) {
				return Verdict{sim.Blocked, sim.LatticeAssociationSG}, nil
			}
		}
	}
	if rp, want := replyTo(p); want && !r.aclAdmits(client.Subnet, true, rp) {
		return Verdict{sim.ReplyBlocked, sim.NACLInbound}, nil
	}
	// The consumer behind the association spans its VPC's zones.
	var zones []*vpc.Subnet
	for i := range r.n.Subnets {
		if r.n.Subnets[i].VPC == v {
			zones = append(zones, &r.n.Subnets[i])
		}
	}
	return r.resourceServe(c, p, r.subnet(client.Subnet), zones)
}

// resourceThroughEndpoint answers a request from client to c through
// endpoint e: an ordinary flow to the endpoint's address for c, its reply,
// then the configuration.
func (r *Net) resourceThroughEndpoint(c *lattice.ResourceConfiguration, e *vpce.Endpoint, client *vpc.NetworkInterface, p packet) (Verdict, error) {
	subnets := slices.Clone(e.Subnets)
	slices.SortFunc(subnets, func(a, b string) int {
		return cmp.Or(strings.Compare(r.subnet(a).AvailabilityZone, r.subnet(b).AvailabilityZone), strings.Compare(a, b))
	})
	at := subnets[0]
	for _, s := range subnets {
		if sameZone(r.subnet(s), r.subnet(client.Subnet)) {
			at = s
			break
		}
	}
	x := r.eni(e.ID + "/" + at)
	if x == nil || len(x.PrivateIPs) == 0 {
		return Verdict{}, fmt.Errorf("reference: endpoint %s declares no address in %s", e.ID, at)
	}
	p.dst = x.PrivateIPs[0]
	if e.Type.Norm() == vpce.ServiceNetwork {
		k := slices.Index(heldConfigurations(r.n, e.ServiceNetwork), c.ID)
		if 16+k >= len(x.PrivateIPs) {
			return Verdict{}, fmt.Errorf("reference: %s holds no address for %s", x.ID, c.ID)
		}
		p.dst = x.PrivateIPs[16+k]
	}
	w := newWalk(r, false, goal{host: x.ID, resource: c.ID})
	w.send(client, p)
	if w.err != nil {
		return Verdict{}, w.err
	}
	if !w.ok {
		return Verdict{sim.Blocked, w.reason}, nil
	}
	rp, _ := replyTo(w.final)
	back := newWalk(r, true, goal{host: client.ID})
	back.nats, back.tracked = w.nats, w.tracked
	rp.srcVPC = r.vpcOf(x.Subnet)
	back.send(x, rp)
	if !back.ok {
		return Verdict{sim.ReplyBlocked, back.reason}, nil
	}
	var zones []*vpc.Subnet
	for _, s := range e.Subnets {
		zones = append(zones, r.subnet(s))
	}
	return r.resourceServe(c, p, r.subnet(at), zones)
}

// resourceServe follows a connection that reached configuration c from a
// consumer at subnet at, spanning the zones of subnets zones: TCP, the
// port ranges, the gateway's interface in a shared zone, and a
// connection from it to each resource.
func (r *Net) resourceServe(c *lattice.ResourceConfiguration, p packet, at *vpc.Subnet, zones []*vpc.Subnet) (Verdict, error) {
	if p.proto != 6 {
		return Verdict{sim.Blocked, sim.ResourcePortNotAllowed}, nil
	}
	port := p.dport.From
	group := c
	if c.Type == lattice.ResourceChild {
		group = r.rcfg(c.Group)
	}
	if c.Type != lattice.ResourceGroup && !r.rcfgAllows(c, port) {
		return Verdict{sim.Blocked, sim.ResourcePortNotAllowed}, nil
	}
	gw := find(r.n.ResourceGateways, group.ResourceGateway, func(x *lattice.ResourceGateway) string { return x.ID })
	if gw == nil {
		return Verdict{sim.Blocked, sim.UnknownDestination}, nil
	}
	var nodes []*vpc.NetworkInterface
	for _, s := range gw.Subnets {
		nodes = append(nodes, r.eni(gw.ID+"/"+s))
	}
	slices.SortFunc(nodes, func(a, b *vpc.NetworkInterface) int {
		return cmp.Or(strings.Compare(r.subnet(a.Subnet).AvailabilityZone, r.subnet(b.Subnet).AvailabilityZone), strings.Compare(a.ID, b.ID))
	})
	var node *vpc.NetworkInterface
	for _, x := range nodes {
		if sameZone(r.subnet(x.Subnet), at) {
			node = x
			break
		}
	}
	for _, x := range nodes {
		if node == nil && slices.ContainsFunc(zones, func(s *vpc.Subnet) bool { return sameZone(r.subnet(x.Subnet), s) }) {
			node = x
		}
	}
	if node == nil {
		return Verdict{sim.Blocked, sim.AZMismatch}, nil
	}
	var verdicts []Verdict
	if c.Type == lattice.ResourceGroup {
		var children []*lattice.ResourceConfiguration
		for i := range r.n.ResourceConfigurations {
			if x := &r.n.ResourceConfigurations[i]; x.Type == lattice.ResourceChild && x.Group == c.ID {
				children = append(children, x)
			}
		}
		if len(children) == 0 {
			return Verdict{sim.Blocked, sim.UnknownDestination}, nil
		}
		slices.SortFunc(children, func(a, b *lattice.ResourceConfiguration) int { return strings.Compare(a.ID, b.ID) })
		for _, ch := range children {
			verdicts = append(verdicts, r.resourceLegs(ch, node, port)...)
		}
	} else {
		if len(r.resources(c)) == 0 {
			return Verdict{sim.Blocked, sim.UnknownDestination}, nil
		}
		verdicts = r.resourceLegs(c, node, port)
	}
	return combine(verdicts), nil
}

// rcfgAllows reports whether c's port ranges (a child without its own:
// its group's) take TCP port port.
func (r *Net) rcfgAllows(c *lattice.ResourceConfiguration, port uint16) bool {
	ranges := c.PortRanges
	if len(ranges) == 0 && c.Type == lattice.ResourceChild {
		if g := r.rcfg(c.Group); g != nil {
			ranges = g.PortRanges
		}
	}
	if len(ranges) == 0 {
		return true
	}
	return slices.ContainsFunc(ranges, func(x vpc.PortRange) bool { return portIn(x, port) })
}

// resources returns the addresses configuration c stands for.
func (r *Net) resources(c *lattice.ResourceConfiguration) []netip.Addr {
	d := c.Definition
	switch {
	case d.IP.IsValid():
		return []netip.Addr{d.IP}
	case d.DomainName != "":
		return d.ResolvesTo
	case d.ARN != "":
		name := d.ARN[strings.LastIndexAny(d.ARN, ":/")+1:]
		var es []*vpc.NetworkInterface
		for i := range r.n.NetworkInterfaces {
			if e := &r.n.NetworkInterfaces[i]; e.Owner == d.ARN || e.Owner == name {
				es = append(es, e)
			}
		}
		slices.SortFunc(es, func(a, b *vpc.NetworkInterface) int { return strings.Compare(a.ID, b.ID) })
		var out []netip.Addr
		for _, e := range es {
			out = append(out, e.PrivateIPs[0])
		}
		return out
	}
	return nil
}

// resourceLegs returns the verdict of the gateway's connection from node
// to each resource of c on port: refused when c's ports exclude it or the
// gateway's groups do not let it out, else walked with its reply.
func (r *Net) resourceLegs(c *lattice.ResourceConfiguration, node *vpc.NetworkInterface, port uint16) []Verdict {
	addrs := r.resources(c)
	if len(addrs) == 0 {
		return []Verdict{{sim.Blocked, sim.UnknownDestination}}
	}
	var out []Verdict
	gwVPC := r.vpcOf(node.Subnet)
	for _, a := range addrs {
		p := packet{src: node.PrivateIPs[0], dst: a, proto: 6, sport: vpc.Ports(1024, 65535), dport: vpc.Port(port), srcVPC: gwVPC}
		if !r.rcfgAllows(c, port) {
			out = append(out, Verdict{sim.Blocked, sim.ResourcePortNotAllowed})
			continue
		}
		if !r.sgAdmits(node, false, p) {
			out = append(out, Verdict{sim.Blocked, sim.RGWSGEgress})
			continue
		}
		to := ""
		if h, ok := r.hostInVPC(gwVPC, a); ok {
			to = h.id()
		}
		w := newWalk(r, false, goal{host: to})
		w.send(node, p)
		if !w.ok {
			out = append(out, Verdict{sim.Blocked, w.reason})
			continue
		}
		rp, _ := replyTo(w.final)
		back := newWalk(r, true, goal{host: node.ID})
		back.nats, back.tracked = w.nats, w.tracked
		rp.srcVPC = gwVPC
		back.send(r.eni(w.at), rp)
		if !back.ok {
			out = append(out, Verdict{sim.ReplyBlocked, back.reason})
			continue
		}
		out = append(out, Verdict{sim.Reachable, sim.NoReason})
	}
	return out
}

// isLatticeEndpoint reports whether e is a service-network or resource
// endpoint.
func isLatticeEndpoint(e *vpce.Endpoint) bool {
	t := e.Type.Norm()
	return t == vpce.ServiceNetwork || t == vpce.Resource
}
