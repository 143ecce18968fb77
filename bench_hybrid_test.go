package vpcsim_test

import (
	"fmt"
	"net/netip"
	"sync"
	"testing"

	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Hybrid capacity experiments: the generated organisation of each size
// (bench_test.go) in us-east-1, plus a second Region (vpc-eu, 172.31.0.0/16,
// on tgw-euc, peered with the core transit gateway by static routes) and
// ten data centres (dc00..dc09, 172.16+i.0.0/16), each over a BGP VPN
// connection to the core transit gateway, whose attachment propagates into
// both of its route tables and is associated with the hub table. The
// spokes' app route tables send 172.16.0.0/12 to the transit gateway.

// hybridNumDCs is the number of data centres added.
const hybridNumDCs = 10

// withHybrid adds the second Region and the data centres to n.
func withHybrid(n *sim.Network) {
	onPrem := netip.MustParsePrefix("172.16.0.0/12")
	euCIDR := netip.MustParsePrefix("172.31.0.0/16")
	var tables []string
	for _, t := range n.TransitGatewayRouteTables {
		if t.TransitGateway == gen.LargeTGW {
			tables = append(tables, t.ID)
		}
	}
	hub := ""
	for _, a := range n.TransitGatewayAttachments {
		if a.VPC == gen.LargeHubVPC {
			hub = a.RouteTable
		}
	}
	for i := range n.RouteTables {
		t := &n.RouteTables[i]
		for _, r := range t.Routes {
			if r.Target == vpc.ToTransitGateway(gen.LargeTGW) && r.Destination == netip.MustParsePrefix("10.0.0.0/8") {
				t.Routes = append(t.Routes, vpc.Route{Destination: onPrem, Target: vpc.ToTransitGateway(gen.LargeTGW)})
				break
			}
		}
	}
	for i := range hybridNumDCs {
		id := fmt.Sprintf("dc%02d", i)
		cidr := netip.PrefixFrom(netip.AddrFrom4([4]byte{172, byte(16 + i), 0, 0}), 16)
		n.OnPremNetworks = append(n.OnPremNetworks, vpc.OnPremNetwork{ID: id, CIDRs: []netip.Prefix{cidr}})
		n.CustomerGateways = append(n.CustomerGateways, vpc.CustomerGateway{ID: "cgw-" + id, Network: id})
		n.VPNConnections = append(n.VPNConnections, vpc.VPNConnection{ID: "vpn-" + id, CustomerGateway: "cgw-" + id,
			TransitGateway: gen.LargeTGW, Routes: []netip.Prefix{cidr}})
		n.TransitGatewayAttachments = append(n.TransitGatewayAttachments, vpc.TransitGatewayAttachment{ID: "att-vpn-" + id,
			TransitGateway: gen.LargeTGW, VPNConnection: "vpn-" + id, RouteTable: hub, Propagations: tables})
	}

	n.VPCs = append(n.VPCs, vpc.VPC{ID: "vpc-eu", Region: "eu-central-1", CIDRs: []netip.Prefix{euCIDR}})
	n.Subnets = append(n.Subnets,
		vpc.Subnet{ID: "eu-tgw-a", VPC: "vpc-eu", AvailabilityZone: "eu-central-1a", CIDR: netip.MustParsePrefix("172.31.0.0/28")},
		vpc.Subnet{ID: "eu-app-a", VPC: "vpc-eu", AvailabilityZone: "eu-central-1a", CIDR: netip.MustParsePrefix("172.31.1.0/24")})
	n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-eu", VPC: "vpc-eu", Main: true,
		Routes: []vpc.Route{{Destination: netip.MustParsePrefix("10.0.0.0/8"), Target: vpc.ToTransitGateway("tgw-euc")}}})
	n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: "sg-eu", VPC: "vpc-eu",
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(443), CIDR: netip.MustParsePrefix("10.0.0.0/8")}},
		Egress:  []vpc.SGRule{vpc.AllowAllEgress()}})
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: "eni-eu", Subnet: "eu-app-a", SecurityGroups: []string{"sg-eu"}})
	n.TransitGateways = append(n.TransitGateways, vpc.TransitGateway{ID: "tgw-euc", Region: "eu-central-1"})
	n.TransitGatewayRouteTables = append(n.TransitGatewayRouteTables, vpc.TransitGatewayRouteTable{ID: "rt-eu", TransitGateway: "tgw-euc",
		Routes: []vpc.TGWRoute{{Destination: netip.MustParsePrefix("10.0.0.0/8"), Attachment: "att-peer"}}})
	for i := range n.TransitGatewayRouteTables {
		if t := &n.TransitGatewayRouteTables[i]; t.TransitGateway == gen.LargeTGW {
			t.Routes = append(t.Routes, vpc.TGWRoute{Destination: euCIDR, Attachment: "att-peer"})
		}
	}
	n.TransitGatewayAttachments = append(n.TransitGatewayAttachments,
		vpc.TransitGatewayAttachment{ID: "att-eu", TransitGateway: "tgw-euc", VPC: "vpc-eu", Subnets: []string{"eu-tgw-a"},
			RouteTable: "rt-eu", Propagations: []string{"rt-eu"}},
		vpc.TransitGatewayAttachment{ID: "att-peer", TransitGateway: gen.LargeTGW, PeerTransitGateway: "tgw-euc",
			RouteTable: hub, PeerRouteTable: "rt-eu"})
}

