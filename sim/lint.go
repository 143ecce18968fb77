package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// This file checks a compiled network against the mistakes of the AWS
// service networking checklist and against rule hygiene (Model.Lint).
// Each lint has an ID, a severity and a check; lintTable lists them.

// Severity ranks a lint finding.
type Severity string

// Severities, most severe first.
const (
	// SeverityError: a security or availability mistake to fix.
	SeverityError Severity = "error"
	// SeverityWarning: very likely a mistake; check it.
	SeverityWarning Severity = "warning"
	// SeverityInfo: hygiene: a rule or resource that does nothing.
	SeverityInfo Severity = "info"
)

// Finding is one problem [Model.Lint] found.
type Finding struct {
	// ID names the lint ([Lints] lists them).
	ID       string   `json:"id"`
	Severity Severity `json:"severity"`
	// Resource is the ID of the resource at fault, Kind its kind
	// ("security-group", "route-table", "rds-instance", ...), and Field
	// the rule, entry or route inside it, when one is to blame.
	Resource string `json:"resource"`
	Kind     string `json:"kind"`
	Field    string `json:"field,omitempty"`
	// Explanation says what is wrong, Fix what to do.
	Explanation string `json:"explanation"`
	Fix         string `json:"fix"`
	// Witness is a query showing the problem, when one does.
	Witness *Result `json:"witness,omitempty"`
}

// String formats the finding on one line, its fix on the next.
func (f Finding) String() string {
	at := f.Kind + " " + f.Resource
	if f.Field != "" {
		at += " " + f.Field
	}
	return fmt.Sprintf("%s %s: %s: %s\n  fix: %s", f.Severity, f.ID, at, f.Explanation, f.Fix)
}

// LintInfo describes one lint.
type LintInfo struct {
	ID       string   `json:"id"`
	Severity Severity `json:"severity"`
	Doc      string   `json:"doc"`
}

// lint is a lint and its check.
type lint struct {
	LintInfo
	check func(m *Model, add func(Finding))
}

// lintTable lists every lint, in the order of their IDs.
var lintTable []lint

