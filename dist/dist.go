package dist

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mathext"
)

// Dist is a univariate distribution. Implementations are small immutable
// values, safe for concurrent use.
type Dist interface {
	// Sample draws one value using r.
	Sample(r *rand.Rand) float64
	// Quantile returns the inverse CDF at p in [0, 1]. Quantile(0) and
	// Quantile(1) are the ends of the support (possibly infinite).
	Quantile(p float64) float64
	// Mean returns the expected value.
	Mean() float64
	// Support returns the smallest and largest possible values (possibly
	// -Inf or +Inf).
	Support() (lo, hi float64)
	// String describes the distribution as in a scenario file, for example
	// "normal(mean=3, sd=1)".
	String() string
}

// Normal is the normal distribution with mean Mu and standard deviation Sigma.
type Normal struct{ Mu, Sigma float64 }

// Sample implements Dist.
func (d Normal) Sample(r *rand.Rand) float64 { return d.Mu + d.Sigma*r.NormFloat64() }

// Quantile implements Dist.
func (d Normal) Quantile(p float64) float64 {
	return d.Mu + d.Sigma*math.Sqrt2*math.Erfinv(2*p-1)
}

// Mean implements Dist.
func (d Normal) Mean() float64 { return d.Mu }

// Support implements Dist.
func (d Normal) Support() (float64, float64) { return math.Inf(-1), math.Inf(1) }

func (d Normal) String() string { return fmt.Sprintf("normal(mean=%g, sd=%g)", d.Mu, d.Sigma) }

// LogNormal is the distribution of exp(X) where X is normal with mean Mu and
// standard deviation Sigma (the parameters are on the log scale).
type LogNormal struct{ Mu, Sigma float64 }

// Sample implements Dist.
func (d LogNormal) Sample(r *rand.Rand) float64 { return math.Exp(d.Mu + d.Sigma*r.NormFloat64()) }

// Quantile implements Dist.
func (d LogNormal) Quantile(p float64) float64 {
	return math.Exp(d.Mu + d.Sigma*math.Sqrt2*math.Erfinv(2*p-1))
}

// Mean implements Dist.
func (d LogNormal) Mean() float64 { return math.Exp(d.Mu + d.Sigma*d.Sigma/2) }

// Support implements Dist.
func (d LogNormal) Support() (float64, float64) { return 0, math.Inf(1) }

func (d LogNormal) String() string { return fmt.Sprintf("lognormal(mu=%g, sigma=%g)", d.Mu, d.Sigma) }

// Uniform is the continuous uniform distribution on [Min, Max].
type Uniform struct{ Min, Max float64 }

// Sample implements Dist.
func (d Uniform) Sample(r *rand.Rand) float64 { return d.Min + (d.Max-d.Min)*r.Float64() }

// Quantile implements Dist.
func (d Uniform) Quantile(p float64) float64 { return d.Min + (d.Max-d.Min)*clamp01(p) }

// Mean implements Dist.
func (d Uniform) Mean() float64 { return (d.Min + d.Max) / 2 }

// Support implements Dist.
func (d Uniform) Support() (float64, float64) { return d.Min, d.Max }

func (d Uniform) String() string { return fmt.Sprintf("uniform(min=%g, max=%g)", d.Min, d.Max) }

// Beta is the beta distribution with shape parameters Alpha and Beta,
// rescaled from [0, 1] to [Min, Max]. The zero Min and Max mean [0, 1].
type Beta struct{ Alpha, Beta, Min, Max float64 }

func (d Beta) scale() (lo, w float64) {
	if d.Min == 0 && d.Max == 0 {
		return 0, 1
	}
	return d.Min, d.Max - d.Min
}

// Sample implements Dist. It draws two gamma variates (Marsaglia and Tsang
// 2000, "A simple method for generating gamma variables").
func (d Beta) Sample(r *rand.Rand) float64 {
	x := Gamma(r, d.Alpha)
	y := Gamma(r, d.Beta)
	lo, w := d.scale()
	return lo + w*x/(x+y)
}

// Quantile implements Dist (the inverse regularised incomplete beta function).
func (d Beta) Quantile(p float64) float64 {
	lo, w := d.scale()
	return lo + w*mathext.InvRegIncBeta(d.Alpha, d.Beta, clamp01(p))
}

// Mean implements Dist.
func (d Beta) Mean() float64 {
	lo, w := d.scale()
	return lo + w*d.Alpha/(d.Alpha+d.Beta)
}

