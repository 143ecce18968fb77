package sim_test

// How the property tests run.
//
// In `go test ./...` every property runs a fixed number of checks
// (propChecks) from a fixed seed derived from its name, so the same
// networks and queries are tried on every run and the suite never fails
// at random: a failure is a change of code, not luck. Under -short rapid
// runs a fifth of the checks; under -race a quarter of them are run.
//
// Exploring is deliberate: give the seed and count yourself, and the
// flags win over the defaults here:
//
//	go test ./sim -run 'Prop' -rapid.seed=0 -rapid.checks=5000   # seed 0: a random one
//
// A failing check prints the seed that reproduces it
// (-rapid.seed=N -rapid.checks=1) and rapid saves its minimal case under
// testdata/rapid/<test>/, which every later run of that test replays
// first. Keep a case that found a bug: add its seed to propSeeds (it
// then runs every time, as long as the generator draws the same networks
// from it) and, since seeds do not survive changes to the generator or
// to rapid, write the minimal case as a regression test on a fixed
// network (the TestRegression* tests).
//
// rapid takes the number of checks and the seed from its command-line
// flags only; propCheck sets them for the duration of one test when the
// command line (or RAPID_CHECKS, RAPID_SEED) did not. Property tests do
// not run in parallel, so nothing else reads them meanwhile.

import (
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"strconv"
	"testing"

	"pgregory.net/rapid"

	"github.com/vpcsim/vpcsim/sim"
)

// propChecks is the number of checks each property runs by default,
// chosen so that the sim package's tests take about 20 s on two cores.
// A check costs from about 1 ms (WhoCanReach, OpenPorts, the reference
// comparisons: 2 ms) to 20-45 ms (the determinism properties, which
// compile several times and ask every query from several goroutines);
// the comparisons with the reference evaluator get the most.
var propChecks = map[string]int{
	"TestPropReference":                3000,
	"TestPropReachVerdict":             600,
	"TestPropMonotonicAllow":           600,
	"TestPropMonotonicDeny":            600,
	"TestPropOrderIndependent":         400,
	"TestPropHopsAllowed":              2000,
	"TestPropJSONRoundTrip":            200,
	"TestPropDeterministic":            100,
	"TestPropOpenPorts":                1200,
	"TestPropInternetAny":              1000,
	"TestPropAccessWhoCanReach":        1500,
	"TestPropAccessExposure":           600,
	"TestPropAccessMatrix":             600,
	"TestPropAccessDeterministic":      60,
	"TestPropLatticeReference":         1200,
	"TestPropLatticeAuthMonotonic":     300,
	"TestPropLatticeRuleOrder":         250,
	"TestPropLatticeDeterministic":     40,
	"TestPropLatticeJSONRoundTrip":     120,
	"TestPropLatticeResourceReference": 600,
	"TestPropLatticeResourcesValid":    100,
	"TestPropHybridReference":          300,
	"TestPropHybridDeterministic":      15,
	"TestPropHybridRouteAdded":         150,
	"TestPropHybridConnectionDown":     100,
	"TestPropServiceReference":         500,
	"TestPropPrivateLinkReference":     600,
}

// propSetFlag sets rapid's flag name to value unless the command line or
// the environment variable env gave it, and returns what restores it.
func propSetFlag(t testing.TB, name, env, value string) func() {
	t.Helper()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	if _, ok := os.LookupEnv(env); ok || given {
		return func() {}
	}
	return propForceFlag(t, name, value)
}

// propSeedOf is the default seed of a property: a hash of its name.
func propSeedOf(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64() | 1 // never 0, which rapid reads as "random"
}

// propCheck runs property prop as test t with its default number of
// checks and seed (see the file's doc).
func propCheck(t *testing.T, prop func(*rapid.T)) {
	t.Helper()
	checks, ok := propChecks[t.Name()]
	if !ok {
		t.Fatalf("no default number of checks for %s in propChecks", t.Name())
	}
	if propRace {
		checks = max(checks/4, 10)
	}
	defer propSetFlag(t, "rapid.checks", "RAPID_CHECKS", strconv.Itoa(checks))()
	defer propSetFlag(t, "rapid.seed", "RAPID_SEED", strconv.FormatUint(propSeedOf(t.Name()), 10))()
	rapid.Check(t, prop)
}

