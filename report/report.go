package report

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/steppe-dev/steppe/results"
)

//go:embed assets/report.js
var reportJS string

//go:embed assets/report.css
var reportCSS string

// RunInfo describes the stored run a report comes from, when it does.
type RunInfo struct {
	ID       string
	Name     string
	Created  time.Time
	Finished time.Time
}

// Options is what Write puts in a report.
type Options struct {
	View *View
	// Boundaries is the map's GeoJSON (as Boundaries returns it); nil
	// leaves the map out.
	Boundaries json.RawMessage
	// Run is the stored run, if the report comes from one.
	Run *RunInfo
	// ScenarioSource is the scenario text the run was started from, shown
	// under "How to reproduce"; empty leaves it out.
	ScenarioSource string
	// ScenarioFile is the name to save ScenarioSource under.
	ScenarioFile string
	// Generated is the time the report is written (shown in the footer).
	Generated time.Time
	// Generator names the program, e.g. "steppe 0.1.0".
	Generator string
	// Network are the network's dependence and route changes under each
	// policy (the caller computes them, as model.Cache.NetworkChanges
	// does); nil leaves them out.
	Network *results.NetworkChanges
	// Portfolio is a frontier of steppe optimize (ReadFrontier), shown in
	// a section of its own; nil leaves it out.
	Portfolio *Frontier
}

// Write writes the report as one HTML document to w.
func Write(w io.Writer, o Options) error {
	if o.View == nil || o.View.Results == nil {
		return errors.New("report: no results")
	}
	viewJSON, err := json.Marshal(o.View) // escapes <, > and & as \u003c..., so no </script> can appear
	if err != nil {
		return fmt.Errorf("report: encode view: %w", err)
	}
	var mapJSON []byte
	if o.Boundaries != nil {
		if mapJSON, err = json.Marshal(map[string]json.RawMessage{"boundaries": o.Boundaries}); err != nil {
			return fmt.Errorf("report: encode map: %w", err)
		}
	}
	d := page{Options: o, V: o.View, R: o.View.Results,
		Script: template.JS(reportJS), Style: template.CSS(reportCSS),
		ViewJSON: template.JS(viewJSON), MapJSON: template.JS(mapJSON),
		CSP: fmt.Sprintf("default-src 'none'; script-src '%s'; style-src '%s'; img-src data:; base-uri 'none'; form-action 'none'",
			cspHash(reportJS), cspHash(reportCSS))}
	d.Command = o.View.Reproduce.Command
	if o.ScenarioSource != "" {
		d.Command = ReproduceCommand(o.ScenarioFile, d.R.Seed, d.R.Draws, d.R.Baseline, d.R.Policies)
	}
	d.Brief = makeBrief(o.View)
	d.Years = milestoneYears(d.R.Years)
	d.Rows = summaryRows(d.R, o.View.Countries, d.Years)
	for _, p := range d.R.Policies {
		if p != d.R.Baseline {
			d.Others = append(d.Others, p)
		}
	}
	return pageTmpl().Execute(w, d)
}

func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

type page struct {
	Options
	V        *View
	R        *results.Results
	Script   template.JS
	Style    template.CSS
	ViewJSON template.JS
	MapJSON  template.JS
	CSP      string
	Command  string
	Years    []int
	Rows     []summaryRow
	Others   []string
	Brief    brief
}

type summaryRow struct {
	Country, Name, Policy string
	First                 bool
	Cells                 []*results.Cell
}

// milestoneYears are the years of the tables: 2027, 2032 and the horizon's,
// where the run covers them.
func milestoneYears(years []int) []int {
	var out []int
	for _, y := range []int{2027, 2032, years[len(years)-1]} {
		if slices.Contains(years, y) && !slices.Contains(out, y) {
			out = append(out, y)
		}
	}
	return out
}

