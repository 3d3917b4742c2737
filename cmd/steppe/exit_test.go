package main

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// exitCase is one command line that must fail with a usage or input error.
// kind says what it tests: "flag" an unknown flag, "value" a bad flag value,
// "args" a wrong number of arguments, "command" a missing or unknown
// subcommand, "input" other bad input (a missing required flag, a file that
// is not there).
type exitCase struct {
	kind string
	args []string
	code int
	want []string // each must appear on stderr
}

func ec(kind, line string, want ...string) exitCase {
	return exitCase{kind: kind, args: strings.Fields(line), code: 2, want: want}
}

// exitCases and usageCases cover every verb and subverb
// (TestExitCodesCoverAllVerbs checks that): each fails before any slow
// work, so the table runs in a second or two.
var exitCases = []exitCase{
	ec("command", "", "missing command", "run"),
	ec("command", "frobnicate", `unknown command "frobnicate"`),
	ec("command", "rnu", `unknown command "rnu"`, "did you mean run?"),

	ec("flag", "run -z", "'z'"),
	ec("value", "run --draws 0", "--draws"),
	ec("value", "run --draws -5", "--draws"),
	ec("value", "run --draws many", "--draws", "many"),
	ec("value", "run --workers -1", "--workers"),
	ec("value", "run --seed -1", "--seed"),
	ec("value", "run --years 1800", "--years"),
	ec("value", "run --years 2030,soon", "--years"),
	ec("value", "run --json --csv", "--json", "--csv"),
	ec("value", "run --quiet=maybe", "--quiet"),
	ec("value", "run --draws-out /nonexistent-dir/d.parquet", "--draws-out", "/nonexistent-dir/d.parquet"),
	ec("value", "run --draws 1000000000", "--draws", "CPU time"),
	ec("value", "run --set kant", "--set"),

	ec("value", "validate --params=maybe central-asia", "--params"),
	ec("args", "validate", "requires at least 1 arg", "validate FILE"),
	ec("input", "validate no-such-scenario.yaml", "no-such-scenario.yaml"),

	ec("command", "gravity", "missing command", "estimate"),
	ec("command", "gravity estimat", `unknown command "estimat"`, "did you mean estimate?"),
	ec("value", "gravity estimate --data t.csv --formula y~x --threads -3", "--threads -3"),
	ec("value", "gravity estimate --threads many", "--threads"),
	ec("value", "gravity estimate --family probit", "--family", "probit"),
	ec("value", "gravity estimate --separation all", "--separation"),
	ec("value", "gravity estimate --glm-iter 0", "--glm-iter"),
	ec("value", "gravity estimate --fixef-tol -1e-6", "--fixef-tol"),
	ec("value", "gravity estimate --glm-tol NaN", "--glm-tol"),
	ec("value", "gravity estimate --data t.csv --formula y~x --offset log(", "--offset", "column 5"),
	ec("value", "gravity estimate --data t.csv --formula y~x --glm-iter -2", "--glm-iter -2"),
	ec("value", "gravity estimate --data t.csv --formula y~x --fixef-tol 0", "--fixef-tol 0"),
	ec("input", "gravity estimate --formula y~x", "--data is required"),
	ec("value", "gravity bench --reps 0", "--reps"),
	ec("value", "gravity bench --threads 0,2", "--threads"),
	ec("value", "gravity counterfactual --policy fast-track-integration --draws -1", "--draws"),
	ec("value", "gravity counterfactual --policy fast-track-integration --solver newton", "--solver", "newton"),
	ec("value", "gravity counterfactual --policy fast-track-integration --balance none", "--balance"),
	ec("value", "gravity counterfactual --policy fast-track-integration --format xlsx", "--format"),
	ec("value", "gravity counterfactual --policy fast-track-integration --tol 0", "--tol"),
	ec("value", "gravity counterfactual --policy fast-track-integration --theta -4", "--theta"),
	ec("value", "gravity counterfactual --policy fast-track-integration --domestic-floor 1.5", "--domestic-floor"),
	ec("value", "gravity counterfactual --policy fast-track-integration --day-cost -0.01", "--day-cost"),
	ec("value", "gravity counterfactual --policy fast-track-integration --target-year -1", "--target-year"),
	ec("input", "gravity counterfactual", "--policy is required"),
	ec("input", "gravity counterfactual --policy no-such-policy", "--policy", "no-such-policy"),
	ec("input", "gravity counterfactual --policy fast-track-integration --against no-such-policy", "--against", "no-such-policy"),
	ec("value", "gravity ge --flows t.csv --solver newton", "--solver", "newton"),
	ec("value", "gravity ge --flows t.csv --balance none", "--balance"),
	ec("value", "gravity ge --flows t.csv --tol 0", "--tol"),
	ec("value", "gravity ge --flows t.csv --theta -6", "--theta"),
	ec("value", "gravity ge --flows t.csv --year -1", "--year"),
	ec("input", "gravity ge --pair AAA,BBB:0.9", "--flows is required"),
	ec("input", "gravity ge --flows no-such-table.csv --pair AAA,BBB:0.9", "no-such-table.csv"),
	ec("input", "gravity ge --flows t.csv", "no shock"),
	ec("input", "gravity ge --flows t.csv --pair AAA,BBB:0.9 --numeraire euro", "--numeraire", "euro"),
	ec("value", "gravity import --format xlsx", "--format", "xlsx"),
	ec("value", "gravity import --domestic-floor 2", "--domestic-floor"),
	ec("input", "gravity import --flows no-such-dots.csv --format dots", "no-such-dots.csv"),
	ec("input", "gravity counterfactual --policy fast-track-integration --trade-baseline no-such-table.csv", "no-such-table.csv"),

	ec("command", "network", "missing command", "summary"),
	ec("command", "network routes", `unknown command "routes"`, "did you mean route?"),
	ec("value", "network summary --tolerance 0", "--tolerance"),
	ec("value", "network summary --tolerance two", "--tolerance"),
	ec("value", "network summary --include built", "--include", "built"),
	ec("value", "network summary --modes tram", "--modes", "tram"),
	ec("value", "network summary --rail-kmh -60", "--rail-kmh"),
	ec("value", "network summary --ferry-hours -1", "--ferry-hours"),
	ec("value", "network summary --trade-layer water", "--trade-layer"),
	ec("value", "network route --by time Almaty Tashkent", "--by", "time"),
	ec("value", "network route --layer water Almaty Tashkent", "--layer"),
	ec("args", "network route Almaty", "accepts 2 arg(s), received 1", "route A B"),
	ec("args", "network route Almaty Tashkent Bishkek", "accepts 2 arg(s), received 3"),
	ec("value", "network critical --workers -1", "--workers"),
	ec("value", "network critical --top -1", "--top"),
	ec("value", "network critical --kind leg", "--kind", "leg"),
	ec("value", "network graph --top -1 x.txt", "--top"),
	ec("value", "network graph --cutoff -2 x.txt", "--cutoff"),
	ec("args", "network graph", "accepts 1 arg(s), received 0"),
	ec("input", "network graph no-such-edges.txt", "no-such-edges.txt"),
	ec("value", "network critical --by fame", "--by"),
	ec("value", "network compare --policy fast-track-integration --include everything", "--include"),
	ec("input", "network compare", "--policy"),
	ec("value", "network bench --rows 1", "--rows"),

	ec("value", "calibrate --draws 5", "--draws"),
	ec("value", "calibrate --warmup -1", "--warmup"),
	ec("value", "calibrate --workers -2", "--workers"),
	ec("value", "calibrate --seed -1", "--seed"),
	ec("value", "calibrate --triggers --format xml", "--format", "xml"),
	ec("value", "calibrate --backtest --triggers", "--backtest", "--triggers"),
	ec("value", "calibrate --from 1995", "--from"),
	ec("value", "calibrate --model v3", "--model", "v3"),
	ec("value", "calibrate --from 2001", "--from"),
	ec("input", "calibrate --model v1 --episodes no-such.csv", "no-such.csv"),
	ec("input", "calibrate --crises no-such.csv", "no-such.csv"),

	ec("command", "explore", "missing command", "sobol"),
	ec("command", "explore sobel", `unknown command "sobel"`, "did you mean sobol?"),
	ec("value", "explore sobol --conf 1.5", "--conf"),
	ec("value", "explore sobol --estimator martinez", "--estimator"),
	ec("value", "explore sobol --second-order maybe", "--second-order"),
	ec("value", "explore sobol --resamples x", "--resamples"),
	ec("input", "explore sobol --outcome y", "--data is required"),
	ec("value", "explore morris --seed -3", "--seed"),
	ec("input", "explore morris --data results.csv", "--outcome is required"),
	ec("value", "explore prim --threshold 0 --positive", "--threshold", "--positive"),
	ec("value", "explore prim --peel-alpha 0", "--peel-alpha"),
	ec("value", "explore prim --mass-min 2", "--mass-min"),
	ec("value", "explore prim --objective greedy", "--objective"),
	ec("value", "explore prim --boxes 0", "--boxes"),
	ec("value", "explore prim --peel-alpha 0.5", "--peel-alpha"),
	ec("value", "explore prim --paste-alpha 0", "--paste-alpha"),
	ec("value", "explore prim --objective lenient3", "--objective", "lenient2"),
	ec("value", "explore prim --select -2", "--select"),
	ec("value", "explore prim --select 1 --box 2", "--select", "--box"),
	ec("input", "explore prim --data x.csv --inputs a --outcome y --positive --next-box", "x.csv"),
	ec("value", "explore cart --max-depth 0", "--max-depth"),
	ec("value", "explore cart --min-leaf -1", "--min-leaf"),
	ec("value", "explore robust --percentile 1.5", "--percentile"),
	ec("input", "explore robust --data results.csv --outcome y", "--policy-col is required"),
	ec("value", "explore sample --out x.csv --design grid", "--design", "grid"),
	ec("value", "explore sample --out x.csv -n 0", "--n"),
	ec("value", "explore sample --out x.csv --design morris --levels 1", "--levels"),
	ec("value", "explore sample --out x.csv --design morris --levels 3", "--levels 3: must be even"),
	ec("value", "explore sample --out x.csv --policy-factor --cross-policies", "--policy-factor", "--cross-policies"),
	ec("value", "explore sample --out x.csv --design lhs --optimal-trajectories 4", "--optimal-trajectories", "morris"),
	ec("value", "explore sample --out x.csv --design morris -n 10 --optimal-trajectories 10", "--optimal-trajectories 10"),
	ec("value", "explore sample --out x.csv --posterior-factors coefficients", "--posterior-factors"),
	ec("value", "explore sample --out x.csv --design morris --posterior-factors decision", "--posterior-factors", "morris"),
	ec("input", "explore sample", "--out is required"),
	ec("value", "explore run --experiments x.csv --out y.csv --draws 0", "--draws"),
	ec("value", "explore run --experiments x.csv --out y.csv --workers -1", "--workers"),
	ec("input", "explore run --out y.csv", "--experiments is required"),
	ec("value", "explore sweep --out y.csv --draws -1", "--draws"),
	ec("value", "explore sweep --out y.csv --design sobol2", "--design"),
	ec("value", "explore factors --json=maybe", "--json"),
	ec("input", "explore factors --scenario no-such-scenario", "no-such-scenario"),
	ec("value", "explore groups -n 0", "--n"),

	ec("value", "serve --workers 0", "--workers"),
	ec("value", "serve --max-draws x", "--max-draws"),
	ec("value", "serve --addr nowhere", "--addr"),

	ec("args", "report", "accepts 1 arg(s), received 0"),
	ec("args", "report a.json b.json", "accepts 1 arg(s), received 2"),
	ec("input", "report no-such-results.json", "no-such-results.json"),
	ec("value", "report --data-dir /nonexistent/steppe 3f2a9c0e", "--data-dir"),
	ec("input", "report --frontier no-such-frontier.json results.json", "--frontier", "no-such-frontier.json"),

	ec("value", "optimize --objective welfare", "--objective", "welfare"),
	ec("value", "optimize --budget US-DFC=-1e9", "--budget", "must not be negative"),
	ec("value", "optimize --budget US-DFC", "--budget", "FINANCIER=USD"),
	ec("value", "optimize --budget NOBODY=1e9", "--budget", `unknown financier "NOBODY"`),
	ec("value", "optimize --draws 1", "--draws"),
	ec("value", "optimize --draws 100 --resim-draws 50", "--resim-draws"),
	ec("value", "optimize --json --csv", "--json", "--csv"),
	ec("value", "optimize --year 1800 --draws 2 --resim-draws 2", "--year", "1800"),
	ec("value", "optimize --states XXX --draws 2 --resim-draws 2", "--states", "XXX"),
	ec("input", "optimize --scenario no-such-scenario.yaml", "no-such-scenario.yaml"),

	ec("command", "queue", "missing command", "serve"),
	ec("input", "queue serve", "--store is required"),
	ec("value", "queue serve --store q --listen 4222", "--listen", "4222"),
	ec("value", "queue serve --store q --listen 0.0.0.0:4222", "--listen", "not loopback", "--token"),
	ec("input", "worker", "--nats is required"),
	ec("value", "worker --nats nats://127.0.0.1:1 --grace -1s", "--grace"),
	ec("value", "worker --nats nats://127.0.0.1:1 --idle-exit soon", "--idle-exit"),
	ec("value", "worker --nats nats://127.0.0.1:1 --workers -1", "--workers"),
	ec("value", "worker --nats nats://127.0.0.1:1", "--nats", "127.0.0.1:1"),
	ec("value", "run --nats nats://127.0.0.1:1 --decompose", "--decompose", "--nats"),
	ec("value", "run --nats nats://127.0.0.1:1 --draws-out d.parquet", "--draws-out", "--nats"),

	ec("command", "bench", "missing command", "sim"),
	ec("command", "bench gravty", `unknown command "gravty"`, "did you mean gravity?"),
	ec("value", "bench sim --draws 0", "--draws"),
	ec("value", "bench sim --workers -4", "--workers"),
	ec("value", "bench gravity --reps -1", "--reps"),
	ec("value", "bench network --rows 1", "--rows"),
	ec("value", "bench network --threads 0", "--threads"),
	ec("value", "bench network --threads 1,x", "--threads"),
	ec("value", "bench network --drop 1", "--drop"),
	ec("value", "bench network --cutoff -1", "--cutoff"),
	ec("value", "bench network --igraph-full-limit -1s", "--igraph-full-limit"),
	ec("value", "bench network --seed -1", "--seed"),
	ec("value", "bench serve --conns 0", "--conns"),
	ec("value", "bench serve --duration 0s", "--duration"),
	ec("value", "bench serve --duration 10", "--duration"),
	ec("value", "bench queue --draws 0", "--draws"),
	ec("value", "bench queue --block-draws 32", "--block-draws"),
	ec("value", "bench queue --block-draws 100", "--block-draws", "multiple of 64"),
	ec("value", "bench queue --procs 1,0", "--procs"),
	ec("value", "bench queue --reps 0", "--reps"),

	ec("args", "help frobnicate", `unknown command "frobnicate" for "steppe"`),
	ec("args", "help gravity estimat", `unknown command "gravity estimat" for "steppe gravity"`),

	ec("command", "completion", "missing command", "bash"),
	ec("command", "completion tcsh", `unknown command "tcsh"`),
	ec("value", "completion bash --no-descriptions=maybe", "--no-descriptions"),
}

