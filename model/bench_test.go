package model

import (
	"context"
	"testing"

	"github.com/steppe-dev/steppe/sim"
)

// BenchmarkRunDefault runs the default scenario with the engines steppe run
// plugs in (Assemble) and reports nanoseconds per country-month and policy.
func BenchmarkRunDefault(b *testing.B) {
	sc := loadScenario(b, defaultScenario)
	mm, err := Assemble(sc.World, Config{})
	if err != nil {
		b.Fatal(err)
	}
	m := mm.Sim
	const draws = 500
	months := int(sc.World.Horizon-sc.World.Start) + 1
	cm := float64(draws * len(m.Countries()) * months * len(m.Policies()))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.Run(context.Background(), sim.Options{Draws: draws, Seed: uint64(i), Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/cm, "ns/country-month")
}
