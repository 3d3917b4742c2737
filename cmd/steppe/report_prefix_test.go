package main

import (
	"context"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/store"
)

// TestReportRunPrefix checks that steppe report names a stored run by its
// whole id or by any prefix of at least 6 characters that one run's id
// starts with (the runs here are queued, so a found run is refused with its
// whole id); a shorter or unknown one is not found, and one that two ids
// share is exit 2 naming both.
func TestReportRunPrefix(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, dir+"/steppe.db")
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"3f2a9c0e1b7d4a5c6e8f9a0b", "3f2a9c0e99999999aaaaaaaa", "77aa00bb11cc22dd33ee44ff"}
	for _, id := range ids {
		r := store.Run{ID: id, ScenarioName: "central-asia", ScenarioSource: "x: 1\n", Policies: []string{"baseline"},
			Draws: 10, Seed: 1, Version: "test", Status: store.Queued}
		if err := st.CreateRun(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	tests := []struct{ arg, want string }{
		{ids[2], "run " + ids[2] + " is queued"},
		{"77aa00bb", "run " + ids[2] + " is queued"},
		{"77aa00", "run " + ids[2] + " is queued"},
		{"77aa0", `no run "77aa0"`},
		{"3f2a9c0e1", "run " + ids[0] + " is queued"},
		{"3f2a9c", `"3f2a9c" is the start of 2 run ids (3f2a9c0e1b7d4a5c6e8f9a0b, 3f2a9c0e99999999aaaaaaaa)`},
		{"ffffffff", `no run "ffffffff"`},
	}
	for _, tc := range tests {
		var stdout, stderr strings.Builder
		code := run(ctx, []string{"report", tc.arg, "--data-dir", dir, "-o", dir + "/r.html"}, strings.NewReader(""), &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("steppe report %s: exit %d, %q; want exit 2 and %q", tc.arg, code, stderr.String(), tc.want)
		}
	}
}
