package gen

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/vpc"
)

// AWS PrivateLink (with Options.PrivateLink): endpoint services fronted
// by Network Load Balancers, reached through consumers' interface
// endpoints, and endpoint services fronted by Gateway Load Balancers,
// whose endpoints are route targets that send traffic through
// appliances.
//
// A network with PrivateLink has at least two VPCs. Sometimes the VPCs
// belong to two accounts (the service then allows the consumer's account
// or everyone) and every subnet declares its AZ ID; an account maps zone
// names to AZ IDs one to one, and the two accounts sometimes map them
// differently, so that us-east-1a of the consumer is us-east-1b of the
// provider (zones then match by AZ ID, not by name).
//
//   - Network Load Balancer services: a provider VPC gets a Network Load
//     Balancer (internal or internet-facing, in one or several zones,
//     with or without security groups, enforcing their inbound rules on
//     PrivateLink traffic or not) with listeners and target groups as
//     lb.go draws them, behind an endpoint service that requires
//     acceptance or not. Another VPC (whose CIDR may be the provider's)
//     gets an interface endpoint to it in one subnet per zone, at
//     declared addresses, with some of its groups or none; its
//     connection is declared (available, pendingAcceptance, rejected,
//     ...) or not, and the endpoint's own state sometimes repeats it.
//     Rules are added now and then so that traffic can pass: the
//     endpoint's group admits the listener's port, the load balancer's
//     group admits it from the consumer's CIDR.
//   - Gateway Load Balancer services: a VPC gets a Gateway Load Balancer
//     in one or several zones (cross-zone on or off) whose GENEVE target
//     group holds some of the VPC's interfaces or their addresses as
//     appliances (healthy, unhealthy, initial, ...), whose groups
//     sometimes admit UDP 6081 from the load balancer's subnets; a VPC
//     (the same or another) gets one or two Gateway Load Balancer
//     endpoints to it (one per zone), each in a subnet with a route
//     table of its own, and routes through them: a protected subnet's
//     default route, or a route for another subnet's CIDR, to the
//     endpoint, and sometimes the internet gateway's gateway route table
//     sending the protected subnet's CIDR to the endpoint (ingress
//     routing). The return routes are left to chance, so replies that
//     bypass the appliance are drawn too.

// plAccounts are the provider's and the consumer's accounts.
var plAccounts = [2]string{"111111111111", "222222222222"}

// plZoneIDs maps the zone names the generator uses to AZ IDs, as two
// accounts may see them: the same mapping, or swapped.
var plZoneIDs = [2]map[string]string{
	{"us-east-1a": "use1-az1", "us-east-1b": "use1-az2"},
	{"us-east-1a": "use1-az2", "us-east-1b": "use1-az1"},
}

// plInfo is what the early PrivateLink draws leave for the late ones.
type plInfo struct {
	services []plService
}

type plService struct {
	id       string
	provider *vpcInfo
	gateway  bool
}

// privateLinkAccounts, right after the subnets are drawn, sometimes puts
// the VPCs in two accounts and declares every subnet's AZ ID.
func (b *builder) privateLinkAccounts() {
	if !b.o.PrivateLink || len(b.vpcs) < 2 {
		return
	}
	twoAccounts := b.chance("pl-accounts", 50)
	zoneIDs := b.chance("pl-zone-ids", 60)
	swapped := b.chance("pl-zones-swapped", 50)
	for vi, v := range b.vpcs {
		acct := 0
		if twoAccounts && vi > 0 {
			acct = 1
			b.n.VPCs[vi].Account = plAccounts[1]
		} else if twoAccounts {
			b.n.VPCs[vi].Account = plAccounts[0]
		}
		if !zoneIDs {
			continue
		}
		m := plZoneIDs[0]
		if acct == 1 && swapped {
			m = plZoneIDs[1]
		}
		for _, si := range v.subnets {
			s := b.subnet(si)
			s.AvailabilityZoneID = m[s.AvailabilityZone]
		}
	}
}

// plServiceID returns a fresh endpoint service ID.
func (b *builder) plServiceID() string {
	b.seq++
	return fmt.Sprintf("vpce-svc-%017x", b.seq)
}

