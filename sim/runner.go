package sim

import (
	"math"

	"github.com/steppe-dev/steppe/rng"
	"github.com/steppe-dev/steppe/world"
)

// segCache lets a policy reuse the hazards and decisions another policy of
// the same draw computed for the same segment start and country: they depend
// only on those and on the country's integration effects, which are compared.
type segCache struct {
	token int
	eff   Effects
	h     [world.NumTriggerTypes]float64
	dec   [world.NumTriggerTypes]Decision
	q     float64
}

// decCache remembers, per country within a draw, the decisions for the
// last features seen: features change only when a project completes, a
// lease or a commitment ends, so most segments reuse them (decision models
// are deterministic in their arguments). ok[k] says whether dec[k] has been
// computed for f.
type decCache struct {
	token int
	f     Features
	ok    [world.NumTriggerTypes]bool
	dec   [world.NumTriggerTypes]Decision
}

// drawCountry are a country's parameter values that segment reads and that
// stay the same through a draw, looked up once a draw.
type drawCountry struct {
	growth, fuel, remit                float64 // remit: remittances × Russia's share × the elasticity
	request, ethnic, align             float64
	china, intra, russiaTrade, transit float64
}

// realignMemo remembers a country's realignment hazard within a draw: it
// depends only on the Russian trade-share effect and the commitments.
type realignMemo struct {
	token      int
	dT, com, h float64
}

// runner holds one worker's scratch space; it allocates only when created.
type runner struct {
	m      *Model
	o      Options
	pols   []int
	over   []float64
	has    []bool
	out    *Output
	stream *rng.Stream
	d      Draw
	dm     DecisionModel
	hm     HazardModel // nil: the stated hazards (runner.hazards)

	// The stated hazard model's inputs in the current draw.
	h0      []float64 // [c*K+k] base hazard, 0 where none applies
	hc      hazardCoef
	realign []realignMemo // per country
	// sameClass[k] are the trigger types that share k's decision (see
	// TriggerClasser), k first.
	sameClass [world.NumTriggerTypes][]world.TriggerType

	rGrowth []float64 // per year: Russian growth
	fuel    []float64 // per year: regional fuel-price shock
	g       []float64 // [c*ny+y]: country growth
	comp    []int     // per project: completion month offset under the current policy
	sched   []bool    // per project: scheduled under the current policy
	eff     []Effects // per country
	surv    []float64 // per country: probability of no intervention so far
	alive   []bool    // per country (paths mode)
	cumT    []float64 // [c*K+k] cumulative triggers
	cumI    []float64 // [c*O+o] cumulative interventions
	h       []float64 // [c*K+k] current monthly hazard
	dec     []Decision
	q       []float64     // per country: monthly probability of no intervention
	yearOf  []int         // per month offset: year index
	gdpSum  float64       // the focus countries' stated GDP, weight of the region's effects
	cache   []segCache    // [i*nc+c]: hazards and decisions computed for segment start i in this draw
	token   int           // identifies the current draw in cache entries
	dc      []drawCountry // per country: this draw's values (draw)
	based   []bool        // [c*ny+y]: a Russian base on c's territory in year y, this draw
	memo    []decCache    // per country: decisions of this draw for the last features
	x       Covariates    // scratch passed to the hazard model (kept here so it does not escape per call)
	f, fk   Features      // scratch passed to the decision model

	// Where record writes the per-draw results: value i of draw d goes to
	// dst[i*cell + (d−lo)*draw]: into the Output (cell = Draws, draw = 1,
	// lo = 0) or into a Block (cell = 1, draw = values per draw).
	pany, onsets, trig, params []float64
	panyCell, panyDraw         int
	onCell, onDraw             int
	lo                         int
}

