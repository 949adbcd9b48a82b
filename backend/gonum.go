//go:build !openblas

package backend

// Name is the active BLAS implementation.
const Name = "gonum"
