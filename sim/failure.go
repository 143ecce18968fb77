package sim

import (
	"cmp"
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
// (all their nodes).
//
// What is taken away: the network interfaces in the failed subnets
// (workloads' interfaces, endpoints' and load balancer nodes' among
// them), the NAT gateways there, load balancers' nodes there (a load
// balancer keeps its nodes in the other zones, and its target groups, and
// VPC Lattice target groups, lose the targets taken away, as health
// checks would mark them), and the
// failed subnets of transit
// gateway attachments (an attachment left with none carries nothing: the
// routes to it become blackholes). What stays: the subnets themselves, their route
// tables and network ACLs, security groups and everything outside the
// failed zones. Routes to a component taken away become blackhole routes,
// as AWS shows a route whose target is gone, so traffic relying on it is
// dropped (BLACKHOLE_ROUTE) rather than rerouted: AWS does not move a
// route to another zone's NAT gateway by itself. Nothing is re-placed
// either: ECS does start tasks in the surviving zones and a Multi-AZ
// database fails over to its standby, which is already an interface of
// its own, but the failure shows the network as the outage leaves it.
// Every surviving interface keeps the addresses it had, and the public
// and Elastic IPs of what is taken away stay the network's: no internet
// host takes them.
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
	return compile(n, &f)
}

// failed records what a failure took away.
type failed struct {
	f Failure
	// removed are the IDs of the interfaces, NAT gateways and transit
	// gateway attachments taken away, sorted.
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
}

// retiredPublic reports whether a is a public address of a component a
// failure took away.
func (m *Model) retiredPublic(a netip.Addr) bool {
	return m.wl != nil && m.wl.fail != nil && m.wl.fail.public[a]
}

// Failure returns the failure the model was compiled with ([CompileWithout])
// and the IDs of the interfaces, NAT gateways and transit gateway
// attachments it took away, sorted; a zero Failure and nothing for a model
// of the whole network.
func (m *Model) Failure() (Failure, []string) {
	if m == nil || m.wl == nil || m.wl.fail == nil {
		return Failure{}, nil
	}
	return m.wl.fail.f, slices.Clone(m.wl.fail.removed)
}

