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
		if e, ok := m.byPublic[p.dst]; ok {
			v := m.enis[e].vpc
			g := m.vpcs[v].igw
			if g == noIGW {
				w.fail(NoInternetGateway, kindInternet, internetID, StepInternet, func() string {
					return fmt.Sprintf("%s belongs to %s, which has no attached internet gateway", p.dst, m.vpcs[v].id)
				})
				return
			}
			w.hop(kindInternet, internetID, StepInternet, nil, p)
			w.igwIn(g, e, p)
			return
		}
	} else if v := m.vpcOf6(p.dst); v != noVPC {
		w.hop(kindInternet, internetID, StepInternet, nil, p)
		switch V := &m.vpcs[v]; {
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
}

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
