package risk

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/steppe-dev/steppe/internal/vexp"
	"github.com/steppe-dev/steppe/world"
)

// The intervention model v2: three logistic processes and a severity model,
// fitted jointly on the crises of episode set v2 (see the package doc,
// "Intervention model v2").

// TwoProcessSchema names the JSON format written by [TwoProcessPosterior.Write].
const TwoProcessSchema = "steppe.risk.twoprocess/v1"

// Raw covariates of a crisis, before the per-column transforms.
const (
	tvCSTO      = iota // CST/CSTO member (0/1)
	tvBase             // Russian base or combat forces on the territory (0/1)
	tvTroops           // Russian troops on the territory, thousands
	tvEnclave          // Russian-backed separatist enclave or contested territory (0/1)
	tvBorder           // borders Russia (0/1)
	tvAlign            // alignment: 1 with Moscow, 0 balancing, −1 turned away
	tvCommitted        // Russian forces committed elsewhere (0, 0.5, 1)
	tvEthnic           // ethnic-Russian share (0..1)
	tvArmed            // trigger is border, insurgent, civil-war or ethnic
	tvRealign          // trigger is realignment
	tvN
)

// Column transforms.
const (
	tkIdentity = iota
	tkLog1p    // log(1 + v)
	tkPer10    // v / 0.1: per 10 percentage points of a share
)

// tpCol is one fixed-effect column of a process: the transform of one raw
// covariate (v = −1: the intercept).
type tpCol struct {
	Name string
	v    int
	kind uint8
	Unit string
}

func (c *tpCol) value(raw *[tvN]float64) float64 {
	if c.v < 0 {
		return 1
	}
	return tpTransform(c.kind, raw[c.v])
}

func tpTransform(kind uint8, v float64) float64 {
	switch kind {
	case tkLog1p:
		return math.Log1p(v)
	case tkPer10:
		return v / 0.1
	}
	return v
}

// The three processes and their columns. Binary inputs enter as 0/1 and are
// not centred, so that a prior on a coefficient means the same thing in
// every training subset (temporal splits, scenario priors). A column that
// two processes share is defined once.
var (
	tpIntercept = tpCol{"intercept", -1, tkIdentity, "1"}
	tpCSTO      = tpCol{"csto_member", tvCSTO, tkIdentity, "CST/CSTO member (0/1)"}
	tpAlign     = tpCol{"alignment", tvAlign, tkIdentity, "alignment with Moscow, per step (-1 turned away, 0 balancing, 1 aligned)"}
	tpBase      = tpCol{"russian_base", tvBase, tkIdentity, "Russian base or combat forces on the territory (0/1)"}
	tpCommitted = tpCol{"russia_committed", tvCommitted, tkIdentity, "Russian forces committed in another war (0, 0.5, 1)"}

	tpRequestCols = []tpCol{tpIntercept, tpCSTO, tpAlign, tpBase,
		{"armed", tvArmed, tkIdentity, "trigger is border, insurgent, civil-war or ethnic (0/1); protest is the reference"},
		{"realignment", tvRealign, tkIdentity, "trigger is a realignment (0/1); protest is the reference"},
	}
	tpAcceptCols    = []tpCol{tpIntercept, tpCommitted, tpCSTO, tpBase}
	tpUninvitedCols = []tpCol{tpIntercept,
		{"enclave", tvEnclave, tkIdentity, "Russian-backed separatist enclave or contested territory (0/1)"},
		{"border_russia", tvBorder, tkIdentity, "borders Russia (0/1)"},
		tpAlign,
		{"log_troops", tvTroops, tkLog1p, "log(1 + Russian troops on the territory in thousands)"},
		tpCommitted,
		{"ethnic_russian", tvEthnic, tkPer10, "per 10 points of ethnic-Russian share"},
	}
)

// Process names, the prefixes of parameter names.
const (
	ProcRequest   = "request"
	ProcAccept    = "accept"
	ProcUninvited = "uninvited"
)

// Grouping factors (random intercepts).
const (
	groupCountry   = "country"
	groupSubregion = "subregion"
	groupConflict  = "conflict"
)

// Severity categories per path.
var (
	sevInvitedCats   = []world.Outcome{world.OutcomePeacekeeping, world.OutcomeCSTODeployment}
	sevUninvitedCats = []world.Outcome{world.OutcomePeacekeeping, world.OutcomeCovert, world.OutcomeInvasion}
)

// TwoProcessPriors are the stated priors of the v2 model, by parameter name:
//
//	Coef     "request.intercept", "request.coef.csto_member", "accept.coef.russia_committed",
//	         "uninvited.coef.enclave", ...: normal(mean, sd) on a coefficient
//	GroupSD  "request.sd.country", "uninvited.sd.subregion", "uninvited.sd.conflict":
//	         half-normal(0, sd) on the standard deviation of a random intercept (Mean must be 0)
//	Severity "severity.invited.peacekeeping", "severity.uninvited.invasion", ...:
//	         the Dirichlet concentration of a category of the outcome given intervention
//	Level    "request.country[KAZ]", "uninvited.conflict[GEO-SOS]", ...: a stated
//	         normal(mean, sd) prior on one level's random intercept, replacing
//	         its hierarchical N(0, τ²) prior (a scenario's stated request
//	         propensity for a country, on the logit scale relative to the
//	         request model's other terms); a level the data lack is added
//
// [TwoProcessParamNames] lists the names. A scenario may replace any of
// them ([TwoProcessPriors.With]).
type TwoProcessPriors struct {
	Coef     map[string]Prior   `json:"coef"`
	GroupSD  map[string]Prior   `json:"group_sd"`
	Severity map[string]float64 `json:"severity"`
	Level    map[string]Prior   `json:"level,omitempty"`
}

