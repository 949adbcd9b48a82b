// Package train fits RBMs to binary data by contrastive divergence (CD-k)
// or persistent contrastive divergence (PCD-k) with minibatch SGD,
// momentum and L2 weight decay, in float32 with matrix products through
// gonum's BLAS interface (so OpenBLAS can be swapped in).
//
// Reproducibility: initialization, the per-epoch shuffle and the Gibbs
// sampling draw from separate streams derived from (seed, replica,
// purpose) by package rng, and sampling runs in one goroutine in a fixed
// order, so the same data and Config give the same weights bit for bit at
// any GOMAXPROCS (gonum's GEMM partitions its output, never a sum).
//
// Monitors, computed when asked (at snapshots): the mean squared one-step
// reconstruction error over the last epoch, the exact pseudo-log-likelihood
// per example on a fixed data subset, and the largest singular values of W
// by subspace iteration.
package train
