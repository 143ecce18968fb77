package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the VPC endpoint: its checks, its compiled
// form, and its forwarding functions.
//
// A gateway endpoint (Amazon S3, DynamoDB) is a route target: compile adds
// its service's prefix-list route to each route table it lists, and a
// flow that route matches meets the endpoint, which carries only flows
// from sources inside its VPC, then its endpoint policy and the service's
// resource policies, and delivers to the service; the service's reply
// enters the VPC through the endpoint.
//
// An interface endpoint compiles into one network interface per subnet,
// "<vpce-id>/<subnet-id>", with the endpoint's security groups (or its
// VPC's default group) and the addresses declared or assigned. A flow
// addressed to such an interface meets its security groups, then the
// endpoint: TCP only, an available endpoint, the endpoint policy, and for
// an AWS service its resource policies, then the service. An interface
// endpoint to an endpoint service is a proxy (see kind_endpointservice.go).
//
// Service-network and resource endpoints have a room of their own
// (kind_lattice_endpoint.go), which the functions here hand them to; a
// Gateway Load Balancer endpoint is a route target with one interface,
// whose room is kind_gwlb.go.

// vpceIdx indexes Model.vpces.
type vpceIdx int32

const noVPCE vpceIdx = -1

func (vpceIdx) kind() kind { return kindVPCE }

// KindVPCEndpoint is the component kind of a VPC endpoint on paths and
// graph nodes.
const KindVPCEndpoint ComponentKind = "vpc-endpoint"

// Steps of VPC endpoints.
const (
	// StepEndpoint: a VPC endpoint took the flow (a gateway endpoint from
	// a source of its VPC; an interface endpoint on TCP while available)
	// or let its service's reply into the VPC.
	StepEndpoint Step = "vpc endpoint"
	// StepEndpointPolicy: the endpoint policy decided the flow's API call.
	StepEndpointPolicy Step = "endpoint policy"
)

// cVPCE is a compiled VPC endpoint.
type cVPCE struct {
	id      string
	typ     endpoint.Type
	vpc     vpcIdx
	service string  // the service name, as declared
	svc     awsIdx  // the AWS service, or noAWS
	esvc    esvcIdx // the declared endpoint service, or noESvc
	// state is the endpoint's effective state: its own, or for an
	// endpoint to a declared endpoint service, the connection's when its
	// own is available; connState says that the connection decided.
	state     endpoint.State
	connState bool
	// privateDNS is set when the endpoint's private DNS answers its
	// service's names in its VPC (not only for a Resolver inbound
	// endpoint).
	privateDNS bool
	policy     *policy.Policy
	rtbs       []string // gateway: the IDs of the route tables it adds its route to
	enis       []eniIdx // interface: its interfaces, in zone order
	dns        string   // interface: its regional DNS name
	// ctxVpce and ctxVpc are the values of aws:SourceVpce and
	// aws:SourceVpc in requests through the endpoint (policies only read
	// them).
	ctxVpce, ctxVpc []string
	// lat is what a service-network or resource endpoint adds (nil for
	// other types; see kind_lattice_endpoint.go).
	lat *cLatticeVPCE
	// The texts of the endpoint's hops on paths, computed once (see
	// vpceNotes).
	notes vpceNotes
}

// vpceNotes are the texts of an endpoint's hops that do not depend on the
// flow, and the parts of those that do, so that an explained answer
// writes each in one allocation.
type vpceNotes struct {
	deliver        string // "<service> through <endpoint>"
	gwHead, gwTail string // "gateway endpoint to <service>: source " <address> " is inside <vpc>"
	replyIn        string // "the reply of <service> enters <vpc>"
}

// vpceENIName is the name of an interface endpoint's interface in a
// subnet.
func vpceENIName(vpce, subnet string) string { return vpce + "/" + subnet }

// maxGatewayEndpointsPerVPC and maxInterfaceEndpointsPerVPC are the
// PrivateLink quotas per VPC (gateway endpoints: 255, not adjustable;
// interface and Gateway Load Balancer endpoints together: 50 by default).
const (
	maxGatewayEndpointsPerVPC   = 255
	maxInterfaceEndpointsPerVPC = 50
)

