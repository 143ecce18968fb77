package sim

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// This file wires package workload into the engine: a Network's
// Workloads are expanded, before validation and compilation, into the
// network interfaces and security groups AWS creates for them, and the
// Model keeps which workload each interface belongs to. Queries name a
// workload with [Workload] or [WorkloadRole].

// prepared is a network ready to validate and compile: its workloads
// expanded into it and what a failure names taken away.
type prepared struct {
	net *Network // n itself when it declares no workloads and no failure
	exp workload.Expansion
	// demand is what the workloads take from each subnet (for their
	// headroom in the capacity report).
	demand []workload.SubnetDemand
	fail   *failed
	// ws and the EKS clusters' VPCs and subnets are kept for the lints.
	ws         workload.Workloads
	clusterVPC map[string]string
	subnets    []vpc.Subnet
}

// prepare expands n's workloads into a network that holds them as
// declared interfaces and security groups, validates that network, and
// applies fail (when not nil). Workload errors are reported as
// [*FieldError] values naming the workload, after those of the
// declarations.
func prepare(n *Network, fail *Failure) (*prepared, error) {
	p := &prepared{net: n}
	var errs []error
	gen := map[string]workload.Member{} // generated ID -> its (first) workload
	if !n.Workloads.IsZero() {
		env := envOf(n)
		exp, err := workload.Expand(n.Workloads, env)
		aug := *n
		aug.Workloads = workload.Workloads{}
		if err == nil {
			p.exp = exp
			aug.NetworkInterfaces = append(slices.Clip(n.NetworkInterfaces), exp.Interfaces...)
			aug.SecurityGroups = append(slices.Clip(n.SecurityGroups), exp.SecurityGroups...)
			for _, m := range exp.Members {
				if _, ok := gen[m.Interface]; !ok {
					gen[m.Interface] = m
				}
			}
			for _, c := range n.Workloads.EKSClusters {
				gen[workload.ClusterSecurityGroupID(c.ID)] = workload.Member{Workload: c.ID, Kind: workload.KindEKSCluster}
			}
			// Demand validates as Expand did and cannot fail where it
			// succeeded; its error is kept all the same.
			p.demand, err = workload.Demand(n.Workloads, env)
			p.keepForLints(n)
		} else {
			// Declared rules may name a cluster security group: stand-ins
			// keep them from being reported as unknown.
			aug.SecurityGroups = append(slices.Clip(n.SecurityGroups), clusterGroupStandIns(n)...)
			for _, g := range aug.SecurityGroups[len(n.SecurityGroups):] {
				gen[g.ID] = workload.Member{}
			}
		}
		p.net = &aug
		errs = append(errs, workloadErrors(err)...)
	}
	declErrs := validateDecls(p.net)
	for i, e := range declErrs {
		declErrs[i] = attributeGenerated(e, gen)
	}
	errs = append(slices.DeleteFunc(declErrs, func(e error) bool { return e == nil }), errs...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if fail != nil {
		f, err := applyFailure(p, *fail, build(p))
		if err != nil {
			return nil, err
		}
		p.fail = f
	}
	return p, nil
}

// envOf returns the part of n that workloads expand into. Taken holds
// every address the declarations hold, those compile assigns included:
// declared interfaces and NAT gateways keep the addresses they would have
// without workloads, and the interfaces the declarations create without an
// address (a transit gateway attachment's) are counted at the lowest
// addresses left.
func envOf(n *Network) workload.Env {
	return workload.Env{VPCs: n.VPCs, Subnets: n.Subnets, SecurityGroups: n.SecurityGroups,
		InternetGateways: n.InternetGateways, Taken: heldAddresses(n)}
}

// heldAddresses returns the IPv4 addresses the declarations of n hold or
// will be given, per the kinds' demand (see countDemand): the declared
// ones, and for each declaration wanting one assigned, the next free
// address of its subnet from the lowest up, skipping the five AWS
// reserves. Compile assigns exactly these to interfaces and NAT
// gateways, in ID order; which one gets which does not matter here.
func heldAddresses(n *Network) []netip.Addr {
	cidr := make(map[string]netip.Prefix, len(n.Subnets))
	for _, s := range n.Subnets {
		if _, dup := cidr[s.ID]; !dup && s.CIDR.IsValid() && s.CIDR.Addr().Is4() && s.CIDR.Masked() == s.CIDR {
			cidr[s.ID] = s.CIDR
		}
	}
	held := map[netip.Addr]bool{}
	pending := map[string]int{}
	claim := func(subnet string, addrs ...netip.Addr) {
		p, ok := cidr[subnet]
		if !ok {
			return
		}
		if len(addrs) == 0 {
			pending[subnet]++
		}
		for _, a := range addrs {
			if a.Is4() && p.Contains(a) && !vpc.IsReserved(p, a) {
				held[a] = true
			}
		}
	}
	for k := range kinds {
		if d := kinds[k].demand; d != nil {
			d(n, claim)
		}
	}
	for _, s := range slices.Sorted(mapKeys(pending)) {
		p := cidr[s]
		a := p.Addr()
		for k := pending[s]; k > 0 && p.Contains(a); a = a.Next() {
			if !held[a] && !vpc.IsReserved(p, a) {
				held[a] = true
				k--
			}
		}
	}
	out := slices.Collect(mapKeys(held))
	slices.SortFunc(out, netip.Addr.Compare)
	return out
}

func mapKeys[K comparable, V any](m map[K]V) iter.Seq[K] {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// clusterGroupStandIns returns a security group for each EKS cluster's
// cluster security group that n does not declare, in the VPC of the
// cluster's first known subnet, so that declared rules naming it are not
// reported as unknown while the workloads themselves fail to expand.
func clusterGroupStandIns(n *Network) []vpc.SecurityGroup {
	vpcOf := map[string]string{}
	for _, s := range n.Subnets {
		vpcOf[s.ID] = s.VPC
	}
	declared := map[string]bool{}
	for _, g := range n.SecurityGroups {
		declared[g.ID] = true
	}
	var out []vpc.SecurityGroup
	for _, c := range n.Workloads.EKSClusters {
		id := workload.ClusterSecurityGroupID(c.ID)
		if c.ID == "" || declared[id] {
			continue
		}
		for _, s := range c.Subnets {
			if v := vpcOf[s]; v != "" {
				out = append(out, vpc.SecurityGroup{ID: id, VPC: v})
				declared[id] = true
				break
			}
		}
	}
	return out
}

// workloadErrors turns the errors of package workload into the engine's
// [*FieldError] values, field for field. Sentinel kinds the engine shares
// become its own (ErrInvalidValue, ErrDuplicateID, ErrUnknownResource,
// ErrWrongVPC, ErrCapacity); the others ([workload.ErrAvailabilityZones],
// [workload.ErrLimit]) stay as they are.
func workloadErrors(err error) []error {
	if err == nil {
		return nil
	}
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	out := make([]error, 0, len(list))
	for _, e := range list {
		var fe *workload.FieldError
		if !errors.As(e, &fe) {
			out = append(out, &FieldError{Resource: "workloads", Kind: ErrInvalidValue, Msg: e.Error()})
			continue
		}
		out = append(out, &FieldError{Resource: fe.Resource, ID: fe.ID, Field: fe.Field, Kind: engineKind(fe.Kind), Msg: fe.Msg})
	}
	return out
}

// engineKind maps a sentinel of package workload to the engine's.
func engineKind(k error) error {
	switch k {
	case workload.ErrInvalidValue:
		return ErrInvalidValue
	case workload.ErrDuplicateID:
		return ErrDuplicateID
	case workload.ErrUnknownResource:
		return ErrUnknownResource
	case workload.ErrWrongVPC:
		return ErrWrongVPC
	case workload.ErrCapacity:
		return ErrCapacity
	}
	return k
}

// attributeGenerated rewrites a validation error about a generated
// resource as an error of the workload that generated it (a generated ID
// taken by a declaration, most likely), and drops errors about the
// stand-in cluster groups, which hold no rules of their own.
func attributeGenerated(err error, gen map[string]workload.Member) error {
	fe, ok := err.(*FieldError)
	if !ok {
		return err
	}
	m, ok := gen[fe.ID]
	if !ok {
		return err
	}
	if m.Workload == "" {
		return nil
	}
	return &FieldError{Resource: string(m.Kind), ID: m.Workload, Field: "id", Kind: fe.Kind,
		Msg: fmt.Sprintf("it generates %s %q: %s: %s (rename the workload or the declaration)", fe.Resource, fe.ID, fe.Field, fe.Msg)}
}

// keepForLints keeps the workload declarations and, for the VPCs of EKS
// clusters, the subnets with their tags.
func (p *prepared) keepForLints(n *Network) {
	p.ws = n.Workloads.Clone()
	p.clusterVPC = map[string]string{}
	vpcOf := map[string]string{}
	for _, s := range n.Subnets {
		vpcOf[s.ID] = s.VPC
	}
	eks := map[string]bool{}
	for _, c := range n.Workloads.EKSClusters {
		if len(c.Subnets) > 0 {
			p.clusterVPC[c.ID] = vpcOf[c.Subnets[0]]
			eks[vpcOf[c.Subnets[0]]] = true
		}
	}
	for _, s := range n.Subnets {
		if eks[s.VPC] {
			s.Tags = maps.Clone(s.Tags)
			p.subnets = append(p.subnets, s)
		}
	}
}

// workloadModel is what a Model keeps of its workloads and of the
// failure it was compiled with.
type workloadModel struct {
	// members are the workloads' interfaces (those compiled: a failure
	// may have taken some away), sorted by workload, role and interface.
	members []workload.Member
	// byWorkload gives the range of members of each workload.
	byWorkload map[string][2]int
	kinds      map[string]workload.Kind
	// roleOf maps an interface to its first member row.
	roleOf map[eniIdx]int
	// shared names the workloads sharing an interface (a Lambda
	// Hyperplane interface), comma-separated, for those shared.
	shared   map[eniIdx]string
	prefixes map[eniIdx][]netip.Prefix
	headroom map[[2]string]int // (subnet, workload) -> headroom
	fail     *failed
	// ws, clusterVPC and subnets are the prepared network's (for lints).
	ws         workload.Workloads
	clusterVPC map[string]string
	subnets    []vpc.Subnet
}

// model builds the Model's record of the workloads and the failure.
func (p *prepared) model(m *Model) *workloadModel {
	if len(p.exp.Members) == 0 && p.fail == nil && len(p.demand) == 0 {
		return nil
	}
	w := &workloadModel{byWorkload: map[string][2]int{}, kinds: map[string]workload.Kind{}, roleOf: make(map[eniIdx]int, len(p.exp.Members)),
		members:  make([]workload.Member, 0, len(p.exp.Members)),
		prefixes: map[eniIdx][]netip.Prefix{}, headroom: map[[2]string]int{}, fail: p.fail,
		ws: p.ws, clusterVPC: p.clusterVPC, subnets: p.subnets}
	for _, x := range p.exp.Members {
		w.kinds[x.Workload] = x.Kind
		e, ok := lookup[eniIdx](m, x.Interface)
		if !ok {
			continue
		}
		if _, seen := w.roleOf[e]; !seen {
			w.roleOf[e] = len(w.members)
		}
		w.members = append(w.members, x)
	}
	owners := map[eniIdx][]string{} // only Lambda Hyperplane interfaces are shared
	for _, x := range w.members {
		if x.Kind == workload.KindLambdaFunction {
			e, _ := lookup[eniIdx](m, x.Interface)
			owners[e] = append(owners[e], x.Workload)
		}
	}
	w.shared = map[eniIdx]string{}
	for e, ws := range owners {
		if slices.Sort(ws); len(slices.Compact(ws)) > 1 {
			w.shared[e] = strings.Join(slices.Compact(ws), ",")
		}
	}
	for i := 0; i < len(w.members); {
		j := i + 1
		for j < len(w.members) && w.members[j].Workload == w.members[i].Workload {
			j++
		}
		w.byWorkload[w.members[i].Workload] = [2]int{i, j}
		i = j
	}
	for _, d := range p.exp.Prefixes {
		if e, ok := lookup[eniIdx](m, d.Interface); ok {
			w.prefixes[e] = append(w.prefixes[e], d.Prefix)
		}
	}
	for _, d := range p.demand {
		for _, x := range d.Workloads {
			if x.Headroom > 0 {
				w.headroom[[2]string{d.Subnet, x.Workload}] = x.Headroom
			}
		}
	}
	return w
}

// WorkloadInfo is a compiled workload: the interfaces it was expanded
// into, with their roles, and where they are.
type WorkloadInfo struct {
	// ID and Kind are as declared.
	ID   string
	Kind workload.Kind
	// Members are its interfaces with their roles, sorted by role and
	// interface ID ([workload.Member]); a Lambda Hyperplane interface
	// shared with other functions is listed for each.
	Members []workload.Member
	// Interfaces are the IDs of its interfaces, sorted.
	Interfaces []string
	// Subnets and AvailabilityZones are where its interfaces are, sorted.
	Subnets, AvailabilityZones []string
}

// Workload returns the compiled workload with the given ID, or false when
// there is none. A workload whose interfaces a failure took away
// ([CompileWithout]) is still found, with no members.
func (m *Model) Workload(id string) (WorkloadInfo, bool) {
	if m == nil || m.wl == nil {
		return WorkloadInfo{}, false
	}
	k, ok := m.wl.kinds[id]
	if !ok {
		return WorkloadInfo{}, false
	}
	info := WorkloadInfo{ID: id, Kind: k}
	r, ok := m.wl.byWorkload[id]
	if !ok {
		return info, true
	}
	info.Members = slices.Clone(m.wl.members[r[0]:r[1]])
	for _, x := range info.Members {
		info.Interfaces = append(info.Interfaces, x.Interface)
		e, _ := lookup[eniIdx](m, x.Interface)
		s := &m.subnets[m.enis[e].subnet]
		info.Subnets = append(info.Subnets, s.id)
		info.AvailabilityZones = append(info.AvailabilityZones, s.az)
	}
	for _, s := range []*[]string{&info.Interfaces, &info.Subnets, &info.AvailabilityZones} {
		slices.Sort(*s)
		*s = slices.Compact(*s)
	}
	return info, true
}

// Workloads yields every compiled workload, in ID order.
func (m *Model) Workloads() iter.Seq[WorkloadInfo] {
	return func(yield func(WorkloadInfo) bool) {
		if m == nil || m.wl == nil {
			return
		}
		for _, id := range slices.Sorted(mapKeys(m.wl.kinds)) {
			info, _ := m.Workload(id)
			if !yield(info) {
				return
			}
		}
	}
}

// WorkloadOf returns the workload interface id belongs to and its role
// there (for a Hyperplane interface shared by several functions, the
// first function in ID order), or false for an interface no workload
// generated.
func (m *Model) WorkloadOf(id string) (workload.Member, bool) {
	if m == nil || m.wl == nil {
		return workload.Member{}, false
	}
	e, ok := lookup[eniIdx](m, id)
	if !ok {
		return workload.Member{}, false
	}
	i, ok := m.wl.roleOf[e]
	if !ok {
		return workload.Member{}, false
	}
	return m.wl.members[i], true
}

// Workload is every network interface of the workload with the given ID
// (see [WorkloadRole] for one role of it). A query between workloads
// speaks of every pair of their interfaces: see [Model.Reach].
func Workload(id string) Endpoint { return Endpoint{Workload: id} }

// WorkloadRole is the interfaces of a workload in one role: the writer of
// an Aurora cluster, the pods of an EKS cluster, the primary of an RDS
// instance.
func WorkloadRole(id string, role workload.Role) Endpoint {
	return Endpoint{Workload: id, Role: role}
}

// workloadENIs returns the interfaces of a workload endpoint, in ID order.
func (m *Model) workloadENIs(ep Endpoint, field string) ([]eniIdx, error) {
	if ep.ENI != "" || ep.Subnet != "" || ep.Internet || ep.Addr.IsValid() {
		return nil, queryErr(field, ErrInvalidValue, "ambiguous: names workload %q and more; want one (Workload or WorkloadRole alone)", ep.Workload)
	}
	if ep.Role != "" && !ep.Role.Valid() {
		return nil, queryErr(field+".role", ErrInvalidValue, "%q is not a workload role (want one of %s)", ep.Role, roleList())
	}
	if m.wl == nil {
		return nil, queryErr(field+".workload", ErrUnknownResource, "no workload %q: the network declares no workloads", ep.Workload)
	}
	if _, ok := m.wl.kinds[ep.Workload]; !ok {
		return nil, queryErr(field+".workload", ErrUnknownResource, "no workload %q", ep.Workload)
	}
	var out []eniIdx
	r := m.wl.byWorkload[ep.Workload]
	for _, x := range m.wl.members[r[0]:r[1]] {
		if ep.Role == "" || x.Role == ep.Role {
			e, _ := lookup[eniIdx](m, x.Interface)
			out = append(out, e)
		}
	}
	slices.Sort(out) // interfaces are indexed in ID order
	out = slices.Compact(out)
	if len(out) == 0 {
		what := "no interfaces"
		if ep.Role != "" {
			what = fmt.Sprintf("no interfaces in role %s", ep.Role)
		}
		return nil, queryErr(field+".workload", ErrInvalidValue, "workload %q has %s in this model", ep.Workload, what)
	}
	return out, nil
}

func roleList() string {
	var s []string
	for _, r := range workload.Roles() {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}

// isWorkloadQuery reports whether q names a workload at either end.
func (q Query) isWorkloadQuery() bool { return q.From.Workload != "" || q.To.Workload != "" }

// workloadPairs resolves the ends of a workload query into the classes of
// equivalent interfaces of each end (a single class of a single endpoint
// for an end that names no workload): any member of a class answers for
// all of them, as in [Model.Matrix].
func (m *Model) workloadPairs(q Query) (from, to [][]Endpoint, err error) {
	var errs []error
	side := func(ep Endpoint, field string) [][]Endpoint {
		if ep.Workload == "" {
			return [][]Endpoint{{ep}}
		}
		es, err := m.workloadENIs(ep, field)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		return m.interfaceClasses(es, q.IPv6)
	}
	from, to = side(q.From, "from"), side(q.To, "to")
	return from, to, errors.Join(errs...)
}

// interfaceClasses groups interfaces (sorted by ID) into classes every
// decision treats alike: the same subnet, security groups, public-address
// status and route-target standing, and addresses between the same bounds
// of every CIDR in the network's rules and routes. Classes come in the
// order of their first member.
func (m *Model) interfaceClasses(es []eniIdx, ipv6 bool) [][]Endpoint {
	bounds := m.allBounds()
	type keyed struct {
		e   eniIdx
		key []int32
	}
	ks := make([]keyed, 0, len(es))
	for _, e := range es {
		E := &m.enis[e]
		a := E.private[0]
		if ipv6 && len(E.ipv6) > 0 {
			a = E.ipv6[0]
		}
		atom, _ := slices.BinarySearchFunc(bounds, a, func(b, a netip.Addr) int {
			if b.Compare(a) <= 0 {
				return -1
			}
			return 1
		})
		key := []int32{int32(E.subnet), int32(boolInt(E.public.IsValid())), int32(m.hopKey(e)), int32(atom)}
		for _, g := range E.sgs {
			key = append(key, int32(g))
		}
		ks = append(ks, keyed{e, key})
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return slices.Compare(a.key, b.key) })
	var classes [][]Endpoint
	for i := 0; i < len(ks); {
		j := i + 1
		for j < len(ks) && slices.Equal(ks[i].key, ks[j].key) {
			j++
		}
		var c []Endpoint
		for _, x := range ks[i:j] {
			c = append(c, ENI(m.enis[x.e].id))
		}
		classes = append(classes, c)
		i = j
	}
	slices.SortFunc(classes, func(a, b []Endpoint) int { return cmp.Compare(a[0].ENI, b[0].ENI) })
	return classes
}

// worse reports whether status a is a worse answer than b: blocked, then
// reply-blocked, then reachable.
func worse(a, b Status) bool {
	rank := func(s Status) int {
		switch s {
		case Blocked:
			return 0
		case ReplyBlocked:
			return 1
		}
		return 2
	}
	return rank(a) < rank(b)
}

// reachWorkloads answers a query naming a workload at one end or both:
// the flow must pass between every pair of interfaces (a class of
// equivalent interfaces answering for all its members), and the answer is
// the worst pair's, the first in ID order among equals, with the query
// naming that pair.
func (m *Model) reachWorkloads(r *Result, q Query) error {
	from, to, err := m.workloadPairs(q)
	if err != nil {
		return err
	}
	var best *Result
	for _, fc := range from {
		for _, tc := range to {
			pq := q
			pq.From, pq.To = fc[0], tc[0]
			if pq.From == pq.To {
				if len(tc) < 2 {
					continue // an interface and itself: no flow
				}
				pq.To = tc[1]
			}
			res, err := m.Reach(pq)
			if err != nil {
				return err
			}
			if best == nil || worse(res.Status, best.Status) {
				best = res
			}
		}
	}
	if best == nil {
		return queryErr("to", ErrInvalidValue, "source and destination are the same single interface")
	}
	*r = *best
	return nil
}

// openWorkloads answers [Model.OpenPorts] for a query naming a workload:
// the flows open between every pair of interfaces, each range with the
// witness of the first pair.
func (m *Model) openWorkloads(q Query) ([]OpenRange, error) {
	from, to, err := m.workloadPairs(q)
	if err != nil {
		return nil, err
	}
	var acc []OpenRange
	first := true
	for _, fc := range from {
		for _, tc := range to {
			pq := q
			pq.From, pq.To = fc[0], tc[0]
			if pq.From == pq.To {
				if len(tc) < 2 {
					continue
				}
				pq.To = tc[1]
			}
			open, err := m.OpenPorts(pq)
			if err != nil {
				return nil, err
			}
			if first {
				acc, first = open, false
				continue
			}
			acc = intersectOpen(acc, open)
		}
	}
	return acc, nil
}

// selectWorkloads adds the interfaces of the workloads sel names to its
// ENIs.
func (m *Model) selectWorkloads(sel Selection) (Selection, error) {
	if len(sel.Workloads) == 0 {
		return sel, nil
	}
	enis := slices.Clone(sel.ENIs)
	for i, w := range sel.Workloads {
		es, err := m.workloadENIs(Workload(w), fmt.Sprintf("selection.workloads[%d]", i))
		if err != nil {
			return sel, err
		}
		for _, e := range es {
			enis = append(enis, m.enis[e].id)
		}
	}
	sel.ENIs, sel.Workloads = enis, nil
	return sel, nil
}

// workloadOf returns the one workload interface id belongs to, without
// allocating; false for an interface of no workload or of several (a
// shared Lambda Hyperplane interface: see workloadsOf).
func (m *Model) workloadOf(id string) (string, bool) {
	if m.wl == nil {
		return "", false
	}
	e, ok := lookup[eniIdx](m, id)
	if !ok {
		return "", false
	}
	if _, shared := m.wl.shared[e]; shared {
		return "", false
	}
	if i, ok := m.wl.roleOf[e]; ok {
		return m.wl.members[i].Workload, true
	}
	return "", false
}

// workloadsOf returns the workloads interface id belongs to (several for
// a shared Lambda Hyperplane interface).
func (m *Model) workloadsOf(id string) []string {
	if m.wl == nil {
		return nil
	}
	e, ok := lookup[eniIdx](m, id)
	if !ok {
		return nil
	}
	if s, ok := m.wl.shared[e]; ok {
		return strings.Split(s, ",")
	}
	if i, ok := m.wl.roleOf[e]; ok {
		return []string{m.wl.members[i].Workload}
	}
	return nil
}
