package ais

import "golang.org/x/sys/cpu"

// haveAVX2 gates the assembly kernel; a variable, so tests can run both
// paths.
var haveAVX2 = cpu.X86.HasAVX2

// weight4 runs unitWeight on n groups of four units (lane l takes unit
// 4g+l) into the lanes s and p, which it sets (from 0 and 1), and reports
// false when some unit's |t| = |dBeta|·|x| reached ln2/2, where the
// caller redoes the chunk in Go. nbeta = −β, ndBeta = −dBeta, h = dBeta/2.
//
//go:noescape
func weight4(x *float32, b *float64, n int, nbeta, ndBeta, h float64, s, p *[4]float64) bool
