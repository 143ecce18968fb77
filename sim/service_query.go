package sim

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/policy"
)

// This file holds what queries to AWS services and endpoint services
// take: the Service and DNSName destinations and how the source's VPC
// resolves them, the API call that policies decide, and Result.Via.

// Service is an AWS service, or an endpoint service, as a destination,
// reached the way its clients reach it by its default DNS name:
//
//   - name is an AWS service's short name ("s3", "secretsmanager",
//     "ecr.api"), in the Region of the source's VPC, or its full service
//     name ("com.amazonaws.us-east-1.s3");
//   - the source's VPC resolves the name: an interface endpoint of that
//     VPC to the service with private DNS on answers it with its
//     interface in the source's Availability Zone (else its first);
//     otherwise the name resolves to the service's public addresses, and
//     the flow goes wherever the source subnet's routes send them: a
//     gateway endpoint's prefix-list route (S3, DynamoDB), which wins the
//     longest prefix match, or a default route to a NAT gateway or an
//     internet gateway, the internet delivering to the service;
//   - the flow reaches the service if it reaches one of its addresses
//     (vpcsim searches them as it searches the internet for
//     [Internet]); [Result.Via] says which way it went.
//
// An endpoint service ("com.amazonaws.vpce.us-east-1.vpce-svc-...") is
// reached through an interface endpoint to it in the source's VPC (its
// interface in the source's zone), which hands the connection to the
// service's Network Load Balancer ([Result.Proxy]). Clients in other VPCs
// (peered, across a transit gateway) reach an interface endpoint by its
// interface ([ENI]), its address, or its own DNS name ([DNSName]): vpcsim
// does not model Route 53 private hosted zones shared with other VPCs.
func Service(name string) Endpoint { return Endpoint{Service: name} }

// DNSName is the destination a DNS name resolves to from the source's
// VPC: an AWS service's default DNS name
// ("secretsmanager.us-east-1.amazonaws.com",
// "mybucket.s3.us-east-1.amazonaws.com"), resolved as [Service] resolves
// the service; an endpoint service's private DNS name (verified), which
// only an interface endpoint to it with private DNS on in the source's
// VPC answers; or an interface endpoint's own DNS name, which resolves
// from anywhere: "<vpce-id>.<service>.<region>.vpce.amazonaws.com"
// (every interface; the one in the source's zone is taken) or the zonal
// "<vpce-id>-<zone>.<service>.<region>.vpce.amazonaws.com", where
// <service> is the AWS service's short name or the endpoint service's ID
// (AWS adds a random suffix to the endpoint ID; vpcsim does not). Names
// are case-insensitive; a final dot is ignored.
func DNSName(name string) Endpoint { return Endpoint{DNSName: name} }

// APICall is the AWS API request a flow carries to an AWS service: the
// endpoint policy of the VPC endpoint it passes and the resource policies
// of the resource it names decide it, as package policy evaluates them.
//
// vpcsim adds the condition keys the network decides: for a request
// through a VPC endpoint, aws:SourceVpce (the endpoint), aws:SourceVpc
// (its VPC) and aws:VpcSourceIp (the client's private address, as the
// endpoint sees it); for a request over the internet, aws:SourceIp (the
// public address the service sees, such as a NAT gateway's Elastic IP).
// The other keys are absent, as AWS leaves them: a bucket policy that
// allows only aws:SourceIp ranges denies every request through an
// endpoint.
type APICall struct {
	// Principal is the caller.
	Principal policy.Principal `json:"principal"`
	// Action is "service:action", such as "s3:GetObject".
	Action string `json:"action"`
	// Resource is the ARN the action is on, such as
	// "arn:aws:s3:::app-logs/2024/x.gz" ("*" for actions on no resource).
	Resource string `json:"resource"`
	// Context holds further condition keys (aws:SecureTransport, ...).
	// Values given for the keys vpcsim sets are replaced.
	Context map[string][]string `json:"context,omitempty"`
}

// Via lists the gateways, endpoints and connections the flow's path
// crosses, by ID, in order and each once: NAT gateways, internet and
// egress-only internet gateways, VPC endpoints, peering connections and
// transit gateways. It answers the cost question of a flow to an AWS
// service in one line (through the NAT gateway, with its data processing
// charge, or through a gateway endpoint, which has none). For a flow that
// reached a proxy it lists the client's connection only ([Result.Proxy]
// has the others); nil for a nil result.
func (r *Result) Via() []string {
	if r == nil {
		return nil
	}
	var out []string
	for _, h := range r.Path {
		switch h.Kind {
		case KindNATGateway, KindInternetGateway, KindEgressOnly, KindVPCEndpoint, KindPeering, KindTransitGateway:
			if len(out) == 0 || out[len(out)-1] != h.Component {
				seen := false
				for _, x := range out {
					seen = seen || x == h.Component
				}
				if !seen {
					out = append(out, h.Component)
				}
			}
		}
	}
	return out
}

