package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/store"
)

// TestFindRunByPrefix checks that steppe report names a stored run by its
// whole id or by any prefix of at least 6 characters that one run's id
// starts with; a shorter or unknown one is not found, and one that two ids
// share is a usage error naming both.
func TestFindRunByPrefix(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "steppe.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ids := []string{"3f2a9c0e1b7d4a5c6e8f9a0b", "3f2a9c0e99999999aaaaaaaa", "77aa00bb11cc22dd33ee44ff"}
	for i, id := range ids {
		r := store.Run{ID: id, ScenarioName: "central-asia", ScenarioSource: "x: 1\n", Policies: []string{"baseline"},
			Draws: 10, Seed: 1, Version: "test", Status: store.Queued, Created: time.Date(2026, 12, 5, 0, i, 0, 0, time.UTC)}
		if err := st.CreateRun(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		arg, want, err string
	}{
		{arg: ids[2], want: ids[2]},
		{arg: "77aa00bb", want: ids[2]},
		{arg: "77aa00", want: ids[2]},
		{arg: "77aa0", err: "not found"},
		{arg: "3f2a9c0e1", want: ids[0]},
		{arg: "3f2a9c", err: "is the start of 2 run ids (3f2a9c0e1b7d4a5c6e8f9a0b, 3f2a9c0e99999999aaaaaaaa)"},
		{arg: "ffffffff", err: "not found"},
	}
	for _, tc := range tests {
		run, err := findRun(ctx, st, tc.arg)
		switch {
		case tc.err == "not found":
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: run %q, err %v; want not found", tc.arg, run.ID, err)
			}
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) || exitCode(err) != 2 {
				t.Errorf("%s: err %v (exit %d); want %q, exit 2", tc.arg, err, exitCode(err), tc.err)
			}
		case err != nil || run.ID != tc.want:
			t.Errorf("%s: run %q, err %v; want %s", tc.arg, run.ID, err, tc.want)
		}
	}
}
