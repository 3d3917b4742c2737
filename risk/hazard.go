package risk

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/world"
)

// HazardData are trigger counts of one type per focus state and calendar
// year, with months of exposure and the income-growth gap.
type HazardData struct {
	Type      world.TriggerType
	Countries []string
	From, To  world.Month // observation window, inclusive
	Years     []int
	Counts    [][]int     // [country][year]
	Exposure  [][]float64 // months observed in the year
	Growth    [][]float64 // growth gap, per 10 percentage points (0 when unused)
	UseGrowth bool
}

// Growth is a yearly growth series per country (percent).
type Growth map[string]map[int]float64

// NewHazardData counts events of type k in [from, to] per country and
// year. With growth non-nil, each country-year's covariate is its growth
// minus the country's mean growth over the window, per 10 points (the
// simulation's GrowthGap/10); years without growth data get gap 0.
func NewHazardData(ev []TriggerEvent, k world.TriggerType, countries []string, from, to world.Month, growth Growth) *HazardData {
	hd := &HazardData{Type: k, Countries: countries, From: from, To: to, UseGrowth: growth != nil}
	for y := from.Year(); y <= to.Year(); y++ {
		hd.Years = append(hd.Years, y)
	}
	ci := map[string]int{}
	for i, c := range countries {
		ci[c] = i
		hd.Counts = append(hd.Counts, make([]int, len(hd.Years)))
		ex := make([]float64, len(hd.Years))
		gr := make([]float64, len(hd.Years))
		for yi, y := range hd.Years {
			lo := max(int(from), y*12)
			hi := min(int(to), y*12+11)
			ex[yi] = float64(hi - lo + 1)
		}
		if growth != nil {
			var s, n float64
			for _, y := range hd.Years {
				if g, ok := growth[c][y]; ok {
					s += g
					n++
				}
			}
			for yi, y := range hd.Years {
				if g, ok := growth[c][y]; ok && n > 0 {
					gr[yi] = (g - s/n) / 10
				}
			}
		}
		hd.Exposure = append(hd.Exposure, ex)
		hd.Growth = append(hd.Growth, gr)
	}
	for _, e := range ev {
		c, ok := ci[e.Country]
		if !ok || e.Type != k || e.Month < from || e.Month > to {
			continue
		}
		hd.Counts[c][e.Month.Year()-from.Year()]++
	}
	return hd
}

// Totals returns the events and months observed per country.
func (hd *HazardData) Totals() (n []int, months []float64) {
	for c := range hd.Countries {
		var s int
		var e float64
		for yi := range hd.Years {
			s += hd.Counts[c][yi]
			e += hd.Exposure[c][yi]
		}
		n = append(n, s)
		months = append(months, e)
	}
	return n, months
}

// HazardPriors are the priors of the hierarchical trigger model.
type HazardPriors struct {
	LogMu    Prior // log of the population mean monthly rate
	LogAlpha Prior // log of the gamma shape (pooling strength)
	Growth   Prior // effect of +10 points of growth on the log rate
}

// DefaultHazardPriors: the population mean monthly rate is centred on
// 0.005 (one trigger in 17 years) with a factor-of-20 95% range; the
// shape's prior median is 1 (an exponential spread of country rates); the
// growth effect is N(0, 0.5²) per 10 points.
func DefaultHazardPriors() HazardPriors {
	return HazardPriors{
		LogMu:    Prior{math.Log(0.005), 1.5, "weakly informative default"},
		LogAlpha: Prior{0, 1, "weakly informative default"},
		Growth:   Prior{0, 0.5, "weakly informative default"},
	}
}

// Hazards is the fitted trigger model of one type:
//
//	y_cy ~ Poisson(λ_c · exp(γ g_cy) · E_cy),  λ_c ~ Gamma(α, rate α/μ),
//
// a Poisson-gamma hierarchical model (Gelman et al. 2013, Bayesian Data
// Analysis 3rd ed., ch. 5; the gamma prior's shape α sets how strongly the
// states are pooled towards the population mean μ). λ_c are monthly rates;
// the monthly probability of at least one trigger is 1 − exp(−λ).
type Hazards struct {
	Type      world.TriggerType
	Countries []string
	Priors    HazardPriors
	Lambda    [][]float64 // [draw][country]
	Mu, Alpha []float64   // per draw
	Gamma     []float64   // per draw (0 without growth)
	Diag      []Diag      // per country's λ
	Observed  []int
	Months    []float64
	UseGrowth bool
}

// FixedHyper fixes α and μ (and γ = 0): the conjugate case used to check
// the sampler, where λ_c | y ~ Gamma(α + n_c, α/μ + E_c) exactly.
type FixedHyper struct{ Alpha, Mu float64 }

