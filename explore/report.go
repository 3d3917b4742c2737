package explore

import "fmt"

// PrimReport is a scenario-discovery result ready to print or encode as
// JSON: for each box found by covering, the peeling/pasting trajectory
// (the coverage-density trade-off curve, each point with its restrictions
// and their quasi-p-values), the chosen point, and the effect of dropping
// each restriction of the chosen box. The dashboard draws the trade-off
// curve from it and shows a point's limits when clicked.
type PrimReport struct {
	Outcome string          `json:"outcome"`
	Rule    string          `json:"rule"`
	N       int             `json:"n"`
	Cases   int             `json:"cases"`
	Options PrimOptions     `json:"options"`
	Boxes   []PrimBoxReport `json:"boxes"`
	// Warnings say when the result deserves less trust: fewer than
	// MinCases cases of interest, or a chosen box's restriction with a
	// quasi-p-value above MaxQuasiP.
	Warnings []string `json:"warnings,omitempty"`
}

// PrimBoxReport is one box of a PrimReport.
type PrimBoxReport struct {
	Trajectory []PrimPoint `json:"trajectory"`
	Chosen     int         `json:"chosen"`
	Drops      []PrimDrop  `json:"drops"`
}

// PrimPoint is one point of the trade-off curve with its restrictions.
type PrimPoint struct {
	BoxPoint
	Limits []Restriction `json:"limits"`
}

// PrimDrop gives the chosen box's statistics without one restriction.
type PrimDrop struct {
	Input string `json:"input"`
	BoxStats
}

// PrimReportOptions say which boxes a PrimReport holds.
type PrimReportOptions struct {
	// Boxes is how many boxes to find by covering (at least 1): each on
	// the experiments outside the chosen points of the boxes before it.
	Boxes int
	// Select, when >= 0, chooses that point of the first box's trajectory
	// instead of the default knee (EMA Workbench: box.select(i)).
	Select int
	// Drop lists inputs whose restrictions are dropped from the first
	// box's chosen point, each appending a point to the trajectory and
	// choosing it (EMA Workbench: box.drop_restriction(name)), before the
	// box is covered.
	Drop []string
}

// MinCases is the number of cases of interest below which a PRIM result
// carries a warning: a box fitted to so few points is mostly noise.
const MinCases = 10

// MaxQuasiP is the quasi-p-value above which a chosen box's restriction
// is reported as possibly spurious (Bryant & Lempert 2010 read
// restrictions with quasi-p above 0.05 as not significant).
const MaxQuasiP = 0.05

// Report finds up to boxes boxes by covering and inspects each. choose,
// when >= 0, selects the point of the first box's trajectory to report
// (and to cover) instead of the default knee.
func (p *Prim) Report(boxes, choose int) (*PrimReport, error) {
	return p.ReportWith(PrimReportOptions{Boxes: boxes, Select: choose})
}

// ReportWith finds and inspects boxes as o says.
func (p *Prim) ReportWith(o PrimReportOptions) (*PrimReport, error) {
	if o.Boxes < 1 {
		return nil, fmt.Errorf("prim: %d boxes requested", o.Boxes)
	}
	r := &PrimReport{N: p.n, Cases: p.k, Options: p.opt}
	if p.k < MinCases {
		r.Warnings = append(r.Warnings, fmt.Sprintf("only %d cases of interest (fewer than %d): a box fitted to so few is mostly noise", p.k, MinCases))
	}
	for k := 0; k < o.Boxes; k++ {
		b, err := p.FindBox()
		if err != nil {
			if k == 0 {
				return nil, err
			}
			break
		}
		if k == 0 {
			if o.Select >= 0 {
				if err := b.Select(o.Select); err != nil {
					return nil, err
				}
			}
			for _, name := range o.Drop {
				if err := b.DropRestriction(b.Chosen, name); err != nil {
					return nil, err
				}
			}
		}
		br := PrimBoxReport{Chosen: b.Chosen}
		for i, pt := range b.Trajectory {
			br.Trajectory = append(br.Trajectory, PrimPoint{BoxPoint: pt, Limits: b.Inspect(i)})
		}
		for _, res := range br.Trajectory[b.Chosen].Limits {
			s, _, err := b.Drop(b.Chosen, res.Input)
			if err != nil {
				return nil, err
			}
			br.Drops = append(br.Drops, PrimDrop{Input: res.Input, BoxStats: s})
			for _, q := range []float64{res.QPLo, res.QPHi, res.QP} {
				if q > MaxQuasiP {
					r.Warnings = append(r.Warnings, fmt.Sprintf("box %d: the restriction on %s has quasi-p %.3g > %g: it may be noise", k+1, res.Input, q, MaxQuasiP))
					break
				}
			}
		}
		r.Boxes = append(r.Boxes, br)
		if b.Trajectory[b.Chosen].Restricted == 0 {
			break // the whole space: covering cannot go further
		}
		p.Cover(b)
	}
	return r, nil
}
