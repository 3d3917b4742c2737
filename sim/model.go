package sim

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/steppe-dev/steppe/world"
)

// blockSize is the number of draws a worker takes at a time. Sums over draws
// are formed per block and then over blocks in order, so they do not depend
// on the number of workers. Changing it changes the last bits of the means.
const blockSize = 64

// BlockSize is the number of draws in each [Block] of a run (the last
// may have fewer): a run of Options.First = k·BlockSize computes the same
// blocks, sums included, as the run from 0 computes for those draws.
const BlockSize = blockSize

// Model is a compiled scenario, ready to run. It is safe for concurrent
// Runs.
type Model struct {
	w         *world.World
	eng       Engines
	params    []Param
	keys      []uint64 // per-parameter stream sub-key (hash of the path)
	byPath    map[string]int
	countries []string
	months    int   // number of simulated months, start..horizon inclusive
	years     []int // calendar years covered
	yearEnd   []int // month offset of the last month of each year

	cty    []country
	hazard [][world.NumTriggerTypes]int // per country: parameter index of the base hazard, -1 none
	hcoef  struct{ growth, fuel, remit, income, realign, commit int }
	dec    struct {
		intercept  int
		coef       [world.NumDecisionFeatures]int
		typ        [world.NumTriggerTypes]int
		req, unreq [world.NumOutcomes]int
	}
	shock    struct{ rGrowth, rGrowthSD, elasticity, fuelSD, sanctions int }
	commits  []commitment
	bases    []base
	projects []project
	policies []policy
	stated   [world.NumEffectFields]bool // fields whose stated effects apply
}

type country struct {
	gdp                                                       float64 // stated GDP, weight of the region's integration effects
	id                                                        string
	growth, growthSD, ethnic, remit, remitRussia, fuel, china int
	russiaTrade, intra, transit, request, align               int
	csto                                                      []bool // per year index
}

type commitment struct{ from, endYear, intensity int }

type base struct{ host, leaseEnd int }

type effect struct {
	c     int
	field world.EffectField
	size  int
}

type project struct {
	id       string
	duration int
	effects  []effect
}

type policy struct {
	id    string
	sched []sched
}

type sched struct{ project, start int } // start: month offset from the scenario start

