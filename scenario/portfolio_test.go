package scenario

import (
	"strings"
	"testing"
)

// portfolioMini adds two more projects and a portfolio section to minimal.
const portfolioMini = minimal + `portfolio:
  start: 2024-01
  financiers:
    F1: {budget_usd: {value: 5e6, source: "test"}, exclude_countries: [RUS]}
    F2: {budget_usd: {value: 1e6, source: "test"}}
  candidates:
    c1:
      project: p1
      financing:
        a: {F1: {value: 0.5, source: "test"}}
        b: {F1: {value: 0.2, source: "test"}, F2: {value: 0.3, assumption: true, reason: "test"}}
    c2:
      define:
        kind: rail
        countries: [AAA]
        cost_usd: {value: 2e6, source: "test"}
        duration_months: {value: 6, source: "test"}
      financing:
        a: {F2: {value: 1, source: "test"}}
      requires: [c1]
  rules:
    one: {at_most: 1, of: [c1, c2], note: "test"}
`

func TestPortfolioResolved(t *testing.T) {
	sc, err := Load("mini.yaml", []byte(strings.Replace(portfolioMini, "      p1: {start: 2023-01}\n", "      p1: {start: 2023-01}\n", 1)), nil)
	if err != nil {
		t.Fatal(err)
	}
	pf := sc.World.Portfolio
	if pf == nil || pf.Base != "baseline" || len(pf.Financiers) != 2 || len(pf.Candidates) != 2 || len(pf.Rules) != 1 {
		t.Fatalf("portfolio %+v", pf)
	}
	c2 := pf.Candidates[1]
	if !c2.Defined || c2.Project.ID != "c2" || c2.Project.CostUSD.V != 2e6 || c2.Requires[0] != "c1" {
		t.Fatalf("candidate c2 %+v", c2)
	}
	if got := pf.Candidates[0].Plans[1].Shares[1]; got.Financier != "F2" || got.Share.V != 0.3 || got.At.Line == 0 {
		t.Fatalf("share %+v", got)
	}
	if pf.Rules[0].AtMost != 1 || pf.Rules[0].AtLeast != -1 {
		t.Fatalf("rule %+v", pf.Rules[0])
	}
	if len(sc.World.Projects) != 1 {
		t.Fatalf("a defined candidate must not join the scenario's projects: %d", len(sc.World.Projects))
	}
}

func TestPortfolioErrors(t *testing.T) {
	tests := []struct{ old, new, want string }{
		{"value: 5e6", "value: -5e6", "mini.yaml:39:30: portfolio.financiers.F1.budget_usd.value: -5e+06 must not be negative"},
		{"b: {F1:", "b: {F9:", `mini.yaml:46:13: portfolio.candidates.c1.financing.b.F9: unknown financier "F9"`},
		{`F2: {budget_usd: {value: 1e6, source: "test"}}`, `F2: {budget_usd: {value: 1e6, source: "test"}, exclude_countries: [AAA]}`, "F2 does not fund projects in AAA"},
		{`F2: {budget_usd: {value: 1e6, source: "test"}}`, `F2: {budget_usd: {value: 1e6, source: "test"}, kinds: [power]}`, `mini.yaml:54:13: portfolio.candidates.c2.financing.a.F2: F2 does not fund "rail" projects`},
		{"      project: p1\n", "      project: p1\n      requires: [c2]\n", "mini.yaml:56:18: portfolio.candidates.c2.requires[0]: dependency cycle: c1 -> c2 -> c1"},
		{"requires: [c1]", "requires: [c9]", `portfolio.candidates.c2.requires[0]: unknown candidate "c9"`},
		{"at_most: 1", "at_most: 3", "portfolio.rules.one.at_most: 3: want a whole number from 0 to 2"},
		{"at_most: 1,", "at_most: 1, at_least: 2,", "at_least: 2 is more than at_most 1"},
		{`note: "test"}` + "\n", "}\n", "portfolio.rules.one.source: missing"},
		{"project: p1", "project: p9", `unknown project "p9"`},
		{"b: {F1: {value: 0.2", "b: {F1: {value: 0.8", "the shares sum to 1.1, more than 1"},
		{"  start: 2024-01\n", "  base: nope\n  start: 2024-01\n", `portfolio.base: unknown policy "nope"`},
		{"      define:\n", "      project: p1\n      define:\n", "give project or define, not both"},
		{"  start: 2024-01\n", "  start: 2031-01\n", "mini.yaml:37:10: portfolio.start: 2031-01 is after the horizon 2030-12"},
	}
	for _, tt := range tests {
		src := strings.Replace(portfolioMini, tt.old, tt.new, 1)
		if src == portfolioMini {
			t.Fatalf("%q not in the scenario", tt.old)
		}
		_, err := Load("mini.yaml", []byte(src), nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s -> %s: got %v, want %q", tt.old, tt.new, err, tt.want)
		}
		if err != nil && !IsInputError(err) {
			t.Errorf("not an input error: %v", err)
		}
	}
}

// FuzzLoadPortfolio fuzzes the loader from a scenario with a portfolio.
func FuzzLoadPortfolio(f *testing.F) {
	f.Add([]byte(portfolioMini))
	f.Add([]byte(strings.Replace(portfolioMini, "requires: [c1]", "requires: [c2, c1]", 1)))
	f.Add([]byte("portfolio: {candidates: {x: {define: {}}}, rules: {r: {at_least: 1.5}}}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		sc, err := Load("fuzz.yaml", src, nil)
		if err != nil {
			if !IsInputError(err) {
				t.Fatalf("non-input error: %v", err)
			}
			return
		}
		if pf := sc.World.Portfolio; pf != nil {
			for _, c := range pf.Candidates {
				if len(c.Plans) == 0 || c.Project.ID == "" {
					t.Fatalf("candidate %s accepted without a project or a financing plan", c.ID)
				}
			}
		}
	})
}
