package explore

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestRunReproducibleAndResumable(t *testing.T) {
	fs := append(ishigamiFactors(), Categorical("policy", "base", "fast"))
	d, err := NewDesign(fs, DesignSpec{Kind: LatinHypercube, N: 200, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	e := d.Experiments()
	eval := func(_ context.Context, i int, x []float64) ([]float64, error) {
		return []float64{ishigami(x[:3]) + x[3], float64(i)}, nil
	}
	dir := t.TempDir()
	run := func(name string, workers int, ev EvalFunc) ([]byte, error) {
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		_, rerr := Run(context.Background(), e, []string{"y", "i"}, ev, f, RunOptions{Workers: workers})
		b, _ := os.ReadFile(filepath.Join(dir, name))
		return b, rerr
	}
	one, err := run("one.csv", 1, eval)
	if err != nil {
		t.Fatal(err)
	}
	three, err := run("three.csv", 3, eval)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one, three) {
		t.Fatal("results differ with the number of workers")
	}
	// A run that fails at experiment 120 leaves a valid prefix; a second run resumes.
	calls := 0
	failing := func(ctx context.Context, i int, x []float64) ([]float64, error) {
		if i == 120 {
			return nil, errors.New("boom")
		}
		return eval(ctx, i, x)
	}
	if _, err := run("resume.csv", 2, failing); err == nil {
		t.Fatal("failure not reported")
	}
	partial, _ := os.ReadFile(filepath.Join(dir, "resume.csv"))
	// Every experiment before the failed one is kept.
	if pt, err := ReadCSV(bytes.NewReader(partial), "partial"); err != nil {
		t.Fatal(err)
	} else if pt.Len() != 120 {
		t.Fatalf("after a failure at experiment 120 the file holds %d rows; want 120", pt.Len())
	}
	// Tear the last line as a crash would.
	os.WriteFile(filepath.Join(dir, "resume.csv"), partial[:len(partial)-3], 0o644)
	counting := func(ctx context.Context, i int, x []float64) ([]float64, error) {
		calls++
		return eval(ctx, i, x)
	}
	resumed, err := run("resume.csv", 1, counting)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one, resumed) {
		t.Fatal("resumed file differs from a clean run")
	}
	if calls > 82 {
		t.Errorf("resume evaluated %d experiments; at most 82 should remain", calls)
	}
	// The file reads back as a table with the design metadata.
	tab, err := ReadCSV(bytes.NewReader(one), "one.csv")
	if err != nil {
		t.Fatal(err)
	}
	if tab.Meta["design"] != "lhs" || tab.Len() != 200 {
		t.Errorf("meta %v rows %d", tab.Meta, tab.Len())
	}
	back, err := ExperimentsFromTable(tab, map[string][]string{"policy": {"base", "fast"}})
	if err != nil {
		t.Fatal(err)
	}
	_ = back
	// Another design refuses the file.
	d2, _ := NewDesign(fs, DesignSpec{Kind: LatinHypercube, N: 200, Seed: 5})
	f, _ := os.OpenFile(filepath.Join(dir, "one.csv"), os.O_RDWR, 0o644)
	defer f.Close()
	var rf *ResultsFileError
	if _, err := Run(context.Background(), d2.Experiments(), []string{"y", "i"}, eval, f, RunOptions{}); !errors.As(err, &rf) {
		t.Errorf("file of another design: error %v, want a *ResultsFileError", err)
	}
}

func TestCrossGivesEveryLevelTheSameScenarios(t *testing.T) {
	d, _ := NewDesign(ishigamiFactors(), DesignSpec{Kind: MonteCarlo, N: 5, Seed: 1})
	c, err := d.Cross(Categorical("policy", "a", "b", "c"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Rows() != 15 || len(c.Factors) != 4 {
		t.Fatalf("rows %d factors %d", c.Rows(), len(c.Factors))
	}
	for i := 0; i < 15; i++ {
		if c.X[i][3] != float64(i%3) || c.X[i][0] != d.X[i/3][0] {
			t.Fatalf("row %d = %v", i, c.X[i])
		}
	}
	s, _ := NewDesign(ishigamiFactors(), DesignSpec{Kind: SobolSaltelli, N: 8, Seed: 1})
	if _, err := s.Cross(Categorical("policy", "a")); err == nil {
		t.Error("crossed a Saltelli design")
	}
}