func init() {
	lintTable = []lint{
		{LintInfo{"acl-redundant", SeverityInfo, "a network ACL entry that an earlier entry with the same action covers entirely"}, lintACLShadow(false)},
		{LintInfo{"acl-shadowed", SeverityWarning, "a network ACL entry that an earlier entry with the opposite action covers entirely: it never decides"}, lintACLShadow(true)},
		{LintInfo{"admin-port-open", SeverityError, "a security group admits an administrative or database port (22, 3389, 3306, 5432, 1433, 1521, 6379, 11211, 27017, 9200, 9300, 5601) from the whole internet (0.0.0.0/0 or ::/0)"}, lintAdminPorts},
		{LintInfo{"aws-service-via-nat", SeverityInfo, "subnets reach S3 or DynamoDB through a NAT gateway where a gateway endpoint on their route table would serve: the NAT gateway charges for every gigabyte it processes, a gateway endpoint nothing"}, lintServiceViaNAT},
		{LintInfo{"blackhole-route", SeverityWarning, "a route whose target is gone: what it matches is dropped"}, lintBlackholes},
		{LintInfo{"database-exposed", SeverityError, "a database, cache or broker interface the internet reaches"}, lintDatabaseExposed},
		{LintInfo{"database-single-zone", SeverityWarning, "a database or cache whose interfaces are all in one Availability Zone: a zone failure takes it"}, lintSingleZone},
		{LintInfo{"eks-no-room-for-node", SeverityWarning, "a subnet of an EKS node group without the free addresses (or /28 blocks) one more node of the group takes"}, lintEKSRoom},
		{LintInfo{"eks-subnet-tags", SeverityWarning, "no subnet of an EKS cluster's VPC carries kubernetes.io/role/elb or kubernetes.io/role/internal-elb: the AWS Load Balancer Controller finds nowhere to place load balancers"}, lintEKSTags},
		{LintInfo{"endpoint-zone-unserved", SeverityError, "an interface or Gateway Load Balancer endpoint to an endpoint service has an interface in an Availability Zone (by AZ ID) where no load balancer of the service has a node: connections through that interface fail"}, lintEndpointZones},
		{LintInfo{"gwlb-appliance-unreachable", SeverityError, "an appliance behind a Gateway Load Balancer that a node would send flows to but cannot exchange GENEVE (UDP 6081) with: the flows that hash to it are dropped"}, lintGWLBAppliances},
		{LintInfo{"gwlb-no-healthy-appliance", SeverityError, "a Gateway Load Balancer node whose target group has appliances for it but none healthy: Gateway Load Balancers do not fail open, so every new flow through it is dropped"}, lintGWLBHealth},
		{LintInfo{"headroom-short", SeverityWarning, "a subnet has fewer free addresses than its workloads want kept (six per EKS cluster subnet, an RDS Proxy's reserve)"}, lintHeadroom},
		{LintInfo{"lambda-no-egress", SeverityWarning, "a Lambda function in a VPC whose interfaces reach no internet address on 443: it cannot call AWS services without VPC endpoints"}, lintLambdaEgress},
		{LintInfo{"lattice-target-blocked", SeverityError, "a VPC Lattice target whose security groups or network ACL do not admit Lattice's addresses (the managed prefix list, 169.254.171.0/24) on its port: Lattice's requests and health checks never reach it"}, lintLatticeTargets},
		{LintInfo{"nat-cross-zone", SeverityWarning, "a route table of subnets in one Availability Zone sends traffic to a NAT gateway in another: that zone loses its way out when the gateway's zone fails, and pays cross-zone data charges"}, lintNATZones},
		{LintInfo{"public-database", SeverityError, "an RDS instance or Aurora cluster declared publicly accessible"}, lintPublicDB},
		{LintInfo{"reply-blocked", SeverityWarning, "a flow a security group admits arrives, but its replies are dropped: by a network ACL (stateless ACLs need the ephemeral ports open back), or for want of a route back"}, lintReplyBlocked},
		{LintInfo{"rule-splits-subnet", SeverityWarning, "a security group rule or network ACL entry whose CIDR covers part of a subnet (more than one address): AWS assigns addresses at random, so the subnet's interfaces are treated differently by chance"}, lintSplitSubnet},
		{LintInfo{"rule-unmatchable", SeverityInfo, "a security group rule or network ACL entry whose CIDR lies in private or reserved space outside every VPC, on-premises network and VPC Lattice range of the network: no modelled address ever matches it (it may serve networks not declared)"}, lintUnmatchable},
		{LintInfo{"sg-redundant", SeverityInfo, "a security group rule that another rule of the same group and direction covers entirely"}, lintSGRedundant},
		{LintInfo{"stale-group-reference", SeverityWarning, "a security group rule names a group it may not reference (across an inactive peering, or a transit gateway that does not allow it): it matches nothing"}, lintStaleRefs},
		{LintInfo{"unattached-acl", SeverityInfo, "a network ACL associated with no subnet"}, lintUnattachedACL},
		{LintInfo{"unattached-group", SeverityInfo, "a security group no interface carries"}, lintUnattachedSG},
	}
}

// Lints returns the description of every lint [Model.Lint] runs, by ID.
func Lints() []LintInfo {
	out := make([]LintInfo, len(lintTable))
	for i, l := range lintTable {
		out[i] = l.LintInfo
	}
	return out
}

// Lint checks the network for the mistakes of the AWS service networking
// checklist (a publicly accessible database, administrative ports open to
// the internet, one NAT gateway serving several zones, a Lambda function
// with no way out, EKS subnets without role tags or room, databases in one
// zone, VPC Lattice targets that do not admit Lattice's addresses) and for rule hygiene (shadowed and redundant rules, rules that can
// never match, stale group references, groups and ACLs attached to
// nothing, replies an ACL drops, blackhole routes). [Lints] describes
// each. Findings are sorted by severity, lint ID, resource and field.
//
// Lint does not check VPC endpoints yet: S3 or DynamoDB traffic leaving
// through a NAT gateway where a gateway endpoint would serve is not
// reported.
func (m *Model) Lint() []Finding {
	if m == nil {
		return nil
	}
	var out []Finding
	for _, l := range lintTable {
		l.check(m, func(f Finding) {
			f.ID, f.Severity = l.ID, l.Severity
			out = append(out, f)
		})
	}
	rank := map[Severity]int{SeverityError: 0, SeverityWarning: 1, SeverityInfo: 2}
	slices.SortStableFunc(out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(rank[a.Severity], rank[b.Severity]), cmp.Compare(a.ID, b.ID),
			cmp.Compare(a.Resource, b.Resource), cmp.Compare(a.Field, b.Field))
	})
	return out
}

