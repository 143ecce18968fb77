package gen

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// VPC Lattice on a Large organisation, for capacity experiments.
//
// [LargeLattice] adds to a network [Large] built:
//
//	sn-org                  one service network of the hub's account,
//	                        shared with organization o-large (both
//	                        accounts), AWS_IAM, whose policy admits
//	                        callers of the organization
//	snva-<vpc>              every VPC (hub and spokes) associated with it,
//	                        through security group sg-<vpc>-lattice (tcp 443
//	                        from the VPC's CIDRs)
//	svc-NNNN                Services services (default 1,000) in sn-org,
//	                        of the account of their targets' VPC,
//	                        every other one AWS_IAM with a policy letting
//	                        the organisation's roles call it (and denying
//	                        DELETE); one HTTPS listener on 443 with
//	                        RulesPerService rules (default 10, so 10,000
//	                        rules): rule k (priority 10(k+1)) matches path
//	                        prefix /vK/ (K = k), POST for every third, a
//	                        header x-tenant for every fourth; the last
//	                        answers 404, the others forward to the
//	                        service's stable group (weight 90) and canary
//	                        group (weight 10); the default action forwards
//	                        to the stable group
//	ltg-NNNN-{stable,canary} INSTANCE target groups, HTTP 8080, health
//	                        checks on (the default), in the VPC of spoke
//	                        NNNN mod spokes: TargetsPerGroup app interfaces
//	                        (default 3) and one
//	sg-<vpc>-app            gains tcp 8080 from 169.254.171.0/24 (Lattice's
//	                        addresses), for requests and health checks
//
// Quotas are raised to fit (services per network, target groups per
// Region), as an account would have them raised.

// LargeLatticeConfig sizes the Lattice part. The zero value is the
// default.
type LargeLatticeConfig struct {
	Services        int // 0 means 1,000
	RulesPerService int // 0 means 10 (the default per-listener quota)
	TargetsPerGroup int // 0 means 3
}

// Lattice names of a Large organisation.
const (
	LargeServiceNetwork = "sn-org"
	LargeLatticeOrg     = "o-large"
)

// LargeLatticeCaller is a role of the organisation, which every auth
// policy of [LargeLattice] lets in.
var LargeLatticeCaller = &policy.Principal{Account: "222222222222", ARN: "arn:aws:iam::222222222222:role/app", OrgID: LargeLatticeOrg}

// LargeLatticeService returns the ID of service i.
func LargeLatticeService(i int) string { return fmt.Sprintf("svc-%04d", i) }

func (c LargeLatticeConfig) norm() LargeLatticeConfig {
	if c.Services <= 0 {
		c.Services = 1000
	}
	if c.RulesPerService <= 0 {
		c.RulesPerService = 10
	}
	if c.TargetsPerGroup <= 0 {
		c.TargetsPerGroup = 3
	}
	return c
}

