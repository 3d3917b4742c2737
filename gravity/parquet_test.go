package gravity

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"
)

type tradeRow struct {
	Destination string  `parquet:"Destination"`
	Origin      string  `parquet:"Origin"`
	Product     int32   `parquet:"Product"`
	Year        int64   `parquet:"Year"`
	DistKM      float64 `parquet:"dist_km"`
	Euros       float64 `parquet:"Euros"`
	Note        *string `parquet:"note,optional"`
}

// TestParquetMatchesCSV writes the trade data to Parquet (several row
// groups, an optional column with nulls) and checks that reading it back
// gives the same frame and the same fit as the CSV.
func TestParquetMatchesCSV(t *testing.T) {
	_, trade, _ := loadGolden(t)
	dest, dl, _ := trade.Categorical("Destination")
	orig, ol, _ := trade.Categorical("Origin")
	prod, _ := trade.Float("Product")
	year, _ := trade.Float("Year")
	dist, _ := trade.Float("dist_km")
	euros, _ := trade.Float("Euros")
	rows := make([]tradeRow, trade.NRow())
	note := "x"
	for i := range rows {
		rows[i] = tradeRow{dl[dest[i]], ol[orig[i]], int32(prod[i]), int64(year[i]), dist[i], euros[i], nil}
		if i%3 == 0 {
			rows[i].Note = &note
		}
	}
	path := filepath.Join(t.TempDir(), "trade.parquet")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[tradeRow](fh, parquet.MaxRowsPerRowGroup(10000))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	pq, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if pq.NRow() != trade.NRow() {
		t.Fatalf("rows %d, want %d", pq.NRow(), trade.NRow())
	}
	codes, levels, ok := pq.Categorical("note")
	if !ok {
		t.Fatal("note is not categorical")
	}
	for i, c := range codes {
		if (i%3 == 0) != (c >= 0) || c >= 0 && levels[c] != "x" {
			t.Fatalf("note row %d: code %d (nulls must be missing)", i, c)
		}
	}
	for _, name := range []string{"Product", "Year", "dist_km", "Euros"} {
		a, _ := trade.Float(name)
		b, ok := pq.Float(name)
		if !ok {
			t.Fatalf("parquet column %s not numeric", name)
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("%s row %d: %v vs %v", name, i, b[i], a[i])
			}
		}
	}
	fm := "Euros ~ log(dist_km) | Origin + Destination + Product + Year"
	r1, err := Fit(trade, fm, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Fit(pq, fm, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r1.Coef[0]-r2.Coef[0]) > 1e-12 {
		t.Errorf("parquet fit %v, csv fit %v", r2.Coef, r1.Coef)
	}
}
