package model

import (
	"context"
	"strings"

	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/sim"
)

// Channel is a path by which a policy changes the chance of an
// intervention, switched off by setting the parameters it matches to zero.
type Channel struct {
	Name  string
	Basis string
	Match func(path string) bool
}

func param(name string) func(string) bool { return func(p string) bool { return p == name } }

// Channels are the channels of a policy's effect in steppe's model. Each
// acts through a stated coefficient; what feeds it is computed by an
// engine or stated, as Basis says.
var Channels = []Channel{
	{"border security", "stated: the projects' border_security effects (share of border and insurgent crises prevented)",
		func(p string) bool {
			return strings.HasPrefix(p, "projects.") && strings.HasSuffix(p, ".border_security")
		}},
	{"integration fallout", "stated coefficient decision.coef.integration_fallout on Russia's decisions; intra-regional trade from the GE trade model (fitted gravity, stated partial effects)",
		param("decision.coef.integration_fallout")},
	{"income", "stated coefficient triggers.coef.income_gain on protest-type hazards; income from the GE trade model",
		param("triggers.coef.income_gain")},
	{"Chinese investment at risk", "stated coefficient decision.coef.china_investment; stated investment effects of projects",
		param("decision.coef.china_investment")},
	{"Russian transit", "stated coefficient decision.coef.russian_transit; transit dependence computed by the network engine",
		param("decision.coef.russian_transit")},
	{"sanctions", "stated coefficient decision.coef.sanctions_exposure on a sanctions cost that is the same for every policy",
		param("decision.coef.sanctions_exposure")},
	{"trade realignment", "stated coefficient triggers.coef.realignment: less trade with Russia raises the realignment hazard; trade shares from the GE trade model",
		param("triggers.coef.realignment")},
}

// Decompose splits the effect of policy (against the baseline) on the
// probability of at least one intervention by the end of year, per country
// and for the region, by [Channels], with common random numbers: every run
// uses opt's draws and seed.
func (m *Model) Decompose(ctx context.Context, opt Options, policy string, year int) (*results.Decomposition, error) {
	years := m.Sim.Years()
	y := year - years[0]
	if y < 0 || y >= len(years) {
		return nil, optErrf("year", "%d is outside the scenario's %d-%d", year, years[0], years[len(years)-1])
	}
	delta := func(off map[string]float64) ([]float64, error) {
		over := map[string]float64{}
		for k, v := range m.set {
			over[k] = v
		}
		for k, v := range off {
			over[k] = v
		}
		out, err := m.Sim.Run(ctx, sim.Options{Draws: opt.Draws, Seed: opt.Seed, Workers: opt.Workers, Policies: []string{policy}, Overrides: over})
		if err != nil {
			return nil, simErr(err)
		}
		d := make([]float64, len(out.Countries)+1)
		for c := range d {
			d[c] = mean(out.Draw(1, c, y)) - mean(out.Draw(0, c, y))
		}
		return d, nil
	}
	total, err := delta(nil)
	if err != nil {
		return nil, err
	}
	dec := &results.Decomposition{Policy: policy, Year: year, Total: total}
	all := map[string]float64{}
	for _, ch := range Channels {
		off := map[string]float64{}
		var names []string
		for _, p := range m.Sim.Params() {
			if ch.Match(p.Path) {
				off[p.Path], all[p.Path] = 0, 0
				names = append(names, p.Path)
			}
		}
		ce := results.ChannelEffect{Name: ch.Name, Basis: ch.Basis, Params: names, Contribution: make([]float64, len(total))}
		if len(off) > 0 {
			d, err := delta(off)
			if err != nil {
				return nil, err
			}
			for c := range d {
				ce.Contribution[c] = total[c] - d[c]
			}
		}
		dec.Channels = append(dec.Channels, ce)
	}
	if dec.Rest, err = delta(all); err != nil {
		return nil, err
	}
	return dec, nil
}
