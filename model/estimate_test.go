package model

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// estimateChildEnv makes the test binary run one model run and report its
// memory (TestEstimateChild), so that each run's peak is its own process's.
const estimateChildEnv = "STEPPE_ESTIMATE_CHILD_DRAWS"

type estimateReport struct {
	// Bytes: RSS after assembly, peak RSS, and the estimate: before plus
	// the run's Estimate.Bytes less the free heap the process already has.
	Before, Peak, Estimate float64
}

// TestEstimateMatchesPeak runs the default model (stated models, both
// policies) in a child process at 4,000 draws (one pass) and at 12,000
// draws (a pilot of 10,979 draws and a second pass) and checks that the
// process's peak resident memory is within 20% of its memory after
// assembly plus Model.Estimate's Bytes. (At 1,000 draws the run adds 2 MB
// to the 21 MB of the assembled process, and the collector's pacing alone
// moved the ratio between 0.98 and 1.17 over three runs.)
func TestEstimateMatchesPeak(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads the resident set from /proc/self/statm (Linux)")
	}
	if testing.Short() {
		t.Skip("runs two child processes (-short)")
	}
	for _, draws := range []int{4000, 12000} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestEstimateChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d", estimateChildEnv, draws))
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("%d draws: child: %v\n%s", draws, err, b)
		}
		var r estimateReport
		line := b[:max(0, strings.IndexByte(string(b), '\n'))]
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("%d draws: child output %q: %v", draws, b, err)
		}
		ratio := r.Estimate / r.Peak
		t.Logf("%d draws: RSS after assembly %.1f MB, peak %.1f MB, estimate %.1f MB (ratio %.2f)", draws, r.Before/1e6, r.Peak/1e6, r.Estimate/1e6, ratio)
		if ratio < 0.8 || ratio > 1.2 {
			t.Errorf("%d draws: estimated peak %.1f MB, measured %.1f MB: off by more than 20%%", draws, r.Estimate/1e6, r.Peak/1e6)
		}
	}
}

// TestEstimateChild is TestEstimateMatchesPeak's child; it does nothing
// unless the parent asks for it.
func TestEstimateChild(t *testing.T) {
	draws, err := strconv.Atoi(os.Getenv(estimateChildEnv))
	if err != nil {
		t.Skip("runs only as TestEstimateMatchesPeak's child")
	}
	m := assembleDefault(t, Config{Stated: true})
	opt := Options{Draws: draws, Seed: 1}
	before := rss(t)
	sample := []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}}
	metrics.Read(sample)
	free := float64(sample[0].Value.Uint64())
	est := m.Estimate(opt)
	if _, err := m.Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(estimateReport{Before: before, Peak: float64(ru.Maxrss) * 1024, Estimate: before + max(0, est.Bytes-free)})
	fmt.Printf("%s\n", b)
}

// rss is the process's resident set now, from /proc/self/statm.
func rss(t *testing.T) float64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	pages, err := strconv.ParseFloat(f[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return pages * float64(os.Getpagesize())
}
