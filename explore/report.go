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

// Report finds up to boxes boxes by covering and inspects each. choose,
// when >= 0, selects the point of the first box's trajectory to report
// (and to cover) instead of the default knee.
func (p *Prim) Report(boxes, choose int) (*PrimReport, error) {
	if boxes < 1 {
		return nil, fmt.Errorf("prim: %d boxes requested", boxes)
	}
	r := &PrimReport{N: p.n, Cases: p.k, Options: p.opt}
	for k := 0; k < boxes; k++ {
		b, err := p.FindBox()
		if err != nil {
			if k == 0 {
				return nil, err
			}
			break
		}
		if k == 0 && choose >= 0 {
			if err := b.Select(choose); err != nil {
				return nil, err
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
		}
		r.Boxes = append(r.Boxes, br)
		if b.Trajectory[b.Chosen].Restricted == 0 {
			break // the whole space: covering cannot go further
		}
		p.Cover(b)
	}
	return r, nil
}
