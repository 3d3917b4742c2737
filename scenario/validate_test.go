package scenario

import (
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/world"
)

// minimal is a small valid scenario; the table below breaks it one way at a
// time.
const minimal = `name: mini
start: 2022-02
horizon: 2030-12
baseline: baseline
actors:
  AAA:
    role: focus
    population: {value: 1000, year: 2021, source: "test"}
    gdp_usd: {value: 1e9, year: 2021, source: "test"}
    growth: {value: 3, assumption: true, reason: "test"}
  RUS:
    role: external
bases:
  b1:
    host: AAA
    operator: RUS
    lease_end: {value: 2030, source: "test"}
projects:
  p1:
    duration_months: {value: 12, source: "test"}
    cost_usd: {value: 1e6, source: "test"}
    effects:
      AAA:
        income_pct: {value: 1, assumption: true, reason: "test"}
policies:
  baseline: {}
  fast:
    projects:
      p1: {start: 2023-01}
triggers:
  hazard:
    AAA:
      protest: {value: 0.01, assumption: true, reason: "test"}
decision:
  intercept: {value: -3, assumption: true, reason: "test"}
`

func TestMinimalValid(t *testing.T) {
	sc, err := Load("mini.yaml", []byte(minimal), nil)
	if err != nil {
		t.Fatalf("minimal scenario: %v", err)
	}
	if len(sc.World.Focus()) != 1 || len(sc.World.Policies) != 2 {
		t.Fatalf("unexpected world %+v", sc.World)
	}
}

