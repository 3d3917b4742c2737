package ge

// This file reads what a user of the general counterfactual supplies: flow
// tables (CSV or Parquet) and shocks (command-line shorthands and shock
// files), keeping every row's position so that a problem found late (a
// missing domestic flow, an unknown country) names file:line:column.

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/csvfile"
	"github.com/steppe-dev/steppe/gravity"
)

// TableColumns name the columns of a flow table. Empty names take the
// defaults: exporter, importer, the first of flow, value and trade, and
// year (optional: a table without it holds one year).
type TableColumns struct {
	Exporter, Importer, Flow, Year string
}

func (c TableColumns) withDefaults() TableColumns {
	if c.Exporter == "" {
		c.Exporter = "exporter"
	}
	if c.Importer == "" {
		c.Importer = "importer"
	}
	if c.Flow == "" {
		c.Flow = "flow|value|trade"
	}
	if c.Year == "" {
		c.Year = "year"
	}
	return c
}

// FlowRow is one row of a flow table and where it is: the line of a CSV
// file, or the 1-based row of a Parquet file.
type FlowRow struct {
	Exporter, Importer string
	Flow               float64
	Year               int // 0 when the table has no year column
	Line               int
}

// FlowTable is a flow table as read from a file, row by row, so that a
// problem found later (a missing domestic flow, a duplicate pair) can name
// its place. Domestic flows are the rows with exporter = importer.
type FlowTable struct {
	Name string
	Rows []FlowRow
	// Col holds the 1-based column of the exporter, importer and flow
	// cells (a CSV row's byte column, as encoding/csv counts it, is that
	// of its first record; positions in Parquet files are column indices).
	Col     [3]int
	Columns [3]string // the names of those columns
	CSV     bool
	// colAt gives, for CSV files, the byte column of each row's cells.
	colAt map[int][3]int
}