// applyFailure takes away from p.net what f names, in a new network that
// shares the declarations it does not change.
func applyFailure(p *prepared, f Failure) (*failed, error) {
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
	downNode := map[string]bool{} // load balancer nodes, "<lb>/<subnet>"
	nodes := map[string][]string{}
	for _, lb := range n.LoadBalancers {
		for _, sm := range lb.Subnets {
			nodes[lb.ID] = append(nodes[lb.ID], lbNodeName(lb.ID, sm.Subnet))
		}
	}
	isNode := func(id string) bool {
		lb, _, ok := strings.Cut(id, "/")
		return ok && slices.Contains(nodes[lb], id)
	}
	for i, id := range f.Components {
		switch {
		case isNode(id):
			downNode[id] = true
		case nodes[id] != nil && !has(n.NetworkInterfaces, id, func(e *vpc.NetworkInterface) string { return e.ID }):
			for _, x := range nodes[id] {
				downNode[x] = true
			}
		case has(n.Subnets, id, func(s *vpc.Subnet) string { return s.ID }):
			downSubnet[id] = true
		case has(n.NetworkInterfaces, id, func(e *vpc.NetworkInterface) string { return e.ID }):
			downENI[id] = true
		case has(n.NATGateways, id, func(g *vpc.NATGateway) string { return g.ID }):
			downNAT[id] = true
		case ws[id] != nil:
			for _, e := range ws[id] {
				downENI[e] = true
			}
		default:
			bad(fmt.Sprintf("components[%d]", i), "no network interface, NAT gateway, subnet, workload, load balancer or load balancer node (<lb>/<subnet>) %q", id)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	out := &failed{f: Failure{Zones: slices.Clone(f.Zones), Components: slices.Clone(f.Components)}}
	for _, s := range n.Subnets {
		if downSubnet[s.ID] {
			out.zones = append(out.zones, s.AvailabilityZone)
		}
	}
	slices.Sort(out.zones)
	out.zones = slices.Compact(out.zones)

	ifaces, nats := pinAddresses(n)
	c := *n
	c.NetworkInterfaces = make([]vpc.NetworkInterface, 0, len(ifaces))
	for _, e := range ifaces {
		if downENI[e.ID] || downSubnet[e.Subnet] {
			out.removed = append(out.removed, e.ID)
			downENI[e.ID] = true
			out.retire(e.PublicIP)
			for _, x := range e.ElasticIPs {
				out.retire(x.PublicIP)
			}
			continue
		}
		c.NetworkInterfaces = append(c.NetworkInterfaces, e)
	}
	c.NATGateways = nil
	for _, g := range nats {
		if downNAT[g.ID] || downSubnet[g.Subnet] {
			out.removed = append(out.removed, g.ID)
			downNAT[g.ID] = true
			out.retire(g.ElasticIP)
			continue
		}
		c.NATGateways = append(c.NATGateways, g)
	}
	// Load balancers lose their nodes in the failed subnets, and those
	// named; one left with none is gone, and so are the targets naming it.
	goneLB := map[string]bool{}
	c.LoadBalancers = slices.Clone(n.LoadBalancers)
	for i := range c.LoadBalancers {
		lb := &c.LoadBalancers[i]
		keep := slices.DeleteFunc(slices.Clone(lb.Subnets), func(sm elb.SubnetMapping) bool {
			if downSubnet[sm.Subnet] || downNode[lbNodeName(lb.ID, sm.Subnet)] {
				out.removed = append(out.removed, lbNodeName(lb.ID, sm.Subnet))
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
	for _, e := range ifaces {
		if downENI[e.ID] {
			for _, a := range e.PrivateIPs {
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
				r.Target.Kind == vpc.TargetTransitGateway && lostTGW[[2]string{rt.VPC, r.Target.ID}]
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
// left with fewer zones than AWS lets one be created with: it still serves
// from those left.
func revalidate(c *Network, f Failure) error {
	errs := slices.DeleteFunc(validateDecls(c), func(e error) bool {
		fe, ok := e.(*FieldError)
		return ok && fe.Resource == kinds[kindLB].resource && fe.Field == "subnets"
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

// pinAddresses returns copies of n's interfaces and NAT gateways with the
// addresses compile would assign written in: private addresses per
// subnet from the lowest free up, in ID order (a NAT gateway's interface
// is "<nat-id>/eni"), and public addresses from 54.0.0.1 up for the
// interfaces that want one, in ID order, as compileInterfaces assigns
// them. Taking an interface away then moves no other.
func pinAddresses(n *Network) ([]vpc.NetworkInterface, []vpc.NATGateway) {
	ifaces := slices.Clone(n.NetworkInterfaces)
	nats := slices.Clone(n.NATGateways)
	subnets := map[string]*vpc.Subnet{}
	for i := range n.Subnets {
		if _, dup := subnets[n.Subnets[i].ID]; !dup {
			subnets[n.Subnets[i].ID] = &n.Subnets[i]
		}
	}
	type pending struct {
		id, subnet string
		eni, nat   int // index, or -1 (both for a load balancer node)
		held       bool
	}
	var all []pending
	taken := map[netip.Addr]bool{}
	publicTaken := map[netip.Addr]bool{}
	for i, e := range ifaces {
		// Only an interface that needs an address takes part in the
		// turns (it takes one of the subnet's next addresses, or the next
		// public one).
		if s := subnets[e.Subnet]; len(e.PrivateIPs) == 0 || s != nil && !e.PublicIP.IsValid() && e.WantsPublicIP(s.MapPublicIPOnLaunch) {
			all = append(all, pending{e.ID, e.Subnet, i, -1, false})
		}
		for _, a := range e.PrivateIPs {
			taken[a] = true
		}
		if e.PublicIP.IsValid() {
			publicTaken[e.PublicIP] = true
		}
		for _, x := range e.ElasticIPs {
			publicTaken[x.PublicIP] = true
		}
	}
	for i, g := range nats {
		all = append(all, pending{natENIName(g.ID), g.Subnet, -1, i, false})
		if g.PrivateIP.IsValid() {
			taken[g.PrivateIP] = true
		}
		if g.ElasticIP.IsValid() {
			publicTaken[g.ElasticIP] = true
		}
	}
	for _, lb := range n.LoadBalancers {
		for _, sm := range lb.Subnets {
			// A node takes its address in turn, but keeps choosing it.
			all = append(all, pending{lbNodeName(lb.ID, sm.Subnet), sm.Subnet, -1, -1, sm.PrivateIPv4.IsValid()})
			if sm.PrivateIPv4.IsValid() {
				taken[sm.PrivateIPv4] = true
			}
			if sm.ElasticIP.IsValid() {
				publicTaken[sm.ElasticIP] = true
			}
		}
	}
	for _, e := range n.VPCEndpoints {
		if e.Type.Norm() != endpoint.Interface {
			continue
		}
		for _, sub := range e.Subnets {
			// An interface endpoint's interface takes its address in
			// turn too, as a load balancer node does.
			a, _ := e.Address(sub)
			all = append(all, pending{vpceENIName(e.ID, sub), sub, -1, -1, a.IPv4.IsValid()})
			if a.IPv4.IsValid() {
				taken[a.IPv4] = true
			}
		}
	}
	slices.SortFunc(all, func(a, b pending) int { return cmp.Compare(a.id, b.id) })
	next := map[string]netip.Addr{}
	publicNext := netip.MustParseAddr("54.0.0.1")
	for _, p := range all {
		s := subnets[p.subnet]
		if s == nil {
			continue
		}
		needs := p.eni >= 0 && len(ifaces[max(p.eni, 0)].PrivateIPs) == 0 || p.nat >= 0 && !nats[max(p.nat, 0)].PrivateIP.IsValid() ||
			p.eni < 0 && p.nat < 0 && !p.held
		if needs {
			a, ok := next[p.subnet]
			if !ok {
				a = s.CIDR.Addr().Next().Next().Next().Next()
			}
			for taken[a] || vpc.IsReserved(s.CIDR, a) {
				a = a.Next()
			}
			taken[a] = true
			next[p.subnet] = a.Next()
			switch {
			case p.eni >= 0:
				ifaces[p.eni].PrivateIPs = []netip.Addr{a}
			case p.nat >= 0:
				nats[p.nat].PrivateIP = a
			}
		}
		if p.eni >= 0 {
			e := &ifaces[p.eni]
			if !e.PublicIP.IsValid() && e.WantsPublicIP(s.MapPublicIPOnLaunch) {
				for publicTaken[publicNext] {
					publicNext = publicNext.Next()
				}
				e.PublicIP = publicNext
				publicTaken[publicNext] = true
			}
		}
	}
	return ifaces, nats
}