// DefaultTwoProcessPriors are the priors of the v2 model.
//
//   - request and uninvited: normal(0, 2.5) on every slope of a 0/1 or
//     per-unit input and normal(0, 5) on the intercept, the normal analogue
//     of Gelman, Jakulin, Pittau and Su (2008), Annals of Applied
//     Statistics 2(4), as for the v1 model ([DefaultPriors]);
//   - accept: fewer than fifteen requests in 1991-2025 (the research brief
//     lists ten), so stronger shrinkage: normal(0, 1.5) on the intercept
//     (90% of the prior mass of P(accept) between 0.08 and 0.92) and
//     normal(0, 1) on the slopes (an odds ratio within ×7 with 95%
//     probability);
//   - random-intercept standard deviations: half-normal(0, 1), the weakly
//     informative scale Gelman (2006), Bayesian Analysis 1(3), recommends
//     over inverse-gamma(ε, ε) when there are few groups (three
//     sub-regions);
//   - severity: Dirichlet(1, …, 1), uniform over the simplex of each path.
func DefaultTwoProcessPriors() TwoProcessPriors {
	g := "default: Gelman et al. (2008) weakly informative"
	acc := "default: thin data (few requests), stronger shrinkage"
	sd := "default: half-normal(0, 1), Gelman (2006)"
	p := TwoProcessPriors{Coef: map[string]Prior{}, GroupSD: map[string]Prior{}, Severity: map[string]float64{}}
	for _, pc := range tpProcesses() {
		for _, c := range pc.cols {
			name := tpCoefName(pc.name, c.Name)
			switch {
			case pc.name == ProcAccept && c.v < 0:
				p.Coef[name] = Prior{0, 1.5, acc}
			case pc.name == ProcAccept:
				p.Coef[name] = Prior{0, 1, acc}
			case c.v < 0:
				p.Coef[name] = Prior{0, 5, g}
			default:
				p.Coef[name] = Prior{0, 2.5, g}
			}
		}
		for _, f := range pc.factors {
			p.GroupSD[pc.name+".sd."+f] = Prior{0, 1, sd}
		}
	}
	for _, o := range sevInvitedCats {
		p.Severity["severity.invited."+o.String()] = 1
	}
	for _, o := range sevUninvitedCats {
		p.Severity["severity.uninvited."+o.String()] = 1
	}
	return p
}

// With returns a copy of p with the prior of parameter name replaced: a
// coefficient ("request.coef.csto_member", normal), a group standard
// deviation ("uninvited.sd.conflict", half-normal: q.Mean must be 0), or one
// level's random intercept ("request.country[KAZ]", normal).
func (p TwoProcessPriors) With(name string, q Prior) (TwoProcessPriors, error) {
	if !(q.SD > 0) || math.IsInf(q.SD, 0) || math.IsNaN(q.Mean) || math.IsInf(q.Mean, 0) {
		return p, fmt.Errorf("prior %s: want a finite mean and sd > 0, got %v", name, q)
	}
	out := p.clone()
	if _, _, _, ok := parseLevelName(name); ok {
		out.Level[name] = q
		return out, nil
	}
	switch {
	case p.Coef[name] != (Prior{}):
		out.Coef[name] = q
	case p.GroupSD[name] != (Prior{}):
		if q.Mean != 0 {
			return p, fmt.Errorf("prior %s: a group standard deviation has a half-normal(0, sd) prior; want mean 0, got %g", name, q.Mean)
		}
		out.GroupSD[name] = q
	default:
		var names []string
		for k := range p.Coef {
			names = append(names, k)
		}
		for k := range p.GroupSD {
			names = append(names, k)
		}
		sort.Strings(names)
		names = append(names, "request.country[ISO3]", "uninvited.subregion[NAME]", "uninvited.conflict[ID]")
		return p, fmt.Errorf("prior %s: not a parameter of the intervention model v2 (want one of %s)", name, strings.Join(names, ", "))
	}
	return out, nil
}

// parseLevelName splits "request.country[KAZ]" into process, factor and
// label; ok is false for any other form.
func parseLevelName(name string) (proc, factor, label string, ok bool) {
	i := strings.IndexByte(name, '[')
	if i < 0 || !strings.HasSuffix(name, "]") || i+2 > len(name)-1 {
		return "", "", "", false
	}
	label = name[i+1 : len(name)-1]
	head := name[:i]
	for _, d := range tpProcesses() {
		for _, f := range d.factors {
			if head == d.name+"."+f {
				return d.name, f, label, !strings.ContainsAny(label, "[]")
			}
		}
	}
	return "", "", "", false
}

// levelLabels returns the labels of factor (country, subregion, conflict)
// that p states a level prior for.
func (p TwoProcessPriors) levelLabels(factor string) []string {
	var out []string
	for name := range p.Level {
		if _, f, l, ok := parseLevelName(name); ok && f == factor {
			out = append(out, l)
		}
	}
	return out
}

func (p TwoProcessPriors) clone() TwoProcessPriors {
	out := TwoProcessPriors{Coef: map[string]Prior{}, GroupSD: map[string]Prior{}, Severity: map[string]float64{}, Level: map[string]Prior{}}
	for k, v := range p.Level {
		out.Level[k] = v
	}
	for k, v := range p.Coef {
		out.Coef[k] = v
	}
	for k, v := range p.GroupSD {
		out.GroupSD[k] = v
	}
	for k, v := range p.Severity {
		out.Severity[k] = v
	}
	return out
}

