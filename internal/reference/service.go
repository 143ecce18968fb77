package reference

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	vpce "github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// AWS services named by name ([sim.Service]) or DNS name
// ([sim.DNSName]).
//
// AWS facts (AWS PrivateLink Guide, "Access an AWS service using an
// interface VPC endpoint", DNS hostnames and private DNS; Amazon VPC User
// Guide, "DNS attributes for your VPC"):
//
//   - A client resolves a service's default DNS name in its own VPC. When
//     an interface endpoint of that VPC to the service has private DNS on
//     (which needs the VPC's DNS support and DNS hostnames; validation
//     checks both), the name resolves to the endpoint's interfaces: the
//     reference, like the engine, takes the one in the client's
//     Availability Zone, else the first by zone name.
//   - Otherwise the name resolves to the service's public addresses (the
//     entries of its AWS-managed prefix list, which the reference needs
//     declared) and the flow goes wherever the client's routes send them.
//     The flow reaches the service when it reaches one of those addresses.
//   - A service's default DNS name is <service>.<region>.amazonaws.com,
//     and for Amazon S3 also <bucket>.s3.<region>.amazonaws.com; they
//     resolve as the service does.
//   - An interface endpoint's own DNS names resolve from anywhere:
//     <endpoint-id>.<service>.<region>.vpce.amazonaws.com to its
//     interfaces (the reference, like the engine, takes the one in the
//     client's zone, else the first by zone name), and
//     <endpoint-id>-<zone>.<service>.<region>.vpce.amazonaws.com to its
//     interface in that zone (AWS adds a random suffix to the endpoint ID
//     in these names; the engine does not, nor does the reference).
//
// The public case is a search over addresses: [Net.ServiceVerdicts]
// answers for every address at which a decision can change (the start of
// each of the service's prefixes and every bound of a prefix declared
// anywhere in the network that falls inside one), one address at a time,
// and leaves it to the caller to check that the engine's single answer is
// one of them (reachable exactly when one of them is).

// ServiceVerdict is the answer for one address a query to a named service
// resolved to.
type ServiceVerdict struct {
	Addr    netip.Addr
	Verdict Verdict
}

// ServiceVerdicts answers q, whose destination names an AWS service
// ([sim.Service]) and whose source is an interface: the verdict for the
// endpoint interface the name resolves to (one element), or one per
// address of the service's public ranges at which a decision can change.
func (r *Net) ServiceVerdicts(q sim.Query) ([]ServiceVerdict, error) {
	if q.To.Service == "" && q.To.DNSName == "" {
		return nil, fmt.Errorf("reference: %s names no service", q)
	}
	src, err := r.source(q)
	if err != nil {
		return nil, err
	}
	if src.eni == nil {
		return nil, fmt.Errorf("reference: only interfaces are modelled sources of a query to a service (%s)", q)
	}
	v := r.vpc(r.vpcOf(src.eni.Subnet))
	name := q.To.Service
	if q.To.DNSName != "" {
		dns := strings.ToLower(strings.TrimSuffix(q.To.DNSName, "."))
		if e := r.endpointByDNS(dns, src.eni.Subnet); e != nil {
			sub := q
			sub.To = sim.ENI(e.ID)
			verdict, err := r.Verdict(sub)
			if err != nil {
				return nil, err
			}
			return []ServiceVerdict{{e.PrivateIPs[0], verdict}}, nil
		}
		if name = serviceOfDNS(dns); name == "" {
			return nil, fmt.Errorf("reference: %s is no AWS service's default DNS name nor an interface endpoint's own (%s)", dns, q)
		}
	}
	if !strings.HasPrefix(name, "com.amazonaws.") {
		region := r.regionOf(v)
		if region == "" {
			return nil, fmt.Errorf("reference: %s has no Region (%s)", v.ID, q)
		}
		name = vpce.AWSServiceName(region, name)
	}
	n, err := vpce.ParseServiceName(name)
	if err != nil || n.IsEndpointService() {
		return nil, fmt.Errorf("reference: %s: only AWS services are modelled (%s)", name, q)
	}
	if e := r.privateDNSInterface(v.ID, name, n, src.eni.Subnet); e != nil {
		sub := q
		sub.To = sim.ENI(e.ID)
		verdict, err := r.Verdict(sub)
		if err != nil {
			return nil, err
		}
		return []ServiceVerdict{{e.PrivateIPs[0], verdict}}, nil
	}
	if q.IPv6 {
		return nil, fmt.Errorf("reference: AWS services have IPv4 addresses only (%s)", q)
	}
	pl := r.servicePrefixList(name)
	if pl == nil {
		return nil, fmt.Errorf("reference: no AWS-managed prefix list named %s declares the service's addresses (%s)", name, q)
	}
	var out []ServiceVerdict
	for _, a := range r.serviceCandidates(pl) {
		if r.serviceOf(a) != name {
			continue // an address another service's list claims first
		}
		sub := q
		sub.To = sim.Address(a)
		verdict, err := r.Verdict(sub)
		if err != nil {
			return nil, err
		}
		out = append(out, ServiceVerdict{a, verdict})
	}
	return out, nil
}

