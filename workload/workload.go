package workload

import (
	"encoding/json"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// Workloads holds every workload declaration. Workload IDs are unique
// across all the slices; the order of the slices (and of the subnets and
// security groups inside a declaration) changes no result.
type Workloads struct {
	EKSClusters     []EKSCluster     `json:"eksClusters,omitempty"`
	ECSServices     []ECSService     `json:"ecsServices,omitempty"`
	LambdaFunctions []LambdaFunction `json:"lambdaFunctions,omitempty"`
	RDSInstances    []RDSInstance    `json:"rdsInstances,omitempty"`
	AuroraClusters  []AuroraCluster  `json:"auroraClusters,omitempty"`
	RDSProxies      []RDSProxy       `json:"rdsProxies,omitempty"`
	CacheClusters   []CacheCluster   `json:"cacheClusters,omitempty"`
	MSKClusters     []MSKCluster     `json:"mskClusters,omitempty"`
	VPCLinks        []VPCLink        `json:"vpcLinks,omitempty"`
}

// Clone returns a deep copy of ws, so a scale function can change counts
// without touching the original declarations. Empty slices and maps come
// back nil.
func (ws Workloads) Clone() Workloads {
	// Every declaration is plain data with JSON tags; a round trip copies
	// every slice, map and pointer.
	b, err := json.Marshal(ws)
	if err != nil {
		return Workloads{} // unreachable: every field marshals
	}
	var c Workloads
	if err := json.Unmarshal(b, &c); err != nil {
		return Workloads{}
	}
	return c
}

// Kind names a kind of workload.
type Kind string

// Workload kinds.
const (
	KindEKSCluster     Kind = "eks-cluster"
	KindECSService     Kind = "ecs-service"
	KindLambdaFunction Kind = "lambda-function"
	KindRDSInstance    Kind = "rds-instance"
	KindAuroraCluster  Kind = "aurora-cluster"
	KindRDSProxy       Kind = "rds-proxy"
	KindCacheCluster   Kind = "cache-cluster"
	KindMSKCluster     Kind = "msk-cluster"
	KindVPCLink        Kind = "vpc-link"
)

var kinds = []Kind{KindEKSCluster, KindECSService, KindLambdaFunction, KindRDSInstance,
	KindAuroraCluster, KindRDSProxy, KindCacheCluster, KindMSKCluster, KindVPCLink}

// Kinds returns every workload kind, in a fixed order.
func Kinds() []Kind { return slices.Clone(kinds) }

// Valid reports whether k is a known workload kind.
func (k Kind) Valid() bool { return slices.Contains(kinds, k) }

// String returns the kind's name.
func (k Kind) String() string { return string(k) }

// Role names what a generated interface does for its workload.
type Role string

// Roles of generated interfaces.
const (
	// RoleCluster is an EKS cluster (control-plane) interface.
	RoleCluster Role = "cluster"
	// RoleNode is the primary interface of an EKS node.
	RoleNode Role = "node"
	// RoleNodeENI is a further interface the VPC CNI attaches to a node.
	RoleNodeENI Role = "node-eni"
	// RolePod is a pod with a VPC address.
	RolePod Role = "pod"
	// RoleTask is an ECS task.
	RoleTask Role = "task"
	// RoleHyperplane is a Lambda Hyperplane interface.
	RoleHyperplane Role = "hyperplane"
	// RolePrimary is the primary of an RDS DB instance.
	RolePrimary Role = "primary"
	// RoleStandby is the standby of a Multi-AZ DB instance deployment.
	RoleStandby Role = "standby"
	// RoleWriter is the writer of a Multi-AZ DB cluster or Aurora cluster.
	RoleWriter Role = "writer"
	// RoleReader is a reader of a Multi-AZ DB cluster or Aurora cluster.
	RoleReader Role = "reader"
	// RoleProxy is an RDS Proxy interface.
	RoleProxy Role = "proxy"
	// RoleCacheNode is an ElastiCache node.
	RoleCacheNode Role = "cache-node"
	// RoleBroker is an MSK broker.
	RoleBroker Role = "broker"
	// RoleVPCLink is an API Gateway VPC link interface.
	RoleVPCLink Role = "vpc-link"
)

var roles = []Role{RoleCluster, RoleNode, RoleNodeENI, RolePod, RoleTask, RoleHyperplane,
	RolePrimary, RoleStandby, RoleWriter, RoleReader, RoleProxy, RoleCacheNode, RoleBroker, RoleVPCLink}

// Roles returns every role, in a fixed order.
func Roles() []Role { return slices.Clone(roles) }

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(roles, r) }