// srcSubnet returns the subnet of a flow's source, or noSubnet.
func (m *Model) srcSubnet(f *flow) subnetIdx {
	if f.srcENI != noENI {
		return m.enis[f.srcENI].subnet
	}
	return f.srcNet
}

// resolveService resolves a destination naming a service or a DNS name
// (see Service and DNSName) from the flow's source. Without a source in
// the network (WhoCanReach checks the destination alone; an internet
// source is reported by resolve) only the name is checked.
func (m *Model) resolveService(f *flow, ep Endpoint, bad func(string, error, string, ...any)) bool {
	src := m.srcSubnet(f)
	srcVPC := noVPC
	if src != noSubnet {
		srcVPC = m.subnets[src].vpc
	}
	field, name := "to.service", ep.Service
	if ep.DNSName != "" {
		field, name = "to.dnsName", strings.ToLower(strings.TrimSuffix(ep.DNSName, "."))
	}
	var (
		svc      = noAWS
		esvcName string // an endpoint service, by service name
		needDNS  bool   // reached by its private DNS name
	)
	switch {
	case ep.DNSName != "":
		if x, ok := m.vpceDNS[name]; ok {
			e := x.eni
			if e == noENI {
				e = m.vpceENIFor(&m.vpces[x.vpce], src)
			}
			return m.toEndpointENI(f, e, field, bad)
		}
		if s, ok := m.esvcDNS[name]; ok {
			esvcName, needDNS = m.esvcs[s].name, true
		} else if s, ok := m.serviceByDNS(name); ok {
			svc = s
		} else {
			bad(field, ErrUnknownResource, "%q is no name vpcsim resolves: want an AWS service's DNS name (secretsmanager.us-east-1.amazonaws.com), "+
				"the verified private DNS name of an endpoint service of the network, or an interface endpoint's own DNS name "+
				"(<vpce-id>.<service>.<region>.vpce.amazonaws.com)", ep.DNSName)
			return false
		}
	case fullServiceName(name):
		n, err := endpoint.ParseServiceName(name)
		switch {
		case err != nil:
			bad(field, ErrInvalidValue, "%v", err)
			return false
		case n.IsEndpointService():
			esvcName = name
		default:
			s, ok := m.awsByName[name]
			if !ok {
				bad(field, ErrUnknownResource, "no AWS service %s in the model: vpcsim knows the services of endpoint.AWSServices in the Regions of the network's VPCs, and those its endpoints, AWS-managed prefix lists and resource policies name", name)
				return false
			}
			svc = s
		}
	default:
		if srcVPC == noVPC {
			// No source to take the Region from: check the name against
			// every Region's services.
			for i := range m.awsSvcs {
				if m.awsSvcs[i].short == name && (svc == noAWS || m.awsSvcs[i].guarded) {
					svc = awsIdx(i)
				}
			}
			if svc == noAWS {
				bad(field, ErrUnknownResource, "no AWS service %q in the model", name)
				return false
			}
			f.goal.aws, f.outside = int32(svc)+1, true
			return true
		}
		region := m.vpcs[srcVPC].region
		if region == "" {
			bad(field, ErrInvalidValue, "%s has no Region to take the service's from: give the full service name (com.amazonaws.<region>.%s)", m.vpcs[srcVPC].id, name)
			return false
		}
		s, ok := m.awsByRegion(region, name)
		if !ok {
			bad(field, ErrUnknownResource, "no AWS service %q in %s: vpcsim knows the services of endpoint.AWSServices and those its endpoints, AWS-managed prefix lists and resource policies name", name, region)
			return false
		}
		svc = s
	}
	if srcVPC == noVPC {
		f.outside = true
		if svc != noAWS {
			f.goal.aws = int32(svc) + 1
		}
		return true
	}
	if esvcName != "" {
		return m.toEndpointService(f, esvcName, needDNS, src, srcVPC)
	}
	// An AWS service: the private DNS of an interface endpoint of the
	// source's VPC, or the service's public addresses.
	if v := m.privateDNSEndpoint(srcVPC, svc); v != noVPCE {
		return m.toEndpointENI(f, m.vpceENIFor(&m.vpces[v], src), field, bad)
	}
	if f.ipv6 {
		bad(field, ErrInvalidValue, "vpcsim gives AWS services IPv4 addresses only, and %s has no interface endpoint with private DNS for %s: ask over IPv4", m.vpcs[srcVPC].id, m.awsSvcs[svc].name)
		return false
	}
	f.goal.aws, f.outside, f.anyDst = int32(svc)+1, true, true
	return true
}

// toEndpointENI makes endpoint interface e the flow's destination.
func (m *Model) toEndpointENI(f *flow, e eniIdx, field string, bad func(string, error, string, ...any)) bool {
	E := &m.enis[e]
	a := E.private[0]
	if f.ipv6 {
		if len(E.ipv6) == 0 {
			bad(field, ErrInvalidValue, "%s has no IPv6 address (its endpoint's IP address type is not dualstack)", E.id)
			return false
		}
		a = E.ipv6[0]
	}
	f.goal.eni, f.goal.addr, f.dst = e, a, a
	return true
}