func (v *validator) checkVPCE(r vres, _ int, e *endpoint.Endpoint) {
	if !e.Type.Valid() {
		r.errf("type", ErrInvalidValue, "%q: want Gateway, Interface, GatewayLoadBalancer, ServiceNetwork or Resource", e.Type)
		return
	}
	t := e.Type.Norm()
	vp := r.vpcRef("vpc", e.VPC, true)
	switch t {
	case endpoint.ServiceNetwork, endpoint.Resource:
		v.checkLatticeVPCE(r, e, vp) // kind_lattice_endpoint.go
		return
	}
	// Fields the type does not take, as the EC2 API rejects them.
	notFor := func(field, what string) { r.errf(field, ErrInvalidValue, "a %s endpoint takes no %s", t, what) }
	if !t.UsesRouteTables() && len(e.RouteTables) > 0 {
		notFor("routeTables", "route tables (only gateway endpoints do)")
	}
	if !t.UsesSubnets() {
		if len(e.Subnets) > 0 {
			notFor("subnets", "subnets: it is a route target, with no network interface")
		}
		if len(e.Addresses) > 0 {
			notFor("addresses", "addresses: it has no network interface")
		}
	}
	if !t.UsesSecurityGroups() && len(e.SecurityGroups) > 0 {
		notFor("securityGroups", "security groups: clients' own egress rules apply")
	}
	if !t.UsesPrivateDNS() {
		if e.PrivateDNSEnabled != nil {
			notFor("privateDnsEnabled", "private DNS setting")
		}
		if !dnsOptionsZero(e.DNSOptions) {
			notFor("dnsOptions", "DNS options")
		}
	}
	if e.ServiceNetwork != "" {
		notFor("serviceNetwork", "service network (only service-network endpoints do)")
	}
	if e.ResourceConfiguration != "" {
		notFor("resourceConfiguration", "resource configuration (only resource endpoints do)")
	}
	if t != endpoint.Interface && e.ServiceRegion != "" {
		notFor("serviceRegion", "service Region (only interface endpoints reach services of other Regions)")
	}
	if !e.State.Valid() {
		r.errf("state", ErrInvalidValue, "%q: want available, pendingAcceptance, pending, deleting, deleted, rejected, failed, expired or partial", e.State)
	}
	if !e.IPAddressType.Valid() {
		r.errf("ipAddressType", ErrInvalidValue, "%q: want ipv4, dualstack or ipv6", e.IPAddressType)
	}
	if !e.DNSOptions.RecordIPType.Valid() {
		r.errf("dnsOptions.recordIpType", ErrInvalidValue, "%q: want ipv4, dualstack, ipv6 or service-defined", e.DNSOptions.RecordIPType)
	}
	if e.DNSOptions.Preference != "" || len(e.DNSOptions.SpecifiedDomains) > 0 {
		r.errf("dnsOptions.preference", ErrInvalidValue, "only service-network and resource endpoints take a private DNS preference and specified domains")
	}
	r.checkPolicy("policy", e.Policy)
	name, nameOK := endpoint.ServiceName{}, false
	switch n, err := endpoint.ParseServiceName(e.ServiceName); {
	case e.ServiceName == "":
		r.errf("serviceName", ErrInvalidValue, "required: want the service name, e.g. com.amazonaws.us-east-1.s3")
	case err != nil:
		r.errf("serviceName", ErrInvalidValue, "%v", err)
	default:
		name, nameOK = n, true
	}
	region := ""
	if vp != nil {
		region = v.regions[e.VPC].region
	}
	switch t {
	case endpoint.Gateway:
		v.checkGatewayVPCE(r, e, vp, name, nameOK, region)
	case endpoint.Interface:
		v.checkInterfaceVPCE(r, e, vp, name, nameOK, region)
	case endpoint.GatewayLoadBalancer:
		v.checkGWLBVPCE(r, e, vp, name, nameOK, region) // kind_gwlb.go
	}
}

// dnsOptionsZero reports whether no DNS option is set.
func dnsOptionsZero(o endpoint.DNSOptions) bool {
	return o.RecordIPType == "" && !o.PrivateDNSOnlyForInboundResolver && o.Preference == "" && len(o.SpecifiedDomains) == 0
}

