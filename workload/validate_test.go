package workload

import (
	"errors"
	"strings"
	"testing"
)

// Each case is a declaration AWS rejects; the error must name the
// workload, the field and the kind. The AWS page each rule comes from is
// named with the case.
func TestExpandRejectsWhatAWSRejects(t *testing.T) {
	ng := func(mod func(*NodeGroup)) Workloads {
		g := NodeGroup{Name: "ng", InstanceType: "m5.large", DesiredSize: 1, Subnets: []string{"priv-a"}}
		mod(&g)
		return Workloads{EKSClusters: []EKSCluster{{ID: "eks", Subnets: []string{"cp-a", "cp-b"}, NodeGroups: []NodeGroup{g}}}}
	}
	ecs := func(mod func(*ECSService)) Workloads {
		s := ECSService{ID: "svc", LaunchType: Fargate, DesiredCount: 1, Subnets: []string{"priv-a"}}
		mod(&s)
		return Workloads{ECSServices: []ECSService{s}}
	}
	many := func(prefix string, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = prefix + strings.Repeat("x", i)
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		source string
		ws     Workloads
		id     string
		field  string
		kind   error
	}{
		{
			"EKS cluster with one subnet", "EKS User Guide, VPC and subnet requirements: at least two subnets in different Availability Zones",
			Workloads{EKSClusters: []EKSCluster{{ID: "eks", Subnets: []string{"cp-a"}}}}, "eks", "subnets", ErrInvalidValue,
		},
		{
			"EKS cluster with two subnets in one zone", "EKS User Guide, VPC and subnet requirements",
			Workloads{EKSClusters: []EKSCluster{{ID: "eks", Subnets: []string{"priv-a", "priv-a2"}}}}, "eks", "subnets", ErrAvailabilityZones,
		},
		{
			"EKS cluster with five cluster interfaces", "EKS User Guide: EKS creates 2–4 network interfaces in the cluster subnets",
			Workloads{EKSClusters: []EKSCluster{{ID: "eks", Subnets: []string{"cp-a", "cp-b"}, ClusterInterfaces: 5}}}, "eks", "clusterInterfaces", ErrInvalidValue,
		},
		{
			"EKS cluster across two VPCs", "EKS User Guide: the cluster's subnets are in the cluster's VPC",
			Workloads{EKSClusters: []EKSCluster{{ID: "eks", Subnets: []string{"cp-a", "other-a"}}}}, "eks", "subnets[1]", ErrWrongVPC,
		},
		{
			"EKS cluster with five additional groups", "VPC quotas: five security groups per network interface by default; the cluster interfaces also carry the cluster security group",
			Workloads{EKSClusters: []EKSCluster{{ID: "eks", Subnets: []string{"cp-a", "cp-b"}, SecurityGroups: many("g", 5)}}}, "eks", "securityGroups", ErrInvalidValue,
		},
		{
			"cache cluster with six groups", "VPC quotas: five security groups per network interface by default",
			Workloads{CacheClusters: []CacheCluster{{ID: "cache", Engine: Redis, Nodes: 1, SubnetGroup: SubnetGroup{Subnets: []string{"db-a"}}, SecurityGroups: many("g", 6)}}}, "cache", "securityGroups", ErrInvalidValue,
		},
		{
			"more pods per node than max pods", "EKS AMI max-pods calculator: m5.large runs 29 pods, 27 of them with VPC addresses",
			ng(func(g *NodeGroup) { g.PodsPerNode = 28 }), "eks", "nodeGroups[ng].podsPerNode", ErrLimit,
		},
		{
			"more pods than a raised max-pods can address", "EKS AMI max-pods calculator: without prefix delegation an m5.large has addresses for 27 pods",
			ng(func(g *NodeGroup) { g.PodsPerNode = 50; g.MaxPods = 110 }), "eks", "nodeGroups[ng].podsPerNode", ErrLimit,
		},
		{
			"unknown instance type", "node group limits come from the EC2 instance type",
			ng(func(g *NodeGroup) { g.InstanceType = "m5.huge" }), "eks", "nodeGroups[ng].instanceType", ErrInvalidValue,
		},
		{
			"prefix delegation with no warm prefix", "VPC CNI docs/prefix-and-ip-target.md: WARM_PREFIX_TARGET and the address targets all zero is not supported with prefix delegation",
			Workloads{EKSClusters: []EKSCluster{{ID: "eks", Subnets: []string{"cp-a", "cp-b"}, CNI: CNI{PrefixDelegation: true, WarmPrefixTarget: ptr(0)}}}}, "eks", "cni.warmPrefixTarget", ErrInvalidValue,
		},
		{
			"node group in another VPC", "EKS User Guide: nodes run in subnets of the cluster's VPC",
			ng(func(g *NodeGroup) { g.Subnets = []string{"other-a"} }), "eks", "nodeGroups[ng].subnets", ErrWrongVPC,
		},
		{
			"ECS service with 17 subnets", "ECS API Reference, AwsVpcConfiguration: a limit of 16 subnets",
			ecs(func(s *ECSService) { s.Subnets = many("s", 17) }), "svc", "subnets", ErrInvalidValue,
		},
		{
			"ECS service with six security groups", "ECS API Reference, AwsVpcConfiguration: a limit of 5 security groups",
			ecs(func(s *ECSService) { s.SecurityGroups = many("g", 6) }), "svc", "securityGroups", ErrInvalidValue,
		},
		{
			"public address on an EC2 task", "EventBridge Pipes API Reference, AwsVpcConfiguration: ENABLED only with the FARGATE launch type",
			ecs(func(s *ECSService) { s.LaunchType = EC2; s.AssignPublicIP = true }), "svc", "assignPublicIp", ErrInvalidValue,
		},
		{
			"ECS service without a launch type", "ECS API Reference, CreateService: launchType is EC2, FARGATE or EXTERNAL",
			ecs(func(s *ECSService) { s.LaunchType = "" }), "svc", "launchType", ErrInvalidValue,
		},
		{
			"ECS security group of another VPC", "ECS API Reference, AwsVpcConfiguration: all security groups from the same VPC",
			ecs(func(s *ECSService) { s.SecurityGroups = []string{"sg-other"} }), "svc", "securityGroups[0]", ErrWrongVPC,
		},
		{
			"Lambda function with 17 subnets", "Lambda API Reference, VpcConfig: SubnetIds has at most 16 items",
			Workloads{LambdaFunctions: []LambdaFunction{{ID: "fn", Subnets: many("s", 17), SecurityGroups: []string{"sg-lambda"}}}}, "fn", "subnets", ErrInvalidValue,
		},
		{
			"Lambda function with six security groups", "Lambda API Reference, VpcConfig: SecurityGroupIds has at most 5 items",
			Workloads{LambdaFunctions: []LambdaFunction{{ID: "fn", Subnets: []string{"priv-a"}, SecurityGroups: many("g", 6)}}}, "fn", "securityGroups", ErrInvalidValue,
		},
		{
			"Lambda function with subnets but no security group", "Lambda: \"SubnetIds and SecurityIds must coexist or be both empty list\"",
			Workloads{LambdaFunctions: []LambdaFunction{{ID: "fn", Subnets: []string{"priv-a"}}}}, "fn", "securityGroups", ErrInvalidValue,
		},
		{
			"RDS subnet group in one zone", "RDS API, DBSubnetGroupDoesNotCoverEnoughAZs: subnets should cover at least two Availability Zones",
			Workloads{RDSInstances: []RDSInstance{{ID: "db", Engine: Postgres, SubnetGroup: SubnetGroup{Subnets: []string{"priv-a", "priv-a2"}}}}}, "db", "subnetGroup.subnets", ErrAvailabilityZones,
		},
		{
			"Multi-AZ DB cluster over two zones", "RDS User Guide, Creating a Multi-AZ DB cluster: the DB subnet group must cover at least three Availability Zones",
			Workloads{RDSInstances: []RDSInstance{{ID: "db", Engine: Postgres, Deployment: MultiAZCluster, SubnetGroup: SubnetGroup{Subnets: []string{"db-a", "db-b"}}}}}, "db", "subnetGroup.subnets", ErrAvailabilityZones,
		},
		{
			"Multi-AZ DB cluster of Oracle", "RDS User Guide: Multi-AZ DB clusters are supported only for the MySQL and PostgreSQL DB engines",
			Workloads{RDSInstances: []RDSInstance{{ID: "db", Engine: OracleEE, Deployment: MultiAZCluster, SubnetGroup: SubnetGroup{Subnets: []string{"db-a", "db-b", "db-c"}}}}}, "db", "deployment", ErrInvalidValue,
		},
		{
			"database port below 1150", "RDS API Reference, CreateDBInstance Port: valid values 1150-65535",
			Workloads{RDSInstances: []RDSInstance{{ID: "db", Engine: MySQL, Port: 80, SubnetGroup: SubnetGroup{Subnets: []string{"db-a", "db-b"}}}}}, "db", "port", ErrInvalidValue,
		},
		{
			"Aurora engine on an RDS instance", "Aurora engines run as DB clusters",
			Workloads{RDSInstances: []RDSInstance{{ID: "db", Engine: AuroraMySQL, SubnetGroup: SubnetGroup{Subnets: []string{"db-a", "db-b"}}}}}, "db", "engine", ErrInvalidValue,
		},
		{
			"Aurora cluster with four zones", "RDS API Reference, CreateDBCluster AvailabilityZones: can't specify more than three AZs",
			Workloads{AuroraClusters: []AuroraCluster{{ID: "aur", Engine: AuroraPostgreSQL, Instances: 2, AvailabilityZones: []string{"a", "b", "c", "d"},
				SubnetGroup: SubnetGroup{Subnets: []string{"db-a", "db-b"}}}}}, "aur", "availabilityZones", ErrInvalidValue,
		},
		{
			"RDS Proxy in one zone", "RDS User Guide, Setting up network prerequisites for RDS Proxy: at least two subnets in different Availability Zones",
			Workloads{
				RDSInstances: []RDSInstance{{ID: "db", Engine: MySQL, InstanceClass: "db.r6g.large", SubnetGroup: SubnetGroup{Subnets: []string{"db-a", "db-b"}}}},
				RDSProxies:   []RDSProxy{{ID: "px", Target: "db", Subnets: []string{"priv-a", "priv-a2"}}},
			}, "px", "subnets", ErrAvailabilityZones,
		},
		{
			"RDS Proxy to nothing", "an RDS Proxy fronts a DB instance or cluster",
			Workloads{RDSProxies: []RDSProxy{{ID: "px", Target: "db", Subnets: []string{"priv-a", "priv-b"}}}}, "px", "target", ErrUnknownResource,
		},
		{
			"RDS Proxy in another VPC", "RDS User Guide: RDS Proxy requires a common VPC with its database",
			Workloads{
				RDSInstances: []RDSInstance{{ID: "db", Engine: MySQL, InstanceClass: "db.r6g.large", SubnetGroup: SubnetGroup{Subnets: []string{"db-a", "db-b"}}}},
				RDSProxies:   []RDSProxy{{ID: "px", Target: "db", Subnets: []string{"other-a", "other-b"}}},
			}, "px", "subnets", ErrWrongVPC,
		},
		{
			"a subnet listed twice", "a list of subnets names each subnet once",
			Workloads{VPCLinks: []VPCLink{{ID: "link", Subnets: []string{"priv-a", "priv-a"}}}}, "link", "subnets[1]", ErrInvalidValue,
		},
		{
			"MSK with one client subnet", "CloudFormation AWS::MSK::Cluster BrokerNodeGroupInfo: specify either two or three subnets",
			Workloads{MSKClusters: []MSKCluster{{ID: "msk", Brokers: 1, ClientSubnets: []string{"priv-a"}}}}, "msk", "clientSubnets", ErrInvalidValue,
		},
		{
			"MSK client subnets sharing a zone", "CloudFormation AWS::MSK::Cluster BrokerNodeGroupInfo: subnets must be in distinct Availability Zones",
			Workloads{MSKClusters: []MSKCluster{{ID: "msk", Brokers: 2, ClientSubnets: []string{"priv-a", "priv-a2"}}}}, "msk", "clientSubnets", ErrAvailabilityZones,
		},
		{
			"MSK brokers not a multiple of the subnets", "MSK Developer Guide, Create an MSK Provisioned cluster: brokers are distributed evenly over the subnets",
			Workloads{MSKClusters: []MSKCluster{{ID: "msk", Brokers: 4, ClientSubnets: []string{"priv-a", "priv-b", "priv-c"}}}}, "msk", "brokers", ErrInvalidValue,
		},
		{
			"MSK express brokers in two subnets", "MSK Developer Guide: for Express brokers, you need three subnets in three different Availability Zones",
			Workloads{MSKClusters: []MSKCluster{{ID: "msk", BrokerType: ExpressBrokers, Brokers: 2, ClientSubnets: []string{"priv-a", "priv-b"}}}}, "msk", "clientSubnets", ErrInvalidValue,
		},
		{
			"unknown subnet", "every resource a workload names must exist",
			Workloads{VPCLinks: []VPCLink{{ID: "link", Subnets: []string{"nope"}}}}, "link", "subnets[0]", ErrUnknownResource,
		},
		{
			"unknown security group", "every resource a workload names must exist",
			Workloads{CacheClusters: []CacheCluster{{ID: "cache", Engine: Redis, Nodes: 1, SubnetGroup: SubnetGroup{Subnets: []string{"db-a"}}, SecurityGroups: []string{"sg-nope"}}}},
			"cache", "securityGroups[0]", ErrUnknownResource,
		},
		{
			"two workloads with one ID", "workload IDs name one workload",
			Workloads{
				ECSServices: []ECSService{{ID: "x", LaunchType: Fargate, DesiredCount: 1, Subnets: []string{"priv-a"}}},
				VPCLinks:    []VPCLink{{ID: "x", Subnets: []string{"priv-a"}}},
			}, "x", "id", ErrDuplicateID,
		},
		{
			"more tasks than twice their subnets hold", "a /28 holds 11 addresses (VPC User Guide, Subnet CIDR blocks); declarations far beyond are rejected before planning",
			ecs(func(s *ECSService) { s.Subnets = []string{"cp-a"}; s.DesiredCount = 23 }), "svc", "desiredCount", ErrCapacity,
		},
		{
			"a workload ID with a slash", "\"/\" separates generated names",
			Workloads{VPCLinks: []VPCLink{{ID: "a/b", Subnets: []string{"priv-a"}}}}, "a/b", "id", ErrInvalidValue,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Expand(tc.ws, testEnv())
			if err == nil {
				t.Fatalf("Expand accepted it; AWS rejects it (%s)", tc.source)
			}
			if !hasFieldError(err, tc.id, tc.field, tc.kind) {
				t.Errorf("want a %v error on %s %s (%s); got:\n%v", tc.kind, tc.id, tc.field, tc.source, err)
			}
			if _, derr := Demand(tc.ws, testEnv()); derr == nil || derr.Error() != err.Error() {
				t.Errorf("Demand must reject what Expand rejects, with the same errors; got %v", derr)
			}
		})
	}
}

