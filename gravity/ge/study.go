package ge

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"

	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/rng"
)

// Param is an uncertain input with its source: the distribution draws are
// taken from, and where the numbers come from.
type Param struct {
	Dist   dist.Dist
	Source string
}

// Central returns the value used for the central (point) estimate: the
// distribution's median.
func (p Param) Central() float64 { return p.Dist.Quantile(0.5) }

// DefaultTheta is the trade elasticity used when a scenario states none,
// a stated assumption: structural estimates range from about 4 (Simonovska
// & Waugh 2014, "The elasticity of trade: estimates and evidence", J. Int.
// Econ. 92; also the value of the ge_gravity examples) to 8.28 (Eaton &
// Kortum 2002, "Technology, geography, and trade", Econometrica 70). The
// triangular distribution spans 3 to 8.28 with its mode at 5, near the
// middle of the estimates surveyed by Head & Mayer (2014, "Gravity
// equations: workhorse, toolkit, and cookbook", Handbook of International
// Economics 4, sec. 4.2); the mode is a judgement, not a table's figure.
var DefaultTheta = Param{
	Dist:   dist.Triangular{Min: 3, Mode: 5, Max: 8.28},
	Source: "assumption: range from Simonovska & Waugh (2014) ~4 to Eaton & Kortum (2002) 8.28, mode 5 (judgement; cf. Head & Mayer 2014 sec. 4.2)",
}

// MeasureKind says how a measure's size is read.
type MeasureKind int

const (
	// CostChange: Size is the proportional change in trade costs of the
	// pairs (-0.1 = 10% lower); b_ij = -theta ln(1 + Size).
	CostChange MeasureKind = iota
	// PartialEffect: Size is a gravity coefficient on a 0/1 policy
	// variable switched on for the pairs (an agreement); b_ij = Size.
	PartialEffect
	// TariffTo: Size is the new ad valorem tariff, Old the current one.
	TariffTo
	// TransitTime: Hours holds each pair's route time before and after
	// (hours); Size is the ad valorem cost of a day in transit, and the
	// pair's cost ratio is TimeCost(before/24, after/24, Size).
	TransitTime
)

func (k MeasureKind) String() string {
	return enumString([]string{CostChange: "cost change", PartialEffect: "partial effect", TariffTo: "tariff", TransitTime: "transit time"}, int(k), "MeasureKind")
}

// Measure is one element of a policy: a trade-cost shock whose size is
// uncertain.
type Measure struct {
	Name  string
	Kind  MeasureKind
	Pairs Pairs
	Size  Param
	Old   float64 // current tariff, for TariffTo
	// Hours are the route times before and after, for TransitTime.
	Hours map[Pair][2]float64
}

// shock returns the measure's shock for one drawn size.
func (m Measure) shock(size float64) (Shock, error) {
	switch m.Kind {
	case CostChange:
		if !(size > -1) {
			return nil, fmt.Errorf("measure %q: cost change %v must be above -100%%", m.Name, size)
		}
		return pairShock{name: m.Name, pairs: m.Pairs, b: func(theta float64) float64 { return -theta * math.Log1p(size) },
			desc: fmt.Sprintf("%s: trade costs %+.1f%%", m.Name, 100*size)}, nil
	case PartialEffect:
		return Agreement{Name: m.Name, Pairs: m.Pairs, PartialEffect: size}, nil
	case TariffTo:
		return Tariff{Name: m.Name, Pairs: m.Pairs, Old: m.Old, New: size}, nil
	case TransitTime:
		if !(size >= 0) {
			return nil, fmt.Errorf("measure %q: cost of a day in transit %v must be non-negative", m.Name, size)
		}
		r := make(map[Pair]float64, len(m.Hours))
		for p, h := range m.Hours {
			r[p] = TimeCost(h[0]/24, h[1]/24, size)
		}
		return CostRatio{Name: m.Name, Ratio: r, Symmetric: m.Pairs.Symmetric}, nil
	}
	return nil, fmt.Errorf("measure %q: unknown kind %v", m.Name, m.Kind)
}

