package ge

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
)

func readFile(t testing.TB, name string) *os.File { return fixture.Open(t, "testdata/import/"+name) }

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestImporters(t *testing.T) {
	dots, err := ReadDOTS(readFile(t, "dots_panel.csv"), "dots_panel.csv", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	baci, err := ReadBACI(readFile(t, "baci_flows.csv"), "baci_flows.csv", readFile(t, "baci_country_codes.csv"), "baci_country_codes.csv", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	plus, err := ReadComtrade(readFile(t, "comtrade_plus.csv"), "comtrade_plus.csv", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	plusX, err := ReadComtrade(readFile(t, "comtrade_plus.csv"), "comtrade_plus.csv", ImportOptions{PreferExports: true})
	if err != nil {
		t.Fatal(err)
	}
	legacy, err := ReadComtrade(readFile(t, "comtrade_legacy.csv"), "comtrade_legacy.csv", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	long, err := ReadLong(readFile(t, "long.csv"), "long.csv", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		b    *Bilateral
		year int
		want map[Pair]float64 // million USD
	}{
		// KAZ->RUS: RUS's import report (8,900) wins over KAZ's export report;
		// RUS->KAZ: KAZ's imports 17,000; KAZ->CHN: no import report, KAZ's
		// exports 7,800; CHN->KAZ: KAZ imports 8,600. Quarterly and World rows dropped.
		{"dots", dots, 2019, map[Pair]float64{{"KAZ", "RUS"}: 8900, {"RUS", "KAZ"}: 17000, {"KAZ", "CHN"}: 7800, {"CHN", "KAZ"}: 8600}},
		// thousand USD summed over products
		{"baci", baci, 2021, map[Pair]float64{{"KAZ", "RUS"}: 2.60075, {"KAZ", "CHN"}: 3, {"CHN", "KAZ"}: 1.50075}},
		// TOTAL rows only; RUS's imports from KAZ (9,100) preferred; RX ignored
		{"comtrade+", plus, 2022, map[Pair]float64{{"KAZ", "RUS"}: 9100, {"RUS", "KAZ"}: 17300}},
		{"comtrade+ exports", plusX, 2022, map[Pair]float64{{"KAZ", "RUS"}: 8800, {"RUS", "KAZ"}: 17300}},
		{"comtrade legacy", legacy, 2016, map[Pair]float64{{"KGZ", "KAZ"}: 223, {"KAZ", "KGZ"}: 529}},
		{"long", long, 0, map[Pair]float64{{"KAZ", "KAZ"}: 150000, {"KAZ", "RUS"}: 8800, {"RUS", "KAZ"}: 17300, {"RUS", "RUS"}: 1800000}},
	} {
		if tc.b.Year != tc.year {
			t.Errorf("%s: year %d, want %d", tc.name, tc.b.Year, tc.year)
		}
		if len(tc.b.Flows) != len(tc.want) {
			t.Errorf("%s: %d flows %v, want %d", tc.name, len(tc.b.Flows), tc.b.Flows, len(tc.want))
		}
		for p, v := range tc.want {
			if !near(tc.b.Flows[p], v) {
				t.Errorf("%s: %v = %v, want %v", tc.name, p, tc.b.Flows[p], v)
			}
		}
	}
	sq, err := long.Square()
	if err != nil {
		t.Fatal(err)
	}
	if sq.N() != 2 || sq.At(0, 1) != 8800 {
		t.Errorf("long square: %+v", sq)
	}
	if _, err := dots.Square(); err == nil {
		t.Error("DOTS flows have no domestic sales; Square should fail")
	}
	f, notes, err := WithDomestic(dots, map[string]float64{"KAZ": 180000, "RUS": 1700000, "CHN": 14000000}, DomesticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if k := f.Index("KAZ"); !near(f.At(k, k), 180000-8900-7800) {
		t.Errorf("KAZ domestic sales %v, notes %v", f.At(k, k), notes)
	}
}

func TestImportersRejectMalformed(t *testing.T) {
	const dotsHead = `"Country Name","Country Code","Counterpart Country Name","Counterpart Country Code","Time Period","Goods, Value of Exports, Free on board (FOB), US Dollars (TXG_FOB_USD)"` + "\n"
	for _, tc := range []struct {
		name, src string
		read      func(string) error
		want      string // substring: file:line:col and the column
	}{
		{"dots negative", dotsHead + `"Kazakhstan","916","Russia","922","2019","-5"` + "\n",
			func(s string) error { _, err := ReadDOTS(strings.NewReader(s), "d.csv", ImportOptions{}); return err },
			`d.csv:2:42: Goods, Value of Exports, Free on board (FOB), US Dollars (TXG_FOB_USD): value -5`},
		{"dots text value", dotsHead + `"Kazakhstan","916","Russia","922","2019","lots"` + "\n",
			func(s string) error { _, err := ReadDOTS(strings.NewReader(s), "d.csv", ImportOptions{}); return err },
			`d.csv:2:42: Goods, Value of Exports, Free on board (FOB), US Dollars (TXG_FOB_USD): "lots" is not a number`},
		{"dots unmapped code", dotsHead + `"Narnia","999","Russia","922","2019","5"` + "\n",
			func(s string) error { _, err := ReadDOTS(strings.NewReader(s), "d.csv", ImportOptions{}); return err },
			`d.csv:2:10: Country Code: IMF code 999 has no ISO3 mapping`},
		{"dots missing column", `"Country Code","Time Period"` + "\n",
			func(s string) error { _, err := ReadDOTS(strings.NewReader(s), "d.csv", ImportOptions{}); return err },
			`d.csv:1:1: Counterpart Country Code: missing column`},
		{"baci bad year", "t,i,j,k,v,q\n2021,398,643,1,2,3\n20x1,398,643,1,2,3\n",
			func(s string) error {
				_, err := ReadBACI(strings.NewReader(s), "b.csv", nil, "", ImportOptions{})
				return err
			},
			`b.csv:3:1: t: "20x1" is not a year`},
		{"baci two years", "t,i,j,k,v,q\n2021,398,643,1,2,3\n2022,398,643,1,2,3\n",
			func(s string) error {
				_, err := ReadBACI(strings.NewReader(s), "b.csv", nil, "", ImportOptions{})
				return err
			},
			`b.csv:3:1: t: file holds years 2021 and 2022`},
		{"baci unknown code", "t,i,j,k,v,q\n2021,398,999,1,2,3\n",
			func(s string) error {
				_, err := ReadBACI(strings.NewReader(s), "b.csv", strings.NewReader("country_code,country_iso3\n398,KAZ\n"), "c.csv", ImportOptions{})
				return err
			},
			`b.csv:2:10: j: country code 999 is not in c.csv`},
		{"baci ragged", "t,i,j,k,v,q\n2021,398,643,1,2\n",
			func(s string) error {
				_, err := ReadBACI(strings.NewReader(s), "b.csv", nil, "", ImportOptions{})
				return err
			},
			`b.csv:2:1: row: got 5 fields, want 6`},
		{"comtrade flow code", "refYear,reporterISO,partnerISO,flowCode,cmdCode,primaryValue\n2022,KAZ,RUS,Q,TOTAL,5\n",
			func(s string) error {
				_, err := ReadComtrade(strings.NewReader(s), "c.csv", ImportOptions{})
				return err
			},
			`c.csv:2:14: flowCode: unknown trade flow code "Q"`},
		{"comtrade bare quote", "refYear,reporterISO,partnerISO,flowCode,cmdCode,primaryValue\n2022,KAZ,RUS,X,TOTAL,5\"\n",
			func(s string) error {
				_, err := ReadComtrade(strings.NewReader(s), "c.csv", ImportOptions{})
				return err
			},
			`c.csv:2:`},
		{"long duplicate", "exporter,importer,value\nKAZ,RUS,1\nKAZ,RUS,2\n",
			func(s string) error { _, err := ReadLong(strings.NewReader(s), "l.csv", ImportOptions{}); return err },
			`l.csv:3:1: exporter: pair KAZ-RUS appears twice`},
		{"empty", "",
			func(s string) error { _, err := ReadLong(strings.NewReader(s), "l.csv", ImportOptions{}); return err },
			`l.csv:1:1: header: empty file`},
	} {
		err := tc.read(tc.src)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: error %q is not a *ParseError", tc.name, err)
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, err, tc.want)
		}
	}
}

// The importers must never panic and, when they succeed, return only
// finite non-negative flows between distinct countries.
func fuzzImporter(f *testing.F, seeds []string, read func(string) (*Bilateral, error)) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		b, err := read(src)
		if err != nil {
			return
		}
		for p, v := range b.Flows {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Fatalf("flow %v = %v", p, v)
			}
		}
	})
}

