#include "textflag.h"

// Offsets of the constants table (type constants: 32 bytes per entry).
#define SCALE 0
#define LOG2E 32
#define HALF 64
#define SIGN 96
#define LN2HI 128
#define LN2LO 160
#define P6 192
#define P5 224
#define P4 256
#define P3 288
#define P2 320
#define P1 352
#define ONE 384
#define ABOVE 416
#define BELOW 448
#define INF 480
#define BIAS127 512
#define MUL 544
#define ADD 576

// func apply8(dst, prod, bias *float32, n int, t *constants)
// The operations of one() in the same order, eight lanes at a time.
TEXT ·apply8(SB), NOSPLIT, $0-40
	MOVQ   dst+0(FP), DI
	MOVQ   prod+8(FP), SI
	MOVQ   bias+16(FP), DX
	MOVQ   n+24(FP), CX
	MOVQ   t+32(FP), R8
	VMOVUPS ONE(R8), Y15
	VXORPS Y14, Y14, Y14

loop:
	// x = −scale·(prod + bias)
	VMOVUPS (SI), Y0
	VADDPS  (DX), Y0, Y0
	VMULPS  SCALE(R8), Y0, Y0
	VXORPS  SIGN(R8), Y0, Y0

	// k = trunc(x·log2e ± ½), as int (Y3) and float (Y1)
	VMULPS    LOG2E(R8), Y0, Y1
	VANDPS    SIGN(R8), Y1, Y2
	VORPS     HALF(R8), Y2, Y2
	VADDPS    Y2, Y1, Y1
	VCVTTPS2DQ Y1, Y3
	VCVTDQ2PS Y3, Y1

	// r = (x − k·ln2Hi) + k·ln2Lo
	VMULPS LN2HI(R8), Y1, Y2
	VSUBPS Y2, Y0, Y2
	VMULPS LN2LO(R8), Y1, Y4
	VADDPS Y4, Y2, Y2

	// p = ((((((p6·r + p5)·r + p4)·r + p3)·r + p2)·r + p1)·r·r + r) + 1
	VMULPS P6(R8), Y2, Y4
	VADDPS P5(R8), Y4, Y4
	VMULPS Y2, Y4, Y4
	VADDPS P4(R8), Y4, Y4
	VMULPS Y2, Y4, Y4
	VADDPS P3(R8), Y4, Y4
	VMULPS Y2, Y4, Y4
	VADDPS P2(R8), Y4, Y4
	VMULPS Y2, Y4, Y4
	VADDPS P1(R8), Y4, Y4
	VMULPS Y2, Y4, Y4
	VMULPS Y2, Y4, Y4
	VADDPS Y2, Y4, Y4
	VADDPS Y15, Y4, Y4

	// ·2^half·2^(k−half), half = k/2 truncated toward zero
	VPSRLD $31, Y3, Y5
	VPADDD Y3, Y5, Y5
	VPSRAD $1, Y5, Y5
	VPSUBD Y5, Y3, Y6
	VPADDD BIAS127(R8), Y5, Y5
	VPSLLD $23, Y5, Y5
	VPADDD BIAS127(R8), Y6, Y6
	VPSLLD $23, Y6, Y6
	VMULPS Y5, Y4, Y4
	VMULPS Y6, Y4, Y4

	// e^x = +Inf above the range, 0 below it
	VCMPPS    $0x1e, ABOVE(R8), Y0, Y7
	VBLENDVPS Y7, INF(R8), Y4, Y4
	VCMPPS    $0x11, BELOW(R8), Y0, Y7
	VBLENDVPS Y7, Y14, Y4, Y4

	// σ = 1/(1 + e^x); out = mul·σ + add
	VADDPS Y15, Y4, Y4
	VDIVPS Y4, Y15, Y4
	VMULPS MUL(R8), Y4, Y4
	VADDPS ADD(R8), Y4, Y4
	VMOVUPS Y4, (DI)

	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ  loop
	VZEROUPPER
	RET
