package gravity

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
)

// Golden tests against fixest 0.12.2 (testdata/fixest_golden.json; see
// testdata/README.md). Coefficients are compared with the tight_tolerance
// fits to a relative 1e-8 and standard errors of every kind to 1e-6.

type goldenVcov struct {
	SE         map[string]float64 `json:"se"`
	SENoAdj    map[string]float64 `json:"se_no_small_sample_adj"`
	Stat       map[string]float64 `json:"stat"`
	PValue     map[string]float64 `json:"pvalue"`
	Ratio      float64            `json:"variance_ratio_adj_over_raw"`
	K          int                `json:"K_used_by_ssc"`
	TDF        int                `json:"t_df"`
	VcovMatrix [][]float64        `json:"vcov_matrix"`
}

type goldenSpec struct {
	Spec    string `json:"spec"`
	Removed []int  `json:"removed_rows_1based"`
	Sample  struct {
		NObs         int                 `json:"nobs"`
		NObsOrigin   int                 `json:"nobs_origin"`
		NRemoved     int                 `json:"n_removed"`
		FixefSizes   map[string]int      `json:"fixef_sizes"`
		FixefRemoved map[string][]string `json:"fixef_removed"`
	} `json:"sample"`
	Coefficients map[string]float64    `json:"coefficients"`
	Vcov         map[string]goldenVcov `json:"vcov"`
	Fit          struct {
		LogLik    float64 `json:"loglik"`
		LLNull    float64 `json:"ll_null"`
		Deviance  float64 `json:"deviance"`
		PseudoR2  float64 `json:"pseudo_r2"`
		SqCor     float64 `json:"sq_cor"`
		NParams   int     `json:"nparams"`
		SSR       float64 `json:"ssr"`
		Sigma2    float64 `json:"sigma2"`
		R2        float64 `json:"r2"`
		AdjR2     float64 `json:"adj_r2"`
		WithinR2  float64 `json:"within_r2"`
		WithinAdj float64 `json:"within_adj_r2"`
		RMSE      float64 `json:"rmse"`
		SSRNull   float64 `json:"ssr_null"`
		SSRFEOnly float64 `json:"ssr_fe_only"`
	} `json:"fit"`
	Fitted struct {
		Rows      []int      `json:"rows_1based"`
		Fitted    []*float64 `json:"fitted"`
		SumFitted float64    `json:"sum_fitted"`
	} `json:"fitted_values"`
	Tight struct {
		Coefficients map[string]float64            `json:"coefficients"`
		SE           map[string]map[string]float64 `json:"se"`
		SEIID        map[string]float64            `json:"se_iid"`
		LogLik       float64                       `json:"loglik"`
		Deviance     float64                       `json:"deviance"`
	} `json:"tight_tolerance"`
	Fixef struct {
		Values map[string]map[string]float64 `json:"values"`
	} `json:"fixef"`
	// spec c
	SE      map[string]float64 `json:"se"`
	SENoAdj map[string]float64 `json:"se_no_small_sample_adj"`
	K       int                `json:"K_used_by_ssc"`
	TDF     int                `json:"t_df"`
	G       int                `json:"G"`
}

var (
	goldenOnce sync.Once
	goldenAll  map[string]goldenSpec
	tradeFrame *Frame
	sepFrame   *Frame
	goldenErr  error
)

func loadGolden(t testing.TB) (map[string]goldenSpec, *Frame, *Frame) {
	t.Helper()
	goldenOnce.Do(func() {
		b, err := os.ReadFile("testdata/fixest_golden.json")
		if err != nil {
			goldenErr = err
			return
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			goldenErr = err
			return
		}
		goldenAll = map[string]goldenSpec{}
		for _, k := range []string{"a_fepois_4fe", "b_fepois_interacted", "c_fepois_cluster_pair", "d_feols_log", "e1_separation_oneway", "e2_separation_threeway"} {
			var g goldenSpec
			if err := json.Unmarshal(raw[k], &g); err != nil {
				goldenErr = fmt.Errorf("%s: %w", k, err)
				return
			}
			goldenAll[k] = g
		}
		if tradeFrame, err = ReadFile("testdata/fixest_trade.csv"); err != nil {
			goldenErr = err
			return
		}
		sepFrame, goldenErr = ReadFile("testdata/synthetic_separation.csv")
	})
	if goldenErr != nil {
		t.Fatal(goldenErr)
	}
	return goldenAll, tradeFrame, sepFrame
}

