// Package train fits RBMs to binary data by contrastive divergence (CD-k)
// or persistent contrastive divergence (PCD-k) with minibatch SGD,
// momentum and L2 weight decay, in float32.
//
// Speed: a product with binary visible states that are mostly off (data
// like MNIST, and the chains of a model that learned it) adds the rows of
// W that their ones select (package internal/binprod), and the gradient's
// product adds the momentum step in the same pass; denser states go
// through gonum's BLAS interface (pure Go, or OpenBLAS with -tags
// openblas). Means and draws run eight units at a time (internal/logistic,
// internal/draw) on both cores (internal/par).
//
// Reproducibility: initialization, the per-epoch shuffle and the Gibbs
// sampling draw from separate streams derived from (seed, replica,
// purpose) by package rng; the Gibbs draws of a step come from one stream
// per fixed block of chains, seeded from the step number, and every
// parallel loop and product splits its output in blocks fixed by the
// shapes, never a sum, so the same data and Config give the same weights
// bit for bit at any GOMAXPROCS, and a resumed run needs no sampler state
// beyond the step.
//
// Monitors, computed when asked (at snapshots): the mean squared one-step
// reconstruction error over the last epoch, the exact pseudo-log-likelihood
// per example on a fixed data subset, and the largest singular values of W
// by subspace iteration.
package train
