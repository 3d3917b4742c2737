package risk

import (
	"os"
	"strings"
	"testing"
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
	f, err := os.Open("../data/posterior/priors.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
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
