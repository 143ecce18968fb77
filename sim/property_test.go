package sim_test

// Property tests on random networks (see internal/gen): the engine agrees
// with a deliberately naive reference evaluator written from SEMANTICS.md,
// adding allow rules never removes reachability and deny entries never add
// any, declaration order does not matter, every hop of a path is allowed on
// its own, JSON round trips are lossless, answers are deterministic,
// OpenPorts agrees with Verdict, and the internet-any search is exact.
// A third of the networks have a transit gateway (see propOptions). The
// access analyses have their properties in property_access_test.go.
//
// Run them with: go test ./sim/ -race -run 'Prop|Regression'

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/netip"
	"runtime"
	"slices"
	"sync"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

var propCmpOpts = cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})

// =========================================================================
// Reference evaluator
//
// It works on the declarative *sim.Network only, recomputes everything on
// every call with linear scans, and follows SEMANTICS.md sections 0-2:
//
//   forward: sender SG egress; if the destination is in the sender's subnet,
//   deliver at layer 2 (no route table, no NACL); else the subnet route
//   table (longest prefix match; a prefix-list route is one route per entry;
//   at equal length a CIDR route beats a prefix-list route), the subnet NACL
//   outbound (unless the next hop is in the same subnet), the next hop
//   (local route: the subnet holding the destination, its NACL inbound and
//   then the interface; NAT gateway: its subnet's NACL inbound, source NAT
//   of TCP/UDP/ICMP to its private address and ports 1024-65535, then its
//   subnet's routes; interface: its subnet's NACL inbound, its SG ingress,
//   and forwarding only with the source/destination check off, after which
//   the source no longer matches group references; internet gateway:
//   one-to-one public address translation of a primary private address);
//   at the receiver NACL inbound then SG ingress.
//   reply: the same walk from the receiver back, where the SGs of the
//   interfaces the request passed let it through (stateful) and the others
//   (an appliance on an asymmetric return path) apply their rules on every
//   port, NACLs apply to the swapped packet (destination ports: the
//   client's ephemeral range), and NAT gateways undo their translation.
//
//   transit gateways (sim/doc.go "Peering and transit gateways", SEMANTICS
//   section 5 and the Transit Gateway Guide): a route to a transit gateway
//   enters it through the sending VPC's attachment (none: BAD_STATE) by the
//   attachment subnet in the AZ of the subnet the packet leaves (none:
//   AZ_MISMATCH). The leaving subnet's NACL outbound always applies (AWS:
//   for an instance in the attachment subnet the same ACL is evaluated
//   outbound on the destination and inbound on the source), then the
//   attachment subnet's NACL inbound. The associated route table (none:
//   NO_ROUTE) picks the longest prefix among its static routes and the
//   CIDRs propagated into it (attachments in ID order; a CIDR overlapping
//   one already propagated is dropped); at equal length a static route
//   wins; a blackhole drops. The packet leaves through the destination
//   attachment's subnet in the same AZ, else its first by AZ name, as any
//   packet leaving that subnet: switched at layer 2 to a host of that
//   subnet, else its route table and NACL outbound. A group reference
//   across a transit gateway is live only in an inbound rule, with
//   referencing on for the transit gateway and not off for either
//   attachment.
//
// The interface addresses come from the declarations, so properties using
// it generate networks with gen.Options{ExplicitAddresses: true}.
// =========================================================================

type refVerdict struct {
	Status sim.Status
	Reason sim.Reason
}

func (v refVerdict) String() string {
	if v.Status == sim.Reachable {
		return "reachable"
	}
	return fmt.Sprintf("%s (%s)", v.Status, v.Reason)
}

type refNet struct {
	n *sim.Network
}

// refPkt is a packet as the reference walks it.
type refPkt struct {
	src, dst     netip.Addr
	proto        int
	sport, dport vpc.PortRange // TCP and UDP only; never the zero (all) value
	icmpT, icmpC int
	srcVPC       string // VPC in which src is a private address, or ""
}

func (p refPkt) ports() bool { return p.proto == 6 || p.proto == 17 }

type refSG struct {
	id          string
	vpc         string
	synthesized bool
	ingress     []vpc.SGRule
	egress      []vpc.SGRule
}

type refACL struct {
	id                string
	inbound, outbound []vpc.ACLEntry
}

type refRTB struct {
	id     string
	vpc    string
	routes []vpc.Route
}

// refHolder is an interface or NAT gateway: what holds a private address.
type refHolder struct {
	eni *vpc.NetworkInterface
	nat *vpc.NATGateway
}

func (h refHolder) id() string {
	if h.nat != nil {
		return "nat:" + h.nat.ID
	}
	return h.eni.ID
}

func (h refHolder) subnet() string {
	if h.nat != nil {
		return h.nat.Subnet
	}
	return h.eni.Subnet
}

func (h refHolder) primary() netip.Addr {
	if h.nat != nil {
		return h.nat.PrivateIP
	}
	return h.eni.PrivateIPs[0]
}

func (h refHolder) public() netip.Addr {
	if h.nat != nil {
		return h.nat.ElasticIP
	}
	return h.eni.PublicIP
}

func (h refHolder) has(a netip.Addr) bool {
	if h.nat != nil {
		return h.nat.PrivateIP == a
	}
	return slices.Contains(h.eni.PrivateIPs, a)
}

// refFind returns the element of s whose key is id, or nil: the linear
// scan the reference uses for every lookup.
func refFind[T any](s []T, id string, key func(*T) string) *T {
	for i := range s {
		if key(&s[i]) == id {
			return &s[i]
		}
	}
	return nil
}

func (r *refNet) subnet(id string) *vpc.Subnet {
	return refFind(r.n.Subnets, id, func(x *vpc.Subnet) string { return x.ID })
}

func (r *refNet) vpcOfSubnet(id string) string {
	if s := r.subnet(id); s != nil {
		return s.VPC
	}
	return ""
}

func (r *refNet) vpcByID(id string) *vpc.VPC {
	return refFind(r.n.VPCs, id, func(x *vpc.VPC) string { return x.ID })
}

func (r *refNet) eni(id string) *vpc.NetworkInterface {
	return refFind(r.n.NetworkInterfaces, id, func(x *vpc.NetworkInterface) string { return x.ID })
}

func (r *refNet) nat(id string) *vpc.NATGateway {
	return refFind(r.n.NATGateways, id, func(x *vpc.NATGateway) string { return x.ID })
}

func (r *refNet) igw(id string) *vpc.InternetGateway {
	return refFind(r.n.InternetGateways, id, func(x *vpc.InternetGateway) string { return x.ID })
}

func (r *refNet) prefixList(id string) *vpc.PrefixList {
	return refFind(r.n.PrefixLists, id, func(x *vpc.PrefixList) string { return x.ID })
}

// holders returns every interface and NAT gateway of the network.
func (r *refNet) holders() []refHolder {
	var out []refHolder
	for i := range r.n.NetworkInterfaces {
		out = append(out, refHolder{eni: &r.n.NetworkInterfaces[i]})
	}
	for i := range r.n.NATGateways {
		out = append(out, refHolder{nat: &r.n.NATGateways[i]})
	}
	return out
}

// holderAt returns what holds private address a in subnet sid.
func (r *refNet) holderAt(sid string, a netip.Addr) (refHolder, bool) {
	for _, h := range r.holders() {
		if h.subnet() == sid && h.has(a) {
			return h, true
		}
	}
	return refHolder{}, false
}

// publicOwner returns what has public address a.
func (r *refNet) publicOwner(a netip.Addr) (refHolder, bool) {
	for _, h := range r.holders() {
		if p := h.public(); p.IsValid() && p == a {
			return h, true
		}
	}
	return refHolder{}, false
}

// subnetIn returns the subnet of VPC v whose CIDR contains a.
func (r *refNet) subnetIn(v string, a netip.Addr) string {
	for _, s := range r.n.Subnets {
		if s.VPC == v && s.CIDR.Contains(a) {
			return s.ID
		}
	}
	return ""
}

func (r *refNet) sgByID(id string) (refSG, bool) {
	for _, g := range r.n.SecurityGroups {
		if g.ID == id {
			return refSG{id: g.ID, vpc: g.VPC, ingress: g.Ingress, egress: g.Egress}, true
		}
	}
	for _, v := range r.n.VPCs {
		if id == v.ID+"/default-sg" {
			return r.defaultSG(v.ID), true
		}
	}
	return refSG{}, false
}

// defaultSG is the VPC's default group: the declared one, or the AWS
// default (all inbound from itself, all outbound).
func (r *refNet) defaultSG(v string) refSG {
	for _, g := range r.n.SecurityGroups {
		if g.VPC == v && g.Default {
			return refSG{id: g.ID, vpc: g.VPC, ingress: g.Ingress, egress: g.Egress}
		}
	}
	id := v + "/default-sg"
	return refSG{id: id, vpc: v, synthesized: true,
		ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, Group: id}},
		egress:  []vpc.SGRule{vpc.AllowAllEgress()}}
}

// sgsOf returns the groups of an interface (its VPC's default when it
// declares none).
func (r *refNet) sgsOf(e *vpc.NetworkInterface) []refSG {
	if len(e.SecurityGroups) == 0 {
		return []refSG{r.defaultSG(r.vpcOfSubnet(e.Subnet))}
	}
	var out []refSG
	for _, id := range e.SecurityGroups {
		if g, ok := r.sgByID(id); ok {
			out = append(out, g)
		}
	}
	return out
}

// member reports whether a is a private address, in VPC v, of an interface
// carrying group g.
func (r *refNet) member(g string, v string, a netip.Addr) bool {
	for i := range r.n.NetworkInterfaces {
		e := &r.n.NetworkInterfaces[i]
		if r.vpcOfSubnet(e.Subnet) != v || !slices.Contains(e.PrivateIPs, a) {
			continue
		}
		for _, sg := range r.sgsOf(e) {
			if sg.id == g {
				return true
			}
		}
	}
	return false
}

func (r *refNet) aclOf(sid string) refACL {
	for _, a := range r.n.NetworkACLs {
		if slices.Contains(a.Subnets, sid) {
			return refACL{a.ID, a.Inbound, a.Outbound}
		}
	}
	v := r.vpcOfSubnet(sid)
	return r.defaultACL(v)
}

func (r *refNet) defaultACL(v string) refACL {
	for _, a := range r.n.NetworkACLs {
		if a.VPC == v && a.Default {
			return refACL{a.ID, a.Inbound, a.Outbound}
		}
	}
	all := vpc.AllowAllACL(false)
	return refACL{v + "/default-acl", all, all}
}

func (r *refNet) rtbOf(sid string) refRTB {
	for _, t := range r.n.RouteTables {
		if slices.Contains(t.Subnets, sid) {
			return refRTB{t.ID, t.VPC, t.Routes}
		}
	}
	v := r.vpcOfSubnet(sid)
	for _, t := range r.n.RouteTables {
		if t.VPC == v && t.Main {
			return refRTB{t.ID, t.VPC, t.Routes}
		}
	}
	return refRTB{v + "/main-rtb", v, nil}
}

