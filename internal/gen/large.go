package gen

import (
	"fmt"
	"math/rand/v2"
	"net/netip"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file generates large, realistic and valid networks for capacity
// experiments (the root bench_test.go). Its exported names start with
// Large so that they do not clash with the random generators of the same
// package.
//
// # Shape
//
// [Large] builds an organisation in us-east-1: one shared-services VPC (the
// hub, [LargeHubENIs] interfaces) and ceil((ENIs-LargeHubENIs)/ENIsPerVPC)
// workload VPCs (the spokes, at most [LargeMaxVPCs]), all over [LargeAZs]
// Availability Zones a, b and c, joined by one transit gateway, with a few
// peering connections between neighbouring spokes.
//
// Spoke v (printed %03d in IDs, here "007") has the same three-tier layout:
//
//	vpc-007            10.v.0.0/16 (primary); EKS VPCs (v%4 == 3) also
//	                   100.64+v/4.0.0/16 (secondary, for pods)
//	subnet-007-public-{a,b,c}  10.v.{0,1,2}.0/24, map public IP on launch
//	subnet-007-tgw-{a,b,c}     10.v.3.{0,16,32}/28, transit gateway attachment
//	subnet-007-app-{a,b,c}     10.v.{16,32,48}.0/20
//	subnet-007-db-{a,b,c}      10.v.{64,68,72}.0/22
//	subnet-007-pods-{a,b,c}    100.64+v/4.{0,64,128}.0/18 (EKS VPCs only)
//	igw-007, nat-007-{a,b,c}   one public NAT gateway per AZ, in public-x
//	rtb-007-public             0.0.0.0/0 -> igw-007 (public subnets)
//	rtb-007-app-{a,b,c}        0.0.0.0/0 -> nat-007-x, 10.0.0.0/8 -> tgw-core,
//	                           every CIDR of a peer -> its pcx (app and pod
//	                           subnets of AZ x)
//	rtb-007-db                 10.255.0.0/16 (the hub) -> tgw-core (db subnets)
//	rtb-007-tgw                local routes only (attachment subnets)
//	acl-007-db                 custom ACL on the db subnets (below)
//
// Security groups (tier-to-tier group references, a few CIDR rules, a
// managed prefix list, and references across the peering connections and
// the transit gateway):
//
//	sg-007-alb         in: tcp 80, 443 from 0.0.0.0/0       out: tcp 8080 to sg-app
//	sg-007-app         in: tcp 8080 from sg-alb, tcp 8080-8090 from sg-app
//	                       and from each peer's sg-app, tcp 22 from sg-bastion
//	                       (+ tcp 10250 from sg-eks-cp)
//	                   out: tcp 5432 to sg-db, 6379 to sg-cache, 9092-9098 to
//	                       sg-kafka, 8080-8090 to sg-app and to each peer's
//	                       sg-app, tcp 443 to 0.0.0.0/0, udp 53 to the VPC
//	                       resolver 10.v.0.2/32, tcp 5432 to the hub
//	                       10.255.0.0/16 (a CIDR: outbound rules cannot
//	                       reference groups across a transit gateway)
//	sg-007-db          in: tcp 5432 from sg-app and from sg-db (replication)
//	sg-007-cache       in: tcp 6379 from sg-app
//	sg-007-kafka       in: tcp 9092-9098 from sg-app and sg-kafka   out: same to sg-kafka
//	sg-007-bastion     in: tcp 22 from prefix list pl-corp-admin   out: tcp 22 to 10.v.0.0/16
//	sg-007-monitoring  in: tcp 9100 from 10.v.0.0/16 and from sg-hub-monitoring
//	                       (across the transit gateway) (second group of EC2
//	                       and EKS nodes)
//	sg-007-endpoints   in: tcp 443 from 10.v.0.0/16 (interface endpoints)
//	sg-007-eks-cp      in: tcp 443 from sg-app   out: tcp 10250 to sg-app (EKS VPCs)
//
// The database ACL allows, per app (and pod) subnet, tcp 5432, 6379 and
// 9092-9098 in and tcp 1024-65535 (replies) out; all traffic between the db
// subnets; denies tcp 22 from anywhere first; and denies the rest.
//
// Interfaces of each spoke (N of them; the total over the hub and the
// spokes is exactly cfg.ENIs after clamping, NAT gateways not counted):
//
//	public: 2 load-balancer ENIs per AZ (public IPs) and one EC2 bastion
//	        with an Elastic IP in AZ a
//	app:    3 interface-endpoint ENIs (one per AZ); in EKS VPCs one EKS
//	        control-plane ENI; then 90% of the rest as app workloads,
//	        round-robin over the AZs: EC2, ECS tasks, Lambda, and in EKS
//	        VPCs EKS nodes and pods (pods in the pod subnets); all carry
//	        sg-app, EC2 and nodes also sg-monitoring
//	db:     10% of the rest, round-robin over the AZs, with declared
//	        addresses: by index mod 10, 0-5 RDS (sg-db), 6-7 ElastiCache
//	        (sg-cache), 8-9 MSK brokers (sg-kafka)
//
// Each spoke also has an internet-facing Application Load Balancer with
// listeners, rules and weighted target groups of app interfaces (see
// large_lb.go).
//
// Db interfaces declare their private addresses; all others get theirs from
// compile. The bastion and NAT gateways declare Elastic IPs; load balancers
// get public addresses from compile (AssignPublicIP).
//
// # The hub
//
// The shared-services VPC has no internet gateway; the spokes reach it
// through the transit gateway:
//
//	vpc-hub                    10.255.0.0/16 ([LargeHubCIDR]), account 222222222222
//	subnet-hub-svc-{a,b,c}     10.255.{16,32,48}.0/20
//	subnet-hub-db-{a,b,c}      10.255.{64,68,72}.0/22
//	subnet-hub-tgw-{a,b,c}     10.255.3.{0,16,32}/28, transit gateway attachment
//	rtb-hub-private            10.0.0.0/8, 100.64.0.0/10 -> tgw-core (svc and db subnets)
//	rtb-hub-tgw                local routes only (attachment subnets)
//	acl-hub-db                 in: tcp 5432 from 10.0.0.0/8 and 100.64.0.0/10, all
//	                           from the db subnets; out: tcp 1024-65535 to the
//	                           same ranges, all to the db subnets; deny the rest
//	sg-hub-db          in: tcp 5432 from sg-hub-svc, sg-hub-db, 10.0.0.0/8 and
//	                       100.64.0.0/10 (every spoke, pods included)
//	                   out: tcp 5432 to sg-hub-db (replication)
//	sg-hub-svc         in: tcp 443 from 10.0.0.0/8 and 100.64.0.0/10
//	                   out: tcp 5432 to sg-hub-db
//	sg-hub-monitoring  in: tcp 9090 from sg-hub-svc   out: tcp 9100 to 10.0.0.0/8
//	sg-hub-endpoints   in: tcp 443 from 10.0.0.0/8 and 100.64.0.0/10
//
// with the interfaces eni-hub-db-{00..05} (the shared database: RDS, two
// per AZ, declared addresses), eni-hub-prometheus-{a,b,c} (EC2),
// eni-hub-vpce-{a,b,c} (centralized interface endpoints) and
// eni-hub-svc-{00..11} (shared services, EC2 and ECS, round-robin over the
// AZs).
//
// # Transit gateway and peering
//
//	tgw-core          security group referencing on
//	tgw-attach-hub    the hub's tgw subnets; associated with tgw-rtb-hub,
//	                  propagates into tgw-rtb-spokes
//	tgw-attach-007    the spoke's tgw subnets; associated with
//	                  tgw-rtb-spokes, propagates into tgw-rtb-hub
//	tgw-rtb-hub       propagated: the CIDRs of every spoke (pods included)
//	tgw-rtb-spokes    static 10.0.0.0/8 blackhole (spokes are isolated from
//	                  each other), propagated 10.255.0.0/16 (the hub)
//	pcx-v-w           w = v+1, when v%8 is 0 or 1: chains of three
//	                  neighbouring spokes (0-1-2, 8-9-10, ...); both sides
//	                  route the other's CIDRs to it from their app tables
//
// The head of each chain of three (v%8 == 0) also routes 10.(v+2).0.0/16
// to pcx-v-(v+1), a leftover route that peering does not carry
// (NON_TRANSITIVE). So a spoke reaches the hub through the transit gateway,
// its peers through the peering connections, and no other spoke: traffic
// for one reaches the transit gateway and meets the blackhole.
// Every VPC's CIDRs are disjoint from every other's.

// LargeAZs is the number of Availability Zones of every generated VPC.
const LargeAZs = 3

// LargeMaxVPCs is the most spoke VPCs [Large] generates: one per
// 10.v.0.0/16, v < 255 (the hub has 10.255.0.0/16).
const LargeMaxVPCs = 255

// LargeHubENIs is the number of interfaces of the hub VPC.
const LargeHubENIs = 24

// Limits of [LargeConfig]; values outside are clamped.
const (
	LargeMinENIs       = 100 + LargeHubENIs
	LargeMinENIsPerVPC = 200
	LargeMaxENIsPerVPC = 10000
)

// Ports of the generated applications.
const (
	LargeHTTPS       = 443
	LargeAppPort     = 8080 // load balancer to app; app to app 8080-8090
	LargeDBPort      = 5432
	LargeCachePort   = 6379
	LargeKafkaPort   = 9092 // to 9098
	LargeSSHPort     = 22
	LargeExporter    = 9100 // node exporters, scraped from the hub
	LargePrometheus  = 9090
	largeAppPortLast = LargeAppPort + 10
)

// IDs and CIDRs of the organisation's shared resources.
const (
	LargeHubVPC = "vpc-hub"
	LargeTGW    = "tgw-core"
)

// LargeHubCIDR is the hub's VPC CIDR.
var LargeHubCIDR = netip.MustParsePrefix("10.255.0.0/16")

// LargeCorpCIDRs are the entries of the managed prefix list pl-corp-admin,
// from which the bastions admit SSH.
var LargeCorpCIDRs = []netip.Prefix{
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
}

var (
	largeOrg  = netip.MustParsePrefix("10.0.0.0/8")
	largePods = netip.MustParsePrefix("100.64.0.0/10")
	largeAny4 = netip.MustParsePrefix("0.0.0.0/0")
)

// LargeConfig sizes a generated network. The zero value is a 1,000-ENI
// network: the hub and one spoke.
type LargeConfig struct {
	// ENIs is the number of declared network interfaces in all (NAT
	// gateways not counted), hub included; 0 means 1,000, and it is at
	// least LargeMinENIs.
	ENIs int
	// ENIsPerVPC is the most interfaces per spoke VPC; 0 means 1,000. It is
	// clamped to LargeMinENIsPerVPC..LargeMaxENIsPerVPC and raised when
	// ENIs would need more than LargeMaxVPCs spokes.
	ENIsPerVPC int
	// Seed drives the mix of workload kinds; 0 means a fixed seed. The
	// layout, IDs, groups and probes do not depend on it, except the
	// probes that name an interface of a given kind (Monitored, Pod).
	Seed uint64
}

// largePlan is a normalized config: spoke count and interfaces per spoke.
type largePlan struct {
	seed uint64
	vpcs []int // interfaces of each spoke
}

func (cfg LargeConfig) plan() largePlan {
	total := cfg.ENIs
	if total == 0 {
		total = 1000
	}
	total = max(total, LargeMinENIs) - LargeHubENIs
	per := cfg.ENIsPerVPC
	if per == 0 {
		per = 1000
	}
	per = min(max(per, LargeMinENIsPerVPC), LargeMaxENIsPerVPC)
	if total > per*LargeMaxVPCs {
		per = (total + LargeMaxVPCs - 1) / LargeMaxVPCs
		if per > LargeMaxENIsPerVPC {
			panic(fmt.Sprintf("gen: %d interfaces exceed the capacity of a Large network (%d)", total+LargeHubENIs,
				LargeMaxVPCs*LargeMaxENIsPerVPC+LargeHubENIs))
		}
	}
	nv := (total + per - 1) / per
	p := largePlan{seed: cfg.Seed, vpcs: make([]int, nv)}
	if p.seed == 0 {
		p.seed = 0x5eed_1a29e
	}
	for v := range p.vpcs {
		p.vpcs[v] = total / nv
		if v < total%nv {
			p.vpcs[v]++
		}
	}
	return p
}

// largeTiers splits the n interfaces of a spoke: fixed infrastructure (load
// balancers, bastion, endpoints, EKS control plane), app and db.
func largeTiers(n int, eks bool) (infra, app, db int) {
	infra = 2*LargeAZs + 1 + LargeAZs
	if eks {
		infra++
	}
	rest := n - infra
	db = rest / 10
	return infra, rest - db, db
}

// largePeerPeriod spaces the peering chains: spokes v and v+1 are peered
// when v%largePeerPeriod is 0 or 1.
const largePeerPeriod = 8

// largePeered reports whether spokes v and v+1 of n are peered.
func largePeered(v, n int) bool { return v >= 0 && v%largePeerPeriod < 2 && v+1 < n }

// largePCX is the ID of the peering connection between spokes v and v+1.
func largePCX(v int) string { return fmt.Sprintf("pcx-%03d-%03d", v, v+1) }

// largeEKS reports whether spoke v runs EKS.
func largeEKS(v int) bool { return v%4 == 3 }

// largeCIDRs are spoke v's VPC CIDRs: the primary, and the pod CIDR of an
// EKS VPC.
func largeCIDRs(v int) []netip.Prefix {
	out := []netip.Prefix{largePrefix(10, byte(v), 0, 0, 16)}
	if largeEKS(v) {
		out = append(out, largePrefix(100, 64+byte(v/4), 0, 0, 16))
	}
	return out
}

// largePeer is a peering connection seen from one of its spokes.
type largePeer struct {
	v     int
	pcx   string
	cidrs []netip.Prefix
	sgApp string
}

// largeVPC holds the names and prefixes of one generated spoke.
type largeVPC struct {
	v                  int
	tag                string // "007"
	id                 string
	cidr, pods         netip.Prefix // pods is zero unless eks
	eks                bool
	public, app, db    [LargeAZs]netip.Prefix
	tgw                [LargeAZs]netip.Prefix
	podNets            [LargeAZs]netip.Prefix
	sgALB, sgApp, sgDB string
	sgCache, sgKafka   string
	sgBastion, sgMon   string
	sgEndpoints, sgEKS string
	natIDs             [LargeAZs]string
	publicSub, appSub  [LargeAZs]string
	dbSub, podSub      [LargeAZs]string
	tgwSub             [LargeAZs]string
	rtbPublic, rtbDB   string
	rtbTGW, attach     string
	rtbApp             [LargeAZs]string
	igw, aclDB         string
	albIDs             [2 * LargeAZs]string
	bastion            string
	endpointIDs        [LargeAZs]string
	eksControl         string
	nInfra, nApp, nDB  int
	resolver           netip.Prefix
	bastionEIP         netip.Addr
	natEIPs            [LargeAZs]netip.Addr
	peers              []largePeer
	// transit is a route to a spoke beyond a peer, through the peering
	// connection: peering does not carry it.
	transit    netip.Prefix
	transitPCX string
}

var largeAZNames = [LargeAZs]string{"a", "b", "c"}

const largeRegion = "us-east-1"

func largePrefix(a, b, c, d byte, bits int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{a, b, c, d}), bits)
}

