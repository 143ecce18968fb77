package gen

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"

	"pgregory.net/rapid"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// VPC Lattice in random networks ([Options.Lattice]).
//
// On top of the VPC network the generator declares one or two service
// networks (auth type NONE or AWS_IAM, with or without an auth policy),
// an association for most VPCs (to a random network, sometimes with one or
// two of the VPC's security groups, sometimes in a state that carries no
// traffic), one to three target groups (INSTANCE targets naming
// interfaces, IP targets at interface addresses or at an address nobody
// holds, LAMBDA; HTTP or HTTPS; with their own ports, declared health and
// health checks on or off, sometimes on another port), and one to three
// services (auth type NONE or AWS_IAM with or without a policy; one or two
// HTTP or HTTPS listeners; zero to four rules of distinct priorities
// matching on method, path and headers; forwards to one to three weighted
// target groups or fixed responses), each associated with zero to two
// networks. Some security groups get rules admitting Lattice's addresses
// (169.254.171.0/24) or sending to them, so that requests get through
// often enough for the properties to see the later steps.
//
// Auth policies are drawn from a small grammar ([LatticeStatement]):
// Allow or Deny; principal "*", an account or a role; action Invoke,
// vpc-lattice-svcs:* or *; resource *, a service or a path prefix of one;
// and at most one condition on the method, the path, the source VPC or the
// caller's organization. Some VPCs get a service-network endpoint
// (see latticeEndpoints). Services, networks and target groups name no
// account; resource gateways, configurations and endpoints, with the
// accounts and sharing they bring, are drawn in lattice_resource.go. TLS
// passthrough listeners and ALB targets are not generated.

// LatticeRegion is the Region of the generated services (the AWS default
// vpcsim uses when a service names none).
const LatticeRegion = lattice.DefaultRegion

// LatticeCallers are the callers queries draw from; nil is an anonymous
// (unsigned) request. The first two are in organization o-shop.
var LatticeCallers = []*policy.Principal{
	nil,
	{Account: "111111111111", ARN: "arn:aws:iam::111111111111:role/orders", OrgID: "o-shop"},
	{Account: "111111111111", ARN: "arn:aws:iam::111111111111:user/admin", OrgID: "o-shop"},
	{Account: "222222222222", ARN: "arn:aws:iam::222222222222:role/partner"},
}

// LatticeMethods, LatticePaths and LatticeHeaders are the request
// methods, paths and header values rules match on and queries draw from.
var (
	LatticeMethods = []string{"GET", "POST", "PUT", "get"}
	LatticePaths   = []string{"/", "/api", "/api/v1/orders", "/API/v1", "/charge", "/charges", "/apiary"}
	LatticeHeaders = []string{"acme", "ACME", "acme-eu", "beta"}
)

// latticePorts are the ports of listeners, target groups and targets.
var latticePorts = []uint16{80, 443, 8080}

var latticeAll = netip.MustParsePrefix("169.254.171.0/24")

