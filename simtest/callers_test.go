package simtest_test

import (
	"encoding/json"
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
	"github.com/vpcsim/vpcsim/vpc"
)

// payments is a VPC Lattice architecture: the orders VPC (account
// 222222222222) is associated with the service network sn-shop (account
// 111111111111, both in organization o-shop), whose auth policy lets in
// any caller of the organization; the service svc-payments, in the
// payments VPC, forwards /charge to its tasks, and its own auth policy
// lets the orders role POST only. Both use auth type AWS_IAM, so a
// request needs both policies to allow it.
func payments() *sim.Network {
	p, ad := netip.MustParsePrefix, netip.MustParseAddr
	tcp := vpc.ProtocolTCP
	netPolicy := `{"Version":"2012-10-17","Statement":[{"Sid":"Org","Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*",
		"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-shop"}}}]}`
	svcPolicy := `{"Version":"2012-10-17","Statement":[{"Sid":"OrdersCharge","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/orders"},
		"Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-payments/charge*",
		"Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"POST"}}}]}`
	return &sim.Network{
		VPCs: []vpc.VPC{
			{ID: "vpc-orders", CIDRs: []netip.Prefix{p("10.0.0.0/16")}, Account: "222222222222", Region: "us-east-1"},
			{ID: "vpc-payments", CIDRs: []netip.Prefix{p("10.1.0.0/16")}, Account: "111111111111", Region: "us-east-1"},
		},
		Subnets: []vpc.Subnet{
			{ID: "orders-a", VPC: "vpc-orders", AvailabilityZone: "us-east-1a", CIDR: p("10.0.1.0/24")},
			{ID: "payments-a", VPC: "vpc-payments", AvailabilityZone: "us-east-1a", CIDR: p("10.1.1.0/24")},
		},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-orders", VPC: "vpc-orders", Egress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), CIDR: p("169.254.171.0/24")}}},
			{ID: "sg-assoc", VPC: "vpc-orders", Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), Group: "sg-orders"}}},
			{ID: "sg-payments", VPC: "vpc-payments",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8443), CIDR: p("169.254.171.0/24")}}},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-orders", Subnet: "orders-a", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-orders"}},
			{ID: "eni-pay", Subnet: "payments-a", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-payments"}, PrivateIPs: []netip.Addr{ad("10.1.1.10")}},
		},
		ServiceNetworks: []lattice.ServiceNetwork{{ID: "sn-shop", Account: "111111111111", AuthType: lattice.AuthIAM, AuthPolicy: json.RawMessage(netPolicy)}},
		ServiceNetworkVPCAssociations: []lattice.ServiceNetworkVPCAssociation{
			{ID: "snva-orders", ServiceNetwork: "sn-shop", VPC: "vpc-orders", SecurityGroups: []string{"sg-assoc"}}},
		ServiceNetworkServiceAssociations: []lattice.ServiceNetworkServiceAssociation{
			{ID: "snsa-payments", ServiceNetwork: "sn-shop", Service: "svc-payments"}},
		LatticeServices: []lattice.Service{{ID: "svc-payments", Name: "payments", Account: "111111111111", AuthType: lattice.AuthIAM,
			AuthPolicy: json.RawMessage(svcPolicy),
			Listeners: []lattice.Listener{{ID: "lis-https", Protocol: lattice.ListenerHTTPS, Port: 443,
				DefaultAction: lattice.Respond(404),
				Rules: []lattice.Rule{{ID: "charge", Priority: 10, Match: lattice.HTTPMatch{PathMatch: &lattice.PathMatch{Prefix: "/charge"}},
					Action: lattice.ForwardWeighted(lattice.Weighted("tg-pay", 1))}}}}}},
		LatticeTargetGroups: []lattice.TargetGroup{
			{ID: "tg-pay", Account: "111111111111", Type: lattice.TargetIP, Protocol: lattice.ProtocolHTTPS, Port: 8443, VPC: "vpc-payments",
				Targets: []lattice.Target{{IP: ad("10.1.1.10")}}}},
		ResourceShares: []lattice.ResourceShare{{ID: "share-shop", Owner: "111111111111", Resources: []string{"sn-shop"}, Principals: []string{"222222222222"}}},
		Accounts:       []lattice.Account{{ID: "222222222222", Organization: "o-shop"}, {ID: "111111111111", Organization: "o-shop"}},
	}
}