func seedFile(f *testing.F, name string) string {
	b, err := os.ReadFile("testdata/import/" + name)
	if err != nil {
		f.Fatal(err)
	}
	return string(b)
}

func FuzzReadDOTS(f *testing.F) {
	fuzzImporter(f, []string{seedFile(f, "dots_panel.csv"), "\"Country Code\"\n"}, func(s string) (*Bilateral, error) {
		return ReadDOTS(strings.NewReader(s), "f.csv", ImportOptions{})
	})
}

func FuzzReadBACI(f *testing.F) {
	fuzzImporter(f, []string{seedFile(f, "baci_flows.csv"), "t,i,j,k,v,q\n"}, func(s string) (*Bilateral, error) {
		return ReadBACI(strings.NewReader(s), "f.csv", nil, "", ImportOptions{})
	})
}

func FuzzReadComtrade(f *testing.F) {
	fuzzImporter(f, []string{seedFile(f, "comtrade_plus.csv"), seedFile(f, "comtrade_legacy.csv")}, func(s string) (*Bilateral, error) {
		return ReadComtrade(strings.NewReader(s), "f.csv", ImportOptions{})
	})
}

func FuzzReadLong(f *testing.F) {
	fuzzImporter(f, []string{seedFile(f, "long.csv"), "exporter,importer,value,year\nA,B,1,2000\n"}, func(s string) (*Bilateral, error) {
		b, err := ReadLong(strings.NewReader(s), "f.csv", ImportOptions{})
		if err == nil {
			if sq, err := b.Square(); err == nil {
				if err := sq.Validate(); err != nil {
					panic(err)
				}
			}
		}
		return b, err
	})
}

