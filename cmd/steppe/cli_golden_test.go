package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/internal/golden"
)

// goldenCase is one command line whose stdout and stderr are kept in
// testdata/golden/NAME.stdout and NAME.stderr.
type goldenCase struct {
	name string
	args string // split on blanks; $TMP is the test's temporary directory
	code int
	slow bool // skipped under -short
}

var goldenCases = []goldenCase{
	{name: "help", args: "--help"},
	{name: "unknown-verb", args: "frobnicate", code: 2},
	{name: "version", args: "version"},

	{name: "run", args: "run --draws 200"},
	{name: "run-csv", args: "run --draws 200 --csv", slow: true},
	{name: "run-error", args: "run --draws 0", code: 2},

	{name: "validate", args: "validate central-asia"},
	{name: "validate-params", args: "validate --params central-asia"},
	{name: "validate-error", args: "validate $TMP/no-such.yaml", code: 2},

	{name: "network-summary", args: "network summary"},
	{name: "network-route", args: "network route Almaty Tashkent"},
	{name: "network-route-avoid", args: "network route --avoid RUS Almaty Baku"},
	{name: "network-compare", args: "network compare --policy fast-track-integration"},
	{name: "network-critical", args: "network critical --top 5", slow: true},
	{name: "network-error", args: "network route Almaty", code: 2},

	{name: "gravity-estimate", args: "gravity estimate --data ../../gravity/testdata/fixest_trade.csv --formula Euros~log(dist_km)|Origin+Destination+Product+Year"},
	{name: "gravity-counterfactual", args: "gravity counterfactual --policy fast-track-integration --draws 20"},
	{name: "gravity-error", args: "gravity estimate --family probit", code: 2},

	{name: "calibrate-error", args: "calibrate --draws 5", code: 2},

	{name: "explore-factors", args: "explore factors"},
	{name: "explore-groups", args: "explore groups"},
	{name: "explore-sample", args: "explore sample --stated-models --design lhs -n 8 --params actors.KGZ --out $TMP/exp.csv"},
	{name: "explore-sweep", args: "explore sweep --stated-models --design mc -n 4 --params actors.KGZ --draws 20 --countries KGZ --out $TMP/res.csv"},
	{name: "explore-sobol", args: "explore sobol --data $TMP/ishigami-sobol.csv --outcome y --resamples 100"},
	{name: "explore-morris", args: "explore morris --data $TMP/ishigami-morris.csv --outcome z --resamples 100"},
	{name: "explore-prim", args: "explore prim --data $TMP/ishigami-lhs.csv --inputs a,b,c --outcome y --threshold 8"},
	{name: "explore-cart", args: "explore cart --data $TMP/ishigami-lhs.csv --inputs a,b,c --outcome y --threshold 8 --max-depth 2"},
	{name: "explore-robust", args: "explore robust --data $TMP/policies.csv --policy-col policy --outcome y --minimize"},
	{name: "explore-error", args: "explore sobol --outcome y", code: 2},

	{name: "serve-error", args: "serve --workers 0", code: 2},
	{name: "report-error", args: "report", code: 2},
	{name: "bench-error", args: "bench sim --draws 0", code: 2},
}

// TestGoldenCLI runs each verb's main cases and compares stdout and stderr
// with testdata/golden (written by this test with -update: the source of
// every golden file is steppe itself, so a diff is a change of output to
// review, not an error against a reference). Output that depends on the
// clock or the toolchain is normalised by goldenNormalise, and only that.
func TestGoldenCLI(t *testing.T) {
	tmp := t.TempDir()
	goldenInputs(t, tmp)
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			if c.slow && testing.Short() {
				t.Skip("slow; run without -short")
			}
			var args []string
			for _, a := range strings.Fields(c.args) {
				args = append(args, strings.ReplaceAll(a, "$TMP", tmp))
			}
			code, out, errs := runCLI(t, args...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, c.code, errs)
			}
			goldenCompare(t, c.name+".stdout", goldenNormalise(out, tmp))
			goldenCompare(t, c.name+".stderr", goldenNormalise(errs, tmp))
		})
	}
}

