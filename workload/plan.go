package workload

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

// The planner turns declarations into interface plans: which interfaces
// exist, in which subnet, with which groups, and how many single addresses
// and /28 prefixes each holds. [Expand] then gives them addresses; [Demand]
// only counts. Both see the same plans, so demand never disagrees with
// what expansion places.

// eksClusterMinFree is how many addresses every cluster subnet must offer
// EKS (for its cluster interfaces, including their replacements during a
// version update).
const eksClusterMinFree = 6

// maxGroupsPerInterface is the default quota of security groups per
// network interface.
const maxGroupsPerInterface = 5

// iplan is one planned interface.
type iplan struct {
	iface    vpc.NetworkInterface // addresses not yet assigned
	subnet   int                  // index into env.subnets
	singles  int                  // single addresses it holds, primary first
	prefixes int                  // /28 prefixes delegated to it
	parent   int                  // for a pod: the plan whose pool it draws from; else -1
	children []int                // pods drawing from this interface, in order
	members  []Member             // Interface left empty until sorted
}

// headroom is a number of free addresses a workload wants kept in a subnet.
type headroom struct {
	subnet   int
	workload string
	kind     Kind
	n        int
}

type plan struct {
	// countOnly skips what only expansion needs: pod interfaces, whose
	// addresses are counted with their node's interfaces anyway.
	countOnly bool
	ifaces    []*iplan
	sgs       []vpc.SecurityGroup
	headroom  []headroom
}

func (p *plan) add(ip iplan) int {
	ip.parent = -1
	p.ifaces = append(p.ifaces, &ip)
	return len(p.ifaces) - 1
}

// env indexes an [Env].
type env struct {
	subnets []vpc.Subnet // sorted by ID
	subnet  map[string]int
	vpcs    map[string]*vpc.VPC
	sgVPC   map[string]string // security group -> VPC (declared and generated)
	igw     map[string]bool   // VPC -> an internet gateway is attached
}

func newEnv(e Env, r *errs) *env {
	x := &env{
		subnets: slices.Clone(e.Subnets),
		subnet:  map[string]int{},
		vpcs:    map[string]*vpc.VPC{},
		sgVPC:   map[string]string{},
		igw:     map[string]bool{},
	}
	slices.SortStableFunc(x.subnets, func(a, b vpc.Subnet) int { return cmp.Compare(a.ID, b.ID) })
	for i, s := range x.subnets {
		if _, dup := x.subnet[s.ID]; dup {
			r.add("subnet", s.ID, "id", ErrDuplicateID, "the environment declares subnet %q twice", s.ID)
			continue
		}
		x.subnet[s.ID] = i
	}
	for i := range e.VPCs {
		x.vpcs[e.VPCs[i].ID] = &e.VPCs[i]
	}
	for _, g := range e.SecurityGroups {
		x.sgVPC[g.ID] = g.VPC
	}
	for _, g := range e.InternetGateways {
		if g.VPC != "" {
			x.igw[g.VPC] = true
		}
	}
	return x
}

// ref names a workload for error messages.
type ref struct {
	kind Kind
	id   string
}

func (w ref) errf(r *errs, field string, kind error, format string, args ...any) {
	r.add(string(w.kind), w.id, field, kind, format, args...)
}

// subnetsOf resolves a workload's subnet list: between lo and hi entries
// (hi 0 for no upper bound), no repeats, all known, all in one VPC. It
// returns the subnets' indices sorted by (zone, ID) and their VPC.
func (x *env) subnetsOf(r *errs, w ref, field string, ids []string, lo, hi int) ([]int, string, bool) {
	ok := true
	switch {
	case len(ids) < lo:
		w.errf(r, field, ErrInvalidValue, "%d subnets given, want at least %d", len(ids), lo)
		return nil, "", false
	case hi > 0 && len(ids) > hi:
		w.errf(r, field, ErrInvalidValue, "%d subnets given, want at most %d", len(ids), hi)
		ok = false
	}
	seen := map[string]bool{}
	var out []int
	vpcID := ""
	for i, id := range ids {
		f := fmt.Sprintf("%s[%d]", field, i)
		if seen[id] {
			w.errf(r, f, ErrInvalidValue, "subnet %q is listed twice", id)
			ok = false
			continue
		}
		seen[id] = true
		si, found := x.subnet[id]
		if !found {
			w.errf(r, f, ErrUnknownResource, "no subnet %q in the network", id)
			ok = false
			continue
		}
		s := x.subnets[si]
		switch {
		case vpcID == "":
			vpcID = s.VPC
		case s.VPC != vpcID:
			w.errf(r, f, ErrWrongVPC, "subnet %q is in vpc %q, but the workload's other subnets are in %q: give subnets of one vpc", id, s.VPC, vpcID)
			ok = false
			continue
		}
		out = append(out, si)
	}
	x.sortByZone(out)
	return out, vpcID, ok
}

// sortByZone sorts subnet indices by Availability Zone, then ID.
func (x *env) sortByZone(sel []int) {
	slices.SortFunc(sel, func(a, b int) int {
		sa, sb := x.subnets[a], x.subnets[b]
		return cmp.Or(cmp.Compare(sa.AvailabilityZone, sb.AvailabilityZone), cmp.Compare(sa.ID, sb.ID))
	})
}

// zones returns the Availability Zones of the subnets, sorted, without
// repeats.
func (x *env) zones(sel []int) []string {
	var z []string
	for _, si := range sel {
		z = append(z, x.subnets[si].AvailabilityZone)
	}
	slices.Sort(z)
	return slices.Compact(z)
}