// check reports a missing or invalid prior.
func (p TwoProcessPriors) check() error {
	d := DefaultTwoProcessPriors()
	for k := range d.Coef {
		q, ok := p.Coef[k]
		if !ok || !(q.SD > 0) || math.IsInf(q.SD, 0) || math.IsNaN(q.Mean) || math.IsInf(q.Mean, 0) {
			return fmt.Errorf("two-process priors: %s: want a finite mean and sd > 0, got %v", k, q)
		}
	}
	for k := range d.GroupSD {
		q, ok := p.GroupSD[k]
		if !ok || !(q.SD > 0) || math.IsInf(q.SD, 0) || q.Mean != 0 {
			return fmt.Errorf("two-process priors: %s: want half-normal(0, sd) with sd > 0, got %v", k, q)
		}
	}
	for k := range d.Severity {
		a, ok := p.Severity[k]
		if !ok || !(a > 0) || math.IsInf(a, 0) {
			return fmt.Errorf("two-process priors: %s: want a Dirichlet concentration > 0, got %g", k, a)
		}
	}
	for k := range p.Coef {
		if _, ok := d.Coef[k]; !ok {
			return fmt.Errorf("two-process priors: coef %s: not a parameter of the model", k)
		}
	}
	for k := range p.GroupSD {
		if _, ok := d.GroupSD[k]; !ok {
			return fmt.Errorf("two-process priors: group_sd %s: not a parameter of the model", k)
		}
	}
	for k := range p.Severity {
		if _, ok := d.Severity[k]; !ok {
			return fmt.Errorf("two-process priors: severity %s: not a parameter of the model", k)
		}
	}
	for k, q := range p.Level {
		if _, _, _, ok := parseLevelName(k); !ok {
			return fmt.Errorf("two-process priors: level %s: not a random intercept of the model (want e.g. request.country[KAZ])", k)
		}
		if !(q.SD > 0) || math.IsInf(q.SD, 0) || math.IsNaN(q.Mean) || math.IsInf(q.Mean, 0) {
			return fmt.Errorf("two-process priors: level %s: want a finite mean and sd > 0, got %v", k, q)
		}
	}
	return nil
}

func tpCoefName(proc, col string) string {
	if col == "intercept" {
		return proc + ".intercept"
	}
	return proc + ".coef." + col
}

// tpProcDef is the static specification of one process.
type tpProcDef struct {
	name    string
	cols    []tpCol
	factors []string // random intercepts; the last is the largest (see the sampler)
}

func tpProcesses() []tpProcDef {
	return []tpProcDef{
		{ProcRequest, tpRequestCols, []string{groupCountry}},
		{ProcAccept, tpAcceptCols, nil},
		{ProcUninvited, tpUninvitedCols, []string{groupSubregion, groupConflict}},
	}
}

// TwoProcessOptions control [FitTwoProcess].
type TwoProcessOptions struct {
	Priors TwoProcessPriors
	Fit    FitOptions
	// Before, if not zero, keeps only crises with onset before that month
	// (temporal splits and hindcasts; see [CrisesBefore]).
	Before world.Month
	// Data and DataSHA256 name the data file and its digest, written to
	// the posterior file as provenance.
	Data, DataSHA256 string
}

// DefaultTwoProcessFit are the sampler settings of the full-data fit: 4
// chains of 500 warm-up and 1,500 kept sweeps. On data shaped like episode
// set v2 every parameter then has R-hat ≤ 1.01 and bulk ESS ≥ 400
// (TestTwoProcessConvergence).
var DefaultTwoProcessFit = FitOptions{Chains: 4, Warmup: 500, Draws: 1500, Seed: 1, Workers: 2}

// DefaultTwoProcessOptions are the default priors and sampler settings.
func DefaultTwoProcessOptions() TwoProcessOptions {
	return TwoProcessOptions{Priors: DefaultTwoProcessPriors(), Fit: DefaultTwoProcessFit}
}

// CrisesBefore returns the crises with onset before m, in their order.
func CrisesBefore(cs []Crisis, m world.Month) []Crisis {
	var out []Crisis
	for i := range cs {
		if cs[i].Month < m {
			out = append(out, cs[i])
		}
	}
	return out
}

// TwoProcessDiag are the convergence diagnostics of one parameter.
type TwoProcessDiag struct {
	Param   string  `json:"param"`
	Rhat    float64 `json:"rhat"`
	ESSBulk float64 `json:"ess_bulk"`
	ESSTail float64 `json:"ess_tail"`
}

// TwoProcessPosterior is a fitted intervention model v2: posterior draws of
// every parameter, with the group labels, priors, sampler settings,
// provenance and diagnostics. It is what the posterior file holds.
type TwoProcessPosterior struct {
	Schema     string `json:"schema"`
	Data       string `json:"data"`
	DataSHA256 string `json:"data_sha256"`
	// Before is the first month excluded from the fit ("" for all data).
	Before     string           `json:"before,omitempty"`
	N          int              `json:"n_crises"`
	Countries  []string         `json:"countries"`
	Subregions []string         `json:"subregions"`
	Conflicts  []string         `json:"conflicts"`
	Priors     TwoProcessPriors `json:"priors"`
	Fit        FitOptions       `json:"sampler"`
	// Params names the columns of Draws.
	Params []string `json:"params"`
	// Draws[s] is draw s, chains one after another.
	Draws [][]float64      `json:"draws"`
	Diag  []TwoProcessDiag `json:"diagnostics,omitempty"`
	// Imputation are the imputation pools of the covariates that may be NA
	// (by name: troops_k, alignment, russia_committed,
	// ethnic_russian_share), used by [TwoProcessPosterior.PredictCrisis].
	Imputation map[string]TwoProcessPool `json:"imputation"`

	lay   tpLayout
	pools [tvN]tpPool
}

// TwoProcessPool is the imputation distribution of one covariate: the
// distinct values observed in the training rows with their relative
// frequencies, overall and by stratum (troops_k by russian_base "0"/"1";
// ethnic_russian_share by country).
type TwoProcessPool struct {
	Values  []float64                 `json:"values"`
	Weights []float64                 `json:"weights"`
	By      map[string]TwoProcessPool `json:"by,omitempty"`
}

// tpNAVars are the covariates that may be NA in a [Crisis], by name.
var tpNAVars = map[string]int{"troops_k": tvTroops, "alignment": tvAlign, "russia_committed": tvCommitted, "ethnic_russian_share": tvEthnic}

func (p *TwoProcessPosterior) exportPools() {
	p.Imputation = map[string]TwoProcessPool{}
	for name, v := range tpNAVars {
		pl := p.pools[v]
		e := TwoProcessPool{Values: pl.all.V, Weights: pl.all.W}
		if v == tvTroops || v == tvEthnic {
			e.By = map[string]TwoProcessPool{}
			for k, c := range pl.by {
				e.By[k] = TwoProcessPool{Values: c.V, Weights: c.W}
			}
		}
		p.Imputation[name] = e
	}
}