// Support implements Dist.
func (d Beta) Support() (float64, float64) {
	lo, w := d.scale()
	return lo, lo + w
}

func (d Beta) String() string {
	if d.Min == 0 && d.Max == 0 {
		return fmt.Sprintf("beta(alpha=%g, beta=%g)", d.Alpha, d.Beta)
	}
	return fmt.Sprintf("beta(alpha=%g, beta=%g, min=%g, max=%g)", d.Alpha, d.Beta, d.Min, d.Max)
}

// Triangular is the triangular distribution on [Min, Max] with mode Mode.
type Triangular struct{ Min, Mode, Max float64 }

// Sample implements Dist.
func (d Triangular) Sample(r *rand.Rand) float64 { return d.Quantile(r.Float64()) }

// Quantile implements Dist.
func (d Triangular) Quantile(p float64) float64 {
	p = clamp01(p)
	a, c, b := d.Min, d.Mode, d.Max
	if b == a {
		return a
	}
	fc := (c - a) / (b - a)
	if p < fc {
		return a + math.Sqrt(p*(b-a)*(c-a))
	}
	return b - math.Sqrt((1-p)*(b-a)*(b-c))
}

// Mean implements Dist.
func (d Triangular) Mean() float64 { return (d.Min + d.Mode + d.Max) / 3 }

// Support implements Dist.
func (d Triangular) Support() (float64, float64) { return d.Min, d.Max }

func (d Triangular) String() string {
	return fmt.Sprintf("triangular(min=%g, mode=%g, max=%g)", d.Min, d.Mode, d.Max)
}

// Fixed is a point mass at V: a number stated without uncertainty.
type Fixed struct{ V float64 }

// Sample implements Dist; it consumes no randomness.
func (d Fixed) Sample(*rand.Rand) float64 { return d.V }

// Quantile implements Dist.
func (d Fixed) Quantile(float64) float64 { return d.V }

// Mean implements Dist.
func (d Fixed) Mean() float64 { return d.V }

// Support implements Dist.
func (d Fixed) Support() (float64, float64) { return d.V, d.V }

func (d Fixed) String() string { return fmt.Sprintf("fixed(%g)", d.V) }

func clamp01(p float64) float64 {
	if p < 0 {
		return 0
	}
	if p > 1 {
		return 1
	}
	return p
}

// Gamma draws from Gamma(shape a, scale 1) by Marsaglia and Tsang (2000),
// "A simple method for generating gamma variables", ACM TOMS 26(3); for
// a < 1 it uses the boost Gamma(a) = Gamma(a+1) * U^(1/a). Divide by a rate
// (or multiply by a scale) for other parameterisations.
func Gamma(r *rand.Rand, a float64) float64 {
	if a < 1 {
		return Gamma(r, a+1) * math.Pow(r.Float64(), 1/a)
	}
	d := a - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// Validate reports whether d's parameters define a proper distribution,
// returning a message naming the offending parameter, or nil.
func Validate(d Dist) error {
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
	switch d := d.(type) {
	case Normal:
		if bad(d.Mu) || bad(d.Sigma) || d.Sigma < 0 {
			return fmt.Errorf("normal needs a finite mean and sd >= 0, got %v", d)
		}
	case LogNormal:
		if bad(d.Mu) || bad(d.Sigma) || d.Sigma < 0 {
			return fmt.Errorf("lognormal needs finite mu and sigma >= 0, got %v", d)
		}
	case Uniform:
		if bad(d.Min) || bad(d.Max) || d.Max < d.Min {
			return fmt.Errorf("uniform needs finite min <= max, got %v", d)
		}
	case Beta:
		if bad(d.Alpha) || bad(d.Beta) || d.Alpha <= 0 || d.Beta <= 0 {
			return fmt.Errorf("beta needs alpha > 0 and beta > 0, got %v", d)
		}
		if bad(d.Min) || bad(d.Max) || d.Max < d.Min {
			return fmt.Errorf("beta needs finite min <= max, got %v", d)
		}
	case Triangular:
		if bad(d.Min) || bad(d.Mode) || bad(d.Max) || !(d.Min <= d.Mode && d.Mode <= d.Max) {
			return fmt.Errorf("triangular needs min <= mode <= max, got %v", d)
		}
	case Fixed:
		if bad(d.V) {
			return fmt.Errorf("fixed value must be finite, got %v", d)
		}
	case nil:
		return fmt.Errorf("no distribution")
	}
	return nil
}