func TestValidationErrors(t *testing.T) {
	tests := []struct {
		name      string
		old, repl string // replace old with repl in minimal
		want      []string
	}{
		{"unknown field", "    role: focus\n", "    role: focus\n    populaton: 3\n",
			[]string{"mini.yaml:8:5: actors.AAA.populaton: unknown field (want one of name, role, neutral, note, population, gdp_usd, growth, growth_sd, ethnic_russian_share, remittances_gdp, remittances_russia_share, fuel_price_exposure, china_investment_gdp, russia_trade_share, china_trade_share, intra_regional_trade_share, russian_transit_share, request_propensity, alignment_shift, border_russia_km, alignment, enclave)"}},
		{"wrong type", `{value: 1000, year: 2021`, `{value: many, year: 2021`,
			[]string{`mini.yaml:8:25: actors.AAA.population.value: want a number, got "many"`}},
		{"bare number", `gdp_usd: {value: 1e9, year: 2021, source: "test"}`, `gdp_usd: 1e9`,
			[]string{`mini.yaml:9:14: actors.AAA.gdp_usd: want a value mapping {value, year, source} (a bare number has no provenance), got "1e9"`}},
		{"unknown actor", "    host: AAA\n", "    host: KGX\n",
			[]string{`mini.yaml:15:11: bases.b1.host: unknown actor "KGX"`}},
		{"unknown project", "      p1: {start: 2023-01}", "      p9: {start: 2023-01}",
			[]string{`mini.yaml:29:7: policies.fast.projects.p9: unknown project "p9"`}},
		{"duplicate id", "  RUS:\n    role: external\n", "  RUS:\n    role: external\n  AAA:\n    role: external\n",
			[]string{`mini.yaml:13:3: actors.AAA: duplicate key "AAA" (first on line 6)`}},
		{"probability above 1", "protest: {value: 0.01,", "protest: {value: 1.5,",
			[]string{`mini.yaml:33:24: triggers.hazard.AAA.protest.value: 1.5 is outside [0, 1]`}},
		{"probability distribution outside [0,1]", `protest: {value: 0.01, assumption: true, reason: "test"}`,
			`protest: {value: 0.01, assumption: true, reason: "test", dist: {type: normal, mean: 0.01, sd: 0.1}}`,
			[]string{`mini.yaml:33:70: triggers.hazard.AAA.protest.dist: normal(mean=0.01, sd=0.1) reaches outside [0, 1] (use beta or uniform)`}},
		{"negative population", `{value: 1000, year: 2021`, `{value: -1000, year: 2021`,
			[]string{`mini.yaml:8:25: actors.AAA.population.value: -1000 must not be negative`}},
		{"negative GDP", `{value: 1e9, year: 2021`, `{value: -1e9, year: 2021`,
			[]string{`mini.yaml:9:22: actors.AAA.gdp_usd.value: -1e+09 must not be negative`}},
		{"bad date", "start: 2022-02", "start: 2022-13",
			[]string{`mini.yaml:2:8: start: month "2022-13": want YYYY-MM with a month 01-12`}},
		{"bad project start", "{start: 2023-01}", "{start: Jan 2023}",
			[]string{`mini.yaml:29:19: policies.fast.projects.p1.start: month "Jan 2023": want YYYY-MM`}},
		{"horizon before start", "horizon: 2030-12", "horizon: 2020-01",
			[]string{`mini.yaml:3:10: horizon: 2020-01 is before start 2022-02`}},
		{"horizon after the latest", "horizon: 2030-12", "horizon: 9999-12",
			[]string{`mini.yaml:3:10: horizon: 9999-12 is after 2200-12, the latest horizon a scenario may have`}},
		{"horizon a month after the latest", "horizon: 2030-12", "horizon: 2201-01",
			[]string{`mini.yaml:3:10: horizon: 2201-01 is after 2200-12, the latest horizon a scenario may have`}},
		{"horizon 200 years after start", "start: 2022-02\nhorizon: 2030-12", "start: 1999-12\nhorizon: 2199-12",
			[]string{`mini.yaml:3:10: horizon: 2199-12 is more than 200 years after start 1999-12`}},
		{"empty policy", "      p1: {start: 2023-01}\n", "",
			[]string{`mini.yaml:27:3: policies.fast: empty policy: it schedules no projects, so it would equal the baseline`}},
		{"no policies", "policies:\n  baseline: {}\n  fast:\n    projects:\n      p1: {start: 2023-01}\n", "policies: {}\n",
			[]string{`mini.yaml:25:11: policies: no policies defined (define at least the baseline)`}},
		{"no source", `lease_end: {value: 2030, source: "test"}`, `lease_end: {value: 2030}`,
			[]string{`mini.yaml:17:16: bases.b1.lease_end: no source: give source, or assumption: true with a reason`}},
		{"assumption without reason", `growth: {value: 3, assumption: true, reason: "test"}`, `growth: {value: 3, assumption: true}`,
			[]string{`mini.yaml:10:36: actors.AAA.growth.reason: an assumption needs a one-line reason`}},
		{"unknown distribution", `growth: {value: 3, assumption: true, reason: "test"}`, `growth: {value: 3, assumption: true, reason: "test", dist: {type: gauss}}`,
			[]string{`mini.yaml:10:71: actors.AAA.growth.dist.type: unknown distribution "gauss" (want normal, lognormal, uniform, beta, triangular or fixed)`}},
		{"unknown trigger type", "      protest:", "      riot:",
			[]string{`mini.yaml:33:7: triggers.hazard.AAA.riot: unknown trigger type "riot" (want one of protest, ethnic, border, insurgent, civil-war, realignment)`}},
		{"claim names an unknown value", "decision:\n", "claims:\n  c1: {text: t, source: s, fields: [actors.AAA.growth, actors.AAA.nope]}\ndecision:\n",
			[]string{`mini.yaml:35:56: claims.c1.fields[1]: "actors.AAA.nope" is not a value of this scenario`}},
		{"change and partial effect", "        income_pct: {value: 1, assumption: true, reason: \"test\"}\n",
			"        income_pct: {value: 1, assumption: true, reason: \"test\"}\n    trade_cost:\n      x: {from: AAA, to: RUS, change: {value: -0.1, source: s}, partial_effect: {value: 0.2, source: s}}\n",
			[]string{`mini.yaml:26:81: projects.p1.trade_cost.x.partial_effect: give change or partial_effect, not both`}},
		{"theta not positive", "decision:\n", "gravity:\n  theta: {value: 5, source: s, dist: {type: uniform, min: 0, max: 8}}\ndecision:\n",
			[]string{`mini.yaml:35:10: gravity.theta: the trade elasticity must be positive (in every draw)`}},
		{"prior sd not positive", "  intercept: {value: -3, assumption: true, reason: \"test\"}\n", "  intercept: {value: -3, assumption: true, reason: \"test\"}\n  priors:\n    slope: {mean: 0, sd: 0, source: s}\n",
			[]string{`mini.yaml:37:26: decision.priors.slope.sd: 0 must be positive`}},
		{"prior without sd", "  intercept: {value: -3, assumption: true, reason: \"test\"}\n", "  intercept: {value: -3, assumption: true, reason: \"test\"}\n  priors:\n    coef:\n      request: {mean: 1, source: s}\n",
			[]string{`mini.yaml:38:16: decision.priors.coef.request.sd: missing`}},
		{"prior without provenance", "  intercept: {value: -3, assumption: true, reason: \"test\"}\n", "  intercept: {value: -3, assumption: true, reason: \"test\"}\n  priors:\n    cut: {mean: 0, sd: 5}\n",
			[]string{`mini.yaml:37:10: decision.priors.cut: no source: give source, or assumption: true with a reason`}},
		{"prior as a bare number", "  intercept: {value: -3, assumption: true, reason: \"test\"}\n", "  intercept: {value: -3, assumption: true, reason: \"test\"}\n  priors:\n    intercept: 5\n",
			[]string{`mini.yaml:37:16: decision.priors.intercept: want a normal prior {mean, sd, source} (or assumption: true with a reason), got "5"`}},
		{"prior of another family", "  intercept: {value: -3, assumption: true, reason: \"test\"}\n", "  intercept: {value: -3, assumption: true, reason: \"test\"}\n  priors:\n    slope: {type: cauchy, mean: 0, sd: 1, source: s}\n",
			[]string{`mini.yaml:37:13: decision.priors.slope.type: unknown field (want one of mean, sd, source, assumption, reason, note)`}},
		{"prior name malformed", "  intercept: {value: -3, assumption: true, reason: \"test\"}\n", "  intercept: {value: -3, assumption: true, reason: \"test\"}\n  priors:\n    coef:\n      Request: {mean: 1, sd: 1, source: s}\n",
			[]string{`mini.yaml:38:7: decision.priors.coef.Request: "Request" is not a feature name (lower case letters, digits and _)`}},
		{"malformed YAML", "baseline: baseline\n", "baseline: baseline: x\n",
			[]string{`mini.yaml:4:1: malformed YAML: mapping values are not allowed in this context`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(minimal, tc.old) {
				t.Fatalf("test bug: %q not in the minimal scenario", tc.old)
			}
			src := strings.Replace(minimal, tc.old, tc.repl, 1)
			_, err := Load("mini.yaml", []byte(src), nil)
			if err == nil {
				t.Fatal("no error")
			}
			list, ok := err.(ErrorList)
			if !ok {
				t.Fatalf("error %T, want ErrorList: %v", err, err)
			}
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestAllErrorsAtOnce: independent problems are all reported, in file order.
func TestAllErrorsAtOnce(t *testing.T) {
	src := strings.NewReplacer(
		"start: 2022-02", "start: 2022-00",
		"    host: AAA\n", "    host: ZZZ\n",
		"protest: {value: 0.01,", "protest: {value: 2,",
	).Replace(minimal)
	_, err := Load("mini.yaml", []byte(src), nil)
	list, _ := err.(ErrorList)
	if len(list) != 3 {
		t.Fatalf("got %d errors, want 3:\n%v", len(list), err)
	}
	for i := 1; i < len(list); i++ {
		if list[i].Pos.Line < list[i-1].Pos.Line {
			t.Errorf("errors not in file order:\n%v", err)
		}
	}
}

func TestExtends(t *testing.T) {
	files := map[string]string{"mini.yaml": minimal}
	resolve := func(ref, from string) (string, []byte, error) {
		s, ok := files[ref]
		if !ok {
			return "", nil, errNotFound(ref)
		}
		return ref, []byte(s), nil
	}
	child := `extends: mini.yaml
name: child
triggers:
  hazard:
    AAA:
      protest: {value: 0.02, assumption: true, reason: "a higher hazard"}
policies:
  fast: null
`
	sc, err := Load("child.yaml", []byte(child), resolve)
	if err != nil {
		t.Fatal(err)
	}
	w := sc.World
	if w.Name != "child" || len(w.Policies) != 1 || w.Hazards[0].Monthly.V != 0.02 || w.Hazards[0].Monthly.Source != "" {
		t.Errorf("merge wrong: name %q, %d policies, hazard %+v", w.Name, len(w.Policies), w.Hazards[0].Monthly)
	}
	if w.Bases[0].LeaseEnd.V != 2030 {
		t.Errorf("inherited base lost")
	}
	if !strings.Contains(string(sc.Resolved), "lease_end") || strings.Contains(string(sc.Resolved), "extends") {
		t.Errorf("resolved scenario is not self-contained:\n%s", sc.Resolved)
	}
	// Errors in the extending file name that file.
	bad := strings.Replace(child, "0.02", "7", 1)
	_, err = Load("child.yaml", []byte(bad), resolve)
	if err == nil || !strings.HasPrefix(err.Error(), "child.yaml:6:24: triggers.hazard.AAA.protest.value: 7 is outside [0, 1]") {
		t.Errorf("error %v", err)
	}
	// Unknown base and no resolver.
	_, err = Load("child.yaml", []byte("extends: nope.yaml\n"), resolve)
	if err == nil || err.Error() != `child.yaml:1:10: extends: not found: nope.yaml` {
		t.Errorf("error %v", err)
	}
	_, err = Load("child.yaml", []byte(child), nil)
	if err == nil || err.Error() != `child.yaml:1:10: extends: cannot extend "mini.yaml" here` {
		t.Errorf("error %v", err)
	}
	// A cycle.
	files["a.yaml"] = "extends: b.yaml\n"
	files["b.yaml"] = "extends: a.yaml\n"
	_, err = Load("a.yaml", []byte(files["a.yaml"]), resolve)
	if err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("cycle: error %v", err)
	}
}

type errNotFound string

func (e errNotFound) Error() string { return "not found: " + string(e) }

func FuzzLoad(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte("extends: mini.yaml\n"))
	f.Add([]byte("actors: {A: {role: focus, population: {value: -1}}}"))
	f.Add([]byte("{"))
	f.Add([]byte("policies: [1, 2]\nstart: &a 2022-01\nhorizon: *a\n"))
	f.Add([]byte("actors:\n  A: &x {role: focus}\n  B: *x\n"))
	f.Add([]byte("decision:\n  priors:\n    slope: {mean: 0, sd: 2.5, source: s}\n    coef: {request: {mean: 1, sd: -1}, X: 3}\n"))
	resolve := func(ref, from string) (string, []byte, error) { return "mini.yaml", []byte(minimal), nil }
	f.Fuzz(func(t *testing.T, src []byte) {
		sc, err := Load("fuzz.yaml", src, resolve)
		if err == nil && sc.World == nil {
			t.Fatal("nil world without error")
		}
		if err != nil && !IsInputError(err) {
			t.Fatalf("non-input error: %v", err)
		}
	})
}

// TestPriorsResolved: decision.priors reach the world with their positions.
func TestPriorsResolved(t *testing.T) {
	ic := "  intercept: {value: -3, assumption: true, reason: \"test\"}\n"
	src := strings.Replace(minimal, ic, ic+`  priors:
    cut: {mean: 0.5, sd: 4, source: "a paper"}
    coef:
      non_russian_ties: {mean: -1, sd: 0.5, assumption: true, reason: "expert"}
`, 1)
	sc, err := Load("mini.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := sc.World.Decision.Priors
	if !p.Stated() || p.Intercept != nil || p.Slope != nil {
		t.Fatalf("priors %+v: want cut and one coefficient only", p)
	}
	if *p.Cut != (world.Prior{Mean: 0.5, SD: 4, Source: "a paper", At: world.Pos{File: "mini.yaml", Line: 37, Column: 10}}) {
		t.Errorf("cut prior %+v", *p.Cut)
	}
	want := world.Prior{Mean: -1, SD: 0.5, Assumption: true, Reason: "expert", At: world.Pos{File: "mini.yaml", Line: 39, Column: 25}}
	if got := p.Coef["non_russian_ties"]; got != want || len(p.Coef) != 1 {
		t.Errorf("coef priors %+v, want non_russian_ties %+v", p.Coef, want)
	}
	if p.At != (world.Pos{File: "mini.yaml", Line: 37, Column: 5}) {
		t.Errorf("priors block at %s, want mini.yaml:37:5", p.At)
	}

	sc, err = Load("mini.yaml", []byte(minimal), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sc.World.Decision.Priors.Stated() {
		t.Error("a scenario without decision.priors states priors")
	}
}

// TestHorizonLimits: the latest horizon and the longest span are accepted,
// one month more of either is not (TestValidationErrors).
func TestHorizonLimits(t *testing.T) {
	for _, span := range []string{"start: 2022-02\nhorizon: 2200-12", "start: 2000-01\nhorizon: 2199-12"} {
		src := strings.Replace(minimal, "start: 2022-02\nhorizon: 2030-12", span, 1)
		if src == minimal {
			t.Fatal("test bug: start and horizon not in the minimal scenario")
		}
		sc, err := Load("mini.yaml", []byte(src), nil)
		if err != nil {
			t.Fatalf("%q: %v", span, err)
		}
		if got := sc.World.Start.String() + " to " + sc.World.Horizon.String(); !strings.Contains(span, got[len(got)-7:]) {
			t.Errorf("%q: loaded %s", span, got)
		}
	}
}

// TestCheckSet: a value given from outside the file is checked against the
// range of the parameter's path, as the file's own value is.
func TestCheckSet(t *testing.T) {
	sc, err := Load("mini.yaml", []byte(minimal), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		x    float64
		want string
	}{
		{"triggers.hazard.AAA.protest", 1.5, "triggers.hazard.AAA.protest: 1.5 is outside [0, 1]"},
		{"triggers.hazard.AAA.protest", -0.1, "triggers.hazard.AAA.protest: -0.1 is outside [0, 1]"},
		{"triggers.hazard.AAA.protest", 1, ""},
		{"actors.AAA.population", -1000, "actors.AAA.population: -1000 must not be negative"},
		{"actors.AAA.population", 0, ""},
		{"actors.AAA.growth", -50, ""}, // stated without a range
		{"no.such.path", -5, ""},       // the model decides what is a parameter
	} {
		got := ""
		if err := sc.CheckSet(tc.path, tc.x); err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("CheckSet(%s, %g) = %q, want %q", tc.path, tc.x, got, tc.want)
		}
	}
}
