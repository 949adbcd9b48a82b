package backend

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/cpu"
)

// isa is an x86 instruction-set level that OpenBLAS kernels are written for.
type isa int

const (
	isaNone   isa = iota // SSE only: the generic and older cores
	isaAVX               // Sandy Bridge
	isaAVX2              // Haswell, Zen: AVX2 and FMA3
	isaAVX512            // Skylake-X: AVX-512 F, CD, BW, DQ and VL
	isaBF16              // Cooper Lake, Sapphire Rapids: AVX-512 BF16 as well
)

func (l isa) String() string {
	return [...]string{"SSE", "AVX", "AVX2", "AVX-512", "AVX-512 BF16"}[l]
}

// coreISA is the level that OpenBLAS's kernels for each x86-64 core type
// execute, by the names OPENBLAS_CORETYPE takes and openblas_get_corename
// returns (OpenBLAS compares them ignoring case). Cores not listed use no
// AVX. OpenBLAS loads a forced core type's kernels without asking the
// CPU, so a level the CPU lacks stops the first product with SIGILL.
var coreISA = map[string]isa{
	"sandybridge": isaAVX, "bulldozer": isaAVX, "piledriver": isaAVX, "steamroller": isaAVX,
	"haswell": isaAVX2, "excavator": isaAVX2, "zen": isaAVX2,
	"skylakex":   isaAVX512,
	"cooperlake": isaBF16, "sapphirerapids": isaBF16,
}

// hostISA is the highest level this CPU runs (isaNone off x86-64).
func hostISA() isa {
	x := cpu.X86
	switch {
	case x.HasAVX512F && x.HasAVX512CD && x.HasAVX512BW && x.HasAVX512DQ && x.HasAVX512VL && x.HasAVX512BF16:
		return isaBF16
	case x.HasAVX512F && x.HasAVX512CD && x.HasAVX512BW && x.HasAVX512DQ && x.HasAVX512VL:
		return isaAVX512
	case x.HasAVX2 && x.HasFMA:
		return isaAVX2
	case x.HasAVX:
		return isaAVX
	}
	return isaNone
}

// checkCore judges OpenBLAS's choice of kernels on a CPU of level host:
// forced is OPENBLAS_CORETYPE ("" when unset), chosen the core OpenBLAS
// runs (openblas_get_corename). A forced core type that needs more than
// the CPU has is an error, since the tool would die in OpenBLAS; kernels
// without AVX on a CPU with AVX2 (an OpenBLAS older than the CPU, which
// falls back to its generic core) are a note naming the core type to set.
func checkCore(forced, chosen string, host isa) (note string, err error) {
	if need, ok := coreISA[strings.ToLower(forced)]; ok && need > host {
		return "", fmt.Errorf("OPENBLAS_CORETYPE=%s selects OpenBLAS kernels that need %v, which this CPU lacks (it has %v), and would stop with SIGILL: unset it or name a core this CPU runs (Haswell for AVX2)",
			forced, need, host)
	}
	if forced != "" || chosen == "" || host < isaAVX2 {
		return "", nil
	}
	if _, ok := coreISA[strings.ToLower(chosen)]; ok {
		return "", nil
	}
	best := "Haswell"
	if host >= isaAVX512 {
		best = "SkylakeX"
	}
	return fmt.Sprintf("OpenBLAS runs its %s kernels (no AVX) on a CPU with %v, which it did not recognise: export OPENBLAS_CORETYPE=%s for the kernels this CPU runs", chosen, host, best), nil
}

// Check says whether the BLAS backend can run as configured on this CPU:
// an error when OPENBLAS_CORETYPE names kernels the CPU cannot execute, a
// one-line note when OpenBLAS misdetected the CPU and runs slow kernels.
// The pure-Go backend has nothing to check.
func Check() (note string, err error) {
	chosen := coreName()
	if chosen == "" {
		return "", nil
	}
	return checkCore(os.Getenv("OPENBLAS_CORETYPE"), chosen, hostISA())
}
