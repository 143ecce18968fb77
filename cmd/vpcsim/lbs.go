package main

import (
	"cmp"
	"slices"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Load balancers in exposure and matrix. A load balancer declared in the
// network (as the importers declare them) has nodes, one per enabled
// subnet, which the engine's Exposure lists as interfaces open on the
// listener flows that reach targets. The command lists the load balancer
// once instead, as the member "lb:ID", open on the flows of its listeners
// that reach one of its nodes and its listener, whatever the listener then
// does (forward, redirect or answer itself): the load balancer is reached,
// and the witness says what it did. The matrix, which lists declared
// interfaces only, gets the same member.

// lbMember names a load balancer as a member of an exposure or matrix
// group, in the command's target syntax.
func lbMember(id string) string { return "lb:" + id }

// listenerFlow is one flow a load balancer listens on.
type listenerFlow struct {
	proto vpc.Protocol
	port  uint16
}

// listenerFlows returns the flows the load balancer's listeners take,
// sorted by protocol and port, without repeats.
func listenerFlows(n *sim.Network, lb string) []listenerFlow {
	var out []listenerFlow
	for _, l := range n.Listeners {
		if l.LoadBalancer != lb || l.Port == 0 {
			continue
		}
		for _, p := range l.Protocol.IPProtocols() {
			out = append(out, listenerFlow{p, l.Port})
		}
	}
	slices.SortFunc(out, func(a, b listenerFlow) int {
		return cmp.Or(cmp.Compare(a.proto, b.proto), cmp.Compare(a.port, b.port))
	})
	return slices.Compact(out)
}

// lbOpen returns the listener flows on which from reaches the load
// balancer: each whose answer reached a node and its listener (the answer
// has a Proxy), with that answer as the witness. A load balancer without
// IPv6 addresses is reached on no IPv6 flow.
func (c *config) lbOpen(from sim.Endpoint, lb elb.LoadBalancer, ipv6 bool, eph vpc.PortRange) ([]sim.OpenRange, error) {
	if lb.Type.Norm() == elb.Gateway || (ipv6 && !lb.IPAddressType.HasIPv6()) {
		return nil, nil
	}
	var out []sim.OpenRange
	for _, f := range listenerFlows(c.net, lb.ID) {
		q := sim.Query{From: from, To: sim.LoadBalancer(lb.ID), Protocol: f.proto, Port: f.port, IPv6: ipv6, EphemeralPorts: eph}
		r, err := c.m.Reach(q)
		if err != nil {
			return nil, err
		}
		if r.Proxy == nil {
			continue
		}
		out = append(out, sim.OpenRange{Protocol: f.proto, LastProtocol: f.proto, Ports: vpc.Ports(f.port, f.port), Witness: r})
	}
	return out, nil
}

// lbNodes reports whether every interface of ids is a node of a load
// balancer the network declares (exposure lists it as lb:ID instead).
func (c *config) lbNodes(ids []string) bool {
	for _, id := range ids {
		i, ok := c.m.Interface(id)
		if !ok || i.Kind != vpc.KindLoadBalancer || !slices.ContainsFunc(c.net.LoadBalancers, func(lb elb.LoadBalancer) bool { return lb.ID == i.Owner }) {
			return false
		}
	}
	return len(ids) > 0
}

// lbExposure returns what the internet reaches of each load balancer of
// the network, in the form of the engine's Exposure: one entry per load
// balancer and family it is reached on, in ID order, IPv4 before IPv6.
func (c *config) lbExposure() ([]sim.Exposed, error) {
	var out []sim.Exposed
	for _, ipv6 := range []bool{false, true} {
		for _, lb := range c.net.LoadBalancers {
			open, err := c.lbOpen(sim.Internet(), lb, ipv6, vpc.PortRange{})
			if err != nil {
				return nil, err
			}
			if len(open) > 0 {
				out = append(out, sim.Exposed{ENIs: []string{lbMember(lb.ID)}, IPv6: ipv6, Open: open})
			}
		}
	}
	return out, nil
}

// addLBsToMatrix adds each load balancer of the network to an interface
// matrix as a group of its own, after the others: a cell from each group
// whose first member reaches it (members of a group are alike for every
// rule, so one stands for all), on the listener flows; and a cell from it
// to each group with a member that is one of its targets, on the target
// flows its connections open for the requests of those clients and of the
// internet (the request the command sends when none is given: GET /, so
// an Application Load Balancer's rules that want another request are not
// tried). Witnesses are dropped, as the engine's matrix cells carry none.
func (c *config) addLBsToMatrix(x *sim.Matrix, sel sim.Selection) error {
	n := len(x.Groups)
	groupOf := map[string]int{}
	for g := range n {
		for _, id := range x.Groups[g].Members {
			groupOf[id] = g
		}
	}
	for _, lb := range c.net.LoadBalancers {
		to := len(x.Groups)
		x.Groups = append(x.Groups, sim.MatrixGroup{Members: []string{lbMember(lb.ID)}})
		legs := map[int]map[listenerFlow]bool{}
		for from := -1; from < n; from++ {
			src := sim.Internet()
			if from >= 0 {
				src = sim.ENI(x.Groups[from].Members[0])
			}
			open, err := c.lbOpen(src, lb, sel.IPv6, sel.EphemeralPorts)
			if err != nil {
				return err
			}
			for i := range open {
				for _, b := range open[i].Witness.Proxy.Branches {
					if g, ok := groupOf[b.Leg.Query.To.ENI]; ok && b.Share > 0 && b.Leg.Allowed() {
						if legs[g] == nil {
							legs[g] = map[listenerFlow]bool{}
						}
						legs[g][listenerFlow{b.Leg.Query.Protocol, b.Leg.Query.Port}] = true
					}
				}
				open[i].Witness = nil
			}
			if from >= 0 && len(open) > 0 {
				x.Cells = append(x.Cells, sim.MatrixCell{From: from, To: to, Open: open})
			}
		}
		for g := range n {
			var open []sim.OpenRange
			for f := range legs[g] {
				open = append(open, sim.OpenRange{Protocol: f.proto, LastProtocol: f.proto, Ports: vpc.Ports(f.port, f.port)})
			}
			slices.SortFunc(open, func(a, b sim.OpenRange) int {
				return cmp.Or(cmp.Compare(a.Protocol, b.Protocol), cmp.Compare(a.Ports.From, b.Ports.From))
			})
			if len(open) > 0 {
				x.Cells = append(x.Cells, sim.MatrixCell{From: to, To: g, Open: open})
			}
		}
	}
	slices.SortStableFunc(x.Cells, func(a, b sim.MatrixCell) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
	})
	return nil
}
