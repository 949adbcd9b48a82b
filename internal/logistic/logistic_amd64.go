package logistic

import "golang.org/x/sys/cpu"

var haveAVX2 = cpu.X86.HasAVX2

// apply8 runs Apply over n blocks of eight units.
//
//go:noescape
func apply8(dst, prod, bias *float32, n int, t *constants)
