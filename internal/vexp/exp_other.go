//go:build !amd64

package vexp

func haveAVX2FMA() bool { return false }

func expAVX2(x []float64) { panic("vexp: no AVX2 on this architecture") }
