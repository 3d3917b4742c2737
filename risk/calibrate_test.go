package risk

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
)

func bundledInputs(t *testing.T) *Inputs {
	t.Helper()
	in := &Inputs{SHA256: map[string]string{}}
	var err error
	if in.Episodes, err = LoadEpisodes("episodes.csv", fixture.Open(t, "../data/episodes/episodes.csv")); err != nil {
		t.Fatal(err)
	}
	if in.Events, err = LoadEvents("events.csv", fixture.Open(t, "../data/triggers/events.csv")); err != nil {
		t.Fatal(err)
	}
	if in.Countries, err = LoadCountries("countries_2021.csv", fixture.Open(t, "../data/episodes/countries_2021.csv")); err != nil {
		t.Fatal(err)
	}
	return in
}

// TestCalibrateWorkers: the posterior and the out-of-sample forecasts are
// byte-identical for any number of workers.
func TestCalibrateWorkers(t *testing.T) {
	in := bundledInputs(t)
	run := func(workers int) ([]byte, []float64) {
		o := DefaultOptions()
		o.Fit = FitOptions{Chains: 2, Warmup: 50, Draws: 100, Seed: 5}
		o.Eval.Fit = FitOptions{Chains: 1, Warmup: 30, Draws: 40, Seed: 6, NoDiag: true}
		o.Workers = workers
		c, err := Calibrate(context.Background(), in, o)
		if err != nil {
			t.Fatal(err)
		}
		p, err := c.Posterior("test")
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := p.Write(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes(), c.LOO.P[MethodModel]
	}
	a, la := run(1)
	b, lb := run(3)
	if !bytes.Equal(a, b) {
		t.Error("posterior depends on the number of workers")
	}
	for i := range la {
		if la[i] != lb[i] {
			t.Fatalf("LOO forecast %d: %v with 1 worker, %v with 3", i, la[i], lb[i])
		}
	}
}

// TestBacktestCases: the backtest scores exactly the Central Asian
// episodes since 2022 that the issue names, and counts Kazakhstan 2022 as
// the one intervention.
func TestBacktestCases(t *testing.T) {
	in := bundledInputs(t)
	o := DefaultOptions()
	o.Fit = FitOptions{Chains: 2, Warmup: 100, Draws: 200, Seed: 5}
	bt, err := RunBacktest(context.Background(), in, o)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range bt.Episodes {
		ids = append(ids, e.ID)
	}
	want := []string{"25", "26", "28", "29", "30"} // KAZ Jan 2022, Tort-Kocho, GBAO, Karakalpakstan, Batken war
	if len(ids) != len(want) {
		t.Fatalf("backtest episodes %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("backtest episodes %v, want %v", ids, want)
		}
	}
	var ones int
	for ci, c := range bt.Countries {
		for yi, y := range bt.Years {
			if bt.CountryY[ci][yi] == 1 {
				ones++
				if c != "KAZ" || y != 2022 {
					t.Errorf("intervention recorded for %s %d", c, y)
				}
			}
			if p := bt.CountryP[ci][yi]; !(p > 0 && p < 1) {
				t.Errorf("%s %d: P = %v", c, y, p)
			}
		}
	}
	if ones != 1 {
		t.Errorf("%d intervention country-years, want 1 (Kazakhstan 2022)", ones)
	}
}

// TestRefitReproducesBundled: refitting under the bundled priors, with the
// bundled seed and sampler settings, gives the bundled posterior's decision
// draws exactly; steppe run relies on this when it refits under a
// scenario's priors.
func TestRefitReproducesBundled(t *testing.T) {
	p := bundledPosterior(t)
	in := bundledInputs(t)
	o := DefaultFitOptions
	o.Seed, o.Workers = p.Seed, 4
	q, err := Refit(context.Background(), p, in, p.Priors, o, "test")
	if err != nil {
		t.Fatal(err)
	}
	same := func(a, b [][]float64) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			for j := range a[i] {
				if a[i][j] != b[i][j] {
					return false
				}
			}
		}
		return true
	}
	if !same(q.Logit, p.Logit) || !same(q.OrdinalBeta, p.OrdinalBeta) || !same(q.OrdinalCut, p.OrdinalCut) {
		t.Errorf("refit under the bundled priors differs from the bundled posterior (%s)", p.Command)
	}
	if len(q.Hazards) != len(p.Hazards) || &q.Hazards[0].Lambda[0][0] != &p.Hazards[0].Lambda[0][0] {
		t.Error("refit does not keep the bundled hazards")
	}
	if _, ok := q.DataSHA256["priors.json"]; ok {
		t.Error("refit claims the digest of a priors file it did not read")
	}
}

// TestRefitFollowsPrior: a tight prior holds its coefficient, in both
// models, and leaves the others free.
func TestRefitFollowsPrior(t *testing.T) {
	p := bundledPosterior(t)
	in := bundledInputs(t)
	pr := p.Priors
	pr.Coef = map[string]Prior{FeatTies: {Mean: -3, SD: 0.01}}
	o := FitOptions{Chains: 2, Warmup: 200, Draws: 300, Seed: 3}
	q, err := Refit(context.Background(), p, in, pr, o, "test")
	if err != nil {
		t.Fatal(err)
	}
	j := -1
	for i, f := range q.Features {
		if f.Name == FeatTies {
			j = i
		}
	}
	var logit, ord, req float64
	for s := range q.Logit {
		logit += q.Logit[s][j]
		ord += q.OrdinalBeta[s][j-1]
		req += q.Logit[s][1]
	}
	n := float64(len(q.Logit))
	if math.Abs(logit/n+3) > 0.02 || math.Abs(ord/n+3) > 0.02 {
		t.Errorf("non_russian_ties posterior mean %.3f (logit), %.3f (ordinal) under a normal(-3, 0.01) prior", logit/n, ord/n)
	}
	if req/n < 1 {
		t.Errorf("request coefficient %.2f: the data's strongest effect is lost", req/n)
	}
}
