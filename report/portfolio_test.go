package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"regexp"
	"strings"
	"testing"
)

// testdata/frontier-small.json is the output of
//
//	steppe optimize --draws 4 --resim-draws 8 --json --quiet
//
// (steppe at commit 42ba5c9, the default scenario, seed 1): a small
// frontier, quick to regenerate.
func readTestFrontier(t testing.TB) ([]byte, *Frontier) {
	t.Helper()
	raw, err := os.ReadFile("testdata/frontier-small.json")
	if err == nil {
		var f *Frontier
		if f, err = ReadFrontier(bytes.NewReader(raw), "frontier-small.json"); err == nil {
			return raw, f
		}
	}
	t.Fatal(err)
	return nil, nil
}

// TestPortfolioSection: the report's portfolio section has a row per
// frontier portfolio of the file, with the file's cost, effect, range,
// P(effect < 0), surrogate error and projects; without a frontier the
// section is absent.
func TestPortfolioSection(t *testing.T) {
	raw, f := readTestFrontier(t)
	var file struct {
		Frontier []struct {
			Cost   float64 `json:"cost_usd"`
			Funded []struct{ Candidate, Plan string }
			Effect struct{ Mean, Q05, Q95, PNeg float64 } `json:"effect"`
			Error  float64                                `json:"error"`
		} `json:"frontier"`
		Budgets []float64 `json:"budgets_usd"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	var without, with bytes.Buffer
	if err := Write(&without, Options{View: testView(t)}); err != nil {
		t.Fatal(err)
	}
	if err := Write(&with, Options{View: testView(t), Portfolio: f}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(without.String(), `id="portfolio"`) {
		t.Error("a report without a frontier has a portfolio section")
	}
	page := html.UnescapeString(with.String())
	sec := regexp.MustCompile(`(?s)<section id="portfolio">.*?</section>`).FindString(page)
	if sec == "" {
		t.Fatal("no portfolio section")
	}
	rows := regexp.MustCompile(`(?s)<tbody>.*?</tbody>`).FindString(sec)
	trs := strings.Split(rows, "<tr>")[1:]
	if len(trs) != len(file.Frontier) || len(trs) < 2 {
		t.Fatalf("%d rows for %d frontier portfolios", len(trs), len(file.Frontier))
	}
	for k, p := range file.Frontier {
		cost := "$0"
		if p.Cost != 0 {
			cost = usd(p.Cost)
		}
		want := []string{
			fmt.Sprintf(">%d<", k+1), ">" + cost + "<",
			fmt.Sprintf("%+.3f [%+.3f, %+.3f]", p.Effect.Mean, p.Effect.Q05, p.Effect.Q95),
			fmt.Sprintf("%+.3f (±", p.Error), ">" + pct0(p.Effect.PNeg) + "<",
		}
		for _, c := range p.Funded {
			want = append(want, c.Candidate+" ("+c.Plan+")")
		}
		for _, w := range want {
			if !strings.Contains(trs[k], w) {
				t.Errorf("row %d lacks %q:\n%s", k+1, w, trs[k])
			}
		}
	}
	for _, w := range []string{"US-DFC " + usd(file.Budgets[0]), fmt.Sprintf("%d of %d portfolios", f.Flagged(), len(file.Frontier)), "frontier-small.json"} {
		if !strings.Contains(sec, w) {
			t.Errorf("section lacks %q", w)
		}
	}
}

// TestReadFrontierErrors: a file that is not a frontier is refused with
// its name, and line and column where the JSON is wrong.
func TestReadFrontierErrors(t *testing.T) {
	for _, c := range [][2]string{
		{"", "f.json:1:1: unexpected end of JSON input"},
		{"{\n  \"schema\": \"steppe.portfolio/v1\",\n  \"year\": \"2042\"\n}", "f.json:3:17: year"},
		{"{\n  \"schema\": \"steppe.portfolio/v1\",\n  oops\n}", "f.json:3:3: invalid character 'o'"},
		{`{"schema": "steppe.results/v1"}`, `f.json: schema "steppe.results/v1"`},
		{`{"schema": "steppe.portfolio/v1", "objective": "welfare"}`, `objective "welfare"`},
		{`{"schema": "steppe.portfolio/v1", "objective": "risk", "financiers": ["EU"], "budgets_usd": []}`, "0 budgets_usd for 1 financiers"},
	} {
		if _, err := ReadFrontier(strings.NewReader(c[0]), "f.json"); err == nil || !strings.Contains(err.Error(), c[1]) {
			t.Errorf("%q: %v, want %q", c[0], err, c[1])
		}
	}
}

// FuzzReadFrontier: any input is read or refused with the file named,
// and what is read renders.
func FuzzReadFrontier(f *testing.F) {
	raw, _ := readTestFrontier(f)
	f.Add(raw)
	f.Add([]byte(`{"schema": "steppe.portfolio/v1", "objective": "income", "frontier": [{"effect": {"q05": null}}]}`))
	view := testView(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, err := ReadFrontier(bytes.NewReader(b), "f.json")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.json") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		if err := Write(&bytes.Buffer{}, Options{View: view, Portfolio: fr}); err != nil {
			t.Fatal(err)
		}
	})
}
