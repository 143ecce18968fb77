package reference

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Net answers questions about one declared network. It keeps the network
// as given (it never modifies it) and recomputes everything on every call.
type Net struct {
	n *sim.Network
	// ifaces are the declared interfaces and those of interface
	// endpoints (see endpoint.go), and the load balancer nodes given to
	// WithNodes.
	ifaces []vpc.NetworkInterface
	// lbOf maps load balancer node interfaces to their load balancer
	// (see WithNodes).
	lbOf map[string]*elb.LoadBalancer
	// crossing, when set, receives what a flow did across PrivateLink
	// (see PrivateLinkLegs).
	crossing *Crossing
}

// New returns the reference evaluator of n. n must be valid (see
// [sim.Network.Validate]); the reference does not validate it again. A
// network with load balancers needs their nodes' addresses too: see
// [Net.WithNodes].
func New(n *sim.Network) *Net {
	return &Net{n: n, ifaces: append(slices.Clone(n.NetworkInterfaces), endpointInterfaces(n)...)}
}

// explicit returns an error when the network leaves an address for the
// engine to assign, which the reference does not model.
func (r *Net) explicit() error {
	for i := range r.n.NetworkInterfaces {
		e := &r.n.NetworkInterfaces[i]
		if r.lbOf[e.ID] != nil {
			continue // a load balancer node: its addresses were given
		}
		if len(e.PrivateIPs) == 0 {
			return fmt.Errorf("reference: interface %s declares no private address; the reference models only declared addresses", e.ID)
		}
		s := r.subnet(e.Subnet)
		if !e.PublicIP.IsValid() && s != nil && e.WantsPublicIP(s.MapPublicIPOnLaunch) {
			return fmt.Errorf("reference: interface %s wants a public address but declares none; the reference models only declared addresses", e.ID)
		}
	}
	for _, g := range r.n.NATGateways {
		if !g.PrivateIP.IsValid() {
			return fmt.Errorf("reference: NAT gateway %s declares no private address; the reference models only declared addresses", g.ID)
		}
	}
	if err := r.nodesDeclared(); err != nil {
		return err
	}
	if err := r.gatewaysDeclared(); err != nil { // lattice_resource.go
		return err
	}
	return r.explicitEndpoints()
}

// find returns the element of s whose key is id, or nil: the linear scan
// the reference uses for every lookup.
func find[T any](s []T, id string, key func(*T) string) *T {
	for i := range s {
		if key(&s[i]) == id {
			return &s[i]
		}
	}
	return nil
}

func (r *Net) vpc(id string) *vpc.VPC {
	return find(r.n.VPCs, id, func(x *vpc.VPC) string { return x.ID })
}

func (r *Net) subnet(id string) *vpc.Subnet {
	return find(r.n.Subnets, id, func(x *vpc.Subnet) string { return x.ID })
}

// vpcOf returns the VPC of subnet id.
func (r *Net) vpcOf(subnet string) string {
	if s := r.subnet(subnet); s != nil {
		return s.VPC
	}
	return ""
}

func (r *Net) eni(id string) *vpc.NetworkInterface {
	return find(r.ifaces, id, func(x *vpc.NetworkInterface) string { return x.ID })
}

func (r *Net) nat(id string) *vpc.NATGateway {
	return find(r.n.NATGateways, id, func(x *vpc.NATGateway) string { return x.ID })
}

func (r *Net) igw(id string) *vpc.InternetGateway {
	return find(r.n.InternetGateways, id, func(x *vpc.InternetGateway) string { return x.ID })
}

func (r *Net) eigw(id string) *vpc.EgressOnlyInternetGateway {
	return find(r.n.EgressOnlyInternetGateways, id, func(x *vpc.EgressOnlyInternetGateway) string { return x.ID })
}

func (r *Net) prefixList(id string) *vpc.PrefixList {
	return find(r.n.PrefixLists, id, func(x *vpc.PrefixList) string { return x.ID })
}

// inSubnet reports whether a is in one of subnet s's CIDRs (IPv4 or IPv6).
func inSubnet(s *vpc.Subnet, a netip.Addr) bool {
	return s.CIDR.Contains(a) || s.IPv6CIDR.IsValid() && s.IPv6CIDR.Contains(a)
}

// vpcBlocks returns the VPC's CIDRs: its IPv4 blocks and its IPv6 block.
func vpcBlocks(v *vpc.VPC) []netip.Prefix {
	out := slices.Clone(v.CIDRs)
	if v.IPv6CIDR.IsValid() {
		out = append(out, v.IPv6CIDR)
	}
	return out
}

// inVPC reports whether a is in one of VPC v's blocks.
func (r *Net) inVPC(v string, a netip.Addr) bool {
	x := r.vpc(v)
	return x != nil && slices.ContainsFunc(vpcBlocks(x), func(p netip.Prefix) bool { return p.Contains(a) })
}

// subnetIn returns the subnet of VPC v holding address a, or "".
func (r *Net) subnetIn(v string, a netip.Addr) string {
	for i := range r.n.Subnets {
		if s := &r.n.Subnets[i]; s.VPC == v && inSubnet(s, a) {
			return s.ID
		}
	}
	return ""
}

// host is what holds addresses in a subnet: a network interface or a NAT
// gateway (whose interface AWS creates and manages).
type host struct {
	eni *vpc.NetworkInterface
	nat *vpc.NATGateway
}

// id names the host: the interface ID, or "nat:" and the gateway ID.
func (h host) id() string {
	if h.nat != nil {
		return "nat:" + h.nat.ID
	}
	return h.eni.ID
}

func (h host) subnet() string {
	if h.nat != nil {
		return h.nat.Subnet
	}
	return h.eni.Subnet
}

// addrs returns the host's addresses: private IPv4 (the primary first) and
// IPv6.
func (h host) addrs() []netip.Addr {
	if h.nat != nil {
		return []netip.Addr{h.nat.PrivateIP}
	}
	return slices.Concat(h.eni.PrivateIPs, h.eni.IPv6Addrs)
}

func (h host) has(a netip.Addr) bool { return slices.Contains(h.addrs(), a) }

// hosts returns every interface and NAT gateway of the network.
func (r *Net) hosts() []host {
	var out []host
	for i := range r.ifaces {
		out = append(out, host{eni: &r.ifaces[i]})
	}
	for i := range r.n.NATGateways {
		out = append(out, host{nat: &r.n.NATGateways[i]})
	}
	return out
}

// hostAt returns what holds address a in subnet sid.
func (r *Net) hostAt(sid string, a netip.Addr) (host, bool) {
	for _, h := range r.hosts() {
		if h.subnet() == sid && h.has(a) {
			return h, true
		}
	}
	return host{}, false
}

// hostInVPC returns what holds address a in VPC v.
func (r *Net) hostInVPC(v string, a netip.Addr) (host, bool) {
	if sid := r.subnetIn(v, a); sid != "" {
		return r.hostAt(sid, a)
	}
	return host{}, false
}
