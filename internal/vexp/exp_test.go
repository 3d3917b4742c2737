package vexp

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// Exp must equal math.Exp bit for bit: on random arguments over the range
// a simulation uses (logits within ±40) and far beyond, on the edges where
// it hands over to math.Exp, and on the special values.
func TestExpEqualsMathExp(t *testing.T) {
	if runtime.GOARCH == "amd64" && haveAVX2FMA() && !fast {
		t.Fatal("on an amd64 CPU with AVX2 and FMA the vector evaluation does not reproduce math.Exp")
	}
	special := []float64{0, math.Copysign(0, -1), 1, -1, 1e-300, -1e-300, math.SmallestNonzeroFloat64,
		inRange, -inRange, math.Nextafter(inRange, 0), math.Nextafter(-inRange, 0), 700, -700, 709.78, 709.79, 710, -745, -746,
		math.Inf(1), math.Inf(-1), math.NaN(), math.Ln2 / 2, -math.Ln2 / 2, 0.5 * math.Ln2 * 3}
	rng := rand.New(rand.NewPCG(1, 2))
	var args []float64
	args = append(args, special...)
	for range 200000 {
		args = append(args, (rng.Float64()*2-1)*40)
	}
	for range 50000 {
		args = append(args, (rng.Float64()*2-1)*750)
	}
	for range 20000 {
		args = append(args, (rng.Float64()*2-1)*1e-6)
	}
	// In batches of 1 to 19: tails, whole groups of four, and groups with
	// an argument out of range.
	for i, n := 0, 1; i < len(args); i, n = i+n, n%19+1 {
		v := append([]float64(nil), args[i:min(i+n, len(args))]...)
		Exp(v)
		for j, y := range v {
			want := math.Exp(args[i+j])
			if math.Float64bits(y) != math.Float64bits(want) && !(math.IsNaN(y) && math.IsNaN(want)) {
				t.Fatalf("Exp(%v) = %v (%#x), math.Exp = %v (%#x)", args[i+j], y, math.Float64bits(y), want, math.Float64bits(want))
			}
		}
	}
}

var sink float64

// benchArgs are logits such as the simulation's sigmoids take.
var benchArgs = func() []float64 {
	rng := rand.New(rand.NewPCG(5, 6))
	v := make([]float64, 1024)
	for i := range v {
		v[i] = (rng.Float64()*2 - 1) * 8
	}
	return v
}()

// BenchmarkExp16 against BenchmarkMathExp: ns per exponential over 1,024
// logits, in batches of 16 (the Gauss-Hermite nodes of risk's
// logistic-normal integral).
func BenchmarkExp16(b *testing.B) {
	var s float64
	for i := 0; i < b.N; i++ {
		for j := 0; j < len(benchArgs); j += 16 {
			var w [16]float64
			copy(w[:], benchArgs[j:])
			Exp(w[:])
			for _, v := range w {
				s += v
			}
		}
	}
	sink = s
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(benchArgs)), "ns/exp")
}

func BenchmarkMathExp(b *testing.B) {
	var s float64
	for i := 0; i < b.N; i++ {
		for _, v := range benchArgs {
			s += math.Exp(v)
		}
	}
	sink = s
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(benchArgs)), "ns/exp")
}
