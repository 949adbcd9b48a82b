// Package mp holds the Marchenko–Pastur (MP) law of the singular values of
// a noise matrix, and robust fits of it to the spectrum of an RBM's weights:
// the noise variance, the outlying (learned) modes, the goodness of fit of
// the bulk, and density tables for plots.
//
// # Conventions (docs/science.md, "Marchenko–Pastur")
//
// For an N×M matrix with i.i.d. entries of variance s², n = max(N,M),
// p = min(N,M), γ = p/n ∈ (0,1]. The p singular values σ give λ = σ²/n,
// the eigenvalues of the p×p matrix WᵀW/n (or WWᵀ/n), with density
//
//	ρ(λ) = √((λ₊−λ)(λ−λ₋)) / (2π s² γ λ),   [λ₋, λ₊] = [s²(1−√γ)², s²(1+√γ)²],
//
// mean s² and variance s⁴γ. In σ the bulk is [s(√n−√p), s(√n+√p)] and the
// density ρ_σ(σ) = ρ(σ²/n)·2σ/n. For a square matrix (γ = 1) ρ diverges
// as 1/√λ at λ = 0 while ρ_σ stays finite (the quarter-circle law). Law
// gives the density, the closed-form CDF and the quantile function in both
// variables; the orientation (N > M or N < M) never matters.
//
// # Finite-size scales
//
// The largest eigenvalue of a Gaussian noise matrix fluctuates around λ₊ on
// the Tracy–Widom scale s²(√n+√p)(1/√n+1/√p)^{1/3}/n (Johnstone 2001),
// ∝ n^{−2/3}; in σ, s(1/√n+1/√p)^{1/3}/2. Outliers are the modes above the
// bulk edge plus Allowance times this scale (default 2.02, the 99% quantile
// of TW₁). A rank-one spike θ u vᵀ added to s·X produces an outlier only
// above the BBP transition θ > s(np)^{1/4} (DetectionThreshold), at the
// σ given by Law.SpikeSigma.
//
// # Fit
//
// Fit estimates s² with γ fixed by the shape, robustly against outliers,
// by quantile matching on the kept modes; the bulk left after k outliers is
// modelled as an (n−k)×(p−k) noise matrix (the noise compressed to the
// complement of the outlying directions). The goodness of fit is the KS
// distance of the kept modes to that law. Because eigenvalues are rigid,
// the i.i.d. Kolmogorov p-value is very conservative; the verdict
// ConsistentWithMP instead compares KS with KSReference, a finite-size
// reference calibrated on null simulations (≈ 99% quantile).
//
// # Instability threshold
//
// InstabilityThreshold gives the σ(W) above which the paramagnetic
// mean-field point is unstable along a mode: 4 for a model stored with
// {0,1} units (J = W/4, σ(J) > 1) and 1 for a model stored with ±1 units,
// whose W is the coupling J itself. Above counts those modes.
package mp
