//go:build !openblas

package backend

// Name is the active BLAS implementation.
const Name = "gonum"

// LAPACK runs f; gonum's LAPACK has no threads of its own to set.
func LAPACK(f func()) { f() }

// coreName is OpenBLAS's core type; there is none in the pure-Go build.
func coreName() string { return "" }
