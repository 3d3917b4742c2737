package ge

import (
	"math"
	"testing"

	"github.com/steppe-dev/steppe/dist"
)

var c5 = []string{"KAZ", "KGZ", "TJK", "TKM", "UZB"}

func testPolicy() Policy {
	return Policy{Name: "test", Measures: []Measure{{
		Name: "c5-costs", Kind: CostChange, Pairs: Pairs{Members: c5},
		Size: Param{Dist: dist.Uniform{Min: -0.15, Max: -0.05}, Source: "test"},
	}}}
}

// runTestStudy runs testPolicy on the Central Asian baseline of 2023 with
// n draws from seed, measuring the C5's trade shares with Russia and China.
func runTestStudy(t *testing.T, n int, seed uint64) (s *Study, central *Draw, draws []*Draw) {
	t.Helper()
	base, _ := loadCentralAsia(t, 2023)
	s = &Study{Baseline: base, Theta: DefaultTheta, Focus: c5, Group: c5, Partners: []string{"RUS", "CHN"}}
	central, draws, err := s.Run(testPolicy(), n, seed)
	if err != nil {
		t.Fatal(err)
	}
	return s, central, draws
}

func TestStudyCentralAsia(t *testing.T) {
	s, central, draws := runTestStudy(t, 5, 1)
	for _, o := range central.Outcomes {
		t.Logf("%s realGDP %+.3f%% exports %+.2f%% intra %.3f->%.3f RUS %.3f->%.3f CHN %.3f->%.3f (iter %d)", o.Country, o.RealGDP, o.Exports,
			o.GroupShareBase, o.GroupShare, o.PartnerShareBase[0], o.PartnerShare[0], o.PartnerShareBase[1], o.PartnerShare[1], central.Iterations)
		if !(o.RealGDP > 0) || !(o.GroupShare > o.GroupShareBase) {
			t.Errorf("%s: lower intra-C5 costs should raise real GDP and the intra-C5 share", o.Country)
		}
	}
	// same seed, same draws, whatever the number of workers
	s.Workers = 1
	_, again, _ := s.Run(testPolicy(), 5, 1)
	for d := range draws {
		if draws[d].Theta != again[d].Theta || draws[d].Outcomes[0].RealGDP != again[d].Outcomes[0].RealGDP {
			t.Fatalf("draw %d not reproducible", d)
		}
	}
}

func BenchmarkSolveHatCentralAsia(b *testing.B) {
	base, _ := loadCentralAsia(b, 2023)
	lb, _ := LogPartials(base.Countries, 5, Agreement{Name: "c5", Pairs: Pairs{Members: c5}, PartialEffect: 0.3})
	benchSolve(b, SolveHat, base, lb, 5)
}

func BenchmarkSolveGEPPMLWIOD(b *testing.B) {
	wc := loadWIOD(b)
	benchSolve(b, SolveGEPPML, wc.base, wc.lb, 4)
}

func BenchmarkSolveHatWIOD(b *testing.B) {
	wc := loadWIOD(b)
	benchSolve(b, SolveHat, wc.base, wc.lb, 4)
}

// benchSolve times solve on the baseline and log partial effects lb with
// trade elasticity theta.
func benchSolve(b *testing.B, solve func(*Flows, []float64, Options) (*Result, error), base *Flows, lb []float64, theta float64) {
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := solve(base, lb, Options{Theta: theta}); err != nil {
			b.Fatal(err)
		}
	}
}

// Pricing a policy against itself changes nothing; against no measures it
// is the policy's own effect.
func TestRelative(t *testing.T) {
	s, c, draws := runTestStudy(t, 2, 3)
	self, err := Relative(draws[1], draws[1])
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range self.Outcomes {
		if o.RealGDP != 0 || o.Exports != 0 || o.GroupShare != o.GroupShareBase {
			t.Errorf("policy against itself: %+v", o)
		}
	}
	zero, err := s.RunDraw(Policy{Name: "none"}, c.Theta, nil)
	if err != nil {
		t.Fatal(err)
	}
	own, _ := Relative(c, zero)
	for k, o := range own.Outcomes {
		if math.Abs(o.RealGDP-c.Outcomes[k].RealGDP) > 1e-9 || math.Abs(o.GroupShareBase-c.Outcomes[k].GroupShareBase) > 1e-12 {
			t.Errorf("against no change: %+v vs %+v", o, c.Outcomes[k])
		}
	}
}
