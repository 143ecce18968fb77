package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

type cSubnet struct {
	id    string
	vpc   int32
	az    string
	cidr  netip.Prefix
	ipv6  netip.Prefix
	rtb   int32
	acl   int32
	addrs []addrENI // private addresses (IPv4 and IPv6), sorted
	hop   bool      // holds a route target or a transit gateway attachment (see markHops)
}

type addrENI struct {
	addr netip.Addr
	eni  int32
}

func (v *validator) checkSubnet(r vres, i int, s *vpc.Subnet) {
	vp := r.vpcRef("vpc", s.VPC, true)
	if s.AvailabilityZone == "" {
		r.errf("availabilityZone", ErrInvalidValue, "required: want an availability zone")
	}
	if r.prefix("cidr", s.CIDR, ipv4BlockRule) {
		if vp != nil && v.insideVPC(r, s, vp) {
			v.siblings(r, "cidr", s.VPC, false, s.CIDR)
		}
		if c := vpc.UsableAddresses(s.CIDR); v.demand[i] > c {
			r.errf("cidr", ErrCapacity, "%d addresses needed, /%d has %d usable", v.demand[i], s.CIDR.Bits(), c)
		}
	}
	if r.prefix("ipv6Cidr", s.IPv6CIDR, ipv6BlockRule) && vp != nil {
		switch {
		case vp.IPv6CIDR == netip.Prefix{}:
			r.errf("ipv6Cidr", ErrInvalidValue, "vpc %q has no ipv6 cidr", s.VPC)
		case !covers(vp.IPv6CIDR, s.IPv6CIDR):
			r.errf("ipv6Cidr", ErrInvalidValue, "%s is not inside the ipv6 cidr %s of vpc %q", s.IPv6CIDR, vp.IPv6CIDR, s.VPC)
		default:
			v.siblings(r, "ipv6Cidr", s.VPC, true, s.IPv6CIDR)
		}
	}
}

// insideVPC reports whether the subnet's IPv4 CIDR lies inside one of its
// VPC's CIDRs, reporting it when it does not. A VPC with no usable CIDR is
// reported on the VPC instead.
func (v *validator) insideVPC(r vres, s *vpc.Subnet, vp *vpc.VPC) bool {
	var valid []string
	for _, c := range vp.CIDRs {
		if covers(c, s.CIDR) {
			return true
		}
		if c.IsValid() {
			valid = append(valid, c.String())
		}
	}
	if len(valid) > 0 {
		r.errf("cidr", ErrInvalidValue, "%s is not inside a cidr of vpc %q (%s)", s.CIDR, s.VPC, strings.Join(valid, ", "))
	}
	return false
}

// siblings reports the earlier subnets of the VPC whose CIDR of the same
// family overlaps p, then records p.
func (v *validator) siblings(r vres, field, vpcID string, v6 bool, p netip.Prefix) {
	key := blockKey{vpcID, v6}
	for _, b := range v.blocks[key] {
		if b.p.Overlaps(p) {
			r.errf(field, ErrOverlap, "%s overlaps subnet %q (%s)", p, b.id, b.p)
		}
	}
	v.blocks[key] = append(v.blocks[key], subnetBlock{r.id, p})
}

// originate starts a walk from the host of subnet s (subnet-level
// queries): no security groups, then the subnet's routing.
func (w *walker) originate(s int32, p pkt) {
	if v := w.m.subnets[s].vpc; w.m.isDNS(v, p.dst) {
		w.dns(v, p)
		return
	}
	w.leave(s, p, -1)
}