// regionOf returns VPC v's Region: declared, or that of its subnets'
// zones.
func (r *Net) regionOf(v *vpc.VPC) string {
	if v.Region != "" {
		return v.Region
	}
	for _, s := range r.n.Subnets {
		if s.VPC == v.ID {
			if reg, ok := vpc.RegionOfZone(s.AvailabilityZone); ok {
				return reg
			}
		}
	}
	return ""
}

// privateDNSInterface returns the interface that a client in subnet from
// of VPC v reaches by service name's default DNS name, when an interface
// endpoint of v to it answers that name: its interface in from's zone,
// else the first by zone name. It returns nil when the name resolves to
// the service's public addresses.
func (r *Net) privateDNSInterface(v, name string, n vpce.ServiceName, from string) *vpc.NetworkInterface {
	if info, ok := vpce.LookupAWSService(n.Service); ok && len(info.PrivateDNSNames(n.Region)) == 0 {
		return nil // a service without private DNS names (DynamoDB)
	}
	for _, e := range r.n.VPCEndpoints {
		if e.VPC != v || e.Type.Norm() != vpce.Interface || e.ServiceName != name || !e.PrivateDNS() ||
			e.DNSOptions.PrivateDNSOnlyForInboundResolver || len(e.Subnets) == 0 {
			continue
		}
		var ifaces []*vpc.NetworkInterface
		for i := range r.ifaces {
			if x := &r.ifaces[i]; x.Owner == e.ID && x.Kind == vpc.KindVPCEndpoint {
				ifaces = append(ifaces, x)
			}
		}
		zone := func(x *vpc.NetworkInterface) string { return r.subnet(x.Subnet).AvailabilityZone }
		for _, x := range ifaces {
			if zone(x) == r.subnet(from).AvailabilityZone {
				return x
			}
		}
		slices.SortStableFunc(ifaces, func(a, b *vpc.NetworkInterface) int { return strings.Compare(zone(a), zone(b)) })
		if len(ifaces) > 0 {
			return ifaces[0]
		}
	}
	return nil
}

