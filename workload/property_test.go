package workload

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/vpcsim/vpcsim/vpc"
	"pgregory.net/rapid"
)

var (
	propPriv  = []string{"priv-a", "priv-b", "priv-c", "priv-a2"}
	propZoned = []string{"priv-a", "priv-b", "priv-c"} // one per zone
	propCP    = []string{"cp-a", "cp-b", "cp-c"}
	propDB    = []string{"db-a", "db-b", "db-c"}
	propSGs   = []string{"sg-app", "sg-db", "sg-lambda"}
	propTypes = []string{"t3.micro", "t3.small", "m5.large", "t2.medium"}
	propTaken = []netip.Addr{
		addr("10.0.0.4"), addr("10.0.0.77"), addr("10.0.0.200"), addr("10.0.1.9"), addr("10.0.2.130"),
		addr("10.0.10.6"), addr("10.0.10.20"), addr("10.0.20.5"), addr("10.0.3.255"),
	}
)

// pick draws between lo and hi distinct elements of pool, in random order.
func pick[E any](t *rapid.T, pool []E, lo, hi int, label string) []E {
	p := rapid.Permutation(pool).Draw(t, label+"-perm")
	return p[:rapid.IntRange(lo, min(hi, len(pool))).Draw(t, label+"-n")]
}

// podLimit is how many pods with VPC addresses a node group's nodes run.
func podLimit(it InstanceType, c CNI, maxPods int) int {
	if maxPods == 0 {
		maxPods = it.MaxPods(c.PrefixDelegation)
	}
	return min(maxPods, it.MaxPodsAllowed(c.PrefixDelegation)) - hostNetworkPods
}

