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
// [Large] builds ceil(ENIs/ENIsPerVPC) VPCs (at most [LargeMaxVPCs]) in
// us-east-1, each the same three-tier layout over [LargeAZs] Availability
// Zones a, b and c. VPC v (printed %03d in IDs, here "007") has:
//
//	vpc-007            10.v.0.0/16 (primary); EKS VPCs (v%4 == 3) also
//	                   100.64.v/4.0/16 (secondary, for pods)
//	subnet-007-public-{a,b,c}  10.v.{0,1,2}.0/24, map public IP on launch
//	subnet-007-app-{a,b,c}     10.v.{16,32,48}.0/20
//	subnet-007-db-{a,b,c}      10.v.{64,68,72}.0/22
//	subnet-007-pods-{a,b,c}    100.64.v/4.{0,64,128}.0/18 (EKS VPCs only)
//	igw-007, nat-007-{a,b,c}   one public NAT gateway per AZ, in public-x
//	rtb-007-public             0.0.0.0/0 -> igw-007 (public subnets)
//	rtb-007-app-{a,b,c}        0.0.0.0/0 -> nat-007-x (app and pod subnets of AZ x)
//	rtb-007-db                 local routes only (db subnets)
//	acl-007-db                 custom ACL on the db subnets (below)
//
// Security groups (tier-to-tier group references, a few CIDR rules and a
// managed prefix list):
//
//	sg-007-alb         in: tcp 80, 443 from 0.0.0.0/0       out: tcp 8080 to sg-app
//	sg-007-app         in: tcp 8080 from sg-alb, tcp 8080-8090 from sg-app,
//	                       tcp 22 from sg-bastion (+ tcp 10250 from sg-eks-cp)
//	                   out: tcp 5432 to sg-db, 6379 to sg-cache, 9092-9098 to
//	                       sg-kafka, 8080-8090 to sg-app, tcp 443 to 0.0.0.0/0,
//	                       udp 53 to the VPC resolver 10.v.0.2/32
//	sg-007-db          in: tcp 5432 from sg-app and from sg-db (replication)
//	sg-007-cache       in: tcp 6379 from sg-app
//	sg-007-kafka       in: tcp 9092-9098 from sg-app and sg-kafka   out: same to sg-kafka
//	sg-007-bastion     in: tcp 22 from prefix list pl-corp-admin   out: tcp 22 to 10.v.0.0/16
//	sg-007-monitoring  in: tcp 9100 from 10.v.0.0/16 (second group of EC2 and EKS nodes)
//	sg-007-endpoints   in: tcp 443 from 10.v.0.0/16 (interface endpoints)
//	sg-007-eks-cp      in: tcp 443 from sg-app   out: tcp 10250 to sg-app (EKS VPCs)
//
// The database ACL allows, per app (and pod) subnet, tcp 5432, 6379 and
// 9092-9098 in and tcp 1024-65535 (replies) out; all traffic between the db
// subnets; denies tcp 22 from anywhere first; and denies the rest.
//
// Interfaces of each VPC (N of them; the total is exactly cfg.ENIs after
// clamping, NAT gateways not counted):
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
// Db interfaces declare their private addresses; all others get theirs from
// compile. The bastion and NAT gateways declare Elastic IPs; load balancers
// get public addresses from compile (AssignPublicIP).
//
// # Towards peering and transit gateways
//
// Large generates no peering connections or transit gateways yet. The
// layout is ready for them: every VPC's CIDRs are disjoint from every
// other's, so a later generator option can add
//
//	tgw-core                   one transit gateway, attached to the app
//	                           subnets of every VPC (one attachment per AZ)
//	rtb-v-app-x, rtb-v-db      10.0.0.0/8 -> tgw-core (and 100.64.0.0/10 for
//	                           pods); the public table keeps 0/0 -> igw
//	tgw route table            10.v.0.0/16 -> attachment of vpc-v (propagated)
//	pcx-v-w                    alternatively, peering between neighbour VPCs
//	                           v and v+1 with 10.w.0.0/16 -> pcx-v-w routes
//	acl-v-db                   entries for the app ranges of peered VPCs
//	sg-v-db                    tcp 5432 from the peer's app CIDRs (SG
//	                           references across a TGW are not allowed)
//
// and the cross-VPC intents ([LargeIntents]) then flip from blocked to
// reachable where the peering allows it.

// LargeAZs is the number of Availability Zones of every generated VPC.
const LargeAZs = 3

// LargeMaxVPCs is the most VPCs [Large] generates: one per 10.v.0.0/16.
const LargeMaxVPCs = 256

