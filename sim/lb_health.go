package sim

import (
	"fmt"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/vpc"
)

// HealthCheck is one health check a load balancer runs: from one of its
// nodes to one target of a target group its listeners forward to, on the
// group's health-check protocol and port. The engine routes by the health
// each target declares; a check that would fail says that AWS would mark
// the target unhealthy, whatever it declares.
type HealthCheck struct {
	LoadBalancer string `json:"loadBalancer"`
	TargetGroup  string `json:"targetGroup"`
	// Target is the target as its group declares it; Declared its
	// declared health.
	Target   string `json:"target"`
	Declared string `json:"declared"`
	// Node is the node interface the check leaves from.
	Node     string       `json:"node"`
	Protocol elb.Protocol `json:"protocol"`
	Port     uint16       `json:"port"`
	// Result is the check's connection from the node to the target, with
	// its path, its reply and, when it fails, its block.
	Result *Result `json:"result"`
}

// Passes reports whether the check's connection and its replies pass.
func (h HealthCheck) Passes() bool { return h.Result.Allowed() }

// String formats the check on one line: "alb-web/subnet-pub-a -> tg-api
// eni-app-a HTTP:8080 (declared healthy): blocked (SG_INGRESS)".
func (h HealthCheck) String() string {
	var v Verdict
	if h.Result != nil {
		v = Verdict{Status: h.Result.Status, Reason: h.Result.Reason}
	}
	return fmt.Sprintf("%s -> %s %s %s:%d (declared %s): %s", h.Node, h.TargetGroup, h.Target, h.Protocol, h.Port, h.Declared, v)
}

// HealthChecks returns the health checks load balancer id runs: from
// every node, to every target in a zone it enables of every target group
// its listeners forward to, in the order of the target groups' IDs, the
// targets' and the nodes' (zone order). Lambda functions (checked, when at
// all, by invocation) and Application Load Balancers behind a Network
// Load Balancer (which answer for their own targets) have none.
//
// It is a lint of the declared health: the engine never derives health
// from it. A check that fails to a target declared healthy is a target
// AWS would mark unhealthy, and with none healthy left, the load balancer
// would fail open or drop the zone from DNS. The check meets what traffic
// from the node meets: the node's security groups outbound (a Network
// Load Balancer's groups filter health checks by their outbound rules
// only), the network ACLs and routes both ways, and the target's security
// groups inbound, which must admit the node's address or group on the
// health-check port.
func (m *Model) HealthChecks(id string) ([]HealthCheck, error) {
	if m == nil {
		return nil, errNilModel()
	}
	l, ok := lookup[lbIdx](m, id)
	if !ok {
		return nil, queryErr("loadBalancer", ErrUnknownResource, "no load balancer %q", id)
	}
	L := &m.lbs[l]
	used := map[tgIdx]bool{}
	for _, li := range L.listeners {
		for _, r := range li.rules {
			for _, fw := range r.forward {
				used[fw.tg] = true
			}
		}
	}
	var out []HealthCheck
	for g := range m.tgs {
		G := &m.tgs[g]
		if !used[tgIdx(g)] || !G.hcOn || G.targetType == elb.LambdaTarget || G.targetType == elb.ALBTarget {
			continue
		}
		for i := range G.targets {
			t := &G.targets[i]
			if !m.targetEnabled(L, t) || t.eni != noENI && m.enis[t.eni].lb != noLB {
				continue
			}
			port := G.hcPort
			if port == 0 {
				port = t.port
			}
			for _, n := range L.nodes {
				out = append(out, HealthCheck{LoadBalancer: L.id, TargetGroup: G.id, Target: t.id, Declared: t.health.String(),
					Node: m.enis[n].id, Protocol: G.hcProto, Port: port, Result: m.healthCheck(n, t, port)})
			}
		}
	}
	return out, nil
}

// healthCheck walks the health check from node n to target t on port.
func (m *Model) healthCheck(n eniIdx, t *cTarget, port uint16) *Result {
	N := &m.enis[n]
	src := N.private[0]
	if t.addr.Is6() {
		if len(N.ipv6) == 0 {
			return &Result{Query: Query{From: ENI(N.id), To: Address(t.addr), Port: port, IPv6: true}, Status: Blocked, Reason: UnknownDestination,
				Block: &Block{Component: N.id, Kind: KindInterface, Step: StepTargetGroup, Reason: UnknownDestination,
					Rule: fmt.Sprintf("%s has no IPv6 address to check IPv6 target %s from", N.id, t.addr)}}
		}
		src = N.ipv6[0]
	}
	f := m.legFlow(n, src, t.addr, t.eni, protoTCP, port)
	q := Query{From: ENIAddr(N.id, src), To: Address(t.addr), Protocol: vpc.ProtocolTCP, Port: port, IPv6: t.addr.Is6()}
	if t.eni != noENI {
		q.To = ENIAddr(m.enis[t.eni].id, t.addr)
	}
	o := m.evaluateDepth(&f, true, nil, 0)
	return o.result(q)
}
