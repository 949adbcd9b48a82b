// Package spectral is the mathematics of reciprocal space (docs/science.md,
// "Reciprocal space"): the singular value decomposition of an RBM's
// weights W = U Σ Vᵀ, the model's biases and configurations in those
// coordinates, the saddle's Hessian spectrum, per-mode diagnostics of
// symmetry breaking, identities of modes followed across the snapshots of
// a training run, and the statistics (Gaussianity) of the reciprocal
// variables of a data set or of samples. It has no file format and no
// command line: rbm-svd calls it.
//
// It is the one owner of the SVD of W and its sign rule: TopModes (or
// Decomposition.Modes) hands the leading modes as plain rbm.Mode values
// (rank, σ, u, v) to the packages that work in reciprocal space without
// decomposing W themselves: meanfield (rbm-freeenergy's Landau
// coefficients and displaced starts) and diffusion (rbm-sample -method
// diffusion, through diffusion.NewBasis). So mode α in their streams is
// the vector rbm-svd writes as mode α, in either build.
//
// # Decomposition
//
// Decompose computes, in float64, the r = min(N, M) singular values of the
// N×M weights (decreasing) and, on request, the thin singular vectors U
// (N×r) and V (M×r). Values alone skip the vectors entirely (several times
// faster). The pure-Go build uses gonum's Dgesvd, whose blocked parts go
// through blas64; the openblas build (-tags openblas) calls OpenBLAS's
// LAPACK dgesdd, the divide-and-conquer SVD that numpy uses, because
// gonum's bidiagonal QR iteration for the vectors is several times slower.
// LAPACK reports which.
//
// Signs: each singular pair (u_α, v_α) is defined up to a common sign; it
// is fixed so that the largest-magnitude component of u_α (the first on a
// tie) is positive. A Tracker then overrides this rule with continuity
// across snapshots (see below). Vectors of degenerate σ are defined only
// up to a rotation within their subspace.
//
// Reciprocal biases are a⁰ = Uᵀa and b⁰ = Vᵀb (length r). When N ≠ M the
// larger layer has |N−M| directions that couple to nothing (the complement
// of span U or span V, see Complement); the part of its bias along them
// does not enter a⁰ or b⁰ and is reported as a norm, AOutside or BOutside.
// With it the energy is exact:
//
//	E(v,h) = −a⁰ᵀx − b⁰ᵀy − Σ_α σ_α x_α y_α − a⊥ᵀx⊥ − b⊥ᵀy⊥
//
// with x = Uᵀv, y = Vᵀh, x⊥ = U⊥ᵀv, a⊥ = U⊥ᵀa (and the same for h, b).
// The Hessian of E in (v, h) is −[[0,W],[Wᵀ,0]], with spectrum ±σ_α and
// |N−M| zeros (HessianSpectrum); HessianEigenvalues diagonalizes the
// dense (N+M)×(N+M) matrix directly and HessianResidual (or CheckHessian,
// both at once) measures how far its eigenvalues are from that spectrum.
//
// # Diagnostics
//
// Per mode: inverse participation ratios Σ_i U_iα⁴ and Σ_j V_jα⁴ (IPR; ≈ 3/N
// for Haar-random vectors, 1 for a vector on one unit), overlaps with a
// reference decomposition such as the initial model (Overlap, or a
// Tracker's InitU/InitV), overlaps with the data's principal components
// (PCA or a streaming Covariance, then PCOverlap) and the reciprocal
// magnetization ⟨x_α⟩ = u_α·⟨v⟩ (Magnetization).
//
// # Mode tracking
//
// A Tracker gives each singular direction a stable integer id across
// snapshots: its rank at the first snapshot, then the id of the previous
// snapshot's mode it is matched to. The match maximizes the total overlap
// of singular pairs, |u·u' + v·v'|/2, over all assignments (Hungarian
// algorithm), so ids follow vectors and never silently swap when σ cross.
// Next makes signs continuous (negating a pair, and its a⁰, b⁰, in the
// Decomposition when its matched overlap is negative) and flags flips,
// matches with a low overlap, near-degenerate σ and rank reorderings.
//
// # Reciprocal variables
//
// ReciprocalStats streams visible configurations v and computes, for the
// first k modes, x = Uᵀv and y = VᵀE[h|v] by batched matrix products, and
// per mode their mean, variance, skewness, excess kurtosis and
// Kolmogorov–Smirnov distance to the fitted normal law with its asymptotic
// p-value (KolmogorovSurvival). For large layers the central limit
// theorem makes x_α Gaussian when u_α is delocalized (variance 1/4 for 0/1
// units at p = ½); a localized u_α breaks it. It keeps the samples:
// 16·n·k bytes. Histogram bins a sample, e.g. over the fitted normal's
// mean ± 4 sd (SampleStats.NormalRange), to draw it against that law.
//
// Everything is deterministic: no goroutines, fixed batch sizes and
// reduction orders.
package spectral