func (m *Model) newRunner(o Options, pols []int, over []float64, has []bool, out *Output) *runner {
	nc, ny := len(m.countries), len(m.years)
	K, O := int(world.NumTriggerTypes), int(world.NumOutcomes)
	r := &runner{
		m: m, o: o, pols: pols, over: over, has: has, out: out,
		stream:  rng.NewStream(),
		d:       Draw{Seed: o.Seed, Values: make([]float64, len(m.params)), logitH: make([]float64, nc*K), baseH: make([]float64, nc*K), shares: new([2][2][world.NumOutcomes]float64)},
		dm:      m.eng.Decision,
		hm:      m.eng.Hazards,
		rGrowth: make([]float64, ny),
		fuel:    make([]float64, ny),
		g:       make([]float64, nc*ny),
		comp:    make([]int, len(m.projects)),
		sched:   make([]bool, len(m.projects)),
		eff:     make([]Effects, nc),
		surv:    make([]float64, nc),
		alive:   make([]bool, nc),
		cumT:    make([]float64, nc*K),
		cumI:    make([]float64, nc*O),
		h:       make([]float64, nc*K),
		dec:     make([]Decision, nc*K),
		q:       make([]float64, nc),
		yearOf:  make([]int, m.months),
		cache:   make([]segCache, m.months*nc),
		memo:    make([]decCache, nc),
		h0:      make([]float64, nc*K),
		realign: make([]realignMemo, nc),
		dc:      make([]drawCountry, nc),
		based:   make([]bool, nc*ny),
	}
	r.into(nil)
	if r.dm == nil {
		r.dm = statedDecision{m}
	}
	r.sameClass = sameClass(r.dm)
	for c := range m.cty {
		r.gdpSum += m.cty[c].gdp
	}
	y := 0
	for i := range r.yearOf {
		for i > m.yearEnd[y] {
			y++
		}
		r.yearOf[i] = y
	}
	return r
}

// sameClass lists, for each trigger type, the types whose decisions equal
// its own by dm's TriggerClass (itself included; itself alone where dm
// does not implement TriggerClasser). Realignment is alone in any case:
// its features differ from the other types' (see segment).
func sameClass(dm DecisionModel) [world.NumTriggerTypes][]world.TriggerType {
	var out [world.NumTriggerTypes][]world.TriggerType
	tc, ok := dm.(TriggerClasser)
	for k := range world.NumTriggerTypes {
		out[k] = []world.TriggerType{k}
		if !ok || k == world.TriggerRealignment {
			continue
		}
		for k2 := range world.NumTriggerTypes {
			if k2 != k && k2 != world.TriggerRealignment && tc.TriggerClass(k2) == tc.TriggerClass(k) {
				out[k] = append(out[k], k2)
			}
		}
	}
	return out
}

// into directs the per-draw results to p's block, or to the Output when p
// or its block is nil.
func (r *runner) into(p *pending) {
	if p == nil || p.blk.PAny == nil {
		r.pany, r.onsets, r.trig, r.params = r.out.PAny, r.out.Onsets, r.out.TriggerCounts, nil
		r.panyCell, r.panyDraw, r.onCell, r.onDraw, r.lo = r.out.Draws, 1, r.out.Draws, 1, r.o.First
		return
	}
	b := &p.blk
	r.pany, r.onsets, r.trig, r.params = b.PAny, b.Onsets, b.TriggerCounts, b.Params
	r.panyCell, r.panyDraw = 1, b.Cells
	r.onCell, r.onDraw = 1, len(r.pols)*(len(r.m.countries)+1)
	r.lo = b.Lo
}

// draw simulates draw d under every selected policy and adds the draw's
// contributions to acc (triggers, interventions, completion months).
func (r *runner) draw(d int, acc []float64) error {
	m := r.m
	r.d.Index = d
	r.token++
	// 1. Parameters, each from its own stream keyed by its path.
	kp := rng.Key(r.o.Seed, d, rng.Params)
	for i, p := range m.params {
		switch {
		case r.has[i]:
			r.d.Values[i] = r.over[i]
		case !p.Value.Uncertain():
			r.d.Values[i] = p.Value.V
		default:
			r.stream.ResetKey(rng.Sub(kp, m.keys[i]))
			r.d.Values[i] = p.Dist.Sample(r.stream.Rand)
		}
	}
	if r.params != nil {
		copy(r.params[(d-r.lo)*len(m.params):], r.d.Values)
	}
	if b := m.eng.BaseHazards; b != nil {
		// An engine's base hazards do not change within a draw: ask once.
		for c := range m.hazard {
			for k := 0; k < int(world.NumTriggerTypes); k++ {
				h0 := b.Base(&r.d, c, world.TriggerType(k))
				r.d.baseH[c*int(world.NumTriggerTypes)+k] = h0
				if h0 > 0 {
					r.d.logitH[c*int(world.NumTriggerTypes)+k] = logit(h0)
				}
			}
		}
	} else {
		for c := range m.hazard {
			for k, hi := range m.hazard[c] {
				if hi >= 0 {
					r.d.logitH[c*int(world.NumTriggerTypes)+k] = logit(r.d.Values[hi])
				}
			}
		}
	}
	if r.hm == nil {
		r.hc = m.hazardCoef(&r.d)
		for c := range m.hazard {
			for k, hi := range m.hazard[c] {
				i := c*int(world.NumTriggerTypes) + k
				switch {
				case m.eng.BaseHazards != nil:
					r.h0[i] = r.d.baseH[i]
				case hi >= 0:
					r.h0[i] = r.d.Values[hi]
				default:
					r.h0[i] = 0
				}
			}
		}
	}
	for j, csto := range []bool{false, true} {
		normalise(&r.d, m.dec.req[:], r.d.shares[j][0][:], csto)
		normalise(&r.d, m.dec.unreq[:], r.d.shares[j][1][:], csto)
	}
	// 2. Yearly shocks, shared by all policies.
	ks := rng.Key(r.o.Seed, d, rng.Shocks)
	ny := len(m.years)
	rMean, rSD := val(&r.d, m.shock.rGrowth), max(val(&r.d, m.shock.rGrowthSD), 0)
	fSD := max(val(&r.d, m.shock.fuelSD), 0)
	for y := range m.years {
		r.stream.ResetKey(rng.Sub(ks, uint64(y)))
		r.rGrowth[y] = rMean + rSD*r.stream.NormFloat64()
		r.fuel[y] = fSD * r.stream.NormFloat64()
		for c := range m.cty {
			cy := &m.cty[c]
			r.g[c*ny+y] = val(&r.d, cy.growth) + max(val(&r.d, cy.growthSD), 0)*r.stream.NormFloat64()
		}
	}
	r.drawCountries()
	// 3. Policies, with common random numbers.
	for pi, p := range r.pols {
		if err := r.policy(pi, p, acc); err != nil {
			return err
		}
	}
	return nil
}