func (b *builder) lattice() {
	if !b.o.Lattice {
		return
	}
	b.latticeSGRules()
	var sns []string
	for range pick(b, "lattice-sns", []int{1, 1, 2}) {
		sn := lattice.ServiceNetwork{ID: b.id("sn")}
		if b.rare("sn-iam", 40) {
			sn.AuthType = lattice.AuthIAM
		}
		sns = append(sns, sn.ID)
		b.n.ServiceNetworks = append(b.n.ServiceNetworks, sn)
	}
	for _, v := range b.vpcs {
		if !b.chance("snva", 90) {
			continue
		}
		a := lattice.ServiceNetworkVPCAssociation{ID: b.id("snva"), ServiceNetwork: pick(b, "snva-sn", sns), VPC: v.id}
		if b.chance("snva-sgs", 40) {
			for _, g := range v.sgs {
				if len(a.SecurityGroups) < 2 && b.chance("snva-sg", 50) {
					a.SecurityGroups = append(a.SecurityGroups, g)
				}
			}
			if len(a.SecurityGroups) > 0 && !b.rare("snva-sg-admit", 20) {
				// Admit the VPC's clients on some ports.
				for i := range b.n.SecurityGroups {
					if g := &b.n.SecurityGroups[i]; g.ID == a.SecurityGroups[0] {
						g.Ingress = append(g.Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: pick(b, "snva-sg-ports", latticePortRanges), CIDR: v.cidrs[0]})
					}
				}
			}
		}
		if b.rare("snva-state", 10) {
			a.Status = pick(b, "snva-status", []lattice.AssociationStatus{lattice.AssociationCreateInProgress, lattice.AssociationUpdateInProgress, lattice.AssociationDeleteFailed})
		}
		b.n.ServiceNetworkVPCAssociations = append(b.n.ServiceNetworkVPCAssociations, a)
	}
	names := map[string]bool{}
	for range b.intn("lattice-svcs", 1, 3) {
		// A target group serves one service: each service has its own.
		var tgs []string
		for range b.intn("lattice-tgs", 1, 3) {
			tgs = append(tgs, b.latticeTargetGroup())
		}
		s := b.latticeService(tgs)
		if names[s.Name] {
			s.Name = "" // service names are unique in the network
		}
		names[s.Name] = s.Name != ""
		b.n.LatticeServices = append(b.n.LatticeServices, s)
		for _, sn := range sns {
			if b.chance("snsa", 80) {
				a := lattice.ServiceNetworkServiceAssociation{ID: b.id("snsa"), ServiceNetwork: sn, Service: s.ID}
				if b.rare("snsa-state", 10) {
					a.Status = lattice.AssociationCreateInProgress
				}
				b.n.ServiceNetworkServiceAssociations = append(b.n.ServiceNetworkServiceAssociations, a)
			}
		}
	}
	b.latticeResources(sns) // lattice_resource.go
	b.latticeEndpoints(sns)
	b.latticeEndpointDNS() // lattice_resource.go
	// Auth policies last: their statements name the services and VPCs.
	for i := range b.n.ServiceNetworks {
		b.n.ServiceNetworks[i].AuthPolicy = b.latticePolicy("sn")
	}
	for i := range b.n.LatticeServices {
		b.n.LatticeServices[i].AuthPolicy = b.latticePolicy("svc")
	}
}

// latticeEndpoints gives some VPCs a service-network endpoint to a random
// network: in one or two subnets (of distinct zones) that have 16 free
// addresses in a row, for the block AWS takes per zone, and one more per
// resource configuration the network holds (declared with
// ExplicitAddresses, else sometimes), with private DNS on or off (the VPC
// then gets DNS hostnames), sometimes pending, behind some of the VPC's
// groups, one of which sometimes admits the VPC's clients; and sometimes a
// group's egress rule to the VPC's CIDR, so that clients reach the
// endpoint's address.
func (b *builder) latticeEndpoints(sns []string) {
	for vi, v := range b.vpcs {
		if !b.chance("sne", 35) {
			continue
		}
		e := endpoint.Endpoint{ID: b.id("vpce"), Type: endpoint.ServiceNetwork, VPC: v.id, ServiceNetwork: pick(b, "sne-sn", sns)}
		k := 16 + b.latticeSlots(e.ServiceNetwork) // the block, and an address per configuration
		zones := map[string]bool{}
		for _, si := range v.subnets {
			s := b.subnet(si)
			if zones[s.AvailabilityZone] || len(e.Subnets) == 2 || vpc.UsableAddresses(s.CIDR)-v.demand[s.ID] < k || !b.chance("sne-subnet", 60) {
				continue
			}
			start, ok := b.privateBlock(v, si, k)
			if !ok {
				continue
			}
			zones[s.AvailabilityZone] = true
			e.Subnets = append(e.Subnets, s.ID)
			if b.o.ExplicitAddresses || b.chance("sne-explicit-ip", 50) {
				e.Addresses = append(e.Addresses, endpoint.SubnetAddress{Subnet: s.ID, IPv4: start})
			} else {
				for a, j := start, 0; j < k; a, j = a.Next(), j+1 {
					delete(v.private, a) // left for compile to assign
				}
			}
			v.demand[s.ID] += k
		}
		if len(e.Subnets) == 0 {
			continue
		}
		for _, g := range v.sgs {
			if b.chance("sne-sg", 40) {
				e.SecurityGroups = append(e.SecurityGroups, g)
			}
		}
		if len(e.SecurityGroups) > 0 && !b.rare("sne-sg-admit", 20) {
			for i := range b.n.SecurityGroups {
				if g := &b.n.SecurityGroups[i]; g.ID == e.SecurityGroups[0] {
					g.Ingress = append(g.Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: pick(b, "sne-sg-ports", latticePortRanges), CIDR: v.cidrs[0]})
				}
			}
		}
		if b.chance("sne-client-egress", 60) {
			for i := range b.n.SecurityGroups {
				if g := &b.n.SecurityGroups[i]; g.ID == pick(b, "sne-client-sg", v.sgs) {
					g.Egress = append(g.Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: pick(b, "sne-egress-ports", latticePortRanges), CIDR: v.cidrs[0]})
				}
			}
		}
		dns := !b.rare("sne-no-dns", 30)
		e.PrivateDNSEnabled = &dns
		if dns {
			b.n.VPCs[vi].EnableDNSHostnames = true
		}
		if b.rare("sne-state", 10) {
			e.State = endpoint.Pending
		}
		b.n.VPCEndpoints = append(b.n.VPCEndpoints, e)
	}
}