// usageCases are the cases every command of root gets without a row in
// exitCases: an unknown flag, and for a leaf that takes no argument, an
// argument.
func usageCases(root *cobra.Command) []exitCase {
	var cs []exitCase
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := strings.Fields(c.CommandPath())[1:]
		cs = append(cs, exitCase{kind: "flag", args: slices.Concat(path, []string{"--bogus"}), code: 2, want: []string{"unknown flag: --bogus"}})
		if !c.HasSubCommands() && c.ValidateArgs(nil) == nil && c.ValidateArgs([]string{"extra"}) != nil {
			cs = append(cs, exitCase{kind: "args", args: slices.Concat(path, []string{"extra"}), code: 2, want: []string{`unexpected argument "extra"`}})
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
	return cs
}

// allExitCases are exitCases and usageCases.
func allExitCases() []exitCase { return append(slices.Clone(exitCases), usageCases(newRootCmd())...) }

// TestExitCodes: every usage error and bad input exits 2, ends stderr
// with a "steppe: " line, names the flag, argument or command at fault on
// stderr, and prints nothing on stdout (README: 0 success, 1 runtime
// failure, 2 bad input).
func TestExitCodes(t *testing.T) {
	t.Chdir(t.TempDir()) // no stray file names resolve
	for _, c := range allExitCases() {
		t.Run(strings.Join(append([]string{"steppe"}, c.args...), " "), func(t *testing.T) {
			code, out, errs := runCLI(t, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, c.code, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr does not name %q: %s", w, errs)
				}
			}
			lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
			if !strings.HasPrefix(lines[len(lines)-1], "steppe: ") {
				t.Errorf("stderr does not end with a \"steppe: \" line: %q", errs)
			}
			if out != "" {
				t.Errorf("stdout on error: %q", out)
			}
		})
	}
}

