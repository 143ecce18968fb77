package workload

import (
	"cmp"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// EKSCluster is an Amazon EKS cluster: the interfaces EKS places in the
// cluster's subnets, the cluster security group EKS creates, and node
// groups whose nodes and pods take addresses through the Amazon VPC CNI
// plugin. Clusters are IPv4 clusters.
type EKSCluster struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Subnets are the cluster's subnets: at least two, in at least two
	// Availability Zones, all in one VPC. EKS places its cluster
	// interfaces in them.
	Subnets []string `json:"subnets"`
	// ClusterInterfaces is how many interfaces EKS places in Subnets: 2–4;
	// zero means 2.
	ClusterInterfaces int `json:"clusterInterfaces,omitempty"`
	// SecurityGroups are additional groups for the cluster interfaces, on
	// top of the cluster security group. EKS does not give them to nodes.
	SecurityGroups []string    `json:"securityGroups,omitempty"`
	NodeGroups     []NodeGroup `json:"nodeGroups,omitempty"`
	CNI            CNI         `json:"cni,omitzero"`
}

// ClusterSecurityGroupID returns the ID of the cluster security group
// expansion creates for the cluster with the given ID. Declared security
// group rules may name it as their peer before it exists.
func ClusterSecurityGroupID(clusterID string) string { return clusterID + "/cluster-sg" }

// clusterInterfaces returns the number of cluster interfaces (2 unless
// declared).
func (c *EKSCluster) clusterInterfaces() int {
	if c.ClusterInterfaces == 0 {
		return 2
	}
	return c.ClusterInterfaces
}

// NodeGroup is a group of EKS nodes of one instance type spread over its
// subnets, each running PodsPerNode pods with VPC addresses.
type NodeGroup struct {
	// Name is unique in the cluster; generated IDs contain it.
	Name string `json:"name"`
	// InstanceType names a type of the built-in table
	// ([LookupInstanceType]) unless Limits declares it.
	InstanceType string `json:"instanceType"`
	// Limits, when set, gives the network limits of InstanceType (for
	// types not in the table, or to model a change).
	Limits *InstanceType `json:"limits,omitempty"`
	// DesiredSize is the number of nodes.
	DesiredSize int `json:"desiredSize"`
	// Subnets are where the nodes go, spread evenly over their
	// Availability Zones. They must be in the cluster's VPC but need not
	// be the cluster's subnets.
	Subnets []string `json:"subnets"`
	// SecurityGroups are the groups of the nodes' interfaces. None means
	// the cluster security group, which EKS gives to managed node groups
	// launched without security groups of their own; with groups given
	// (a launch template's), name the cluster group
	// ([ClusterSecurityGroupID]) here too if the nodes need it.
	SecurityGroups []string `json:"securityGroups,omitempty"`
	// PodsPerNode is how many pods with a VPC address run on each node
	// (host-network pods such as kube-proxy and the CNI itself take none).
	// It may not exceed the node's max pods minus those two.
	PodsPerNode int `json:"podsPerNode,omitempty"`
	// MaxPods is the kubelet's max-pods setting; zero means the value the
	// EKS AMI computes ([InstanceType.MaxPods]).
	MaxPods int `json:"maxPods,omitempty"`
}

// limits returns the node group's instance limits.
func (g *NodeGroup) limits() (InstanceType, bool) {
	if g.Limits != nil {
		t := *g.Limits
		if t.Name == "" {
			t.Name = g.InstanceType
		}
		return t, true
	}
	return LookupInstanceType(g.InstanceType)
}

// CNI holds the Amazon VPC CNI plugin settings that decide how many
// addresses each node holds. The zero value is the plugin's default:
// single secondary addresses, keeping one spare interface's worth of
// addresses warm.
type CNI struct {
	// PrefixDelegation (ENABLE_PREFIX_DELEGATION) assigns /28 prefixes
	// instead of single addresses, on Nitro instances; other instances
	// keep single addresses.
	PrefixDelegation bool `json:"prefixDelegation,omitempty"`
	// WarmENITarget (WARM_ENI_TARGET) is how many interfaces' worth of
	// free addresses a node keeps; nil means 1. It applies only when
	// neither WarmIPTarget nor MinimumIPTarget is set, and not with
	// prefix delegation.
	WarmENITarget *int `json:"warmEniTarget,omitempty"`
	// WarmIPTarget (WARM_IP_TARGET) is how many free addresses a node
	// keeps; zero means unset.
	WarmIPTarget int `json:"warmIpTarget,omitempty"`
	// MinimumIPTarget (MINIMUM_IP_TARGET) is how many addresses a node
	// holds at least; zero means unset.
	MinimumIPTarget int `json:"minimumIpTarget,omitempty"`
	// WarmPrefixTarget (WARM_PREFIX_TARGET) is how many free /28 prefixes
	// a node keeps with prefix delegation; nil means 1. WarmIPTarget and
	// MinimumIPTarget override it.
	WarmPrefixTarget *int `json:"warmPrefixTarget,omitempty"`
}

