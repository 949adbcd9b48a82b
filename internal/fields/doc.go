// Package fields owns the one product at the heart of every Gibbs
// half-step of an RBM: the fields, without biases, that binary states put
// on the other layer,
//
//	hidden fields  V·W   (rows of visible states, W N×M)
//	visible fields H·Wᵀ  (rows of hidden states)
//
// A Fields computes them by one of two exact-up-to-rounding routes. When
// few units are on (binprod.SparseBelow: under 40% with OpenBLAS; always
// with the pure-Go BLAS, whose GEMM the row sums beat at any density) the
// product is a sum of the rows of W, or of Wᵀ, that the states' ones
// select (package internal/binprod); otherwise it is a float32 GEMM
// through gonum's blas32 interface. Wᵀ is made on the first sparse visible
// product and kept until Changed says W moved. To decide, the first Probe
// rows are looked at first, so that clearly dense states cost no full
// scan; the rest of the decision reads every row. Spin states (±1) are
// never sparse. Two engines following the same weights need not both
// transpose them: Kept returns the Wᵀ one made, Share hands it to the
// other (rbm-train's log Z estimator reads the trainer's), with the same
// bits, a transpose being a copy.
//
// The route depends only on the states and the fixed Probe, never on the
// thread count, and both routes partition their output rows, never a sum,
// so the same states give the same bits at any GOMAXPROCS. Probe is each
// engine's fixed block of chains (the trainer's 16, the Gibbs sampler's
// 32, AIS's 10), so each engine takes the route it always took.
//
// The engines that use it: package train (the positive and negative
// phases of CD and PCD and its stacked gradient product's density switch),
// package gibbs (Sampler and, through it, Tempering) and package ais. Each
// keeps what is its own: the draws and their random streams, AIS's
// β-dependent biases and weights, the trainer's fused momentum update.
package fields
