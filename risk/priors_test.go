package risk

import (
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/world"
)

func TestParsePriorOverride(t *testing.T) {
	fs := DefaultFeatures()
	name, p, err := ParsePriorOverride("non_russian_ties=normal(-1, 0.5)", fs)
	if err != nil || name != FeatTies || p.Mean != -1 || p.SD != 0.5 {
		t.Errorf("got %q %v %v", name, p, err)
	}
	for _, bad := range []string{"non_russian_ties=normal(-1,0)", "gdp=normal(0,1)", "request=cauchy(0,1)", "request", "request=normal(a,1)"} {
		if _, _, err := ParsePriorOverride(bad, fs); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	pr := DefaultPriors()
	pr.Coef = map[string]Prior{FeatTies: p}
	if pr.For(FeatTies) != p || pr.For(FeatRequest) != pr.Slope || pr.For(FeatIntercept) != pr.Intercept {
		t.Error("Priors.For does not apply the override")
	}
}

func FuzzParsePriorOverride(f *testing.F) {
	f.Add("non_russian_ties=normal(-1,0.5)")
	f.Add("request=normal(1e308,1e-308)")
	fs := DefaultFeatures()
	f.Fuzz(func(t *testing.T, s string) {
		_, p, err := ParsePriorOverride(s, fs)
		if err == nil && !(p.SD > 0) {
			t.Fatalf("accepted sd %v", p.SD)
		}
	})
}

func FuzzLoadEvents(f *testing.F) {
	f.Add("country,month,type,source,detail\nKGZ,2014-01,border,episodes:41,x\n")
	f.Add("country,month,type,source,detail\n\"x\n")
	f.Fuzz(func(t *testing.T, s string) {
		ev, err := LoadEvents("f.csv", strings.NewReader(s))
		if err == nil {
			for _, e := range ev {
				if e.Source == "" {
					t.Fatal("event without source accepted")
				}
			}
		}
	})
}

// TestBundledPriors: the bundled priors file states the code's defaults.
func TestBundledPriors(t *testing.T) {
	f := fixture.Open(t, "../data/posterior/priors.json")
	p, err := ReadPriors("priors.json", f, DefaultFeatures())
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultPriors()
	if p.Intercept != d.Intercept || p.Slope != d.Slope || p.Cut != d.Cut || len(p.Coef) != 0 {
		t.Errorf("bundled priors %+v differ from DefaultPriors %+v", p, d)
	}
	for _, bad := range []string{
		`{"intercept":{"mean":0,"sd":0},"slope":{"mean":0,"sd":1},"cut":{"mean":0,"sd":1}}`,
		`{"intercept":{"mean":0,"sd":1},"slope":{"mean":0,"sd":1},"cut":{"mean":0,"sd":1},"coef":{"gdp":{"mean":0,"sd":1}}}`,
		`{"intercept":{"mean":0,"sd":1},"slope":{"mean":0,"sd":1},"cut":{"mean":0,"sd":1},"extra":1}`,
	} {
		if _, err := ReadPriors("p.json", strings.NewReader(bad), DefaultFeatures()); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

func TestWithScenario(t *testing.T) {
	fs := DefaultFeatures()
	base := DefaultPriors()
	base.Coef = map[string]Prior{FeatRequest: {Mean: 1, SD: 1, Source: "file"}}
	sp := world.DecisionPriors{
		Cut: &world.Prior{Mean: 0, SD: 3, Source: "a paper", At: world.Pos{File: "s.yaml", Line: 9, Column: 10}},
		Coef: map[string]world.Prior{
			FeatTies: {Mean: -1, SD: 0.5, Assumption: true, Reason: "expert", At: world.Pos{File: "s.yaml", Line: 11, Column: 25}},
		},
	}
	got, err := base.WithScenario(sp, fs)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		got      Prior
		mean, sd float64
		source   string
	}{
		{"intercept kept", got.For(FeatIntercept), 0, 5, base.Intercept.Source},
		{"slope kept", got.For(FeatBase), 0, 2.5, base.Slope.Source},
		{"file coefficient kept", got.For(FeatRequest), 1, 1, "file"},
		{"scenario coefficient", got.For(FeatTies), -1, 0.5, "scenario s.yaml:11:25: assumption: expert"},
		{"scenario cutpoints", got.Cut, 0, 3, "scenario s.yaml:9:10: a paper"},
	}
	for _, tc := range tests {
		if tc.got.Mean != tc.mean || tc.got.SD != tc.sd || tc.got.Source != tc.source {
			t.Errorf("%s: got %v from %q, want normal(%g, %g) from %q", tc.name, tc.got, tc.got.Source, tc.mean, tc.sd, tc.source)
		}
	}
	if len(base.Coef) != 1 {
		t.Error("WithScenario changed its receiver's coefficient map")
	}

	sp.Coef["gdp"] = world.Prior{Mean: 0, SD: 1, At: world.Pos{File: "s.yaml", Line: 12, Column: 7}}
	sp.Coef[FeatIntercept] = world.Prior{Mean: 0, SD: 1, At: world.Pos{File: "s.yaml", Line: 13, Column: 7}}
	_, err = base.WithScenario(sp, fs)
	for _, want := range []string{"s.yaml:12:7: decision.priors.coef.gdp: not a feature", "s.yaml:13:7: decision.priors.coef.intercept: not a feature"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want it to contain %q", err, want)
		}
	}
}

func TestSameAs(t *testing.T) {
	fs := DefaultFeatures()
	a := DefaultPriors()
	b := DefaultPriors()
	b.Intercept.Source = "another citation"
	b.Coef = map[string]Prior{FeatTies: {Mean: 0, SD: 2.5}} // the slope default, stated
	if !a.SameAs(b, fs) || !b.SameAs(a, fs) {
		t.Error("priors with the same numbers differ")
	}
	for name, change := range map[string]func(*Priors){
		"coefficient": func(p *Priors) { p.Coef = map[string]Prior{FeatTies: {Mean: -1, SD: 2.5}} },
		"slope":       func(p *Priors) { p.Slope.SD = 2 },
		"intercept":   func(p *Priors) { p.Intercept.Mean = -1 },
		"cut":         func(p *Priors) { p.Cut.SD = 4 },
	} {
		c := DefaultPriors()
		change(&c)
		if a.SameAs(c, fs) {
			t.Errorf("a different %s prior is the same", name)
		}
	}
	c := DefaultPriors()
	c.Coef = map[string]Prior{FeatTies: {Mean: -0.5, SD: 0.25}}
	c.Cut.SD = 4
	if got, want := strings.Join(c.Diff(a, fs), "; "), "non_russian_ties normal(-0.5, 0.25); cutpoints normal(0, 4)"; got != want {
		t.Errorf("Diff = %q, want %q", got, want)
	}
}
