package ge

import (
	"slices"
	"testing"
)

func TestAggregateAndMainPartners(t *testing.T) {
	// A, B focus; C a large partner of A; D and E small partners.
	f := &Flows{Countries: []string{"A", "B", "C", "D", "E"}, X: []float64{
		100, 10, 20, 0.25, 0.5,
		10, 100, 1, 0.25, 0,
		20, 1, 500, 5, 6,
		0.25, 0.25, 5, 50, 7,
		0.5, 0, 6, 7, 60,
	}}
	keep := MainPartners(f, []string{"A", "B"}, nil, 0.05)
	if !slices.Equal(keep, []string{"A", "B", "C"}) {
		t.Fatalf("main partners %v", keep)
	}
	g, err := f.Aggregate(keep, "ROW")
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{
		100, 10, 20, 0.75,
		10, 100, 1, 0.25,
		20, 1, 500, 11,
		0.75, 0.25, 11, 50 + 7 + 7 + 60,
	}
	if !slices.Equal(g.Countries, []string{"A", "B", "C", "ROW"}) || !slices.Equal(g.X, want) {
		t.Errorf("aggregated %v %v", g.Countries, g.X)
	}
	if _, err := f.Aggregate([]string{"A", "Z"}, "ROW"); err == nil {
		t.Error("unknown economy accepted")
	}
	if _, err := f.Aggregate([]string{"A"}, "B"); err == nil {
		t.Error("rest-of-world code that is an economy accepted")
	}
	if h, _ := f.Aggregate(f.Countries, "ROW"); !slices.Equal(h.X, f.X) || h.N() != 5 {
		t.Error("keeping everything should return the table")
	}
}
