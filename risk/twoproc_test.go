package risk

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"math"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/world"
)

// Golden tests of the intervention model v2 sampler: exact posteriors by
// quadrature, recovery of known coefficients from simulated data, and
// convergence on data shaped like episode set v2.

func paramIndex(t *testing.T, p *TwoProcessPosterior, name string) int {
	t.Helper()
	for j, n := range p.Params {
		if n == name {
			return j
		}
	}
	t.Fatalf("no parameter %s in %v", name, p.Params)
	return -1
}

func drawsOf(p *TwoProcessPosterior, j int) []float64 {
	v := make([]float64, len(p.Draws))
	for s, d := range p.Draws {
		v[s] = d[j]
	}
	return v
}

// checkMoments compares the posterior mean and sd of parameter name with
// exact values: each within 4 Monte Carlo standard errors (sd/√ESS for the
// mean, sd/√(2·ESS) relative for the sd, ESS the bulk ESS of the fit).
func checkMoments(t *testing.T, p *TwoProcessPosterior, name string, mean, sd float64) {
	t.Helper()
	j := paramIndex(t, p, name)
	m, v := meanVar(drawsOf(p, j))
	ess := p.Diag[j].ESSBulk
	tolM := 4 * sd / math.Sqrt(ess)
	tolS := 4 * sd / math.Sqrt(2*ess)
	t.Logf("%-32s mean %.4f (exact %.4f, tol %.4f)  sd %.4f (exact %.4f, tol %.4f)  ESS %.0f",
		name, m, mean, tolM, math.Sqrt(v), sd, tolS, ess)
	if math.Abs(m-mean) > tolM {
		t.Errorf("%s: posterior mean %.4f, exact %.4f (tolerance %.4f)", name, m, mean, tolM)
	}
	if math.Abs(math.Sqrt(v)-sd) > tolS {
		t.Errorf("%s: posterior sd %.4f, exact %.4f (tolerance %.4f)", name, math.Sqrt(v), sd, tolS)
	}
}

// baseCrisis is a protest crisis with every covariate 0.
func baseCrisis(i int, country string) Crisis {
	return Crisis{Line: i + 2, ID: fmt.Sprintf("T-%d", i), Conflict: fmt.Sprintf("%s-C%d", country, i), Month: world.MonthOf(2000, 1),
		Country: country, Subregion: "central-asia", Trigger: world.TriggerProtest, Response: world.OutcomeNone}
}

// TestTwoProcessKnownPosteriorAccept: every crisis has a request, so the
// accept process sees them all; its only non-zero covariate is CSTO
// membership. The posterior of (intercept, csto_member) is then a 2-D
// density computed on a grid; the two all-zero columns keep their priors.
// The invited severity share has a Beta posterior.
func TestTwoProcessKnownPosteriorAccept(t *testing.T) {
	var cs []Crisis
	add := func(csto, n, k, nCSTO int) {
		for i := 0; i < n; i++ {
			c := baseCrisis(len(cs), "KAZ")
			c.Request, c.CSTOMember = 1, csto
			if i < k {
				c.Response = world.OutcomePeacekeeping
				if i < nCSTO {
					c.Response = world.OutcomeCSTODeployment
				}
			}
			cs = append(cs, c)
		}
	}
	add(0, 8, 6, 0)  // non-members: 6 of 8 accepted
	add(1, 12, 3, 2) // members: 3 of 12 accepted, 2 of them CSTO deployments
	p := fitTwoProcess(t, cs, FitOptions{Chains: 4, Warmup: 500, Draws: 1500, Seed: 11, Workers: 2})
	// Quadrature: log posterior on a 401×401 grid over [−8, 8]².
	pri := DefaultTwoProcessOptions().Priors
	b0p, b1p := pri.Coef["accept.intercept"], pri.Coef["accept.coef.csto_member"]
	const ng = 401
	grid := func(i int) float64 { return -8 + 16*float64(i)/(ng-1) }
	lp := make([]float64, ng*ng)
	mx := math.Inf(-1)
	for i := 0; i < ng; i++ {
		for j := 0; j < ng; j++ {
			b0, b1 := grid(i), grid(j)
			l := -0.5*sq((b0-b0p.Mean)/b0p.SD) - 0.5*sq((b1-b1p.Mean)/b1p.SD)
			l += 6*logLik1(1, b0) + 2*logLik1(0, b0) + 3*logLik1(1, b0+b1) + 9*logLik1(0, b0+b1)
			lp[i*ng+j] = l
			mx = math.Max(mx, l)
		}
	}
	var z, m0, m1, s0, s1 float64
	for i := 0; i < ng; i++ {
		for j := 0; j < ng; j++ {
			w := math.Exp(lp[i*ng+j] - mx)
			z += w
			m0 += w * grid(i)
			m1 += w * grid(j)
			s0 += w * sq(grid(i))
			s1 += w * sq(grid(j))
		}
	}
	m0, m1 = m0/z, m1/z
	checkMoments(t, p, "accept.intercept", m0, math.Sqrt(s0/z-m0*m0))
	checkMoments(t, p, "accept.coef.csto_member", m1, math.Sqrt(s1/z-m1*m1))
	// Columns that are zero in every row: the posterior is the prior.
	checkMoments(t, p, "accept.coef.russia_committed", 0, 1)
	checkMoments(t, p, "accept.coef.russian_base", 0, 1)
	// Invited severity among members: Beta(1 + 1, 1 + 2) for peacekeeping.
	a, b := 2.0, 3.0
	checkMoments(t, p, "severity.invited.peacekeeping", a/(a+b), math.Sqrt(a*b/(sq(a+b)*(a+b+1))))
}

