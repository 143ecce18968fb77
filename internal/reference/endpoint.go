package reference

import (
	"fmt"
	"net/netip"
	"slices"

	vpce "github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// VPC endpoints and the AWS services behind them.
//
// AWS facts (AWS PrivateLink Guide, "Gateway endpoints", "Gateway
// endpoints for Amazon S3" and "Access an AWS service using an interface
// VPC endpoint"; Reachability Analyzer, "Explanation codes"):
//
//   - A gateway endpoint adds, to each route table it lists, a route from
//     its service's AWS-managed prefix list to the endpoint: one route per
//     entry of the list, matched by longest prefix like any other. A
//     declared route for the same list and endpoint is that route.
//   - A gateway endpoint carries only traffic whose source is inside its
//     VPC (not from a peered VPC, a transit gateway or a VPN), only TCP and
//     ICMP echo requests, and only while available; it delivers to its
//     service, whose reply enters the VPC through it.
//   - An AWS service is reached at the addresses of its prefix list: from
//     a gateway endpoint, or from the internet (through a NAT or internet
//     gateway). The reference knows a service's addresses only from a
//     declared AWS-managed prefix list named after it
//     ("com.amazonaws.<region>.<service>").
//   - An interface endpoint has one network interface per subnet, with
//     the endpoint's security groups (the VPC's default group when none),
//     at the addresses the endpoint declares. Addressed to such an
//     interface, a flow that passes its groups reaches the service if it
//     is TCP and the endpoint is available.
//
// Endpoint policies are read in policy.go.
//
// Not modelled: private DNS (queries name endpoint interfaces or
// service addresses). Endpoint services are in privatelink.go, Gateway
// Load Balancer endpoints in gwlb.go.

// endpointInterfaces returns the network interfaces of the interface
// endpoints, as AWS creates them: "<endpoint>/<subnet>" with the
// endpoint's declared addresses and groups.
func endpointInterfaces(n *sim.Network) []vpc.NetworkInterface {
	var out []vpc.NetworkInterface
	for _, e := range n.VPCEndpoints {
		if t := e.Type.Norm(); t != vpce.Interface && t != vpce.GatewayLoadBalancer && !isLatticeEndpoint(&e) {
			continue
		}
		for _, s := range e.Subnets {
			// A Gateway Load Balancer endpoint's has no groups (gwlb.go).
			x := vpc.NetworkInterface{ID: e.ID + "/" + s, Subnet: s, Kind: vpc.KindVPCEndpoint, Owner: e.ID, SecurityGroups: e.SecurityGroups}
			a, _ := e.Address(s)
			if a.IPv4.IsValid() {
				x.PrivateIPs = []netip.Addr{a.IPv4}
				if isLatticeEndpoint(&e) {
					x.PrivateIPs = latticeEndpointAddrs(n, &e, a.IPv4) // lattice_resource.go
				}
			}
			if a.IPv6.IsValid() {
				x.IPv6Addrs = []netip.Addr{a.IPv6}
			}
			out = append(out, x)
		}
	}
	return out
}

// explicitEndpoints returns an error when the network's endpoints leave
// to the engine what the reference does not model: an interface
// endpoint's address, the addresses of a gateway endpoint's service, an
// endpoint service.
func (r *Net) explicitEndpoints() error {
	for _, e := range r.n.VPCEndpoints {
		switch e.Type.Norm() {
		case vpce.Gateway:
			if r.servicePrefixList(e.ServiceName) == nil {
				return fmt.Errorf("reference: gateway endpoint %s: no AWS-managed prefix list named %s gives its service addresses", e.ID, e.ServiceName)
			}
		case vpce.Interface, vpce.ServiceNetwork, vpce.Resource, vpce.GatewayLoadBalancer:
			for _, s := range e.Subnets {
				a, _ := e.Address(s)
				if !a.IPv4.IsValid() || e.IPAddressType.HasIPv6() && !a.IPv6.IsValid() {
					return fmt.Errorf("reference: interface endpoint %s declares no address in %s; the reference models only declared addresses", e.ID, s)
				}
			}
			if n, err := vpce.ParseServiceName(e.ServiceName); err == nil && n.IsEndpointService() && r.endpointService(&e) == nil && e.Type.Norm() == vpce.Interface {
				return fmt.Errorf("reference: endpoint %s is to an endpoint service the network does not declare, which the reference does not model", e.ID)
			}
		}
	}
	return nil
}

func (r *Net) vpcEndpoint(id string) *vpce.Endpoint {
	return find(r.n.VPCEndpoints, id, func(x *vpce.Endpoint) string { return x.ID })
}

// servicePrefixList returns the AWS-managed prefix list named after
// service name, or nil.
func (r *Net) servicePrefixList(name string) *vpc.PrefixList {
	for i := range r.n.PrefixLists {
		if pl := &r.n.PrefixLists[i]; pl.AWSManaged && pl.Name == name {
			return pl
		}
	}
	return nil
}

// serviceOf returns the AWS service whose prefix list holds a ("" when
// none): the first by name, as the engine keeps a shared
// address with the service named first.
func (r *Net) serviceOf(a netip.Addr) string {
	best := ""
	for _, pl := range r.n.PrefixLists {
		if n, err := vpce.ParseServiceName(pl.Name); !pl.AWSManaged || err != nil || n.IsEndpointService() {
			continue
		}
		if slices.ContainsFunc(pl.Entries, func(p netip.Prefix) bool { return p.Contains(a) }) && (best == "" || pl.Name < best) {
			best = pl.Name
		}
	}
	return best
}

// gatewayCandidates returns the routes gateway endpoints add to table t,
// unless t declares the same route.
func (r *Net) gatewayCandidates(t routeTable) []candidate {
	var out []candidate
	for _, e := range r.n.VPCEndpoints {
		if e.Type.Norm() != vpce.Gateway || !slices.Contains(e.RouteTables, t.id) {
			continue
		}
		pl := r.servicePrefixList(e.ServiceName)
		if pl == nil {
			continue
		}
		rt := vpc.Route{PrefixList: pl.ID, Target: vpc.ToVPCEndpoint(e.ID)}
		if slices.Contains(t.routes, rt) {
			continue // declared: a candidate already
		}
		for _, p := range pl.Entries {
			out = append(out, candidate{dst: p, index: -1, pl: pl.ID, route: rt})
		}
	}
	return out
}

// gatewayEndpoint carries a packet a route sent to gateway endpoint e.
func (w *walk) gatewayEndpoint(e *vpce.Endpoint, p packet) {
	if w.repeated("vpce", e.ID, p) {
		return
	}
	if w.reply {
		w.fail(sim.NoRoute)
		return
	}
	r := w.r
	switch {
	case !r.inVPC(e.VPC, p.src) || p.srcVPC != "" && p.srcVPC != e.VPC:
		w.fail(sim.GatewayEndpointNotTransitive)
	case !(p.proto == 6 || p.proto == 1 && p.icmpT == 8):
		w.fail(sim.EndpointProtocol)
	case !e.Available():
		w.fail(sim.EndpointNotAvailable)
	case w.goal.service == "" || w.goal.service != e.ServiceName || r.serviceOf(p.dst) != e.ServiceName:
		w.fail(sim.UnknownDestination)
	case w.policyDenies(e, p):
	case w.resourcePolicyDenies(e.ServiceName, e, p):
	default:
		w.arrive("gw:"+e.ID, p)
	}
}

// endpointArrive decides a packet addressed to interface endpoint
// interface x, which passed its groups: TCP only, while the endpoint is
// available. A service-network endpoint takes only requests to a Lattice
// service (the Lattice evaluation follows in lattice.go) and has no
// policy.
func (w *walk) endpointArrive(x *vpc.NetworkInterface, p packet) {
	e := w.r.vpcEndpoint(x.Owner)
	switch {
	case isLatticeEndpoint(e) && w.goal.lattice == "" && w.goal.resource == "":
		w.fail(sim.UnknownDestination) // only a Lattice request is for it
	case p.proto != 6:
		w.fail(sim.EndpointProtocol)
	case !w.r.endpointCarries(e): // its connection's state too (privatelink.go)
		w.fail(sim.EndpointNotAvailable)
	case isLatticeEndpoint(e):
		w.arrive(x.ID, p) // the Lattice evaluation follows (lattice.go, lattice_resource.go)
	case w.policyDenies(e, p):
	case w.resourcePolicyDenies(e.ServiceName, e, p):
	default:
		w.arrive(x.ID, p)
	}
}

// policyDenies applies endpoint e's policy to the flow's call, failing the
// walk when it denies (or cannot decide).
func (w *walk) policyDenies(e *vpce.Endpoint, p packet) bool {
	ok, err := endpointPolicy(e.Policy, w.goal.call, e.ID, e.VPC, p.src)
	switch {
	case err != nil:
		w.err = err
		w.fail(sim.BadState)
	case !ok:
		w.fail(sim.EndpointPolicyDeny)
	}
	return err != nil || !ok
}