// adminPorts are the ports no security group should open to the whole
// internet: SSH, RDP, and the default ports of databases, caches and
// search engines.
var adminPorts = []struct {
	port uint16
	what string
}{
	{22, "SSH"}, {1433, "SQL Server"}, {1521, "Oracle"}, {3306, "MySQL"}, {3389, "RDP"}, {5432, "PostgreSQL"},
	{5601, "Kibana"}, {6379, "Redis"}, {9200, "Elasticsearch"}, {9300, "Elasticsearch transport"},
	{11211, "Memcached"}, {27017, "MongoDB"},
}

func lintAdminPorts(m *Model, add func(Finding)) {
	for _, g := range m.sgs {
		for _, r := range g.ingress {
			if r.group != noSG || r.pl != noPL || r.peer.Bits() != 0 || r.proto != anyProto && r.proto != int16(vpc.ProtocolTCP) {
				continue
			}
			var open []string
			for _, p := range adminPorts {
				if r.lo <= p.port && p.port <= r.hi {
					open = append(open, fmt.Sprintf("%d (%s)", p.port, p.what))
				}
			}
			if len(open) == 0 {
				continue
			}
			add(Finding{Resource: g.id, Kind: "security-group", Field: fmt.Sprintf("ingress[%d]", r.index),
				Explanation: fmt.Sprintf("%s admits %s from the whole internet", r.desc, strings.Join(open, ", ")),
				Fix:         "admit these ports from a security group (a bastion's, the app tier's) or a narrow CIDR, or use Session Manager instead of SSH/RDP"})
		}
	}
}

// isDatabase reports whether interface e belongs to a database, cache or
// broker, declared or generated.
func (m *Model) isDatabase(e eniIdx) bool {
	if m.wl != nil {
		if i, ok := m.wl.roleOf[e]; ok {
			switch m.wl.members[i].Kind {
			case workload.KindRDSInstance, workload.KindAuroraCluster, workload.KindRDSProxy, workload.KindCacheCluster, workload.KindMSKCluster:
				return true
			}
			return false
		}
	}
	switch m.enis[e].ifKind {
	case vpc.KindRDS, vpc.KindElastiCache, vpc.KindMSKBroker:
		return true
	}
	return false
}

func lintDatabaseExposed(m *Model, add func(Finding)) {
	exposed, err := m.Exposure()
	if err != nil {
		return
	}
	for _, x := range exposed {
		for _, id := range x.ENIs {
			e, _ := lookup[eniIdx](m, id)
			if !m.isDatabase(e) || len(x.Open) == 0 {
				continue
			}
			add(Finding{Resource: id, Kind: "network-interface",
				Explanation: fmt.Sprintf("the internet reaches this database interface on %s", rangesString(x.Open)),
				Fix:         "put the database in subnets without a route to an internet gateway, give it no public address (publicly accessible off) and admit only the app tier's security group",
				Witness:     x.Open[0].Witness})
		}
	}
}

func lintPublicDB(m *Model, add func(Finding)) {
	if m.wl == nil {
		return
	}
	for _, d := range m.wl.ws.RDSInstances {
		if d.PubliclyAccessible {
			add(Finding{Resource: d.ID, Kind: string(workload.KindRDSInstance), Field: "publiclyAccessible",
				Explanation: "the instance is publicly accessible: it gets a public address the internet gateway maps to it",
				Fix:         "set publiclyAccessible to false and reach the database from the app tier or a bastion"})
		}
	}
	for _, c := range m.wl.ws.AuroraClusters {
		if c.PubliclyAccessible {
			add(Finding{Resource: c.ID, Kind: string(workload.KindAuroraCluster), Field: "publiclyAccessible",
				Explanation: "the cluster's instances are publicly accessible: each gets a public address",
				Fix:         "set publiclyAccessible to false and reach the database from the app tier or a bastion"})
		}
	}
}

