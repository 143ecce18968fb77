package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"go4.org/netipx"

	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file is the room of the AWS services (Amazon S3, DynamoDB, AWS
// Secrets Manager, ...) as destinations, and of the resource policies of
// their resources. A service lives outside every VPC: clients reach it
// at its public addresses through whatever their routes say (a NAT
// gateway, an internet gateway), at those addresses through a gateway
// endpoint whose prefix-list route wins the longest prefix match, or at
// the addresses of an interface endpoint in their VPC whose private DNS
// answers the service's name.
//
// Compile gives every service it knows public addresses: the entries of
// an AWS-managed prefix list the network declares under the service's
// name (vpc.PrefixList with AWSManaged and Name
// "com.amazonaws.<region>.<service>"), or else a placeholder block from
// servicePool. The services it knows are those of the AWS service table
// (endpoint.AWSServices) in every Region of the network's VPCs, and those
// that endpoints, AWS-managed prefix lists and resource policies name.
// Services that offer gateway endpoints (S3, DynamoDB) without a declared
// prefix list get a synthesized one, "<service name>/pl", which their
// gateway endpoints' routes name.

// servicePool is where the placeholder addresses of AWS services come
// from: 198.18.0.0/16, a range reserved for benchmarking (RFC 2544) that
// no user address should be in, one /26 per service in name order, blocks
// that overlap a VPC's CIDRs, a declared public address or a declared
// prefix list skipped.
var servicePool = netip.MustParsePrefix("198.18.0.0/16")

// serviceBlockBits is the size of a service's placeholder block.
const serviceBlockBits = 26

// KindAWSService is the component kind of an AWS service on paths and
// graph nodes: the destination a flow to [Service] or to the service's
// addresses is delivered to.
const KindAWSService ComponentKind = "aws-service"

// StepResourcePolicy is the step at which a resource policy (an S3 bucket
// policy and the like) decided the flow's API call.
const StepResourcePolicy Step = "resource policy"

// awsIdx indexes Model.awsSvcs; rpIdx indexes Model.rps.
type (
	awsIdx int32
	rpIdx  int32
)

const noAWS awsIdx = -1

func (awsIdx) kind() kind { return kindAWSService }
func (rpIdx) kind() kind  { return kindResourcePolicy }

// cService is a compiled AWS service in one Region.
type cService struct {
	name    string // the service name, com.amazonaws.us-east-1.s3
	short   string // s3
	region  string
	title   string
	dns     []string // its default DNS names ("*." covers the names below)
	gateway bool     // it offers gateway endpoints
	pl      plIdx    // the prefix list giving its addresses, or noPL
	set     *netipx.IPSet
	ranges  []netip.Prefix
	// bounds are the first address of each range of set and the address
	// after its last (see serviceReps); atPublic is the start of the text
	// of its hop at a public address, "<title> at its public address ".
	bounds   []netip.Addr
	atPublic string
	// reps are serviceReps(s, nil): an address of each range, computed
	// once.
	reps []netip.Addr
	// policies are the resource policies of its resources; guarded is set
	// when some policy (theirs, or an endpoint policy of an endpoint to
	// the service) decides requests to it, so that queries must give the
	// API call.
	policies []rpIdx
	guarded  bool
	// used is set when an endpoint or resource policy names the service:
	// pictures draw it.
	used bool
}

// cResourcePolicy is a compiled resource policy.
type cResourcePolicy struct {
	id       string
	region   string
	resource string
	account  string
	policy   *policy.Policy
}

// awsRange is one range of the services' addresses, for lookup: the
// ranges of all services are disjoint and sorted.
type awsRange struct {
	r   netipx.IPRange
	svc awsIdx
}

// serviceAt returns the AWS service whose address a is, or noAWS.
func (m *Model) serviceAt(a netip.Addr) awsIdx {
	rs := m.awsRanges
	i, _ := slices.BinarySearchFunc(rs, a, func(x awsRange, a netip.Addr) int {
		if x.r.From().Compare(a) <= 0 {
			return -1
		}
		return 1
	})
	if i > 0 && rs[i-1].r.Contains(a) {
		return rs[i-1].svc
	}
	return noAWS
}

// serviceKey is the Region and short name of an AWS service.
func parseAWSService(name string) (endpoint.ServiceName, bool) {
	n, err := endpoint.ParseServiceName(name)
	return n, err == nil && !n.IsEndpointService()
}

// compileServices compiles the AWS services the network may reach and
// their resource policies (see the file comment).
func compileServices(c *compiler) {
	n, m := c.n, c.m
	names := map[string]bool{}
	regions := map[string]bool{}
	for _, v := range m.vpcs {
		if v.region != "" {
			regions[v.region] = true
		}
	}
	for r := range regions {
		for _, s := range endpoint.AWSServices() {
			names[s.ServiceName(r)] = true
		}
	}
	declaredPL := map[string]plIdx{}
	// Declared prefix lists are the first of m.pls, in ID order.
	for i, pl := range sortedBy(n.PrefixLists, func(p vpc.PrefixList) string { return p.ID }) {
		if _, ok := parseAWSService(pl.Name); ok && pl.AWSManaged {
			if _, dup := declaredPL[pl.Name]; !dup {
				declaredPL[pl.Name] = plIdx(i)
				names[pl.Name] = true
			}
		}
	}
	for _, e := range n.VPCEndpoints {
		if _, ok := parseAWSService(e.ServiceName); ok {
			names[e.ServiceName] = true
		}
	}
	for _, p := range n.ResourcePolicies {
		switch {
		case p.Region != "":
			names[endpoint.AWSServiceName(p.Region, p.Service)] = true
		default:
			for r := range regions {
				names[endpoint.AWSServiceName(r, p.Service)] = true
			}
		}
	}
	sorted := make([]string, 0, len(names))
	for s := range names {
		sorted = append(sorted, s)
	}
	slices.Sort(sorted)

	// Addresses the placeholder blocks must avoid.
	var avoid netipx.IPSetBuilder
	for _, v := range m.vpcs {
		for _, p := range v.blocks() {
			avoid.AddPrefix(p)
		}
	}
	for _, a := range declaredPublic(n) {
		avoid.Add(a)
	}
	for _, pl := range n.PrefixLists {
		for _, p := range pl.Entries {
			avoid.AddPrefix(p)
		}
	}
	avoidSet, _ := avoid.IPSet()
	next := servicePool.Addr()
	block := func() (netip.Prefix, bool) {
		for servicePool.Contains(next) {
			p := netip.PrefixFrom(next, serviceBlockBits)
			next = vpc.LastAddr(p).Next()
			if !avoidSet.OverlapsPrefix(p) {
				return p, true
			}
		}
		return netip.Prefix{}, false
	}

	m.awsByName = make(map[string]awsIdx, len(sorted))
	m.awsDNS = map[string]awsIdx{}
	var claimed netipx.IPSetBuilder
	for _, name := range sorted {
		sn, _ := parseAWSService(name)
		s := cService{name: name, short: sn.Service, region: sn.Region, pl: noPL}
		info, known := sn.AWSService()
		if known {
			s.title, s.gateway = info.Title, info.Supports(endpoint.Gateway)
			s.dns = info.PrivateDNSNames(sn.Region)
		}
		if len(s.dns) == 0 {
			s.dns = []string{sn.Service + "." + sn.Region + ".amazonaws.com"}
		}
		var b netipx.IPSetBuilder
		if pi, ok := declaredPL[name]; ok {
			s.pl = pi
			for _, p := range m.pls[pi].entries {
				b.AddPrefix(p)
			}
		} else if p, ok := block(); ok {
			b.AddPrefix(p)
			if s.gateway {
				id := servicePLName(name)
				s.pl = plIdx(len(m.pls))
				var pb netipx.IPSetBuilder
				pb.AddPrefix(p)
				set, _ := pb.IPSet()
				m.pls = append(m.pls, cPL{id: id, entries: []netip.Prefix{p}, set: set})
				add(c, id, s.pl)
			}
		}
		// Services' address sets are disjoint: an earlier service keeps an
		// address two declared prefix lists share.
		taken, _ := claimed.IPSet()
		b.RemoveSet(taken)
		s.set, _ = b.IPSet()
		s.ranges = s.set.Prefixes()
		claimed.AddSet(s.set)
		i := awsIdx(len(m.awsSvcs))
		for _, r := range s.set.Ranges() {
			m.awsRanges = append(m.awsRanges, awsRange{r, i})
			s.bounds = appendRangeBounds(s.bounds, r)
		}
		s.atPublic = s.describe() + " at its public address "
		for _, d := range s.dns {
			if _, dup := m.awsDNS[d]; !dup {
				m.awsDNS[d] = i
			}
		}
		m.awsByName[name] = i
		m.awsSvcs = append(m.awsSvcs, s)
	}
	for i := range m.awsSvcs {
		m.awsSvcs[i].reps = m.serviceReps(awsIdx(i), nil)
	}
	slices.SortFunc(m.awsRanges, func(a, b awsRange) int { return a.r.From().Compare(b.r.From()) })
	for _, r := range m.awsRanges {
		m.awsBounds = appendRangeBounds(m.awsBounds, r.r)
	}

	for i, p := range sortedBy(n.ResourcePolicies, func(p endpoint.ResourcePolicy) string { return p.ID }) {
		cp := cResourcePolicy{id: p.ID, region: p.Region, resource: p.Resource, account: p.Account}
		cp.policy = compilePolicy(p.Policy, "resource policy "+p.ID)
		m.rps = append(m.rps, cp)
		for si := range m.awsSvcs {
			S := &m.awsSvcs[si]
			if S.short == p.Service && (p.Region == "" || p.Region == S.region) {
				S.policies = append(S.policies, rpIdx(i))
				S.guarded, S.used = true, true
			}
		}
	}
}

// appendRangeBounds appends the first address of r and the address after
// its last (when there is one).
func appendRangeBounds(out []netip.Addr, r netipx.IPRange) []netip.Addr {
	out = append(out, r.From())
	if n := r.To().Next(); n.IsValid() {
		out = append(out, n)
	}
	return out
}

// servicePLName is the ID of the prefix list vpcsim synthesizes for an
// AWS service that offers gateway endpoints.
func servicePLName(service string) string { return service + "/pl" }

// declaredPublic returns every public address the network declares.
func declaredPublic(n *Network) []netip.Addr {
	var out []netip.Addr
	for _, e := range n.NetworkInterfaces {
		out = append(out, e.PublicIP)
		for _, x := range e.ElasticIPs {
			out = append(out, x.PublicIP)
		}
	}
	for _, g := range n.NATGateways {
		out = append(out, g.ElasticIP)
	}
	for _, lb := range n.LoadBalancers {
		for _, sm := range lb.Subnets {
			out = append(out, sm.ElasticIP)
		}
	}
	return slices.DeleteFunc(out, func(a netip.Addr) bool { return !a.IsValid() })
}

// compilePolicy compiles a validated policy document; an empty one is the
// default policy (nil: everything allowed).
func compilePolicy(raw []byte, name string) *policy.Policy {
	if len(raw) == 0 {
		return nil
	}
	d, err := policy.Parse(raw)
	if err != nil {
		return nil // validated
	}
	p, _ := d.Compile(name)
	return p
}

// maxPolicySize is the size limit of an endpoint policy (20,480
// characters, white space included), which vpcsim also applies to
// resource policies: it is that of S3 bucket policies (20 KB) and of
// Secrets Manager resource policies.
const maxPolicySize = 20480

// checkPolicy checks a policy document field: JSON of at most
// maxPolicySize characters that policy.Parse accepts.
func (r vres) checkPolicy(field string, raw []byte) {
	if len(raw) == 0 {
		return
	}
	if n := len([]rune(string(raw))); n > maxPolicySize {
		r.errf(field, ErrInvalidValue, "%d characters: a policy has at most %d, white space included", n, maxPolicySize)
	}
	if _, err := policy.Parse(raw); err != nil {
		for _, e := range unjoin(err) {
			r.errf(field, ErrInvalidValue, "%v", e)
		}
	}
}

// unjoin returns the errors an errors.Join holds, or err alone.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func (v *validator) checkResourcePolicy(r vres, _ int, p *endpoint.ResourcePolicy) {
	switch {
	case p.Service == "":
		r.errf("service", ErrInvalidValue, "required: want the short name of the AWS service, e.g. s3")
	default:
		if _, err := endpoint.ParseServiceName(endpoint.AWSServiceName("us-east-1", p.Service)); err != nil {
			r.errf("service", ErrInvalidValue, "%q: want the short name of an AWS service, e.g. s3 or secretsmanager", p.Service)
		}
	}
	if p.Region != "" && !endpoint.IsRegion(p.Region) {
		r.errf("region", ErrInvalidValue, "%q: want a Region code such as us-east-1, or none for every Region", p.Region)
	}
	if parts := strings.SplitN(p.Resource, ":", 6); len(parts) < 6 || parts[0] != "arn" || parts[1] == "" || parts[2] == "" || parts[5] == "" {
		r.errf("resource", ErrInvalidValue, "%q: want the ARN of the resource the policy is attached to, e.g. arn:aws:s3:::my-bucket", p.Resource)
	}
	if p.Account != "" && !isAccountID(p.Account) {
		r.errf("account", ErrInvalidValue, "%q: want a 12-digit account ID", p.Account)
	}
	if len(p.Policy) == 0 {
		r.errf("policy", ErrInvalidValue, "required: want the policy document")
	}
	r.checkPolicy("policy", p.Policy)
}

