package scenario_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/scenario"
)

// TestFilesOrEmbedded checks that a file extends a file beside it and an
// embedded scenario by name, and that an embedded scenario cannot extend a
// file.
func TestFilesOrEmbedded(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.yaml")
	if err := os.WriteFile(a, []byte("extends: central-asia\nname: a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	resolve := scenario.FilesOrEmbedded(data.FS())
	name, b, err := resolve("a.yaml", filepath.Join(dir, "sub", "..", "b.yaml"))
	if err != nil || name != a || !strings.Contains(string(b), "name: a") {
		t.Errorf("file: %q %q %v", name, b, err)
	}
	if name, _, err := resolve("central-asia", a); err != nil || name != "embedded:central-asia.yaml" {
		t.Errorf("embedded: %q %v", name, err)
	}
	if _, _, err := resolve("a.yaml", "embedded:central-asia.yaml"); err == nil || !strings.Contains(err.Error(), "cannot extend the file") {
		t.Errorf("embedded extending a file: %v", err)
	}
	sc, err := scenario.Load(a, []byte("extends: central-asia\nname: a\n"), resolve)
	if err != nil || sc.World.Name != "a" {
		t.Fatalf("load: %v", err)
	}
}

// TestLoadEmbeddedUnder loads each bundled hindcast world.
func TestLoadEmbeddedUnder(t *testing.T) {
	ents, err := os.ReadDir("../data/hindcast")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ents {
		year, ok := strings.CutSuffix(e.Name(), ".yaml")
		if !ok {
			continue
		}
		n++
		if _, err := scenario.LoadEmbeddedUnder(data.FS(), "hindcast", year); err != nil {
			t.Errorf("%s: %v", year, err)
		}
	}
	if n == 0 {
		t.Fatal("no hindcast worlds")
	}
	if _, err := scenario.LoadEmbeddedUnder(data.FS(), "hindcast", "1066"); err == nil {
		t.Error("a missing world loaded")
	}
}
