package steppe_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/steppe-dev/steppe"

// allowed defines the expected imports between steppe's packages and of
// third-party modules. It is a statement of policy: data flows one way, from
// the scenario through the engines to the simulation and its presentation
// (DESIGN.md), and engines stay usable on their own.
//
// DO NOT CHANGE THIS DATA TO FIX BUILDS. Change the code, or argue for a
// new edge in the commit that adds it.
//
// Keys are package paths relative to the module; values are the steppe
// packages and third-party module prefixes the package's non-test files may
// import. The standard library and gonum are allowed everywhere.
var allowed = map[string][]string{
	".":    {},
	"data": {},
	"dist": {},
	"rng":  {},

	// Writes a file whole or not at all; for every file steppe writes.
	"internal/atomicfile": {},
	"internal/fixture":    {"data", "scenario", "sim"},
	"internal/jsonnum":    {},
	// Progress of long commands on standard error, for the binary.
	"internal/progress": {},
	// Errors in what a user hands steppe on the command line, and comma
	// lists of flag values: for the binary and the engines' requests.
	"internal/userinput": {},
	// Checks of command-line flag values, for the binary's verbs.
	"internal/flagcheck": {"internal/userinput", "github.com/spf13/cobra", "github.com/spf13/pflag"},

	// Reads the CSV tables users hand to steppe, with file:line:column of
	// every problem; for the engines' loaders.
	"csvfile": {},
	// Headless Chromium for the browser tests of server, report and the
	// binary; imported by test files only.
	"internal/browsertest": {"github.com/chromedp/chromedp", "github.com/chromedp/cdproto"},
	// Golden-file comparison with -update; imported by test files only.
	"internal/golden": {},
	// math.Exp on a batch of arguments, bit for bit, for the exponentials
	// of the simulation's hazards and of the risk engine's decisions.
	"internal/vexp": {},
	// Large short-lived float64 buffers on transparent huge pages, for the
	// values a run keeps of every draw (results).
	"internal/hugemem": {},

	"world":    {"dist"},
	"scenario": {"world", "dist", "go.yaml.in/yaml/v3"},

	// Engines: never each other (but for ge on its estimator), never sim.
	"network":    {"world", "dist", "rng", "internal/jsonnum", "internal/userinput"},
	"gravity":    {"csvfile", "internal/jsonnum", "internal/userinput", "internal/vexp", "world", "dist", "rng", "github.com/parquet-go/parquet-go"},
	"gravity/ge": {"gravity", "csvfile", "world", "dist", "rng", "internal/userinput"},
	"risk":       {"csvfile", "world", "dist", "rng", "internal/vexp"},
	"explore":    {"csvfile", "internal/jsonnum", "internal/userinput", "world", "dist", "rng"},

	"sim":     {"world", "dist", "rng", "internal/vexp"},
	"results": {"sim", "world", "dist", "internal/hugemem", "github.com/parquet-go/parquet-go"},

	// The assembled model: the engines plugged into sim, run and summarised;
	// what the binary, the server and explore's sweeps all run.
	"model": {"sim", "results", "risk", "gravity/ge", "network", "explore", "world", "dist", "data"},

	// Portfolios of candidate projects under financing budgets, simulated
	// with the assembled model (steppe optimize).
	"portfolio": {"model", "sim", "results", "world", "internal/userinput"},

	"store":  {"results", "world", "modernc.org/sqlite"},
	"report": {"results", "sim", "world", "data"},
	// The dashboard runs explore's analyses on posted CSVs of experiments.
	// It speaks of runs in the store's record types (one definition of a
	// run, its status and its errors), behind its own Runs interface, and
	// reads line statuses with network's table. Its ModelRunner runs
	// scenarios with the assembled model, and reports the risk engine's
	// errors about a scenario's priors as problems at their positions.
	"server": {"results", "scenario", "world", "data", "report", "explore", "store", "network", "model", "risk", "portfolio"},

	// Cuts a run or an experiment design into fixed blocks any machine can
	// compute and merges their partials into the local run's bytes (issue
	// 19): it reads the scenario a sweep carries, assembles the model and
	// feeds sim's and explore's own summaries.
	"sweep": {"data", "explore", "model", "results", "scenario", "sim", "world"},

	// Carries sweeps' blocks to worker processes through a NATS JetStream
	// work queue, and their partials back (steppe queue serve, steppe
	// worker, --nats); the embedded server and the client.
	// It runs package sweep's blocks (SweepOpener, RunSweep).
	"queue": {"sweep", "github.com/nats-io/nats-server/v2", "github.com/nats-io/nats.go"},

	// Benchmarks against reference tools and goals (`steppe bench`): the
	// model, the gravity and network engines, the server on the store, and
	// sweeps through the queue, each timed against a reference measured
	// alongside.
	"bench": {"model", "sim", "rng", "world", "gravity", "network", "server", "store", "queue", "sweep", "results", "explore"},

	// The binary presents the engines and the model on the command line and
	// wires the server to the store; nothing imports it.
	"cmd/steppe": {"data", "dist", "rng", "world", "scenario", "network", "gravity", "gravity/ge", "risk", "explore",
		"sim", "results", "model", "store", "report", "server", "bench", "portfolio", "sweep", "queue", "csvfile", "internal/atomicfile", "internal/flagcheck", "internal/progress", "internal/userinput", "github.com/spf13/cobra", "github.com/spf13/pflag"},
}

func TestDependencyPolicy(t *testing.T) {
	imports := packageImports(t, ".")
	var pkgs []string
	for p := range imports {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, pkg := range pkgs {
		rules, ok := allowed[pkg]
		if !ok {
			t.Errorf("package %s is not in the dependency policy (deps_test.go): add it with the imports it may have", pkg)
			continue
		}
		for _, imp := range imports[pkg] {
			if !permitted(rules, imp) {
				t.Errorf("package %s imports %s, which the dependency policy does not allow", pkg, imp)
			}
		}
	}
	for pkg, deps := range imports {
		for _, d := range deps {
			if d == module+"/cmd/steppe" {
				t.Errorf("%s imports %s; only the binary may wire packages together, and nothing imports it", pkg, d)
			}
		}
	}
}

func permitted(rules []string, imp string) bool {
	if !strings.Contains(strings.Split(imp, "/")[0], ".") {
		if !strings.HasPrefix(imp, module) {
			return true // standard library
		}
	}
	if strings.HasPrefix(imp, "gonum.org/v1/gonum") {
		return true
	}
	rel, internal := strings.CutPrefix(imp, module+"/")
	for _, r := range rules {
		if r == "*" {
			return true
		}
		if internal && rel == r {
			return true
		}
		if !internal && (imp == r || strings.HasPrefix(imp, r+"/")) {
			return true
		}
	}
	return false
}

// packageImports returns, for each package directory under root, the imports
// of its non-test Go files. testdata, hidden and underscore directories, and
// node_modules are skipped as the go tool skips them.
func packageImports(t *testing.T, root string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(path))
		seen := map[string]bool{}
		for _, p := range out[pkg] {
			seen[p] = true
		}
		if _, ok := out[pkg]; !ok {
			out[pkg] = nil
		}
		for _, s := range f.Imports {
			p, _ := strconv.Unquote(s.Path.Value)
			if !seen[p] {
				seen[p] = true
				out[pkg] = append(out[pkg], p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 2 {
		t.Fatalf("found %d packages under %s; is the test running from the module root?", len(out), root)
	}
	return out
}
