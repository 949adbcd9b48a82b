// Package logistic evaluates the logistic function σ(z) = 1/(1+e^{−z})
// over float32 vectors: the mean activations of RBM units.
//
// Apply computes mul·σ(scale·(prod + bias)) + add, which is σ for
// Bernoulli units (1, 1, 0) and tanh for spins (2, 2, −1). Its exponential
// is float32 (relative error below 3e-7, Cody–Waite reduction and Cephes'
// polynomial), eight lanes at a time in AVX2 assembly on amd64 CPUs that
// have it, and otherwise the same operations in the same order in Go, so
// both give the same bits: results never depend on the machine.
package logistic
