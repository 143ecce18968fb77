package reference

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// The Amazon DNS resolver.
//
// AWS facts (Amazon VPC User Guide, "Amazon DNS server", "DNS attributes
// for your VPC" and "Network ACL basics"):
//
//   - The resolver answers a VPC's instances at the base of the VPC's
//     primary IPv4 CIDR plus two, at 169.254.169.253 and at fd00:ec2::253,
//     on TCP and UDP port 53.
//   - Its traffic is not filtered by security groups or network ACLs.
//   - It answers only while the VPC's DNS support (enableDnsSupport, on by
//     default) is on.

var (
	dnsLinkLocal4 = netip.MustParseAddr("169.254.169.253")
	dnsLinkLocal6 = netip.MustParseAddr("fd00:ec2::253")
)

// isDNS reports whether a is an address of VPC v's resolver.
func (r *Net) isDNS(v string, a netip.Addr) bool {
	if a == dnsLinkLocal4 || a == dnsLinkLocal6 {
		return true
	}
	x := r.vpc(v)
	return x != nil && len(x.CIDRs) > 0 && a == x.CIDRs[0].Masked().Addr().Next().Next()
}

// isAnyDNS reports whether a is an address of some VPC's resolver.
func (r *Net) isAnyDNS(a netip.Addr) bool {
	for _, v := range r.n.VPCs {
		if r.isDNS(v.ID, a) {
			return true
		}
	}
	return false
}

// dns carries a packet an interface of VPC v sent to its resolver.
func (w *walk) dns(v string, p packet) {
	switch {
	case !w.r.vpc(v).DNSSupport():
		w.fail(sim.DNSDisabled)
	case !p.hasPorts() || p.dport != vpc.Port(53):
		w.fail(sim.UnknownDestination)
	case !w.goal.dns:
		w.fail(sim.UnknownDestination)
	default:
		w.ok, w.atDNS, w.final = true, true, p
	}
}
