package model

import (
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/scenario"
)

// defaultScenario is the embedded scenario steppe run runs by default.
const defaultScenario = "central-asia"

// loadScenario loads an embedded scenario by name.
func loadScenario(t testing.TB, name string) *scenario.Scenario {
	t.Helper()
	embedded := scenario.Embedded(data.FS())
	file, src, err := embedded(name, "")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load(file, src, embedded)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