// hybridFixtures compiles the hybrid organisation of each size once.
var hybridFixtures = func() map[string]func() (*sim.Model, error) {
	m := map[string]func() (*sim.Model, error){}
	for _, s := range benchSizes {
		m[s.name] = sync.OnceValues(func() (*sim.Model, error) {
			n := gen.Large(s.cfg)
			withHybrid(n)
			return sim.Compile(n)
		})
	}
	return m
}()

// hybridQueries are the explained queries of the hybrid benchmark, each
// reachable: a spoke's app to a data centre host, to Europe across the
// peering, and any host of a data centre to the app.
func hybridQueries(cfg gen.LargeConfig) []sim.Query {
	app := gen.LargeProbes(cfg)[0].AppA
	return []sim.Query{
		{From: sim.ENI(app), To: sim.OnPremAddress("dc03", netip.MustParseAddr("172.19.4.5")), Port: 443},
		{From: sim.ENI(app), To: sim.ENI("eni-eu"), Port: 443},
		{From: sim.OnPrem("dc07"), To: sim.ENI(app), Port: 8080},
	}
}

// TestHybridBenchNetwork: the hybrid organisation compiles, and its
// benchmark queries are answered as designed (the 1k size).
func TestHybridBenchNetwork(t *testing.T) {
	m, err := hybridFixtures["1k"]()
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range hybridQueries(benchSizes[0].cfg) {
		r, err := m.Reach(q)
		if err != nil {
			t.Fatal(err)
		}
		want := sim.Reachable
		if i == 2 {
			want = sim.Blocked // the app admits 8080 from its load balancers and peers only
		}
		if r.Status != want {
			t.Errorf("%s: %s, want %s\n%s", q, r.Status, want, r)
		}
	}
}

// BenchmarkHybridReach: explained answers through VPN attachments and the
// transit gateway peering, and the any-host search of a data centre.
func BenchmarkHybridReach(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			if testing.Short() && s.cfg.ENIs >= 100_000 {
				b.Skip("100k skipped with -short")
			}
			m, err := hybridFixtures[s.name]()
			if err != nil {
				b.Fatal(err)
			}
			for i, name := range []string{"app->dc", "app->eu", "dc-any->app"} {
				q := hybridQueries(s.cfg)[i]
				b.Run(name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if _, err := m.Reach(q); err != nil {
							b.Fatal(err)
						}
					}
				})
				if i < 2 {
					b.Run(name+"-reuse", func(b *testing.B) { benchReachInto(b, m, q) })
				}
			}
		})
	}
}