func TestReadCostRatios(t *testing.T) {
	m, err := ReadCostRatios(strings.NewReader("exporter,importer,ratio\nKGZ,CHN,0.85\nCHN,KGZ,0.9\n"), "r.csv")
	if err != nil {
		t.Fatal(err)
	}
	if m[Pair{"KGZ", "CHN"}] != 0.85 || m[Pair{"CHN", "KGZ"}] != 0.9 {
		t.Errorf("%v", m)
	}
	for src, want := range map[string]string{
		"exporter,importer,ratio\nKGZ,CHN,0\n":            `r.csv:2:9: ratio: ratio "0" must be a positive number`,
		"exporter,importer,ratio\nKGZ,CHN,1\nKGZ,CHN,2\n": `r.csv:3:1: exporter: pair KGZ-CHN appears twice`,
		"exporter,importer\nKGZ,CHN\n":                    `r.csv:1:1: ratio: missing column`,
		"exporter,importer,ratio\n,CHN,1\n":               `r.csv:2:1: exporter: empty country code`,
	} {
		if _, err := ReadCostRatios(strings.NewReader(src), "r.csv"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want %q", src, err, want)
		}
	}
}

func FuzzReadCostRatios(f *testing.F) {
	f.Add("exporter,importer,ratio\nKGZ,CHN,0.85\n")
	fixture.FuzzReader(f, ReadCostRatios, func(t *testing.T, src string, m map[Pair]float64) {
		for p, v := range m {
			if !(v > 0) || math.IsInf(v, 0) {
				t.Fatalf("%v = %v", p, v)
			}
		}
	})
}

func FuzzReadWorldBankGDP(f *testing.F) {
	f.Add("Country Name,Country Code,Year,Value\nKazakhstan,KAZ,2023,261421121085.57\n")
	f.Add("Country Code,Year,Value\nKAZ,20x3,1\n")
	fixture.FuzzReader(f, ReadWorldBankGDP, func(t *testing.T, src string, s GDPSeries) {
		for c, ys := range s {
			for y, v := range ys {
				if !(v >= 0) || math.IsInf(v, 0) {
					t.Fatalf("%s %d = %v", c, y, v)
				}
			}
		}
	})
}

func FuzzReadHMR(f *testing.F) {
	f.Add("iso_o,iso_d,distw,gdp_o,gdp_d,rta,flow,contig,comlang_off,comcur\nKAZ,KGZ,1000,77236.9,2694.7,1,300.5,1,0,0\n")
	f.Fuzz(func(t *testing.T, src string) {
		b, gdp, err := ReadHMR(strings.NewReader(src), "f.csv")
		if err != nil {
			return
		}
		for p, v := range b.Flows {
			if !(v >= 0) || math.IsInf(v, 0) || p.Exporter == p.Importer {
				t.Fatalf("%v = %v", p, v)
			}
		}
		if f, _, err := WithDomestic(b, gdp, DomesticOptions{}); err == nil {
			if err := f.Validate(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func FuzzReadNetworkComparison(f *testing.F) {
	f.Add(netCompareJSON)
	f.Add(`{"route_changes":null}`)
	fixture.FuzzReader(f, ReadNetworkComparison, func(t *testing.T, src string, ch []RouteChange) {
		hours, _ := RouteHours(ch, []string{"KGZ", "UZB", "TJK", "CHN", "RUS"})
		for p, h := range hours {
			if !(h[1] > 0 && h[1] < h[0]) || math.IsInf(h[0], 0) {
				t.Fatalf("%v: %v", p, h)
			}
		}
	})
}