var (
	ordersRole = policy.Principal{ARN: "arn:aws:iam::222222222222:role/orders"}
	charge     = &sim.HTTPRequest{Method: "POST", Path: "/charge"}
)

// ordersPath is the path of a request from eni-orders to the service's
// listener, indented as a failure explains it.
const ordersPath = `       1 network-interface eni-orders: security-group egress [sg-orders egress rule 0: tcp 443 to 169.254.171.0/24] => 10.0.1.4:1024-65535 -> 169.254.171.1:443 tcp
       2 subnet orders-a: network-acl outbound [vpc-orders/default-acl outbound rule 100: allow all 0.0.0.0/0] => 10.0.1.4:1024-65535 -> 169.254.171.1:443 tcp
       3 lattice-service svc-payments: service network association [snva-orders (vpc-orders -> sn-shop): sg-assoc ingress rule 0: tcp 443 from sg-orders] => 10.0.1.4:1024-65535 -> 169.254.171.1:443 tcp`

// The auth policy statements that let a caller in, as a failure shows
// them, and the security group rule of the path.
const (
	allowedByOrg    = "      allowed by auth policy: service network sn-shop: statement 0 (Org) of auth policy of sn-shop: Allow: aws:PrincipalOrgID o-shop equals o-shop\n"
	allowedByOrders = "      allowed by auth policy: service svc-payments: statement 0 (OrdersCharge) of auth policy of svc-payments: Allow: vpc-lattice-svcs:RequestMethod POST equals POST\n"
	allowedBySG     = "      allowed by sg-orders egress rule 0: tcp 443 to 169.254.171.0/24 (network-interface eni-orders)\n"
)

