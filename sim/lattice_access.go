package sim

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file holds the access analyses of VPC Lattice: who calls a
// service when its auth policies decide (WhoCanReach), and which
// interfaces open connections to each service and resource configuration
// (Exposure).
//
// Callers. A query to a Lattice service whose network or service uses
// AWS_IAM is decided by who calls. When a WhoCanReach query names no
// caller, the model tries its candidate callers: an anonymous caller;
// each declared account (lattice.Account) as its root user, in its
// organization; and each account or IAM identity an auth policy names in
// a Principal element, in the organization of its declared account.
// Conditions on principal tags or other keys the model does not know
// cannot make a candidate: name such a caller in the query (Query.Caller)
// to ask about it.

// latticeCandidates returns the candidate callers of network n, in a fixed
// order: anonymous, the declared accounts by ID, then the policies'
// principals by account and ARN.
func latticeCandidates(n *Network) []policy.Principal {
	orgs := map[string]string{}
	for _, a := range n.Accounts {
		orgs[a.ID] = a.Organization
	}
	out := []policy.Principal{{Anonymous: true}}
	seen := map[[2]string]bool{}
	var named []policy.Principal
	add := func(into *[]policy.Principal, account, arn string) {
		k := [2]string{account, arn}
		if account == "" || seen[k] {
			return
		}
		seen[k] = true
		*into = append(*into, policy.Principal{Account: account, ARN: arn, OrgID: orgs[account]})
	}
	var accts []policy.Principal
	for _, a := range n.Accounts {
		add(&accts, a.ID, "")
	}
	slices.SortFunc(accts, func(a, b policy.Principal) int { return cmp.Compare(a.Account, b.Account) })
	docs := make([][]byte, 0, len(n.ServiceNetworks)+len(n.LatticeServices))
	for _, x := range n.ServiceNetworks {
		docs = append(docs, x.AuthPolicy)
	}
	for _, x := range n.LatticeServices {
		docs = append(docs, x.AuthPolicy)
	}
	for _, doc := range docs {
		if len(doc) == 0 {
			continue
		}
		d, err := policy.Parse(doc)
		if err != nil {
			continue // validation reported it
		}
		for _, s := range d.Statements {
			for _, ps := range []*policy.Principals{s.Principal, s.NotPrincipal} {
				if ps == nil {
					continue
				}
				for _, p := range ps.AWS {
					switch m := principalARN.FindStringSubmatch(p); {
					case accountID.MatchString(p):
						add(&named, p, "")
					case m == nil || strings.Contains(p, "*"):
					case m[2] == "root":
						add(&named, m[1], "")
					default:
						add(&named, m[1], p)
					}
				}
			}
		}
	}
	slices.SortFunc(named, func(a, b policy.Principal) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.ARN, b.ARN))
	})
	return append(append(out, accts...), named...)
}

var (
	accountID    = regexp.MustCompile(`^[0-9]{12}$`)
	principalARN = regexp.MustCompile(`^arn:aws[a-z-]*:(?:iam|sts)::([0-9]{12}):(.+)$`)
)

// callerDecides reports whether a query with flow f is to a Lattice
// service whose auth policies decide by caller, and names none.
func (m *Model) callerDecides(f *flow, q Query) bool {
	if q.Caller != nil || !f.goal.lattice || f.goal.svc == noSvc || f.goal.rcfg != 0 {
		return false
	}
	S := &m.svcs[f.goal.svc]
	if S.iam {
		return true
	}
	for _, n := range S.nets {
		if m.sns[n].iam {
			return true
		}
	}
	return false
}

// anyCaller, as a flow's caller, stands for every caller: the request
// passes the auth policies, so that WhoCanReach finds the sources first
// and then asks the policies about each candidate caller.
var anyCaller = &policy.Principal{Anonymous: true}