// TestTwoProcessKnownPosteriorGroups checks the hierarchical part against
// quadrature, once through each block of the sampler: the request process's
// country intercepts (the diagonal block) and the uninvited process's
// sub-region intercepts (the dense block; the conflict sd is held near 0
// by a half-normal(0, 0.0001) prior). The intercept is pinned at 0 (prior
// sd 0.001) and every covariate is 0, so y ~ Bernoulli(σ(u_g)),
// u_g ~ N(0, τ²), τ ~ half-normal(0, 1). Given τ the groups are
// independent: p(τ | y) ∝ p(τ) Π_g ∫ N(u; 0, τ²) L_g(u) du, and every
// moment is a nested 1-D integral.
func TestTwoProcessKnownPosteriorGroups(t *testing.T) {
	type grp struct {
		label string
		n, k  int
	}
	groups := []grp{{"AAA", 10, 2}, {"BBB", 6, 4}, {"CCC", 3, 0}}
	for _, tc := range []struct {
		name, sd, level string
		build           func(c *Crisis, label string, event bool)
		pins            map[string]Prior
	}{
		{"request by country", "request.sd.country", "request.country[%s]",
			func(c *Crisis, label string, event bool) {
				c.Country = label
				c.Request = int(b2f(event))
			},
			map[string]Prior{"request.intercept": {0, 0.001, ""}}},
		{"uninvited by sub-region", "uninvited.sd.subregion", "uninvited.subregion[%s]",
			func(c *Crisis, label string, event bool) {
				c.Subregion = label
				if event {
					c.Response = world.OutcomeCovert
				}
			},
			map[string]Prior{"uninvited.intercept": {0, 0.001, ""}, "uninvited.sd.conflict": {0, 0.0001, ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cs []Crisis
			for _, g := range groups {
				for i := 0; i < g.n; i++ {
					c := baseCrisis(len(cs), "KAZ")
					tc.build(&c, g.label, i < g.k)
					cs = append(cs, c)
				}
			}
			o := DefaultTwoProcessOptions()
			var err error
			for name, q := range tc.pins {
				if o.Priors, err = o.Priors.With(name, q); err != nil {
					t.Fatal(err)
				}
			}
			o.Fit = FitOptions{Chains: 4, Warmup: 300, Draws: 1000, Seed: 5, Workers: 2}
			p, err := FitTwoProcess(context.Background(), cs, o)
			if err != nil {
				t.Fatal(err)
			}
			const nu, nt = 2001, 1200
			ugrid := func(i int) float64 { return -12 + 24*float64(i)/(nu-1) }
			tgrid := func(i int) float64 { return 6 * (float64(i) + 0.5) / nt }
			type mom struct{ z, m, s float64 } // ∫N·L, ∫u·N·L, ∫u²·N·L per group
			var wT, eT, eT2 float64
			eU, eU2 := make([]float64, len(groups)), make([]float64, len(groups))
			for it := 0; it < nt; it++ {
				tau := tgrid(it)
				logw := -0.5 * tau * tau // half-normal(0, 1)
				ms := make([]mom, len(groups))
				for gi, g := range groups {
					for iu := 0; iu < nu; iu++ {
						u := ugrid(iu)
						w := math.Exp(-0.5*sq(u/tau)-math.Log(tau)+float64(g.k)*logLik1(1, u)+float64(g.n-g.k)*logLik1(0, u)) / math.Sqrt(2*math.Pi)
						ms[gi].z += w
						ms[gi].m += w * u
						ms[gi].s += w * u * u
					}
					logw += math.Log(ms[gi].z)
				}
				w := math.Exp(logw)
				wT += w
				eT += w * tau
				eT2 += w * tau * tau
				for gi := range groups {
					eU[gi] += w * ms[gi].m / ms[gi].z
					eU2[gi] += w * ms[gi].s / ms[gi].z
				}
			}
			mT := eT / wT
			checkMoments(t, p, tc.sd, mT, math.Sqrt(eT2/wT-mT*mT))
			for gi, g := range groups {
				m := eU[gi] / wT
				checkMoments(t, p, fmt.Sprintf(tc.level, g.label), m, math.Sqrt(eU2[gi]/wT-m*m))
			}
		})
	}
}

// TestTwoProcessRecovery simulates 2,000 crises from the model with known
// coefficients, for three seeds, and checks that the fit recovers them and
// the country and conflict sds: every posterior mean within 3.5 posterior
// sd of the truth and at least 80% of the 90% intervals covering it (57
// intervals; 90% expected).
func TestTwoProcessRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("recovery fits 3 × 2,000 crises")
	}
	tr := tpRecoveryTruth
	var cover, total int
	for _, seed := range []uint64{1, 2, 3} {
		cs := simCrises(seed, 2000, 4, tr)
		p := fitTwoProcess(t, cs, FitOptions{Chains: 1, Warmup: 150, Draws: 300, Seed: seed, NoDiag: true})
		check := func(names []string, truth []float64) {
			for j, name := range names {
				v := drawsOf(p, paramIndex(t, p, name))
				m, va := meanVar(v)
				sv := sortedCopy(v)
				lo, hi := quantileSorted(sv, 0.05), quantileSorted(sv, 0.95)
				total++
				if lo <= truth[j] && truth[j] <= hi {
					cover++
				}
				if math.Abs(m-truth[j]) > 3.5*math.Sqrt(va) {
					t.Errorf("seed %d %s: posterior mean %.3f (sd %.3f), truth %.3f", seed, name, m, math.Sqrt(va), truth[j])
				}
			}
		}
		coefs := func(proc string, cols []tpCol) []string {
			var out []string
			for _, c := range cols {
				out = append(out, tpCoefName(proc, c.Name))
			}
			return out
		}
		check(coefs(ProcRequest, tpRequestCols), tr.req)
		check(coefs(ProcAccept, tpAcceptCols), tr.acc)
		check(coefs(ProcUninvited, tpUninvitedCols), tr.un)
		// The group sds with enough groups to estimate (14 countries, about
		// 50 conflicts; three sub-regions cannot pin theirs down).
		check([]string{"request.sd.country", "uninvited.sd.conflict"}, []float64{tr.sdCountry, tr.sdConflict})
	}
	t.Logf("90%% intervals covering the truth: %d of %d", cover, total)
	if float64(cover) < 0.8*float64(total) {
		t.Errorf("90%% intervals cover the truth %d times of %d, want at least 80%%", cover, total)
	}
}

