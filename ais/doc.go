// Package ais estimates the log partition function of an RBM by annealed
// importance sampling (Salakhutdinov & Murray 2008), forward from a
// base-rate model and in reverse from samples of the model, so that the
// two estimates bracket log Z, and evaluates the average log-likelihood
// −⟨F(v)⟩ − log Z of a dataset.
//
// # Method
//
// The annealing path works in the Bernoulli convention (a spin model is
// converted, and the constant of the conversion added back). The base-rate
// model has visible biases a_A (from the data's mean, BaseRate, or zero),
// no weights and zero hidden biases, so log Z_A = Σ_i log(1+e^{a_A,i}) +
// M log 2. The intermediate distributions over v are
//
//	f_β(v) = (1−β) a_Aᵀv + β aᵀv + Σ_j log(1 + e^{β (b_j + (Wᵀv)_j)}),
//
// with one blocked Gibbs sweep v → h → v at each intermediate β as the
// transition, which is reversible with respect to e^{f_β}. A forward chain
// starts from an exact sample of the base model and collects log w = Σ_k
// f_{β_k}(v_k) − f_{β_{k−1}}(v_k); log Z ≈ log Z_A + log mean e^{log w}, an
// estimate whose expectation lies below log Z (Jensen). A reverse chain
// starts from a sample of the model and runs the schedule backwards; its
// weights estimate Z_A/Z, so log Z ≈ log Z_A − log mean e^{log w}, whose
// expectation lies above log Z when the starting samples are exact. The
// standard error of either is the delta-method one, sd(w)/(√n·mean(w)).
//
// Exact starting samples exist for small models (ExactSamples); for large
// ones Resample draws the forward chains' final states by importance
// weight, which approaches exact samples as the number of chains grows,
// and Options.Burnin adds Gibbs sweeps at β = 1. Without exact samples the
// reverse estimate is a heuristic upper bracket.
//
// # Computation
//
// All chains advance together. Per β step the hidden inputs V·W and the
// visible inputs H·Wᵀ come from package internal/fields, the engine the
// Gibbs sampler (package gibbs) and the trainer use too: sums of the rows
// of W (or of Wᵀ, transposed once) that the binary states select when
// their ones are sparse (package internal/binprod, at the density switch
// the build sets), else float32 GEMMs through gonum's blas32 interface
// (OpenBLAS under the openblas build tag). What is AIS's own stays here:
// the β-dependent biases, the draws' streams and the log weights. AIS chains
// from a base rate keep few visible units on, so V·W is nearly free; the
// hidden states of a trained model stay near half on, and H·Wᵀ is most of
// the run. Units are drawn by package draw (AVX2, a random byte per unit
// in the common case) on the float32 fields β(x + b) and β(y + a +
// (1−β)/β·a_A). The elementwise work runs on fixed blocks of ChainBlock
// chains, each with its own random stream rng.Derive(seed, replica,
// purpose, block), on the worker pool of package par: the result is
// identical at any GOMAXPROCS. Every buffer is allocated once per run.
//
// Only the log weights are float64. Their increments need
// log((1+e^{−β|x|})/(1+e^{−β'|x|})) per hidden unit, written as
// log(1 + e^{−β|x|}·δ/(1+e^{−β|x|})) with δ = expm1(−(β'−β)|x|) so that
// the tiny increments of a fine schedule keep their relative precision;
// the factors are multiplied in chunks of 64 and one logarithm is taken
// per chunk. The exponentials are polynomial ones (relative error below
// 1e-9), four units at a time in AVX2 assembly, with a Go path of the same
// operations in the same order (the same bits on every machine); over
// 30,000 steps the accumulated error stays near 1e-11 nats. bench/ais.sh
// times a 784×500 model beside a PyTorch loop of the same sweeps.
package ais