// leave is the subnet forwarding function for a packet leaving through
// subnet s's router: same-subnet delivery, else the route table, the
// network ACL outbound (when the next hop is outside the subnet), and the
// route's target.
func (w *walker) leave(s int32, p pkt, from int32) {
	m := w.m
	S := &m.subnets[s]
	if S.contains(p.dst) {
		if w.goal.subnet == s && w.goal.addr == p.dst {
			w.hop(KindSubnet, S.id, StepSwitch, func() string { return "same subnet: no route table or network ACL" }, p)
			w.arriveSubnet(s, p)
			return
		}
		t := S.eniAt(p.dst)
		if t < 0 || t == from {
			w.fail(UnknownDestination, KindSubnet, S.id, StepSwitch, func() string {
				return fmt.Sprintf("no interface in %s has address %s", S.id, p.dst)
			})
			return
		}
		w.hop(KindSubnet, S.id, StepSwitch, func() string { return "same subnet: no route table or network ACL" }, p)
		w.receive(t, p)
		return
	}
	// Look the route up first only to know whether the next hop is in
	// this subnet (a NAT gateway, appliance or transit gateway attachment
	// here); otherwise the network ACL outbound applies before the route,
	// as AWS evaluates them.
	T := &m.rtbs[S.rtb]
	w.touch(resRTB, S.rtb)
	ri := -1
	if !reservedDst(p.dst) {
		ri = T.lookup(p.dst)
	}
	var r *cRoute
	next, nextENI, att := int32(-1), int32(-1), int32(-1)
	if ri >= 0 && !T.routes[ri].blackhole {
		r = &T.routes[ri]
		switch r.target.Kind {
		case vpc.TargetNATGateway:
			nextENI = m.nats[r.tidx].eni
		case vpc.TargetNetworkInterface:
			nextENI = r.tidx
		case vpc.TargetTransitGateway:
			if att = m.attachmentOf(S.vpc, r.tidx); att >= 0 {
				next = m.attachSubnet(att, S.az)
			}
		}
		if nextENI >= 0 {
			next = m.enis[nextENI].subnet
		}
	}
	// Traffic to a transit gateway attachment in this same subnet still
	// meets the subnet's ACL, outbound and then inbound (see tgw).
	if (next != s || att >= 0) && !w.aclCheck(s, false, p) {
		return
	}
	switch {
	case reservedDst(p.dst):
		w.fail(ReservedRange, KindSubnet, S.id, StepRoute, func() string {
			return fmt.Sprintf("%s is in a range the VPC router does not forward", p.dst)
		})
		return
	case ri < 0:
		w.fail(NoRoute, KindSubnet, S.id, StepRoute, func() string {
			return fmt.Sprintf("no route in %s matches %s", T.id, p.dst)
		})
		return
	case r == nil:
		w.failRef(BlackholeRoute, KindSubnet, S.id, StepRoute, m.routeRef(S.rtb, ri), func() string {
			return fmt.Sprintf("%s: blackhole", m.routeString(S.rtb, ri))
		})
		return
	case r.target.Kind == vpc.TargetTransitGateway && att < 0:
		w.fail(BadState, KindSubnet, S.id, StepRoute, func() string {
			return fmt.Sprintf("%s: %s has no attachment to %s", m.routeString(S.rtb, ri), m.vpcs[S.vpc].id, m.tgws[r.tidx].id)
		})
		return
	case att >= 0 && next < 0:
		w.fail(AZMismatch, KindSubnet, S.id, StepRoute, func() string {
			return fmt.Sprintf("%s has no subnet in %s, so traffic from %s cannot reach %s", m.tgwAtts[att].id, S.az, S.id, m.tgws[r.tidx].id)
		})
		return
	}
	w.hopRef(KindSubnet, S.id, StepRoute, m.routeRef(S.rtb, ri), func() string { return m.routeString(S.rtb, ri) }, p)
	switch {
	case r.local:
		w.local(S.vpc, p, s)
	case nextENI >= 0:
		w.enter(next, p, nextENI, s)
	case att >= 0:
		w.tgw(att, next, p)
	case r.target.Kind == vpc.TargetInternetGateway:
		w.igwOut(r.tidx, p)
	case r.target.Kind == vpc.TargetEgressOnlyGateway:
		w.eigwOut(r.tidx, p)
	case r.target.Kind == vpc.TargetPeeringConnection:
		w.peering(r.tidx, S.vpc, p)
	}
}

// enter is the subnet forwarding function for a packet arriving from
// outside subnet s (from is the subnet it came from, or -1): the network
// ACL inbound, then the interface to (or the one holding the destination).
func (w *walker) enter(s int32, p pkt, to int32, from int32) {
	m := w.m
	S := &m.subnets[s]
	if w.loop(KindSubnet, S.id) {
		return
	}
	if s != from && !w.aclCheck(s, true, p) {
		return
	}
	if to < 0 && w.goal.subnet == s && w.goal.addr == p.dst {
		w.arriveSubnet(s, p)
		return
	}
	if to < 0 {
		to = S.eniAt(p.dst)
		if to < 0 {
			w.fail(UnknownDestination, KindSubnet, S.id, StepLocal, func() string {
				return fmt.Sprintf("no interface in %s has address %s", S.id, p.dst)
			})
			return
		}
	}
	w.receive(to, p)
}

// arriveSubnet delivers p to the host of subnet s that stands for the
// subnet in subnet-level queries; its security groups allow everything.
func (w *walker) arriveSubnet(s int32, p pkt) {
	w.hop(KindSubnet, w.m.subnets[s].id, StepDeliver, func() string { return "subnet host (security groups not evaluated)" }, p)
	w.ok, w.atENI, w.atSubnet, w.final = true, -1, s, p
}

func (s *cSubnet) contains(a netip.Addr) bool {
	return s.cidr.Contains(a) || (s.ipv6.IsValid() && s.ipv6.Contains(a))
}

// eniAt returns the interface of the subnet holding address a, or -1.
func (s *cSubnet) eniAt(a netip.Addr) int32 {
	i, ok := slices.BinarySearchFunc(s.addrs, a, func(x addrENI, a netip.Addr) int { return x.addr.Compare(a) })
	if !ok {
		return -1
	}
	return s.addrs[i].eni
}