// refRouteCand is one destination prefix of a route: a CIDR route, one entry
// of a prefix-list route, or an implicit local route (index -1).
type refRouteCand struct {
	dst   netip.Prefix
	index int
	pl    string
	route vpc.Route
}

func (r *refNet) routeCands(t refRTB) []refRouteCand {
	var out []refRouteCand
	declared := map[netip.Prefix]bool{}
	for i, rt := range t.routes {
		if rt.PrefixList != "" {
			if pl := r.prefixList(rt.PrefixList); pl != nil {
				for _, e := range pl.Entries {
					out = append(out, refRouteCand{dst: e, index: i, pl: pl.ID, route: rt})
				}
			}
			continue
		}
		declared[rt.Destination] = true
		out = append(out, refRouteCand{dst: rt.Destination, index: i, route: rt})
	}
	if v := r.vpcByID(t.vpc); v != nil {
		for _, c := range v.CIDRs {
			if !declared[c] {
				out = append(out, refRouteCand{dst: c, index: -1, route: vpc.Route{Destination: c, Target: vpc.Local()}})
			}
		}
	}
	return out
}

// lpm picks the route for a: the longest prefix; at equal length a CIDR
// route before a prefix-list route, and prefix lists by ID.
func (r *refNet) lpm(t refRTB, a netip.Addr) (refRouteCand, bool) {
	var best refRouteCand
	found := false
	for _, c := range r.routeCands(t) {
		if !c.dst.Contains(a) {
			continue
		}
		switch {
		case !found, c.dst.Bits() > best.dst.Bits():
		case c.dst.Bits() < best.dst.Bits():
			continue
		case best.pl == "":
			continue
		case c.pl == "" || c.pl < best.pl:
		default:
			continue
		}
		best, found = c, true
	}
	return best, found
}

// blackhole reports whether a route drops what it matches: marked so, or
// its target is gone.
func (r *refNet) blackhole(rt vpc.Route) bool {
	if rt.Blackhole {
		return true
	}
	switch rt.Target.Kind {
	case vpc.TargetLocal:
		return false
	case vpc.TargetNATGateway:
		return r.nat(rt.Target.ID) == nil
	case vpc.TargetNetworkInterface:
		return r.eni(rt.Target.ID) == nil
	case vpc.TargetInternetGateway:
		return r.igw(rt.Target.ID) == nil
	case vpc.TargetPeeringConnection:
		return r.pcx(rt.Target.ID) == nil
	case vpc.TargetTransitGateway:
		return r.tgw(rt.Target.ID) == nil
	}
	return true
}

// icmpMsg returns a pointer to ICMP message t/c, as queries take it.
func icmpMsg(t, c uint8) *vpc.ICMP {
	i := vpc.ICMPMessage(t, c)
	return &i
}

// refTrafficMatch reports whether a rule's protocol and ports (or ICMP
// selector) select a packet with one destination port.
func refTrafficMatch(proto vpc.Protocol, ports vpc.PortRange, icmp vpc.ICMP, p refPkt, port uint16) bool {
	if proto == vpc.ProtocolAll {
		return true
	}
	if int(proto) != p.proto {
		return false
	}
	switch {
	case p.ports():
		return ports.Contains(port)
	case p.proto == 1:
		return (icmp.Type() == vpc.ICMPAny || icmp.Type() == p.icmpT) && (icmp.Code() == vpc.ICMPAny || icmp.Code() == p.icmpC)
	}
	return true
}

// peering returns the peering connection between VPCs a and b.
func (r *refNet) peering(a, b string) *vpc.PeeringConnection {
	for i := range r.n.PeeringConnections {
		p := &r.n.PeeringConnections[i]
		if p.RequesterVPC == a && p.AccepterVPC == b || p.RequesterVPC == b && p.AccepterVPC == a {
			return p
		}
	}
	return nil
}

func (r *refNet) pcx(id string) *vpc.PeeringConnection {
	return refFind(r.n.PeeringConnections, id, func(x *vpc.PeeringConnection) string { return x.ID })
}

// tgwReferencing reports whether some transit gateway with security group
// referencing on attaches VPCs a and b, neither attachment turning it off.
func (r *refNet) tgwReferencing(a, b string) bool {
	for _, g := range r.n.TransitGateways {
		if !g.SecurityGroupReferencing {
			continue
		}
		x, y := r.attachmentOf(g.ID, a), r.attachmentOf(g.ID, b)
		if x != nil && y != nil && !x.SecurityGroupReferencingDisabled && !y.SecurityGroupReferencingDisabled {
			return true
		}
	}
	return false
}

func (r *refNet) tgw(id string) *vpc.TransitGateway {
	return refFind(r.n.TransitGateways, id, func(x *vpc.TransitGateway) string { return x.ID })
}

func (r *refNet) tgwAttachment(id string) *vpc.TransitGatewayAttachment {
	return refFind(r.n.TransitGatewayAttachments, id, func(x *vpc.TransitGatewayAttachment) string { return x.ID })
}

// attachmentOf returns VPC v's attachment to transit gateway g, or nil.
func (r *refNet) attachmentOf(g, v string) *vpc.TransitGatewayAttachment {
	for i := range r.n.TransitGatewayAttachments {
		if a := &r.n.TransitGatewayAttachments[i]; a.TransitGateway == g && a.VPC == v {
			return a
		}
	}
	return nil
}

// attachmentSubnet returns the attachment's subnet in Availability Zone az,
// or "".
func (r *refNet) attachmentSubnet(a *vpc.TransitGatewayAttachment, az string) string {
	for _, s := range a.Subnets {
		if r.subnet(s).AvailabilityZone == az {
			return s
		}
	}
	return ""
}

// refTGWCand is a route of a transit gateway route table: static (index in
// the table's routes) or propagated (index -1).
type refTGWCand struct {
	dst        netip.Prefix
	index      int
	propagated bool
	attachment string // "" for a blackhole
}

// tgwCands returns the routes of transit gateway route table id: its
// static routes and the CIDRs the attachments propagate into it, taken in
// attachment ID order, without those overlapping a CIDR already
// propagated.
func (r *refNet) tgwCands(id string) []refTGWCand {
	var out []refTGWCand
	for i := range r.n.TransitGatewayRouteTables {
		if t := &r.n.TransitGatewayRouteTables[i]; t.ID == id {
			for j, rt := range t.Routes {
				c := refTGWCand{dst: rt.Destination, index: j}
				if !rt.Blackhole {
					c.attachment = rt.Attachment
				}
				out = append(out, c)
			}
		}
	}
	var atts []*vpc.TransitGatewayAttachment
	for i := range r.n.TransitGatewayAttachments {
		if a := &r.n.TransitGatewayAttachments[i]; slices.Contains(a.Propagations, id) {
			atts = append(atts, a)
		}
	}
	slices.SortFunc(atts, func(a, b *vpc.TransitGatewayAttachment) int { return cmp.Compare(a.ID, b.ID) })
	var propagated []netip.Prefix
	for _, a := range atts {
		v := r.vpcByID(a.VPC)
		cidrs := slices.Clone(v.CIDRs)
		if v.IPv6CIDR.IsValid() {
			cidrs = append(cidrs, v.IPv6CIDR)
		}
		for _, c := range cidrs {
			if slices.ContainsFunc(propagated, c.Overlaps) {
				continue
			}
			propagated = append(propagated, c)
			out = append(out, refTGWCand{dst: c, index: -1, propagated: true, attachment: a.ID})
		}
	}
	return out
}

// tgwLPM picks the transit gateway route for a: the longest prefix, and at
// equal length the static route.
func (r *refNet) tgwLPM(table string, a netip.Addr) (refTGWCand, bool) {
	var best refTGWCand
	found := false
	for _, c := range r.tgwCands(table) {
		if !c.dst.Contains(a) {
			continue
		}
		if !found || c.dst.Bits() > best.dst.Bits() || c.dst.Bits() == best.dst.Bits() && best.propagated && !c.propagated {
			best, found = c, true
		}
	}
	return best, found
}

// peerMatch reports whether the peer of a rule of a group in VPC owner
// holds address a, which is a private address in VPC aVPC ("" when it is
// not a private address, "?" when that is not known). A group peer
// matches private addresses of its members, and a group of another VPC
// only across an active peering connection in the same Region (SEMANTICS
// section 2): otherwise the rule is stale and matches nothing.
func (r *refNet) peerMatch(rule vpc.SGRule, owner string, a netip.Addr, aVPC string, ingress bool) bool {
	switch {
	case rule.Group != "":
		g, ok := r.sgByID(rule.Group)
		if !ok {
			return false
		}
		if g.vpc != owner {
			p := r.peering(owner, g.vpc)
			viaPeering := p != nil && p.Status.IsActive() && r.vpcByID(owner).Region == r.vpcByID(g.vpc).Region
			if !viaPeering && !(ingress && r.tgwReferencing(owner, g.vpc)) {
				return false
			}
		}
		if ingress && aVPC != "?" && aVPC != g.vpc {
			return false
		}
		return r.member(rule.Group, g.vpc, a)
	case rule.PrefixList != "":
		pl := r.prefixList(rule.PrefixList)
		if pl == nil {
			return false
		}
		for _, e := range pl.Entries {
			if e.Contains(a) {
				return true
			}
		}
		return false
	}
	return rule.CIDR.Contains(a)
}

// sgAllows reports whether some rule of the interface's groups allows p
// (egress to p.dst, or ingress from p.src).
//
// A packet with a destination port range (a reply judged by an interface
// the request did not pass) must be allowed on every port of it, each by
// some rule.
func (r *refNet) sgAllows(e *vpc.NetworkInterface, ingress bool, p refPkt) bool {
	ports := []uint16{p.dport.From}
	if p.ports() {
		for _, g := range r.sgsOf(e) {
			for _, rule := range slices.Concat(g.ingress, g.egress) {
				n := rule.Ports
				for _, b := range []int{int(n.From), int(n.To) + 1} {
					if b > int(p.dport.From) && b <= int(p.dport.To) {
						ports = append(ports, uint16(b))
					}
				}
			}
		}
	}
	for _, port := range ports {
		if !r.sgAllowsPort(e, ingress, p, port) {
			return false
		}
	}
	return true
}

func (r *refNet) sgAllowsPort(e *vpc.NetworkInterface, ingress bool, p refPkt, port uint16) bool {
	for _, g := range r.sgsOf(e) {
		rules, peer := g.egress, p.dst
		if ingress {
			rules, peer = g.ingress, p.src
		}
		for _, rule := range rules {
			if refTrafficMatch(rule.Protocol, rule.Ports, rule.ICMP, p, port) && r.peerMatch(rule, g.vpc, peer, p.srcVPC, ingress) {
				return true
			}
		}
	}
	return false
}

