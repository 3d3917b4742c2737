package risk

import (
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/data"
)

const countriesHeader = "country,base_present,ethnic_russian_share,census_year,csto_member,alignment_shift,russia_committed,non_russian_trade_share,ties_year,sources\n"
const countriesRow = "KGZ,1,0.078,2009,1,0,0.5,0.832,2006,https://example.org/a\n"

// TestLoadTablesErrors: the small tables report every bad cell as
// file:line:column: field: message and yield nothing.
func TestLoadTablesErrors(t *testing.T) {
	tests := []struct {
		name, src string
		load      func(string) error
		want      []string
	}{
		{"country share above 1", countriesHeader + strings.Replace(countriesRow, ",0.078,", ",7.8,", 1), loadCountries,
			[]string{"c.csv:2:7: ethnic_russian_share: share 7.8 outside [0,1]"}},
		{"country two bad cells", countriesHeader + strings.Replace(strings.Replace(countriesRow, ",1,0.078", ",yes,0.078", 1), "https://example.org/a", "none", 1), loadCountries,
			[]string{"c.csv:2:5: base_present:", "c.csv:2:", ": sources: row has no source"}},
		{"country short row", countriesHeader + "KGZ,1\n" + countriesRow, loadCountries,
			[]string{"c.csv:2:1: row: got 2 fields, want 10"}},
		{"country header", "country,base\n", loadCountries, []string{"c.csv:1:1: header: got 2 columns, want 10"}},
		{"country empty", "", loadCountries, []string{"c.csv:1:1: header: empty file"}},
		{"event bad quote", "country,month,type,source,detail\nKGZ,2014-01,border,\"x,y\n", loadEvents,
			[]string{"c.csv:2:"}},
		{"event no country", "country,month,type,source,detail\n,2014-01,border,s,d\n", loadEvents,
			[]string{"c.csv:2:1: country: empty country"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.load(tc.src)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func loadCountries(src string) error {
	cs, err := LoadCountries("c.csv", strings.NewReader(src))
	if err != nil && cs != nil {
		panic("rows returned with an error")
	}
	return err
}

func loadEvents(src string) error {
	ev, err := LoadEvents("c.csv", strings.NewReader(src))
	if err != nil && ev != nil {
		panic("rows returned with an error")
	}
	return err
}

// loadFailed reports whether a loader failed, and fails t when it
// returned rows with its error or an error that is not a non-empty
// ErrorList.
func loadFailed[T any](t *testing.T, rows []T, err error) bool {
	t.Helper()
	if err == nil {
		return false
	}
	if rows != nil {
		t.Fatal("rows returned with an error")
	}
	if el, ok := err.(ErrorList); !ok || len(el) == 0 {
		t.Fatalf("error %T (%v), want a non-empty ErrorList", err, err)
	}
	return true
}

func FuzzLoadCountries(f *testing.F) {
	f.Add(countriesHeader + countriesRow)
	f.Add(countriesHeader + "KGZ,1\n")
	f.Add(countriesHeader + "\"")
	fuzzRows(f, LoadCountries, func(t *testing.T, c CountryFeatures) {
		if c.Country == "" || c.BasePresent != 0 && c.BasePresent != 1 {
			t.Fatalf("bad row accepted: %+v", c)
		}
	})
}

func TestLoadGrowth(t *testing.T) {
	const hdr = "country,year,gdp_usd_growth_pct\n"
	g, err := LoadGrowth("g.csv", strings.NewReader(hdr+"KAZ,1992,-0.02\nKAZ,1993,-6.24\nTKM,1993,4\n"))
	if err != nil {
		t.Fatal(err)
	}
	if g["KAZ"][1993] != -6.24 || g["TKM"][1993] != 4 || len(g["KAZ"]) != 2 {
		t.Errorf("got %v", g)
	}
	for _, tc := range []struct{ src, want string }{
		{"KAZ,199x,1\n", `g.csv:2:5: year: "199x" is not a year`},
		{"KAZ,1992,fast\n", `g.csv:2:10: gdp_usd_growth_pct: "fast" is not a finite number`},
		{"KAZ,1992,1\nKAZ,1992,2\n", "g.csv:3:5: year: duplicate row for KAZ 1992"},
		{",1992,1\n", "g.csv:2:1: country: empty country"},
	} {
		if _, err := LoadGrowth("g.csv", strings.NewReader(hdr+tc.src)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.src, err, tc.want)
		}
	}
}

func FuzzLoadGrowth(f *testing.F) {
	f.Add("country,year,gdp_usd_growth_pct\nKAZ,1992,-0.02\n")
	f.Add("country,year,gdp_usd_growth_pct\nKAZ,1992,NaN\n")
	f.Fuzz(func(t *testing.T, s string) {
		g, err := LoadGrowth("f.csv", strings.NewReader(s))
		if err != nil && g != nil {
			t.Fatal("rows returned with an error")
		}
		for _, ys := range g {
			for _, v := range ys {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("non-finite growth accepted")
				}
			}
		}
	})
}

// badRow is a loader's table case: a data row that must be rejected with
// an error containing want.
type badRow struct{ name, row, want string }

// checkBadRows loads header+row of every case with load and fails t unless
// each is rejected, without rows, by an ErrorList that contains want.
func checkBadRows[T any](t *testing.T, load func(string, io.Reader) ([]T, error), header string, tests []badRow) {
	t.Helper()
	for _, tt := range tests {
		rows, err := load("f.csv", strings.NewReader(header+tt.row))
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if rows != nil {
			t.Errorf("%s: rows returned with an error", tt.name)
		}
		var el ErrorList
		if !errors.As(err, &el) {
			t.Errorf("%s: error %T is not an ErrorList", tt.name, err)
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %q, want it to contain %q", tt.name, err, tt.want)
		}
	}
}

// addBundled adds the bundled data file data/<name> to f's seed corpus.
func addBundled(f *testing.F, name string) {
	b, err := data.ReadFile(name)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
}

// fuzzRows fuzzes a loader: whatever it rejects must be a loadFailed error,
// and check must hold for every row of what it accepts.
func fuzzRows[T any](f *testing.F, load func(string, io.Reader) ([]T, error), check func(t *testing.T, row T)) {
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := load("f.csv", strings.NewReader(s))
		if loadFailed(t, rows, err) {
			return
		}
		for _, r := range rows {
			check(t, r)
		}
	})
}
