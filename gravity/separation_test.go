package gravity

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestSeparationPPMLHDFE checks the separation step (all-zero fixed-effect
// groups, then the ReLU test) against the ground truth of the 18 data sets
// of ppmlhdfe's test suite (testdata/separation, MIT licence): the set of
// observations dropped must be exactly the set marked separated.
func TestSeparationPPMLHDFE(t *testing.T) {
	for i := 1; i <= 18; i++ {
		name := fmt.Sprintf("%02d.csv", i)
		t.Run(name, func(t *testing.T) {
			f, err := ReadFile(filepath.Join("testdata", "separation", name))
			if err != nil {
				t.Fatal(err)
			}
			var xs, ids []string
			for _, c := range f.Names() {
				switch {
				case strings.HasPrefix(c, "x"):
					xs = append(xs, c)
				case strings.HasPrefix(c, "id"):
					ids = append(ids, c)
				}
			}
			formula := "y ~ " + strings.Join(xs, " + ")
			if len(xs) == 0 {
				formula = "y ~ 1"
			}
			if len(ids) > 0 {
				formula += " | " + strings.Join(ids, " + ")
			}
			truth, _ := f.Float("separated")
			want := map[int]bool{}
			for r, v := range truth {
				if v == 1 {
					want[r] = true
				}
			}
			sep, err := Separated(f, formula, Options{})
			if err != nil {
				t.Fatalf("%s: %v", formula, err)
			}
			got := map[int]bool{}
			for _, r := range sep {
				got[r] = true
			}
			var missing, extra []int
			for r := range want {
				if !got[r] {
					missing = append(missing, r+1)
				}
			}
			for r := range got {
				if !want[r] {
					extra = append(extra, r+1)
				}
			}
			if len(missing)+len(extra) > 0 {
				t.Errorf("%s: %d separated, want %d; missed rows %v, wrongly dropped %v", formula, len(got), len(want), missing, extra)
			}
		})
	}
}

// The ReLU test finds nothing beyond the all-zero fixed-effect groups in the
// fixest golden specs e1 and e2, so the default sample equals fixest's.
func TestSeparationGoldenSamples(t *testing.T) {
	all, _, sep := loadGolden(t)
	for key, fm := range map[string]string{
		"e1_separation_oneway":   "y ~ ldist + rta | exp + imp + year",
		"e2_separation_threeway": "y ~ rta | exp^year + imp^year + exp^imp",
	} {
		rows, err := Separated(sep, fm, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, r := range rows {
			got = append(got, r+1)
		}
		if fmt.Sprint(got) != fmt.Sprint(all[key].Removed) {
			t.Errorf("%s: dropped %v, want %v", key, got, all[key].Removed)
		}
	}
}

// The iterative path used for large problems (alternating projections)
// must reach the same ground truth when forced on the 18 small sets.
func TestSeparationIterativePath(t *testing.T) {
	old := denseLimit
	denseLimit = 0
	defer func() { denseLimit = old }()
	TestSeparationPPMLHDFE(t)
}
