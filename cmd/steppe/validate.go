package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/scenario"
	"github.com/steppe-dev/steppe/sim"
)

func newValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check a scenario file and report every problem",
		Long: `Check scenario files (or embedded scenarios by name) and print every problem
at once, each as file:line:column: field: message. Exit status 2 if any file
has a problem.`,
		Example: "  steppe validate my-scenario.yaml\n  steppe validate central-asia",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
}

func runValidate(files []string, stdout, stderr io.Writer) error {
	bad := 0
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
		uncertain := 0
		for _, p := range m.Params() {
			if p.Value.Uncertain() {
				uncertain++
			}
		}
		w := sc.World
		fmt.Fprintf(stdout, "%s: ok (%d focus actors, %d projects, %d policies, %d parameters of which %d uncertain, %s to %s)\n",
			f, len(w.Focus()), len(w.Projects), len(w.Policies), len(m.Params()), uncertain, w.Start, w.Horizon)
	}
	if bad > 0 {
		return inputErrf("%d of %d scenario(s) have problems", bad, len(files))
	}
	return nil
}