// TestTwoProcessConvergence fits data simulated in the shape of episode
// set v2 with the default settings and requires R-hat ≤ 1.01 and bulk ESS
// ≥ 400 for every parameter (Vehtari et al. 2021's thresholds);
// TestTwoProcessRealData does the same on the bundled crises.
func TestTwoProcessConvergence(t *testing.T) {
	for _, seed := range []uint64{2} {
		cs := simCrises(seed, 100, 4, tpShapeTruth)
		p, err := FitTwoProcess(context.Background(), cs, DefaultTwoProcessOptions())
		if err != nil {
			t.Fatal(err)
		}
		rh, ra, eb, ea, et, eta := p.WorstDiag()
		t.Logf("data seed %d: %d parameters; worst R-hat %.4f (%s), bulk ESS %.0f (%s), tail ESS %.0f (%s)", seed, len(p.Params), rh, ra, eb, ea, et, eta)
		for _, d := range p.Diag {
			if !(d.Rhat <= 1.01) || !(d.ESSBulk >= 400) {
				t.Errorf("data seed %d: %s: R-hat %.4f, bulk ESS %.0f", seed, d.Param, d.Rhat, d.ESSBulk)
			}
		}
	}
}

// TestTwoProcessWorkers: chains and folds run in parallel give the same
// draws and forecasts as one at a time, and the combined validation equals
// the single-scheme functions.
func TestTwoProcessWorkers(t *testing.T) {
	cs := simCrises(4, 40, 3, tpShapeTruth)
	a := fitTwoProcess(t, cs, FitOptions{Chains: 3, Warmup: 60, Draws: 60, Seed: 9, Workers: 1})
	b := fitTwoProcess(t, cs, FitOptions{Chains: 3, Warmup: 60, Draws: 60, Seed: 9, Workers: 3})
	if !reflect.DeepEqual(a.Draws, b.Draws) {
		t.Error("draws differ between 1 and 3 workers")
	}
	eo := DefaultTwoProcessEvalOptions()
	eo.Fit = FitOptions{Chains: 1, Warmup: 40, Draws: 40, Seed: 3, NoDiag: true}
	eo.Workers = 1
	all1, err := ValidateTwoProcess(context.Background(), cs, eo)
	if err != nil {
		t.Fatal(err)
	}
	eo.Workers = 2
	all2, err := ValidateTwoProcess(context.Background(), cs, eo)
	if err != nil {
		t.Fatal(err)
	}
	// %v prints NaN (an AUROC with one class) alike on both sides.
	str := func(evs []*TwoProcessEval) string {
		var b strings.Builder
		for _, ev := range evs {
			fmt.Fprintf(&b, "%+v\n", *ev)
		}
		return b.String()
	}
	if str(all1) != str(all2) || !reflect.DeepEqual(all1[0].Rows, all2[0].Rows) {
		t.Error("validation differs between 1 and 2 workers")
	}
	loco, err := TwoProcessLeaveConflictOut(context.Background(), cs, eo)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%+v", *loco) != fmt.Sprintf("%+v", *all1[1]) {
		t.Error("leave-one-conflict-out differs from ValidateTwoProcess's")
	}
	ts, err := TwoProcessTemporal(context.Background(), cs, TemporalSplits[0], eo)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%+v", *ts) != fmt.Sprintf("%+v", *all1[2]) {
		t.Error("temporal split differs from ValidateTwoProcess's")
	}
}

