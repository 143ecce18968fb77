package sim_test

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/internal/reference"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// propLatticeRef returns the reference evaluator of n, given the addresses
// m assigned to its load balancer nodes and its resource gateways'
// interfaces (AWS assigns them; the reference does not model the
// assignment).
func propLatticeRef(m *sim.Model, n *sim.Network) *reference.Net {
	addrs := map[string][]netip.Addr{}
	for _, g := range n.ResourceGateways {
		for _, s := range g.Subnets {
			id := g.ID + "/" + s
			if info, ok := m.Interface(id); ok && len(info.PrivateIPs) > 0 {
				addrs[id] = info.PrivateIPs
			}
		}
	}
	return propRef(m, n).WithGateways(addrs)
}

// propLatticeFrom draws the source of a Lattice query: an interface of
// n, named as propENIEnd names it, except that a private address comes
// with its interface: compile may give a resource gateway's interface the
// same address in an overlapping VPC, which the declaration does not show.
func propLatticeFrom(t *rapid.T, n *sim.Network, label string) sim.Endpoint {
	id := rapid.SampledFrom(propENIs(n)).Draw(t, label)
	ep := propENIEnd(t, n, id, label, true)
	if ep.ENI == "" && slices.Contains(propENI(n, id).PrivateIPs, ep.Addr) {
		return sim.ENIAddr(id, ep.Addr)
	}
	return ep
}

// propResourceQuery draws a connection from an interface to a resource
// configuration of n, named by its ID or custom domain name: mostly TCP, to a port at an edge of
// the configuration's (or its group's or children's) port ranges, just
// past one, or a resource port; sometimes another protocol.
func propResourceQuery(t *rapid.T, n *sim.Network) sim.Query {
	c := rapid.SampledFrom(n.ResourceConfigurations).Draw(t, "rq-cfg")
	q := sim.Query{From: propLatticeFrom(t, n, "rq-from"), To: sim.ResourceConfiguration(c.ID)}
	// Sometimes from a VPC with a resource endpoint, to its configuration
	// (or a child of it), which random draws seldom pair.
	var res []endpoint.Endpoint
	for _, e := range n.VPCEndpoints {
		if e.Type.Norm() == endpoint.Resource {
			res = append(res, e)
		}
	}
	if len(res) > 0 && rapid.IntRange(0, 3).Draw(t, "rq-endpoint") == 3 {
		e := rapid.SampledFrom(res).Draw(t, "rq-endpoint-which")
		var from []string
		for _, x := range n.NetworkInterfaces {
			if s, _ := n.Subnet(x.Subnet); s != nil && s.VPC == e.VPC {
				from = append(from, x.ID)
			}
		}
		cfgs := []string{e.ResourceConfiguration}
		for _, x := range n.ResourceConfigurations {
			if x.Group == e.ResourceConfiguration {
				cfgs = append(cfgs, x.ID)
			}
		}
		if len(from) > 0 {
			q.From = sim.ENI(rapid.SampledFrom(from).Draw(t, "rq-endpoint-from"))
			q.To = sim.ResourceConfiguration(rapid.SampledFrom(cfgs).Draw(t, "rq-endpoint-cfg"))
			i := slices.IndexFunc(n.ResourceConfigurations, func(x lattice.ResourceConfiguration) bool { return x.ID == q.To.ResourceConfiguration })
			c = n.ResourceConfigurations[i]
		}
	}
	switch rapid.IntRange(0, 11).Draw(t, "rq-proto") {
	case 9:
		q.Protocol = vpc.ProtocolUDP
	case 10:
		q.Protocol = vpc.ProtocolICMP
		q.ICMP = rapid.SampledFrom(propICMPs).Draw(t, "rq-icmp")
	case 11:
		q.Protocol = 47
	default:
		q.Protocol = vpc.ProtocolTCP
	}
	if c.CustomDomainName != "" && rapid.IntRange(0, 2).Draw(t, "rq-custom") > 0 {
		// By its custom domain name, which private DNS must answer.
		q.To.ResourceConfiguration = rapid.SampledFrom([]string{c.CustomDomainName, strings.ToUpper(c.CustomDomainName), c.CustomDomainName + "."}).Draw(t, "rq-custom-name")
	}
	if q.Protocol.HasPorts() {
		ports := []uint16{22, 80}
		ports = append(ports, gen.ResourcePorts...)
		for _, x := range n.ResourceConfigurations {
			if x.ID == c.ID || x.ID == c.Group || x.Group == c.ID {
				for _, r := range x.PortRanges {
					ports = append(ports, r.From, r.To, r.To+1, r.From)
				}
			}
		}
		q.Port = ports[len(ports)-1-rapid.IntRange(0, len(ports)-1).Draw(t, "rq-port")] // mostly a range's
		q.EphemeralPorts = rapid.SampledFrom(propEph).Draw(t, "rq-eph")
	}
	return q
}

