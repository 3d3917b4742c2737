package ge

// This file is `steppe gravity counterfactual` and `steppe gravity
// import`: a scenario policy's trade-cost changes priced over draws, on the
// bundled baseline or a flow table the user brings.

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/internal/userinput"
	"github.com/steppe-dev/steppe/world"
)

// BaselineRequest says where a counterfactual's flow table comes from; its
// fields are the flags of `steppe gravity import`, whose help explains
// them. Without Flows or TradeBaseline it is the bundled Central Asia
// baseline (CentralAsiaBaseline on Bundled).
type BaselineRequest struct {
	Bundled       fs.FS  // the bundled data (package data's FS)
	TargetYear    int    // the bundled baseline's projection year; 0: none
	TradeBaseline string // a flow table with domestic flows (ReadBaselineTable)
	Flows         string // a bilateral trade file (ReadFlows)
	Format        string // its layout: long, dots, baci or comtrade
	BACICodes     string // BACI's country codes file
	GDP           string // World Bank GDP for domestic sales (DomesticFromGDP)
	Year          int
	DomesticFloor float64
	PreferExports bool
}

// Read returns the flow table and the steps that built it.
func (r BaselineRequest) Read() (*Flows, []string, error) {
	if r.TradeBaseline != "" {
		if r.Flows != "" {
			return nil, nil, userinput.Errorf("gravity counterfactual: --trade-baseline and --flows exclude each other")
		}
		f, err := ReadBaselineTable(r.TradeBaseline, r.Year)
		if err != nil {
			return nil, nil, fileErr("gravity counterfactual: --trade-baseline", err)
		}
		return f, []string{fmt.Sprintf("read %s, year %d, %d economies, domestic flows as given", r.TradeBaseline, f.Year, f.N())}, nil
	}
	if r.Flows == "" {
		f, rep, err := CentralAsiaBaseline(r.Bundled, r.TargetYear)
		if err != nil {
			return nil, nil, err
		}
		return f, rep.Steps, nil
	}
	b, err := r.readBilateral()
	if err != nil {
		return nil, nil, err
	}
	steps := append([]string{"read " + b.Source}, b.Notes...)
	if r.GDP == "" {
		f, err := b.Square()
		if err != nil {
			return nil, nil, userinput.Errorf("gravity counterfactual: %w (or pass --gdp)", err)
		}
		return f, append(steps, "domestic sales as given in the file"), nil
	}
	series, err := readRequestFile("gravity counterfactual", r.GDP, ReadWorldBankGDP)
	if err != nil {
		return nil, nil, err
	}
	f, more, err := DomesticFromGDP(b, series, r.GDP, DomesticOptions{Floor: r.DomesticFloor})
	if err != nil {
		return nil, nil, userinput.Wrap(err)
	}
	return f, append(steps, more...), nil
}

// readBilateral reads Flows in its Format.
func (r BaselineRequest) readBilateral() (*Bilateral, error) {
	fh, err := os.Open(r.Flows)
	if err != nil {
		return nil, userinput.Errorf("gravity counterfactual: %w", err)
	}
	defer fh.Close()
	var codes io.Reader
	if r.Format == "baci" && r.BACICodes != "" {
		cf, err := os.Open(r.BACICodes)
		if err != nil {
			return nil, userinput.Errorf("gravity counterfactual: %w", err)
		}
		defer cf.Close()
		codes = cf
	}
	b, err := ReadFlows(r.Format, fh, r.Flows, codes, r.BACICodes, ImportOptions{Year: r.Year, PreferExports: r.PreferExports})
	if err != nil {
		return nil, userinput.Wrap(err)
	}
	return b, nil
}

// StudyRequest prices a scenario policy, or measures given on their own,
// over draws; its fields are the flags of `steppe gravity
// counterfactual`, whose help explains them.
type StudyRequest struct {
	BaselineRequest
	Policy     string
	Against    string // price Policy against this policy instead of no change
	Agreements []string
	CostRatios string // CSV of per-pair cost ratios (ReadCostRatios)
	Routes     string // JSON of a network comparison (ReadNetworkComparison)
	DayCost    float64
	Partners   []string
	Theta      float64 // 0: the scenario's
	Balance    string
	Solver     string
	Tol        float64
	Draws      int
	Seed       uint64
}

// Check refuses a request with nothing to price or impossible numbers,
// before the scenario is loaded.
func (r StudyRequest) Check() error {
	switch {
	case r.Policy == "" && r.CostRatios == "" && r.Routes == "" && len(r.Agreements) == 0:
		return userinput.Errorf("gravity counterfactual: --policy is required (or --agreement, --cost-ratios or --routes)")
	case r.Draws < 0:
		return userinput.Errorf("gravity counterfactual: --draws %d must be at least 0", r.Draws)
	case !(r.Tol > 0):
		return userinput.Errorf("gravity counterfactual: --tol %v must be positive", r.Tol)
	}
	return nil
}

