package draw

import "golang.org/x/sys/cpu"

var haveAVX2 = cpu.X86.HasAVX2

// units8 draws n blocks of eight units: block w from the bytes of
// words[w], writing 1 or off to dst and the mask of units needing
// refinement to amb[w].
//
//go:noescape
func units8(dst, prod, bias *float32, words *uint64, amb *uint8, n int, scale, off float32)

// The tables, for the assembly.
var onAboveTable, offBelowTable = &onAbove, &offBelow