// String returns the role's name.
func (r Role) String() string { return string(r) }

// Env is the part of a network that workloads expand into: its VPCs,
// subnets, security groups and internet gateways, and the private
// addresses other resources already hold. The engine builds it from its
// own network declaration.
type Env struct {
	VPCs             []vpc.VPC             `json:"vpcs,omitempty"`
	Subnets          []vpc.Subnet          `json:"subnets,omitempty"`
	SecurityGroups   []vpc.SecurityGroup   `json:"securityGroups,omitempty"`
	InternetGateways []vpc.InternetGateway `json:"internetGateways,omitempty"`
	// Taken are private IPv4 addresses held by declared resources
	// (interfaces and NAT gateways that fix their address). Expansion
	// assigns none of them; addresses outside every subnet are ignored.
	Taken []netip.Addr `json:"taken,omitempty"`
}

// Expansion is what workloads expand into: interfaces with their addresses
// and security groups, the security groups AWS creates for them, the /28
// prefixes delegated to interfaces and which workload each interface
// belongs to. Every slice is sorted.
type Expansion struct {
	// Interfaces are sorted by ID. Every ID contains a "/", so none can
	// collide with a declared interface.
	Interfaces []vpc.NetworkInterface `json:"interfaces,omitempty"`
	// SecurityGroups AWS creates for workloads (the EKS cluster security
	// group), sorted by ID.
	SecurityGroups []vpc.SecurityGroup `json:"securityGroups,omitempty"`
	// Prefixes are the /28 IPv4 prefixes delegated to interfaces (EKS
	// prefix delegation), sorted by prefix. Their addresses are also listed
	// on the interfaces: on a pod's interface when a pod holds one, else
	// as a secondary address of the node interface that owns the prefix.
	Prefixes []DelegatedPrefix `json:"prefixes,omitempty"`
	// Members say which workload each interface belongs to, sorted by
	// workload, role and interface. A Lambda Hyperplane interface shared
	// by several functions has one row per function.
	Members []Member `json:"members,omitempty"`
}

// DelegatedPrefix is an IPv4 prefix assigned to a network interface.
type DelegatedPrefix struct {
	Interface string       `json:"interface"`
	Prefix    netip.Prefix `json:"prefix"`
}

// Member says that an interface belongs to a workload in a role. Group
// names the EKS node group of node, node-eni and pod interfaces.
type Member struct {
	Workload  string `json:"workload"`
	Kind      Kind   `json:"kind"`
	Role      Role   `json:"role"`
	Group     string `json:"group,omitempty"`
	Interface string `json:"interface"`
}

// InterfacesOf returns the IDs of the interfaces of workload id, in ID
// order; with roles given, only those in one of the roles.
func (x Expansion) InterfacesOf(id string, roles ...Role) []string {
	var out []string
	for _, m := range x.Members {
		if m.Workload == id && (len(roles) == 0 || slices.Contains(roles, m.Role)) {
			out = append(out, m.Interface)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// IsZero reports whether ws declares no workload.
func (ws Workloads) IsZero() bool {
	return len(ws.EKSClusters)+len(ws.ECSServices)+len(ws.LambdaFunctions)+len(ws.RDSInstances)+
		len(ws.AuroraClusters)+len(ws.RDSProxies)+len(ws.CacheClusters)+len(ws.MSKClusters)+len(ws.VPCLinks) == 0
}