// Years returns the distinct years of the table, sorted (one 0 when it has
// no year column).
func (t *FlowTable) Years() []int {
	set := map[int]bool{}
	for _, r := range t.Rows {
		set[r.Year] = true
	}
	ys := make([]int, 0, len(set))
	for y := range set {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}

// errAt is a positioned error at cell k (0 exporter, 1 importer, 2 flow)
// of row r.
func (t *FlowTable) errAt(r FlowRow, k int, err error) *csvfile.FieldError {
	col := t.Col[k]
	if c, ok := t.colAt[r.Line]; ok {
		col = c[k]
	}
	return &csvfile.FieldError{File: t.Name, Line: r.Line, Column: col, Field: t.Columns[k], Err: err}
}

// ReadFlowTable reads a flow table from a CSV or Parquet file (by its
// extension: .parquet or .pq is Parquet). Every flow must be a finite,
// non-negative number; a bad cell is a *csvfile.FieldError naming
// file:line:column (for Parquet, the row and the column's position).
func ReadFlowTable(path string, cols TableColumns) (*FlowTable, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".parquet", ".pq":
		fr, err := gravity.ReadParquetFile(path)
		if err != nil {
			return nil, err
		}
		return FlowTableFromFrame(fr, path, cols)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadFlowTableCSV(f, path, cols)
}

// ReadFlowTableCSV reads a flow table in CSV; name is the file's name in
// errors.
func ReadFlowTableCSV(r io.Reader, name string, cols TableColumns) (*FlowTable, error) {
	cols = cols.withDefaults()
	cr, err := csvfile.NewReader(r, name)
	if err != nil {
		return nil, err
	}
	f := &csvFile{cr}
	idx, err := f.Need(cols.Exporter, cols.Importer, cols.Flow)
	if err != nil {
		return nil, err
	}
	yi, hasYear := f.Index(cols.Year)
	t := &FlowTable{Name: name, CSV: true, colAt: map[int][3]int{}}
	for k := range idx {
		t.Columns[k] = f.Header()[idx[k]]
	}
	err = f.Each(func(rec []string) error {
		row := FlowRow{Line: f.Line()}
		var err error
		if row.Exporter, row.Importer, err = f.pair(rec, idx[0], idx[1], nil); err != nil {
			return err
		}
		if row.Flow, err = f.required(rec, idx[2]); err != nil {
			return err
		}
		if hasYear {
			if row.Year, err = f.year(rec, yi); err != nil {
				return err
			}
		}
		var at [3]int
		for k := range idx {
			_, at[k] = f.Pos(idx[k])
		}
		if len(t.Rows) == 0 {
			t.Col = at
		}
		t.colAt[row.Line] = at
		t.Rows = append(t.Rows, row)
		return nil
	})
	if err := atLeastOne(err, name, len(t.Rows), "data rows"); err != nil {
		return nil, err
	}
	return t, nil
}

// atLeastOne passes on a reader's error, or fails a file (named name)
// from which it read no rows of what.
func atLeastOne(err error, name string, rows int, what string) error {
	if err == nil && rows == 0 {
		err = &csvfile.FieldError{File: name, Line: 2, Column: 1, Field: "row", Err: errors.New("no " + what)}
	}
	return err
}

// FlowTableFromFrame reads a flow table from a data frame (as read from a
// Parquet file named name): exporter and importer columns must be strings,
// flow and year numeric.
func FlowTableFromFrame(fr *gravity.Frame, name string, cols TableColumns) (*FlowTable, error) {
	cols = cols.withDefaults()
	names := fr.Names()
	pos := func(col string) (string, int, error) {
		for _, alt := range strings.Split(col, "|") {
			for i, n := range names {
				if n == alt {
					return n, i + 1, nil
				}
			}
		}
		return "", 0, &csvfile.FieldError{File: name, Line: 1, Column: 1, Field: col, Err: fmt.Errorf("missing column (columns: %s)", strings.Join(names, ","))}
	}
	t := &FlowTable{Name: name}
	for k, c := range []string{cols.Exporter, cols.Importer, cols.Flow} {
		n, p, err := pos(c)
		if err != nil {
			return nil, err
		}
		t.Columns[k], t.Col[k] = n, p
	}
	bad := func(row, k int, err error) error {
		return &csvfile.FieldError{File: name, Line: row + 1, Column: t.Col[k], Field: t.Columns[k], Err: err}
	}
	var codes [2][]int32
	var levels [2][]string
	for k := 0; k < 2; k++ {
		var ok bool
		if codes[k], levels[k], ok = fr.Categorical(t.Columns[k]); !ok {
			return nil, bad(0, k, errors.New("want country codes (strings), got numbers"))
		}
	}
	flow, ok := fr.Float(t.Columns[2])
	if !ok {
		return nil, bad(0, 2, errors.New("want numbers, got strings"))
	}
	year, hasYear := fr.Float(cols.Year)
	yearCol := 0
	for i, n := range names {
		if n == cols.Year {
			yearCol = i + 1
		}
	}
	for r := 0; r < fr.NRow(); r++ {
		row := FlowRow{Line: r + 1, Flow: flow[r]}
		for k := 0; k < 2; k++ {
			c := codes[k][r]
			if c < 0 || strings.TrimSpace(levels[k][c]) == "" {
				return nil, bad(r, k, errors.New("empty country code"))
			}
			if k == 0 {
				row.Exporter = strings.TrimSpace(levels[k][c])
			} else {
				row.Importer = strings.TrimSpace(levels[k][c])
			}
		}
		if v := flow[r]; math.IsNaN(v) {
			return nil, bad(r, 2, errors.New("missing value"))
		} else if math.IsInf(v, 0) || v < 0 {
			return nil, bad(r, 2, fmt.Errorf("value %v must be finite and non-negative", v))
		}
		if hasYear {
			y := year[r]
			if math.IsNaN(y) || y != math.Trunc(y) || y < 1800 || y > 2200 {
				return nil, &csvfile.FieldError{File: name, Line: r + 1, Column: yearCol, Field: cols.Year, Err: fmt.Errorf("%v is not a year", y)}
			}
			row.Year = int(y)
		}
		t.Rows = append(t.Rows, row)
	}
	if len(t.Rows) == 0 {
		return nil, fmt.Errorf("%s: no data rows", name)
	}
	return t, nil
}

// Square returns the flow table of one year (0: the table's only year) as
// the square matrix the solvers need. A pair listed twice for the year, or
// an economy without a domestic flow (its exporter = importer row), is an
// error naming the row; so is an economy with no output or expenditure.
// Pairs absent from the file are zero flows.
func (t *FlowTable) Square(year int) (*Flows, error) {
	ys := t.Years()
	if year == 0 {
		if len(ys) > 1 {
			return nil, fmt.Errorf("%s: holds years %d to %d; choose one", t.Name, ys[0], ys[len(ys)-1])
		}
		year = ys[0]
	}
	seen := map[Pair]FlowRow{}
	first := map[string]FlowRow{} // first row naming each economy
	var rows []Triple
	for _, r := range t.Rows {
		if r.Year != year {
			continue
		}
		p := Pair{r.Exporter, r.Importer}
		if prev, dup := seen[p]; dup {
			return nil, t.errAt(r, 0, fmt.Errorf("pair %s-%s of %d appears twice (first on line %d)", r.Exporter, r.Importer, year, prev.Line))
		}
		seen[p] = r
		for _, c := range []string{r.Exporter, r.Importer} {
			if _, ok := first[c]; !ok {
				first[c] = r
			}
		}
		rows = append(rows, Triple{r.Exporter, r.Importer, r.Flow})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no rows for year %d (years: %v)", t.Name, year, ys)
	}
	f := Square(rows)
	f.Unit, f.Year, f.Source = "as in the file", year, t.Name
	for _, c := range f.Countries {
		if _, ok := seen[Pair{c, c}]; !ok {
			r := first[c]
			k := 0
			if r.Exporter != c {
				k = 1
			}
			return nil, t.errAt(r, k, fmt.Errorf("%s has no domestic flow (a %s-%s row) in %d; structural gravity needs every economy's sales to itself (add them, or build them from GDP)", c, c, c, year))
		}
	}
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("%s (year %d): %w", t.Name, year, err)
	}
	return f, nil
}