func (p *TwoProcessPosterior) importPools() error {
	for name, v := range tpNAVars {
		e, ok := p.Imputation[name]
		if !ok {
			return fmt.Errorf("two-process posterior: no imputation pool for %s", name)
		}
		c := func(q TwoProcessPool) (candidates, error) {
			if len(q.Values) != len(q.Weights) {
				return candidates{}, fmt.Errorf("two-process posterior: imputation pool for %s: %d values, %d weights", name, len(q.Values), len(q.Weights))
			}
			return candidates{V: q.Values, W: q.Weights}, nil
		}
		all, err := c(e)
		if err != nil {
			return err
		}
		pl := tpPool{variable: v, all: all, by: map[string]candidates{}}
		for k, q := range e.By {
			if pl.by[k], err = c(q); err != nil {
				return err
			}
		}
		p.pools[v] = pl
	}
	return nil
}

// tpLayout holds the offsets of each block in a draw vector.
type tpLayout struct {
	reqBeta, reqCountry, reqSD         int
	accBeta                            int
	unBeta, unSub, unConf, unSD, unSD2 int
	sevInv, sevUn                      int
	n                                  int
}

func newLayout(nCountry, nSub, nConf int) tpLayout {
	var l tpLayout
	k := 0
	next := func(n int) int { o := k; k += n; return o }
	l.reqBeta = next(len(tpRequestCols))
	l.reqCountry = next(nCountry)
	l.reqSD = next(1)
	l.accBeta = next(len(tpAcceptCols))
	l.unBeta = next(len(tpUninvitedCols))
	l.unSub = next(nSub)
	l.unConf = next(nConf)
	l.unSD = next(1)
	l.unSD2 = next(1)
	l.sevInv = next(len(sevInvitedCats))
	l.sevUn = next(len(sevUninvitedCats))
	l.n = k
	return l
}

// TwoProcessParamNames returns the parameter names of a fit with these
// group labels, in draw order.
func TwoProcessParamNames(countries, subregions, conflicts []string) []string {
	var out []string
	for _, c := range tpRequestCols {
		out = append(out, tpCoefName(ProcRequest, c.Name))
	}
	for _, c := range countries {
		out = append(out, "request.country["+c+"]")
	}
	out = append(out, "request.sd.country")
	for _, c := range tpAcceptCols {
		out = append(out, tpCoefName(ProcAccept, c.Name))
	}
	for _, c := range tpUninvitedCols {
		out = append(out, tpCoefName(ProcUninvited, c.Name))
	}
	for _, s := range subregions {
		out = append(out, "uninvited.subregion["+s+"]")
	}
	for _, c := range conflicts {
		out = append(out, "uninvited.conflict["+c+"]")
	}
	out = append(out, "uninvited.sd.subregion", "uninvited.sd.conflict")
	for _, o := range sevInvitedCats {
		out = append(out, "severity.invited."+o.String())
	}
	for _, o := range sevUninvitedCats {
		out = append(out, "severity.uninvited."+o.String())
	}
	return out
}

// GroupRef refers to a level of a grouping factor of a fitted model: 0 is a
// level the data do not hold (a new country, sub-region or conflict), whose
// random intercept is integrated over its population distribution
// N(0, σ²); k > 0 is the k-th label (1-based) of the posterior's Countries,
// Subregions or Conflicts. The zero value is therefore always safe.
type GroupRef int

// CrisisCovariates are the inputs of the v2 model for one crisis, on their
// raw scales (as in [Crisis]); none may be NaN. Build one with
// [TwoProcessPosterior.Covariates] or [TwoProcessPosterior.CovariatesOf].
type CrisisCovariates struct {
	Trigger         world.TriggerType
	CSTOMember      float64 // 0/1
	RussianBase     float64 // 0/1
	TroopsK         float64 // thousands
	Enclave         float64 // 0/1
	BorderRussia    float64 // 0/1
	Alignment       float64 // −1, 0, 1; −1 for a realignment trigger (the act is the turn; data/episodes/README.md)
	RussiaCommitted float64 // 0, 0.5, 1
	EthnicRussian   float64 // share 0..1
	Country         GroupRef
	Subregion       GroupRef
	Conflict        GroupRef
}

func (x *CrisisCovariates) raw() [tvN]float64 {
	return [tvN]float64{
		tvCSTO: x.CSTOMember, tvBase: x.RussianBase, tvTroops: x.TroopsK, tvEnclave: x.Enclave,
		tvBorder: x.BorderRussia, tvAlign: x.Alignment, tvCommitted: x.RussiaCommitted, tvEthnic: x.EthnicRussian,
		tvArmed: tpArmed(x.Trigger), tvRealign: b2f(x.Trigger == world.TriggerRealignment),
	}
}

func tpArmed(k world.TriggerType) float64 {
	return b2f(k == world.TriggerBorder || k == world.TriggerInsurgent || k == world.TriggerCivilWar || k == world.TriggerEthnic)
}

func crisisRaw(c *Crisis) [tvN]float64 {
	return [tvN]float64{
		tvCSTO: float64(c.CSTOMember), tvBase: float64(c.RussianBase), tvTroops: c.TroopsK, tvEnclave: float64(c.Enclave),
		tvBorder: float64(c.BorderRussia), tvAlign: c.Alignment, tvCommitted: c.RussiaCommitted, tvEthnic: c.EthnicRussian,
		tvArmed: tpArmed(c.Trigger), tvRealign: b2f(c.Trigger == world.TriggerRealignment),
	}
}

func groupRef(labels []string, s string) GroupRef {
	i := sort.SearchStrings(labels, s)
	if i < len(labels) && labels[i] == s {
		return GroupRef(i + 1)
	}
	return 0
}

// Covariates returns covariates for a crisis in country (ISO3), subregion
// and conflict, with the group references resolved against the fit (0 for
// labels it does not hold, e.g. a new conflict) and every number zero; the
// caller sets the trigger and the numbers.
func (p *TwoProcessPosterior) Covariates(country, subregion, conflict string) CrisisCovariates {
	return CrisisCovariates{Country: groupRef(p.Countries, country), Subregion: groupRef(p.Subregions, subregion), Conflict: groupRef(p.Conflicts, conflict)}
}

