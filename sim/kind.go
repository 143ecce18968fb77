package sim

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file holds the table of component kinds. Each kind of component has
// a room of its own, a file kind_<name>.go holding its compiled form, its
// validation, its compile step, its forwarding function, its graph nodes
// and edges and its label; the table below registers those pieces once,
// and validation, compilation, the graph and the pictures loop over it.
// The walker (walker.go) calls the forwarding functions by name: that
// dispatch is the one place that names kinds one by one.

// kind is a kind of component, the one vocabulary the package uses inside:
// it indexes [kinds], which gives its [ComponentKind] on paths and graph
// nodes, its resource name in [FieldError] values, its [Network] field and
// its route target kind.
//
// Declared kinds come in the order of the Network fields that declare
// them, which is the order validation reports in; the kinds no field
// declares follow.
type kind uint8

const (
	kindVPC kind = iota
	kindSubnet
	kindRouteTable
	kindIGW
	kindEIGW
	kindNAT
	kindSG
	kindACL
	kindPrefixList
	kindENI
	kindPeering
	kindTGW
	kindTGWAttachment
	kindTGWRouteTable
	kindLB
	kindListener
	kindTargetGroup
	kindVPCE
	kindEndpointService
	kindEndpointConnection
	kindResourcePolicy
	kindServiceNetwork
	kindSNVPCAssociation
	kindSNServiceAssociation
	kindLatticeService
	kindLatticeTargetGroup
	kindResourceShare
	kindAccount
	kindResourceGateway
	kindResourceConfiguration
	kindSNResourceAssociation
	kindOnPrem
	kindCGW
	kindVGW
	kindVPN
	kindDXGW
	kindVIF
	kindInternet
	kindDNS
	kindAWSService
	numKinds
)

// kindInfo is what the table knows of one kind. Fields a kind does not
// need stay zero.
type kindInfo struct {
	// component names the kind on paths and graph nodes ("" for the tables
	// that are never a hop: route tables, rule tables, prefix lists,
	// transit gateway attachments and route tables).
	component ComponentKind
	// resource names the kind in errors and messages, field is the JSON
	// name of the [Network] slice declaring it; both "" for the internet
	// and the Amazon DNS resolver, which nothing declares.
	resource, field string
	// target is the kind of route target naming a component of this
	// kind, "" when routes cannot target it.
	target vpc.TargetKind

	// decls reads and checks the kind's declarations (nil when nothing
	// declares it).
	decls *declared
	// demand claims, for capacity checks, the IPv4 addresses the kind's
	// declarations take in their subnets: claim(subnet) for one address
	// to be assigned, claim(subnet, addrs...) for declared ones.
	demand func(n *Network, claim func(subnet string, addrs ...netip.Addr))
	// checkTarget checks a route to the declaration j of this kind, with
	// ID tid, from a route table of VPC vpcID (routes whose target kind is
	// this kind; field is the route's target.id).
	checkTarget func(v *validator, r vres, field string, j int, tid, vpcID string)

	// compile builds the kind's compiled form. Steps run in ascending
	// compileRank; reads lists the kinds whose compiled form the step
	// uses, all of lower rank (a test checks it). A kind compiled by
	// another's step (a NAT gateway by the interfaces', transit gateway
	// attachments and route tables by the transit gateways') has none.
	compileRank int
	reads       []kind
	compile     func(c *compiler)
	// interfaces returns the network interfaces the kind's components
	// own (a NAT gateway's), which the interfaces' step compiles with the
	// declared ones.
	interfaces func(c *compiler) []pendingENI
	// targetENI returns the interface that a route to the component i of
	// this kind hands packets to (nil when it is no interface).
	targetENI func(m *Model, i int32) eniIdx

	// nodes adds the kind's graph nodes and edges its graph edges (see
	// graph.go). Kinds add their nodes in ascending nodeRank, so that node
	// IDs are stable: a new kind takes the next free rank.
	nodeRank int
	nodes    func(g *graphBuilder)
	edges    func(g *graphBuilder)
	// label describes node i of the kind in a few lines, its ID first;
	// place returns the VPC or subnet whose picture cluster holds it
	// (noVPC and noSubnet outside every cluster; nil for the same).
	label func(m *Model, i int32) []string
	place func(m *Model, i int32) (vpcIdx, subnetIdx)
	// viaSubnet is set when a route to the kind enters the target's subnet
	// through its network ACL first (pictures draw the route straight to
	// the target).
	viaSubnet bool
	// dotShape is the Graphviz node shape, mermaidShape the opening and
	// closing brackets of the Mermaid node shape.
	dotShape     string
	mermaidShape [2]string

	// For the kinds whose tables the walker consults (rule and route
	// tables): size counts the compiled tables; rules returns a table's
	// two rule lists (ingress and egress, inbound and outbound); dests
	// appends the bounds of each route destination (appendPrefixBounds).
	size  func(m *Model) int
	rules func(m *Model, i int32) [2][]cRule
	dests func(m *Model, i int32, out []netip.Addr) []netip.Addr
}