// This file reads shocks as a user states them: the shorthands of the
// command line (an agreement among a list, border removal, a tariff
// change, one pair's cost change) and a file of per-pair changes. A
// partial effect may name a coefficient of a first-stage gravity
// estimation ("rta", or "-rta" for its negative) instead of a number.

// Coefs are estimated gravity coefficients by name, for partial effects
// that name one. Nil means none were estimated.
type Coefs map[string]float64

// effect reads a partial effect: a number, or a coefficient name with an
// optional leading minus.
func (c Coefs) effect(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("effect %q is not finite", s)
		}
		return v, nil
	}
	name, sign := s, 1.0
	if strings.HasPrefix(name, "-") {
		name, sign = name[1:], -1
	}
	if c == nil {
		return 0, fmt.Errorf("effect %q is neither a number nor, without a first-stage estimation, a coefficient", s)
	}
	v, ok := c[name]
	if !ok {
		names := make([]string, 0, len(c))
		for k := range c {
			names = append(names, k)
		}
		return 0, fmt.Errorf("effect %q: no coefficient %q (estimated: %s)", s, name, strings.Join(sortedKeys(names), ", "))
	}
	return sign * v, nil
}

func sortedKeys(s []string) []string {
	set := map[string]bool{}
	for _, k := range s {
		set[k] = true
	}
	return sortedCodes(set)
}

// members reads a comma-separated list of at least min distinct codes.
func members(s string, min int) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, c := range strings.Split(s, ",") {
		c = strings.TrimSpace(c)
		if c == "" {
			return nil, fmt.Errorf("empty country code in %q", s)
		}
		if seen[c] {
			return nil, fmt.Errorf("%s listed twice in %q", c, s)
		}
		seen[c] = true
		out = append(out, c)
	}
	if len(out) < min {
		return nil, fmt.Errorf("%q lists %d economies, want at least %d", s, len(out), min)
	}
	return out, nil
}