// New compiles w for simulation with the given engines (nil fields use the
// scenario's stated models). It fails when w is inconsistent in a way that
// package scenario's validation should have caught.
func New(w *world.World, e Engines) (*Model, error) {
	if w.Horizon < w.Start {
		return nil, fmt.Errorf("sim: horizon %v before start %v", w.Horizon, w.Start)
	}
	if len(w.Projects) > 64 {
		return nil, fmt.Errorf("sim: %d projects; at most 64 are supported", len(w.Projects))
	}
	m := &Model{w: w, eng: e, byPath: map[string]int{}}
	m.months = int(w.Horizon-w.Start) + 1
	for y := w.Start.Year(); y <= w.Horizon.Year(); y++ {
		m.years = append(m.years, y)
		end := int(world.MonthOf(y, 12) - w.Start)
		m.yearEnd = append(m.yearEnd, min(end, m.months-1))
	}
	for i := range m.stated {
		m.stated[i] = true
	}
	for _, in := range e.Integration {
		for _, f := range in.Fields() {
			m.stated[f] = false
		}
	}
	idx := map[string]int{}
	for _, a := range w.Focus() {
		idx[a.ID] = len(m.countries)
		m.countries = append(m.countries, a.ID)
	}
	if len(m.countries) == 0 {
		return nil, fmt.Errorf("sim: scenario %q has no focus actors", w.Name)
	}
	for _, a := range w.Focus() {
		p := "actors." + a.ID + "."
		c := country{
			gdp:         a.Attr.GDP.V,
			id:          a.ID,
			growth:      m.add(a.Attr.Growth, p+"growth"),
			growthSD:    m.add(a.Attr.GrowthSD, p+"growth_sd"),
			ethnic:      m.add(a.Attr.EthnicRussianShare, p+"ethnic_russian_share"),
			remit:       m.add(a.Attr.RemittancesGDP, p+"remittances_gdp"),
			remitRussia: m.add(a.Attr.RemittancesRussia, p+"remittances_russia_share"),
			fuel:        m.add(a.Attr.FuelExposure, p+"fuel_price_exposure"),
			china:       m.add(a.Attr.ChinaInvestment, p+"china_investment_gdp"),
			russiaTrade: m.add(a.Attr.RussiaTradeShare, p+"russia_trade_share"),
			intra:       m.add(a.Attr.IntraRegionalTrade, p+"intra_regional_trade_share"),
			transit:     m.add(a.Attr.RussianTransit, p+"russian_transit_share"),
			request:     m.add(a.Attr.RequestPropensity, p+"request_propensity"),
			align:       m.add(a.Attr.AlignmentShift, p+"alignment_shift"),
		}
		for _, y := range m.years {
			mon := max(world.MonthOf(y, 1), w.Start)
			c.csto = append(c.csto, w.Member("CSTO", a.ID, mon))
		}
		m.cty = append(m.cty, c)
	}
	m.hazard = make([][world.NumTriggerTypes]int, len(m.countries))
	for c := range m.hazard {
		for k := range m.hazard[c] {
			m.hazard[c][k] = -1
		}
	}
	for _, h := range w.Hazards {
		c, ok := idx[h.Country]
		if !ok {
			return nil, fmt.Errorf("sim: hazard for %q, which is not a focus actor", h.Country)
		}
		m.hazard[c][h.Type] = m.add(h.Monthly, "triggers.hazard."+h.Country+"."+h.Type.String())
	}
	hc := w.HazardCoef
	m.hcoef.growth = m.add(hc.Growth, "triggers.coef.growth")
	m.hcoef.fuel = m.add(hc.FuelShock, "triggers.coef.fuel_shock")
	m.hcoef.remit = m.add(hc.RemittanceShock, "triggers.coef.remittance_loss")
	m.hcoef.income = m.add(hc.IncomeGain, "triggers.coef.income_gain")
	m.hcoef.realign = m.add(hc.Realignment, "triggers.coef.realignment")
	m.hcoef.commit = m.add(hc.Commitment, "triggers.coef.commitment")
	d := w.Decision
	m.dec.intercept = m.add(d.Intercept, "decision.intercept")
	for f := range d.Coef {
		m.dec.coef[f] = m.add(d.Coef[f], "decision.coef."+world.DecisionFeature(f).String())
	}
	for k := range d.TypeEffect {
		m.dec.typ[k] = m.add(d.TypeEffect[k], "decision.trigger_effect."+world.TriggerType(k).String())
	}
	for o := range d.Requested {
		m.dec.req[o] = m.add(d.Requested[o], "decision.outcomes.requested."+world.Outcome(o).String())
		m.dec.unreq[o] = m.add(d.Unrequested[o], "decision.outcomes.unrequested."+world.Outcome(o).String())
	}
	s := w.Shocks
	m.shock.rGrowth = m.add(s.RussiaGrowth, "shocks.russia_growth")
	m.shock.rGrowthSD = m.add(s.RussiaGrowthSD, "shocks.russia_growth_sd")
	m.shock.elasticity = m.add(s.RemitElasticity, "shocks.remittance_elasticity")
	m.shock.fuelSD = m.add(s.FuelPriceSD, "shocks.fuel_price_sd")
	m.shock.sanctions = m.add(s.SanctionsCost, "shocks.sanctions_growth_cost")
	m.add(s.SanctionsCostUSD, "shocks.sanctions_cost_usd")
	for i, cm := range s.RussiaCommitments {
		name := cm.Name
		if name == "" {
			name = fmt.Sprint(i)
		}
		m.commits = append(m.commits, commitment{
			from:      int(cm.From - w.Start),
			endYear:   m.add(cm.EndYear, "shocks.russia_commitments."+name+".end_year"),
			intensity: m.add(cm.Intensity, "shocks.russia_commitments."+name+".intensity"),
		})
	}
	for _, b := range w.Bases {
		le := m.add(b.LeaseEnd, "bases."+b.ID+".lease_end")
		m.add(b.Personnel, "bases."+b.ID+".personnel")
		c, ok := idx[b.Host]
		if !ok || b.Operator != "RUS" || !world.IsCombatBase(b.Kind) {
			continue // as the episode record codes base_present
		}
		m.bases = append(m.bases, base{host: c, leaseEnd: le})
	}
	pidx := map[string]int{}
	for j, p := range w.Projects {
		pidx[p.ID] = j
		pr := project{id: p.ID, duration: m.add(p.Duration, "projects."+p.ID+".duration_months")}
		m.add(p.CostUSD, "projects."+p.ID+".cost_usd")
		for _, ef := range p.Effects {
			c, ok := idx[ef.Country]
			if !ok {
				return nil, fmt.Errorf("sim: project %s: effect on %q, which is not a focus actor", p.ID, ef.Country)
			}
			pr.effects = append(pr.effects, effect{c: c, field: ef.Field,
				size: m.add(ef.Size, "projects."+p.ID+".effects."+ef.Country+"."+ef.Field.String())})
		}
		for _, tc := range p.TradeCost {
			m.add(tc.Change, "projects."+p.ID+".trade_cost."+tc.From+"-"+tc.To)
			m.add(tc.PartialEffect, "projects."+p.ID+".trade_cost."+tc.From+"-"+tc.To+".partial_effect")
		}
		m.projects = append(m.projects, pr)
	}
	m.add(w.Gravity.Theta, "gravity.theta")
	for _, p := range w.Policies {
		pol := policy{id: p.ID}
		for _, pp := range p.Projects {
			j, ok := pidx[pp.Project]
			if !ok {
				return nil, fmt.Errorf("sim: policy %s: unknown project %q", p.ID, pp.Project)
			}
			pol.sched = append(pol.sched, sched{project: j, start: int(pp.Start - w.Start)})
		}
		m.policies = append(m.policies, pol)
	}
	if _, ok := w.Policy(w.Baseline); !ok {
		return nil, fmt.Errorf("sim: baseline policy %q not found", w.Baseline)
	}
	return m, nil
}

