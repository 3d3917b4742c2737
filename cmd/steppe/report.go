package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/report"
	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/store"
)

func newReportCmd() *cobra.Command {
	var f reportFlags
	cmd := &cobra.Command{
		Use:   "report RUN_ID|results.json",
		Short: "Write a self-contained HTML report of a run",
		Long: `Write one HTML file with a run's scenario summary, results table, map, fan
charts and policy deltas, the network's Russian-transit dependence and
corridor times before and after each policy, the decision model's
out-of-sample scores against its baselines (recorded in the posterior file by
'steppe calibrate --out'), every assumption with its source, and how to
reproduce the run. The file is self-contained: it makes no network request.
--frontier adds a Portfolios section from a frontier of 'steppe optimize'
(its --json output, or the frontier.json of its --out DIR).

The run is either a run stored by 'steppe serve' (by id, or any unique prefix
of it of at least 6 characters, as the dashboard shows 8, from --data-dir) or a
results.json written by 'steppe run --out' or '--json'. For a results file the
scenario (for the assumptions, bases and policies) is read from --scenario, or
from the embedded scenario the results name.`,
		Example: `  steppe report 3f2a9c0e1b7d4a5c6e8f9a0b -o report.html
  steppe run --out out/ && steppe report out/results.json -o report.html
  steppe optimize --out fr/ && steppe report out/results.json --frontier fr/frontier.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd.Context(), args[0], f, cmd.OutOrStdout())
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.out, "out", "o", "report.html", "output file ('-' for standard output)")
	fl.StringVar(&f.dataDir, "data-dir", "", "data directory of 'steppe serve' (default: the per-user data directory)")
	fl.StringVar(&f.scenario, "scenario", "", "scenario of a results.json: a file or an embedded name (default: the one the results name)")
	fl.StringVar(&f.frontier, "frontier", "", "add a Portfolios section from this frontier of 'steppe optimize --json'")
	return cmd
}

type reportFlags struct {
	out      string
	dataDir  string
	scenario string
	frontier string
}

func isResultsFile(arg string) bool {
	if strings.HasSuffix(arg, ".json") || strings.ContainsAny(arg, `/\`) {
		return true
	}
	_, err := os.Stat(arg)
	return err == nil
}

func runReport(ctx context.Context, arg string, f reportFlags, stdout io.Writer) error {
	geo, err := data.ReadFile("boundaries/ne_50m_admin0_region.geojson")
	if err != nil {
		return fmt.Errorf("report: map boundaries: %w", err)
	}
	bounds, err := report.Boundaries(geo)
	if err != nil {
		return err
	}
	opts := report.Options{Boundaries: bounds, Generated: time.Now().UTC(), Generator: versionString()}
	if f.frontier != "" {
		if opts.Portfolio, err = readFrontier(f.frontier); err != nil {
			return err
		}
	}
	if isResultsFile(arg) {
		if err := reportFromFile(ctx, arg, f, &opts); err != nil {
			return err
		}
	} else if err := reportFromStore(ctx, arg, f, &opts); err != nil {
		return err
	}
	if opts.Network, err = reportNetwork(opts.View); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, opts); err != nil {
		return err
	}
	if f.out == "-" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	return writeFile("report: -o", f.out, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err })
}

// readFrontier reads the frontier of --frontier.
func readFrontier(path string) (*report.Frontier, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, inputErrf("report: --frontier %w", err)
	}
	defer fh.Close()
	fr, err := report.ReadFrontier(fh, path)
	if err != nil {
		return nil, inputErrf("report: --frontier %w", err)
	}
	return fr, nil
}

// reportFromFile reads a results.json and, where it can, the scenario for
// the assumptions and the map layers.
func reportFromFile(ctx context.Context, path string, f reportFlags, o *report.Options) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return inputErrf("report: %w", err)
	}
	res, err := results.ReadJSON(bytes.NewReader(b), path)
	if err != nil {
		return inputErrf("report: %w", err)
	}
	ref := f.scenario
	if ref == "" {
		ref = res.Scenario
	}
	in := report.Input{Results: res, Version: version, ScenarioArg: ref}
	sc, err := loadScenario(ctx, ref)
	if err == nil {
		m, err := new(model.Cache).Assemble(sc.World, model.Config{})
		if err != nil {
			return modelErr(err)
		}
		params := m.Sim.Params()
		in.World, in.Assumptions = sc.World, report.Assumptions(params, m.IgnoredFactors(report.ParamPaths(params))...)
		o.ScenarioSource, o.ScenarioFile = string(sc.Resolved), strings.TrimSuffix(filepath.Base(ref), ".yaml")+"-resolved.yaml"
	} else if f.scenario != "" {
		return err
	} else {
		//lint:ignore ST1005 a sentence shown as is in the report's list of warnings
		res.Warnings = append(res.Warnings, fmt.Errorf("The scenario %q could not be loaded (%w): the report has no assumptions, bases or policy descriptions; give it with --scenario.", ref, err))
	}
	gz, err := report.DefaultGazetteer()
	if err != nil {
		return err
	}
	o.View = report.BuildView(in, gz)
	return nil
}

// reportFromStore reads a finished run's view from the server's database.
func reportFromStore(ctx context.Context, id string, f reportFlags, o *report.Options) error {
	dir := f.dataDir
	if dir == "" {
		var err error
		if dir, err = store.DefaultDir(); err != nil {
			return err
		}
	}
	path := filepath.Join(dir, "steppe.db")
	if _, err := os.Stat(path); err != nil {
		return inputErrf("report: %q is not a results file, and there is no run database at %s (give --data-dir)", id, path)
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	run, err := st.FindRun(ctx, id, minRunPrefix)
	var ae *store.AmbiguousError
	switch {
	case errors.Is(err, store.ErrNotFound):
		return inputErrf("report: no run %q in %s", id, path)
	case errors.As(err, &ae):
		return inputErrf("report: %w", err)
	case err != nil:
		return err
	}
	id = run.ID
	if run.Status != store.Done {
		return inputErrf("report: run %s is %s; only finished runs have results", id, run.Status)
	}
	a, err := st.Artifact(ctx, id, "view.json")
	if err != nil {
		return err
	}
	var v report.View
	if err := json.Unmarshal(a.Data, &v); err != nil {
		return fmt.Errorf("report: run %s view: %w", id, err)
	}
	if v.Results == nil {
		return fmt.Errorf("report: run %s view has no results", id)
	}
	o.View = &v
	o.Run = &report.RunInfo{ID: run.ID, Name: run.Name, Created: run.Created, Finished: run.Finished}
	if run.Resolved != "" {
		o.ScenarioSource, o.ScenarioFile = run.Resolved, strings.TrimSuffix(filepath.Base(run.ScenarioName), ".yaml")+"-resolved.yaml"
	}
	return nil
}

// reportNetwork computes the network's changes under each policy of the
// view, from the projects the view lists for it, as the dashboard shows them
// (GET /api/network/compare).
func reportNetwork(v *report.View) (*results.NetworkChanges, error) {
	n, err := new(model.Cache).NetworkChanges(v.PolicyProjects())
	if err != nil {
		return nil, fmt.Errorf("report: network changes: %w", err)
	}
	return n, nil
}

// minRunPrefix is the shortest prefix of a run id that names a run (the
// dashboard shows 8 characters).
const minRunPrefix = 6