// checkGatewayVPCE checks what only gateway endpoints have: an S3 or
// DynamoDB service of the VPC's Region, route tables of the VPC that no
// other endpoint of the service names, IPv4.
func (v *validator) checkGatewayVPCE(r vres, e *endpoint.Endpoint, vp *vpc.VPC, name endpoint.ServiceName, nameOK bool, region string) {
	if nameOK {
		svc, known := name.AWSService()
		switch {
		case !known || !svc.Supports(endpoint.Gateway):
			r.errf("serviceName", ErrInvalidValue, "%s: gateway endpoints exist for Amazon S3 and DynamoDB only "+
				"(com.amazonaws.<region>.s3 or .dynamodb); use an interface endpoint", e.ServiceName)
		case region != "" && name.Region != region:
			r.errf("serviceName", ErrInvalidValue, "%s is in %s, vpc %q in %s: a gateway endpoint reaches its own Region's service only", e.ServiceName, name.Region, e.VPC, region)
		}
	}
	if e.IPAddressType == endpoint.IPv6 {
		r.errf("ipAddressType", ErrInvalidValue, "ipv6: a gateway endpoint carries IPv4 (ipv4, or dualstack)")
	}
	seen := map[string]int{}
	for i, id := range e.RouteTables {
		field := fmt.Sprintf("routeTables[%d]", i)
		if k, dup := seen[id]; dup {
			r.errf(field, ErrConflict, "%q is already routeTables[%d]", id, k)
			continue
		}
		seen[id] = i
		j, ok := r.ref(field, kindRouteTable, id, true)
		if !ok {
			continue
		}
		t := &v.n.RouteTables[j]
		if vp != nil {
			r.sameVPC(field, fmt.Sprintf("route table %q", id), t.VPC, e.VPC)
		}
		// A table holds one route per service prefix list: one gateway
		// endpoint of a service per table, and no other route for it.
		for _, o := range v.n.VPCEndpoints {
			if o.ID == e.ID {
				break
			}
			if o.Type.Norm() == endpoint.Gateway && o.ServiceName == e.ServiceName && slices.Contains(o.RouteTables, id) {
				r.errf(field, ErrConflict, "route table %q already routes %s to gateway endpoint %q: a table takes one gateway endpoint per service", id, e.ServiceName, o.ID)
			}
		}
		if pl := v.servicePrefixList(e.ServiceName); pl != "" {
			for k, x := range t.Routes {
				if x.PrefixList == pl && x.Target != vpc.ToVPCEndpoint(e.ID) {
					r.errf(field, ErrConflict, "route table %q routes %s (%s) to %s at routes[%d]: the endpoint's route would duplicate it", id, pl, e.ServiceName, x.Target, k)
				}
			}
		}
	}
	if vp != nil {
		n := 0
		for _, o := range v.n.VPCEndpoints {
			if o.VPC == e.VPC && o.Type.Norm() == endpoint.Gateway {
				n++
			}
			if o.ID == e.ID {
				break
			}
		}
		if n > maxGatewayEndpointsPerVPC {
			r.errf("vpc", ErrInvalidValue, "vpc %q has more than %d gateway endpoints (the quota)", e.VPC, maxGatewayEndpointsPerVPC)
		}
	}
}

// servicePrefixList returns the ID of the AWS-managed prefix list the
// network declares for service name ("" when none).
func (v *validator) servicePrefixList(service string) string {
	for _, pl := range v.n.PrefixLists {
		if pl.AWSManaged && pl.Name == service && service != "" {
			return pl.ID
		}
	}
	return ""
}

// checkInterfaceVPCE checks what only interface endpoints have: subnets
// (one per zone), addresses, security groups, private DNS, the service's
// Region, and for an endpoint service declared in the network, that the
// endpoint fits it.
func (v *validator) checkInterfaceVPCE(r vres, e *endpoint.Endpoint, vp *vpc.VPC, name endpoint.ServiceName, nameOK bool, region string) {
	if e.IPAddressType == endpoint.IPv6 {
		r.errf("ipAddressType", ErrInvalidValue, "ipv6: an IPv6-only endpoint needs IPv6-only subnets, which vpcsim does not model (subnets have an IPv4 CIDR): use dualstack")
	}
	v.checkVPCESubnets(r, e, vp)
	v.checkVPCEAddresses(r, e, 1)
	v.checkVPCESecurityGroups(r, e, vp)
	if !nameOK {
		return
	}
	// The service's Region.
	switch {
	case e.ServiceRegion != "" && !name.IsEndpointService():
		r.errf("serviceRegion", ErrInvalidValue, "vpcsim models cross-Region interface endpoints to endpoint services only")
	case e.ServiceRegion != "" && e.ServiceRegion != name.Region:
		r.errf("serviceRegion", ErrInvalidValue, "%q, but the service name %s is in %s", e.ServiceRegion, e.ServiceName, name.Region)
	case e.ServiceRegion == "" && region != "" && name.Region != region:
		r.errf("serviceName", ErrInvalidValue, "%s is in %s, vpc %q in %s: set serviceRegion for cross-Region access to an endpoint service", e.ServiceName, name.Region, e.VPC, region)
	}
	// Private DNS.
	svc, known := name.AWSService()
	privateDNS := e.PrivateDNS()
	if known && len(svc.PrivateDNSNames(name.Region)) == 0 {
		if e.PrivateDNSEnabled != nil && *e.PrivateDNSEnabled {
			r.errf("privateDnsEnabled", ErrInvalidValue, "%s supports no private DNS on interface endpoints: clients use the endpoint's own DNS name", svc.Title)
		}
		privateDNS = false
	}
	if privateDNS && vp != nil && (!vp.DNSSupport() || !vp.EnableDNSHostnames) {
		r.errf("privateDnsEnabled", ErrInvalidValue, "private DNS needs vpc %q's enableDnsSupport and enableDnsHostnames: turn both on "+
			"(vpc.VPC EnableDNSHostnames), or set privateDnsEnabled false", e.VPC)
	}
	if privateDNS && vp != nil {
		for _, o := range v.n.VPCEndpoints {
			if o.ID == e.ID {
				break
			}
			if o.VPC == e.VPC && o.Type.Norm() == endpoint.Interface && o.ServiceName == e.ServiceName && o.PrivateDNS() {
				r.errf("privateDnsEnabled", ErrConflict, "interface endpoint %q of vpc %q already has private DNS on for %s: one endpoint per service and VPC may", o.ID, e.VPC, e.ServiceName)
			}
		}
	}
	if e.DNSOptions.PrivateDNSOnlyForInboundResolver {
		hasGateway := slices.ContainsFunc(v.n.VPCEndpoints, func(o endpoint.Endpoint) bool {
			return o.VPC == e.VPC && o.Type.Norm() == endpoint.Gateway && o.ServiceName == e.ServiceName
		})
		switch {
		case !privateDNS:
			r.errf("dnsOptions.privateDnsOnlyForInboundResolver", ErrInvalidValue, "needs private DNS on")
		case !known || svc.Name != "s3":
			r.errf("dnsOptions.privateDnsOnlyForInboundResolver", ErrInvalidValue, "only interface endpoints to Amazon S3 take it")
		case !hasGateway:
			r.errf("dnsOptions.privateDnsOnlyForInboundResolver", ErrInvalidValue, "needs a gateway endpoint to %s in vpc %q (clients of the VPC use it)", e.ServiceName, e.VPC)
		}
	}
	if vp != nil {
		n := 0
		for _, o := range v.n.VPCEndpoints {
			if o.VPC == e.VPC && o.Type.Norm() == endpoint.Interface {
				n++
			}
			if o.ID == e.ID {
				break
			}
		}
		if n > maxInterfaceEndpointsPerVPC {
			r.errf("vpc", ErrInvalidValue, "vpc %q has more than %d interface endpoints (the default quota)", e.VPC, maxInterfaceEndpointsPerVPC)
		}
	}
	if name.IsEndpointService() {
		if len(e.Policy) > 0 {
			r.errf("policy", ErrInvalidValue, "an endpoint to an endpoint service takes no policy: AWS allows full access through it")
		}
		v.checkEndpointToService(r, e, name, privateDNS, region)
	}
}