// The clock- and toolchain-dependent parts of the output, each replaced by
// a fixed word.
var (
	// Progress lines (internal/progress) appear on stderr when a case takes
	// more than a few seconds on a loaded machine.
	goldenProgress = regexp.MustCompile(`(?m)^steppe [a-z ]+: \d+/\d+ [a-z]+, \d+%, [0-9a-z ]+ elapsed\n`)
	// explore run and sweep: "wrote 4 experiments × 1 outcomes to F in 0.3 s (20 draws each)".
	goldenWroteIn = regexp.MustCompile(`(?m)^(wrote \d+ experiments × \d+ outcomes to .* in )\d+\.\d( s \(\d+ draws each\))$`)
	// calibrate's time on stderr.
	goldenCalibrate = regexp.MustCompile(`(?m)^calibrate: \d+\.\ds$`)
	// version: "steppe 0.1.0-dev (go1.26.8)" or with ", REVISION[+dirty]".
	goldenVersion = regexp.MustCompile(`(?m)^(steppe \S+) \(` + regexp.QuoteMeta(runtime.Version()) + `(, [0-9a-f]+(\+dirty)?)?\)$`)
)

func goldenNormalise(s, tmp string) string {
	s = strings.ReplaceAll(s, tmp, "$TMP")
	s = goldenProgress.ReplaceAllString(s, "")
	s = goldenWroteIn.ReplaceAllString(s, "${1}ELAPSED${2}")
	s = goldenCalibrate.ReplaceAllString(s, "calibrate: ELAPSED")
	return goldenVersion.ReplaceAllString(s, "$1 (GOVERSION)")
}

// TestGoldenNormalise: the normalisation replaces what it is meant to and
// nothing else.
func TestGoldenNormalise(t *testing.T) {
	in := "steppe run: 4500/10000 draws, 45%, 3 s elapsed\nkept: 4500/10000 draws\n" +
		"wrote 4 experiments × 1 outcomes to /tmp/x/res.csv in 12.3 s (20 draws each)\n" +
		"calibrate: 16.6s\ncalibrate: 16.6s later\n" +
		"steppe 0.1.0-dev (" + runtime.Version() + ", 0123456789ab+dirty)\nsteppe 0.1.0-dev (" + runtime.Version() + ")\n"
	want := "kept: 4500/10000 draws\n" +
		"wrote 4 experiments × 1 outcomes to $TMP/res.csv in ELAPSED s (20 draws each)\n" +
		"calibrate: ELAPSED\ncalibrate: 16.6s later\n" +
		"steppe 0.1.0-dev (GOVERSION)\nsteppe 0.1.0-dev (GOVERSION)\n"
	if got := goldenNormalise(in, "/tmp/x"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func goldenCompare(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "golden", name), []byte(got), "go test ./cmd/steppe -run TestGoldenCLI -update")
}