// declared reads and checks the declarations of one kind in a [Network].
type declared struct {
	count func(*Network) int
	id    func(*Network, int) string
	check func(*validator, vres, int)
}

// declare builds a declared from typed accessors: the Network slice, the
// ID of one declaration, and its checks.
func declare[T any](list func(*Network) []T, id func(*T) string, check func(*validator, vres, int, *T)) *declared {
	return &declared{
		count: func(n *Network) int { return len(list(n)) },
		id:    func(n *Network, i int) string { return id(&list(n)[i]) },
		check: func(v *validator, r vres, i int) { check(v, r, i, &list(v.n)[i]) },
	}
}

// kinds is the table of component kinds, indexed by kind. It is filled by
// init, as its functions refer back to it.
var kinds [numKinds]kindInfo

// compileOrder and nodeOrder list the kinds with a compile step and with
// graph nodes, by rank.
var compileOrder, nodeOrder []kind

func init() {
	// Adding a component kind:
	//
	//  1. Declare it: a field at the end of Network (its type in a
	//     declarative package), a kind constant after the declared ones
	//     above, in the same order; an exported ComponentKind (query.go)
	//     if it shows on paths, and a vpc.TargetKind if routes target it.
	//  2. Write its room, kind_<name>.go: its compiled form (a cXxx struct
	//     and its slice in Model; a typed index xxxIdx with its kind method
	//     and its noXxx sentinel), its checks, its compile step, its
	//     forwarding function, its graph nodes and edges, its label.
	//  3. Register it here: one entry naming those pieces, with a
	//     compileRank above the kinds its step reads (listed in reads) and,
	//     for a graph node, the next free nodeRank.
	//  4. Call its forwarding function from the walker's dispatch: from
	//     the subnet's routing (walker.leave) when routes target it, from
	//     an interface (walker.receive) when it owns interfaces. New ways
	//     to block get a Reason (reason.go) and a README row.
	//
	// TestKindTable checks the table against Network, the route target
	// kinds and the exported component kinds (list a new one there).
	kinds = [numKinds]kindInfo{
		kindVPC: {
			component: KindVPCRouter, resource: "vpc", field: "vpcs",
			decls:       declare(func(n *Network) []vpc.VPC { return n.VPCs }, func(x *vpc.VPC) string { return x.ID }, (*validator).checkVPC),
			compileRank: 10, compile: compileVPCs,
			nodeRank: 2, nodes: vpcNodes, label: routerLabel, place: routerPlace,
			dotShape: "diamond", mermaidShape: [2]string{"{{", "}}"},
		},
		kindSubnet: {
			component: KindSubnet, resource: "subnet", field: "subnets",
			decls:       declare(func(n *Network) []vpc.Subnet { return n.Subnets }, func(x *vpc.Subnet) string { return x.ID }, (*validator).checkSubnet),
			compileRank: 80, reads: []kind{kindVPC, kindACL}, compile: compileSubnets,
			nodeRank: 3, nodes: subnetNodes, edges: subnetEdges, label: subnetLabel, place: subnetPlace,
			dotShape: "tab", mermaidShape: [2]string{"[/", "/]"},
		},
		kindRouteTable: {
			resource: "route-table", field: "routeTables",
			decls:       declare(func(n *Network) []vpc.RouteTable { return n.RouteTables }, func(x *vpc.RouteTable) string { return x.ID }, (*validator).checkRouteTable),
			compileRank: 110, compile: compileRouteTables,
			reads: []kind{kindVPC, kindSubnet, kindPrefixList, kindIGW, kindEIGW, kindENI, kindPeering, kindTGW, kindVPCE, kindAWSService, kindVGW, kindDXGW},
			size:  func(m *Model) int { return len(m.rtbs) }, dests: rtbDests,
		},
		kindIGW: {
			component: KindInternetGateway, resource: "internet-gateway", field: "internetGateways", target: vpc.TargetInternetGateway,
			decls:       declare(func(n *Network) []vpc.InternetGateway { return n.InternetGateways }, func(x *vpc.InternetGateway) string { return x.ID }, (*validator).checkIGW),
			checkTarget: checkIGWTarget,
			compileRank: 30, reads: []kind{kindVPC}, compile: compileIGWs,
			nodeRank: 5, nodes: igwNodes, edges: igwEdges, label: igwLabel, place: igwPlace,
			dotShape: "invhouse", mermaidShape: [2]string{">", "]"},
		},
		kindEIGW: {
			component: KindEgressOnly, resource: "egress-only-internet-gateway", field: "egressOnlyInternetGateways", target: vpc.TargetEgressOnlyGateway,
			decls:       declare(func(n *Network) []vpc.EgressOnlyInternetGateway { return n.EgressOnlyInternetGateways }, func(x *vpc.EgressOnlyInternetGateway) string { return x.ID }, (*validator).checkEIGW),
			checkTarget: checkEIGWTarget,
			compileRank: 40, reads: []kind{kindVPC}, compile: compileEIGWs,
			nodeRank: 6, nodes: eigwNodes, edges: eigwEdges, label: eigwLabel, place: eigwPlace,
			dotShape: "invhouse", mermaidShape: [2]string{">", "]"},
		},
		kindNAT: {
			component: KindNATGateway, resource: "nat-gateway", field: "natGateways", target: vpc.TargetNATGateway,
			decls:       declare(func(n *Network) []vpc.NATGateway { return n.NATGateways }, func(x *vpc.NATGateway) string { return x.ID }, (*validator).checkNAT),
			demand:      natDemand,
			checkTarget: checkNATTarget,
			interfaces:  natInterfaces, targetENI: func(m *Model, i int32) eniIdx { return m.nats[i].eni },
			label: natLabel, place: natPlace, viaSubnet: true,
			dotShape: "hexagon", mermaidShape: [2]string{"[[", "]]"},
		},
		kindSG: {
			resource: "security-group", field: "securityGroups",
			decls:       declare(func(n *Network) []vpc.SecurityGroup { return n.SecurityGroups }, func(x *vpc.SecurityGroup) string { return x.ID }, (*validator).checkSG),
			compileRank: 60, reads: []kind{kindVPC, kindPrefixList, kindPeering}, compile: compileSGs,
			size: func(m *Model) int { return len(m.sgs) }, rules: sgRuleLists,
		},
		kindACL: {
			resource: "network-acl", field: "networkAcls",
			decls:       declare(func(n *Network) []vpc.NetworkACL { return n.NetworkACLs }, func(x *vpc.NetworkACL) string { return x.ID }, (*validator).checkACL),
			compileRank: 70, reads: []kind{kindVPC}, compile: compileACLs,
			size: func(m *Model) int { return len(m.acls) }, rules: aclRuleLists,
		},
		kindPrefixList: {
			resource: "prefix-list", field: "prefixLists",
			decls:       declare(func(n *Network) []vpc.PrefixList { return n.PrefixLists }, func(x *vpc.PrefixList) string { return x.ID }, (*validator).checkPrefixList),
			compileRank: 20, compile: compilePrefixLists,
		},
		kindENI: {
			component: KindInterface, resource: "network-interface", field: "networkInterfaces", target: vpc.TargetNetworkInterface,
			decls:       declare(func(n *Network) []vpc.NetworkInterface { return n.NetworkInterfaces }, func(x *vpc.NetworkInterface) string { return x.ID }, (*validator).checkENI),
			demand:      eniDemand,
			checkTarget: checkENITarget,
			compileRank: 90, reads: []kind{kindVPC, kindSubnet, kindSG}, compile: compileInterfaces,
			targetENI: func(m *Model, i int32) eniIdx { return eniIdx(i) },
			nodeRank:  4, nodes: eniNodes, edges: eniEdges, label: eniLabel, place: eniPlace, viaSubnet: true,
			dotShape: "box", mermaidShape: [2]string{"[", "]"},
		},
		kindPeering: {
			component: KindPeering, resource: "vpc-peering-connection", field: "peeringConnections", target: vpc.TargetPeeringConnection,
			decls:       declare(func(n *Network) []vpc.PeeringConnection { return n.PeeringConnections }, func(x *vpc.PeeringConnection) string { return x.ID }, (*validator).checkPeering),
			checkTarget: checkPeeringTarget,
			compileRank: 50, reads: []kind{kindVPC}, compile: compilePeerings,
			nodeRank: 7, nodes: peeringNodes, edges: peeringEdges, label: peeringLabel,
			dotShape: "box3d", mermaidShape: [2]string{"([", "])"},
		},
		kindTGW: {
			component: KindTransitGateway, resource: "transit-gateway", field: "transitGateways", target: vpc.TargetTransitGateway,
			decls:       declare(func(n *Network) []vpc.TransitGateway { return n.TransitGateways }, func(x *vpc.TransitGateway) string { return x.ID }, (*validator).checkTGW),
			checkTarget: checkTGWTarget,
			compileRank: 100, reads: []kind{kindVPC, kindSubnet, kindVPN, kindDXGW}, compile: compileTransitGateways,
			nodeRank: 8, nodes: tgwNodes, edges: tgwEdges, label: tgwLabel, viaSubnet: true,
			dotShape: "doubleoctagon", mermaidShape: [2]string{"{{", "}}"},
		},
		kindTGWAttachment: {
			resource: "transit-gateway-attachment", field: "transitGatewayAttachments",
			decls:  declare(func(n *Network) []vpc.TransitGatewayAttachment { return n.TransitGatewayAttachments }, func(x *vpc.TransitGatewayAttachment) string { return x.ID }, (*validator).checkTGWAttachment),
			demand: tgwAttachmentDemand,
		},
		kindTGWRouteTable: {
			resource: "transit-gateway-route-table", field: "transitGatewayRouteTables",
			decls: declare(func(n *Network) []vpc.TransitGatewayRouteTable { return n.TransitGatewayRouteTables }, func(x *vpc.TransitGatewayRouteTable) string { return x.ID }, (*validator).checkTGWRouteTable),
			size:  func(m *Model) int { return len(m.tgwRTBs) }, dests: tgwRTBDests,
		},
		kindLB: {
			component: KindLoadBalancer, resource: "load-balancer", field: "loadBalancers",
			decls:       declare(func(n *Network) []elb.LoadBalancer { return n.LoadBalancers }, func(x *elb.LoadBalancer) string { return x.ID }, (*validator).checkLB),
			demand:      lbDemand,
			compileRank: 85, reads: []kind{kindVPC}, compile: compileLBs,
			interfaces: lbInterfaces,
			nodeRank:   9, nodes: lbNodes, edges: lbEdges, label: lbLabel, place: lbPlace,
			dotShape: "trapezium", mermaidShape: [2]string{"[/", "\\]"},
			size: func(m *Model) int { return len(m.lbs) }, rules: lbRuleLists,
		},
		kindListener: {
			resource: "listener", field: "listeners",
			decls: declare(func(n *Network) []elb.Listener { return n.Listeners }, func(x *elb.Listener) string { return x.ID }, (*validator).checkListener),
		},
		kindTargetGroup: {
			resource: "target-group", field: "targetGroups",
			decls:       declare(func(n *Network) []elb.TargetGroup { return n.TargetGroups }, func(x *elb.TargetGroup) string { return x.ID }, (*validator).checkTargetGroup),
			compileRank: 95, reads: []kind{kindVPC, kindENI, kindLB}, compile: compileTargetGroups,
		},
		kindVPCE: {
			component: KindVPCEndpoint, resource: "vpc-endpoint", field: "vpcEndpoints", target: vpc.TargetVPCEndpoint,
			decls:       declare(func(n *Network) []endpoint.Endpoint { return n.VPCEndpoints }, func(x *endpoint.Endpoint) string { return x.ID }, (*validator).checkVPCE),
			demand:      vpceDemand,
			checkTarget: checkVPCETarget,
			compileRank: 87, reads: []kind{kindVPC, kindAWSService, kindEndpointService}, compile: compileVPCEs,
			interfaces: vpceInterfaces,
			nodeRank:   13, nodes: vpceNodes, edges: vpceEdges, label: vpceLabel, place: vpcePlace,
			dotShape: "cds", mermaidShape: [2]string{"[\\", "/]"},
		},
		kindEndpointService: {
			component: KindEndpointService, resource: "vpc-endpoint-service", field: "endpointServices",
			decls:       declare(func(n *Network) []endpoint.Service { return n.EndpointServices }, func(x *endpoint.Service) string { return x.ID }, (*validator).checkEndpointService),
			compileRank: 86, reads: []kind{kindVPC, kindLB}, compile: compileEndpointServices,
			nodeRank: 12, nodes: esvcNodes, edges: esvcEdges, label: esvcLabel, place: esvcPlace,
			dotShape: "component", mermaidShape: [2]string{"[[", "]]"},
		},
		kindEndpointConnection: {
			resource: "vpc-endpoint-connection", field: "endpointConnections",
			decls:       declare(func(n *Network) []endpoint.Connection { return n.EndpointConnections }, connectionID, (*validator).checkConnection),
			compileRank: 96, reads: []kind{kindVPCE, kindENI, kindEndpointService, kindAWSService}, compile: compileConnections,
		},
		kindResourcePolicy: {
			resource: "resource-policy", field: "resourcePolicies",
			decls: declare(func(n *Network) []endpoint.ResourcePolicy { return n.ResourcePolicies }, func(x *endpoint.ResourcePolicy) string { return x.ID }, (*validator).checkResourcePolicy),
		},
		kindServiceNetwork: {
			component: KindServiceNetwork, resource: "service-network", field: "serviceNetworks",
			decls:    declare(func(n *Network) []lattice.ServiceNetwork { return n.ServiceNetworks }, func(x *lattice.ServiceNetwork) string { return x.ID }, (*validator).checkServiceNetwork),
			nodeRank: 10, nodes: snNodes, label: snLabel,
			dotShape: "component", mermaidShape: [2]string{"[(", ")]"},
		},
		kindSNVPCAssociation: {
			resource: "service-network-vpc-association", field: "serviceNetworkVpcAssociations",
			decls: declare(func(n *Network) []lattice.ServiceNetworkVPCAssociation { return n.ServiceNetworkVPCAssociations }, func(x *lattice.ServiceNetworkVPCAssociation) string { return x.ID }, (*validator).checkSNVPCAssociation),
		},
		kindSNServiceAssociation: {
			resource: "service-network-service-association", field: "serviceNetworkServiceAssociations",
			decls: declare(func(n *Network) []lattice.ServiceNetworkServiceAssociation {
				return n.ServiceNetworkServiceAssociations
			}, func(x *lattice.ServiceNetworkServiceAssociation) string { return x.ID }, (*validator).checkSNServiceAssociation),
		},
		kindLatticeService: {
			component: KindLatticeService, resource: "lattice-service", field: "latticeServices",
			decls:       declare(func(n *Network) []lattice.Service { return n.LatticeServices }, func(x *lattice.Service) string { return x.ID }, (*validator).checkLatticeService),
			compileRank: 97, reads: []kind{kindVPC, kindSG, kindENI, kindLB}, compile: compileLattice,
			nodeRank: 11, nodes: svcNodes, edges: latticeEdges, label: svcLabel,
			dotShape: "cds", mermaidShape: [2]string{"[/", "/]"},
			size: func(m *Model) int { return len(m.svcs) }, rules: svcPortRules,
		},
		kindLatticeTargetGroup: {
			resource: "lattice-target-group", field: "latticeTargetGroups",
			decls: declare(func(n *Network) []lattice.TargetGroup { return n.LatticeTargetGroups }, func(x *lattice.TargetGroup) string { return x.ID }, (*validator).checkLatticeTargetGroup),
		},
		kindResourceShare: {
			resource: "resource-share", field: "resourceShares",
			decls: declare(func(n *Network) []lattice.ResourceShare { return n.ResourceShares }, func(x *lattice.ResourceShare) string { return x.ID }, (*validator).checkResourceShare),
		},
		kindAccount: {
			resource: "account", field: "accounts",
			decls: declare(func(n *Network) []lattice.Account { return n.Accounts }, func(x *lattice.Account) string { return x.ID }, (*validator).checkAccount),
		},
		kindOnPrem: {
			component: KindOnPrem, resource: "on-premises-network", field: "onPremNetworks",
			decls:       declare(func(n *Network) []vpc.OnPremNetwork { return n.OnPremNetworks }, func(x *vpc.OnPremNetwork) string { return x.ID }, (*validator).checkOnPrem),
			compileRank: 5, compile: compileOnPrem,
			nodeRank: 20, nodes: onPremNodes, label: onPremLabel,
			size: func(m *Model) int { return len(m.onprems) }, dests: onPremDests,
			dotShape: "house", mermaidShape: [2]string{"[(", ")]"},
		},
		kindCGW: {
			resource: "customer-gateway", field: "customerGateways",
			decls: declare(func(n *Network) []vpc.CustomerGateway { return n.CustomerGateways }, func(x *vpc.CustomerGateway) string { return x.ID }, (*validator).checkCGW),
			// What the on-premises networks learn from AWS, once the AWS
			// side is compiled.
			compileRank: 115, reads: []kind{kindOnPrem, kindVGW, kindVPN, kindDXGW, kindTGW}, compile: learnOnPrem,
		},
		kindVGW: {
			component: KindVPNGateway, resource: "virtual-private-gateway", field: "vpnGateways", target: vpc.TargetVPNGateway,
			decls:       declare(func(n *Network) []vpc.VPNGateway { return n.VPNGateways }, func(x *vpc.VPNGateway) string { return x.ID }, (*validator).checkVGW),
			checkTarget: checkVGWTarget,
			compileRank: 35, reads: []kind{kindVPC}, compile: compileVGWs,
			nodeRank: 21, nodes: vgwNodes, edges: vgwEdges, label: vgwLabel, place: vgwPlace,
			size: func(m *Model) int { return len(m.vgws) }, dests: vgwDests,
			dotShape: "invhouse", mermaidShape: [2]string{">", "]"},
		},
		kindVPN: {
			component: KindVPNConnection, resource: "vpn-connection", field: "vpnConnections",
			decls:       declare(func(n *Network) []vpc.VPNConnection { return n.VPNConnections }, func(x *vpc.VPNConnection) string { return x.ID }, (*validator).checkVPN),
			compileRank: 98, reads: []kind{kindOnPrem, kindVGW}, compile: compileVPNs,
			nodeRank: 22, nodes: vpnNodes, edges: vpnEdges, label: vpnLabel,
			dotShape: "parallelogram", mermaidShape: [2]string{"[\\", "\\]"},
		},
		kindDXGW: {
			component: KindDirectConnectGateway, resource: "direct-connect-gateway", field: "directConnectGateways",
			decls:       declare(func(n *Network) []vpc.DirectConnectGateway { return n.DirectConnectGateways }, func(x *vpc.DirectConnectGateway) string { return x.ID }, (*validator).checkDXGW),
			compileRank: 99, reads: []kind{kindOnPrem, kindVGW, kindVPN}, compile: compileDXGWs,
			nodeRank: 23, nodes: dxgwNodes, edges: dxgwEdges, label: dxgwLabel,
			size: func(m *Model) int { return len(m.dxgws) }, dests: dxgwDests,
			dotShape: "octagon", mermaidShape: [2]string{"{{", "}}"},
		},
		kindVIF: {
			component: KindVirtualInterface, resource: "virtual-interface", field: "virtualInterfaces",
			decls: declare(func(n *Network) []vpc.VirtualInterface { return n.VirtualInterfaces }, func(x *vpc.VirtualInterface) string { return x.ID }, (*validator).checkVIF),
		},
		kindResourceGateway: {
			component: KindResourceGateway, resource: "resource-gateway", field: "resourceGateways",
			decls:       declare(func(n *Network) []lattice.ResourceGateway { return n.ResourceGateways }, func(x *lattice.ResourceGateway) string { return x.ID }, (*validator).checkResourceGateway),
			demand:      rgwDemand,
			compileRank: 88, reads: []kind{kindVPC}, compile: compileResourceGateways,
			interfaces: rgwInterfaces,
			nodeRank:   15, nodes: rgwNodes, edges: rgwEdges, label: rgwLabel, place: rgwPlace,
			dotShape: "house", mermaidShape: [2]string{"[\\", "\\]"},
		},
		kindResourceConfiguration: {
			component: KindResourceConfiguration, resource: "resource-configuration", field: "resourceConfigurations",
			decls:       declare(func(n *Network) []lattice.ResourceConfiguration { return n.ResourceConfigurations }, func(x *lattice.ResourceConfiguration) string { return x.ID }, (*validator).checkResourceConfiguration),
			compileRank: 101, reads: []kind{kindVPC, kindSubnet, kindENI, kindResourceGateway, kindLatticeService, kindVPCE}, compile: compileResourceConfigurations,
			nodeRank: 16, nodes: rcfgNodes, edges: rcfgEdges, label: rcfgLabel,
			dotShape: "folder", mermaidShape: [2]string{"[(", ")]"},
			size: func(m *Model) int { return len(m.rcfgs) }, rules: rcfgPortRules,
		},
		kindSNResourceAssociation: {
			resource: "service-network-resource-association", field: "serviceNetworkResourceAssociations",
			decls: declare(func(n *Network) []lattice.ServiceNetworkResourceAssociation {
				return n.ServiceNetworkResourceAssociations
			}, func(x *lattice.ServiceNetworkResourceAssociation) string { return x.ID }, (*validator).checkSNResourceAssociation),
		},
		kindInternet: {
			component: KindInternet,
			nodeRank:  1, nodes: internetNodes, label: func(*Model, int32) []string { return []string{internetID} },
			dotShape: "ellipse", mermaidShape: [2]string{"((", "))"},
		},
		kindDNS: {component: KindDNS},
		kindAWSService: {
			component:   KindAWSService,
			compileRank: 25, reads: []kind{kindVPC, kindPrefixList}, compile: compileServices,
			nodeRank: 14, nodes: serviceNodes, edges: serviceEdges, label: serviceLabel,
			dotShape: "cylinder", mermaidShape: [2]string{"[(", ")]"},
		},
	}
	compileOrder = kindsBy(func(k *kindInfo) int { return k.compileRank }, func(k *kindInfo) bool { return k.compile != nil })
	nodeOrder = kindsBy(func(k *kindInfo) int { return k.nodeRank }, func(k *kindInfo) bool { return k.nodes != nil })
}

