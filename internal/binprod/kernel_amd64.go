package binprod

import "golang.org/x/sys/cpu"

// haveAVX2 gates the assembly kernels (the OS must also save YMM state,
// which cpu.X86.HasAVX2 includes).
var haveAVX2 = cpu.X86.HasAVX2

//go:noescape
func sum64(dst, src *float32, stride int, idx *int32, n int, alpha, beta float32, w *float32, gamma float32)
