package ge

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"sync"

	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/rng"
	"github.com/steppe-dev/steppe/world"
)

// ProjectMeasures returns the trade-cost measures of a scenario project:
// one measure per trade_cost entry, named "<project>.<from>-<to>": a
// CostChange sized by the entry's change, or, when the entry states a
// partial_effect instead, a PartialEffect measure sized by it (so the cost
// change, exp(-b/theta) - 1, moves with the draw's theta and the partial
// effect on trade stays the estimated one). Sizes are the entry's
// distribution, or a point mass at its value.
//
// Which pairs an entry covers:
//   - in a project of kind "trade-agreement", an entry between two of the
//     project's countries stands for the agreement: it applies to every
//     ordered pair of the project's countries (a C5 agreement lowers costs
//     on all twenty directed pairs, not on the one pair named);
//   - otherwise an entry applies to both directions of its pair, unless the
//     project also lists the reverse direction, in which case each entry
//     applies to its own direction only.
func ProjectMeasures(p *world.Project) []Measure {
	listed := map[Pair]bool{}
	for _, tc := range p.TradeCost {
		listed[Pair{tc.From, tc.To}] = true
	}
	member := map[string]bool{}
	for _, c := range p.Countries {
		member[c] = true
	}
	var ms []Measure
	for _, tc := range p.TradeCost {
		src := p.Source
		if tc.Change.Source != "" {
			src = tc.Change.Source
		}
		m := Measure{
			Name:  fmt.Sprintf("%s.%s-%s", p.ID, tc.From, tc.To),
			Kind:  CostChange,
			Pairs: Pairs{List: []Pair{{tc.From, tc.To}}, Symmetric: !listed[Pair{tc.To, tc.From}]},
			Size:  Param{Dist: tc.Change.Distribution(), Source: src},
		}
		if tc.PartialEffect.Set {
			if tc.PartialEffect.Source != "" {
				src = tc.PartialEffect.Source
			}
			m.Kind = PartialEffect
			m.Size = Param{Dist: tc.PartialEffect.Distribution(), Source: src}
		}
		if p.Kind == "trade-agreement" && member[tc.From] && member[tc.To] && len(p.Countries) > 2 {
			m.Pairs = Pairs{Members: append([]string(nil), p.Countries...)}
		}
		ms = append(ms, m)
	}
	return ms
}

// WorldTheta returns the trade elasticity a scenario states
// (gravity.theta), or DefaultTheta when it states none.
func WorldTheta(w *world.World) Param {
	th := w.Gravity.Theta
	if !th.Set {
		return DefaultTheta
	}
	src := th.Source
	if src == "" {
		src = "assumption: " + th.Reason
	}
	return Param{Dist: th.Distribution(), Source: src}
}

// WorldPolicy returns the measures of every project a scenario policy
// schedules, and notes naming the projects without trade-cost effects
// (which the general-equilibrium model therefore leaves out).
func WorldPolicy(w *world.World, id string) (Policy, []string, error) {
	pol, ok := w.Policy(id)
	if !ok {
		return Policy{}, nil, fmt.Errorf("scenario %s has no policy %q (policies: %v)", w.Name, id, w.PolicyIDs())
	}
	p := Policy{Name: pol.ID, Description: pol.Description}
	var notes []string
	for _, pp := range pol.Projects {
		pr, ok := w.Project(pp.Project)
		if !ok {
			return Policy{}, nil, fmt.Errorf("policy %q: unknown project %q", id, pp.Project)
		}
		ms := ProjectMeasures(pr)
		if len(ms) == 0 {
			notes = append(notes, fmt.Sprintf("project %s (%s) states no trade-cost change: not in the trade model", pr.ID, pr.Kind))
		}
		p.Measures = append(p.Measures, ms...)
	}
	return p, notes, nil
}

// FocusCodes returns the codes of a world's focus actors, in order.
func FocusCodes(w *world.World) []string {
	var cs []string
	for _, a := range w.Focus() {
		cs = append(cs, a.ID)
	}
	return cs
}

// Effect is the change in one focus economy's trade position caused by a
// set of completed projects in one draw.
type Effect struct {
	Income        float64 // % change in real income (welfare: real expenditure)
	RealGDP       float64 // % change in real GDP
	IntraRegional float64 // change in the share of trade with the other focus economies
	ChinaShare    float64 // change in China's share of the economy's trade
	RussiaShare   float64 // change in Russia's share
}