// CovariatesOf returns the covariates of crisis c. NA numbers stay NaN;
// use [TwoProcessPosterior.PredictCrisis] for crises with missing values.
func (p *TwoProcessPosterior) CovariatesOf(c *Crisis) CrisisCovariates {
	x := p.Covariates(c.Country, c.Subregion, c.Conflict)
	x.Trigger = c.Trigger
	x.CSTOMember, x.RussianBase, x.TroopsK = float64(c.CSTOMember), float64(c.RussianBase), c.TroopsK
	x.Enclave, x.BorderRussia, x.Alignment = float64(c.Enclave), float64(c.BorderRussia), c.Alignment
	x.RussiaCommitted, x.EthnicRussian = c.RussiaCommitted, c.EthnicRussian
	return x
}

// NumDraws is the number of posterior draws.
func (p *TwoProcessPosterior) NumDraws() int { return len(p.Draws) }

// TwoProcessDraw is one posterior draw, laid out for fast evaluation. It
// shares memory with the posterior; get one from [TwoProcessPosterior.Draw].
type TwoProcessDraw struct {
	reqBeta, reqCountry []float64
	reqSD               float64
	accBeta             []float64
	unBeta, unSub       []float64
	unConf              []float64
	unSDSub, unSDConf   float64
	// unSDBoth is sqrt(σ_sub² + σ_conf²), the spread of a crisis in a new
	// sub-region and a new conflict.
	unSDBoth float64
	sevInv   [2]float64
	sevUn    [3]float64
}

// Draw returns posterior draw i (taken modulo the number of draws). It
// does not allocate.
func (p *TwoProcessPosterior) Draw(i int) TwoProcessDraw {
	n := len(p.Draws)
	i %= n
	if i < 0 {
		i += n
	}
	v := p.Draws[i]
	l := &p.lay
	d := TwoProcessDraw{
		reqBeta:    v[l.reqBeta : l.reqBeta+len(tpRequestCols)],
		reqCountry: v[l.reqCountry:l.reqSD],
		reqSD:      v[l.reqSD],
		accBeta:    v[l.accBeta : l.accBeta+len(tpAcceptCols)],
		unBeta:     v[l.unBeta : l.unBeta+len(tpUninvitedCols)],
		unSub:      v[l.unSub:l.unConf],
		unConf:     v[l.unConf:l.unSD],
		unSDSub:    v[l.unSD],
		unSDConf:   v[l.unSD2],
	}
	d.unSDBoth = math.Hypot(d.unSDSub, d.unSDConf)
	copy(d.sevInv[:], v[l.sevInv:l.sevInv+2])
	copy(d.sevUn[:], v[l.sevUn:l.sevUn+3])
	return d
}

// Probs returns, for this draw and a crisis with covariates x:
//
//	pRequest    P(the government asks Russia or the CSTO for troops | crisis)
//	pAccept     P(Russia deploys, peacekeeping or above | request)
//	pUninvited  P(Russia intervenes, peacekeeping or above | no request)
//
// so that P(intervention) = pRequest·pAccept + (1 − pRequest)·pUninvited
// ([TwoProcessDraw.Intervention]). A random intercept of a level the fit
// does not hold (GroupRef 0) is integrated over N(0, σ²) by 16-point
// Gauss-Hermite quadrature. Probs does not allocate and is safe for
// concurrent use.
func (d *TwoProcessDraw) Probs(x *CrisisCovariates) (pRequest, pAccept, pUninvited float64) {
	return d.ProbsOffset(x, 0)
}

// ProbsOffset is [TwoProcessDraw.Probs] with offset added to the linear
// predictors of Russia's two decisions, accept and uninvited: the cost
// terms that no crisis records (sanctions exposure, investment at risk,
// the economic fallout of an operation) enter there as stated
// coefficients times their values. The government's request does not
// depend on them.
func (d *TwoProcessDraw) ProbsOffset(x *CrisisCovariates, offset float64) (pRequest, pAccept, pUninvited float64) {
	pRequest, pAccept = d.RequestAccept(x, offset)
	return pRequest, pAccept, d.Uninvited(x, offset)
}

// Accept is the second result of [TwoProcessDraw.ProbsOffset], for a
// caller that reuses the first (which does not depend on the offset).
func (d *TwoProcessDraw) Accept(x *CrisisCovariates, offset float64) float64 {
	raw := x.raw()
	eta := 0.0
	for j := range tpAcceptCols {
		eta += d.accBeta[j] * tpAcceptCols[j].value(&raw)
	}
	return sigmoid(eta + offset)
}

// RequestAccept is the first two results of [TwoProcessDraw.ProbsOffset].
// The two sigmoids take their exponentials in one batch (vexp.Exp).
func (d *TwoProcessDraw) RequestAccept(x *CrisisCovariates, offset float64) (pRequest, pAccept float64) {
	raw := x.raw()
	eta := 0.0
	for j := range tpRequestCols {
		eta += d.reqBeta[j] * tpRequestCols[j].value(&raw)
	}
	var t, e [4]float64 // t[0]: accept's linear predictor, t[1]: request's
	if x.Country > 0 {
		t[1] = eta + d.reqCountry[x.Country-1]
	} else {
		pRequest = logisticNormal(eta, d.reqSD)
	}
	eta = 0
	for j := range tpAcceptCols {
		eta += d.accBeta[j] * tpAcceptCols[j].value(&raw)
	}
	t[0] = eta + offset
	for i, v := range t {
		e[i] = -math.Abs(v)
	}
	vexp.Exp(e[:])
	if x.Country > 0 {
		pRequest = sigmoidExp(t[1], e[1])
	}
	return pRequest, sigmoidExp(t[0], e[0])
}