// RunStudy prices the request's measures on the scenario world w: the
// central case and the draws, summarised in a Report.
func RunStudy(w *world.World, r StudyRequest) (*Report, error) {
	if err := r.Check(); err != nil {
		return nil, err
	}
	pol, notes, err := r.policy(w)
	if err != nil {
		return nil, err
	}
	base, steps, err := r.Read()
	if err != nil {
		return nil, err
	}
	if r.Routes != "" {
		m, rnotes, err := r.routeMeasure(base.Countries)
		if err != nil {
			return nil, err
		}
		pol.Measures = append(pol.Measures, m)
		notes = append(notes, rnotes...)
	}
	study, err := r.study(w, base)
	if err != nil {
		return nil, err
	}
	if len(pol.Measures) == 0 {
		return nil, userinput.Errorf("gravity counterfactual: policy %q changes no trade costs (%s)", r.Policy, strings.Join(notes, "; "))
	}
	if err := pol.Check(base.Countries); err != nil {
		return nil, userinput.Errorf("gravity counterfactual: %w", err)
	}
	var central *Draw
	var draws []*Draw
	if r.Against == "" {
		central, draws, err = study.Run(pol, r.Draws, r.Seed)
	} else {
		ref, _, rerr := WorldPolicy(w, r.Against)
		if rerr != nil {
			return nil, userinput.Errorf("gravity counterfactual: --against: %w", rerr)
		}
		if err := ref.Check(base.Countries); err != nil {
			return nil, userinput.Errorf("gravity counterfactual: %w", err)
		}
		central, draws, err = study.RunAgainst(pol, ref, r.Draws, r.Seed)
		notes = append(notes, fmt.Sprintf("changes are relative to policy %s solved with the same draws: shares 'before' are under %s", r.Against, r.Against))
	}
	if err != nil {
		return nil, err
	}
	return study.NewReport(w.Name, pol, r.Against, r.Solver, r.Draws, r.Seed, steps, notes, central, draws), nil
}

// policy gathers the measures: the scenario policy's, the agreements' and
// the cost ratios'.
func (r StudyRequest) policy(w *world.World) (Policy, []string, error) {
	pol := Policy{Name: "command-line measures"}
	var notes []string
	if r.Policy != "" {
		var err error
		if pol, notes, err = WorldPolicy(w, r.Policy); err != nil {
			return Policy{}, nil, userinput.Errorf("gravity counterfactual: --policy: %w", err)
		}
	}
	for _, a := range r.Agreements {
		m, err := ParseAgreement(a, "--agreement")
		if err != nil {
			return Policy{}, nil, userinput.Errorf("gravity counterfactual: --agreement %v", err)
		}
		pol.Measures = append(pol.Measures, m)
	}
	if r.CostRatios != "" {
		m, err := readRequestFile("gravity counterfactual", r.CostRatios, ReadCostRatios)
		if err != nil {
			return Policy{}, nil, err
		}
		ms := CostRatioMeasures(m, r.CostRatios)
		pol.Measures = append(pol.Measures, ms...)
		notes = append(notes, fmt.Sprintf("%d per-pair cost ratios from %s", len(ms), r.CostRatios))
	}
	return pol, notes, nil
}

// routeMeasure reads Routes: the network comparison's time savings as one
// transit-time measure whose size is the cost of a day in transit.
func (r StudyRequest) routeMeasure(countries []string) (Measure, []string, error) {
	ch, err := readRequestFile("gravity counterfactual", r.Routes, ReadNetworkComparison)
	if err != nil {
		return Measure{}, nil, err
	}
	size := DefaultDayCost
	if r.DayCost != 0 {
		if !(r.DayCost > 0) {
			return Measure{}, nil, userinput.Errorf("gravity counterfactual: --day-cost %v must be positive", r.DayCost)
		}
		size = Param{Dist: dist.Fixed{V: r.DayCost}, Source: "--day-cost"}
	}
	m, notes, err := RouteMeasure(ch, countries, size, r.Routes)
	if err != nil {
		return Measure{}, nil, userinput.Errorf("gravity counterfactual: %w", err)
	}
	return m, notes, nil
}

// study sets up the study of w on base with the request's method and
// theta.
func (r StudyRequest) study(w *world.World, base *Flows) (*Study, error) {
	study, err := WorldStudy(w, base, r.Partners, r.Tol)
	if err != nil {
		return nil, userinput.Errorf("gravity counterfactual: %w", err)
	}
	if err := study.SetMethod(r.Balance, r.Solver); err != nil {
		return nil, userinput.Errorf("gravity counterfactual: --%v", err)
	}
	if r.Theta != 0 {
		if !(r.Theta > 0) {
			return nil, userinput.Errorf("gravity counterfactual: --theta %v must be positive", r.Theta)
		}
		study.Theta = Param{Dist: dist.Fixed{V: r.Theta}, Source: "--theta"}
	}
	return study, nil
}