// Limits of [LargeConfig]; values outside are clamped.
const (
	LargeMinENIs       = 100
	LargeMinENIsPerVPC = 200
	LargeMaxENIsPerVPC = 10000
)

// Ports of the generated applications.
const (
	LargeHTTPS     = 443
	LargeAppPort   = 8080 // load balancer to app; app to app 8080-8090
	LargeDBPort    = 5432
	LargeCachePort = 6379
	LargeKafkaPort = 9092 // to 9098
	LargeSSHPort   = 22
)

// LargeCorpCIDRs are the entries of the managed prefix list pl-corp-admin,
// from which the bastions admit SSH.
var LargeCorpCIDRs = []netip.Prefix{
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
}

// LargeConfig sizes a generated network. The zero value is a 1,000-ENI
// network in one VPC.
type LargeConfig struct {
	// ENIs is the number of declared network interfaces in all (NAT
	// gateways not counted); 0 means 1,000, and it is at least
	// LargeMinENIs.
	ENIs int
	// ENIsPerVPC is the most interfaces per VPC; 0 means 1,000. It is
	// clamped to LargeMinENIsPerVPC..LargeMaxENIsPerVPC and raised when
	// ENIs would need more than LargeMaxVPCs VPCs.
	ENIsPerVPC int
	// Seed drives the mix of workload kinds; 0 means a fixed seed. The
	// layout, IDs, groups and probes do not depend on it.
	Seed uint64
}

// largePlan is a normalized config: VPC count and interfaces per VPC.
type largePlan struct {
	seed uint64
	vpcs []int // interfaces of each VPC
}