// newLargeVPC names spoke v of nv, which has n interfaces.
func newLargeVPC(v, n, nv int) *largeVPC {
	x := &largeVPC{v: v, tag: fmt.Sprintf("%03d", v), eks: largeEKS(v)}
	t := x.tag
	x.id = "vpc-" + t
	b := byte(v)
	cidrs := largeCIDRs(v)
	x.cidr = cidrs[0]
	x.resolver = largePrefix(10, b, 0, 2, 32)
	if x.eks {
		x.pods = cidrs[1]
	}
	for az, name := range largeAZNames {
		x.public[az] = largePrefix(10, b, byte(az), 0, 24)
		x.tgw[az] = largePrefix(10, b, 3, byte(16*az), 28)
		x.app[az] = largePrefix(10, b, byte(16+16*az), 0, 20)
		x.db[az] = largePrefix(10, b, byte(64+4*az), 0, 22)
		if x.eks {
			x.podNets[az] = largePrefix(100, 64+byte(v/4), byte(64*az), 0, 18)
			x.podSub[az] = "subnet-" + t + "-pods-" + name
		}
		x.publicSub[az] = "subnet-" + t + "-public-" + name
		x.tgwSub[az] = "subnet-" + t + "-tgw-" + name
		x.appSub[az] = "subnet-" + t + "-app-" + name
		x.dbSub[az] = "subnet-" + t + "-db-" + name
		x.natIDs[az] = "nat-" + t + "-" + name
		x.rtbApp[az] = "rtb-" + t + "-app-" + name
		x.endpointIDs[az] = "eni-" + t + "-vpce-" + name
		x.natEIPs[az] = netip.AddrFrom4([4]byte{52, 0, b, byte(10 + az)})
		for i := range 2 {
			x.albIDs[2*az+i] = fmt.Sprintf("eni-%s-alb-%s-%d", t, name, i)
		}
	}
	x.bastionEIP = netip.AddrFrom4([4]byte{52, 1, b, 10})
	x.sgALB, x.sgApp, x.sgDB = "sg-"+t+"-alb", "sg-"+t+"-app", "sg-"+t+"-db"
	x.sgCache, x.sgKafka = "sg-"+t+"-cache", "sg-"+t+"-kafka"
	x.sgBastion, x.sgMon = "sg-"+t+"-bastion", "sg-"+t+"-monitoring"
	x.sgEndpoints = "sg-" + t + "-endpoints"
	if x.eks {
		x.sgEKS = "sg-" + t + "-eks-cp"
		x.eksControl = "eni-" + t + "-eks-cp"
	}
	x.rtbPublic, x.rtbDB, x.rtbTGW = "rtb-"+t+"-public", "rtb-"+t+"-db", "rtb-"+t+"-tgw"
	x.attach = "tgw-attach-" + t
	x.igw, x.aclDB = "igw-"+t, "acl-"+t+"-db"
	x.bastion = "eni-" + t + "-bastion"
	x.nInfra, x.nApp, x.nDB = largeTiers(n, x.eks)
	peer := func(w int, pcx string) {
		x.peers = append(x.peers, largePeer{v: w, pcx: pcx, cidrs: largeCIDRs(w), sgApp: fmt.Sprintf("sg-%03d-app", w)})
	}
	if largePeered(v-1, nv) {
		peer(v-1, largePCX(v-1))
	}
	if largePeered(v, nv) {
		peer(v+1, largePCX(v))
		if v%largePeerPeriod == 0 && largePeered(v+1, nv) {
			x.transit, x.transitPCX = largeCIDRs(v + 2)[0], largePCX(v)
		}
	}
	return x
}