// drawCountries looks up the countries' values of this draw that segment
// reads, and the years with a Russian base on each territory.
func (r *runner) drawCountries() {
	m := r.m
	elast := val(&r.d, m.shock.elasticity)
	for c := range m.cty {
		cy := &m.cty[c]
		r.dc[c] = drawCountry{
			growth: val(&r.d, cy.growth), fuel: val(&r.d, cy.fuel),
			remit:   val(&r.d, cy.remit) * val(&r.d, cy.remitRussia) * elast,
			request: val(&r.d, cy.request), ethnic: val(&r.d, cy.ethnic), align: val(&r.d, cy.align),
			china: val(&r.d, cy.china), intra: val(&r.d, cy.intra), russiaTrade: val(&r.d, cy.russiaTrade), transit: val(&r.d, cy.transit),
		}
	}
	clear(r.based)
	ny := len(m.years)
	for _, b := range m.bases {
		end := val(&r.d, b.leaseEnd)
		for y, year := range m.years {
			if float64(year) <= end {
				r.based[b.host*ny+y] = true
			}
		}
	}
}

func (r *runner) policy(pi, p int, acc []float64) error {
	m := r.m
	nc, ny := len(m.countries), len(m.years)
	K, O := int(world.NumTriggerTypes), int(world.NumOutcomes)
	ncell := len(r.pols) * (nc + 1) * ny
	for j := range r.sched {
		r.sched[j] = false
	}
	for _, s := range m.policies[p].sched {
		dur := math.Round(max(val(&r.d, m.projects[s.project].duration), 0))
		r.comp[s.project] = s.start + int(dur)
		r.sched[s.project] = true
		acc[ncell*(K+O)+pi*len(m.projects)+s.project] += float64(r.comp[s.project])
	}
	for c := 0; c < nc; c++ {
		r.surv[c] = 1
		r.alive[c] = true
	}
	clear(r.cumT)
	clear(r.cumI)
	var done ProjectSet
	first := true
	i := 0
	for i < m.months {
		// Segment [i, end]: until the next January, completion or horizon.
		y := r.yearOf[i]
		end := m.yearEnd[y]
		var now ProjectSet
		for j, ok := range r.sched {
			if !ok {
				continue
			}
			if r.comp[j] <= i {
				now |= 1 << uint(j)
			} else if r.comp[j]-1 < end {
				end = r.comp[j] - 1
			}
		}
		if first || now != done {
			done, first = now, false
			if err := r.effects(done); err != nil {
				return err
			}
		}
		r.segment(i, y)
		L := end - i + 1
		if r.o.Paths {
			r.paths(i, end)
		} else {
			fl := float64(L)
			// Each country's survival is a chain of L multiplications, each
			// waiting on the one before: the countries' chains run side by
			// side (the same products in the same order).
			surv, q := r.surv[:nc], r.q[:nc]
			for l := 0; l < L; l++ {
				for c := range surv {
					surv[c] *= q[c]
				}
			}
			for c := 0; c < nc; c++ {
				hs, decs := r.h[c*K:(c+1)*K], r.dec[c*K:(c+1)*K]
				cumT, cumI := r.cumT[c*K:(c+1)*K], (*[world.NumOutcomes]float64)(r.cumI[c*O:])
				for k, h := range hs {
					if h == 0 {
						continue
					}
					cumT[k] += h * fl
					dec := &decs[k]
					hp := h * dec.P
					if hp == 0 {
						continue // every term below is +0
					}
					for o := world.OutcomePeacekeeping; o < world.NumOutcomes; o++ {
						cumI[o] += hp * dec.Given[o] * fl
					}
				}
			}
		}
		if end == m.yearEnd[y] {
			r.record(pi, y, acc)
		}
		i = end + 1
	}
	return nil
}

