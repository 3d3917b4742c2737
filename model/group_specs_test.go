package model_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/model"
)

// TestGroupSpecs checks the groups of --groups and --group: the default
// grouping refined by a --group matched first, a groups file, none, and
// each refusal as the user's error naming its flag.
func TestGroupSpecs(t *testing.T) {
	m, err := new(model.Cache).Assemble(fixture.Embedded(t, "central-asia").World, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	def := model.DefaultGroups(m.Sim.Countries())
	got, err := model.GroupSpecs(m, "default", []string{"kgz=actors.KGZ"}, explore.SobolSaltelli)
	if err != nil || len(got) != len(def)+1 || got[0].Name != "kgz" {
		t.Fatalf("default with --group: %d specs (first %+v), %v; want %d, kgz first", len(got), got[0], err, len(def)+1)
	}
	if got, err := model.GroupSpecs(m, "none", nil, explore.Morris); err != nil || got != nil {
		t.Errorf("none: %v, %v", got, err)
	}
	file := filepath.Join(t.TempDir(), "groups.txt")
	if err := os.WriteFile(file, []byte("macro.KGZ: actors.KGZ\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := model.GroupSpecs(m, file, nil, explore.SobolSaltelli); err != nil || len(got) != 1 {
		t.Errorf("groups file: %v, %v", got, err)
	}
	for want, call := range map[string]func() error{
		"--groups: open": func() error { _, err := model.GroupSpecs(m, file+".none", nil, explore.SobolSaltelli); return err },
		"--group:":       func() error { _, err := model.GroupSpecs(m, "", []string{"=x"}, explore.SobolSaltelli); return err },
		"sobol only":     func() error { _, err := model.GroupSpecs(m, "default", nil, explore.Morris); return err },
	} {
		if err := call(); !model.IsInputError(err) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", want, err)
		}
	}
}
