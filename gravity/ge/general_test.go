package ge

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// synthetic returns a square table of n economies generated from a
// structural gravity model with random sizes and distances (seeded, so
// deterministic): X_ij = Y_i E_j d_ij^-1 e_ij, domestic distance small,
// with a few zero flows and trade imbalances.
func synthetic(n int, seed uint64) *Flows {
	r := rand.New(rand.NewPCG(seed, 7))
	f := &Flows{X: make([]float64, n*n), Unit: "synthetic"}
	size := make([]float64, n)
	xy := make([][2]float64, n)
	for i := range size {
		f.Countries = append(f.Countries, fmt.Sprintf("C%02d", i))
		size[i] = math.Exp(3 * r.Float64())
		xy[i] = [2]float64{r.Float64(), r.Float64()}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			d := math.Hypot(xy[i][0]-xy[j][0], xy[i][1]-xy[j][1]) + 0.05
			if i == j {
				d = 0.02
			} else if r.Float64() < 0.05 {
				continue // a zero flow
			}
			f.X[i*n+j] = 100 * size[i] * math.Pow(size[j], 0.9) / d * math.Exp(0.3*r.NormFloat64())
		}
	}
	return f
}

// newtonGE solves the full-endowment equilibrium of log partial effects
// lb by Newton's method on the market-clearing equations in ln w (with a
// numerical Jacobian), a method independent of both solvers: for i < n,
// ln sum_j X'_ij(w) = ln(w_i Y_i), and world output is unchanged. It
// returns w and Phat (the CES price index change).
func newtonGE(t *testing.T, base *Flows, lb []float64, theta float64, bal Balance) (w, P []float64) {
	n := base.N()
	Y, E := base.Output(), base.Expenditure()
	sumY := 0.0
	for _, y := range Y {
		sumY += y
	}
	price := func(w []float64) []float64 {
		phi := make([]float64, n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if x := base.X[i*n+j]; x > 0 {
					phi[j] += x / E[j] * math.Exp(lb[i*n+j]) * math.Pow(w[i], -theta)
				}
			}
		}
		return phi
	}
	resid := func(lw []float64) []float64 {
		w := make([]float64, n)
		for i := range w {
			w[i] = math.Exp(lw[i])
		}
		phi := price(w)
		f := make([]float64, n)
		tot := 0.0
		for i := 0; i < n; i++ {
			s := 0.0
			for j := 0; j < n; j++ {
				if x := base.X[i*n+j]; x > 0 {
					e := w[j] * E[j]
					if bal == Additive {
						e = w[j]*Y[j] + E[j] - Y[j]
					}
					s += x / E[j] * math.Exp(lb[i*n+j]) * math.Pow(w[i], -theta) / phi[j] * e
				}
			}
			f[i] = math.Log(s / (w[i] * Y[i]))
			tot += w[i] * Y[i]
		}
		f[n-1] = math.Log(tot / sumY)
		return f
	}
	lw := make([]float64, n)
	for it := 0; it < 100; it++ {
		f := resid(lw)
		norm := 0.0
		for _, v := range f {
			norm = math.Max(norm, math.Abs(v))
		}
		if norm < 1e-14 {
			break
		}
		J := make([][]float64, n)
		for i := range J {
			J[i] = make([]float64, n+1)
			J[i][n] = -f[i]
		}
		const h = 1e-6
		for k := 0; k < n; k++ {
			up := append([]float64(nil), lw...)
			dn := append([]float64(nil), lw...)
			up[k] += h
			dn[k] -= h
			fu, fd := resid(up), resid(dn)
			for i := 0; i < n; i++ {
				J[i][k] = (fu[i] - fd[i]) / (2 * h)
			}
		}
		dx := gaussSolve(J)
		for k := range lw {
			lw[k] += dx[k]
		}
		if it == 99 {
			t.Fatalf("newton did not converge: residual %g", norm)
		}
	}
	w = make([]float64, n)
	for i := range w {
		w[i] = math.Exp(lw[i])
	}
	P = price(w)
	for j := range P {
		P[j] = math.Pow(P[j], -1/theta)
	}
	return w, P
}

