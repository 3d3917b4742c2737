package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// FrontierSchema is the format ReadFrontier reads: what `steppe optimize
// --json` writes (package portfolio, docs/portfolio.md).
const FrontierSchema = "steppe.portfolio/v1"

// Frontier is a portfolio frontier as the report shows it: the cheapest
// portfolio of candidate projects for each level of effect, each
// re-simulated. It is read from the file's JSON, so the report does not
// depend on the optimiser.
type Frontier struct {
	File       string // where it was read from, shown in the section
	Scenario   string
	Objective  string // "risk" or "income"
	Target     string
	Year       int
	Base       string
	Start      string
	Seed       uint64
	Draws      int
	ResimDraws int
	Design     int
	RMSE       float64
	Budgets    []string // "FINANCIER USD" (or "unlimited"), in the file's order
	Points     []FrontierPoint
}

// FrontierPoint is one portfolio of a Frontier.
type FrontierPoint struct {
	Cost     float64
	Projects []string // "candidate (plan)"
	Spend    []string // "FINANCIER USD", by financier id
	// Effect of the objective, re-simulated: mean, 5% and 95% over draws
	// (NaN where only the mean is kept) and P(effect < 0).
	Mean, Q05, Q95, PNeg float64
	Pred, Error, Stated  float64 // surrogate prediction, re-simulated minus predicted, stated error
	Other                float64 // the other objective's mean
	Flag, Marginal       bool
}

// frontierFile is the part of the JSON the section shows.
type frontierFile struct {
	// encoding/json matches these names to the file's keys regardless of
	// case: schema, scenario, objective, ...
	Schema, Scenario, Objective, Target, Base, Start string
	Year, Draws                                      int
	Seed                                             uint64
	Financiers                                       []string
	ResimDraws                                       int        `json:"resim_draws"`
	Design                                           int        `json:"design_points"`
	RMSE                                             float64    `json:"loo_rmse"`
	Budgets                                          []*float64 `json:"budgets_usd"` // null: unlimited
	Frontier                                         []struct {
		Funded []struct {
			Candidate string `json:"candidate"`
			Plan      string `json:"plan"`
		} `json:"funded"`
		Cost   float64            `json:"cost_usd"`
		Spend  map[string]float64 `json:"spend_usd"`
		Pred   float64            `json:"predicted"`
		Effect struct {
			Mean float64  `json:"mean"`
			Q05  *float64 `json:"q05"`
			Q95  *float64 `json:"q95"`
			PNeg *float64 `json:"p_neg"`
		} `json:"effect"`
		Other    float64 `json:"other"`
		Error    float64 `json:"error"`
		Stated   float64 `json:"stated_error"`
		Flag     bool    `json:"flag"`
		Marginal bool    `json:"marginal"`
	} `json:"frontier"`
}

