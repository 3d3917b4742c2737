package risk

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Convergence diagnostics of Vehtari, Gelman, Simpson, Carpenter and
// Bürkner (2021), "Rank-normalization, folding, and localization: an
// improved R-hat for assessing convergence of MCMC", Bayesian Analysis
// 16(2): rank-normalised split R-hat (the maximum of the bulk and the folded
// "tail" versions), bulk effective sample size and tail effective sample
// size (the smaller of the ESS of the 5% and 95% quantile indicators). The
// autocorrelation sum uses Geyer's (1992) initial monotone sequence, as in
// Stan.

// Diag holds the convergence diagnostics of one parameter.
type Diag struct {
	Rhat    float64 // rank-normalised split R-hat, max(bulk, tail); < 1.01 is the paper's threshold
	ESSBulk float64
	ESSTail float64
}

// Diagnose computes [Diag] from chains[c][s], all of the same length ≥ 4.
func Diagnose(chains [][]float64) Diag {
	split := splitChains(chains)
	z := rankNormalize(split)
	folded := make([][]float64, len(split))
	med := median(flatten(split))
	for i, c := range split {
		folded[i] = make([]float64, len(c))
		for j, v := range c {
			folded[i][j] = math.Abs(v - med)
		}
	}
	zf := rankNormalize(folded)
	d := Diag{Rhat: math.Max(rhat(z), rhat(zf)), ESSBulk: ess(z)}
	all := flatten(split)
	q05, q95 := quantileSorted(sortedCopy(all), 0.05), quantileSorted(sortedCopy(all), 0.95)
	d.ESSTail = math.Min(ess(indicator(split, q05)), ess(indicator(split, q95)))
	return d
}

func indicator(chains [][]float64, q float64) [][]float64 {
	out := make([][]float64, len(chains))
	for i, c := range chains {
		out[i] = make([]float64, len(c))
		for j, v := range c {
			if v <= q {
				out[i][j] = 1
			}
		}
	}
	return out
}

func splitChains(chains [][]float64) [][]float64 {
	var out [][]float64
	for _, c := range chains {
		h := len(c) / 2
		out = append(out, c[:h], c[len(c)-h:])
	}
	return out
}

func flatten(chains [][]float64) []float64 {
	var all []float64
	for _, c := range chains {
		all = append(all, c...)
	}
	return all
}

// rankNormalize replaces each draw by Φ⁻¹((r − 3/8)/(S + 1/4)) of its
// average rank r among all S draws (Blom's offset, as in the paper).
func rankNormalize(chains [][]float64) [][]float64 {
	all := flatten(chains)
	s := len(all)
	idx := make([]int, s)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return all[idx[a]] < all[idx[b]] })
	rank := make([]float64, s)
	for i := 0; i < s; {
		j := i
		for j+1 < s && all[idx[j+1]] == all[idx[i]] {
			j++
		}
		r := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			rank[idx[k]] = r
		}
		i = j + 1
	}
	n := distuv.UnitNormal
	out := make([][]float64, len(chains))
	k := 0
	for i, c := range chains {
		out[i] = make([]float64, len(c))
		for j := range c {
			out[i][j] = n.Quantile((rank[k] - 0.375) / (float64(s) + 0.25))
			k++
		}
	}
	return out
}

func meanVar(x []float64) (m, v float64) {
	for _, a := range x {
		m += a
	}
	m /= float64(len(x))
	for _, a := range x {
		v += (a - m) * (a - m)
	}
	return m, v / float64(len(x)-1)
}

// rhat is the classic potential scale reduction factor of (split) chains.
func rhat(chains [][]float64) float64 {
	m := float64(len(chains))
	n := float64(len(chains[0]))
	means := make([]float64, len(chains))
	var w float64
	for i, c := range chains {
		mu, v := meanVar(c)
		means[i] = mu
		w += v
	}
	w /= m
	_, b := meanVar(means)
	b *= n
	if w == 0 {
		if b == 0 {
			return 1
		}
		return math.Inf(1)
	}
	vplus := (n-1)/n*w + b/n
	return math.Sqrt(vplus / w)
}

// ess is the multi-chain effective sample size (Stan's formula, BDA3 ch. 11
// with Geyer's initial monotone sequence). Autocovariances are computed lag
// by lag, only as far as the sequence runs.
func ess(chains [][]float64) float64 {
	m := len(chains)
	n := len(chains[0])
	means := make([]float64, m)
	var w float64
	for i, c := range chains {
		mu, v := meanVar(c)
		means[i] = mu
		w += v
	}
	w /= float64(m)
	varPlus := w * float64(n-1) / float64(n)
	if m > 1 {
		_, b := meanVar(means)
		varPlus += b
	}
	if varPlus == 0 {
		return float64(m * n)
	}
	rho := func(t int) float64 {
		var s float64
		for i, c := range chains {
			var a float64
			mu := means[i]
			for j := 0; j+t < n; j++ {
				a += (c[j] - mu) * (c[j+t] - mu)
			}
			s += a / float64(n)
		}
		s /= float64(m)
		return 1 - (w-s)/varPlus
	}
	// Geyer: sum pairs P_k = ρ_2k + ρ_2k+1 while positive, made monotone.
	tau := -1.0
	prev := math.Inf(1)
	for t := 0; t+1 < n; t += 2 {
		p := rho(t) + rho(t+1)
		if p < 0 {
			break
		}
		if p > prev {
			p = prev
		}
		prev = p
		tau += 2 * p
	}
	if tau <= 0 {
		tau = 1 / math.Log10(float64(m*n)) // antithetic chains: cap as Stan does
	}
	return float64(m*n) / tau
}

func sortedCopy(x []float64) []float64 {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	return s
}

func median(x []float64) float64 { return quantileSorted(sortedCopy(x), 0.5) }

// quantileSorted is the linearly interpolated quantile (R type 7) of a
// sorted sample.
func quantileSorted(s []float64, p float64) float64 {
	if len(s) == 0 {
		return math.NaN()
	}
	h := (float64(len(s)) - 1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (h-lo)*(s[i+1]-s[i])
}