var tight = Options{FixefTol: 1e-11, GLMTol: 1e-12, GLMMaxIter: 200, FixefMaxIter: 1000000, Separation: SeparationFE}

func relDiff(a, b float64) float64 {
	if a == b {
		return 0
	}
	return math.Abs(a-b) / math.Max(math.Abs(b), 1e-300)
}

// digits is the number of matching significant digits.
func digits(a, b float64) float64 {
	d := relDiff(a, b)
	if d == 0 {
		return 17
	}
	return math.Min(17, -math.Log10(d))
}

func checkRel(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if relDiff(got, want) > tol || math.IsNaN(got) {
		t.Errorf("%s = %.17g, want %.17g (rel diff %.3g > %g)", what, got, want, relDiff(got, want), tol)
	}
}

type goldenCase struct {
	key     string
	formula string
	family  Family
	sep     bool
}

var goldenCases = []goldenCase{
	{"a_fepois_4fe", "Euros ~ log(dist_km) | Origin + Destination + Product + Year", Poisson, false},
	{"b_fepois_interacted", "Euros ~ log(dist_km) | Origin^Year + Destination^Year", Poisson, false},
	{"d_feols_log", "log(Euros) ~ log(dist_km) | Origin + Destination + Product + Year", Gaussian, false},
	{"e1_separation_oneway", "y ~ ldist + rta | exp + imp + year", Poisson, true},
	{"e2_separation_threeway", "y ~ rta | exp^year + imp^year + exp^imp", Poisson, true},
}

func TestGoldenFixest(t *testing.T) {
	all, trade, sep := loadGolden(t)
	for _, tc := range goldenCases {
		t.Run(tc.key, func(t *testing.T) {
			g := all[tc.key]
			frame := trade
			if tc.sep {
				frame = sep
			}
			opt := tight
			opt.Family = tc.family
			opt.Fixef = true
			res, err := Fit(frame, tc.formula, opt)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Converged {
				t.Fatalf("not converged")
			}
			checkGoldenSample(t, res, g)
			checkGoldenCoef(t, res, g)
			checkGoldenVcov(t, res, g)
			checkGoldenStats(t, res, g)
			checkGoldenFitted(t, res, g)
			checkGoldenFixef(t, res, g)
		})
	}
}

// checkGoldenSample compares the estimation sample: observations, removed
// rows and fixed-effect levels.
func checkGoldenSample(t *testing.T, res *Result, g goldenSpec) {
	t.Helper()
	if res.NObs != g.Sample.NObs || res.NObsOrigin != g.Sample.NObsOrigin || res.Removed.Total() != g.Sample.NRemoved {
		t.Errorf("nobs %d/%d removed %d, want %d/%d removed %d", res.NObs, res.NObsOrigin, res.Removed.Total(), g.Sample.NObs, g.Sample.NObsOrigin, g.Sample.NRemoved)
	}
	for _, fe := range res.FE {
		if fe.Size != g.Sample.FixefSizes[fe.Name] {
			t.Errorf("FE %s size %d, want %d", fe.Name, fe.Size, g.Sample.FixefSizes[fe.Name])
		}
		if want, ok := g.Sample.FixefRemoved[fe.Name]; ok {
			w := append([]string(nil), want...)
			sort.Strings(w)
			if strings.Join(fe.RemovedLevels, ",") != strings.Join(w, ",") {
				t.Errorf("FE %s removed levels %v, want %v", fe.Name, fe.RemovedLevels, w)
			}
		}
	}
	if g.Removed != nil {
		var got []int
		for _, r := range res.Removed.Rows {
			got = append(got, r+1)
		}
		if fmt.Sprint(got) != fmt.Sprint(g.Removed) {
			t.Errorf("removed rows %v\nwant %v", got, g.Removed)
		}
	}
}

// checkGoldenCoef compares the coefficients against the tight fit.
func checkGoldenCoef(t *testing.T, res *Result, g goldenSpec) {
	t.Helper()
	tc := g.Tight.Coefficients
	for name, want := range tc {
		got, ok := res.Coefficient(name)
		if !ok {
			t.Fatalf("no coefficient %s", name)
		}
		checkRel(t, "coef "+name, got, want, 1e-8)
		t.Logf("coef %s: %.1f digits vs tight", name, digits(got, want))
	}
}

