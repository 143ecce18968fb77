package sim

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/vpc"
)

// accessNet is resourceNet with a second orders interface, an interface
// in a third VPC that no service network association connects ("Service
// networks in VPC Lattice": only clients in associated VPCs reach the
// network's services), and the payments interfaces, whose VPC has no
// association (targets serve; they are no clients, "How VPC Lattice
// works").
func accessNet() *Network {
	n := resourceNet()
	o := n.NetworkInterfaces[0]
	o.ID = "eni-orders-2"
	n.NetworkInterfaces = append(n.NetworkInterfaces, o)
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-batch", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, Account: "222222222222", Region: "us-east-1"})
	n.Subnets = append(n.Subnets, vpc.Subnet{ID: "batch-a", VPC: "vpc-batch", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.1.0/24")})
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-batch", VPC: "vpc-batch",
		Egress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: pfx("0.0.0.0/0")}}})
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-batch", Subnet: "batch-a", SecurityGroups: []string{"sg-batch"}})
	return n
}

func callerNames(ps []policy.Principal) []string {
	var out []string
	for _, p := range ps {
		switch {
		case p.Anonymous:
			out = append(out, "anonymous")
		case p.ARN != "":
			out = append(out, p.ARN)
		default:
			out = append(out, p.Account+" root")
		}
	}
	return out
}

func reachersString(rs []Reacher) []string {
	var out []string
	for _, r := range rs {
		s := strings.Join(r.ENIs, ",")
		if r.Internet {
			s = "internet"
		}
		if r.Callers != nil {
			s += " as " + strings.Join(callerNames(r.Callers), ", ")
		}
		out = append(out, s)
	}
	return out
}

// TestLatticeWhoCanReach: who calls a Lattice service answers with the
// interfaces of the VPCs whose association holds it and, when the auth
// policies decide, with the callers they let in (VPC Lattice User Guide,
// "Control access to VPC Lattice services using auth policies": with
// AWS_IAM, the network's and the service's policies must both allow the
// request; a policy's conditions see the request's method and path).
func TestLatticeWhoCanReach(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Network)
		q    Query
		want []string
	}{
		{"POST /charge: the orders role only", nil,
			Query{To: LatticeService("svc-payments"), Port: 443, Request: &HTTPRequest{Method: "POST", Path: "/charge"}},
			[]string{"eni-orders,eni-orders-2 as arn:aws:iam::222222222222:role/orders"}},
		{"GET /charge: the service's policy allows POST only", nil,
			Query{To: LatticeService("svc-payments"), Port: 443, Request: &HTTPRequest{Method: "GET", Path: "/charge"}}, nil},
		{"the network's policy alone: every caller of the organization, not anonymous ones", func(n *Network) {
			n.LatticeServices[0].AuthType, n.LatticeServices[0].AuthPolicy = lattice.AuthNone, nil
		}, Query{To: LatticeService("svc-payments"), Port: 443, Request: &HTTPRequest{Method: "POST", Path: "/charge"}},
			[]string{"eni-orders,eni-orders-2 as 111111111111 root, 222222222222 root"}},
		{"no auth: any caller, none listed", func(n *Network) {
			n.LatticeServices[0].AuthType, n.LatticeServices[0].AuthPolicy = lattice.AuthNone, nil
			n.ServiceNetworks[0].AuthType, n.ServiceNetworks[0].AuthPolicy = lattice.AuthNone, nil
		}, Query{To: LatticeService("svc-payments"), Port: 443, Request: &HTTPRequest{Method: "POST", Path: "/charge"}},
			[]string{"eni-orders,eni-orders-2"}},
		{"a caller named in the query decides alone", nil,
			Query{To: LatticeService("svc-payments"), Port: 443, Request: &HTTPRequest{Method: "POST", Path: "/charge"}, Caller: ordersRole},
			[]string{"eni-orders,eni-orders-2"}},
		{"the association's security group admits half the subnet: the group splits at its bound", func(n *Network) {
			n.NetworkInterfaces[len(n.NetworkInterfaces)-2].PrivateIPs = []netip.Addr{addr("10.0.1.200")}
			n.SecurityGroups[1].Ingress = []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: pfx("10.0.1.0/25")}}
		}, Query{To: LatticeService("svc-payments"), Port: 443, Request: &HTTPRequest{Method: "POST", Path: "/charge"}},
			[]string{"eni-orders as arn:aws:iam::222222222222:role/orders"}},
		{"a resource configuration: no auth policy", nil, Query{To: ResourceConfiguration("rcfg-db"), Port: 5432},
			[]string{"eni-orders,eni-orders-2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := accessNet()
			if tc.edit != nil {
				tc.edit(n)
			}
			m := mustCompile(t, n)
			rs, err := m.WhoCanReach(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, reachersString(rs)); d != "" {
				t.Errorf("reachers (-want +got):\n%s", d)
			}
			for _, r := range rs {
				if !r.Witness.Allowed() || r.Witness.Proxy == nil {
					t.Errorf("witness of %v: %v, want a reachable result through the proxy\n%s", r.ENIs, r.Witness.Status, r.Witness)
				}
				q := r.Witness.Query
				if r.Callers != nil {
					q.Caller = &r.Callers[0]
				}
				if v, err := m.Verdict(q); err != nil || v.Status != Reachable {
					t.Errorf("witness query %v: %v %v, want reachable", q, v, err)
				}
			}
		})
	}
}

