// Package tfimport reads what `terraform show -json` prints for a saved
// plan or for a state and turns it into a [sim.Network] (VPC resources,
// load balancers, VPC Lattice, and the services running in the VPCs as
// workloads of package [github.com/vpcsim/vpcsim/workload]), with the
// declarations the engine does not simulate yet beside it and an account
// of everything left out.
//
//	r, err := tfimport.Load("plan.json") // terraform show -json plan.tfplan > plan.json
//	m, err := sim.Compile(r.Network)
//
// [Load] reads a file and [Read] a reader; which of the two documents it
// is (a plan has planned_values, resource_changes, prior_state or
// configuration; a state has values) is detected. The JSON is decoded with
// github.com/hashicorp/terraform-json, which also rejects format versions
// other than 0.x and 1.x.
//
// # What is read
//
// Every resource instance of the input, in every module (child_modules
// recursively, so the terraform-aws-modules/vpc module's resources are
// included), appears exactly once in [Result.Resources] (imported, with
// the ID it got) or in [Result.Skipped] (with why). A resource imported
// only in part also has Skipped entries naming the attributes left out.
// Nothing is dropped silently.
//
//	resource type                              becomes
//	aws_vpc                                    vpc.VPC (CIDR, DNS support and hostnames, IPv6 block when known)
//	aws_vpc_ipv4_cidr_block_association        a secondary CIDR of its VPC
//	aws_vpc_ipv6_cidr_block_association        the IPv6 block of its VPC
//	aws_subnet                                 vpc.Subnet (zone and AZ ID, CIDRs, map_public_ip_on_launch, tags)
//	aws_internet_gateway (+ _attachment)       vpc.InternetGateway, attached to its VPC
//	aws_egress_only_internet_gateway           vpc.EgressOnlyInternetGateway
//	aws_eip (+ aws_eip_association)            the public address of a NAT gateway or an interface
//	aws_nat_gateway                            vpc.NATGateway (public with its Elastic IP, or private)
//	aws_route_table (inline routes)            vpc.RouteTable
//	aws_default_route_table                    vpc.RouteTable marked Main, with the routes it declares
//	aws_route                                  a route of its table
//	aws_route_table_association                a subnet of its table (edge associations: skipped)
//	aws_main_route_table_association           moves Main to its table
//	aws_security_group (inline rules)          vpc.SecurityGroup, one rule per peer
//	aws_default_security_group                 vpc.SecurityGroup marked Default, with only the rules it declares
//	aws_security_group_rule                    rules of its group
//	aws_vpc_security_group_{ingress,egress}_rule  a rule of its group
//	aws_network_acl (inline rules)             vpc.NetworkACL with its subnets
//	aws_default_network_acl                    vpc.NetworkACL marked Default, with only the entries it declares
//	aws_network_acl_rule                       an entry of its ACL
//	aws_network_acl_association                moves a subnet to its ACL
//	aws_instance                               vpc.NetworkInterface "<instance>/eni" (or its primary interface's ID)
//	aws_network_interface (+ _attachment, _sg_attachment)  vpc.NetworkInterface, its owner and groups
//	aws_vpc_peering_connection (+ _accepter)   vpc.PeeringConnection with its status
//	aws_ec2_transit_gateway                    vpc.TransitGateway and its default route table
//	aws_ec2_transit_gateway_vpc_attachment     vpc.TransitGatewayAttachment (default association and propagation)
//	aws_ec2_transit_gateway_route_table        vpc.TransitGatewayRouteTable
//	aws_ec2_transit_gateway_route_table_{association,propagation}  the attachment's table and propagations
//	aws_ec2_transit_gateway_route              a static or blackhole route
//	aws_ec2_managed_prefix_list (+ _entry)     vpc.PrefixList
//	data aws_ec2_managed_prefix_list, aws_prefix_list  vpc.PrefixList marked AWSManaged (S3, DynamoDB, Lattice)
//	data aws_availability_zones                read for subnet zones
//	aws_vpc_endpoint (+ route table, subnet, security group associations, _policy)  endpoint.Endpoint
//	aws_vpc_endpoint_service (+ _allowed_principal)  endpoint.Service
//	aws_vpc_endpoint_connection_accepter       endpoint.Connection
//	aws_lb, aws_alb                            elb.LoadBalancer
//	aws_lb_listener (+ aws_lb_listener_rule)   elb.Listener with its rules
//	aws_lb_target_group (+ _attachment)        elb.TargetGroup with its targets
//	aws_vpclattice_service_network             lattice.ServiceNetwork
//	aws_vpclattice_service_network_{vpc,service,resource}_association  the lattice associations
//	aws_vpclattice_service (+ _listener, _listener_rule)  lattice.Service with its listeners and rules
//	aws_vpclattice_target_group (+ _attachment)  lattice.TargetGroup with its targets
//	aws_vpclattice_resource_gateway            lattice.ResourceGateway
//	aws_vpclattice_resource_configuration      lattice.ResourceConfiguration
//	aws_vpclattice_auth_policy                 the AuthPolicy of its network or service
//	aws_lambda_function (vpc_config)           workload.LambdaFunction
//	aws_ecs_service (network_configuration)    workload.ECSService; its tasks registered with the ip target groups of its load_balancer blocks
//	aws_db_instance                            workload.RDSInstance (single-AZ or Multi-AZ), subnets from its aws_db_subnet_group
//	aws_rds_cluster (+ aws_rds_cluster_instance)  workload.AuroraCluster; a MySQL or PostgreSQL cluster: workload.RDSInstance (multi-az-cluster)
//	aws_db_proxy (+ aws_db_proxy_target, _default_target_group)  workload.RDSProxy in front of its database
//	aws_elasticache_replication_group, _cluster  workload.CacheCluster, subnets from its aws_elasticache_subnet_group
//	aws_msk_cluster                            workload.MSKCluster, ports from encryption_info and client_authentication
//	aws_eks_cluster (vpc_config)               workload.EKSCluster
//	aws_eks_node_group (+ aws_launch_template)  a NodeGroup of its cluster, groups from its launch template
//	aws_apigatewayv2_vpc_link                  workload.VPCLink
//	aws_db_subnet_group, aws_elasticache_subnet_group  read by the workloads that name them
//
// Everything else is skipped with a reason: IAM, S3, CloudWatch, Cloud
// Map, Route 53, VPN and Direct Connect, Network Firewall, transit gateway
// peering, gateway route tables, routes to VPC endpoints (a gateway
// endpoint's routes come from its route tables), ALB authentication
// actions, REST API VPC links (aws_api_gateway_vpc_link, which reach
// their Network Load Balancers through PrivateLink and place no
// interface in the VPC), data sources with nothing to model.
//
// Load balancers, listeners, target groups and the Lattice service
// networks, associations, services and target groups go into the
// Network. A load balancer is in the VPC of its subnets (vpc_id, which a
// plan often knows only after apply, is read only when none of its
// subnets is in the import, and reported when it disagrees). References
// to what the import does not hold (a subnet, group, VPC, target or
// target group) are then cut, and declarations that cannot stand without
// them dropped, each reported in [Result.Skipped]. [sim.Network] has no
// fields for VPC endpoints, endpoint services and the Lattice resource
// gateways and configurations yet: they are returned in
// [Result.Unsimulated], whose field names are those the Network will
// take.
//
// # Workloads
//
// The services of the table become Network.Workloads, which
// [sim.Compile] expands into the interfaces AWS creates for them (see
// package workload), so queries, the capacity report, scale-out and
// failure experiments and the lints see them. Each workload's ID is the
// name AWS knows it by (function_name, the service's name, identifier,
// cluster_identifier, replication_group_id, cluster_id, cluster_name,
// the proxy's or VPC link's name) when that name is known, free of "/" and
// unique among the import's workloads, else its address (with a
// placeholder when the name is known only after apply). Its subnets and
// groups are read as references; those the import does not hold are cut
// and reported. What Terraform does not say takes AWS's default or
// vpcsim's:
//
//   - ECS: launch_type, or FARGATE when the capacity provider strategy
//     names only Fargate's providers, else EC2; desired_count tasks. The
//     tasks of a service with load_balancer blocks are registered as ip
//     targets of those target groups, at the addresses compile gives the
//     tasks (a placeholder: ECS registers each task's own address when it
//     starts). DAEMON services and services without awsvpc networking are
//     skipped.
//   - RDS: multi_az gives a standby; the port is port or the engine's;
//     availability_zone places the primary when known. An
//     aws_rds_cluster with an Aurora engine is an Aurora cluster with one
//     instance per aws_rds_cluster_instance (the first's class; publicly
//     accessible when one is); without instances it places nothing and
//     is skipped.
//   - RDS Proxy: its database is the one aws_db_proxy_target names; without
//     one, the only database of the proxy's engine family in its VPC,
//     listed as a placeholder; else the proxy is skipped.
//   - ElastiCache: Redis OSS unless engine says otherwise;
//     num_cache_clusters nodes, or shards × (replicas + 1) in cluster mode,
//     or num_cache_nodes. A cluster belonging to a replication group is
//     counted there.
//   - MSK: TLS between clients and brokers unless encryption_info says
//     otherwise; TLS (9094) when unauthenticated or mutual-TLS clients are
//     allowed, SASL/SCRAM (9096) and IAM (9098) when enabled, plaintext
//     (9092) when allowed. Express brokers by instance type. Public access
//     is reported, not modelled.
//   - EKS: vpc_config.cluster_security_group_id, wherever referenced, is
//     the cluster security group compile creates
//     ([workload.ClusterSecurityGroupID]). A node group takes
//     instance_types[0] (t3.medium when unset) and
//     scaling_config.desired_size nodes; its nodes carry the groups of its
//     launch template (vpc_security_group_ids, or the first network
//     interface's), else the cluster security group, as EKS gives managed
//     nodes. When a plan knows the launch template's groups only after
//     apply and its configuration names them through a local value (as
//     the terraform-aws-modules/eks node group module does), the nodes get
//     the cluster security group and the node group says so in Skipped;
//     a state knows them. Pods per node are Kubernetes' business, not Terraform's: the
//     nodes hold their VPC CNI warm pool and no pod; set PodsPerNode to
//     plan pod addresses. IPv6 clusters are skipped.
//
// A workload that package workload rejects (an RDS subnet group in one
// zone, MSK brokers not a multiple of their subnets, a Lambda function
// without security groups, ...) is skipped with the error, and so are the
// workloads depending on it (an Aurora cluster's instances, a proxy's
// database); a node group that is rejected alone is skipped alone.
// Workloads that do not fit their subnets are kept: compile reports the
// subnet with [workload.ErrCapacity].
//
// # IDs and references
//
// A resource gets its real ID when the input knows it (a state, or a plan
// updating existing resources) and its Terraform address otherwise
// ("module.vpc.aws_subnet.private[0]"). References between resources
// (vpc_id, subnet_ids, security_groups, target_group_arn, ...) are read
// from the value when it is known, mapped through the IDs, ARNs and names
// of the input's resources. When a plan knows the value only after apply,
// the reference is followed in the configuration: the expression's
// references, through module outputs and module arguments, with count.index
// picking the instance as element() does. The configuration printed by
// terraform show -json has no local values, so a reference through a local
// is inferred: an argument naming a resource type (vpc_id, subnet_id,
// allocation_id, ...) takes the module's only resource of that type (by
// count.index when it has several instances), and a module output named
// after a resource ("private_route_table_ids") takes that resource. Each
// such inference is listed in [Result.Placeholders] with its reason.
//
// The implicit default route table, security group and network ACL of a
// VPC are declared with their AWS settings, as "<vpc>/main-rtb",
// "<vpc>/default-sg" and "<vpc>/default-acl" (the names package sim
// uses), when something refers to them and the input does not declare
// them.
//
// # Placeholders
//
// What a plan knows only after apply is replaced by a deterministic
// stand-in, listed in [Result.Placeholders] (address, attribute, value,
// reason):
//
//   - IDs: the resource's address; an instance's interface is
//     "<address>/eni"; a transit gateway's default route table
//     "<address>/default-rtb".
//   - References: the stand-in ID of what the configuration names.
//   - Private addresses of interfaces and NAT gateways: left empty for
//     [sim.Compile] to assign (the next free address of the subnet); public
//     addresses of interfaces likewise (compile assigns from 54.0.0.0/8).
//   - Elastic IP addresses: 52.0.0.1, 52.0.0.2, ... in address order,
//     skipping the public addresses the input knows.
//   - Peering status: active when auto_accept (of the connection or its
//     accepter) is set, else pending-acceptance.
//   - The zone name of a subnet placed by availability_zone_id alone: the
//     name another subnet of the import pairs with that AZ ID, else the
//     Region and the zone's number as a letter (use1-az3: us-east-1c)
//     when no other AZ ID takes it, else the first free letter. It is no
//     real mapping, only one that keeps subnets of different AZ IDs in
//     different zones.
//
// Values that cannot stand in are reported instead: a VPC or subnet CIDR
// known only after apply (IPAM) skips the resource; an Amazon-provided
// IPv6 block skips the VPC's IPv6 side.
//
// # Errors
//
// Input that is not terraform show -json output is an [*Error] wrapping
// [ErrFormat], naming the file. Attribute values that cannot be read (a
// malformed CIDR, protocol, port range or address) are [*Error] values
// wrapping [ErrValue], naming the file, the resource address and the
// attribute, all returned together. The output is deterministic: every
// list is sorted.
package tfimport