// inZone returns the first subnet (by ID) of sel in zone z, or -1.
func (x *env) inZone(sel []int, z string) int {
	best := -1
	for _, si := range sel {
		if x.subnets[si].AvailabilityZone == z && (best < 0 || x.subnets[si].ID < x.subnets[best].ID) {
			best = si
		}
	}
	return best
}

// fits rejects a declaration whose n items of per addresses each need
// more than twice the usable addresses of all the subnets sel together:
// no placement comes close, and rejecting it before planning bounds the
// work (and memory) a mistyped count could cost. Declarations up to that
// bound are planned, so demand can say which subnet runs out and by how
// much.
func (x *env) fits(r *errs, w ref, field string, n, per int, what string, sel []int) bool {
	room := 0
	for _, si := range sel {
		room += vpc.UsableAddresses(x.subnets[si].CIDR)
	}
	if n > 0 && per > 0 && n > 2*room/per {
		w.errf(r, field, ErrCapacity, "%d %s need %d addresses each, more than twice the %d usable addresses of all the workload's subnets together", n, what, per, room)
		return false
	}
	return true
}

// spread places n items over the subnets sel evenly by Availability Zone:
// item i goes to zone i mod zones (zones in name order) and, inside the
// zone, round robin over its subnets in ID order. This is how services
// that balance across zones (the ECS service scheduler, Auto Scaling
// groups behind EKS node groups, MSK) place their interfaces; AWS does not
// say which subnet of a zone it picks, so vpcsim picks deterministically.
func (x *env) spread(sel []int, n int) []int {
	zones := x.zones(sel)
	if len(zones) == 0 || n <= 0 {
		return nil
	}
	byZone := make(map[string][]int, len(zones))
	for _, si := range sel {
		z := x.subnets[si].AvailabilityZone
		byZone[z] = append(byZone[z], si)
	}
	for _, z := range zones {
		x.sortByZone(byZone[z])
	}
	out := make([]int, n)
	for i := range out {
		in := byZone[zones[i%len(zones)]]
		out[i] = in[(i/len(zones))%len(in)]
	}
	return out
}

// groupsOf checks a workload's security groups: at most hi (0 for no
// bound), no repeats, all known and in vpcID. It returns them sorted.
func (x *env) groupsOf(r *errs, w ref, field string, ids []string, vpcID string, lo, hi int) ([]string, bool) {
	ok := true
	if len(ids) < lo {
		w.errf(r, field, ErrInvalidValue, "%d security groups given, want at least %d", len(ids), lo)
		ok = false
	}
	if hi > 0 && len(ids) > hi {
		w.errf(r, field, ErrInvalidValue, "%d security groups given, want at most %d (a network interface takes at most %d, the default quota)", len(ids), hi, maxGroupsPerInterface)
		ok = false
	}
	seen := map[string]bool{}
	for i, id := range ids {
		f := fmt.Sprintf("%s[%d]", field, i)
		if seen[id] {
			w.errf(r, f, ErrInvalidValue, "security group %q is listed twice", id)
			ok = false
			continue
		}
		seen[id] = true
		v, found := x.sgVPC[id]
		switch {
		case !found:
			w.errf(r, f, ErrUnknownResource, "no security group %q in the network", id)
			ok = false
		case vpcID != "" && v != vpcID:
			w.errf(r, f, ErrWrongVPC, "security group %q is in vpc %q, the workload's subnets in %q", id, v, vpcID)
			ok = false
		}
	}
	if len(ids) == 0 {
		return nil, ok
	}
	out := slices.Clone(ids)
	slices.Sort(out)
	return out, ok
}

// checkID checks a workload ID: non-empty, free of "/" (which separates
// generated names) and not used by another workload.
func checkID(r *errs, w ref, ids map[string]Kind) bool {
	switch {
	case w.id == "":
		w.errf(r, "id", ErrInvalidValue, "a workload needs an id")
		return false
	case strings.Contains(w.id, "/"):
		w.errf(r, "id", ErrInvalidValue, "%q contains \"/\", which generated names reserve: choose an id without it", w.id)
		return false
	}
	if k, dup := ids[w.id]; dup {
		w.errf(r, "id", ErrDuplicateID, "the id is also used by a %s", k)
		return false
	}
	ids[w.id] = w.kind
	return true
}