var update = flag.Bool("update", false, "rewrite golden files")

// checkGolden compares got with the golden file (rewritten with -update):
// the Newton solutions stay put as the code around them changes.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("%s differs; if the change is intended, go test ./gravity/ge -run TestCounterfactualIndependent -update rewrites it (review the diff)", path)
	}
}

// gaussSolve solves the augmented system a (n rows, n+1 columns) by
// Gaussian elimination with partial pivoting.
func gaussSolve(a [][]float64) []float64 {
	n := len(a)
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		for r := c + 1; r < n; r++ {
			m := a[r][c] / a[c][c]
			for k := c; k <= n; k++ {
				a[r][k] -= m * a[c][k]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := a[r][n]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x
}

// geCase is a textbook counterfactual on the synthetic table.
type geCase struct {
	name  string
	shock Shock
	num   Numeraire
	bal   Balance
}

func geCases() []geCase {
	rta := Agreement{Name: "rta", Pairs: Pairs{Members: []string{"C01", "C03", "C05"}}, PartialEffect: 0.5}
	border := BorderRemoval{Coef: -1.2}
	return []geCase{
		{"rta-world", rta, Numeraire{}, Additive},
		{"rta-imr-ref", rta, Numeraire{Kind: RefIMR, Country: "C00"}, Additive},
		{"rta-price-ref", rta, Numeraire{Kind: RefPrice, Country: "C02"}, Additive},
		{"border-world", border, Numeraire{}, Additive},
		{"border-imr-ref", border, Numeraire{Kind: RefIMR, Country: "C04"}, Additive},
	}
}

// TestCounterfactualIndependent checks both solvers against Newton's
// method on the market-clearing equations, case by case: an RTA among
// three economies, border removal among all, and reference-country
// numeraires. Every reported change must agree to 1e-9 (relative to the
// level, i.e. 1e-7 percentage points).
func TestCounterfactualIndependent(t *testing.T) {
	base := synthetic(8, 1)
	const theta = 6.0
	var golden strings.Builder
	golden.WriteString("case,country,w_hat,P_hat\n")
	defer func() { checkGolden(t, "testdata/synthetic_newton.csv", golden.String()) }()
	for _, tc := range geCases() {
		lb, err := LogPartials(base.Countries, theta, tc.shock)
		if err != nil {
			t.Fatal(err)
		}
		w, P := newtonGE(t, base, lb, theta, tc.bal)
		for i, c := range base.Countries {
			fmt.Fprintf(&golden, "%s,%s,%.12g,%.12g\n", tc.name, c, w[i], P[i])
		}
		k := 1.0
		if r := base.Index(tc.num.Country); tc.num.Kind == RefPrice {
			k = 1 / w[r]
		} else if tc.num.Kind == RefIMR {
			k = 1 / P[r]
		}
		var outs []*GEOutcome
		for _, solver := range []string{"hat", "ge-ppml"} {
			out, err := Counterfactual(base, lb, GEConfig{Theta: theta, Balance: tc.bal, Numeraire: tc.num, Solver: solver, Tol: 1e-12})
			if err != nil {
				t.Fatalf("%s %s: %v", tc.name, solver, err)
			}
			outs = append(outs, out)
			for i, c := range out.Countries {
				for _, v := range []struct {
					what      string
					got, want float64
				}{
					{"factory-gate price", c.FactoryGate, pct(k * w[i])},
					{"IMR", c.IMR, pct(k * P[i])},
					{"real GDP", c.RealGDP, pct(w[i] / P[i])},
					{"ACR", c.ACR, pct(w[i] / P[i])}, // domestic costs unchanged
				} {
					if math.Abs(v.got-v.want) > 1e-7 {
						t.Errorf("%s %s %s: %s = %.12g%%, Newton %.12g%%", tc.name, solver, c.Country, v.what, v.got, v.want)
					}
				}
			}
			if out.MaxImbalance > 1e-9 {
				t.Errorf("%s %s: imbalance %g", tc.name, solver, out.MaxImbalance)
			}
			if tc.num.Kind == RefIMR {
				r := base.Index(tc.num.Country)
				if c := out.Countries[r]; math.Abs(c.IMR) > 1e-9 || math.Abs(c.CondIMR) > 1e-9 {
					t.Errorf("%s %s: reference IMR changes %g%% (conditional %g%%), want 0", tc.name, solver, c.IMR, c.CondIMR)
				}
			}
		}
		g := MaxGap(outs[0], outs[1])
		if g > 1e-7 {
			t.Errorf("%s: solvers differ by %g percentage points", tc.name, g)
		}
		t.Logf("%s: solvers differ by at most %.2g percentage points", tc.name, g)
	}
}

// TestOMRIdentity checks the outward resistance against the closed form
// of market clearing, Pihat_i^-theta = phat_i^(1+theta) / Shat, which
// holds at any equilibrium.
func TestOMRIdentity(t *testing.T) {
	base := synthetic(8, 2)
	const theta = 4.0
	for _, tc := range geCases() {
		lb, _ := LogPartials(base.Countries, theta, tc.shock)
		out, err := Counterfactual(base, lb, GEConfig{Theta: theta, Numeraire: tc.num, Tol: 1e-12})
		if err != nil {
			t.Fatal(err)
		}
		// Shat: world output (factory-gate prices weighted by output), or
		// the reference economy's expenditure
		Y, E := base.Output(), base.Expenditure()
		S, sumY := 0.0, 0.0
		for i, c := range out.Countries {
			S += Y[i] * (1 + c.FactoryGate/100)
			sumY += Y[i]
		}
		S /= sumY
		if tc.num.Kind == RefIMR {
			// additive balances: E'_r = k (w_r Y_r + D_r), where k rescales
			// the world-output numeraire's w to this one's
			world, err := Counterfactual(base, lb, GEConfig{Theta: theta, Tol: 1e-12})
			if err != nil {
				t.Fatal(err)
			}
			r := base.Index(tc.num.Country)
			w := 1 + world.Countries[r].FactoryGate/100
			k := (1 + out.Countries[r].FactoryGate/100) / w
			S = k * (w*Y[r] + E[r] - Y[r]) / E[r]
		}
		for _, c := range out.Countries {
			p := 1 + c.FactoryGate/100
			want := pct(math.Pow(math.Pow(p, 1+theta)/S, -1/theta))
			if math.Abs(c.OMR-want) > 1e-7 {
				t.Errorf("%s %s: OMR %.12g%%, identity %.12g%%", tc.name, c.Country, c.OMR, want)
			}
		}
	}
}

// TestMultiplicativeImbalanceWarns checks that an inconsistent balance rule
// is reported, not hidden: multiplicative balances on an unbalanced table.
func TestMultiplicativeImbalanceWarns(t *testing.T) {
	base := synthetic(8, 3)
	lb, _ := LogPartials(base.Countries, 5, BorderRemoval{Coef: -1})
	for _, bal := range []Balance{Additive, Multiplicative} {
		res, err := SolveHat(base, lb, Options{Theta: 5, Balance: bal, Tol: 1e-12})
		if err != nil {
			t.Fatal(err)
		}
		warned := false
		for _, w := range res.Warnings {
			warned = warned || errors.Is(w, ErrUnbalanced)
		}
		if bal == Additive && (res.MaxImbalance > 1e-9 || warned) {
			t.Errorf("additive: imbalance %g, warned %v; want exact", res.MaxImbalance, warned)
		}
		if bal == Multiplicative && (res.MaxImbalance < ImbalanceWarn || !warned) {
			t.Errorf("multiplicative on an unbalanced table: imbalance %g, warned %v; want a reported residual", res.MaxImbalance, warned)
		}
		t.Logf("%v: largest residual %.3g", bal, res.MaxImbalance)
	}
}
