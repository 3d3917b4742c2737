package ge

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/csvfile"
)

// ParseError is a problem in a user's data file, located by file, line
// and column (both 1-based; column counts bytes from the start of the line,
// as encoding/csv reports it) and the column's name.
type ParseError = csvfile.FieldError

// Bilateral is a table of international flows read from a file, in million
// US dollars, without domestic sales. Build the square table the solvers
// need with WithDomestic.
type Bilateral struct {
	Flows map[Pair]float64
	Year  int
	// Source says which file and layout the flows came from.
	Source string
	// Notes records choices made while reading (mirror flows used,
	// aggregates dropped), for the user's record.
	Notes []string
}

// ImportOptions control the importers.
type ImportOptions struct {
	// Year keeps only rows of this year. Zero accepts a file holding a
	// single year and fails on a file with several.
	Year int
	// Codes maps the file's country codes to the codes of the flow table
	// (ISO3). DOTS files from the legacy IMF portal use IMF numeric codes;
	// IMFCodes holds the common ones, and entries here override it.
	Codes map[string]string
	// PreferExports uses exporter-reported flows (FOB) where both partners
	// report; the default prefers importer-reported flows (CIF), as DOTS-
	// based gravity datasets do, and falls back to the exporter's report.
	PreferExports bool
	// Scale multiplies values to express them in million USD. Zero means
	// the layout's documented unit (USD for Comtrade and DOTS, thousand
	// USD for BACI).
	Scale float64
}

// openCSV reads the header of r and finds the columns the importer
// needs (see csvfile.Reader.Need).
func openCSV(r io.Reader, name string, need ...string) (*csvFile, []int, error) {
	f, err := csvfile.NewReader(r, name)
	if err != nil {
		return nil, nil, err
	}
	idx, err := f.Need(need...)
	if err != nil {
		return nil, nil, err
	}
	return &csvFile{f}, idx, nil
}

// mirror collects importer- and exporter-reported values of each pair.
type mirror struct {
	imp, exp map[Pair]float64
}

func newMirror() *mirror { return &mirror{imp: map[Pair]float64{}, exp: map[Pair]float64{}} }

func (m *mirror) resolve(preferExports bool) (map[Pair]float64, []string) {
	out := map[Pair]float64{}
	first, second := m.imp, m.exp
	if preferExports {
		first, second = m.exp, m.imp
	}
	for p, v := range first {
		out[p] = v
	}
	fill := 0
	for p, v := range second {
		if _, ok := out[p]; !ok {
			out[p] = v
			fill++
		}
	}
	kind := "importer-reported (CIF)"
	other := "exporter-reported (FOB)"
	if preferExports {
		kind, other = other, kind
	}
	return out, []string{fmt.Sprintf("%d pairs from %s flows; %d pairs filled from %s mirror flows", len(first), kind, fill, other)}
}

// bilateral finishes an importer of mirror flows in US dollars from file
// name of the given layout: it returns the error of the file's rows, or
// of its years, or the reconciled flows with a note that count rows were left out (note is a
// format with one %d) when any were.
func (m *mirror) bilateral(err error, yf *yearFilter, name, layout string, opt ImportOptions, note string, count int) (*Bilateral, error) {
	if err != nil {
		return nil, err
	}
	if err := yf.done(name); err != nil {
		return nil, err
	}
	flows, notes := m.resolve(opt.PreferExports)
	if count > 0 {
		notes = append(notes, fmt.Sprintf(note, count))
	}
	return &Bilateral{Flows: scaled(flows, scaleOr(opt.Scale, 1e-6)), Year: yf.seen, Source: name + " (" + layout + ")", Notes: notes}, nil
}

func scaleOr(s, def float64) float64 {
	if s == 0 {
		return def
	}
	return s
}

func scaled(m map[Pair]float64, s float64) map[Pair]float64 {
	for p, v := range m {
		m[p] = v * s
	}
	return m
}

// isAggregate reports codes that stand for the world or groups rather than
// economies in the three layouts.
func isAggregate(code string) bool {
	switch code {
	case "", "0", "W00", "WLD", "World", "_X", "X", "1", "001":
		return true
	}
	return false
}

