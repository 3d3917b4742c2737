package risk

import (
	"fmt"
	"math"
	"sort"

	"github.com/steppe-dev/steppe/world"
)

// Feature is one column of the decision model's design matrix. The model
// uses the transformed value x = (raw − Center)/Scale.
type Feature struct {
	Name   string  `json:"name"`
	Center float64 `json:"center"`
	Scale  float64 `json:"scale"`
	// Sim names the world.DecisionFeature this column reads in the
	// simulation ("" for terms derived from the trigger type or fixed, see
	// the package doc).
	Sim  string `json:"sim,omitempty"`
	Unit string `json:"unit"`
}

// Feature names of the default specification.
const (
	FeatIntercept  = "intercept"
	FeatRequest    = "request"
	FeatBase       = "base_present"
	FeatEthnic     = "ethnic_russian_share"
	FeatCSTO       = "csto_member"
	FeatAlignment  = "alignment_shift"
	FeatCommitted  = "russia_committed"
	FeatTies       = "non_russian_ties"
	FeatSeparatist = "separatist"
	FeatArmed      = "armed"
	FeatEarly      = "early_1990s"
)

// DefaultFeatures is the specification fitted by steppe calibrate: the
// decision features of DESIGN.md that the episode data record, two trigger
// groups (protest and realignment are the reference) and an era control for
// the Soviet-successor wars of 1991-94.
func DefaultFeatures() []Feature {
	return []Feature{
		{Name: FeatIntercept, Scale: 1, Unit: "1"},
		{Name: FeatRequest, Scale: 1, Sim: world.FRequest.String(), Unit: "host asked for military help (0/1)"},
		{Name: FeatBase, Scale: 1, Sim: world.FBasePresent.String(), Unit: "Russian base or forces on host territory (0/1)"},
		{Name: FeatEthnic, Scale: 0.1, Sim: world.FEthnicRussian.String(), Unit: "per 10 points of ethnic-Russian share"},
		{Name: FeatCSTO, Scale: 1, Sim: world.FCSTOMember.String(), Unit: "CST/CSTO member (0/1)"},
		{Name: FeatAlignment, Scale: 1, Sim: world.FAlignmentShift.String(), Unit: "turn away from Moscow (0/1)"},
		{Name: FeatCommitted, Scale: 1, Sim: world.FRussiaCommitted.String(), Unit: "Russian forces committed elsewhere (0..1)"},
		{Name: FeatTies, Center: 0.8, Scale: 0.1, Sim: world.FNonRussianTies.String(), Unit: "per 10 points of trade with non-Russian partners, from 80%"},
		{Name: FeatSeparatist, Scale: 1, Unit: "trigger is ethnic/separatist or civil war (0/1)"},
		{Name: FeatArmed, Scale: 1, Unit: "trigger is a border clash or insurgent incursion (0/1)"},
		{Name: FeatEarly, Scale: 1, Unit: "episode before 1995 (0/1); 0 in simulation"},
	}
}

// earlyEnd is the first month not counted as the early-1990s era.
var earlyEnd = world.Month(1995 * 12)

// raw returns the untransformed value of feature name for episode e (NaN
// when missing).
func raw(name string, e *Episode) float64 {
	switch name {
	case FeatIntercept:
		return 1
	case FeatRequest:
		return e.Request
	case FeatBase:
		return e.BasePresent
	case FeatEthnic:
		return e.EthnicRussian
	case FeatCSTO:
		return e.CSTOMember
	case FeatAlignment:
		return e.AlignmentShift
	case FeatCommitted:
		return e.RussiaCommitted
	case FeatTies:
		return e.NonRussianTrade
	case FeatSeparatist:
		return b2f(e.Trigger == world.TriggerEthnic || e.Trigger == world.TriggerCivilWar)
	case FeatArmed:
		return b2f(e.Trigger == world.TriggerBorder || e.Trigger == world.TriggerInsurgent)
	case FeatEarly:
		return b2f(e.Month < earlyEnd)
	}
	panic(fmt.Sprintf("risk: unknown feature %q", name))
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Data is a design matrix with missing cells, ready for fitting.
type Data struct {
	Features []Feature
	X        [][]float64 // transformed; NaN where missing
	Y        []int       // 1 if intervention (binary model)
	Ord      []int       // outcome category (ordinal model)
	// Cands[j] are the observed values of column j and their weights: the
	// imputation distribution of missing cells (empirical marginal).
	Cands []candidates
}

type candidates struct {
	V []float64
	W []float64 // normalised weights
}

// NewData builds the design of eps under the specification fs.
func NewData(fs []Feature, eps []Episode) *Data {
	d := &Data{Features: fs}
	for i := range eps {
		e := &eps[i]
		row := make([]float64, len(fs))
		for j, f := range fs {
			row[j] = (raw(f.Name, e) - f.Center) / f.Scale
		}
		d.X = append(d.X, row)
		d.Y = append(d.Y, int(b2f(e.Intervention())))
		d.Ord = append(d.Ord, int(e.Outcome))
	}
	d.setCands()
	return d
}

// NewDataMatrix builds a design from an already transformed matrix x (NaN
// where missing) and binary outcomes y, for fitting models to data that are
// not episodes (simulation studies, other event sets).
func NewDataMatrix(fs []Feature, x [][]float64, y []int) *Data {
	d := &Data{Features: fs, X: x, Y: y}
	d.setCands()
	return d
}

func (d *Data) setCands() {
	fs := d.Features
	d.Cands = make([]candidates, len(fs))
	for j := range fs {
		count := map[float64]int{}
		var n int
		for _, row := range d.X {
			if !math.IsNaN(row[j]) {
				count[row[j]]++
				n++
			}
		}
		var c candidates
		for v := range count {
			c.V = append(c.V, v)
		}
		sort.Float64s(c.V)
		for _, v := range c.V {
			c.W = append(c.W, float64(count[v])/float64(n))
		}
		d.Cands[j] = c
	}
}

// Missing counts the missing cells per feature.
func (d *Data) Missing() []int {
	out := make([]int, len(d.Features))
	for _, row := range d.X {
		for j, v := range row {
			if math.IsNaN(v) {
				out[j]++
			}
		}
	}
	return out
}