func displayName(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

func boolPtr(b bool) *bool { return &b }

// planAll plans every workload. Workloads are processed in ID order per
// kind, so neither the plan nor the errors depend on declaration order.
func planAll(ws Workloads, e Env, countOnly bool) (*plan, *env, error) {
	r := &errs{}
	x := newEnv(e, r)
	p := &plan{countOnly: countOnly}
	ids := map[string]Kind{}

	eks := sortedByID(ws.EKSClusters, func(c EKSCluster) string { return c.ID })
	// Cluster security groups exist before anything refers to them.
	for _, c := range eks {
		if _, vpcID, ok := x.subnetsOf(&errs{}, ref{}, "", c.Subnets, 0, 0); ok && vpcID != "" && c.ID != "" {
			x.sgVPC[ClusterSecurityGroupID(c.ID)] = vpcID
		}
	}
	for i := range eks {
		planEKS(x, r, p, &eks[i], ids)
	}
	for _, s := range sortedByID(ws.ECSServices, func(s ECSService) string { return s.ID }) {
		planECS(x, r, p, &s, ids)
	}
	planLambda(x, r, p, sortedByID(ws.LambdaFunctions, func(f LambdaFunction) string { return f.ID }), ids)
	dbs := map[string]dbTarget{}
	for _, d := range sortedByID(ws.RDSInstances, func(d RDSInstance) string { return d.ID }) {
		planRDS(x, r, p, &d, ids, dbs)
	}
	for _, c := range sortedByID(ws.AuroraClusters, func(c AuroraCluster) string { return c.ID }) {
		planAurora(x, r, p, &c, ids, dbs)
	}
	for _, px := range sortedByID(ws.RDSProxies, func(px RDSProxy) string { return px.ID }) {
		planProxy(x, r, p, &px, ids, dbs)
	}
	for _, c := range sortedByID(ws.CacheClusters, func(c CacheCluster) string { return c.ID }) {
		planCache(x, r, p, &c, ids)
	}
	for _, m := range sortedByID(ws.MSKClusters, func(m MSKCluster) string { return m.ID }) {
		planMSK(x, r, p, &m, ids)
	}
	for _, l := range sortedByID(ws.VPCLinks, func(l VPCLink) string { return l.ID }) {
		planVPCLink(x, r, p, &l, ids)
	}
	// Generated IDs are unique by construction unless declared IDs make
	// two of them spell the same string; report that rather than merge.
	seen := map[string]bool{}
	for _, ip := range p.ifaces {
		if seen[ip.iface.ID] {
			r.add("interface", ip.iface.ID, "id", ErrDuplicateID, "two generated interfaces share this id: rename the workloads or subnets that spell it")
		}
		seen[ip.iface.ID] = true
	}
	return p, x, r.err()
}

func sortedByID[T any](in []T, id func(T) string) []T {
	out := slices.Clone(in)
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(id(a), id(b)) })
	return out
}

func planEKS(x *env, r *errs, p *plan, c *EKSCluster, ids map[string]Kind) {
	w := ref{KindEKSCluster, c.ID}
	if !checkID(r, w, ids) {
		return
	}
	sel, vpcID, ok := x.subnetsOf(r, w, "subnets", c.Subnets, 2, 0)
	if ok && len(x.zones(sel)) < 2 {
		w.errf(r, "subnets", ErrAvailabilityZones, "the subnets are all in %s: EKS wants subnets in at least two Availability Zones", x.zones(sel)[0])
		ok = false
	}
	n := c.clusterInterfaces()
	if n < 2 || n > 4 {
		w.errf(r, "clusterInterfaces", ErrInvalidValue, "%d: EKS places 2 to 4 cluster interfaces (0 means 2)", c.ClusterInterfaces)
		ok = false
	}
	extra, gok := x.groupsOf(r, w, "securityGroups", c.SecurityGroups, vpcID, 0, maxGroupsPerInterface-1)
	if !ok || !gok {
		// Node groups are still checked, against the cluster's VPC when known.
		planNodeGroups(x, r, p, c, vpcID, nil)
		return
	}
	sg := clusterSecurityGroup(c, vpcID)
	p.sgs = append(p.sgs, sg)
	groups := append([]string{sg.ID}, extra...)
	name := displayName(c.Name, c.ID)
	placed := map[int]int{}
	for i, si := range x.spread(sel, n) {
		placed[si]++
		p.add(iplan{
			iface: vpc.NetworkInterface{
				ID: fmt.Sprintf("%s/cluster-%d", c.ID, i+1), Name: fmt.Sprintf("Amazon EKS %s", name),
				Subnet: x.subnets[si].ID, Kind: vpc.KindEKSControl, Owner: c.ID,
				SecurityGroups: slices.Clone(groups), AssignPublicIP: boolPtr(false),
			},
			subnet: si, singles: 1,
			members: []Member{{Workload: c.ID, Kind: KindEKSCluster, Role: RoleCluster}},
		})
	}
	for _, si := range sel {
		if h := eksClusterMinFree - placed[si]; h > 0 {
			p.headroom = append(p.headroom, headroom{subnet: si, workload: c.ID, kind: KindEKSCluster, n: h})
		}
	}
	planNodeGroups(x, r, p, c, vpcID, []string{sg.ID})
}

