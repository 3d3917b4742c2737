package model_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/model"
)

// TestCheckWriteReplaced checks the list of `steppe validate --params` of
// the parameters a default run does not use: one row per ignored factor
// of the assembled model, each with its reason.
func TestCheckWriteReplaced(t *testing.T) {
	k, err := model.NewCheck(fixture.Embedded(t, "central-asia").World)
	if err != nil {
		t.Fatal(err)
	}
	cache := new(model.Cache)
	m, err := cache.Assemble(k.World, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	paths := make([]string, len(k.Params))
	for i, p := range k.Params {
		paths[i] = p.Path
	}
	ignored := m.IgnoredFactors(paths)
	if len(ignored) == 0 {
		t.Fatal("the default scenario has no ignored factor: this test needs one")
	}
	var b bytes.Buffer
	if err := k.WriteReplaced(&b, cache); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != len(ignored)+2 || !strings.Contains(lines[0], "the stated values of") || !strings.HasPrefix(lines[1], "path ") {
		t.Fatalf("%d lines for %d ignored parameters:\n%s", len(lines), len(ignored), b.String())
	}
	for i, r := range ignored {
		path, why, _ := strings.Cut(r, ": ")
		if f := strings.Fields(lines[i+2]); len(f) < 2 || f[0] != path || !strings.HasSuffix(lines[i+2], why) {
			t.Errorf("row %q, want %s and %q", lines[i+2], path, why)
		}
	}
}