// LargeLattice adds VPC Lattice to n, a network [Large] returned (see the
// file comment), and returns the intended Lattice requests: from an app
// interface of the first spoke to the middle service, matching a forward
// rule (reachable), matching no rule (the default action, reachable),
// matching the fixed-response rule, and unsigned (denied by the network's
// auth policy).
func LargeLattice(n *sim.Network, cfg LargeLatticeConfig) []LargeIntent {
	cfg = cfg.norm()
	n.LatticeQuotas.ServiceAssociationsPerServiceNetwork = max(cfg.Services, 500)
	n.LatticeQuotas.ServicesPerRegion = max(cfg.Services, 2000)
	n.LatticeQuotas.TargetGroupsPerRegion = max(2*cfg.Services, 500)
	n.LatticeQuotas.RulesPerListener = max(cfg.RulesPerService, 10)

	// App interfaces per spoke VPC, in declaration order.
	vpcOf := map[string]string{}
	for _, s := range n.Subnets {
		vpcOf[s.ID] = s.VPC
	}
	var spokes []string
	apps := map[string][]string{}
	for _, e := range n.NetworkInterfaces {
		if strings.Contains(e.ID, "-app-") && !strings.HasPrefix(e.ID, "eni-hub") {
			v := vpcOf[e.Subnet]
			if len(apps[v]) == 0 {
				spokes = append(spokes, v)
			}
			apps[v] = append(apps[v], e.ID)
		}
	}
	any443 := func(cidrs []netip.Prefix) []vpc.SGRule {
		var out []vpc.SGRule
		for _, c := range cidrs {
			out = append(out, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: c})
		}
		return out
	}
	latticeNet := netip.MustParsePrefix("169.254.171.0/24")
	for i := range n.SecurityGroups {
		if g := &n.SecurityGroups[i]; strings.HasSuffix(g.ID, "-app") {
			g.Ingress = append(g.Ingress, vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(LargeAppPort), CIDR: latticeNet})
		}
	}
	orgPolicy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":%q}}}]}`, LargeLatticeOrg)
	n.ServiceNetworks = append(n.ServiceNetworks, lattice.ServiceNetwork{ID: LargeServiceNetwork, Name: "org", Account: "222222222222",
		AuthType: lattice.AuthIAM, AuthPolicy: json.RawMessage(orgPolicy)})
	acct := map[string]string{}
	for _, v := range n.VPCs {
		acct[v.ID] = v.Account
	}
	// The networking account shares sn-org with the organisation.
	n.Accounts = append(n.Accounts, lattice.Account{ID: "111111111111", Organization: LargeLatticeOrg}, lattice.Account{ID: "222222222222", Organization: LargeLatticeOrg})
	n.ResourceShares = append(n.ResourceShares, lattice.ResourceShare{ID: "share-sn-org", Owner: "222222222222", Resources: []string{LargeServiceNetwork}, Principals: []string{LargeLatticeOrg}})
	for _, v := range n.VPCs {
		sg := "sg-" + strings.TrimPrefix(v.ID, "vpc-") + "-lattice"
		n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: sg, Name: "lattice", VPC: v.ID, Ingress: any443(v.CIDRs)})
		n.ServiceNetworkVPCAssociations = append(n.ServiceNetworkVPCAssociations, lattice.ServiceNetworkVPCAssociation{
			ID: "snva-" + strings.TrimPrefix(v.ID, "vpc-"), ServiceNetwork: LargeServiceNetwork, VPC: v.ID, SecurityGroups: []string{sg}})
	}
	for i := range cfg.Services {
		id := LargeLatticeService(i)
		spoke := spokes[i%len(spokes)]
		targets := apps[spoke]
		owner := acct[spoke]
		stable, canary := fmt.Sprintf("ltg-%04d-stable", i), fmt.Sprintf("ltg-%04d-canary", i)
		var st []lattice.Target
		for k := range cfg.TargetsPerGroup {
			st = append(st, lattice.Target{ID: targets[(i*7+k*13)%len(targets)]})
		}
		n.LatticeTargetGroups = append(n.LatticeTargetGroups,
			lattice.TargetGroup{ID: stable, Account: owner, Type: lattice.TargetInstance, Protocol: lattice.ProtocolHTTP, Port: LargeAppPort, VPC: spoke, Targets: st},
			lattice.TargetGroup{ID: canary, Account: owner, Type: lattice.TargetInstance, Protocol: lattice.ProtocolHTTP, Port: LargeAppPort, VPC: spoke,
				Targets: []lattice.Target{{ID: targets[(i*11+5)%len(targets)]}}})
		s := lattice.Service{ID: id, Name: fmt.Sprintf("svc%04d", i), Account: owner}
		if i%2 == 1 {
			s.AuthType = lattice.AuthIAM
			s.AuthPolicy = json.RawMessage(fmt.Sprintf(`{"Version":"2012-10-17","Statement":[`+
				`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/app"},"Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-east-1:%s:service/%s/*"},`+
				`{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"DELETE"}}}]}`, owner, id))
		}
		l := lattice.Listener{ID: "lis-" + id, Protocol: lattice.ListenerHTTPS, Port: 443, DefaultAction: lattice.ForwardTo(stable)}
		for k := range cfg.RulesPerService {
			r := lattice.Rule{ID: fmt.Sprintf("rule-%04d-%02d", i, k), Priority: 10 * (k + 1),
				Match:  lattice.HTTPMatch{PathMatch: &lattice.PathMatch{Prefix: fmt.Sprintf("/v%d/", k)}},
				Action: lattice.ForwardWeighted(lattice.Weighted(stable, 90), lattice.Weighted(canary, 10))}
			if k%3 == 0 {
				r.Match.Method = "POST"
			}
			if k%4 == 1 {
				r.Match.HeaderMatches = []lattice.HeaderMatch{{Name: "x-tenant", Exact: "acme"}}
			}
			if k == cfg.RulesPerService-1 {
				r.Action = lattice.Respond(404)
			}
			l.Rules = append(l.Rules, r)
		}
		s.Listeners = []lattice.Listener{l}
		n.LatticeServices = append(n.LatticeServices, s)
		n.ServiceNetworkServiceAssociations = append(n.ServiceNetworkServiceAssociations, lattice.ServiceNetworkServiceAssociation{
			ID: "snsa-" + id, ServiceNetwork: LargeServiceNetwork, Service: id})
	}

	// The probes: a client in the first spoke, the middle service (an
	// AWS_IAM one), rule 7 (GET, no header), the default, the last rule.
	client := apps[spokes[0]][0]
	svc := LargeLatticeService(cfg.Services/2 + 1)
	q := func(method, path string, caller *policy.Principal) sim.Query {
		return sim.Query{From: sim.ENI(client), To: sim.LatticeService(svc), Port: 443,
			Request: &sim.HTTPRequest{Method: method, Path: path, Header: http.Header{"X-Tenant": {"acme"}}}, Caller: caller}
	}
	k := min(7, cfg.RulesPerService-2)
	return []LargeIntent{
		{Name: "lattice-rule", Query: q("GET", fmt.Sprintf("/v%d/orders", k), LargeLatticeCaller), Want: sim.Reachable},
		{Name: "lattice-default", Query: q("GET", "/other", LargeLatticeCaller), Want: sim.Reachable},
		{Name: "lattice-fixed", Query: q("POST", fmt.Sprintf("/v%d/x", cfg.RulesPerService-1), LargeLatticeCaller), Want: sim.Blocked, Reason: sim.FixedResponse},
		{Name: "lattice-unsigned", Query: q("GET", "/other", nil), Want: sim.Blocked, Reason: sim.AuthDenied},
	}
}