func planNodeGroups(x *env, r *errs, p *plan, c *EKSCluster, vpcID string, clusterSG []string) {
	w := ref{KindEKSCluster, c.ID}
	cni := c.CNI
	cniOK := true
	for _, t := range []struct {
		field string
		v     int
	}{{"cni.warmIpTarget", cni.WarmIPTarget}, {"cni.minimumIpTarget", cni.MinimumIPTarget}} {
		if t.v < 0 {
			w.errf(r, t.field, ErrInvalidValue, "%d: want zero (unset) or more", t.v)
			cniOK = false
		}
	}
	if cni.WarmENITarget != nil && *cni.WarmENITarget < 0 {
		w.errf(r, "cni.warmEniTarget", ErrInvalidValue, "%d: want zero or more", *cni.WarmENITarget)
		cniOK = false
	}
	if cni.WarmPrefixTarget != nil && *cni.WarmPrefixTarget < 0 {
		w.errf(r, "cni.warmPrefixTarget", ErrInvalidValue, "%d: want zero or more", *cni.WarmPrefixTarget)
		cniOK = false
	}
	if cni.PrefixDelegation && !cni.ipTargets() && cni.warmPrefixTarget() == 0 {
		w.errf(r, "cni.warmPrefixTarget", ErrInvalidValue, "0 with prefix delegation and no address targets: the VPC CNI does not support a node without a warm prefix; set it to 1 or more, or set warmIpTarget/minimumIpTarget")
		cniOK = false
	}
	groups := sortedByID(c.NodeGroups, func(g NodeGroup) string { return g.Name })
	names := map[string]bool{}
	for gi := range groups {
		g := &groups[gi]
		f := func(s string) string { return fmt.Sprintf("nodeGroups[%s].%s", g.Name, s) }
		switch {
		case g.Name == "":
			w.errf(r, "nodeGroups[].name", ErrInvalidValue, "a node group needs a name")
			continue
		case strings.Contains(g.Name, "/"):
			w.errf(r, f("name"), ErrInvalidValue, "%q contains \"/\", which generated names reserve", g.Name)
			continue
		case names[g.Name]:
			w.errf(r, f("name"), ErrDuplicateID, "two node groups are named %q", g.Name)
			continue
		}
		names[g.Name] = true
		ok := cniOK
		t, found := g.limits()
		switch {
		case !found:
			w.errf(r, f("instanceType"), ErrInvalidValue, "%q is not in the built-in table: give its limits (maxEnis, ipv4PerEni, vcpus, nitro) in limits", g.InstanceType)
			ok = false
		case t.MaxENIs < 1 || t.IPv4PerENI < 2 || t.VCPUs < 1 || t.MaxENIs > maxLimit || t.IPv4PerENI > maxLimit || t.VCPUs > maxLimit:
			w.errf(r, f("limits"), ErrInvalidValue, "maxEnis %d, ipv4PerEni %d, vcpus %d: want at least 1, 2 and 1, and at most %d each", t.MaxENIs, t.IPv4PerENI, t.VCPUs, maxLimit)
			ok = false
		}
		if g.DesiredSize < 0 {
			w.errf(r, f("desiredSize"), ErrInvalidValue, "%d: want zero or more nodes", g.DesiredSize)
			ok = false
		}
		if g.PodsPerNode < 0 {
			w.errf(r, f("podsPerNode"), ErrInvalidValue, "%d: want zero or more pods", g.PodsPerNode)
			ok = false
		}
		if g.MaxPods < 0 {
			w.errf(r, f("maxPods"), ErrInvalidValue, "%d: want zero (the AMI's value) or more", g.MaxPods)
			ok = false
		}
		sel, gvpc, sok := x.subnetsOf(r, w, f("subnets"), g.Subnets, 1, 0)
		if sok && vpcID != "" && gvpc != vpcID {
			w.errf(r, f("subnets"), ErrWrongVPC, "the node group's subnets are in vpc %q, the cluster's in %q", gvpc, vpcID)
			sok = false
		}
		sgs, gok := x.groupsOf(r, w, f("securityGroups"), g.SecurityGroups, vpcID, 0, maxGroupsPerInterface)
		if len(sgs) == 0 {
			sgs = clusterSG
		}
		if !ok || !sok || !gok || clusterSG == nil {
			continue
		}
		pd := t.prefixDelegation(cni.PrefixDelegation)
		maxPods := g.MaxPods
		if maxPods == 0 {
			maxPods = t.MaxPods(cni.PrefixDelegation)
		}
		if limit := min(maxPods, t.MaxPodsAllowed(cni.PrefixDelegation)) - hostNetworkPods; g.PodsPerNode > limit {
			w.errf(r, f("podsPerNode"), ErrLimit, "%d pods per node, but a %s node runs at most %d pods with VPC addresses (max pods %d of which 2 use the host network; %d allowed by its %d interfaces × %d addresses%s)",
				g.PodsPerNode, t.Name, max(limit, 0), maxPods, t.MaxPodsAllowed(cni.PrefixDelegation), t.MaxENIs, t.IPv4PerENI, map[bool]string{true: ", prefix delegation", false: ""}[pd])
			continue
		}
		a := NodeAddressing(t, cni, g.PodsPerNode)
		if !x.fits(r, w, f("desiredSize"), g.DesiredSize, a.Addresses()+a.PrefixCount()*IPsPerPrefix, "nodes", sel) {
			continue
		}
		planNodes(x, p, c, g, t, sel, sgs)
	}
}

func planNodes(x *env, p *plan, c *EKSCluster, g *NodeGroup, t InstanceType, sel []int, sgs []string) {
	addr := NodeAddressing(t, c.CNI, g.PodsPerNode)
	name := displayName(c.Name, c.ID)
	member := func(role Role) []Member {
		return []Member{{Workload: c.ID, Kind: KindEKSCluster, Role: role, Group: g.Name}}
	}
	for n, si := range x.spread(sel, g.DesiredSize) {
		node := fmt.Sprintf("%s/%s-node-%d", c.ID, g.Name, n+1)
		subnet := x.subnets[si].ID
		enis := make([]int, addr.ENIs())
		pool := make([]int, addr.ENIs()) // pod addresses each interface offers
		for k := range enis {
			ip := iplan{subnet: si, singles: 1, iface: vpc.NetworkInterface{
				Subnet: subnet, Kind: vpc.KindEKSNode, Owner: c.ID, SecurityGroups: slices.Clone(sgs),
			}}
			if k < len(addr.Secondary) {
				ip.singles += addr.Secondary[k]
				pool[k] = addr.Secondary[k]
			}
			if k < len(addr.Prefixes) {
				ip.prefixes = addr.Prefixes[k]
				pool[k] = addr.Prefixes[k] * IPsPerPrefix
			}
			if k == 0 {
				ip.iface.ID = node
				ip.iface.Name = fmt.Sprintf("%s %s node %d", name, g.Name, n+1)
				ip.members = member(RoleNode)
			} else {
				ip.iface.ID = fmt.Sprintf("%s-eni-%d", node, k+1)
				ip.iface.Name = fmt.Sprintf("%s %s node %d interface %d", name, g.Name, n+1, k+1)
				// Only an instance's primary interface gets a public address.
				ip.iface.AssignPublicIP = boolPtr(false)
				ip.members = member(RoleNodeENI)
			}
			enis[k] = p.add(ip)
		}
		if p.countOnly {
			continue
		}
		k := 0
		for pod := range g.PodsPerNode {
			for k < len(pool) && pool[k] == 0 {
				k++
			}
			if k == len(pool) {
				break // unreachable: the pod count was checked against capacity
			}
			pool[k]--
			child := p.add(iplan{subnet: si, iface: vpc.NetworkInterface{
				ID: fmt.Sprintf("%s-pod-%d", node, pod+1), Name: fmt.Sprintf("%s %s node %d pod %d", name, g.Name, n+1, pod+1),
				Subnet: subnet, Kind: vpc.KindEKSPod, Owner: c.ID, SecurityGroups: slices.Clone(sgs),
			}, members: member(RolePod)})
			p.ifaces[child].parent = enis[k]
			p.ifaces[enis[k]].children = append(p.ifaces[enis[k]].children, child)
		}
	}
}

