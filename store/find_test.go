package store

import (
	"context"
	"errors"
	"testing"
)

// TestFindRun checks that a run is found by its whole id or by a prefix of
// at least minPrefix characters that one id starts with; a shorter or
// unknown prefix is not found, and a shared one names the runs.
func TestFindRun(t *testing.T) {
	ctx := context.Background()
	st, _ := open(t)
	ids := []string{"3f2a9c0e1b7d4a5c6e8f9a0b", "3f2a9c0e99999999aaaaaaaa", "77aa00bb11cc22dd33ee44ff"}
	for _, id := range ids {
		if err := st.CreateRun(ctx, newRun(id, t0)); err != nil {
			t.Fatal(err)
		}
	}
	for prefix, want := range map[string]string{ids[2]: ids[2], "77aa00": ids[2], "3f2a9c0e1": ids[0], "77aa0": "", "ffffffff": ""} {
		r, err := st.FindRun(ctx, prefix, 6)
		if want == "" && !errors.Is(err, ErrNotFound) || want != "" && (err != nil || r.ID != want) {
			t.Errorf("FindRun(%q) = %q, %v; want %q", prefix, r.ID, err, want)
		}
	}
	var ae *AmbiguousError
	_, err := st.FindRun(ctx, "3f2a9c", 6)
	if !errors.As(err, &ae) || err.Error() != `"3f2a9c" is the start of 2 run ids (3f2a9c0e1b7d4a5c6e8f9a0b, 3f2a9c0e99999999aaaaaaaa); give more characters` {
		t.Errorf("shared prefix: %v", err)
	}
}