// A publicly accessible database needs an internet gateway and the VPC's
// DNS attributes (RDS User Guide, "Working with a DB instance in a VPC").
func TestPubliclyAccessibleDatabase(t *testing.T) {
	e := testEnv()
	db := RDSInstance{ID: "db", Engine: MySQL, PubliclyAccessible: true, SubnetGroup: SubnetGroup{Subnets: []string{"db-a", "db-b"}}}
	x := mustExpand(t, Workloads{RDSInstances: []RDSInstance{db}}, e)
	if p := iface(t, x, "db/primary-1").AssignPublicIP; p == nil || !*p {
		t.Errorf("a publicly accessible instance's interface wants a public address, got %v", p)
	}
	e.InternetGateways = nil
	_, err := Expand(Workloads{RDSInstances: []RDSInstance{db}}, e)
	if !hasFieldError(err, "db", "publiclyAccessible", ErrInvalidValue) || !strings.Contains(err.Error(), "internet gateway") {
		t.Errorf("no internet gateway: want a publiclyAccessible error, got %v", err)
	}
	e = testEnv()
	e.VPCs[0].EnableDNSHostnames = false
	_, err = Expand(Workloads{RDSInstances: []RDSInstance{db}}, e)
	if !hasFieldError(err, "db", "publiclyAccessible", ErrInvalidValue) || !strings.Contains(err.Error(), "DNS") {
		t.Errorf("no DNS hostnames: want a publiclyAccessible error, got %v", err)
	}
}