// ReadDOTS reads the IMF Direction of Trade Statistics "panel" CSV export
// (data.imf.org): columns "Country Name", "Country Code", "Counterpart
// Country Name", "Counterpart Country Code", "Time Period", and the value
// columns "Goods, Value of Exports, Free on board (FOB), US Dollars
// (TXG_FOB_USD)" and "Goods, Value of Imports, Cost, Insurance, Freight
// (CIF), US Dollars (TMG_CIF_USD)" (either may be absent, not both). Each
// row is a reporter (Country) and partner (Counterpart): exports go from
// the reporter to the partner, imports from the partner to the reporter.
// Only annual periods (four-digit years) are read. Country codes are
// mapped through IMFCodes and opt.Codes; codes left numeric after mapping
// are reported as an error so that no flow is silently misfiled. Values
// are taken as US dollars unless opt.Scale says otherwise.
func ReadDOTS(r io.Reader, name string, opt ImportOptions) (*Bilateral, error) {
	f, idx, err := openCSV(r, name, "Country Code", "Counterpart Country Code", "Time Period")
	if err != nil {
		return nil, err
	}
	const xcol = "Goods, Value of Exports, Free on board (FOB), US Dollars (TXG_FOB_USD)"
	const mcol = "Goods, Value of Imports, Cost, Insurance, Freight (CIF), US Dollars (TMG_CIF_USD)"
	xi, hasX := f.Index(xcol)
	mi, hasM := f.Index(mcol)
	if !hasX && !hasM {
		return nil, &ParseError{File: name, Line: 1, Column: 1, Field: xcol, Err: fmt.Errorf("missing: need the exports (TXG_FOB_USD) or imports (TMG_CIF_USD) column")}
	}
	codes := map[string]string{}
	for k, v := range IMFCodes {
		codes[k] = v
	}
	for k, v := range opt.Codes {
		codes[k] = v
	}
	m := newMirror()
	yf := yearFilter{want: opt.Year}
	dropped := 0
	err = f.Each(func(rec []string) error {
		period := strings.TrimSpace(rec[idx[2]])
		if len(period) != 4 { // quarterly or monthly rows
			return nil
		}
		if ok, err := yf.row(f, rec, idx[2]); !ok {
			return err
		}
		rep, par, err := f.pair(rec, idx[0], idx[1], codes)
		if err != nil {
			return err
		}
		for _, c := range []struct {
			code string
			col  int
		}{{rep, idx[0]}, {par, idx[1]}} {
			if _, numErr := strconv.Atoi(c.code); numErr == nil && !isAggregate(c.code) {
				return f.ErrAt(c.col, fmt.Errorf("IMF code %s has no ISO3 mapping; add it to the codes option", c.code))
			}
		}
		if isAggregate(rep) || isAggregate(par) || rep == par {
			dropped++
			return nil
		}
		if hasX {
			if v, ok, err := f.number(rec, xi); err != nil {
				return err
			} else if ok {
				m.exp[Pair{rep, par}] += v
			}
		}
		if hasM {
			if v, ok, err := f.number(rec, mi); err != nil {
				return err
			} else if ok {
				m.imp[Pair{par, rep}] += v
			}
		}
		return nil
	})
	return m.bilateral(err, &yf, name, "IMF DOTS panel CSV", opt, "%d rows with world or group aggregates dropped", dropped)
}

