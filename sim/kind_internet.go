package sim

import (
	"fmt"
	"net/netip"
)

// This file is the room of the internet: the public address space and its
// forwarding function, which delivers to internet hosts and hands packets
// for the network's public addresses to the gateways of their VPCs.

// internetID names the internet on paths and in the graph.
const internetID = "internet"

// internetRef is the internet as a component: there is one.
var internetRef = ref{kindInternet, 0}

// internetNodes adds the internet's graph node.
func internetNodes(g *graphBuilder) { g.add(internetRef, internetID) }

// internet is the forwarding function of the internet: deliver to an
// internet host, or hand a packet for a public address of the network to
// the gateway of its VPC.
func (w *walker) internet(p pkt) {
	m := w.m
	if w.loop(kindInternet, internetID) {
		return
	}
	if p.dst.Is4() {
		if v, priv := m.privateOf(p.dst); v != noVPC {
			g := m.vpcs[v].igw
			if g == noIGW {
				w.fail(NoInternetGateway, kindInternet, internetID, StepInternet, func() string {
					return fmt.Sprintf("%s belongs to %s, which has no attached internet gateway", p.dst, m.vpcs[v].id)
				})
				return
			}
			w.hop(kindInternet, internetID, StepInternet, nil, p)
			w.igwIn(g, priv, p)
			return
		}
	} else if v := m.vpcOf6(p.dst); v != noVPC {
		w.hop(kindInternet, internetID, StepInternet, nil, p)
		switch V := &m.vpcs[v]; {
		case w.reply && w.outEIGW && V.eigw != noEIGW:
			w.eigwIn(V.eigw, v, p) // the reply returns through the gateway that carried the flow
		case V.igw != noIGW:
			w.igwIn6(V.igw, v, p)
		case V.eigw != noEIGW:
			w.eigwIn(V.eigw, v, p)
		default:
			w.fail(NoInternetGateway, kindInternet, internetID, StepInternet, func() string {
				return fmt.Sprintf("%s has no internet gateway", V.id)
			})
		}
		return
	}
	if !isInternetAddr(p.dst) {
		w.fail(NoRoute, kindInternet, internetID, StepInternet, func() string {
			return fmt.Sprintf("%s is not a public address: the internet does not route it", p.dst)
		})
		return
	}
	if m.inAnyVPC(p.dst) {
		w.fail(NoRoute, kindInternet, internetID, StepInternet, func() string {
			return fmt.Sprintf("%s lies in a VPC's CIDRs but is no public or Elastic IP: the internet does not route it", p.dst)
		})
		return
	}
	if s := m.serviceAt(p.dst); s != noAWS {
		if s != w.goal.service() {
			w.fail(UnknownDestination, kindInternet, internetID, StepInternet, func() string {
				return fmt.Sprintf("%s is an address of %s, not the destination", p.dst, m.awsSvcs[s].name)
			})
			return
		}
		w.hop(kindInternet, internetID, StepInternet, nil, p)
		if w.serviceDeliver(s, p, noVPCE) {
			w.ok, w.atENI, w.atSubnet, w.final = true, noENI, noSubnet, p
		}
		return
	}
	if w.goal.internet && (w.goal.addr == p.dst || nat64Prefix.Contains(w.goal.addr) && nat64Embedded(w.goal.addr) == p.dst) {
		w.hop(kindInternet, internetID, StepDeliver, nil, p)
		w.ok, w.atENI, w.atSubnet, w.final = true, noENI, noSubnet, p
		return
	}
	w.fail(UnknownDestination, kindInternet, internetID, StepInternet, func() string {
		return fmt.Sprintf("%s is not the destination", p.dst)
	})
}

