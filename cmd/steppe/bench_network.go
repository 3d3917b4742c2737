package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/network"
)

// newNetworkBenchCmd is `steppe bench network` (also `steppe network
// bench`): edge criticality on a synthetic road-like network, steppe against
// python3-igraph on the same graph and measure, in one run.
func newNetworkBenchCmd() *cobra.Command {
	var rows, edges, nsrc, sample, workers int
	var seed uint64
	var python, script string
	cmd := &cobra.Command{
		Use:   "network",
		Short: "Edge criticality on a 100,000-edge synthetic road network, against python3-igraph",
		Long: `Scores every edge of a deterministic synthetic road-like network by the
accessibility lost when it is removed (network.View.AccessibilityCriticality),
runs the same measure with python3-igraph on an evenly spaced sample of the
edges that lie on a shortest-path tree, checks that the values agree, and
prints igraph's estimated time for all those edges over steppe's time.
See bench/network/README.md.`,
		Args:    cobra.NoArgs,
		PreRunE: checkFlags(atLeast("rows", 2), atLeast("edges", 1), atLeast("sources", 1), atLeast("sample", 1), atLeast("workers", 0)),
		RunE: func(cmd *cobra.Command, _ []string) error {
			out := cmd.OutOrStdout()
			g := network.Synthetic(rows, rows, edges, 0.03, seed)
			v, err := g.View([]network.Status{network.Existing}, nil)
			if err != nil {
				return err
			}
			w := g.Lengths()
			r := rand.New(rand.NewPCG(seed, 77))
			src := make([]int, nsrc)
			for i := range src {
				src[i] = r.IntN(len(g.Nodes))
			}
			fmt.Fprintf(out, "graph: %d nodes, %d edges (network.Synthetic %dx%d, seed %d); %d sources; GOMAXPROCS %d\n",
				len(g.Nodes), len(g.Edges), rows, rows, seed, nsrc, runtime.GOMAXPROCS(0))
			t0 := time.Now()
			res := v.AccessibilityCriticality(src, w, workers)
			ours := time.Since(t0).Seconds()
			tree := v.TreeEdges(src, w)
			fmt.Fprintf(out, "steppe: all %d edges scored in %.3f s (%d lie on a shortest-path tree)\n", len(g.Edges), ours, len(tree))

			if _, err := os.Stat(script); err != nil {
				return inputErrf("igraph script %s: %w (run from the repository root or pass --script)", script, err)
			}
			dir, err := os.MkdirTemp("", "steppe-bench-network")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			var eb bytes.Buffer
			fmt.Fprintf(&eb, "%d %d\n", len(g.Nodes), len(g.Edges))
			for _, e := range g.Edges {
				fmt.Fprintf(&eb, "%d %d %.17g\n", e.From, e.To, e.LengthKm)
			}
			ep := filepath.Join(dir, "edges.txt")
			if err := os.WriteFile(ep, eb.Bytes(), 0o644); err != nil {
				return err
			}
			picks := make([]int, 0, sample)
			for i := 0; i < sample && i < len(tree); i++ {
				picks = append(picks, tree[i*len(tree)/min(sample, len(tree))])
			}
			cfg, _ := json.Marshal(map[string]any{"edges": ep, "sources": src, "sample": picks})
			cp := filepath.Join(dir, "config.json")
			if err := os.WriteFile(cp, cfg, 0o644); err != nil {
				return err
			}
			var stdout, stderr bytes.Buffer
			c := exec.CommandContext(cmd.Context(), python, script, cp)
			c.Stdout, c.Stderr = &stdout, &stderr
			if err := c.Run(); err != nil {
				return fmt.Errorf("igraph (%s %s): %w: %s", python, script, err, stderr.String())
			}
			var ig struct {
				Version  string       `json:"igraph"`
				BaseS    float64      `json:"base_s"`
				PerEdgeS float64      `json:"per_edge_s"`
				Values   [][2]float64 `json:"values"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &ig); err != nil {
				return fmt.Errorf("igraph output: %w: %s", err, stdout.String())
			}
			maxRel, cutDiff := 0.0, 0
			for i, e := range picks {
				a, b := res[e].Added, ig.Values[i][0]
				maxRel = math.Max(maxRel, math.Abs(a-b)/math.Max(1, math.Abs(b)))
				if res[e].Cut != int(ig.Values[i][1]) {
					cutDiff++
				}
			}
			// steppe doing what igraph does (remove, recompute every source),
			// to separate the algorithm's gain from the implementation's
			nrec := min(5, len(picks))
			t0 = time.Now()
			for _, e := range picks[:nrec] {
				u := v.WithoutEdges(e)
				for _, s := range src {
					u.Distances(s, w)
				}
			}
			recompute := time.Since(t0).Seconds() / float64(nrec)
			est := ig.PerEdgeS * float64(len(tree))
			fmt.Fprintf(out, "igraph %s: %.4f s per edge (%d sources' distances, mean of %d sampled tree edges) -> %.1f s for the %d tree edges\n",
				ig.Version, ig.PerEdgeS, nsrc, len(picks), est, len(tree))
			fmt.Fprintf(out, "steppe recomputing like igraph (remove, %d Dijkstras): %.4f s per edge, igraph/steppe %.1fx per recomputation\n", nsrc, recompute, ig.PerEdgeS/recompute)
			fmt.Fprintf(out, "agreement on the sample: max relative difference of added distance %.2g, %d cut counts differ\n", maxRel, cutDiff)
			if maxRel > 1e-9 || cutDiff > 0 {
				return fmt.Errorf("steppe and igraph disagree on the sample")
			}
			fmt.Fprintf(out, "ratio igraph/steppe: %.0fx (igraph estimated %.1f s, steppe measured %.3f s)\n", est/ours, est, ours)
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&rows, "rows", 224, "grid rows and columns of the synthetic network")
	f.IntVar(&edges, "edges", 100000, "edges of the synthetic network")
	f.IntVar(&nsrc, "sources", 8, "source nodes of the accessibility measure")
	f.IntVar(&sample, "sample", 60, "tree edges igraph scores (evenly spaced)")
	f.IntVar(&workers, "workers", 0, "steppe workers (0 = all cores)")
	f.Uint64Var(&seed, "seed", 1, "generator seed")
	f.StringVar(&python, "python", "/usr/bin/python3", "Python with igraph (Debian python3-igraph)")
	f.StringVar(&script, "script", "bench/network/igraph_criticality.py", "the igraph script")
	return cmd
}