// genWorkloads draws declarations of every kind, valid apart from
// capacity (small subnets and taken addresses make some not fit).
func genWorkloads(t *rapid.T) Workloads {
	var ws Workloads
	for i := range rapid.IntRange(0, 2).Draw(t, "eks") {
		c := EKSCluster{ID: fmt.Sprintf("eks%d", i), Subnets: pick(t, propCP, 2, 3, "eks-subnets"),
			ClusterInterfaces: rapid.SampledFrom([]int{0, 2, 3, 4}).Draw(t, "eks-n"),
			SecurityGroups:    pick(t, propSGs, 0, 1, "eks-sgs")}
		c.CNI.PrefixDelegation = rapid.Bool().Draw(t, "pd")
		switch rapid.IntRange(0, 3).Draw(t, "cni") {
		case 1:
			c.CNI.WarmENITarget = ptr(rapid.IntRange(0, 2).Draw(t, "warm-eni"))
		case 2:
			c.CNI.WarmIPTarget = rapid.IntRange(0, 5).Draw(t, "warm-ip")
			c.CNI.MinimumIPTarget = rapid.IntRange(0, 20).Draw(t, "min-ip")
		case 3:
			c.CNI.WarmPrefixTarget = ptr(rapid.IntRange(1, 2).Draw(t, "warm-prefix"))
		}
		for j := range rapid.IntRange(0, 2).Draw(t, "groups") {
			it, _ := LookupInstanceType(rapid.SampledFrom(propTypes).Draw(t, "type"))
			g := NodeGroup{Name: fmt.Sprintf("g%d", j), InstanceType: it.Name, DesiredSize: rapid.IntRange(0, 6).Draw(t, "size"),
				Subnets: pick(t, append(slices.Clone(propPriv), "cp-a", "db-a", "db-b"), 1, 3, "ng-subnets"), SecurityGroups: pick(t, propSGs, 0, 1, "ng-sgs")}
			g.PodsPerNode = rapid.IntRange(0, max(0, podLimit(it, c.CNI, 0))).Draw(t, "pods")
			c.NodeGroups = append(c.NodeGroups, g)
		}
		ws.EKSClusters = append(ws.EKSClusters, c)
	}
	for i := range rapid.IntRange(0, 2).Draw(t, "ecs") {
		s := ECSService{ID: fmt.Sprintf("svc%d", i), LaunchType: rapid.SampledFrom([]LaunchType{Fargate, EC2}).Draw(t, "launch"),
			DesiredCount: rapid.IntRange(0, 12).Draw(t, "tasks"), SecurityGroups: pick(t, propSGs, 0, 2, "ecs-sgs"),
			Subnets: pick(t, append(slices.Clone(propPriv), "cp-a", "cp-b"), 1, 3, "ecs-subnets")}
		s.AssignPublicIP = s.LaunchType == Fargate && rapid.Bool().Draw(t, "public")
		ws.ECSServices = append(ws.ECSServices, s)
	}
	for i := range rapid.IntRange(0, 4).Draw(t, "lambda") {
		ws.LambdaFunctions = append(ws.LambdaFunctions, LambdaFunction{ID: fmt.Sprintf("fn%d", i),
			Subnets: pick(t, propPriv, 1, 3, "fn-subnets"), SecurityGroups: pick(t, propSGs, 1, 2, "fn-sgs")})
	}
	var targets []string
	if rapid.Bool().Draw(t, "rds") {
		d := RDSInstance{ID: "db", Engine: rapid.SampledFrom([]Engine{MySQL, Postgres}).Draw(t, "engine"), InstanceClass: "db.r6g.large",
			Deployment:  rapid.SampledFrom([]Deployment{"", MultiAZInstance, MultiAZCluster}).Draw(t, "deployment"),
			SubnetGroup: SubnetGroup{Subnets: pick(t, propDB, 2, 3, "db-subnets")}, SecurityGroups: pick(t, propSGs, 0, 1, "db-sgs")}
		if d.Deployment == MultiAZCluster {
			d.SubnetGroup.Subnets = rapid.Permutation(propDB).Draw(t, "db-all")
		}
		ws.RDSInstances = append(ws.RDSInstances, d)
		targets = append(targets, d.ID)
	}
	if rapid.Bool().Draw(t, "aurora") {
		ws.AuroraClusters = append(ws.AuroraClusters, AuroraCluster{ID: "aurora", Engine: AuroraMySQL, InstanceClass: "db.r6g.2xlarge",
			Instances: rapid.IntRange(1, 4).Draw(t, "instances"), SubnetGroup: SubnetGroup{Subnets: pick(t, propDB, 2, 3, "aurora-subnets")}})
		targets = append(targets, "aurora")
	}
	if len(targets) > 0 && rapid.Bool().Draw(t, "proxy") {
		ws.RDSProxies = append(ws.RDSProxies, RDSProxy{ID: "proxy", Target: rapid.SampledFrom(targets).Draw(t, "target"),
			Subnets: pick(t, propZoned, 2, 3, "proxy-subnets"), AdditionalEndpoints: rapid.IntRange(0, 2).Draw(t, "endpoints")})
	}
	if rapid.Bool().Draw(t, "cache") {
		ws.CacheClusters = append(ws.CacheClusters, CacheCluster{ID: "cache", Engine: Redis, Nodes: rapid.IntRange(1, 3).Draw(t, "nodes"),
			SubnetGroup: SubnetGroup{Subnets: pick(t, propDB, 1, 3, "cache-subnets")}})
	}
	if rapid.Bool().Draw(t, "msk") {
		subs := pick(t, propZoned, 2, 3, "msk-subnets")
		ws.MSKClusters = append(ws.MSKClusters, MSKCluster{ID: "kafka", ClientSubnets: subs, Brokers: len(subs) * rapid.IntRange(1, 2).Draw(t, "per-zone"),
			Authentication: pick(t, []MSKAuth{MSKTLS, MSKIAM, MSKPlaintext}, 0, 2, "auth")})
	}
	if rapid.Bool().Draw(t, "link") {
		ws.VPCLinks = append(ws.VPCLinks, VPCLink{ID: "link", Subnets: pick(t, propPriv, 1, 2, "link-subnets")})
	}
	return ws
}