// vpceDemand claims an address per interface endpoint interface, and
// those of service-network and resource endpoints.
func vpceDemand(n *Network, claim func(string, ...netip.Addr)) {
	latticeVPCEDemand(n, claim)
	for i := range n.VPCEndpoints {
		e := &n.VPCEndpoints[i]
		if e.Type.Norm() != endpoint.Interface {
			continue
		}
		for _, s := range e.Subnets {
			if a, ok := e.Address(s); ok && a.IPv4.IsValid() {
				claim(s, a.IPv4)
			} else {
				claim(s)
			}
		}
	}
	gwlbeDemand(n, claim) // kind_gwlb.go
}

// checkVPCEAddresses checks the declared addresses of an endpoint with an
// interface per subnet (interface, service-network and resource
// endpoints): each in one of its subnets, one entry per subnet, of the
// families its IP address type has, and free in its subnet. An IPv4
// address starts a block of n addresses (1, or the block a
// service-network endpoint takes).
func (v *validator) checkVPCEAddresses(r vres, e *endpoint.Endpoint, n int) {
	ipv4, ipv6 := e.IPAddressType.HasIPv4(), e.IPAddressType.HasIPv6()
	addrSeen := map[string]int{}
	for i, a := range e.Addresses {
		field := fmt.Sprintf("addresses[%d]", i)
		if !slices.Contains(e.Subnets, a.Subnet) {
			r.errf(field+".subnet", ErrInvalidValue, "%q is not one of the endpoint's subnets", a.Subnet)
			continue
		}
		if k, dup := addrSeen[a.Subnet]; dup {
			r.errf(field+".subnet", ErrConflict, "subnet %q already has addresses[%d]", a.Subnet, k)
			continue
		}
		addrSeen[a.Subnet] = i
		vpcID := v.subnetVPC(a.Subnet)
		if a.IPv4.IsValid() {
			if !ipv4 {
				r.errf(field+".ipv4", ErrInvalidValue, "an %s endpoint has no IPv4 address", e.IPAddressType)
			} else {
				block, ok := v.subnetPrefix(a.Subnet, 4)
				x := a.IPv4
				for range n {
					r.subnetAddr(field+".ipv4", x, 4, block, ok, vpcID)
					x = x.Next()
				}
			}
		}
		if a.IPv6.IsValid() {
			if !ipv6 {
				r.errf(field+".ipv6", ErrInvalidValue, "an %s endpoint has no IPv6 address: set ipAddressType dualstack", e.IPAddressType)
			} else {
				block, ok := v.subnetPrefix(a.Subnet, 6)
				r.subnetAddr(field+".ipv6", a.IPv6, 6, block, ok, vpcID)
			}
		}
		if !a.IPv4.IsValid() && !a.IPv6.IsValid() {
			r.errf(field, ErrInvalidValue, "no address: give ipv4 or ipv6, or leave the subnet out of addresses to have one assigned")
		}
	}
}

