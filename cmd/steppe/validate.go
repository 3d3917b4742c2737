package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/scenario"
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
			return runValidate(cmd.Context(), args, params, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&params, "params", false, "also list every parameter: path, value, distribution and provenance")
	return cmd
}

func runValidate(ctx context.Context, files []string, params bool, stdout, stderr io.Writer) error {
	bad := 0
	cache := new(model.Cache)
	for _, f := range files {
		sc, err := checkScenario(ctx, f)
		if err != nil && ctx.Err() != nil {
			return err // interrupted: the rest is not validated either
		}
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
		k, err := model.NewCheck(sc.World)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", f, err)
			bad++
			continue
		}
		if err := k.CheckPriors(cache); err != nil {
			fmt.Fprintln(stderr, err)
			bad++
			continue
		}
		k.WriteSummary(stdout, f)
		if params {
			if err := k.WriteParams(stdout, cache); err != nil {
				return err
			}
			if err := writeReplaced(stdout, k, cache); err != nil {
				return err
			}
		}
	}
	if bad > 0 {
		return inputErrf("%d of %d scenario(s) have problems", bad, len(files))
	}
	return nil
}

// writeReplaced lists the parameters of k whose stated values a default run
// does not use (model.Model.IgnoredFactors), each with the reason: the
// engine that replaces it, or that no model reads it.
func writeReplaced(out io.Writer, k *model.Check, cache *model.Cache) error {
	m, err := cache.Assemble(k.World, model.Config{})
	if err != nil {
		return modelErr(err)
	}
	paths := make([]string, len(k.Params))
	for i, p := range k.Params {
		paths[i] = p.Path
	}
	replaced := m.IgnoredFactors(paths)
	if len(replaced) == 0 {
		_, err := fmt.Fprintln(out, "\nno parameter is replaced by an engine: a run uses every value above")
		return err
	}
	fmt.Fprintf(out, "\nnot used by a run: the stated values of %d parameters above do not reach the simulation (an engine replaces them, or no model reads them):\n", len(replaced))
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "path\twhy")
	for _, r := range replaced {
		path, why, _ := strings.Cut(r, ": ")
		fmt.Fprintf(tw, "%s\t%s\n", path, why)
	}
	return tw.Flush()
}