func (x *largeVPC) appID(j int) string { return fmt.Sprintf("eni-%s-app-%05d", x.tag, j) }
func (x *largeVPC) dbID(j int) string  { return fmt.Sprintf("eni-%s-db-%05d", x.tag, j) }

// appRanges are the CIDRs of the app tier: app subnets and pod subnets.
func (x *largeVPC) appRanges() []netip.Prefix {
	out := append([]netip.Prefix(nil), x.app[:]...)
	if x.eks {
		out = append(out, x.podNets[:]...)
	}
	return out
}

// rng returns the generator of spoke v's workload kinds.
func (p largePlan) rng(v int) *rand.Rand { return rand.New(rand.NewPCG(p.seed, uint64(v))) }

// largeAppKind draws the kind of an app interface: whether it is a pod (in
// the pod subnets) and whether it also carries sg-monitoring.
func largeAppKind(rng *rand.Rand, eks bool) (kind vpc.InterfaceKind, pod, mon bool) {
	r := rng.IntN(100)
	switch {
	case eks && r < 60:
		return vpc.KindEKSPod, true, false
	case eks && r < 70:
		return vpc.KindEKSNode, false, true
	case r < 40 || eks && r < 80:
		return vpc.KindEC2, false, true
	case r < 80 || eks && r < 90:
		return vpc.KindECSTask, false, false
	}
	return vpc.KindLambda, false, false
}

