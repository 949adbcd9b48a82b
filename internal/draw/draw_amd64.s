#include "textflag.h"

DATA one<>+0(SB)/4, $0x3f800000
GLOBL one<>(SB), RODATA, $4

// func units8(dst, prod, bias *float32, words *uint64, amb *uint8, n int, scale, off float32)
TEXT ·units8(SB), NOSPLIT, $0-56
	MOVQ         dst+0(FP), DI
	MOVQ         prod+8(FP), SI
	MOVQ         bias+16(FP), DX
	MOVQ         words+24(FP), BX
	MOVQ         amb+32(FP), R9
	MOVQ         n+40(FP), CX
	VBROADCASTSS scale+48(FP), Y15
	VBROADCASTSS off+52(FP), Y14
	VBROADCASTSS one<>(SB), Y13
	MOVQ         ·onAboveTable(SB), R10
	MOVQ         ·offBelowTable(SB), R11

loop:
	// z = scale·(prod + bias)
	VMOVUPS (SI), Y0
	VADDPS  (DX), Y0, Y0
	VMULPS  Y15, Y0, Y0

	// k: the eight bytes of the word, one per lane
	VPMOVZXBD (BX), Y1

	// the bucket bounds of each lane
	VPCMPEQD   Y2, Y2, Y2
	VGATHERDPS Y2, (R10)(Y1*4), Y3
	VPCMPEQD   Y2, Y2, Y2
	VGATHERDPS Y2, (R11)(Y1*4), Y4

	// notOn = !(z >= onAbove[k]); certainOff = z < offBelow[k]
	VCMPPS $0x09, Y3, Y0, Y5
	VCMPPS $0x11, Y4, Y0, Y6

	// dst = notOn ? off : 1
	VBLENDVPS Y5, Y14, Y13, Y7
	VMOVUPS   Y7, (DI)

	// amb = notOn && !certainOff
	VANDNPS   Y5, Y6, Y8
	VMOVMSKPS Y8, AX
	MOVB      AL, (R9)

	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	ADDQ $8, BX
	INCQ R9
	DECQ CX
	JNZ  loop
	VZEROUPPER
	RET
