package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGravityCounterfactualJSON(t *testing.T) {
	code, out, errs := runCLI(t, "gravity", "counterfactual", "--policy", "fast-track-integration", "--draws", "8", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc struct {
		Schema    string `json:"schema"`
		Measures  []any  `json:"measures"`
		Countries []struct {
			Country string `json:"country"`
			RealGDP struct {
				Central, Q05, Q95 float64
			} `json:"real_gdp_pct"`
			Intra struct {
				Base  float64
				After struct{ Central float64 }
			} `json:"intra_regional_share"`
		} `json:"countries"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.Schema != "steppe.gravity.counterfactual/v1" || len(doc.Countries) != 5 || len(doc.Measures) == 0 {
		t.Fatalf("unexpected document: %+v", doc)
	}
	for _, c := range doc.Countries {
		if !(c.RealGDP.Q05 <= c.RealGDP.Q95) || !(c.Intra.After.Central > c.Intra.Base) {
			t.Errorf("%s: %+v", c.Country, c)
		}
	}
	// same seed, same bytes
	_, again, _ := runCLI(t, "gravity", "counterfactual", "--policy", "fast-track-integration", "--draws", "8", "--json")
	if again != out {
		t.Error("output not reproducible")
	}
}

func TestGravityCounterfactualTable(t *testing.T) {
	code, out, errs := runCLI(t, "gravity", "counterfactual", "--policy", "fast-track-integration", "--draws", "0", "--solver", "ge-ppml", "--theta", "5", "--verbose")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"real GDP %", "intra-regional share", "RUS share", "CHN share", "KGZ", "fitted flows to the projected totals by RAS"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestGravityCounterfactualBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "flows.csv")
	if err := os.WriteFile(bad, []byte("exporter,importer,value\nKAZ,RUS,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--policy", "no-such-policy"}, `no policy "no-such-policy"`},
		{[]string{}, "--policy is required"},
		{[]string{"--cost-ratios", bad}, "flows.csv:1:1: ratio: missing column"},
		{[]string{"--policy", "fast-track-integration", "--balance", "odd"}, "--balance"},
		{[]string{"--agreement", "KAZ,UZB"}, "want MEMBERS:BETA[:SE]"},
		{[]string{"--agreement", "KAZ,UZB:x"}, `partial effect "x" is not a number`},
		{[]string{"--agreement", "KAZ,ZZZ:0.2"}, `"ZZZ" is not in the flow table`},
		{[]string{"--policy", "fast-track-integration", "--flows", bad}, "flows.csv:2:9: value:"},
	} {
		code, _, errs := runCLI(t, append([]string{"gravity", "counterfactual"}, tc.args...)...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
}

// TestGravityCounterfactualInputFiles prices measures read from files:
// per-pair cost ratios and a network comparison's route changes.
func TestGravityCounterfactualInputFiles(t *testing.T) {
	for _, tc := range []struct {
		file, body, flag, draws string
		want                    []string
	}{
		{"ratios.csv", "exporter,importer,ratio\nKGZ,CHN,0.9\nCHN,KGZ,0.9\n", "--cost-ratios", "0",
			[]string{"ratio.KGZ-CHN", "KGZ->CHN"}},
		{"cmp.json", `{"corridor_changes":[{"from":"UZB","to":"Kashgar","corridor":"china","before_hours":112.9,"after_hours":94.2}]}`, "--routes", "4",
			[]string{"UZB<->CHN 113h->94h", "transit time"}},
	} {
		p := filepath.Join(t.TempDir(), tc.file)
		if err := os.WriteFile(p, []byte(tc.body), 0o644); err != nil {
			t.Fatal(err)
		}
		checkCLI(t, 0, tc.want, "gravity", "counterfactual", tc.flag, p, "--draws", tc.draws, "--theta", "5")
	}
}

// checkCLI runs the command line args, wants the exit code code, and wants
// each of want in its standard output (code 0) or standard error (any
// other); it returns the standard output.
func checkCLI(t *testing.T, code int, want []string, args ...string) string {
	t.Helper()
	got, out, errs := runCLI(t, args...)
	if got != code {
		t.Fatalf("%v: exit %d, want %d: %s", args, got, code, errs)
	}
	text := out
	if code != 0 {
		text = errs
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%v: output lacks %q:\n%s", args, w, text)
		}
	}
	return out
}

func TestGravityCounterfactualAgreement(t *testing.T) {
	code, out, errs := runCLI(t, "gravity", "counterfactual", "--agreement", "KAZ,KGZ,TJK,TKM,UZB:0.224249:0.03", "--draws", "4")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "partial effect, normal(mean=0.224249, sd=0.03): all pairs among KAZ KGZ TJK TKM UZB") {
		t.Errorf("output lacks the agreement:\n%s", out)
	}
}

func TestGravityCounterfactualAgainst(t *testing.T) {
	code, out, errs := runCLI(t, "gravity", "counterfactual", "--policy", "baseline", "--against", "baseline", "--draws", "3", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc struct {
		Against   string `json:"against"`
		Countries []struct {
			RealGDP struct{ Central, Q05, Q95 float64 } `json:"real_gdp_pct"`
		} `json:"countries"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Against != "baseline" {
		t.Errorf("against %q", doc.Against)
	}
	for _, c := range doc.Countries {
		if c.RealGDP.Central != 0 || c.RealGDP.Q05 != 0 || c.RealGDP.Q95 != 0 {
			t.Errorf("a policy against itself changed real GDP: %+v", c.RealGDP)
		}
	}
}