func lintSingleZone(m *Model, add func(Finding)) {
	if m.wl == nil {
		return
	}
	for w := range m.Workloads() {
		switch w.Kind {
		case workload.KindRDSInstance, workload.KindAuroraCluster, workload.KindCacheCluster:
		default:
			continue
		}
		if len(w.AvailabilityZones) == 1 {
			add(Finding{Resource: w.ID, Kind: string(w.Kind),
				Explanation: fmt.Sprintf("every interface is in %s: a failure of that zone takes the database away until it is restored elsewhere", w.AvailabilityZones[0]),
				Fix:         "deploy Multi-AZ (a standby or readers in another zone), or more cache nodes over the subnet group's zones"})
		}
	}
}

func lintNATZones(m *Model, add func(Finding)) {
	for ri := range m.rtbs {
		t := &m.rtbs[ri]
		zones := map[string]bool{}
		for si := range m.subnets {
			if m.subnets[si].rtb == rtbIdx(ri) {
				zones[m.subnets[si].az] = true
			}
		}
		for _, r := range t.routes {
			if r.tkind != kindNAT || r.blackhole || r.tidx < 0 {
				continue
			}
			g := &m.nats[r.tidx]
			gz := m.subnets[m.enis[g.eni].subnet].az
			var other []string
			for z := range zones {
				if z != gz {
					other = append(other, z)
				}
			}
			if len(other) == 0 {
				continue
			}
			slices.Sort(other)
			add(Finding{Resource: t.id, Kind: "route-table", Field: fmt.Sprintf("routes[%d]", r.index),
				Explanation: fmt.Sprintf("subnets in %s send %s to %s in %s", strings.Join(other, ", "), r.dst, g.id, gz),
				Fix:         "give each zone its own NAT gateway and route table (one_nat_gateway_per_az)"})
		}
	}
}

func lintLambdaEgress(m *Model, add func(Finding)) {
	type fn struct{ id, kind string }
	subjects := map[fn][]eniIdx{}
	for i := range m.enis {
		e := eniIdx(i)
		if m.wl != nil {
			if j, ok := m.wl.roleOf[e]; ok {
				if x := m.wl.members[j]; x.Kind == workload.KindLambdaFunction {
					for _, y := range m.wl.members {
						if y.Interface == x.Interface {
							subjects[fn{y.Workload, string(workload.KindLambdaFunction)}] = append(subjects[fn{y.Workload, string(workload.KindLambdaFunction)}], e)
						}
					}
				}
				continue
			}
		}
		if m.enis[i].ifKind == vpc.KindLambda {
			subjects[fn{m.enis[i].id, "network-interface"}] = append(subjects[fn{m.enis[i].id, "network-interface"}], e)
		}
	}
	keys := slices.Collect(mapKeys(subjects))
	slices.SortFunc(keys, func(a, b fn) int { return cmp.Compare(a.id, b.id) })
	for _, k := range keys {
		var witness *Result
		out := false
		for _, e := range subjects[k] {
			r, err := m.Reach(Query{From: ENI(m.enis[e].id), To: Internet(), Port: 443})
			if err != nil {
				continue
			}
			if r.Allowed() {
				out = true
				break
			}
			if witness == nil {
				witness = r
			}
		}
		if !out && witness != nil {
			add(Finding{Resource: k.id, Kind: k.kind,
				Explanation: "no interface of the function reaches the internet on 443 (a Lambda interface never has a public address): AWS service calls time out",
				Fix:         "route its subnets' 0.0.0.0/0 to a NAT gateway and allow 443 out, or add VPC endpoints for the services it calls",
				Witness:     witness})
		}
	}
}

