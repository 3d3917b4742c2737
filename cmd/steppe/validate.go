package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/model"
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
				bundled.WritePriors(stdout, pr)
			} else {
				v2, err := cache.V2()
				if err != nil {
					return err
				}
				if err := v2.WritePriors(stdout); err != nil {
					return err
				}
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
