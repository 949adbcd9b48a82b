#include "textflag.h"

// Offsets of weightTable (32 bytes per constant).
#define ABS 0
#define LOG2E 32
#define HALF 64
#define LN2HI 96
#define LN2LO 128
#define ONE 160
#define C6 192
#define C24 224
#define C120 256
#define C720 288
#define C5040 320
#define C40320 352
#define C362880 384
#define M708 416
#define LN2HALF 448
#define B1023 480

// func weight4(x *float32, b *float64, n int, nbeta, ndBeta, h float64, s, p *[4]float64) bool
// unitWeight's operations in the same order, four lanes at a time.
TEXT ·weight4(SB), NOSPLIT, $0-65
	MOVQ x+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ n+16(FP), CX
	LEAQ ·weightTable(SB), R8
	VBROADCASTSD nbeta+24(FP), Y13
	VBROADCASTSD ndBeta+32(FP), Y12
	VBROADCASTSD h+40(FP), Y11
	VXORPD Y15, Y15, Y15       // s
	VMOVUPD ONE(R8), Y14       // p
	VXORPD Y9, Y9, Y9          // lanes whose |t| reached ln2/2

loop:
	VCVTPS2PD (SI), Y0         // x
	VADDPD    (DI), Y0, Y0     // x + b
	VANDPD    ABS(R8), Y0, Y1  // ax
	VADDPD    Y1, Y0, Y2
	VMULPD    Y11, Y2, Y2
	VADDPD    Y2, Y15, Y15     // s += h·(x+ax)

	// e = expNeg(−β·ax)
	VMULPD    Y13, Y1, Y2      // t
	VMAXPD    M708(R8), Y2, Y2
	VMULPD    LOG2E(R8), Y2, Y3
	VADDPD    HALF(R8), Y3, Y3
	VROUNDPD  $1, Y3, Y3       // k = floor(t·log2e + ½)
	VMULPD    LN2HI(R8), Y3, Y4
	VSUBPD    Y4, Y2, Y4       // t − k·ln2Hi
	VMULPD    LN2LO(R8), Y3, Y5
	VSUBPD    Y5, Y4, Y4       // r
	VMULPD    Y4, Y4, Y6       // r2
	VMULPD    Y6, Y6, Y7       // r4
	VADDPD    ONE(R8), Y4, Y5  // p01
	VMULPD    C6(R8), Y4, Y0
	VADDPD    HALF(R8), Y0, Y0 // p23
	VMULPD    Y0, Y6, Y0
	VADDPD    Y0, Y5, Y5       // p01 + r2·p23
	VMULPD    C120(R8), Y4, Y0
	VADDPD    C24(R8), Y0, Y0  // p45
	VMULPD    C5040(R8), Y4, Y2
	VADDPD    C720(R8), Y2, Y2 // p67
	VMULPD    Y2, Y6, Y2
	VADDPD    Y2, Y0, Y0
	VMULPD    Y0, Y7, Y0
	VADDPD    Y0, Y5, Y5       // + r4·(p45 + r2·p67)
	VMULPD    C362880(R8), Y4, Y2
	VADDPD    C40320(R8), Y2, Y2 // p89
	VMULPD    Y7, Y7, Y0
	VMULPD    Y2, Y0, Y0
	VADDPD    Y0, Y5, Y5       // + r4·r4·p89
	VCVTPD2DQY Y3, X0
	VPMOVSXDQ X0, Y0
	VPADDQ    B1023(R8), Y0, Y0
	VPSLLQ    $52, Y0, Y0
	VMULPD    Y0, Y5, Y5       // e

	// δ = expm1Short(−Δβ·ax)
	VMULPD    Y12, Y1, Y2      // t
	VANDPD    ABS(R8), Y2, Y0
	VCMPPD    $0x1d, LN2HALF(R8), Y0, Y0 // |t| ≥ ln2/2
	VORPD     Y0, Y9, Y9
	VMULPD    Y2, Y2, Y6       // t2
	VMULPD    C40320(R8), Y2, Y0
	VADDPD    C5040(R8), Y0, Y0 // q3
	VMULPD    C362880(R8), Y6, Y7
	VADDPD    Y7, Y0, Y7       // c = q3 + t2/9!
	VMULPD    C720(R8), Y2, Y0
	VADDPD    C120(R8), Y0, Y0 // q2
	VMULPD    Y7, Y6, Y7
	VADDPD    Y7, Y0, Y7       // c = q2 + t2·c
	VMULPD    C24(R8), Y2, Y0
	VADDPD    C6(R8), Y0, Y0   // q1
	VMULPD    Y7, Y6, Y7
	VADDPD    Y7, Y0, Y7       // c = q1 + t2·c
	VMULPD    Y2, Y6, Y0       // t2·t
	VMULPD    Y7, Y0, Y7
	VMULPD    HALF(R8), Y6, Y0
	VADDPD    Y0, Y2, Y0       // q0 = t + t2/2
	VADDPD    Y7, Y0, Y7       // δ

	// p *= 1 + e·δ/(1+e)
	VMULPD    Y7, Y5, Y0
	VADDPD    ONE(R8), Y5, Y2
	VDIVPD    Y2, Y0, Y0
	VADDPD    ONE(R8), Y0, Y0
	VMULPD    Y0, Y14, Y14

	ADDQ $16, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  loop

	MOVQ s+48(FP), AX
	VMOVUPD Y15, (AX)
	MOVQ p+56(FP), AX
	VMOVUPD Y14, (AX)
	VMOVMSKPD Y9, AX
	TESTL AX, AX
	SETEQ ret+64(FP)
	VZEROUPPER
	RET