// toEndpointService makes the interface of the source VPC's endpoint to
// endpoint service name (with private DNS on when reached by its private
// DNS name) the flow's destination, in the source's zone; without one,
// the flow is blocked where it starts.
func (m *Model) toEndpointService(f *flow, name string, needDNS bool, src subnetIdx, v vpcIdx) bool {
	for _, i := range m.vpcVPCEs[v] {
		V := &m.vpces[i]
		if V.typ == endpoint.Interface && V.service == name && (!needDNS || V.privateDNS) && len(V.enis) > 0 {
			e := m.vpceENIFor(V, src)
			a := m.enis[e].private[0]
			f.goal.eni, f.goal.addr, f.dst = e, a, a
			return true
		}
	}
	what := "no interface endpoint to " + name
	if needDNS {
		what = "no interface endpoint with private DNS on to " + name + ", so its private DNS name does not resolve there"
	}
	f.pre = &preBlock{reason: UnknownDestination, block: Block{Component: m.vpcs[v].id, Kind: KindVPCRouter, Step: StepDeliver, Reason: UnknownDestination,
		Rule: fmt.Sprintf("%s has %s: an endpoint service is reached only through an interface endpoint", m.vpcs[v].id, what)}}
	f.goal.addr = netip.Addr{}
	return true
}

// checkCall checks the query's API call, or when there is none, that no
// policy guards the destination (unless the analysis leaves policies
// out).
func (m *Model) checkCall(f *flow, c *APICall, bad func(string, error, string, ...any)) {
	if c != nil {
		req := policy.Request{Principal: c.Principal, Action: c.Action, Resource: c.Resource, Context: c.Context}
		if err := req.Validate(); err != nil {
			for _, e := range unjoin(err) {
				bad("call", ErrInvalidValue, "%v", e)
			}
		}
		if c.Resource == "" {
			bad("call.resource", ErrInvalidValue, "required: want the ARN the action is on (* for actions on no resource)")
		}
		f.call = c
		return
	}
	if f.noPolicy {
		return
	}
	var guards []string
	svc := f.goal.service()
	if f.goal.eni != noENI && m.enis[f.goal.eni].vpce != noVPCE {
		V := &m.vpces[m.enis[f.goal.eni].vpce]
		if V.policy != nil {
			guards = append(guards, "the endpoint policy of "+V.id)
		}
		svc = V.svc
		if svc != noAWS {
			for _, p := range m.awsSvcs[svc].policies {
				guards = append(guards, "resource policy "+m.rps[p].id)
			}
		}
	} else if svc != noAWS && m.awsSvcs[svc].guarded {
		for i := range m.vpces {
			if m.vpces[i].svc == svc && m.vpces[i].policy != nil {
				guards = append(guards, "the endpoint policy of "+m.vpces[i].id)
			}
		}
		for _, p := range m.awsSvcs[svc].policies {
			guards = append(guards, "resource policy "+m.rps[p].id)
		}
	}
	if len(guards) > 0 {
		to := "it"
		if svc != noAWS {
			to = m.awsSvcs[svc].name
		}
		bad("call", ErrInvalidValue, "required: %s decide requests to %s: set Query.Call to the request, e.g. "+
			"&sim.APICall{Principal: policy.Principal{ARN: \"arn:aws:iam::111122223333:role/app\"}, Action: \"s3:GetObject\", Resource: \"arn:aws:s3:::bucket/key\"}",
			strings.Join(guards, ", "), to)
	}
}

// fullServiceName reports whether name begins like a service name
// ("com.amazonaws.", "aws.api.", ...) rather than being a short name.
func fullServiceName(name string) bool {
	for _, p := range []string{endpoint.PrefixAWS, endpoint.PrefixAWSAPI, endpoint.PrefixAPIAWS, endpoint.PrefixSageMaker} {
		if strings.HasPrefix(name, p+".") {
			return true
		}
	}
	return false
}

// service returns the AWS service a goal is, or noAWS.
func (g goal) service() awsIdx { return awsIdx(g.aws - 1) }

// callOf returns the query's API call, made by the query's Caller when
// the call names no principal.
func callOf(q Query) *APICall {
	c := q.Call
	if c == nil || q.Caller == nil {
		return c
	}
	if p := c.Principal; p.ARN != "" || p.Account != "" || p.Service != "" || p.Anonymous {
		return c
	}
	out := *c
	out.Principal = *q.Caller
	return &out
}

// awsByRegion returns the AWS service of short name name in region (the
// service endpoint.AWSServiceName(region, name) names), looked up without
// building the name on the heap.
func (m *Model) awsByRegion(region, name string) (awsIdx, bool) {
	var buf [96]byte
	key := append(buf[:0], endpoint.PrefixAWS...)
	key = append(key, '.')
	key = append(key, region...)
	key = append(key, '.')
	key = append(key, name...)
	s, ok := m.awsByName[string(key)]
	return s, ok
}