// propResourceStats counts what the generated connections to resource
// configurations met, so that the property is seen not to be vacuous.
type propResourceStats struct {
	networks, withResources, queries int
	// reached counts reachable connections by how they entered Lattice:
	// "association", "service-network endpoint", "resource endpoint".
	reached map[string]int
	through map[string]int // every connection, by how it went
	partial int
	blocked map[string]int // by status and reason
}

func (s *propResourceStats) String() string {
	keys := func(m map[string]int) string {
		var ks []string
		for k, v := range m {
			ks = append(ks, fmt.Sprintf("%s %d", k, v))
		}
		sort.Strings(ks)
		return strings.Join(ks, ", ")
	}
	return fmt.Sprintf("%d networks (%d with resource configurations), %d connections (through %s): reachable through %s; partial %d; not reachable: %s",
		s.networks, s.withResources, s.queries, keys(s.through), keys(s.reached), s.partial, keys(s.blocked))
}

// record counts the engine's answer r to q in n.
func (s *propResourceStats) record(n *sim.Network, r *sim.Result) {
	s.queries++
	how := "association"
	for _, id := range r.Via() {
		if i := slices.IndexFunc(n.VPCEndpoints, func(e endpoint.Endpoint) bool { return e.ID == id }); i >= 0 {
			if n.VPCEndpoints[i].Type.Norm() == endpoint.Resource {
				how = "resource endpoint"
			} else {
				how = "service-network endpoint"
			}
		}
	}
	s.through[how]++
	switch r.Status {
	case sim.Reachable:
		s.reached[how]++
	case sim.Partial:
		s.partial++
	default:
		s.blocked[fmt.Sprintf("%s %s", r.Status, r.Reason)]++
	}
}

// =========================================================================
// The engine agrees with the reference on resource configurations.
// =========================================================================

func TestPropLatticeResourceReference(t *testing.T) {
	st := &propResourceStats{reached: map[string]int{}, through: map[string]int{}, blocked: map[string]int{}}
	propCheck(t, func(rt *rapid.T) { propLatticeResourceReference(rt, st) })
	t.Log(st)
	if testing.Short() {
		return
	}
	// Not vacuous: connections get through each way in, and are refused
	// for the reasons only resources have.
	for _, how := range []string{"association", "service-network endpoint", "resource endpoint"} {
		if st.reached[how] == 0 {
			t.Errorf("no generated connection reached a resource through a %s: %s", how, st)
		}
	}
	for _, why := range []sim.Reason{sim.ResourcePortNotAllowed, sim.AZMismatch, sim.RGWSGEgress, sim.LatticeNoAssociation} {
		if st.blocked[fmt.Sprintf("%s %s", sim.Blocked, why)] == 0 {
			t.Errorf("no generated connection was blocked with %s: %s", why, st)
		}
	}
}

func propLatticeResourceReference(t *rapid.T, st *propResourceStats) {
	n := propLatticeNet(t)
	m := propCompile(t, n)
	ref := propLatticeRef(m, n)
	if st != nil {
		st.networks++
	}
	if len(n.ResourceConfigurations) == 0 {
		return
	}
	var qs []sim.Query
	for range 10 {
		qs = append(qs, propResourceQuery(t, n))
	}
	propAgree(t, n, m, ref, qs)
	if st == nil {
		return
	}
	st.withResources++
	for _, q := range qs {
		r, err := m.Reach(q)
		if err != nil {
			t.Fatalf("reach %s: %v", q, err)
		}
		st.record(n, r)
	}
}

// TestPropLatticeResourcesValid draws networks with resources, with and
// without explicit addresses: every one validates (NetworkWith fails the
// check otherwise) and compiles, and some have each kind of resource.
func TestPropLatticeResourcesValid(t *testing.T) {
	seen := map[string]int{}
	propCheck(t, func(t *rapid.T) { propLatticeResourcesValid(t, seen) })
	for _, k := range []string{"SINGLE ip", "SINGLE domain", "GROUP ", "CHILD ip", "CHILD domain", "ARN arn", string(endpoint.Resource), string(endpoint.ServiceNetwork), "share", "az-id"} {
		if seen[k] == 0 {
			t.Errorf("no generated network has %q: %v", k, seen)
		}
	}
}

func propLatticeResourcesValid(t *rapid.T, seen map[string]int) {
	n := gen.NetworkWith(t, gen.Options{Lattice: true, ExplicitAddresses: rapid.Bool().Draw(t, "explicit")})
	if _, err := sim.Compile(n); err != nil {
		t.Fatalf("compile: %v", err)
	}
	if seen == nil {
		return
	}
	for _, c := range n.ResourceConfigurations {
		seen[string(c.Type)+" "+string(c.Definition.Kind())]++
	}
	for _, e := range n.VPCEndpoints {
		seen[string(e.Type.Norm())]++
	}
	if len(n.ResourceShares) > 0 {
		seen["share"]++
	}
	if slices.ContainsFunc(n.Subnets, func(s vpc.Subnet) bool { return s.AvailabilityZoneID != "" }) {
		seen["az-id"]++
	}
}
