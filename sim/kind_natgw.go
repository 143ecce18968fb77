package sim

import (
	"fmt"
	"net/netip"

	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the NAT gateway: its checks, its compiled form
// (the gateway and the interface it owns in its subnet, named
// "<nat-id>/eni"), and its forwarding function, which translates flows
// initiated from behind it and reverses the translation on their replies.

// natIdx indexes Model.nats.
type natIdx int32

const noNAT natIdx = -1

func (natIdx) kind() kind { return kindNAT }

// cNAT is a compiled NAT gateway.
type cNAT struct {
	id      string
	eni     eniIdx
	private bool
}

// natEntry is a NAT gateway's connection-tracking entry: the client address
// and ports it translated.
type natEntry struct {
	nat      natIdx
	src      netip.Addr
	slo, shi uint16
	srcVPC   vpcIdx
	nat64    bool // IPv6 translated to IPv4
}

func (v *validator) checkNAT(r vres, _ int, g *vpc.NATGateway) {
	r.ref("subnet", kindSubnet, g.Subnet, true)
	switch g.Connectivity {
	case "", vpc.NATPublic:
		if !g.ElasticIP.IsValid() {
			r.errf("elasticIp", ErrInvalidValue, "required: a public nat gateway needs an elastic ip")
		} else {
			r.publicAddr("elasticIp", g.ElasticIP)
		}
	case vpc.NATPrivate:
		if g.ElasticIP.IsValid() {
			r.errf("elasticIp", ErrInvalidValue, "%s: a private nat gateway has no elastic ip", g.ElasticIP)
		}
	default:
		r.errf("connectivity", ErrInvalidValue, "%q: want public or private", g.Connectivity)
	}
	if g.PrivateIP.IsValid() {
		block, ok := v.subnetPrefix(g.Subnet, 4)
		r.subnetAddr("privateIp", g.PrivateIP, 4, block, ok, v.subnetVPC(g.Subnet))
	}
}

// natDemand claims a NAT gateway's address in its subnet: the declared one,
// or one to assign.
func natDemand(n *Network, claim func(string, ...netip.Addr)) {
	for i := range n.NATGateways {
		g := &n.NATGateways[i]
		if g.PrivateIP.IsValid() {
			claim(g.Subnet, g.PrivateIP)
		} else {
			claim(g.Subnet)
		}
	}
}

// checkNATTarget checks that a route's NAT gateway is in the route table's
// VPC.
func checkNATTarget(v *validator, r vres, field string, j int, tid, vpcID string) {
	r.targetInVPC(field, kindNAT, tid, v.subnetVPC(v.n.NATGateways[j].Subnet), vpcID)
}

// natInterfaces returns the interfaces of the NAT gateways: each compiles
// into a cNAT owning it, with no security groups and no source/destination
// check.
func natInterfaces(c *compiler) []pendingENI {
	var out []pendingENI
	for i := range c.n.NATGateways {
		g := &c.n.NATGateways[i]
		e := &vpc.NetworkInterface{ID: natENIName(g.ID), Subnet: g.Subnet, Kind: vpc.KindNATGateway, Owner: g.ID, PublicIP: g.ElasticIP}
		if g.PrivateIP.IsValid() {
			e.PrivateIPs = []netip.Addr{g.PrivateIP}
		}
		out = append(out, pendingENI{decl: e, adopt: func(c *compiler, e *cENI, i eniIdx) {
			m := c.m
			e.sgs = nil // NAT gateways have no security groups
			e.sdcheck = false
			e.nat = natIdx(len(m.nats))
			m.nats = append(m.nats, cNAT{id: g.ID, eni: i, private: g.IsPrivate()})
			add(c, g.ID, e.nat)
		}})
	}
	return out
}

// nat is the NAT gateway forwarding function. Forward: translate the
// source of a TCP, UDP or ICMP flow to the gateway's private address and
// send it on from the gateway's subnet. Reply: reverse the translation.
func (w *walker) nat(n natIdx, p pkt, addressed bool) {
	m := w.m
	N := &m.nats[n]
	E := &m.enis[N.eni]
	if !w.reply {
		if addressed {
			w.fail(NATInbound, kindNAT, N.id, StepNAT, func() string {
				return fmt.Sprintf("%s only translates flows initiated from behind it", N.id)
			})
			return
		}
		if w.sig != nil {
			*w.sig = append(*w.sig, 'N') // only some protocols pass here
		}
		nat64 := nat64Prefix.Contains(p.dst) && (p.proto == protoTCP || p.proto == protoUDP || p.proto == protoICMPv6 && p.dlo>>8 == icmpv6EchoRequest)
		if !nat64 && (!(p.proto == protoTCP || p.proto == protoUDP || p.proto == protoICMP) || !p.dst.Is4()) {
			w.fail(NATProtocol, kindNAT, N.id, StepNAT, func() string {
				return fmt.Sprintf("%s carries IPv4 TCP, UDP and ICMP, and IPv6 TCP, UDP and echo to 64:ff9b::/96 (NAT64), not %s to %s",
					N.id, m.flowDesc(p), p.dst)
			})
			return
		}
		if w.nnats == len(w.nats) {
			w.fail(RouteLoop, kindNAT, N.id, StepNAT, func() string { return "too many NAT translations on one path" })
			return
		}
		w.nats[w.nnats] = natEntry{nat: n, src: p.src, slo: p.slo, shi: p.shi, srcVPC: p.srcVPC, nat64: nat64}
		w.nnats++
		if nat64 {
			// NAT64: the embedded IPv4 destination, ICMPv6 echo as ICMP echo.
			p.dst = nat64Embedded(p.dst)
			if p.proto == protoICMPv6 {
				p.proto, p.dlo, p.dhi = protoICMP, icmpEchoRequest<<8, icmpEchoRequest<<8
			}
		}
		p.src, p.srcVPC = E.private[0], E.vpc
		if p.proto != protoICMP {
			p.slo, p.shi = 1024, 65535
		}
		w.hop(kindNAT, N.id, StepNAT, func() string { return addrText("source ", w.nats[w.nnats-1].src, " -> ", p.src) }, p)
		w.leave(E.subnet, p, N.eni)
		return
	}
	if !addressed {
		w.fail(NATInbound, kindNAT, N.id, StepNAT, func() string {
			return fmt.Sprintf("the reply is routed through %s, which did not translate the flow and would change its source", N.id)
		})
		return
	}
	for i := w.nnats - 1; i >= 0; i-- {
		t := w.nats[i]
		if t.nat != n {
			continue
		}
		p.dst = t.src
		if p.proto != protoICMP {
			p.dlo, p.dhi = t.slo, t.shi // back to the client's ports; an ICMP reply keeps its type
		}
		if t.nat64 {
			p.src = nat64Of(p.src)
			if p.proto == protoICMP {
				p.proto, p.dlo, p.dhi = protoICMPv6, icmpv6EchoReply<<8, icmpv6EchoReply<<8 // echo reply as ICMPv6
			}
		}
		w.hop(kindNAT, N.id, StepUnNAT, func() string { return addrText("destination -> ", t.src, "", netip.Addr{}) }, p)
		w.leave(E.subnet, p, N.eni)
		return
	}
	w.fail(NATInbound, kindNAT, N.id, StepUnNAT, func() string {
		return fmt.Sprintf("%s has no translation for this flow", N.id)
	})
}

// nat64Prefix is the well-known NAT64 prefix: 64:ff9b::a.b.c.d stands for
// the IPv4 host a.b.c.d, which a NAT gateway translates to.
var nat64Prefix = netip.MustParsePrefix("64:ff9b::/96")

// nat64Embedded returns the IPv4 address embedded in a NAT64 address.
func nat64Embedded(a netip.Addr) netip.Addr {
	b := a.As16()
	return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
}

// nat64Of returns the NAT64 address of IPv4 address a.
func nat64Of(a netip.Addr) netip.Addr {
	b := nat64Prefix.Addr().As16()
	v := a.As4()
	copy(b[12:], v[:])
	return netip.AddrFrom16(b)
}

// natLabel describes NAT gateway n: its addresses, and whether it is
// private.
func natLabel(m *Model, n int32) []string {
	N := &m.nats[n]
	E := &m.enis[N.eni]
	what := "NAT gateway " + E.private[0].String()
	if N.private {
		what = "private " + what
	}
	if E.public.IsValid() {
		what += " / " + E.public.String()
	}
	return []string{N.id, what}
}

// natPlace puts a NAT gateway in its subnet's cluster.
func natPlace(m *Model, n int32) (vpcIdx, subnetIdx) { return noVPC, m.enis[m.nats[n].eni].subnet }
