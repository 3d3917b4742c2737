package ge

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// writeTable writes body to name in a fresh directory of t.
func writeTable(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSolveTableOutputs checks the CSV and text forms against the report's
// numbers (moved from the binary's TestGravityGEOutputs).
func TestSolveTableOutputs(t *testing.T) {
	flows := writeTable(t, t.TempDir(), "f.csv", "exporter,importer,flow\nAAA,AAA,100\nAAA,BBB,10\nBBB,AAA,20\nBBB,BBB,200\nAAA,CCC,5\nCCC,AAA,4\nCCC,CCC,50\nBBB,CCC,3\nCCC,BBB,2\n")
	rep, err := SolveTable(TableRequest{Flows: flows, Theta: 5, Agreements: []string{"AAA,BBB:0.3"}, Balance: "additive", Solver: "hat", Numeraire: "world", Tol: 1e-10})
	if err != nil {
		t.Fatal(err)
	}
	var csvOut bytes.Buffer
	if err := rep.WriteCSV(&csvOut); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(csvOut.String()), "\n")
	if len(lines) != 4 || lines[0] != strings.Join(tableColumns, ",") {
		t.Fatalf("CSV:\n%s", csvOut.String())
	}
	for k, c := range rep.Outcome.Countries {
		cells := strings.Split(lines[k+1], ",")
		want := []float64{c.CondExports, c.CondImports, c.CondIMR, c.CondOMR, c.Exports, c.Imports,
			c.RealGDP, c.FactoryGate, c.IMR, c.OMR, c.Welfare, c.ACR}
		if cells[0] != c.Country || len(cells) != len(want)+1 {
			t.Fatalf("CSV row %q for %s", lines[k+1], c.Country)
		}
		for m, w := range want {
			if got, err := strconv.ParseFloat(cells[m+1], 64); err != nil || got != w {
				t.Errorf("%s %s: CSV %q, report %v", c.Country, tableColumns[m+1], cells[m+1], w)
			}
		}
	}
	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"General equilibrium on " + flows + " (3 economies)", "theta 5 (--theta); additive balances; numeraire world",
		"shock: agreement AAA,BBB: partial effect 0.3", "largest accounting residual", "real GDP", "ACR"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
}

// TestSolveTableBadRequest checks that each kind of bad input is a
// RequestError that names file:line:column or the flag (moved from the
// binary's TestGravityGEBadInput, which also wanted exit code 2).
func TestSolveTableBadRequest(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string { return writeTable(t, dir, name, body) }
	good := write("good.csv", "exporter,importer,flow\nAAA,AAA,100\nAAA,BBB,10\nBBB,AAA,20\nBBB,BBB,200\n")
	for _, tc := range []struct {
		name string
		req  TableRequest
		want []string
	}{
		{"negative flow", TableRequest{Flows: write("neg.csv", "exporter,importer,flow\nAAA,AAA,100\nAAA,BBB,-10\n"), Pairs: []string{"AAA,BBB:0.9"}},
			[]string{"neg.csv:3:9: flow:", "non-negative"}},
		{"missing domestic", TableRequest{Flows: write("nodom.csv", "exporter,importer,flow\nAAA,AAA,100\nAAA,BBB,10\nBBB,AAA,20\n"), Pairs: []string{"AAA,BBB:0.9"}},
			[]string{"nodom.csv:3:5: importer:", "BBB has no domestic flow"}},
		{"duplicate pair in table", TableRequest{Flows: write("dup.csv", "exporter,importer,flow\nAAA,AAA,100\nAAA,AAA,100\n"), Pairs: []string{"AAA,BBB:0.9"}},
			[]string{"dup.csv:3:1: exporter:", "appears twice"}},
		{"unknown country in shock file", TableRequest{Flows: good, ShockFile: write("s1.csv", "exporter,importer,partial_effect\nAAA,ZZZ,0.1\n")},
			[]string{"s1.csv:2:5: importer:", "ZZZ is not in the flow table"}},
		{"duplicate pair in shock file", TableRequest{Flows: good, ShockFile: write("s2.csv", "exporter,importer,partial_effect\nAAA,BBB,0.1\nAAA,BBB,0.2\n")},
			[]string{"s2.csv:3:1: exporter:", "appears twice (first on line 2)"}},
		{"unknown coefficient in shock file", TableRequest{Flows: good, ShockFile: write("s3.csv", "exporter,importer,partial_effect\nAAA,BBB,rta\n")},
			[]string{"s3.csv:2:9: partial_effect:", "coefficient"}},
		{"missing shock file", TableRequest{Flows: good, ShockFile: filepath.Join(dir, "none.csv")}, []string{"gravity ge: --shocks: open"}},
		{"unknown country in shorthand", TableRequest{Flows: good, Agreements: []string{"AAA,ZZZ:0.5"}}, []string{"--agreement", "ZZZ"}},
		{"bad numeraire", TableRequest{Flows: good, Pairs: []string{"AAA,BBB:0.9"}, Numeraire: "imr:ZZZ"}, []string{"--numeraire", "ZZZ"}},
		{"no shock", TableRequest{Flows: good}, []string{"no shock"}},
		{"no table", TableRequest{Pairs: []string{"AAA,BBB:0.9"}}, []string{"--flows is required"}},
		{"two formats", TableRequest{Flows: good, Pairs: []string{"AAA,BBB:0.9"}, JSON: true, CSV: true}, []string{"--json and --csv"}},
	} {
		if tc.req.Numeraire == "" {
			tc.req.Numeraire = "world"
		}
		tc.req.Tol = 1e-10
		_, err := SolveTable(tc.req)
		if !IsRequestError(err) {
			t.Errorf("%s: %v, want a RequestError", tc.name, err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", tc.name, err, w)
			}
		}
	}
}
