//go:build unix

package vpcsim_test

import "syscall"

// cpuSeconds returns the CPU time the process has used so far, user and
// system, in seconds: what a benchmark costs whatever else the machine
// runs (wall-clock figures on a shared machine depend on its load).
func cpuSeconds() float64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return float64(u.Utime.Sec+u.Stime.Sec) + float64(u.Utime.Usec+u.Stime.Usec)/1e6
}