// privateLinkEarly draws the providers' load balancers and endpoint
// services, after the other load balancers (so lbSGRules sees them).
func (b *builder) privateLinkEarly() {
	if !b.o.PrivateLink || len(b.vpcs) < 2 {
		return
	}
	b.pl = &plInfo{}
	for range b.intn("pl-nlb-services", 0, 2) {
		v := b.vpcs[b.intn("pl-provider", 0, len(b.vpcs)-1)]
		if id, ok := b.plNLB(v); ok {
			b.pl.services = append(b.pl.services, plService{id: id, provider: v})
		}
	}
	for range b.intn("pl-gwlb-services", 0, 1) {
		v := b.vpcs[b.intn("pl-gwlb-provider", 0, len(b.vpcs)-1)]
		if id, ok := b.plGWLB(v); ok {
			b.pl.services = append(b.pl.services, plService{id: id, provider: v, gateway: true})
		}
	}
}

// plService declares an endpoint service of the given load balancers,
// allowing account consumer (when it is not the provider's).
func (b *builder) plEndpointService(nlb, gwlb []string) string {
	s := endpoint.Service{ID: b.plServiceID(), NetworkLoadBalancers: nlb, GatewayLoadBalancers: gwlb}
	switch b.intn("pl-acceptance", 0, 2) {
	case 1:
		yes := true
		s.AcceptanceRequired = &yes
	case 2:
		no := false
		s.AcceptanceRequired = &no
	}
	if b.n.VPCs[0].Account != "" {
		// Both accounts may connect: the provider's own, and the other.
		if b.chance("pl-allow-any", 30) {
			s.AllowedPrincipals = []string{"*"}
		} else {
			s.AllowedPrincipals = []string{"arn:aws:iam::" + plAccounts[0] + ":root", "arn:aws:iam::" + plAccounts[1] + ":root"}
		}
	}
	b.n.EndpointServices = append(b.n.EndpointServices, s)
	return s.ID
}

// plNLB draws a Network Load Balancer in provider VPC v and its endpoint
// service.
func (b *builder) plNLB(v *vpcInfo) (string, bool) {
	lb := elb.LoadBalancer{ID: b.id("lb"), VPC: v.id, Type: elb.Network}
	subnets := b.lbSubnets(v, false)
	if len(subnets) == 0 {
		return "", false
	}
	if b.chance("pl-nlb-internal", 70) {
		lb.Scheme = elb.Internal
	}
	for _, si := range subnets {
		v.demand[b.subnet(si).ID]++
		lb.Subnets = append(lb.Subnets, elb.SubnetMapping{Subnet: b.subnet(si).ID})
	}
	for _, g := range v.sgs {
		if len(lb.SecurityGroups) < 2 && b.chance("pl-nlb-sg", 40) {
			lb.SecurityGroups = append(lb.SecurityGroups, g)
		}
	}
	if len(lb.SecurityGroups) > 0 {
		switch b.intn("pl-nlb-enforce", 0, 2) {
		case 1:
			yes := true
			lb.EnforceInboundRulesOnPrivateLink = &yes
		case 2:
			no := false
			lb.EnforceInboundRulesOnPrivateLink = &no
		}
	}
	if b.chance("pl-nlb-cross-zone", 30) {
		yes := true
		lb.CrossZone = &yes
	}
	b.n.LoadBalancers = append(b.n.LoadBalancers, lb)
	ports := slices.Clone(lbPorts)
	for range b.intn("pl-nlb-listeners", 1, 2) {
		i := b.intn("pl-nlb-listener-port", 0, len(ports)-1)
		b.listener(v, &lb, ports[i])
		ports = slices.Delete(ports, i, i+1)
	}
	// The targets' groups admit the load balancer's connections, now and
	// then: from the provider VPC's CIDR (the nodes' addresses), on the
	// target's port.
	for _, g := range b.lbGroups(lb.ID) {
		for _, t := range g.Targets {
			e := b.targetENI(v, g, t)
			if e == nil || len(e.SecurityGroups) == 0 || !b.chance("pl-nlb-target-sg", 70) {
				continue
			}
			port := t.Port
			if port == 0 {
				port = g.Port
			}
			r := vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: v.cidrs[0]}
			if ps := g.Protocol.IPProtocols(); len(ps) == 1 {
				r = vpc.SGRule{Protocol: ps[0], Ports: vpc.Port(port), CIDR: v.cidrs[0]}
			}
			b.addIngress(pick(b, "pl-nlb-target-sg-group", e.SecurityGroups), r)
		}
	}
	return b.plEndpointService([]string{lb.ID}, nil), true
}

