package model

import (
	"fmt"
	"time"
)

// Settings are the modelling constants of the assembly that are not
// scenario fields. Each has a documented default (DefaultSettings), and
// `steppe validate --params` lists them with the scenario's parameters.
type Settings struct {
	// GEDraws is the number of distinct general-equilibrium draws: Monte
	// Carlo draw d uses GE draw d mod GEDraws (as it uses posterior draw d
	// mod the posterior's draws), which bounds the number of GE solves.
	GEDraws int
	// TradeBaselineYear is the year the bundled trade baseline (circa 2006
	// flows, data/trade) is projected to with GDP growth.
	TradeBaselineYear int
	// MinPartnerShare is the share of a focus economy's international trade
	// above which a partner keeps its own row in the simulation's trade
	// table; the others are merged into one rest of the world. The focus
	// economies' income results differ from the full table's by less than
	// 0.001 percentage points (TestGEAggregationError).
	MinPartnerShare float64
	// MaxResultBytes bounds the memory a run adds to the process
	// ([Model.Estimate]'s Bytes); larger runs are refused.
	MaxResultBytes float64
	// MaxRunCPU bounds a run's estimated CPU time ([Model.Estimate]'s CPU):
	// with the per-draw results summarised as they stream, memory no
	// longer grows with the draws, so time is what an absurd request
	// (a billion draws) costs. An hour is a budget, not a claim about the
	// model: a million draws of the default scenario take about 5 minutes.
	MaxRunCPU time.Duration
}

// DefaultSettings are the settings of `steppe run`.
var DefaultSettings = Settings{
	GEDraws:           100,
	TradeBaselineYear: 2023,
	MinPartnerShare:   0.01,
	MaxResultBytes:    8e9,
	MaxRunCPU:         time.Hour,
}

// Setting is one entry of [Settings.List].
type Setting struct {
	Name  string
	Value string
	Doc   string
}

// List describes the settings for `steppe validate --params`.
func (s Settings) List() []Setting {
	return []Setting{
		{"model.ge_draws", fmt.Sprint(s.GEDraws), "distinct general-equilibrium draws; Monte Carlo draw d uses GE draw d mod this"},
		{"model.trade_baseline_year", fmt.Sprint(s.TradeBaselineYear), "year the bundled trade baseline is projected to"},
		{"model.min_partner_share", fmt.Sprint(s.MinPartnerShare), "trade share above which a partner keeps its own row in the simulation's trade table; the rest form one ROW"},
		{"model.max_result_bytes", fmt.Sprintf("%.0f", s.MaxResultBytes), "bound on the memory a run adds (estimated); larger runs are refused"},
		{"model.max_run_cpu", s.MaxRunCPU.String(), "bound on a run's CPU time (estimated); longer runs are refused"},
	}
}

func (s Settings) withDefaults() Settings {
	d := DefaultSettings
	if s.GEDraws > 0 {
		d.GEDraws = s.GEDraws
	}
	if s.TradeBaselineYear > 0 {
		d.TradeBaselineYear = s.TradeBaselineYear
	}
	if s.MinPartnerShare > 0 {
		d.MinPartnerShare = s.MinPartnerShare
	}
	if s.MaxResultBytes > 0 {
		d.MaxResultBytes = s.MaxResultBytes
	}
	if s.MaxRunCPU > 0 {
		d.MaxRunCPU = s.MaxRunCPU
	}
	return d
}