func planECS(x *env, r *errs, p *plan, s *ECSService, ids map[string]Kind) {
	w := ref{KindECSService, s.ID}
	if !checkID(r, w, ids) {
		return
	}
	ok := true
	if !s.LaunchType.Valid() {
		w.errf(r, "launchType", ErrInvalidValue, "%q: want FARGATE or EC2", string(s.LaunchType))
		ok = false
	}
	if s.DesiredCount < 0 {
		w.errf(r, "desiredCount", ErrInvalidValue, "%d: want zero or more tasks", s.DesiredCount)
		ok = false
	}
	if s.AssignPublicIP && s.LaunchType == EC2 {
		w.errf(r, "assignPublicIp", ErrInvalidValue, "only Fargate tasks can get a public address; EC2 tasks reach the internet through a NAT gateway or endpoints")
		ok = false
	}
	sel, vpcID, sok := x.subnetsOf(r, w, "subnets", s.Subnets, 1, 16)
	sgs, gok := x.groupsOf(r, w, "securityGroups", s.SecurityGroups, vpcID, 0, 5)
	if !ok || !sok || !gok || !x.fits(r, w, "desiredCount", s.DesiredCount, 1, "tasks", sel) {
		return
	}
	name := displayName(s.Name, s.ID)
	for i, si := range x.spread(sel, s.DesiredCount) {
		p.add(iplan{subnet: si, singles: 1, iface: vpc.NetworkInterface{
			ID: fmt.Sprintf("%s/task-%d", s.ID, i+1), Name: fmt.Sprintf("%s task %d", name, i+1),
			Subnet: x.subnets[si].ID, Kind: vpc.KindECSTask, Owner: s.ID, SecurityGroups: slices.Clone(sgs),
			AssignPublicIP: boolPtr(s.AssignPublicIP),
		}, members: []Member{{Workload: s.ID, Kind: KindECSService, Role: RoleTask}}})
	}
}

// HyperplaneInterfaceID returns the ID of the Lambda Hyperplane interface
// for a subnet and a set of security groups (in any order).
func HyperplaneInterfaceID(subnet string, groups []string) string {
	g := slices.Clone(groups)
	slices.Sort(g)
	return "hyperplane/" + subnet + "/" + strings.Join(slices.Compact(g), "+")
}

func planLambda(x *env, r *errs, p *plan, fns []LambdaFunction, ids map[string]Kind) {
	type key struct{ subnet, groups string }
	shared := map[key]int{} // -> plan index
	for i := range fns {
		f := &fns[i]
		w := ref{KindLambdaFunction, f.ID}
		if !checkID(r, w, ids) {
			continue
		}
		sel, vpcID, sok := x.subnetsOf(r, w, "subnets", f.Subnets, 1, 16)
		sgs, gok := x.groupsOf(r, w, "securityGroups", f.SecurityGroups, vpcID, 1, 5)
		if !sok || !gok {
			continue
		}
		for _, si := range sel {
			id := HyperplaneInterfaceID(x.subnets[si].ID, sgs)
			k := key{x.subnets[si].ID, id}
			m := Member{Workload: f.ID, Kind: KindLambdaFunction, Role: RoleHyperplane}
			if j, ok := shared[k]; ok {
				p.ifaces[j].members = append(p.ifaces[j].members, m)
				continue
			}
			// Functions are taken in ID order, so the owner is the
			// smallest function ID sharing the interface; Members lists
			// them all.
			shared[k] = p.add(iplan{subnet: si, singles: 1, iface: vpc.NetworkInterface{
				ID: id, Name: "AWS Lambda VPC ENI " + strings.Join(sgs, "+"),
				Subnet: x.subnets[si].ID, Kind: vpc.KindLambda, Owner: f.ID, SecurityGroups: slices.Clone(sgs),
			}, members: []Member{m}})
		}
	}
}

// dbTarget is what an RDS Proxy needs to know about its target.
type dbTarget struct {
	vpc     string
	classes []string // instance class of each DB instance
}

// dbSubnetGroup checks a DB subnet group: known subnets of one VPC
// covering at least minZones Availability Zones.
func dbSubnetGroup(x *env, r *errs, w ref, g SubnetGroup, minZones int) ([]int, string, bool) {
	sel, vpcID, ok := x.subnetsOf(r, w, "subnetGroup.subnets", g.Subnets, 1, 0)
	if ok && len(x.zones(sel)) < minZones {
		w.errf(r, "subnetGroup.subnets", ErrAvailabilityZones, "the subnet group covers %d Availability Zone(s) (%s): a DB subnet group must cover at least %d",
			len(x.zones(sel)), strings.Join(x.zones(sel), ", "), minZones)
		ok = false
	}
	return sel, vpcID, ok
}

