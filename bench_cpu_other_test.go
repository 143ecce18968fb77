//go:build !unix

package vpcsim_test

// cpuSeconds is not measured on this system: the benchmarks report 0.
func cpuSeconds() float64 { return 0 }
