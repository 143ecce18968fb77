package workload

import (
	"cmp"
	"slices"
)

// InstanceType holds the network limits of an EC2 instance type that
// decide how many pods an EKS node can run: how many network interfaces
// it takes (on its default network card, the only one the VPC CNI uses),
// how many private IPv4 addresses each interface holds, its vCPUs (for the
// recommended max-pods ceiling) and whether it is built on the Nitro
// System (needed for prefix delegation).
type InstanceType struct {
	Name       string `json:"name"`
	MaxENIs    int    `json:"maxEnis"`
	IPv4PerENI int    `json:"ipv4PerEni"`
	VCPUs      int    `json:"vcpus"`
	Nitro      bool   `json:"nitro"`
}

// instanceTypes is a table of common instance types. Interfaces and
// addresses per interface are the EC2 limits as the Amazon VPC CNI plugin
// records them (pkg/vpc/vpc_ip_resource_limit.go in aws/amazon-vpc-cni-k8s,
// default network card), cross-checked against the max-pods table the EKS
// AMI ships (misc/eni-max-pods.txt); vCPUs are the EC2 defaults.
var instanceTypes = sortTypes([]InstanceType{
	{"c5.large", 3, 10, 2, true},
	{"c5.xlarge", 4, 15, 4, true},
	{"c5.2xlarge", 4, 15, 8, true},
	{"c5.4xlarge", 8, 30, 16, true},
	{"c5.9xlarge", 8, 30, 36, true},
	{"c6g.large", 3, 10, 2, true},
	{"c6i.large", 3, 10, 2, true},
	{"m5.large", 3, 10, 2, true},
	{"m5.xlarge", 4, 15, 4, true},
	{"m5.2xlarge", 4, 15, 8, true},
	{"m5.4xlarge", 8, 30, 16, true},
	{"m5.8xlarge", 8, 30, 32, true},
	{"m5.12xlarge", 8, 30, 48, true},
	{"m5.16xlarge", 15, 50, 64, true},
	{"m5.24xlarge", 15, 50, 96, true},
	{"m6g.medium", 2, 4, 1, true},
	{"m6g.large", 3, 10, 2, true},
	{"m6g.xlarge", 4, 15, 4, true},
	{"m6i.large", 3, 10, 2, true},
	{"m6i.xlarge", 4, 15, 4, true},
	{"m6i.2xlarge", 4, 15, 8, true},
	{"m7g.large", 3, 10, 2, true},
	{"m7i.large", 3, 10, 2, true},
	{"p3dn.24xlarge", 15, 50, 96, true},
	{"r5.large", 3, 10, 2, true},
	{"r5.xlarge", 4, 15, 4, true},
	{"r5.2xlarge", 4, 15, 8, true},
	{"r6i.large", 3, 10, 2, true},
	{"t2.medium", 3, 6, 2, false},
	{"t3.micro", 2, 2, 2, true},
	{"t3.small", 3, 4, 2, true},
	{"t3.medium", 3, 6, 2, true},
	{"t3.large", 3, 12, 2, true},
	{"t3.xlarge", 4, 15, 4, true},
	{"t3.2xlarge", 4, 15, 8, true},
})

func sortTypes(ts []InstanceType) []InstanceType {
	slices.SortFunc(ts, func(a, b InstanceType) int { return cmp.Compare(a.Name, b.Name) })
	return ts
}

// InstanceTypes returns the built-in table of instance types, sorted by
// name. A node group whose type is not in it declares its limits itself
// ([NodeGroup.Limits]).
func InstanceTypes() []InstanceType { return slices.Clone(instanceTypes) }

// LookupInstanceType returns the built-in limits of the named type.
func LookupInstanceType(name string) (InstanceType, bool) {
	i, ok := slices.BinarySearchFunc(instanceTypes, name, func(t InstanceType, n string) int { return cmp.Compare(t.Name, n) })
	if !ok {
		return InstanceType{}, false
	}
	return instanceTypes[i], true
}

// maxLimit bounds the interfaces, addresses per interface and vCPUs a
// declared instance type may claim: far beyond any EC2 instance type, and
// small enough that no product of them overflows.
const maxLimit = 4096

// IPsPerPrefix is how many addresses an IPv4 prefix delegated to a node
// holds: a /28.
const IPsPerPrefix = 16

// Max-pods ceilings the EKS AMI recommends: 110 pods on instance types of
// at most 30 vCPUs, 250 above. 110 is also the kubelet's own default.
const (
	MaxPodsCeilingSmall = 110
	MaxPodsCeilingLarge = 250
)

// hostNetworkPods is how many pods of every node use the node's own
// address rather than one of their own: the VPC CNI (aws-node) and
// kube-proxy. The max-pods formula adds them back.
const hostNetworkPods = 2

// prefixDelegation reports whether prefix delegation takes effect on t:
// it is asked for and t is built on Nitro (other instances keep assigning
// single secondary addresses).
func (t InstanceType) prefixDelegation(asked bool) bool { return asked && t.Nitro }

// MaxPodsAllowed is the number of pods the instance's network interfaces
// can give addresses to, plus the two host-network pods: with single
// secondary addresses ENIs × (IPv4 per ENI − 1) + 2, and with prefix
// delegation (Nitro only; ignored elsewhere) ENIs × ((IPv4 per ENI − 1) ×
// 16) + 2, since every address slot then holds a /28. The first address
// of every interface is its own and never a pod's.
func (t InstanceType) MaxPodsAllowed(prefixDelegation bool) int {
	slots := t.MaxENIs * (t.IPv4PerENI - 1)
	if t.prefixDelegation(prefixDelegation) {
		slots *= IPsPerPrefix
	}
	return slots + hostNetworkPods
}

// MaxPods is the max-pods value the EKS AMI recommends for the kubelet:
// [InstanceType.MaxPodsAllowed] capped at 110 for instances of at most 30
// vCPUs and at 250 above.
func (t InstanceType) MaxPods(prefixDelegation bool) int {
	ceiling := MaxPodsCeilingSmall
	if t.VCPUs > 30 {
		ceiling = MaxPodsCeilingLarge
	}
	return min(ceiling, t.MaxPodsAllowed(prefixDelegation))
}