// privateBlock takes k free usable addresses in a row of subnet si and
// returns the first, or false when the subnet has no such run.
func (b *builder) privateBlock(v *vpcInfo, si, k int) (netip.Addr, bool) {
	p := b.subnet(si).CIDR
	run := 0
	var start netip.Addr
	for a := p.Masked().Addr(); p.Contains(a); a = a.Next() {
		if v.private[a] || vpc.IsReserved(p, a) {
			run = 0
			continue
		}
		if run == 0 {
			start = a
		}
		if run++; run == k {
			for x, n := start, 0; n < k; x, n = x.Next(), n+1 {
				v.private[x] = true
			}
			return start, true
		}
	}
	return netip.Addr{}, false
}

// latticeSGRules gives some security groups rules for Lattice: ingress
// from its addresses (targets, health checks) and egress to them
// (clients).
func (b *builder) latticeSGRules() {
	for i := range b.n.SecurityGroups {
		g := &b.n.SecurityGroups[i]
		if b.chance("lattice-sg-in", 60) {
			g.Ingress = append(g.Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: pick(b, "lattice-sg-in-ports", latticePortRanges), CIDR: latticeAll})
		}
		if b.chance("lattice-sg-out", 60) {
			g.Egress = append(g.Egress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: pick(b, "lattice-sg-out-ports", latticePortRanges), CIDR: latticeAll})
		}
	}
	for i := range b.n.NetworkACLs {
		a := &b.n.NetworkACLs[i]
		if b.chance("lattice-acl", 60) {
			// Lattice's range both ways, ahead of the random entries.
			e := vpc.ACLEntry{Number: 2, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, Ports: vpc.AllPorts, CIDR: latticeAll}
			if !slices.ContainsFunc(a.Inbound, func(x vpc.ACLEntry) bool { return x.Number == 2 }) {
				a.Inbound = append(a.Inbound, e)
			}
			if !slices.ContainsFunc(a.Outbound, func(x vpc.ACLEntry) bool { return x.Number == 2 }) {
				a.Outbound = append(a.Outbound, e)
			}
		}
	}
}

// latticePortRanges are the ports of the security group rules for
// Lattice: mostly the listener and target ports.
var latticePortRanges = []vpc.PortRange{vpc.AllPorts, vpc.AllPorts, vpc.Port(80), vpc.Port(443), vpc.Port(8080), vpc.Ports(80, 443), vpc.Ports(1, 1023)}