// pairShock applies b(theta) to every selected pair.
type pairShock struct {
	name  string
	pairs Pairs
	b     func(theta float64) float64
	desc  string
}

func (s pairShock) Apply(countries []string, theta float64, lb []float64) error {
	n := len(countries)
	d := s.b(theta)
	if err := s.pairs.each(countries, func(i, j int) { lb[i*n+j] += d }); err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	return nil
}

func (s pairShock) Describe() string { return s.desc }

// DefaultDayCost is the ad valorem cost of a day in transit: Hummels &
// Schaur (2013, "Time as a trade barrier", American Economic Review
// 103(7)) estimate 0.6% to 2.1% of the goods' value per day for
// manufactured imports; the uniform distribution spans that range.
var DefaultDayCost = Param{
	Dist:   dist.Uniform{Min: 0.006, Max: 0.021},
	Source: "Hummels & Schaur (2013), AER 103(7): 0.6-2.1% ad valorem per day",
}

// Policy is a named set of measures.
type Policy struct {
	Name        string
	Description string
	Measures    []Measure
}

// Study is a baseline, a trade elasticity and the countries to report.
type Study struct {
	Baseline *Flows
	Theta    Param
	Balance  Balance
	// Tol is the solver tolerance (Options.Tol); zero means 1e-8.
	Tol float64
	// Focus are the economies reported, Group the members of the region
	// whose intra-regional share is reported (usually the same five), and
	// Partners the economies whose share of each focus economy's trade is
	// reported (RUS, CHN).
	Focus, Group, Partners []string
	// Solve is the solver; nil means SolveHat.
	Solve func(*Flows, []float64, Options) (*Result, error)
	// Workers is the number of draws solved at once (0: GOMAXPROCS).
	// Results do not depend on it: draw d's inputs depend only on the seed
	// and d.
	Workers int
}

// Outcome is one focus economy's result in one draw.
type Outcome struct {
	Country string
	// RealGDP is the % change in real GDP (real wage in the one-factor
	// model: nominal GDP deflated by the consumer price index).
	RealGDP float64
	// Welfare is the % change in real expenditure (ge_gravity's welfare).
	Welfare float64
	// Exports is the % change in international exports (nominal, in units
	// of world output).
	Exports float64
	// GroupShare and PartnerShare are shares of the economy's
	// international trade (exports plus imports), before and after.
	GroupShare, GroupShareBase     float64
	PartnerShare, PartnerShareBase []float64 // in Study.Partners order
}

// Draw is one draw of a study: the sampled inputs and the outcomes.
type Draw struct {
	Index       int
	Theta       float64
	Sizes       []float64 // per measure
	Outcomes    []Outcome // per focus economy
	Iterations  int
	FinalChange float64
	// MaxImbalance is the solve's largest accounting residual
	// (Result.MaxImbalance).
	MaxImbalance float64
}

