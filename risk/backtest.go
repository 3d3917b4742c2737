package risk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/steppe-dev/steppe/csvfile"
	"github.com/steppe-dev/steppe/world"
)

// CountryFeatures are a focus state's decision features at a date, with the
// same coding as the episodes (see data/episodes/README.md).
type CountryFeatures struct {
	Country         string
	BasePresent     float64
	EthnicRussian   float64 // NA if no census within 20 years
	CSTOMember      float64
	AlignmentShift  float64
	RussiaCommitted float64
	NonRussianTrade float64
}

var countryColumns = []string{"country", "base_present", "ethnic_russian_share", "census_year", "csto_member",
	"alignment_shift", "russia_committed", "non_russian_trade_share", "ties_year", "sources"}

// LoadCountries reads data/episodes/countries_2021.csv; errors name
// file:line:column, and a file with any problem yields no rows.
func LoadCountries(name string, r io.Reader) ([]CountryFeatures, error) {
	var out []CountryFeatures
	errs := csvfile.ReadTable(r, name, countryColumns, func(f *csvfile.Table, rec []string) {
		c := CountryFeatures{Country: rec[0]}
		if c.Country == "" {
			f.Bad(0, errors.New("empty country"))
		}
		c.BasePresent = parseBinary(rec[1], f.Badf(1))
		c.EthnicRussian = parseShare(rec[2], f.Badf(2))
		parseYear(rec[3], f.Badf(3))
		c.CSTOMember = parseBinary(rec[4], f.Badf(4))
		c.AlignmentShift = parseBinary(rec[5], f.Badf(5))
		c.RussiaCommitted = parseShare(rec[6], f.Badf(6))
		c.NonRussianTrade = parseShare(rec[7], f.Badf(7))
		parseYear(rec[8], f.Badf(8))
		if !strings.Contains(rec[9], "http") {
			f.Bad(9, errors.New("row has no source"))
		}
		out = append(out, c)
	})
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// BacktestOrigin is the last month of data the backtest may use.
var BacktestOrigin = world.Month(2021*12 + 11)

// BacktestYears are the forecast years.
var BacktestYears = []int{2022, 2023, 2024, 2025}

// Backtest is a forecast made with data up to [BacktestOrigin], scored on
// what happened.
type Backtest struct {
	// Episode level: the Central Asian episodes from 2022 on, forecast
	// with the decision model fitted on episodes up to the origin.
	Episodes []Episode
	Episode  map[string][]float64 // method → P(intervention) per episode
	EpisodeY []int
	// Country-year level: P(at least one intervention in the year) per
	// focus state and year, from hazards and decision model fitted on data
	// up to the origin, against the record (1 = an intervention happened).
	Countries []string
	Years     []int
	CountryP  [][]float64 // [country][year]
	CountryY  [][]int
	BaseRate  float64 // historical frequency of Central Asian intervention country-years, 1992-2021
	Request   map[world.TriggerType]float64
	Scores    map[string]Scores // "episode:<method>", "country-year:model", "country-year:base rate"
}

// requestProb is the smoothed frequency (s + ½)/(n + 1) of a request among
// the training episodes of trigger type k with a known request: the
// request probability used in country-year forecasts.
func requestProb(train []Episode, k world.TriggerType) float64 {
	var n, s float64
	for i := range train {
		e := &train[i]
		if e.Trigger != k || IsNA(e.Request) {
			continue
		}
		n++
		s += e.Request
	}
	return (s + 0.5) / (n + 1)
}

// RunBacktest fits on data up to the origin and scores 2022-2025.
func RunBacktest(ctx context.Context, in *Inputs, o Options) (*Backtest, error) {
	var train, test []Episode
	focus := map[string]bool{}
	for _, c := range FocusStates {
		focus[c] = true
	}
	for _, e := range in.Episodes {
		if e.Month <= BacktestOrigin {
			train = append(train, e)
		} else if focus[e.Country] && e.Month.Year() <= BacktestYears[len(BacktestYears)-1] {
			test = append(test, e)
		}
	}
	d := NewData(o.Features, train)
	o.Fit.Workers = max(o.Fit.Workers, o.Workers)
	fit, err := FitLogit(ctx, d, o.Priors, o.Fit)
	if err != nil {
		return nil, fmt.Errorf("backtest fit: %w", err)
	}
	bt := &Backtest{Episodes: test, Episode: map[string][]float64{}, Scores: map[string]Scores{}, Request: map[world.TriggerType]float64{}}
	td := NewData(o.Features, test)
	for i := range test {
		bt.EpisodeY = append(bt.EpisodeY, int(b2f(test[i].Intervention())))
		bt.Episode[MethodModel] = append(bt.Episode[MethodModel], fit.Predict(td.X[i]))
		bt.Episode[MethodBaseRate] = append(bt.Episode[MethodBaseRate], baseRate(train))
		bt.Episode[MethodRequest] = append(bt.Episode[MethodRequest], requestRule(train, &test[i]))
	}
	for _, m := range []string{MethodModel, MethodBaseRate, MethodRequest} {
		bt.Scores["episode:"+m] = Score(bt.Episode[m], bt.EpisodeY)
	}

	// Country-years.
	hz, err := FitAllHazards(ctx, in, o, BacktestOrigin)
	if err != nil {
		return nil, err
	}
	var past int
	for _, e := range train {
		if focus[e.Country] && e.Intervention() {
			past++
		}
	}
	years := float64(BacktestOrigin.Year() - 1992 + 1)
	bt.BaseRate = (float64(past) + 0.5) / (years*float64(len(FocusStates)) + 1)
	cf := map[string]CountryFeatures{}
	for _, c := range in.Countries {
		cf[c.Country] = c
	}
	type countryYear struct {
		country string
		year    int
	}
	happened := map[countryYear]bool{}
	for _, e := range test {
		if e.Intervention() {
			happened[countryYear{e.Country, e.Month.Year()}] = true
		}
	}
	draws := fit.Draws()
	r := rand.New(rand.NewPCG(31, 41))
	x := make([]float64, len(o.Features))
	var allP []float64
	var allY []int
	var baseP []float64
	for _, c := range FocusStates {
		f, ok := cf[c]
		if !ok {
			return nil, fmt.Errorf("backtest: no features for %s", c)
		}
		bt.Countries = append(bt.Countries, c)
		// Expected monthly interventions: Σ_k λ_ck · P_ck, averaged over draws.
		var rate float64
		for _, h := range hz {
			ci := indexOf(h.Countries, c)
			req := requestProb(train, h.Type)
			bt.Request[h.Type] = req
			ep := Episode{Trigger: h.Type, Month: BacktestOrigin, BasePresent: f.BasePresent, EthnicRussian: f.EthnicRussian,
				CSTOMember: f.CSTOMember, AlignmentShift: f.AlignmentShift, RussiaCommitted: f.RussiaCommitted, NonRussianTrade: f.NonRussianTrade}
			var s float64
			for si, beta := range draws {
				lam := h.Lambda[si%len(h.Lambda)][ci]
				var pr float64
				for _, rq := range []float64{0, 1} {
					ep.Request = rq
					for j, ft := range o.Features {
						v := (raw(ft.Name, &ep) - ft.Center) / ft.Scale
						if math.IsNaN(v) {
							v = fit.Cands[j].draw(r)
						}
						x[j] = v
					}
					w := 1 - req
					if rq == 1 {
						w = req
					}
					pr += w * sigmoid(dot(x, beta))
				}
				s += lam * pr
			}
			rate += s / float64(len(draws))
		}
		var ps []float64
		var ys []int
		for _, y := range BacktestYears {
			p := -math.Expm1(-12 * rate)
			yv := 0
			if happened[countryYear{c, y}] {
				yv = 1
			}
			ps = append(ps, p)
			ys = append(ys, yv)
			allP = append(allP, p)
			allY = append(allY, yv)
			baseP = append(baseP, bt.BaseRate)
		}
		bt.CountryP = append(bt.CountryP, ps)
		bt.CountryY = append(bt.CountryY, ys)
	}
	bt.Years = BacktestYears
	bt.Scores["country-year:"+MethodModel] = Score(allP, allY)
	bt.Scores["country-year:"+MethodBaseRate] = Score(baseP, allY)
	return bt, nil
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}
