package model

import (
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
)

// BenchmarkRunDefault runs the default scenario with the engines steppe run
// plugs in (Assemble) and reports nanoseconds per country-month and policy.
func BenchmarkRunDefault(b *testing.B) {
	mm := assembleDefault(b, Config{})
	fixture.BenchmarkRun(b, mm.Sim, 500)
}