// checkGoldenVcov compares the standard errors of every kind, their
// small-sample ratios, statistics, p-values and full matrices.
func checkGoldenVcov(t *testing.T, res *Result, g goldenSpec) {
	t.Helper()
	tightSE := g.Tight.SE
	if g.Tight.SEIID != nil {
		tightSE = map[string]map[string]float64{"iid": g.Tight.SEIID}
	}
	for key, gv := range g.Vcov {
		v, err := res.Vcov(mustVcov(t, key))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := res.Vcov(VcovSpec{Type: v.Spec.Type, Cluster: v.Spec.Cluster, NoSmallSample: true})
		if err != nil {
			t.Fatal(err)
		}
		if v.K != gv.K || v.DF != gv.TDF {
			t.Errorf("%s: K %d df %d, want K %d df %d", key, v.K, v.DF, gv.K, gv.TDF)
		}
		for j, name := range res.CoefNames {
			want, ok := tightSE[key][name]
			ref := "tight"
			if !ok { // only the default-tolerance fit has this kind (OLS: coefficients agree to 1e-14)
				want, ref = gv.SE[name], "default"
			}
			checkRel(t, key+" se "+name, v.SE[j], want, 1e-6)
			// The unadjusted SE: fixest's ratio applied to the tight SE.
			checkRel(t, key+" se_noadj "+name, raw.SE[j], want/math.Sqrt(gv.Ratio), 1e-6)
			checkRel(t, key+" ratio", v.SE[j]*v.SE[j]/(raw.SE[j]*raw.SE[j]), gv.Ratio, 1e-12)
			checkRel(t, key+" stat "+name, v.Stat[j], res.Coef[j]/want, 1e-6)
			// p-value function on fixest's own statistic.
			var p float64
			if tc := res.Family; tc == Gaussian {
				p = tPValue(gv.Stat[name], float64(gv.TDF))
			} else {
				p = math.Erfc(math.Abs(gv.Stat[name]) / math.Sqrt2)
			}
			if gv.PValue[name] > 1e-300 || p > 1e-300 {
				checkRel(t, key+" pvalue "+name, p, gv.PValue[name], 1e-9)
			}
			t.Logf("%s se %s: %.1f digits vs %s", key, name, digits(v.SE[j], want), ref)
		}
		// Full matrix (default-tolerance fixest; off-diagonals too).
		for a := range gv.VcovMatrix {
			for b := range gv.VcovMatrix[a] {
				w := gv.VcovMatrix[a][b]
				// fixest's default fit is looser than ours (its SEs differ
				// from its tight fit by up to 2e-5 in spec b).
				if relDiff(v.Matrix[a][b], w) > 1e-4 {
					t.Errorf("%s vcov[%d][%d] = %g, want %g", key, a, b, v.Matrix[a][b], w)
				}
			}
		}
	}
}

// checkGoldenStats compares the fit statistics.
func checkGoldenStats(t *testing.T, res *Result, g goldenSpec) {
	t.Helper()
	if res.NParams != g.Fit.NParams {
		t.Errorf("nparams %d, want %d", res.NParams, g.Fit.NParams)
	}
	if tc := g.Tight.Coefficients; tc != nil && res.Family == Poisson {
		checkRel(t, "loglik", res.LogLik, g.Tight.LogLik, 1e-10)
		checkRel(t, "deviance", res.Deviance, g.Tight.Deviance, 1e-9)
		checkRel(t, "ll_null", res.LLNull, g.Fit.LLNull, 1e-12)
		checkRel(t, "pseudo_r2", res.PseudoR2, g.Fit.PseudoR2, 1e-9)
		checkRel(t, "sq_cor", res.SqCor, g.Fit.SqCor, 1e-7)
	}
	if res.Family == Gaussian {
		checkRel(t, "ssr", res.SSR, g.Fit.SSR, 1e-9)
		checkRel(t, "sigma2", res.Sigma2, g.Fit.Sigma2, 1e-9)
		checkRel(t, "r2", res.R2, g.Fit.R2, 1e-9)
		checkRel(t, "adj_r2", res.AdjR2, g.Fit.AdjR2, 1e-9)
		checkRel(t, "within_r2", res.WithinR2, g.Fit.WithinR2, 1e-9)
		checkRel(t, "within_adj_r2", res.WithinAdjR2, g.Fit.WithinAdj, 1e-9)
		checkRel(t, "rmse", res.RMSE, g.Fit.RMSE, 1e-9)
		checkRel(t, "loglik", res.LogLik, g.Fit.LogLik, 1e-9)
		checkRel(t, "ssr_null", res.SSRNull, g.Fit.SSRNull, 1e-9)
		checkRel(t, "ssr_fe_only", res.SSRFEOnly, g.Fit.SSRFEOnly, 1e-9)
	}
}