// plHealth is the health of appliances behind a Gateway Load Balancer.
var plHealth = []elb.HealthState{"", "", "", elb.Healthy, elb.Healthy, elb.Unhealthy, elb.Unhealthy, elb.Initial, elb.Draining}

// plGWLB draws a Gateway Load Balancer in VPC v, its appliances and its
// endpoint service.
func (b *builder) plGWLB(v *vpcInfo) (string, bool) {
	if len(v.enis) == 0 {
		return "", false
	}
	lb := elb.LoadBalancer{ID: b.id("gwlb"), VPC: v.id, Type: elb.Gateway}
	subnets := b.lbSubnets(v, false)
	if len(subnets) == 0 {
		return "", false
	}
	for _, si := range subnets {
		v.demand[b.subnet(si).ID]++
		lb.Subnets = append(lb.Subnets, elb.SubnetMapping{Subnet: b.subnet(si).ID})
	}
	if b.chance("pl-gwlb-cross-zone", 50) {
		yes := true
		lb.CrossZone = &yes
	}
	b.n.LoadBalancers = append(b.n.LoadBalancers, lb)
	tg := elb.TargetGroup{ID: b.id("tg"), Protocol: elb.GENEVE, Port: elb.GENEVEPort, VPC: v.id}
	if b.chance("pl-gwlb-ip", 40) {
		tg.TargetType = elb.IPTarget
	}
	seen := map[string]bool{}
	// Appliances mostly in the load balancer's zones.
	var zonal []string
	for _, id := range v.enis {
		for _, sm := range lb.Subnets {
			if b.subnetByID(b.eniDecl(id).Subnet).AvailabilityZone == b.subnetByID(sm.Subnet).AvailabilityZone {
				zonal = append(zonal, id)
				break
			}
		}
	}
	for range b.intn("pl-gwlb-targets", 1, 3) {
		id := pick(b, "pl-gwlb-appliance", v.enis)
		if len(zonal) > 0 && b.chance("pl-gwlb-appliance-zonal", 80) {
			id = pick(b, "pl-gwlb-appliance-zone", zonal)
		}
		if seen[id] || tg.TargetType == elb.IPTarget && len(b.eniDecl(id).PrivateIPs) == 0 {
			continue // an ip target needs a declared address
		}
		seen[id] = true
		t := elb.Target{ID: id, Health: pick(b, "pl-gwlb-health", plHealth)}
		if tg.TargetType == elb.IPTarget {
			t.ID = ""
			t.IP = b.eniDecl(id).PrivateIPs[0]
		}
		tg.Targets = append(tg.Targets, t)
		// The appliance's groups admit GENEVE from the load balancer's
		// subnets, now and then.
		if e := b.eniDecl(id); len(e.SecurityGroups) > 0 && b.chance("pl-gwlb-sg", 85) {
			src := v.cidrs[0]
			if b.chance("pl-gwlb-sg-subnet", 50) {
				src = b.subnetByID(pick(b, "pl-gwlb-sg-subnet-cidr", lb.Subnets).Subnet).CIDR
			}
			b.addIngress(pick(b, "pl-gwlb-sg-group", e.SecurityGroups),
				vpc.SGRule{Protocol: vpc.ProtocolUDP, Ports: vpc.Port(elb.GENEVEPort), CIDR: src})
		}
	}
	b.n.TargetGroups = append(b.n.TargetGroups, tg)
	b.n.Listeners = append(b.n.Listeners, elb.Listener{ID: b.id("lis"), LoadBalancer: lb.ID, Default: elb.ForwardTo(tg.ID)})
	return b.plEndpointService(nil, []string{lb.ID}), true
}

// eniDecl returns the declared interface id (which the builder drew).
func (b *builder) eniDecl(id string) *vpc.NetworkInterface {
	for i := range b.n.NetworkInterfaces {
		if b.n.NetworkInterfaces[i].ID == id {
			return &b.n.NetworkInterfaces[i]
		}
	}
	panic("gen: no interface " + id) // the builder declared every interface it names
}

// subnetByID returns the declared subnet id.
func (b *builder) subnetByID(id string) *vpc.Subnet {
	for i := range b.n.Subnets {
		if b.n.Subnets[i].ID == id {
			return &b.n.Subnets[i]
		}
	}
	panic("gen: no subnet " + id) // the builder declared every subnet it names
}

