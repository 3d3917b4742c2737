package risk

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math"
	"os"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/world"
)

func bundledPosterior(t testing.TB) *Posterior {
	p, err := ReadPosterior(fixture.Open(t, "../data/posterior/posterior.json"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBundledPosteriorMatchesData: the bundled posterior was fitted to the
// bundled files; editing a data file without regenerating it fails here.
func TestBundledPosteriorMatchesData(t *testing.T) {
	p := bundledPosterior(t)
	for name, path := range map[string]string{
		"episodes.csv": "../data/episodes/episodes.csv", "events.csv": "../data/triggers/events.csv",
		"gdp_growth.csv": "../data/triggers/gdp_growth.csv", "countries_2021.csv": "../data/episodes/countries_2021.csv",
		"priors.json": "../data/posterior/priors.json",
	} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(b)
		if got := hex.EncodeToString(h[:]); p.DataSHA256[name] != got {
			t.Errorf("%s changed since the bundled posterior was fitted; regenerate with: %s", name, p.Command)
		}
	}
	if p.NumDraws() != posteriorDraws || len(p.Hazards) != 3 {
		t.Errorf("bundled posterior has %d draws and %d hazard types", p.NumDraws(), len(p.Hazards))
	}
}

func TestPosteriorRoundTrip(t *testing.T) {
	p := bundledPosterior(t)
	q, raw := roundTrip(t, p.Write, ReadPosterior)
	var f [world.NumDecisionFeatures]float64
	f[world.FRequest] = 0.3
	for d := 0; d < 50; d++ {
		a, ga := p.Decide(d, world.TriggerProtest, &f)
		b, gb := q.Decide(d, world.TriggerProtest, &f)
		if a != b || ga != gb {
			t.Fatalf("draw %d: decisions differ after a round trip", d)
		}
	}
	bad := bytes.Replace(raw, []byte(PosteriorSchema), []byte("other/v0"), 1)
	if _, err := ReadPosterior(bytes.NewReader(bad)); err == nil {
		t.Error("wrong schema accepted")
	}
}

// TestDecide checks the contract of Decide against a direct computation
// from the draws: the request mixture, the outcome distribution and the
// CSTO rule.
func TestDecide(t *testing.T) {
	p := bundledPosterior(t)
	var f [world.NumDecisionFeatures]float64
	f[world.FBasePresent] = 1
	f[world.FEthnicRussian] = 0.08
	f[world.FCSTOMember] = 1
	f[world.FRussiaCommitted] = 0.5
	f[world.FNonRussianTies] = 0.83
	for _, r := range []float64{0, 0.4, 1} {
		f[world.FRequest] = r
		for d := 0; d < 20; d++ {
			got, given := p.Decide(d, world.TriggerProtest, &f)
			beta := p.Logit[d]
			// intercept, request, base, ethnic/0.1, csto, align, committed, (ties-0.8)/0.1, separatist, armed, early
			x := []float64{1, 0, 1, 0.8, 1, 0, 0.5, (0.83 - 0.8) / 0.1, 0, 0, 0}
			p0 := sigmoid(dot(x, beta))
			x[1] = 1
			p1 := sigmoid(dot(x, beta))
			want := r*p1 + (1-r)*p0
			if math.Abs(got-want) > 1e-12 {
				t.Fatalf("r=%v draw %d: P = %v, want %v", r, d, got, want)
			}
			// Outcome distribution: the ordinal model's categories mixed by r,
			// restricted to peacekeeping and above and renormalised.
			var c0, c1 [world.NumOutcomes]float64
			ob, cut := p.OrdinalBeta[d], p.OrdinalCut[d]
			x[1] = 0
			CategoryProbs(dot(x[1:], ob), cut, c0[:])
			x[1] = 1
			CategoryProbs(dot(x[1:], ob), cut, c1[:])
			var tail float64
			for o := world.OutcomePeacekeeping; o < world.NumOutcomes; o++ {
				tail += r*c1[o] + (1-r)*c0[o]
			}
			for o := world.OutcomePeacekeeping; o < world.NumOutcomes; o++ {
				if w := (r*c1[o] + (1-r)*c0[o]) / tail; math.Abs(given[o]-w) > 1e-9 {
					t.Fatalf("r=%v draw %d: given[%v] = %v, want %v", r, d, o, given[o], w)
				}
			}
			var s float64
			for o, g := range given {
				if world.Outcome(o) < world.OutcomePeacekeeping && g != 0 {
					t.Fatalf("given[%v] = %v, want 0 below peacekeeping", world.Outcome(o), g)
				}
				s += g
			}
			if math.Abs(s-1) > 1e-12 {
				t.Fatalf("given sums to %v", s)
			}
		}
	}
	f[world.FCSTOMember] = 0
	_, given := p.Decide(3, world.TriggerBorder, &f)
	if given[world.OutcomeCSTODeployment] != 0 {
		t.Errorf("non-member got csto-deployment share %v", given[world.OutcomeCSTODeployment])
	}
	// Realignment triggers ignore the request probability.
	f[world.FRequest] = 1
	a, _ := p.Decide(5, world.TriggerRealignment, &f)
	f[world.FRequest] = 0
	b, _ := p.Decide(5, world.TriggerRealignment, &f)
	if a != b {
		t.Errorf("realignment decision depends on request: %v vs %v", a, b)
	}
	if n := testing.AllocsPerRun(100, func() { p.Decide(7, world.TriggerEthnic, &f) }); n != 0 {
		t.Errorf("Decide allocates %v times", n)
	}
}

func TestMonthly(t *testing.T) {
	p := bundledPosterior(t)
	for _, c := range FocusStates {
		for _, k := range []world.TriggerType{world.TriggerProtest, world.TriggerBorder, world.TriggerInsurgent} {
			h, ok := p.Monthly(11, c, k, 0)
			if !ok || !(h > 0 && h < 0.2) {
				t.Errorf("Monthly(%s, %v) = %v, %v", c, k, h, ok)
			}
		}
	}
	if _, ok := p.Monthly(0, "KAZ", world.TriggerCivilWar, 0); ok {
		t.Error("civil-war hazard reported although not estimated")
	}
	lo, _ := p.Monthly(2, "KGZ", world.TriggerProtest, -20)
	hi, _ := p.Monthly(2, "KGZ", world.TriggerProtest, 20)
	g := p.Hazards[0].Growth[2]
	if (g > 0) != (hi > lo) {
		t.Errorf("growth effect %v but hazard %v at -20 and %v at +20", g, lo, hi)
	}
}

func BenchmarkDecide(b *testing.B) {
	p := bundledPosterior(b)
	var f [world.NumDecisionFeatures]float64
	f[world.FRequest] = 0.3
	b.ReportAllocs()
	var s float64
	for i := 0; i < b.N; i++ {
		v, _ := p.Decide(i, world.TriggerProtest, &f)
		s += v
	}
	_ = s
}

// roundTrip writes a value with write and reads it back with read, failing
// the test on an error of either; it returns what it read and the bytes.
func roundTrip[T any](t *testing.T, write func(io.Writer) error, read func(io.Reader) (T, error)) (T, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	v, err := read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return v, buf.Bytes()
}