// TestCallableOnlyBy: with AWS_IAM on the service network and the
// service, a request needs both auth policies to allow it (VPC Lattice
// User Guide, "Control access to VPC Lattice services using auth
// policies"); a policy's conditions see the request's method
// (vpc-lattice-svcs:RequestMethod) and the caller's organization
// (aws:PrincipalOrgID).
func TestCallableOnlyBy(t *testing.T) {
	a := simtest.New(t, payments())
	netOnly := payments() // the service's policy gone: the organization's callers
	netOnly.LatticeServices[0].AuthType, netOnly.LatticeServices[0].AuthPolicy = lattice.AuthNone, nil
	none := payments() // no auth at all: any caller
	none.LatticeServices[0].AuthType, none.LatticeServices[0].AuthPolicy = lattice.AuthNone, nil
	none.ServiceNetworks[0].AuthType, none.ServiceNetworks[0].AuthPolicy = lattice.AuthNone, nil
	get := &sim.HTTPRequest{Method: "GET", Path: "/charge"}
	for _, tc := range []struct {
		name string
		arch *simtest.Arch
		fn   func(a *simtest.Arch, t testing.TB) bool
		want []string
	}{
		{"POST /charge by the orders role only", a, func(a *simtest.Arch, t testing.TB) bool {
			return a.CallableOnlyBy(t, "svc-payments", "tcp 443", charge, ordersRole)
		}, nil},
		{"the principal as the model has it, the service by DNS name", a, func(a *simtest.Arch, t testing.TB) bool {
			role := policy.Principal{Account: "222222222222", ARN: ordersRole.ARN, OrgID: "o-shop"}
			return a.CallableOnlyBy(t, payments().LatticeServices[0].GeneratedDNSName(), "tcp 443", charge, role, role)
		}, nil},
		{"GET /charge by nobody", a, func(a *simtest.Arch, t testing.TB) bool {
			return a.CallableOnlyBy(t, "svc-payments", "tcp 443", get)
		}, nil},
		{"unexpected: the orders role, want nobody", a, func(a *simtest.Arch, t testing.TB) bool {
			return a.CallableOnlyBy(t, "svc-payments", "tcp 443", charge)
		}, []string{`svc-payments on tcp 443 POST /charge: callable by arn:aws:iam::222222222222:role/orders; want no caller
  unexpected arn:aws:iam::222222222222:role/orders (from eni-orders):
    eni-orders@10.0.1.4 -> lattice:svc-payments tcp/443: reachable
` + allowedByOrg + allowedByOrders + allowedBySG + ordersPath}},
		{"missing: GET is no method the service's policy allows, anonymous callers are in no organization", a, func(a *simtest.Arch, t testing.TB) bool {
			return a.CallableOnlyBy(t, "svc-payments", "tcp 443", get, ordersRole, policy.Principal{Anonymous: true})
		}, []string{`svc-payments on tcp 443 GET /charge: callable by nothing; want exactly anonymous, arn:aws:iam::222222222222:role/orders
  missing anonymous:
    eni-orders -> lattice:svc-payments tcp/443: blocked (AUTH_DENIED)
      blocked: AUTH_DENIED at lattice-service svc-payments (auth policy): service network sn-shop: no statement of auth policy of sn-shop allows vpc-lattice-svcs:Invoke on arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-payments/charge: implicit deny; closest is statement 0 (Org): aws:PrincipalOrgID is absent, so StringEquals o-shop does not hold
` + ordersPath + `
  missing arn:aws:iam::222222222222:role/orders:
    eni-orders -> lattice:svc-payments tcp/443: blocked (AUTH_DENIED)
      blocked: AUTH_DENIED at lattice-service svc-payments (auth policy): service svc-payments: no statement of auth policy of svc-payments allows vpc-lattice-svcs:Invoke on arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-payments/charge: implicit deny; closest is statement 0 (OrdersCharge): vpc-lattice-svcs:RequestMethod GET does not equal POST
` + ordersPath}},
		{"the network's policy alone lets in every account of the organization", simtest.New(t, netOnly), func(a *simtest.Arch, t testing.TB) bool {
			return a.CallableOnlyBy(t, "svc-payments", "tcp 443", charge, ordersRole)
		}, []string{`svc-payments on tcp 443 POST /charge: callable by 111111111111 root, 222222222222 root, arn:aws:iam::222222222222:role/orders; want exactly arn:aws:iam::222222222222:role/orders
  unexpected 111111111111 root (from eni-orders):
    eni-orders@10.0.1.4 -> lattice:svc-payments tcp/443: reachable
` + allowedByOrg + allowedBySG + ordersPath + `
  unexpected 222222222222 root (from eni-orders):
    eni-orders@10.0.1.4 -> lattice:svc-payments tcp/443: reachable
` + allowedByOrg + allowedBySG + ordersPath}},
		{"no auth: any caller", simtest.New(t, none), func(a *simtest.Arch, t testing.TB) bool {
			return a.CallableOnlyBy(t, "svc-payments", "tcp 443", charge, ordersRole)
		}, []string{`svc-payments on tcp 443 POST /charge: callable by any caller from eni-orders (no auth policy decides: the service network and the service use auth type NONE); want exactly arn:aws:iam::222222222222:role/orders
  any caller from eni-orders:
    eni-orders@10.0.1.4 -> lattice:svc-payments tcp/443: reachable
` + allowedBySG + ordersPath}},
		{"root users by ARN or account; the role, no candidate, asked by name", simtest.New(t, netOnly), func(a *simtest.Arch, t testing.TB) bool {
			return a.CallableOnlyBy(t, "svc-payments", "tcp 443", charge, ordersRole,
				policy.Principal{ARN: "arn:aws:iam::111111111111:root"}, policy.Principal{Account: "222222222222"})
		}, nil},
		{"an unknown service", a, func(a *simtest.Arch, t testing.TB) bool {
			return a.CallableOnlyBy(t, "svc-nope", "tcp 443", charge, ordersRole)
		}, []string{`simtest: CallableOnlyBy("svc-nope", "tcp 443"): query - to.latticeService: unknown resource: no VPC Lattice service with id, DNS name or custom domain name "svc-nope"`}},
		{"a malformed flow", a, func(a *simtest.Arch, t testing.TB) bool {
			return a.CallableOnlyBy(t, "svc-payments", "tcp 44x", charge, ordersRole)
		}, []string{`simtest: CallableOnlyBy("svc-payments", "tcp 44x"): flow "tcp 44x": port "44x" is not a number 1-65535; want "tcp 443", "udp 1024-65535", "tcp all", "icmp type 8 code 0", "icmp type 3", "icmpv6 all", "protocol 47", "protocols 2-5" or "all"`}},
		{"a nil Arch", nil, func(a *simtest.Arch, t testing.TB) bool {
			return a.CallableOnlyBy(t, "svc-payments", "tcp 443", charge, ordersRole)
		}, []string{`simtest: CallableOnlyBy("svc-payments", "tcp 443") on a nil *Arch: build it with New, Once or Compile`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check(t, tc.want, func(ft testing.TB) bool { return tc.fn(tc.arch, ft) })
		})
	}
}