// publicDB checks what AWS requires of a publicly accessible database's
// VPC: DNS resolution, DNS hostnames and an attached internet gateway.
func publicDB(x *env, r *errs, w ref, vpcID string) bool {
	v := x.vpcs[vpcID]
	switch {
	case v == nil:
		w.errf(r, "publiclyAccessible", ErrUnknownResource, "the subnets' vpc %q is not in the network", vpcID)
		return false
	case !v.DNSSupport() || !v.EnableDNSHostnames:
		w.errf(r, "publiclyAccessible", ErrInvalidValue, "vpc %q must have DNS resolution and DNS hostnames enabled for a publicly accessible database", vpcID)
		return false
	case !x.igw[vpcID]:
		w.errf(r, "publiclyAccessible", ErrInvalidValue, "vpc %q has no internet gateway attached: a publicly accessible database needs one", vpcID)
		return false
	}
	return true
}

func checkPort(r *errs, w ref, port uint16) bool {
	if port != 0 && port < 1150 {
		w.errf(r, "port", ErrInvalidValue, "%d: a database port must be 1150-65535", port)
		return false
	}
	return true
}

// nextZone returns the zone after z in zones, cyclically.
func nextZone(zones []string, z string, step int) string {
	i := slices.Index(zones, z)
	return zones[(i+step)%len(zones)]
}

func planRDS(x *env, r *errs, p *plan, d *RDSInstance, ids map[string]Kind, dbs map[string]dbTarget) {
	w := ref{KindRDSInstance, d.ID}
	if !checkID(r, w, ids) {
		return
	}
	ok := checkPort(r, w, d.Port)
	switch {
	case !d.Engine.Valid():
		w.errf(r, "engine", ErrInvalidValue, "%q is not a known RDS engine (mysql, mariadb, postgres, oracle-*, sqlserver-*, db2-*)", string(d.Engine))
		ok = false
	case d.Engine.IsAurora():
		w.errf(r, "engine", ErrInvalidValue, "%q is an Aurora engine: declare an AuroraCluster", string(d.Engine))
		ok = false
	}
	if !d.Deployment.Valid() {
		w.errf(r, "deployment", ErrInvalidValue, "%q: want single-az, multi-az-instance or multi-az-cluster", string(d.Deployment))
		ok = false
	}
	minZones := 2
	if d.Deployment == MultiAZCluster {
		minZones = 3
		if d.Engine != MySQL && d.Engine != Postgres {
			w.errf(r, "deployment", ErrInvalidValue, "Multi-AZ DB clusters run only RDS for MySQL and PostgreSQL, not %q", string(d.Engine))
			ok = false
		}
	}
	sel, vpcID, sok := dbSubnetGroup(x, r, w, d.SubnetGroup, minZones)
	sgs, gok := x.groupsOf(r, w, "securityGroups", d.SecurityGroups, vpcID, 0, maxGroupsPerInterface)
	if !sok || !gok || !ok {
		return
	}
	zones := x.zones(sel)
	first := zones[0]
	if d.AvailabilityZone != "" {
		if !slices.Contains(zones, d.AvailabilityZone) {
			w.errf(r, "availabilityZone", ErrInvalidValue, "%q is not a zone of the subnet group (%s)", d.AvailabilityZone, strings.Join(zones, ", "))
			return
		}
		first = d.AvailabilityZone
	}
	if d.PubliclyAccessible && !publicDB(x, r, w, vpcID) {
		return
	}
	dbs[d.ID] = dbTarget{vpc: vpcID, classes: []string{d.InstanceClass}}
	name := displayName(d.Name, d.ID)
	add := func(role Role, n int, zone string) {
		si := x.inZone(sel, zone)
		p.add(iplan{subnet: si, singles: 1, iface: vpc.NetworkInterface{
			ID: fmt.Sprintf("%s/%s-%d", d.ID, role, n), Name: fmt.Sprintf("%s %s %d", name, role, n),
			Subnet: x.subnets[si].ID, Kind: vpc.KindRDS, Owner: d.ID, SecurityGroups: slices.Clone(sgs),
			AssignPublicIP: boolPtr(d.PubliclyAccessible),
		}, members: []Member{{Workload: d.ID, Kind: KindRDSInstance, Role: role}}})
	}
	switch d.Deployment {
	case MultiAZInstance:
		add(RolePrimary, 1, first)
		add(RoleStandby, 1, nextZone(zones, first, 1))
	case MultiAZCluster:
		add(RoleWriter, 1, first)
		add(RoleReader, 1, nextZone(zones, first, 1))
		add(RoleReader, 2, nextZone(zones, first, 2))
	default:
		add(RolePrimary, 1, first)
	}
}