// isAccountID reports whether s is a 12-digit AWS account ID.
func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// serviceByDNS returns the AWS service whose default DNS name is name
// (lower case, no final dot): an exact name, or one a "*." name covers.
func (m *Model) serviceByDNS(name string) (awsIdx, bool) {
	if s, ok := m.awsDNS[name]; ok {
		return s, true
	}
	for rest := name; ; {
		_, after, ok := strings.Cut(rest, ".")
		if !ok {
			return noAWS, false
		}
		if s, ok := m.awsDNS["*."+after]; ok {
			return s, true
		}
		rest = after
	}
}

// serviceDeliver is the forwarding function of an AWS service: the flow
// arrived at its address from the internet, or through the gateway or
// interface endpoint via (noVPCE for the internet); the service's
// resource policies decide the flow's API call. It reports whether the
// service takes the flow; the caller records where the walk arrived.
func (w *walker) serviceDeliver(s awsIdx, p pkt, via vpceIdx) bool {
	m := w.m
	S := &m.awsSvcs[s]
	if !w.resourcePolicies(s, p, via) {
		return false
	}
	w.hop(kindAWSService, S.name, StepDeliver, func() string {
		switch {
		case via != noVPCE && m.vpces[via].svc == s:
			return m.vpces[via].notes.deliver // "<service> through <endpoint>"
		case via != noVPCE:
			return S.describe() + " through " + m.vpces[via].id
		default:
			return addrText(S.atPublic, p.dst, "", netip.Addr{}) // "<service> at its public address <dst>"
		}
	}, p)
	return true
}

