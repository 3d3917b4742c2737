package ge

import (
	"fmt"
	"math"
	"sort"

	"github.com/steppe-dev/steppe/gravity"
)

// FirstStage is a gravity estimation on a flow panel whose fitted flows of
// one year are the counterfactual's baseline and whose coefficients may be
// named as partial effects (Coefs).
//
// The structural gravity literature (Anderson & Yotov 2016; Yotov et al.
// 2016, ch. 2) estimates X_ijt = exp(pi_it + chi_jt + gamma_ij + beta x_ijt)
// by PPML with domestic flows in the sample, reads the bilateral trade
// costs t_ij^-theta = exp(gamma_ij + beta x_ij) with the pair effects
// gamma_ij normalised relative to domestic trade (gamma_ii = 0), and
// re-estimates the baseline year with exporter and importer effects and
// ln t_ij as an offset. With exporter-year and importer-year effects in the
// first stage that re-estimation returns the first stage's own fitted flows
// of the year (the normalisation moves only exporter and importer terms,
// which the effects absorb, and PPML with both sets of effects fits the
// year's totals exactly, so the fit is the same; TestFirstStageOffsetRefit
// checks it). The baseline is therefore those fitted flows; a pair with no
// fitted value (one never traded, whose pair effect is not identified)
// keeps a zero flow, so a shock to it has no effect.
type FirstStage struct {
	Formula  string
	Coefs    Coefs
	Result   *gravity.Result
	Baseline *Flows
	// Unfitted counts the year's pairs the estimation dropped (zero
	// flows throughout, or separated): zero in the baseline.
	Unfitted int
}

// EstimateBaseline fits formula to the frame fr (read from file name) with
// package gravity's PPML and returns the fitted flows of year (0: the
// table's only year) as the baseline. cols names the exporter, importer
// and year columns (the flow column is the formula's left-hand side).
func EstimateBaseline(fr *gravity.Frame, name, formula string, cols TableColumns, year int) (*FirstStage, error) {
	cols = cols.withDefaults()
	res, err := gravity.Fit(fr, formula, gravity.Options{})
	if err != nil {
		return nil, err
	}
	if !res.Converged {
		return nil, fmt.Errorf("%s: first-stage PPML did not converge in %d iterations", name, res.Iterations)
	}
	var codes [2][]int32
	var levels [2][]string
	for k, c := range []string{cols.Exporter, cols.Importer} {
		var ok bool
		if codes[k], levels[k], ok = fr.Categorical(c); !ok {
			return nil, &gravity.InputError{Err: fmt.Errorf("%s: column %q: want country codes (strings)", name, c)}
		}
	}
	yv, hasYear := fr.Float(cols.Year)
	years := map[int]bool{}
	if hasYear {
		for _, y := range yv {
			if !math.IsNaN(y) {
				years[int(y)] = true
			}
		}
	}
	if year == 0 && len(years) > 1 {
		ys := make([]int, 0, len(years))
		for y := range years {
			ys = append(ys, y)
		}
		sort.Ints(ys)
		return nil, &gravity.InputError{Err: fmt.Errorf("%s: holds years %d to %d; choose the baseline year", name, ys[0], ys[len(ys)-1])}
	}
	if year != 0 && !years[year] {
		return nil, &gravity.InputError{Err: fmt.Errorf("%s: no rows for year %d", name, year)}
	}
	var rows []Triple
	fitted := map[Pair]bool{}
	unfitted := 0
	for r := 0; r < fr.NRow(); r++ {
		if year != 0 && int(yv[r]) != year {
			continue
		}
		e, i := codes[0][r], codes[1][r]
		if e < 0 || i < 0 {
			continue
		}
		p := Pair{levels[0][e], levels[1][i]}
		v, ok := res.FittedAt(r)
		if !ok {
			unfitted++
			v = 0
		} else {
			fitted[p] = true
		}
		rows = append(rows, Triple{p.Exporter, p.Importer, v})
	}
	f := Square(rows)
	f.Year, f.Unit = year, "fitted, as in the file"
	f.Source = fmt.Sprintf("%s: PPML fitted flows of %s", name, formula)
	for _, c := range f.Countries {
		if !fitted[Pair{c, c}] {
			return nil, &gravity.InputError{Err: fmt.Errorf("%s: %s has no fitted domestic flow in %d (a %s-%s row with positive trade); structural gravity needs every economy's sales to itself", name, c, year, c, c)}
		}
	}
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("%s: fitted baseline: %w", name, err)
	}
	c := Coefs{}
	for k, n := range res.CoefNames {
		c[n] = res.Coef[k]
	}
	return &FirstStage{Formula: formula, Coefs: c, Result: res, Baseline: f, Unfitted: unfitted}, nil
}