// MSK in us-west-1 takes exactly two client subnets (CloudFormation
// AWS::MSK::Cluster BrokerNodeGroupInfo).
func TestMSKUSWest1TakesTwoSubnets(t *testing.T) {
	e := testEnv()
	e.VPCs[0].Region = "us-west-1"
	ws := Workloads{MSKClusters: []MSKCluster{{ID: "msk", Brokers: 3, ClientSubnets: []string{"priv-a", "priv-b", "priv-c"}}}}
	if _, err := Expand(ws, e); !hasFieldError(err, "msk", "clientSubnets", ErrInvalidValue) {
		t.Errorf("three client subnets in us-west-1: want an error, got %v", err)
	}
	ws.MSKClusters[0].ClientSubnets = []string{"priv-a", "priv-b"}
	ws.MSKClusters[0].Brokers = 2
	mustExpand(t, ws, e)
}

// Every problem comes back at once, in an order that does not depend on
// the declarations' order.
func TestErrorsAllAtOnce(t *testing.T) {
	ws := Workloads{
		ECSServices:     []ECSService{{ID: "b", DesiredCount: 1, Subnets: []string{"priv-a"}}},
		LambdaFunctions: []LambdaFunction{{ID: "a", Subnets: []string{"priv-a"}}},
		VPCLinks:        []VPCLink{{ID: "c", Subnets: []string{"nope"}}, {ID: "d", Subnets: []string{"nope2"}}},
	}
	_, err := Expand(ws, testEnv())
	if n := len(fieldErrors(err)); n != 4 {
		t.Fatalf("want 4 errors, got %d: %v", n, err)
	}
	ws.VPCLinks[0], ws.VPCLinks[1] = ws.VPCLinks[1], ws.VPCLinks[0]
	_, err2 := Expand(ws, testEnv())
	if err.Error() != err2.Error() {
		t.Errorf("errors depend on declaration order:\n%v\n---\n%v", err, err2)
	}
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Resource == "" || fe.Msg == "" {
		t.Errorf("want field errors naming the resource and what was expected, got %#v", fe)
	}
}
