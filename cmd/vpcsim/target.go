package main

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/internal/archcheck"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// A target names what a query or a check is about, in one word:
//
//	eni-0a1b, eni:ID          a network interface by ID (eni: for IDs that do not start with eni-)
//	eni-0a1b@10.0.1.5         an interface at one of its addresses
//	lb:ID                     a load balancer (its node in the source's zone, then its targets)
//	lattice:SERVICE           a VPC Lattice service (through the source VPC's service network)
//	workload:ID, workload:ID/ROLE  a workload's interfaces (all, or those in one role): one endpoint (every pair answered, the worst named) or a selection
//	10.0.1.5                  whatever holds an address
//	internet, internet@8.8.8.8  any internet host, or one
//	onprem:ID, onprem:ID@192.168.1.5  any host of an on-premises network, or one
//	subnet:ID                 a subnet's host where one endpoint is meant, its interfaces where a selection is
//	tag:KEY=VALUE             the interfaces tagged so
//	subnet-tag:KEY=VALUE      the interfaces in subnets tagged so
//	sg:ID, vpc:ID, kind:KIND  the interfaces of a security group, a VPC, a kind (ecs-task, rds, ...)
//	all                       every declared interface
//	A+B, A&B, A!B             union, intersection, A except B (left to right)
type target struct {
	text string
	// Exactly one of the following is set.
	ep     *sim.Endpoint      // an address, the internet, an interface at an address
	eni    string             // an interface by ID
	subnet string             // subnet:ID
	sel    archcheck.Selector // a selection of interfaces
	wl     *sim.Endpoint      // a workload: an endpoint or a selection, as the context wants
}

// targetSyntax is what error messages say a target looks like.
const targetSyntax = "want an interface ID (eni-0a1b or eni:ID), ID@address, an address, internet, internet@address, onprem:ID, onprem:ID@address, subnet:ID, lb:ID, lattice:SERVICE, workload:ID, workload:ID/ROLE, tag:KEY=VALUE, subnet-tag:KEY=VALUE, sg:ID, vpc:ID, kind:KIND, all, or A+B, A&B, A!B"

// parseTarget parses a target.
func parseTarget(s string) (target, error) {
	t := target{text: s}
	if s == "" {
		return t, fmt.Errorf("empty target: %s", targetSyntax)
	}
	if strings.ContainsAny(s, "+&!") {
		sel, err := parseSelectorExpr(s)
		if err != nil {
			return t, err
		}
		t.sel = sel
		return t, nil
	}
	if a, err := netip.ParseAddr(s); err == nil {
		ep := sim.Address(a)
		t.ep = &ep
		return t, nil
	}
	if s == "internet" {
		ep := sim.Internet()
		t.ep = &ep
		return t, nil
	}
	if id, addr, ok := strings.Cut(s, "@"); ok {
		a, err := netip.ParseAddr(addr)
		if err != nil {
			return t, fmt.Errorf("target %q: %q is not an IP address", s, addr)
		}
		var ep sim.Endpoint
		switch {
		case id == "internet":
			ep = sim.InternetAddress(a)
		case strings.HasPrefix(id, "onprem:"):
			if id == "onprem:" {
				return t, fmt.Errorf("target %q: no on-premises network ID", s)
			}
			ep = sim.OnPremAddress(strings.TrimPrefix(id, "onprem:"), a)
		case id == "":
			return t, fmt.Errorf("target %q: no interface before @", s)
		default:
			ep = sim.ENIAddr(strings.TrimPrefix(id, "eni:"), a)
		}
		t.ep = &ep
		return t, nil
	}
	if id, ok := strings.CutPrefix(s, "subnet:"); ok {
		if id == "" {
			return t, fmt.Errorf("target %q: no subnet ID", s)
		}
		t.subnet = id
		return t, nil
	}
	if id, ok := strings.CutPrefix(s, "onprem:"); ok {
		if id == "" {
			return t, fmt.Errorf("target %q: no on-premises network ID", s)
		}
		ep := sim.OnPrem(id)
		t.ep = &ep
		return t, nil
	}
	if id, ok := strings.CutPrefix(s, "lb:"); ok {
		if id == "" {
			return t, fmt.Errorf("target %q: no load balancer ID", s)
		}
		ep := sim.LoadBalancer(id)
		t.ep = &ep
		return t, nil
	}
	if name, ok := strings.CutPrefix(s, "lattice:"); ok {
		if name == "" {
			return t, fmt.Errorf("target %q: no VPC Lattice service", s)
		}
		ep := sim.LatticeService(name)
		t.ep = &ep
		return t, nil
	}
	if id, ok := strings.CutPrefix(s, "eni:"); ok {
		if id == "" {
			return t, fmt.Errorf("target %q: no interface ID", s)
		}
		t.eni = id
		return t, nil
	}
	if strings.HasPrefix(s, "workload:") {
		ep, err := parseWorkload(s)
		if err != nil {
			return t, err
		}
		t.wl = &ep
		return t, nil
	}
	sel, isSel, err := parseBaseSelector(s)
	if err != nil {
		return t, err
	}
	if isSel {
		t.sel = sel
		return t, nil
	}
	t.eni = s
	return t, nil
}

