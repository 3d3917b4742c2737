package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"github.com/steppe-dev/steppe/network"
)

// NetworkConfig is what [Network] measures: the rows x rows lattice with
// a Drop share of its edges removed (network.Lattice with Seed; the anchor
// graph is 224, 0.1, 1), BFS from Sources nodes, edge betweenness with
// path-length Cutoff, each at every thread count in Threads, the best of
// Reps runs for the quick measures; full edge betweenness in steppe unless
// SkipFull, and in igraph when FullLimit > 0 (it is killed after that
// long). Python runs Script, the igraph side.
type NetworkConfig struct {
	Rows, Sources, Reps int
	Drop, Cutoff        float64
	Seed                uint64
	Threads             []int
	SkipFull            bool
	FullLimit           time.Duration
	Python, Script      string
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

// igraphNetwork is the igraph script's answer.
type igraphNetwork struct {
	Version string  `json:"igraph"`
	LoadS   float64 `json:"load_s"`
	Nodes   int
	Edges   int
	Bridges struct {
		S, CPU float64
		Set    []int
	}
	BFSAnswers [][3]int64 `json:"bfs_answers"`
	BFS1       float64    `json:"bfs_1"`
	BFS2       float64    `json:"bfs_2"`
	BFSCPU     float64    `json:"bfs_cpu"` // at one thread
	EBCutoff   struct {
		S, CPU float64
		Values []float64
	} `json:"eb_cutoff"`
	EBFull *struct {
		S, CPU  float64
		Values  []float64
		Skipped string
	} `json:"eb_full"`
}

// networkRun is steppe's times at one thread count: wall and CPU seconds
// (user + system, the whole process) of each measure.
type networkRun struct {
	threads                   int
	bridges, bfs, ebCut, full timing
}

// timing is one measure's wall and CPU seconds.
type timing struct{ wall, cpu float64 }

// Network runs the side-by-side benchmark of package network's Graph
// against python-igraph on the anchor lattice (bench/network/README.md):
// bridges, BFS from the sources, edge betweenness with a cutoff, and full
// edge betweenness, at each thread count; it checks that the answers are
// identical and prints times and ratios (steppe over igraph; below 1
// steppe is faster). Where igraph cannot run, it says why and prints
// steppe's times alone. It fails when the answers differ.
func Network(ctx context.Context, cfg NetworkConfig, out io.Writer) error {
	g := network.Lattice(cfg.Rows, cfg.Rows, cfg.Drop, cfg.Seed)
	src := network.SampleSources(g.Nodes(), cfg.Sources, cfg.Seed)
	dir, err := os.MkdirTemp("", "steppe-bench-network")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ep := filepath.Join(dir, "anchor.txt")
	var eb bytes.Buffer
	if err := g.WriteEdgeList(&eb); err != nil {
		return err
	}
	if err := os.WriteFile(ep, eb.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(out, "anchor graph: %dx%d lattice, %.0f%% of its edges removed (seed %d): %d nodes, %d edges; %d BFS sources; cutoff %g\n",
		cfg.Rows, cfg.Rows, 100*cfg.Drop, cfg.Seed, g.Nodes(), g.Edges(), len(src), cfg.Cutoff)
	load, h, err := timeLoad(ep, cfg.Reps)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "steppe load: network.ReadEdgeList of the %d-byte edge list in %.3f s wall, %.3f s CPU (best of %d)\n", eb.Len(), load.wall, load.cpu, cfg.Reps)
	if h.Edges() != g.Edges() {
		return fmt.Errorf("the edge list read back has %d edges, not %d", h.Edges(), g.Edges())
	}

	var runs []networkRun
	var bridges []int
	var hops [][]int32
	var cut, full *network.Betweenness
	for _, th := range cfg.Threads {
		r := networkRun{threads: th}
		r.bridges = measure(cfg.Reps, func() { bridges = g.Bridges() })
		r.bfs = measure(cfg.Reps, func() { hops = g.HopDistances(src, th) })
		r.ebCut = measure(1, func() { cut, err = g.Betweenness(network.BetweennessOptions{Cutoff: cfg.Cutoff, Workers: th}) })
		if err != nil {
			return err
		}
		if !cfg.SkipFull {
			r.full = measure(1, func() { full, err = g.Betweenness(network.BetweennessOptions{Workers: th}) })
			if err != nil {
				return err
			}
		}
		runs = append(runs, r)
	}

	ig, igErr := runIgraphNetwork(ctx, cfg, ep, src)
	var se *ScriptError
	if errors.As(igErr, &se) {
		writeNetworkRuns(out, runs, nil, cfg)
		return igErr
	}
	if igErr != nil {
		fmt.Fprintf(out, "igraph not run (%v): steppe's times alone\n", igErr)
		writeNetworkRuns(out, runs, nil, cfg)
		return nil
	}
	fmt.Fprintf(out, "igraph %s (python3-igraph) read the same edge list: %d nodes, %d edges\n", ig.Version, ig.Nodes, ig.Edges)
	bad := checkNetwork(out, ig, bridges, hops, cut, full)
	writeNetworkRuns(out, runs, ig, cfg)
	if bad > 0 {
		return fmt.Errorf("steppe and igraph disagree on %d measures", bad)
	}
	return nil
}

// timeLoad reads the edge list reps times and returns the best time.
func timeLoad(path string, reps int) (timing, *network.Graph, error) {
	var g *network.Graph
	var err error
	t := measure(reps, func() {
		f, ferr := os.Open(path)
		if ferr != nil {
			err = ferr
			return
		}
		defer f.Close()
		g, err = network.ReadEdgeList(f, path)
	})
	return t, g, err
}

// measure runs f reps times and returns the run of least wall time.
func measure(reps int, f func()) timing {
	b := timing{wall: math.Inf(1)}
	for range max(1, reps) {
		t0, c0 := time.Now(), cpuSeconds()
		f()
		if w := time.Since(t0).Seconds(); w < b.wall {
			b = timing{w, cpuSeconds() - c0}
		}
	}
	return b
}

// checkNetwork prints whether each of steppe's answers is igraph's and
// returns the number that are not.
func checkNetwork(out io.Writer, ig *igraphNetwork, bridges []int, hops [][]int32, cut, full *network.Betweenness) int {
	bad := 0
	say := func(what string, ok bool, detail string) {
		verdict := "identical"
		if !ok {
			verdict, bad = "DIFFERENT", bad+1
		}
		fmt.Fprintf(out, "check %-22s %s (%s)\n", what+":", verdict, detail)
	}
	say("bridges", slices.Equal(bridges, ig.Bridges.Set) || len(bridges)+len(ig.Bridges.Set) == 0,
		fmt.Sprintf("steppe %d, igraph %d edges", len(bridges), len(ig.Bridges.Set)))
	same := len(hops) == len(ig.BFSAnswers)
	for i := 0; same && i < len(hops); i++ {
		same = bfsAnswer(hops[i]) == ig.BFSAnswers[i]
	}
	say("BFS distances", same, fmt.Sprintf("per source: sum of distances, sum of node x distance, unreachable count; %d sources", len(hops)))
	rel, n := maxRel(cut.Edge, ig.EBCutoff.Values)
	say("betweenness cutoff", n == 0, fmt.Sprintf("largest relative difference %.1e; %d edges beyond 1e-9", rel, n))
	if full != nil && ig.EBFull != nil && ig.EBFull.Skipped == "" {
		rel, n := maxRel(full.Edge, ig.EBFull.Values)
		say("betweenness full", n == 0, fmt.Sprintf("largest relative difference %.1e; %d edges beyond 1e-9", rel, n))
	}
	return bad
}

func bfsAnswer(d []int32) [3]int64 {
	var a [3]int64
	for v, x := range d {
		if x < 0 {
			a[2]++
		} else {
			a[0] += int64(x)
			a[1] += int64(v) * int64(x)
		}
	}
	return a
}

// maxRel returns the largest relative difference of a from b and how many
// entries differ by more than 1e-9 relative (all, when the lengths differ).
func maxRel(a, b []float64) (float64, int) {
	if len(a) != len(b) {
		return math.Inf(1), max(len(a), len(b))
	}
	worst, n := 0.0, 0
	for i := range a {
		d := math.Abs(a[i] - b[i])
		if d == 0 {
			continue
		}
		r := d / math.Max(math.Abs(a[i]), math.Abs(b[i]))
		worst = math.Max(worst, r)
		if r > 1e-9 {
			n++
		}
	}
	return worst, n
}

// writeNetworkRuns prints the table of times and ratios, and the speed-up
// from the first thread count to the others. CPU ratios are given at one
// thread, where igraph's CPU time is one process's; on a loaded machine
// they are steadier than wall-time ratios.
func writeNetworkRuns(out io.Writer, runs []networkRun, ig *igraphNetwork, cfg NetworkConfig) {
	fmt.Fprintf(out, "\n%-28s %7s %10s %10s %9s %10s %10s %9s\n", "measure", "threads", "steppe s", "igraph s", "ratio", "steppe CPU", "igraph CPU", "CPU ratio")
	ratio := func(a, b float64) string {
		if b > 0 {
			return fmt.Sprintf("%.3fx", a/b)
		}
		return "-"
	}
	secs := func(x float64) string {
		if x > 0 {
			return fmt.Sprintf("%.4f", x)
		}
		return "-"
	}
	row := func(name string, th int, s timing, i timing, note string) {
		fmt.Fprintf(out, "%-28s %7d %10.4f %10s %9s %10.4f %10s %9s%s\n", name, th, s.wall, secs(i.wall), ratio(s.wall, i.wall),
			s.cpu, secs(i.cpu), ratio(s.cpu, i.cpu), note)
	}
	for _, r := range runs {
		var ib, ibfs, icut, ifull timing
		cutNote, fullNote := "", ""
		if ig != nil {
			ib, icut = timing{ig.Bridges.S, ig.Bridges.CPU}, timing{ig.EBCutoff.S, ig.EBCutoff.CPU}
			switch r.threads {
			case 1:
				ibfs = timing{ig.BFS1, ig.BFSCPU}
			case 2:
				ibfs = timing{wall: ig.BFS2} // two processes: no one CPU time
			}
			if r.threads > 1 {
				cutNote = "  (igraph: its one-thread call; it cannot split betweenness)"
				ib.cpu, icut.cpu = 0, 0
			}
			if ig.EBFull != nil && ig.EBFull.Skipped == "" {
				ifull = timing{ig.EBFull.S, ig.EBFull.CPU}
				if r.threads > 1 {
					fullNote = "  (igraph: its one-thread call)"
					ifull.cpu = 0
				}
			}
		}
		note := ""
		if r.threads > 1 {
			note = "  (both sequential)"
		}
		row("bridges", r.threads, r.bridges, ib, note)
		row(fmt.Sprintf("BFS, %d sources", cfg.Sources), r.threads, r.bfs, ibfs, "")
		row(fmt.Sprintf("edge betweenness cutoff %g", cfg.Cutoff), r.threads, r.ebCut, icut, cutNote)
		if !cfg.SkipFull {
			row("edge betweenness full", r.threads, r.full, ifull, fullNote)
		}
	}
	if ig != nil && (ig.EBFull == nil || ig.EBFull.Skipped != "") {
		why := "not run (--igraph-full-limit 0)"
		if ig.EBFull != nil {
			why = ig.EBFull.Skipped
		}
		fmt.Fprintf(out, "igraph full edge betweenness: %s; python-igraph %s cannot restrict betweenness to a sample of sources, so there is no sampled comparison either\n", why, ig.Version)
	}
	if len(runs) > 1 {
		a := runs[0]
		for _, r := range runs[1:] {
			fmt.Fprintf(out, "steppe speed-up %d -> %d threads (wall): BFS %.2fx, betweenness cutoff %.2fx", a.threads, r.threads, a.bfs.wall/r.bfs.wall, a.ebCut.wall/r.ebCut.wall)
			if !cfg.SkipFull {
				fmt.Fprintf(out, ", full %.2fx", a.full.wall/r.full.wall)
			}
			fmt.Fprintln(out)
		}
	}
}

// runIgraphNetwork runs the igraph script on the edge list.
func runIgraphNetwork(ctx context.Context, cfg NetworkConfig, edges string, src []int) (*igraphNetwork, error) {
	if _, err := os.Stat(cfg.Script); err != nil {
		return nil, &ScriptError{Script: cfg.Script, Err: err}
	}
	if _, err := exec.LookPath(cfg.Python); err != nil {
		return nil, fmt.Errorf("no %s: %w", cfg.Python, err)
	}
	js, _ := json.Marshal(map[string]any{"edges": edges, "sources": src, "cutoff": cfg.Cutoff,
		"threads": cfg.Threads, "full_limit_s": cfg.FullLimit.Seconds()})
	cp := filepath.Join(filepath.Dir(edges), "config.json")
	if err := os.WriteFile(cp, js, 0o644); err != nil {
		return nil, err
	}
	var stdout, stderr bytes.Buffer
	c := exec.CommandContext(ctx, cfg.Python, cfg.Script, cp)
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil {
		msg := stderr.String()
		if i := bytes.LastIndexByte(bytes.TrimSpace(stderr.Bytes()), '\n'); i >= 0 {
			msg = string(bytes.TrimSpace(stderr.Bytes())[i+1:]) // the exception, e.g. no module named igraph
		}
		return nil, fmt.Errorf("%s %s: %w: %s", cfg.Python, cfg.Script, err, msg)
	}
	var ig igraphNetwork
	if err := json.Unmarshal(stdout.Bytes(), &ig); err != nil {
		return nil, fmt.Errorf("igraph output: %w", err)
	}
	return &ig, nil
}