// TestExitCodeRuntime: a failure that is not the user's input exits 1.
func TestExitCodeRuntime(t *testing.T) {
	if got := exitCode(errTest("disk full")); got != 1 {
		t.Errorf("runtime error: exit %d, want 1", got)
	}
	if got := exitCode(inputErrf("bad")); got != 2 {
		t.Errorf("input error: exit %d, want 2", got)
	}
}

type errTest string

func (e errTest) Error() string { return string(e) }

// TestExitCodesCoverAllVerbs: the table has, for every command steppe has,
// an unknown flag and a wrong argument count (or, for a group, a missing
// or unknown subcommand), and a bad value for every command that has a
// flag taking a value.
func TestExitCodesCoverAllVerbs(t *testing.T) {
	root := newRootCmd()
	have := map[string]map[string]bool{}
	for _, c := range allExitCases() {
		cmd, _, err := root.Find(c.args)
		if err != nil {
			t.Fatalf("%q: %v", c.args, err)
		}
		p := cmd.CommandPath()
		if have[p] == nil {
			have[p] = map[string]bool{}
		}
		have[p][c.kind] = true
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		p := c.CommandPath()
		need := []string{"flag", "args"}
		if c.HasSubCommands() {
			need = []string{"command"}
		} else if takesValue(c) {
			need = append(need, "value")
		}
		for _, k := range need {
			if !have[p][k] {
				t.Errorf("%s: no %q case in exitCases", p, k)
			}
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
}

// takesValue reports whether c has a visible flag of its own, or inherits
// one, that is not a switch.
func takesValue(c *cobra.Command) bool {
	found := false
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Name != "help" && !f.Hidden && f.Value.Type() != "bool" {
			found = true
		}
	})
	return found
}

