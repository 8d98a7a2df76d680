//go:build unix

package raster

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user + system) the process has used: a measure of work that,
// unlike wall time, does not grow when other programs share the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