// Large generates the network cfg describes (see the file comment for its
// shape). The result is deterministic for a given cfg and passes
// [sim.Compile].
func Large(cfg LargeConfig) *sim.Network {
	p := cfg.plan()
	n := &sim.Network{
		PrefixLists: []vpc.PrefixList{{ID: "pl-corp-admin", Name: "corporate admin networks",
			Entries: append([]netip.Prefix(nil), LargeCorpCIDRs...), MaxEntries: 10}},
	}
	total := LargeHubENIs
	for _, c := range p.vpcs {
		total += c
	}
	n.NetworkInterfaces = make([]vpc.NetworkInterface, 0, total)
	largeCore(n)
	for v, count := range p.vpcs {
		x := newLargeVPC(v, count, len(p.vpcs))
		x.declare(n, p.rng(v))
		x.declareLB(n)
	}
	return n
}

func largeSGTCP(lo, hi uint16, peer any) vpc.SGRule {
	r := vpc.SGRule{Protocol: vpc.ProtocolTCP, Ports: vpc.Ports(lo, hi)}
	switch p := peer.(type) {
	case netip.Prefix:
		r.CIDR = p
	case string:
		r.Group = p
	}
	return r
}

// The hub's names.
const (
	largeHubTag   = "hub"
	largeHubSGDB  = "sg-hub-db"
	largeHubSGSvc = "sg-hub-svc"
	largeHubSGMon = "sg-hub-monitoring"
	largeHubSGEP  = "sg-hub-endpoints"
	largeHubAtt   = "tgw-attach-hub"
	largeRTBHub   = "tgw-rtb-hub"
	largeRTBSpoke = "tgw-rtb-spokes"
	largeHubDBs   = 6  // shared database interfaces, two per AZ
	largeHubSvcs  = 12 // shared-service interfaces
)

func largeHubSub(tier string, az int) string { return "subnet-hub-" + tier + "-" + largeAZNames[az] }
func largeHubDB(j int) string                { return fmt.Sprintf("eni-hub-db-%02d", j) }
func largeHubSvc(j int) string               { return fmt.Sprintf("eni-hub-svc-%02d", j) }

// largeCore declares the transit gateway, its route tables and the hub.
func largeCore(n *sim.Network) {
	const acct = "222222222222"
	n.TransitGateways = append(n.TransitGateways, vpc.TransitGateway{ID: LargeTGW, Name: "organisation core",
		Account: acct, Region: largeRegion, SecurityGroupReferencing: true})
	n.TransitGatewayRouteTables = append(n.TransitGatewayRouteTables,
		vpc.TransitGatewayRouteTable{ID: largeRTBHub, Name: "hub", TransitGateway: LargeTGW},
		vpc.TransitGatewayRouteTable{ID: largeRTBSpoke, Name: "spokes", TransitGateway: LargeTGW,
			Routes: []vpc.TGWRoute{{Destination: largeOrg, Blackhole: true}}})

	n.VPCs = append(n.VPCs, vpc.VPC{ID: LargeHubVPC, Name: "shared-services", Account: acct, Region: largeRegion,
		CIDRs: []netip.Prefix{LargeHubCIDR}, EnableDNSHostnames: true})
	priv := vpc.RouteTable{ID: "rtb-hub-private", VPC: LargeHubVPC, Routes: []vpc.Route{
		{Destination: largeOrg, Target: vpc.ToTransitGateway(LargeTGW)},
		{Destination: largePods, Target: vpc.ToTransitGateway(LargeTGW)},
	}}
	tgwRTB := vpc.RouteTable{ID: "rtb-hub-tgw", VPC: LargeHubVPC}
	att := vpc.TransitGatewayAttachment{ID: largeHubAtt, TransitGateway: LargeTGW, VPC: LargeHubVPC,
		RouteTable: largeRTBHub, Propagations: []string{largeRTBSpoke}}
	acl := vpc.NetworkACL{ID: "acl-hub-db", Name: "shared-db", VPC: LargeHubVPC}
	for k, r := range []netip.Prefix{largeOrg, largePods} {
		acl.Inbound = append(acl.Inbound, vpc.ACLEntry{Number: 100 + 10*k, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, CIDR: r, Ports: vpc.Port(LargeDBPort)})
		acl.Outbound = append(acl.Outbound, vpc.ACLEntry{Number: 100 + 10*k, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, CIDR: r, Ports: vpc.Ports(1024, 65535)})
	}
	var db [LargeAZs]netip.Prefix
	for az, name := range largeAZNames {
		zone := largeRegion + name
		svc := largePrefix(10, 255, byte(16+16*az), 0, 20)
		db[az] = largePrefix(10, 255, byte(64+4*az), 0, 22)
		tgw := largePrefix(10, 255, 3, byte(16*az), 28)
		n.Subnets = append(n.Subnets,
			vpc.Subnet{ID: largeHubSub("tgw", az), VPC: LargeHubVPC, AvailabilityZone: zone, CIDR: tgw, Tags: map[string]string{"tier": "tgw"}},
			vpc.Subnet{ID: largeHubSub("svc", az), VPC: LargeHubVPC, AvailabilityZone: zone, CIDR: svc, Tags: map[string]string{"tier": "app"}},
			vpc.Subnet{ID: largeHubSub("db", az), VPC: LargeHubVPC, AvailabilityZone: zone, CIDR: db[az], Tags: map[string]string{"tier": "db"}},
		)
		priv.Subnets = append(priv.Subnets, largeHubSub("svc", az), largeHubSub("db", az))
		tgwRTB.Subnets = append(tgwRTB.Subnets, largeHubSub("tgw", az))
		att.Subnets = append(att.Subnets, largeHubSub("tgw", az))
		acl.Subnets = append(acl.Subnets, largeHubSub("db", az))
	}
	for az := range LargeAZs {
		acl.Inbound = append(acl.Inbound, vpc.ACLEntry{Number: 300 + az, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: db[az]})
		acl.Outbound = append(acl.Outbound, vpc.ACLEntry{Number: 300 + az, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: db[az]})
	}
	n.RouteTables = append(n.RouteTables, priv, tgwRTB)
	n.NetworkACLs = append(n.NetworkACLs, acl)
	n.TransitGatewayAttachments = append(n.TransitGatewayAttachments, att)

	everyone := []vpc.SGRule{largeSGTCP(LargeHTTPS, LargeHTTPS, largeOrg), largeSGTCP(LargeHTTPS, LargeHTTPS, largePods)}
	n.SecurityGroups = append(n.SecurityGroups,
		vpc.SecurityGroup{ID: largeHubSGDB, Name: "shared-db", VPC: LargeHubVPC,
			Ingress: []vpc.SGRule{
				largeSGTCP(LargeDBPort, LargeDBPort, largeHubSGSvc),
				largeSGTCP(LargeDBPort, LargeDBPort, largeHubSGDB),
				largeSGTCP(LargeDBPort, LargeDBPort, largeOrg),
				largeSGTCP(LargeDBPort, LargeDBPort, largePods),
			},
			Egress: []vpc.SGRule{largeSGTCP(LargeDBPort, LargeDBPort, largeHubSGDB)}},
		vpc.SecurityGroup{ID: largeHubSGSvc, Name: "shared-services", VPC: LargeHubVPC, Ingress: everyone,
			Egress: []vpc.SGRule{largeSGTCP(LargeDBPort, LargeDBPort, largeHubSGDB)}},
		vpc.SecurityGroup{ID: largeHubSGMon, Name: "prometheus", VPC: LargeHubVPC,
			Ingress: []vpc.SGRule{largeSGTCP(LargePrometheus, LargePrometheus, largeHubSGSvc)},
			Egress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(LargeExporter), CIDR: largeOrg,
				Description: "node exporters of every VPC (outbound rules cannot reference groups across a transit gateway)"}}},
		vpc.SecurityGroup{ID: largeHubSGEP, Name: "endpoints", VPC: LargeHubVPC, Ingress: everyone},
	)

	for j := range largeHubDBs {
		az, k := j%LargeAZs, j/LargeAZs
		n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: largeHubDB(j), Subnet: largeHubSub("db", az),
			Kind: vpc.KindRDS, Owner: "db-shared", PrivateIPs: []netip.Addr{largeAddrAdd(db[az].Addr(), 10+k)},
			SecurityGroups: []string{largeHubSGDB}})
	}
	for az, name := range largeAZNames {
		n.NetworkInterfaces = append(n.NetworkInterfaces,
			vpc.NetworkInterface{ID: "eni-hub-prometheus-" + name, Subnet: largeHubSub("svc", az), Kind: vpc.KindEC2,
				Owner: "i-prometheus-" + name, SecurityGroups: []string{largeHubSGMon}},
			vpc.NetworkInterface{ID: "eni-hub-vpce-" + name, Subnet: largeHubSub("svc", az), Kind: vpc.KindVPCEndpoint,
				Owner: "vpce-hub", SecurityGroups: []string{largeHubSGEP}})
	}
	for j := range largeHubSvcs {
		kind := vpc.KindEC2
		if j%2 == 1 {
			kind = vpc.KindECSTask
		}
		n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: largeHubSvc(j), Subnet: largeHubSub("svc", j%LargeAZs),
			Kind: kind, SecurityGroups: []string{largeHubSGSvc}})
	}
}