// Uninvited is the last result of [TwoProcessDraw.ProbsOffset]: it does
// not depend on the trigger type but through the covariates (a
// realignment codes alignment −1), so a caller may reuse it across types.
func (d *TwoProcessDraw) Uninvited(x *CrisisCovariates, offset float64) float64 {
	raw := x.raw()
	eta := offset
	for j := range tpUninvitedCols {
		eta += d.unBeta[j] * tpUninvitedCols[j].value(&raw)
	}
	sd := 0.0
	switch {
	case x.Subregion > 0 && x.Conflict > 0:
		eta += d.unSub[x.Subregion-1] + d.unConf[x.Conflict-1]
	case x.Subregion > 0:
		eta += d.unSub[x.Subregion-1]
		sd = d.unSDConf
	case x.Conflict > 0:
		eta += d.unConf[x.Conflict-1]
		sd = d.unSDSub
	default:
		sd = d.unSDBoth
	}
	return logisticNormal(eta, sd)
}

// Intervention returns P(intervention, peacekeeping or above | crisis) for
// this draw.
func (d *TwoProcessDraw) Intervention(x *CrisisCovariates) float64 {
	r, a, u := d.Probs(x)
	return r*a + (1-r)*u
}

// Outcomes returns the distribution of the outcome given an intervention,
// mixing the two paths with weights pRequest·pAccept (invited) and
// (1 − pRequest)·pUninvited (uninvited), as returned by
// [TwoProcessDraw.Probs]. Invited interventions are peacekeeping or a CSTO
// deployment (a CSTO deployment only for a member); uninvited ones are
// peacekeeping, covert or invasion. It does not allocate.
func (d *TwoProcessDraw) Outcomes(x *CrisisCovariates, pRequest, pAccept, pUninvited float64) [world.NumOutcomes]float64 {
	var g [world.NumOutcomes]float64
	wi := pRequest * pAccept
	wu := (1 - pRequest) * pUninvited
	tot := wi + wu
	if !(tot > 0) {
		g[world.OutcomePeacekeeping] = 1
		return g
	}
	wi, wu = wi/tot, wu/tot
	if x.CSTOMember >= 0.5 {
		g[world.OutcomePeacekeeping] += wi * d.sevInv[0]
		g[world.OutcomeCSTODeployment] += wi * d.sevInv[1]
	} else {
		g[world.OutcomePeacekeeping] += wi
	}
	for k, o := range sevUninvitedCats {
		g[o] += wu * d.sevUn[k]
	}
	return g
}

// Gauss-Hermite rule for E f(Z), Z ~ N(0, 1): nodes and weights of the
// probabilists' Hermite polynomials (Golub and Welsch 1969), computed once.
var ghNodes, ghWeights = gaussHermite(ghN)

const ghN = 16 // nodes of the Gauss-Hermite rule

func gaussHermite(n int) ([]float64, []float64) {
	// Jacobi matrix of He_n: zero diagonal, off-diagonal sqrt(k).
	a := make([]float64, n*n)
	for k := 1; k < n; k++ {
		a[k*n+k-1] = math.Sqrt(float64(k))
		a[(k-1)*n+k] = math.Sqrt(float64(k))
	}
	vals, vecs := jacobiEigen(a, n)
	w := make([]float64, n)
	for i := range w {
		w[i] = vecs[i] * vecs[i] // first component of eigenvector i
	}
	return vals, w
}