// refACLFirst returns the first entry (by number) matching the packet at one
// destination port, or nil for the final implicit deny.
func refACLFirst(entries []vpc.ACLEntry, peer netip.Addr, p refPkt, port uint16) *vpc.ACLEntry {
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, func(a, b vpc.ACLEntry) int { return cmp.Compare(a.Number, b.Number) })
	for i := range sorted {
		e := &sorted[i]
		if e.CIDR.Contains(peer) && refTrafficMatch(e.Protocol, e.Ports, e.ICMP, p, port) {
			return e
		}
	}
	return nil
}

// refACLPorts returns the destination ports at which first-match decisions
// can change within p's range: its first port and every entry boundary in
// it.
func refACLPorts(entries []vpc.ACLEntry, p refPkt) []uint16 {
	if !p.ports() {
		return []uint16{0}
	}
	out := []uint16{p.dport.From}
	for _, e := range entries {
		n := e.Ports
		for _, b := range []int{int(n.From), int(n.To) + 1} {
			if b > int(p.dport.From) && b <= int(p.dport.To) {
				out = append(out, uint16(b))
			}
		}
	}
	return out
}

// aclAllows applies the subnet's NACL: every destination port of p must
// be allowed by its first matching entry.
func (r *refNet) aclAllows(sid string, inbound bool, p refPkt) bool {
	a := r.aclOf(sid)
	entries, peer := a.outbound, p.dst
	if inbound {
		entries, peer = a.inbound, p.src
	}
	for _, port := range refACLPorts(entries, p) {
		e := refACLFirst(entries, peer, p, port)
		if e == nil || e.Action != vpc.Allow {
			return false
		}
	}
	return true
}

var refNotInternet = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"), netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("224.0.0.0/3"),
}

