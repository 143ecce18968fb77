package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/policy"
)

// Model is a compiled [Network]: immutable, indexed for queries and safe for
// concurrent use by any number of goroutines. It is also a directed graph of
// the network's components (see graph.go).
//
// Build one with [Compile]. The methods of a nil *Model do not panic: those
// that return an error return one wrapping [ErrNil], the others answer as
// for an empty network (no nodes, no components, "<nil>" as String).
type Model struct {
	vpcs    []cVPC
	subnets []cSubnet
	enis    []cENI
	sgs     []cSG
	acls    []cACL
	rtbs    []cRTB
	igws    []cIGW
	eigws   []cEIGW
	nats    []cNAT
	pls     []cPL
	pcxs    []cPCX
	tgws    []cTGW
	tgwAtts []cTGWAttach
	tgwRTBs []cTGWRTB
	lbs     []cLB
	tgs     []cTG
	// AWS services, resource policies, VPC endpoints and endpoint
	// services (see kind_awsservice.go, kind_endpoint.go and
	// kind_endpointservice.go).
	awsSvcs   []cService
	rps       []cResourcePolicy
	vpces     []cVPCE
	esvcs     []cESvc
	awsByName map[string]awsIdx      // by service name
	awsDNS    map[string]awsIdx      // by default DNS name ("*." names too)
	awsRanges []awsRange             // the services' addresses, sorted, disjoint
	awsBounds []netip.Addr           // the bounds of awsRanges
	vpcVPCEs  [][]vpceIdx            // the endpoints of each VPC
	vpceDNS   map[string]vpceDNSName // endpoints' own DNS names
	esvcDNS   map[string]esvcIdx     // endpoint services' private DNS names
	sns       []cSN
	snvas     []cSNVA
	svcs      []cSvc
	ltgs      []cLTG
	rgws      []cRGW
	rcfgs     []cRCfg
	// callers are the candidate callers of Lattice services' auth
	// policies (see lattice_access.go).
	callers []policy.Principal
	// Hybrid connectivity (kind_onprem.go, kind_vgw.go, kind_vpn.go,
	// kind_dxgw.go).
	onprems []cOnPrem
	cgws    []cCGW
	vgws    []cVGW
	vpns    []cVPN
	dxgws   []cDXGW
	vifs    []cVIF
	// sgRefOK holds, for VPC pairs (lower index first), how (refPeering,
	// refTGW) one may reference the other's security groups; see kind_sg.go.
	sgRefOK map[[2]vpcIdx]uint8

	// vpcIndex narrows an address to the VPCs that may hold it (see
	// vpcindex.go).
	vpcIndex vpcAtoms

	azs      []string              // Availability Zone names, sorted
	ids      map[string]ref        // every resource ID, declared and synthesized
	byPublic map[netip.Addr]eniIdx // public IPv4 -> interface
	// hostByPublic maps the public IPv4 address of a subnet host to its
	// subnet.
	hostByPublic map[netip.Addr]subnetIdx

	// wl holds what compile knows of the network's workloads and of the
	// failure it was compiled with (nil when neither; see workloads.go).
	wl *workloadModel

	// srcGroups groups the interfaces WhoCanReach and Exposure start
	// from, on first use (see sourcegroups.go).
	srcGroups sourceGroupCache

	nodes   []node // graph nodes; see graph.go
	nodeIDs map[string]int32
	adj     [][]int32
	radj    [][]int32
}

// ref locates a compiled component: its kind and its index in the kind's
// slice of the Model.
type ref struct {
	kind kind
	idx  int32
}

// Compile validates n and builds its [Model]. It returns the validation
// errors, if any, instead of a model; a nil n is an [ErrNil] error. The
// model keeps no reference to n: changing n afterwards changes nothing.
func Compile(n *Network) (*Model, error) {
	if n == nil {
		return nil, errNilNetwork()
	}
	return compile(n, nil)
}

// compile prepares n (expanding its workloads, then taking away what
// fail names) and builds its Model.
func compile(n *Network, fail *Failure) (*Model, error) {
	p, err := prepare(n, fail)
	if err != nil {
		return nil, err
	}
	return build(p), nil
}

// build builds the Model of a prepared network.
func build(p *prepared) *Model {
	n := p.net
	size := len(n.NetworkInterfaces) + len(n.NATGateways) + len(n.Subnets) + len(n.SecurityGroups)
	c := compiler{n: n, fail: p.fail, m: &Model{ids: make(map[string]ref, size), byPublic: map[netip.Addr]eniIdx{}, hostByPublic: map[netip.Addr]subnetIdx{}}}
	c.build()
	c.m.wl = p.model(c.m)
	return c.m
}

// compiler builds a Model from a validated Network.
type compiler struct {
	n *Network
	m *Model
	// fail is what CompileWithout took away, or nil.
	fail *failed
}

// add records the ID of component i.
func add[I index](c *compiler, id string, i I) {
	c.m.ids[id] = refOf(i)
}

// indexOf returns the component of I's kind with ID id, or -1.
func indexOf[I index](c *compiler, id string) I {
	i, _ := lookup[I](c.m, id)
	return i
}

// build runs the kinds' compile steps in order, then lays out the graph.
// Each kind is indexed in ID order, so that no index depends on the order
// of the declarations.
func (c *compiler) build() {
	for _, k := range compileOrder {
		kinds[k].compile(c)
	}
	c.buildGraph()
}

// sortedBy returns a copy of s sorted by key.
func sortedBy[T any](s []T, key func(T) string) []T {
	out := slices.Clone(s)
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
	return out
}

// String describes the model's size ("<nil>" for a nil model).
func (m *Model) String() string {
	if m == nil {
		return "<nil>"
	}
	return fmt.Sprintf("model: %d vpcs, %d subnets, %d interfaces", len(m.vpcs), len(m.subnets), len(m.enis))
}

// ruleLists returns the two rule lists of a security group (ingress,
// egress) or network ACL (inbound, outbound) table, or nothing.
func (m *Model) ruleLists(r ref) [2][]cRule {
	if f := kinds[r.kind].rules; f != nil {
		return f(m, r.idx)
	}
	return [2][]cRule{}
}