// TestTwoProcessValidationTables checks the bookkeeping of the schemes: one
// row per crisis (leave-out schemes) or per crisis from the split
// (temporal), baselines computed from the training rows only, and a crisis
// left out with its conflict never using its conflict's intercept.
func TestTwoProcessValidationTables(t *testing.T) {
	cs := simCrises(6, 36, 3, tpShapeTruth)
	eo := DefaultTwoProcessEvalOptions()
	eo.Fit = FitOptions{Chains: 1, Warmup: 40, Draws: 40, Seed: 3, NoDiag: true}
	evs, err := ValidateTwoProcess(context.Background(), cs, eo)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 4 {
		t.Fatalf("%d evaluations, want 4", len(evs))
	}
	var k int
	for i := range cs {
		k += int(b2f(cs[i].Intervention()))
	}
	for s, ev := range evs[:2] {
		if len(ev.Rows) != len(cs) {
			t.Fatalf("%s: %d rows, want %d", ev.Scheme, len(ev.Rows), len(cs))
		}
		for i, r := range ev.Rows {
			if r.ID != cs[i].ID || r.Observed != int(b2f(cs[i].Intervention())) {
				t.Fatalf("%s row %d: %+v, want crisis %s", ev.Scheme, i, r, cs[i].ID)
			}
			if s == 0 {
				want := jeffreysRate(k-r.Observed, len(cs)-1)
				if math.Abs(r.PBase-want) > 1e-12 {
					t.Errorf("%s %s: base rate %.4f, want %.4f", ev.Scheme, r.ID, r.PBase, want)
				}
			}
			if !(r.P > 0 && r.P < 1) {
				t.Errorf("%s %s: P = %g", ev.Scheme, r.ID, r.P)
			}
		}
		for _, m := range ev.Methods() {
			if _, ok := ev.Scores[m]; !ok {
				t.Errorf("%s: no score for %s", ev.Scheme, m)
			}
		}
	}
	for si, split := range TemporalSplits {
		ev := evs[2+si]
		var n, ntr, ktr int
		for i := range cs {
			if cs[i].Month >= split {
				n++
			} else {
				ntr++
				ktr += int(b2f(cs[i].Intervention()))
			}
		}
		if len(ev.Rows) != n || ev.NTrain != ntr {
			t.Errorf("%s: %d test rows and %d training, want %d and %d", ev.Scheme, len(ev.Rows), ev.NTrain, n, ntr)
		}
		if len(ev.Rows) > 0 && math.Abs(ev.Rows[0].PBase-jeffreysRate(ktr, ntr)) > 1e-12 {
			t.Errorf("%s: base rate %.4f, want %.4f", ev.Scheme, ev.Rows[0].PBase, jeffreysRate(ktr, ntr))
		}
	}
	if _, err := TwoProcessTemporal(context.Background(), cs, world.MonthOf(1900, 1), eo); err == nil {
		t.Error("a split before every crisis should be an error")
	}
}