// ipTargets reports whether the address targets (WARM_IP_TARGET,
// MINIMUM_IP_TARGET) are in use; they override the interface and prefix
// targets.
func (c CNI) ipTargets() bool { return c.WarmIPTarget > 0 || c.MinimumIPTarget > 0 }

func (c CNI) warmENITarget() int {
	if c.WarmENITarget == nil {
		return 1
	}
	return *c.WarmENITarget
}

func (c CNI) warmPrefixTarget() int {
	if c.WarmPrefixTarget == nil {
		return 1
	}
	return *c.WarmPrefixTarget
}

// NodeAddresses is how a node holds its addresses: how many interfaces are
// attached, and how many secondary addresses (or /28 prefixes) each one
// holds beyond its own primary address. Pods take the secondary addresses
// (or the addresses of the prefixes) in order, first interface first.
type NodeAddresses struct {
	// Secondary is the number of secondary addresses per attached
	// interface (single-address mode).
	Secondary []int `json:"secondary,omitempty"`
	// Prefixes is the number of /28 prefixes per attached interface
	// (prefix delegation).
	Prefixes []int `json:"prefixes,omitempty"`
}

// ENIs is the number of attached interfaces.
func (a NodeAddresses) ENIs() int { return max(len(a.Secondary), len(a.Prefixes)) }

// Addresses is the number of single addresses the node holds: one primary
// per interface plus every secondary address.
func (a NodeAddresses) Addresses() int {
	n := a.ENIs()
	for _, s := range a.Secondary {
		n += s
	}
	return n
}

// PrefixCount is the number of /28 prefixes the node holds.
func (a NodeAddresses) PrefixCount() int {
	n := 0
	for _, p := range a.Prefixes {
		n += p
	}
	return n
}

// PodCapacity is how many pods the held addresses can serve.
func (a NodeAddresses) PodCapacity() int {
	return a.Addresses() - a.ENIs() + a.PrefixCount()*IPsPerPrefix
}

// NodeAddressing returns how a node of type t holds addresses for pods
// pods under the CNI settings c, following the VPC CNI plugin's warm-pool
// rules:
//
//   - Single addresses, WARM_ENI_TARGET (the default): every attached
//     interface is filled with all its secondary addresses, and the node
//     attaches interfaces until WARM_ENI_TARGET whole interfaces' worth
//     are free: ceil(pods / (IPv4 per ENI − 1)) + target interfaces, at
//     most the instance's maximum, at least one.
//   - Single addresses, WARM_IP_TARGET / MINIMUM_IP_TARGET: the node holds
//     max(MINIMUM_IP_TARGET, pods + WARM_IP_TARGET) secondary addresses
//     (at most what its interfaces hold), filling interfaces in order.
//   - Prefix delegation, WARM_PREFIX_TARGET: ceil(pods / 16) + target
//     prefixes, filling each interface's slots before attaching the next.
//   - Prefix delegation with the address targets: enough prefixes for
//     max(MINIMUM_IP_TARGET, pods + WARM_IP_TARGET) addresses.
//
// Prefix delegation asked for on an instance that is not Nitro-based
// falls back to single addresses. NodeAddressing does not check pods
// against the node's max pods.
func NodeAddressing(t InstanceType, c CNI, pods int) NodeAddresses {
	slots := t.IPv4PerENI - 1 // secondary addresses or prefixes per interface
	if slots < 1 || t.MaxENIs < 1 || t.MaxENIs > maxLimit || t.IPv4PerENI > maxLimit {
		return NodeAddresses{Secondary: []int{0}}
	}
	pods = max(pods, 0)
	fill := func(total int) []int {
		enis := max(1, ceilDiv(total, slots))
		out := make([]int, enis)
		for i := range out {
			out[i] = min(slots, total)
			total -= out[i]
		}
		return out
	}
	// Targets beyond what the node can hold are clamped first, so that no
	// sum below overflows.
	most := t.MaxENIs * slots // secondary addresses or prefixes
	pods = min(pods, most*IPsPerPrefix)
	warmIP, minIP := min(c.WarmIPTarget, most*IPsPerPrefix), min(c.MinimumIPTarget, most*IPsPerPrefix)
	if t.prefixDelegation(c.PrefixDelegation) {
		var prefixes int
		if c.ipTargets() {
			prefixes = ceilDiv(max(minIP, pods+warmIP), IPsPerPrefix)
		} else {
			prefixes = ceilDiv(pods, IPsPerPrefix) + min(c.warmPrefixTarget(), most)
		}
		prefixes = min(max(prefixes, 1), most)
		return NodeAddresses{Prefixes: fill(prefixes)}
	}
	if c.ipTargets() {
		secondary := min(max(minIP, pods+warmIP), most)
		return NodeAddresses{Secondary: fill(secondary)}
	}
	enis := min(t.MaxENIs, max(1, ceilDiv(pods, slots)+min(c.warmENITarget(), t.MaxENIs)))
	out := make([]int, enis)
	for i := range out {
		out[i] = slots
	}
	return NodeAddresses{Secondary: out}
}