// TestWriteFileErrors: an output path that cannot be written is bad input
// naming the flag; a failure while writing is not; what is written gets
// os.Create's permissions.
func TestWriteFileErrors(t *testing.T) {
	dir := t.TempDir()
	ok := func(w io.Writer) error { _, err := io.WriteString(w, "x\n"); return err }
	for _, tc := range []struct {
		path  string
		write func(io.Writer) error
		code  int
		want  string
	}{
		{filepath.Join(dir, "missing", "out.csv"), ok, 2, "--out " + filepath.Join(dir, "missing", "out.csv") + ": no such file or directory"},
		{dir, ok, 2, "--out " + dir},
		{filepath.Join(dir, "out.csv"), func(io.Writer) error { return errTest("encoder failed") }, 1, "encoder failed"},
	} {
		err := writeFile("--out", tc.path, tc.write)
		if err == nil || exitCode(err) != tc.code || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v (exit %d), want exit %d and %q", tc.path, err, exitCode(err), tc.code, tc.want)
		}
	}
	path := filepath.Join(dir, "out.csv")
	if err := writeFile("--out", path, ok); err != nil {
		t.Fatal(err)
	}
	ref := filepath.Join(dir, "ref.csv")
	fh, err := os.Create(ref)
	if err != nil {
		t.Fatal(err)
	}
	fh.Close()
	got, _ := os.Stat(path)
	want, _ := os.Stat(ref)
	if got.Mode().Perm() != want.Mode().Perm() {
		t.Errorf("mode %v, want os.Create's %v", got.Mode().Perm(), want.Mode().Perm())
	}
}
