package results

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// WriteJSON writes r as indented JSON (schema in the package doc).
func (r *Results) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write results JSON: %w", err)
	}
	return nil
}

// MarshalJSON encodes r with each warning as its message, in a "warnings"
// array that is empty, never null, when there are none.
func (r Results) MarshalJSON() ([]byte, error) {
	type plain Results // without these methods
	msgs := make([]string, len(r.Warnings))
	for i, w := range r.Warnings {
		msgs[i] = w.Error()
	}
	return json.Marshal(struct {
		plain
		Warnings []string `json:"warnings"`
	}{plain(r), msgs})
}

// UnmarshalJSON decodes what MarshalJSON encodes; each warning becomes an
// error with its message.
func (r *Results) UnmarshalJSON(b []byte) error {
	type plain Results
	v := struct {
		*plain
		Warnings []string `json:"warnings"`
	}{plain: (*plain)(r)}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	r.Warnings = nil
	for _, m := range v.Warnings {
		r.Warnings = append(r.Warnings, errors.New(m))
	}
	return nil
}

// CSVHeader returns the CSV column names.
func (r *Results) CSVHeader() []string {
	h := []string{"policy", "country", "year", "p_mean", "p_se", "p_q05", "p_q50", "p_q95", "delta_mean", "delta_se", "delta_q05", "delta_q95", "delta_p_negative", "triggers_total"}
	for _, t := range r.TriggerTypes {
		h = append(h, "triggers_"+t)
	}
	h = append(h, "interventions_total")
	for _, o := range r.InterventionTypes {
		h = append(h, "interventions_"+o)
	}
	for f := world.EffectField(0); f < world.NumEffectFields; f++ {
		h = append(h, "integration_"+f.String())
	}
	return h
}

// WriteCSV writes one row per cell (columns in the package doc).
func (r *Results) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	writeRow := func(cols []string) {
		for i, c := range cols {
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString(csvQuote(c))
		}
		bw.WriteByte('\n')
	}
	writeRow(r.CSVHeader())
	for _, c := range r.Cells {
		row := []string{c.Policy, c.Country, strconv.Itoa(c.Year),
			f(c.PIntervention.Mean), f(c.PIntervention.SE), f(c.PIntervention.Q05), f(c.PIntervention.Q50), f(c.PIntervention.Q95)}
		if c.Delta != nil {
			row = append(row, f(c.Delta.Mean), f(c.Delta.SE), f(c.Delta.Q05), f(c.Delta.Q95), f(c.Delta.PNegative))
		} else {
			row = append(row, "", "", "", "", "")
		}
		row = append(row, f(c.ExpectedTriggers["total"]))
		for _, t := range r.TriggerTypes {
			row = append(row, f(c.ExpectedTriggers[t]))
		}
		row = append(row, f(c.ExpectedInterventions["total"]))
		for _, o := range r.InterventionTypes {
			row = append(row, f(c.ExpectedInterventions[o]))
		}
		for e := world.EffectField(0); e < world.NumEffectFields; e++ {
			row = append(row, f(c.Integration[e.String()]))
		}
		writeRow(row)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write results CSV: %w", err)
	}
	return nil
}

func csvQuote(s string) string {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\n', '\r':
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
	}
	return s
}

// DrawsSchema is the schema identifier of the per-draw Parquet file
// [DrawsWriter] writes (key "schema" of its key-value metadata).
const DrawsSchema = "steppe.draws/v1"

// drawsRowGroup is the rows of one Parquet row group. The writer holds a
// row group's compressed pages in memory, and the file's footer (kept until
// Close) grows by one entry per column and row group: 256 Ki rows keep both
// small (a million draws of the default scenario make 962 row groups).
const drawsRowGroup = 1 << 18

// drawsPageBuffer is the bytes each column buffers before it encodes a
// page: with one column per parameter, the default (256 KiB) would hold
// tens of MB.
const drawsPageBuffer = 32 << 10

