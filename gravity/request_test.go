package gravity

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/userinput"
)

// estimateData writes a small table: y and x by row, o a two-level factor.
func estimateData(t *testing.T) string {
	var b strings.Builder
	b.WriteString("y,x,o\n")
	for i := range 40 {
		fmt.Fprintf(&b, "%d,%d,%c\n", 1+i%7+i/5, i%5, "ab"[i%2])
	}
	p := filepath.Join(t.TempDir(), "d.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestEstimateRequest checks that each bad request of `steppe gravity
// estimate` is the user's error naming the flag, and that a good one fits
// and prints its table and JSON (with the fixed effects when asked).
func TestEstimateRequest(t *testing.T) {
	data := estimateData(t)
	ok := EstimateRequest{Data: data, Formula: "y ~ x | o", Vcov: "iid", Family: "poisson", Separation: "fe,relu", FixefTol: 1e-6, GLMTol: 1e-8, GLMIter: 25}
	for want, change := range map[string]func(r *EstimateRequest){
		"--data is required":    func(r *EstimateRequest) { r.Data = "" },
		"--formula is required": func(r *EstimateRequest) { r.Formula = "" },
		"--offset \"log(\"":     func(r *EstimateRequest) { r.Offset = "log(" },
		"--offset \"log(zz)\"":  func(r *EstimateRequest) { r.Offset = "log(zz)" },
		"vcov":                  func(r *EstimateRequest) { r.Vcov = "odd" },
		"--family":              func(r *EstimateRequest) { r.Family = "odd" },
		"gravity estimate: ":    func(r *EstimateRequest) { r.Data = data + ".none" },
		"zz":                    func(r *EstimateRequest) { r.Formula = "y ~ zz" },
	} {
		r := ok
		change(&r)
		if _, err := r.Run(); !userinput.Is(err) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", want, err)
		}
	}
	ok.Fixef = true
	e, err := ok.Run()
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := e.WriteText(&text); err != nil || !strings.Contains(text.String(), "x") {
		t.Errorf("table %q, %v", text.String(), err)
	}
	b, err := json.Marshal(e.JSON())
	if err != nil || !strings.Contains(string(b), `"fixed_effect_estimates"`) {
		t.Errorf("JSON %s, %v", b, err)
	}
}