// TestTwoProcessProbs checks Probs against the linear predictors computed
// by hand, the integration over a new group against brute-force quadrature,
// and that Draw, Probs and Outcomes do not allocate.
func TestTwoProcessProbs(t *testing.T) {
	cs := simCrises(7, 60, 3, tpShapeTruth)
	p := fitTwoProcess(t, cs, FitOptions{Chains: 2, Warmup: 100, Draws: 100, Seed: 2, Workers: 2})
	c := cs[0]
	c.TroopsK, c.EthnicRussian = 5, 0.2
	x := p.CovariatesOf(&c)
	if x.Country == 0 || x.Subregion == 0 || x.Conflict == 0 {
		t.Fatalf("groups of a fitted crisis not resolved: %+v", x)
	}
	d := p.Draw(17)
	v := p.Draws[17]
	get := func(name string) float64 { return v[paramIndex(t, p, name)] }
	raw := crisisRaw(&c)
	eta := func(proc string, cols []tpCol) float64 {
		var e float64
		for _, col := range cols {
			e += get(tpCoefName(proc, col.Name)) * col.value(&raw)
		}
		return e
	}
	wr := sigmoid(eta(ProcRequest, tpRequestCols) + get("request.country["+c.Country+"]"))
	wa := sigmoid(eta(ProcAccept, tpAcceptCols))
	wu := sigmoid(eta(ProcUninvited, tpUninvitedCols) + get("uninvited.subregion["+c.Subregion+"]") + get("uninvited.conflict["+c.Conflict+"]"))
	r, a, u := d.Probs(&x)
	if math.Abs(r-wr) > 1e-12 || math.Abs(a-wa) > 1e-12 || math.Abs(u-wu) > 1e-12 {
		t.Errorf("Probs = %g, %g, %g; by hand %g, %g, %g", r, a, u, wr, wa, wu)
	}
	// An offset (stated cost terms) enters Russia's two decisions only.
	ro, ao, uo := d.ProbsOffset(&x, -0.7)
	if ro != r || math.Abs(ao-sigmoid(logit(wa)-0.7)) > 1e-9 || math.Abs(uo-sigmoid(logit(wu)-0.7)) > 1e-9 {
		t.Errorf("ProbsOffset(-0.7) = %g, %g, %g from %g, %g, %g", ro, ao, uo, r, a, u)
	}
	// A new conflict: E σ(η + τ Z) by Gauss-Hermite against a fine grid.
	xn := x
	xn.Conflict = 0
	_, _, un := d.Probs(&xn)
	eta0 := eta(ProcUninvited, tpUninvitedCols) + get("uninvited.subregion["+c.Subregion+"]")
	tau := get("uninvited.sd.conflict")
	var s, w float64
	for z := -10.0; z <= 10; z += 0.001 {
		g := math.Exp(-0.5 * z * z)
		s += g * sigmoid(eta0+tau*z)
		w += g
	}
	if math.Abs(un-s/w) > 1e-6 {
		t.Errorf("new conflict: P(uninvited) = %.8f, grid %.8f", un, s/w)
	}
	g := d.Outcomes(&x, r, a, u)
	var tot float64
	for _, q := range g {
		tot += q
	}
	if math.Abs(tot-1) > 1e-12 || g[world.OutcomeNone] != 0 {
		t.Errorf("outcome distribution %v", g)
	}
	xn.CSTOMember = 0
	if g := d.Outcomes(&xn, 1, 1, 0); g[world.OutcomeCSTODeployment] != 0 || g[world.OutcomePeacekeeping] != 1 {
		t.Errorf("invited non-member: %v, want all peacekeeping", g)
	}
	allocs := testing.AllocsPerRun(100, func() {
		d := p.Draw(3)
		r, a, u := d.Probs(&xn)
		_ = d.Outcomes(&xn, r, a, u)
	})
	if allocs != 0 {
		t.Errorf("Draw+Probs+Outcomes allocate %v times", allocs)
	}
}

