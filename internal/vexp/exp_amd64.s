#include "textflag.h"

// Constants of math.Exp on amd64 (src/math/exp_amd64.s): 1/ln 2, ln 2 in
// an upper and a lower part, 1/16, the Taylor coefficients 1/n! of e^r, 1,
// 2 and the exponent bias; broadcast to the four lanes where used.
DATA expc<>+0(SB)/8, $1.4426950408889634073599246810018920
DATA expc<>+8(SB)/8, $0.69314718055966295651160180568695068359375
DATA expc<>+16(SB)/8, $0.28235290563031577122588448175013436025525412068e-12
DATA expc<>+24(SB)/8, $0.0625
DATA expc<>+32(SB)/8, $2.4801587301587301587e-5
DATA expc<>+40(SB)/8, $1.9841269841269841270e-4
DATA expc<>+48(SB)/8, $1.3888888888888888889e-3
DATA expc<>+56(SB)/8, $8.3333333333333333333e-3
DATA expc<>+64(SB)/8, $4.1666666666666666667e-2
DATA expc<>+72(SB)/8, $1.6666666666666666667e-1
DATA expc<>+80(SB)/8, $0.5
DATA expc<>+88(SB)/8, $1.0
DATA expc<>+96(SB)/8, $2.0
DATA expc<>+104(SB)/8, $0x3ff
GLOBL expc<>(SB), RODATA, $112
#define LOG2E expc<>+0(SB)
#define LN2HI expc<>+8(SB)
#define LN2LO expc<>+16(SB)
#define SIXTEENTH expc<>+24(SB)
#define C8 expc<>+32(SB)
#define C7 expc<>+40(SB)
#define C6 expc<>+48(SB)
#define C5 expc<>+56(SB)
#define C4 expc<>+64(SB)
#define C3 expc<>+72(SB)
#define C2 expc<>+80(SB)
#define ONE expc<>+88(SB)
#define TWO expc<>+96(SB)
#define BIAS expc<>+104(SB)

// func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eaxArg+0(FP), AX
	MOVL ecxArg+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv() uint32
TEXT ·xgetbv(SB), NOSPLIT, $0-4
	MOVL $0, CX
	XGETBV
	MOVL AX, ret+0(FP)
	RET

// func expAVX2(x []float64)
//
// The steps of math.Exp's FMA path, in its order, four lanes at a time:
// k = round(x·log2e) (to nearest, as CVTSD2SL under Go's MXCSR),
// r = ((x − k·ln2hi) − k·ln2lo)/16 fused, p = Horner's rule over the
// coefficients fused, r·p, three times r = r·(r+2), then r = (r+2)·r + 1
// fused, times 2^k. len(x) is a multiple of 4.
TEXT ·expAVX2(SB), NOSPLIT, $0-24
	MOVQ x_base+0(FP), AX
	MOVQ x_len+8(FP), CX
	SHRQ $2, CX
	JZ   done
loop:
	VMOVUPD (AX), Y0
	VBROADCASTSD LOG2E, Y2
	VMULPD Y2, Y0, Y1
	VROUNDPD $0, Y1, Y1
	VBROADCASTSD LN2HI, Y2
	VFNMADD231PD Y2, Y1, Y0
	VBROADCASTSD LN2LO, Y2
	VFNMADD231PD Y2, Y1, Y0
	VBROADCASTSD SIXTEENTH, Y2
	VMULPD Y2, Y0, Y0
	VBROADCASTSD C8, Y3
	VBROADCASTSD C7, Y2
	VFMADD213PD Y2, Y0, Y3
	VBROADCASTSD C6, Y2
	VFMADD213PD Y2, Y0, Y3
	VBROADCASTSD C5, Y2
	VFMADD213PD Y2, Y0, Y3
	VBROADCASTSD C4, Y2
	VFMADD213PD Y2, Y0, Y3
	VBROADCASTSD C3, Y2
	VFMADD213PD Y2, Y0, Y3
	VBROADCASTSD C2, Y2
	VFMADD213PD Y2, Y0, Y3
	VBROADCASTSD ONE, Y4
	VFMADD213PD Y4, Y0, Y3
	VMULPD Y3, Y0, Y0
	VBROADCASTSD TWO, Y2
	VADDPD Y2, Y0, Y3
	VMULPD Y3, Y0, Y0
	VADDPD Y2, Y0, Y3
	VMULPD Y3, Y0, Y0
	VADDPD Y2, Y0, Y3
	VMULPD Y3, Y0, Y0
	VADDPD Y2, Y0, Y3
	VFMADD213PD Y4, Y3, Y0
	// 2^k: k to 64-bit integers, plus the bias, into the exponent field.
	VCVTPD2DQY Y1, X1
	VPMOVSXDQ X1, Y1
	VPBROADCASTQ BIAS, Y2
	VPADDQ Y2, Y1, Y1
	VPSLLQ $52, Y1, Y1
	VMULPD Y1, Y0, Y0
	VMOVUPD Y0, (AX)
	ADDQ $32, AX
	DECQ CX
	JNZ  loop
done:
	VZEROUPPER
	RET
