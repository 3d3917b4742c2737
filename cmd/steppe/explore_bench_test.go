package main

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
			m, _, err := loadExploreModel("", tc.stated)
			if err != nil {
				b.Fatal(err)
			}
			df := exDesignFlags{design: "sobol", n: 8, seed: 1, groups: "default"}
			d, err := df.build(m)
			if err != nil {
				b.Fatal(err)
			}
			e := d.Experiments()
			ef := exEvalFlags{draws: 500, simSeed: 1, countries: "KGZ,REGION", years: "2032"}
			_, eval, err := ef.evaluator(m, e.Factors, map[string][]string{exPolicyFactor: m.Policies()})
			if err != nil {
				b.Fatal(err)
			}
			var _ explore.EvalFunc = eval
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
