//go:build !race

package sim_test

// propRace: see proprace_test.go.
const propRace = false
