// Package vexp evaluates math.Exp on a batch of arguments, bit for bit as
// math.Exp does, so that a simulation's hot loops can take exponentials
// in batches without changing a single result.
//
// On amd64, math.Exp is an assembly routine (Go's src/math/exp_amd64.s,
// after N. Shibata, "Efficient evaluation methods of elementary functions
// suitable for SIMD computation", ISC 2010): exp(x) = 2^k·e^r with
// k = round(x/ln 2), r = x − k·ln 2 (ln 2 in two parts), e^(r/16) by its
// Taylor series to degree 8 and squared four times, then scaled by 2^k,
// using fused multiply-adds on CPUs with AVX and FMA. Each call does this
// for one argument, one dependent operation after another (about 15 ns
// here). Exp performs the same operations in the same order and with the
// same roundings on four arguments at once, one per lane of a 256-bit AVX2
// register, and the processor overlaps one group of four with the next. It is used when the CPU has AVX2 and FMA and, checked at
// start-up on a fixed set of arguments, its results equal math.Exp's bit
// for bit; otherwise (another architecture, a CPU without FMA, a Go release
// whose math.Exp differs) Exp calls math.Exp. Arguments whose result would
// be subnormal, overflow or not be finite also go to math.Exp.
package vexp

import "math"

// inRange bounds the arguments Exp computes itself: 2^k is then a normal
// number (|k| ≤ 1000) and so is the result.
const inRange = 690.0

// inRangeBits is math.Float64bits(inRange).
var inRangeBits = math.Float64bits(inRange)

// fast says whether Exp uses expAVX2.
var fast = haveAVX2FMA() && agrees(expAVX2)

// Exp sets x[i] to math.Exp(x[i]) for every i.
func Exp(x []float64) {
	n := len(x) &^ 3
	if fast && n > 0 {
		// |v| < inRange as an integer test on the bits, without a branch:
		// the bits of |v| (sign cleared) are below inRange's exactly when
		// |v| < inRange, and a NaN's are above; bit 63 of the difference
		// is set for those below.
		in := uint64(1 << 63)
		for _, v := range x[:n] {
			in &= math.Float64bits(v)&^(1<<63) - inRangeBits
		}
		if in != 0 {
			expAVX2(x[:n])
			x = x[n:]
		}
	}
	for i, v := range x {
		x[i] = math.Exp(v)
	}
}

// agrees reports whether f's results equal math.Exp's on a fixed set of
// arguments spread over the range Exp computes itself.
func agrees(f func([]float64)) bool {
	const n = 400                            // 4,005 arguments: under 1 ms at every start
	probe := make([]float64, 0, 5*(2*n+1)+3) // no regrowth
	for i := -n; i <= n; i++ {
		v := float64(i) * (inRange / n)
		probe = append(probe, v, v*0.999999, math.Nextafter(v, 0), v/1000+1e-9*float64(i%7), float64(i)*1e-5)
	}
	for len(probe)%4 != 0 {
		probe = append(probe, 0.5)
	}
	v := append([]float64(nil), probe...)
	f(v)
	for i, y := range v {
		if math.Float64bits(y) != math.Float64bits(math.Exp(probe[i])) {
			return false
		}
	}
	return true
}
