// Package rbmsvd is the rbm-svd command: the reciprocal-space view of an
// RBM. For each snapshot of a checkpoint stream (read one at a time, so a
// long trajectory never sits in memory) it writes the singular values of W
// in float64, by decreasing σ, and with -vectors the singular vectors u_α
// (length N) and v_α (length M), signed so that the largest-magnitude
// component of u_α is positive (v_α flips with it) at the first snapshot
// and continuously after it (see tracking below). The decomposition is
// the spectral package's: LAPACK's dgesdd in the openblas build, gonum's
// Dgesvd otherwise, named in the stream's rbm.lapack metadata.
//
// Mode ids are tracked across snapshots by spectral.Tracker: the
// assignment of the previous snapshot's modes to the current ones that
// maximizes the total singular-pair overlap |u·u' + v·v'|/2 (Hungarian
// algorithm), so ids follow vectors, not ranks. Signs are then continuous
// along each mode rather than set by the largest-component rule (which
// holds at the first snapshot). Every row says how its match went, rather
// than silently swapping ids: the columns reordered (its σ crossed
// another's), near_degenerate (σ within 10⁻³ of a neighbour's), low_overlap
// (matched overlap below 0.7), flipped (negated for continuity), and
// crossing, any of the first three. Each row also has the mode's overlap
// with the same mode at the first snapshot. -no-track: ids are ranks, the flag
// columns are absent, and only values are computed unless -vectors or
// -data.
//
// -hessian diagonalizes the energy's Hessian −[[0,W],[Wᵀ,0]] directly at
// every snapshot and writes its eigenvalues beside ±σ, with their largest
// deviation from ±σ_α and |N−M| zeros: the saddle's curvatures, verified.
//
// -data describes every mode by a set of visible configurations: a
// dataset's examples, the same for every snapshot, or the states that
// rbm-sample drew from each snapshot at β = 1 (a samples stream of the same
// checkpoint stream, matched by snapshot row and checked by epoch and
// step; read along the checkpoint, one snapshot's states at a time). The
// stream's rbm.data_kind says which (dataset or samples); with samples,
// the model's reciprocal variables rather than the data's, and rows of
// snapshots that were not sampled have NaN statistics. Per mode and
// snapshot it writes the principal component of v that u overlaps most and
// the statistics of the reciprocal variables x = u·v and y = v·E[h|v]
// (mean, variance, skewness, kurtosis, Kolmogorov–Smirnov distance to the
// normal law): the paper's claim that reciprocal variables are Gaussian,
// testable per mode, snapshot and hidden size. Besides the moments, each mode gets the histogram of its x over the fitted normal's
// mean ± 4 sd (-bins bins, values outside counted apart), which
// rbm-plot -figure reciprocal draws against that normal.
package rbmsvd