// Integration prices a scenario's projects for the simulation: for a draw
// and a set of completed projects it returns each focus economy's change in
// real income and trade shares. It draws theta and every project's
// trade-cost change from their distributions in the package's keyed stream
// (see Study.SampleInputs), so that a draw sees the same inputs under every
// policy. To bound the work, draw d uses GE draw d mod Draws, and results
// are cached by (GE draw, completed set). Safe for concurrent use.
//
// Projects with no trade-cost change (a power grid, a border policy) are
// outside the goods-trade model: their stated effects on the fields in
// TradeFields are passed through, drawn from their stated distributions in
// the same keyed stream, so that supplying these fields never silently
// drops a project's stated effect. Stated effects of projects that do
// change trade costs are replaced by the model's.
type Integration struct {
	study     *Study
	projects  [][]Measure // per world project
	stated    [][]stated  // per world project without trade-cost changes
	tradeMask uint64      // projects with trade-cost changes
	all       Policy      // every project's measures, in project order
	draws     int

	mu    sync.Mutex
	cache map[intKey]*intEntry
}

// stated is a project's stated effect on one of the fields the trade model
// supplies, passed through for projects the model cannot price.
type stated struct {
	name    string // stream key
	country int    // index into the focus economies
	field   world.EffectField
	size    dist.Dist
}

type intKey struct {
	seed uint64
	draw int
	done uint64
}

type intEntry struct {
	once sync.Once
	eff  []Effect
	err  error
}

// NewIntegration prepares the pricing of w's projects on the study's
// baseline. Focus, Group and Partners of the study are set from w (focus
// actors; partners RUS and CHN). draws is the number of distinct GE draws
// (zero: 200).
func NewIntegration(w *world.World, s Study, draws int) (*Integration, error) {
	if draws <= 0 {
		draws = 200
	}
	if len(w.Projects) > 64 {
		return nil, fmt.Errorf("scenario %s: %d projects, at most 64", w.Name, len(w.Projects))
	}
	s.Focus = FocusCodes(w)
	s.Group = s.Focus
	s.Partners = []string{"RUS", "CHN"}
	for _, c := range append(append([]string(nil), s.Focus...), s.Partners...) {
		if s.Baseline.Index(c) < 0 {
			return nil, fmt.Errorf("trade baseline has no %s", c)
		}
	}
	g := &Integration{study: &s, draws: draws, cache: map[intKey]*intEntry{}}
	for i := range w.Projects {
		ms := ProjectMeasures(&w.Projects[i])
		for _, m := range ms {
			for _, c := range m.Pairs.codesOf() {
				if s.Baseline.Index(c) < 0 {
					return nil, fmt.Errorf("project %s: %s is not in the trade baseline", w.Projects[i].ID, c)
				}
			}
			if err := dist.Validate(m.Size.Dist); err != nil {
				return nil, fmt.Errorf("project %s: %w", w.Projects[i].ID, err)
			}
		}
		g.projects = append(g.projects, ms)
		g.all.Measures = append(g.all.Measures, ms...)
		if len(ms) > 0 {
			g.tradeMask |= 1 << uint(i)
		}
		var st []stated
		if len(ms) == 0 {
			pr := &w.Projects[i]
			for _, e := range pr.Effects {
				c := indexOf(s.Focus, e.Country)
				if c < 0 || !isTradeField(e.Field) {
					continue
				}
				st = append(st, stated{name: fmt.Sprintf("stated.%s.%s.%s", pr.ID, e.Country, e.Field), country: c, field: e.Field, size: e.Size.Distribution()})
			}
		}
		g.stated = append(g.stated, st)
	}
	g.all.Name = "all projects"
	return g, nil
}

// Effects returns the effects on each focus economy (in world order) of the
// completed projects done (bit i: w.Projects[i]) in draw d of a run with
// the given seed. The general-equilibrium solve is cached by (seed, GE
// draw, completed projects with trade-cost changes); stated effects of the
// other projects are added on each call.
func (g *Integration) Effects(seed uint64, d int, done uint64) ([]Effect, error) {
	return g.AppendEffects(nil, seed, d, done)
}

