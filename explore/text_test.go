package explore

import (
	"slices"
	"strings"
	"testing"
)

// TestClassify checks each rule of a Classifier on one outcome column, its
// description, and the refusal of a non-numeric outcome.
func TestClassify(t *testing.T) {
	tab, err := NewTable([]string{"y", "flag", "word"}, [][]string{{"-1", "0", "a"}, {"0", "1", "b"}, {"2", "0", "c"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		cl   Classifier
		out  string
		want []bool
		rule string
	}{
		{Classifier{Threshold: 0}, "y", []bool{false, false, true}, "y > 0"},
		{Classifier{Threshold: 0, OrEqual: true}, "y", []bool{false, true, true}, "y >= 0"},
		{Classifier{Threshold: 0, Below: true}, "y", []bool{true, false, false}, "y < 0"},
		{Classifier{Threshold: 0, Below: true, OrEqual: true}, "y", []bool{true, true, false}, "y <= 0"},
		{Classifier{Positive: true}, "flag", []bool{false, true, false}, "flag is true (non-zero)"},
	} {
		got, rule, err := c.cl.Classify(tab, c.out)
		if err != nil || !slices.Equal(got, c.want) || rule != c.rule {
			t.Errorf("%+v: %v %q %v, want %v %q", c.cl, got, rule, err, c.want, c.rule)
		}
	}
	if _, _, err := (Classifier{Threshold: 0}).Classify(tab, "word"); err == nil {
		t.Error("a text outcome was classified by a threshold")
	}
}

// TestScenarioIDs checks the three ways a row's scenario is identified.
func TestScenarioIDs(t *testing.T) {
	tab, err := NewTable([]string{"s", "p", "a"}, [][]string{{"x", "P", "1"}, {"x", "Q", "1"}, {"z", "P", "2"}})
	if err != nil {
		t.Fatal(err)
	}
	pol := []string{"P", "Q", "P"}
	for _, c := range []struct {
		col    string
		inputs []string
		want   []string
	}{
		{"s", nil, []string{"x", "x", "z"}},
		{"", []string{"a"}, []string{"1", "1", "2"}},
		{"", nil, []string{"0", "0", "1"}},
	} {
		got, err := ScenarioIDs(tab, pol, c.col, c.inputs)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("col %q inputs %v: %v %v, want %v", c.col, c.inputs, got, err, c.want)
		}
	}
	if _, err := ScenarioIDs(tab, pol, "nope", nil); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown column: %v", err)
	}
}

// TestCheckSize checks the smallest design of each kind.
func TestCheckSize(t *testing.T) {
	for _, c := range []struct {
		spec DesignSpec
		ok   bool
	}{
		{DesignSpec{Kind: SobolSaltelli, N: MinSobolBase}, true},
		{DesignSpec{Kind: SobolSaltelli, N: MinSobolBase - 1}, false},
		{DesignSpec{Kind: Morris, N: 2}, true},
		{DesignSpec{Kind: Morris, N: 1}, false},
		{DesignSpec{Kind: LatinHypercube, N: 1}, false},
		{DesignSpec{Kind: MonteCarlo, N: 2}, true},
		{DesignSpec{Kind: "grid", N: 100}, false},
	} {
		if err := c.spec.CheckSize(); (err == nil) != c.ok {
			t.Errorf("%+v: %v", c.spec, err)
		}
	}
}