// checkVPCESubnets checks the subnets of an endpoint that places an
// interface in each (interface, service-network and resource endpoints):
// at least one, no repeats, of the endpoint's VPC, one per Availability
// Zone, with an IPv6 CIDR when the endpoint has IPv6 addresses.
func (v *validator) checkVPCESubnets(r vres, e *endpoint.Endpoint, vp *vpc.VPC) {
	ipv6 := e.IPAddressType.HasIPv6()
	if len(e.Subnets) == 0 {
		r.errf("subnets", ErrInvalidValue, "required: a %s endpoint needs at least one subnet, one per Availability Zone it serves", e.Type)
	}
	zones := map[string]string{}
	seen := map[string]int{}
	for i, id := range e.Subnets {
		field := fmt.Sprintf("subnets[%d]", i)
		if k, dup := seen[id]; dup {
			r.errf(field, ErrConflict, "%q is already subnets[%d]", id, k)
			continue
		}
		seen[id] = i
		j, ok := r.ref(field, kindSubnet, id, true)
		if !ok {
			continue
		}
		s := &v.n.Subnets[j]
		if vp != nil {
			r.sameVPC(field, fmt.Sprintf("subnet %q", id), s.VPC, e.VPC)
		}
		if other, dup := zones[s.AvailabilityZone]; dup {
			r.errf(field, ErrConflict, "subnet %q is in %s, as subnet %q is: an endpoint takes one subnet per Availability Zone", id, s.AvailabilityZone, other)
		}
		zones[s.AvailabilityZone] = id
		if ipv6 && !s.IPv6CIDR.IsValid() {
			r.errf(field, ErrInvalidValue, "subnet %q has no ipv6 cidr, which a %s endpoint needs", id, e.IPAddressType)
		}
	}
}

// checkVPCESecurityGroups checks an endpoint's security groups: at most
// five (the per-interface quota), no repeats, each of the endpoint's VPC.
func (v *validator) checkVPCESecurityGroups(r vres, e *endpoint.Endpoint, vp *vpc.VPC) {
	if len(e.SecurityGroups) > maxSGsPerInterface {
		r.errf("securityGroups", ErrInvalidValue, "%d security groups: at most %d per network interface (the default quota)", len(e.SecurityGroups), maxSGsPerInterface)
	}
	sgSeen := map[string]int{}
	for i, g := range e.SecurityGroups {
		field := fmt.Sprintf("securityGroups[%d]", i)
		if k, dup := sgSeen[g]; dup {
			r.errf(field, ErrConflict, "%q is already securityGroups[%d]", g, k)
			continue
		}
		sgSeen[g] = i
		if j, ok := r.ref(field, kindSG, g, true); ok && vp != nil {
			r.sameVPC(field, fmt.Sprintf("security group %q", g), v.n.SecurityGroups[j].VPC, e.VPC)
		}
	}
}

// checkVPCETarget checks a declared route to a VPC endpoint: to a gateway
// endpoint of the table's VPC that lists the table, from its service's
// prefix list, as AWS's describe output shows the routes it adds.
func checkVPCETarget(v *validator, r vres, field string, j int, tid, vpcID string) {
	e := &v.n.VPCEndpoints[j]
	r.targetInVPC(field, kindVPCE, tid, e.VPC, vpcID)
	if e.Type.Norm() != endpoint.Gateway {
		if e.Type.Valid() && e.Type.Norm() == endpoint.Interface {
			r.errf(field, ErrInvalidValue, "%q is an interface endpoint, which no route targets: clients address its interfaces", tid)
		}
		return // other types are reported on the endpoint
	}
	if !slices.Contains(e.RouteTables, r.id) {
		r.errf(field, ErrInvalidValue, "gateway endpoint %q does not list route table %q: AWS adds an endpoint's route to the tables it lists, so list the table in its routeTables", tid, r.id)
	}
	var i int
	t, ok := v.find(kindRouteTable, r.id)
	if _, err := fmt.Sscanf(field, "routes[%d]", &i); !ok || err != nil || i >= len(v.n.RouteTables[t].Routes) {
		return
	}
	x := &v.n.RouteTables[t].Routes[i]
	if pl := v.servicePrefixList(e.ServiceName); x.PrefixList == "" || x.PrefixList != pl {
		want := "declare the AWS-managed prefix list named " + e.ServiceName
		if pl != "" {
			want = "prefixList " + pl
		}
		r.errf(strings.TrimSuffix(field, ".target.id"), ErrInvalidValue, "a route to gateway endpoint %q goes from its service's prefix list: %s (or leave the route out: the endpoint adds it)", tid, want)
	}
}

