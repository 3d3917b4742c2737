package main

import (
	"context"
	"fmt"
	"io"

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
			if err := k.WriteReplaced(stdout, cache); err != nil {
				return modelErr(err)
			}
		}
	}
	if bad > 0 {
		return inputErrf("%d of %d scenario(s) have problems", bad, len(files))
	}
	return nil
}
