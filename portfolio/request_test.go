package portfolio

import (
	"math"
	"testing"

	"github.com/steppe-dev/steppe/internal/userinput"
)

// FuzzParseBudgets: --budget values either parse to finite, non-negative
// amounts under a non-empty financier id, or are refused as the user's
// error (moved from the binary).
func FuzzParseBudgets(f *testing.F) {
	for _, s := range []string{"US-DFC=5e9", "CHN=0", "A=-1", "=3", "A=NaN", "A=1e400", "A", "A=1=2", " B = 7 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseBudgets([]string{s})
		if err != nil {
			if !userinput.Is(err) {
				t.Fatalf("%q: not the user's error: %v", s, err)
			}
			return
		}
		for k, v := range m {
			if k == "" || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%q accepted as %q=%g", s, k, v)
			}
		}
	})
}

// TestRequestCheck: each impossible value is refused naming its flag.
func TestRequestCheck(t *testing.T) {
	ok := Request{Objective: Risk, Draws: 10, ResimDraws: 20, Budgets: []string{"CHN=0"}}
	if err := ok.Check(); err != nil {
		t.Fatal(err)
	}
	bad := map[string]func(r *Request){
		"--objective":   func(r *Request) { r.Objective = "welfare" },
		"--draws":       func(r *Request) { r.Draws = 1 },
		"--resim-draws": func(r *Request) { r.ResimDraws = 5 },
		"--workers":     func(r *Request) { r.Workers = -1 },
		"--budget":      func(r *Request) { r.Budgets = []string{"CHN=-1"} },
	}
	for flag, change := range bad {
		r := ok
		change(&r)
		if err := r.Check(); !userinput.Is(err) || err.Error()[:len(flag)] != flag {
			t.Errorf("%s: %v", flag, err)
		}
	}
}