// vpceInterfaces returns the interfaces of the interface endpoints: one
// per subnet, with the endpoint's security groups (its VPC's default
// group when none), its declared addresses, and for a dual-stack endpoint
// an IPv6 address (declared, or the first free one of the subnet's IPv6
// CIDR).
func vpceInterfaces(c *compiler) []pendingENI {
	out := latticeVPCEInterfaces(c)
	var taken6 map[netip.Addr]bool
	for _, e := range sortedBy(c.n.VPCEndpoints, func(e endpoint.Endpoint) string { return e.ID }) {
		if e.Type.Norm() != endpoint.Interface {
			continue
		}
		for _, s := range e.Subnets {
			ni := &vpc.NetworkInterface{ID: vpceENIName(e.ID, s), Subnet: s, Kind: vpc.KindVPCEndpoint, Owner: e.ID, SecurityGroups: e.SecurityGroups}
			a, _ := e.Address(s)
			if a.IPv4.IsValid() {
				ni.PrivateIPs = []netip.Addr{a.IPv4}
			}
			if a6 := c.vpceIPv6(&e, s, a.IPv6, &taken6); a6.IsValid() {
				ni.IPv6Addrs = []netip.Addr{a6}
			}
			id := e.ID
			out = append(out, pendingENI{decl: ni, adopt: func(c *compiler, E *cENI, i eniIdx) {
				m := c.m
				E.vpce = indexOf[vpceIdx](c, id)
				if len(E.sgs) == 0 {
					E.sgs = []sgIdx{m.vpcs[E.vpc].defSG}
				}
				m.vpces[E.vpce].enis = append(m.vpces[E.vpce].enis, i)
			}})
		}
	}
	return append(out, gwlbeInterfaces(c, &taken6)...) // kind_gwlb.go
}

// vpceIPv6 returns the IPv6 address of the interface of endpoint e in
// subnet s: the declared one, declared, else the first free one of the
// subnet's IPv6 CIDR (taken6, the addresses taken, is filled on first
// use); the zero Addr when e carries no IPv6.
func (c *compiler) vpceIPv6(e *endpoint.Endpoint, s string, declared netip.Addr, taken6 *map[netip.Addr]bool) netip.Addr {
	switch {
	case !e.IPAddressType.HasIPv6():
		return netip.Addr{}
	case declared.IsValid():
		return declared
	case *taken6 == nil:
		*taken6 = declaredIPv6(c.n)
	}
	return c.freeIPv6(s, *taken6)
}

// declaredIPv6 returns the IPv6 addresses the network declares for
// interfaces, load balancers and endpoints.
func declaredIPv6(n *Network) map[netip.Addr]bool {
	out := map[netip.Addr]bool{}
	for _, e := range n.NetworkInterfaces {
		for _, a := range e.IPv6Addrs {
			out[a] = true
		}
	}
	for _, lb := range n.LoadBalancers {
		for _, sm := range lb.Subnets {
			out[sm.IPv6] = true
		}
	}
	for _, e := range n.VPCEndpoints {
		for _, a := range e.Addresses {
			out[a.IPv6] = true
		}
	}
	return out
}

// freeIPv6 returns the first usable address of subnet id's IPv6 CIDR that
// is not in taken, and takes it (the zero Addr when the subnet has none).
func (c *compiler) freeIPv6(id string, taken map[netip.Addr]bool) netip.Addr {
	s := indexOf[subnetIdx](c, id)
	p := c.m.subnets[s].ipv6
	if !p.IsValid() {
		return netip.Addr{}
	}
	for a := p.Masked().Addr().Next().Next().Next().Next(); p.Contains(a); a = a.Next() {
		if !taken[a] && !vpc.IsReserved(p, a) {
			taken[a] = true
			return a
		}
	}
	return netip.Addr{}
}

// compileVPCEs compiles the VPC endpoints (their interfaces come with the
// other interfaces, their routes with the route tables, their connection
// states and DNS names later).
func compileVPCEs(c *compiler) {
	m := c.m
	m.vpcVPCEs = make([][]vpceIdx, len(m.vpcs))
	for i, e := range sortedBy(c.n.VPCEndpoints, func(e endpoint.Endpoint) string { return e.ID }) {
		V := cVPCE{id: e.ID, typ: e.Type.Norm(), vpc: indexOf[vpcIdx](c, e.VPC), service: e.ServiceName, svc: noAWS, esvc: noESvc, state: e.State}
		if s, ok := m.awsByName[e.ServiceName]; ok {
			V.svc = s
			m.awsSvcs[s].used = true
		}
		if n, err := endpoint.ParseServiceName(e.ServiceName); err == nil && n.IsEndpointService() {
			if s, ok := lookup[esvcIdx](m, n.Service); ok {
				V.esvc = s
			}
		}
		V.privateDNS = V.typ == endpoint.Interface && e.PrivateDNS() && !e.DNSOptions.PrivateDNSOnlyForInboundResolver
		if V.svc != noAWS && len(m.awsSvcs[V.svc].dns) > 0 {
			if info, ok := endpoint.LookupAWSService(m.awsSvcs[V.svc].short); ok && len(info.PrivateDNSNames(m.awsSvcs[V.svc].region)) == 0 {
				V.privateDNS = false // DynamoDB: no private DNS
			}
		}
		V.policy = compilePolicy(e.Policy, "endpoint policy of "+e.ID)
		V.rtbs = slices.Clone(e.RouteTables)
		V.ctxVpce, V.ctxVpc = []string{e.ID}, []string{e.VPC}
		initLatticeVPCE(&V, c.n, &e) // kind_lattice_endpoint.go
		if V.svc != noAWS {
			S := &m.awsSvcs[V.svc]
			V.notes = vpceNotes{deliver: S.describe() + " through " + V.id, gwHead: "gateway endpoint to " + S.name + ": source ",
				gwTail: " is inside " + e.VPC, replyIn: "the reply of " + S.name + " enters " + e.VPC}
		}
		m.vpces = append(m.vpces, V)
		add(c, e.ID, vpceIdx(i))
		m.vpcVPCEs[V.vpc] = append(m.vpcVPCEs[V.vpc], vpceIdx(i))
	}
}

