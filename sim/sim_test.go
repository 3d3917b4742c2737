package sim

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/world"
)

// testWorld is one focus country with a constant protest hazard h and a
// decision model that always intervenes (intercept 40: σ(40) == 1 in float64).
func testWorld(h float64) *world.World {
	fixed := func(v float64) world.Value { return world.Value{V: v, Set: true, Assumption: true, Reason: "test"} }
	w := &world.World{
		Name:     "test",
		Start:    world.MonthOf(2022, 1),
		Horizon:  world.MonthOf(2026, 12),
		Baseline: "baseline",
		Actors: []world.Actor{
			{ID: "AAA", Role: world.Focus},
			{ID: "RUS", Role: world.External},
		},
		Hazards:  []world.Hazard{{Country: "AAA", Type: world.TriggerProtest, Monthly: fixed(h)}},
		Policies: []world.Policy{{ID: "baseline"}, {ID: "same"}},
	}
	w.Decision.Intercept = fixed(40)
	return w
}

func run(t *testing.T, w *world.World, o Options) *Output {
	t.Helper()
	m, err := New(w, Engines{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestConstantHazardConditional: with a constant monthly hazard h and
// certain intervention, P(by the end of month t) = 1-(1-h)^t exactly in
// every draw of the Rao-Blackwellised estimate.
func TestConstantHazardConditional(t *testing.T) {
	const h = 0.01
	out := run(t, testWorld(h), Options{Draws: 10, Seed: 1})
	for y, year := range out.Years {
		months := (year-2022)*12 + 12
		want := 1 - math.Pow(1-h, float64(months))
		for _, got := range out.Draw(0, 0, y) {
			if math.Abs(got-want) > 1e-12 {
				t.Fatalf("year %d: P = %.15f, want %.15f", year, got, want)
			}
		}
		if got := out.Triggers[out.Index(0, 0, y)*int(world.NumTriggerTypes)]; math.Abs(got-h*float64(months)) > 1e-9 {
			t.Errorf("year %d: expected triggers %g, want %g", year, got, h*float64(months))
		}
	}
}

// TestConstantHazardPaths: sampled event paths give P(by month t) within
// 4 binomial standard errors of 1-(1-h)^t at a fixed seed (a false alarm
// has probability about 6e-5 per check).
func TestConstantHazardPaths(t *testing.T) {
	const h, n = 0.01, 20000
	out := run(t, testWorld(h), Options{Draws: n, Seed: 7, Paths: true})
	for y, year := range out.Years {
		months := (year-2022)*12 + 12
		want := 1 - math.Pow(1-h, float64(months))
		d := out.Draw(0, 0, y)
		got := 0.0
		for _, v := range d {
			got += v
		}
		got /= n
		se := math.Sqrt(want * (1 - want) / n)
		if math.Abs(got-want) > 4*se {
			t.Errorf("year %d: P = %.4f, want %.4f ± %.4f (4 s.e.)", year, got, want, 4*se)
		}
	}
}

func TestZeroHazard(t *testing.T) {
	for _, paths := range []bool{false, true} {
		out := run(t, testWorld(0), Options{Draws: 100, Seed: 3, Paths: paths})
		for i, v := range out.PAny {
			if v != 0 {
				t.Fatalf("paths=%v: PAny[%d] = %g, want 0", paths, i, v)
			}
		}
		for i, v := range out.Triggers {
			if v != 0 {
				t.Fatalf("paths=%v: Triggers[%d] = %g, want 0", paths, i, v)
			}
		}
	}
}

// TestIdenticalPolicyCRN: a policy identical to the baseline gives exactly
// the same per-draw values, even with uncertain parameters.
func TestIdenticalPolicyCRN(t *testing.T) {
	w := testWorld(0.01)
	w.Hazards[0].Monthly.Dist = dist.Beta{Alpha: 2, Beta: 100}
	w.Decision.Intercept = world.Value{V: 0, Set: true, Dist: dist.Normal{Mu: 0, Sigma: 1}}
	for _, paths := range []bool{false, true} {
		out := run(t, w, Options{Draws: 500, Seed: 11, Paths: paths})
		for y := range out.Years {
			for c := 0; c <= len(out.Countries); c++ {
				if !slices.Equal(out.Draw(0, c, y), out.Draw(1, c, y)) {
					t.Fatalf("paths=%v: country %d year %d differs between identical policies", paths, c, y)
				}
			}
		}
	}
}

func TestWorkersIdentical(t *testing.T) {
	w := testWorld(0.01)
	w.Hazards[0].Monthly.Dist = dist.Beta{Alpha: 2, Beta: 100}
	ref := run(t, w, Options{Draws: 300, Seed: 5, Workers: 1})
	for _, n := range []int{2, 8} {
		got := run(t, w, Options{Draws: 300, Seed: 5, Workers: n})
		if !slices.Equal(ref.PAny, got.PAny) || !slices.Equal(ref.Triggers, got.Triggers) || !slices.Equal(ref.Interventions, got.Interventions) {
			t.Errorf("%d workers differ from 1 worker", n)
		}
	}
}

func TestPathsAgreeWithConditional(t *testing.T) {
	w := testWorld(0.004)
	w.Hazards[0].Monthly.Dist = dist.Beta{Alpha: 4, Beta: 1000}
	w.Decision.Intercept = world.Value{V: -1, Set: true, Dist: dist.Normal{Mu: -1, Sigma: 0.5}}
	const n = 20000
	a := run(t, w, Options{Draws: n, Seed: 2})
	b := run(t, w, Options{Draws: n, Seed: 2, Paths: true})
	y := len(a.Years) - 1
	mean := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s / float64(len(x))
	}
	pa, pb := mean(a.Draw(0, 0, y)), mean(b.Draw(0, 0, y))
	se := math.Sqrt(pb * (1 - pb) / n)
	if math.Abs(pa-pb) > 4*se {
		t.Errorf("conditional %.4f vs paths %.4f (4 s.e. = %.4f)", pa, pb, 4*se)
	}
}

func TestOverridesAndErrors(t *testing.T) {
	w := testWorld(0.01)
	m, err := New(w, Engines{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Run(context.Background(), Options{Draws: 0}); err == nil {
		t.Error("draws 0: no error")
	}
	if _, err := m.Run(context.Background(), Options{Draws: 1, Policies: []string{"nope"}}); err == nil {
		t.Error("unknown policy: no error")
	} else if want := `unknown policy "nope" (available: baseline, same)`; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if _, err := m.Run(context.Background(), Options{Draws: 1, Overrides: map[string]float64{"nope": 1}}); err == nil {
		t.Error("unknown override: no error")
	}
	out, err := m.Run(context.Background(), Options{Draws: 3, Overrides: map[string]float64{"triggers.hazard.AAA.protest": 0}})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range out.PAny {
		if v != 0 {
			t.Fatal("override of the hazard to 0 ignored")
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.Run(ctx, Options{Draws: 1000}); err != context.Canceled {
		t.Errorf("cancelled run: err = %v, want context.Canceled", err)
	}
}

// TestProjectCompletionSegments: a border-policy project with border
// security s, started at the scenario start with a duration of D months,
// cuts a constant insurgent hazard h to h(1-s) from month D on, so
// P(by the end of month t) = 1 - (1-h)^min(t,D) (1-h(1-s))^max(0,t-D)
// exactly; the baseline keeps 1-(1-h)^t.
func TestProjectCompletionSegments(t *testing.T) {
	const h, s, D = 0.02, 0.5, 17
	fixed := func(v float64) world.Value { return world.Value{V: v, Set: true} }
	w := testWorld(0)
	w.Hazards = []world.Hazard{{Country: "AAA", Type: world.TriggerInsurgent, Monthly: fixed(h)}}
	w.Projects = []world.Project{{ID: "bp", Duration: fixed(D),
		Effects: []world.Effect{{Country: "AAA", Field: world.EBorderSecurity, Size: fixed(s)}}}}
	w.Policies[1] = world.Policy{ID: "border", Projects: []world.PolicyProject{{Project: "bp", Start: w.Start}}}
	out := run(t, w, Options{Draws: 3, Seed: 1})
	for y, year := range out.Years {
		months := float64((year-2022)*12 + 12)
		base := 1 - math.Pow(1-h, months)
		pol := 1 - math.Pow(1-h, math.Min(months, D))*math.Pow(1-h*(1-s), math.Max(0, months-D))
		if got := out.Draw(0, 0, y)[0]; math.Abs(got-base) > 1e-12 {
			t.Errorf("%d baseline: %.12f, want %.12f", year, got, base)
		}
		if got := out.Draw(1, 0, y)[0]; math.Abs(got-pol) > 1e-12 {
			t.Errorf("%d policy: %.12f, want %.12f", year, got, pol)
		}
	}
	if got := out.Completion[1*len(out.Projects)+0]; got != D {
		t.Errorf("mean completion %g months, want %d", got, D)
	}
}

// TestLeaseEndChangesDecision: while a Russian base is under lease the
// decision feature base_present is 1; after the lease year it is 0. With a
// decision that depends only on it, the monthly intervention probability
// switches exactly at the January after the lease end.
func TestLeaseEndChangesDecision(t *testing.T) {
	const h = 0.05
	fixed := func(v float64) world.Value { return world.Value{V: v, Set: true} }
	w := testWorld(h)
	w.Decision.Intercept = fixed(-40)               // no intervention without a base ...
	w.Decision.Coef[world.FBasePresent] = fixed(80) // ... certain with one
	w.Bases = []world.Base{{ID: "b", Host: "AAA", Operator: "RUS", LeaseEnd: fixed(2023)}}
	out := run(t, w, Options{Draws: 2, Seed: 1})
	want2023 := 1 - math.Pow(1-h, 24) // months of 2022 and 2023
	for y, year := range out.Years {
		got := out.Draw(0, 0, y)[0]
		if year >= 2023 && math.Abs(got-want2023) > 1e-12 {
			t.Errorf("%d: P = %.12f, want %.12f (no risk after the lease)", year, got, want2023)
		}
	}
}

func TestProgress(t *testing.T) {
	var calls [][2]int
	run(t, testWorld(0.01), Options{Draws: 200, Seed: 1, Workers: 3, Progress: func(done, total int) {
		calls = append(calls, [2]int{done, total}) // calls are serialised by contract
	}})
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{200, 200} {
		t.Fatalf("calls %v, want the last to be (200, 200)", calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] < calls[i-1][0] {
			t.Fatalf("done decreased: %v", calls)
		}
	}
}

// fakeIntegration supplies border security 1 for every completed set that
// includes project 0, replacing the scenario's stated value.
type fakeIntegration struct{ err error }

func (fakeIntegration) Fields() []world.EffectField {
	return []world.EffectField{world.EBorderSecurity}
}

func (f fakeIntegration) Effects(d *Draw, done ProjectSet, out []Effects) error {
	if f.err != nil {
		return f.err
	}
	if done.Has(0) {
		out[0][world.EBorderSecurity] += 1
	}
	return nil
}

func TestIntegrationEngine(t *testing.T) {
	fixed := func(v float64) world.Value { return world.Value{V: v, Set: true} }
	w := testWorld(0)
	w.Hazards = []world.Hazard{{Country: "AAA", Type: world.TriggerInsurgent, Monthly: fixed(0.02)}}
	w.Projects = []world.Project{{ID: "bp", Duration: fixed(0),
		Effects: []world.Effect{{Country: "AAA", Field: world.EBorderSecurity, Size: fixed(0.1)}}}}
	w.Policies[1] = world.Policy{ID: "border", Projects: []world.PolicyProject{{Project: "bp", Start: w.Start}}}
	m, err := New(w, Engines{Integration: []Integration{fakeIntegration{}}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.Run(context.Background(), Options{Draws: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// The engine's border security of 1 replaces the stated 0.1: no risk at all.
	if got := out.Draw(1, 0, len(out.Years)-1)[0]; got != 0 {
		t.Errorf("P = %g under full border security, want 0", got)
	}
	if info := out.Engines; len(info.Integration) != 2 || info.Integration[0] != "fakeIntegration" {
		t.Errorf("engine info %+v", info)
	}
	m, _ = New(w, Engines{Integration: []Integration{fakeIntegration{err: errTest}}})
	if _, err := m.Run(context.Background(), Options{Draws: 2, Seed: 1}); err != errTest {
		t.Errorf("engine error: got %v", err)
	}
}

var errTest = errors.New("engine failed")

// With a constant hazard h and certain intervention, the expected number
// of intervention onsets over M months is h·M in every draw, and its mean
// over draws equals the region's cumulative interventions at the horizon;
// in Paths mode the mean count converges to it.
func TestOnsets(t *testing.T) {
	const h = 0.01
	w := testWorld(h)
	months := float64(w.Horizon - w.Start + 1)
	out := run(t, w, Options{Draws: 50, Seed: 1})
	if len(out.Onsets) != len(out.Policies)*(len(out.Countries)+1)*out.Draws {
		t.Fatalf("%d onsets for %d policies × %d countries and region × %d draws", len(out.Onsets), len(out.Policies), len(out.Countries), out.Draws)
	}
	last := len(out.Years) - 1
	for p := range out.Policies {
		var cum float64
		for o := 0; o < int(world.NumOutcomes); o++ {
			cum += out.Interventions[out.Index(p, len(out.Countries), last)*int(world.NumOutcomes)+o]
		}
		var mean float64
		region := out.OnsetDraws(p, len(out.Countries))
		if !slices.Equal(region, out.OnsetDraws(p, 0)) {
			t.Errorf("policy %d: one country, but its onsets differ from the region's", p)
		}
		for d := 0; d < out.Draws; d++ {
			v := region[d]
			if tr := out.TriggerDraws(p, 0)[d]; math.Abs(tr-h*months) > 1e-9 {
				t.Fatalf("policy %d draw %d: %v triggers, want %v", p, d, tr, h*months)
			}
			if math.Abs(v-h*months) > 1e-9 {
				t.Fatalf("policy %d draw %d: %v onsets, want %v", p, d, v, h*months)
			}
			mean += v / float64(out.Draws)
		}
		if math.Abs(mean-cum) > 1e-9 {
			t.Errorf("policy %d: mean onsets %v, cumulative interventions %v", p, mean, cum)
		}
	}
	paths := run(t, w, Options{Draws: 4000, Seed: 2, Paths: true})
	var mean float64
	for d := 0; d < paths.Draws; d++ {
		mean += paths.OnsetDraws(0, 1)[d] / float64(paths.Draws)
	}
	if se := math.Sqrt(h * months / float64(paths.Draws)); math.Abs(mean-h*months) > 4*se {
		t.Errorf("paths: mean onsets %v, want %v ± %v", mean, h*months, 4*se)
	}
}

// classedDecision answers by trigger class: every armed type (ethnic,
// border, insurgent, civil war) alike, each other type by itself; it
// counts its calls.
type classedDecision struct{ calls *[world.NumTriggerTypes]int }

func armed(k world.TriggerType) bool {
	return k == world.TriggerEthnic || k == world.TriggerBorder || k == world.TriggerInsurgent || k == world.TriggerCivilWar
}

func (m classedDecision) Decide(d *Draw, c int, k world.TriggerType, f *Features) Decision {
	m.calls[k]++
	p := 0.1 + 0.02*float64(k) + 0.01*f[world.FAlignmentShift]
	if armed(k) {
		p = 0.3
	}
	return Decision{P: p, Given: [world.NumOutcomes]float64{world.OutcomePeacekeeping: 1}}
}

// classed adds TriggerClass to classedDecision.
type classed struct{ classedDecision }

func (classed) TriggerClass(k world.TriggerType) int {
	if armed(k) {
		return -1
	}
	return int(k)
}

// A decision model that says its answer depends on the trigger type only
// through a class is asked once per class (realignment on its own), and
// the results are those of asking for every type.
func TestTriggerClassShared(t *testing.T) {
	fixed := func(v float64) world.Value { return world.Value{V: v, Set: true, Assumption: true, Reason: "test"} }
	w := testWorld(0)
	w.Hazards = nil
	for k := range world.NumTriggerTypes {
		w.Hazards = append(w.Hazards, world.Hazard{Country: "AAA", Type: k, Monthly: fixed(0.01)})
	}
	outputs := map[string]*Output{}
	calls := map[string]*[world.NumTriggerTypes]int{}
	for name, dm := range map[string]func(c *[world.NumTriggerTypes]int) DecisionModel{
		"every type": func(c *[world.NumTriggerTypes]int) DecisionModel { return classedDecision{c} },
		"by class":   func(c *[world.NumTriggerTypes]int) DecisionModel { return classed{classedDecision{c}} },
	} {
		calls[name] = new([world.NumTriggerTypes]int)
		m, err := New(w, Engines{Decision: dm(calls[name])})
		if err != nil {
			t.Fatal(err)
		}
		if outputs[name], err = m.Run(context.Background(), Options{Draws: 64, Seed: 3, Workers: 1}); err != nil {
			t.Fatal(err)
		}
	}
	a, b := outputs["every type"], outputs["by class"]
	if !slices.Equal(a.PAny, b.PAny) || !slices.Equal(a.Interventions, b.Interventions) {
		t.Error("results differ when the decision model is asked once per class")
	}
	all, byClass := calls["every type"], calls["by class"]
	for k := range world.NumTriggerTypes {
		switch {
		case all[k] == 0:
			t.Fatalf("%s: never asked", k)
		case k == world.TriggerEthnic || !armed(k):
			if byClass[k] != all[k] {
				t.Errorf("%s: asked %d times by class, %d for every type", k, byClass[k], all[k])
			}
		case byClass[k] != 0:
			t.Errorf("%s: asked %d times, though ethnic (first of its class) answers for it", k, byClass[k])
		}
	}
}