// jacobiEigen returns the eigenvalues of the symmetric n×n matrix a and the
// first component of each unit eigenvector, by cyclic Jacobi rotations.
func jacobiEigen(a []float64, n int) ([]float64, []float64) {
	v := make([]float64, n*n)
	for i := 0; i < n; i++ {
		v[i*n+i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		off := 0.0
		for p := 0; p < n; p++ {
			for q := p + 1; q < n; q++ {
				off += a[p*n+q] * a[p*n+q]
			}
		}
		if off < 1e-30 {
			break
		}
		for p := 0; p < n; p++ {
			for q := p + 1; q < n; q++ {
				apq := a[p*n+q]
				if math.Abs(apq) < 1e-300 {
					continue
				}
				theta := (a[q*n+q] - a[p*n+p]) / (2 * apq)
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := 0; k < n; k++ {
					akp, akq := a[k*n+p], a[k*n+q]
					a[k*n+p] = c*akp - s*akq
					a[k*n+q] = s*akp + c*akq
				}
				for k := 0; k < n; k++ {
					apk, aqk := a[p*n+k], a[q*n+k]
					a[p*n+k] = c*apk - s*aqk
					a[q*n+k] = s*apk + c*aqk
				}
				for k := 0; k < n; k++ {
					vkp, vkq := v[k*n+p], v[k*n+q]
					v[k*n+p] = c*vkp - s*vkq
					v[k*n+q] = s*vkp + c*vkq
				}
			}
		}
	}
	vals := make([]float64, n)
	first := make([]float64, n)
	for i := 0; i < n; i++ {
		vals[i] = a[i*n+i]
		first[i] = v[i] // row 0, column i
	}
	return vals, first
}

// logisticNormal is E σ(eta + sd·Z), Z ~ N(0, 1). The nodes'
// exponentials are taken in one batch (vexp.Exp), each σ as sigmoid
// computes it.
func logisticNormal(eta, sd float64) float64 {
	if sd == 0 {
		return sigmoid(eta)
	}
	var t, e [ghN]float64
	for k, z := range ghNodes[:ghN] {
		t[k] = eta + sd*z
		e[k] = -math.Abs(t[k])
	}
	vexp.Exp(e[:])
	var s float64
	for k, w := range ghWeights[:ghN] {
		s += w * sigmoidExp(t[k], e[k])
	}
	return s
}

// Write encodes p as JSON (one line), draws rounded to 6 significant
// digits.
func (p *TwoProcessPosterior) Write(w io.Writer) error {
	q := *p
	q.Draws = make([][]float64, len(p.Draws))
	for s, v := range p.Draws {
		q.Draws[s] = round6(v)
	}
	return json.NewEncoder(w).Encode(&q)
}

// ReadTwoProcessPosterior decodes and checks a posterior file written by
// [TwoProcessPosterior.Write].
func ReadTwoProcessPosterior(r io.Reader) (*TwoProcessPosterior, error) {
	return readChecked[TwoProcessPosterior](r, "two-process posterior")
}

// Check checks a posterior decoded from JSON (as part of a larger file,
// say) and readies it for use: [ReadTwoProcessPosterior] is a strict
// decode followed by Check.
func (p *TwoProcessPosterior) Check() error {
	if p.Schema != TwoProcessSchema {
		return fmt.Errorf("two-process posterior: schema %q, want %q", p.Schema, TwoProcessSchema)
	}
	for _, g := range [][]string{p.Countries, p.Subregions, p.Conflicts} {
		if !sort.StringsAreSorted(g) {
			return fmt.Errorf("two-process posterior: group labels must be sorted")
		}
	}
	names := TwoProcessParamNames(p.Countries, p.Subregions, p.Conflicts)
	if strings.Join(names, "\x00") != strings.Join(p.Params, "\x00") {
		return fmt.Errorf("two-process posterior: params do not match the model's layout for these groups")
	}
	if err := p.Priors.check(); err != nil {
		return err
	}
	if len(p.Draws) == 0 {
		return fmt.Errorf("two-process posterior: no draws")
	}
	for s, d := range p.Draws {
		if len(d) != len(names) {
			return fmt.Errorf("two-process posterior: draw %d has %d values, want %d", s, len(d), len(names))
		}
	}
	p.lay = newLayout(len(p.Countries), len(p.Subregions), len(p.Conflicts))
	if err := p.importPools(); err != nil {
		return err
	}
	return nil
}

// Summaries returns the posterior summary of every parameter, with its
// prior (normal for coefficients; half-normal scale for group standard
// deviations; none for random intercepts and severity shares).
func (p *TwoProcessPosterior) Summaries() []Summary {
	out := make([]Summary, len(p.Params))
	v := make([]float64, len(p.Draws))
	for j, name := range p.Params {
		var pos float64
		for s, d := range p.Draws {
			v[s] = d[j]
			if d[j] > 0 {
				pos++
			}
		}
		m, va := meanVar(v)
		sv := sortedCopy(v)
		out[j] = Summary{Name: name, Mean: m, SD: math.Sqrt(va),
			Q05: quantileSorted(sv, 0.05), Q50: quantileSorted(sv, 0.5), Q95: quantileSorted(sv, 0.95),
			PPositive: pos / float64(len(p.Draws))}
		if q, ok := p.Priors.Coef[name]; ok {
			out[j].Prior = q
			out[j].PriorQ05, out[j].PriorQ95 = q.Mean-1.6448536269514722*q.SD, q.Mean+1.6448536269514722*q.SD
		} else if q, ok := p.Priors.Level[name]; ok {
			out[j].Prior = q
			out[j].PriorQ05, out[j].PriorQ95 = q.Mean-1.6448536269514722*q.SD, q.Mean+1.6448536269514722*q.SD
		} else if q, ok := p.Priors.GroupSD[name]; ok {
			out[j].Prior = q
			out[j].PriorQ05, out[j].PriorQ95 = 0.06270677794321385*q.SD, 1.959963984540054*q.SD
		}
		if j < len(p.Diag) {
			out[j].Diag = Diag{Rhat: p.Diag[j].Rhat, ESSBulk: p.Diag[j].ESSBulk, ESSTail: p.Diag[j].ESSTail}
		}
	}
	return out
}

// PredictCrisis returns the posterior mean of P(request), of
// P(intervention) and of the other two process probabilities for crisis c,
// averaging over draws. NA covariates are integrated over the fit's
// imputation pools (the training rows' observed values, stratified as in
// the sampler) with one fixed-seed pick per draw, so the result is
// deterministic.
func (p *TwoProcessPosterior) PredictCrisis(c *Crisis) (pRequest, pAccept, pUninvited, pIntervention float64) {
	x := p.CovariatesOf(c)
	raw := crisisRaw(c)
	r := rand.New(rand.NewPCG(7, 7))
	n := len(p.Draws)
	for s := 0; s < n; s++ {
		xs := x
		for v := 0; v < tvN; v++ {
			if math.IsNaN(raw[v]) {
				val := p.pools[v].forRow(c).draw(r)
				setCov(&xs, v, val)
			}
		}
		d := p.Draw(s)
		a, b, u := d.Probs(&xs)
		pRequest += a
		pAccept += b
		pUninvited += u
		pIntervention += a*b + (1-a)*u
	}
	fn := float64(n)
	return pRequest / fn, pAccept / fn, pUninvited / fn, pIntervention / fn
}

func setCov(x *CrisisCovariates, v int, val float64) {
	switch v {
	case tvTroops:
		x.TroopsK = val
	case tvAlign:
		x.Alignment = val
	case tvCommitted:
		x.RussiaCommitted = val
	case tvEthnic:
		x.EthnicRussian = val
	}
}

// tpPool is the imputation distribution of one raw covariate: the observed
// values of the training rows, overall and by stratum (troops: by
// russian_base; ethnic-Russian share: by country).
type tpPool struct {
	variable int
	all      candidates
	by       map[string]candidates
}

func tpStratum(v int, c *Crisis) string {
	switch v {
	case tvTroops:
		return fmt.Sprint(c.RussianBase)
	case tvEthnic:
		return c.Country
	}
	return ""
}

func (pl *tpPool) forRow(c *Crisis) candidates {
	if s, ok := pl.by[tpStratum(pl.variable, c)]; ok && len(s.V) > 0 {
		return s
	}
	return pl.all
}

func newCands(vals []float64) candidates {
	cnt := map[float64]float64{}
	for _, v := range vals {
		cnt[v]++
	}
	var c candidates
	for v := range cnt {
		c.V = append(c.V, v)
	}
	sort.Float64s(c.V)
	for _, v := range c.V {
		c.W = append(c.W, cnt[v]/float64(len(vals)))
	}
	return c
}

func buildPools(cs []Crisis) [tvN]tpPool {
	var out [tvN]tpPool
	for v := 0; v < tvN; v++ {
		var all []float64
		by := map[string][]float64{}
		for i := range cs {
			raw := crisisRaw(&cs[i])
			if math.IsNaN(raw[v]) {
				continue
			}
			all = append(all, raw[v])
			k := tpStratum(v, &cs[i])
			by[k] = append(by[k], raw[v])
		}
		out[v] = tpPool{all: newCands(all), by: map[string]candidates{}, variable: v}
		for k, vals := range by {
			out[v].by[k] = newCands(vals)
		}
	}
	return out
}

// checkCrisis rejects a row the model cannot use.
func checkCrisis(c *Crisis) error {
	at := fmt.Sprintf("crisis %s (line %d)", c.ID, c.Line)
	bin := func(name string, v int) error {
		if v != 0 && v != 1 {
			return fmt.Errorf("%s: %s = %d, want 0 or 1", at, name, v)
		}
		return nil
	}
	for _, e := range []error{bin("request", c.Request), bin("csto_member", c.CSTOMember), bin("russian_base", c.RussianBase),
		bin("enclave", c.Enclave), bin("border_russia", c.BorderRussia)} {
		if e != nil {
			return e
		}
	}
	if c.Trigger >= world.NumTriggerTypes {
		return fmt.Errorf("%s: trigger %v unknown", at, c.Trigger)
	}
	if c.Response >= world.NumOutcomes {
		return fmt.Errorf("%s: response %v unknown", at, c.Response)
	}
	if c.Country == "" || c.Subregion == "" || c.Conflict == "" {
		return fmt.Errorf("%s: country, subregion and conflict must be set", at)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"troops_k", c.TroopsK}, {"alignment", c.Alignment}, {"russia_committed", c.RussiaCommitted}, {"ethnic_russian_share", c.EthnicRussian}} {
		if math.IsInf(f.v, 0) || f.v < -1 {
			return fmt.Errorf("%s: %s = %g out of range", at, f.name, f.v)
		}
	}
	return nil
}

