//go:build !unix

package bench

import (
	"os"
	"runtime"
)

func cpuSeconds() float64 { return 0 }

// peakRSSMB falls back to the Go runtime's view of memory obtained from the OS.
func peakRSSMB() float64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.Sys) / (1 << 20)
}

func currentRSSMB() float64 { return peakRSSMB() }

// childUsage is a finished child's CPU seconds; peak memory is unknown (0).
func childUsage(ps *os.ProcessState) (cpu, peakMB float64) {
	return (ps.UserTime() + ps.SystemTime()).Seconds(), 0
}

func LoadAverage() float64 { return -1 }