// TestLatticeExposure: after the internet's exposure, each Lattice
// service and resource configuration lists the interfaces that open
// connections to it, with the ports: a service's listener ports (the
// witness shows what an anonymous GET / meets past the listener), a
// resource configuration's ports that reach a resource.
func TestLatticeExposure(t *testing.T) {
	n := accessNet()
	sg, _ := n.SecurityGroup("sg-rgw")
	sg.Egress[0].Ports = vpc.AllPorts
	m := mustCompile(t, n)
	ex, err := m.Exposure()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range ex {
		var open []string
		for _, o := range x.Open {
			open = append(open, fmt.Sprintf("%s (%s %s)", o, o.Witness.Status, o.Witness.Reason))
		}
		got = append(got, fmt.Sprintf("%s <- %s: %s", x.Lattice, strings.Join(x.ENIs, ","), strings.Join(open, "; ")))
	}
	want := []string{
		"svc-payments <- eni-orders,eni-orders-2: tcp 443 (blocked AUTH_DENIED)",
		"rcfg-db <- eni-orders,eni-orders-2: tcp 5432 (reachable none)",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("exposure (-want +got):\n%s", d)
	}
	b, err := json.Marshal(ex)
	if err != nil || !strings.Contains(string(b), `"lattice":"svc-payments"`) {
		t.Errorf("JSON: %s (%v)", b, err)
	}
}

// TestLatticePicture: the pictures draw service networks, services (with
// their listeners and Lambda functions), resource gateways and
// configurations, and highlight a request's path through the service
// network to every target it reaches.
func TestLatticePicture(t *testing.T) {
	n := accessNet()
	n.LatticeTargetGroups = append(n.LatticeTargetGroups, lattice.TargetGroup{ID: "tg-fn", Account: "111111111111", Type: lattice.TargetLambda,
		Targets: []lattice.Target{{ID: "arn:aws:lambda:us-east-1:111111111111:function:refund"}}})
	l := &n.LatticeServices[0].Listeners[0]
	l.Rules = append(l.Rules, lattice.Rule{ID: "refund", Priority: 20, Match: lattice.HTTPMatch{PathMatch: &lattice.PathMatch{Prefix: "/refund"}},
		Action: lattice.ForwardWeighted(lattice.Weighted("tg-fn", 1))})
	m := mustCompile(t, n)
	r, err := m.Reach(charge("POST"))
	if err != nil {
		t.Fatal(err)
	}
	mer := m.Mermaid(r)
	for _, want := range []string{
		`n_sn_shop[("sn-shop<br/>service network")]`,
		`n_svc_payments[/"svc-payments<br/>lattice service<br/>HTTPS:443<br/>lambda arn:aws:lambda:us-east-1:111111111111:function:refund"/]`,
		`n_rcfg_db[("rcfg-db<br/>resource configuration SINGLE<br/>10.0.3.20")]`,
		`n_rgw_pay[\"rgw-pay<br/>resource gateway"\]`,
		"n_vpc_orders --> n_sn_shop", "n_sn_shop --> n_svc_payments", "n_svc_payments --> n_eni_pay_canary", "n_rcfg_db --> n_rgw_pay",
	} {
		if !strings.Contains(mer, want) {
			t.Errorf("picture lacks %s:\n%s", want, mer)
		}
	}
	var class string
	for _, line := range strings.Split(mer, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "class ") {
			class = line
		}
	}
	for _, want := range []string{"n_vpc_orders", "n_sn_shop", "n_svc_payments", "n_eni_pay_1", "n_eni_pay_2", "n_eni_pay_canary"} {
		if !strings.Contains(class, want) {
			t.Errorf("the path does not highlight %s: %s", want, class)
		}
	}
	if _, err := m.DOT(r); err != nil {
		t.Error(err)
	}
}