func (cfg LargeConfig) plan() largePlan {
	total := cfg.ENIs
	if total == 0 {
		total = 1000
	}
	total = max(total, LargeMinENIs)
	per := cfg.ENIsPerVPC
	if per == 0 {
		per = 1000
	}
	per = min(max(per, LargeMinENIsPerVPC), LargeMaxENIsPerVPC)
	if total > per*LargeMaxVPCs {
		per = (total + LargeMaxVPCs - 1) / LargeMaxVPCs
		if per > LargeMaxENIsPerVPC {
			panic(fmt.Sprintf("gen: %d interfaces exceed the capacity of a Large network (%d)", total, LargeMaxVPCs*LargeMaxENIsPerVPC))
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

// largeTiers splits the n interfaces of a VPC: fixed infrastructure (load
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

// largeVPC holds the names and prefixes of one generated VPC.
type largeVPC struct {
	v                  int
	tag                string // "007"
	id                 string
	cidr, pods         netip.Prefix // pods is zero unless eks
	eks                bool
	public, app, db    [LargeAZs]netip.Prefix
	podNets            [LargeAZs]netip.Prefix
	sgALB, sgApp, sgDB string
	sgCache, sgKafka   string
	sgBastion, sgMon   string
	sgEndpoints, sgEKS string
	natIDs             [LargeAZs]string
	publicSub, appSub  [LargeAZs]string
	dbSub, podSub      [LargeAZs]string
	rtbPublic, rtbDB   string
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
}

var largeAZNames = [LargeAZs]string{"a", "b", "c"}

const largeRegion = "us-east-1"

func largePrefix(a, b, c, d byte, bits int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{a, b, c, d}), bits)
}

func newLargeVPC(v, n int) *largeVPC {
	x := &largeVPC{v: v, tag: fmt.Sprintf("%03d", v), eks: v%4 == 3}
	t := x.tag
	x.id = "vpc-" + t
	b := byte(v)
	x.cidr = largePrefix(10, b, 0, 0, 16)
	x.resolver = largePrefix(10, b, 0, 2, 32)
	if x.eks {
		x.pods = largePrefix(100, 64+byte(v/4), 0, 0, 16)
	}
	for az, name := range largeAZNames {
		x.public[az] = largePrefix(10, b, byte(az), 0, 24)
		x.app[az] = largePrefix(10, b, byte(16+16*az), 0, 20)
		x.db[az] = largePrefix(10, b, byte(64+4*az), 0, 22)
		if x.eks {
			x.podNets[az] = largePrefix(100, 64+byte(v/4), byte(64*az), 0, 18)
			x.podSub[az] = "subnet-" + t + "-pods-" + name
		}
		x.publicSub[az] = "subnet-" + t + "-public-" + name
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
	x.rtbPublic, x.rtbDB = "rtb-"+t+"-public", "rtb-"+t+"-db"
	x.igw, x.aclDB = "igw-"+t, "acl-"+t+"-db"
	x.bastion = "eni-" + t + "-bastion"
	x.nInfra, x.nApp, x.nDB = largeTiers(n, x.eks)
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

// Large generates the network cfg describes (see the file comment for its
// shape). The result is deterministic for a given cfg and passes
// [sim.Compile].
func Large(cfg LargeConfig) *sim.Network {
	p := cfg.plan()
	n := &sim.Network{
		PrefixLists: []vpc.PrefixList{{ID: "pl-corp-admin", Name: "corporate admin networks",
			Entries: append([]netip.Prefix(nil), LargeCorpCIDRs...), MaxEntries: 10}},
	}
	total := 0
	for _, c := range p.vpcs {
		total += c
	}
	n.NetworkInterfaces = make([]vpc.NetworkInterface, 0, total)
	for v, count := range p.vpcs {
		x := newLargeVPC(v, count)
		rng := rand.New(rand.NewPCG(p.seed, uint64(v)))
		x.declare(n, rng)
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

func (x *largeVPC) declare(n *sim.Network, rng *rand.Rand) {
	any4 := netip.MustParsePrefix("0.0.0.0/0")
	t := x.tag
	cidrs := []netip.Prefix{x.cidr}
	if x.eks {
		cidrs = append(cidrs, x.pods)
	}
	n.VPCs = append(n.VPCs, vpc.VPC{ID: x.id, Name: "workload-" + t, Account: "111111111111", Region: largeRegion,
		CIDRs: cidrs, EnableDNSSupport: true, EnableDNSHostnames: true})
	n.InternetGateways = append(n.InternetGateways, vpc.InternetGateway{ID: x.igw, VPC: x.id})

	// Subnets, NAT gateways and route tables.
	pubRTB := vpc.RouteTable{ID: x.rtbPublic, VPC: x.id,
		Routes: []vpc.Route{{Destination: any4, Target: vpc.ToInternetGateway(x.igw)}}}
	dbRTB := vpc.RouteTable{ID: x.rtbDB, VPC: x.id}
	for az, name := range largeAZNames {
		zone := largeRegion + name
		n.Subnets = append(n.Subnets,
			vpc.Subnet{ID: x.publicSub[az], VPC: x.id, AvailabilityZone: zone, CIDR: x.public[az], MapPublicIPOnLaunch: true,
				Tags: map[string]string{"tier": "public"}},
			vpc.Subnet{ID: x.appSub[az], VPC: x.id, AvailabilityZone: zone, CIDR: x.app[az], Tags: map[string]string{"tier": "app"}},
			vpc.Subnet{ID: x.dbSub[az], VPC: x.id, AvailabilityZone: zone, CIDR: x.db[az], Tags: map[string]string{"tier": "db"}},
		)
		appRTB := vpc.RouteTable{ID: x.rtbApp[az], VPC: x.id, Subnets: []string{x.appSub[az]},
			Routes: []vpc.Route{{Destination: any4, Target: vpc.ToNATGateway(x.natIDs[az])}}}
		if x.eks {
			n.Subnets = append(n.Subnets, vpc.Subnet{ID: x.podSub[az], VPC: x.id, AvailabilityZone: zone, CIDR: x.podNets[az],
				Tags: map[string]string{"tier": "app", "kubernetes.io/role/cni": "1"}})
			appRTB.Subnets = append(appRTB.Subnets, x.podSub[az])
		}
		n.RouteTables = append(n.RouteTables, appRTB)
		pubRTB.Subnets = append(pubRTB.Subnets, x.publicSub[az])
		dbRTB.Subnets = append(dbRTB.Subnets, x.dbSub[az])
		n.NATGateways = append(n.NATGateways, vpc.NATGateway{ID: x.natIDs[az], Subnet: x.publicSub[az], ElasticIP: x.natEIPs[az]})
	}
	n.RouteTables = append(n.RouteTables, pubRTB, dbRTB)

	// Security groups.
	appIn := []vpc.SGRule{
		largeSGTCP(LargeAppPort, LargeAppPort, x.sgALB),
		largeSGTCP(LargeAppPort, LargeAppPort+10, x.sgApp),
		largeSGTCP(LargeSSHPort, LargeSSHPort, x.sgBastion),
	}
	if x.eks {
		appIn = append(appIn, largeSGTCP(10250, 10250, x.sgEKS))
	}
	n.SecurityGroups = append(n.SecurityGroups,
		vpc.SecurityGroup{ID: x.sgALB, Name: "alb", VPC: x.id,
			Ingress: []vpc.SGRule{largeSGTCP(80, 80, any4), largeSGTCP(LargeHTTPS, LargeHTTPS, any4)},
			Egress:  []vpc.SGRule{largeSGTCP(LargeAppPort, LargeAppPort, x.sgApp)}},
		vpc.SecurityGroup{ID: x.sgApp, Name: "app", VPC: x.id, Ingress: appIn,
			Egress: []vpc.SGRule{
				largeSGTCP(LargeDBPort, LargeDBPort, x.sgDB),
				largeSGTCP(LargeCachePort, LargeCachePort, x.sgCache),
				largeSGTCP(LargeKafkaPort, LargeKafkaPort+6, x.sgKafka),
				largeSGTCP(LargeAppPort, LargeAppPort+10, x.sgApp),
				largeSGTCP(LargeHTTPS, LargeHTTPS, any4),
				{Protocol: vpc.ProtocolUDP, Ports: vpc.Port(53), CIDR: x.resolver, Description: "route 53 resolver"},
			}},
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
			Ingress: []vpc.SGRule{largeSGTCP(9100, 9100, x.cidr)}},
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
		Inbound: []vpc.ACLEntry{{Number: 50, Action: vpc.Deny, Protocol: vpc.ProtocolTCP, CIDR: any4, Ports: vpc.Port(LargeSSHPort)}}}
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
		e := vpc.NetworkInterface{ID: x.appID(j), Subnet: x.appSub[az]}
		r := rng.IntN(100)
		switch {
		case x.eks && r < 60:
			e.Kind, e.Subnet, e.SecurityGroups = vpc.KindEKSPod, x.podSub[az], appOnly
		case x.eks && r < 70:
			e.Kind, e.SecurityGroups = vpc.KindEKSNode, appMon
		case r < 40 || x.eks && r < 80:
			e.Kind, e.SecurityGroups = vpc.KindEC2, appMon
		case r < 80 || x.eks && r < 90:
			e.Kind, e.SecurityGroups = vpc.KindECSTask, appOnly
		default:
			e.Kind, e.SecurityGroups = vpc.KindLambda, appOnly
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

// LargeProbe names representative interfaces of one generated VPC.
type LargeProbe struct {
	VPC     string
	ALB     string // internet-facing load balancer ENI in AZ a (public IP)
	Bastion string // EC2 bastion in AZ a (Elastic IP), SSH from pl-corp-admin
	// AppA and AppA2 are app interfaces in AZ a, AppB one in AZ b (sg-app;
	// their kinds depend on the seed).
	AppA, AppA2, AppB string
	DBA, DBB          string // RDS interfaces in AZ a and b
	Cache             string // ElastiCache interface
	Kafka             string // MSK broker interface
	Endpoint          string // interface VPC endpoint in AZ a
}

// LargeProbes returns a probe for every VPC of Large(cfg), in VPC order.
// It does not build the network.
func LargeProbes(cfg LargeConfig) []LargeProbe {
	p := cfg.plan()
	out := make([]LargeProbe, len(p.vpcs))
	for v, count := range p.vpcs {
		x := newLargeVPC(v, count)
		out[v] = LargeProbe{VPC: x.id, ALB: x.albIDs[0], Bastion: x.bastion,
			AppA: x.appID(0), AppA2: x.appID(LargeAZs), AppB: x.appID(1),
			DBA: x.dbID(0), DBB: x.dbID(1), Cache: x.dbID(6), Kafka: x.dbID(8), Endpoint: x.endpointIDs[0]}
	}
	return out
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

// LargeIntents returns the intended flows of Large(cfg) between the probes
// of its first VPC, of its first EKS VPC (the fourth) when there is one,
// and, with several VPCs, from the first towards the last one: what
// the three tiers allow and some of what they must block. Queries whose
// source is [sim.Internet] with no address have names starting with
// "internet-any".
func LargeIntents(cfg LargeConfig) []LargeIntent {
	ps := LargeProbes(cfg)
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
	}
	if len(ps) > 3 {
		// The first EKS VPC: pods and nodes in the app tier.
		k := ps[3]
		out = append(out,
			LargeIntent{Name: "eks app->db", Query: q(E(k.AppA), E(k.DBA), LargeDBPort), Want: sim.Reachable},
			LargeIntent{Name: "eks app->internet via nat", Query: q(E(k.AppB), sim.InternetAddress(LargeInternetHost), LargeHTTPS),
				Want: sim.Reachable})
	}
	if len(ps) > 1 {
		// No peering yet: group references stay inside their VPC, and what
		// the groups let out leaves through the NAT gateway, and the
		// internet does not route 10/8.
		out = append(out,
			LargeIntent{Name: "app->other vpc db", Query: q(E(a.AppA), E(z.DBA), LargeDBPort),
				Want: sim.Blocked, Reason: sim.SGEgress},
			LargeIntent{Name: "app->other vpc endpoint", Query: q(E(a.AppA), E(z.Endpoint), LargeHTTPS),
				Want: sim.Blocked, Reason: sim.NoRoute})
	}
	return out
}
