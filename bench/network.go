package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"github.com/steppe-dev/steppe/network"
)

// NetworkConfig is what [Network] measures: a rows x rows synthetic network
// of Edges edges (network.Synthetic with the seed), Sources random source
// nodes, Sample tree edges scored by igraph, steppe's Workers (0: all
// cores), and the Python and igraph script that score the sample.
type NetworkConfig struct {
	Rows, Edges, Sources, Sample, Workers int
	Seed                                  uint64
	Python, Script                        string
}

// ScriptError is [Network]'s error when the igraph script cannot be found.
type ScriptError struct {
	Script string
	Err    error
}

func (e *ScriptError) Error() string {
	return fmt.Sprintf("igraph script %s: %v (run from the repository root or pass --script)", e.Script, e.Err)
}

func (e *ScriptError) Unwrap() error { return e.Err }

// igraphResult is the igraph script's answer.
type igraphResult struct {
	Version  string       `json:"igraph"`
	BaseS    float64      `json:"base_s"`
	PerEdgeS float64      `json:"per_edge_s"`
	Values   [][2]float64 `json:"values"`
}

// Network scores every edge of the synthetic network by the accessibility
// lost when it is removed, has igraph score an evenly spaced sample of the
// shortest-path-tree edges the same way, checks that the two agree, and
// prints both times and their ratio to out. It fails when they disagree.
func Network(ctx context.Context, cfg NetworkConfig, out io.Writer) error {
	g := network.Synthetic(cfg.Rows, cfg.Rows, cfg.Edges, 0.03, cfg.Seed)
	v, err := g.View([]network.Status{network.Existing}, nil)
	if err != nil {
		return err
	}
	w := g.Lengths()
	r := rand.New(rand.NewPCG(cfg.Seed, 77))
	src := make([]int, cfg.Sources)
	for i := range src {
		src[i] = r.IntN(len(g.Nodes))
	}
	fmt.Fprintf(out, "graph: %d nodes, %d edges (network.Synthetic %dx%d, seed %d); %d sources; GOMAXPROCS %d\n",
		len(g.Nodes), len(g.Edges), cfg.Rows, cfg.Rows, cfg.Seed, cfg.Sources, runtime.GOMAXPROCS(0))
	t0 := time.Now()
	res := v.AccessibilityCriticality(src, w, cfg.Workers)
	ours := time.Since(t0).Seconds()
	tree := v.TreeEdges(src, w)
	fmt.Fprintf(out, "steppe: all %d edges scored in %.3f s (%d lie on a shortest-path tree)\n", len(g.Edges), ours, len(tree))

	picks := make([]int, 0, cfg.Sample)
	for i := 0; i < cfg.Sample && i < len(tree); i++ {
		picks = append(picks, tree[i*len(tree)/min(cfg.Sample, len(tree))])
	}
	ig, err := runIgraph(ctx, cfg, g, src, picks)
	if err != nil {
		return err
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
		ig.Version, ig.PerEdgeS, cfg.Sources, len(picks), est, len(tree))
	fmt.Fprintf(out, "steppe recomputing like igraph (remove, %d Dijkstras): %.4f s per edge, igraph/steppe %.1fx per recomputation\n", cfg.Sources, recompute, ig.PerEdgeS/recompute)
	fmt.Fprintf(out, "agreement on the sample: max relative difference of added distance %.2g, %d cut counts differ\n", maxRel, cutDiff)
	if maxRel > 1e-9 || cutDiff > 0 {
		return fmt.Errorf("steppe and igraph disagree on the sample")
	}
	fmt.Fprintf(out, "ratio igraph/steppe: %.0fx (igraph estimated %.1f s, steppe measured %.3f s)\n", est/ours, est, ours)
	return nil
}

// runIgraph writes the graph and a configuration to a temporary directory
// and runs the igraph script on them.
func runIgraph(ctx context.Context, cfg NetworkConfig, g *network.Network, src, picks []int) (*igraphResult, error) {
	if _, err := os.Stat(cfg.Script); err != nil {
		return nil, &ScriptError{Script: cfg.Script, Err: err}
	}
	dir, err := os.MkdirTemp("", "steppe-bench-network")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var eb bytes.Buffer
	fmt.Fprintf(&eb, "%d %d\n", len(g.Nodes), len(g.Edges))
	for _, e := range g.Edges {
		fmt.Fprintf(&eb, "%d %d %.17g\n", e.From, e.To, e.LengthKm)
	}
	ep := filepath.Join(dir, "edges.txt")
	if err := os.WriteFile(ep, eb.Bytes(), 0o644); err != nil {
		return nil, err
	}
	js, _ := json.Marshal(map[string]any{"edges": ep, "sources": src, "sample": picks})
	cp := filepath.Join(dir, "config.json")
	if err := os.WriteFile(cp, js, 0o644); err != nil {
		return nil, err
	}
	var stdout, stderr bytes.Buffer
	c := exec.CommandContext(ctx, cfg.Python, cfg.Script, cp)
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil {
		return nil, fmt.Errorf("igraph (%s %s): %w: %s", cfg.Python, cfg.Script, err, stderr.String())
	}
	var ig igraphResult
	if err := json.Unmarshal(stdout.Bytes(), &ig); err != nil {
		return nil, fmt.Errorf("igraph output: %w: %s", err, stdout.String())
	}
	return &ig, nil
}