func summaryRows(r *results.Results, countries []Country, years []int) []summaryRow {
	names := map[string]string{results.Region: "Region (any of the five)"}
	for _, c := range countries {
		names[c.ID] = c.Name
	}
	var rows []summaryRow
	for _, c := range r.Countries {
		for i, p := range r.Policies {
			row := summaryRow{Country: c, Name: names[c], Policy: p, First: i == 0}
			if row.Name == "" {
				row.Name = c
			}
			for _, y := range years {
				row.Cells = append(row.Cells, r.Cell(p, c, y))
			}
			rows = append(rows, row)
		}
	}
	return rows
}

func pct(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}

// pp writes a difference of probabilities in percentage points, signed
// with + or − (U+2212) as the dashboard writes it; one that rounds to zero
// is 0.00.
func pp(v float64) string {
	s := strconv.FormatFloat(100*v, 'f', 2, 64)
	switch f, _ := strconv.ParseFloat(s, 64); {
	case f == 0:
		s = "0.00"
	case v > 0:
		s = "+" + s
	default:
		s = strings.Replace(s, "-", "−", 1)
	}
	return s + " pp"
}

// se writes a standard error in percentage points.
func se(v float64) string { return strconv.FormatFloat(100*v, 'f', 2, 64) + " pp" }

