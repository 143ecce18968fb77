package reference

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// NAT gateways.
//
// AWS facts (Amazon VPC User Guide, "NAT gateways", "NAT gateway basics"
// and "DNS64 and NAT64"):
//
//   - A NAT gateway translates the source of flows initiated behind it to
//     its own private address (a public NAT gateway's Elastic IP is then
//     mapped by the internet gateway, see igw.go) and picks the source
//     port: the translated flow's source ports are 1024-65535 whatever the
//     client used.
//   - It carries TCP, UDP and ICMP over IPv4 (and, as NAT64, IPv6 TCP, UDP
//     and ICMPv6 echo to 64:ff9b::/96, translated to the IPv4 address the
//     last 32 bits hold). Other traffic is dropped.
//   - It has no security group; its subnet's network ACL applies.
//   - It does not accept flows initiated towards it. A reply to a flow it
//     translated is translated back: to the client's address and the
//     client's own source ports (an ICMP reply keeps its type). A reply
//     routed through a NAT gateway that did not translate its flow is
//     dropped, since the gateway would rewrite it.

var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// nat64Embedded returns the IPv4 address a NAT64 address embeds.
func nat64Embedded(a netip.Addr) netip.Addr {
	b := a.As16()
	return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
}

// nat64Address returns the NAT64 address embedding IPv4 address a.
func nat64Address(a netip.Addr) netip.Addr {
	b := nat64.Addr().As16()
	v := a.As4()
	copy(b[12:], v[:])
	return netip.AddrFrom16(b)
}

// natRecord is what a NAT gateway remembers of a flow it translated.
type natRecord struct {
	nat   string
	src   netip.Addr
	sport vpc.PortRange
	nat64 bool
}

// natGateway carries a packet arriving at NAT gateway g.
func (w *walk) natGateway(g *vpc.NATGateway, p packet) {
	addressed := p.dst == g.PrivateIP
	id := host{nat: g}.id()
	if !w.reply {
		if addressed {
			w.fail(sim.NATInbound)
			return
		}
		rec := natRecord{nat: g.ID, src: p.src, sport: p.sport}
		switch {
		case nat64.Contains(p.dst) && (p.hasPorts() || p.proto == 58 && p.icmpT == 128):
			rec.nat64 = true
			p.dst = nat64Embedded(p.dst)
			if p.proto == 58 {
				p.proto, p.icmpT, p.icmpC = 1, 8, 0
			}
		case !p.dst.Is4() || !(p.hasPorts() || p.proto == 1):
			w.fail(sim.NATProtocol)
			return
		}
		w.nats = append(w.nats, rec)
		p.src, p.srcVPC = g.PrivateIP, w.r.vpcOf(g.Subnet)
		if p.hasPorts() {
			p.sport = vpc.Ports(1024, 65535)
		}
		w.leave(g.Subnet, p, id)
		return
	}
	if !addressed {
		w.fail(sim.NATInbound)
		return
	}
	for i := len(w.nats) - 1; i >= 0; i-- {
		rec := w.nats[i]
		if rec.nat != g.ID {
			continue
		}
		p.dst = rec.src
		if p.hasPorts() {
			p.dport = rec.sport
		}
		if rec.nat64 {
			p.src = nat64Address(p.src)
			if p.proto == 1 {
				p.proto, p.icmpT, p.icmpC = 58, 129, 0
			}
		}
		w.leave(g.Subnet, p, id)
		return
	}
	w.fail(sim.NATInbound)
}