func sortedLabels(cs []Crisis, f func(*Crisis) string, extra ...string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range extra {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for i := range cs {
		s := f(&cs[i])
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// FitTwoProcess fits the intervention model v2 on crises (those before
// o.Before if set) in one sampler run: the request, accept and uninvited
// logistic regressions with their random intercepts, by Pólya-Gamma Gibbs
// sampling with the group standard deviations drawn by slice sampling from
// their conditional with the coefficients integrated out (see
// twoproc_sampler.go), an independence Metropolis-Hastings move on each
// process's coefficients after warm-up, missing covariates imputed in every
// sweep, and the severity shares from their conjugate Dirichlet
// posteriors. Chains run in
// parallel (o.Fit.Workers) with independent streams, so the result does not
// depend on the number of workers.
func FitTwoProcess(ctx context.Context, crises []Crisis, o TwoProcessOptions) (*TwoProcessPosterior, error) {
	cs := crises
	before := ""
	if o.Before != 0 {
		cs = CrisesBefore(crises, o.Before)
		before = o.Before.String()
	}
	if len(cs) == 0 {
		if before != "" {
			return nil, fmt.Errorf("fit two-process model: no crises before %s", before)
		}
		return nil, fmt.Errorf("fit two-process model: no crises")
	}
	if err := o.Priors.check(); err != nil {
		return nil, err
	}
	if o.Fit.Chains < 1 || o.Fit.Draws < 4 || o.Fit.Warmup < 0 {
		return nil, fmt.Errorf("fit two-process model: want ≥ 1 chain and ≥ 4 draws, got %+v", o.Fit)
	}
	for i := range cs {
		if err := checkCrisis(&cs[i]); err != nil {
			return nil, fmt.Errorf("fit two-process model: %w", err)
		}
	}
	p := &TwoProcessPosterior{
		Schema: TwoProcessSchema, Data: o.Data, DataSHA256: o.DataSHA256, Before: before, N: len(cs),
		Countries:  sortedLabels(cs, func(c *Crisis) string { return c.Country }, o.Priors.levelLabels(groupCountry)...),
		Subregions: sortedLabels(cs, func(c *Crisis) string { return c.Subregion }, o.Priors.levelLabels(groupSubregion)...),
		Conflicts:  sortedLabels(cs, func(c *Crisis) string { return c.Conflict }, o.Priors.levelLabels(groupConflict)...),
		Priors:     o.Priors.clone(), Fit: o.Fit,
	}
	p.Params = TwoProcessParamNames(p.Countries, p.Subregions, p.Conflicts)
	p.lay = newLayout(len(p.Countries), len(p.Subregions), len(p.Conflicts))
	p.pools = buildPools(cs)
	p.exportPools()
	m := newTPModel(cs, p)
	chains := make([][][]float64, o.Fit.Chains)
	err := forChains(ctx, o.Fit.Chains, o.Fit.Workers, func(c int) {
		r := rand.New(rand.NewPCG(o.Fit.Seed, uint64(c)+1))
		chains[c] = m.run(ctx, r, o.Fit.Warmup, o.Fit.Draws)
	})
	if err != nil {
		return nil, fmt.Errorf("fit two-process model: %w", err)
	}
	for _, ch := range chains {
		p.Draws = append(p.Draws, ch...)
	}
	if !o.Fit.NoDiag {
		dg := diagnoseAll(chains, len(p.Params))
		p.Diag = make([]TwoProcessDiag, len(dg))
		for j, d := range dg {
			p.Diag[j] = TwoProcessDiag{Param: p.Params[j], Rhat: d.Rhat, ESSBulk: d.ESSBulk, ESSTail: d.ESSTail}
		}
	}
	return p, nil
}

// WorstDiag returns the largest R-hat and the smallest bulk and tail ESS
// over all parameters (NaN-free only if the fit ran diagnostics), and the
// parameter names where they occur.
func (p *TwoProcessPosterior) WorstDiag() (rhat float64, rhatAt string, essBulk float64, essBulkAt string, essTail float64, essTailAt string) {
	essBulk, essTail = math.Inf(1), math.Inf(1)
	for _, d := range p.Diag {
		if d.Rhat > rhat || math.IsNaN(d.Rhat) {
			rhat, rhatAt = d.Rhat, d.Param
		}
		if d.ESSBulk < essBulk {
			essBulk, essBulkAt = d.ESSBulk, d.Param
		}
		if d.ESSTail < essTail {
			essTail, essTailAt = d.ESSTail, d.Param
		}
	}
	return
}