func (x *largeVPC) declare(n *sim.Network, rng *rand.Rand) {
	t := x.tag
	cidrs := []netip.Prefix{x.cidr}
	if x.eks {
		cidrs = append(cidrs, x.pods)
	}
	n.VPCs = append(n.VPCs, vpc.VPC{ID: x.id, Name: "workload-" + t, Account: "111111111111", Region: largeRegion,
		CIDRs: cidrs, EnableDNSHostnames: true})
	n.InternetGateways = append(n.InternetGateways, vpc.InternetGateway{ID: x.igw, VPC: x.id})

	// Subnets, NAT gateways and route tables.
	toTGW := vpc.ToTransitGateway(LargeTGW)
	pubRTB := vpc.RouteTable{ID: x.rtbPublic, VPC: x.id,
		Routes: []vpc.Route{{Destination: largeAny4, Target: vpc.ToInternetGateway(x.igw)}}}
	dbRTB := vpc.RouteTable{ID: x.rtbDB, VPC: x.id, Routes: []vpc.Route{{Destination: LargeHubCIDR, Target: toTGW}}}
	tgwRTB := vpc.RouteTable{ID: x.rtbTGW, VPC: x.id}
	att := vpc.TransitGatewayAttachment{ID: x.attach, TransitGateway: LargeTGW, VPC: x.id,
		RouteTable: largeRTBSpoke, Propagations: []string{largeRTBHub}}
	for az, name := range largeAZNames {
		zone := largeRegion + name
		n.Subnets = append(n.Subnets,
			vpc.Subnet{ID: x.publicSub[az], VPC: x.id, AvailabilityZone: zone, CIDR: x.public[az], MapPublicIPOnLaunch: true,
				Tags: map[string]string{"tier": "public"}},
			vpc.Subnet{ID: x.tgwSub[az], VPC: x.id, AvailabilityZone: zone, CIDR: x.tgw[az], Tags: map[string]string{"tier": "tgw"}},
			vpc.Subnet{ID: x.appSub[az], VPC: x.id, AvailabilityZone: zone, CIDR: x.app[az], Tags: map[string]string{"tier": "app"}},
			vpc.Subnet{ID: x.dbSub[az], VPC: x.id, AvailabilityZone: zone, CIDR: x.db[az], Tags: map[string]string{"tier": "db"}},
		)
		appRTB := vpc.RouteTable{ID: x.rtbApp[az], VPC: x.id, Subnets: []string{x.appSub[az]},
			Routes: []vpc.Route{
				{Destination: largeAny4, Target: vpc.ToNATGateway(x.natIDs[az])},
				{Destination: largeOrg, Target: toTGW},
			}}
		for _, p := range x.peers {
			for _, c := range p.cidrs {
				appRTB.Routes = append(appRTB.Routes, vpc.Route{Destination: c, Target: vpc.ToPeeringConnection(p.pcx)})
			}
		}
		if x.transit.IsValid() {
			appRTB.Routes = append(appRTB.Routes, vpc.Route{Destination: x.transit, Target: vpc.ToPeeringConnection(x.transitPCX)})
		}
		if x.eks {
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: x.podSub[az], VPC: x.id, AvailabilityZone: zone, CIDR: x.podNets[az],
				Tags: map[string]string{"tier": "app", "kubernetes.io/role/cni": "1"}})
			appRTB.Subnets = append(appRTB.Subnets, x.podSub[az])
		}
		n.RouteTables = append(n.RouteTables, appRTB)
		pubRTB.Subnets = append(pubRTB.Subnets, x.publicSub[az])
		dbRTB.Subnets = append(dbRTB.Subnets, x.dbSub[az])
		tgwRTB.Subnets = append(tgwRTB.Subnets, x.tgwSub[az])
		att.Subnets = append(att.Subnets, x.tgwSub[az])
		n.NATGateways = append(n.NATGateways, vpc.NATGateway{ID: x.natIDs[az], Subnet: x.publicSub[az], ElasticIP: x.natEIPs[az]})
	}
	n.RouteTables = append(n.RouteTables, pubRTB, dbRTB, tgwRTB)
	n.TransitGatewayAttachments = append(n.TransitGatewayAttachments, att)
	for _, p := range x.peers {
		if p.v > x.v {
			n.PeeringConnections = append(n.PeeringConnections, vpc.PeeringConnection{ID: p.pcx, Name: "peer-" + p.pcx[4:],
				RequesterVPC: x.id, AccepterVPC: fmt.Sprintf("vpc-%03d", p.v), Status: vpc.PeeringActive})
		}
	}

	// Security groups.
	appIn := []vpc.SGRule{
		largeSGTCP(LargeAppPort, LargeAppPort, x.sgALB),
		largeSGTCP(LargeAppPort, largeAppPortLast, x.sgApp),
		largeSGTCP(LargeSSHPort, LargeSSHPort, x.sgBastion),
	}
	if x.eks {
		appIn = append(appIn, largeSGTCP(10250, 10250, x.sgEKS))
	}
	appOut := []vpc.SGRule{
		largeSGTCP(LargeDBPort, LargeDBPort, x.sgDB),
		largeSGTCP(LargeCachePort, LargeCachePort, x.sgCache),
		largeSGTCP(LargeKafkaPort, LargeKafkaPort+6, x.sgKafka),
		largeSGTCP(LargeAppPort, largeAppPortLast, x.sgApp),
		largeSGTCP(LargeHTTPS, LargeHTTPS, largeAny4),
		{Protocol: vpc.ProtocolUDP, Ports: vpc.Port(53), CIDR: x.resolver, Description: "route 53 resolver"},
		{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(LargeDBPort), CIDR: LargeHubCIDR, Description: "shared database in the hub"},
	}
	for _, p := range x.peers {
		appIn = append(appIn, largeSGTCP(LargeAppPort, largeAppPortLast, p.sgApp))
		appOut = append(appOut, largeSGTCP(LargeAppPort, largeAppPortLast, p.sgApp))
	}
	n.SecurityGroups = append(n.SecurityGroups,
		vpc.SecurityGroup{ID: x.sgALB, Name: "alb", VPC: x.id,
			Ingress: []vpc.SGRule{largeSGTCP(80, 80, largeAny4), largeSGTCP(LargeHTTPS, LargeHTTPS, largeAny4)},
			Egress:  []vpc.SGRule{largeSGTCP(LargeAppPort, LargeAppPort, x.sgApp)}},
		vpc.SecurityGroup{ID: x.sgApp, Name: "app", VPC: x.id, Ingress: appIn, Egress: appOut},
		vpc.SecurityGroup{ID: x.sgDB, Name: "db", VPC: x.id,
			Ingress: []vpc.SGRule{largeSGTCP(LargeDBPort, LargeDBPort, x.sgApp), largeSGTCP(LargeDBPort, LargeDBPort, x.sgDB)}},
		vpc.SecurityGroup{ID: x.sgCache, Name: "cache", VPC: x.id,
			Ingress: []vpc.SGRule{largeSGTCP(LargeCachePort, LargeCachePort, x.sgApp)}},
		vpc.SecurityGroup{ID: x.sgKafka, Name: "kafka", VPC: x.id,
			Ingress: []vpc.SGRule{largeSGTCP(LargeKafkaPort, LargeKafkaPort+6, x.sgApp), largeSGTCP(LargeKafkaPort, LargeKafkaPort+6, x.sgKafka)},
			Egress:  []vpc.SGRule{largeSGTCP(LargeKafkaPort, LargeKafkaPort+6, x.sgKafka)}},
		vpc.SecurityGroup{ID: x.sgBastion, Name: "bastion", VPC: x.id,
			Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolTCP, Ports: vpc.Port(LargeSSHPort), PrefixList: "pl-corp-admin"}},
			Egress:  []vpc.SGRule{largeSGTCP(LargeSSHPort, LargeSSHPort, x.cidr)}},
		vpc.SecurityGroup{ID: x.sgMon, Name: "monitoring", VPC: x.id,
			Ingress: []vpc.SGRule{largeSGTCP(LargeExporter, LargeExporter, x.cidr), largeSGTCP(LargeExporter, LargeExporter, largeHubSGMon)}},
		vpc.SecurityGroup{ID: x.sgEndpoints, Name: "endpoints", VPC: x.id,
			Ingress: []vpc.SGRule{largeSGTCP(LargeHTTPS, LargeHTTPS, x.cidr)}},
	)
	if x.eks {
		n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: x.sgEKS, Name: "eks-control-plane", VPC: x.id,
			Ingress: []vpc.SGRule{largeSGTCP(LargeHTTPS, LargeHTTPS, x.sgApp)},
			Egress:  []vpc.SGRule{largeSGTCP(10250, 10250, x.sgApp)}})
	}

	// The database network ACL.
	acl := vpc.NetworkACL{ID: x.aclDB, Name: "db", VPC: x.id, Subnets: x.dbSub[:],
		Inbound: []vpc.ACLEntry{{Number: 50, Action: vpc.Deny, Protocol: vpc.ProtocolTCP, CIDR: largeAny4, Ports: vpc.Port(LargeSSHPort)}}}
	for k, r := range x.appRanges() {
		base := 100 + 10*k
		for i, ports := range []vpc.PortRange{vpc.Port(LargeDBPort), vpc.Port(LargeCachePort), vpc.Ports(LargeKafkaPort, LargeKafkaPort+6)} {
			acl.Inbound = append(acl.Inbound, vpc.ACLEntry{Number: base + i, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, CIDR: r, Ports: ports})
		}
		acl.Outbound = append(acl.Outbound, vpc.ACLEntry{Number: base, Action: vpc.Allow, Protocol: vpc.ProtocolTCP, CIDR: r, Ports: vpc.Ports(1024, 65535)})
	}
	for az := range LargeAZs {
		acl.Inbound = append(acl.Inbound, vpc.ACLEntry{Number: 300 + az, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: x.db[az]})
		acl.Outbound = append(acl.Outbound, vpc.ACLEntry{Number: 300 + az, Action: vpc.Allow, Protocol: vpc.ProtocolAll, CIDR: x.db[az]})
	}
	n.NetworkACLs = append(n.NetworkACLs, acl)

	// Interfaces: public tier.
	yes := true
	for az := range LargeAZs {
		for i := range 2 {
			n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: x.albIDs[2*az+i], Subnet: x.publicSub[az],
				Kind: vpc.KindLoadBalancer, Owner: "app/alb-" + t, AssignPublicIP: &yes, SecurityGroups: []string{x.sgALB}})
		}
	}
	n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: x.bastion, Subnet: x.publicSub[0],
		Kind: vpc.KindEC2, Owner: "i-bastion-" + t, PublicIP: x.bastionEIP, SecurityGroups: []string{x.sgBastion}})
	// Interface endpoints and the EKS control plane, in the app subnets.
	for az := range LargeAZs {
		n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: x.endpointIDs[az], Subnet: x.appSub[az],
			Kind: vpc.KindVPCEndpoint, Owner: "vpce-" + t, SecurityGroups: []string{x.sgEndpoints}})
	}
	if x.eks {
		n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{ID: x.eksControl, Subnet: x.appSub[0],
			Kind: vpc.KindEKSControl, Owner: "eks-" + t, SecurityGroups: []string{x.sgEKS}})
	}
	// App tier: kinds drawn from the seed, groups by kind.
	appOnly := []string{x.sgApp}
	appMon := []string{x.sgApp, x.sgMon}
	for j := range x.nApp {
		az := j % LargeAZs
		e := vpc.NetworkInterface{ID: x.appID(j), Subnet: x.appSub[az], SecurityGroups: appOnly}
		kind, pod, mon := largeAppKind(rng, x.eks)
		e.Kind = kind
		if pod {
			e.Subnet = x.podSub[az]
		}
		if mon {
			e.SecurityGroups = appMon
		}
		n.NetworkInterfaces = append(n.NetworkInterfaces, e)
	}
	// Db tier: kinds by index, declared addresses.
	for j := range x.nDB {
		az, k := j%LargeAZs, j/LargeAZs
		e := vpc.NetworkInterface{ID: x.dbID(j), Subnet: x.dbSub[az],
			PrivateIPs: []netip.Addr{largeAddrAdd(x.db[az].Addr(), 10+k)}}
		switch j % 10 {
		case 0, 1, 2, 3, 4, 5:
			e.Kind, e.Owner, e.SecurityGroups = vpc.KindRDS, fmt.Sprintf("db-%s-%d", t, j/2), []string{x.sgDB}
		case 6, 7:
			e.Kind, e.Owner, e.SecurityGroups = vpc.KindElastiCache, "cache-"+t, []string{x.sgCache}
		default:
			e.Kind, e.Owner, e.SecurityGroups = vpc.KindMSKBroker, "msk-"+t, []string{x.sgKafka}
		}
		n.NetworkInterfaces = append(n.NetworkInterfaces, e)
	}
}

