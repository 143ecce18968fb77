package sim_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

func init() {
	propChecks["TestPropFailureNeverOpens"] = 150
	propChecks["TestPropCapacityAccounts"] = 300
	propByName["TestPropFailureNeverOpens"] = propFailureNeverOpens
	propByName["TestPropCapacityAccounts"] = propCapacityAccounts
}

// Taking an Availability Zone away never adds reachability: between
// interfaces that survive, every flow open during the failure was open
// before, and so is every flow from the internet to them.
func TestPropFailureNeverOpens(t *testing.T) { propCheck(t, propFailureNeverOpens) }

func propFailureNeverOpens(t *rapid.T) {
	n := gen.NetworkWith(t, propOptions(t, gen.Options{MaxENIs: 6}))
	zone := rapid.SampledFrom([]string{"us-east-1a", "us-east-1b"}).Draw(t, "zone")
	inZone := false
	for _, s := range n.Subnets {
		inZone = inZone || s.AvailabilityZone == zone
	}
	if !inZone {
		t.Skip("no subnet in the zone")
	}
	before := propCompile(t, n)
	after, err := sim.CompileWithout(n, sim.ZoneFailure(zone))
	if err != nil {
		t.Fatalf("compile without %s: %v\n%s", zone, err, propDump(n))
	}
	var alive []string
	for e := range after.Interfaces() {
		// Interface endpoints' interfaces answer API calls under their
		// policies (a flow to one names its call): left out here.
		if e.NATGateway == "" && e.Kind != vpc.KindVPCEndpoint {
			alive = append(alive, e.ID)
		}
	}
	for _, a := range alive {
		for _, b := range append([]string{""}, alive...) {
			if a == b {
				continue
			}
			from, to := sim.ENI(a), sim.ENI(b)
			if b == "" {
				from, to = sim.Internet(), sim.ENI(a)
			}
			q := sim.Query{From: from, To: to}
			was, err := before.OpenPorts(q)
			if err != nil {
				t.Fatal(err)
			}
			now, err := after.OpenPorts(q)
			if err != nil {
				t.Fatal(err)
			}
			if gained := sim.SubtractOpen(now, was); len(gained) > 0 {
				bi, _ := before.Interface(a)
				ai, _ := after.Interface(a)
				r, _ := before.Reach(sim.Query{From: from, To: to, Port: 80})
				t.Fatalf("%s -> %s: %v open only after %s failed\nbefore %+v\nafter %+v\n%s\n%s", from, to, gained, zone, bi, ai, r, propDump(n))
			}
		}
	}
	if _, err := sim.DiffFailure(before, after); err != nil {
		t.Fatal(err)
	}
}

// The capacity report accounts for every address once: the uses add up
// to Taken, and Free is what the reserved and taken addresses leave.
func TestPropCapacityAccounts(t *testing.T) { propCheck(t, propCapacityAccounts) }

func propCapacityAccounts(t *rapid.T) {
	n := gen.NetworkWith(t, propOptions(t, gen.Options{MaxENIs: 8}))
	m := propCompile(t, n)
	for _, s := range m.Capacity().Subnets {
		sum := 0
		for _, u := range s.Uses {
			sum += u.Addresses
		}
		switch {
		case sum != s.Taken:
			t.Fatalf("%s: uses add up to %d, taken %d", s.Subnet, sum, s.Taken)
		case s.Free > s.Size-s.Reserved || s.Free != s.Size-s.Reserved-s.Taken:
			t.Fatalf("%s: free %d of size %d, reserved %d, taken %d", s.Subnet, s.Free, s.Size, s.Reserved, s.Taken)
		case s.FreeBlocks*16 > s.Free:
			t.Fatalf("%s: %d free /28 blocks, %d free addresses", s.Subnet, s.FreeBlocks, s.Free)
		case s.LargestFree.IsValid() && !s.CIDR.Contains(s.LargestFree.Addr()):
			t.Fatalf("%s: largest free %s outside %s", s.Subnet, s.LargestFree, s.CIDR)
		}
	}
}