// parseWorkload parses workload:ID or workload:ID/ROLE (workload IDs hold
// no "/").
func parseWorkload(w string) (sim.Endpoint, error) {
	arg := strings.TrimPrefix(w, "workload:")
	id, role, hasRole := strings.Cut(arg, "/")
	switch {
	case id == "":
		return sim.Endpoint{}, fmt.Errorf("target %q: no workload ID (want workload:ID or workload:ID/ROLE)", w)
	case !hasRole:
		return sim.Workload(id), nil
	case !workload.Role(role).Valid():
		return sim.Endpoint{}, fmt.Errorf("target %q: %q is not a role of a workload's interfaces (want one of %v)", w, role, workload.Roles())
	}
	return sim.WorkloadRole(id, workload.Role(role)), nil
}

// workloadSelector is the selection of the interfaces of a workload
// endpoint.
func workloadSelector(ep sim.Endpoint) archcheck.Selector {
	if ep.Role != "" {
		return archcheck.Workload(ep.Workload, ep.Role)
	}
	return archcheck.Workload(ep.Workload)
}

// parseSelectorExpr parses selectors joined by +, & and ! (union,
// intersection, except), left to right.
func parseSelectorExpr(s string) (archcheck.Selector, error) {
	var out archcheck.Selector
	op := byte('+')
	rest := s
	for {
		i := strings.IndexAny(rest, "+&!")
		word := rest
		if i >= 0 {
			word = rest[:i]
		}
		sel, err := selectorWord(word, s)
		if err != nil {
			return nil, err
		}
		switch {
		case out == nil:
			out = sel
		case op == '+':
			out = archcheck.Union(out, sel)
		case op == '&':
			out = archcheck.Intersect(out, sel)
		default:
			out = archcheck.Except(out, sel)
		}
		if i < 0 {
			return out, nil
		}
		op, rest = rest[i], rest[i+1:]
	}
}

// selectorWord parses one operand of a selector expression: a base
// selector, subnet:ID, eni:ID, internet, or an interface ID.
func selectorWord(w, expr string) (archcheck.Selector, error) {
	if w == "" {
		return nil, fmt.Errorf("target %q: an operator without an operand", expr)
	}
	sel, isSel, err := parseBaseSelector(w)
	if err != nil || isSel {
		return sel, err
	}
	switch {
	case w == "internet":
		return archcheck.Internet(), nil
	case strings.HasPrefix(w, "subnet:"):
		return archcheck.Subnet(strings.TrimPrefix(w, "subnet:")), nil
	case strings.HasPrefix(w, "workload:"):
		ep, err := parseWorkload(w)
		if err != nil {
			return nil, err
		}
		return workloadSelector(ep), nil
	case strings.Contains(w, "@") || strings.HasPrefix(w, "lb:") || strings.HasPrefix(w, "lattice:"):
		return nil, fmt.Errorf("target %q: %q is one endpoint, not a selection of interfaces", expr, w)
	}
	if _, err := netip.ParseAddr(w); err == nil {
		return nil, fmt.Errorf("target %q: the address %s is not a selection of interfaces", expr, w)
	}
	return archcheck.ENIs(strings.TrimPrefix(w, "eni:")), nil
}