// RunDraw solves the policy for one set of inputs.
func (s *Study) RunDraw(p Policy, theta float64, sizes []float64) (*Draw, error) {
	if len(sizes) != len(p.Measures) {
		return nil, fmt.Errorf("policy %q: %d sizes for %d measures", p.Name, len(sizes), len(p.Measures))
	}
	shocks := make([]Shock, len(p.Measures))
	for k, m := range p.Measures {
		sh, err := m.shock(sizes[k])
		if err != nil {
			return nil, fmt.Errorf("policy %q: %w", p.Name, err)
		}
		shocks[k] = sh
	}
	lb, err := LogPartials(s.Baseline.Countries, theta, shocks...)
	if err != nil {
		return nil, fmt.Errorf("policy %q: %w", p.Name, err)
	}
	solve := s.Solve
	if solve == nil {
		solve = SolveHat
	}
	res, err := solve(s.Baseline, lb, Options{Theta: theta, Balance: s.Balance, Tol: s.Tol})
	if err != nil {
		return nil, fmt.Errorf("policy %q, theta %.3g: %w", p.Name, theta, err)
	}
	d := &Draw{Theta: theta, Sizes: append([]float64(nil), sizes...), Iterations: res.Iterations, FinalChange: res.FinalChange, MaxImbalance: res.MaxImbalance}
	base := TradeShares(s.Baseline, s.Group, s.Partners)
	after := TradeShares(res.Flows, s.Group, s.Partners)
	bx, ax := s.Baseline.Exports(), res.Flows.Exports()
	for _, c := range s.Focus {
		i := s.Baseline.Index(c)
		if i < 0 {
			return nil, fmt.Errorf("focus economy %q is not in the baseline", c)
		}
		d.Outcomes = append(d.Outcomes, Outcome{
			Country:          c,
			RealGDP:          100 * (res.RealWage[i] - 1),
			Welfare:          100 * (res.Welfare[i] - 1),
			Exports:          100 * (ax[i]/bx[i] - 1),
			GroupShare:       after[i].Group,
			GroupShareBase:   base[i].Group,
			PartnerShare:     after[i].Partner,
			PartnerShareBase: base[i].Partner,
		})
	}
	return d, nil
}

// Shares are one economy's shares of international trade.
type Shares struct {
	Group   float64   // with the other members of the group
	Partner []float64 // with each partner
}

// TradeShares returns, for every economy, the share of its international
// trade (exports plus imports) with the other members of group and with
// each partner.
func TradeShares(f *Flows, group, partners []string) []Shares {
	n := f.N()
	inGroup := make([]bool, n)
	for _, g := range group {
		if i := f.Index(g); i >= 0 {
			inGroup[i] = true
		}
	}
	pidx := make([]int, len(partners))
	for k, p := range partners {
		pidx[k] = f.Index(p)
	}
	out := make([]Shares, n)
	for i := 0; i < n; i++ {
		total, grp := 0.0, 0.0
		for j := 0; j < n; j++ {
			if j == i {
				continue
			}
			t := f.X[i*n+j] + f.X[j*n+i]
			total += t
			if inGroup[j] {
				grp += t
			}
		}
		sh := Shares{Partner: make([]float64, len(partners))}
		if total > 0 {
			sh.Group = grp / total
			for k, j := range pidx {
				if j >= 0 && j != i {
					sh.Partner[k] = (f.X[i*n+j] + f.X[j*n+i]) / total
				}
			}
		}
		out[i] = sh
	}
	return out
}

// SampleInputs draws theta and the measures' sizes for draw index d of a
// run with the given seed. The stream is a sub-stream of the run's
// parameter stream (rng.Params) keyed for this package, so that it depends
// only on (seed, d): every policy sees the same theta in the same draw
// (common random numbers), and measures are keyed by name so that adding a
// measure to a policy leaves the others' draws unchanged.
func (s *Study) SampleInputs(p Policy, seed uint64, d int) (float64, []float64) {
	key := rng.Sub(rng.Key(seed, d, rng.Params), streamGE)
	theta := s.Theta.Dist.Sample(rand.New(rand.NewPCG(key, rng.Mix(key))))
	sizes := make([]float64, len(p.Measures))
	for k, m := range p.Measures {
		mk := rng.Sub(key, hashName(m.Name))
		sizes[k] = m.Size.Dist.Sample(rand.New(rand.NewPCG(mk, rng.Mix(mk))))
	}
	return theta, sizes
}

// streamGE keys this package's sub-stream of rng.Params.
const streamGE = 0x6765_6772_6176 // "gegrav"