func refIsInternet(a netip.Addr) bool {
	if !a.Is4() {
		return false
	}
	for _, p := range refNotInternet {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

type refNATRec struct {
	nat   string
	src   netip.Addr
	sport vpc.PortRange
}

// refWalk follows one packet through the declared network.
type refWalk struct {
	r       *refNet
	reply   bool
	goal    string     // refHolder ID to deliver to
	goalNet netip.Addr // internet host to deliver to
	nats    []refNATRec
	seen    map[string]bool
	// tracked holds the interfaces whose security groups the request
	// passed: on the reply they pass it by connection tracking, while
	// others (an appliance on an asymmetric return path) apply their rules.
	tracked map[string]bool

	ok     bool
	reason sim.Reason
	at     string // refHolder ID or "" for the internet
	final  refPkt
}

func (w *refWalk) fail(r sim.Reason) { w.reason = r }

// visit records a (step, component, packet) state and reports a loop when
// it repeats: the walk is deterministic, so it would repeat forever.
func (w *refWalk) visit(step, comp string, p refPkt) bool {
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	k := fmt.Sprintf("%s|%s|%+v", step, comp, p)
	if w.seen[k] {
		w.fail(sim.RouteLoop)
		return true
	}
	w.seen[k] = true
	return false
}

func (w *refWalk) send(e *vpc.NetworkInterface, p refPkt) {
	if w.visit("send", e.ID, p) {
		return
	}
	if !w.sgPass(e, false, p) {
		w.fail(sim.SGEgress)
		return
	}
	w.leave(e.Subnet, p, e.ID)
}

func (w *refWalk) leave(sid string, p refPkt, from string) {
	r := w.r
	s := r.subnet(sid)
	if s.CIDR.Contains(p.dst) {
		h, ok := r.holderAt(sid, p.dst)
		if !ok || h.id() == from {
			w.fail(sim.UnknownDestination)
			return
		}
		w.receive(h, p)
		return
	}
	t := r.rtbOf(sid)
	c, found := r.lpm(t, p.dst)
	var next refHolder
	hasNext := false
	if found && !r.blackhole(c.route) {
		switch c.route.Target.Kind {
		case vpc.TargetNATGateway:
			next, hasNext = refHolder{nat: r.nat(c.route.Target.ID)}, true
		case vpc.TargetNetworkInterface:
			next, hasNext = refHolder{eni: r.eni(c.route.Target.ID)}, true
		}
	}
	// SEMANTICS.md section 0: the NACL outbound (step 2) before the route
	// (step 3), but only for traffic leaving the subnet.
	if (!hasNext || next.subnet() != sid) && !r.aclAllows(sid, false, p) {
		w.fail(sim.NACLOutbound)
		return
	}
	switch {
	case netip.MustParsePrefix("169.254.168.0/22").Contains(p.dst):
		w.fail(sim.ReservedRange)
		return
	case !found:
		w.fail(sim.NoRoute)
		return
	case r.blackhole(c.route):
		w.fail(sim.BlackholeRoute)
		return
	}
	switch c.route.Target.Kind {
	case vpc.TargetLocal:
		w.local(s.VPC, p, sid)
	case vpc.TargetNATGateway, vpc.TargetNetworkInterface:
		w.enter(next.subnet(), p, &next, sid)
	case vpc.TargetInternetGateway:
		w.igwOut(r.igw(c.route.Target.ID), p)
	case vpc.TargetPeeringConnection:
		w.peering(r.pcx(c.route.Target.ID), s.VPC, p)
	case vpc.TargetTransitGateway:
		w.transit(r.tgw(c.route.Target.ID), s, p)
	default:
		w.fail(sim.Reason(250)) // not generated
	}
}

// peering carries a packet from VPC from across an active connection, only
// from the sending VPC's addresses to the receiving VPC's (SEMANTICS
// section 5: not transitive, no edge-to-edge routing), and delivers it by
// the receiving VPC's local route.
func (w *refWalk) peering(x *vpc.PeeringConnection, from string, p refPkt) {
	if !x.Status.IsActive() {
		w.fail(sim.BadState)
		return
	}
	to := x.AccepterVPC
	if from == x.AccepterVPC {
		to = x.RequesterVPC
	}
	in := func(v string, a netip.Addr) bool {
		return slices.ContainsFunc(w.r.vpcByID(v).CIDRs, func(c netip.Prefix) bool { return c.Contains(a) })
	}
	if !in(from, p.src) || !in(to, p.dst) {
		w.fail(sim.NonTransitive)
		return
	}
	w.local(to, p, "")
}

// transit carries a packet leaving subnet s across transit gateway g.
func (w *refWalk) transit(g *vpc.TransitGateway, s *vpc.Subnet, p refPkt) {
	r := w.r
	a := r.attachmentOf(g.ID, s.VPC)
	if a == nil {
		w.fail(sim.BadState)
		return
	}
	in := r.attachmentSubnet(a, s.AvailabilityZone)
	if in == "" {
		w.fail(sim.AZMismatch)
		return
	}
	if w.visit("tgw", a.ID+">"+in, p) {
		return
	}
	if !r.aclAllows(in, true, p) {
		w.fail(sim.NACLInbound)
		return
	}
	if a.RouteTable == "" {
		w.fail(sim.NoRoute)
		return
	}
	c, ok := r.tgwLPM(a.RouteTable, p.dst)
	switch {
	case !ok:
		w.fail(sim.NoRoute)
		return
	case c.attachment == "":
		w.fail(sim.BlackholeRoute)
		return
	}
	b := r.tgwAttachment(c.attachment)
	out := r.attachmentSubnet(b, r.subnet(in).AvailabilityZone)
	if out == "" {
		subs := slices.Clone(b.Subnets)
		slices.SortFunc(subs, func(x, y string) int {
			return cmp.Compare(r.subnet(x).AvailabilityZone, r.subnet(y).AvailabilityZone)
		})
		out = subs[0]
	}
	w.leave(out, p, "")
}

func (w *refWalk) local(v string, p refPkt, from string) {
	sid := w.r.subnetIn(v, p.dst)
	if sid == "" {
		w.fail(sim.UnknownDestination)
		return
	}
	w.enter(sid, p, nil, from)
}

func (w *refWalk) enter(sid string, p refPkt, to *refHolder, from string) {
	comp := fmt.Sprintf("%s>%v>%v", sid, to != nil && to.id() != "", sid == from)
	if to != nil {
		comp += ">" + to.id()
	}
	if w.visit("enter", comp, p) {
		return
	}
	if sid != from && !w.r.aclAllows(sid, true, p) {
		w.fail(sim.NACLInbound)
		return
	}
	if to == nil {
		h, ok := w.r.holderAt(sid, p.dst)
		if !ok {
			w.fail(sim.UnknownDestination)
			return
		}
		to = &h
	}
	w.receive(*to, p)
}

func (w *refWalk) receive(h refHolder, p refPkt) {
	if h.nat != nil {
		w.natGW(h, p)
		return
	}
	e := h.eni
	if !w.sgPass(e, true, p) {
		w.fail(sim.SGIngress)
		return
	}
	if h.has(p.dst) {
		if w.goal == h.id() {
			w.ok, w.at, w.final = true, h.id(), p
			return
		}
		w.fail(sim.UnknownDestination)
		return
	}
	if !e.SourceDestCheckDisabled {
		w.fail(sim.SourceDestCheck)
		return
	}
	// Past an appliance the source is no longer seen as a member of its
	// groups (security group references do not survive a middlebox).
	p.srcVPC = ""
	w.send(e, p)
}

// sgPass applies the security groups of interface e to p: on the request,
// and on the reply at an interface the request did not pass.
func (w *refWalk) sgPass(e *vpc.NetworkInterface, ingress bool, p refPkt) bool {
	if w.reply && w.tracked[e.ID] {
		return true
	}
	if !w.reply {
		if w.tracked == nil {
			w.tracked = map[string]bool{}
		}
		w.tracked[e.ID] = true
	}
	return w.r.sgAllows(e, ingress, p)
}

func (w *refWalk) natGW(h refHolder, p refPkt) {
	g := h.nat
	addressed := h.has(p.dst)
	if !w.reply {
		if addressed {
			w.fail(sim.NATInbound)
			return
		}
		if p.proto != 6 && p.proto != 17 && p.proto != 1 {
			w.fail(sim.NATProtocol)
			return
		}
		w.nats = append(w.nats, refNATRec{nat: g.ID, src: p.src, sport: p.sport})
		p.src, p.srcVPC = g.PrivateIP, w.r.vpcOfSubnet(g.Subnet)
		if p.ports() {
			p.sport = vpc.Ports(1024, 65535)
		}
		w.leave(g.Subnet, p, h.id())
		return
	}
	if !addressed {
		w.fail(sim.NATInbound)
		return
	}
	for i := len(w.nats) - 1; i >= 0; i-- {
		if w.nats[i].nat != g.ID {
			continue
		}
		p.dst = w.nats[i].src
		if p.ports() {
			p.dport = w.nats[i].sport
		}
		w.leave(g.Subnet, p, h.id())
		return
	}
	w.fail(sim.NATInbound)
}

func (w *refWalk) igwOut(g *vpc.InternetGateway, p refPkt) {
	if g.VPC == "" {
		w.fail(sim.BadState)
		return
	}
	for _, h := range w.r.holders() {
		if w.r.vpcOfSubnet(h.subnet()) == g.VPC && h.primary() == p.src && h.public().IsValid() {
			p.src, p.srcVPC = h.public(), ""
			w.internet(p)
			return
		}
	}
	w.fail(sim.NoPublicIP)
}

func (w *refWalk) internet(p refPkt) {
	if w.visit("internet", "", p) {
		return
	}
	if h, ok := w.r.publicOwner(p.dst); ok {
		v := w.r.vpcOfSubnet(h.subnet())
		for _, g := range w.r.n.InternetGateways {
			if g.VPC == v {
				p.dst = h.primary()
				w.local(v, p, "")
				return
			}
		}
		w.fail(sim.NoInternetGateway)
		return
	}
	if !refIsInternet(p.dst) {
		w.fail(sim.NoRoute)
		return
	}
	if w.goalNet.IsValid() && w.goalNet == p.dst {
		w.ok, w.at, w.final = true, "", p
		return
	}
	w.fail(sim.UnknownDestination)
}

// refICMPReply returns the reply type of an ICMP request type, or false when
// the message expects no reply.
func refICMPReply(t int) (int, bool) {
	switch t {
	case 8:
		return 0, true
	case 13, 15, 17:
		return t + 1, true
	}
	return 0, false
}

// verdict answers q. The query must name interfaces with explicit
// addresses, internet hosts by address, or public addresses.
func (r *refNet) verdict(q sim.Query) refVerdict {
	p := refPkt{proto: int(q.Protocol)}
	if q.Protocol == 0 {
		p.proto = 6
	}
	switch {
	case p.ports():
		p.dport = vpc.Port(q.Port)
		p.sport = q.EphemeralPorts
		if p.sport.IsZero() {
			p.sport = vpc.Ports(1024, 65535)
		}
		if q.SrcPort != 0 {
			p.sport = vpc.Port(q.SrcPort)
		}
	case p.proto == 1:
		p.icmpT, p.icmpC = 8, 0
		if q.ICMP != nil {
			p.icmpT, p.icmpC = q.ICMP.Type(), q.ICMP.Code()
		}
	}
	w := &refWalk{r: r}
	var src *vpc.NetworkInterface
	if q.From.ENI != "" {
		src = r.eni(q.From.ENI)
		p.src, p.srcVPC = src.PrivateIPs[0], r.vpcOfSubnet(src.Subnet)
	} else {
		p.src = q.From.Addr
	}
	switch {
	case q.To.ENI != "":
		dst := r.eni(q.To.ENI)
		w.goal = dst.ID
		p.dst = dst.PrivateIPs[0]
		if src == nil {
			if !dst.PublicIP.IsValid() {
				return refVerdict{sim.Blocked, sim.NoPublicIP}
			}
			p.dst = dst.PublicIP
		}
	case q.To.Internet:
		w.goalNet, p.dst = q.To.Addr, q.To.Addr
	default:
		h, ok := r.publicOwner(q.To.Addr)
		if !ok {
			panic("reference: want a public address of the network in " + q.String())
		}
		w.goal, p.dst = h.id(), q.To.Addr
	}
	if src != nil {
		w.send(src, p)
	} else {
		w.internet(p)
	}
	if !w.ok {
		return refVerdict{sim.Blocked, w.reason}
	}
	f := w.final
	rp := refPkt{src: f.dst, dst: f.src, proto: f.proto, sport: f.dport, dport: f.sport}
	if f.proto == 1 {
		t, ok := refICMPReply(f.icmpT)
		if !ok {
			return refVerdict{sim.Reachable, sim.NoReason}
		}
		rp.icmpT, rp.icmpC = t, 0
	}
	back := &refWalk{r: r, reply: true, nats: w.nats, tracked: w.tracked}
	if src != nil {
		back.goal = src.ID
	} else {
		back.goalNet = p.src
	}
	if w.at != "" {
		e := r.eni(w.at)
		rp.srcVPC = r.vpcOfSubnet(e.Subnet)
		back.send(e, rp)
	} else {
		back.internet(rp)
	}
	if !back.ok {
		return refVerdict{sim.ReplyBlocked, back.reason}
	}
	return refVerdict{sim.Reachable, sim.NoReason}
}

// =========================================================================
// Query generation
// =========================================================================

// propInternetHosts are internet addresses that are never a public address of
// a generated network (see gen.PublicPool; compile assigns public
// addresses from 54.0.0.1 up).
var propInternetHosts = []netip.Addr{
	netip.MustParseAddr("8.8.8.8"), netip.MustParseAddr("1.2.3.4"), netip.MustParseAddr("1.2.3.129"),
	netip.MustParseAddr("3.5.0.130"), netip.MustParseAddr("54.1.9.9"), netip.MustParseAddr("52.0.0.77"),
	netip.MustParseAddr("99.9.9.9"), netip.MustParseAddr("200.1.1.1"), netip.MustParseAddr("128.0.0.1"),
	netip.MustParseAddr("18.255.255.255"), netip.MustParseAddr("3.5.0.0"),
}

type propQOpts struct {
	internetAny bool // also draw Internet() as a source or destination
	publicDst   bool // also draw public addresses of the network as destinations
}

func propENIs(n *sim.Network) []string {
	var out []string
	for _, e := range n.NetworkInterfaces {
		out = append(out, e.ID)
	}
	return out
}

// propPublics returns the declared public addresses of the network
// with the interface owning each ("" for NAT gateways).
func propPublics(n *sim.Network) map[netip.Addr]string {
	out := map[netip.Addr]string{}
	for _, e := range n.NetworkInterfaces {
		if e.PublicIP.IsValid() {
			out[e.PublicIP] = e.ID
		}
	}
	for _, g := range n.NATGateways {
		if g.ElasticIP.IsValid() {
			out[g.ElasticIP] = ""
		}
	}
	return out
}

var (
	propPorts      = []uint16{22, 80, 443, 5432, 8080, 1024, 3000, 65535, 1, 8500}
	propICMPs      = []*vpc.ICMP{nil, icmpMsg(8, 0), icmpMsg(13, 0), icmpMsg(3, 1), icmpMsg(0, 0), icmpMsg(11, 0), icmpMsg(17, 0)}
	propEph        = []vpc.PortRange{{}, {}, vpc.Ports(32768, 60999), vpc.Ports(49152, 65535)}
	propOtherProto = []vpc.Protocol{47, 50, 132, 4}
)

// propFlow fills q's protocol, port, ICMP and ephemeral fields.
func propFlow(t *rapid.T, q *sim.Query) {
	switch rapid.IntRange(0, 9).Draw(t, "q-proto") {
	case 0, 1, 2, 3:
		q.Protocol = vpc.ProtocolTCP
	case 4, 5:
		q.Protocol = vpc.ProtocolUDP
	case 6, 7:
		q.Protocol = vpc.ProtocolICMP
		q.ICMP = rapid.SampledFrom(propICMPs).Draw(t, "q-icmp")
	default:
		q.Protocol = rapid.SampledFrom(propOtherProto).Draw(t, "q-other")
	}
	if q.Protocol.HasPorts() {
		q.Port = rapid.SampledFrom(propPorts).Draw(t, "q-port")
		q.EphemeralPorts = rapid.SampledFrom(propEph).Draw(t, "q-eph")
		if rapid.IntRange(0, 9).Draw(t, "q-srcport") == 0 {
			q.SrcPort = 40000
		}
	}
}

// propQuery draws a valid query between the network's interfaces, internet
// hosts and (with o.publicDst) its public addresses.
func propQuery(t *rapid.T, n *sim.Network, o propQOpts) sim.Query {
	enis := propENIs(n)
	pubs := propPublics(n)
	var pubList []netip.Addr
	for a := range pubs {
		pubList = append(pubList, a)
	}
	slices.SortFunc(pubList, netip.Addr.Compare)
	var q sim.Query
	host := func(label string) netip.Addr { return rapid.SampledFrom(propInternetHosts).Draw(t, label) }
	kind := rapid.IntRange(0, 9).Draw(t, "q-kind")
	switch {
	case kind <= 3 && len(enis) >= 2:
		i := rapid.IntRange(0, len(enis)-1).Draw(t, "q-from")
		j := rapid.IntRange(0, len(enis)-2).Draw(t, "q-to")
		if j >= i {
			j++
		}
		q.From, q.To = sim.ENI(enis[i]), sim.ENI(enis[j])
	case kind <= 5:
		q.From = sim.ENI(rapid.SampledFrom(enis).Draw(t, "q-from"))
		q.To = sim.InternetAddress(host("q-to-host"))
		if o.internetAny && rapid.Bool().Draw(t, "q-to-any") {
			q.To = sim.Internet()
		}
	case kind <= 7:
		q.From = sim.InternetAddress(host("q-from-host"))
		if o.internetAny && rapid.Bool().Draw(t, "q-from-any") {
			q.From = sim.Internet()
		}
		q.To = sim.ENI(rapid.SampledFrom(enis).Draw(t, "q-to"))
	default:
		if !o.publicDst || len(pubList) == 0 {
			q.From = sim.InternetAddress(host("q-from-host"))
			q.To = sim.ENI(rapid.SampledFrom(enis).Draw(t, "q-to"))
			break
		}
		a := rapid.SampledFrom(pubList).Draw(t, "q-to-public")
		q.To = sim.Address(a)
		from := rapid.SampledFrom(enis).Draw(t, "q-from")
		if from == pubs[a] || rapid.IntRange(0, 2).Draw(t, "q-from-internet") == 0 {
			q.From = sim.InternetAddress(host("q-from-host"))
		} else {
			q.From = sim.ENI(from)
		}
	}
	propFlow(t, &q)
	return q
}

func propCompile(t interface {
	Helper()
	Fatalf(string, ...any)
}, n *sim.Network) *sim.Model {
	t.Helper()
	m, err := sim.Compile(n)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return m
}

func propDump(n *sim.Network) string {
	var b bytes.Buffer
	if err := n.Save(&b); err != nil {
		return err.Error()
	}
	return b.String()
}

// propClone deep-copies a network through encoding/json (not Load, which
// the round-trip property tests).
func propClone(t *rapid.T, n *sim.Network) *sim.Network {
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var out sim.Network
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return &out
}

// =========================================================================
// (a) The engine agrees with the reference.
// =========================================================================

// propOptions draws generator options: a third of the networks have a
// transit gateway.
func propOptions(t *rapid.T, o gen.Options) gen.Options {
	o.TransitGateway = rapid.IntRange(0, 2).Draw(t, "transit-gateway") == 0
	return o
}

func TestPropReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := gen.NetworkWith(t, propOptions(t, gen.Options{ExplicitAddresses: true}))
		m := propCompile(t, n)
		ref := &refNet{n: n}
		var qs []sim.Query
		for range 8 {
			qs = append(qs, propQuery(t, n, propQOpts{publicDst: true}))
		}
		if len(n.TransitGateways) > 0 {
			// Flows between VPCs, which the transit gateway may carry.
			for range 4 {
				if q, ok := propCrossVPCQuery(t, n); ok {
					qs = append(qs, q)
				}
			}
		}
		for i, q := range qs {
			got, err := m.Verdict(q)
			if err != nil {
				t.Fatalf("query %d %s: %v", i, q, err)
			}
			want := ref.verdict(q)
			if got.Status == want.Status && got.Reason == want.Reason {
				continue
			}
			res, _ := m.Reach(q)
			t.Fatalf("query %s: engine %s (%s), reference %s\n%s\nnetwork:\n%s", q, got.Status, got.Reason, want, res, propDump(n))
		}
	})
}