// privateLinkLate draws the consumers' endpoints (after the route tables
// and the other endpoints), their connections and, for Gateway Load
// Balancer services, the routes through them.
func (b *builder) privateLinkLate() {
	if b.pl == nil {
		return
	}
	for _, s := range b.pl.services {
		for range b.intn("pl-consumers", 1, 2) {
			var c *vpcInfo
			if s.gateway || b.chance("pl-same-vpc", 10) {
				c = b.vpcs[b.intn("pl-consumer", 0, len(b.vpcs)-1)]
			} else {
				c = b.vpcs[b.intn("pl-consumer", 0, len(b.vpcs)-1)]
				for i := 0; c == s.provider && i < len(b.vpcs); i++ {
					c = b.vpcs[i]
				}
			}
			if s.gateway {
				b.plGWLBEndpoints(s, c)
			} else {
				b.plInterfaceEndpoint(s, c)
			}
		}
	}
}

// plStates are the states drawn for connections and endpoints.
var plStates = []endpoint.State{endpoint.Available, endpoint.Available, endpoint.Available, endpoint.Available, endpoint.Available,
	endpoint.Available, endpoint.Available, endpoint.Available, endpoint.Available, endpoint.PendingAcceptance,
	endpoint.Rejected, endpoint.Pending, endpoint.Expired, endpoint.Failed}

// plConnection sometimes declares the connection of endpoint e to service
// s and sometimes repeats its state on the endpoint.
func (b *builder) plConnection(e *endpoint.Endpoint, s string) {
	switch b.intn("pl-connection", 0, 6) {
	case 0: // nothing declared
	case 1: // the endpoint's state only
		e.State = pick(b, "pl-endpoint-state", plStates)
	default:
		c := endpoint.Connection{Endpoint: e.ID, Service: s, State: pick(b, "pl-connection-state", plStates)}
		if b.chance("pl-connection-implicit", 20) && c.State == endpoint.Available {
			c.State = ""
		}
		if b.chance("pl-endpoint-state-too", 30) {
			e.State = c.State
		}
		b.n.EndpointConnections = append(b.n.EndpointConnections, c)
	}
}

// plInterfaceEndpoint draws an interface endpoint of VPC c to Network
// Load Balancer service s.
func (b *builder) plInterfaceEndpoint(s plService, c *vpcInfo) {
	name := endpoint.ServiceName{Prefix: endpoint.PrefixEndpointService, Region: "us-east-1", Service: s.id}.String()
	e := endpoint.Endpoint{ID: b.id("vpce"), Type: endpoint.Interface, VPC: c.id, ServiceName: name}
	zones := map[string]bool{}
	for _, si := range c.subnets {
		sub := b.subnet(si)
		if zones[sub.AvailabilityZone] || c.demand[sub.ID] >= vpc.UsableAddresses(sub.CIDR) || b.albSubnets[sub.ID] && vpc.UsableAddresses(sub.CIDR)-c.demand[sub.ID]-1 < 8 || !b.chance("pl-vpce-subnet", 70) {
			continue
		}
		zones[sub.AvailabilityZone] = true
		e.Subnets = append(e.Subnets, sub.ID)
		e.Addresses = append(e.Addresses, endpoint.SubnetAddress{Subnet: sub.ID, IPv4: b.privateAddr(c, si)})
		c.demand[sub.ID]++
	}
	if len(e.Subnets) == 0 {
		return
	}
	for _, g := range c.sgs {
		if b.chance("pl-vpce-sg", 40) {
			e.SecurityGroups = append(e.SecurityGroups, g)
		}
	}
	// Rules that let traffic through, now and then: the endpoint's group
	// admits a listener's port from the consumer's CIDR, the load
	// balancer's group admits it from there too.
	var ports []uint16
	var lb *elb.LoadBalancer
	for i := range b.n.LoadBalancers {
		if l := &b.n.LoadBalancers[i]; b.n.EndpointServices[b.plServiceIndex(s.id)].NetworkLoadBalancers[0] == l.ID {
			lb = l
		}
	}
	for _, l := range b.n.Listeners {
		if l.LoadBalancer == lb.ID {
			ports = append(ports, l.Port)
		}
	}
	if len(ports) > 0 && len(e.SecurityGroups) == 0 && len(c.sgs) > 0 && b.chance("pl-vpce-sg-some", 60) {
		e.SecurityGroups = []string{pick(b, "pl-vpce-sg-one", c.sgs)}
	}
	if len(ports) > 0 && len(e.SecurityGroups) > 0 && b.chance("pl-vpce-sg-rule", 85) {
		b.addIngress(pick(b, "pl-vpce-sg-rule-group", e.SecurityGroups),
			vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(pick(b, "pl-vpce-sg-rule-port", ports)), CIDR: c.cidrs[0]})
	}
	if len(ports) > 0 && len(lb.SecurityGroups) > 0 && b.chance("pl-nlb-sg-rule", 75) {
		b.addIngress(pick(b, "pl-nlb-sg-rule-group", lb.SecurityGroups),
			vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(pick(b, "pl-nlb-sg-rule-port", ports)), CIDR: c.cidrs[0]})
	}
	b.plConnection(&e, s.id)
	b.n.VPCEndpoints = append(b.n.VPCEndpoints, e)
}