// hashName is FNV-1a, used to key a measure's stream by its name.
func hashName(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Run solves the central case (every input at its median) and n draws.
func (s *Study) Run(p Policy, n int, seed uint64) (central *Draw, draws []*Draw, err error) {
	if s.Theta.Dist == nil {
		return nil, nil, fmt.Errorf("study: no trade elasticity")
	}
	for _, m := range p.Measures {
		if m.Size.Dist == nil {
			return nil, nil, fmt.Errorf("policy %q: measure %q has no size", p.Name, m.Name)
		}
	}
	sizes := make([]float64, len(p.Measures))
	for k, m := range p.Measures {
		sizes[k] = m.Size.Central()
	}
	central, err = s.RunDraw(p, s.Theta.Central(), sizes)
	if err != nil {
		return nil, nil, err
	}
	central.Index = -1
	draws = make([]*Draw, n)
	errs := make([]error, n)
	workers := s.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(workers, max(n, 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range next {
				theta, sz := s.SampleInputs(p, seed, d)
				dr, err := s.RunDraw(p, theta, sz)
				if err != nil {
					errs[d] = fmt.Errorf("draw %d: %w", d, err)
					continue
				}
				dr.Index = d
				draws[d] = dr
			}
		}()
	}
	for d := 0; d < n; d++ {
		next <- d
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	return central, draws, nil
}

// Quantile returns the p-quantile of xs (type 7, linear interpolation, as
// R's default); xs is not modified.
func Quantile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	h := p * float64(len(s)-1)
	lo := math.Floor(h)
	if int(lo) >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[int(lo)] + (h-lo)*(s[int(lo)+1]-s[int(lo)])
}

// Check reports the first measure naming an economy that is not among
// countries, or without a size.
func (p Policy) Check(countries []string) error {
	in := map[string]bool{}
	for _, c := range countries {
		in[c] = true
	}
	for _, m := range p.Measures {
		if m.Size.Dist == nil {
			return fmt.Errorf("policy %q: measure %q has no size", p.Name, m.Name)
		}
		codes := m.Pairs.codesOf()
		for pr := range m.Hours {
			codes = append(codes, pr.Exporter, pr.Importer)
		}
		for _, c := range codes {
			if !in[c] {
				return fmt.Errorf("policy %q: measure %q: %q is not in the flow table", p.Name, m.Name, c)
			}
		}
	}
	return nil
}

// Relative expresses draw a relative to draw b of another policy solved
// with the same inputs (same seed and draw index): percentage changes are
// compounded, (1+a)/(1+b) - 1, and the "before" shares of the result are
// b's "after" shares. Use it to price a policy against a baseline policy
// rather than against no change.
func Relative(a, b *Draw) (*Draw, error) {
	if len(a.Outcomes) != len(b.Outcomes) {
		return nil, fmt.Errorf("relative: %d and %d economies", len(a.Outcomes), len(b.Outcomes))
	}
	rel := func(x, y float64) float64 { return 100 * ((1+x/100)/(1+y/100) - 1) }
	d := &Draw{Index: a.Index, Theta: a.Theta, Sizes: a.Sizes, Iterations: max(a.Iterations, b.Iterations),
		FinalChange: math.Max(a.FinalChange, b.FinalChange)}
	for c, oa := range a.Outcomes {
		ob := b.Outcomes[c]
		if oa.Country != ob.Country {
			return nil, fmt.Errorf("relative: economy %d is %s and %s", c, oa.Country, ob.Country)
		}
		d.Outcomes = append(d.Outcomes, Outcome{
			Country:          oa.Country,
			RealGDP:          rel(oa.RealGDP, ob.RealGDP),
			Welfare:          rel(oa.Welfare, ob.Welfare),
			Exports:          rel(oa.Exports, ob.Exports),
			GroupShare:       oa.GroupShare,
			GroupShareBase:   ob.GroupShare,
			PartnerShare:     oa.PartnerShare,
			PartnerShareBase: ob.PartnerShare,
		})
	}
	return d, nil
}