// serviceCandidates returns the addresses of prefix list pl at which a
// decision can change: each entry's first address and every bound (first
// address, and the address after the last) of a prefix declared anywhere
// in the network that falls inside an entry, in address order.
func (r *Net) serviceCandidates(pl *vpc.PrefixList) []netip.Addr {
	var bounds []netip.Addr
	add := func(p netip.Prefix) {
		if !p.IsValid() || !p.Addr().Is4() {
			return
		}
		p = p.Masked()
		bounds = append(bounds, p.Addr())
		last := lastAddr(p)
		if next := last.Next(); next.IsValid() {
			bounds = append(bounds, next)
		}
	}
	for _, t := range r.n.RouteTables {
		for _, x := range t.Routes {
			add(x.Destination)
		}
	}
	for _, l := range r.n.PrefixLists {
		for _, p := range l.Entries {
			add(p)
		}
	}
	for _, g := range r.n.SecurityGroups {
		for _, x := range slices.Concat(g.Ingress, g.Egress) {
			add(x.CIDR)
		}
	}
	for _, a := range r.n.NetworkACLs {
		for _, x := range slices.Concat(a.Inbound, a.Outbound) {
			add(x.CIDR)
		}
	}
	for _, t := range r.n.TransitGatewayRouteTables {
		for _, x := range t.Routes {
			add(x.Destination)
		}
	}
	var out []netip.Addr
	for _, e := range pl.Entries {
		if !e.Addr().Is4() {
			continue
		}
		out = append(out, e.Masked().Addr())
		for _, b := range bounds {
			if e.Contains(b) {
				out = append(out, b)
			}
		}
	}
	slices.SortFunc(out, netip.Addr.Compare)
	return slices.Compact(out)
}

// lastAddr returns the last address of IPv4 prefix p.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().As4()
	u := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	u |= uint32(1)<<(32-p.Bits()) - 1
	if p.Bits() == 0 {
		u = ^uint32(0)
	}
	return netip.AddrFrom4([4]byte{byte(u >> 24), byte(u >> 16), byte(u >> 8), byte(u)})
}

// serviceOfDNS returns the service name of an AWS service's default DNS
// name ("" when dns is not one).
func serviceOfDNS(dns string) string {
	rest, ok := strings.CutSuffix(dns, ".amazonaws.com")
	if !ok {
		return ""
	}
	i := strings.LastIndexByte(rest, '.')
	if i < 0 {
		return ""
	}
	svc, region := rest[:i], rest[i+1:]
	if _, ok := vpc.LookupRegion(region); !ok {
		return ""
	}
	if svc == "s3" || strings.HasSuffix(svc, ".s3") {
		return vpce.AWSServiceName(region, "s3")
	}
	if _, ok := vpce.LookupAWSService(svc); !ok || strings.Contains(svc, ".") {
		return ""
	}
	return vpce.AWSServiceName(region, svc)
}

// endpointByDNS returns the interface an interface endpoint's own DNS
// name dns resolves to for a client in subnet from, or nil when dns is not
// such a name.
func (r *Net) endpointByDNS(dns, from string) *vpc.NetworkInterface {
	label, rest, ok := strings.Cut(dns, ".")
	if !ok || !strings.HasSuffix(rest, ".vpce.amazonaws.com") {
		return nil
	}
	for _, e := range r.n.VPCEndpoints {
		if e.Type.Norm() != vpce.Interface {
			continue
		}
		n, err := vpce.ParseServiceName(e.ServiceName)
		if err != nil || rest != strings.ToLower(n.Service+"."+n.Region+".vpce.amazonaws.com") {
			continue
		}
		id := strings.ToLower(e.ID)
		var ifaces []*vpc.NetworkInterface
		for i := range r.ifaces {
			if x := &r.ifaces[i]; x.Owner == e.ID && x.Kind == vpc.KindVPCEndpoint {
				ifaces = append(ifaces, x)
			}
		}
		zone := func(x *vpc.NetworkInterface) string { return r.subnet(x.Subnet).AvailabilityZone }
		for _, x := range ifaces {
			if label == id+"-"+strings.ToLower(zone(x)) {
				return x
			}
		}
		if label != id || len(ifaces) == 0 {
			continue
		}
		for _, x := range ifaces {
			if zone(x) == r.subnet(from).AvailabilityZone {
				return x
			}
		}
		slices.SortStableFunc(ifaces, func(a, b *vpc.NetworkInterface) int { return strings.Compare(zone(a), zone(b)) })
		return ifaces[0]
	}
	return nil
}