// checkGoldenFitted compares the fitted values (fixest default
// tolerances; removed rows are null).
func checkGoldenFitted(t *testing.T, res *Result, g goldenSpec) {
	t.Helper()
	var sum float64
	for _, f := range res.Fitted {
		sum += f
	}
	checkRel(t, "sum fitted", sum, g.Fitted.SumFitted, 1e-8)
	for i, row := range g.Fitted.Rows {
		got, ok := res.FittedAt(row - 1)
		want := g.Fitted.Fitted[i]
		if want == nil {
			if ok {
				t.Errorf("row %d: fitted %g, want removed", row, got)
			}
			continue
		}
		if !ok {
			t.Errorf("row %d removed, want fitted %g", row, *want)
			continue
		}
		checkRel(t, fmt.Sprintf("fitted row %d", row), got, *want, 1e-6)
	}
}

// checkGoldenFixef checks exp(Σ FE + xβ) = fitted, and fixest's values
// where given.
func checkGoldenFixef(t *testing.T, res *Result, g goldenSpec) {
	t.Helper()
	checkFixefReproduceFit(t, res)
	for dim, vals := range g.Fixef.Values {
		var fe *FixedEffect
		for q := range res.FixedEffects {
			if res.FixedEffects[q].Name == dim {
				fe = &res.FixedEffects[q]
			}
		}
		if fe == nil {
			t.Fatalf("no fixed effect %s", dim)
		}
		for lev, want := range vals {
			got, ok := fe.Value(lev)
			if !ok {
				t.Fatalf("FE %s has no level %s", dim, lev)
			}
			if math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
				t.Errorf("FE %s[%s] = %.12g, want %.12g", dim, lev, got, want)
			}
		}
	}
}

// checkFixefReproduceFit verifies that the recovered fixed effects and the
// coefficients rebuild the linear predictor.
func checkFixefReproduceFit(t *testing.T, res *Result) {
	t.Helper()
	if len(res.FixedEffects) == 0 {
		return
	}
	xs := make([][]float64, len(res.CoefNames))
	for j := range res.CoefNames {
		v, err := res.Formula.RHS[j].eval(res.frame, res.frame.NRow())
		if err != nil {
			t.Fatal(err)
		}
		xs[j] = v
	}
	var worst float64
	for i, row := range res.Rows {
		eta := 0.0
		for q, fe := range res.FixedEffects {
			eta += fe.Values[res.dims[q].codes[i]]
		}
		for j := range xs {
			eta += res.Coef[j] * xs[j][row]
		}
		worst = math.Max(worst, math.Abs(eta-res.LinPred[i])/math.Max(1, math.Abs(res.LinPred[i])))
	}
	if worst > 1e-7 {
		t.Errorf("fixed effects + xβ differ from the linear predictor by up to %g", worst)
	}
}

// Spec c is spec a with standard errors clustered by Origin^Destination,
// computed from the same fit.
func TestGoldenClusterPair(t *testing.T) {
	all, trade, _ := loadGolden(t)
	g := all["c_fepois_cluster_pair"]
	a := all["a_fepois_4fe"]
	opt := tight
	res, err := Fit(trade, "Euros ~ log(dist_km) | Origin + Destination + Product + Year", opt)
	if err != nil {
		t.Fatal(err)
	}
	v, err := res.Vcov(mustVcov(t, "cluster:Origin^Destination"))
	if err != nil {
		t.Fatal(err)
	}
	if v.K != g.K || v.DF != g.TDF || len(v.G) != 1 || v.G[0] != g.G {
		t.Errorf("K %d df %d G %v, want %d %d %d", v.K, v.DF, v.G, g.K, g.TDF, g.G)
	}
	checkRel(t, "coef", res.Coef[0], a.Tight.Coefficients["log(dist_km)"], 1e-8)
	checkRel(t, "se", v.SE[0], a.Tight.SE["cluster:Origin^Destination"]["log(dist_km)"], 1e-6)
	// Default-tolerance fit against fixest's default numbers.
	def, err := Fit(trade, "Euros ~ log(dist_km) | Origin + Destination + Product + Year", Options{Separation: SeparationFE})
	if err != nil {
		t.Fatal(err)
	}
	vd, _ := def.Vcov(mustVcov(t, "cluster:Origin^Destination"))
	checkRel(t, "default coef", def.Coef[0], g.Coefficients["log(dist_km)"], 1e-8)
	checkRel(t, "default se", vd.SE[0], g.SE["log(dist_km)"], 1e-5)
}