// goldenInputs writes the experiments the explore analyses read: the
// Ishigami function y (Ishigami & Homma 1990; a = 7, b = 0.1, the values of
// Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, sec. 4.8)
// and z = a + 2b + b² + ac (whose Morris effects, unlike y's, are not zero
// by symmetry) over Saltelli, Morris and Latin-hypercube designs, and two
// policies' outcomes over the same scenarios.
func goldenInputs(t *testing.T, dir string) {
	t.Helper()
	fs := []explore.Factor{explore.Uniform("a", -math.Pi, math.Pi), explore.Uniform("b", -math.Pi, math.Pi), explore.Uniform("c", -math.Pi, math.Pi)}
	ishigami := func(x []float64) float64 {
		return math.Sin(x[0]) + 7*math.Pow(math.Sin(x[1]), 2) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
	}
	for _, d := range []struct {
		name string
		spec explore.DesignSpec
	}{
		{"sobol", explore.DesignSpec{Kind: explore.SobolSaltelli, N: 256, Seed: 2}},
		{"morris", explore.DesignSpec{Kind: explore.Morris, N: 20, Levels: 4, Seed: 2}},
		{"lhs", explore.DesignSpec{Kind: explore.LatinHypercube, N: 400, Seed: 2}},
	} {
		des, err := explore.NewDesign(fs, d.spec)
		if err != nil {
			t.Fatal(err)
		}
		rows := make([][]string, len(des.X))
		for i, x := range des.X {
			rows[i] = []string{explore.FormatFloat(x[0]), explore.FormatFloat(x[1]), explore.FormatFloat(x[2]),
				explore.FormatFloat(ishigami(x)), explore.FormatFloat(x[0] + 2*x[1] + x[1]*x[1] + x[0]*x[2])}
		}
		goldenWriteCSV(t, filepath.Join(dir, "ishigami-"+d.name+".csv"), des.Comments(), []string{"a", "b", "c", "y", "z"}, rows)
	}
	// Two policies over 50 scenarios: "steady" has the Ishigami outcome,
	// "hedged" a smaller spread around a higher mean.
	des, err := explore.NewDesign(fs, explore.DesignSpec{Kind: explore.MonteCarlo, N: 50, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for i, x := range des.X {
		y := ishigami(x)
		rows = append(rows, []string{fmt.Sprint(i), "steady", explore.FormatFloat(y)},
			[]string{fmt.Sprint(i), "hedged", explore.FormatFloat(4 + 0.5*(y-4))})
	}
	goldenWriteCSV(t, filepath.Join(dir, "policies.csv"), nil, []string{"scenario", "policy", "y"}, rows)
}

func goldenWriteCSV(t *testing.T, path string, comments, header []string, rows [][]string) {
	t.Helper()
	var b bytes.Buffer
	if err := explore.WriteCSV(&b, comments, header, rows); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReadmeSampleOutput keeps the README's sample output true: the block
// after the quick start is what 'steppe run' prints with its defaults
// (10,000 draws, seed 1), byte for byte. With -update it rewrites the block
// in README.md.
func TestReadmeSampleOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 10,000 draws; run without -short")
	}
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want, at, err := readmeSample(string(b))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "run")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if *golden.Update && out != want {
		if err := os.WriteFile("../../README.md", []byte(string(b)[:at]+out+string(b)[at+len(want):]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if out != want {
		t.Errorf("README.md's sample output is not what 'steppe run' prints; update the README:\n%s", golden.Diff(want, out))
	}
}

// readmeSample returns the content of the fenced block of README.md that
// follows the quick start's "go test ./..." and starts with the run's
// header line, and its offset in readme.
func readmeSample(readme string) (string, int, error) {
	qs := strings.Index(readme, "go test ./...")
	if qs < 0 {
		return "", 0, fmt.Errorf("README.md has no quick start (\"go test ./...\")")
	}
	const fence, head = "```\n", "scenario central-asia, 2022-02 to 2042-12"
	i := strings.Index(readme[qs:], fence+head)
	if i < 0 {
		return "", 0, fmt.Errorf("README.md has no sample block starting %q after the quick start", head)
	}
	at := qs + i + len(fence)
	j := strings.Index(readme[at:], "\n```")
	if j < 0 {
		return "", 0, fmt.Errorf("README.md's sample block is not closed")
	}
	return readme[at : at+j+1], at, nil
}

func TestReadmeSample(t *testing.T) {
	readme := "intro\n```\ngo test ./...\n```\ntext\n```\nscenario central-asia, 2022-02 to 2042-12, 10 draws\nrow\n```\nafter\n"
	got, at, err := readmeSample(readme)
	if want := "scenario central-asia, 2022-02 to 2042-12, 10 draws\nrow\n"; err != nil || got != want || readme[at:at+len(want)] != want {
		t.Errorf("got %q at %d, %v", got, at, err)
	}
	if _, _, err := readmeSample("no quick start"); err == nil {
		t.Error("no error for a README without the quick start")
	}
}
