package reference

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Verdict is the reference's answer: the status and, unless reachable,
// the reason.
type Verdict struct {
	Status sim.Status
	Reason sim.Reason
}

// String formats v as "reachable" or "blocked (SG_INGRESS)".
func (v Verdict) String() string {
	if v.Status == sim.Reachable {
		return "reachable"
	}
	return fmt.Sprintf("%s (%s)", v.Status, v.Reason)
}

// endpoint is a resolved end of a query: an interface at one of its
// addresses, or an internet host.
type endpoint struct {
	eni  *vpc.NetworkInterface
	addr netip.Addr
	// onPrem is the on-premises network of a host there.
	onPrem string
}

// Verdict answers q: whether its flow reaches the destination and its
// replies come back. The flow is the query's protocol (TCP when zero), its
// destination port or ICMP message (echo request when nil) and its source
// ports (SrcPort, else EphemeralPorts, else 1024-65535).
//
// An error means the reference cannot answer: the network leaves
// addresses to the engine, the query names something the network does
// not have, or it uses what the reference does not model (subnet hosts,
// the free internet endpoint, a NAT gateway as source).
func (r *Net) Verdict(q sim.Query) (Verdict, error) {
	if err := r.explicit(); err != nil {
		return Verdict{}, err
	}
	p, err := flowOf(q)
	if err != nil {
		return Verdict{}, err
	}
	src, err := r.source(q)
	if err != nil {
		return Verdict{}, err
	}
	p.src = src.addr
	if src.eni != nil {
		p.srcVPC = r.vpcOf(src.eni.Subnet)
	}

	// The destination, and where the request must arrive.
	var g goal
	to := q.To
	if src.onPrem != "" && (to.LatticeService != "" || to.LoadBalancer != "" || to.Internet || to.ENI == "" && to.OnPrem == "") {
		return Verdict{}, fmt.Errorf("reference: from on premises, only interfaces and on-premises hosts are modelled destinations (%s)", q)
	}
	switch {
	case to.OnPrem != "":
		o, err := r.onPremEnd(to, "to")
		if err != nil {
			return Verdict{}, err
		}
		if src.eni == nil && src.onPrem == "" {
			return Verdict{}, fmt.Errorf("reference: from the internet to on premises is not modelled (%s)", q)
		}
		if src.onPrem == o.onPrem {
			return Verdict{}, fmt.Errorf("reference: source and destination are in one on-premises network (%s)", q)
		}
		p.dst, g.onPrem, g.onPremAddr = o.addr, o.onPrem, o.addr
	case to.LatticeService != "":
		return r.latticeVerdict(q, src, p) // lattice.go
	case to.ResourceConfiguration != "":
		return r.resourceVerdict(q, src, p) // lattice_resource.go
	case to.Subnet != "":
		return Verdict{}, fmt.Errorf("reference: subnet hosts are not modelled (%s)", q)
	case to.Internet:
		if !to.Addr.IsValid() {
			return Verdict{}, fmt.Errorf("reference: the free internet endpoint is not modelled (%s)", q)
		}
		p.dst, g.internet = to.Addr, to.Addr
	case to.LoadBalancer != "":
		lb := r.lb(to.LoadBalancer)
		if lb == nil {
			return Verdict{}, fmt.Errorf("reference: no load balancer %q (%s)", to.LoadBalancer, q)
		}
		from := ""
		if src.eni != nil {
			from = src.eni.Subnet
		}
		node := r.entryNode(lb, from)
		p.dst, g.host = node.PrivateIPs[0], node.ID
		if q.IPv6 {
			return Verdict{}, fmt.Errorf("reference: IPv6 load balancers are not modelled (%s)", q)
		}
		if src.eni == nil {
			if lb.Scheme.IsInternal() {
				return Verdict{sim.Blocked, sim.NoPublicIP}, nil
			}
			p.dst = host{eni: node}.publicOf(p.dst)
			if !p.dst.IsValid() {
				return Verdict{sim.Blocked, sim.NoPublicIP}, nil
			}
		}
	case to.ENI == "" && r.isAnyDNS(to.Addr):
		p.dst, g.dns = to.Addr, true
	case to.ENI == "" && r.serviceOf(to.Addr) != "":
		if src.eni == nil {
			return Verdict{}, fmt.Errorf("reference: both ends outside the network (%s)", q)
		}
		p.dst, g.service = to.Addr, r.serviceOf(to.Addr)
	default:
		if h, _, ok := r.publicOwner(to.Addr); ok && to.ENI == "" {
			// A public address of the network: reached through the
			// internet, whoever sends.
			if src.eni != nil && h.eni == src.eni {
				return Verdict{}, fmt.Errorf("reference: source and destination are the same interface (%s)", q)
			}
			p.dst, g.host = to.Addr, h.id()
			break
		}
		if to.ENI == "" && IsInternet(to.Addr) && !r.isPrivate(to.Addr) {
			p.dst, g.internet = to.Addr, to.Addr
			break
		}
		dst, err := r.interfaceEnd(to, q.IPv6, "to")
		if err != nil {
			return Verdict{}, err
		}
		if src.eni == dst.eni {
			return Verdict{}, fmt.Errorf("reference: source and destination are the same interface (%s)", q)
		}
		p.dst, g.host = dst.addr, dst.eni.ID
		if src.eni == nil && src.onPrem == "" && dst.addr.Is4() {
			// From the internet, an interface is reached at the public
			// address of its private one.
			p.dst = host{eni: dst.eni}.publicOf(dst.addr)
			if !p.dst.IsValid() {
				return Verdict{sim.Blocked, sim.NoPublicIP}, nil
			}
		}
	}
	if p.src.Is4() != p.dst.Is4() {
		return Verdict{}, fmt.Errorf("reference: %s and %s are of different address families (%s)", p.src, p.dst, q)
	}

	g.call = q.Call
	w := newWalk(r, false, g)
	switch {
	case src.eni != nil:
		w.send(src.eni, p)
	case src.onPrem != "":
		w.fromOnPrem(src.onPrem, p)
	default:
		w.internet(p)
	}
	if w.err != nil {
		return Verdict{}, w.err
	}
	if !w.ok {
		return Verdict{sim.Blocked, w.reason}, nil
	}
	if w.atDNS {
		return Verdict{sim.Reachable, sim.NoReason}, nil // its replies are not filtered either
	}
	rp, wantReply := replyTo(w.final)
	if !wantReply {
		return Verdict{sim.Reachable, sim.NoReason}, nil
	}
	back := newWalk(r, true, goal{internet: src.addr})
	switch {
	case src.eni != nil:
		back.goal = goal{host: src.eni.ID}
	case src.onPrem != "":
		back.goal = goal{onPrem: src.onPrem, onPremAddr: src.addr}
	}
	back.nats, back.tracked, back.fwd, back.pins = w.nats, w.tracked, w.fwd, w.pins
	if w.atOnPrem != "" {
		back.fromOnPrem(w.atOnPrem, rp)
	} else if id, ok := strings.CutPrefix(w.at, "gw:"); ok {
		// The service's reply enters the VPC through the gateway endpoint.
		back.local(r.vpcEndpoint(id).VPC, rp, "")
	} else if w.at != "" {
		e := r.eni(w.at)
		if e == nil {
			// Only interfaces are destinations: a NAT gateway refuses
			// flows addressed to it.
			return Verdict{}, fmt.Errorf("reference: arrived at %s, which is not an interface", w.at)
		}
		rp.srcVPC = r.vpcOf(e.Subnet)
		back.send(e, rp)
	} else {
		back.internet(rp)
	}
	if back.ok {
		back.symmetric()
	}
	if !back.ok {
		return Verdict{sim.ReplyBlocked, back.reason}, nil
	}
	if lb := r.lbOf[w.at]; lb != nil {
		return r.proxy(lb, r.eni(w.at), w.final, q, 0), nil
	}
	if r.isPrivateLink(w.at) {
		return r.privateLink(r.eni(w.at), w.final, q), nil // privatelink.go
	}
	return Verdict{sim.Reachable, sim.NoReason}, nil
}