// A DrawsWriter writes a run's per-draw results as Parquet, one row per
// draw, policy, country (and REGION) and year, as the run streams them
// (sim.Options.Each with BlockParams), in row groups of 256 Ki rows, so
// that its memory does not grow with the draws (but for the footer's
// entry per row group and column, tens of MB per million draws of the
// default scenario). Parameter and draw columns are dictionary-encoded:
// a value repeats on every row of its draw. Columns (Parquet orders
// them by name):
//
//	draw            INT64   the draw's index, 0 ≤ draw < draws
//	policy          STRING  the policy (the baseline first in the run)
//	country         STRING  focus actor id, or REGION
//	year            INT32   calendar year; the value is as of its end
//	p_intervention  DOUBLE  P(at least one intervention by the end of the
//	                        year | the draw's parameters and shocks), or 0/1
//	                        sampled in paths mode
//	delta           DOUBLE  p_intervention − the baseline's in the same
//	                        draw (common random numbers); null for the
//	                        baseline
//	<parameter>     DOUBLE  one column per scenario parameter, named by its
//	                        path (steppe validate --params), holding its
//	                        value in the draw
//
// The key-value metadata holds schema (DrawsSchema), scenario, seed, draws
// and mode. Compression is Snappy, which pandas (pyarrow), arrow and R's
// arrow package read.
type DrawsWriter struct {
	w      *parquet.GenericWriter[any]
	params []string
	col    struct{ draw, policy, country, year, p, delta int }
	pcol   []int // column of each parameter
	rows   []parquet.Row
	names  [][]byte // policy and country names, as bytes
	buffer int
	group  int // rows in the current row group
	// rowGroup is the rows per row group (drawsRowGroup; tests use less).
	rowGroup int
}

// DrawsWriterBytes estimates the memory a DrawsWriter with params
// parameter columns holds: the rows it buffers (4,096 and a draw's, 24
// bytes a value), two page buffers a column, and a row group's encoded
// pages (about 24 bytes a row for the default scenario's 1,000 draws).
func DrawsWriterBytes(params int) float64 {
	cols := float64(params + 6)
	return 4096*cols*24 + cols*2*drawsPageBuffer + drawsRowGroup*24
}

// NewDrawsWriter returns a writer of per-draw results to w with a column
// per parameter path in params (in sim.Model.Params() order).
func NewDrawsWriter(w io.Writer, params []string) (*DrawsWriter, error) {
	g := parquet.Group{
		"draw":           parquet.Encoded(parquet.Int(64), &parquet.RLEDictionary),
		"policy":         parquet.Encoded(parquet.String(), &parquet.RLEDictionary),
		"country":        parquet.Encoded(parquet.String(), &parquet.RLEDictionary),
		"year":           parquet.Int(32),
		"p_intervention": parquet.Leaf(parquet.DoubleType),
		"delta":          parquet.Optional(parquet.Leaf(parquet.DoubleType)),
	}
	for _, p := range params {
		if _, dup := g[p]; dup {
			return nil, fmt.Errorf("draws parquet: parameter %q has the name of another column", p)
		}
		// A parameter's value repeats on every row of its draw: dictionary
		// indices in runs store it in a few bits a row.
		g[p] = parquet.Encoded(parquet.Leaf(parquet.DoubleType), &parquet.RLEDictionary)
	}
	schema := parquet.NewSchema("steppe_draws", g)
	d := &DrawsWriter{params: params, rowGroup: drawsRowGroup,
		w: parquet.NewGenericWriter[any](w, schema, parquet.Compression(&parquet.Snappy), parquet.PageBufferSize(drawsPageBuffer))}
	col := func(name string) int {
		leaf, _ := schema.Lookup(name)
		return leaf.ColumnIndex
	}
	d.col.draw, d.col.policy, d.col.country = col("draw"), col("policy"), col("country")
	d.col.year, d.col.p, d.col.delta = col("year"), col("p_intervention"), col("delta")
	for _, p := range params {
		d.pcol = append(d.pcol, col(p))
	}
	d.w.SetKeyValueMetadata("schema", DrawsSchema)
	return d, nil
}