// propCrossVPCQuery draws a query between interfaces of two VPCs, or
// reports that all interfaces are in one VPC.
func propCrossVPCQuery(t *rapid.T, n *sim.Network) (sim.Query, bool) {
	r := &refNet{n: n}
	type pair struct{ a, b string }
	var pairs []pair
	for _, a := range n.NetworkInterfaces {
		for _, b := range n.NetworkInterfaces {
			if r.vpcOfSubnet(a.Subnet) != r.vpcOfSubnet(b.Subnet) {
				pairs = append(pairs, pair{a.ID, b.ID})
			}
		}
	}
	if len(pairs) == 0 {
		return sim.Query{}, false
	}
	p := rapid.SampledFrom(pairs).Draw(t, "q-cross")
	q := sim.Query{From: sim.ENI(p.a), To: sim.ENI(p.b)}
	propFlow(t, &q)
	return q, true
}

// =========================================================================
// (b) Reach and Verdict agree.
// =========================================================================

func TestPropReachVerdict(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := gen.NetworkWith(t, propOptions(t, gen.Options{}))
		m := propCompile(t, n)
		for range 8 {
			q := propQuery(t, n, propQOpts{internetAny: true, publicDst: true})
			res, err := m.Reach(q)
			if err != nil {
				t.Fatalf("reach %s: %v", q, err)
			}
			v, err := m.Verdict(q)
			if err != nil {
				t.Fatalf("verdict %s: %v", q, err)
			}
			if v.Status != res.Status || v.Reason != res.Reason {
				t.Fatalf("%s: verdict %s (%s), reach:\n%s", q, v.Status, v.Reason, res)
			}
			if (res.Status == sim.Reachable) != (res.Block == nil) || (res.Status == sim.Reachable) != (res.Reason == sim.NoReason) {
				t.Fatalf("%s: status, reason and block disagree:\n%s", q, res)
			}
			if res.Status == sim.ReplyBlocked && len(res.Path) == 0 {
				t.Fatalf("%s: reply blocked without a forward path:\n%s", q, res)
			}
			if res.Block != nil && res.Block.Reason != res.Reason {
				t.Fatalf("%s: block reason %s, result reason %s", q, res.Block.Reason, res.Reason)
			}
		}
	})
}

// =========================================================================
// (c) Monotonicity.
// =========================================================================

func propVerdicts(t *rapid.T, m *sim.Model, qs []sim.Query) []sim.Verdict {
	out := make([]sim.Verdict, len(qs))
	for i, q := range qs {
		v, err := m.Verdict(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out[i] = v
	}
	return out
}

func TestPropMonotonicAllow(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := gen.NetworkWith(t, propOptions(t, gen.Options{}))
		if len(n.SecurityGroups) == 0 {
			return
		}
		var qs []sim.Query
		for range 8 {
			qs = append(qs, propQuery(t, n, propQOpts{internetAny: true, publicDst: true}))
		}
		before := propVerdicts(t, propCompile(t, n), qs)
		n2 := propClone(t, n)
		gi := rapid.IntRange(0, len(n2.SecurityGroups)-1).Draw(t, "sg")
		g := &n2.SecurityGroups[gi]
		all := vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: netip.MustParsePrefix("0.0.0.0/0")}
		pos := func(l int) int { return rapid.IntRange(0, l).Draw(t, "pos") }
		egress := rapid.Bool().Draw(t, "egress")
		if egress {
			g.Egress = slices.Insert(g.Egress, pos(len(g.Egress)), all)
		} else {
			g.Ingress = slices.Insert(g.Ingress, pos(len(g.Ingress)), all)
		}
		after := propVerdicts(t, propCompile(t, n2), qs)
		for i, q := range qs {
			if before[i].Status == sim.Reachable && after[i].Status != sim.Reachable {
				res, _ := propCompile(t, n2).Reach(q)
				t.Fatalf("allow-all %s rule added to %s made %s %s (%s):\n%s\nnetwork:\n%s",
					map[bool]string{true: "egress", false: "ingress"}[egress], g.ID, q, after[i].Status, after[i].Reason, res, propDump(n))
			}
		}
	})
}

func TestPropMonotonicDeny(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := gen.NetworkWith(t, propOptions(t, gen.Options{}))
		if len(n.NetworkACLs) == 0 {
			return
		}
		var qs []sim.Query
		for range 8 {
			qs = append(qs, propQuery(t, n, propQOpts{internetAny: true, publicDst: true}))
		}
		before := propVerdicts(t, propCompile(t, n), qs)
		n2 := propClone(t, n)
		a := &n2.NetworkACLs[rapid.IntRange(0, len(n2.NetworkACLs)-1).Draw(t, "acl")]
		list := &a.Inbound
		if rapid.Bool().Draw(t, "outbound") {
			list = &a.Outbound
		}
		num := rapid.IntRange(1, 32766).Draw(t, "number")
		for slices.ContainsFunc(*list, func(e vpc.ACLEntry) bool { return e.Number == num }) {
			num = num%32766 + 1
		}
		e := vpc.ACLEntry{Number: num, Action: vpc.Deny, CIDR: rapid.SampledFrom(append(slices.Clone(gen.PublicCIDRs),
			netip.MustParsePrefix("10.0.0.0/8"), n.VPCs[0].CIDRs[0], n.Subnets[0].CIDR)).Draw(t, "cidr")}
		e.Protocol = rapid.SampledFrom([]vpc.Protocol{vpc.ProtocolAll, vpc.ProtocolTCP, vpc.ProtocolUDP, vpc.ProtocolICMP, 47}).Draw(t, "protocol")
		if e.Protocol.HasPorts() {
			e.Ports = rapid.SampledFrom([]vpc.PortRange{vpc.AllPorts, vpc.Port(443), vpc.Ports(1024, 2048), vpc.Ports(30000, 65535)}).Draw(t, "ports")
		}
		*list = slices.Insert(*list, rapid.IntRange(0, len(*list)).Draw(t, "pos"), e)
		after := propVerdicts(t, propCompile(t, n2), qs)
		for i, q := range qs {
			if before[i].Status != sim.Reachable && after[i].Status == sim.Reachable {
				res, _ := propCompile(t, n2).Reach(q)
				t.Fatalf("deny entry %+v added to %s made %s reachable (was %s):\n%s\nnetwork:\n%s", e, a.ID, q, before[i].Status, res, propDump(n))
			}
		}
	})
}

// =========================================================================
// (d) Declaration order does not matter.
// =========================================================================

func propPerm[T any](t *rapid.T, label string, s []T) []T {
	if len(s) < 2 {
		return s
	}
	return rapid.Permutation(s).Draw(t, label)
}

// propShuffled returns a copy of n with every resource slice, subnet
// association list, security group rule list, route list, security group
// list of an interface and prefix-list entry list permuted. ACL entries
// keep their order (their numbers order them anyway); so do a VPC's CIDRs
// (the first is the primary) and an interface's addresses (the first is
// the primary).
func propShuffled(t *rapid.T, n *sim.Network) *sim.Network {
	c := propClone(t, n)
	c.VPCs = propPerm(t, "vpcs", c.VPCs)
	c.Subnets = propPerm(t, "subnets", c.Subnets)
	c.RouteTables = propPerm(t, "rtbs", c.RouteTables)
	for i := range c.RouteTables {
		c.RouteTables[i].Subnets = propPerm(t, "rtb-subnets", c.RouteTables[i].Subnets)
		c.RouteTables[i].Routes = propPerm(t, "routes", c.RouteTables[i].Routes)
	}
	c.InternetGateways = propPerm(t, "igws", c.InternetGateways)
	c.NATGateways = propPerm(t, "nats", c.NATGateways)
	c.SecurityGroups = propPerm(t, "sgs", c.SecurityGroups)
	for i := range c.SecurityGroups {
		c.SecurityGroups[i].Ingress = propPerm(t, "ingress", c.SecurityGroups[i].Ingress)
		c.SecurityGroups[i].Egress = propPerm(t, "egress", c.SecurityGroups[i].Egress)
	}
	c.NetworkACLs = propPerm(t, "acls", c.NetworkACLs)
	for i := range c.NetworkACLs {
		c.NetworkACLs[i].Subnets = propPerm(t, "acl-subnets", c.NetworkACLs[i].Subnets)
	}
	c.PrefixLists = propPerm(t, "pls", c.PrefixLists)
	for i := range c.PrefixLists {
		c.PrefixLists[i].Entries = propPerm(t, "pl-entries", c.PrefixLists[i].Entries)
	}
	c.NetworkInterfaces = propPerm(t, "enis", c.NetworkInterfaces)
	c.PeeringConnections = propPerm(t, "pcxs", c.PeeringConnections)
	c.TransitGateways = propPerm(t, "tgws", c.TransitGateways)
	c.TransitGatewayAttachments = propPerm(t, "tgw-atts", c.TransitGatewayAttachments)
	for i := range c.TransitGatewayAttachments {
		a := &c.TransitGatewayAttachments[i]
		a.Subnets = propPerm(t, "tgw-att-subnets", a.Subnets)
		a.Propagations = propPerm(t, "tgw-att-propagations", a.Propagations)
	}
	c.TransitGatewayRouteTables = propPerm(t, "tgw-rtbs", c.TransitGatewayRouteTables)
	for i := range c.TransitGatewayRouteTables {
		c.TransitGatewayRouteTables[i].Routes = propPerm(t, "tgw-routes", c.TransitGatewayRouteTables[i].Routes)
	}
	for i := range c.NetworkInterfaces {
		c.NetworkInterfaces[i].SecurityGroups = propPerm(t, "eni-sgs", c.NetworkInterfaces[i].SecurityGroups)
	}
	return c
}

// propNormalize rewrites the rule references of res, a result on network from,
// to positions in network orig: a route by its position there, a security
// group rule by the first rule of the same group and direction in orig
// that allows the hop's packet (several rules may allow it; which one the
// engine reports depends on declaration order). The rule texts of security
// group hops, which quote the position, are dropped.
func propNormalize(res *sim.Result, from, orig *sim.Network) *sim.Result {
	if res == nil {
		return nil
	}
	out := *res
	fix := func(h sim.Hop) sim.Hop {
		switch h.Ref.List {
		case "routes":
			if h.Ref.Index >= 0 {
				h.Ref.Index = propRouteIndex(from, orig, h.Ref)
			}
		case "ingress", "egress":
			if h.Ref.Index >= 0 {
				h.Ref.Index = propFirstSGRule(orig, h)
			}
			h.Rule = ""
		}
		return h
	}
	out.Path = nil
	for _, h := range res.Path {
		out.Path = append(out.Path, fix(h))
	}
	out.Reply = nil
	for _, h := range res.Reply {
		out.Reply = append(out.Reply, fix(h))
	}
	if res.Block != nil {
		b := *res.Block
		if b.Ref.List == "routes" && b.Ref.Index >= 0 {
			b.Ref.Index = propRouteIndex(from, orig, b.Ref)
		}
		out.Block = &b
	}
	return &out
}