// parseBaseSelector parses the selectors of several interfaces: all,
// tag:, subnet-tag:, sg:, vpc:, kind:. It reports false for other words.
func parseBaseSelector(w string) (archcheck.Selector, bool, error) {
	if w == "all" {
		return archcheck.All(), true, nil
	}
	prefix, arg, ok := strings.Cut(w, ":")
	if !ok {
		return nil, false, nil
	}
	keyValue := func() (string, string, error) {
		k, v, ok := strings.Cut(arg, "=")
		if !ok || k == "" {
			return "", "", fmt.Errorf("target %q: want %s:KEY=VALUE", w, prefix)
		}
		return k, v, nil
	}
	need := func() error {
		if arg == "" {
			return fmt.Errorf("target %q: nothing after %s:", w, prefix)
		}
		return nil
	}
	switch prefix {
	case "tag":
		k, v, err := keyValue()
		if err != nil {
			return nil, true, err
		}
		return archcheck.Tag(k, v), true, nil
	case "subnet-tag":
		k, v, err := keyValue()
		if err != nil {
			return nil, true, err
		}
		return archcheck.SubnetTag(k, v), true, nil
	case "sg":
		return archcheck.SecurityGroup(arg), true, need()
	case "vpc":
		return archcheck.VPC(arg), true, need()
	case "kind":
		k := vpc.InterfaceKind(arg)
		if !k.Valid() {
			return nil, true, fmt.Errorf("target %q: %q is not a kind of interface (ec2-instance, ecs-task, lambda, rds, load-balancer, ...)", w, arg)
		}
		return archcheck.Kind(k), true, nil
	}
	return nil, false, nil
}

// endpoints returns the endpoints of t where endpoints are meant: the
// endpoint itself, a subnet's host, or each interface of a selection.
func (c *config) endpoints(t target) ([]sim.Endpoint, error) {
	switch {
	case t.ep != nil:
		ep := *t.ep
		switch {
		case ep.ENI != "":
			if _, ok := c.m.Interface(ep.ENI); !ok {
				return nil, c.noInterface(ep.ENI)
			}
		case ep.LoadBalancer != "":
			id, err := c.loadBalancerID(ep.LoadBalancer)
			if err != nil {
				return nil, err
			}
			ep.LoadBalancer = id
		case ep.LatticeService != "":
			id, err := c.latticeServiceID(ep.LatticeService)
			if err != nil {
				return nil, err
			}
			ep.LatticeService = id
		}
		return []sim.Endpoint{ep}, nil
	case t.subnet != "":
		if _, ok := c.m.Subnet(t.subnet); !ok {
			return nil, fmt.Errorf("%s: no subnet %q", t.text, t.subnet)
		}
		return []sim.Endpoint{sim.SubnetHost(t.subnet)}, nil
	case t.eni != "":
		if _, ok := c.m.Interface(t.eni); !ok {
			return nil, c.noInterface(t.eni)
		}
		return []sim.Endpoint{sim.ENI(t.eni)}, nil
	case t.wl != nil:
		if _, ok := c.m.Workload(t.wl.Workload); !ok {
			return nil, fmt.Errorf("%s: no workload %q in %s", t.text, t.wl.Workload, c.path)
		}
		return []sim.Endpoint{*t.wl}, nil
	}
	ids, err := c.arch.Select(t.sel)
	if err != nil {
		return nil, err
	}
	eps := make([]sim.Endpoint, len(ids))
	for i, id := range ids {
		eps[i] = sim.ENI(id)
	}
	return eps, nil
}