func (b *builder) plServiceIndex(id string) int {
	return slices.IndexFunc(b.n.EndpointServices, func(s endpoint.Service) bool { return s.ID == id })
}

// plGWLBEndpoints draws one or two Gateway Load Balancer endpoints of VPC
// c to service s (one per zone), each in a subnet with a route table of
// its own, and routes through them.
func (b *builder) plGWLBEndpoints(s plService, c *vpcInfo) {
	if len(c.subnets) < 2 {
		return
	}
	name := endpoint.ServiceName{Prefix: endpoint.PrefixEndpointService, Region: "us-east-1", Service: s.id}.String()
	used := map[string]bool{} // zones (by AZ ID when declared)
	for _, o := range b.n.VPCEndpoints {
		if o.VPC == c.id && o.ServiceName == name {
			used[b.zoneKey(b.subnetByID(o.Subnets[0]))] = true
		}
	}
	// The zones the service's load balancer serves, as zones compare.
	served := map[string]bool{}
	for _, lb := range b.n.LoadBalancers {
		if slices.Contains(b.n.EndpointServices[b.plServiceIndex(s.id)].GatewayLoadBalancers, lb.ID) {
			for _, sm := range lb.Subnets {
				served[b.zoneKey(b.subnetByID(sm.Subnet))] = true
			}
		}
	}
	for range b.intn("pl-gwlbe", 1, 2) {
		var cands, good []int
		for _, si := range c.subnets {
			sub := b.subnet(si)
			if !used[b.zoneKey(sub)] && c.demand[sub.ID] < vpc.UsableAddresses(sub.CIDR) && !(b.albSubnets[sub.ID] && vpc.UsableAddresses(sub.CIDR)-c.demand[sub.ID]-1 < 8) {
				cands = append(cands, si)
				if served[b.zoneKey(sub)] {
					good = append(good, si)
				}
			}
		}
		if len(cands) == 0 {
			return
		}
		if len(good) > 0 && b.chance("pl-gwlbe-served", 80) {
			cands = good // mostly a zone the load balancer serves
		}
		si := pick(b, "pl-gwlbe-subnet", cands)
		sub := b.subnet(si)
		used[b.zoneKey(sub)] = true
		e := endpoint.Endpoint{ID: b.id("vpce"), Type: endpoint.GatewayLoadBalancer, VPC: c.id, ServiceName: name,
			Subnets: []string{sub.ID}, Addresses: []endpoint.SubnetAddress{{Subnet: sub.ID, IPv4: b.privateAddr(c, si)}}}
		c.demand[sub.ID]++
		b.plConnection(&e, s.id)
		b.n.VPCEndpoints = append(b.n.VPCEndpoints, e)
		b.plGWLBRoutes(c, si, e.ID)
	}
}

// zoneKey is a subnet's zone as zones are compared: by AZ ID when
// declared.
func (b *builder) zoneKey(s *vpc.Subnet) string {
	if s.AvailabilityZoneID != "" {
		return s.AvailabilityZoneID
	}
	return s.AvailabilityZone
}

