package main

import (
	"testing"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/simtest"
	"github.com/vpcsim/vpcsim/vpc"
)

// The decisions of the hub-and-spoke organisation, pinned with package
// simtest, the two deliberate mistakes included: fixing one of them makes
// its check fail, which is the cue to turn it around.

var org = simtest.Once(network)

// Who reaches the shared database: the payments app tier over the
// peering, and the analytics ETL job of the first AZ through the transit
// gateway; not the one in the second AZ.
func TestSharedDatabase(t *testing.T) {
	t.Parallel()
	a := org(t)
	a.ReachableOnlyFrom(t, simtest.ENIs("eni-shared-db"), "tcp 5432",
		simtest.Union(simtest.SecurityGroup("sg-pay-app"), simtest.ENIs("eni-an-etl-a")))
	// Mistake two: the analytics attachment has no subnet in us-east-1b.
	a.NotReachable(t, sim.ENI("eni-an-etl-b"), sim.ENI("eni-shared-db"), "tcp 5432",
		simtest.Because(sim.AZMismatch), simtest.At("an-etl-b"))
}

// Mistake one: payments routes analytics to the peering, which carries
// only traffic between its own two VPCs.
func TestPeeringIsNotTransitive(t *testing.T) {
	t.Parallel()
	org(t).NotReachable(t, sim.ENI("eni-pay-app-a"), sim.ENI("eni-an-etl-a"), "tcp 5432",
		simtest.Because(sim.NonTransitive), simtest.At("pcx-shared-payments"))
}

// Only the payments load balancer faces the internet, on 443, and no
// interface of the organisation reaches the internet.
func TestNothingLeaves(t *testing.T) {
	t.Parallel()
	a := org(t)
	a.NotExposed(t, simtest.Except(simtest.All(), simtest.Kind(vpc.KindLoadBalancer)))
	a.OpenPorts(t, sim.Internet(), sim.ENI("eni-pay-alb"), "tcp 443")
	for _, id := range []string{"eni-shared-db", "eni-pay-app-a", "eni-an-etl-a"} {
		a.OpenPorts(t, sim.ENI(id), sim.Internet(), "")
	}
}

// The whole connectivity, for review.
func TestOrgGolden(t *testing.T) {
	t.Parallel()
	org(t).Golden(t, "testdata/hubspoke.golden")
}
