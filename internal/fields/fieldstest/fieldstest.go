// Package fieldstest is the conformance suite of the engines built on
// package internal/fields, in the spirit of gonum's blas/testblas: each
// engine's tests describe how to run it, and Check holds every engine to
// the same promises.
package fieldstest

import (
	"math"
	"runtime"
	"testing"
)

// Engine is one engine as the suite drives it.
type Engine struct {
	Name string
	// Run makes a fresh engine from fixed seeds, its fields forced to the
	// GEMM route when dense, runs a fixed amount of work that changes W
	// between products where the engine does (so a stale Wᵀ shows), and
	// returns its outputs, each named.
	Run func(dense bool) map[string][]float32
	// Exact names the outputs the two routes must give bit for bit (the
	// binary states: a draw moves only if a field lands within rounding
	// of its threshold, which these fixed seeds do not meet); the others
	// must agree within Tol, relative to max(1, |value|).
	Exact map[string]bool
	Tol   float64
}

// Check runs e at GOMAXPROCS 1 and 2 on both routes: the same bits at
// both thread counts on each route, and the routes agree.
func Check(t *testing.T, e Engine) {
	t.Helper()
	run := func(procs int, dense bool) map[string][]float32 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		return e.Run(dense)
	}
	sparse := run(2, false)
	for _, dense := range []bool{false, true} {
		one, two := run(1, dense), run(2, dense)
		for name, x := range two {
			if !Same(x, one[name]) {
				t.Errorf("%s dense=%v: %s differs between GOMAXPROCS 1 and 2", e.Name, dense, name)
			}
		}
	}
	dense := run(2, true)
	if len(sparse) == 0 {
		t.Fatalf("%s: no outputs", e.Name)
	}
	for name, x := range sparse {
		y := dense[name]
		if len(x) != len(y) {
			t.Fatalf("%s: %s has %d values on the row sums, %d on the GEMM", e.Name, name, len(x), len(y))
		}
		if e.Exact[name] {
			if !Same(x, y) {
				t.Errorf("%s: %s differs between the row sums and the GEMM", e.Name, name)
			}
			continue
		}
		for i := range x {
			if d := math.Abs(float64(x[i] - y[i])); d > e.Tol*math.Max(1, math.Abs(float64(y[i]))) {
				t.Errorf("%s: %s[%d] = %v on the row sums, %v on the GEMM (tolerance %g)", e.Name, name, i, x[i], y[i], e.Tol)
				break
			}
		}
	}
}

// Same reports whether a and b hold the same float32 bits.
func Same(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}

// Float32s returns x rounded to float32, for float64 outputs (energies,
// log weights) among an engine's outputs.
func Float32s(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}
