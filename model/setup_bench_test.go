package model

import (
	"context"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
)

// BenchmarkSetup is what one `steppe run --draws 1` process pays besides
// package init and printing: loading the embedded default scenario,
// assembling its model with a fresh Cache (the bundled posterior, network
// and trade baseline) and running one draw.
func BenchmarkSetup(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		w := fixture.Embedded(b, defaultScenario).World
		m, err := new(Cache).Assemble(w, Config{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := m.Run(context.Background(), Options{Draws: 1, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
