package ge

import (
	"fmt"
	"io/fs"
	"math"
)

// Band is a central estimate (every input at its median) with the 5%, 50%
// and 95% quantiles over draws.
type Band struct {
	Central float64 `json:"central"`
	Q05     float64 `json:"q05"`
	Q50     float64 `json:"q50"`
	Q95     float64 `json:"q95"`
}

func band(central float64, xs []float64) Band {
	b := Band{Central: central, Q05: math.NaN(), Q50: math.NaN(), Q95: math.NaN()}
	if len(xs) > 0 {
		b.Q05, b.Q50, b.Q95 = Quantile(xs, 0.05), Quantile(xs, 0.5), Quantile(xs, 0.95)
	}
	return b
}

// ShareBand is a trade share before the policy and its distribution after.
type ShareBand struct {
	Base  float64 `json:"base"`
	After Band    `json:"after"`
}

// CountrySummary is one focus economy's results over draws.
type CountrySummary struct {
	Country string    `json:"country"`
	RealGDP Band      `json:"real_gdp_pct"`
	Welfare Band      `json:"welfare_pct"`
	Exports Band      `json:"exports_pct"`
	Intra   ShareBand `json:"intra_regional_share"`
	// Partners holds one entry per Study.Partners (RUS, CHN).
	Partners []PartnerShare `json:"partner_shares"`
}

// PartnerShare is the share of an economy's trade with one partner.
type PartnerShare struct {
	Partner string `json:"partner"`
	ShareBand
}

// Convergence reports the solver's iterations and last change over the
// central case and all draws.
type Convergence struct {
	CentralIterations  int     `json:"central_iterations"`
	CentralFinalChange float64 `json:"central_final_change"`
	MaxIterations      int     `json:"max_iterations"`
	MaxFinalChange     float64 `json:"max_final_change"`
	Tol                float64 `json:"tol"`
	// MaxImbalance is the largest accounting residual of any solve (see
	// Result.MaxImbalance); above ImbalanceWarn the text report warns.
	MaxImbalance float64 `json:"max_imbalance"`
}

// Summarize turns a study's central case and draws into per-country bands.
func (s *Study) Summarize(central *Draw, draws []*Draw) ([]CountrySummary, Convergence) {
	conv := Convergence{CentralIterations: central.Iterations, CentralFinalChange: central.FinalChange,
		MaxIterations: central.Iterations, MaxFinalChange: central.FinalChange, Tol: s.Tol, MaxImbalance: central.MaxImbalance}
	if conv.Tol == 0 {
		conv.Tol = 1e-8
	}
	for _, d := range draws {
		conv.MaxIterations = max(conv.MaxIterations, d.Iterations)
		conv.MaxFinalChange = math.Max(conv.MaxFinalChange, d.FinalChange)
		conv.MaxImbalance = math.Max(conv.MaxImbalance, d.MaxImbalance)
	}
	out := make([]CountrySummary, len(central.Outcomes))
	col := func(c int, f func(Outcome) float64) []float64 {
		xs := make([]float64, len(draws))
		for k, d := range draws {
			xs[k] = f(d.Outcomes[c])
		}
		return xs
	}
	for c, o := range central.Outcomes {
		cs := CountrySummary{
			Country: o.Country,
			RealGDP: band(o.RealGDP, col(c, func(o Outcome) float64 { return o.RealGDP })),
			Welfare: band(o.Welfare, col(c, func(o Outcome) float64 { return o.Welfare })),
			Exports: band(o.Exports, col(c, func(o Outcome) float64 { return o.Exports })),
			Intra:   ShareBand{Base: o.GroupShareBase, After: band(o.GroupShare, col(c, func(o Outcome) float64 { return o.GroupShare }))},
		}
		for k, p := range s.Partners {
			cs.Partners = append(cs.Partners, PartnerShare{Partner: p, ShareBand: ShareBand{Base: o.PartnerShareBase[k],
				After: band(o.PartnerShare[k], col(c, func(o Outcome) float64 { return o.PartnerShare[k] }))}})
		}
		out[c] = cs
	}
	return out, conv
}

// Bundled file names of the Central Asia baseline inside the data folder.
const (
	BundledHMR = "trade/hmr2010_gravity_zeros.csv"
	BundledGDP = "trade/wb_gdp_current_usd_2005_2023.csv"
)

// CentralAsiaBaseline builds the bundled baseline (see BuildBaseline and
// the README of the data folder's trade/) from fsys, projected to
// targetYear (0: the 2006 table as it is).
func CentralAsiaBaseline(fsys fs.FS, targetYear int) (*Flows, *BaselineReport, error) {
	hf, err := fsys.Open(BundledHMR)
	if err != nil {
		return nil, nil, fmt.Errorf("trade baseline: %w", err)
	}
	defer hf.Close()
	b, gdp, err := ReadHMR(hf, BundledHMR)
	if err != nil {
		return nil, nil, err
	}
	wf, err := fsys.Open(BundledGDP)
	if err != nil {
		return nil, nil, fmt.Errorf("trade baseline: %w", err)
	}
	defer wf.Close()
	wb, err := ReadWorldBankGDP(wf, BundledGDP)
	if err != nil {
		return nil, nil, err
	}
	return BuildBaseline(b, gdp, wb, BaselineOptions{BaseYear: 2006, TargetYear: targetYear})
}