// largeAddrAdd returns the IPv4 address a+k.
func largeAddrAdd(a netip.Addr, k int) netip.Addr {
	b := a.As4()
	u := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	u += uint32(k)
	return netip.AddrFrom4([4]byte{byte(u >> 24), byte(u >> 16), byte(u >> 8), byte(u)})
}

// LargeProbe names representative interfaces of one generated spoke.
type LargeProbe struct {
	VPC     string
	ALB     string // internet-facing load balancer ENI in AZ a (public IP)
	LB      string // the spoke's Application Load Balancer (large_lb.go)
	Bastion string // EC2 bastion in AZ a (Elastic IP), SSH from pl-corp-admin
	// AppA and AppA2 are app interfaces in AZ a, AppB one in AZ b (sg-app;
	// their kinds depend on the seed).
	AppA, AppA2, AppB string
	DBA, DBB          string // RDS interfaces in AZ a and b
	Cache             string // ElastiCache interface
	Kafka             string // MSK broker interface
	Endpoint          string // interface VPC endpoint in AZ a
	// Monitored is the first app interface carrying sg-monitoring (an EC2
	// instance or EKS node), Pod the first EKS pod (EKS VPCs); empty when
	// the seed drew none.
	Monitored, Pod string
	// Peers are the spokes peered with this one, by index.
	Peers []int
}

