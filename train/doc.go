// Package train fits RBMs to binary data by contrastive divergence (CD-k),
// persistent contrastive divergence (PCD-k) or PCD whose chains are
// updated by parallel tempering (PT: each persistent chain the β = 1
// replica of a ladder, K tempering sweeps with exchanges per step, package
// gibbs), with minibatch SGD and momentum or Adam, a learning-rate
// schedule (constant, linear, exponential, cosine) and L2 and L1 weight
// decay, in float32.
//
// Centered gradient (Config.Centered; Melchior, Fischer & Wiskott, JMLR
// 17, 2016): the energy is written −(v−μ)ᵀW(h−λ) − (v−μ)ᵀa_c − (h−λ)ᵀb_c
// with visible offsets μ the data mean and hidden offsets λ a running
// average λ ← (1−ν)λ + ν(⟨h⟩_data + ⟨h⟩_model)/2 (from ½, or 0 for spins),
// moved before each step; the step is the optimizer's on the gradient in
// (W, a_c, b_c), ∇W − μ∇bᵀ − ∇a λᵀ, ∇a, ∇b, and the model is kept
// uncentered, a = a_c − Wλ and b = b_c − Wᵀμ, so W moves by ΔW, a by
// Δa − ΔW λ and b by Δb − ΔWᵀμ: every other tool reads the same plain
// RBM. The offsets, like Adam's moments, travel in the resume state
// (version 2 of its layout; plain runs still write version 1, and version
// 1 states resume).
//
// Plain runs (SGD, no centering, no L1) keep their fused step below and
// their bytes; the other methods take a general step that costs a few
// passes over W more.
//
// Speed: the fields of binary states (V·W, H·Wᵀ) come from package
// internal/fields, the engine package gibbs and package ais use too: when
// the states are mostly off (data like MNIST, and the chains of a model
// that learned it) it adds the rows of W, or of Wᵀ transposed once per
// step, that their ones select (package internal/binprod), else it runs a
// GEMM through gonum's BLAS interface (pure Go, or OpenBLAS with -tags
// openblas). What stays here is the trainer's own: the gradient's product,
// which by the same density switch adds the momentum step in the same
// pass, and the rule that with OpenBLAS a CD-1 step does not transpose W. Means and draws run eight units at a time (internal/logistic,
// internal/draw) on both cores (internal/par).
//
// Reproducibility: initialization, the per-epoch shuffle and the Gibbs
// sampling draw from separate streams derived from (seed, replica,
// purpose) by package rng; the Gibbs draws of a step come from one stream
// per fixed block of chains, seeded from the step number (PT: the gibbs
// sampler's block and exchange streams of stream number step+1, the
// replicas laid out again in (chain, β) order at each step), and every
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