func lintEKSTags(m *Model, add func(Finding)) {
	if m.wl == nil {
		return
	}
	for _, c := range m.wl.ws.EKSClusters {
		v := m.wl.clusterVPC[c.ID]
		if v == "" {
			continue
		}
		tagged := false
		for _, s := range m.wl.subnets {
			if s.VPC != v {
				continue
			}
			for _, k := range []string{workload.TagRoleELB, workload.TagRoleInternalELB} {
				if val, ok := s.Tags[k]; ok && (val == "1" || val == "") {
					tagged = true
				}
			}
		}
		if !tagged {
			add(Finding{Resource: c.ID, Kind: string(workload.KindEKSCluster),
				Explanation: fmt.Sprintf("no subnet of %s is tagged %s or %s: Kubernetes services of type LoadBalancer and ingresses cannot be placed", v, workload.TagRoleELB, workload.TagRoleInternalELB),
				Fix:         fmt.Sprintf("tag the public subnets %s=1 and the private ones %s=1", workload.TagRoleELB, workload.TagRoleInternalELB)})
		}
	}
}

func lintEKSRoom(m *Model, add func(Finding)) {
	if m.wl == nil {
		return
	}
	report := m.Capacity()
	for _, c := range m.wl.ws.EKSClusters {
		for _, g := range c.NodeGroups {
			t, ok := workload.LookupInstanceType(g.InstanceType)
			if g.Limits != nil {
				t, ok = *g.Limits, true
			}
			if !ok {
				continue
			}
			need := workload.NodeAddressing(t, c.CNI, g.PodsPerNode)
			for _, s := range g.Subnets {
				u, ok := report.Subnet(s)
				if !ok {
					continue
				}
				if u.Free-u.Headroom >= need.Addresses() && u.FreeBlocks >= need.PrefixCount() {
					continue
				}
				add(Finding{Resource: s, Kind: "subnet",
					Explanation: fmt.Sprintf("node group %s of %s needs %d addresses and %d free /28 blocks per node; the subnet has %d free (%d headroom) and %d free blocks",
						g.Name, c.ID, need.Addresses(), need.PrefixCount(), u.Free, u.Headroom, u.FreeBlocks),
					Fix: "give the node group larger subnets (a /19 per zone is common) or a secondary CIDR, or fewer pods per node"})
			}
		}
	}
}

func lintHeadroom(m *Model, add func(Finding)) {
	for _, u := range m.Capacity().Subnets {
		if u.Short {
			add(Finding{Resource: u.Subnet, Kind: "subnet",
				Explanation: fmt.Sprintf("%d addresses free, %d wanted kept by its workloads", u.Free, u.Headroom),
				Fix:         "use a larger subnet, or move workloads elsewhere"})
		}
	}
}

func lintReplyBlocked(m *Model, add func(Finding)) {
	// One interface of each group of equivalent interfaces, and the
	// internet, towards the TCP ports its security groups admit.
	var ids []string
	for i := range m.enis {
		if m.enis[i].nat == noNAT {
			ids = append(ids, m.enis[i].id)
		}
	}
	x, err := m.Matrix(Selection{ENIs: ids})
	if err != nil {
		return
	}
	reps := []Endpoint{Internet()}
	for _, g := range x.Groups {
		reps = append(reps, ENI(g.Members[0]))
	}
	seen := map[string]bool{}
	for _, to := range reps {
		var ports []uint16
		if to.Internet {
			ports = []uint16{80, 443}
		} else {
			e, _ := lookup[eniIdx](m, to.ENI)
			for _, g := range m.enis[e].sgs {
				for _, r := range m.sgs[g].ingress {
					if r.proto == int16(vpc.ProtocolTCP) || r.proto == anyProto {
						ports = append(ports, max(r.lo, 1))
					}
				}
			}
			slices.Sort(ports)
			ports = slices.Compact(ports)
		}
		for _, from := range reps {
			if from == to || from.Internet && to.Internet {
				continue
			}
			for _, p := range ports {
				r, err := m.Reach(Query{From: from, To: to, Port: p})
				if err != nil || r.Status != ReplyBlocked || r.Block == nil {
					continue
				}
				key := r.Block.Component + "|" + r.Block.Rule + "|" + from.String()
				if seen[key] {
					break
				}
				seen[key] = true
				f := Finding{Resource: r.Block.Component, Kind: string(r.Block.Kind),
					Explanation: fmt.Sprintf("%s arrives but its replies are dropped: %s", r.Query, r.Block),
					Fix:         replyFix(r.Block.Reason),
					Witness:     r}
				if r.Block.Kind == KindInternet {
					// The internet drops what a route sent it: blame the route.
					for i := len(r.Reply) - 1; i >= 0; i-- {
						if h := r.Reply[i]; h.Step == StepRoute && !h.Ref.IsZero() {
							f.Resource, f.Kind, f.Field = h.Ref.Resource, "route-table", fmt.Sprintf("%s[%d]", h.Ref.List, h.Ref.Index)
							break
						}
					}
				}
				add(f)
				break
			}
		}
	}
}

