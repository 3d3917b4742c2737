package model

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/gravity/ge"
	"github.com/steppe-dev/steppe/internal/fixture"

	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// The adapter adds the general-equilibrium effects of completed projects
// to the simulation's effect vectors, per draw, deterministically.
func TestGEIntegrationAdapter(t *testing.T) {
	sc := fixture.Embedded(t, defaultScenario)
	w := sc.World
	gi, err := new(Cache).newTradeIntegration(w, DefaultSettings)
	if err != nil {
		t.Fatal(err)
	}
	if len(gi.Fields()) != 4 {
		t.Fatalf("fields %v", gi.Fields())
	}
	var cku, power int = -1, -1
	for i, p := range w.Projects {
		switch p.ID {
		case "cku-railway":
			cku = i
		case "regional-power-gas":
			power = i
		}
	}
	if cku < 0 || power < 0 {
		t.Fatal("default scenario no longer has the cku-railway and regional-power-gas projects: choose two projects of the new default for this test")
	}
	kgz, uzb := -1, -1
	for i, a := range w.Focus() {
		switch a.ID {
		case "KGZ":
			kgz = i
		case "UZB":
			uzb = i
		}
	}
	effects := func(done sim.ProjectSet, d int) []sim.Effects {
		out := make([]sim.Effects, len(w.Focus()))
		if err := gi.Effects(&sim.Draw{Index: d, Seed: 1}, done, out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	none := effects(0, 0)
	if none[kgz] != (sim.Effects{}) {
		t.Errorf("no project done: %v", none[kgz])
	}
	// CKU shortens Uzbekistan's route to China (the network engine's
	// route times); the capital-to-capital routes of Kyrgyzstan do not
	// change, so its effects are small (trade diversion only).
	rail := effects(sim.ProjectSet(1)<<uint(cku), 0)
	if !(rail[uzb][world.EIncome] > 0) || !(rail[uzb][world.EChinaTradeShare] > 0) {
		t.Errorf("CKU railway: UZB effects %v", rail[uzb])
	}
	if e := rail[kgz][world.EIncome]; !(e > -0.1 && e < 0.1) {
		t.Errorf("CKU railway: KGZ income %v%%, want a small diversion effect", e)
	}
	again := effects(sim.ProjectSet(1)<<uint(cku), 0)
	if again[kgz] != rail[kgz] {
		t.Error("not deterministic")
	}
	// the power project is outside the trade model: its stated income effect passes through
	both := effects(sim.ProjectSet(1)<<uint(cku)|sim.ProjectSet(1)<<uint(power), 0)
	if !(both[kgz][world.EIncome] > rail[kgz][world.EIncome]) {
		t.Errorf("power project's stated income effect lost: %v vs %v", both[kgz][world.EIncome], rail[kgz][world.EIncome])
	}
}

// The simulation solves a table with small partners merged into one rest
// of the world (simBaseline). Its results for the focus economies must
// match the full 166-economy table's closely: real income and real GDP
// within 0.002 percentage points, trade shares within 2e-5, over 8 GE draws
// and the default scenario's sets of completed trade projects.
func TestGEAggregationError(t *testing.T) {
	sc := fixture.Embedded(t, defaultScenario)
	w := sc.World
	full, _, err := ge.CentralAsiaBaseline(data.FS(), DefaultSettings.TradeBaselineYear)
	if err != nil {
		t.Fatal(err)
	}
	agg, err := simBaseline(w, full, DefaultSettings.MinPartnerShare)
	if err != nil {
		t.Fatal(err)
	}
	if agg.N() >= full.N()/3 || agg.Index("ROW") < 0 || agg.Index("CHN") < 0 || agg.Index("RUS") < 0 {
		t.Fatalf("aggregated table: %d economies %v", agg.N(), agg.Countries)
	}
	// same totals: nothing lost in the merge
	var s1, s2 float64
	for _, v := range full.X {
		s1 += v
	}
	for _, v := range agg.X {
		s2 += v
	}
	if math.Abs(s1/s2-1) > 1e-12 {
		t.Errorf("total flows %v, aggregated %v", s1, s2)
	}
	const draws = 8
	gf, err := ge.NewIntegration(w, ge.Study{Baseline: full, Theta: ge.WorldTheta(w)}, draws)
	if err != nil {
		t.Fatal(err)
	}
	ga, err := ge.NewIntegration(w, ge.Study{Baseline: agg, Theta: ge.WorldTheta(w)}, draws)
	if err != nil {
		t.Fatal(err)
	}
	var worstIncome, worstShare, largest float64
	for d := 0; d < draws; d++ {
		for done := uint64(1); done < 1<<uint(len(w.Projects)); done++ {
			a, err := gf.Effects(1, d, done)
			if err != nil {
				t.Fatal(err)
			}
			b, err := ga.Effects(1, d, done)
			if err != nil {
				t.Fatal(err)
			}
			for c := range a {
				largest = math.Max(largest, math.Abs(a[c].Income))
				worstIncome = math.Max(worstIncome, math.Max(math.Abs(a[c].Income-b[c].Income), math.Abs(a[c].RealGDP-b[c].RealGDP)))
				for _, e := range []float64{a[c].IntraRegional - b[c].IntraRegional, a[c].ChinaShare - b[c].ChinaShare, a[c].RussiaShare - b[c].RussiaShare} {
					worstShare = math.Max(worstShare, math.Abs(e))
				}
			}
		}
	}
	t.Logf("%d of %d economies kept; largest income effect %.3f%%; worst error: income/real GDP %.2g pp, shares %.2g", agg.N()-1, full.N(), largest, worstIncome, worstShare)
	if worstIncome > 0.002 || worstShare > 2e-5 {
		t.Errorf("aggregation error too large: income %.3g pp, shares %.3g", worstIncome, worstShare)
	}
}

// A run takes the user's trade table (gravity.trade_baseline): the bundled
// baseline written out as a flow table, with a year column, gives the
// same effects as the bundled one, and the header names the file and its
// year; a table without the Central Asian states is bad input.
func TestUserTradeBaseline(t *testing.T) {
	full, err := new(Cache).tradeBaseline(DefaultSettings.TradeBaselineYear)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("exporter,importer,year,flow\n")
	n := full.N()
	for i, e := range full.Countries {
		for j, m := range full.Countries {
			if v := full.X[i*n+j]; v != 0 || i == j {
				fmt.Fprintf(&b, "%s,%s,2023,%s\n", e, m, strconv.FormatFloat(v, 'g', -1, 64))
			}
		}
	}
	path := filepath.Join(t.TempDir(), "flows.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	sc := fixture.Embedded(t, defaultScenario)
	w := sc.World
	bundled, err := new(Cache).newTradeIntegration(w, DefaultSettings)
	if err != nil {
		t.Fatal(err)
	}
	w.Gravity.TradeBaseline = path
	user, err := new(Cache).newTradeIntegration(w, DefaultSettings)
	if err != nil {
		t.Fatal(err)
	}
	if d := user.(*tradeIntegration).desc; !strings.Contains(d, "trade baseline "+path+", 2023") {
		t.Errorf("header %q does not name the table and its year", d)
	}
	all := sim.ProjectSet(1<<uint(len(w.Projects)) - 1)
	for d := 0; d < 3; d++ {
		a := make([]sim.Effects, len(w.Focus()))
		u := make([]sim.Effects, len(w.Focus()))
		if err := bundled.Effects(&sim.Draw{Index: d, Seed: 1}, all, a); err != nil {
			t.Fatal(err)
		}
		if err := user.Effects(&sim.Draw{Index: d, Seed: 1}, all, u); err != nil {
			t.Fatal(err)
		}
		for c := range a {
			if a[c] != u[c] {
				t.Errorf("draw %d, %s: user table %v, bundled %v", d, w.Focus()[c].ID, u[c], a[c])
			}
		}
	}
	// a table without the scenario's economies
	small := filepath.Join(t.TempDir(), "small.csv")
	os.WriteFile(small, []byte("exporter,importer,flow\nCAN,CAN,10\nCAN,USA,1\nUSA,CAN,2\nUSA,USA,20\n"), 0o644)
	w.Gravity.TradeBaseline = small
	if _, err := new(Cache).newTradeIntegration(w, DefaultSettings); !IsInputError(err) || !strings.Contains(err.Error(), "KAZ") {
		t.Errorf("table without KAZ: %v, want an input error naming it", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("exporter,importer,flow\nKAZ,KAZ,-1\n"), 0o644)
	w.Gravity.TradeBaseline = bad
	if _, err := new(Cache).newTradeIntegration(w, DefaultSettings); !IsInputError(err) || !strings.Contains(err.Error(), "bad.csv:2:9: flow") {
		t.Errorf("negative flow: %v, want an input error at bad.csv:2:9", err)
	}
}
