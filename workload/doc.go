// Package workload declares AWS services that run in a VPC as workloads,
// and expands them, deterministically and by AWS's rules, into the
// network interfaces, addresses and security groups of package
// [github.com/vpcsim/vpcsim/vpc] that the engine already understands.
//
// A user declares "an EKS cluster with a node group of ten m5.large nodes
// running 20 pods each", "an ECS service of 12 Fargate tasks", "a Lambda
// function in three subnets" or "a Multi-AZ PostgreSQL instance" instead of
// every interface. [Expand] turns [Workloads] into an [Expansion];
// [Demand] counts what each workload takes from each subnet; [ScaleOut]
// finds the scale at which the first subnet runs out.
//
// Most programs use this package through package
// [github.com/vpcsim/vpcsim/sim]: Network.Workloads holds the
// declarations, Compile expands them, queries name them (sim.Workload),
// and Model.Capacity, sim.ScaleOut, sim.AssessFailure and Model.Lint
// answer capacity, failure and checklist questions about them. The
// repository's docs/workloads.md walks through all of it.
//
// # Declarations
//
// [EKSCluster] (with [NodeGroup] and [CNI] settings), [ECSService],
// [LambdaFunction], [RDSInstance], [AuroraCluster], [RDSProxy],
// [CacheCluster], [MSKCluster] and [VPCLink] are plain data with JSON tags,
// as in package vpc. Each has an ID, unique across all workloads and free
// of "/", and refers to subnets and security groups of the surrounding
// network ([Env]) by ID. Zero values mean AWS's defaults where AWS has one
// (no security groups means the VPC's default group, a zero
// [RDSInstance.Deployment] is single-AZ, a nil [CNI.WarmENITarget] is 1);
// where AWS requires a choice the zero value is an error (an ECS service's
// [LaunchType]).
//
// # Validation
//
// Expand and Demand reject what the AWS APIs reject and return every
// problem at once, each a [*FieldError] naming the workload, the field and
// a sentinel kind:
//
//   - EKS: at least two cluster subnets in at least two Availability
//     Zones; 2–4 cluster interfaces; node groups with a known (or declared)
//     instance type and no more pods per node than the node can run
//     ([ErrLimit]).
//   - ECS: 1–16 subnets, at most five security groups, a public address
//     only for Fargate tasks.
//   - Lambda: 1–16 subnets and 1–5 security groups (Lambda takes subnets
//     and groups together).
//   - RDS and Aurora: a DB subnet group covering at least two zones (three
//     for a Multi-AZ DB cluster, which only MySQL and PostgreSQL offer);
//     ports 1150–65535; a publicly accessible database only in a VPC with
//     DNS resolution, DNS hostnames and an internet gateway. RDS Proxy:
//     subnets in at least two zones, in its database's VPC.
//   - MSK: two or three client subnets in distinct zones (exactly two in
//     us-west-1, three for express brokers) and a broker count that is a
//     multiple of the subnet count.
//   - Every workload: its subnets and security groups exist and share one
//     VPC; no interface gets more than five groups (the default quota per
//     network interface; EKS cluster interfaces carry the cluster group
//     plus at most four more).
//
// A subnet that cannot hold what is placed in it is an [ErrCapacity] error
// of Expand, naming the subnet and the workloads in it; Demand reports the
// same situation as numbers instead. A count needing more than twice the
// usable addresses of all of a workload's subnets together (a mistyped
// count) is an ErrCapacity error of both, before any planning.
//
// # Expansion
//
// Each interface gets an ID "<workload-id>/<role>-<n>" (nodes and pods
// name their node group: "<cluster>/<group>-node-3-pod-7"), its Owner set
// to the workload and its [vpc.InterfaceKind] set, so no generated ID can
// collide with a declared one and a query can name a workload by ID; the
// [Expansion.Members] table maps workloads (and roles) to interfaces.
//
//   - EKS: 2 cluster interfaces unless declared, spread over the cluster
//     subnets, carrying the cluster security group
//     ([ClusterSecurityGroupID]: all traffic in from itself, all out) plus
//     the cluster's additional groups. Each node has a primary interface
//     and the further interfaces the VPC CNI attaches; each pod with a VPC
//     address is an interface of kind eks-pod holding one address that,
//     in AWS, is a secondary address (or a prefix address) of one of its
//     node's interfaces. Pods carry their node's groups, as pod traffic
//     does in AWS, so security-group answers are the same. Node groups
//     without groups of their own get the cluster security group, as
//     managed node groups do.
//   - ECS: one interface per task. Lambda: one Hyperplane interface per
//     subnet and set of security groups, shared by every function using
//     that pair ([HyperplaneInterfaceID]). RDS: the primary, a Multi-AZ
//     standby in the next zone, or a Multi-AZ DB cluster's writer and two
//     readers in three zones. Aurora: a writer and readers, the first
//     three in distinct zones. ElastiCache: one interface per node. MSK:
//     one per broker. RDS Proxy and VPC links: one per subnet.
//
// # Choices where AWS leaves placement open
//
// AWS places interfaces itself and does not always say where; vpcsim
// places them deterministically:
//
//   - Services that balance across zones (ECS tasks, EKS nodes, cluster
//     interfaces, ElastiCache nodes, MSK brokers) spread their items over
//     the zones of their subnets in zone-name order, round robin, and
//     round robin over a zone's subnets in ID order.
//   - An RDS primary goes to its declared zone or the first zone of its
//     subnet group; within a zone, the subnet with the lowest ID.
//   - Aurora instances beyond the third, which AWS places at random, go
//     round robin over the cluster's zones.
//   - RDS Proxy and VPC link: AWS does not say how many interfaces they
//     have; vpcsim places one per subnet. The rest of the free addresses
//     AWS recommends for a proxy (by instance class) count as headroom.
//   - Addresses: per subnet, in interface ID order, from the lowest free
//     address up, skipping the five addresses AWS reserves and those in
//     [Env.Taken]; /28 prefixes from the highest free aligned blocks
//     down. AWS picks addresses at random, which can scatter them so that
//     no /28 is left for prefix delegation; vpcsim's placement is the best
//     case (what a subnet CIDR reservation for prefixes achieves).
//
// # Addresses per node
//
// [NodeAddressing] follows the VPC CNI plugin's warm pool: by default
// each attached interface is filled with all its secondary addresses and
// one spare interface's worth is kept free; WARM_IP_TARGET and
// MINIMUM_IP_TARGET hold exactly the addresses asked for; with prefix
// delegation (Nitro instances only) the node holds ceil(pods/16) + 1
// prefixes. Max pods ([InstanceType.MaxPods]) is ENIs × (IPv4 per ENI − 1)
// + 2, or ENIs × (IPv4 per ENI − 1) × 16 + 2 with prefix delegation,
// capped at 110 (at most 30 vCPUs) or 250. The built-in table
// ([InstanceTypes]) covers common types; others declare their limits.
//
// # Demand and capacity
//
// [Demand] reports, per subnet and per workload, single addresses,
// /28 prefixes (which need whole free aligned blocks), headroom (free
// addresses AWS wants kept: six per EKS cluster subnet counting the
// cluster's own interfaces there, and an RDS Proxy's recommended reserve)
// and interfaces. It counts exactly what Expand assigns. [SubnetCapacity]
// measures a subnet (free addresses, free aligned /28 blocks, the largest
// free block) and [Capacity.Short] compares the two.
//
// # Not modelled
//
// IPv6 (clusters, pods, dual-stack tasks), EKS custom networking and
// security groups for pods, ECS task ENI trunking, Lambda scaling beyond
// 65,000 connections per Hyperplane interface and the per-VPC quota on
// Lambda interfaces, serverless caches and MSK Serverless, and EKS
// upgrades (which replace cluster interfaces) are not modelled.
package workload