func propRouteIndex(from, orig *sim.Network, r sim.RuleRef) int {
	var rt vpc.Route
	for _, t := range from.RouteTables {
		if t.ID == r.Resource && r.Index < len(t.Routes) {
			rt = t.Routes[r.Index]
		}
	}
	for _, t := range orig.RouteTables {
		if t.ID == r.Resource {
			for i, x := range t.Routes {
				if gocmp.Equal(x, rt, propCmpOpts) {
					return i
				}
			}
		}
	}
	// A transit gateway route table.
	var tr vpc.TGWRoute
	for _, t := range from.TransitGatewayRouteTables {
		if t.ID == r.Resource && r.Index < len(t.Routes) {
			tr = t.Routes[r.Index]
		}
	}
	for _, t := range orig.TransitGatewayRouteTables {
		if t.ID == r.Resource {
			for i, x := range t.Routes {
				if gocmp.Equal(x, tr, propCmpOpts) {
					return i
				}
			}
		}
	}
	return -100
}

func propFirstSGRule(orig *sim.Network, h sim.Hop) int {
	r := &refNet{n: orig}
	g, ok := r.sgByID(h.Ref.Resource)
	if !ok {
		return -100
	}
	rules := g.ingress
	if h.Ref.List == "egress" {
		rules = g.egress
	}
	for i, rule := range rules {
		if propSGRuleAllows(r, g, rule, h.Ref.List == "ingress", h.Packet) == "" {
			return i
		}
	}
	return -101
}

func TestPropOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := gen.NetworkWith(t, propOptions(t, gen.Options{}))
		s := propShuffled(t, n)
		m1, m2 := propCompile(t, n), propCompile(t, s)
		for range 6 {
			q := propQuery(t, n, propQOpts{internetAny: true, publicDst: true})
			r1, err1 := m1.Reach(q)
			r2, err2 := m2.Reach(q)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: %v / %v", q, err1, err2)
			}
			if d := gocmp.Diff(propNormalize(r1, n, n), propNormalize(r2, s, n), propCmpOpts); d != "" {
				t.Fatalf("%s: propShuffled declarations change the answer (-orig +propShuffled):\n%s\noriginal:\n%s\nshuffled:\n%s\nnetwork:\n%s", q, d, r1, r2, propDump(n))
			}
		}
	})
}

// =========================================================================
// (e) Every hop of a path is allowed on its own.
// =========================================================================

// propHopPkt turns an exported packet into the reference's form.
func propHopPkt(p sim.Packet) refPkt {
	r := refPkt{src: p.Src, dst: p.Dst, proto: int(p.Protocol)}
	if r.ports() {
		r.sport, r.dport = p.SrcPorts, p.DstPorts
	}
	if p.ICMP != nil {
		r.icmpT, r.icmpC = p.ICMP.Type(), p.ICMP.Code()
	}
	return r
}

// propSGRuleAllows explains why a rule of group g does not allow packet p in
// the given direction, or returns "".
func propSGRuleAllows(r *refNet, g refSG, rule vpc.SGRule, ingress bool, p sim.Packet) string {
	rp := propHopPkt(p)
	// A rule's ports are a range: covering both ends covers the packet's.
	if !refTrafficMatch(rule.Protocol, rule.Ports, rule.ICMP, rp, rp.dport.From) || !refTrafficMatch(rule.Protocol, rule.Ports, rule.ICMP, rp, rp.dport.To) {
		return "protocol, ports or ICMP type do not match"
	}
	peer := p.Dst
	if ingress {
		peer = p.Src
	}
	if rule.Group != "" {
		if !r.peerMatch(rule, g.vpc, peer, "?", ingress) {
			return fmt.Sprintf("%s is not a private address of a member of %s (or the reference is stale)", peer, rule.Group)
		}
		return ""
	}
	if !r.peerMatch(rule, g.vpc, peer, "?", ingress) {
		return fmt.Sprintf("peer %s does not match", peer)
	}
	return ""
}

// propCheckHop returns why hop h is not allowed on its own, or "".
func propCheckHop(r *refNet, h sim.Hop) string {
	switch h.Ref.List {
	case "":
		return ""
	case "ingress", "egress":
		e := r.eni(h.Component)
		if e == nil {
			return "no declared interface " + h.Component
		}
		var g refSG
		found := false
		for _, sg := range r.sgsOf(e) {
			if sg.id == h.Ref.Resource {
				g, found = sg, true
			}
		}
		if !found {
			return fmt.Sprintf("%s does not carry %s", e.ID, h.Ref.Resource)
		}
		rules := g.ingress
		if h.Ref.List == "egress" {
			rules = g.egress
		}
		if h.Ref.Index == -1 {
			if !g.synthesized {
				return "implicit rule of a declared group"
			}
			for _, rule := range rules {
				if propSGRuleAllows(r, g, rule, h.Ref.List == "ingress", h.Packet) == "" {
					return ""
				}
			}
			return "no rule of the synthesized default group allows it"
		}
		if h.Ref.Index < 0 || h.Ref.Index >= len(rules) {
			return "rule index out of range"
		}
		return propSGRuleAllows(r, g, rules[h.Ref.Index], h.Ref.List == "ingress", h.Packet)
	case "inbound", "outbound":
		a := r.aclOf(h.Component)
		if a.id != h.Ref.Resource {
			return fmt.Sprintf("subnet %s uses %s", h.Component, a.id)
		}
		entries, peer := a.outbound, h.Packet.Dst
		if h.Ref.List == "inbound" {
			entries, peer = a.inbound, h.Packet.Src
		}
		p := propHopPkt(h.Packet)
		ports := refACLPorts(entries, p)
		for i, port := range ports {
			e := refACLFirst(entries, peer, p, port)
			switch {
			case e == nil:
				return fmt.Sprintf("port %d: the final deny applies", port)
			case e.Action != vpc.Allow:
				return fmt.Sprintf("port %d: entry %d denies", port, e.Number)
			case i == 0 && e.Number != h.Ref.Index:
				return fmt.Sprintf("entry %d matches first, not %d", e.Number, h.Ref.Index)
			}
		}
		return ""
	case "routes":
		if r.tgw(h.Component) != nil {
			return propCheckTGWHop(r, h)
		}
		t := r.rtbOf(h.Component)
		if t.id != h.Ref.Resource {
			return fmt.Sprintf("subnet %s uses %s", h.Component, t.id)
		}
		c, ok := r.lpm(t, h.Packet.Dst)
		switch {
		case !ok:
			return "no route matches"
		case c.index != h.Ref.Index:
			return fmt.Sprintf("the longest prefix match is route %d (%s -> %s), not %d", c.index, c.dst, c.route.Target, h.Ref.Index)
		case r.blackhole(c.route):
			return "the route is a blackhole"
		}
		return ""
	}
	return "unknown rule list " + h.Ref.List
}

// propCheckTGWHop returns why a transit gateway hop, which names the route
// table and route that carried the packet, is not what the table decides.
func propCheckTGWHop(r *refNet, h sim.Hop) string {
	var att *vpc.TransitGatewayAttachment
	for i := range r.n.TransitGatewayAttachments {
		if a := &r.n.TransitGatewayAttachments[i]; a.TransitGateway == h.Component && a.RouteTable == h.Ref.Resource {
			att = a
		}
	}
	if att == nil {
		return fmt.Sprintf("no attachment of %s is associated with %s", h.Component, h.Ref.Resource)
	}
	c, ok := r.tgwLPM(h.Ref.Resource, h.Packet.Dst)
	switch {
	case !ok:
		return "no route matches"
	case c.index != h.Ref.Index:
		return fmt.Sprintf("the longest prefix match is route %d (%s -> %q), not %d", c.index, c.dst, c.attachment, h.Ref.Index)
	case c.attachment == "":
		return "the route is a blackhole"
	}
	return ""
}

func TestPropHopsAllowed(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := gen.NetworkWith(t, propOptions(t, gen.Options{ExplicitAddresses: true}))
		m := propCompile(t, n)
		r := &refNet{n: n}
		for range 8 {
			q := propQuery(t, n, propQOpts{internetAny: true, publicDst: true})
			res, err := m.Reach(q)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			// Reachable paths, and the hops a blocked flow took before
			// its block, were each allowed.
			for i, h := range slices.Concat(res.Path, res.Reply) {
				why := propCheckHop(r, h)
				if why != "" {
					t.Fatalf("%s: hop %d (%s) is not allowed on its own: %s\n%s\nnetwork:\n%s", q, i+1, h, why, res, propDump(n))
				}
			}
		}
	})
}

// =========================================================================
// (f) JSON round trip.
// =========================================================================

func TestPropJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := gen.NetworkWith(t, propOptions(t, gen.Options{}))
		var buf bytes.Buffer
		if err := n.Save(&buf); err != nil {
			t.Fatalf("save: %v", err)
		}
		text := buf.String()
		back, err := sim.Load(&buf)
		if err != nil {
			t.Fatalf("load: %v\n%s", err, text)
		}
		if d := gocmp.Diff(n, back, propCmpOpts); d != "" {
			t.Fatalf("round trip changed the network (-saved +loaded):\n%s", d)
		}
		var again bytes.Buffer
		if err := back.Save(&again); err != nil {
			t.Fatalf("save again: %v", err)
		}
		if d := gocmp.Diff(text, again.String()); d != "" {
			t.Fatalf("second save differs:\n%s", d)
		}
		m1, m2 := propCompile(t, n), propCompile(t, back)
		for range 6 {
			q := propQuery(t, n, propQOpts{internetAny: true, publicDst: true})
			r1, err1 := m1.Reach(q)
			r2, err2 := m2.Reach(q)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: %v / %v", q, err1, err2)
			}
			if d := gocmp.Diff(r1, r2, propCmpOpts); d != "" {
				t.Fatalf("%s: loaded network answers differently:\n%s", q, d)
			}
		}
	})
}

// =========================================================================
// (g) Determinism across runs, goroutines and GOMAXPROCS.
// =========================================================================

func propReachAll(m *sim.Model, qs []sim.Query) []*sim.Result {
	out := make([]*sim.Result, len(qs))
	for i, q := range qs {
		out[i], _ = m.Reach(q)
	}
	return out
}

func TestPropDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := gen.NetworkWith(t, propOptions(t, gen.Options{}))
		var qs []sim.Query
		for range 6 {
			qs = append(qs, propQuery(t, n, propQOpts{internetAny: true, publicDst: true}))
		}
		m := propCompile(t, n)
		want := propReachAll(m, qs)
		if d := propDiff(want, propReachAll(propCompile(t, n), qs)); d != "" {
			t.Fatalf("a second compile answers differently:\n%s", d)
		}
		got := make([][]*sim.Result, 8)
		var wg sync.WaitGroup
		for g := range got {
			wg.Go(func() {
				// Each goroutine asks in a different order.
				out := make([]*sim.Result, len(qs))
				for k := range qs {
					i := (k + g) % len(qs)
					out[i], _ = m.Reach(qs[i])
				}
				got[g] = out
			})
		}
		wg.Wait()
		for g := range got {
			if d := propDiff(want, got[g]); d != "" {
				t.Fatalf("goroutine %d answers differently:\n%s", g, d)
			}
		}
		old := runtime.GOMAXPROCS(1)
		one := propReachAll(propCompile(t, n), qs)
		runtime.GOMAXPROCS(old)
		if d := propDiff(want, one); d != "" {
			t.Fatalf("GOMAXPROCS(1) answers differently:\n%s", d)
		}
	})
}

// =========================================================================
// (h) OpenPorts agrees with Verdict.
// =========================================================================

func propInOpen(rs []sim.OpenRange, q sim.Query) bool {
	for _, o := range rs {
		switch {
		case q.Protocol.HasPorts():
			if o.Protocol == q.Protocol && o.Ports.Contains(q.Port) {
				return true
			}
		case q.Protocol.IsICMP():
			k := func(i vpc.ICMP) int { return i.Type()<<8 | i.Code() }
			if o.Protocol == q.Protocol && k(o.ICMPFrom) <= k(*q.ICMP) && k(*q.ICMP) <= k(o.ICMPTo) {
				return true
			}
		default:
			if !o.Protocol.HasPorts() && !o.Protocol.IsICMP() && o.Protocol <= q.Protocol && q.Protocol <= o.LastProtocol {
				return true
			}
		}
	}
	return false
}

func TestPropOpenPorts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := gen.NetworkWith(t, propOptions(t, gen.Options{MaxENIs: 5}))
		m := propCompile(t, n)
		base := propQuery(t, n, propQOpts{internetAny: true})
		base.Protocol, base.Port, base.ICMP = 0, 0, nil
		open, err := m.OpenPorts(base)
		if err != nil {
			t.Fatalf("open ports %s: %v", base, err)
		}
		var probes []sim.Query
		for range 6 {
			q := base
			q.Protocol = rapid.SampledFrom([]vpc.Protocol{vpc.ProtocolTCP, vpc.ProtocolUDP}).Draw(t, "proto")
			q.Port = uint16(rapid.OneOf(rapid.SampledFrom(propPorts), rapid.Uint16Range(1, 65535)).Draw(t, "port"))
			probes = append(probes, q)
		}
		for range 3 {
			q := base
			q.Protocol = vpc.ProtocolICMP
			i := *rapid.SampledFrom(propICMPs[1:]).Draw(t, "icmp")
			if rapid.Bool().Draw(t, "icmp-random") {
				i = vpc.ICMPMessage(rapid.Uint8().Draw(t, "icmp-type"), rapid.Uint8().Draw(t, "icmp-code"))
			}
			q.ICMP = &i
			probes = append(probes, q)
		}
		q := base
		q.Protocol = vpc.Protocol(rapid.SampledFrom([]int{2, 4, 47, 50, 89, 132, 255}).Draw(t, "other"))
		probes = append(probes, q)
		for _, q := range probes {
			v, err := m.Verdict(q)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			if in := propInOpen(open, q); in != (v.Status == sim.Reachable) {
				res, _ := m.Reach(q)
				t.Fatalf("%s: in OpenPorts %v, verdict %s (%s)\nopen: %v\n%s\nnetwork:\n%s", q, in, v.Status, v.Reason, open, res, propDump(n))
			}
		}
		for _, o := range open {
			w := o.Witness
			if w == nil || w.Status != sim.Reachable {
				t.Fatalf("%s: open range %s has witness %v", base, o, w)
			}
			if w.Query.Protocol != o.Protocol {
				t.Fatalf("%s: open range %s has a witness for %s", base, o, w.Query)
			}
			wq := w.Query
			v, err := m.Verdict(wq)
			if err != nil || v.Status != sim.Reachable {
				t.Fatalf("%s: witness query %s of open range %s: %v %v (%v)\nnetwork:\n%s", base, wq, o, v.Status, v.Reason, err, propDump(n))
			}
		}
	})
}

// =========================================================================
// (i) The internet-any search is exact.
// =========================================================================

// propNetworkCIDRs returns every CIDR the network's rules, entries, routes,
// prefix lists, VPCs and subnets name.
func propNetworkCIDRs(n *sim.Network) []netip.Prefix {
	var out []netip.Prefix
	for _, v := range n.VPCs {
		out = append(out, v.CIDRs...)
	}
	for _, s := range n.Subnets {
		out = append(out, s.CIDR)
	}
	for _, g := range n.SecurityGroups {
		for _, r := range slices.Concat(g.Ingress, g.Egress) {
			if r.CIDR.IsValid() {
				out = append(out, r.CIDR)
			}
		}
	}
	for _, a := range n.NetworkACLs {
		for _, e := range slices.Concat(a.Inbound, a.Outbound) {
			out = append(out, e.CIDR)
		}
	}
	for _, t := range n.RouteTables {
		for _, r := range t.Routes {
			if r.Destination.IsValid() {
				out = append(out, r.Destination)
			}
		}
	}
	for _, p := range n.PrefixLists {
		out = append(out, p.Entries...)
	}
	for _, t := range n.TransitGatewayRouteTables {
		for _, r := range t.Routes {
			out = append(out, r.Destination)
		}
	}
	return append(out, refNotInternet...)
}

// propInternetSample returns one internet address, not a public address of the
// network, from every interval between consecutive CIDR bounds.
func propInternetSample(n *sim.Network) []netip.Addr {
	bounds := []netip.Addr{netip.MustParseAddr("0.0.0.0")}
	for _, p := range propNetworkCIDRs(n) {
		bounds = append(bounds, p.Masked().Addr())
		if a := vpc.LastAddr(p).Next(); a.IsValid() && a.Is4() {
			bounds = append(bounds, a)
		}
	}
	slices.SortFunc(bounds, netip.Addr.Compare)
	bounds = slices.Compact(bounds)
	pubs := propPublics(n)
	var out []netip.Addr
	for i, b := range bounds {
		a := b
		for range 64 {
			if i+1 < len(bounds) && a.Compare(bounds[i+1]) >= 0 || !a.IsValid() || !a.Is4() {
				break
			}
			if _, taken := pubs[a]; refIsInternet(a) && !taken {
				out = append(out, a)
				break
			}
			a = a.Next()
		}
	}
	return out
}

func TestPropInternetAny(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := gen.NetworkWith(t, propOptions(t, gen.Options{ExplicitAddresses: true, MaxENIs: 5}))
		m := propCompile(t, n)
		sample := propInternetSample(n)
		eni := rapid.SampledFrom(propENIs(n)).Draw(t, "eni")
		q := sim.Query{}
		propFlow(t, &q)
		inbound := rapid.Bool().Draw(t, "inbound")
		concrete := func(a netip.Addr) sim.Query {
			c := q
			if inbound {
				c.From, c.To = sim.InternetAddress(a), sim.ENI(eni)
			} else {
				c.From, c.To = sim.ENI(eni), sim.InternetAddress(a)
			}
			return c
		}
		anyQ := q
		if inbound {
			anyQ.From, anyQ.To = sim.Internet(), sim.ENI(eni)
		} else {
			anyQ.From, anyQ.To = sim.ENI(eni), sim.Internet()
		}
		var reachable []netip.Addr
		for _, a := range sample {
			v, err := m.Verdict(concrete(a))
			if err != nil {
				t.Fatalf("%s: %v", concrete(a), err)
			}
			if v.Status == sim.Reachable {
				reachable = append(reachable, a)
			}
		}
		res, err := m.Reach(anyQ)
		if err != nil {
			t.Fatalf("%s: %v", anyQ, err)
		}
		if (res.Status == sim.Reachable) != (len(reachable) > 0) {
			t.Fatalf("%s: engine %s (%s), reachable sample addresses %v\n%s\nnetwork:\n%s", anyQ, res.Status, res.Reason, reachable, res, propDump(n))
		}
		if res.Status != sim.Reachable {
			return
		}
		var w netip.Addr
		if inbound {
			w = res.Path[0].Packet.Src
		} else {
			for _, h := range res.Path {
				if h.Kind == sim.KindInternet && h.Step == sim.StepDeliver {
					w = h.Packet.Dst
				}
			}
		}
		v, err := m.Verdict(concrete(w))
		if err != nil || v.Status != sim.Reachable {
			t.Fatalf("%s: witness address %s: %s (%s) %v\n%s\nnetwork:\n%s", anyQ, w, v.Status, v.Reason, err, res, propDump(n))
		}
	})
}

// =========================================================================
// Engine bugs found by the properties, as minimal failing tests.
// =========================================================================

var (
	ppfx  = netip.MustParsePrefix
	paddr = netip.MustParseAddr
)

// propBugBase is a one-VPC network: subnet-a (10.0.0.0/24) with eni-a at
// 10.0.0.10 (public 54.0.0.1), an attached internet gateway and a public
// NAT gateway in subnet-pub (10.0.1.0/24), eni-b in subnet-b (10.0.2.0/24).
func propBugBase() *sim.Network {
	return &sim.Network{
		VPCs: []vpc.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{ppfx("10.0.0.0/16")}}},
		Subnets: []vpc.Subnet{
			{ID: "subnet-a", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: ppfx("10.0.0.0/24")},
			{ID: "subnet-pub", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: ppfx("10.0.1.0/24")},
			{ID: "subnet-b", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: ppfx("10.0.2.0/24")},
		},
		InternetGateways: []vpc.InternetGateway{{ID: "igw-1", VPC: "vpc-1"}},
		NATGateways:      []vpc.NATGateway{{ID: "nat-1", Subnet: "subnet-pub", ElasticIP: paddr("52.0.0.10"), PrivateIP: paddr("10.0.1.10")}},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-pub", VPC: "vpc-1", Subnets: []string{"subnet-pub"},
				Routes: []vpc.Route{{Destination: ppfx("0.0.0.0/0"), Target: vpc.ToInternetGateway("igw-1")}}},
		},
		SecurityGroups: []vpc.SecurityGroup{{ID: "sg-open", VPC: "vpc-1",
			Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: ppfx("0.0.0.0/0")}},
			Egress:  []vpc.SGRule{vpc.AllowAllEgress()}}},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-a", Subnet: "subnet-a", PrivateIPs: []netip.Addr{paddr("10.0.0.10")}, PublicIP: paddr("54.0.0.1"), SecurityGroups: []string{"sg-open"}},
			{ID: "eni-b", Subnet: "subnet-b", PrivateIPs: []netip.Addr{paddr("10.0.2.10")}, SecurityGroups: []string{"sg-open"}},
		},
	}
}