func (b *builder) latticeTargetGroup() string {
	g := lattice.TargetGroup{ID: b.id("ltg")}
	switch b.intn("ltg-type", 0, 5) {
	case 0, 1, 2:
		g.Type = lattice.TargetInstance
	case 3, 4:
		g.Type = lattice.TargetIP
	default:
		g.Type = lattice.TargetLambda
		if b.chance("ltg-lambda-fn", 90) {
			g.Targets = []lattice.Target{{ID: "arn:aws:lambda:us-east-1:111111111111:function:" + g.ID}}
		}
		b.n.LatticeTargetGroups = append(b.n.LatticeTargetGroups, g)
		return g.ID
	}
	v := pick(b, "ltg-vpc", b.vpcs)
	g.VPC = v.id
	g.Protocol = pick(b, "ltg-proto", []lattice.TargetGroupProtocol{lattice.ProtocolHTTP, lattice.ProtocolHTTPS})
	if b.chance("ltg-port", 60) {
		g.Port = pick(b, "ltg-port-value", latticePorts)
	}
	switch b.intn("ltg-hc", 0, 4) {
	case 0:
		off := false
		g.HealthCheck = &lattice.HealthCheck{Enabled: &off}
	case 1:
		g.HealthCheck = &lattice.HealthCheck{Port: pick(b, "ltg-hc-port", latticePorts)}
	case 2:
		// HTTP/2 target groups (health checks off by default) need HTTPS
		// listeners only, which the services drawn here do not promise.
	}
	var addrs []netip.Addr
	for _, id := range v.enis {
		e := b.eniByID(id)
		addrs = append(addrs, e.PrivateIPs...)
	}
	for range b.intn("ltg-targets", 0, 3) {
		var t lattice.Target
		switch {
		case g.Type == lattice.TargetInstance && len(v.enis) > 0:
			t.ID = pick(b, "ltg-target-eni", v.enis)
		case g.Type == lattice.TargetIP && len(addrs) > 0 && b.chance("ltg-target-held", 85):
			t.IP = pick(b, "ltg-target-ip", addrs)
		case g.Type == lattice.TargetIP && len(v.subnets) > 0:
			// An address of a subnet nobody holds: its base + 3, reserved,
			// never an interface's.
			t.IP = b.n.Subnets[v.subnets[0]].CIDR.Addr().Next().Next().Next()
		case g.Type == lattice.TargetIP:
			continue
		default:
			continue
		}
		if slices.ContainsFunc(g.Targets, func(x lattice.Target) bool { return x.ID == t.ID && x.IP == t.IP }) {
			continue
		}
		if b.rare("ltg-target-port", 25) {
			t.Port = pick(b, "ltg-target-port-value", latticePorts)
		}
		if b.rare("ltg-target-health", 30) {
			t.Health = pick(b, "ltg-target-health-value", []lattice.TargetHealth{lattice.HealthUnhealthy, lattice.HealthDraining,
				lattice.HealthInitial, lattice.HealthUnavailable, lattice.HealthUnused, lattice.HealthHealthy})
		}
		g.Targets = append(g.Targets, t)
	}
	b.n.LatticeTargetGroups = append(b.n.LatticeTargetGroups, g)
	return g.ID
}

// rare is chance for events that should stay rare: rapid draws small
// numbers more often than large ones, which chance turns into true.
func (b *builder) rare(label string, pct int) bool {
	return rapid.IntRange(0, 99).Draw(b.t, label) >= 100-pct
}

func (b *builder) eniByID(id string) *vpc.NetworkInterface {
	for i := range b.n.NetworkInterfaces {
		if b.n.NetworkInterfaces[i].ID == id {
			return &b.n.NetworkInterfaces[i]
		}
	}
	return nil
}