// ParseAgreementShock reads MEMBERS:EFFECT, an agreement among at least
// two members whose gravity partial effect (the log change of their
// flows, all else fixed) is EFFECT on every ordered pair of members.
func ParseAgreementShock(spec string, c Coefs) (Shock, error) {
	ms, eff, ok := strings.Cut(spec, ":")
	if !ok {
		return nil, fmt.Errorf("%q: want MEMBERS:EFFECT, e.g. CAN,MEX,USA:0.5", spec)
	}
	list, err := members(ms, 2)
	if err != nil {
		return nil, err
	}
	b, err := c.effect(eff)
	if err != nil {
		return nil, err
	}
	return Agreement{Name: ms, Pairs: Pairs{Members: list}, PartialEffect: b}, nil
}

// BorderRemoval removes an international border: every ordered pair of
// distinct members (every pair of distinct economies of the table when
// Members is empty) gets the partial effect -Coef, where Coef is the
// gravity coefficient of an international-border indicator (negative:
// crossing a border lowers trade), so that international trade among them
// costs what domestic trade does, as far as that indicator measures it.
type BorderRemoval struct {
	Members []string
	Coef    float64
}

// Apply implements Shock.
func (b BorderRemoval) Apply(countries []string, _ float64, lb []float64) error {
	if math.IsNaN(b.Coef) || math.IsInf(b.Coef, 0) {
		return fmt.Errorf("border removal: coefficient %v is not finite", b.Coef)
	}
	ms := b.Members
	if len(ms) == 0 {
		ms = countries
	}
	n := len(countries)
	err := Pairs{Members: ms}.each(countries, func(i, j int) { lb[i*n+j] -= b.Coef })
	if err != nil {
		return fmt.Errorf("border removal: %w", err)
	}
	return nil
}

// Describe implements Shock.
func (b BorderRemoval) Describe() string {
	who := "all economies"
	if len(b.Members) > 0 {
		who = strings.Join(b.Members, ",")
	}
	return fmt.Sprintf("border removal among %s: border coefficient %.4g removed (international flows x%.4g)", who, b.Coef, math.Exp(-b.Coef))
}

// ParseBorderShock reads [MEMBERS:]COEF (see BorderRemoval).
func ParseBorderShock(spec string, c Coefs) (Shock, error) {
	var list []string
	eff := spec
	if ms, e, ok := strings.Cut(spec, ":"); ok {
		var err error
		if list, err = members(ms, 2); err != nil {
			return nil, err
		}
		eff = e
	}
	b, err := c.effect(eff)
	if err != nil {
		return nil, err
	}
	return BorderRemoval{Members: list, Coef: b}, nil
}

// ParseTariffShock reads MEMBERS:OLD:NEW[:ELASTICITY]: ad valorem tariffs
// on every ordered pair of members change from OLD to NEW (0.05 = 5%), so
// flows change by ((1+NEW)/(1+OLD))^-ELASTICITY all else fixed; without
// ELASTICITY it is the trade elasticity theta (see Tariff).
func ParseTariffShock(spec string) (Shock, error) {
	parts := strings.Split(spec, ":")
	if len(parts) != 3 && len(parts) != 4 {
		return nil, fmt.Errorf("%q: want MEMBERS:OLD:NEW[:ELASTICITY], e.g. CAN,USA:0.05:0", spec)
	}
	list, err := members(parts[0], 2)
	if err != nil {
		return nil, err
	}
	var v [3]float64
	for k, s := range parts[1:] {
		if v[k], err = strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil || math.IsNaN(v[k]) || math.IsInf(v[k], 0) {
			return nil, fmt.Errorf("%q: %q is not a finite number", spec, s)
		}
	}
	if !(v[0] > -1) || !(v[1] > -1) {
		return nil, fmt.Errorf("%q: rates must be above -1 (-100%%)", spec)
	}
	t := Tariff{Name: parts[0], Pairs: Pairs{Members: list}, Old: v[0], New: v[1]}
	if len(parts) == 3 {
		return t, nil
	}
	if !(v[2] > 0) {
		return nil, fmt.Errorf("%q: elasticity %v must be positive", spec, v[2])
	}
	return tariffWith{t, v[2]}, nil
}

