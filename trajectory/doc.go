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
// # Stride: the line instead of the zigzag
//
// Minibatch training does not move the model along a smooth path: each
// update adds gradient noise that later updates largely take back. On
// MNIST at M = 500 (CD-1, the study's settings) the variance over samples
// of F_t(v) − F_{t+k}(v), the log weight of one jump of k updates, is
// 0.57, 1.2, 3.3, 4.1, 3.8, 5.1 and 4.6 for k = 1, 2, 4, … 64 at the end
// of epoch 1 (0.14, 0.37, 1.1, 1.0, 0.90, 1.1, 1.4 in epoch 9): it stops
// growing after about 8 updates, so models 64 updates apart differ little
// more than neighbours do, while update by update the chains must absorb
// the sum, hundreds of nats² of log-weight variance per thousand updates.
// With Config.Stride = p the estimator records the updates and every p of
// them takes the same number of steps (sweeps under the step's start, then
// weights, as above) along the straight line θ_a + (j/p)(θ_b − θ_a),
// j = 1 … p, from the model p updates back to the current one, landing on
// it exactly: the same sweeps, about 1/p of the log-weight variance for
// the noise. Any path from θ₀ gives an unbiased Ẑ; this one is shorter.
// The chains are at θ_b only at the ends of lines, every Stride updates
// from θ₀; Estimate between them catches up a copy along a line over the
// updates still pending, so that the lines do not depend on when
// estimates are asked for, and MarshalBinary keeps the pending updates'
// count and the line's start. Config.LineSteps < Stride takes
// fewer steps than updates: the same path in coarser steps, cheaper in
// proportion, each step carrying more variance of log w, so the chains
// lag where the model moves fast. With 2 sweeps a step, 128 chains, at
// M = 500 (5 estimator replicas on one CD-1 trajectory against AIS)
// 50 steps per 100 updates put 13 of 15 estimates at epochs 1, 10 and 20
// within 2 SE of AIS (rms error 0.04–0.43 nat; 100 steps 8 of 9,
// 0.02–0.13), 25 steps 15 of 15 but 0.5 and 0.4 nat low on average at
// epochs 3 and 5, 10 steps 0.7 low there; at M = 256, 50 steps 12 of 12,
// 25 steps 10 of 12 (0.4 low at epoch 20); at M = 12–16 against exact,
// mean |error| 0.043 nat with 50 steps, 0.040 with 25, 0.028 with 100
// (CD-1; PCD-10 at M = 16: 0.098, 0.11, 0.089; docs/performance.md).
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
// One failure is certain, not statistical: log Z ≥ −F(v) for any state v,
// so an estimate below the largest −F over the chains' own states
// (Estimate.Floor, Failed) is wrong whatever its error bar says; rbm-train
// warns when that happens (on a PCD-10, lr 0.05 M = 500 run update by
// update, log Z fell to −4,896 by epoch 100, docs/ptt.md).
//
// Update by update (Stride 1) that is what happens at M ≥ 256: the
// minibatch zigzag (Stride, above) puts a log-weight variance of 0.1–0.6
// into every update, groups of 16 chains resample at nearly every update
// (313 resamplings of 8 groups in the first 100 updates at M = 500), and
// each resampling's copies are far from decorrelated by the next one
// sweep. Measured on one training run (MNIST train10k, M = 500, the study's
// CD-1 settings, seed 2025, BenchmarkBiasHarness, 2026-12-07) against
// forward AIS with 14,500 β (471.66 ± 0.004, 443.17 ± 0.05, 431.13 ± 0.10
// at epochs 1, 3, 5; 425.14 ± 0.04 at 10; 433.51 ± 0.05 forward and
// 433.57 ± 0.05 reverse at 20): 128 chains in 8 groups give 470.22,
// 439.81, 428.99, 418.69 (10), 426.94 (20), SE at the 1-nat ceiling from
// epoch 5. Fewer, larger groups do not cure it: at epoch 3,
// 128 chains in 8, 4, 2 and 1 groups are 3.4, 1.6, 4.4 and 2.4 nats low,
// 512 in 8, 2 and 1 groups +1.4, −2.6 and −1.6, 1,024 in one group
// −1.5, the gap growing with training. Nor, in an earlier run of the
// same settings against its own AIS, did more sweeps (3 or 10 per update:
// 6–8 nats low at epoch 10) or resampling at an ESS of 0.9 (7 nats low).
//
// Along lines of 100 updates (Stride 100, one epoch of train10k at batch
// 100), the same 128 chains give 471.67 ± 0.02, 442.86 ± 0.25, 430.78 ±
// 0.25, 424.24 ± 0.26 and 432.48 ± 0.26 at epochs 1, 3, 5, 10, 20, with 49
// resamplings in all and ESS 0.64–0.95, against AIS 471.66, 443.17,
// 431.13, 425.14 (forward and reverse with 14,500 β, forward with 58,000,
// reverse from the trajectory's chains all agree) and [433.51, 433.57]:
// 0.0, −1.2, −1.4, −3.5 and −4.0 SE. With 256 chains, or 128 with 2
// sweeps per step, all of epochs 1, 10, 20 are within 2 SE (471.63 ±
// 0.02, 425.12 ± 0.13, 433.67 ± 0.19; 471.69 ± 0.01, 424.99 ± 0.15,
// 433.41 ± 0.11), and 512 chains give 471.65 ± 0.01, 425.13 ± 0.18,
// 433.72 ± 0.16. At M = 256 (AIS 305.09, 294.08 ± 0.15, [314.87, 315.64]
// at epochs 1, 10, 20) 128 chains give 305.09 ± 0.01, 293.82 ± 0.21,
// 314.18 ± 0.27 (update by update 304.89, 293.99, 314.32, each ± 1, the
// ceiling); 2 sweeps 305.06 ± 0.01, 294.51 ± 0.23, 314.80 ± 0.15; 256
// chains 305.08 ± 0.01, 294.48 ± 0.16, 314.89 ± 0.14. What is left is
// under a nat, a few of its SE at 128 chains and one sweep: groups of 16
// chains that lag the model still share their lows (the SE, from 8
// groups, is itself uncertain by 27%); more chains or sweeps shrink it.
// Exact truth, the runs of TestExactTruthOnMNIST (CD-1, M = 12, 14, 16;
// every other epoch): Stride 100 with 512 chains mean |error| 0.021,
// worst 0.057, 67% within 1 SE and 90% within 2 (update by update 0.046,
// 0.14, 63%, 75%), with 128 chains 0.052, 0.088, 40%, 90%; the PCD-10 run
// within 0.30 nat at 128 chains (update by update up to 0.86 low). The
// entropy S is the noisy one, and only by variance, with or without a
// stride (Energy and entropy): with Stride 100 the test's runs once put it
// 0.11–1.23 nat above exact at epochs 10 and 20 (all six high), but over
// 12 estimator seeds on the same M = 12 trajectory (epochs 5–20, 48
// snapshots) its error averaged +0.00 ± 0.09 nat with Stride 100 (sd
// 0.59, reported SE 0.53) and +0.05 ± 0.11 update by update (sd 0.74, SE
// 0.60); at M = 16 (8 seeds, epoch 10) −0.08 ± 0.20 and +0.08 ± 0.22; on
// five more M = 12 trajectories with the estimator seeded as the training
// (as the test seeds it) −0.09 ± 0.14 with Stride 100
// (BenchmarkEntropyHarness, 2026-12-07).
//
// Exact truth update by update, MNIST M = 12–16, CD-1 as in the study,
// 20 epochs, 3 seeds (TestExactTruthOnMNIST, 2026-12-06; mean |error|,
// worst, within 1 and 2 SE): 128 chains 0.103, 0.22, 43%, 78%; with 3
// sweeps per update 0.098, 0.27, 40%, 82%; 10 sweeps 0.142, 0.34, 37%,
// 75%; 256 chains and 3 sweeps 0.066, 0.18, 60%, 72%; 512 chains 0.046,
// 0.14, 63%, 75% (the test's setting). A PCD-10 run at M = 16 with 128
// chains stays within 0.9 nat with one sweep but falls 2.5–3.3 nats low
// from epoch 17 with 3 sweeps, and 2.5–6.1 from epoch 10 with 10. That is
// no bug of the extra sweeps: with 1,024 chains 10 sweeps per update are
// within 0.36 nat at epochs 5 and 10 (BenchmarkBiasHarness); with 128,
// well-mixed chains forget where their weights came from, so the weights
// of 16-chain groups carry more noise between resamplings.
//
// The package's default stays Stride 1 (Config's zero value); rbm-train's
// -logz-stride defaults to 100, and the study uses 100 (LOGZ_STRIDE) in
// 50 steps a line (LOGZ_LINE_STEPS).
// Commands in docs/performance.md.
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
// A stride costs the same sweeps and products, plus, per step along a
// line, the interpolated parameters (a pass over W) and a transpose of
// them, as the trainer's Wᵀ is not the step's: 5.1–5.4 ms per update
// against 4.0–5.6 update by update and 3.5–4.4 shared (128 chains; 64
// chains 2.8–3.2 against 2.2–2.5 shared; 3 interleaved rounds of
// BenchmarkUpdate at GOMAXPROCS=1, CPU time over 400 updates, load
// 19–27, 2026-12-07), about +25%. LineSteps k takes k/Stride of the
// steps: with 2 sweeps, 50 steps a line cost 2.9–5.1 ms per update
// against 6.3–8.6 with 100 (load 18–30, docs/performance.md).
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
// log Z lags, ⟨E⟩ is that of the chains' slightly stale distribution;
// a lag the weights record they correct (TestEnergyWeighsLaggingChains).
// Their error is mostly variance, and large: Ē varies between samples of
// a model by the spread of its energy, about 11 nats for MNIST at M =
// 12–16 (exact samples), so the SE of ⟨E⟩ and S is about 11/√(chains ·
// ESS), 0.5–0.6 nat with 512 chains, 0.26–0.3 with 2,048, where log Z's
// is 0.02. The groups' spread reports it honestly: over 12 estimator
// seeds on one M = 12 trajectory the standard deviation of S's error was
// 0.59 nat against an rms reported SE of 0.53 with Stride 100 (88% within
// 2 SE; Student's t with 7 degrees of freedom gives 91%), 0.74 against
// 0.60 update by update (75%), where groups of copies after frequent
// resamplings make the SE from 8 groups somewhat optimistic. S ≈ 210–219
// nats there.
//
// # Ladder
//
// EnableLadder marks rungs along the trajectory for tempering over it:
// models spaced so that the swap acceptance between neighbours stays above
// a target (Ladder). It measures on the estimator's chains, which already
// sweep once per step under the step's start model: the ladder adds free
// energies, not sweeps. The chains lag the model, so the acceptance is
// weighted by their importance weights, the same that give log Z: an
// estimate of the equilibrium acceptance that tempering between the two
// models would see (TestLadderAcceptanceMatchesEnumeration checks it
// against enumeration, where the plain mean over the chains misses by
// 0.085–0.43). With a stride its rungs are models on the lines
// (any sequence of models serves tempering), made in bursts at the end
// of each line, which Ladder.TakeRungs hands over with their place
// (Rung.Back). Its state (Ladder.MarshalBinary: the last rung's chains
// and their log weights, the rung count, the acceptances) is separate
// from the estimator's, and
// the last rung's model is not in it: rbm-train keeps that in its ladder
// stream, which a resumed run reads back (RestoreLadder).
//
// # Reproducibility
//
// The sweep of step t (one per update, or per step along a line; the
// anchor AIS's steps first) draws from the gibbs sampler's block streams
// of stream number t+1 under a seed derived from (seed, replica,
// "trajectory"), and the resampling of group g at step t from
// rng.Derive(seed, replica, "trajectory-resample", t·G+g); every sum runs
// in chain order. So estimates are identical at any GOMAXPROCS, and a
// resumed run needs only the chains' states, their weights, the groups'
// anchors and counters (MarshalBinary), not any random state; inside a
// line also the line's start model (about 4·N·M bytes, only then). The
// estimates asked for inside a line come from a copy caught up there,
// which draws the same streams as the lines' next steps.
package trajectory