// describe names the service for people: "Amazon S3 (com.amazonaws.us-east-1.s3)".
func (s *cService) describe() string {
	if s.title == "" {
		return "AWS service " + s.name
	}
	return s.title
}

// requestContext returns the condition keys of the flow's API call as a
// policy sees it: the call's own keys, then the network's: through an
// endpoint, aws:SourceVpce, aws:SourceVpc and aws:VpcSourceIp (the private
// source address); otherwise aws:SourceIp (the public one).
func (w *walker) request(p pkt, via vpceIdx) policy.Request {
	m := w.m
	c := w.call
	ctx := make(map[string][]string, len(c.Context)+3)
	for k, v := range c.Context {
		switch strings.ToLower(k) {
		case "aws:sourcevpce", "aws:sourcevpc", "aws:vpcsourceip", "aws:sourceip":
			continue // the network sets these
		}
		ctx[k] = v
	}
	if via != noVPCE {
		V := &m.vpces[via]
		ctx[policy.KeySourceVpce] = V.ctxVpce
		ctx[policy.KeySourceVpc] = V.ctxVpc
		ctx[policy.KeyVpcSourceIP] = []string{p.src.String()}
	} else {
		ctx[policy.KeySourceIP] = []string{p.src.String()}
	}
	return policy.Request{Principal: c.Principal, Action: c.Action, Resource: c.Resource, Context: ctx}
}