func (b *builder) latticeService(tgs []string) lattice.Service {
	s := lattice.Service{ID: b.id("svc")}
	if b.chance("svc-name", 50) {
		s.Name = pick(b, "svc-name-value", []string{"orders", "payments", "rates"})
	}
	if b.rare("svc-custom", 30) {
		s.CustomDomainName = s.ID + ".example.com"
	}
	if b.rare("svc-iam", 40) {
		s.AuthType = lattice.AuthIAM
	}
	ports := map[uint16]bool{}
	for range b.intn("svc-listeners", 1, 2) {
		l := lattice.Listener{ID: b.id("lis"), Protocol: pick(b, "lis-proto", []lattice.ListenerProtocol{lattice.ListenerHTTP, lattice.ListenerHTTPS})}
		if b.chance("lis-port", 50) {
			l.Port = pick(b, "lis-port-value", latticePorts)
		}
		if ports[l.EffectivePort()] {
			continue
		}
		ports[l.EffectivePort()] = true
		l.DefaultAction = b.latticeAction(tgs)
		prios := map[int]bool{}
		for range b.intn("lis-rules", 0, 4) {
			p := pick(b, "rule-priority", []int{1, 2, 5, 10, 100, 1999, 2000})
			if prios[p] {
				continue
			}
			prios[p] = true
			l.Rules = append(l.Rules, lattice.Rule{ID: b.id("rule"), Priority: p, Match: b.latticeMatch(), Action: b.latticeAction(tgs)})
		}
		s.Listeners = append(s.Listeners, l)
	}
	return s
}

func (b *builder) latticeMatch() lattice.HTTPMatch {
	var m lattice.HTTPMatch
	if b.chance("match-method", 40) {
		m.Method = pick(b, "match-method-value", LatticeMethods[:3])
	}
	if b.chance("match-path", 60) {
		v := pick(b, "match-path-value", []string{"/api", "/api/", "/charge", "/API", "/"})
		m.PathMatch = &lattice.PathMatch{CaseSensitive: b.chance("match-path-cs", 40)}
		if b.chance("match-path-exact", 40) {
			m.PathMatch.Exact = v
		} else {
			m.PathMatch.Prefix = v
		}
	}
	for range b.intn("match-headers", 0, 2) {
		h := lattice.HeaderMatch{Name: pick(b, "match-header-name", []string{"x-tenant", "X-Tenant", "x-env"}), CaseSensitive: b.chance("match-header-cs", 40)}
		v := pick(b, "match-header-value", []string{"acme", "ACME", "eu", "beta"})
		switch b.intn("match-header-type", 0, 2) {
		case 0:
			h.Exact = v
		case 1:
			h.Prefix = v
		default:
			h.Contains = v
		}
		m.HeaderMatches = append(m.HeaderMatches, h)
	}
	return m
}

// latticeAction draws a forward to one to three distinct target groups
// (weighted when more than one, and sometimes when one), or a fixed
// response.
func (b *builder) latticeAction(tgs []string) lattice.Action {
	if b.rare("action-fixed", 15) {
		return lattice.Respond(pick(b, "action-status", []int{404, 500}))
	}
	n := b.intn("action-tgs", 1, min(3, len(tgs)))
	chosen := slices.Clone(tgs)
	for i := range chosen { // a permutation, to pick n distinct groups
		j := b.intn("action-perm", i, len(chosen)-1)
		chosen[i], chosen[j] = chosen[j], chosen[i]
	}
	chosen = chosen[:n]
	if n == 1 && !b.chance("action-weight-one", 30) {
		return lattice.ForwardTo(chosen[0])
	}
	var ws []lattice.WeightedTargetGroup
	for _, tg := range chosen {
		w := pick(b, "action-weight", []int{0, 1, 1, 10, 90, 500, 999})
		ws = append(ws, lattice.Weighted(tg, w))
	}
	return lattice.ForwardWeighted(ws...)
}