func genEnv(t *rapid.T) Env {
	e := testEnv()
	e.Taken = pick(t, propTaken, 0, len(propTaken), "taken")
	return e
}

// shuffle returns ws and e with every order-free slice permuted.
func shuffle(t *rapid.T, ws Workloads, e Env) (Workloads, Env) {
	ws = ws.Clone()
	perm := func(s []string, label string) []string {
		if len(s) < 2 {
			return s
		}
		return rapid.Permutation(s).Draw(t, label)
	}
	for i := range ws.EKSClusters {
		c := &ws.EKSClusters[i]
		c.Subnets, c.SecurityGroups = perm(c.Subnets, "s"), perm(c.SecurityGroups, "g")
		for j := range c.NodeGroups {
			c.NodeGroups[j].Subnets = perm(c.NodeGroups[j].Subnets, "s")
			c.NodeGroups[j].SecurityGroups = perm(c.NodeGroups[j].SecurityGroups, "g")
		}
		if len(c.NodeGroups) > 1 {
			c.NodeGroups = rapid.Permutation(c.NodeGroups).Draw(t, "groups")
		}
	}
	for i := range ws.ECSServices {
		ws.ECSServices[i].Subnets, ws.ECSServices[i].SecurityGroups = perm(ws.ECSServices[i].Subnets, "s"), perm(ws.ECSServices[i].SecurityGroups, "g")
	}
	for i := range ws.LambdaFunctions {
		ws.LambdaFunctions[i].Subnets, ws.LambdaFunctions[i].SecurityGroups = perm(ws.LambdaFunctions[i].Subnets, "s"), perm(ws.LambdaFunctions[i].SecurityGroups, "g")
	}
	for i := range ws.RDSInstances {
		ws.RDSInstances[i].SubnetGroup.Subnets = perm(ws.RDSInstances[i].SubnetGroup.Subnets, "s")
	}
	for i := range ws.AuroraClusters {
		ws.AuroraClusters[i].SubnetGroup.Subnets = perm(ws.AuroraClusters[i].SubnetGroup.Subnets, "s")
	}
	for i := range ws.RDSProxies {
		ws.RDSProxies[i].Subnets = perm(ws.RDSProxies[i].Subnets, "s")
	}
	for i := range ws.CacheClusters {
		ws.CacheClusters[i].SubnetGroup.Subnets = perm(ws.CacheClusters[i].SubnetGroup.Subnets, "s")
	}
	for i := range ws.MSKClusters {
		ws.MSKClusters[i].ClientSubnets = perm(ws.MSKClusters[i].ClientSubnets, "s")
	}
	for i := range ws.VPCLinks {
		ws.VPCLinks[i].Subnets = perm(ws.VPCLinks[i].Subnets, "s")
	}
	if len(ws.EKSClusters) > 1 {
		ws.EKSClusters = rapid.Permutation(ws.EKSClusters).Draw(t, "eks")
	}
	if len(ws.ECSServices) > 1 {
		ws.ECSServices = rapid.Permutation(ws.ECSServices).Draw(t, "ecs")
	}
	if len(ws.LambdaFunctions) > 1 {
		ws.LambdaFunctions = rapid.Permutation(ws.LambdaFunctions).Draw(t, "fns")
	}
	e.Subnets = rapid.Permutation(e.Subnets).Draw(t, "env-subnets")
	e.SecurityGroups = rapid.Permutation(e.SecurityGroups).Draw(t, "env-sgs")
	e.VPCs = rapid.Permutation(e.VPCs).Draw(t, "env-vpcs")
	if len(e.Taken) > 1 {
		e.Taken = rapid.Permutation(e.Taken).Draw(t, "env-taken")
	}
	return ws, e
}

