package sim

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// This file takes components away from a network: an Availability Zone
// (everything in its subnets) or single components, as [Failure]
// describes, compiled by [CompileWithout]. failurediff.go compares the
// access analyses before and after.

// Failure names what an outage takes away: every component in the
// Availability Zones listed (by zone name, such as us-east-1a, or AZ ID,
// such as use1-az1) and the components listed by ID: network interfaces,
// NAT gateways, subnets (everything in them), workloads (all their
// interfaces), load balancer nodes ("<lb>/<subnet>") and load balancers
// (all their nodes), VPC endpoints' interfaces ("<vpce>/<subnet>") and
// endpoints (all their interfaces), VPC Lattice resource gateways'
// interfaces ("<rgw>/<subnet>") and gateways, Site-to-Site VPN tunnels
// ("<vpn>/tunnel1", "<vpn>/tunnel2") and connections (both tunnels), and
// Direct Connect virtual interfaces.
//
// What is taken away: the network interfaces in the failed subnets
// (workloads' interfaces, endpoints', resource gateways' and load
// balancer nodes' among them), the NAT gateways there, load balancers'
// nodes there (a load balancer keeps its nodes in the other zones, and
// its target groups, and VPC Lattice target groups, lose the targets
// taken away, as health checks would mark them), and the failed subnets
// of transit gateway attachments (an attachment left with none carries
// nothing: the routes to it become blackholes). An endpoint answers from
// the interfaces it has left; one left with none answers nothing, and
// routes to it become blackholes. A VPN connection whose tunnels are all
// down, and a virtual interface taken away, carry nothing
// (CONNECTION_DOWN): hybrid traffic moves to another link or breaks.
// What stays: the subnets themselves, their route tables and network
// ACLs, security groups and everything outside the failed zones. Routes
// to a component taken away become blackhole routes, as AWS shows a route
// whose target is gone, so traffic relying on it is dropped
// (BLACKHOLE_ROUTE) rather than rerouted: AWS does not move a route to
// another zone's NAT gateway by itself. Nothing is re-placed either: ECS
// does start tasks in the surviving zones and a Multi-AZ database fails
// over to its standby, which is already an interface of its own, but the
// failure shows the network as the outage leaves it. Every surviving
// interface keeps the addresses it had (those compile assigns included),
// and the public and Elastic IPs of what is taken away stay the network's:
// no internet host takes them.
type Failure struct {
	Zones      []string `json:"zones,omitempty"`
	Components []string `json:"components,omitempty"`
}

// ZoneFailure is the failure of one Availability Zone.
func ZoneFailure(zone string) Failure { return Failure{Zones: []string{zone}} }

// ComponentFailure is the failure of the components with the given IDs.
func ComponentFailure(ids ...string) Failure { return Failure{Components: ids} }

// String formats the failure as "zone us-east-1a, nat-a".
func (f Failure) String() string {
	var s []string
	for _, z := range f.Zones {
		s = append(s, "zone "+z)
	}
	s = append(s, f.Components...)
	if len(s) == 0 {
		return "no failure"
	}
	return strings.Join(s, ", ")
}

// CompileWithout compiles n with what f names taken away (see [Failure]):
// the model of the network during the outage. Workloads are expanded as
// in the whole network, then lose the interfaces in the failure.
// [Model.Failure] reports what was taken away. f must name something: a
// zone of some subnet, or a declared or generated component.
func CompileWithout(n *Network, f Failure) (*Model, error) {
	if n == nil {
		return nil, errNilNetwork()
	}
	p, err := prepare(n, nil)
	if err != nil {
		return nil, err
	}
	return buildWithout(p, f)
}

// buildWithout builds the model of the prepared network p without what f
// names, from the model of p whole (the addresses of what is left come
// from there).
func buildWithout(p *prepared, f Failure, whole ...*Model) (*Model, error) {
	w := build(p)
	if len(whole) > 0 {
		w = whole[0]
	}
	q := *p
	fl, err := applyFailure(&q, f, w)
	if err != nil {
		return nil, err
	}
	q.fail = fl
	m := build(&q)
	fl.whole = nil // the model of the failure keeps no hold on the whole one
	return m, nil
}