func num(v float64) string {
	a := math.Abs(v)
	switch {
	case v == math.Trunc(v) && a < 1e4:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case a != 0 && (a >= 1e6 || a < 1e-3):
		return strconv.FormatFloat(v, 'e', 3, 64)
	default:
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
}

// sourceParts splits a citation into text and http(s) links.
type sourcePart struct {
	Text string
	URL  string
}

var urlRE = regexp.MustCompile(`https?://[^\s;,()<>"']+`)

func sourceParts(s string) []sourcePart {
	var out []sourcePart
	last := 0
	for _, m := range urlRE.FindAllStringIndex(s, -1) {
		u := strings.TrimRight(s[m[0]:m[1]], ".")
		if m[0] > last {
			out = append(out, sourcePart{Text: s[last:m[0]]})
		}
		out = append(out, sourcePart{URL: u, Text: u})
		last = m[0] + len(u)
	}
	if last < len(s) {
		out = append(out, sourcePart{Text: s[last:]})
	}
	return out
}

var funcs = template.FuncMap{
	"score": score, "auroc": auroc, "policyName": policyName,
	"pct": pct, "pp": pp, "num": num, "sources": sourceParts, "pct0": pct0, "usd": usd,
	"value": func(a Assumption) string {
		if strings.HasSuffix(a.Path, "cost_usd") {
			return usd(a.Value)
		}
		return num(a.Value)
	},
	"integ": func(c *results.Cell, k string) string {
		v, ok := c.Integration[k]
		if !ok {
			return "–"
		}
		return integ(k, v)
	},
	"interventions": func(c *results.Cell, k string) string {
		return strconv.FormatFloat(c.ExpectedInterventions[k], 'f', 3, 64)
	},
	"cellAt": func(r *results.Results, p, c string, y int) *results.Cell { return r.Cell(p, c, y) },
	"words":  func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"short":  func(id string) string { return id[:min(8, len(id))] },
	"se":     se,
	"effect": func(d *results.Delta) string {
		if !hasRange(d) {
			return pp(d.Mean) + " ± " + strconv.FormatFloat(196*d.SE, 'f', 2, 64) + " (95% Monte Carlo interval)"
		}
		return pp(d.Mean) + " [" + strings.TrimSuffix(pp(d.Q05), " pp") + ", " + pp(d.Q95) + "], P(<0) " + pct0(d.PNegative)
	},
	"ci": func(se float64) string { return strconv.FormatFloat(196*se, 'f', 2, 64) },
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"join": strings.Join,
}

// pageTmpl is the page template with its portfolio section, parsed on
// first use: parsing at package initialisation cost every steppe command
// 1.4 ms before main (GODEBUG=inittrace=1), the largest init in the binary.
var pageTmpl = sync.OnceValue(func() *template.Template {
	t := template.Must(template.New("report").Funcs(funcs).Parse(pageHTML))
	template.Must(t.New("portfolio").Funcs(portfolioFuncs).Parse(portfolioHTML))
	return t
})

const pageHTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="generator" content="{{.Generator}}">
<title>steppe report: {{.V.Title}}</title>
<link rel="icon" href="data:,">
<style>{{.Style}}</style>
</head>
<body>
<article class="report">
<header class="report-head">
<h1>{{.V.Title}}</h1>
<p class="muted">Scenario <code>{{.R.Scenario}}</code>, {{.R.Start}} to {{.R.Horizon}} · {{.R.Draws}} draws · seed {{.V.Reproduce.Seed}} · {{.R.Mode}} probabilities · steppe {{.V.Reproduce.Version}}{{with .Run}} · run <code>{{.ID}}</code>{{if .Name}} “{{.Name}}”{{end}}, finished {{date .Finished}}{{end}}</p>
</header>

<section id="key-findings">
<h2>Key findings</h2>
<ul class="findings">{{range .Brief.Findings}}<li>{{.}}</li>{{end}}</ul>
{{if .Brief.MaxSE}}<p class="note">Ranges are the spread over parameter draws of each quantity (for a policy's effect: of the paired difference from the baseline in the same draw, by common random numbers). The Monte Carlo standard error of every mean effect is at most {{se .Brief.MaxSE}}.</p>{{end}}
</section>

<section id="summary">
<h2>Scenario</h2>
<p>The probability that Russia intervenes (peacekeeping or above: a consented peacekeeping mission, a requested CSTO deployment, covert military support or an invasion) at least once in each Central Asian state, by year, under the baseline and each policy. Probabilities are averaged over {{.R.Draws}} Monte Carlo draws of the uncertain parameters; the 5–95% ranges are the spread over those draws, and policy differences use common random numbers with their Monte Carlo standard errors.</p>
<div class="scroll-x"><table class="policies">
<thead><tr><th>Policy</th><th>Description</th><th>Projects</th></tr></thead>
<tbody>{{range .V.Policies}}<tr><td><strong>{{.Name}}</strong> <code>{{.ID}}</code>{{if eq .ID $.R.Baseline}} (baseline){{end}}</td><td>{{.Description}}</td><td>{{join .Projects ", "}}</td></tr>{{end}}</tbody>
</table></div>
{{if .V.Projects}}<h3>Projects</h3>
<div class="scroll-x"><table class="projects">
<thead><tr><th>Project</th><th>Kind</th><th>Countries</th><th>Financiers</th><th>Cost (USD)</th><th>Duration (months)</th><th>Source</th></tr></thead>
<tbody>{{range .V.Projects}}<tr><td>{{.Name}} <code>{{.ID}}</code></td><td>{{.Kind}}</td><td>{{join .Countries ", "}}</td><td>{{join .Financiers ", "}}</td><td class="num">{{usd .CostUSD}}</td><td class="num">{{num .DurationMonths}}</td><td class="source">{{range sources .Source}}{{if .URL}}<a href="{{.URL}}" rel="noopener noreferrer">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{end}}</td></tr>{{end}}</tbody>
</table></div>{{end}}
</section>

<section id="results">
<h2>Results</h2>
<p>Mean probability of at least one intervention by the end of each year [5–95% over parameter draws]{{if .Others}}; under it, each policy's difference from the baseline with its 5–95% range over draws and P(effect &lt; 0), the share of draws in which the policy lowers the probability{{end}}.</p>
<div class="scroll-x"><table class="summary">
<thead><tr><th>Country</th><th>Policy</th>{{range .Years}}<th>by {{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr><td>{{if .First}}{{.Name}}{{end}}</td><td>{{.Policy}}</td>{{range .Cells}}<td class="num">{{if .}}{{pct .PIntervention.Mean}} [{{pct .PIntervention.Q05}}–{{pct .PIntervention.Q95}}]{{with .Delta}}<br><span class="effect">{{effect .}}</span>{{end}}{{else}}–{{end}}</td>{{end}}</tr>{{end}}</tbody>
</table></div>
{{if .R.Warnings}}<h3>Warnings</h3><ul class="warnings">{{range .R.Warnings}}<li>{{.}}</li>{{end}}</ul>{{end}}
</section>

<section id="figures">
<h2>Figures</h2>
<noscript><p class="warnings">The figures are drawn by the script inside this file; enable JavaScript to see them. The tables above and below hold the same numbers.</p></noscript>
{{if .MapJSON}}<h3>Map: probability of intervention by year</h3>
<div id="fig-map"></div>
<p class="note">Boundaries: Natural Earth 1:50m admin-0 (public domain). Triangles: Russian military facilities placed from steppe's curated table (site or town points). Lines: infrastructure drawn schematically between capitals or gateway cities; dashed: the policy's projects.</p>{{end}}
<h3>Cumulative probability of intervention, with 5–95% bands over parameter draws</h3>
<div id="fig-fans" class="fans"></div>
{{if .Others}}<h3>Policy minus baseline: mean effect and its 5–95% range over parameter draws</h3>
<div id="fig-deltas"></div>
<h3>Each policy's effect over time, 5–95% over parameter draws</h3>
<div id="fig-delta-fans" class="fans"></div>{{end}}
</section>

<section id="engines">
<h2>Engine results</h2>
{{if or .R.Engines.Decision .R.Engines.Hazards .R.Engines.Integration}}<ul class="engines">{{with .R.Engines.Decision}}<li><strong>Decision:</strong> {{.}}</li>{{end}}{{with .R.Engines.Hazards}}<li><strong>Trigger hazards:</strong> {{.}}</li>{{end}}{{range .R.Engines.Integration}}<li><strong>Integration:</strong> {{.}}</li>{{end}}</ul>{{else}}<p class="muted">The results do not name their engines.</p>{{end}}
{{if .Brief.Integ}}<h3>Integration effects by {{.Brief.Horizon}}: change from the scenario's base state, mean over draws</h3>
<div class="scroll-x"><table class="integration"><thead><tr><th>Country</th><th>Policy</th>{{range .Brief.Integ}}<th>{{words .}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}{{$c := cellAt $.R .Policy .Country $.Brief.Horizon}}<tr><td>{{if .First}}{{.Name}}{{end}}</td><td>{{.Policy}}</td>{{range $.Brief.Integ}}<td class="num">{{if $c}}{{integ $c .}}{{end}}</td>{{end}}</tr>{{end}}</tbody></table></div>
<p class="note">Income: real income, % change; trade shares and Russian-transit dependence: change in percentage points of the share; redundancy: independent routes added; border security: proportional reduction of border and insurgent hazards; China investment: change in % of GDP.</p>{{end}}
<h3>Expected interventions by outcome type, {{.R.Start}} to {{.R.Horizon}}</h3>
<div class="scroll-x"><table class="outcomes"><thead><tr><th>Country</th><th>Policy</th>{{range .R.InterventionTypes}}<th>{{.}}</th>{{end}}<th>total</th></tr></thead>
<tbody>{{range .Rows}}{{$c := cellAt $.R .Policy .Country $.Brief.Horizon}}<tr><td>{{if .First}}{{.Name}}{{end}}</td><td>{{.Policy}}</td>{{range $.R.InterventionTypes}}<td class="num">{{if $c}}{{interventions $c .}}{{end}}</td>{{end}}<td class="num">{{if $c}}{{interventions $c "total"}}{{end}}</td></tr>{{end}}</tbody></table></div>
{{with .Network}}{{range .Policies}}<div class="network-changes" data-policy="{{.Policy}}"><h3>Network with the projects of {{policyName $.V .Policy}} ({{join .Projects ", "}}), against {{$.Network.Against}}</h3>
{{range .Tables}}<div class="scroll-x"><table class="{{.Name}}"><thead><tr>{{range .Columns}}<th>{{.}}</th>{{end}}</tr></thead>
{{$num := .Num}}<tbody>{{range .Rows}}<tr>{{range $i, $c := .}}<td{{if ge $i $num}} class="num"{{end}}>{{$c}}</td>{{end}}</tr>{{end}}</tbody></table></div>{{else}}<p class="muted">No route, corridor or dependence figure changes.</p>{{end}}{{with .Note}}<p class="note">{{.}}</p>{{end}}</div>{{end}}
<p class="note">End states, every project complete; generalized cost in hours of the bundled network (<code>steppe network compare --policy NAME</code>). Dependence: the share of the state's outside capacity that crosses Russia.</p>{{end}}
{{if .Brief.Replaced}}<h3>Parameters whose stated values this run did not use</h3>
<div class="scroll-x"><table class="replaced"><thead><tr><th>Why</th><th>Parameters</th></tr></thead>
<tbody>{{range .Brief.Replaced}}<tr><td>{{.Reason}}</td><td class="path">{{len .Paths}}: {{join .Paths ", "}}</td></tr>{{end}}</tbody></table></div>
<p class="note">The assumptions table below marks each of them “not used”.</p>{{end}}
</section>

{{with .Portfolio}}{{template "portfolio" .}}{{end}}
<section id="methods">
<h2>Methods and validation</h2>
<p>Each of the {{.R.Draws}} draws samples every uncertain parameter from its stated distribution (or an engine's posterior draw) and simulates the months from {{.R.Start}} to {{.R.Horizon}}: trigger hazards per state and month, then Russia's decision when a trigger fires. The baseline and every policy share each draw's parameters and random numbers (common random numbers), so a policy's effect in a draw is a paired difference. Quantiles are Hyndman and Fan's definition 7 over draws.</p>
{{if .R.Validity.Implied}}<h3>Implied intervention rate against the record</h3>
<div class="scroll-x"><table class="validity"><thead><tr><th>Source</th><th>Interventions per 100 state-years</th><th>Basis</th></tr></thead>
<tbody>{{range .R.Validity.Implied}}<tr><td>this run, {{.Policy}}</td><td class="num">{{num .Per100.Mean}} [{{num .Per100.Q05}}–{{num .Per100.Q95}}]</td><td>{{num $.R.Validity.StateYears}} state-years simulated</td></tr>{{end}}{{range .R.Validity.Historical}}<tr><td>{{.Label}} (observed)</td><td class="num">{{num .Per100}}</td><td>{{.Onsets}} onsets in {{num .StateYears}} state-years, {{.Source}}</td></tr>{{end}}</tbody></table></div>{{end}}
{{with .R.Validation}}<h3>Validation: the decision model out of sample</h3>
{{if .Schemes}}<p>How well the {{.Model}} ({{.Source}}) forecasts whether {{.Event}}, scored on crises it was not fitted on, against two baselines: the training set's base rate of intervention and its sub-regional base rate. Brier: mean squared error, lower is better; log score: mean log probability of what happened, higher is better (0 is perfect); AUROC: the chance that an intervention is ranked above a non-intervention, 0.5 is chance (not given for the baselines: a held-out crisis's base rate is lower exactly when it is an intervention). <code>{{.Command}}</code> computes them again.</p>
<div class="scroll-x"><table class="validation"><thead><tr><th>Scheme</th><th>Forecasts (interventions)</th><th>Method</th><th>Brier</th><th>Log score</th><th>AUROC</th></tr></thead>
<tbody>{{range .Schemes}}{{$s := .}}{{range $i, $m := .Scores}}<tr{{if eq $i 0}} class="model"{{end}}><td>{{if eq $i 0}}{{$s.Scheme}}{{end}}</td><td class="num">{{if eq $i 0}}{{$s.Forecasts}} ({{$s.Interventions}}){{end}}</td><td>{{$m.Method}}</td><td class="num">{{score $m.Brier}}</td><td class="num">{{score $m.Log}}</td><td class="num">{{auroc $m.AUROC}}</td></tr>{{end}}{{end}}</tbody></table></div>
{{if $.Brief.Losses}}<p><strong>Where the model loses:</strong></p><ul class="losses">{{range $.Brief.Losses}}<li>{{.}}</li>{{end}}</ul>{{else}}<p>The model beats both baselines on Brier and log score in every scheme.</p>{{end}}{{else}}<p class="note">{{.Note}}</p>{{end}}{{end}}
</section>

<section id="weaknesses">
<h2>Known weaknesses</h2>
<p class="note">Computed from this run and its parameters.</p>
<ul class="weaknesses">{{range .Brief.Weaknesses}}<li>{{.}}</li>{{else}}<li>None found by the checks of this report.</li>{{end}}</ul>
</section>

<section id="assumptions">
<h2>Assumptions and sources</h2>
<p>Every parameter of the run: its central value, the distribution it is drawn from, the design range (the support, or the 0.5% and 99.5% quantiles), and its source; “assumption” marks values that are stated rather than measured, with the reason.</p>
<div class="scroll-x"><table class="assumptions">
<thead><tr><th>Parameter</th><th>Value</th><th>Year</th><th>Distribution</th><th>Range</th><th>Kind</th><th>Source</th></tr></thead>
<tbody>{{range .V.Assumptions}}<tr class="{{if .Assumption}}assumption{{end}}{{if .ReplacedBy}} replaced{{end}}"><td class="path">{{.Path}}</td><td class="num">{{value .}}</td><td>{{if .Year}}{{.Year}}{{end}}</td><td>{{.Dist}}</td><td class="num">{{if .Uncertain}}{{num .Lo}} – {{num .Hi}}{{else}}fixed{{end}}</td><td>{{with .ReplacedBy}}<span class="tag tag-replaced">not used</span> {{.}}. Stated: {{end}}{{if .Assumption}}<span class="tag">assumption</span>{{with .Reason}} — {{.}}{{end}}{{else}}data{{end}}</td><td class="source">{{range sources .Source}}{{if .URL}}<a href="{{.URL}}" rel="noopener noreferrer">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{end}}</td></tr>{{else}}<tr><td colspan="7">No parameter list: the report was made from results alone.</td></tr>{{end}}</tbody>
</table></div>
{{if .V.Claims}}<h3>The argument, claim by claim</h3>
<div class="scroll-x"><table class="claims"><thead><tr><th>Claim</th><th>Parameters</th><th>Source</th></tr></thead>
<tbody>{{range .V.Claims}}<tr><td>{{.Text}}</td><td class="path">{{join .Fields ", "}}</td><td class="source">{{range sources .Source}}{{if .URL}}<a href="{{.URL}}" rel="noopener noreferrer">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{end}}</td></tr>{{end}}</tbody></table></div>{{end}}
{{if .R.History}}<h3>Observed history before the start (not counted as forecast outcomes)</h3>
<div class="scroll-x"><table class="history"><thead><tr><th>Month</th><th>Country</th><th>Trigger</th><th>Outcome</th><th>Note</th><th>Source</th></tr></thead>
<tbody>{{range .R.History}}<tr><td>{{.Month}}</td><td>{{.Country}}</td><td>{{.Trigger}}</td><td>{{.Outcome}}</td><td>{{.Note}}</td><td class="source">{{range sources .Source}}{{if .URL}}<a href="{{.URL}}" rel="noopener noreferrer">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{end}}</td></tr>{{end}}</tbody></table></div>{{end}}
</section>

<section id="reproduce">
<h2>How to reproduce</h2>
<p>The same scenario, seed and steppe version give byte-identical results whatever the number of workers.{{if .ScenarioSource}} Save the scenario below as <code>{{.ScenarioFile}}</code> and run{{else}} Run{{end}}:</p>
<pre>{{.Command}}</pre>
<p>Then, to rebuild this report from the results: <code>steppe report results.json -o report.html</code>{{with .Run}}, or from the server's store: <code>steppe report {{short .ID}} -o report.html</code> (any unique prefix of the run id of at least 6 characters){{end}}.</p>
<p>with steppe {{.V.Reproduce.Version}} (<code>steppe version</code> prints yours).</p>
{{if .ScenarioSource}}<details><summary>Scenario source ({{.ScenarioFile}})</summary><pre>{{.ScenarioSource}}</pre></details>{{end}}
</section>

<footer class="muted">Generated by {{.Generator}} on {{date .Generated}}. This file is self-contained and makes no network requests.</footer>
</article>
<script type="application/json" id="steppe-view">{{.ViewJSON}}</script>
{{if .MapJSON}}<script type="application/json" id="steppe-map">{{.MapJSON}}</script>{{end}}
<script>{{.Script}}</script>
</body>
</html>
`