// errorKinds summarises an error as sorted (resource, id, kind) triples:
// field paths name list indices, which follow the declaration order.
func errorKinds(err error) []string {
	var out []string
	for _, fe := range fieldErrors(err) {
		out = append(out, fmt.Sprintf("%s %s %v", fe.Resource, fe.ID, fe.Kind))
	}
	slices.Sort(out)
	return out
}

// Expansion is deterministic and independent of the order of every slice
// in the declarations and the environment.
func TestPropertyExpansionIsDeterministicAndOrderFree(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ws, e := genWorkloads(t), genEnv(t)
		x1, err1 := Expand(ws, e)
		again, errAgain := Expand(ws, e)
		if d := gocmp.Diff(x1, again, cmpAddrs); d != "" || fmt.Sprint(err1) != fmt.Sprint(errAgain) {
			t.Fatalf("two runs differ:\n%s", d)
		}
		ws2, e2 := shuffle(t, ws, e)
		x2, err2 := Expand(ws2, e2)
		if d := gocmp.Diff(errorKinds(err1), errorKinds(err2)); d != "" {
			t.Fatalf("errors depend on order (-original +shuffled):\n%s", d)
		}
		if d := gocmp.Diff(x1, x2, cmpAddrs); d != "" {
			t.Fatalf("expansion depends on order (-original +shuffled):\n%s", d)
		}
		d1, derr1 := Demand(ws, e)
		d2, derr2 := Demand(ws2, e2)
		if d := gocmp.Diff(d1, d2); d != "" || (derr1 == nil) != (derr2 == nil) {
			t.Fatalf("demand depends on order (-original +shuffled):\n%s", d)
		}
	})
}

// Demand counts exactly the addresses and prefixes expansion assigns, so
// it never exceeds them; every assigned address is inside its subnet, not
// reserved, not taken and not assigned twice; prefixes are aligned /28s
// whose addresses stay with their node; Expand runs out of room exactly
// when a capacity comparison says it must.
func TestPropertyDemandMatchesExpansion(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ws, e := genWorkloads(t), genEnv(t)
		demand, derr := Demand(ws, e)
		x, xerr := Expand(ws, e)
		if derr != nil {
			if xerr == nil || derr.Error() != xerr.Error() {
				t.Fatalf("Demand failed (%v) but Expand gave %v", derr, xerr)
			}
			return
		}
		subnets := map[string]vpc.Subnet{}
		for _, s := range e.Subnets {
			subnets[s.ID] = s
		}
		short := false
		for _, d := range demand {
			noHeadroom := d
			noHeadroom.Headroom = 0
			if !SubnetCapacity(subnets[d.Subnet], e.Taken).Short(noHeadroom).Fits() {
				short = true
			}
		}
		if xerr != nil {
			if !errors.Is(xerr, ErrCapacity) || !short {
				t.Fatalf("Expand failed (%v) though demand fits every subnet", xerr)
			}
			return
		}
		if short {
			t.Fatalf("demand exceeds a subnet's capacity, yet Expand placed it")
		}
		taken := map[netip.Addr]bool{}
		for _, a := range e.Taken {
			taken[a] = true
		}
		owner := map[netip.Addr]string{}
		perSubnet := map[string]int{}
		enis := map[string]int{}
		for _, i := range x.Interfaces {
			s := subnets[i.Subnet]
			if len(i.PrivateIPs) == 0 {
				t.Fatalf("%s has no address", i.ID)
			}
			if i.Kind != vpc.KindEKSPod {
				enis[i.Subnet]++
			}
			for _, a := range i.PrivateIPs {
				switch {
				case !s.CIDR.Contains(a):
					t.Fatalf("%s address %s outside %s %s", i.ID, a, s.ID, s.CIDR)
				case vpc.IsReserved(s.CIDR, a):
					t.Fatalf("%s has the reserved address %s", i.ID, a)
				case taken[a]:
					t.Fatalf("%s has the taken address %s", i.ID, a)
				case owner[a] != "":
					t.Fatalf("%s and %s share %s", owner[a], i.ID, a)
				}
				owner[a] = i.ID
				perSubnet[i.Subnet]++
			}
		}
		for _, p := range x.Prefixes {
			if p.Prefix.Bits() != 28 || p.Prefix.Masked() != p.Prefix {
				t.Fatalf("prefix %s of %s is not an aligned /28", p.Prefix, p.Interface)
			}
			for a := p.Prefix.Addr(); p.Prefix.Contains(a); a = a.Next() {
				if o := owner[a]; o != p.Interface && !strings.HasPrefix(o, p.Interface+"-pod-") && !strings.HasPrefix(p.Interface, nodeOf(o)) {
					t.Fatalf("address %s of %s's prefix %s is held by %q", a, p.Interface, p.Prefix, o)
				}
			}
		}
		for _, d := range demand {
			if perSubnet[d.Subnet] != d.Total() || enis[d.Subnet] != d.ENIs {
				t.Fatalf("%s: expansion holds %d addresses in %d interfaces, demand says %d in %d", d.Subnet, perSubnet[d.Subnet], enis[d.Subnet], d.Total(), d.ENIs)
			}
			delete(perSubnet, d.Subnet)
		}
		if len(perSubnet) != 0 {
			t.Fatalf("expansion uses subnets demand does not list: %v", perSubnet)
		}
	})
}

