// Package trajectory estimates log Z of an RBM at every update of its
// training, by annealed importance sampling along the training trajectory
// itself: the successive models θ₀, θ₁, …, θ_T are the annealing path.
//
// # Method
//
// A dedicated set of chains (not the trainer's persistent chains, whose
// moves would then shape the path they are weighted along) starts from
// samples of θ₀ with known log Z₀. At update t, with the model moved from
// θ_{t−1} to θ_t, every chain
//
//  1. makes Config.Sweeps block-Gibbs sweeps (one by default) under
//     θ_{t−1}, a move that leaves p_{t−1} invariant, then
//  2. adds F_{θ_{t−1}}(v) − F_{θ_t}(v) = log f_t(v) − log f_{t−1}(v) to its
//     log weight lw, in float64.
//
// The order matters: the sweep must be under the model the state is
// weighted from. Sweeping under θ_t first makes the increment an estimate
// of log E_{p_t}[f_t/f_{t−1}] ≥ log Z_t/Z_{t−1}, biased upward by about the
// variance of the increment at every step (DsysDML/rbms shipped that order
// until v0.1.1). The estimate after update t is
// log Z_t ≈ anchor + log mean_k e^{lw_k}.
//
// # Anchor
//
// When θ₀ can be sampled exactly by enumeration (visible layer ≤ 20 units,
// or hidden ≤ 16: ais.ExactSamples) the chains start from exact samples and
// the anchor is rbm.ExactLogZ(θ₀). Otherwise they start from exact samples
// of the independent-site model (W = 0, the biases of θ₀), whose log Z is
// a sum of softplus terms, and a short AIS along W → βW (Config.AnchorSteps
// linear steps of β, same sweep-then-weigh rule) carries them and their
// weights to θ₀; θ₀ is nearly independent at a small init std, so a
// hundred steps leave a variance of log w far below a nat.
//
// # Resampling
//
// Weights degenerate as the model moves. Each group of chains (below)
// watches its effective sample size ESS = exp(2·LSE(lw) − LSE(2·lw))/n;
// when it falls below Config.Threshold·n the group is resampled
// systematically (one uniform draw, n evenly spaced points on the
// cumulative weights) with probabilities ∝ e^{+lw}, the group's anchor
// takes LSE(lw) − log n (its current estimate) and its lw are reset to 0.
// The sign is the point: resampling by e^{−lw} (as we read fastrbm's and
// adabmDCApy's utilities) multiplies the least likely chains and biases the
// estimate; a test injects that error and fails.
//
// # Error bar
//
// The chains are split into Config.Groups independent groups, each
// resampled on its own with its own random streams and anchored on its own
// anchor AIS when there is one. Each group's exp(estimate) is an unbiased
// estimate of Z (resampling keeps it so), and the groups are independent,
// so log Z is the log of their mean and its standard error the delta-method
// error of that mean, sd(Ẑ_g)/(√G·mean Ẑ_g) (ais.LogMeanExp). Within one
// group the chains are not independent after a resampling (they share
// ancestors), so the spread of their weights would understate the error;
// the spread between groups does not. With G = 8 the error bar is itself
// uncertain by about 1/√(2(G−1)) ≈ 27%, which the exact-truth test allows
// for in its coverage bounds.
//
// # Limits
//
// The chains follow the model only where they are: a mode that appears
// away from them (persistent-chain training pushes mass into such modes)
// is found late, and each group's estimate is then usually low with a
// rare large correction (Ẑ_g is unbiased, log Ẑ_g heavy-tailed below).
// The groups' spread does not see a low that all groups share. A standard
// error at its ceiling of 1 nat (one group carries the whole mean) says
// the groups disagree by many nats: the estimate is not to be trusted.
//
// Exact truth, MNIST M = 12–16, CD-1 as in the study, 20 epochs, 3 seeds
// (TestExactTruthOnMNIST, 2026-12-06; mean |error|, worst, within 1 and 2
// SE): 128 chains 0.103, 0.22, 43%, 78%; with 3 sweeps per update 0.098,
// 0.27, 40%, 82%; 10 sweeps 0.142, 0.34, 37%, 75%; 256 chains and 3
// sweeps 0.066, 0.18, 60%, 72%; 512 chains 0.046, 0.14, 63%, 75% (the
// test's setting). A PCD-10 run at M = 16 with 128 chains stays within
// 0.9 nat with one sweep but falls 2.5–3.3 nats low from epoch 17 with 3
// sweeps, and 2.5–6.1 from epoch 10 with 10: more sweeps do not cure it.
//
// Large models: at M = 500 (bench/logz-brackets.sh settings, seed 2025,
// 128 chains, 2026-12-06) forward and reverse AIS with 14,500 β give
// 423.77 ± 0.04 at epoch 10; the trajectory gives 411.41 ± 0.76 with one
// sweep per update, 415.98 ± 1.00 with 3 and 417.56 ± 1.00 with 10, 6–12
// nats low, with the error bar at its ceiling. At M = 256 the estimate
// sat inside the AIS bracket at epochs 1, 10 and 20 (earlier run). More
// sweeps narrow the gap at M = 500 but do not close it and widen the
// groups' disagreement; 1,024 chains left 1–3 nats. Resampling at an ESS
// threshold of 0.9 instead of 0.5 cut the mean error at M = 12–16 from
// 0.103 to 0.080 nat (2-SE coverage 78% to 98%) but left M = 500 7 nats
// low at epoch 10. So the default stays
// one sweep (Config.Sweeps, rbm-train -logz-sweeps), and at M ≥ 500 the
// estimate wants the AIS validation that the study runs beside it, or
// tempering over the trajectory (issue 29). Commands in
// docs/performance.md.
//
// # Cost
//
// One sweep and two free energies of the chains per update: three products
// of the chains with W and, in Update, a transpose of θ_{t−1}'s W (each
// further sweep, Config.Sweeps, adds two products; Estimate adds one more,
// for the energy, at the snapshots only). None is redundant: the sweep
// needs h·W_{t−1}ᵀ and v·W_{t−1} (which also gives F_{t−1}), F_t needs
// v·W_t (which the next sweep reuses). rbm-train's trainer made W_{t−1}ᵀ
// for its own step, and UpdateShared reads it instead (the same bits). The
// free energies' softplus goes through rbm.SumHidden's kernel. Measured in
// CPU time on the shared two-core machine (bench/logz-cpu.sh over 400
// updates, GOMAXPROCS=1, N = 784, M = 500, 128 chains, 2026-12-07, load
// 6–12, medians of 9 interleaved rounds): 4.2 ms per update, 3.6 handed
// the trainer's Wᵀ, against 6.3 ms for a one-thread PyTorch loop of the
// same work, ratios 0.67 and 0.58 (0.54–0.62; 1.06 before the softplus
// kernel); the two products v·W are about half of an update, the softplus
// a fifth, while PyTorch's products are dense sgemm. In rbm-train (PCD-10,
// batch 100) the estimator still adds about 31% to an epoch's CPU (CPU
// profile; +25–30% by CPU time, within this machine's spread): its two
// products v·W of 128 chains alone are 15–16% of the trainer's, so +15%
// needs fewer chains (docs/performance.md).
//
// # Energy and entropy
//
// The same weighted chains give expectations under θ_t: the model's mean
// energy ⟨E(v,h)⟩ and its entropy S = ⟨E⟩ + log Z. The chains hold v only,
// and E given v is linear in h, so each chain contributes its conditional
// energy Ē(v) = E_{h|v}[E(v,h)] = −aᵀv − Σ_j z_j μ(z_j), z = b + Wᵀv, μ the
// hidden units' conditional mean (σ, or tanh for spins): the hidden noise
// is integrated out in closed form (Rao–Blackwell), which lowers the
// variance at no cost in bias. Each group's estimate is its chains'
// self-normalised weighted mean Ē_g; the groups are pooled by their Ẑ_g,
// ⟨E⟩ = Σ_g Ẑ_g Ē_g / Σ_g Ẑ_g (the ratio of two unbiased estimates, Z⟨E⟩
// and Z), and the standard errors of ⟨E⟩ and S are the delta-method
// errors of that ratio and of ratio plus log mean over the independent
// groups, as for log Z. They inherit the estimator's lag (Limits): where
// log Z lags, ⟨E⟩ is that of the chains' slightly stale distribution. On
// MNIST at M = 12–16 (512 chains, epochs 10 and 20) S ≈ 210–219 nats is
// within 0.01–0.63 nat of exact enumeration, within 2 of its standard
// errors (0.3–0.6: the energy varies by nats between chains, so S is
// noisier than log Z).
//
// # Ladder
//
// EnableLadder marks rungs along the trajectory for tempering over it:
// models spaced so that the swap acceptance between neighbours stays above
// a target (Ladder). It measures on the estimator's chains, which already
// sweep once per update under θ_{t−1}: the ladder adds free energies, not
// sweeps. Its state (Ladder.MarshalBinary: the last rung's chains, the rung
// count, the acceptances) is separate from the estimator's, and the last
// rung's model is not in it: rbm-train keeps that in its ladder stream,
// which a resumed run reads back (RestoreLadder).
//
// # Reproducibility
//
// The sweep of update t draws from the gibbs sampler's block streams of
// stream number t+1 under a seed derived from (seed, replica,
// "trajectory"), and the resampling of group g at update t from
// rng.Derive(seed, replica, "trajectory-resample", t·G+g); every sum runs
// in chain order. So estimates are identical at any GOMAXPROCS, and a
// resumed run needs only the chains' states, their weights, the groups'
// anchors and counters (MarshalBinary), not any random state.
package trajectory