func logit(p float64) float64 { return math.Log(p / (1 - p)) }

// TestTwoProcessPosteriorFile round-trips the posterior file and rejects
// files that do not match the model.
func TestTwoProcessPosteriorFile(t *testing.T) {
	cs := simCrises(8, 50, 3, tpShapeTruth)
	o := DefaultTwoProcessOptions()
	o.Fit = FitOptions{Chains: 2, Warmup: 60, Draws: 60, Seed: 2, Workers: 2}
	o.Data, o.DataSHA256 = "data/episodes/crises.csv", strings.Repeat("ab", 32)
	o.Before = world.MonthOf(2014, 1)
	p, err := FitTwoProcess(context.Background(), cs, o)
	if err != nil {
		t.Fatal(err)
	}
	if p.N != len(CrisesBefore(cs, o.Before)) || p.Before != "2014-01" {
		t.Errorf("fit on %d crises before %q, want %d before 2014-01", p.N, p.Before, len(CrisesBefore(cs, o.Before)))
	}
	if th := p.Thin(13); th.NumDraws() != 13 || p.NumDraws() != 120 || !reflect.DeepEqual(th.Draws[0], p.Draws[0]) {
		t.Errorf("Thin(13): %d draws from %d", th.NumDraws(), p.NumDraws())
	}
	q, raw := roundTrip(t, p.Write, ReadTwoProcessPosterior)
	if q.Data != o.Data || q.DataSHA256 != o.DataSHA256 || len(q.Diag) != len(q.Params) || q.Fit != o.Fit {
		t.Errorf("provenance lost: %q %q %d diagnostics, sampler %+v", q.Data, q.DataSHA256, len(q.Diag), q.Fit)
	}
	x := p.Covariates("KAZ", "central-asia", "new")
	x.CSTOMember, x.Alignment, x.TroopsK = 1, 1, 2
	for s := 0; s < p.NumDraws(); s += 7 {
		d1, d2 := p.Draw(s), q.Draw(s)
		a1, b1, c1 := d1.Probs(&x)
		a2, b2, c2 := d2.Probs(&x)
		if math.Abs(a1-a2)+math.Abs(b1-b2)+math.Abs(c1-c2) > 1e-5 {
			t.Fatalf("draw %d: probabilities %g %g %g after the round trip, %g %g %g before", s, a2, b2, c2, a1, b1, c1)
		}
	}
	// Missing covariates are integrated over the same pools after reading.
	c := cs[0]
	c.TroopsK, c.EthnicRussian, c.RussianBase = math.NaN(), math.NaN(), 1
	r1, a1, u1, i1 := p.PredictCrisis(&c)
	r2, a2, u2, i2 := q.PredictCrisis(&c)
	if math.Abs(r1-r2)+math.Abs(a1-a2)+math.Abs(u1-u2)+math.Abs(i1-i2) > 1e-5 {
		t.Errorf("PredictCrisis with NA: %g %g %g %g after the round trip, %g %g %g %g before", r2, a2, u2, i2, r1, a1, u1, i1)
	}
	if len(q.Imputation["ethnic_russian_share"].By) == 0 || len(q.Imputation["troops_k"].By) == 0 {
		t.Error("stratified imputation pools not written")
	}
	bad := strings.Replace(string(raw), `"request.sd.country"`, `"request.sd.nation"`, 1)
	if _, err := ReadTwoProcessPosterior(strings.NewReader(bad)); err == nil {
		t.Error("a file whose parameters do not match the layout was accepted")
	}
	bad = strings.Replace(string(raw), TwoProcessSchema, "steppe.risk.twoprocess/v0", 1)
	if _, err := ReadTwoProcessPosterior(strings.NewReader(bad)); err == nil {
		t.Error("a file of another schema was accepted")
	}
}