// AppendEffects appends to dst what Effects returns and returns the
// extended slice: a caller that keeps dst between calls (dst[:0]) reads the
// effects without allocating.
func (g *Integration) AppendEffects(dst []Effect, seed uint64, d int, done uint64) ([]Effect, error) {
	k := intKey{seed, d % g.draws, done & g.tradeMask}
	g.mu.Lock()
	e, ok := g.cache[k]
	if !ok {
		e = &intEntry{}
		g.cache[k] = e
	}
	g.mu.Unlock()
	e.once.Do(func() { e.eff, e.err = g.compute(k) })
	if e.err != nil {
		return nil, e.err
	}
	n := len(dst)
	dst = append(dst, e.eff...)
	if done&^g.tradeMask != 0 {
		g.addStated(seed, k.draw, done, dst[n:])
	}
	return dst, nil
}

// addStated adds the stated effects of the completed projects outside the
// trade model.
func (g *Integration) addStated(seed uint64, draw int, done uint64, eff []Effect) {
	key := rng.Sub(rng.Key(seed, draw, rng.Params), streamGE)
	var src *rand.PCG
	var r *rand.Rand
	for i, st := range g.stated {
		if done&(1<<uint(i)) == 0 {
			continue
		}
		for _, e := range st {
			mk := rng.Sub(key, hashName(e.name))
			if r == nil {
				src = rand.NewPCG(mk, rng.Mix(mk))
				r = rand.New(src)
			} else {
				src.Seed(mk, rng.Mix(mk)) // as a new generator: rand.Rand keeps no state of its own
			}
			v := e.size.Sample(r)
			switch e.field {
			case world.EIncome:
				eff[e.country].Income += v
			case world.EIntraRegionalTrade:
				eff[e.country].IntraRegional += v
			case world.EChinaTradeShare:
				eff[e.country].ChinaShare += v
			case world.ERussiaTradeShare:
				eff[e.country].RussiaShare += v
			}
		}
	}
}

func (g *Integration) compute(k intKey) ([]Effect, error) {
	eff := make([]Effect, len(g.study.Focus))
	theta, sizes := g.study.SampleInputs(g.all, k.seed, k.draw)
	var p Policy
	var sz []float64
	off := 0
	for i, ms := range g.projects {
		if k.done&(1<<uint(i)) != 0 {
			p.Measures = append(p.Measures, ms...)
			sz = append(sz, sizes[off:off+len(ms)]...)
		}
		off += len(ms)
	}
	if len(p.Measures) == 0 {
		return eff, nil
	}
	p.Name = "completed projects"
	dr, err := g.study.RunDraw(p, theta, sz)
	if err != nil {
		return nil, err
	}
	for c, o := range dr.Outcomes {
		eff[c] = Effect{
			Income:        o.Welfare,
			RealGDP:       o.RealGDP,
			IntraRegional: o.GroupShare - o.GroupShareBase,
			RussiaShare:   o.PartnerShare[0] - o.PartnerShareBase[0],
			ChinaShare:    o.PartnerShare[1] - o.PartnerShareBase[1],
		}
		if math.IsNaN(eff[c].Income) {
			return nil, fmt.Errorf("draw %d: NaN income for %s", k.draw, o.Country)
		}
	}
	return eff, nil
}

// TradeFields are the effect fields an Integration supplies: the
// simulation stops applying the scenario's stated effects for them.
var TradeFields = []world.EffectField{world.EIncome, world.EIntraRegionalTrade, world.EChinaTradeShare, world.ERussiaTradeShare}

func isTradeField(f world.EffectField) bool {
	for _, t := range TradeFields {
		if t == f {
			return true
		}
	}
	return false
}

func indexOf(s []string, c string) int {
	for i, x := range s {
		if x == c {
			return i
		}
	}
	return -1
}

// codesOf lists the codes a selection names, sorted.
func (p Pairs) codesOf() []string {
	set := map[string]bool{}
	for _, m := range p.Members {
		set[m] = true
	}
	for _, pr := range p.List {
		set[pr.Exporter] = true
		set[pr.Importer] = true
	}
	return sortedCodes(set)
}

// sortedCodes returns the codes in set in order (empty, not nil, when
// there are none).
func sortedCodes(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}