// resourcePolicies applies the resource policies of service s that cover
// the call's resource, for a flow arriving as p through endpoint via (or
// noVPCE): an explicit deny in any of them blocks; otherwise the call is
// allowed when one allows it, or when the caller is of the resource's
// account (whose identity policies, which vpcsim does not model, may then
// allow it); a caller of another account needs a resource policy that
// allows it. Without a call (network-level analyses) nothing is checked.
func (w *walker) resourcePolicies(s awsIdx, p pkt, via vpceIdx) bool {
	m := w.m
	S := &m.awsSvcs[s]
	if w.call == nil || len(S.policies) == 0 {
		return true
	}
	req := w.request(p, via)
	for _, i := range S.policies {
		P := &m.rps[i]
		if !coversARN(P.resource, w.call.Resource) {
			continue
		}
		d := P.policy.Evaluate(req)
		switch {
		case d.Outcome == policy.Allowed:
			w.hop(kindAWSService, S.name, StepResourcePolicy, d.String, p)
		case d.Outcome == policy.ExplicitDeny:
			w.fail(ResourcePolicyDeny, kindAWSService, S.name, StepResourcePolicy, d.String)
			return false
		case P.account != "" && callerAccount(&w.call.Principal) != P.account:
			w.fail(ResourcePolicyDeny, kindAWSService, S.name, StepResourcePolicy, func() string {
				return fmt.Sprintf("%s; the caller is not of the resource's account %s, so the resource policy must allow it", d, P.account)
			})
			return false
		default:
			w.hop(kindAWSService, S.name, StepResourcePolicy, func() string {
				return fmt.Sprintf("%s; the caller is of the resource's account, whose identity policies decide (not modelled)", d)
			}, p)
		}
	}
	return true
}

