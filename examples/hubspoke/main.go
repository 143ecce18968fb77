package main

import (
	"flag"
	"fmt"
	"log"
	"net/netip"
	"os"
	"path/filepath"
	"strings"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Short helpers for the literals below.
var (
	pfx    = netip.MustParsePrefix
	anyIP4 = pfx("0.0.0.0/0")
	tcp    = vpc.ProtocolTCP
	yes    = true
)

// Account IDs of the organisation.
const (
	sharedAccount    = "111111111111"
	paymentsAccount  = "222222222222"
	analyticsAccount = "333333333333"
)

// network declares the organisation as plain data. sim.Compile checks it.
func network() *sim.Network {
	n := &sim.Network{}

	// --- Shared services (account 111111111111) -------------------------
	//
	// Database subnets in two AZs, and a small /28 per AZ for the transit
	// gateway attachment: AWS recommends dedicated attachment subnets, so
	// that their route table and network ACL can differ from the
	// workloads'.
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-shared", Account: sharedAccount, Region: "us-east-1",
		CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}})
	n.Subnets = append(n.Subnets,
		vpc.Subnet{ID: "shared-tgw-a", VPC: "vpc-shared", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.0.0/28")},
		vpc.Subnet{ID: "shared-tgw-b", VPC: "vpc-shared", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.0.16/28")},
		vpc.Subnet{ID: "shared-db-a", VPC: "vpc-shared", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.20.0/24")},
		vpc.Subnet{ID: "shared-db-b", VPC: "vpc-shared", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.21.0/24")},
	)
	// The shared VPC's main route table: payments over the peering,
	// analytics through the transit gateway. Both sides of a peering need
	// routes; a transit gateway needs routes in the VPCs and in its own
	// route tables.
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-shared", VPC: "vpc-shared", Main: true,
		Routes: []vpc.Route{
			{Destination: pfx("10.1.0.0/16"), Target: vpc.ToPeeringConnection("pcx-shared-payments")},
			{Destination: pfx("10.2.0.0/16"), Target: vpc.ToTransitGateway("tgw-org")},
		}})
	// The database admits Postgres from the analytics app subnets by CIDR
	// (they come through the transit gateway, whose security group
	// referencing is off by default), and from the payments app tier by
	// security group reference: a peering in one Region lets a rule name
	// the peer's group, which matches the private addresses of the
	// interfaces that carry it.
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-shared-db", VPC: "vpc-shared",
		Ingress: []vpc.SGRule{
			{Protocol: tcp, Ports: vpc.Port(5432), CIDR: pfx("10.2.10.0/24"), Description: "analytics etl, az a"},
			{Protocol: tcp, Ports: vpc.Port(5432), CIDR: pfx("10.2.11.0/24"), Description: "analytics etl, az b"},
			{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-pay-app", Description: "payments app, over the peering"},
		}})
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-shared-db",
		Subnet: "shared-db-a", Kind: vpc.KindRDS, SecurityGroups: []string{"sg-shared-db"}})
	// A network ACL on the database subnets, as a second layer: Postgres
	// in from the spokes' app subnets, and (ACLs being stateless) the
	// replies out to their ephemeral ports. Everything else meets the
	// final "*" deny.
	dbACL := vpc.NetworkACL{ID: "acl-shared-db", VPC: "vpc-shared", Subnets: []string{"shared-db-a", "shared-db-b"}}
	for i, apps := range []netip.Prefix{pfx("10.1.10.0/23"), pfx("10.2.10.0/23")} {
		dbACL.Inbound = append(dbACL.Inbound, vpc.ACLEntry{Number: 100 + 10*i, Action: vpc.Allow, Protocol: tcp, CIDR: apps, Ports: vpc.Port(5432)})
		dbACL.Outbound = append(dbACL.Outbound, vpc.ACLEntry{Number: 100 + 10*i, Action: vpc.Allow, Protocol: tcp, CIDR: apps, Ports: vpc.Ports(1024, 65535)})
	}
	n.NetworkACLs = append(n.NetworkACLs, dbACL)

	// --- Payments (account 222222222222), peered with shared services -----
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-payments", Account: paymentsAccount, Region: "us-east-1",
		CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}})
	n.Subnets = append(n.Subnets,
		vpc.Subnet{ID: "pay-public-a", VPC: "vpc-payments", AvailabilityZone: "us-east-1a", CIDR: pfx("10.1.0.0/24")},
		vpc.Subnet{ID: "pay-app-a", VPC: "vpc-payments", AvailabilityZone: "us-east-1a", CIDR: pfx("10.1.10.0/24")},
		vpc.Subnet{ID: "pay-app-b", VPC: "vpc-payments", AvailabilityZone: "us-east-1b", CIDR: pfx("10.1.11.0/24")},
	)
	n.PeeringConnections = append(n.PeeringConnections, vpc.PeeringConnection{ID: "pcx-shared-payments",
		RequesterVPC: "vpc-payments", AccepterVPC: "vpc-shared", Status: vpc.PeeringActive})
	n.InternetGateways = append(n.InternetGateways, vpc.InternetGateway{ID: "igw-payments", VPC: "vpc-payments"})
	n.RouteTables = append(n.RouteTables,
		vpc.RouteTable{ID: "rtb-pay-public", VPC: "vpc-payments", Subnets: []string{"pay-public-a"},
			Routes: []vpc.Route{{Destination: anyIP4, Target: vpc.ToInternetGateway("igw-payments")}}},
		// Mistake one: 10.2.0.0/16 (analytics) also goes to the peering.
		// The shared VPC is on the transit gateway, but a peering carries
		// only traffic between its two VPCs' own addresses.
		vpc.RouteTable{ID: "rtb-pay-app", VPC: "vpc-payments", Subnets: []string{"pay-app-a", "pay-app-b"},
			Routes: []vpc.Route{
				{Destination: pfx("10.0.0.0/16"), Target: vpc.ToPeeringConnection("pcx-shared-payments")},
				{Destination: pfx("10.2.0.0/16"), Target: vpc.ToPeeringConnection("pcx-shared-payments")},
			}},
	)
	n.SecurityGroups = append(n.SecurityGroups,
		vpc.SecurityGroup{ID: "sg-pay-alb", VPC: "vpc-payments",
			Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), CIDR: anyIP4, Description: "https from the internet"}},
			Egress:  []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8080), Group: "sg-pay-app"}}},
		vpc.SecurityGroup{ID: "sg-pay-app", VPC: "vpc-payments",
			Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8080), Group: "sg-pay-alb"}},
			Egress:  []vpc.SGRule{vpc.AllowAllEgress()}},
	)
	n.NetworkInterfaces = append(n.NetworkInterfaces,
		vpc.NetworkInterface{ID: "eni-pay-alb", Subnet: "pay-public-a", Kind: vpc.KindLoadBalancer,
			AssignPublicIP: &yes, SecurityGroups: []string{"sg-pay-alb"}},
		vpc.NetworkInterface{ID: "eni-pay-app-a", Subnet: "pay-app-a", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-pay-app"}},
		vpc.NetworkInterface{ID: "eni-pay-app-b", Subnet: "pay-app-b", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-pay-app"}},
	)

	// --- Analytics (account 333333333333), on the transit gateway ---------
	n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-analytics", Account: analyticsAccount, Region: "us-east-1",
		CIDRs: []netip.Prefix{pfx("10.2.0.0/16")}})
	n.Subnets = append(n.Subnets,
		vpc.Subnet{ID: "an-tgw-a", VPC: "vpc-analytics", AvailabilityZone: "us-east-1a", CIDR: pfx("10.2.0.0/28")},
		vpc.Subnet{ID: "an-etl-a", VPC: "vpc-analytics", AvailabilityZone: "us-east-1a", CIDR: pfx("10.2.10.0/24")},
		vpc.Subnet{ID: "an-etl-b", VPC: "vpc-analytics", AvailabilityZone: "us-east-1b", CIDR: pfx("10.2.11.0/24")},
	)
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-analytics", VPC: "vpc-analytics", Main: true,
		Routes: []vpc.Route{{Destination: pfx("10.0.0.0/16"), Target: vpc.ToTransitGateway("tgw-org")}}})
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-an-etl", VPC: "vpc-analytics",
		Egress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(5432), CIDR: pfx("10.0.20.0/23"), Description: "the shared database"}}})
	n.NetworkInterfaces = append(n.NetworkInterfaces,
		vpc.NetworkInterface{ID: "eni-an-etl-a", Subnet: "an-etl-a", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-an-etl"}},
		vpc.NetworkInterface{ID: "eni-an-etl-b", Subnet: "an-etl-b", Kind: vpc.KindECSTask, SecurityGroups: []string{"sg-an-etl"}},
	)

	// --- The transit gateway (owned by shared services) -------------------
	//
	// One route table: both attachments are associated with it (it routes
	// what they send) and propagate their VPC's CIDR into it. Mistake two:
	// analytics attaches through us-east-1a only, so an-etl-b (us-east-1b)
	// cannot reach the transit gateway at all.
	n.TransitGateways = append(n.TransitGateways, vpc.TransitGateway{ID: "tgw-org", Account: sharedAccount, Region: "us-east-1"})
	n.TransitGatewayRouteTables = append(n.TransitGatewayRouteTables,
		vpc.TransitGatewayRouteTable{ID: "tgw-rtb-org", TransitGateway: "tgw-org"})
	n.TransitGatewayAttachments = append(n.TransitGatewayAttachments,
		vpc.TransitGatewayAttachment{ID: "att-shared", TransitGateway: "tgw-org", VPC: "vpc-shared",
			Subnets: []string{"shared-tgw-a", "shared-tgw-b"}, RouteTable: "tgw-rtb-org", Propagations: []string{"tgw-rtb-org"}},
		vpc.TransitGatewayAttachment{ID: "att-analytics", TransitGateway: "tgw-org", VPC: "vpc-analytics",
			Subnets: []string{"an-tgw-a"}, RouteTable: "tgw-rtb-org", Propagations: []string{"tgw-rtb-org"}},
	)
	return n
}