// nodeOf returns the node part of a pod's interface ID.
func nodeOf(id string) string {
	if i := strings.Index(id, "-pod-"); i >= 0 {
		return id[:i]
	}
	return "\x00" // matches nothing
}

// double returns ws with every count doubled that can double (pods only
// within the node's limit).
func double(ws Workloads) Workloads {
	ws = ws.Clone()
	for i := range ws.EKSClusters {
		c := &ws.EKSClusters[i]
		for j := range c.NodeGroups {
			g := &c.NodeGroups[j]
			g.DesiredSize *= 2
			if it, ok := g.limits(); ok && 2*g.PodsPerNode <= podLimit(it, c.CNI, g.MaxPods) {
				g.PodsPerNode *= 2
			}
		}
	}
	for i := range ws.ECSServices {
		ws.ECSServices[i].DesiredCount *= 2
	}
	for i := range ws.AuroraClusters {
		ws.AuroraClusters[i].Instances *= 2
	}
	for i := range ws.CacheClusters {
		ws.CacheClusters[i].Nodes *= 2
	}
	for i := range ws.MSKClusters {
		ws.MSKClusters[i].Brokers *= 2
	}
	return ws
}

// Doubling every count never takes anything away from any subnet.
func TestPropertyDoublingNeverDecreasesDemand(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ws, e := genWorkloads(t), genEnv(t)
		d1, err := Demand(ws, e)
		if err != nil {
			t.Skip("invalid declaration")
		}
		d2, err := Demand(double(ws), e)
		if err != nil {
			// Demand grew past what the workload's subnets could ever
			// hold: that is more, not less, but no longer counted.
			if !onlyFitErrors(err) {
				t.Fatalf("doubling made the declaration invalid: %v", err)
			}
			return
		}
		by := map[string]SubnetDemand{}
		for _, d := range d2 {
			by[d.Subnet] = d
		}
		for _, d := range d1 {
			g := by[d.Subnet]
			if g.Total() < d.Total() || g.ENIs < d.ENIs || g.Headroom < d.Headroom || g.Prefixes < d.Prefixes {
				t.Fatalf("%s: doubling went from %+v to %+v", d.Subnet, d, g)
			}
			rows := map[string]WorkloadDemand{}
			for _, w := range g.Workloads {
				rows[w.Workload] = w
			}
			for _, w := range d.Workloads {
				if r := rows[w.Workload]; r.Addresses+16*r.Prefixes < w.Addresses+16*w.Prefixes {
					t.Fatalf("%s %s: doubling went from %+v to %+v", d.Subnet, w.Workload, w, r)
				}
			}
		}
	})
}