// kindsBy returns the kinds that have, sorted by rank.
func kindsBy(rank func(*kindInfo) int, has func(*kindInfo) bool) []kind {
	var out []kind
	for k := range kinds {
		if has(&kinds[k]) {
			out = append(out, kind(k))
		}
	}
	slices.SortStableFunc(out, func(a, b kind) int { return rank(&kinds[a]) - rank(&kinds[b]) })
	return out
}

// String returns the kind's resource name, or its component kind for the
// kinds nothing declares.
func (k kind) String() string {
	if k >= numKinds {
		return "unknown"
	}
	if kinds[k].resource != "" {
		return kinds[k].resource
	}
	return string(kinds[k].component)
}

// targetKind returns the kind that route target kind tk names.
func targetKind(tk vpc.TargetKind) (kind, bool) {
	for k := range kinds {
		if tk != "" && kinds[k].target == tk {
			return kind(k), true
		}
	}
	return 0, false
}

// targetKindList lists the route target kinds AWS accepts: "local, a, b or
// c".
func targetKindList() string {
	names := []string{string(vpc.TargetLocal)}
	for k := range kinds {
		if kinds[k].target != "" {
			names = append(names, string(kinds[k].target))
		}
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// index is the typed index of a compiled component in its kind's slice of
// the Model (vpcIdx, eniIdx, ...). Each kind's index type is distinct, so
// that the compiler catches an interface index passed for a subnet index;
// every one has the sentinel -1 for "none" (noVPC, noENI, ...).
type index interface {
	~int32
	kind() kind
}

// refOf returns the ref of component i.
func refOf[I index](i I) ref { return ref{i.kind(), int32(i)} }

// lookup returns the component of I's kind with ID id, or -1 and false.
func lookup[I index](m *Model, id string) (I, bool) {
	var none I
	i, ok := m.find(none.kind(), id)
	return I(i), ok
}

// find returns the index of the component of kind k with ID id, or -1 and
// false.
func (m *Model) find(k kind, id string) (int32, bool) {
	r, ok := m.ids[id]
	if !ok || r.kind != k {
		return -1, false
	}
	return r.idx, true
}