func propBugVerdict(t *testing.T, n *sim.Network, q sim.Query, want refVerdict) {
	t.Helper()
	ref := (&refNet{n: n}).verdict(q)
	if ref != want {
		t.Fatalf("the reference answers %s, the test expects %s", ref, want)
	}
	m := propCompile(t, n)
	res, err := m.Reach(q)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != want.Status || res.Reason != want.Reason {
		t.Errorf("%s: got %s (%s), want %s\n%s", q, res.Status, res.Reason, want, res)
	}
}

// TestRegressionPrefixListRouteEntriesMerged: a prefix-list route is one route
// per entry for longest-prefix matching, but the engine first merges the
// entries into an IP set (1.2.3.0/25 + 1.2.3.128/25 become 1.2.3.0/24), so
// an entry can lose to a shorter CIDR route, or tie with an equal one that
// then wins (CIDR before prefix list).
//
// Network: propBugBase, prefix list pl-1 = {1.2.3.0/25, 1.2.3.128/25};
// subnet-a's table has 1.2.3.0/24 -> blackhole (nat-gone) and pl-1 -> igw-1.
// Query eni-a -> internet 1.2.3.4 tcp/443: the /25 entry is the longest
// match, so the flow goes out the internet gateway (reachable); the engine
// matches the merged /24, prefers the CIDR route and reports
// BLACKHOLE_ROUTE.
func TestRegressionPrefixListRouteEntriesMerged(t *testing.T) {
	n := propBugBase()
	n.PrefixLists = []vpc.PrefixList{{ID: "pl-1", Entries: []netip.Prefix{ppfx("1.2.3.0/25"), ppfx("1.2.3.128/25")}}}
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-a", VPC: "vpc-1", Subnets: []string{"subnet-a"},
		Routes: []vpc.Route{
			{Destination: ppfx("1.2.3.0/24"), Target: vpc.ToNATGateway("nat-gone"), Blackhole: true},
			{PrefixList: "pl-1", Target: vpc.ToInternetGateway("igw-1")},
		}})
	propBugVerdict(t, n, sim.Query{From: sim.ENI("eni-a"), To: sim.InternetAddress(paddr("1.2.3.4")), Port: 443}, refVerdict{sim.Reachable, sim.NoReason})
}

// TestRegressionICMPReplyTypeAfterNAT: a NAT gateway undoing its translation of
// an ICMP reply turns every reply into an echo reply (type 0 code 0): for
// a timestamp request (type 13) the reply, type 14, is checked as type 0
// by the client subnet's NACL inbound.
//
// Network: propBugBase, subnet-a's table sends 0.0.0.0/0 to nat-1; acl-a on
// subnet-a allows all outbound and inbound only icmp type 14 (timestamp
// reply) from 0.0.0.0/0. Query eni-a -> internet 8.8.8.8 icmp type 13
// code 0: the reply is a timestamp reply and passes (reachable); the
// engine checks an echo reply and reports reply-blocked NACL_IN.
func TestRegressionICMPReplyTypeAfterNAT(t *testing.T) {
	n := propBugBase()
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-a", VPC: "vpc-1", Subnets: []string{"subnet-a"},
		Routes: []vpc.Route{{Destination: ppfx("0.0.0.0/0"), Target: vpc.ToNATGateway("nat-1")}}})
	n.NetworkACLs = []vpc.NetworkACL{{ID: "acl-a", VPC: "vpc-1", Subnets: []string{"subnet-a"},
		Inbound:  []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolICMP, CIDR: ppfx("0.0.0.0/0"), ICMP: vpc.ICMPType(14)}},
		Outbound: vpc.AllowAllACL(false)}}
	propBugVerdict(t, n, sim.Query{From: sim.ENI("eni-a"), To: sim.InternetAddress(paddr("8.8.8.8")), Protocol: vpc.ProtocolICMP, ICMP: icmpMsg(13, 0)},
		refVerdict{sim.Reachable, sim.NoReason})
}

// TestRegressionOpenPortsProtocolWitness: OpenPorts lists protocol 0 (HOPOPT)
// among the open port-less protocols, but its witness query has Protocol
// 0, which a Query reads as TCP; and every range of the class of protocols
// no rule names shares that one witness, so the witness of "protocols
// 2-5" is a query for protocol 0, not for the range's first protocol as
// OpenRange documents.
//
// Network: bugBase with acl-b on subnet-b: inbound 10 deny tcp, 100 allow
// all; outbound allow all. OpenPorts eni-a -> eni-b lists protocol 0 as
// open with a witness whose query (eni-a -> eni-b, Protocol 0 = tcp/0)
// is blocked NACL_IN when asked.
func TestRegressionOpenPortsProtocolWitness(t *testing.T) {
	n := propBugBase()
	n.NetworkACLs = []vpc.NetworkACL{{ID: "acl-b", VPC: "vpc-1", Subnets: []string{"subnet-b"},
		Inbound: []vpc.ACLEntry{
			{Number: 10, Action: vpc.Deny, Protocol: vpc.ProtocolTCP, Ports: vpc.AllPorts, CIDR: ppfx("0.0.0.0/0")},
			{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: ppfx("0.0.0.0/0")},
		},
		Outbound: vpc.AllowAllACL(false)}}
	m := propCompile(t, n)
	open, err := m.OpenPorts(sim.Query{From: sim.ENI("eni-a"), To: sim.ENI("eni-b")})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range open {
		if o.Protocol.HasPorts() || o.Protocol.IsICMP() {
			continue
		}
		if o.Witness.Query.Protocol != o.Protocol {
			t.Errorf("open range %s: witness is for %s", o, o.Witness.Query)
			continue
		}
		v, err := m.Verdict(o.Witness.Query)
		if err != nil || v.Status != sim.Reachable {
			t.Errorf("open range %s: its witness query %s is %s (%s) %v", o, o.Witness.Query, v.Status, v.Reason, err)
		}
	}
}

// TestRegressionOpenPortsPortZero: an open TCP or UDP range holding port 0 alone
// is returned with Ports vpc.Ports(0, 0), which is the zero PortRange and
// means every port: it prints "tcp all" and Contains(22) is true.
//
// Network: bugBase with acl-a on subnet-a: outbound 1 deny tcp 1-65535,
// 100 allow all; inbound allow all. OpenPorts eni-a -> eni-b returns "tcp
// all" although Verdict(tcp/22) is blocked NACL_OUT.
func TestRegressionOpenPortsPortZero(t *testing.T) {
	n := propBugBase()
	n.NetworkACLs = []vpc.NetworkACL{{ID: "acl-a", VPC: "vpc-1", Subnets: []string{"subnet-a"},
		Inbound: vpc.AllowAllACL(false),
		Outbound: []vpc.ACLEntry{
			{Number: 1, Action: vpc.Deny, Protocol: vpc.ProtocolTCP, CIDR: ppfx("0.0.0.0/0"), Ports: vpc.Ports(1, 65535)},
			{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: ppfx("0.0.0.0/0")},
		}}}
	m := propCompile(t, n)
	q := sim.Query{From: sim.ENI("eni-a"), To: sim.ENI("eni-b"), Port: 22}
	v, err := m.Verdict(q)
	if err != nil {
		t.Fatal(err)
	}
	open, err := m.OpenPorts(sim.Query{From: sim.ENI("eni-a"), To: sim.ENI("eni-b")})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range open {
		if o.Protocol == vpc.ProtocolTCP && o.Ports.Contains(22) && v.Status != sim.Reachable {
			t.Errorf("OpenPorts lists %s (ports %+v), but %s is %s (%s)", o, o.Ports, q, v.Status, v.Reason)
		}
	}
}

// TestRegressionOpenPortsWitnessQueryDropsPorts: the Query of an OpenRange
// witness leaves out the source port and ephemeral ports of the OpenPorts
// query, so asking it again checks replies on 1024-65535 instead of the
// client's range and can answer differently from the witness.
//
// Network: bugBase with acl-a on subnet-a: outbound allow all; inbound
// allow tcp 32768-60999 only. OpenPorts eni-a -> eni-b with
// EphemeralPorts 32768-60999 finds tcp open; its witness query has no
// EphemeralPorts and is reply-blocked (NACL_IN) when asked.
func TestRegressionOpenPortsWitnessQueryDropsPorts(t *testing.T) {
	n := propBugBase()
	n.NetworkACLs = []vpc.NetworkACL{{ID: "acl-a", VPC: "vpc-1", Subnets: []string{"subnet-a"},
		Inbound:  []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, CIDR: ppfx("0.0.0.0/0"), Ports: vpc.Ports(32768, 60999)}},
		Outbound: vpc.AllowAllACL(false)}}
	m := propCompile(t, n)
	open, err := m.OpenPorts(sim.Query{From: sim.ENI("eni-a"), To: sim.ENI("eni-b"), EphemeralPorts: vpc.Ports(32768, 60999)})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, o := range open {
		if o.Protocol != vpc.ProtocolTCP {
			continue
		}
		found = true
		v, err := m.Verdict(o.Witness.Query)
		if err != nil || v.Status != sim.Reachable {
			t.Errorf("open range %s: witness query %s is %s (%s) %v", o, o.Witness.Query, v.Status, v.Reason, err)
		}
	}
	if !found {
		t.Fatalf("no open tcp range: %v", open)
	}
}

// TestRegressionReplySGPortRangeUnion: an appliance the request did not
// pass judges the reply by its security groups, on every port of the
// client's ephemeral range; security groups are a union of rules, so two
// rules that together cover the range allow it, but the engine asks for
// one rule covering the whole range (matchesProto on [dlo, dhi]).
//
// Found writing the reference (sgAllows checks every port of a reply's
// range, each by some rule); the generator rarely draws rules that split a
// range between them.
//
// Network: propNextHopNet (property_access_test.go) with eni-fw in its
// own group sg-fw: inbound tcp 1024-40000 and tcp 40001-65535 from
// 0.0.0.0/0, all outbound. eni-x -> eni-b tcp/22: the reply is routed
// through eni-fw, whose rules admit every port of 1024-65535 between them
// (reachable); the engine reports reply-blocked SG_INGRESS at eni-fw.
func TestRegressionReplySGPortRangeUnion(t *testing.T) {
	n := propNextHopNet()
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-fw", VPC: "vpc-1",
		Ingress: []vpc.SGRule{
			{Protocol: vpc.ProtocolTCP, Ports: vpc.Ports(1024, 40000), CIDR: ppfx("0.0.0.0/0")},
			{Protocol: vpc.ProtocolTCP, Ports: vpc.Ports(40001, 65535), CIDR: ppfx("0.0.0.0/0")},
		},
		Egress: []vpc.SGRule{vpc.AllowAllEgress()}})
	n.NetworkInterfaces[1].SecurityGroups = []string{"sg-fw"}
	propBugVerdict(t, n, sim.Query{From: sim.ENI("eni-x"), To: sim.ENI("eni-b"), Port: 22}, refVerdict{sim.Reachable, sim.NoReason})
}