// latticePolicy draws an auth policy for a network or service: none, or
// one to three statements.
func (b *builder) latticePolicy(label string) json.RawMessage {
	if !b.chance(label+"-policy", 75) {
		return nil
	}
	var doc json.RawMessage
	for range b.intn(label+"-statements", 1, 3) {
		effect := "Allow"
		if b.chance(label+"-deny", 25) {
			effect = "Deny"
		}
		var err error
		if doc, err = WithStatement(doc, LatticeStatement(b.t, b.n, effect)); err != nil {
			b.t.Fatalf("gen: %v", err)
		}
	}
	return doc
}

// Statement is one statement of an IAM policy document, as JSON sees it.
type Statement map[string]any

// LatticeStatement draws an auth policy statement with the given effect
// ("Allow" or "Deny") about the services and VPCs of n (see the file's
// grammar).
func LatticeStatement(t *rapid.T, n *sim.Network, effect string) Statement {
	s := Statement{"Effect": effect}
	switch rapid.IntRange(0, 5).Draw(t, "stmt-principal") {
	case 0, 1:
		s["Principal"] = "*"
	case 2:
		s["Principal"] = map[string]any{"AWS": "111111111111"}
	case 3:
		s["Principal"] = map[string]any{"AWS": "arn:aws:iam::111111111111:role/orders"}
	case 4:
		s["Principal"] = map[string]any{"AWS": []string{"arn:aws:iam::222222222222:role/partner", "arn:aws:iam::111111111111:user/admin"}}
	default:
		s["Principal"] = map[string]any{"AWS": "arn:aws:iam::222222222222:root"}
	}
	s["Action"] = rapid.SampledFrom([]any{"vpc-lattice-svcs:Invoke", "vpc-lattice-svcs:Invoke", "vpc-lattice-svcs:*", "*",
		[]string{"vpc-lattice-svcs:Connect", "vpc-lattice-svcs:Invoke"}, "vpc-lattice-svcs:Connect"}).Draw(t, "stmt-action")
	var svcs []string
	for _, x := range n.LatticeServices {
		svcs = append(svcs, x.ID)
	}
	svcs = append(svcs, "svc-none")
	svc := rapid.SampledFrom(svcs).Draw(t, "stmt-service")
	arn := fmt.Sprintf("arn:aws:vpc-lattice:%s::service/%s", LatticeRegion, svc)
	s["Resource"] = rapid.SampledFrom([]any{"*", "*", arn + "/*", "arn:aws:vpc-lattice:*:*:service/" + svc + "/api*",
		arn + "/charge", []string{arn + "/charge*", arn + "/API*"}}).Draw(t, "stmt-resource")
	var vpcs []string
	for _, v := range n.VPCs {
		vpcs = append(vpcs, v.ID)
	}
	switch rapid.IntRange(0, 6).Draw(t, "stmt-condition") {
	case 0:
		s["Condition"] = map[string]any{"StringEquals": map[string]any{"vpc-lattice-svcs:RequestMethod": rapid.SampledFrom([]string{"GET", "POST"}).Draw(t, "stmt-method")}}
	case 1:
		s["Condition"] = map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": "o-shop"}}
	case 2:
		s["Condition"] = map[string]any{"StringNotEquals": map[string]any{"vpc-lattice-svcs:SourceVpc": rapid.SampledFrom(vpcs).Draw(t, "stmt-vpc")}}
	case 3:
		s["Condition"] = map[string]any{"StringLike": map[string]any{"vpc-lattice-svcs:RequestPath": rapid.SampledFrom([]string{"/api*", "/charge", "/*"}).Draw(t, "stmt-path")}}
	}
	return s
}

// WithStatement returns auth policy doc with statement s appended: a new
// policy when doc is empty.
func WithStatement(doc json.RawMessage, s Statement) (json.RawMessage, error) {
	var p struct {
		Version   string      `json:"Version"`
		Statement []Statement `json:"Statement"`
	}
	if len(doc) > 0 {
		if err := json.Unmarshal(doc, &p); err != nil {
			return nil, fmt.Errorf("WithStatement: %v", err)
		}
	}
	p.Version = "2012-10-17"
	p.Statement = append(p.Statement, s)
	return json.Marshal(p)
}
