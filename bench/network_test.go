package bench

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestNetworkScriptMissing checks that a missing igraph script is reported
// as a ScriptError, which the command line treats as bad input, after
// steppe's own measurement.
func TestNetworkScriptMissing(t *testing.T) {
	var b bytes.Buffer
	err := Network(context.Background(), NetworkConfig{Rows: 6, Sources: 2, Reps: 1, Drop: 0.1, Cutoff: 3, Seed: 1,
		Threads: []int{1, 2}, Python: "python3", Script: t.TempDir() + "/none.py"}, &b)
	var se *ScriptError
	if !errors.As(err, &se) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want a ScriptError wrapping fs.ErrNotExist", err)
	}
	for _, want := range []string{"36 nodes, 54 edges", "edge betweenness full", "speed-up 1 -> 2 threads"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
}

// TestNetworkAgainstIgraph runs the benchmark on a small lattice with
// python3-igraph, where it is installed, and checks that every answer is
// reported identical.
func TestNetworkAgainstIgraph(t *testing.T) {
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("no /usr/bin/python3 (the benchmark needs Debian's python3-igraph)")
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import os; os.environ.setdefault('MATPLOTLIBRC', '/usr/share/matplotlib/mpl-data'); import igraph").Run(); err != nil {
		t.Skip("python3-igraph is not installed (apt-get install python3-igraph)")
	}
	var b bytes.Buffer
	err := Network(context.Background(), NetworkConfig{Rows: 12, Sources: 5, Reps: 1, Drop: 0.1, Cutoff: 4, Seed: 1,
		Threads: []int{1, 2}, FullLimit: 60e9, Python: "/usr/bin/python3", Script: "network/igraph_measures.py"}, &b)
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if n := strings.Count(b.String(), "identical"); n != 4 || strings.Contains(b.String(), "DIFFERENT") {
		t.Errorf("%d of 4 checks identical:\n%s", n, b.String())
	}
}