// propSeeds are seeds that once made a property fail. Each runs every
// time as a regular test (a few checks from the seed), or only with
// -vpcsim.knownbugs when it shows an engine bug not fixed yet. The seeds
// below once showed the bugs their why names, all fixed since.
var propSeeds = []struct {
	test     string
	seed     uint64
	knownBug string // the test pinning the engine bug it shows, if not fixed
	why      string
}{
	{"TestPropHopsAllowed", 16922907742374984313, "",
		"the hop checker wanted one rule covering a reply's whole port range (item 23; the generator has changed since and this seed draws other networks: the case is TestRegressionHopNamesRuleOfFirstPort)"},
	{"TestPropHopsAllowed", 11698839998504810694, "",
		"the same checker bug on today's generator: an appliance on the reply path names the rule of the reply's first port"},
	{"TestPropAccessWhoCanReach", 2256081943913100004, "",
		"WhoCanReach to a private address lists the interface holding it"},
	{"TestPropAccessWhoCanReach", 4866733609311586398, "",
		"WhoCanReach to a public address lists the interface holding it"},
	{"TestPropOpenPorts", 2987097650985900398, "",
		"OpenPorts to the Amazon DNS resolver is empty"},
	{"TestPropOpenPorts", 13653068709433756319, "",
		"the witness of OpenPorts from the internet to a secondary address asks about the primary"},
	{"TestPropAccessExposure", 17795742676948473367, "",
		"an automatic public address equal to an Elastic IP hides a group from Exposure"},
}

// propByName are the properties propSeeds may name.
var propByName = map[string]func(*rapid.T){
	"TestPropReference":                propReference,
	"TestPropReachVerdict":             propReachVerdict,
	"TestPropMonotonicAllow":           propMonotonicAllow,
	"TestPropMonotonicDeny":            propMonotonicDeny,
	"TestPropOrderIndependent":         propOrderIndependent,
	"TestPropHopsAllowed":              propHopsAllowed,
	"TestPropJSONRoundTrip":            propJSONRoundTrip,
	"TestPropDeterministic":            propDeterministic,
	"TestPropOpenPorts":                propOpenPorts,
	"TestPropInternetAny":              propInternetAny,
	"TestPropAccessWhoCanReach":        propAccessWhoCanReach,
	"TestPropAccessExposure":           propAccessExposure,
	"TestPropAccessMatrix":             propAccessMatrix,
	"TestPropAccessDeterministic":      propAccessDeterministic,
	"TestPropLatticeReference":         propLatticeReference,
	"TestPropLatticeAuthMonotonic":     propLatticeAuthMonotonic,
	"TestPropLatticeRuleOrder":         propLatticeRuleOrder,
	"TestPropLatticeDeterministic":     propLatticeDeterministic,
	"TestPropLatticeJSONRoundTrip":     propLatticeJSONRoundTrip,
	"TestPropLatticeResourceReference": func(t *rapid.T) { propLatticeResourceReference(t, nil) },
	"TestPropLatticeResourcesValid":    func(t *rapid.T) { propLatticeResourcesValid(t, nil) },
	"TestPropHybridReference":          propHybridReference,
	"TestPropHybridDeterministic":      propHybridDeterministic,
	"TestPropHybridRouteAdded":         propHybridRouteAdded,
	"TestPropHybridConnectionDown":     propHybridConnectionDown,
	"TestPropServiceReference":         propServiceReference,
	"TestPropPrivateLinkReference":     func(t *rapid.T) { propPrivateLinkReference(t, &propPLStats{reasons: map[sim.Reason]int{}}) },
}

// TestPropSeeds runs the kept seeds.
func TestPropSeeds(t *testing.T) {
	for _, s := range propSeeds {
		t.Run(fmt.Sprintf("%s/%d", s.test, s.seed), func(t *testing.T) {
			prop, ok := propByName[s.test]
			if !ok {
				t.Fatalf("no property %s", s.test)
			}
			if s.knownBug != "" {
				knownBug(t, s.knownBug+": "+s.why)
			}
			// The seed and the few checks rapid derives from it, never
			// anything else; no fail file, the seed is the record.
			defer propForceFlag(t, "rapid.seed", strconv.FormatUint(s.seed, 10))()
			defer propForceFlag(t, "rapid.checks", "5")()
			defer propForceFlag(t, "rapid.nofailfile", "true")()
			rapid.Check(t, prop)
		})
	}
}

// propForceFlag sets rapid's flag name to value, whatever the command
// line says, and returns what restores it.
func propForceFlag(t testing.TB, name, value string) func() {
	t.Helper()
	f := flag.Lookup(name)
	if f == nil {
		t.Fatalf("no flag -%s: has rapid renamed it?", name)
	}
	old := f.Value.String()
	if err := f.Value.Set(value); err != nil {
		t.Fatalf("-%s=%s: %v", name, value, err)
	}
	return func() { _ = f.Value.Set(old) }
}

// TestPropChecksListed: every property has a default number of checks
// and can be named by a kept seed.
func TestPropChecksListed(t *testing.T) {
	for name := range propByName {
		if _, ok := propChecks[name]; !ok {
			t.Errorf("%s has no default number of checks", name)
		}
	}
	for name := range propChecks {
		if _, ok := propByName[name]; !ok {
			t.Errorf("%s has checks but is not in propByName", name)
		}
	}
}