// TestTwoProcessPriors: names are checked, a group sd needs mean 0, and a
// stated prior reaches the fit.
func TestTwoProcessPriors(t *testing.T) {
	p := DefaultTwoProcessPriors()
	for _, tc := range []struct {
		name string
		q    Prior
		want string
	}{
		{"uninvited.coef.flag", Prior{0, 1, ""}, "not a parameter"},
		{"uninvited.sd.conflict", Prior{1, 1, ""}, "want mean 0"},
		{"request.intercept", Prior{0, 0, ""}, "sd > 0"},
	} {
		if _, err := p.With(tc.name, tc.q); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("With(%s, %v): error %v, want one containing %q", tc.name, tc.q, err, tc.want)
		}
	}
	names := TwoProcessParamNames(nil, nil, nil)
	for _, n := range names {
		_, c := p.Coef[n]
		_, g := p.GroupSD[n]
		_, s := p.Severity[n]
		if !c && !g && !s {
			t.Errorf("parameter %s has no prior", n)
		}
	}
	q, err := p.With("uninvited.coef.enclave", Prior{3, 0.01, "test"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Coef["uninvited.coef.enclave"].Mean != 0 {
		t.Error("With changed its receiver")
	}
	// Stated priors on single levels: a country in the data, a country and
	// a conflict it lacks (added as levels), a sub-region.
	for _, lv := range []struct {
		name string
		q    Prior
	}{
		{"request.country[KAZ]", Prior{2, 0.01, "test"}},
		{"request.country[XYZ]", Prior{-1, 0.01, "test"}},
		{"uninvited.conflict[NEW-1]", Prior{1.5, 0.01, "test"}},
		{"uninvited.subregion[western]", Prior{-0.5, 0.01, "test"}},
	} {
		if q, err = q.With(lv.name, lv.q); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []string{"request.country[]", "request.nation[KAZ]", "accept.country[KAZ]"} {
		if _, err := q.With(bad, Prior{0, 1, ""}); err == nil {
			t.Errorf("With(%s) accepted", bad)
		}
	}
	o := DefaultTwoProcessOptions()
	o.Priors = q
	o.Fit = FitOptions{Chains: 1, Warmup: 100, Draws: 200, Seed: 1}
	f, err := FitTwoProcess(context.Background(), simCrises(9, 40, 3, tpShapeTruth), o)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]float64{"uninvited.coef.enclave": 3, "request.country[KAZ]": 2, "request.country[XYZ]": -1,
		"uninvited.conflict[NEW-1]": 1.5, "uninvited.subregion[western]": -0.5} {
		if m, _ := meanVar(drawsOf(f, paramIndex(t, f, name))); math.Abs(m-want) > 0.05 {
			t.Errorf("%s: posterior mean %.3f under a normal(%g, 0.01) prior", name, m, want)
		}
	}
	if x := f.Covariates("XYZ", "", ""); x.Country == 0 {
		t.Error("a country given a stated prior is not a level of the fit")
	}
}

// TestTwoProcessBadCrisis: a row the model cannot use is named by id and line.
func TestTwoProcessBadCrisis(t *testing.T) {
	cs := simCrises(10, 10, 2, tpShapeTruth)
	cs[3].Request = 2
	_, err := FitTwoProcess(context.Background(), cs, DefaultTwoProcessOptions())
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("line %d", cs[3].Line)) || !strings.Contains(err.Error(), "request") {
		t.Errorf("error %v, want one naming line %d and request", err, cs[3].Line)
	}
	if _, err := FitTwoProcess(context.Background(), cs, TwoProcessOptions{Priors: DefaultTwoProcessPriors(), Fit: DefaultTwoProcessFit, Before: world.MonthOf(1900, 1)}); err == nil {
		t.Error("a fit with no crises before the cut should fail")
	}
}