// failed records what a failure took away.
type failed struct {
	f Failure
	// removed are the IDs of the interfaces, NAT gateways, transit
	// gateway attachments, VPN tunnels and virtual interfaces taken away,
	// sorted.
	removed []string
	// zones are the zone names of the failed subnets, sorted.
	zones []string
	// idle holds, per load balancer, the subnets whose node alone was
	// taken away: their zones stay enabled (see cLB.idle).
	idle map[string][]string
	// lost are the workload members whose interface was taken away.
	lost []workload.Member
	// public are the public and Elastic IPs of what was taken away: still
	// the network's, no internet host's.
	public map[netip.Addr]bool
	// whole is the model of the whole network while the model without the
	// failure is built: the interfaces left keep its addresses (see pin).
	whole *Model
}

// remove records interface id as taken away, with its public address.
func (f *failed) remove(id string) {
	f.removed = append(f.removed, id)
	f.retireENI(id)
}

// retireENI retires the public address interface id has in the whole
// network.
func (f *failed) retireENI(id string) {
	if e, ok := lookup[eniIdx](f.whole, id); ok {
		f.retire(f.whole.enis[e].public)
	}
}

// addresses returns the private addresses interface id has in the whole
// network.
func (f *failed) addresses(id string) []netip.Addr {
	if e, ok := lookup[eniIdx](f.whole, id); ok {
		return f.whole.enis[e].private
	}
	return nil
}

// pin gives the interfaces about to be compiled without the failure the
// addresses they have in the whole network (private, IPv6 and public), so
// that taking some away moves none of the others: compile assigns the
// addresses nobody declares in turns, and a turn taken away would
// otherwise shift the later ones.
func (f *failed) pin(all []pendingENI) {
	if f == nil || f.whole == nil {
		return
	}
	for i := range all {
		e, ok := lookup[eniIdx](f.whole, all[i].decl.ID)
		if !ok {
			continue
		}
		E := &f.whole.enis[e]
		d := *all[i].decl
		d.PrivateIPs, d.IPv6Addrs = E.private, E.ipv6 // read only: compile clones them
		if E.public.IsValid() {
			d.PublicIP = E.public
		}
		all[i].decl = &d
	}
}

// retiredPublic reports whether a is a public address of a component a
// failure took away.
func (m *Model) retiredPublic(a netip.Addr) bool {
	return m.wl != nil && m.wl.fail != nil && m.wl.fail.public[a]
}

// Failure returns the failure the model was compiled with ([CompileWithout])
// and the IDs of the interfaces, NAT gateways, transit gateway
// attachments, VPN tunnels and virtual interfaces it took away, sorted; a zero Failure and nothing for a model
// of the whole network.
func (m *Model) Failure() (Failure, []string) {
	if m == nil || m.wl == nil || m.wl.fail == nil {
		return Failure{}, nil
	}
	return m.wl.fail.f, slices.Clone(m.wl.fail.removed)
}