// pathSummary lists the components a path crosses, once each in a row:
// "eni-a > subnet-a > pcx-x > subnet-b > eni-b".
func pathSummary(hops []sim.Hop) string {
	var parts []string
	for _, h := range hops {
		if len(parts) == 0 || parts[len(parts)-1] != h.Component {
			parts = append(parts, h.Component)
		}
	}
	return strings.Join(parts, " > ")
}

// admittedBy returns the rule that let the flow in at its destination.
func admittedBy(hops []sim.Hop) string {
	for i := len(hops) - 1; i >= 0; i-- {
		if hops[i].Step == sim.StepSGIngress {
			return hops[i].Rule
		}
	}
	return ""
}

// printMatrix prints, for each group of subnets, the groups it reaches,
// those with the same open flows on one line. "all" stands for every
// protocol and port.
func printMatrix(x *sim.Matrix) {
	name := func(g int) string { return strings.Join(x.Groups[g].Members, ", ") }
	for from := range x.Groups {
		var order []string
		to := map[string][]string{}
		for _, c := range x.Cells {
			if c.From != from {
				continue
			}
			flows := openText(c.Open)
			if _, ok := to[flows]; !ok {
				order = append(order, flows)
			}
			to[flows] = append(to[flows], name(c.To))
		}
		if len(order) == 0 {
			fmt.Printf("%s -> nothing\n", name(from))
		}
		for _, flows := range order {
			fmt.Printf("%s -> %s: %s\n", name(from), strings.Join(to[flows], ", "), flows)
		}
	}
}

