package ge

import (
	"os"
	"testing"
)

// loadCentralAsia builds the bundled baseline from the repository's data
// folder (the files the binary embeds).
func loadCentralAsia(t testing.TB, target int) (*Flows, *BaselineReport) {
	t.Helper()
	f, rep, err := CentralAsiaBaseline(os.DirFS("../../data"), target)
	if err != nil {
		t.Fatal(err)
	}
	return f, rep
}

func TestBuildBaseline(t *testing.T) {
	f, rep := loadCentralAsia(t, 2023)
	for _, s := range rep.Steps {
		t.Log(s)
	}
	if f.N() < 150 {
		t.Fatalf("%d economies", f.N())
	}
	// Row totals are the projected outputs: KAZ's output grows with its GDP.
	f06, _ := loadCentralAsia(t, 0)
	k, k06 := f.Index("KAZ"), f06.Index("KAZ")
	y, y06 := f.Output()[k], f06.Output()[k06]
	t.Logf("KAZ output %.0f (2006) -> %.0f (2023)", y06, y)
	if r := y / y06; r < 3.0 || r > 3.5 { // WB: 81.0bn (2006) -> 261.4bn (2023)
		t.Errorf("KAZ output growth x%.3f, want about x3.23", r)
	}
}
