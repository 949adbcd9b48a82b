#include "textflag.h"

// func sum64(dst, src *float32, stride int, idx *int32, n int, alpha, beta float32, w *float32, gamma float32)
// dst[0:64] = (alpha·Σ_k src[idx[k]·stride + 0:64] + beta·dst[0:64]) + gamma·w[0:64],
// then w[0:64] += dst[0:64] when w is not nil. dst is not read when beta's
// bits are zero, nor w when gamma's are.
TEXT ·sum64(SB), NOSPLIT, $0-60
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ stride+16(FP), DX
	SHLQ $2, DX
	MOVQ idx+24(FP), BX
	MOVQ n+32(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	TESTQ CX, CX
	JZ    scale64

loop64:
	MOVLQSX (BX), AX
	IMULQ   DX, AX
	ADDQ    SI, AX
	VADDPS  0(AX), Y0, Y0
	VADDPS  32(AX), Y1, Y1
	VADDPS  64(AX), Y2, Y2
	VADDPS  96(AX), Y3, Y3
	VADDPS  128(AX), Y4, Y4
	VADDPS  160(AX), Y5, Y5
	VADDPS  192(AX), Y6, Y6
	VADDPS  224(AX), Y7, Y7
	ADDQ    $4, BX
	DECQ    CX
	JNZ     loop64

scale64:
	VBROADCASTSS alpha+40(FP), Y8
	VMULPS       Y8, Y0, Y0
	VMULPS       Y8, Y1, Y1
	VMULPS       Y8, Y2, Y2
	VMULPS       Y8, Y3, Y3
	VMULPS       Y8, Y4, Y4
	VMULPS       Y8, Y5, Y5
	VMULPS       Y8, Y6, Y6
	VMULPS       Y8, Y7, Y7
	MOVL         beta+44(FP), AX
	TESTL        AX, AX
	JZ           store64
	VBROADCASTSS beta+44(FP), Y9
	VMULPS       0(DI), Y9, Y10
	VADDPS       Y10, Y0, Y0
	VMULPS       32(DI), Y9, Y10
	VADDPS       Y10, Y1, Y1
	VMULPS       64(DI), Y9, Y10
	VADDPS       Y10, Y2, Y2
	VMULPS       96(DI), Y9, Y10
	VADDPS       Y10, Y3, Y3
	VMULPS       128(DI), Y9, Y10
	VADDPS       Y10, Y4, Y4
	VMULPS       160(DI), Y9, Y10
	VADDPS       Y10, Y5, Y5
	VMULPS       192(DI), Y9, Y10
	VADDPS       Y10, Y6, Y6
	VMULPS       224(DI), Y9, Y10
	VADDPS       Y10, Y7, Y7

	// fall through
store64:
	MOVL         gamma+56(FP), AX
	TESTL        AX, AX
	JZ           put64
	MOVQ         w+48(FP), R8
	VBROADCASTSS gamma+56(FP), Y9
	VMULPS       0(R8), Y9, Y10
	VADDPS       Y10, Y0, Y0
	VMULPS       32(R8), Y9, Y10
	VADDPS       Y10, Y1, Y1
	VMULPS       64(R8), Y9, Y10
	VADDPS       Y10, Y2, Y2
	VMULPS       96(R8), Y9, Y10
	VADDPS       Y10, Y3, Y3
	VMULPS       128(R8), Y9, Y10
	VADDPS       Y10, Y4, Y4
	VMULPS       160(R8), Y9, Y10
	VADDPS       Y10, Y5, Y5
	VMULPS       192(R8), Y9, Y10
	VADDPS       Y10, Y6, Y6
	VMULPS       224(R8), Y9, Y10
	VADDPS       Y10, Y7, Y7

put64:
	VMOVUPS Y0, 0(DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	VMOVUPS Y4, 128(DI)
	VMOVUPS Y5, 160(DI)
	VMOVUPS Y6, 192(DI)
	VMOVUPS Y7, 224(DI)
	MOVQ    w+48(FP), R8
	TESTQ   R8, R8
	JZ      done64
	VADDPS  0(R8), Y0, Y0
	VMOVUPS Y0, 0(R8)
	VADDPS  32(R8), Y1, Y1
	VMOVUPS Y1, 32(R8)
	VADDPS  64(R8), Y2, Y2
	VMOVUPS Y2, 64(R8)
	VADDPS  96(R8), Y3, Y3
	VMOVUPS Y3, 96(R8)
	VADDPS  128(R8), Y4, Y4
	VMOVUPS Y4, 128(R8)
	VADDPS  160(R8), Y5, Y5
	VMOVUPS Y5, 160(R8)
	VADDPS  192(R8), Y6, Y6
	VMOVUPS Y6, 192(R8)
	VADDPS  224(R8), Y7, Y7
	VMOVUPS Y7, 224(R8)

done64:
	VZEROUPPER
	RET