// gatewayRoutes returns the routes the gateway endpoints add to route
// table id: one per entry of the service's prefix list, unless the table
// declares the same route (decl).
func (c *compiler) gatewayRoutes(id string, decl []vpc.Route) []cRoute {
	m := c.m
	var out []cRoute
	for i := range m.vpces {
		V := &m.vpces[i]
		if V.typ != endpoint.Gateway || V.svc == noAWS || m.awsSvcs[V.svc].pl == noPL || !slices.Contains(V.rtbs, id) {
			continue
		}
		pl := m.awsSvcs[V.svc].pl
		if slices.ContainsFunc(decl, func(r vpc.Route) bool { return r.PrefixList == m.pls[pl].id && r.Target == vpc.ToVPCEndpoint(V.id) }) {
			continue
		}
		for _, p := range m.pls[pl].entries {
			out = append(out, cRoute{dst: p, pl: pl, target: vpc.ToVPCEndpoint(V.id), tkind: kindVPCE, tidx: int32(i), index: -1})
		}
	}
	return out
}

// privateDNSEndpoint returns the interface endpoint of VPC v whose
// private DNS answers the names of AWS service s, or noVPCE.
func (m *Model) privateDNSEndpoint(v vpcIdx, s awsIdx) vpceIdx {
	for _, i := range m.vpcVPCEs[v] {
		if V := &m.vpces[i]; V.typ == endpoint.Interface && V.svc == s && V.privateDNS && len(V.enis) > 0 {
			return i
		}
	}
	return noVPCE
}

// endpointENI returns the interface of endpoint V that a client in
// subnet from reaches: the one in its zone, else the first in zone order.
func (m *Model) vpceENIFor(V *cVPCE, from subnetIdx) eniIdx {
	if from != noSubnet {
		for _, e := range V.enis {
			if m.sameZone(m.enis[e].subnet, from) {
				return e
			}
		}
	}
	return V.enis[0]
}

// gatewayEndpoint is the forwarding function of a gateway endpoint, for a
// packet its prefix-list route matched: only sources inside its VPC, TCP
// or ICMP echo, an available endpoint, its endpoint policy, then the
// service (its resource policies).
func (w *walker) gatewayEndpoint(g vpceIdx, p pkt) {
	m := w.m
	G := &m.vpces[g]
	if w.loop(kindVPCE, G.id) {
		return
	}
	if w.reply {
		w.fail(NoRoute, kindVPCE, G.id, StepEndpoint, func() string {
			return fmt.Sprintf("%s carries requests to its service only", G.id)
		})
		return
	}
	switch {
	case !m.inVPC(G.vpc, p.src) || p.srcVPC != G.vpc && p.srcVPC != noVPC:
		w.fail(GatewayEndpointNotTransitive, kindVPCE, G.id, StepEndpoint, func() string {
			return fmt.Sprintf("%s is a gateway endpoint of %s: it carries traffic from sources inside its VPC only, not from %s (a peered VPC, a transit gateway, a VPN)",
				G.id, m.vpcs[G.vpc].id, p.src)
		})
		return
	case !(p.proto == protoTCP || p.proto == protoICMP && p.dlo>>8 == icmpEchoRequest):
		w.fail(EndpointProtocol, kindVPCE, G.id, StepEndpoint, func() string {
			return fmt.Sprintf("%s is a gateway endpoint: it carries TCP and ICMP echo only, not %s", G.id, m.flowDesc(p))
		})
		return
	case !G.state.Available():
		w.fail(EndpointNotAvailable, kindVPCE, G.id, StepEndpoint, func() string {
			return fmt.Sprintf("%s is %s: only an available endpoint carries traffic", G.id, G.state)
		})
		return
	}
	if s := m.serviceAt(p.dst); s != G.svc || s != w.goal.service() {
		w.fail(UnknownDestination, kindVPCE, G.id, StepEndpoint, func() string {
			return fmt.Sprintf("%s delivers to %s, not the destination", G.id, m.awsSvcs[G.svc].name)
		})
		return
	}
	w.hop(kindVPCE, G.id, StepEndpoint, func() string {
		return addrText(G.notes.gwHead, p.src, G.notes.gwTail, netip.Addr{}) // "gateway endpoint to <service>: source <src> is inside <vpc>"
	}, p)
	if !w.endpointPolicy(g, p) || !w.serviceDeliver(G.svc, p, g) {
		return
	}
	w.ok, w.atENI, w.atSubnet, w.final, w.atGW = true, noENI, noSubnet, p, int32(g)+1
}

