// Package golden compares test output with golden files under testdata/
// and rewrites them when a test binary runs with -update.
//
// A golden file holds a result that a reviewer has checked once: a
// reference implementation's output, a publication's table, or steppe's
// own output kept as a regression guard. Check fails with the first
// differing lines, so that a change shows where it moved the result;
// -update rewrites the file after an intended change, for the reviewer to
// read in the diff.
package golden

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Update is the -update flag of every test binary that imports this
// package: rewrite the golden files instead of comparing with them.
var Update = flag.Bool("update", false, "rewrite the golden files under testdata/ instead of comparing with them")

// Check compares got with the golden file at path, or with -update writes
// got there (creating its folder). how tells the reader which command
// rewrites the file, such as "go test ./sim -run TestDefaultGolden -update".
func Check(t testing.TB, path string, got []byte, how string) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (%s creates it)", err, how)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs; if the change is intended, %s rewrites it (review the diff):\n%s", path, how, Diff(string(want), string(got)))
	}
}

// Diff lists the first ten lines at which want and got differ, by line
// number, each side quoted.
func Diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}
