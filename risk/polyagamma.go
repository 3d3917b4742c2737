package risk

import (
	"math"
	"math/rand/v2"
)

// Pólya-Gamma PG(1, z) sampler.
//
// The algorithm is the exact rejection sampler of Polson, Scott and Windle
// (2013), "Bayesian inference for logistic models using Pólya-Gamma latent
// variables", JASA 108(504), section 4 and appendix, in the "Devroye" form
// described in Windle's thesis (2013, "Forecasting high-dimensional
// variance-covariance matrices with high-frequency data and sampling
// Pólya-Gamma random variates for posterior distributions derived from
// logistic likelihoods", UT Austin, ch. 2). It samples J*(1, z/2) with the
// alternating-series method of Devroye (1986) on a proposal that mixes a
// truncated exponential (right of the truncation point t = 0.64) and a
// truncated inverse Gaussian (left of t), then returns X/4, since
// PG(1, z) = J*(1, z/2)/4.

const pgTrunc = 0.64

// samplePG1 returns one draw of PG(1, z).
func samplePG1(r *rand.Rand, z float64) float64 {
	z = math.Abs(z) * 0.5
	k := math.Pi*math.Pi/8 + z*z/2
	pExp := pgMassExp(z, k)
	for {
		var x float64
		if r.Float64() < pExp {
			x = pgTrunc + r.ExpFloat64()/k
		} else {
			x = pgTruncInvGauss(r, z)
		}
		s := pgCoef(0, x)
		y := r.Float64() * s
		for n := 1; ; n++ {
			if n%2 == 1 {
				s -= pgCoef(n, x)
				if y <= s {
					return 0.25 * x
				}
			} else {
				s += pgCoef(n, x)
				if y > s {
					break
				}
			}
		}
	}
}

// pgCoef is the n-th term a_n(x) of the alternating series of the J*(1, 0)
// density, in its two piecewise forms left and right of the truncation point
// (Polson, Scott and Windle 2013, eq. 15).
func pgCoef(n int, x float64) float64 {
	kn := (float64(n) + 0.5) * math.Pi
	if x > pgTrunc {
		return kn * math.Exp(-0.5*kn*kn*x)
	}
	if x <= 0 {
		return 0
	}
	h := float64(n) + 0.5
	return math.Exp(-1.5*(math.Log(0.5*math.Pi)+math.Log(x)) + math.Log(kn) - 2*h*h/x)
}

// pgMassExp is the probability that the proposal is drawn from the
// exponential piece: p/(p+q) in the paper's notation, where q/p is computed
// in logs for stability.
func pgMassExp(z, k float64) float64 {
	t := pgTrunc
	b := math.Sqrt(1/t) * (t*z - 1)
	a := -math.Sqrt(1/t) * (t*z + 1)
	x0 := math.Log(k) + k*t
	xb := x0 - z + logPhi(b)
	xa := x0 + z + logPhi(a)
	qdivp := 4 / math.Pi * (math.Exp(xb) + math.Exp(xa))
	return 1 / (1 + qdivp)
}

// logPhi is log Φ(x) for the standard normal CDF.
func logPhi(x float64) float64 {
	if x < -20 {
		// Asymptotic expansion; Erfc underflows far in the tail.
		return -0.5*x*x - math.Log(-x) - 0.5*math.Log(2*math.Pi)
	}
	return math.Log(0.5 * math.Erfc(-x/math.Sqrt2))
}

// pgTruncInvGauss draws from the inverse Gaussian IG(μ = 1/z, λ = 1)
// truncated to (0, t].
func pgTruncInvGauss(r *rand.Rand, z float64) float64 {
	t := pgTrunc
	if z < 1/t {
		// μ > t: propose from the truncated Lévy (1/χ²₁) law, accept with
		// probability exp(-z²x/2).
		for {
			var e1, e2 float64
			for {
				e1, e2 = r.ExpFloat64(), r.ExpFloat64()
				if e1*e1 <= 2*e2/t {
					break
				}
			}
			x := 1 + e1*t
			x = t / (x * x)
			if r.Float64() <= math.Exp(-0.5*z*z*x) {
				return x
			}
		}
	}
	// μ ≤ t: sample IG(μ, 1) (Michael, Schucany and Haas 1976) until ≤ t.
	mu := 1 / z
	for {
		y := r.NormFloat64()
		y *= y
		muY := mu * y
		x := mu + 0.5*mu*muY - 0.5*mu*math.Sqrt(4*muY+muY*muY)
		if r.Float64() > mu/(mu+x) {
			x = mu * mu / x
		}
		if x <= t {
			return x
		}
	}
}

// pgMean is E[PG(1, z)] = tanh(z/2)/(2z) (1/4 at z = 0).
func pgMean(z float64) float64 {
	z = math.Abs(z)
	if z < 1e-6 {
		return 0.25 - z*z/96
	}
	return math.Tanh(z/2) / (2 * z)
}

// pgVar is Var[PG(1, z)] = (sinh z − z) / (4 z³ cosh²(z/2)) (1/24 at z = 0),
// from the cumulants in Polson, Scott and Windle (2013), section 2.
func pgVar(z float64) float64 {
	z = math.Abs(z)
	if z < 1e-3 {
		return 1.0/24 - z*z/240
	}
	c := math.Cosh(z / 2)
	return (math.Sinh(z) - z) / (4 * z * z * z * c * c)
}