func planAurora(x *env, r *errs, p *plan, c *AuroraCluster, ids map[string]Kind, dbs map[string]dbTarget) {
	w := ref{KindAuroraCluster, c.ID}
	if !checkID(r, w, ids) {
		return
	}
	ok := checkPort(r, w, c.Port)
	if !c.Engine.IsAurora() {
		w.errf(r, "engine", ErrInvalidValue, "%q: want aurora-mysql or aurora-postgresql", string(c.Engine))
		ok = false
	}
	if c.Instances < 1 {
		w.errf(r, "instances", ErrInvalidValue, "%d: want at least one DB instance (the writer)", c.Instances)
		ok = false
	}
	if len(c.AvailabilityZones) > 3 {
		w.errf(r, "availabilityZones", ErrInvalidValue, "%d zones: Aurora takes at most three", len(c.AvailabilityZones))
		ok = false
	}
	sel, vpcID, sok := dbSubnetGroup(x, r, w, c.SubnetGroup, 2)
	sgs, gok := x.groupsOf(r, w, "securityGroups", c.SecurityGroups, vpcID, 0, maxGroupsPerInterface)
	if !sok || !gok || !ok || !x.fits(r, w, "instances", c.Instances, 1, "instances", sel) {
		return
	}
	zones := x.zones(sel)
	if len(c.AvailabilityZones) > 0 {
		seen := map[string]bool{}
		for i, z := range c.AvailabilityZones {
			if !slices.Contains(zones, z) || seen[z] {
				w.errf(r, fmt.Sprintf("availabilityZones[%d]", i), ErrInvalidValue, "%q is not a zone of the subnet group (%s), or is listed twice", z, strings.Join(zones, ", "))
				return
			}
			seen[z] = true
		}
		zones = c.AvailabilityZones
	} else if len(zones) > 3 {
		zones = zones[:3]
	}
	if c.PubliclyAccessible && !publicDB(x, r, w, vpcID) {
		return
	}
	classes := make([]string, c.Instances)
	for i := range classes {
		classes[i] = c.InstanceClass
	}
	dbs[c.ID] = dbTarget{vpc: vpcID, classes: classes}
	name := displayName(c.Name, c.ID)
	for i := range c.Instances {
		// The first three instances go to distinct zones; AWS places later
		// ones at random, vpcsim round robin.
		si := x.inZone(sel, zones[i%len(zones)])
		role, n := RoleWriter, 1
		if i > 0 {
			role, n = RoleReader, i
		}
		p.add(iplan{subnet: si, singles: 1, iface: vpc.NetworkInterface{
			ID: fmt.Sprintf("%s/%s-%d", c.ID, role, n), Name: fmt.Sprintf("%s %s %d", name, role, n),
			Subnet: x.subnets[si].ID, Kind: vpc.KindRDS, Owner: c.ID, SecurityGroups: slices.Clone(sgs),
			AssignPublicIP: boolPtr(c.PubliclyAccessible),
		}, members: []Member{{Workload: c.ID, Kind: KindAuroraCluster, Role: role}}})
	}
}

func planProxy(x *env, r *errs, p *plan, px *RDSProxy, ids map[string]Kind, dbs map[string]dbTarget) {
	w := ref{KindRDSProxy, px.ID}
	if !checkID(r, w, ids) {
		return
	}
	ok := true
	t, found := dbs[px.Target]
	if !found {
		w.errf(r, "target", ErrUnknownResource, "no valid RDS instance or Aurora cluster %q among the workloads", px.Target)
		ok = false
	}
	const most = 1 << 20 // more free addresses than any subnet has
	if px.AdditionalEndpoints < 0 || px.AdditionalEndpoints > most {
		w.errf(r, "additionalEndpoints", ErrInvalidValue, "%d: want 0 to %d", px.AdditionalEndpoints, most)
		ok = false
	}
	if px.MinFreeAddresses < 0 || px.MinFreeAddresses > most {
		w.errf(r, "minFreeAddresses", ErrInvalidValue, "%d: want 0 (AWS's recommendation) to %d", px.MinFreeAddresses, most)
		ok = false
	}
	sel, vpcID, sok := x.subnetsOf(r, w, "subnets", px.Subnets, 2, 0)
	if sok && len(x.zones(sel)) < 2 {
		w.errf(r, "subnets", ErrAvailabilityZones, "the subnets are all in %s: RDS Proxy needs subnets in at least two Availability Zones", x.zones(sel)[0])
		sok = false
	}
	if sok && found && vpcID != t.vpc {
		w.errf(r, "subnets", ErrWrongVPC, "the proxy's subnets are in vpc %q, its target's in %q: a proxy shares its database's vpc", vpcID, t.vpc)
		sok = false
	}
	sgs, gok := x.groupsOf(r, w, "securityGroups", px.SecurityGroups, vpcID, 0, maxGroupsPerInterface)
	free := px.MinFreeAddresses
	if free == 0 && found {
		for _, class := range t.classes {
			n, known := ProxyFreeAddresses(class)
			if !known {
				w.errf(r, "minFreeAddresses", ErrInvalidValue, "the target's instance class %q is not in AWS's sizing table: set minFreeAddresses", class)
				ok = false
				break
			}
			free += n
		}
		free += 3 * px.AdditionalEndpoints
	}
	if !ok || !sok || !gok {
		return
	}
	name := displayName(px.Name, px.ID)
	share := ceilDiv(free, len(sel))
	for i, si := range sel {
		// AWS does not say how many interfaces a proxy has; vpcsim places
		// one in each subnet and counts the rest of the recommended free
		// addresses as headroom.
		p.add(iplan{subnet: si, singles: 1, iface: vpc.NetworkInterface{
			ID: fmt.Sprintf("%s/proxy-%d", px.ID, i+1), Name: fmt.Sprintf("%s proxy %d", name, i+1),
			Subnet: x.subnets[si].ID, Kind: vpc.KindRDS, Owner: px.ID, SecurityGroups: slices.Clone(sgs),
			AssignPublicIP: boolPtr(false),
		}, members: []Member{{Workload: px.ID, Kind: KindRDSProxy, Role: RoleProxy}}})
		if share > 1 {
			p.headroom = append(p.headroom, headroom{subnet: si, workload: px.ID, kind: KindRDSProxy, n: share - 1})
		}
	}
}