// LargeProbes returns a probe for every spoke of Large(cfg), in spoke
// order. It does not build the network.
func LargeProbes(cfg LargeConfig) []LargeProbe {
	p := cfg.plan()
	out := make([]LargeProbe, len(p.vpcs))
	for v, count := range p.vpcs {
		x := newLargeVPC(v, count, len(p.vpcs))
		lb, _, _, _, _, _ := x.lbIDs()
		pr := LargeProbe{VPC: x.id, ALB: x.albIDs[0], LB: lb, Bastion: x.bastion,
			AppA: x.appID(0), AppA2: x.appID(LargeAZs), AppB: x.appID(1),
			DBA: x.dbID(0), DBB: x.dbID(1), Cache: x.dbID(6), Kafka: x.dbID(8), Endpoint: x.endpointIDs[0]}
		rng := p.rng(v)
		for j := 0; j < x.nApp && (pr.Monitored == "" || x.eks && pr.Pod == ""); j++ {
			_, pod, mon := largeAppKind(rng, x.eks)
			if mon && pr.Monitored == "" {
				pr.Monitored = x.appID(j)
			}
			if pod && pr.Pod == "" {
				pr.Pod = x.appID(j)
			}
		}
		for _, q := range x.peers {
			pr.Peers = append(pr.Peers, q.v)
		}
		out[v] = pr
	}
	return out
}

// LargeHubProbe names representative interfaces of the hub.
type LargeHubProbe struct {
	VPC        string
	DB, DB2    string   // the shared database (RDS) in AZ a and b
	DBs        []string // every shared-database interface
	Service    string   // shared-service interface in AZ a (sg-hub-svc)
	Monitoring string   // Prometheus in AZ a (sg-hub-monitoring)
	Endpoint   string   // centralized interface endpoint in AZ a
	// Subnets are the hub's subnets.
	Subnets []string
}

// LargeHub returns the probe of the hub, which is the same in every
// generated network.
func LargeHub() LargeHubProbe {
	h := LargeHubProbe{VPC: LargeHubVPC, DB: largeHubDB(0), DB2: largeHubDB(1), Service: largeHubSvc(0),
		Monitoring: "eni-hub-prometheus-a", Endpoint: "eni-hub-vpce-a"}
	for j := range largeHubDBs {
		h.DBs = append(h.DBs, largeHubDB(j))
	}
	for az := range LargeAZs {
		for _, tier := range []string{"tgw", "svc", "db"} {
			h.Subnets = append(h.Subnets, largeHubSub(tier, az))
		}
	}
	return h
}

// LargeIntent is a flow of a generated network with the answer its design
// intends.
type LargeIntent struct {
	Name   string
	Query  sim.Query
	Want   sim.Status
	Reason sim.Reason // for blocked flows
}

// LargeInternetHost is the internet address the app tier reaches through
// its NAT gateway in [LargeIntents].
var LargeInternetHost = netip.MustParseAddr("93.184.216.34")

