package ge

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// DomesticOptions control how domestic sales are built when a flow table
// has none.
type DomesticOptions struct {
	// Floor is the smallest domestic share of GDP allowed: X_ii =
	// max(GDP_i - exports_i, Floor*GDP_i). Entrepôts (Singapore, Hong
	// Kong) and flag-of-convenience registries (Liberia) record goods
	// exports above GDP, which would make domestic sales negative. Zero
	// means 0.1.
	Floor float64
}

// WithDomestic builds the square table the solvers need from international
// flows and GDP (in the flows' unit, the same year): X_ii = GDP_i minus
// i's exports, floored at Floor*GDP_i. Countries without a GDP figure are
// dropped with their flows, and listed in the returned notes.
//
// This is the usual approximation when gross output is not at hand. Its
// error, measured on the WIOD EU-enlargement case (TestDomesticFromGDPError:
// World Bank GDP minus WIOD exports in place of WIOD's domestic sales of
// gross output): GDP is value added, about half of gross output, so import
// shares come out 1.86 times too high (median over 44 economies, range
// 1.0-2.75) and the welfare gains of the enlargement 1.92 times too large
// (median over the 14 economies it moves by more than 0.1%, range
// 1.58-2.48). With goods-only flows (IMF DOTS) a second error works the
// other way: GDP includes services that do not trade in the table, which
// raises the domestic share. The net error for a goods-only table is not
// measured; read welfare changes built this way as uncertain by up to a
// factor of about two from this step alone.
func WithDomestic(b *Bilateral, gdp map[string]float64, opt DomesticOptions) (*Flows, []string, error) {
	floor := opt.Floor
	if floor == 0 {
		floor = 0.1
	}
	if !(floor > 0 && floor < 1) {
		return nil, nil, fmt.Errorf("domestic floor %v: must be in (0, 1)", floor)
	}
	set := map[string]bool{}
	for p := range b.Flows {
		set[p.Exporter] = true
		set[p.Importer] = true
	}
	var codes, missing []string
	for c := range set {
		if g, ok := gdp[c]; ok && g > 0 {
			codes = append(codes, c)
		} else {
			missing = append(missing, c)
		}
	}
	sort.Strings(codes)
	sort.Strings(missing)
	var notes []string
	if len(missing) > 0 {
		notes = append(notes, fmt.Sprintf("dropped %d economies without GDP and their flows: %s", len(missing), strings.Join(missing, " ")))
	}
	idx := map[string]int{}
	for i, c := range codes {
		idx[c] = i
	}
	n := len(codes)
	f := &Flows{Countries: codes, X: make([]float64, n*n), Unit: "million USD", Year: b.Year, Source: b.Source}
	for p, v := range b.Flows {
		i, ok1 := idx[p.Exporter]
		j, ok2 := idx[p.Importer]
		if ok1 && ok2 && i != j {
			f.X[i*n+j] += v
		}
	}
	ex := f.Exports()
	var floored []string
	for i, c := range codes {
		d := gdp[c] - ex[i]
		if d < floor*gdp[c] {
			d = floor * gdp[c]
			floored = append(floored, fmt.Sprintf("%s (exports %.0f%% of GDP)", c, 100*ex[i]/gdp[c]))
		}
		f.X[i*n+i] = d
	}
	if len(floored) > 0 {
		notes = append(notes, fmt.Sprintf("domestic sales floored at %.0f%% of GDP for %d economies whose goods exports exceed %.0f%% of GDP: %s",
			100*floor, len(floored), 100*(1-floor), strings.Join(floored, ", ")))
	}
	return f, notes, f.Validate()
}