// flowOf returns the packet of q's flow, without addresses.
func flowOf(q sim.Query) (packet, error) {
	p := packet{proto: int(q.Protocol)}
	if q.Protocol == 0 {
		p.proto = 6
	}
	switch {
	case q.Protocol == vpc.ProtocolAll || p.proto < 0 || p.proto > 255:
		return p, fmt.Errorf("reference: want one protocol, got %s", q.Protocol)
	case p.hasPorts():
		if q.Port == 0 {
			return p, fmt.Errorf("reference: want a port (%s)", q)
		}
		p.dport = vpc.Port(q.Port)
		p.sport = q.EphemeralPorts
		if p.sport.IsZero() {
			p.sport = vpc.Ports(1024, 65535)
		}
		if q.SrcPort != 0 {
			p.sport = vpc.Port(q.SrcPort)
		}
	case p.isICMP():
		p.icmpT, p.icmpC = 8, 0
		if p.proto == 58 {
			p.icmpT = 128
		}
		if q.ICMP != nil {
			p.icmpT, p.icmpC = icmpTypeCode(q.ICMP)
		}
	}
	return p, nil
}

// isPrivate reports whether a is an address of some interface or NAT
// gateway.
func (r *Net) isPrivate(a netip.Addr) bool {
	return slices.ContainsFunc(r.hosts(), func(h host) bool { return h.has(a) })
}