// tariffWith is a Tariff with its own trade elasticity.
type tariffWith struct {
	Tariff
	elasticity float64
}

func (t tariffWith) Apply(countries []string, _ float64, lb []float64) error {
	return t.Tariff.Apply(countries, t.elasticity, lb)
}

func (t tariffWith) Describe() string {
	return fmt.Sprintf("%s, elasticity %.4g", t.Tariff.Describe(), t.elasticity)
}

// ParsePairShock reads EXPORTER,IMPORTER:RATIO, the ratio of the new to
// the old trade-cost factor of one direction (0.9 = 10% cheaper), so that
// flows change by RATIO^-theta all else fixed.
func ParsePairShock(spec string) (Shock, error) {
	ps, rs, ok := strings.Cut(spec, ":")
	if !ok {
		return nil, fmt.Errorf("%q: want EXPORTER,IMPORTER:RATIO, e.g. KAZ,CHN:0.9", spec)
	}
	list, err := members(ps, 2)
	if err != nil || len(list) != 2 {
		return nil, fmt.Errorf("%q: want exactly two distinct economies, exporter first", spec)
	}
	r, err := strconv.ParseFloat(strings.TrimSpace(rs), 64)
	if err != nil || !(r > 0) || math.IsInf(r, 0) {
		return nil, fmt.Errorf("%q: ratio %q must be a positive number", spec, rs)
	}
	return CostRatio{Name: ps, Ratio: map[Pair]float64{{list[0], list[1]}: r}}, nil
}

// ShockFile is a file of per-pair trade-cost changes: columns exporter,
// importer and one of partial_effect (the log change of the pair's flows
// all else fixed, a number or a coefficient name) or cost_ratio (new to
// old trade-cost factor; flows change by ratio^-theta). Each directed pair
// appears once.
type ShockFile struct {
	Name  string
	Ratio bool // the file gives cost ratios
	rows  []shockRow
}

type shockRow struct {
	pair  Pair
	value string
	pos   [3][2]int // line and column of exporter, importer, value
}

// ReadShockFile reads a shock file. Values are checked by Resolve, which
// needs the coefficients.
func ReadShockFile(r io.Reader, name string) (*ShockFile, error) {
	cr, err := csvfile.NewReader(r, name)
	if err != nil {
		return nil, err
	}
	f := &csvFile{cr}
	idx, err := f.Need("exporter", "importer", "partial_effect|cost_ratio")
	if err != nil {
		return nil, err
	}
	_, hasPE := f.Index("partial_effect")
	_, hasCR := f.Index("cost_ratio")
	if hasPE && hasCR {
		i, _ := f.Index("cost_ratio")
		l, c := f.Pos(i) // the header is the record last read
		return nil, &csvfile.FieldError{File: name, Line: l, Column: c, Field: "cost_ratio", Err: errors.New("give partial_effect or cost_ratio, not both")}
	}
	s := &ShockFile{Name: name, Ratio: hasCR}
	seen := map[Pair]int{}
	err = f.Each(func(rec []string) error {
		e, i, err := f.pair(rec, idx[0], idx[1], nil)
		if err != nil {
			return err
		}
		p := Pair{e, i}
		if first, dup := seen[p]; dup {
			return f.ErrAt(idx[0], fmt.Errorf("pair %s-%s appears twice (first on line %d)", e, i, first))
		}
		seen[p] = f.Line()
		v := strings.TrimSpace(rec[idx[2]])
		if v == "" {
			return f.ErrAt(idx[2], errors.New("missing value"))
		}
		row := shockRow{pair: p, value: v}
		for k := range row.pos {
			row.pos[k][0], row.pos[k][1] = f.Pos(idx[k])
		}
		if s.Ratio {
			r, perr := strconv.ParseFloat(v, 64)
			if perr != nil || !(r > 0) || math.IsInf(r, 0) {
				return f.ErrAt(idx[2], fmt.Errorf("cost ratio %q must be a positive number", v))
			}
		}
		s.rows = append(s.rows, row)
		return nil
	})
	if err := atLeastOne(err, name, len(s.rows), "pairs"); err != nil {
		return nil, err
	}
	return s, nil
}

