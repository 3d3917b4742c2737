package results

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/steppe-dev/steppe/sim"
)

// The per-draw Parquet file holds one row per draw, policy, country and
// year whose probability is the run's in memory, whose delta is null for
// the baseline and the paired difference otherwise, and whose parameter
// columns hold the draw's values (the stated value where it is fixed).
func TestDrawsRoundTrip(t *testing.T) {
	sc, m := statedDefault(t)
	const draws = 150 // two full blocks of 64 and a partial one
	out, err := m.Run(context.Background(), sim.Options{Draws: draws, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, p := range m.Params() {
		paths = append(paths, p.Path)
	}
	var file bytes.Buffer
	dw, err := NewDrawsWriter(&file, paths)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Run(context.Background(), sim.Options{Draws: draws, Seed: 5, Workers: 3, BlockParams: true, Each: dw.Add}); err != nil {
		t.Fatal(err)
	}
	if err := dw.Close(); err != nil {
		t.Fatal(err)
	}
	r := parquet.NewReader(bytes.NewReader(file.Bytes()))
	col := func(name string) int {
		leaf, ok := r.Schema().Lookup(name)
		if !ok {
			t.Fatalf("no column %q", name)
		}
		return leaf.ColumnIndex
	}
	cDraw, cPol, cCty, cYear, cP, cDelta := col("draw"), col("policy"), col("country"), col("year"), col("p_intervention"), col("delta")
	pcol := make([]int, len(paths))
	for i, p := range paths {
		pcol[i] = col(p)
	}
	polIdx, ctyIdx := map[string]int{}, map[string]int{Region: len(out.Countries)}
	for i, p := range out.Policies {
		polIdx[p] = i
	}
	for i, c := range out.Countries {
		ctyIdx[c] = i
	}
	first := map[string]float64{}
	varies := map[string]bool{}
	rows := make([]parquet.Row, 1000)
	n := 0
	for {
		k, err := r.ReadRows(rows)
		for _, row := range rows[:k] {
			d := int(row[cDraw].Int64())
			p, c := polIdx[string(row[cPol].ByteArray())], ctyIdx[string(row[cCty].ByteArray())]
			y := int(row[cYear].Int32()) - out.Years[0]
			if got, want := row[cP].Double(), out.Draw(p, c, y)[d]; got != want {
				t.Fatalf("row %d (draw %d, %v): p_intervention %v, want %v", n, d, out.Policies[p], got, want)
			}
			if want := out.Draw(p, c, y)[d] - out.Draw(0, c, y)[d]; (p == 0) != row[cDelta].IsNull() || p > 0 && row[cDelta].Double() != want {
				t.Fatalf("row %d (draw %d, %v): delta %v, want %v (null for the baseline)", n, d, out.Policies[p], row[cDelta], want)
			}
			for i, path := range paths {
				v := row[pcol[i]].Double()
				if !m.Params()[i].Value.Uncertain() && v != m.Params()[i].Value.V {
					t.Fatalf("%s = %v in draw %d, but it is fixed at %v", path, v, d, m.Params()[i].Value.V)
				}
				if f, ok := first[path]; !ok {
					first[path] = v
				} else if f != v {
					varies[path] = true
				}
			}
			n++
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if want := draws * len(out.Policies) * (len(out.Countries) + 1) * len(out.Years); n != want {
		t.Errorf("%d rows, want %d", n, want)
	}
	for i, p := range m.Params() {
		if p.Value.Uncertain() && !varies[paths[i]] {
			t.Errorf("uncertain parameter %s has one value in every draw", paths[i])
		}
	}
	if v, ok := r.File().Lookup("schema"); !ok || v != DrawsSchema {
		t.Errorf("metadata schema = %q, want %q", v, DrawsSchema)
	}
	_ = sc
}

// The writer's memory does not grow with the draws: writing 4 times as
// many draws (over many row groups, made small for the test) holds about
// the same live heap, after a first write that fills the library's pools. Live heap is measured after a collection, so that
// garbage the collector has not yet reclaimed (which depends on its pacing,
// not on the writer) does not count.
func TestDrawsWriterMemoryBounded(t *testing.T) {
	peak := func(blocks int) uint64 {
		out := &sim.Output{Scenario: "s", Draws: blocks * 64, Policies: []string{"a", "b"}, Countries: []string{"A", "B", "C", "D", "E"}}
		for y := 2022; y <= 2042; y++ {
			out.Years = append(out.Years, y)
		}
		params := make([]string, 30)
		for i := range params {
			params[i] = "p" + string(rune('a'+i/26)) + string(rune('a'+i%26))
		}
		cells := len(out.Policies) * (len(out.Countries) + 1) * len(out.Years)
		b := &sim.Block{Run: out, Cells: cells, PAny: make([]float64, 64*cells),
			Onsets: make([]float64, 64*12), TriggerCounts: make([]float64, 64*12), Params: make([]float64, 64*len(params))}
		dw, err := NewDrawsWriter(io.Discard, params)
		if err != nil {
			t.Fatal(err)
		}
		dw.rowGroup = 4096 // 4 row groups a block: many for few draws
		var ms runtime.MemStats
		live := func() uint64 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			return ms.HeapAlloc
		}
		base := live()
		top := base
		for i := range blocks {
			b.Lo, b.Hi = i*64, (i+1)*64
			for j := range b.PAny {
				b.PAny[j] = float64((i*31+j)%997) / 997
			}
			for j := range b.Params {
				b.Params[j] = float64(i*64 + j/len(params))
			}
			if err := dw.Add(b); err != nil {
				t.Fatal(err)
			}
			if i%2 == 0 {
				top = max(top, live())
			}
		}
		if err := dw.Close(); err != nil {
			t.Fatal(err)
		}
		return top - min(base, top)
	}
	peak(2) // warms the Parquet library's pools, which outlive a writer
	small, large := peak(6), peak(24)
	t.Logf("peak live heap growth: %.2f MB for 384 draws, %.2f MB for 1,536 (all rows kept would be about 100 MB)", float64(small)/1e6, float64(large)/1e6)
	if float64(large) > 1.25*float64(small)+2e6 {
		t.Errorf("peak live heap grew from %.1f MB to %.1f MB with 4 times the draws", float64(small)/1e6, float64(large)/1e6)
	}
}
