package workload

import (
	"encoding/json"
	"testing"
)

// FuzzExpand feeds arbitrary JSON declarations to Expand and Demand: they
// may reject them but never panic, and when Expand succeeds Demand counts
// exactly the addresses it assigned.
func FuzzExpand(f *testing.F) {
	for _, ws := range []Workloads{
		{EKSClusters: []EKSCluster{{ID: "eks", Subnets: []string{"cp-a", "cp-b"}, CNI: CNI{PrefixDelegation: true},
			NodeGroups: []NodeGroup{{Name: "ng", InstanceType: "m5.large", DesiredSize: 2, Subnets: []string{"priv-a"}, PodsPerNode: 20}}}}},
		{ECSServices: []ECSService{{ID: "svc", LaunchType: Fargate, DesiredCount: 3, Subnets: []string{"priv-a", "priv-b"}}}},
		{LambdaFunctions: []LambdaFunction{{ID: "fn", Subnets: []string{"priv-a"}, SecurityGroups: []string{"sg-lambda"}}}},
		{RDSInstances: []RDSInstance{{ID: "db", Engine: MySQL, InstanceClass: "db.r6g.large", Deployment: MultiAZInstance, SubnetGroup: SubnetGroup{Subnets: []string{"db-a", "db-b"}}}},
			RDSProxies: []RDSProxy{{ID: "px", Target: "db", Subnets: []string{"priv-a", "priv-b"}}}},
		{MSKClusters: []MSKCluster{{ID: "m", Brokers: 3, ClientSubnets: []string{"priv-a", "priv-b", "priv-c"}}},
			CacheClusters: []CacheCluster{{ID: "c", Engine: Redis, Nodes: 2, SubnetGroup: SubnetGroup{Subnets: []string{"db-a"}}}}},
	} {
		b, err := json.Marshal(ws)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	e := testEnv()
	f.Fuzz(func(t *testing.T, b []byte) {
		var ws Workloads
		if json.Unmarshal(b, &ws) != nil {
			return
		}
		x, xerr := Expand(ws, e)
		d, derr := Demand(ws, e)
		if xerr != nil {
			return
		}
		if derr != nil {
			t.Fatalf("Expand succeeded, Demand failed: %v", derr)
		}
		total := 0
		for _, s := range d {
			total += s.Total()
		}
		held := 0
		for _, i := range x.Interfaces {
			held += len(i.PrivateIPs)
		}
		if held != total {
			t.Fatalf("expansion holds %d addresses, demand counts %d", held, total)
		}
	})
}