// applyFailure takes away from p.net what f names, in a new network that
// shares the declarations it does not change. whole is the model of p.net:
// the interfaces that survive keep the addresses they have there.
func applyFailure(p *prepared, f Failure, whole *Model) (*failed, error) {
	n := p.net
	var errs []error
	bad := func(field string, format string, args ...any) {
		errs = append(errs, &FieldError{Resource: "failure", Field: field, Kind: ErrUnknownResource, Msg: fmt.Sprintf(format, args...)})
	}
	if len(f.Zones) == 0 && len(f.Components) == 0 {
		errs = append(errs, &FieldError{Resource: "failure", Kind: ErrInvalidValue, Msg: "names nothing: want zones or component ids"})
	}
	downSubnet := map[string]bool{}
	downENI := map[string]bool{}
	downNAT := map[string]bool{}
	for i, z := range f.Zones {
		found := false
		for _, s := range n.Subnets {
			if z != "" && (s.AvailabilityZone == z || s.AvailabilityZoneID == z) {
				downSubnet[s.ID], found = true, true
			}
		}
		if !found {
			bad(fmt.Sprintf("zones[%d]", i), "no subnet is in zone %q (want a zone name such as us-east-1a or an AZ ID such as use1-az1)", z)
		}
	}
	ws := map[string][]string{}
	for _, x := range p.exp.Members {
		ws[x.Workload] = append(ws[x.Workload], x.Interface)
	}
	// The interfaces other components own, one per subnet, named
	// "<owner>/<subnet>": load balancer nodes, VPC endpoints' and VPC
	// Lattice resource gateways' interfaces.
	downNode := map[string]bool{}
	nodes := map[string][]string{}
	for _, lb := range n.LoadBalancers {
		for _, sm := range lb.Subnets {
			nodes[lb.ID] = append(nodes[lb.ID], lbNodeName(lb.ID, sm.Subnet))
		}
	}
	for _, e := range n.VPCEndpoints {
		if e.Type.UsesSubnets() {
			for _, sub := range e.Subnets {
				nodes[e.ID] = append(nodes[e.ID], vpceENIName(e.ID, sub))
			}
		}
	}
	for _, g := range n.ResourceGateways {
		for _, sub := range g.Subnets {
			nodes[g.ID] = append(nodes[g.ID], rgwNodeName(g.ID, sub))
		}
	}
	isNode := func(id string) bool {
		owner, _, ok := strings.Cut(id, "/")
		return ok && slices.Contains(nodes[owner], id)
	}
	// Hybrid links: VPN connections, their tunnels ("<vpn>/tunnel1" and
	// "<vpn>/tunnel2") and Direct Connect virtual interfaces.
	downVPN := map[string][]bool{} // VPN connection -> tunnels down
	downVIF := map[string]bool{}
	vpnTunnel := func(id string) (string, int, bool) {
		vpn, t, ok := strings.Cut(id, "/tunnel")
		if !ok || (t != "1" && t != "2") || !has(n.VPNConnections, vpn, func(c *vpc.VPNConnection) string { return c.ID }) {
			return "", 0, false
		}
		return vpn, int(t[0] - '1'), true
	}
	downTunnel := func(vpn string, t int) {
		if downVPN[vpn] == nil {
			downVPN[vpn] = make([]bool, 2)
		}
		downVPN[vpn][t] = true
	}
	for i, id := range f.Components {
		isENI := has(n.NetworkInterfaces, id, func(e *vpc.NetworkInterface) string { return e.ID })
		switch {
		case isNode(id) && !isENI:
			downNode[id] = true
		case nodes[id] != nil && !isENI:
			for _, x := range nodes[id] {
				downNode[x] = true
			}
		case has(n.Subnets, id, func(s *vpc.Subnet) string { return s.ID }):
			downSubnet[id] = true
		case isENI:
			downENI[id] = true
		case has(n.NATGateways, id, func(g *vpc.NATGateway) string { return g.ID }):
			downNAT[id] = true
		case ws[id] != nil:
			for _, e := range ws[id] {
				downENI[e] = true
			}
		case has(n.VPNConnections, id, func(c *vpc.VPNConnection) string { return c.ID }):
			downTunnel(id, 0)
			downTunnel(id, 1)
		case has(n.VirtualInterfaces, id, func(x *vpc.VirtualInterface) string { return x.ID }):
			downVIF[id] = true
		default:
			if vpn, t, ok := vpnTunnel(id); ok {
				downTunnel(vpn, t)
				continue
			}
			bad(fmt.Sprintf("components[%d]", i), "no network interface, NAT gateway, subnet, workload, load balancer or its node (<lb>/<subnet>), "+
				"VPC endpoint or its interface (<vpce>/<subnet>), resource gateway or its interface (<rgw>/<subnet>), "+
				"VPN connection or tunnel (<vpn>/tunnel1, <vpn>/tunnel2) or Direct Connect virtual interface %q", id)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	out := &failed{f: Failure{Zones: slices.Clone(f.Zones), Components: slices.Clone(f.Components)}, whole: whole}
	for _, s := range n.Subnets {
		if downSubnet[s.ID] {
			out.zones = append(out.zones, s.AvailabilityZone)
		}
	}
	slices.Sort(out.zones)
	out.zones = slices.Compact(out.zones)

	c := *n
	c.NetworkInterfaces = make([]vpc.NetworkInterface, 0, len(n.NetworkInterfaces))
	for _, e := range n.NetworkInterfaces {
		if downENI[e.ID] || downSubnet[e.Subnet] {
			out.remove(e.ID)
			downENI[e.ID] = true
			for _, x := range e.ElasticIPs {
				out.retire(x.PublicIP)
			}
			continue
		}
		c.NetworkInterfaces = append(c.NetworkInterfaces, e)
	}
	c.NATGateways = nil
	for _, g := range n.NATGateways {
		if downNAT[g.ID] || downSubnet[g.Subnet] {
			out.removed = append(out.removed, g.ID)
			downNAT[g.ID] = true
			out.retireENI(natENIName(g.ID))
			out.retire(g.ElasticIP)
			continue
		}
		c.NATGateways = append(c.NATGateways, g)
	}
	// VPC endpoints and resource gateways lose their interfaces in the
	// failed subnets, and those named. An endpoint left with none answers
	// nothing; routes to it (a Gateway Load Balancer endpoint's) become
	// blackholes.
	goneVPCE := map[string]bool{}
	c.VPCEndpoints = slices.Clone(n.VPCEndpoints)
	for i := range c.VPCEndpoints {
		e := &c.VPCEndpoints[i]
		if !e.Type.UsesSubnets() {
			continue
		}
		down := func(sub string) bool { return downSubnet[sub] || downNode[vpceENIName(e.ID, sub)] }
		keep := slices.DeleteFunc(slices.Clone(e.Subnets), func(sub string) bool {
			if down(sub) {
				out.remove(vpceENIName(e.ID, sub))
				return true
			}
			return false
		})
		if len(keep) < len(e.Subnets) {
			e.Subnets = keep
			e.Addresses = slices.DeleteFunc(slices.Clone(e.Addresses), func(a endpoint.SubnetAddress) bool { return down(a.Subnet) })
			goneVPCE[e.ID] = len(keep) == 0
		}
	}
	c.ResourceGateways = slices.Clone(n.ResourceGateways)
	for i := range c.ResourceGateways {
		g := &c.ResourceGateways[i]
		keep := slices.DeleteFunc(slices.Clone(g.Subnets), func(sub string) bool {
			if downSubnet[sub] || downNode[rgwNodeName(g.ID, sub)] {
				out.remove(rgwNodeName(g.ID, sub))
				return true
			}
			return false
		})
		if len(keep) < len(g.Subnets) {
			g.Subnets = keep
		}
	}
	// VPN connections lose the tunnels named (all of them when the
	// connection is named), Direct Connect virtual interfaces their BGP
	// session: a connection whose tunnels are all down, like a virtual
	// interface that is down, carries nothing (CONNECTION_DOWN).
	if len(downVPN) > 0 {
		c.VPNConnections = slices.Clone(n.VPNConnections)
		for i := range c.VPNConnections {
			v := &c.VPNConnections[i]
			down := downVPN[v.ID]
			if down == nil {
				continue
			}
			tunnels := slices.Clone(v.Tunnels)
			for len(tunnels) < 2 {
				tunnels = append(tunnels, vpc.VPNTunnel{})
			}
			for t, d := range down {
				if d && tunnels[t].Status.IsUp() {
					tunnels[t].Status = vpc.LinkDown
					out.removed = append(out.removed, fmt.Sprintf("%s/tunnel%d", v.ID, t+1))
				}
			}
			v.Tunnels = tunnels
		}
	}
	if len(downVIF) > 0 {
		c.VirtualInterfaces = slices.Clone(n.VirtualInterfaces)
		for i := range c.VirtualInterfaces {
			x := &c.VirtualInterfaces[i]
			if downVIF[x.ID] && x.BGPStatus.IsUp() {
				x.BGPStatus = vpc.LinkDown
				out.removed = append(out.removed, x.ID)
			}
		}
	}
	// Load balancers lose their nodes in the failed subnets, and those
	// named; one left with none is gone, and so are the targets naming it.
	goneLB := map[string]bool{}
	c.LoadBalancers = slices.Clone(n.LoadBalancers)
	for i := range c.LoadBalancers {
		lb := &c.LoadBalancers[i]
		keep := slices.DeleteFunc(slices.Clone(lb.Subnets), func(sm elb.SubnetMapping) bool {
			if downSubnet[sm.Subnet] || downNode[lbNodeName(lb.ID, sm.Subnet)] {
				out.remove(lbNodeName(lb.ID, sm.Subnet))
				if !downSubnet[sm.Subnet] {
					if out.idle == nil {
						out.idle = map[string][]string{}
					}
					out.idle[lb.ID] = append(out.idle[lb.ID], sm.Subnet)
				}
				return true
			}
			return false
		})
		if len(keep) < len(lb.Subnets) {
			lb.Subnets = keep
			goneLB[lb.ID] = len(keep) == 0
		}
	}
	// Target groups lose the targets taken away, as health checks would
	// mark them (and ECS deregisters its tasks): ip targets at an
	// address of a removed interface, instance targets all of whose
	// interfaces are removed.
	goneAddr, goneOwner, liveOwner := map[netip.Addr]bool{}, map[string]bool{}, map[string]bool{}
	for _, e := range n.NetworkInterfaces {
		if downENI[e.ID] {
			for _, a := range out.addresses(e.ID) {
				goneAddr[a] = true
			}
			goneOwner[e.Owner] = true
		} else {
			liveOwner[e.Owner] = true
		}
	}
	gone := func(ip netip.Addr, id string) bool {
		return ip.IsValid() && goneAddr[ip] || id != "" && (downENI[id] || goneOwner[id] && !liveOwner[id])
	}
	c.TargetGroups = slices.Clone(n.TargetGroups)
	for i := range c.TargetGroups {
		tg := &c.TargetGroups[i]
		keep := slices.DeleteFunc(slices.Clone(tg.Targets), func(t elb.Target) bool {
			if tg.TargetType == elb.ALBTarget {
				return goneLB[t.ID]
			}
			return gone(t.IP, t.ID)
		})
		if len(keep) < len(tg.Targets) {
			tg.Targets = keep
		}
	}
	// So do VPC Lattice target groups (a Lambda function has no interface
	// to lose).
	c.LatticeTargetGroups = slices.Clone(n.LatticeTargetGroups)
	for i := range c.LatticeTargetGroups {
		tg := &c.LatticeTargetGroups[i]
		if tg.Type == lattice.TargetLambda {
			continue
		}
		keep := slices.DeleteFunc(slices.Clone(tg.Targets), func(t lattice.Target) bool {
			if tg.Type == lattice.TargetALB {
				return goneLB[t.ID]
			}
			return gone(t.IP, t.ID)
		})
		if len(keep) < len(tg.Targets) {
			tg.Targets = keep
		}
	}
	// Transit gateway attachments lose their failed subnets; one left
	// with none carries nothing, and routes to it become blackholes.
	downAtt := map[string]bool{}
	lostTGW := map[[2]string]bool{} // (vpc, transit gateway) no longer attached
	c.TransitGatewayAttachments = nil
	for _, a := range n.TransitGatewayAttachments {
		keep := slices.DeleteFunc(slices.Clone(a.Subnets), func(s string) bool { return downSubnet[s] })
		if len(keep) == 0 && len(a.Subnets) > 0 {
			// Kept as a declaration (security group references across
			// the transit gateway stay valid) but carrying nothing: no
			// association, no propagation, routes to it blackholes.
			out.removed = append(out.removed, a.ID)
			downAtt[a.ID] = true
			lostTGW[[2]string{a.VPC, a.TransitGateway}] = true
			a.RouteTable, a.Propagations = "", nil
		} else {
			a.Subnets = keep
		}
		c.TransitGatewayAttachments = append(c.TransitGatewayAttachments, a)
	}
	for _, a := range c.TransitGatewayAttachments {
		if !downAtt[a.ID] {
			delete(lostTGW, [2]string{a.VPC, a.TransitGateway}) // another attachment remains
		}
	}
	c.RouteTables = slices.Clone(n.RouteTables)
	for i := range c.RouteTables {
		rt := &c.RouteTables[i]
		var routes []vpc.Route
		for j, r := range rt.Routes {
			gone := r.Target.Kind == vpc.TargetNATGateway && downNAT[r.Target.ID] ||
				r.Target.Kind == vpc.TargetNetworkInterface && downENI[r.Target.ID] ||
				r.Target.Kind == vpc.TargetTransitGateway && lostTGW[[2]string{rt.VPC, r.Target.ID}] ||
				r.Target.Kind == vpc.TargetVPCEndpoint && goneVPCE[r.Target.ID]
			if gone && !r.Blackhole {
				if routes == nil {
					routes = slices.Clone(rt.Routes)
				}
				routes[j].Blackhole = true
			}
		}
		if routes != nil {
			rt.Routes = routes
		}
	}
	c.TransitGatewayRouteTables = slices.Clone(n.TransitGatewayRouteTables)
	for i := range c.TransitGatewayRouteTables {
		rt := &c.TransitGatewayRouteTables[i]
		var routes []vpc.TGWRoute
		for j, r := range rt.Routes {
			if downAtt[r.Attachment] && !r.Blackhole {
				if routes == nil {
					routes = slices.Clone(rt.Routes)
				}
				routes[j].Blackhole, routes[j].Attachment = true, ""
			}
		}
		if routes != nil {
			rt.Routes = routes
		}
	}
	slices.Sort(out.removed)
	for _, x := range p.exp.Members {
		if downENI[x.Interface] {
			out.lost = append(out.lost, x)
		}
	}
	if revalidateFailures {
		if err := revalidate(&c, f); err != nil {
			return nil, err
		}
	}
	p.net = &c
	return out, nil
}

// revalidateFailures has applyFailure validate the network it derives.
// That network is valid by construction (it only loses components, and
// every reference to one lost is dropped or becomes a blackhole route), so
// validating it again, which costs as much as validating the whole network
// did, is left to the package's tests, which turn this on for every
// failure they compile.
var revalidateFailures = false

// revalidate validates the network without f, but for a load balancer
// left with fewer zones than AWS lets one be created with (it still serves
// from those left), and an endpoint or resource gateway left with no
// subnet (it answers nothing).
func revalidate(c *Network, f Failure) error {
	errs := slices.DeleteFunc(validateDecls(c), func(e error) bool {
		fe, ok := e.(*FieldError)
		return ok && fe.Field == "subnets" && (fe.Resource == kinds[kindLB].resource || fe.Resource == kinds[kindVPCE].resource ||
			fe.Resource == kinds[kindResourceGateway].resource)
	})
	if len(errs) > 0 {
		return fmt.Errorf("the network without %s does not validate (a vpcsim bug: please report it): %w", f, errors.Join(errs...))
	}
	return nil
}

func (f *failed) retire(a netip.Addr) {
	if !a.IsValid() {
		return
	}
	if f.public == nil {
		f.public = map[netip.Addr]bool{}
	}
	f.public[a] = true
}

func has[T any](s []T, id string, idOf func(*T) string) bool {
	_, ok := find(s, id, idOf)
	return ok
}