// effects recomputes the integration effects of the completed set done.
func (r *runner) effects(done ProjectSet) error {
	clear(r.eff)
	r.m.addStated(&r.d, done, r.eff)
	for _, in := range r.m.eng.Integration {
		if err := in.Effects(&r.d, done, r.eff); err != nil {
			return err
		}
	}
	return nil
}

// segment computes hazards and decisions for every country and trigger type
// at the segment starting at month offset i in year index y.
func (r *runner) segment(i, y int) {
	m := r.m
	ny := len(m.years)
	K := int(world.NumTriggerTypes)
	mon := m.w.Start + world.Month(i)
	frac := float64(mon.Year()) + float64(mon.MonthOfYear()-1)/12
	committed := 0.0
	for _, cm := range m.commits {
		if i >= cm.from && frac < val(&r.d, cm.endYear) {
			committed += val(&r.d, cm.intensity)
		}
	}
	committed = min(committed, 1)
	sanctions := val(&r.d, m.shock.sanctions)
	rMean := val(&r.d, m.shock.rGrowth)
	nc := len(m.cty)
	for c := range m.cty {
		cy, dc := &m.cty[c], &r.dc[c]
		e := &r.eff[c]
		ce := &r.cache[i*nc+c]
		if ce.token == r.token && ce.eff == *e {
			copy(r.h[c*K:(c+1)*K], ce.h[:])
			copy(r.dec[c*K:(c+1)*K], ce.dec[:])
			r.q[c] = ce.q
			continue
		}
		x := &r.x
		*x = Covariates{}
		x.Month = mon
		x.GrowthGap = r.g[c*ny+y] - dc.growth
		x.FuelShock = r.fuel[y] * dc.fuel
		x.RemittanceLoss = dc.remit * (rMean - r.rGrowth[y]) / 100
		x.Committed = committed
		x.Integration = *e
		f := &r.f
		*f = Features{}
		f[world.FRequest] = dc.request
		if r.based[c*ny+y] {
			f[world.FBasePresent] = 1
		}
		f[world.FEthnicRussian] = dc.ethnic
		if cy.csto[y] {
			f[world.FCSTOMember] = 1
		}
		f[world.FAlignmentShift] = dc.align
		f[world.FRussiaCommitted] = committed
		f[world.FSanctionsExposure] = sanctions
		f[world.FChinaInvestment] = dc.china + e[world.EChinaInvestment]
		f[world.FIntegrationFallout] = dc.intra + e[world.EIntraRegionalTrade]
		f[world.FNonRussianTies] = 1 - (dc.russiaTrade + e[world.ERussiaTradeShare])
		f[world.FRussianTransit] = dc.transit + e[world.ERussianTransit]
		hs := (*[world.NumTriggerTypes]float64)(r.h[c*K:])
		if r.hm == nil {
			r.hazards(c, x, hs)
		} else {
			for k := range hs {
				hs[k] = r.hm.Monthly(&r.d, c, world.TriggerType(k), x)
			}
		}
		mm := &r.memo[c]
		if mm.token != r.token || mm.f != *f {
			mm.token, mm.f, mm.ok = r.token, *f, [world.NumTriggerTypes]bool{}
		}
		q := 1.0
		for k := world.TriggerType(0); k < world.NumTriggerTypes; k++ {
			h := min(max(hs[k], 0), 1)
			hs[k] = h
			if h == 0 {
				r.dec[c*K+int(k)] = Decision{}
				continue
			}
			if !mm.ok[k] {
				fk := &r.fk
				*fk = *f
				if k == world.TriggerRealignment {
					fk[world.FRequest] = 0
					fk[world.FAlignmentShift] = 1
				}
				dec := r.dm.Decide(&r.d, c, k, fk)
				dec.P = min(max(dec.P, 0), 1)
				for _, k2 := range r.sameClass[k] { // k and the types that share its answer
					mm.ok[k2], mm.dec[k2] = true, dec
				}
			}
			dec := &mm.dec[k]
			r.dec[c*K+int(k)] = *dec
			q *= 1 - h*dec.P
		}
		r.q[c] = q
		ce.token, ce.eff, ce.q = r.token, *e, q
		copy(ce.h[:], r.h[c*K:(c+1)*K])
		copy(ce.dec[:], r.dec[c*K:(c+1)*K])
	}
}