// notInternet are the ranges that are never routed on the internet, so
// never a public (or Elastic) IP: the one list both validation and the
// engine use.
var notInternet = []struct {
	p    netip.Prefix
	what string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "\"this network\" (0.0.0.0/8)"},
	{netip.MustParsePrefix("10.0.0.0/8"), "private (rfc 1918)"},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared (100.64.0.0/10)"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local"},
	{netip.MustParsePrefix("172.16.0.0/12"), "private (rfc 1918)"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private (rfc 1918)"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved (240.0.0.0/4)"},
	{netip.MustParsePrefix("fc00::/7"), "unique local"},
	{netip.MustParsePrefix("fe80::/10"), "link-local"},
	{netip.MustParsePrefix("ff00::/8"), "multicast"},
	{netip.MustParsePrefix("::/8"), "reserved (::/8)"},
	// Of IPv6, only global unicast (2000::/3) is routed on the internet
	// (the NAT64 prefix 64:ff9b::/96 aside, which isInternetAddr handles).
	{netip.MustParsePrefix("::/3"), "not global unicast (outside 2000::/3)"},
	{netip.MustParsePrefix("4000::/2"), "not global unicast (outside 2000::/3)"},
	{netip.MustParsePrefix("8000::/1"), "not global unicast (outside 2000::/3)"},
}

// NotInternet returns, in a new slice, the address ranges vpcsim never
// treats as internet hosts: "this network", private (RFC 1918), shared
// (100.64.0.0/10), loopback, link-local, multicast and reserved IPv4, and
// IPv6 outside global unicast 2000::/3 (unique local, link-local and
// multicast included). IPv6 addresses in the NAT64 prefix 64:ff9b::/96
// stand for the IPv4 host they embed (see [IsInternetAddr]).
func NotInternet() []netip.Prefix {
	out := make([]netip.Prefix, len(notInternet))
	for i, np := range notInternet {
		out[i] = np.p
	}
	return out
}

// IsInternetAddr reports whether a is an address the internet routes: in
// none of the [NotInternet] ranges, or a NAT64 address (64:ff9b::/96) of
// an IPv4 address that is. Whether an address belongs to a host of the
// internet also depends on the network: addresses in a VPC's CIDRs, and
// the public and Elastic IPs of its interfaces, do not.
func IsInternetAddr(a netip.Addr) bool { return isInternetAddr(a) }

// isInternetAddr reports whether a is a public unicast address (for a
// NAT64 address, whether the IPv4 host it stands for is).
func isInternetAddr(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	if nat64Prefix.Contains(a) {
		return isInternetAddr(nat64Embedded(a))
	}
	for _, np := range notInternet {
		if np.p.Contains(a) {
			return false
		}
	}
	return true
}

// privateOf returns the VPC and private address that public IPv4 address a
// maps to through an internet gateway: an interface's public or Elastic
// IP, or a subnet host's; noVPC when a is none of them.
func (m *Model) privateOf(a netip.Addr) (vpcIdx, netip.Addr) {
	if e, ok := m.byPublic[a]; ok {
		return m.enis[e].vpc, m.enis[e].privateOf(a)
	}
	if s, ok := m.hostByPublic[a]; ok {
		return m.subnets[s].vpc, m.subnets[s].host
	}
	return noVPC, netip.Addr{}
}

// publicOf returns the public IPv4 address the internet gateway of VPC v
// maps private address a to (an interface's public or Elastic IP, or a
// subnet host's), or the zero Addr, and the interface holding a (noENI
// for a subnet host or nobody).
func (m *Model) publicOf(v vpcIdx, a netip.Addr) (netip.Addr, eniIdx) {
	if e := m.eniAt(v, a); e != noENI {
		return m.enis[e].publicOf(a), e
	}
	if s := m.subnetAt(v, a); s != noSubnet && m.subnets[s].host == a {
		return m.subnets[s].hostPublic, noENI
	}
	return netip.Addr{}, noENI
}

// hostAt reports whether a is an address of a host of VPC v: of an
// interface, or of a subnet host.
func (m *Model) hostAt(v vpcIdx, a netip.Addr) bool {
	if m.eniAt(v, a) != noENI {
		return true
	}
	s := m.subnetAt(v, a)
	return s != noSubnet && (m.subnets[s].host == a || m.subnets[s].host6 == a)
}