// replyFix says what to change for a reply blocked for reason r.
func replyFix(r Reason) string {
	switch r {
	case NACLInbound, NACLOutbound:
		return "allow the replies back in the network ACL: TCP to the client's ephemeral ports (1024-65535) towards the client's addresses"
	case NoRoute, BlackholeRoute:
		return "give the replies a route back to the client's addresses from the destination's subnet (the reply path shows where they go instead)"
	case AsymmetricRoute:
		return "send both directions through the same appliance: appliance mode on the transit gateway attachment, or routes that return through it"
	}
	return "change what the block names so that the replies get back to the client"
}

func lintUnmatchable(m *Model, add func(Finding)) {
	// What some modelled address may hold: the VPCs, the on-premises
	// networks, and VPC Lattice's addresses (its requests and health
	// checks come from them).
	vpcs := []netip.Prefix{latticePrefix4, latticePrefix6}
	for _, v := range m.vpcs {
		vpcs = append(vpcs, v.cidrs...)
		if v.ipv6.IsValid() {
			vpcs = append(vpcs, v.ipv6)
		}
	}
	for _, o := range m.onprems {
		vpcs = append(vpcs, o.cidrs...)
	}
	unmatchable := func(p netip.Prefix) bool {
		if !p.IsValid() || p.Bits() == 0 {
			return false
		}
		inside := false
		for _, np := range NotInternet() {
			if np.Addr().Is4() == p.Addr().Is4() && np.Bits() <= p.Bits() && np.Contains(p.Addr()) {
				inside = true
			}
		}
		if !inside {
			return false
		}
		for _, v := range vpcs {
			if v.Overlaps(p) {
				return false
			}
		}
		return true
	}
	for _, g := range m.sgs {
		for dir, rules := range [2][]cRule{g.ingress, g.egress} {
			for _, r := range rules {
				if r.group == noSG && r.pl == noPL && unmatchable(r.peer) {
					add(Finding{Resource: g.id, Kind: "security-group", Field: fmt.Sprintf("%s[%d]", [2]string{"ingress", "egress"}[dir], r.index),
						Explanation: fmt.Sprintf("%s: %s is private or reserved space no VPC of the network holds", r.desc, r.peer),
						Fix:         "correct the CIDR (a typo of a VPC's range?) or remove the rule; keep it only for a network not declared here (declare it as an on-premises network)"})
				}
			}
		}
	}
	for _, a := range m.acls {
		for dir, rules := range [2][]cRule{a.inbound, a.outbound} {
			for _, r := range rules {
				if unmatchable(r.peer) {
					add(Finding{Resource: a.id, Kind: "network-acl", Field: fmt.Sprintf("%s rule %d", [2]string{"inbound", "outbound"}[dir], r.number),
						Explanation: fmt.Sprintf("%s: %s is private or reserved space no VPC of the network holds", r.desc, r.peer),
						Fix:         "correct the CIDR or remove the entry; keep it only for a network not declared here (declare it as an on-premises network)"})
				}
			}
		}
	}
}

// ruleCovers reports whether rule a matches every packet rule b matches, as
// far as protocol, ports and a CIDR peer go.
func ruleCovers(a, b cRule) bool {
	if a.proto != anyProto && a.proto != b.proto {
		return false
	}
	if a.lo > b.lo || a.hi < b.hi {
		return false
	}
	switch {
	case a.group != noSG || b.group != noSG:
		return a.group == b.group && a.pl == noPL && b.pl == noPL
	case a.pl != noPL || b.pl != noPL:
		return a.pl == b.pl
	}
	return a.peer.IsValid() && b.peer.IsValid() && a.peer.Addr().Is4() == b.peer.Addr().Is4() &&
		a.peer.Bits() <= b.peer.Bits() && a.peer.Contains(b.peer.Addr())
}

