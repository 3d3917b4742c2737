package model

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// Check is what `steppe validate` reports of a resolved scenario: its world
// compiled into the simulation's parameters, and the decision priors it
// states checked against the risk engine's features (which package
// scenario does not know).
type Check struct {
	World  *world.World
	Params []sim.Param

	bundled *risk.Posterior
	priors  risk.Priors
}

// NewCheck compiles w into the simulation's parameters.
func NewCheck(w *world.World) (*Check, error) {
	m, err := sim.New(w, sim.Engines{})
	if err != nil {
		return nil, err
	}
	return &Check{World: w, Params: m.Params()}, nil
}

// CheckPriors checks the scenario's decision priors for the intervention
// models v1 (over the bundled posterior's priors) and v2.
func (k *Check) CheckPriors(c *Cache) error {
	bundled, pr, err := c.ScenarioPriors(k.World)
	if err == nil {
		_, _, err = V2Priors(k.World)
	}
	k.bundled, k.priors = bundled, pr
	return err
}

// WriteSummary prints that the scenario in file is valid, with its size and
// span, and whether `steppe run` refits the v1 intervention model under its
// priors. It follows [Check.CheckPriors].
func (k *Check) WriteSummary(out io.Writer, file string) {
	uncertain := 0
	for _, p := range k.Params {
		if p.Value.Uncertain() {
			uncertain++
		}
	}
	w := k.World
	fmt.Fprintf(out, "%s: ok (%d focus actors, %d projects, %d policies, %d parameters of which %d uncertain, %s to %s)\n",
		file, len(w.Focus()), len(w.Projects), len(w.Policies), len(k.Params), uncertain, w.Start, w.Horizon)
	if w.Decision.Model == "v1" && !k.priors.SameAs(k.bundled.Priors, k.bundled.Features) {
		fmt.Fprintf(out, "%s: decision.priors differ from those of the bundled risk posterior: steppe run refits the intervention model under them\n", file)
	}
}

// WriteParams prints every parameter with its value, distribution and
// provenance, the priors of the scenario's intervention model, and the
// assembled model's settings. It follows [Check.CheckPriors].
func (k *Check) WriteParams(out io.Writer, c *Cache) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "path\tvalue\tdistribution\tprovenance")
	for _, p := range k.Params {
		prov := p.Value.Source
		if p.Value.Assumption {
			prov = "assumption: " + p.Value.Reason
		}
		if p.Value.Year != 0 {
			prov = fmt.Sprintf("%d, %s", p.Value.Year, prov)
		}
		if len(prov) > 90 {
			prov = prov[:87] + "..."
		}
		fmt.Fprintf(tw, "%s\t%g\t%v\t%s\n", p.Path, p.Value.V, p.Dist, prov)
	}
	tw.Flush()
	if k.World.Decision.Model == "v1" {
		k.bundled.WritePriors(out, k.priors)
	} else {
		v2, err := c.V2()
		if err != nil {
			return err
		}
		if err := v2.WritePriors(out); err != nil {
			return err
		}
	}
	fmt.Fprintln(out, "\nsettings of the assembled model (documented defaults, package model):")
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "setting\tvalue\tmeaning")
	for _, s := range DefaultSettings.List() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, s.Value, s.Doc)
	}
	return tw.Flush()
}
