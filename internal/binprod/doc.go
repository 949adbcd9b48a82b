// Package binprod multiplies binary (0/1) matrices by dense float32
// matrices by adding rows instead of multiplying.
//
// RBM states are binary and, on data like MNIST, sparse: a digit lights
// about one pixel in seven. The product v·W of a batch of such states with
// the weights is then a sum, per state, of the rows of W its ones select,
// and the gradient's vᵀH a sum, per visible unit, of the rows of H whose
// state has that unit on. At density d this does d·N·M additions where a
// dense GEMM does N·M multiply-adds, and it is exact up to the order of
// the float32 additions, which is fixed (ascending index), so results are
// the same on every machine, with or without AVX2, at any GOMAXPROCS.
//
// The inner loop sums 64 columns at a time in eight AVX2 registers (amd64
// assembly, used when the CPU has AVX2) over a slab of the dense matrix
// that stays in cache; elsewhere it runs the same additions in Go.
// Callers choose between this and BLAS by density (Density reports it,
// SparseBelow is the switch); package internal/fields owns that choice for
// the Gibbs half-steps of every engine.
package binprod