// openText formats open ranges, "all" when TCP, UDP and ICMP are open on
// every port (and so, in this network, every other protocol).
func openText(open []sim.OpenRange) string {
	var parts []string
	for _, o := range open {
		parts = append(parts, o.String())
	}
	s := strings.Join(parts, ", ")
	if strings.HasPrefix(s, "tcp all, udp all, icmp all") {
		return "all"
	}
	return s
}

func main() {
	out := flag.String("out", ".", "directory to write hubspoke.dot and hubspoke.md into")
	flag.Parse()

	m, err := sim.Compile(network())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m)

	// 1. Who can reach the shared database on 5432? WhoCanReach groups the
	// sources that reach it alike and explains one of each group.
	db := sim.Query{To: sim.ENI("eni-shared-db"), Port: 5432}
	reachers, err := m.WhoCanReach(db)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("\n== Who can reach eni-shared-db on tcp/5432")
	var witness *sim.Result
	for _, r := range reachers {
		who := strings.Join(r.ENIs, ", ")
		if r.Internet {
			who = "the internet"
		}
		fmt.Printf("- %s\n    path:    %s\n    allowed: %s\n", who, pathSummary(r.Witness.Path), admittedBy(r.Witness.Path))
		if witness == nil && strings.HasPrefix(who, "eni-an-") {
			witness = r.Witness
		}
	}

	// ... and why the others cannot. Reach explains each refusal.
	fmt.Println("\n== Why the others cannot")
	var refused []*sim.Result
	for _, q := range []sim.Query{
		{From: sim.ENI("eni-an-etl-b"), To: sim.ENI("eni-shared-db"), Port: 5432},
		{From: sim.ENI("eni-pay-alb"), To: sim.ENI("eni-shared-db"), Port: 5432},
		{From: sim.ENI("eni-pay-app-a"), To: sim.ENI("eni-an-etl-a"), Port: 5432},
		{From: sim.Internet(), To: sim.ENI("eni-shared-db"), Port: 5432},
	} {
		r, err := m.Reach(q)
		if err != nil {
			log.Fatal(err)
		}
		refused = append(refused, r)
		fmt.Printf("- %s: %s\n", q, r.Block)
	}

	// 2. What does the internet reach? Exposure lists every interface the
	// internet reaches, with the open ports.
	exposed, err := m.Exposure()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("\n== Exposed to the internet")
	for _, x := range exposed {
		if x.Lattice != "" {
			continue
		}
		var open []string
		for _, o := range x.Open {
			open = append(open, o.String())
		}
		fmt.Printf("- %s: %s (path: %s)\n", strings.Join(x.ENIs, ", "), strings.Join(open, ", "), pathSummary(x.Open[0].Witness.Path))
	}

	// 3. A subnet-level matrix: every subnet stands for a host whose
	// security groups allow everything, so only routes, peering, the
	// transit gateway and network ACLs decide. Subnets that behave alike
	// are grouped.
	var subnets []string
	for _, s := range network().Subnets {
		subnets = append(subnets, s.ID)
	}
	x, err := m.Matrix(sim.Selection{Subnets: subnets})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("\n== Subnet matrix: from -> to: open flows")
	printMatrix(x)

	// 4. Pictures. DOT for Graphviz with the analytics witness path
	// highlighted; Markdown with Mermaid flowcharts of that path and of
	// the non-transitive peering attempt.
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	d, err := m.DOT(witness)
	if err != nil {
		log.Fatal(err)
	}
	dotFile := filepath.Join(*out, "hubspoke.dot")
	if err := os.WriteFile(dotFile, d, 0o644); err != nil {
		log.Fatal(err)
	}
	var md strings.Builder
	md.WriteString("# Hub and spoke\n\nWritten by `go run ./examples/hubspoke`.\n")
	for _, r := range []*sim.Result{witness, refused[2]} {
		fmt.Fprintf(&md, "\n## %s: %s\n\n```mermaid\n%s```\n", r.Query, r.Status, m.Mermaid(r))
	}
	mdFile := filepath.Join(*out, "hubspoke.md")
	if err := os.WriteFile(mdFile, []byte(md.String()), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\nwrote %s and %s\n", filepath.ToSlash(filepath.Base(dotFile)), filepath.ToSlash(filepath.Base(mdFile)))
}
