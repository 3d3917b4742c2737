package model

import (
	"context"
	"testing"

	"github.com/steppe-dev/steppe/explore"
)

// BenchmarkExploreExperiment times one experiment of a sweep (500 draws of
// the default scenario at a design point), the unit cost of `steppe
// explore sweep`, with the engines of `steppe run` and with the stated
// models.
func BenchmarkExploreExperiment(b *testing.B) {
	for _, tc := range []struct {
		name   string
		stated bool
	}{{"engines", false}, {"stated", true}} {
		b.Run(tc.name, func(b *testing.B) {
			m := assembleDefault(b, Config{Stated: tc.stated})
			fs, err := m.Factors(FactorOptions{})
			if err != nil {
				b.Fatal(err)
			}
			var names []string
			for _, f := range fs {
				names = append(names, f.Name)
			}
			groups, _, _, err := explore.AssignGroups(names, DefaultGroups(m.Sim.Countries()))
			if err != nil {
				b.Fatal(err)
			}
			d, err := explore.NewDesign(fs, explore.DesignSpec{Kind: explore.SobolSaltelli, N: 8, Seed: 1, Groups: groups})
			if err != nil {
				b.Fatal(err)
			}
			e := d.Experiments()
			_, eval, err := m.Evaluator(e.Factors, OutcomeOptions{Draws: 500, Seed: 1, Countries: []string{"KGZ", "REGION"}, Years: []int{2032}})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := i % len(e.X)
				if _, err := eval(context.Background(), k, e.X[k]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