func ceilDiv(a, b int) int {
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}

// clusterSecurityGroup returns the security group EKS creates for a
// cluster: all traffic in from members of the group itself, all traffic
// out to anywhere (IPv4).
func clusterSecurityGroup(c *EKSCluster, vpcID string) vpc.SecurityGroup {
	id := ClusterSecurityGroupID(c.ID)
	name := c.Name
	if name == "" {
		name = c.ID
	}
	return vpc.SecurityGroup{
		ID:      id,
		Name:    "eks-cluster-sg-" + name,
		VPC:     vpcID,
		Ingress: []vpc.SGRule{{Protocol: vpc.ProtocolAll, Group: id, Description: "all traffic from the cluster security group"}},
		Egress:  []vpc.SGRule{{Protocol: vpc.ProtocolAll, CIDR: netip.MustParsePrefix("0.0.0.0/0"), Description: "all traffic out"}},
		Tags:    map[string]string{"kubernetes.io/cluster/" + name: "owned", "aws:eks:cluster-name": name},
	}
}

// Subnet tags the AWS Load Balancer Controller reads to find the subnets
// of internet-facing and internal load balancers.
const (
	TagRoleELB         = "kubernetes.io/role/elb"
	TagRoleInternalELB = "kubernetes.io/role/internal-elb"
)

// LoadBalancerSubnets returns the subnets the AWS Load Balancer Controller
// discovers for a load balancer in vpcID: subnets tagged
// kubernetes.io/role/elb (internet-facing) or
// kubernetes.io/role/internal-elb (internal) with value "1" or "", with at
// least eight free addresses when free is given (free maps subnet ID to
// free addresses; a nil map skips the check), one per Availability Zone,
// the lexicographically first subnet ID where a zone has several. The
// result is sorted by zone. An Application Load Balancer needs two of
// them; none means the controller finds nowhere to put it (a lint).
//
// Newer controllers fall back to routing-based discovery when no subnet
// carries a role tag; that needs route tables and is not modelled here.
func LoadBalancerSubnets(subnets []vpc.Subnet, vpcID string, internal bool, free map[string]int) []string {
	key := TagRoleELB
	if internal {
		key = TagRoleInternalELB
	}
	best := map[string]string{} // zone -> subnet
	for _, s := range subnets {
		if s.VPC != vpcID {
			continue
		}
		v, ok := s.Tags[key]
		if !ok || (v != "1" && v != "") {
			continue
		}
		if free != nil && free[s.ID] < 8 {
			continue
		}
		if cur, ok := best[s.AvailabilityZone]; !ok || s.ID < cur {
			best[s.AvailabilityZone] = s.ID
		}
	}
	zones := make([]string, 0, len(best))
	for z := range best {
		zones = append(zones, z)
	}
	slices.SortFunc(zones, cmp.Compare)
	out := make([]string, len(zones))
	for i, z := range zones {
		out[i] = best[z]
	}
	return out
}
