//go:build !unix

package bench

import "runtime"

func cpuSeconds() float64 { return 0 }

// peakRSSMB falls back to the Go runtime's view of memory obtained from the OS.
func peakRSSMB() float64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.Sys) / (1 << 20)
}

func currentRSSMB() float64 { return peakRSSMB() }
