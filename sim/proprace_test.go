//go:build race

package sim_test

// propRace: the race detector slows the property tests several times over,
// so they run a quarter of their checks under it.
const propRace = true