// coversARN reports whether a resource policy attached to resource
// decides requests on arn (see endpoint.ResourcePolicy.Covers).
func coversARN(resource, arn string) bool {
	return endpoint.ResourcePolicy{Resource: resource}.Covers(arn)
}

// callerAccount returns the account of a caller: its Account, or the one
// its ARN names; "" for anonymous callers and service principals.
func callerAccount(p *policy.Principal) string {
	if p.Account != "" {
		return p.Account
	}
	if parts := strings.SplitN(p.ARN, ":", 6); len(parts) == 6 {
		return parts[4]
	}
	return ""
}

// serviceReps returns one address of service s in every interval between
// consecutive bounds (and the bounds of its ranges), in address order:
// the candidates of the search for an address of the service that a flow
// reaches.
func (m *Model) serviceReps(s awsIdx, bounds []netip.Addr) []netip.Addr {
	S := &m.awsSvcs[s]
	if len(bounds) == 0 && S.reps != nil {
		return slices.Clone(S.reps) // the caller may append to it
	}
	bounds = append(bounds, S.bounds...)
	slices.SortFunc(bounds, netip.Addr.Compare)
	bounds = slices.Compact(bounds)
	var out []netip.Addr
	for _, b := range bounds {
		if S.set.Contains(b) {
			out = append(out, b)
		}
	}
	return out
}

// serviceNodes adds a graph node for each AWS service an endpoint or a
// resource policy names (the others would only clutter pictures).
func serviceNodes(g *graphBuilder) {
	for i, s := range g.m.awsSvcs {
		if s.used {
			g.add(refOf(awsIdx(i)), s.name)
		}
	}
}

// serviceEdges joins the internet to the services drawn: it delivers to
// their public addresses.
func serviceEdges(g *graphBuilder) {
	inet := g.node(internetRef)
	for i, s := range g.m.awsSvcs {
		if s.used {
			g.edge(inet, g.node(refOf(awsIdx(i))))
		}
	}
}

func serviceLabel(m *Model, s int32) []string {
	S := &m.awsSvcs[s]
	what := S.title
	if what == "" {
		what = "AWS service"
	}
	var ranges []string
	for _, p := range S.ranges {
		ranges = append(ranges, p.String())
	}
	if len(ranges) > 3 {
		ranges = append(ranges[:3], "...")
	}
	return []string{S.name, what + " " + strings.Join(ranges, " ")}
}