// FitHazards samples the posterior: λ_c by their exact gamma conditionals,
// (log α, log μ) and γ by random-walk Metropolis steps.
func FitHazards(ctx context.Context, hd *HazardData, pr HazardPriors, o FitOptions, fix *FixedHyper) (*Hazards, error) {
	nc := len(hd.Countries)
	h := &Hazards{Type: hd.Type, Countries: hd.Countries, Priors: pr, UseGrowth: hd.UseGrowth && fix == nil}
	h.Observed, h.Months = hd.Totals()
	chains := make([][][]float64, o.Chains)
	for c := 0; c < o.Chains; c++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r := rand.New(rand.NewPCG(o.Seed^0x4a2d, uint64(hd.Type)*64+uint64(c)+1))
		la, lm := r.NormFloat64()*0.5, math.Log(0.005)+r.NormFloat64()*0.5
		gam := 0.0
		if fix != nil {
			la, lm = math.Log(fix.Alpha), math.Log(fix.Mu)
		}
		lam := make([]float64, nc)
		for i := range lam {
			lam[i] = math.Exp(lm)
		}
		// weighted exposure W_c(γ) = Σ_y E_cy exp(γ g_cy)
		wexp := func(ci int, g float64) float64 {
			var s float64
			for yi := range hd.Years {
				s += hd.Exposure[ci][yi] * math.Exp(g*hd.Growth[ci][yi])
			}
			return s
		}
		logHyper := func(la, lm float64) float64 {
			a, mu := math.Exp(la), math.Exp(lm)
			lg, _ := math.Lgamma(a)
			lp := -0.5*sq((la-pr.LogAlpha.Mean)/pr.LogAlpha.SD) - 0.5*sq((lm-pr.LogMu.Mean)/pr.LogMu.SD)
			for _, l := range lam {
				lp += a*math.Log(a/mu) - lg + (a-1)*math.Log(l) - a/mu*l
			}
			return lp
		}
		logGamma := func(g float64) float64 {
			lp := -0.5 * sq((g-pr.Growth.Mean)/pr.Growth.SD)
			for ci := range lam {
				for yi := range hd.Years {
					mu := lam[ci] * math.Exp(g*hd.Growth[ci][yi]) * hd.Exposure[ci][yi]
					lp += float64(hd.Counts[ci][yi])*math.Log(mu) - mu
				}
			}
			return lp
		}
		n, _ := hd.Totals()
		var draws [][]float64
		for it := 0; it < o.Warmup+o.Draws; it++ {
			a, mu := math.Exp(la), math.Exp(lm)
			for ci := range lam {
				lam[ci] = dist.Gamma(r, a+float64(n[ci])) / (a/mu + wexp(ci, gam))
				if lam[ci] < 1e-300 {
					lam[ci] = 1e-300
				}
			}
			if fix == nil {
				for rep := 0; rep < 3; rep++ {
					cur := logHyper(la, lm)
					pa, pm := la+0.5*r.NormFloat64(), lm+0.5*r.NormFloat64()
					if math.Log(r.Float64()) < logHyper(pa, pm)-cur {
						la, lm = pa, pm
					}
				}
				if h.UseGrowth {
					cur := logGamma(gam)
					pg := gam + 0.25*r.NormFloat64()
					if math.Log(r.Float64()) < logGamma(pg)-cur {
						gam = pg
					}
				}
			}
			if it >= o.Warmup {
				d := append(append([]float64(nil), lam...), math.Exp(la), math.Exp(lm), gam)
				draws = append(draws, d)
			}
		}
		chains[c] = draws
	}
	h.Diag = diagnoseAll(chains, nc)
	for _, ch := range chains {
		for _, d := range ch {
			h.Lambda = append(h.Lambda, d[:nc])
			h.Alpha = append(h.Alpha, d[nc])
			h.Mu = append(h.Mu, d[nc+1])
			h.Gamma = append(h.Gamma, d[nc+2])
		}
	}
	return h, nil
}

func sq(x float64) float64 { return x * x }

// HazardSummary describes one state's fitted hazard.
type HazardSummary struct {
	Country        string
	Observed       int
	Months         float64
	Raw            float64 // observed / months
	Mean           float64 // posterior mean monthly rate
	Q05, Q95       float64
	Expected       float64 // posterior mean of λ·months: the model's expected count
	ExpQ05, ExpQ95 float64 // 90% posterior predictive interval of the count
	Diag           Diag
}

// Summaries returns per-country summaries. The predictive count interval
// draws one Poisson count per posterior draw with a fixed seed.
func (h *Hazards) Summaries() []HazardSummary {
	r := rand.New(rand.NewPCG(17, uint64(h.Type)))
	var out []HazardSummary
	for c, name := range h.Countries {
		v := make([]float64, len(h.Lambda))
		cnt := make([]float64, len(h.Lambda))
		for s, d := range h.Lambda {
			v[s] = d[c]
			cnt[s] = float64(poissonRand(r, d[c]*h.Months[c]))
		}
		m, _ := meanVar(v)
		sv := sortedCopy(v)
		sc := sortedCopy(cnt)
		out = append(out, HazardSummary{Country: name, Observed: h.Observed[c], Months: h.Months[c],
			Raw: float64(h.Observed[c]) / h.Months[c], Mean: m,
			Q05: quantileSorted(sv, 0.05), Q95: quantileSorted(sv, 0.95),
			Expected: m * h.Months[c], ExpQ05: quantileSorted(sc, 0.05), ExpQ95: quantileSorted(sc, 0.95),
			Diag: h.Diag[c]})
	}
	return out
}

// poissonRand draws a Poisson count (inversion for small means, normal
// approximation above 500).
func poissonRand(r *rand.Rand, mu float64) int {
	if mu > 500 {
		return int(math.Max(0, math.Round(mu+math.Sqrt(mu)*r.NormFloat64())))
	}
	k := 0
	q := math.Exp(-mu)
	cum := q
	u := r.Float64()
	for u > cum && k < 10000 {
		k++
		q *= mu / float64(k)
		cum += q
	}
	return k
}

// GammaSummary returns the posterior mean and 90% interval of the growth
// effect.
func (h *Hazards) GammaSummary() (mean, q05, q95 float64) {
	m, _ := meanVar(h.Gamma)
	s := sortedCopy(h.Gamma)
	return m, quantileSorted(s, 0.05), quantileSorted(s, 0.95)
}

func (h *Hazards) String() string { return fmt.Sprintf("hazards(%v, %d draws)", h.Type, len(h.Lambda)) }
