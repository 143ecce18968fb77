package reference

import (
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Internet gateways and the internet.
//
// AWS facts (Amazon VPC User Guide, "Enable internet access for a VPC
// using an internet gateway", "IP addressing for your VPCs and subnets"
// and "Elastic IP addresses"):
//
//   - An internet gateway works only attached to a VPC.
//   - For IPv4 it performs one-to-one translation between a private
//     address and its public address: an interface's public IPv4 address
//     belongs to its primary private address, and an Elastic IP to the
//     private address it is associated with (primary or secondary). A
//     private address with neither has no way out or in; nor has a
//     private NAT gateway. A public NAT gateway's Elastic IP belongs to
//     its private address.
//   - IPv6 addresses are public: they pass untranslated, but only from
//     addresses of the VPC's own interfaces.
//   - From the internet, an interface is reached at a public address; the
//     internet gateway of that address's VPC translates it back.
//   - The internet carries only public addresses: not the private,
//     shared, loopback, link-local, multicast and reserved ranges.

// NotInternet are the address ranges the internet never routes.
var NotInternet = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"), netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("224.0.0.0/3"),
	netip.MustParsePrefix("::/8"), netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"), netip.MustParsePrefix("ff00::/8"),
}

// IsInternet reports whether a is a public address (for a NAT64 address,
// whether the IPv4 address it embeds is).
func IsInternet(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	if nat64.Contains(a) {
		return IsInternet(nat64Embedded(a))
	}
	return !slices.ContainsFunc(NotInternet, func(p netip.Prefix) bool { return p.Contains(a) })
}

// publicOf returns the public IPv4 address the internet gateway maps
// private address a of host h to, or the zero Addr.
func (h host) publicOf(a netip.Addr) netip.Addr {
	if h.nat != nil {
		if a == h.nat.PrivateIP {
			return h.nat.ElasticIP
		}
		return netip.Addr{}
	}
	if a == h.eni.PrivateIPs[0] {
		return h.eni.PublicIP
	}
	for _, x := range h.eni.ElasticIPs {
		if x.PrivateIP == a {
			return x.PublicIP
		}
	}
	return netip.Addr{}
}

// publicOwner returns the host whose private address maps to public
// address a, and that private address.
func (r *Net) publicOwner(a netip.Addr) (host, netip.Addr, bool) {
	if !a.IsValid() {
		return host{}, netip.Addr{}, false
	}
	for _, h := range r.hosts() {
		for _, x := range h.addrs() {
			if x.Is4() && h.publicOf(x) == a {
				return h, x, true
			}
		}
	}
	return host{}, netip.Addr{}, false
}

// internetGatewayOut carries a packet from a VPC out through internet
// gateway g.
func (w *walk) internetGatewayOut(g *vpc.InternetGateway, p packet) {
	if g.VPC == "" {
		w.fail(sim.BadState)
		return
	}
	h, ok := w.r.hostInVPC(g.VPC, p.src)
	if p.src.Is4() {
		pub := netip.Addr{}
		if ok {
			pub = h.publicOf(p.src)
		}
		if !pub.IsValid() {
			w.fail(sim.NoPublicIP)
			return
		}
		p.src = pub
	} else if !ok {
		w.fail(sim.ForeignSource)
		return
	}
	p.srcVPC = ""
	w.internet(p)
}

// internetGatewayOf returns the internet gateway attached to VPC v, or nil.
func (r *Net) internetGatewayOf(v string) *vpc.InternetGateway {
	for i := range r.n.InternetGateways {
		if g := &r.n.InternetGateways[i]; g.VPC == v {
			return g
		}
	}
	return nil
}

// vpcOfIPv6 returns the VPC whose IPv6 block holds a, or "".
func (r *Net) vpcOfIPv6(a netip.Addr) string {
	for _, v := range r.n.VPCs {
		if v.IPv6CIDR.IsValid() && v.IPv6CIDR.Contains(a) {
			return v.ID
		}
	}
	return ""
}

// internet carries a packet on the internet: to a public address of the
// network, through its VPC's gateway, or to an internet host.
func (w *walk) internet(p packet) {
	if w.repeated("internet", "", p) {
		return
	}
	r := w.r
	if p.dst.Is4() {
		if h, priv, ok := r.publicOwner(p.dst); ok {
			v := r.vpcOf(h.subnet())
			g := r.internetGatewayOf(v)
			if g == nil {
				w.fail(sim.NoInternetGateway)
				return
			}
			p.dst = priv
			w.edgeIn(g.ID, v, p) // its gateway route table, if any (hybrid.go)
			return
		}
	} else if v := r.vpcOfIPv6(p.dst); v != "" {
		switch {
		case r.internetGatewayOf(v) != nil:
			w.edgeIn(r.internetGatewayOf(v).ID, v, p)
		case r.egressOnlyOf(v) != nil:
			w.egressOnlyIn(v, p)
		default:
			w.fail(sim.NoInternetGateway)
		}
		return
	}
	if !IsInternet(p.dst) {
		w.fail(sim.NoRoute)
		return
	}
	if s := r.serviceOf(p.dst); s != "" {
		if s == w.goal.service {
			if !w.resourcePolicyDenies(s, nil, p) {
				w.arrive("", p) // the service, at its public address
			}
			return
		}
		w.fail(sim.UnknownDestination)
		return
	}
	if g := w.goal.internet; g.IsValid() && (g == p.dst || nat64.Contains(g) && nat64Embedded(g) == p.dst) {
		w.arrive("", p)
		return
	}
	w.fail(sim.UnknownDestination)
}
