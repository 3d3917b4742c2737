package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/scenario"
	"github.com/steppe-dev/steppe/sim"
)

func newValidateCmd() *cobra.Command {
	var params bool
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check a scenario file and report every problem",
		Long: `Check scenario files (or embedded scenarios by name) and print every problem
at once, each as file:line:column: field: message. Exit status 2 if any file
has a problem.`,
		Example: "  steppe validate my-scenario.yaml\n  steppe validate --params central-asia",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(args, params, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&params, "params", false, "also list every parameter: path, value, distribution and provenance")
	return cmd
}

func runValidate(files []string, params bool, stdout, stderr io.Writer) error {
	bad := 0
	cache := new(model.Cache)
	for _, f := range files {
		sc, err := loadScenario(f)
		if err != nil {
			var list scenario.ErrorList
			if asList(err, &list) {
				for _, e := range list {
					fmt.Fprintln(stderr, e)
				}
				bad++
				continue
			}
			fmt.Fprintln(stderr, err)
			bad++
			continue
		}
		m, err := sim.New(sc.World, sim.Engines{})
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", f, err)
			bad++
			continue
		}
		// The priors' feature names belong to the risk engine, which
		// package scenario does not know: check them here.
		bundled, pr, err := cache.ScenarioPriors(sc.World)
		if err == nil {
			_, _, err = model.V2Priors(sc.World)
		}
		if err != nil {
			fmt.Fprintln(stderr, err)
			bad++
			continue
		}
		uncertain := 0
		for _, p := range m.Params() {
			if p.Value.Uncertain() {
				uncertain++
			}
		}
		w := sc.World
		fmt.Fprintf(stdout, "%s: ok (%d focus actors, %d projects, %d policies, %d parameters of which %d uncertain, %s to %s)\n",
			f, len(w.Focus()), len(w.Projects), len(w.Policies), len(m.Params()), uncertain, w.Start, w.Horizon)
		if w.Decision.Model == "v1" && !pr.SameAs(bundled.Priors, bundled.Features) {
			fmt.Fprintf(stdout, "%s: decision.priors differ from those of the bundled risk posterior: steppe run refits the intervention model under them\n", f)
		}
		if params {
			tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "path\tvalue\tdistribution\tprovenance")
			for _, p := range m.Params() {
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
			if w.Decision.Model == "v1" {
				writeV1Priors(stdout, bundled, pr)
			} else if err := writeV2Priors(stdout, cache); err != nil {
				return err
			}
			fmt.Fprintln(stdout, "\nsettings of the assembled model (documented defaults, package model):")
			tw = tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "setting\tvalue\tmeaning")
			for _, s := range model.DefaultSettings.List() {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, s.Value, s.Doc)
			}
			tw.Flush()
		}
	}
	if bad > 0 {
		return inputErrf("%d of %d scenario(s) have problems", bad, len(files))
	}
	return nil
}

// writeV1Priors lists the priors of the v1 intervention model.
func writeV1Priors(w io.Writer, bundled *risk.Posterior, pr risk.Priors) {
	fmt.Fprintln(w, "\npriors of the intervention model v1 (bundled data/posterior/priors.json, with the scenario's decision.priors over them):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "coefficient\tprior\tprovenance")
	row := func(name string, q risk.Prior) {
		prov := q.Source
		if len(prov) > 90 {
			prov = prov[:87] + "..."
		}
		fmt.Fprintf(tw, "%s\t%v\t%s\n", name, q, prov)
	}
	for _, ft := range bundled.Features {
		row(ft.Name, pr.For(ft.Name))
	}
	row("ordinal cutpoints", pr.Cut)
	tw.Flush()
}

// writeV2Priors lists the parameters of the intervention model v2 with
// their priors and posteriors (bundled data/posterior/v2.json).
func writeV2Priors(w io.Writer, cache *model.Cache) error {
	p, err := cache.V2()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nintervention model v2 (data/%s, fitted on %s; steppe calibrate refits it): parameters with prior and posterior\n", model.V2File, p.Decision.Data)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "parameter\tprior\tposterior mean [90%]")
	for _, s := range p.Decision.Summaries() {
		if strings.Contains(s.Name, "[") {
			continue
		}
		prior := fmt.Sprint(s.Prior)
		if a, ok := p.Decision.Priors.Severity[s.Name]; ok {
			prior = fmt.Sprintf("Dirichlet weight %g", a)
		}
		fmt.Fprintf(tw, "%s\t%s\t%.2f [%.2f, %.2f]\n", s.Name, prior, s.Mean, s.Q05, s.Q95)
	}
	return tw.Flush()
}