// Add writes a block of draws (use it as, or from, sim.Options.Each; the
// run must set sim.Options.BlockParams).
func (d *DrawsWriter) Add(b *sim.Block) error {
	out := b.Run
	if b.Lo == 0 {
		d.w.SetKeyValueMetadata("scenario", out.Scenario)
		d.w.SetKeyValueMetadata("seed", strconv.FormatUint(out.Seed, 10))
		d.w.SetKeyValueMetadata("draws", strconv.Itoa(out.Draws))
		mode := "conditional"
		if out.Paths {
			mode = "paths"
		}
		d.w.SetKeyValueMetadata("mode", mode)
		d.names = nil
		for _, p := range out.Policies {
			d.names = append(d.names, []byte(p))
		}
		for _, c := range out.Countries {
			d.names = append(d.names, []byte(c))
		}
		d.names = append(d.names, []byte(Region))
	}
	np := len(d.params)
	if len(b.Params) != b.Draws()*np {
		return fmt.Errorf("draws parquet: the block carries %d parameter values for %d draws of %d parameters (run with BlockParams)", len(b.Params), b.Draws(), np)
	}
	npol, nc1, ny := len(out.Policies), len(out.Countries)+1, len(out.Years)
	width := 6 + np
	for i := 0; i < b.Draws(); i++ {
		pany := b.PAny[i*b.Cells : (i+1)*b.Cells]
		par := b.Params[i*np : (i+1)*np]
		for p := 0; p < npol; p++ {
			for c := 0; c < nc1; c++ {
				for y := 0; y < ny; y++ {
					if d.buffer == len(d.rows) {
						d.rows = append(d.rows, make(parquet.Row, width))
					}
					row := d.rows[d.buffer]
					d.buffer++
					idx := out.Index(p, c, y)
					row[d.col.draw] = parquet.Int64Value(int64(b.Lo+i)).Level(0, 0, d.col.draw)
					row[d.col.policy] = parquet.ByteArrayValue(d.names[p]).Level(0, 0, d.col.policy)
					row[d.col.country] = parquet.ByteArrayValue(d.names[npol+c]).Level(0, 0, d.col.country)
					row[d.col.year] = parquet.Int32Value(int32(out.Years[y])).Level(0, 0, d.col.year)
					row[d.col.p] = parquet.DoubleValue(pany[idx]).Level(0, 0, d.col.p)
					if p == 0 {
						row[d.col.delta] = parquet.NullValue().Level(0, 0, d.col.delta)
					} else {
						row[d.col.delta] = parquet.DoubleValue(pany[idx]-pany[out.Index(0, c, y)]).Level(0, 1, d.col.delta)
					}
					for j, v := range par {
						row[d.pcol[j]] = parquet.DoubleValue(v).Level(0, 0, d.pcol[j])
					}
				}
			}
		}
		if d.buffer >= 4096 {
			if err := d.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (d *DrawsWriter) flush() error {
	// Each row holds its values in column order (the schema's leaves).
	for rows := d.rows[:d.buffer]; len(rows) > 0; {
		n := min(len(rows), d.rowGroup-d.group)
		if _, err := d.w.WriteRows(rows[:n]); err != nil {
			return fmt.Errorf("draws parquet: %w", err)
		}
		rows, d.group = rows[n:], d.group+n
		if d.group == d.rowGroup {
			if err := d.w.Flush(); err != nil {
				return fmt.Errorf("draws parquet: %w", err)
			}
			d.group = 0
		}
	}
	d.buffer = 0
	return nil
}

// Close writes what is buffered and the file's footer.
func (d *DrawsWriter) Close() error {
	if err := d.flush(); err != nil {
		return err
	}
	if err := d.w.Close(); err != nil {
		return fmt.Errorf("draws parquet: %w", err)
	}
	return nil
}
