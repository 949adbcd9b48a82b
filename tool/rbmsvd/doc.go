// Package rbmsvd is the rbm-svd command: the reciprocal-space view of an
// RBM. For each snapshot of a checkpoint stream (read one at a time, so a
// long trajectory never sits in memory) it writes the singular values of W
// in float64, by decreasing σ, and with -vectors the singular vectors u_α
// (length N) and v_α (length M), signed so that the largest-magnitude
// component of u_α is positive (v_α flips with it). The decomposition is
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
// crossing, any of the first three. -track=false: ids are ranks, the flag
// columns are absent, and only values are computed unless -vectors or
// -data.
package rbmsvd