// Resolve checks every pair against the flow table's economies and every
// value against the coefficients, and returns the shock. A problem is a
// *csvfile.FieldError naming the cell.
func (s *ShockFile) Resolve(countries []string, c Coefs) (Shock, error) {
	known := map[string]bool{}
	for _, k := range countries {
		known[k] = true
	}
	at := func(r shockRow, k int, field string, err error) error {
		return &csvfile.FieldError{File: s.Name, Line: r.pos[k][0], Column: r.pos[k][1], Field: field, Err: err}
	}
	out := pairEffects{name: s.Name, ratio: s.Ratio}
	for _, r := range s.rows {
		for k, code := range []string{r.pair.Exporter, r.pair.Importer} {
			if !known[code] {
				return nil, at(r, k, []string{"exporter", "importer"}[k], fmt.Errorf("%s is not in the flow table", code))
			}
		}
		var v float64
		var err error
		if s.Ratio {
			v, err = strconv.ParseFloat(r.value, 64)
		} else {
			v, err = c.effect(r.value)
		}
		if err != nil {
			field := "partial_effect"
			if s.Ratio {
				field = "cost_ratio"
			}
			return nil, at(r, 2, field, err)
		}
		out.pairs = append(out.pairs, r.pair)
		out.values = append(out.values, v)
	}
	return out, nil
}

// pairEffects is a resolved shock file.
type pairEffects struct {
	name   string
	ratio  bool
	pairs  []Pair
	values []float64
}

// Apply implements Shock.
func (p pairEffects) Apply(countries []string, theta float64, lb []float64) error {
	idx := make(map[string]int, len(countries))
	for i, c := range countries {
		idx[c] = i
	}
	n := len(countries)
	for k, pr := range p.pairs {
		i, ok1 := idx[pr.Exporter]
		j, ok2 := idx[pr.Importer]
		if !ok1 || !ok2 {
			return fmt.Errorf("%s: pair %s-%s is not in the flow table", p.name, pr.Exporter, pr.Importer)
		}
		v := p.values[k]
		if p.ratio {
			v = -theta * math.Log(v)
		}
		lb[i*n+j] += v
	}
	return nil
}

// Describe implements Shock.
func (p pairEffects) Describe() string {
	what := "partial effects"
	if p.ratio {
		what = "cost ratios"
	}
	return fmt.Sprintf("%d per-pair %s from %s", len(p.pairs), what, p.name)
}

// ReadBaselineTable reads a flow table (ReadFlowTable, default columns) and
// returns the square table of year, or of its latest year when year is 0:
// a run's trade baseline taken from the user's data.
func ReadBaselineTable(path string, year int) (*Flows, error) {
	t, err := ReadFlowTable(path, TableColumns{})
	if err != nil {
		return nil, err
	}
	if year == 0 {
		ys := t.Years()
		year = ys[len(ys)-1]
	}
	return t.Square(year)
}

// WriteFlowTable writes f as a flow table that ReadFlowTable reads back
// exactly: columns exporter, importer, year (left out when f.Year is 0),
// flow, one row per positive flow and one per domestic flow, values in the
// shortest form that parses to the same float64.
func WriteFlowTable(w io.Writer, f *Flows) error {
	n := f.N()
	b := bufio.NewWriter(w)
	year := ""
	if f.Year != 0 {
		year = fmt.Sprintf(",%d", f.Year)
		b.WriteString("exporter,importer,year,flow\n")
	} else {
		b.WriteString("exporter,importer,flow\n")
	}
	for i, e := range f.Countries {
		for j, m := range f.Countries {
			if v := f.X[i*n+j]; v != 0 || i == j {
				fmt.Fprintf(b, "%s,%s%s,%s\n", e, m, year, strconv.FormatFloat(v, 'g', -1, 64))
			}
		}
	}
	return b.Flush()
}
