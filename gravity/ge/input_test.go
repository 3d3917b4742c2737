package ge

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/steppe-dev/steppe/csvfile"
)

func TestFlowTableSquare(t *testing.T) {
	const csv = "exporter,importer,year,flow\nAAA,AAA,2000,100\nAAA,BBB,2000,10\nBBB,AAA,2000,20\nBBB,BBB,2000,200\nAAA,AAA,2001,110\nBBB,BBB,2001,210\nAAA,BBB,2001,0\nBBB,AAA,2001,5\n"
	tab, err := ReadFlowTableCSV(strings.NewReader(csv), "t.csv", TableColumns{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tab.Square(0); err == nil || !strings.Contains(err.Error(), "2000 to 2001") {
		t.Errorf("Square(0) on two years: %v, want a request to choose", err)
	}
	f, err := tab.Square(2000)
	if err != nil {
		t.Fatal(err)
	}
	if f.Year != 2000 || f.N() != 2 || f.At(0, 1) != 10 || f.At(1, 0) != 20 || f.At(1, 1) != 200 {
		t.Errorf("Square(2000) = %+v", f)
	}
}

// TestFlowTableErrors checks each problem's position: file:line:column.
func TestFlowTableErrors(t *testing.T) {
	for _, tc := range []struct {
		csv, want string
	}{
		{"exporter,importer,flow\nAAA,AAA,-1\n", "t.csv:2:9: flow: value -1 must be finite and non-negative"},
		{"exporter,importer,flow\nAAA,AAA,x\n", `t.csv:2:9: flow: "x" is not a number`},
		{"exporter,importer,flow\nAAA,AAA,\n", "t.csv:2:9: flow: missing value"},
		{"exporter,importer\nAAA,AAA\n", "t.csv:1:1: flow|value|trade: missing column"},
		{"exporter,importer,value\n,AAA,1\n", "t.csv:2:1: exporter: empty country code"},
		{"exporter,importer,value,year\nAAA,AAA,1,19x\n", `t.csv:2:11: year: "19x" is not a year`},
		{"exporter,importer,value\n", "t.csv:2:1: row: no data rows"},
	} {
		_, err := ReadFlowTableCSV(strings.NewReader(tc.csv), "t.csv", TableColumns{})
		wantErr(t, tc.csv, err, tc.want)
	}
	for _, tc := range []struct {
		csv, want string
	}{
		{"exporter,importer,flow\nAAA,AAA,1\nAAA,BBB,2\nBBB,AAA,3\n", "t.csv:3:5: importer: BBB has no domestic flow"},
		{"exporter,importer,flow\nAAA,AAA,1\nBBB,BBB,1\n AAA , AAA ,1\n", "t.csv:4:1: exporter: pair AAA-AAA of 0 appears twice (first on line 2)"},
		{"exporter,importer,flow\nAAA,AAA,1\nBBB,BBB,0\n", "BBB has no output"},
	} {
		tab, err := ReadFlowTableCSV(strings.NewReader(tc.csv), "t.csv", TableColumns{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = tab.Square(0)
		wantErr(t, tc.csv, err, tc.want)
	}
}

func TestShockSpecs(t *testing.T) {
	countries := []string{"AAA", "BBB", "CCC"}
	coefs := Coefs{"rta": 0.4}
	for _, tc := range []struct {
		parse func() (Shock, error)
		want  []float64 // lb, row-major
	}{
		{func() (Shock, error) { return ParseAgreementShock("AAA,BBB:-rta", coefs) }, []float64{0, -0.4, 0, -0.4, 0, 0, 0, 0, 0}},
		{func() (Shock, error) { return ParseBorderShock("-1.5", nil) }, []float64{0, 1.5, 1.5, 1.5, 0, 1.5, 1.5, 1.5, 0}},
		{func() (Shock, error) { return ParseBorderShock("AAA,CCC:-1", nil) }, []float64{0, 0, 1, 0, 0, 0, 1, 0, 0}},
		{func() (Shock, error) { return ParseTariffShock("BBB,CCC:0.1:0:2") }, []float64{0, 0, 0, 0, 0, 2 * 0.09531017980432493, 0, 2 * 0.09531017980432493, 0}},
		{func() (Shock, error) { return ParsePairShock("CCC,AAA:0.5") }, []float64{0, 0, 0, 0, 0, 0, 4 * 0.6931471805599453, 0, 0}},
	} {
		s, err := tc.parse()
		if err != nil {
			t.Fatal(err)
		}
		lb, err := LogPartials(countries, 4, s)
		if err != nil {
			t.Fatal(err)
		}
		for k := range lb {
			if !near(lb[k], tc.want[k]) {
				t.Errorf("%s: lb = %v, want %v", s.Describe(), lb, tc.want)
				break
			}
		}
	}
	for _, bad := range []func() (Shock, error){
		func() (Shock, error) { return ParseAgreementShock("AAA:0.5", nil) },
		func() (Shock, error) { return ParseAgreementShock("AAA,BBB:rta", nil) },
		func() (Shock, error) { return ParseAgreementShock("AAA,BBB:tra", coefs) },
		func() (Shock, error) { return ParseAgreementShock("AAA,AAA:1", nil) },
		func() (Shock, error) { return ParseTariffShock("AAA,BBB:0.1") },
		func() (Shock, error) { return ParseTariffShock("AAA,BBB:-1:0") },
		func() (Shock, error) { return ParseTariffShock("AAA,BBB:0:0:-2") },
		func() (Shock, error) { return ParsePairShock("AAA,BBB,CCC:0.9") },
		func() (Shock, error) { return ParsePairShock("AAA,BBB:0") },
		func() (Shock, error) { return ParseBorderShock("NaN", nil) },
	} {
		if s, err := bad(); err == nil {
			t.Errorf("accepted %s", s.Describe())
		}
	}
}

func TestShockFile(t *testing.T) {
	countries := []string{"AAA", "BBB"}
	sf, err := ReadShockFile(strings.NewReader("exporter,importer,cost_ratio\nAAA,BBB,0.5\n"), "s.csv")
	if err != nil {
		t.Fatal(err)
	}
	s, err := sf.Resolve(countries, nil)
	if err != nil {
		t.Fatal(err)
	}
	lb, _ := LogPartials(countries, 2, s)
	if !near(lb[1], 2*0.6931471805599453) || lb[0] != 0 || lb[2] != 0 {
		t.Errorf("lb = %v", lb)
	}
	errorCases(t, func(in string) error { _, err := ReadShockFile(strings.NewReader(in), "s.csv"); return err },
		[2]string{"exporter,importer,cost_ratio\nAAA,BBB,-1\n", "s.csv:2:9: cost_ratio:"},
		[2]string{"exporter,importer,partial_effect,cost_ratio\nAAA,BBB,1,1\n", "s.csv:1:34: cost_ratio: give partial_effect or cost_ratio, not both"},
		[2]string{"exporter,importer\nAAA,BBB\n", "missing column"},
		[2]string{"exporter,importer,partial_effect\n", "s.csv:2:1: row: no pairs"})
}

// FuzzReadFlowTable feeds arbitrary CSV to the flow-table reader and
// Square: either an error with a position or a table that validates.
func FuzzReadFlowTable(f *testing.F) {
	addSeeds(f,
		"exporter,importer,flow\nAAA,AAA,100\nAAA,BBB,10\nBBB,AAA,20\nBBB,BBB,200\n",
		"exporter,importer,year,value\nAAA,AAA,2000,1\nAAA,AAA,2001,2\n",
		"exporter,importer,flow\nAAA,AAA,-1\n",
		"exporter,importer,trade\n\"A\nA\",AAA,1\n",
	)
	f.Fuzz(func(t *testing.T, s string) {
		tab, err := ReadFlowTableCSV(strings.NewReader(s), "f.csv", TableColumns{})
		if err != nil {
			var fe *csvfile.FieldError
			if !errors.As(err, &fe) || fe.Line < 1 || fe.Column < 1 {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		for _, y := range tab.Years() {
			if fl, err := tab.Square(y); err == nil {
				if verr := fl.Validate(); verr != nil {
					t.Fatalf("Square accepted an invalid table: %v", verr)
				}
			}
		}
	})
}

// FuzzReadShockFile feeds arbitrary CSV to the shock-file reader and its
// resolution against a two-economy table.
func FuzzReadShockFile(f *testing.F) {
	addSeeds(f,
		"exporter,importer,cost_ratio\nAAA,BBB,0.5\n",
		"exporter,importer,partial_effect\nAAA,BBB,-rta\nBBB,AAA,0.1\n",
		"exporter,importer,partial_effect\nAAA,ZZZ,1\n",
	)
	f.Fuzz(func(t *testing.T, s string) {
		sf, err := ReadShockFile(strings.NewReader(s), "s.csv")
		if err != nil {
			var fe *csvfile.FieldError
			if !errors.As(err, &fe) || fe.Line < 1 || fe.Column < 1 {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		sh, err := sf.Resolve([]string{"AAA", "BBB"}, Coefs{"rta": 0.5})
		if err != nil {
			var fe *csvfile.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		if _, err := LogPartials([]string{"AAA", "BBB"}, 5, sh); err != nil {
			t.Fatalf("resolved shock fails to apply: %v", err)
		}
	})
}

// FuzzShockSpecs feeds arbitrary strings to the command-line shorthands:
// an error, or a shock whose log partial effects are finite.
func FuzzShockSpecs(f *testing.F) {
	addSeeds(f, "AAA,BBB:0.5", "AAA,BBB:-rta", "-1.5", "AAA,BBB:0.1:0:4", "AAA,BBB:0.9", "AAA,BBB:1e308:0")
	f.Fuzz(func(t *testing.T, s string) {
		for _, parse := range []func(string) (Shock, error){
			func(s string) (Shock, error) { return ParseAgreementShock(s, Coefs{"rta": 0.5}) },
			func(s string) (Shock, error) { return ParseBorderShock(s, Coefs{"rta": 0.5}) },
			ParseTariffShock, ParsePairShock,
		} {
			sh, err := parse(s)
			if err != nil {
				continue
			}
			lb, err := LogPartials([]string{"AAA", "BBB"}, 5, sh)
			if err != nil {
				continue // an unknown country
			}
			for _, v := range lb {
				if v != v || v > 1e300 || v < -1e300 {
					t.Fatalf("%q: log partial effect %v", s, v)
				}
			}
		}
	})
}

// errorCases runs read on each case's input (case[0]) and wants an error
// containing case[1].
func errorCases(t *testing.T, read func(string) error, cases ...[2]string) {
	t.Helper()
	for _, c := range cases {
		wantErr(t, c[0], read(c[0]), c[1])
	}
}

// wantErr fails the test unless err's message contains want.
func wantErr(t *testing.T, input string, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%q: %v, want %q", input, err, want)
	}
}

// addSeeds adds each input to the fuzzer's corpus.
func addSeeds(f *testing.F, inputs ...string) {
	for _, s := range inputs {
		f.Add(s)
	}
}

type flowRow struct {
	Exporter string  `parquet:"exporter"`
	Importer string  `parquet:"importer"`
	Year     int64   `parquet:"year"`
	Flow     float64 `parquet:"flow"`
}

// TestFlowTableParquet reads a Parquet flow table: the same table as the
// CSV, and a negative flow named by row and column.
func TestFlowTableParquet(t *testing.T) {
	write := func(rows []flowRow) string {
		path := filepath.Join(t.TempDir(), "flows.parquet")
		fh, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := parquet.NewGenericWriter[flowRow](fh)
		if _, err := w.Write(rows); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		fh.Close()
		return path
	}
	rows := []flowRow{{"AAA", "AAA", 2000, 100}, {"AAA", "BBB", 2000, 10}, {"BBB", "AAA", 2000, 20}, {"BBB", "BBB", 2000, 200}}
	tab, err := ReadFlowTable(write(rows), TableColumns{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := tab.Square(0)
	if err != nil {
		t.Fatal(err)
	}
	if f.Year != 2000 || f.At(0, 1) != 10 || f.At(1, 0) != 20 || f.At(1, 1) != 200 {
		t.Errorf("table %+v", f)
	}
	rows[2].Flow = -20
	path := write(rows)
	_, err = ReadFlowTable(path, TableColumns{})
	wantErr(t, "negative Parquet flow", err, path+":3:4: flow: value -20 must be finite and non-negative")
}