// plGWLBRoutes gives endpoint subnet es a route table of its own (its
// previous routes, the default one to the internet gateway when the VPC
// has one) and routes a protected subnet's traffic through endpoint id.
func (b *builder) plGWLBRoutes(c *vpcInfo, es int, id string) {
	et := b.ownTable(c, es)
	if c.igw != "" && b.chance("pl-gwlbe-igw", 85) {
		setRoute(et, vpc.Route{Destination: netip.MustParsePrefix("0.0.0.0/0"), Target: vpc.ToInternetGateway(c.igw)})
	}
	var others []int
	for _, si := range c.subnets {
		if si != es {
			others = append(others, si)
		}
	}
	ps := pick(b, "pl-gwlbe-protected", others)
	// The protected subnet's servers admit everything now and then, so
	// that inspected flows get through to them.
	for _, id := range c.enis {
		e := b.eniDecl(id)
		if e.Subnet != b.subnet(ps).ID {
			continue
		}
		if len(e.SecurityGroups) > 0 && b.chance("pl-gwlbe-open", 50) {
			b.addIngress(e.SecurityGroups[0], vpc.SGRule{Protocol: vpc.ProtocolAll, CIDR: netip.MustParsePrefix("0.0.0.0/0")})
		}
		if !e.PublicIP.IsValid() && c.igw != "" && b.chance("pl-gwlbe-public", 50) {
			e.PublicIP = b.publicAddr() // the zero Addr when the pool is spent
		}
	}
	pt := b.ownTable(c, ps)
	switch b.intn("pl-gwlbe-route", 0, 2) {
	case 0, 1: // the protected subnet's default route
		setRoute(pt, vpc.Route{Destination: netip.MustParsePrefix("0.0.0.0/0"), Target: vpc.ToVPCEndpoint(id)})
	default: // east-west: another subnet's CIDR
		d := b.subnet(pick(b, "pl-gwlbe-dst", c.subnets)).CIDR
		if d != b.subnet(ps).CIDR {
			setRoute(pt, vpc.Route{Destination: d, Target: vpc.ToVPCEndpoint(id)})
		}
	}
	if c.igw != "" && b.chance("pl-gwlbe-ingress", 70) {
		// Ingress routing: the internet gateway's gateway route table.
		var gt *vpc.RouteTable
		for i := range b.n.RouteTables {
			if slices.Contains(b.n.RouteTables[i].Gateways, c.igw) {
				gt = &b.n.RouteTables[i]
			}
		}
		if gt == nil {
			b.n.RouteTables = append(b.n.RouteTables, vpc.RouteTable{ID: b.id("rtb"), VPC: c.id, Gateways: []string{c.igw}})
			gt = &b.n.RouteTables[len(b.n.RouteTables)-1]
		}
		setRoute(gt, vpc.Route{Destination: b.subnet(ps).CIDR, Target: vpc.ToVPCEndpoint(id)})
	}
}

// setRoute puts r in t, replacing a route to the same destination.
func setRoute(t *vpc.RouteTable, r vpc.Route) {
	t.Routes = slices.DeleteFunc(t.Routes, func(x vpc.Route) bool { return x.PrefixList == "" && x.Destination == r.Destination })
	t.Routes = append(t.Routes, r)
}

// ownTable returns the route table subnet si alone is associated with,
// creating it (with the routes of the table the subnet used, but those to
// VPC endpoints) when the subnet shares its table or uses the main one.
func (b *builder) ownTable(c *vpcInfo, si int) *vpc.RouteTable {
	sid := b.subnet(si).ID
	var old *vpc.RouteTable
	for i := range b.n.RouteTables {
		t := &b.n.RouteTables[i]
		if slices.Contains(t.Subnets, sid) {
			if len(t.Subnets) == 1 && !t.Main {
				return t
			}
			old = t
		}
	}
	if old == nil {
		for i := range b.n.RouteTables {
			if t := &b.n.RouteTables[i]; t.VPC == c.id && t.Main {
				old = t
			}
		}
	}
	nt := vpc.RouteTable{ID: b.id("rtb"), VPC: c.id, Subnets: []string{sid}}
	if old != nil {
		old.Subnets = slices.DeleteFunc(old.Subnets, func(x string) bool { return x == sid })
		if len(old.Subnets) == 0 {
			old.Subnets = nil // as JSON reads it back
		}
		for _, r := range old.Routes {
			if r.Target.Kind != vpc.TargetVPCEndpoint {
				nt.Routes = append(nt.Routes, r)
			}
		}
	}
	b.n.RouteTables = append(b.n.RouteTables, nt)
	return &b.n.RouteTables[len(b.n.RouteTables)-1]
}
