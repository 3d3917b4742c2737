package explore

import (
	"bytes"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
)

func TestReadCSVTypesAndMeta(t *testing.T) {
	src := "# steppe-explore design=sobol n=8 seed=3\n# factor a uniform(0,1)\nexperiment,a,flag,policy,y\n0,0.5,true,fast,1e-3\n1,0.25,FALSE,slow,2\n\n2,1,true,fast,\n"
	tab, err := ReadCSV(strings.NewReader(src), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	if tab.Meta["design"] != "sobol" || tab.Meta["seed"] != "3" || len(tab.Comments) != 2 {
		t.Errorf("meta %v comments %v", tab.Meta, tab.Comments)
	}
	if tab.Len() != 3 || tab.Lines[2] != 7 {
		t.Fatalf("len %d lines %v", tab.Len(), tab.Lines)
	}
	cases := []struct {
		col  string
		kind Kind
	}{{"a", KindNumeric}, {"flag", KindBoolean}, {"policy", KindCategorical}}
	for _, c := range cases {
		col, err := tab.Column(c.col, false)
		if err != nil {
			t.Fatal(err)
		}
		if col.Kind != c.kind {
			t.Errorf("%s kind %v, want %v", c.col, col.Kind, c.kind)
		}
	}
	if _, err := tab.Column("y", false); err == nil || !strings.Contains(err.Error(), "x.csv:7") {
		t.Errorf("empty cell error %v; want one naming x.csv:7", err)
	}
	if _, err := tab.Numbers("policy"); err == nil || !strings.Contains(err.Error(), `x.csv:4: column "policy" holds "fast"`) {
		t.Errorf("non-numeric error %v", err)
	}
	if _, err := tab.Numbers("nope"); err == nil || !strings.Contains(err.Error(), "no column \"nope\"") {
		t.Errorf("missing column error %v", err)
	}
}

func TestReadCSVErrors(t *testing.T) {
	cases := map[string]string{
		"":                 "no header",
		"a,a\n1,2\n":       "appears twice",
		"a,,b\n1,2,3\n":    "empty header",
		"a,b\n1,2\n3\n":    "f.csv:3:1: row: got 1 fields, want 2",
		"a,b\n1,\"2\n":     "f.csv:2:6: csv: extraneous",
		"# only comment\n": "no header",
		"# c\na,b\n1\n":    "f.csv:3:1: row: got 1 fields",
	}
	for src, want := range cases {
		_, err := ReadCSV(strings.NewReader(src), "f.csv")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one containing %q", src, err, want)
		}
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	rows := [][]string{{"1", FormatFloat(0.1 + 0.2), "a,b"}}
	if err := WriteCSV(&buf, []string{"k=v"}, []string{"i", "x", "s"}, rows); err != nil {
		t.Fatal(err)
	}
	tab, err := ReadCSV(&buf, "rt")
	if err != nil {
		t.Fatal(err)
	}
	x, _ := tab.Numbers("x")
	if x[0] != 0.1+0.2 || tab.Cell("s", 0) != "a,b" || tab.Meta["k"] != "v" {
		t.Errorf("round trip: %v %q %v", x, tab.Cell("s", 0), tab.Meta)
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add("# design=sobol n=8\na,b,y\n1,2,3\n")
	f.Add("a,b\n\"x\"\"y\",2\n")
	f.Add("\ufeffa;b\n1;2\n")
	f.Add("a,b\n1,true\n2,FALSE\n,\n")
	f.Add("#\n#\n\n")
	fixture.FuzzReader(f, ReadCSV, func(t *testing.T, src string, tab *Table) {
		for _, name := range tab.Names {
			c, err := tab.Column(name, true)
			if err != nil {
				t.Fatalf("Column(%q, allowEmpty) failed on a table that read: %v", name, err)
			}
			if len(c.Floats) != tab.Len() {
				t.Fatalf("column %q has %d values for %d rows", name, len(c.Floats), tab.Len())
			}
			for _, v := range c.Floats {
				if c.Kind != KindNumeric && v == v && (int(v) < 0 || int(v) >= len(c.Levels)) {
					t.Fatalf("level index %v out of range", v)
				}
			}
			_, _ = tab.Numbers(name)
			// Declared types: categorical always works on a column without
			// empty cells; undeclared gives numbers or booleans, or an error.
			if _, err := tab.Column(name, false); err != nil {
				continue
			}
			if d, err := tab.DeclaredColumn(name, true); err != nil || d.Kind != KindCategorical {
				t.Fatalf("DeclaredColumn(%q, categorical): %v", name, err)
			}
			if d, err := tab.DeclaredColumn(name, false); err == nil && d.Kind == KindCategorical {
				t.Fatalf("DeclaredColumn(%q, undeclared) is categorical", name)
			}
		}
		_ = tab.HeaderCategorical()
	})
}

// Columns are typed by declaration: an undeclared column must hold
// numbers (or only true/false), and a stray cell is an error at its line.
func TestDeclaredColumn(t *testing.T) {
	src := "# factor p categorical(a|b)\nn,stray,flag,badflag,p,code\n1,2,true,true,a,10\n2,oops,false,maybe,b,9\n3,4,true,false,a,10\n"
	tab, err := ReadCSV(strings.NewReader(src), "d.csv")
	if err != nil {
		t.Fatal(err)
	}
	cat := tab.HeaderCategorical()
	cases := []struct {
		col     string
		cat     bool
		kind    Kind
		levels  int
		wantErr string
	}{
		{"n", false, KindNumeric, 0, ""},
		{"stray", false, 0, 0, `d.csv:4: column "stray" holds "oops", not a number; declare the column categorical`},
		{"stray", true, KindCategorical, 3, ""},
		{"flag", false, KindBoolean, 2, ""},
		{"badflag", false, 0, 0, `d.csv:4: column "badflag" holds "maybe", not true or false`},
		{"p", cat["p"], KindCategorical, 2, ""},
		{"p", false, 0, 0, `d.csv:3: column "p" holds "a", not a number`},
		{"code", true, KindCategorical, 2, ""}, // numbers as levels: "10", "9"
	}
	for _, c := range cases {
		col, err := tab.DeclaredColumn(c.col, c.cat)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%s (categorical %t): error %v; want %q", c.col, c.cat, err, c.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.col, err)
			continue
		}
		if col.Kind != c.kind || len(col.Levels) != c.levels {
			t.Errorf("%s: kind %v levels %v; want %v with %d levels", c.col, col.Kind, col.Levels, c.kind, c.levels)
		}
	}
	if len(cat) != 1 || !cat["p"] {
		t.Errorf("header categorical %v; want p", cat)
	}
}