// Aggregate merges economies into groups: group[code] names the group of
// each economy (economies not in the map keep their own code). Flows
// between members of a group become the group's domestic sales. Use it to
// shrink a large table (for example to the Central Asian states, their
// neighbours and a rest of the world) before running many draws; GE effects
// on the economies kept separate change little when distant partners are
// pooled, but the pooled members' own effects are averaged.
func Aggregate(f *Flows, group map[string]string) *Flows {
	name := func(c string) string {
		if g, ok := group[c]; ok {
			return g
		}
		return c
	}
	var rows []Triple
	n := f.N()
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			rows = append(rows, Triple{name(f.Countries[i]), name(f.Countries[j]), f.X[i*n+j]})
		}
	}
	g := Square(rows)
	g.Unit, g.Year, g.Source = f.Unit, f.Year, f.Source+" (aggregated)"
	return g
}

// GDPSeries is a table of nominal GDP by country and year.
type GDPSeries map[string]map[int]float64

// Latest returns the latest value of c at or before year, and its year.
func (s GDPSeries) Latest(c string, year int) (float64, int, bool) {
	best := 0
	for y := range s[c] {
		if y <= year && y > best {
			best = y
		}
	}
	if best == 0 {
		return 0, 0, false
	}
	return s[c][best], best, true
}

// HMRCodes maps the country codes of the Head–Mayer–Ries extract that
// predate current ISO3 to the codes of the World Bank series.
var HMRCodes = map[string]string{"ROM": "ROU", "ZAR": "COD", "YUG": "SRB"}

// BaselineOptions control BuildBaseline.
type BaselineOptions struct {
	// TargetYear is the year the baseline is projected to with the GDP
	// series; zero keeps the flow table's own year (no projection).
	TargetYear int
	// BaseYear is the year of the flow table, used to read GDP growth from
	// the series (2006 for the Head–Mayer–Ries cross-section).
	BaseYear int
	Domestic DomesticOptions
}

// BaselineReport records what BuildBaseline did, step by step.
type BaselineReport struct {
	Steps []string
	// RASIterations and RASError describe the projection's convergence
	// (largest relative error in a row or column total).
	RASIterations int
	RASError      float64
}