// whoCanCall is WhoCanReach for a Lattice service whose auth policies
// decide: the sources that reach it past the policies, each with the
// candidate callers the policies let in. The policies see the caller, the
// request, the source VPC and its account, which the interfaces of a group
// share, so one request per group and caller decides; the witness is then
// asked again as the first of them.
func (m *Model) whoCanCall(q Query, skip eniIdx) []Reacher {
	aq := q
	aq.Caller = anyCaller
	var out []Reacher
	for _, g := range m.sourceGroups(m.notSources(skip)) {
		for _, r := range m.reachersOf(g, aq) {
			wq := r.Witness.Query
			var callers []policy.Principal
			for i := range m.callers {
				wq.Caller = &m.callers[i]
				if m.callerAllowed(wq) {
					callers = append(callers, m.callers[i])
				}
			}
			if len(callers) == 0 {
				continue
			}
			wq.Caller = &callers[0]
			w, err := m.Reach(wq)
			if err != nil || !w.Allowed() {
				continue // cannot happen: the policies alone decided
			}
			r.Witness, r.Callers = w, callers
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Reacher) int { return cmp.Compare(a.ENIs[0], b.ENIs[0]) })
	return out
}

// callerAllowed reports whether the auth policies of the Lattice service
// q names let q's caller make q's request from q's source, which reaches
// the service's listener.
func (m *Model) callerAllowed(q Query) bool {
	f, err := m.resolve(q)
	if err != nil || f.srcVPC == noVPC && f.latticeVPCE == 0 || !f.goal.lattice || f.goal.svc == noSvc {
		return false
	}
	S := &m.svcs[f.goal.svc]
	cv, N := m.latticeEntry(&f) // the association's or the endpoint's
	if N == nil {
		return false
	}
	V := &m.vpcs[cv]
	for i := range S.listeners {
		if li := &S.listeners[i]; li.port == q.Port {
			return latticeAuthAllows(S, N, m.latticeRequest(&f, S, N, li, V.id, V.account))
		}
	}
	return false
}

// latticeExposure returns, for each Lattice service and resource
// configuration (services first, each by ID), the groups of interfaces
// that open connections to it, and on which ports. A connection to a
// service is open when it reaches a listener (through the VPC's
// association, security groups and network ACLs): its auth policies,
// rules and targets decide per request and caller, which the witness
// shows for an anonymous GET / and WhoCanReach answers for others. A
// connection to a resource configuration is open when it reaches a
// resource, as OpenPorts says.
func (m *Model) latticeExposure() ([]Exposed, error) {
	var out []Exposed
	// consumers are the groups of interfaces whose VPC connects to d,
	// through its association or an endpoint (kind_lattice_endpoint.go).
	consumers := func(d latticeDest) [][]eniIdx {
		var gs [][]eniIdx
		for _, g := range m.sourceGroups(m.notSources(noENI)) {
			if m.latticeConnects(m.enis[g[0]].vpc, d) {
				gs = append(gs, g)
			}
		}
		return gs
	}
	group := func(id string, g []eniIdx, open []OpenRange) {
		if len(open) == 0 {
			return
		}
		x := Exposed{Lattice: id, Open: open}
		for _, e := range g {
			x.ENIs = append(x.ENIs, m.enis[e].id)
		}
		slices.Sort(x.ENIs)
		out = append(out, x)
	}
	for i := range m.svcs {
		S := &m.svcs[i]
		for _, g := range consumers(latticeDest{svc: svcIdx(i), rcfg: noRCfg}) {
			var open []OpenRange
			for _, l := range S.listeners {
				q := Query{From: ENI(m.enis[g[0]].id), To: LatticeService(S.id), Port: l.port}
				r, err := m.Reach(q)
				if err != nil {
					return nil, err
				}
				if r.Proxy != nil && r.Reason != NoListener {
					open = append(open, OpenRange{Protocol: q.protocol(), LastProtocol: q.protocol(), Ports: vpc.Port(l.port), Witness: r})
				}
			}
			group(S.id, g, open)
		}
	}
	for i := range m.rcfgs {
		R := &m.rcfgs[i]
		if R.typ == lattice.ResourceChild {
			continue // reached through its group, whose entry covers it
		}
		for _, g := range consumers(latticeDest{svc: noSvc, rcfg: rcfgIdx(i)}) {
			open, err := m.OpenPorts(Query{From: ENI(m.enis[g[0]].id), To: ResourceConfiguration(R.id)})
			if err != nil {
				return nil, err
			}
			group(R.id, g, open)
		}
	}
	return out, nil
}