func lintACLShadow(opposite bool) func(*Model, func(Finding)) {
	return func(m *Model, add func(Finding)) {
		for _, a := range m.acls {
			for dir, rules := range [2][]cRule{a.inbound, a.outbound} {
				for j, r := range rules {
					if r.number < 0 {
						continue // the implicit final deny
					}
					for _, earlier := range rules[:j] {
						if earlier.number < 0 || !ruleCovers(earlier, r) || (earlier.allow != r.allow) != opposite {
							continue
						}
						what := "redundant: it would decide the same"
						if opposite {
							what = "shadowed: its traffic is decided the other way first"
						}
						add(Finding{Resource: a.id, Kind: "network-acl", Field: fmt.Sprintf("%s rule %d", [2]string{"inbound", "outbound"}[dir], r.number),
							Explanation: fmt.Sprintf("%s is covered by rule %d (%s); %s", r.desc, earlier.number, earlier.desc, what),
							Fix:         "remove the entry, or renumber it before the broader one if it was meant to win"})
						break
					}
				}
			}
		}
	}
}

func lintSGRedundant(m *Model, add func(Finding)) {
	for _, g := range m.sgs {
		if g.synthesized {
			continue
		}
		for dir, rules := range [2][]cRule{g.ingress, g.egress} {
			for j, r := range rules {
				for k, o := range rules {
					// Of two identical rules, the later one is redundant.
					if k == j || !ruleCovers(o, r) || ruleCovers(r, o) && k > j {
						continue
					}
					add(Finding{Resource: g.id, Kind: "security-group", Field: fmt.Sprintf("%s[%d]", [2]string{"ingress", "egress"}[dir], r.index),
						Explanation: fmt.Sprintf("%s is covered by %s[%d] (%s)", r.desc, [2]string{"ingress", "egress"}[dir], o.index, o.desc),
						Fix:         "remove the narrower rule"})
					break
				}
			}
		}
	}
}

func lintStaleRefs(m *Model, add func(Finding)) {
	for _, g := range m.sgs {
		for dir, rules := range [2][]cRule{g.ingress, g.egress} {
			for _, r := range rules {
				if r.stale {
					add(Finding{Resource: g.id, Kind: "security-group", Field: fmt.Sprintf("%s[%d]", [2]string{"ingress", "egress"}[dir], r.index),
						Explanation: fmt.Sprintf("%s names %s, which it may not reference now: the rule matches nothing", r.desc, m.sgs[r.group].id),
						Fix:         "activate the peering (or allow referencing on the transit gateway and its attachments), or name CIDRs instead"})
				}
			}
		}
	}
}

func lintUnattachedSG(m *Model, add func(Finding)) {
	used := make([]bool, len(m.sgs))
	for _, e := range m.enis {
		for _, g := range e.sgs {
			used[g] = true
		}
	}
	for i, g := range m.sgs {
		if used[i] || g.synthesized || m.vpcs[g.vpc].defSG == sgIdx(i) {
			continue
		}
		add(Finding{Resource: g.id, Kind: "security-group", Explanation: "no network interface carries this group",
			Fix: "attach it where it was meant to apply, or delete it"})
	}
}

func lintUnattachedACL(m *Model, add func(Finding)) {
	used := make([]bool, len(m.acls))
	for _, s := range m.subnets {
		used[s.acl] = true
	}
	for i, a := range m.acls {
		if used[i] || m.vpcs[a.vpc].defACL == aclIdx(i) {
			continue
		}
		add(Finding{Resource: a.id, Kind: "network-acl", Explanation: "no subnet is associated with this network ACL",
			Fix: "associate it with the subnets it was written for, or delete it"})
	}
}

func lintBlackholes(m *Model, add func(Finding)) {
	for _, t := range m.rtbs {
		for _, r := range t.routes {
			if r.blackhole && r.index >= 0 {
				add(Finding{Resource: t.id, Kind: "route-table", Field: fmt.Sprintf("routes[%d]", r.index),
					Explanation: fmt.Sprintf("%s: traffic to %s is dropped", r.desc, r.dst),
					Fix:         "point the route at a live target, or delete it"})
			}
		}
	}
}