// TestTwoProcessRealData fits data/episodes/crises.csv with the default
// settings: every parameter must have R-hat ≤ 1.01 and bulk ESS ≥ 400.
func TestTwoProcessRealData(t *testing.T) {
	const path = "../data/episodes/crises.csv"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := LoadCrises(path, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	o := DefaultTwoProcessOptions()
	o.Data, o.DataSHA256 = "data/episodes/crises.csv", fmt.Sprintf("%x", sha256.Sum256(b))
	p, err := FitTwoProcess(context.Background(), cs, o)
	if err != nil {
		t.Fatal(err)
	}
	rh, ra, eb, ea, et, eta := p.WorstDiag()
	t.Logf("%d crises, %d parameters; worst R-hat %.4f (%s), bulk ESS %.0f (%s), tail ESS %.0f (%s)", p.N, len(p.Params), rh, ra, eb, ea, et, eta)
	for _, d := range p.Diag {
		if !(d.Rhat <= 1.01) || !(d.ESSBulk >= 400) {
			t.Errorf("%s: R-hat %.4f, bulk ESS %.0f", d.Param, d.Rhat, d.ESSBulk)
		}
	}
	for _, s := range p.Summaries() {
		if !strings.Contains(s.Name, "[") {
			t.Logf("%-36s mean %6.2f sd %5.2f 90%% [%6.2f, %6.2f]", s.Name, s.Mean, s.SD, s.Q05, s.Q95)
		}
	}
}

// TestGaussHermite: the 16-point rule integrates polynomials up to degree
// 31 exactly against N(0, 1).
func TestGaussHermite(t *testing.T) {
	moments := map[int]float64{0: 1, 2: 1, 4: 3, 6: 15, 8: 105, 10: 945}
	keys := make([]int, 0, len(moments))
	for k := range moments {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	for _, k := range keys {
		var s float64
		for i, z := range ghNodes {
			s += ghWeights[i] * math.Pow(z, float64(k))
		}
		if math.Abs(s-moments[k]) > 1e-9*moments[k] {
			t.Errorf("E Z^%d = %.12g, want %g", k, s, moments[k])
		}
	}
}

// FuzzReadTwoProcessPosterior: the reader never panics, and whatever it
// accepts can be evaluated.
func FuzzReadTwoProcessPosterior(f *testing.F) {
	cs := simCrises(12, 20, 2, tpShapeTruth)
	p := fitTwoProcess(f, cs, FitOptions{Chains: 1, Warmup: 10, Draws: 4, Seed: 1})
	var buf bytes.Buffer
	if err := p.Write(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"schema":"steppe.risk.twoprocess/v1"}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, b []byte) {
		q, err := ReadTwoProcessPosterior(bytes.NewReader(b))
		if err != nil {
			return
		}
		c := cs[0]
		c.TroopsK, c.EthnicRussian = math.NaN(), math.NaN()
		q.PredictCrisis(&c)
		x := q.CovariatesOf(&cs[1])
		d := q.Draw(-1)
		r, a, u := d.Probs(&x)
		d.Outcomes(&x, r, a, u)
		q.Summaries()
	})
}

// TestTwoProcessVerdict: a loss on either score is stated as a loss.
func TestTwoProcessVerdict(t *testing.T) {
	base := Scores{Brier: 0.10, Log: -0.35}
	for _, tc := range []struct {
		model Scores
		want  string
	}{
		{Scores{Brier: 0.09, Log: -0.30}, "beats the base rate on Brier (0.0900 vs 0.1000) and log score"},
		{Scores{Brier: 0.09, Log: -0.40}, "but LOSES on log score"},
		{Scores{Brier: 0.11, Log: -0.30}, "LOSES to the base rate on Brier (0.1100 vs 0.1000) but beats it on log score"},
		{Scores{Brier: 0.11, Log: -0.40}, "LOSES to the base rate on Brier (0.1100 vs 0.1000) and log score"},
	} {
		if got := twoProcessVerdict(tc.model, base, MethodBaseRate); !strings.Contains(got, tc.want) {
			t.Errorf("verdict %q, want it to contain %q", got, tc.want)
		}
	}
	ev := &TwoProcessEval{Scheme: SchemeLOO, NTrain: 2, Rows: []TwoProcessEvalRow{{ID: "A-1", Observed: 1, P: 0.6}, {ID: "B-1", P: 0.2}},
		Scores: map[string]Scores{MethodModel: {Brier: 0.1}, MethodBaseRate: {Brier: 0.2}, MethodSubregionRate: {Brier: 0.05}}}
	var b strings.Builder
	WriteTwoProcessEvaluation(&b, ev)
	WriteTwoProcessEpisodes(&b, ev)
	for _, want := range []string{"2 forecasts, 1 interventions", "LOSES to the sub-regional base rate", "A-1", "0.600"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

// BenchmarkTwoProcessProbs times one draw's probabilities and outcome
// distribution for a crisis in a new conflict (the simulation's case).
func BenchmarkTwoProcessProbs(b *testing.B) {
	p := fitTwoProcess(b, simCrises(1, 60, 3, tpShapeTruth), FitOptions{Chains: 1, Warmup: 50, Draws: 100, Seed: 1})
	x := p.Covariates("KGZ", "central-asia", "")
	x.Trigger, x.CSTOMember, x.RussianBase, x.TroopsK, x.Alignment = world.TriggerProtest, 1, 1, 0.5, 1
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		d := p.Draw(i)
		r, a, u := d.Probs(&x)
		_ = d.Outcomes(&x, r, a, u)
	}
}

// fitTwoProcess fits the two-process model with the default priors and the
// sampler settings fit, and fails the test if the fit fails.
func fitTwoProcess(t testing.TB, cs []Crisis, fit FitOptions) *TwoProcessPosterior {
	t.Helper()
	o := DefaultTwoProcessOptions()
	o.Fit = fit
	p, err := FitTwoProcess(context.Background(), cs, o)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