// noInterface is the error for an unknown interface ID, with a hint when
// the ID names another kind of resource.
func (c *config) noInterface(id string) error {
	if _, ok := c.m.Subnet(id); ok {
		return fmt.Errorf("no network interface %q: it is a subnet; write subnet:%s", id, id)
	}
	if _, ok := c.m.NATGateway(id); ok {
		return fmt.Errorf("no network interface %q: it is a NAT gateway; its interface is %s/eni", id, id)
	}
	return fmt.Errorf("no network interface %q in %s", id, c.path)
}

// selector returns t as a selection of interfaces (and the internet).
func (c *config) selector(t target) (archcheck.Selector, error) {
	switch {
	case t.sel != nil:
		return t.sel, nil
	case t.subnet != "":
		return archcheck.Subnet(t.subnet), nil
	case t.eni != "":
		return archcheck.ENIs(t.eni), nil
	case t.wl != nil:
		return workloadSelector(*t.wl), nil
	case t.ep != nil && t.ep.Internet && !t.ep.Addr.IsValid():
		return archcheck.Internet(), nil
	}
	return nil, fmt.Errorf("%s is one endpoint, not a selection of interfaces (want an interface ID, subnet:ID, workload:ID, tag:KEY=VALUE, sg:ID, vpc:ID, kind:KIND or all)", t.text)
}

// loadBalancerID resolves the name of lb:NAME to a load balancer's ID: its
// ID, its Terraform address, or its name when one load balancer has it.
func (c *config) loadBalancerID(name string) (string, error) {
	var ids, names []string
	for _, lb := range c.net.LoadBalancers {
		ids, names = append(ids, lb.ID), append(names, lb.Name)
	}
	id, err := c.resolveName(name, ids, names)
	if err != nil {
		return "", fmt.Errorf("lb:%s: %v load balancer%s", name, err, c.known(ids, names))
	}
	return id, nil
}

// latticeServiceID resolves the name of lattice:NAME to a VPC Lattice
// service's ID: its ID, DNS name or custom domain name (which the engine
// takes as they are), its Terraform address, or its name when one service
// has it.
func (c *config) latticeServiceID(name string) (string, error) {
	var ids, names []string
	for _, s := range c.net.LatticeServices {
		if name == s.DNSName || name == s.CustomDomainName {
			return name, nil
		}
		ids, names = append(ids, s.ID), append(names, s.Name)
	}
	id, err := c.resolveName(name, ids, names)
	if err != nil {
		return "", fmt.Errorf("lattice:%s: %v VPC Lattice service%s", name, err, c.known(ids, names))
	}
	return id, nil
}

// resolveName finds name among resources of one kind: an ID, then the
// Terraform address of an ID, then a name that one resource has. Its
// error is to be completed with the kind.
func (c *config) resolveName(name string, ids, names []string) (string, error) {
	if slices.Contains(ids, name) {
		return name, nil
	}
	for _, id := range ids {
		if c.addresses[id] == name {
			return id, nil
		}
	}
	var match []string
	for i, n := range names {
		if n == name {
			match = append(match, ids[i])
		}
	}
	switch len(match) {
	case 1:
		return match[0], nil
	case 0:
		return "", fmt.Errorf("%s has no", c.path)
	}
	return "", fmt.Errorf("the name is ambiguous (%s): give the ID of the", strings.Join(match, ", "))
}

// known lists the resources of a kind, for an error: " (known: name
// (ID), ...)", or " (it declares none)".
func (c *config) known(ids, names []string) string {
	if len(ids) == 0 {
		return " (it declares none)"
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = id
		if names[i] != "" && names[i] != id {
			parts[i] = names[i] + " (" + id + ")"
		}
	}
	return " (known: " + strings.Join(parts, ", ") + ")"
}