// BuildBaseline builds a square baseline from the Head–Mayer–Ries
// cross-section and projects it to a target year with World Bank GDP:
//
//  1. read international goods flows (IMF DOTS via HMR, million USD);
//  2. add domestic sales X_ii = GDP_i - exports_i with the GDP of the same
//     extract (WithDomestic);
//  3. if TargetYear is set, grow every economy's output Y_i and expenditure
//     E_j by its nominal GDP growth g_i = GDP_i(target)/GDP_i(base) from the
//     World Bank series (latest year available, then world GDP growth to
//     the target; world growth alone where a country has no series), scale
//     expenditures so that world expenditure equals world output, and fit
//     the flows to these totals by biproportional scaling (RAS). RAS keeps
//     every bilateral trade-cost term of the base year and re-solves the
//     multilateral resistances: it is the structural-gravity projection with
//     unchanged frictions, and equals a PPML fit with exporter and importer
//     fixed effects and the base flows as offset (Fally 2015, "Structural
//     gravity and fixed effects", J. Int. Econ. 97).
func BuildBaseline(hmr *Bilateral, hmrGDP map[string]float64, wb GDPSeries, opt BaselineOptions) (*Flows, *BaselineReport, error) {
	rep := &BaselineReport{}
	rep.Steps = append(rep.Steps, fmt.Sprintf("read %d international flows from %s", len(hmr.Flows), hmr.Source))
	f, notes, err := WithDomestic(hmr, hmrGDP, opt.Domestic)
	if err != nil {
		return nil, nil, err
	}
	f.Year = opt.BaseYear
	rep.Steps = append(rep.Steps, fmt.Sprintf("added domestic sales = GDP - exports for %d economies (GDP of the same extract)", f.N()))
	rep.Steps = append(rep.Steps, notes...)
	if opt.TargetYear == 0 || opt.TargetYear == opt.BaseYear {
		return f, rep, nil
	}
	if wb == nil {
		return nil, nil, errors.New("baseline: a GDP series is needed to project to a target year")
	}
	world := func(y int) (float64, error) {
		v, ok := wb["WLD"][y]
		if !ok {
			return 0, fmt.Errorf("baseline: GDP series has no world (WLD) value for %d", y)
		}
		return v, nil
	}
	w0, err := world(opt.BaseYear)
	if err != nil {
		return nil, nil, err
	}
	wT, err := world(opt.TargetYear)
	if err != nil {
		return nil, nil, err
	}
	n := f.N()
	g := make([]float64, n)
	var stale, none []string
	for i, c := range f.Countries {
		base, ok := wb[c][opt.BaseYear]
		last, ly, ok2 := wb.Latest(c, opt.TargetYear)
		switch {
		case !ok || !ok2 || ly <= opt.BaseYear:
			g[i] = wT / w0
			none = append(none, c)
		case ly < opt.TargetYear:
			wl, err := world(ly)
			if err != nil {
				return nil, nil, err
			}
			g[i] = last / base * wT / wl
			stale = append(stale, c+" ("+strconv.Itoa(ly)+")")
		default:
			g[i] = last / base
		}
	}
	rep.Steps = append(rep.Steps, fmt.Sprintf("projected %d to %d with World Bank nominal GDP growth (world: x%.3f)", opt.BaseYear, opt.TargetYear, wT/w0))
	if len(stale) > 0 {
		rep.Steps = append(rep.Steps, "latest GDP before the target year, grown at world GDP growth since: "+strings.Join(stale, ", "))
	}
	if len(none) > 0 {
		rep.Steps = append(rep.Steps, "no GDP series: grown at world GDP growth: "+strings.Join(none, ", "))
	}
	Y, E := f.Output(), f.Expenditure()
	ty, te := make([]float64, n), make([]float64, n)
	sy, se := 0.0, 0.0
	for i := range Y {
		ty[i], te[i] = Y[i]*g[i], E[i]*g[i]
		sy += ty[i]
		se += te[i]
	}
	for j := range te {
		te[j] *= sy / se
	}
	it, maxErr := ras(f.X, n, ty, te, 1e-12, 10000)
	rep.RASIterations, rep.RASError = it, maxErr
	rep.Steps = append(rep.Steps, fmt.Sprintf("fitted flows to the projected totals by RAS (%d iterations, largest relative error %.2g)", it, maxErr))
	if maxErr > 1e-8 {
		return nil, nil, fmt.Errorf("baseline: RAS projection did not converge (error %.3g)", maxErr)
	}
	f.Year = opt.TargetYear
	f.Source = fmt.Sprintf("%s, projected to %d with World Bank GDP", hmr.Source, opt.TargetYear)
	return f, rep, nil
}

// ras scales the rows and columns of x (n x n, row-major) in place until
// the row sums are ty and the column sums te.
func ras(x []float64, n int, ty, te []float64, tol float64, maxIter int) (int, float64) {
	rs, cs := make([]float64, n), make([]float64, n)
	var it int
	maxErr := math.Inf(1)
	for it = 1; it <= maxIter; it++ {
		margins(x, n, rs, true)
		for i := 0; i < n; i++ {
			s := ty[i] / rs[i]
			row := x[i*n : (i+1)*n]
			for j := range row {
				row[j] *= s
			}
		}
		margins(x, n, cs, false)
		for i := 0; i < n; i++ {
			row := x[i*n : (i+1)*n]
			for j := range row {
				row[j] *= te[j] / cs[j]
			}
		}
		// after the column step columns are exact; measure rows
		margins(x, n, rs, true)
		maxErr = 0
		for i, s := range rs {
			maxErr = math.Max(maxErr, math.Abs(s-ty[i])/ty[i])
		}
		if maxErr < tol {
			break
		}
	}
	return min(it, maxIter), maxErr
}

// margins sets out to the row sums (rows) or the column sums of x (n x n,
// row-major), adding in row-major order.
func margins(x []float64, n int, out []float64, rows bool) {
	clear(out)
	for i := 0; i < n; i++ {
		for j, v := range x[i*n : (i+1)*n] {
			if rows {
				out[i] += v
			} else {
				out[j] += v
			}
		}
	}
}