// The payments service (see payments above) takes POST /charge from the
// orders role only. With the service's own auth policy dropped, the
// service network's policy lets in every account of the organization, and
// the check says which statement to tighten.
func ExampleArch_CallableOnlyBy() {
	t := printT{}
	orders := policy.Principal{ARN: "arn:aws:iam::222222222222:role/orders"}
	charge := &sim.HTTPRequest{Method: "POST", Path: "/charge"}

	a := simtest.New(t, payments())
	a.CallableOnlyBy(t, "svc-payments", "tcp 443", charge, orders)
	a.CallableOnlyBy(t, "svc-payments", "tcp 443", &sim.HTTPRequest{Method: "GET", Path: "/charge"}) // nobody

	n := payments()
	n.LatticeServices[0].AuthType, n.LatticeServices[0].AuthPolicy = lattice.AuthNone, nil
	loose := simtest.New(t, n)
	loose.CallableOnlyBy(t, "svc-payments", "tcp 443", charge, orders, policy.Principal{Account: "222222222222"})
	// Output:
	// --- FAIL: svc-payments on tcp 443 POST /charge: callable by 111111111111 root, 222222222222 root, arn:aws:iam::222222222222:role/orders; want exactly 222222222222 root, arn:aws:iam::222222222222:role/orders
	//   unexpected 111111111111 root (from eni-orders):
	//     eni-orders@10.0.1.4 -> lattice:svc-payments tcp/443: reachable
	//       allowed by auth policy: service network sn-shop: statement 0 (Org) of auth policy of sn-shop: Allow: aws:PrincipalOrgID o-shop equals o-shop
	//       allowed by sg-orders egress rule 0: tcp 443 to 169.254.171.0/24 (network-interface eni-orders)
	//        1 network-interface eni-orders: security-group egress [sg-orders egress rule 0: tcp 443 to 169.254.171.0/24] => 10.0.1.4:1024-65535 -> 169.254.171.1:443 tcp
	//        2 subnet orders-a: network-acl outbound [vpc-orders/default-acl outbound rule 100: allow all 0.0.0.0/0] => 10.0.1.4:1024-65535 -> 169.254.171.1:443 tcp
	//        3 lattice-service svc-payments: service network association [snva-orders (vpc-orders -> sn-shop): sg-assoc ingress rule 0: tcp 443 from sg-orders] => 10.0.1.4:1024-65535 -> 169.254.171.1:443 tcp
}