// add registers v as a parameter and returns its index, or -1 when the
// scenario does not state it (the value is then 0).
func (m *Model) add(v world.Value, path string) int {
	if !v.Set {
		return -1
	}
	if v.Path != "" {
		path = v.Path
	}
	if i, ok := m.byPath[path]; ok {
		return i
	}
	d := v.Distribution()
	lo, hi := d.Support()
	if math.IsInf(lo, 0) {
		lo = d.Quantile(0.005)
	}
	if math.IsInf(hi, 0) {
		hi = d.Quantile(0.995)
	}
	h := fnv.New64a()
	h.Write([]byte(path))
	i := len(m.params)
	m.params = append(m.params, Param{Path: path, Dist: d, Lo: lo, Hi: hi, Value: v})
	m.keys = append(m.keys, h.Sum64())
	m.byPath[path] = i
	return i
}

// Params returns the scenario's parameters in a stable order (scenario
// order within each section). The slice must not be modified.
func (m *Model) Params() []Param { return m.params }

// Countries returns the focus actor ids in output order.
func (m *Model) Countries() []string { return m.countries }

// Policies returns the ids of all policies, baseline first.
func (m *Model) Policies() []string {
	ids := []string{m.w.Baseline}
	for _, p := range m.policies {
		if p.id != m.w.Baseline {
			ids = append(ids, p.id)
		}
	}
	return ids
}

// Years returns the calendar years of the output.
func (m *Model) Years() []int { return m.years }

// World returns the world the model was compiled from.
func (m *Model) World() *world.World { return m.w }

// Run simulates o.Draws draws of every requested policy. It returns
// ctx.Err() if the context is cancelled before the run completes.
func (m *Model) Run(ctx context.Context, o Options) (*Output, error) {
	out, pols, err := m.header(o)
	if err != nil {
		return nil, err
	}
	over := make([]float64, len(m.params))
	has := make([]bool, len(m.params))
	for path, v := range o.Overrides {
		i := m.byPath[path] // checked by header
		over[i], has[i] = v, true
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	nc := len(m.countries)
	ncell := len(pols) * (nc + 1) * len(m.years)
	if o.Each == nil {
		out.PAny = make([]float64, ncell*o.Draws)
		out.Onsets = make([]float64, len(pols)*(nc+1)*o.Draws)
		out.TriggerCounts = make([]float64, len(pols)*(nc+1)*o.Draws)
	}
	nsum := m.nsum(len(pols))
	nblocks := (o.Draws + blockSize - 1) / blockSize
	if workers > nblocks {
		workers = nblocks
	}
	q := &blockQueue{o: o, out: out, nblocks: nblocks, window: 2*workers + 2, total: make([]float64, nsum),
		ready: map[int]*pending{}, shape: blockShape{cells: ncell, onsets: len(pols) * (nc + 1), params: len(m.params), nsum: nsum}}
	q.cond = sync.NewCond(&q.mu)
	var wg sync.WaitGroup
	for wk := 0; wk < workers; wk++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := m.newRunner(o, pols, over, has, out)
			for {
				b, pb := q.take()
				if pb == nil {
					return
				}
				lo, hi := o.First+b*blockSize, o.First+min((b+1)*blockSize, o.Draws)
				pb.blk.Lo, pb.blk.Hi = lo, hi
				r.into(pb)
				var err error
				for d := lo; d < hi && err == nil; d++ {
					if err = ctx.Err(); err == nil {
						err = r.draw(d, pb.acc)
					}
				}
				q.done(b, pb, err)
			}
		}()
	}
	wg.Wait()
	if q.err != nil {
		return nil, q.err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.means(out, pols, q.total)
	return out, nil
}

// Header returns the Output that Run(o) returns with o.Each set, less its
// means (Triggers, Interventions, Completion, Effects): a caller that
// gathers a run's blocks computed elsewhere (package sweep) completes it
// with [Model.Means]. It checks o as Run does.
func (m *Model) Header(o Options) (*Output, error) {
	out, _, err := m.header(o)
	return out, err
}