// fromGatewayEndpoint carries the service's reply to a flow that arrived
// through gateway endpoint g into its VPC, to the client's subnet.
func (w *walker) fromGatewayEndpoint(g vpceIdx, p pkt) {
	m := w.m
	G := &m.vpces[g]
	w.hop(kindVPCE, G.id, StepEndpoint, func() string {
		return G.notes.replyIn // "the reply of <service> enters <vpc>"
	}, p)
	w.local(G.vpc, p, noSubnet)
}

// endpointArrive is the forwarding function of an interface endpoint, for
// a packet addressed to its interface e that passed its security groups:
// TCP only, an available endpoint (and connection), its endpoint policy,
// then its service. The walk arrives at the interface, where the reply
// starts; an endpoint to an endpoint service goes on as a proxy.
func (w *walker) endpointArrive(e eniIdx, p pkt) {
	m := w.m
	V := &m.vpces[m.enis[e].vpce]
	if V.lat != nil {
		w.latticeEndpointArrive(e, p)
		return
	}
	switch {
	case p.proto != protoTCP:
		w.fail(EndpointProtocol, kindVPCE, V.id, StepEndpoint, func() string {
			return fmt.Sprintf("%s is an interface endpoint: it carries TCP only, not %s", V.id, m.flowDesc(p))
		})
		return
	case !V.state.Available():
		w.fail(EndpointNotAvailable, kindVPCE, V.id, StepEndpoint, func() string {
			if V.connState {
				return fmt.Sprintf("the connection of %s to %s is %s: only an accepted (available) connection carries traffic", V.id, m.esvcs[V.esvc].id, V.state)
			}
			return fmt.Sprintf("%s is %s: only an available endpoint carries traffic", V.id, V.state)
		})
		return
	}
	w.hop(kindVPCE, V.id, StepEndpoint, func() string {
		return "interface endpoint to " + V.service + " at " + m.enis[e].id
	}, p)
	if !w.endpointPolicy(m.enis[e].vpce, p) {
		return
	}
	if V.esvc == noESvc {
		if V.svc != noAWS {
			if !w.serviceDeliver(V.svc, p, m.enis[e].vpce) {
				return
			}
		} else {
			w.hop(kindVPCE, V.id, StepDeliver, func() string {
				return fmt.Sprintf("to %s, a service outside the network", V.service)
			}, p)
		}
	}
	w.ok, w.atENI, w.atSubnet, w.final = true, e, noSubnet, p
}

// endpointPolicy applies endpoint g's policy to the flow's API call
// (nothing without a call, or with the default policy, which allows
// everything).
func (w *walker) endpointPolicy(g vpceIdx, p pkt) bool {
	V := &w.m.vpces[g]
	if w.call == nil || V.policy == nil {
		return true
	}
	d := V.policy.Evaluate(w.request(p, g))
	if d.Outcome != policy.Allowed {
		w.fail(EndpointPolicyDeny, kindVPCE, V.id, StepEndpointPolicy, d.String)
		return false
	}
	w.hop(kindVPCE, V.id, StepEndpointPolicy, d.String, p)
	return true
}

// vpceNodes, vpceEdges and the labels draw endpoints in pictures: a node
// per endpoint, joined to its interfaces and to its service.
func vpceNodes(g *graphBuilder) {
	for i, x := range g.m.vpces {
		g.add(refOf(vpceIdx(i)), x.id)
	}
}

func vpceEdges(g *graphBuilder) {
	m := g.m
	for i, x := range m.vpces {
		n := g.node(refOf(vpceIdx(i)))
		for _, e := range x.enis {
			g.edge(g.node(refOf(e)), n)
			g.edge(n, g.node(refOf(e)))
		}
		switch {
		case x.esvc != noESvc:
			g.edge(n, g.node(refOf(x.esvc)))
		case x.svc != noAWS:
			g.edge(n, g.node(refOf(x.svc)))
		}
		if x.typ == endpoint.Gateway {
			g.edge(n, g.node(refOf(x.vpc))) // replies enter the VPC
		}
		latticeVPCEEdges(g, n, &m.vpces[i])
	}
}

func vpceLabel(m *Model, i int32) []string {
	V := &m.vpces[i]
	if V.lat != nil {
		return []string{V.id, latticeTypeName(V.typ) + " to " + m.latticeVPCETarget(V)}
	}
	return []string{V.id, strings.ToLower(V.typ.String()) + " endpoint " + V.service}
}

func vpcePlace(m *Model, i int32) (vpcIdx, subnetIdx) { return m.vpces[i].vpc, noSubnet }

// sortVPCEENIs orders each interface endpoint's interfaces by zone.
func sortVPCEENIs(m *Model) {
	for i := range m.vpces {
		slices.SortFunc(m.vpces[i].enis, func(a, b eniIdx) int {
			return cmp.Or(cmp.Compare(m.subnets[m.enis[a].subnet].az, m.subnets[m.enis[b].subnet].az), cmp.Compare(a, b))
		})
	}
}
