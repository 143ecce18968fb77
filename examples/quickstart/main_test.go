package main

import (
	"testing"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
	"github.com/vpcsim/vpcsim/vpc"
)

// The architecture decisions of the quickstart VPC, pinned as a user of
// vpcsim would pin them, with package simtest. Run them with
//
//	go test ./examples/quickstart
//
// and, after changing network(), review the change to
// testdata/quickstart.golden that go test ./examples/quickstart -update
// writes.

// quickstart compiles network() once for every test of the package.
var quickstart = simtest.Once(network)

// The answers main prints, each with the verdict it explains.
func TestQuickstartAnswers(t *testing.T) {
	t.Parallel()
	a := quickstart(t)
	a.Reachable(t, sim.Internet(), sim.ENI("eni-alb-a"), "tcp 443")
	a.Reachable(t, sim.ENI("eni-alb-a"), sim.ENI("eni-app-b"), "tcp 8080")
	a.Reachable(t, sim.ENI("eni-app-a"), sim.ENI("eni-rds"), "tcp 5432")
	a.Reachable(t, sim.ENI("eni-lambda-a"), sim.ENI("eni-redis"), "tcp 6379")
	a.Reachable(t, sim.ENI("eni-app-c"), sim.Internet(), "tcp 443")
	a.NotReachable(t, sim.Internet(), sim.ENI("eni-rds"), "tcp 5432", simtest.Because(sim.NoPublicIP))
	a.NotReachable(t, sim.ENI("eni-app-a"), sim.ENI("eni-rds"), "tcp 22",
		simtest.Because(sim.SGEgress), simtest.At("eni-app-a"))
	// The deliberate mistake: the ops network ACL drops the replies to the
	// bastion's HTTPS requests. Fixing opsACL makes this check fail: then
	// turn it into Reachable.
	a.NotReachable(t, sim.ENI("eni-bastion"), sim.Internet(), "tcp 443",
		simtest.Because(sim.NACLInbound), simtest.At("subnet-ops"))
	a.OpenPorts(t, sim.ENI("eni-app-a"), sim.ENI("eni-rds"), "tcp 5432")
}

// Each tier is reached only by the tier in front of it.
func TestQuickstartTiers(t *testing.T) {
	t.Parallel()
	a := quickstart(t)
	albs, tasks := simtest.Kind(vpc.KindLoadBalancer), simtest.Kind(vpc.KindECSTask)
	a.ReachableOnlyFrom(t, albs, "tcp 443", simtest.Union(simtest.Internet(), simtest.SecurityGroup("sg-app")))
	a.ReachableOnlyFrom(t, tasks, "tcp 8080", albs)
	a.ReachableOnlyFrom(t, simtest.Kind(vpc.KindRDS), "tcp 5432", simtest.SecurityGroup("sg-app"))
	a.ReachableOnlyFrom(t, simtest.Kind(vpc.KindElastiCache), "tcp 6379", simtest.SecurityGroup("sg-app"))
	// The bastion admits SSH from the whole VPC, but no security group lets
	// anything out on port 22 yet, and the ops network ACL lets no reply
	// out: nothing reaches it.
	a.NotReachable(t, sim.ENI("eni-app-a"), sim.ENI("eni-bastion"), "tcp 22", simtest.Because(sim.SGEgress))
	a.NotExposed(t, simtest.ENIs("eni-bastion"))
}

// Only the load balancers face the internet, on 443; the database
// subnets have no way out.
func TestQuickstartInternet(t *testing.T) {
	t.Parallel()
	a := quickstart(t)
	a.NotExposed(t, simtest.Except(simtest.All(), simtest.Kind(vpc.KindLoadBalancer)))
	for _, az := range azs {
		a.OpenPorts(t, sim.Internet(), sim.ENI("eni-alb-"+az), "tcp 443")
	}
	dbTier := simtest.Union(simtest.Subnet("subnet-db-a"), simtest.Subnet("subnet-db-b"))
	a.NotExposed(t, dbTier)
	for _, id := range []string{"eni-rds", "eni-redis"} {
		a.OpenPorts(t, sim.ENI(id), sim.Internet(), "")
	}
}

// Each AZ's app subnet leaves for the internet through its own NAT
// gateway, so that an AZ outage does not cut the others off.
func TestQuickstartNATPerAZ(t *testing.T) {
	t.Parallel()
	a := quickstart(t)
	for _, az := range azs {
		a.InternetOnlyVia(t, simtest.Subnet("subnet-app-"+az), "nat-"+az)
		a.Reachable(t, sim.ENI("eni-app-"+az), sim.Internet(), "tcp 443")
	}
}

// The whole connectivity, for review.
func TestQuickstartGolden(t *testing.T) {
	t.Parallel()
	quickstart(t).Golden(t, "testdata/quickstart.golden")
}
