package vexp

// haveAVX2FMA reports whether the CPU has AVX2 and FMA and the operating
// system saves the 256-bit registers.
func haveAVX2FMA() bool {
	max, _, _, _ := cpuid(0, 0)
	if max < 7 {
		return false
	}
	_, _, c, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if c&(fma|osxsave|avx) != fma|osxsave|avx || xgetbv()&6 != 6 {
		return false
	}
	_, b, _, _ := cpuid(7, 0)
	return b&(1<<5) != 0
}

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

func xgetbv() uint32

// expAVX2 sets x[i] to math.Exp(x[i]) by math.Exp's evaluation with fused
// multiply-adds, four lanes of a 256-bit register at a time. len(x) must
// be a multiple of 4 and the arguments finite and below inRange in
// magnitude.
//
//go:noescape
func expAVX2(x []float64)