// ReadFrontier reads the JSON of `steppe optimize --json` (schema
// steppe.portfolio/v1); errors name file, and line and column where the
// JSON is malformed.
func ReadFrontier(r io.Reader, file string) (*Frontier, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var f frontierFile
	if err := json.Unmarshal(b, &f); err != nil {
		switch e := err.(type) { // json.Unmarshal returns these unwrapped
		case *json.SyntaxError:
			l, c := lineCol(b, e.Offset-1) // Offset is just past the bad byte
			return nil, fmt.Errorf("%s:%d:%d: %v", file, l, c, e)
		case *json.UnmarshalTypeError:
			l, c := lineCol(b, e.Offset)
			// Untagged fields are single words: their JSON key is their name
			// in lower case.
			return nil, fmt.Errorf("%s:%d:%d: %s: want %s, not a JSON %s", file, l, c, strings.ToLower(e.Field), e.Type, e.Value)
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	switch {
	case f.Schema != FrontierSchema:
		return nil, fmt.Errorf("%s: schema %q, want %q (the JSON of steppe optimize --json)", file, f.Schema, FrontierSchema)
	case f.Objective != "risk" && f.Objective != "income":
		return nil, fmt.Errorf("%s: objective %q, want risk or income", file, f.Objective)
	case len(f.Budgets) != len(f.Financiers):
		return nil, fmt.Errorf("%s: %d budgets_usd for %d financiers", file, len(f.Budgets), len(f.Financiers))
	}
	out := &Frontier{File: file, Scenario: f.Scenario, Objective: f.Objective, Target: f.Target, Year: f.Year, Base: f.Base,
		Start: f.Start, Seed: f.Seed, Draws: f.Draws, ResimDraws: f.ResimDraws, Design: f.Design, RMSE: f.RMSE}
	for i, id := range f.Financiers {
		s := "unlimited"
		if f.Budgets[i] != nil {
			s = usd(*f.Budgets[i])
		}
		out.Budgets = append(out.Budgets, id+" "+s)
	}
	orNaN := func(p *float64) float64 {
		if p == nil {
			return math.NaN()
		}
		return *p
	}
	for _, p := range f.Frontier {
		pt := FrontierPoint{Cost: p.Cost, Mean: p.Effect.Mean, Q05: orNaN(p.Effect.Q05), Q95: orNaN(p.Effect.Q95), PNeg: orNaN(p.Effect.PNeg),
			Pred: p.Pred, Error: p.Error, Stated: p.Stated, Other: p.Other, Flag: p.Flag, Marginal: p.Marginal}
		for _, c := range p.Funded {
			pt.Projects = append(pt.Projects, c.Candidate+" ("+c.Plan+")")
		}
		for k, v := range p.Spend {
			pt.Spend = append(pt.Spend, k+" "+usd(v))
		}
		sort.Strings(pt.Spend) // by financier id
		out.Points = append(out.Points, pt)
	}
	return out, nil
}

// lineCol is the 1-based line and column of byte offset off in b.
func lineCol(b []byte, off int64) (int, int) {
	off = min(max(off, 0), int64(len(b)))
	pre := b[:off]
	nl := bytes.LastIndexByte(pre, '\n')
	return bytes.Count(pre, []byte("\n")) + 1, int(off) - nl
}

// Unit names the objective's unit.
func (f *Frontier) Unit() string {
	if f.Objective == "income" {
		return "real income gain, %"
	}
	return "reduction of P(at least one intervention), percentage points"
}

// OtherUnit names the other objective's unit.
func (f *Frontier) OtherUnit() string {
	if f.Objective == "income" {
		return "risk reduction, pp"
	}
	return "income gain, %"
}

// Flagged counts the portfolios whose re-simulation lies outside the
// surrogate's stated error.
func (f *Frontier) Flagged() int {
	n := 0
	for _, p := range f.Points {
		if p.Flag {
			n++
		}
	}
	return n
}

// signed writes v with three decimals and its sign, as steppe optimize
// does.
func signed(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	if v >= 0 {
		return "+" + strconv.FormatFloat(v, 'f', 3, 64)
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}

// pNeg writes P(effect < 0) as the report's other effects are.
func pNeg(p float64) string {
	if math.IsNaN(p) {
		return "n/a"
	}
	return pct0(p)
}

func frontierCost(v float64) string {
	if v == 0 {
		return "$0"
	}
	return usd(v)
}

const portfolioHTML = `<section id="portfolio">
<h2>Portfolios: which candidate projects to fund</h2>
<p>The frontier of <code>steppe optimize</code> for scenario {{.Scenario}} (read from <code>{{.File}}</code>): for each level of the objective, the cheapest portfolio of candidate projects, added to policy {{.Base}} from {{.Start}}, that the financiers' budgets, eligibility rules, dependencies and exclusions allow. Objective: {{.Unit}} in {{.Target}} by the end of {{.Year}}. Budgets: {{join .Budgets ", "}}. The method (docs/portfolio.md): {{.Design}} designed portfolios simulated with {{.Draws}} draws each and common random numbers, a quadratic surrogate (leave-one-out RMSE {{num .RMSE}}) solved exactly by branch and bound under an epsilon constraint on cost, then every frontier portfolio re-simulated with {{.ResimDraws}} draws (seed {{.Seed}}).</p>
<div class="scroll-x"><table class="frontier"><thead><tr><th>#</th><th>Cost</th><th>Effect [5%–95%]</th><th>P(effect &lt; 0)</th><th>Surrogate</th><th>Error (stated)</th><th>Flag</th><th>{{.OtherUnit}}</th><th>Projects (plan)</th><th>By financier</th></tr></thead>
<tbody>{{range $i, $p := .Points}}<tr><td class="num">{{inc $i}}</td><td class="num">{{fcost .Cost}}</td><td class="num">{{signed .Mean}} [{{signed .Q05}}, {{signed .Q95}}]</td><td class="num">{{pneg .PNeg}}</td><td class="num">{{signed .Pred}}</td><td class="num">{{signed .Error}} (±{{num .Stated}})</td><td>{{if .Flag}}FLAG{{end}}{{if .Marginal}} ~{{end}}</td><td class="num">{{signed .Other}}</td><td>{{if .Projects}}{{join .Projects ", "}}{{else}}nothing beyond the base policy{{end}}</td><td>{{if .Spend}}{{join .Spend ", "}}{{else}}none{{end}}</td></tr>{{end}}</tbody></table></div>
<p class="note">{{.Flagged}} of {{len .Points}} portfolios re-simulate outside the surrogate's stated error plus twice their Monte Carlo error (FLAG); ~: the surrogate's predicted gain over the next cheaper portfolio is within its stated error, so it cannot tell that the extra cost buys anything. “host”: the host governments' share, which no financier's budget limits.</p>
</section>
`

// portfolioFuncs are the functions of the portfolio section, a template of
// its own (see pageTmpl) called from the page where Options.Portfolio is
// set.
var portfolioFuncs = template.FuncMap{
	"inc": func(i int) int { return i + 1 }, "fcost": frontierCost, "signed": signed, "pneg": pNeg,
}