// paths samples trigger and decision events for months i..end.
func (r *runner) paths(i, end int) {
	m := r.m
	K, O := int(world.NumTriggerTypes), int(world.NumOutcomes)
	kt := rng.Key(r.o.Seed, r.d.Index, rng.Triggers)
	kd := rng.Key(r.o.Seed, r.d.Index, rng.Decision)
	for c := range m.cty {
		for k := 0; k < K; k++ {
			h := r.h[c*K+k]
			if h == 0 {
				continue
			}
			st := rng.Sub(kt, uint64(c*K+k))
			sd := rng.Sub(kd, uint64(c*K+k))
			dec := &r.dec[c*K+k]
			for mo := i; mo <= end; mo++ {
				if rng.U(st, uint64(mo)) >= h {
					continue
				}
				r.cumT[c*K+k]++
				if rng.U(sd, uint64(2*mo)) >= dec.P {
					continue
				}
				r.alive[c] = false
				u := rng.U(sd, uint64(2*mo+1))
				o := world.OutcomeInvasion
				for oo := world.OutcomePeacekeeping; oo < world.NumOutcomes; oo++ {
					if u < dec.Given[oo] {
						o = oo
						break
					}
					u -= dec.Given[oo]
				}
				r.cumI[c*O+int(o)]++
			}
		}
	}
}

// record stores the state at the end of year index y. A sum skips a term
// that is zero: the sums start at +0 and never become −0, so adding ±0
// would not change them.
func (r *runner) record(pi, y int, acc []float64) {
	out := r.out
	nc := len(r.m.countries)
	const K, O, NE = int(world.NumTriggerTypes), int(world.NumOutcomes), int(world.NumEffectFields)
	ncell := len(r.pols) * (nc + 1) * len(r.m.years)
	regionSurv := 1.0
	anyDone := false
	effOff := ncell*(K+O) + len(r.pols)*len(r.m.projects)
	gdpSum := r.gdpSum
	ridx := out.Index(pi, nc, y)
	regE := acc[effOff+ridx*NE : effOff+(ridx+1)*NE]
	regT, regI := acc[ridx*K:(ridx+1)*K], acc[ncell*K+ridx*O:ncell*K+(ridx+1)*O]
	for c := 0; c < nc; c++ {
		idx := out.Index(pi, c, y)
		accE := acc[effOff+idx*NE : effOff+(idx+1)*NE]
		gdp := r.m.cty[c].gdp
		for f, v := range &r.eff[c] {
			if v == 0 {
				continue
			}
			accE[f] += v
			if gdpSum > 0 {
				regE[f] += v * gdp / gdpSum
			}
		}
	}
	for c := 0; c <= nc; c++ {
		idx := out.Index(pi, c, y)
		if c < nc {
			p := 1 - r.surv[c]
			if r.o.Paths {
				p = 0
				if !r.alive[c] {
					p, anyDone = 1, true
				}
			}
			regionSurv *= r.surv[c]
			r.pany[idx*r.panyCell+(r.d.Index-r.lo)*r.panyDraw] = p
			accT, accI := acc[idx*K:(idx+1)*K], acc[ncell*K+idx*O:ncell*K+(idx+1)*O]
			for k, v := range r.cumT[c*K : (c+1)*K] {
				if v != 0 {
					accT[k] += v
					regT[k] += v
				}
			}
			for o, v := range r.cumI[c*O : (c+1)*O] {
				if v != 0 {
					accI[o] += v
					regI[o] += v
				}
			}
			continue
		}
		p := 1 - regionSurv
		if r.o.Paths {
			p = 0
			if anyDone {
				p = 1
			}
		}
		r.pany[idx*r.panyCell+(r.d.Index-r.lo)*r.panyDraw] = p
	}
	if y == len(r.m.years)-1 {
		var region, regionT float64
		for c := 0; c < nc; c++ {
			var n, t float64
			for _, v := range r.cumI[c*O : (c+1)*O] {
				n += v
			}
			for _, v := range r.cumT[c*K : (c+1)*K] {
				t += v
			}
			region, regionT = region+n, regionT+t
			i := (pi*(nc+1)+c)*r.onCell + (r.d.Index-r.lo)*r.onDraw
			r.onsets[i], r.trig[i] = n, t
		}
		i := (pi*(nc+1)+nc)*r.onCell + (r.d.Index-r.lo)*r.onDraw
		r.onsets[i], r.trig[i] = region, regionT
	}
}