// Means sets the means of out, an Output of [Model.Header], from total:
// the [Block] Sums of the run's draws added in block order, as Run adds
// them.
func (m *Model) Means(out *Output, total []float64) error {
	pols, err := m.selectPolicies(out.Policies)
	if err != nil {
		return err
	}
	if n := m.nsum(len(pols)); len(total) != n {
		return fmt.Errorf("sim: %d sums for %d policies, want %d", len(total), len(pols), n)
	}
	m.means(out, pols, total)
	return nil
}

// nsum is the length of a block's sums for npol policies.
func (m *Model) nsum(npol int) int {
	ncell := npol * (len(m.countries) + 1) * len(m.years)
	return ncell*(int(world.NumTriggerTypes)+int(world.NumOutcomes)+int(world.NumEffectFields)) + npol*len(m.projects)
}

// header checks o and returns the run's Output, less its means and
// per-draw fields, and the policies' indices.
func (m *Model) header(o Options) (*Output, []int, error) {
	if o.Draws <= 0 {
		return nil, nil, fmt.Errorf("sim: draws must be positive, got %d", o.Draws)
	}
	if o.First < 0 {
		return nil, nil, fmt.Errorf("sim: first draw must not be negative, got %d", o.First)
	}
	pols, err := m.selectPolicies(o.Policies)
	if err != nil {
		return nil, nil, err
	}
	for path, v := range o.Overrides {
		if _, ok := m.byPath[path]; !ok {
			return nil, nil, &UnknownParamError{Path: path}
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, nil, fmt.Errorf("sim: override %s = %v is not a finite number", path, v)
		}
	}
	out := &Output{
		Scenario: m.w.Name, Start: m.w.Start, Horizon: m.w.Horizon, Seed: o.Seed, Draws: o.Draws,
		Paths: o.Paths, Countries: slices.Clone(m.countries), Years: slices.Clone(m.years),
		Engines: m.eng.Info(),
	}
	if m.eng.Hazards == nil && m.eng.BaseHazards == nil {
		out.Engines.Hazards = HazardInfo(m.w)
	}
	for _, p := range pols {
		out.Policies = append(out.Policies, m.policies[p].id)
	}
	for _, p := range m.projects {
		out.Projects = append(out.Projects, p.id)
	}
	return out, pols, nil
}

// means sets out's means from the run's sums.
func (m *Model) means(out *Output, pols []int, total []float64) {
	ncell := len(pols) * (len(m.countries) + 1) * len(m.years)
	inv := 1 / float64(out.Draws)
	nt := ncell * int(world.NumTriggerTypes)
	no := ncell * int(world.NumOutcomes)
	out.Triggers = make([]float64, nt)
	out.Interventions = make([]float64, no)
	out.Completion = make([]float64, len(pols)*len(m.projects))
	for i := range out.Triggers {
		out.Triggers[i] = total[i] * inv
	}
	for i := range out.Interventions {
		out.Interventions[i] = total[nt+i] * inv
	}
	for i := range out.Completion {
		out.Completion[i] = total[nt+no+i] * inv
	}
	out.Effects = make([]float64, ncell*int(world.NumEffectFields))
	for i := range out.Effects {
		out.Effects[i] = total[nt+no+len(out.Completion)+i] * inv
	}
	for pi, p := range pols {
		scheduled := map[int]bool{}
		for _, s := range m.policies[p].sched {
			scheduled[s.project] = true
		}
		for j := range m.projects {
			if !scheduled[j] {
				out.Completion[pi*len(m.projects)+j] = -1
			}
		}
	}
}

func (m *Model) selectPolicies(names []string) ([]int, error) {
	pos := func(id string) int {
		return slices.IndexFunc(m.policies, func(p policy) bool { return p.id == id })
	}
	base := pos(m.w.Baseline)
	sel := []int{base}
	if names == nil {
		for i := range m.policies {
			if i != base {
				sel = append(sel, i)
			}
		}
		return sel, nil
	}
	for _, n := range names {
		i := pos(n)
		if i < 0 {
			return nil, &UnknownPolicyError{Name: n, Available: m.Policies()}
		}
		if !slices.Contains(sel, i) {
			sel = append(sel, i)
		}
	}
	return sel, nil
}

// UnknownParamError reports an override of a parameter the scenario does
// not have.
type UnknownParamError struct{ Path string }

func (e *UnknownParamError) Error() string {
	return fmt.Sprintf("unknown parameter %q (list them with steppe validate --params, or Model.Params)", e.Path)
}

// UnknownPolicyError reports a policy name the scenario does not define.
type UnknownPolicyError struct {
	Name      string
	Available []string
}

func (e *UnknownPolicyError) Error() string {
	return fmt.Sprintf("unknown policy %q (available: %s)", e.Name, strings.Join(e.Available, ", "))
}