// LargeIntents returns the intended flows of Large(cfg): between the probes
// of its first spoke, of its first EKS spoke (the fourth) when there is
// one, between the first spoke and the hub, and between spokes: what the
// three tiers, the transit gateway and the peering connections allow and
// some of what they must block. Queries whose source is [sim.Internet]
// with no address have names starting with "internet-any".
func LargeIntents(cfg LargeConfig) []LargeIntent {
	ps := LargeProbes(cfg)
	h := LargeHub()
	a, z := ps[0], ps[len(ps)-1]
	q := func(from, to sim.Endpoint, port uint16) sim.Query {
		return sim.Query{From: from, To: to, Protocol: vpc.ProtocolTCP, Port: port}
	}
	E := sim.ENI
	out := []LargeIntent{
		{Name: "app->db", Query: q(E(a.AppA), E(a.DBA), LargeDBPort), Want: sim.Reachable},
		{Name: "app->db cross-az", Query: q(E(a.AppB), E(a.DBA), LargeDBPort), Want: sim.Reachable},
		{Name: "app->cache", Query: q(E(a.AppA), E(a.Cache), LargeCachePort), Want: sim.Reachable},
		{Name: "app->kafka", Query: q(E(a.AppB), E(a.Kafka), LargeKafkaPort+2), Want: sim.Reachable},
		{Name: "alb->app", Query: q(E(a.ALB), E(a.AppA), LargeAppPort), Want: sim.Reachable},
		{Name: "app->app", Query: q(E(a.AppA), E(a.AppA2), LargeAppPort+5), Want: sim.Reachable},
		{Name: "app->endpoint", Query: q(E(a.AppB), E(a.Endpoint), LargeHTTPS), Want: sim.Reachable},
		{Name: "bastion->app", Query: q(E(a.Bastion), E(a.AppB), LargeSSHPort), Want: sim.Reachable},
		{Name: "app->internet via nat", Query: q(E(a.AppA), sim.InternetAddress(LargeInternetHost), LargeHTTPS), Want: sim.Reachable},
		{Name: "app->db ssh", Query: q(E(a.AppA), E(a.DBA), LargeSSHPort), Want: sim.Blocked, Reason: sim.SGEgress},
		{Name: "db->app", Query: q(E(a.DBA), E(a.AppA), LargeAppPort), Want: sim.Blocked, Reason: sim.SGEgress},
		{Name: "alb->db", Query: q(E(a.ALB), E(a.DBB), LargeDBPort), Want: sim.Blocked, Reason: sim.SGEgress},
		{Name: "internet->bastion not corp", Query: q(sim.InternetAddress(LargeInternetHost), E(a.Bastion), LargeSSHPort),
			Want: sim.Blocked, Reason: sim.SGIngress},
		{Name: "internet-any->alb", Query: q(sim.Internet(), E(a.ALB), LargeHTTPS), Want: sim.Reachable},
		{Name: "internet-any->bastion", Query: q(sim.Internet(), E(a.Bastion), LargeSSHPort), Want: sim.Reachable},
		{Name: "internet-any->alb ssh", Query: q(sim.Internet(), E(a.ALB), LargeSSHPort), Want: sim.Blocked, Reason: sim.SGIngress},
		{Name: "internet-any->db", Query: q(sim.Internet(), E(a.DBA), LargeDBPort), Want: sim.Blocked, Reason: sim.NoPublicIP},
		// The hub, through the transit gateway.
		{Name: "app->hub db via tgw", Query: q(E(a.AppA), E(h.DB), LargeDBPort), Want: sim.Reachable},
		{Name: "app->hub service via tgw", Query: q(E(a.AppB), E(h.Service), LargeHTTPS), Want: sim.Reachable},
		{Name: "app->hub endpoint via tgw", Query: q(E(a.AppA), E(h.Endpoint), LargeHTTPS), Want: sim.Reachable},
		{Name: "hub service->hub db", Query: q(E(h.Service), E(h.DB2), LargeDBPort), Want: sim.Reachable},
		{Name: "hub db replication", Query: q(E(h.DB), E(h.DB2), LargeDBPort), Want: sim.Reachable},
		{Name: "app->hub db ssh", Query: q(E(a.AppA), E(h.DB), LargeSSHPort), Want: sim.Blocked, Reason: sim.SGEgress},
		{Name: "app->hub prometheus", Query: q(E(a.AppA), E(h.Monitoring), LargePrometheus), Want: sim.Blocked, Reason: sim.SGEgress},
		{Name: "hub db->app", Query: q(E(h.DB), E(a.AppA), LargeAppPort), Want: sim.Blocked, Reason: sim.SGEgress},
		{Name: "hub prometheus->db exporter", Query: q(E(h.Monitoring), E(a.DBA), LargeExporter), Want: sim.Blocked, Reason: sim.NACLInbound},
		{Name: "internet-any->hub db", Query: q(sim.Internet(), E(h.DB), LargeDBPort), Want: sim.Blocked, Reason: sim.NoPublicIP},
	}
	if a.Monitored != "" {
		// Group reference across the transit gateway (referencing on).
		out = append(out, LargeIntent{Name: "hub prometheus->exporter (tgw sg reference)",
			Query: q(E(h.Monitoring), E(a.Monitored), LargeExporter), Want: sim.Reachable})
	}
	if len(ps) > 3 {
		// The first EKS spoke: pods and nodes in the app tier; pods reach
		// the hub from the secondary CIDR, which the spoke propagates.
		k := ps[3]
		out = append(out,
			LargeIntent{Name: "eks app->db", Query: q(E(k.AppA), E(k.DBA), LargeDBPort), Want: sim.Reachable},
			LargeIntent{Name: "eks app->internet via nat", Query: q(E(k.AppB), sim.InternetAddress(LargeInternetHost), LargeHTTPS),
				Want: sim.Reachable})
		if k.Pod != "" {
			out = append(out, LargeIntent{Name: "eks pod->hub db via tgw", Query: q(E(k.Pod), E(h.DB2), LargeDBPort), Want: sim.Reachable})
		}
	}
	if len(ps) > 1 {
		// Group references stay inside their VPC unless peered: what the
		// groups let out to another spoke is its own tier's business.
		b := ps[1]
		out = append(out,
			LargeIntent{Name: "app->other vpc db", Query: q(E(a.AppA), E(z.DBA), LargeDBPort),
				Want: sim.Blocked, Reason: sim.SGEgress},
			// Peered neighbours, with group references across the peering.
			LargeIntent{Name: "app->peer app via pcx", Query: q(E(a.AppA), E(b.AppB), LargeAppPort), Want: sim.Reachable},
			LargeIntent{Name: "peer app->app via pcx", Query: q(E(b.AppA), E(a.AppA2), LargeAppPort+3), Want: sim.Reachable},
			LargeIntent{Name: "app->peer endpoint", Query: q(E(a.AppA), E(b.Endpoint), LargeHTTPS),
				Want: sim.Blocked, Reason: sim.SGIngress})
	}
	if len(ps) > 2 {
		// Spoke 0 routes spoke 2 through its peering with spoke 1.
		out = append(out, LargeIntent{Name: "app->peer of peer (transitive)", Query: q(E(a.AppA), E(ps[2].Endpoint), LargeHTTPS),
			Want: sim.Blocked, Reason: sim.NonTransitive})
	}
	if len(ps) > 3 {
		// Not peered: the spokes' transit gateway table blackholes 10/8.
		out = append(out, LargeIntent{Name: "app->non-peered spoke via tgw", Query: q(E(a.AppA), E(ps[3].Endpoint), LargeHTTPS),
			Want: sim.Blocked, Reason: sim.BlackholeRoute})
		if len(z.Peers) == 0 && z.VPC != ps[3].VPC {
			out = append(out, LargeIntent{Name: "app->other vpc endpoint", Query: q(E(a.AppA), E(z.Endpoint), LargeHTTPS),
				Want: sim.Blocked, Reason: sim.BlackholeRoute})
		}
	}
	return out
}