// source resolves q.From.
func (r *Net) source(q sim.Query) (endpoint, error) {
	from := q.From
	switch {
	case from.OnPrem != "":
		return r.onPremEnd(from, "from")
	case from.Subnet != "":
		return endpoint{}, fmt.Errorf("reference: subnet hosts are not modelled (%s)", q)
	case from.Internet:
		if !from.Addr.IsValid() {
			return endpoint{}, fmt.Errorf("reference: the free internet endpoint is not modelled (%s)", q)
		}
		return endpoint{addr: from.Addr}, nil
	case from.ENI == "":
		if h, priv, ok := r.publicOwner(from.Addr); ok {
			if h.eni == nil {
				return endpoint{}, fmt.Errorf("reference: %s is a NAT gateway's address; NAT gateways originate nothing (%s)", from.Addr, q)
			}
			return endpoint{eni: h.eni, addr: priv}, nil
		}
		if IsInternet(from.Addr) && !r.isPrivate(from.Addr) {
			return endpoint{addr: from.Addr}, nil
		}
	}
	return r.interfaceEnd(from, q.IPv6, "from")
}

// interfaceEnd resolves an endpoint naming an interface (by ID,
// optionally with one of its addresses) or one of its private addresses.
func (r *Net) interfaceEnd(ep sim.Endpoint, ipv6 bool, field string) (endpoint, error) {
	if ep.ENI == "" {
		var found []*vpc.NetworkInterface
		for i := range r.ifaces {
			if e := &r.ifaces[i]; (host{eni: e}).has(ep.Addr) {
				found = append(found, e)
			}
		}
		if len(found) != 1 {
			return endpoint{}, fmt.Errorf("reference: %s %s: %d interfaces hold the address, want one", field, ep.Addr, len(found))
		}
		return endpoint{eni: found[0], addr: ep.Addr}, nil
	}
	e := r.eni(ep.ENI)
	switch {
	case e == nil:
		return endpoint{}, fmt.Errorf("reference: %s: no interface %q", field, ep.ENI)
	case ep.Addr.IsValid():
		if !(host{eni: e}).has(ep.Addr) {
			return endpoint{}, fmt.Errorf("reference: %s: %s is not an address of %s", field, ep.Addr, e.ID)
		}
		return endpoint{eni: e, addr: ep.Addr}, nil
	case ipv6:
		if len(e.IPv6Addrs) == 0 {
			return endpoint{}, fmt.Errorf("reference: %s: %s has no IPv6 address", field, e.ID)
		}
		return endpoint{eni: e, addr: e.IPv6Addrs[0]}, nil
	}
	return endpoint{eni: e, addr: e.PrivateIPs[0]}, nil
}

// onPremEnd resolves an endpoint naming a host of an on-premises network.
func (r *Net) onPremEnd(ep sim.Endpoint, field string) (endpoint, error) {
	o := r.onPrem(ep.OnPrem)
	switch {
	case o == nil:
		return endpoint{}, fmt.Errorf("reference: %s: no on-premises network %q", field, ep.OnPrem)
	case !ep.Addr.IsValid():
		return endpoint{}, fmt.Errorf("reference: %s: any host of %s is not modelled; name an address", field, ep.OnPrem)
	case !slices.ContainsFunc(o.CIDRs, func(p netip.Prefix) bool { return p.Contains(ep.Addr) }):
		return endpoint{}, fmt.Errorf("reference: %s: %s is not an address of %s", field, ep.Addr, o.ID)
	}
	return endpoint{addr: ep.Addr, onPrem: o.ID}, nil
}