// ReadBACI reads a CEPII BACI yearly file (BACI_HSxx_Yyyyy_Vvvvvvv.csv):
// columns t (year), i (exporter), j (importer), k (HS6 product), v (value,
// thousand current USD), q (metric tons). BACI is already reconciled
// (one flow per pair and product, FOB), so values are summed over
// products. Exporter and importer are CEPII numeric codes; codes, if not
// nil, is the country_codes_Vvvvvvv.csv of the same release (columns
// country_code and country_iso3, or iso_3digit_alpha in older releases)
// used to map them to ISO3.
func ReadBACI(r io.Reader, name string, codes io.Reader, codesName string, opt ImportOptions) (*Bilateral, error) {
	cmap := map[string]string{}
	if codes != nil {
		cf, ci, err := openCSV(codes, codesName, "country_code", "country_iso3|iso_3digit_alpha")
		if err != nil {
			return nil, err
		}
		err = cf.Each(func(rec []string) error {
			num := strings.TrimSpace(rec[ci[0]])
			iso := strings.TrimSpace(rec[ci[1]])
			if num == "" {
				return cf.ErrAt(ci[0], errors.New("empty country code"))
			}
			if iso != "" && iso != "NA" {
				cmap[num] = iso
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for k, v := range opt.Codes {
		cmap[k] = v
	}
	f, idx, err := openCSV(r, name, "t", "i", "j", "v")
	if err != nil {
		return nil, err
	}
	flows := map[Pair]float64{}
	yf := yearFilter{want: opt.Year}
	err = f.Each(func(rec []string) error {
		if ok, err := yf.row(f, rec, idx[0]); !ok {
			return err
		}
		var ij [2]string
		for k, col := range idx[1:3] {
			c := strings.TrimSpace(rec[col])
			if _, nerr := strconv.Atoi(c); nerr != nil {
				return f.ErrAt(col, fmt.Errorf("%q is not a numeric country code", c))
			}
			if iso, ok := cmap[c]; ok {
				c = iso
			} else if codes != nil {
				return f.ErrAt(col, fmt.Errorf("country code %s is not in %s", c, codesName))
			}
			ij[k] = c
		}
		v, err := f.required(rec, idx[3])
		if err != nil {
			return err
		}
		if ij[0] != ij[1] {
			flows[Pair{ij[0], ij[1]}] += v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := yf.done(name); err != nil {
		return nil, err
	}
	notes := []string{"values summed over HS6 products"}
	if codes == nil {
		notes = append(notes, "no country_codes file given: countries keep BACI numeric codes")
	}
	return &Bilateral{Flows: scaled(flows, scaleOr(opt.Scale, 1e-3)), Year: yf.seen,
		Source: name + " (CEPII BACI)", Notes: notes}, nil
}

// ReadComtrade reads a UN Comtrade CSV export, either the current
// Comtrade+ layout (columns refYear, reporterISO, partnerISO, flowCode,
// cmdCode, primaryValue; optional partner2Code, customsCode, motCode) or
// the legacy layout (Year, Reporter ISO, Partner ISO, Trade Flow Code,
// Commodity Code, Trade Value (US$)). Only rows for the commodity total
// (cmdCode TOTAL) are read, so that nested HS levels are never summed,
// and only the totals over second partner, customs procedure and transport
// mode where those columns exist. Flow codes M (imports, partner to
// reporter) and X (exports, reporter to partner) are used; re-exports and
// re-imports are ignored. Values are US dollars.
func ReadComtrade(r io.Reader, name string, opt ImportOptions) (*Bilateral, error) {
	f, idx, err := openCSV(r, name, "refYear|Year", "reporterISO|Reporter ISO", "partnerISO|Partner ISO",
		"flowCode|Trade Flow Code", "cmdCode|Commodity Code", "primaryValue|Trade Value (US$)")
	if err != nil {
		return nil, err
	}
	totals := map[string]string{"partner2Code": "0", "customsCode": "C00", "motCode": "0", "2nd Partner Code": "0"}
	var filt []struct {
		col  int
		want string
	}
	for c, want := range totals {
		if i, ok := f.Index(c); ok {
			filt = append(filt, struct {
				col  int
				want string
			}{i, want})
		}
	}
	sort.Slice(filt, func(a, b int) bool { return filt[a].col < filt[b].col })
	m := newMirror()
	yf := yearFilter{want: opt.Year}
	skipped := 0
	err = f.Each(func(rec []string) error {
		for _, fl := range filt {
			if v := strings.TrimSpace(rec[fl.col]); v != "" && v != fl.want {
				skipped++
				return nil
			}
		}
		if strings.TrimSpace(rec[idx[4]]) != "TOTAL" {
			skipped++
			return nil
		}
		if ok, err := yf.row(f, rec, idx[0]); !ok {
			return err
		}
		rep, par, err := f.pair(rec, idx[1], idx[2], opt.Codes)
		if err != nil {
			return err
		}
		if isAggregate(rep) || isAggregate(par) || rep == par {
			skipped++
			return nil
		}
		v, ok, err := f.number(rec, idx[5])
		if err != nil || !ok {
			return err
		}
		switch fc := strings.TrimSpace(rec[idx[3]]); fc {
		case "M", "1", "Import":
			m.imp[Pair{par, rep}] += v
		case "X", "2", "Export":
			m.exp[Pair{rep, par}] += v
		case "RM", "RX", "3", "4", "Re-Import", "Re-Export", "MIP", "XIP", "MOP", "XOP", "DX", "FM":
			skipped++
		default:
			return f.ErrAt(idx[3], fmt.Errorf("unknown trade flow code %q (want M or X)", fc))
		}
		return nil
	})
	return m.bilateral(err, &yf, name, "UN Comtrade CSV", opt, "%d rows skipped (not commodity totals, aggregates, or re-exports)", skipped)
}

// ReadLong reads the simplest layout: columns exporter, importer, value
// (million USD) and optionally year. Rows with exporter = importer are
// domestic sales: use Bilateral.Square when every country has one, or
// WithDomestic (which ignores them) to build them from GDP.
func ReadLong(r io.Reader, name string, opt ImportOptions) (*Bilateral, error) {
	f, idx, err := openCSV(r, name, "exporter", "importer", "value")
	if err != nil {
		return nil, err
	}
	yi, hasY := f.Index("year")
	flows := map[Pair]float64{}
	yf := yearFilter{want: opt.Year}
	err = f.Each(func(rec []string) error {
		y := opt.Year
		if hasY {
			var err error
			if y, err = f.year(rec, yi); err != nil {
				return err
			}
		}
		if y == 0 {
			y = -1 // no year column and none asked: one anonymous year
		}
		if ok, err := yf.keep(f, y, yi); !ok {
			return err
		}
		e, i, err := f.pair(rec, idx[0], idx[1], opt.Codes)
		if err != nil {
			return err
		}
		v, err := f.required(rec, idx[2])
		if err != nil {
			return err
		}
		p := Pair{e, i}
		if _, dup := flows[p]; dup {
			return f.ErrAt(idx[0], fmt.Errorf("pair %s-%s appears twice", e, i))
		}
		flows[p] = v * scaleOr(opt.Scale, 1)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := yf.done(name); err != nil {
		return nil, err
	}
	y := yf.seen
	if y < 0 {
		y = 0
	}
	return &Bilateral{Flows: flows, Year: y, Source: name}, nil
}

// IMFCodes maps IMF numeric country codes (as in legacy DOTS exports) to
// ISO3 for the economies of the Central Asia scenario and their main
// partners. Other codes must be supplied through ImportOptions.Codes.
// Source: IMF, "Direction of Trade Statistics Yearbook", country codes
// (appendix of the DOTS guide).
var IMFCodes = map[string]string{
	"111": "USA", "112": "GBR", "122": "AUT", "124": "BEL", "128": "DNK",
	"132": "FRA", "134": "DEU", "136": "ITA", "138": "NLD", "142": "NOR",
	"144": "SWE", "146": "CHE", "156": "CAN", "158": "JPN", "172": "FIN",
	"174": "GRC", "186": "TUR", "429": "IRN", "512": "AFG", "534": "IND",
	"542": "KOR", "564": "PAK", "911": "ARM", "912": "AZE", "913": "BLR",
	"915": "GEO", "916": "KAZ", "917": "KGZ", "921": "MDA", "922": "RUS",
	"923": "TJK", "924": "CHN", "925": "TKM", "926": "UKR", "927": "UZB",
	"948": "MNG", "001": "W00",
}

// Square returns the flow table of a Bilateral that includes domestic
// sales for every country (as a file in the long layout may). It fails,
// naming the country, when one has none.
func (b *Bilateral) Square() (*Flows, error) {
	var rows []Triple
	for p, v := range b.Flows {
		rows = append(rows, Triple{p.Exporter, p.Importer, v})
	}
	f := Square(rows)
	f.Unit, f.Year, f.Source = "million USD", b.Year, b.Source
	for i, c := range f.Countries {
		if _, ok := b.Flows[Pair{c, c}]; !ok {
			return nil, fmt.Errorf("%s: no domestic sales (%s-%s row); build them from GDP with WithDomestic", b.Source, c, c)
		}
		_ = i
	}
	return f, f.Validate()
}

// ReadCostRatios reads per-pair trade-cost ratios t'_ij/t_ij (0.9 = costs
// 10% lower), e.g. derived from package network's routes before and after a
// project with TimeCost or DistanceCost: columns exporter, importer, ratio.
// A pair listed twice is an error.
func ReadCostRatios(r io.Reader, name string) (map[Pair]float64, error) {
	f, idx, err := openCSV(r, name, "exporter", "importer", "ratio")
	if err != nil {
		return nil, err
	}
	out := map[Pair]float64{}
	err = f.Each(func(rec []string) error {
		e, err := f.code(rec, idx[0], nil)
		if err != nil {
			return err
		}
		i, err := f.code(rec, idx[1], nil)
		if err != nil {
			return err
		}
		v, ok, err := f.number(rec, idx[2])
		if err != nil {
			return err
		}
		if !ok || !(v > 0) {
			return f.ErrAt(idx[2], fmt.Errorf("ratio %q must be a positive number", rec[idx[2]]))
		}
		p := Pair{e, i}
		if _, dup := out[p]; dup {
			return f.ErrAt(idx[0], fmt.Errorf("pair %s-%s appears twice", e, i))
		}
		out[p] = v
		return nil
	})
	return nonEmpty(out, err, name, "cost ratios")
}

// ReadWorldBankGDP reads the World Bank WDI GDP series in the layout of the
// datasets/gdp package (columns "Country Name", "Country Code", "Year",
// "Value", current US dollars) and returns it in million USD.
func ReadWorldBankGDP(r io.Reader, name string) (GDPSeries, error) {
	f, idx, err := openCSV(r, name, "Country Code", "Year", "Value")
	if err != nil {
		return nil, err
	}
	s := GDPSeries{}
	err = f.Each(func(rec []string) error {
		c := strings.TrimSpace(rec[idx[0]])
		if c == "" {
			return f.ErrAt(idx[0], errors.New("empty country code"))
		}
		y, err := f.year(rec, idx[1])
		if err != nil {
			return err
		}
		v, ok, err := f.number(rec, idx[2])
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		if s[c] == nil {
			s[c] = map[int]float64{}
		}
		s[c][y] = v / 1e6
		return nil
	})
	return nonEmpty(s, err, name, "GDP rows")
}

// ReadHMR reads the Head–Mayer–Ries gravity extract (columns iso_o, iso_d,
// flow in million USD, gdp_o in million USD) and returns its international
// flows and the GDP it carries. Old codes are mapped by HMRCodes; empty
// flows are missing and read as zero.
func ReadHMR(r io.Reader, name string) (*Bilateral, map[string]float64, error) {
	f, idx, err := openCSV(r, name, "iso_o", "iso_d", "flow", "gdp_o", "gdp_d")
	if err != nil {
		return nil, nil, err
	}
	b := &Bilateral{Flows: map[Pair]float64{}, Source: name + " (Head, Mayer & Ries 2010 extract)"}
	gdp := map[string]float64{}
	err = f.Each(func(rec []string) error {
		code := func(i int) string {
			c := strings.TrimSpace(rec[i])
			if m, ok := HMRCodes[c]; ok {
				return m
			}
			return c
		}
		o, d := code(idx[0]), code(idx[1])
		if o == "" || d == "" {
			return f.ErrAt(idx[0], errors.New("empty country code"))
		}
		v, ok, err := f.number(rec, idx[2])
		if err != nil {
			return err
		}
		if ok && o != d {
			b.Flows[Pair{o, d}] += v
		}
		for k, c := range []string{o, d} {
			g, ok, err := f.number(rec, idx[3+k])
			if err != nil {
				return err
			}
			if ok {
				gdp[c] = g
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return b, gdp, nil
}