func planCache(x *env, r *errs, p *plan, c *CacheCluster, ids map[string]Kind) {
	w := ref{KindCacheCluster, c.ID}
	if !checkID(r, w, ids) {
		return
	}
	ok := true
	if !c.Engine.Valid() {
		w.errf(r, "engine", ErrInvalidValue, "%q: want redis, valkey or memcached", string(c.Engine))
		ok = false
	}
	if c.Nodes < 1 {
		w.errf(r, "nodes", ErrInvalidValue, "%d: want at least one cache node", c.Nodes)
		ok = false
	}
	sel, vpcID, sok := x.subnetsOf(r, w, "subnetGroup.subnets", c.SubnetGroup.Subnets, 1, 0)
	sgs, gok := x.groupsOf(r, w, "securityGroups", c.SecurityGroups, vpcID, 0, maxGroupsPerInterface)
	if !ok || !sok || !gok || !x.fits(r, w, "nodes", c.Nodes, 1, "cache nodes", sel) {
		return
	}
	name := displayName(c.Name, c.ID)
	for i, si := range x.spread(sel, c.Nodes) {
		p.add(iplan{subnet: si, singles: 1, iface: vpc.NetworkInterface{
			ID: fmt.Sprintf("%s/cache-node-%d", c.ID, i+1), Name: fmt.Sprintf("%s node %d", name, i+1),
			Subnet: x.subnets[si].ID, Kind: vpc.KindElastiCache, Owner: c.ID, SecurityGroups: slices.Clone(sgs),
			AssignPublicIP: boolPtr(false),
		}, members: []Member{{Workload: c.ID, Kind: KindCacheCluster, Role: RoleCacheNode}}})
	}
}

func planMSK(x *env, r *errs, p *plan, m *MSKCluster, ids map[string]Kind) {
	w := ref{KindMSKCluster, m.ID}
	if !checkID(r, w, ids) {
		return
	}
	ok := true
	if !m.BrokerType.Valid() {
		w.errf(r, "brokerType", ErrInvalidValue, "%q: want standard or express", string(m.BrokerType))
		ok = false
	}
	for i, a := range m.Authentication {
		if !a.Valid() {
			w.errf(r, fmt.Sprintf("authentication[%d]", i), ErrInvalidValue, "%q: want plaintext, tls, sasl-scram or sasl-iam", string(a))
			ok = false
		}
	}
	sel, vpcID, sok := x.subnetsOf(r, w, "clientSubnets", m.ClientSubnets, 2, 3)
	if sok {
		want := "two or three"
		bad := false
		region := ""
		if v := x.vpcs[vpcID]; v != nil {
			region = v.Region
		}
		switch {
		case m.BrokerType == ExpressBrokers && len(sel) != 3:
			want, bad = "three (express brokers)", true
		case m.BrokerType != ExpressBrokers && region == "us-west-1" && len(sel) != 2:
			want, bad = "exactly two (us-west-1)", true
		}
		if bad {
			w.errf(r, "clientSubnets", ErrInvalidValue, "%d client subnets: want %s", len(sel), want)
			sok = false
		} else if z := x.zones(sel); len(z) != len(sel) {
			w.errf(r, "clientSubnets", ErrAvailabilityZones, "client subnets must be in distinct Availability Zones; these cover only %s", strings.Join(z, ", "))
			sok = false
		}
	}
	if sok && (m.Brokers < 1 || m.Brokers%len(sel) != 0) {
		w.errf(r, "brokers", ErrInvalidValue, "%d brokers over %d client subnets: MSK spreads brokers evenly, so want a positive multiple of %d", m.Brokers, len(sel), len(sel))
		ok = false
	}
	sgs, gok := x.groupsOf(r, w, "securityGroups", m.SecurityGroups, vpcID, 0, maxGroupsPerInterface)
	if !ok || !sok || !gok || !x.fits(r, w, "brokers", m.Brokers, 1, "brokers", sel) {
		return
	}
	name := displayName(m.Name, m.ID)
	for i, si := range x.spread(sel, m.Brokers) {
		p.add(iplan{subnet: si, singles: 1, iface: vpc.NetworkInterface{
			ID: fmt.Sprintf("%s/broker-%d", m.ID, i+1), Name: fmt.Sprintf("%s broker %d", name, i+1),
			Subnet: x.subnets[si].ID, Kind: vpc.KindMSKBroker, Owner: m.ID, SecurityGroups: slices.Clone(sgs),
			AssignPublicIP: boolPtr(false),
		}, members: []Member{{Workload: m.ID, Kind: KindMSKCluster, Role: RoleBroker}}})
	}
}

func planVPCLink(x *env, r *errs, p *plan, l *VPCLink, ids map[string]Kind) {
	w := ref{KindVPCLink, l.ID}
	if !checkID(r, w, ids) {
		return
	}
	sel, vpcID, sok := x.subnetsOf(r, w, "subnets", l.Subnets, 1, 0)
	sgs, gok := x.groupsOf(r, w, "securityGroups", l.SecurityGroups, vpcID, 0, maxGroupsPerInterface)
	if !sok || !gok {
		return
	}
	name := displayName(l.Name, l.ID)
	for i, si := range sel {
		// AWS does not say how many interfaces a link creates; vpcsim
		// places one in each subnet.
		p.add(iplan{subnet: si, singles: 1, iface: vpc.NetworkInterface{
			ID: fmt.Sprintf("%s/vpc-link-%d", l.ID, i+1), Name: fmt.Sprintf("%s VPC link %d", name, i+1),
			Subnet: x.subnets[si].ID, Kind: vpc.KindOther, Owner: l.ID, SecurityGroups: slices.Clone(sgs),
			AssignPublicIP: boolPtr(false),
		}, members: []Member{{Workload: l.ID, Kind: KindVPCLink, Role: RoleVPCLink}}})
	}
}
